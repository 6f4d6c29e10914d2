"""A chart's JSON, written without plotly's copies, is plotly's own JSON character for character.

:func:`negotiation_lib.figures.serialize.figure_json` reads the figure's own data instead of
the deep copy ``Figure.to_json`` makes. It is compared here with ``to_json`` on every chart
the three worksheets draw as they open, for every sample case, checked and unchecked, and on
the corner cases plotly treats apart (arrays kept as lists, missing numbers, text that would end
a script, animation frames).
"""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from negotiation_lib.figures.config import CHECK_FIGURES_ENV
from negotiation_lib.figures.serialize import figure_json
from negotiation_lib.worksheets.app import practice_case_names
from tests.figures.page_figures import page_figures

SHEETS = ("value_proposition", "transparent_economics", "win_win")


@pytest.mark.parametrize("checked", ["1", "0"])
@pytest.mark.parametrize("case", practice_case_names())
@pytest.mark.parametrize("sheet", SHEETS)
def test_every_chart_of_a_page_is_written_as_plotly_writes_it(
    sheet: str, case: str, checked: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CHECK_FIGURES_ENV, checked)
    figures = page_figures(sheet, case)
    assert figures, f"{sheet} drew no chart on {case}"
    for fig in figures:
        ours = figure_json(fig)
        assert ours == fig.to_json()
        assert figure_json(fig) == ours  # writing it changed nothing in the figure


def test_arrays_become_typed_arrays_except_where_plotly_keeps_lists() -> None:
    fig = go.Figure(
        {
            "data": [{"type": "scatter", "x": np.arange(3), "y": np.array([0.5, 1.5, 2.5])}],
            "layout": {"xaxis": {"range": np.array([0.0, 2.0])}},
        }
    )
    written = json.loads(figure_json(fig))
    assert written["data"][0]["y"]["dtype"] == "f8"
    assert written["data"][0]["x"]["dtype"] == "i1"  # small integers shrunk, as plotly does
    assert written["layout"]["xaxis"]["range"] == [0.0, 2.0]
    assert figure_json(fig) == fig.to_json()


def test_missing_numbers_are_null_and_text_cannot_end_a_script() -> None:
    fig = go.Figure(
        {
            "data": [{"type": "bar", "x": ["</script><b>x</b>"], "y": [float("nan")]}],
            "layout": {"title": {"text": "a/b"}},
        }
    )
    text = figure_json(fig)
    for unsafe in "<>/":
        assert unsafe not in text
    assert json.loads(text)["data"][0]["y"] == [None]
    assert json.loads(text)["data"][0]["x"] == ["</script><b>x</b>"]
    assert text == fig.to_json()


def test_trace_ids_are_left_out_and_frames_are_kept() -> None:
    fig = go.Figure({"data": [{"type": "bar", "x": [1], "y": [2], "uid": "abc"}]})
    assert "uid" not in json.loads(figure_json(fig))["data"][0]
    animated = go.Figure(
        {"data": [{"type": "bar", "y": [1]}], "frames": [{"data": [{"type": "bar", "y": [2]}]}]}
    )
    assert json.loads(figure_json(animated))["frames"][0]["data"][0]["y"] == [2]
    assert figure_json(animated) == animated.to_json()


def test_pandas_columns_are_written_as_plotly_writes_them() -> None:
    import pandas as pd

    column = pd.Series([1.25, 2.5], name="y")
    fig = go.Figure({"data": [{"type": "bar", "x": pd.Index(["a", "b"]), "y": column}]})
    assert json.loads(figure_json(fig))["data"][0]["y"]["dtype"] == "f8"
    assert figure_json(fig) == fig.to_json()
