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


def combine(
    enjoy_a: np.ndarray, enjoy_b: np.ndarray, weight_a: float, params: RankingParams
) -> np.ndarray:
    """The joint score: the weighted average, less the shortfall of the less happy one."""
    joint = weight_a * enjoy_a + (1 - weight_a) * enjoy_b
    joint -= params.misery_weight * np.maximum(
        0.0, params.misery_threshold - np.minimum(enjoy_a, enjoy_b)
    )
    return joint
