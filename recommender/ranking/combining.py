"""Step 3, both fairly: two partners' predictions become one joint score.

The two predictions are averaged with weights that lean towards the partner whose
outing ratings have been lower, and a pick one of them is predicted to dislike is
pushed down (average without misery, Masthoff 2004).
"""

from __future__ import annotations

import math

import numpy as np

from recommender.ranking.history import History
from recommender.ranking.params import RankingParams


def lean(history: History, strength: float) -> float:
    """Partner a's share of the joint score: more when a's outing ratings were lower."""
    if history.n_outings == 0 or strength == 0:
        return 0.5
    gap = history.outing_means["b"] - history.outing_means["a"]  # > 0: a enjoyed less
    confidence = history.n_outings / (history.n_outings + 2)
    return 0.5 + strength * math.tanh(gap) * confidence


def soft_min(a: np.ndarray, b: np.ndarray, temperature: float) -> np.ndarray:
    """A smooth minimum of ``a`` and ``b`` (the minimum as temperature -> 0; equal inputs kept)."""
    if temperature <= 0:
        return np.minimum(a, b)
    low = np.minimum(a, b)
    gap = np.abs(a - b)
    # -t log((e^(-a/t) + e^(-b/t)) / 2), written stably around the smaller one.
    return low - temperature * np.log((1 + np.exp(-gap / temperature)) / 2)


def combine(
    enjoy_a: np.ndarray, enjoy_b: np.ndarray, weight_a: float, params: RankingParams
) -> np.ndarray:
    """The joint score: the weighted average raised towards the less happy one, less misery.

    A soft minimum of the two (``softmin_share`` of the score) makes a pick decent for
    both beat one that delights one partner and leaves the other cold, at the same
    average.
    """
    average = weight_a * enjoy_a + (1 - weight_a) * enjoy_b
    # The lean counts in the soft minimum too: the partner who enjoyed less is taken as a
    # little less happy than predicted, so raising them matters more.
    shift = weight_a - 0.5
    low = soft_min(enjoy_a - shift, enjoy_b + shift, params.softmin_temperature)
    joint = (1 - params.softmin_share) * average + params.softmin_share * low
    joint -= params.misery_weight * np.maximum(
        0.0, params.misery_threshold - np.minimum(enjoy_a, enjoy_b)
    )
    return joint
