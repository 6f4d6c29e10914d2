"""Scenarios side by side, drawn: the projection curves overlaid, and the prices and split.

:func:`scenario_curves` overlays the seller's cumulative NPV over the repetitions, of the fair
deal and of the tough (CPT) deal side by side, for the case itself (solid) and each named
scenario (dashed), one line each per panel;
:func:`scenario_prices` shows, per scenario, the fair price and the seller-optimal price (left)
and the seller's share of the gain over both BATNAs (right) as grouped bars. They compute
nothing: each takes the results of one :class:`~negotiation_lib.assessment.CaseAssessment` per
scenario. Scenario and party names are typed by users and escaped before plotly reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import plotly.graph_objects as go

from negotiation_lib.domain.economics import EconomicsResult
from negotiation_lib.domain.projection import ProjectionResult
from negotiation_lib.figures.style import CUSTOMER, GOOD, NEUTRAL, SELLER, WARN, safe
from negotiation_lib.figures.transparent_economics.common import Spec, figure, side_by_side
from negotiation_lib.formatting import AXIS_FORMAT, d3_format, price_decimals

__all__ = ["ScenarioResult", "scenario_curves", "scenario_prices"]

_COLOURS: Final = (SELLER, WARN, CUSTOMER, GOOD, "#00838F", "#AD1457", "#6D4C41", NEUTRAL)
"""One colour per line, the case itself first; repeated when there are more scenarios."""


@dataclass(frozen=True, eq=False)
class ScenarioResult:
    """What the charts show of one scenario (or of the case itself).

    Attributes
    ----------
    name
        The scenario's name as typed (escaped here before drawing).
    economics, projection
        The scenario's assessment's results; None when a section is missing or the scenario
        cannot be applied (the scenario is then left out of the charts).
    base
        Whether this is the case itself (drawn solid and first).
    """

    name: str
    economics: EconomicsResult | None
    projection: ProjectionResult | None
    base: bool = False


def _colour(k: int) -> str:
    return _COLOURS[k % len(_COLOURS)]


def scenario_curves(results: Sequence[ScenarioResult], *, seller: str, currency: str) -> go.Figure:
    """The seller's cumulative NPV, fair deal (left) and tough deal (right), scenarios overlaid.

    Parameters
    ----------
    results
        The case itself, then each scenario; those without a projection are left out.
    seller, currency
        The seller's name and the case's currency code.

    Returns
    -------
    plotly.graph_objects.Figure
        Per panel one line per scenario with a projection, in the same colour in both panels:
        the case itself solid, each scenario dashed. The left panel's traces come first, then
        the right panel's (``xaxis="x2"``), in the same order.

    Examples
    --------
    >>> from negotiation_lib.assessment import assess_case
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> a = assess_case(load_pumpco_acme_foods())
    >>> fig = scenario_curves([ScenarioResult("Base", a.economics, a.projection, True)],
    ...                       seller="PumpCo", currency="EUR")
    >>> len(fig.data), fig.data[0].line.dash, fig.data[1].xaxis
    (2, 'solid', 'x2')
    """
    s, c = safe(seller), safe(currency)
    data: list[Spec] = []
    for panel, deal in (("", "trust"), ("2", "cpt")):
        for k, r in enumerate(results):
            if r.projection is None:
                continue
            scenario = getattr(r.projection.scenarios, deal)
            name = safe(r.name)
            data.append(
                {
                    "type": "scatter",
                    "name": name,
                    "legendgroup": f"scenario-{k}",
                    "showlegend": not panel,
                    "x": scenario.seller.repetition.tolist(),
                    "y": scenario.seller.cumulative_npv.tolist(),
                    "xaxis": f"x{panel}",
                    "yaxis": f"y{panel}",
                    "mode": "lines",
                    "line": {
                        "color": _colour(k),
                        "width": 3 if r.base else 2,
                        "dash": "solid" if r.base else "dash",
                    },
                    "hovertemplate": (
                        f"{name}, repetition %{{x}}: <b>%{{y:,.0f}} {c}</b><extra></extra>"
                    ),
                }
            )
    layout = side_by_side(("The fair deal", "The tough (CPT) deal"), 0.06)
    layout["yaxis"].update(
        {"title": {"text": f"Seller's cumulative NPV ({c})"}, "tickformat": AXIS_FORMAT}
    )
    for axis in ("xaxis", "xaxis2"):
        layout[axis].update({"title": {"text": "Repetition (deals renewed)"}})
    layout.update(
        {
            # Below the axis titles, not over them.
            "legend": {"orientation": "h", "y": -0.3, "yanchor": "top", "x": 0, "xanchor": "left"},
            "margin": {"b": 130},
        }
    )
    return figure(
        f"{s}'s NPV over the relationship, scenario by scenario",
        subtitle="Cumulative over the repetitions: the case itself solid, each scenario dashed",
        height=480,
        data=data,
        layout=layout,
    )


def scenario_prices(
    results: Sequence[ScenarioResult], *, seller: str, currency: str, unit: str
) -> go.Figure:
    """The fair and seller-optimal prices (left) and the seller's share (right), per scenario.

    Parameters
    ----------
    results
        The case itself, then each scenario; those without results are left out.
    seller, currency, unit
        The seller's name, the case's currency code and unit.

    Returns
    -------
    plotly.graph_objects.Figure
        Left panel: two bars per scenario, the fair price and the seller-optimal price (none
        without a ZOPA). Right panel: the seller's share of the gain over both BATNAs at the
        agreed pocket price and at the fair price (its fair share), per scenario.
    """
    shown = [r for r in results if r.economics is not None and r.projection is not None]
    names = [safe(r.name) for r in shown]
    c, u, s = safe(currency), safe(unit), safe(seller)
    fair = [r.economics.fair_price_per_unit for r in shown if r.economics is not None]
    best = [
        r.projection.seller_optimal.price_per_unit
        if r.projection is not None and r.projection.seller_optimal is not None
        else None
        for r in shown
    ]
    share = [r.economics.seller_share for r in shown if r.economics is not None]
    fair_share = [r.economics.fair_share for r in shown if r.economics is not None]
    d = price_decimals(fair[0]) if fair else 0
    money_hover = f"<b>%{{y:,.{d}f}} {c} per {u}</b><extra></extra>"
    data: list[Spec] = [
        {
            "type": "bar",
            "name": f"Fair price ({c} per {u})",
            "x": names,
            "y": fair,
            "marker": {"color": GOOD},
            "hovertemplate": f"%{{x}}, fair price: {money_hover}",
        },
        {
            "type": "bar",
            "name": f"{s}'s best price over the relationship ({c} per {u})",
            "x": names,
            "y": best,
            "marker": {"color": SELLER},
            "hovertemplate": f"%{{x}}, {s}'s best price: {money_hover}",
        },
        {
            "type": "bar",
            "name": f"{s}'s share of the gain at the agreed price",
            "x": names,
            "y": share,
            "xaxis": "x2",
            "yaxis": "y2",
            "marker": {"color": WARN},
            "hovertemplate": "%{x}, share at the agreed price: <b>%{y:.1%}</b><extra></extra>",
        },
        {
            "type": "bar",
            "name": f"{s}'s fair share of the gain",
            "x": names,
            "y": fair_share,
            "xaxis": "x2",
            "yaxis": "y2",
            "marker": {"color": NEUTRAL},
            "hovertemplate": "%{x}, fair share: <b>%{y:.1%}</b><extra></extra>",
        },
    ]
    layout = side_by_side(
        (f"Prices ({c} per {u})", f"{s}'s share of the gain over both BATNAs"), 0.12
    )
    # Prices and shares have different units: the right panel keeps its own axis.
    layout["yaxis"].update({"tickformat": d3_format(d), "title": {"text": f"{c} per {u}"}})
    layout["yaxis2"] = {
        "anchor": "x2",
        "domain": [0.0, 1.0],
        "tickformat": ".0%",
        "range": [0, 1],
        "title": {"text": "Share (0–100%)"},
    }
    layout.update(
        {
            "barmode": "group",
            "legend": {"orientation": "h", "y": -0.22, "x": 0, "xanchor": "left"},
            "margin": {"b": 130},
        }
    )
    return figure(
        "Prices and the value split, scenario by scenario",
        height=480,
        data=data,
        layout=layout,
    )
