"""The methods the engine is compared with, all drawing from the same eligible set.

Random eligible activities, and textbook Rocchio over a TF-IDF of the text (query
``q = q0 + 0.75 * mean(liked) - 0.15 * mean(disliked)``); and the engine itself,
called exactly as the app calls it.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from recommender.catalog.columns import LIST_SEPARATOR, Columns
from recommender.evaluation.couples import SimulatedCouple
from recommender.profiles import Feedback
from recommender.ranking.engine import Recommender

C = Columns
#: A method: (couple, feedback so far, allowed item indices, k, round) -> shown item indices.
Suggest = Callable[[SimulatedCouple, list[Feedback], np.ndarray, int, int], np.ndarray]


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
