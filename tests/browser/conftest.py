"""Browser tests: a real ``negotiation-workbook serve`` driven by Debian's Chromium (Playwright).

The session starts the workbook server on a free loopback port (in its own process group),
launches Chromium once, and gives each test a fresh browser context whose console errors, page
errors and failed requests are recorded. The helpers below open a worksheet and wait for it to
be *really* rendered: Voila answers HTTP 200 even when a cell failed, so a page counts as open
only when the workbook's page root and a headline tile are there and no error output is.

Playwright cannot download its browsers here, so the suite uses ``/usr/bin/chromium``
(``make browser-deps`` installs it). Without it the suite is skipped, except in CI (``CI`` set),
where a missing browser fails the run instead of silently testing nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Locator,
    Page,
    Request,
    Response,
    ViewportSize,
)
from playwright.sync_api import Error as PlaywrightError

from negotiation_lib.cli import serve_env, voila_argv
from negotiation_lib.worksheets.fields import field_class

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
LOGS = ARTIFACTS / "logs"

# The page scrolls inside its own container, so a full-page screenshot only shows what fits
# the viewport: a tall one shows a whole worksheet.
VIEWPORT: ViewportSize = {"width": 1400, "height": 5000}

NOTEBOOKS = ("home", "value_proposition", "transparent_economics", "win_win")
WORKSHEETS = ("value_proposition", "transparent_economics", "win_win")

# A cold kernel takes ~15 s on a 2-core machine, longer while other pages load at the same
# time; these bound the waits, they are not what the tests measure.
SERVER_START_TIMEOUT_S = 180.0
PAGE_TIMEOUT_MS = 150_000
CHART_TIMEOUT_MS = 60_000
UPDATE_TIMEOUT_MS = 30_000

PAGE_ROOT = ".nw-page"
TILE_VALUE = ".nw-tile-value"
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
TEXT_OUTPUT = ".jp-OutputArea-output.jp-RenderedText"
SAVED = ".nw-save[data-state='saved']"
"""The save indicator of a workshop page once it says saved."""
ERROR_WORDS = re.compile(r"Traceback|\w*Error\b|\w*Exception\b")
FAILED_CELL = re.compile(r"Traceback|There was an error when executing cell")


# --------------------------------------------------------------------------- the browser


# Chromium and Playwright's driver are session fixtures of tests/conftest.py: one driver for
# the whole run (a second sync driver cannot start while one runs), shared with the export
# and robustness tests.


@pytest.fixture(autouse=True)
def _chromium_required(chromium_present: None) -> None:
    """Every browser test needs Chromium (skipped without it, failed without it in CI)."""


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: pid → (parent pid, command line), read from /proc."""
    table: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # the process ended while we looked
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        table[int(entry.name)] = (ppid, cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return table


@dataclass
class Server:
    """A running ``negotiation-workbook serve`` and the store it saves to."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    store_url: str
    data_dir: Path | None = None
    """The store's data directory when the server made its own (removed when it stops)."""

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def kernel_pids(self) -> list[int]:
        """The kernels this server runs: its descendants started by ``ipykernel_launcher``."""
        table = _processes()
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in table.items():
            children.setdefault(ppid, []).append(pid)
        found, todo = [], list(children.get(self.process.pid, []))
        while todo:
            pid = todo.pop()
            todo += children.get(pid, [])
            # A zombie has an empty command line, so ended kernels are not counted.
            if "ipykernel_launcher" in table[pid][1]:
                found.append(pid)
        return sorted(found)


def start_server(
    name: str,
    *options: str,
    store_url: str | None = None,
    notebooks: Path | None = None,
    base_url: str = "/",
) -> Server:
    """Start ``negotiation-workbook serve`` on a free port and wait until it serves pages.

    The command is the console script next to this interpreter, run in its own process group
    (so that :func:`stop_server` can stop it and anything it spawned in that group); its
    output goes to ``test-artifacts/logs/<name>.log``. The server saves to ``store_url``, or
    by default to a SQLite file in a fresh data directory of its own (never the user's).
    With ``notebooks``, Voila is started as ``serve`` starts it (:func:`voila_argv`), but on
    that folder instead of the workbook's, which must then hold a ``home.ipynb``. With
    ``base_url`` (``/user/ann/``), the server serves under that prefix and ``Server.url``
    ends with it.
    """
    env = dict(os.environ)
    data = None
    if store_url is None:
        data = Path(tempfile.mkdtemp(prefix=f"nw-{name}-"))
        env["NEGOTIATION_WORKBOOK_DATA"] = str(data)
        env.pop("NEGOTIATION_WORKBOOK_DB", None)
        store_url = f"sqlite:///{data / 'workbook.sqlite3'}"
    else:
        env["NEGOTIATION_WORKBOOK_DB"] = store_url
    LOGS.mkdir(parents=True, exist_ok=True)
    log_path = LOGS / f"{name}.log"
    port = free_port()
    if notebooks is None:
        argv = [
            str(Path(sys.executable).with_name("negotiation-workbook")),
            "serve",
            "--port",
            str(port),
            *(("--base-url", base_url) if base_url != "/" else ()),
            *options,
        ]
    else:
        # An option given here replaces serve's own setting of it (Voila refuses both).
        replaced = {o.split("=", 1)[0] for o in options if o.startswith("--")}
        served = voila_argv(port, None, notebooks=notebooks)
        argv = [*(a for a in served if a.split("=", 1)[0] not in replaced), *options]
        env["JUPYTER_PATH"] = serve_env()["JUPYTER_PATH"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env
        )
    server = Server(f"http://127.0.0.1:{port}{base_url}", process, log_path, store_url, data)
    try:
        _wait_until_serving(server)
    except BaseException:
        stop_server(server)
        raise
    return server


def _wait_until_serving(server: Server) -> None:
    probe = server.url + "voila/render/home.ipynb"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"negotiation-workbook serve exited with code {server.process.returncode}:\n"
                + server.log_tail()
            )
        try:
            with urllib.request.urlopen(probe, timeout=60) as answer:
                answer.read()
                if answer.status == 200:
                    return
                last_error = f"HTTP {answer.status}"
        except (urllib.error.URLError, HTTPException, OSError) as err:
            last_error = str(err)
        time.sleep(0.5)
    raise RuntimeError(
        f"{probe} did not answer within {SERVER_START_TIMEOUT_S:.0f} s ({last_error}):\n"
        + server.log_tail()
    )


def stop_server(server: Server) -> None:
    """Terminate the server's process group, then kill it if it does not stop in time.

    Kernels are started in sessions of their own (jupyter_client does so), so a server that
    had to be killed leaves them behind: those found before stopping are ended too.
    """
    kernels = server.kernel_pids()
    pgid = server.process.pid  # start_new_session made the server its group's leader
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        server.process.wait(timeout=10)
    table = _processes()
    for pid in kernels:
        # Only a process that is still one of these kernels (pids are reused).
        if pid in table and "ipykernel_launcher" in table[pid][1]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    if server.data_dir is not None:
        shutil.rmtree(server.data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def server(chromium_present: None) -> Iterator[Server]:
    """The workbook as users get it: ``negotiation-workbook serve`` with its defaults."""
    running = start_server("serve")
    try:
        yield running
    finally:
        stop_server(running)


# --------------------------------------------------------------------------- pages


@dataclass
class WatchedPage:
    """A page in a fresh browser context, with what went wrong in it recorded."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    """alert/confirm/prompt dialogs: none should ever open (a script injected through text)."""

    def problems(self) -> list[str]:
        """Everything that went wrong, except Voila's refused kernel shutdown on leaving a page.

        When a page is left, Voila's front end asks the server to shut its kernel down, and
        the server refuses (its XSRF check; a known Voila limitation): kernel culling reclaims
        those kernels instead (tests/browser/test_kernels.py shows it).
        """
        return [line for line in self._all_problems() if "/voila/api/shutdown/" not in line]

    def _all_problems(self) -> list[str]:
        return [
            *(f"dialog opened: {m}" for m in self.dialogs),
            *(f"console error: {m}" for m in self.console_errors),
            *(f"page error: {m}" for m in self.page_errors),
            *(f"failed request: {m}" for m in self.failed_requests),
        ]


def new_watched_page(browser: Browser, base_url: str) -> tuple[WatchedPage, BrowserContext]:
    """Open a fresh context and page that record problems; returns the page and its context."""
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(UPDATE_TIMEOUT_MS)
    watched = WatchedPage(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            watched.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def on_request_failed(request: Request) -> None:
        watched.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            watched.failed_requests.append(
                f"{response.request.method} {response.url}: HTTP {response.status}"
            )

    def on_dialog(dialog: Dialog) -> None:
        # "Leave this page?" while a save is pending is the product's own guard; anything
        # else is a script that should never have run.
        if dialog.type == "beforeunload":
            dialog.accept()
            return
        watched.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    return watched, context


@pytest.fixture
def watched_page(chromium: Browser, server: Server) -> Iterator[WatchedPage]:
    """A fresh context and page on the session's server, recording errors and failed requests."""
    watched, context = new_watched_page(chromium, server.url)
    try:
        yield watched
    finally:
        context.close()


def worksheet_path(notebook: str, case: str | None = None) -> str:
    """The page's address relative to the server (``voila/render/<notebook>.ipynb?case=...``)."""
    return f"voila/render/{notebook}.ipynb" + (f"?case={case}" if case else "")


def open_worksheet(page: Page, notebook: str, case: str | None = None) -> None:
    """Open a workbook page and wait until it is rendered; fail on any cell error.

    Waits for the page root and at least one headline tile, or for Voila's error output,
    whichever comes first, then checks that no cell failed: no stderr or error output, no
    stream output mentioning an error or exception, no traceback anywhere in the page.
    """
    page.goto(worksheet_path(notebook, case), timeout=PAGE_TIMEOUT_MS)
    ready = f"{PAGE_ROOT} {TILE_VALUE}"
    try:
        page.wait_for_selector(
            f"{ready}, {STDERR_OUTPUT}, {ERROR_OUTPUT}", state="attached", timeout=PAGE_TIMEOUT_MS
        )
    except PlaywrightError:
        pytest.fail(
            f"{notebook} ({case}): neither the page nor an error appeared within "
            f"{PAGE_TIMEOUT_MS // 1000} s; the page says:\n{_body_text(page)[:2000]}",
            pytrace=False,
        )
    assert_no_error_output(page, f"{notebook} ({case})")
    page.wait_for_selector(PAGE_ROOT, state="visible", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(ready, state="visible", timeout=PAGE_TIMEOUT_MS)
    assert_no_error_output(page, f"{notebook} ({case})")


def _body_text(page: Page) -> str:
    try:
        return page.inner_text("body", timeout=5_000)
    except PlaywrightError as err:
        return f"(could not read the page: {err})"


def assert_no_error_output(page: Page, what: str) -> None:
    """Fail when the page shows a failed cell (Voila answers 200 even then)."""
    failed = [
        *page.locator(STDERR_OUTPUT).all_inner_texts(),
        *page.locator(ERROR_OUTPUT).all_inner_texts(),
        *(t for t in page.locator(TEXT_OUTPUT).all_inner_texts() if ERROR_WORDS.search(t)),
    ]
    text = _body_text(page)
    if FAILED_CELL.search(text):
        failed.append(text[:2000])
    assert not failed, f"{what}: the page shows an error:\n" + "\n---\n".join(failed)


# --------------------------------------------------------------------------- reading a page

# Plotly may hold numbers in typed arrays; the replacer turns them into plain lists.
_CHARTS_JS = """
(needle) => {
  const plain = (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v);
  const all = Array.from(document.querySelectorAll('.js-plotly-plot'));
  const title = (gd) => String((gd.layout && gd.layout.title && gd.layout.title.text) || '');
  const gd = all.find((g) => title(g).toLowerCase().includes(needle));
  return gd && Array.isArray(gd.data) ? JSON.parse(JSON.stringify(gd.data, plain)) : null;
}
"""


def chart_trace_counts(page: Page) -> list[int]:
    """The number of traces each chart on the page has drawn (``gd.data.length``).

    Only the worksheet's charts count (``.nw-chart``), not the blank chart that loads plotly.js.
    """
    counts: list[int] = page.evaluate(
        "() => Array.from(document.querySelectorAll('.nw-chart .js-plotly-plot'),"
        " (gd) => (Array.isArray(gd.data) ? gd.data.length : 0))"
    )
    return counts


def wait_for_charts(page: Page, minimum: int) -> list[int]:
    """Wait until at least ``minimum`` charts are drawn, each with a trace; their trace counts.

    Returns the counts as they are when the wait ends, drawn or not, for the test to judge.
    """
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(
            """(minimum) => {
                 const all = Array.from(document.querySelectorAll('.nw-chart .js-plotly-plot'));
                 return all.length >= minimum
                   && all.every((gd) => Array.isArray(gd.data) && gd.data.length > 0);
               }""",
            arg=minimum,
            timeout=CHART_TIMEOUT_MS,
        )
    return chart_trace_counts(page)


def chart_data(page: Page, title_contains: str) -> list[dict[str, Any]] | None:
    """``gd.data`` of the first chart whose title contains the text (any case); None if none."""
    data: list[dict[str, Any]] | None = page.evaluate(_CHARTS_JS, title_contains.lower())
    return data


def wait_for_chart_change(
    page: Page, title_contains: str, before: list[dict[str, Any]] | None
) -> list[dict[str, Any]] | None:
    """Wait until that chart's data differs from ``before``; returns its data then (or as is)."""
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(
            # A redrawn chart may be absent for a moment while its output is replaced.
            f"([needle, before]) => {{ const now = ({_CHARTS_JS})(needle);"
            " return now !== null && JSON.stringify(now) !== JSON.stringify(before); }",
            arg=[title_contains.lower(), before],
            timeout=UPDATE_TIMEOUT_MS,
        )
    return chart_data(page, title_contains)


def tile(page: Page, key: str) -> str:
    """The text of a headline tile's value (``div.nw-tile[data-kpi=<key>] .nw-tile-value``)."""
    return page.inner_text(f'.nw-tile[data-kpi="{key}"] {TILE_VALUE}').strip()


def wait_for_tile_change(page: Page, key: str, before: str) -> str:
    """Wait until the tile shows something else than ``before``; returns what it shows then."""
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(
            """([selector, before]) => {
                 const el = document.querySelector(selector);
                 return el !== null && el.innerText.trim() !== before;
               }""",
            arg=[f'.nw-tile[data-kpi="{key}"] {TILE_VALUE}', before],
            timeout=UPDATE_TIMEOUT_MS,
        )
    return tile(page, key)


_AMOUNT = re.compile(r"[-\u2212]?\d[\d,]*(?:\.\d+)?")


def amount(text: str) -> float:
    """The first number in a tile's text: ``"15,000 EUR"`` → 15000.0, ``"−600 EUR"`` → -600.0."""
    match = _AMOUNT.search(text)
    assert match, f"no number in {text!r}"
    return float(match.group().replace(",", "").replace("\u2212", "-"))


def field_input(page: Page, path: str) -> Locator:
    """The input box of the field bound to a case path (``economics.volume_per_period``)."""
    return page.locator(f".{field_class(path)} input")


def field_message(page: Page, path: str) -> Locator:
    """The message line under the field bound to a case path."""
    return page.locator(f".{field_class(path)} .nw-msg")


def save_screenshot(page: Page, notebook: str, case: str) -> Path:
    """Save a full-page screenshot as ``test-artifacts/screenshots/<notebook>-<case>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{notebook}-{case}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --------------------------------------------------------------------------- saving


def version_now(page: Page) -> int:
    """Wait until the page's save indicator says saved; the version it shows."""
    page.wait_for_selector(SAVED, timeout=PAGE_TIMEOUT_MS)
    return int(page.locator(".nw-save").get_attribute("data-version") or 0)


def saved_version(page: Page, above: int) -> int:
    """Wait until the page says it saved a version newer than ``above``; return it."""
    page.wait_for_function(
        "v => { const s = document.querySelector('.nw-save');"
        " return s && s.dataset.state === 'saved' && Number(s.dataset.version) > v; }",
        arg=above,
        timeout=UPDATE_TIMEOUT_MS,
    )
    return int(page.locator(".nw-save").get_attribute("data-version") or 0)
