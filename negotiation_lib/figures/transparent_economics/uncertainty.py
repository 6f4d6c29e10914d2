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
from negotiation_lib.domain.sensitivity import SensitivityResult
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
)
from negotiation_lib.figures.transparent_economics.common import (
    Spec,
    figure,
    hline,
    note,
    settled,
    side_by_side,
    vline,
)
from negotiation_lib.formatting import money, number, percent, signed_money

__all__ = ["monte_carlo_bands", "tornado"]

_PANELS = ("", "2")
"""The axis suffix of the seller's (left) and the customer's (right) panel."""


def _in_panel(trace: Spec, panel: str) -> Spec:
    return {**trace, "xaxis": f"x{panel}", "yaxis": f"y{panel}"}


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
        trace: P90 forward, then P10 backward) and the ``cumulative_p50`` line; a dotted line
        marks each party's BATR.
    """
    s, cst, c = safe(seller), safe(customer), safe(currency)
    parties: tuple[tuple[str, PartyDistribution, str, str], ...] = (
        (s, mc.seller, SELLER, SELLER_FILL),
        (cst, mc.customer, CUSTOMER, CUSTOMER_FILL),
    )
    layout = side_by_side(
        (
            f"{s}: beats its BATR in {percent(mc.seller.probability_beats_batr)} of paths",
            f"{cst}: beats its BATR in {percent(mc.customer.probability_beats_batr)} of paths",
        ),
        0.05,
    )
    n = len(mc.seller.cumulative_p50)
    t = list(range(n))
    data: list[Spec] = []
    shapes: list[Spec] = []
    for panel, (name, dist, colour, fill) in zip(_PANELS, parties, strict=True):
        band: Spec = {
            "type": "scatter",
            "name": f"{name}: P10–P90",
            "x": t + t[::-1],
            "y": dist.cumulative_p90.tolist() + dist.cumulative_p10[::-1].tolist(),
            "fill": "toself",
            "fillcolor": fill,
            "line": {"color": "rgba(0,0,0,0)"},
            "mode": "lines",
            "hoverinfo": "skip",
        }
        median: Spec = {
            "type": "scatter",
            "name": f"{name}: median (P50)",
            "x": t,
            "y": dist.cumulative_p50.tolist(),
            "mode": "lines",
            "line": {"color": colour, "width": 2.5},
            "customdata": np.column_stack([dist.cumulative_p10, dist.cumulative_p90]).tolist(),
            "hovertemplate": (
                f"{name}, repetition %{{x}}<br>P50 <b>%{{y:,.0f}} {c}</b><br>"
                "P10 %{customdata[0]:,.0f} – P90 %{customdata[1]:,.0f}<extra></extra>"
            ),
        }
        data += [_in_panel(band, panel), _in_panel(median, panel)]
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
                "yanchor": "top",
                "yref": f"y{panel}",
                "showarrow": False,
            }
        )
    reach = settled(
        [d.cumulative_p90 for _, d, *_ in parties] + [d.cumulative_p50 for _, d, *_ in parties],
        crossover=None,
        horizon=n,
    )
    for panel in _PANELS:
        layout[f"xaxis{panel}"].update(
            title={"text": "Repetition (0 = this deal)"}, range=[0, reach]
        )
        layout[f"yaxis{panel}"]["tickformat"] = "~s"
    layout["yaxis"]["title"] = {"text": f"Cumulative NPV ({c})"}
    return figure(
        f"How sure is the NPV? {number(mc.paths)} simulated relationships",
        subtitle=(
            "Shaded: P10 to P90 of the cumulative NPV over the paths; line: the median<br>"
            + "<br>".join(
                f"NPV for {name}: P10 {number(d.p10)}, P50 {number(d.p50)}, P90 {number(d.p90)} {c}"
                for name, d, *_ in parties
            )
        ),
        height=520,
        data=data,
        layout={
            **layout,
            "shapes": shapes,
            "legend": {"y": -0.2, "yanchor": "top", "orientation": "h"},
            "margin": {"b": 100},
        },
    )


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
    layout = side_by_side((f"NPV for {s}", f"NPV for {cst}"), 0.04)
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
    data: list[Spec] = []
    shapes: list[Spec] = []
    for panel, (party, base, lows, highs, light, dark) in zip(_PANELS, panels, strict=True):
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
                "customdata": [
                    [
                        text,
                        number(m, 4, trim=True),
                        number(v),
                        signed_money(v - base, c),
                    ]
                    for text, m, v in zip(labels, moved, npvs, strict=True)
                ],
                "hovertemplate": (
                    "<b>%{customdata[0]}</b> at %{customdata[1]}<br>"
                    f"NPV %{{customdata[2]}} {c} (%{{customdata[3]}})<extra></extra>"
                ),
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
            ticktext=labels,
            autorange="reversed",
            showgrid=False,
            ticks="",
        )
        layout[f"xaxis{panel}"].update(tickformat="~s", title={"text": f"NPV ({c})"})
    return figure(
        f"What moves the NPV most: each input {pct} down and up",
        subtitle=(
            f"Bars start at the base NPV (black line): {s} "
            f"{money(result.base_seller_npv, c)}, {cst} {money(result.base_customer_npv, c)}"
        ),
        height=max(380, 170 + 44 * len(rows)),
        data=data,
        layout={
            **layout,
            "shapes": shapes,
            "barmode": "overlay",
            "bargap": 0.35,
            "legend": {"y": -0.14, "yanchor": "top", "orientation": "h"},
            "margin": {"b": 100, "l": 170},
        },
    )
