"""One thing wrong with one cell of a file or form, located by line (or row) and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or with the file as a whole).

    Attributes
    ----------
    where : str
        Location such as ``"line 7"`` or ``"row 3"``; empty for whole-file problems.
    column : str
        The column at fault, or empty.
    value : str
        The offending value as written, or empty.
    message : str
        What is wrong and what is allowed.
    """

    where: str
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        parts = [p for p in (self.where, f"column '{self.column}'" if self.column else "") if p]
        prefix = ", ".join(parts)
        shown = f" (value: {self.value!r})" if self.value != "" else ""
        return f"{prefix}: {self.message}{shown}" if prefix else f"{self.message}{shown}"
