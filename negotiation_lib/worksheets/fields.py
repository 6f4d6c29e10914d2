"""Input widgets bound to a path of the case document, each with its own message line.

Every field writes what the trainee types into the :class:`CaseDocument` and shows, right
under itself, the problem validation found at its path ("Must be above 0"). Text that cannot
even be read as a number never reaches the document: the field says so and the document keeps
its last value, so nothing saved changes. Messages are escaped before they reach HTML.

Number fields read and show numbers in the page's number format
(:func:`~negotiation_lib.worksheets.inputs.reading_format`, rules in
:mod:`negotiation_lib.numbers`), and redraw their text when the format changes. Every field
tells :func:`~negotiation_lib.worksheets.inputs.inputs_of` where it is and what it could not
read, so that the problem banner can name and link it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import ipywidgets as widgets
from pydantic import TypeAdapter, ValidationError

from negotiation_lib.document import CaseDocument, PathLike, path_text, steps_of
from negotiation_lib.domain.case import LIMIT
from negotiation_lib.formatting import escape
from negotiation_lib.numbers import (
    DEFAULT_FORMAT,
    format_number_input,
    quoted,
    reading_note,
    to_json_number,
)
from negotiation_lib.numbers import parse_number as read_number
from negotiation_lib.worksheets.inputs import inputs_of, reading_format
from negotiation_lib.worksheets.shared_models import shared_layout, sharing_models

__all__ = [
    "BoundField",
    "Column",
    "ListEditor",
    "check_field",
    "choice_field",
    "close_tree",
    "field_class",
    "lines_field",
    "number_field",
    "parse_number",
    "read_typed_number",
    "text_field",
]

NUMBER_WIDTH = "9em"


def parse_number(text: str, fmt: str = DEFAULT_FORMAT) -> float | None:
    """Read a typed number in a number format (``1,234.5`` unless told), as a float.

    Returns None for empty text; raises ValueError, with a sentence that says why, for
    anything else that is not a number in that format (rules: :mod:`negotiation_lib.numbers`).
    A page reads in its own format: :func:`read_typed_number`.

    Examples
    --------
    >>> parse_number("13,000"), parse_number(" 0.8 "), parse_number("")
    (13000.0, 0.8, None)
    >>> parse_number("13.000,5", "1.234,5")
    13000.5

    A comma that does not separate thousands is a decimal comma, and is refused: reading
    "12,5" as 125 would be a silent tenfold error.

    >>> parse_number("12,5")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negotiation_lib.numbers.NumberReadingError: “12,5” is not a number in the format 1,234.5...
    """
    value = read_number(text, fmt)
    return None if value is None else float(value)


def read_typed_number(doc: CaseDocument, text: str) -> int | float | None:
    """A number typed into a page of ``doc``, read in the page's number format.

    Returns the number a case stores (an int when whole), or None for empty text; raises
    ValueError with a sentence for the field when the text is not a number in the page's
    format, or is larger than any amount a case may hold (the text is quoted as typed, never
    as a rounded float).
    """
    fmt = reading_format(doc)
    value = read_number(text, fmt)
    if value is None:
        return None
    if abs(value) > LIMIT:
        limit = format_number_input(LIMIT, fmt)
        raise ValueError(f"{quoted(text)} is too large: a number here is at most {limit}.")
    if value and not float(value):
        raise ValueError(
            f"{quoted(text)} is too close to zero to be stored: enter 0 or a larger number."
        )
    return to_json_number(value)


def field_class(path: str) -> str:
    """The CSS class that marks the field of a path, so pages and tests can find it.

    Examples
    --------
    >>> field_class("value.drivers[1].confidence")
    'nw-at-value-drivers-1-confidence'
    """
    return "nw-at-" + re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-")


def _number_text(doc: CaseDocument, value: Any) -> str:
    """A stored value as a number field shows it, in the page's number format."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return format_number_input(value, reading_format(doc))
    return str(value)  # not a number (a file's "40"): shown as it is, validation says why


class BoundField:
    """A labelled input bound to a document path, with a message line below it.

    Subclasses convert between what the control holds and what the document stores by
    overriding :meth:`to_document` (raise ``ValueError`` with a human sentence when the text
    cannot be read) and :meth:`to_control`.
    """

    def __init__(
        self,
        doc: CaseDocument,
        path: PathLike,
        control: widgets.ValueWidget,
        label: str,
        help_text: str = "",
    ) -> None:
        self.doc = doc
        self.steps = steps_of(path)
        self.path = path_text(self.steps)
        self.control = control
        self.local_message: str | None = None
        self._message: widgets.HTML | None = None
        parts: list[widgets.Widget] = []
        title: widgets.HTML | None = None
        if label:
            title = widgets.HTML(f"<span title='{escape(help_text)}'>{escape(label)}</span>")
            title.add_class("nw-label")
            parts.append(title)
        parts.append(control)
        self.widget = widgets.VBox(parts)
        self.widget.add_class("nw-field")
        self.widget.add_class(field_class(self.path))
        self._updating = False
        self.inputs = inputs_of(doc)
        self.inputs.add(self.path, title or "", control)  # the label as shown, kept current
        control.observe(self._on_input, "value")
        doc.observe(self._on_problems, "problems")
        doc.observe(self._on_reload, "reloads")
        self._show_message()

    @property
    def message(self) -> widgets.HTML:
        """The message line under the control, added to the field when first needed.

        Most fields never show a message: made for every field, the lines were 12-14% of a
        worksheet's widgets, each a model the page must receive before it can draw.
        """
        if self._message is None:
            self._message = widgets.HTML(layout=shared_layout(margin="0 0 0 2px"))
            self._message.add_class("nw-msg")
            self.widget.children = (*self.widget.children, self._message)
        return self._message

    def say(self, html: str) -> None:
        """Show ``html`` (markup already escaped) in the message line; "" clears it."""
        if html or self._message is not None:
            self.message.value = html

    def said(self) -> str:
        """What the message line shows now ("" when the field has none)."""
        return "" if self._message is None else str(self._message.value)

    def to_document(self, raw: Any) -> Any:
        """Convert what the control holds into what the document stores."""
        return raw

    def to_control(self, value: Any) -> Any:
        """Convert what the document stores into what the control shows."""
        return value

    def _on_input(self, change: dict[str, Any]) -> None:
        if self._updating:
            return
        try:
            value = self.to_document(change["new"])
        except ValueError as err:
            self.local_message = str(err) or "Not a valid value."
            self.inputs.say_unread(self.path, self.local_message)
            self._show_message()
            return
        self.local_message = None
        # Before the document changes: the banner redraws on its change, without this text.
        self.inputs.say_unread(self.path, None)
        if value != self.doc.get(self.steps):
            self.doc.set(self.steps, value)
        # The document's problems may be unchanged (no notification), yet this field's own
        # reading message must go.
        self._show_message()

    def _alive(self) -> bool:
        # A row removed from a table closes its widgets; its field then stops listening.
        if self.control.comm is None:
            self.doc.unobserve(self._on_problems, "problems")
            self.doc.unobserve(self._on_reload, "reloads")
            return False
        return True

    def _on_problems(self, _change: dict[str, Any]) -> None:
        if self._alive():
            self._show_message()

    def _on_reload(self, _change: dict[str, Any]) -> None:
        if self._alive():
            self.refresh()

    def refresh(self) -> None:
        """Re-read the value from the document (after a reload)."""
        self._updating = True
        try:
            self.control.value = self.to_control(self.doc.get(self.steps))
        finally:
            self._updating = False
        self.local_message = None
        self.inputs.say_unread(self.path, None)
        self._show_message()

    def _problem(self) -> str | None:
        """The message of the document's problem this field shows, if any."""
        return self.doc.problem_at(self.steps)

    def _show_message(self) -> None:
        message = self.local_message or self._problem()
        if message:
            self.say(f"<span role='alert'>{escape(message)}</span>")
            self.control.add_class("nw-invalid")
        else:
            self.say("")
            self.control.remove_class("nw-invalid")


class _NumberField(BoundField):
    def __init__(self, *args: Any, optional: bool = False, **kwargs: Any) -> None:
        self.optional = optional
        self.note: str | None = None
        """How the last text was read, when another format would read it otherwise."""
        super().__init__(*args, **kwargs)
        self.inputs.observe(self._on_format, "format_tag")

    def to_document(self, raw: Any) -> Any:
        self.note = None
        value = read_typed_number(self.doc, str(raw))
        if value is None and not self.optional:
            raise ValueError("Enter a number here.")
        self.note = reading_note(str(raw), reading_format(self.doc))
        return value

    def refresh(self) -> None:
        """Re-read the value from the document, written in the page's number format."""
        self.note = None
        super().refresh()

    def _show_message(self) -> None:
        super()._show_message()
        if self.note and not self.said():
            # A reading, not a problem: said in the message line, in the muted colour.
            self.say(f"<span class='nw-reading'>{escape(self.note)}</span>")

    def to_control(self, value: Any) -> Any:
        return _number_text(self.doc, value)

    def _on_format(self, _change: dict[str, Any]) -> None:
        """Show the number in the new format; text it could not read is read again in it."""
        if self.control.comm is None:  # the row was removed: stop listening
            self.inputs.unobserve(self._on_format, "format_tag")
        else:
            self.control.tooltip = _format_hint(self.doc)
            if self.local_message:
                self._on_input({"new": self.control.value})
            else:
                self.refresh()


def _format_hint(doc: CaseDocument) -> str:
    fmt = reading_format(doc)
    return f"Numbers are typed as {fmt.tag}: {fmt.description}."


def number_field(
    doc: CaseDocument,
    path: PathLike,
    label: str = "",
    *,
    help_text: str = "",
    optional: bool = False,
    width: str = NUMBER_WIDTH,
) -> widgets.Widget:
    """A number input, read in the page's number format; empty means "not set" if ``optional``."""
    control = widgets.Text(
        value=_number_text(doc, doc.get(path)),
        continuous_update=True,
        layout=shared_layout(width=width),
        tooltip=_format_hint(doc),
    )
    control.add_class("nw-number")
    return _NumberField(doc, path, control, label, help_text, optional=optional).widget


class _TextField(BoundField):
    def __init__(
        self, *args: Any, required: bool = False, one_line: bool = False, **kwargs: Any
    ) -> None:
        self.required = required
        self.one_line = one_line
        super().__init__(*args, **kwargs)

    def to_document(self, raw: Any) -> Any:
        text = str(raw)
        if self.one_line:
            text = re.sub(r"[\r\n]+", " ", text)
        if self.required and not text.strip():
            raise ValueError("Must not be empty.")
        return text

    def to_control(self, value: Any) -> Any:
        return "" if value is None else str(value)


def text_field(
    doc: CaseDocument,
    path: PathLike,
    label: str = "",
    *,
    help_text: str = "",
    multiline: bool = False,
    placeholder: str = "",
    required: bool = False,
    width: str = "100%",
    wrap: bool = False,
) -> widgets.Widget:
    """A text input (or a text area); its text is stored as typed.

    With ``wrap``, a one-line text that wraps and grows with its text instead of scrolling
    out of sight (for a table's narrow column: page.css sizes it); a line break typed there is
    stored as a space.
    """
    if wrap:
        control: widgets.Text | widgets.Textarea = widgets.Textarea(
            rows=1, layout=shared_layout(width=width)
        )
        control.add_class("nw-wrap")
    else:
        cls = widgets.Textarea if multiline else widgets.Text
        control = cls(layout=shared_layout(width=width, height="5em" if multiline else None))
    control.value = str(doc.get(path) or "")
    control.placeholder = placeholder
    control.continuous_update = True
    field = _TextField(doc, path, control, label, help_text, required=required, one_line=wrap)
    return field.widget


class _LinesField(BoundField):
    def __init__(self, *args: Any, separator: str = "\n", **kwargs: Any) -> None:
        self.separator = separator
        super().__init__(*args, **kwargs)

    def to_document(self, raw: Any) -> Any:
        return [line.strip() for line in str(raw).split(self.separator) if line.strip()]

    def _problem(self) -> str | None:
        # A problem of one entry (a line too long) is at the entry's path: no other input
        # shows it, so this field does.
        own = super()._problem()
        items = self.doc.get(self.steps)
        for index in range(len(items) if isinstance(items, list) and not own else 0):
            message = self.doc.problem_at([*self.steps, index])
            if message:
                return f"Entry {index + 1}: {message}"
        return own

    def to_control(self, value: Any) -> Any:
        joiner = "\n" if self.separator == "\n" else f"{self.separator} "
        return joiner.join(str(v) for v in (value or []))


def lines_field(
    doc: CaseDocument,
    path: PathLike,
    label: str = "",
    *,
    help_text: str = "",
    separator: str = "\n",
    placeholder: str = "",
    width: str = "100%",
) -> widgets.Widget:
    """A list of short texts: one per line (or separated by ``separator``)."""
    multiline = separator == "\n"
    cls = widgets.Textarea if multiline else widgets.Text
    control = cls(
        placeholder=placeholder,
        continuous_update=True,
        layout=shared_layout(width=width, height="5.5em" if multiline else None),
    )
    field = _LinesField(doc, path, control, label, help_text, separator=separator)
    field.refresh()
    return field.widget


def choice_field(
    doc: CaseDocument,
    path: PathLike,
    label: str = "",
    options: Sequence[tuple[str, Any]] = (),
    *,
    help_text: str = "",
    width: str = "12em",
) -> widgets.Widget:
    """A drop-down of (label, value) options."""
    current = doc.get(path)
    values = [v for _, v in options]
    control = widgets.Dropdown(
        options=list(options),
        value=current if current in values else None,
        layout=shared_layout(width=width),
    )
    return BoundField(doc, path, control, label, help_text).widget


_BOOL = TypeAdapter(bool)


def _checked(value: Any) -> bool:
    """Whether a stored value is true as validation reads it.

    A file's "no" is false, not a non-empty string; what validation refuses shows unticked
    (its message says why).
    """
    try:
        return bool(_BOOL.validate_python(value))
    except ValidationError:
        return False


class _CheckField(BoundField):
    def to_control(self, value: Any) -> Any:
        return _checked(value)


def check_field(doc: CaseDocument, path: PathLike, label: str = "") -> widgets.Widget:
    """A check box stored as true/false."""
    control = widgets.Checkbox(value=_checked(doc.get(path)), indent=False, description="")
    return _CheckField(doc, path, control, label).widget


def _carries(widget: widgets.Widget, css_class: str) -> bool:
    """Whether a widget or anything inside it carries a CSS class."""
    return css_class in widget._dom_classes or any(
        _carries(child, css_class) for child in getattr(widget, "children", ())
    )


def close_tree(widget: widgets.Widget) -> None:
    """Close a widget and everything inside it (their fields stop listening to the document)."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


@dataclass(frozen=True)
class Column:
    """One column of a :class:`ListEditor`."""

    key: str
    label: str
    kind: Literal["number", "text", "choice", "check"] = "text"
    width: str = "9em"
    options: Sequence[tuple[str, Any]] = ()
    optional: bool = False
    help_text: str = ""


_GROWTH = {"text": "3fr", "choice": "1fr", "number": "1fr"}


def _grid_columns(columns: Sequence[Column]) -> str:
    """The table's CSS grid columns: as wide as their headers, text taking most of the rest.

    Examples
    --------
    >>> _grid_columns([Column("name", "Name"), Column("on", "On", kind="check")])
    'minmax(max-content, 3fr) max-content max-content'
    """
    tracks = [
        f"minmax(max-content, {_GROWTH[c.kind]})" if c.kind in _GROWTH else "max-content"
        for c in columns
    ]
    return " ".join([*tracks, "max-content"])  # the last one: the row's remove button


class ListEditor:
    """A table whose rows are the items of a list in the document; rows can be added and removed.

    Parameters
    ----------
    doc
        The document.
    path
        The list's path (e.g. ``"value.drivers"``).
    columns
        What each row shows.
    new_item
        Called to make the item an "Add" click appends.
    add_label
        The add button's text.
    """

    def __init__(
        self,
        doc: CaseDocument,
        path: PathLike,
        columns: Sequence[Column],
        new_item: Callable[[int], dict[str, Any]],
        add_label: str = "Add a row",
    ) -> None:
        self.doc = doc
        self.steps = steps_of(path)
        self.columns = list(columns)
        self.new_item = new_item
        self.rows = widgets.VBox()
        self.message = widgets.HTML()
        self.message.add_class("nw-msg")
        self.message.add_class(field_class(path_text(self.steps)))
        self.inputs = inputs_of(doc)
        self.inputs.add(self.steps, "", self.message)  # the table's problems are said here
        self.w_add = widgets.Button(
            description=add_label, icon="plus", layout=shared_layout(width="auto")
        )
        self.w_add.add_class("nw-add")
        self.w_add.on_click(self._on_add)
        header = widgets.HBox(
            [self._cell(widgets.HTML(f"<b>{escape(c.label)}</b>"), c.width) for c in self.columns]
        )
        header.add_class("nw-table-head")
        self.widget = widgets.VBox([header, self.rows, self.message, self.w_add])
        self.widget.add_class("nw-table")
        # One grid for the header and every row, so columns line up (page.css).
        self.widget.layout = shared_layout(grid_template_columns=_grid_columns(self.columns))
        self._count = -1
        self._row_lines: set[int] = set()
        doc.observe(self._on_revision, "revision")
        doc.observe(self._on_reload, "reloads")
        self._rebuild()

    @staticmethod
    def _cell(widget: widgets.Widget, width: str) -> widgets.Box:
        return widgets.Box([widget], layout=shared_layout(width=width, min_width=width))

    def _items(self) -> list[Any]:
        items = self.doc.get(self.steps)
        return list(items) if isinstance(items, list) else []

    def _row(self, index: int) -> widgets.Widget:
        cells: list[widgets.Widget] = []
        for c in self.columns:
            where = [*self.steps, index, c.key]
            if c.kind == "number":
                w = number_field(
                    self.doc, where, optional=c.optional, width="100%", help_text=c.help_text
                )
            elif c.kind == "choice":
                w = choice_field(self.doc, where, options=c.options, width="100%")
            elif c.kind == "check":
                w = check_field(self.doc, where)
            else:
                w = text_field(self.doc, where, width="100%", wrap=True)
            # A cell has no label of its own: the banner names it by its column and row.
            self.inputs.relabel(where, f"{c.label}, row {index + 1}")
            # The field's own box is the grid's cell (the grid's columns set its width): a
            # box around it only for a width was one more widget per cell for the page.
            cells.append(w)
        remove = widgets.Button(
            icon="trash", tooltip="Remove this row", layout=shared_layout(width="3em")
        )
        remove.add_class("nw-remove")
        remove.on_click(lambda _b, i=index: self.doc.remove(self.steps, i))
        row = widgets.HBox([*cells, remove])
        row.add_class("nw-row")
        return row

    @sharing_models()  # rows made after the page is built share layouts too
    def _rebuild(self) -> None:
        for row in self.rows.children:
            close_tree(row)
        items = self._items()
        self._count = len(items)
        self.rows.children = [self._row(i) for i in range(len(items))]
        self._row_lines = {
            i
            for i, row in enumerate(self.rows.children)
            if _carries(row, field_class(path_text([*self.steps, i])))
        }
        self._show_message()

    def _show_message(self) -> None:
        message = self.doc.problem_at(self.steps)
        lines = [message] if message else []
        # A problem of a whole row (a percent discount above 100%) has no input of its own:
        # it is said here, unless the row has a message line of its own.
        for i in range(len(self._items())):
            row_message = None if i in self._row_lines else self.doc.problem_at([*self.steps, i])
            if row_message:
                lines.append(f"Row {i + 1}: {row_message}")
        self.message.value = "<br>".join(
            f"<span role='alert'>{escape(line)}</span>" for line in lines
        )

    def _on_add(self, _button: widgets.Button) -> None:
        self.doc.append(self.steps, self.new_item(len(self._items())))

    def _on_revision(self, _change: dict[str, Any]) -> None:
        if len(self._items()) != self._count:
            self._rebuild()
        else:
            self._show_message()

    def _on_reload(self, _change: dict[str, Any]) -> None:
        self._rebuild()
