"""The database under the store: its engine, its transactions, and the store's errors.

Every part of :class:`negotiation_lib.store.Store` stands on :class:`StoreBase`: one SQLAlchemy
engine (a SQLite file in WAL mode, an in-memory SQLite database, or PostgreSQL) and
:meth:`StoreBase._session`, the one way the store opens a transaction. A write on SQLite begins
with ``BEGIN IMMEDIATE`` and waits its turn for up to :data:`LOCK_TIMEOUT_S`; a database that
cannot be reached raises :class:`StoreUnavailableError`.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool, StaticPool

from negotiation_lib.store.config import database_url, redacted, sqlite_path

__all__ = [
    "LOCK_TIMEOUT_S",
    "StoreBase",
    "StoreError",
    "StoreUnavailableError",
    "utc_now",
]

LOCK_TIMEOUT_S = 30.0
"""How long a SQLite write waits for another writer before giving up."""


class StoreError(Exception):
    """Something asked of the store cannot be done; the message says what and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoreUnavailableError(StoreError):
    """The database cannot be reached (or stays locked); nothing was saved."""


def utc_now() -> datetime:
    """The time the store stamps on what it writes (timezone-aware UTC)."""
    return datetime.now(UTC)


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    # A file: a fresh connection per session, so no connection outlives a fork or a thread.
    # In memory ("sqlite://", doctests and quick trials): one shared connection.
    engine = create_engine(
        url,
        connect_args={"timeout": LOCK_TIMEOUT_S, "check_same_thread": False},
        poolclass=NullPool if path is not None else StaticPool,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event, not the driver, open transactions (the documented
        # pysqlite recipe), so a write can say BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL keeps every committed save through a crash of any process (a
        # kill -9 mid-save leaves the previous version intact); only a power cut can lose the
        # last saves, never corrupt the file. FULL would fsync at every commit and hold the
        # write lock that much longer while 30 pages save at once.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(LOCK_TIMEOUT_S * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4)


class StoreBase:
    """One database opened for the store: its engine and its transactions.

    Parameters
    ----------
    url
        A SQLAlchemy URL; ``None`` reads :func:`negotiation_lib.store.config.database_url`.
    """

    url: str
    engine: Engine
    _lock_path: Path | None

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        try:
            self.engine = _engine(self.url)
        except (SQLAlchemyError, ImportError, ValueError) as err:
            raise StoreUnavailableError(
                f"The workshop store at {redacted(self.url)} cannot be opened: {err}"
            ) from err
        path = sqlite_path(self.url)
        self._lock_path = path.with_name(path.name + ".lock") if path is not None else None

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        bind = self.engine.execution_options(write=True) if write else self.engine
        try:
            with (
                self._writer_turn(write),
                Session(bind, expire_on_commit=False) as session,
                session.begin(),
            ):
                yield session
        except StoreError:
            raise
        except OperationalError as err:
            raise StoreUnavailableError(
                "The workshop store cannot be reached right now, so nothing was saved. "
                "Your input stays on this page; it will be saved when the store is back."
            ) from err

    @contextmanager
    def _writer_turn(self, write: bool) -> Iterator[None]:
        """On a SQLite file, let writers take turns in the order they arrive.

        SQLite makes a blocked writer poll for the lock, sleeping up to 100 ms between tries,
        so with 30 pages saving at once some wait for seconds while others pass repeatedly.
        An exclusive ``flock`` on a lock file next to the database, tried every few
        milliseconds, lets the next writer in almost as soon as a save commits. A killed
        writer's lock is released by the kernel with its file descriptors; a hung one makes the
        others give up after :data:`LOCK_TIMEOUT_S`, as SQLite would. SQLite's own locking
        still guards the data; this only shortens the wait.
        """
        if not write or self._lock_path is None:
            yield
            return
        with open(self._lock_path, "a+b") as lock:
            deadline = time.monotonic() + LOCK_TIMEOUT_S
            pause = 0.001
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    # A writer that hangs must not block every page for good.
                    if time.monotonic() > deadline:
                        raise StoreUnavailableError(
                            "The workshop store is busy and did not answer in time, so nothing "
                            "was saved. Your input stays on this page; it will be saved when "
                            "the store answers."
                        ) from None
                    time.sleep(pause)
                    pause = min(pause * 1.5, 0.005)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
