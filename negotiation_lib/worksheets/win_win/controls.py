"""The small controls the win-win editors are built from, and their layout helpers.

Bound inputs that convert what the trainee types (score points, style answers, an optional
choice), a message line for a path with no input of its own, and the rows the editors are
laid out in. Widgets only: the rules they apply to the document are in
:mod:`~negotiation_lib.worksheets.win_win.shapes` and
:mod:`~negotiation_lib.worksheets.win_win.points`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument, PathLike, path_text
from negotiation_lib.worksheets.fields import BoundField, field_class
from negotiation_lib.worksheets.page import esc
from negotiation_lib.worksheets.shared_models import shared_layout
from negotiation_lib.worksheets.win_win.points import format_points, parse_points

__all__ = [
    "AnswerField",
    "OptionalChoice",
    "PathMessage",
    "PointsField",
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


class PointsField(_Field):
    """Score points of a numeric issue, typed as ``300:0, 320:100``."""

    def to_document(self, raw: Any) -> Any:
        """Read the typed points (:func:`~.points.parse_points`)."""
        return parse_points(str(raw))

    def to_control(self, value: Any) -> Any:
        """Show the stored points as text (:func:`~.points.format_points`)."""
        return format_points(value)


class AnswerField(_Field):
    """A style answer 1–5; "not answered" removes the key."""

    def to_document(self, raw: Any) -> Any:
        """The answer 1–5, or None (removed) when not answered."""
        return int(raw) if raw else None

    def to_control(self, value: Any) -> Any:
        """The stored answer, or "not answered" (0) when there is none or it is out of range."""
        return value if isinstance(value, int) and 1 <= value <= 5 else 0


class OptionalChoice(_Field):
    """A drop-down whose empty choice ("") removes the key."""

    def to_document(self, raw: Any) -> Any:
        """The choice, or None (removed) for the empty choice."""
        return raw or None

    def to_control(self, value: Any) -> Any:
        """The stored choice, or the empty one when it is not among the options."""
        values = [v for _, v in self.control.options]
        return value if value in values else ""


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
