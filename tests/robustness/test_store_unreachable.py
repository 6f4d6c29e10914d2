"""A store that goes away while a trainee types: nothing typed is lost, and the page says so.

The failure is real, not mocked: a SQLite store whose write lock another process holds (with
the lock timeout cut to a fifth of a second), or a PostgreSQL database on the session's server
that stops accepting connections (``ALLOW_CONNECTIONS false``, its sessions terminated). While
it is away the page keeps every input and its results, its status says the input stays on the
page, and a retry is queued; once the store is back the retry saves everything, merged onto
the versions saved before, none of which is lost.
"""

from __future__ import annotations

import contextlib
import copy
import re
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import ipywidgets as widgets
import psycopg
import pytest
from psycopg import sql

import negotiation_lib.store.engine as store_engine
from negotiation_lib.numbers import format_for_currency, plain_number
from negotiation_lib.store import Store, StoreUnavailableError
from negotiation_lib.worksheets import app
from negotiation_lib.worksheets.autosave import RETRY_S
from negotiation_lib.worksheets.fields import field_class
from tests.autosaved import newest, open_stored_page
from tests.postgres import PostgresServer
from tests.worksheets.helpers import field, html_of, message, tiles, walk

TE = "transparent_economics"


class Outage(Protocol):
    """Makes the store unreachable, and brings it back."""

    url: str
    reads_fail: bool

    def begin(self) -> None: ...

    def end(self) -> None: ...


@dataclass
class LockedSqlite:
    """Another process holds the SQLite write lock: every save times out."""

    path: Path
    url: str = ""
    other: sqlite3.Connection | None = None
    reads_fail: bool = False
    """Readers do not wait for a writer (WAL): only saves fail."""

    def __post_init__(self) -> None:
        self.url = f"sqlite:///{self.path}"

    def begin(self) -> None:
        self.other = sqlite3.connect(self.path, isolation_level=None)
        self.other.execute("BEGIN IMMEDIATE")

    def end(self) -> None:
        if self.other is not None:
            self.other.rollback()
            self.other.close()
            self.other = None


@dataclass
class ClosedPostgres:
    """The database refuses connections, and its open sessions are ended."""

    server: PostgresServer
    name: str
    url: str = ""
    reads_fail: bool = True

    def __post_init__(self) -> None:
        self.url = self.server.create_database(self.name)

    def _alter(self, allow: bool) -> None:
        with self.server.connect() as conn:
            conn.execute(
                sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(
                    sql.Identifier(self.name), sql.SQL("true" if allow else "false")
                )
            )
            if not allow:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    (self.name,),
                )

    def begin(self) -> None:
        self._alter(allow=False)

    def end(self) -> None:
        self._alter(allow=True)


@pytest.fixture(params=["sqlite-locked", "postgresql-closed"])
def outage(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Outage]:
    if request.param == "sqlite-locked":
        # Give up on a locked database after a fifth of a second instead of thirty.
        monkeypatch.setattr(store_engine, "LOCK_TIMEOUT_S", 0.2)
        locked = LockedSqlite(tmp_path / "store.sqlite3")
        try:
            yield locked
        finally:
            locked.end()
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    closed = ClosedPostgres(server, f"t_{uuid.uuid4().hex}")
    try:
        yield closed
    finally:
        closed.end()
        with contextlib.suppress(psycopg.Error):
            server.drop_database(closed.name)


def _type(page_widget: widgets.Widget, path: str, text: str) -> None:
    control = field(page_widget, field_class(path))
    control.value = text


def test_an_unreachable_store_keeps_the_input_on_the_page_and_saves_it_when_back(
    outage: Outage, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(outage.url)
    try:
        made = store.create_workshop("Outage", ["pumpco_acme_foods"])
        joined = store.join(made.workshop.join_code, "Team Offline")
        pid = joined.participant.id
        page = open_stored_page(store, pid, TE)

        # Saved before the outage: version 2.
        _type(page.widget, "economics.volume_per_period", "44")
        assert page.schedule.fire() == 1
        assert page.status.state == "saved"
        assert page.status.version == 2
        before_outage = [store.version(pid, v) for v in (1, 2)]

        outage.begin()
        _type(page.widget, "economics.volume_per_period", "321")
        typed_share = plain_number(0.55, format_for_currency(page.doc.get("currency")))
        _type(page.widget, "economics.fair_share", typed_share)
        typed = copy.deepcopy(page.doc.data)
        shown = tiles(page.widget)
        assert page.doc.problems == []

        # ---------------------------------------------------------------- the store is away
        assert page.schedule.fire() == 1
        assert page.status.state == "error"
        text = page.status.message
        assert "cannot be reached" in text
        assert re.search(r"input stays on this page", text), text
        assert not re.search(r"Traceback|Error\b|Exception|sqlite|postgresql|://", text), text
        assert page.saver.last_error == text
        assert page.saver.dirty
        assert page.status.version == 2  # still the last version really saved
        # The page keeps what was typed, in its boxes and its results.
        assert page.doc.data == typed
        assert field(page.widget, field_class("economics.volume_per_period")).value == "321"
        assert message(page.widget, field_class("economics.volume_per_period")) == ""
        assert tiles(page.widget) == shown
        (retry,) = page.schedule.waiting
        assert retry.delay == RETRY_S

        # Typing on while it is away: still one retry queued; the retry fails and queues the next.
        # Typed as the page reads numbers (the case's currency sets the format here).
        typed_rate = plain_number(0.09, format_for_currency(page.doc.get("currency")))
        _type(page.widget, "relationship.discount_rate", typed_rate)
        assert page.status.state == "error"
        assert len(page.schedule.waiting) == 1
        assert page.schedule.fire() == 1
        assert page.status.state == "error"
        assert [h.delay for h in page.schedule.waiting] == [RETRY_S]
        assert page.doc.get("relationship.discount_rate") == 0.09
        with pytest.raises(StoreUnavailableError):
            store.save(pid, {"title": "x"}, "import", keys=["title"])

        # A page opened now: with nothing to read, it says the store cannot be reached, in
        # words, and opens nothing; where reading still works, it opens the last saved version.
        monkeypatch.setattr(app, "page_query", lambda: f"resume={joined.resume_code}")
        opened = app.open_worksheet("value_proposition", store=store)
        said = html_of(opened)
        assert not re.search(r"Traceback|\w+Error\b|\w+Exception\b", said), said
        if outage.reads_fail:
            assert "cannot be reached" in said
            assert not any(isinstance(w, widgets.Text) for w in walk(opened))
        else:
            assert field(opened, field_class("title")).value == typed["title"]
            assert opened._nw_autosaver.status.version == 2

        # ---------------------------------------------------------------- the store is back
        outage.end()
        assert page.schedule.fire() == 1
        assert page.status.state == "saved"
        assert page.status.message == ""
        assert page.saver.last_error is None
        assert not page.saver.dirty
        assert page.schedule.waiting == []
        assert page.status.version == 3
        data = newest(store, pid)
        assert data == page.doc.data
        assert data["economics"]["volume_per_period"] == 321
        assert data["economics"]["fair_share"] == 0.55
        assert data["relationship"]["discount_rate"] == 0.09
        history = store.history(pid)
        assert [(v.version, v.worksheet) for v in history] == [
            (1, "join"),
            (2, TE),
            (3, TE),
        ]
        # No version lost or changed: those saved before the outage read back as they were.
        assert [store.version(pid, v) for v in (1, 2)] == before_outage
    finally:
        outage.end()
        store.close()


def test_input_undone_while_the_store_is_away_leaves_the_page_saying_saved(
    outage: Outage,
) -> None:
    """Nothing is unsaved once the text is back to what was saved: the page must say so (and
    stop asking before it is left), even while the store is still away."""
    store = Store(outage.url)
    try:
        made = store.create_workshop("Undo", ["pumpco_acme_foods"])
        pid = store.join(made.workshop.join_code, "Team Undo").participant.id
        page = open_stored_page(store, pid, TE)
        volume = field(page.widget, field_class("economics.volume_per_period")).value

        # Typed and undone before the save: nothing to save, and the page says saved.
        _type(page.widget, "economics.volume_per_period", "41")
        assert page.status.state == "pending"
        _type(page.widget, "economics.volume_per_period", volume)
        assert page.schedule.fire() == 1
        assert page.status.state == "saved"
        assert page.status.version == 1

        outage.begin()
        _type(page.widget, "economics.volume_per_period", "42")
        assert page.schedule.fire() == 1
        assert page.status.state == "error"
        _type(page.widget, "economics.volume_per_period", volume)  # undone
        assert page.schedule.fire() == 1  # the retry: nothing left to save
        assert page.status.state == "saved", page.status.message
        assert page.status.message == ""
        assert page.saver.last_error is None
        assert page.schedule.waiting == []
        outage.end()
        assert [v.version for v in store.history(pid)] == [1]
        assert newest(store, pid) == page.doc.data
    finally:
        outage.end()
        store.close()
