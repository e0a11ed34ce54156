"""One set of readers for files of activities: text, CSV and JSON lines, within limits.

The catalog (:mod:`recommender.catalog.loading`) and the ideas import
(:mod:`recommender.ingest`) both read through here, so a file is decoded, split and
bounded the same way whichever door it comes in by:

* text is UTF-8 (a byte-order mark is dropped); a NUL byte means a binary file;
* CSV's delimiter is sniffed from the header line among ``,``, ``;`` and tab, so
  ``;``-separated files saved by European spreadsheets work (``.tsv`` is always tab);
* JSON (lines, or one array of objects) refuses nesting deeper than
  :data:`~recommender.catalog.limits.JSON_DEPTH_MAX`, numbers longer than
  :data:`~recommender.catalog.limits.NUMBER_DIGITS_MAX` digits and the non-finite
  ``Infinity``, ``NaN`` and ``1e309``, naming the line and field;
* every known column's text is held to the limits the database has
  (:func:`cell_problems`).

Errors are :class:`FileFormatError` with messages that never quote the file's content
beyond the offending cell, so pointing a reader at a private file reveals nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Mapping, Sequence
from typing import Final

from recommender.catalog.columns import Columns
from recommender.catalog.limits import (
    CATEGORY_MAX,
    JSON_DEPTH_MAX,
    LONG_TEXT_MAX,
    NUMBER_DIGITS_MAX,
    SEASONS_MAX,
    SETTING_MAX,
    SHORT_TEXT_MAX,
)
from recommender.catalog.problems import Problem

#: The setting (environment variable) that raises :func:`max_rows`.
MAX_ROWS_SETTING: Final = "RECOMMENDER_MAX_ROWS"
#: Most activities one file may hold when the setting is not given.
DEFAULT_MAX_ROWS: Final = 10_000
#: Delimiters a CSV file may use.
DELIMITERS: Final = ",;\t"
#: Longest text per column, and whether line breaks are allowed in it.
COLUMN_LIMITS: Final[dict[str, tuple[int, bool]]] = {
    Columns.ACTIVITY_ID: (SHORT_TEXT_MAX, False),
    Columns.TITLE: (SHORT_TEXT_MAX, False),
    Columns.DESCRIPTION: (LONG_TEXT_MAX, True),
    Columns.CATEGORY: (CATEGORY_MAX, False),
    Columns.TAGS: (LONG_TEXT_MAX, False),
    Columns.COST: (NUMBER_DIGITS_MAX + 10, False),
    Columns.RISK: (NUMBER_DIGITS_MAX + 10, False),
    Columns.DURATION_HOURS: (NUMBER_DIGITS_MAX + 10, False),
    Columns.SETTING: (SETTING_MAX, False),
    Columns.ENERGY: (NUMBER_DIGITS_MAX + 10, False),
    Columns.SEASONS: (SEASONS_MAX, False),
    Columns.CONVERSATION_STARTER: (LONG_TEXT_MAX, True),
}
_MAX_LISTED = 20
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


class FileFormatError(ValueError):
    """A file's content cannot be read; the message (without the file's name) says where.

    Parameters
    ----------
    message : str
        What is wrong, e.g. ``"line 3 is not UTF-8 text"``.
    problems : sequence of Problem, optional
        Each problem with its line and field, for files with several.
    """

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        self.message = message
        self.problems = list(problems)
        super().__init__(message)


def max_rows() -> int:
    """Most activities one file may hold: ``RECOMMENDER_MAX_ROWS`` (default 10,000)."""
    raw = os.environ.get(MAX_ROWS_SETTING, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_ROWS


def _too_many_rows(limit: int) -> FileFormatError:
    return FileFormatError(
        f"has more than {limit:,} activities, the most one file may hold; split it into"
        f" smaller files, or set the {MAX_ROWS_SETTING} environment variable to a larger number"
    )


def decode_text(raw: bytes) -> str:
    """``raw`` as text: UTF-8 with or without a byte-order mark, not binary, not empty.

    Raises
    ------
    FileFormatError
        ``"is not a text file (binary data at byte N) ..."``, ``"line N is not UTF-8 text
        ..."`` or ``"the file is empty"``.
    """
    nul = raw.find(b"\x00")
    if nul != -1:
        line = raw[:nul].count(b"\n") + 1
        raise FileFormatError(
            f"is not a text file (binary data at byte {nul}, line {line}); choose a CSV or"
            " JSON-lines file saved as UTF-8"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileFormatError(
            f"line {line} is not UTF-8 text (byte {raw[exc.start]:#04x} at position"
            f" {exc.start}); save the file as UTF-8 and try again"
        ) from None
    if not text.strip():
        raise FileFormatError("the file is empty")
    return text


def sniff_delimiter(text: str, suffix: str = "") -> str:
    """The delimiter of CSV ``text``: tab for ``.tsv``, else sniffed from the header line.

    Only ``,``, ``;`` and tab are considered; a one-column header gives ``,``.
    """
    if suffix.lower() == ".tsv":
        return "\t"
    header = next((line for line in text.splitlines() if line.strip()), "")
    if not any(d in header for d in DELIMITERS):
        return ","
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: header.count(d) for d in DELIMITERS}
        return max(counts, key=lambda d: counts[d])


def csv_rows(
    text: str, delimiter: str, *, row_limit: int | None = None
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-blank rows of CSV ``text``, each row with its first line.

    Raises
    ------
    FileFormatError
        When the CSV cannot be split (with the line) or holds more than ``row_limit``
        rows (default :func:`max_rows`).
    """
    limit = max_rows() if row_limit is None else row_limit
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, [])
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(rows) >= limit:
                    raise _too_many_rows(limit)
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FileFormatError(f"line {reader.line_num}: not valid CSV ({exc})") from None
    return header, rows


def header_problems(header: Sequence[str]) -> list[Problem]:
    """Problems with a CSV header's column names (too long, control characters)."""
    problems = []
    for number, name in enumerate(header, start=1):
        if text_problem(name, SHORT_TEXT_MAX, multiline=False) is not None:
            problems.append(
                Problem(
                    "line 1",
                    "",
                    "",
                    f"column {number}'s name is too long or holds a control character;"
                    " is this a CSV file of activities?",
                )
            )
    return problems


class _BadNumber:
    """Stands in for a number JSON may not hold, so the field can be named afterwards."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _parse_int(text: str) -> object:
    digits = len(text.lstrip("-"))
    if digits > NUMBER_DIGITS_MAX:
        return _BadNumber(
            f"is a number of {digits:,} digits; the most allowed is {NUMBER_DIGITS_MAX}"
        )
    return int(text)


def _parse_float(text: str) -> object:
    digits = sum(ch.isdigit() for ch in text)
    if digits > NUMBER_DIGITS_MAX:
        return _BadNumber(
            f"is a number of {digits:,} digits; the most allowed is {NUMBER_DIGITS_MAX}"
        )
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        return _BadNumber(f"is too large a number ({text}); it must be finite")
    return value


def _parse_constant(text: str) -> object:
    return _BadNumber(f"is {text}, which is not a number; write a finite number")


def _depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def loads(text: str) -> object:
    """Parse JSON ``text`` within the limits; bad numbers come back as placeholders.

    Raises
    ------
    FileFormatError
        When the JSON is nested deeper than the limit, or invalid (with line and column).
    """
    if text.count("[") + text.count("{") > JSON_DEPTH_MAX and _depth(text) > JSON_DEPTH_MAX:
        raise FileFormatError(
            f"is nested more than {JSON_DEPTH_MAX} levels deep; an activity is one flat object"
        )
    try:
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except (RecursionError, ValueError) as exc:  # belt and braces: never a traceback
        raise FileFormatError(f"cannot be read as JSON ({type(exc).__name__})") from None


def number_problems(where: str, record: Mapping[str, object]) -> list[Problem]:
    """A problem for each field of ``record`` holding a number JSON may not hold."""
    problems = []
    for key, value in record.items():
        found = find_bad_number(value)
        if found is not None:
            problems.append(Problem(where, str(key)[:SHORT_TEXT_MAX], "", found[1]))
    return problems


def find_bad_number(value: object, path: str = "") -> tuple[str, str] | None:
    """The first number :func:`loads` refused inside ``value``, as (path, reason), or None.

    Paths read like ``couples[0].outings[2].cost``.
    """
    if isinstance(value, _BadNumber):
        return path, value.reason
    if isinstance(value, dict):
        items = ((f"{path}.{k}" if path else str(k)[:SHORT_TEXT_MAX], v) for k, v in value.items())
    elif isinstance(value, list):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(value))
    else:
        return None
    for where, item in items:
        found = find_bad_number(item, where)
        if found is not None:
            return found
    return None


def json_records(text: str, *, row_limit: int | None = None) -> list[tuple[str, object]]:
    """The items of JSON-lines ``text`` (or of one JSON array), each with where it was.

    Locations are ``"line N"`` for JSON lines and ``"item N"`` for an array. Items are
    returned as parsed (objects or not); numbers out of limits are reported by
    :func:`number_problems`.

    Raises
    ------
    FileFormatError
        Listing the lines that are not valid JSON (the first 20), or when the file holds
        more than ``row_limit`` items (default :func:`max_rows`).
    """
    limit = max_rows() if row_limit is None else row_limit
    if text.lstrip().startswith("["):  # a JSON array of objects, for convenience
        items = loads(text)
        if not isinstance(items, list):
            raise FileFormatError("expected a list of objects")
        if len(items) > limit:
            raise _too_many_rows(limit)
        return [(f"item {i}", item) for i, item in enumerate(items, start=1)]
    pairs: list[tuple[str, object]] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(pairs) >= limit:
            raise _too_many_rows(limit)
        where = f"line {number}"
        try:
            pairs.append((where, loads(line)))
        except FileFormatError as exc:
            if line.lstrip().startswith("{") and not line.rstrip().endswith("}"):
                why = "the line ends before its JSON object does (is the file cut short?)"
            else:
                why = re.sub(r" \(line 1, column (\d+)\)$", r" (column \1)", exc.message)
            problems.append(Problem(where, "", "", why))
    if problems:
        more = "" if len(problems) <= _MAX_LISTED else f" (first 20 of {len(problems)} shown)"
        raise FileFormatError(
            f"is not a JSON-lines file of activities{more}", problems[:_MAX_LISTED]
        )
    return pairs


# Exactly what limits.first_forbidden_character refuses (Cc, Zl, Zp), plus unpaired
# surrogates (Cs), as one regular expression: a character loop took seconds on big files.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_FORBIDDEN_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def text_problem(value: str, longest: int, *, multiline: bool) -> str | None:
    """What is wrong with text ``value`` by the database's rules, or None.

    Too long, a control character (as :func:`~recommender.catalog.limits.first_forbidden_character`
    finds them), or an unpaired surrogate (which no database stores and UTF-8 cannot encode).
    """
    if len(value) > longest:
        return f"is {len(value):,} characters long; the most allowed is {longest:,}"
    bad = (_FORBIDDEN_MULTILINE if multiline else _FORBIDDEN).search(value)
    if bad is not None:
        return f"contains a control character (U+{ord(bad.group()):04X}), which is not allowed"
    return None


def cell_problems(
    where: str, row: Mapping[object, object], aliases: Mapping[str, str] | None = None
) -> list[Problem]:
    """Problems with the text of ``row``: too long, control characters, bad field names.

    Known columns (or their ``aliases``, such as ``activity`` for ``title``) are held to
    the database's limits (:data:`COLUMN_LIMITS`); any other text field to the longest
    text with line breaks allowed. The value is not quoted: it may be huge or hold
    characters a terminal would act on.
    """
    problems = []
    for key, value in row.items():
        name = str(key)
        if text_problem(name, SHORT_TEXT_MAX, multiline=False) is not None:
            problems.append(
                Problem(where, "", "", "a field name is too long or holds a control character")
            )
            continue
        if not isinstance(value, str):
            continue
        column = (aliases or {}).get(name.strip().lower(), name.strip().lower())
        longest, multiline = COLUMN_LIMITS.get(column, (LONG_TEXT_MAX, True))
        why = text_problem(value, longest, multiline=multiline)
        if why is not None:
            problems.append(Problem(where, name, "", why))
    return problems
