"""Choosing this weekend's outing: the suggestions a couple sees, given their history.

This joins the store (profile, reactions, outings, plans, own ideas) and the
engine into the list shown on the app's home page, so the page only passes the
filters the couple picked. A suggestion either partner turned down, one already
planned and one already done never come back here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from recommender.catalog.columns import Columns, Setting
from recommender.profiles import THUMBS_DOWN

if TYPE_CHECKING:  # the engine is only needed for type hints here
    from recommender.profiles import Couple, Feedback
    from recommender.ranking.engine import Recommender


class CoupleData(Protocol):
    """One couple's data, as a store's couple scope gives it (no couple id to pass: the
    scope is bound to one couple, and checks it on every call)."""

    def get_couple(self) -> Couple: ...
    def ideas(self) -> pd.DataFrame: ...
    def feedback(self) -> list[Feedback]: ...
    def reactions(self) -> pd.DataFrame: ...
    def planned(self) -> pd.DataFrame: ...
    def outings(self) -> pd.DataFrame: ...
    def hemisphere(self) -> str: ...


#: How many cards the home page shows.
DEFAULT_COUNT = 6


@dataclass(frozen=True)
class WeekendFilters:
    """What the couple said about this outing.

    Parameters
    ----------
    day : datetime.date
        When they want to go; picks the season (where they live: see ``Store.hemisphere``).
    setting : {"indoor", "outdoor"} or None
        None means either.
    max_hours : float or None
        The time they have; None means no limit.
    stretch : bool
        "A little out of our comfort zone": one risk level above their comfort.
    surprise : bool
        "Surprise us": explore beyond the obvious matches.
    seed : int or None
        Makes a surprise repeatable until they ask for another.
    """

    day: date
    setting: str | None = None
    max_hours: float | None = None
    stretch: bool = False
    surprise: bool = False
    seed: int | None = None

    def __post_init__(self) -> None:
        allowed = (Setting.INDOOR.value, Setting.OUTDOOR.value)
        if self.setting is not None and self.setting not in allowed:
            raise ValueError(
                f"setting must be one of {', '.join(allowed)} or None (got {self.setting!r})"
            )
        if self.max_hours is not None and not self.max_hours > 0:
            raise ValueError(f"max_hours must be more than 0 (got {self.max_hours!r})")


def latest_reactions(reactions: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Each partner's latest thumbs per activity: ``{activity_id: {"a": 5, "b": 1}}``.

    Parameters
    ----------
    reactions : pandas.DataFrame
        ``Store.reactions`` output (``activity_id``, ``partner``, ``rating``), oldest first.
    """
    latest: dict[str, dict[str, int]] = {}
    for row in reactions.itertuples(index=False):
        latest.setdefault(str(row.activity_id), {})[str(row.partner)] = int(row.rating)
    return latest


def turned_down(reactions: pd.DataFrame) -> set[str]:
    """Activities whose latest thumbs from either partner is a thumbs down."""
    return {
        aid
        for aid, by_partner in latest_reactions(reactions).items()
        if THUMBS_DOWN in by_partner.values()
    }


def all_activities(catalog: pd.DataFrame, ideas: pd.DataFrame | None) -> pd.DataFrame:
    """The catalog and the couple's own ideas in one frame indexed by ``activity_id``.

    Adds a ``source`` column: ``"catalog"`` or ``"ours"``.
    """
    frames = [catalog.assign(source="catalog")]
    if ideas is not None and len(ideas):
        frames.append(ideas.assign(source="ours"))
    merged = pd.concat(frames, ignore_index=True)
    return merged.drop_duplicates(Columns.ACTIVITY_ID, keep="first").set_index(
        Columns.ACTIVITY_ID, drop=False
    )


def hidden_ids(data: CoupleData) -> set[str]:
    """Activities not to suggest: turned down, planned or already done."""
    hidden = turned_down(data.reactions())
    hidden |= set(data.planned()[Columns.ACTIVITY_ID].astype(str))
    hidden |= set(data.outings()[Columns.ACTIVITY_ID].astype(str))
    return hidden


def suggestions(
    engine: Recommender,
    data: CoupleData,
    filters: WeekendFilters,
    *,
    k: int = DEFAULT_COUNT,
) -> pd.DataFrame:
    """The top ``k`` suggestions for a couple, best first.

    Parameters
    ----------
    engine : Recommender
        The fitted engine.
    data : CoupleData
        The couple's profile and history: a store's couple scope
        (``store.local_scope(couple_id)`` or ``store.member_scope(member)``).
    filters : WeekendFilters
        What they picked for this outing.
    k : int
        How many to return.

    Returns
    -------
    pandas.DataFrame
        ``Recommender.recommend`` output: catalog columns plus ``score``,
        ``reason``, ``source``, ``score_a`` and ``score_b``.
    """
    couple = data.get_couple()
    ideas = data.ideas()
    kwargs: dict[str, Any] = {
        "feedback": data.feedback(),
        "ideas": ideas if len(ideas) else None,
        "exclude": sorted(hidden_ids(data)),
        "risk_stretch": 1 if filters.stretch else 0,
        "season": filters.day,
        "hemisphere": data.hemisphere(),
        "setting": filters.setting,
        "max_hours": filters.max_hours,
        "explore": filters.surprise,
        "seed": filters.seed,
    }
    return engine.recommend(couple, k=k, **kwargs).reset_index(drop=True)
