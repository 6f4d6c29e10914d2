"""The Deal room tab's small widget helpers: a message line's sentence and a labelled input."""

from __future__ import annotations

import ipywidgets as widgets

from negotiation_lib.formatting import escape
from negotiation_lib.worksheets.fields import field_class

__all__ = ["labelled", "say"]


def say(target: widgets.HTML, text: str, tone: str = "bad") -> None:
    """Show a sentence in a message line (``""`` clears it); ``tone`` is ``bad`` or ``good``."""
    target.value = f"<span role='alert' class='nw-{tone}'>{escape(text)}</span>" if text else ""


def labelled(path: str, label: str, control: widgets.Widget) -> tuple[widgets.VBox, widgets.HTML]:
    """A labelled input with its message line, marked with its path's class for tests."""
    message = widgets.HTML()
    message.add_class("nw-msg")
    box = widgets.VBox(
        [widgets.HTML(f"<span class='nw-label'>{escape(label)}</span>"), control, message]
    )
    box.add_class("nw-field")
    box.add_class(field_class(path))
    return box, message
