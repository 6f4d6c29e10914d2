"""A workshop can be closed: its join code stops working, its participants keep their work.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from negotiation_lib.store.tables import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``workshops.closed_at`` (empty for every workshop still open)."""
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("closed_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    """Drop ``workshops.closed_at``."""
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("closed_at")
