"""Autosave: every change of a worksheet reaches the store within a second, and the page says so.

Voila gives each page load its own kernel and ends it when the page closes, so a trainee's
work must never live only in the kernel. :class:`Autosaver` watches a
:class:`~negotiation_lib.document.CaseDocument` and saves it:

- **within** :data:`SAVE_DELAY_S` **of the first change** after the last save (changes made in
  the meantime ride along; continuous typing cannot postpone a save indefinitely);
- **at once** when a definition of winning is sealed or amended;
- **on the version it was based on** (:meth:`negotiation_lib.store.Store.save_on_base`): only
  the fields this page changed since the version it loaded, last saved or merged, so a
  worksheet left open in another tab does not undo what was saved from another window. When
  the other window changed other fields, both are kept and the page shows the merged case
  ("merged with a change made in another window"); when it changed the same field, nothing is
  saved and the page asks (:class:`~negotiation_lib.worksheets.conflict_notice.ConflictNotice`):
  load the other window's version, or keep this page's as the newest one. A tab left idle
  learns of newer versions at its next save;
- **again and again** when the store cannot be reached: the input stays in the page and the
  status says so, and the next attempt follows after :data:`RETRY_S` seconds.

:class:`SaveStatus` shows the state ("Saved 4 s ago · version 12"); the page's script counts the
seconds in the browser, so no kernel message is needed to keep it current, and while a change
is not yet saved, closing or reloading the page asks first
(:data:`~negotiation_lib.worksheets.browser.PAGE_SCRIPT`).
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import traitlets

from negotiation_lib.document import CaseDocument
from negotiation_lib.formatting import escape
from negotiation_lib.worksheets.conflict_notice import ConflictNotice

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported by pages that save, not by practice
    from negotiation_lib.store import SaveOutcome, Store

__all__ = ["HANDED_OUT", "MERGED", "RETRY_S", "SAVE_DELAY_S", "Autosaver", "SaveStatus"]

SAVE_DELAY_S = 0.5
"""Seconds from the first unsaved change to its save."""

RETRY_S = 3.0
"""Seconds between two attempts when the store could not be reached."""

_LABELS = {
    "pending": "Unsaved changes…",
    "saving": "Saving…",
    "conflict": "This worksheet was changed in another window",
}

MERGED = "merged with a change made in another window"
"""What the status adds when a save was merged with another window's."""

HANDED_OUT = (
    "Your facilitator moved your team to the other side of the deal room. This page now holds "
    "your new side's case; what was changed here since was the other side's and was not saved. "
    "Reload the page to see your new role everywhere."
)
"""What the status says when a save found a new case handed out (the team changed sides)."""


class SaveStatus(widgets.HTML):  # type: ignore[misc]  # ipywidgets is untyped
    """The save indicator of a page.

    ``state`` is one of ``practice`` (not connected to a store), ``readonly``, ``pending``
    (a change waits for its save), ``saving``, ``saved``, ``merged`` (saved together with a
    change made in another window), ``conflict`` (not saved: another window changed the same
    field; the page offers a choice), ``unrecorded`` (saved, but a seal made on this page was
    not recorded: another tab had sealed that version first), ``handed_out`` (not saved: the
    team was moved to the other side of its deal room; the page holds the new side's case) and
    ``error``. The indicator is one
    element, ``.nw-save``, whose ``data-state`` and ``data-version`` say the same for scripts
    and tests; the page's script (:data:`~negotiation_lib.worksheets.browser.PAGE_SCRIPT`)
    turns "Saved · version 12" into "Saved 4 s ago · version 12" from ``data-saved-at``.
    """

    state = traitlets.Unicode("practice")
    version = traitlets.Int(0)
    message = traitlets.Unicode("")
    saved_at = traitlets.Float(0.0)
    """When the shown version was saved (seconds since the epoch; 0 when unknown)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("nw-save-status")
        self.observe(self._draw, names=["state", "version", "message", "saved_at"])
        self._draw()

    @property
    def text(self) -> str:
        """What the indicator says (before the page adds how long ago)."""
        if self.state == "saved":
            return f"Saved · version {self.version}"
        if self.state == "merged":
            return f"Saved · version {self.version} · {MERGED}"
        if self.state in _LABELS:
            return _LABELS[self.state]
        if self.state == "error":
            return f"Not saved: {self.message}"
        if self.state == "unrecorded":
            return f"Saved · version {self.version}, but: {self.message}"
        if self.state == "handed_out":
            return f"Version {self.version} · {self.message}"
        if self.state == "readonly":
            return self.message or "Read-only"
        return self.message or "Practice mode: nothing is saved."

    def _draw(self, _change: object = None) -> None:
        saved_at = f"{self.saved_at * 1000:.0f}" if self.saved_at else ""
        # Escaped: an error message may quote what was typed.
        self.value = (
            f"<span class='nw-save' role='status' aria-live='polite' "
            f"data-state='{escape(self.state)}' data-version='{self.version}' "
            f"data-saved-at='{saved_at}'>{escape(self.text)}</span>"
        )


Schedule = Callable[[float, Callable[[], None]], Any]
"""Run a callback after some seconds; returns a handle with ``cancel()``."""


def _loop_schedule(delay: float, callback: Callable[[], None]) -> Any:
    """Schedule on the kernel's running event loop.

    A kernel always runs one (widget callbacks run inside it). Without one, as in a plain
    script, nothing is deferred and the caller saves with :meth:`Autosaver.flush`.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.call_later(delay, callback)


def _seal_count(data: dict[str, Any]) -> int:
    seals = (data.get("win_win") or {}).get("seals") if isinstance(data, dict) else None
    if not isinstance(seals, dict):
        return 0
    return sum(len(v) for v in seals.values() if isinstance(v, list))


class Autosaver:
    """Save a worksheet's document to the store as it changes.

    Parameters
    ----------
    doc
        The page's document; its current content is taken as saved (it was just restored).
    store, participant_id
        Where and for whom to save.
    worksheet
        The page's name (recorded with each version).
    status
        The indicator to keep current.
    version
        The version the document was restored from.
    saved_at
        When that version was saved (seconds since the epoch).
    schedule
        How to run a deferred save (tests pass their own; the default uses the kernel's
        event loop).
    notice
        Where the page offers its choice after a conflicting save (a new one when not given;
        the page shows :attr:`notice` beside ``status``).
    """

    def __init__(
        self,
        doc: CaseDocument,
        store: Store,
        participant_id: int,
        worksheet: str,
        status: SaveStatus,
        *,
        version: int = 0,
        saved_at: float = 0.0,
        schedule: Schedule = _loop_schedule,
        notice: ConflictNotice | None = None,
    ) -> None:
        self.doc = doc
        self.store = store
        self.participant_id = participant_id
        self.worksheet = worksheet
        self.status = status
        self.notice = notice if notice is not None else ConflictNotice()
        self.notice.on_choice(self.load_theirs, self.keep_mine)
        self._schedule = schedule
        self._handle: Any = None
        self._armed = False
        self._saved = copy.deepcopy(doc.data)
        self._base_version = version
        self.conflict: SaveOutcome | None = None
        """The outcome of a save that met another window's change of the same field, until the
        trainee chooses (:meth:`load_theirs` or :meth:`keep_mine`)."""
        self.last_error: str | None = None
        status.version = version
        status.saved_at = saved_at
        status.state = "saved" if version else "pending"
        doc.observe(self._on_change, names="revision")

    @property
    def base_version(self) -> int:
        """The version this page's document is based on (loaded, last saved or merged)."""
        return self._base_version

    @property
    def dirty(self) -> bool:
        """Whether the document differs from what was last saved."""
        return bool(self.doc.data != self._saved)

    def changed_keys(self) -> list[str]:
        """The top-level parts that differ from what was last saved."""
        now, before = self.doc.data, self._saved
        return sorted(k for k in {*now, *before} if now.get(k) != before.get(k))

    def _on_change(self, _change: dict[str, Any]) -> None:
        if not self.dirty or self.conflict is not None:
            return  # during a conflict every change waits for the trainee's choice
        if _seal_count(self.doc.data) != _seal_count(self._saved):
            self.flush()  # a seal is a commitment: store it now
            return
        if self.status.state not in ("error",):
            self.status.state = "pending"
        if not self._armed:
            self._arm(SAVE_DELAY_S)

    def _arm(self, delay: float) -> None:
        self._armed = True
        handle = self._schedule(delay, self._on_timer)
        if self._armed:  # a scheduler without a loop has already run the save
            self._handle = handle

    def _disarm(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None
        self._armed = False

    def _on_timer(self) -> None:
        self._handle = None
        self._armed = False
        self.flush()

    def flush(self) -> bool:
        """Save now if anything changed; return whether everything is saved.

        While a conflict waits for the trainee's choice nothing is saved (``False``).
        """
        self._disarm()
        if self.conflict is not None:
            return False
        if not self.dirty:
            # A change undone before its save (or a failed save's text corrected back to what
            # was saved) leaves nothing unsaved: the status must not go on saying otherwise.
            if self.status.version and self.status.state in ("pending", "saving", "error"):
                self.last_error = None
                self.status.message = ""
                self.status.state = "saved"
            return True
        return self._save(self._base_version, self._saved)

    def _save(self, base_version: int, base: dict[str, Any]) -> bool:
        """Save the document as changed against ``base`` (version ``base_version``)."""
        from negotiation_lib.store import StoreError

        snapshot = copy.deepcopy(self.doc.data)
        self.status.state = "saving"
        try:
            outcome = self.store.save_on_base(
                self.participant_id,
                snapshot,
                self.worksheet,
                base_version=base_version,
                base=base,
            )
        except StoreError as err:
            self.last_error = err.message
            self.status.message = err.message
            self.status.state = "error"
            self._arm(RETRY_S)
            return False
        self.last_error = None
        if outcome.kind == "conflict":
            self.conflict = outcome
            self.status.message = ""
            self.status.state = "conflict"
            self.notice.show()
            return False
        if outcome.kind == "handed_out":
            # The page's changes were made to the other side's case: none of them may reach
            # the new side's. The page takes the case it was handed, as if it had loaded it.
            self._saved = copy.deepcopy(outcome.document)
            self._base_version = outcome.version
            self.doc.replace(outcome.document)
            self.status.message = HANDED_OUT
            self.status.version = outcome.version
            self.status.state = "handed_out"
            return False
        unrecorded = outcome.saved is not None and bool(outcome.saved.unrecorded_seals)
        if outcome.kind == "merged" or unrecorded:
            # The other window's changes come into this page, and a seal of this page that was
            # not recorded gives way to the recorded one: its fields show them at once.
            # Taken as saved first, so that replacing the document is no change to save.
            self._saved = copy.deepcopy(outcome.document)
            if self.doc.data != outcome.document:
                self.doc.replace(outcome.document)
        else:
            self._saved = snapshot
        self._base_version = outcome.version
        self._show_saved(outcome)
        if self.dirty and not self._armed:
            self._arm(SAVE_DELAY_S)
        return not self.dirty

    def _show_saved(self, outcome: SaveOutcome) -> None:
        saved = outcome.saved
        unrecorded = saved.unrecorded_seals if saved is not None else ()
        merged = outcome.kind == "merged"
        self.status.message = " ".join(
            [f"{MERGED[0].upper()}{MERGED[1:]}." if merged and unrecorded else "", *unrecorded]
        ).strip()
        self.status.version = outcome.version
        if saved is not None:
            self.status.saved_at = saved.saved_at.timestamp()
        if unrecorded:
            self.status.state = "unrecorded"  # saved, but a seal of this page was not kept
        elif merged:
            self.status.state = "merged"
        else:
            self.status.state = "saved" if not self.dirty else "pending"

    def load_theirs(self) -> None:
        """Replace this page's case with the newest version (the trainee chose the other one).

        What this page changed since its last save is set aside; the button says so.
        """
        if self.conflict is None:
            return
        from negotiation_lib.store import StoreError

        try:
            latest = self.store.latest(self.participant_id)
        except StoreError as err:
            self.notice.show(err.message)  # the choice stays open
            return
        if latest is None or latest.data is None:  # pragma: no cover - a participant has one
            return
        self._resolved()
        self._saved = copy.deepcopy(latest.data)
        self._base_version = latest.version
        self.doc.replace(latest.data)
        self.status.message = ""
        self.status.version = latest.version
        self.status.saved_at = latest.saved_at.timestamp()
        self.status.state = "saved"

    def keep_mine(self) -> None:
        """Save this page's whole case as the newest version, on top of the other window's.

        The save is based on the version the conflict showed: should yet another save have
        landed since, it is merged with it, or shown as a conflict again.
        """
        shown = self.conflict
        if shown is None:
            return
        self._resolved()
        if not self._save(shown.version, shown.document) and self.status.state == "error":
            # The store could not be reached: the choice stays open until it can.
            self.conflict = shown
            self._disarm()
            self.status.state = "conflict"
            self.notice.show(self.last_error or "")

    def _resolved(self) -> None:
        self.conflict = None
        self.notice.hide()
