"""Step 2, each partner separately: predicted enjoyment (0..1) of every item.

A partner's prediction starts from how well an activity matches their stated
interests (a prior): by words and tags (the content vectors) and by meaning (the
semantic space, graded: the closer in meaning, the higher), mixed by the content
model's ``meaning_weight``. Each interest counts through its best matches, so a
partner's two interests each bring their own activities forward; a word that can
be placed neither way leaves the prior flat rather than adding noise. It is
updated by their own ratings (:mod:`~recommender.ranking.learner`, a Bayesian linear
model with that prior). With few ratings predictions stay near the stated interests;
liked activities' near neighbours rise and disliked ones' fall.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from recommender.profiles import PARTNER_KEYS, Couple, Partner
from recommender.ranking import meaning
from recommender.ranking.history import History
from recommender.ranking.items import Items
from recommender.ranking.learner import Posterior, Rated, posteriors
from recommender.ranking.params import RankingParams
from recommender.ranking.serving import match_vocabulary

if TYPE_CHECKING:  # the serving model stands in for it at run time (no scikit-learn import)
    from recommender.ranking.features import ContentModel

_INTEREST_CACHE_SIZE = 256
_TERMS_CACHE_SIZE = 1024


class InterestLookup:
    """A partner's interests in the content space, memoised (the app asks again and again).

    Parameters
    ----------
    model : ContentModel
        The fitted content model.
    """

    def __init__(self, model: ContentModel, catalog: Items | None = None) -> None:
        self.model = model
        self.catalog = catalog
        self._vectors: dict[tuple[str, ...], np.ndarray] = {}
        self._terms: dict[str, tuple[list[int], list[int]]] = {}
        self._meaning: dict[str, _Meaning | None] = {}
        self._combos: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def vector(self, interests: tuple[str, ...]) -> np.ndarray:
        """The interests as one dense row (see :meth:`ServingModel.interest_row`)."""
        vec = self._vectors.get(interests)
        if vec is None:
            vec = self.model.interest_row(interests)
            if len(self._vectors) > _INTEREST_CACHE_SIZE:
                self._vectors.clear()
            self._vectors[interests] = vec
        return vec

    def terms(self, interest: str) -> tuple[list[int], list[int]]:
        """The named (tag, category) and word columns of one interest."""
        terms = self._terms.get(interest)
        if terms is None:
            named, words = self.model.interest_terms(interest)
            terms = (named.tolist(), words.tolist())
            if len(self._terms) > _TERMS_CACHE_SIZE:
                self._terms.clear()
            self._terms[interest] = terms
        return terms

    def prepare(self, interests: list[str]) -> None:
        """Place every interest not yet seen by meaning, in one pass over the catalog.

        A new couple brings new phrases; on a big catalog each costs a product with every
        row's semantic vector, which is bound by reading those vectors: one matrix product
        for all of them reads the catalog once instead of once per phrase.
        """
        if self.model.meaning_weight <= 0 or self.catalog is None:
            return
        new = list(dict.fromkeys(i for i in interests if i not in self._meaning))
        if len(new) < 2:
            return  # one phrase: meaning() does the same work
        vectors = np.stack([self.model.phrase_vector(i) for i in new])
        texts = self.catalog.embeddings @ vectors.T
        for column, interest in enumerate(new):
            self._place(interest, vectors[column], texts[:, column])

    def meaning(self, interest: str) -> _Meaning | None:
        """How one interest is placed by meaning, or None when it cannot be placed."""
        if interest in self._meaning:
            return self._meaning[interest]
        if self.model.meaning_weight <= 0 or self.catalog is None:
            return self._place(interest, None, None)
        vector = self.model.phrase_vector(interest)
        return self._place(interest, vector, self.catalog.embeddings @ vector)

    def _place(
        self, interest: str, vector: np.ndarray | None, text: np.ndarray | None
    ) -> _Meaning | None:
        """Remember how ``interest`` (``vector``; ``text``, its cosine with each row) is placed."""
        found = None
        if vector is not None and text is not None and self.catalog is not None:
            labels = self.model.label_vectors_ @ vector
            share = self.model.label_share
            raw = (1 - share) * text + share * self._best_labels(labels)
            best_text = float(text.max(initial=0))
            if best_text >= meaning.PLACED_AT and len(raw):
                low, high = _median(raw), float(raw.max())
                if high > low:
                    found = _Meaning(vector, labels, low, high, raw)
        if len(self._meaning) > _TERMS_CACHE_SIZE:
            self._meaning.clear()
        self._meaning[interest] = found
        return found

    def _best_labels(self, labels: np.ndarray) -> np.ndarray:
        """Each catalog row's best match among its tags and category (see ``_raw_meaning``).

        Many rows carry the same tags and category, so the best is found once per distinct
        combination (a few thousand at 100,000 rows) and spread to the rows.
        """
        if self._combos is None:
            taste = self.catalog.taste
            ids: dict[tuple[int, ...], int] = {}
            row_combo = np.fromiter(
                (
                    ids.setdefault(tuple(taste.indices[a:b].tolist()), len(ids))
                    for a, b in zip(taste.indptr[:-1], taste.indptr[1:], strict=True)
                ),
                dtype=np.int64,
                count=taste.shape[0],
            )
            members = [list(combo) for combo in ids]
            sizes = np.asarray([len(m) for m in members], dtype=np.int64)
            flat = np.asarray([c for m in members for c in m], dtype=np.int64)
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            self._combos = (row_combo, flat, starts, sizes > 0)
        row_combo, flat, starts, has = self._combos
        best = np.zeros(len(has))
        if len(flat):
            best[has] = np.maximum.reduceat(labels[flat], starts[has])
        return best[row_combo]

    def meaning_match(
        self,
        interest: str,
        items: Items,
        rows: np.ndarray | None = None,
        floor: float | None = None,
    ) -> np.ndarray | None:
        """Graded match by meaning (0..1, 1 = the catalog's best); None if unplaced.

        Of ``rows``, or of every item when None (the catalog's part computed once).
        ``floor`` (a quantile of the catalog's matches) is where the grade starts from
        instead of the median: a lower floor grades more of the catalog.
        """
        placed = self.meaning(interest)
        if placed is None:
            return None
        n = placed.catalog.shape[0]
        if rows is None:  # every item: the catalog's part is remembered, ideas are added
            extra = np.arange(n, len(items.ids))
            raw = placed.catalog
            if len(extra):
                added = _raw_meaning(items, extra, placed.vector, placed.labels, self.model)
                raw = np.concatenate([raw, added])
        elif len(rows) and int(np.max(rows)) < n:  # catalog rows only: already computed
            raw = placed.catalog[rows]
        else:
            raw = _raw_meaning(items, rows, placed.vector, placed.labels, self.model)
        low = placed.low if floor is None else placed.floor(floor)
        return np.clip((raw - low) / (placed.high - low), 0.0, 1.0)

    def placed(self, interest: str) -> bool:
        """Whether an interest matches anything: a tag, a category, a word or by meaning."""
        named, words = self.terms(interest)
        return bool(named or words) or self.meaning(interest) is not None


def _median(values: np.ndarray) -> float:
    """``np.median`` of a 1-D array without NaN, the same value without its checks.

    A new couple's every phrase needs one; NumPy's own checks cost more than the partition.
    """
    half = len(values) // 2
    if len(values) % 2:
        return float(np.partition(values, half)[half])
    part = np.partition(values, (half - 1, half))
    return float((part[half - 1] + part[half]) / 2)


class _Meaning:
    """One interest in the semantic space, with its spread over the catalog."""

    __slots__ = ("_floors", "catalog", "high", "labels", "low", "vector")

    def __init__(
        self, vector: np.ndarray, labels: np.ndarray, low: float, high: float, catalog: np.ndarray
    ) -> None:
        self.vector, self.labels, self.low, self.high = vector, labels, low, high
        self.catalog = catalog  # the raw match of every catalog row
        self._floors: dict[float, float] = {}

    def floor(self, quantile: float) -> float:
        """The catalog's match at ``quantile`` (below the best), remembered."""
        if quantile not in self._floors:
            # The median is known already (a partition of a big catalog saved per phrase).
            value = self.low if quantile == 0.5 else float(np.quantile(self.catalog, quantile))
            self._floors[quantile] = min(value, self.high - 1e-6)
        return self._floors[quantile]


def _raw_meaning(
    items: Items,
    rows: np.ndarray | None,
    vector: np.ndarray,
    labels: np.ndarray,
    model: ContentModel,
    text: np.ndarray | None = None,
) -> np.ndarray:
    """Cosine of each row's text with the interest, mixed with its closest tag or category.

    ``rows`` None means every item (no copying of rows: a big catalog stays cheap).
    """
    if rows is None:
        taste = items.taste
        if text is None:
            text = items.embeddings @ vector
    else:
        taste = items.taste[rows]
        text = items.embeddings[rows] @ vector
    best_label = np.zeros(taste.shape[0])
    if taste.nnz:
        values = labels[taste.indices]
        starts = taste.indptr[:-1]
        has = np.diff(taste.indptr) > 0
        best_label[has] = np.maximum.reduceat(values, starts[has])
    share = model.label_share
    return (1 - share) * text + share * best_label


def meaning_share(interests: tuple[str, ...], model: ContentModel) -> float:
    """The semantic space's share of the match: larger for free words than for named tags.

    A tag or category a partner names is matched exactly by the tags space; a phrase of
    their own ("the sea") mostly shares no word with the activities that suit it.
    """
    if model.meaning_weight <= 0 or not interests:
        return 0.0
    free = sum(1 for i in interests if match_vocabulary(str(i)) == (None, None))
    share = free / len(interests)
    return model.named_meaning_weight * (1 - share) + model.meaning_weight * share


def stated_prior(
    partner: Partner, items: Items, lookup: InterestLookup, params: RankingParams
) -> np.ndarray:
    """Predicted enjoyment before any rating, from the partner's stated interests."""
    p = params
    appeal = items.appeal if items.appeal is not None else np.full(len(items.ids), 0.5)
    fit = interest_match(partner, items, lookup, params)
    if fit is None:
        # No clue at all: a gentle lean to broad appeal, so the other partner's words lead.
        return p.prior_none + 0.5 * p.appeal_weight * (appeal - 0.5)
    # Graded: the closer to what they said, the higher; where nothing they said applies,
    # what suits most people (moderate effort, not dear) leads.
    return (
        p.prior_low
        + (p.prior_high - p.prior_low) * fit
        + p.appeal_weight * (appeal - 0.5) * (1 - fit) ** 2
    )


def interest_match(
    partner: Partner, items: Items, lookup: InterestLookup, params: RankingParams
) -> np.ndarray | None:
    """How well each item matches the partner's interests (0..1), or None for no clue.

    The words/tags match is scaled by the catalog's best, so adding an idea never
    changes the enjoyment shown for catalog activities (an idea matching better is
    clipped to 1); the meaning match is graded between the catalog's median and best.
    """
    if not partner.interests:
        return None
    match = items.vectors @ lookup.vector(partner.interests)
    top = float(match[: items.n_catalog].max()) if items.n_catalog else 0.0
    words = np.minimum(match / top, 1.0) if top > 0 else None
    # Words that cannot be placed at all (a typo, a made-up word) do not dilute the rest.
    weight = meaning_share(tuple(i for i in partner.interests if lookup.placed(i)), lookup.model)
    by_meaning = None
    if weight > 0:
        per_interest = [
            lookup.meaning_match(i, items, floor=_floor(i, params)) for i in partner.interests
        ]
        placed = [m for m in per_interest if m is not None]
        if placed:
            by_meaning = np.max(placed, axis=0)
    if words is None:
        return by_meaning
    if by_meaning is None:
        return words
    # Graded: an activity close in meaning to a named tag counts partly even when it does
    # not carry that tag (tide-pooling for "hiking"), never as much as one that does.
    mixed = (1 - weight) * words + weight * by_meaning
    return np.maximum(mixed, params.related_share * by_meaning)


def _floor(interest: str, params: RankingParams) -> float:
    """Where the graded meaning match starts: for a phrase of their own, ``phrase_floor``."""
    if params.phrase_floor is None or match_vocabulary(str(interest)) != (None, None):
        return params.meaning_floor
    return params.phrase_floor


def predict(
    couple: Couple,
    items: Items,
    history: History,
    lookup: InterestLookup,
    params: RankingParams,
    rated: Rated | None = None,
) -> dict[str, Posterior]:
    """Each partner's posterior enjoyment (0..1) of every item (``.mean`` to rank by).

    Each partner's stated prior is worked out once, and the rated items' features once
    (:func:`~recommender.ranking.learner.rated_features`), for both posteriors: with
    ``couple_share`` > 0 each partner's posterior reads the other's prior and ratings too.

    Parameters
    ----------
    couple : Couple
    items : Items
    history : History
    lookup : InterestLookup
    params : RankingParams
    rated : Rated, optional
        The rated items' features, when the caller has them already.

    Returns
    -------
    dict of str to Posterior
        Keyed by ``"a"`` and ``"b"``; see :mod:`recommender.ranking.learner`.
    """
    priors = {key: stated_prior(couple.partner(key), items, lookup, params) for key in PARTNER_KEYS}
    return posteriors(priors, items, history, params, rated)
