"""No page asks anything of any server but the workbook's own.

A room on a closed network (or a careful company's) cannot reach CDNs, and every request to a
third party tells it who is in the room. Voila's default templates ask CDNs for fonts and
MathJax; the workbook's template and pages must not (issue 17). Each page is opened once, its
charts drawn, and every request the browser made is recorded.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Request

from tests.browser.conftest import (
    PAGE_ROOT,
    PAGE_TIMEOUT_MS,
    Server,
    new_watched_page,
    worksheet_path,
)

PAGES = {
    "home": "voila/render/home.ipynb",
    "dashboard": "voila/render/dashboard.ipynb",
    **{
        kind: worksheet_path(kind, "pumpco_acme_foods")
        for kind in ("value_proposition", "transparent_economics", "win_win")
    },
}
LOCAL_SCHEMES = {"data", "blob", "about"}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_request_of_a_page_goes_to_the_workbooks_own_server(
    chromium: Browser, server: Server, name: str
) -> None:
    origin = urlsplit(server.url)
    requested: list[str] = []
    watched, context = new_watched_page(chromium, server.url)

    def record(request: Request) -> None:
        requested.append(request.url)

    try:
        page = watched.page
        page.on("request", record)
        page.goto(PAGES[name], timeout=PAGE_TIMEOUT_MS)
        page.wait_for_selector(PAGE_ROOT, state="visible", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_load_state("networkidle", timeout=PAGE_TIMEOUT_MS)
    finally:
        context.close()
    assert len(requested) > 5  # the page, its scripts and styles were seen
    elsewhere = [
        url
        for url in requested
        if urlsplit(url).scheme not in LOCAL_SCHEMES
        and (urlsplit(url).hostname, urlsplit(url).port) != (origin.hostname, origin.port)
    ]
    assert elsewhere == []
