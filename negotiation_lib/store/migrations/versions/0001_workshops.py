"""Workshops, participants, versioned case documents and sealed definitions.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from negotiation_lib.store.tables import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the four tables."""
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("join_code", sa.String(16), nullable=False, unique=True),
        sa.Column("key_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("cases", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workshop_id", sa.Integer(), sa.ForeignKey("workshops.id"), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("case_name", sa.String(80), nullable=False),
        sa.Column("resume_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("workshop_id", "name", name="uq_participant_name"),
    )
    op.create_index("ix_participants_workshop_id", "participants", ["workshop_id"])
    op.create_table(
        "case_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey("participants.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("worksheet", sa.String(40), nullable=False),
        sa.Column("saved_at", UTCDateTime(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.UniqueConstraint("participant_id", "version", name="uq_case_version"),
    )
    op.create_index("ix_case_versions_participant_id", "case_versions", ["participant_id"])
    op.create_table(
        "sealed_definitions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey("participants.id"), nullable=False),
        sa.Column("party", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("sealed_at", UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("participant_id", "party", "version", name="uq_sealed_version"),
    )
    op.create_index(
        "ix_sealed_definitions_participant_id", "sealed_definitions", ["participant_id"]
    )


def downgrade() -> None:
    """Drop the four tables."""
    op.drop_table("sealed_definitions")
    op.drop_table("case_versions")
    op.drop_table("participants")
    op.drop_table("workshops")
