"""The couple's data in a real database: the :class:`Store` facade the app and CLI call.

One :class:`Store` wraps one :class:`~recommender.store.database.Database`. Several couples
may share one database. One couple's data is reached through a
:class:`~recommender.store.scope.CoupleScope`: :meth:`Store.local_scope` (local mode, no
sign-in) or :meth:`Store.member_scope` (hosted: one signed-in partner, checked on every
call). The older per-couple methods taking a ``couple_id`` remain, as the local scope's.
Members and invites (:mod:`members`, :mod:`invites`) say who is in which couple.
Each method checks its arguments first, then runs one transaction through the aggregate
modules, which take a session and do the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from recommender.profiles import Couple, Feedback
from recommender.store import backup, batches, checks, couples, invites, members, outings
from recommender.store.backup import dumps_export
from recommender.store.batches import ImportBatch, UndoneImport
from recommender.store.database import Database, default_database_url
from recommender.store.errors import (
    AccessError,
    ConflictError,
    InviteError,
    SchemaVersionError,
    StoreError,
)
from recommender.store.invites import Invite
from recommender.store.members import Member
from recommender.store.scope import CoupleScope
from recommender.wording import Hemisphere

__all__ = [
    "AccessError",
    "CoupleScope",
    "ImportBatch",
    "Invite",
    "InviteError",
    "Member",
    "SchemaVersionError",
    "Store",
    "StoreError",
    "UndoneImport",
    "default_database_url",
    "dumps_export",
]

_UNSET: Any = outings.UNSET
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


class Store:
    """The couples' database.

    Parameters
    ----------
    url : str, optional
        Any SQLAlchemy URL. Defaults to the ``DATABASE_URL`` environment variable,
        else a SQLite file in the user's data directory (see :func:`default_database_url`).

    Raises
    ------
    StoreError
        When the database cannot be opened.
    SchemaVersionError
        When it was written by a newer version of the app, or holds tables of the
        same names that were not made by this app. The database is left untouched.

    Notes
    -----
    Opening upgrades an older schema in one transaction.
    Use as a context manager, or call :meth:`close`, to release connections.
    """

    def __init__(self, url: str | None = None) -> None:
        self._db = Database(url)

    # -- the database -------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The database URL in use, with any password masked."""
        return self._db.url

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for tests and tools; the app uses the methods)."""
        return self._db.engine

    def schema_version(self) -> int:
        """The schema version of the open database."""
        return self._db.schema_version()

    def close(self) -> None:
        """Release every connection (the file or server stays as it is)."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # -- couples --------------------------------------------------------------------

    def list_couples(self) -> list[tuple[int, str]]:
        """Every couple as ``(couple_id, name)``, oldest first."""
        with self._db.read() as s:
            return couples.list_all(s)

    def find_couple(self, name: str) -> int:
        """The id of the couple called ``name`` (extra spaces ignored).

        Raises
        ------
        StoreError
            When there is no such couple; the message lists the names there are.
        """
        with self._db.read() as s:
            return self._find(s, name)

    @staticmethod
    def _find(session: Session, name: str) -> int:
        name = " ".join(str(name).split())  # as names are saved: single spaces
        found = couples.id_by_name(session, name)
        if found is not None:
            return found
        names = [n for _, n in couples.list_all(session)]
        known = ", ".join(repr(n) for n in names) if names else "none yet"
        raise StoreError(f"no couple named {name!r} in this database (couples here: {known})")

    def create_couple(self, couple: Couple, name: str | None = None) -> int:
        """Save a new couple and return its id; ``name`` defaults to ``"A & B"``.

        Raises
        ------
        StoreError
            When a couple of that name already exists.
        """
        fields = couples.partner_fields(couple)
        name = checks.couple_name(
            name if name is not None else f"{couple.a.name} & {couple.b.name}"
        )
        with self._db.write() as s:
            return couples.add(s, name, fields)

    def get_couple(self, couple_id: int) -> Couple:
        """Both partners' profiles."""
        return self.local_scope(couple_id).get_couple()

    def couple_name(self, couple_id: int) -> str:
        """The couple's name."""
        return self.local_scope(couple_id).name()

    def save_profile(self, couple_id: int, couple: Couple) -> None:
        """Replace both partners' profiles (names, interests, risk comfort, budget)."""
        self.local_scope(couple_id).save_profile(couple)

    def hemisphere(self, couple_id: int) -> Hemisphere:
        """Where the couple lives, which decides the season of every date: north or south."""
        return self.local_scope(couple_id).hemisphere()

    def set_hemisphere(self, couple_id: int, value: Hemisphere | str) -> None:
        """Save where the couple lives (StoreError listing north, south for anything else)."""
        self.local_scope(couple_id).set_hemisphere(value)

    def rename_couple(self, couple_id: int, name: str) -> None:
        """Change the couple's name (it must stay unique)."""
        self.local_scope(couple_id).rename(name)

    def delete_couple(self, couple_id: int) -> None:
        """Delete the couple and everything of theirs."""
        self.local_scope(couple_id).delete()

    # -- scopes: one couple's data, for whoever may see it ------------------------------

    def local_scope(self, couple_id: int) -> CoupleScope:
        """The couple's data in local mode (no sign-in: either partner may act).

        Raises StoreError (on the first call) when there is no such couple.
        """
        return CoupleScope(self._db, checks.row_id(couple_id, "couple_id"))

    def member_scope(self, member: Member) -> CoupleScope:
        """The couple's data for one signed-in partner (hosted mode).

        Every call on it re-checks the membership in its own transaction and raises
        :class:`AccessError` once the person is no longer in that couple and seat.
        """
        member = members.check_member(member)
        return CoupleScope(self._db, member.couple_id, member)

    # -- members and invites (hosted mode) ---------------------------------------------

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

    # -- one couple's data (local mode; see CoupleScope for each method) --------------
    # Kept for the CLI, the planning helpers and the tests: each is the local scope's method.

    def add_reaction(
        self,
        couple_id: int,
        activity_id: str,
        partner: str,
        rating: int,
        at: datetime | None = None,
    ) -> int:
        """Record one partner's reaction (1-5; thumbs up 5, down 1); returns its id."""
        return self.local_scope(couple_id).add_reaction(activity_id, partner, rating, at)

    def reactions(self, couple_id: int) -> pd.DataFrame:
        """The couple's reactions, oldest first: reaction_id, activity_id, partner, rating, at."""
        return self.local_scope(couple_id).reactions()

    def delete_reaction(self, couple_id: int, reaction_id: int) -> None:
        """Take back a reaction."""
        self.local_scope(couple_id).delete_reaction(reaction_id)

    def add_outing(
        self,
        couple_id: int,
        activity_id: str,
        date: date | str,
        rating_a: int,
        rating_b: int,
        notes: str = "",
        cost: float | None = None,
    ) -> int:
        """Record something the couple did, with both ratings (1-5); returns ``outing_id``."""
        scope = self.local_scope(couple_id)
        return scope.add_outing(activity_id, date, rating_a, rating_b, notes, cost)

    def update_outing(
        self,
        couple_id: int,
        outing_id: int,
        *,
        date: date | str = _UNSET,
        rating_a: int = _UNSET,
        rating_b: int = _UNSET,
        notes: str = _UNSET,
        cost: float | None = _UNSET,
    ) -> None:
        """Change the given fields of one outing; the others stay as they are."""
        self.local_scope(couple_id).update_outing(
            outing_id, date=date, rating_a=rating_a, rating_b=rating_b, notes=notes, cost=cost
        )

    def delete_outing(self, couple_id: int, outing_id: int) -> None:
        """Delete one outing."""
        self.local_scope(couple_id).delete_outing(outing_id)

    def outings(self, couple_id: int) -> pd.DataFrame:
        """The couple's outings, oldest first (see :meth:`CoupleScope.outings`)."""
        return self.local_scope(couple_id).outings()

    def plan(self, couple_id: int, activity_id: str, date: date | str) -> int:
        """Plan an outing; returns its ``plan_id``."""
        return self.local_scope(couple_id).plan(activity_id, date)

    def planned(self, couple_id: int) -> pd.DataFrame:
        """The couple's planned outings, soonest first: plan_id, activity_id, date."""
        return self.local_scope(couple_id).planned()

    def unplan(self, couple_id: int, plan_id: int) -> None:
        """Remove a planned outing."""
        self.local_scope(couple_id).unplan(plan_id)

    def complete_plan(
        self,
        couple_id: int,
        plan_id: int,
        date: date | str,
        rating_a: int,
        rating_b: int,
        notes: str = "",
        cost: float | None = None,
    ) -> int:
        """ "We did it": save a plan as an outing and remove the plan, in one transaction."""
        scope = self.local_scope(couple_id)
        return scope.complete_plan(plan_id, date, rating_a, rating_b, notes, cost)

    def feedback(self, couple_id: int) -> list[Feedback]:
        """The engine's history, oldest first (see :func:`feedback.timeline`)."""
        return self.local_scope(couple_id).feedback()

    def add_idea(self, couple_id: int, record: Mapping[str, object]) -> str:
        """Save one of the couple's own activities; returns its id (see CoupleScope)."""
        return self.local_scope(couple_id).add_idea(record)

    def add_ideas(
        self,
        couple_id: int,
        records: Iterable[Mapping[str, object]],
        *,
        skip_existing: bool = True,
        source: str = "ideas",
        where: list[str] | None = None,
        batch: str | None = None,
    ) -> tuple[list[str], list[str]]:
        """Save many ideas in one transaction, all or none; returns (added, skipped) ids.

        ``batch`` names the import they come from (see :meth:`new_import_batch`), so they
        can be listed and undone together (see :meth:`CoupleScope.add_ideas`).
        """
        return self.local_scope(couple_id).add_ideas(
            records, skip_existing=skip_existing, source=source, where=where, batch=batch
        )

    @staticmethod
    def new_import_batch() -> str:
        """A fresh id for one import's ideas (when it ran, and a random part)."""
        return batches.new_batch_id()

    def import_batches(self, couple_id: int) -> list[ImportBatch]:
        """The couple's imports that still have ideas, newest first (see CoupleScope)."""
        return self.local_scope(couple_id).import_batches()

    def undo_import(self, couple_id: int, batch: str) -> UndoneImport:
        """Remove the ideas one import added, in one transaction (see CoupleScope)."""
        return self.local_scope(couple_id).undo_import(batch)

    def update_idea(self, couple_id: int, activity_id: str, record: Mapping[str, object]) -> None:
        """Replace the fields of one idea (its id stays)."""
        self.local_scope(couple_id).update_idea(activity_id, record)

    def ideas(self, couple_id: int) -> pd.DataFrame:
        """The couple's own ideas with the catalog's columns, typed like ``load_catalog``."""
        return self.local_scope(couple_id).ideas()

    def delete_idea(self, couple_id: int, activity_id: str) -> None:
        """Delete one idea and the reactions to it (refused while outings or plans name it)."""
        self.local_scope(couple_id).delete_idea(activity_id)

    # -- export / import ------------------------------------------------------------

    def export_data(self, couple_name: str | None = None) -> dict:
        """Everything of every couple (or of the one named), JSON-serialisable.

        The layout is versioned (``format_version``); internal row ids are left out, so
        importing an export into an empty database and exporting again gives the same
        content (only ``exported_at`` differs).
        """
        with self._db.snapshot() as s:
            ids = couples.list_all(s)
            if couple_name is not None:
                ids = [(self._find(s, couple_name), couple_name)]
            return backup.export_couples(s, ids)

    def import_data(self, data: dict, *, replace: bool = False) -> None:
        """Load an export (see :meth:`export_data`) in one transaction: all of it or nothing.

        Parameters
        ----------
        data : dict
            An export, as read from its JSON file.
        replace : bool
            When True, a couple of the same name already here is deleted and replaced
            by the one in ``data`` (in the same transaction, so a bad file changes
            nothing). When False, such a couple is an error.

        Raises
        ------
        StoreError
            When the data is not an export, comes from a newer format, has a bad value
            (the message names it, e.g. ``couples[0].outings[2].rating_a``), or names a
            couple that already exists here and ``replace`` is False. Nothing is
            written then.
        """
        plan = backup.parse_export(data)
        with self._db.write() as s:
            backup.import_plan(s, plan, replace=replace)
