"""The engine's view of a couple's history: reactions and outings as one timeline."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from recommender.profiles import PARTNER_KEYS, Feedback
from recommender.store import checks
from recommender.store.couples import get_row
from recommender.store.schema import OutingRow, ReactionRow


def timeline(session: Session, couple_id: int) -> list[Feedback]:
    """Every reaction, plus one ``Feedback(done=True)`` per partner per outing, oldest first.

    An outing counts as given at the end of its day (23:59:59 UTC), so a rating for doing
    something comes after a same-day reaction to its suggestion.
    """
    get_row(session, couple_id)
    items: list[tuple[datetime, int, int, Feedback]] = []
    for r in session.execute(
        select(ReactionRow).where(ReactionRow.couple_id == couple_id)
    ).scalars():
        at = checks.from_db_time(r.at)
        items.append((at, 0, r.id, Feedback(r.activity_id, r.partner, r.rating, False, at)))
    for o in session.execute(select(OutingRow).where(OutingRow.couple_id == couple_id)).scalars():
        at = datetime.combine(o.date, time(23, 59, 59), tzinfo=UTC)
        for key in PARTNER_KEYS:
            rating = getattr(o, f"rating_{key}")
            if rating is None:  # that partner has not rated it yet
                continue
            items.append((at, 1, o.id, Feedback(o.activity_id, key, rating, True, at)))
    items.sort(key=lambda item: item[:3])
    return [item[3] for item in items]
