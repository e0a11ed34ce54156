"""The schema's versions: how each one is reached from the one before.

A new database runs them all; an older one runs the ones it lacks, in one transaction.
Never edit a migration once released: databases made by it exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.engine import Connection

from recommender.profiles import PARTNER_KEYS
from recommender.store.checks import utcnow
from recommender.store.schema import SchemaVersion


@dataclass(frozen=True)
class Migration:
    """One schema version: how to get there from the version before it.

    Attributes
    ----------
    version : int
        The schema version this migration produces (1, 2, ...).
    description : str
        What it changes, recorded in ``schema_version``.
    apply : callable
        Runs the DDL on a connection inside the migration's transaction.
    """

    version: int
    description: str
    apply: Callable[[Connection], None]


def _fk_couple() -> Column:
    return Column(
        "couple_id", Integer, ForeignKey("couples.id", ondelete="CASCADE"), nullable=False
    )


def _v1_initial(conn: Connection) -> None:
    # A frozen snapshot of the first schema, in Core so it is portable across backends.
    # Never edit it: databases made by it exist. Change the schema with a new migration.
    md = MetaData()
    Table(
        "couples",
        md,
        Column("id", Integer, primary_key=True),
        Column("name", String(200), nullable=False, unique=True),
        *(
            col
            for p in PARTNER_KEYS
            for col in (
                Column(f"{p}_name", String(200), nullable=False),
                Column(f"{p}_interests", JSON, nullable=False),
                Column(f"{p}_risk", Integer, nullable=False),
                Column(f"{p}_budget", Float, nullable=False),
            )
        ),
        Column("created_at", DateTime, nullable=False),
    )
    Table(
        "reactions",
        md,
        Column("id", Integer, primary_key=True),
        _fk_couple(),
        Column("activity_id", String(200), nullable=False),
        Column("partner", String(1), nullable=False),
        Column("rating", Integer, nullable=False),
        Column("at", DateTime, nullable=False),
        Index("ix_reactions_couple", "couple_id", "at"),
    )
    Table(
        "outings",
        md,
        Column("id", Integer, primary_key=True),
        _fk_couple(),
        Column("activity_id", String(200), nullable=False),
        Column("date", Date, nullable=False),
        Column("rating_a", Integer, nullable=False),
        Column("rating_b", Integer, nullable=False),
        Column("notes", Text, nullable=False),
        Index("ix_outings_couple", "couple_id", "date"),
    )
    Table(
        "ideas",
        md,
        Column(
            "couple_id",
            Integer,
            ForeignKey("couples.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("activity_id", String(200), primary_key=True),
        Column("title", String(200), nullable=False),
        Column("description", Text, nullable=False),
        Column("category", String(50), nullable=False),
        Column("tags", Text, nullable=False),
        Column("cost", Float, nullable=False),
        Column("risk", Integer, nullable=False),
        Column("duration_hours", Float, nullable=False),
        Column("setting", String(20), nullable=False),
        Column("energy", Integer, nullable=False),
        Column("seasons", String(100), nullable=False),
        Column("conversation_starter", Text, nullable=False),
    )
    md.create_all(conn)


def _v2_cost_and_plans(conn: Connection) -> None:
    # What an outing cost (to compare with the budget) and outings planned ahead.
    conn.execute(text("ALTER TABLE outings ADD COLUMN cost FLOAT"))
    md = MetaData()
    Table("couples", md, Column("id", Integer, primary_key=True))
    Table(
        "planned",
        md,
        Column("id", Integer, primary_key=True),
        _fk_couple(),
        Column("activity_id", String(200), nullable=False),
        Column("date", Date, nullable=False),
        Index("ix_planned_couple", "couple_id", "date"),
    )
    md.tables["planned"].create(conn)


#: Every schema version in order; a new database runs them all.
MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(1, "initial schema: couples, reactions, outings, ideas", _v1_initial),
    Migration(2, "outings.cost and the planned table", _v2_cost_and_plans),
)
#: The schema version this code reads and writes.
SCHEMA_VERSION: Final = MIGRATIONS[-1].version


def create_schema_version_table(conn: Connection) -> None:
    """Create the ``schema_version`` bookkeeping table (its layout never changes)."""
    SchemaVersion.__table__.create(conn, checkfirst=True)


def apply_migrations(conn: Connection, from_version: int, to_version: int = SCHEMA_VERSION) -> None:
    """Run the migrations after ``from_version`` up to ``to_version``, recording each one."""
    for migration in MIGRATIONS:
        if from_version < migration.version <= to_version:
            migration.apply(conn)
            conn.execute(
                SchemaVersion.__table__.insert().values(
                    version=migration.version,
                    description=migration.description,
                    applied_at=utcnow(),
                )
            )
