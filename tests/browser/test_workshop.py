"""Workshop mode in real Chromium: join, autosave, reload, resume, access control, escaping.

A trainee's work must survive reloads, closed browsers and other people's attempts to open it;
a facilitator's dashboard must show nothing without its key; and nothing a trainee types may
run as a script on anyone's page.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from negotiation_lib.cli import NOTEBOOKS_DIR
from negotiation_lib.domain.case import PartyDefinition
from negotiation_lib.domain.seal import definition_sha256
from negotiation_lib.store import Store
from negotiation_lib.store.config import sqlite_path
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    SAVED,
    UPDATE_TIMEOUT_MS,
    Server,
    WatchedPage,
    assert_no_error_output,
    field_input,
    new_watched_page,
    save_screenshot,
    saved_version,
    start_server,
    stop_server,
    version_now,
)
from tests.postgres import PostgresServer

CASE = "pumpco_acme_foods"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(2)</script>"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def workshop_server(request: pytest.FixtureRequest, server: Server) -> Iterator[Server]:
    """The session's server (SQLite), or one more server saving to the real PostgreSQL."""
    if request.param == "sqlite":
        yield server
        return
    postgres: PostgresServer = request.getfixturevalue("postgres_server")
    url = postgres.create_database("browser_workshop")
    running = start_server("serve-postgresql", store_url=url)
    try:
        yield running
    finally:
        stop_server(running)
        postgres.drop_database("browser_workshop")


def _store(server: Server) -> Store:
    return Store(server.store_url)


def _open(page: Page, path: str) -> None:
    """Open a page and wait for its root; fail on any cell error."""
    page.goto(path, timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(".nw-page", state="visible", timeout=PAGE_TIMEOUT_MS)
    assert_no_error_output(page, path)


def _join(page: Page, join_code: str, name: str) -> str:
    """Join a workshop on the home page; return the resume code it shows."""
    _open(page, "voila/render/home.ipynb")
    page.locator(".nw-home-join-code input").fill(join_code)
    page.locator(".nw-home-your-name input").fill(name)
    page.get_by_role("button", name="Join").click()
    code = page.locator("[data-resume-code]")
    code.wait_for(timeout=UPDATE_TIMEOUT_MS)
    return code.inner_text().strip()


def _fill(page: Page, path: str, value: str) -> int:
    before = version_now(page)
    field_input(page, path).fill(value)
    return saved_version(page, before)


# The fields filled in on each worksheet, and what is typed into them.
ENTRIES = {
    "value_proposition": {
        "value.reference.price_per_unit": "12345",
        "title": "Renewal with a fair price",
    },
    "transparent_economics": {"economics.volume_per_period": "77"},
    "win_win": {"trust.customer_view.credibility": "9"},
}


def test_a_trainees_work_survives_reloads_and_comes_back_with_the_resume_link(
    chromium: Browser, workshop_server: Server
) -> None:
    made = _store(workshop_server).create_workshop("Resume test", [CASE])
    watched, context = new_watched_page(chromium, workshop_server.url)
    page = watched.page
    try:
        code = _join(page, made.workshop.join_code, "Team Resume")
        assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
        for i, (sheet, entries) in enumerate(ENTRIES.items()):
            # The first worksheet from the welcome, into the participant's workbook; the next
            # ones from the workbook's tabs, on the same page (the address follows the tab).
            label = sheet.split("_")[0].capitalize()
            if i == 0:
                page.locator(".nw-welcome a").filter(has_text=label).first.click()
            else:
                page.locator(".nw-tabs button").filter(has_text=label).first.click()
            page.wait_for_url(
                f"**/workbook.ipynb?resume={code}&sheet={sheet}", timeout=PAGE_TIMEOUT_MS
            )
            page.wait_for_selector(SAVED, timeout=PAGE_TIMEOUT_MS)
            for path, value in entries.items():
                _fill(page, path, value)
            page.reload(timeout=PAGE_TIMEOUT_MS)
            page.wait_for_selector(SAVED, timeout=PAGE_TIMEOUT_MS)
            for path, value in entries.items():
                assert field_input(page, path).input_value().replace(",", "") == value, path
        assert not watched.problems(), "\n".join(watched.problems())
    finally:
        context.close()  # the browser is closed: only the resume link is left

    watched, context = new_watched_page(chromium, workshop_server.url)
    page = watched.page
    try:
        for sheet, entries in ENTRIES.items():
            _open(page, f"voila/render/{sheet}.ipynb?resume={code}")
            page.wait_for_selector(SAVED, timeout=PAGE_TIMEOUT_MS)
            assert "Team Resume" in page.locator(".nw-session").inner_text()
            for path, value in entries.items():
                assert field_input(page, path).input_value().replace(",", "") == value, path
        save_screenshot(page, "win_win", "resumed")
        assert not watched.problems(), "\n".join(watched.problems())
    finally:
        context.close()
    # Every change was a new version; the first one (the case handed out) is intact.
    store = _store(workshop_server)
    person = store.participant_for_resume(code)
    assert person is not None
    history = store.history(person.id)
    assert [v.version for v in history] == list(range(1, len(history) + 1))
    assert len(history) >= 1 + sum(len(e) for e in ENTRIES.values())
    first = store.version(person.id, 1).data
    assert first is not None
    assert first["economics"]["volume_per_period"] == 40


def test_a_wrong_or_foreign_resume_code_opens_nothing_of_anyone_else(
    watched_page: WatchedPage, server: Server
) -> None:
    store = _store(server)
    made = store.create_workshop("Codes test", [CASE])
    alice = store.join(made.workshop.join_code, "Alice")
    bob = store.join(made.workshop.join_code, "Bob")
    data = store.latest(bob.participant.id)
    assert data is not None
    assert data.data is not None
    data.data["title"] = "Bob's secret plan"
    store.save(bob.participant.id, data.data, "value_proposition")
    page = watched_page.page

    _open(page, f"voila/render/value_proposition.ipynb?resume={alice.resume_code}")
    page.wait_for_selector(SAVED, timeout=PAGE_TIMEOUT_MS)
    assert "Alice" in page.locator(".nw-session").inner_text()
    assert "Bob's secret plan" not in page.content()

    # Alice's code with its last character changed: always a different character, so
    # never by chance her own code (a fixed "Z" was her code one time in 31).
    last = "Z" if alice.resume_code[-1] != "Z" else "Y"
    for wrong in ("AAAA-BBBB-CCCC", alice.resume_code[:-1] + last, "x"):
        _open(page, f"voila/render/win_win.ipynb?resume={wrong}")
        page.get_by_text("This resume code opens nothing").wait_for(timeout=UPDATE_TIMEOUT_MS)
        assert page.locator(".nw-tile").count() == 0
        assert page.locator("input").count() == 0
        assert "Bob" not in page.content()
        assert "Alice" not in page.content()


def test_the_dashboard_shows_only_a_key_prompt_until_the_right_key_opens_it(
    watched_page: WatchedPage, server: Server
) -> None:
    store = _store(server)
    made = store.create_workshop("Dashboard key test", [CASE])
    other = store.create_workshop("Someone else's workshop", [CASE])
    store.join(made.workshop.join_code, "Team Visible")
    store.join(other.workshop.join_code, "Team Elsewhere")
    page = watched_page.page
    _open(page, "voila/render/dashboard.ipynb")
    key_box = page.locator(".nw-dashboard-key input")
    key_box.wait_for()

    def shows_nothing() -> None:
        text = page.locator(".nw-page").inner_text()
        assert "Team Visible" not in text
        assert "Team Elsewhere" not in text
        assert (
            page.locator(".nw-people").count() == 0 or not page.locator(".nw-people").is_visible()
        )
        assert page.locator(".nw-chart .js-plotly-plot").count() == 0

    shows_nothing()
    for wrong in ("not-the-key", made.facilitator_key[:-1], made.workshop.join_code):
        key_box.fill(wrong)
        page.get_by_role("button", name="Open").click()
        page.get_by_text("This key opens no workshop").wait_for(timeout=UPDATE_TIMEOUT_MS)
        shows_nothing()

    key_box.fill(made.facilitator_key)
    page.get_by_role("button", name="Open").click()
    page.locator(".nw-people").wait_for(timeout=UPDATE_TIMEOUT_MS)
    text = page.locator(".nw-page").inner_text()
    assert "Team Visible" in text
    assert "Team Elsewhere" not in text
    page.wait_for_function(
        "() => document.querySelectorAll('.nw-chart .js-plotly-plot').length >= 5",
        timeout=PAGE_TIMEOUT_MS,
    )
    save_screenshot(page, "dashboard", "open")
    assert not watched_page.problems(), "\n".join(watched_page.problems())


def test_the_store_file_cannot_be_fetched_over_http(server: Server) -> None:
    path = sqlite_path(server.store_url)
    assert path is not None
    assert path.exists()
    assert not path.is_relative_to(NOTEBOOKS_DIR.resolve())
    assert path.read_bytes()[:15] == b"SQLite format 3"
    candidates = [
        f"voila/files/{path}",
        f"voila/files/{path.name}",
        f"files/{path}",
        f"files/{path.name}",
        f"voila/files/../{path.name}",
        f"voila/static/{path.name}",
        f"voila/render/{path.name}",
        f"voila/tree/{path.parent}",
        f"{path.name}",
        f"voila/files/%2e%2e/%2e%2e/{path.name}",
        f"voila/files/..%2f..%2f{path}",
        f"api/contents/{path.name}",
        f"api/contents/{path}",
    ]
    for candidate in candidates:
        url = server.url + candidate.lstrip("/")
        try:
            with urllib.request.urlopen(url, timeout=60) as answer:
                body = answer.read()
        except urllib.error.HTTPError as err:
            body = err.read()
        assert b"SQLite format 3" not in body, f"{url} served the store file"
        assert b"CREATE TABLE" not in body, url


def test_typed_scripts_are_shown_as_text_on_the_worksheets_and_the_dashboard(
    chromium: Browser, server: Server
) -> None:
    store = _store(server)
    made = store.create_workshop("Escaping test", [CASE])
    watched, context = new_watched_page(chromium, server.url)
    page = watched.page
    try:
        code = _join(page, made.workshop.join_code, XSS_IMG)
        assert XSS_IMG in page.locator(".nw-welcome").inner_text()
        _open(page, f"voila/render/value_proposition.ipynb?resume={code}")
        page.wait_for_selector(SAVED, timeout=PAGE_TIMEOUT_MS)
        _fill(page, "title", XSS_SCRIPT)
        _fill(page, "seller", XSS_IMG)
        page.reload(timeout=PAGE_TIMEOUT_MS)
        page.wait_for_selector(SAVED, timeout=PAGE_TIMEOUT_MS)
        assert XSS_SCRIPT in page.locator(".nw-header h1").inner_text()
        assert XSS_IMG in page.locator(".nw-session").inner_text()

        _open(page, "voila/render/dashboard.ipynb")
        page.locator(".nw-dashboard-key input").fill(made.facilitator_key)
        page.get_by_role("button", name="Open").click()
        page.locator(".nw-people").wait_for(timeout=UPDATE_TIMEOUT_MS)
        assert XSS_IMG in page.locator(".nw-people").inner_text()
        page.locator(".widget-dropdown select").last.select_option(label=XSS_IMG)
        page.get_by_role("button", name="Show read-only").click()
        readonly = page.locator(".nw-readonly")
        readonly.wait_for(timeout=PAGE_TIMEOUT_MS)
        assert XSS_IMG in readonly.locator(".nw-banner").first.inner_text()
        # No element came from the typed markup, and no script ran.
        assert page.locator("img[src='x']").count() == 0
        assert (
            page.evaluate("() => [...document.scripts].some(s => s.text.includes('alert(2)'))")
            is False
        )
        save_screenshot(page, "dashboard", "escaped")
        assert not watched.dialogs, watched.dialogs
        assert not watched.problems(), "\n".join(watched.problems())
    finally:
        context.close()


def test_the_store_directory_is_outside_the_served_folder(server: Server) -> None:
    path = sqlite_path(server.store_url)
    assert path is not None
    assert NOTEBOOKS_DIR.resolve() not in path.parents
    assert Path(path).parent != NOTEBOOKS_DIR.resolve()


def test_an_amended_seal_is_stored_with_its_reason_and_shows_on_the_dashboard(
    watched_page: WatchedPage, server: Server
) -> None:
    store = _store(server)
    made = store.create_workshop("Sealing test", [CASE])
    joined = store.join(made.workshop.join_code, "Team Seal")
    pid = joined.participant.id
    assert store.seals(pid)["seller"] == []  # handed out unsealed: the trainee seals it
    page = watched_page.page
    _open(page, f"voila/render/win_win.ipynb?resume={joined.resume_code}")
    version = version_now(page)

    seller = page.locator(".nw-ww-party-seller")
    seller.get_by_role("button", name="Seal this definition").click()
    version = saved_version(page, version)
    sealed_before = store.seals(pid)["seller"]
    assert [s.version for s in sealed_before] == [1]
    field_input(page, "win_win.seller.weights.price_per_pump").fill("0.35")
    version = saved_version(page, version)
    seller.locator(".nw-ww-reason input").fill("Warranty matters more after the site visit")
    seller.get_by_role("button", name="Amend").click()
    saved_version(page, version)

    records = store.seals(pid)["seller"]
    assert [s.version for s in records] == [1, 2]
    assert records[0] == sealed_before[0]  # the first seal is untouched
    assert records[1].reason == "Warranty matters more after the site visit"
    assert records[1].sealed["definition"]["weights"]["price_per_pump"] == 0.35
    definition = PartyDefinition.model_validate(records[1].sealed["definition"])
    assert records[1].sha256 == definition_sha256(definition)

    page.reload(timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(SAVED, timeout=PAGE_TIMEOUT_MS)
    history = page.locator(".nw-ww-party-seller .nw-ww-history").inner_text()
    assert "Version 2" in history
    assert "Warranty matters more after the site visit" in history

    _open(page, "voila/render/dashboard.ipynb")
    page.locator(".nw-dashboard-key input").fill(made.facilitator_key)
    page.get_by_role("button", name="Open").click()
    page.locator("[data-kpi='goalposts'] .nw-tile-value").wait_for(timeout=UPDATE_TIMEOUT_MS)
    assert page.locator("[data-kpi='goalposts'] .nw-tile-value").inner_text() == "1 of 1"
    assert not watched_page.problems(), "\n".join(watched_page.problems())
