"""Codes are not guessed: attempt limits, the admin secret, longer join codes, a cap (issue 22).

The attacks: join codes, resume codes and keys were guessed at about 20 a second through one
page's widgets with no backoff; join codes had about 30 bits; anyone could create a workshop on
the dashboard; 200 joins from one page took 16 s. The pages here run against a real store, with
the server's count in the test's own data folder (tests/conftest.py).
"""

from __future__ import annotations

import html
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy import update

from negotiation_lib.store import NewWorkshop, Store, StoreError
from negotiation_lib.store import attempts as attempts_module
from negotiation_lib.store import participants as participants_module
from negotiation_lib.store.admin import admin_secret_path, check_admin_secret, set_admin_secret
from negotiation_lib.store.attempts import (
    PAGE_FREE_FAILURES,
    SERVER_PER_SECOND,
    CodeAttempts,
    ServerAttempts,
    TooManyAttemptsError,
)
from negotiation_lib.store.tables import Workshop
from negotiation_lib.worksheets import home as home_module
from negotiation_lib.worksheets.dashboard import DashboardPage
from negotiation_lib.worksheets.home import WorkshopEntry
from tests.browser.conftest import UPDATE_TIMEOUT_MS, Server, new_watched_page
from tests.security.conftest import open_page

CASE = "pumpco_acme_foods"
WRONG_CODES = [f"ZZZ-{n:03d}".replace("0", "Z").replace("1", "Y") for n in range(40)]
"""Join codes of the old shape that open nothing (no 0 or 1 in the code alphabet)."""


@pytest.fixture
def workshop(store: Store) -> NewWorkshop:
    return store.create_workshop("Guessing test", [CASE])


def _entry(store: Store) -> WorkshopEntry:
    return WorkshopEntry(lambda: store)


# --------------------------------------------------------------------------- one page


def test_a_page_waits_after_five_wrong_join_codes_and_says_how_long(
    store: Store, workshop: NewWorkshop
) -> None:
    entry = _entry(store)
    for code in WRONG_CODES[:PAGE_FREE_FAILURES]:
        entry.w_code.value = code
        assert "No workshop has this join code" in entry.w_join_msg.value
    entry.w_code.value = WRONG_CODES[PAGE_FREE_FAILURES]
    assert "Too many wrong join codes: wait 1 s, then try again." in entry.w_join_msg.value
    # While it waits, even the right code is not looked up.
    entry.w_code.value = workshop.workshop.join_code
    assert "Too many wrong join codes" in entry.w_join_msg.value
    assert entry.w_case.disabled
    time.sleep(1.05)
    entry.w_code.value = ""
    entry.w_code.value = workshop.workshop.join_code
    assert "Guessing test" in entry.w_join_msg.value


def test_each_wrong_code_past_the_free_ones_doubles_the_wait() -> None:
    now = [0.0]
    page = CodeAttempts("resume", server=False, clock=lambda: now[0])
    waits = []
    for _ in range(PAGE_FREE_FAILURES + 4):
        page.attempt(lambda: None)
        waits.append(page.wait_s())
        now[0] += page.wait_s()
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16]
    assert page.attempt(lambda: "right") == "right"
    assert page.wait_s() == 0  # a right code clears the count


def test_resume_codes_and_facilitator_keys_are_limited_too(
    store: Store, workshop: NewWorkshop
) -> None:
    entry = _entry(store)
    for n in range(PAGE_FREE_FAILURES + 1):
        entry.w_resume.value = f"AAAA-BBBB-CC{n:02d}".replace("0", "D").replace("1", "E")
        entry.w_open.click()
    assert "Too many wrong resume codes: wait" in entry.w_resume_msg.value

    dashboard = DashboardPage(lambda: store)
    for n in range(PAGE_FREE_FAILURES + 1):
        dashboard.w_key.value = f"not-the-key-{n}"
        dashboard.w_open.click()
    assert "Too many wrong facilitator keys: wait" in dashboard.w_key_msg.value
    dashboard.w_key.value = workshop.facilitator_key
    dashboard.w_open.click()
    assert dashboard.workshop is None  # refused while it waits, right key or not


# --------------------------------------------------------------------------- the server


def test_the_21st_guess_within_a_second_is_refused_whatever_page_it_comes_from(
    tmp_path: Path,
) -> None:
    now = [1_000.0]
    server = ServerAttempts(tmp_path / "attempts.sqlite3", clock=lambda: now[0])
    pages = [CodeAttempts("join", server=server) for _ in range(SERVER_PER_SECOND + 1)]
    for page in pages[:SERVER_PER_SECOND]:
        assert page.attempt(lambda: None) is None
        now[0] += 0.01
    with pytest.raises(TooManyAttemptsError, match="on this server: wait 1 s") as refused:
        pages[SERVER_PER_SECOND].attempt(lambda: "K7MQ2-P3XR9")
    assert 0 < refused.value.wait_s <= 1
    # Other kinds have counts of their own; a second later the window has room again.
    assert CodeAttempts("key", server=server).attempt(lambda: "opened") == "opened"
    now[0] += 1.0
    assert pages[SERVER_PER_SECOND].attempt(lambda: "K7MQ2-P3XR9") == "K7MQ2-P3XR9"


def test_a_right_code_is_given_back_to_the_servers_count(tmp_path: Path) -> None:
    now = [0.0]
    server = ServerAttempts(tmp_path / "attempts.sqlite3", clock=lambda: now[0])
    for _ in range(3 * SERVER_PER_SECOND):
        assert CodeAttempts("join", server=server).attempt(lambda: "right") == "right"


def test_pages_share_the_servers_count_through_its_file(
    store: Store, workshop: NewWorkshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """21 fresh pages (each with a count of its own) guess within one second."""
    monkeypatch.setattr(attempts_module, "_wall_clock", lambda: 5_000.0)
    said = []
    for code in WRONG_CODES[: SERVER_PER_SECOND + 1]:
        entry = _entry(store)  # a fresh page each time: only the server's count can stop it
        entry.w_code.value = code
        said.append(entry.w_join_msg.value)
    assert all("No workshop has this join code" in m for m in said[:SERVER_PER_SECOND])
    assert "Too many wrong join codes on this server: wait 1 s" in said[SERVER_PER_SECOND]


# --------------------------------------------------------------------------- workshops


def test_a_dashboard_without_the_admin_secret_cannot_create_a_workshop(store: Store) -> None:
    page = DashboardPage(lambda: store)
    page.w_new_name.value = "Pirate workshop"
    page.w_create.click()
    assert "This server has no admin secret" in page.w_create_msg.value

    secret = set_admin_secret()
    for given in ("", "a-wrong-secret-123"):
        page.w_admin.value = given
        page.w_create.click()
        assert "Enter the server's admin secret" in html.unescape(page.w_create_msg.value)
    assert store.workshops() == []

    page.w_admin.value = secret
    page.w_create.click()
    assert "is ready" in page.w_create_msg.value
    assert [w.name for w in store.workshops()] == ["Pirate workshop"]
    assert page.w_admin.value == ""  # never left in the page
    assert secret not in page.w_create_msg.value


def test_the_admin_secret_is_kept_as_a_hash_only() -> None:
    secret = set_admin_secret()
    assert check_admin_secret(secret)
    assert not check_admin_secret(secret + "x")
    assert secret not in admin_secret_path().read_text()
    assert admin_secret_path().stat().st_mode & 0o077 == 0  # its owner's only
    with pytest.raises(ValueError, match="at least 12"):
        set_admin_secret("short")


def test_a_workshop_takes_at_most_its_cap_of_participants(
    store: Store, workshop: NewWorkshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(participants_module, "MAX_PARTICIPANTS", 3)
    for n in range(3):
        store.join(workshop.workshop.join_code, f"Team {n}")
    with pytest.raises(StoreError, match="This workshop is full"):
        store.join(workshop.workshop.join_code, "Team 4")
    assert len(store.participants(workshop.workshop.id)) == 3


def test_one_page_joins_only_a_few_participants(
    store: Store, workshop: NewWorkshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(home_module, "JOINS_PER_PAGE", 2)
    entry = _entry(store)
    entry.w_code.value = workshop.workshop.join_code
    for n in range(3):
        entry.w_name.value = f"Bot {n}"
        entry.w_join.click()
    assert "open a new page to join another one" in entry.w_join_msg.value
    assert len(store.participants(workshop.workshop.id)) == 2


def test_new_join_codes_are_longer_and_old_ones_keep_working(
    store: Store, workshop: NewWorkshop
) -> None:
    assert len(workshop.workshop.join_code.replace("-", "")) == 10
    with store._session(write=True) as s:  # a workshop made before issue 22
        s.execute(update(Workshop).values(join_code="K7MQ2P"))
    assert store.workshop_for_join_code("k7m-q2p") is not None
    assert store.workshop(workshop.workshop.id).join_code == "K7M-Q2P"
    entry = _entry(store)
    entry.w_code.value = "K7M-Q2P"
    assert "Guessing test" in entry.w_join_msg.value
    entry.w_name.value = "Old hands"
    entry.w_join.click()
    assert "Welcome, Old hands" in entry.w_welcome.value


# --------------------------------------------------------------------------- in a served page

# Every message banner the page shows, as it shows it. The widgets send a field's changes one
# at a time (changes made while one is on its way are merged), so each guess waits for its
# answer; and the backoff lets a guess through again after each wait, so the last message
# alone may be either kind.
_RECORD_BANNERS = """() => {
  window.__banners = [];
  new MutationObserver(() => {
    document.querySelectorAll('.nw-banner').forEach((b) => window.__banners.push(b.innerText));
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def test_in_the_page_guessing_join_codes_is_refused_with_a_wait(
    chromium: Browser, secure_server: Server
) -> None:
    watched, context = new_watched_page(chromium, secure_server.url)
    try:
        page = watched.page
        open_page(page, "voila/render/home.ipynb")
        page.evaluate(_RECORD_BANNERS)
        field = page.locator(".nw-home-join-code input")
        said: list[str] = []
        for code in WRONG_CODES[:21]:  # as fast as the kernel answers them
            page.evaluate("() => { window.__banners = []; }")
            field.fill(code)
            page.wait_for_function("() => window.__banners.length > 0", timeout=UPDATE_TIMEOUT_MS)
            said += page.evaluate("() => window.__banners")
        assert any("Too many wrong join codes: wait" in t for t in said), said
    finally:
        context.close()


def test_in_the_page_a_dashboard_without_the_admin_secret_creates_nothing(
    chromium: Browser, secure_server: Server
) -> None:
    watched, context = new_watched_page(chromium, secure_server.url)
    try:
        page = watched.page
        open_page(page, "voila/render/dashboard.ipynb")
        page.get_by_placeholder("e.g. Key accounts, May").fill("Pirate workshop")
        page.locator(".nw-dashboard-admin input").fill("not-the-admin-secret")
        page.get_by_role("button", name="Create workshop").click()
        page.get_by_text("Enter the server's admin secret").wait_for(timeout=UPDATE_TIMEOUT_MS)
        assert Store(secure_server.store_url).workshops() == []
    finally:
        context.close()
