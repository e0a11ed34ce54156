"""Offline evaluation: simulated couples use the recommender for a few weekends.

Every method gets the same couples (:mod:`~recommender.evaluation.couples`) and the
same information: the stated profile, the hard limits and the feedback produced so
far. Each round:

1. the method suggests ``k`` activities;
2. each partner reacts to the suggestions they feel strongest about (a thumbs
   up for a 4-5, a thumbs down for a 1-2);
3. the couple does the suggestion they like best among the first three and
   both rate it (``done=True``).

A partner's reaction to an activity is fixed per couple (true rating plus
noise, drawn once), so two methods showing the same activity hear the same
answer. The measures are in :mod:`~recommender.evaluation.metrics`, the baselines
in :mod:`~recommender.evaluation.baselines`; their names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from recommender.catalog.columns import Columns
from recommender.evaluation.baselines import (
    RocchioBaseline,
    Suggest,
    engine_method,
    random_baseline,
)
from recommender.evaluation.couples import EvaluationSettings, SimulatedCouple, simulate_couples
from recommender.evaluation.metrics import METHODS, MISERY_RATING, EvaluationResult, ndcg_at_k
from recommender.profiles import PARTNER_KEYS, Feedback
from recommender.ranking.engine import Recommender

__all__ = [
    "METHODS",
    "MISERY_RATING",
    "EvaluationResult",
    "EvaluationSettings",
    "RocchioBaseline",
    "SimulatedCouple",
    "Suggest",
    "engine_method",
    "ndcg_at_k",
    "play_couple",
    "random_baseline",
    "run_evaluation",
    "simulate_couples",
]

C = Columns
#: The settings the targets are judged on.
DEFAULT_SETTINGS = EvaluationSettings()


def _blocked(feedback: Sequence[Feedback], index: dict[str, int]) -> np.ndarray:
    out = [index[f.activity_id] for f in feedback if f.done or f.rating <= 2]
    return np.asarray(sorted(set(out)), dtype=int)


def play_couple(
    sim: SimulatedCouple,
    suggest: Suggest,
    catalog: pd.DataFrame,
    settings: EvaluationSettings,
) -> list[dict[str, float]]:
    """Play the rounds for one couple with one method.

    Returns
    -------
    list of dict
        Per round: ``round``, ``ndcg``, ``misery``, ``categories``, ``violations`` and
        ``imbalance``: how far the top three lean towards one partner, as the gap between
        their mean true ratings (0 = even-handed, 4 = all for one of them).
    """
    ids = catalog[C.ACTIVITY_ID].to_numpy()
    index = {a: i for i, a in enumerate(ids)}
    cost = catalog[C.COST].to_numpy()
    risk = catalog[C.RISK].to_numpy()
    cats = catalog[C.CATEGORY].to_numpy()
    gains = 2 ** (sim.joint - 1) - 1
    miserable = np.minimum(sim.true_rating["a"], sim.true_rating["b"]) <= MISERY_RATING
    feedback: list[Feedback] = []
    done: set[int] = set()
    reacted: dict[str, set[int]] = {"a": set(), "b": set()}
    out = []
    for rnd in range(settings.n_rounds + 1):
        allowed = sim.eligible.copy()
        allowed[_blocked(feedback, index)] = False
        allowed_idx = np.flatnonzero(allowed)
        shown = np.asarray(suggest(sim, feedback, allowed_idx, settings.k, rnd), dtype=int)
        not_done = sim.eligible.copy()
        not_done[list(done)] = False
        out.append(
            {
                "round": rnd,
                "ndcg": ndcg_at_k(gains[shown], gains[not_done], settings.k),
                "misery": float(miserable[shown].mean()) if len(shown) else 0.0,
                "categories": len(set(cats[shown])),
                "imbalance": float(
                    abs(np.mean(sim.true_rating["a"][top3] - sim.true_rating["b"][top3]))
                )
                if len(top3 := shown[:3])
                else 0.0,
                "violations": int(
                    np.sum(
                        (cost[shown] > sim.couple.budget) | (risk[shown] > sim.couple.risk_comfort)
                    )
                ),
            }
        )
        if rnd == settings.n_rounds or len(shown) == 0:
            continue
        # React: each partner thumbs the suggestions they feel strongest about.
        # A thumb once given stays given, so only suggestions new to them get one.
        vetoed: set[int] = set()
        for key in PARTNER_KEYS:
            fresh = np.asarray([i for i in shown if i not in reacted[key]], dtype=int)
            said = sim.reported[key][fresh]
            strength = np.abs(said - 3) + 1e-3 * np.arange(len(fresh))[::-1]
            for pos in np.argsort(-strength)[: settings.reactions]:
                item = int(fresh[pos])
                if said[pos] >= 4:
                    feedback.append(Feedback(ids[item], key, 5))
                elif said[pos] <= 2:
                    feedback.append(Feedback(ids[item], key, 1))
                    vetoed.add(item)
                else:
                    continue
                reacted[key].add(item)
        # Do the favourite of the first three not turned down, and both rate it.
        options = [i for i in shown[:3] if i not in vetoed] or [int(shown[0])]
        pick = max(options, key=lambda i: sim.reported["a"][i] + sim.reported["b"][i])
        for key in PARTNER_KEYS:
            feedback.append(Feedback(ids[pick], key, int(sim.reported[key][pick]), done=True))
        done.add(int(pick))
    return out


def run_evaluation(
    catalog: pd.DataFrame | None = None,
    settings: EvaluationSettings = DEFAULT_SETTINGS,
    *,
    engine: Recommender | None = None,
    cache_dir: str | Path | None = None,
) -> EvaluationResult:
    """Run every method on the same simulated couples.

    Parameters
    ----------
    catalog : pandas.DataFrame, optional
        Defaults to the engine's catalog, or the bundled one.
    settings : EvaluationSettings
    engine : Recommender, optional
        The engine to evaluate; built on ``catalog`` when not given.
    cache_dir : str or Path, optional
        The engine's model cache folder when it is built here.

    Returns
    -------
    EvaluationResult
    """
    if engine is None:
        if catalog is None:
            from recommender.catalog.loading import load_catalog

            catalog = load_catalog()
        engine = Recommender(catalog, cache_dir=cache_dir)
    catalog = engine.catalog
    couples = simulate_couples(catalog, settings)
    methods: dict[str, Suggest] = {
        "engine": engine_method(engine),
        "rocchio": RocchioBaseline(catalog),
        "random": random_baseline(settings.seed),
    }
    records = []
    for method, suggest in methods.items():
        for n, sim in enumerate(couples):
            for row in play_couple(sim, suggest, catalog, settings):
                records.append({"method": method, "couple": n, **row})
    return EvaluationResult(settings, pd.DataFrame.from_records(records))
