"""A couple's scope for drawing one screen: each read made once, every write passed through.

A page of the app reads the same things several times while it draws (This weekend reads
the couple's ideas for the suggestions, for the matches and for the hidden list): each
read is its own transaction and frame, and on a first visit they added up to a noticeable
part of the wait. :class:`ScreenScope` wraps a :class:`~recommender.store.scope.CoupleScope`
for one run of a page: the first call of a read is made and remembered, later calls get
a copy; any other call (a write) goes to the scope and forgets everything remembered, so
a screen never shows what it has itself just changed as if it were not changed. A new
screen (the next run of the page) starts from a new wrapper, so what the other partner
saved meanwhile shows then, as before.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pandas as pd

from recommender.store.scope import CoupleScope

#: The scope's methods that only read and take no arguments: remembered for the screen.
READS = frozenset(
    {
        "feedback",
        "get_couple",
        "hemisphere",
        "ideas",
        "import_batches",
        "matches",
        "name",
        "outings",
        "planned",
        "reactions",
        "visible_feedback",
    }
)


def _copy(value: Any) -> Any:
    # Callers may change a frame or list they were given; the remembered one stays as read.
    if isinstance(value, pd.DataFrame):
        return value.copy()
    return copy.copy(value)


class ScreenScope:
    """Remembers a scope's reads while one screen is drawn.

    Parameters
    ----------
    scope : CoupleScope
        The couple's scope, as the store gives it (either mode).

    Notes
    -----
    Every attribute of the scope is available here: a read in :data:`READS` is made
    once; any other method is passed through and forgets what was remembered (before
    and after it runs); properties (``couple_id``, ``member``, ``partner``) are read
    from the scope.
    """

    def __init__(self, scope: CoupleScope) -> None:
        self._scope = scope
        self._memo: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"ScreenScope({self._scope!r})"

    @property
    def scope(self) -> CoupleScope:
        """The wrapped scope (its reads are never remembered)."""
        return self._scope

    def remember(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()`` once for this screen (until the next write), then a copy of it.

        For what a page builds from several reads (the catalog joined with the couple's
        ideas, say): ``key`` names it, and must not be the name of a read.
        """
        if key in READS:
            raise ValueError(f"{key!r} is a read of the scope; pick another name")
        if key not in self._memo:
            self._memo[key] = make()
        return _copy(self._memo[key])

    def forget(self) -> None:
        """Forget every remembered read (the next call reads the database again)."""
        self._memo.clear()

    def __getattr__(self, name: str) -> Any:
        # Only reached for what this class does not define: the scope's own names.
        found = getattr(self._scope, name)
        if not callable(found):
            return found
        if name in READS:

            def read() -> Any:
                if name not in self._memo:
                    self._memo[name] = found()
                return _copy(self._memo[name])

            return read

        def passed(*args: Any, **kwargs: Any) -> Any:
            self._memo.clear()
            try:
                return found(*args, **kwargs)
            finally:
                self._memo.clear()  # what it changed is read again next time

        return passed
