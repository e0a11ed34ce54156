"""Invites: how the second partner joins a couple, by a link or a short code read out.

The link carries ``secrets.token_urlsafe(32)``; the code is 8 characters from an alphabet
without look-alikes (no 0/O, 1/I/L), shown as ``XXXX-XXXX`` and accepted in any case, with
or without spaces and dashes. Only their SHA-256 hashes are stored, and a lookup compares
hashes, never the raw values. An invite is single use, expires after :data:`LIFETIME`,
and a new one replaces the couple's earlier unused ones.

Functions take an open :class:`~sqlalchemy.orm.Session` (the caller owns the transaction).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from recommender.store import checks, members
from recommender.store.errors import InviteError, StoreError
from recommender.store.members import Member
from recommender.store.schema import InviteRow

#: How long an invite can be used.
LIFETIME: Final = timedelta(days=7)
#: Characters of the spoken code: capitals and digits that cannot be mistaken for another.
CODE_ALPHABET: Final = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH: Final = 8

UNKNOWN: Final = (
    "We don't know that invite. Check the link, or the code (it looks like ABCD-2345),"
    " or ask your partner to make a new invite."
)
USED: Final = "This invite has already been used. Ask your partner to make a new one."
EXPIRED: Final = "This invite expired on {day}. Ask your partner to make a new one."
FULL: Final = "This couple already has two partners, so no one else can join it."
FULL_NO_INVITE: Final = "Your couple already has two partners, so there is no one left to invite."
ALREADY: Final = (
    "You are already in a couple. To join this one, first leave yours"
    ' ("Leave our couple" on the Us page), then open the invite again.'
)


@dataclass(frozen=True)
class Invite:
    """A new invite, shown once to the partner who made it (only hashes are kept).

    Attributes
    ----------
    link_token : str
        Goes in the invite link (URL-safe).
    code : str
        The same invite as a short code to read out, ``XXXX-XXXX``.
    expires_at : datetime
        When it stops working (aware, UTC).
    """

    link_token: str
    code: str
    expires_at: datetime

    def __repr__(self) -> str:
        # Secrets stay out of reprs and logs.
        return f"Invite(expires_at={self.expires_at.isoformat()})"


def digest(secret: str) -> str:
    """SHA-256 hex of a token or a normalised code."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    """The code as stored: capitals, without spaces or dashes."""
    return "".join(ch for ch in code.upper() if not ch.isspace() and ch != "-")


def new_code() -> str:
    """A random code shown as ``XXXX-XXXX``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def create(session: Session, member: Member, now: datetime | None = None) -> Invite:
    """Make a new invite for the member's couple, replacing its earlier unused ones."""
    members.require(session, member, lock=True)
    if members.free_seat(session, member.couple_id) is None:
        raise InviteError(FULL_NO_INVITE)
    now = now or checks.utcnow()
    session.execute(
        delete(InviteRow).where(
            InviteRow.couple_id == member.couple_id, InviteRow.used_at.is_(None)
        )
    )
    token, code = secrets.token_urlsafe(32), new_code()
    expires = now + LIFETIME
    session.add(
        InviteRow(
            couple_id=member.couple_id,
            token_hash=digest(token),
            code_hash=digest(normalise_code(code)),
            created_at=now,
            expires_at=expires,
        )
    )
    session.flush()
    return Invite(token, code, expires.replace(tzinfo=UTC))


def lookup_hash(token: object, code: object) -> tuple[str, str]:
    """Which column to look in and the hash to look for; exactly one of token or code."""
    given = [(name, v) for name, v in (("token", token), ("code", code)) if v is not None]
    if len(given) != 1:
        raise StoreError("give either the invite link's token or its code (one of them)")
    name, value = given[0]
    if not isinstance(value, str):
        raise InviteError(UNKNOWN)
    if name == "token":
        return "token_hash", digest(value.strip())
    return "code_hash", digest(normalise_code(value))


def join(
    session: Session,
    issuer: str,
    subject: str,
    *,
    token: str | None = None,
    code: str | None = None,
    now: datetime | None = None,
) -> Member:
    """Seat the person in the couple of the invite and mark it used, in the caller's transaction.

    The invite is claimed with one conditional UPDATE (``used_at IS NULL``): when two people
    use it at once, the second waits for the first and then finds it used.
    """
    column, wanted = lookup_hash(token, code)
    if members.member_of(session, issuer, subject) is not None:
        raise InviteError(ALREADY)
    row = session.execute(select(InviteRow).where(getattr(InviteRow, column) == wanted)).scalar()
    if row is None:
        raise InviteError(UNKNOWN)
    now = now or checks.utcnow()
    if row.used_at is not None:
        raise InviteError(USED)
    if row.expires_at <= now:
        raise InviteError(EXPIRED.format(day=f"{row.expires_at:%d %B %Y}".lstrip("0")))
    seat = members.free_seat(session, row.couple_id)
    if seat is None:
        raise InviteError(FULL)
    claimed = session.execute(
        update(InviteRow)
        .where(InviteRow.id == row.id, InviteRow.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise InviteError(USED)
    return members.add(session, row.couple_id, seat, issuer, subject)
