"""The couple's own ideas are ranked alongside the catalog, checked by its rules."""

from __future__ import annotations

import pandas as pd
import pytest
from ranking_helpers import (
    ana_ben,
    idea_record,
    our_idea,
)

from recommender import (
    Columns,
    Couple,
    Feedback,
    Partner,
    Recommender,
)
from recommender.catalog.loading import CatalogError

C = Columns


def test_own_ideas_are_ranked_alongside_and_take_feedback(engine: Recommender) -> None:
    couple = Couple(
        Partner("Ana", ["kites", "harbour"], risk_comfort=2, budget=100),
        Partner("Ben", ["kite festival"], risk_comfort=2, budget=100),
    )
    ideas = our_idea()
    recs = engine.recommend(couple, k=5, ideas=ideas)
    first = recs.iloc[0]
    assert first[C.ACTIVITY_ID] == "our-kite-festival"
    assert first["source"] == "ours"
    assert first["reason"].startswith("One of your own ideas.")
    assert (recs["source"].iloc[1:] == "catalog").all()
    done = [Feedback("our-kite-festival", "a", 5, done=True)]
    again = engine.recommend(couple, k=5, ideas=ideas, feedback=done)
    assert "our-kite-festival" not in set(again[C.ACTIVITY_ID])
    with pytest.raises(ValueError, match="unknown activity_id 'our-kite-festival'"):
        engine.recommend(couple, k=5, feedback=done)
    pricey = our_idea(cost=500)
    assert "our-kite-festival" not in set(
        engine.recommend(couple, k=50, ideas=pricey)["activity_id"]
    )


def test_ideas_missing_columns_are_refused(engine: Recommender) -> None:
    ideas = our_idea().drop(columns=[C.RISK])
    with pytest.raises(ValueError, match="ideas are missing column\\(s\\): risk"):
        engine.recommend(ana_ben(), ideas=ideas)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [idea_record(risk=0)],
            r"ideas has 1 problem:\n  - row 1, column 'risk': is outside the scale;"
            r" allowed: 1, 2, 3, 4, 5 \(value: '0'\)",
        ),
        (
            [idea_record(), idea_record(activity_id="our-other", cost=float("nan"))],
            r"row 2, column 'cost': is not a number.*\(value: 'nan'\)",
        ),
        (
            [idea_record(tags="kites", setting="underwater")],
            r"ideas has 2 problems:\n  - row 1, column 'tags': unknown tag\(s\) 'kites'.*\n"
            r"  - row 1, column 'setting': unknown setting; allowed: indoor, outdoor, either",
        ),
    ],
)
def test_ideas_breaking_the_catalog_rules_are_refused_with_row_and_column(
    engine: Recommender, rows: list[dict], message: str
) -> None:
    with pytest.raises(CatalogError, match=message):
        engine.recommend(ana_ben(), ideas=pd.DataFrame(rows))


def test_equal_ideas_are_prepared_once_and_a_changed_idea_is_picked_up(
    catalog: pd.DataFrame, cache_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = Recommender(catalog, cache_dir=cache_dir)
    transform = fresh.model.transform
    calls: list[list[str]] = []

    def spy(frame: pd.DataFrame):
        calls.append(frame[C.ACTIVITY_ID].tolist())
        return transform(frame)

    monkeypatch.setattr(fresh.model, "transform", spy)
    couple = Couple(
        Partner("Ana", ["kites", "harbour"], risk_comfort=2, budget=100),
        Partner("Ben", ["kite festival"], risk_comfort=2, budget=100),
    )
    first = fresh.recommend(couple, k=5, ideas=our_idea())
    again = fresh.recommend(couple, k=5, ideas=our_idea())  # a new frame, equal content
    assert calls == [["our-kite-festival"]]
    pd.testing.assert_frame_equal(first, again)
    assert first[C.ACTIVITY_ID].iloc[0] == "our-kite-festival"
    pricey = fresh.recommend(couple, k=50, ideas=our_idea(cost=500))
    assert len(calls) == 2
    assert "our-kite-festival" not in set(pricey[C.ACTIVITY_ID])
    assert fresh.recommend(couple, k=5, ideas=our_idea()).equals(first)
    assert len(calls) == 2  # the first ideas are still remembered
