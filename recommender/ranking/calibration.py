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
    0.4464,
    0.4669,
    0.4855,
    0.507,
    0.5277,
    0.547,
    0.5683,
    0.5887,
    0.6074,
    0.6241,
    0.6394,
    0.6524,
    0.6649,
    0.6789,
    0.6957,
    0.7134,
    0.7362,
    0.762,
    0.798,
    0.8371,
    0.8745,
    0.9143,
    1.0,
)
CHANCE: tuple[float, ...] = (
    0.0,
    0.0,
    0.368,
    0.368,
    0.368,
    0.368,
    0.368,
    0.378,
    0.3874,
    0.4024,
    0.4237,
    0.5873,
    0.5982,
    0.6414,
    0.6414,
    0.6414,
    0.6414,
    0.6414,
    0.6414,
    0.6414,
    0.6414,
    0.7759,
    0.8362,
    0.8703,
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
