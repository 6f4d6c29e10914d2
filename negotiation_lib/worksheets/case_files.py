"""Files in and out of a worksheet: the case, its Excel workbook and deal brief; an upload.

Every worksheet page carries this bar. Downloads are made when clicked
(:class:`~negotiation_lib.worksheets.downloads.DownloadButton`). An upload replaces the page's
case only when the whole file is a valid case; otherwise every problem is listed under the
upload and nothing changes, in the page or in the store. In a workshop, the imported case is
then saved like any other change.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.errors import CaseError, Problem
from negotiation_lib.domain.validation import MAX_CASE_BYTES
from negotiation_lib.exports.case_io import case_json, file_stem, read_case_file
from negotiation_lib.exports.upload_limits import MAX_WORKBOOK_BYTES, megabytes
from negotiation_lib.formatting import escape
from negotiation_lib.worksheets.browser import asset, run_in_browser
from negotiation_lib.worksheets.downloads import XLSX_MIME, DownloadButton
from negotiation_lib.worksheets.shared_models import shared_layout

__all__ = ["CaseFiles", "upload_guard_script"]

MAX_LISTED = 30


def upload_guard_script() -> str:
    """The script that refuses, in the browser, a case file larger than the limits."""
    limits = {
        "json": MAX_CASE_BYTES,
        "xlsx": MAX_WORKBOOK_BYTES,
        "message": (
            "{name} was not imported: it is {size}, and a case file is at most "
            f"{megabytes(MAX_CASE_BYTES)} (an Excel workbook made here, "
            f"{megabytes(MAX_WORKBOOK_BYTES)}). Nothing was sent; nothing changed."
        ),
    }
    return f"{asset('upload_guard.js').rstrip()}\nwindow.nwUploadGuard({json.dumps(limits)});\n"


class CaseFiles:
    """The import and export bar of a worksheet.

    Parameters
    ----------
    doc
        The page's document.
    check
        Further reasons to refuse an uploaded case (in a workshop: seals that differ from the
        ones recorded); an empty list accepts it.
    """

    def __init__(
        self, doc: CaseDocument, check: Callable[[dict[str, Any]], list[str]] | None = None
    ) -> None:
        self.doc = doc
        self._check = check
        self.w_json = DownloadButton("Case (JSON)", self._json)
        self.w_xlsx = DownloadButton("Excel workbook", self._xlsx)
        self.w_brief = DownloadButton("Deal brief", lambda: self._brief("internal"))
        self.w_brief_customer = DownloadButton("Customer's brief", lambda: self._brief("customer"))
        # The label is also the tooltip: page.css draws the tooltip as the label, so the
        # upload widget's file counter ("Import a case (0)") is not shown.
        self.w_upload = widgets.FileUpload(
            accept=".json,.xlsx,application/json",
            multiple=False,
            description="Import a case",
            tooltip="Import a case",
        )
        self.w_upload.add_class("nw-import")
        self.w_upload.observe(self._on_upload, names="value")
        self.w_msg = widgets.HTML()
        self.w_msg.add_class("nw-import-msg")
        self.w_guard = widgets.Output(layout=shared_layout(display="none"))
        run_in_browser(self.w_guard, upload_guard_script())
        downloads = widgets.HBox(
            [
                widgets.HTML("<span class='nw-who'>Download:</span>"),
                self.w_json,
                self.w_xlsx,
                self.w_brief,
                self.w_brief_customer,
            ]
        )
        downloads.add_class("nw-form")
        self.widget = widgets.VBox(
            [widgets.HBox([downloads, self.w_upload]), self.w_msg, self.w_guard]
        )
        self.widget.add_class("nw-case-files")

    def _stem(self) -> str:
        return file_stem(str(self.doc.get("title") or "case"))

    def _valid_data(self, what: str) -> dict[str, Any]:
        if self.doc.problems:
            n = len(self.doc.problems)
            raise ValueError(
                f"Fix the {n} problem{'s' if n != 1 else ''} in red first: the {what} holds "
                "results computed from a valid case."
            )
        data: dict[str, Any] = self.doc.data
        return data

    def _json(self) -> tuple[str, str, bytes]:
        # The draft as it is, problems included: nothing typed is left behind.
        return f"{self._stem()}.json", "application/json", case_json(self.doc.data)

    def _xlsx(self) -> tuple[str, str, bytes]:
        from negotiation_lib.exports.case_workbook import case_workbook

        return f"{self._stem()}.xlsx", XLSX_MIME, case_workbook(self._valid_data("workbook"))

    def _brief(self, audience: str) -> tuple[str, str, bytes]:
        from negotiation_lib.domain.validation import parse_case
        from negotiation_lib.exports.brief import CUSTOMER_SECTIONS, brief_html

        case = parse_case(self._valid_data("brief"))
        if audience == "customer":
            html = brief_html(case, sections=CUSTOMER_SECTIONS, audience="customer")
            name = f"{self._stem()}-customer-brief.html"
        else:
            html = brief_html(case)
            name = f"{self._stem()}-brief.html"
        return name, "text/html", html.encode("utf-8")

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name", "the file"))
        payload = bytes(upload.get("content", b""))
        self.w_upload.value = ()  # the same file can be chosen again after a fix
        try:
            data = read_case_file(payload, name)
            refusals = self._check(data) if self._check is not None else []
            if refusals:
                raise CaseError([Problem("win_win.seals", text) for text in refusals])
        except CaseError as err:
            items = "".join(
                f"<li>{escape(p.path + ': ' if p.path else '')}{escape(p.message)}</li>"
                for p in err.problems[:MAX_LISTED]
            )
            more = len(err.problems) - MAX_LISTED
            if more > 0:
                items += f"<li>… and {more} more.</li>"
            self.w_msg.value = (
                "<div class='nw-banner nw-bad' role='alert'>"
                f"<b>{escape(name)} was not imported</b>: nothing changed. "
                f"{len(err.problems)} problem{'s' if len(err.problems) != 1 else ''}:"
                f"<ul>{items}</ul></div>"
            )
            return
        self.doc.replace(data)
        self.w_msg.value = (
            "<div class='nw-banner nw-good' role='status'>"
            f"Imported {escape(name)}: {escape(str(data.get('title', '')))}.</div>"
        )
