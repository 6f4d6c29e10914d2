"""The scenario panel in Voila: added on a workbook and saved with the case, gone in practice.

A participant adds a scenario on the Transparent economics tab of their workbook, sees it in
the comparison table and in the overlaid curves, and finds it again after a reload (the store
holds it with the case). On a practice page the same scenario is gone after a reload.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from negotiation_lib.store import Store
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    TILE_VALUE,
    UPDATE_TIMEOUT_MS,
    Server,
    assert_no_error_output,
    chart_data,
    new_watched_page,
    open_worksheet,
    saved_version,
    version_now,
    worksheet_path,
)

NAME = "Double volume"
VOLUME = "economics.volume_per_period"
CURVES = "npv over the relationship, scenario by scenario"


def _add_scenario(page: Page) -> None:
    """Add the scenario "Double volume" (volume 80) through the panel's fields."""
    name = page.locator(".nw-scenario-new-name input")
    name.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    name.fill(NAME)
    page.locator(".nw-scenario-new-input select").select_option(label="Volume (pump per year)")
    page.locator(".nw-scenario-new-value input").fill("80")
    page.locator(".nw-scenario-add button, button.nw-scenario-add").first.click()


def _compared(page: Page) -> str:
    """The comparison table's text once it shows the scenario."""
    table = page.locator(".nw-scenario-compare")
    page.wait_for_function(
        "name => { const t = document.querySelector('.nw-scenario-compare');"
        " return t !== null && t.innerText.includes(name); }",
        arg=NAME,
        timeout=UPDATE_TIMEOUT_MS,
    )
    text = table.inner_text()
    return text


def _curves(page: Page) -> list[dict[str, object]]:
    page.wait_for_function(
        "([needle, n]) => Array.from(document.querySelectorAll('.js-plotly-plot')).some("
        "g => String((g.layout && g.layout.title && g.layout.title.text) || '')"
        ".toLowerCase().includes(needle) && Array.isArray(g.data) && g.data.length === n)",
        arg=[CURVES, 4],
        timeout=UPDATE_TIMEOUT_MS,
    )
    data = chart_data(page, CURVES)
    assert data is not None
    return data


def _check_shown(page: Page) -> None:
    text = _compared(page)
    assert "The case as it is" in text
    assert "against the case" in text
    assert "EUR per pump" in text
    curves = _curves(page)
    assert [c["name"] for c in curves[:2]] == ["The case as it is", NAME]
    assert [c["line"]["dash"] for c in curves[:2]] == ["solid", "dash"]  # type: ignore[index]


def test_a_scenario_is_saved_with_a_participants_case(chromium: Browser, server: Server) -> None:
    store = Store(server.store_url)
    try:
        made = store.create_workshop("Scenarios", ["pumpco_acme_foods"])
        joined = store.join(made.workshop.join_code, "Ann")
        watched, context = new_watched_page(chromium, server.url)
        try:
            page = watched.page
            link = worksheet_path("transparent_economics") + f"?resume={joined.resume_code}"
            page.goto(link, timeout=PAGE_TIMEOUT_MS)
            page.wait_for_selector(TILE_VALUE, state="attached", timeout=PAGE_TIMEOUT_MS)
            version = version_now(page)
            _add_scenario(page)
            _check_shown(page)
            saved_version(page, version)

            page.reload(timeout=PAGE_TIMEOUT_MS)
            page.wait_for_selector(TILE_VALUE, state="attached", timeout=PAGE_TIMEOUT_MS)
            assert_no_error_output(page, "the workbook after a reload")
            name = page.locator(".nw-scenario-name input")
            name.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
            assert name.input_value() == NAME
            assert page.locator(".nw-scenario-value input").input_value() == "80"
            _check_shown(page)
        finally:
            context.close()
        latest = store.latest(joined.participant.id)
        assert latest is not None
        assert latest.data is not None
        assert latest.data["scenarios"] == [{"name": NAME, "overrides": {VOLUME: 80}}]
    finally:
        store.close()


def test_a_scenario_on_a_practice_page_is_gone_after_a_reload(
    chromium: Browser, server: Server
) -> None:
    watched, context = new_watched_page(chromium, server.url)
    try:
        page = watched.page
        open_worksheet(page, "transparent_economics", "pumpco_acme_foods")
        _add_scenario(page)
        _check_shown(page)
        page.reload(timeout=PAGE_TIMEOUT_MS)
        page.wait_for_selector(TILE_VALUE, state="visible", timeout=PAGE_TIMEOUT_MS)
        page.locator(".nw-scenario-new-name input").wait_for(
            state="visible", timeout=PAGE_TIMEOUT_MS
        )
        assert page.locator(".nw-scenario-name").count() == 0
        assert NAME not in page.locator(".nw-scenario-compare").inner_text()
    finally:
        context.close()
