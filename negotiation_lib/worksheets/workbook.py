"""The participant's workbook: the three worksheets in one page, on one kernel.

A workshop participant used to open each worksheet as its own Voila page: every move from one
worksheet to the next started a kernel (and refilled Voila's pool), about 3 CPU-seconds of the
server each time, so a room of trainees clicking through the workbook cost more than their
typing. Here the participant's case is restored once, the worksheets are tabs over that one
document, each built the first time it is opened, and one autosaver keeps the case, recording
with each version the worksheet it was saved from.

Resume links handed out for a single worksheet (``win_win.ipynb?resume=CODE``) open this page
at that worksheet: the server redirects them (:mod:`negotiation_lib.serving.redirects`). The
standalone worksheet pages stay for practice on a sample case and for JupyterLab.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import ipywidgets as widgets

from negotiation_lib import catalog
from negotiation_lib.formatting import escape
from negotiation_lib.worksheets.autosave import Autosaver, SaveStatus
from negotiation_lib.worksheets.browser import asset, run_in_browser
from negotiation_lib.worksheets.case_files import CaseFiles
from negotiation_lib.worksheets.deal_room.text import TAB_LABEL as DEAL_ROOM_LABEL
from negotiation_lib.worksheets.shared_models import shared_layout

if TYPE_CHECKING:
    from negotiation_lib.store import Store
    from negotiation_lib.worksheets.app import ParticipantPage

__all__ = ["DEAL_ROOM", "WorkbookApp", "sheet_from_query"]

DEAL_ROOM = "deal_room"
"""The Deal room tab's name in the workbook's URL (shown only to teams seated in a room)."""


def sheet_from_query(query: str) -> str:
    """The worksheet a workbook URL asks for, or the first one when it names none it knows.

    Examples
    --------
    >>> sheet_from_query("resume=ABCD&sheet=win_win"), sheet_from_query("resume=ABCD&sheet=x")
    ('win_win', 'value_proposition')
    """
    asked = parse_qs(query).get(catalog.SHEET_PARAMETER, [""])[0]
    names = [w.name for w in catalog.WORKSHEETS] + [DEAL_ROOM]
    return asked if asked in names else names[0]


class WorkbookApp:
    """A participant's three worksheets as tabs over one document, saved by one autosaver.

    Parameters
    ----------
    opened
        The participant's case as restored from their resume code.
    store
        The workshop store the case is saved to.
    sheet
        The worksheet shown first.
    session_bar
        Builds the bar with the participant's name and the save status (shared with the
        standalone pages: ``who`` HTML, the status, the conflict notice).
    schedule
        How the autosaver defers a save (tests pass their own).
    """

    def __init__(
        self,
        opened: ParticipantPage,
        store: Store,
        sheet: str,
        session_bar: Callable[[str, SaveStatus, widgets.Widget], widgets.Widget],
        **autosave: Any,
    ) -> None:
        self.doc = opened.doc
        self.query = opened.query
        self.resume = parse_qs(opened.query).get("resume", [""])[0]
        self.status = SaveStatus()
        self.saver = Autosaver(
            self.doc,
            store,
            opened.participant.id,
            # The deal room edits no part of the case: saves made there count as the win-win
            # worksheet's, the one whose definition of winning the room reads.
            catalog.WORKSHEETS[-1].name if sheet == DEAL_ROOM else sheet,
            self.status,
            version=opened.version,
            saved_at=opened.saved_at,
            **autosave,
        )
        person = opened.participant.id
        who = (
            f"<span class='nw-who'><b>{escape(opened.participant.name)}</b> · "
            f"{escape(opened.workshop)}</span>"
        )
        self._bar = session_bar(who, self.status, self.saver.notice.widget)
        self._files = CaseFiles(
            self.doc, check=lambda data: store.seal_conflicts(person, data)
        ).widget
        self._store = store
        self._person = person
        self._case_name = opened.participant.case_name
        # A team of a role-play workshop sits in a deal room from the moment it joins.
        seated = store.room_for(person) is not None
        tabs = [(w.label, w.name) for w in catalog.WORKSHEETS]
        tips = [f"Open the {w.title.lower()} worksheet" for w in catalog.WORKSHEETS]
        if seated:
            tabs.append((DEAL_ROOM_LABEL, DEAL_ROOM))
            tips.append("Negotiate with the other team")
        if sheet not in [name for _label, name in tabs]:
            sheet = tabs[0][1]
            self.saver.worksheet = sheet
        self.w_tabs = widgets.ToggleButtons(options=tabs, value=sheet, tooltips=tips)
        self.w_tabs.add_class("nw-tabs")
        self.pages: dict[str, widgets.Widget] = {}
        """The worksheets built so far, by name (each is built when first opened)."""
        self._address = widgets.Output(layout=shared_layout(display="none"))
        self.widget = widgets.VBox()
        self.widget.add_class("nw-workbook")
        self._show(sheet)
        self.w_tabs.observe(self._on_tab, names="value")

    @property
    def current(self) -> str:
        """The worksheet on screen."""
        return str(self.w_tabs.value)

    def _on_tab(self, change: dict[str, Any]) -> None:
        # A change still waiting for its save is recorded as made on the worksheet it was
        # made on, before the autosaver starts naming the next one.
        self.saver.flush()
        if change["new"] != DEAL_ROOM:
            self.saver.worksheet = str(change["new"])
        self._show(str(change["new"]))

    def _page(self, name: str) -> widgets.Widget:
        page = self.pages.get(name)
        if page is None:
            if name == DEAL_ROOM:
                from negotiation_lib.worksheets.deal_room import DealRoomPage

                room = DealRoomPage(self.doc, self._store, self._person, self._case_name)
                self.deal_room = room
                page = room.widget
            else:
                worksheet = catalog.worksheet(name).page_class()
                page = worksheet(self.doc, query=self.query).widget
            children = list(page.children)
            # The page's own style and header first (its title; the tabs stand in for its
            # worksheet links), then who is working and the files bar, then the worksheet.
            page.children = [*children[:2], self.w_tabs, self._bar, self._files, *children[2:]]
            self.pages[name] = page
        return page

    def _show(self, name: str) -> None:
        self.widget.children = [self._page(name), self._address]
        args = json.dumps({"href": catalog.workbook_href(self.resume, name)})
        run_in_browser(self._address, f"{asset('workbook_tab.js').rstrip()}({args});\n")
