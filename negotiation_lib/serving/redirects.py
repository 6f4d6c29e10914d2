"""Resume links of single worksheets open the participant's workbook, without a kernel.

Participants used to get one link per worksheet (``win_win.ipynb?resume=CODE``). Their work now
lives in one page with all the worksheets (``workbook.ipynb``, one kernel for the whole session;
:mod:`negotiation_lib.worksheets.workbook`), and the old links must keep working. They are
redirected here, by the server, before Voila starts a kernel for them: a page that redirected
from the browser would have cost a kernel per click. Links without a resume code (practice on a
sample case) still open the worksheet on its own.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlencode

from tornado import web
from tornado.httputil import HTTPServerRequest
from tornado.routing import PathMatches, Rule

from negotiation_lib import catalog

__all__ = ["WorksheetToWorkbook", "worksheet_redirect_rule"]


class _WorksheetWithResume(PathMatches):
    """A worksheet's render path whose query carries a resume code."""

    def match(self, request: HTTPServerRequest) -> dict[str, Any] | None:
        """Match the path as :class:`PathMatches` does, and only with ``resume`` in the query."""
        found = super().match(request)
        if found is None or not parse_qs(request.query).get("resume"):
            return None
        return found


class WorksheetToWorkbook(web.RequestHandler):
    """Redirect ``<worksheet>.ipynb?resume=CODE`` to ``workbook.ipynb?resume=CODE&sheet=...``."""

    def get(self, worksheet: str) -> None:
        """Answer 302 with the workbook's address beside the worksheet's, the query kept."""
        query = parse_qs(self.request.query)
        query[catalog.SHEET_PARAMETER] = [worksheet]
        folder = self.request.path.rsplit("/", 1)[0]
        self.redirect(f"{folder}/{catalog.WORKBOOK.notebook}?{urlencode(query, doseq=True)}")


def worksheet_redirect_rule(server_url: str) -> Rule:
    """The routing rule that sends a worksheet's resume links to the workbook."""
    names = "|".join(re.escape(w.name) for w in catalog.WORKSHEETS)
    prefix = re.escape(server_url.rstrip("/"))
    return Rule(
        _WorksheetWithResume(rf"{prefix}/voila/render/({names})\.ipynb"), WorksheetToWorkbook
    )
