"""A page that closes while its kernel shuts down leaves none of its sockets in the server.

A closing page asks for its kernel's shutdown, then its websocket closes. jupyter_server, when
a kernel's last websocket closes, keeps the page's four kernel sockets open to buffer messages
for a reconnecting page (``start_buffering``); the kernel's shutdown closes them
(``stop_buffering``). When the websocket closed while the shutdown was under way, the
buffering started after the shutdown's ``stop_buffering`` had run: the sockets, their streams
and the page's connection stayed in the server for good (found by counting the server's live
objects over the workshop benchmark's page opens: one page in four).

Here a real kernel is shut down and, in the middle of its shutdown, the page's websocket
closes as jupyter_server closes it; the workbook's kernel manager is compared with
jupyter_server's own.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from zmq.eventloop.zmqstream import ZMQStream

from negotiation_lib.serving.kernels import WorkbookKernelManager


async def _close_page_during_shutdown(manager: Any) -> list[ZMQStream]:
    """Start a kernel, shut it down, close its page's websocket meanwhile; the page's streams."""
    kernel_id = await manager.start_kernel(kernel_name="python3")
    channels = {
        "shell": manager.connect_shell(kernel_id),
        "control": manager.connect_control(kernel_id),
        "stdin": manager.connect_stdin(kernel_id),
        "iopub": manager.connect_iopub(kernel_id),
    }
    client = manager.get_kernel(kernel_id).client()
    client.start_channels()
    await client.wait_for_ready(timeout=60)
    client.stop_channels()
    manager.notify_connect(kernel_id)
    shutdown = asyncio.ensure_future(manager.shutdown_kernel(kernel_id))
    for _ in range(3):  # the shutdown runs to its first wait (``stop_buffering`` is behind it)
        await asyncio.sleep(0)
    assert not shutdown.done(), "the shutdown ended before the page closed: no race to show"
    # What jupyter_server's websocket connection does as it closes (``disconnect``).
    manager.notify_disconnect(kernel_id)
    assert kernel_id in manager
    assert manager._kernel_connections[kernel_id] == 0
    manager.start_buffering(kernel_id, "the-page", channels)
    await shutdown
    assert kernel_id not in manager
    await asyncio.sleep(0.1)
    return list(channels.values())


def test_the_pages_sockets_are_closed_with_its_kernel(tmp_path: Path) -> None:
    async def run() -> None:
        manager = WorkbookKernelManager(root_dir=str(tmp_path))
        streams = await _close_page_during_shutdown(manager)
        assert [s.closed() for s in streams] == [True] * 4
        assert not manager._kernel_buffers

    asyncio.run(run())


def test_jupyter_servers_own_manager_keeps_them(tmp_path: Path) -> None:
    """The leak this guards against (if jupyter_server mends it, this fails: drop the guard)."""

    async def run() -> None:
        manager = AsyncMappingKernelManager(root_dir=str(tmp_path))  # type: ignore[no-untyped-call]
        streams = await _close_page_during_shutdown(manager)
        try:
            assert [s.closed() for s in streams] == [False] * 4
            assert list(manager._kernel_buffers) != []
        finally:
            for stream in streams:
                stream.close()

    asyncio.run(run())


def test_a_page_closing_before_the_shutdown_still_buffers_until_it(tmp_path: Path) -> None:
    """Buffering for a page that may come back is kept; the shutdown ends it as before."""

    async def run() -> None:
        manager = WorkbookKernelManager(root_dir=str(tmp_path))
        kernel_id = await manager.start_kernel(kernel_name="python3")
        channels = {"shell": manager.connect_shell(kernel_id)}
        manager.start_buffering(kernel_id, "the-page", channels)
        assert not channels["shell"].closed()
        assert manager._kernel_buffers[kernel_id]["session_key"] == "the-page"
        await manager.shutdown_kernel(kernel_id)
        assert channels["shell"].closed()
        assert not manager._kernel_buffers

    asyncio.run(run())
