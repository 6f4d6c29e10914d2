"""The server process of ``negotiation-workbook serve``: Voila, started and stopped quietly.

``serve`` runs ``python -m negotiation_lib.serving <Voila's options>`` (``__main__.py``,
which calls :func:`main`; :func:`negotiation_lib.cli.voila_argv` builds the command line).
This is Voila's own application with a few changes, most about what the person at the
terminal sees:

- once the server listens, it prints the address of the workbook's home page, with the port
  it really got (Voila moves to another one when the port is taken);
- Ctrl-C or SIGTERM stop it without a traceback, also while the preheated kernels are still
  starting (:meth:`~negotiation_lib.serving.kernels.PageBoundKernelManager.shutdown_all`), and
  a second Ctrl-C while it shuts down ends it at once, quietly (the kernels end themselves when
  their parent process is gone: ipykernel watches it);
- the deprecation warning traitlets prints for the ``--Voila.tornado_settings`` option that
  carries the security headers is not shown (the option works; see :mod:`.headers`);
- debug log records are built only when the log prints them (:func:`log_only_what_is_printed`);
- a page closed while the server was still sending it a message is a line in the log, not a
  traceback (:func:`quiet_closed_pages`): jupyter_server writes to a page's websocket in a task
  nobody awaits, and asyncio printed the closed socket's error as "Task exception was never
  retrieved" with two tracebacks, about a trainee who merely closed a tab.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import warnings
from types import FrameType
from typing import Any

from tornado.ioloop import IOLoop
from tornado.websocket import WebSocketClosedError
from voila.app import Voila

from negotiation_lib.serving.home import HOME_PAGE

__all__ = [
    "EXIT_INTERRUPTED",
    "WorkbookVoila",
    "home_url",
    "log_only_what_is_printed",
    "main",
    "quiet_closed_pages",
]

EXIT_INTERRUPTED = 130
"""Exit code after a Ctrl-C that cut the start or the shutdown short (128 + SIGINT)."""


def home_url(display_url: str) -> str:
    """The home page's address, from the server address Voila displays (with its token query).

    Examples
    --------
    >>> home_url("http://127.0.0.1:8866/")
    'http://127.0.0.1:8866/voila/render/home.ipynb'
    >>> home_url("http://host:8866/user/ann/?token=...")
    'http://host:8866/user/ann/voila/render/home.ipynb?token=...'
    """
    base, sep, query = display_url.partition("?")
    return base.rstrip("/") + "/" + HOME_PAGE + sep + query


def quiet_closed_pages(loop: asyncio.AbstractEventLoop, log: Any) -> None:
    """Log a message the server could not send to a closed page as one line, not a traceback.

    Every other error left in a task goes to the loop's usual handler, traceback and all.
    """

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if isinstance(context.get("exception"), WebSocketClosedError):
            log.info("A page closed while the server was still sending to it.")
            return
        loop.default_exception_handler(context)

    loop.set_exception_handler(handle)


def log_only_what_is_printed(log: logging.Logger) -> None:
    """Set a logger's level to the lowest of its handlers' (when it has handlers).

    traitlets sets an application's logger to DEBUG and leaves the choice to its handler (at
    the application's ``log_level``, INFO for Voila). Every debug call then built a log record
    that no handler printed: the kernel manager and Voila's notebook runner write one for each
    message a page's kernel sends, 7% of the server's CPU while it opened the win-win worksheet.

    Examples
    --------
    >>> log = logging.getLogger("nw-doctest")
    >>> log.setLevel(logging.DEBUG)
    >>> log.addHandler(logging.NullHandler(logging.INFO))
    >>> log_only_what_is_printed(log)
    >>> log.isEnabledFor(logging.DEBUG), log.isEnabledFor(logging.INFO)
    (False, True)
    """
    if log.handlers:
        log.setLevel(min(handler.level for handler in log.handlers))


class WorkbookVoila(Voila):  # type: ignore[misc]  # voila is untyped
    """Voila's application, announcing the home page and stopping without tracebacks."""

    def initialize(self, argv: list[str] | None = None) -> None:
        """Voila's initialization; then debug records are built only if they are printed."""
        super().initialize(argv)
        log_only_what_is_printed(self.log)

    def start(self) -> None:
        """Start serving; the announcement runs once the server listens."""
        # Voila's listen() starts this same loop after binding the port: the callback runs then.
        IOLoop.current().add_callback(self._announce)
        quiet_closed_pages(IOLoop.current().asyncio_loop, self.log)  # type: ignore[attr-defined]
        # Ctrl-C stops the loop as SIGTERM does, instead of raising KeyboardInterrupt wherever
        # the main thread happens to be: raised inside a kernel's start-up, library code could
        # swallow it, and the server went on serving as if nothing had been pressed.
        self._interrupted = False
        signal.signal(signal.SIGINT, self._handle_interrupt)
        super().start()

    def _handle_interrupt(self, sig: int, frame: FrameType | None) -> None:
        """Ctrl-C: stop cleanly; a second Ctrl-C while stopping ends the server at once."""
        if self._interrupted:
            raise KeyboardInterrupt
        self._interrupted = True
        self._handle_signal_stop(sig, frame)

    def _announce(self) -> None:
        print(
            f"The workbook is ready. Its home page: {home_url(self.display_url)}\n"
            "Press Ctrl-C to stop the server.",
            flush=True,
        )

    def _handle_signal_stop(self, sig: int, frame: FrameType | None) -> None:
        """Stop on SIGTERM, also when it arrives before the server's loop has started."""
        self.log.info("Stopping (signal %s).", sig)
        loop = getattr(self, "ioloop", None) or IOLoop.current()
        loop.add_callback_from_signal(loop.stop)


def main(argv: list[str] | None = None) -> int:
    """Run Voila with ``argv`` (default: this process's arguments); returns the exit code."""
    warnings.filterwarnings("ignore", message=r"--tornado_settings=", category=DeprecationWarning)
    try:
        WorkbookVoila.launch_instance(argv)
    except KeyboardInterrupt:
        # Ctrl-C before the server listened, or a second one while it shut down: the person
        # wants it gone now.
        return EXIT_INTERRUPTED
    return 0
