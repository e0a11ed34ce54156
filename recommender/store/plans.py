"""Plans: outings the couple means to do, and completing one as an outing."""

from __future__ import annotations

from datetime import date
from typing import Final

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from recommender.store import checks
from recommender.store.couples import get_row, own_row
from recommender.store.schema import OutingRow, PlannedRow

COLUMNS: Final = ("plan_id", "activity_id", "date")


def values(activity_id: str, day: date | str) -> dict[str, object]:
    """A plan's checked columns."""
    return {"activity_id": checks.activity_id(activity_id), "date": checks.to_date(day)}


def add(session: Session, couple_id: int, checked: dict[str, object]) -> int:
    """Save a plan; returns its id."""
    get_row(session, couple_id)
    row = PlannedRow(couple_id=couple_id, **checked)
    session.add(row)
    session.flush()
    return row.id


def remove(session: Session, couple_id: int, plan_id: int) -> PlannedRow:
    """Remove a plan; returns the row as it was."""
    get_row(session, couple_id)
    row = own_row(session, PlannedRow, couple_id, plan_id, "planned outing")
    session.execute(delete(PlannedRow).where(PlannedRow.id == plan_id))
    return row  # type: ignore[return-value]


def frame(session: Session, couple_id: int) -> pd.DataFrame:
    """The couple's plans, soonest first: plan_id, activity_id, date."""
    get_row(session, couple_id)
    rows = session.execute(
        select(PlannedRow)
        .where(PlannedRow.couple_id == couple_id)
        .order_by(PlannedRow.date, PlannedRow.id)
    ).scalars()
    data = [{"plan_id": r.id, "activity_id": r.activity_id, "date": r.date} for r in rows]
    return checks.frame(data, COLUMNS, {"plan_id": "int64"}, ("activity_id",))


def complete(session: Session, couple_id: int, plan_id: int, outing: dict[str, object]) -> int:
    """Turn a plan into an outing of the planned activity; returns the outing's id.

    ``outing`` holds the outing's checked columns other than ``activity_id``. The caller's
    one transaction saves the outing and removes the plan, so neither happens alone.
    """
    row = remove(session, couple_id, plan_id)
    done = OutingRow(couple_id=couple_id, **{**outing, "activity_id": row.activity_id})
    session.add(done)
    session.flush()
    return done.id
