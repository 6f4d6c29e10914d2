"""Honest seals and honest progress in real Chromium (issue 16, points 2 and 3).

A definition of winning can be sealed only when it is complete, and the page says what is
missing beside the disabled seal button; a workshop hands its sample cases out with nothing
sealed, and its dashboard counts only what the participants did (0 % and nobody's win-win at
the start); the dashboard refreshes itself on a visible interval the facilitator can pause.
"""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from negotiation_lib.store import Store
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    UPDATE_TIMEOUT_MS,
    Server,
    WatchedPage,
    assert_no_error_output,
    field_input,
    save_screenshot,
    saved_version,
    tile,
    version_now,
)

CASE = "pumpco_acme_foods"
WEIGHT = "win_win.seller.weights.payment_terms"


def _open(page: Page, path: str) -> None:
    page.goto(path, timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(".nw-page", state="visible", timeout=PAGE_TIMEOUT_MS)
    assert_no_error_output(page, path)


def _joined_tile_is(page: Page, value: str, timeout_ms: int) -> None:
    page.wait_for_function(
        "(value) => { const el = document.querySelector("
        "'.nw-tile[data-kpi=\"joined\"] .nw-tile-value');"
        " return el !== null && el.innerText.trim() === value; }",
        arg=value,
        timeout=timeout_ms,
    )


def test_an_incomplete_definition_cannot_be_sealed_until_completed(
    watched_page: WatchedPage, server: Server
) -> None:
    store = Store(server.store_url)
    made = store.create_workshop("Sealing only what is complete", [CASE])
    joined = store.join(made.workshop.join_code, "Team Incomplete")
    pid = joined.participant.id
    page = watched_page.page
    _open(page, f"voila/render/win_win.ipynb?resume={joined.resume_code}")
    version = version_now(page)
    seller = page.locator(".nw-ww-party-seller")
    seal = seller.get_by_role("button", name="Seal this definition")
    missing = seller.locator(".nw-ww-seal-missing")
    # Handed out as a complete draft, not sealed: the trainee may seal it as it is.
    expect(seal).to_be_enabled()
    assert "Draft, not sealed" in seller.locator(".nw-ww-state").inner_text()

    field_input(page, WEIGHT).fill("")  # payment terms left without a weight
    version = saved_version(page, version)
    expect(seal).to_be_disabled()
    expect(missing).to_have_text("Missing: weights for Payment terms.")
    seal.click(force=True)  # a disabled button sends nothing; nor would the kernel take it
    page.wait_for_timeout(1500)
    assert store.seals(pid)["seller"] == []
    latest = store.latest(pid)
    assert latest is not None
    assert latest.data is not None
    assert "payment_terms" not in latest.data["win_win"]["seller"]["weights"]
    assert "seals" not in latest.data["win_win"]
    save_screenshot(page, "win_win", "seal-missing")

    field_input(page, WEIGHT).fill("1")
    expect(seal).to_be_enabled()
    expect(missing).to_have_text("")
    version = saved_version(page, version)
    seal.click()
    saved_version(page, version)
    (sealed,) = store.seals(pid)["seller"]
    assert sealed.version == 1
    assert sealed.sealed["definition"]["weights"]["payment_terms"] == 1
    expect(seller.locator(".nw-ww-state")).to_contain_text("Sealed as version 1")
    assert not watched_page.problems(), "\n".join(watched_page.problems())


def test_a_fresh_sample_case_workshop_shows_zero_and_refreshes_until_paused(
    watched_page: WatchedPage, server: Server
) -> None:
    store = Store(server.store_url)
    made = store.create_workshop("Honest progress", [CASE])
    code = made.workshop.join_code
    store.join(code, "Team Blue")
    store.join(code, "Team Green")
    page = watched_page.page
    _open(page, "voila/render/dashboard.ipynb")
    page.locator(".nw-dashboard-key input").fill(made.facilitator_key)
    page.get_by_role("button", name="Open").click()
    page.locator(".nw-people").wait_for(timeout=UPDATE_TIMEOUT_MS)

    # Nothing done yet: no progress, nobody's win-win, nothing sealed or amended.
    assert tile(page, "joined") == "2"
    assert tile(page, "win_win") == "0 of 2"
    assert tile(page, "goalposts") == "0 of 2"
    cells = page.locator(".nw-people td[data-sheet]").all_inner_texts()
    assert len(cells) == 2 * 3
    assert all(c.strip().startswith("0% · 0 saves") for c in cells), cells
    assert "changed since joining" in page.locator(".nw-page").inner_text()
    captions = page.locator(".nw-drawn-from")
    expect(captions).to_have_text(["From 2 of 2 participants."] * 6)
    page.get_by_role("button", name="Show read-only").click()
    state = page.locator(".nw-readonly .nw-ww-party-seller .nw-ww-state")
    state.wait_for(state="attached", timeout=UPDATE_TIMEOUT_MS)
    assert "Draft, not sealed" in (state.text_content() or "")
    save_screenshot(page, "dashboard", "fresh-workshop")

    # It refreshes by itself on the interval it shows...
    bar = page.locator(".nw-auto-refresh")
    assert "Refreshing every" in bar.inner_text()
    bar.locator("select").select_option(label="10 s")
    store.join(code, "Team Late")
    _joined_tile_is(page, "3", 25_000)
    # The tiles and the table arrive as separate widget updates: wait for both.
    expect(page.locator(".nw-people")).to_contain_text("Team Late", timeout=UPDATE_TIMEOUT_MS)

    # ... until paused: nothing changes then, and resuming shows the newest at once.
    bar.get_by_role("button", name="Pause").click()
    expect(bar).to_contain_text("Refreshing paused")
    store.join(code, "Team Paused")
    time.sleep(13)  # longer than the 10 s interval
    assert tile(page, "joined") == "3"
    assert "Team Paused" not in page.locator(".nw-people").inner_text()
    bar.get_by_role("button", name="Resume").click()
    _joined_tile_is(page, "4", UPDATE_TIMEOUT_MS)
    expect(bar).to_contain_text("Refreshing every")
    assert not watched_page.problems(), "\n".join(watched_page.problems())
