"""How far could any learner go on the simulation? An ideal learner in the engine's place.

The simulated partners' true ratings come from a known recipe (``recommender/evaluation/
couples.py``): tag tastes with five loved and four hated tags, category tastes, a preferred
energy, a liking for thrills, cost, a per-activity quirk, z-scored into 1..5 stars. This
study gives the engine's ranking steps (combining, novelty, re-rank) each partner's
*ideal* Gaussian belief instead of the learner's: the prior mean and covariance of their true
ratings over the catalog, by Monte Carlo from that very recipe given the tags they stated
(400 draws), conditioned on their own feedback (an outing's stars with noise sd 0.5; a thumbs
up as 4.6 stars and a thumbs down as 1.4, noise sd 0.6). It knows the simulation's structure
exactly; only each partner's values are unknown, as for the engine. It ignores the other
partner's feedback (the engine's ``couple_share`` uses it), so it is a close, not a strict,
upper bound. In the own-words variant it is told which tag each phrase stands for.

Usage (from the repository root; about 30 s per 100 couples)::

    .venv/bin/python scripts/ideal_learner.py --seed 101 --couples 60 [--own-words]
        [--relevance-only]

Prints the mean NDCG@10 by round and the misery rate, for the ideal learner and Rocchio
on the same couples. Figures are in docs/ranking.md ("How well it learns").
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from scipy import sparse

import recommender.ranking.engine as engine_module
from recommender.catalog.columns import CATEGORIES, TAGS, Columns
from recommender.catalog.loading import load_catalog, split_list
from recommender.evaluation.baselines import RocchioBaseline, engine_method
from recommender.evaluation.couples import EvaluationSettings, harder, simulate_couples
from recommender.evaluation.simulation import play_couple
from recommender.profiles import Couple
from recommender.ranking.engine import Recommender
from recommender.ranking.history import History
from recommender.ranking.items import Items
from recommender.ranking.learner import Posterior, Rated
from recommender.ranking.params import RankingParams
from recommender.ranking.scoring import InterestLookup

C = Columns
DRAWS = 400
#: Re-rank settings that rank by relevance alone (no novelty, variety floor or turns).
RELEVANCE_ONLY = {"mmr_lambda": 1.0, "novelty_weight": 0.0, "category_cap": 0, "turn_positions": 0}


class IdealBeliefs:
    """Each partner's prior over true ratings, drawn from the simulation's recipe."""

    def __init__(self, catalog: pd.DataFrame, seed: int = 0) -> None:
        index = {t: i for i, t in enumerate(TAGS)}
        rows, cols, vals = [], [], []
        for i, cell in enumerate(catalog[C.TAGS]):
            tags = split_list(cell)
            for t in tags:
                rows.append(i)
                cols.append(index[t])
                vals.append(1 / np.sqrt(len(tags)))
        shape = (len(catalog), len(TAGS))
        self.incidence = sparse.csr_matrix((vals, (rows, cols)), shape=shape).toarray()
        self.index = index
        self.cats = catalog[C.CATEGORY].map({c: i for i, c in enumerate(CATEGORIES)}).to_numpy()
        self.energy = catalog[C.ENERGY].to_numpy(dtype=float)
        self.risk = catalog[C.RISK].to_numpy(dtype=float)
        self.cost = catalog[C.COST].to_numpy(dtype=float)
        self.common = np.flatnonzero((self.incidence > 0).sum(axis=0) >= 3)
        self.rng = np.random.default_rng(seed)

    def prior(self, stated: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Mean and covariance of a partner's true ratings, given the tags they stated."""
        rng, n = self.rng, len(self.cats)
        stated_idx = np.asarray([self.index[t] for t in stated])
        draws = np.empty((DRAWS, n))
        for d in range(DRAWS):
            taste = 0.45 * rng.normal(0, 1, len(TAGS)) + rng.normal(0, 0.8, len(TAGS))
            others = rng.choice(np.setdiff1d(self.common, stated_idx), 5 - len(stated_idx), False)
            loves = np.concatenate([stated_idx, others])
            hates = rng.choice(np.setdiff1d(self.common, loves), 4, replace=False)
            taste[loves] += rng.uniform(1.5, 2.5, len(loves))
            taste[hates] -= rng.uniform(1.5, 2.5, len(hates))
            utility = (
                self.incidence @ taste
                + rng.normal(0, 0.6, len(CATEGORIES))[self.cats]
                - 0.35 * np.abs(self.energy - rng.uniform(1, 5))
                + rng.normal(0, 0.4) * (self.risk - 2)
                - 0.1 * np.log1p(self.cost)
                + rng.normal(0, 0.6, n)
            )
            draws[d] = np.clip(3 + 1.15 * (utility - utility.mean()) / utility.std(), 1, 5)
        return draws.mean(axis=0), np.cov(draws.T)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--couples", type=int, default=60)
    parser.add_argument("--own-words", action="store_true")
    parser.add_argument("--relevance-only", action="store_true")
    args = parser.parse_args()
    settings = EvaluationSettings(n_couples=args.couples, seed=args.seed)
    if args.own_words:
        settings = harder(settings)
    params = RankingParams(**(RELEVANCE_ONLY if args.relevance_only else {}))
    engine = Recommender(load_catalog(), params=params)
    catalog = engine.catalog
    beliefs = IdealBeliefs(catalog)
    current: dict[str, object] = {}
    priors: dict[tuple[int, str], tuple[np.ndarray, np.ndarray]] = {}
    learner = engine_module.predict

    def ideal(
        couple: Couple,
        items: Items,
        history: History,
        lookup: InterestLookup,
        p: RankingParams,
        rated: Rated | None = None,
    ) -> dict[str, Posterior]:
        out = learner(couple, items, history, lookup, p, rated)
        sim, n = current["sim"], int(current["n"])
        for key in ("a", "b"):
            if (n, key) not in priors:
                priors[n, key] = beliefs.prior(sim.stated[key])
            mean, cov = priors[n, key]
            rated_by = history.ratings[key]
            if rated_by:
                idx = np.fromiter(rated_by, dtype=np.int64)
                stars = np.asarray([rated_by[i][0] for i in idx], dtype=float)
                did = np.asarray([i in history.did[key] for i in idx])
                y = np.where(did, stars, np.where(stars >= 4, 4.6, 1.4))
                noise = np.where(did, 0.5, 0.6) ** 2
                gain = np.linalg.solve(cov[np.ix_(idx, idx)] + np.diag(noise), y - mean[idx])
                mean = mean + cov[:, idx] @ gain
            out[key].mean = (mean - 1) / 4
        return out

    engine_module.predict = ideal
    methods = {"ideal learner": engine_method(engine), "rocchio": RocchioBaseline(catalog)}
    for name, suggest in methods.items():
        records = []
        for n, sim in enumerate(simulate_couples(catalog, settings)):
            current.update(sim=sim, n=n)
            records.extend(play_couple(sim, suggest, catalog, settings))
        lists = pd.DataFrame.from_records(records)
        curve = lists.groupby("round")["ndcg"].mean().round(3).tolist()
        print(f"{name}: NDCG@10 by round {curve}, misery {lists['misery'].mean():.3f}")


if __name__ == "__main__":
    main()
