"""Step 5, novelty: activities close to what the couple did recently weigh less."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from recommender.ranking.history import History
from recommender.ranking.items import Items
from recommender.ranking.learner import Similar
from recommender.ranking.params import RankingParams


def novelty_penalty(
    pool_vectors: sparse.csr_matrix,
    items: Items,
    history: History,
    params: RankingParams,
    similar: Similar | None = None,
) -> np.ndarray:
    """How much each shortlisted item is pushed down for resembling a recent outing.

    An item with similarity above ``novelty_floor`` to one of the last
    ``novelty_recent`` outings loses up to ``novelty_weight``; the latest outing
    counts most. ``similar`` (the pool's similarity to every rated item, outings
    included) saves working the similarities out again.
    """
    p = params
    recent = history.done[-p.novelty_recent :]
    if not recent or p.novelty_weight == 0:
        return np.zeros(pool_vectors.shape[0])
    sims = similar.to(recent) if similar is not None else None
    if sims is None:
        sims = (pool_vectors @ items.vectors[recent].T).toarray()
    fade = p.decay ** np.arange(len(recent) - 1, -1, -1)  # the latest counts most
    excess = np.maximum(0.0, sims - p.novelty_floor) / (1 - p.novelty_floor)
    return p.novelty_weight * (excess * fade).max(axis=1)
