"""Step 2, each partner separately: predicted enjoyment (0..1) of every item.

A partner's prediction starts from how well an activity matches their stated
interests (a prior) and is corrected by their own ratings: a kernel ridge
regression on the content vectors fitted to the residuals of that prior. With few
ratings the ridge keeps predictions near the stated interests; liked activities'
near neighbours rise and disliked ones' fall.
"""

from __future__ import annotations

import numpy as np

from recommender.profiles import Partner
from recommender.ranking.features import ContentModel
from recommender.ranking.history import History
from recommender.ranking.items import Items
from recommender.ranking.params import RankingParams

_INTEREST_CACHE_SIZE = 256
_TERMS_CACHE_SIZE = 1024


class InterestLookup:
    """A partner's interests in the content space, memoised (the app asks again and again).

    Parameters
    ----------
    model : ContentModel
        The fitted content model.
    """

    def __init__(self, model: ContentModel) -> None:
        self.model = model
        self._vectors: dict[tuple[str, ...], np.ndarray] = {}
        self._terms: dict[str, tuple[list[int], list[int]]] = {}

    def vector(self, interests: tuple[str, ...]) -> np.ndarray:
        """The interests as one dense row (see :meth:`ContentModel.interest_vector`)."""
        vec = self._vectors.get(interests)
        if vec is None:
            vec = self.model.interest_vector(interests).toarray().ravel()
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


def stated_prior(
    partner: Partner, items: Items, lookup: InterestLookup, params: RankingParams
) -> np.ndarray:
    """Predicted enjoyment before any rating, from the partner's stated interests."""
    p = params
    vectors = items.vectors
    if partner.interests:
        match = vectors @ lookup.vector(partner.interests)
        # Scaled by the catalog's best match only, so adding an idea never changes the
        # enjoyment shown for catalog activities; an idea matching better is clipped to 1.
        top = float(match[: items.n_catalog].max()) if items.n_catalog else 0.0
        if top > 0:
            return p.prior_low + (p.prior_high - p.prior_low) * np.minimum(match / top, 1.0)
    return np.full(vectors.shape[0], p.prior_none)


def predict(
    partner: Partner,
    key: str,
    items: Items,
    history: History,
    lookup: InterestLookup,
    params: RankingParams,
) -> np.ndarray:
    """One partner's predicted enjoyment (0..1) of every item.

    Parameters
    ----------
    partner : Partner
    key : {"a", "b"}
        The partner's slot, to find their ratings in ``history``.
    items : Items
    history : History
    lookup : InterestLookup
    params : RankingParams

    Returns
    -------
    numpy.ndarray
        One value per item.
    """
    p = params
    vectors = items.vectors
    prior = stated_prior(partner, items, lookup, params)
    rated = history.ratings[key]
    if not rated:
        return prior
    idx = np.fromiter(rated, dtype=np.int64, count=len(rated))
    y = np.array([(rated[i][0] - 1) / 4 for i in idx])
    recency = np.array([rated[i][1] for i in idx])
    z_rated, t_rated = vectors[idx], items.taste[idx]
    gram = (z_rated @ z_rated.T).toarray() + p.bias_kernel
    if p.taste_kernel:
        gram += p.taste_kernel * (t_rated @ t_rated.T).toarray()
    system = gram + np.diag(p.ridge / recency)
    alpha = np.linalg.solve(system, y - prior[idx])
    direction = np.asarray(z_rated.T @ alpha).ravel()
    predicted = prior + vectors @ direction + p.bias_kernel * alpha.sum()
    if p.taste_kernel:
        taste_direction = np.asarray(t_rated.T @ alpha).ravel()
        predicted += p.taste_kernel * (items.taste @ taste_direction)
    return np.clip(predicted, 0.0, 1.0)
