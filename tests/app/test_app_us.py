"""The Us page (app_pages/us.py) and the first run: profile set-up, its validation, the demo."""

from __future__ import annotations

from pathlib import Path

from recommender.planning.demo import DEMO_NAME
from recommender.profiles import Couple, Partner


def _fill(at, key: str, name: str, interests: list[str], risk: int = 2, budget: float = 80.0):
    at.text_input(key=f"us_{key}_name").set_value(name)
    at.multiselect(key=f"us_{key}_interests").set_value(interests)
    at.select_slider(key=f"us_{key}_risk").set_value(risk)
    at.number_input(key=f"us_{key}_budget").set_value(budget)


def _save(at):
    return next(b for b in at.button if b.label == "Save our profile").click().run()


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_first_run_leads_to_profile_and_offers_demo(make_app):
    at = make_app().run()
    assert not at.exception
    assert at.title[0].value == "Us"
    assert "Welcome" in at.markdown[0].value
    labels = [b.label for b in at.button]
    assert "Just looking? Explore with a demo couple" in labels
    assert "Save our profile" in labels

    # The other pages point back to the set-up instead of failing.
    at.switch_page("app_pages/weekend.py").run()
    assert not at.exception
    assert "tell us a little about the two of you" in at.info[0].value


def test_empty_profile_shows_each_problem_next_to_its_field_and_saves_nothing(make_app, app_store):
    at = make_app().run()
    _save(at)
    errors = _errors(at)
    assert "Please write your name." in errors
    assert "Please write your partner's name." in errors
    assert sum("Pick at least one interest" in e for e in errors) == 2
    assert "Nothing was saved yet" in at.warning[0].value
    assert app_store.list_couples() == []


def test_same_names_and_missing_interests_are_reported_together(make_app, app_store):
    at = make_app().run()
    _fill(at, "a", "Ana", ["cooking"])
    _fill(at, "b", "ana", [])
    _save(at)
    errors = _errors(at)
    assert any("different name from your partner's" in e for e in errors)
    assert any("Pick at least one interest" in e for e in errors)
    assert len(errors) == 2
    assert app_store.list_couples() == []


def test_saving_a_valid_profile_creates_the_couple_and_opens_this_weekend(make_app, app_store):
    at = make_app().run()
    _fill(at, "a", "Ana", ["cooking", "hiking"], risk=3, budget=120)
    _fill(at, "b", "Ben", ["board-games", "the sea"], risk=2, budget=60)
    _save(at)
    assert not at.exception
    assert at.title[0].value == "This weekend"
    assert "Welcome, Ana and Ben" in at.success[0].value
    [(couple_id, name)] = app_store.list_couples()
    assert name == "Ana & Ben"
    couple = app_store.get_couple(couple_id)
    assert couple.a == Partner("Ana", ("cooking", "hiking"), 3, 120.0)
    assert couple.b == Partner("Ben", ("board-games", "the sea"), 2, 60.0)
    # Suggestions are there at once.
    assert len([m for m in at.markdown if m.value.startswith("### ")]) == 6


def test_editing_the_profile_saves_the_change(make_app, app_store):
    app_store.create_couple(
        Couple(Partner("Ana", ("cooking",), 2, 100.0), Partner("Ben", ("hiking",), 2, 100.0))
    )
    at = make_app().run()
    at.switch_page("app_pages/us.py").run()
    assert at.text_input(key="us_a_name").value == "Ana"
    at.number_input(key="us_b_budget").set_value(40.0)
    at.text_input(key="us_a_name").set_value("")
    _save(at)
    assert "Please write your name." in _errors(at)
    assert app_store.get_couple(1).b.budget == 100.0  # nothing saved half-way

    at.text_input(key="us_a_name").set_value("Anna")
    _save(at)
    assert "Saved." in at.success[0].value
    couple = app_store.get_couple(1)
    assert (couple.a.name, couple.b.budget) == ("Anna", 40.0)
    assert app_store.list_couples() == [(1, "Anna & Ben")]  # the default name follows


def test_risk_level_is_explained_in_words(make_app):
    at = make_app().run()
    at.select_slider(key="us_a_risk").set_value(5).run()
    captions = [c.value for c in at.caption]
    assert any("tandem skydive" in c for c in captions)


def test_demo_couple_lets_a_visitor_look_around_at_once(make_app, app_store):
    at = make_app().run()
    next(b for b in at.button if b.label.startswith("Just looking")).click().run()
    assert not at.exception
    assert at.title[0].value == "This weekend"
    assert "Maya and Sam" in at.info[0].value
    assert [n for _, n in app_store.list_couples()] == [DEMO_NAME]
    [couple_id] = [cid for cid, _ in app_store.list_couples()]
    assert len(app_store.outings(couple_id)) == 4
    # The Us page then offers to set up the couple's own profile.
    at.switch_page("app_pages/us.py").run()
    assert any("demo couple" in i.value for i in at.info)
    next(b for b in at.button if b.label == "Set up a new couple profile").click().run()
    assert at.text_input(key="us_a_name").value == ""
    _fill(at, "a", "Ana", ["cooking"])
    _fill(at, "b", "Ben", ["hiking"])
    _save(at)
    assert sorted(n for _, n in app_store.list_couples()) == ["Ana & Ben", DEMO_NAME]
    # Several couples: a selector at the top of the page, showing the new one.
    selector = next(s for s in at.selectbox if s.label == "Whose plans are these?")
    assert selector.format_func(selector.value) == "Ana & Ben"


def test_a_broken_database_is_a_clear_message_not_a_traceback(make_app, tmp_path, monkeypatch):
    not_a_db = tmp_path / "broken.sqlite"
    not_a_db.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{not_a_db}")
    at = make_app().run()
    assert not at.exception
    message = at.error[0].value
    assert "could not open or update your saved data" in message
    assert "DATABASE_URL" in message


def test_a_broken_catalog_is_a_clear_message_not_a_traceback(
    make_app, app_store, tmp_path, monkeypatch
):
    app_store.create_couple(Couple(Partner("Ana", ("cooking",)), Partner("Ben", ("hiking",))))
    bad = tmp_path / "bad.csv"
    bad.write_text("activity_id,title\nx,y\n", encoding="utf-8")
    monkeypatch.setenv("RECOMMENDER_CATALOG", str(bad))
    at = make_app().run()
    assert not at.exception
    assert at.title[0].value == "This weekend"
    message = at.error[0].value
    assert "could not read the list of activities" in message
    assert "missing column(s)" in message.replace("\\", "")  # shown as written, not formatted
    assert "validate-catalog" in message


def _profile_shown(at) -> tuple:
    return tuple(
        (
            at.text_input(key=f"us_{k}_name").value,
            tuple(at.multiselect(key=f"us_{k}_interests").value),
            at.select_slider(key=f"us_{k}_risk").value,
            at.number_input(key=f"us_{k}_budget").value,
        )
        for k in ("a", "b")
    )


def test_the_saved_profile_is_shown_again_after_visiting_another_page(make_app, app_store):
    app_store.create_couple(
        Couple(Partner("Ana", ("cooking",), 4, 120.0), Partner("Ben", ("hiking",), 2, 60.0))
    )
    saved = (("Ana", ("cooking",), 4, 120.0), ("Ben", ("hiking",), 2, 60.0))
    at = make_app().run()
    at.switch_page("app_pages/us.py").run()
    assert _profile_shown(at) == saved
    at.switch_page("app_pages/outings.py").run()
    at.switch_page("app_pages/us.py").run()
    assert not at.exception
    assert _profile_shown(at) == saved


def test_a_new_profile_is_shown_when_coming_back_to_us(make_app, app_store):
    at = make_app().run()
    _fill(at, "a", "Ana", ["cooking"], risk=3, budget=120)
    _fill(at, "b", "Ben", ["hiking"], risk=2, budget=60)
    _save(at)
    assert at.title[0].value == "This weekend"
    at.switch_page("app_pages/us.py").run()
    assert _profile_shown(at) == (("Ana", ("cooking",), 3, 120.0), ("Ben", ("hiking",), 2, 60.0))


def test_a_couple_name_already_taken_is_said_by_the_form_not_as_an_outage(make_app, app_store):
    app_store.create_couple(
        Couple(Partner("Ana", ("cooking",)), Partner("Ben", ("hiking",))), name="Ana & Ben"
    )
    at = make_app().run()
    at.switch_page("app_pages/us.py").run()
    next(b for b in at.button if b.label == "Set up a new couple profile").click().run()
    _fill(at, "a", "Ana", ["cooking"])
    _fill(at, "b", "Ben", ["hiking"])
    _save(at)
    assert not at.exception
    assert at.title[0].value == "Us"
    [message] = _errors(at)
    assert "a couple named 'Ana & Ben' already exists" in message
    assert "database is running" not in message
    assert len(app_store.list_couples()) == 1


def test_names_with_markdown_characters_are_shown_as_typed(make_app, app_store):
    at = make_app().run()
    _fill(at, "a", "Sam_$5*", ["cooking"])
    _fill(at, "b", "Jo_$3", ["hiking"])
    _save(at)
    welcome = at.success[0].value
    # Escaped Markdown source: shown with its underscores, dollars and stars, not formatted.
    assert r"Sam\_\$5\*" in welcome and r"Jo\_\$3" in welcome


def test_name_field_allows_as_many_characters_as_the_form_accepts(make_app):
    from recommender.planning.forms import MAX_NAME

    at = make_app().run()
    assert at.text_input(key="us_a_name").max_chars == MAX_NAME


def _problem_shown(raise_it) -> str:
    from streamlit.testing.v1 import AppTest

    def page(raise_it, root):
        import sys

        sys.path.insert(0, root)  # the script runs from a temporary folder
        from app_pages import _messages

        try:
            raise_it()
        except Exception as exc:
            _messages.show_problem(exc)

    root = str(Path(__file__).resolve().parents[2])
    at = AppTest.from_function(page, args=(raise_it, root)).run()
    [error] = at.error
    return error.value


def test_refused_data_is_said_plainly_and_a_database_failure_as_an_outage():
    def refused():
        from recommender.store.store import StoreError

        raise StoreError("no couple with id 7")

    def outage():
        import sqlalchemy.exc

        from recommender.store.store import StoreError

        try:
            raise sqlalchemy.exc.OperationalError("SELECT 1", {}, Exception("server closed"))
        except sqlalchemy.exc.SQLAlchemyError:
            raise StoreError("database error: server closed") from None

    message = _problem_shown(refused)
    assert "nothing was changed: no couple with id 7." in message
    assert "DATABASE_URL" not in message
    message = _problem_shown(outage)
    assert "could not open or update your saved data" in message
    assert "DATABASE_URL" in message
