"""A throwaway PostgreSQL server for the test session, from Debian's binaries.

:func:`start_postgres` runs ``initdb`` into a fresh temporary directory (trust authentication,
superuser ``workbook``, no fsync) and starts ``postgres`` on a free loopback port, with its Unix
socket in the same directory; :meth:`PostgresServer.stop` shuts it down and removes the
directory. Nothing of the machine's own clusters is touched.

PostgreSQL refuses to run as root, so when the tests run as root (CI containers do) both
programs run as the ``postgres`` user through ``runuser``, in a directory owned by that user.
The binaries come from Debian's ``postgresql`` package (``make test-deps`` installs it).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

__all__ = [
    "INSTALL_ROOT",
    "SERVER_USER",
    "SUPERUSER",
    "PostgresServer",
    "find_bin_dir",
    "free_port",
    "start_postgres",
]

INSTALL_ROOT = Path("/usr/lib/postgresql")
"""Where Debian installs each major version's programs (``<version>/bin``)."""

SUPERUSER = "workbook"
"""The database superuser ``initdb`` creates; connections need no password (trust)."""

SERVER_USER = "postgres"
"""The system user the server runs as when the tests run as root."""

START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 30.0
MAX_CONNECTIONS = 200
"""Enough for the concurrency tests' writers, each with a connection of its own."""


def find_bin_dir(root: Path = INSTALL_ROOT) -> Path | None:
    """The ``bin`` directory of the newest PostgreSQL under ``root`` with ``initdb`` and
    ``postgres``, or ``None`` when there is none.

    Versions compare as numbers, so 15 is newer than 9.6.
    """
    found: list[tuple[tuple[int, ...], Path]] = []
    for bin_dir in root.glob("*/bin"):
        if (bin_dir / "initdb").is_file() and (bin_dir / "postgres").is_file():
            number = tuple(int(part) for part in re.findall(r"\d+", bin_dir.parent.name))
            found.append((number, bin_dir))
    return max(found)[1] if found else None


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    """``argv`` as it must run: through ``runuser`` as ``postgres`` when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVER_USER, "--", *argv]
    return argv


@dataclass
class PostgresServer:
    """A PostgreSQL server started by :func:`start_postgres`."""

    root: Path
    """The temporary directory: the cluster (``data``), the socket and the log."""
    port: int
    process: subprocess.Popen[bytes]
    """``postgres`` itself, or the ``runuser`` that started it."""

    @property
    def data_dir(self) -> Path:
        """The cluster's data directory."""
        return self.root / "data"

    @property
    def log_path(self) -> Path:
        """Where the server's output goes."""
        return self.root / "server.log"

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of one of the server's databases (psycopg 3 driver)."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        """An autocommit connection as the superuser (``CREATE DATABASE`` needs one)."""
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            dbname=database,
            autocommit=True,
            connect_timeout=5,
        )

    def create_database(self, name: str) -> str:
        """Create an empty database; return its URL."""
        with self.connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, ending any session still connected to it."""
        with self.connect() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the server's log, for error messages."""
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def postmaster_pid(self) -> int:
        """The server's own process id.

        Under ``runuser`` the started process is ``runuser``, which does not pass signals on to
        the server, so the id is read from ``postmaster.pid`` (its first line) when there.
        """
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int((self.data_dir / "postmaster.pid").read_text().splitlines()[0])
        return self.process.pid

    def stop(self) -> None:
        """Shut the server down (fast shutdown: SIGINT), kill it if it does not stop in time,
        and remove its directory."""
        if self.process.poll() is None:
            pid = self.postmaster_pid()
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGINT)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                for target in {pid, self.process.pid}:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(target, signal.SIGKILL)
                self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)

    def wait_until_ready(self, timeout: float = START_TIMEOUT_S) -> None:
        """Return once the server accepts connections; raise with the log tail otherwise."""
        deadline = time.monotonic() + timeout
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"postgres exited with code {self.process.returncode} while starting; "
                    f"its log ends with:\n{self.log_tail()}"
                )
            try:
                with self.connect():
                    return
            except psycopg.OperationalError as err:
                last_error = str(err).strip()
            time.sleep(0.1)
        raise RuntimeError(
            f"postgres did not accept connections on 127.0.0.1:{self.port} within "
            f"{timeout:.0f} s ({last_error}); its log ends with:\n"
            f"{self.log_tail()}"
        )


def start_postgres(bin_dir: Path) -> PostgresServer:
    """Create a cluster in a new temporary directory and start a server on it.

    Parameters
    ----------
    bin_dir
        The directory holding ``initdb`` and ``postgres`` (see :func:`find_bin_dir`).

    Raises
    ------
    RuntimeError
        When ``initdb`` fails or the server does not come up; the message carries their output.
    """
    root = Path(tempfile.mkdtemp(prefix="nw-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(root, user=SERVER_USER)
    data_dir = root / "data"
    initdb = subprocess.run(
        _as_server_user(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data_dir),
                "-A",
                "trust",
                "-U",
                SUPERUSER,
                "--no-sync",
                "-E",
                "UTF8",
            ]
        ),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if initdb.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(
            f"initdb failed with code {initdb.returncode}:\n{initdb.stdout}\n{initdb.stderr}"
        )
    port = free_port()
    argv = [
        str(bin_dir / "postgres"),
        "-D",
        str(data_dir),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-k",
        str(root),
        "-c",
        "fsync=off",
        "-c",
        f"max_connections={MAX_CONNECTIONS}",
    ]
    with (root / "server.log").open("wb") as log:
        # A session of its own, so a Ctrl-C meant for pytest does not reach the server first.
        process = subprocess.Popen(
            _as_server_user(argv),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = PostgresServer(root=root, port=port, process=process)
    try:
        server.wait_until_ready()
    except BaseException:
        server.stop()
        raise
    return server
