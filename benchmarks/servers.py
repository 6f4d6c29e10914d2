"""A Voila server for the kernel and workshop benchmarks, and a count of its kernels.

The server is the command line of ``negotiation-workbook serve`` (:func:`voila_argv`, with
any of its keyword arguments, such as shorter culling), run in its own process group and
saving to a store of its own: a fresh SQLite file in a temporary data directory unless a URL
is given. As ``serve`` does, the store's schema is brought up to date before any kernel
opens it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from negotiation_lib.cli import NOTEBOOKS_DIR, serve_env, voila_argv
from negotiation_lib.exports.brief import CHROMIUM_FLAGS
from negotiation_lib.store import Store

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = list(CHROMIUM_FLAGS)
START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def preheated_notebooks() -> int:
    """How many notebooks Voila preheats a pool for: every notebook of the served folder."""
    return sum(1 for nb in NOTEBOOKS_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in str(nb))


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
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        table[int(entry.name)] = (ppid, cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return table


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


@dataclass
class VoilaServer:
    """A running server: its address, process, store and data directory."""

    base: str
    process: subprocess.Popen[bytes]
    store_url: str
    data_dir: Path

    def kernel_pids(self) -> list[int]:
        """The kernels this server runs: descendants started by ``ipykernel_launcher``.

        A zombie has an empty command line, so kernels that have ended are not counted.
        """
        table = _processes()
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in table.items():
            children.setdefault(ppid, []).append(pid)
        found, todo = [], list(children.get(self.process.pid, []))
        while todo:
            pid = todo.pop()
            todo += children.get(pid, [])
            if "ipykernel_launcher" in table[pid][1]:
                found.append(pid)
        return sorted(found)

    def wait_for_pool(self, pool: int, timeout: float = 120.0) -> float:
        """Wait until ``pool`` kernels run and have gone quiet (their notebooks pre-run).

        Quiet: the kernels used under 0.1 s of CPU in the last 2 s. Bounded by ``timeout``;
        returns the seconds waited.
        """
        start = time.monotonic()
        used = -1.0
        while time.monotonic() < start + timeout:
            kernels = self.kernel_pids()
            now = sum(cpu_seconds(pid) for pid in kernels)
            if len(kernels) >= pool and used >= 0 and now - used < 0.1:
                break
            used = now if len(kernels) >= pool else -1.0
            time.sleep(2)
        return time.monotonic() - start


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Leave redirects unfollowed: ``/`` redirects to the home page, which starts a kernel."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _wait_until_serving(base: str, process: subprocess.Popen[bytes]) -> None:
    # ``/`` answers (200, or a redirect to the home page) once the server is up. The redirect
    # is not followed: rendering the home page would take a kernel from the pool and leave it
    # running, unvisited, until the culler's idle timeout (a kernel more in every count).
    opener = urllib.request.build_opener(_NoRedirect)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"voila exited with code {process.returncode}")
        try:
            with opener.open(f"{base}/", timeout=30) as answer:
                if answer.status == 200:
                    return
        except urllib.error.HTTPError as err:
            if 300 <= err.code < 400:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"voila did not answer at {base} within {START_TIMEOUT_S} s")


@contextlib.contextmanager
def voila_server(
    *,
    store_url: str | None = None,
    log: Path | None = None,
    extra: Sequence[str] = (),
    jupyter_path: Path | None = None,
    **voila: Any,
) -> Iterator[VoilaServer]:
    """Start Voila as ``serve`` would, with ``voila`` passed on to :func:`voila_argv`.

    ``extra`` options are appended to the command line (for experiments); ``jupyter_path``
    is put first on the server's ``JUPYTER_PATH`` (a folder of extra kernel specs). Its output goes
    to ``log`` when given (else nowhere). A SIGTERM to the benchmark while the server runs
    stops the server and its kernels too (they run in other sessions).
    """
    data = Path(tempfile.mkdtemp(prefix="nw-bench-serve-"))
    url = store_url or f"sqlite:///{data / 'workbook.sqlite3'}"
    Store(url).close()  # the schema is made before any kernel opens the store
    env = serve_env()
    if jupyter_path is not None:
        env["JUPYTER_PATH"] = os.pathsep.join([str(jupyter_path), env["JUPYTER_PATH"]])
    env["NEGOTIATION_WORKBOOK_DATA"] = str(data)
    env["NEGOTIATION_WORKBOOK_DB"] = url
    port = free_port()
    with log.open("wb") if log else open(os.devnull, "wb") as out:
        process = subprocess.Popen(
            [*voila_argv(port, None, **voila), *extra],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = VoilaServer(f"http://127.0.0.1:{port}", process, url, data)
    previous = signal.getsignal(signal.SIGTERM)

    def terminated(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)
    try:
        _wait_until_serving(server.base, process)
        yield server
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(server)


def _stop(server: VoilaServer) -> None:
    """Stop the server's process group; end the kernels it started if they outlive it.

    Kernels run in sessions of their own (jupyter_client starts them so), so a server that
    had to be killed leaves them behind: the ones found before stopping are ended by pid.
    """
    kernels = server.kernel_pids()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
    table = _processes()
    for pid in kernels:
        if pid in table and "ipykernel_launcher" in table[pid][1]:  # still that kernel
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    shutil.rmtree(server.data_dir, ignore_errors=True)
