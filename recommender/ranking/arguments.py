"""Checks of ``recommend``'s arguments: each error names the field and what is allowed."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime

import numpy as np

from recommender.catalog.columns import Season, Setting
from recommender.profiles import Feedback
from recommender.ranking.items import SEASONS
from recommender.wording import check_hemisphere, season_of

FILTER_SETTINGS = (Setting.INDOOR.value, Setting.OUTDOOR.value)


def check_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise ValueError(f"k must be a whole number, 0 or more (got {k!r})")
    return int(k)


def check_stretch(value: object) -> int:
    if isinstance(value, bool) or value not in (0, 1):
        raise ValueError(f"risk_stretch must be one of 0, 1 (got {value!r})")
    return int(value)  # type: ignore[call-overload]


def check_season(season: object, hemisphere: object = "north") -> str | None:
    # Checked even without a date, so a bad hemisphere is never silently ignored.
    where = check_hemisphere(hemisphere)
    if season is None:
        return None
    if isinstance(season, datetime):
        season = season.date()
    if isinstance(season, date):
        return season_of(season, where).value
    if isinstance(season, Season):
        return season.value
    if isinstance(season, str) and season.strip().lower() in SEASONS:
        return season.strip().lower()
    raise ValueError(f"season must be one of {', '.join(SEASONS)}, or a date (got {season!r})")


def check_setting(setting: object) -> str | None:
    if setting is None:
        return None
    value = setting.value if isinstance(setting, Setting) else setting
    if isinstance(value, str) and value.strip().lower() in FILTER_SETTINGS:
        return value.strip().lower()
    raise ValueError(
        f"setting must be one of {', '.join(FILTER_SETTINGS)}, or None for either (got {setting!r})"
    )


def check_hours(hours: object) -> float | None:
    if hours is None:
        return None
    if (
        isinstance(hours, bool)
        or not isinstance(hours, (int, float, np.number))
        or math.isnan(hours)
        or hours <= 0
    ):
        raise ValueError(f"max_hours must be a number of hours more than 0 (got {hours!r})")
    return float(hours)


def check_exclude(exclude: object) -> list[str]:
    if isinstance(exclude, str):
        return [exclude]
    message = "exclude must be a list of activity ids"
    if exclude is None or isinstance(exclude, bytes) or not isinstance(exclude, Iterable):
        raise ValueError(f"{message} (got {exclude!r})")
    ids = list(exclude)
    wrong = [a for a in ids if not isinstance(a, str)]
    if wrong:
        raise ValueError(f"{message} (got {wrong[0]!r} in it)")
    return ids


def check_feedback(feedback: object) -> list[Feedback]:
    message = "feedback must be a list of Feedback values"
    if isinstance(feedback, Feedback):
        raise ValueError(f"{message}, not a single Feedback: put it in a list")
    if feedback is None or isinstance(feedback, (str, bytes)) or not isinstance(feedback, Iterable):
        raise ValueError(f"{message} (got {feedback!r})")
    events = list(feedback)
    for event in events:
        if not isinstance(event, Feedback):
            raise ValueError(f"{message} (got {type(event).__name__})")
        if event.at is not None and not isinstance(event.at, datetime):
            raise ValueError(
                f"feedback for {event.activity_id!r}: at must be a date and time (a datetime),"
                f" or None (got {event.at!r})"
            )
    return events
