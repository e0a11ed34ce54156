"""The "% enjoy" on a card: the engine's prediction mapped to a chance of enjoying.

A partner's raw prediction (0..1, what the ranking uses) is mapped to the chance they
would rate the activity 4 or 5 by an isotonic table fitted offline on simulated couples
(:mod:`recommender.evaluation.calibration`, ``fit_from_simulation``; its own seed, not the
evaluation's). Refit it when the ranking's parameters change:
``python -m recommender.evaluation.calibration`` prints a new table.
"""

from __future__ import annotations

import numpy as np

from recommender.profiles import Couple

#: Raw prediction (knots) -> chance of a rating of 4 or 5, non-decreasing.
RAW: tuple[float, ...] = (
    0.0,
    0.2718,
    0.444,
    0.4651,
    0.4879,
    0.514,
    0.5385,
    0.5637,
    0.5859,
    0.6086,
    0.6312,
    0.6519,
    0.674,
    0.697,
    0.7197,
    0.7429,
    0.764,
    0.785,
    0.8044,
    0.8246,
    0.8475,
    0.8685,
    0.8932,
    0.9237,
    1.0,
)
CHANCE: tuple[float, ...] = (
    0.0,
    0.0,
    0.3674,
    0.3674,
    0.3674,
    0.3674,
    0.3674,
    0.3925,
    0.3925,
    0.4308,
    0.4464,
    0.4809,
    0.4809,
    0.5012,
    0.5012,
    0.5866,
    0.6696,
    0.7283,
    0.7803,
    0.8093,
    0.8571,
    0.8841,
    0.8906,
    0.9193,
    0.9545,
)


def enjoy_chance(raw: np.ndarray) -> np.ndarray:
    """The chance (0..1) a partner rates each activity 4 or 5, from their raw prediction."""
    return np.interp(np.asarray(raw, dtype=float), RAW, CHANCE)


def chance_sentence(couple: Couple, chance_a: float, chance_b: float) -> str:
    """The card's one line on what its percentages mean, with both partners' chances."""
    return (
        f"Chance each of you rates it 4 or 5 stars: {couple.a.name} {round(chance_a * 100)}%,"
        f" {couple.b.name} {round(chance_b * 100)}%."
    )
