"""The fields of one idea, for adding a new one and for changing a saved one (Our ideas).

Both forms have the same fields, checks and messages (``planning.forms.idea_from_form``),
so an edit is held to exactly the rules of adding.
"""

from collections.abc import Mapping
from typing import Any

import streamlit as st

from app_pages import _messages
from recommender.catalog.columns import (
    ANY_SEASON,
    CATEGORIES,
    ENERGY_LEVELS,
    LIST_SEPARATOR,
    RISK_NAMES,
    TAGS,
    Columns,
    Season,
    Setting,
)
from recommender.planning.forms import WHOLE_FORM, FormError, idea_from_form
from recommender.wording import pretty_label, risk_description, setting_words

c = Columns


def _split(cell: object) -> list[str]:
    return [part for part in str(cell or "").split(LIST_SEPARATOR) if part]


def idea_fields(key: str, saved: Mapping[str, Any] | None) -> tuple[dict[str, object], dict]:
    """The idea's fields (inside a form), empty for a new idea or filled with ``saved``.

    ``key`` prefixes the widgets' keys, so each idea being edited has fields of its own.
    """
    was = dict(saved) if saved is not None else {}
    values: dict[str, object] = {}
    slots = {}

    def wkey(field: str) -> str | None:
        return f"{key}_{field}" if saved is not None else None

    values[c.TITLE] = st.text_input(
        "Title",
        value=str(was.get(c.TITLE, "")),
        max_chars=80,
        placeholder="Picnic at the old mill",
        key=wkey(c.TITLE),
    )
    slots[c.TITLE] = st.empty()
    values[c.DESCRIPTION] = st.text_area(
        "What you do",
        value=str(was.get(c.DESCRIPTION, "")),
        placeholder="Two or three sentences: what you do, and what it gives you.",
        key=wkey(c.DESCRIPTION),
    )
    slots[c.DESCRIPTION] = st.empty()
    left, right = st.columns(2)
    with left:
        category = was.get(c.CATEGORY)
        values[c.CATEGORY] = st.selectbox(
            "Kind of activity",
            CATEGORIES,
            index=CATEGORIES.index(category) if category in CATEGORIES else None,
            format_func=pretty_label,
            placeholder="Choose one",
            key=wkey(c.CATEGORY),
        )
        slots[c.CATEGORY] = st.empty()
        values[c.COST] = st.number_input(
            "Cost for the two of you ($)",
            min_value=0.0,
            value=float(was.get(c.COST, 0.0)),
            step=5.0,
            key=wkey(c.COST),
        )
        slots[c.COST] = st.empty()
        values[c.RISK] = st.select_slider(
            "Risk",
            options=list(RISK_NAMES),
            value=int(was.get(c.RISK, 1)),
            format_func=lambda v: f"{v} · {RISK_NAMES[v]}",
            help="\n\n".join(f"{k}: {risk_description(k)}" for k in RISK_NAMES),
            key=wkey(c.RISK),
        )
        slots[c.RISK] = st.empty()
        settings = [s.value for s in Setting]
        setting = was.get(c.SETTING)
        values[c.SETTING] = st.radio(
            "Where",
            settings,
            index=settings.index(setting) if setting in settings else 0,
            format_func=setting_words,
            horizontal=True,
            key=wkey(c.SETTING),
        )
        slots[c.SETTING] = st.empty()
    with right:
        values[c.TAGS] = st.multiselect(
            "What it involves",
            TAGS,
            default=[t for t in _split(was.get(c.TAGS)) if t in TAGS],
            format_func=pretty_label,
            placeholder="Pick one or more",
            key=wkey(c.TAGS),
        )
        slots[c.TAGS] = st.empty()
        values[c.DURATION_HOURS] = st.number_input(
            "How long it takes (hours)",
            min_value=0.25,
            value=max(float(was.get(c.DURATION_HOURS, 2.0)), 0.25),
            step=0.5,
            key=wkey(c.DURATION_HOURS),
        )
        slots[c.DURATION_HOURS] = st.empty()
        values[c.ENERGY] = st.select_slider(
            "Physical effort",
            options=list(ENERGY_LEVELS),
            value=int(was.get(c.ENERGY, 2)),
            format_func=lambda v: f"{v} · {ENERGY_LEVELS[v].rstrip('.')}",
            key=wkey(c.ENERGY),
        )
        slots[c.ENERGY] = st.empty()
        season_options = [ANY_SEASON] + [s.value for s in Season]
        values[c.SEASONS] = st.multiselect(
            "Seasons",
            season_options,
            default=[s for s in _split(was.get(c.SEASONS, ANY_SEASON)) if s in season_options],
            format_func=lambda s: "any season" if s == ANY_SEASON else s,
            key=wkey(c.SEASONS),
        )
        slots[c.SEASONS] = st.empty()
    values[c.CONVERSATION_STARTER] = st.text_input(
        "A question to ask each other while you do it",
        value=str(was.get(c.CONVERSATION_STARTER, "")),
        placeholder="What would you like to get better at together?",
        key=wkey(c.CONVERSATION_STARTER),
    )
    slots[c.CONVERSATION_STARTER] = st.empty()
    slots[WHOLE_FORM] = st.empty()
    return values, slots


def checked(values: dict[str, object], slots: dict) -> dict[str, object] | None:
    """The idea as typed, checked by the catalog's rules; None (problems shown) when wrong."""
    try:
        return idea_from_form(values)
    except FormError as exc:
        for field, slot in slots.items():
            _messages.field_error(slot, exc, field)
        return None
