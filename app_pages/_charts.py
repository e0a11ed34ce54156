"""Explore's charts (Altair): what each shows is worked out by recommender.planning.insights.

Sized for a phone as well as a wide screen: axis titles on two short lines, legends below.
"""

from __future__ import annotations

import altair as alt

from recommender.catalog.columns import RecColumns
from recommender.planning.insights import DONE, NOT_YET

# Shapes as well as colours, so nothing is told by colour alone.
STATUS_SHAPES = alt.Scale(domain=[NOT_YET, DONE], range=["circle", "diamond"])
STATUS_SIZES = alt.Scale(domain=[NOT_YET, DONE], range=[45, 260])
STATUS_STROKES = alt.Scale(domain=[NOT_YET, DONE], range=[0.3, 2.0])


def map_chart(points: object) -> alt.Chart:
    return (
        alt.Chart(points)
        .mark_point(filled=True, opacity=0.9, stroke="black")
        .encode(
            x=alt.X(
                "cost:Q",
                title=["Cost for two ($,", "spread out at the low end)"],
                scale=alt.Scale(type="symlog", constant=20),
                axis=alt.Axis(values=[0, 25, 50, 100, 200, 400, 800, 1600, 3200]),
            ),
            y=alt.Y(
                "risk_plot:Q",
                title=["Risk", "(1 no real risk ... 5 thrilling)"],
                scale=alt.Scale(domain=[0.5, 5.5]),
                axis=alt.Axis(values=[1, 2, 3, 4, 5]),
            ),
            color=alt.Color(
                "category:N",
                title="Kind",
                scale=alt.Scale(scheme="tableau20"),
                legend=alt.Legend(symbolLimit=0, orient="bottom", columns=2),
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


def tried_chart(tried: object) -> alt.LayerChart:
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


def ratings_chart(ratings: object) -> alt.Chart:
    return (
        alt.Chart(ratings)
        .mark_line(point=alt.OverlayMarkDef(size=80, filled=True))
        .encode(
            x=alt.X("date:T", title="When"),
            y=alt.Y(
                "rating:Q",
                title=["Rating", "(1 not for us ... 5 loved it)"],
                scale=alt.Scale(domain=[1, 5]),
                axis=alt.Axis(values=[1, 2, 3, 4, 5]),
            ),
            # One name a line: two long names side by side would run past a phone's edge.
            color=alt.Color(
                "partner:N", title="Who", legend=alt.Legend(orient="bottom", columns=1)
            ),
            shape=alt.Shape("partner:N", title="Who"),
            strokeDash=alt.StrokeDash("partner:N", title="Who"),
            tooltip=["date:T", "partner:N", "title:N", "rating:Q"],
        )
        .properties(height=260)
    )


def spending_chart(spending: object) -> alt.Chart:
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


def _short(name: str, most: int = 16) -> str:
    """A partner's name cut to fit a line of a phone's chart title ("Alexandria-Jo…")."""
    return name if len(name) <= most else name[: most - 1].rstrip() + "…"


def balance_chart(balance: object, names: dict) -> alt.Chart:
    a, b = _short(names["a"]), _short(names["b"])
    return (
        alt.Chart(balance)
        .mark_bar()
        .encode(
            x=alt.X(
                "lean:Q",
                # Short lines, so a phone's narrow chart does not cut the title off (it is
                # centred under the bars, which start halfway across a phone).
                title=[
                    f"← suits {a} more",
                    f"suits {b} more →",
                    "(points of 100)",
                ],
                scale=alt.Scale(domain=[-60, 60]),
            ),
            y=alt.Y("title:N", title=None, sort=None, axis=alt.Axis(labelLimit=140)),
            # One entry a line: side by side, "both of you" ran past a phone's edge.
            color=alt.Color(
                "leans_to:N", title="Leans to", legend=alt.Legend(orient="bottom", columns=1)
            ),
            tooltip=[
                alt.Tooltip("title:N", title="Suggestion"),
                alt.Tooltip(f"{RecColumns.SCORE_A}:Q", title=f"{names['a']} (out of 100)"),
                alt.Tooltip(f"{RecColumns.SCORE_B}:Q", title=f"{names['b']} (out of 100)"),
                alt.Tooltip("leans_to:N", title="Leans to"),
            ],
        )
        .properties(height=alt.Step(20))
    )
