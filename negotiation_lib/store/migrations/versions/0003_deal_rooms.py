"""Deal rooms: rooms pairing a seller team with a customer team, and their append-only events.

The database itself refuses to change or remove a room event (a trigger on UPDATE and DELETE,
and on PostgreSQL on TRUNCATE too), so the log a debrief reads is the log that was written,
whatever code reaches the database.

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from negotiation_lib.store.tables import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_REFUSAL = "room events are append-only: they cannot be changed or removed"

_SQLITE_TRIGGERS = (
    f"""
    CREATE TRIGGER room_events_no_update BEFORE UPDATE ON room_events
    BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END
    """,
    f"""
    CREATE TRIGGER room_events_no_delete BEFORE DELETE ON room_events
    BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END
    """,
)

_POSTGRES_TRIGGERS = (
    f"""
    CREATE FUNCTION room_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{_REFUSAL}';
    END
    $$
    """,
    """
    CREATE TRIGGER room_events_no_change BEFORE UPDATE OR DELETE ON room_events
    FOR EACH ROW EXECUTE FUNCTION room_events_append_only()
    """,
    """
    CREATE TRIGGER room_events_no_truncate BEFORE TRUNCATE ON room_events
    FOR EACH STATEMENT EXECUTE FUNCTION room_events_append_only()
    """,
)


def upgrade() -> None:
    """Create ``rooms`` and ``room_events``, and the triggers that keep the events as written."""
    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workshop_id", sa.Integer(), sa.ForeignKey("workshops.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("case_name", sa.String(80), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("seller_id", sa.Integer(), sa.ForeignKey("participants.id"), nullable=True),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("participants.id"), nullable=True),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("workshop_id", "number", name="uq_room_number"),
    )
    op.create_index("ix_rooms_workshop_id", "rooms", ["workshop_id"])
    op.create_index("ix_rooms_seller_id", "rooms", ["seller_id"])
    op.create_index("ix_rooms_customer_id", "rooms", ["customer_id"])
    op.create_table(
        "room_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("room_id", sa.Integer(), sa.ForeignKey("rooms.id"), nullable=False),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey("participants.id"), nullable=True),
        sa.Column("side", sa.String(10), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_room_events_room_id", "room_events", ["room_id"])
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_TRIGGERS if dialect == "sqlite" else _POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    """Drop the rooms, their events and the triggers."""
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS room_events_no_truncate ON room_events")
        op.execute("DROP TRIGGER IF EXISTS room_events_no_change ON room_events")
        op.execute("DROP FUNCTION IF EXISTS room_events_append_only()")
    op.drop_table("room_events")
    op.drop_table("rooms")
