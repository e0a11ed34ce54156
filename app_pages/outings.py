"""Outings: log what you did, see the history, change or delete an entry."""

from datetime import date

import streamlit as st

from app_pages import _ui
from recommender.columns import Columns
from recommender.forms import FormError, outing_from_form
from recommender.insights import outings_table
from recommender.profiles import Couple
from recommender.wording import RATING_WORDS, day_words, money

c = Columns
SOURCES = ("Something we planned", "Something from the catalog", "One of our own ideas")
CONFIRM = "outings_confirm_delete"


def _rating_sliders(couple: Couple, key: str, values: tuple[int, int] = (4, 4)) -> dict:
    ratings = {}
    columns = st.columns(2, gap="large")
    for column, partner, name, value in (
        (columns[0], "a", couple.a.name, values[0]),
        (columns[1], "b", couple.b.name, values[1]),
    ):
        ratings[partner] = column.select_slider(
            f"How much did {name} enjoy it?",
            options=list(RATING_WORDS),
            value=value,
            format_func=lambda r: f"{r} · {RATING_WORDS[r]}",
            key=f"{key}_{partner}",
        )
    return ratings


def _log(couple_id: int, couple: Couple) -> None:
    store = _ui.store()
    known = _ui.activities(couple_id)
    planned = store.planned(couple_id)
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
    with st.form("log_outing", clear_on_submit=True):
        left, right = st.columns(2, gap="large")
        day = left.date_input(
            "When?", value=date.today(), max_value=date.today(), format="DD/MM/YYYY"
        )
        slots = {"day": left.empty()}
        cost = right.number_input(
            "What did it cost the two of you? ($)",
            min_value=0.0,
            value=float(activity[c.COST]),
            step=5.0,
            format="%.2f",
            help="Starts at the usual cost; change it to what you really spent.",
        )
        slots["cost"] = right.empty()
        ratings = _rating_sliders(couple, "log")
        notes = st.text_area("Notes (optional)", max_chars=2000, key="log_notes")
        slots["notes"] = st.empty()
        saved = st.form_submit_button("Save this outing", type="primary", icon=":material/save:")
    if not saved:
        return
    try:
        outing = outing_from_form(
            day=day, rating_a=ratings["a"], rating_b=ratings["b"], cost=cost, notes=notes
        )
    except FormError as exc:
        for field, slot in slots.items():
            _ui.field_error(slot, exc, field)
        return
    store.add_outing(
        couple_id, aid, outing.day, outing.rating_a, outing.rating_b, outing.notes, outing.cost
    )
    if plan_id is not None:
        store.unplan(couple_id, plan_id)
    _ui.flash(f"Saved: {activity[c.TITLE]} on {day_words(outing.day)}.")
    st.rerun()


def _edit(couple_id: int, couple: Couple, table: object) -> None:
    store = _ui.store()
    labels = {
        int(r.outing_id): f"{day_words(r.When)} · {r.What}"
        for r in table.itertuples(index=False)  # type: ignore[attr-defined]
    }
    outing_id = st.selectbox("Which outing?", list(labels), format_func=labels.get, key="edit_pick")
    row = store.outings(couple_id).set_index("outing_id").loc[outing_id]
    key = f"edit_{outing_id}"
    with st.form(key):
        left, right = st.columns(2, gap="large")
        day = left.date_input(
            "When?", value=row["date"], max_value=date.today(), format="DD/MM/YYYY"
        )
        slots = {"day": left.empty()}
        had_cost = row["cost"] == row["cost"]  # NaN when not recorded
        cost = right.number_input(
            "What did it cost the two of you? ($)",
            min_value=0.0,
            value=float(row["cost"]) if had_cost else None,
            step=5.0,
            format="%.2f",
            placeholder="Not noted",
        )
        slots["cost"] = right.empty()
        ratings = _rating_sliders(couple, key, (int(row["rating_a"]), int(row["rating_b"])))
        notes = st.text_area("Notes", value=row["notes"] or "", max_chars=2000)
        slots["notes"] = st.empty()
        saved = st.form_submit_button("Save changes", type="primary", icon=":material/save:")
    if saved:
        try:
            outing = outing_from_form(
                day=day, rating_a=ratings["a"], rating_b=ratings["b"], cost=cost, notes=notes
            )
        except FormError as exc:
            for field, slot in slots.items():
                _ui.field_error(slot, exc, field)
            return
        store.update_outing(
            couple_id,
            outing_id,
            date=outing.day,
            rating_a=outing.rating_a,
            rating_b=outing.rating_b,
            notes=outing.notes,
            cost=outing.cost,
        )
        _ui.flash(f"Changed: {labels[outing_id]}.")
        st.rerun()

    if st.session_state.get(CONFIRM) != outing_id:
        if st.button("Delete this outing", icon=":material/delete:", key=f"delete_{outing_id}"):
            st.session_state[CONFIRM] = outing_id
            st.rerun()
        return
    st.warning(
        f"Delete {labels[outing_id]}? Its ratings will no longer shape your suggestions. "
        "This cannot be undone."
    )
    yes, no = st.columns(2)
    if yes.button("Yes, delete it", type="primary", key=f"confirm_{outing_id}"):
        store.delete_outing(couple_id, outing_id)
        st.session_state.pop(CONFIRM, None)
        _ui.flash(f"Deleted: {labels[outing_id]}.", "info")
        st.rerun()
    if no.button("No, keep it", key=f"keep_{outing_id}"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()


def body() -> None:
    couple_id = _ui.current_couple_id()
    if couple_id is None:
        _ui.need_profile()
        return
    store = _ui.store()
    couple = store.get_couple(couple_id)
    st.markdown(
        "What you did together and how each of you liked it. Your ratings shape your next "
        "suggestions: more like what you both loved, less like what fell flat."
    )
    with st.expander("Log an outing", expanded=True, icon=":material/edit_note:"):
        _log(couple_id, couple)

    st.subheader("Our history")
    outings = store.outings(couple_id)
    if outings.empty:
        st.info("Nothing logged yet. When you have done something together, log it above.")
        return
    table = outings_table(outings, _ui.activities(couple_id), couple)
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
        _edit(couple_id, couple, table)


st.title("Outings")
_ui.show_callback_error()
_ui.show_flash()
_ui.guarded(body)
