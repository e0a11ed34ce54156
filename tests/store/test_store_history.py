"""Reactions, outings, plans and the feedback the engine reads from them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from store_helpers import ANA_BEN, CAM_DEV, fail_on, table_counts

from recommender import Feedback, Store, StoreError

# ----------------------------------------------------------------- reactions, outings, plans


def test_reactions_are_stored_with_who_rating_and_when(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    when = datetime(2024, 3, 1, 18, 30, tzinfo=UTC)
    rid = store.add_reaction(cid, "salsa-class", "b", 1, at=when)
    store.add_reaction(cid, "pottery-class", "a", 5, at=when + timedelta(hours=1))
    frame = store.reactions(cid)
    assert list(frame.columns) == ["reaction_id", "activity_id", "partner", "rating", "at"]
    assert frame.iloc[0].to_dict() == {
        "reaction_id": rid,
        "activity_id": "salsa-class",
        "partner": "b",
        "rating": 1,
        "at": pd.Timestamp(when),
    }
    assert frame["activity_id"].tolist() == ["salsa-class", "pottery-class"]
    store.delete_reaction(cid, rid)
    assert store.reactions(cid)["activity_id"].tolist() == ["pottery-class"]


def test_reaction_time_defaults_to_now_and_local_times_are_converted(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    before = datetime.now(UTC)
    store.add_reaction(cid, "a1", "a", 5)
    naive_local = datetime(2024, 7, 1, 12, 0)
    store.add_reaction(cid, "a2", "a", 4, at=naive_local)
    at = store.reactions(cid).set_index("activity_id")["at"]
    assert before - timedelta(seconds=1) <= at["a1"].to_pydatetime() <= datetime.now(UTC)
    assert at["a2"].to_pydatetime() == naive_local.astimezone(UTC)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pottery", "c", 5), "partner must be one of 'a', 'b'"),
        (("pottery", "a", 7), r"rating must be one of 1, 2, 3, 4, 5 \(got 7\)"),
        (("pottery", "a", 2.5), r"rating must be one of 1, 2, 3, 4, 5 \(got 2.5\)"),
        (("", "a", 5), "activity_id must be a non-empty text"),
    ],
)
def test_bad_reactions_are_refused(store: Store, args: tuple, message: str) -> None:
    cid = store.create_couple(ANA_BEN)
    with pytest.raises(StoreError, match=message):
        store.add_reaction(cid, *args)
    assert store.reactions(cid).empty


def test_outings_add_update_delete(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    first = store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 5, "messy, fun", 60)
    second = store.add_outing(cid, "night-market", "2024-04-12", 3, 2)
    frame = store.outings(cid)
    assert list(frame.columns) == [
        "outing_id",
        "activity_id",
        "date",
        "rating_a",
        "rating_b",
        "notes",
        "cost",
    ]
    assert frame["outing_id"].tolist() == [second, first]  # oldest first
    assert frame.iloc[1]["notes"] == "messy, fun"
    assert frame.iloc[1]["cost"] == 60.0
    assert pd.isna(frame.iloc[0]["cost"])

    store.update_outing(cid, second, rating_b=4, cost=22.5)
    row = store.outings(cid).set_index("outing_id").loc[second]
    assert (row["rating_a"], row["rating_b"], row["cost"], row["date"]) == (
        3,
        4,
        22.5,
        date(2024, 4, 12),
    )
    store.update_outing(cid, second, cost=None, notes="cold")
    row = store.outings(cid).set_index("outing_id").loc[second]
    assert pd.isna(row["cost"]) and row["notes"] == "cold"

    store.delete_outing(cid, first)
    assert store.outings(cid)["outing_id"].tolist() == [second]
    with pytest.raises(StoreError, match=f"no outing with id {first} for this couple"):
        store.delete_outing(cid, first)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rating_a": 0}, r"rating_a must be one of 1, 2, 3, 4, 5 \(got 0\)"),
        ({"rating_b": "5"}, r"rating_b must be one of 1, 2, 3, 4, 5 \(got '5'\)"),
        ({"date": "31/05/2024"}, r"date must be a date like 2024-05-31 \(got '31/05/2024'\)"),
        ({"cost": -3}, r"cost must be 0 or more dollars \(got -3\)"),
        ({"cost": "cheap"}, "cost must be a number of dollars"),
        ({"notes": None}, "notes must be text"),
    ],
)
def test_bad_outings_are_refused_and_nothing_changes(
    store: Store, kwargs: dict, message: str
) -> None:
    cid = store.create_couple(ANA_BEN)
    oid = store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 5)
    before = store.outings(cid)
    base = {"date": date(2024, 6, 1), "rating_a": 3, "rating_b": 3, "notes": "", "cost": None}
    with pytest.raises(StoreError, match=message):
        store.add_outing(cid, "x", **{**base, **kwargs})
    with pytest.raises(StoreError, match=message):
        store.update_outing(cid, oid, **kwargs)
    pd.testing.assert_frame_equal(store.outings(cid), before)


def test_planned_outings(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    later = store.plan(cid, "sea-kayaking", date(2030, 7, 1))
    sooner = store.plan(cid, "pottery-class", "2030-06-01")
    frame = store.planned(cid)
    assert list(frame.columns) == ["plan_id", "activity_id", "date"]
    assert frame.to_dict("records") == [
        {"plan_id": sooner, "activity_id": "pottery-class", "date": date(2030, 6, 1)},
        {"plan_id": later, "activity_id": "sea-kayaking", "date": date(2030, 7, 1)},
    ]
    store.unplan(cid, sooner)
    assert store.planned(cid)["plan_id"].tolist() == [later]
    with pytest.raises(StoreError, match=f"no planned outing with id {sooner}"):
        store.unplan(cid, sooner)


# ----------------------------------------------------------------- feedback


def test_feedback_is_built_from_reactions_and_outings_oldest_first(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    store.add_reaction(cid, "pottery-class", "a", 5, at=datetime(2024, 5, 1, 9, tzinfo=UTC))
    oid = store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 2)
    store.add_reaction(cid, "salsa-class", "b", 1, at=datetime(2024, 4, 1, tzinfo=UTC))
    fb = store.feedback(cid)
    assert [(f.activity_id, f.partner, f.rating, f.done) for f in fb] == [
        ("salsa-class", "b", 1, False),
        ("pottery-class", "a", 5, False),  # the morning's thumbs up...
        ("pottery-class", "a", 4, True),  # ...then what each thought of doing it
        ("pottery-class", "b", 2, True),
    ]
    assert all(isinstance(f, Feedback) for f in fb)
    assert fb[2].at == datetime(2024, 5, 1, 23, 59, 59, tzinfo=UTC)
    # Derived, not stored: changing the outing changes the feedback.
    store.update_outing(cid, oid, rating_b=5)
    assert store.feedback(cid)[3].rating == 5
    store.delete_outing(cid, oid)
    assert [f.done for f in store.feedback(cid)] == [False, False]


def test_nothing_is_stored_twice(database_url: str) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        store.add_outing(cid, "pottery-class", date(2024, 5, 1), 4, 2)
        assert len(store.feedback(cid)) == 2
    counts = table_counts(database_url)
    assert counts["outings"] == 1 and counts["reactions"] == 0
    assert not any("feedback" in name for name in counts)


def test_completing_a_plan_saves_the_outing_and_removes_the_plan_together(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    other = store.create_couple(CAM_DEV)
    pid = store.plan(cid, "sea-kayaking", date(2030, 6, 1))
    with pytest.raises(StoreError, match=f"no planned outing with id {pid} for this couple"):
        store.complete_plan(other, pid, date(2030, 6, 1), 5, 4)
    with pytest.raises(StoreError, match=r"rating_b must be one of 1, 2, 3, 4, 5 \(got 9\)"):
        store.complete_plan(cid, pid, date(2030, 6, 1), 5, 9)
    # The outing's insert fails after the plan's delete ran: the plan must still be there.
    fail_on(store, "INSERT INTO OUTINGS")
    with pytest.raises(StoreError, match="disk I/O error"):
        store.complete_plan(cid, pid, date(2030, 6, 1), 5, 4)
    assert store.planned(cid)["plan_id"].tolist() == [pid]
    assert store.outings(cid).empty

    oid = store.complete_plan(cid, pid, "2030-06-02", 5, 4, notes="windy", cost=80)
    assert store.planned(cid).empty
    assert store.outings(cid).to_dict("records") == [
        {
            "outing_id": oid,
            "activity_id": "sea-kayaking",
            "date": date(2030, 6, 2),
            "rating_a": 5,
            "rating_b": 4,
            "notes": "windy",
            "cost": 80.0,
        }
    ]
