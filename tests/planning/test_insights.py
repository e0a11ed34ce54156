"""recommender/insights.py: the Explore dashboard's frames."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from recommender.catalog.columns import Columns
from recommender.catalog.loading import load_catalog
from recommender.planning.insights import (
    balance_summary,
    browse_table,
    catalog_map,
    categories_tried,
    filter_catalog,
    outings_table,
    ratings_over_time,
    spending_by_month,
    suggestion_balance,
)
from recommender.planning.weekend import all_activities
from recommender.profiles import Couple, Partner

COUPLE = Couple(Partner("Ana", ("cooking",)), Partner("Ben", ("hiking",)))


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return load_catalog()


def outings(rows):
    return pd.DataFrame(
        rows, columns=["outing_id", "activity_id", "date", "rating_a", "rating_b", "notes", "cost"]
    )


def test_filters_combine(catalog):
    everything = filter_catalog(catalog)
    assert len(everything) == len(catalog)
    some = filter_catalog(
        catalog,
        categories=["wellness"],
        cost=(0, 50),
        risk=(1, 2),
        max_hours=3,
        settings=["indoor"],
        seasons=["winter"],
    )
    assert len(some) > 0
    assert set(some[Columns.CATEGORY]) == {"wellness"}
    assert some[Columns.COST].between(0, 50).all() and some[Columns.RISK].le(2).all()
    assert some[Columns.DURATION_HOURS].le(3).all()
    assert set(some[Columns.SETTING]) <= {"indoor", "either"}


def test_search_needs_every_word(catalog):
    title = catalog[Columns.TITLE].iloc[0]
    found = filter_catalog(catalog, text=title.upper())
    assert title in set(found[Columns.TITLE])
    assert filter_catalog(catalog, text=f"{title} qqqqzzz").empty


def test_catalog_map_marks_done_and_is_stable(catalog):
    done = [catalog[Columns.ACTIVITY_ID].iloc[4]]
    points = catalog_map(catalog, done)
    assert points["status"].value_counts().to_dict() == {"not yet": len(catalog) - 1, "done": 1}
    assert points["status"].iloc[-1] == "done"  # drawn last, on top
    assert (points["risk_plot"] - points["risk"]).abs().max() <= 0.3
    assert points.equals(catalog_map(catalog, done))  # no jumping between reruns
    assert set(browse_table(catalog, done)["Done it?"]) == {"yes", ""}


def test_categories_tried_counts(catalog):
    done = list(catalog[catalog[Columns.CATEGORY] == "wellness"][Columns.ACTIVITY_ID].head(2))
    tried = categories_tried(catalog, done).set_index("category")
    assert tried["available"].sum() == len(catalog)
    assert tried.loc["wellness", "tried"] == 2
    assert tried.loc["wellness", "label"] == f"2 of {tried.loc['wellness', 'available']} tried"


def test_history_frames(catalog):
    aid = catalog[Columns.ACTIVITY_ID].iloc[0]
    history = outings(
        [
            [1, aid, date(2025, 5, 3), 5, 3, "", 30.0],
            [2, aid, date(2025, 5, 20), 2, 4, "meh", float("nan")],
            [3, aid, date(2025, 7, 1), 4, 4, "", 12.5],
        ]
    )
    known = all_activities(catalog, None)
    table = outings_table(history, known, COUPLE)
    assert list(table.columns[1:4]) == ["When", "What", "Ana's rating"]
    assert table["When"].tolist() == [date(2025, 7, 1), date(2025, 5, 20), date(2025, 5, 3)]
    ratings = ratings_over_time(history, known, COUPLE)
    assert len(ratings) == 6 and set(ratings["partner"]) == {"Ana", "Ben"}
    spending = spending_by_month(history)
    assert spending[["label", "spent", "outings"]].values.tolist() == [
        ["May 2025", 30.0, 2],
        ["Jul 2025", 12.5, 1],
    ]
    assert spending_by_month(outings([])).empty


def test_a_rating_not_given_yet_is_left_out_of_the_chart(catalog):
    aid = catalog[Columns.ACTIVITY_ID].iloc[0]
    history = outings([[1, aid, date(2025, 5, 3), 5, None, "", 30.0]])
    history["rating_b"] = history["rating_b"].astype("Int64")  # as Store.outings gives it
    ratings = ratings_over_time(history, all_activities(catalog, None), COUPLE)
    assert ratings[["partner", "rating"]].values.tolist() == [["Ana", 5]]


def test_balance_between_the_two():
    recs = pd.DataFrame(
        {Columns.TITLE: ["a", "b", "c"], "score_a": [0.9, 0.5, 0.4], "score_b": [0.5, 0.52, 0.8]}
    )
    balance = suggestion_balance(recs, COUPLE)
    assert balance["leans_to"].tolist() == ["Ana", "both of you", "Ben"]
    assert balance["lean"].tolist() == [-40.0, 2.0, 40.0]
    assert balance_summary(balance, COUPLE) == (
        "Of your 3 best suggestions right now, 1 suits you both about equally,"
        " 1 leans towards Ana's tastes and 1 towards Ben's."
    )


def test_balance_of_a_single_suggestion_is_said_in_the_singular():
    recs = pd.DataFrame({Columns.TITLE: ["a"], "score_a": [0.9], "score_b": [0.4]})
    assert balance_summary(suggestion_balance(recs, COUPLE), COUPLE) == (
        "Of your 1 best suggestion right now, 0 suit you both about equally,"
        " 1 leans towards Ana's tastes and 0 towards Ben's."
    )
