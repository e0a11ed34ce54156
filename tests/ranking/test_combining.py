"""Step 3: two partners become one score, fairly and without misery."""

from __future__ import annotations

import numpy as np
import pytest
from ranking_helpers import (
    ana_ben,
    full_ranking,
)

from recommender import (
    Columns,
    Feedback,
    Recommender,
)
from recommender.ranking.engine import SCORE_A, SCORE_B, RankingParams

C = Columns


def test_a_pick_one_partner_would_dislike_loses(engine: Recommender, catalog) -> None:
    couple = ana_ben(a_interests=["drinks", "night", "live music"], a_budget=300)
    night = set(catalog[catalog[C.CATEGORY] == "nightlife"][C.ACTIVITY_ID])
    full_before = full_ranking(engine, couple)
    shelf = full_before[full_before.index.isin(night)]
    # Ben turns down the two nightlife picks Ana likes most: the rest of that shelf sinks
    # for him, and lower in the list for both of them.
    turned_down = shelf.sort_values(SCORE_A, ascending=False).index[:2].tolist()
    history = [Feedback(a, "b", 1) for a in turned_down]
    full_after = full_ranking(engine, couple, history)
    rest = [a for a in shelf.index if a in full_after.index and a not in turned_down]
    assert len(rest) >= 3
    assert (full_after.loc[rest, SCORE_B] < full_before.loc[rest, SCORE_B]).all()
    place_before = [list(full_before.index).index(a) for a in rest]
    place_after = [list(full_after.index).index(a) for a in rest]
    assert sum(place_after) > sum(place_before)


def test_over_time_the_joint_choice_leans_to_the_partner_who_enjoyed_less(
    catalog, cache_dir
) -> None:
    couple = ana_ben(a_budget=300, a_risk_comfort=4)
    leaning = Recommender(catalog, cache_dir=cache_dir)
    even = Recommender(catalog, cache_dir=cache_dir, params=RankingParams(lean_strength=0.0))
    outings = leaning.recommend(couple, k=6, setting="indoor")[C.ACTIVITY_ID].tolist()

    def history(low: str) -> list[Feedback]:
        high = "b" if low == "a" else "a"
        events = []
        for a in outings:
            events += [Feedback(a, low, 3, done=True), Feedback(a, high, 5, done=True)]
        return events

    # The list tilts further towards the partner who enjoyed the outings less: their
    # predicted enjoyment, relative to the other's, is higher than without leaning.
    for low, mine, theirs in (("a", SCORE_A, SCORE_B), ("b", SCORE_B, SCORE_A)):
        leaned = leaning.recommend(couple, k=10, feedback=history(low))
        plain = even.recommend(couple, k=10, feedback=history(low))
        assert (leaned[mine] - leaned[theirs]).mean() > (plain[mine] - plain[theirs]).mean()


def test_a_pick_decent_for_both_beats_a_favourite_of_one_at_the_same_average() -> None:
    from recommender.ranking.combining import combine, soft_min

    params = RankingParams()
    a = np.array([0.6, 0.9])
    b = np.array([0.6, 0.3])  # same average, the second leaves partner b cold
    joint = combine(a, b, 0.5, params)
    assert joint[0] > joint[1] + 0.05
    assert soft_min(np.array([0.5]), np.array([0.5]), 0.05)[0] == pytest.approx(0.5)
    assert soft_min(np.array([0.2]), np.array([0.9]), 0.05)[0] == pytest.approx(0.2, abs=0.04)
    flat = combine(a, b, 0.5, RankingParams(softmin_share=0.0, misery_weight=0.0))
    assert flat[0] == pytest.approx(flat[1])
