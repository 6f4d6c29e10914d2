"""Charts of the win-win worksheet: the trust check and the agreements on the Pareto frontier.

Each function takes domain results (and the case's inputs for labels) and returns a
:class:`plotly.graph_objects.Figure`; nothing here computes a number the domain layer owns.
Numbers are written by :func:`negotiation_lib.formatting.number` (at most the decimals asked
for, trailing zeros dropped) and user-typed text escaped by
:func:`negotiation_lib.formatting.escape`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import plotly.graph_objects as go

from negotiation_lib.domain.case import Trust, TrustView
from negotiation_lib.domain.trust import READY_STYLE, READY_TRUST, TrustResult, TrustScore
from negotiation_lib.domain.win_win import IssueValue, Outcome, PackageScore, WinWinResult
from negotiation_lib.figures.style import (
    BAD,
    CUSTOMER,
    GOOD,
    GOOD_FILL,
    INK,
    MUTED,
    NEUTRAL,
    SELLER,
    WARN,
    new_figure,
    wrap,
)
from negotiation_lib.formatting import escape, money, number, price_decimals
from negotiation_lib.vocabulary import issue_label

__all__ = [
    "FairPriceMark",
    "package_colour",
    "pareto_scatter",
    "style_profile",
    "trust_factors",
]


@dataclass(frozen=True, slots=True)
class FairPriceMark:
    """The agreement on the Pareto frontier priced nearest to the fair price for its terms.

    Made by the worksheet's model from the case assessment; the chart only draws it.

    Attributes
    ----------
    outcome
        The frontier outcome.
    price_per_unit
        Its value of the issue that is the price per unit.
    fair_price_per_unit
        The price that gives the seller exactly its fair share of the gain with that outcome's
        options (:attr:`~negotiation_lib.domain.win_win.PackageEconomics.fair_price_per_unit`).
    within_one_step
        Whether the two are at most one step of the price issue apart.
    """

    outcome: Outcome
    price_per_unit: float
    fair_price_per_unit: float
    within_one_step: bool


_FACTORS = (
    ("credibility", "Credibility"),
    ("reliability", "Reliability"),
    ("intimacy", "Intimacy"),
    ("self_orientation", "Self-orientation<br>(lower is better)"),
)

_DIMENSIONS = (
    ("relationship", "Relationship first"),
    ("transparency", "Full transparency"),
    ("long_term", "The long term"),
    ("overall", "<b>Overall</b>"),
)


# Neighbouring packages and solutions often sit within a point or two of each other, so each
# package's number is a call-out. Up and to the right of the frontier no feasible outcome
# lies, so the call-outs point there, fanned out by angle and length (degrees, pixels).
_CALLOUTS = ((45, 58), (20, 66), (70, 66), (32, 88), (58, 88), (8, 84), (82, 84))


def _note(text: str, colour: str = NEUTRAL) -> dict[str, object]:
    return {
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "text": text,
        "showarrow": False,
        "font": {"color": colour, "size": 14},
    }


# --------------------------------------------------------------------------- trust


def trust_factors(trust: TrustResult, view_inputs: Trust) -> go.Figure:
    """Compare the four trust factors as the seller sees itself and as the customer sees it.

    Parameters
    ----------
    trust
        From :func:`negotiation_lib.domain.trust.assess_trust`: the scores and weakest
        factors of each view.
    view_inputs
        The trust section of the case: the factor ratings of each view (1 to 10).

    Returns
    -------
    plotly.graph_objects.Figure
        Grouped bars, one group per factor and one bar per view that is filled in; the weakest
        factor of each view is outlined in orange, and both trust scores
        ``(C + R + I) / S`` are in the title.
    """
    views: tuple[tuple[str, str, TrustView | None, TrustScore | None, str], ...] = (
        ("Seller's self-view", "self-view", view_inputs.seller_view, trust.seller_view, SELLER),
        (
            "How the customer sees the seller",
            "customer's view",
            view_inputs.customer_view,
            trust.customer_view,
            CUSTOMER,
        ),
    )
    rated = [(short, score) for _, short, _, score, _ in views if score is not None]
    title = (
        "Trust equation (C + R + I) / S: "
        + ", ".join(f"{short} {number(score.score, 1, trim=True)}" for short, score in rated)
        if rated
        else "Trust equation: no view rated yet"
    )
    weakest = "; ".join(
        f"{short}: " + ", ".join(w.replace("_", "-") for w in score.weakest)
        for short, score in rated
    )
    fig = new_figure(
        title,
        subtitle=(
            f"Weakest factor, outlined ⚠ ({weakest}) · for win-win the customer's view "
            f"should reach {number(READY_TRUST, 1, trim=True)}"
            if rated
            else "Rate credibility, reliability, intimacy and self-orientation from 1 to 10"
        ),
        height=460,
    )
    names = [f for f, _ in _FACTORS]
    for label, _, view, score, colour in views:
        if view is None or score is None:
            continue
        ratings = [float(getattr(view, f)) for f in names]
        weak = [f in score.weakest for f in names]
        fig.add_trace(
            go.Bar(
                name=f"{label}: {number(score.score, 1, trim=True)}",
                x=list(range(len(names))),
                y=ratings,
                marker={
                    "color": colour,
                    "line": {
                        "color": [WARN if w else colour for w in weak],
                        "width": [4 if w else 0 for w in weak],
                    },
                },
                text=[
                    number(r, 1, trim=True) + (" ⚠" if w else "")
                    for r, w in zip(ratings, weak, strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                customdata=[
                    [t, "weakest factor" if w else ""]
                    for (_, t), w in zip(_FACTORS, weak, strict=True)
                ],
                hovertemplate=(
                    f"<b>{label}</b><br>%{{customdata[0]}}: %{{y}} / 10<br>"
                    "%{customdata[1]}<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        barmode="group",
        bargap=0.3,
        bargroupgap=0.08,
        xaxis={
            "tickmode": "array",
            "tickvals": list(range(len(names))),
            "ticktext": [t for _, t in _FACTORS],
            "showgrid": False,
        },
        yaxis={"title": {"text": "Rating (1 to 10)"}, "range": [0, 11], "dtick": 2},
        legend={"x": 1.0, "xanchor": "right"},
        annotations=[] if rated else [_note("Rate at least one view to see the factors")],
    )
    return fig


def style_profile(trust: TrustResult) -> go.Figure:
    """Show the negotiation-style diagnostic: three dimensions and the overall score.

    Parameters
    ----------
    trust
        From :func:`negotiation_lib.domain.trust.assess_trust`.

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal bars from 0 (competitive, power-based, transactional) to 100
        (trust-based), green from the readiness level up and orange below it; a dashed line
        marks the level. Dimensions with no answers are labelled "not answered yet".
    """
    style = trust.style
    overall = style.overall
    if overall is None:
        title = "Negotiation style: not answered yet"
    else:
        leaning = (
            "trust-based" if overall >= READY_STYLE else "competitive, power-based, transactional"
        )
        title = f"Negotiation style: {number(overall)}/100 overall, leaning {leaning}"
    ready = trust.readiness.ready
    fig = new_figure(
        title,
        subtitle=(
            "Ready for win-win? "
            + ("Yes" if ready else "Not yet" if ready is False else "Not known yet")
            + f" · {style.answered} of 12 questions answered"
        ),
        height=400,
    )
    scores = [getattr(style, key) for key, _ in _DIMENSIONS]
    shown = [0.0 if v is None else float(v) for v in scores]
    fig.add_trace(
        go.Bar(
            name="Style score",
            orientation="h",
            x=shown,
            y=list(range(len(_DIMENSIONS))),
            marker={
                "color": [
                    MUTED if v is None else GOOD if v >= READY_STYLE else WARN for v in scores
                ]
            },
            text=["not answered yet" if v is None else f"<b>{number(v)}</b>" for v in scores],
            textposition="outside",
            cliponaxis=False,
            customdata=[label.replace("<b>", "").replace("</b>", "") for _, label in _DIMENSIONS],
            hovertemplate="<b>%{customdata}</b>: %{x:.0f} / 100<extra></extra>",
            showlegend=False,
        )
    )
    fig.add_vline(
        x=READY_STYLE,
        line={"color": NEUTRAL, "width": 1.5, "dash": "dash"},
        annotation={
            "text": f"ready from {number(READY_STYLE)}",
            "font": {"color": NEUTRAL, "size": 12},
        },
        annotation_position="top",
    )
    fig.update_layout(
        xaxis={
            "title": {"text": "0 = competitive, power-based, transactional · 100 = trust-based"},
            "range": [0, 112],
            "tickvals": [0, 25, 50, 75, 100],
        },
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(_DIMENSIONS))),
            "ticktext": [label for _, label in _DIMENSIONS],
            "autorange": "reversed",
            "showgrid": False,
        },
        bargap=0.35,
        margin={"l": 150},
    )
    return fig


# --------------------------------------------------------------------------- Pareto


def package_colour(package: PackageScore) -> str:
    """Return the colour of a package on the Pareto chart: green, orange or red.

    Parameters
    ----------
    package
        A scored package.

    Returns
    -------
    str
        :data:`~negotiation_lib.figures.style.GOOD` when win-win,
        :data:`~negotiation_lib.figures.style.WARN` when feasible but not win-win,
        :data:`~negotiation_lib.figures.style.BAD` when not feasible.
    """
    if package.win_win:
        return GOOD
    return WARN if package.feasible else BAD


def _status(package: PackageScore) -> str:
    if package.win_win:
        return "win-win"
    return "feasible, not win-win" if package.feasible else "not feasible"


def _values_text(values: Mapping[str, IssueValue], names: Mapping[str, str]) -> str:
    """An agreement's terms for the hover text, each issue by its name, never its id."""
    return "<br>".join(
        f"{escape(names.get(k) or issue_label(k))}: "
        f"{number(v, 2, trim=True) if isinstance(v, int | float) else escape(v)}"
        for k, v in values.items()
    )


def _solution(
    fig: go.Figure,
    points: tuple[Outcome, ...],
    name: str,
    symbol: str,
    size: int,
    colour: str,
    names: Mapping[str, str],
) -> None:
    if not points:
        return
    fig.add_trace(
        go.Scatter(
            name=name,
            x=[o.seller_utility for o in points],
            y=[o.customer_utility for o in points],
            mode="markers",
            marker={
                "symbol": symbol,
                "size": size,
                "color": colour,
                "line": {"color": colour, "width": 2},
            },
            customdata=[_values_text(o.values, names) for o in points],
            hovertemplate=(
                f"<b>{name}</b><br>utilities %{{x:.1f}} / %{{y:.1f}}<br>"
                "%{customdata}<extra></extra>"
            ),
        )
    )


def _fair_price(
    fig: go.Figure, mark: FairPriceMark, currency: str, unit: str, names: Mapping[str, str]
) -> None:
    per = f" per {escape(unit)}" if unit else ""
    cents = price_decimals(mark.fair_price_per_unit)  # as the economics worksheet writes prices
    fair = escape(money(mark.fair_price_per_unit, currency, cents)) + per
    price = escape(money(mark.price_per_unit, currency, cents)) + per
    name = f"Fair price: {fair}" if mark.within_one_step else f"Nearest the fair price of {fair}"
    o = mark.outcome
    fig.add_trace(
        go.Scatter(
            name=name,
            x=[o.seller_utility],
            y=[o.customer_utility],
            mode="markers",
            marker={
                "symbol": "circle-open",
                "size": 28,
                "color": GOOD,
                "line": {"color": GOOD, "width": 3},
            },
            customdata=[[price, fair, _values_text(o.values, names)]],
            hovertemplate=(
                "<b>Priced nearest the fair price</b><br>price %{customdata[0]}, fair price "
                "for these terms %{customdata[1]}<br>utilities %{x:.1f} / %{y:.1f}<br>"
                "%{customdata[2]}<extra></extra>"
            ),
        )
    )


def pareto_scatter(
    result: WinWinResult,
    *,
    seller: str,
    customer: str,
    seller_threshold: float | None = None,
    customer_threshold: float | None = None,
    fair_price: FairPriceMark | None = None,
    currency: str = "",
    unit: str = "",
    issue_names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Place the candidate agreements against the Pareto frontier and the bargaining solutions.

    Parameters
    ----------
    result
        From :func:`negotiation_lib.domain.win_win.assess_win_win`.
    seller, customer
        The parties' names.
    seller_threshold, customer_threshold
        Each party's win threshold (from its definition of winning, sealed version when
        sealed); drawn as lines, and the win-win region shaded when both are given.
    fair_price
        When an issue is the price per unit: the frontier agreement priced nearest to the
        fair price for its terms, ringed in green and named with that fair price.
    currency, unit
        The case's currency and unit, for the fair price's label.
    issue_names
        Each issue's id and the name the hover text shows (``WinWin.issue_labels``); an issue
        left out is shown by its id in words.

    Returns
    -------
    plotly.graph_objects.Figure
        Seller utility across, customer utility up (0 to 100). The frontier as a line with
        markers; each package as a numbered point coloured by its status (green win-win, orange
        feasible, red not feasible); Nash (star), Kalai–Smorodinsky (diamond) and egalitarian
        (square) points; the disagreement (walk-away) point, and the line from it to the ideal
        point on which Kalai–Smorodinsky lies; the fair price's agreement when given.
    """
    s, cst = escape(seller), escape(customer)
    names = dict(issue_names or {})
    if result.recommend_walk_away:
        title = "No agreement works for both sides: walk away"
        # The domain's reason names issues (typed by users): wrap escapes it.
        subtitle = wrap(
            result.walk_away_reason or "Nothing is feasible for both parties.", 130, max_lines=3
        )
    else:
        title = f"Agreements on the Pareto frontier: {s} against {cst}"
        subtitle = (
            f"{number(result.feasible_count)} feasible of "
            f"{number(result.outcome_count)} possible agreements, "
            f"{number(result.win_win_count)} win-win · "
            f"{len(result.frontier)} on the frontier"
        )
    fig = new_figure(title, subtitle=subtitle, height=620)

    if seller_threshold is not None and customer_threshold is not None:
        fig.add_shape(
            type="rect",
            x0=seller_threshold,
            x1=100,
            y0=customer_threshold,
            y1=100,
            fillcolor=GOOD_FILL,
            line={"width": 0},
            layer="below",
        )
        fig.add_annotation(
            x=100,
            y=100,
            text="<b>win-win</b>",
            showarrow=False,
            xanchor="right",
            yanchor="top",
            font={"color": GOOD, "size": 12},
        )
    if seller_threshold is not None:
        fig.add_trace(
            go.Scatter(
                name=f"{s} wins from {number(seller_threshold, 2, trim=True)}",
                x=[seller_threshold, seller_threshold],
                y=[0, 100],
                mode="lines",
                line={"color": SELLER, "width": 1, "dash": "dot"},
                hoverinfo="skip",
            )
        )
    if customer_threshold is not None:
        fig.add_trace(
            go.Scatter(
                name=f"{cst} wins from {number(customer_threshold, 2, trim=True)}",
                x=[0, 100],
                y=[customer_threshold, customer_threshold],
                mode="lines",
                line={"color": CUSTOMER, "width": 1, "dash": "dot"},
                hoverinfo="skip",
            )
        )
    d_s, d_c = result.disagreement
    if result.ideal is not None:
        fig.add_trace(
            go.Scatter(
                name="Walk-away point to ideal point",
                x=[d_s, result.ideal[0]],
                y=[d_c, result.ideal[1]],
                mode="lines+markers",
                line={"color": NEUTRAL, "width": 1, "dash": "dash"},
                marker={"symbol": ["circle-open", "circle-open"], "size": [1, 9], "color": NEUTRAL},
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            name=f"Walk-away point ({number(d_s, 2, trim=True)}, {number(d_c, 2, trim=True)})",
            x=[d_s],
            y=[d_c],
            mode="markers",
            marker={"symbol": "x", "size": 12, "color": INK},
            hovertemplate=(
                f"Walk-away (disagreement) point<br>{s} %{{x:.1f}}, {cst} %{{y:.1f}}<extra></extra>"
            ),
        )
    )
    if result.frontier:
        fig.add_trace(
            go.Scatter(
                name="Pareto frontier",
                x=[o.seller_utility for o in result.frontier],
                y=[o.customer_utility for o in result.frontier],
                mode="lines+markers",
                line={"color": NEUTRAL, "width": 2, "shape": "linear"},
                marker={"size": 6 if len(result.frontier) <= 40 else 4, "color": NEUTRAL},
                customdata=[_values_text(o.values, names) for o in result.frontier],
                hovertemplate=(
                    f"<b>On the frontier</b><br>{s} %{{x:.1f}}, {cst} %{{y:.1f}}<br>"
                    "%{customdata}<extra></extra>"
                ),
            )
        )
    # One dark ink for the three solutions, told apart by symbol and size, so that a point
    # where they coincide still shows all three.
    _solution(fig, result.egalitarian, "Egalitarian", "square-open", 22, INK, names)
    _solution(fig, result.kalai_smorodinsky, "Kalai–Smorodinsky", "diamond-open", 17, INK, names)
    _solution(fig, result.nash, "Nash", "star", 11, INK, names)
    if fair_price is not None:
        _fair_price(fig, fair_price, currency, unit, names)

    for k, p in enumerate(result.packages, start=1):
        colour = package_colour(p)
        fig.add_trace(
            go.Scatter(
                name=f"{k}. {wrap(p.name, 34, max_lines=2)} ({_status(p)})",
                x=[p.seller_utility],
                y=[p.customer_utility],
                mode="markers",
                marker={"size": 12, "color": colour, "line": {"color": "white", "width": 1.5}},
                customdata=[[escape(p.name), _status(p), _values_text(p.values, names)]],
                hovertemplate=(
                    f"<b>%{{customdata[0]}}</b> (%{{customdata[1]}})<br>{s} %{{x:.1f}}, "
                    f"{cst} %{{y:.1f}}<br>%{{customdata[2]}}<extra></extra>"
                ),
                legendgroup="packages",
                legendgrouptitle={"text": "Candidate agreements"} if k == 1 else None,
            )
        )
        angle, length = _CALLOUTS[(k - 1) % len(_CALLOUTS)]
        ax = length * math.cos(math.radians(angle))
        ay = -length * math.sin(math.radians(angle))
        # Near the top or the right edge there is no room beyond the point: turn back inside.
        if p.customer_utility > 90:
            ay = -ay
        if p.seller_utility > 90:
            ax = -ax
        fig.add_annotation(
            x=p.seller_utility,
            y=p.customer_utility,
            text=f"<b>{k}</b>",
            ax=ax,
            ay=ay,
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor=colour,
            standoff=6,
            font={"color": colour, "size": 13},
        )
    # Both axes share one range, from a little below the lowest point shown to 100, so that
    # the crowded upper region gets the room and the scales stay comparable.
    shown = [d_s, d_c]
    shown += [u for o in result.frontier for u in (o.seller_utility, o.customer_utility)]
    shown += [u for p in result.packages for u in (p.seller_utility, p.customer_utility)]
    shown += [t for t in (seller_threshold, customer_threshold) if t is not None]
    low = max(0.0, 10.0 * ((min(shown) - 5.0) // 10.0))
    axis_range = [low - 2.0, 102.0]
    fig.update_layout(
        xaxis={
            "title": {"text": f"Utility for {s} (0 to 100)"},
            "range": axis_range,
            "dtick": 10,
            "constrain": "domain",
        },
        yaxis={
            "title": {"text": f"Utility for {cst} (0 to 100)"},
            "range": axis_range,
            "dtick": 10,
            "scaleanchor": "x",
            "scaleratio": 1,
            "constrain": "domain",
        },
        legend={
            "orientation": "v",
            "x": 1.02,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "top",
            "groupclick": "toggleitem",
        },
        margin={"r": 20},
    )
    return fig
