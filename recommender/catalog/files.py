"""Reading a file a person pointed us at, with a plain message when that fails."""

from __future__ import annotations

from pathlib import Path


class UnreadableFileError(ValueError):
    """A file could not be read; the message says why in plain words, without the path."""


def read_bytes(path: str | Path) -> bytes:
    """The bytes of ``path``.

    Raises
    ------
    UnreadableFileError
        ``"no such file"``, ``"is a folder, not a file"`` or ``"cannot be read (REASON)"``;
        callers put the file's name in front, the way their own messages name it.
    """
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise UnreadableFileError("no such file") from None
    except IsADirectoryError:
        raise UnreadableFileError("is a folder, not a file") from None
    except OSError as exc:
        raise UnreadableFileError(f"cannot be read ({exc.strerror or exc})") from None
