"""How plotly.js shows every chart on a page, kept apart from the figures' code.

A page needs this before any chart exists (its chart frames are drawn empty), and importing it
must not import plotly: the home page, which draws no chart, then never loads it.
"""

from __future__ import annotations

import os

__all__ = ["CHART_CONFIG", "CHECK_FIGURES_ENV", "checking_figures"]

CHART_CONFIG: dict[str, object] = {
    "displayModeBar": False,
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showTips": False,
}
"""plotly.js's configuration of every chart on a page: no toolbar, no logo, no links.

The toolbar's buttons (zoom, pan, download) and its "Produced with plotly" logo, a link to
plotly's site, are tools for analysts; on a worksheet they cover the chart's title and lead away
from the page. Charts are read, not edited; an analyst has the notebooks.
"""


CHECK_FIGURES_ENV = "NEGOTIATION_WORKBOOK_CHECK_FIGURES"
"""Set (to anything but ``0`` or empty), every figure is checked by plotly as it is built.

Figures redrawn on a keystroke are assembled without plotly's property checks (the economics
worksheet's nine charts: 11 ms instead of 50 ms of kernel time). The test suite sets it, so
every figure a test builds is checked, and a misspelt property fails there.
"""


def checking_figures() -> bool:
    """Whether figures are checked by plotly as they are built (:data:`CHECK_FIGURES_ENV`)."""
    return os.environ.get(CHECK_FIGURES_ENV, "") not in ("", "0")
