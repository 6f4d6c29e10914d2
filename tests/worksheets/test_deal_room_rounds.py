"""The Deal room's renewal rounds without a browser: two teams' pages on one SQLite store.

Round, renewal and cumulative NPV as both teams read them; values worked out by hand from the
case file (:func:`tests.domain.test_rounds._by_hand`), never by the code under test.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path

import numpy as np
import pytest

from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.rooms import seed_of
from negotiation_lib.formatting import money, number, percent
from negotiation_lib.store import Store
from negotiation_lib.worksheets.deal_room import DealRoomPage
from tests.domain.test_rounds import VALTORA, _by_hand
from tests.worksheets.helpers import html_of, models_of

CASE = "valtora_brightmoor"
PRICE = 27250.0
OFFER = {
    "price_per_housing": "27250",
    "lead_time_weeks": "6",
    "contract_years": "3",
    "payment_terms": "60 days",
}


def _no_timer(_delay: float, _callback: Callable[[], None]) -> None:
    return None  # the tests poll by hand


def _page(store: Store, participant: int) -> DealRoomPage:
    data = store.latest(participant)
    assert data is not None
    assert data.data is not None
    return DealRoomPage(CaseDocument(data.data), store, participant, CASE, schedule=_no_timer)


Room = tuple[Store, DealRoomPage, DealRoomPage, int]


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    """Room 1 of a 3-round workshop whose draws renew at the fair price (found by looking)."""
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    retention = _by_hand(VALTORA, PRICE)[2]
    for attempt in range(30):
        made = store.create_workshop(f"Rounds {attempt}", [CASE], rounds=3)
        north = store.join(made.workshop.join_code, "Team North").participant.id
        south = store.join(made.workshop.join_code, "Team South").participant.id
        seat = store.room_for(north)
        assert seat is not None
        seed = seed_of(made.workshop.id, seat.room.id)
        if np.all(np.random.default_rng(seed).random(3)[:2] < retention):
            break
    else:  # pragma: no cover
        pytest.fail("no renewing room in 30 workshops")
    try:
        yield store, _page(store, north), _page(store, south), seed
    finally:
        store.close()


def _sent_state(page: DealRoomPage) -> str:
    return json.dumps([w.get_state() for w in models_of(page.widget)], default=str)


def _play_round(seller: DealRoomPage, buyer: DealRoomPage) -> None:
    for name, text in OFFER.items():
        seller.offer_inputs[name].value = text
    seller._on_propose()
    buyer.poll()
    buyer._on_accept()
    seller.poll()
    buyer.poll()


def _cumulative(rounds: int) -> tuple[list[float], list[float]]:
    profit, benefit, _ = _by_hand(VALTORA, PRICE)
    rel, econ = VALTORA["relationship"], VALTORA["economics"]
    k = (1 + rel["growth_rate"]) / (1 + rel["discount_rate"])
    seller = [profit * k**t for t in range(rounds)]
    customer = [benefit * k**t for t in range(rounds)]
    seller[0] -= econ["seller_one_time_cost"]
    customer[0] -= econ["customer_one_time_cost"]
    return np.cumsum(seller).tolist(), np.cumsum(customer).tolist()


def test_both_teams_read_the_renewal_and_the_next_round(room: Room) -> None:
    _store, seller, buyer, seed = room
    assert "Round 1 of 3" in html_of(seller.widget)
    _play_round(seller, buyer)
    retention = _by_hand(VALTORA, PRICE)[2]
    draw = np.random.default_rng(seed).random(3)[0]
    sentence = (
        f"Round 1 renewed: {percent(retention, 0)} chance of renewal at this split, drawn "
        f"{number(draw, 2)}."
    )
    seller_cum, customer_cum = _cumulative(3)
    for page in (seller, buyer):
        text = unescape(page.rounds.w_text.value)
        assert "Round 2 of 3" in text
        assert sentence in text
        assert "starts from round 1's agreement" in text
        assert "27,250 EUR per housing" in text
    assert money(seller_cum[0], "EUR", 0) in unescape(seller.rounds.w_text.value)
    assert money(customer_cum[0], "EUR", 0) in unescape(buyer.rounds.w_text.value)
    # While the room goes on, neither side's page holds the other side's NPV.
    assert money(customer_cum[0], "EUR", 0) not in unescape(_sent_state(seller))
    assert money(seller_cum[0], "EUR", 0) not in unescape(_sent_state(buyer))
    assert seller.state is not None
    assert seller.state.takes_offers
    # The offers list says which round each offer was made in.
    assert "<th>Round</th>" in seller.w_offers.value
    assert "<tr data-offer='1' data-status='accepted'><td>1</td><td>1</td>" in seller.w_offers.value
    # The new round starts from the last agreement: it is in both teams' offer forms.
    for page in (seller, buyer):
        assert page.offer_inputs["payment_terms"].value == "60 days"
        assert "27" in page.offer_inputs["price_per_housing"].value
        assert "Round 2: the last agreement is in the form" in page.w_offer_msg.value


def test_three_rounds_end_the_room_with_both_sides_cumulative_npv(room: Room) -> None:
    store, seller, buyer, _seed = room
    for _ in range(3):
        _play_round(seller, buyer)
    seller_cum, customer_cum = _cumulative(3)
    for page in (seller, buyer):
        text = unescape(page.rounds.w_text.value)
        assert "All rounds are played: the room has ended." in text
        assert money(seller_cum[2], "EUR", 0) in text
        assert money(customer_cum[2], "EUR", 0) in text
        assert "Round 3 of 3" in text
    assert seller.w_form.layout.display == "none"  # no more offers
    figure = seller.rounds.chart.figure
    assert figure is not None
    own = next(t for t in figure.data if t.name == "Your room")
    assert list(own.y) == pytest.approx(seller_cum, rel=1e-9)
    assert store.room_state(seller.seat.room.id).ended == "all rounds played"  # type: ignore[union-attr]


def test_the_chart_shows_the_other_rooms_by_number_only(room: Room) -> None:
    store, seller, buyer, _seed = room
    assert seller.seat is not None
    workshop = store.workshop(seller.seat.room.workshop_id)
    east = store.join(workshop.join_code, "Team East").participant.id
    west = store.join(workshop.join_code, "Team West").participant.id
    seat = store.room_for(east)
    assert seat is not None
    values = {
        "price_per_housing": 29000,
        "lead_time_weeks": 6,
        "contract_years": 3,
        "payment_terms": "60 days",
    }
    offer = store.act(seat.room.id, east, "offered", {"values": values, "utility": 70})
    store.act(seat.room.id, west, "accepted", {"offer": offer.event.id})
    _play_round(seller, buyer)
    figure = seller.rounds.chart.figure
    assert figure is not None
    names = {t.name for t in figure.data}
    assert names == {"Your room", "Room 2"}
    assert "Team East" not in _sent_state(seller)


def test_a_walk_away_in_round_two_ends_the_room_with_the_batna_after_it(room: Room) -> None:
    store, seller, buyer, _seed = room
    _play_round(seller, buyer)
    assert buyer.seat is not None
    store.act(buyer.seat.room.id, buyer.me, "walked_away", {})
    seller.poll()
    buyer.poll()
    profit, benefit, _ = _by_hand(VALTORA, PRICE)
    rel, econ = VALTORA["relationship"], VALTORA["economics"]
    k = (1 + rel["growth_rate"]) / (1 + rel["discount_rate"])
    seller_total = (
        profit - econ["seller_one_time_cost"] + rel["seller_batna_per_period"] * (k + k**2)
    )
    buyer_total = (
        benefit - econ["customer_one_time_cost"] + rel["customer_batna_per_period"] * (k + k**2)
    )
    seller_text = unescape(seller.rounds.w_text.value)
    assert "Team South walked away, so the room has ended" in seller_text
    assert "You walked away" in unescape(buyer.rounds.w_text.value)
    for page in (seller, buyer):
        text = unescape(page.rounds.w_text.value)
        assert "after 3 of 3 rounds" in text
        assert money(seller_total, "EUR", 0) in text
        assert money(buyer_total, "EUR", 0) in text


def test_a_single_round_workshop_shows_no_rounds(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'one.sqlite3'}")
    try:
        made = store.create_workshop("One round", [CASE])
        north = store.join(made.workshop.join_code, "Team North").participant.id
        store.join(made.workshop.join_code, "Team South")
        page = _page(store, north)
        assert page.rounds.widget.layout.display == "none"
        assert "Round 1 of" not in html_of(page.widget)
    finally:
        store.close()
