"""What a couple notices in the first lists and after one reaction, measured on the simulation.

- **Bridging** (:func:`bridging`): couples whose stated interests meet in no eligible
  activity (no row carries a stated tag of each partner): the share of the first six
  that both partners truly enjoy (true rating >= 4 for both). Couples where such
  shared-tag activities exist (at least six): the share of the first six that carry
  a stated tag of each partner (the list should lead with them).
- **Mismatched cold start** (:func:`first_list_misery`): the first list's misery rate
  (a pick one partner truly rates <= 2) for couples whose interests meet nowhere,
  against a random list within the limits (its exact expectation).
- **Churn** (:func:`churn`): after one thumbs down on one of the top six, how many of
  the other five leave the top six; after one thumbs up, how many of the six leave;
  and how often the top six then holds no card matching one partner's stated tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recommender.catalog.columns import Columns
from recommender.catalog.loading import split_list
from recommender.evaluation.couples import EvaluationSettings, SimulatedCouple, simulate_couples
from recommender.evaluation.metrics import MISERY_RATING
from recommender.profiles import PARTNER_KEYS, Feedback
from recommender.ranking.engine import Recommender

C = Columns
#: True rating from which a partner is taken to enjoy an activity.
ENJOY_RATING = 4.0
#: The top of the list a couple looks at first.
TOP = 6


def tag_sets(catalog: pd.DataFrame) -> list[frozenset[str]]:
    """Each catalog row's tags (with its category) as a set."""
    return [
        frozenset([*split_list(tags), category])
        for tags, category in zip(catalog[C.TAGS], catalog[C.CATEGORY], strict=True)
    ]


def matches(sim: SimulatedCouple, rows: list[frozenset[str]], key: str) -> np.ndarray:
    """Whether each row carries one of partner ``key``'s stated tags."""
    stated = set(sim.stated[key])
    return np.asarray([bool(stated & r) for r in rows])


def shared_tag_rows(sim: SimulatedCouple, rows: list[frozenset[str]]) -> np.ndarray:
    """Eligible rows carrying a stated tag of each partner."""
    return matches(sim, rows, "a") & matches(sim, rows, "b") & sim.eligible


def _shown(engine: Recommender, sim: SimulatedCouple, index: dict[str, int], **kw) -> np.ndarray:
    recs = engine.recommend(sim.couple, **kw)
    return np.asarray([index[a] for a in recs[C.ACTIVITY_ID]], dtype=int)


@dataclass(frozen=True)
class Bridging:
    """First-six figures for couples whose interests meet nowhere, and where they meet."""

    both_enjoy: float  # disjoint couples: share of the first six both truly enjoy
    n_disjoint: int
    shared_lead: float  # couples with >= 6 shared-tag rows: share of the first six that are
    n_shared: int
    per_couple: np.ndarray = field(default_factory=lambda: np.zeros(0))  # disjoint couples' shares


def bridging(engine: Recommender, settings: EvaluationSettings, n_couples: int = 200) -> Bridging:
    """Bridging figures over ``n_couples`` simulated couples (``settings`` otherwise)."""
    catalog = engine.catalog
    index = {a: i for i, a in enumerate(catalog[C.ACTIVITY_ID])}
    rows = tag_sets(catalog)
    sims = simulate_couples(catalog, _sized(settings, n_couples))
    both, lead = [], []
    for sim in sims:
        shared = shared_tag_rows(sim, rows)
        if shared.sum() == 0:
            top = _shown(engine, sim, index, k=TOP)
            ok = np.minimum(sim.true_rating["a"][top], sim.true_rating["b"][top])
            both.append(float((ok >= ENJOY_RATING).mean()))
        elif shared.sum() >= TOP:
            top = _shown(engine, sim, index, k=TOP)
            lead.append(float(shared[top].mean()))
    return Bridging(_mean(both), len(both), _mean(lead), len(lead), np.asarray(both))


def bridging_gain(
    engine: Recommender,
    baseline: Recommender,
    seeds: list[int],
    n_couples: int = 1000,
    settings: EvaluationSettings | None = None,
    resamples: int = 4000,
) -> pd.DataFrame:
    """The bridging gain over ``baseline``, per seed and pooled, with its spread.

    A seed's 150-200 couples hold only 50-80 disjoint couples (about 40 picks both
    enjoy), so one seed's gain moves by a fifth from noise alone; this measures many
    more couples per seed and gives a 95% interval from a paired bootstrap over couples
    (each couple's share under both engines resampled together).

    Returns
    -------
    pandas.DataFrame
        One row per seed and a last one, ``"pooled"``: disjoint couples, both shares,
        the gain (engine over baseline, less 1) and its 2.5% and 97.5% bootstrap bounds.
    """
    from dataclasses import replace

    base = settings if settings is not None else EvaluationSettings()
    shares: dict[object, tuple[np.ndarray, np.ndarray]] = {}
    for seed in seeds:
        sized = replace(base, seed=seed)
        mine = bridging(engine, sized, n_couples).per_couple
        theirs = bridging(baseline, sized, n_couples).per_couple
        shares[seed] = (mine, theirs)
    shares["pooled"] = tuple(np.concatenate([s[i] for s in shares.values()]) for i in (0, 1))
    rng = np.random.default_rng(0)
    rows = []
    for name, (mine, theirs) in shares.items():
        draws = rng.integers(0, len(mine), size=(resamples, len(mine)))
        gains = mine[draws].mean(axis=1) / theirs[draws].mean(axis=1) - 1
        low, high = np.percentile(gains, [2.5, 97.5])
        rows.append(
            {
                "seed": name,
                "couples": len(mine),
                "engine": float(mine.mean()),
                "baseline": float(theirs.mean()),
                "gain": float(mine.mean() / theirs.mean() - 1),
                "low": float(low),
                "high": float(high),
            }
        )
    return pd.DataFrame(rows)


def first_list_misery(
    engine: Recommender, settings: EvaluationSettings, n_couples: int = 200
) -> tuple[float, float, int]:
    """Round-0 misery of the first ``settings.k`` for couples whose interests meet nowhere.

    Returns
    -------
    tuple
        The engine's misery rate, a random list's (its expectation: the miserable
        share of the eligible rows) and how many couples were measured.
    """
    catalog = engine.catalog
    index = {a: i for i, a in enumerate(catalog[C.ACTIVITY_ID])}
    rows = tag_sets(catalog)
    engine_rates, random_rates = [], []
    for sim in simulate_couples(catalog, _sized(settings, n_couples)):
        if shared_tag_rows(sim, rows).any():
            continue
        low = np.minimum(sim.true_rating["a"], sim.true_rating["b"]) <= MISERY_RATING
        top = _shown(engine, sim, index, k=settings.k)
        engine_rates.append(float(low[top].mean()))
        random_rates.append(float(low[sim.eligible].mean()))
    return _mean(engine_rates), _mean(random_rates), len(engine_rates)


@dataclass(frozen=True)
class Churn:
    """How many of the top six one reaction moves, averaged over couples."""

    after_down: float  # of the other five, how many left the top six
    after_up: float  # of the six, how many left the top six
    lost_interest: float  # share of thumbs-up lists left with no card for one partner
    n_couples: int
    per_couple: pd.DataFrame


def churn(engine: Recommender, settings: EvaluationSettings, n_couples: int = 40) -> Churn:
    """One thumbs down and (separately) one thumbs up on a random card of the top six.

    The partner and the card are drawn per couple with the settings' seed. The thumbs
    up is given to a card matching that partner's stated interests when one is shown
    (what a partner would like), else to a random card.
    """
    catalog = engine.catalog
    ids = catalog[C.ACTIVITY_ID].to_numpy()
    index = {a: i for i, a in enumerate(ids)}
    rows = tag_sets(catalog)
    rng = np.random.default_rng([settings.seed, 2])
    records = []
    for sim in simulate_couples(catalog, _sized(settings, n_couples)):
        before = _shown(engine, sim, index, k=settings.k)[:TOP]
        if len(before) < TOP:
            continue
        key = PARTNER_KEYS[int(rng.integers(2))]
        down = int(before[rng.integers(TOP)])
        after = _shown(engine, sim, index, k=settings.k, feedback=[Feedback(ids[down], key, 1)])
        moved_down = len(set(before) - {down} - set(after[:TOP]))
        own = [i for i in before if matches(sim, rows, key)[i]]
        up = int(own[rng.integers(len(own))] if own else before[rng.integers(TOP)])
        after_up = _shown(engine, sim, index, k=settings.k, feedback=[Feedback(ids[up], key, 5)])
        top_up = after_up[:TOP]
        had = [matches(sim, rows, k)[before].any() for k in PARTNER_KEYS]
        kept = [matches(sim, rows, k)[top_up].any() for k in PARTNER_KEYS]
        lost = any(h and not kp for h, kp in zip(had, kept, strict=True))
        records.append(
            {"down": moved_down, "up": len(set(before) - set(top_up)), "lost": float(lost)}
        )
    frame = pd.DataFrame.from_records(records, columns=["down", "up", "lost"])
    return Churn(
        float(frame["down"].mean()),
        float(frame["up"].mean()),
        float(frame["lost"].mean()),
        len(frame),
        frame,
    )


def _sized(settings: EvaluationSettings, n_couples: int) -> EvaluationSettings:
    from dataclasses import replace

    return replace(settings, n_couples=n_couples)


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else float("nan")
