"""Activity ids retired from the bundled catalog, and the activity each now stands for.

An ``activity_id`` is published: a couple's thumbs, outings and plans point at it. When two
rows turn out to be the same activity and are merged, the id that goes is not forgotten but
redirected here, so what a couple did or said about it still counts (for the ranking, the
history and the titles shown) under the id that stays. The store applies
:func:`current_id` to every id it reads back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Retired id -> the id of the same activity in the bundled catalog.
RETIRED: Mapping[str, str] = {
    # Two rows for geocaching ("Go geocaching with a GPS app"): merged in November 2026.
    "geocaching-adventure": "geocaching-hunt",
}


def current_id(activity_id: str) -> str:
    """The id to use for ``activity_id``: its replacement if it was retired, else itself."""
    return RETIRED.get(activity_id, activity_id)


def redirect_ids(frame: pd.DataFrame, column: str = "activity_id") -> pd.DataFrame:
    """``frame`` with retired ids in ``column`` replaced (the same frame when none are)."""
    if column not in frame.columns or not frame[column].isin(RETIRED.keys()).any():
        return frame
    out = frame.copy()
    out[column] = out[column].map(current_id)
    return out
