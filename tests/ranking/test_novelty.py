"""Step 5: activities like a recent outing weigh less."""

from __future__ import annotations

import pytest
from ranking_helpers import (
    broad_couple,
    full_ranking,
    nearest,
)

from recommender import (
    Columns,
    Feedback,
    Recommender,
)
from recommender.ranking.engine import RankingParams

C = Columns


def test_activities_close_to_a_recent_outing_weigh_less(catalog, cache_dir) -> None:
    couple = broad_couple()
    novel = Recommender(catalog, cache_dir=cache_dir)
    same = Recommender(catalog, cache_dir=cache_dir, params=RankingParams(novelty_weight=0.0))
    done_id = novel.recommend(couple, k=1)[C.ACTIVITY_ID].iloc[0]
    history = [Feedback(done_id, "a", 3, done=True), Feedback(done_id, "b", 3, done=True)]
    with_novelty = full_ranking(novel, couple, history)
    without = full_ranking(same, couple, history)
    close = [a for a in nearest(novel, done_id, 5) if a in with_novelty.index]
    assert close
    assert (with_novelty.loc[close, "score"] < without.loc[close, "score"]).all()
    far = without.index[-1]
    assert with_novelty.loc[far, "score"] == pytest.approx(without.loc[far, "score"])
