"""Schema versions: new databases, upgrades of older ones, refusal of newer and foreign ones."""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from store_helpers import (
    ANA_BEN,
    columns_by_table,
    models_columns,
    sqlite_file,
    table_counts,
)

from recommender import Store
from recommender.store.errors import SchemaVersionError
from recommender.store.migrations import (
    MIGRATIONS,
    SCHEMA_VERSION,
    apply_migrations,
    create_schema_version_table,
)

# ----------------------------------------------------------------- schema versions


def make_v1_database(url: str) -> None:
    """A database exactly as the first release made it, with some data in it."""
    engine = create_engine(url)
    with engine.begin() as conn:
        create_schema_version_table(conn)
        apply_migrations(conn, 0, to_version=1)
        conn.execute(
            text(
                "INSERT INTO couples (id, name, a_name, a_interests, a_risk, a_budget,"
                " b_name, b_interests, b_risk, b_budget, created_at) VALUES (1, 'Old & Timers',"
                " 'Old', '[\"gardening\"]', 2, 50.0, 'Timer', '[]', 1, 40.0,"
                " '2023-01-01 10:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO outings (couple_id, activity_id, date, rating_a, rating_b, notes)"
                " VALUES (1, 'pottery-class', '2023-02-03', 5, 4, 'first date anniversary')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO reactions (couple_id, activity_id, partner, rating, at)"
                " VALUES (1, 'salsa-class', 'b', 1, '2023-01-05 20:00:00')"
            )
        )
    engine.dispose()


def test_the_migrations_are_ordered_and_build_the_current_schema(database_url: str) -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert len(MIGRATIONS) >= 2
    with Store(database_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
    assert columns_by_table(database_url) == models_columns()


def test_a_version_1_database_is_upgraded_on_open_keeping_its_data(database_url: str) -> None:
    make_v1_database(database_url)
    before = columns_by_table(database_url)
    assert "planned" not in before and "cost" not in before["outings"]

    with Store(database_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        cid = store.find_couple("Old & Timers")
        assert store.get_couple(cid).a.interests == ("gardening",)
        outings = store.outings(cid)
        assert outings["notes"].tolist() == ["first date anniversary"]
        assert pd.isna(outings.iloc[0]["cost"])
        assert [(f.activity_id, f.rating) for f in store.feedback(cid)] == [
            ("salsa-class", 1),
            ("pottery-class", 5),
            ("pottery-class", 4),
        ]
        # What version 2 added works on the upgraded database.
        store.update_outing(cid, int(outings.iloc[0]["outing_id"]), cost=35.0)
        store.plan(cid, "sea-kayaking", date(2030, 1, 1))
        assert store.outings(cid).iloc[0]["cost"] == 35.0
        assert len(store.planned(cid)) == 1
    assert columns_by_table(database_url) == models_columns()
    with Store(database_url) as again:  # opening an up-to-date database changes nothing
        assert again.schema_version() == SCHEMA_VERSION
    engine = create_engine(database_url)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version FROM schema_version ORDER BY version"))
        assert [v for (v,) in versions] == [m.version for m in MIGRATIONS]
    engine.dispose()


def test_a_database_from_a_newer_version_is_refused_untouched(database_url: str) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 5)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO schema_version (version, description, applied_at)"
                " VALUES (:v, 'from the future', '2031-01-01 00:00:00')"
            ),
            {"v": SCHEMA_VERSION + 1},
        )
    engine.dispose()
    counts = table_counts(database_url)
    file = sqlite_file(database_url)
    digest = hashlib.sha256(file.read_bytes()).hexdigest() if file else None

    message = (
        f"schema version {SCHEMA_VERSION + 1}, made by a newer version of couples-recommender;"
        f" this version understands up to {SCHEMA_VERSION}. Upgrade the app"
    )
    with pytest.raises(SchemaVersionError, match=message):
        Store(database_url)
    assert table_counts(database_url) == counts
    if file:
        assert hashlib.sha256(file.read_bytes()).hexdigest() == digest


def test_tables_not_made_by_this_app_are_refused(database_url: str) -> None:
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE couples (who TEXT)"))
        conn.execute(text("INSERT INTO couples VALUES ('someone else')"))
    engine.dispose()
    with pytest.raises(SchemaVersionError, match=r"already has table.*couples.*not made by this"):
        Store(database_url)
    assert table_counts(database_url) == {"couples": 1}
