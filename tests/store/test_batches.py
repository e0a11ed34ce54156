"""Import batches (recommender/store/batches.py): listed per couple, undone as one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from store_helpers import ANA_BEN, CAM_DEV, fail_on, idea

from recommender import Store, StoreError
from recommender.catalog.columns import Columns
from recommender.store import checks
from recommender.store.store import UndoneImport


def _ideas(*titles: str) -> list[dict[str, object]]:
    return [idea(t) for t in titles]


def test_an_import_is_listed_and_undone_as_one_batch(database_url: str) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        own = store.add_idea(cid, idea("Stargazing on the roof"))  # by hand: no batch
        first = store.new_import_batch()
        added, _ = store.add_ideas(cid, _ideas("Kite day", "Board games"), batch=first)
        second = store.new_import_batch()
        store.add_ideas(cid, _ideas("Pottery", "Tango", "Sushi night"), batch=second)
        store.add_reaction(cid, added[0], "a", 5)

        listed = store.import_batches(cid)
        assert [(b.batch, b.count) for b in listed] == [(second, 3), (first, 2)]  # newest first
        now = checks.utcnow()
        assert all(abs(b.when - now) < timedelta(minutes=5) for b in listed)

        done = store.undo_import(cid, first)
        assert done == UndoneImport(batch=first, removed=2, kept=[])
        titles = set(store.ideas(cid)[Columns.TITLE])
        assert titles == {"Stargazing on the roof", "Pottery", "Tango", "Sushi night"}
        assert store.reactions(cid).empty  # the reaction to a removed idea went with it
        assert [b.batch for b in store.import_batches(cid)] == [second]
        assert own in set(store.ideas(cid)[Columns.ACTIVITY_ID])

        with pytest.raises(StoreError, match=f"no import {first} for this couple .imports here: "):
            store.undo_import(cid, first)  # already undone


def test_undo_keeps_ideas_the_history_names_and_says_which(database_url: str) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        batch = store.new_import_batch()
        added, _ = store.add_ideas(cid, _ideas("Kite day", "Pottery", "Tango"), batch=batch)
        store.add_outing(cid, added[0], date(2026, 10, 3), 4, 5)
        store.plan(cid, added[1], date.today() + timedelta(days=3))
        done = store.undo_import(cid, batch)
        assert done.removed == 1
        assert done.kept == ["Kite day", "Pottery"]
        assert sorted(store.ideas(cid)[Columns.TITLE]) == ["Kite day", "Pottery"]


def test_undo_is_one_transaction_and_only_touches_that_couple(database_url: str) -> None:
    with Store(database_url) as store:
        ana = store.create_couple(ANA_BEN)
        cam = store.create_couple(CAM_DEV)
        batch = store.new_import_batch()
        added, _ = store.add_ideas(ana, _ideas("Kite day", "Pottery"), batch=batch)
        store.add_reaction(ana, added[0], "b", 5)
        store.add_ideas(cam, _ideas("Kite day"), batch=store.new_import_batch())
        with pytest.raises(StoreError, match=f"no import {batch} for this couple"):
            store.undo_import(cam, batch)  # another couple's import
        fail_on(store, "DELETE FROM IDEAS")
        with pytest.raises(StoreError, match="disk I/O error"):
            store.undo_import(ana, batch)
    with Store(database_url) as again:
        assert len(again.ideas(ana)) == 2
        assert len(again.reactions(ana)) == 1  # the reactions' delete was rolled back with it
        assert len(again.ideas(cam)) == 1


def test_bad_batch_ids_say_what_one_looks_like(store: Store) -> None:
    cid = store.create_couple(ANA_BEN)
    with pytest.raises(StoreError, match=r"'x' is not an import batch id \(they look like 2026"):
        store.undo_import(cid, "x")
    with pytest.raises(StoreError, match="is not an import batch id"):
        store.add_ideas(cid, _ideas("Kite day"), batch="; DROP TABLE ideas")
    assert store.ideas(cid).empty
    assert store.import_batches(cid) == []


def test_a_big_import_staged_on_sqlite_keeps_its_batch(database_url: str) -> None:
    # Above 1,000 ideas SQLite imports go through a temporary table (store.add_ideas):
    # the batch must survive that copy, and undo must not hit a limit on query parameters.
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
        batch = store.new_import_batch()
        added, _ = store.add_ideas(cid, [idea(f"Idea {i}") for i in range(1500)], batch=batch)
        assert len(added) == 1500
        assert [(b.batch, b.count) for b in store.import_batches(cid)] == [(batch, 1500)]
        assert store.undo_import(cid, batch).removed == 1500
        assert store.ideas(cid).empty
