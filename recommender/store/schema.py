"""The tables as the newest migration leaves them, as SQLAlchemy ORM classes.

Text lengths come from :mod:`recommender.catalog.limits`, the one place every reader
checks them, so a value the readers accept always fits the column on every database.
Change the schema with a new migration (see :mod:`recommender.store.migrations`),
then here.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from recommender.catalog.limits import CATEGORY_MAX, SEASONS_MAX, SETTING_MAX, SHORT_TEXT_MAX

#: Longest OpenID Connect issuer or subject kept (the spec caps ``sub`` at 255 ASCII characters).
IDENTITY_MAX = 255


class Base(DeclarativeBase):
    """Declarative base of the current schema (the newest migration)."""


class SchemaVersion(Base):
    """One row per schema version applied; the highest ``version`` is the schema's version.

    Kept alongside Alembic's own table so that an older release of the app, which reads
    only this one, still refuses a database from a newer release instead of misreading it.
    """

    __tablename__ = "schema_version"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    description: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    applied_at: Mapped[datetime] = mapped_column(DateTime)


class CoupleRow(Base):
    """A couple: its name and both partners' profiles."""

    __tablename__ = "couples"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX), unique=True)
    a_name: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    a_interests: Mapped[list[str]] = mapped_column(JSON)
    a_risk: Mapped[int] = mapped_column(Integer)
    a_budget: Mapped[float] = mapped_column(Float)
    b_name: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    b_interests: Mapped[list[str]] = mapped_column(JSON)
    b_risk: Mapped[int] = mapped_column(Integer)
    b_budget: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    #: "north" or "south": which way the seasons go where the couple lives (since v3).
    hemisphere: Mapped[str] = mapped_column(String(5), server_default="north")


class ReactionRow(Base):
    """One partner's reaction (rating 1-5, thumbs = 5 or 1) to a suggestion."""

    __tablename__ = "reactions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"))
    activity_id: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    partner: Mapped[str] = mapped_column(String(1))
    rating: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC


class OutingRow(Base):
    """Something the couple did, with both partners' ratings."""

    __tablename__ = "outings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"))
    activity_id: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    date: Mapped[dt.date] = mapped_column(Date)
    # Empty while that partner has not rated it yet (each rates on their own phone; since v3).
    rating_a: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rating_b: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text)
    cost: Mapped[float | None] = mapped_column(Float, nullable=True)  # since v2


class PlannedRow(Base):
    """An outing the couple has planned (since v2)."""

    __tablename__ = "planned"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"))
    activity_id: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    date: Mapped[dt.date] = mapped_column(Date)


class IdeaRow(Base):
    """One of the couple's own activities, with the catalog's columns."""

    __tablename__ = "ideas"
    couple_id: Mapped[int] = mapped_column(
        ForeignKey("couples.id", ondelete="CASCADE"), primary_key=True
    )
    activity_id: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX), primary_key=True)
    title: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(CATEGORY_MAX))
    tags: Mapped[str] = mapped_column(Text)
    cost: Mapped[float] = mapped_column(Float)
    risk: Mapped[int] = mapped_column(Integer)
    duration_hours: Mapped[float] = mapped_column(Float)
    setting: Mapped[str] = mapped_column(String(SETTING_MAX))
    energy: Mapped[int] = mapped_column(Integer)
    seasons: Mapped[str] = mapped_column(String(SEASONS_MAX))
    conversation_starter: Mapped[str] = mapped_column(Text)
    #: Which import added it, so an import can be undone as one batch; None when added by hand.
    import_batch: Mapped[str | None] = mapped_column(String(40), nullable=True)  # since v3


class MemberRow(Base):
    """A signed-in person in one couple's seat (since v3).

    Only the OpenID Connect issuer and subject are kept: enough to know them again, nothing
    personal. One person belongs to one couple at a time, and each seat holds one person.
    """

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("issuer", "subject", name="uq_members_identity"),
        UniqueConstraint("couple_id", "partner", name="uq_members_seat"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"))
    partner: Mapped[str] = mapped_column(String(1))
    issuer: Mapped[str] = mapped_column(String(IDENTITY_MAX))
    subject: Mapped[str] = mapped_column(String(IDENTITY_MAX))
    joined_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC


class InviteRow(Base):
    """An invitation to join a couple: only hashes of its token and code (since v3)."""

    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    expires_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


#: The tables this app makes; finding any of them without our bookkeeping means a foreign database.
OUR_TABLES = ("couples", "reactions", "outings", "ideas", "planned", "members", "invites")
