"""Backups: export, import all-or-nothing, replace, and messages naming the bad field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import db_backends
import pytest
from sqlalchemy import event
from store_helpers import (
    ISSUER,
    fill,
    pair,
    table_counts,
    without_timestamp,
)

from recommender import Store, StoreError
from recommender.store import partners_waiting
from recommender.store.backup import backup_document, dumps_export

# ----------------------------------------------------------------- export / import


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


def test_backups_carry_the_hemisphere_and_older_ones_load_as_north(database_url: str) -> None:
    with Store(database_url) as store:
        fill(store)
        ana = store.find_couple("Ana & Ben")
        store.set_hemisphere(ana, "south")
        exported = store.export_data()
        assert [c["hemisphere"] for c in exported["couples"]] == ["south", "north"]
        store.import_data(exported, replace=True)
        assert store.hemisphere(store.find_couple("Ana & Ben")).value == "south"
        older = store.export_data()
        for couple in older["couples"]:
            del couple["hemisphere"]  # as written before the setting existed
        store.import_data(older, replace=True)
        assert store.hemisphere(store.find_couple("Ana & Ben")).value == "north"
        bad = store.export_data()
        bad["couples"][1]["hemisphere"] = "east"
        with pytest.raises(
            StoreError, match=r"couples\[1\]: hemisphere must be one of north, south"
        ):
            store.import_data(bad, replace=True)


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


def test_an_export_is_one_snapshot_even_while_another_process_writes(database_url: str) -> None:
    with Store(database_url) as store, Store(database_url) as phone:
        fill(store)
        ana = store.find_couple("Ana & Ben")
        expected = store.export_data()
        wrote = []

        # Right after the export's first read, the other phone logs an outing and a thumbs up.
        @event.listens_for(store.engine, "after_cursor_execute")
        def _meanwhile(conn, cursor, sql, parameters, context, executemany) -> None:
            if not wrote and sql.lstrip().upper().startswith("SELECT"):
                wrote.append(phone.add_outing(ana, "night-market", date(2024, 6, 1), 5, 5))
                phone.add_reaction(ana, "salsa-class", "a", 5)

        got = store.export_data()
        event.remove(store.engine, "after_cursor_execute", _meanwhile)
        assert wrote  # the other write did happen, during the export
        assert without_timestamp(got) == without_timestamp(expected)
        assert len(store.export_data()["couples"][0]["outings"]) == 3  # and is there afterwards


# ----------------------------------------------------------------- two sign-ins


def test_outings_waiting_for_a_rating_survive_a_backup_and_identity_stays_out(
    database_url: str, tmp_path: Path
) -> None:
    with Store(database_url) as store:
        ana, ben = pair(store)
        as_ana = store.member_scope(ana)
        as_ana.add_outing("hike", "2024-05-01", rating_a=4)
        as_ana.add_reaction("hike", None, 5)
        store.member_scope(ben).add_reaction("hike", None, 5)
        exported = as_ana.export_data()
        assert exported == store.export_data("Ana & Ben") | {"exported_at": exported["exported_at"]}
    outing = exported["couples"][0]["outings"][0]
    assert (outing["rating_a"], outing["rating_b"]) == (4, None)
    text = dumps_export(exported)
    for personal in (ISSUER, "ana-sub", "ben-sub", "members", "invites", "token", "subject"):
        assert personal not in text
    # Into a fresh database: the outing still waits for Ben; no one is a member there.
    with Store(db_backends.sqlite_url(tmp_path / "restored.sqlite3")) as other:
        other.import_data(exported)
        couple_id = other.find_couple("Ana & Ben")
        row = other.outings(couple_id).iloc[0]
        assert row["rating_a"] == 4 and partners_waiting(row) == ("b",)
        assert other.member_of(ISSUER, "ana-sub") is None
        assert table_counts(other.url)["members"] == 0
        # The engine's history leaves out the missing rating.
        assert [(f.partner, f.done) for f in other.feedback(couple_id)].count(("b", True)) == 0


def test_a_backup_naming_members_does_not_make_anyone_a_member(store: Store) -> None:
    data = backup_document(
        [
            {
                "name": "Eve & Mal",
                "partners": {
                    k: {"name": k.upper(), "interests": [], "risk_comfort": 3, "budget": 50}
                    for k in ("a", "b")
                },
                "members": [{"partner": "a", "issuer": ISSUER, "subject": "eve-sub"}],
                "outings": [],
                "reactions": [],
                "planned": [],
                "ideas": [],
            }
        ]
    )
    store.import_data(data)
    assert store.member_of(ISSUER, "eve-sub") is None
