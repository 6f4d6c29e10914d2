"""Attempt limits on join codes, resume codes, facilitator keys and the admin secret.

Codes were guessed at about 20 a second through one page's widgets (issue 22). Every lookup of
a code typed into a page now goes through :class:`CodeAttempts`, which refuses it, with a
sentence saying how long to wait, when either

- **this page** has had :data:`PAGE_FREE_FAILURES` wrong codes of the kind: each further wrong
  code doubles the wait before the next try (1 s, 2 s, 4 s, … up to :data:`MAX_WAIT_S`); a right
  code clears the count. The count lives in the page's kernel, so a new page starts afresh,
  which is what the server's limit is for:
- **this server** has seen :data:`SERVER_PER_SECOND` guesses of the kind in the last second, or
  :data:`SERVER_PER_MINUTE` in the last minute, from all its pages together: the 21st guess
  within a second is refused whatever page it comes from. The server's count is a small SQLite
  file beside the store's (:func:`attempts_path`), shared by every kernel of the server; a
  guess is reserved in it before the lookup (atomically, so pages guessing at once cannot all
  slip under the limit) and given back when the code was right.

When the server's count cannot be kept (its file cannot be written) only the page's limit
applies: a counter must not stop a workshop.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal, TypeVar

from negotiation_lib.store.config import data_dir
from negotiation_lib.store.engine import StoreError

__all__ = [
    "KINDS",
    "MAX_WAIT_S",
    "PAGE_FREE_FAILURES",
    "SERVER_PER_MINUTE",
    "SERVER_PER_SECOND",
    "CodeAttempts",
    "ServerAttempts",
    "TooManyAttemptsError",
    "attempts_path",
    "wait_sentence",
]

T = TypeVar("T")

KINDS = {
    "join": "join codes",
    "resume": "resume codes",
    "key": "facilitator keys",
    "admin": "admin secrets",
}
"""The kinds of code that are limited, and what a sentence calls them."""

PAGE_FREE_FAILURES = 5
"""Wrong codes of one kind a page may try before it has to wait."""

MAX_WAIT_S = 300.0
"""The longest a page waits between two tries."""

SERVER_PER_SECOND = 20
"""Guesses of one kind the server answers in any one second (the 21st is refused)."""

SERVER_PER_MINUTE = 240
"""Guesses of one kind the server answers in any one minute."""

ATTEMPTS_NAME = "attempts.sqlite3"


def attempts_path() -> Path:
    """The file that counts the server's guesses: beside the embedded store, in its data dir."""
    return data_dir() / ATTEMPTS_NAME


def wait_sentence(kind: str, seconds: float, where: str = "") -> str:
    """What a refused page says.

    Examples
    --------
    >>> wait_sentence("join", 7.2)
    'Too many wrong join codes: wait 8 s, then try again.'
    >>> wait_sentence("key", 90, " on this server")
    'Too many wrong facilitator keys on this server: wait 2 min, then try again.'
    """
    whole = max(1, int(-(-seconds // 1)))
    when = f"{whole} s" if whole < 60 else f"{-(-whole // 60)} min"
    return f"Too many wrong {KINDS[kind]}{where}: wait {when}, then try again."


def _wall_clock() -> float:
    return time.time()


class TooManyAttemptsError(StoreError):
    """A code was not looked up: too many wrong ones came before it. ``wait_s`` says how long."""

    def __init__(self, message: str, wait_s: float) -> None:
        super().__init__(message)
        self.wait_s = wait_s


class ServerAttempts:
    """The server's count of guesses per kind, in a SQLite file every kernel shares.

    Parameters
    ----------
    path
        The file (default :func:`attempts_path`).
    clock
        Wall-clock seconds (default ``time.time``: kernels are separate processes, so a
        monotonic clock is no use).
    """

    def __init__(self, path: Path | None = None, clock: Callable[[], float] | None = None) -> None:
        self.path = path or attempts_path()
        self._clock = clock or _wall_clock

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("CREATE TABLE IF NOT EXISTS guesses (kind TEXT NOT NULL, at REAL NOT NULL)")
        db.execute("CREATE INDEX IF NOT EXISTS guesses_kind_at ON guesses (kind, at)")
        return db

    def reserve(self, kind: str) -> tuple[int | None, float]:
        """Count a guess before its lookup: ``(ticket, 0)``, or ``(None, seconds to wait)``.

        The ticket gives the guess back (:meth:`release`) when the code was right. A ticket of
        ``None`` with no wait means the count could not be kept.
        """
        now = self._clock()
        try:
            db = self._connect()
        except (sqlite3.Error, OSError):
            return None, 0.0
        try:
            db.execute("BEGIN IMMEDIATE")  # one writer at a time: check and count as one step
            db.execute("DELETE FROM guesses WHERE at < ?", (now - 60,))
            for window, most in ((1.0, SERVER_PER_SECOND), (60.0, SERVER_PER_MINUTE)):
                times = [
                    at
                    for (at,) in db.execute(
                        "SELECT at FROM guesses WHERE kind = ? AND at > ? ORDER BY at",
                        (kind, now - window),
                    )
                ]
                if len(times) >= most:
                    db.execute("COMMIT")
                    # The window frees a place when its oldest guess leaves it.
                    return None, max(times[len(times) - most] + window - now, 0.001)
            ticket = db.execute(
                "INSERT INTO guesses (kind, at) VALUES (?, ?)", (kind, now)
            ).lastrowid
            db.execute("COMMIT")
            return ticket, 0.0
        except sqlite3.Error:
            return None, 0.0
        finally:
            db.close()

    def release(self, ticket: int | None) -> None:
        """Give a guess back: the code was right, so it was no guess."""
        if ticket is None:
            return
        try:
            db = self._connect()
        except (sqlite3.Error, OSError):
            return
        try:
            db.execute("DELETE FROM guesses WHERE rowid = ?", (ticket,))
        except sqlite3.Error:
            pass
        finally:
            db.close()


class CodeAttempts:
    """One page's tries of one kind of code, within the page's and the server's limits.

    Parameters
    ----------
    kind
        ``"join"``, ``"resume"``, ``"key"`` or ``"admin"`` (:data:`KINDS`).
    server
        The server's count: by default the shared file (:func:`attempts_path`); ``False``
        keeps only the page's count (for tests of it).
    clock
        Seconds for the page's backoff.

    Examples
    --------
    >>> t = [0.0]
    >>> page = CodeAttempts("join", server=False, clock=lambda: t[0])
    >>> [page.attempt(lambda: None) for _ in range(5)]
    [None, None, None, None, None]
    >>> try:
    ...     page.attempt(lambda: "K7M-Q2P")
    ... except TooManyAttemptsError as err:
    ...     print(err.message)
    Too many wrong join codes: wait 1 s, then try again.
    >>> t[0] = 1.0; page.attempt(lambda: "K7M-Q2P")
    'K7M-Q2P'
    """

    def __init__(
        self,
        kind: str,
        server: ServerAttempts | Literal[False] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"Unknown kind of code {kind!r}; one of {sorted(KINDS)}.")
        self.kind = kind
        self.server = ServerAttempts() if server is None else server
        self._clock = clock
        self.failures = 0
        self._next_try = 0.0

    def wait_s(self) -> float:
        """Seconds before this page may try again (0 when it may)."""
        return max(0.0, self._next_try - self._clock())

    def attempt(self, lookup: Callable[[], T | None]) -> T | None:
        """Look a code up (``lookup``) if the limits allow; ``None`` is a wrong code.

        Raises
        ------
        TooManyAttemptsError
            Without looking up, when the page or the server must wait first.
        """
        wait = self.wait_s()
        if wait > 0:
            raise TooManyAttemptsError(wait_sentence(self.kind, wait), wait)
        ticket: int | None = None
        if isinstance(self.server, ServerAttempts):
            ticket, wait = self.server.reserve(self.kind)
            if wait > 0:
                raise TooManyAttemptsError(wait_sentence(self.kind, wait, " on this server"), wait)
        found = lookup()
        if found is None:
            self._failed()
        else:
            self.failures, self._next_try = 0, 0.0
            if isinstance(self.server, ServerAttempts):
                self.server.release(ticket)
        return found

    def _failed(self) -> None:
        self.failures += 1
        extra = self.failures - PAGE_FREE_FAILURES
        if extra >= 0:
            self._next_try = self._clock() + min(2.0**extra, MAX_WAIT_S)
