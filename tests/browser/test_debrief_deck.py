"""The class debrief on the facilitator's dashboard, and its slide deck, in real Chromium.

A workshop on the role-play case ``valtora_brightmoor`` seats two rooms, each of a seller team
and a buyer team, which agree through the store, and a third where the odd team agrees with
the workbook's practice opponent (issue 19, "Class debrief against theory").
The dashboard, opened with the facilitator key, draws the class debrief's charts and exports
the slide deck; the downloaded file is opened in Chromium from the disk (``file://``): no
request leaves the file, the slides draw plotly charts, and the arrow key moves on a slide.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

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
DEARER = {**MIDDLE, "price_per_housing": 28250, "lead_time_weeks": 6}
WORKSHOP = 'Class <b>debrief</b> & "co"'

_DRAWN = """(title) => {
  const gd = Array.from(document.querySelectorAll('.nw-class-debrief .js-plotly-plot'))
    .find((g) => String((g.layout && g.layout.title && g.layout.title.text) || '')
      .includes(title));
  return gd !== undefined && Array.isArray(gd.data) && gd.data.length > 0;
}"""


def _two_rooms_that_agreed(store: Store) -> str:
    """Seat North/South and East/West, both rooms agree; then Solo, the odd team, agrees with
    the workbook's CPT practice opponent (room 3). Returns the facilitator key."""
    made = store.create_workshop(WORKSHOP, [CASE])
    code = made.workshop.join_code
    ids = {name: store.join(code, name).participant.id for name in ("North", "South")}
    ids |= {name: store.join(code, name).participant.id for name in ("East", "West")}
    for seller, buyer, package in (("North", "South", MIDDLE), ("East", "West", DEARER)):
        seat = store.room_for(ids[seller])
        assert seat is not None
        offer = store.act(seat.room.id, ids[seller], "offered", {"values": package, "utility": 65})
        store.act(seat.room.id, ids[buyer], "accepted", {"offer": offer.event.id})
    solo = store.join(code, "Solo").participant.id
    room = store.seat_practice_opponent(solo, "cpt").id
    # The opponent counters at once; Solo accepts its counter: the room's agreement.
    state = store.act(room, solo, "offered", {"values": MIDDLE, "utility": 65}).state
    counter = state.open_offer("customer")
    assert counter is not None
    agreed = store.act(room, solo, "accepted", {"offer": counter.id}).state
    assert agreed.agreement is not None
    return made.facilitator_key


def test_the_dashboard_draws_the_class_debrief_and_exports_a_deck_that_stays_offline(
    watched_page: WatchedPage, server: Server, chromium: Browser, tmp_path: Path
) -> None:
    store = Store(server.store_url)
    try:
        key = _two_rooms_that_agreed(store)
    finally:
        store.close()

    page = watched_page.page
    page.goto("voila/render/dashboard.ipynb", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(".nw-page", state="visible", timeout=PAGE_TIMEOUT_MS)
    page.locator(".nw-dashboard-key input").fill(key)
    page.get_by_role("button", name="Open").click()

    part = page.locator(".nw-class-debrief")
    expect(part).to_be_visible(timeout=UPDATE_TIMEOUT_MS)
    expect(part).to_contain_text("Class debrief")
    for title in (
        "Value left on the table",
        "Cumulative NPV of every pair",
        "Trust-based pairs against CPT-like pairs",
        "What the practice opponents earned",
    ):
        page.wait_for_function(_DRAWN, arg=title, timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(_DRAWN, arg="What the practice opponents got", timeout=CHART_TIMEOUT_MS)
    bars = chart_data(page, "Value left on the table")
    assert bars is not None
    assert bars[0]["x"][:2] == ["Room 1", "Room 2"]
    # The dearer package is further from the fair price: it leaves more on the table.
    assert 0 <= bars[0]["y"][0] < bars[0]["y"][1]
    curves = chart_data(page, "Cumulative NPV of every pair")
    assert curves is not None
    # Both kinds of room: the two pairs of teams and Solo against the practice opponent.
    names = " ".join(str(t.get("name", "")) for t in curves).replace("<br>", " ")
    assert "against the CPT practice opponent" in names
    played = chart_data(page, "What the practice opponents got")
    assert played is not None
    assert [t["name"] for t in played] == ["Teams", "Practice opponent"]
    assert any("CPT" in str(x) for x in played[0]["x"])
    practice = chart_data(page, "What the practice opponents earned")
    assert practice is not None
    assert [t["name"] for t in practice] == [
        "Valtora Castings (seller)",
        "Brightmoor Energy (buyer)",
    ]
    assert_no_error_output(page, "dashboard")
    part.scroll_into_view_if_needed()
    save_screenshot(page, "dashboard", "class-debrief")

    with page.expect_download(timeout=PAGE_TIMEOUT_MS) as info:
        part.locator(".nw-download-button", has_text="Export the slide deck").click()
    deck = tmp_path / info.value.suggested_filename
    info.value.save_as(deck)
    assert deck.name.startswith("class-debrief-class-b-debrief-b-co-")
    assert deck.suffix == ".html"
    assert not watched_page.problems(), "\n".join(watched_page.problems())

    # The deck, opened from the disk: every request it makes is recorded.
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    try:
        viewer = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        viewer.on("request", lambda r: requests.append(r.url))
        viewer.on("pageerror", lambda e: errors.append(str(e)))
        viewer.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        viewer.goto(deck.as_uri(), timeout=PAGE_TIMEOUT_MS)
        expect(viewer.locator(".slide.current h1")).to_have_text(
            'Class debrief: Class <b>debrief</b> & "co"'
        )
        expect(viewer.locator(".counter")).to_have_text("1 / 7")
        viewer.keyboard.press("ArrowRight")
        expect(viewer.locator(".counter")).to_have_text("2 / 7")
        current = viewer.locator(".slide.current")
        expect(current).to_have_attribute("data-slide", "1")
        expect(current.locator(".js-plotly-plot .main-svg").first).to_be_visible(
            timeout=CHART_TIMEOUT_MS
        )
        drawn = viewer.evaluate(
            "() => { const gd = document.querySelector('.slide.current .js-plotly-plot');"
            " return gd && gd.data ? gd.data.length : 0; }"
        )
        assert drawn > 0
        viewer.screenshot(path=str(tmp_path / "deck-slide-2.png"))
        viewer.keyboard.press("PageDown")
        expect(viewer.locator(".counter")).to_have_text("3 / 7")
        expect(viewer.locator(".slide.current .js-plotly-plot .main-svg").first).to_be_visible(
            timeout=CHART_TIMEOUT_MS
        )
        viewer.keyboard.press("ArrowLeft")
        expect(viewer.locator(".counter")).to_have_text("2 / 7")
        outside = [r for r in requests if r.startswith(("http:", "https:", "ws:", "wss:"))]
        assert not outside, outside
        assert all(r.startswith(("file:", "data:", "blob:")) for r in requests), requests
        assert not errors, errors
    finally:
        context.close()
