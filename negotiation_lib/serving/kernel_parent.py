"""The kernel parent: one warm process from which ``serve`` forks its page kernels.

A page kernel started as a new process spends 0.6–0.8 CPU-s importing ipykernel, numpy,
SQLAlchemy and the workbook's pages before it can build anything, and keeps about 100 MB of
those modules to itself. Sixty trainees pay that sixty times (issue 17). The kernel parent
imports them once (:data:`PRELOAD`), freezes them out of the garbage collector's reach
(:func:`gc.freeze`, so that a child's collections do not write to the pages it shares), and
then forks a child per kernel. A child shares every page of those modules with the parent
and its siblings until it writes to one (copy-on-write), and starts in a few hundredths of a
CPU-second.

A forked child becomes exactly the kernel that jupyter_client asked for: its command line
(``python -m ipykernel_launcher -f <connection file>``) names the connection file, and the
child takes that command's environment and working folder, detaches into a session of its own
(as ``jupyter_client`` starts every kernel), shows the command as its process title, and runs
``ipykernel``'s application with it. It watches the kernel parent as a started kernel watches
its server: when the parent ends, its kernels end too. What a fork shares beyond memory: the
parent's string-hash seed (the same in every kernel of one server; random numbers are reseeded
in each child, numpy's too) and the environment variables read at import (none of the
workbook's: it reads its settings when a page runs).

The parent talks to its server over one socket it inherits (a socket pair, never a file any
other local process could open), one JSON line per request and per answer:

- it says ``{"ready": <pid>, "modules": <count>}`` once its modules are loaded;
- to ``{"argv": [...], "env": {...}, "cwd": "..."}`` it forks a kernel and answers
  ``{"pid": <pid>}``, or ``{"error": "<why>"}``;
- at the end of the socket (the server stopped, or was killed) it exits.

This module runs in the kernel parent, whose modules every kernel inherits: it imports nothing
of Voila's or jupyter_server's (``tests/browser/test_kernel_imports.py`` checks a served
kernel), and its package's ``__init__`` imports nothing either. The server's side is
:mod:`negotiation_lib.serving.forking`.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import importlib.util
import json
import os
import signal
import socket
import sys
import threading
import traceback
from collections.abc import Mapping, Sequence
from types import FrameType
from typing import Any, NoReturn

__all__ = ["PRELOAD", "kernel_argv", "main"]

PRELOAD: tuple[str, ...] = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipywidgets",
    "negotiation_lib.store",
    "negotiation_lib.worksheets.app",
    "negotiation_lib.worksheets.visitor",
    "negotiation_lib.worksheets.home",
    "negotiation_lib.worksheets.workbook",
    "negotiation_lib.worksheets.what_if",
    "negotiation_lib.worksheets.value_proposition.view",
    "negotiation_lib.worksheets.transparent_economics.view",
    "negotiation_lib.worksheets.win_win.view",
    "negotiation_lib.worksheets.deal_room",
    "negotiation_lib.worksheets.dashboard",
)
"""What the parent imports before it forks: everything a page of the workbook may import.

A module here costs the parent its memory once; a kernel that never uses it pays nothing.
"""


def kernel_argv(argv: Sequence[str], parent_pid: int) -> list[str]:
    """The arguments of ``ipykernel``'s application for a kernel command, in a forked child.

    ``argv`` is the command jupyter_client would run (``python -m ipykernel_launcher ...``);
    the child runs what follows the module name, watching ``parent_pid`` (ipykernel ends the
    kernel when that process ends).

    Examples
    --------
    >>> kernel_argv(["/venv/bin/python", "-m", "ipykernel_launcher", "-f", "/run/k.json"], 41)
    ['-f', '/run/k.json', '--IPKernelApp.parent_handle=41']
    """
    return [*argv[3:], f"--IPKernelApp.parent_handle={parent_pid}"]


def _reap(signum: int = 0, frame: FrameType | None = None) -> None:
    """Collect every child kernel that has ended (SIGCHLD), so none is left a zombie."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _as_if_imported_in_the_kernel() -> None:
    """Redo what a preloaded module does at import only when it finds a running kernel.

    ipywidgets registers its comm targets when it is imported in a kernel. Imported in the
    parent, before any kernel existed, it registered none: the page's widget manager then
    found no ``jupyter.widget.control`` target and asked for every widget's state one message
    at a time, which more than doubled what the server spent relaying a page (measured on the
    win-win worksheet: 1.5 CPU-s against 0.65). ``tests/serving/test_forking.py`` compares a
    forked kernel with a new one from the inside.
    """
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:
        widgets.register_comm_target()


def _exit_code(code: Any) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _become_kernel(request: Mapping[str, Any], parent_pid: int, started_fd: int) -> NoReturn:
    """In the forked child: become the kernel that ``request`` describes, then exit."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.setsid()
        # The parent answers its server only once the child leads its own process group:
        # signals sent to the kernel's group then reach it from the first moment.
        os.write(started_fd, b"1")
        os.close(started_fd)
        argv = list(request["argv"])
        if "setproctitle" in sys.modules:
            # Seen in ``ps`` and ``/proc`` as the kernel it is, connection file included.
            sys.modules["setproctitle"].setproctitle(" ".join(argv))
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        if "numpy" in sys.modules:
            # Every child would otherwise draw numpy's legacy random numbers from the parent's
            # state (Python's own random module reseeds itself after a fork).
            sys.modules["numpy"].random.seed()
        from ipykernel import kernelapp

        launcher = importlib.util.find_spec("ipykernel_launcher")
        sys.argv = [(launcher.origin if launcher else None) or argv[0], *argv[3:]]
        app = kernelapp.IPKernelApp.instance()
        app.initialize(kernel_argv(argv, parent_pid))  # type: ignore[no-untyped-call]
        _as_if_imported_in_the_kernel()
        app.start()  # type: ignore[no-untyped-call]
        code = 0
    except SystemExit as stop:
        code = _exit_code(stop.code)
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code)


def _fork(request: Mapping[str, Any], server: socket.socket) -> int:
    """Fork one kernel for ``request``; its pid, once it leads its own session."""
    if not isinstance(request.get("argv"), list) or not isinstance(request.get("env"), dict):
        raise ValueError("a kernel request needs argv (a list) and env (an object)")
    if not os.path.isdir(str(request.get("cwd", ""))):
        raise ValueError(f"the kernel's folder does not exist: {request.get('cwd')!r}")
    if threading.active_count() != 1:
        raise RuntimeError("the kernel parent has threads; it forks only while it has none")
    parent_pid = os.getpid()
    started_read, started_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(started_read)
        # The socket's file object still holds it: detached, its descriptor really closes,
        # so the server sees the end of the socket when the parent ends, whatever its
        # kernels do.
        os.close(server.detach())
        _become_kernel(request, parent_pid, started_write)
    os.close(started_write)
    try:
        started = os.read(started_read, 1)
    finally:
        os.close(started_read)
    if started != b"1":
        raise RuntimeError("the forked kernel ended before it started")
    return pid


def _answer(server: socket.socket, message: Mapping[str, Any]) -> None:
    server.sendall(json.dumps(message).encode() + b"\n")


def serve_requests(server: socket.socket) -> None:
    """Answer the server's requests until it closes its end of ``server``."""
    with server.makefile("rb") as requests:
        for line in requests:
            try:
                answer: dict[str, Any] = {"pid": _fork(json.loads(line), server)}
            except Exception as error:  # a bad request is answered, never fatal
                answer = {"error": f"{type(error).__name__}: {error}"}
            _answer(server, answer)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the kernel parent on the socket whose file descriptor is ``argv[0]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    server = socket.socket(fileno=int(args[0]))
    # Ctrl-C at the server's terminal is the server's to handle; the parent ends with its
    # socket. Started in a session of its own, it does not receive it anyway.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(ImportError):
        # Imported here, while the process still has its own environment: it finds the
        # memory it retitles a child with from there.
        import setproctitle  # noqa: F401
    for name in PRELOAD:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    signal.signal(signal.SIGCHLD, _reap)
    _answer(server, {"ready": os.getpid(), "modules": len(sys.modules)})
    serve_requests(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
