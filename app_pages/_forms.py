"""Form pieces shared by pages: rating an outing ("we did it"), and filters kept across pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from app_pages._couple import own_seats, partner_names
from app_pages._messages import field_error, flash, safe_callback
from recommender.catalog.columns import Columns
from recommender.planning.forms import MAX_NOTES, FormError
from recommender.profiles import Couple
from recommender.wording import escape_markdown as escape

#: The day picked on This weekend; Explore weighs up suggestions for the same day.
WEEKEND_DAY_KEY = "wk_day"
#: Where a filter's last value is kept, under "kept:" + the widget's key.
KEPT = "kept:"

RATE_KEY = "rate_for"


def start_rating(target: str) -> None:
    """Open the rating form for ``target`` ("suggestion:ID" or "plan:ID")."""
    st.session_state[RATE_KEY] = target


def rating_target() -> str | None:
    """What the open rating form is for, if any."""
    return st.session_state.get(RATE_KEY)


def _stop_rating() -> None:
    st.session_state.pop(RATE_KEY, None)


def outing_fields(
    couple: Couple,
    key: str,
    *,
    day: date,
    cost: float | None,
    ratings: tuple[int, int] = (4, 4),
    notes: str = "",
    wide: bool = True,
    seats: tuple[str, ...] = ("a", "b"),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Draw an outing's fields inside a form: when, what it cost, each rating, notes.

    ``wide`` lays them out in two columns (a page); otherwise one under the other (a
    card). The date and cost have no key, so they start afresh from ``day`` and ``cost``
    when the activity changes. ``seats`` are the partners who rate here (hosted mode: only
    the person on this phone, asked "How much did you enjoy it?"; the other's rating stays
    empty, None). Returns the values, named as
    :func:`recommender.forms.outing_from_form` takes them, and an empty slot under each
    field for its problem.
    """
    from recommender.wording import RATING_WORDS

    left, right = st.columns(2, gap="large") if wide else (st.container(), st.container())
    values: dict[str, Any] = {}
    slots: dict[str, Any] = {}
    # No max_value / min_value: a value outside them would be silently replaced; the
    # form's rules say what is wrong instead, under the field.
    values["day"] = left.date_input("When did you go?", value=day, format="DD/MM/YYYY")
    slots["day"] = left.empty()
    values["cost"] = right.number_input(
        "What did it cost the two of you? ($)",
        value=cost,
        step=5.0,
        format="%.2f",
        placeholder="Not noted",
        help="Starts at the usual cost; change it to what you really spent.",
    )
    slots["cost"] = right.empty()
    columns = st.columns(2, gap="large") if wide else (st.container(), st.container())
    for column, (partner, name), value in zip(
        columns, partner_names(couple).items(), ratings, strict=True
    ):
        if partner not in seats:
            values[f"rating_{partner}"] = None
            continue
        question = (
            "How much did you enjoy it?"
            if len(seats) == 1
            else (f"How much did {escape(name)} enjoy it?")
        )
        values[f"rating_{partner}"] = column.select_slider(
            question,
            options=list(RATING_WORDS),
            value=value,
            format_func=lambda r: f"{r} · {RATING_WORDS[r]}",
            key=f"{key}_{partner}",
        )
        slots[f"rating_{partner}"] = column.empty()
    values["notes"] = st.text_area(
        "Notes (optional)",
        value=notes,
        placeholder="What you would tell a friend about it",
        max_chars=MAX_NOTES,
        key=f"{key}_notes",
    )
    slots["notes"] = st.empty()
    return values, slots


def save_outing(scope: Any, activity_id: str, plan_id: int | None, outing: Any) -> None:
    """Save a checked outing; for "We did it" on a plan, the plan goes in the same transaction.

    An empty rating (hosted mode) is the partner's, given later on their own phone."""
    args = (outing.day, outing.rating_a, outing.rating_b, outing.notes, outing.cost)
    if plan_id is not None:
        scope.complete_plan(plan_id, *args)
    else:
        scope.add_outing(activity_id, *args)


def later_seat(seats: tuple[str, ...]) -> str | None:
    """The partner who rates later on their own phone, when only one rates here."""
    return None if len(seats) != 1 else ("b" if seats[0] == "a" else "a")


def checked_outing(
    values: dict[str, Any], slots: dict[str, Any], seats: tuple[str, ...] = ("a", "b")
) -> Any:
    """The outing the fields describe, or None after showing each problem by its field."""
    from recommender.planning.forms import outing_from_form

    try:
        return outing_from_form(**values, later=later_seat(seats))
    except FormError as exc:
        for field, slot in slots.items():
            field_error(slot, exc, field)
        return None


def future_day(values: dict[str, Any]) -> date | None:
    """The outing's day if it is still to come (then it can be planned instead)."""
    day = values.get("day")
    return day if isinstance(day, date) and day > date.today() else None


@safe_callback
def _plan_instead(scope: Any, activity_id: str, title: str, day: date) -> None:
    from recommender.wording import day_words

    scope.plan(activity_id, day)
    _stop_rating()
    flash(
        f"Planned: {escape(title)}, on {day_words(day)}. It is under 'Coming up' on This "
        "weekend; rate it there once you have been."
    )


def offer_plan_instead(scope: Any, activity_id: str, title: str, day: date) -> None:
    """A button that plans the activity for ``day`` (a done outing dated in the future)."""
    from recommender.wording import day_words

    st.button(
        f"Plan it for {day_words(day)} instead",
        key=f"plan_instead_{activity_id}",
        icon=":material/calendar_add_on:",
        on_click=_plan_instead,
        args=(scope, activity_id, title, day),
    )


def rating_form(
    scope: Any, couple: Couple, row: Any, *, day: Any, plan_id: int | None = None
) -> None:
    """Both partners rate something they did; saving logs the outing (and ends the plan).

    Hosted mode: only the person on this phone rates; the outing waits for the other."""
    from recommender.wording import day_words

    aid = str(row[Columns.ACTIVITY_ID])
    title = str(row[Columns.TITLE])
    key = f"rate_{aid}_{plan_id or ''}"
    seats = own_seats(scope)
    with st.form(key):
        st.markdown(f"**How was {escape(title)}?**")
        values, slots = outing_fields(
            couple, key, day=day, cost=float(row[Columns.COST]), wide=False, seats=seats
        )
        saved = st.form_submit_button(
            "Save our ratings" if len(seats) == 2 else "Save my rating",
            type="primary",
            icon=":material/save:",
        )
    st.button("Cancel", key=f"{key}_cancel", on_click=_stop_rating)
    if not saved:
        return
    outing = checked_outing(values, slots, seats)
    if outing is None:
        later = future_day(values)
        if later is not None and plan_id is None:
            offer_plan_instead(scope, aid, title, later)
        return
    save_outing(scope, aid, plan_id, outing)
    _stop_rating()
    flash(
        f"Saved: {escape(title)} on {day_words(outing.day)}. You will find it under Outings, "
        "and your next suggestions take your ratings into account."
    )
    st.rerun()


def kept(key: str, default: Any) -> Any:
    """The value the filter ``key`` had when last changed, else ``default``.

    Streamlit forgets a widget's value once its page is left; the value is copied to a
    plain key on every change (:func:`remember`) and given back as the widget's starting
    value, so a couple finds their filters as they left them. (Widgets' ``persist_state``
    does the same, but made every first visit about half a second slower in
    ``benchmarks/bench_app.py``.)
    """
    return st.session_state.get(KEPT + key, default)


def remember(key: str) -> None:
    """``on_change`` callback of a kept filter: copy its value to where :func:`kept` reads."""
    st.session_state[KEPT + key] = st.session_state[key]
