"""Reactions: one partner's thumbs or rating of a suggestion."""

from __future__ import annotations

from datetime import datetime
from typing import Final

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from recommender.profiles import THUMBS_UP, check_partner_key
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


def _rows(session: Session, couple_id: int) -> list[ReactionRow]:
    get_row(session, couple_id)
    return list(
        session.execute(
            select(ReactionRow)
            .where(ReactionRow.couple_id == couple_id)
            .order_by(ReactionRow.at, ReactionRow.id)
        ).scalars()
    )


def own(session: Session, couple_id: int, reaction_id: int) -> ReactionRow:
    """One of the couple's reactions by id (StoreError when there is none)."""
    return own_row(session, ReactionRow, couple_id, reaction_id, "reaction")  # type: ignore[return-value]


def frame(session: Session, couple_id: int, seat: str | None = None) -> pd.DataFrame:
    """The couple's reactions, oldest first: reaction_id, activity_id, partner, rating, at.

    With ``seat`` (a signed-in partner), thumbs are private: the other partner's reactions
    are shown only for activities ``seat`` has reacted to as well.
    """
    rows = _rows(session, couple_id)
    if seat is not None:
        mine = {r.activity_id for r in rows if r.partner == seat}
        rows = [r for r in rows if r.partner == seat or r.activity_id in mine]
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


MATCH_COLUMNS: Final = ("activity_id", "at")


def matches(session: Session, couple_id: int) -> pd.DataFrame:
    """What both partners gave a thumbs up, newest match first: activity_id, at.

    Each partner's latest reaction to an activity counts (a thumbs up taken back or changed
    is no longer one); ``at`` is when the second of the two thumbs up was given.
    """
    latest: dict[tuple[str, str], ReactionRow] = {}
    for r in _rows(session, couple_id):  # oldest first, so the last one wins
        latest[(r.activity_id, r.partner)] = r
    found = []
    for (aid, partner), r in latest.items():
        other = latest.get((aid, "b"))
        if partner != "a" or other is None:
            continue
        if r.rating == THUMBS_UP and other.rating == THUMBS_UP:
            found.append({"activity_id": aid, "at": checks.from_db_time(max(r.at, other.at))})
    found.sort(key=lambda m: (m["at"], m["activity_id"]), reverse=True)
    out = checks.frame(found, MATCH_COLUMNS, {}, ("activity_id",))
    out["at"] = pd.to_datetime(out["at"], utc=True)
    return out
