"""Step 2: each partner's predicted enjoyment follows their interests and ratings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from ranking_helpers import (
    ana_ben,
    full_ranking,
    nearest,
    our_idea,
    pick_liked_target,
)

from recommender import (
    Columns,
    Couple,
    Feedback,
    Partner,
    Recommender,
)
from recommender.ranking.engine import SCORE_A, SCORE_B, RankingParams

C = Columns


@pytest.fixture(scope="module")
def raw(catalog, cache_dir) -> Recommender:
    """The engine showing raw predictions (no calibration table in between)."""
    return Recommender(catalog, cache_dir=cache_dir, params=RankingParams(calibrate=False))


def test_thumbs_up_raises_near_neighbours_for_that_partner(
    engine: Recommender, raw: Recommender
) -> None:
    couple = ana_ben(a_budget=300, a_risk_comfort=4)
    target = pick_liked_target(engine, couple)
    before = full_ranking(engine, couple)
    after = full_ranking(engine, couple, [Feedback(target, "a", 5)])
    close = [a for a in nearest(engine, target, 5) if a in before.index]
    assert len(close) >= 3
    assert (after.loc[close, SCORE_A] > before.loc[close, SCORE_A]).all()
    # Ben's taste is only partly like Ana's: her thumbs moves his predictions the same way,
    # by the share of taste a couple has in common, and no further.
    share = engine.params.couple_share
    then, now = full_ranking(raw, couple), full_ranking(raw, couple, [Feedback(target, "a", 5)])
    moved_a = now.loc[close, SCORE_A] - then.loc[close, SCORE_A]
    moved_b = now.loc[close, SCORE_B] - then.loc[close, SCORE_B]
    assert 0 < share < 1
    assert np.allclose(moved_b, share * moved_a, atol=2e-4)  # shown to 4 places
    rank_before = before.index.get_indexer(close).mean()
    rank_after = after.index.get_indexer(close).mean()
    assert rank_after < rank_before
    # Near neighbours move more than the eligible activities least like the liked one.
    unlike = [a for a in nearest(engine, target, len(engine.catalog) - 1) if a in before.index]
    moved_close = (after.loc[close, SCORE_A] - before.loc[close, SCORE_A]).mean()
    moved_far = (after.loc[unlike[-5:], SCORE_A] - before.loc[unlike[-5:], SCORE_A]).abs().mean()
    assert moved_close > 2 * moved_far


def test_thumbs_down_lowers_near_neighbours_and_removes_the_activity(
    engine: Recommender, raw: Recommender
) -> None:
    couple = ana_ben(a_budget=300, a_risk_comfort=4)
    target = pick_liked_target(engine, couple)
    before = full_ranking(engine, couple)
    after = full_ranking(engine, couple, [Feedback(target, "b", 1)])
    assert target not in after.index
    close = [a for a in nearest(engine, target, 5) if a in before.index]
    assert (after.loc[close, SCORE_B] < before.loc[close, SCORE_B]).all()
    share = engine.params.couple_share
    then, now = full_ranking(raw, couple), full_ranking(raw, couple, [Feedback(target, "b", 1)])
    moved_a = now.loc[close, SCORE_A] - then.loc[close, SCORE_A]
    moved_b = now.loc[close, SCORE_B] - then.loc[close, SCORE_B]
    assert np.allclose(moved_a, share * moved_b, atol=2e-4)  # shown to 4 places
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


def test_unknown_interest_words_are_not_errors(engine: Recommender) -> None:
    couple = Couple(Partner("Ana", ["zzyzx", "qwertyuiop"]), Partner("Ben", []))
    recs = engine.recommend(couple, k=5)
    assert len(recs) == 5
    assert recs["reason"].str.contains("neither of you has tried").all()


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


def test_what_matches_nothing_is_graded_by_meaning_and_broad_appeal(engine, catalog) -> None:
    from recommender.ranking.scoring import stated_prior

    items = engine._items
    hiking = Partner("Tom", ["hiking"], risk_comfort=5, budget=1000)
    prior = stated_prior(hiking, items, engine._lookup, engine.params)
    tagged = catalog[C.TAGS].str.contains("hiking").to_numpy()
    # Not hit-or-nothing: untagged activities spread out, by meaning and appeal.
    untagged = prior[~tagged]
    assert len(np.unique(np.round(untagged, 3))) > 50
    assert prior[tagged].mean() > untagged.max() - 0.1
    # Among what matches nothing, a gentle cheap outing is preferred to a gruelling dear one.
    nobody = Partner("Ana", [], risk_comfort=5, budget=1000)
    flat = stated_prior(nobody, items, engine._lookup, engine.params)
    gentle = (catalog[C.ENERGY] == 2) & (catalog[C.COST] <= 20)
    gruelling = (catalog[C.ENERGY] == 5) | (catalog[C.COST] >= 500)
    assert flat[gentle.to_numpy()].mean() > flat[gruelling.to_numpy()].mean()


def test_ratings_teach_numeric_preferences(engine, catalog, cache_dir) -> None:
    # Six 1-star outings, all high energy: unseen high-energy activities fall below the
    # gentle ones, more than the words and tags alone would carry it.
    couple = Couple(
        Partner("Ana", ["hiking", "sports"], risk_comfort=5, budget=1000),
        Partner("Ben", ["hiking", "sports"], risk_comfort=5, budget=1000),
    )
    energetic = catalog[catalog[C.ENERGY] >= 4][C.ACTIVITY_ID].tolist()
    feedback = [Feedback(a, "a", 1, done=True) for a in energetic[:6]]
    gentle = catalog[catalog[C.ENERGY] <= 2][C.ACTIVITY_ID].tolist()

    def gap(recommender: Recommender) -> float:
        before = full_ranking(recommender, couple)
        after = full_ranking(recommender, couple, feedback)
        high = [a for a in energetic[6:] if a in after.index]
        low = [a for a in gentle if a in after.index]
        drop_high = (before.loc[high, SCORE_A] - after.loc[high, SCORE_A]).mean()
        drop_low = (before.loc[low, SCORE_A] - after.loc[low, SCORE_A]).mean()
        return drop_high - drop_low

    words_only = Recommender(catalog, cache_dir=cache_dir, params=RankingParams(numbers_kernel=0.0))
    assert gap(engine) > 0.03
    assert gap(engine) > gap(words_only) + 0.01


def test_placing_a_new_couples_phrases_together_gives_what_one_by_one_gives(
    engine: Recommender,
) -> None:
    # A new couple's phrases are placed by meaning in one pass over the catalog (speed);
    # the placement, and so the list, must be exactly what placing each alone gives.
    from recommender.ranking.scoring import InterestLookup

    phrases = ["the sea", "gigs and bands", "farmers' stalls", "xyzzyq"]
    alone = InterestLookup(engine._lookup.model, engine._lookup.catalog)
    together = InterestLookup(engine._lookup.model, engine._lookup.catalog)
    together.prepare(phrases)
    for phrase in phrases:
        one, both = alone.meaning(phrase), together.meaning(phrase)
        if one is None:
            assert both is None, phrase
            continue
        assert np.allclose(one.catalog, both.catalog, atol=1e-6), phrase
        assert (one.low, one.high) == pytest.approx((both.low, both.high), abs=1e-6)


def test_a_stricter_floor_for_own_phrases_narrows_them_and_leaves_named_tags(
    engine, catalog, cache_dir
) -> None:
    # "the sea" is matched by meaning, graded from the catalog's median: half the catalog
    # counts as partly about the sea. With phrase_floor 0.8 only its closer fifth does,
    # the closest rows keep their match, and a named tag ("hiking") is not touched.
    from recommender.ranking.scoring import interest_match

    strict = Recommender(catalog, cache_dir=cache_dir, params=RankingParams(phrase_floor=0.8))

    def match(recommender: Recommender, interests: list[str]) -> np.ndarray:
        partner = Partner("Lena", interests, risk_comfort=5, budget=1000)
        return interest_match(partner, recommender._items, recommender._lookup, recommender.params)

    sea, sea_strict = match(engine, ["the sea"]), match(strict, ["the sea"])
    assert (sea > 0).mean() > 0.45
    assert (sea_strict > 0).mean() < 0.25
    closest = np.argsort(-sea)[:5]
    assert np.all(sea_strict[closest] > 0.7)
    # (the same up to float order: a phrase placed with others is one matrix product)
    assert np.allclose(match(engine, ["hiking"]), match(strict, ["hiking"]), atol=1e-6)
