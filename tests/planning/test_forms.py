"""recommender/forms.py: form input checked field by field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from recommender.catalog.columns import Columns
from recommender.planning.forms import (
    FormError,
    couple_from_form,
    default_couple_name,
    idea_from_form,
    outing_from_form,
)

ANA = {"name": "Ana", "interests": ["cooking", "the sea"], "risk_comfort": 3, "budget": 80}
BEN = {"name": "Ben", "interests": ["hiking"], "risk_comfort": 2, "budget": 40.0}


def test_a_valid_profile_makes_a_couple():
    couple = couple_from_form(ANA, BEN)
    assert couple.a.interests == ("cooking", "the sea")
    assert couple.budget == 40.0 and couple.risk_comfort == 2
    assert default_couple_name(couple) == "Ana & Ben"


def test_every_profile_problem_is_reported_by_field():
    with pytest.raises(FormError, match="please fix 5 field") as info:
        couple_from_form(
            {"name": " ", "interests": [], "risk_comfort": 2, "budget": 10},
            {"name": "x" * 41, "interests": ["ok"], "risk_comfort": 9, "budget": -1},
        )
    fields = info.value.fields
    assert fields["a.name"] == "Please write your name."
    assert fields["a.interests"].startswith("Pick at least one interest")
    assert "40 characters" in fields["b.name"]
    assert fields["b.risk_comfort"] == "Choose a comfort level from 1 to 5."
    assert fields["b.budget"].startswith("Write the budget as a number of dollars")


def test_partners_need_different_names():
    with pytest.raises(FormError) as info:
        couple_from_form(ANA, {**BEN, "name": "ana "})
    assert list(info.value.fields) == ["b.name"]
    assert "different name" in info.value.fields["b.name"]


IDEA = {
    Columns.TITLE: "Picnic at the mill",
    Columns.DESCRIPTION: "Bread and the river.",
    Columns.CATEGORY: "outdoors",
    Columns.TAGS: ["nature", "romantic"],
    Columns.COST: 15.0,
    Columns.RISK: 1,
    Columns.DURATION_HOURS: 2.0,
    Columns.SETTING: "outdoor",
    Columns.ENERGY: 2,
    Columns.SEASONS: ["spring", "summer"],
    Columns.CONVERSATION_STARTER: "Where next?",
}


def test_a_valid_idea_becomes_a_record_without_an_id():
    record = idea_from_form(IDEA)
    assert Columns.ACTIVITY_ID not in record
    assert record[Columns.TITLE] == "Picnic at the mill"


def test_idea_problems_are_keyed_by_column():
    bad = {
        **IDEA,
        Columns.TITLE: "",
        Columns.CATEGORY: None,
        Columns.TAGS: [],
        Columns.CONVERSATION_STARTER: "Where next",
        Columns.DESCRIPTION: "",
    }
    with pytest.raises(FormError) as info:
        idea_from_form(bad)
    fields = info.value.fields
    assert fields[Columns.TITLE] == "Please fill this in."
    assert fields[Columns.DESCRIPTION] == "Please fill this in."
    assert fields[Columns.CATEGORY] == "Choose the kind of activity."
    assert fields[Columns.TAGS] == "Pick at least one thing it involves."
    assert fields[Columns.CONVERSATION_STARTER] == "Write it as a question, ending in '?'."
    with pytest.raises(FormError, match="at least one letter or digit"):
        idea_from_form({**IDEA, Columns.TITLE: "!!!"})


def test_outing_checks():
    today = date(2025, 6, 14)
    ok = outing_from_form(day=today, rating_a=5, rating_b=2, cost="", notes=" fun ", today=today)
    assert (ok.rating_a, ok.rating_b, ok.cost, ok.notes) == (5, 2, None, "fun")
    with pytest.raises(FormError) as info:
        outing_from_form(
            day=today + timedelta(days=1),
            rating_a=0,
            rating_b=True,
            cost=-3,
            notes="x" * 2001,
            today=today,
        )
    fields = info.value.fields
    assert fields["day"].startswith("That day is still to come")
    assert fields["rating_a"] == fields["rating_b"] == "Give a rating from 1 to 5."
    assert fields["cost"].startswith("Write what it cost")
    assert "at most 2000 characters" in fields["notes"]


# --- budgets and plan days (issue 10: forms never change what was typed) ----------------------


def test_budget_problem_says_what_is_wrong():
    from recommender.planning.forms import BUDGET_CONFIRM_ABOVE, budget_problem

    assert budget_problem(120.0) is None
    assert "0 or more" in budget_problem(-5.0)
    assert "0 or more" in budget_problem(float("inf"))
    assert "more than $1,000,000" in budget_problem(1e9)
    assert "is a lot" in budget_problem(BUDGET_CONFIRM_ABOVE + 1)
    assert budget_problem(BUDGET_CONFIRM_ABOVE + 1, confirmed=True) is None


def test_plan_day_must_not_have_passed():
    from datetime import date

    import pytest

    from recommender.planning.forms import FormError, plan_day_from_form

    today = date(2026, 11, 28)
    assert plan_day_from_form(today, today=today) == today
    with pytest.raises(FormError, match="That day has passed"):
        plan_day_from_form(date(2026, 11, 27), today=today)
    with pytest.raises(FormError, match="Pick the day"):
        plan_day_from_form(None, today=today)


def test_a_cost_above_the_ceiling_is_refused():
    from datetime import date

    import pytest

    from recommender.planning.forms import FormError, outing_from_form

    with pytest.raises(FormError, match="more than"):
        outing_from_form(day=date(2026, 1, 1), rating_a=4, rating_b=4, cost=2e6)


def test_an_outing_rated_on_one_phone_leaves_the_partners_rating_empty():
    from recommender.planning.forms import FormError, outing_from_form

    today = date(2026, 3, 1)
    ok = outing_from_form(day=today, rating_a=5, rating_b=None, later="b", today=today)
    assert (ok.rating_a, ok.rating_b) == (5, None)
    # Only the partner who rates later may leave theirs empty.
    with pytest.raises(FormError, match="rating_a"):
        outing_from_form(day=today, rating_a=None, rating_b=None, later="b", today=today)
