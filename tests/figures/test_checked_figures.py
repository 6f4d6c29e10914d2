"""Figures built without plotly's checks are the figures plotly's checks would build.

Pages assemble the economics charts without plotly's property checks
(:func:`negotiation_lib.figures.config.checking_figures`); the test suite turns the checks on
(``tests/conftest.py``). Here both ways are compared on every chart of the transparent
economics page, for every sample case, and a misspelt property is shown to fail when checked.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from negotiation_lib.figures.config import CHECK_FIGURES_ENV, checking_figures
from negotiation_lib.figures.transparent_economics.common import figure
from negotiation_lib.worksheets.app import practice_case_names
from tests.figures.page_figures import page_figures


def test_the_suite_checks_every_figure() -> None:
    assert checking_figures()


@pytest.mark.parametrize("case", practice_case_names())
def test_unchecked_figures_write_the_json_of_checked_ones(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CHECK_FIGURES_ENV, "0")
    unchecked = page_figures("transparent_economics", case)
    monkeypatch.setenv(CHECK_FIGURES_ENV, "1")
    checked = page_figures("transparent_economics", case)
    assert len(unchecked) == len(checked) >= 6
    for fast, slow in zip(unchecked, checked, strict=True):
        assert json.loads(fast.to_json()) == json.loads(slow.to_json())
        # Each page figure, read back by plotly with every check on, is the same figure.
        assert json.loads(go.Figure(json.loads(fast.to_json())).to_json()) == json.loads(
            slow.to_json()
        )


def test_a_misspelt_property_fails_when_checked_and_passes_unchecked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trace = {"type": "bar", "x": ["a"], "y": [1], "colour": "red"}
    with pytest.raises(ValueError, match="colour"):
        figure("A chart", data=[trace], layout={})
    monkeypatch.setenv(CHECK_FIGURES_ENV, "")
    assert not checking_figures()
    figure("A chart", data=[trace], layout={})  # unchecked: plotly takes it as it is
