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
    0.3565,
    0.4527,
    0.4825,
    0.5161,
    0.5441,
    0.5739,
    0.6007,
    0.6241,
    0.6441,
    0.6626,
    0.6822,
    0.6998,
    0.7186,
    0.7377,
    0.7572,
    0.7777,
    0.7976,
    0.8195,
    0.8452,
    0.8727,
    0.9001,
    0.9295,
    0.9623,
    1.0,
)
CHANCE: tuple[float, ...] = (
    0.0,
    0.0,
    0.3712,
    0.3712,
    0.3818,
    0.3818,
    0.4172,
    0.4207,
    0.4753,
    0.517,
    0.517,
    0.5427,
    0.5607,
    0.5855,
    0.5878,
    0.6308,
    0.6463,
    0.6498,
    0.6938,
    0.7101,
    0.7508,
    0.8072,
    0.8734,
    0.9193,
    0.9193,
)


#: Least and most a card shows: the table's lowest step is 0% only because the simulation
#: had few cards there (18 of 12,000 cards would have read "Ana 0%"), and an estimate from
#: a simulation is never a certainty either way.
SHOWN_RANGE: tuple[float, float] = (0.05, 0.95)


def enjoy_chance(raw: np.ndarray) -> np.ndarray:
    """The chance (0..1) a partner rates each activity 4 or 5, from their raw prediction.

    Kept within :data:`SHOWN_RANGE`.
    """
    raw = np.asarray(raw, dtype=float)
    # The isotonic table is flat in places; a half-point slope keeps the order of the raw
    # predictions, so a card a partner was predicted to like less never shows the same.
    return np.clip(np.interp(raw, RAW, CHANCE) + 0.01 * (raw - 0.5), *SHOWN_RANGE)


def chance_sentence(couple: Couple, chance_a: float, chance_b: float) -> str:
    """The card's one line on what its percentages mean, with both partners' chances."""
    return (
        f"Chance each of you rates it 4 or 5 stars: {couple.a.name} {round(chance_a * 100)}%,"
        f" {couple.b.name} {round(chance_b * 100)}%."
    )
