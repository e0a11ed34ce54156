"""Offline evaluation: simulated couples use the recommender for a few weekends.

Each simulated partner has a *true taste* the recommender never sees: likes
and dislikes over tags and categories, a preferred energy level, a liking for
(or against) thrills and a per-activity quirk. They state only part of it as
interests (two of their favourite tags, said the way people say them), plus a
risk comfort and a budget.

Every method gets the same couples and the same information: the stated
profile, the hard limits and the feedback produced so far. Each round:

1. the method suggests ``k`` activities;
2. each partner reacts to the suggestions they feel strongest about (a thumbs
   up for a 4-5, a thumbs down for a 1-2);
3. the couple does the suggestion they like best among the first three and
   both rate it (``done=True``).

A partner's reaction to an activity is fixed per couple (true rating plus
noise, drawn once), so two methods showing the same activity hear the same
answer. Lists are scored against the couple's true joint enjoyment (the mean
of both true ratings) with NDCG@k (gain ``2**(joint - 1) - 1``, ideal = the
best ``k`` activities within the limits they have not done yet), the misery
rate (share of suggestions one partner truly rates 2 or lower), categories per
list and limit violations.

The methods: the engine (:class:`recommender.engine.Recommender`), random
eligible activities, and textbook Rocchio over a TF-IDF of the text (query
``q = q0 + 0.75 * mean(liked) - 0.15 * mean(disliked)``). All three draw from
the same eligible set (within limits; not done; not rated 1-2).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from recommender.catalog.columns import CATEGORIES, LIST_SEPARATOR, TAGS, Columns
from recommender.catalog.loading import split_list
from recommender.profiles import Couple, Feedback, Partner
from recommender.ranking.engine import Recommender

C = Columns
METHODS = ("engine", "rocchio", "random")
#: True rating at or below which a partner is "miserable" with a suggestion.
MISERY_RATING = 2.0


@dataclass(frozen=True)
class EvaluationSettings:
    """How big the simulation is.

    Attributes
    ----------
    n_couples : int
        Simulated couples (each method serves every one of them).
    n_rounds : int
        Rounds of feedback; lists are measured at rounds ``0..n_rounds``.
    k : int
        Suggestions per list.
    reactions : int
        Thumbs each partner gives per round (to the suggestions they feel
        strongest about).
    stated : int
        How many of a partner's favourite tags they state as interests.
    noise : float
        Standard deviation of a partner's reported rating around the true one.
    quirk : float
        Standard deviation of each partner's taste for individual activities
        that no description or tag explains (relative to a spread of about 1
        in the explainable part).
    seed : int
    """

    n_couples: int = 100
    n_rounds: int = 5
    k: int = 10
    reactions: int = 3
    stated: int = 2
    noise: float = 0.5
    quirk: float = 0.6
    seed: int = 7


@dataclass
class SimulatedCouple:
    """A couple with hidden true tastes and the profile they state."""

    couple: Couple
    true_rating: dict[str, np.ndarray]  # partner -> true rating (1..5) of every catalog row
    reported: dict[str, np.ndarray]  # partner -> the rating they would give (1..5 ints)
    eligible: np.ndarray  # within both limits
    loves: dict[str, list[str]]  # partner -> the tags they love (only some are stated)

    @property
    def joint(self) -> np.ndarray:
        """True joint enjoyment (mean of both true ratings, 1..5)."""
        return (self.true_rating["a"] + self.true_rating["b"]) / 2


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


# The simulated people ----------------------------------------------------------------------


def simulate_couples(
    catalog: pd.DataFrame, settings: EvaluationSettings = EvaluationSettings()
) -> list[SimulatedCouple]:
    """Draw couples with true tastes and a partly stated profile.

    Parameters
    ----------
    catalog : pandas.DataFrame
    settings : EvaluationSettings

    Returns
    -------
    list of SimulatedCouple
    """
    rng = np.random.default_rng(settings.seed)
    tag_index = {t: i for i, t in enumerate(TAGS)}
    cat_index = {c: i for i, c in enumerate(CATEGORIES)}
    item_tags = [split_list(cell) for cell in catalog[C.TAGS]]
    # Item x tag incidence, each item's tags sharing one unit of weight.
    rows, cols, vals = [], [], []
    for i, tags in enumerate(item_tags):
        for t in tags:
            rows.append(i)
            cols.append(tag_index[t])
            vals.append(1 / np.sqrt(len(tags)))
    incidence = sparse.csr_matrix((vals, (rows, cols)), shape=(len(catalog), len(TAGS)))
    cats = catalog[C.CATEGORY].map(cat_index).to_numpy()
    energy = catalog[C.ENERGY].to_numpy(dtype=float)
    risk = catalog[C.RISK].to_numpy(dtype=float)
    cost = catalog[C.COST].to_numpy(dtype=float)
    tag_counts = np.asarray((incidence > 0).sum(axis=0)).ravel()
    common_tags = np.flatnonzero(tag_counts >= 3)  # tastes worth having are about tags in use

    couples = []
    for n in range(settings.n_couples):
        shared = rng.normal(0, 1, len(TAGS))  # couples overlap somewhat in what they like
        partners, truth, reported, loved = [], {}, {}, {}
        for key in ("a", "b"):
            taste = 0.45 * shared + rng.normal(0, 0.8, len(TAGS))
            loves = rng.choice(common_tags, size=5, replace=False)
            hates = rng.choice(np.setdiff1d(common_tags, loves), size=4, replace=False)
            taste[loves] += rng.uniform(1.5, 2.5, len(loves))
            taste[hates] -= rng.uniform(1.5, 2.5, len(hates))
            cat_taste = rng.normal(0, 0.6, len(CATEGORIES))
            likes_energy = rng.uniform(1, 5)
            thrill = rng.normal(0, 0.4)
            quirk = rng.normal(0, settings.quirk, len(catalog))
            utility = (
                incidence @ taste
                + cat_taste[cats]
                - 0.35 * np.abs(energy - likes_energy)
                + thrill * (risk - 2)
                - 0.1 * np.log1p(cost)
                + quirk
            )
            z = (utility - utility.mean()) / utility.std()
            true = np.clip(3 + 1.15 * z, 1, 5)
            truth[key] = true
            said = np.clip(np.rint(true + rng.normal(0, settings.noise, len(true))), 1, 5)
            reported[key] = said.astype(int)
            # They state only a couple of the tags they love, in everyday words.
            favourites = rng.choice(loves, size=settings.stated, replace=False)
            loved[key] = [TAGS[t] for t in loves]
            interests = [TAGS[t].replace("-", " ") for t in favourites]
            partners.append(
                Partner(
                    f"{'AB'[key == 'b']}{n}",
                    interests,
                    risk_comfort=int(rng.integers(2, 6)),
                    budget=float(rng.choice([60, 100, 150, 250, 400])),
                )
            )
        couple = Couple(*partners)
        eligible = (cost <= couple.budget) & (risk <= couple.risk_comfort)
        couples.append(SimulatedCouple(couple, truth, reported, eligible, loved))
    return couples


# Methods -----------------------------------------------------------------------------------

Suggest = Callable[[SimulatedCouple, list[Feedback], np.ndarray, int, int], np.ndarray]


def _blocked(feedback: Sequence[Feedback], index: dict[str, int]) -> np.ndarray:
    out = [index[f.activity_id] for f in feedback if f.done or f.rating <= 2]
    return np.asarray(sorted(set(out)), dtype=int)


class RocchioBaseline:
    """Textbook Rocchio relevance feedback over a TF-IDF of the activities' text.

    One query for the couple: both partners' interests, moved towards what
    either liked (rating 4-5) and away from what either disliked (1-2).
    """

    def __init__(self, catalog: pd.DataFrame, alpha=1.0, beta=0.75, gamma=0.15) -> None:
        text = (
            catalog[C.TITLE]
            + " "
            + catalog[C.DESCRIPTION]
            + " "
            + catalog[C.TAGS].str.replace(LIST_SEPARATOR, " ").str.replace("-", " ")
        )
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
        self.vectors = self.vectorizer.fit_transform(text)
        self.index = {a: i for i, a in enumerate(catalog[C.ACTIVITY_ID])}
        self.alpha, self.beta, self.gamma = alpha, beta, gamma

    def __call__(
        self, sim: SimulatedCouple, feedback: list[Feedback], allowed: np.ndarray, k: int, rnd: int
    ) -> np.ndarray:
        words = " ".join(i for p in (sim.couple.a, sim.couple.b) for i in p.interests)
        query = self.alpha * self.vectorizer.transform([words]).toarray().ravel()
        liked = [self.index[f.activity_id] for f in feedback if f.rating >= 4]
        disliked = [self.index[f.activity_id] for f in feedback if f.rating <= 2]
        if liked:
            query += self.beta * np.asarray(self.vectors[liked].mean(axis=0)).ravel()
        if disliked:
            query -= self.gamma * np.asarray(self.vectors[disliked].mean(axis=0)).ravel()
        scores = self.vectors[allowed] @ query
        order = np.lexsort((allowed, -scores))[:k]
        return allowed[order]


def random_baseline(seed: int) -> Suggest:
    """Random eligible activities (a fresh draw per couple and round)."""

    def suggest(
        sim: SimulatedCouple, feedback: list[Feedback], allowed: np.ndarray, k: int, rnd: int
    ) -> np.ndarray:
        rng = np.random.default_rng([seed, zlib.crc32(sim.couple.a.name.encode()), rnd])
        return rng.choice(allowed, size=min(k, len(allowed)), replace=False)

    return suggest


def engine_method(engine: Recommender) -> Suggest:
    """The recommender under test, called exactly as the app calls it."""
    index = {a: i for i, a in enumerate(engine.catalog[C.ACTIVITY_ID])}

    def suggest(
        sim: SimulatedCouple, feedback: list[Feedback], allowed: np.ndarray, k: int, rnd: int
    ) -> np.ndarray:
        recs = engine.recommend(sim.couple, k=k, feedback=feedback)
        return np.asarray([index[a] for a in recs[C.ACTIVITY_ID]], dtype=int)

    return suggest


# Running -----------------------------------------------------------------------------------


def ndcg_at_k(gains_shown: np.ndarray, gains_available: np.ndarray, k: int) -> float:
    """NDCG@k of a list, with the ideal list drawn from ``gains_available``."""
    discounts = 1 / np.log2(np.arange(2, k + 2))
    dcg = float(np.sum(gains_shown[:k] * discounts[: len(gains_shown[:k])]))
    ideal = np.sort(gains_available)[::-1][:k]
    idcg = float(np.sum(ideal * discounts[: len(ideal)]))
    return dcg / idcg if idcg > 0 else 0.0


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
        for key in ("a", "b"):
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
        for key in ("a", "b"):
            feedback.append(Feedback(ids[pick], key, int(sim.reported[key][pick]), done=True))
        done.add(int(pick))
    return out


def run_evaluation(
    catalog: pd.DataFrame | None = None,
    settings: EvaluationSettings = EvaluationSettings(),
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
