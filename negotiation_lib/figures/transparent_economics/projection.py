"""The relationship projected over many repetitions: the fair deal against the tough one.

Takes a :class:`~negotiation_lib.domain.projection.ProjectionResult` and returns a
:class:`plotly.graph_objects.Figure`; nothing here computes a number the domain layer owns.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

from negotiation_lib.domain.projection import ProjectionResult
from negotiation_lib.figures.style import CUSTOMER, GOOD, SELLER, WARN, safe
from negotiation_lib.figures.transparent_economics.common import (
    Spec,
    figure,
    note,
    npv_of,
    settled,
    vline,
)
from negotiation_lib.formatting import AXIS_FORMAT, d3_format, money, percent, price_decimals
from negotiation_lib.sentences import squeeze_pays

__all__ = ["npv_by_price", "npv_curves"]


def npv_curves(
    projection: ProjectionResult,
    *,
    seller: str,
    customer: str,
    currency: str,
    unit: str | None = None,
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
    unit
        The case's unit, to say what the prices in the legend are per; left out when None.

    Returns
    -------
    plotly.graph_objects.Figure
        Four curves over the repetitions: each party under the trust scenario (solid) and the
        CPT scenario (dashed). The crossover repetition, where the fair deal's cumulative
        value for the seller passes the tough deal's, is marked and annotated; when there is
        none, an annotation says the fair deal does not overtake within the horizon.
    """
    s, cst, c = safe(seller), safe(customer), safe(currency)
    per_unit = f" per {safe(unit)}" if unit is not None else ""
    trust, cpt = projection.scenarios.trust, projection.scenarios.cpt
    d = price_decimals(trust.pocket_price_per_unit)  # the trust deal's price is the fair one
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
                f"{party}, {label} at {money(scenario.pocket_price_per_unit, c, d)}{per_unit}"
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
            f"{npv_of('Seller', s)}: {money(trust.seller_npv, c)} with the fair deal, "
            f"{money(cpt.seller_npv, c)} with the tough one<br>"
            f"{npv_of('Customer', cst)}: {money(trust.customer_npv, c)} with the fair deal, "
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
            "yaxis": {"title": {"text": f"Cumulative NPV ({c})"}, "tickformat": AXIS_FORMAT},
            "legend": {"y": -0.18, "yanchor": "top", "orientation": "h"},
            "margin": {"b": 120},
        },
    )


# --------------------------------------------------------------------------- NPV by price


def _price_marks(
    projection: ProjectionResult, s: str, c: str, u: str
) -> list[tuple[str, str, float, float, float, str, str]]:
    """The prices to mark, each with its legend name, label, NPVs, colour and marker.

    The seller-optimal price joins the fair price when they are the same.
    """
    trust, optimal = projection.scenarios.trust, projection.seller_optimal
    d = price_decimals(trust.pocket_price_per_unit)  # the trust deal's price is the fair one
    fair = money(trust.pocket_price_per_unit, c, d)
    marks = []
    pays = squeeze_pays(projection)
    if optimal is not None and pays:
        marks.append(
            (
                f"Best price for {s}: {money(optimal.price_per_unit, c, d)} per {u}",
                f"best for {s}",
                optimal.price_per_unit,
                optimal.seller_npv,
                optimal.customer_npv,
                SELLER,
                "star",
            )
        )
    marks.append(
        (
            f"Fair price{f' = best price for {s}' if pays is False else ''}: {fair} per {u}",
            f"fair price = best for {s}" if pays is False else "fair price",
            trust.pocket_price_per_unit,
            trust.seller_npv,
            trust.customer_npv,
            GOOD,
            "diamond",
        )
    )
    marks.append(
        (
            f"Pocket price now: {money(projection.pocket_price_per_unit, c, d)} per {u}",
            "pocket price now",
            projection.pocket_price_per_unit,
            projection.seller_npv,
            projection.customer_npv,
            WARN,
            "circle",
        )
    )
    return marks


def npv_by_price(
    prices: ArrayLike,
    seller_npv: ArrayLike,
    customer_npv: ArrayLike,
    projection: ProjectionResult,
    *,
    seller: str,
    customer: str,
    currency: str,
    unit: str,
) -> go.Figure:
    """Draw both parties' NPV against the price across the ZOPA, with the prices that matter.

    Parameters
    ----------
    prices, seller_npv, customer_npv
        The prices of the ZOPA, floor to ceiling in increasing order, and both parties' NPVs
        of the relationship at each (computed by the caller from the domain; drawn as given).
    projection
        The projection at the case's price: its fair (trust) scenario, its seller-optimal
        price and its own price and NPVs are marked.
    seller, customer
        The parties' names.
    currency, unit
        The case's currency code and unit.

    Returns
    -------
    plotly.graph_objects.Figure
        One line per party; markers and dotted vertical lines at the fair price, the
        seller-optimal price (merged with the fair price when they coincide) and the current
        pocket price, with both NPVs there in the legend and the hover text. Above the fair
        price each unit earns the seller more but a one-sided deal is renewed less often, so
        the seller's curve shows whether squeezing pays under the case's assumptions.
    """
    s, cst, c, u = safe(seller), safe(customer), safe(currency), safe(unit)
    x = np.asarray(prices, dtype=np.float64)
    marks = _price_marks(projection, s, c, u)
    price_d = price_decimals(projection.scenarios.trust.pocket_price_per_unit)
    data: list[Spec] = [
        {
            "type": "scatter",
            "name": name,
            "x": x,
            "y": np.asarray(values, dtype=np.float64),
            "mode": "lines",
            "line": {"color": colour, "width": 2.5},
            "hovertemplate": (
                f"At %{{x:{d3_format(price_d)}}} {c} per {u}<br>{name}: "
                f"<b>%{{y:,.0f}} {c}</b><extra></extra>"
            ),
        }
        for name, values, colour in (
            (npv_of("Seller", s), seller_npv, SELLER),
            (npv_of("Customer", cst), customer_npv, CUSTOMER),
        )
    ]
    span = [*x.tolist(), *(m[2] for m in marks)]
    lo, hi = min(span), max(span)
    shapes: list[Spec] = []
    annotations: list[Spec] = []
    for k, (name, label, price, s_npv, c_npv, colour, symbol) in enumerate(marks):
        data.append(
            {
                "type": "scatter",
                "name": name,
                "x": [price, price],
                "y": [s_npv, c_npv],
                "mode": "markers",
                "marker": {
                    "size": 13,
                    "color": colour,
                    "symbol": symbol,
                    "line": {"color": "white", "width": 1.5},
                },
                "customdata": [[npv_of("Seller", s)], [npv_of("Customer", cst)]],
                "hovertemplate": (
                    f"<b>{name}</b><br>%{{customdata[0]}}: <b>%{{y:,.0f}} {c}</b><extra></extra>"
                ),
            }
        )
        shapes.append(vline(price, {"color": colour, "width": 1.2, "dash": "dot"}))
        # Labels sit at the top, one line lower each, so that close prices stay readable; in
        # the right third of the axis they sit left of their line, so as not to be cut off.
        right = price > lo + 0.66 * (hi - lo)
        annotations.append(
            {
                "x": price,
                "xref": "x",
                "y": 1.0 - 0.07 * k,
                "yref": "paper",
                "yanchor": "top",
                "xanchor": "right" if right else "left",
                "xshift": -3 if right else 3,
                "text": label,
                "showarrow": False,
                "font": {"color": colour, "size": 12},
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )
    if x.size == 0:
        annotations.append(note("No zone of possible agreement: no price works for both sides"))
    pad = 0.04 * (hi - lo) if hi > lo else max(1.0, abs(hi) * 0.05)
    trust = projection.scenarios.trust
    return figure(
        f"What each price is worth over the relationship, floor to ceiling per {u}",
        subtitle=(
            f"At the fair price {s} gets {percent(trust.seller_share)} of the gain over both "
            f"BATNAs<br>There: {npv_of('Seller', s)} {money(trust.seller_npv, c)} · "
            f"{npv_of('Customer', cst)} {money(trust.customer_npv, c)}"
        ),
        height=480,
        data=data,
        layout={
            "shapes": shapes,
            "annotations": annotations,
            "xaxis": {
                "title": {"text": f"Pocket price ({c} per {u})"},
                "range": [lo - pad, hi + pad],
                "tickformat": ",",
            },
            "yaxis": {
                "title": {"text": f"NPV over the relationship ({c})"},
                "tickformat": AXIS_FORMAT,
            },
            "legend": {"y": -0.2, "yanchor": "top", "orientation": "h"},
            "margin": {"b": 130},
        },
    )
