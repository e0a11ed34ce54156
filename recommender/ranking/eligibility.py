"""Step 1, the hard limits: which items may be suggested at all.

Within the lower budget and the lower risk comfort (one level more with a stretch),
within the context filters the caller gave, and not done, rated 1-2 or excluded.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from recommender.catalog.columns import Setting
from recommender.profiles import Couple
from recommender.ranking.history import History
from recommender.ranking.items import SEASON_BIT, Items


def eligible(
    items: Items,
    couple: Couple,
    history: History,
    *,
    stretch: int,
    season: str | None,
    setting: str | None,
    hours: float | None,
    exclude: Iterable[str],
) -> np.ndarray:
    """The indices of the items within every limit, in item order."""
    ok = (items.cost <= couple.budget) & (items.risk <= couple.risk_comfort + stretch)
    if season is not None:
        ok &= (items.season_bits & SEASON_BIT[season]) != 0
    if setting is not None:
        ok &= (items.setting == setting) | (items.setting == Setting.EITHER.value)
    if hours is not None:
        ok &= items.hours <= hours
    blocked = set(history.blocked)
    blocked.update(items.index[a] for a in exclude if a in items.index)
    if blocked:
        ok[list(blocked)] = False
    return np.flatnonzero(ok)
