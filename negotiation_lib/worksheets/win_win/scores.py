"""A party's scores of one issue, edited as a small table instead of typed syntax.

An options issue gets one row per option (the option | its score from 0 to 100), each score a
number field bound to the document. A numeric issue gets one row per point (a value of the
issue | its score), joined by straight lines (:mod:`negotiation_lib.domain.win_win`): the rows
are read together, checked, and stored as the sorted points ``[[value, score], ...]``. Rows
stay where the trainee typed them; a row that cannot be read yet gets a message under its cell
and changes nothing saved.

Every input here is an ipywidgets ``Text`` or ``Button``, the kinds the page's guard on client
updates accepts (:mod:`negotiation_lib.worksheets.client_updates`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument, PathLike, path_text, steps_of
from negotiation_lib.formatting import escape
from negotiation_lib.numbers import format_number_input
from negotiation_lib.worksheets.fields import (
    close_tree,
    field_class,
    number_field,
    parse_number,
    read_typed_number,
)
from negotiation_lib.worksheets.inputs import inputs_of, reading_format
from negotiation_lib.worksheets.shared_models import shared_layout, sharing_models

__all__ = ["OptionScores", "PointsTable", "read_points"]

_VALUE_WIDTH = "9em"
_SCORE_WIDTH = "7em"


def _head(cells: Sequence[tuple[str, str]]) -> widgets.HTML:
    """The table's header row: (label, width) per column, labels escaped."""
    # The first column's header may wrap (an issue's name and unit); the score's stays whole.
    spans = "".join(
        f"<span style='display:inline-block; vertical-align:bottom; width:{w}"
        f"{'; white-space:nowrap' if k else ''}'>{escape(c)}</span>"
        for k, (c, w) in enumerate(cells)
    )
    head = widgets.HTML(f"<div class='nw-ww-score-cols'>{spans}</div>")
    head.add_class("nw-ww-score-head")
    return head


class OptionScores:
    """The scores of an options issue: one row per option, the option and its score (0–100).

    Parameters
    ----------
    doc
        The document.
    path
        The party's scores of the issue (``["win_win", "seller", "scores", "warranty"]``).
    options
        The issue's options, in their order.
    """

    def __init__(self, doc: CaseDocument, path: PathLike, options: Sequence[str]) -> None:
        steps = steps_of(path)
        rows: list[widgets.Widget] = []
        for option in options:
            name = widgets.HTML(
                f"<span class='nw-ww-option'>{escape(option)}</span>",
                layout=shared_layout(width="12em", min_width="8em"),
            )
            score = number_field(
                doc,
                [*steps, option],
                optional=True,
                width=_SCORE_WIDTH,
                help_text=f"The score of {option} from 0 to 100",
            )
            row = widgets.HBox([name, score])
            row.add_class("nw-ww-score-row")
            rows.append(row)
        self.widget = widgets.VBox(
            [_head([("Option", "12em"), ("Score (0–100)", _SCORE_WIDTH)]), *rows]
        )
        self.widget.add_class("nw-ww-scores")


Cell = tuple[str, str]
"""What a row of the points table holds as typed: (value, score)."""


Reader = Callable[[str], float | int | None]
"""Reads a typed number (None when blank); raises ValueError with a sentence when it cannot."""


def _read(text: str) -> float | int | None:
    """A number typed as ``1,234.5``, an int when whole (None when blank)."""
    value = parse_number(text)
    if value is not None and value.is_integer() and "." not in text:
        return int(value)
    return value


def read_points(
    rows: Sequence[Cell], read: Reader = _read
) -> tuple[list[list[float | int]] | None, dict[str, str]]:
    """Read the rows of a points table as the score points of a numeric issue.

    Parameters
    ----------
    rows
        The rows as typed: (value, score) texts.
    read
        Reads one cell (a page reads in its number format); by default ``1,234.5``.

    Returns
    -------
    tuple
        The points sorted by value (None when every row is blank), and the messages by cell
        (``"2.value"``, ``"1.score"``, 0-based rows): when there is any message, the points
        are None and nothing is to be stored.

    Examples
    --------
    >>> read_points([("320", "100"), ("300", "0"), ("", "")])
    ([[300, 0], [320, 100]], {})
    >>> read_points([("300", "150")])[1]
    {'0.score': 'A score is from 0 to 100 (this one is 150).'}
    >>> read_points([("300", "0"), ("300", "10")])[1]
    {'1.value': 'Another row has the value 300: give each value once.'}
    """
    messages: dict[str, str] = {}
    points: list[list[float | int]] = []
    seen: set[float] = set()
    for k, (x_text, s_text) in enumerate(rows):
        if not x_text.strip() and not s_text.strip():
            continue
        try:
            x = read(x_text)
        except ValueError as err:
            messages[f"{k}.value"] = _said(err, x_text)
            x = None
        try:
            s = read(s_text)
        except ValueError as err:
            messages[f"{k}.score"] = _said(err, s_text)
            s = None
        if s is not None and not 0 <= s <= 100:
            messages[f"{k}.score"] = f"A score is from 0 to 100 (this one is {s:g})."
        if x is None and f"{k}.value" not in messages:
            messages[f"{k}.value"] = "Enter the value this score is for."
        if s is None and f"{k}.score" not in messages:
            messages[f"{k}.score"] = "Enter the score of this value."
        if x is not None and x in seen:
            messages[f"{k}.value"] = f"Another row has the value {x:g}: give each value once."
        if x is not None and s is not None:
            seen.add(x)
            points.append([x, s])
    if messages:
        return None, messages
    points.sort(key=lambda p: p[0])
    return (points or None), {}


def _said(err: ValueError, text: str) -> str:
    """What a cell that cannot be read says: the reader's sentence, or a plain one."""
    sentence = str(err)
    if sentence.endswith((".", "?", "!")) and len(sentence) > 20:
        return sentence
    return f"Enter a number here (you typed {text.strip()[:40]!r})."


class PointsTable:
    """The score points of a numeric issue: one row per point, a value and its score.

    The rows are read together on every keystroke (:func:`read_points`); when they can be
    read, the points are stored sorted at ``path``, else each unreadable cell says why and the
    document keeps its points. The table starts from the document's points (two blank rows
    when there are none) and is rebuilt when the document is loaded again.

    Parameters
    ----------
    doc
        The document.
    path
        The party's scores of the issue.
    value_label
        The header of the value column (``Value (EUR per pump)``).
    """

    def __init__(self, doc: CaseDocument, path: PathLike, value_label: str = "Value") -> None:
        self.doc = doc
        self.steps = steps_of(path)
        self.path = path_text(self.steps)
        self.value_label = value_label
        # The page's record of its inputs: where each problem is shown, and unread text.
        self.inputs = inputs_of(doc)
        self.local: dict[str, str] = {}
        self._cells: list[tuple[widgets.Text, widgets.Text, widgets.HTML, widgets.HTML]] = []
        self._updating = False
        self.w_rows = widgets.VBox()
        self.message = widgets.HTML()
        self.message.add_class("nw-msg")
        self.w_add = widgets.Button(
            description="Add a point", icon="plus", layout=shared_layout(width="auto")
        )
        self.w_add.add_class("nw-add")
        self.w_add.on_click(self._on_add)
        self.widget = widgets.VBox(
            [
                _head([(value_label, _VALUE_WIDTH), ("Score (0–100)", _SCORE_WIDTH)]),
                # The table's own problem (no scores at all) first: it concerns every row.
                self.message,
                self.w_rows,
                self.w_add,
            ]
        )
        self.widget.add_class("nw-ww-points")
        self.widget.add_class(field_class(self.path))
        self.inputs.add(self.steps, value_label, self.message)
        doc.observe(self._on_problems, "problems")
        doc.observe(self._on_reload, "reloads")
        self.refresh()

    # ------------------------------------------------------------------ rows

    def _read(self, text: str) -> float | int | None:
        """A cell read in the page's number format (:func:`read_typed_number`)."""
        return read_typed_number(self.doc, text)

    def _shown(self, value: Any) -> str:
        """A stored number as the page's number fields show it."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_number_input(value, reading_format(self.doc))
        return "" if value is None else str(value)

    def _stored_rows(self) -> list[Cell]:
        value = self.doc.get(self.steps)
        rows = [
            (self._shown(p[0]), self._shown(p[1]))
            for p in (value if isinstance(value, list) else [])
            if isinstance(p, list | tuple) and len(p) == 2
        ]
        return rows + [("", "")] * max(0, 2 - len(rows))

    def rows(self) -> list[Cell]:
        """The rows as typed now."""
        return [(str(x.value), str(s.value)) for x, s, _, _ in self._cells]

    @sharing_models()  # rows are made while the trainee edits: keep sharing layouts
    def _build(self, rows: Sequence[Cell]) -> None:
        for row in self.w_rows.children:
            close_tree(row)
        self._cells = []
        built = []
        for k, (x_text, s_text) in enumerate(rows):
            x = widgets.Text(value=x_text, layout=shared_layout(width=_VALUE_WIDTH))
            s = widgets.Text(value=s_text, layout=shared_layout(width=_SCORE_WIDTH))
            x_msg, s_msg = widgets.HTML(), widgets.HTML()
            for w in (x, s):
                w.add_class("nw-number")
                w.observe(self._on_input, "value")
            cells = []
            for control, msg, column in ((x, x_msg, 0), (s, s_msg, 1)):
                heading = self.value_label if column == 0 else "Score"
                self.inputs.add([*self.steps, k, column], f"{heading}, row {k + 1}", control)
                msg.add_class("nw-msg")
                cell = widgets.VBox([control, msg])
                cell.add_class("nw-field")
                cell.add_class(field_class(path_text([*self.steps, k, column])))
                cells.append(cell)
            remove = widgets.Button(
                icon="trash", tooltip="Remove this point", layout=shared_layout(width="3em")
            )
            remove.add_class("nw-remove")
            remove.on_click(lambda _b, i=k: self._on_remove(i))
            row = widgets.HBox([*cells, remove])
            row.add_class("nw-ww-score-row")
            built.append(row)
            self._cells.append((x, s, x_msg, s_msg))
        self.w_rows.children = built

    def refresh(self) -> None:
        """Show the document's points again (after a load), forgetting what was typed."""
        self.local = {}
        self._build(self._stored_rows())
        self._show_messages()

    def points(self) -> list[list[float | int]] | None:
        """The points the rows hold now, or None when they are blank or cannot be read."""
        return read_points(self.rows(), self._read)[0]

    # ------------------------------------------------------------------ events

    def _store(self) -> None:
        points, self.local = read_points(self.rows(), self._read)
        if not self.local and points != self.doc.get(self.steps):
            self.doc.set(self.steps, points)
        self._show_messages()

    def _on_input(self, _change: dict[str, Any]) -> None:
        if not self._updating:
            self._store()

    def _on_add(self, _button: widgets.Button) -> None:
        self._build([*self.rows(), ("", "")])
        self._show_messages()

    def _on_remove(self, index: int) -> None:
        rows = self.rows()
        self._build([r for k, r in enumerate(rows) if k != index] or [("", "")])
        self._store()

    def _alive(self) -> bool:
        if self.w_add.comm is None:  # the definition was rebuilt: stop listening
            self.doc.unobserve(self._on_problems, "problems")
            self.doc.unobserve(self._on_reload, "reloads")
            return False
        return True

    def _on_problems(self, _change: dict[str, Any]) -> None:
        if self._alive():
            self._show_messages()

    def _on_reload(self, _change: dict[str, Any]) -> None:
        if self._alive():
            self.refresh()

    def _show_messages(self) -> None:
        for k, (x, s, x_msg, s_msg) in enumerate(self._cells):
            for column, (control, msg, key) in enumerate(
                ((x, x_msg, f"{k}.value"), (s, s_msg, f"{k}.score"))
            ):
                text = self.local.get(key)
                # Counted by the page's problem banner, with a link to this cell.
                self.inputs.say_unread([*self.steps, k, column], text)
                msg.value = f"<span role='alert'>{escape(text)}</span>" if text else ""
                if text:
                    control.add_class("nw-invalid")
                else:
                    control.remove_class("nw-invalid")
        problem = self.doc.problem_at(self.steps)
        self.message.value = f"<span role='alert'>{escape(problem)}</span>" if problem else ""
