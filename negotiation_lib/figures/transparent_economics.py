"""Charts of the transparent-economics worksheet: the open book, drawn.

Price waterfall, zone of possible agreement, value split, the relationship projected over many
repetitions (fair deal against tough deal), its Monte Carlo bands and the sensitivity tornado.
Each function takes domain results and returns a :class:`plotly.graph_objects.Figure`; nothing
here computes a number the domain layer owns.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from negotiation_lib.domain.economics import EconomicsResult
from negotiation_lib.domain.montecarlo import MonteCarloResult, PartyDistribution
from negotiation_lib.domain.projection import ProjectionResult
from negotiation_lib.domain.sensitivity import SensitivityResult
from negotiation_lib.figures.style import (
    BAD,
    BAND_FILL,
    CUSTOMER,
    CUSTOMER_FILL,
    CUSTOMER_LIGHT,
    GOOD,
    INK,
    MONEY_FORMAT,
    NEUTRAL,
    SELLER,
    SELLER_FILL,
    SELLER_LIGHT,
    WARN,
    apply_base_layout,
    money,
    new_figure,
    number,
    percent,
    safe,
    signed_money,
    wrap,
)

__all__ = [
    "monte_carlo_bands",
    "npv_curves",
    "price_waterfall",
    "tornado",
    "value_split",
    "zopa_band",
]

_PRINCIPLES = {
    "volume": "volume",
    "commitment": "commitment",
    "prepayment": "prepayment",
    "cost_to_serve": "cost to serve",
    "risk_sharing": "risk sharing",
    "reference_customer": "reference customer",
    "none": "no principle",
}

_FLAG_NOTES = {
    "discount_without_principle": "no principle",
    "discount_exceeds_saving": "exceeds the saving",
}


def _note(text: str, *, x: float = 0.5, y: float = 0.5, colour: str = NEUTRAL) -> dict[str, object]:
    return {
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "font": {"color": colour, "size": 13},
    }


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
    steps = result.waterfall
    flagged: dict[str, list[str]] = {}
    for flag in result.flags:
        if flag.discount is not None and flag.code in _FLAG_NOTES:
            flagged.setdefault(flag.discount, []).append(_FLAG_NOTES[flag.code])

    measure: list[str] = []
    y: list[float] = []
    text: list[str] = []
    colours: list[str] = []
    hover: list[list[str]] = []
    for s in steps:
        is_level = s.stage in ("list", "invoice", "pocket")
        if s.stage == "list":
            measure.append("absolute")
        elif is_level:
            measure.append("total")
        else:
            measure.append("relative")
        y.append(s.amount_per_unit if is_level else -s.amount_per_unit)
        notes = flagged.get(s.name, [])
        if is_level:
            text.append(f"<b>{money(s.amount_per_unit, currency)}</b>")
            hover.append([safe(s.name), money(s.amount_per_unit, currency), ""])
        else:
            where = "on invoice" if s.stage == "on_invoice" else "off invoice"
            principle = _PRINCIPLES.get(s.principle or "none", safe(s.principle))
            label = signed_money(-s.amount_per_unit, currency)
            if notes:
                label += "<br>⚠ " + ", ".join(notes)
            text.append(label)
            hover.append(
                [
                    safe(s.name),
                    signed_money(-s.amount_per_unit, currency),
                    f"{where} · principle: {principle}"
                    + (f"<br><b>⚠ {', '.join(notes)}</b>" if notes else "")
                    + f"<br>price after: {money(s.price_after_per_unit, currency)}",
                ]
            )
        colours.append(WARN if notes else INK)

    ticks = [
        wrap(s.name, 14)
        if s.stage not in ("list", "invoice", "pocket")
        else f"<b>{safe(s.name)}</b>"
        for s in steps
    ]
    per = f"{safe(currency)} per {safe(unit)}"
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
        f"{money(total_discount, currency)} per {safe(unit)} of discounts "
        f"({percent(total_discount / result.list_price_per_unit, 1)} of list)"
        if result.list_price_per_unit > 0
        else "No list price yet"
    )
    fig = new_figure(
        f"Price waterfall: from list price to pocket price per {safe(unit)}",
        subtitle=subtitle + (" · the axis does not start at zero" if bottom > 0 else ""),
    )
    x = list(range(len(steps)))
    fig.add_trace(
        go.Waterfall(
            name="Price waterfall",
            x=x,
            y=y,
            measure=measure,
            text=text,
            textposition="outside",
            textfont={"color": colours},
            cliponaxis=False,
            customdata=hover,
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
            ),
            increasing={"marker": {"color": GOOD}},
            decreasing={"marker": {"color": BAD}},
            totals={"marker": {"color": SELLER}},
            connector={"line": {"color": NEUTRAL, "width": 1, "dash": "dot"}},
            showlegend=False,
        )
    )
    if result.price_overridden:
        fig.add_trace(
            go.Scatter(
                name=f"Price evaluated: {money(result.pocket_price_per_unit, currency)}",
                x=[-0.5, len(steps) - 0.5],
                y=[result.pocket_price_per_unit] * 2,
                mode="lines",
                line={"color": WARN, "width": 2, "dash": "dot"},
                hoverinfo="skip",
            )
        )
    fig.update_layout(
        xaxis={"tickmode": "array", "tickvals": x, "ticktext": ticks, "showgrid": False},
        yaxis={"title": {"text": per}, "range": [bottom, top], "tickformat": ","},
        legend={"x": 1.0, "xanchor": "right"},
        showlegend=result.price_overridden,
    )
    return fig


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
        one lane per price level: variable cost, fair price, pocket price, list price and EVE,
        each a marker with its value.
    """
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
        ("EVE", result.eve_per_unit, CUSTOMER, "what one unit is worth to the customer"),
    ]
    c = safe(currency)
    if zone.exists:
        title = (
            f"Zone of possible agreement: {money(floor, currency)} to "
            f"{money(ceiling, currency)} per {safe(unit)}"
        )
        subtitle = (
            f"Fair price {money(result.fair_price_per_unit, currency)} · pocket price "
            f"{money(result.pocket_price_per_unit, currency)}"
            + (" is outside the zone" if pocket_out else " is inside the zone")
        )
    else:
        title = "No zone of possible agreement: the seller's floor is above the customer's ceiling"
        subtitle = (
            f"Floor {money(floor, currency)} > ceiling {money(ceiling, currency)} per "
            f"{safe(unit)}: no price works for both sides"
        )
    fig = new_figure(title, subtitle=subtitle, height=440)
    top = len(lanes) - 0.4
    fig.add_trace(
        go.Scatter(
            name="ZOPA (floor to ceiling)" if zone.exists else "Gap: no ZOPA",
            x=[floor, ceiling, ceiling, floor, floor],
            y=[-0.6, -0.6, top, top, -0.6],
            fill="toself",
            fillcolor=BAND_FILL if zone.exists else "rgba(192, 57, 43, 0.14)",
            line={"color": GOOD if zone.exists else BAD, "width": 1.5},
            mode="lines",
            hoveron="fills",
            hoverinfo="text",
            text=(
                f"ZOPA {money(floor, currency)} – {money(ceiling, currency)}"
                if zone.exists
                else f"No ZOPA: floor {money(floor, currency)}, ceiling {money(ceiling, currency)}"
            ),
        )
    )
    for k, (label, price, colour, note) in enumerate(lanes):
        fig.add_trace(
            go.Scatter(
                name=label,
                x=[price],
                y=[k],
                mode="markers+text",
                marker={
                    "size": 15,
                    "color": colour,
                    "symbol": "diamond",
                    "line": {"color": "white", "width": 1.5},
                },
                text=[f"<b>{money(price, currency)}</b>"],
                textposition="middle right",
                textfont={"color": colour},
                cliponaxis=False,
                customdata=[[label, note]],
                hovertemplate=(
                    f"<b>%{{customdata[0]}}</b><br>%{{x:{MONEY_FORMAT}}} {c}<br>"
                    "%{customdata[1]}<extra></extra>"
                ),
                showlegend=False,
            )
        )
    # Labels sit outside the band: the floor's to its left when the zone exists, to its
    # right when the floor lies above the ceiling.
    outer = ("right", "left") if zone.exists else ("left", "right")
    for x, text, anchor in (
        (floor, f"Seller's floor<br><b>{money(floor, currency)}</b>", outer[0]),
        (ceiling, f"Customer's ceiling<br><b>{money(ceiling, currency)}</b>", outer[1]),
    ):
        fig.add_annotation(
            x=x,
            y=top,
            yref="y",
            text=text,
            showarrow=False,
            yanchor="bottom",
            xanchor=anchor,
            align=anchor,
            font={"size": 12, "color": GOOD if zone.exists else BAD},
        )
    values = [floor, ceiling] + [lane[1] for lane in lanes]
    lo, hi = min(values), max(values)
    pad = 0.08 * (hi - lo) if hi > lo else max(1.0, abs(hi) * 0.1)
    fig.update_layout(
        showlegend=False,
        xaxis={
            "title": {"text": f"Price ({c} per {safe(unit)})"},
            "range": [lo - pad, hi + 2.2 * pad],
            "tickformat": ",",
        },
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(lanes))),
            "ticktext": [lane[0] for lane in lanes],
            "range": [-0.8, top + 0.9],
            "showgrid": False,
            "ticks": "",
            "zeroline": False,
        },
    )
    return fig


# --------------------------------------------------------------------------- value split


def value_split(
    result: EconomicsResult, *, seller: str, customer: str, currency: str, period: str
) -> go.Figure:
    """Show how the value created in one period splits between the parties.

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
        One stacked horizontal bar: the seller's profit and the customer's net benefit (a
        negative part stacks to the left of zero), the value created marked by a diamond and
        the fair share by a dashed green line.
    """
    s, cst = safe(seller), safe(customer)
    created = result.value_created_per_period
    share = result.seller_share
    if share is None:
        title = "The deal creates no value to share"
        subtitle = (
            f"Value created per {safe(period)}: {money(created, currency, 0)}; "
            "the customer's value does not cover the cost of serving it"
        )
    else:
        title = f"How the value created splits: {s} {percent(share)}, {cst} {percent(1 - share)}"
        verdict = (
            "within the fair range"
            if "seller_captures_more_than_worth" not in result.flag_codes
            and "customer_captures_more_than_worth" not in result.flag_codes
            else "outside the fair range"
        )
        subtitle = (
            f"Value created {money(created, currency, 0)} per {safe(period)} · fair share for "
            f"{s}: {percent(result.fair_share)} · this split is {verdict}"
        )
    fig = new_figure(title, subtitle=subtitle, height=340)
    c = safe(currency)
    for name, amount, colour in (
        (f"{s}: profit", result.seller_profit_per_period, SELLER),
        (
            f"{cst}: net benefit over its alternative",
            result.customer_net_benefit_per_period,
            CUSTOMER,
        ),
    ):
        part = f" ({percent(amount / created)})" if share is not None else ""
        fig.add_trace(
            go.Bar(
                name=name,
                orientation="h",
                x=[amount],
                y=[0],
                marker={"color": colour},
                text=[f"<b>{money(amount, currency, 0)}</b>{part}"],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "white"},
                hovertemplate=(
                    f"<b>{name}</b><br>%{{x:{MONEY_FORMAT}}} {c} per {safe(period)}<extra></extra>"
                ),
            )
        )
    fig.add_trace(
        go.Scatter(
            name=f"Value created: {money(created, currency, 0)}",
            x=[created],
            y=[0.48],
            mode="markers+text",
            marker={"symbol": "triangle-down", "size": 14, "color": INK},
            text=[f"Value created <b>{money(created, currency, 0)}</b>"],
            textposition="top left" if created > 0 else "top right",
            cliponaxis=False,
            hovertemplate=(
                f"Value created<br><b>%{{x:{MONEY_FORMAT}}} {c}</b> per {safe(period)}"
                "<extra></extra>"
            ),
        )
    )
    if share is not None:
        fair_x = result.fair_share * created
        # A white shape above the bars stays visible on both colours; the note below names it.
        fig.add_shape(
            type="line",
            name=f"Fair share for {s}: {percent(result.fair_share)}",
            x0=fair_x,
            x1=fair_x,
            y0=-0.5,
            y1=0.5,
            layer="above",
            line={"color": "white", "width": 3, "dash": "dash"},
        )
        fig.add_annotation(
            x=fair_x,
            y=-0.5,
            text=f"fair share for {s}: {percent(result.fair_share)}",
            showarrow=False,
            yanchor="top",
            font={"color": GOOD, "size": 12},
        )
    amounts = [result.seller_profit_per_period, result.customer_net_benefit_per_period]
    lo = min(0.0, *amounts, created)
    hi = max(0.0, sum(a for a in amounts if a > 0), created)
    pad = 0.04 * (hi - lo) if hi > lo else 1.0
    fig.update_layout(
        barmode="relative",
        xaxis={
            "title": {"text": f"{c} per {safe(period)}"},
            "range": [lo - pad, hi + pad],
            "tickformat": ",",
        },
        yaxis={"visible": False, "range": [-0.75, 0.75]},
        legend={"y": -0.35, "yanchor": "top", "x": 0.0},
        margin={"b": 90},
    )
    return fig


# --------------------------------------------------------------------------- projection


def npv_curves(
    projection: ProjectionResult, *, seller: str, customer: str, currency: str
) -> go.Figure:
    """Draw both parties' cumulative NPV, fair (trust) deal against tough (CPT) deal.

    Parameters
    ----------
    projection
        From :func:`negotiation_lib.domain.projection.case_projection`.
    seller, customer
        The parties' names.
    currency
        The case's currency code.

    Returns
    -------
    plotly.graph_objects.Figure
        Four curves over the repetitions: each party under the trust scenario (solid) and the
        CPT scenario (dashed). The crossover repetition, where the fair deal's cumulative
        value for the seller passes the tough deal's, is marked and annotated; when there is
        none, an annotation says the fair deal does not overtake within the horizon.
    """
    s, cst, c = safe(seller), safe(customer), safe(currency)
    trust, cpt = projection.scenarios.trust, projection.scenarios.cpt
    t = trust.seller.repetition.tolist()
    crossover = projection.crossover_repetition
    fig = new_figure(
        f"The relationship over {projection.repetitions} "
        f"{'repetition' if projection.repetitions == 1 else 'repetitions'}: "
        "fair deal against tough deal",
        subtitle=(
            f"NPV for {s}: {money(trust.seller_npv, currency, 0)} with the fair deal, "
            f"{money(cpt.seller_npv, currency, 0)} with the tough one<br>"
            f"NPV for {cst}: {money(trust.customer_npv, currency, 0)} with the fair deal, "
            f"{money(cpt.customer_npv, currency, 0)} with the tough one"
        ),
        height=540,
    )
    curves = (
        (s, "fair deal", trust, trust.seller.cumulative_npv, SELLER, "solid"),
        (s, "tough deal", cpt, cpt.seller.cumulative_npv, SELLER, "dash"),
        (cst, "fair deal", trust, trust.customer.cumulative_npv, CUSTOMER, "solid"),
        (cst, "tough deal", cpt, cpt.customer.cumulative_npv, CUSTOMER, "dash"),
    )
    for party, label, scenario, values, colour, dash in curves:
        fig.add_trace(
            go.Scatter(
                name=f"{party}, {label} at {money(scenario.pocket_price_per_unit, currency)}",
                x=t,
                y=values.tolist(),
                mode="lines",
                line={"color": colour, "width": 2.5 if dash == "solid" else 2, "dash": dash},
                hovertemplate=(f"{party}, {label}: <b>%{{y:,.0f}} {c}</b><extra></extra>"),
            )
        )
    if crossover is not None:
        y_cross = float(trust.seller.cumulative_npv[crossover])
        fig.add_trace(
            go.Scatter(
                name=f"Crossover: repetition {crossover}",
                x=[crossover],
                y=[y_cross],
                mode="markers",
                marker={
                    "size": 12,
                    "color": GOOD,
                    "symbol": "circle",
                    "line": {"color": "white", "width": 2},
                },
                hovertemplate=(
                    f"From repetition {crossover} on the fair deal is worth more to {s}"
                    "<extra></extra>"
                ),
                showlegend=False,
            )
        )
        fig.add_vline(x=crossover, line={"color": GOOD, "width": 1, "dash": "dot"})
        fig.add_annotation(
            x=crossover,
            y=y_cross,
            text=(
                f"<b>Crossover at repetition {crossover}</b><br>from here on the fair deal "
                f"is worth more to {s}"
            ),
            showarrow=True,
            arrowhead=2,
            arrowcolor=GOOD,
            ax=60,
            ay=60,
            xanchor="left",
            align="left",
            font={"color": GOOD, "size": 12},
            bgcolor="rgba(255,255,255,0.9)",
        )
    else:
        fig.add_annotation(
            **_note(
                f"<b>No crossover</b>: within {projection.repetitions} repetitions the fair "
                f"deal does not overtake the tough one for {s}",
                x=0.98,
                y=0.05,
                colour=WARN,
            ),
            xanchor="right",
            yanchor="bottom",
            bgcolor="rgba(255,255,255,0.9)",
        )
    # Most of the value arrives early; stop the axis where the curves have nearly levelled off.
    reach = _settled([curve[3] for curve in curves], crossover=crossover, horizon=len(t))
    fig.update_layout(
        hovermode="x unified",
        xaxis={
            "title": {"text": "Repetition (0 = this deal)"},
            "range": [0, reach],
            "rangemode": "tozero",
        },
        yaxis={"title": {"text": f"Cumulative NPV ({c})"}, "tickformat": "~s"},
        legend={"y": -0.18, "yanchor": "top", "orientation": "h"},
        margin={"b": 120},
    )
    return fig


def _settled(curves: Sequence[np.ndarray], *, crossover: int | None, horizon: int) -> int:
    """Return the repetition by which every curve has covered 99% of its final change."""
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


# --------------------------------------------------------------------------- Monte Carlo


def monte_carlo_bands(
    mc: MonteCarloResult, *, seller: str, customer: str, currency: str
) -> go.Figure:
    """Draw each party's cumulative NPV as a P10–P90 fan with the median line.

    Parameters
    ----------
    mc
        From :func:`negotiation_lib.domain.montecarlo.case_monte_carlo`.
    seller, customer
        The parties' names.
    currency
        The case's currency code.

    Returns
    -------
    plotly.graph_objects.Figure
        Per party, a filled band from ``cumulative_p10`` to ``cumulative_p90`` (one closed
        trace: P90 forward, then P10 backward) and the ``cumulative_p50`` line.
    """
    s, cst, c = safe(seller), safe(customer), safe(currency)
    parties: tuple[tuple[str, PartyDistribution, str, str], ...] = (
        (s, mc.seller, SELLER, SELLER_FILL),
        (cst, mc.customer, CUSTOMER, CUSTOMER_FILL),
    )
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.05,
        subplot_titles=[
            f"{name}: beats its BATR in {percent(d.probability_beats_batr)} of paths"
            for name, d, *_ in parties
        ],
    )
    fig.update_annotations(font={"size": 13, "color": INK})
    apply_base_layout(
        fig,
        f"How sure is the NPV? {number(mc.paths, 0)} simulated relationships",
        subtitle=(
            "Shaded: P10 to P90 of the cumulative NPV over the paths; line: the median<br>"
            + "<br>".join(
                f"NPV for {name}: P10 {number(d.p10, 0)}, P50 {number(d.p50, 0)}, "
                f"P90 {number(d.p90, 0)} {c}"
                for name, d, *_ in parties
            )
        ),
        height=520,
    )
    n = len(mc.seller.cumulative_p50)
    t = list(range(n))
    for col, (name, dist, colour, fill) in enumerate(parties, start=1):
        fig.add_trace(
            go.Scatter(
                name=f"{name}: P10–P90",
                x=t + t[::-1],
                y=dist.cumulative_p90.tolist() + dist.cumulative_p10[::-1].tolist(),
                fill="toself",
                fillcolor=fill,
                line={"color": "rgba(0,0,0,0)"},
                mode="lines",
                hoverinfo="skip",
            ),
            row=1,
            col=col,
        )
        fig.add_trace(
            go.Scatter(
                name=f"{name}: median (P50)",
                x=t,
                y=dist.cumulative_p50.tolist(),
                mode="lines",
                line={"color": colour, "width": 2.5},
                customdata=np.column_stack([dist.cumulative_p10, dist.cumulative_p90]).tolist(),
                hovertemplate=(
                    f"{name}, repetition %{{x}}<br>P50 <b>%{{y:,.0f}} {c}</b><br>"
                    "P10 %{customdata[0]:,.0f} – P90 %{customdata[1]:,.0f}<extra></extra>"
                ),
            ),
            row=1,
            col=col,
        )
        fig.add_hline(
            y=dist.batr_npv,
            line={"color": WARN, "width": 1.5, "dash": "dot"},
            row=1,
            col=col,
            annotation={
                "text": f"BATR {money(dist.batr_npv, currency, 0)}",
                "font": {"size": 11, "color": WARN},
            },
            annotation_position="bottom right",
        )
    reach = _settled(
        [d.cumulative_p90 for _, d, *_ in parties] + [d.cumulative_p50 for _, d, *_ in parties],
        crossover=None,
        horizon=n,
    )
    fig.update_xaxes(title={"text": "Repetition (0 = this deal)"}, range=[0, reach])
    fig.update_yaxes(tickformat="~s")
    fig.update_yaxes(title={"text": f"Cumulative NPV ({c})"}, row=1, col=1)
    fig.update_layout(
        legend={"y": -0.2, "yanchor": "top", "orientation": "h"},
        margin={"b": 100},
    )
    return fig


# --------------------------------------------------------------------------- tornado


def tornado(result: SensitivityResult, *, seller: str, customer: str, currency: str) -> go.Figure:
    """Draw the sensitivity tornado: each input moved down and up, both parties' NPVs.

    Parameters
    ----------
    result
        From :func:`negotiation_lib.domain.sensitivity.case_sensitivity`.
    seller, customer
        The parties' names.
    currency
        The case's currency code.

    Returns
    -------
    plotly.graph_objects.Figure
        Two panels (seller left, customer right) sharing the inputs as rows, largest swing at
        the top. Each row has one bar for the input moved down and one for it moved up, drawn
        from the base NPV (``base`` = base NPV, bar end = the NPV with the input moved).
    """
    s, cst, c = safe(seller), safe(customer), safe(currency)
    rows = result.rows
    pct = percent(result.change)
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=(f"NPV for {s}", f"NPV for {cst}"),
    )
    fig.update_annotations(font={"size": 13, "color": INK})
    apply_base_layout(
        fig,
        f"What moves the NPV most: each input {pct} down and up",
        subtitle=(
            f"Bars start at the base NPV (black line): {s} "
            f"{money(result.base_seller_npv, currency, 0)}, "
            f"{cst} {money(result.base_customer_npv, currency, 0)}"
        ),
        height=max(380, 170 + 44 * len(rows)),
    )
    y = list(range(len(rows)))
    panels = (
        (
            1,
            s,
            result.base_seller_npv,
            [r.seller_npv_low for r in rows],
            [r.seller_npv_high for r in rows],
            SELLER_LIGHT,
            SELLER,
        ),
        (
            2,
            cst,
            result.base_customer_npv,
            [r.customer_npv_low for r in rows],
            [r.customer_npv_high for r in rows],
            CUSTOMER_LIGHT,
            CUSTOMER,
        ),
    )
    for col, party, base, lows, highs, light, dark in panels:
        for label, npvs, moved, colour in (
            (f"{party}: input {pct} lower", lows, [r.low_value for r in rows], light),
            (f"{party}: input {pct} higher", highs, [r.high_value for r in rows], dark),
        ):
            fig.add_trace(
                go.Bar(
                    name=label,
                    orientation="h",
                    y=y,
                    x=[v - base for v in npvs],
                    base=[base] * len(rows),
                    marker={"color": colour},
                    customdata=[
                        [
                            safe(r.label),
                            number(m, 4),
                            number(v, 0),
                            signed_money(v - base, currency, 0),
                        ]
                        for r, m, v in zip(rows, moved, npvs, strict=True)
                    ],
                    hovertemplate=(
                        "<b>%{customdata[0]}</b> at %{customdata[1]}<br>"
                        f"NPV %{{customdata[2]}} {c} (%{{customdata[3]}})<extra></extra>"
                    ),
                    offsetgroup="low" if colour == light else "high",
                ),
                row=1,
                col=col,
            )
        fig.add_vline(x=base, line={"color": INK, "width": 1.5}, row=1, col=col)
    if not rows:
        fig.add_annotation(**_note("No input to move: every key input is zero"))
    fig.update_layout(
        barmode="overlay",
        bargap=0.35,
        legend={"y": -0.14, "yanchor": "top", "orientation": "h"},
        margin={"b": 100, "l": 170},
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=y,
        ticktext=[safe(r.label) for r in rows],
        autorange="reversed",
        showgrid=False,
        ticks="",
    )
    fig.update_xaxes(tickformat="~s", title={"text": f"NPV ({c})"})
    return fig
