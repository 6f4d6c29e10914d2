"""The workshop store: saved worksheets, workshops, participants, sealed definitions, rooms.

See :mod:`negotiation_lib.store.store` for the rules every save follows and
:mod:`negotiation_lib.store.config` for where the store lives.
"""

from negotiation_lib.store.config import data_dir, database_url
from negotiation_lib.store.store import (
    BLANK_CASE,
    WAITING_MESSAGE,
    WORKSHEET_NAMES,
    ActOutcome,
    JoinedParticipant,
    NewWorkshop,
    ParticipantInfo,
    RoomInfo,
    RoomRefusedError,
    RoomSeat,
    SavedVersion,
    SaveOutcome,
    SealRecord,
    Store,
    StoreError,
    StoreUnavailableError,
    VersionInfo,
    WorkshopInfo,
)

__all__ = [
    "BLANK_CASE",
    "WAITING_MESSAGE",
    "WORKSHEET_NAMES",
    "ActOutcome",
    "JoinedParticipant",
    "NewWorkshop",
    "ParticipantInfo",
    "RoomInfo",
    "RoomRefusedError",
    "RoomSeat",
    "SaveOutcome",
    "SavedVersion",
    "SealRecord",
    "Store",
    "StoreError",
    "StoreUnavailableError",
    "VersionInfo",
    "WorkshopInfo",
    "data_dir",
    "database_url",
]
