"""Served under a URL prefix, as behind a proxy or a hub: every page and link stays under it.

``negotiation-workbook serve --base-url /user/ann/`` (issue 17): the pages, their scripts,
their kernels' websockets and the links between worksheets all live under the prefix, and a
preheated kernel still learns which case its visitor asked for.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    TILE_VALUE,
    Server,
    new_watched_page,
    start_server,
    stop_server,
)

PREFIX = "/user/ann/"


@pytest.fixture(scope="module")
def prefixed(chromium_present: None) -> Iterator[Server]:
    server = start_server("serve-base-url", base_url=PREFIX)
    try:
        yield server
    finally:
        stop_server(server)


def test_every_page_and_link_is_under_the_prefix(chromium: Browser, prefixed: Server) -> None:
    root = prefixed.url
    assert root.endswith(PREFIX)
    requested: list[str] = []
    watched, context = new_watched_page(chromium, root)
    try:
        page = watched.page
        page.on("request", lambda request: requested.append(request.url))
        page.goto(
            root + "voila/render/transparent_economics.ipynb?case=swiftfreight_helios",
            timeout=PAGE_TIMEOUT_MS,
        )
        page.wait_for_selector(TILE_VALUE, state="attached", timeout=PAGE_TIMEOUT_MS)
        # The kernel answered (tiles drawn) and read the visitor's query through the prefix.
        assert "SwiftFreight" in page.inner_text("body")
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        # The navigation's next worksheet opens, under the prefix too.
        page.goto(
            root + "voila/render/value_proposition.ipynb?case=swiftfreight_helios",
            timeout=PAGE_TIMEOUT_MS,
        )
        page.wait_for_selector(TILE_VALUE, state="attached", timeout=PAGE_TIMEOUT_MS)
    finally:
        context.close()
    own = [u for u in links + requested if urlsplit(u).port == urlsplit(root).port]
    assert any("value_proposition.ipynb" in u for u in links)
    outside = [u for u in own if not urlsplit(u).path.startswith(PREFIX)]
    assert outside == []
    assert watched.console_errors == []


def test_without_the_prefix_nothing_is_served(prefixed: Server) -> None:
    url = urljoin(prefixed.url, "/voila/render/home.ipynb")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url, timeout=60)
    assert err.value.code == 404
