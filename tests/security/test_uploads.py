"""Uploads are bounded before they are opened (issue 22, finding 2).

The attacks: a 1.5 MB workbook whose JSON sheet was padded with spaces took 23 s and 3.0 GB of
kernel memory to be accepted; a 50 MB JSON dropped the page's connection with no message. Here
the bomb (0.5 MB, 524 MB unpacked) and an over-size JSON go through the kernel's upload handler
and must be refused within 2 s and 200 MB, with a message; in a served page, the bomb is refused
with a message, and the over-size JSON is stopped in the browser, before it is sent.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import subprocess
import sys
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import Browser, Page

from negotiation_lib.datasets import sample_case_path
from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.validation import MAX_CASE_BYTES
from negotiation_lib.exports.case_io import read_case_file
from negotiation_lib.exports.case_workbook import JSON_SHEET
from negotiation_lib.exports.upload_limits import MAX_ENTRY_BYTES, check_workbook_archive
from negotiation_lib.worksheets.case_files import CaseFiles
from tests.browser.conftest import UPDATE_TIMEOUT_MS, Server, new_watched_page
from tests.security.conftest import open_page

ROOT = Path(__file__).resolve().parents[2]
CASE = "pumpco_acme_foods"
SECONDS, MEGABYTES = 2.0, 200
PADDING_MB = 500
"""Spaces padded into the bomb's JSON sheet: it unpacks to about 524 MB."""


def _case() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sample_case_path(CASE).read_text("utf-8"))
    return data


def _json_sheet_workbook(parts: list[str]) -> bytes:
    """An Excel file with only the sheet an import reads (one row per part of the JSON)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = JSON_SHEET
    sheet.append(["Part", "Case JSON"])
    for i, text in enumerate(parts):
        sheet.append([i + 1, text])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _padded(workbook: bytes, megabytes: int) -> bytes:
    """The workbook with ``megabytes`` MB of spaces inside its JSON (still valid JSON)."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if b"<t>{" not in data:
                bomb.writestr(info, data)
                continue
            cut = data.index(b"<t>{") + len(b"<t>{")
            with bomb.open(info.filename, "w", force_zip64=True) as part:
                part.write(data[:cut])
                spaces = b" " * 2**20
                for _ in range(megabytes):
                    part.write(spaces)
                part.write(data[cut:])
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _padded(_json_sheet_workbook([json.dumps(_case())]), PADDING_MB)


def _upload_in_kernel(payload: bytes, name: str) -> tuple[CaseFiles, CaseDocument, float, float]:
    """Upload through the page's handler; the message bar, the document, seconds and peak MB."""
    doc = CaseDocument(_case())
    files = CaseFiles(doc)
    when = datetime.now(UTC)
    upload = {"name": name, "type": "", "size": len(payload), "last_modified": when}
    tracemalloc.start()
    started = time.perf_counter()
    try:
        files.w_upload.value = ({**upload, "content": memoryview(payload)},)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    return files, doc, seconds, peak


def test_the_bomb_workbook_is_refused_in_time_and_memory_with_a_message(bomb: bytes) -> None:
    assert len(bomb) < 1_000_000  # small on the wire
    files, doc, seconds, peak = _upload_in_kernel(bomb, "bomb.xlsx")
    assert seconds < SECONDS
    assert peak < MEGABYTES
    assert "bomb.xlsx was not imported" in files.w_msg.value
    assert "would unpack to 524.3 MB" in files.w_msg.value
    assert doc.data == _case()


def test_the_bomb_costs_a_fresh_process_little_memory(bomb: bytes, tmp_path: Path) -> None:
    """The process's own peak (C allocations included), as a kernel would see it."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    script = (
        "import resource, sys, time\n"
        "from negotiation_lib.domain.errors import CaseError\n"
        "from negotiation_lib.exports.case_io import read_case_file\n"
        "payload = open(sys.argv[1], 'rb').read()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        # CPU time of this process, not wall time: on a shared, busy machine the wall clock
        # counts other processes' turns (imports of the Excel reader included).
        "started = time.process_time()\n"
        "try:\n"
        "    read_case_file(payload, 'bomb.xlsx')\n"
        "except CaseError:\n"
        "    pass\n"
        "else:\n"
        "    sys.exit('accepted')\n"
        "seconds = time.process_time() - started\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(seconds, (after - before) / 1024)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), *sys.path]))}
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    )
    seconds, grown_mb = map(float, done.stdout.split())
    assert seconds < SECONDS
    assert grown_mb < MEGABYTES


def test_an_over_size_json_is_refused_in_time_and_memory_with_a_message() -> None:
    payload = b" " * (50 * 2**20)  # 50 MB
    files, doc, seconds, peak = _upload_in_kernel(payload, "huge.json")
    assert seconds < SECONDS
    assert peak < MEGABYTES
    assert "huge.json was not imported" in files.w_msg.value
    assert f"a case is at most {MAX_CASE_BYTES:,}" in files.w_msg.value
    assert doc.data == _case()


def test_a_part_compressed_like_padding_is_refused_before_it_is_unpacked() -> None:
    # Under the size limits, but compressed ~1,000 to 1: no real workbook is.
    padded = _padded(_json_sheet_workbook([json.dumps(_case())]), 4)
    with pytest.raises(CaseError, match=r"compressed [0-9,]+ to 1"):
        check_workbook_archive(padded)


def test_a_json_sheet_longer_than_a_case_is_refused_as_it_is_read() -> None:
    # Random text compresses little, so only the cap on the sheet's text stops it.
    chunk = 30_000
    parts = [secrets.token_hex(chunk // 2) for _ in range(MAX_CASE_BYTES // chunk + 2)]
    workbook = _json_sheet_workbook(parts)
    check_workbook_archive(workbook)  # passes the archive's limits
    with pytest.raises(CaseError, match="holds more than a case"):
        read_case_file(workbook, "long.xlsx")


def test_a_real_case_workbook_is_still_read() -> None:
    assert read_case_file(_json_sheet_workbook([json.dumps(_case())]), "case.xlsx") == _case()
    assert MAX_ENTRY_BYTES >= 4 * MAX_CASE_BYTES  # a whole case fits in one part


# --------------------------------------------------------------------------- in a served page

WORKSHEET = f"voila/render/value_proposition.ipynb?case={CASE}"


def _choose(page: Page, path: Path) -> None:
    """Choose a file with the worksheet's import button, as a user does."""
    with page.expect_file_chooser(timeout=UPDATE_TIMEOUT_MS) as chooser:
        page.locator(".nw-import").click()
    chooser.value.set_files(str(path))


def test_in_the_page_the_bomb_is_refused_with_a_message(
    chromium: Browser, secure_server: Server, bomb: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    watched, context = new_watched_page(chromium, secure_server.url)
    try:
        page = watched.page
        open_page(page, WORKSHEET)
        started = time.monotonic()
        _choose(page, path)
        message = page.get_by_text("bomb.xlsx was not imported")
        message.wait_for(timeout=UPDATE_TIMEOUT_MS)
        # Transfer included; the kernel's part is timed above.
        assert time.monotonic() - started < 10
        assert "would unpack to" in page.locator(".nw-import-msg").inner_text()
        assert not watched.problems(), "\n".join(watched.problems())
    finally:
        context.close()


def test_in_the_page_an_over_size_json_is_stopped_before_it_is_sent(
    chromium: Browser, secure_server: Server, tmp_path: Path
) -> None:
    huge, good = tmp_path / "huge.json", tmp_path / "good.json"
    huge.write_bytes(b" " * (50 * 2**20))
    good.write_text(json.dumps({**_case(), "title": "Still connected"}))
    watched, context = new_watched_page(chromium, secure_server.url)
    try:
        page = watched.page
        open_page(page, WORKSHEET)
        sent: list[int] = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(len(f))))
        started = time.monotonic()
        _choose(page, huge)
        refused = page.locator(".nw-upload-refused")
        refused.wait_for(timeout=UPDATE_TIMEOUT_MS)
        assert time.monotonic() - started < SECONDS + 3  # handing 50 MB to the browser included
        assert "huge.json was not imported: it is 52.4 MB" in refused.inner_text()
        assert max(sent, default=0) < 1_000_000  # the file never went over the connection
        # The page's connection is intact: a real case still imports.
        _choose(page, good)
        page.get_by_text("Imported good.json").wait_for(timeout=UPDATE_TIMEOUT_MS)
        assert not watched.problems(), "\n".join(watched.problems())
    finally:
        context.close()
