"""A merged activity's retired id still counts: thumbs, outings and plans follow it."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from recommender import Couple, Partner, Recommender, Store, load_catalog
from recommender.catalog.columns import Columns
from recommender.catalog.retired import RETIRED, current_id, redirect_ids
from recommender.planning.history_export import activity_titles, history_frame

C = Columns
OLD, NEW = "geocaching-adventure", "geocaching-hunt"


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog()


def test_every_retired_id_points_at_a_live_activity(catalog) -> None:
    ids = set(catalog[C.ACTIVITY_ID])
    assert RETIRED[OLD] == NEW
    assert not set(RETIRED) & ids, "a retired id is back in the catalog"
    assert set(RETIRED.values()) <= ids, "a retired id points at nothing"
    titles = catalog.loc[catalog[C.TITLE].str.contains("eocach"), C.ACTIVITY_ID].tolist()
    assert titles == [NEW]  # the two geocaching rows are one now


def test_ids_are_redirected_and_others_left_alone() -> None:
    assert current_id(OLD) == NEW and current_id("pottery-taster") == "pottery-taster"
    frame = pd.DataFrame({"activity_id": [OLD, "pottery-taster"], "rating": [5, 1]})
    assert redirect_ids(frame)["activity_id"].tolist() == [NEW, "pottery-taster"]
    assert frame["activity_id"].tolist() == [OLD, "pottery-taster"]  # the input is unchanged
    untouched = frame.iloc[1:]
    assert redirect_ids(untouched) is untouched


def test_a_couples_old_thumbs_outing_and_plan_still_count(catalog, tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'old.sqlite'}")
    couple = Couple(Partner("Ana", ["puzzles"], 3, 200), Partner("Ben", ["nature"], 3, 200))
    cid = store.create_couple(couple)
    # Saved before the merge, under the id that has since been retired.
    store.add_reaction(cid, OLD, "a", 1)
    store.add_outing(cid, OLD, date.today() - timedelta(days=3), 5, 4)
    store.plan(cid, OLD, date.today() + timedelta(days=3))
    assert store.reactions(cid)[C.ACTIVITY_ID].tolist() == [NEW]
    assert store.outings(cid)[C.ACTIVITY_ID].tolist() == [NEW]
    assert store.planned(cid)[C.ACTIVITY_ID].tolist() == [NEW]
    assert {e.activity_id for e in store.feedback(cid)} == {NEW}
    # The history shows the activity's title, and the engine learns from the events
    # (an unknown id would be refused) and does not suggest what they have done.
    history = history_frame(store, cid, activity_titles(store, cid))
    assert set(history["title"]) == {"Geocaching treasure hunt"}
    engine = Recommender(catalog, cache_dir=tmp_path / "cache")
    recs = engine.recommend(couple, k=20, feedback=store.feedback(cid))
    assert NEW not in set(recs[C.ACTIVITY_ID])
    store.close()
