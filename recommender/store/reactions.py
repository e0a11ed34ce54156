"""Reactions: one partner's thumbs or rating of a suggestion."""

from __future__ import annotations

from datetime import datetime
from typing import Final

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from recommender.profiles import check_partner_key
from recommender.store import checks
from recommender.store.couples import get_row, own_row
from recommender.store.errors import StoreError
from recommender.store.schema import ReactionRow

COLUMNS: Final = ("reaction_id", "activity_id", "partner", "rating", "at")


def values(
    activity_id: str, partner: str, rating: int, at: datetime | str | None
) -> dict[str, object]:
    """A reaction's checked columns."""
    aid = checks.activity_id(activity_id)
    try:
        check_partner_key(partner)
    except ValueError as exc:
        raise StoreError(str(exc)) from None
    return {
        "activity_id": aid,
        "partner": partner,
        "rating": checks.rating(rating, "rating"),
        "at": checks.to_db_time(at),
    }


def add(session: Session, couple_id: int, checked: dict[str, object]) -> int:
    """Save a reaction; returns its id."""
    get_row(session, couple_id)
    row = ReactionRow(couple_id=couple_id, **checked)
    session.add(row)
    session.flush()
    return row.id


def remove(session: Session, couple_id: int, reaction_id: int) -> None:
    """Take back a reaction."""
    get_row(session, couple_id)
    own_row(session, ReactionRow, couple_id, reaction_id, "reaction")
    session.execute(delete(ReactionRow).where(ReactionRow.id == reaction_id))


def frame(session: Session, couple_id: int) -> pd.DataFrame:
    """The couple's reactions, oldest first: reaction_id, activity_id, partner, rating, at."""
    get_row(session, couple_id)
    rows = session.execute(
        select(ReactionRow)
        .where(ReactionRow.couple_id == couple_id)
        .order_by(ReactionRow.at, ReactionRow.id)
    ).scalars()
    data = [
        {
            "reaction_id": r.id,
            "activity_id": r.activity_id,
            "partner": r.partner,
            "rating": r.rating,
            "at": checks.from_db_time(r.at),
        }
        for r in rows
    ]
    out = checks.frame(
        data, COLUMNS, {"reaction_id": "int64", "rating": "int64"}, ("activity_id", "partner")
    )
    out["at"] = pd.to_datetime(out["at"], utc=True)
    return out
