"""Calibrated "% enjoy": fitting the table on the simulation, and the reliability table.

A card's "% enjoy" for a partner is the chance they rate it 4 or 5 (what they would
report after doing it). The engine's raw prediction (0..1) is mapped to that chance by an
isotonic regression fitted offline here, on simulated outcomes of the cards the engine
shows (both simulation variants, every round), and stored as a small table of knots in
:mod:`recommender.ranking.calibration`. The fit uses its own seed, never the
evaluation's; :func:`reliability` checks the stored table on other couples.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression

from recommender.catalog.columns import Columns, RecColumns
from recommender.evaluation.couples import EvaluationSettings, SimulatedCouple, simulate_couples
from recommender.evaluation.simulation import play_couple
from recommender.profiles import PARTNER_KEYS, Feedback
from recommender.ranking.engine import Recommender

C = Columns
#: A partner "enjoys" a card when they would rate it at least this.
ENJOYED = 4
#: Seed of the couples the stored table was fitted on (the evaluation uses 7).
FIT_SEED = 101
_BUCKETS = np.linspace(0.0, 1.0, 11)


def outcomes(engine: Recommender, settings: EvaluationSettings) -> pd.DataFrame:
    """Every card the engine shows over the simulated rounds, with what each partner says.

    Returns
    -------
    pandas.DataFrame
        One row per card and partner: ``predicted`` (the engine's ``score_a`` /
        ``score_b``), ``enjoyed`` (their rating would be >= 4) and ``round``.
    """
    catalog = engine.catalog
    index = {a: i for i, a in enumerate(catalog[C.ACTIVITY_ID])}
    rows: list[dict[str, float]] = []

    def suggest(
        sim: SimulatedCouple, feedback: list[Feedback], allowed: np.ndarray, k: int, rnd: int
    ) -> np.ndarray:
        recs = engine.recommend(sim.couple, k=k, feedback=feedback)
        shown = np.asarray([index[a] for a in recs[C.ACTIVITY_ID]], dtype=int)
        for key, column in zip(PARTNER_KEYS, (RecColumns.SCORE_A, RecColumns.SCORE_B), strict=True):
            said = sim.reported[key][shown]
            for p, s in zip(recs[column].to_numpy(dtype=float), said, strict=True):
                rows.append({"predicted": p, "enjoyed": float(s >= ENJOYED), "round": rnd})
        return shown

    for sim in simulate_couples(catalog, settings):
        play_couple(sim, suggest, catalog, settings)
    return pd.DataFrame.from_records(rows, columns=["predicted", "enjoyed", "round"])


def fit_table(frame: pd.DataFrame, knots: int = 24) -> tuple[list[float], list[float]]:
    """An isotonic map from raw prediction to the chance of enjoying, in ``knots`` points."""
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(frame["predicted"], frame["enjoyed"])
    grid = np.quantile(frame["predicted"], np.linspace(0, 1, knots))
    grid = np.unique(np.round(np.concatenate([[0.0], grid, [1.0]]), 4))
    chance = np.maximum.accumulate(iso.predict(grid))
    return [float(x) for x in grid], [round(float(y), 4) for y in chance]


def fit_from_simulation(engine: Recommender, n_couples: int = 60) -> tuple[list, list]:
    """Fit the table on ``engine`` (built with ``RankingParams(calibrate=False)``).

    Both variants (two tags by name; one in everyday words), every round, seed
    :data:`FIT_SEED`.
    """
    base = EvaluationSettings(n_couples=n_couples, seed=FIT_SEED)
    harder = replace(base, stated=1, wording="own words")
    frame = pd.concat([outcomes(engine, base), outcomes(engine, harder)], ignore_index=True)
    return fit_table(frame)


def reliability(frame: pd.DataFrame) -> pd.DataFrame:
    """Predicted "% enjoy" in 10-point buckets against the simulated share enjoyed.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`outcomes` (an engine with calibration on).

    Returns
    -------
    pandas.DataFrame
        ``bucket`` (e.g. "30-40%"), ``cards``, ``predicted`` (mean) and ``enjoyed``
        (share), for buckets holding any card.
    """
    code = np.clip(np.digitize(frame["predicted"], _BUCKETS) - 1, 0, len(_BUCKETS) - 2)
    grouped = frame.assign(code=code).groupby("code")
    table = grouped.agg(
        cards=("enjoyed", "size"), predicted=("predicted", "mean"), enjoyed=("enjoyed", "mean")
    ).reset_index()
    table["bucket"] = [
        f"{int(_BUCKETS[c] * 100)}-{int(_BUCKETS[c + 1] * 100)}%" for c in table["code"]
    ]
    return table[["bucket", "cards", "predicted", "enjoyed"]]


def calibration_error(table: pd.DataFrame) -> float:
    """Expected calibration error: the card-weighted gap between predicted and enjoyed."""
    weights = table["cards"] / table["cards"].sum()
    return float((weights * (table["predicted"] - table["enjoyed"]).abs()).sum())


if __name__ == "__main__":  # refit the stored table: python -m recommender.evaluation.calibration
    from recommender.catalog.loading import load_catalog
    from recommender.ranking.params import RankingParams

    raw_engine = Recommender(load_catalog(), params=RankingParams(calibrate=False))
    knots, chances = fit_from_simulation(raw_engine)
    print(f"RAW: tuple[float, ...] = {tuple(knots)}")
    print(f"CHANCE: tuple[float, ...] = {tuple(chances)}")
