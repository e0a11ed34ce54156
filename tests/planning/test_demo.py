"""recommender/demo.py: a demo couple with a believable little history."""

from __future__ import annotations

from datetime import date

from recommender.catalog.loading import load_catalog
from recommender.planning.demo import DEMO_COUPLE, DEMO_NAME, create_demo_couple
from recommender.store.store import Store


def test_demo_couple_has_outings_reactions_and_a_plan(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    catalog = load_catalog()
    today = date(2025, 6, 11)
    couple_id = create_demo_couple(store, catalog, today=today)
    assert store.list_couples() == [(couple_id, DEMO_NAME)]
    assert store.get_couple(couple_id) == DEMO_COUPLE
    outings = store.outings(couple_id)
    assert len(outings) == 4
    assert (outings["date"] < today).all()
    assert set(outings["activity_id"]) <= set(catalog["activity_id"])
    # Every demo outing fits the couple: within budget and the more cautious comfort level.
    picked = catalog.set_index("activity_id").loc[outings["activity_id"]]
    assert (picked["cost"] <= DEMO_COUPLE.budget).all()
    assert (picked["risk"] <= DEMO_COUPLE.risk_comfort).all()
    assert len(store.reactions(couple_id)) == 2
    planned = store.planned(couple_id)
    assert len(planned) == 1 and planned["date"].iloc[0] > today
    assert len(store.feedback(couple_id)) == 2 + 2 * 4
    store.close()


def test_a_failed_write_leaves_no_half_made_demo(tmp_path):
    import pytest
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    from recommender.store.store import StoreError

    store = Store(f"sqlite:///{tmp_path / 'demo.sqlite'}")

    # The last write of the demo (its plan) fails as a full disk would, after the couple,
    # its outings and reactions were written in the same transaction.
    @event.listens_for(store.engine, "before_cursor_execute")
    def refuse(conn, cursor, sql, parameters, context, executemany):
        if sql.lstrip().upper().startswith("INSERT INTO PLANNED"):
            raise OperationalError(sql, parameters, Exception("disk full"))

    with pytest.raises(StoreError, match="disk full"):
        create_demo_couple(store, load_catalog(), today=date(2025, 6, 11))
    assert store.list_couples() == []
    event.remove(store.engine, "before_cursor_execute", refuse)
    # Trying again works: nothing of the first try is in the way.
    couple_id = create_demo_couple(store, load_catalog(), today=date(2025, 6, 11))
    assert store.list_couples() == [(couple_id, DEMO_NAME)]
    store.close()
