"""This weekend (app_pages/weekend.py): cards, thumbs, plan it, we did it, filters."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from recommender.catalog.columns import RISK_NAMES, Columns
from recommender.catalog.loading import expand_seasons
from recommender.profiles import THUMBS_DOWN, THUMBS_UP, Couple, Partner
from recommender.wording import season_of

COUPLE = Couple(
    Partner("Ana", ("cooking", "hiking", "music", "art"), risk_comfort=3, budget=200.0),
    Partner("Ben", ("board-games", "nature", "photography", "food-drink"), 3, 150.0),
)


@pytest.fixture
def weekend(make_app, app_store):
    """The This weekend page for a saved couple; returns (app, store, couple_id)."""
    couple_id = app_store.create_couple(COUPLE)
    at = make_app().run()
    assert not at.exception
    assert at.title[0].value == "This weekend"
    return at, app_store, couple_id


def shown(markdown: str) -> str:
    """Text as the reader sees it: Markdown escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def cards(at) -> list[str]:
    """The titles of the suggestion cards, in order."""
    return [shown(m.value[4:]) for m in at.markdown if m.value.startswith("### ")]


def catalog_rows(at):
    from app_pages import _store  # the page's own catalog (whatever the test environment set)

    frame = _store.catalog()
    return frame.set_index(Columns.TITLE)


def button(at, key: str):
    return at.button(key=key)


def card_id(at, title: str) -> str:
    return str(catalog_rows(at).loc[title, Columns.ACTIVITY_ID])


def test_cards_say_everything_in_words(weekend):
    at, _, _ = weekend
    titles = cards(at)
    assert len(titles) == 6
    markdown = " ".join(m.value for m in at.markdown)
    captions = " ".join(c.value for c in at.caption)
    assert markdown.count("**Why it fits:**") == 6
    assert markdown.count("**Ask each other:**") == 6
    # Risk in words, cost and duration explained, each partner's enjoyment explained.
    assert captions.count("Risk: ") == 6
    assert any(f"Risk: {name} (" in captions for name in RISK_NAMES.values())
    assert captions.count("Where: ") == 6
    assert "for two" in captions or "free" in captions
    assert captions.count("How much we think each of you would enjoy it: Ana") == 6
    # Thumbs up and down per partner, named with the partner, the action and the idea
    # ("Ana *: thumbs up for Sunrise hike*": the italics are read out, not shown).
    thumbs = [(b.label, b.proto.icon) for b in at.button if b.key and b.key[:3] in ("up_", "dow")]
    for name in ("Ana", "Ben"):
        for action, icon in (("up", ":material/thumb_up:"), ("down", ":material/thumb_down:")):
            labels = [label for label, i in thumbs if i == icon and label.startswith(f"{name} *: ")]
            assert len(labels) == 6
            assert {shown(label).split(f"thumbs {action} for ")[1][:-1] for label in labels} == (
                set(titles)
            )


def test_thumbs_down_replaces_the_card_and_is_saved(weekend):
    at, store, couple_id = weekend
    before = cards(at)
    disliked = before[0]
    aid = card_id(at, disliked)
    button(at, f"down_{aid}_b").click().run()
    after = cards(at)
    assert disliked not in after
    assert len(after) == 6
    assert set(after) - set(before), "another suggestion takes its place"
    assert f"{disliked} is not for Ben" in shown(at.info[0].value)
    reactions = store.reactions(couple_id)
    assert reactions[["activity_id", "partner", "rating"]].values.tolist() == [
        [aid, "b", THUMBS_DOWN]
    ]


def test_thumbs_up_is_saved_and_shown_on_the_card(weekend):
    at, store, couple_id = weekend
    liked = cards(at)[1]
    aid = card_id(at, liked)
    button(at, f"up_{aid}_a").click().run()
    assert liked in cards(at)
    assert button(at, f"up_{aid}_a").proto.type == "primary"
    # Pressed is said in words (a check mark, "given"), not by colour alone.
    assert button(at, f"up_{aid}_a").label.startswith("Ana ✓ *")
    assert "given; press again to take it back" in button(at, f"up_{aid}_a").label
    assert button(at, f"up_{aid}_b").proto.type == "secondary"
    assert "Ana likes" in at.success[0].value
    assert store.reactions(couple_id)["rating"].tolist() == [THUMBS_UP]


def test_plan_it_moves_a_suggestion_to_coming_up_with_a_calendar_file(weekend):
    at, store, couple_id = weekend
    title = cards(at)[0]
    aid = card_id(at, title)
    day = date.today() + timedelta(days=10)
    at.date_input(key=f"plan_day_{aid}").set_value(day)
    button(at, f"plan_{aid}").click().run()
    assert not at.exception
    planned = store.planned(couple_id)
    assert planned[["activity_id", "date"]].values.tolist() == [[aid, day]]
    assert "Coming up" in [s.value for s in at.header]
    assert title not in cards(at), "a planned outing is no longer suggested"
    assert f"Planned: {title}" in shown(at.success[0].value)
    [download] = [d for d in at.get("download_button") if d.label == "Add to calendar (.ics)"]
    assert download.proto.url.endswith(".ics")  # the file's content: tests/test_ics.py, e2e

    # Taking it off the plan makes it suggestible again and empties "Coming up".
    plan_id = int(planned["plan_id"].iloc[0])
    button(at, f"unplan_{plan_id}").click().run()
    assert store.planned(couple_id).empty
    assert "Coming up" not in [s.value for s in at.header]


def test_we_did_it_leads_to_rating_it(weekend):
    at, store, couple_id = weekend
    title = cards(at)[2]
    aid = card_id(at, title)
    button(at, f"did_{aid}").click().run()
    assert any(m.value.startswith("**How was") for m in at.markdown)
    at.select_slider(key=f"rate_{aid}__a").set_value(5)
    at.select_slider(key=f"rate_{aid}__b").set_value(3)
    next(b for b in at.button if b.label == "Save our ratings").click().run()
    assert not at.exception
    outings = store.outings(couple_id)
    assert outings[["activity_id", "rating_a", "rating_b"]].values.tolist() == [[aid, 5, 3]]
    assert outings["date"].iloc[0] <= date.today()
    assert title not in cards(at)
    assert "You will find it under Outings" in at.success[0].value


def test_rating_a_planned_outing_ends_the_plan(weekend):
    at, store, couple_id = weekend
    aid = card_id(at, cards(at)[0])
    plan_id = store.plan(couple_id, aid, date.today())
    at.run()
    button(at, f"done_plan_{plan_id}").click().run()
    next(b for b in at.button if b.label == "Save our ratings").click().run()
    assert store.planned(couple_id).empty
    assert store.outings(couple_id)["activity_id"].tolist() == [aid]


def test_filters_change_the_suggestions(weekend):
    at, _, _ = weekend
    rows = catalog_rows(at)

    assert any(rows.loc[t, Columns.SETTING] == "outdoor" for t in cards(at))
    at.radio(key="wk_setting").set_value("Indoors").run()
    assert cards(at)
    assert all(rows.loc[t, Columns.SETTING] in ("indoor", "either") for t in cards(at))

    assert any(rows.loc[t, Columns.DURATION_HOURS] > 2 for t in cards(at))
    at.select_slider(key="wk_time").set_value("An hour or two").run()
    assert cards(at)
    assert all(rows.loc[t, Columns.DURATION_HOURS] <= 2 for t in cards(at))

    winter = date(date.today().year + 1, 1, 16)
    at.date_input(key="wk_day").set_value(winter).run()
    assert season_of(winter).value == "winter"
    assert cards(at)
    assert all("winter" in expand_seasons(rows.loc[t, Columns.SEASONS]) for t in cards(at))


def test_comfort_zone_stretch_allows_one_more_risk_level(make_app, app_store):
    # Cautious partners: at their level the best ideas are all within it, and one level
    # more brings in ideas that were left out (higher levels rank low for anyone).
    level = 1
    cautious = Couple(
        Partner("Ana", COUPLE.a.interests, risk_comfort=level + 1, budget=200.0),
        Partner("Ben", COUPLE.b.interests, risk_comfort=level, budget=150.0),
    )
    app_store.create_couple(cautious)
    at = make_app().run()
    rows = catalog_rows(at)
    before = [int(rows.loc[t, Columns.RISK]) for t in cards(at)]
    assert before and max(before) <= level  # the more cautious partner's level
    at.toggle(key="wk_stretch").set_value(True).run()
    after = [int(rows.loc[t, Columns.RISK]) for t in cards(at)]
    # One level more, and no further.
    assert after and max(after) == level + 1


def test_surprise_us_gives_a_different_mix_and_can_be_undone(weekend):
    at, _, _ = weekend
    best = cards(at)
    next(b for b in at.button if b.label == "Surprise us").click().run()
    assert "A surprise mix" in [s.value for s in at.header]
    assert cards(at) != best
    next(b for b in at.button if b.label == "Show our best matches again").click().run()
    assert cards(at) == best


def test_when_nothing_is_left_the_page_says_what_to_try(weekend):
    at, store, couple_id = weekend
    for aid in catalog_rows(at)[Columns.ACTIVITY_ID]:
        store.add_reaction(couple_id, aid, "a", THUMBS_DOWN)
    at.run()
    assert not at.exception
    assert cards(at) == []
    assert "Nothing fits all of that" in at.info[0].value


def test_filters_are_kept_when_coming_back_from_another_page(weekend):
    at, _, _ = weekend
    winter = date(date.today().year + 1, 1, 16)
    at.radio(key="wk_setting").set_value("Indoors")
    at.select_slider(key="wk_time").set_value("Half a day")
    at.date_input(key="wk_day").set_value(winter)
    at.toggle(key="wk_stretch").set_value(True).run()
    picked = cards(at)
    at.switch_page("app_pages/outings.py").run()
    at.switch_page("app_pages/weekend.py").run()
    assert not at.exception
    assert at.radio(key="wk_setting").value == "Indoors"
    assert at.select_slider(key="wk_time").value == "Half a day"
    assert at.date_input(key="wk_day").value == winter
    assert at.toggle(key="wk_stretch").value is True
    assert cards(at) == picked


def test_partner_names_are_shown_as_typed_not_as_markdown(make_app, app_store):
    app_store.create_couple(
        Couple(Partner("Sam_$5", ("cooking", "hiking")), Partner("Jo*", ("nature",)))
    )
    at = make_app().run()
    thumbs = {b.label for b in at.button if b.key and b.key.startswith("up_")}
    # Escaped Markdown source: the underscore, dollar and star are shown, not formatted.
    assert {label.split(" *: ")[0] for label in thumbs} == {r"Sam\_\$5", r"Jo\*"}
    aid = card_id(at, cards(at)[0])
    button(at, f"up_{aid}_a").click().run()
    assert at.success[0].value.startswith(r"Noted: Sam\_\$5 likes ")


def test_a_thumb_pressed_again_takes_the_reaction_back(weekend):
    at, store, couple_id = weekend
    liked = cards(at)[1]
    aid = card_id(at, liked)
    button(at, f"up_{aid}_a").click().run()
    assert len(store.reactions(couple_id)) == 1
    button(at, f"up_{aid}_a").click().run()
    assert not at.exception
    assert store.reactions(couple_id).empty
    assert button(at, f"up_{aid}_a").proto.type == "secondary"
    assert button(at, f"up_{aid}_a").label.startswith("Ana *: ")
    assert shown(at.info[0].value).startswith(f"Taken back: Ana likes {liked}")


def test_hidden_ideas_are_listed_and_can_come_back(weekend):
    at, store, couple_id = weekend
    disliked = cards(at)[0]
    aid = card_id(at, disliked)
    button(at, f"down_{aid}_b").click().run()
    assert disliked not in cards(at)
    assert any(e.label == "Hidden ideas (1)" for e in at.expander)
    button(at, f"unhide_{aid}").click().run()
    assert not at.exception
    assert store.reactions(couple_id).empty
    assert disliked in cards(at)
    assert not any(e.label.startswith("Hidden ideas") for e in at.expander)


def test_show_more_adds_suggestions(weekend):
    at, _, _ = weekend
    first = cards(at)
    assert len(first) == 6
    button(at, "wk_more").click().run()
    more = cards(at)
    assert len(more) == 12
    assert more[:6] == first


def test_filters_sit_in_a_collapsed_section_summed_up_in_words(weekend):
    at, _, _ = weekend
    [section] = [e for e in at.expander if e.label == "Change the plan"]
    assert not section.proto.expanded
    assert any(c.value.startswith("Ideas for ") and "indoors or out" in c.value for c in at.caption)
    at.radio(key="wk_setting").set_value("Indoors").run()
    assert any(c.value.startswith("Ideas for ") and ", indoors, " in c.value for c in at.caption)


def test_switching_to_the_south_on_us_changes_the_season_and_the_suggestions(weekend):
    at, store, couple_id = weekend
    january = date(date.today().year + 1, 1, 16)  # winter in the north, summer in the south
    at.date_input(key="wk_day").set_value(january).run()
    rows = catalog_rows(at)
    north = cards(at)
    assert all("winter" in expand_seasons(rows.loc[t, Columns.SEASONS]) for t in north)
    assert any("(winter)" in c.value for c in at.caption if c.value.startswith("Ideas for "))

    at.switch_page("app_pages/us.py").run()
    where = at.radio(key=f"us_hemisphere_{couple_id}")
    assert where.value == "north"
    where.set_value("south").run()
    assert not at.exception
    assert "Southern hemisphere" in at.success[0].value
    assert store.hemisphere(couple_id) == "south"

    at.switch_page("app_pages/weekend.py").run()
    assert at.date_input(key="wk_day").value == january
    assert any("(summer)" in c.value for c in at.caption if c.value.startswith("Ideas for "))
    south = cards(at)
    assert south and south != north
    assert all("summer" in expand_seasons(rows.loc[t, Columns.SEASONS]) for t in south)
