"""Page kernels forked from a warm parent instead of started as new processes.

``serve`` names :class:`ForkedKernelProvisioner` as jupyter_client's default kernel
provisioner (:func:`negotiation_lib.serving.voila_options`; it is registered under
:data:`PROVISIONER_NAME` in the package's entry points). For a Python kernel of the server's
own interpreter, it asks the kernel parent (:mod:`.kernel_parent`), started once per server,
to fork the kernel; any other kernel command, or a parent that cannot be reached, starts the
kernel as a new process, as jupyter_client's own provisioner does. Everything else (the
connection file, ports, shutdown by message, then SIGTERM and SIGKILL to the kernel's
process group) is jupyter_client's.

Measured in the workshop benchmark (``benchmarks/RESULTS.md``): a refill kernel costs the
server a fork instead of 0.6–0.8 CPU-s of imports, and each kernel shares the parent's modules
instead of keeping its own copy. ``NEGOTIATION_WORKBOOK_FORK_KERNELS=0`` in the server's
environment turns forking off (every kernel a new process), for comparison or diagnosis.

The forked kernel is not the server's child but the parent's; :class:`ForkedKernel` gives
jupyter_client what it needs of a process handle (poll, wait, signals) from its pid.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

__all__ = [
    "FORK_ENV",
    "PROVISIONER_NAME",
    "ForkedKernel",
    "ForkedKernelProvisioner",
    "KernelParent",
    "KernelParentError",
    "forkable",
    "forking_on",
]

PROVISIONER_NAME = "negotiation-workbook-forked"
"""The provisioner's name among ``jupyter_client.kernel_provisioners`` entry points."""

FORK_ENV = "NEGOTIATION_WORKBOOK_FORK_KERNELS"
"""Set to ``0`` in the server's environment, every kernel starts as a new process."""

READY_TIMEOUT_S = 120.0
"""Seconds the server waits for a new kernel parent to load its modules."""

RETRY_AFTER_S = 60.0
"""After a parent failed to start, kernels start as new processes this long before another try
(so a broken parent costs one attempt a minute, not one per kernel)."""

_THREAD_LIMITS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


class KernelParentError(RuntimeError):
    """The kernel parent could not start, or could not fork a kernel."""


def forking_on(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the server forks its kernels (it does unless :data:`FORK_ENV` is ``0``).

    Examples
    --------
    >>> forking_on({}), forking_on({FORK_ENV: "0"}), forking_on({FORK_ENV: "1"})
    (True, False, True)
    """
    env = os.environ if environ is None else environ
    return env.get(FORK_ENV, "1").strip().lower() not in ("0", "off", "false", "no")


def _same_python(command: str, environ: Mapping[str, str]) -> bool:
    found = shutil.which(command, path=environ.get("PATH")) if os.sep not in command else command
    if not found:
        return False
    # The same file in the same folder: a virtual environment's python is a link to the
    # system's, which has other packages.
    with contextlib.suppress(OSError):
        same_folder = Path(os.path.abspath(found)).parent == Path(sys.executable).parent
        return same_folder and os.path.samefile(found, sys.executable)
    return False


def forkable(cmd: Sequence[str], environ: Mapping[str, str] | None = None) -> bool:
    """Whether a kernel command can be forked from the kernel parent.

    Only an ipykernel started by the server's own interpreter (same file, same environment
    folder): the parent has that interpreter's modules and nothing else.

    Examples
    --------
    >>> forkable([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"])
    True
    >>> forkable(["/opt/other/python", "-m", "ipykernel_launcher", "-f", "k.json"])
    False
    >>> forkable([sys.executable, "-m", "some_other_kernel", "-f", "k.json"])
    False
    """
    env = os.environ if environ is None else environ
    launcher = list(cmd[1:3]) == ["-m", "ipykernel_launcher"]
    return len(cmd) >= 3 and launcher and _same_python(cmd[0], env)


def _process_state(pid: int) -> tuple[str, int] | None:
    """A process's state letter and start time (clock ticks after boot); None when gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[0], int(fields[19])


class ForkedKernel:
    """A kernel forked by the kernel parent, handled as jupyter_client handles a ``Popen``.

    It is the parent's child, not the server's, so its end is seen in ``/proc`` (a zombie, or
    no process at all once the parent has collected it) rather than by ``waitpid``. Its start
    time is kept, so that a later process given the same pid is never taken for it.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        state = _process_state(pid)
        self._started = state[1] if state else None

    def poll(self) -> int | None:
        """None while the kernel runs; 0 once it has ended (its exit status is the parent's)."""
        if self.returncode is None:
            state = _process_state(self.pid)
            if state is None or state[0] in "ZX" or state[1] != self._started:
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end (jupyter_client calls this once :meth:`poll` says so)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0.0)
            time.sleep(0.02)
        return code

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel (none once it has ended)."""
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        """SIGTERM."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL."""
        self.send_signal(signal.SIGKILL)


class KernelParent:
    """The server's handle on its kernel parent: started on first use, restarted if it ended.

    :meth:`fork` blocks (the provisioner calls it in a thread); requests are answered one at a
    time. The parent ends when this server does (the end of its socket).
    """

    def __init__(self, python: str = sys.executable) -> None:
        self.python = python
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._socket: socket.socket | None = None
        self._answers: Any = None
        self._failed_at: float | None = None

    @property
    def pid(self) -> int | None:
        """The running parent's pid, or None."""
        return self._process.pid if self._process and self._process.poll() is None else None

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        # numpy's BLAS threads do not survive a fork; one thread per kernel also keeps sixty
        # kernels from each starting a thread per core.
        for name in _THREAD_LIMITS:
            env.setdefault(name, "1")
        return env

    def _start(self) -> None:
        ours, theirs = socket.socketpair()
        try:
            process = subprocess.Popen(
                [self.python, "-m", "negotiation_lib.serving.kernel_parent", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                env=self._environment(),
                start_new_session=True,
            )
        finally:
            theirs.close()
        ours.settimeout(READY_TIMEOUT_S)
        answers = ours.makefile("rb")
        try:
            ready = json.loads(answers.readline() or b"{}")
        except (OSError, ValueError) as error:
            ready = {"error": str(error)}
        if "ready" not in ready:
            answers.close()
            ours.close()
            with contextlib.suppress(OSError):
                process.kill()
            process.wait()
            why = ready.get("error", "it ended")
            raise KernelParentError(f"the kernel parent did not start ({why})")
        ours.settimeout(None)
        self._process, self._socket, self._answers = process, ours, answers

    def _running(self) -> int:
        """The parent's pid, started first unless it runs (call with the lock held)."""
        if self.pid is None:
            if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_AFTER_S:
                raise KernelParentError("the kernel parent failed to start a moment ago")
            self._close()
            try:
                self._start()
            except KernelParentError:
                self._failed_at = time.monotonic()
                raise
            self._failed_at = None
        assert self._process is not None
        return self._process.pid

    def start(self) -> int:
        """Start the parent unless it runs; its pid (blocks while it loads its modules)."""
        with self._lock:
            return self._running()

    def fork(self, argv: Sequence[str], env: Mapping[str, str], cwd: str) -> int:
        """Fork a kernel running ``argv`` in ``env`` and ``cwd``; its pid."""
        request = json.dumps({"argv": list(argv), "env": dict(env), "cwd": cwd}).encode() + b"\n"
        with self._lock:
            self._running()
            assert self._socket is not None
            try:
                self._socket.sendall(request)
                answer = json.loads(self._answers.readline() or b"{}")
            except (OSError, ValueError) as error:
                self._close()
                raise KernelParentError(f"the kernel parent stopped answering ({error})") from error
        if "pid" not in answer:
            raise KernelParentError(answer.get("error", "the kernel parent ended"))
        return int(answer["pid"])

    def _close(self) -> None:
        for part in (self._answers, self._socket):
            with contextlib.suppress(OSError):
                if part is not None:
                    part.close()
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=5)
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()
        self._process = self._socket = self._answers = None

    def close(self) -> None:
        """End the parent (its kernels notice and end too)."""
        with self._lock:
            self._close()


_PARENT: KernelParent | None = None
_PARENT_LOCK = threading.Lock()


def kernel_parent() -> KernelParent:
    """The server's kernel parent (one per server process)."""
    global _PARENT
    with _PARENT_LOCK:
        if _PARENT is None:
            _PARENT = KernelParent()
            atexit.register(_PARENT.close)
        return _PARENT


class ForkedKernelProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with Python kernels forked from the kernel parent."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        """Fork the kernel when it can be (:func:`forkable`), else start it as a process."""
        env = dict(kwargs.get("env") or os.environ)
        if not (forking_on() and forkable(cmd, env)):
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            pid = await asyncio.to_thread(kernel_parent().fork, cmd, env, cwd)
        except KernelParentError as error:
            self.log.warning("%s: this kernel starts as a new process", error)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(pid)  # type: ignore[assignment]  # a Popen's duck
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info
