"""A local JupyterHub for the hub benchmark, and trainees who log in at it in Chromium.

The hub is ``negotiation-workbook hub`` on a free loopback port with a state folder of its
own, saving to the store it is given (a fresh SQLite file in a temporary folder unless a URL
is given), as a facilitator starts it in a room. A trainee is one browser context: the hub's
login page, their name and the workshop's join code, "Sign in"; the hub starts their
single-user server, which opens their workbook, already joined, until its save status says
"saved" (:func:`log_in`).

The server's process tree is read by :class:`benchmarks.processes.TreeMeter` from the hub's
own process (its pid file in the state folder): the hub, the proxy it starts, every
single-user server it spawns and every kernel those start. The ``negotiation-workbook hub``
process that launched the hub only waits for it and is left out. :func:`component` names
each process's part, so the costs can be split between them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, ConsoleMessage, Error, Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from benchmarks.processes import mem_available_mb, pid_cpu
from benchmarks.servers import free_port, rss_mb
from benchmarks.workshop_trainees import (
    KERNEL_ID,
    MEMORY_RESERVE_MB,
    SAVED,
    VIEWPORT,
    Limits,
    Trainee,
    accept,
    value_at,
)
from negotiation_lib.store import Store

__all__ = [
    "COMPONENTS",
    "HubServer",
    "HubTrainee",
    "by_component",
    "change_kept",
    "component",
    "hub_server",
    "kept_by_name",
    "log_in",
]

LOG = logging.getLogger(__name__)

HUB_START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0
NAME_LABEL = "Your name"
CODE_LABEL = "Join code, resume code or facilitator key"
"""The login form's fields, as the hub's login page labels them."""

PENDING = "/hub/spawn-pending/"
"""The path of the hub's "Your server is starting up" page."""
RELOAD_AFTER_S = 60.0
"""A trainee still on that page this long after signing in reloads it."""

COMPONENTS = ("hub", "proxy", "single-user servers", "Voila server", "kernels", "other")
"""The parts of a server tree, in the order the figures name them."""


def component(cmdline: str) -> str:
    """Which part of a server tree a process is, by its command line.

    Examples
    --------
    >>> component("/venv/bin/python -m ipykernel_launcher -f /tmp/kernel-1.json")
    'kernels'
    >>> component("/venv/bin/python /venv/bin/jupyterhub-singleuser --ServerApp.root_dir=/nb")
    'single-user servers'
    >>> component("node /repo/.node/node_modules/.bin/configurable-http-proxy --ip 127.0.0.1")
    'proxy'
    >>> component("/venv/bin/python -m jupyterhub -f /state/jupyterhub_config.py")
    'hub'
    >>> component("/venv/bin/python -m negotiation_lib.serving /nb --no-browser")
    'Voila server'
    """
    if "ipykernel_launcher" in cmdline:
        return "kernels"
    if "singleuser" in cmdline:
        return "single-user servers"
    if "configurable-http-proxy" in cmdline:
        return "proxy"
    if "jupyterhub" in cmdline:
        return "hub"
    if "negotiation_lib.serving" in cmdline or "voila" in cmdline:
        return "Voila server"
    return "other"


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # ended while we looked
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace")


def by_component(pids: frozenset[int]) -> dict[str, tuple[float, float, int]]:
    """CPU-seconds so far, resident MB and process count of live processes, by part.

    A process that ended is in its parent's account (:func:`benchmarks.processes.pid_cpu`
    includes the children a process waited for).
    """
    parts: dict[str, tuple[float, float, int]] = {}
    for pid in pids:
        line = _cmdline(pid)
        if not line:  # a zombie, or gone
            continue
        cpu, mb, count = parts.get(component(line), (0.0, 0.0, 0))
        parts[component(line)] = (cpu + pid_cpu(pid), mb + rss_mb(pid), count + 1)
    return parts


@dataclass
class HubServer:
    """A running hub: its address, the launching process, the hub's pid, store and logs."""

    base: str
    process: subprocess.Popen[bytes]
    hub_pid: int
    store_url: str
    state: Path
    log: Path
    """The ``negotiation-workbook hub`` command's own output."""

    @property
    def hub_log(self) -> Path:
        """JupyterHub's log: the hub, the proxy and every single-user server write there."""
        return self.state / "hub" / "jupyterhub.log"


def _wait_for_hub(base: str, process: subprocess.Popen[bytes], state: Path) -> int:
    """Wait until the login page answers; the hub process's pid (from its pid file)."""
    from negotiation_lib.hub.config import running_hub

    deadline = time.monotonic() + HUB_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the hub exited with code {process.returncode}")
        with (
            contextlib.suppress(urllib.error.URLError, OSError),
            urllib.request.urlopen(f"{base}/hub/login", timeout=5) as answer,
        ):
            pid = running_hub(state / "hub")
            if answer.status == 200 and pid is not None:
                return pid
        time.sleep(0.5)
    raise RuntimeError(f"the hub did not answer at {base} within {HUB_START_TIMEOUT_S:.0f} s")


@contextlib.contextmanager
def hub_server(*, store_url: str | None = None, log: Path | None = None) -> Iterator[HubServer]:
    """Start ``negotiation-workbook hub`` on a free port and a fresh state folder.

    The store's schema is made before the hub starts (the command upgrades it too, and finds
    nothing to do). The command's output goes to ``log`` (else nowhere). On the way out the hub
    is stopped as a person stops it, Ctrl-C (it stops everyone's server), and killed with its
    process group when it has not stopped after a minute. A SIGTERM to the benchmark stops it
    the same way.
    """
    state = Path(tempfile.mkdtemp(prefix="nw-bench-hub-"))
    data = state / "data"
    data.mkdir()
    url = store_url or f"sqlite:///{data / 'workbook.sqlite3'}"
    Store(url).close()
    env = dict(os.environ)
    env["NEGOTIATION_WORKBOOK_DB"] = url
    env["NEGOTIATION_WORKBOOK_DATA"] = str(data)
    port = free_port()
    argv = [
        str(Path(sys.executable).with_name("negotiation-workbook")),
        "hub",
        f"--port={port}",
        f"--state={state / 'hub'}",
    ]
    out_path = log or Path(os.devnull)
    with out_path.open("wb") as out:
        process = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    previous = signal.getsignal(signal.SIGTERM)

    def terminated(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)
    base = f"http://127.0.0.1:{port}"
    try:
        pid = _wait_for_hub(base, process, state)
        yield HubServer(base, process, pid, url, state, out_path)
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(process)
        if log is not None:
            with contextlib.suppress(OSError):
                hub_log = state / "hub" / "jupyterhub.log"
                log.with_name(log.stem + "-jupyterhub.log").write_bytes(hub_log.read_bytes())
        shutil.rmtree(state, ignore_errors=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _first_line(text: str) -> str:
    """A message's first line, cut at 160 characters (a table cell holds one line).

    Examples
    --------
    >>> _first_line("Load timeout for modules: jhapi\\nhttps://requirejs.org/docs/errors.html")
    'Load timeout for modules: jhapi'
    """
    return (text.strip().splitlines() or [""])[0][:160]


def _short(err: BaseException) -> str:
    first = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {first[:120]}"


@dataclass
class HubTrainee(Trainee):
    """A trainee at the hub: also how often they reloaded the "server is starting" page."""

    reloads: int = 0
    console_errors: list[str] = field(default_factory=list)
    """Errors the pages wrote to the browser console or left uncaught, each after
    ``hub page: `` or ``workbook page: `` (the hub's own pages, or the single-user server's)."""


async def _usable(who: HubTrainee, page: Page, limits: Limits) -> None:
    """Wait for the workbook's save status 'saved', reloading a stuck "server is starting" page.

    The hub's "Your server is starting up" page follows the spawn's progress with a script
    (loaded by RequireJS, which gives up on a module after 7 s by default), and on a busy
    machine some of those pages stayed there after their server had started. A page still
    there ``RELOAD_AFTER_S`` after the form was sent is reloaded, as a trainee would press
    reload: a started server then sends it on to the workbook.
    """
    deadline = time.monotonic() + limits.page_ms / 1000
    while True:
        left = deadline - time.monotonic()
        try:
            await page.wait_for_selector(
                SAVED, state="visible", timeout=max(1.0, min(left, RELOAD_AFTER_S)) * 1000
            )
            return
        except PlaywrightTimeoutError:
            if time.monotonic() >= deadline:
                raise
        if PENDING in page.url:  # elsewhere (the workbook loading), the wait goes on
            who.reloads += 1
            LOG.info("%s: still on %s, reloading", who.name, page.url)
            await page.reload(timeout=max(1.0, deadline - time.monotonic()) * 1000)


async def log_in(
    browser: Browser, base: str, join_code: str, who: Trainee, delay: float, limits: Limits
) -> None:
    """Log one trainee in at the hub after ``delay`` seconds, until their workbook is usable.

    ``who.join_ms``: from opening the login page to the form sent; ``who.load_ms``: from
    there to the save status "saved" on the workbook (the hub starts the trainee's server,
    which starts the page's kernel), reloads of a stuck "server is starting" page included
    (:func:`_usable`; counted when ``who`` is a :class:`HubTrainee`). The page stays open.
    """
    await asyncio.sleep(delay)
    left = mem_available_mb()
    if left < MEMORY_RESERVE_MB:
        who.error = f"not started: {left:.0f} MB of memory left on the machine"
        return
    hub_trainee = who if isinstance(who, HubTrainee) else HubTrainee(who.name, who.sheet)
    who.context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        page = who.page = await who.context.new_page()
        page.set_default_timeout(limits.save_ms)
        page.on("dialog", accept)

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                where = "hub page" if "/hub/" in page.url else "workbook page"
                hub_trainee.console_errors.append(f"{where}: {_first_line(message.text)}")

        def uncaught(error: Error) -> None:  # a script's uncaught error is no console message
            where = "hub page" if "/hub/" in page.url else "workbook page"
            hub_trainee.console_errors.append(f"{where}: {_first_line(error.message)}")

        page.on("console", console)
        page.on("pageerror", uncaught)
        start = time.perf_counter()
        who.step = "login page load"
        await page.goto(f"{base}/hub/login", timeout=limits.page_ms)
        who.step = "log in"
        await page.get_by_label(NAME_LABEL).fill(who.name)
        await page.get_by_label(CODE_LABEL).fill(join_code)
        await page.get_by_role("button", name="Sign in").click()
        who.join_ms = (time.perf_counter() - start) * 1000
        who.step = "workbook load"
        start = time.perf_counter()
        await _usable(hub_trainee, page, limits)
        who.load_ms = (time.perf_counter() - start) * 1000
        who.kernel_id = str(await page.evaluate(KERNEL_ID))
        who.step = "in the workbook"
        sys.stderr.write(
            f"[bench hub {time.strftime('%H:%M:%S')}] {who.name} logged in, workbook usable "
            f"{who.join_ms + who.load_ms:.0f} ms after opening the login page"
            + (f" ({hub_trainee.reloads} reloads)" if hub_trainee.reloads else "")
            + "\n"
        )
    except Exception as err:  # one trainee's failure is recorded; the others go on
        where = "no page" if who.page is None else who.page.url
        who.error = f"{who.step}: {_short(err)} (at {where})"
        LOG.warning("%s failed: %s", who.name, who.error)


def change_kept(versions: list[int], value: object, changes: int, typed: float) -> bool:
    """Whether a trainee's history is versions 1 … 1 + ``changes`` and the newest holds ``typed``.

    Examples
    --------
    >>> change_kept([1, 2], 2510, 1, 2510), change_kept([1], 2500, 1, 2510)
    (True, False)
    """
    return versions == list(range(1, 2 + changes)) and value == typed


def kept_by_name(
    url: str,
    workshop_id: int,
    trainees: Sequence[Trainee],
    changes: int,
    path: str,
    typed: float,
) -> tuple[int, list[str]]:
    """How many trainees' every change is in the store, read by their names; the others.

    The hub's trainees never see a resume code, so the store is read by the workshop's
    participants' names (unique in a workshop): the same check for both runs.
    """
    store = Store(url)
    count, missing = 0, []
    try:
        people = {p.name: p for p in store.participants(workshop_id)}
        for t in trainees:
            person = people.get(t.name)
            if person is None:
                missing.append(f"{t.name} (never joined)")
                continue
            versions = [v.version for v in store.history(person.id)]
            latest = store.latest(person.id)
            value = value_at((latest.data or {}) if latest else {}, path)
            if change_kept(versions, value, changes, typed):
                count += 1
            else:
                missing.append(f"{t.name}: versions {versions}, newest holds {value!r}")
    finally:
        store.close()
    return count, missing
