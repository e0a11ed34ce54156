"""Step 2's learning: a per-partner Bayesian linear model, with their stated interests as prior.

Each partner's enjoyment of an activity (0..1) is modelled as

    f(x) = prior(x) + w . phi(x),      w ~ N(0, s^2 I)

where ``prior`` is what their stated interests predict (:func:`~recommender.ranking.scoring.
stated_prior`) and ``phi`` the combined features: the content vector (words, tags,
category, setting, seasons, scaled numbers), the tags and category again (so shared
tags carry further than shared words), the numbers in levels (energy, risk, cost band,
duration band, setting; :func:`~recommender.ranking.items.numeric_features`, so a run
of low ratings for high-energy outings lowers every high-energy activity) and a bias.

A rating ``r`` observes ``(r - 1) / 4 = f(x) + noise``; an outing they did is surer
evidence than a thumbs on a card they only looked at (smaller noise), and older events
count less (more noise). The posterior is closed form. It is computed in its dual
(kernel) form because a partner has far fewer ratings than the features have columns:
with ``K`` the ratings' kernel matrix and ``S`` their noise, the posterior mean is
``prior + s^2 k(x)^T (s^2 K + S)^-1 (y - prior)``.

A thumbs' surprise (its rating on 0..1 less the prior) is clipped to ``event_cap``, and
it is noisier evidence than an outing: a single reaction to a card moves the card itself
by less than ``event_cap`` and other activities by their similarity times that, while
repeated, consistent evidence adds up. An outing they did and rated is not clipped.

"Surprise us" is Thompson sampling: one draw of ``f`` from the posterior, by
pathwise conditioning (a draw from the prior over the features, corrected by the same
closed-form update), so the draw is coherent across similar activities.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from recommender.ranking.history import History
from recommender.ranking.items import Items
from recommender.ranking.params import RankingParams


@dataclass
class Posterior:
    """One partner's posterior over their enjoyment of every item."""

    mean: np.ndarray
    prior: np.ndarray
    items: Items
    idx: np.ndarray  # rated items
    y: np.ndarray  # their ratings on 0..1
    noise: np.ndarray  # per-rating noise variance
    solve: np.ndarray | None  # (s^2 K + S)^-1, or None without ratings
    params: RankingParams

    def sample(self, rng: np.random.Generator, scale: float = 1.0) -> np.ndarray:
        """One draw of the enjoyment of every item (Thompson sampling), clipped to 0..1.

        ``scale`` shrinks the draw's spread around the mean (1 = the posterior's own).
        """
        p = self.params
        s = np.sqrt(p.prior_variance)
        draw = s * _prior_draw(self.items, p, rng)
        if self.solve is not None:
            eps = rng.normal(0.0, np.sqrt(self.noise))
            draw = draw - s**2 * _kernel_times(
                self.items, p, self.idx, self.solve @ (draw[self.idx] + eps)
            )
        return np.clip(self.mean + scale * draw, 0.0, 1.0)


def _blocks(items: Items, p: RankingParams, rows: np.ndarray | None):
    pick = (lambda m: m) if rows is None else (lambda m: m[rows])
    out = [(pick(items.vectors), 1.0)]
    if p.taste_kernel:
        out.append((pick(items.taste), p.taste_kernel))
    if p.numbers_kernel and items.numbers is not None:
        out.append((pick(items.numbers), p.numbers_kernel))
    return out


def _kernel(
    items: Items, p: RankingParams, rows: np.ndarray | None, cols: np.ndarray
) -> np.ndarray:
    """Kernel between ``rows`` (None: every item) and the items ``cols``."""
    total = None
    for (left, weight), (right, _) in zip(
        _blocks(items, p, rows), _blocks(items, p, cols), strict=True
    ):
        part = weight * (left @ right.T)
        part = part.toarray() if sparse.issparse(part) else np.asarray(part)
        total = part if total is None else total + part
    return total + p.bias_kernel


def _kernel_times(
    items: Items, p: RankingParams, cols: np.ndarray, vector: np.ndarray
) -> np.ndarray:
    """``_kernel(items, p, None, cols) @ vector`` without the items x cols matrix.

    Per block, the rated items' features are summed first (``right.T @ vector``, one
    feature-space vector) and every item is then one sparse row times it: a matrix-vector
    product over the catalog instead of a sparse matrix product (ten times less at
    100,000 rows).
    """
    vector = np.asarray(vector, dtype=float)
    total = np.full(items.vectors.shape[0], p.bias_kernel * float(vector.sum()))
    for (left, weight), (right, _) in zip(
        _blocks(items, p, None), _blocks(items, p, cols), strict=True
    ):
        summed = np.asarray(right.T @ vector).ravel()
        total += weight * np.asarray(left @ summed).ravel()
    return total


def _prior_draw(items: Items, p: RankingParams, rng: np.random.Generator) -> np.ndarray:
    """``w . phi(x)`` for every item, with ``w`` drawn from N(0, I) (unit prior scale)."""
    draw = np.zeros(items.vectors.shape[0])
    for matrix, weight in _blocks(items, p, None):
        w = rng.normal(0.0, 1.0, matrix.shape[1])
        draw += np.sqrt(weight) * np.asarray(matrix @ w).ravel()
    return draw + np.sqrt(p.bias_kernel) * rng.normal()


def posterior(
    prior: np.ndarray, key: str, items: Items, history: History, params: RankingParams
) -> Posterior:
    """The posterior of partner ``key``'s enjoyment, given their ratings in ``history``."""
    p = params
    rated = history.ratings[key]
    if not rated:
        empty = np.zeros(0, dtype=np.int64)
        return Posterior(prior, prior, items, empty, np.zeros(0), np.zeros(0), None, p)
    idx = np.fromiter(rated, dtype=np.int64, count=len(rated))
    y = np.array([(rated[i][0] - 1) / 4 for i in idx])
    recency = np.array([rated[i][1] for i in idx])
    did = history.did[key]
    sd = np.array([p.noise_done if i in did else p.noise_thumb for i in idx])
    noise = sd**2 / recency
    s2 = p.prior_variance
    gram = s2 * _kernel(items, p, idx, idx)
    solve = np.linalg.inv(gram + np.diag(noise))
    surprise = y - prior[idx]
    if p.event_cap > 0:  # a thumbs on a card is bounded evidence; an outing is not
        thumbs = np.array([i not in did for i in idx])
        surprise[thumbs] = np.clip(surprise[thumbs], -p.event_cap, p.event_cap)
    alpha = solve @ surprise
    # Each event's share of the update, bounded: no single reaction moves any activity by
    # more than event_cap, while many consistent ones still add up.
    mean = np.clip(prior + s2 * _kernel_times(items, p, idx, alpha), 0.0, 1.0)
    return Posterior(mean, prior, items, idx, y, noise, solve, p)
