"""Every page looks finished at 1366×768 and at 1920×1080.

Each page is loaded once (one server, one browser) and looked at in both window sizes, the
window resized in between. At each size the page is measured in the browser
(``visual_checks.js`` says what, one sentence per problem) and photographed into
``test-artifacts/screenshots/visual/``; a test fails with every problem it found:

- text that does not fit its box: an input's or a text area's content, a drop-down's
  choice, a button's label (and no file counter on the import button), a tab's label, a
  headline tile's value, a chart's title;
- anything that runs past its card, or a page wider than the window;
- a page that does not start with its title and navigation;
- plotly's toolbar or a link to plotly's site on a chart;
- side-by-side columns that do not end together (a blank half-screen under a short card);
- inside a chart, an axis title lying over a note or a panel's title.

Some pages show things the checks cannot see in one look: the dashboard's read-only
worksheets are visited tab by tab, the participant's workbook worksheet by worksheet, and on
the economics worksheet the fair price reads the same on its tile and on its chart, and the
inputs beside a tall chart stay in view while the page scrolls along it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from playwright.sync_api import Browser, Page

from negotiation_lib import catalog
from negotiation_lib.store import Store
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    SCREENSHOTS,
    TILE_VALUE,
    UPDATE_TIMEOUT_MS,
    Server,
    assert_no_error_output,
    chart_data,
    new_watched_page,
    tile,
    wait_for_charts,
    worksheet_path,
)

CASE = "pumpco_acme_foods"
SIZES = ((1366, 768), (1920, 1080))
CHECKS = (Path(__file__).with_name("visual_checks.js")).read_text(encoding="utf-8")
SHOTS = SCREENSHOTS / "visual"
SETTLE_S = 1.0
"""Seconds for the page to lay itself out again after the window is resized (charts redraw
at their new width)."""


class Workshop(NamedTuple):
    """A workshop with two participants, for the dashboard and a participant's workbook."""

    key: str
    resume_code: str


@pytest.fixture(scope="module")
def workshop(server: Server) -> Iterator[Workshop]:
    store = Store(server.store_url)
    try:
        made = store.create_workshop("Visual check, May", [CASE])
        first = store.join(made.workshop.join_code, "Team Alpha")
        store.join(made.workshop.join_code, "Team Beta, with a longer name than most")
        yield Workshop(made.facilitator_key, first.resume_code)
    finally:
        store.close()


def _look(page: Page, name: str, prepare: Callable[[], None] | None = None) -> list[str]:
    """Measure and photograph the page at both sizes; the problems found, with where."""
    problems: list[str] = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        time.sleep(SETTLE_S)
        if prepare is not None:
            prepare()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"))
        found: list[str] = page.evaluate(CHECKS)
        problems += [f"{name} at {width}×{height}: {p}" for p in found]
    return problems


def _open(page: Page, path: str) -> None:
    page.goto(path, timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(".nw-page", state="visible", timeout=PAGE_TIMEOUT_MS)
    assert_no_error_output(page, path)


@pytest.fixture
def page(chromium: Browser, server: Server) -> Iterator[Page]:
    """A page of its own in the session's browser, on the session's server."""
    watched, context = new_watched_page(chromium, server.url)
    try:
        yield watched.page
    finally:
        context.close()


def _fail_on(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


# --------------------------------------------------------------------------- pages


def test_the_home_page(page: Page) -> None:
    _open(page, worksheet_path("home"))
    page.wait_for_selector(TILE_VALUE, state="visible", timeout=PAGE_TIMEOUT_MS)
    _fail_on(_look(page, "home"))


@pytest.mark.parametrize("sheet", [w.name for w in catalog.WORKSHEETS])
def test_a_worksheet(page: Page, sheet: str) -> None:
    _open(page, worksheet_path(sheet, CASE))
    page.wait_for_selector(TILE_VALUE, state="visible", timeout=PAGE_TIMEOUT_MS)
    wait_for_charts(page, 1)
    problems = _look(page, sheet)
    if sheet == "transparent_economics":
        problems += _one_fair_price(page) + _inputs_stay_in_view(page)
    _fail_on(problems)


def test_the_dashboard_with_a_participants_read_only_worksheets(
    page: Page, workshop: Workshop
) -> None:
    _open(page, worksheet_path("dashboard"))
    problems = _look(page, "dashboard-key")  # the key prompt
    page.locator(".nw-dashboard-key input").fill(workshop.key)
    page.get_by_role("button", name="Open").click()
    page.wait_for_selector(TILE_VALUE, state="visible", timeout=UPDATE_TIMEOUT_MS)
    wait_for_charts(page, 1)
    problems += _look(page, "dashboard")
    page.get_by_role("button", name="Show read-only").click()
    page.wait_for_selector(".nw-readonly .nw-page", timeout=PAGE_TIMEOUT_MS)
    tabs = page.locator(".nw-readonly .lm-TabBar-tab")
    assert tabs.count() == len(catalog.WORKSHEETS)
    for k, sheet in enumerate(catalog.WORKSHEETS):

        def show(k: int = k) -> None:
            tabs.nth(k).click()

        problems += _look(page, f"dashboard-read-only-{sheet.name}", prepare=show)
    _fail_on(problems)


def test_a_participants_workbook_worksheet_by_worksheet(page: Page, workshop: Workshop) -> None:
    _open(page, "voila/render/" + catalog.workbook_href(workshop.resume_code))
    page.wait_for_selector(TILE_VALUE, state="visible", timeout=PAGE_TIMEOUT_MS)
    problems: list[str] = []
    for sheet in catalog.WORKSHEETS:

        def show(label: str = sheet.label) -> None:
            page.get_by_role("button", name=label, exact=True).click()
            page.wait_for_selector(
                f".nw-page {TILE_VALUE}", state="visible", timeout=PAGE_TIMEOUT_MS
            )

        problems += _look(page, f"workbook-{sheet.name}", prepare=show)
    _fail_on(problems)


# --------------------------------------------------------------------------- one look each


_AMOUNT = re.compile(r"[\d,]+(?:\.\d+)? \S+")


def _one_fair_price(page: Page) -> list[str]:
    """The fair price on its tile is written exactly so on the zone-of-agreement chart."""
    wait_for_charts(page, 3)
    text = tile(page, "fair_price_per_unit")
    shown = _AMOUNT.match(text)
    zopa = chart_data(page, "zone of possible agreement") or []
    marks = [t for t in zopa if t.get("name") == "Fair price"]
    if shown is None or len(marks) != 1:
        return [f"no fair price to compare: tile {text!r}, {len(marks)} chart mark(s)"]
    # The chart's marker for the fair price carries its value as its label.
    label = "".join(marks[0].get("text") or [])
    if f"<b>{shown.group()}</b>" not in label:
        return [f"the fair price reads {shown.group()!r} on its tile, {label!r} on its chart"]
    return []


_STAYS_IN_VIEW = """() => {
  const row = document.querySelector('.nw-split');
  const [inputs, results] = row.children;
  const body = inputs.querySelector('.nw-card:last-child > .nw-card-body');
  if (results.getBoundingClientRect().height <= body.getBoundingClientRect().height + 100) {
    return "the first row's results are not taller than its inputs: nothing to check";
  }
  let scroller = row.parentElement;  // the nearest box that scrolls
  while (scroller && !(['auto', 'scroll'].includes(getComputedStyle(scroller).overflowY)
                       && scroller.scrollHeight > scroller.clientHeight + 1)) {
    scroller = scroller.parentElement;
  }
  // Scroll until the row's end is just above the bottom of the window.
  scroller.scrollTop += row.getBoundingClientRect().bottom - window.innerHeight + 40;
  const r = body.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight ? ''
    : `the inputs beside a tall chart scrolled out of view (${Math.round(r.top)} to `
      + `${Math.round(r.bottom)} px in a ${window.innerHeight} px window)`;
}"""


def _inputs_stay_in_view(page: Page) -> list[str]:
    """Scrolled to the end of a row whose charts are taller, its inputs are still in view."""
    page.set_viewport_size({"width": 1366, "height": 768})
    time.sleep(SETTLE_S)
    found: str = page.evaluate(_STAYS_IN_VIEW)
    return [found] if found else []
