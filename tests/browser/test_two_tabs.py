"""Two browser windows on one resume code, in real Chromium: nothing is dropped in silence.

Issue 16, point 1, as the trainee met it: the economics worksheet open twice, volume 41 saved in
one window, then list price 13,100 in the other, and a fresh load showed volume 40 while the
first window still said "Saved". Now:

- changes to different fields are both kept: the stale window says "merged with a change made
  in another window" and shows the other window's change, and a fresh load shows both;
- a change to the same field is not saved: the stale window says "This worksheet was changed in
  another window" at its save status, and each of its two buttons does what it says.

One server, two browser contexts (two separate browsers, as far as the page can tell), three
page loads in all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from negotiation_lib.store import Store
from negotiation_lib.worksheets.fields import field_class
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    SAVED,
    UPDATE_TIMEOUT_MS,
    Server,
    WatchedPage,
    assert_no_error_output,
    field_input,
    new_watched_page,
    save_screenshot,
    saved_version,
    version_now,
)

SHEET = "transparent_economics"
VOLUME = "economics.volume_per_period"
LIST_PRICE = "economics.list_price_per_unit"
MERGED = "merged with a change made in another window"
CHANGED_ELSEWHERE = "This worksheet was changed in another window"
LOAD_THEIRS = "Load the other window's version"
KEEP_MINE = "Keep mine as the newest version"


@pytest.fixture
def two_windows(chromium: Browser, server: Server) -> Iterator[tuple[WatchedPage, WatchedPage]]:
    """Two browser contexts, each with the economics page of one new participant open."""
    store = Store(server.store_url)
    try:
        made = store.create_workshop("Two windows", ["pumpco_acme_foods"])
        code = store.join(made.workshop.join_code, "Team Two Windows").resume_code
    finally:
        store.close()
    opened: list[tuple[WatchedPage, BrowserContext]] = []
    try:
        for _ in range(2):
            watched, context = new_watched_page(chromium, server.url)
            opened.append((watched, context))
            _open(watched.page, f"voila/render/{SHEET}.ipynb?resume={code}")
        yield opened[0][0], opened[1][0]
    finally:
        for _, context in opened:
            context.close()


def _open(page: Page, path: str) -> None:
    page.goto(path, timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(SAVED, timeout=PAGE_TIMEOUT_MS)
    assert_no_error_output(page, path)


def _digits(page: Page, path: str) -> str:
    """The digits a field shows, whatever number format the page writes them in."""
    return re.sub(r"\D", "", field_input(page, path).input_value())


def _wait_digits(page: Page, path: str, digits: str) -> None:
    page.wait_for_function(
        "([selector, digits]) => { const el = document.querySelector(selector);"
        " return el !== null && el.value.replace(/\\D/g, '') === digits; }",
        arg=[f".{field_class(path)} input", digits],
        timeout=UPDATE_TIMEOUT_MS,
    )


def _wait_state(page: Page, state: str) -> int:
    """Wait until the save status is in ``state``; the version it shows."""
    page.wait_for_selector(f".nw-save[data-state='{state}']", timeout=UPDATE_TIMEOUT_MS)
    return int(page.locator(".nw-save").get_attribute("data-version") or 0)


def _status(page: Page) -> str:
    return page.locator(".nw-save").inner_text().strip()


def test_two_windows_keep_both_changes_or_ask_which_to_keep(
    two_windows: tuple[WatchedPage, WatchedPage], server: Server
) -> None:
    first, second = (w.page for w in two_windows)
    start = version_now(first)
    assert version_now(second) == start
    assert _digits(second, VOLUME) == "40"

    # ---------------------------------------------------- different fields: both kept
    field_input(first, VOLUME).fill("41")
    v_first = saved_version(first, start)
    field_input(second, LIST_PRICE).fill("13100")
    v_merged = _wait_state(second, "merged")
    assert v_merged == v_first + 1
    assert MERGED in _status(second)
    _wait_digits(second, VOLUME, "41")  # the other window's change, at its field
    assert _digits(second, LIST_PRICE) == "13100"
    # The first window learns of it at its next save; a fresh load shows both now.
    first.reload(timeout=PAGE_TIMEOUT_MS)
    first.wait_for_selector(SAVED, timeout=PAGE_TIMEOUT_MS)
    assert version_now(first) == v_merged
    assert (_digits(first, VOLUME), _digits(first, LIST_PRICE)) == ("41", "13100")

    # ---------------------------------------------------- the same field: asked, load theirs
    field_input(first, VOLUME).fill("42")
    v_42 = saved_version(first, v_merged)
    field_input(second, VOLUME).fill("39")
    _wait_state(second, "conflict")
    assert _status(second) == CHANGED_ELSEWHERE
    load = second.get_by_role("button", name=LOAD_THEIRS)
    keep = second.get_by_role("button", name=KEEP_MINE)
    assert load.is_visible()
    assert keep.is_visible()
    save_screenshot(second, SHEET, "changed-in-another-window")
    assert _digits(second, VOLUME) == "39"  # the page keeps what was typed meanwhile

    load.click()
    _wait_state(second, "saved")
    _wait_digits(second, VOLUME, "42")
    assert version_now(second) == v_42
    assert not load.is_visible()

    # ---------------------------------------------------- the same field: asked, keep mine
    field_input(second, VOLUME).fill("43")
    v_43 = saved_version(second, v_42)
    field_input(first, VOLUME).fill("44")  # the first window is the stale one now
    _wait_state(first, "conflict")
    first.get_by_role("button", name=KEEP_MINE).click()
    assert saved_version(first, v_43) == v_43 + 1
    assert _digits(first, VOLUME) == "44"
    assert not first.get_by_role("button", name=KEEP_MINE).is_visible()

    store = Store(server.store_url)
    try:
        code = first.url.split("resume=")[1].split("&")[0]
        person = store.participant_for_resume(code)
        assert person is not None
        latest = store.latest(person.id)
        assert latest is not None
        assert latest.data is not None
        assert latest.version == v_43 + 1
        assert latest.data["economics"]["volume_per_period"] == 44
        assert latest.data["economics"]["list_price_per_unit"] == 13100
        # Every version is in the history; nothing was saved twice or skipped.
        assert [v.version for v in store.history(person.id)] == list(range(1, v_43 + 2))
    finally:
        store.close()
    for watched in two_windows:
        assert not watched.problems(), "\n".join(watched.problems())
