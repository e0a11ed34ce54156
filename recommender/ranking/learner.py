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
    share: np.ndarray | None = None  # per rating: 1 for their own, couple_share for the other's

    def sample(self, rng: np.random.Generator, scale: float = 1.0) -> np.ndarray:
        """One draw of the enjoyment of every item (Thompson sampling), clipped to 0..1.

        ``scale`` shrinks the draw's spread around the mean (1 = the posterior's own).
        """
        p = self.params
        s = np.sqrt(p.prior_variance)
        draw = s * _prior_draw(self.items, p, rng)
        if self.solve is not None:
            share = self.share if self.share is not None else np.ones(len(self.idx))
            at = draw[self.idx]
            other = share < 1.0
            if other.any():  # the other partner's taste: correlated by their share
                rho = float(share[other][0])
                apart = s * _prior_draw(self.items, p, rng)
                at[other] = rho * at[other] + np.sqrt(1 - rho**2) * apart[self.idx[other]]
            eps = rng.normal(0.0, np.sqrt(self.noise))
            # (K * share) @ v = K @ (share * v): no items x events matrix is built.
            draw = draw - s**2 * _kernel_times(
                self.items, p, self.idx, share * (self.solve @ (at + eps))
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


def _events(
    prior: np.ndarray, key: str, items: Items, history: History, p: RankingParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One partner's rated items, ratings on 0..1, surprises, noise variances, thumbs mask."""
    rated = history.ratings[key]
    idx = np.fromiter(rated, dtype=np.int64, count=len(rated))
    y = np.array([(rated[i][0] - 1) / 4 for i in idx])
    recency = np.array([rated[i][1] for i in idx])
    did = history.did[key]
    thumbs = np.array([i not in did for i in idx], dtype=bool)
    sd = np.where(thumbs, p.noise_thumb, p.noise_done)
    return idx, y, y - prior[idx], sd**2 / recency, thumbs


def posterior(
    prior: np.ndarray,
    key: str,
    items: Items,
    history: History,
    params: RankingParams,
    other_prior: np.ndarray | None = None,
) -> Posterior:
    """The posterior of partner ``key``'s enjoyment, given the couple's ratings in ``history``.

    With ``other_prior`` (the other partner's stated prior) and ``couple_share`` > 0, the
    other partner's ratings count too, as evidence about a taste the two partly share: the
    two tastes' departures from what each stated are correlated by ``couple_share``.
    """
    p = params
    keys = [key]
    if other_prior is not None and p.couple_share > 0:
        keys.append(next(k for k in history.ratings if k != key))
    parts = [
        (_events(pr, k, items, history, p), k == key)
        for k, pr in zip(keys, (prior, other_prior), strict=False)
        if history.ratings[k]
    ]
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Posterior(prior, prior, items, empty, np.zeros(0), np.zeros(0), None, p)
    idx = np.concatenate([e[0] for e, _ in parts])
    y = np.concatenate([e[1] for e, _ in parts])
    surprise = np.concatenate([e[2] for e, _ in parts])
    noise = np.concatenate([e[3] for e, _ in parts])
    thumbs = np.concatenate([e[4] for e, _ in parts])
    own = np.concatenate([np.full(len(e[0]), mine) for e, mine in parts])
    share = np.where(own, 1.0, p.couple_share)
    s2 = p.prior_variance
    # Two ratings by the same partner inform each other fully; one of each partner's,
    # by couple_share (the part of their tastes they share).
    coupling = np.where(own[:, None] == own[None, :], 1.0, p.couple_share)
    gram = s2 * _kernel(items, p, idx, idx) * coupling
    if p.event_cap > 0:  # a thumbs on a card is bounded evidence; an outing is not
        noise = _bounded_noise(surprise, thumbs, np.diag(gram), noise, p.event_cap)
    solve = np.linalg.inv(gram + np.diag(noise))
    alpha = solve @ surprise
    mean = np.clip(prior + s2 * _kernel_times(items, p, idx, share * alpha), 0.0, 1.0)
    return Posterior(mean, prior, items, idx, y, noise, solve, p, share)


def _bounded_noise(
    surprise: np.ndarray, thumbs: np.ndarray, reach: np.ndarray, noise: np.ndarray, cap: float
) -> np.ndarray:
    """Noise variances under which no single thumbs moves any prediction by its clipped surprise.

    A thumbs whose surprise ``u`` exceeds ``cap`` is taken as noisier evidence, just so
    much that on its own it moves every activity exactly as far as a surprise of ``cap``
    would: with ``reach`` its prior variance ``s^2 k(x, x)``, the noise grows from ``n`` to
    ``(reach + n) |u| / cap - reach``. Unlike clipping the surprise itself, evidence that
    several thumbs agree on adds up towards what they said (precisions add), so a run of
    consistent reactions is learned in full while one reaction stays bounded.
    """
    out = noise.copy()
    big = thumbs & (np.abs(surprise) > cap)
    out[big] = (reach[big] + noise[big]) * np.abs(surprise[big]) / cap - reach[big]
    return out
