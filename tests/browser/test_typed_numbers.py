"""Numbers typed in a real browser are read in the page's number format, or refused at the field.

One page load: the value proposition of PumpCo (a euro case) opened by a browser that asks for
German pages, so the page reads ``1.234,5``; then the case's own format is set to ``1,234.5``
on the page. In each format "1.000", "1 000" and "13.000,50" are typed into the reference
price, whose exact value the EVE chart's first bar shows. Then a link of the problem banner
takes the trainee to the field. The banner's script is also checked on a blank page, where each
of its promises (the nearest visible place, another tab of the workbook, an address that names
a field) is quick to set up.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, ViewportSize, expect

from negotiation_lib.worksheets.browser import PAGE_SCRIPT
from tests.browser.conftest import (
    UPDATE_TIMEOUT_MS,
    Server,
    chart_data,
    field_input,
    field_message,
    new_watched_page,
    open_worksheet,
)

PRICE = "value.reference.price_per_unit"
EVE_CHART = "economic value"
SCREEN: ViewportSize = {"width": 1366, "height": 768}


def reference_price(page: Page, expected: float) -> float:
    """Wait until the EVE chart's first bar (the reference price) is ``expected``; its value."""
    deadline = time.monotonic() + UPDATE_TIMEOUT_MS / 1000
    shown = float("nan")
    while time.monotonic() < deadline:
        data = chart_data(page, EVE_CHART) or []
        bars = [t for t in data if t.get("type") == "waterfall"]
        if bars:
            shown = float(bars[0]["y"][0])
            if shown == expected:
                break
        time.sleep(0.2)
    return shown


def type_price(page: Page, text: str) -> None:
    field_input(page, PRICE).fill(text)


@pytest.fixture
def german_page(chromium: Browser, server: Server) -> Iterator[Page]:
    watched, context = new_watched_page(chromium, server.url)
    context.set_extra_http_headers({"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    try:
        yield watched.page
        assert not watched.problems(), "\n".join(watched.problems())
    finally:
        context.close()


def test_typed_numbers_in_two_formats_and_a_banner_link_to_the_field(german_page: Page) -> None:
    page = german_page
    page.set_viewport_size(SCREEN)
    open_worksheet(page, "value_proposition", "pumpco_acme_foods")
    message = field_message(page, PRICE)

    # The browser asks for German: numbers read 1.234,5 (a thousand is 1.000).
    expect(field_input(page, PRICE)).to_have_value("10.000")
    type_price(page, "13.000,50")
    assert reference_price(page, 13000.5) == 13000.5
    type_price(page, "1 000")
    assert reference_price(page, 1000) == 1000
    type_price(page, "1.000")
    expect(message).to_contain_text("Read as 1000 (1.234,5).")
    assert reference_price(page, 1000) == 1000

    # The case's own format: 1,234.5 (a thousand is 1,000, and 1.000 is one).
    page.locator(".nw-at-number_format select").select_option(label="1,234.5")
    expect(field_input(page, PRICE)).to_have_value("1000")  # shown again in the new format
    type_price(page, "1.000")
    expect(message).to_contain_text("Read as 1 (1,234.5).")
    assert reference_price(page, 1) == 1
    type_price(page, "1 000")
    assert reference_price(page, 1000) == 1000
    type_price(page, "13.000,50")
    expect(message).to_contain_text("“13.000,50” is not a number in the format 1,234.5")
    expect(message).to_contain_text("read in the format 1.234,5 it is 13000.5. Type 13000.5")
    assert reference_price(page, 1000) == 1000  # refused: the case keeps its last value

    # The banner counts the refused entry and links to its field, out of sight until clicked.
    banner = page.locator(".nw-problem-banner")
    expect(banner).to_contain_text("1 problem in the inputs")
    page.locator(".nw-session").first.scroll_into_view_if_needed()
    price = field_input(page, PRICE)
    box = price.bounding_box()
    assert box is not None
    assert box["y"] > SCREEN["height"], "the field starts out of sight"
    banner.locator("a.nw-problem-link", has_text="Its price (EUR per pump)").click()
    expect(price).to_be_focused()
    expect(price).to_be_in_viewport()


# --------------------------------------------------------------------------- the script alone

_SPACER = "<div style='height: 3000px'>spacer</div>"


@pytest.fixture
def blank(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport=SCREEN)
    page = context.new_page()

    def serve(route: Route) -> None:
        route.fulfill(body="<html><body></body></html>", content_type="text/html")

    page.route("http://workbook.test/**", serve)
    page.goto("http://workbook.test/page")
    yield page
    context.close()


def _link(targets: str, sheet: str = "") -> str:
    extra = f" data-sheet='{sheet}'" if sheet else ""
    return f"<a class='nw-problem-link' href='#x' data-targets='{targets}'{extra}>go</a>"


def test_a_link_goes_to_the_nearest_visible_place_of_its_problem(blank: Page) -> None:
    blank.set_content(
        _link("nw-at-economics-discounts-0-amount nw-at-economics-discounts nw-at-economics")
        + _SPACER
        + "<div class='nw-at-economics-discounts'><input class='one'>"
        "<div class='nw-at-economics-discounts-0-amount' style='display:none'><input></div>"
        "</div>"
    )
    blank.evaluate(PAGE_SCRIPT)
    blank.click("a.nw-problem-link")
    expect(blank.locator("input.one")).to_be_focused()
    expect(blank.locator("input.one")).to_be_in_viewport()


def test_a_link_to_a_field_of_another_tab_opens_that_tab_first(blank: Page) -> None:
    blank.set_content(
        "<div class='nw-tabs'><button>1</button><button class='second'>2</button></div>"
        + _link("nw-at-economics-volume_per_period nw-at-economics", sheet="1")
        + _SPACER
        + "<div class='nw-at-economics-volume_per_period' id='later' style='display:none'>"
        "<input></div>"
    )
    # The tab is drawn a moment after its button is clicked, as a kernel answers.
    blank.evaluate(
        "() => document.querySelector('.second').addEventListener('click', () =>"
        " setTimeout(() => { document.getElementById('later').style.display = ''; }, 400))"
    )
    blank.evaluate(PAGE_SCRIPT)
    blank.click("a.nw-problem-link")
    expect(blank.locator("#later input")).to_be_focused()
    expect(blank.locator("#later input")).to_be_in_viewport()


def test_a_page_opened_at_a_field_scrolls_to_it_once_drawn(blank: Page) -> None:
    blank.goto("http://workbook.test/page#nw-at-value-drivers-1-confidence")
    blank.set_content(_SPACER)
    blank.evaluate(PAGE_SCRIPT)
    blank.evaluate(
        "() => setTimeout(() => document.body.insertAdjacentHTML('beforeend',"
        " \"<div class='nw-at-value-drivers-1-confidence'><input></div>\"), 500)"
    )
    expect(blank.locator(".nw-at-value-drivers-1-confidence input")).to_be_focused()
