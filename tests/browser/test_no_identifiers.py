"""No page shows a case key where a label belongs, read from the real pages in Chromium.

One server, one load per page: the home page, the three worksheets on the PumpCo case (whose
issue ids are ``price_per_pump`` and ``payment_terms``), and the facilitator dashboard opened
on a workshop with one participant per sample case. What a user can read on each (the page's
``document.body.innerText``, the text in its input boxes and drop-downs, the charts' text and
the tooltips) must hold no ``snake_case`` identifier of the case schema, the samples, the
report or the domain (:mod:`tests.identifiers`), and every tile whose label uses a glossary
term carries its tooltip and its "?" marker.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from negotiation_lib.datasets import sample_case_names
from negotiation_lib.store import Store
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    UPDATE_TIMEOUT_MS,
    Server,
    assert_no_error_output,
    new_watched_page,
    open_worksheet,
    wait_for_charts,
)
from tests.identifiers import context, shown_identifiers

pytestmark = pytest.mark.browser

CASE = "pumpco_acme_foods"

# Everything a user can read: the rendered text, what the boxes hold, the charts' labels
# (SVG text) and the tooltips (title attributes).
_READABLE_JS = """
() => {
  const parts = [document.body.innerText];
  for (const el of document.querySelectorAll('input, textarea')) {
    parts.push(el.value || '', el.placeholder || '');
  }
  for (const el of document.querySelectorAll('select option')) parts.push(el.textContent);
  for (const el of document.querySelectorAll('svg text')) parts.push(el.textContent);
  for (const el of document.querySelectorAll('[title]')) parts.push(el.getAttribute('title'));
  return parts.join('\\n');
}
"""

# Each tile label that uses a glossary term: its text, whether it has the tooltip and marker.
_TERM_TILES_JS = """
() => Array.from(document.querySelectorAll('.nw-tile-label')).map((label) => {
  const term = label.querySelector('.nw-term');
  return {
    text: label.innerText,
    title: term ? term.getAttribute('title') : null,
    marker: term ? term.querySelector('.nw-term-mark') !== null : false,
  };
})
"""

_TERMS = ("ZOPA", "COLR", "BATNA", "BATR", "EVE", "P10", "P90", "CPT", "NPV")


def _assert_no_identifiers(page: Page, where: str) -> None:
    text: str = page.evaluate(_READABLE_JS)
    assert text.strip(), f"{where}: the page shows nothing"
    shown = shown_identifiers(text)
    assert not shown, f"{where} shows identifiers: " + "; ".join(
        f"{w!r} in “…{context(text, w)}…”" for w in shown
    )


def _assert_terms_explained(page: Page, where: str) -> int:
    """Every tile whose label uses a glossary term has its tooltip and "?"; how many."""
    tiles = page.evaluate(_TERM_TILES_JS)
    explained = 0
    for tile in tiles:
        if any(term in tile["text"].split() or term in tile["text"] for term in _TERMS):
            assert tile["title"], f"{where}: the tile “{tile['text']}” has no tooltip"
            assert tile["marker"], f"{where}: the tile “{tile['text']}” has no “?” marker"
            explained += 1
    return explained


def _charts_drawn(page: Page) -> None:
    wait_for_charts(page, page.locator(".nw-chart").count())


def test_no_page_shows_a_key_where_a_label_belongs(chromium: Browser, server: Server) -> None:
    store = Store(server.store_url)
    try:
        made = store.create_workshop("Labels, not keys", sample_case_names())
        for k, name in enumerate(sample_case_names()):
            store.join(made.workshop.join_code, f"Team {k + 1}", name)
    finally:
        store.close()
    watched, context_ = new_watched_page(chromium, server.url)
    page = watched.page
    try:
        explained = 0
        # The home page: sample cases by their titles, and the glossary.
        open_worksheet(page, "home")
        _assert_no_identifiers(page, "home")
        assert page.locator(".nw-glossary dt").count() >= 7
        explained += _assert_terms_explained(page, "home")

        for sheet in ("value_proposition", "transparent_economics", "win_win"):
            open_worksheet(page, sheet, CASE)
            _charts_drawn(page)
            _assert_no_identifiers(page, sheet)
            explained += _assert_terms_explained(page, sheet)
            # Every section says what to do next.
            assert page.locator(".nw-next-step").count() >= 5, sheet
        # The win-win page shows the issues by their names.
        text = page.inner_text("body")
        assert "Payment terms" in text
        assert "Price per pump" in text

        page.goto("voila/render/dashboard.ipynb", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_selector(".nw-page", state="visible", timeout=PAGE_TIMEOUT_MS)
        assert_no_error_output(page, "dashboard")
        page.locator(".nw-dashboard-key input").fill(made.facilitator_key)
        page.get_by_role("button", name="Open").click()
        page.locator(".nw-people").wait_for(timeout=UPDATE_TIMEOUT_MS)
        _charts_drawn(page)
        _assert_no_identifiers(page, "dashboard")
        assert "PumpCo and Acme Foods: supply renewal" in page.inner_text("body")
        # Tiles that use ZOPA, EVE, NPV, CPT... are on the pages above, each explained.
        assert explained >= 5
        assert not watched.problems(), "\n".join(watched.problems())
    finally:
        context_.close()
