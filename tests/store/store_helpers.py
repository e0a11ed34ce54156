"""Helpers shared by the store tests: two couples, an idea, and ways to look at a database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError

from recommender import Couple, Partner, Store
from recommender.catalog.columns import Columns
from recommender.store.schema import Base

REPO = Path(__file__).resolve().parents[2]

ANA_BEN = Couple(
    Partner("Ana", ("cooking", "hiking"), risk_comfort=3, budget=120),
    Partner("Ben", ("board-games",), risk_comfort=2, budget=80),
)
CAM_DEV = Couple(Partner("Cam", ("climbing",), 5, 300), Partner("Dev", (), 4, 250))


def idea(title: str = "Sunset picnic on the hill", **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        Columns.TITLE: title,
        Columns.DESCRIPTION: "Pack bread, cheese and a blanket and watch the sun go down.",
        Columns.CATEGORY: "outdoors",
        Columns.TAGS: "nature;romantic",
        Columns.COST: 15,
        Columns.RISK: 1,
        Columns.DURATION_HOURS: 2,
        Columns.SETTING: "outdoor",
        Columns.ENERGY: 2,
        Columns.SEASONS: "spring;summer",
        Columns.CONVERSATION_STARTER: "What was the best sunset you ever saw?",
    }
    record.update(changes)
    return record


def table_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            return {
                n: conn.execute(text(f'SELECT COUNT(*) FROM "{n}"')).scalar_one()
                for n in sorted(names)
            }
    finally:
        engine.dispose()


def columns_by_table(url: str) -> dict[str, set[str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            insp = inspect(conn)
            return {t: {c["name"] for c in insp.get_columns(t)} for t in insp.get_table_names()}
    finally:
        engine.dispose()


def models_columns() -> dict[str, set[str]]:
    return {name: {c.name for c in table.columns} for name, table in Base.metadata.tables.items()}


def sqlite_file(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def fill(store: Store) -> None:
    ana = store.create_couple(ANA_BEN)
    store.add_reaction(ana, "salsa-class", "b", 1, at=datetime(2024, 1, 2, 3, 4, 5, 6, UTC))
    store.add_reaction(ana, "pottery-class", "a", 5)
    store.add_outing(ana, "pottery-class", date(2024, 5, 1), 4, 5, 'Ünïcode & "quotes"', 60)
    store.add_outing(ana, "night-market", date(2024, 4, 1), 3, 2)
    store.plan(ana, "sea-kayaking", date(2030, 6, 1))
    store.add_idea(ana, idea())
    cam = store.create_couple(CAM_DEV)
    store.add_idea(cam, idea("Via ferrata", category="adventure-sport", risk=4, tags="climbing"))


def without_timestamp(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "exported_at"}


def fail_on(store: Store, statement: str) -> None:
    """Make the next statement starting with ``statement`` fail, as a full disk would."""

    @event.listens_for(store.engine, "before_cursor_execute")
    def _refuse(conn, cursor, sql, parameters, context, executemany) -> None:
        if sql.lstrip().upper().startswith(statement):
            event.remove(store.engine, "before_cursor_execute", _refuse)
            raise OperationalError(sql, parameters, Exception("disk I/O error"))


#: The OpenID Connect issuer the member tests sign in with.
ISSUER = "https://accounts.example.test"


def pair(store: Store, couple: Couple = ANA_BEN, *, a: str = "ana-sub", b: str = "ben-sub"):
    """A couple made by ``a`` (seat "a") and joined by ``b`` (seat "b") by its invite link."""
    first = store.create_couple_for(ISSUER, a, couple)
    invite = store.create_invite(first)
    second = store.join(ISSUER, b, token=invite.link_token)
    return first, second
