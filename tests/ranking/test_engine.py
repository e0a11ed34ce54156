"""The recommender wires its steps and keeps the public API of issue 3."""

from __future__ import annotations

import pandas as pd
import pytest
from ranking_helpers import (
    broad_couple,
)

from recommender import (
    Columns,
    Couple,
    Feedback,
    Partner,
    Recommender,
)
from recommender.ranking.engine import SCORE_A, SCORE_B

C = Columns


def test_readme_example_runs_and_returns_the_documented_columns(engine: Recommender) -> None:
    catalog = engine.catalog
    couple = Couple(
        Partner("Ana", interests=["cooking", "live music"], risk_comfort=2, budget=80),
        Partner("Ben", interests=["hiking", "climbing"], risk_comfort=4, budget=150),
    )
    history = [
        Feedback("pottery-taster", partner="a", rating=5),
        Feedback("salsa-night", partner="b", rating=2, done=True),
    ]
    recs = engine.recommend(couple, k=10, feedback=history)
    assert "salsa-night" not in set(recs[C.ACTIVITY_ID])
    assert len(recs) == 10
    for column in (*C.ALL, "score", "reason", "source", SCORE_A, SCORE_B):
        assert column in recs.columns
    assert recs["score"].between(0, 1).all()
    assert recs[SCORE_A].between(0, 1).all() and recs[SCORE_B].between(0, 1).all()
    assert set(recs["source"]) == {"catalog"}
    assert recs[C.ACTIVITY_ID].is_unique
    assert engine.catalog is catalog


def test_same_inputs_give_the_same_list_even_from_a_fresh_engine(
    engine: Recommender, catalog, cache_dir
) -> None:
    couple = broad_couple()
    history = [Feedback(catalog[C.ACTIVITY_ID].iloc[5], "a", 5)]
    first = engine.recommend(couple, feedback=history)
    again = engine.recommend(couple, feedback=history)
    fresh = Recommender(catalog, cache_dir=cache_dir).recommend(couple, feedback=history)
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(first, fresh)


def test_catalog_problems_are_reported_at_construction(catalog, tmp_path) -> None:
    with pytest.raises(ValueError, match="catalog is missing column\\(s\\): tags"):
        Recommender(catalog.drop(columns=[C.TAGS]), cache_dir=tmp_path)
    doubled = pd.concat([catalog.head(3), catalog.head(1)], ignore_index=True)
    with pytest.raises(ValueError, match="duplicate activity_id"):
        Recommender(doubled, cache_dir=tmp_path)
