"""One look for every chart of the workbook: palette, fonts, number formats, safe text.

Numbers are written by :mod:`negotiation_lib.formatting` (this module's ``number``, ``money``
and ``signed_money`` are its functions with the charts' defaults, and ``percent`` and
``safe`` are its ``percent`` and ``escape``).

Every figure module builds its layout with :func:`base_layout` (or :func:`new_figure`), so the
worksheets share a restrained, professional template: white background, light grid, one
colour for the seller and one for the customer, green for what is good or fair, orange and
red for warnings.

Plotly renders a subset of HTML inside text (``<b>``, ``<br>``, ``<a href=…>``), and names of
drivers, moves, discounts, packages, parties and priorities are typed by trainees. Every such
string goes through :func:`safe` before it reaches a title, trace name, tick label, annotation or
hover text; :func:`wrap` escapes too, then breaks the line with markup of our own.
"""

from __future__ import annotations

import textwrap
from typing import Any

import plotly.graph_objects as go

from negotiation_lib import formatting
from negotiation_lib.figures.config import CHART_CONFIG
from negotiation_lib.formatting import escape, percent

__all__ = [
    "BAD",
    "BAND_FILL",
    "CHART_CONFIG",
    "CUSTOMER",
    "CUSTOMER_FILL",
    "CUSTOMER_LIGHT",
    "FONT_FAMILY",
    "GOOD",
    "GOOD_FILL",
    "GRID",
    "INK",
    "MONEY_FORMAT",
    "MUTED",
    "NEUTRAL",
    "SELLER",
    "SELLER_FILL",
    "SELLER_LIGHT",
    "TEMPLATE",
    "WARN",
    "WARN_FILL",
    "base_layout",
    "layout_spec",
    "money",
    "new_figure",
    "number",
    "percent",
    "safe",
    "signed_money",
    "wrap",
]

SELLER = "#1F4E79"
"""The seller's colour (deep blue)."""
CUSTOMER = "#7A4E9C"
"""The customer's colour (plum)."""
GOOD = "#2E7D32"
"""Good, fair, win-win (green)."""
WARN = "#E07000"
"""Needs attention (orange)."""
BAD = "#C0392B"
"""A loss, a breach, a move to avoid (red)."""
NEUTRAL = "#8A949E"
"""Reference levels and context (grey)."""
MUTED = "#C7CDD3"
"""Things that are not in play (light grey)."""
INK = "#263238"
"""Text."""
GRID = "#E6E9EC"
"""Grid lines."""

SELLER_FILL = "rgba(31, 78, 121, 0.18)"
SELLER_LIGHT = "#9DB7D5"
CUSTOMER_FILL = "rgba(122, 78, 156, 0.18)"
CUSTOMER_LIGHT = "#C7B1DA"
GOOD_FILL = "rgba(46, 125, 50, 0.10)"
WARN_FILL = "rgba(224, 112, 0, 0.10)"
BAND_FILL = "rgba(46, 125, 50, 0.14)"

FONT_FAMILY = "Inter, 'Source Sans Pro', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif"


MONEY_FORMAT = ",.2~f"
"""d3 format of money in hover text: thousands separators, at most two decimals."""

_AXIS = {
    "gridcolor": GRID,
    "linecolor": "#B0B8BF",
    "zerolinecolor": "#B0B8BF",
    "zerolinewidth": 1,
    "ticks": "outside",
    "tickcolor": "#B0B8BF",
    "ticklen": 4,
    "title": {"font": {"size": 13, "color": INK}, "standoff": 10},
    "automargin": True,
    # Ticks as formatting.number writes numbers: 11,790, never plotly's 11.79k.
    "exponentformat": "none",
    "separatethousands": True,
}

TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": FONT_FAMILY, "size": 13, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": [SELLER, CUSTOMER, GOOD, WARN, NEUTRAL, BAD],
        "margin": {"l": 70, "r": 30, "t": 96, "b": 64},
        "hovermode": "closest",
        "hoverlabel": {
            "bgcolor": "white",
            "bordercolor": "#B0B8BF",
            "font": {"family": FONT_FAMILY, "size": 12, "color": INK},
            "align": "left",
        },
        "legend": {
            "bgcolor": "rgba(255, 255, 255, 0.85)",
            "font": {"size": 12},
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "xanchor": "left",
            "x": 0.0,
        },
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "separators": ".,",
        "bargap": 0.35,
    }
)
"""The shared plotly template (applied by :func:`base_layout`)."""


safe = escape
"""The one escape (:func:`negotiation_lib.formatting.escape`), under this module's old name.

Examples
--------
>>> safe("<img src=x onerror=alert(1)>")
'&lt;img src=x onerror=alert(1)&gt;'
"""


def wrap(text: object, width: int = 18, *, max_lines: int = 3) -> str:
    """Escape user-typed text and break it into short lines for a tick label or a marker.

    Parameters
    ----------
    text
        The raw text.
    width
        Characters per line.
    max_lines
        Lines kept; the last one ends with an ellipsis when the text is longer.

    Returns
    -------
    str
        The escaped lines joined by ``<br>``.

    Examples
    --------
    >>> wrap("Cut lead time <now>", 10)
    'Cut lead<br>time &lt;now&gt;'
    >>> wrap("A very long driver name", 10, max_lines=2)
    'A very<br>long…'
    """
    lines = textwrap.wrap(str(text), width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, width - 1)].rstrip() + "…"
    return "<br>".join(safe(line) for line in lines)


# The old signatures of this module: at most two decimals, trailing zeros dropped, HTML-safe
# (chart text is read as markup). Each is the formatting module's function, trimmed and escaped;
# the number policy itself lives there only.


def number(x: float | None, decimals: int = 2) -> str:
    """A number with at most ``decimals`` decimals, trailing zeros dropped.

    :func:`negotiation_lib.formatting.number` with ``trim=True``.

    Examples
    --------
    >>> number(11812.5), number(15000.0), number(-0.004), number(0.064, 3), number(-600)
    ('11,812.5', '15,000', '0', '0.064', '−600')
    """
    return formatting.number(x, decimals, trim=True)


def money(x: float | None, currency: str, decimals: int = 2) -> str:
    """An amount of money for chart text: trimmed, and escaped (the currency is typed by users).

    :func:`negotiation_lib.formatting.money` with ``trim=True``, then :func:`safe`.

    Examples
    --------
    >>> money(1046.25, "USD"), money(-90000, "EUR", 0), money(5, "<b>")
    ('1,046.25 USD', '−90,000 EUR', '5 &lt;b&gt;')
    """
    return escape(formatting.money(x, currency, decimals, trim=True))


def signed_money(x: float, currency: str, decimals: int = 2) -> str:
    """A change in money with its sign always shown, for chart text (trimmed and escaped).

    :func:`negotiation_lib.formatting.signed_money` with ``trim=True``, then :func:`safe`.

    Examples
    --------
    >>> signed_money(2500, "EUR"), signed_money(-600, "EUR")
    ('+2,500 EUR', '−600 EUR')
    """
    return escape(formatting.signed_money(x, currency, decimals, trim=True))


TITLE_CHARS = 64
"""Characters of a chart title on one line; a longer title wraps (the narrowest charts)."""


def _title_lines(title: str) -> list[str]:
    """A chart title as lines: one when it fits, else two, broken after its colon if any.

    Titles with markup of their own stay as they are (their tags must not be cut).

    Examples
    --------
    >>> _title_lines("Short title")
    ['Short title']
    >>> _title_lines("Where to compete, where not: the customer's cooperation against "
    ...              "competitors' retaliation")
    ['Where to compete, where not:', "the customer's cooperation against competitors' retaliation"]
    """
    if len(title) <= TITLE_CHARS or "<" in title:
        return [title]
    head, colon, tail = title.partition(": ")
    if colon:
        return [head + ":", tail]
    return textwrap.wrap(title, width=(len(title) + 1) // 2 + 8, max_lines=2, placeholder="…")


def base_layout(title: str, *, subtitle: str | None = None, height: int = 520) -> go.Layout:
    """Build the shared layout: the template, a plain-words title and an optional subtitle.

    Parameters
    ----------
    title
        Plotly text; any user-typed part must already have gone through :func:`safe`.
    subtitle
        Smaller text under the title (same rule for user-typed text); each ``<br>`` in it
        adds a line, and the top margin and height grow to fit.
    height
        Figure height in pixels.

    Returns
    -------
    plotly.graph_objects.Layout
    """
    layout: go.Layout = go.Layout(template=TEMPLATE, **layout_spec(title, subtitle, height))
    return layout


def layout_spec(title: str, subtitle: str | None = None, height: int = 520) -> dict[str, Any]:
    """The shared layout of :func:`base_layout` as plain data, without the template.

    Examples
    --------
    >>> spec = layout_spec("Short title", height=300)
    >>> spec["title"]["text"], spec["height"], spec["margin"]
    ('Short title', 300, {'t': 96})
    """
    # A long title goes on two lines: a chart half a page wide shows about 64 characters.
    title_lines = _title_lines(title)
    title_spec: dict[str, object] = {
        "text": "<br>".join(title_lines),
        "x": 0.015,
        "xref": "container",
        "xanchor": "left",
        "y": 0.97,
        "yref": "container",
        "yanchor": "top",
        "font": {"size": 17, "color": INK},
    }
    if subtitle:
        title_spec["subtitle"] = {"text": subtitle, "font": {"size": 12.5, "color": "#5F6B75"}}
    # Each extra subtitle line pushes the plot down by one line height.
    extra = 16 * subtitle.count("<br>") if subtitle else 0
    extra += 22 * (len(title_lines) - 1)
    return {"title": title_spec, "height": height + extra, "margin": {"t": 96 + extra}}


def apply_base_layout(
    fig: go.Figure, title: str, *, subtitle: str | None = None, height: int = 520
) -> None:
    """Give an existing figure (from ``make_subplots``) the shared layout of :func:`base_layout`.

    The template is assigned first and the rest merged after: merging a layout that carries
    the template walks every template property against the figure's (~70 ms a figure, most of
    a keystroke's redraw), assigning it takes ~1 ms.

    Parameters
    ----------
    fig
        The figure to style, in place.
    title, subtitle, height
        See :func:`base_layout`.
    """
    layout = base_layout(title, subtitle=subtitle, height=height).to_plotly_json()
    fig.layout.template = layout.pop("template")
    fig.update_layout(layout)


def new_figure(title: str, *, subtitle: str | None = None, height: int = 520) -> go.Figure:
    """Start an empty figure with :func:`base_layout`.

    Parameters
    ----------
    title, subtitle, height
        See :func:`base_layout`.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    fig: go.Figure = go.Figure(layout=base_layout(title, subtitle=subtitle, height=height))
    return fig
