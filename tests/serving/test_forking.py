"""Kernels forked from the kernel parent are whole, separate kernels that share its modules.

``serve`` forks each page's kernel from one warm process that has imported the workbook
(:mod:`negotiation_lib.serving.forking`, :mod:`negotiation_lib.serving.kernel_parent`). These
tests start real kernels through the provisioner, as the server's kernel manager does, and read
what they are from inside (their parent, environment, folder, process group, title, random
numbers) and from ``/proc`` (their memory, their end).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.factory import KernelProvisionerFactory

from negotiation_lib.serving import forking, voila_options
from negotiation_lib.serving.forking import (
    FORK_ENV,
    PROVISIONER_NAME,
    ForkedKernelProvisioner,
    KernelParent,
    KernelParentError,
    kernel_parent,
)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")

PROBE = """
import json, os, random, sys
import numpy
print(json.dumps({
    "pid": os.getpid(),
    "ppid": os.getppid(),
    "cwd": os.getcwd(),
    "probe": os.environ.get("NW_PROBE"),
    "leads_its_group": os.getpgid(0) == os.getpid(),
    "preloaded": "negotiation_lib.worksheets.win_win.view" in sys.modules,
    "server_side": sorted(m for m in ("voila", "jupyter_server", "jsonschema") if m in sys.modules),
    "title": open("/proc/self/cmdline", "rb").read().replace(b"\\0", b" ").decode(),
    "numpy": int(numpy.random.randint(2**31)),
    "random": random.random(),
}))
"""
"""What a kernel tells about itself (one JSON line)."""

Kernels = list[AsyncKernelManager]


def _ended(pid: int, within_s: float = 20.0) -> bool:
    """Whether process ``pid`` is gone (collected, not a zombie) within ``within_s``."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists():
            return True
        time.sleep(0.05)
    return False


def _memory_kb(pid: int) -> dict[str, int]:
    """A process's ``smaps_rollup`` counters, in kB."""
    found: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        found[name.rstrip(":")] = int(value)
    return found


@pytest.fixture(autouse=True)
def forking_provisioner() -> Iterator[None]:
    """jupyter_client's default provisioner set to the workbook's, as ``serve`` sets it."""
    factory = KernelProvisionerFactory.instance()
    before = factory.default_provisioner_name
    factory.default_provisioner_name = PROVISIONER_NAME
    try:
        yield
    finally:
        factory.default_provisioner_name = before


def _run(body: Callable[[Kernels], Awaitable[None]]) -> None:
    """Run ``body`` with a list of the kernels it starts; shut every one down after."""

    async def run() -> None:
        kernels: Kernels = []
        try:
            await body(kernels)
        finally:
            for manager in kernels:
                if manager.has_kernel:
                    await manager.shutdown_kernel(now=True)

    asyncio.run(run())


async def _start(kernels: Kernels, folder: Path, probe: str = "1") -> AsyncKernelManager:
    folder.mkdir(parents=True, exist_ok=True)
    manager = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(folder / "k"))
    await manager.start_kernel(env={**os.environ, "NW_PROBE": probe}, cwd=str(folder))
    kernels.append(manager)
    return manager


async def _ask(manager: AsyncKernelManager, code: str = PROBE) -> dict[str, Any]:
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        out: list[str] = []

        def hook(msg: dict[str, Any]) -> None:
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])

        reply = await client.execute_interactive(code, timeout=60, output_hook=hook)
        assert reply["content"]["status"] == "ok", reply["content"]
        answer: dict[str, Any] = json.loads("".join(out).strip().splitlines()[-1])
        return answer
    finally:
        client.stop_channels()


def test_a_kernel_is_forked_from_the_parent_and_runs_as_jupyter_asked(tmp_path: Path) -> None:
    async def body(kernels: Kernels) -> None:
        manager = await _start(kernels, tmp_path, probe="alice")
        assert isinstance(manager.provisioner, ForkedKernelProvisioner)
        seen = await _ask(manager)
        parent = kernel_parent().pid
        assert parent is not None
        assert parent != os.getpid()
        assert seen["ppid"] == parent, "the kernel is the kernel parent's child"
        assert seen["preloaded"], "it inherited the parent's modules instead of importing them"
        assert seen["server_side"] == []
        # What jupyter_client asked for: the environment, the folder, a process group.
        assert seen["probe"] == "alice"
        assert Path(seen["cwd"]) == tmp_path.resolve()
        assert seen["leads_its_group"]
        assert manager.provisioner.pid == seen["pid"]
        assert f"-m ipykernel_launcher -f {manager.connection_file}" in seen["title"]

    _run(body)


def test_two_forked_kernels_draw_different_random_numbers(tmp_path: Path) -> None:
    async def body(kernels: Kernels) -> None:
        first = await _ask(await _start(kernels, tmp_path / "a"))
        second = await _ask(await _start(kernels, tmp_path / "b"))
        assert first["ppid"] == second["ppid"] == kernel_parent().pid
        assert first["numpy"] != second["numpy"], "numpy is reseeded in each child"
        assert first["random"] != second["random"], "Python's random is reseeded in each child"

    _run(body)


def test_a_forked_kernel_shares_the_parents_modules_in_memory(tmp_path: Path) -> None:
    """A new process shares only file pages (the interpreter, its libraries: about 13 MB here).
    A forked kernel also shares the modules its parent imported, memory the parent wrote before
    the fork: tens of MB more, which its proportional size splits with the parent."""

    async def body(kernels: Kernels) -> None:
        seen = await _ask(await _start(kernels, tmp_path))
        memory = _memory_kb(seen["pid"])
        assert memory["Shared_Dirty"] > 30 * 1024, memory
        assert memory["Pss"] < memory["Rss"] - 30 * 1024, memory

    _run(body)


def test_a_shut_down_kernel_is_collected_not_left_a_zombie(tmp_path: Path) -> None:
    async def body(kernels: Kernels) -> None:
        manager = await _start(kernels, tmp_path)
        pid = (await _ask(manager))["pid"]
        assert await manager.is_alive()
        await manager.shutdown_kernel()
        assert _ended(pid), "the parent collects its ended kernel"
        assert not manager.has_kernel

    _run(body)


def test_when_the_parent_ends_its_kernels_end_and_the_next_gets_a_new_parent(
    tmp_path: Path,
) -> None:
    async def body(kernels: Kernels) -> None:
        manager = await _start(kernels, tmp_path)
        pid = (await _ask(manager))["pid"]
        old_parent = kernel_parent().pid
        kernel_parent().close()
        assert old_parent is not None
        assert _ended(old_parent, 10)
        assert _ended(pid), "a kernel whose parent ended ends too (ipykernel's parent poller)"
        assert not await manager.is_alive()
        fresh = await _ask(await _start(kernels, tmp_path))
        assert fresh["ppid"] == kernel_parent().pid != old_parent

    _run(body)


def test_with_forking_off_a_kernel_starts_as_a_new_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FORK_ENV, "0")

    async def body(kernels: Kernels) -> None:
        seen = await _ask(await _start(kernels, tmp_path))
        assert seen["ppid"] == os.getpid()
        assert not seen["preloaded"]

    _run(body)


def test_a_parent_that_cannot_start_costs_the_speed_not_the_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parent that ends at once (here its interpreter is ``/bin/false``): the kernel starts
    as a new process, and the server logs one line."""
    kernel_parent().close()
    monkeypatch.setattr(forking, "_PARENT", KernelParent(python="/bin/false"))

    async def body(kernels: Kernels) -> None:
        seen = await _ask(await _start(kernels, tmp_path / "first"))
        assert seen["ppid"] == os.getpid()
        # The next kernel does not try the broken parent again at once.
        broken = forking._PARENT
        assert broken is not None
        with pytest.raises(KernelParentError, match="a moment ago"):
            broken.start()
        seen = await _ask(await _start(kernels, tmp_path / "second"))
        assert seen["ppid"] == os.getpid()

    _run(body)


def test_a_bad_request_is_refused_with_a_sentence_and_the_parent_goes_on(tmp_path: Path) -> None:
    parent = KernelParent()
    try:
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", str(tmp_path / "absent.json")]
        with pytest.raises(KernelParentError, match="the kernel's folder does not exist"):
            parent.fork(argv, dict(os.environ), str(tmp_path / "missing"))
        assert parent.pid is not None, "one bad request does not end the parent"
        pid = parent.fork(argv, dict(os.environ), str(tmp_path))
        assert Path(f"/proc/{pid}").exists(), "and it still forks"
    finally:
        parent.close()
    assert parent.pid is None
    assert _ended(pid), "the kernel ends with its parent"


def test_the_parent_ends_with_its_server() -> None:
    """The parent exits at the end of its socket: when its server is killed, too."""
    script = (
        "import time\n"
        "from negotiation_lib.serving.forking import KernelParent\n"
        "print(KernelParent().start(), flush=True)\n"
        "time.sleep(600)\n"
    )
    server = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        parent_pid = int(server.stdout.readline())
        assert Path(f"/proc/{parent_pid}").exists()
    finally:
        server.kill()
        server.wait()
    assert _ended(parent_pid, 10), "the kernel parent outlived its killed server"


def test_the_provisioner_is_registered_and_serve_names_it() -> None:
    assert PROVISIONER_NAME in KernelProvisionerFactory.instance().get_provisioner_entries()
    option = f"--KernelProvisionerFactory.default_provisioner_name={PROVISIONER_NAME}"
    assert option in voila_options()


INSIDE = """
import importlib, json, logging, sys, warnings
from negotiation_lib.serving.kernel_parent import PRELOAD
for name in PRELOAD:
    importlib.import_module(name)
import comm, plotly.io
shell = get_ipython()
html = shell.display_formatter.formatters["text/html"]
pattern = lambda p: str(getattr(p, "pattern", p))
print(json.dumps({
    "comm targets": sorted(comm.get_comm_manager().targets),
    "plotly renderer": plotly.io.renderers.default,
    "html printers": sorted(map(str, html.type_printers)),
    # In another order (the parent imported the modules that add them before the kernel added
    # its own), but no two of them match the same warning.
    "warning filters": sorted(
        (f[0], pattern(f[1]), f[2].__name__, pattern(f[3]))
        for f in warnings.filters
    ),
    "log handlers": [type(h).__name__ for h in logging.root.handlers],
    "display hook": type(sys.displayhook).__name__,
    "stdout": type(sys.stdout).__name__,
    "argv": sys.argv,
    "extensions": sorted(shell.extension_manager.loaded),
}))
"""
"""What a page's code can see of its kernel, beyond its own variables, once it has imported
what the kernel parent imports (modules add warning filters as they are imported)."""


def test_a_forked_kernel_looks_from_inside_like_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Modules imported in the parent, before any kernel existed, act as if imported in one.

    ipywidgets registers its comm targets only when imported in a kernel: without them a page's
    widget manager asked for each widget's state in a message of its own, and the server spent
    twice as much relaying a page.
    """

    async def inside(kernels: Kernels, folder: Path) -> dict[str, Any]:
        manager = await _start(kernels, folder)
        seen = await _ask(manager, INSIDE)
        seen["argv"] = [Path(seen["argv"][0]).name, *seen["argv"][1:-1]]  # not its connection file
        return seen

    async def body(kernels: Kernels) -> None:
        forked = await inside(kernels, tmp_path / "forked")
        monkeypatch.setenv(FORK_ENV, "0")
        new = await inside(kernels, tmp_path / "new")
        assert forked["comm targets"] == ["jupyter.widget", "jupyter.widget.control"]
        assert forked == new

    _run(body)
