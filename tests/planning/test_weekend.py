"""recommender/weekend.py: the home page's suggestions, given a couple's history."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from recommender.catalog.columns import Columns
from recommender.catalog.loading import expand_seasons, load_catalog
from recommender.planning.weekend import (
    WeekendFilters,
    hidden_ids,
    latest_reactions,
    suggestions,
    turned_down,
)
from recommender.profiles import THUMBS_DOWN, THUMBS_UP, Couple, Partner
from recommender.ranking.engine import Recommender
from recommender.store.store import Store

COUPLE = Couple(
    Partner("Ana", ("cooking", "hiking"), 3, 200.0), Partner("Ben", ("nature",), 3, 150)
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Recommender:
    return Recommender(load_catalog(), cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'w.sqlite'}")
    yield s
    s.close()


def test_latest_thumbs_win():
    reactions = pd.DataFrame(
        {"activity_id": ["x", "x", "y"], "partner": ["a", "a", "b"], "rating": [1, 5, 1]}
    )
    assert latest_reactions(reactions) == {"x": {"a": 5}, "y": {"b": 1}}
    assert turned_down(reactions) == {"y"}


def test_turned_down_planned_and_done_are_never_suggested(engine, store):
    couple_id = store.create_couple(COUPLE)
    day = date(2025, 6, 14)
    first = suggestions(engine, store.local_scope(couple_id), WeekendFilters(day=day), k=6)
    ids = list(first[Columns.ACTIVITY_ID])
    assert len(ids) == 6
    store.add_reaction(couple_id, ids[0], "b", THUMBS_DOWN)
    store.add_reaction(couple_id, ids[1], "a", THUMBS_UP)
    store.plan(couple_id, ids[2], day)
    store.add_outing(couple_id, ids[3], day, 4, 4)
    assert hidden_ids(store.local_scope(couple_id)) == {ids[0], ids[2], ids[3]}
    after = list(
        suggestions(engine, store.local_scope(couple_id), WeekendFilters(day=day), k=6)[
            Columns.ACTIVITY_ID
        ]
    )
    assert len(after) == 6
    assert not {ids[0], ids[2], ids[3]} & set(after)
    assert ids[1] in after


def test_filters_reach_the_engine(engine, store):
    couple_id = store.create_couple(COUPLE)
    recs = suggestions(
        engine,
        store.local_scope(couple_id),
        WeekendFilters(day=date(2025, 1, 10), setting="indoor", max_hours=2, stretch=True),
    )
    assert recs[Columns.DURATION_HOURS].le(2).all()
    assert set(recs[Columns.SETTING]) <= {"indoor", "either"}
    assert recs[Columns.RISK].le(4).all()
    surprise = WeekendFilters(day=date(2025, 1, 10), surprise=True, seed=3)
    assert suggestions(engine, store.local_scope(couple_id), surprise).equals(
        suggestions(engine, store.local_scope(couple_id), surprise)
    )


def test_own_ideas_are_ranked_too(engine, store):
    couple_id = store.create_couple(COUPLE)
    store.add_idea(
        couple_id,
        {
            Columns.TITLE: "Cook a hiking lunch on the trail",
            Columns.DESCRIPTION: "A stove.",
            Columns.CATEGORY: "food-drink",
            Columns.TAGS: "cooking;hiking;nature",
            Columns.COST: 10,
            Columns.RISK: 1,
            Columns.DURATION_HOURS: 3,
            Columns.SETTING: "outdoor",
            Columns.ENERGY: 2,
            Columns.SEASONS: "any",
            Columns.CONVERSATION_STARTER: "Where to?",
        },
    )
    recs = suggestions(
        engine, store.local_scope(couple_id), WeekendFilters(day=date(2025, 6, 14)), k=20
    )
    assert "ours" in set(recs["source"])


def test_filters_are_checked():
    with pytest.raises(ValueError, match="setting must be one of indoor, outdoor or None"):
        WeekendFilters(day=date(2025, 1, 1), setting="either")
    with pytest.raises(ValueError, match="max_hours must be more than 0"):
        WeekendFilters(day=date(2025, 1, 1), max_hours=0)


def test_a_southern_couple_gets_the_season_of_the_south(engine, store):
    # Meteorological seasons: 28 November is late autumn in the north and late spring in
    # the south; 5 December is winter in the north and summer in the south.
    couple_id = store.create_couple(COUPLE)
    day = date(2026, 11, 28)
    summer_day = date(2026, 12, 5)
    north = suggestions(engine, store.local_scope(couple_id), WeekendFilters(day=summer_day), k=12)
    assert all("winter" in expand_seasons(s) for s in north[Columns.SEASONS])
    store.set_hemisphere(couple_id, "south")
    south = suggestions(engine, store.local_scope(couple_id), WeekendFilters(day=summer_day), k=12)
    seasons = [set(expand_seasons(s)) for s in south[Columns.SEASONS]]
    assert len(seasons) == 12 and all("summer" in s for s in seasons)
    # Not the northern list relabelled: summer-only ideas the north would never get in December.
    assert any("winter" not in s for s in seasons)
    spring = suggestions(engine, store.local_scope(couple_id), WeekendFilters(day=day), k=12)
    assert all("spring" in expand_seasons(s) for s in spring[Columns.SEASONS])


def test_the_engine_refuses_an_unknown_hemisphere(engine):
    with pytest.raises(ValueError, match=r"hemisphere must be one of north, south \(got 'west'\)"):
        engine.recommend(COUPLE, season=date(2026, 11, 28), hemisphere="west")
