"""How numbers and codes are said to a couple: plain words, never jargon.

The app and the CLI show costs, durations, risk levels and predicted enjoyment
through these helpers, so the same thing is always said the same way and every
number comes with what it means.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from recommender.catalog.columns import (
    ENERGY_LEVELS,
    RISK_LEVELS,
    RISK_NAMES,
    Columns,
    Season,
    Setting,
)
from recommender.catalog.ids import slugify  # noqa: F401  (re-exported: ids and file names)
from recommender.profiles import RATING_MAX, RATING_MIN, check_level

#: "How much time do you have?" choices, in hours; None means no limit.
TIME_CHOICES: Final[dict[str, float | None]] = {
    "An hour or two": 2.0,
    "Half a day": 4.0,
    "A whole day": 8.0,
    "No limit": None,
}

#: What each rating on the 1-5 scale means, shown next to rating sliders.
RATING_WORDS: Final[dict[int, str]] = {
    1: "not for us",
    2: "it was OK",
    3: "liked it",
    4: "really enjoyed it",
    5: "loved it",
}

_SETTING_WORDS: Final[dict[str, str]] = {
    Setting.INDOOR.value: "indoors",
    Setting.OUTDOOR.value: "outdoors",
    Setting.EITHER.value: "indoors or outdoors",
}


class Hemisphere(StrEnum):
    """Where a couple lives: the seasons of the south are six months from the north's."""

    NORTH = "north"
    SOUTH = "south"


#: How each hemisphere is described on screen (a person may not know the word's meaning here).
HEMISPHERE_WORDS: Final[dict[Hemisphere, str]] = {
    Hemisphere.NORTH: "Northern hemisphere (Europe, North America, most of Asia)",
    Hemisphere.SOUTH: (
        "Southern hemisphere (Australia, New Zealand, South America, southern Africa)"
    ),
}


def check_hemisphere(value: object) -> Hemisphere:
    """``value`` as a :class:`Hemisphere`; ``"South"`` and ``Hemisphere.SOUTH`` both work.

    Raises
    ------
    ValueError
        Listing the allowed values, when it is neither.
    """
    if isinstance(value, Hemisphere):
        return value
    if isinstance(value, str) and value.strip().lower() in {h.value for h in Hemisphere}:
        return Hemisphere(value.strip().lower())
    allowed = ", ".join(h.value for h in Hemisphere)
    raise ValueError(f"hemisphere must be one of {allowed} (got {value!r})")


# Meteorological seasons for the northern hemisphere (the catalog's "temperate climate").
_MONTH_SEASON: Final[dict[int, Season]] = {
    12: Season.WINTER,
    1: Season.WINTER,
    2: Season.WINTER,
    3: Season.SPRING,
    4: Season.SPRING,
    5: Season.SPRING,
    6: Season.SUMMER,
    7: Season.SUMMER,
    8: Season.SUMMER,
    9: Season.AUTUMN,
    10: Season.AUTUMN,
    11: Season.AUTUMN,
}


def risk_name(level: int) -> str:
    """The short name of a risk level: ``2`` -> ``"gentle"``.

    Raises
    ------
    ValueError
        If ``level`` is not 1-5.
    """
    return RISK_NAMES[check_level(level, "risk", 1, 5)]


def risk_words(level: int) -> str:
    """A risk level for a card: ``3`` -> ``"some nerve (3 of 5)"``."""
    level = check_level(level, "risk", 1, 5)
    return f"{RISK_NAMES[level]} ({level} of 5)"


def risk_description(level: int) -> str:
    """The full sentence for a risk level, with examples from the risk scale."""
    return RISK_LEVELS[check_level(level, "risk", 1, 5)]


def energy_words(level: int) -> str:
    """The energy (physical effort) scale in words."""
    return ENERGY_LEVELS[check_level(level, "energy", 1, 5)]


def money(amount: float) -> str:
    """Dollars without cents when whole: ``40.0`` -> ``"$40"``, ``12.5`` -> ``"$12.50"``."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "not noted"
    amount = float(amount)
    if amount.is_integer():
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


def count_words(count: int, noun: str, plural: str | None = None) -> str:
    """A number with its noun in the right form: ``(1, "idea")`` -> ``"1 idea"``.

    Parameters
    ----------
    count : int
        How many.
    noun : str
        The singular noun.
    plural : str, optional
        The plural when it is not ``noun + "s"`` (``"activities"``).
    """
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def cost_words(cost: float) -> str:
    """The cost for the two of them: ``0`` -> ``"free"``, ``40`` -> ``"about $40 for two"``."""
    if cost is None or (isinstance(cost, float) and math.isnan(cost)):
        return "cost not known"
    if float(cost) == 0:
        return "free"
    return f"about {money(cost)} for two"


def duration_words(hours: float) -> str:
    """A duration in words: ``0.5`` -> ``"about 30 minutes"``, ``8`` -> ``"a whole day"``."""
    hours = float(hours)
    if hours < 1:
        return f"about {round(hours * 60)} minutes"
    if hours > 30:
        return f"about {count_words(round(hours / 24), 'day')}"
    if hours > 10:
        return f"overnight (about {round(hours)} hours)"
    if hours >= 7:
        return "a whole day"
    return f"about {_hours_text(hours)}"


def _hours_text(hours: float) -> str:
    whole = int(hours)
    half = hours - whole >= 0.25
    if whole == 1 and not half:
        return "1 hour"
    return f"{whole}{'½' if half else ''} hours"


def setting_words(setting: str) -> str:
    """``"indoor"`` -> ``"indoors"``, ``"either"`` -> ``"indoors or outdoors"``."""
    try:
        return _SETTING_WORDS[str(setting)]
    except KeyError:
        allowed = ", ".join(_SETTING_WORDS)
        raise ValueError(f"setting must be one of {allowed} (got {setting!r})") from None


def rating_words(rating: int) -> str:
    """A rating with its meaning: ``4`` -> ``"4 of 5: really enjoyed it"``."""
    rating = check_level(rating, "rating", RATING_MIN, RATING_MAX)
    return f"{rating} of 5: {RATING_WORDS[rating]}"


def enjoyment_words(score: float) -> str:
    """A predicted enjoyment in 0..1 as a percentage and a phrase.

    ``0.82`` -> ``"82% (likely to love it)"``. The percentage is how strongly the
    recommender expects that partner to enjoy the activity, from their interests,
    risk comfort and budget and from how they have rated things so far.
    """
    score = float(score)
    if math.isnan(score):
        return "not known yet"
    score = min(max(score, 0.0), 1.0)
    if score >= 0.75:
        phrase = "likely to love it"
    elif score >= 0.5:
        phrase = "likely to enjoy it"
    elif score >= 0.3:
        phrase = "might enjoy it"
    else:
        phrase = "a stretch for them"
    return f"{round(score * 100)}% ({phrase})"


#: The season six months away: what the same date is in the other hemisphere.
_OPPOSITE: Final[dict[Season, Season]] = {
    Season.WINTER: Season.SUMMER,
    Season.SUMMER: Season.WINTER,
    Season.SPRING: Season.AUTUMN,
    Season.AUTUMN: Season.SPRING,
}


def season_of(day: date, hemisphere: Hemisphere | str = Hemisphere.NORTH) -> Season:
    """The season a date falls in where the couple lives.

    Parameters
    ----------
    day : datetime.date
        The day.
    hemisphere : {"north", "south"}
        Where they live: late November is autumn in the north and spring in the south.

    Raises
    ------
    ValueError
        For a hemisphere other than ``"north"`` or ``"south"``.
    """
    season = _MONTH_SEASON[day.month]
    return _OPPOSITE[season] if check_hemisphere(hemisphere) is Hemisphere.SOUTH else season


def day_words(day: date) -> str:
    """A date as people say it: ``date(2025, 6, 14)`` -> ``"Saturday 14 June 2025"``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def next_weekend(today: date) -> date:
    """The coming Saturday, or today when today is Saturday or Sunday."""
    if today.weekday() >= 5:
        return today
    return today + timedelta(days=5 - today.weekday())


def pretty_label(value: str) -> str:
    """A tag or category for a menu: ``"board-games"`` -> ``"board games"``."""
    return str(value).replace("-", " ")


#: Categories as a person would say them in a sentence ("Sam's love of ...").
_CATEGORY_WORDS = {
    "food-drink": "food and drink",
    "adventure-sport": "adventure sports",
    "arts-crafts": "arts and crafts",
    "music-performance": "music and performing",
    "games-puzzles": "games and puzzles",
    "travel-daytrips": "day trips",
    "at-home": "nights in",
}


def interest_words(interest: str) -> str:
    """An interest as said in a sentence: ``"board-games"`` -> ``"board games"``.

    Free words a partner typed are kept as they wrote them.
    """
    return _CATEGORY_WORDS.get(interest, interest.replace("-", " "))


# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the
# ones that can start formatting, links, maths or Streamlit's ":color[...]" directives.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: object) -> str:
    """Catalog or user text made safe to show inside Markdown: shown as typed, never formatted."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


_FIELD_LABELS: Final[dict[str, str]] = {
    Columns.ACTIVITY_ID: "Id",
    Columns.TITLE: "Title",
    Columns.DESCRIPTION: "What you do",
    Columns.CATEGORY: "Kind of activity",
    Columns.TAGS: "What it involves",
    Columns.COST: "Cost for two ($)",
    Columns.RISK: "Risk (1-5)",
    Columns.DURATION_HOURS: "How long (hours)",
    Columns.SETTING: "Indoors or out",
    Columns.ENERGY: "Physical effort (1-5)",
    Columns.SEASONS: "Seasons",
    Columns.CONVERSATION_STARTER: "Question to ask each other",
}


def field_label(column: str) -> str:
    """What a catalog column is called on screen: ``"duration_hours"`` -> ``"How long (hours)"``."""
    return _FIELD_LABELS.get(column, pretty_label(column).replace("_", " "))
