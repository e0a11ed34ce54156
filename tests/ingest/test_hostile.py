"""Hostile ideas files (issue 9): each refused with a message naming the line and field.

Small hostile files live in tests/fixtures/hostile/; huge ones (a FIFO, /dev/zero, a
sparse file bigger than the limit, 100,000-deep JSON) are made in a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import db_backends
import pytest

from recommender import Couple, Partner, Store
from recommender.catalog.files import MAX_FILE_MB_SETTING
from recommender.catalog.readers import MAX_ROWS_SETTING
from recommender.ingest.ideas import ImportFileError, import_ideas, read_ideas_file

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
COUPLE = Couple(Partner("Ana", ("cooking",)), Partner("Ben", ("music",)))

#: Every fixture, with the message its refusal must carry (line and field where there is one).
REFUSED = {
    "nul_in_title.csv": r"nul_in_title\.csv: is not a text file \(binary data at byte 23, line 2\)",
    "vertical_tab_title.csv": r"line 2, column 'title': contains a control character \(U\+000B\)",
    "line_separator_title.csv": r"line 2, column 'title': contains a control character \(U\+2028\)",
    "escape_sequence_title.jsonl": r"line 1, column 'title': contains a control character",
    "lone_surrogate.jsonl": r"line 1, column 'title': contains a control character \(U\+D800\)",
    "long_title.csv": r"line 2, column 'title': is 300 characters long; the most allowed is 200",
    "long_description.jsonl": r"line 1, column 'description': is 6,000 characters long; the most",
    "deep.jsonl": r"deep\.jsonl: is nested more than 20 levels deep",
    "deep_field.jsonl": r"line 1: is nested more than 20 levels deep",
    "digits.jsonl": r"line 1, column 'price': is a number of 5,000 digits; the most allowed is 30",
    "infinity.jsonl": r"line 1, column 'price': is Infinity, which is not a number",
    "nan.jsonl": r"line 1, column 'cost': is NaN, which is not a number",
    "big_float.jsonl": r"line 1, column 'cost': is too large a number \(1e309\); it must be finite",
    "infinity.csv": r"line 2, column 'cost': is not a number",
    "big_float.csv": r"line 2, column 'cost': is not a number",
    "system_file.txt": r"line 1 has no title column; .*Expected columns: activity_id, title",
    "binary.png": r"binary\.png: is not a text file \(binary data at byte 8, line 3\)",
    "latin1.csv": r"line 2 is not UTF-8 text \(byte 0xe9",
    "utf16.csv": r"utf16\.csv: is not a text file",
    "unterminated_quote.csv": r"line 2: expected 2 fields but found 1",
    "control_in_header.csv": r"line 1: column 1's name is too long or holds a control character",
}


@pytest.fixture
def store(tmp_path: Path):
    with Store(db_backends.sqlite_url(tmp_path / "hostile.db")) as store:
        yield store


def test_every_fixture_has_a_test() -> None:
    assert {p.name for p in HOSTILE.iterdir()} == set(REFUSED)


def refuse(store: Store, path: Path | str, message: str) -> None:
    """The preview or the import refuses ``path`` with ``message``; nothing is written."""
    cid = store.find_couple("Ana & Ben") if store.list_couples() else store.create_couple(COUPLE)
    before = store.export_data()["couples"]
    with pytest.raises(ImportFileError, match=message):
        preview = read_ideas_file(path)
        if preview.problems:  # rows refused one by one: the import says so, with the line
            import_ideas(store, cid, path)
    with pytest.raises(ImportFileError, match=message):
        import_ideas(store, cid, path, include_flagged=True)
    assert store.export_data()["couples"] == before


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_fixture_is_refused_saying_where(store: Store, name: str) -> None:
    refuse(store, HOSTILE / name, REFUSED[name])


def test_the_refusal_of_a_system_file_does_not_quote_it(store: Store, tmp_path: Path) -> None:
    link = tmp_path / "ideas.csv"
    link.symlink_to(HOSTILE / "system_file.txt")
    with pytest.raises(ImportFileError) as caught:
        read_ideas_file(link)
    assert "root" not in str(caught.value) and "20228" not in str(caught.value)


def test_a_fifo_is_refused_without_waiting_for_a_writer(store: Store, tmp_path: Path) -> None:
    fifo = tmp_path / "ideas.csv"
    os.mkfifo(fifo)
    refuse(store, fifo, r"ideas\.csv: is a pipe \(FIFO\), not a file")


def test_a_device_is_refused_by_name(store: Store) -> None:
    refuse(store, "/dev/zero", r"zero: is a device, not a file")
    refuse(store, "/dev/null", r"null: is a device, not a file")


def test_a_folder_is_refused(store: Store, tmp_path: Path) -> None:
    refuse(store, tmp_path, "is a folder, not a file")


def test_a_file_over_the_limit_is_refused_naming_the_limit_and_the_setting(
    store: Store, tmp_path: Path
) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:  # sparse: 21 MB that take no disk
        handle.write(b"title\n")
        handle.truncate(21_000_000)
    refuse(store, big, rf"is larger than 20 MB, the most a file may be; set {MAX_FILE_MB_SETTING}")


def test_the_size_limit_can_be_raised_and_lowered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "ideas.csv"
    file.write_text("title\n" + "Picnic at the lake\n" * 100)
    monkeypatch.setenv(MAX_FILE_MB_SETTING, "0.001")  # 1,000 bytes
    with pytest.raises(ImportFileError, match=r"is larger than 0\.001 MB"):
        read_ideas_file(file)
    monkeypatch.setenv(MAX_FILE_MB_SETTING, "1")
    assert read_ideas_file(file).rows.shape[0] == 1  # read; the 99 repeats are problems


def test_json_nested_100000_deep_is_refused_not_a_recursion_error(
    store: Store, tmp_path: Path
) -> None:
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    refuse(store, deep, r"line 1: is nested more than 20 levels deep")


def test_too_many_rows_are_refused_with_the_setting_that_raises_the_limit(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = tmp_path / "many.csv"
    many.write_text("title\n" + "".join(f"Idea number {i}\n" for i in range(10_001)))
    refuse(store, many, rf"more than 10,000 activities.*set the {MAX_ROWS_SETTING}")
    monkeypatch.setenv(MAX_ROWS_SETTING, "3")
    jsonl = tmp_path / "many.jsonl"
    jsonl.write_text("".join(f'{{"title": "Idea {i}"}}\n' for i in range(4)))
    refuse(store, jsonl, r"more than 3 activities")


def test_a_huge_csv_field_is_refused_with_its_line(store: Store, tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    huge.write_text('title,description\nPicnic,"' + "x" * 200_000 + '"\n')
    refuse(store, huge, r"line 2: not valid CSV \(field larger than field limit")
