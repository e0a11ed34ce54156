"""Step 3: two partners become one score, fairly and without misery."""

from __future__ import annotations

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
    before = engine.recommend(couple, k=10)
    night = catalog[catalog[C.CATEGORY] == "nightlife"][C.ACTIVITY_ID]
    shown_night = [a for a in before[C.ACTIVITY_ID] if a in set(night)]
    assert len(shown_night) >= 2
    # Ben turns down the nightlife picks he was shown: the rest of that shelf sinks for him.
    history = [Feedback(a, "b", 1) for a in shown_night]
    after = engine.recommend(couple, k=10, feedback=history)
    still = [a for a in after[C.ACTIVITY_ID] if a in set(night)]
    assert len(still) < len(shown_night)
    full_before = full_ranking(engine, couple)
    full_after = full_ranking(engine, couple, history)
    rest = [a for a in night if a in full_after.index]
    assert (full_after.loc[rest, SCORE_B] < full_before.loc[rest, SCORE_B]).all()


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
