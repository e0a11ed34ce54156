"""A demo couple with a little history, so a first-time visitor can look around at once.

The demo is made from whatever catalog is in use: it picks activities that fit
the demo partners' interests, logs a few past outings with ratings, a couple of
thumbs on suggestions and one plan for the coming weekend.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from recommender.catalog.columns import Columns
from recommender.catalog.loading import split_list
from recommender.profiles import THUMBS_UP, Couple, Partner
from recommender.store.backup import backup_document
from recommender.wording import next_weekend

if TYPE_CHECKING:
    from recommender.store.store import Store

#: The name the demo couple is saved under, so it is easy to tell apart.
DEMO_NAME = "Maya & Sam (demo)"

DEMO_COUPLE = Couple(
    Partner(
        name="Maya",
        interests=("cooking", "hiking", "live-music", "wine", "the sea"),
        risk_comfort=3,
        budget=150.0,
    ),
    Partner(
        name="Sam",
        interests=("board-games", "photography", "nature", "baking", "arts-crafts"),
        risk_comfort=2,
        budget=100.0,
    ),
)

# (days ago, Maya's rating, Sam's rating, notes) for the past outings, oldest first.
_PAST = (
    (75, 5, 4, "Sam burned the first batch and we laughed about it all week."),
    (48, 3, 5, "Quieter than Maya hoped; Sam wants to go again in spring."),
    (26, 4, 4, ""),
    (9, 2, 4, "Too crowded on a Saturday. Try a weekday next time."),
)


def _picks(catalog: pd.DataFrame, couple: Couple, count: int) -> list[str]:
    """Activities that fit the demo couple, most fitting first, in a stable order."""
    c = Columns
    interests = set(couple.a.interests) | set(couple.b.interests)
    fits = catalog[
        (catalog[c.RISK] <= couple.risk_comfort) & (catalog[c.COST] <= couple.budget)
    ].copy()
    if len(fits) < count:
        fits = catalog.copy()
    fits["_overlap"] = [
        len(interests & (set(split_list(tags)) | {cat}))
        for tags, cat in zip(fits[c.TAGS], fits[c.CATEGORY], strict=True)
    ]
    fits = fits.sort_values(["_overlap", c.ACTIVITY_ID], ascending=[False, True])
    return list(fits[c.ACTIVITY_ID].head(count))


def create_demo_couple(store: Store, catalog: pd.DataFrame, *, today: date | None = None) -> int:
    """Save the demo couple with a few outings, reactions and a plan.

    Parameters
    ----------
    store : Store
        Where to save it.
    catalog : pandas.DataFrame
        The catalog in use; the demo's history is made from its activities.
    today : datetime.date, optional
        Anchors the dates (defaults to today).

    Returns
    -------
    int
        The new couple's id.
    """
    today = today or date.today()
    picks = _picks(catalog, DEMO_COUPLE, len(_PAST) + 3)
    costs = catalog.set_index(Columns.ACTIVITY_ID)[Columns.COST]
    # One backup document, restored in one transaction: the demo is there whole or not at all.
    store.import_data(backup_document([_demo_record(picks, costs, today)]))
    return store.find_couple(DEMO_NAME)


def _demo_record(picks: list[str], costs: pd.Series, today: date) -> dict[str, object]:
    """The demo couple as a backup's couple record: past outings, two thumbs up, one plan."""
    outings = [
        {
            "activity_id": activity_id,
            "date": (today - timedelta(days=days_ago)).isoformat(),
            "rating_a": rating_a,
            "rating_b": rating_b,
            "notes": notes,
            "cost": float(costs[activity_id]),
        }
        for activity_id, (days_ago, rating_a, rating_b, notes) in zip(picks, _PAST, strict=False)
    ]
    now = datetime.now(UTC).isoformat()
    liked = picks[len(_PAST) : len(_PAST) + 2]
    reactions = [
        {"activity_id": activity_id, "partner": partner, "rating": THUMBS_UP, "at": now}
        for activity_id, partner in zip(liked, ("a", "b"), strict=False)
    ]
    planned = [
        {"activity_id": aid, "date": (next_weekend(today) + timedelta(days=7)).isoformat()}
        for aid in picks[len(_PAST) + 2 : len(_PAST) + 3]
    ]
    return {
        "name": DEMO_NAME,
        "partners": {
            key: {
                "name": p.name,
                "interests": list(p.interests),
                "risk_comfort": p.risk_comfort,
                "budget": p.budget,
            }
            for key, p in (("a", DEMO_COUPLE.a), ("b", DEMO_COUPLE.b))
        },
        "reactions": reactions,
        "outings": outings,
        "planned": planned,
        "ideas": [],
    }
