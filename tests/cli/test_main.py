"""The command-line interface: validate-catalog, and that every command is documented."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from recommender.catalog.loading import BUNDLED_CATALOG
from recommender.cli.main import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def test_validate_catalog_prints_a_summary_of_a_good_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate-catalog", str(BUNDLED_CATALOG)]) == 0
    out = capsys.readouterr().out
    assert ": OK" in out
    assert "rows:" in out and "categories:" in out and "risk levels:" in out
    assert "cost range:  $0 - $" in out


def test_validate_catalog_lists_every_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.read_csv(BUNDLED_CATALOG, dtype=str, keep_default_na=False).head(3)
    frame.loc[1, "risk"] = "8"  # file line 3
    frame.loc[2, "activity_id"] = frame.loc[0, "activity_id"]  # file line 4 repeats line 2's id
    bad = tmp_path / "bad.csv"
    frame.to_csv(bad, index=False)
    assert main(["validate-catalog", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv has 2 problems" in err
    assert "line 3, column 'risk': is outside the scale; allowed: 1, 2, 3, 4, 5 (value: '8')" in err
    assert "line 4, column 'activity_id': duplicate id, first used on line 2" in err


def test_validate_catalog_on_a_missing_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recommender", "validate-catalog", str(tmp_path / "none.csv")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_command_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    assert "validate-catalog" in capsys.readouterr().err


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_cli_command_is_documented_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`python -m recommender {command}" in readme, f"README does not document {command}"


@pytest.mark.parametrize("command", _commands())
def test_every_cli_command_has_help(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recommender", command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "usage: python -m recommender " + command in result.stdout


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    # Like `python -m recommender suggest ... --json | head -1`: the reader takes one line and
    # goes away while far more output (well over a pipe's buffer) is still to be written.
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    wide = ["--a-budget", "1000", "--b-budget", "1000", "--a-risk", "5", "--b-risk", "5"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "recommender", "suggest", *wide, "-k", "400", "--json"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == "[\n"
    proc.stdout.close()
    code = proc.wait(timeout=120)
    err = proc.stderr.read()
    proc.stderr.close()
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert "Exception ignored" not in err, err
    assert code == 1
