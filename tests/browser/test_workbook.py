"""A participant's workbook: the three worksheets on one kernel, every change saved.

Each worksheet used to be its own page, so moving from one to the next started a kernel (about
3 CPU-seconds of the server, issue 17). The workbook page holds all three as tabs over one
document. Here a participant comes in through an old single-worksheet resume link (redirected
by the server to the workbook), changes a field on each worksheet, goes back to the first, and
the test checks that no page load and no new kernel happened on the way, and that the store
holds every change, each version recorded with the worksheet it was made on.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Page

from negotiation_lib.store import Store
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    TILE_VALUE,
    Server,
    field_input,
    new_watched_page,
    saved_version,
    version_now,
    worksheet_path,
)

CHANGES = {
    "value_proposition": ("value.drivers[0].value_per_unit", "2600", 2600),
    "transparent_economics": ("economics.volume_per_period", "41", 41),
    "win_win": ("trust.seller_view.credibility", "9", 9),
}
LABELS = {
    "value_proposition": "1 · Value proposition",
    "transparent_economics": "2 · Transparent economics",
    "win_win": "3 · Win-win definition",
}


def _kernel_id(page: Page) -> str:
    kernel_id: str = page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    return kernel_id


def _settled_kernels(server: Server) -> set[int]:
    """The server's kernels once the pool has stopped refilling (unchanged for 3 s)."""
    last, stable_since = set(server.kernel_pids()), time.monotonic()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = set(server.kernel_pids())
        if now != last:
            last, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= 3:
            break
    return last


def test_a_participant_moves_through_every_worksheet_on_one_kernel(
    chromium: Browser, server: Server
) -> None:
    store = Store(server.store_url)
    try:
        made = store.create_workshop("One kernel", ["pumpco_acme_foods"])
        joined = store.join(made.workshop.join_code, "Ann")
        code = joined.resume_code
        watched, context = new_watched_page(chromium, server.url)
        try:
            page = watched.page
            # An old link to one worksheet opens the workbook at that worksheet.
            old_link = worksheet_path("transparent_economics") + f"?resume={code}"
            page.goto(old_link, timeout=PAGE_TIMEOUT_MS)
            where = urlsplit(page.url)
            assert where.path.endswith("/workbook.ipynb")
            assert parse_qs(where.query) == {"resume": [code], "sheet": ["transparent_economics"]}
            page.wait_for_selector(TILE_VALUE, state="attached", timeout=PAGE_TIMEOUT_MS)
            kernel = _kernel_id(page)
            page.evaluate("() => { window.nwSamePage = true; }")  # gone if the page reloads
            kernels = _settled_kernels(server)
            version = version_now(page)

            for sheet in ("transparent_economics", "win_win", "value_proposition"):
                # Each tab but the first is opened by its button; the page stays.
                if sheet != "transparent_economics":
                    page.get_by_role("button", name=LABELS[sheet], exact=True).click()
                path, typed, _ = CHANGES[sheet]
                box = field_input(page, path)
                box.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
                box.fill(typed)
                box.press("Enter")
                version = saved_version(page, version)

            # Back to the first worksheet: its own change is still on screen.
            page.get_by_role("button", name=LABELS["transparent_economics"], exact=True).click()
            volume = field_input(page, CHANGES["transparent_economics"][0])
            volume.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
            assert volume.input_value() == "41"

            assert page.evaluate("() => window.nwSamePage === true")
            assert _kernel_id(page) == kernel
            # No kernel started on the way (kernels of earlier tests' closed pages may end).
            assert _settled_kernels(server) - kernels == set()
            # The address follows the tab: a reload opens the worksheet on screen.
            page.wait_for_function(
                "() => new URL(location.href).searchParams.get('sheet') === 'transparent_economics'"
            )
            page.reload(timeout=PAGE_TIMEOUT_MS)
            volume = field_input(page, CHANGES["transparent_economics"][0])
            volume.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
            assert volume.input_value() == "41"
        finally:
            context.close()

        latest = store.latest(joined.participant.id)
        assert latest is not None
        assert latest.data is not None
        data = latest.data
        assert data["value"]["drivers"][0]["value_per_unit"] == 2600
        assert data["economics"]["volume_per_period"] == 41
        assert data["trust"]["seller_view"]["credibility"] == 9
        origins = {v.worksheet for v in store.history(joined.participant.id)}
        assert set(CHANGES) <= origins
    finally:
        store.close()


def test_a_trainee_who_joins_on_the_home_page_works_on_in_the_same_kernel(
    chromium: Browser, server: Server
) -> None:
    """Join, then "Open your workbook": the home page's own kernel builds the worksheets."""
    store = Store(server.store_url)
    try:
        made = store.create_workshop("Same kernel", ["pumpco_acme_foods"])
        watched, context = new_watched_page(chromium, server.url)
        try:
            page = watched.page
            page.goto("voila/render/home.ipynb", timeout=PAGE_TIMEOUT_MS)
            join_code = page.locator(".nw-home-join-code input")
            join_code.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
            join_code.fill(made.workshop.join_code)
            page.locator(".nw-home-your-name input").fill("Bea")
            page.get_by_role("button", name="Join").click()
            code = page.locator("[data-resume-code]")
            code.wait_for(timeout=PAGE_TIMEOUT_MS)
            resume = code.inner_text().strip()
            home_kernel = _kernel_id(page)
            page.evaluate("() => { window.nwSamePage = true; }")

            page.get_by_role("button", name="Open your workbook").click()
            page.wait_for_selector(TILE_VALUE, state="attached", timeout=PAGE_TIMEOUT_MS)
            page.wait_for_function(
                "() => location.pathname.endsWith('/workbook.ipynb')", timeout=PAGE_TIMEOUT_MS
            )
            assert parse_qs(urlsplit(page.url).query) == {
                "resume": [resume],
                "sheet": ["value_proposition"],
            }
            assert page.evaluate("() => window.nwSamePage === true")
            assert _kernel_id(page) == home_kernel
            version = version_now(page)
            path, typed, value = CHANGES["value_proposition"]
            box = field_input(page, path)
            box.fill(typed)
            box.press("Enter")
            saved_version(page, version)
        finally:
            context.close()
        (bea,) = store.participants(made.workshop.id)
        latest = store.latest(bea.id)
        assert latest is not None
        assert latest.data is not None
        assert latest.data["value"]["drivers"][0]["value_per_unit"] == value
    finally:
        store.close()
