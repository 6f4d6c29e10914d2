"""The relationship projected over many repetitions: the fair deal against the tough one.

Takes a :class:`~negotiation_lib.domain.projection.ProjectionResult` and returns a
:class:`plotly.graph_objects.Figure`; nothing here computes a number the domain layer owns.
"""

from __future__ import annotations

import plotly.graph_objects as go

from negotiation_lib.domain.projection import ProjectionResult
from negotiation_lib.figures.style import CUSTOMER, GOOD, SELLER, WARN, safe
from negotiation_lib.figures.transparent_economics.common import (
    Spec,
    figure,
    note,
    settled,
    vline,
)
from negotiation_lib.formatting import money

__all__ = ["npv_curves"]


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
    curves = (
        (s, "fair deal", trust, trust.seller.cumulative_npv, SELLER, "solid"),
        (s, "tough deal", cpt, cpt.seller.cumulative_npv, SELLER, "dash"),
        (cst, "fair deal", trust, trust.customer.cumulative_npv, CUSTOMER, "solid"),
        (cst, "tough deal", cpt, cpt.customer.cumulative_npv, CUSTOMER, "dash"),
    )
    data: list[Spec] = [
        {
            "type": "scatter",
            "name": (
                f"{party}, {label} at {money(scenario.pocket_price_per_unit, c, 2, trim=True)}"
            ),
            "x": t,
            "y": values.tolist(),
            "mode": "lines",
            "line": {"color": colour, "width": 2.5 if dash == "solid" else 2, "dash": dash},
            "hovertemplate": f"{party}, {label}: <b>%{{y:,.0f}} {c}</b><extra></extra>",
        }
        for party, label, scenario, values, colour, dash in curves
    ]
    marks: Spec
    if crossover is not None:
        y_cross = float(trust.seller.cumulative_npv[crossover])
        data.append(
            {
                "type": "scatter",
                "name": f"Crossover: repetition {crossover}",
                "x": [crossover],
                "y": [y_cross],
                "mode": "markers",
                "marker": {
                    "size": 12,
                    "color": GOOD,
                    "symbol": "circle",
                    "line": {"color": "white", "width": 2},
                },
                "hovertemplate": (
                    f"From repetition {crossover} on the fair deal is worth more to {s}"
                    "<extra></extra>"
                ),
                "showlegend": False,
            }
        )
        marks = {
            "shapes": [vline(crossover, {"color": GOOD, "width": 1, "dash": "dot"})],
            "annotations": [
                {
                    "x": crossover,
                    "y": y_cross,
                    "text": (
                        f"<b>Crossover at repetition {crossover}</b><br>from here on the fair "
                        f"deal is worth more to {s}"
                    ),
                    "showarrow": True,
                    "arrowhead": 2,
                    "arrowcolor": GOOD,
                    "ax": 60,
                    "ay": 60,
                    "xanchor": "left",
                    "align": "left",
                    "font": {"color": GOOD, "size": 12},
                    "bgcolor": "rgba(255,255,255,0.9)",
                }
            ],
        }
    else:
        none = note(
            f"<b>No crossover</b>: within {projection.repetitions} repetitions the fair "
            f"deal does not overtake the tough one for {s}",
            x=0.98,
            y=0.05,
            colour=WARN,
        )
        none.update(xanchor="right", yanchor="bottom", bgcolor="rgba(255,255,255,0.9)")
        marks = {"annotations": [none]}
    # Most of the value arrives early; stop the axis where the curves have nearly levelled off.
    reach = settled([curve[3] for curve in curves], crossover=crossover, horizon=len(t))
    n = projection.repetitions
    return figure(
        f"The relationship over {n} {'repetition' if n == 1 else 'repetitions'}: "
        "fair deal against tough deal",
        subtitle=(
            f"NPV for {s}: {money(trust.seller_npv, c)} with the fair deal, "
            f"{money(cpt.seller_npv, c)} with the tough one<br>"
            f"NPV for {cst}: {money(trust.customer_npv, c)} with the fair deal, "
            f"{money(cpt.customer_npv, c)} with the tough one"
        ),
        height=540,
        data=data,
        layout={
            **marks,
            "hovermode": "x unified",
            "xaxis": {
                "title": {"text": "Repetition (0 = this deal)"},
                "range": [0, reach],
                "rangemode": "tozero",
            },
            "yaxis": {"title": {"text": f"Cumulative NPV ({c})"}, "tickformat": "~s"},
            "legend": {"y": -0.18, "yanchor": "top", "orientation": "h"},
            "margin": {"b": 120},
        },
    )
