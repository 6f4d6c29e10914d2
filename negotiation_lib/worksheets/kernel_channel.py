"""The page kernel's side of its message channel: never drop a widget message to the server.

A kernel publishes its widget messages on its IOPub socket, a ZeroMQ publisher. A publisher
drops what does not fit in its queue for a subscriber (ZeroMQ's high-water mark, 1,000 messages
by default) instead of waiting. Opening the win-win worksheet in the workbook sends over 1,100
widget messages in one go; on a server starved of CPU (sixty trainees on two cores) the
server's side does not drain the queue fast enough, the surplus is dropped, and the browser
meets a container whose children it was never told about ("widget model not found"): the
worksheet never appears. The server's side keeps everything it receives
(:meth:`negotiation_lib.serving.kernels.PageBoundKernelManager._context_default`); this module
makes the kernel's side wait rather than drop.

:func:`keep_every_message` is called by every page as it is built
(:mod:`negotiation_lib.worksheets.app`). It sets ZeroMQ's ``XPUB_NODROP`` on the kernel's
publisher (ipykernel's is an XPUB socket): a message that finds a subscriber's queue full waits
in the kernel's IOPub thread until there is room, instead of being dropped. The option is read
at each send, so it holds for subscribers that connect later, such as the page's browser.
(Raising the high-water mark would not: a bound socket gives each new connection the limit it
had when it was bound.)

Waiting is safe only where every subscriber drains its queue on its own: a kernel whose
publisher waits stalls altogether (its threads hand messages to the IOPub thread) until the
slowest subscriber takes them. ``negotiation-workbook serve`` guarantees that: its subscribers
queue without limit, filled by ZeroMQ's I/O thread, so a kernel waits only while the server is
starved of CPU. Other clients may not (a test harness that reads the channel only after the
cell's reply would never get it), so the option is set only in kernels the workbook's server
started, which it marks with :data:`negotiation_lib.catalog.SERVED_KERNEL`.
"""

from __future__ import annotations

import os
from typing import Any

from negotiation_lib.catalog import SERVED_KERNEL

__all__ = ["keep_every_message"]


def _iopub_thread() -> Any:
    """The IOPub thread (ipykernel's) of the running kernel, or None outside a kernel."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return None
    kernel = getattr(get_ipython(), "kernel", None)
    return getattr(kernel, "iopub_thread", None)


def keep_every_message() -> bool:
    """Make this kernel's IOPub publisher wait for a slow subscriber, never drop a message.

    The option is set in the IOPub thread (a ZeroMQ socket belongs to the thread that uses
    it). Returns whether it was set: False outside a kernel the workbook's server started
    (plain Python, JupyterLab, nbval), where it is left as ZeroMQ has it.
    """
    import zmq

    if os.environ.get(SERVED_KERNEL) != "1":
        return False
    thread = _iopub_thread()
    socket = getattr(thread, "socket", None)
    if thread is None or socket is None or socket.getsockopt(zmq.TYPE) != zmq.XPUB:
        return False
    thread.schedule(lambda: socket.setsockopt(zmq.XPUB_NODROP, 1))
    return True
