"""Number fields captioned in the case's own units: "Volume (pump per year)".

The captions come from the vocabulary (:func:`negotiation_lib.vocabulary.input_caption`), so
a page never invents a label or a unit of its own, and they follow the case: when its
currency, unit or period changes, :meth:`Captions.show` writes every caption again.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument, PathLike, path_text
from negotiation_lib.formatting import escape
from negotiation_lib.vocabulary import input_caption
from negotiation_lib.worksheets.fields import number_field

__all__ = ["Captions"]


def _text(doc: CaseDocument, key: str) -> str:
    value = doc.get(key)
    return value if isinstance(value, str) else ""


class Captions:
    """The number fields of a page whose captions carry the case's currency, unit and period.

    Parameters
    ----------
    doc
        The document the fields are bound to (its units caption them until :meth:`show`).
    """

    def __init__(self, doc: CaseDocument) -> None:
        self.doc = doc
        self._fields: list[tuple[widgets.HTML, str, str]] = []
        self._units = (_text(doc, "currency"), _text(doc, "unit"), _text(doc, "period"))

    def field(self, path: PathLike, *, help_text: str = "", **options: Any) -> widgets.Widget:
        """A number field for ``path``, captioned by its key in the case's units.

        ``options`` are :func:`~negotiation_lib.worksheets.fields.number_field`'s.
        """
        key = path_text(path).rsplit(".", 1)[-1]
        caption = input_caption(key, *self._units)
        widget = number_field(self.doc, path, caption, help_text=help_text, **options)
        label = next(c for c in widget.children if "nw-label" in c._dom_classes)
        self._fields.append((label, key, help_text))
        return widget

    def show(self, currency: str, unit: str, period: str) -> None:
        """Write the captions in these units (nothing is sent when they are unchanged)."""
        if (currency, unit, period) == self._units:
            return
        self._units = (currency, unit, period)
        for label, key, help_text in self._fields:
            caption = input_caption(key, currency, unit, period)
            label.value = f"<span title='{escape(help_text)}'>{escape(caption)}</span>"
