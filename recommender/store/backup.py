"""Backups: every couple's data as one JSON document, and loading one back.

The layout is versioned (``format_version``); internal row ids are left out, so importing
an export into an empty database and exporting again gives the same content (only
``exported_at`` differs). An import checks the whole document before it writes anything
and writes it in one transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from recommender.catalog.files import UnreadableFileError, read_bytes
from recommender.catalog.limits import INTEGER_DIGITS_MAX
from recommender.profiles import PARTNER_KEYS
from recommender.store import checks, couples, ideas, outings, plans, reactions
from recommender.store.backup_model import (
    EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
    CouplePlan,
    parse_export,
)
from recommender.store.errors import StoreError
from recommender.store.migrations import SCHEMA_VERSION
from recommender.store.schema import CoupleRow, IdeaRow, OutingRow, PlannedRow, ReactionRow

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_FORMAT_VERSION",
    "backup_document",
    "dumps_export",
    "export_couples",
    "import_plan",
    "parse_export",
    "read_backup",
    "read_backup_file",
]

#: Largest backup file read (bytes); a year of a couple's use is a few hundred KB.
MAX_BACKUP_BYTES: Final = 5 * 1024 * 1024
#: JSON nested deeper than this is not a backup (ours is 5 levels deep).
_MAX_DEPTH: Final = 32


def export_couples(session: Session, ids: list[tuple[int, str]], seat: str | None = None) -> dict:
    """The export document of the couples ``ids`` (``(couple_id, name)``), read in ``session``.

    With ``seat`` (a signed-in partner's backup), the other partner's reactions are only
    those this partner may see (see :func:`reactions.frame`): thumbs stay private.
    """
    out = []
    for cid, name in ids:
        couple = couples.couple_from_row(couples.get_row(session, cid))
        out.append(
            {
                "name": name,
                "hemisphere": couples.hemisphere(session, cid).value,
                "partners": {
                    key: {
                        "name": couple.partner(key).name,
                        "interests": list(couple.partner(key).interests),
                        "risk_comfort": couple.partner(key).risk_comfort,
                        "budget": couple.partner(key).budget,
                    }
                    for key in PARTNER_KEYS
                },
                "reactions": [
                    {
                        "activity_id": r["activity_id"],
                        "partner": r["partner"],
                        "rating": int(r["rating"]),
                        "at": r["at"].to_pydatetime().isoformat(),
                    }
                    for r in reactions.frame(session, cid, seat).to_dict("records")
                ],
                "outings": [
                    {
                        "activity_id": o["activity_id"],
                        "date": o["date"].isoformat(),
                        # null: that partner has not rated it yet
                        "rating_a": None if pd.isna(o["rating_a"]) else int(o["rating_a"]),
                        "rating_b": None if pd.isna(o["rating_b"]) else int(o["rating_b"]),
                        "notes": o["notes"],
                        "cost": None if pd.isna(o["cost"]) else float(o["cost"]),
                    }
                    for o in outings.frame(session, cid).to_dict("records")
                ],
                "planned": [
                    {"activity_id": p["activity_id"], "date": p["date"].isoformat()}
                    for p in plans.frame(session, cid).to_dict("records")
                ],
                "ideas": [_jsonable(i) for i in ideas.frame(session, cid).to_dict("records")],
            }
        )
    return backup_document(out)


def backup_document(couple_records: list[dict]) -> dict:
    """A whole export around couple records (as :func:`export_couples` writes them)."""
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "couples": couple_records,
    }


def import_plan(session: Session, plan: list[CouplePlan], *, replace: bool) -> None:
    """Write checked couples (from :func:`parse_export`) in the caller's transaction."""
    for item in plan:
        existing = session.execute(select(CoupleRow).where(CoupleRow.name == item.name)).scalar()
        if existing is not None and not replace:
            raise StoreError(
                f"a couple named {item.name!r} is already in this database;"
                " nothing was imported (rename or delete it first)"
            )
        if existing is not None:
            # Keep the couple's row (and so its id, which sessions remember) and
            # replace everything else.
            couples.delete_rows(session, existing.id)
            for field, value in item.partners.items():
                setattr(existing, field, value)
            existing.hemisphere = item.hemisphere
            row = existing
        else:
            row = CoupleRow(
                name=item.name,
                created_at=checks.utcnow(),
                hemisphere=item.hemisphere,
                **item.partners,
            )
            session.add(row)
        session.flush()
        for model, rows in (
            (ReactionRow, item.reactions),
            (OutingRow, item.outings),
            (PlannedRow, item.planned),
            (IdeaRow, item.ideas),
        ):
            for values in rows:
                session.add(model(couple_id=row.id, **values))
            session.flush()


def _jsonable(record: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in record.items():
        if hasattr(value, "item"):  # numpy scalars
            value = value.item()  # type: ignore[union-attr]
        out[str(key)] = value
    return out


def dumps_export(data: dict) -> str:
    """An export as the one JSON text both the CLI and the app write (UTF-8, keys in order).

    Strict JSON: a non-finite number (which the checks never let in) fails here rather
    than writing a bare ``Infinity`` token other JSON readers refuse.
    """
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, max(text.find(needle), 0)) + 1


def _depth_over(text: str, limit: int) -> bool:
    # Brackets outside strings; cheap, and decides before json's recursion can overflow.
    depth = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def read_backup(raw: bytes, name: str = "the file") -> dict[str, Any]:
    """Read the bytes of a backup file into its JSON document: the one reader of backups.

    Used by :meth:`Store.import_data`'s callers: the CLI's ``import`` and the app's upload.

    Raises
    ------
    StoreError
        Naming ``name`` and saying what is wrong: too big, empty, not UTF-8, not JSON
        (with line and column), nested too deep, a number with too many digits, or
        JSON that is not an export.
    """
    if len(raw) > MAX_BACKUP_BYTES:
        raise StoreError(
            f"{name}: is {len(raw) / 1e6:.1f} MB; a backup is at most"
            f" {MAX_BACKUP_BYTES / 1e6:.0f} MB. Is it the right file?"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StoreError(
            f"{name}: is not an export file (not UTF-8 text: byte {raw[exc.start]:#04x} at"
            f" position {exc.start}). Choose the .json file the app gave you as a backup."
        ) from None
    if not text.strip():
        raise StoreError(f"{name}: the file is empty")
    if _depth_over(text, _MAX_DEPTH):
        raise StoreError(
            f"{name}: is not an export file (JSON nested more than {_MAX_DEPTH} levels deep)"
        )

    def whole_number(digits: str) -> int:
        if len(digits.lstrip("-")) > INTEGER_DIGITS_MAX:
            raise StoreError(
                f"{name}: line {_line_of(text, digits)} has a number with"
                f" {len(digits.lstrip('-')):,} digits; at most {INTEGER_DIGITS_MAX} are allowed"
            )
        return int(digits)

    try:
        data = json.loads(text, parse_int=whole_number)
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"{name}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}),"
            " so it is not a backup file. Choose the .json file the app gave you as a backup."
        ) from None
    if not isinstance(data, dict):
        raise StoreError(f"{name}: is JSON but not an export of couples-recommender")
    return data


def read_backup_file(path: str | Path) -> dict[str, Any]:
    """Read a backup file by its path (see :func:`read_backup`)."""
    try:
        raw = read_bytes(Path(path))
    except UnreadableFileError as exc:
        raise StoreError(f"{path}: {exc}") from None
    return read_backup(raw, str(path))
