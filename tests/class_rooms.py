"""Rooms of one role-play workshop for the class debrief's tests, written event by event.

Five rooms on ``valtora_brightmoor``: two pairs of trust-based teams, two of CPT teams and a
mixed pair, ending in different ways (an agreement then the room closed, five rounds agreed,
a walk-away, an agreement still in play). Their states are folded from events as the store
records them (:class:`tests.test_debrief_rooms.Room`); rounds after the first are added to
the folded state, as the renewal rounds' events will record them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from negotiation_lib.debrief_rooms import RoomsChart, workshop_room_debriefs
from negotiation_lib.domain.rooms import RoomState
from tests.test_debrief_rooms import CUSTOMER, SELLER, T0, VALTORA_MIDDLE, Room, raw

CASE = "valtora_brightmoor"
WORKSHOP_ID = 41
ODD_TEAM = '<b>Team & "Co"</b>'
"""A team name that is markup, to be shown as typed and never read as HTML."""

STYLES: dict[str, float | None] = {
    ODD_TEAM: 75.0,
    "Birch": 80.0,
    "Cedar": 62.5,
    "Dogwood": 90.0,
    "Elm": 20.0,
    "Fir": 35.0,
    "Gum": 10.0,
    "Hazel": 45.0,
    "Ivy": 70.0,
    "Juniper": 30.0,
}
"""Overall style scores: 50 or more is trust-based."""

DEARER = {**VALTORA_MIDDLE, "price_per_housing": 28250, "lead_time_weeks": 6}
CHEAPER = {**VALTORA_MIDDLE, "price_per_housing": 27000, "payment_terms": "90 days"}


@dataclass(frozen=True)
class Listed:
    """A room as the store lists it."""

    id: int
    number: int
    workshop_id: int = WORKSHOP_ID
    case_name: str = CASE
    opened_at: datetime = T0
    closed_at: datetime | None = None


def _agreed(seller: str, customer: str, package: dict[str, Any]) -> RoomState:
    room = Room(CASE, seller, customer)
    offer = room.add("offered", SELLER, {"values": package, "utility": 60})
    room.add("accepted", CUSTOMER, {"offer": offer})
    return room.state()


def _more_rounds(state: RoomState, packages: list[dict[str, Any]]) -> RoomState:
    first = state.agreements[0]
    later = [
        replace(first, round=r, offer=replace(first.offer, values=p, round=r))
        for r, p in enumerate(packages, 2)
    ]
    return replace(state, agreements=(first, *later), round=len(packages) + 1)


def workshop() -> tuple[list[Listed], dict[int, RoomState], RoomsChart]:
    """The five rooms, their states by room id, and their debrief chart."""
    walked = Room(CASE, "Elm", "Fir")
    walked.add("offered", SELLER, {"values": DEARER, "utility": 70})
    walked.add("walked_away", CUSTOMER, {"reason": "Too dear"})
    rooms = [
        Listed(101, 1, closed_at=T0),
        Listed(102, 2),
        Listed(103, 3),
        Listed(104, 4, closed_at=T0),
        Listed(105, 5),
    ]
    states = {
        101: _agreed(ODD_TEAM, "Birch", VALTORA_MIDDLE),
        102: _more_rounds(_agreed("Cedar", "Dogwood", VALTORA_MIDDLE), [VALTORA_MIDDLE] * 4),
        103: walked.state(),
        104: _agreed("Gum", "Hazel", DEARER),
        105: _agreed("Ivy", "Juniper", CHEAPER),
    }
    chart = workshop_room_debriefs(rooms, states, raw)[CASE]
    return rooms, states, chart


# --------------------------------------------------------------------------- practice rooms

ODD_TRAINEE = "<i>Kauri</i> & Co"
"""A trainee's name that is markup, for the practice rooms."""

PRACTICE_STYLES: dict[str, float | None] = {**STYLES, ODD_TRAINEE: 85.0, "Larch": 15.0}
"""The workshop's styles with the trainees of the practice rooms (Maple left unanswered)."""


def practice_room(seller: str, customer: str, practice: dict[str, str]) -> Room:
    """A room whose ``joined`` events name the side(s) the workbook plays, with its style."""
    room = Room(CASE, seller, customer)
    for k, event in enumerate(room.events[:2]):
        if event.side in practice:
            payload = {**event.payload, "practice": practice[event.side]}
            room.events[k] = replace(event, payload=payload)
    return room


def practice_workshop() -> tuple[list[Listed], dict[int, RoomState], RoomsChart]:
    """The five rooms of :func:`workshop` and three practice rooms, with their debrief chart.

    * Room 6: ODD_TRAINEE (seller, trust-based) against the CPT practice opponent: the middle
      package agreed, then the room closed.
    * Room 7: the trust-based practice opponent (seller) against Larch (CPT): the cheaper
      package agreed in rounds 1 to 3, the room open.
    * Room 8: Maple (seller, style not answered) against the CPT practice opponent: an offer,
      nothing agreed yet, the room open.
    """
    rooms, states, _chart = workshop()
    six = practice_room(ODD_TRAINEE, "Practice opponent, CPT", {"customer": "cpt"})
    offer = six.add("offered", SELLER, {"values": VALTORA_MIDDLE, "utility": 60})
    six.add("accepted", CUSTOMER, {"offer": offer})
    seven = practice_room("Practice opponent, trust-based", "Larch", {"seller": "trust"})
    offer = seven.add("offered", SELLER, {"values": CHEAPER, "utility": 55})
    seven.add("accepted", CUSTOMER, {"offer": offer})
    eight = practice_room("Maple", "Practice opponent, CPT", {"customer": "cpt"})
    eight.add("offered", SELLER, {"values": DEARER, "utility": 70})
    rooms = [*rooms, Listed(106, 6, closed_at=T0), Listed(107, 7), Listed(108, 8)]
    states = {
        **states,
        106: six.state(),
        107: _more_rounds(seven.state(), [CHEAPER] * 2),
        108: eight.state(),
    }
    chart = workshop_room_debriefs(rooms, states, raw)[CASE]
    return rooms, states, chart
