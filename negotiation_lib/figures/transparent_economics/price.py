"""The price charts of the open book: the waterfall, the zone of possible agreement, the split.

Each function takes an :class:`~negotiation_lib.domain.economics.EconomicsResult` and returns a
:class:`plotly.graph_objects.Figure`; nothing here computes a number the domain layer owns.
"""

from __future__ import annotations

import plotly.graph_objects as go

from negotiation_lib.domain.economics import EconomicsResult
from negotiation_lib.figures.style import (
    BAD,
    BAND_FILL,
    CUSTOMER,
    CUSTOMER_LIGHT,
    GOOD,
    INK,
    NEUTRAL,
    SELLER,
    SELLER_LIGHT,
    WARN,
    safe,
    wrap,
)
from negotiation_lib.figures.transparent_economics.common import Spec, figure
from negotiation_lib.formatting import d3_format, money, percent, price_decimals, signed_money
from negotiation_lib.vocabulary import FLAG_SHORT, principle_label

__all__ = ["price_waterfall", "value_split", "zopa_band"]

_LEVELS = ("list", "invoice", "pocket")
"""Waterfall stages that are price levels (bars from zero) rather than discounts."""


def _price(x: float, currency: str, decimals: int) -> str:
    """A price for a chart label, with the case's decimals for prices (as its tiles write it).

    ``currency`` is already escaped; :func:`negotiation_lib.formatting.price_decimals` gives
    ``decimals``.
    """
    return money(x, currency, decimals)


# --------------------------------------------------------------------------- price waterfall


def price_waterfall(result: EconomicsResult, *, currency: str, unit: str) -> go.Figure:
    """Draw the price waterfall from list price to pocket price (Marn and Rosiello).

    Parameters
    ----------
    result
        From :func:`negotiation_lib.domain.economics.case_economics`; its ``waterfall`` gives
        the bars and its ``flags`` mark discounts without a principle or larger than the saving
        they cite.
    currency, unit
        The case's currency code and unit.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``go.Waterfall``: list price (absolute), each discount (down), invoice price and
        pocket price (totals); flagged discounts are labelled in orange. When the result
        evaluates another price than the waterfall's, a dotted line marks it. The vertical
        axis starts near the lowest price, not at zero, so that the discounts stay readable;
        the subtitle says so.
    """
    c, u = safe(currency), safe(unit)
    d = price_decimals(result.fair_price_per_unit)
    steps = result.waterfall
    flagged: dict[str, list[str]] = {}
    for flag in result.flags:
        if flag.discount is not None and flag.code in FLAG_SHORT:
            flagged.setdefault(flag.discount, []).append(FLAG_SHORT[flag.code])

    measure: list[str] = []
    y: list[float] = []
    text: list[str] = []
    colours: list[str] = []
    hover: list[list[str]] = []
    for s in steps:
        is_level = s.stage in _LEVELS
        measure.append("absolute" if s.stage == "list" else ("total" if is_level else "relative"))
        y.append(s.amount_per_unit if is_level else -s.amount_per_unit)
        notes = flagged.get(s.name, [])
        if is_level:
            text.append(f"<b>{_price(s.amount_per_unit, c, d)}</b>")
            hover.append([safe(s.name), _price(s.amount_per_unit, c, d), ""])
        else:
            where = "on invoice" if s.stage == "on_invoice" else "off invoice"
            principle = safe(principle_label(s.principle or "none"))
            label = signed_money(-s.amount_per_unit, c, d)
            if notes:
                label += "<br>⚠ " + ", ".join(notes)
            text.append(label)
            hover.append(
                [
                    safe(s.name),
                    signed_money(-s.amount_per_unit, c, d),
                    f"{where} · principle: {principle}"
                    + (f"<br><b>⚠ {', '.join(notes)}</b>" if notes else "")
                    + f"<br>price after: {_price(s.price_after_per_unit, c, d)}",
                ]
            )
        colours.append(WARN if notes else INK)

    ticks = [
        wrap(s.name, 14) if s.stage not in _LEVELS else f"<b>{safe(s.name)}</b>" for s in steps
    ]
    prices = [s.price_after_per_unit for s in steps]
    if result.price_overridden:
        prices.append(result.pocket_price_per_unit)
    high, low = max(*prices, 0.0), min(prices)
    spread = high - low
    # Zoom in so that small discounts stay visible, but never below zero.
    bottom = max(0.0, low - 1.2 * spread) if spread > 0 else 0.0
    top = high + 0.12 * (high - bottom) if high > bottom else 1.0
    total_discount = result.list_price_per_unit - steps[-1].price_after_per_unit
    subtitle = (
        f"{_price(total_discount, c, d)} per {u} of discounts "
        f"({percent(total_discount / result.list_price_per_unit, 1)} of list)"
        if result.list_price_per_unit > 0
        else "No list price yet"
    )
    x = list(range(len(steps)))
    data: list[Spec] = [
        {
            "type": "waterfall",
            "name": "Price waterfall",
            "x": x,
            "y": y,
            "measure": measure,
            "text": text,
            "textposition": "outside",
            "textfont": {"color": colours},
            "cliponaxis": False,
            "customdata": hover,
            "hovertemplate": (
                "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
            ),
            "increasing": {"marker": {"color": GOOD}},
            "decreasing": {"marker": {"color": BAD}},
            "totals": {"marker": {"color": SELLER}},
            "connector": {"line": {"color": NEUTRAL, "width": 1, "dash": "dot"}},
            "showlegend": False,
        }
    ]
    if result.price_overridden:
        data.append(
            {
                "type": "scatter",
                "name": f"Price evaluated: {_price(result.pocket_price_per_unit, c, d)}",
                "x": [-0.5, len(steps) - 0.5],
                "y": [result.pocket_price_per_unit] * 2,
                "mode": "lines",
                "line": {"color": WARN, "width": 2, "dash": "dot"},
                "hoverinfo": "skip",
            }
        )
    return figure(
        f"Price waterfall: from list price to pocket price per {u}",
        subtitle=subtitle + (" · the axis does not start at zero" if bottom > 0 else ""),
        data=data,
        layout={
            "xaxis": {"tickmode": "array", "tickvals": x, "ticktext": ticks, "showgrid": False},
            "yaxis": {"title": {"text": f"{c} per {u}"}, "range": [bottom, top], "tickformat": ","},
            "legend": {"x": 1.0, "xanchor": "right"},
            "showlegend": result.price_overridden,
        },
    )


# --------------------------------------------------------------------------- ZOPA


def zopa_band(result: EconomicsResult, *, currency: str, unit: str) -> go.Figure:
    """Show the zone of possible agreement and where the prices sit in it.

    Parameters
    ----------
    result
        From :func:`negotiation_lib.domain.economics.case_economics`.
    currency, unit
        The case's currency code and unit.

    Returns
    -------
    plotly.graph_objects.Figure
        A horizontal band from the seller's floor to the customer's ceiling (green; red
        between the ceiling and the floor when no ZOPA exists, which the title states), and
        one lane per price level: variable cost, fair price, pocket price, list price, the
        evidence-weighted EVE (which the ceiling rests on) and the full EVE (the upside if every
        claim holds), each a marker with its value.
    """
    c, u = safe(currency), safe(unit)
    d = price_decimals(result.fair_price_per_unit)
    zone = result.zopa
    floor, ceiling = zone.floor_per_unit, zone.ceiling_per_unit
    codes = set(result.flag_codes)
    pocket_out = "price_above_ceiling" in codes or "price_below_floor" in codes
    # The result carries the margin (pocket - variable cost) rather than the cost itself;
    # reading the cost back from it keeps the chart on the domain's own numbers.
    variable_cost = result.pocket_price_per_unit - result.seller_margin_per_unit
    lanes = [
        ("Variable cost", variable_cost, NEUTRAL, "the seller's cost of one more unit"),
        (
            "Fair price",
            result.fair_price_per_unit,
            GOOD,
            f"floor + {percent(result.fair_share)} of the zone",
        ),
        (
            "Pocket price",
            result.pocket_price_per_unit,
            WARN if pocket_out else SELLER,
            "outside the zone" if pocket_out else "what the seller keeps per unit",
        ),
        ("List price", result.list_price_per_unit, NEUTRAL, "before any discount"),
        (
            "EVE, evidence-weighted",
            result.eve_expected_per_unit,
            CUSTOMER,
            "what one unit is worth to the customer as far as the evidence goes: "
            "the ceiling and the fair price rest on it",
        ),
        (
            "EVE if every claim holds",
            result.eve_per_unit,
            NEUTRAL,
            "the upside: what one unit would be worth if every value claim held",
        ),
    ]
    if zone.exists:
        title = (
            f"Zone of possible agreement: {_price(floor, c, d)} to {_price(ceiling, c, d)} per {u}"
        )
        subtitle = (
            f"Fair price {_price(result.fair_price_per_unit, c, d)} · pocket price "
            f"{_price(result.pocket_price_per_unit, c, d)}"
            + (" is outside the zone" if pocket_out else " is inside the zone")
            + f"<br>The ceiling rests on the evidence-weighted EVE, "
            f"{_price(result.eve_expected_per_unit, c, d)} per {u}"
        )
    else:
        title = "No zone of possible agreement: the seller's floor is above the customer's ceiling"
        subtitle = (
            f"Floor {_price(floor, c, d)} > ceiling {_price(ceiling, c, d)} per {u}: "
            "no price works for both sides"
        )
    top = len(lanes) - 0.4
    data: list[Spec] = [
        {
            "type": "scatter",
            "name": "ZOPA (floor to ceiling)" if zone.exists else "Gap: no ZOPA",
            "x": [floor, ceiling, ceiling, floor, floor],
            "y": [-0.6, -0.6, top, top, -0.6],
            "fill": "toself",
            "fillcolor": BAND_FILL if zone.exists else "rgba(192, 57, 43, 0.14)",
            "line": {"color": GOOD if zone.exists else BAD, "width": 1.5},
            "mode": "lines",
            "hoveron": "fills",
            "hoverinfo": "text",
            "text": (
                f"ZOPA {_price(floor, c, d)} – {_price(ceiling, c, d)}"
                if zone.exists
                else f"No ZOPA: floor {_price(floor, c, d)}, ceiling {_price(ceiling, c, d)}"
            ),
        }
    ]
    data += [
        {
            "type": "scatter",
            "name": label,
            "x": [price],
            "y": [k],
            "mode": "markers+text",
            "marker": {
                "size": 15,
                "color": colour,
                "symbol": "diamond",
                "line": {"color": "white", "width": 1.5},
            },
            "text": [f"<b>{_price(price, c, d)}</b>"],
            "textposition": "middle right",
            "textfont": {"color": colour},
            "cliponaxis": False,
            "customdata": [[label, lane_note]],
            "hovertemplate": (
                f"<b>%{{customdata[0]}}</b><br>%{{x:{d3_format(d)}}} {c} per {u}<br>"
                "%{customdata[1]}<extra></extra>"
            ),
            "showlegend": False,
        }
        for k, (label, price, colour, lane_note) in enumerate(lanes)
    ]
    # Labels sit outside the band: the floor's to its left when the zone exists, to its
    # right when the floor lies above the ceiling.
    outer = ("right", "left") if zone.exists else ("left", "right")
    annotations = [
        {
            "x": x,
            "y": top,
            "yref": "y",
            "text": text,
            "showarrow": False,
            "yanchor": "bottom",
            "xanchor": anchor,
            "align": anchor,
            "font": {"size": 12, "color": GOOD if zone.exists else BAD},
        }
        for x, text, anchor in (
            (floor, f"Seller's floor<br><b>{_price(floor, c, d)}</b>", outer[0]),
            (ceiling, f"Customer's ceiling<br><b>{_price(ceiling, c, d)}</b>", outer[1]),
        )
    ]
    values = [floor, ceiling] + [lane[1] for lane in lanes]
    lo, hi = min(values), max(values)
    pad = 0.08 * (hi - lo) if hi > lo else max(1.0, abs(hi) * 0.1)
    return figure(
        title,
        subtitle=subtitle,
        height=440,
        data=data,
        layout={
            "showlegend": False,
            "annotations": annotations,
            "xaxis": {
                "title": {"text": f"Price ({c} per {u})"},
                "range": [lo - pad, hi + 2.2 * pad],
                "tickformat": ",",
            },
            "yaxis": {
                "tickmode": "array",
                "tickvals": list(range(len(lanes))),
                "ticktext": [wrap(lane[0], 14) for lane in lanes],
                "range": [-0.8, top + 0.9],
                "showgrid": False,
                "ticks": "",
                "zeroline": False,
            },
        },
    )


# --------------------------------------------------------------------------- value split


def value_split(
    result: EconomicsResult, *, seller: str, customer: str, currency: str, period: str
) -> go.Figure:
    """Show how one period's value splits: each side's BATNA, and the gain over both BATNAs.

    Parameters
    ----------
    result
        From :func:`negotiation_lib.domain.economics.case_economics`.
    seller, customer
        The parties' names (as typed).
    currency, period
        The case's currency code and period (``year``).

    Returns
    -------
    plotly.graph_objects.Figure
        One horizontal bar of the value created per period, laid end to end: the seller's
        BATNA (what it would earn anyway), its gain over that BATNA, the customer's gain over
        its BATNA and the customer's BATNA. The two gains add up to the joint gain, the part
        the seller's share and the fair share are shares of; a dashed line marks where the
        fair share would put the split, a diamond the value created. A negative part is drawn
        backwards from where the one before it ends.
    """
    s, cst, c, per = safe(seller), safe(customer), safe(currency), safe(period)
    created, joint = result.value_created_per_period, result.joint_gain_per_period
    share = result.seller_share
    if share is None:
        title = "The deal creates no gain over both BATNAs to share"
        subtitle = (
            f"Gain over both BATNAs: {money(joint, c)} per {per}; the customer's value does "
            "not cover the cost of serving it and both sides' alternatives"
        )
    else:
        title = (
            f"How the gain over both BATNAs splits: {s} {percent(share)}, "
            f"{cst} {percent(1 - share)}"
        )
        unfair = {"seller_captures_more_than_worth", "customer_captures_more_than_worth"}
        verdict = "outside" if unfair & set(result.flag_codes) else "within"
        subtitle = (
            f"Gain over both BATNAs {money(joint, c)} per {per} (value created "
            f"{money(created, c)} less both BATNAs)<br>Fair share for {s}: "
            f"{percent(result.fair_share)} · this split is {verdict} the fair range"
        )
    parts = (
        (f"{s}: its BATNA", result.seller_batna_per_period, SELLER_LIGHT, INK, "anyway"),
        (f"{s}: gain over its BATNA", result.seller_gain_per_period, SELLER, "white", "gain"),
        (f"{cst}: gain over its BATNA", result.customer_gain_per_period, CUSTOMER, "white", "gain"),
        (f"{cst}: its BATNA", result.customer_batna_per_period, CUSTOMER_LIGHT, INK, "anyway"),
    )
    data: list[Spec] = []
    start = 0.0
    for name, amount, colour, ink, kind in parts:
        of_joint = (
            f" ({percent(amount / joint)} of the gain)"
            if kind == "gain" and share is not None
            else ""
        )
        data.append(
            {
                "type": "bar",
                "name": name,
                "orientation": "h",
                "x": [amount],
                "base": [start],
                "y": [0],
                "marker": {"color": colour},
                "text": [f"<b>{money(amount, c)}</b>{of_joint}"],
                "textposition": "inside",
                "insidetextanchor": "middle",
                # Level text, hidden when the part is too narrow for it (the hover has it).
                "textangle": 0,
                "textfont": {"color": ink},
                "hovertemplate": (
                    f"<b>{name}</b><br>{money(amount, c)} per {per}{of_joint}<extra></extra>"
                ),
            }
        )
        start += amount
    data.append(
        {
            "type": "scatter",
            "name": f"Value created: {money(created, c)} per {per}",
            "x": [created],
            "y": [0.48],
            "mode": "markers+text",
            "marker": {"symbol": "triangle-down", "size": 14, "color": INK},
            "text": [f"Value created <b>{money(created, c)}</b> per {per}"],
            "textposition": "top left" if created > 0 else "top right",
            "cliponaxis": False,
            "hovertemplate": (
                f"Value created<br><b>%{{x:{d3_format()}}} {c}</b> per {per}<extra></extra>"
            ),
            "showlegend": False,
        }
    )
    marks: Spec = {}
    if share is not None:
        # Where the split would sit at the fair share: the seller's BATNA plus its fair part
        # of the joint gain (a position on the bar, drawn from the domain's own figures).
        fair_x = result.seller_batna_per_period + result.fair_share * joint
        marks = {
            "shapes": [
                {
                    "type": "line",
                    "name": f"Fair share for {s}: {percent(result.fair_share)}",
                    "x0": fair_x,
                    "x1": fair_x,
                    "y0": -0.5,
                    "y1": 0.5,
                    "layer": "above",
                    "line": {"color": GOOD, "width": 3, "dash": "dash"},
                }
            ],
            "annotations": [
                {
                    "x": fair_x,
                    "y": -0.5,
                    "text": f"fair split: {percent(result.fair_share)} of the gain to {s}",
                    "showarrow": False,
                    "yanchor": "top",
                    "font": {"color": GOOD, "size": 12},
                }
            ],
        }
    ends = [0.0, created]
    running = 0.0
    for _, amount, *_ in parts:
        running += amount
        ends.append(running)
    lo, hi = min(ends), max(ends)
    pad = 0.04 * (hi - lo) if hi > lo else 1.0
    return figure(
        title,
        subtitle=subtitle,
        height=360,
        data=data,
        layout={
            **marks,
            "barmode": "overlay",
            "uniformtext": {"mode": "hide", "minsize": 10},
            "xaxis": {
                "title": {"text": f"{c} per {per}"},
                "range": [lo - pad, hi + pad],
                "tickformat": ",",
            },
            "yaxis": {"visible": False, "range": [-0.75, 0.75]},
            "legend": {"y": -0.35, "yanchor": "top", "x": 0.0, "traceorder": "normal"},
            "margin": {"b": 100},
        },
    )
