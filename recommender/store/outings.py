"""Outings: what the couple did, when, both ratings, notes and what it cost."""

from __future__ import annotations

from datetime import date
from typing import Final

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from recommender.store import checks
from recommender.store.couples import get_row, own_row
from recommender.store.schema import OutingRow

COLUMNS: Final = ("outing_id", "activity_id", "date", "rating_a", "rating_b", "notes", "cost")
#: Marks an argument left out of :func:`changes`.
UNSET: object = object()


def details(
    day: date | str,
    rating_a: int,
    rating_b: int,
    notes: str = "",
    cost: float | None = None,
) -> dict[str, object]:
    """An outing's checked columns other than its activity: date, ratings, notes, cost."""
    return {
        "date": checks.to_date(day),
        "rating_a": checks.rating(rating_a, "rating_a"),
        "rating_b": checks.rating(rating_b, "rating_b"),
        "notes": checks.long_text(notes, "notes"),
        "cost": checks.cost(cost),
    }


def values(
    activity_id: str,
    day: date | str,
    rating_a: int,
    rating_b: int,
    notes: str = "",
    cost: float | None = None,
) -> dict[str, object]:
    """An outing's checked columns."""
    aid = checks.activity_id(activity_id)
    return {"activity_id": aid, **details(day, rating_a, rating_b, notes, cost)}


def changes(
    *, day: object, rating_a: object, rating_b: object, notes: object, cost: object
) -> dict[str, object]:
    """The checked columns of the arguments given (those not :data:`UNSET`)."""
    out: dict[str, object] = {}
    if day is not UNSET:
        out["date"] = checks.to_date(day)
    if rating_a is not UNSET:
        out["rating_a"] = checks.rating(rating_a, "rating_a")
    if rating_b is not UNSET:
        out["rating_b"] = checks.rating(rating_b, "rating_b")
    if notes is not UNSET:
        out["notes"] = checks.long_text(notes, "notes")
    if cost is not UNSET:
        out["cost"] = checks.cost(cost)
    return out


def add(session: Session, couple_id: int, checked: dict[str, object]) -> int:
    """Save an outing; returns its id."""
    get_row(session, couple_id)
    row = OutingRow(couple_id=couple_id, **checked)
    session.add(row)
    session.flush()
    return row.id


def update(session: Session, couple_id: int, outing_id: int, checked: dict[str, object]) -> None:
    """Change the given columns of one outing."""
    get_row(session, couple_id)
    row = own_row(session, OutingRow, couple_id, outing_id, "outing")
    for key, value in checked.items():
        setattr(row, key, value)


def remove(session: Session, couple_id: int, outing_id: int) -> None:
    """Delete one outing."""
    get_row(session, couple_id)
    own_row(session, OutingRow, couple_id, outing_id, "outing")
    session.execute(delete(OutingRow).where(OutingRow.id == outing_id))


def frame(session: Session, couple_id: int) -> pd.DataFrame:
    """The couple's outings, oldest first (cost NaN when not recorded)."""
    get_row(session, couple_id)
    rows = session.execute(
        select(OutingRow)
        .where(OutingRow.couple_id == couple_id)
        .order_by(OutingRow.date, OutingRow.id)
    ).scalars()
    data = [
        {
            "outing_id": r.id,
            "activity_id": r.activity_id,
            "date": r.date,
            "rating_a": r.rating_a,
            "rating_b": r.rating_b,
            "notes": r.notes,
            "cost": r.cost,
        }
        for r in rows
    ]
    return checks.frame(
        data,
        COLUMNS,
        # Nullable: a rating is empty while that partner has not rated yet (since schema v3).
        {"outing_id": "int64", "rating_a": "Int64", "rating_b": "Int64", "cost": "float64"},
        ("activity_id", "notes"),
    )
