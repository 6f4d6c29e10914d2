"""The deal rooms of a workshop, for its export: each room's outcome and every room event.

:func:`room_tables` reads a workshop's rooms from the store and debriefs each one against its
role-play case's truth (:func:`negotiation_lib.debrief_rooms.room_debrief`). It gives the rows
of three sheets of the workshop's Excel workbook and the ``rooms.json`` of its zip:

- *Rooms*: one row per room: its number, case, both teams, status, the agreed package and,
  by the case's truth, both sides' utilities, values per period and NPVs, the joint gain, the
  seller's share, the value left on the table, the offers exchanged, the time to agree, the
  goalposts moved and the disclosures that differed from the truth;
- *Room events*: every event of every room, in order: room, team, side, what happened, its
  payload (as JSON) and when;
- *Room disclosures*: every fact shared, with the value stated and the true value.

The export is the facilitator's: it holds both sides' true figures. A side the workbook
played (a practice opponent, DESIGN §7) is named by its style wherever a team's name goes
(:func:`~negotiation_lib.debrief_rooms.side_name`), and ``rooms.json`` says which side it
played (``practice``: side → style).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from negotiation_lib.datasets import case_title, load_role_play_case
from negotiation_lib.debrief_rooms import RoomDebrief, room_debrief, side_name
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.rooms import RoomEvent, RoomState, Side
from negotiation_lib.store import ParticipantInfo, RoomInfo, Store
from negotiation_lib.vocabulary import party_label

__all__ = [
    "DISCLOSURE_HEADER",
    "EVENT_HEADER",
    "EVENT_LABELS",
    "ROOM_FORMATS",
    "ROOM_HEADER",
    "STATUS_LABELS",
    "RoomTables",
    "room_tables",
]

ROOM_HEADER = (
    "Room",
    "Case",
    "Seller team",
    "Customer team",
    "Status",
    "Agreement",
    "Currency of the case",
    "Seller's true utility (0–100)",
    "Customer's true utility (0–100)",
    "Seller's profit per period, or BATNA without agreement (currency)",
    "Customer's net benefit per period, or BATNA without agreement (currency)",
    "Seller's NPV (currency)",
    "Customer's NPV (currency)",
    "Joint gain over both BATNAs per period (currency)",
    "Seller's share of the joint gain",
    "Value left on the table (utility points each)",
    "Offers exchanged (count)",
    "Time to agree (minutes)",
    "Seller moved its goalposts after showing them (count)",
    "Customer moved its goalposts after showing them (count)",
    "Disclosures that differed from the truth (count)",
    "Opened (UTC)",
    "Closed (UTC)",
)
"""The header of the Rooms sheet."""

ROOM_FORMATS = {7: "0.0", 8: "0.0", 14: "0%", 15: "0.0", 17: "0.0"} | {
    i: "#,##0.00" for i in range(9, 14)
}
"""Excel number formats of the Rooms sheet, by column."""

EVENT_HEADER = ("Room", "Team", "Side", "What happened", "Payload (JSON)", "Time (UTC)")
"""The header of the Room events sheet."""

DISCLOSURE_HEADER = (
    "Room",
    "Team",
    "Side",
    "Fact",
    "Value stated",
    "True value",
    "Differs from the truth",
    "Shared at (UTC)",
)
"""The header of the Room disclosures sheet."""

EVENT_LABELS = {
    "joined": "Joined the room",
    "shared": "Shared a fact",
    "sealed": "Sealed its definition of winning",
    "amended": "Amended its definition of winning",
    "revealed": "Showed its definition of winning",
    "pact": "Proposed a fair share",
    "offered": "Offered a package",
    "withdrawn": "Withdrew an offer",
    "accepted": "Accepted an offer",
    "walked_away": "Walked away",
    "closed": "Room closed by the facilitator",
    "round_closed": "Renewal drawn",
}
"""Each event kind as the sheet says it."""

STATUS_LABELS = {
    "waiting": "Waiting for a counterpart",
    "negotiating": "Negotiating",
    "agreed": "Agreed",
    "walked_away": "Walked away",
    "closed": "Closed without agreement",
}
"""Each room status as the sheet says it."""


@dataclass(frozen=True, slots=True)
class RoomTables:
    """The rows of the rooms' sheets and the ``rooms.json`` document of a workshop's export."""

    rooms: list[list[Any]]
    events: list[list[Any]]
    disclosures: list[list[Any]]
    document: dict[str, Any]


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def _debrief(room: RoomInfo, state: RoomState) -> RoomDebrief | None:
    """The room's debrief, or ``None`` when its case can no longer be read."""
    try:
        document = load_role_play_case(room.case_name)
    except CaseError:
        return None
    return room_debrief(state, document, number=room.number, started_at=room.opened_at)


def _name(room: RoomInfo, state: RoomState, side: Side) -> str | None:
    """A side's name: its team's, or the practice opponent's by its style."""
    return side_name(state, side) if side in state.practice else room.name(side)


def _team(e: RoomEvent, state: RoomState, names: Mapping[int, str]) -> str:
    """Who made an event: a team by name, the practice opponent by its style, the workbook."""
    if e.team is None:
        # A renewal is drawn by the workbook, not by the facilitator.
        return "The workbook" if e.kind == "round_closed" else "Facilitator"
    if e.side is not None and e.side in state.practice and state.teams.get(e.side) == e.team:
        return side_name(state, e.side)
    return names.get(e.team, "")


def _room_row(room: RoomInfo, state: RoomState, d: RoomDebrief | None) -> list[Any]:
    currency = state.terms.currency
    head: list[Any] = [
        room.number,
        case_title(room.case_name),
        _name(room, state, "seller"),
        _name(room, state, "customer"),
    ]
    if d is None:
        return [*head, None, None, currency, *([None] * 14), room.opened_at, room.closed_at]
    minutes = None if d.seconds_to_agree is None else d.seconds_to_agree / 60
    return [
        *head,
        STATUS_LABELS.get(d.status, d.status),
        d.package_text or None,
        currency,
        d.seller.utility,
        d.customer.utility,
        d.seller.value_per_period,
        d.customer.value_per_period,
        d.seller.npv,
        d.customer.npv,
        d.joint_gain_per_period,
        d.seller_share,
        d.value_left,
        d.offers,
        minutes,
        d.seller.goalposts_moved,
        d.customer.goalposts_moved,
        len(d.misstated),
        room.opened_at,
        room.closed_at,
    ]


def _room_json(
    room: RoomInfo, state: RoomState, d: RoomDebrief | None, events: list[RoomEvent]
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": room.number,
        "case": room.case_name,
        "seller_team": _name(room, state, "seller"),
        "customer_team": _name(room, state, "customer"),
        "practice": dict(state.practice),
        "opened_at": _iso(room.opened_at),
        "closed_at": _iso(room.closed_at),
        "events": [
            {
                "id": e.id,
                "kind": e.kind,
                "side": e.side,
                "team": e.team,
                "round": e.round,
                "payload": dict(e.payload),
                "at": _iso(e.at),
            }
            for e in events
        ],
    }
    if d is not None:
        out |= {
            "status": d.status,
            "agreement": None if d.package is None else dict(d.package),
            "seller_utility": d.seller.utility,
            "customer_utility": d.customer.utility,
            "seller_value_per_period": d.seller.value_per_period,
            "customer_value_per_period": d.customer.value_per_period,
            "seller_npv": d.seller.npv,
            "customer_npv": d.customer.npv,
            "joint_gain_per_period": d.joint_gain_per_period,
            "seller_share": d.seller_share,
            "value_left_on_table": d.value_left,
            "offers": d.offers,
            "seconds_to_agree": d.seconds_to_agree,
            "goalposts_moved": {
                "seller": d.seller.goalposts_moved,
                "customer": d.customer.goalposts_moved,
            },
            "disclosures": [
                {"side": x.side, "path": x.path, "stated": x.stated, "true": x.true}
                for x in d.disclosures
            ],
        }
    return out


def room_tables(
    store: Store, workshop_id: int, people: list[ParticipantInfo] | None = None
) -> RoomTables:
    """Read a workshop's rooms and events and debrief each room (see the module docstring).

    Parameters
    ----------
    store
        The workshop store.
    workshop_id
        The workshop.
    people
        Its participants (read from the store when not given), to name the teams.
    """
    names: Mapping[int, str] = {
        p.id: p.name for p in (people if people is not None else store.participants(workshop_id))
    }
    states = store.room_states(workshop_id)
    rooms, events, disclosures, listed = [], [], [], []
    for room in store.rooms(workshop_id):
        state = states[room.id]
        d = _debrief(room, state)
        rooms.append(_room_row(room, state, d))
        log = store.events_since(room.id)
        for e in log:
            team = _team(e, state, names)
            side = None if e.side is None else party_label(e.side)
            payload = json.dumps(dict(e.payload), ensure_ascii=False, sort_keys=True)
            events.append(
                [room.number, team, side, EVENT_LABELS.get(e.kind, e.kind), payload, e.at]
            )
        for x in () if d is None else d.disclosures:
            disclosures.append(
                [
                    room.number,
                    x.team,
                    party_label(x.side),
                    x.label,
                    x.stated_shown,
                    x.true_shown,
                    "yes" if x.differs else "no",
                    x.at,
                ]
            )
        listed.append(_room_json(room, state, d, log))
    return RoomTables(rooms, events, disclosures, {"rooms": listed})
