"""Outings: log what you did, see the history, change or delete an entry."""

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import _couple, _forms, _messages, _ratings, _store
from recommender.catalog.columns import Columns
from recommender.planning.history_list import HistoryEntry, history_entries
from recommender.planning.insights import outings_table
from recommender.profiles import Couple
from recommender.store.store import CoupleScope
from recommender.wording import RATING_WORDS, day_words, money
from recommender.wording import escape_markdown as escape

c = Columns
SOURCES = ("Something we planned", "Something from the catalog", "One of our own ideas")
CONFIRM = "outings_confirm_delete"
#: The history shows this many outings until "Show all" is pressed.
FIRST = 10
SHOW_ALL = "outings_show_all"


def passed_plan_index(planned: object, today: date) -> int | None:
    """Position of the first plan whose day has passed, or None (then nothing is picked)."""
    days = list(planned["date"])  # type: ignore[index]
    return next((i for i, day in enumerate(days) if day < today), None)


def _log(scope: CoupleScope, couple: Couple) -> None:
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
    start: int | None = 0
    if source == SOURCES[0]:
        # A plan is offered first only once its day has passed: one dated today or later is
        # one click from being logged as done before it happened, so nothing is picked then.
        start = passed_plan_index(planned, date.today())
    picked = st.selectbox(
        "Which one?",
        list(options),
        index=start,
        format_func=options.get,
        key=f"log_pick_{SOURCES.index(source)}",
        placeholder="Pick the plan you went on" if source == SOURCES[0] else "Type to search",
    )
    if picked is None:
        st.caption(
            "Pick which plan you went on to rate it. Plans still to come are on the list too."
        )
        return
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


def _edit(scope: CoupleScope, couple: Couple, table: object) -> None:
    labels = {
        int(r.outing_id): f"{day_words(r.When)} · {r.What}"
        for r in table.itertuples(index=False)  # type: ignore[attr-defined]
    }
    outing_id = st.selectbox("Which outing?", list(labels), format_func=labels.get, key="edit_pick")
    row = scope.outings().set_index("outing_id").loc[outing_id]
    key = f"edit_{outing_id}"
    _edit_form(scope, couple, row, outing_id, key, labels[outing_id])
    _delete(scope, outing_id, labels[outing_id])


def _edit_form(
    scope: CoupleScope, couple: Couple, row: pd.Series, outing_id: int, key: str, label: str
) -> None:
    # A signed-in partner changes only their own rating; a rating still to be given by
    # the partner is left for them (see _rating for the slider's start).
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
        _messages.flash(f"Changed: {escape(label)}.")
        st.rerun()


def _delete(scope: CoupleScope, outing_id: int, label: str) -> None:
    """Delete the outing picked, after a confirmation."""
    if st.session_state.get(CONFIRM) != outing_id:
        if st.button("Delete this outing", icon=":material/delete:", key=f"delete_{outing_id}"):
            st.session_state[CONFIRM] = outing_id
            st.rerun()
        return
    st.warning(
        f"Delete {escape(label)}? Its ratings will no longer shape your "
        "suggestions. This cannot be undone."
    )
    yes, no = st.columns(2)
    if yes.button("Yes, delete it", type="primary", key=f"confirm_{outing_id}"):
        scope.delete_outing(outing_id)
        st.session_state.pop(CONFIRM, None)
        _messages.flash(f"Deleted: {escape(label)}.", "info")
        st.rerun()
    if no.button("No, keep it", key=f"keep_{outing_id}"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()


def _show_all() -> None:
    st.session_state[SHOW_ALL] = True


def _history(entries: list[HistoryEntry]) -> None:
    """The history as short entries, newest first: sentences wrap on a phone, columns would not."""
    shown = entries if st.session_state.get(SHOW_ALL) else entries[:FIRST]
    for entry in shown:
        with st.container(border=True, key=f"outing_{entry.outing_id}"):
            # Two spaces before a newline: a line break inside one paragraph.
            st.markdown(
                f"**{escape(entry.title)}**  \n{escape(entry.when)}  \n"
                f"{escape(entry.ratings)}  \n{escape(entry.cost)}"
            )
            if entry.notes:
                st.caption(f"Notes: {escape(entry.notes)}")
    if len(shown) < len(entries):
        st.button(
            f"Show all {len(entries)} outings",
            key="outings_show_all",
            icon=":material/expand_more:",
            on_click=_show_all,
        )


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
    known = _store.activities(scope)
    table = outings_table(outings, known, couple)
    spent = outings["cost"].sum()
    st.caption(
        f"{len(outings)} {'outing' if len(outings) == 1 else 'outings'} so far,"
        f" {money(spent)} spent in all. Ratings go from 1 "
        f"({RATING_WORDS[1]}) to 5 ({RATING_WORDS[5]})."
    )
    _history(history_entries(outings, known, couple))
    with st.expander("Change or delete an outing", icon=":material/edit:"):
        _edit(scope, couple, table)


st.title("Outings")
_messages.show_callback_error()
_messages.show_flash()
_messages.guarded(body)
