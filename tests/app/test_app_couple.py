"""Which couple is shown (app_pages/_couple.py): kept across pages and reloads, never the demo
once a real couple exists, several couples created without error, deleting with confirmation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from recommender.planning.demo import DEMO_NAME, create_demo_couple
from recommender.profiles import Couple, Partner

ANA_BEN = Couple(Partner("Ana", ("cooking", "hiking")), Partner("Ben", ("board-games", "nature")))
CLEO_DAN = Couple(Partner("Cleo", ("music", "art")), Partner("Dan", ("nature",)))


@pytest.fixture
def three(make_app, app_store):
    """The demo (saved first), then Ana & Ben and Cleo & Dan; returns (store, ids by name)."""
    from app_pages import _store

    demo = create_demo_couple(app_store, _store.catalog())
    ids = {
        DEMO_NAME: demo,
        "Ana & Ben": app_store.create_couple(ANA_BEN),
        "Cleo & Dan": app_store.create_couple(CLEO_DAN),
    }
    return app_store, ids


def click(at, label: str):
    return next(b for b in at.button if b.label == label).click().run()


def picker(at):
    return next(s for s in at.selectbox if s.label == "Whose plans are these?")


def shown_couple(at, store) -> str:
    return store.couple_name(picker(at).value)


def test_the_demo_is_never_the_default_once_a_real_couple_exists(make_app, three):
    store, ids = three
    at = make_app().run()
    assert not at.exception
    assert shown_couple(at, store) == "Ana & Ben"
    assert at.query_params["couple"] == str(ids["Ana & Ben"])
    for page in ("outings", "explore", "ideas", "us"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert shown_couple(at, store) == "Ana & Ben", page


def test_only_the_demo_is_shown_when_it_is_alone(make_app, app_store):
    from app_pages import _store

    create_demo_couple(app_store, _store.catalog())
    at = make_app().run()
    assert "Maya and Sam" in at.markdown[0].value


def test_a_picked_couple_stays_on_every_page_and_gets_the_outing(make_app, three):
    store, ids = three
    at = make_app().run()
    picker(at).set_value(ids["Cleo & Dan"]).run()
    assert "Cleo and Dan" in " ".join(m.value for m in at.markdown)
    assert at.query_params["couple"] == str(ids["Cleo & Dan"])
    at.switch_page("app_pages/outings.py").run()
    assert shown_couple(at, store) == "Cleo & Dan"
    at.radio(key="log_source").set_value("Something from the catalog").run()
    at.date_input[0].set_value(date.today() - timedelta(days=1))
    next(b for b in at.button if b.label == "Save this outing").click().run()
    assert not at.exception
    assert len(store.outings(ids["Cleo & Dan"])) == 1
    assert store.outings(ids["Ana & Ben"]).empty
    demo_outings = len(store.outings(ids[DEMO_NAME]))
    at.switch_page("app_pages/weekend.py").run()
    assert shown_couple(at, store) == "Cleo & Dan"
    assert len(store.outings(ids[DEMO_NAME])) == demo_outings


def test_a_reload_with_the_url_comes_back_to_the_couple(make_app, three):
    store, ids = three
    at = make_app()
    at.query_params["couple"] = str(ids["Cleo & Dan"])
    at.run()
    assert shown_couple(at, store) == "Cleo & Dan"
    # A couple id that is not there (deleted, mistyped) falls back to the default.
    at = make_app()
    at.query_params["couple"] = "9999"
    at.run()
    assert not at.exception
    assert shown_couple(at, store) == "Ana & Ben"


def _new_couple(at, a: str, b: str) -> None:
    at.switch_page("app_pages/us.py").run()
    click(at, "Set up a new couple profile")
    at.text_input(key="us_a_name").set_value(a)
    at.text_input(key="us_b_name").set_value(b)
    at.multiselect(key="us_a_interests").set_value(["cooking"])
    at.multiselect(key="us_b_interests").set_value(["nature"])
    click(at, "Save our profile")


def test_a_third_and_a_fourth_couple_are_saved_without_error(make_app, three):
    store, _ = three
    at = make_app().run()
    _new_couple(at, "Eve", "Finn")
    assert not at.exception
    assert at.title[0].value == "This weekend"
    assert shown_couple(at, store) == "Eve & Finn"
    _new_couple(at, "Gus", "Hana")
    assert not at.exception
    assert not at.error
    assert shown_couple(at, store) == "Gus & Hana"
    assert [n for _, n in store.list_couples()][-2:] == ["Eve & Finn", "Gus & Hana"]
    at.switch_page("app_pages/outings.py").run()
    assert shown_couple(at, store) == "Gus & Hana"


def test_deleting_a_couple_asks_first_then_removes_everything(make_app, three):
    store, ids = three
    at = make_app().run()
    picker(at).set_value(ids["Cleo & Dan"]).run()
    at.switch_page("app_pages/us.py").run()
    click(at, "Delete Cleo & Dan...")
    assert "cannot be undone" in at.warning[0].value
    click(at, "No, keep them")
    assert "Cleo & Dan" in [n for _, n in store.list_couples()]
    click(at, "Delete Cleo & Dan...")
    click(at, "Yes, delete Cleo & Dan")
    assert not at.exception
    assert "Cleo & Dan" not in [n for _, n in store.list_couples()]
    assert "Deleted Cleo & Dan" in at.info[0].value.replace("\\", "")
    # Back to the default: the real couple, not the demo.
    assert shown_couple(at, store) == "Ana & Ben"
    assert at.query_params["couple"] == str(ids["Ana & Ben"])
