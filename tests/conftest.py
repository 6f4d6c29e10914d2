"""Fixtures shared by the whole suite: the workshop store on SQLite and on a real PostgreSQL.

The PostgreSQL server is started once per test session (:mod:`tests.postgres`) and only when a
test asks for it. Without Debian's PostgreSQL binaries the PostgreSQL half of the store tests is
skipped, except in CI (``CI`` set), where that fails the run instead of silently testing less.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings
from playwright.sync_api import Browser, Playwright, sync_playwright

from negotiation_lib.exports.brief import CHROMIUM_FLAGS
from negotiation_lib.figures.config import CHECK_FIGURES_ENV
from negotiation_lib.store import Store
from tests.postgres import INSTALL_ROOT, PostgresServer, find_bin_dir, start_postgres

BACKENDS = ["sqlite", "postgresql"]

# Every figure a test builds, in this process, its kernels and the servers it starts, is
# checked by plotly as it is built (pages skip the check; a misspelt property fails here).
os.environ[CHECK_FIGURES_ENV] = "1"

# No per-example time limit: the suite checks what the code does, not how fast (the benchmarks
# do that), and on a shared 2-core machine a busy second made correct examples fail.
settings.register_profile("workbook", deadline=None)
settings.load_profile("workbook")


@pytest.fixture(autouse=True)
def _own_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each test keeps the server's files in a data folder of its own, never the user's.

    The pages count wrong codes in a file there (negotiation_lib.store.attempts) and read the
    admin secret from there (negotiation_lib.store.admin): one test's guesses must not make
    the next one wait.
    """
    monkeypatch.setenv("NEGOTIATION_WORKBOOK_DATA", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server of its own for the test session, stopped at its end."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        reason = (
            f"PostgreSQL is not installed (no {INSTALL_ROOT}/*/bin/postgres): the store tests "
            "run against a real server; `make test` installs it (make test-deps, i.e. "
            "apt-get install postgresql)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {reason}", pytrace=False)
        pytest.skip(reason)
    server = start_postgres(bin_dir)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of a database on the session's PostgreSQL server (shared by the session)."""
    return postgres_server.create_database("workbook_tests")


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for one test: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"t_{uuid.uuid4().hex}"
    url = server.create_database(name)
    try:
        yield url
    finally:
        with contextlib.suppress(psycopg.Error):
            server.drop_database(name)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """The store on :func:`store_url`, migrated to the newest schema, closed at the end."""
    opened = Store(store_url)
    try:
        yield opened
    finally:
        opened.close()


# --------------------------------------------------------------------------- the browser

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium: Playwright cannot download its own browsers here."""
CHROMIUM_ARGS = list(CHROMIUM_FLAGS)


@pytest.fixture(scope="session")
def chromium_present() -> None:
    """Skip the browser suite without Chromium, unless in CI, where that is a failure."""
    if CHROMIUM.exists():
        return
    reason = (
        f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium "
        "(install it with `make browser-deps`, i.e. apt-get install chromium)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_driver(chromium_present: None) -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium ``browser``.

    ``make test`` runs the rest on two processes at once and the browser tests after them on
    their own: a browser test waits on Voila kernels that start in seconds of CPU, and would
    time out if another test took the cores meanwhile.
    """
    for item in items:
        if "chromium_present" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
