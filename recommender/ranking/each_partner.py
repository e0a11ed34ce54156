"""Step 6b: each partner sees a card naming an interest of theirs near the top.

After one partner's thumbs up, more like the liked card come in; without this they could
push out every card the other partner would recognise as theirs. The rule is the one a
couple sees: among the first few cards, a reason that names an interest of each partner
(in their own words), whenever some eligible activity's reason could.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from recommender.profiles import PARTNER_KEYS, Couple
from recommender.ranking.history import History
from recommender.ranking.items import Items
from recommender.ranking.learner import Rated, Similar
from recommender.ranking.novelty import novelty_penalty
from recommender.ranking.params import RankingParams
from recommender.ranking.reasons import claimed
from recommender.ranking.rerank import WINDOW
from recommender.ranking.scoring import InterestLookup

#: How many more candidates (by joint score) are searched when the shortlist has no card
#: for a partner: enough to reach their interests when the other's thumbs up filled it.
_BEYOND = 300

_BATCH = 30  # cards whose reasons are worked out at a time, when a partner needs one

Claims = Callable[[np.ndarray], dict[str, np.ndarray]]


def keep_each_partner(
    order: np.ndarray,
    relevance: np.ndarray,
    claims: Callable[[np.ndarray], dict[str, np.ndarray]],
    top: int,
    groups: np.ndarray | None = None,
    cap: int = 0,
    margin: float = np.inf,
) -> np.ndarray:
    """The order, changed so that the first ``top`` cards name an interest of each partner.

    A partner with no such card near the top gets their best one from the pool (by
    relevance) at the last place of the top, when the pool has one; the card it
    displaces is the lowest of the top that is not the other partner's only such card,
    and moves one place down. The variety floor still holds in the first ten.

    Parameters
    ----------
    order : numpy.ndarray
        Positions in the pool, best first (what :func:`rerank` returns).
    relevance : numpy.ndarray
        Re-rank relevance of every pool position.
    claims : callable
        Pool positions -> per partner key, whether each card's reason names an
        interest of that partner (computed only for the positions asked about).
    top : int
        How many cards a couple looks at first.
    groups, cap : numpy.ndarray, int
        Category code per pool position and the most of one category in ten.
    """
    top = min(top, len(order))
    if top == 0:
        return order
    order = np.asarray(order, dtype=int)
    head = claims(order[:top])
    missing = [key for key, said in head.items() if not said.any()]
    if not missing:
        return order
    rest = np.setdiff1d(np.arange(len(relevance)), order[:top], assume_unique=True)
    if len(rest) == 0:
        return order
    rest = rest[np.lexsort((rest, -relevance[rest]))]
    said = head
    for key in missing:
        if said[key].any():
            continue
        others = [k for k in said if k != key]
        # The lowest card of the top whose leaving takes no partner's only card with it.
        out = None
        for place in range(top - 1, -1, -1):
            if all(not said[k][place] or said[k].sum() > 1 for k in others):
                out = place
                break
        if out is None:
            continue
        # The best close enough to the card it would displace, looked at a few at a time
        # (best first): working out a reason for every card of the pool costs more.
        close = rest[relevance[rest] >= relevance[order[out]] - margin]
        close = close[~np.isin(close, order[:top])]
        for start in range(0, len(close), _BATCH):
            batch = close[start : start + _BATCH]
            picked = None
            for pick in batch[claims(batch)[key]]:
                kept = np.delete(order[:top], out)
                tail = [p for p in order[top:] if p != pick]
                new = np.concatenate([kept, [pick, order[out]], tail]).astype(int)[: len(order)]
                if _within_cap(new, groups, cap):
                    picked = new
                    break
            if picked is not None:
                order = picked
                said = claims(order[:top])
                break
    return order


def _within_cap(order: np.ndarray, groups: np.ndarray | None, cap: int) -> bool:
    """Whether the first ten hold at most ``cap`` of any one category (no cap: always)."""
    if groups is None or cap <= 0:
        return True
    counts = np.unique(np.asarray(groups)[order[:WINDOW]], return_counts=True)[1]
    return bool(counts.max() <= cap)


def name_each_partner(
    couple: Couple,
    items: Items,
    history: History,
    enjoy: dict[str, np.ndarray],
    joint: np.ndarray,
    candidates: np.ndarray,
    shortlisted: tuple[np.ndarray, np.ndarray, np.ndarray, Similar],
    rated: Rated,
    lookup: InterestLookup,
    top: int,
    params: RankingParams,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Similar]:
    """The pool, relevance, order and similarities, changed by :func:`keep_each_partner`.

    The shortlist is searched first; only when it holds no card for a partner are the
    next best candidates (by joint score) added to it, with their novelty worked out.

    Parameters
    ----------
    shortlisted : tuple
        ``(pool, relevance, positions, similar)`` as the re-rank left them.
    top : int
        How many cards a couple looks at first.
    """
    pool, relevance, positions, similar = shortlisted
    stated = [key for key in PARTNER_KEYS if couple.partner(key).interests]
    if not stated or top <= 0:
        return shortlisted

    known: dict[int, tuple[bool, ...]] = {}  # item -> claimed per stated partner, this call

    def claims_in(within: np.ndarray) -> Claims:
        def claims(rows: np.ndarray) -> dict[str, np.ndarray]:
            wanted = within[rows].tolist()
            new = np.asarray([item for item in dict.fromkeys(wanted) if item not in known])
            if len(new):
                said = claimed(couple, new, items, lookup, enjoy)
                for i, item in enumerate(new.tolist()):
                    known[item] = tuple(bool(said[key][i]) for key in stated)
            table = np.asarray([known[item] for item in wanted], dtype=bool).reshape(
                -1, len(stated)
            )
            return {key: table[:, j] for j, key in enumerate(stated)}

        return claims

    head = min(top, len(positions))
    if all(said.any() for said in claims_in(pool)(positions[:head]).values()):
        return shortlisted  # the usual case: one look at the first few cards
    groups = items.category_codes
    cap = params.category_cap
    order = keep_each_partner(
        positions, relevance, claims_in(pool), top, groups[pool], cap, params.interest_margin
    )
    if all(said.any() for said in claims_in(pool)(order[:head]).values()):
        return pool, relevance, order, similar
    extra = np.setdiff1d(candidates, pool, assume_unique=True)
    if len(extra) == 0:
        return pool, relevance, order, similar
    if len(extra) > _BEYOND:
        extra = extra[np.argpartition(-joint[extra], _BEYOND - 1)[:_BEYOND]]
    extra = extra[np.lexsort((extra, -joint[extra]))]
    wider = np.concatenate([pool, extra])
    vectors = items.vectors[wider]
    similar = rated.similar(vectors)
    more = joint[extra] - novelty_penalty(items.vectors[extra], items, history, params)
    relevance = np.concatenate([relevance, more])
    order = keep_each_partner(
        order, relevance, claims_in(wider), top, groups[wider], cap, params.interest_margin
    )
    return wider, relevance, order, similar
