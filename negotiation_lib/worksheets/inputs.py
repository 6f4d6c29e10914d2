"""What a page's inputs know about the document they edit, beyond the document itself.

Three things belong to a page rather than to the case, yet every input of the page shares them:

- **where each input is**, with the label a trainee reads: the problem banner names each
  problem by its field's label and links to the field (:meth:`DocumentInputs.place_of`);
- **text an input could not read**: "13.000,50" in a field that reads ``1,234.5`` never
  reaches the document (nothing saved changes), but the banner must still count it
  (:attr:`DocumentInputs.unread`);
- **the number format** the page reads numbers in: the case's own ``number_format``, else the
  trainee's (the home page's setting or the browser's language, :attr:`preferred_format`),
  else the usual one of the case's currency (:func:`negotiation_lib.numbers.choose_format`).
  :attr:`DocumentInputs.format_tag` follows the document, so number inputs redraw their text
  when it changes.

One :class:`DocumentInputs` per document (:func:`inputs_of`); it lives as long as the document.
"""

from __future__ import annotations

import html
import re
import weakref
from typing import Any

import ipywidgets as widgets
from traitlets import Dict, HasTraits, Unicode, observe

from negotiation_lib.document import CaseDocument, PathLike, parse_path, path_text
from negotiation_lib.numbers import NumberFormat, Source, choose_format

__all__ = ["DocumentInputs", "Place", "inputs_of", "reading_format"]

_TAG = re.compile(r"<[^>]*>")

Place = tuple[str, str]
"""Where a problem is shown: the path of the input that shows it, and that input's label."""


class DocumentInputs(HasTraits):
    """The inputs of the pages editing one document: their places, unread text, number format.

    Parameters
    ----------
    doc
        The document (held weakly: this object never keeps a document alive).
    """

    unread = Dict()
    """Path → the message of text typed at that path that could not be read."""
    preferred_format = Unicode(None, allow_none=True)
    """The trainee's number format (the home page's setting or the browser's), if any."""
    preferred_from = Unicode("")
    """Where the trainee's format comes from, in words ("your browser's language")."""
    format_tag = Unicode()
    """The number format the page reads in now (the name of one of ``numbers.FORMATS``)."""

    def __init__(self, doc: CaseDocument) -> None:
        super().__init__()
        self._doc = weakref.ref(doc)
        self._places: dict[str, tuple[str | widgets.HTML, weakref.ref[widgets.Widget]]] = {}
        self.format_tag = self.number_format()[0].tag
        doc.observe(self._on_revision, "revision")

    # ------------------------------------------------------------------ number format

    def number_format(self) -> tuple[NumberFormat, Source]:
        """The format numbers are read in, and where it comes from (case, trainee, currency)."""
        doc = self._doc()
        data: dict[str, Any] = doc.data if doc is not None else {}
        tag = data.get("number_format")
        # The last valid currency: typing "CHF" passes through "C" and "CH", which would
        # switch every number field to another format and back on each keystroke.
        currency = doc.case.currency if doc is not None and doc.case is not None else None
        return choose_format(
            tag if isinstance(tag, str) else None,
            self.preferred_format,
            currency if isinstance(currency, str) else None,
        )

    def _on_revision(self, _change: dict[str, Any]) -> None:
        self.format_tag = self.number_format()[0].tag

    @observe("preferred_format")
    def _on_preferred_format(self, _change: dict[str, Any]) -> None:
        self.format_tag = self.number_format()[0].tag

    # ------------------------------------------------------------------ places

    def add(self, path: PathLike, label: str | widgets.HTML, widget: widgets.Widget) -> None:
        """Record that ``widget`` shows the field at ``path``, called ``label`` (may be empty).

        ``label`` is the label's text, or the widget showing it: a caption that follows the
        case's units ("Its price (EUR per pump)") is then read as it is shown now. A new input
        at a path replaces the one before it (a table's rows are rebuilt), and any unread text
        of the old one goes with it.
        """
        text = path_text(path)
        self._places[text] = (label, weakref.ref(widget))
        if text in self.unread:
            self.say_unread(text, None)

    def relabel(self, path: PathLike, label: str) -> None:
        """Give the input at ``path`` another label (a table cell: its column and row)."""
        text = path_text(path)
        if text in self._places:
            self._places[text] = (label, self._places[text][1])

    def _live(self, path: str) -> tuple[str, widgets.Widget] | None:
        entry = self._places.get(path)
        widget = entry[1]() if entry is not None else None
        if entry is None or widget is None or widget.comm is None:
            self._places.pop(path, None)
            return None
        label = entry[0]
        if isinstance(label, widgets.HTML):  # the text the label shows now, without markup
            label = html.unescape(_TAG.sub("", str(label.value))).strip()
        return label, widget

    def place_of(self, path: str) -> Place | None:
        """The nearest input on the page that shows the field at ``path`` or a part holding it.

        Returns the input's path and its label; None when no input of the page holds it.
        """
        steps = parse_path(path)
        for end in range(len(steps), 0, -1):
            where = path_text(steps[:end])
            live = self._live(where)
            if live is not None:
                return where, live[0]
        return None

    def say_unread(self, path: PathLike, message: str | None) -> None:
        """Record (or, with None, forget) why the text typed at ``path`` could not be read."""
        text = path_text(path)
        unread = dict(self.unread)
        if message:
            unread[text] = message
        else:
            unread.pop(text, None)
        if unread != self.unread:
            self.unread = unread

    def unread_now(self) -> dict[str, str]:
        """The unread texts of inputs still on the page."""
        return {p: m for p, m in self.unread.items() if self._live(p) is not None}


_ALL: weakref.WeakKeyDictionary[CaseDocument, DocumentInputs] = weakref.WeakKeyDictionary()


def inputs_of(doc: CaseDocument) -> DocumentInputs:
    """The :class:`DocumentInputs` of a document (made on first use)."""
    found = _ALL.get(doc)
    if found is None:
        found = _ALL[doc] = DocumentInputs(doc)
    return found


def reading_format(doc: CaseDocument) -> NumberFormat:
    """The number format the inputs of a document read in now.

    Examples
    --------
    >>> from negotiation_lib.document import blank_case
    >>> doc = CaseDocument(blank_case())  # in EUR
    >>> reading_format(doc).tag
    '1.234,5'
    >>> inputs_of(doc).preferred_format = "1,234.5"; reading_format(doc).tag
    '1,234.5'
    >>> doc.set("number_format", "1 234,5"); reading_format(doc).tag
    '1 234,5'
    """
    return inputs_of(doc).number_format()[0]
