"""The scripts the workbook runs in the page, run in real Chromium on a blank page.

The worksheets run them through Voila (``test_case_files.py`` and ``test_workshop.py`` click the
real buttons); here each script's own promises are checked in isolation: a delivered file
arrives byte for byte under its name, whatever the name contains; a delivery drawn twice
saves once; the save indicator counts its age; leaving with unsaved work asks first.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page

from negotiation_lib.worksheets.autosave import SaveStatus
from negotiation_lib.worksheets.browser import PAGE_SCRIPT, download_script


@pytest.fixture
def blank(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_content("<html><body></body></html>")
    yield page
    context.close()


def test_a_delivered_file_arrives_byte_for_byte_under_its_name(blank: Page, tmp_path: Path) -> None:
    # Every byte value, and more than the 2 MB a data: link can carry.
    content = bytes(range(256)) * (3 * 1024 * 1024 // 256)
    # Quotes and code that would end a JavaScript string; Chromium itself replaces characters
    # a file system refuses (such as / and "), so the name keeps to those it allows.
    name = "Acme's renewal');alert(1); – Müller `${x}`.xlsx"
    with blank.expect_download() as info:
        blank.evaluate(download_script("t1", name, "application/octet-stream", content))
    assert info.value.suggested_filename == name
    target = tmp_path / "got"
    info.value.save_as(target)
    assert target.read_bytes() == content


def test_a_delivery_drawn_twice_saves_once(blank: Page) -> None:
    script = download_script("t2", "case.json", "application/json", b"{}")
    downloads: list[str] = []
    blank.on("download", lambda d: downloads.append(d.suggested_filename))
    blank.evaluate(script)
    blank.evaluate(script)
    blank.evaluate(download_script("t3", "again.json", "application/json", b"{}"))
    blank.wait_for_timeout(500)
    assert downloads == ["case.json", "again.json"]


def _show(page: Page, status: SaveStatus) -> None:
    page.set_content(f"<html><body>{status.value}</body></html>")
    page.evaluate(PAGE_SCRIPT)


def test_the_indicator_counts_how_long_ago_the_version_was_saved(blank: Page) -> None:
    status = SaveStatus()
    status.version, status.saved_at, status.state = 7, time.time() - 125, "saved"
    assert "Saved · version 7" in status.value  # what shows before the script runs
    _show(blank, status)
    assert blank.locator(".nw-save").inner_text() == "Saved 2 min ago · version 7"


def test_leaving_with_unsaved_work_asks_first_and_saved_work_does_not(blank: Page) -> None:
    status = SaveStatus()
    status.version, status.state = 3, "pending"
    _show(blank, status)
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    blank.on("dialog", answer)
    blank.mouse.click(5, 5)  # a page the user never touched may leave without asking
    blank.close(run_before_unload=True)
    blank.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert not blank.is_closed()

    status.state = "saved"
    _show(blank, status)
    asked.clear()
    blank.close(run_before_unload=True)
    blank.wait_for_event("close", timeout=5000)
    assert asked == []


def test_the_indicator_shows_a_message_as_text() -> None:
    status = SaveStatus()
    status.message, status.state = "<img src=x onerror=alert(1)> could not be saved", "error"
    assert "<img" not in status.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in status.value
    assert "data-state='error'" in status.value
