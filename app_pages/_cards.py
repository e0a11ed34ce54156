"""A suggestion card: title, facts, why it fits, each partner's thumbs, plan it, we did it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app_pages._couple import partner_names
from app_pages._forms import rating_form, rating_target, start_rating
from app_pages._messages import flash, safe_callback
from app_pages._store import store
from recommender.catalog.columns import Columns, RecColumns
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

#: Card titles are level-4 headings: big enough to scan, small enough for two columns.
CARD_HEADING = "#### "
CARD_WIDTH = 360
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
def _react(couple_id: int, activity_id: str, partner: str, rating: int, text: str) -> None:
    store().add_reaction(couple_id, activity_id, partner, rating)
    flash(text, "success" if rating == THUMBS_UP else "info")


@safe_callback
def _plan(couple_id: int, activity_id: str, title: str, day_key: str) -> None:
    day = st.session_state[day_key]
    store().plan(couple_id, activity_id, day)
    flash(
        f"Planned: {escape(title)}, on {day_words(day)}. It is under 'Coming up' below, with a "
        "calendar file to download."
    )


def card(couple_id: int, couple: Couple, row: pd.Series, reactions: dict, day: date) -> None:
    aid = str(row[c.ACTIVITY_ID])
    title = str(row[c.TITLE])
    names = partner_names(couple)
    st.markdown(f"{CARD_HEADING}{escape(title)}")
    if row[RecColumns.SOURCE] == "ours":
        st.caption(":material/lightbulb: One of your own ideas")
    st.caption(facts_line(row))
    st.markdown(escape(row[c.DESCRIPTION]))
    st.markdown(f"**Why it fits:** {escape(row[RecColumns.REASON])}")
    st.markdown(f"**Ask each other:** *{escape(row[c.CONVERSATION_STARTER])}*")
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
    for key in ("a", "b"):
        name = escape(names[key])
        pair = thumbs.container(horizontal=True, gap="small", width="content")
        pair.button(
            name,
            icon=":material/thumb_up:",
            key=f"up_{aid}_{key}",
            type="primary" if mine.get(key) == THUMBS_UP else "secondary",
            help=f"Thumbs up from {name}: more like this, please.",
            on_click=_react,
            args=(couple_id, aid, key, THUMBS_UP, f"Noted: {name} likes {escape(title)}."),
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
        on_click=start_rating,
        args=(f"suggestion:{aid}",),
        help="Already done it together? Rate it, and we will learn from it.",
    )
    if rating_target() == f"suggestion:{aid}":
        rating_form(couple_id, couple, row, day=min(day, date.today()))
