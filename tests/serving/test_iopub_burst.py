"""A burst of widget messages from a kernel reaches the server whole, even while it is busy.

Opening the win-win worksheet in the workbook sends over 1,100 widget messages in one go
(``comm_open`` for each widget, its layout and its style). The server subscribes to the
kernel's IOPub channel, a ZeroMQ PUB socket that drops whatever its subscriber's queue cannot
take. With ZeroMQ's default high-water mark (1,000 messages a side) and kernels on Unix sockets
(``--KernelManager.transport=ipc``, as ``negotiation-workbook serve`` runs them), a server busy
with other pages lost part of the burst, and the page waited for widgets it was never sent.

These tests start a real kernel on Unix sockets, make it publish 4,800 widgets while nobody
reads, then count what arrived.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path
from typing import cast

import zmq
import zmq.asyncio
from jupyter_client.manager import AsyncKernelManager

from negotiation_lib.serving.kernels import PageBoundKernelManager

WIDGETS = """
import ipywidgets as w
from ipywidgets.widgets.widget import _instances
before = len(_instances)
boxes = [w.VBox([w.Text(value=str(i)) for i in range(10)]) for i in range(150)]
print("made", len(_instances) - before)
"""
"""150 boxes of 10 text fields: 4,800 widgets with their layouts and styles (the kernel prints
the count it made after the burst)."""

BUSY_S = 6.0
"""How long the server reads nothing while the kernel publishes."""


async def _widgets_received(context: zmq.asyncio.Context) -> tuple[int, int]:
    """(widgets the kernel made, ``comm_open`` messages that reached the subscriber)."""
    with tempfile.TemporaryDirectory() as folder:
        kernel = AsyncKernelManager(
            kernel_name="python3", transport="ipc", ip=str(Path(folder) / "k"), context=context
        )
        await kernel.start_kernel()
        client = kernel.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            # The manager's context is asynchronous; jupyter_client types the socket as plain.
            subscriber = cast(zmq.asyncio.Socket, kernel.connect_iopub())
            await asyncio.sleep(1.0)  # let the subscription reach the kernel
            client.execute(WIDGETS)
            await asyncio.sleep(BUSY_S)  # a busy server: nothing is read
            opened, made = 0, -1
            while await subscriber.poll(1000):
                parts = await subscriber.recv_multipart()
                header = json.loads(parts[-4])
                content = json.loads(parts[-1])
                if header["msg_type"] == "comm_open":
                    opened += 1
                elif header["msg_type"] == "stream" and "made" in content.get("text", ""):
                    made = int(content["text"].split()[1])
            subscriber.close(linger=0)
            return made, opened
        finally:
            client.stop_channels()
            await kernel.shutdown_kernel(now=True)


def test_the_servers_kernels_deliver_every_widget_of_a_burst_the_server_did_not_read_at_once() -> (
    None
):
    manager = PageBoundKernelManager()
    try:
        assert manager.context.getsockopt(zmq.RCVHWM) == 0
        made, opened = asyncio.run(_widgets_received(manager.context))
    finally:
        manager.context.destroy(linger=0)
    assert made == 4800
    assert opened == made


def test_with_zeromqs_default_queue_the_same_burst_loses_widgets() -> None:
    """The control: what the server's context setting prevents does happen without it."""
    context = zmq.asyncio.Context()
    try:
        made, opened = asyncio.run(_widgets_received(context))
    finally:
        context.destroy(linger=0)
    assert opened < 4800
    assert made in (-1, 4800)  # the kernel's own count is at the burst's end: often lost too
