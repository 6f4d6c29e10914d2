"""What a page's browser may change in its kernel: the values of the inputs the page enabled.

ipywidgets applies every ``update`` a client sends on a widget's comm to any synced trait of
any widget (``Widget._handle_msg`` → ``set_state``): the value of an HTML widget (markup the
page then renders as trusted HTML), a disabled input, a label, a button's description. A real
page never sends such updates; a client that speaks the widget protocol by hand can. Binding the
kernel to its page (:mod:`negotiation_lib.serving`) keeps other browsers out; this guard makes
the page's own channel carry only what its inputs can send:

- an ``update`` is applied only to the traits an enabled input sends (:func:`writable_traits`:
  ``value`` of a text, number, check box or file input, ``index`` of a choice,
  ``selected_index`` of tabs); every other trait in it is dropped, and an update to an HTML
  widget, a label, an output, a box, a layout or a disabled input changes nothing;
- a ``custom`` message (a button's click, a text field's submit, a toggle button's click)
  reaches only an enabled button, text field or set of toggle buttons.

Refusals are logged with the widget's class and the trait names, never the values, to the
kernel's own log (the server's log; ``sys.stderr`` in a kernel would reach the page). Each page
installs the guard when it is built (:func:`guard_client_updates`, from
:mod:`negotiation_lib.worksheets.app`); it also re-hooks widgets made before it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget import _instances
from ipywidgets.widgets.widget_bool import _Bool
from ipywidgets.widgets.widget_float import _Float, _FloatRange
from ipywidgets.widgets.widget_int import _Int, _IntRange
from ipywidgets.widgets.widget_selection import _MultipleSelection, _Selection
from ipywidgets.widgets.widget_selectioncontainer import _SelectionContainer

__all__ = ["guard_client_updates", "is_guarded", "writable_traits"]

_VALUE = frozenset({"value"})
_INPUTS: tuple[tuple[type, frozenset[str]], ...] = (
    (widgets.Text, _VALUE),  # and Password, Combobox
    (widgets.Textarea, _VALUE),
    (_Int, _VALUE),
    (_Float, _VALUE),
    (_IntRange, _VALUE),
    (_FloatRange, _VALUE),
    (_Bool, _VALUE),  # Checkbox, ToggleButton
    (widgets.FileUpload, _VALUE),
    (widgets.DatePicker, _VALUE),
    (widgets.ColorPicker, _VALUE),
    # A choice is sent as its index; ipywidgets derives the value and label from it.
    (_Selection, frozenset({"index"})),
    (_MultipleSelection, frozenset({"index"})),
    (_SelectionContainer, frozenset({"selected_index"})),  # Tab, Accordion, Stack
)
"""Each kind of input and the traits its view in the browser sends."""

_CUSTOM = (widgets.Button, widgets.Text, widgets.ToggleButtons)
"""Inputs whose view sends custom messages: a button's click, a text field's submit, a click
on one of toggle buttons (sent after the index it chose)."""


def writable_traits(widget: widgets.Widget) -> frozenset[str]:
    """The traits of ``widget`` a client update may change: none unless it is an enabled input.

    Examples
    --------
    >>> sorted(writable_traits(widgets.Text())), sorted(writable_traits(widgets.Dropdown()))
    (['value'], ['index'])
    >>> writable_traits(widgets.HTML()), writable_traits(widgets.Text(disabled=True))
    (frozenset(), frozenset())
    """
    if getattr(widget, "disabled", False):
        return frozenset()
    for kind, traits in _INPUTS:
        if isinstance(widget, kind):
            return traits
    return frozenset()


def _accepted(widget: widgets.Widget, msg: dict[str, Any]) -> dict[str, Any] | None:
    """The message as far as the page allows it; None when nothing of it may reach the widget."""
    data = msg["content"]["data"]
    method = data.get("method")
    name = type(widget).__name__
    if method == "custom":
        if isinstance(widget, _CUSTOM) and not getattr(widget, "disabled", False):
            return msg
        content = data.get("content")
        keys = ", ".join(sorted(content)) if isinstance(content, dict) else type(content).__name__
        widget.log.warning("Refused a message from the browser to a %s (keys: %s)", name, keys)
        return None
    if method != "update" or "state" not in data:
        return msg  # request_state: the page reads its own widgets
    state: dict[str, Any] = data["state"]
    allowed = writable_traits(widget)
    refused = sorted(set(state) - allowed)
    if refused:
        widget.log.warning("Refused a browser update of %s on a %s", ", ".join(refused), name)
    kept = {k: v for k, v in state.items() if k in allowed}
    if not kept:
        return None
    paths = data.get("buffer_paths") or []
    buffers = msg.get("buffers") or []
    # Binary parts (an uploaded file's content) travel beside the state, one per path.
    keep = [i for i, path in enumerate(paths) if path and path[0] in allowed]
    new_data = {**data, "state": kept}
    if paths:
        new_data["buffer_paths"] = [paths[i] for i in keep]
    return {
        **msg,
        "content": {**msg["content"], "data": new_data},
        "buffers": [buffers[i] for i in keep if i < len(buffers)],
    }


_original: Callable[[widgets.Widget, dict[str, Any]], None] | None = None


def _guarded_handle_msg(self: widgets.Widget, msg: dict[str, Any]) -> None:
    """``Widget._handle_msg``, given only what :func:`_accepted` lets through."""
    accepted = _accepted(self, msg)
    if accepted is not None and _original is not None:
        _original(self, accepted)


def is_guarded() -> bool:
    """Whether client updates are guarded in this kernel."""
    return widgets.Widget._handle_msg is _guarded_handle_msg


def guard_client_updates() -> None:
    """Guard every widget's messages from the browser in this kernel (idempotent).

    A widget registers its handler when it opens its comm, so widgets opened before the guard
    are registered again.
    """
    global _original
    if is_guarded():
        return
    _original = widgets.Widget._handle_msg
    widgets.Widget._handle_msg = _guarded_handle_msg
    for widget in list(_instances.values()):
        if widget.comm is not None:
            widget.comm.on_msg(widget._handle_msg)
