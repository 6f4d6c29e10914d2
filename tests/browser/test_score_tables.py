"""A party's score points are typed in a small table, and the browser's typing counts.

The points of a numeric issue are rows of (value, score) inputs, not typed syntax. Each cell
is an input the page's guard on client updates accepts: a score typed into a row in Chromium
rescores every package exactly as the library scores the changed definition.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from negotiation_lib.datasets import load_sample_case
from negotiation_lib.domain.economics import case_economics
from negotiation_lib.domain.win_win import assess_win_win
from tests.browser.conftest import UPDATE_TIMEOUT_MS, WatchedPage, field_input, open_worksheet

pytestmark = pytest.mark.browser

CASE = "pumpco_acme_foods"
ISSUE = "contract_years"
SHOWN = 0.05 + 1e-9
"""Utilities are shown with one decimal: half a unit of the last digit, and float slack."""

_SELLER_UTILITIES_JS = """
() => Array.from(document.querySelectorAll('table.nw-ww-packages tr'))
  .filter((row) => row.querySelector('td'))
  .map((row) => Number.parseFloat(row.querySelectorAll('td')[1].innerText))
"""


def _wait_for(page: Page, expected: list[float]) -> list[float]:
    """Wait until the packages table shows these seller utilities; what it shows then."""
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(
            f"""(expected) => {{
                  const shown = ({_SELLER_UTILITIES_JS})();
                  return shown.length === expected.length
                    && shown.every((u, k) => Math.abs(u - expected[k]) <= 0.05);
                }}""",
            arg=expected,
            timeout=UPDATE_TIMEOUT_MS,
        )
    shown: list[float] = page.evaluate(_SELLER_UTILITIES_JS)
    return shown


def test_a_score_typed_in_a_points_row_rescores_the_packages(watched_page: WatchedPage) -> None:
    page = watched_page.page
    open_worksheet(page, "win_win", CASE)
    case = load_sample_case(CASE)
    assert case.win_win is not None
    assert case.win_win.seller is not None
    # The seller scores contract years with two points: (1, 20) and (3, 100).
    assert case.win_win.seller.scores[ISSUE] == ((1, 20), (3, 100))
    seller = case.win_win.seller.model_copy(
        update={"scores": {**case.win_win.seller.scores, ISSUE: ((1, 20), (3, 60))}}
    )
    zopa = case_economics(case).zopa
    changed = case.win_win.model_copy(update={"seller": seller})
    expected = [
        p.seller_utility for p in assess_win_win(changed, use_drafts=True, zopa=zopa).packages
    ]
    # The packages are scored with the sealed definitions unless the drafts are previewed.
    preview = page.get_by_role("checkbox", name="score the drafts")
    preview.check()
    expect(preview).to_be_checked()

    # The second row's score cell: no "value:score" syntax anywhere, one number per box.
    score = field_input(page, f"win_win.seller.scores.{ISSUE}[1][1]")
    expect(score).to_have_value("100")
    score.fill("60")
    shown = _wait_for(page, expected)
    assert shown == pytest.approx(expected, abs=SHOWN)

    # A score outside 0-100 is refused at its cell, and the packages keep their scores.
    score.fill("160")
    message = page.locator(f".nw-at-win_win-seller-scores-{ISSUE}-1-1 .nw-msg")
    expect(message).to_contain_text("0 to 100", timeout=UPDATE_TIMEOUT_MS)
    assert page.evaluate(_SELLER_UTILITIES_JS) == pytest.approx(expected, abs=SHOWN)
    assert not watched_page.problems(), "\n".join(watched_page.problems())
