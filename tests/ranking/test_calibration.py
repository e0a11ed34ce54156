"""Each partner's "% enjoy" is a calibrated chance, said in one line on the card."""

from __future__ import annotations

import numpy as np
from ranking_helpers import ana_ben

from recommender import Recommender
from recommender.ranking import calibration
from recommender.ranking.engine import SCORE_A, SCORE_B, RankingParams


def test_the_stored_table_is_a_non_decreasing_map_onto_chances() -> None:
    raw, chance = np.asarray(calibration.RAW), np.asarray(calibration.CHANCE)
    assert len(raw) == len(chance) >= 5 and raw[0] == 0.0 and raw[-1] == 1.0
    assert (np.diff(raw) > 0).all() and (np.diff(chance) >= 0).all()
    assert ((chance >= 0) & (chance <= 1)).all()
    assert calibration.enjoy_chance(np.array([0.95]))[0] > calibration.enjoy_chance([0.5])[0]


def test_no_card_reads_as_a_certainty_either_way() -> None:
    # The table's lowest step is 0% (few simulated cards there): a card saying "Ana 0%"
    # would claim what a simulation cannot know.
    shown = calibration.enjoy_chance(np.array([0.0, 0.2, 0.3, 1.0]))
    assert (shown >= 0.05).all() and (shown <= 0.95).all()
    assert calibration.chance_sentence(ana_ben(), *shown[:2]).endswith("Ana 5%, Ben 5%.")


def test_every_card_shows_each_partners_own_chance_and_says_what_it_means(
    engine: Recommender, catalog, cache_dir
) -> None:
    couple = ana_ben()
    recs = engine.recommend(couple, k=10)
    raw = Recommender(catalog, cache_dir=cache_dir, params=RankingParams(calibrate=False))
    plain = raw.recommend(couple, k=10)
    assert list(plain["activity_id"]) == list(recs["activity_id"])  # same ranking
    expected = calibration.enjoy_chance(plain[SCORE_A].to_numpy())
    np.testing.assert_allclose(recs[SCORE_A], expected, atol=1e-3)
    # Not one flat figure for the partner a card does not match.
    assert recs[SCORE_A].nunique() >= 4 and recs[SCORE_B].nunique() >= 4
    for _, row in recs.iterrows():
        line = (
            f"Chance each of you rates it 4 or 5 stars: Ana {round(row[SCORE_A] * 100)}%,"
            f" Ben {round(row[SCORE_B] * 100)}%."
        )
        assert line in row["reason"]
