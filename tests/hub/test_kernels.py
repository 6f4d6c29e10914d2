"""A trainee's single-user server manages kernels as ``serve`` does: no widget message lost."""

from __future__ import annotations

import asyncio
import tempfile
from typing import Any

import zmq

from negotiation_lib.catalog import SERVED_KERNEL
from negotiation_lib.hub.singleuser import singleuser_argv
from negotiation_lib.serving.kernels import (
    PageBoundKernelManager,
    QuietShutdownKernelManager,
    WorkbookKernelManager,
)


def test_the_single_user_server_runs_the_workbooks_kernel_manager() -> None:
    argv = singleuser_argv()
    option = "--ServerApp.kernel_manager_class="
    named = [a.removeprefix(option) for a in argv if a.startswith(option)]
    assert named == [f"{WorkbookKernelManager.__module__}.{WorkbookKernelManager.__qualname__}"]
    assert issubclass(PageBoundKernelManager, WorkbookKernelManager)


def test_its_kernels_are_marked_as_the_servers_and_its_queue_is_unbounded() -> None:
    """The two halves of keeping a page's burst: the kernel's mark and the server's queue."""

    async def started() -> tuple[int, str, str]:
        with tempfile.TemporaryDirectory() as folder:
            manager = WorkbookKernelManager(connection_dir=folder)
            try:
                kernel_id = await manager.start_kernel(kernel_name="python3")
                kernel = manager.get_kernel(kernel_id)
                # The async client; jupyter_client types its methods as plain.
                client: Any = kernel.client()
                client.start_channels()
                await client.wait_for_ready(timeout=60)
                reply = await client.execute_interactive(
                    f"import os; os.environ.get({SERVED_KERNEL!r}, 'absent')",
                    user_expressions={"mark": f"os.environ.get({SERVED_KERNEL!r}, 'absent')"},
                    timeout=60,
                )
                client.stop_channels()
                mark = reply["content"]["user_expressions"]["mark"]["data"]["text/plain"]
                return (
                    manager.context.getsockopt(zmq.RCVHWM),
                    mark,
                    type(kernel).__name__,
                )
            finally:
                await manager.shutdown_all(now=True)
                manager.context.destroy(linger=0)

    queue, mark, kind = asyncio.run(started())
    assert queue == 0
    assert mark == "'1'"
    assert kind == QuietShutdownKernelManager.__name__
