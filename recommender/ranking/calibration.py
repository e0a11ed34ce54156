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
    0.4429,
    0.4641,
    0.4845,
    0.5056,
    0.527,
    0.5464,
    0.5672,
    0.5879,
    0.6077,
    0.624,
    0.6386,
    0.6524,
    0.6652,
    0.679,
    0.6971,
    0.7165,
    0.7407,
    0.7704,
    0.8028,
    0.8402,
    0.8748,
    0.9123,
    1.0,
)
CHANCE: tuple[float, ...] = (
    0.2564,
    0.2564,
    0.3677,
    0.3677,
    0.3677,
    0.3677,
    0.3677,
    0.3689,
    0.3689,
    0.3946,
    0.4419,
    0.5711,
    0.6034,
    0.6425,
    0.6425,
    0.6425,
    0.6425,
    0.6425,
    0.6425,
    0.6425,
    0.6449,
    0.7695,
    0.8571,
    0.8788,
    0.9832,
)


def enjoy_chance(raw: np.ndarray) -> np.ndarray:
    """The chance (0..1) a partner rates each activity 4 or 5, from their raw prediction."""
    raw = np.asarray(raw, dtype=float)
    # The isotonic table is flat in places; a half-point slope keeps the order of the raw
    # predictions, so a card a partner was predicted to like less never shows the same.
    return np.clip(np.interp(raw, RAW, CHANCE) + 0.01 * (raw - 0.5), 0.0, 1.0)


def chance_sentence(couple: Couple, chance_a: float, chance_b: float) -> str:
    """The card's one line on what its percentages mean, with both partners' chances."""
    return (
        f"Chance each of you rates it 4 or 5 stars: {couple.a.name} {round(chance_a * 100)}%,"
        f" {couple.b.name} {round(chance_b * 100)}%."
    )
