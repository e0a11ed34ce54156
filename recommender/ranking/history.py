"""A couple's feedback, digested per partner: ratings with recency, outings, what is blocked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from recommender.profiles import PARTNER_KEYS, Feedback

LIKED = 4  # a rating of 4-5 is "liked"
DISLIKED = 2  # a rating of 1-2 is "disliked": never suggested again


@dataclass
class History:
    """Feedback digested per partner."""

    ratings: dict[str, dict[int, tuple[int, float]]]  # partner -> item -> (rating, recency)
    done: list[int]  # items done, most recent last, unique
    blocked: set[int]  # done or rated 1-2 by either partner
    did: dict[str, set[int]]  # partner -> items they rated as an outing they did
    outing_means: dict[str, float]  # mean rating of done outings per partner
    n_outings: int


def _utc(at: datetime) -> datetime:
    """A time comparable with any other: one without a time zone is taken as UTC."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def digest(events: list[Feedback], index: dict[str, int], decay: float) -> History:
    """Digest checked feedback against the items' ``index`` (activity id -> row).

    The latest rating of an item by a partner counts; events are ordered by ``at``
    when every one has it, else taken as given (oldest first). Each rating's recency
    weight is ``decay`` to the power of the number of events after it.

    Raises
    ------
    ValueError
        For an activity id that is neither in the catalog nor among the ideas.
    """
    unknown = [e.activity_id for e in events if e.activity_id not in index]
    if unknown:
        raise ValueError(
            f"feedback has unknown activity_id {unknown[0]!r}: it is neither in the catalog"
            " nor among the couple's ideas"
        )
    if events and all(e.at is not None for e in events):
        events = sorted(events, key=lambda e: _utc(e.at))  # type: ignore[arg-type]
    n = len(events)
    ratings: dict[str, dict[int, tuple[int, float]]] = {key: {} for key in PARTNER_KEYS}
    did: dict[str, set[int]] = {key: set() for key in PARTNER_KEYS}
    done: dict[int, None] = {}
    outing: dict[str, list[int]] = {key: [] for key in PARTNER_KEYS}
    for pos, event in enumerate(events):
        item = index[event.activity_id]
        ratings[event.partner][item] = (event.rating, decay ** (n - 1 - pos))
        if event.done:
            done.pop(item, None)
            done[item] = None
            did[event.partner].add(item)
            outing[event.partner].append(event.rating)
    blocked = set(done)
    for per_item in ratings.values():
        blocked.update(i for i, (r, _) in per_item.items() if r <= DISLIKED)
    means = {key: float(np.mean(v)) for key, v in outing.items() if v}
    n_outings = min(len(outing[key]) for key in PARTNER_KEYS)
    return History(ratings, list(done), blocked, did, means, n_outings)
