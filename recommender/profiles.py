"""The people the recommender serves: partners, couples, and their feedback.

These are small immutable values that check themselves on creation, so a bad
profile or rating fails where it is made, with a message naming the field and
the values allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, get_args

PartnerKey = Literal["a", "b"]
#: The two partner slots of a couple, in order.
PARTNER_KEYS: tuple[str, ...] = get_args(PartnerKey)

#: Rating scale for feedback; a thumbs up counts as the top, a thumbs down as the bottom.
RATING_MIN, RATING_MAX = 1, 5
THUMBS_UP, THUMBS_DOWN = RATING_MAX, RATING_MIN
RISK_MIN, RISK_MAX = 1, 5


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_level(value: object, field_name: str, low: int, high: int) -> int:
    """Return ``value`` as an int if it is a whole number in ``[low, high]``.

    Raises
    ------
    ValueError
        Naming ``field_name`` and the allowed values.
    """
    allowed = ", ".join(str(v) for v in range(low, high + 1))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not _is_int(value) or not low <= value <= high:  # type: ignore[operator]
        raise ValueError(f"{field_name} must be one of {allowed} (got {value!r})")
    return int(value)  # type: ignore[arg-type]


def check_partner_key(value: object) -> str:
    """Return ``value`` if it names a partner slot ("a" or "b")."""
    if value not in PARTNER_KEYS:
        raise ValueError(
            f"partner must be one of {', '.join(repr(k) for k in PARTNER_KEYS)} (got {value!r})"
        )
    return str(value)


@dataclass(frozen=True)
class Partner:
    """One person in a couple.

    Parameters
    ----------
    name : str
        What to call them in suggestions' reasons.
    interests : sequence of str
        Catalog tags or categories ("cooking", "outdoors") or free words ("the sea").
    risk_comfort : int
        1-5 on the catalog's risk scale: the most risk they are happy with.
    budget : float
        The most they want to spend on one outing for the two of them, in USD.
    """

    name: str
    interests: tuple[str, ...] = field(default_factory=tuple)
    risk_comfort: int = 2
    budget: float = 100.0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("name must be a non-empty text (got an empty name)")
        object.__setattr__(self, "name", self.name.strip())
        interests = self.interests
        if isinstance(interests, str):
            interests = [interests]
        try:
            cleaned = tuple(str(i).strip() for i in interests if str(i).strip())
        except TypeError:
            raise ValueError(
                f"interests must be a list of words (got {self.interests!r})"
            ) from None
        object.__setattr__(self, "interests", tuple(dict.fromkeys(cleaned)))
        object.__setattr__(
            self, "risk_comfort", check_level(self.risk_comfort, "risk_comfort", RISK_MIN, RISK_MAX)
        )
        budget = self.budget
        if isinstance(budget, bool) or not isinstance(budget, (int, float)):
            raise ValueError(f"budget must be a number of dollars, 0 or more (got {budget!r})")
        if math.isnan(budget) or budget < 0:
            raise ValueError(f"budget must be a number of dollars, 0 or more (got {budget!r})")
        object.__setattr__(self, "budget", float(budget))


@dataclass(frozen=True)
class Couple:
    """Two partners choosing together; ``a`` and ``b`` are the keys feedback uses."""

    a: Partner
    b: Partner

    def __post_init__(self) -> None:
        for key in PARTNER_KEYS:
            if not isinstance(getattr(self, key), Partner):
                raise ValueError(f"partner {key!r} must be a Partner")

    def partner(self, key: str) -> Partner:
        """The partner in slot ``key`` ("a" or "b")."""
        return getattr(self, check_partner_key(key))

    @property
    def budget(self) -> float:
        """The joint budget: the lower of the two."""
        return min(self.a.budget, self.b.budget)

    @property
    def risk_comfort(self) -> int:
        """The joint risk comfort: the lower of the two."""
        return min(self.a.risk_comfort, self.b.risk_comfort)


@dataclass(frozen=True)
class Feedback:
    """One partner's rating of one activity.

    Parameters
    ----------
    activity_id : str
        The activity rated.
    partner : {"a", "b"}
        Who rated it.
    rating : int
        1-5; a thumbs up is 5 and a thumbs down is 1.
    done : bool
        True when it rates an outing they actually did, False for a reaction
        to a suggestion.
    at : datetime, optional
        When it was given; lists of feedback are otherwise taken as oldest first.
    """

    activity_id: str
    partner: str
    rating: int
    done: bool = False
    at: datetime | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.activity_id, str) or not self.activity_id.strip():
            raise ValueError("activity_id must be a non-empty text")
        check_partner_key(self.partner)
        object.__setattr__(
            self, "rating", check_level(self.rating, "rating", RATING_MIN, RATING_MAX)
        )
        object.__setattr__(self, "done", bool(self.done))
