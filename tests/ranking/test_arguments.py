"""Bad arguments are refused with the field and what is allowed."""

from __future__ import annotations

import pytest
from ranking_helpers import (
    ana_ben,
)

from recommender import (
    Columns,
    Feedback,
    Partner,
    Recommender,
)

C = Columns


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": -1}, r"k must be a whole number, 0 or more \(got -1\)"),
        ({"k": 2.5}, r"k must be a whole number, 0 or more \(got 2.5\)"),
        ({"k": True}, r"k must be a whole number"),
        ({"risk_stretch": 2}, r"risk_stretch must be one of 0, 1 \(got 2\)"),
        ({"risk_stretch": -1}, r"risk_stretch must be one of 0, 1"),
        (
            {"season": "monsoon"},
            r"season must be one of spring, summer, autumn, winter, or a date \(got 'monsoon'\)",
        ),
        ({"setting": "underwater"}, r"setting must be one of indoor, outdoor, or None"),
        ({"setting": "either"}, r"setting must be one of indoor, outdoor, or None for either"),
        ({"max_hours": 0}, r"max_hours must be a number of hours more than 0 \(got 0\)"),
        ({"max_hours": float("nan")}, r"max_hours must be a number of hours more than 0"),
        ({"feedback": [Feedback("no-such-activity", "a", 4)]}, r"unknown activity_id"),
        ({"feedback": ["pottery"]}, r"feedback must be a list of Feedback values"),
        ({"feedback": None}, r"feedback must be a list of Feedback values \(got None\)"),
        (
            {"feedback": Feedback("pottery-taster", "a", 5)},
            r"feedback must be a list of Feedback values, not a single Feedback: put it in a list",
        ),
        (
            {"feedback": [Feedback("pottery-taster", "a", 5, at="yesterday")]},
            r"feedback for 'pottery-taster': at must be a date and time .*\(got 'yesterday'\)",
        ),
        ({"exclude": None}, r"exclude must be a list of activity ids \(got None\)"),
        ({"exclude": 3}, r"exclude must be a list of activity ids \(got 3\)"),
        (
            {"exclude": ["salsa-night", 3]},
            r"exclude must be a list of activity ids \(got 3 in it\)",
        ),
    ],
)
def test_bad_arguments_name_the_field_and_what_is_allowed(
    engine: Recommender, kwargs: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        engine.recommend(ana_ben(), **kwargs)


def test_bad_couple_and_profile_values_are_refused(engine: Recommender) -> None:
    with pytest.raises(ValueError, match="couple must be a Couple"):
        engine.recommend("Ana & Ben")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"risk_comfort must be one of 1, 2, 3, 4, 5 \(got 6\)"):
        Partner("Ana", risk_comfort=6)
    with pytest.raises(ValueError, match="budget must be a number of dollars, 0 or more"):
        Partner("Ana", budget=float("nan"))
    with pytest.raises(ValueError, match="budget must be a number of dollars, 0 or more"):
        Partner("Ana", budget=-5)
    with pytest.raises(ValueError, match=r"rating must be one of 1, 2, 3, 4, 5 \(got 0\)"):
        Feedback("x", "a", 0)
    with pytest.raises(ValueError, match=r"partner must be one of 'a', 'b' \(got 'c'\)"):
        Feedback("x", "c", 3)
