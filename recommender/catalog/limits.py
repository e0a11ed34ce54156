"""Limits every value must respect, whichever database stores it.

SQLite stores almost anything; PostgreSQL refuses a NUL character and text longer than a
``VARCHAR(n)``. The store's schema and every reader (catalog, ideas files, backups, forms)
use the limits defined here, so a value accepted on one database is accepted on the other
and a backup made on SQLite always restores on PostgreSQL.
"""

from __future__ import annotations

import math
import unicodedata

#: Longest short text (names, titles, activity ids): the schema's ``VARCHAR(200)``.
SHORT_TEXT_MAX = 200
#: Longest category name: the schema's ``VARCHAR(50)``.
CATEGORY_MAX = 50
#: Longest setting value: the schema's ``VARCHAR(20)``.
SETTING_MAX = 20
#: Longest list of seasons: the schema's ``VARCHAR(100)``.
SEASONS_MAX = 100
#: Longest long text (descriptions, notes, conversation starters, tag lists).
LONG_TEXT_MAX = 5_000

#: Characters allowed in text although they are control characters.
_ALLOWED_CONTROLS = frozenset("\n\t")


class LimitError(ValueError):
    """A value breaks one of the limits; the message says which and how."""


def first_forbidden_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character no database or calendar accepts in text, or None.

    Parameters
    ----------
    value : str
        The text to check.
    multiline : bool
        Whether newlines and tabs are allowed (notes and descriptions).

    Returns
    -------
    str or None
        A description such as ``"U+0000"``, or None when the text is clean.
    """
    for char in value:
        if multiline and char in _ALLOWED_CONTROLS:
            continue
        # Cc: C0/C1 controls (NUL included); Zl/Zp: line and paragraph separators.
        if unicodedata.category(char) in {"Cc", "Zl", "Zp"}:
            return f"U+{ord(char):04X}"
    return None


def check_text_value(
    value: str, field: str, *, max_length: int = SHORT_TEXT_MAX, multiline: bool = False
) -> str:
    """Return ``value`` if it fits the limits, else raise :class:`LimitError` naming ``field``.

    Parameters
    ----------
    value : str
        The text to check.
    field : str
        Where it came from, for the message (``"couples[0].name"``, ``"title"``).
    max_length : int
        The longest allowed length in characters.
    multiline : bool
        Whether newlines and tabs are allowed.

    Returns
    -------
    str
        ``value`` unchanged.

    Raises
    ------
    LimitError
        When the text is too long or holds a control character.
    """
    if len(value) > max_length:
        raise LimitError(
            f"{field} is {len(value):,} characters long; the most allowed is {max_length:,}"
        )
    bad = first_forbidden_character(value, multiline=multiline)
    if bad is not None:
        raise LimitError(f"{field} contains a control character ({bad}), which is not allowed")
    return value


def check_finite(value: float, field: str) -> float:
    """Return ``value`` if it is a finite number, else raise :class:`LimitError`.

    Infinity and NaN are refused: strict JSON has no token for them, and a cost or
    budget of infinity means nothing to a person.
    """
    if not math.isfinite(value):
        raise LimitError(f"{field} must be a finite number, not {value!r}")
    return value


#: Most digits a number in a file may have (a cost of 10^30 dollars already means nothing).
NUMBER_DIGITS_MAX = 30
#: Deepest nesting of lists and objects in a JSON file (an activity needs two levels).
JSON_DEPTH_MAX = 20

#: Earliest and latest year of a date anyone would log or plan (outside, a typo or an attack:
#: year 1 with a time zone even overflows Python's datetime when converted to UTC).
YEAR_MIN = 1900
YEAR_MAX = 2200
#: Most digits in a whole number read from a file (Python refuses to parse more than 4,300).
INTEGER_DIGITS_MAX = 18


def check_year(year: int, field: str) -> int:
    """Return ``year`` if it is within :data:`YEAR_MIN`-:data:`YEAR_MAX`, else raise LimitError."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise LimitError(
            f"{field} must be between the years {YEAR_MIN} and {YEAR_MAX} (got {year})"
        )
    return year
