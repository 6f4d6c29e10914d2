"""A page's browser changes only the values of the inputs the page enabled (issue 22).

Each message goes in as the kernel receives it, through the widget's comm; the assertions read
like the rule: markup sent to an HTML widget never reaches the page, a disabled input keeps its
value, a choice moves only through its index, a disabled button does not click.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pytest

from negotiation_lib.worksheets import client_updates
from negotiation_lib.worksheets.client_updates import (
    guard_client_updates,
    is_guarded,
    writable_traits,
)

MARKUP = "<img src=x onerror=alert(1)>"


def _deliver(
    widget: widgets.Widget, data: dict[str, Any], buffers: list[bytes] | None = None
) -> None:
    """Hand ``data`` to the widget as a comm message from the browser."""
    msg = {"content": {"comm_id": widget.model_id, "data": data}, "buffers": buffers or []}
    widget.comm.handle_msg(msg)


def _update(widget: widgets.Widget, **state: Any) -> None:
    _deliver(widget, {"method": "update", "state": state, "buffer_paths": []})


@pytest.fixture(autouse=True)
def _guarded() -> None:
    guard_client_updates()


def test_the_guard_covers_widgets_made_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    original = client_updates._original
    monkeypatch.setattr(widgets.Widget, "_handle_msg", original)
    monkeypatch.setattr(client_updates, "_original", None)
    assert not is_guarded()
    html = widgets.HTML("before")  # registers the unguarded handler on its comm
    guard_client_updates()
    guard_client_updates()  # idempotent
    assert is_guarded()
    _update(html, value=MARKUP)
    assert html.value == "before"


def test_markup_sent_to_an_html_widget_or_a_label_is_ignored() -> None:
    html, label = widgets.HTML("<b>Title</b>"), widgets.Label("Volume")
    _update(html, value=MARKUP)
    _update(label, value=MARKUP)
    assert (html.value, label.value) == ("<b>Title</b>", "Volume")


def test_an_enabled_text_input_takes_its_value_and_nothing_else() -> None:
    text = widgets.Text("old", description="Title")
    _update(text, value="new", description=MARKUP, disabled=True)
    assert (text.value, text.description, text.disabled) == ("new", "Title", False)


def test_a_disabled_input_keeps_its_value() -> None:
    text, box = widgets.Text("sealed", disabled=True), widgets.Checkbox(False, disabled=True)
    _update(text, value="changed")
    _update(box, value=True)
    assert (text.value, box.value) == ("sealed", False)


def test_a_choice_moves_only_through_its_index() -> None:
    choice = widgets.Dropdown(options=["a", "b", "c"], value="a")
    _update(choice, index=2)
    assert choice.value == "c"
    _update(choice, options=["<script>"], value="b")
    assert choice.options == ("a", "b", "c")
    assert choice.value == "c"


def test_numbers_check_boxes_and_tabs_take_their_input() -> None:
    number, box, tabs = widgets.FloatText(1.0), widgets.Checkbox(False), widgets.Tab()
    tabs.children = [widgets.HTML(), widgets.HTML()]
    _update(number, value=2.5)
    _update(box, value=True)
    _update(tabs, selected_index=1)
    assert (number.value, box.value, tabs.selected_index) == (2.5, True, 1)


def test_layouts_boxes_and_outputs_take_nothing() -> None:
    box, out = widgets.VBox([]), widgets.Output()
    _update(box.layout, display="none")
    _update(box, children=[])
    _update(out, outputs=({"output_type": "display_data", "data": {"text/html": MARKUP}},))
    assert box.layout.display is None
    assert out.outputs == ()


def test_an_upload_keeps_its_file_and_drops_anything_else() -> None:
    upload = widgets.FileUpload()
    seen: list[Any] = []
    upload.observe(lambda change: seen.append(change["new"]), "value")
    state = {
        "value": [{"name": "case.json", "type": "application/json", "size": 2, "last_modified": 0}],
        "description": MARKUP,
    }
    _deliver(
        upload,
        {"method": "update", "state": state, "buffer_paths": [["value", 0, "content"]]},
        [b"{}"],
    )
    assert upload.description == "Upload"
    assert bytes(seen[0][0]["content"]) == b"{}"


def test_only_an_enabled_button_clicks() -> None:
    clicks: list[str] = []
    on, off = widgets.Button(description="on"), widgets.Button(description="off", disabled=True)
    on.on_click(lambda b: clicks.append(b.description))
    off.on_click(lambda b: clicks.append(b.description))
    for button in (on, off):
        _deliver(button, {"method": "custom", "content": {"event": "click"}})
    assert clicks == ["on"]
    html = widgets.HTML()
    html.on_msg(lambda *_: clicks.append("html"))
    _deliver(html, {"method": "custom", "content": {"event": "click"}})
    assert clicks == ["on"]


def test_a_click_on_toggle_buttons_chooses_and_is_not_refused() -> None:
    """The browser sends the index it chose, then a custom "click" (the workbook's tabs)."""
    tabs = widgets.ToggleButtons(options=[("A", "a"), ("B", "b")], value="a")
    clicks: list[Any] = []
    tabs.on_msg(lambda _widget, content, _buffers: clicks.append(content))
    _deliver(tabs, {"method": "update", "state": {"index": 1}})
    _deliver(tabs, {"method": "custom", "content": {"event": "click"}})
    assert tabs.value == "b"
    assert clicks == [{"event": "click"}]
    tabs.disabled = True
    _deliver(tabs, {"method": "custom", "content": {"event": "click"}})
    assert len(clicks) == 1


def test_writable_traits_name_the_inputs() -> None:
    assert writable_traits(widgets.Password()) == {"value"}
    assert writable_traits(widgets.SelectMultiple()) == {"index"}
    assert writable_traits(widgets.Button()) == frozenset()
    assert writable_traits(widgets.HTMLMath()) == frozenset()
