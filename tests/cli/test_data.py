"""Tests for the data commands (recommender/data_cli.py): export, import, import-ideas,
export-history and couples, and what a killed import leaves behind."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import db_backends
import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from recommender import Couple, Partner, Store
from recommender.catalog.columns import Columns
from recommender.cli.main import main
from recommender.planning.history_export import frame_csv

database_url = db_backends.database_url
REPO = Path(__file__).resolve().parents[2]
HOSTILE_BACKUPS = REPO / "tests" / "store" / "fixtures" / "hostile"
# The shared datasets live beside the repository or its worktrees (on CI, beside its clone),
# never inside it; tests that need the Bored API file are skipped when it is not there.
BORED = next(
    (
        p
        for p in (
            REPO.parent / "shared" / "datasets" / "bored-api" / "activities.jsonl",
            REPO.parent.parent / "shared" / "datasets" / "bored-api" / "activities.jsonl",
        )
        if p.is_file()
    ),
    REPO.parent / "shared" / "datasets" / "bored-api" / "activities.jsonl",
)
needs_bored = pytest.mark.skipif(not BORED.is_file(), reason=f"no Bored API file at {BORED}")
ANA_BEN = Couple(Partner("Ana", ("cooking",)), Partner("Ben", ("music",), 3, 60))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def fill(url: str) -> None:
    with Store(url) as store:
        cid = store.create_couple(ANA_BEN)
        store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 5, "muddy", 60)
        store.add_reaction(cid, "salsa-class", "b", 1)
        store.plan(cid, "sea-kayaking", date(2030, 6, 1))
        store.add_idea(
            cid,
            {
                Columns.TITLE: "Tango night",
                Columns.DESCRIPTION: "Learn the basics together.",
                Columns.CATEGORY: "music-performance",
                Columns.TAGS: "dance",
                Columns.COST: 40,
                Columns.RISK: 2,
                Columns.DURATION_HOURS: 2,
                Columns.SETTING: "indoor",
                Columns.ENERGY: 3,
                Columns.SEASONS: "any",
                Columns.CONVERSATION_STARTER: "Who leads?",
            },
        )
        store.create_couple(Couple(Partner("Cam"), Partner("Dev")))


def content(url: str) -> list:
    with Store(url) as store:
        return store.export_data()["couples"]


# ----------------------------------------------------------------- export / import


def test_export_import_export_gives_the_same_content(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    fill(database_url)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    code, out, _ = run(capsys, "export", str(first), "--database", database_url)
    assert code == 0 and out == f"Exported 2 couples (Ana & Ben, Cam & Dev) to {first}\n"
    empty = db_backends.sqlite_url(tmp_path / "restored.db")
    code, out, _ = run(capsys, "import", str(first), "--database", empty)
    assert code == 0 and out == "Imported 2 couples: Ana & Ben, Cam & Dev\n"
    assert run(capsys, "export", str(second), "--database", empty)[0] == 0
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    assert a.pop("exported_at") and b.pop("exported_at")
    assert a == b
    assert a["format_version"] == 1 and len(a["couples"][0]["outings"]) == 1


def test_the_commands_honour_database_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = db_backends.sqlite_url(tmp_path / "env.db")
    fill(url)
    monkeypatch.setenv("DATABASE_URL", url)
    code, out, _ = run(capsys, "couples")
    assert code == 0 and out == f"Database: {url}\n  Ana & Ben\n  Cam & Dev\n"
    code, out, _ = run(capsys, "export", "-", "--couple", "Cam & Dev")
    assert code == 0 and [c["name"] for c in json.loads(out)["couples"]] == ["Cam & Dev"]


def test_an_unknown_couple_is_named_with_the_ones_there_are(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = db_backends.sqlite_url(tmp_path / "x.db")
    fill(url)
    for argv in (
        ["export", str(tmp_path / "o.json"), "--couple", "Zoe & Yan"],
        ["export-history", str(tmp_path / "h.csv"), "--couple", "Zoe & Yan"],
        ["import-ideas", str(BORED), "--couple", "Zoe & Yan"],
    ):
        code, out, err = run(capsys, *argv, "--database", url)
        assert code == 1 and out == ""
        assert "no couple named 'Zoe & Yan' in this database (couples here: 'Ana & Ben'" in err
    assert not (tmp_path / "o.json").exists() and not (tmp_path / "h.csv").exists()


def good_export(tmp_path: Path) -> dict:
    url = db_backends.sqlite_url(tmp_path / "source.db")
    fill(url)
    with Store(url) as store:
        return store.export_data()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: b"", r"backup\.json: the file is empty"),
        (lambda d: b"\xff\xfe\x00\x01binary", r"backup\.json: is not an export file \(not UTF-8"),
        (
            lambda d: json.dumps(d).encode()[:-40],
            r"backup\.json: is not valid JSON \(line 1, column \d+",
        ),
        (lambda d: b"name,date\nAna,2024\n", r"is not valid JSON \(line 1, column 1: Expecting"),
        (lambda d: b"[1, 2, 3]", r"is JSON but not an export of couples-recommender"),
        (lambda d: b'{"couples": []}', r"not an export of couples-recommender"),
        (
            lambda d: json.dumps(
                {**d, "couples": [d["couples"][1], {**d["couples"][0], "partners": {}}]}
            ).encode(),
            r"couples\[1\]\.partners: missing field 'a'",
        ),
    ],
)
def test_a_malformed_export_file_is_refused_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path, make, message: str
) -> None:
    data = good_export(tmp_path)
    with Store(database_url) as store:
        store.create_couple(Couple(Partner("Eve"), Partner("Fay")))
    before = content(database_url)
    file = tmp_path / "backup.json"
    file.write_bytes(make(data))
    code, out, err = run(capsys, "import", str(file), "--database", database_url)
    assert code == 1 and out == ""
    assert err.rstrip().endswith("Nothing was imported.")
    assert re.search(message, err), err
    assert content(database_url) == before


def test_a_missing_export_file_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = db_backends.sqlite_url(tmp_path / "x.db")
    code, _, err = run(capsys, "import", str(tmp_path / "gone.json"), "--database", url)
    assert code == 1 and "gone.json: no such file" in err


def test_the_real_command_exits_1_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "couples-recommender-export", "format_version": 1, "couples": [')
    env = {**os.environ, "DATABASE_URL": db_backends.sqlite_url(tmp_path / "x.db")}
    done = subprocess.run(
        [sys.executable, "-m", "recommender", "import", str(bad)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "bad.json: is not valid JSON (line 1, column" in done.stderr


# ----------------------------------------------------------------- import-ideas


@needs_bored
def test_import_ideas_brings_in_the_bored_api_file_once(
    capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    fill(database_url)
    args = ["import-ideas", str(BORED), "--couple", "Cam & Dev", "--database", database_url]
    args.append("--include-flagged")
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert "Added 196 ideas to Cam & Dev (0 were already there)." in out
    assert "seasons = 'any' on 196 rows" in out  # the defaults are shown
    assert "cost" in out and "price x 100" in out
    code, out, _ = run(capsys, *args)
    assert code == 0 and "Added 0 ideas to Cam & Dev (196 were already there)." in out
    with Store(database_url) as store:
        assert len(store.ideas(store.find_couple("Cam & Dev"))) == 196
        assert len(store.ideas(store.find_couple("Ana & Ben"))) == 1


@needs_bored
def test_import_ideas_dry_run_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = db_backends.sqlite_url(tmp_path / "x.db")
    fill(url)
    before = content(url)
    code, out, _ = run(capsys, "import-ideas", str(BORED), "--dry-run", "--database", url)
    assert code == 0 and "196 activities (Bored API file)" in out and "nothing was written" in out
    assert content(url) == before
    code, _, err = run(capsys, "import-ideas", str(BORED), "--database", url)
    assert code == 1 and "import-ideas needs --couple NAME" in err


def test_undo_import_takes_one_import_out_with_the_apps_message(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    fill(database_url)
    file = tmp_path / "ours.csv"
    file.write_text("title,cost\nKite day,0\nPottery evening,40\nNight swim,0\n", encoding="utf-8")
    db = ("--database", database_url)
    code, out, _ = run(capsys, "import-ideas", str(file), "--couple", "Ana & Ben", *db)
    assert code == 0 and "Added 3 ideas to Ana & Ben" in out
    batch = re.search(r"Import batch: (\S+)\. To undo it: python -m recommender undo-import", out)
    assert batch is not None
    batch_id = batch.group(1)
    code, out, _ = run(capsys, "undo-import", "--couple", "Ana & Ben", *db)
    assert code == 0 and out.startswith(batch_id) and ": 3 ideas" in out

    code, out, _ = run(capsys, "undo-import", batch_id, "--couple", "Ana & Ben", *db)
    assert code == 0
    assert out.strip() == f"Undid import {batch_id}: removed 3 ideas."
    with Store(database_url) as store:
        titles = store.ideas(store.find_couple("Ana & Ben"))[Columns.TITLE].tolist()
    assert titles == ["Tango night"]  # the idea added by hand stays

    before = content(database_url)
    code, out, err = run(capsys, "undo-import", batch_id, "--couple", "Ana & Ben", *db)
    assert code == 1 and out == ""
    assert f"no import {batch_id} for this couple (imports here: none)" in err
    assert err.rstrip().endswith("Nothing was removed.")
    code, _, err = run(capsys, "undo-import", "last", "--couple", "Ana & Ben", *db)
    assert code == 1 and "'last' is not an import batch id" in err
    assert content(database_url) == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.jsonl", b"", "empty.jsonl: the file is empty"),
        ("cut.jsonl", b'{"activity": "Go stargazing", "ty', "line 1: the line ends before"),
        ("garbage.csv", bytes(range(256)), "is not a text file (binary data at byte 0, line 1)"),
        ("shapes.csv", b"colour,size\nred,3\n", "line 1 has no title column"),
        ("semi.csv", b"title;cost\nPicnic;x\n", "line 2, column 'cost': is not a number"),
        (
            "bad.jsonl",
            b'{"activity": "Nap", "type": "relaxation", "key": "1", "duration": "ages"}\n',
            "line 1, column 'duration': must be one of minutes, hours, days, weeks",
        ),
    ],
)
def test_import_ideas_refuses_malformed_files_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    tmp_path: Path,
    name: str,
    data: bytes,
    message: str,
) -> None:
    fill(database_url)
    before = content(database_url)
    file = tmp_path / name
    file.write_bytes(data)
    code, out, err = run(
        capsys, "import-ideas", str(file), "--couple", "Ana & Ben", "--database", database_url
    )
    assert code == 1 and out == ""
    assert message in err and err.rstrip().endswith("Nothing was imported.")
    assert content(database_url) == before


# ----------------------------------------------------------------- export-history


def test_history_csv_keeps_both_ratings_of_same_named_partners_and_counts_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = db_backends.sqlite_url(tmp_path / "x.db")
    with Store(url) as store:
        cid = store.create_couple(Couple(Partner("Sam"), Partner("Sam")), name="Sams")
        store.add_outing(cid, "pottery-class", date(2024, 5, 1), 5, 1, "line one\nline two")
        store.add_reaction(cid, "sea-kayaking", "b", 5)
    out_file = tmp_path / "history.csv"
    code, out, _ = run(
        capsys, "export-history", str(out_file), "--couple", "Sams", "--database", url
    )
    assert code == 0 and out.startswith("Wrote 2 rows of Sams's history")
    with out_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][4:6] == ["Sam (a) rating", "Sam (b) rating"]
    outing = next(r for r in rows[1:] if r[0] == "outing")
    reaction = next(r for r in rows[1:] if r[0] == "reaction")
    assert outing[4:7] == ["5", "1", "line one\nline two"]
    assert reaction[4:6] == ["", "5"]


def test_history_csv_leaves_a_rating_not_given_yet_empty(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Rated from Ana's phone only: Ben's rating is still to come (hosted mode).
    url = db_backends.sqlite_url(tmp_path / "x.db")
    with Store(url) as store:
        cid = store.create_couple(ANA_BEN, name="Ana & Ben")
        ana = store.create_couple_for("https://id.example", "ana-sub", ANA_BEN, name="A & B")
        store.member_scope(ana).add_outing("pottery-class", date(2024, 5, 1), rating_a=4)
    out_file = tmp_path / "history.csv"
    code, _out, err = run(
        capsys, "export-history", str(out_file), "--couple", "A & B", "--database", url
    )
    assert code == 0, err
    with out_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][4:6] == ["Ana rating", "Ben rating"]
    assert rows[1][0] == "outing" and rows[1][4:6] == ["4", ""]
    assert cid != ana.couple_id


def test_history_csv_neutralises_formula_cells(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = db_backends.sqlite_url(tmp_path / "x.db")
    with Store(url) as store:
        cid = store.create_couple(Couple(Partner("@Ana"), Partner("Ben")), name="Us")
        store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 5, '=HYPERLINK("http://x")', 20)
        store.add_outing(cid, "night-market", date(2024, 5, 2), 3, 3, "+1 would go again")
        store.add_outing(cid, "salsa-class", date(2024, 5, 3), 2, 5, "-- too loud")
        store.add_outing(cid, "wine-tasting", date(2024, 5, 4), 5, 5, "@home after")
        store.add_outing(cid, "board-games", date(2024, 5, 5), 5, 4, "\tcmd")
        store.add_outing(cid, "picnic", date(2024, 5, 6), 5, 5, "a - b = fine, 3+4")
        store.add_reaction(cid, "sea-kayaking", "b", 5)
    out_file = tmp_path / "history.csv"
    code, out, _ = run(capsys, "export-history", str(out_file), "--couple", "Us", "--database", url)
    assert code == 0 and out == f"Wrote 7 rows of Us's history to {out_file}\n"
    with out_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert header == [
        "kind",
        "date",
        "activity_id",
        "title",
        "'@Ana rating",
        "Ben rating",
        "notes",
        "cost",
    ]
    notes = [r[6] for r in body if r[0] == "outing"]
    assert notes == [
        '\'=HYPERLINK("http://x")',
        "'+1 would go again",
        "'-- too loud",
        "'@home after",
        "'\tcmd",
        "a - b = fine, 3+4",  # only a leading character is dangerous
    ]
    assert body[0][4:6] == ["4", "5"] and body[0][7] == "20"  # numbers stay numbers
    reaction = next(r for r in body if r[0] == "reaction")
    assert reaction[2] == "sea-kayaking" and reaction[4:6] == ["", "5"]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for r in rows for cell in r)


# ----------------------------------------------------------------- killed in the middle

# Runs the real CLI, but parks the process (after a marker file) once it has written
# a good part of the import inside its transaction, so the test can SIGKILL it there.
KILLABLE = """
import sys, time
from pathlib import Path
from sqlalchemy import event
from sqlalchemy.engine import Engine
from recommender.cli.main import main

marker, table, after = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
seen = 0

@event.listens_for(Engine, "after_cursor_execute")
def _park(conn, cursor, statement, parameters, context, executemany):
    global seen
    if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()} "):
        seen += 1
        if seen == after:
            marker.write_text(str(seen))
            time.sleep(600)

sys.exit(main(sys.argv[4:]))
"""


def big_bored_file(path: Path, rows: int) -> Path:
    with path.open("w") as handle:
        for i in range(rows):
            handle.write(
                json.dumps(
                    {
                        "activity": f"Learn dance move {i}",
                        "type": "recreational",
                        "participants": 2,
                        "price": 0.1,
                        "accessibility": "Minor challenges",
                        "duration": "hours",
                        "kidFriendly": True,
                        "link": "",
                        "key": f"k{i}",
                    }
                )
                + "\n"
            )
    return path


def big_export_file(path: Path, couples: int) -> Path:
    data = good_export(path.parent)
    template = data["couples"][0]
    data["couples"] = [{**template, "name": f"Couple {i}"} for i in range(couples)]
    path.write_text(json.dumps(data))
    return path


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
            for t in ("couples", "reactions", "outings", "planned", "ideas")
        }
    engine.dispose()
    return counts


@pytest.mark.slow
@pytest.mark.parametrize("command", ["import-ideas", "import"])
def test_an_import_killed_halfway_leaves_the_database_as_it_was(
    database_url: str, tmp_path: Path, command: str
) -> None:
    fill(database_url)
    before, counts = content(database_url), row_counts(database_url)
    if command == "import-ideas":
        file = big_bored_file(tmp_path / "many.jsonl", 2000)
        # One executemany writes every idea inside the transaction: park right after it.
        table, after, argv = "ideas", "1", ["import-ideas", str(file), "--couple", "Ana & Ben"]
    else:
        file = big_export_file(tmp_path / "many.json", 300)
        table, after, argv = "outings", "150", ["import", str(file)]
    marker = tmp_path / "parked"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLABLE,
            str(marker),
            table,
            after,
            *argv,
            "--database",
            database_url,
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()[1].decode()
            assert time.monotonic() < deadline, "the import never got going"
            time.sleep(0.05)
        assert marker.read_text() == after  # rows already written in its transaction
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert row_counts(database_url) == counts
    assert content(database_url) == before
    with Store(database_url) as store:  # and it still works normally
        cid = store.find_couple("Ana & Ben")
        store.add_reaction(cid, "after-the-crash", "a", 5)
        if database_url.startswith("sqlite"):
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"


# ----------------------------------------------------------------- hostile input (issue 9)

HOSTILE = REPO / "tests" / "fixtures" / "hostile"
#: Fixture -> what the CLI says about it (the library's messages are tested in tests/ingest).
HOSTILE_CLI = {
    "nul_in_title.csv": "is not a text file (binary data at byte 23, line 2)",
    "vertical_tab_title.csv": "line 2, column 'title': contains a control character (U+000B)",
    "deep.jsonl": "is nested more than 20 levels deep",
    "digits.jsonl": "line 1, column 'price': is a number of 5,000 digits",
    "infinity.jsonl": "line 1, column 'price': is Infinity, which is not a number",
    "big_float.jsonl": "line 1, column 'cost': is too large a number (1e309)",
    "long_title.csv": "line 2, column 'title': is 300 characters long",
    "system_file.txt": "line 1 has no title column",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_CLI))
def test_import_ideas_refuses_hostile_files_with_exit_1_and_no_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    url = db_backends.sqlite_url(tmp_path / "x.db")
    fill(url)
    before = content(url)
    code, out, err = run(
        capsys, "import-ideas", str(HOSTILE / name), "--couple", "Ana & Ben", "--database", url
    )
    assert code == 1 and out == "" and HOSTILE_CLI[name] in err
    assert err.rstrip().endswith("Nothing was imported.") and "root:" not in err
    assert content(url) == before


def test_import_ideas_refuses_devices_fifos_and_an_empty_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = db_backends.sqlite_url(tmp_path / "x.db")
    fill(url)
    before = content(url)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path, message in (
        ("/dev/zero", "zero: is a device, not a file"),
        (str(fifo), "pipe.csv: is a pipe (FIFO), not a file"),
        (str(tmp_path), "is a folder, not a file"),
        ("", "no file name given"),
    ):
        code, _, err = run(capsys, "import-ideas", path, "--couple", "Ana & Ben", "--database", url)
        assert code == 1 and message in err, err
    assert content(url) == before


def test_the_real_command_refuses_dev_zero_at_once_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": db_backends.sqlite_url(tmp_path / "x.db")}
    done = subprocess.run(
        [sys.executable, "-m", "recommender", "import-ideas", "/dev/zero", "--dry-run"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "zero: is a device, not a file" in done.stderr


def test_validate_catalog_refuses_what_import_ideas_refuses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    catalog = (REPO / "data" / "activities.csv").read_text(encoding="utf-8-sig").splitlines()
    header, first = catalog[0], catalog[1]
    for bad, message in (
        ("\x00", "is not a text file (binary data at byte"),
        ("\x0b", "column 'title': contains a control character (U+000B)"),
        ("\u2028", "column 'title': contains a control character (U+2028)"),
    ):
        file = tmp_path / "catalog.csv"
        cells = next(csv.reader([first]))
        cells[1] = cells[1][:3] + bad + cells[1][3:]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(cells)
        file.write_text(f"{header}\n{out.getvalue()}", encoding="utf-8")
        code, _, err = run(capsys, "validate-catalog", str(file))
        assert code == 1 and message in err, err
        code, _, err = run(capsys, "import-ideas", str(file), "--dry-run")
        assert code == 1 and message in err, err


def test_a_semicolon_separated_catalog_from_a_european_spreadsheet_loads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = list(csv.reader((REPO / "data" / "activities.csv").open(encoding="utf-8-sig")))
    file = tmp_path / "catalogue.csv"
    with file.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    code, out, _ = run(capsys, "validate-catalog", str(file))
    assert code == 0 and f"{len(rows) - 1}" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"couples": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than 32 levels"),
        ('{"couples": [], "budget": ' + "9" * 5000 + "}", "has a number with 5,000 digits"),
        (HOSTILE_BACKUPS / "infinity-budget.json", "must be a finite number"),
        (HOSTILE_BACKUPS / "1e309-cost.json", "cost must be a finite number"),
    ],
)
def test_import_refuses_hostile_export_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str | Path, message: str
) -> None:
    url = db_backends.sqlite_url(tmp_path / "x.db")
    fill(url)
    before = content(url)
    file = tmp_path / "backup.json"
    file.write_text(text.read_text() if isinstance(text, Path) else text)
    code, _, err = run(capsys, "import", str(file), "--database", url)
    assert code == 1 and message in err, err
    assert content(url) == before


def special_files(tmp_path: Path) -> dict[str, Path]:
    """A FIFO, a character device like /dev/full (when allowed), and links to each."""
    made = {"fifo": tmp_path / "pipe"}
    os.mkfifo(made["fifo"])
    try:  # our own device node: a broken test must never replace the real /dev/full
        os.mknod(tmp_path / "full", stat.S_IFCHR | 0o666, os.makedev(1, 7))
        made["device"] = tmp_path / "full"
    except OSError:
        pass
    for kind, target in list(made.items()):
        link = tmp_path / f"link-to-{kind}"
        link.symlink_to(target)
        made[f"link to {kind}"] = link
    return made


@pytest.mark.parametrize("command", ["export-history", "export"])
def test_writing_refuses_special_files_and_leaves_them_as_they_were(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    url = db_backends.sqlite_url(tmp_path / "x.db")
    fill(url)
    couple = ["--couple", "Ana & Ben"]
    for kind, path in special_files(tmp_path).items():
        mode = os.stat(path).st_mode
        code, out, err = run(capsys, command, str(path), *couple, "--database", url)
        assert code == 1 and out == "", kind
        assert "not a file; give the name of a file to write (or - for the screen)" in err
        assert os.stat(path).st_mode == mode, f"{kind} was replaced"
    code, _, err = run(capsys, command, "", *couple, "--database", url)
    assert code == 1 and f"{command}: no file name given" in err
    code, out, _ = run(capsys, command, "-", *couple, "--database", url)
    assert code == 0 and ("kind,date" in out or '"couples"' in out)
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "real.csv")
    code, _, _ = run(capsys, command, str(link), *couple, "--database", url)
    assert code == 0 and link.is_symlink() and (tmp_path / "real.csv").stat().st_size > 0


def test_the_history_csv_never_shows_infinity() -> None:
    frame = pd.DataFrame(
        {"kind": ["outing", "outing"], "cost": [float("inf"), float("nan")], "notes": ["a", "b"]}
    )
    rows = list(csv.reader(io.StringIO(frame_csv(frame))))
    assert rows[1] == ["outing", "", "a"] and rows[2] == ["outing", "", "b"]


def test_import_ideas_leaves_out_flagged_ideas_and_says_how_to_add_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = db_backends.sqlite_url(tmp_path / "x.db")
    fill(url)
    file = tmp_path / "mixed.csv"
    file.write_text("title\nPicnic at the lake\nWash your car\nLearn GraphQL\n")
    args = ["import-ideas", str(file), "--couple", "Cam & Dev", "--database", url]
    code, out, _ = run(capsys, *args)
    assert code == 0 and "Added 1 ideas to Cam & Dev" in out
    assert "Wash your car (a chore rather than time together)" in out
    assert "Left out 2 ideas that may not suit the two of you" in out
    assert "--include-flagged" in out
    code, out, _ = run(capsys, *args, "--include-flagged")
    assert code == 0 and "Added 2 ideas to Cam & Dev (1 were already there)." in out
    assert "Left out" not in out
