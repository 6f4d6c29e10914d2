"""The server killed with SIGKILL and started again: a trainee's saved work is all there.

A real ``negotiation-workbook serve`` on a store of the test's own, driven by Chromium: a
trainee types into a worksheet and the page says it saved; then the whole server, its process
group and its kernels, is killed with SIGKILL (no shutdown, no flush, as a crash or an OOM kill
would). A new server on the same store opens the worksheet from the resume link in a fresh
browser: the value is there, every version is intact and contiguous, and the page works on (the
next edit is the next version). On PostgreSQL (one server start only) the killed kernels'
sessions end and leave no lock behind: the next save, made through the store, is the next
version.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Browser, Page

from negotiation_lib.store import Store, VersionInfo
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    Server,
    _processes,
    assert_no_error_output,
    field_input,
    new_watched_page,
    saved_version,
    start_server,
    stop_server,
    version_now,
)
from tests.postgres import PostgresServer

# The tests take Chromium with getfixturevalue, so the automatic marking does not see it.
pytestmark = [pytest.mark.slow, pytest.mark.browser]

CASE = "pumpco_acme_foods"
SHEET = "transparent_economics"


def _open(page: Page, code: str) -> int:
    """Open the worksheet from the resume link; wait until it says saved; its version."""
    page.goto(f"voila/render/{SHEET}.ipynb?resume={code}", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(".nw-page", state="visible", timeout=PAGE_TIMEOUT_MS)
    assert_no_error_output(page, SHEET)
    return version_now(page)


def _type_and_wait(page: Page, path: str, text: str, above: int) -> int:
    """Type into a field; wait until the page says it saved a version newer than ``above``."""
    field_input(page, path).fill(text)
    return saved_version(page, above)


def _kill_hard(server: Server) -> None:
    """SIGKILL the server's process group and its kernels (which run in sessions of their own)."""
    kernels = server.kernel_pids()
    assert kernels, "the server runs kernels"
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=30)
    table = _processes()
    for pid in kernels:
        if pid in table and "ipykernel_launcher" in table[pid][1]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _contiguous(store: Store, pid: int) -> list[int]:
    versions = [v.version for v in store.history(pid)]
    assert versions == list(range(1, len(versions) + 1)), versions
    return versions


@dataclass
class Killed:
    """A trainee's work saved through a server that was then killed."""

    pid: int
    code: str
    before: list[VersionInfo]
    """Every version as stored when the server died (with documents)."""


def _save_then_kill(browser: Browser, store: Store, url: str, name: str) -> Killed:
    """Join, type into the worksheet until it says saved, then SIGKILL the whole server."""
    made = store.create_workshop("Restart test", [CASE])
    joined = store.join(made.workshop.join_code, "Team Restart")
    pid, code = joined.participant.id, joined.resume_code
    server = start_server(f"restart-{name}-killed", store_url=url)  # its log: test-artifacts/logs
    try:
        watched, context = new_watched_page(browser, server.url)
        try:
            assert _open(watched.page, code) == 1
            assert _type_and_wait(watched.page, "economics.volume_per_period", "77", 1) == 2
            assert not watched.problems(), "\n".join(watched.problems())
            _kill_hard(server)
        finally:
            context.close()
    finally:
        stop_server(server)  # already dead: this only makes sure
    # What the killed server saved is all there, and nothing else.
    assert _contiguous(store, pid) == [1, 2]
    before = [store.version(pid, v) for v in (1, 2)]
    assert before[1].data is not None
    assert before[1].data["economics"]["volume_per_period"] == 77
    return Killed(pid, code, before)


def test_saved_work_survives_a_killed_server(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    browser: Browser = request.getfixturevalue("chromium")
    url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"
    store = Store(url)
    try:
        killed = _save_then_kill(browser, store, url, "sqlite")
        # A new server on the same store, the resume link in a fresh browser.
        server = start_server("restart-sqlite-again", store_url=url)
        try:
            watched, context = new_watched_page(browser, server.url)
            try:
                page = watched.page
                assert _open(page, killed.code) == 2
                assert field_input(page, "economics.volume_per_period").input_value() == "77"
                assert _type_and_wait(page, "economics.fair_share", "0.55", 2) == 3
                assert not watched.problems(), "\n".join(watched.problems())
            finally:
                context.close()
        finally:
            stop_server(server)
        assert _contiguous(store, killed.pid) == [1, 2, 3]
        assert [store.version(killed.pid, v) for v in (1, 2)] == killed.before
        v2, v3 = killed.before[1].data, store.version(killed.pid, 3).data
        assert v2 is not None
        assert v3 is not None
        assert v3["economics"] == {**v2["economics"], "fair_share": 0.55}
        assert {k: v for k, v in v3.items() if k != "economics"} == {
            k: v for k, v in v2.items() if k != "economics"
        }
    finally:
        store.close()


def test_saved_work_survives_a_killed_server_on_postgresql(
    request: pytest.FixtureRequest, postgres_server: PostgresServer
) -> None:
    """The same on PostgreSQL, with one server start: the killed kernels' sessions end and
    hold no lock, so the next save (here through the store itself) is the next version."""
    browser: Browser = request.getfixturevalue("chromium")
    name = f"restart_{uuid.uuid4().hex}"
    url = postgres_server.create_database(name)
    store = Store(url)
    try:
        killed = _save_then_kill(browser, store, url, "postgresql")
        store.close()  # only the killed server's sessions could be left now
        deadline = time.monotonic() + 30
        with postgres_server.connect() as conn:
            while True:
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    (name,),
                ).fetchone()
                left = row[0] if row else 0
                if left == 0 or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
        assert left == 0, f"{left} sessions of the killed server are still open"
        latest = store.latest(killed.pid)
        assert latest is not None
        assert latest.version == 2
        assert latest.data is not None
        latest.data["economics"]["fair_share"] = 0.55
        saved = store.save(killed.pid, latest.data, SHEET, keys=["economics"])
        assert saved.version == 3
        assert _contiguous(store, killed.pid) == [1, 2, 3]
        assert [store.version(killed.pid, v) for v in (1, 2)] == killed.before
    finally:
        store.close()
        with contextlib.suppress(psycopg.Error):
            postgres_server.drop_database(name)
