"""The preview of an ideas file, and the import that follows it.

:func:`read_ideas_file` maps a file onto the catalog's columns and reports what it would
add, which defaults it used on how many rows, the rows that break a rule, and which
ideas may not suit a couple (meant for one person, a chore, a study topic): those are
unticked by default, each with its reason (:meth:`IdeasPreview.table`).
:func:`import_ideas` writes the ticked ones in one transaction, or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pandas as pd

from recommender.catalog.columns import Columns
from recommender.catalog.loading import CatalogError, validate_activities
from recommender.catalog.problems import Problem
from recommender.catalog.readers import cell_problems
from recommender.ingest.bored_api import BORED_FIELDS, BORED_MAPPING, BORED_MARKERS, map_bored
from recommender.ingest.catalog_like import TITLE_ALIASES, catalog_like_mapping, map_catalog_like
from recommender.ingest.readers import read_records
from recommender.ingest.shared import DefaultUsed, Filler, ImportFileError, norm_key
from recommender.wording import count_words

if TYPE_CHECKING:
    from recommender.store.store import Store

C = Columns

#: Column of :meth:`IdeasPreview.table`: whether the idea is ticked for import.
INCLUDE_COLUMN: Final = "include"
#: Column of :meth:`IdeasPreview.table`: why an idea is unticked (empty when it is ticked).
REASON_COLUMN: Final = "reason"
_MAX_FLAGGED_LISTED = 25


@dataclass(frozen=True)
class IdeasPreview:
    """What importing a file would add, before anything is written.

    Attributes
    ----------
    source : str
        The file's name.
    kind : str
        ``"Bored API"`` or ``"catalog-like"``.
    rows : pandas.DataFrame
        The rows that can be imported, mapped onto the catalog's columns (typed like
        ``load_catalog``), ids already prefixed with ``ours-``.
    lines : list of str
        Where each of ``rows`` came from (``"line 7"``).
    mapping : dict
        For each catalog column, where its values come from, in words.
    defaults : list of DefaultUsed
        The defaults used and on how many rows; the couple can edit those ideas later.
    problems : list of Problem
        Rows that cannot be imported, each with its line, field and value. When there
        are any, :func:`import_ideas` imports nothing.
    ignored : list of str
        Source fields not used.
    reasons : list of str
        Per row of ``rows``, why it may not suit a couple (``""`` when it does).
    """

    source: str
    kind: str
    rows: pd.DataFrame
    lines: list[str]
    mapping: dict[str, str]
    defaults: list[DefaultUsed]
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        """How many rows are unticked by default (they have a reason)."""
        return sum(bool(r) for r in self.reasons)

    def table(self) -> pd.DataFrame:
        """``rows`` plus :data:`INCLUDE_COLUMN` (False when flagged) and :data:`REASON_COLUMN`."""
        reasons = self.reasons or [""] * len(self.rows)
        table = self.rows.copy()
        table[INCLUDE_COLUMN] = [not r for r in reasons]
        table[REASON_COLUMN] = reasons
        return table


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_ideas` did.

    Attributes
    ----------
    added : int
        Ideas added.
    skipped_existing : int
        Ideas the couple already had (same id); left as they are, with any edits.
    added_ids, skipped_ids : list of str
        Their activity ids.
    preview : IdeasPreview
        The mapping and defaults used.
    skipped_flagged : list of str
        Ids of ideas left out because they may not suit a couple (see ``preview.table()``).
    batch : str or None
        The import's batch id, to undo it with ``Store.undo_import``; None when it added
        nothing.
    """

    added: int
    skipped_existing: int
    added_ids: list[str]
    skipped_ids: list[str]
    preview: IdeasPreview
    skipped_flagged: list[str] = field(default_factory=list)
    batch: str | None = None


def read_ideas_file(path: str | Path) -> IdeasPreview:
    """Read a CSV or JSON-lines file of activities and map it onto the catalog's columns.

    Parameters
    ----------
    path : str or Path
        The file. ``.csv``/``.tsv`` are read as CSV (delimiter ``,``, ``;`` or tab, sniffed),
        ``.jsonl``/``.ndjson``/``.json`` as JSON lines; any other name by its first character.

    Returns
    -------
    IdeasPreview
        The importable rows, the mapping, the defaults used, the problems found and the
        reasons some ideas may not suit a couple.

    Raises
    ------
    ImportFileError
        When the file is missing, not a regular file, too large, empty, binary, not UTF-8,
        not valid CSV/JSON (with the line), breaks a limit, or has no title column.
    """
    if not str(path).strip():  # Path("") would be the current folder
        raise ImportFileError("no file name given; name a CSV or JSON-lines file of activities")
    file = Path(path)
    name = file.name
    kind, records = read_records(file)
    present = {norm_key(k) for _, rec in records for k in rec}
    raw_fields = {str(k) for _, rec in records for k in rec}
    filler = Filler()
    if raw_fields >= BORED_MARKERS:
        label = "Bored API"
        mapped = map_bored(records, filler)
        mapping = dict(BORED_MAPPING)
        ignored = sorted(raw_fields - BORED_FIELDS)
    else:
        if not present.intersection(TITLE_ALIASES):
            where = "line 1" if kind == "csv" else "every line"
            # Say what was expected, never what was found: the file may be anybody's.
            raise ImportFileError(
                f"{name}: {where} has no title column; an activity needs a '{C.TITLE}'"
                f" (or '{TITLE_ALIASES[1]}' or '{TITLE_ALIASES[2]}'). Expected columns:"
                f" {', '.join(C.ALL)} (only a title is required)"
            )
        label = "catalog-like"
        mapped = map_catalog_like(records, name, filler)
        mapping = catalog_like_mapping(present)
        ignored = sorted(
            k[:80] for k in raw_fields if norm_key(k) not in set(C.ALL) | set(TITLE_ALIASES)
        )

    problems = list(mapped.problems)
    reason_at = dict(zip(mapped.wheres, mapped.reasons, strict=True))
    rows, wheres = _within_limits(mapped.rows, mapped.wheres, problems)
    rows, wheres = _drop_duplicates(rows, wheres, problems)
    frame, valid_wheres, row_problems = _validate(rows, wheres, name)
    problems.extend(row_problems)
    problems.sort(key=_where_key)
    return IdeasPreview(
        source=name,
        kind=label,
        rows=frame,
        lines=valid_wheres,
        mapping=mapping,
        defaults=filler.report(),
        problems=problems,
        ignored=ignored,
        reasons=[reason_at[w] for w in valid_wheres],
    )


def _where_key(problem: Problem) -> tuple[int, str]:
    digits = re.findall(r"\d+", problem.where)
    return (int(digits[0]) if digits else 0, problem.column)


def _within_limits(
    rows: list[dict[str, object]], wheres: list[str], problems: list[Problem]
) -> tuple[list[dict[str, object]], list[str]]:
    """Keep the rows whose text fits the database's limits; report the others."""
    keep_rows, keep_wheres = [], []
    for row, where in zip(rows, wheres, strict=True):
        found = cell_problems(where, row)
        if found:
            problems.extend(found)
            continue
        keep_rows.append(row)
        keep_wheres.append(where)
    return keep_rows, keep_wheres


def _drop_duplicates(
    rows: list[dict[str, object]], wheres: list[str], problems: list[Problem]
) -> tuple[list[dict[str, object]], list[str]]:
    first: dict[str, str] = {}
    keep_rows, keep_wheres = [], []
    for row, where in zip(rows, wheres, strict=True):
        aid = str(row[C.ACTIVITY_ID])
        if aid in first:
            problems.append(
                Problem(
                    where,
                    C.TITLE,
                    str(row[C.TITLE]),
                    f"is the same idea as {first[aid]} (both would get the id {aid!r});"
                    " give each its own title or id",
                )
            )
            continue
        first[aid] = where
        keep_rows.append(row)
        keep_wheres.append(where)
    return keep_rows, keep_wheres


def _validate(
    rows: list[dict[str, object]], wheres: list[str], name: str
) -> tuple[pd.DataFrame, list[str], list[Problem]]:
    """Validate by the catalog's rules; keep the good rows, report the bad ones."""
    empty = validate_activities([], source=name)
    if not rows:
        return empty, [], []
    try:
        return validate_activities(rows, source=name, where=wheres), list(wheres), []
    except CatalogError as exc:
        problems = exc.problems
    bad = {p.where for p in problems}
    good = [(r, w) for r, w in zip(rows, wheres, strict=True) if w not in bad]
    if not good:
        return empty, [], problems
    frame = validate_activities([r for r, _ in good], source=name, where=[w for _, w in good])
    return frame, [w for _, w in good], problems


def import_ideas(
    store: Store,
    couple_id: int,
    path: str | Path,
    *,
    include_flagged: bool = False,
    selected: Collection[str] | None = None,
) -> ImportReport:
    """Add the activities of a file to a couple's own ideas, in one transaction.

    Ideas the couple already has (same id: the Bored API ``key``, else the title) are
    skipped, so importing the same file twice adds nothing the second time.

    Parameters
    ----------
    store : Store
        Where the ideas go.
    couple_id : int
        Whose ideas they become.
    path : str or Path
        The file (see :func:`read_ideas_file`).
    include_flagged : bool
        Also add the ideas that may not suit a couple (one person, chores, study topics);
        by default they are left out, as the preview leaves them unticked.
    selected : collection of str, optional
        Exactly the activity ids to add (the ones ticked in the preview); overrides
        ``include_flagged``.

    Raises
    ------
    ImportFileError
        When the file cannot be read or any row cannot be imported (every problem is
        listed, with its line and field). Nothing is written then.
    StoreError
        When the couple is unknown.
    """
    preview = read_ideas_file(path)
    if preview.problems:
        count = len({p.where for p in preview.problems})
        noun = "row" if count == 1 else "rows"
        raise ImportFileError(
            f"{preview.source}: {count} {noun} cannot be imported, so nothing was imported:",
            preview.problems,
        )
    table = preview.table()
    if selected is not None:
        keep = table[C.ACTIVITY_ID].isin(set(selected))
    else:
        keep = table[INCLUDE_COLUMN] | include_flagged
    chosen = preview.rows[keep.to_numpy()]
    lines = [w for w, k in zip(preview.lines, keep, strict=True) if k]
    batch = store.new_import_batch()
    added, skipped = store.add_ideas(
        couple_id,
        chosen.to_dict("records"),
        skip_existing=True,
        source=preview.source,
        where=lines,
        batch=batch,
    )
    return ImportReport(
        added=len(added),
        skipped_existing=len(skipped),
        added_ids=added,
        skipped_ids=skipped,
        preview=preview,
        skipped_flagged=table.loc[~keep, C.ACTIVITY_ID].tolist(),
        batch=batch if added else None,
    )


def describe_preview(preview: IdeasPreview) -> list[str]:
    """The mapping and defaults of a preview as lines of text (for the CLI)."""
    count = count_words(len(preview.rows), "activity", "activities")
    lines = [f"{preview.source}: {count} ({preview.kind} file)"]
    lines.append("Columns:")
    width = max(len(c) for c in preview.mapping)
    lines.extend(f"  {c:<{width}}  <- {how}" for c, how in preview.mapping.items())
    if preview.defaults:
        lines.append("Defaults used (edit these ideas later to change them):")
        lines.extend(
            f"  {d.column} = {d.value!r} on {count_words(d.rows, 'row')}" for d in preview.defaults
        )
    if preview.ignored:
        lines.append(f"Not used: {', '.join(preview.ignored)}")
    if preview.flagged:
        lines.append(
            f"May not suit the two of you ({count_words(preview.flagged, 'idea')},"
            " left out unless you ask for them):"
        )
        flagged = [
            f"  {title} ({reason})"
            for title, reason in zip(preview.rows[C.TITLE], preview.reasons, strict=True)
            if reason
        ]
        lines.extend(flagged[:_MAX_FLAGGED_LISTED])
        if len(flagged) > _MAX_FLAGGED_LISTED:
            lines.append(f"  ... and {len(flagged) - _MAX_FLAGGED_LISTED} more")
    return lines
