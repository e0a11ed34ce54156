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
    0.3478,
    0.4419,
    0.4624,
    0.4823,
    0.5032,
    0.5238,
    0.5433,
    0.5632,
    0.5831,
    0.6029,
    0.6205,
    0.6365,
    0.6502,
    0.6636,
    0.6759,
    0.6931,
    0.713,
    0.7364,
    0.7662,
    0.8,
    0.8371,
    0.8748,
    0.9133,
    1.0,
)
CHANCE: tuple[float, ...] = (
    0.25,
    0.25,
    0.3646,
    0.3646,
    0.3646,
    0.3646,
    0.3646,
    0.3646,
    0.3655,
    0.3655,
    0.4437,
    0.5535,
    0.6,
    0.6489,
    0.6489,
    0.6489,
    0.6489,
    0.6489,
    0.6489,
    0.6489,
    0.6489,
    0.7518,
    0.8534,
    0.885,
    0.9625,
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
