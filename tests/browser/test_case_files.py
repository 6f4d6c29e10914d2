"""Files in and out of the worksheets, in real Chromium against the real Voila server.

A seller downloads the deal brief and the Excel workbook from a worksheet; a trainee uploads a
case into another worksheet, where it is saved; a bad file is refused and changes nothing.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page

from negotiation_lib.datasets import sample_case_path
from negotiation_lib.exports.case_io import read_case_file
from negotiation_lib.store import Store
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    UPDATE_TIMEOUT_MS,
    Server,
    WatchedPage,
    field_input,
    open_worksheet,
    saved_version,
    version_now,
)

CASE = "pumpco_acme_foods"


def _download(page: WatchedPage, label: str, into: Path) -> Path:
    with page.page.expect_download(timeout=PAGE_TIMEOUT_MS) as info:
        page.page.locator(".nw-download-button", has_text=label).first.click()
    target = into / info.value.suggested_filename
    info.value.save_as(target)
    return target


def _upload(page: Page, path: Path) -> None:
    """Choose a file with the worksheet's import button, as a user does."""
    with page.expect_file_chooser(timeout=UPDATE_TIMEOUT_MS) as chooser:
        page.locator(".nw-import").click()
    chooser.value.set_files(str(path))


def test_the_brief_and_the_workbook_download_from_one_worksheet(
    watched_page: WatchedPage, tmp_path: Path
) -> None:
    open_worksheet(watched_page.page, "transparent_economics", CASE)

    brief = _download(watched_page, "Deal brief", tmp_path)
    html = brief.read_text("utf-8")
    assert brief.suffix == ".html"
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "PumpCo" in html
    # Self-contained: no script or stylesheet fetched from anywhere.
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?https?:", html, re.IGNORECASE)

    customer = _download(watched_page, "Customer's brief", tmp_path)
    assert customer.name.endswith("-customer-brief.html")
    assert customer.read_text("utf-8") != html

    workbook = _download(watched_page, "Excel workbook", tmp_path)
    book = load_workbook(io.BytesIO(workbook.read_bytes()))
    assert "2 Projection per repetition" in book.sheetnames
    expected = json.loads(sample_case_path(CASE).read_text("utf-8"))
    assert read_case_file(workbook.read_bytes(), workbook.name) == expected

    case_file = _download(watched_page, "Case (JSON)", tmp_path)
    assert json.loads(case_file.read_text("utf-8")) == expected
    assert not watched_page.problems(), "\n".join(watched_page.problems())


def test_an_uploaded_case_replaces_the_worksheet_and_is_saved_a_bad_one_changes_nothing(
    watched_page: WatchedPage, server: Server, tmp_path: Path
) -> None:
    store = Store(server.store_url)
    made = store.create_workshop("Upload test", [CASE])
    joined = store.join(made.workshop.join_code, "Team Upload")
    page = watched_page.page
    page.goto(
        f"voila/render/value_proposition.ipynb?resume={joined.resume_code}",
        timeout=PAGE_TIMEOUT_MS,
    )
    version_now(page)
    title = field_input(page, "title")
    original = title.input_value()

    bad = tmp_path / "broken.json"
    bad.write_text('{"title": "half a case", "economics": {"volume_per_period": -5}')
    _upload(page, bad)
    page.get_by_text("broken.json was not imported").wait_for(timeout=UPDATE_TIMEOUT_MS)
    assert title.input_value() == original
    assert [v.version for v in store.history(joined.participant.id)] == [1]

    good = json.loads(sample_case_path(CASE).read_text("utf-8"))
    good["economics"]["volume_per_period"] = 55
    good["title"] = "Renegotiated renewal"
    upload = tmp_path / "renegotiated.json"
    upload.write_text(json.dumps(good))
    _upload(page, upload)
    page.get_by_text("Imported renegotiated.json").wait_for(timeout=UPDATE_TIMEOUT_MS)
    assert saved_version(page, 1) >= 2
    title.wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('input')]"
        ".some(i => i.value === 'Renegotiated renewal')",
        timeout=UPDATE_TIMEOUT_MS,
    )
    latest = store.latest(joined.participant.id)
    assert latest is not None
    assert latest.data == good
    assert not watched_page.problems(), "\n".join(watched_page.problems())
