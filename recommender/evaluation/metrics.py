"""What a shown list is measured by, and the headline figures and targets of a run.

Lists are scored against the couple's true joint enjoyment (the mean of both true
ratings) with NDCG@k (gain ``2**(joint - 1) - 1``, ideal = the best ``k`` activities
within the limits they have not done yet), the misery rate (share of suggestions one
partner truly rates 2 or lower), categories per list, limit violations and how far
the top three lean towards one partner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recommender.evaluation.couples import EvaluationSettings

METHODS = ("engine", "rocchio", "random")
#: True rating at or below which a partner is "miserable" with a suggestion.
MISERY_RATING = 2.0


def ndcg_at_k(gains_shown: np.ndarray, gains_available: np.ndarray, k: int) -> float:
    """NDCG@k of a list, with the ideal list drawn from ``gains_available``."""
    discounts = 1 / np.log2(np.arange(2, k + 2))
    dcg = float(np.sum(gains_shown[:k] * discounts[: len(gains_shown[:k])]))
    ideal = np.sort(gains_available)[::-1][:k]
    idcg = float(np.sum(ideal * discounts[: len(ideal)]))
    return dcg / idcg if idcg > 0 else 0.0


@dataclass
class EvaluationResult:
    """Per-list measurements and the settings they came from."""

    settings: EvaluationSettings
    lists: pd.DataFrame = field(repr=False)  # method, couple, round, ndcg, misery, ...

    def summary(self) -> pd.DataFrame:
        """Mean of each measure per method and round."""
        cols = ["ndcg", "misery", "categories", "violations", "imbalance"]
        return self.lists.groupby(["method", "round"])[cols].mean().reset_index()

    def curve(self, measure: str = "ndcg") -> pd.DataFrame:
        """One column per method, one row per round: the learning curve."""
        return self.summary().pivot(index="round", columns="method", values=measure)[list(METHODS)]

    def figures(self) -> dict[str, float]:
        """The headline figures the targets are judged on."""
        ndcg = self.curve("ndcg")
        misery = self.lists.groupby("method")["misery"].mean()
        last = self.settings.n_rounds
        return {
            "engine_ndcg_round0": float(ndcg.loc[0, "engine"]),
            "engine_ndcg_last": float(ndcg.loc[last, "engine"]),
            "rocchio_ndcg_last": float(ndcg.loc[last, "rocchio"]),
            "random_ndcg_last": float(ndcg.loc[last, "random"]),
            "engine_gain_over_round0": float(ndcg.loc[last, "engine"] / ndcg.loc[0, "engine"]),
            "engine_over_rocchio_last": float(ndcg.loc[last, "engine"] / ndcg.loc[last, "rocchio"]),
            "engine_misery": float(misery["engine"]),
            "rocchio_misery": float(misery["rocchio"]),
            "random_misery": float(misery["random"]),
            "violations": float(self.lists["violations"].sum()),
        }

    def targets(self) -> dict[str, bool]:
        """Issue 3's targets: each True when met."""
        f = self.figures()
        return {
            "zero violations": f["violations"] == 0,
            "NDCG@10 after the last round >= 1.15x round 0": f["engine_gain_over_round0"] >= 1.15,
            "NDCG@10 after the last round >= 1.10x Rocchio": f["engine_over_rocchio_last"] >= 1.10,
            "misery rate below Rocchio's": f["engine_misery"] < f["rocchio_misery"],
        }

    def issue11_targets(self) -> dict[str, bool]:
        """Issue 11's stricter targets (judged on both simulation variants): each True when met."""
        f = self.figures()
        return {
            "zero violations": f["violations"] == 0,
            "NDCG@10 after the last round >= 1.35x round 0": f["engine_gain_over_round0"] >= 1.35,
            "NDCG@10 after the last round >= 1.3x Rocchio": f["engine_over_rocchio_last"] >= 1.3,
            "misery rate <= 0.5x Rocchio's": f["engine_misery"] <= 0.5 * f["rocchio_misery"],
        }
