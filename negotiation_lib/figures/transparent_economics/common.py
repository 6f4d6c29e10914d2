"""What the transparent-economics charts share: how a figure is made, notes, two panels.

The charts are written as plain plotly specs (dicts and lists) and turned into a
:class:`plotly.graph_objects.Figure` once, by :func:`figure`. Building a figure step by step
(``add_trace``, ``update_layout``, ``make_subplots``, ``add_hline``) validates and merges the
whole figure again at every step: the six charts of the worksheet cost about 90 ms of kernel
time that way against about 20 ms built at once, and a keystroke on the worksheet may redraw
all six. Assembled from plain data, the figure needs no check by plotly on the page (an
unchecked build takes a fifth of the time and writes the same JSON); the test suite checks
every figure it builds (:func:`negotiation_lib.figures.config.checking_figures`).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import plotly.graph_objects as go

from negotiation_lib.figures.config import checking_figures
from negotiation_lib.figures.style import INK, NEUTRAL, TEMPLATE, layout_spec

__all__ = [
    "Spec",
    "figure",
    "grid",
    "hline",
    "note",
    "npv_of",
    "panel_suffix",
    "settled",
    "side_by_side",
    "vline",
]

Spec = dict[str, Any]
"""A part of a plotly figure written as plain data: a trace, a layout, a shape, a note."""


def npv_of(role: str, party: str) -> str:
    """The name of one side's NPV: its role first, then its name (``Seller's NPV (PumpCo)``).

    The two NPVs of the economics worksheet always carry both, on tiles, legends, axes and
    hover text alike, so that the seller's and the customer's can never be taken for each
    other (the party's name is already escaped).

    Examples
    --------
    >>> npv_of("Seller", "PumpCo"), npv_of("Customer", "Acme Foods")
    ("Seller's NPV (PumpCo)", "Customer's NPV (Acme Foods)")
    """
    return f"{role}'s NPV ({party})"


def _merge(base: Spec, extra: Spec) -> Spec:
    """Merge ``extra`` into ``base`` key by key, nested dicts included (like ``update_layout``)."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def figure(
    title: str,
    *,
    subtitle: str | None = None,
    height: int = 520,
    data: Sequence[Spec],
    layout: Spec,
) -> go.Figure:
    """Make a figure with the shared look from its traces and layout, in one step.

    Parameters
    ----------
    title, subtitle, height
        As for :func:`negotiation_lib.figures.style.base_layout` (user-typed text escaped).
    data
        The traces, as plotly specs (``{"type": "scatter", ...}``).
    layout
        Layout properties merged over the shared layout, nested dicts key by key.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    base = layout_spec(title, subtitle=subtitle, height=height)
    base["template"] = copy.deepcopy(_template())
    spec = {"data": list(data), "layout": _merge(base, layout)}
    fig: go.Figure = go.Figure(spec, _validate=checking_figures())
    return fig


@cache
def _template() -> Spec:
    """The shared template as plain data (turning the template into data takes ~4 ms)."""
    template: Spec = TEMPLATE.to_plotly_json()
    return template


def note(text: str, *, x: float = 0.5, y: float = 0.5, colour: str = NEUTRAL) -> Spec:
    """A note placed on the plotting area (paper coordinates), without an arrow."""
    return {
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "font": {"color": colour, "size": 13},
    }


def side_by_side(titles: tuple[str, str], spacing: float) -> Spec:
    """The layout of two panels side by side that share their vertical axis.

    The same axes and panel titles as ``make_subplots(rows=1, cols=2, shared_yaxes=True,
    horizontal_spacing=spacing, subplot_titles=titles)``, without its cost. Traces of the right
    panel name ``xaxis="x2", yaxis="y2"``.
    """
    width = (1.0 - spacing) / 2
    domains = ([0.0, width], [1.0 - width, 1.0])
    return {
        "xaxis": {"anchor": "y", "domain": domains[0]},
        "yaxis": {"anchor": "x", "domain": [0.0, 1.0]},
        "xaxis2": {"anchor": "y2", "domain": domains[1]},
        "yaxis2": {"anchor": "x2", "domain": [0.0, 1.0], "matches": "y", "showticklabels": False},
        "annotations": [
            {
                "text": text,
                "x": (domain[0] + domain[1]) / 2,
                "xanchor": "center",
                "xref": "paper",
                "y": 1.0,
                "yanchor": "bottom",
                "yref": "paper",
                "showarrow": False,
                "font": {"size": 13, "color": INK},
            }
            for text, domain in zip(titles, domains, strict=True)
        ],
    }


def grid(titles: Sequence[str], *, rows: int, spacing: tuple[float, float]) -> Spec:
    """The layout of ``rows`` rows of two panels; each column's panels share their y axis.

    Panels are numbered left to right, top to bottom; panel ``k`` (from 0) uses the axes
    ``x{s}``/``y{s}`` with ``s = panel_suffix(k)``. A column is one party, so its panels are
    read on one scale and the two parties each keep a scale of their own. Each panel's title
    sits just above it; ``spacing`` is the (horizontal, vertical) gap as a share of the figure,
    the vertical one leaving room for those titles.
    """
    h_gap, v_gap = spacing
    width = (1.0 - h_gap) / 2
    height = (1.0 - v_gap * (rows - 1)) / rows
    layout: Spec = {"annotations": []}
    for k, text in enumerate(titles):
        row, col = divmod(k, 2)
        s = panel_suffix(k)
        x_domain = [0.0, width] if col == 0 else [1.0 - width, 1.0]
        top = 1.0 - row * (height + v_gap)
        y_domain = [max(0.0, top - height), top]
        layout[f"xaxis{s}"] = {"anchor": f"y{s}", "domain": x_domain}
        layout[f"yaxis{s}"] = {"anchor": f"x{s}", "domain": y_domain}
        if row > 0:
            layout[f"yaxis{s}"]["matches"] = f"y{panel_suffix(col)}"
        layout["annotations"].append(
            {
                "text": text,
                "x": (x_domain[0] + x_domain[1]) / 2,
                "xanchor": "center",
                "xref": "paper",
                "y": top,
                "yanchor": "bottom",
                "yref": "paper",
                "showarrow": False,
                "font": {"size": 12.5, "color": INK},
            }
        )
    return layout


def panel_suffix(k: int) -> str:
    """The axis suffix of panel ``k`` (from 0): ``""``, ``"2"``, ``"3"``, ...

    Examples
    --------
    >>> [panel_suffix(k) for k in range(3)]
    ['', '2', '3']
    """
    return "" if k == 0 else str(k + 1)


def hline(y: float, line: Spec, *, panel: str = "") -> Spec:
    """A horizontal line across one panel (``panel`` is ``""`` or ``"2"``), as ``add_hline``."""
    return {
        "type": "line",
        "x0": 0,
        "x1": 1,
        "xref": f"x{panel} domain",
        "y0": y,
        "y1": y,
        "yref": f"y{panel}",
        "line": line,
    }


def vline(x: float, line: Spec, *, panel: str = "") -> Spec:
    """A vertical line across one panel (``panel`` is ``""`` or ``"2"``), as ``add_vline``."""
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "xref": f"x{panel}",
        "y0": 0,
        "y1": 1,
        "yref": f"y{panel} domain",
        "line": line,
    }


def settled(curves: Sequence[np.ndarray], *, crossover: int | None, horizon: int) -> int:
    """Return the repetition by which every curve has covered 99% of its final change.

    Most of a relationship's value arrives early: an axis that stops there (with some margin,
    and never before the crossover) shows the curves, not a long flat tail.
    """
    last = 0
    for values in curves:
        start, end = float(values[0]), float(values[-1])
        span = abs(end - start)
        if span == 0:
            continue
        done = np.flatnonzero(np.abs(values - start) >= 0.99 * span)
        last = max(last, int(done[0]) if done.size else horizon - 1)
    if crossover is not None:
        last = max(last, crossover)
    return max(min(horizon - 1, int(last * 1.15) + 2), 1)
