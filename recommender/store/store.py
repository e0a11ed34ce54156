"""The couple's data in a real database: the :class:`Store` facade the app and CLI call.

One :class:`Store` wraps one :class:`~recommender.store.database.Database`. Several couples
may share one database; every method takes a ``couple_id`` and touches only that couple's
rows. Each method checks its arguments first, then runs one transaction through the
aggregate modules (:mod:`couples`, :mod:`reactions`, :mod:`outings`, :mod:`plans`,
:mod:`ideas`, :mod:`backup`), which take a session and do the work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from recommender.catalog.columns import Columns
from recommender.catalog.retired import current_id, redirect_ids
from recommender.profiles import Couple, Feedback
from recommender.store import (
    backup,
    batches,
    checks,
    couples,
    feedback,
    ideas,
    outings,
    plans,
    reactions,
)
from recommender.store.backup import dumps_export
from recommender.store.batches import ImportBatch, UndoneImport
from recommender.store.database import Database, default_database_url
from recommender.store.errors import SchemaVersionError, StoreError
from recommender.wording import Hemisphere

__all__ = [
    "ImportBatch",
    "SchemaVersionError",
    "Store",
    "StoreError",
    "UndoneImport",
    "default_database_url",
    "dumps_export",
]

_UNSET: Any = outings.UNSET
#: Above this many ideas, SQLite imports are staged (see :meth:`Store.add_ideas`).
_STAGE_ABOVE = 1_000


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
        with self._db.read() as s:
            return couples.couple_from_row(couples.get_row(s, couple_id))

    def couple_name(self, couple_id: int) -> str:
        """The couple's name."""
        with self._db.read() as s:
            return couples.get_row(s, couple_id).name

    def save_profile(self, couple_id: int, couple: Couple) -> None:
        """Replace both partners' profiles (names, interests, risk comfort, budget)."""
        fields = couples.partner_fields(couple)
        with self._db.write() as s:
            couples.save_profile(s, couple_id, fields)

    def hemisphere(self, couple_id: int) -> Hemisphere:
        """Where the couple lives, which decides the season of every date: north or south."""
        with self._db.read() as s:
            return couples.hemisphere(s, couple_id)

    def set_hemisphere(self, couple_id: int, value: Hemisphere | str) -> None:
        """Save where the couple lives.

        Raises
        ------
        StoreError
            Listing the allowed values (``north``, ``south``) for any other value.
        """
        where = couples.checked_hemisphere(value)
        with self._db.write() as s:
            couples.set_hemisphere(s, couple_id, where)

    def rename_couple(self, couple_id: int, name: str) -> None:
        """Change the couple's name (it must stay unique)."""
        name = checks.couple_name(name)
        with self._db.write() as s:
            couples.rename(s, couple_id, name)

    def delete_couple(self, couple_id: int) -> None:
        """Delete the couple and everything of theirs."""
        with self._db.write() as s:
            couples.remove(s, couple_id)

    # -- reactions ------------------------------------------------------------------

    def add_reaction(
        self,
        couple_id: int,
        activity_id: str,
        partner: str,
        rating: int,
        at: datetime | None = None,
    ) -> int:
        """Record one partner's reaction to a suggestion; returns its ``reaction_id``.

        Parameters
        ----------
        partner : {"a", "b"}
        rating : int
            1-5 (a thumbs up is 5, a thumbs down 1).
        at : datetime, optional
            When; defaults to now. A naive datetime is taken as local time.
        """
        values = reactions.values(activity_id, partner, rating, at)
        with self._db.write() as s:
            return reactions.add(s, couple_id, values)

    def reactions(self, couple_id: int) -> pd.DataFrame:
        """The couple's reactions, oldest first: reaction_id, activity_id, partner, rating, at."""
        with self._db.read() as s:
            return redirect_ids(reactions.frame(s, couple_id))

    def delete_reaction(self, couple_id: int, reaction_id: int) -> None:
        """Take back a reaction."""
        with self._db.write() as s:
            reactions.remove(s, couple_id, reaction_id)

    # -- outings --------------------------------------------------------------------

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
        values = outings.values(activity_id, date, rating_a, rating_b, notes, cost)
        with self._db.write() as s:
            return outings.add(s, couple_id, values)

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
        changes = outings.changes(
            day=date, rating_a=rating_a, rating_b=rating_b, notes=notes, cost=cost
        )
        with self._db.write() as s:
            outings.update(s, couple_id, outing_id, changes)

    def delete_outing(self, couple_id: int, outing_id: int) -> None:
        """Delete one outing."""
        with self._db.write() as s:
            outings.remove(s, couple_id, outing_id)

    def outings(self, couple_id: int) -> pd.DataFrame:
        """The couple's outings, oldest first.

        Returns
        -------
        pandas.DataFrame
            outing_id, activity_id, date (``datetime.date``), rating_a, rating_b, notes,
            cost (float, NaN when not recorded).
        """
        with self._db.read() as s:
            return redirect_ids(outings.frame(s, couple_id))

    # -- planned --------------------------------------------------------------------

    def plan(self, couple_id: int, activity_id: str, date: date | str) -> int:
        """Plan an outing; returns its ``plan_id``."""
        values = plans.values(activity_id, date)
        with self._db.write() as s:
            return plans.add(s, couple_id, values)

    def planned(self, couple_id: int) -> pd.DataFrame:
        """The couple's planned outings, soonest first: plan_id, activity_id, date."""
        with self._db.read() as s:
            return redirect_ids(plans.frame(s, couple_id))

    def unplan(self, couple_id: int, plan_id: int) -> None:
        """Remove a planned outing."""
        with self._db.write() as s:
            plans.remove(s, couple_id, plan_id)

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
        """ "We did it": save a planned outing as done and remove the plan, in one transaction.

        Returns
        -------
        int
            The new ``outing_id``.

        Raises
        ------
        StoreError
            When the plan is not the couple's or a value is bad; nothing changes then.
        """
        values = outings.details(date, rating_a, rating_b, notes, cost)
        with self._db.write() as s:
            return plans.complete(s, couple_id, plan_id, values)

    # -- feedback -------------------------------------------------------------------

    def feedback(self, couple_id: int) -> list[Feedback]:
        """The engine's history, oldest first (see :func:`feedback.timeline`)."""
        with self._db.read() as s:
            events = feedback.timeline(s, couple_id)
        # An activity merged into another (catalog/retired.py) keeps counting under its new id.
        return [replace(e, activity_id=current_id(e.activity_id)) for e in events]

    # -- ideas ----------------------------------------------------------------------

    def add_idea(self, couple_id: int, record: Mapping[str, object]) -> str:
        """Save one of the couple's own activities; returns its activity id.

        Parameters
        ----------
        record : mapping
            The catalog's columns. ``activity_id`` may be left out: it is made from the
            title. Every idea id starts with ``"ours-"`` so it never collides with a
            catalog id.

        Raises
        ------
        CatalogError
            When a field breaks the catalog's rules (with every problem listed).
        StoreError
            When the couple already has an idea with that id.
        """
        values = ideas.prepare([record], "your idea", ["idea"]).iloc[0].to_dict()
        explicit = bool(str(record.get(Columns.ACTIVITY_ID) or "").strip())
        with self._db.write() as s:
            return ideas.add_one(s, couple_id, values, explicit)

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
        """Save many ideas in one transaction: all of them or none.

        Parameters
        ----------
        batch : str, optional
            The import they come from (see :meth:`new_import_batch`), so they can be
            listed and undone together; None for ideas that belong to no import.

        Returns
        -------
        (added, skipped) : tuple of list of str
            Activity ids saved, and ids the couple already had (left as they are,
            keeping any edits) when ``skip_existing``; otherwise those raise StoreError.
        """
        # Everything is checked and converted first, so the transaction only writes.
        frame = ideas.prepare(records, source, where)
        rows = [ideas.row_values(values) for values in frame.to_dict("records")]
        if batch is not None:
            batch = batches.check_batch_id(batch)
            rows = [{**row, "import_batch": batch} for row in rows]
        if self._db.is_sqlite and len(rows) > _STAGE_ABOVE:
            return ideas.add_many_staged(self._db, couple_id, rows, skip_existing)
        with self._db.write() as s:
            return ideas.add_many(s, couple_id, rows, skip_existing)

    @staticmethod
    def new_import_batch() -> str:
        """A fresh id for one import's ideas (when it ran, and a random part)."""
        return batches.new_batch_id()

    def import_batches(self, couple_id: int) -> list[ImportBatch]:
        """The couple's imports that still have ideas, newest first: batch, when (UTC), count."""
        with self._db.read() as s:
            return batches.listed(s, couple_id)

    def undo_import(self, couple_id: int, batch: str) -> UndoneImport:
        """Remove the ideas one import added, and the reactions to them, in one transaction.

        Ideas that outings or plans name are kept (listed in the result), so the history
        never names an activity that no longer exists.

        Raises
        ------
        StoreError
            When ``batch`` is not an import of this couple's (the message lists theirs).
        """
        with self._db.write() as s:
            return batches.undo(s, couple_id, batch)

    def update_idea(self, couple_id: int, activity_id: str, record: Mapping[str, object]) -> None:
        """Replace the fields of one idea (its id stays); validated like :meth:`add_idea`."""
        row_values = {**record, Columns.ACTIVITY_ID: activity_id}
        values = ideas.prepare([row_values], "your idea", ["idea"]).iloc[0].to_dict()
        with self._db.write() as s:
            ideas.update(s, couple_id, activity_id, values)

    def ideas(self, couple_id: int) -> pd.DataFrame:
        """The couple's own ideas with the catalog's columns, typed like ``load_catalog``."""
        with self._db.read() as s:
            return ideas.frame(s, couple_id)

    def delete_idea(self, couple_id: int, activity_id: str) -> None:
        """Delete one idea, and the reactions to it.

        Raises
        ------
        StoreError
            When it is unknown, or outings or plans still point at it (delete those first,
            so the history never names an activity that no longer exists).
        """
        with self._db.write() as s:
            ideas.remove(s, couple_id, activity_id)

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
