"""The choice a page offers when the worksheet was changed in another window meanwhile.

Two tabs of one participant may change the same field. The later save is then not stored
(:meth:`negotiation_lib.store.Store.save_on_base` reports a conflict) and the page must neither
drop it nor overwrite the other window's change in silence: its save status says "This worksheet
was changed in another window" and :class:`ConflictNotice` offers the two ways out, each saying
what it does. The :class:`~negotiation_lib.worksheets.autosave.Autosaver` shows and hides it.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from negotiation_lib.formatting import escape
from negotiation_lib.worksheets.shared_models import set_display, shared_layout

__all__ = ["KEEP_MINE", "LOAD_THEIRS", "ConflictNotice"]

LOAD_THEIRS = "Load the other window's version"
KEEP_MINE = "Keep mine as the newest version"

_EXPLANATION = (
    "You and another window changed the same entries. Load the other window's version to "
    "continue from it (what you changed here since your last save is set aside), or keep what "
    "this page shows as the newest version (it replaces the other window's)."
)


class ConflictNotice:
    """Two buttons and a sentence, shown beside the save status while a save waits for a choice.

    The buttons are disabled while hidden: a click sent by hand to a hidden button is refused
    by the page's guard (:mod:`negotiation_lib.worksheets.client_updates`).

    Examples
    --------
    >>> notice = ConflictNotice()
    >>> notice.visible, notice.w_load.disabled
    (False, True)
    >>> notice.show(); notice.visible, notice.w_keep.description
    (True, 'Keep mine as the newest version')
    """

    def __init__(self) -> None:
        self.w_text = widgets.HTML()
        self.w_text.add_class("nw-conflict-text")
        self.w_load = widgets.Button(description=LOAD_THEIRS, disabled=True)
        self.w_load.add_class("nw-conflict-load")
        self.w_keep = widgets.Button(description=KEEP_MINE, disabled=True, button_style="warning")
        self.w_keep.add_class("nw-conflict-keep")
        self.widget = widgets.VBox(
            [self.w_text, widgets.HBox([self.w_load, self.w_keep])],
            layout=shared_layout(display="none"),
        )
        self.widget.add_class("nw-conflict")
        self._load: Callable[[], None] | None = None
        self._keep: Callable[[], None] | None = None
        self.w_load.on_click(lambda _b: self._load() if self._load else None)
        self.w_keep.on_click(lambda _b: self._keep() if self._keep else None)

    @property
    def visible(self) -> bool:
        """Whether the notice is shown."""
        return bool(self.widget.layout.display != "none")

    def on_choice(self, load_theirs: Callable[[], None], keep_mine: Callable[[], None]) -> None:
        """Run ``load_theirs`` or ``keep_mine`` when the trainee clicks its button."""
        self._load, self._keep = load_theirs, keep_mine

    def show(self, problem: str = "") -> None:
        """Show the choice; ``problem`` says why the last attempt at a choice did not work."""
        extra = f" <b role='alert'>{escape(problem)}</b>" if problem else ""
        self.w_text.value = f"<span>{escape(_EXPLANATION)}</span>{extra}"
        self.w_load.disabled = self.w_keep.disabled = False
        set_display(self.widget, True)

    def hide(self) -> None:
        """Hide the choice (it was made)."""
        self.w_load.disabled = self.w_keep.disabled = True
        set_display(self.widget, False)
        self.w_text.value = ""
