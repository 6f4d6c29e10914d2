"""The facilitator names the teams on the teams' round charts, or keeps rooms anonymous (issue 19).

A real SQLite store: the dashboard's rooms card sets the workshop's choice, and a team's Deal
room chart then labels the other rooms with their teams' names instead of "Room n".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path

import pytest

from negotiation_lib.document import CaseDocument
from negotiation_lib.store import Store, StoreError
from negotiation_lib.worksheets.dashboard_rooms import RoomsCard
from negotiation_lib.worksheets.deal_room import DealRoomPage

CASE = "valtora_brightmoor"
FAIR = {
    "price_per_housing": 27250.0,
    "lead_time_weeks": 6.0,
    "contract_years": 3.0,
    "payment_terms": "60 days",
}


def _no_timer(_delay: float, _callback: Callable[[], None]) -> None:
    return None


@pytest.fixture
def workshop(tmp_path: Path) -> Iterator[tuple[Store, int, str, dict[str, int]]]:
    """Two rooms of a three-round workshop; both agree in round 1."""
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    made = store.create_workshop("Named rooms", [CASE], rounds=3)
    code = made.workshop.join_code
    ids = {n: store.join(code, n).participant.id for n in ("North", "South", "East", "West")}
    for seller, buyer in (("North", "South"), ("East", "West")):
        seat = store.room_for(ids[seller])
        assert seat is not None
        offer = store.act(seat.room.id, ids[seller], "offered", {"values": FAIR, "utility": 60})
        store.act(seat.room.id, ids[buyer], "accepted", {"offer": offer.event.id})
    try:
        yield store, made.workshop.id, made.facilitator_key, ids
    finally:
        store.close()


def _chart_names(store: Store, team: int) -> list[str]:
    latest = store.latest(team)
    assert latest is not None
    assert latest.data is not None
    page = DealRoomPage(CaseDocument(latest.data), store, team, CASE, schedule=_no_timer)
    try:
        seat, state, side = page.seat, page.state, page.side
        assert seat is not None
        assert state is not None
        assert side is not None
        return sorted(page.rounds._curves(seat, state, side, [1.0]))
    finally:
        page.close()


def test_rooms_are_anonymous_until_the_facilitator_names_them(
    workshop: tuple[Store, int, str, dict[str, int]],
) -> None:
    store, workshop_id, key, ids = workshop
    assert store.workshop(workshop_id).names_shown is False
    assert _chart_names(store, ids["North"]) == ["Room 2", "Your room"]
    card = RoomsCard(lambda: store)
    card.open(workshop_id, key)
    assert card.w_names.value is False
    assert card.w_names.layout.display != "none"
    card.w_names.value = True
    assert store.workshop(workshop_id).names_shown is True
    assert "now name the other rooms' teams" in unescape(card.w_names_msg.value)
    assert _chart_names(store, ids["North"]) == ["Room 2: East and West", "Your room"]
    assert _chart_names(store, ids["West"]) == ["Room 1: North and South", "Your room"]
    card.w_names.value = False
    assert _chart_names(store, ids["North"]) == ["Room 2", "Your room"]


def test_a_wrong_key_names_nothing_and_the_box_says_so(
    workshop: tuple[Store, int, str, dict[str, int]],
) -> None:
    store, workshop_id, _key, _ids = workshop
    with pytest.raises(StoreError, match="does not open this workshop"):
        store.show_room_names(workshop_id, "not-the-key", True)
    card = RoomsCard(lambda: store)
    card.open(workshop_id, "not-the-key")
    card.w_names.value = True
    assert card.w_names.value is False
    assert "does not open this workshop" in card.w_names_msg.value
    assert store.workshop(workshop_id).names_shown is False
    # Without a key (a read-only look), the choice is not offered.
    card.open(workshop_id, None)
    assert card.w_names.layout.display == "none"
