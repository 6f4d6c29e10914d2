"""The worksheet catalog: the one list of the workbook's worksheets and pages.

Navigation, progress, the store's save origins, the debrief, the exports and the app all
derive from :data:`WORKSHEETS`; adding a worksheet is adding one entry here (and its package
and notebook). The catalog imports no widgets: a page class is named by its import path and
loaded only when a page asks for it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

__all__ = [
    "DASHBOARD",
    "HOME",
    "PAGES",
    "SAVE_ORIGINS",
    "SERVED_KERNEL",
    "SHEET_PARAMETER",
    "WORKBOOK",
    "WORKSHEETS",
    "Page",
    "Worksheet",
    "workbook_href",
    "worksheet",
    "worksheet_names",
]


@dataclass(frozen=True, slots=True)
class Page:
    """A page of the workbook that is not a worksheet (home, dashboard).

    Attributes
    ----------
    name
        The notebook's stem (``home`` serves ``notebooks/home.ipynb``).
    title
        The navigation label.
    """

    name: str
    title: str

    @property
    def notebook(self) -> str:
        """The notebook file Voila serves for this page."""
        return f"{self.name}.ipynb"

    @property
    def label(self) -> str:
        """The label in the page header's navigation."""
        return self.title


@dataclass(frozen=True, slots=True)
class Worksheet:
    """One worksheet: its place, its name, the case sections it fills and its page.

    Attributes
    ----------
    number
        Its place in the workbook, from 1.
    name
        The identifier used in URLs, notebooks, the store and exports
        (``transparent_economics``); never shown to a user.
    title
        What users read (``Transparent economics``).
    sections
        The case sections this worksheet fills in; its progress is the share of them done.
    page
        The page class as ``module:Class``, imported only by :meth:`page_class`.
    """

    number: int
    name: str
    title: str
    sections: tuple[str, ...]
    page: str

    @property
    def notebook(self) -> str:
        """The notebook file Voila serves for this worksheet."""
        return f"{self.name}.ipynb"

    @property
    def label(self) -> str:
        """Number and title, as navigation and tables show it (``2 · Transparent economics``)."""
        return f"{self.number} · {self.title}"

    def page_class(self) -> Any:
        """Import and return the page class (this loads ipywidgets and plotly)."""
        module, _, cls = self.page.partition(":")
        return getattr(importlib.import_module(module), cls)


WORKSHEETS: tuple[Worksheet, ...] = (
    Worksheet(
        1,
        "value_proposition",
        "Value proposition",
        ("strategy", "value"),
        "negotiation_lib.worksheets.value_proposition:ValuePropositionWorksheet",
    ),
    Worksheet(
        2,
        "transparent_economics",
        "Transparent economics",
        ("economics", "relationship"),
        "negotiation_lib.worksheets.transparent_economics:TransparentEconomicsWorksheet",
    ),
    Worksheet(
        3,
        "win_win",
        "Win-win definition",
        ("trust", "win_win"),
        "negotiation_lib.worksheets.win_win:WinWinWorksheet",
    ),
)
"""The worksheets, in the order a team works through them."""

HOME = Page("home", "Home")
"""The home page: join a workshop, resume, or practise."""

DASHBOARD = Page("dashboard", "Facilitator dashboard")
"""The facilitator's dashboard (not in the trainees' navigation)."""

WORKBOOK = Page("workbook", "Your workbook")
"""A workshop participant's worksheets in one page (not in the navigation: it is the page the
participant's resume code opens)."""

SHEET_PARAMETER = "sheet"
"""The workbook URL's parameter naming the worksheet shown first (``sheet=win_win``)."""

SERVED_KERNEL = "NEGOTIATION_WORKBOOK_SERVED_KERNEL"
"""The environment variable (``1``) with which the workbook's server marks the kernels it starts.

A contract between the server (:mod:`negotiation_lib.serving.kernels`) and the pages' kernels
(:mod:`negotiation_lib.worksheets.kernel_channel`), which never import each other.
"""


def workbook_href(resume: str, sheet: str | None = None) -> str:
    """The (relative) address of a participant's workbook, opened at ``sheet``.

    Examples
    --------
    >>> workbook_href("H3KQ-7MWX", "win_win")
    'workbook.ipynb?resume=H3KQ-7MWX&sheet=win_win'
    """
    query = {"resume": resume, **({SHEET_PARAMETER: sheet} if sheet else {})}
    return f"{WORKBOOK.notebook}?{urlencode(query)}"


PAGES: tuple[Page | Worksheet, ...] = (HOME, *WORKSHEETS)
"""The pages of a trainee's navigation, in order."""

SAVE_ORIGINS: tuple[str, ...] = ("join", *(w.name for w in WORKSHEETS), "import")
"""What a stored version can say it was saved from: joining, a worksheet, or an import."""


def worksheet_names() -> tuple[str, ...]:
    """The worksheets' names, in order.

    Examples
    --------
    >>> worksheet_names()
    ('value_proposition', 'transparent_economics', 'win_win')
    """
    return tuple(w.name for w in WORKSHEETS)


def worksheet(name: str) -> Worksheet:
    """The catalog entry of a worksheet.

    Raises
    ------
    KeyError
        When no worksheet has that name.

    Examples
    --------
    >>> worksheet("win_win").label
    '3 · Win-win definition'
    """
    for entry in WORKSHEETS:
        if entry.name == name:
            return entry
    raise KeyError(name)
