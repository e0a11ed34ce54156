"""Loading and validating activity catalogs.

A catalog is a CSV file with the columns in :class:`recommender.columns.Columns`.
Validation collects *every* problem before raising, so a contributor fixing a
file sees the whole list at once, each problem with its line, column and value.
The same rules check a couple's own ideas (:func:`validate_activities`).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from recommender.catalog.columns import (
    ANY_SEASON,
    CATEGORIES,
    IDEA_PREFIX,
    LIST_SEPARATOR,
    TAGS,
    Columns,
    Season,
    Setting,
)
from recommender.catalog.files import UnreadableFileError, read_bytes
from recommender.catalog.problems import Problem
from recommender.catalog.readers import (
    FileFormatError,
    cell_problems,
    csv_rows,
    decode_text,
    header_problems,
    sniff_delimiter,
)

__all__ = [
    "BUNDLED_CATALOG",
    "CatalogError",
    "Problem",
    "catalog_summary",
    "expand_seasons",
    "load_catalog",
    "parse_catalog_bytes",
    "split_list",
    "validate_activities",
]


def _bundled_catalog() -> Path:
    """The catalog shipped with the library: ``data/`` of a checkout, or where a wheel put it."""
    in_checkout = Path(__file__).resolve().parents[2] / "data" / "activities.csv"
    installed = Path(sys.prefix) / "share" / "couples-recommender" / "activities.csv"
    return in_checkout if in_checkout.is_file() or not installed.is_file() else installed


#: The catalog shipped with the library.
BUNDLED_CATALOG: Path = _bundled_catalog()

_RESERVED = f"ids starting with '{IDEA_PREFIX}' are kept for a couple's own ideas"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MAX_TITLE = 80
_TAG_SET = frozenset(TAGS)
_CATEGORY_SET = frozenset(CATEGORIES)
_SEASON_VALUES = tuple(s.value for s in Season)
_SETTING_VALUES = tuple(s.value for s in Setting)


class CatalogError(ValueError):
    """A catalog (or a couple's idea) breaks the catalog's rules.

    Parameters
    ----------
    source : str
        What was being read, e.g. the file name.
    problems : sequence of Problem
        Every problem found, in file order.
    """

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{source} has {count} {noun}:\n{lines}")


def split_list(cell: str) -> list[str]:
    """Split a ``;``-separated cell into its trimmed, non-empty items."""
    return [item.strip() for item in str(cell).split(LIST_SEPARATOR) if item.strip()]


def expand_seasons(cell: str) -> list[str]:
    """The seasons a ``seasons`` cell stands for, with ``any`` expanded to all four."""
    items = [s.lower() for s in split_list(cell)]
    return list(_SEASON_VALUES) if ANY_SEASON in items else items


def load_catalog(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate an activity catalog.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file with the catalog's columns. Defaults to the bundled catalog.

    Returns
    -------
    pandas.DataFrame
        One row per activity, columns in :attr:`Columns.ALL` order, with numeric
        columns typed (``cost`` and ``duration_hours`` float, ``risk`` and
        ``energy`` int) and the index a plain ``RangeIndex``.

    Raises
    ------
    CatalogError
        When the file is missing, empty, not UTF-8, or any row breaks a rule;
        the message lists every problem with its line number, column and value.
    """
    file = Path(path) if path is not None else BUNDLED_CATALOG
    source = file.name
    try:
        raw = read_bytes(file)
    except UnreadableFileError as exc:
        raise CatalogError(source, [Problem("", "", "", f"{file}: {exc}")]) from None
    return parse_catalog_bytes(raw, source, file.suffix)


def parse_catalog_bytes(raw: bytes, source: str, suffix: str = ".csv") -> pd.DataFrame:
    """Validate catalog CSV content held in memory (see :func:`load_catalog`).

    The delimiter (``,``, ``;`` or tab) is sniffed from the header line.
    """
    try:
        text = decode_text(raw)
        header_cells, records = csv_rows(text, sniff_delimiter(text, suffix), row_limit=10**9)
    except FileFormatError as exc:
        located = re.match(r"(line \d+)(: | )(.*)", exc.message, re.S)
        where, message = ("", exc.message) if located is None else (located[1], located[3])
        if located is not None and located[2] == " ":  # "line 3 is not UTF-8 text"
            message = f"the file {message}"
        raise CatalogError(source, [Problem(where, "", "", message), *exc.problems]) from None
    header = [h.strip() for h in header_cells]
    problems: list[Problem] = header_problems(header)
    missing = [c for c in Columns.ALL if c not in header]
    if missing:
        # Name what was expected, never what was found: the file may be anybody's.
        problems.append(
            Problem(
                "line 1",
                "",
                "",
                f"missing column(s): {', '.join(missing)}; a catalog has the columns"
                f" {', '.join(Columns.ALL)}",
            )
        )
        raise CatalogError(source, problems)

    rows: list[dict[str, str]] = []
    wheres: list[str] = []
    for line, record in records:
        if len(record) != len(header):
            problems.append(
                Problem(
                    f"line {line}",
                    "",
                    "",
                    f"expected {len(header)} fields but found {len(record)}"
                    " (is a comma missing its quotes?)",
                )
            )
            continue
        row = dict(zip(header, record, strict=True))
        cells = cell_problems(f"line {line}", row)
        if cells:
            problems.extend(cells)
            continue
        rows.append(row)
        wheres.append(f"line {line}")
    if not rows and not problems:
        raise CatalogError(source, [Problem("", "", "", "the file has a header but no activities")])

    frame, row_problems = _check_rows(rows, wheres)
    problems.extend(row_problems)
    problems.extend(
        Problem(where, Columns.ACTIVITY_ID, row[Columns.ACTIVITY_ID].strip(), _RESERVED)
        for row, where in zip(rows, wheres, strict=True)
        if row[Columns.ACTIVITY_ID].strip().startswith(IDEA_PREFIX)
    )
    if problems:
        problems.sort(key=_line_key)
        raise CatalogError(source, problems)
    return frame


def validate_activities(
    records: Iterable[Mapping[str, object]],
    *,
    source: str = "activity",
    where: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Check activities given as mappings (a form, an imported file) by the catalog's rules.

    Parameters
    ----------
    records : iterable of mapping
        Each with the catalog's columns; values may be strings or numbers.
    source : str
        Names the input in the error message.
    where : sequence of str, optional
        A location label per record (``"row 3"``); defaults to ``"row 1"``, ``"row 2"``...

    Returns
    -------
    pandas.DataFrame
        The activities typed like :func:`load_catalog`'s result.

    Raises
    ------
    CatalogError
        Listing every problem, each with its row, column and value.
    """
    rows = [{k: "" if v is None else _as_text(v) for k, v in r.items()} for r in records]
    labels = list(where) if where is not None else [f"row {i}" for i in range(1, len(rows) + 1)]
    problems: list[Problem] = []
    for label, row in zip(labels, rows, strict=True):
        missing = [c for c in Columns.ALL if c not in row]
        if missing:
            problems.append(Problem(label, "", "", f"missing field(s): {', '.join(missing)}"))
    if problems:
        raise CatalogError(source, problems)
    frame, problems = _check_rows(rows, labels)
    if problems:
        raise CatalogError(source, problems)
    return frame


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _line_key(problem: Problem) -> tuple[int, int]:
    digits = re.findall(r"\d+", problem.where)
    column = Columns.ALL.index(problem.column) if problem.column in Columns.ALL else -1
    return (int(digits[0]) if digits else 0, column)


def _check_rows(
    rows: list[dict[str, str]], wheres: list[str]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate string rows; return the typed frame and the problems found."""
    problems: list[Problem] = []
    out: list[dict[str, object]] = []
    first_seen: dict[str, str] = {}
    c = Columns
    for row, where in zip(rows, wheres, strict=True):

        def bad(column: str, message: str, _where: str = where, _row: dict = row) -> None:
            problems.append(Problem(_where, column, _row.get(column, "").strip(), message))

        cleaned = {col: row[col].strip() for col in c.ALL}

        aid = cleaned[c.ACTIVITY_ID]
        if not aid:
            bad(c.ACTIVITY_ID, "is empty; every activity needs an id")
        elif not _SLUG.match(aid):
            bad(
                c.ACTIVITY_ID,
                "must be a lower-case slug of letters, digits and single hyphens,"
                " like 'guided-sea-kayaking'",
            )
        elif aid in first_seen:
            bad(c.ACTIVITY_ID, f"duplicate id, first used on {first_seen[aid]}")
        else:
            first_seen[aid] = where

        title = cleaned[c.TITLE]
        if not title:
            bad(c.TITLE, "is empty; every activity needs a title")
        elif len(title) > _MAX_TITLE:
            bad(c.TITLE, f"is {len(title)} characters long; the most allowed is {_MAX_TITLE}")
        for col in (c.DESCRIPTION, c.CONVERSATION_STARTER):
            if not cleaned[col]:
                bad(col, "is empty")

        if cleaned[c.CATEGORY] not in _CATEGORY_SET:
            bad(c.CATEGORY, f"unknown category; allowed: {', '.join(CATEGORIES)}")

        tags = split_list(cleaned[c.TAGS])
        if not tags:
            bad(c.TAGS, "is empty; give at least one tag from the vocabulary in data/README.md")
        unknown = [t for t in tags if t not in _TAG_SET]
        if unknown:
            bad(
                c.TAGS,
                f"unknown tag(s) {', '.join(repr(t) for t in unknown)};"
                " allowed tags are listed in data/README.md",
            )

        cost = _number(cleaned[c.COST])
        if cost is None:
            bad(c.COST, "is not a number; write the cost in US dollars, 0 for free")
        elif cost < 0:
            bad(c.COST, "is negative; cost must be 0 (free) or more")

        duration = _number(cleaned[c.DURATION_HOURS])
        if duration is None:
            bad(c.DURATION_HOURS, "is not a number of hours")
        elif duration <= 0:
            bad(c.DURATION_HOURS, "must be more than 0 hours")

        levels: dict[str, int | None] = {}
        for col in (c.RISK, c.ENERGY):
            level = _integer(cleaned[col])
            if level is None:
                bad(col, "is not a whole number; allowed: 1, 2, 3, 4, 5")
            elif not 1 <= level <= 5:
                bad(col, "is outside the scale; allowed: 1, 2, 3, 4, 5")
                level = None
            levels[col] = level

        setting = cleaned[c.SETTING].lower()
        if setting not in _SETTING_VALUES:
            bad(c.SETTING, f"unknown setting; allowed: {', '.join(_SETTING_VALUES)}")

        seasons = [s.lower() for s in split_list(cleaned[c.SEASONS])]
        wrong = [s for s in seasons if s != ANY_SEASON and s not in _SEASON_VALUES]
        if not seasons or wrong:
            bad(
                c.SEASONS,
                f"unknown or missing season; allowed: '{ANY_SEASON}', or one or more of"
                f" {', '.join(_SEASON_VALUES)}"
                f" separated by '{LIST_SEPARATOR}'",
            )

        out.append(
            {
                **cleaned,
                c.TAGS: LIST_SEPARATOR.join(tags),
                c.COST: cost,
                c.DURATION_HOURS: duration,
                c.RISK: levels[c.RISK],
                c.ENERGY: levels[c.ENERGY],
                c.SETTING: setting,
                c.SEASONS: LIST_SEPARATOR.join(seasons),
            }
        )

    frame = pd.DataFrame(out, columns=list(Columns.ALL))
    if not problems:
        frame = frame.astype({c.COST: float, c.DURATION_HOURS: float, c.RISK: int, c.ENERGY: int})
    return frame.reset_index(drop=True), problems


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _integer(text: str) -> int | None:
    value = _number(text)
    if value is None or not value.is_integer():
        return None
    return int(value)


def catalog_summary(catalog: pd.DataFrame) -> dict[str, object]:
    """Headline figures of a validated catalog, as printed by ``validate-catalog``.

    Parameters
    ----------
    catalog : pandas.DataFrame
        A frame returned by :func:`load_catalog`.

    Returns
    -------
    dict
        ``rows``, ``categories`` (count per category), ``risk_levels`` (count per
        level), ``cost_min``, ``cost_max`` and ``free`` (number costing 0).
    """
    c = Columns
    return {
        "rows": len(catalog),
        "categories": catalog[c.CATEGORY].value_counts().sort_index().to_dict(),
        "risk_levels": catalog[c.RISK].value_counts().sort_index().to_dict(),
        "cost_min": float(catalog[c.COST].min()),
        "cost_max": float(catalog[c.COST].max()),
        "free": int((catalog[c.COST] == 0).sum()),
    }
