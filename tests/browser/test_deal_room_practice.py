"""A trainee without a partner plays the workbook's practice opponent to an agreement (issue 19).

The only team of a one-round workshop on ``valtora_brightmoor`` opens its Deal room in real
Chromium, waits, chooses the trust-based practice opponent and negotiates: it proposes the fair
package, and accepts the opponent's counter-offer if the opponent makes one, until the room
records its agreement. The opponent's moves are the room's events: the test reads them back
from the store and checks that they are the ones the page showed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from negotiation_lib.store import Store
from negotiation_lib.worksheets.deal_room.practice import PRACTICE_CHOICES
from tests.browser.conftest import Server, save_screenshot
from tests.browser.test_deal_room import CASE, SEEN_WITHIN_MS, Team, _open_team, _propose

pytestmark = pytest.mark.browser


@pytest.fixture
def lone(chromium: Browser, server: Server) -> Iterator[tuple[Store, int, Team]]:
    store = Store(server.store_url)
    made = store.create_workshop("Practice opponent", [CASE], rounds=1)
    joined = store.join(made.workshop.join_code, "Team Solo")
    team = _open_team(chromium, server, joined.resume_code)
    try:
        yield store, joined.participant.id, team
    finally:
        problems = team.watched.problems()
        team.context.close()
        store.close()
        assert not problems, "\n".join(problems)


def test_a_trainee_plays_a_practice_opponent_to_an_agreement(
    lone: tuple[Store, int, Team],
) -> None:
    store, me, team = lone
    page = team.page
    panel = page.locator(".nw-dr-practice")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Practise against the workbook")
    save_screenshot(page, "deal_room", "practice-offer")
    trust = next(label for label, style in PRACTICE_CHOICES if style == "trust")
    panel.locator("select").select_option(label=trust)
    page.get_by_role("button", name="Practise against the workbook").click()

    role = page.locator(".nw-dr-role")
    expect(role).to_contain_text(
        "You practise against the workbook's trust-based opponent, playing Brightmoor Energy",
        timeout=SEEN_WITHIN_MS,
    )
    expect(panel).to_be_hidden()
    # The trust-based opponent shares its open book as it sits down, and has sealed its
    # definition of winning.
    expect(page.locator(".nw-dr-shared")).to_contain_text("shared by Brightmoor Energy")
    expect(page.locator(".nw-dr-seals")).to_contain_text("sealed")

    _propose(page, "27250", "6", "3", "60 days")
    status = page.locator(".nw-dr-status")
    agreed = page.locator(".nw-dr-status", has_text="Agreement reached")
    accept = page.get_by_role("button", name=re.compile(r"^Accept offer \d+$"))
    # The opponent answers at once: it accepts the fair package, or counters it.
    expect(agreed.or_(accept)).to_be_visible(timeout=SEEN_WITHIN_MS)
    if not agreed.is_visible():
        accept.click()
    expect(status).to_contain_text("Agreement reached on offer", timeout=SEEN_WITHIN_MS)
    expect(page.locator(".nw-dr-propose")).to_be_hidden()

    seat = store.room_for(me)
    assert seat is not None
    state = store.room_state(seat.room.id)
    assert dict(state.practice) == {"customer": "trust"}
    agreement = state.agreement
    assert agreement is not None
    # The agreement the page announced is the one recorded, on one of both sides' offers.
    number = next(i for i, o in enumerate(state.offers, 1) if o.id == agreement.offer.id)
    expect(status).to_contain_text(f"Agreement reached on offer {number}.")
    assert {o.side for o in state.offers} <= {"seller", "customer"}
    assert any(e for e in state.shared if e.side == "customer")
    save_screenshot(page, "deal_room", "practice-agreed")
