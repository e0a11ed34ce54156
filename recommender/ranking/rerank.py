"""Steps 4 and 6: the shortlist of the best candidates, and its re-rank for variety.

Only a small pool of the best candidates is re-ranked, so a big catalog costs one
partial sort. The re-rank is a greedy maximal-marginal-relevance order whose first
few positions take turns between the partners.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

WINDOW = 10  # the variety floor holds in every run of this many picks
_FAVOURITES = 0.05  # a partner's favourites: predicted within this of their best


@dataclass(frozen=True)
class Turns:
    """How the top of the list takes turns between the partners.

    Attributes
    ----------
    enjoy_a, enjoy_b : numpy.ndarray
        Each partner's predicted enjoyment of each item.
    favour : float
        > 0 for a, < 0 for b: a partner the ranking deliberately leans towards, because
        their ratings have been lower (the list may tilt their way).
    balance : float
        Push, all down the list, against picks tipping it further towards the partner it
        already favours (the engine before issue 11; 0 in the defaults).
    positions : int
        The first positions arranged by turns: while only one partner has a favourite
        among them, the other gets the next one, if a favourite of theirs is good enough.
    margin : float
        How much lower (in re-rank score) such a pick may be than the best one.
    """

    enjoy_a: np.ndarray
    enjoy_b: np.ndarray
    favour: float = 0.0
    balance: float = 0.0
    positions: int = 0
    margin: float = 0.0

    @property
    def lean(self) -> np.ndarray:
        """How much more each item suits partner a than b."""
        return self.enjoy_a - self.enjoy_b


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


def _turn(gain: np.ndarray, chosen: list[int], turns: Turns) -> int | None:
    """The pick owed to a partner none of whose favourites leads yet, if one is good enough.

    A partner's favourites are the picks predicted within ``_FAVOURITES`` of their best
    in the pool; a card that merely leaves the other partner colder is not one.
    """
    fav = {
        side: enjoy >= enjoy.max() - _FAVOURITES
        for side, enjoy in ((1, turns.enjoy_a), (-1, turns.enjoy_b))
    }
    owed = [side for side in (1, -1) if not fav[side][chosen].any()]
    if len(owed) != 1:
        return None  # each has a favourite at the top, or neither does yet
    (side,) = owed
    if turns.favour != 0 and side != np.sign(turns.favour):
        return None  # the list may lean towards the partner whose ratings were lower
    options = np.flatnonzero(fav[side] & np.isfinite(gain))
    if len(options) == 0:
        return None
    best = int(options[np.argmax(gain[options])])
    return best if gain[best] >= gain.max() - turns.margin else None


def mmr(
    relevance: np.ndarray,
    vectors: sparse.csr_matrix,
    k: int,
    lam: float,
    turns: Turns,
    groups: np.ndarray | None = None,
    cap: int = 0,
) -> np.ndarray:
    """Greedy maximal-marginal-relevance order of the first ``k`` picks.

    With ``groups`` (a category code per item) and ``cap`` > 0, each run of ten picks
    holds at most ``cap`` of one category, however much the couple's ratings favour it
    (unless nothing else is left).
    """
    n = len(relevance)
    k = min(k, n)
    if k == 0:
        return np.zeros(0, dtype=int)
    sims = (vectors @ vectors.T).toarray()
    max_sim = np.zeros(n)
    lean = turns.lean
    chosen: list[int] = []
    available = np.ones(n, dtype=bool)
    tilt = 0.0
    capped = groups is not None and cap > 0
    if capped:
        codes = np.unique(np.asarray(groups), return_inverse=True)[1].ravel()
        in_block = np.zeros(codes.max() + 1, dtype=int)
    weighted = lam * relevance  # the same every pick
    for _ in range(k):
        gain = weighted - (1 - lam) * max_sim
        if turns.balance and tilt != 0.0 and np.sign(tilt) != np.sign(turns.favour):
            gain -= turns.balance * np.maximum(0.0, np.sign(tilt) * lean)
        gain[~available] = -np.inf
        if capped:
            if len(chosen) % WINDOW == 0:
                in_block[:] = 0  # a new run of ten starts
            elif in_block.max() >= cap:
                over = (in_block[codes] >= cap) & available
                if (available & ~over).any():
                    gain[over] = -np.inf
        nxt = None
        if 0 < len(chosen) < turns.positions:
            nxt = _turn(gain, chosen, turns)
        if nxt is None:
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
    turns: Turns,
    groups: np.ndarray | None = None,
    cap: int = 0,
) -> np.ndarray:
    """Positions in the pool of the ``k`` picks: ``depth`` by MMR, the rest by relevance."""
    order = mmr(relevance, vectors, depth, lam, turns, groups, cap)
    rest = np.setdiff1d(np.arange(len(relevance)), order, assume_unique=True)
    rest = rest[np.lexsort((rest, -relevance[rest]))][: k - len(order)]
    return np.concatenate([order, rest]).astype(int)
