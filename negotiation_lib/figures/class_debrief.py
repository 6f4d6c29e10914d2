"""The class debrief's charts: the rooms over their renewal rounds, against the theory.

Each function draws part of a :class:`~negotiation_lib.debrief_class.ClassDebrief` (made by
:func:`negotiation_lib.debrief_class.class_debrief`) and computes nothing:

* :func:`money_left_chart`: the joint NPV each room left on the table;
* :func:`cumulative_npv_chart`: every pair's joint cumulative NPV round by round, coloured by
  the pair's style; a practice room (a team against the workbook) dotted, named by its room and
  its opponent, coloured by the team's own style;
* :func:`style_comparison_chart`: trust-based pairs against CPT pairs, with the difference of
  their means, its 95% interval and the number of pairs (practice rooms left out);
* :func:`practice_opponents_chart`: what the practice opponents earned, pairing by pairing;
* :func:`practice_rooms_chart`: what the teams and the practice opponents got in the
  workshop's own practice rooms, by the opponent's style.

:func:`class_debrief_figures` gives them in the deck's order, after the agreements against the
frontier, Nash and the fair price (:func:`negotiation_lib.figures.deal_rooms.deal_rooms_chart`,
not drawn twice). Team and party names are typed by people and escaped before plotly reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from negotiation_lib.figures.deal_rooms import deal_rooms_chart
from negotiation_lib.figures.style import (
    BAD,
    CUSTOMER,
    GOOD,
    INK,
    NEUTRAL,
    SELLER,
    WARN,
    new_figure,
)
from negotiation_lib.formatting import d3_format, escape, money, percent
from negotiation_lib.vocabulary import PRACTICE_STYLE_LABELS

if TYPE_CHECKING:
    from negotiation_lib.debrief_class import ClassDebrief, PairRounds, PairStyle

__all__ = [
    "STYLE_COLOURS",
    "class_debrief_figures",
    "cumulative_npv_chart",
    "money_left_chart",
    "practice_opponents_chart",
    "practice_rooms_chart",
    "style_comparison_chart",
]

STYLE_COLOURS: dict[PairStyle, str] = {
    "trust_based": GOOD,
    "cpt": BAD,
    "mixed": WARN,
    "unanswered": NEUTRAL,
}
"""Each pair style's colour on every chart of the class debrief."""

_STYLE_NAMES: dict[str, str] = {
    "trust_based": "Trust-based pair",
    "cpt": "CPT-like pair",
    "mixed": "Mixed pair",
    "unanswered": "Style not answered",
}
_OPPONENT = PRACTICE_STYLE_LABELS
_TEAM_STYLE: dict[str, str] = {
    "trust_based": "a trust-based team",
    "cpt": "a CPT-like team",
    "mixed": "a team of mixed style",
    "unanswered": "the team's style not answered",
}
_NO_PRACTICE = "No team has played a practice opponent in this workshop yet."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _money(x: float | None, d: ClassDebrief) -> str:
    return escape(money(x, d.chart.currency))


def _teams(seller: str, customer: str) -> str:
    return f"{escape(seller)} and {escape(customer)}"


def _against(p: PairRounds, *, wrap: bool = False) -> str:
    """A practice room's name in words: its number and its opponent (plain text).

    ``wrap`` breaks it in two lines, for a legend beside the chart.
    """
    style = _OPPONENT[p.practice_style] if p.practice_style is not None else ""
    gap = "<br>" if wrap else " "
    return f"Room {p.number} · against the {style}{gap}practice opponent"


def _pairs_count(d: ClassDebrief) -> str:
    practice = len(d.practice_pairs)
    pairs = _count(len(d.team_pairs), "pair") + " of teams"
    return f"{pairs} and {_count(practice, 'practice room')}" if practice else pairs


def money_left_chart(d: ClassDebrief) -> go.Figure:
    """Draw the joint NPV each room left on the table, one bar a room.

    Returns
    -------
    plotly.graph_objects.Figure
        Rooms across, money up (case currency): the joint NPV over the relationship the best
        package on the frontier would have given, less the room's own; orange for a room
        that agreed, red for one without an agreement.
    """
    c = escape(d.chart.currency)
    rooms = [r for r in d.chart.rooms if r.paired]
    left = [d.money_left.get(r.number) for r in rooms]
    fig = new_figure(
        "Value left on the table, room by room",
        subtitle=(
            "The joint NPV over the relationship the best package on the frontier would have "
            f"given, less the room's own · {_count(len(rooms), 'room')}, in {c}"
        ),
    )
    fig.add_trace(
        go.Bar(
            name="Value left on the table",
            x=[f"Room {r.number}" for r in rooms],
            y=[0.0 if v is None else v for v in left],
            marker={"color": [WARN if r.agreed else BAD for r in rooms]},
            customdata=[
                f"<b>Room {r.number}</b>: {_teams(r.seller.team, r.customer.team)}<br>"
                f"{'Agreed' if r.agreed else 'No agreement'}; left {_money(v, d)} of joint "
                "NPV on the table"
                for r, v in zip(rooms, left, strict=True)
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": {"text": "Room"}},
        yaxis={
            "title": {"text": f"Joint NPV left on the table ({c})"},
            "rangemode": "tozero",
        },
        showlegend=False,
    )
    return fig


def cumulative_npv_chart(d: ClassDebrief) -> go.Figure:
    """Draw every pair's joint cumulative NPV over the rounds, coloured by its style.

    Returns
    -------
    plotly.graph_objects.Figure
        Rounds 1 to :math:`R` across, both sides' cumulative NPV together up (case currency);
        a pair still negotiating is drawn through the rounds decided so far.
    """
    c = escape(d.chart.currency)
    ended = sum(1 for p in d.pairs if p.ended)
    fig = new_figure(
        f"Cumulative NPV of every pair over {_count(d.rounds, 'round')}",
        subtitle=(
            f"Both sides together, in {c} · {_pairs_count(d)}, {ended} with every "
            f"round decided · discount rate {percent(d.discount_rate, 1)}, growth "
            f"{percent(d.growth_rate, 1)} per {escape(d.chart.period)}"
        ),
    )
    shown: set[str] = set()
    for p in d.pairs:
        rounds = list(range(1, p.decided + 1))
        joint = p.joint_cumulative[: p.decided]
        name = _STYLE_NAMES[p.style]
        practice = p.practice_side is not None
        if practice:
            # A team against the workbook: named by its room and opponent, dotted, and
            # coloured by the team's own style (the workbook's is known, not diagnosed).
            who = (
                f"<b>{escape(_against(p))}</b>: {_teams(p.seller_team, p.customer_team)} "
                f"({_TEAM_STYLE[p.style]})"
            )
        else:
            who = (
                f"<b>Room {p.number}</b>: {_teams(p.seller_team, p.customer_team)} ({name.lower()})"
            )
        hover = [
            f"{who}<br>After round {r}: {_money(j, d)} together<br>"
            f"{escape(p.seller_team)} {_money(p.seller_cumulative[r - 1], d)}, "
            f"{escape(p.customer_team)} {_money(p.customer_cumulative[r - 1], d)}"
            for r, j in zip(rounds, joint, strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                name=_against(p, wrap=True) if practice else name,
                legendgroup=f"practice-{p.number}" if practice else p.style,
                showlegend=practice or p.style not in shown,
                x=rounds,
                y=list(joint),
                mode="lines+markers",
                line={
                    "color": STYLE_COLOURS[p.style],
                    "width": 3,
                    "dash": "dot" if practice else "solid",
                },
                marker={"size": 8, "color": STYLE_COLOURS[p.style]},
                customdata=hover,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
        if not practice:
            shown.add(p.style)
    if not d.pairs:
        # An empty line keeps the chart a chart (drawn, with its axes) until a pair plays.
        fig.add_trace(go.Scatter(name="No pairs yet", x=[], y=[], showlegend=False))
        fig.add_annotation(
            text="No pair has played a round yet: a curve appears once two teams agree.",
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 15, "color": NEUTRAL},
        )
    if d.practice_pairs:
        # One legend entry a practice room: listed beside the chart, where any number fits,
        # rather than above it, where they would run into the subtitle.
        fig.update_layout(
            legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"}
        )
    fig.update_layout(
        xaxis={
            "title": {"text": "Round"},
            "range": [0.7, d.rounds + 0.3],
            "dtick": 1,
        },
        # From 0: pairs that all agree alike would otherwise get a scale of a few euros.
        yaxis={"title": {"text": f"Joint cumulative NPV ({c})"}, "rangemode": "tozero"},
    )
    return fig


def _left_out_text(d: ClassDebrief) -> str:
    """The practice rooms the comparison leaves out, with their count when there are some."""
    n = d.comparison.practice_left_out
    if n:
        return (
            f"The {_count(n, 'practice room')} (a team against the workbook's practice "
            f"opponent) {'is' if n == 1 else 'are'} left out"
        )
    return "Practice rooms (a team against the workbook's practice opponent) are left out"


def _difference_text(d: ClassDebrief) -> str:
    cmp = d.comparison
    n_t, n_c = len(cmp.trust), len(cmp.cpt)
    counts = f"trust-based pairs n = {n_t}, CPT-like pairs n = {n_c}"
    if cmp.difference is None:
        return f"No difference yet: it needs an ended pair of each style ({counts})"
    if cmp.low is None or cmp.high is None:
        return (
            f"Trust-based less CPT-like: {_money(cmp.difference, d)}; no spread with fewer "
            f"than two pairs of a style ({counts})"
        )
    return (
        f"Trust-based less CPT-like: {_money(cmp.difference, d)}, 95% interval "
        f"{_money(cmp.low, d)} to {_money(cmp.high, d)} ({counts})"
    )


def style_comparison_chart(d: ClassDebrief) -> go.Figure:
    """Draw trust-based pairs against CPT pairs: each pair's joint NPV, the means, the gap.

    Returns
    -------
    plotly.graph_objects.Figure
        One box per style with every pair as a point (joint cumulative NPV after the last
        round, case currency), the number of pairs in each name, and the difference of the
        means with its 95% interval in the subtitle.
    """
    c = escape(d.chart.currency)
    fig = new_figure(
        f"Trust-based pairs against CPT-like pairs after {_count(d.rounds, 'round')}",
        subtitle=f"{_difference_text(d)}<br>Joint cumulative NPV of the pairs whose rounds "
        "have all been decided; mixed pairs and styles not answered are not compared<br>"
        f"{_left_out_text(d)}",
    )
    groups: tuple[tuple[PairStyle, tuple[float, ...]], ...] = (
        ("trust_based", d.comparison.trust),
        ("cpt", d.comparison.cpt),
    )
    for style, values in groups:
        label = f"{_STYLE_NAMES[style]}s (n = {len(values)})"
        fig.add_trace(
            go.Box(
                name=label,
                y=list(values),
                boxpoints="all",
                jitter=0.3,
                pointpos=0,
                boxmean=True,
                marker={"color": STYLE_COLOURS[style], "size": 10},
                line={"color": STYLE_COLOURS[style]},
                hovertemplate=f"{label}<br>%{{y:{d3_format()}}} {c}<extra></extra>",
            )
        )
    if not d.comparison.trust or not d.comparison.cpt:
        fig.add_annotation(
            text="Nothing to compare yet: the comparison needs a trust-based pair and a "
            "CPT-like pair<br>whose rounds have all been decided.",
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 15, "color": NEUTRAL},
        )
        # No amounts to read: a scale of 0 to 4 euros would only mislead.
        fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False)
    fig.update_layout(
        xaxis={"title": {"text": "Pairs, by both teams' style"}},
        yaxis={"title": {"text": f"Joint cumulative NPV after the last round ({c})"}},
        showlegend=False,
    )
    return fig


def practice_opponents_chart(d: ClassDebrief) -> go.Figure:
    """Draw what the practice opponents earned, each pairing of styles against the others.

    Returns
    -------
    plotly.graph_objects.Figure
        One group of bars per (seller style, buyer style) pairing: each side's mean
        cumulative NPV after the last round (case currency) with its standard error, over
        the simulated rooms; the seeds and the number of rooms in the subtitle.
    """
    c = escape(d.chart.currency)
    s, b = escape(d.chart.seller), escape(d.chart.customer)
    labels = [
        f"{s} {_OPPONENT[p.seller_style]},<br>{b} {_OPPONENT[p.customer_style]}" for p in d.practice
    ]
    fig = new_figure(
        "What the practice opponents earned against each style",
        subtitle=(
            f"Mean cumulative NPV after {_count(d.rounds, 'round')} over "
            f"{d.practice_rooms:,} simulated rooms per pairing, in {c} · room k seeded from "
            f'the text "{escape(d.practice_workshop)}/k" · bars ± one standard error'
        ),
    )
    for side, colour, name in (("seller", SELLER, s), ("customer", CUSTOMER, b)):
        means = [getattr(p, f"{side}_npv") for p in d.practice]
        errors = [getattr(p, f"{side}_npv_se") for p in d.practice]
        fig.add_trace(
            go.Bar(
                name=f"{name} ({'seller' if side == 'seller' else 'buyer'})",
                x=labels,
                y=means,
                marker={"color": colour},
                error_y={"type": "data", "array": errors, "color": INK, "thickness": 1.5},
                customdata=[
                    f"{name}: {_money(m, d)} ± {_money(e, d)}<br>"
                    f"{p.mean_rounds_lived:.2f} rounds lived on average, "
                    f"{percent(p.first_round_agreements)} agreed in round 1"
                    for m, e, p in zip(means, errors, d.practice, strict=True)
                ],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        xaxis={"title": {"text": "Pairing of styles (seller, buyer)"}},
        yaxis={"title": {"text": f"Mean cumulative NPV ({c})"}},
    )
    return fig


def _practice_hover(d: ClassDebrief, who: str, values: tuple[float, ...], rooms: int) -> str:
    if not values:
        return f"{who}: no practice room with a round decided yet ({_count(rooms, 'room')})"
    mean = sum(values) / len(values)
    each = ", ".join(_money(v, d) for v in values)
    return f"{who}: mean {_money(mean, d)} over {_count(len(values), 'room')}<br>Each: {each}"


def practice_rooms_chart(d: ClassDebrief) -> go.Figure:
    """Draw what the teams and the practice opponents got in the workshop's practice rooms.

    Returns
    -------
    plotly.graph_objects.Figure
        One group of bars per opponent style (CPT, trust-based): the teams' and the opponent's
        mean cumulative NPV after the rounds decided so far (case currency), over the practice
        rooms with a round decided, the number of rooms in each name. With no practice room,
        a chart that says so.
    """
    c = escape(d.chart.currency)
    outcomes = d.practice_played
    rooms = sum(o.rooms for o in outcomes)
    fig = new_figure(
        "What the practice opponents got against the teams",
        subtitle=(
            f"Mean cumulative NPV after the rounds decided so far, in {c} · "
            f"{_count(rooms, 'practice room')}, each a team against the workbook<br>"
            "A room with no round decided yet is not in the means"
        ),
    )
    labels = [
        f"Against the {_OPPONENT[o.style]} practice opponent<br>"
        f"({o.counted} of {_count(o.rooms, 'room')} with a round decided)"
        for o in outcomes
    ]
    for who, colour, attr, values in (
        ("Teams", INK, "team_npv", "team"),
        ("Practice opponent", NEUTRAL, "opponent_npv", "opponent"),
    ):
        fig.add_trace(
            go.Bar(
                name=who,
                x=labels,
                y=[getattr(o, attr) for o in outcomes],
                marker={"color": colour},
                customdata=[_practice_hover(d, who, getattr(o, values), o.rooms) for o in outcomes],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    empty = not any(o.counted for o in outcomes)
    if empty:
        text = (
            _NO_PRACTICE
            if rooms == 0
            else "No practice room has a round decided yet: the bars appear once a team "
            "agrees with its practice opponent or the room ends."
        )
        fig.add_annotation(
            text=text,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 15, "color": NEUTRAL},
        )
        # No amounts to read: an empty scale would only mislead.
        fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False)
    fig.update_layout(
        barmode="group",
        xaxis={"title": {"text": "Practice opponent's style"}},
        yaxis={"title": {"text": f"Mean cumulative NPV ({c})"}},
        showlegend=not empty,
    )
    return fig


def class_debrief_figures(d: ClassDebrief) -> tuple[go.Figure, ...]:
    """Every chart of the class debrief, in the order the deck shows them.

    The agreements against the frontier, Nash and the fair price; the value left on the
    table; the cumulative NPV curves; trust-based against CPT pairs; the practice opponents
    against each other, then against the teams in the workshop's practice rooms.
    """
    return (
        deal_rooms_chart(d.chart),
        money_left_chart(d),
        cumulative_npv_chart(d),
        style_comparison_chart(d),
        practice_opponents_chart(d),
        practice_rooms_chart(d),
    )
