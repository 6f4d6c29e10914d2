"""The Deal room tab without a browser: two teams' pages on one SQLite store."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from negotiation_lib.document import CaseDocument
from negotiation_lib.numbers import format_number_input
from negotiation_lib.store import Store
from negotiation_lib.worksheets.client_updates import writable_traits
from negotiation_lib.worksheets.deal_room import DealRoomPage
from negotiation_lib.worksheets.inputs import reading_format
from tests.worksheets.helpers import html_of, message, models_of, walk

CASE = "valtora_brightmoor"


def _no_timer(_delay: float, _callback: Callable[[], None]) -> None:
    return None  # the tests poll by hand


@pytest.fixture
def room(tmp_path: Path) -> Iterator[tuple[Store, DealRoomPage, DealRoomPage]]:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    made = store.create_workshop("Deal room test", [CASE])
    north = store.join(made.workshop.join_code, "Team North")
    south = store.join(made.workshop.join_code, "Team South")
    pages = []
    for joined in (north, south):
        data = store.latest(joined.participant.id)
        assert data is not None
        assert data.data is not None
        doc = CaseDocument(data.data)
        pages.append(DealRoomPage(doc, store, joined.participant.id, CASE, schedule=_no_timer))
    try:
        yield store, pages[0], pages[1]
    finally:
        store.close()


def _sent_state(page: DealRoomPage) -> str:
    """Everything the page's widgets would send to the browser, as one text."""
    return json.dumps([w.get_state() for w in models_of(page.widget)], default=str)


def _type_offer(page: DealRoomPage, values: dict[str, str]) -> None:
    for name, text in values.items():
        page.offer_inputs[name].value = text


OFFER = {
    "price_per_housing": "28000",
    "lead_time_weeks": "8",
    "contract_years": "3",
    "payment_terms": "60 days",
}


def test_both_teams_see_their_role_and_each_other(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    _store, seller, buyer = room
    assert seller.side == "seller"
    assert buyer.side == "customer"
    text = html_of(seller.widget)
    assert "Valtora Castings" in text
    assert "Team South" in text
    assert "room 1" in text
    assert "Team North" in html_of(buyer.widget)
    assert "Brightmoor Energy" in html_of(buyer.widget)


def test_offer_counter_accept(room: tuple[Store, DealRoomPage, DealRoomPage]) -> None:
    store, seller, buyer = room
    _type_offer(seller, OFFER)
    seller._on_propose()
    assert "Offer sent" in seller.w_offer_msg.value
    buyer.poll()
    assert "28,000 EUR per housing" in buyer.w_offers.value
    assert buyer.w_accept.description == "Accept offer 1"
    buyer._on_counter()
    fmt = reading_format(buyer.doc)
    assert buyer.offer_inputs["price_per_housing"].value == format_number_input(28000, fmt)
    buyer.offer_inputs["price_per_housing"].value = "27000"
    buyer._on_propose()
    seller.poll()
    assert "27,000 EUR per housing" in seller.w_offers.value
    seller._on_accept()
    assert seller.state is not None
    assert seller.state.status == "agreed"
    buyer.poll()
    assert "Agreement reached on offer 2" in buyer.w_status.value
    assert store.room_state(seller.seat.room.id).agreement is not None  # type: ignore[union-attr]


def test_bad_offer_gets_a_sentence_at_its_field_and_changes_nothing(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    store, seller, _buyer = room
    _type_offer(seller, {**OFFER, "price_per_housing": "31000"})
    seller._on_propose()
    said = message(seller.widget, "nw-at-values-price_per_housing")
    assert "from 25,000 to 30,000 EUR per housing" in said
    assert store.room_state(seller.seat.room.id).offers == ()  # type: ignore[union-attr]


def test_accepting_a_replaced_offer_is_refused_with_a_sentence(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    store, seller, buyer = room
    _type_offer(seller, OFFER)
    seller._on_propose()
    buyer.poll()
    # The seller replaces its offer before the buyer's page looked again.
    _type_offer(seller, {**OFFER, "price_per_housing": "28500"})
    seller._on_propose()
    buyer._on_accept()
    assert "offer" in buyer.w_action_msg.value.lower()
    assert store.room_state(seller.seat.room.id).agreement is None  # type: ignore[union-attr]
    assert buyer.w_accept.description == "Accept offer 2"  # the page caught up


def test_shared_fact_reaches_the_other_page_and_unshared_ones_never_do(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    _store, seller, buyer = room
    path = "economics.customer_one_time_cost"
    text, _msg = buyer._fact_rows[path]
    # Prefilled with the true value, in the page's number format.
    assert text is not None
    assert text.value == format_number_input(45000, reading_format(buyer.doc))
    text.value = "50000"
    buyer._on_share(path)
    seller.poll()
    assert "50,000 EUR, once" in seller.w_shared.value
    assert "shared by Brightmoor Energy" in seller.w_shared.value
    sent = _sent_state(seller)
    # The buyer's unshared secrets: its BATNA (−260,000 EUR a year), own cost (36,000 EUR a
    # year), the true one-time cost it restated (45,000) and its definition of winning.
    for secret in (
        "260,000",
        "260000",
        "36,000",
        "36000",
        "45,000",
        "45000",
        "29,250",
        "within eight weeks",
    ):
        assert secret not in sent, secret


def test_walk_away_asks_first_then_ends_the_room(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    _store, seller, buyer = room
    buyer._on_walk()
    assert buyer.w_confirm.layout.display != "none"
    assert buyer.state is not None
    assert buyer.state.status == "negotiating"
    buyer._on_walk_confirm()
    seller.poll()
    assert "Team South" not in seller.w_status.value  # the company is named, not the team
    assert "Brightmoor Energy walked away" in seller.w_status.value
    _type_offer(seller, OFFER)
    assert seller.w_propose.layout.display == "none"


def test_every_input_is_one_the_browser_may_change(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    _store, seller, _buyer = room
    inputs: list[Any] = [
        w for w in walk(seller.widget) if isinstance(w, widgets.Text | widgets.Dropdown)
    ]
    assert inputs
    assert all(writable_traits(w) for w in inputs)
