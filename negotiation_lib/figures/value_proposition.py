"""Charts of the value-proposition worksheet: EVE waterfall, moves map, strategic fit.

Each function takes the case's inputs (for labels) and the domain's results, and returns a
:class:`plotly.graph_objects.Figure`; nothing here computes a number the domain layer owns.
"""

from __future__ import annotations

import plotly.graph_objects as go

from negotiation_lib.domain.case import Strategy, Value
from negotiation_lib.domain.strategy import StrategyResult
from negotiation_lib.domain.value import ValueResult
from negotiation_lib.figures.style import (
    BAD,
    GOOD,
    GOOD_FILL,
    INK,
    MONEY_FORMAT,
    MUTED,
    NEUTRAL,
    SELLER,
    WARN,
    WARN_FILL,
    new_figure,
    safe,
    wrap,
)
from negotiation_lib.formatting import AXIS_FORMAT, money, number, percent, signed_money

__all__ = ["eve_waterfall", "moves_map", "strategic_fit_chart"]


def _amount(x: float, currency: str, decimals: int = 2) -> str:
    """An amount for a chart label: at most ``decimals`` decimals, the currency escaped."""
    return money(x, safe(currency), decimals, trim=True)


def _change(x: float, currency: str, decimals: int = 2) -> str:
    """A signed amount for a chart label (``+2,500 EUR``, ``−600 EUR``), the currency escaped."""
    return signed_money(x, safe(currency), decimals, trim=True)


def eve_waterfall(value: Value, result: ValueResult, *, currency: str, unit: str) -> go.Figure:
    """Draw the economic value estimation (EVE) as a waterfall, reference to total.

    Parameters
    ----------
    value
        The value section: the reference (next-best alternative) and the drivers, for labels,
        confidences and per-driver bars.
    result
        From :func:`negotiation_lib.domain.value.assess_value`.
    currency, unit
        The case's currency code and unit (as typed; escaped here).

    Returns
    -------
    plotly.graph_objects.Figure
        One ``go.Waterfall``: the reference price, one bar up or down per driver, the EVE as
        the total; a dashed line marks the confidence-weighted EVE. With no drivers the
        waterfall holds the reference and the total only.
    """
    n = len(value.drivers)
    x = list(range(n + 2))
    # Labels stay level: they wrap to the room a bar has (about 90 characters across the
    # chart) rather than turn on their side.
    chars = max(8, min(17, 90 // (n + 2)))
    labels = ["<i>Reference</i><br>" + wrap(value.reference.name, chars, max_lines=3)]
    labels += [wrap(d.name, chars, max_lines=4) for d in value.drivers]
    labels.append("<b>EVE</b>")
    measure = ["absolute"] + ["relative"] * n + ["total"]
    y = [result.reference_per_unit] + [d.value_per_unit for d in value.drivers]
    y.append(result.eve_per_unit)
    text = [_amount(result.reference_per_unit, currency)]
    text += [_change(d.value_per_unit, currency) for d in value.drivers]
    text.append(f"<b>{_amount(result.eve_per_unit, currency)}</b>")
    details = [f"Next-best alternative: {safe(value.reference.name)}"]
    details += [
        f"{safe(d.name)}<br>confidence {percent(d.confidence)}"
        + (f"<br>evidence: {wrap(d.evidence, 48, max_lines=2)}" if d.evidence.strip() else "")
        for d in value.drivers
    ]
    details.append("Economic value estimation: the most a well-informed customer would pay")
    amounts = [*text[:-1], _amount(result.eve_per_unit, currency)]

    per = f"{safe(currency)} per {safe(unit)}"
    fig = new_figure(
        f"What one {safe(unit)} is worth to the customer: economic value estimation",
        subtitle=(
            f"EVE {_amount(result.eve_per_unit, currency)} · confidence-weighted "
            f"{_amount(result.eve_expected_per_unit, currency)} · strength "
            f"{number(result.strength_score)}/100"
        ),
    )
    fig.add_trace(
        go.Waterfall(
            name="Economic value",
            x=x,
            y=y,
            measure=measure,
            text=text,
            textposition="outside",
            cliponaxis=False,
            customdata=list(zip(details, amounts, strict=True)),
            hovertemplate="%{customdata[0]}<br><b>%{customdata[1]}</b><extra></extra>",
            increasing={"marker": {"color": GOOD}},
            decreasing={"marker": {"color": BAD}},
            totals={"marker": {"color": SELLER}},
            connector={"line": {"color": NEUTRAL, "width": 1, "dash": "dot"}},
            showlegend=False,
        )
    )
    # The confidence-weighted EVE is marked across the EVE bar only, so that it never
    # strikes through the drivers' labels.
    fig.add_shape(
        type="line",
        name=f"Confidence-weighted EVE: {_amount(result.eve_expected_per_unit, currency)}",
        showlegend=True,
        x0=n + 0.55,
        x1=n + 1.45,
        y0=result.eve_expected_per_unit,
        y1=result.eve_expected_per_unit,
        line={"color": WARN, "width": 3, "dash": "dash"},
    )
    # White text under the line, inside the bar, when the line crosses the bar high enough
    # to leave room for three lines of text; otherwise orange text above the line.
    inside = 0.25 * result.eve_per_unit < result.eve_expected_per_unit <= result.eve_per_unit
    fig.add_annotation(
        x=n + 1,
        y=result.eve_expected_per_unit,
        text=f"confidence-<br>weighted<br><b>{_amount(result.eve_expected_per_unit, currency)}</b>",
        showarrow=False,
        yanchor="top" if inside else "bottom",
        yshift=-3 if inside else 3,
        font={"size": 11, "color": "white" if inside else WARN},
    )
    # Running totals bound the bars; the headroom leaves space for the labels above them.
    running = [result.reference_per_unit]
    for d in value.drivers:
        running.append(running[-1] + d.value_per_unit)
    top = max([*running, result.eve_per_unit, result.eve_expected_per_unit, 0.0])
    bottom = min([*running, result.eve_expected_per_unit, 0.0])
    fig.update_layout(
        showlegend=True,
        xaxis={
            "tickmode": "array",
            "tickvals": x,
            "ticktext": labels,
            "range": [-0.6, n + 1.6],
            "showgrid": False,
            "tickangle": 0,
        },
        yaxis={
            "title": {"text": per},
            "tickformat": ",",
            "range": [bottom * 1.1, top * 1.12 if top > 0 else 1.0],
        },
        legend={"x": 1.0, "xanchor": "right"},
    )
    return fig


def _move_hover(currency: str) -> str:
    c = safe(currency)
    return (
        "<b>%{customdata[0]}</b><br>"
        "customer cooperates: %{customdata[1]} × %{customdata[2]} = "
        f"<b>%{{x:{MONEY_FORMAT}}} {c}</b><br>"
        "competitors retaliate: %{customdata[3]} × %{customdata[4]} = "
        f"<b>%{{y:{MONEY_FORMAT}}} {c}</b><br>"
        "expected value %{customdata[5]} → %{customdata[6]}<extra></extra>"
    )


def moves_map(strategy: Strategy, result: StrategyResult, *, currency: str) -> go.Figure:
    """Map the candidate moves: the customer's likely cooperation against retaliation.

    Parameters
    ----------
    strategy
        The strategy section; its moves carry the probabilities, benefits and damages.
    result
        From :func:`negotiation_lib.domain.strategy.assess_strategy` (expected values and
        decisions).
    currency
        The case's currency code.

    Returns
    -------
    plotly.graph_objects.Figure
        x = expected benefit ``p_cooperation · benefit``, y = expected damage
        ``p_retaliation · damage``; below the diagonal (EV > 0) a move is worth making. One
        trace per decision (``compete`` in green, ``avoid`` in red), labelled by move.
    """
    assessed = {m.name: m for m in result.moves}
    points: dict[str, list[tuple[float, float, list[str], str]]] = {"compete": [], "avoid": []}
    for rank, m in enumerate(result.moves, start=1):
        move = next(mv for mv in strategy.moves if mv.name == m.name)
        gain = move.cooperation_probability * move.cooperation_benefit
        loss = move.retaliation_probability * move.retaliation_damage
        info = [
            safe(move.name),
            percent(move.cooperation_probability),
            _amount(move.cooperation_benefit, currency, 0),
            percent(move.retaliation_probability),
            _amount(move.retaliation_damage, currency, 0),
            _change(assessed[m.name].expected_value, currency, 0),
            "compete" if m.decision == "compete" else "avoid",
        ]
        points[m.decision].append((gain, loss, info, f"{rank}. {wrap(move.name, 26)}"))

    compete = sum(1 for m in result.moves if m.decision == "compete")
    fig = new_figure(
        "Where to compete, where not: the customer's cooperation against competitors' retaliation",
        subtitle=(
            f"{compete} of {len(result.moves)} moves worth making (expected value above zero)"
            if result.moves
            else "No candidate moves entered yet"
        ),
        height=560,
    )
    xs = [p[0] for pts in points.values() for p in pts]
    ys = [p[1] for pts in points.values() for p in pts]
    # Equal ranges put the break-even diagonal from corner to corner.
    edge = max([*xs, *ys, 1.0]) * 1.18
    fig.add_trace(
        go.Scatter(
            x=[0, edge, edge, 0],
            y=[0, 0, edge, 0],
            fill="toself",
            fillcolor=GOOD_FILL,
            line={"width": 0},
            mode="lines",
            hoverinfo="skip",
            showlegend=False,
            name="Compete zone",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[0, 0, edge, 0],
            y=[0, edge, edge, 0],
            fill="toself",
            fillcolor=WARN_FILL,
            line={"width": 0},
            mode="lines",
            hoverinfo="skip",
            showlegend=False,
            name="Avoid zone",
        )
    )
    fig.add_trace(
        go.Scatter(
            name="Break-even: expected value 0",
            x=[0, edge],
            y=[0, edge],
            mode="lines",
            line={"color": NEUTRAL, "width": 1.5, "dash": "dash"},
            hoverinfo="skip",
        )
    )
    for decision, colour, label in (
        ("compete", GOOD, "Compete: expected value > 0"),
        ("avoid", BAD, "Avoid: expected value ≤ 0"),
    ):
        pts = points[decision]
        if not pts:
            continue
        fig.add_trace(
            go.Scatter(
                name=label,
                x=[p[0] for p in pts],
                y=[p[1] for p in pts],
                mode="markers+text",
                marker={"size": 14, "color": colour, "line": {"color": "white", "width": 1.5}},
                text=[p[3] for p in pts],
                textposition="middle right",
                textfont={"size": 12, "color": INK},
                customdata=[p[2] for p in pts],
                hovertemplate=_move_hover(currency),
                cliponaxis=False,
            )
        )
    # Mid-height keeps each zone's label clear of the diagonal and of most points.
    annotations = [
        {
            "x": 0.98,
            "y": 0.45,
            "xref": "x domain",
            "yref": "y domain",
            "text": "<b>Compete here</b><br>cooperation outweighs retaliation",
            "showarrow": False,
            "xanchor": "right",
            "align": "right",
            "font": {"color": GOOD, "size": 12},
        },
        {
            "x": 0.02,
            "y": 0.55,
            "xref": "x domain",
            "yref": "y domain",
            "text": "<b>Avoid</b><br>retaliation outweighs cooperation",
            "showarrow": False,
            "xanchor": "left",
            "align": "left",
            "font": {"color": BAD, "size": 12},
        },
    ]
    if not result.moves:
        annotations.append(
            {
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
                "text": "Add candidate moves to place them on the map",
                "showarrow": False,
                "bgcolor": "white",
                "font": {"color": NEUTRAL, "size": 14},
            }
        )
    c = safe(currency)
    # Amounts as every tile writes them (120,000), never SI suffixes (120k).
    ticks = {"tickformat": AXIS_FORMAT, "showticklabels": bool(xs)}
    fig.update_layout(
        xaxis={
            "title": {"text": f"Expected benefit of the customer's cooperation, p × benefit ({c})"},
            "range": [0, edge],
            **ticks,
        },
        yaxis={
            "title": {"text": f"Expected damage from retaliation, p × damage ({c})"},
            "range": [0, edge],
            **ticks,
        },
        annotations=annotations,
        legend={"x": 1.0, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
        margin={"r": 30},
    )
    return fig


def strategic_fit_chart(strategy: Strategy, fit: float | None) -> go.Figure:
    """Show the seller's strategic priorities by weight, served by this deal or not.

    Parameters
    ----------
    strategy
        The strategy section: priorities with a weight and a ``supported`` flag.
    fit
        ``StrategyResult.fit`` from :func:`negotiation_lib.domain.strategy.assess_strategy`
        (None when no priority is listed yet).

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal bars, one per priority in the order entered, green when the deal serves it
        and grey when it does not; the fit is in the title.
    """
    title = (
        f"Strategic fit: this deal serves {percent(fit)} of the strategic weight"
        if fit is not None
        else "Strategic fit: not assessed yet"
    )
    fig = new_figure(
        title,
        subtitle="Fit = weight of the priorities this deal serves ÷ total weight",
        height=max(320, 150 + 56 * len(strategy.priorities)),
    )
    for supported, colour, label in (
        (True, GOOD, "Served by this deal"),
        (False, MUTED, "Not served"),
    ):
        rows = [(k, p) for k, p in enumerate(strategy.priorities) if p.supported is supported]
        fig.add_trace(
            go.Bar(
                name=label,
                orientation="h",
                x=[p.weight for _, p in rows],
                y=[k for k, _ in rows],
                # A fixed width: plotly would size each trace's bars by the gaps between its
                # own rows, which differ between the served and the unserved trace.
                width=0.62,
                marker={"color": colour},
                text=[number(p.weight, 2, trim=True) for _, p in rows],
                textposition="outside",
                cliponaxis=False,
                customdata=[safe(p.name) for _, p in rows],
                hovertemplate=(
                    f"<b>%{{customdata}}</b><br>weight %{{x}}<br>{label.lower()}<extra></extra>"
                ),
            )
        )
    annotations = []
    if not strategy.priorities:
        annotations.append(
            {
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
                "text": "List the seller's strategic priorities to see the fit",
                "showarrow": False,
                "font": {"color": NEUTRAL, "size": 14},
            }
        )
    heaviest = max((p.weight for p in strategy.priorities), default=1.0)
    fig.update_layout(
        barmode="overlay",
        bargap=0.3,
        xaxis={
            "title": {"text": "Weight (relative importance)"},
            "range": [0, (heaviest or 1.0) * 1.12],
            "rangemode": "tozero",
            # No priorities: the sentence in the middle, not an empty axis under it.
            "visible": bool(strategy.priorities),
        },
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(strategy.priorities))),
            "ticktext": [wrap(p.name, 34, max_lines=2) for p in strategy.priorities],
            "range": [max(len(strategy.priorities), 1) - 0.5, -0.5],  # first priority on top
            "showgrid": False,
            "zeroline": False,
        },
        annotations=annotations,
    )
    return fig
