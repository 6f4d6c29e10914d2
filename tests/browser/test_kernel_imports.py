"""A served worksheet's kernel never loads Voila's server side.

Reading the visitor's URL through Voila's helper imported ``jupyter_server`` and, through it,
``jsonschema`` in every preheated kernel: 8–10 CPU-seconds and 42 MB per page open on a loaded
2-core machine (issue 17). The kernel now asks the server itself
(:mod:`negotiation_lib.worksheets.visitor`). This opens each worksheet on the workbook's own
server (preheated pool, as users get it), finds the kernel that serves the page, connects to
it through its connection file (on this machine, beside the server) and reads its
``sys.modules``.
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


def _connection_file(server: Server, kernel_id: str) -> Path:
    """The connection file of the server's kernel ``kernel_id``, from its command line."""
    # A kernel forked by the zygote has its command line as one title (spaces, not NULs).
    for pid in server.kernel_pids():
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").split()
        for arg in argv:
            if arg.endswith(f"kernel-{kernel_id}.json".encode()):
                return Path(arg.decode())
    raise AssertionError(f"no kernel process of this server serves kernel {kernel_id}")


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
        seen = _loaded(_connection_file(server, kernel_id), HEAVY)
    finally:
        context.close()
    # The kernel did learn its visitor's URL (so it was the preheated path that ran) ...
    assert "case=swiftfreight_helios" in str(seen["query"])
    # ... and loaded none of the server side to do so.
    assert seen["heavy"] == []
