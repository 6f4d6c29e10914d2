"""Helpers for testing worksheet pages without a browser: walk widgets, read tiles."""

from __future__ import annotations

import re
from collections.abc import Iterator

import ipywidgets as widgets

from negotiation_lib.datasets import role_play_case_names, sample_case_document
from negotiation_lib.document import CaseDocument
from negotiation_lib.worksheets.app import load_document
from negotiation_lib.worksheets.number_format import use_trainee_format

_TILE = re.compile(r"data-kpi='([^']+)'.*?<div class='nw-tile-value'>(.*?)</div>", re.S)


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """Every widget in a tree, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def html_of(widget: widgets.Widget) -> str:
    """All the HTML the page's HTML widgets render, concatenated."""
    return "\n".join(w.value for w in walk(widget) if isinstance(w, widgets.HTML))


def tiles(widget: widgets.Widget) -> dict[str, str]:
    """Headline tiles by their data-kpi key."""
    return dict(_TILE.findall(html_of(widget)))


def field(widget: widgets.Widget, css_class: str) -> widgets.ValueWidget:
    """The input control of the field box carrying ``css_class``."""
    for w in walk(widget):
        if css_class in w._dom_classes:
            for inner in walk(w):
                if isinstance(inner, widgets.Text | widgets.Textarea | widgets.Dropdown):
                    return inner
    raise LookupError(css_class)


def message(widget: widgets.Widget, css_class: str) -> str:
    """The message line under the field carrying ``css_class`` ("" when it has none yet)."""
    for w in walk(widget):
        if css_class in w._dom_classes:
            for inner in walk(w):
                if isinstance(inner, widgets.HTML) and "nw-msg" in inner._dom_classes:
                    return str(inner.value)
            return ""  # a field gets its message line when it first has something to say
    raise LookupError(css_class)


def models_of(widget: widgets.Widget) -> list[widgets.Widget]:
    """Every widget model a page sends: its widgets, their layouts and styles, once each."""
    seen: dict[str, widgets.Widget] = {}
    pending = [widget]
    while pending:
        w = pending.pop()
        if w.model_id in seen:
            continue
        seen[w.model_id] = w
        for key in w.keys:
            value = getattr(w, key)
            for item in value if isinstance(value, list | tuple) else [value]:
                if isinstance(item, widgets.Widget):
                    pending.append(item)
    return list(seen.values())


def sample_document(name: str) -> tuple[CaseDocument, str]:
    """A sample case's document and the query its page carries, for testing a worksheet on it.

    An ordinary case as its practice page opens it. A role-play case opens on no practice page
    (:func:`~negotiation_lib.worksheets.app.load_document` refuses it); its whole case, as the
    facilitator reads it, is still a case every worksheet must show right.
    """
    query = f"case={name}"
    if name not in role_play_case_names():
        doc, query, error = load_document(query, name)
        assert error is None
        return doc, query
    doc = CaseDocument(sample_case_document(name))
    use_trainee_format(doc, query)
    return doc, query
