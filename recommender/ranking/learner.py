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


@dataclass(frozen=True)
class Rated:
    """The features of every item the couple rated, picked once per call.

    Both partners' posteriors (and a Thompson draw) read the same rated rows; slicing
    them out of the sparse catalog once, and their kernel once, halves the learner's cost
    on a small catalog, where each scipy call costs more than its arithmetic.

    The kernel is ``k(x, x') = sum_j d_j v_j v'_j + numbers_kernel n . n' + bias_kernel``
    with ``v`` the content vector, ``n`` the numbers and ``d_j`` 1, or
    ``1 + taste_kernel`` on the tag and category columns (the tags and category again,
    as their own block: they are columns of ``v``).

    Attributes
    ----------
    rows : numpy.ndarray
        The rated items, sorted and unique.
    vectors, vectors_t : scipy.sparse.csr_matrix
        Their content vectors, and the transpose (features x rows).
    numbers : numpy.ndarray or None
        Their numbers; None when the kernel leaves numbers out.
    numbers_kernel : float
    weights : numpy.ndarray
        ``d``, one weight per content column.
    gram : numpy.ndarray
        The kernel among ``rows``.
    bias : float
    """

    rows: np.ndarray
    vectors: sparse.csr_matrix
    vectors_t: sparse.csr_matrix
    numbers: np.ndarray | None
    numbers_kernel: float
    weights: np.ndarray
    gram: np.ndarray
    bias: float

    def positions(self, idx: np.ndarray) -> np.ndarray:
        """Where the items ``idx`` sit in :attr:`rows`."""
        return np.searchsorted(self.rows, idx)

    def times(self, items: Items, pos: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """``K(every item, rows[pos]) @ vector`` without the items x rated matrix."""
        return self.times_each(items, [(pos, vector)])[:, 0]

    def times_each(self, items: Items, pairs: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """:meth:`times` for several ``(pos, vector)`` pairs, one column each.

        The rated rows' features are summed first (one feature-space vector per pair) and
        every item is then one sparse row times them: the catalog is read once for both
        partners (at 100,000 rows, reading it is most of the cost).
        """
        # One weight per rated row: an item rated by both partners appears twice in ``pos``.
        per_row = np.column_stack(
            [
                np.bincount(pos, weights=np.asarray(vector, dtype=float), minlength=len(self.rows))
                for pos, vector in pairs
            ]
        )
        total = items.vectors @ (self.weights[:, None] * (self.vectors_t @ per_row))
        if self.numbers is not None:
            total += self.numbers_kernel * (items.numbers @ (self.numbers.T @ per_row))
        sums = np.asarray([float(np.sum(vector)) for _, vector in pairs])
        return total + self.bias * sums

    def similar(self, vectors: sparse.csr_matrix) -> Similar:
        """The content similarity of each row of ``vectors`` with each rated item."""
        return Similar((vectors @ self.vectors_t).toarray(), self.rows)


@dataclass(frozen=True)
class Similar:
    """Content similarity of some items (the shortlist) to every item the couple rated.

    Novelty (recent outings) and reasons (liked activities) each compare the shortlist
    with some of the rated items: one sparse product with all of them, read by column,
    saves a sparse slice and a product per step.
    """

    matrix: np.ndarray  # items x rated rows
    rows: np.ndarray  # the rated items, sorted

    def to(self, ids: list[int] | np.ndarray) -> np.ndarray | None:
        """The columns of the items ``ids``; None when one of them was not rated."""
        ids = np.asarray(ids, dtype=np.int64)
        if len(self.rows) == 0:
            return None
        pos = np.minimum(np.searchsorted(self.rows, ids), len(self.rows) - 1)
        if not np.array_equal(self.rows[pos], ids):
            return None
        return self.matrix[:, pos]

    def take(self, positions: np.ndarray) -> Similar:
        """The similarities of the items at ``positions`` only."""
        return Similar(self.matrix[positions], self.rows)


def column_weights(items: Items, p: RankingParams) -> np.ndarray:
    """``d``: each content column's weight in the kernel (see :class:`Rated`)."""
    weights = np.ones(items.vectors.shape[1])
    if p.taste_kernel and items.taste_cols is not None:
        weights[items.taste_cols] += p.taste_kernel
    return weights


def rated_features(items: Items, history: History, p: RankingParams) -> Rated:
    """The couple's rated items with their features and kernel (see :class:`Rated`)."""
    rated = set()
    for per_item in history.ratings.values():
        rated.update(per_item)
    rows = np.asarray(sorted(rated), dtype=np.int64)
    vectors = items.vectors[rows]
    vectors_t = vectors.T.tocsr()
    weights = column_weights(items, p)
    weighted = vectors.copy()
    weighted.data *= weights[weighted.indices]
    # CSR times CSR: scipy converts a transposed (CSC) right-hand side first, which costs
    # twice the product on a few dozen rows.
    gram = (weighted @ vectors_t).toarray()
    numbers = None
    if p.numbers_kernel and items.numbers is not None:
        numbers = items.numbers[rows]
        gram += p.numbers_kernel * (numbers @ numbers.T)
    return Rated(
        rows=rows,
        vectors=vectors,
        vectors_t=vectors_t,
        numbers=numbers,
        numbers_kernel=p.numbers_kernel,
        weights=weights,
        gram=gram + p.bias_kernel,
        bias=p.bias_kernel,
    )


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
    rated: Rated | None = None  # the rated items' features (None without ratings)

    def sample(self, rng: np.random.Generator, scale: float = 1.0) -> np.ndarray:
        """One draw of the enjoyment of every item (Thompson sampling), clipped to 0..1.

        ``scale`` shrinks the draw's spread around the mean (1 = the posterior's own).
        """
        p = self.params
        s = np.sqrt(p.prior_variance)
        draw = s * _prior_draw(self.items, p, rng)
        if self.solve is not None and self.rated is not None:
            share = self.share if self.share is not None else np.ones(len(self.idx))
            at = draw[self.idx]
            other = share < 1.0
            if other.any():  # the other partner's taste: correlated by their share
                rho = float(share[other][0])
                apart = s * _prior_draw(self.items, p, rng)
                at[other] = rho * at[other] + np.sqrt(1 - rho**2) * apart[self.idx[other]]
            eps = rng.normal(0.0, np.sqrt(self.noise))
            # (K * share) @ v = K @ (share * v): no items x events matrix is built.
            pos = self.rated.positions(self.idx)
            draw = draw - s**2 * self.rated.times(
                self.items, pos, share * (self.solve @ (at + eps))
            )
        return np.clip(self.mean + scale * draw, 0.0, 1.0)


def _prior_draw(items: Items, p: RankingParams, rng: np.random.Generator) -> np.ndarray:
    """``w . phi(x)`` for every item, with ``w`` drawn from N(0, I) (unit prior scale).

    The draws are taken in the blocks' order (content, tags and category, numbers, bias);
    the tags and category are columns of the content vectors, so their part joins the
    content's in one product over the catalog.
    """
    w = rng.normal(0.0, 1.0, items.vectors.shape[1])
    if p.taste_kernel:
        taste = rng.normal(0.0, 1.0, items.taste.shape[1])
        w[items.taste_cols] += np.sqrt(p.taste_kernel) * taste
    draw = items.vectors @ w
    if p.numbers_kernel and items.numbers is not None:
        w_numbers = rng.normal(0.0, 1.0, items.numbers.shape[1])
        draw += np.sqrt(p.numbers_kernel) * (items.numbers @ w_numbers)
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


def posteriors(
    priors: dict[str, np.ndarray],
    items: Items,
    history: History,
    params: RankingParams,
    rated: Rated | None = None,
) -> dict[str, Posterior]:
    """Each partner's posterior enjoyment, given the couple's ratings in ``history``.

    ``priors`` holds each partner's stated prior. With ``couple_share`` > 0, the other
    partner's ratings count too, as evidence about a taste the two partly share: the two
    tastes' departures from what each stated are correlated by ``couple_share``. Each
    partner's events are read once for both posteriors, and ``rated``
    (:func:`rated_features` of ``history``, made here when not given) serves both.
    """
    if rated is None:
        rated = rated_features(items, history, params)
    events = {key: _events(prior, key, items, history, params) for key, prior in priors.items()}
    keys = list(priors)
    fits = {
        key: _fit(priors[key], key, other, events, params, rated)
        for key, other in zip(keys, keys[::-1], strict=True)
    }
    out = {}
    for key, fit in fits.items():
        if fit is None:  # no ratings to learn from: the stated prior
            empty = np.zeros(0, dtype=np.int64)
            prior = priors[key]
            out[key] = Posterior(prior, prior, items, empty, np.zeros(0), np.zeros(0), None, params)
    learned = [key for key, fit in fits.items() if fit is not None]
    if learned:
        moves = rated.times_each(
            items, [(fits[k].pos, fits[k].share * fits[k].alpha) for k in learned]
        )
        for column, key in enumerate(learned):
            fit, prior = fits[key], priors[key]
            mean = np.clip(prior + params.prior_variance * moves[:, column], 0.0, 1.0)
            out[key] = Posterior(
                mean, prior, items, fit.idx, fit.y, fit.noise, fit.solve, params, fit.share, rated
            )
    return {key: out[key] for key in keys}


@dataclass(frozen=True)
class _Fit:
    """One partner's closed-form update, before it is spread over the catalog."""

    idx: np.ndarray  # the rated items (own first, then the other partner's)
    pos: np.ndarray  # where they sit in Rated.rows
    y: np.ndarray
    noise: np.ndarray
    solve: np.ndarray  # (s^2 K + S)^-1
    share: np.ndarray
    alpha: np.ndarray  # solve @ surprise


def _fit(
    prior: np.ndarray,
    key: str,
    other: str,
    events: dict[str, tuple[np.ndarray, ...]],
    params: RankingParams,
    rated: Rated,
) -> _Fit | None:
    """Partner ``key``'s update from the ratings (see :func:`posteriors`); None without any."""
    p = params
    keys = [key, other] if p.couple_share > 0 else [key]
    parts = [(events[k], k == key) for k in keys if len(events[k][0])]
    if not parts:
        return None
    idx = np.concatenate([e[0] for e, _ in parts])
    y = np.concatenate([e[1] for e, _ in parts])
    surprise = np.concatenate([e[2] for e, _ in parts])
    noise = np.concatenate([e[3] for e, _ in parts])
    thumbs = np.concatenate([e[4] for e, _ in parts])
    own = np.concatenate([np.full(len(e[0]), mine) for e, mine in parts])
    share = np.where(own, 1.0, p.couple_share)
    # Two ratings by the same partner inform each other fully; one of each partner's,
    # by couple_share (the part of their tastes they share).
    coupling = np.where(own[:, None] == own[None, :], 1.0, p.couple_share)
    pos = rated.positions(idx)
    gram = p.prior_variance * rated.gram[np.ix_(pos, pos)] * coupling
    if p.event_cap > 0:  # a thumbs on a card is bounded evidence; an outing is not
        noise = _bounded_noise(surprise, thumbs, np.diag(gram), noise, p.event_cap)
    solve = np.linalg.inv(gram + np.diag(noise))
    return _Fit(idx, pos, y, noise, solve, share, solve @ surprise)


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
