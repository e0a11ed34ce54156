"""A couple's own ideas: validated like the catalog, prefixed ids, all-or-nothing batches."""

from __future__ import annotations

from datetime import date

import pytest
from store_helpers import ANA_BEN, CAM_DEV, fail_on, idea

from recommender import Store, StoreError
from recommender.catalog.columns import Columns
from recommender.catalog.loading import CatalogError, validate_activities

# ----------------------------------------------------------------- ideas


def test_ideas_are_validated_prefixed_and_typed_like_the_catalog(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    first = store.add_idea(cid, idea())
    assert first == "ours-sunset-picnic-on-the-hill"
    again = store.add_idea(cid, idea())  # same title: a second, separate idea
    assert again == "ours-sunset-picnic-on-the-hill-2"
    # A catalog-looking id still gets the prefix, so it can never shadow a catalog row.
    assert store.add_idea(cid, idea("Kayak", activity_id="sea-kayaking")) == "ours-sea-kayaking"
    with pytest.raises(StoreError, match="already have an idea with id 'ours-sea-kayaking'"):
        store.add_idea(cid, idea("Kayak", activity_id="sea-kayaking"))

    frame = store.ideas(cid)
    expected = validate_activities([idea(activity_id="x")])
    assert list(frame.columns) == list(Columns.ALL)
    assert frame.dtypes.to_dict() == expected.dtypes.to_dict()
    row = frame.set_index(Columns.ACTIVITY_ID).loc[first]
    assert row[Columns.TAGS] == "nature;romantic" and row[Columns.COST] == 15.0
    assert store.ideas(store.create_couple(CAM_DEV)).dtypes.to_dict() == expected.dtypes.to_dict()


def test_an_invalid_idea_is_refused_with_every_problem(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    bad = idea(category="space", risk=9)
    with pytest.raises(CatalogError, match=r"(?s)column 'category': unknown category.*'risk'"):
        store.add_idea(cid, bad)
    assert store.ideas(cid).empty


def test_ideas_can_be_edited_and_deleted(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    aid = store.add_idea(cid, idea())
    store.update_idea(cid, aid, idea(cost=40, setting="either"))
    row = store.ideas(cid).iloc[0]
    assert (row[Columns.ACTIVITY_ID], row[Columns.COST], row[Columns.SETTING]) == (
        aid,
        40.0,
        "either",
    )
    store.add_reaction(cid, aid, "a", 5)
    oid = store.add_outing(cid, aid, date(2024, 6, 1), 5, 5)
    with pytest.raises(StoreError, match=r"in your history \(1 outing\); delete those first"):
        store.delete_idea(cid, aid)
    store.delete_outing(cid, oid)
    store.delete_idea(cid, aid)
    assert store.ideas(cid).empty
    assert store.reactions(cid).empty  # reactions to it go with it
    with pytest.raises(StoreError, match=f"no idea with id '{aid}'"):
        store.delete_idea(cid, aid)


def test_add_ideas_is_all_or_nothing_and_skips_existing(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    added, skipped = store.add_ideas(cid, [idea("One"), idea("Two")])
    assert (added, skipped) == (["ours-one", "ours-two"], [])
    added, skipped = store.add_ideas(cid, [idea("Two"), idea("Three")])
    assert (added, skipped) == (["ours-three"], ["ours-two"])
    with pytest.raises(CatalogError, match="row 2, column 'energy'"):
        store.add_ideas(cid, [idea("Four"), idea("Five", energy=0)])
    assert store.ideas(cid)[Columns.ACTIVITY_ID].tolist() == ["ours-one", "ours-three", "ours-two"]


def test_a_big_batch_of_ideas_is_added_once_each_and_all_or_nothing(store: Store) -> None:
    # Over 1,000 ideas SQLite stages them in a temporary table first (PostgreSQL inserts them
    # directly): both must give the same result.
    cid = store.create_couple(ANA_BEN)
    store.add_idea(cid, idea("Idea 7"))
    batch = [idea(f"Idea {i}") for i in range(1500)]
    # The write fails halfway (after the checks and the staging): nothing is added.
    fail_on(store, "INSERT INTO IDEAS (")
    with pytest.raises(StoreError, match="disk I/O error"):
        store.add_ideas(cid, batch)
    assert store.ideas(cid)[Columns.ACTIVITY_ID].tolist() == ["ours-idea-7"]

    added, skipped = store.add_ideas(cid, batch)
    assert len(added) == 1499 and "ours-idea-7" not in added
    assert skipped == ["ours-idea-7"]
    assert len(store.ideas(cid)) == 1500
    with pytest.raises(StoreError, match="already have an idea with id"):
        store.add_ideas(cid, batch, skip_existing=False)
    assert len(store.ideas(cid)) == 1500
