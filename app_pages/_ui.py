"""Streamlit glue shared by the pages: cached resources, the current couple, safe page bodies.

Everything here is about *showing* things; what to show comes from the library.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec

import pandas as pd
import sqlalchemy.exc
import streamlit as st

from recommender.catalog.columns import Columns
from recommender.catalog.loading import CatalogError, load_catalog
from recommender.planning.forms import MAX_NOTES, FormError
from recommender.planning.weekend import all_activities
from recommender.profiles import Couple
from recommender.store.store import SchemaVersionError, Store, StoreError
from recommender.wording import escape_markdown as escape
from recommender.wording import setting_words

if TYPE_CHECKING:
    from recommender.ranking.engine import Recommender

#: Optional environment settings (the database is DATABASE_URL, read by Store).
CATALOG_ENV = "RECOMMENDER_CATALOG"
CACHE_DIR_ENV = "RECOMMENDER_CACHE_DIR"

COUPLE_KEY = "couple_id"
FLASH_KEY = "flash"
#: The day picked on This weekend; Explore weighs up suggestions for the same day.
WEEKEND_DAY_KEY = "wk_day"
#: Where a filter's last value is kept, under "kept:" + the widget's key.
KEPT = "kept:"

P = ParamSpec("P")


# --- cached resources -------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def _catalog(path: str | None) -> pd.DataFrame:
    return load_catalog(path)


def catalog() -> pd.DataFrame:
    """The activity catalog (the bundled one, or RECOMMENDER_CATALOG), cached."""
    return _catalog(os.environ.get(CATALOG_ENV) or None)


@st.cache_resource(show_spinner="Getting your suggestions ready...")
def _engine(path: str | None, cache_dir: str | None) -> Recommender:
    # Imported here: scikit-learn takes seconds to import, and only suggestions need it,
    # so every other page (and the first paint of this one) shows without waiting for it.
    from recommender.ranking.engine import Recommender

    return Recommender(_catalog(path), cache_dir=cache_dir)


def engine() -> Recommender:
    """The fitted recommender, built once per catalog and shared by every session."""
    return _engine(os.environ.get(CATALOG_ENV) or None, os.environ.get(CACHE_DIR_ENV) or None)


@st.cache_resource(show_spinner=False)
def _store(url: str | None) -> Store:
    return Store(url)


def store() -> Store:
    """The database (DATABASE_URL, or a local SQLite file), opened once."""
    return _store(os.environ.get("DATABASE_URL") or None)


# --- errors -----------------------------------------------------------------------------------


def show_problem(exc: BaseException) -> None:
    """Say what went wrong in words, and what to do about it."""
    if isinstance(exc, CatalogError):
        first = "\n".join(f"- {escape(p)}" for p in exc.problems[:5])
        more = f"\n- ...and {len(exc.problems) - 5} more" if len(exc.problems) > 5 else ""
        st.error(
            "We could not read the list of activities, so there is nothing to suggest yet.\n\n"
            f"{first}{more}\n\n"
            "What to do: check the catalog file with "
            "`python -m recommender validate-catalog FILE`, fix the lines listed, "
            "then reload this page.",
            icon=":material/menu_book:",
        )
    elif isinstance(exc, StoreError) and not _is_outage(exc):
        # Something about the data itself (a name already taken, an unknown id): say just that.
        st.error(
            f"That could not be done, so nothing was changed: {escape(exc)}.\n\n"
            "What to do: check what you entered and try again, or reload the page.",
            icon=":material/info:",
        )
    elif _is_outage(exc):
        st.error(
            "We could not open or update your saved data, so nothing was changed.\n\n"
            f"The problem: {escape(exc)}\n\n"
            "What to do: check that the database is running and that DATABASE_URL points at it "
            "(or unset DATABASE_URL to use the local file), then reload this page.",
            icon=":material/database:",
        )
    else:
        st.error(
            "Something went wrong on our side and this page could not be shown.\n\n"
            f"The problem: {type(exc).__name__}: {escape(exc)}\n\n"
            "What to do: reload the page. If it keeps happening, download a backup from "
            "'Our ideas' and tell us what you were doing.",
            icon=":material/error:",
        )


def _is_outage(exc: BaseException) -> bool:
    """Whether the database itself could not be used (rather than refusing some data)."""
    if isinstance(exc, SchemaVersionError):
        return True
    if isinstance(exc, StoreError):
        # Store raises StoreError "from None": the database error it replaces is the context.
        cause = exc.__context__
        return isinstance(
            cause, sqlalchemy.exc.SQLAlchemyError | ImportError | OSError
        ) and not isinstance(cause, sqlalchemy.exc.IntegrityError)
    return isinstance(exc, sqlalchemy.exc.SQLAlchemyError) or (
        isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError)
    )


def guarded(body: Callable[[], None]) -> None:
    """Run a page body; any error becomes a clear message instead of a traceback."""
    try:
        body()
    except Exception as exc:
        show_problem(exc)


def safe_callback(fn: Callable[P, None]) -> Callable[P, None]:
    """Wrap a widget callback so an error is shown on the next run instead of a traceback."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            fn(*args, **kwargs)
        except Exception as exc:
            st.session_state["callback_error"] = exc

    return wrapper


def show_callback_error() -> None:
    """Show (once) an error raised by a callback during this rerun."""
    exc = st.session_state.pop("callback_error", None)
    if exc is not None:
        show_problem(exc)


# --- messages that survive a rerun ------------------------------------------------------------


def flash(message: str, kind: str = "success") -> None:
    """Queue a message to show at the top of the next run."""
    st.session_state[FLASH_KEY] = (kind, message)


def show_flash() -> None:
    """Show the queued message, once."""
    item = st.session_state.pop(FLASH_KEY, None)
    if item:
        kind, message = item
        getattr(st, kind)(message)


def field_error(slot: Any, errors: FormError | dict[str, str] | None, key: str) -> None:
    """Write the problem with field ``key`` (if any) into the placeholder under the field."""
    fields = errors.fields if isinstance(errors, FormError) else (errors or {})
    if key in fields:
        slot.error(fields[key], icon=":material/arrow_upward:")


# --- the current couple -----------------------------------------------------------------------


def current_couple_id() -> int | None:
    """The couple being shown: remembered per browser session, else the first saved couple.

    Shows a selector at the top of the page when several couples share this database.
    """
    couples = store().list_couples()
    if not couples:
        st.session_state.pop(COUPLE_KEY, None)
        return None
    ids = [cid for cid, _ in couples]
    names = dict(couples)
    if st.session_state.get(COUPLE_KEY) not in ids:
        st.session_state[COUPLE_KEY] = ids[0]
    if len(couples) > 1:
        st.selectbox(
            "Whose plans are these?",
            ids,
            format_func=lambda cid: names[cid],
            key=COUPLE_KEY,
            help="Several couples use this app; pick yours.",
            width=320,
        )
    return int(st.session_state[COUPLE_KEY])


def couple_name(couple_id: int) -> str:
    """The saved name of a couple ("Ana & Ben")."""
    return store().couple_name(couple_id)


def need_profile() -> None:
    """What a page shows before any profile exists."""
    st.info(
        "First, tell us a little about the two of you: it takes a minute, and every suggestion "
        "is built on it. Or look around with a demo couple first."
    )
    st.page_link("app_pages/us.py", label="Set up our profile", icon=":material/favorite:")


def activities(couple_id: int) -> pd.DataFrame:
    """The catalog plus the couple's own ideas, indexed by activity id."""
    return all_activities(catalog(), store().ideas(couple_id))


def facts_line(row: Any) -> str:
    """Cost, time, risk and setting of an activity in one line of words."""
    from recommender.wording import cost_words, duration_words, risk_words

    c = Columns
    return " · ".join(
        [
            f"Cost: {cost_words(row[c.COST])}",
            f"Time: {duration_words(row[c.DURATION_HOURS])}",
            f"Risk: {risk_words(int(row[c.RISK]))}",
            f"Where: {setting_words(row[c.SETTING])}",
        ]
    )


def partner_names(couple: Couple) -> dict[str, str]:
    """``{"a": "Ana", "b": "Ben"}``."""
    return {"a": couple.a.name, "b": couple.b.name}


def has_profile() -> bool:
    """Whether any couple has set up a profile (False too when the database cannot be read:
    the Us page then shows what is wrong)."""
    try:
        return bool(store().list_couples())
    except Exception:
        return False


# --- "we did it": rating an outing --------------------------------------------------------------

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
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Draw an outing's fields inside a form: when, what it cost, each rating, notes.

    ``wide`` lays them out in two columns (a page); otherwise one under the other (a
    card). The date and cost have no key, so they start afresh from ``day`` and ``cost``
    when the activity changes. Returns the values, named as
    :func:`recommender.forms.outing_from_form` takes them, and an empty slot under each
    field for its problem.
    """
    from recommender.wording import RATING_WORDS

    left, right = st.columns(2, gap="large") if wide else (st.container(), st.container())
    values: dict[str, Any] = {}
    slots: dict[str, Any] = {}
    values["day"] = left.date_input("When?", value=day, max_value=date.today(), format="DD/MM/YYYY")
    slots["day"] = left.empty()
    values["cost"] = right.number_input(
        "What did it cost the two of you? ($)",
        min_value=0.0,
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
        values[f"rating_{partner}"] = column.select_slider(
            f"How much did {escape(name)} enjoy it?",
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


def checked_outing(values: dict[str, Any], slots: dict[str, Any]) -> Any:
    """The outing the fields describe, or None after showing each problem by its field."""
    from recommender.planning.forms import outing_from_form

    try:
        return outing_from_form(**values)
    except FormError as exc:
        for field, slot in slots.items():
            field_error(slot, exc, field)
        return None


def rating_form(
    couple_id: int, couple: Couple, row: Any, *, day: Any, plan_id: int | None = None
) -> None:
    """Both partners rate something they did; saving logs the outing (and ends the plan)."""
    from recommender.wording import day_words

    aid = str(row[Columns.ACTIVITY_ID])
    title = str(row[Columns.TITLE])
    key = f"rate_{aid}_{plan_id or ''}"
    with st.form(key):
        st.markdown(f"**How was {escape(title)}?**")
        values, slots = outing_fields(
            couple, key, day=day, cost=float(row[Columns.COST]), wide=False
        )
        saved = st.form_submit_button("Save our ratings", type="primary", icon=":material/save:")
    st.button("Cancel", key=f"{key}_cancel", on_click=_stop_rating)
    if not saved:
        return
    outing = checked_outing(values, slots)
    if outing is None:
        return
    store().add_outing(
        couple_id,
        aid,
        outing.day,
        outing.rating_a,
        outing.rating_b,
        notes=outing.notes,
        cost=outing.cost,
    )
    if plan_id is not None:
        store().unplan(couple_id, plan_id)
    _stop_rating()
    flash(
        f"Saved: {escape(title)} on {day_words(outing.day)}. You will find it under Outings, "
        "and your next suggestions take your ratings into account."
    )
    st.rerun()


# --- filters that survive a page switch --------------------------------------------------------


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
