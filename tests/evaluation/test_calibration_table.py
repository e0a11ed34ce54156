"""The "% enjoy" a card shows matches how often simulated partners enjoy such cards."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from recommender import Recommender, load_catalog
from recommender.evaluation.calibration import (
    FIT_SEED,
    calibration_error,
    fit_table,
    outcomes,
    reliability,
)
from recommender.evaluation.couples import EvaluationSettings
from recommender.ranking.params import RankingParams

# Couples the stored table was not fitted on (it used FIT_SEED).
SETTINGS = EvaluationSettings(n_couples=12, seed=29)


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Recommender:
    return Recommender(load_catalog(), cache_dir=tmp_path_factory.mktemp("cache"))


def test_predicted_chances_match_simulated_enjoyment_on_new_couples(engine) -> None:
    assert SETTINGS.seed != FIT_SEED
    frame = pd.concat(
        [
            outcomes(engine, SETTINGS),
            outcomes(engine, replace(SETTINGS, stated=1, wording="own words")),
        ]
    )
    table = reliability(frame)
    assert table["cards"].sum() == len(frame) >= 1000
    assert calibration_error(table) <= 0.06, table
    big = table[table["cards"] >= 100]
    assert len(big) >= 4
    assert ((big["predicted"] - big["enjoyed"]).abs() <= 0.12).all(), table


def test_raw_predictions_are_not_calibrated_which_the_table_fixes(engine, tmp_path) -> None:
    raw_engine = Recommender(
        engine.catalog, cache_dir=tmp_path, params=RankingParams(calibrate=False)
    )
    raw = outcomes(raw_engine, replace(SETTINGS, n_couples=6))
    knots, chances = fit_table(raw)
    assert knots == sorted(knots) and chances == sorted(chances)
    refit = raw.assign(
        predicted=pd.Series(raw["predicted"]).pipe(
            lambda s: s.map(lambda v: float(__import__("numpy").interp(v, knots, chances)))
        )
    )
    # The raw figure is no chance; mapped through an isotonic fit it is (here in-sample).
    assert calibration_error(reliability(refit)) < 0.5 * calibration_error(reliability(raw))
