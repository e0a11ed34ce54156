"""Outings (app_pages/outings.py): log an outing, the history, edit, delete with confirmation."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from recommender.catalog.columns import Columns
from recommender.profiles import Couple, Partner
from recommender.wording import day_words

COUPLE = Couple(Partner("Ana", ("cooking", "hiking")), Partner("Ben", ("board-games", "nature")))


@pytest.fixture
def outings_page(make_app, app_store):
    """The Outings page for a saved couple; returns (app, store, couple_id, catalog)."""
    from app_pages import _store

    couple_id = app_store.create_couple(COUPLE)
    at = make_app().run()
    at.switch_page("app_pages/outings.py").run()
    assert not at.exception
    assert at.title[0].value == "Outings"
    return at, app_store, couple_id, _store.catalog()


def shown(markdown: str) -> str:
    """Text as the reader sees it: Markdown escapes and hard line breaks removed."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("  \n", "\n"))


def history(at) -> list[str]:
    """The history's entries, newest first, as read."""
    return [shown(m.value) for m in at.markdown if m.value.startswith("**") and "/5" in m.value]


def click(at, label: str):
    return next(b for b in at.button if b.label == label).click().run()


def test_empty_history_says_how_to_start(outings_page):
    at, *_ = outings_page
    assert any("Nothing logged yet" in i.value for i in at.info)


def test_logging_an_outing_from_the_catalog(outings_page):
    at, store, couple_id, catalog = outings_page
    at.radio(key="log_source").set_value("Something from the catalog").run()
    row = catalog.iloc[5]
    at.selectbox(key="log_pick_1").set_value(row[Columns.ACTIVITY_ID]).run()
    # The cost starts at the activity's usual cost.
    assert at.number_input[0].value == pytest.approx(row[Columns.COST])
    at.date_input[0].set_value(date.today() - timedelta(days=3))
    at.select_slider(key="log_a").set_value(5)
    at.select_slider(key="log_b").set_value(2)
    at.number_input[0].set_value(42.5)
    at.text_area(key="log_notes").set_value("Rainy but fun")
    click(at, "Save this outing")
    assert not at.exception
    outings = store.outings(couple_id)
    assert outings[["activity_id", "rating_a", "rating_b", "notes", "cost"]].values.tolist() == [
        [row[Columns.ACTIVITY_ID], 5, 2, "Rainy but fun", 42.5]
    ]
    assert outings["date"].iloc[0] == date.today() - timedelta(days=3)
    assert f"Saved: {row[Columns.TITLE]}" in at.success[0].value.replace("\\", "")
    # The history lists it in words: what, when, each partner's rating by name, cost, notes.
    [entry] = history(at)
    assert entry == (
        f"**{row[Columns.TITLE]}**\n{day_words(date.today() - timedelta(days=3))}\n"
        "Ana 5/5 · Ben 2/5\n$42.50, within your $100 budget"
    )
    assert "Notes: Rainy but fun" in [shown(c.value) for c in at.caption]
    assert "1 outing so far, $42.50 spent in all" in " ".join(c.value for c in at.caption)


def test_log_an_outing_never_starts_on_a_plan_still_to_come(outings_page, make_app):
    _, store, couple_id, catalog = outings_page
    today_id = store.plan(couple_id, catalog[Columns.ACTIVITY_ID].iloc[0], date.today())
    store.plan(couple_id, catalog[Columns.ACTIVITY_ID].iloc[1], date.today() + timedelta(days=3))
    at = make_app().run()
    at.switch_page("app_pages/outings.py").run()
    assert at.radio(key="log_source").value == "Something we planned"
    assert at.selectbox(key="log_pick_0").value is None  # not today's plan
    assert not any(b.label == "Save this outing" for b in at.button)
    assert any("Pick which plan you went on" in c.value for c in at.caption)
    at.selectbox(key="log_pick_0").set_value(f"plan:{today_id}").run()  # chosen on purpose
    assert any(b.label == "Save this outing" for b in at.button)
    assert store.outings(couple_id).empty


def test_logging_a_planned_outing_takes_it_off_the_plan(outings_page, make_app):
    _, store, couple_id, catalog = outings_page
    aid = catalog[Columns.ACTIVITY_ID].iloc[0]
    later = catalog[Columns.ACTIVITY_ID].iloc[1]
    store.plan(couple_id, later, date.today() + timedelta(days=2))
    # Only a plan whose day has passed is offered first (plans are listed soonest first).
    plan_id = store.plan(couple_id, aid, date.today() - timedelta(days=2))
    at = make_app().run()
    at.switch_page("app_pages/outings.py").run()
    assert at.radio(key="log_source").value == "Something we planned"
    assert at.selectbox(key="log_pick_0").value == f"plan:{plan_id}"
    click(at, "Save this outing")
    assert store.planned(couple_id)["activity_id"].tolist() == [later]
    assert store.outings(couple_id)["activity_id"].tolist() == [aid]


def test_editing_an_outing(outings_page):
    at, store, couple_id, catalog = outings_page
    aid = catalog[Columns.ACTIVITY_ID].iloc[3]
    first = store.add_outing(couple_id, aid, date(2025, 5, 1), 3, 3, notes="ok", cost=10.0)
    second = store.add_outing(couple_id, aid, date(2025, 6, 1), 4, 4)
    at.run()
    at.selectbox(key="edit_pick").set_value(first).run()
    form_sliders = [s for s in at.select_slider if s.key and s.key.startswith(f"edit_{first}")]
    assert [s.value for s in form_sliders] == [3, 3]
    form_sliders[1].set_value(1)
    at.text_area[1].set_value("Ben got seasick")
    click(at, "Save changes")
    assert not at.exception
    edited = store.outings(couple_id).set_index("outing_id")
    assert edited.loc[first, ["rating_a", "rating_b", "notes", "cost"]].tolist() == [
        3,
        1,
        "Ben got seasick",
        10.0,
    ]
    assert edited.loc[second, ["rating_a", "rating_b"]].tolist() == [4, 4]  # untouched
    assert "Changed:" in at.success[0].value


def test_delete_asks_to_confirm_first(outings_page):
    at, store, couple_id, catalog = outings_page
    aid = catalog[Columns.ACTIVITY_ID].iloc[2]
    outing_id = store.add_outing(couple_id, aid, date(2025, 5, 1), 3, 4)
    at.run()
    click(at, "Delete this outing")
    assert "This cannot be undone" in at.warning[0].value
    assert len(store.outings(couple_id)) == 1  # nothing deleted yet
    click(at, "No, keep it")
    assert len(store.outings(couple_id)) == 1
    click(at, "Delete this outing")
    click(at, "Yes, delete it")
    assert store.outings(couple_id).empty
    assert "Deleted:" in at.info[0].value
    assert outing_id not in store.outings(couple_id)["outing_id"].tolist()


def test_ratings_logged_here_shape_the_next_suggestions(outings_page):
    at, store, couple_id, catalog = outings_page
    at.switch_page("app_pages/weekend.py").run()
    before = [m.value[4:] for m in at.markdown if m.value.startswith("### ")]
    top = catalog.set_index(Columns.TITLE)
    first = next(t for t in before if t.replace("\\", "") in top.index).replace("\\", "")
    store.add_outing(couple_id, top.loc[first, Columns.ACTIVITY_ID], date.today(), 1, 1)
    at.run()
    after = [m.value[4:].replace("\\", "") for m in at.markdown if m.value.startswith("### ")]
    assert first not in after


def test_titles_and_names_with_markdown_characters_are_shown_as_typed(make_app, app_store):
    from recommender.planning.forms import idea_from_form

    couple_id = app_store.create_couple(
        Couple(Partner("Sam_$5", ("cooking",)), Partner("Jo*", ("nature",)))
    )
    c = Columns
    app_store.add_idea(
        couple_id,
        idea_from_form(
            {
                c.TITLE: "$10 pizza and $5 beer",
                c.DESCRIPTION: "Cheap and cheerful.",
                c.CATEGORY: "food-drink",
                c.TAGS: ["cooking"],
                c.COST: 15.0,
                c.DURATION_HOURS: 2.0,
                c.RISK: 1,
                c.ENERGY: 1,
                c.SETTING: "indoor",
                c.SEASONS: ["any"],
                c.CONVERSATION_STARTER: "Pineapple: yes or no?",
            }
        ),
    )
    at = make_app().run()
    at.switch_page("app_pages/outings.py").run()
    assert not at.exception
    labels = [s.label for s in at.select_slider]
    # Escaped Markdown source: the underscore, dollar and star are shown, not formatted.
    assert r"How much did Sam\_\$5 enjoy it?" in labels
    assert r"How much did Jo\* enjoy it?" in labels
    at.radio(key="log_source").set_value("One of our own ideas").run()
    click(at, "Save this outing")
    assert at.success[0].value.startswith(r"Saved: \$10 pizza and \$5 beer on ")
    click(at, "Delete this outing")
    assert r"\$10 pizza and \$5 beer? Its ratings" in at.warning[0].value


def test_the_history_is_a_list_with_ratings_by_name_cost_and_a_missing_rating(
    outings_page, make_app
):
    from sqlalchemy import text

    _, store, couple_id, catalog = outings_page
    first, second = catalog.iloc[0], catalog.iloc[1]
    store.add_outing(couple_id, first[Columns.ACTIVITY_ID], date(2026, 10, 3), 4, 5, cost=180.0)
    later = store.add_outing(couple_id, second[Columns.ACTIVITY_ID], date(2026, 11, 1), 3, 3)
    with store.engine.begin() as conn:  # Ben has not rated it yet (each rates on their phone)
        conn.execute(text("UPDATE outings SET rating_b = NULL WHERE id = :i"), {"i": later})
    at = make_app().run()
    at.switch_page("app_pages/outings.py").run()
    assert not at.exception
    assert history(at) == [
        f"**{second[Columns.TITLE]}**\nSunday 1 November 2026\n"
        "Ana 3/5 · waiting for Ben's rating\nCost not noted",
        f"**{first[Columns.TITLE]}**\nSaturday 3 October 2026\n"
        "Ana 4/5 · Ben 5/5\n$180, $80 over your $100 budget",
    ]
    assert not at.dataframe  # no table cut down to two columns on a phone
    assert not at.error, [e.value for e in at.error]
    # Changing it would need a rating Ben has not given: the form says so instead.
    assert any("waits for Ben's rating" in c.value for c in at.caption)
    assert not any(b.label == "Save changes" for b in at.button)


def test_a_long_history_shows_ten_then_all(outings_page, make_app):
    _, store, couple_id, catalog = outings_page
    for i in range(12):
        store.add_outing(
            couple_id, catalog[Columns.ACTIVITY_ID].iloc[i], date(2026, 1, i + 1), 4, 4
        )
    at = make_app().run()
    at.switch_page("app_pages/outings.py").run()
    entries = history(at)
    assert len(entries) == 10 and "12 January 2026" in entries[0]  # newest first
    click(at, "Show all 12 outings")
    assert len(history(at)) == 12
