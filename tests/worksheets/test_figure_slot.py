"""A chart slot sends its first figure with the chart and every later one as an update.

What the scripts do in a real browser is checked in ``tests/browser/test_page_scripts.py``;
here, what the kernel sends and when.
"""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go

from negotiation_lib.figures.style import CHART_CONFIG
from negotiation_lib.worksheets.page import FigureSlot, plotly_warmup

JS = "application/javascript"
CONFIG = json.dumps(CHART_CONFIG)
"""plotly.js's configuration, sent after the figure and its target (no toolbar, no logo)."""


def _bar(y: list[float]) -> go.Figure:
    return go.Figure(go.Bar(x=["a", "b"], y=y))


def _sent(source: str, seq: int, end: str) -> dict[str, Any]:
    """The figure a chart script carries, checking its sequence number and target."""
    head = f", {seq}, "
    assert head in source
    assert source.endswith(end)
    figure: dict[str, Any] = json.loads(source[source.index(head) + len(head) : -len(end)])
    return figure


def test_the_first_figure_is_drawn_in_the_charts_own_area_at_the_slots_height() -> None:
    slot = FigureSlot(310)
    slot.show(_bar([1, 2]))
    (output,) = slot._chart.outputs
    source = output["data"][JS]
    assert f'window.nwChart("{slot._chart.model_id}", 0, ' in source
    figure = _sent(source, 0, f", element, {CONFIG});\n")
    assert figure["data"][0]["y"] == [1, 2]
    assert figure["layout"]["height"] == 310
    assert slot._script.outputs == ()


def test_a_later_figure_updates_the_drawn_chart_and_leaves_its_area_alone() -> None:
    slot = FigureSlot()
    slot.show(_bar([1, 2]))
    first = slot._chart.outputs
    slot.show(_bar([3, 4]))
    assert slot._chart.outputs is first  # the page does not tear the chart down
    source = slot._script.outputs[0]["data"][JS]
    assert f'("{slot._chart.model_id}", 1, ' in source
    assert _sent(source, 1, f", null, {CONFIG});\n")["data"][0]["y"] == [3, 4]
    slot.show(_bar([5, 6]))
    later = slot._script.outputs[0]["data"][JS]
    assert _sent(later, 2, f", null, {CONFIG});\n")["data"][0]["y"] == [5, 6]
    assert slot.figure is not None
    assert list(slot.figure.data[0].y) == [5, 6]


def test_only_the_first_figure_carries_the_chart_script() -> None:
    # The update is the figure and a call: chart.js (its definition of nwChart) came with the
    # first figure and is not sent again with every redraw.
    slot = FigureSlot()
    slot.show(_bar([1, 2]))
    slot.show(_bar([3, 4]))
    first = slot._chart.outputs[0]["data"][JS]
    update = slot._script.outputs[0]["data"][JS]
    assert slot.figure is not None
    definition = "window.nwChart = window.nwChart || function"
    assert definition in first
    assert definition not in update
    assert len(update) < len(json.dumps(json.loads(slot.figure.to_json()))) + 500


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


def test_the_chart_library_is_sent_once_and_only_when_the_page_asks() -> None:
    box = plotly_warmup()
    button, area = box.children
    assert JS in area.outputs[0]["data"]  # the script that asks once the page is painted
    button.click()
    (sent,) = area.outputs
    assert "application/vnd.plotly.v1+json" in sent["data"]
    button.click()
    assert area.outputs[0] is sent


def test_charts_are_drawn_without_plotlys_toolbar_logo_or_links() -> None:
    slot = FigureSlot()
    slot.show(_bar([1, 2]))
    slot.show(_bar([3, 4]))
    for source in (slot._chart.outputs[0]["data"][JS], slot._script.outputs[0]["data"][JS]):
        # The configuration is the call's last argument: the JSON object before ");".
        config = json.loads(source[source.rindex(", {") + 2 : -len(");\n")])
        assert config["displayModeBar"] is False  # no toolbar over the chart
        assert config["displaylogo"] is False  # no "Produced with plotly" link
        assert config["showLink"] is False
