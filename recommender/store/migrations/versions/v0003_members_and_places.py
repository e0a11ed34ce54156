"""Members and invites (sign-in), outings waiting for a rating, hemisphere, import batches.

Schema version 3:

- ``members``: who may open a couple's data when the app is hosted with sign-in. One row per
  signed-in person (their OpenID Connect issuer and subject, nothing else about them), in one
  couple at a time, sitting in partner seat ``a`` or ``b``.
- ``invites``: a pending invitation to take the other seat. Only SHA-256 hashes of the link's
  token and of the short code are kept, with an expiry, and the moment it was used.
- ``outings.rating_a`` / ``rating_b`` may be empty: on two phones each partner rates on their
  own, and the outing waits for the other's rating.
- ``couples.hemisphere``: ``north`` or ``south``, so seasons follow where the couple lives
  (every existing couple is ``north``, as the app assumed until now).
- ``ideas.import_batch``: which import added an idea, so an import can be undone as one batch
  (empty for ideas added one at a time, and for every idea made before this version).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fk_couple() -> sa.Column:
    return sa.Column(
        "couple_id", sa.Integer, sa.ForeignKey("couples.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    """Add members, invites, optional ratings, the hemisphere and import batches."""
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk_couple(),
        sa.Column("partner", sa.String(1), nullable=False),
        sa.Column("issuer", sa.String(255), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("joined_at", sa.DateTime, nullable=False),
        # One person, one couple at a time; one person per seat.
        sa.UniqueConstraint("issuer", "subject", name="uq_members_identity"),
        sa.UniqueConstraint("couple_id", "partner", name="uq_members_seat"),
    )
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk_couple(),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("used_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_invites_couple", "invites", ["couple_id"])
    # batch_alter_table: SQLite copies the table where it must; PostgreSQL alters in place.
    with op.batch_alter_table("outings") as batch:
        batch.alter_column("rating_a", existing_type=sa.Integer, nullable=True)
        batch.alter_column("rating_b", existing_type=sa.Integer, nullable=True)
    with op.batch_alter_table("couples") as batch:
        batch.add_column(
            sa.Column("hemisphere", sa.String(5), nullable=False, server_default="north")
        )
    with op.batch_alter_table("ideas") as batch:
        batch.add_column(sa.Column("import_batch", sa.String(40), nullable=True))
    op.execute(
        sa.text(
            "INSERT INTO schema_version (version, description, applied_at)"
            " VALUES (3, 'members, invites, optional ratings, hemisphere, import batches',"
            " CURRENT_TIMESTAMP)"
        )
    )


def downgrade() -> None:
    """Not supported: the app never goes back to an older schema."""
    raise NotImplementedError("downgrading is not supported; restore a backup instead")
