"""This weekend: the top suggestions as cards, thumbs per partner, plan it, we did it."""

import random
from datetime import date
from typing import Any

import streamlit as st

from app_pages import _cards, _couple, _forms, _messages, _store
from recommender.catalog.columns import Columns, Setting
from recommender.planning.ics import ics_filename, outing_ics
from recommender.planning.weekend import WeekendFilters, latest_reactions, suggestions
from recommender.profiles import THUMBS_DOWN, Couple
from recommender.wording import (
    TIME_CHOICES,
    Hemisphere,
    day_words,
    next_weekend,
    season_of,
)
from recommender.wording import escape_markdown as escape

SEED = "wk_seed"
#: How many suggestions are shown; "Show more" adds another PAGE of them.
MORE = "wk_more_count"
PAGE = 6
c = Columns

SETTINGS = {
    "Either": None,
    "Indoors": Setting.INDOOR.value,
    "Outdoors": Setting.OUTDOOR.value,
}


# --- callbacks (run before the page, so the list below already reflects them) -----------------


@_messages.safe_callback
def _unplan(scope: Any, plan_id: int, title: str) -> None:
    scope.unplan(plan_id)
    _messages.flash(f"Took {escape(title)} off your plans. It can be suggested again.", "info")


def _surprise() -> None:
    st.session_state[SEED] = random.randrange(1_000_000)


def _best() -> None:
    st.session_state.pop(SEED, None)


# --- pieces -----------------------------------------------------------------------------------


def _plan_summary(hemisphere: Hemisphere) -> str:
    """The filters' current choices in one line, shown above the collapsed section."""
    day = st.session_state.get(
        _forms.WEEKEND_DAY_KEY,
        max(_forms.kept(_forms.WEEKEND_DAY_KEY, next_weekend(date.today())), date.today()),
    )
    where = st.session_state.get("wk_setting", _forms.kept("wk_setting", "Either"))
    time_label = st.session_state.get("wk_time", _forms.kept("wk_time", "No limit"))
    parts = [
        f"{day_words(day)} ({season_of(day, hemisphere).value})",
        "indoors or out" if where == "Either" else where.lower(),
    ]
    parts.append("any length" if time_label == "No limit" else time_label.lower())
    if st.session_state.get("wk_stretch", _forms.kept("wk_stretch", False)):
        parts.append("a little out of your comfort zone")
    return "Ideas for " + ", ".join(parts) + "."


def _filters(hemisphere: Hemisphere) -> WeekendFilters:
    # Collapsed: on a phone the filters would fill the first screen before any idea.
    st.caption(_plan_summary(hemisphere))
    with st.expander("Change the plan", icon=":material/tune:"):
        left, middle, right = st.columns([1, 1, 1.3])
        with left:
            day = st.date_input(
                "When?",
                value=max(
                    _forms.kept(_forms.WEEKEND_DAY_KEY, next_weekend(date.today())), date.today()
                ),
                key=_forms.WEEKEND_DAY_KEY,
                on_change=_forms.remember,
                args=(_forms.WEEKEND_DAY_KEY,),
                format="DD/MM/YYYY",
                help="We only suggest things that suit the season of this day where you live "
                "(set your hemisphere on the Us page).",
            )
            if day < date.today():
                # Said, not silently replaced by another day.
                st.error(
                    "That day has passed. Pick today or a later day to see ideas for it.",
                    icon=":material/arrow_upward:",
                )
            else:
                st.caption(f"{day_words(day)}: {season_of(day, hemisphere).value} ideas.")
        with middle:
            where = st.radio(
                "Indoors or out?",
                list(SETTINGS),
                index=list(SETTINGS).index(_forms.kept("wk_setting", "Either")),
                horizontal=True,
                key="wk_setting",
                on_change=_forms.remember,
                args=("wk_setting",),
                help="Activities that work either way are always included.",
            )
        with right:
            time_label = st.select_slider(
                "How much time do you have?",
                options=list(TIME_CHOICES),
                value=_forms.kept("wk_time", "No limit"),
                key="wk_time",
                on_change=_forms.remember,
                args=("wk_time",),
            )
        row = st.container(horizontal=True, vertical_alignment="center")
        stretch = row.toggle(
            "A little out of our comfort zone",
            value=_forms.kept("wk_stretch", False),
            key="wk_stretch",
            on_change=_forms.remember,
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


def _matches(scope: Any, known: Any) -> None:
    """ "It's a match": what both partners said yes to, for both, at the top of the page."""
    ids = [str(aid) for aid in scope.matches()["activity_id"]]
    if not ids:
        return
    with st.container(border=True, key="matches"):
        st.header("It's a match", help="What you both gave a thumbs up, each on your own.")
        titles = [str(known[c.TITLE].get(aid, aid)) for aid in ids]
        st.markdown("\n".join(f"- {escape(title)}" for title in titles))
        st.caption("You both said yes to these: plan one below, or from its card.")


def _coming_up(scope: Any, couple: Couple) -> None:
    planned = scope.planned()
    if planned.empty:
        return
    known = _store.activities(scope)
    st.header("Coming up")
    for plan in planned.itertuples(index=False):
        plan_id = int(plan.plan_id)
        row = known.loc[plan.activity_id] if plan.activity_id in known.index else None
        title = str(row[c.TITLE]) if row is not None else plan.activity_id
        with st.container(border=True, key=f"planned_{plan_id}"):
            st.markdown(f"**{escape(title)}**, {day_words(plan.date)}")
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
                on_click=_forms.start_rating,
                args=(f"plan:{plan_id}",),
            )
            actions.button(
                "Not any more",
                key=f"unplan_{plan_id}",
                icon=":material/delete:",
                on_click=_unplan,
                args=(scope, plan_id, title),
            )
            if row is not None and _forms.rating_target() == f"plan:{plan_id}":
                _forms.rating_form(
                    scope, couple, row, plan_id=plan_id, day=min(plan.date, date.today())
                )


def body() -> None:
    scope = _couple.scope()
    if scope is None:
        _couple.need_profile()
        return
    couple = scope.get_couple()
    st.markdown(
        f"Something new for {escape(couple.a.name)} and {escape(couple.b.name)}: "
        "picked from your interests, within the lower of your budgets and comfort levels."
    )
    _matches(scope, _store.activities(scope))
    filters = _filters(scope.hemisphere())
    _coming_up(scope, couple)
    if filters.day < date.today():
        return  # the problem is said under the day; nothing is suggested for another day
    shown = st.session_state.get(MORE, PAGE)
    recs = suggestions(_store.engine(), scope, filters, k=shown)
    st.header("Our suggestions" if not filters.surprise else "A surprise mix")
    if recs.empty:
        st.info(
            "Nothing fits all of that. Try more time, 'Either' for indoors or out, another "
            "day, or 'a little out of our comfort zone'."
        )
        return
    reactions = latest_reactions(scope.reactions())
    # Fixed-width cards in a wrapping row: three across on a wide screen, one on a narrow one.
    grid = st.container(horizontal=True, gap="medium")
    for _, row in recs.iterrows():
        with grid.container(border=True, width=_cards.CARD_WIDTH, key=f"card_{row[c.ACTIVITY_ID]}"):
            _cards.card(scope, couple, row, reactions, filters.day)
    if len(recs) >= shown:
        st.button(
            "Show more",
            key="wk_more",
            icon=":material/expand_more:",
            on_click=_more,
            help=f"{PAGE} more suggestions, a little further from your best matches.",
        )
    _hidden(scope, reactions)


def _more() -> None:
    st.session_state[MORE] = st.session_state.get(MORE, PAGE) + PAGE


@_messages.safe_callback
def _show_again(scope: Any, activity_id: str, title: str) -> None:
    for partner in _couple.own_seats(scope):
        _cards.take_back(scope, activity_id, partner)
    _messages.flash(f"{escape(title)} can be suggested again.", "info")


def _hidden(scope: Any, reactions: dict[str, dict[str, int]]) -> None:
    """What a thumbs down hid, with a way back (for the thumbs given on this screen)."""
    seats = _couple.own_seats(scope)
    hidden = [
        aid for aid, by in reactions.items() if any(by.get(seat) == THUMBS_DOWN for seat in seats)
    ]
    if not hidden:
        return
    known = _store.activities(scope)
    with st.expander(f"Hidden ideas ({len(hidden)})", icon=":material/visibility_off:"):
        st.caption("Ideas one of you turned down. Bring one back to see it suggested again.")
        for aid in hidden:
            title = str(known[c.TITLE].get(aid, aid))
            row = st.container(horizontal=True, vertical_alignment="center")
            row.markdown(escape(title))
            row.button(
                f"Show {escape(title)} again",
                key=f"unhide_{aid}",
                icon=":material/undo:",
                on_click=_show_again,
                args=(scope, aid, title),
            )


st.title("This weekend")
_messages.show_callback_error()
_messages.show_flash()
_messages.guarded(body)
