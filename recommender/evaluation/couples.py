"""Simulated couples: hidden true tastes, and the part of them they state.

Each simulated partner has a *true taste* the recommender never sees: likes
and dislikes over tags and categories, a preferred energy level, a liking for
(or against) thrills and a per-activity quirk. They state only part of it as
interests (two of their favourite tags, said the way people say them), plus a
risk comfort and a budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import sparse

from recommender.catalog.columns import CATEGORIES, TAGS, Columns
from recommender.catalog.loading import split_list
from recommender.evaluation.own_words import say
from recommender.profiles import PARTNER_KEYS, Couple, Partner

C = Columns
#: How simulated partners word their interests.
WORDINGS = ("tags", "own words")


def harder(settings: EvaluationSettings | None = None) -> EvaluationSettings:
    """The harder variant: each partner states one loved tag, in their own words."""
    base = settings if settings is not None else EvaluationSettings()
    return replace(base, stated=1, wording="own words")


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
    wording : {"tags", "own words"}
        How partners state their interests: the tag's name ("live music"), or an
        everyday phrase on its topic ("gigs and bands"; see
        :mod:`~recommender.evaluation.own_words`).
    related : float
        How much a partner's taste for a tag follows their taste for the tags it goes
        with (0..1): the tags it shares activities with in the catalog (hiking with
        nature and the outdoors). 0, the default: each tag's taste is drawn on its own,
        so liking what is close in meaning to a stated interest is never rewarded.
    """

    n_couples: int = 100
    n_rounds: int = 5
    k: int = 10
    reactions: int = 3
    stated: int = 2
    noise: float = 0.5
    quirk: float = 0.6
    seed: int = 7
    wording: str = "tags"
    related: float = 0.0

    def __post_init__(self) -> None:
        if self.wording not in WORDINGS:
            raise ValueError(
                f"wording must be one of {', '.join(map(repr, WORDINGS))} (got {self.wording!r})"
            )
        if not 0.0 <= self.related <= 1.0:
            raise ValueError(f"related must be between 0 and 1 (got {self.related!r})")


@dataclass
class SimulatedCouple:
    """A couple with hidden true tastes and the profile they state."""

    couple: Couple
    true_rating: dict[str, np.ndarray]  # partner -> true rating (1..5) of every catalog row
    reported: dict[str, np.ndarray]  # partner -> the rating they would give (1..5 ints)
    eligible: np.ndarray  # within both limits
    loves: dict[str, list[str]]  # partner -> the tags they love (only some are stated)
    stated: dict[str, list[str]] = field(default_factory=dict)  # partner -> tags they stated

    @property
    def joint(self) -> np.ndarray:
        """True joint enjoyment (mean of both true ratings, 1..5)."""
        return (self.true_rating["a"] + self.true_rating["b"]) / 2


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
    links = tag_links(incidence)

    couples = []
    for n in range(settings.n_couples):
        shared = rng.normal(0, 1, len(TAGS))  # couples overlap somewhat in what they like
        partners, truth, reported, loved, stated = [], {}, {}, {}, {}
        for key in PARTNER_KEYS:
            taste = 0.45 * shared + rng.normal(0, 0.8, len(TAGS))
            loves = rng.choice(common_tags, size=5, replace=False)
            hates = rng.choice(np.setdiff1d(common_tags, loves), size=4, replace=False)
            taste[loves] += rng.uniform(1.5, 2.5, len(loves))
            taste[hates] -= rng.uniform(1.5, 2.5, len(hates))
            if settings.related:  # after the draws, so the same seed gives the same people
                taste = (1 - settings.related) * taste + settings.related * (links @ taste)
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
            # Drawn as two at least, so the variants stating fewer are the same people.
            drawn = rng.choice(loves, size=max(settings.stated, 2), replace=False)
            favourites = drawn[: settings.stated]
            loved[key] = [TAGS[t] for t in loves]
            stated[key] = [TAGS[t] for t in favourites]
            if settings.wording == "tags":
                interests = [TAGS[t].replace("-", " ") for t in favourites]
            else:  # a phrase of their own, drawn apart so the tastes stay the same
                words = np.random.default_rng([settings.seed, n, key == "b"])
                interests = [say(TAGS[t], words) for t in favourites]
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
        couples.append(SimulatedCouple(couple, truth, reported, eligible, loved, stated))
    return couples


def tag_links(incidence: sparse.csr_matrix) -> np.ndarray:
    """How each tag goes with the others: the share of its activities' other tags that are each.

    Rows sum to 1 (a tag on no activity with another tag links to nothing); the
    diagonal is 0. Drawn from the catalog, not from the meaning model the engine uses,
    so a simulation whose tastes follow these links does not simply echo the engine.
    """
    present = (incidence > 0).astype(float)
    together = np.asarray((present.T @ present).todense())
    np.fill_diagonal(together, 0.0)
    totals = together.sum(axis=1, keepdims=True)
    return np.divide(together, totals, out=np.zeros_like(together), where=totals > 0)
