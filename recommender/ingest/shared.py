"""What every ideas mapper shares: the error, the defaults and how their use is counted."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from recommender.catalog.columns import ANY_SEASON, Columns, Setting
from recommender.catalog.problems import Problem

C = Columns

#: Values used for a column the source file does not give (per row, when blank).
DEFAULTS: Final[dict[str, object]] = {
    C.CATEGORY: "at-home",
    C.COST: 0.0,
    C.RISK: 1,
    C.DURATION_HOURS: 2.0,
    C.SETTING: Setting.EITHER.value,
    C.ENERGY: 2,
    C.SEASONS: ANY_SEASON,
    C.CONVERSATION_STARTER: "What would make this one feel like ours?",
}
#: Description written when the source has none ({title} and {source} filled in).
DEFAULT_DESCRIPTION: Final = "{title}. Imported from {source}; add your own notes to describe it."
#: A conversation starter for an idea that has none, by its category (written for couples).
STARTERS: Final[dict[str, str]] = {
    "food-drink": "Which taste takes each of you back to being a child?",
    "outdoors": "Where outside do you each feel most like yourselves?",
    "adventure-sport": "What is something you were scared of once and now love?",
    "arts-crafts": "If we made something for our home, what would it be?",
    "music-performance": "Which song should be the soundtrack of this year for us?",
    "learning": "What would you like to be really good at in five years?",
    "wellness": "What helps you unwind when a week has been too much?",
    "games-puzzles": "Are you a gracious winner or a gracious loser? Be honest.",
    "travel-daytrips": "Which place would you love to show me, and why?",
    "volunteering": "Who helped you once in a way you still remember?",
    "at-home": "What would make an evening at home feel special to you?",
    "nightlife": "What was the best night out you had before we met?",
    "culture": "Which film, book or painting changed how you see something?",
}


def starter_for(category: str) -> str:
    """The conversation starter for an idea of ``category`` that has none."""
    return STARTERS.get(category, str(DEFAULTS[C.CONVERSATION_STARTER]))


class ImportFileError(ValueError):
    """An ideas file cannot be imported; the message says what is wrong and where.

    Parameters
    ----------
    message : str
        What is wrong (names the file).
    problems : sequence of Problem, optional
        Each problem with its line and field, listed after the message.
    """

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        self.problems = list(problems)
        lines = "".join(f"\n  - {p}" for p in self.problems)
        super().__init__(f"{message}{lines}")


@dataclass(frozen=True)
class DefaultUsed:
    """A default value written into rows whose source had nothing for that column.

    Attributes
    ----------
    column : str
        The catalog column filled.
    value : str
        The value written (a template for descriptions).
    rows : int
        How many rows got it.
    """

    column: str
    value: str
    rows: int


@dataclass
class Mapped:
    """What a mapper made of a file's records.

    Attributes
    ----------
    rows : list of dict
        One per importable record, with the catalog's columns.
    wheres : list of str
        Where each row came from (``"line 7"``).
    reasons : list of str
        Per row, why it may not suit a couple (``""`` when it does).
    problems : list of Problem
        Records that cannot be imported.
    """

    rows: list[dict[str, object]]
    wheres: list[str]
    reasons: list[str]
    problems: list[Problem]


class Filler:
    """Counts the defaults used, per column and value."""

    def __init__(self) -> None:
        self.used: Counter[tuple[str, str]] = Counter()

    def default(self, column: str, value: object, shown: str | None = None) -> object:
        """Return ``value``, counting that ``column`` got it (shown as ``shown``)."""
        self.used[(column, shown if shown is not None else shown_value(value))] += 1
        return value

    def report(self) -> list[DefaultUsed]:
        """The defaults used, in the catalog's column order."""
        order = {c: i for i, c in enumerate(C.ALL)}
        return [
            DefaultUsed(column, value, rows)
            for (column, value), rows in sorted(self.used.items(), key=lambda kv: order[kv[0][0]])
        ]


def shown_value(value: object) -> str:
    """A default as shown to people: ``2`` rather than ``2.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def norm_key(key: object) -> str:
    """A field name compared without case, spaces or hyphens (``"Duration Hours"``)."""
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def blank(value: object) -> bool:
    """Whether ``value`` is missing: None, NaN or only spaces."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def number(value: object) -> float | None:
    """``value`` as a finite number, or None (booleans are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip()
    if len(text) > 40:  # no cost or level needs more; keeps float() cheap
        return None
    try:
        result = float(text)
    except ValueError:
        return None
    return result if math.isfinite(result) else None
