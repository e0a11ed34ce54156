"""Explore (app_pages/explore.py): catalog filters and the dashboard's charts."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pandas as pd
import pyarrow as pa
import pytest

from recommender.catalog.columns import Columns
from recommender.profiles import Couple, Partner

COUPLE = Couple(Partner("Ana", ("cooking", "hiking"), 3, 200.0), Partner("Ben", ("nature",), 2, 90))


@pytest.fixture
def explore(make_app, app_store):
    """Explore for a couple with two outings; returns (app, store, couple_id, catalog, done)."""
    from app_pages import _store

    couple_id = app_store.create_couple(COUPLE)
    catalog = _store.catalog()
    done = list(catalog[Columns.ACTIVITY_ID].iloc[[0, 7]])
    app_store.add_outing(couple_id, done[0], date(2025, 5, 3), 5, 3, cost=30.0)
    app_store.add_outing(couple_id, done[1], date(2025, 7, 9), 2, 4, cost=12.5)
    at = make_app().run()
    at.switch_page("app_pages/explore.py").run()
    assert not at.exception
    return at, app_store, couple_id, catalog, done


def charts(at) -> list[tuple[dict, pd.DataFrame]]:
    """Each chart's Vega-Lite spec and its data."""
    out = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        [dataset] = chart.proto.datasets
        data = pa.ipc.open_stream(dataset.data.data).read_pandas()
        out.append((spec, data))
    return out


def show_view(at, view: str):
    """Open one tab of the dashboard ("Kinds tried", "Balance", "Ratings", "Spending")."""
    at.session_state["ex_view"] = view
    return at.run()


def show_list(at):
    """Open "The N matching activities as a list" (its table is drawn only while open), as a
    click does: the expander's state and the copy kept for when its label changes."""
    from app_pages import _forms

    at.session_state["ex_list"] = True
    at.session_state[_forms.KEPT + "ex_list"] = True
    return at.run()


def all_charts(at) -> list[tuple[dict, pd.DataFrame]]:
    """The catalog map, then each dashboard view's chart (each view opened in turn)."""
    found = charts(show_view(at, "Kinds tried"))
    for view in ("Balance", "Ratings", "Spending"):
        found += charts(show_view(at, view))[1:]  # [0] is the catalog map, drawn every time
    return found


def all_captions(at) -> list[str]:
    """Every caption of the page, with each dashboard view opened in turn."""
    found: list[str] = []
    for view in ("Kinds tried", "Balance", "Ratings", "Spending"):
        found += [c.value for c in show_view(at, view).caption]
    return found


def all_infos(at) -> list[str]:
    """Every info box of the page, with each dashboard view opened in turn."""
    found: list[str] = []
    for view in ("Kinds tried", "Balance", "Ratings", "Spending"):
        found += [i.value for i in show_view(at, view).info]
    return found


def matching(at) -> int:
    [count] = [
        int(m[1])
        for c in at.caption
        if (m := re.fullmatch(r"(\d+) of \d+ activities match(es)?\.", c.value))
    ]
    return count


def test_filters_narrow_the_catalog(explore):
    at, _, _, catalog, _ = explore
    assert matching(at) == len(catalog)
    show_list(at)

    at.multiselect(key="ex_categories").set_value(["wellness"]).run()
    wellness = catalog[catalog[Columns.CATEGORY] == "wellness"]
    assert matching(at) == len(wellness)
    table = at.dataframe[0].value
    assert set(table["Kind"]) == {"wellness"}
    assert len(table) == len(wellness)

    at.select_slider(key="ex_risk").set_value((1, 1)).run()
    assert set(at.dataframe[0].value["Risk"]) <= {"1 · no real risk"}

    at.multiselect(key="ex_categories").set_value([])
    at.select_slider(key="ex_risk").set_value((1, 5))
    at.multiselect(key="ex_settings").set_value(["outdoor"])
    at.multiselect(key="ex_seasons").set_value(["winter"]).run()
    table = at.dataframe[0].value
    assert len(table)
    assert set(table["Where"]) <= {"Outdoors", "Indoors or outdoors"}
    assert all("Winter" in when or when == "Any season" for when in table["When"])


def test_search_finds_words_and_says_when_nothing_matches(explore):
    at, _, _, catalog, _ = explore
    title = catalog[Columns.TITLE].iloc[3]
    show_list(at)
    at.text_input(key="ex_text").set_value(title.split()[0]).run()
    assert 0 < matching(at) < len(catalog)
    assert title in set(at.dataframe[0].value["Activity"])
    at.text_input(key="ex_text").set_value("zzzz-no-such-thing").run()
    assert matching(at) == 0
    assert any("No activity matches" in i.value for i in at.info)


def test_the_first_view_is_light_the_map_and_one_dashboard_view(explore):
    """Explore opens with the map and one view of the dashboard; the list and the other
    views are worked out and drawn only when opened."""
    at, *_ = explore
    assert [t.label for t in at.tabs] == ["Kinds tried", "Balance", "Ratings", "Spending"]
    assert [h.value for h in at.subheader] == ["Kinds you have tried"]
    assert len(charts(at)) == 2
    assert not at.dataframe
    assert len(show_list(at).dataframe) == 1
    show_view(at, "Spending")
    assert [h.value for h in at.subheader] == ["Spending over time"]
    assert len(charts(at)) == 2
    assert charts(at)[1][1]["spent"].tolist() == [30.0, 12.5]


def test_catalog_chart_marks_done_activities_by_shape_and_colour(explore):
    at, _, _, catalog, done = explore
    spec, data = charts(at)[0]
    assert spec["encoding"]["shape"]["field"] == "status"
    assert spec["encoding"]["shape"]["scale"]["range"] == ["circle", "diamond"]
    assert spec["encoding"]["color"]["field"] == "category"
    assert len(data) == len(catalog)
    titles = catalog.set_index(Columns.ACTIVITY_ID)[Columns.TITLE]
    done_rows = data[data["status"] == "done"]
    assert sorted(done_rows["title"]) == sorted(titles[done])
    captions = " ".join(c.value for c in at.caption)
    assert "diamonds are the ones you have done" in captions
    assert "Marked ◆ as done" in captions


def test_every_chart_has_a_caption_saying_what_it_shows(explore):
    at, *_ = explore
    specs = all_charts(at)
    assert len(specs) == 5
    captions = all_captions(at)
    for phrase in (
        "Each mark is one activity",
        "For each kind of activity, how many there are",
        "best suggestions right now",
        "Each point is one outing as rated by Ana and Ben",
        "What you spent on outings each month: $42.50 over 2 outings",
    ):
        assert any(phrase in c for c in captions), phrase


def test_tried_ratings_spending_and_balance_data(explore):
    at, _, _, catalog, done = explore
    (_, _), (_, tried), (_, balance), (_, ratings), (_, spending) = all_charts(at)
    done_categories = catalog.set_index(Columns.ACTIVITY_ID).loc[done, Columns.CATEGORY]
    assert tried["tried"].sum() == 2
    assert tried["available"].sum() == len(catalog)
    assert all(label.endswith("tried") for label in tried["label"])
    assert len(done_categories) == 2
    assert sorted(ratings["rating"]) == [2, 3, 4, 5]
    assert set(ratings["partner"]) == {"Ana", "Ben"}
    assert spending["spent"].tolist() == [30.0, 12.5]
    assert set(balance["leans_to"]) <= {"Ana", "Ben", "both of you"}


def test_without_outings_the_history_charts_explain_what_to_do(make_app, app_store):
    app_store.create_couple(COUPLE)
    at = make_app().run()
    at.switch_page("app_pages/explore.py").run()
    infos = all_infos(at)
    assert any("Log an outing to see how each of you rated it" in i for i in infos)
    assert any("what you spend each month" in i for i in infos)
    assert len(all_charts(at)) == 3


def test_free_outings_say_nothing_was_spent_instead_of_an_empty_chart(make_app, app_store):
    couple_id = app_store.create_couple(COUPLE)
    app_store.add_outing(couple_id, "pottery-taster", date(2026, 10, 3), 4, 5, cost=0)
    at = make_app().run()
    at.switch_page("app_pages/explore.py").run()
    assert any("Nothing spent so far: your 1 outing cost nothing." in i for i in all_infos(at))
    assert len(all_charts(at)) == 4


def test_one_match_is_said_in_the_singular(explore):
    at, _, _, catalog, _ = explore
    title = catalog[Columns.TITLE].iloc[3]
    at.text_input(key="ex_text").set_value(title).run()
    assert f"1 of {len(catalog)} activities matches." in [c.value for c in at.caption]
    assert at.expander[0].label == "The 1 matching activity as a list"


def test_filters_are_kept_when_coming_back_from_another_page(explore):
    at, _, _, catalog, _ = explore
    at.text_input(key="ex_text").set_value("night")
    at.multiselect(key="ex_settings").set_value(["indoor"])
    at.select_slider(key="ex_risk").set_value((1, 2)).run()
    narrowed = matching(at)
    assert 0 < narrowed < len(catalog)
    at.switch_page("app_pages/weekend.py").run()
    at.switch_page("app_pages/explore.py").run()
    assert not at.exception
    assert at.text_input(key="ex_text").value == "night"
    assert at.multiselect(key="ex_settings").value == ["indoor"]
    assert at.select_slider(key="ex_risk").value == (1, 2)
    assert matching(at) == narrowed


def _balance(at) -> pd.DataFrame:
    return next(data for spec, data in charts(show_view(at, "Balance")) if "lean" in data.columns)


def test_balance_is_for_the_weekend_day_and_does_not_change_with_the_search(make_app, app_store):
    from recommender.catalog.loading import expand_seasons
    from recommender.wording import day_words

    app_store.create_couple(COUPLE)
    at = make_app().run()
    winter = date(date.today().year + 1, 1, 16)
    at.date_input(key="wk_day").set_value(winter).run()
    at.switch_page("app_pages/explore.py").run()
    balance = _balance(at)
    caption = next(c.value for c in at.caption if "best suggestions right now" in c.value)
    assert f"Weighed up for {day_words(winter)} (the day chosen on This weekend)" in caption
    from app_pages import _store

    seasons = _store.catalog().set_index(Columns.TITLE)[Columns.SEASONS]
    assert len(balance)
    assert all("winter" in expand_seasons(seasons[t]) for t in balance["title"])

    at.text_input(key="ex_text").set_value("pottery").run()
    pd.testing.assert_frame_equal(_balance(at), balance)


def test_balance_without_a_weekend_day_uses_the_coming_weekend(make_app, app_store):
    from recommender.wording import day_words, next_weekend

    at = make_app().run()  # no couple yet: the Us page, This weekend never shown
    app_store.create_couple(COUPLE)
    at.switch_page("app_pages/explore.py").run()
    show_view(at, "Balance")
    caption = next(c.value for c in at.caption if "best suggestions right now" in c.value)
    day = day_words(next_weekend(date.today()))
    assert f"Weighed up for {day} (the coming weekend)" in caption


def test_outings_without_costs_say_no_costs_were_noted_not_that_they_were_free(make_app, app_store):
    couple_id = app_store.create_couple(COUPLE)
    app_store.add_outing(couple_id, "pottery-taster", date.today() - timedelta(days=3), 4, 5)
    at = make_app().run()
    at.switch_page("app_pages/explore.py").run()
    infos = all_infos(at)
    assert any("No costs noted yet for your 1 outing." in i for i in infos)
    assert not any("cost nothing" in i for i in infos)


def test_partner_names_in_captions_are_shown_as_typed(make_app, app_store):
    couple_id = app_store.create_couple(
        Couple(Partner("Sam_$5", ("cooking",)), Partner("Jo*", ("nature",)))
    )
    app_store.add_outing(couple_id, "pottery-taster", date(2026, 10, 3), 4, 5, cost=20)
    at = make_app().run()
    at.switch_page("app_pages/explore.py").run()
    captions = " ".join(all_captions(at))
    assert r"rated by Sam\_\$5 and Jo\*" in captions
    assert r"A bar to the left suits Sam\_\$5 more" in captions


def test_long_names_are_cut_in_the_balance_chart_title_to_fit_a_phone(make_app, app_store):
    """Names may be 40 characters; the chart's title lines stay short (the caption below
    names both in full)."""
    long_a, long_b = "Alexandria-Josephine Worthington-Smythe", "Maximilian Bartholomew"
    app_store.create_couple(Couple(Partner(long_a, ("cooking",)), Partner(long_b, ("nature",))))
    at = make_app().run()
    at.switch_page("app_pages/explore.py").run()
    spec = next(spec for spec, data in charts(show_view(at, "Balance")) if "lean" in data.columns)
    title = spec["encoding"]["x"]["title"]
    assert title == [
        "← suits Alexandria-Jose… more",
        "suits Maximilian Bart… more →",
        "(points of 100)",
    ]
    caption = next(c.value for c in at.caption if "best suggestions right now" in c.value)
    from recommender.wording import escape_markdown

    shown_a, shown_b = escape_markdown(long_a), escape_markdown(long_b)
    assert f"A bar to the left suits {shown_a} more, to the right {shown_b}" in caption


def test_options_are_in_words(explore):
    at, *_ = explore
    assert set(at.multiselect(key="ex_settings").options) == {
        "Indoors",
        "Outdoors",
        "Indoors or outdoors",
    }
    assert at.multiselect(key="ex_seasons").options[0] == "Spring"
    table = show_list(at).dataframe[0].value
    assert "Any season" in set(table["When"])
    assert not any("spring, summer, autumn, winter" in w.lower() for w in table["When"])


def _own_idea(store, couple_id: int) -> str:
    from recommender.planning.forms import idea_from_form

    c = Columns
    return store.add_idea(
        couple_id,
        idea_from_form(
            {
                c.TITLE: "Lantern walk by the canal",
                c.DESCRIPTION: "Paper lanterns and a slow walk.",
                c.CATEGORY: "outdoors",
                c.TAGS: ["nature"],
                c.COST: 10.0,
                c.DURATION_HOURS: 2.0,
                c.RISK: 1,
                c.ENERGY: 1,
                c.SETTING: "outdoor",
                c.SEASONS: ["any"],
                c.CONVERSATION_STARTER: "Who carries the lantern?",
            }
        ),
    )


def test_own_ideas_are_found_and_can_be_planned_and_thumbed(explore):
    at, store, couple_id, _, _ = explore
    aid = _own_idea(store, couple_id)
    show_list(at)
    at.text_input(key="ex_text").set_value("canal").run()
    assert "Lantern walk by the canal" in at.dataframe[0].value["Activity"].tolist()
    at.selectbox(key="ex_pick").set_value(aid).run()
    # Each partner's thumbs, named with the partner and the idea.
    up = at.button(key=f"up_{aid}_b")
    assert up.label.startswith("Ben *: thumbs up for Lantern walk by the canal")
    up.click().run()
    assert not at.exception
    assert store.reactions(couple_id)[["activity_id", "partner"]].values.tolist() == [[aid, "b"]]
    # Plan it from here.
    day = date.today() + timedelta(days=3)
    at.date_input(key=f"plan_day_{aid}").set_value(day).run()
    at.button(key=f"plan_{aid}").click().run()
    assert not at.exception
    assert store.planned(couple_id)[["activity_id", "date"]].values.tolist() == [[aid, day]]
