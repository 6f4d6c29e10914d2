"""The kernel manager of ``negotiation-workbook serve``: it binds each kernel to its page.

Voila gets a page's kernel in one of two ways, and both pass through this class:

- **from its preheated pool.** Voila builds its pool manager by subclassing the configured
  ``VoilaConfiguration.multi_kernel_manager_class`` (``voila_kernel_manager_factory``); the
  subclass's ``get_rendered_notebook`` is where a pooled kernel, started before its visitor
  existed, is handed to the page request. :meth:`PageBoundKernelManager.__init_subclass__`
  wraps that method, so the kernel is bound at the moment it is handed out, never earlier.
- **started for the request** (the pool is empty, or preheating is off):
  :meth:`PageBoundKernelManager.start_kernel`, called by Voila's page handler with
  ``VOILA_PREHEAT=False`` in the kernel's environment. The pool starts its kernels through the
  same method with ``VOILA_PREHEAT=True``; those are not bound.

The request being served is jupyter_server's ``CallContext`` handler (set in every
``JupyterHandler.prepare``). A kernel is bound only when that is Voila's page handler: the
page's response then carries the key (:class:`~negotiation_lib.serving.pages.PageKeys`). A
kernel that no page holds answers no REST or websocket request at all (:mod:`.access`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import zmq
import zmq.asyncio
from jupyter_events import EventLogger
from jupyter_server._tz import utcnow
from jupyter_server.base.call_context import CallContext
from jupyter_server.services.kernels.kernelmanager import (
    AsyncMappingKernelManager,
    ServerKernelManager,
)
from traitlets import default
from zmq.eventloop.zmqstream import ZMQStream

from negotiation_lib.catalog import SERVED_KERNEL
from negotiation_lib.serving.memory import TrimSoon
from negotiation_lib.serving.pages import PageKeys

__all__ = [
    "STARTING_WAIT_S",
    "PageBoundKernelManager",
    "QuietShutdownKernelManager",
    "WorkbookKernelManager",
    "page_request",
]

STARTING_WAIT_S = 20.0
"""Seconds a stopping server waits for kernels still starting, so that it can shut them down."""


def page_request() -> Any:
    """The Voila page request being served in this task, or None.

    Only Voila's page handler counts: a kernel is bound to the browser that asked for a page,
    never to whatever other request happens to start one.
    """
    from voila.handler import VoilaHandler

    handler = CallContext.get(CallContext.JUPYTER_HANDLER)
    return handler if isinstance(handler, VoilaHandler) else None


DELIMITER = b"<IDS|MSG>"
"""The frame that ends a Jupyter message's routing identities (the wire protocol's)."""


def message_headers(frames: list[bytes]) -> tuple[dict[str, Any], dict[str, Any], bytes] | None:
    """A kernel message's header, parent header and raw content, from its ZeroMQ frames.

    After the delimiter come the signature, the header, the parent header, the metadata and
    the content (then any buffers). None when the frames are not a message.

    Examples
    --------
    >>> frames = [b"<IDS|MSG>", b"sig", b'{"msg_type": "status"}', b"{}", b"{}", b"{}"]
    >>> message_headers(frames)
    ({'msg_type': 'status'}, {}, b'{}')
    >>> message_headers([b"noise"]) is None
    True
    """
    try:
        start = frames.index(DELIMITER) + 2
        header, parent = json.loads(frames[start]), json.loads(frames[start + 1])
        content = frames[start + 3]
    except (ValueError, IndexError):
        return None
    if not isinstance(header, dict) or not isinstance(parent, dict):
        return None
    return header, parent, content


def _binding_hand_out(
    hand_out: Callable[..., Awaitable[tuple[Any, Any, str]]],
) -> Callable[..., Awaitable[tuple[Any, Any, str]]]:
    """Wrap Voila's ``get_rendered_notebook`` so that the kernel it hands out is bound."""

    @functools.wraps(hand_out)
    async def get_rendered_notebook(
        self: PageBoundKernelManager, *args: Any, **kwargs: Any
    ) -> tuple[Any, Any, str]:
        render_task, rendered, kernel_id = await hand_out(self, *args, **kwargs)
        self.bind(page_request(), kernel_id)
        # A kernel that waited in the pool longer than the culler's idle timeout (one whose
        # notebook finished running while pooled) would be culled the moment it left the
        # pool, before its page connected: the page then met a refused kernel. Handed out,
        # it is as fresh as a kernel started for the request.
        if kernel_id in self:
            self.get_kernel(kernel_id).last_activity = utcnow()  # type: ignore[attr-defined]
        return render_task, rendered, kernel_id

    return get_rendered_notebook


class QuietShutdownKernelManager(ServerKernelManager):
    """One kernel's manager: shut down by message and SIGTERM, without the SIGINT first.

    jupyter_client interrupts a kernel (SIGINT) before asking it to shut down. A kernel still
    starting when the server stops (a preheated one, importing its libraries) then dies of a
    ``KeyboardInterrupt`` and prints its traceback on the server's terminal. Without the
    interrupt, a started kernel ends on the shutdown request, and one still starting ends on
    the SIGTERM that follows when it does not answer, silently. The workbook never
    interrupts a kernel otherwise.

    Every kernel's manager also shares one event logger, kept by the server's kernel manager.
    jupyter_server looks for one on the server application; Voila's has none, so each kernel
    got an event logger of its own, with its schemas compiled again and a logger named after
    it registered with :mod:`logging` for the life of the server (one more per page opened).
    """

    async def _async_interrupt_kernel(self) -> None:
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()

    @default("event_logger")
    def _default_event_logger(self) -> EventLogger:
        shared: EventLogger | None = getattr(self.parent, "kernel_event_logger", None)
        if shared is None:
            shared = super()._default_event_logger()
            if self.parent is not None:
                self.parent.kernel_event_logger = shared
        return shared


def _close_channels(channels: dict[str, ZMQStream]) -> None:
    """Close a page's kernel sockets (shell, control, stdin, IOPub) left open."""
    for stream in channels.values():
        if not stream.closed():
            stream.on_recv(None)
            stream.close()


class WorkbookKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager as every workbook server runs it.

    ``serve`` uses it through :class:`PageBoundKernelManager`; a hub's single-user server
    (:mod:`negotiation_lib.hub.singleuser`) uses it as it is. It keeps every message of a
    kernel (the ZeroMQ context below, and :data:`~negotiation_lib.catalog.SERVED_KERNEL` in
    each kernel's environment), shuts kernels down without interrupting them first, never
    culls a kernel still starting, never keeps the sockets of a page that closed while its
    kernel was shutting down, and gives the freed memory back after each shutdown.
    """

    trim_soon: TrimSoon
    _stopping: set[str]
    """The kernels being shut down (a page closing now must not start buffering for them)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        self.trim_soon = TrimSoon()
        self._stopping = set()

    @default("kernel_manager_class")
    def _default_kernel_manager_class(self) -> str:
        return f"{__name__}.QuietShutdownKernelManager"

    @default("context")
    def _context_default(self) -> zmq.asyncio.Context:
        """The server's ZeroMQ context: its sockets never drop a kernel's message.

        A kernel publishes on IOPub (a PUB socket, which drops what its subscriber cannot take)
        and the server subscribes with ZeroMQ's default high-water mark of 1,000 queued
        messages. Opening the win-win worksheet sends over 1,100 widget messages at once: when
        the server was busy serving other pages, the surplus was dropped silently and the
        browser met a container whose children it had never been told about ("widget model
        not found"); the worksheet never appeared. Over Unix sockets (``transport=ipc``) there
        is no TCP buffer to absorb the burst. An unbounded receive queue keeps every message;
        ZeroMQ's I/O thread fills it without waiting for Python.
        (``tests/serving/test_iopub_burst.py`` shows the loss and its fix.)
        """
        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.RCVHWM, 0)
        return context

    async def start_kernel(  # type: ignore[override]  # jupyter_client types it as sync
        self, *args: Any, **kwargs: Any
    ) -> str:
        """Start a kernel marked as the server's.

        Every kernel is marked (:data:`negotiation_lib.catalog.SERVED_KERNEL`): its pages then
        make its publisher wait for this server rather than drop a message
        (:mod:`negotiation_lib.worksheets.kernel_channel`).
        """
        kwargs["env"] = {**(kwargs.get("env") or os.environ), SERVED_KERNEL: "1"}
        kernel_id: str = await super().start_kernel(*args, **kwargs)
        return kernel_id

    def start_watching_activity(self, kernel_id: str) -> None:
        """Record a kernel's activity from its IOPub messages, reading only their headers.

        The server keeps what jupyter_server's own watcher keeps: when the kernel last sent a
        message that counts as activity, and its execution state from its status messages.
        jupyter_server's watcher checks each message's signature and parses its two headers
        with their dates (dateutil, tens of microseconds a date), for each of the 1,100 and
        more messages a worksheet sends as it opens. Here only the two headers' JSON is read,
        and a status message's content. What reaches the page is read and checked by the
        page's own connection, as before.
        """
        kernel = self._kernels[kernel_id]
        kernel.reason = ""
        kernel.last_activity = utcnow()
        kernel._activity_stream = kernel.connect_iopub()
        tracked = self.track_message_type

        def record_activity(frames: list[bytes]) -> None:
            parts = message_headers(frames)
            if parts is None:
                return
            header, parent, content = parts
            msg_type = header.get("msg_type")
            answers_tracked = tracked(parent.get("msg_type"))  # type: ignore[no-untyped-call]
            if (
                answers_tracked
                or tracked(msg_type)  # type: ignore[no-untyped-call]
                or kernel.execution_state == "busy"
            ):
                self.last_kernel_activity = kernel.last_activity = utcnow()
            if msg_type == "status":
                with contextlib.suppress(ValueError, AttributeError):
                    state = json.loads(content).get("execution_state")
                    if answers_tracked:
                        kernel.execution_state = state
                    elif kernel.execution_state == "starting" and state != "starting":
                        # Once started, a kernel is idle unless a tracked request made it busy.
                        kernel.execution_state = "idle"

        kernel._activity_stream.on_recv(record_activity)

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Cull the kernel if idle; a kernel still starting is left alone.

        A kernel is listed before jupyter_server first records its activity; a culler pass
        in between read an activity that did not exist yet and logged a traceback.
        """
        kernel = self._kernels.get(kernel_id)
        if kernel is None or "last_activity" not in kernel._trait_values:
            return
        await super().cull_kernel_if_idle(kernel_id)  # type: ignore[no-untyped-call]

    async def shutdown_kernel(  # type: ignore[override]  # jupyter_client types it as sync
        self, kernel_id: str, *args: Any, **kwargs: Any
    ) -> None:
        """Shut the kernel down and give the freed memory back soon.

        (:mod:`negotiation_lib.serving.memory`: without it the server's resident size grew
        with every page opened and closed.)
        """
        self._stopping.add(kernel_id)
        try:
            await super().shutdown_kernel(kernel_id, *args, **kwargs)  # type: ignore[no-untyped-call]
        finally:
            self._stopping.discard(kernel_id)
            _close_channels(self._kernel_buffers.pop(kernel_id, {}).get("channels", {}))
            self.trim_soon.request()

    def start_buffering(
        self, kernel_id: str, session_key: str, channels: dict[str, ZMQStream]
    ) -> None:
        """Keep a closed page's messages for its return, unless its kernel is shutting down.

        When a page's last websocket closes, jupyter_server keeps the page's four sockets open
        and buffers what the kernel sends, for the page to collect if it reconnects; shutting
        the kernel down closes them. But a page closes by asking for its kernel's shutdown
        first and closing its websocket second: when the websocket closed while the shutdown
        was under way, the buffering started after the shutdown had already stopped it, and
        the four sockets, their streams and the page's connection stayed in the server for
        good (one closed page in four, in a count over the workshop benchmark's page opens).
        Those sockets are closed here, and again after every shutdown should any be left.
        """
        if kernel_id in self._stopping or kernel_id not in self:
            _close_channels(channels)
            return
        super().start_buffering(kernel_id, session_key, channels)  # type: ignore[no-untyped-call]

    async def shutdown_all(self, now: bool = False) -> None:  # type: ignore[override]
        """Shut every kernel down when the server stops, those still starting too.

        jupyter_client's version asks jupyter_server to shut down the kernels still starting
        as well, which refuses them ("Kernel does not exist", an HTTP 404 raised as an
        exception), so a server stopped while its pool was filling printed a traceback and
        left the other kernels to end on their own. Here the starting kernels are waited for
        (a few seconds at most), then every kernel is shut down, each on its own: one that
        fails is logged in one line and the others still go.
        """
        starting = [task for task in self._pending_kernels.values() if not task.done()]
        if starting:
            await asyncio.wait(starting, timeout=STARTING_WAIT_S)
        kernel_ids = list(self.list_kernel_ids())
        results = await asyncio.gather(
            *(self.shutdown_kernel(k, now=now) for k in kernel_ids), return_exceptions=True
        )
        for kernel_id, result in zip(kernel_ids, results, strict=True):
            if isinstance(result, BaseException):
                self.log.info("Kernel %s was not shut down cleanly: %s", kernel_id, result)


class PageBoundKernelManager(WorkbookKernelManager):
    """The workbook's kernel manager, with every kernel bound to the page it was handed to.

    ``page_keys`` holds the key of each bound kernel; :mod:`.access` checks requests against it.
    """

    page_keys: PageKeys

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page_keys = PageKeys()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        hand_out = cls.__dict__.get("get_rendered_notebook")
        if hand_out is not None:
            # Voila's pool manager defines it; see the module's docstring.
            cls.get_rendered_notebook = _binding_hand_out(hand_out)  # type: ignore[attr-defined]

    def bind(self, handler: Any, kernel_id: str) -> None:
        """Bind the kernel to the page request ``handler`` (nothing when there is none)."""
        if handler is None:
            self.log.warning("Kernel %s started outside a page request: left unbound", kernel_id)
            return
        self.page_keys.hand_out(handler, handler.base_url, kernel_id)

    async def start_kernel(  # type: ignore[override]  # jupyter_client types it as sync
        self, *args: Any, **kwargs: Any
    ) -> str:
        """Start a kernel; one started for a page request is bound to that page."""
        kernel_id = await super().start_kernel(*args, **kwargs)
        env = kwargs.get("env") or {}
        if env.get("VOILA_PREHEAT") == "False":
            self.bind(page_request(), kernel_id)
        return kernel_id

    async def shutdown_kernel(  # type: ignore[override]  # jupyter_client types it as sync
        self, kernel_id: str, *args: Any, **kwargs: Any
    ) -> None:
        """Shut the kernel down and forget its page key."""
        self.page_keys.forget(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)
