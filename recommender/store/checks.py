"""Checks and conversions of the values the store is given, before any transaction starts.

Each raises :class:`~recommender.store.errors.StoreError` naming the field, so a bad value
never reaches the database (whose own refusals differ between SQLite and PostgreSQL).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import UTC, date, datetime

import pandas as pd

from recommender.catalog.limits import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    LimitError,
    check_finite,
    check_text_value,
    check_year,
)
from recommender.profiles import RATING_MAX, RATING_MIN, check_level
from recommender.store.errors import StoreError


def _limit(check: object, *args: object, **kwargs: object) -> object:
    try:
        return check(*args, **kwargs)  # type: ignore[operator]
    except LimitError as exc:
        raise StoreError(str(exc)) from None


def utcnow() -> datetime:
    """Now, as the naive UTC the database stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_db_time(at: datetime | str | None, field: str = "at") -> datetime:
    """Naive UTC for the database; naive input is taken as local time, None as now."""
    if at is None:
        return utcnow()
    if isinstance(at, str):
        try:
            at = datetime.fromisoformat(at)
        except ValueError:
            raise StoreError(
                f"{field} must be a date and time like 2024-05-31T18:30:00 (got {at!r})"
            ) from None
    if not isinstance(at, datetime):
        raise StoreError(f"{field} must be a date and time (got {at!r})")
    _limit(check_year, at.year, field)
    return at.astimezone(UTC).replace(tzinfo=None)


def from_db_time(at: datetime) -> datetime:
    """The stored naive UTC as an aware datetime."""
    return at.replace(tzinfo=UTC)


def to_date(value: object, field: str = "date") -> date:
    """A calendar date from a date, a datetime or ``"2024-05-31"``."""
    day: date | None = None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(value.strip())
    if day is None:
        raise StoreError(f"{field} must be a date like 2024-05-31 (got {value!r})")
    _limit(check_year, day.year, field)
    return day


def rating(value: object, field: str) -> int:
    """A rating from 1 to 5."""
    try:
        return check_level(value, field, RATING_MIN, RATING_MAX)
    except ValueError as exc:
        raise StoreError(str(exc)) from None


def cost(value: object, field: str = "cost") -> float | None:
    """Dollars, 0 or more, or None when not recorded."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise StoreError(
            f"{field} must be a number of dollars, 0 or more, or empty (got {value!r})"
        )
    _limit(check_finite, float(value), field)
    if value < 0:
        raise StoreError(f"{field} must be 0 or more dollars (got {value!r})")
    return float(value)


def long_text(value: object, field: str) -> str:
    """Free text such as notes (newlines allowed)."""
    if not isinstance(value, str):
        raise StoreError(f"{field} must be text (got {value!r})")
    return _limit(check_text_value, value, field, max_length=LONG_TEXT_MAX, multiline=True)  # type: ignore[return-value]


def short_text(value: object, field: str) -> str:
    """A name or title: at most :data:`SHORT_TEXT_MAX` characters, no control characters."""
    if not isinstance(value, str):
        raise StoreError(f"{field} must be text (got {value!r})")
    return _limit(check_text_value, value, field)  # type: ignore[return-value]


def activity_id(value: object) -> str:
    """A non-empty activity id, without surrounding spaces."""
    if not isinstance(value, str) or not value.strip():
        raise StoreError(f"activity_id must be a non-empty text (got {value!r})")
    return short_text(value.strip(), "activity_id")


def couple_name(value: object) -> str:
    """A couple's name with single spaces, at most 200 characters."""
    if not isinstance(value, str) or not value.strip():
        raise StoreError(f"the couple's name must be a non-empty text (got {value!r})")
    name = " ".join(value.split())
    if len(name) > SHORT_TEXT_MAX:
        raise StoreError(
            f"the couple's name is {len(name):,} characters; the most allowed is {SHORT_TEXT_MAX}"
        )
    return short_text(name, "the couple's name")


def row_id(value: object, what: str) -> int:
    """A row id given by a caller: a whole number."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise StoreError(f"{what} must be a whole number (got {value!r})")
    return value


def frame(
    rows: list[dict[str, object]], columns: Iterable[str], dtypes: dict, texts: Iterable[str] = ()
) -> pd.DataFrame:
    """A frame typed the same whether it has rows or not (text columns as pandas' ``str``)."""
    out = pd.DataFrame(rows, columns=list(columns))
    return out.astype({**dict.fromkeys(texts, str), **dtypes})
