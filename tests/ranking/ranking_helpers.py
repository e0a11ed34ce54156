"""Couples and look-ups shared by the ranking tests."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from recommender import (
    Columns,
    Couple,
    Partner,
    Recommender,
    validate_activities,
)

C = Columns
ALGORITHM_WORDS = re.compile(
    r"score|algorithm|model|vector|similarit|cosine|tf-?idf|weight|penalt|mmr|rank|kernel|"
    r"regression|embedding|prior|shrink",
    re.IGNORECASE,
)


def ana_ben(**overrides: object) -> Couple:
    a = {"name": "Ana", "interests": ["cooking", "live music"], "risk_comfort": 2, "budget": 80}
    b = {"name": "Ben", "interests": ["hiking", "climbing"], "risk_comfort": 4, "budget": 150}
    for key, value in overrides.items():
        who, field = key.split("_", 1)
        (a if who == "a" else b)[field] = value
    return Couple(Partner(**a), Partner(**b))


def broad_couple() -> Couple:
    return Couple(
        Partner(
            "Ana", ["cooking", "hiking", "art", "music", "the sea"], risk_comfort=3, budget=250
        ),
        Partner(
            "Ben", ["board games", "wine", "history", "yoga", "jazz"], risk_comfort=3, budget=250
        ),
    )


def eligible_by_limits(catalog: pd.DataFrame, couple: Couple, stretch: int = 0) -> pd.Series:
    return (catalog[C.COST] <= couple.budget) & (catalog[C.RISK] <= couple.risk_comfort + stretch)


def nearest(engine: Recommender, activity_id: str, n: int) -> list[str]:
    """The n activities whose content is closest to ``activity_id`` (itself excluded)."""
    vectors = engine.model.transform(engine.catalog)
    i = engine.catalog.index[engine.catalog[C.ACTIVITY_ID] == activity_id][0]
    sims = (vectors @ vectors[i].T).toarray().ravel()
    sims[i] = -1
    return engine.catalog[C.ACTIVITY_ID].iloc[np.argsort(-sims)[:n]].tolist()


def full_ranking(engine: Recommender, couple: Couple, feedback=(), **kw) -> pd.DataFrame:
    recs = engine.recommend(couple, k=len(engine.catalog), feedback=feedback, **kw)
    return recs.set_index(C.ACTIVITY_ID)


def pick_liked_target(engine: Recommender, couple: Couple) -> str:
    """A mid-ranked activity whose nearest neighbours are mostly eligible too."""
    ranking = full_ranking(engine, couple)
    middle = len(ranking) // 2
    for offset in range(middle):
        for candidate in (ranking.index[middle + offset], ranking.index[middle - offset]):
            if sum(a in ranking.index for a in nearest(engine, candidate, 5)) >= 4:
                return candidate
    raise AssertionError("no mid-ranked activity with eligible neighbours")


def idea_record(**overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        C.ACTIVITY_ID: "our-kite-festival",
        C.TITLE: "Fly kites at the harbour kite festival",
        C.DESCRIPTION: "Build two kites from a kit and fly them at the harbour festival.",
        C.CATEGORY: "outdoors",
        C.TAGS: "crafts;nature",
        C.COST: 20,
        C.RISK: 1,
        C.DURATION_HOURS: 3,
        C.SETTING: "outdoor",
        C.ENERGY: 2,
        C.SEASONS: "any",
        C.CONVERSATION_STARTER: "What did you fly as a kid?",
    }
    record.update(overrides)
    return record


def our_idea(**overrides: object) -> pd.DataFrame:
    return validate_activities([idea_record(**overrides)])


def _resemblance_reasons(engine: Recommender, feedback_for) -> pd.Series:
    """Reasons naming a liked activity, for the first of the top picks some resemble."""
    couple = ana_ben()
    for liked in engine.recommend(couple, k=5)[C.ACTIVITY_ID]:
        reasons = engine.recommend(couple, k=15, feedback=feedback_for(liked))["reason"]
        spirit = reasons[reasons.str.contains("in the same spirit as")]
        if len(spirit):
            return spirit
    raise AssertionError("no suggestion resembles any of the top five picks")
