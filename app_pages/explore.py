"""Explore: browse the whole catalog with filters, and charts of what you have done."""

from datetime import date

import altair as alt
import streamlit as st

from app_pages import _ui
from recommender.columns import CATEGORIES, RISK_NAMES, Columns, Season, Setting
from recommender.insights import (
    DONE,
    NOT_YET,
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
from recommender.weekend import WeekendFilters, suggestions
from recommender.wording import money, pretty_label

c = Columns
# Shapes as well as colours, so nothing is told by colour alone.
STATUS_SHAPES = alt.Scale(domain=[NOT_YET, DONE], range=["circle", "diamond"])
STATUS_SIZES = alt.Scale(domain=[NOT_YET, DONE], range=[45, 260])
STATUS_STROKES = alt.Scale(domain=[NOT_YET, DONE], range=[0.3, 2.0])


def _filters(catalog: object) -> dict:
    top_cost = float(catalog[c.COST].max())  # type: ignore[index]
    with st.container(border=True):
        text = st.text_input(
            "Search",
            placeholder="e.g. pottery, sea, night",
            key="ex_text",
            help="Finds words in the title, description and what it involves.",
        )
        one, two, three = st.columns(3)
        categories = one.multiselect(
            "Kind of activity",
            CATEGORIES,
            format_func=pretty_label,
            key="ex_categories",
            placeholder="All kinds",
        )
        cost = two.slider(
            "Cost for the two of you ($)",
            0.0,
            top_cost,
            (0.0, top_cost),
            step=5.0,
            key="ex_cost",
            format="$%d",
        )
        risk = three.select_slider(
            "Risk",
            options=list(RISK_NAMES),
            value=(1, 5),
            key="ex_risk",
            format_func=lambda v: f"{v} · {RISK_NAMES[v]}",
        )
        four, five, six = st.columns(3)
        hours = four.slider(
            "At most this many hours",
            0.5,
            24.0,
            24.0,
            step=0.5,
            key="ex_hours",
            format="%.1f h",
            help="All the way to the right means no limit.",
        )
        settings = five.multiselect(
            "Indoors or out",
            [s.value for s in Setting],
            key="ex_settings",
            placeholder="Anywhere",
        )
        seasons = six.multiselect(
            "Season", [s.value for s in Season], key="ex_seasons", placeholder="Any season"
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


def _map_chart(points: object) -> alt.Chart:
    return (
        alt.Chart(points)
        .mark_point(filled=True, opacity=0.9, stroke="black")
        .encode(
            x=alt.X(
                "cost:Q",
                title="Cost for two ($, spread out at the low end)",
                scale=alt.Scale(type="symlog", constant=20),
                axis=alt.Axis(values=[0, 25, 50, 100, 200, 400, 800, 1600, 3200]),
            ),
            y=alt.Y(
                "risk_plot:Q",
                title="Risk (1 no real risk ... 5 thrilling)",
                scale=alt.Scale(domain=[0.5, 5.5]),
                axis=alt.Axis(values=[1, 2, 3, 4, 5]),
            ),
            color=alt.Color(
                "category:N",
                title="Kind",
                scale=alt.Scale(scheme="tableau20"),
                legend=alt.Legend(symbolLimit=0, orient="bottom", columns=5),
            ),
            shape=alt.Shape(
                "status:N",
                title="Done it?",
                scale=STATUS_SHAPES,
                legend=alt.Legend(orient="top"),
            ),
            # Same field and title as the shape, so the three make one "Done it?" legend.
            size=alt.Size("status:N", title="Done it?", scale=STATUS_SIZES),
            strokeWidth=alt.StrokeWidth("status:N", title="Done it?", scale=STATUS_STROKES),
            tooltip=[
                alt.Tooltip("title:N", title="Activity"),
                alt.Tooltip("category:N", title="Kind"),
                alt.Tooltip("cost:Q", title="Cost ($)"),
                alt.Tooltip("risk_name:N", title="Risk"),
                alt.Tooltip("status:N", title="Done it?"),
            ],
        )
        .properties(height=520)
    )


def _tried_chart(tried: object) -> alt.LayerChart:
    base = alt.Chart(tried).encode(
        y=alt.Y("category:N", title=None, sort=None),
    )
    there = base.mark_bar(color="#d9d9d9").encode(
        x=alt.X("available:Q", title="Activities"),
        tooltip=[alt.Tooltip("label:N", title="Tried")],
    )
    done = base.mark_bar(color="#e4572e").encode(x="tried:Q")
    labels = base.mark_text(align="left", dx=4).encode(x="available:Q", text="label:N")
    return (there + done + labels).properties(height=alt.Step(22))


def _ratings_chart(ratings: object) -> alt.Chart:
    return (
        alt.Chart(ratings)
        .mark_line(point=alt.OverlayMarkDef(size=80, filled=True))
        .encode(
            x=alt.X("date:T", title="When"),
            y=alt.Y(
                "rating:Q",
                title="Rating (1 not for us ... 5 loved it)",
                scale=alt.Scale(domain=[1, 5]),
                axis=alt.Axis(values=[1, 2, 3, 4, 5]),
            ),
            color=alt.Color("partner:N", title="Who"),
            shape=alt.Shape("partner:N", title="Who"),
            strokeDash=alt.StrokeDash("partner:N", title="Who"),
            tooltip=["date:T", "partner:N", "title:N", "rating:Q"],
        )
        .properties(height=260)
    )


def _spending_chart(spending: object) -> alt.Chart:
    return (
        alt.Chart(spending)
        .mark_bar(color="#4c78a8", size=36)
        .encode(
            x=alt.X("label:N", title="Month", sort=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "spent:Q",
                title="Spent ($)",
                axis=alt.Axis(format="$,.0f", tickMinStep=1),
                scale=alt.Scale(domainMin=0),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Month"),
                alt.Tooltip("spent:Q", title="Spent ($)", format=",.2f"),
                alt.Tooltip("outings:Q", title="Outings"),
            ],
        )
        .properties(height=260)
    )


def _balance_chart(balance: object, names: dict) -> alt.Chart:
    return (
        alt.Chart(balance)
        .mark_bar()
        .encode(
            x=alt.X(
                "lean:Q",
                title=f"← suits {names['a']} more · suits {names['b']} more →  (points of 100)",
                scale=alt.Scale(domain=[-60, 60]),
            ),
            y=alt.Y("title:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("leans_to:N", title="Leans to"),
            tooltip=[
                alt.Tooltip("title:N", title="Suggestion"),
                alt.Tooltip("score_a:Q", title=f"{names['a']} (out of 100)"),
                alt.Tooltip("score_b:Q", title=f"{names['b']} (out of 100)"),
                alt.Tooltip("leans_to:N", title="Leans to"),
            ],
        )
        .properties(height=alt.Step(20))
    )


def body() -> None:
    catalog = _ui.catalog()
    couple_id = _ui.current_couple_id()
    store = _ui.store()
    outings = store.outings(couple_id) if couple_id is not None else None
    done_ids = list(outings[c.ACTIVITY_ID]) if outings is not None else []

    st.markdown("Browse every activity, and see what the two of you have tried so far.")
    chosen = filter_catalog(catalog, **_filters(catalog))
    st.caption(f"{len(chosen)} of {len(catalog)} activities match.")

    st.subheader("The catalog by cost and risk")
    if chosen.empty:
        st.info("No activity matches all of these filters; try widening them.")
    else:
        st.altair_chart(_map_chart(catalog_map(chosen, done_ids)), width="stretch")
        st.caption(
            "Each mark is one activity: further right costs more, higher up is riskier. "
            "Colours show the kind; the big diamonds are the ones you have done."
        )
        if couple_id is not None and done_ids:
            known = _ui.activities(couple_id)
            shown = [a for a in dict.fromkeys(done_ids) if a in set(chosen[c.ACTIVITY_ID])]
            if shown:
                st.caption("Marked ◆ as done: " + _ui.escape(", ".join(done_titles(known, shown))))
        with st.expander(f"The {len(chosen)} matching activities as a list"):
            st.dataframe(
                browse_table(chosen, done_ids),
                hide_index=True,
                column_config={
                    "Cost for two ($)": st.column_config.NumberColumn(format="$%d"),
                    "Hours": st.column_config.NumberColumn(format="%.1f h"),
                },
            )

    if couple_id is None:
        _ui.need_profile()
        return
    couple = store.get_couple(couple_id)
    names = _ui.partner_names(couple)
    known = _ui.activities(couple_id)

    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Kinds you have tried")
        st.altair_chart(_tried_chart(categories_tried(catalog, done_ids)), width="stretch")
        st.caption(
            "For each kind of activity, how many there are (grey) and how many you have "
            "done (orange), also written at the end of each bar."
        )
    with right:
        st.subheader("How balanced are the suggestions?")
        recs = suggestions(
            _ui.engine(),
            store,
            couple_id,
            WeekendFilters(day=st.session_state.get("wk_day") or date.today()),
            k=15,
        )
        balance = suggestion_balance(recs, couple)
        if balance.empty:
            st.info("No suggestions to weigh up right now.")
        else:
            st.altair_chart(_balance_chart(balance, names), width="stretch")
        st.caption(
            balance_summary(balance, couple)
            + " A bar to the left suits "
            + f"{names['a']} more, to the right {names['b']}; the length is the gap in how much "
            "we expect each of you to enjoy it, out of 100."
        )

    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Your ratings over time")
        if outings is None or outings.empty:
            st.info("Log an outing to see how each of you rated it.")
        else:
            st.altair_chart(
                _ratings_chart(ratings_over_time(outings, known, couple)), width="stretch"
            )
            st.caption(
                f"Each point is one outing as rated by {names['a']} and {names['b']} "
                "(a different line style and marker for each of you), from 1 to 5."
            )
    with right:
        st.subheader("Spending over time")
        if outings is None or outings.empty:
            st.info("Log an outing with its cost to see what you spend each month.")
        else:
            spending = spending_by_month(outings)
            count = int(spending["outings"].sum())
            noun = "outing" if count == 1 else "outings"
            if spending["spent"].sum() == 0:
                st.info(f"Nothing spent so far: your {count} {noun} cost nothing.")
            else:
                st.altair_chart(_spending_chart(spending), width="stretch")
                st.caption(
                    "What you spent on outings each month: "
                    f"{money(spending['spent'].sum())} over {count} {noun}."
                )


st.title("Explore")
_ui.show_callback_error()
_ui.show_flash()
_ui.guarded(body)
