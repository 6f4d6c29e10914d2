"""The figures a worksheet draws as it opens, caught on their way to the page's chart slots."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from negotiation_lib import catalog
from negotiation_lib.worksheets.app import load_document
from negotiation_lib.worksheets.page import FigureSlot
from negotiation_lib.worksheets.shared_models import sharing_models


def page_figures(sheet: str, case: str) -> list[go.Figure]:
    """Every figure ``sheet`` draws on the sample case ``case`` as it opens, in order."""
    shown: list[go.Figure] = []
    real = FigureSlot.show

    def spy(slot: FigureSlot, fig: go.Figure) -> None:
        shown.append(fig)
        real(slot, fig)

    doc, query, error = load_document("", case)
    assert error is None
    with pytest.MonkeyPatch.context() as patch, sharing_models():
        patch.setattr(FigureSlot, "show", spy)
        catalog.worksheet(sheet).page_class()(doc, query=query)
    return shown
