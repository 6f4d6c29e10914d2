"""The workbook may play one side of a deal room: a practice opponent (DESIGN §7).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``participants.practice_style``: empty for every team, set for a practice opponent."""
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("practice_style", sa.String(length=10), nullable=True))


def downgrade() -> None:
    """Drop ``participants.practice_style``."""
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("practice_style")
