"""Where the answer flips, in Voila: a click finds the flips and draws the two-input map.

On a practice page the analyst chooses the one-sided retention, clicks "Find where it flips"
and reads where the fair deal stops beating the tough one; a click on "Draw the map" draws the
seller's NPV over the tough price and the one-sided retention. Nothing is computed before.
"""

from __future__ import annotations

from playwright.sync_api import Browser

from negotiation_lib.datasets import load_pumpco_acme_foods
from negotiation_lib.domain.flips import find_flips
from negotiation_lib.formatting import number
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    UPDATE_TIMEOUT_MS,
    Server,
    assert_no_error_output,
    new_watched_page,
    open_worksheet,
)

LOW = "relationship.retention_one_sided"
MAP_TITLE = "npv of the relationship, with a tough deal at each price"


def test_the_flips_card_finds_the_flips_and_draws_the_map_on_clicks(
    chromium: Browser, server: Server
) -> None:
    # Where the fair deal stops beating the tough one, computed here for the same case.
    (up,) = [
        f
        for f in find_flips(
            load_pumpco_acme_foods(), LOW, recommendations=["trust_beats_cpt"]
        ).flips
        if f.value is not None
    ]
    expected = number(up.value, 4, trim=True)
    watched, context = new_watched_page(chromium, server.url)
    try:
        page = watched.page
        open_worksheet(page, "transparent_economics", "pumpco_acme_foods")
        chooser = page.locator(".nw-flips-input select")
        chooser.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
        assert page.locator(".nw-flip-row").count() == 0  # nothing before the click
        chooser.select_option(label="Retention when one-sided (0–1)")
        page.locator(".nw-flips-find button, button.nw-flips-find").first.click()
        result = page.locator(".nw-flips-result")
        page.wait_for_function(
            "text => { const r = document.querySelector('.nw-flips-result');"
            " return r !== null && r.innerText.includes(text); }",
            arg=f"{expected} (",
            timeout=UPDATE_TIMEOUT_MS,
        )
        text = result.inner_text()
        assert "The tough deal pays PumpCo at least as much as the fair one" in text
        assert "does not flip between" in text

        page.locator(".nw-flips-draw button, button.nw-flips-draw").first.click()
        page.wait_for_function(
            "needle => Array.from(document.querySelectorAll('.nw-flips-map .js-plotly-plot'))"
            ".some(g => String((g.layout && g.layout.title && g.layout.title.text) || '')"
            ".replace(/<br>/g, ' ')"
            ".toLowerCase().includes(needle) && Array.isArray(g.data) && g.data.length >= 2"
            " && g.data[0].type === 'heatmap' && g.data[0].z != null)",
            arg=MAP_TITLE,
            timeout=UPDATE_TIMEOUT_MS,
        )
        assert_no_error_output(page, "the flips card")
    finally:
        context.close()
