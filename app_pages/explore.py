"""Explore: browse the whole catalog with filters, and charts of what you have done."""

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import _cards, _charts, _couple, _forms, _messages, _store
from recommender.catalog.columns import CATEGORIES, RISK_NAMES, Columns, Season, Setting
from recommender.planning.insights import (
    balance_summary,
    browse_table,
    catalog_map,
    categories_tried,
    done_titles,
    filter_catalog,
    ratings_over_time,
    spending_by_month,
    suggestion_balance,
)
from recommender.planning.weekend import WeekendFilters, latest_reactions, suggestions
from recommender.wording import (
    count_words,
    day_words,
    money,
    next_weekend,
    pretty_label,
    setting_words,
)
from recommender.wording import escape_markdown as escape

c = Columns
#: Keys of the list's open state and of the dashboard view shown (kept across pages).
LIST_KEY = "ex_list"
VIEW_KEY = "ex_view"


def _filters(catalog: object) -> dict:
    top_cost = float(catalog[c.COST].max())  # type: ignore[index]
    with st.container(border=True):
        text = st.text_input(
            "Search",
            placeholder="e.g. pottery, sea, night",
            value=_forms.kept("ex_text", ""),
            key="ex_text",
            on_change=_forms.remember,
            args=("ex_text",),
            help="Finds words in the title, description and what it involves.",
        )
        one, two, three = st.columns(3)
        categories = one.multiselect(
            "Kind of activity",
            CATEGORIES,
            format_func=pretty_label,
            default=_forms.kept("ex_categories", []),
            key="ex_categories",
            on_change=_forms.remember,
            args=("ex_categories",),
            placeholder="All kinds",
        )
        cost = two.slider(
            "Cost for the two of you ($)",
            0.0,
            top_cost,
            _forms.kept("ex_cost", (0.0, top_cost)),
            step=5.0,
            key="ex_cost",
            on_change=_forms.remember,
            args=("ex_cost",),
            format="$%d",
        )
        risk = three.select_slider(
            "Risk",
            options=list(RISK_NAMES),
            value=_forms.kept("ex_risk", (1, 5)),
            key="ex_risk",
            on_change=_forms.remember,
            args=("ex_risk",),
            format_func=lambda v: f"{v} · {RISK_NAMES[v]}",
        )
        four, five, six = st.columns(3)
        hours = four.slider(
            "At most this many hours",
            0.5,
            24.0,
            _forms.kept("ex_hours", 24.0),
            step=0.5,
            key="ex_hours",
            on_change=_forms.remember,
            args=("ex_hours",),
            format="%.1f h",
            help="All the way to the right means no limit.",
        )
        settings = five.multiselect(
            "Indoors or out",
            [s.value for s in Setting],
            format_func=lambda s: setting_words(s).capitalize(),
            default=_forms.kept("ex_settings", []),
            key="ex_settings",
            on_change=_forms.remember,
            args=("ex_settings",),
            placeholder="Anywhere",
        )
        seasons = six.multiselect(
            "Season",
            [s.value for s in Season],
            format_func=str.capitalize,
            default=_forms.kept("ex_seasons", []),
            key="ex_seasons",
            on_change=_forms.remember,
            args=("ex_seasons",),
            placeholder="Any season",
        )
    return {
        "text": text,
        "categories": categories,
        "cost": cost,
        "risk": risk,
        "max_hours": hours if hours < 24.0 else None,
        "settings": settings,
        "seasons": seasons,
    }


@st.fragment
def _browse(catalog: pd.DataFrame, scope: Any, done_ids: list[str]) -> None:
    """The filters and the catalog they pick out.

    A fragment: changing a filter reruns only this part, so the charts below (and the
    suggestions they weigh up) are not worked out again at every keystroke in Search.
    """
    _messages.guarded(lambda: _browse_body(catalog, scope, done_ids))


def _browse_body(catalog: pd.DataFrame, scope: Any, done_ids: list[str]) -> None:
    if scope is not None:  # the couple's own ideas are browsed with the catalog
        catalog = _store.activities(scope).reset_index(drop=True)
    chosen = filter_catalog(catalog, **_filters(catalog))
    n = len(chosen)
    everything = count_words(len(catalog), "activity", "activities")
    st.caption(f"{n} of {everything} {'matches' if n == 1 else 'match'}.")

    st.header("The catalog by cost and risk")
    if chosen.empty:
        st.info("No activity matches all of these filters; try widening them.")
        return
    st.altair_chart(_charts.map_chart(catalog_map(chosen, done_ids)), width="stretch")
    st.caption(
        "Each mark is one activity: further right costs more, higher up is riskier. "
        "Colours show the kind; the big diamonds are the ones you have done."
    )
    if scope is not None and done_ids:
        known = _store.activities(scope)
        shown = [a for a in dict.fromkeys(done_ids) if a in set(chosen[c.ACTIVITY_ID])]
        if shown:
            st.caption("Marked ◆ as done: " + escape(", ".join(done_titles(known, shown))))
    listed = count_words(n, "matching activity", "matching activities")
    # Drawn only while open: the table is the page's heaviest part for the browser. Its
    # label counts the matches, so the open state is kept apart and given back (a new label
    # is a new expander to Streamlit).
    as_list = st.expander(
        f"The {listed} as a list",
        expanded=_forms.kept(LIST_KEY, False),
        key=LIST_KEY,
        on_change=_forms.remember,
        args=(LIST_KEY,),
    )
    if as_list.open:
        with as_list:
            st.dataframe(
                browse_table(chosen, done_ids),
                hide_index=True,
                column_config={
                    "Cost for two ($)": st.column_config.NumberColumn(format="$%d"),
                    "Hours": st.column_config.NumberColumn(format="%.1f h"),
                },
            )
    if scope is not None:
        _do_one(scope, chosen)


def _do_one(scope: Any, chosen: pd.DataFrame) -> None:
    """Browsing leads to doing: plan any activity found, or give it each partner's thumbs."""
    st.header("Plan one, or tell us what you think")
    _messages.show_flash()  # a click here reruns only this part of the page
    titles = dict(zip(chosen[c.ACTIVITY_ID], chosen[c.TITLE], strict=True))
    aid = st.selectbox(
        "Which activity?",
        list(titles),
        format_func=titles.get,
        key="ex_pick",
        placeholder="Type to search",
    )
    if aid is None:
        return
    couple = scope.get_couple()
    row = chosen.set_index(c.ACTIVITY_ID, drop=False).loc[aid]
    reactions = latest_reactions(scope.reactions())
    day, _ = _balance_day()
    with st.container(border=True, key=f"explore_card_{aid}"):
        _cards.card(scope, couple, row, reactions, max(day, date.today()))


def _balance_day() -> tuple[date, str]:
    """The day to weigh suggestions up for: the one picked on This weekend, else the coming one."""
    day = _forms.kept(_forms.WEEKEND_DAY_KEY, None)
    if isinstance(day, date):
        return day, "the day chosen on This weekend"
    return next_weekend(date.today()), "the coming weekend"


def _spending(outings: pd.DataFrame) -> None:
    spending = spending_by_month(outings)
    count = int(spending["outings"].sum())
    noted = int(outings["cost"].notna().sum())
    if noted == 0:
        # spending_by_month counts a blank cost as 0: that is not "free".
        st.info(
            f"No costs noted yet for your {count_words(count, 'outing')}. Add what you spent "
            "under Outings (Change or delete an outing) to see it here."
        )
    elif spending["spent"].sum() == 0:
        if noted == count:
            st.info(f"Nothing spent so far: your {count_words(count, 'outing')} cost nothing.")
        else:
            st.info(
                f"Nothing spent so far: the {count_words(noted, 'outing')} with a cost noted "
                f"cost nothing ({count - noted} without a cost noted)."
            )
    else:
        st.altair_chart(_charts.spending_chart(spending), width="stretch")
        blank = f" ({count - noted} without a cost noted)" if noted < count else ""
        st.caption(
            "What you spent on outings each month: "
            f"{money(spending['spent'].sum())} over {count_words(count, 'outing')}{blank}."
        )


def _tried(catalog: pd.DataFrame, done_ids: list[str]) -> None:
    st.subheader("Kinds you have tried")
    st.altair_chart(_charts.tried_chart(categories_tried(catalog, done_ids)), width="stretch")
    st.caption(
        "For each kind of activity, how many there are (grey) and how many you have "
        "done (orange), also written at the end of each bar."
    )


def _balance(scope: Any, couple: Any, names: dict[str, str]) -> None:
    st.subheader("How balanced are the suggestions?")
    day, which = _balance_day()
    recs = suggestions(_store.engine(), scope, WeekendFilters(day=day), k=15)
    balance = suggestion_balance(recs, couple)
    if balance.empty:
        st.info("No suggestions to weigh up right now.")
    else:
        st.altair_chart(_charts.balance_chart(balance, names), width="stretch")
    a, b = escape(names["a"]), escape(names["b"])
    st.caption(
        escape(balance_summary(balance, couple))
        + f" Weighed up for {day_words(day)} ({which}), with no other filters."
        + f" A bar to the left suits {a} more, to the right {b}; the length is the gap in "
        "how much we expect each of you to enjoy it, out of 100."
    )


def _ratings(outings: pd.DataFrame, known: pd.DataFrame, couple: Any) -> None:
    st.subheader("Your ratings over time")
    if outings.empty:
        st.info("Log an outing to see how each of you rated it.")
        return
    st.altair_chart(
        _charts.ratings_chart(ratings_over_time(outings, known, couple)), width="stretch"
    )
    a, b = escape(couple.a.name), escape(couple.b.name)
    st.caption(
        f"Each point is one outing as rated by {a} and {b} (a different line style and "
        "marker for each of you), from 1 to 5."
    )


def _spending_view(outings: pd.DataFrame) -> None:
    st.subheader("Spending over time")
    if outings.empty:
        st.info("Log an outing with its cost to see what you spend each month.")
    else:
        _spending(outings)


def body() -> None:
    catalog = _store.catalog()
    scope = _couple.scope()
    outings = scope.outings() if scope is not None else None
    done_ids = list(outings[c.ACTIVITY_ID]) if outings is not None else []

    st.markdown("Browse every activity, and see what the two of you have tried so far.")
    _browse(catalog, scope, done_ids)

    if scope is None or outings is None:
        _couple.need_profile()
        return
    couple = scope.get_couple()
    names = _couple.partner_names(couple)
    known = _store.activities(scope)

    st.header("The two of you at a glance")
    draw = {
        "Kinds tried": lambda: _tried(catalog, done_ids),
        "Balance": lambda: _balance(scope, couple, names),
        "Ratings": lambda: _ratings(outings, known, couple),
        "Spending": lambda: _spending_view(outings),
    }
    # One view at a time, and only the open one is worked out and drawn: four charts at
    # once made Explore the slowest page to open, and a long scroll on a phone.
    tabs = st.tabs(
        list(draw),
        default=_forms.kept(VIEW_KEY, next(iter(draw))),
        key=VIEW_KEY,
        on_change=_forms.remember,
        args=(VIEW_KEY,),
    )
    for tab, view in zip(tabs, draw.values(), strict=True):
        if tab.open:
            with tab:
                view()


st.title("Explore")
_messages.show_callback_error()
_messages.show_flash()
_messages.guarded(body)
