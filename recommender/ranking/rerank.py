"""Steps 4 and 6: the shortlist of the best candidates, and its re-rank for variety.

Only a small pool of the best candidates is re-ranked, so a big catalog costs one
partial sort. The re-rank is a greedy maximal-marginal-relevance order that also
takes turns between the partners.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

_WINDOW = 10  # the variety floor holds in every run of this many picks


def shortlist(candidates: np.ndarray, joint: np.ndarray, k: int, depth: int) -> np.ndarray:
    """The best candidates worth re-ranking, best first (ties by position).

    Parameters
    ----------
    candidates : numpy.ndarray
        Eligible item indices.
    joint : numpy.ndarray
        Joint score of every item.
    k : int
        How many suggestions are asked for.
    depth : int
        How many top positions the re-rank arranges.
    """
    pool_size = min(len(candidates), max(4 * depth, 60) + (k - depth))
    cand_scores = joint[candidates]
    if pool_size < len(candidates):
        top = np.argpartition(-cand_scores, pool_size - 1)[:pool_size]
        pool = candidates[top]
    else:
        pool = candidates
    return pool[np.lexsort((pool, -joint[pool]))]


def mmr(
    relevance: np.ndarray,
    vectors: sparse.csr_matrix,
    k: int,
    lam: float,
    lean: np.ndarray,
    balance: float,
    favour: float,
    groups: np.ndarray | None = None,
    cap: int = 0,
) -> np.ndarray:
    """Greedy maximal-marginal-relevance order of the first ``k`` picks.

    With ``groups`` (a category code per item) and ``cap`` > 0, each run of ten picks
    holds at most ``cap`` of one category, however much the couple's ratings favour it
    (unless nothing else is left).

    ``lean`` is how much more each item suits partner a than b: picks that would tip
    the list further towards the partner it already favours are pushed down, so the top
    of the list takes turns between the two of them. ``favour`` (> 0 for a, < 0 for b)
    names a partner the ranking deliberately leans towards, because their ratings have
    been lower: the list may tilt their way without being pushed back.
    """
    n = len(relevance)
    k = min(k, n)
    if k == 0:
        return np.zeros(0, dtype=int)
    sims = (vectors @ vectors.T).toarray()
    chosen = [int(np.argmax(relevance))]
    max_sim = sims[chosen[0]].copy()
    available = np.ones(n, dtype=bool)
    available[chosen[0]] = False
    tilt = float(lean[chosen[0]])
    capped = groups is not None and cap > 0
    if capped:
        codes = np.unique(np.asarray(groups), return_inverse=True)[1].ravel()
        in_block = np.zeros(codes.max() + 1, dtype=int)
        in_block[codes[chosen[0]]] += 1
    for _ in range(k - 1):
        gain = lam * relevance - (1 - lam) * max_sim
        if tilt != 0.0 and np.sign(tilt) != np.sign(favour):
            gain -= balance * np.maximum(0.0, np.sign(tilt) * lean)
        gain[~available] = -np.inf
        if capped:
            if len(chosen) % _WINDOW == 0:
                in_block[:] = 0  # a new run of ten starts
            elif in_block.max() >= cap:
                over = (in_block[codes] >= cap) & available
                if (available & ~over).any():
                    gain[over] = -np.inf
        nxt = int(np.argmax(gain))
        chosen.append(nxt)
        available[nxt] = False
        np.maximum(max_sim, sims[nxt], out=max_sim)
        tilt += float(lean[nxt])
        if capped:
            in_block[codes[nxt]] += 1
    return np.asarray(chosen)


def rerank(
    relevance: np.ndarray,
    vectors: sparse.csr_matrix,
    k: int,
    depth: int,
    lam: float,
    lean: np.ndarray,
    balance: float,
    favour: float,
    groups: np.ndarray | None = None,
    cap: int = 0,
) -> np.ndarray:
    """Positions in the pool of the ``k`` picks: ``depth`` by MMR, the rest by relevance."""
    order = mmr(relevance, vectors, depth, lam, lean, balance, favour, groups, cap)
    rest = np.setdiff1d(np.arange(len(relevance)), order, assume_unique=True)
    rest = rest[np.lexsort((rest, -relevance[rest]))][: k - len(order)]
    return np.concatenate([order, rest]).astype(int)
