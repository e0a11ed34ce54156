"""Reading an ideas file (CSV or JSON lines) into records, through the catalog's readers.

Decoding, delimiter sniffing and every limit (size, rows, nesting, digits) come from
:mod:`recommender.catalog.readers`, the same code that reads the catalog; this module
turns their refusals into :class:`~recommender.ingest.shared.ImportFileError` naming
the file, and checks what is particular to ideas files (every item an object).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from recommender.catalog.files import UnreadableFileError, read_bytes
from recommender.catalog.problems import Problem
from recommender.catalog.readers import (
    FileFormatError,
    cell_problems,
    csv_rows,
    decode_text,
    header_problems,
    json_records,
    number_problems,
    sniff_delimiter,
)
from recommender.ingest.shared import ImportFileError

#: File kinds by suffix; any other name is read by its first character.
TEXT_SUFFIXES: Final = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
_MAX_LISTED = 20
#: Source fields held to a catalog column's limits: titles by any name, Bored API fields.
TEXT_ALIASES: Final = {"activity": "title", "name": "title", "type": "category"}

Records = list[tuple[str, dict[str, object]]]


def read_text(file: Path) -> str:
    """The text of an ideas file, or :class:`ImportFileError` saying why it cannot be read."""
    name = file.name or str(file)
    try:
        return decode_text(read_bytes(file))
    except UnreadableFileError as exc:
        raise ImportFileError(f"{name}: {exc} ({file})") from None
    except FileFormatError as exc:
        raise ImportFileError(f"{name}: {exc.message}", exc.problems) from None


def file_kind(file: Path, text: str) -> str:
    """``"csv"`` or ``"jsonl"``: by suffix, else by the first character."""
    by_suffix = TEXT_SUFFIXES.get(file.suffix.lower())
    if by_suffix:
        return by_suffix
    return "jsonl" if text.lstrip()[:1] in "{[" else "csv"


def read_records(file: Path) -> tuple[str, Records]:
    """The file's kind and its records, each with where it came from (``"line 7"``).

    Raises
    ------
    ImportFileError
        When the file cannot be read, is not CSV or JSON lines, breaks a limit, or holds
        no activities; the message names the file and the lines at fault.
    """
    name = file.name
    text = read_text(file)
    kind = file_kind(file, text)
    try:
        if kind == "jsonl":
            records = _json(name, text)
        else:
            records = _csv(name, text, sniff_delimiter(text, file.suffix))
    except FileFormatError as exc:
        raise ImportFileError(f"{name}: {exc.message}", exc.problems) from None
    # The text as written, before any mapping tidies its spaces: one set of rules with the
    # catalog and the database (lengths, control characters).
    problems = [p for where, rec in records for p in cell_problems(where, rec, TEXT_ALIASES)]
    if problems:
        more = "" if len(problems) <= _MAX_LISTED else f" (first 20 of {len(problems)} shown)"
        raise ImportFileError(
            f"{name}: some values break the limits every idea must respect{more}",
            problems[:_MAX_LISTED],
        )
    return kind, records


def _json(name: str, text: str) -> Records:
    pairs = json_records(text)
    bad = [
        Problem(where, "", "", f"expected a JSON object {{...}}, found {type(item).__name__}")
        for where, item in pairs
        if not isinstance(item, dict)
    ]
    if bad:
        raise ImportFileError(f"{name}: every line must be one JSON object", bad[:_MAX_LISTED])
    numbers = [p for where, item in pairs for p in number_problems(where, item)]  # type: ignore[arg-type]
    if numbers:
        raise ImportFileError(f"{name}: some numbers cannot be read", numbers[:_MAX_LISTED])
    if not pairs:
        raise ImportFileError(f"{name}: the file has no activities")
    return pairs  # type: ignore[return-value]


def _csv(name: str, text: str, delimiter: str) -> Records:
    header, rows = csv_rows(text, delimiter)
    problems = header_problems(header)
    if problems:
        raise ImportFileError(f"{name}: the first line is not a header of columns", problems)
    records: Records = []
    for line, row in rows:
        if len(row) != len(header):
            problems.append(
                Problem(
                    f"line {line}",
                    "",
                    "",
                    f"expected {len(header)} fields but found {len(row)}"
                    " (is a comma missing its quotes?)",
                )
            )
            continue
        records.append((f"line {line}", dict(zip(header, row, strict=True))))
    if problems:
        raise ImportFileError(f"{name}: some lines do not match the header", problems[:_MAX_LISTED])
    if not records:
        raise ImportFileError(f"{name}: the file has a header but no activities")
    return records
