"""Outings: what the couple did, when, both ratings, notes and what it cost."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from recommender.profiles import PARTNER_KEYS
from recommender.store import checks
from recommender.store.couples import get_row, own_row
from recommender.store.errors import StoreError
from recommender.store.schema import OutingRow

COLUMNS: Final = ("outing_id", "activity_id", "date", "rating_a", "rating_b", "notes", "cost")
#: Marks an argument left out of :func:`changes`.
UNSET: object = object()


def details(
    day: date | str,
    rating_a: int | None,
    rating_b: int | None,
    notes: str = "",
    cost: float | None = None,
    *,
    empty: tuple[str, ...] = (),
) -> dict[str, object]:
    """An outing's checked columns other than its activity: date, ratings, notes, cost.

    The ratings of the seats in ``empty`` may be None: that partner has not rated yet.
    """
    return {
        "date": checks.to_date(day),
        "rating_a": optional_rating(rating_a, "rating_a", "a" in empty),
        "rating_b": optional_rating(rating_b, "rating_b", "b" in empty),
        "notes": checks.long_text(notes, "notes"),
        "cost": checks.cost(cost),
    }


def values(
    activity_id: str,
    day: date | str,
    rating_a: int | None,
    rating_b: int | None,
    notes: str = "",
    cost: float | None = None,
    *,
    empty: tuple[str, ...] = (),
) -> dict[str, object]:
    """An outing's checked columns (see :func:`details` for ``empty``)."""
    aid = checks.activity_id(activity_id)
    return {"activity_id": aid, **details(day, rating_a, rating_b, notes, cost, empty=empty)}


def optional_rating(value: object, field: str, may_be_empty: bool) -> int | None:
    """A rating 1-5, or None when that partner has not rated yet and that is allowed."""
    if value is None and may_be_empty:
        return None
    return checks.rating(value, field)


def partners_waiting(outing: Mapping[str, object]) -> tuple[str, ...]:
    """The seats ("a", "b") whose rating of an outing (a row of :func:`frame`) is still empty."""
    return tuple(k for k in PARTNER_KEYS if pd.isna(outing[f"rating_{k}"]))  # type: ignore[arg-type]


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
    """Change the given columns of one outing, and only those.

    One UPDATE of just those columns: a partner saving their rating at the same moment as
    the other one saves theirs never overwrites the other's column with a value read earlier.
    """
    get_row(session, couple_id)
    if not checked or not isinstance(outing_id, int) or isinstance(outing_id, bool):
        own_row(session, OutingRow, couple_id, outing_id, "outing")  # the usual refusal
        if not checked:
            return
    done = session.execute(
        sql_update(OutingRow)
        .where(OutingRow.id == outing_id, OutingRow.couple_id == couple_id)
        .values(**checked)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise StoreError(f"no outing with id {outing_id!r} for this couple")


def remove(session: Session, couple_id: int, outing_id: int) -> None:
    """Delete one outing."""
    get_row(session, couple_id)
    own_row(session, OutingRow, couple_id, outing_id, "outing")
    session.execute(delete(OutingRow).where(OutingRow.id == outing_id))


def frame(session: Session, couple_id: int) -> pd.DataFrame:
    """The couple's outings, oldest first.

    The ratings are pandas' nullable ``Int64``: ``<NA>`` while that partner has not rated
    (see :func:`partners_waiting`); cost is NaN when not recorded.
    """
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
