"""A couple's history as a CSV file for a spreadsheet.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (CSV injection), so every text cell starting with one of those (or with a
tab or carriage return) is written with a leading ``'``, which the spreadsheet shows
as plain text. Notes and names are the couple's own words, but a shared or imported
idea title could be anybody's.
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pandas as pd

from recommender.catalog.columns import Columns
from recommender.catalog.files import special_file_kind
from recommender.catalog.loading import CatalogError, load_catalog

if TYPE_CHECKING:
    from recommender.store.store import Store

#: Leading characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value``, with a ``'`` in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def activity_titles(store: Store, couple_id: int) -> dict[str, str]:
    """Titles of the bundled catalog's activities and of the couple's own ideas, by id."""
    titles: dict[str, str] = {}
    try:
        catalog = load_catalog()
    except CatalogError:  # no catalog to hand: the ids still say what it was
        catalog = None
    if catalog is not None:
        titles.update(zip(catalog[Columns.ACTIVITY_ID], catalog[Columns.TITLE], strict=True))
    ideas = store.ideas(couple_id)
    titles.update(zip(ideas[Columns.ACTIVITY_ID], ideas[Columns.TITLE], strict=True))
    return titles


def history_frame(
    store: Store, couple_id: int, titles: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Outings and reactions, oldest first, one row each, in words a spreadsheet user reads.

    Columns: ``kind`` (outing/reaction), ``date`` (``YYYY-MM-DD``, reactions with the
    UTC time), ``activity_id``, ``title``, one rating column per partner (named after
    them), ``notes``, ``cost``.
    """
    couple = store.get_couple(couple_id)
    titles = titles or {}
    col_a, col_b = f"{couple.a.name} rating", f"{couple.b.name} rating"
    if col_a == col_b:  # two partners with the same name still get a column each
        col_a, col_b = f"{couple.a.name} (a) rating", f"{couple.b.name} (b) rating"
    rows: list[dict[str, object]] = []
    for o in store.outings(couple_id).to_dict("records"):
        rows.append(
            {
                "kind": "outing",
                "date": o["date"].isoformat(),
                "activity_id": o["activity_id"],
                "title": titles.get(o["activity_id"], ""),
                # Empty while that partner has not rated it yet (rated on their own phone).
                col_a: None if pd.isna(o["rating_a"]) else int(o["rating_a"]),
                col_b: None if pd.isna(o["rating_b"]) else int(o["rating_b"]),
                "notes": o["notes"],
                "cost": None if pd.isna(o["cost"]) else float(o["cost"]),
            }
        )
    for r in store.reactions(couple_id).to_dict("records"):
        rows.append(
            {
                "kind": "reaction",
                "date": r["at"].strftime("%Y-%m-%d %H:%M"),
                "activity_id": r["activity_id"],
                "title": titles.get(r["activity_id"], ""),
                col_a if r["partner"] == "a" else col_b: int(r["rating"]),
                "notes": "",
                "cost": None,
            }
        )
    columns = ["kind", "date", "activity_id", "title", col_a, col_b, "notes", "cost"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def history_csv(store: Store, couple_id: int, titles: Mapping[str, str] | None = None) -> str:
    """:func:`history_frame` as CSV text with every risky cell neutralised."""
    return frame_csv(history_frame(store, couple_id, titles))


def frame_csv(frame: pd.DataFrame) -> str:
    """A history frame as CSV text: risky cells neutralised, missing and infinite values empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in frame.columns])
    for record in frame.itertuples(index=False):
        writer.writerow(["" if _missing(v) else _plain(safe_cell(v)) for v in record])
    return out.getvalue()


def _missing(value: object) -> bool:
    # Infinity is no amount a spreadsheet user can read: shown empty, like a missing cost.
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def _plain(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def write_history_csv(
    store: Store, couple_id: int, path: str | Path, titles: Mapping[str, str] | None = None
) -> int:
    """Write the history CSV (UTF-8 with a BOM, so Excel reads accents); returns its rows.

    The file is written next to its destination and renamed into place, so a failure
    never leaves half a file; devices, pipes and folders are refused
    (:func:`write_file_atomically`).
    """
    frame = history_frame(store, couple_id, titles)
    write_file_atomically(path, frame_csv(frame).encode("utf-8-sig"))
    return len(frame)  # not the text's lines: notes may hold line breaks


class UnwritableFileError(OSError):
    """A path cannot be written as a file; the message says why, without the path."""


def write_file_atomically(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    A symbolic link is followed (its target is replaced, not the link). Anything that is
    not a regular file (a device such as ``/dev/full``, a pipe, a socket, a folder) is
    refused rather than replaced by a file: as root, replacing ``/dev/full`` would have
    swapped a device node for a plain file.

    Raises
    ------
    UnwritableFileError
        ``"no file name given"``, or ``"is a device, not a file ..."`` and the like.
    OSError
        When the folder cannot be written.
    """
    if not str(path).strip():
        raise UnwritableFileError("no file name given")
    try:
        mode = os.stat(path).st_mode  # follows links: a link to a pipe is a pipe
    except FileNotFoundError:
        mode = None
    target = Path(os.path.realpath(path))
    kind = None if mode is None else special_file_kind(mode)
    if kind is not None:
        raise UnwritableFileError(
            f"is {kind}, not a file; give the name of a file to write (or - for the screen)"
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
