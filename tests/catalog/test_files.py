"""Reading files people point the app and the CLI at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from recommender.catalog.files import UnreadableFileError, read_bytes


def test_reads_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_bytes(b"a,b\n")
    assert read_bytes(path) == b"a,b\n"


def test_missing_file_and_folder_are_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match=r"^no such file$"):
        read_bytes(tmp_path / "gone.csv")
    with pytest.raises(UnreadableFileError, match=r"^is a folder, not a file$"):
        read_bytes(tmp_path)


def test_unreadable_file_gives_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    # As root (as on CI) a chmod 0 file is still readable, so make the OS say no.
    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(UnreadableFileError, match=r"^cannot be read \(Permission denied\)$"):
        read_bytes(tmp_path / "secret.csv")
