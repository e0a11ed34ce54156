"""Feedback is digested in the right order: the latest rating counts."""

from __future__ import annotations

from datetime import UTC, datetime

from ranking_helpers import (
    ana_ben,
    full_ranking,
)

from recommender import (
    Columns,
    Feedback,
    Recommender,
)

C = Columns


def test_the_latest_rating_counts_by_order_or_by_timestamp(engine: Recommender) -> None:
    couple = ana_ben()
    target = engine.recommend(couple, k=1)[C.ACTIVITY_ID].iloc[0]
    everything = len(engine.catalog)
    changed_mind = [Feedback(target, "a", 1), Feedback(target, "a", 5)]  # oldest first
    assert target in set(
        engine.recommend(couple, k=everything, feedback=changed_mind)[C.ACTIVITY_ID]
    )
    stamped = [
        Feedback(target, "a", 5, at=datetime(2025, 6, 1)),
        Feedback(target, "a", 1, at=datetime(2025, 6, 8)),  # listed first in time order below
    ]
    recs = engine.recommend(couple, k=everything, feedback=stamped[::-1])
    assert target not in set(recs[C.ACTIVITY_ID])


def test_feedback_times_with_and_without_a_time_zone_are_ordered_together(
    engine: Recommender,
) -> None:
    couple = ana_ben()
    pick = engine.recommend(couple, k=1)[C.ACTIVITY_ID].iloc[0]
    january = datetime(2024, 1, 1, 12, tzinfo=UTC)
    june = datetime(2024, 6, 1, 12)  # no time zone: taken as UTC, like the app stores it
    # The thumbs down came last: never suggested again.
    later_down = [Feedback(pick, "a", 5, at=january), Feedback(pick, "a", 1, at=june)]
    assert pick not in set(full_ranking(engine, couple, later_down).index)
    # The thumbs up came last (listed first): it stays.
    later_up = [Feedback(pick, "a", 5, at=june), Feedback(pick, "a", 1, at=january)]
    assert pick in set(full_ranking(engine, couple, later_up).index)
