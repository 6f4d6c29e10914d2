"""A page that arrives without its output is loaded again once, then explained.

Voila waits a limited time (``serve --iopub-timeout``) for a page's output once the kernel has
built it, then sends the page without it: on a busy machine a trainee could be left before an
empty page. Every workbook notebook shows a page, so a page with no cell output at all has
lost it on the way. The workbook's page template then loads the page once more (with a new
kernel), and if that one arrives empty too, says so and offers to try again; it never reloads
in a loop, and it never reloads a page that arrived complete.

The empty page is made on purpose here: a server started as ``serve`` starts Voila, on a
folder whose notebook shows nothing, so every load of it arrives exactly as a page whose
output was dropped does (no cell output), whatever the timing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Request

from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    TILE_VALUE,
    Server,
    WatchedPage,
    new_watched_page,
    start_server,
    stop_server,
    worksheet_path,
)

EMPTY_PAGE = ".nw-empty-page"


@pytest.fixture(scope="module")
def empty_page_server(
    chromium_present: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A server whose only page (``home.ipynb``) has no output, as a page whose output was lost."""
    folder = tmp_path_factory.mktemp("empty-notebooks")
    cell: dict[str, object] = {
        "cell_type": "code",
        "id": "shows-nothing",
        "metadata": {},
        "execution_count": None,
        "outputs": [],
        "source": "shown = None",
    }
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": kernel}}
    (folder / "home.ipynb").write_text(json.dumps({**notebook, "cells": [cell]}), "utf-8")
    server = start_server("serve-empty-page", notebooks=folder)
    try:
        yield server
    finally:
        stop_server(server)


def _loads_of(page: Page, notebook: str) -> list[str]:
    """Every navigation of ``page`` to ``notebook``, recorded from now on."""
    loads: list[str] = []

    def on_request(request: Request) -> None:
        if request.is_navigation_request() and f"voila/render/{notebook}.ipynb" in request.url:
            loads.append(request.url)

    page.on("request", on_request)
    return loads


@pytest.mark.slow
def test_an_empty_page_is_loaded_again_once_then_explained(
    chromium: Browser, empty_page_server: Server
) -> None:
    watched, context = new_watched_page(chromium, empty_page_server.url)
    try:
        page = watched.page
        loads = _loads_of(page, "home")
        # The page reloads itself while loading: wait for its first answer, not its load event.
        page.goto(worksheet_path("home"), timeout=PAGE_TIMEOUT_MS, wait_until="commit")
        banner = page.locator(EMPTY_PAGE)
        banner.get_by_role("button", name="Try again").wait_for(timeout=PAGE_TIMEOUT_MS)

        # The first load arrived empty and was loaded again; the second, empty too, explains.
        assert len(loads) == 2, f"expected the page and one reload, got {loads}"
        text = banner.inner_text()
        assert "could not be loaded" in text, text
        assert "tell your facilitator" in text, text

        # Asking again loads the page once more, and explains again instead of looping.
        with page.expect_navigation(timeout=PAGE_TIMEOUT_MS):
            banner.get_by_role("button", name="Try again").click()
        banner.get_by_role("button", name="Try again").wait_for(timeout=PAGE_TIMEOUT_MS)
        assert len(loads) == 3, f"expected exactly one more load after 'Try again', got {loads}"
        # Reloading cancels the scripts the empty page was still fetching; nothing else failed.
        assert [p for p in watched.problems() if not p.endswith("net::ERR_ABORTED")] == []
    finally:
        context.close()


@pytest.mark.slow
def test_a_page_that_arrived_complete_is_not_loaded_again(watched_page: WatchedPage) -> None:
    page = watched_page.page
    loads = _loads_of(page, "value_proposition")
    page.goto(worksheet_path("value_proposition", "pumpco_acme_foods"), timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(TILE_VALUE, timeout=PAGE_TIMEOUT_MS)
    assert len(loads) == 1, loads
    assert page.locator(EMPTY_PAGE).count() == 0
    assert watched_page.problems() == []
