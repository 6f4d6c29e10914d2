"""The server records a kernel's activity as jupyter_server does, from the headers alone.

:meth:`~negotiation_lib.serving.kernels.WorkbookKernelManager.start_watching_activity` reads
only each IOPub message's two JSON headers (and a status message's content) where
jupyter_server's watcher checks the signature and parses every date. The culler decides on what
it records, so it must record the same: here both watchers listen to one real kernel, side by
side, through the same requests, and are compared after each.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import zmq
from jupyter_client.manager import AsyncKernelManager
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from zmq.eventloop.zmqstream import ZMQStream

from negotiation_lib.serving.kernels import WorkbookKernelManager

WIDGETS = "import ipywidgets as w\nboxes = [w.VBox([w.Text(str(i))]) for i in range(50)]\nboxes[0]"


def _watched(manager: Any, kernel: AsyncKernelManager) -> SimpleNamespace:
    """A kernel as the server lists it, watched by ``manager``'s activity watcher."""

    def connect_iopub() -> ZMQStream:
        socket: zmq.Socket[bytes] = zmq.Context.instance().socket(zmq.SUB)
        socket.setsockopt(zmq.SUBSCRIBE, b"")
        socket.connect(kernel._make_url("iopub"))
        return ZMQStream(socket)

    listed = SimpleNamespace(
        connect_iopub=connect_iopub,
        session=kernel.session,
        execution_state="starting",
        last_activity=None,
    )
    manager._kernels["k"] = listed
    manager.start_watching_activity("k")
    return listed


async def _settle(seconds: float = 1.5) -> None:
    """Let both watchers take every message published so far (their streams run on the loop)."""
    await asyncio.sleep(seconds)


def test_the_workbooks_watcher_records_what_jupyter_servers_records(tmp_path: Path) -> None:
    async def run() -> None:
        kernel = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(tmp_path / "k"))
        await kernel.start_kernel()
        client = kernel.client()
        client.start_channels()
        try:
            ours = _watched(WorkbookKernelManager(), kernel)
            theirs = _watched(AsyncMappingKernelManager(), kernel)  # type: ignore[no-untyped-call]
            await _settle()  # both subscribed before the kernel is asked anything
            await client.wait_for_ready(timeout=60)
            await _settle()
            seen = [("started", ours.execution_state, theirs.execution_state)]

            # A kernel_info request does not count as activity (the culler may end a kernel
            # that is only polled), an execution does; widgets are comm messages.
            for step, request in (
                ("kernel info", client.kernel_info),
                ("execution", lambda: client.execute("x = 1")),
                ("widgets", lambda: client.execute(WIDGETS)),
            ):
                before = (ours.last_activity, theirs.last_activity)
                request()  # type: ignore[no-untyped-call]
                await _settle()
                seen.append((step, ours.execution_state, theirs.execution_state))
                moved = (ours.last_activity != before[0], theirs.last_activity != before[1])
                assert moved[0] == moved[1], f"{step}: activity recorded {moved} (ours, theirs)"
                if step == "kernel info":
                    assert moved == (False, False)
                else:
                    assert moved == (True, True)
                    assert abs((ours.last_activity - theirs.last_activity).total_seconds()) < 1

            for _step, state_ours, state_theirs in seen:
                assert state_ours == state_theirs == "idle", seen
        finally:
            client.stop_channels()
            await kernel.shutdown_kernel(now=True)

    asyncio.run(run())
