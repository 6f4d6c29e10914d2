"""A role-play workshop runs a number of renewal rounds (DESIGN §7, "Rounds").

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``workshops.rounds``: empty for the workshops made before, which ran one round."""
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("rounds", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop ``workshops.rounds``."""
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("rounds")
