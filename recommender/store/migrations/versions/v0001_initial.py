"""Initial schema: couples, reactions, outings, ideas (schema version 1).

A frozen snapshot of the first release's schema, written in Core so it is portable across
backends. Never edit it: databases made by it exist. Change the schema with a new revision.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_PARTNERS = ("a", "b")


def _fk_couple() -> sa.Column:
    return sa.Column(
        "couple_id", sa.Integer, sa.ForeignKey("couples.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    """Create the first schema and record version 1 for releases that read schema_version."""
    op.create_table(
        "schema_version",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("applied_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "couples",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        *(
            col
            for p in _PARTNERS
            for col in (
                sa.Column(f"{p}_name", sa.String(200), nullable=False),
                sa.Column(f"{p}_interests", sa.JSON, nullable=False),
                sa.Column(f"{p}_risk", sa.Integer, nullable=False),
                sa.Column(f"{p}_budget", sa.Float, nullable=False),
            )
        ),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "reactions",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk_couple(),
        sa.Column("activity_id", sa.String(200), nullable=False),
        sa.Column("partner", sa.String(1), nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_reactions_couple", "reactions", ["couple_id", "at"])
    op.create_table(
        "outings",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk_couple(),
        sa.Column("activity_id", sa.String(200), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("rating_a", sa.Integer, nullable=False),
        sa.Column("rating_b", sa.Integer, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
    )
    op.create_index("ix_outings_couple", "outings", ["couple_id", "date"])
    op.create_table(
        "ideas",
        sa.Column(
            "couple_id",
            sa.Integer,
            sa.ForeignKey("couples.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("activity_id", sa.String(200), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("category", sa.String(50), nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("cost", sa.Float, nullable=False),
        sa.Column("risk", sa.Integer, nullable=False),
        sa.Column("duration_hours", sa.Float, nullable=False),
        sa.Column("setting", sa.String(20), nullable=False),
        sa.Column("energy", sa.Integer, nullable=False),
        sa.Column("seasons", sa.String(100), nullable=False),
        sa.Column("conversation_starter", sa.Text, nullable=False),
    )
    op.execute(
        sa.text(
            "INSERT INTO schema_version (version, description, applied_at) VALUES"
            " (1, 'initial schema: couples, reactions, outings, ideas', CURRENT_TIMESTAMP)"
        )
    )


def downgrade() -> None:
    """Not supported: the app never goes back to an older schema."""
    raise NotImplementedError("downgrading is not supported; restore a backup instead")
