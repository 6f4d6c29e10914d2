"""Renewal rounds in real Chromium: two teams play a three-round deal room to its end (issue 19).

The workshop runs R = 3 rounds on the role-play case ``valtora_brightmoor``. The renewal is
drawn from the room's seed (its workshop's and its own id), so the test makes workshops until
the room's draws for rounds 1 and 2 (:func:`renewal_draws`) fall below the retention of the
package the teams agree (worked out by hand from the case file): the room then renews twice
and ends after round 3, without anything mocked. Values are worked out by hand
(:func:`tests.domain.test_rounds._by_hand`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pytest
from playwright.sync_api import Browser, expect

from negotiation_lib.domain.rooms import renewal_draws, seed_of
from negotiation_lib.formatting import money, number, percent
from negotiation_lib.store import Store
from tests.browser.conftest import Server, chart_data, wait_for_charts
from tests.browser.test_deal_room import CASE, SEEN_WITHIN_MS, Team, _open_team, _propose
from tests.domain.test_rounds import VALTORA, _by_hand

pytestmark = pytest.mark.browser

ROUNDS = 3
PRICE = 27250.0


@dataclass
class Room:
    store: Store
    seed: int
    seller: Team
    buyer: Team


@pytest.fixture
def room(chromium: Browser, server: Server) -> Iterator[Room]:
    store = Store(server.store_url)
    retention = _by_hand(VALTORA, PRICE)[2]
    for attempt in range(30):
        made = store.create_workshop(f"Renewal rounds {attempt}", [CASE], rounds=ROUNDS)
        north = store.join(made.workshop.join_code, "Team North")
        south = store.join(made.workshop.join_code, "Team South")
        seat = store.room_for(north.participant.id)
        assert seat is not None
        seed = seed_of(made.workshop.id, seat.room.id)
        if np.all(renewal_draws(seed, ROUNDS)[: ROUNDS - 1] < retention):
            break
    else:  # pragma: no cover
        pytest.fail("no renewing room in 30 workshops")
    seller = _open_team(chromium, server, north.resume_code)
    buyer = _open_team(chromium, server, south.resume_code)
    try:
        yield Room(store, seed, seller, buyer)
    finally:
        for team in (seller, buyer):
            problems = team.watched.problems()
            team.context.close()
            assert not problems, "\n".join(problems)
        store.close()


def _cumulative() -> tuple[list[float], list[float]]:
    """Each side's cumulative NPV after rounds 1 to 3 at the agreed package, by hand."""
    profit, benefit, _ = _by_hand(VALTORA, PRICE)
    rel, econ = VALTORA["relationship"], VALTORA["economics"]
    k = (1 + rel["growth_rate"]) / (1 + rel["discount_rate"])
    seller = [profit * k**t for t in range(ROUNDS)]
    customer = [benefit * k**t for t in range(ROUNDS)]
    seller[0] -= econ["seller_one_time_cost"]
    customer[0] -= econ["customer_one_time_cost"]
    return np.cumsum(seller).tolist(), np.cumsum(customer).tolist()


def test_two_teams_play_three_rounds_to_the_end(room: Room) -> None:
    seller, buyer = room.seller.page, room.buyer.page
    retention = _by_hand(VALTORA, PRICE)[2]
    draws = renewal_draws(room.seed, ROUNDS)
    expect(seller.locator(".nw-dr-rounds")).to_contain_text(f"Round 1 of {ROUNDS}")
    for r in range(1, ROUNDS + 1):
        _propose(seller, "27250", "6", "3", "60 days")
        expect(seller.locator(".nw-dr-offer-msg")).to_contain_text("Offer sent")
        accept = buyer.get_by_role("button", name=f"Accept offer {r}")
        expect(accept).to_be_visible(timeout=SEEN_WITHIN_MS)
        accept.click()
        if r == ROUNDS:
            break
        renewal = (
            f"Round {r} renewed: {percent(retention, 0)} chance of renewal at this split, "
            f"drawn {number(float(draws[r - 1]), 2)}."
        )
        for page in (buyer, seller):
            box = page.locator(".nw-dr-rounds")
            expect(box).to_contain_text(renewal, timeout=SEEN_WITHIN_MS)
            expect(box).to_contain_text(f"Round {r + 1} of {ROUNDS}")
            expect(box).to_contain_text(f"starts from round {r}'s agreement")
            expect(box).to_contain_text("27,250 EUR per housing")
        # The last agreement is the new round's starting point, in the offer form.
        expect(seller.locator(".nw-at-values-payment_terms select")).to_have_value("60 days")
        expect(seller.locator(".nw-dr-offer-msg")).to_contain_text(
            f"Round {r + 1}: the last agreement is in the form"
        )
    seller_cum, customer_cum = _cumulative()
    for page in (buyer, seller):
        box = page.locator(".nw-dr-rounds")
        expect(box).to_contain_text(
            "All rounds are played: the room has ended.", timeout=SEEN_WITHIN_MS
        )
        expect(box).to_contain_text(money(seller_cum[-1], "EUR", 0))
        expect(box).to_contain_text(money(customer_cum[-1], "EUR", 0))
        expect(page.locator(".nw-dr-propose")).to_be_hidden()
    # The seller's chart: its own cumulative NPV after each of the three rounds.
    wait_for_charts(seller, 1)
    data = chart_data(seller, "cumulative NPV")
    assert data is not None
    own = next(trace for trace in data if trace.get("name") == "Your room")
    assert own["y"] == pytest.approx(seller_cum, rel=1e-9)
