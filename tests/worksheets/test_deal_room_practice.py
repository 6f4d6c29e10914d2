"""A waiting team's Deal room offers a practice opponent, without a browser (issue 19).

The page shows the offer only while the team waits; choosing a style seats the workbook on the
empty side, and the page then reads as a practice, with the opponent's moves shown like a
team's. Nothing of the opponent's side that it did not share reaches the page's widgets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path

import ipywidgets as widgets
import pytest

from negotiation_lib.document import CaseDocument
from negotiation_lib.store import Store
from negotiation_lib.worksheets.deal_room import DealRoomPage
from tests.worksheets.helpers import html_of
from tests.worksheets.role_play_secrets import leaked, widget_states

CASE = "valtora_brightmoor"


def _no_timer(_delay: float, _callback: Callable[[], None]) -> None:
    return None  # the tests poll by hand


@pytest.fixture
def lone(tmp_path: Path) -> Iterator[tuple[Store, DealRoomPage, int]]:
    """The only team of a workshop, waiting on the seller's side, and its page."""
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    made = store.create_workshop("Practice", [CASE], rounds=2)
    team = store.join(made.workshop.join_code, "Team Solo").participant.id
    latest = store.latest(team)
    assert latest is not None
    assert latest.data is not None
    page = DealRoomPage(CaseDocument(latest.data), store, team, CASE, schedule=_no_timer)
    try:
        yield store, page, team
    finally:
        page.close()
        store.close()


def _shown(widget: widgets.DOMWidget) -> bool:
    return bool(widget.layout.display != "none")


def test_the_offer_shows_while_waiting_and_seats_the_chosen_style(
    lone: tuple[Store, DealRoomPage, int],
) -> None:
    store, page, team = lone
    assert _shown(page.practice.widget)
    assert "Practise against the workbook" in page.practice.w_start.description
    page.practice.w_style.value = "cpt"
    assert page.practice.start()
    seat = store.room_for(team)
    assert seat is not None
    assert dict(store.room_state(seat.room.id).practice) == {"customer": "cpt"}
    # The page now reads as a practice, the offer gone, the room's cards shown.
    assert not _shown(page.practice.widget)
    role = re.sub(r"<[^>]+>", "", unescape(html_of(page.w_role)))
    assert "You practise against the workbook's CPT opponent, playing Brightmoor Energy" in role
    assert "Room 1: no other team yet" not in role
    assert page.state is not None
    assert page.state.paired


def test_the_opponents_answer_reaches_the_page_as_a_teams_would(
    lone: tuple[Store, DealRoomPage, int],
) -> None:
    _store, page, _team = lone
    page.practice.w_style.value = "cpt"
    assert page.practice.start()
    offer = {
        "price_per_housing": "29000",
        "lead_time_weeks": "8",
        "contract_years": "1",
        "payment_terms": "30 days",
    }
    for name, text in offer.items():
        page.offer_inputs[name].value = text
    page._on_propose()
    assert page.state is not None
    # The CPT customer counters at once (its target at step 1 is far above this package).
    assert [o.side for o in page.state.offers] == ["seller", "customer"]
    offers_html = unescape(html_of(page.w_offers))
    assert (
        "data-offer='2' data-status='open'><td>2</td><td>1</td><td>Brightmoor Energy" in offers_html
    )
    assert page.w_accept.disabled is False
    # A CPT opponent shares nothing: no private fact of the customer's side is in any widget
    # state the seller's page sends. Its definition of winning is left out of this search: its
    # scoring points (25,000, 29,500 EUR) are also the price range's end and a point of the
    # seller's own definition, which the page rightly shows; the other side's utility of an
    # offer never appears (the table scores offers by the team's own definition only).
    assert not page.state.shared
    hits = [
        h
        for h in leaked(widget_states(page.widget), CASE)
        if h.startswith("customer:") and "definition of winning" not in h
    ]
    assert hits == []
    assert "Their score" not in offers_html


def test_a_style_the_page_does_not_offer_is_refused_at_the_field(
    lone: tuple[Store, DealRoomPage, int],
) -> None:
    store, page, team = lone
    problem = page._seat_practice("hardball")
    assert problem is not None
    assert "CPT or trust-based" in problem
    seat = store.room_for(team)
    assert seat is not None
    assert seat.waiting
    assert _shown(page.practice.widget)
