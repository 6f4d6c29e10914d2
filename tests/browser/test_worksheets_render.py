"""Every worksheet renders in a real browser for every practice case, and the home page links them.

Role-play cases open on no practice page (``tests/browser/test_role_play_practice.py``).

A page counts as rendered when it shows no error (Voila answers 200 even when a cell failed),
the browser logged no error and no request failed, and every chart is drawn. A full-page
screenshot of each is kept in ``test-artifacts/screenshots/`` for a person to look at.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from negotiation_lib.worksheets.app import practice_case_names
from tests.browser.conftest import (
    WORKSHEETS,
    WatchedPage,
    open_worksheet,
    save_screenshot,
    wait_for_charts,
)

CHARTS_AT_LEAST = {"value_proposition": 3, "transparent_economics": 6, "win_win": 3}
"""How many charts each worksheet draws, at least."""

# Case by case, so that two loads of the same notebook are apart and its preheated kernel
# has time to be replaced.
PAGES = [(notebook, case) for case in practice_case_names() for notebook in WORKSHEETS]


def test_every_practice_case_is_covered() -> None:
    assert len(practice_case_names()) >= 3
    assert set(CHARTS_AT_LEAST) == set(WORKSHEETS)


@pytest.mark.slow
@pytest.mark.parametrize(("notebook", "case"), PAGES, ids=[f"{n}-{c}" for n, c in PAGES])
def test_worksheet_renders_cleanly_with_every_chart_drawn(
    watched_page: WatchedPage, notebook: str, case: str
) -> None:
    page = watched_page.page
    open_worksheet(page, notebook, case)
    traces = wait_for_charts(page, CHARTS_AT_LEAST[notebook])
    screenshot = save_screenshot(page, notebook, case)

    assert len(traces) >= CHARTS_AT_LEAST[notebook], (
        f"{notebook} shows {len(traces)} charts, expected at least {CHARTS_AT_LEAST[notebook]}"
    )
    assert all(n > 0 for n in traces), f"a chart was not drawn (traces per chart: {traces})"
    assert not watched_page.problems(), "\n".join(watched_page.problems())
    assert screenshot.stat().st_size > 0


@pytest.mark.slow
def test_home_page_renders_and_links_to_the_three_worksheets(watched_page: WatchedPage) -> None:
    page = watched_page.page
    open_worksheet(page, "home")
    save_screenshot(page, "home", "overview")
    # Absolute addresses, as the browser resolves the links.
    targets = {
        urlsplit(href).path
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    }

    for notebook in WORKSHEETS:
        assert f"/voila/render/{notebook}.ipynb" in targets, f"no link to {notebook}"
    assert not watched_page.problems(), "\n".join(watched_page.problems())
