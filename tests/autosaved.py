"""Autosaved pages without a kernel, shared by the autosave and robustness tests.

A scheduler the test fires by hand, and a page restored from a store and saved back to it, as a
resume link opens it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets

from negotiation_lib.datasets import sample_case_document
from negotiation_lib.document import CaseDocument
from negotiation_lib.store import Store
from negotiation_lib.worksheets.autosave import Autosaver, SaveStatus
from negotiation_lib.worksheets.transparent_economics import TransparentEconomicsWorksheet
from negotiation_lib.worksheets.value_proposition import ValuePropositionWorksheet
from negotiation_lib.worksheets.win_win import WinWinWorksheet

CASE = "pumpco_acme_foods"

SHEETS: dict[str, Callable[..., Any]] = {
    "value_proposition": ValuePropositionWorksheet,
    "transparent_economics": TransparentEconomicsWorksheet,
    "win_win": WinWinWorksheet,
}


@dataclass
class Handle:
    """A scheduled callback, as :class:`FakeScheduler` hands it out."""

    delay: float
    callback: Callable[[], None]
    cancelled: bool = False
    fired: bool = False

    def cancel(self) -> None:
        self.cancelled = True


@dataclass
class FakeScheduler:
    """Collects deferred callbacks; the test decides when they run."""

    handles: list[Handle] = field(default_factory=list)

    def __call__(self, delay: float, callback: Callable[[], None]) -> Handle:
        handle = Handle(delay, callback)
        self.handles.append(handle)
        return handle

    @property
    def waiting(self) -> list[Handle]:
        return [h for h in self.handles if not h.cancelled and not h.fired]

    def fire(self) -> int:
        """Run every callback due (as an event loop would); return how many ran."""
        due = self.waiting
        for handle in due:
            handle.fired = True
            handle.callback()
        return len(due)


def sample_data(name: str = CASE) -> dict[str, Any]:
    """A sample case as its JSON document (a role-play case: its truth, as a worksheet holds it)."""
    return sample_case_document(name)


def join(store: Store, name: str = "Team Robust", initial: dict[str, Any] | None = None) -> int:
    """A new participant in a workshop of its own; returns the participant's id.

    The participant starts from ``initial``, by default the sample case exactly as its file
    holds it, seals and all (a workshop would hand it out unsealed): the tests here are about
    saving, and the file's sealed and amended definitions are what they save.
    """
    made = store.create_workshop(f"Workshop of {name}", [CASE])
    start = sample_data() if initial is None else initial
    return store.join(made.workshop.join_code, name, initial=start).participant.id


@dataclass
class StoredPage:
    """A worksheet restored from the store and autosaved to it, as a resume link opens it."""

    sheet: str
    doc: CaseDocument
    worksheet: Any  # None when only the document was opened
    saver: Autosaver
    status: SaveStatus
    schedule: FakeScheduler

    @property
    def widget(self) -> widgets.Widget:
        page: widgets.Widget = self.worksheet.widget
        return page


def open_stored_page(
    store: Store, pid: int, sheet: str = "value_proposition", *, build: bool = True
) -> StoredPage:
    """What ``open_worksheet`` does for a resume code, with a scheduler the test fires.

    ``build=False`` opens the document and its autosave without building the worksheet's
    widgets (for tests of saving alone).
    """
    latest = store.latest(pid)
    assert latest is not None
    assert latest.data is not None
    doc = CaseDocument(latest.data)
    worksheet = SHEETS[sheet](doc, query="") if build else None
    status = SaveStatus()
    schedule = FakeScheduler()
    saver = Autosaver(doc, store, pid, sheet, status, version=latest.version, schedule=schedule)
    return StoredPage(sheet, doc, worksheet, saver, status, schedule)


def newest(store: Store, pid: int) -> dict[str, Any]:
    """The newest stored document of a participant."""
    latest = store.latest(pid)
    assert latest is not None
    assert latest.data is not None
    return latest.data
