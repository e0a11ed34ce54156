"""Reading a file a person pointed us at: bounded, regular files only, plain messages.

Anything a person names may be a device (``/dev/zero`` never ends), a FIFO (opening it
waits for a writer), a folder or a file far larger than any list of activities. The
file is opened without blocking, checked for what it is on the opened descriptor (so
a swap between a check and the open cannot fool it), and read in chunks up to the
limit plus one byte, so memory never grows past the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final

#: The setting (environment variable) that raises the size limit, in megabytes.
MAX_FILE_MB_SETTING: Final = "RECOMMENDER_MAX_FILE_MB"
#: The size limit when the setting is not given, in megabytes.
DEFAULT_MAX_FILE_MB: Final = 20
_CHUNK = 1 << 20


class UnreadableFileError(ValueError):
    """A file could not be read; the message says why in plain words, without the path."""


def max_file_bytes() -> int:
    """The largest file read, in bytes: ``RECOMMENDER_MAX_FILE_MB`` megabytes (default 20)."""
    raw = os.environ.get(MAX_FILE_MB_SETTING, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_FILE_MB
    except ValueError:
        megabytes = DEFAULT_MAX_FILE_MB
    if not 0 < megabytes < 1e6:
        megabytes = DEFAULT_MAX_FILE_MB
    return int(megabytes * 1_000_000)


def too_large_message(limit: int) -> str:
    """The refusal for a file over ``limit`` bytes, naming the limit and the setting."""
    return (
        f"is larger than {limit / 1e6:g} MB, the most a file may be; set"
        f" {MAX_FILE_MB_SETTING} (an environment variable, in megabytes) to read larger files"
    )


def special_file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words (``"a device"``), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_bytes(path: str | Path, *, limit: int | None = None) -> bytes:
    """The bytes of ``path``, refusing anything but a regular file of at most ``limit`` bytes.

    Parameters
    ----------
    path : str or Path
        The file.
    limit : int, optional
        The most bytes allowed; defaults to :func:`max_file_bytes`.

    Raises
    ------
    UnreadableFileError
        ``"no such file"``, ``"is a folder, not a file"``, ``"is a device, not a file"``,
        ``"is a pipe (FIFO), not a file"``, ``"is larger than 20 MB ..."`` or
        ``"cannot be read (REASON)"``; callers put the file's name in front, the way their
        own messages name it.
    """
    limit = max_file_bytes() if limit is None else limit
    if not str(path):
        raise UnreadableFileError("no file name given")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnreadableFileError("no such file") from None
    except IsADirectoryError:
        raise UnreadableFileError("is a folder, not a file") from None
    except OSError as exc:
        raise UnreadableFileError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        kind = special_file_kind(info.st_mode)
        if kind is not None:
            raise UnreadableFileError(f"is {kind}, not a file")
        if info.st_size > limit:
            raise UnreadableFileError(too_large_message(limit))
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # a file may grow while read: never hold more than limit + 1
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise UnreadableFileError(too_large_message(limit))
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFileError(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
