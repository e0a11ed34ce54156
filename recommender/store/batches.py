"""Import batches: the ideas one import added, listed and undone together.

Every idea added by an import carries the same batch id in ``ideas.import_batch``. The id
is the moment of the import (UTC, to the microsecond) and a short random part, so it sorts
by time, says when it was made, and two imports at the same moment never share one. Ideas
added one at a time have no batch.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from sqlalchemy import delete, func, select, union
from sqlalchemy.orm import Session

from recommender.store import checks
from recommender.store.couples import get_row
from recommender.store.errors import StoreError
from recommender.store.schema import IdeaRow, OutingRow, PlannedRow, ReactionRow

_TIME_FORMAT: Final = "%Y%m%d-%H%M%S-%f"
#: ``20261129-053012-123456-a1b2c3``: when (UTC, to the microsecond) and six random hex digits.
_BATCH: Final = re.compile(r"^\d{8}-\d{6}-\d{6}-[0-9a-f]{6}$")


@dataclass(frozen=True)
class ImportBatch:
    """One past import of a couple's: its id, when it ran (naive UTC), ideas still from it."""

    batch: str
    when: datetime
    count: int


@dataclass(frozen=True)
class UndoneImport:
    """What undoing an import did.

    Attributes
    ----------
    batch : str
        The import undone.
    removed : int
        Ideas removed.
    kept : list of str
        Titles of its ideas kept because outings or plans name them (removing those would
        leave the history naming an activity that no longer exists).
    """

    batch: str
    removed: int
    kept: list[str] = field(default_factory=list)


def new_batch_id() -> str:
    """A fresh batch id for an import starting now."""
    return f"{checks.utcnow():{_TIME_FORMAT}}-{secrets.token_hex(3)}"


def check_batch_id(value: object) -> str:
    """``value`` if it looks like a batch id; StoreError saying what one looks like otherwise."""
    text = value.strip() if isinstance(value, str) else value
    if not isinstance(text, str) or not _BATCH.match(text):
        raise StoreError(
            f"{value!r} is not an import batch id (they look like 20261129-053012-123456-a1b2c3:"
            " the import's date and time, and six letters or digits)"
        )
    return text


def batch_time(batch: str) -> datetime:
    """When an import ran (naive UTC), read from its id."""
    return datetime.strptime(check_batch_id(batch)[:22], _TIME_FORMAT)


def listed(session: Session, couple_id: int) -> list[ImportBatch]:
    """The couple's imports that still have ideas, newest first."""
    get_row(session, couple_id)
    rows = session.execute(
        select(IdeaRow.import_batch, func.count())
        .where(IdeaRow.couple_id == couple_id, IdeaRow.import_batch.is_not(None))
        .group_by(IdeaRow.import_batch)
    ).all()
    found = [ImportBatch(str(b), batch_time(str(b)), int(n)) for b, n in rows]
    return sorted(found, key=lambda b: b.batch, reverse=True)


def undo(session: Session, couple_id: int, batch: str) -> UndoneImport:
    """Remove an import's ideas and the reactions to them, in the caller's transaction.

    Ideas that outings or plans name stay (see :class:`UndoneImport`).

    Raises
    ------
    StoreError
        When the couple has no ideas from that import; the message lists the imports there are.
    """
    batch = check_batch_id(batch)
    get_row(session, couple_id)
    mine = (IdeaRow.couple_id == couple_id, IdeaRow.import_batch == batch)
    total = session.execute(select(func.count()).select_from(IdeaRow).where(*mine)).scalar_one()
    if not total:
        others = [b.batch for b in listed(session, couple_id)]
        there = ", ".join(others) if others else "none"
        raise StoreError(f"no import {batch} for this couple (imports here: {there})")
    # Subqueries, not lists of ids: an import may hold more ideas than a query takes parameters.
    used = union(
        select(OutingRow.activity_id).where(OutingRow.couple_id == couple_id),
        select(PlannedRow.activity_id).where(PlannedRow.couple_id == couple_id),
    ).subquery()
    in_history = IdeaRow.activity_id.in_(select(used.c.activity_id))
    kept = sorted(
        str(t) for t in session.execute(select(IdeaRow.title).where(*mine, in_history)).scalars()
    )
    gone = select(IdeaRow.activity_id).where(*mine, ~in_history)
    session.execute(
        delete(ReactionRow).where(
            ReactionRow.couple_id == couple_id, ReactionRow.activity_id.in_(gone)
        )
    )
    session.execute(delete(IdeaRow).where(*mine, ~in_history))
    return UndoneImport(batch=batch, removed=int(total) - len(kept), kept=kept)
