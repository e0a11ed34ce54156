"""Step 1: only activities within both partners' limits and the filters are suggested."""

from __future__ import annotations

from datetime import date

import numpy as np
from ranking_helpers import (
    ana_ben,
    broad_couple,
    eligible_by_limits,
)

from recommender import (
    CATEGORIES,
    TAGS,
    Columns,
    Couple,
    Feedback,
    Partner,
    Recommender,
)

C = Columns


def test_rows_are_min_of_k_and_the_eligible_count(engine: Recommender, catalog) -> None:
    couple = ana_ben(a_budget=0, a_risk_comfort=1)
    n_eligible = int(eligible_by_limits(catalog, couple).sum())
    assert 0 < n_eligible < 60
    assert len(engine.recommend(couple, k=200)) == n_eligible
    assert len(engine.recommend(couple, k=3)) == 3
    empty = engine.recommend(couple, k=0)
    assert empty.empty and "reason" in empty.columns


def test_limits_hold_for_300_random_couples(engine: Recommender, catalog) -> None:
    rng = np.random.default_rng(2024)
    words = [*TAGS, *CATEGORIES, "the sea", "jazz", "sushi", "quiet evenings", "zzyzx"]
    ids = catalog[C.ACTIVITY_ID].to_numpy()
    for _ in range(300):
        partners = [
            Partner(
                name,
                list(rng.choice(words, size=rng.integers(0, 5), replace=False)),
                risk_comfort=int(rng.integers(1, 6)),
                budget=float(rng.choice([0, 10, 25, 40, 80, 150, 300, 1000])),
            )
            for name in ("A", "B")
        ]
        couple = Couple(*partners)
        stretch = int(rng.integers(0, 2))
        k = int(rng.integers(1, 16))
        feedback = [
            Feedback(str(a), partner=str(rng.choice(["a", "b"])), rating=int(rng.integers(1, 6)))
            for a in rng.choice(ids, size=rng.integers(0, 8), replace=False)
        ]
        recs = engine.recommend(couple, k=k, feedback=feedback, risk_stretch=stretch)
        assert (recs[C.COST] <= couple.budget).all()
        assert (recs[C.RISK] <= couple.risk_comfort + stretch).all()
        blocked = {f.activity_id for f in feedback if f.rating <= 2}
        assert not blocked & set(recs[C.ACTIVITY_ID])
        eligible = eligible_by_limits(catalog, couple, stretch) & ~catalog[C.ACTIVITY_ID].isin(
            blocked
        )
        assert len(recs) == min(k, int(eligible.sum()))


def test_risk_stretch_allows_exactly_one_level_more_and_says_so(engine: Recommender) -> None:
    couple = ana_ben(a_interests=["climbing", "adrenaline"], a_risk_comfort=3, a_budget=300)
    plain = engine.recommend(couple, k=len(engine.catalog))
    assert plain[C.RISK].max() == 3
    stretched = engine.recommend(couple, k=len(engine.catalog), risk_stretch=1)
    assert stretched[C.RISK].max() == 4
    over = stretched[stretched[C.RISK] == 4]
    assert len(over) > 0
    assert over["reason"].str.contains("one step past Ana's comfort zone").all()
    assert not plain["reason"].str.contains("comfort zone,").any()


def test_done_and_disliked_activities_are_never_suggested_again(engine: Recommender) -> None:
    couple = ana_ben()
    top = engine.recommend(couple, k=6)[C.ACTIVITY_ID].tolist()
    history = [
        Feedback(top[0], "a", 5, done=True),
        Feedback(top[0], "b", 4, done=True),
        Feedback(top[1], "a", 2),  # a thumbs-down-ish reaction from one partner is enough
        Feedback(top[2], "b", 1),
        Feedback(top[3], "a", 3),  # a lukewarm reaction is not a veto
    ]
    after = engine.recommend(couple, k=len(engine.catalog), feedback=history)
    ids = set(after[C.ACTIVITY_ID])
    assert not {top[0], top[1], top[2]} & ids
    assert top[3] in ids
    assert top[4] not in set(
        engine.recommend(couple, k=len(engine.catalog), exclude=[top[4]])[C.ACTIVITY_ID]
    )


def test_context_filters_apply_only_when_given(engine: Recommender, catalog) -> None:
    couple = broad_couple()
    everything = engine.recommend(couple, k=len(catalog))
    assert len(everything) == int(eligible_by_limits(catalog, couple).sum())
    assert set(everything[C.SETTING]) == {"indoor", "outdoor", "either"}

    for season in ("winter", date(2025, 1, 15), "Winter"):
        recs = engine.recommend(couple, k=len(catalog), season=season)
        assert recs[C.SEASONS].str.contains("winter|any").all()
        assert len(recs) < len(everything)
    indoor = engine.recommend(couple, k=len(catalog), setting="indoor")
    assert set(indoor[C.SETTING]) <= {"indoor", "either"} and "either" in set(indoor[C.SETTING])
    short = engine.recommend(couple, k=len(catalog), max_hours=2)
    assert (short[C.DURATION_HOURS] <= 2).all() and len(short) < len(everything)
