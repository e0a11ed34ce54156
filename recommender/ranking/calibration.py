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
    0.318,
    0.4448,
    0.4636,
    0.4832,
    0.5045,
    0.524,
    0.5434,
    0.5649,
    0.5844,
    0.6038,
    0.6202,
    0.6358,
    0.6494,
    0.6627,
    0.676,
    0.6926,
    0.7108,
    0.7334,
    0.76,
    0.7935,
    0.8343,
    0.873,
    0.914,
    1.0,
)
CHANCE: tuple[float, ...] = (
    0.0,
    0.0,
    0.367,
    0.367,
    0.367,
    0.367,
    0.367,
    0.367,
    0.3821,
    0.3821,
    0.4629,
    0.6006,
    0.6149,
    0.6522,
    0.6522,
    0.6522,
    0.6522,
    0.6522,
    0.6522,
    0.6522,
    0.6522,
    0.7266,
    0.83,
    0.8842,
    1.0,
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
