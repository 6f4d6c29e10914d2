"""A chart slot sends its first figure as plotly's bundle and every later one as an update.

The update's effect in a real browser is checked in ``tests/browser/test_page_scripts.py``;
here, what the kernel sends and when.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go

from negotiation_lib.worksheets.page import MIME_PLOTLY, FigureSlot


def _bar(y: list[float]) -> go.Figure:
    return go.Figure(go.Bar(x=["a", "b"], y=y))


def _script(slot: FigureSlot) -> str:
    source: str = slot._script.outputs[0]["data"]["application/javascript"]
    return source


def test_the_first_figure_is_the_charts_bundle_at_the_slots_height() -> None:
    slot = FigureSlot(310)
    slot.show(_bar([1, 2]))
    (output,) = slot._chart.outputs
    assert output["data"][MIME_PLOTLY]["data"][0]["y"] == [1, 2]
    assert output["data"][MIME_PLOTLY]["layout"]["height"] == 310
    assert slot._script.outputs == ()


def test_a_later_figure_updates_the_drawn_chart_and_leaves_its_bundle_alone() -> None:
    slot = FigureSlot()
    slot.show(_bar([1, 2]))
    first = slot._chart.outputs
    slot.show(_bar([3, 4]))
    assert slot._chart.outputs is first  # the page does not tear the chart down
    source = _script(slot)
    assert f'"{slot._chart.model_id}", 1, ' in source  # this chart, first update
    figure = json.loads(source[source.index(", 1, ") + 5 : source.rindex(");")])
    assert figure["data"][0]["y"] == [3, 4]
    slot.show(_bar([5, 6]))
    assert f'"{slot._chart.model_id}", 2, ' in _script(slot)
    assert slot.figure is not None
    assert list(slot.figure.data[0].y) == [5, 6]


def test_an_unchanged_figure_sends_nothing() -> None:
    slot = FigureSlot()
    slot.show(_bar([1, 2]))
    slot.show(_bar([3, 4]))
    sent = slot._script.outputs
    slot.show(_bar([3, 4]))
    assert slot._script.outputs is sent


def test_the_chart_box_is_marked_for_the_page_and_its_update_script() -> None:
    slot = FigureSlot()
    assert "nw-chart" in slot.widget._dom_classes
    assert f"nw-chart-{slot._chart.model_id}" in slot._chart._dom_classes
