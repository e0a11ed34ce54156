"""The couple's own ideas: activities with the catalog's columns and ``ours-`` ids."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Final

import pandas as pd
from sqlalchemy import Column, MetaData, Table, delete, func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from recommender.catalog.columns import Columns
from recommender.catalog.ids import idea_id
from recommender.catalog.limits import (
    CATEGORY_MAX,
    LONG_TEXT_MAX,
    SEASONS_MAX,
    SETTING_MAX,
    SHORT_TEXT_MAX,
    LimitError,
    check_text_value,
)
from recommender.catalog.loading import validate_activities
from recommender.store import checks
from recommender.store.couples import get_row
from recommender.store.database import Database
from recommender.store.errors import StoreError
from recommender.store.schema import IdeaRow, OutingRow, PlannedRow, ReactionRow

COLUMNS: Final = Columns.ALL
_NUMBERS: Final = (Columns.COST, Columns.DURATION_HOURS, Columns.RISK, Columns.ENERGY)
_TEXTS: Final = tuple(c for c in Columns.ALL if c not in _NUMBERS)


def prepare(
    records: Iterable[Mapping[str, object]], source: str, where: list[str] | None
) -> pd.DataFrame:
    """Ideas checked by the catalog's rules, each id made an ``ours-`` id.

    Raises
    ------
    CatalogError
        With every problem listed.
    """
    prepared: list[dict[str, object]] = []
    for record in records:
        if not isinstance(record, Mapping):
            raise StoreError(f"an idea must be a mapping of catalog columns (got {record!r})")
        row = dict(record)
        raw_id = row.get(Columns.ACTIVITY_ID)
        if raw_id is None or not str(raw_id).strip():
            title = str(row.get(Columns.TITLE) or "").strip()
            row[Columns.ACTIVITY_ID] = idea_id(title) if title else ""
        else:
            row[Columns.ACTIVITY_ID] = idea_id(str(raw_id))
        prepared.append(row)
    frame_ = validate_activities(prepared, source=source, where=where)
    _check_limits(frame_, where)
    return frame_


#: The longest text of each text column: the schema's lengths, one number each.
_TEXT_LIMITS: Final = {
    Columns.ACTIVITY_ID: (SHORT_TEXT_MAX, False),
    Columns.TITLE: (SHORT_TEXT_MAX, False),
    Columns.DESCRIPTION: (LONG_TEXT_MAX, True),
    Columns.CATEGORY: (CATEGORY_MAX, False),
    Columns.TAGS: (LONG_TEXT_MAX, False),
    Columns.SETTING: (SETTING_MAX, False),
    Columns.SEASONS: (SEASONS_MAX, False),
    Columns.CONVERSATION_STARTER: (LONG_TEXT_MAX, True),
}


# The characters limits.first_forbidden_character refuses (Unicode Cc, Zl, Zp), as a
# pattern, so a file of 200,000 ideas is checked column by column instead of char by char.
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_LINES: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _check_limits(frame_: pd.DataFrame, where: list[str] | None) -> None:
    """Refuse text either database would refuse (too long for its column, control characters)."""
    for column, (longest, multiline) in _TEXT_LIMITS.items():
        texts = frame_[column].astype(str)
        pattern = _CONTROL_BUT_LINES if multiline else _CONTROL
        bad = (texts.str.len() > longest) | texts.str.contains(pattern)
        for i in [int(i) for i in bad.to_numpy().nonzero()[0][:1]]:
            at = where[i] if where else f"idea {i + 1}"
            try:
                check_text_value(
                    texts.iloc[i], f"{at}.{column}", max_length=longest, multiline=multiline
                )
            except LimitError as exc:
                raise StoreError(str(exc)) from None
    for column in _NUMBERS:
        finite = frame_[column].astype(float).map(math.isfinite)
        if not finite.all():
            i = int((~finite).to_numpy().nonzero()[0][0])
            at = where[i] if where else f"idea {i + 1}"
            value = frame_[column].iloc[i]
            raise StoreError(f"{at}.{column} must be a finite number, not {value!r}")


def row_values(values: Mapping[str, object]) -> dict[str, object]:
    """One validated idea as the ideas table's columns, in plain Python types."""
    out: dict[str, object] = {}
    for col in COLUMNS:
        value = values[col]
        if col in (Columns.RISK, Columns.ENERGY):
            value = int(value)  # type: ignore[call-overload]
        elif col in (Columns.COST, Columns.DURATION_HOURS):
            value = float(value)  # type: ignore[arg-type]
        else:
            value = str(value)
        out[col] = value
    return out


def add_one(session: Session, couple_id: int, values: dict[str, object], explicit: bool) -> str:
    """Save one idea; a made-up id that is taken gets ``-2``, ``-3``...; returns the id."""
    get_row(session, couple_id)
    base = str(values[Columns.ACTIVITY_ID])
    aid, n = base, 1
    while session.get(IdeaRow, (couple_id, aid)) is not None:
        if explicit:
            raise StoreError(
                f"you already have an idea with id {aid!r}; edit it or choose another id"
            )
        n += 1
        aid = f"{base}-{n}"
    session.add(IdeaRow(**row_values({**values, Columns.ACTIVITY_ID: aid}), couple_id=couple_id))
    return aid


def add_many(
    session: Session, couple_id: int, rows: list[dict[str, object]], skip_existing: bool
) -> tuple[list[str], list[str]]:
    """Save ideas (as :func:`row_values` gives them) in one bulk insert; returns (added, skipped).

    The rows are checked and converted before the transaction starts; here the only work is
    one query for the ids the couple has and one ``executemany``, so the write lock (SQLite
    has one for the whole file) is held for as short a time as the database allows: about
    a few seconds for 200,000 ideas on SQLite, where adding and flushing them one at a time
    took about 95 s and locked the couple's other writes out.
    """
    get_row(session, couple_id)
    have = set(
        session.execute(select(IdeaRow.activity_id).where(IdeaRow.couple_id == couple_id)).scalars()
    )
    new: list[dict[str, object]] = []
    skipped: list[str] = []
    for row in rows:
        aid = str(row[Columns.ACTIVITY_ID])
        if aid in have:
            if not skip_existing:
                raise StoreError(f"you already have an idea with id {aid!r}")
            skipped.append(aid)
            continue
        have.add(aid)
        new.append({**row, "couple_id": couple_id})
    added = [str(r[Columns.ACTIVITY_ID]) for r in new]
    if new:
        # Core executemany (the ORM's bulk path costs as much again in Python), in key order
        # so the primary-key index grows at its end instead of splitting pages everywhere.
        new.sort(key=lambda r: str(r[Columns.ACTIVITY_ID]))
        session.connection().execute(insert(IdeaRow.__table__), new)
    return added, skipped


def dedupe(rows: list[dict[str, object]]) -> tuple[list[dict[str, object]], list[str]]:
    """The rows with each id once (the first wins), and the ids of the repeats."""
    seen: set[str] = set()
    unique: list[dict[str, object]] = []
    repeats: list[str] = []
    for row in rows:
        aid = str(row[Columns.ACTIVITY_ID])
        if aid in seen:
            repeats.append(aid)
        else:
            seen.add(aid)
            unique.append(row)
    return unique, repeats


_STAGE: Final = Table(
    "ideas_stage",
    MetaData(),
    *(Column(c.name, c.type) for c in IdeaRow.__table__.columns),
    prefixes=["TEMPORARY"],
)
_COLUMNS_SQL: Final = ", ".join(c.name for c in IdeaRow.__table__.columns if c.name != "couple_id")


def stage(conn: Connection, rows: list[dict[str, object]]) -> None:
    """Write rows to a temporary table of ``conn`` (SQLite: no lock on the database file)."""
    _STAGE.drop(conn, checkfirst=True)
    _STAGE.create(conn)
    if rows:
        conn.execute(insert(_STAGE), [{**r, "couple_id": 0} for r in rows])


def unstage(conn: Connection) -> None:
    """Drop the temporary table of :func:`stage`."""
    _STAGE.drop(conn, checkfirst=True)


def add_staged(
    session: Session, couple_id: int, staged: list[str], skip_existing: bool
) -> tuple[list[str], list[str]]:
    """Copy staged ideas (ids ``staged``, each once) the couple lacks; returns (added, skipped).

    One ``INSERT ... SELECT`` done by SQLite itself: the write lock is held for about half
    the time an ``executemany`` of the same rows takes, and the file stays all-or-nothing.
    """
    get_row(session, couple_id)
    have = set(
        session.execute(
            text(
                "SELECT s.activity_id FROM temp.ideas_stage s JOIN ideas i"
                " ON i.couple_id = :c AND i.activity_id = s.activity_id"
            ),
            {"c": couple_id},
        ).scalars()
    )
    if have and not skip_existing:
        raise StoreError(f"you already have an idea with id {sorted(have)[0]!r}")
    session.execute(
        text(
            f"INSERT INTO ideas (couple_id, {_COLUMNS_SQL}) SELECT :c, {_COLUMNS_SQL}"
            " FROM temp.ideas_stage s WHERE NOT EXISTS (SELECT 1 FROM ideas i"
            " WHERE i.couple_id = :c AND i.activity_id = s.activity_id) ORDER BY s.activity_id"
        ),
        {"c": couple_id},
    )
    return [a for a in staged if a not in have], [a for a in staged if a in have]


def add_many_staged(
    db: Database,
    couple_id: int,
    rows: list[dict[str, object]],
    skip_existing: bool,
    check: Callable[[Session], None] | None = None,
) -> tuple[list[str], list[str]]:
    """:func:`add_many` for SQLite, which locks the whole file for a write.

    The rows go to a temporary table first (no lock), then :func:`add_staged` copies them
    in one short write transaction (which runs ``check`` first: who may write); returns
    (added, skipped).
    """
    unique, repeats = dedupe(rows)
    if repeats and not skip_existing:
        raise StoreError(f"you already have an idea with id {repeats[0]!r}")
    staged = [str(r[Columns.ACTIVITY_ID]) for r in unique]

    def write(session: Session) -> tuple[list[str], list[str]]:
        if check is not None:
            check(session)
        return add_staged(session, couple_id, staged, skip_existing)

    added, skipped = db.staged_write(
        lambda conn: stage(conn, unique),
        write,
        unstage,
    )
    return added, skipped + repeats


def update(session: Session, couple_id: int, activity_id: str, values: dict[str, object]) -> None:
    """Replace the fields of one idea (its id stays)."""
    get_row(session, couple_id)
    row = session.get(IdeaRow, (couple_id, activity_id))
    if row is None:
        raise StoreError(f"no idea with id {activity_id!r} for this couple")
    for key, value in row_values(values).items():
        if key != Columns.ACTIVITY_ID:
            setattr(row, key, value)


def frame(session: Session, couple_id: int) -> pd.DataFrame:
    """The couple's own ideas with the catalog's columns, typed like ``load_catalog``."""
    get_row(session, couple_id)
    rows = session.execute(
        select(IdeaRow).where(IdeaRow.couple_id == couple_id).order_by(IdeaRow.activity_id)
    ).scalars()
    data = [{c: getattr(r, c) for c in COLUMNS} for r in rows]
    return checks.frame(
        data,
        COLUMNS,
        {
            Columns.COST: float,
            Columns.DURATION_HOURS: float,
            Columns.RISK: "int64",
            Columns.ENERGY: "int64",
        },
        _TEXTS,
    )


def remove(session: Session, couple_id: int, activity_id: str) -> None:
    """Delete one idea and the reactions to it; refused while outings or plans name it."""
    get_row(session, couple_id)
    row = session.get(IdeaRow, (couple_id, activity_id))
    if row is None:
        raise StoreError(f"no idea with id {activity_id!r} for this couple")
    used = []
    for model, what in ((OutingRow, "outing"), (PlannedRow, "planned outing")):
        n = session.execute(
            select(func.count())
            .select_from(model)
            .where(model.couple_id == couple_id, model.activity_id == activity_id)
        ).scalar_one()
        if n:
            used.append(f"{n} {what}{'s' if n > 1 else ''}")
    if used:
        raise StoreError(
            f"{row.title!r} is in your history ({' and '.join(used)});"
            " delete those first, then the idea"
        )
    session.execute(
        delete(ReactionRow).where(
            ReactionRow.couple_id == couple_id, ReactionRow.activity_id == activity_id
        )
    )
    session.delete(row)
