"""The workbook under a real JupyterHub: trainees log in with a name and the join code.

``negotiation-workbook hub`` runs on free loopback ports in a temporary state folder, with the
real configurable-http-proxy, every single-user server saving to the session's PostgreSQL.
Two trainees log in with their names and the workshop's join code and land on their own
workbook, already joined; a change one of them makes is in the store; neither reaches the
other's server; the facilitator logs in with the key and the dashboard lists both. Every
request and websocket of the browser stays on the hub's own address.

Skipped without JupyterHub or configurable-http-proxy (``make test-deps`` installs the proxy
under ``.node/``), except in CI (``CI`` set), where that fails instead.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, WebSocket

from negotiation_lib.cli import NOTEBOOKS_DIR
from negotiation_lib.hub.config import HubSetupError, proxy_command
from negotiation_lib.hub.contents import READ_ONLY
from negotiation_lib.store import NewWorkshop, Store
from tests.browser.conftest import (
    LOGS,
    PAGE_TIMEOUT_MS,
    ROOT,
    TILE_VALUE,
    UPDATE_TIMEOUT_MS,
    VIEWPORT,
    assert_no_error_output,
    field_input,
    free_port,
    saved_version,
    version_now,
)
from tests.postgres import PostgresServer

HUB_START_TIMEOUT_S = 120.0
CODE_FIELD = "Join code, resume code or facilitator key"
CHANGE = ("value.drivers[0].value_per_unit", "2600", 2600)


def _hub_missing() -> str | None:
    if importlib.util.find_spec("jupyterhub") is None:
        return "JupyterHub is not installed (the test extra installs it)"
    try:
        proxy_command()
    except HubSetupError as err:
        return str(err)
    return None


@dataclass
class Hub:
    """A running ``negotiation-workbook hub`` and the workshop it was started for."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    store: Store
    workshop: NewWorkshop

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"


def _wait_for_login(hub: Hub) -> None:
    deadline = time.monotonic() + HUB_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise RuntimeError(f"the hub exited ({hub.process.returncode}):\n{hub.log_tail()}")
        with (
            contextlib.suppress(urllib.error.URLError, OSError),
            urllib.request.urlopen(f"{hub.url}/hub/login", timeout=5) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"the hub did not answer in {HUB_START_TIMEOUT_S:.0f} s:\n{hub.log_tail()}")


def _as_at_a_terminal() -> None:
    """In the child, before it runs: Ctrl-C (SIGINT) does what it does at a terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as a person stops the hub; then kill its group if it does not stop in time."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def hub(chromium_present: None, request: pytest.FixtureRequest) -> Iterator[Hub]:
    missing = _hub_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {missing}", pytrace=False)
        pytest.skip(missing)
    postgres_server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"hub_{uuid.uuid4().hex[:12]}"
    url = postgres_server.create_database(name)
    store = Store(url)
    workshop = store.create_workshop("Hub workshop", ["pumpco_acme_foods"])
    state = Path(tempfile.mkdtemp(prefix="nw-hub-"))
    env = dict(os.environ)
    env["NEGOTIATION_WORKBOOK_DB"] = url
    env["NEGOTIATION_WORKBOOK_DATA"] = str(state / "data")
    port = free_port()
    LOGS.mkdir(parents=True, exist_ok=True)
    log_path = LOGS / "hub.log"
    argv = [
        str(Path(sys.executable).with_name("negotiation-workbook")),
        "hub",
        f"--port={port}",
        f"--state={state / 'hub'}",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            argv,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
            # Ctrl-C works as at a terminal even when this suite runs in the background, where
            # the shell starts it with SIGINT ignored and every child inherits that.
            preexec_fn=_as_at_a_terminal,
        )
    running = Hub(f"http://127.0.0.1:{port}", process, log_path, store, workshop)
    try:
        _wait_for_login(running)
        yield running
    finally:
        _stop(process)
        hub_log = state / "hub" / "jupyterhub.log"
        with contextlib.suppress(OSError):
            (LOGS / "jupyterhub.log").write_bytes(hub_log.read_bytes())
        store.close()
        with contextlib.suppress(Exception):
            postgres_server.drop_database(name)
        shutil.rmtree(state, ignore_errors=True)
    # Ctrl-C stopped the hub quietly: a sentence, no traceback, the exit code of an interrupt.
    told = log_path.read_text(errors="replace")
    assert process.returncode == 130, told
    assert told.rstrip().endswith("Stopped."), told
    assert "Traceback" not in told


@dataclass
class Visitor:
    """A browser context on the hub recording every request's and websocket's address."""

    context: BrowserContext
    page: Page
    requests: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)


@contextlib.contextmanager
def visitor(chromium: Browser, hub: Hub, language: str | None = None) -> Iterator[Visitor]:
    context = chromium.new_context(base_url=hub.url, viewport=VIEWPORT)
    if language:
        context.set_extra_http_headers({"Accept-Language": language})
    page = context.new_page()
    page.set_default_timeout(UPDATE_TIMEOUT_MS)
    seen = Visitor(context, page)

    def on_request(request: Request) -> None:
        seen.requests.append(request.url)

    def on_websocket(socket: WebSocket) -> None:
        seen.websockets.append(socket.url)

    context.on("request", on_request)
    page.on("websocket", on_websocket)
    try:
        yield seen
    finally:
        context.close()


def log_in(page: Page, name: str, code: str) -> None:
    page.goto("/hub/login", timeout=PAGE_TIMEOUT_MS)
    page.get_by_label("Your name").fill(name)
    page.get_by_label(CODE_FIELD).fill(code)
    page.get_by_role("button", name="Sign in").click()


def open_after_login(page: Page, selector: str) -> None:
    page.wait_for_selector(selector, state="attached", timeout=PAGE_TIMEOUT_MS)
    assert_no_error_output(page, page.url)


def stays_home(hub: Hub, seen: Visitor) -> None:
    """Every request and websocket went to the hub's own address, nowhere else."""
    origin = urlsplit(hub.url).netloc
    elsewhere = [u for u in seen.requests if urlsplit(u).netloc != origin]
    assert not elsewhere, elsewhere
    assert seen.websockets
    assert all(w.startswith(f"ws://{origin}/") for w in seen.websockets), seen.websockets


def test_trainees_and_the_facilitator_log_in_with_the_workshops_codes(
    chromium: Browser, hub: Hub
) -> None:
    made = hub.workshop
    w = made.workshop.id
    # Ben's browser asks for American English pages: his kernel reads numbers as they are
    # written there (1,234.5), not in the euro case's usual format (1.234,5), so the browser's
    # Accept-Language reached it through the proxy and the hub.
    english = "en-US,en;q=0.9"
    with visitor(chromium, hub) as ann, visitor(chromium, hub, english) as ben:
        # A wrong code stays on the login page, which says why.
        log_in(ann.page, "Team Blue", "ZZZZZ-ZZZZZ")
        refused = ann.page.locator(".login_error")
        refused.wait_for()
        assert "No open workshop has this join code" in refused.inner_text()
        assert urlsplit(ann.page.url).path == "/hub/login"
        # The login page is the workbook's, by its name.
        assert ann.page.title() == "Negotiation Workbook · Sign in"
        assert "Negotiation Workbook" in ann.page.locator("nav").inner_text()

        # Right code: the trainee lands on their own workbook, already joined.
        log_in(ann.page, "Team Blue", made.workshop.join_code)
        open_after_login(ann.page, TILE_VALUE)
        a_home = f"/user/w{w}-team-blue/"
        assert urlsplit(ann.page.url).path == f"{a_home}voila/render/workbook.ipynb"
        assert "Team Blue" in ann.page.locator(".nw-session").inner_text()
        version = version_now(ann.page)
        path, typed, value = CHANGE
        box = field_input(ann.page, path)
        box.fill(typed)
        box.press("Enter")
        saved_version(ann.page, version)

        log_in(ben.page, "Team Green", made.workshop.join_code)
        open_after_login(ben.page, TILE_VALUE)
        b_home = f"/user/w{w}-team-green/"
        assert urlsplit(ben.page.url).path == f"{b_home}voila/render/workbook.ipynb"
        assert "Team Green" in ben.page.locator(".nw-session").inner_text()
        version = version_now(ben.page)
        box = field_input(ben.page, path)
        box.fill("2,600.5")
        box.press("Enter")
        saved_version(ben.page, version)

        # The same name with the join code again does not open Team Blue's work.
        with visitor(chromium, hub) as impostor:
            log_in(impostor.page, "Team Blue", made.workshop.join_code)
            impostor.page.locator(".login_error").wait_for()
            assert "resume code" in impostor.page.locator(".login_error").inner_text()

        # Ben cannot open Ann's server; JupyterLab and the file tree are not there.
        answer = ben.page.goto(f"{a_home}voila/render/workbook.ipynb", timeout=PAGE_TIMEOUT_MS)
        assert answer is not None
        assert answer.status == 403
        assert "Team Blue" not in ben.page.locator("body").inner_text()
        for closed in ("lab", "tree"):
            answer = ben.page.goto(f"{b_home}{closed}", timeout=PAGE_TIMEOUT_MS)
            assert answer is not None
            assert answer.status == 404, (closed, answer.status)

        # Nor can he change the notebooks his server runs (every page runs the same ones).
        notebook = NOTEBOOKS_DIR / "workbook.ipynb"
        before = notebook.read_bytes()
        xsrf = next(c["value"] for c in ben.page.context.cookies() if c["name"] == "_xsrf")
        put = ben.page.request.put(
            f"{b_home}api/contents/workbook.ipynb",
            data={"type": "file", "format": "text", "content": "replaced"},
            headers={"X-XSRFToken": xsrf},
        )
        assert put.status == 403
        assert READ_ONLY in put.text()
        assert notebook.read_bytes() == before

        stays_home(hub, ann)
        stays_home(hub, ben)

    people = {p.name: p for p in hub.store.participants(w)}
    assert set(people) == {"Team Blue", "Team Green"}
    for who, saved in (("Team Blue", value), ("Team Green", 2600.5)):
        latest = hub.store.latest(people[who].id)
        assert latest is not None
        assert latest.data is not None
        assert latest.data["value"]["drivers"][0]["value_per_unit"] == saved

    # The facilitator logs in with the key and lands on the dashboard.
    with visitor(chromium, hub) as dana:
        log_in(dana.page, "", made.facilitator_key)
        # The key she logged in with opens the workshop: nothing to type again.
        open_after_login(dana.page, ".nw-people")
        dashboard = f"/user/w{w}-facilitator/voila/render/dashboard.ipynb"
        assert urlsplit(dana.page.url).path == dashboard
        listed = dana.page.locator(".nw-people").inner_text()
        assert "Team Blue" in listed
        assert "Team Green" in listed
        stays_home(hub, dana)
