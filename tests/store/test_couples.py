"""Couples: profiles, names, deletion, and that no couple reaches another's rows."""

from __future__ import annotations

from datetime import date

import pytest
from store_helpers import (
    ANA_BEN,
    CAM_DEV,
    idea,
    table_counts,
)

from recommender import Couple, Partner, Store, StoreError
from recommender.catalog.columns import Columns
from recommender.wording import Hemisphere

# ----------------------------------------------------------------- couples


def test_couple_profile_round_trips_and_survives_a_restart(database_url: str) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        assert store.list_couples() == [(cid, "Ana & Ben")]
        assert store.get_couple(cid) == ANA_BEN
    with Store(database_url) as again:  # a new process would see the same
        assert again.get_couple(cid) == ANA_BEN
        changed = Couple(Partner("Ana", ("pottery",), 4, 150), ANA_BEN.b)
        again.save_profile(cid, changed)
        assert again.get_couple(cid) == changed
        assert again.couple_name(cid) == "Ana & Ben"


def test_hemisphere_defaults_to_north_is_saved_and_refuses_other_values(database_url: str) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        other = store.create_couple(CAM_DEV)
        assert store.hemisphere(cid) is Hemisphere.NORTH
        store.set_hemisphere(cid, "south")
        with pytest.raises(
            StoreError, match=r"hemisphere must be one of north, south \(got 'up'\)"
        ):
            store.set_hemisphere(cid, "up")
        assert store.hemisphere(other) is Hemisphere.NORTH  # only that couple's
    with Store(database_url) as again:  # kept across a restart
        assert again.hemisphere(cid) is Hemisphere.SOUTH
        again.set_hemisphere(cid, Hemisphere.NORTH)
        assert again.hemisphere(cid) is Hemisphere.NORTH
        with pytest.raises(StoreError, match="no couple with id 999"):
            again.set_hemisphere(999, "south")


def test_couple_names_are_unique_and_renamable(store: Store) -> None:
    cid = store.create_couple(ANA_BEN, name="  The   Explorers ")
    assert store.list_couples() == [(cid, "The Explorers")]
    with pytest.raises(StoreError, match="a couple named 'The Explorers' already exists"):
        store.create_couple(CAM_DEV, name="The Explorers")
    other = store.create_couple(CAM_DEV)
    with pytest.raises(StoreError, match="'Cam & Dev' already exists"):
        store.rename_couple(cid, "Cam & Dev")
    store.rename_couple(cid, "Ana and Ben")
    assert store.find_couple("Ana and Ben") == cid
    assert store.find_couple("Cam & Dev") == other
    with pytest.raises(StoreError, match=r"no couple named 'Nobody'.*'Ana and Ben', 'Cam & Dev'"):
        store.find_couple("Nobody")
    with pytest.raises(StoreError, match="name must be a non-empty text"):
        store.create_couple(ANA_BEN, name="   ")


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.get_couple(999),
        lambda s: s.outings(999),
        lambda s: s.reactions(999),
        lambda s: s.planned(999),
        lambda s: s.ideas(999),
        lambda s: s.feedback(999),
        lambda s: s.add_reaction(999, "x", "a", 5),
        lambda s: s.add_outing(999, "x", date(2024, 1, 1), 3, 3),
        lambda s: s.plan(999, "x", date(2024, 1, 1)),
        lambda s: s.save_profile(999, ANA_BEN),
        lambda s: s.delete_couple(999),
    ],
)
def test_unknown_couple_ids_raise(store: Store, call) -> None:
    with pytest.raises(StoreError, match="no couple with id 999"):
        call(store)


def test_deleting_a_couple_removes_all_of_their_rows(database_url: str) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        keep = store.create_couple(CAM_DEV)
        for who in (cid, keep):
            store.add_reaction(who, "pottery-class", "a", 5)
            store.add_outing(who, "pottery-class", date(2024, 5, 1), 4, 5)
            store.plan(who, "sea-kayaking", date(2030, 6, 1))
            store.add_idea(who, idea())
        store.delete_couple(cid)
        assert store.list_couples() == [(keep, "Cam & Dev")]
        assert len(store.outings(keep)) == len(store.reactions(keep)) == 1
    counts = table_counts(database_url)
    for table in ("reactions", "outings", "planned", "ideas", "couples"):
        assert counts[table] == 1, table


# ----------------------------------------------------------------- one couple, one scope


def test_no_couple_can_read_or_change_another_couples_rows(store: Store) -> None:
    ana = store.create_couple(ANA_BEN)
    cam = store.create_couple(CAM_DEV)
    rid = store.add_reaction(ana, "pottery-class", "a", 5)
    oid = store.add_outing(ana, "pottery-class", date(2024, 5, 1), 4, 5, "ours")
    pid = store.plan(ana, "sea-kayaking", date(2030, 6, 1))
    iid = store.add_idea(ana, idea())
    snapshot = store.export_data("Ana & Ben")["couples"]

    # Reading: Cam & Dev see none of it.
    assert store.reactions(cam).empty and store.outings(cam).empty
    assert store.planned(cam).empty and store.ideas(cam).empty
    assert store.feedback(cam) == []
    # Changing by id: refused exactly as if the row did not exist.
    for attempt, what, row_id in (
        (lambda: store.update_outing(cam, oid, rating_a=1), "outing", oid),
        (lambda: store.delete_outing(cam, oid), "outing", oid),
        (lambda: store.unplan(cam, pid), "planned outing", pid),
        (lambda: store.delete_reaction(cam, rid), "reaction", rid),
    ):
        with pytest.raises(StoreError, match=f"no {what} with id {row_id} for this couple"):
            attempt()
    with pytest.raises(StoreError, match=f"no idea with id '{iid}' for this couple"):
        store.delete_idea(cam, iid)
    with pytest.raises(StoreError, match=f"no idea with id '{iid}' for this couple"):
        store.update_idea(cam, iid, idea(cost=0))
    # The same idea id is theirs to use too, without touching Ana & Ben's.
    assert store.add_idea(cam, idea(cost=99)) == iid
    assert store.ideas(ana).iloc[0][Columns.COST] == 15.0
    assert store.export_data("Ana & Ben")["couples"] == snapshot


def test_a_couple_is_found_by_name_whatever_the_spacing(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    assert store.find_couple("  Ana   &  Ben ") == cid
