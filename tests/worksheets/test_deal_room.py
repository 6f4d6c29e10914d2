"""The Deal room tab without a browser: two teams' pages on one SQLite store."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import PartyDefinition, SealedDefinition
from negotiation_lib.domain.seal import amend, seal
from negotiation_lib.formatting import number
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
    assert "Walking away ends the negotiation" in buyer.w_question.value
    buyer._on_yes()
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


def _room_id(page: DealRoomPage) -> int:
    assert page.seat is not None
    return page.seat.room.id


# --------------------------------------------------------------------------- fairness pact


def test_pact_starts_at_the_cases_share_and_is_agreed_when_both_propose_it(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    store, seller, buyer = room
    fmt = reading_format(seller.doc)
    # The case proposes an even split (economics.fair_share 0.5 in the public part).
    assert seller.pact.w_share.value == format_number_input(50, fmt)
    assert "Your team has not proposed a share." in seller.pact.w_state.value
    seller.pact.w_share.value = "45"
    seller.pact.propose()
    assert "Your team proposes 45% for the seller." in seller.pact.w_state.value
    buyer.poll()
    assert "Brightmoor Energy" not in buyer.pact.w_state.value  # the seller is Valtora
    assert "Valtora Castings proposes 45% for the seller." in buyer.pact.w_state.value
    assert buyer.pact.w_agree.description == "Agree to 45%"
    assert buyer.pact.w_agree.layout.display != "none"
    assert store.room_state(_room_id(seller)).fair_share is None
    buyer.pact.agree()
    assert store.room_state(_room_id(seller)).fair_share == pytest.approx(0.45)
    seller.poll()
    for page in (seller, buyer):
        said = unescape(page.pact.w_state.value)
        assert "Pact agreed: the seller's fair share is 45% of the value created" in said
        assert "the buyer's 55%" in said
        # Both teams' own fair price now splits the gain at the agreed share.
        assert page.doc.get("economics.fair_share") == pytest.approx(0.45)
        assert page.pact.w_share.disabled
        assert page.pact.w_propose.disabled
        assert "stands" in page.pact.w_why.value


def test_pact_proposals_that_differ_agree_nothing(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    store, seller, buyer = room
    seller.pact.w_share.value = "55"
    seller.pact.propose()
    buyer.poll()
    buyer.pact.w_share.value = "50"
    buyer.pact.propose()
    seller.poll()
    assert "The proposals differ" in seller.pact.w_state.value
    assert "Brightmoor Energy proposes 50% for the seller." in seller.pact.w_state.value
    assert store.room_state(_room_id(seller)).fair_share is None
    assert seller.doc.get("economics.fair_share") == 0.5  # the case's, untouched


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("120", "120% is outside that range"),
        ("-5", "−5% is outside that range"),
        ("half", "Enter a number here"),
        ("50%", "without the % sign"),
        ("", "as a percentage from 0 to 100"),
    ],
)
def test_a_bad_share_gets_a_sentence_at_its_field_and_records_nothing(
    room: tuple[Store, DealRoomPage, DealRoomPage], typed: str, said: str
) -> None:
    store, seller, _buyer = room
    before = store.room_state(_room_id(seller)).events
    seller.pact.w_share.value = typed
    assert seller.pact.propose() is False
    assert said in message(seller.widget, "nw-at-pact-fair_share")
    state = store.room_state(_room_id(seller))
    assert state.events == before
    assert dict(state.pact_proposals) == {}


def test_pact_is_disabled_with_a_reason_once_offers_started(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    store, seller, buyer = room
    _type_offer(seller, OFFER)
    seller._on_propose()
    buyer.poll()
    for page in (seller, buyer):
        assert page.pact.w_share.disabled
        assert page.pact.w_propose.disabled
        assert "Offers have started in this room" in page.pact.w_why.value
        assert writable_traits(page.pact.w_share) == frozenset()  # the browser cannot type
    # Proposed anyway (a page that had not looked since): refused with a sentence.
    before = store.room_state(_room_id(buyer)).events
    buyer.pact.w_share.disabled = False
    buyer.pact.w_share.value = "50"
    assert buyer.pact.propose() is False
    assert "offers have started" in message(buyer.widget, "nw-at-pact-fair_share")
    assert store.room_state(_room_id(buyer)).events == before


# --------------------------------------------------------------------------- withdrawing


def test_withdraw_asks_first_then_the_other_team_sees_it_and_cannot_accept(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    store, seller, buyer = room
    assert seller.w_withdraw.layout.display == "none"  # no offer of its own yet
    _type_offer(seller, OFFER)
    seller._on_propose()
    buyer.poll()
    assert buyer.w_withdraw.layout.display == "none"  # the buyer has no offer on the table
    assert buyer.w_accept.description == "Accept offer 1"
    assert seller.w_withdraw.description == "Withdraw offer 1"
    seller._on_withdraw()
    assert "Withdraw offer 1?" in seller.w_question.value
    assert seller.w_yes.description == "Yes, withdraw it"
    assert store.room_state(_room_id(seller)).offers[0].status == "open"  # only asked
    # The buyer accepts before its page looked again: the seller withdraws first.
    seller._on_yes()
    assert "Offer withdrawn" in seller.w_action_msg.value
    assert seller.w_withdraw.layout.display == "none"
    buyer._on_accept()
    assert (
        "Team North withdrew this offer, so it can no longer be accepted."
        in buyer.w_action_msg.value
    )
    state = store.room_state(_room_id(seller))
    assert state.agreement is None
    assert state.offers[0].status == "withdrawn"
    # The buyer's page caught up: offer 1 is withdrawn, nothing is left to accept.
    assert "data-offer='1' data-status='withdrawn'" in buyer.w_offers.value
    assert buyer.w_accept.layout.display == "none"


def test_keeping_an_offer_records_nothing(room: tuple[Store, DealRoomPage, DealRoomPage]) -> None:
    store, seller, _buyer = room
    _type_offer(seller, OFFER)
    seller._on_propose()
    seller._on_withdraw()
    assert seller.w_no.description == "Keep it"
    seller.w_no.click()
    assert seller.w_confirm.layout.display == "none"
    assert store.room_state(_room_id(seller)).offers[0].status == "open"


def test_withdrawing_a_replaced_offer_is_refused_with_a_sentence(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    store, seller, _buyer = room
    _type_offer(seller, OFFER)
    seller._on_propose()
    first = seller._own_offer
    _type_offer(seller, {**OFFER, "price_per_housing": "28500"})
    seller._on_propose()
    seller._pending = ("withdraw", first)  # a confirmation asked before the newer offer
    seller._on_yes()
    assert "your newer offer replaced it" in seller.w_action_msg.value
    assert [o.status for o in store.room_state(_room_id(seller)).offers] == ["superseded", "open"]


# --------------------------------------------------------------------------- seals


def _seal(store: Store, page: DealRoomPage, minutes: int, reason: str | None = None) -> None:
    """Seal (or amend) the team's draft as its Win-win tab does, and save it."""
    side = page.side
    assert side is not None
    draft = PartyDefinition.model_validate(page.doc.get(["win_win", side]))
    records = page.doc.get(["win_win", "seals", side]) or []
    at = datetime(2026, 12, 3, 9, 0, tzinfo=UTC) + timedelta(minutes=minutes)
    if reason is None:
        sealed = seal(draft, at)
    else:
        history = [SealedDefinition.model_validate(r) for r in records]
        sealed = amend(history, draft, reason, at)
    page.doc.append(["win_win", "seals", side], sealed.model_dump(mode="json"))
    store.save(page.me, page.doc.data, "win_win")


def test_seal_then_reveal_then_amend_shows_on_the_other_page(
    room: tuple[Store, DealRoomPage, DealRoomPage],
) -> None:
    store, seller, buyer = room
    _seal(store, seller, 0)
    seller.poll()  # the page announces the seal saved from the Win-win tab
    buyer.poll()
    seal_line = buyer.w_seals.value
    sha = store.room_state(_room_id(seller)).seals_of("seller").versions[0].sha256
    assert "Valtora Castings</b>: Version 1 sealed at 09:00 UTC on 3 December 2026" in seal_line
    assert f"fingerprint {sha[:12]}" in seal_line
    assert "contents not shown yet" in seal_line
    assert "nw-dr-revealed" not in seal_line
    statement = seller.doc.get("win_win.seller.statement")
    assert statement
    assert statement not in _sent_state(buyer)

    seller._on_reveal()
    assert "revealed to the other team" in seller.w_seals.value
    buyer.poll()
    assert "Their definition (version 1)" in buyer.w_seals.value
    assert "Win threshold: " in buyer.w_seals.value

    before = seller.doc.get("win_win.seller.win_threshold")
    seller.doc.set("win_win.seller.win_threshold", before - 5)
    _seal(store, seller, 7, "Our order book filled up")
    seller.poll()
    buyer.poll()
    amended = buyer.w_seals.value
    assert "Amended to version 2</b> at 09:07 UTC on 3 December 2026" in amended
    assert "reason: Our order book filled up" in amended
    old, new = number(before, 1, trim=True), number(before - 5, 1, trim=True)
    assert f"Win threshold: {old} points → {new} points" in amended
