"""Sign-in accounts: who is in which couple, and invites to join one (hosted mode).

:class:`Accounts` holds the :class:`~recommender.store.store.Store` methods about people
(members and invites); Store inherits them, so the app calls ``store.join(...)`` etc.
The work is done by :mod:`members` and :mod:`invites` in one transaction per call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from recommender.profiles import Couple
from recommender.store import checks, couples, invites, members
from recommender.store.database import Database
from recommender.store.errors import ConflictError, StoreError
from recommender.store.invites import Invite
from recommender.store.members import Member

T = TypeVar("T")


def _once_more_on_conflict(work: Callable[[], T]) -> T:
    """Run ``work``; when a unique rule refused it (someone else was quicker), run it again.

    The second run sees the other's committed change and so gives its plain message
    (already used, couple full, already in a couple) instead of the database's refusal.
    """
    try:
        return work()
    except ConflictError:
        return work()


class Accounts:
    """The Store's methods about people; ``_db`` is the Store's open database."""

    _db: Database

    def member_of(self, issuer: str, subject: str) -> Member | None:
        """The signed-in person's membership (their couple and seat), or None."""
        issuer, subject = members.identity(issuer, subject)
        with self._db.read() as s:
            return members.member_of(s, issuer, subject)

    def create_couple_for(
        self, issuer: str, subject: str, couple: Couple, name: str | None = None
    ) -> Member:
        """Save a new couple with the signed-in person in seat "a"; returns their membership.

        ``name`` defaults to ``"A & B"``; when another couple has it, it is numbered
        (``"A & B (2)"``) rather than refused, so no one learns other couples' names.

        Raises
        ------
        StoreError
            When the person is already in a couple (the message says how to leave first).
        """
        issuer, subject = members.identity(issuer, subject)
        fields = couples.partner_fields(couple)
        wanted = checks.couple_name(
            name if name is not None else f"{couple.a.name} & {couple.b.name}"
        )

        def create() -> Member:
            with self._db.write() as s:
                if members.member_of(s, issuer, subject) is not None:
                    raise StoreError(members.ALREADY_IN_A_COUPLE)
                couple_id = couples.add(s, members.free_name(s, wanted), fields)
                return members.add(s, couple_id, "a", issuer, subject)

        return _once_more_on_conflict(create)

    def leave_couple(self, member: Member) -> None:
        """Leave the couple: its data stays for the other partner.

        When no one is left in it, the couple and everything of theirs is deleted (no one
        could reach it any more).
        """
        with self._db.write() as s:
            members.leave(s, members.check_member(member))

    def delete_account(self, member: Member) -> None:
        """ "Delete my account": the person's membership and their reactions (see leave_couple)."""
        with self._db.write() as s:
            members.delete_account(s, members.check_member(member))

    def delete_couple_data(self, member: Member) -> None:
        """ "Delete our data": the couple, everything of theirs, both memberships, invites."""
        with self._db.write() as s:
            members.delete_couple_data(s, members.check_member(member))

    def create_invite(self, member: Member) -> Invite:
        """A new invite (link token and code) to the member's couple, valid for 7 days.

        It replaces the couple's earlier unused invites. Only hashes are stored: show the
        link and code now, they cannot be read back.

        Raises
        ------
        InviteError
            When both seats are taken.
        AccessError
            When the person is no longer in that couple.
        """
        member = members.check_member(member)

        def create() -> Invite:
            with self._db.write() as s:
                return invites.create(s, member)

        return _once_more_on_conflict(create)  # a code hash may, rarely, be taken

    def join(
        self, issuer: str, subject: str, *, token: str | None = None, code: str | None = None
    ) -> Member:
        """Join a couple by its invite's link token or its code; returns the membership.

        One transaction: the invite is marked used and the person takes the free seat
        ("b", or "a" when its person left). Of two people using one invite at once,
        exactly one joins; the other is told it has been used.

        Raises
        ------
        InviteError
            With a plain message: already used, expired, unknown (the same for a wrong
            token and a wrong code), the couple is full, or the person is already in a
            couple (saying how to leave it first).
        """
        issuer, subject = members.identity(issuer, subject)

        def join_now() -> Member:
            with self._db.write() as s:
                return invites.join(s, issuer, subject, token=token, code=code)

        return _once_more_on_conflict(join_now)
