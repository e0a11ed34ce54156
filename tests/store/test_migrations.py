"""Schema versions: new databases, upgrades of older ones, refusal of newer and foreign ones."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

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
    SCHEMA_VERSION,
    Found,
    revision_id,
    script_directory,
    upgrade,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_v1_database(url: str, *, before_alembic: bool) -> None:
    """A version-1 database with some data in it.

    With ``before_alembic``, exactly as the first releases made it: a ``schema_version``
    table and no ``alembic_version``.
    """
    engine = create_engine(url)
    with engine.begin() as conn:
        upgrade(conn, Found(None, stamped=False), target=1)
        if before_alembic:
            conn.execute(text("DROP TABLE alembic_version"))
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


def versions_recorded(url: str) -> tuple[list[int], list[str]]:
    """The schema_version rows and Alembic's revision of a database."""
    engine = create_engine(url)
    with engine.connect() as conn:
        legacy = [v for (v,) in conn.execute(text("SELECT version FROM schema_version"))]
        alembic = [v for (v,) in conn.execute(text("SELECT version_num FROM alembic_version"))]
    engine.dispose()
    return sorted(legacy), alembic


def test_the_revisions_are_numbered_in_order_and_build_the_current_schema(
    database_url: str,
) -> None:
    revisions = list(reversed(list(script_directory().walk_revisions())))
    assert [r.revision for r in revisions] == [revision_id(v) for v in range(1, SCHEMA_VERSION + 1)]
    assert [r.down_revision for r in revisions] == [None, *(r.revision for r in revisions[:-1])]
    assert SCHEMA_VERSION >= 2
    with Store(database_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
    tables = columns_by_table(database_url)
    assert tables.pop("alembic_version") == {"version_num"}
    assert tables == models_columns()
    assert versions_recorded(database_url) == (
        list(range(1, SCHEMA_VERSION + 1)),
        [revision_id(SCHEMA_VERSION)],
    )


@pytest.mark.parametrize("before_alembic", [True, False], ids=["before-alembic", "alembic"])
def test_a_version_1_database_is_upgraded_on_open_keeping_its_data(
    database_url: str, before_alembic: bool
) -> None:
    make_v1_database(database_url, before_alembic=before_alembic)
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
    tables = columns_by_table(database_url)
    tables.pop("alembic_version")
    assert tables == models_columns()
    with Store(database_url) as again:  # opening an up-to-date database changes nothing
        assert again.schema_version() == SCHEMA_VERSION
    assert versions_recorded(database_url) == (
        list(range(1, SCHEMA_VERSION + 1)),
        [revision_id(SCHEMA_VERSION)],
    )


def test_a_database_made_by_the_release_before_alembic_opens_with_its_data(
    tmp_path: Path,
) -> None:
    # Made by running the code of main before this change (schema_version 2, no Alembic).
    file = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "made-by-schema-v2.sqlite3", file)
    url = f"sqlite:///{file}"
    assert "alembic_version" not in columns_by_table(url)
    with Store(url) as store:
        cid = store.find_couple("Old & Timers")
        assert store.get_couple(cid).b.name == "Timer"
        assert store.outings(cid)[["activity_id", "cost"]].values.tolist() == [
            ["pottery-class", 35.0]
        ]
        assert store.planned(cid)["activity_id"].tolist() == ["sea-kayaking"]
        assert store.ideas(cid)["activity_id"].tolist() == ["ours-sunset-picnic"]
        assert [f.activity_id for f in store.feedback(cid)] == [
            "salsa-class",
            *["pottery-class"] * 2,
        ]
        store.add_reaction(cid, "pottery-class", "a", 5)
    assert versions_recorded(url) == (
        list(range(1, SCHEMA_VERSION + 1)),
        [revision_id(SCHEMA_VERSION)],
    )


def load_version_2_fixture(url: str) -> None:
    """The fixture written by the version-2 code, in a version-2 database at ``url``.

    On SQLite the file itself is used; on PostgreSQL a version-2 schema is made by the
    revisions and the fixture's rows are copied into it table by table.
    """
    source = create_engine(f"sqlite:///{FIXTURES / 'made-by-alembic-v2.sqlite3'}")
    if url.startswith("sqlite"):
        shutil.copyfile(FIXTURES / "made-by-alembic-v2.sqlite3", url.removeprefix("sqlite:///"))
        return
    target = create_engine(url)
    with target.begin() as conn:
        upgrade(conn, Found(None, stamped=False), target=2)
        for table in ("couples", "reactions", "outings", "planned", "ideas"):
            rows = source.connect().execute(text(f"SELECT * FROM {table}")).mappings().all()
            if rows:
                columns = ", ".join(rows[0].keys())
                params = ", ".join(f":{k}" for k in rows[0])
                conn.execute(
                    text(f"INSERT INTO {table} ({columns}) VALUES ({params})"),
                    [dict(r) for r in rows],
                )
        for table in ("couples", "reactions", "outings", "planned"):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT MAX(id) FROM {table}))"
                )
            )
    target.dispose()
    source.dispose()


def test_a_version_2_database_made_by_the_previous_code_keeps_everything(
    database_url: str,
) -> None:
    load_version_2_fixture(database_url)
    with Store(database_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert [name for _, name in store.list_couples()] == ["Ana & Ben", "Kim & Lee"]
        ana_ben = store.find_couple("Ana & Ben")
        couple = store.get_couple(ana_ben)
        assert (couple.a.name, couple.a.interests, couple.b.budget) == (
            "Ana",
            ("the sea", "cooking"),
            80.0,
        )
        reactions = store.reactions(ana_ben)
        assert reactions[["activity_id", "partner", "rating"]].values.tolist() == [
            ["sea-kayak-island-camping", "a", 5],
            ["sea-kayak-island-camping", "b", 1],
            ["blanket-stargazing", "b", 5],
        ]
        outings = store.outings(ana_ben)
        assert outings[
            ["activity_id", "rating_a", "rating_b", "notes", "cost"]
        ].values.tolist() == [["pottery-taster", 4, 5, "muddy but fun", 64.0]]
        assert store.planned(ana_ben)["activity_id"].tolist() == ["blanket-stargazing"]
        assert store.ideas(ana_ben)["title"].tolist() == ["Sunset picnic at the pier"]
        kim_lee = store.find_couple("Kim & Lee")
        assert store.outings(kim_lee)["activity_id"].tolist() == ["late-night-jazz-club-set"]
        # New rows still get fresh ids after the copy.
        store.add_reaction(kim_lee, "blanket-stargazing", "a", 4)
        assert len(store.reactions(kim_lee)) == 1
    tables = columns_by_table(database_url)
    tables.pop("alembic_version")
    assert tables == models_columns()
    engine = create_engine(database_url)
    with engine.connect() as conn:
        # Every couple made before seasons could flip lives in the north, as the app assumed.
        assert conn.execute(text("SELECT DISTINCT hemisphere FROM couples")).all() == [("north",)]
        assert conn.execute(text("SELECT COUNT(*) FROM members")).scalar() == 0
        assert conn.execute(text("SELECT import_batch FROM ideas")).all() == [(None,)]
    engine.dispose()


@pytest.mark.parametrize("recorded_in", ["alembic", "schema_version"])
def test_a_database_from_a_newer_version_is_refused_untouched(
    database_url: str, recorded_in: str
) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 5)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        # A newer release records its revision in both tables; an older one read only the second.
        if recorded_in == "alembic":
            conn.execute(
                text("UPDATE alembic_version SET version_num = :v"),
                {"v": revision_id(SCHEMA_VERSION + 1)},
            )
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
