"""Tests for recommender/storage.py, on SQLite and (when available) PostgreSQL."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import db_backends
import pandas as pd
import pytest
from sqlalchemy import create_engine, inspect, text

from recommender import Couple, Feedback, Partner, Store, StoreError
from recommender.catalog.columns import Columns
from recommender.catalog.loading import CatalogError, validate_activities
from recommender.store.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Base,
    SchemaVersionError,
    apply_migrations,
    create_schema_version_table,
    default_database_url,
    idea_id,
)

database_url = db_backends.database_url
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


@pytest.fixture
def store(database_url: str):
    with Store(database_url) as s:
        yield s


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


# ----------------------------------------------------------------- couples


def test_couple_profile_round_trips_and_survives_a_restart(database_url: str) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        assert store.list_couples() == [(cid, "Ana & Ben")]
        assert store.get_couple(cid) == ANA_BEN
    with Store(database_url) as again:  # a new process would see the same
        assert again.get_couple(cid) == ANA_BEN
        changed = Couple(Partner("Ana", ("pottery",), 4, 150), ANA_BEN.b)
        again.save_profile(cid, changed)
        assert again.get_couple(cid) == changed
        assert again.couple_name(cid) == "Ana & Ben"


def test_couple_names_are_unique_and_renamable(store: Store) -> None:
    cid = store.create_couple(ANA_BEN, name="  The   Explorers ")
    assert store.list_couples() == [(cid, "The Explorers")]
    with pytest.raises(StoreError, match="a couple named 'The Explorers' already exists"):
        store.create_couple(CAM_DEV, name="The Explorers")
    other = store.create_couple(CAM_DEV)
    with pytest.raises(StoreError, match="'Cam & Dev' already exists"):
        store.rename_couple(cid, "Cam & Dev")
    store.rename_couple(cid, "Ana and Ben")
    assert store.find_couple("Ana and Ben") == cid
    assert store.find_couple("Cam & Dev") == other
    with pytest.raises(StoreError, match=r"no couple named 'Nobody'.*'Ana and Ben', 'Cam & Dev'"):
        store.find_couple("Nobody")
    with pytest.raises(StoreError, match="name must be a non-empty text"):
        store.create_couple(ANA_BEN, name="   ")


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.get_couple(999),
        lambda s: s.outings(999),
        lambda s: s.reactions(999),
        lambda s: s.planned(999),
        lambda s: s.ideas(999),
        lambda s: s.feedback(999),
        lambda s: s.add_reaction(999, "x", "a", 5),
        lambda s: s.add_outing(999, "x", date(2024, 1, 1), 3, 3),
        lambda s: s.plan(999, "x", date(2024, 1, 1)),
        lambda s: s.save_profile(999, ANA_BEN),
        lambda s: s.delete_couple(999),
    ],
)
def test_unknown_couple_ids_raise(store: Store, call) -> None:
    with pytest.raises(StoreError, match="no couple with id 999"):
        call(store)


def test_deleting_a_couple_removes_all_of_their_rows(database_url: str) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        keep = store.create_couple(CAM_DEV)
        for who in (cid, keep):
            store.add_reaction(who, "pottery-class", "a", 5)
            store.add_outing(who, "pottery-class", date(2024, 5, 1), 4, 5)
            store.plan(who, "sea-kayaking", date(2030, 6, 1))
            store.add_idea(who, idea())
        store.delete_couple(cid)
        assert store.list_couples() == [(keep, "Cam & Dev")]
        assert len(store.outings(keep)) == len(store.reactions(keep)) == 1
    counts = table_counts(database_url)
    for table in ("reactions", "outings", "planned", "ideas", "couples"):
        assert counts[table] == 1, table


# ----------------------------------------------------------------- reactions, outings, plans


def test_reactions_are_stored_with_who_rating_and_when(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    when = datetime(2024, 3, 1, 18, 30, tzinfo=UTC)
    rid = store.add_reaction(cid, "salsa-class", "b", 1, at=when)
    store.add_reaction(cid, "pottery-class", "a", 5, at=when + timedelta(hours=1))
    frame = store.reactions(cid)
    assert list(frame.columns) == ["reaction_id", "activity_id", "partner", "rating", "at"]
    assert frame.iloc[0].to_dict() == {
        "reaction_id": rid,
        "activity_id": "salsa-class",
        "partner": "b",
        "rating": 1,
        "at": pd.Timestamp(when),
    }
    assert frame["activity_id"].tolist() == ["salsa-class", "pottery-class"]
    store.delete_reaction(cid, rid)
    assert store.reactions(cid)["activity_id"].tolist() == ["pottery-class"]


def test_reaction_time_defaults_to_now_and_local_times_are_converted(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    before = datetime.now(UTC)
    store.add_reaction(cid, "a1", "a", 5)
    naive_local = datetime(2024, 7, 1, 12, 0)
    store.add_reaction(cid, "a2", "a", 4, at=naive_local)
    at = store.reactions(cid).set_index("activity_id")["at"]
    assert before - timedelta(seconds=1) <= at["a1"].to_pydatetime() <= datetime.now(UTC)
    assert at["a2"].to_pydatetime() == naive_local.astimezone(UTC)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pottery", "c", 5), "partner must be one of 'a', 'b'"),
        (("pottery", "a", 7), r"rating must be one of 1, 2, 3, 4, 5 \(got 7\)"),
        (("pottery", "a", 2.5), r"rating must be one of 1, 2, 3, 4, 5 \(got 2.5\)"),
        (("", "a", 5), "activity_id must be a non-empty text"),
    ],
)
def test_bad_reactions_are_refused(store: Store, args: tuple, message: str) -> None:
    cid = store.create_couple(ANA_BEN)
    with pytest.raises(StoreError, match=message):
        store.add_reaction(cid, *args)
    assert store.reactions(cid).empty


def test_outings_add_update_delete(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    first = store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 5, "messy, fun", 60)
    second = store.add_outing(cid, "night-market", "2024-04-12", 3, 2)
    frame = store.outings(cid)
    assert list(frame.columns) == [
        "outing_id",
        "activity_id",
        "date",
        "rating_a",
        "rating_b",
        "notes",
        "cost",
    ]
    assert frame["outing_id"].tolist() == [second, first]  # oldest first
    assert frame.iloc[1]["notes"] == "messy, fun"
    assert frame.iloc[1]["cost"] == 60.0
    assert pd.isna(frame.iloc[0]["cost"])

    store.update_outing(cid, second, rating_b=4, cost=22.5)
    row = store.outings(cid).set_index("outing_id").loc[second]
    assert (row["rating_a"], row["rating_b"], row["cost"], row["date"]) == (
        3,
        4,
        22.5,
        date(2024, 4, 12),
    )
    store.update_outing(cid, second, cost=None, notes="cold")
    row = store.outings(cid).set_index("outing_id").loc[second]
    assert pd.isna(row["cost"]) and row["notes"] == "cold"

    store.delete_outing(cid, first)
    assert store.outings(cid)["outing_id"].tolist() == [second]
    with pytest.raises(StoreError, match=f"no outing with id {first} for this couple"):
        store.delete_outing(cid, first)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rating_a": 0}, r"rating_a must be one of 1, 2, 3, 4, 5 \(got 0\)"),
        ({"rating_b": "5"}, r"rating_b must be one of 1, 2, 3, 4, 5 \(got '5'\)"),
        ({"date": "31/05/2024"}, r"date must be a date like 2024-05-31 \(got '31/05/2024'\)"),
        ({"cost": -3}, r"cost must be 0 or more dollars \(got -3\)"),
        ({"cost": "cheap"}, "cost must be a number of dollars"),
        ({"notes": None}, "notes must be text"),
    ],
)
def test_bad_outings_are_refused_and_nothing_changes(
    store: Store, kwargs: dict, message: str
) -> None:
    cid = store.create_couple(ANA_BEN)
    oid = store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 5)
    before = store.outings(cid)
    base = {"date": date(2024, 6, 1), "rating_a": 3, "rating_b": 3, "notes": "", "cost": None}
    with pytest.raises(StoreError, match=message):
        store.add_outing(cid, "x", **{**base, **kwargs})
    with pytest.raises(StoreError, match=message):
        store.update_outing(cid, oid, **kwargs)
    pd.testing.assert_frame_equal(store.outings(cid), before)


def test_planned_outings(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    later = store.plan(cid, "sea-kayaking", date(2030, 7, 1))
    sooner = store.plan(cid, "pottery-class", "2030-06-01")
    frame = store.planned(cid)
    assert list(frame.columns) == ["plan_id", "activity_id", "date"]
    assert frame.to_dict("records") == [
        {"plan_id": sooner, "activity_id": "pottery-class", "date": date(2030, 6, 1)},
        {"plan_id": later, "activity_id": "sea-kayaking", "date": date(2030, 7, 1)},
    ]
    store.unplan(cid, sooner)
    assert store.planned(cid)["plan_id"].tolist() == [later]
    with pytest.raises(StoreError, match=f"no planned outing with id {sooner}"):
        store.unplan(cid, sooner)


# ----------------------------------------------------------------- feedback


def test_feedback_is_built_from_reactions_and_outings_oldest_first(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    store.add_reaction(cid, "pottery-class", "a", 5, at=datetime(2024, 5, 1, 9, tzinfo=UTC))
    oid = store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 2)
    store.add_reaction(cid, "salsa-class", "b", 1, at=datetime(2024, 4, 1, tzinfo=UTC))
    fb = store.feedback(cid)
    assert [(f.activity_id, f.partner, f.rating, f.done) for f in fb] == [
        ("salsa-class", "b", 1, False),
        ("pottery-class", "a", 5, False),  # the morning's thumbs up...
        ("pottery-class", "a", 4, True),  # ...then what each thought of doing it
        ("pottery-class", "b", 2, True),
    ]
    assert all(isinstance(f, Feedback) for f in fb)
    assert fb[2].at == datetime(2024, 5, 1, 23, 59, 59, tzinfo=UTC)
    # Derived, not stored: changing the outing changes the feedback.
    store.update_outing(cid, oid, rating_b=5)
    assert store.feedback(cid)[3].rating == 5
    store.delete_outing(cid, oid)
    assert [f.done for f in store.feedback(cid)] == [False, False]


def test_nothing_is_stored_twice(database_url: str) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 2)
        assert len(store.feedback(cid)) == 2
    counts = table_counts(database_url)
    assert counts["outings"] == 1 and counts["reactions"] == 0
    assert not any("feedback" in name for name in counts)


# ----------------------------------------------------------------- ideas


def test_ideas_are_validated_prefixed_and_typed_like_the_catalog(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    first = store.add_idea(cid, idea())
    assert first == "ours-sunset-picnic-on-the-hill"
    again = store.add_idea(cid, idea())  # same title: a second, separate idea
    assert again == "ours-sunset-picnic-on-the-hill-2"
    # A catalog-looking id still gets the prefix, so it can never shadow a catalog row.
    assert store.add_idea(cid, idea("Kayak", activity_id="sea-kayaking")) == "ours-sea-kayaking"
    with pytest.raises(StoreError, match="already have an idea with id 'ours-sea-kayaking'"):
        store.add_idea(cid, idea("Kayak", activity_id="sea-kayaking"))

    frame = store.ideas(cid)
    expected = validate_activities([idea(activity_id="x")])
    assert list(frame.columns) == list(Columns.ALL)
    assert frame.dtypes.to_dict() == expected.dtypes.to_dict()
    row = frame.set_index(Columns.ACTIVITY_ID).loc[first]
    assert row[Columns.TAGS] == "nature;romantic" and row[Columns.COST] == 15.0
    assert store.ideas(store.create_couple(CAM_DEV)).dtypes.to_dict() == expected.dtypes.to_dict()


def test_an_invalid_idea_is_refused_with_every_problem(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    bad = idea(category="space", risk=9)
    with pytest.raises(CatalogError, match=r"(?s)column 'category': unknown category.*'risk'"):
        store.add_idea(cid, bad)
    assert store.ideas(cid).empty


def test_ideas_can_be_edited_and_deleted(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    aid = store.add_idea(cid, idea())
    store.update_idea(cid, aid, idea(cost=40, setting="either"))
    row = store.ideas(cid).iloc[0]
    assert (row[Columns.ACTIVITY_ID], row[Columns.COST], row[Columns.SETTING]) == (
        aid,
        40.0,
        "either",
    )
    store.add_reaction(cid, aid, "a", 5)
    oid = store.add_outing(cid, aid, date(2024, 6, 1), 5, 5)
    with pytest.raises(StoreError, match=r"in your history \(1 outing\); delete those first"):
        store.delete_idea(cid, aid)
    store.delete_outing(cid, oid)
    store.delete_idea(cid, aid)
    assert store.ideas(cid).empty
    assert store.reactions(cid).empty  # reactions to it go with it
    with pytest.raises(StoreError, match=f"no idea with id '{aid}'"):
        store.delete_idea(cid, aid)


def test_add_ideas_is_all_or_nothing_and_skips_existing(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    added, skipped = store.add_ideas(cid, [idea("One"), idea("Two")])
    assert (added, skipped) == (["ours-one", "ours-two"], [])
    added, skipped = store.add_ideas(cid, [idea("Two"), idea("Three")])
    assert (added, skipped) == (["ours-three"], ["ours-two"])
    with pytest.raises(CatalogError, match="row 2, column 'energy'"):
        store.add_ideas(cid, [idea("Four"), idea("Five", energy=0)])
    assert store.ideas(cid)[Columns.ACTIVITY_ID].tolist() == ["ours-one", "ours-three", "ours-two"]


# ----------------------------------------------------------------- one couple, one scope


def test_no_couple_can_read_or_change_another_couples_rows(store: Store) -> None:
    ana = store.create_couple(ANA_BEN)
    cam = store.create_couple(CAM_DEV)
    rid = store.add_reaction(ana, "pottery-class", "a", 5)
    oid = store.add_outing(ana, "pottery-class", date(2024, 5, 1), 4, 5, "ours")
    pid = store.plan(ana, "sea-kayaking", date(2030, 6, 1))
    iid = store.add_idea(ana, idea())
    snapshot = store.export_data("Ana & Ben")["couples"]

    # Reading: Cam & Dev see none of it.
    assert store.reactions(cam).empty and store.outings(cam).empty
    assert store.planned(cam).empty and store.ideas(cam).empty
    assert store.feedback(cam) == []
    # Changing by id: refused exactly as if the row did not exist.
    for attempt, what, row_id in (
        (lambda: store.update_outing(cam, oid, rating_a=1), "outing", oid),
        (lambda: store.delete_outing(cam, oid), "outing", oid),
        (lambda: store.unplan(cam, pid), "planned outing", pid),
        (lambda: store.delete_reaction(cam, rid), "reaction", rid),
    ):
        with pytest.raises(StoreError, match=f"no {what} with id {row_id} for this couple"):
            attempt()
    with pytest.raises(StoreError, match=f"no idea with id '{iid}' for this couple"):
        store.delete_idea(cam, iid)
    with pytest.raises(StoreError, match=f"no idea with id '{iid}' for this couple"):
        store.update_idea(cam, iid, idea(cost=0))
    # The same idea id is theirs to use too, without touching Ana & Ben's.
    assert store.add_idea(cam, idea(cost=99)) == iid
    assert store.ideas(ana).iloc[0][Columns.COST] == 15.0
    assert store.export_data("Ana & Ben")["couples"] == snapshot


# ----------------------------------------------------------------- where the data lives


def test_database_url_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = db_backends.sqlite_url(tmp_path / "from-env.db")
    monkeypatch.setenv("DATABASE_URL", url)
    with Store() as store:
        assert store.url == url
        store.create_couple(ANA_BEN)
    assert (tmp_path / "from-env.db").exists()


def test_default_is_a_sqlite_file_in_the_user_data_dir_created_on_first_use(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    folder = tmp_path / "data" / "couples-recommender"
    seen: list[str] = []

    def fake_user_data_dir(appname: str, appauthor: object = None) -> str:
        seen.append(appname)
        return str(folder)

    monkeypatch.setattr("recommender.store.store.platformdirs.user_data_dir", fake_user_data_dir)
    assert default_database_url() == f"sqlite:///{folder / 'couples.sqlite3'}"
    assert not folder.exists()
    with Store() as store:
        store.create_couple(ANA_BEN)
    assert seen[0] == "couples-recommender"
    assert (folder / "couples.sqlite3").is_file()


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with Store(db_backends.sqlite_url(tmp_path / "x.db")) as store, store.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_unusable_databases_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a database URL: 'nonsense'"):
        Store("nonsense")
    junk = tmp_path / "notes.txt"
    junk.write_text("this is a shopping list, not a database\n" * 100)
    before = junk.read_bytes()
    with pytest.raises(StoreError, match=r"cannot open the database .*notes\.txt.*not a database"):
        Store(db_backends.sqlite_url(junk))
    assert junk.read_bytes() == before
    with pytest.raises(StoreError, match=r"cannot open the database .*no-such-folder"):
        Store(db_backends.sqlite_url(tmp_path / "no-such-folder" / "x.db"))


def test_store_url_hides_the_password() -> None:
    with pytest.raises(StoreError) as info:
        Store("postgresql+psycopg://me:s3cret@127.0.0.1:1/nowhere")
    assert "s3cret" not in str(info.value) and "***" in str(info.value)


# ----------------------------------------------------------------- schema versions


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


def sqlite_file(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


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


# ----------------------------------------------------------------- export / import


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


def test_export_then_import_into_an_empty_database_gives_the_same_export(
    database_url: str, tmp_path: Path
) -> None:
    with Store(database_url) as store:
        fill(store)
        exported = store.export_data()
    assert exported["format"] == "couples-recommender-export"
    assert exported["format_version"] == 1
    assert [c["name"] for c in exported["couples"]] == ["Ana & Ben", "Cam & Dev"]
    with Store(db_backends.sqlite_url(tmp_path / "empty.db")) as empty:
        empty.import_data(exported)
        assert without_timestamp(empty.export_data()) == without_timestamp(exported)
        one = empty.export_data("Cam & Dev")
    assert [c["name"] for c in one["couples"]] == ["Cam & Dev"]
    assert one["couples"][0]["ideas"][0]["title"] == "Via ferrata"


def test_an_import_that_fails_halfway_writes_nothing(database_url: str) -> None:
    with Store(database_url) as store:
        fill(store)
        data = store.export_data()
    with Store(database_url) as store:
        for cid, _ in store.list_couples():
            store.delete_couple(cid)
        data["couples"][1]["ideas"][0]["risk"] = 9  # the second couple is bad
        counts = table_counts(database_url)
        with pytest.raises(StoreError, match=r"couples\[1\]\.ideas\[0\], column 'risk'"):
            store.import_data(data)
        assert table_counts(database_url) == counts
        assert store.list_couples() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something-else"), "not an export of couples-recommender"),
        (lambda d: d.update(format_version=99), "format_version 99 was written by a newer"),
        (lambda d: d["couples"][0].update(name=""), r"couples\[0\]\.name: .*non-empty"),
        (
            lambda d: d["couples"][0]["outings"][1].update(rating_a=6),
            r"couples\[0\]\.outings\[1\]: rating_a must be one of 1, 2, 3, 4, 5 \(got 6\)",
        ),
        (
            lambda d: d["couples"][0]["outings"][0].pop("date"),
            r"couples\[0\]\.outings\[0\]: missing field 'date'",
        ),
        (
            lambda d: d["couples"][0]["reactions"][0].update(partner="c"),
            r"couples\[0\]\.reactions\[0\]: partner must be one of",
        ),
        (
            lambda d: d["couples"][0]["partners"]["b"].update(budget=-1),
            r"couples\[0\]\.partners\.b: budget must be a number of dollars",
        ),
        (
            lambda d: d["couples"][0]["ideas"][0].update(activity_id="sea-kayaking"),
            r"couples\[0\]\.ideas\[0\]\.activity_id: must start with 'ours-'",
        ),
        (lambda d: d["couples"][1].update(name="Ana & Ben"), "'Ana & Ben' appears twice"),
    ],
)
def test_bad_imports_name_the_field_and_write_nothing(tmp_path: Path, change, message: str) -> None:
    with Store(db_backends.sqlite_url(tmp_path / "a.db")) as store:
        fill(store)
        data = store.export_data()
    change(data)
    with Store(db_backends.sqlite_url(tmp_path / "b.db")) as empty:
        with pytest.raises(StoreError, match=message):
            empty.import_data(data)
        assert empty.list_couples() == []


def test_importing_a_couple_that_exists_is_refused(store: Store) -> None:
    fill(store)
    data = store.export_data()
    before = store.export_data()
    with pytest.raises(StoreError, match="'Ana & Ben' is already in this database; nothing was"):
        store.import_data(data)
    assert without_timestamp(store.export_data()) == without_timestamp(before)


def test_import_with_replace_swaps_a_couple_in_one_transaction(store: Store) -> None:
    fill(store)
    backup = store.export_data("Ana & Ben")
    ana = store.find_couple("Ana & Ben")
    store.add_reaction(ana, "night-market", "a", 2)  # made after the backup
    store.import_data(backup, replace=True)
    restored = store.export_data("Ana & Ben")["couples"][0]
    assert restored["reactions"] == backup["couples"][0]["reactions"]
    # The couple keeps its id (a browser session remembers it) and its place in the list.
    assert store.list_couples() == [
        (ana, "Ana & Ben"),
        (store.find_couple("Cam & Dev"), "Cam & Dev"),
    ]
    # A bad backup replaces nothing: the couple here stays exactly as it was.
    before = store.export_data()
    backup["couples"][0]["outings"][0]["rating_b"] = 0
    with pytest.raises(StoreError, match=r"couples\[0\]\.outings\[0\]: rating_b must be one"):
        store.import_data(backup, replace=True)
    assert without_timestamp(store.export_data()) == without_timestamp(before)


# ----------------------------------------------------------------- reliability

WRITER = """
import sys, time
from pathlib import Path
from recommender.store.store import Store
url, couple_id, partner, count, go = sys.argv[1:6]
store = Store(url)
while not Path(go).exists():
    time.sleep(0.002)
for i in range(int(count)):
    store.add_reaction(int(couple_id), f"activity-{partner}-{i}", partner[0], 1 + i % 5)
print("wrote", count)
"""

OPENER = """
import sys, time
from pathlib import Path
from recommender import Couple, Partner, Store
url, name, go = sys.argv[1:4]
while not Path(go).exists():
    time.sleep(0.002)
store = Store(url)
store.create_couple(Couple(Partner(name), Partner(name + "'s partner")))
print("ok")
"""


def run_together(script: str, argvs: list[list[str]], go: Path) -> list[str]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, *argv],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in argvs
    ]
    time.sleep(0.5)  # let every process import and open its connection first
    go.touch()
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outputs.append(out)
    return outputs


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(database_url: str, tmp_path: Path) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
    per_writer = 40
    writers = ["a1", "b1", "a2"]  # both phones, and Ana's laptop too
    outputs = run_together(
        WRITER,
        [[database_url, str(cid), w, str(per_writer), str(tmp_path / "go")] for w in writers],
        tmp_path / "go",
    )
    assert outputs == [f"wrote {per_writer}\n"] * len(writers)
    with Store(database_url) as store:
        got = store.reactions(cid)
    assert len(got) == per_writer * len(writers)
    expected = {f"activity-{w}-{i}" for w in writers for i in range(per_writer)}
    assert set(got["activity_id"]) == expected
    assert got["reaction_id"].is_unique


@pytest.mark.slow
def test_processes_opening_a_new_database_at_once_all_succeed(
    database_url: str, tmp_path: Path
) -> None:
    names = ["Ana", "Cam", "Eve"]
    run_together(OPENER, [[database_url, n, str(tmp_path / "go")] for n in names], tmp_path / "go")
    with Store(database_url) as store:
        assert sorted(n for _, n in store.list_couples()) == [f"{n} & {n}'s partner" for n in names]
    engine = create_engine(database_url)
    with engine.connect() as conn:
        versions = [v for (v,) in conn.execute(text("SELECT version FROM schema_version"))]
    engine.dispose()
    assert sorted(versions) == [m.version for m in MIGRATIONS]  # migrated exactly once


def test_idea_ids_are_stable_when_made_again_even_for_long_titles() -> None:
    long_title = "A very long idea title " * 5
    once = idea_id(long_title)
    assert len(once) <= 60 and once.startswith("ours-")
    assert idea_id(once) == once  # the id previewed is the id saved
    assert idea_id("ours-picnic") == "ours-picnic"
    assert idea_id("!!!") == "ours-idea"


def test_a_couple_is_found_by_name_whatever_the_spacing(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    assert store.find_couple("  Ana   &  Ben ") == cid
