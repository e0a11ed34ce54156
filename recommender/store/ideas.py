"""The couple's own ideas: activities with the catalog's columns and ``ours-`` ids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

import pandas as pd
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from recommender.catalog.columns import Columns
from recommender.catalog.ids import idea_id
from recommender.catalog.loading import validate_activities
from recommender.store import checks
from recommender.store.couples import get_row
from recommender.store.errors import StoreError
from recommender.store.schema import IdeaRow, OutingRow, PlannedRow, ReactionRow

COLUMNS: Final = Columns.ALL
_NUMBERS: Final = (Columns.COST, Columns.DURATION_HOURS, Columns.RISK, Columns.ENERGY)
_TEXTS: Final = tuple(c for c in Columns.ALL if c not in _NUMBERS)


def prepare(
    records: Iterable[Mapping[str, object]], source: str, where: list[str] | None
) -> pd.DataFrame:
    """Ideas checked by the catalog's rules, each id made an ``ours-`` id.

    Raises
    ------
    CatalogError
        With every problem listed.
    """
    prepared: list[dict[str, object]] = []
    for record in records:
        if not isinstance(record, Mapping):
            raise StoreError(f"an idea must be a mapping of catalog columns (got {record!r})")
        row = dict(record)
        raw_id = row.get(Columns.ACTIVITY_ID)
        if raw_id is None or not str(raw_id).strip():
            title = str(row.get(Columns.TITLE) or "").strip()
            row[Columns.ACTIVITY_ID] = idea_id(title) if title else ""
        else:
            row[Columns.ACTIVITY_ID] = idea_id(str(raw_id))
        prepared.append(row)
    return validate_activities(prepared, source=source, where=where)


def row_values(values: Mapping[str, object]) -> dict[str, object]:
    """One validated idea as the ideas table's columns, in plain Python types."""
    out: dict[str, object] = {}
    for col in COLUMNS:
        value = values[col]
        if col in (Columns.RISK, Columns.ENERGY):
            value = int(value)  # type: ignore[call-overload]
        elif col in (Columns.COST, Columns.DURATION_HOURS):
            value = float(value)  # type: ignore[arg-type]
        else:
            value = str(value)
        out[col] = value
    return out


def add_one(session: Session, couple_id: int, values: dict[str, object], explicit: bool) -> str:
    """Save one idea; a made-up id that is taken gets ``-2``, ``-3``...; returns the id."""
    get_row(session, couple_id)
    base = str(values[Columns.ACTIVITY_ID])
    aid, n = base, 1
    while session.get(IdeaRow, (couple_id, aid)) is not None:
        if explicit:
            raise StoreError(
                f"you already have an idea with id {aid!r}; edit it or choose another id"
            )
        n += 1
        aid = f"{base}-{n}"
    session.add(IdeaRow(**row_values({**values, Columns.ACTIVITY_ID: aid}), couple_id=couple_id))
    return aid


def add_many(
    session: Session, couple_id: int, rows: list[dict[str, object]], skip_existing: bool
) -> tuple[list[str], list[str]]:
    """Save ideas (as :func:`row_values` gives them) in one bulk insert; returns (added, skipped).

    The rows are checked and converted before the transaction starts; here the only work is
    one query for the ids the couple has and one ``executemany``, so the write lock (SQLite
    has one for the whole file) is held for as short a time as the database allows: about
    a few seconds for 200,000 ideas on SQLite, where adding and flushing them one at a time
    took about 95 s and locked the couple's other writes out.
    """
    get_row(session, couple_id)
    have = set(
        session.execute(select(IdeaRow.activity_id).where(IdeaRow.couple_id == couple_id)).scalars()
    )
    new: list[dict[str, object]] = []
    skipped: list[str] = []
    for row in rows:
        aid = str(row[Columns.ACTIVITY_ID])
        if aid in have:
            if not skip_existing:
                raise StoreError(f"you already have an idea with id {aid!r}")
            skipped.append(aid)
            continue
        have.add(aid)
        new.append({**row, "couple_id": couple_id})
    added = [str(r[Columns.ACTIVITY_ID]) for r in new]
    if new:
        # Core executemany (the ORM's bulk path costs as much again in Python), in key order
        # so the primary-key index grows at its end instead of splitting pages everywhere.
        new.sort(key=lambda r: str(r[Columns.ACTIVITY_ID]))
        session.connection().execute(insert(IdeaRow.__table__), new)
    return added, skipped


def update(session: Session, couple_id: int, activity_id: str, values: dict[str, object]) -> None:
    """Replace the fields of one idea (its id stays)."""
    get_row(session, couple_id)
    row = session.get(IdeaRow, (couple_id, activity_id))
    if row is None:
        raise StoreError(f"no idea with id {activity_id!r} for this couple")
    for key, value in row_values(values).items():
        if key != Columns.ACTIVITY_ID:
            setattr(row, key, value)


def frame(session: Session, couple_id: int) -> pd.DataFrame:
    """The couple's own ideas with the catalog's columns, typed like ``load_catalog``."""
    get_row(session, couple_id)
    rows = session.execute(
        select(IdeaRow).where(IdeaRow.couple_id == couple_id).order_by(IdeaRow.activity_id)
    ).scalars()
    data = [{c: getattr(r, c) for c in COLUMNS} for r in rows]
    return checks.frame(
        data,
        COLUMNS,
        {
            Columns.COST: float,
            Columns.DURATION_HOURS: float,
            Columns.RISK: "int64",
            Columns.ENERGY: "int64",
        },
        _TEXTS,
    )


def remove(session: Session, couple_id: int, activity_id: str) -> None:
    """Delete one idea and the reactions to it; refused while outings or plans name it."""
    get_row(session, couple_id)
    row = session.get(IdeaRow, (couple_id, activity_id))
    if row is None:
        raise StoreError(f"no idea with id {activity_id!r} for this couple")
    used = []
    for model, what in ((OutingRow, "outing"), (PlannedRow, "planned outing")):
        n = session.execute(
            select(func.count())
            .select_from(model)
            .where(model.couple_id == couple_id, model.activity_id == activity_id)
        ).scalar_one()
        if n:
            used.append(f"{n} {what}{'s' if n > 1 else ''}")
    if used:
        raise StoreError(
            f"{row.title!r} is in your history ({' and '.join(used)});"
            " delete those first, then the idea"
        )
    session.execute(
        delete(ReactionRow).where(
            ReactionRow.couple_id == couple_id, ReactionRow.activity_id == activity_id
        )
    )
    session.delete(row)
