"""The recommender keeps every promise of issue 3 on the bundled catalog."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest

from recommender import (
    CATEGORIES,
    TAGS,
    Columns,
    Couple,
    Feedback,
    Partner,
    Recommender,
    load_catalog,
    validate_activities,
)
from recommender.catalog.loading import CatalogError
from recommender.ranking.engine import SCORE_A, SCORE_B, RankingParams

C = Columns
ALGORITHM_WORDS = re.compile(
    r"score|algorithm|model|vector|similarit|cosine|tf-?idf|weight|penalt|mmr|rank|kernel|"
    r"regression|embedding|prior|shrink",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog()


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="module")
def engine(catalog: pd.DataFrame, cache_dir) -> Recommender:
    return Recommender(catalog, cache_dir=cache_dir)


def ana_ben(**overrides: object) -> Couple:
    a = {"name": "Ana", "interests": ["cooking", "live music"], "risk_comfort": 2, "budget": 80}
    b = {"name": "Ben", "interests": ["hiking", "climbing"], "risk_comfort": 4, "budget": 150}
    for key, value in overrides.items():
        who, field = key.split("_", 1)
        (a if who == "a" else b)[field] = value
    return Couple(Partner(**a), Partner(**b))


def broad_couple() -> Couple:
    return Couple(
        Partner(
            "Ana", ["cooking", "hiking", "art", "music", "the sea"], risk_comfort=3, budget=250
        ),
        Partner(
            "Ben", ["board games", "wine", "history", "yoga", "jazz"], risk_comfort=3, budget=250
        ),
    )


def eligible_by_limits(catalog: pd.DataFrame, couple: Couple, stretch: int = 0) -> pd.Series:
    return (catalog[C.COST] <= couple.budget) & (catalog[C.RISK] <= couple.risk_comfort + stretch)


def nearest(engine: Recommender, activity_id: str, n: int) -> list[str]:
    """The n activities whose content is closest to ``activity_id`` (itself excluded)."""
    vectors = engine.model.transform(engine.catalog)
    i = engine.catalog.index[engine.catalog[C.ACTIVITY_ID] == activity_id][0]
    sims = (vectors @ vectors[i].T).toarray().ravel()
    sims[i] = -1
    return engine.catalog[C.ACTIVITY_ID].iloc[np.argsort(-sims)[:n]].tolist()


def full_ranking(engine: Recommender, couple: Couple, feedback=(), **kw) -> pd.DataFrame:
    recs = engine.recommend(couple, k=len(engine.catalog), feedback=feedback, **kw)
    return recs.set_index(C.ACTIVITY_ID)


# The public API -------------------------------------------------------------------------------


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


def test_rows_are_min_of_k_and_the_eligible_count(engine: Recommender, catalog) -> None:
    couple = ana_ben(a_budget=0, a_risk_comfort=1)
    n_eligible = int(eligible_by_limits(catalog, couple).sum())
    assert 0 < n_eligible < 60
    assert len(engine.recommend(couple, k=200)) == n_eligible
    assert len(engine.recommend(couple, k=3)) == 3
    empty = engine.recommend(couple, k=0)
    assert empty.empty and "reason" in empty.columns


# Hard limits ----------------------------------------------------------------------------------


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


# Exclusions and novelty -----------------------------------------------------------------------


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


def test_the_latest_rating_counts_by_order_or_by_timestamp(engine: Recommender) -> None:
    couple = ana_ben()
    target = engine.recommend(couple, k=1)[C.ACTIVITY_ID].iloc[0]
    everything = len(engine.catalog)
    changed_mind = [Feedback(target, "a", 1), Feedback(target, "a", 5)]  # oldest first
    assert target in set(
        engine.recommend(couple, k=everything, feedback=changed_mind)[C.ACTIVITY_ID]
    )
    stamped = [
        Feedback(target, "a", 5, at=datetime(2025, 6, 1)),
        Feedback(target, "a", 1, at=datetime(2025, 6, 8)),  # listed first in time order below
    ]
    recs = engine.recommend(couple, k=everything, feedback=stamped[::-1])
    assert target not in set(recs[C.ACTIVITY_ID])


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


# Learning from feedback -----------------------------------------------------------------------


def pick_liked_target(engine: Recommender, couple: Couple) -> str:
    """A mid-ranked activity whose nearest neighbours are mostly eligible too."""
    ranking = full_ranking(engine, couple)
    middle = len(ranking) // 2
    for offset in range(middle):
        for candidate in (ranking.index[middle + offset], ranking.index[middle - offset]):
            if sum(a in ranking.index for a in nearest(engine, candidate, 5)) >= 4:
                return candidate
    raise AssertionError("no mid-ranked activity with eligible neighbours")


def test_thumbs_up_raises_near_neighbours_for_that_partner(engine: Recommender) -> None:
    couple = ana_ben(a_budget=300, a_risk_comfort=4)
    target = pick_liked_target(engine, couple)
    before = full_ranking(engine, couple)
    after = full_ranking(engine, couple, [Feedback(target, "a", 5)])
    close = [a for a in nearest(engine, target, 5) if a in before.index]
    assert len(close) >= 3
    assert (after.loc[close, SCORE_A] > before.loc[close, SCORE_A]).all()
    assert np.allclose(after.loc[close, SCORE_B], before.loc[close, SCORE_B])
    rank_before = before.index.get_indexer(close).mean()
    rank_after = after.index.get_indexer(close).mean()
    assert rank_after < rank_before
    # Near neighbours move more than the eligible activities least like the liked one.
    unlike = [a for a in nearest(engine, target, len(engine.catalog) - 1) if a in before.index]
    moved_close = (after.loc[close, SCORE_A] - before.loc[close, SCORE_A]).mean()
    moved_far = (after.loc[unlike[-5:], SCORE_A] - before.loc[unlike[-5:], SCORE_A]).abs().mean()
    assert moved_close > 2 * moved_far


def test_thumbs_down_lowers_near_neighbours_and_removes_the_activity(engine: Recommender) -> None:
    couple = ana_ben(a_budget=300, a_risk_comfort=4)
    target = pick_liked_target(engine, couple)
    before = full_ranking(engine, couple)
    after = full_ranking(engine, couple, [Feedback(target, "b", 1)])
    assert target not in after.index
    close = [a for a in nearest(engine, target, 5) if a in before.index]
    assert (after.loc[close, SCORE_B] < before.loc[close, SCORE_B]).all()
    assert np.allclose(after.loc[close, SCORE_A], before.loc[close, SCORE_A])
    assert after.index.get_indexer(close).mean() > before.index.get_indexer(close).mean()


def test_one_rating_moves_less_than_many_shrinkage_to_stated_interests(engine: Recommender) -> None:
    couple = ana_ben(a_budget=300, a_risk_comfort=4)
    target = pick_liked_target(engine, couple)
    close = nearest(engine, target, 8)
    probe, liked = close[0], close[1:6]
    before = full_ranking(engine, couple).loc[probe, SCORE_A]
    one = full_ranking(engine, couple, [Feedback(liked[0], "a", 5)]).loc[probe, SCORE_A]
    many = full_ranking(engine, couple, [Feedback(x, "a", 5) for x in liked]).loc[probe, SCORE_A]
    assert before < one < many <= 1.0
    # With no feedback at all, stated interests decide: matching activities come first for Ana.
    plain = full_ranking(engine, ana_ben())
    cooking = plain[plain[C.TAGS].str.contains("cooking")]
    others = plain[~plain[C.TAGS].str.contains("cooking|live-music|music")]
    assert cooking[SCORE_A].mean() > others[SCORE_A].mean() + 0.1


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


# Variety, determinism, surprise ---------------------------------------------------------------


def test_ten_suggestions_span_at_least_four_categories(engine: Recommender) -> None:
    recs = engine.recommend(broad_couple(), k=10)
    assert recs[C.CATEGORY].nunique() >= 4
    focused = Couple(
        Partner("Ana", ["cooking"], risk_comfort=2, budget=200),
        Partner("Ben", ["cooking", "baking"], risk_comfort=2, budget=200),
    )
    assert engine.recommend(focused, k=10)[C.CATEGORY].nunique() >= 3


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


def test_surprise_me_samples_good_picks_repeatably_by_seed(engine: Recommender) -> None:
    couple = broad_couple()
    best = engine.recommend(couple, k=10)
    ranking = full_ranking(engine, couple)
    good = set(ranking.sort_values("score", ascending=False).index[:60])
    lists = [engine.recommend(couple, k=10, explore=True, seed=s) for s in range(6)]
    pd.testing.assert_frame_equal(lists[0], engine.recommend(couple, k=10, explore=True, seed=0))
    as_sets = {frozenset(r[C.ACTIVITY_ID]) for r in lists}
    assert len(as_sets) >= 4, "different seeds should give different surprises"
    assert any(s != frozenset(best[C.ACTIVITY_ID]) for s in as_sets)
    for recs in lists:
        assert set(recs[C.ACTIVITY_ID]) <= good
        assert (recs[C.COST] <= couple.budget).all()
        assert (recs[C.RISK] <= couple.risk_comfort).all()


# Reasons --------------------------------------------------------------------------------------


def test_reasons_name_the_partners_and_the_limits_never_the_machinery(
    engine: Recommender,
) -> None:
    couple = ana_ben()
    liked = engine.recommend(couple, k=3)[C.ACTIVITY_ID].tolist()
    history = [Feedback(liked[0], "a", 5, done=True), Feedback(liked[0], "b", 5, done=True)]
    history += [Feedback(liked[1], "a", 5)]
    for feedback in ((), history):
        recs = engine.recommend(couple, k=10, feedback=feedback)
        for reason in recs["reason"]:
            assert reason.endswith(".")
            assert "Ana" in reason or "Ben" in reason or "both" in reason
            assert "fits both budgets" in reason
            assert not ALGORITHM_WORDS.search(reason), reason
    with_feedback = engine.recommend(couple, k=10, feedback=history)["reason"]
    assert with_feedback.str.contains(r"which (?:you both|Ana) enjoyed\.").any()
    matched = engine.recommend(couple, k=10)["reason"]
    assert matched.str.contains("Ana's love of (?:cooking|live music)").any()
    assert matched.str.contains("Ben's love of (?:hiking|climbing)").any()
    # Tags and categories are said in words, never as the catalog's codes.
    assert not matched.str.contains(r"\b[a-z]+-[a-z]+\b").any(), matched.tolist()


def test_reasons_say_categories_in_words_and_quote_titles(engine: Recommender) -> None:
    couple = Couple(
        Partner("Ana", ["food-drink", "board-games"], risk_comfort=3, budget=200),
        Partner("Ben", ["games-puzzles"], risk_comfort=3, budget=200),
    )
    reasons = " ".join(engine.recommend(couple, k=10)["reason"])
    assert "food and drink" in reasons or "board games" in reasons
    assert "food-drink" not in reasons and "board-games" not in reasons
    liked = [Feedback("pottery-taster", "a", 5), Feedback("pottery-taster", "b", 5)]
    reasons = " ".join(engine.recommend(couple, k=10, feedback=liked)["reason"])
    assert "in the same spirit as \u201cWheel-throwing pottery taster class\u201d" in reasons


def test_free_word_interests_match_text(engine: Recommender, catalog) -> None:
    word = "jazz"
    mentions = catalog[
        catalog[C.DESCRIPTION].str.contains(word, case=False)
        | catalog[C.TITLE].str.contains(word, case=False)
    ]
    assert len(mentions) >= 1
    couple = Couple(
        Partner("Ana", [word], risk_comfort=5, budget=1000),
        Partner("Ben", [], risk_comfort=5, budget=1000),
    )
    recs = engine.recommend(couple, k=5)
    assert recs[C.ACTIVITY_ID].iloc[0] in set(mentions[C.ACTIVITY_ID])
    assert "Ana's love of jazz" in recs["reason"].iloc[0]


# Context filters ------------------------------------------------------------------------------


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


# Ideas ----------------------------------------------------------------------------------------


def idea_record(**overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        C.ACTIVITY_ID: "our-kite-festival",
        C.TITLE: "Fly kites at the harbour kite festival",
        C.DESCRIPTION: "Build two kites from a kit and fly them at the harbour festival.",
        C.CATEGORY: "outdoors",
        C.TAGS: "crafts;nature",
        C.COST: 20,
        C.RISK: 1,
        C.DURATION_HOURS: 3,
        C.SETTING: "outdoor",
        C.ENERGY: 2,
        C.SEASONS: "any",
        C.CONVERSATION_STARTER: "What did you fly as a kid?",
    }
    record.update(overrides)
    return record


def our_idea(**overrides: object) -> pd.DataFrame:
    return validate_activities([idea_record(**overrides)])


def test_own_ideas_are_ranked_alongside_and_take_feedback(engine: Recommender) -> None:
    couple = Couple(
        Partner("Ana", ["kites", "harbour"], risk_comfort=2, budget=100),
        Partner("Ben", ["kite festival"], risk_comfort=2, budget=100),
    )
    ideas = our_idea()
    recs = engine.recommend(couple, k=5, ideas=ideas)
    first = recs.iloc[0]
    assert first[C.ACTIVITY_ID] == "our-kite-festival"
    assert first["source"] == "ours"
    assert first["reason"].startswith("One of your own ideas.")
    assert (recs["source"].iloc[1:] == "catalog").all()
    done = [Feedback("our-kite-festival", "a", 5, done=True)]
    again = engine.recommend(couple, k=5, ideas=ideas, feedback=done)
    assert "our-kite-festival" not in set(again[C.ACTIVITY_ID])
    with pytest.raises(ValueError, match="unknown activity_id 'our-kite-festival'"):
        engine.recommend(couple, k=5, feedback=done)
    pricey = our_idea(cost=500)
    assert "our-kite-festival" not in set(
        engine.recommend(couple, k=50, ideas=pricey)["activity_id"]
    )


def test_ideas_missing_columns_are_refused(engine: Recommender) -> None:
    ideas = our_idea().drop(columns=[C.RISK])
    with pytest.raises(ValueError, match="ideas are missing column\\(s\\): risk"):
        engine.recommend(ana_ben(), ideas=ideas)


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": -1}, r"k must be a whole number, 0 or more \(got -1\)"),
        ({"k": 2.5}, r"k must be a whole number, 0 or more \(got 2.5\)"),
        ({"k": True}, r"k must be a whole number"),
        ({"risk_stretch": 2}, r"risk_stretch must be one of 0, 1 \(got 2\)"),
        ({"risk_stretch": -1}, r"risk_stretch must be one of 0, 1"),
        (
            {"season": "monsoon"},
            r"season must be one of spring, summer, autumn, winter, or a date \(got 'monsoon'\)",
        ),
        ({"setting": "underwater"}, r"setting must be one of indoor, outdoor, or None"),
        ({"setting": "either"}, r"setting must be one of indoor, outdoor, or None for either"),
        ({"max_hours": 0}, r"max_hours must be a number of hours more than 0 \(got 0\)"),
        ({"max_hours": float("nan")}, r"max_hours must be a number of hours more than 0"),
        ({"feedback": [Feedback("no-such-activity", "a", 4)]}, r"unknown activity_id"),
        ({"feedback": ["pottery"]}, r"feedback must be a list of Feedback values"),
        ({"feedback": None}, r"feedback must be a list of Feedback values \(got None\)"),
        (
            {"feedback": Feedback("pottery-taster", "a", 5)},
            r"feedback must be a list of Feedback values, not a single Feedback: put it in a list",
        ),
        (
            {"feedback": [Feedback("pottery-taster", "a", 5, at="yesterday")]},
            r"feedback for 'pottery-taster': at must be a date and time .*\(got 'yesterday'\)",
        ),
        ({"exclude": None}, r"exclude must be a list of activity ids \(got None\)"),
        ({"exclude": 3}, r"exclude must be a list of activity ids \(got 3\)"),
        (
            {"exclude": ["salsa-night", 3]},
            r"exclude must be a list of activity ids \(got 3 in it\)",
        ),
    ],
)
def test_bad_arguments_name_the_field_and_what_is_allowed(
    engine: Recommender, kwargs: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        engine.recommend(ana_ben(), **kwargs)


def test_bad_couple_and_profile_values_are_refused(engine: Recommender) -> None:
    with pytest.raises(ValueError, match="couple must be a Couple"):
        engine.recommend("Ana & Ben")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"risk_comfort must be one of 1, 2, 3, 4, 5 \(got 6\)"):
        Partner("Ana", risk_comfort=6)
    with pytest.raises(ValueError, match="budget must be a number of dollars, 0 or more"):
        Partner("Ana", budget=float("nan"))
    with pytest.raises(ValueError, match="budget must be a number of dollars, 0 or more"):
        Partner("Ana", budget=-5)
    with pytest.raises(ValueError, match=r"rating must be one of 1, 2, 3, 4, 5 \(got 0\)"):
        Feedback("x", "a", 0)
    with pytest.raises(ValueError, match=r"partner must be one of 'a', 'b' \(got 'c'\)"):
        Feedback("x", "c", 3)


def test_unknown_interest_words_are_not_errors(engine: Recommender) -> None:
    couple = Couple(Partner("Ana", ["zzyzx", "qwertyuiop"]), Partner("Ben", []))
    recs = engine.recommend(couple, k=5)
    assert len(recs) == 5
    assert recs["reason"].str.contains("neither of you has tried").all()


def test_catalog_problems_are_reported_at_construction(catalog, tmp_path) -> None:
    with pytest.raises(ValueError, match="catalog is missing column\\(s\\): tags"):
        Recommender(catalog.drop(columns=[C.TAGS]), cache_dir=tmp_path)
    doubled = pd.concat([catalog.head(3), catalog.head(1)], ignore_index=True)
    with pytest.raises(ValueError, match="duplicate activity_id"):
        Recommender(doubled, cache_dir=tmp_path)


def test_the_top_of_the_list_takes_turns_between_the_partners(
    engine: Recommender, catalog, cache_dir
) -> None:
    # Ana's and Ben's interests do not overlap: without taking turns, the top three all
    # suited Ana (her matches scored a little higher), which a couple would notice.
    couple = ana_ben()
    fair = engine.recommend(couple, k=10)
    top = fair.head(3)
    assert (top["score_a"] > top["score_b"]).any() and (top["score_b"] > top["score_a"]).any()
    params = RankingParams(balance_weight=0.0)
    one_sided = Recommender(catalog, cache_dir=cache_dir, params=params).recommend(couple, k=10)
    head = one_sided.head(3)
    assert (head["score_a"] > head["score_b"]).all() or (head["score_b"] > head["score_a"]).all()


def test_adding_an_idea_leaves_the_enjoyment_of_catalog_activities_unchanged(
    engine: Recommender,
) -> None:
    # An idea that matches Ana's interests better than anything in the catalog used to
    # lower every catalog activity's enjoyment for her: her "best match" had moved.
    couple = ana_ben()
    idea = our_idea(
        activity_id="our-cooking-gig",
        title="Cook dinner together to live music",
        description="Cooking a dinner together while a live music band plays: cooking, music.",
        category="food-drink",
        tags="cooking;live-music;music",
    )
    n = len(engine.catalog)
    without = engine.recommend(couple, k=n).set_index(C.ACTIVITY_ID)
    with_idea = engine.recommend(couple, k=n + 1, ideas=idea).set_index(C.ACTIVITY_ID)
    assert with_idea.loc["our-cooking-gig", SCORE_A] >= without[SCORE_A].max()
    shared = with_idea.index.drop("our-cooking-gig")
    assert sorted(shared) == sorted(without.index)
    pd.testing.assert_series_equal(with_idea.loc[without.index, SCORE_A], without[SCORE_A])
    pd.testing.assert_series_equal(with_idea.loc[without.index, SCORE_B], without[SCORE_B])


def _resemblance_reasons(engine: Recommender, feedback_for) -> pd.Series:
    """Reasons naming a liked activity, for the first of the top picks some resemble."""
    couple = ana_ben()
    for liked in engine.recommend(couple, k=5)[C.ACTIVITY_ID]:
        reasons = engine.recommend(couple, k=15, feedback=feedback_for(liked))["reason"]
        spirit = reasons[reasons.str.contains("in the same spirit as")]
        if len(spirit):
            return spirit
    raise AssertionError("no suggestion resembles any of the top five picks")


@pytest.mark.parametrize(
    ("who", "done", "said"),
    [
        (["a"], False, "which Ana liked the look of."),
        (["a", "b"], False, "which you both liked the look of."),
        (["a", "b"], True, "which you both enjoyed."),
        (["b"], True, "which Ben enjoyed."),
    ],
)
def test_reasons_say_enjoyed_only_of_what_they_did(
    engine: Recommender, who: list[str], done: bool, said: str
) -> None:
    spirit = _resemblance_reasons(
        engine, lambda liked: [Feedback(liked, key, 5, done=done) for key in who]
    )
    assert spirit.str.endswith(said).all(), spirit.tolist()
    if not done:
        assert not spirit.str.contains("enjoyed").any()


def test_reasons_tell_a_partner_who_did_it_from_one_who_only_liked_the_look(
    engine: Recommender,
) -> None:
    spirit = _resemblance_reasons(
        engine, lambda liked: [Feedback(liked, "a", 5, done=True), Feedback(liked, "b", 5)]
    )
    assert spirit.str.endswith("which Ana enjoyed and Ben liked the look of.").all()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [idea_record(risk=0)],
            r"ideas has 1 problem:\n  - row 1, column 'risk': is outside the scale;"
            r" allowed: 1, 2, 3, 4, 5 \(value: '0'\)",
        ),
        (
            [idea_record(), idea_record(activity_id="our-other", cost=float("nan"))],
            r"row 2, column 'cost': is not a number.*\(value: 'nan'\)",
        ),
        (
            [idea_record(tags="kites", setting="underwater")],
            r"ideas has 2 problems:\n  - row 1, column 'tags': unknown tag\(s\) 'kites'.*\n"
            r"  - row 1, column 'setting': unknown setting; allowed: indoor, outdoor, either",
        ),
    ],
)
def test_ideas_breaking_the_catalog_rules_are_refused_with_row_and_column(
    engine: Recommender, rows: list[dict], message: str
) -> None:
    with pytest.raises(CatalogError, match=message):
        engine.recommend(ana_ben(), ideas=pd.DataFrame(rows))


def test_equal_ideas_are_prepared_once_and_a_changed_idea_is_picked_up(
    catalog: pd.DataFrame, cache_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = Recommender(catalog, cache_dir=cache_dir)
    transform = fresh.model.transform
    calls: list[list[str]] = []

    def spy(frame: pd.DataFrame):
        calls.append(frame[C.ACTIVITY_ID].tolist())
        return transform(frame)

    monkeypatch.setattr(fresh.model, "transform", spy)
    couple = Couple(
        Partner("Ana", ["kites", "harbour"], risk_comfort=2, budget=100),
        Partner("Ben", ["kite festival"], risk_comfort=2, budget=100),
    )
    first = fresh.recommend(couple, k=5, ideas=our_idea())
    again = fresh.recommend(couple, k=5, ideas=our_idea())  # a new frame, equal content
    assert calls == [["our-kite-festival"]]
    pd.testing.assert_frame_equal(first, again)
    assert first[C.ACTIVITY_ID].iloc[0] == "our-kite-festival"
    pricey = fresh.recommend(couple, k=50, ideas=our_idea(cost=500))
    assert len(calls) == 2
    assert "our-kite-festival" not in set(pricey[C.ACTIVITY_ID])
    assert fresh.recommend(couple, k=5, ideas=our_idea()).equals(first)
    assert len(calls) == 2  # the first ideas are still remembered


def test_feedback_times_with_and_without_a_time_zone_are_ordered_together(
    engine: Recommender,
) -> None:
    couple = ana_ben()
    pick = engine.recommend(couple, k=1)[C.ACTIVITY_ID].iloc[0]
    january = datetime(2024, 1, 1, 12, tzinfo=UTC)
    june = datetime(2024, 6, 1, 12)  # no time zone: taken as UTC, like the app stores it
    # The thumbs down came last: never suggested again.
    later_down = [Feedback(pick, "a", 5, at=january), Feedback(pick, "a", 1, at=june)]
    assert pick not in set(full_ranking(engine, couple, later_down).index)
    # The thumbs up came last (listed first): it stays.
    later_up = [Feedback(pick, "a", 5, at=june), Feedback(pick, "a", 1, at=january)]
    assert pick in set(full_ranking(engine, couple, later_up).index)
