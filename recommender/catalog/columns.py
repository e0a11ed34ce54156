"""Column names and controlled vocabularies, defined once for the whole library.

Every module that touches the catalog refers to these names instead of string
literals, so renaming a column or adding a tag is a one-line change here (plus
the data dictionary in ``data/README.md``, which a test keeps in step).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Columns:
    """Names of the catalog's columns."""

    ACTIVITY_ID: Final = "activity_id"
    TITLE: Final = "title"
    DESCRIPTION: Final = "description"
    CATEGORY: Final = "category"
    TAGS: Final = "tags"
    COST: Final = "cost"
    RISK: Final = "risk"
    DURATION_HOURS: Final = "duration_hours"
    SETTING: Final = "setting"
    ENERGY: Final = "energy"
    SEASONS: Final = "seasons"
    CONVERSATION_STARTER: Final = "conversation_starter"

    #: Every column a catalog file must have, in file order.
    ALL: Final = (
        ACTIVITY_ID,
        TITLE,
        DESCRIPTION,
        CATEGORY,
        TAGS,
        COST,
        RISK,
        DURATION_HOURS,
        SETTING,
        ENERGY,
        SEASONS,
        CONVERSATION_STARTER,
    )


class RecColumns:
    """Extra columns of the frame returned by ``Recommender.recommend``."""

    SCORE: Final = "score"
    REASON: Final = "reason"
    SOURCE: Final = "source"
    #: Each partner's predicted enjoyment, 0..1.
    SCORE_A: Final = "score_a"
    SCORE_B: Final = "score_b"


class Setting(StrEnum):
    """Where an activity happens."""

    INDOOR = "indoor"
    OUTDOOR = "outdoor"
    EITHER = "either"


class Season(StrEnum):
    """Seasons an activity suits; ``any`` in the file means all four."""

    SPRING = "spring"
    SUMMER = "summer"
    AUTUMN = "autumn"
    WINTER = "winter"


#: Written in the ``seasons`` column instead of listing all four.
ANY_SEASON: Final = "any"

#: Every id of a couple's own idea starts with this; catalog ids never do, so the two never clash.
IDEA_PREFIX: Final = "ours-"

#: Separator of multi-valued cells (``tags``, ``seasons``).
LIST_SEPARATOR: Final = ";"

#: Activity categories; none may hold more than a quarter of the catalog.
CATEGORIES: Final[tuple[str, ...]] = (
    "food-drink",
    "outdoors",
    "adventure-sport",
    "arts-crafts",
    "music-performance",
    "learning",
    "wellness",
    "games-puzzles",
    "travel-daytrips",
    "volunteering",
    "at-home",
    "nightlife",
    "culture",
)

#: The controlled tag vocabulary. Tags describe what an activity involves;
#: partners' interests are matched against them (and against free text).
TAGS: Final[tuple[str, ...]] = (
    "adrenaline",
    "animals",
    "art",
    "baking",
    "beach",
    "board-games",
    "camping",
    "city",
    "climbing",
    "coffee",
    "comedy",
    "community",
    "competitive",
    "cooking",
    "crafts",
    "cycling",
    "dance",
    "diy",
    "drinks",
    "film",
    "fitness",
    "foraging",
    "gardening",
    "heights",
    "hiking",
    "history",
    "languages",
    "live-music",
    "markets",
    "mindfulness",
    "music",
    "nature",
    "night",
    "painting",
    "photography",
    "pottery",
    "puzzles",
    "reading",
    "relaxation",
    "road-trip",
    "romantic",
    "running",
    "science",
    "singing",
    "snow",
    "social",
    "spa",
    "sports",
    "stargazing",
    "technology",
    "theatre",
    "water",
    "wildlife",
    "wine",
    "writing",
    "yoga",
)

#: The risk scale in words, shown to couples next to the risk slider.
RISK_LEVELS: Final[dict[int, str]] = {
    1: "No real risk: at home or seated, nothing to get hurt on or embarrassed by.",
    2: "Gentle: light effort or a small social stretch, like an easy trail or a beginners' class.",
    3: "Some nerve: real effort or an out-of-comfort-zone moment, with standard gear or a teacher.",
    4: "Bold: heights, speed or open water, done with an instructor or guide and proper equipment.",
    5: "Thrilling: a genuine adrenaline rush managed by professionals, like a tandem skydive.",
}

#: Short names for the risk levels, for cards and tables.
RISK_NAMES: Final[dict[int, str]] = {
    1: "no real risk",
    2: "gentle",
    3: "some nerve",
    4: "bold",
    5: "thrilling",
}

#: Energy scale anchors (physical effort), documented in data/README.md.
ENERGY_LEVELS: Final[dict[int, str]] = {
    1: "Seated or lying down the whole time.",
    2: "On your feet, strolling pace.",
    3: "Steady activity that warms you up.",
    4: "Hard work: you will sweat and be tired afterwards.",
    5: "Demanding: needs a reasonable level of fitness.",
}
