"""outings.cost and the planned table (schema version 2).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """What an outing cost (to compare with the budget) and outings planned ahead."""
    # batch_alter_table: SQLite alters tables only in limited ways; Alembic copies the
    # table where it must, and on PostgreSQL this is a plain ALTER TABLE.
    with op.batch_alter_table("outings") as batch:
        batch.add_column(sa.Column("cost", sa.Float, nullable=True))
    op.create_table(
        "planned",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "couple_id",
            sa.Integer,
            sa.ForeignKey("couples.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("activity_id", sa.String(200), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
    )
    op.create_index("ix_planned_couple", "planned", ["couple_id", "date"])
    op.execute(
        sa.text(
            "INSERT INTO schema_version (version, description, applied_at)"
            " VALUES (2, 'outings.cost and the planned table', CURRENT_TIMESTAMP)"
        )
    )


def downgrade() -> None:
    """Not supported: the app never goes back to an older schema."""
    raise NotImplementedError("downgrading is not supported; restore a backup instead")
