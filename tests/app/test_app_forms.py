"""Forms never change what was typed (issue 10): a problem is said under its field, the
value stays as typed, and nothing is saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from recommender.profiles import Couple, Partner

COUPLE = Couple(Partner("Ana", ("cooking", "hiking")), Partner("Ben", ("board-games", "nature")))


def click(at, label: str):
    return next(b for b in at.button if b.label == label).click().run()


def errors(at) -> str:
    return " ".join(e.value for e in at.error)


def _fill_profile(at, budget_a: float, budget_b: float = 80.0) -> None:
    for key, name, interest, budget in (
        ("a", "Ana", "cooking", budget_a),
        ("b", "Ben", "nature", budget_b),
    ):
        at.text_input(key=f"us_{key}_name").set_value(name)
        at.multiselect(key=f"us_{key}_interests").set_value([interest])
        at.number_input(key=f"us_{key}_budget").set_value(budget)


def test_a_negative_budget_is_said_and_kept_as_typed(make_app, app_store):
    at = make_app().run()
    _fill_profile(at, -5.0)
    click(at, "Save our profile")
    assert "Write the budget as a number of dollars, 0 or more" in errors(at)
    assert at.number_input(key="us_a_budget").value == -5.0
    assert app_store.list_couples() == []


def test_an_absurd_budget_is_refused(make_app, app_store):
    at = make_app().run()
    _fill_profile(at, 1_000_000_000.0)
    click(at, "Save our profile")
    assert "more than $1,000,000 for one outing" in errors(at)
    assert app_store.list_couples() == []


def test_a_large_budget_is_saved_only_once_confirmed(make_app, app_store):
    at = make_app().run()
    _fill_profile(at, 80.0, 8_000.0)
    click(at, "Save our profile")
    assert "$8,000 for one outing is a lot" in errors(at)
    assert app_store.list_couples() == []
    at.checkbox(key="us_confirm_budget").check()
    click(at, "Save our profile")
    assert not at.exception
    [(couple_id, _)] = app_store.list_couples()
    assert app_store.get_couple(couple_id).b.budget == 8_000.0


@pytest.fixture
def outings_page(make_app, app_store):
    couple_id = app_store.create_couple(COUPLE)
    at = make_app().run()
    at.switch_page("app_pages/outings.py").run()
    at.radio(key="log_source").set_value("Something from the catalog").run()
    return at, app_store, couple_id


def test_a_done_outing_dated_next_week_is_not_saved_but_can_be_planned(outings_page):
    at, store, couple_id = outings_page
    next_week = date.today() + timedelta(days=7)
    at.date_input[0].set_value(next_week)
    click(at, "Save this outing")
    assert "That day is still to come" in errors(at)
    assert store.outings(couple_id).empty
    assert at.date_input[0].value == next_week  # as typed, not today
    offer = next(b for b in at.button if b.label.startswith("Plan it for"))
    offer.click().run()
    assert not at.exception
    planned = store.planned(couple_id)
    assert planned["date"].tolist() == [next_week]
    assert store.outings(couple_id).empty


def test_a_negative_cost_is_said_and_nothing_is_saved(outings_page):
    at, store, couple_id = outings_page
    at.number_input[0].set_value(-3.0)
    click(at, "Save this outing")
    assert "Write what it cost in dollars, 0 or more" in errors(at)
    assert at.number_input[0].value == -3.0
    assert store.outings(couple_id).empty


@pytest.fixture
def weekend(make_app, app_store):
    couple_id = app_store.create_couple(COUPLE)
    return make_app().run(), app_store, couple_id


def test_a_plan_for_a_past_day_is_said_and_cannot_be_added(weekend):
    at, store, couple_id = weekend
    key = next(d.key for d in at.date_input if d.key and d.key.startswith("plan_day_"))
    aid = key.removeprefix("plan_day_")
    at.date_input(key=key).set_value(date.today() - timedelta(days=2)).run()
    assert "That day has passed" in errors(at)
    assert at.button(key=f"plan_{aid}").disabled
    assert at.date_input(key=key).value == date.today() - timedelta(days=2)
    assert store.planned(couple_id).empty


def test_a_past_day_on_this_weekend_is_said_not_replaced(weekend):
    at, _, _ = weekend
    assert [m for m in at.markdown if m.value.startswith("### ")]
    past = date(2020, 5, 1)
    at.date_input(key="wk_day").set_value(past).run()
    assert at.date_input(key="wk_day").value == past
    assert "That day has passed" in errors(at)
    assert not [m for m in at.markdown if m.value.startswith("### ")]  # no ideas for another day
