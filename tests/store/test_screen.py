"""ScreenScope: a page's reads are made once per screen, and its own writes show at once."""

from __future__ import annotations

import inspect

import pytest
from store_helpers import ANA_BEN, idea

from recommender import Store
from recommender.store import CoupleScope, ScreenScope, StoreError
from recommender.store.screen import READS


def test_every_remembered_read_is_a_scope_method_that_takes_no_arguments() -> None:
    for name in READS:
        method = getattr(CoupleScope, name)
        assert inspect.isfunction(method), name
        assert list(inspect.signature(method).parameters) == ["self"], name


def test_a_read_is_made_once_per_screen_and_the_next_screen_sees_what_changed(
    store: Store,
) -> None:
    couple_id = store.create_couple(ANA_BEN)
    screen = ScreenScope(store.local_scope(couple_id))
    assert screen.ideas().empty
    # The other partner adds an idea while this screen is being drawn: this screen keeps
    # what it read (one consistent picture), the next screen shows the new idea.
    store.local_scope(couple_id).add_idea(idea("Night swim"))
    assert screen.ideas().empty
    assert list(ScreenScope(store.local_scope(couple_id)).ideas()["title"]) == ["Night swim"]


def test_a_write_through_the_screen_is_seen_by_its_next_read(store: Store) -> None:
    couple_id = store.create_couple(ANA_BEN)
    screen = ScreenScope(store.local_scope(couple_id))
    assert screen.reactions().empty
    aid = screen.add_idea(idea("Night swim"))
    screen.add_reaction(aid, "a", 1)
    assert list(screen.reactions()["activity_id"]) == [aid]
    assert list(screen.ideas()["title"]) == ["Night swim"]
    assert screen.couple_id == couple_id and screen.member is None


def test_changing_what_was_read_does_not_change_the_next_read(store: Store) -> None:
    couple_id = store.create_couple(ANA_BEN)
    screen = ScreenScope(store.local_scope(couple_id))
    screen.add_idea(idea("Night swim"))
    first = screen.ideas()
    first.loc[:, "title"] = "Changed by a page"
    assert list(screen.ideas()["title"]) == ["Night swim"]
    built = screen.remember("titles", lambda: list(screen.ideas()["title"]))
    built.append("extra")
    assert screen.remember("titles", lambda: ["made again"]) == ["Night swim"]


def test_what_a_page_builds_is_remembered_until_a_write(store: Store) -> None:
    couple_id = store.create_couple(ANA_BEN)
    screen = ScreenScope(store.local_scope(couple_id))
    calls = []

    def build() -> int:
        calls.append(1)
        return len(screen.ideas())

    assert screen.remember("count", build) == 0
    assert screen.remember("count", build) == 0
    screen.add_idea(idea("Night swim"))
    assert screen.remember("count", build) == 1
    assert len(calls) == 2
    with pytest.raises(ValueError, match="'ideas' is a read of the scope; pick another name"):
        screen.remember("ideas", build)


def test_a_refused_write_leaves_nothing_remembered_stale(store: Store) -> None:
    couple_id = store.create_couple(ANA_BEN)
    screen = ScreenScope(store.local_scope(couple_id))
    assert screen.get_couple().a.name == "Ana"
    with pytest.raises(StoreError, match="no planned outing with id 999 for this couple"):
        screen.unplan(999)
    store.local_scope(couple_id).rename("Ana and Ben, renamed")
    assert screen.name() == "Ana and Ben, renamed"
