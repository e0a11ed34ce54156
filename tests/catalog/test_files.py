"""Reading files people point the app and the CLI at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from recommender.catalog.files import (
    MAX_FILE_MB_SETTING,
    UnreadableFileError,
    max_file_bytes,
    read_bytes,
)


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


def test_special_files_are_refused_by_what_they_are(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFileError, match=r"^is a pipe \(FIFO\), not a file$"):
        read_bytes(fifo)  # returns at once: opened without waiting for a writer
    with pytest.raises(UnreadableFileError, match=r"^is a device, not a file$"):
        read_bytes("/dev/zero")
    with pytest.raises(UnreadableFileError, match=r"^no file name given$"):
        read_bytes("")


def test_never_more_than_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 1001)
    assert read_bytes(path, limit=1001) == b"x" * 1001
    with pytest.raises(
        UnreadableFileError, match=r"larger than 0\.001 MB.*RECOMMENDER_MAX_FILE_MB"
    ):
        read_bytes(path, limit=1000)
    # /proc files say they are empty but are not: the chunked read stops at limit + 1.
    maps = Path("/proc/self/maps")
    if maps.is_file():
        with pytest.raises(UnreadableFileError, match="larger than"):
            read_bytes(maps, limit=100)


def test_the_limit_comes_from_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MAX_FILE_MB_SETTING, raising=False)
    assert max_file_bytes() == 20_000_000
    monkeypatch.setenv(MAX_FILE_MB_SETTING, "64")
    assert max_file_bytes() == 64_000_000
    monkeypatch.setenv(MAX_FILE_MB_SETTING, "lots")  # a typo keeps the default, not no limit
    assert max_file_bytes() == 20_000_000
