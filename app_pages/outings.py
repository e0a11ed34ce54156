"""Outings: log what you did, see the history, change or delete an entry."""

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import _couple, _forms, _messages, _ratings, _store
from recommender.catalog.columns import Columns
from recommender.planning.insights import outings_table
from recommender.profiles import Couple
from recommender.wording import RATING_WORDS, day_words, money
from recommender.wording import escape_markdown as escape

c = Columns
SOURCES = ("Something we planned", "Something from the catalog", "One of our own ideas")
CONFIRM = "outings_confirm_delete"


def _log(scope: Any, couple: Couple) -> None:
    known = _store.activities(scope)
    planned = scope.planned()
    ideas = known[known["source"] == "ours"]
    catalog = known[known["source"] == "catalog"]
    choices = {
        SOURCES[0]: {
            f"plan:{p.plan_id}": f"{known[c.TITLE].get(p.activity_id, p.activity_id)}"
            f" (planned for {day_words(p.date)})"
            for p in planned.itertuples(index=False)
        },
        SOURCES[1]: dict(
            sorted(zip(catalog.index, catalog[c.TITLE], strict=True), key=lambda kv: kv[1])
        ),
        SOURCES[2]: dict(zip(ideas.index, ideas[c.TITLE], strict=True)),
    }
    available = [s for s in SOURCES if choices[s]]
    source = st.radio("What did you do?", available, horizontal=True, key="log_source")
    options = choices[source]
    picked = st.selectbox(
        "Which one?",
        list(options),
        format_func=options.get,
        key=f"log_pick_{SOURCES.index(source)}",
        placeholder="Type to search",
    )
    plan_id = int(picked.split(":")[1]) if picked.startswith("plan:") else None
    aid = (
        str(planned.set_index("plan_id").loc[plan_id, c.ACTIVITY_ID])
        if plan_id is not None
        else picked
    )
    activity = known.loc[aid]
    # Not clear_on_submit: a form with a problem keeps what was typed.
    with st.form("log_outing"):
        seats = _couple.own_seats(scope)
        values, slots = _forms.outing_fields(
            couple, "log", day=date.today(), cost=float(activity[c.COST]), seats=seats
        )
        saved = st.form_submit_button("Save this outing", type="primary", icon=":material/save:")
    if not saved:
        return
    outing = _forms.checked_outing(values, slots, seats)
    if outing is None:
        later = _forms.future_day(values)
        if later is not None:
            _forms.offer_plan_instead(scope, aid, str(activity[c.TITLE]), later)
        return
    _forms.save_outing(scope, aid, plan_id, outing)
    for field in ("log_a", "log_b", "log_notes"):  # a fresh form for the next outing
        st.session_state.pop(field, None)
    _messages.flash(f"Saved: {escape(activity[c.TITLE])} on {day_words(outing.day)}.")
    st.rerun()


def _edit(scope: Any, couple: Couple, table: object) -> None:
    labels = {
        int(r.outing_id): f"{day_words(r.When)} · {r.What}"
        for r in table.itertuples(index=False)  # type: ignore[attr-defined]
    }
    outing_id = st.selectbox("Which outing?", list(labels), format_func=labels.get, key="edit_pick")
    row = scope.outings().set_index("outing_id").loc[outing_id]
    key = f"edit_{outing_id}"
    seats = _couple.own_seats(scope)
    with st.form(key):
        had_cost = row["cost"] == row["cost"]  # NaN when not recorded
        values, slots = _forms.outing_fields(
            couple,
            key,
            day=row["date"],
            cost=float(row["cost"]) if had_cost else None,
            ratings=(_rating(row["rating_a"]), _rating(row["rating_b"])),
            notes=row["notes"] or "",
            seats=seats,
        )
        saved = st.form_submit_button("Save changes", type="primary", icon=":material/save:")
    if saved:
        outing = _forms.checked_outing(values, slots, seats)
        if outing is None:
            return
        # Only the ratings given on this screen change: the partner's stays theirs.
        ratings = {f"rating_{s}": getattr(outing, f"rating_{s}") for s in seats}
        scope.update_outing(
            outing_id, date=outing.day, notes=outing.notes, cost=outing.cost, **ratings
        )
        _messages.flash(f"Changed: {escape(labels[outing_id])}.")
        st.rerun()

    if st.session_state.get(CONFIRM) != outing_id:
        if st.button("Delete this outing", icon=":material/delete:", key=f"delete_{outing_id}"):
            st.session_state[CONFIRM] = outing_id
            st.rerun()
        return
    st.warning(
        f"Delete {escape(labels[outing_id])}? Its ratings will no longer shape your "
        "suggestions. This cannot be undone."
    )
    yes, no = st.columns(2)
    if yes.button("Yes, delete it", type="primary", key=f"confirm_{outing_id}"):
        scope.delete_outing(outing_id)
        st.session_state.pop(CONFIRM, None)
        _messages.flash(f"Deleted: {escape(labels[outing_id])}.", "info")
        st.rerun()
    if no.button("No, keep it", key=f"keep_{outing_id}"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()


def _rating(value: Any) -> int:
    """A saved rating for a slider's start; 4 while it is still waiting to be given."""
    return 4 if pd.isna(value) else int(value)


def body() -> None:
    scope = _couple.scope()
    if scope is None:
        _couple.need_profile()
        return
    couple = scope.get_couple()
    st.markdown(
        "What you did together and how each of you liked it. Your ratings shape your next "
        "suggestions: more like what you both loved, less like what fell flat."
    )
    outings = scope.outings()
    _ratings.waiting(scope, couple, outings)
    with st.expander("Log an outing", expanded=True, icon=":material/edit_note:"):
        _log(scope, couple)

    st.header("Our history")
    if outings.empty:
        st.info("Nothing logged yet. When you have done something together, log it above.")
        return
    table = outings_table(outings, _store.activities(scope), couple)
    spent = outings["cost"].sum()
    st.caption(
        f"{len(outings)} {'outing' if len(outings) == 1 else 'outings'} so far,"
        f" {money(spent)} spent in all. Ratings go from 1 "
        f"({RATING_WORDS[1]}) to 5 ({RATING_WORDS[5]})."
    )
    st.dataframe(
        table.drop(columns="outing_id"),
        hide_index=True,
        column_config={
            "When": st.column_config.DateColumn("When", format="D MMM YYYY"),
            "Spent ($)": st.column_config.NumberColumn("Spent ($)", format="$%.2f"),
            f"{couple.a.name}'s rating": st.column_config.NumberColumn(
                f"{couple.a.name}'s rating", help="1 = not for us, 5 = loved it", format="%d / 5"
            ),
            f"{couple.b.name}'s rating": st.column_config.NumberColumn(
                f"{couple.b.name}'s rating", help="1 = not for us, 5 = loved it", format="%d / 5"
            ),
        },
    )
    with st.expander("Change or delete an outing", icon=":material/edit:"):
        _edit(scope, couple, table)


st.title("Outings")
_messages.show_callback_error()
_messages.show_flash()
_messages.guarded(body)
