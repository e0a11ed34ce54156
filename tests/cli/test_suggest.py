"""``python -m recommender suggest`` prints suggestions a couple can read, or JSON."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from recommender import load_catalog
from recommender.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
ANA_BEN = [
    "suggest",
    "--a-name",
    "Ana",
    "--a-interests",
    "cooking,live music",
    "--a-risk",
    "2",
    "--a-budget",
    "80",
    "--b-name",
    "Ben",
    "--b-interests",
    "hiking, climbing",
    "--b-risk",
    "4",
    "--b-budget",
    "150",
]


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    # The fitted model goes to the user cache folder; keep the tests' copy out of $HOME.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_a_numbered_table_with_reasons(capsys) -> None:
    code, out, err = run(capsys, *ANA_BEN, "-k", "4")
    assert code == 0 and err == ""
    assert out.startswith("Ideas for Ana and Ben: at most $80 for the two of you")
    for rank in range(1, 5):
        assert f"\n {rank}. " in out
    assert " 5. " not in out
    assert "Ana: " in out and "Ben: " in out and "fits both budgets" in out
    assert "%" in out


def test_json_lists_every_suggestion_with_its_reason(capsys) -> None:
    code, out, _ = run(capsys, *ANA_BEN, "-k", "5", "--json")
    assert code == 0
    recs = json.loads(out)
    assert len(recs) == 5
    ids = set(load_catalog()["activity_id"])
    for rec in recs:
        assert rec["activity_id"] in ids
        assert rec["cost"] <= 80 and rec["risk"] <= 2
        assert {"title", "score", "reason", "source", "score_a", "score_b"} <= set(rec)


def test_options_reach_the_engine(capsys) -> None:
    base = [*ANA_BEN, "-k", "50", "--json"]
    _, out, _ = run(capsys, *base, "--risk-stretch", "1")
    assert max(r["risk"] for r in json.loads(out)) == 3
    _, out, _ = run(capsys, *base, "--setting", "indoor", "--season", "winter")
    recs = json.loads(out)
    assert {r["setting"] for r in recs} <= {"indoor", "either"}
    assert all("winter" in r["seasons"] or r["seasons"] == "any" for r in recs)
    _, out, _ = run(capsys, *base, "--max-hours", "2")
    assert all(r["duration_hours"] <= 2 for r in json.loads(out))
    _, one, _ = run(capsys, *ANA_BEN, "--json", "--surprise", "--seed", "3")
    _, two, _ = run(capsys, *ANA_BEN, "--json", "--surprise", "--seed", "3")
    assert one == two


def test_nothing_eligible_says_what_to_try(capsys) -> None:
    code, out, _ = run(capsys, *ANA_BEN, "--max-hours", "0.01")
    assert code == 0
    assert "Nothing fits all of that" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--a-risk", "7"], r"partner A: risk_comfort must be one of 1, 2, 3, 4, 5 \(got 7\)"),
        (["--b-risk", "high"], r"--b-risk must be one of 1, 2, 3, 4, 5 \(got 'high'\)"),
        (["--a-budget", "-5"], r"partner A: budget must be a number of dollars, 0 or more"),
        (["--b-budget", "lots"], r"--b-budget must be a number of dollars \(got 'lots'\)"),
        (["-k", "-1"], r"^error: -k must be a whole number, 0 or more \(got '-1'\)"),
        (["-k", "ten"], r"-k must be a whole number, 0 or more \(got 'ten'\)"),
        (["--risk-stretch", "2"], r"^error: --risk-stretch must be one of 0, 1 \(got '2'\)"),
        (
            ["--season", "monsoon"],
            r"^error: --season must be one of spring, summer, autumn, winter \(got 'monsoon'\)",
        ),
        (
            ["--setting", "space"],
            r"^error: --setting must be one of indoor, outdoor \(got 'space'\)",
        ),
        (
            ["--max-hours", "0"],
            r"^error: --max-hours must be a number of hours more than 0 \(got '0'\)",
        ),
        (["--max-hours", "-2"], r"^error: --max-hours must be a number of hours more than 0"),
        (["--max-hours", "nan"], r"--max-hours must be a number of hours more than 0"),
        (["--a-name", "  "], r"partner A: name must be a non-empty text"),
        (["--catalog", "/no/such/file.csv"], r"no such file"),
    ],
)
def test_bad_values_give_one_line_and_exit_1(capsys, args: list[str], message: str) -> None:

    code, out, err = run(capsys, *ANA_BEN, *args)
    assert code == 1 and out == ""
    assert err.startswith("error: ")
    assert re.search(message, err), err
    if "--catalog" not in args:
        assert err.count("\n") == 1
    assert "Traceback" not in err
    # The message names the option typed, never the engine's parameter behind it.
    assert not re.search(r"(?<!-)\b(?:risk_stretch|max_hours|k) must", err), err


def test_categories_are_said_in_words(capsys) -> None:
    code, out, _ = run(capsys, *ANA_BEN, "-k", "30")
    assert code == 0
    assert "food and drink · " in out
    assert "food drink" not in out and "food-drink" not in out


def test_json_keeps_accents_and_quotes_as_they_are(capsys) -> None:
    wide = ["--a-budget", "1000", "--b-budget", "1000", "--a-risk", "5", "--b-risk", "5"]
    code, out, _ = run(capsys, *ANA_BEN, *wide, "-k", "400", "--json")
    assert code == 0
    assert "\\u" not in out  # no \u00e9-style escapes
    titles = [r["title"] for r in json.loads(out)]
    accented = [t for t in titles if any(ord(ch) > 127 for ch in t)]
    assert accented, "the bundled catalog has titles with accents (a repair café)"
    assert all(t in out for t in accented)


def test_runs_as_a_module_from_any_folder(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "recommender", *ANA_BEN, "-k", "2", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 2
    bad = subprocess.run(
        [sys.executable, "-m", "recommender", *ANA_BEN, "--a-risk", "9"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
