"""The small controls the win-win editors are built from, and their layout helpers.

Bound inputs that convert what the trainee types (style answers, how the price issue is
scored), the check box that marks the issue setting the price,
a message line for a path with no input of its own, and the rows the editors are laid out in.
Widgets only: the rules they apply to the document are in
:mod:`~negotiation_lib.worksheets.win_win.shapes`; the score tables are in
:mod:`~negotiation_lib.worksheets.win_win.scores`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument, PathLike, path_text
from negotiation_lib.domain.case import OPEN_BOOK, POCKET_PRICE
from negotiation_lib.vocabulary import issue_label
from negotiation_lib.worksheets.fields import BoundField, field_class
from negotiation_lib.worksheets.page import esc
from negotiation_lib.worksheets.shared_models import set_display, shared_layout
from negotiation_lib.worksheets.win_win.shapes import linked_price_name
from negotiation_lib.worksheets.win_win.text import (
    OPEN_BOOK_NOT_PRICE,
    PRICE_MARK,
    SCORE_SOURCES,
    price_mark_note,
)

__all__ = [
    "AnswerField",
    "PathMessage",
    "PriceMark",
    "ScoreSource",
    "bound",
    "line",
    "small",
    "unique",
    "wrapping_row",
]


class _Field(BoundField):
    """A bound input that also clears its own message once a corrected value is accepted.

    (The document's problems may not change when a value typed wrongly is corrected, so the
    message is re-shown here rather than waiting for a change of problems.)
    """

    def _on_input(self, change: dict[str, Any]) -> None:
        super()._on_input(change)
        self._show_message()


class AnswerField(_Field):
    """A style answer 1–5; "not answered" removes the key."""

    def to_document(self, raw: Any) -> Any:
        """The answer 1–5, or None (removed) when not answered."""
        return int(raw) if raw else None

    def to_control(self, value: Any) -> Any:
        """The stored answer, or "not answered" (0) when there is none or it is out of range."""
        return value if isinstance(value, int) and 1 <= value <= 5 else 0


class ScoreSource(_Field):
    """How a party scores the price issue: with points of its own, or off the open book.

    A drop-down beside the points: "open book" stores ``"open_book"`` and hides the points
    table (the score is then the price's place in the zone of possible agreement); "points"
    stores the points still in the hidden table, or nothing when there are none.

    Parameters
    ----------
    doc, path
        The document and the party's scores of the issue.
    points, points_box
        Reads the points table's points (None when it has none to store), and the table's
        widget (hidden while open book is chosen).
    note
        What the open-book score means, shown instead of the points.
    """

    def __init__(
        self,
        doc: CaseDocument,
        path: PathLike,
        points: Callable[[], Any],
        points_box: widgets.Widget,
        note: widgets.Widget,
    ) -> None:
        self.points = points
        self.points_box = points_box
        self.note = note
        control = widgets.Dropdown(options=SCORE_SOURCES, layout=shared_layout(width="10em"))
        super().__init__(
            doc,
            path,
            control,
            "Scored with",
            "Points of this party's own, or the open book: the price's place between the "
            "seller's floor and the customer's ceiling.",
        )
        # The points table carries the path's class (tests and messages find it there); this
        # control is its companion.
        self.widget.remove_class(field_class(self.path))
        self.widget.add_class("nw-ww-score-source")

    def to_document(self, raw: Any) -> Any:
        """``"open_book"``, or the points in the points table (None when it has none)."""
        if raw == OPEN_BOOK:
            return OPEN_BOOK
        return self.points()

    def to_control(self, value: Any) -> Any:
        """The open book when the document says so, else points."""
        return OPEN_BOOK if value == OPEN_BOOK else "points"

    def _problem(self) -> str | None:
        # With points, the points table says what is wrong; with open book, this control does,
        # in words that name no field of the file.
        if self.doc.get(self.steps) != OPEN_BOOK:
            return None
        return OPEN_BOOK_NOT_PRICE if super()._problem() else None

    def _show_message(self) -> None:
        super()._show_message()
        open_book = self.control.value == OPEN_BOOK
        set_display(self.points_box, not open_book)
        set_display(self.note, open_book)


class PriceMark:
    """The check box "this issue is the price per unit" on a numeric issue's row.

    Ticked when the issue sets the price (:func:`~.shapes.linked_price_name`). Ticking it marks
    the issue ``"economics": "pocket_price_per_unit"``; the document's issue rules
    (:class:`~.shapes.IssueRules`) take the mark off any other issue in the same change, since
    at most one issue sets the price, and ``say`` tells the trainee which issue lost it.

    Parameters
    ----------
    doc
        The document.
    where
        The issue's path (``["win_win", "issues", 0]``).
    say
        Shows a sentence about the price (the issues editor's note line), with its tone.
    """

    def __init__(
        self, doc: CaseDocument, where: Sequence[str | int], say: Callable[[str, str], None]
    ) -> None:
        self.doc = doc
        self.where = list(where)
        self.say = say
        self.checkbox = widgets.Checkbox(
            value=False, indent=False, description=PRICE_MARK, layout=shared_layout(width="auto")
        )
        self.message = PathMessage(doc, [*self.where, "economics"])
        self.widget = widgets.VBox([self.checkbox, self.message.widget])
        self.widget.add_class("nw-ww-price-mark")
        self._updating = False
        self.update()
        self.checkbox.observe(self._on_click, "value")

    def _name(self) -> str:
        item = self.doc.get(self.where)
        name = item.get("name") if isinstance(item, dict) else None
        return name if isinstance(name, str) else ""

    def _title(self, name: str | None) -> str | None:
        """How the page calls the issue ``name``: its label, else its id in words."""
        if name is None:
            return None
        issues = self.doc.get("win_win.issues")
        for item in issues if isinstance(issues, list) else []:
            if isinstance(item, dict) and item.get("name") == name:
                label = item.get("label")
                return issue_label(name, label if isinstance(label, str) else None)
        return issue_label(name)

    def _marked(self) -> bool:
        item = self.doc.get(self.where)
        return isinstance(item, dict) and item.get("economics") == POCKET_PRICE

    def is_price(self) -> bool:
        """Whether the issue sets the price per unit, marked or named by ``price_issue``."""
        ww = self.doc.get("win_win")
        linked = linked_price_name(ww) if isinstance(ww, dict) else None
        return self._marked() or (bool(self._name()) and linked == self._name())

    def update(self) -> None:
        """Show the document's state (another issue may have taken the mark)."""
        self._updating = True
        try:
            self.checkbox.value = self.is_price()
        finally:
            self._updating = False
        self.message.update()

    def _on_click(self, change: dict[str, Any]) -> None:
        if self._updating:
            return
        name = self._name()
        ww = self.doc.get("win_win")
        before = linked_price_name(ww) if isinstance(ww, dict) else None
        if change["new"]:
            self.doc.set([*self.where, "economics"], POCKET_PRICE)
        else:
            if self._marked():
                self.doc.set([*self.where, "economics"], None)
            if self.doc.get("win_win.price_issue") == name:
                self.doc.set("win_win.price_issue", None)
        ww = self.doc.get("win_win")
        after = linked_price_name(ww) if isinstance(ww, dict) else None
        text, tone = price_mark_note(self._title(before), self._title(after))
        self.say(text, tone)
        self.update()


def bound(field: BoundField) -> widgets.Widget:
    """Show a bound field with the document's value and return its widget."""
    field.refresh()
    return field.widget


class PathMessage:
    """A message line for a path that has no input of its own (e.g. all weights together)."""

    def __init__(self, doc: CaseDocument, path: PathLike) -> None:
        self.doc = doc
        self.path = path if isinstance(path, str) else path_text(path)
        self.widget = widgets.HTML()
        self.widget.add_class("nw-msg")
        self.widget.add_class(field_class(self.path))
        self.update()

    def update(self) -> None:
        """Show the document's problem at the path, or nothing."""
        message = self.doc.problem_at(self.path)
        self.widget.value = f"<span role='alert'>{esc(message)}</span>" if message else ""


def wrapping_row(children: Sequence[widgets.Widget]) -> widgets.HBox:
    """A row that wraps onto several lines when the page is narrow."""
    box = widgets.HBox(list(children), layout=shared_layout(flex_flow="row wrap"))
    box.add_class("nw-ww-gap")
    return box


def line(children: Sequence[widgets.Widget]) -> widgets.HBox:
    """Inputs side by side, aligned at the top (they wrap when the page is narrow)."""
    box = widgets.HBox(list(children))
    box.add_class("nw-ww-line")
    return box


def small(text: str) -> widgets.HTML:
    """A muted note (plain text, escaped here)."""
    return widgets.HTML(f"<span class='nw-ww-small'>{esc(text)}</span>")


def unique(base: str, taken: Sequence[str]) -> str:
    """A name not yet taken: ``base``, else ``base 2``, ``base 3``...

    Examples
    --------
    >>> unique("Package 2", ["Package 2", "Package 2 2"])
    'Package 2 3'
    """
    k, name = 1, base
    while name in taken:
        k += 1
        name = f"{base} {k}"
    return name
