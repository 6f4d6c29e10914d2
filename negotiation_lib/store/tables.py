"""The store's tables (SQLAlchemy 2 declarative mapping).

Nothing here is ever updated in place by an edit: a save adds a row to ``case_versions`` and a
seal adds a row to ``sealed_definitions``. The schema changes only through the migrations in
``negotiation_lib/store/migrations``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "PEOPLE",
    "Base",
    "CaseVersion",
    "Participant",
    "Room",
    "RoomEventRow",
    "SealedDefinitionRow",
    "UTCDateTime",
    "Workshop",
    "canonical_document",
]


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC, on SQLite (which keeps no zone) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC; SQLite stores it without its (then implied) zone."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Read back as timezone-aware UTC."""
        if value is None:
            return None
        stamp: datetime = value
        return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class Workshop(Base):
    """A workshop: a name, the cases handed out, its join code and the hash of its key."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    cases: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when the facilitator closes the workshop: from then on its join code admits no one.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Renewal rounds its deal rooms run (DESIGN §7); empty for workshops made before rounds
    # existed, which ran a single negotiation.
    rounds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Whether the teams' round charts name the other rooms' teams (the facilitator's choice;
    # empty or false: rooms by number only).
    names_shown: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class Participant(Base):
    """A person or a team in a workshop, known by name and by the hash of a resume code."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("workshop_id", "name", name="uq_participant_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    case_name: Mapped[str] = mapped_column(String(80))
    resume_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set for the side the workbook plays in a deal room (a practice opponent, DESIGN §7):
    # its style. Such a participant has no resume code and is not one of the workshop's people.
    practice_style: Mapped[str | None] = mapped_column(String(10), nullable=True)


class CaseVersion(Base):
    """One saved version of a participant's case document (append-only)."""

    __tablename__ = "case_versions"
    __table_args__ = (UniqueConstraint("participant_id", "version", name="uq_case_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    worksheet: Mapped[str] = mapped_column(String(40))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    document: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))


class SealedDefinitionRow(Base):
    """One sealed version of a party's definition of winning (append-only)."""

    __tablename__ = "sealed_definitions"
    __table_args__ = (
        UniqueConstraint("participant_id", "party", "version", name="uq_sealed_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    party: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    record: Mapped[str] = mapped_column(Text)
    """The sealed definition as saved in the case (canonical JSON)."""
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Room(Base):
    """A deal room: one seat per side, in one workshop, on one case (issue 18).

    The seats are filled as teams are paired (the customer's stays empty while a seller team
    waits); what happens in the room is in ``room_events``.
    """

    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("workshop_id", "number", name="uq_room_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    """The room's number in its workshop (1, 2, …), as teams and the facilitator read it."""
    case_name: Mapped[str] = mapped_column(String(80))
    terms: Mapped[str] = mapped_column(Text)
    """The issues negotiated and their units, as the room was opened (canonical JSON)."""
    seller_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True, index=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id"), nullable=True, index=True
    )
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RoomEventRow(Base):
    """One event of a deal room (append-only: the database refuses UPDATE and DELETE)."""

    __tablename__ = "room_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"), nullable=True)
    """The team that acted; empty for the facilitator."""
    side: Mapped[str | None] = mapped_column(String(10), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[str] = mapped_column(Text)
    """What the event records (canonical JSON)."""
    round: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


def canonical_document(data: dict[str, Any]) -> str:
    """The JSON text a case document is stored as: sorted keys, no spaces, UTF-8 as is.

    Both :attr:`CaseVersion.document` and :attr:`SealedDefinitionRow.record` hold this text.

    Examples
    --------
    >>> canonical_document({"b": 1, "a": "é"})
    '{"a":"é","b":1}'
    """
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


PEOPLE = Participant.practice_style.is_(None)
"""The workshop's people: every participant but the sides the workbook plays."""
