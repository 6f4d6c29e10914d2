"""A practice link to a role-play case shows where it is played, and none of its secrets.

In a workshop, a trainee who types ``?case=valtora_brightmoor`` after a worksheet's address must
not read the other side's confidential facts: the page says the case is played in a deal room,
and its HTML holds no private value of either side (``tests/worksheets/test_role_play_practice.py``
checks every widget model the same way, without a browser).
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import (
    PAGE_ROOT,
    PAGE_TIMEOUT_MS,
    WatchedPage,
    assert_no_error_output,
    worksheet_path,
)
from tests.worksheets.role_play_secrets import leaked

CASE = "valtora_brightmoor"


def test_a_practice_link_to_a_role_play_case_shows_the_deal_room_message_and_no_secret(
    watched_page: WatchedPage,
) -> None:
    page = watched_page.page
    page.goto(worksheet_path("win_win", CASE), timeout=PAGE_TIMEOUT_MS)
    banner = page.locator(f"{PAGE_ROOT} .nw-banner[role='alert']")
    banner.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    assert_no_error_output(page, f"win_win ({CASE})")

    expect(page.locator(f"{PAGE_ROOT} h1")).to_have_text("This case is played in a deal room")
    said = banner.inner_text()
    assert "role-play case" in said
    assert "deal room" in said
    assert "confidential facts" in said
    assert "teaching note" in said
    assert f"negotiation-workbook report data/cases/{CASE}.json" in said
    # No worksheet was built: no tile, no input, no chart.
    assert page.locator(f"{PAGE_ROOT} .nw-tile").count() == 0
    assert page.locator(f"{PAGE_ROOT} input, {PAGE_ROOT} textarea").count() == 0
    assert page.locator(".nw-chart").count() == 0

    assert leaked(page.content(), CASE) == []
    assert not watched_page.problems(), "\n".join(watched_page.problems())
