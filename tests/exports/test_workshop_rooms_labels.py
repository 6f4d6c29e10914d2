"""Every event a room can record has a label in the workshop export: no raw name reaches a sheet."""

from __future__ import annotations

from negotiation_lib.domain.rooms import EVENT_KINDS
from negotiation_lib.exports.workshop_rooms import EVENT_LABELS


def test_every_room_event_kind_has_a_label_in_the_export() -> None:
    missing = [k for k in EVENT_KINDS if k not in EVENT_LABELS]
    assert missing == []
    assert all(label and "_" not in label for label in EVENT_LABELS.values())
