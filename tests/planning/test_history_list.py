"""recommender/planning/history_list.py: the history as entries in words."""

from __future__ import annotations

from datetime import date

import pandas as pd

from recommender.catalog.columns import Columns
from recommender.planning.history_list import cost_against_budget, history_entries
from recommender.profiles import Couple, Partner

COUPLE = Couple(Partner("Ana", ("cooking",), 3, 120.0), Partner("Ben", ("nature",), 3, 100.0))
ACTIVITIES = pd.DataFrame(
    {Columns.ACTIVITY_ID: ["kayak", "ours-tango"], Columns.TITLE: ["Sea kayaking", "Tango"]}
).set_index(Columns.ACTIVITY_ID, drop=False)


def test_entries_say_each_rating_by_name_and_who_is_still_to_rate():
    outings = pd.DataFrame(
        {
            "outing_id": [1, 2, 3],
            Columns.ACTIVITY_ID: ["kayak", "ours-tango", "gone-idea"],
            "date": [date(2026, 6, 13), date(2026, 11, 1), date(2026, 11, 1)],
            "rating_a": [4, None, 2],
            "rating_b": [5, 3, float("nan")],
            "notes": ["Windy!", "", None],
            "cost": [60.0, float("nan"), 130.5],
        }
    )
    entries = history_entries(outings, ACTIVITIES, COUPLE)
    assert [e.outing_id for e in entries] == [3, 2, 1]  # newest first, then latest logged
    gone, tango, kayak = entries
    assert (kayak.title, kayak.when, kayak.ratings) == (
        "Sea kayaking",
        "Saturday 13 June 2026",
        "Ana 4/5 · Ben 5/5",
    )
    assert kayak.cost == "$60, within your $100 budget"  # the lower of the two budgets
    assert kayak.notes == "Windy!" and kayak.waiting_for == ()
    assert tango.ratings == "waiting for Ana's rating · Ben 3/5"
    assert tango.waiting_for == ("Ana",) and tango.cost == "Cost not noted"
    assert gone.title == "gone-idea"  # an activity no longer known keeps its id
    assert gone.ratings == "Ana 2/5 · waiting for Ben's rating"
    assert gone.cost == "$130.50, $30.50 over your $100 budget" and gone.notes == ""


def test_cost_against_budget_in_words():
    assert cost_against_budget(0.0, 50.0) == "Free"
    assert cost_against_budget(50, 50.0) == "$50, within your $50 budget"
    assert cost_against_budget(None, 50.0) == "Cost not noted"
    assert cost_against_budget(75, 50.0) == "$75, $25 over your $50 budget"
