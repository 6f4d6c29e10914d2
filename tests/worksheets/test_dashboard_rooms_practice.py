"""The dashboard's rooms table and the workshop export with a practice room (issue 19).

A practice room is a room where the workbook plays one side (its ``joined`` event carries
``practice``); the store seats a hidden participant for that side, whose name is the store's
own. Wherever a room's sides are named, that side reads as the practice opponent with its
style in words, and it is never offered as a team to re-pair. The store is stood in for by the
three reads the card and the export make (rooms, their states, a room's events), so these tests
do not depend on how the store seats the opponent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast

from negotiation_lib.domain.rooms import RoomEvent, RoomState
from negotiation_lib.exports.workshop_rooms import room_tables
from negotiation_lib.store import RoomInfo, WorkshopInfo
from negotiation_lib.worksheets.dashboard_rooms import RoomsCard
from tests.class_rooms import CASE, ODD_TRAINEE, practice_room
from tests.test_debrief_rooms import CUSTOMER, SELLER, T0, VALTORA_MIDDLE, Room

if TYPE_CHECKING:
    from negotiation_lib.store import ParticipantInfo, Store

WORKSHOP = 7
HIDDEN = "workbook side 4"
"""The name the store gave the workbook's hidden participant: never shown."""


@dataclass
class _Store:
    """The store's reads of rooms, as the card and the export make them."""

    listed: list[RoomInfo]
    states: dict[int, RoomState]
    logs: dict[int, list[RoomEvent]] = field(default_factory=dict)

    def rooms(self, workshop_id: int) -> list[RoomInfo]:
        assert workshop_id == WORKSHOP
        return self.listed

    def room_states(self, workshop_id: int) -> dict[int, RoomState]:
        assert workshop_id == WORKSHOP
        return self.states

    def events_since(self, room_id: int, after_id: int = 0) -> list[RoomEvent]:
        return [e for e in self.logs[room_id] if e.id > after_id]

    def workshop(self, ref: int) -> WorkshopInfo:
        assert ref == WORKSHOP
        return WorkshopInfo(WORKSHOP, "Practice", "ABCD-EFGH", (CASE,), T0)


@dataclass(frozen=True)
class _Person:
    id: int
    name: str


def _seated(room: Room, seller: int, customer: int) -> Room:
    """The room's events with the teams' participant ids as the store lists them."""
    ids = {SELLER: seller, CUSTOMER: customer}
    room.events = [replace(e, team=ids[e.team]) if e.team is not None else e for e in room.events]
    return room


def _workshop() -> _Store:
    """Room 1: Ann and Ben, negotiating. Room 2: ODD_TRAINEE against the CPT opponent, agreed."""
    pair = _seated(Room(CASE, "Ann", "Ben"), 1, 2)
    practice = practice_room(ODD_TRAINEE, HIDDEN, {"customer": "cpt"})
    offer = practice.add("offered", SELLER, {"values": VALTORA_MIDDLE, "utility": 60})
    practice.add("accepted", CUSTOMER, {"offer": offer})
    practice = _seated(practice, 3, 4)
    listed = [
        RoomInfo(201, WORKSHOP, 1, CASE, 1, 2, "Ann", "Ben", T0),
        RoomInfo(202, WORKSHOP, 2, CASE, 3, 4, ODD_TRAINEE, HIDDEN, T0),
    ]
    return _Store(
        listed,
        {201: pair.state(), 202: practice.state()},
        {201: pair.events, 202: practice.events},
    )


def test_the_rooms_table_names_the_practice_opponent_and_never_re_pairs_it() -> None:
    store = _workshop()
    card = RoomsCard(lambda: cast("Store", store))
    card.open(WORKSHOP, "key")
    card.refresh({"Ann": 70.0, "Ben": 30.0, ODD_TRAINEE: 80.0})
    html = card.w_rooms.value
    row = html[html.index("data-room='2'") :]
    assert "<td>Practice opponent, CPT</td>" in row
    assert HIDDEN not in html
    # The trainee's name is shown as typed, never read as markup.
    assert "&lt;i&gt;Kauri&lt;/i&gt; &amp; Co" in row
    assert "<i>Kauri" not in html
    # The opponent is the workbook's: only the three teams can be chosen to re-pair.
    options = [pid for _name, pid in card.w_seller.options]
    assert sorted(options) == [1, 2, 3]
    assert sorted(pid for _name, pid in card.w_buyer.options) == [1, 2, 3]
    # The deal-room debrief below names it alike.
    rooms = card.debrief._sections[CASE].w_rooms.value
    assert "Practice opponent, CPT" in rooms
    assert HIDDEN not in rooms
    styles = card.debrief._sections[CASE].w_styles.value
    assert "Practice opponent" not in styles


def test_the_workshop_export_names_the_practice_opponent() -> None:
    store = _workshop()
    # The store does not list the workbook's participant among the workshop's people.
    people = [_Person(1, "Ann"), _Person(2, "Ben"), _Person(3, ODD_TRAINEE)]
    tables = room_tables(cast("Store", store), WORKSHOP, cast("list[ParticipantInfo]", people))
    (first, second) = tables.rooms
    assert first[2:4] == ["Ann", "Ben"]
    assert second[2:4] == [ODD_TRAINEE, "Practice opponent, CPT"]
    by_room: dict[int, list[list[Any]]] = {}
    for row in tables.events:
        by_room.setdefault(row[0], []).append(row)
    # Room 2's events: the trainee joined, the opponent joined, offered by the trainee,
    # accepted by the opponent.
    assert [row[1] for row in by_room[2]] == [
        ODD_TRAINEE,
        "Practice opponent, CPT",
        ODD_TRAINEE,
        "Practice opponent, CPT",
    ]
    assert [row[1] for row in by_room[1]] == ["Ann", "Ben"]
    listed = json.loads(json.dumps(tables.document))["rooms"]
    assert [(r["seller_team"], r["customer_team"], r["practice"]) for r in listed] == [
        ("Ann", "Ben", {}),
        (ODD_TRAINEE, "Practice opponent, CPT", {"customer": "cpt"}),
    ]
    assert HIDDEN not in json.dumps([tables.rooms, tables.disclosures], default=str)
