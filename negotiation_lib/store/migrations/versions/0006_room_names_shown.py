"""The facilitator may name the teams on the teams' round charts (DESIGN §7, "Rounds").

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``workshops.names_shown``: empty (rooms by number only) for every workshop so far."""
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(sa.Column("names_shown", sa.Boolean(), nullable=True))


def downgrade() -> None:
    """Drop ``workshops.names_shown``."""
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("names_shown")
