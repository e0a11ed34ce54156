"""Outings waiting for a rating: on two phones each partner rates on their own.

An outing saved from one phone carries that person's rating only; it shows "waiting for
Ben's rating" until Ben gives his, from his own phone (only his own seat: the store's
``rate_outing`` writes that one field, so two phones saving at once lose nothing).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages._couple import own_seats, partner_names
from app_pages._messages import flash, safe_callback
from app_pages._store import activities
from recommender.catalog.columns import Columns
from recommender.profiles import Couple
from recommender.wording import RATING_WORDS, day_words
from recommender.wording import escape_markdown as escape


def _missing(value: Any) -> bool:
    return bool(pd.isna(value))  # None, NaN or pd.NA, however the frame holds "not yet"


@safe_callback
def _rate(scope: Any, outing_id: int, seat: str, key: str, title: str) -> None:
    rating = int(st.session_state[key])
    if scope.member is not None:
        scope.rate_outing(outing_id, rating)  # the member's own seat, and only it
        flash(f"Saved your rating of {escape(title)}.")
    else:
        scope.rate_outing(outing_id, rating, seat)
        flash(f"Saved the rating of {escape(title)}.")


def waiting(scope: Any, couple: Couple, outings: pd.DataFrame) -> None:
    """The outings with a rating still to give, at the top of Outings."""
    if outings.empty:
        return
    pending = outings[outings["rating_a"].isna() | outings["rating_b"].isna()]
    if pending.empty:
        return
    names = partner_names(couple)
    seats = own_seats(scope)
    titles = activities(scope)[Columns.TITLE]
    st.header("Waiting for a rating")
    for outing in pending.itertuples(index=False):
        outing_id = int(outing.outing_id)
        title = str(titles.get(outing.activity_id, outing.activity_id))
        with st.container(border=True, key=f"waiting_{outing_id}"):
            st.markdown(f"**{escape(title)}**, {day_words(outing.date)}")
            for seat in ("a", "b"):
                if not _missing(getattr(outing, f"rating_{seat}")):
                    continue
                if seat not in seats:
                    st.caption(f"{escape(title)}: waiting for {escape(names[seat])}'s rating.")
                    continue
                key = f"waiting_{outing_id}_{seat}"
                mine = len(seats) == 1
                st.select_slider(
                    "How much did you enjoy it?"
                    if mine
                    else f"How much did {escape(names[seat])} enjoy it?",
                    options=list(RATING_WORDS),
                    value=4,
                    format_func=lambda r: f"{r} · {RATING_WORDS[r]}",
                    key=key,
                )
                st.button(
                    "Save my rating" if mine else f"Save {escape(names[seat])}'s rating",
                    key=f"{key}_save",
                    type="primary",
                    icon=":material/save:",
                    on_click=_rate,
                    args=(scope, outing_id, seat, key, title),
                )
