"""A served worksheet's kernel never loads Voila's server side.

Reading the visitor's URL through Voila's helper imported ``jupyter_server`` and, through it,
``jsonschema`` in every preheated kernel: 8–10 CPU-seconds and 42 MB per page open on a loaded
2-core machine (issue 17). The kernel now asks the server itself
(:mod:`negotiation_lib.worksheets.visitor`). This opens each worksheet on the workbook's own
server (preheated pool, as users get it), finds the kernel that serves the page, connects to
it through its connection file (on this machine, beside the server) and reads its
``sys.modules``. The kernel is forked from the server's kernel parent
(:mod:`negotiation_lib.serving.kernel_parent`), so this also checks what the parent imports.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from playwright.sync_api import Browser

from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    Server,
    new_watched_page,
    worksheet_path,
)

HEAVY = ("voila", "jupyter_server", "jsonschema")


def _kernel_process(server: Server, kernel_id: str) -> tuple[int, Path]:
    """The pid and connection file of the server's kernel ``kernel_id``, from its command line."""
    # A kernel forked by the kernel parent has its command line as one title (spaces, not NULs).
    for pid in server.kernel_pids():
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").split()
        for arg in argv:
            if arg.endswith(f"kernel-{kernel_id}.json".encode()):
                return pid, Path(arg.decode())
    raise AssertionError(f"no kernel process of this server serves kernel {kernel_id}")


def _parent_command(pid: int) -> str:
    """The command line of a process's parent."""
    ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    return Path(f"/proc/{ppid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _loaded(connection_file: Path, modules: tuple[str, ...]) -> dict[str, object]:
    client = BlockingKernelClient(connection_file=str(connection_file))
    client.load_connection_file()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        code = (
            "import json, os, sys\n"
            f"print(json.dumps({{'heavy': sorted(m for m in {modules!r} if m in sys.modules),"
            " 'query': os.environ.get('QUERY_STRING', '')}))"
        )
        out: list[str] = []
        reply = client.execute_interactive(
            code,
            timeout=60,
            output_hook=lambda msg: (
                out.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None
            ),
        )
        assert reply["content"]["status"] == "ok", reply["content"]
        seen: dict[str, object] = json.loads("".join(out).strip().splitlines()[-1])
        return seen
    finally:
        client.stop_channels()


@pytest.mark.parametrize("kind", ["value_proposition", "transparent_economics", "win_win"])
def test_a_served_worksheets_kernel_never_imports_voilas_server_side(
    chromium: Browser, server: Server, kind: str
) -> None:
    watched, context = new_watched_page(chromium, server.url)
    try:
        page = watched.page
        page.goto(worksheet_path(kind, "swiftfreight_helios"), timeout=PAGE_TIMEOUT_MS)
        page.wait_for_selector(".nw-page", state="visible", timeout=PAGE_TIMEOUT_MS)
        kernel_id: str = page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        pid, connection_file = _kernel_process(server, kernel_id)
        parent = _parent_command(pid)
        seen = _loaded(connection_file, HEAVY)
    finally:
        context.close()
    # The kernel was forked from the server's kernel parent (which imports none of it either).
    assert "negotiation_lib.serving.kernel_parent" in parent
    # The kernel did learn its visitor's URL (so it was the preheated path that ran) ...
    assert "case=swiftfreight_helios" in str(seen["query"])
    # ... and loaded none of the server side to do so.
    assert seen["heavy"] == []
