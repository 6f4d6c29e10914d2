"""A burst of widget messages from a kernel reaches the server whole, even while it is busy.

Opening the win-win worksheet in the workbook sends over 1,100 widget messages in one go
(``comm_open`` for each widget, its layout and its style). The server subscribes to the
kernel's IOPub channel, a ZeroMQ PUB socket that drops whatever its subscriber's queue cannot
take. With ZeroMQ's default high-water mark (1,000 messages a side) and kernels on Unix sockets
(``--KernelManager.transport=ipc``, as ``negotiation-workbook serve`` runs them), a server busy
with other pages lost part of the burst, and the page waited for widgets it was never sent.

These tests start a real kernel on Unix sockets, make it publish 4,800 widgets while nobody
reads, then count what arrived: first with the server's side reading nothing from Python (its
ZeroMQ I/O thread still runs), then with the subscribing process stopped altogether, as a
server starved of CPU is, where only the kernel's own queue can keep the burst.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast

import zmq
import zmq.asyncio
from jupyter_client.manager import AsyncKernelManager, KernelManager

from negotiation_lib.catalog import SERVED_KERNEL
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

READ_DEADLINE_S = 180.0
"""How long the reading may wait for the kernel's last line (a generous bound, not a target)."""

QUIET_S = 15.0
"""A subscriber that heard nothing this long takes the burst as over (its last line lost)."""


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
            # Read until the kernel's "made" line: it is published after every widget's
            # comm_open on the same socket, so by then every message that was kept has
            # arrived. A kernel starved of CPU by other work may pause mid-burst, so only a
            # long quiet (the line itself was dropped) or the deadline ends the reading early.
            opened, made = 0, -1
            deadline = time.monotonic() + READ_DEADLINE_S
            heard = time.monotonic()
            while made < 0 and time.monotonic() < min(deadline, heard + QUIET_S):
                if not await subscriber.poll(1000):
                    continue
                heard = time.monotonic()
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


ROOT = Path(__file__).resolve().parents[2]

BURST = """
import ipywidgets as w
from ipywidgets.widgets.widget import _instances
before = len(_instances)
boxes = [w.VBox([w.Text(value=str(i)) for i in range(10)]) for i in range(150)]
made = len(_instances) - before
"""
"""The same 4,800 widgets, the count kept in the kernel (read back with a user expression)."""


BURST_S = 5.0
"""How long the subscriber stays stopped while the kernel makes the burst (about 1 s of work)."""


def _run(client: object, code: str, **options: object) -> dict[str, object]:
    reply: dict[str, object] = client.execute_interactive(code, timeout=120, **options)  # type: ignore[attr-defined]
    content = reply["content"]
    assert isinstance(content, dict)
    assert content["status"] == "ok", content
    return content


def _widgets_a_stopped_subscriber_gets(keep_every_message: bool) -> tuple[int, int]:
    """(widgets the kernel made, ``comm_open`` messages a subscriber stopped meanwhile got).

    The kernel is marked as the workbook server's, as the server marks every kernel it starts.
    The test's own client is read only when it waits for a reply: it listens with an unbounded
    queue, as the server does, or a waiting kernel would wait for it too.
    """
    with tempfile.TemporaryDirectory() as folder:
        kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(folder) / "k"))
        kernel.start_kernel(cwd=str(ROOT), env={**os.environ, SERVED_KERNEL: "1"})
        unbounded = zmq.Context()
        unbounded.setsockopt(zmq.RCVHWM, 0)
        client = kernel.client(context=unbounded)
        client.start_channels()
        subscriber = None
        try:
            client.wait_for_ready(timeout=60)
            if keep_every_message:
                _run(
                    client,
                    "from negotiation_lib.worksheets.kernel_channel import keep_every_message\n"
                    "assert keep_every_message()",
                )
                _run(client, "pass")  # the IOPub thread has applied it by now
            subscriber = subprocess.Popen(
                [sys.executable, "-m", "tests.serving.iopub_subscriber", kernel.connection_file],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert subscriber.stdout is not None
            assert subscriber.stdout.readline().strip() == "ready"
            time.sleep(1.0)  # let the subscription reach the kernel
            os.kill(subscriber.pid, signal.SIGSTOP)
            try:
                msg_id = client.execute(BURST, user_expressions={"made": "made"})
                # Time to make every widget; a kernel that waits for room may stall meanwhile
                # (its IOPub thread holds the messages the subscriber cannot take yet).
                time.sleep(BURST_S)
            finally:
                os.kill(subscriber.pid, signal.SIGCONT)
            reply = client.get_shell_msg(timeout=120)
            assert reply["parent_header"]["msg_id"] == msg_id
            content = reply["content"]
            assert content["status"] == "ok", content
            expressions = content["user_expressions"]
            assert isinstance(expressions, dict)
            made = int(expressions["made"]["data"]["text/plain"])
            out, _ = subscriber.communicate("go\n", timeout=120)
            return made, int(out.strip())
        finally:
            if subscriber is not None and subscriber.poll() is None:
                subscriber.kill()
            client.stop_channels()
            kernel.shutdown_kernel(now=True)
            unbounded.destroy(linger=0)


def test_a_page_kernel_waits_with_a_burst_for_a_server_that_cannot_read_it_yet() -> None:
    made, opened = _widgets_a_stopped_subscriber_gets(keep_every_message=True)
    assert made == 4800
    assert opened == made


def test_without_it_the_kernel_drops_what_a_stopped_server_could_not_take() -> None:
    """The control: ZeroMQ's default queue on the kernel's side loses part of the burst."""
    made, opened = _widgets_a_stopped_subscriber_gets(keep_every_message=False)
    assert made == 4800
    assert opened < made


def test_the_server_marks_every_kernel_it_starts_as_its_own() -> None:
    """Only a kernel the workbook's server started makes its publisher wait (see above)."""

    async def started_environment() -> str:
        manager = PageBoundKernelManager()
        kernel_id = await manager.start_kernel(kernel_name="python3")
        try:
            client: Any = manager.get_kernel(kernel_id).client()  # an asynchronous client
            client.start_channels()
            await client.wait_for_ready(timeout=60)
            reply = await client.execute_interactive(
                "import os", user_expressions={"marked": f"os.environ.get({SERVED_KERNEL!r})"}
            )
            client.stop_channels()
            return str(reply["content"]["user_expressions"]["marked"]["data"]["text/plain"])
        finally:
            await manager.shutdown_kernel(kernel_id, now=True)
            manager.context.destroy(linger=0)

    assert asyncio.run(started_environment()) == "'1'"
