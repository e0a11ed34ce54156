"""Members: a signed-in person in one of a couple's two seats (hosted mode).

A person is known only by their OpenID Connect issuer and subject, nothing personal. One
person belongs to one couple at a time, and each seat ("a" or "b") holds one person; the
database's unique rules hold both even when two requests race.

Functions take an open :class:`~sqlalchemy.orm.Session` (the caller owns the transaction).
No message here ever names the person (issuer or subject), so none can reach a log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, cast

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from recommender.store import checks, couples
from recommender.store.errors import AccessError, StoreError
from recommender.store.schema import IDENTITY_MAX, CoupleRow, InviteRow, MemberRow, ReactionRow

Seat = Literal["a", "b"]

#: Said to anyone asking for a couple they are not in (the same whether it exists or not).
NOT_A_MEMBER: Final = (
    "You are not a member of this couple (or you have left it). Sign in with the account you"
    " joined with, or ask your partner for a new invite."
)
#: Said to a person who is already in a couple and tries to start or join another one.
ALREADY_IN_A_COUPLE: Final = (
    "You are already in a couple. To start or join another one, first leave yours"
    ' ("Leave our couple" on the Us page), then try again.'
)


@dataclass(frozen=True)
class Member:
    """A signed-in person in one seat of one couple.

    Parameters
    ----------
    couple_id : int
        The couple, resolved on the server from the sign-in (never taken from a request).
    partner : {"a", "b"}
        Their seat: "a" created the couple, "b" joined by invite.
    issuer, subject : str
        The OpenID Connect issuer (``iss``) and subject (``sub``) of their sign-in.
    """

    couple_id: int
    partner: Seat
    issuer: str
    subject: str

    def __repr__(self) -> str:
        # The identity is personal data: keep it out of reprs, tracebacks and logs.
        return f"Member(couple_id={self.couple_id}, partner={self.partner!r})"


def identity(issuer: object, subject: object) -> tuple[str, str]:
    """A checked ``(issuer, subject)``; the messages never repeat the values."""
    out = []
    for value, what in ((issuer, "issuer"), (subject, "subject")):
        if not isinstance(value, str) or not value.strip():
            raise StoreError(f"the sign-in {what} must be a non-empty text")
        if len(value) > IDENTITY_MAX:
            raise StoreError(
                f"the sign-in {what} is {len(value):,} characters; the most kept is {IDENTITY_MAX}"
            )
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            raise StoreError(f"the sign-in {what} must not contain control characters")
        out.append(value)
    return out[0], out[1]


def member_of(session: Session, issuer: str, subject: str) -> Member | None:
    """The person's membership, or None when they are in no couple."""
    row = session.execute(
        select(MemberRow).where(MemberRow.issuer == issuer, MemberRow.subject == subject)
    ).scalar()
    if row is None:
        return None
    return Member(row.couple_id, cast(Seat, row.partner), row.issuer, row.subject)


def check_member(member: object) -> Member:
    """``member`` if it is a :class:`Member`; StoreError otherwise."""
    if not isinstance(member, Member):
        raise StoreError(f"expected a Member (got {type(member).__name__})")
    return member


def require(session: Session, member: Member, *, lock: bool = False) -> None:
    """AccessError unless the membership row still holds this person in this couple and seat.

    With ``lock`` (writes), PostgreSQL keeps the row shared-locked to the end of the
    transaction, so a partner leaving at the same moment waits for the write or makes it
    fail; SQLite's writers already run one at a time.
    """
    check_member(member)
    query = select(MemberRow.id).where(
        MemberRow.couple_id == member.couple_id,
        MemberRow.partner == member.partner,
        MemberRow.issuer == member.issuer,
        MemberRow.subject == member.subject,
    )
    if lock:
        query = query.with_for_update(read=True)
    if session.execute(query).first() is None:
        raise AccessError(NOT_A_MEMBER)


def seats_taken(session: Session, couple_id: int) -> set[str]:
    """The seats of the couple that hold a person."""
    return set(
        session.execute(select(MemberRow.partner).where(MemberRow.couple_id == couple_id))
        .scalars()
        .all()
    )


def free_seat(session: Session, couple_id: int) -> Seat | None:
    """The seat a joiner takes ("b" first, "a" when its person left), or None when full."""
    taken = seats_taken(session, couple_id)
    for seat in ("b", "a"):
        if seat not in taken:
            return cast(Seat, seat)
    return None


def add(session: Session, couple_id: int, seat: Seat, issuer: str, subject: str) -> Member:
    """Seat a person in a couple (the caller has checked they are in none)."""
    if member_of(session, issuer, subject) is not None:
        raise StoreError(ALREADY_IN_A_COUPLE)
    session.add(
        MemberRow(
            couple_id=couple_id,
            partner=seat,
            issuer=issuer,
            subject=subject,
            joined_at=checks.utcnow(),
        )
    )
    session.flush()
    return Member(couple_id, seat, issuer, subject)


def free_name(session: Session, name: str) -> str:
    """``name``, or ``name (2)``, ``name (3)``...: the first no couple has yet.

    Names are unique in the database; a signed-in person must not learn another couple's
    name from a refusal, so a taken one is numbered instead.
    """
    if couples.id_by_name(session, name) is None:
        return name
    taken = set(
        session.execute(select(CoupleRow.name).where(CoupleRow.name.like(f"{name} (%)")))
        .scalars()
        .all()
    )
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return checks.couple_name(f"{name} ({n})")


def lock_couple(session: Session, couple_id: int) -> None:
    """Make removals of one couple's members take turns (PostgreSQL; SQLite's writers do).

    Without it, both partners pressing "Delete our data" at once could each lock their own
    row and wait for the other's: a deadlock. ``FOR NO KEY UPDATE`` leaves ordinary writes
    (whose foreign keys take ``KEY SHARE``) free to go on.
    """
    session.execute(
        select(CoupleRow.id).where(CoupleRow.id == couple_id).with_for_update(key_share=True)
    )


def _remove_membership(session: Session, member: Member) -> None:
    lock_couple(session, check_member(member).couple_id)
    require(session, member, lock=True)
    session.execute(
        delete(MemberRow).where(
            MemberRow.couple_id == member.couple_id, MemberRow.partner == member.partner
        )
    )
    left = session.execute(
        select(func.count()).select_from(MemberRow).where(MemberRow.couple_id == member.couple_id)
    ).scalar_one()
    if not left:
        # No one can reach the couple any more: keep nothing of theirs.
        remove_couple(session, member.couple_id)


def leave(session: Session, member: Member) -> None:
    """Leave the couple; its data stays for the other partner (deleted if no one is left)."""
    _remove_membership(session, member)


def delete_account(session: Session, member: Member) -> None:
    """Remove the person's membership and every reaction of their seat."""
    lock_couple(session, check_member(member).couple_id)
    require(session, member, lock=True)
    session.execute(
        delete(ReactionRow).where(
            ReactionRow.couple_id == member.couple_id, ReactionRow.partner == member.partner
        )
    )
    _remove_membership(session, member)


def remove_couple(session: Session, couple_id: int) -> None:
    """Delete the couple, everything of theirs, both memberships and every invite."""
    for model in (MemberRow, InviteRow):
        session.execute(delete(model).where(model.couple_id == couple_id))
    couples.remove(session, couple_id)


def delete_couple_data(session: Session, member: Member) -> None:
    """Delete the member's couple and everything of theirs ("Delete our data")."""
    lock_couple(session, check_member(member).couple_id)
    require(session, member, lock=True)
    remove_couple(session, member.couple_id)
