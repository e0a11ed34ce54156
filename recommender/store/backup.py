"""Backups: every couple's data as one JSON document, and loading one back.

The layout is versioned (``format_version``); internal row ids are left out, so importing
an export into an empty database and exporting again gives the same content (only
``exported_at`` differs). An import checks the whole document before it writes anything
and writes it in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from recommender.catalog.columns import IDEA_PREFIX, Columns
from recommender.catalog.loading import CatalogError, validate_activities
from recommender.profiles import PARTNER_KEYS, Couple, Partner, check_partner_key
from recommender.store import checks, couples, ideas, outings, plans, reactions
from recommender.store.couples import partner_fields
from recommender.store.errors import StoreError
from recommender.store.ideas import row_values
from recommender.store.migrations import SCHEMA_VERSION
from recommender.store.schema import CoupleRow, IdeaRow, OutingRow, PlannedRow, ReactionRow

#: Identifies an export file, and the version of its layout.
EXPORT_FORMAT: Final = "couples-recommender-export"
EXPORT_FORMAT_VERSION: Final = 1


def export_couples(session: Session, ids: list[tuple[int, str]]) -> dict:
    """The export document of the couples ``ids`` (``(couple_id, name)``), read in ``session``."""
    out = []
    for cid, name in ids:
        couple = couples.couple_from_row(couples.get_row(session, cid))
        out.append(
            {
                "name": name,
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
                    for r in reactions.frame(session, cid).to_dict("records")
                ],
                "outings": [
                    {
                        "activity_id": o["activity_id"],
                        "date": o["date"].isoformat(),
                        "rating_a": int(o["rating_a"]),
                        "rating_b": int(o["rating_b"]),
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


def import_plan(session: Session, plan: list[_CouplePlan], *, replace: bool) -> None:
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
            row = existing
        else:
            row = CoupleRow(name=item.name, created_at=checks.utcnow(), **item.partners)
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


@dataclass
class _CouplePlan:
    name: str
    partners: dict[str, object]
    reactions: list[dict[str, object]]
    outings: list[dict[str, object]]
    planned: list[dict[str, object]]
    ideas: list[dict[str, object]]


def _items(value: object, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise StoreError(f"{where}: must be a list (got {type(value).__name__})")
    return value


def _field(record: object, key: str, where: str) -> object:
    if not isinstance(record, dict):
        raise StoreError(f"{where}: must be an object with fields (got {record!r})")
    if key not in record:
        raise StoreError(f"{where}: missing field '{key}'")
    return record[key]


def parse_export(data: object) -> list[_CouplePlan]:
    """Check a whole export before anything is written; StoreError names the bad field."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise StoreError(
            f'not an export of couples-recommender (expected "format": "{EXPORT_FORMAT}")'
        )
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise StoreError(f"format_version: must be a whole number (got {version!r})")
    if version > EXPORT_FORMAT_VERSION:
        raise StoreError(
            f"format_version {version} was written by a newer version of couples-recommender;"
            f" this version reads up to {EXPORT_FORMAT_VERSION}. Upgrade the app to import it."
        )
    plans: list[_CouplePlan] = []
    names: set[str] = set()
    for i, couple in enumerate(_items(_field(data, "couples", "file"), "couples")):
        at = f"couples[{i}]"
        try:
            name = checks.couple_name(_field(couple, "name", at))
        except StoreError as exc:
            raise StoreError(f"{at}.name: {exc}") from None
        if name in names:
            raise StoreError(f"{at}.name: {name!r} appears twice in the file")
        names.add(name)
        partners_raw = _field(couple, "partners", at)
        partners = []
        for key in PARTNER_KEYS:
            p = _field(partners_raw, key, f"{at}.partners")
            where = f"{at}.partners.{key}"
            try:
                partners.append(
                    Partner(
                        name=_field(p, "name", where),  # type: ignore[arg-type]
                        interests=tuple(
                            _items(_field(p, "interests", where), f"{where}.interests")
                        ),
                        risk_comfort=_field(p, "risk_comfort", where),  # type: ignore[arg-type]
                        budget=_field(p, "budget", where),  # type: ignore[arg-type]
                    )
                )
            except StoreError:
                raise
            except ValueError as exc:
                raise StoreError(f"{where}: {exc}") from None
        plan = _CouplePlan(name, partner_fields(Couple(*partners)), [], [], [], [])

        for j, r in enumerate(_items(couple.get("reactions"), f"{at}.reactions")):
            where = f"{at}.reactions[{j}]"
            try:
                partner = check_partner_key(_field(r, "partner", where))
                plan.reactions.append(
                    {
                        "activity_id": checks.activity_id(_field(r, "activity_id", where)),
                        "partner": partner,
                        "rating": checks.rating(_field(r, "rating", where), "rating"),
                        "at": checks.to_db_time(_field(r, "at", where) or "", "at"),  # type: ignore[arg-type]
                    }
                )
            except ValueError as exc:
                raise StoreError(_located(where, exc)) from None
        for j, o in enumerate(_items(couple.get("outings"), f"{at}.outings")):
            where = f"{at}.outings[{j}]"
            try:
                plan.outings.append(
                    {
                        "activity_id": checks.activity_id(_field(o, "activity_id", where)),
                        "date": checks.to_date(_field(o, "date", where)),
                        "rating_a": checks.rating(_field(o, "rating_a", where), "rating_a"),
                        "rating_b": checks.rating(_field(o, "rating_b", where), "rating_b"),
                        "notes": checks.long_text(o.get("notes", ""), "notes"),
                        "cost": checks.cost(o.get("cost")),
                    }
                )
            except ValueError as exc:
                raise StoreError(_located(where, exc)) from None
        for j, p in enumerate(_items(couple.get("planned"), f"{at}.planned")):
            where = f"{at}.planned[{j}]"
            try:
                plan.planned.append(
                    {
                        "activity_id": checks.activity_id(_field(p, "activity_id", where)),
                        "date": checks.to_date(_field(p, "date", where)),
                    }
                )
            except ValueError as exc:
                raise StoreError(_located(where, exc)) from None
        ideas = _items(couple.get("ideas"), f"{at}.ideas")
        if ideas:
            for j, idea in enumerate(ideas):
                if not isinstance(idea, dict):
                    raise StoreError(f"{at}.ideas[{j}]: must be an object with the catalog columns")
                aid = idea.get(Columns.ACTIVITY_ID)
                if not (isinstance(aid, str) and aid.startswith(IDEA_PREFIX)):
                    raise StoreError(
                        f"{at}.ideas[{j}].activity_id: must start with '{IDEA_PREFIX}'"
                        f" (got {aid!r})"
                    )
            try:
                frame = validate_activities(
                    ideas,
                    source=f"{at}.ideas",
                    where=[f"{at}.ideas[{j}]" for j in range(len(ideas))],
                )
            except CatalogError as exc:
                raise StoreError(str(exc)) from None
            plan.ideas = [row_values(v) for v in frame.to_dict("records")]
        plans.append(plan)
    return plans


def _located(where: str, exc: Exception) -> str:
    message = str(exc)
    return message if message.startswith(where) else f"{where}: {message}"


def dumps_export(data: dict) -> str:
    """An export as pretty, stable JSON text (UTF-8, keys in order)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
