"""How plotly.js shows every chart on a page, kept apart from the figures' code.

A page needs this before any chart exists (its chart frames are drawn empty), and importing it
must not import plotly: the home page, which draws no chart, then never loads it.
"""

from __future__ import annotations

__all__ = ["CHART_CONFIG"]

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
