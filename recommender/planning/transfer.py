"""A couple's data in and out of the app: backup files and uploaded idea files.

Browsers hand the app the bytes of an uploaded file, while the ideas import
(:mod:`recommender.ingest.ideas`) reads a path; :func:`preview_upload` and
:func:`import_upload` bridge the two through a temporary file that keeps the
upload's name, so its messages name the file the couple chose.
"""

from __future__ import annotations

import tempfile
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recommender.ingest.ideas import (
    IdeasPreview,
    ImportFileError,
    ImportReport,
    import_ideas,
    read_ideas_file,
)
from recommender.store.backup import dumps_export, read_backup
from recommender.store.batches import ImportBatch, UndoneImport, new_batch_id
from recommender.store.errors import StoreError
from recommender.wording import count_words, day_words, slugify

if TYPE_CHECKING:
    from recommender.store.scope import CoupleScope
    from recommender.store.store import Store

#: Largest backup or ideas file the app accepts (bytes).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class BackupError(ValueError):
    """A backup file cannot be read; the message says why and what to do."""


def backup_bytes(source: Store | CoupleScope, couple_name: str | None = None) -> bytes:
    """A backup as UTF-8 JSON, ready to download.

    From a :class:`CoupleScope`, that couple's (what the person asking may see, see
    ``CoupleScope.export_data``); from a :class:`Store`, the couple named, or every couple.
    """
    if couple_name is None and hasattr(source, "couple_id"):
        return dumps_export(source.export_data()).encode("utf-8")  # type: ignore[call-arg]
    return dumps_export(source.export_data(couple_name)).encode("utf-8")  # type: ignore[arg-type]


def backup_filename(couple_name: str, today: date) -> str:
    """``"ana-ben-backup-2025-06-14.json"``."""
    return f"{slugify(couple_name) or 'our'}-backup-{today:%Y-%m-%d}.json"


def parse_backup(raw: bytes, name: str = "the file") -> dict[str, Any]:
    """Read an uploaded backup file (the store's one backup reader, :func:`read_backup`).

    Raises
    ------
    BackupError
        When it is too big, empty, not UTF-8, not JSON, or not a JSON object.
    """
    try:
        return read_backup(raw, name)
    except StoreError as exc:
        raise BackupError(str(exc)) from None


def _with_upload(name: str, raw: bytes, read: Any) -> Any:
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            f"{name} is {len(raw) / 1e6:.1f} MB; an ideas file can be at most"
            f" {MAX_UPLOAD_BYTES / 1e6:.0f} MB"
        )
    # Keep the couple's file name (and its extension, which picks the reader).
    safe_name = Path(name).name
    if safe_name in {"", ".", ".."}:  # never a folder: the file is written under this name
        safe_name = "ideas.csv"
    with tempfile.TemporaryDirectory(prefix="ideas-upload-") as folder:
        path = Path(folder) / safe_name
        path.write_bytes(raw)
        return read(path)


def preview_upload(name: str, raw: bytes) -> IdeasPreview:
    """What importing an uploaded ideas file would add (``ideas_import.read_ideas_file``)."""
    return _with_upload(name, raw, read_ideas_file)


class _ThroughScope:
    """What :func:`ingest.import_ideas` writes to, made of a :class:`CoupleScope`.

    The import then goes through the scope, so on a hosted app it is checked against the
    signed-in member like every other write.
    """

    def __init__(self, scope: CoupleScope) -> None:
        self._scope = scope

    @staticmethod
    def new_import_batch() -> str:
        return new_batch_id()

    def add_ideas(self, _couple_id: int, records: Any, **options: Any) -> Any:
        return self._scope.add_ideas(records, **options)


def import_upload(
    scope: CoupleScope,
    name: str,
    raw: bytes,
    selected: Collection[str] | None = None,
) -> ImportReport:
    """Import an uploaded ideas file into the couple's ideas (``ingest.import_ideas``).

    ``selected`` are the ids the couple ticked in the preview; by default every idea not
    flagged as unsuited to a couple.
    """
    target = _ThroughScope(scope)
    return _with_upload(
        name,
        raw,
        lambda path: import_ideas(target, scope.couple_id, path, selected=selected),  # type: ignore[arg-type]
    )


def import_summary(report: ImportReport) -> str:
    """What an import did, in a sentence."""
    added = f"Added {report.added} idea{'s' if report.added != 1 else ''}"
    left_out = len(report.skipped_flagged)
    unticked = f" {left_out} you left unticked {'was' if left_out == 1 else 'were'} not added."
    if not report.skipped_existing:
        sentence = f"{added}. They can now come up among your suggestions."
        return sentence + (unticked if left_out else "")
    n = report.skipped_existing
    sentence = (
        f"{added}; {n} you already had {'was' if n == 1 else 'were'} left as"
        f" {'it was' if n == 1 else 'they were'}."
    )
    return sentence + (unticked if left_out else "")


def import_when_words(batch: ImportBatch) -> str:
    """When an import ran: ``"Sunday 29 November 2026 at 05:30 (UTC)"``."""
    return f"{day_words(batch.when.date())} at {batch.when:%H:%M} (UTC)"


def import_batch_words(batch: ImportBatch) -> str:
    """A past import in words: ``"Sunday 29 November 2026 at 05:30 (UTC): 196 ideas"``."""
    return f"{import_when_words(batch)}: {count_words(batch.count, 'idea')}"


def undo_summary(result: UndoneImport) -> str:
    """What undoing an import did, in a sentence (the app and the CLI say the same)."""
    said = f"Undid import {result.batch}: removed {count_words(result.removed, 'idea')}."
    if result.kept:
        n = len(result.kept)
        names = ", ".join(result.kept[:3]) + (f" and {n - 3} more" if n > 3 else "")
        said += (
            f" Kept {count_words(n, 'idea')} your outings or plans name ({names}); delete those"
            " first to remove them too."
        )
    return said


def backup_couples(data: dict[str, Any]) -> list[str]:
    """The couple names a backup holds (empty when it holds none or is not a backup)."""
    couples = data.get("couples")
    if not isinstance(couples, list):
        return []
    return [str(c.get("name")) for c in couples if isinstance(c, dict) and c.get("name")]


def restore_backup(store: Store, data: dict[str, Any], *, replace: bool = False) -> list[str]:
    """Load a backup; with ``replace``, it takes the place of couples of the same name.

    One transaction: if the backup turns out to be bad, nothing changes.

    Returns
    -------
    list of str
        The names of the couples restored.

    Raises
    ------
    StoreError
        From ``Store.import_data`` (a bad backup, or a couple that already
        exists when ``replace`` is False); the database is then as it was.
    """
    names = backup_couples(data)
    store.import_data(data, replace=replace)
    return names
