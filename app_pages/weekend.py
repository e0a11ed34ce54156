"""This weekend: the top suggestions as cards, thumbs per partner, plan it, we did it."""

import random
from datetime import date

import pandas as pd
import streamlit as st

from app_pages import _ui
from recommender.catalog.columns import Columns, RecColumns, Setting
from recommender.planning.ics import ics_filename, outing_ics
from recommender.planning.weekend import WeekendFilters, latest_reactions, suggestions
from recommender.profiles import THUMBS_DOWN, THUMBS_UP, Couple
from recommender.wording import (
    TIME_CHOICES,
    day_words,
    enjoyment_words,
    next_weekend,
    season_of,
)

SEED = "wk_seed"
#: Card titles are level-4 headings: big enough to scan, small enough for two columns.
CARD_HEADING = "#### "
CARD_WIDTH = 360
c = Columns

SETTINGS = {
    "Either": None,
    "Indoors": Setting.INDOOR.value,
    "Outdoors": Setting.OUTDOOR.value,
}


# --- callbacks (run before the page, so the list below already reflects them) -----------------


@_ui.safe_callback
def _react(couple_id: int, activity_id: str, partner: str, rating: int, text: str) -> None:
    _ui.store().add_reaction(couple_id, activity_id, partner, rating)
    _ui.flash(text, "success" if rating == THUMBS_UP else "info")


@_ui.safe_callback
def _plan(couple_id: int, activity_id: str, title: str, day_key: str) -> None:
    day = st.session_state[day_key]
    _ui.store().plan(couple_id, activity_id, day)
    _ui.flash(
        f"Planned: {_ui.escape(title)}, on {day_words(day)}. It is under 'Coming up' below, with a "
        "calendar file to download."
    )


@_ui.safe_callback
def _unplan(couple_id: int, plan_id: int, title: str) -> None:
    _ui.store().unplan(couple_id, plan_id)
    _ui.flash(f"Took {_ui.escape(title)} off your plans. It can be suggested again.", "info")


def _surprise() -> None:
    st.session_state[SEED] = random.randrange(1_000_000)


def _best() -> None:
    st.session_state.pop(SEED, None)


# --- pieces -----------------------------------------------------------------------------------


def _filters() -> WeekendFilters:
    with st.container(border=True):
        left, middle, right = st.columns([1, 1, 1.3])
        with left:
            day = st.date_input(
                "When?",
                value=max(_ui.kept(_ui.WEEKEND_DAY_KEY, next_weekend(date.today())), date.today()),
                min_value=date.today(),
                key=_ui.WEEKEND_DAY_KEY,
                on_change=_ui.remember,
                args=(_ui.WEEKEND_DAY_KEY,),
                format="DD/MM/YYYY",
                help="We only suggest things that suit the season of this day.",
            )
            st.caption(f"{day_words(day)}: {season_of(day).value} ideas.")
        with middle:
            where = st.radio(
                "Indoors or out?",
                list(SETTINGS),
                index=list(SETTINGS).index(_ui.kept("wk_setting", "Either")),
                horizontal=True,
                key="wk_setting",
                on_change=_ui.remember,
                args=("wk_setting",),
                help="Activities that work either way are always included.",
            )
        with right:
            time_label = st.select_slider(
                "How much time do you have?",
                options=list(TIME_CHOICES),
                value=_ui.kept("wk_time", "No limit"),
                key="wk_time",
                on_change=_ui.remember,
                args=("wk_time",),
            )
        row = st.container(horizontal=True, vertical_alignment="center")
        stretch = row.toggle(
            "A little out of our comfort zone",
            value=_ui.kept("wk_stretch", False),
            key="wk_stretch",
            on_change=_ui.remember,
            args=("wk_stretch",),
            help="Also suggest things one risk level above what the more cautious of you chose.",
        )
        surprise = SEED in st.session_state
        if surprise:
            row.button("Show our best matches again", on_click=_best, icon=":material/target:")
            row.button("Surprise us again", on_click=_surprise, icon=":material/casino:")
        else:
            row.button(
                "Surprise us",
                on_click=_surprise,
                icon=":material/casino:",
                help="A more adventurous mix from good matches, not only the very best.",
            )
    return WeekendFilters(
        day=day,
        setting=SETTINGS[where],
        max_hours=TIME_CHOICES[time_label],
        stretch=stretch,
        surprise=surprise,
        seed=st.session_state.get(SEED),
    )


def _coming_up(couple_id: int, couple: Couple) -> None:
    planned = _ui.store().planned(couple_id)
    if planned.empty:
        return
    known = _ui.activities(couple_id)
    st.subheader("Coming up")
    for plan in planned.itertuples(index=False):
        plan_id = int(plan.plan_id)
        row = known.loc[plan.activity_id] if plan.activity_id in known.index else None
        title = str(row[c.TITLE]) if row is not None else plan.activity_id
        with st.container(border=True, key=f"planned_{plan_id}"):
            st.markdown(f"**{_ui.escape(title)}**, {day_words(plan.date)}")
            if plan.date < date.today():
                st.caption("That day has passed. Did you go? Tell us how it was with 'We did it'.")
            actions = st.container(horizontal=True)
            if row is not None:
                actions.download_button(
                    "Add to calendar (.ics)",
                    data=outing_ics(row.to_dict(), plan.date, plan_id=plan_id),
                    file_name=ics_filename(title, plan.date),
                    mime="text/calendar",
                    icon=":material/calendar_add_on:",
                    key=f"ics_{plan_id}",
                    on_click="ignore",
                    help="A calendar file for your phone or computer's calendar.",
                )
            actions.button(
                "We did it",
                key=f"done_plan_{plan_id}",
                icon=":material/check_circle:",
                on_click=_ui.start_rating,
                args=(f"plan:{plan_id}",),
            )
            actions.button(
                "Not any more",
                key=f"unplan_{plan_id}",
                icon=":material/delete:",
                on_click=_unplan,
                args=(couple_id, plan_id, title),
            )
            if row is not None and _ui.rating_target() == f"plan:{plan_id}":
                _ui.rating_form(
                    couple_id, couple, row, plan_id=plan_id, day=min(plan.date, date.today())
                )


def _card(couple_id: int, couple: Couple, row: pd.Series, reactions: dict, day: date) -> None:
    aid = str(row[c.ACTIVITY_ID])
    title = str(row[c.TITLE])
    names = _ui.partner_names(couple)
    st.markdown(f"{CARD_HEADING}{_ui.escape(title)}")
    if row[RecColumns.SOURCE] == "ours":
        st.caption(":material/lightbulb: One of your own ideas")
    st.caption(_ui.facts_line(row))
    st.markdown(_ui.escape(row[c.DESCRIPTION]))
    st.markdown(f"**Why it fits:** {_ui.escape(row[RecColumns.REASON])}")
    st.markdown(f"**Ask each other:** *{_ui.escape(row[c.CONVERSATION_STARTER])}*")
    st.caption(
        f"How much we think each of you would enjoy it: {_ui.escape(names['a'])} "
        f"{enjoyment_words(row[RecColumns.SCORE_A])}, {_ui.escape(names['b'])} "
        f"{enjoyment_words(row[RecColumns.SCORE_B])}.",
        help="From your interests, how adventurous you feel, your budgets, and how you "
        "rated things so far. It gets better the more you rate.",
    )
    # One pair of thumbs per partner; on a narrow card a whole pair wraps, never half of it.
    thumbs = st.container(horizontal=True, gap="medium")
    mine = reactions.get(aid, {})
    for key in ("a", "b"):
        name = _ui.escape(names[key])
        pair = thumbs.container(horizontal=True, gap="small", width="content")
        pair.button(
            name,
            icon=":material/thumb_up:",
            key=f"up_{aid}_{key}",
            type="primary" if mine.get(key) == THUMBS_UP else "secondary",
            help=f"Thumbs up from {name}: more like this, please.",
            on_click=_react,
            args=(couple_id, aid, key, THUMBS_UP, f"Noted: {name} likes {_ui.escape(title)}."),
        )
        pair.button(
            name,
            icon=":material/thumb_down:",
            key=f"down_{aid}_{key}",
            help=f"Thumbs down from {name}: hide it and show something else.",
            on_click=_react,
            args=(
                couple_id,
                aid,
                key,
                THUMBS_DOWN,
                f"Noted: {_ui.escape(title)} is not for {name}. Here is something else instead.",
            ),
        )
    fans = [names[k] for k in ("a", "b") if mine.get(k) == THUMBS_UP]
    if fans:
        # Said in words too, not only by the filled button.
        st.caption(f"{_ui.escape(' and '.join(fans))} gave this a thumbs up.")
    actions = st.container(horizontal=True, gap="small")
    with actions.popover("Plan it", icon=":material/calendar_add_on:"):
        day_key = f"plan_day_{aid}"
        st.date_input(
            "Which day?", value=day, min_value=date.today(), key=day_key, format="DD/MM/YYYY"
        )
        st.button(
            "Add to our plans",
            key=f"plan_{aid}",
            type="primary",
            on_click=_plan,
            args=(couple_id, aid, title, day_key),
        )
    actions.button(
        "We did it",
        key=f"did_{aid}",
        icon=":material/check_circle:",
        on_click=_ui.start_rating,
        args=(f"suggestion:{aid}",),
        help="Already done it together? Rate it, and we will learn from it.",
    )
    if _ui.rating_target() == f"suggestion:{aid}":
        _ui.rating_form(couple_id, couple, row, day=min(day, date.today()))


def body() -> None:
    couple_id = _ui.current_couple_id()
    if couple_id is None:
        _ui.need_profile()
        return
    store = _ui.store()
    couple = store.get_couple(couple_id)
    st.markdown(
        f"Something new for {_ui.escape(couple.a.name)} and {_ui.escape(couple.b.name)}: "
        "picked from your interests, within the lower of your budgets and comfort levels."
    )
    filters = _filters()
    _coming_up(couple_id, couple)
    recs = suggestions(_ui.engine(), store, couple_id, filters)
    st.subheader("Our suggestions" if not filters.surprise else "A surprise mix")
    if recs.empty:
        st.info(
            "Nothing fits all of that. Try more time, 'Either' for indoors or out, another "
            "day, or 'a little out of our comfort zone'."
        )
        return
    reactions = latest_reactions(store.reactions(couple_id))
    # Fixed-width cards in a wrapping row: three across on a wide screen, one on a narrow one.
    grid = st.container(horizontal=True, gap="medium")
    for _, row in recs.iterrows():
        with grid.container(border=True, width=CARD_WIDTH, key=f"card_{row[c.ACTIVITY_ID]}"):
            _card(couple_id, couple, row, reactions, filters.day)


st.title("This weekend")
_ui.show_callback_error()
_ui.show_flash()
_ui.guarded(body)
