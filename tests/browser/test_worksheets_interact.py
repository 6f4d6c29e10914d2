"""What a trainee sees when typing into a worksheet, in a real browser (one behaviour a test).

Every test opens a sample case, types with Playwright's ``fill`` (one input event, as a paste
would send) and waits for the page to answer; the waits are bounded, the assertions are on what
the page then shows. Each change that moves a result is driven on one sample case, a different
one for each, so every case is typed into; ``test_worksheets_render.py`` opens all three on
every worksheet, and ``tests/worksheets`` checks every case's results against the domain
without a browser.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from negotiation_lib.datasets import load_sample_case
from negotiation_lib.domain.case import WinWin
from negotiation_lib.domain.economics import Zopa, case_economics
from negotiation_lib.domain.win_win import assess_win_win
from tests.browser.conftest import (
    UPDATE_TIMEOUT_MS,
    WatchedPage,
    amount,
    chart_data,
    field_input,
    field_message,
    open_worksheet,
    tile,
    wait_for_chart_change,
    wait_for_tile_change,
)

CASE = "pumpco_acme_foods"
EVE_CHART = "economic value"
WATERFALL_CHART = "price waterfall"
PARETO_CHART = "Pareto frontier"
SHOWN = 0.05 + 1e-9
"""Utilities are shown with one decimal: half a unit of the last digit, and float slack."""

pytestmark = pytest.mark.slow


def _waterfall_y(data: list[dict[str, Any]] | None) -> list[float]:
    assert data, "the chart is not on the page"
    waterfalls = [t for t in data if t.get("type") == "waterfall"]
    assert waterfalls, f"the chart has no waterfall trace: {[t.get('type') for t in data]}"
    return [float(y) for y in waterfalls[0]["y"]]


_SELLER_UTILITIES_JS = """
() => Array.from(document.querySelectorAll('table.nw-ww-packages tr'))
  .filter((row) => row.querySelector('td'))
  .map((row) => row.querySelectorAll('td')[1].innerText.trim())
"""


def _seller_utilities(page: Page) -> list[str]:
    """The seller's utility of each candidate package, as the packages table shows it."""
    cells: list[str] = page.evaluate(_SELLER_UTILITIES_JS)
    return cells


def _seller_utilities_of(win_win: WinWin, zopa: Zopa) -> list[float]:
    """The seller's utility of each package, computed by the library from the drafts.

    The case's zone of agreement scores its open-book price issue.
    """
    scored = assess_win_win(win_win, use_drafts=True, zopa=zopa)
    return [p.seller_utility for p in scored.packages]


def _wait_for_seller_utilities(page: Page, expected: list[float]) -> list[str]:
    """Wait until the packages table shows these seller utilities; returns what it shows then."""
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(
            f"""(expected) => {{
                  const shown = ({_SELLER_UTILITIES_JS})().map(Number.parseFloat);
                  return shown.length === expected.length
                    && shown.every((u, k) => Math.abs(u - expected[k]) <= 0.05);
                }}""",
            arg=expected,
            timeout=UPDATE_TIMEOUT_MS,
        )
    return _seller_utilities(page)


def _use_drafts(page: Page) -> None:
    # The packages are scored against the sealed definitions unless told otherwise (DESIGN §3):
    # the preview scores the drafts, which is where a weight the trainee types goes.
    preview = page.get_by_role("checkbox", name="score the drafts")
    preview.check()
    expect(preview).to_be_checked()


# --------------------------------------------------------------------------- value proposition


@pytest.mark.parametrize("case_name", ["cloudledger_northwind"])
def test_changing_a_driver_value_moves_the_eve_by_exactly_that_change(
    watched_page: WatchedPage, case_name: str
) -> None:
    page = watched_page.page
    open_worksheet(page, "value_proposition", case_name)
    driver = field_input(page, "value.drivers[0].value_per_unit")
    old_value = float(driver.input_value())
    new_value = old_value + 1000
    eve_before = tile(page, "eve_per_unit")
    chart_before = chart_data(page, EVE_CHART)

    driver.fill(f"{new_value:g}")
    eve_after = wait_for_tile_change(page, "eve_per_unit", eve_before)
    bars = _waterfall_y(wait_for_chart_change(page, EVE_CHART, chart_before))

    assert amount(eve_after) - amount(eve_before) == new_value - old_value
    # The waterfall: the reference, one bar per driver, the EVE as the total.
    assert bars[1] == new_value, f"the EVE chart still shows {bars}"
    assert bars[-1] == amount(eve_after)
    assert not watched_page.problems(), "\n".join(watched_page.problems())


def test_a_confidence_above_one_is_flagged_and_the_eve_keeps_its_last_valid_value(
    watched_page: WatchedPage,
) -> None:
    page = watched_page.page
    open_worksheet(page, "value_proposition", CASE)
    confidence = field_input(page, "value.drivers[0].confidence")
    # A valid change first, so that "last valid" is not simply the value the page opened with.
    expected_before = tile(page, "eve_expected_per_unit")
    confidence.fill("0.9" if confidence.input_value() != "0.9" else "0.95")
    last_valid_expected = wait_for_tile_change(page, "eve_expected_per_unit", expected_before)
    assert last_valid_expected != expected_before
    last_valid_eve = tile(page, "eve_per_unit")

    confidence.fill("1.7")

    expect(field_message(page, "value.drivers[0].confidence")).to_contain_text(
        "at most 1", timeout=UPDATE_TIMEOUT_MS
    )
    expect(page.locator(".nw-banner").first).to_be_visible()
    # The kernel answers inputs in order: once a later input has been answered, every update
    # the 1.7 caused has reached the page (an unreadable number changes nothing else).
    field_input(page, "value.drivers[1].value_per_unit").fill("abc")
    expect(field_message(page, "value.drivers[1].value_per_unit")).to_contain_text(
        "Enter a number", timeout=UPDATE_TIMEOUT_MS
    )
    assert tile(page, "eve_per_unit") == last_valid_eve
    assert tile(page, "eve_expected_per_unit") == last_valid_expected


def test_text_in_a_number_field_asks_for_a_number(watched_page: WatchedPage) -> None:
    page = watched_page.page
    open_worksheet(page, "value_proposition", CASE)
    eve = tile(page, "eve_per_unit")

    field_input(page, "value.drivers[0].value_per_unit").fill("abc")

    expect(field_message(page, "value.drivers[0].value_per_unit")).to_contain_text(
        "Enter a number", timeout=UPDATE_TIMEOUT_MS
    )
    assert tile(page, "eve_per_unit") == eve


# --------------------------------------------------------------------------- transparent economics

_MARK_CHART = """(needle) => {
  const title = (gd) => String((gd.layout && gd.layout.title && gd.layout.title.text) || '');
  document.querySelectorAll('.js-plotly-plot').forEach((gd) => {
    if (title(gd).toLowerCase().includes(needle)) { gd.nwTestMark = needle; }
  });
}"""
_MARKED_CHARTS = (
    "() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
    ".filter((gd) => gd.nwTestMark).map((gd) => gd.nwTestMark)"
)


@pytest.mark.parametrize("case_name", ["swiftfreight_helios"])
def test_changing_the_list_price_moves_the_pocket_price_and_the_waterfall(
    watched_page: WatchedPage, case_name: str
) -> None:
    page = watched_page.page
    open_worksheet(page, "transparent_economics", case_name)
    list_price = field_input(page, "economics.list_price_per_unit")
    new_list_price = float(list_price.input_value().replace(",", "")) + 1000
    case = load_sample_case(case_name)
    assert case.economics is not None
    expected = case_economics(
        case.model_copy(
            update={
                "economics": case.economics.model_copy(
                    update={"list_price_per_unit": new_list_price}
                )
            }
        )
    ).pocket_price_per_unit
    pocket_before = tile(page, "pocket_price_per_unit")
    chart_before = chart_data(page, WATERFALL_CHART)
    page.evaluate(_MARK_CHART, WATERFALL_CHART)

    list_price.fill(f"{new_list_price:g}")
    pocket_after = wait_for_tile_change(page, "pocket_price_per_unit", pocket_before)
    bars = _waterfall_y(wait_for_chart_change(page, WATERFALL_CHART, chart_before))
    # Redrawn in place (Plotly.react on the drawn chart), not torn down and drawn anew.
    assert page.evaluate(_MARKED_CHARTS) == [WATERFALL_CHART]

    assert amount(pocket_after) == pytest.approx(expected, abs=0.5)
    # The waterfall starts at the list price and ends at the pocket price.
    assert bars[0] == new_list_price, f"the waterfall still shows {bars}"
    assert bars[-1] == pytest.approx(expected)
    assert not watched_page.problems(), "\n".join(watched_page.problems())


def test_a_negative_volume_is_flagged_under_its_field(watched_page: WatchedPage) -> None:
    page = watched_page.page
    open_worksheet(page, "transparent_economics", CASE)

    field_input(page, "economics.volume_per_period").fill("-5")

    message = field_message(page, "economics.volume_per_period")
    expect(message).to_be_visible(timeout=UPDATE_TIMEOUT_MS)
    expect(message).to_contain_text("above 0")
    expect(page.locator(".nw-banner").first).to_be_visible()


# --------------------------------------------------------------------------- win-win


@pytest.mark.parametrize("case_name", ["pumpco_acme_foods"])
def test_changing_a_seller_weight_changes_the_packages_utilities(
    watched_page: WatchedPage, case_name: str
) -> None:
    page = watched_page.page
    open_worksheet(page, "win_win", case_name)
    case = load_sample_case(case_name)
    assert case.win_win is not None
    assert case.win_win.seller is not None
    issue, weight = next(iter(case.win_win.seller.weights.items()))
    new_weight = weight / 5
    seller = case.win_win.seller.model_copy(
        update={"weights": {**case.win_win.seller.weights, issue: new_weight}}
    )
    zopa = case_economics(case).zopa
    expected_before = _seller_utilities_of(case.win_win, zopa)
    expected_after = _seller_utilities_of(case.win_win.model_copy(update={"seller": seller}), zopa)
    assert expected_after != pytest.approx(expected_before, abs=SHOWN)
    _use_drafts(page)
    before = _wait_for_seller_utilities(page, expected_before)
    assert [amount(u) for u in before] == pytest.approx(expected_before, abs=SHOWN), (
        "the preview does not show the drafts' utilities"
    )

    chart_before = chart_data(page, PARETO_CHART)
    field_input(page, f"win_win.seller.weights.{issue}").fill(f"{new_weight:g}")
    after = _wait_for_seller_utilities(page, expected_after)
    wait_for_chart_change(page, PARETO_CHART, chart_before)

    assert after != before, f"the packages still show {before}"
    assert [amount(u) for u in after] == pytest.approx(expected_after, abs=SHOWN)


def test_all_seller_weights_at_zero_are_flagged(watched_page: WatchedPage) -> None:
    page = watched_page.page
    open_worksheet(page, "win_win", CASE)
    case = load_sample_case(CASE)
    assert case.win_win is not None
    assert case.win_win.seller is not None

    for issue in case.win_win.seller.weights:
        field_input(page, f"win_win.seller.weights.{issue}").fill("0")

    expect(page.locator(".nw-msg").filter(has_text="all zero").first).to_be_visible(
        timeout=UPDATE_TIMEOUT_MS
    )
