"""A suggestion card: title, facts, why it fits, each partner's thumbs, plan it, we did it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app_pages._couple import own_seats, partner_names
from app_pages._forms import rating_form, rating_target, start_rating
from app_pages._messages import flash, safe_callback
from recommender.catalog.columns import Columns, RecColumns
from recommender.planning.forms import FormError, plan_day_from_form
from recommender.planning.weekend import latest_reactions
from recommender.profiles import THUMBS_DOWN, THUMBS_UP, Couple
from recommender.wording import (
    cost_words,
    day_words,
    duration_words,
    enjoyment_words,
    risk_words,
    setting_words,
)
from recommender.wording import escape_markdown as escape

#: Card titles are level-3 headings, under the page's sections (h2): headings in order.
CARD_HEADING = "### "
CARD_WIDTH = 340
c = Columns


def facts_line(row: Any) -> str:
    """Cost, time, risk and setting of an activity in one line of words."""
    c = Columns
    return " · ".join(
        [
            f"Cost: {cost_words(row[c.COST])}",
            f"Time: {duration_words(row[c.DURATION_HOURS])}",
            f"Risk: {risk_words(int(row[c.RISK]))}",
            f"Where: {setting_words(row[c.SETTING])}",
        ]
    )


@safe_callback
def _react(scope: Any, activity_id: str, partner: str, rating: int, text: str) -> None:
    """A thumb pressed: saved; the same thumb pressed again takes the reaction back."""
    if latest_reactions(scope.reactions()).get(activity_id, {}).get(partner) == rating:
        take_back(scope, activity_id, partner)
        flash("Taken back: " + text.removeprefix("Noted: "), "info")
        return
    scope.add_reaction(activity_id, partner, rating)
    flash(text, "success" if rating == THUMBS_UP else "info")


def take_back(scope: Any, activity_id: str, partner: str) -> None:
    """Remove every thumb ``partner`` gave ``activity_id``: as if never pressed."""
    reactions = scope.reactions()
    mine = reactions[(reactions["activity_id"] == activity_id) & (reactions["partner"] == partner)]
    for reaction_id in mine["reaction_id"]:
        scope.delete_reaction(int(reaction_id))


@safe_callback
def _plan(scope: Any, activity_id: str, title: str, day_key: str) -> None:
    day = plan_day_from_form(st.session_state[day_key])  # the button is off for a past day
    scope.plan(activity_id, day)
    flash(
        f"Planned: {escape(title)}, on {day_words(day)}. It is under 'Coming up' below, with a "
        "calendar file to download."
    )


def plan_day_problem(day: object) -> str | None:
    """What is wrong with the day picked for a plan (a day that has passed), or None."""
    try:
        plan_day_from_form(day)
    except FormError as exc:
        return exc.fields["day"]
    return None


def thumb_label(name: str, action: str, title: str, pressed: bool) -> str:
    """A thumb's label: the partner's name shown, and for screen readers the whole of it.

    The part in italics ("thumbs up for Sunrise hike, given") is kept out of sight by the
    app's style (app.py) but read out, so the button is announced as "Lena: thumbs up for
    Sunrise hike"; a pressed thumb also says so in its visible text (a check mark), not
    only by its colour. ``name`` is already escaped.
    """
    state = ", given; press again to take it back" if pressed else ""
    mark = " ✓" if pressed else ""
    return f"{name}{mark} *: {action} for {escape(title)}{state}*"


def card(scope: Any, couple: Couple, row: pd.Series, reactions: dict, day: date) -> None:
    """One activity as a card. ``row`` is a suggestion (with why it fits and each partner's
    score) or, from Explore, a plain catalog row or own idea (then those are left out).

    On one screen (local mode) both partners' thumbs are drawn; on a phone signed in
    (hosted mode) only the person's own. The other's thumb shows only once the person has
    given theirs: ``reactions`` comes from the scope, which holds it back until then."""
    aid = str(row[c.ACTIVITY_ID])
    title = str(row[c.TITLE])
    names = partner_names(couple)
    st.markdown(f"{CARD_HEADING}{escape(title)}")
    if row.get(RecColumns.SOURCE) == "ours":
        st.caption(":material/lightbulb: One of your own ideas")
    st.caption(facts_line(row))
    st.markdown(escape(row[c.DESCRIPTION]))
    if RecColumns.REASON in row:
        st.markdown(f"**Why it fits:** {escape(row[RecColumns.REASON])}")
    if str(row.get(c.CONVERSATION_STARTER) or "").strip():
        st.markdown(f"**Ask each other:** *{escape(row[c.CONVERSATION_STARTER])}*")
    if RecColumns.SCORE_A in row:
        st.caption(
            f"How much we think each of you would enjoy it: {escape(names['a'])} "
            f"{enjoyment_words(row[RecColumns.SCORE_A])}, {escape(names['b'])} "
            f"{enjoyment_words(row[RecColumns.SCORE_B])}.",
            help="From your interests, how adventurous you feel, your budgets, and how you "
            "rated things so far. It gets better the more you rate.",
        )
    # One pair of thumbs per partner; on a narrow card a whole pair wraps, never half of it.
    thumbs = st.container(horizontal=True, gap="medium")
    mine = reactions.get(aid, {})
    for key in own_seats(scope):
        name = escape(names[key])
        pair = thumbs.container(horizontal=True, gap="small", width="content")
        pressed = mine.get(key) == THUMBS_UP
        pair.button(
            thumb_label(name, "thumbs up", title, pressed),
            icon=":material/thumb_up:",
            key=f"up_{aid}_{key}",
            type="primary" if mine.get(key) == THUMBS_UP else "secondary",
            help=f"Thumbs up from {name}: more like this, please."
            + (" Press again to take it back." if pressed else ""),
            on_click=_react,
            args=(scope, aid, key, THUMBS_UP, f"Noted: {name} likes {escape(title)}."),
        )
        pair.button(
            thumb_label(name, "thumbs down", title, False),
            icon=":material/thumb_down:",
            key=f"down_{aid}_{key}",
            help=f"Thumbs down from {name}: hide it and show something else.",
            on_click=_react,
            args=(
                scope,
                aid,
                key,
                THUMBS_DOWN,
                f"Noted: {escape(title)} is not for {name}. Here is something else instead.",
            ),
        )
    fans = [names[k] for k in ("a", "b") if mine.get(k) == THUMBS_UP]
    if fans:
        # Said in words too, not only by the filled button.
        st.caption(f"{escape(' and '.join(fans))} gave this a thumbs up.")
    actions = st.container(horizontal=True, gap="small")
    with actions.popover("Plan it", icon=":material/calendar_add_on:"):
        day_key = f"plan_day_{aid}"
        picked = st.date_input("Which day?", value=day, key=day_key, format="DD/MM/YYYY")
        problem = plan_day_problem(picked)
        if problem:
            st.error(problem, icon=":material/arrow_upward:")
        st.button(
            "Add to our plans",
            key=f"plan_{aid}",
            type="primary",
            disabled=problem is not None,
            on_click=_plan,
            args=(scope, aid, title, day_key),
        )
    actions.button(
        "We did it",
        key=f"did_{aid}",
        icon=":material/check_circle:",
        on_click=start_rating,
        args=(f"suggestion:{aid}",),
        help="Already done it together? Rate it, and we will learn from it.",
    )
    if rating_target() == f"suggestion:{aid}":
        rating_form(scope, couple, row, day=min(day, date.today()))
