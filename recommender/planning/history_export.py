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
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pandas as pd

from recommender.catalog.columns import Columns
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
                col_a: int(o["rating_a"]),
                col_b: int(o["rating_b"]),
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
    return _frame_csv(history_frame(store, couple_id, titles))


def _frame_csv(frame: pd.DataFrame) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in frame.columns])
    for record in frame.itertuples(index=False):
        writer.writerow(["" if _missing(v) else _plain(safe_cell(v)) for v in record])
    return out.getvalue()


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def _plain(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def write_history_csv(
    store: Store, couple_id: int, path: str | Path, titles: Mapping[str, str] | None = None
) -> int:
    """Write the history CSV (UTF-8 with a BOM, so Excel reads accents); returns its rows.

    The file is written next to its destination and renamed into place, so a failure
    never leaves half a file.
    """
    frame = history_frame(store, couple_id, titles)
    write_file_atomically(Path(path), _frame_csv(frame).encode("utf-8-sig"))
    return len(frame)  # not the text's lines: notes may hold line breaks


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
