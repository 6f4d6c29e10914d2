"""The deal-room debrief on the facilitator's dashboard, in real Chromium (issue 18, "Debrief").

A workshop on the role-play case ``valtora_brightmoor`` seats a seller team and a buyer team;
they agree through the store (an offer, a counter, an acceptance). The dashboard, opened with
the facilitator key, shows the room's agreement in the debrief table with both sides' true
utilities, and draws it on the chart against the frontier, the Nash point and the fair price.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from negotiation_lib.store import Store
from tests.browser.conftest import (
    CHART_TIMEOUT_MS,
    PAGE_TIMEOUT_MS,
    UPDATE_TIMEOUT_MS,
    Server,
    WatchedPage,
    assert_no_error_output,
    chart_data,
    save_screenshot,
)

pytestmark = pytest.mark.browser

CASE = "valtora_brightmoor"
MIDDLE = {
    "price_per_housing": 27500,
    "lead_time_weeks": 8,
    "contract_years": 3,
    "payment_terms": "60 days",
}
"""The buyer's counter, which the seller accepts: 60.5 and 67.3 utility points by hand
(tests/test_debrief_rooms.py)."""


def test_the_dashboard_debriefs_an_agreement_in_the_table_and_on_the_chart(
    watched_page: WatchedPage, server: Server
) -> None:
    store = Store(server.store_url)
    try:
        made = store.create_workshop("Deal room debrief", [CASE])
        code = made.workshop.join_code
        north = store.join(code, "Team North").participant.id  # sells
        south = store.join(code, "Team South").participant.id  # buys
        seat = store.room_for(north)
        assert seat is not None
        room = seat.room.id
        dearer = {**MIDDLE, "price_per_housing": 28250, "lead_time_weeks": 6}
        store.act(room, north, "offered", {"values": dearer, "utility": 70})
        counter = store.act(room, south, "offered", {"values": MIDDLE, "utility": 67})
        store.act(room, north, "accepted", {"offer": counter.event.id})
    finally:
        store.close()

    page = watched_page.page
    page.goto("voila/render/dashboard.ipynb", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(".nw-page", state="visible", timeout=PAGE_TIMEOUT_MS)
    assert_no_error_output(page, "dashboard")
    # Nothing of the debrief before the key opens the workshop.
    expect(page.locator(".nw-room-debrief-card")).to_be_hidden()
    page.locator(".nw-dashboard-key input").fill(made.facilitator_key)
    page.get_by_role("button", name="Open").click()

    agreed = page.locator(".nw-room-debrief tbody[data-room='1']")
    expect(agreed).to_have_attribute("data-status", "agreed", timeout=UPDATE_TIMEOUT_MS)
    expect(agreed.locator(".nw-rd-head")).to_contain_text(
        "Agreement: Price per housing 27,500 EUR per housing"
    )
    seller = agreed.locator("tr[data-side='seller']")
    buyer = agreed.locator("tr[data-side='customer']")
    expect(seller).to_contain_text("Team North")
    expect(seller.locator("td[data-column='utility']")).to_have_text("60.5 of 100")
    expect(buyer.locator("td[data-column='utility']")).to_have_text("67.3 of 100")
    expect(seller.locator("td[data-column='joint_gain']")).to_have_text("659,600 EUR per year")
    expect(seller.locator("td[data-column='offers']")).to_have_text("2")
    styles = page.locator(".nw-room-styles")
    expect(styles).to_contain_text("Not answered by the team")

    # The chart: drawn by plotly in the card, with the room's agreement as a point.
    card_chart = page.locator(".nw-room-debrief-card .nw-rd-agreements .js-plotly-plot")
    expect(card_chart).to_have_count(1, timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(
        "() => { const gd = document.querySelector("
        "'.nw-room-debrief-card .nw-rd-agreements .js-plotly-plot');"
        " return gd !== null && Array.isArray(gd.data) && gd.data.length > 0; }",
        timeout=CHART_TIMEOUT_MS,
    )
    data = chart_data(page, "1 agreement against the Pareto frontier")
    assert data is not None, "the deal rooms chart is not drawn"
    point = next(t for t in data if str(t.get("name", "")).startswith("Room 1:"))
    assert point["name"] == "Room 1: Team North and Team South"
    assert point["x"][0] == pytest.approx(60.5)
    assert point["y"][0] == pytest.approx(0.4 * (100 - 250000 / 4500) + 34 + 3.5 + 12)
    assert {"Pareto frontier", "Nash point"} <= {t.get("name") for t in data}
    expect(card_chart.locator(".main-svg").first).to_be_visible()
    save_screenshot(page, "dashboard", "deal-room-debrief")
    assert not watched_page.problems(), "\n".join(watched_page.problems())
