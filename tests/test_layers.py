"""The library's layers (pyproject's [tool.importlinter]) hold, and the library is installable."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_every_import_contract_is_kept() -> None:
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Contracts: (\d+) kept, 0 broken", result.stdout)


def test_the_layer_contract_catches_an_import_going_up(tmp_path: Path) -> None:
    # A copy of the package in which the store imports the ranking engine must be refused.
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "recommender", copy / "recommender")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    bad = copy / "recommender" / "store" / "__init__.py"
    bad.write_text(bad.read_text() + "\nimport recommender.ranking.engine  # noqa\n")
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(copy), "PATH": ""},
    )
    assert result.returncode != 0
    assert "recommender.store -> recommender.ranking.engine" in result.stdout


def test_the_library_never_imports_the_app() -> None:
    for file in (ROOT / "recommender").rglob("*.py"):
        text = file.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(app_pages|app)\b", text, re.M), file


@pytest.mark.slow
def test_a_normal_install_carries_every_subpackage(tmp_path: Path) -> None:
    # A wheel (not an editable install) must hold each subpackage and the bundled data.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("couples_recommender-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in ("catalog", "ranking", "evaluation", "store", "ingest", "planning", "cli"):
        assert f"recommender/{package}/__init__.py" in names, package
    data = "couples_recommender-0.1.0.data/data/share/couples-recommender/activities.csv"
    assert data in names  # load_catalog() finds it under sys.prefix when installed
