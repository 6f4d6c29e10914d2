"""How sure the projection is: Monte Carlo bands and the sensitivity tornado.

Each function takes a domain result (:class:`~negotiation_lib.domain.montecarlo.MonteCarloResult`
or :class:`~negotiation_lib.domain.sensitivity.SensitivityResult`) and returns a
:class:`plotly.graph_objects.Figure` of two panels, seller left and customer right; nothing
here computes a number the domain layer owns.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from negotiation_lib.domain.montecarlo import MonteCarloResult, PartyDistribution
from negotiation_lib.domain.sensitivity import SensitivityResult, SensitivityRow
from negotiation_lib.figures.style import (
    CUSTOMER,
    CUSTOMER_FILL,
    CUSTOMER_LIGHT,
    INK,
    SELLER,
    SELLER_FILL,
    SELLER_LIGHT,
    WARN,
    safe,
    wrap,
)
from negotiation_lib.figures.transparent_economics.common import (
    Spec,
    figure,
    grid,
    hline,
    note,
    npv_of,
    panel_suffix,
    settled,
    side_by_side,
    vline,
)
from negotiation_lib.formatting import AXIS_FORMAT, money, number, percent, signed_money

__all__ = ["VIEWS", "monte_carlo_bands", "tornado"]

MUTED_INK = "#6B7680"
"""Grey for the note beside a tornado row without a swing."""

_PANELS = ("", "2")
"""The axis suffix of the seller's (left) and the customer's (right) panel."""


def _in_panel(trace: Spec, panel: str) -> Spec:
    return {**trace, "xaxis": f"x{panel}", "yaxis": f"y{panel}"}


# --------------------------------------------------------------------------- Monte Carlo

VIEWS = (
    (
        "value_uncertainty",
        "Value uncertainty",
        "draws",
        "is the value real? Each claim drawn around what its evidence supports",
    ),
    (
        "length_uncertainty",
        "Relationship length",
        "relationships",
        "how long will it last? Each simulated relationship ends at a random repetition",
    ),
)
"""The two views of the simulation, in the figure's order: attribute, name, what one simulated
outcome is called, and the question the view answers."""


def _panel_title(view: str, name: str, dist: PartyDistribution, outcomes: str, c: str) -> str:
    return (
        f"<b>{view}</b> · {name}: beats its BATR in "
        f"<b>{percent(dist.probability_beats_batr)}</b> of {outcomes}<br>"
        f"NPV P10 {money(dist.p10, c)} · P50 {money(dist.p50, c)} · P90 {money(dist.p90, c)}"
    )


def monte_carlo_bands(
    mc: MonteCarloResult, *, seller: str, customer: str, currency: str
) -> go.Figure:
    """Draw both uncertainty views, apart: each party's cumulative NPV as a P10–P90 fan.

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
        Four panels: the value uncertainty on top, the relationship length below; the seller
        left, the customer right (his scale on the right-hand side), each party's two views on
        one scale. Each panel has a filled band from ``cumulative_p10`` to
        ``cumulative_p90`` (one closed trace: P90 forward, then P10 backward), the
        ``cumulative_p50`` line and a dotted line at the
        party's BATR; its title gives the view's P10, P50 and P90 of the NPV and the chance
        that the NPV beats the BATR. The subtitle says what each view answers.
    """
    s, cst, c = safe(seller), safe(customer), safe(currency)
    parties = ((s, mc.seller, SELLER, SELLER_FILL), (cst, mc.customer, CUSTOMER, CUSTOMER_FILL))
    panels = [
        (view, outcomes, name, getattr(party, attribute), colour, fill)
        for attribute, view, outcomes, _ in VIEWS
        for name, party, colour, fill in parties
    ]
    layout = grid(
        [_panel_title(v, n, d, o, c) for v, o, n, d, *_ in panels], rows=2, spacing=(0.08, 0.2)
    )
    n = len(mc.seller.value_uncertainty.cumulative_p50)
    # NumPy arrays rather than lists: plotly validates and sends them as typed arrays, about
    # half the kernel time of lists for the four panels' 2,000 points.
    t = np.arange(n)
    there_and_back = np.concatenate([t, t[::-1]])
    data: list[Spec] = []
    shapes: list[Spec] = []
    for k, (view, _, name, dist, colour, fill) in enumerate(panels):
        panel = panel_suffix(k)
        where = {"xaxis": f"x{panel}", "yaxis": f"y{panel}"}
        data.append(
            {
                **where,
                "type": "scatter",
                "name": f"{name}, {view.lower()}: P10–P90",
                "x": there_and_back,
                "y": np.concatenate([dist.cumulative_p90, dist.cumulative_p10[::-1]]),
                "fill": "toself",
                "fillcolor": fill,
                "line": {"color": "rgba(0,0,0,0)"},
                "mode": "lines",
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
        data.append(
            {
                **where,
                "type": "scatter",
                "name": f"{name}, {view.lower()}: median (P50)",
                "x": t,
                "y": dist.cumulative_p50,
                "mode": "lines",
                "line": {"color": colour, "width": 2.5},
                "customdata": np.column_stack([dist.cumulative_p10, dist.cumulative_p90]),
                "hovertemplate": (
                    f"{view} · {name}, repetition %{{x}}<br>cumulative NPV: P50 "
                    f"<b>%{{y:,.0f}} {c}</b><br>P10 %{{customdata[0]:,.0f}} {c} – "
                    f"P90 %{{customdata[1]:,.0f}} {c}<extra></extra>"
                ),
                "showlegend": False,
            }
        )
        shapes.append(
            hline(dist.batr_npv, {"color": WARN, "width": 1.5, "dash": "dot"}, panel=panel)
        )
        layout["annotations"].append(
            {
                "text": f"BATR {money(dist.batr_npv, c)}",
                "font": {"size": 11, "color": WARN},
                "x": 1,
                "xanchor": "right",
                "xref": f"x{panel} domain",
                "y": dist.batr_npv,
                "yanchor": "bottom",
                "yref": f"y{panel}",
                "showarrow": False,
            }
        )
    reach = settled(
        [d.cumulative_p90 for *_, d, _, _ in panels] + [d.cumulative_p50 for *_, d, _, _ in panels],
        crossover=None,
        horizon=n,
    )
    for k in range(len(panels)):
        panel = panel_suffix(k)
        layout[f"xaxis{panel}"].update(range=[0, reach])
        if k >= 2:
            layout[f"xaxis{panel}"]["title"] = {"text": "Repetition (0 = this deal)"}
        # The customer's scale on the outer side: between the panels, his axis title would
        # lie over the seller's notes wherever the chart is narrow (the dashboard's view).
        layout[f"yaxis{panel}"].update(
            tickformat=AXIS_FORMAT,
            title={"text": f"Cumulative NPV ({c})"},
            side="right" if k % 2 else "left",
        )
    return figure(
        f"How sure is the NPV? Two questions, {number(mc.paths)} simulations each",
        subtitle="<br>".join(f"<b>{view}</b>: {question}" for _, view, _, question in VIEWS)
        + "<br>Shaded: P10 to P90 of the cumulative NPV; line: the median (P50); "
        "dotted: the best alternative relationship (BATR)",
        height=760,
        data=data,
        # The top panels' two-line titles sit above them: room below the three-line subtitle.
        layout={
            **layout,
            "shapes": shapes,
            "showlegend": False,
            "margin": {"t": 172, "b": 60, "r": 90},
        },
    )


# --------------------------------------------------------------------------- tornado


def _input_unit(row: SensitivityRow, c: str, u: str, per: str) -> str:
    """The unit an input of the tornado is entered in, for its hover text."""
    units = {
        "volume": f"{u} per {per}",
        "list_price": f"{c} per {u}",
        "variable_cost": f"{c} per {u}",
        "reference_price": f"{c} per {u}",
        "driver_values": f"{c} per {u}, all drivers together",
        "fixed_cost": f"{c} per {per}",
        "customer_cost": f"{c} per {per}",
        "seller_batna": f"{c} per {per}",
        "customer_batna": f"{c} per {per}",
        "seller_one_time_cost": f"{c}, once",
        "customer_one_time_cost": f"{c}, once",
        "seller_batr": f"{c} (NPV)",
        "customer_batr": f"{c} (NPV)",
        "discount": "as entered (% of list, or an amount per unit or per period)",
    }
    return units.get(row.input, "")


def _moved(row: SensitivityRow, value: float) -> str:
    """An input's value as the hover text writes it: rates as percentages."""
    if row.input in ("retention_fair", "retention_one_sided"):
        return f"retention {percent(value, 1)} (churn {percent(1 - value, 1)})"
    if row.input in ("growth_rate", "discount_rate", "fair_share"):
        return percent(value, 1)
    return number(value, 2, trim=True)


def _tick(row: SensitivityRow) -> str:
    """A row's label, saying why a bar is missing where it is."""
    label = wrap(row.label, 30, max_lines=2)
    if row.swing != 0:
        return label
    moves_net_colr = (
        row.seller_colr_net_low != row.seller_colr_net_high
        or row.customer_colr_net_low != row.customer_colr_net_high
    )
    if moves_net_colr:
        why = "moves only the net COLR"
    elif row.base_value == 0 or (row.input.startswith("retention") and row.base_value == 1):
        why = "at 0: no swing" if row.base_value == 0 else "no churn: no swing"
    else:
        why = "no effect at this price"
    return f"{label} <span style='color:{MUTED_INK}'>({why})</span>"


def tornado(
    result: SensitivityResult,
    *,
    seller: str,
    customer: str,
    currency: str,
    unit: str = "unit",
    period: str = "period",
) -> go.Figure:
    """Draw the sensitivity tornado: every input moved down and up, both parties' NPVs.

    Parameters
    ----------
    result
        From :func:`negotiation_lib.domain.sensitivity.case_sensitivity`.
    seller, customer
        The parties' names.
    currency, unit, period
        The case's currency code, unit and period (for the inputs' units in the hover text).

    Returns
    -------
    plotly.graph_objects.Figure
        Two panels (seller left, customer right) sharing the inputs as rows, in the result's
        order (largest swing at the top). Each row has one bar for the input moved down and one
        for it moved up, drawn from the base NPV (``base`` = base NPV, bar end = the NPV with the
        input moved). A retention moves through its churn, and its row says so; a row without
        a swing says why (the input is 0, it moves only the net COLR, or it has no effect at
        this price). The figure grows with the rows, so twenty stay readable.
    """
    s, cst, c = safe(seller), safe(customer), safe(currency)
    u, per = safe(unit), safe(period)
    rows = result.rows
    pct = percent(result.change)
    layout = side_by_side((f"{npv_of('Seller', s)}, {c}", f"{npv_of('Customer', cst)}, {c}"), 0.04)
    y = list(range(len(rows)))
    panels = (
        (
            s,
            result.base_seller_npv,
            [r.seller_npv_low for r in rows],
            [r.seller_npv_high for r in rows],
            SELLER_LIGHT,
            SELLER,
        ),
        (
            cst,
            result.base_customer_npv,
            [r.customer_npv_low for r in rows],
            [r.customer_npv_high for r in rows],
            CUSTOMER_LIGHT,
            CUSTOMER,
        ),
    )
    labels = [safe(r.label) for r in rows]
    # Retentions are written as percentages with their churn, which says it all.
    units = [_input_unit(r, c, u, per) for r in rows]
    data: list[Spec] = []
    shapes: list[Spec] = []
    roles = ("Seller", "Customer")
    for panel, role, (party, base, lows, highs, light, dark) in zip(
        _PANELS, roles, panels, strict=True
    ):
        npv_name = npv_of(role, party)
        for label, npvs, moved, colour, group in (
            (f"{party}: input {pct} lower", lows, [r.low_value for r in rows], light, "low"),
            (f"{party}: input {pct} higher", highs, [r.high_value for r in rows], dark, "high"),
        ):
            bars: Spec = {
                "type": "bar",
                "name": label,
                "orientation": "h",
                "y": y,
                "x": [v - base for v in npvs],
                "base": [base] * len(rows),
                "marker": {"color": colour},
                # One ready string per bar: cheaper to validate than six fields each.
                "hovertext": [
                    f"<b>{text}</b><br>at {_moved(r, m)}"
                    + (f" {unit_text}" if unit_text else "")
                    + f" (as entered: {_moved(r, r.base_value)})<br>{npv_name}: "
                    f"{money(v, c)} ({signed_money(v - base, c)})"
                    for text, r, m, v, unit_text in zip(
                        labels, rows, moved, npvs, units, strict=True
                    )
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "offsetgroup": group,
            }
            data.append(_in_panel(bars, panel))
        shapes.append(vline(base, {"color": INK, "width": 1.5}, panel=panel))
    if not rows:
        layout["annotations"].append(note("No input to move: every key input is zero"))
    for panel in _PANELS:
        layout[f"yaxis{panel}"].update(
            tickmode="array",
            tickvals=y,
            ticktext=[_tick(r) for r in rows],
            autorange="reversed",
            showgrid=False,
            ticks="",
            tickfont={"size": 12},
        )
    for panel, role in zip(_PANELS, roles, strict=True):
        layout[f"xaxis{panel}"].update(
            tickformat=AXIS_FORMAT, title={"text": f"{role}'s NPV ({c})"}
        )
    return figure(
        f"What moves the NPV most: each input {pct} down and up",
        subtitle=(
            f"Bars start at the base NPV (black line): {npv_of('Seller', s)} "
            f"{money(result.base_seller_npv, c)}, {npv_of('Customer', cst)} "
            f"{money(result.base_customer_npv, c)}"
            f"<br>A retention moves through its churn (1 − retention, {pct} more or less), "
            "never the retention itself; light bars: input lower, dark bars: input higher"
        ),
        height=max(420, 200 + 30 * len(rows)),
        data=data,
        layout={
            **layout,
            "shapes": shapes,
            "barmode": "overlay",
            "bargap": 0.3,
            # The subtitle says which bar is which: a legend below twenty rows is far away.
            "showlegend": False,
            "margin": {"b": 60},
        },
    )
