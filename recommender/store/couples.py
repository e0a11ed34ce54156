"""Couples and their two partners: the rows every other aggregate belongs to.

Functions take an open :class:`~sqlalchemy.orm.Session` (the caller owns the
transaction) and already checked values.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from recommender.profiles import PARTNER_KEYS, Couple, Partner
from recommender.store import checks
from recommender.store.errors import StoreError
from recommender.store.schema import CoupleRow, IdeaRow, OutingRow, PlannedRow, ReactionRow
from recommender.wording import Hemisphere, check_hemisphere


def partner_fields(couple: Couple) -> dict[str, object]:
    """Both partners' profiles as the couples table's columns."""
    if not isinstance(couple, Couple):
        raise StoreError(f"expected a Couple (got {type(couple).__name__})")
    fields: dict[str, object] = {}
    for key in PARTNER_KEYS:
        p = couple.partner(key)
        checks.short_text(p.name, f"partner {key}'s name")
        for word in p.interests:
            checks.short_text(word, f"partner {key}'s interests")
        checks.cost(p.budget, f"partner {key}'s budget")
        fields[f"{key}_name"] = p.name
        fields[f"{key}_interests"] = list(p.interests)
        fields[f"{key}_risk"] = p.risk_comfort
        fields[f"{key}_budget"] = p.budget
    return fields


def couple_from_row(row: CoupleRow) -> Couple:
    """The :class:`Couple` a row holds."""
    partners = [
        Partner(
            name=getattr(row, f"{k}_name"),
            interests=tuple(getattr(row, f"{k}_interests") or ()),
            risk_comfort=getattr(row, f"{k}_risk"),
            budget=getattr(row, f"{k}_budget"),
        )
        for k in PARTNER_KEYS
    ]
    return Couple(*partners)


def get_row(session: Session, couple_id: int) -> CoupleRow:
    """The couple's row; StoreError when there is none."""
    checks.row_id(couple_id, "couple_id")
    row = session.get(CoupleRow, couple_id)
    if row is None:
        raise StoreError(f"no couple with id {couple_id}")
    return row


def list_all(session: Session) -> list[tuple[int, str]]:
    """Every couple as ``(couple_id, name)``, oldest first."""
    return [
        (r.id, r.name) for r in session.execute(select(CoupleRow).order_by(CoupleRow.id)).scalars()
    ]


def id_by_name(session: Session, name: str) -> int | None:
    """The id of the couple called ``name`` (as saved: single spaces), or None."""
    found = session.execute(select(CoupleRow.id).where(CoupleRow.name == name)).scalar()
    return None if found is None else int(found)


def add(session: Session, name: str, fields: dict[str, object]) -> int:
    """Save a new couple; StoreError when the name is taken."""
    if id_by_name(session, name) is not None:
        raise StoreError(f"a couple named {name!r} already exists; choose another name")
    row = CoupleRow(name=name, created_at=checks.utcnow(), **fields)
    session.add(row)
    session.flush()
    return row.id


def save_profile(session: Session, couple_id: int, fields: dict[str, object]) -> None:
    """Replace both partners' profiles."""
    row = get_row(session, couple_id)
    for key, value in fields.items():
        setattr(row, key, value)


def checked_hemisphere(value: object, field: str = "hemisphere") -> Hemisphere:
    """``value`` as a :class:`Hemisphere`; StoreError listing the allowed values otherwise."""
    try:
        return check_hemisphere(value)
    except ValueError:
        allowed = ", ".join(h.value for h in Hemisphere)
        raise StoreError(f"{field} must be one of {allowed} (got {value!r})") from None


def hemisphere(session: Session, couple_id: int) -> Hemisphere:
    """Where the couple lives; ``north`` for a row from before the setting existed."""
    return Hemisphere(get_row(session, couple_id).hemisphere or Hemisphere.NORTH.value)


def set_hemisphere(session: Session, couple_id: int, value: Hemisphere) -> None:
    """Save where the couple lives (an already checked value)."""
    get_row(session, couple_id).hemisphere = value.value


def rename(session: Session, couple_id: int, name: str) -> None:
    """Change the couple's name; it must stay unique."""
    row = get_row(session, couple_id)
    other = session.execute(
        select(CoupleRow.id).where(CoupleRow.name == name, CoupleRow.id != couple_id)
    ).scalar()
    if other is not None:
        raise StoreError(f"a couple named {name!r} already exists; choose another name")
    row.name = name


def delete_rows(session: Session, couple_id: int) -> None:
    """Delete every row of a couple's (not the couple itself)."""
    for model in (ReactionRow, OutingRow, PlannedRow, IdeaRow):
        session.execute(delete(model).where(model.couple_id == couple_id))


def remove(session: Session, couple_id: int) -> None:
    """Delete the couple and everything of theirs."""
    row = get_row(session, couple_id)
    delete_rows(session, couple_id)
    session.delete(row)


def own_row(session: Session, model: type, couple_id: int, row_id: int, what: str) -> object:
    """A row of the couple's by id; the same StoreError whether missing or someone else's."""
    row = session.get(model, row_id) if isinstance(row_id, int) else None
    if row is None or row.couple_id != couple_id:  # type: ignore[attr-defined]
        raise StoreError(f"no {what} with id {row_id!r} for this couple")
    return row
