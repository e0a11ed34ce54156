"""recommender/transfer.py: backups and uploaded idea files."""

from __future__ import annotations

import json
from datetime import date

import pytest

from recommender.ingest.ideas import ImportFileError
from recommender.planning.transfer import (
    BackupError,
    backup_bytes,
    backup_couples,
    backup_filename,
    import_summary,
    import_upload,
    parse_backup,
    preview_upload,
    restore_backup,
)
from recommender.profiles import Couple, Partner
from recommender.store.store import Store, StoreError

COUPLE = Couple(Partner("Ana", ("cooking",)), Partner("Ben", ("nature",)))


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 't.sqlite'}")
    yield s
    s.close()


def test_backup_round_trip_replacing_the_couple(store):
    couple_id = store.create_couple(COUPLE)
    store.add_outing(couple_id, "some-activity", date(2025, 5, 1), 4, 5, notes="lovely")
    raw = backup_bytes(store, "Ana & Ben")
    data = parse_backup(raw, "b.json")
    assert backup_couples(data) == ["Ana & Ben"]
    store.update_outing(couple_id, 1, notes="changed")
    with pytest.raises(StoreError, match="already in this database"):
        restore_backup(store, data)
    assert restore_backup(store, data, replace=True) == ["Ana & Ben"]
    [(new_id, name)] = store.list_couples()
    assert name == "Ana & Ben"
    assert store.outings(new_id)["notes"].tolist() == ["lovely"]


def test_a_failed_restore_leaves_everything_as_it_was(store):
    couple_id = store.create_couple(COUPLE)
    data = json.loads(backup_bytes(store, "Ana & Ben"))
    data["couples"][0]["outings"] = [
        {
            "activity_id": "x",
            "date": "2025-01-01",
            "rating_a": 9,
            "rating_b": 1,
            "notes": "",
            "cost": None,
        }
    ]
    with pytest.raises(StoreError):
        restore_backup(store, data, replace=True)
    assert store.list_couples() == [(couple_id, "Ana & Ben")]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe\x00", r"x\.json: is not an export file \(not UTF-8 text"),
        (b"{oops", r"x\.json: is not valid JSON \(line 1, column 2"),
        (b"[1, 2]", "is JSON but not an export of couples-recommender"),
        (b"x" * (5 * 1024 * 1024 + 1), r"x\.json: is 5\.2 MB; a backup is at most 5 MB"),
    ],
)
def test_bad_backup_files_are_explained(raw, message):
    with pytest.raises(BackupError, match=message):
        parse_backup(raw, "x.json")


def test_uploaded_ideas_preview_then_import(store):
    couple_id = store.create_couple(COUPLE)
    raw = b"title,cost\nPicnic,10\nFort,0\n"
    preview = preview_upload("ours.csv", raw)
    assert preview.source == "ours.csv" and len(preview.rows) == 2
    assert store.ideas(couple_id).empty
    report = import_upload(store.local_scope(couple_id), "ours.csv", raw)
    assert import_summary(report) == "Added 2 ideas. They can now come up among your suggestions."
    again = import_upload(store.local_scope(couple_id), "ours.csv", raw)
    assert import_summary(again) == "Added 0 ideas; 2 you already had were left as they were."
    with pytest.raises(ImportFileError, match="at most 5 MB"):
        preview_upload("big.csv", b"x" * (5 * 1024 * 1024 + 1))


def test_backup_filename():
    assert backup_filename("Ana & Ben", date(2025, 6, 14)) == "ana-ben-backup-2025-06-14.json"


def test_the_app_download_and_the_cli_export_write_the_same_json(store, tmp_path):
    from recommender.cli.main import main

    couple_id = store.create_couple(COUPLE)
    store.add_outing(couple_id, "some-activity", date(2025, 5, 1), 4, 5, notes="lovely", cost=9)
    store.plan(couple_id, "picnic", date(2031, 5, 1))
    downloaded = backup_bytes(store, "Ana & Ben").decode()
    assert main(["export", str(tmp_path / "cli.json"), "--database", store.url]) == 0
    exported = (tmp_path / "cli.json").read_text(encoding="utf-8")

    def without_time(text: str) -> str:
        return "\n".join(line for line in text.splitlines() if '"exported_at"' not in line)

    assert without_time(downloaded) == without_time(exported)  # same keys, same order
    assert list(json.loads(downloaded)) == [
        "format",
        "format_version",
        "schema_version",
        "exported_at",
        "couples",
    ]
