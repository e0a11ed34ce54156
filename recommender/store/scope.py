"""One couple's data, for whoever may see it: the object the app's pages call.

Get one from :meth:`Store.local_scope <recommender.store.store.Store.local_scope>` (local
mode: no sign-in, either partner may act, as on one shared screen) or
:meth:`Store.member_scope <recommender.store.store.Store.member_scope>` (hosted: one
signed-in partner). The couple id comes from the store, never from the caller's request.

In hosted mode every call checks, in the same transaction as its work, that the membership
row still holds this person in this couple and seat (else :class:`AccessError`), and:

- a partner reacts, takes back reactions and rates only for their own seat;
- thumbs are private: :meth:`CoupleScope.reactions` shows the other partner's reaction to
  an activity only once this partner has reacted to it too;
- a rating is written by one UPDATE of the partner's own column, so two phones saving at
  the same moment never overwrite each other;
- a new outing holds only this partner's rating; the other's stays empty until they rate.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from recommender.catalog.columns import Columns
from recommender.catalog.retired import current_id, redirect_ids
from recommender.profiles import Couple, Feedback, check_partner_key
from recommender.store import (
    backup,
    batches,
    checks,
    couples,
    feedback,
    ideas,
    members,
    outings,
    plans,
    reactions,
)
from recommender.store.batches import ImportBatch, UndoneImport
from recommender.store.database import Database
from recommender.store.errors import AccessError, StoreError
from recommender.store.members import Member
from recommender.wording import Hemisphere

UNSET: Any = outings.UNSET
#: Above this many ideas, SQLite imports are staged (see :meth:`CoupleScope.add_ideas`).
STAGE_ABOVE = 1_000
OWN_SEAT_ONLY = "You can only {what} for yourself, not for your partner."


class CoupleScope:
    """Everything about one couple, checked against who is asking.

    Parameters
    ----------
    db : Database
        The open database.
    couple_id : int
        The couple (from the store: a local choice, or the member's own row).
    member : Member, optional
        The signed-in partner (hosted mode); None in local mode.
    """

    def __init__(self, db: Database, couple_id: int, member: Member | None = None) -> None:
        self._db = db
        self._couple_id = couple_id
        self._member = member

    def __repr__(self) -> str:
        who = "local" if self._member is None else f"partner {self._member.partner!r}"
        return f"CoupleScope(couple_id={self._couple_id}, {who})"

    @property
    def couple_id(self) -> int:
        """The couple's id (for cache keys and links; never trusted back from a request)."""
        return self._couple_id

    @property
    def member(self) -> Member | None:
        """The signed-in partner, or None in local mode."""
        return self._member

    @property
    def partner(self) -> str | None:
        """The signed-in partner's seat ("a" or "b"), or None in local mode."""
        return None if self._member is None else self._member.partner

    # -- access ---------------------------------------------------------------------------

    def _check(self, session: Session, *, lock: bool) -> None:
        if self._member is None:
            couples.get_row(session, self._couple_id)
        else:
            members.require(session, self._member, lock=lock)

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._db.read() as s:
            self._check(s, lock=False)
            yield s

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._db.write() as s:
            self._check(s, lock=True)
            yield s

    def _seat(self, partner: str | None, what: str) -> str:
        """The seat acted for: the member's own (any other is refused), or ``partner`` locally."""
        if self._member is None:
            try:  # one shared screen: say whose it is
                return check_partner_key(partner)
            except ValueError as exc:
                raise StoreError(str(exc)) from None
        if partner is not None and partner != self._member.partner:
            raise AccessError(OWN_SEAT_ONLY.format(what=what))
        return self._member.partner

    def _own_ratings(self, rating_a: object, rating_b: object) -> tuple[str, ...]:
        """Seats whose rating may stay empty; refuses a member's rating for the other seat."""
        if self._member is None:
            return ()  # local: both rate at once, as on one screen
        other = "b" if self._member.partner == "a" else "a"
        if (rating_a, rating_b)[other == "b"] not in (None, UNSET):
            raise AccessError(OWN_SEAT_ONLY.format(what="rate"))
        return ("a", "b")

    # -- the couple -----------------------------------------------------------------------

    def get_couple(self) -> Couple:
        """Both partners' profiles."""
        with self._read() as s:
            return couples.couple_from_row(couples.get_row(s, self._couple_id))

    def name(self) -> str:
        """The couple's name."""
        with self._read() as s:
            return couples.get_row(s, self._couple_id).name

    def save_profile(self, couple: Couple) -> None:
        """Replace both partners' profiles (names, interests, risk comfort, budget)."""
        fields = couples.partner_fields(couple)
        with self._write() as s:
            couples.save_profile(s, self._couple_id, fields)

    def rename(self, name: str) -> None:
        """Change the couple's name (unique: locally a taken one is refused; for a signed-in
        partner it is numbered, "Ana & Ben (2)", so no one learns other couples' names)."""
        name = checks.couple_name(name)
        with self._write() as s:
            if self._member is not None and couples.get_row(s, self._couple_id).name != name:
                name = members.free_name(s, name)
            couples.rename(s, self._couple_id, name)

    def delete(self) -> None:
        """Delete the couple and everything of theirs, memberships and invites included."""
        with self._db.write() as s:
            members.lock_couple(s, self._couple_id)  # before the access check: see lock_couple
            self._check(s, lock=True)
            members.remove_couple(s, self._couple_id)

    def export_data(self) -> dict:
        """This couple's backup (see :meth:`Store.export_data`); never memberships or invites.

        A signed-in partner's backup holds the other's reactions only where
        :meth:`reactions` shows them (thumbs stay private).
        """
        with self._db.snapshot() as s:
            self._check(s, lock=False)
            name = couples.get_row(s, self._couple_id).name
            return backup.export_couples(s, [(self._couple_id, name)], self.partner)

    # -- reactions ------------------------------------------------------------------------

    def add_reaction(
        self, activity_id: str, partner: str | None, rating: int, at: datetime | None = None
    ) -> int:
        """Record a partner's reaction (1-5; thumbs up 5, down 1); returns its ``reaction_id``.

        ``partner`` may be None for a signed-in partner (their own seat); any other seat
        than theirs raises :class:`AccessError`.
        """
        seat = self._seat(partner, "react")
        values = reactions.values(activity_id, seat, rating, at)
        with self._write() as s:
            return reactions.add(s, self._couple_id, values)

    def reactions(self) -> pd.DataFrame:
        """Reactions, oldest first: reaction_id, activity_id, partner, rating, at.

        A signed-in partner sees the other's reaction to an activity only once they have
        reacted to it themselves.
        """
        with self._read() as s:
            return redirect_ids(reactions.frame(s, self._couple_id, self.partner))

    def delete_reaction(self, reaction_id: int) -> None:
        """Take back a reaction (a signed-in partner: only one of their own)."""
        with self._write() as s:
            row = reactions.own(s, self._couple_id, reaction_id)
            if self._member is not None and row.partner != self._member.partner:
                raise AccessError(OWN_SEAT_ONLY.format(what="take back reactions"))
            reactions.remove(s, self._couple_id, reaction_id)

    def matches(self) -> pd.DataFrame:
        """What both partners gave a thumbs up, newest first: activity_id, at."""
        with self._read() as s:
            return redirect_ids(reactions.matches(s, self._couple_id))

    # -- outings --------------------------------------------------------------------------

    def add_outing(
        self,
        activity_id: str,
        date: date | str,
        rating_a: int | None = None,
        rating_b: int | None = None,
        notes: str = "",
        cost: float | None = None,
    ) -> int:
        """Record something the couple did; returns its ``outing_id``.

        Local mode needs both ratings (1-5). A signed-in partner gives only their own
        (or none yet); the other's stays empty until they rate it (:meth:`rate_outing`).
        """
        empty = self._own_ratings(rating_a, rating_b)
        values = outings.values(activity_id, date, rating_a, rating_b, notes, cost, empty=empty)
        with self._write() as s:
            return outings.add(s, self._couple_id, values)

    def update_outing(
        self,
        outing_id: int,
        *,
        date: date | str = UNSET,
        rating_a: int = UNSET,
        rating_b: int = UNSET,
        notes: str = UNSET,
        cost: float | None = UNSET,
    ) -> None:
        """Change the given fields of one outing (one UPDATE of just those columns).

        A signed-in partner may not change the other partner's rating.
        """
        self._own_ratings(rating_a, rating_b)
        changes = outings.changes(
            day=date, rating_a=rating_a, rating_b=rating_b, notes=notes, cost=cost
        )
        with self._write() as s:
            outings.update(s, self._couple_id, outing_id, changes)

    def rate_outing(self, outing_id: int, rating: int, partner: str | None = None) -> None:
        """Save one partner's rating (1-5) of an outing, touching only that partner's column.

        ``partner`` may be None for a signed-in partner (their own seat); locally it says
        whose rating this is.
        """
        seat = self._seat(partner, "rate")
        field = f"rating_{seat}"
        changes = {field: checks.rating(rating, field)}
        with self._write() as s:
            outings.update(s, self._couple_id, outing_id, changes)

    def delete_outing(self, outing_id: int) -> None:
        """Delete one outing."""
        with self._write() as s:
            outings.remove(s, self._couple_id, outing_id)

    def outings(self) -> pd.DataFrame:
        """The couple's outings, oldest first.

        Returns
        -------
        pandas.DataFrame
            outing_id, activity_id, date (``datetime.date``), rating_a, rating_b (nullable
            ``Int64``: ``<NA>`` while that partner has not rated, see
            :func:`~recommender.store.outings.partners_waiting`), notes, cost (NaN when
            not recorded).
        """
        with self._read() as s:
            return redirect_ids(outings.frame(s, self._couple_id))

    # -- plans ----------------------------------------------------------------------------

    def plan(self, activity_id: str, date: date | str) -> int:
        """Plan an outing; returns its ``plan_id``."""
        values = plans.values(activity_id, date)
        with self._write() as s:
            return plans.add(s, self._couple_id, values)

    def planned(self) -> pd.DataFrame:
        """The couple's planned outings, soonest first: plan_id, activity_id, date."""
        with self._read() as s:
            return redirect_ids(plans.frame(s, self._couple_id))

    def unplan(self, plan_id: int) -> None:
        """Remove a planned outing."""
        with self._write() as s:
            plans.remove(s, self._couple_id, plan_id)

    def complete_plan(
        self,
        plan_id: int,
        date: date | str,
        rating_a: int | None = None,
        rating_b: int | None = None,
        notes: str = "",
        cost: float | None = None,
    ) -> int:
        """ "We did it": save a plan as an outing and remove the plan, in one transaction.

        Ratings as in :meth:`add_outing`. Returns the new ``outing_id``; on any error
        (the plan is not the couple's, a bad value) nothing changes.
        """
        empty = self._own_ratings(rating_a, rating_b)
        values = outings.details(date, rating_a, rating_b, notes, cost, empty=empty)
        with self._write() as s:
            return plans.complete(s, self._couple_id, plan_id, values)

    # -- feedback -------------------------------------------------------------------------

    def feedback(self) -> list[Feedback]:
        """The engine's history, oldest first; ratings not given yet are left out.

        Both partners' reactions count, private or not: the engine suggests for the couple.
        """
        with self._read() as s:
            events = feedback.timeline(s, self._couple_id)
        # An activity merged into another (catalog/retired.py) keeps counting under its new id.
        return [replace(e, activity_id=current_id(e.activity_id)) for e in events]

    # -- ideas ----------------------------------------------------------------------------

    def add_idea(self, record: Mapping[str, object]) -> str:
        """Save one of the couple's own activities; returns its id (``"ours-..."``).

        Raises CatalogError when a field breaks the catalog's rules, StoreError when the
        couple already has an idea with that id.
        """
        values = ideas.prepare([record], "your idea", ["idea"]).iloc[0].to_dict()
        explicit = bool(str(record.get(Columns.ACTIVITY_ID) or "").strip())
        with self._write() as s:
            return ideas.add_one(s, self._couple_id, values, explicit)

    def add_ideas(
        self,
        records: Iterable[Mapping[str, object]],
        *,
        skip_existing: bool = True,
        source: str = "ideas",
        where: list[str] | None = None,
        batch: str | None = None,
    ) -> tuple[list[str], list[str]]:
        """Save many ideas in one transaction, all or none; returns (added, skipped) ids.

        ``batch`` names the import they come from (see :func:`batches.new_batch_id`), so
        they can be listed and undone together; None for ideas that belong to no import.
        """
        # Everything is checked and converted first, so the transaction only writes.
        frame = ideas.prepare(records, source, where)
        rows = [ideas.row_values(values) for values in frame.to_dict("records")]
        if batch is not None:
            batch = batches.check_batch_id(batch)
            rows = [{**row, "import_batch": batch} for row in rows]
        if self._db.is_sqlite and len(rows) > STAGE_ABOVE:
            return ideas.add_many_staged(
                self._db,
                self._couple_id,
                rows,
                skip_existing,
                check=lambda s: self._check(s, lock=True),
            )
        with self._write() as s:
            return ideas.add_many(s, self._couple_id, rows, skip_existing)

    def update_idea(self, activity_id: str, record: Mapping[str, object]) -> None:
        """Replace the fields of one idea (its id stays); validated like :meth:`add_idea`."""
        row_values = {**record, Columns.ACTIVITY_ID: activity_id}
        values = ideas.prepare([row_values], "your idea", ["idea"]).iloc[0].to_dict()
        with self._write() as s:
            ideas.update(s, self._couple_id, activity_id, values)

    def ideas(self) -> pd.DataFrame:
        """The couple's own ideas with the catalog's columns, typed like ``load_catalog``."""
        with self._read() as s:
            return ideas.frame(s, self._couple_id)

    def delete_idea(self, activity_id: str) -> None:
        """Delete one idea and the reactions to it (refused while outings or plans name it)."""
        with self._write() as s:
            ideas.remove(s, self._couple_id, activity_id)

    def import_batches(self) -> list[ImportBatch]:
        """The couple's imports that still have ideas, newest first: batch, when (UTC), count."""
        with self._read() as s:
            return batches.listed(s, self._couple_id)

    def undo_import(self, batch: str) -> UndoneImport:
        """Remove the ideas one import added, and the reactions to them, in one transaction.

        Ideas that outings or plans name are kept (listed in the result), so the history
        never names an activity that no longer exists. StoreError when ``batch`` is not an
        import of this couple's (the message lists theirs).
        """
        with self._write() as s:
            return batches.undo(s, self._couple_id, batch)

    # -- where they live ------------------------------------------------------------------

    def hemisphere(self) -> Hemisphere:
        """Where the couple lives, which decides the season of every date: north or south."""
        with self._read() as s:
            return couples.hemisphere(s, self._couple_id)

    def set_hemisphere(self, value: Hemisphere | str) -> None:
        """Save where the couple lives (StoreError listing north, south for anything else)."""
        where = couples.checked_hemisphere(value)
        with self._write() as s:
            couples.set_hemisphere(s, self._couple_id, where)
