"""Opening a worksheet for a page request: which case, then the page itself.

A notebook calls :func:`open_worksheet` and displays what it returns. Under Voila the case
comes from the page's URL (``?case=pumpco_acme_foods``, or ``?case=blank``); in JupyterLab
from the notebook's ``parameters`` cell. With preheated kernels, Voila runs the notebook up to
the point where the URL is read, so every import happens before a trainee arrives.
"""

from __future__ import annotations

import json
from importlib import import_module
from typing import Any
from urllib.parse import parse_qs, urlencode

import ipywidgets as widgets

from negotiation_lib.datasets import sample_case_names, sample_case_path
from negotiation_lib.worksheets.document import CaseDocument, blank_case
from negotiation_lib.worksheets.page import esc, style

__all__ = ["WORKSHEETS", "load_document", "open_home", "open_worksheet", "page_query"]

BLANK = "blank"

WORKSHEETS = {
    "value_proposition": "ValuePropositionWorksheet",
    "transparent_economics": "TransparentEconomicsWorksheet",
    "win_win": "WinWinWorksheet",
}
"""Worksheet module name → its page class."""


def page_query() -> str:
    """The query string of the Voila page being served ("" in JupyterLab or a test run)."""
    try:
        from voila.utils import get_query_string
    except ImportError:  # pragma: no cover - voila is a dependency
        return ""
    return get_query_string() or ""


def load_document(query: str, default_case: str) -> tuple[CaseDocument, str, str | None]:
    """Load the case a page asks for.

    Returns
    -------
    tuple
        The document, the query to carry to the other pages, and an error sentence when the
        requested case does not exist (the default case is opened instead).
    """
    params = parse_qs(query)
    name = params.get("case", [default_case])[0]
    error = None
    if name != BLANK and name not in sample_case_names():
        error = f"There is no case called '{name}'; showing '{default_case}' instead."
        name = default_case
    data: dict[str, Any] = (
        blank_case() if name == BLANK else json.loads(sample_case_path(name).read_text("utf-8"))
    )
    return CaseDocument(data), urlencode({"case": name}), error


def open_worksheet(kind: str, case: str = "pumpco_acme_foods") -> widgets.Widget:
    """Build the page of one worksheet for the current request.

    Parameters
    ----------
    kind
        ``"value_proposition"``, ``"transparent_economics"`` or ``"win_win"``.
    case
        The case to open when the URL names none (the notebook's parameter).
    """
    if kind not in WORKSHEETS:
        raise ValueError(f"Unknown worksheet {kind!r}; choose one of {sorted(WORKSHEETS)}.")
    worksheet = getattr(import_module(f"negotiation_lib.worksheets.{kind}"), WORKSHEETS[kind])
    doc, query, error = load_document(page_query(), case)
    page = worksheet(doc, query=query).widget
    if error:
        notice = widgets.HTML(f"<div class='nw-banner nw-warn'>{esc(error)}</div>")
        return widgets.VBox([style(), notice, page])
    return page


def open_home() -> widgets.Widget:
    """Build the home page.

    The home page needs nothing from the URL, but it still waits for the request like the
    worksheets do: a preheated kernel that has finished its work looks idle, and the culler
    could reclaim it in the moment it is handed to a visitor, leaving the page hanging.
    Waiting keeps the kernel busy until a visitor arrives.
    """
    from negotiation_lib.worksheets.home import HomePage

    page_query()
    return HomePage().widget
