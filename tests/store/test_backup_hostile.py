"""Hostile backups and values (issue 9): refused with the field named, nothing written, and
the same on SQLite and PostgreSQL, so a backup from one always restores on the other.

The files are in fixtures/hostile/ (made by its make_hostile.py).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import db_backends
import pytest
from store_helpers import ANA_BEN, fill, idea, table_counts, without_timestamp

from recommender import Couple, Partner, Store, StoreError
from recommender.cli.main import main
from recommender.store.backup import read_backup_file

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"

# Each file and the message it must get (a regex): the field, and what is wrong with it.
CASES = {
    "nul-in-partner-name.json": r"couples\[0\]\.partners\.a: name contains a control character"
    r" \(U\+0000\)",
    "nul-in-notes.json": r"couples\[0\]\.outings\[0\]: notes contains a control character"
    r" \(U\+0000\)",
    "bell-in-couple-name.json": r"couples\[0\]\.name: the couple's name contains a control"
    r" character \(U\+0007\)",
    "line-separator-in-activity-id.json": r"couples\[0\]\.planned\[0\]: activity_id contains a"
    r" control character \(U\+2028\)",
    "nul-in-idea-title.json": r"couples\[0\]\.ideas\[0\]\.title contains a control character",
    "long-partner-name.json": r"couples\[0\]\.partners\.b: name is 100,000 characters long; the"
    r" most allowed is 200",
    "long-activity-id.json": r"couples\[0\]\.reactions\[0\]: activity_id is 100,000 characters"
    r" long; the most allowed is 200",
    "long-notes.json": r"couples\[0\]\.outings\[0\]: notes is 100,000 characters long; the most"
    r" allowed is 5,000",
    "infinity-budget.json": r"couples\[0\]\.partners\.a: budget must be a finite number",
    "1e309-cost.json": r"couples\[0\]\.outings\[0\]: cost must be a finite number",
    "nan-cost.json": r"couples\[0\]\.outings\[0\]: cost must be a number of dollars",
    "year-one-with-offset.json": r"couples\[0\]\.reactions\[0\]: at must be between the years"
    r" 1900 and 2200 \(got 1\)",
    "far-future-date.json": r"couples\[0\]\.outings\[0\]: date must be between the years 1900"
    r" and 2200 \(got 9999\)",
    "5000-digit-rating.json": r"5000-digit-rating\.json: line 37 has a number with 5,000"
    r" digits; at most 18 are allowed",
    "nested-100000-deep.json": r"nested-100000-deep\.json: is not an export file \(JSON nested"
    r" more than 32 levels deep\)",
}


def test_every_hostile_file_has_a_case() -> None:
    assert sorted(p.name for p in HOSTILE.glob("*.json")) == sorted([*CASES, "clean.json"])


@pytest.mark.parametrize(("name", "message"), CASES.items(), ids=list(CASES))
def test_a_hostile_backup_is_refused_the_same_on_both_databases_and_writes_nothing(
    database_url: str, name: str, message: str
) -> None:
    with Store(database_url) as store:
        store.create_couple(Couple(Partner("Eve"), Partner("Fay")))
        before = table_counts(database_url)
        with pytest.raises(StoreError, match=message):
            store.import_data(read_backup_file(HOSTILE / name))
        assert table_counts(database_url) == before
        assert [n for _, n in store.list_couples()] == ["Eve & Fay"]


def test_the_clean_file_they_were_made_from_restores_on_both(database_url: str) -> None:
    data = read_backup_file(HOSTILE / "clean.json")
    with Store(database_url) as store:
        store.import_data(data)
        # The file predates the hemisphere setting: its couples come back in the north.
        expected = [{"hemisphere": "north", **couple} for couple in data["couples"]]
        assert without_timestamp(store.export_data())["couples"] == expected


def test_a_backup_made_on_sqlite_restores_on_postgresql(database_url: str, tmp_path: Path) -> None:
    # Values at the limits: longest names, every kind of text the forms allow.
    edge = Couple(Partner("A" * 200, ("ünïcode", "x" * 200), 5, 0), Partner("Bé 🙂", (), 1, 1e6))
    with Store(db_backends.sqlite_url(tmp_path / "home.db")) as home:
        fill(home)
        cid = home.create_couple(edge, name="N" * 200)
        home.add_outing(cid, "a" * 200, date(1900, 1, 1), 1, 5, "line one\nline\ttwo " * 200, 0)
        home.add_reaction(cid, "b" * 200, "a", 5, at=datetime(2200, 12, 31, 23, tzinfo=UTC))
        home.plan(cid, "c", date(2200, 12, 31))
        home.add_idea(cid, idea("T" * 80, description="d\n" * 2500))  # the catalog allows 80
        exported = home.export_data()
        (tmp_path / "backup.json").write_text(json.dumps(exported), encoding="utf-8")
    with Store(database_url) as hosted:
        hosted.import_data(read_backup_file(tmp_path / "backup.json"))
        assert without_timestamp(hosted.export_data()) == without_timestamp(exported)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, c: s.add_outing(c, "x", date(2024, 1, 1), 3, 3, "a\0b"), "notes contains a"),
        (
            lambda s, c: s.add_outing(c, "x", date(2024, 1, 1), 3, 3, cost=1e309),
            "cost must be a fi",
        ),
        (lambda s, c: s.add_reaction(c, "x\0", "a", 5), "activity_id contains a control"),
        (lambda s, c: s.add_reaction(c, "x" * 201, "a", 5), "activity_id is 201 characters"),
        (
            lambda s, c: s.add_reaction(
                c, "x", "a", 5, at=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))
            ),
            r"at must be between the years 1900 and 2200 \(got 1\)",
        ),
        (lambda s, c: s.plan(c, "x", date(9999, 1, 1)), "date must be between the years"),
        (lambda s, c: s.rename_couple(c, "Us\0"), "name contains a control character"),
        (
            lambda s, c: s.save_profile(c, Couple(Partner("Z" * 201), Partner("Y"))),
            "partner a's name is 201 characters long",
        ),
        (
            lambda s, c: s.save_profile(c, Couple(Partner("Z", budget=float("inf")), Partner("Y"))),
            "partner a's budget must be a finite number",
        ),
        (lambda s, c: s.add_idea(c, idea("Picnic\0")), r"idea\.title contains a control"),
    ],
)
def test_hostile_values_are_refused_by_the_store_on_both_databases(
    store: Store, call, message: str
) -> None:
    cid = store.create_couple(ANA_BEN)
    before = store.export_data()
    with pytest.raises(StoreError, match=message):
        call(store, cid)
    assert without_timestamp(store.export_data()) == without_timestamp(before)


@pytest.mark.parametrize("name", ["nul-in-notes.json", "5000-digit-rating.json"])
def test_the_cli_import_of_a_hostile_file_says_why_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    url = db_backends.sqlite_url(tmp_path / "x.db")
    assert main(["import", str(HOSTILE / name), "--database", url]) == 1
    err = capsys.readouterr().err
    assert err.rstrip().endswith("Nothing was imported.") and "Traceback" not in err
    assert any(part in err for part in ("control character", "5,000 digits"))
