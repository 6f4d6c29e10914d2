"""The deal rooms' debrief chart: every agreement against the frontier, Nash and the fair price.

:func:`deal_rooms_chart` draws a :class:`~negotiation_lib.debrief_rooms.RoomsChart` (made by
:func:`negotiation_lib.debrief_rooms.rooms_chart`); it computes nothing. Team names are typed
by trainees and go through :func:`~negotiation_lib.formatting.escape` before plotly reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from negotiation_lib.figures.style import BAD, GOOD, INK, NEUTRAL, SELLER, WARN, new_figure
from negotiation_lib.formatting import escape, money, number, percent, price_decimals
from negotiation_lib.vocabulary import issue_label

if TYPE_CHECKING:
    from negotiation_lib.debrief_rooms import RoomDebrief, RoomsChart
    from negotiation_lib.domain.win_win import IssueValue

__all__ = ["deal_rooms_chart"]


def _terms(values: Mapping[str, IssueValue]) -> str:
    return "<br>".join(
        f"{escape(issue_label(k))}: "
        f"{number(v, 2, trim=True) if isinstance(v, int | float) else escape(v)}"
        for k, v in values.items()
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _room_hover(room: RoomDebrief, chart: RoomsChart) -> str:
    per = f" per {escape(chart.unit)}" if chart.unit else ""
    price = room.price_per_unit
    cents = 0 if price is None else price_decimals(price)
    lines = [
        f"<b>Room {room.number}</b>: {escape(room.seller.team)} and {escape(room.customer.team)}",
        f"Price {escape(money(price, chart.currency, cents))}{per}, seller's share "
        f"{percent(room.seller_share)}",
        f"Value left on the table: {number(room.value_left, 1)} utility points each",
        escape(room.package_text),
    ]
    if room.misstated:
        lines.append(f"{_count(len(room.misstated), 'disclosure')} differed from the truth")
    return "<br>".join(lines)


def deal_rooms_chart(chart: RoomsChart) -> go.Figure:
    """Draw every room's agreement in utility space with the frontier, Nash and the fair price.

    Parameters
    ----------
    chart
        From :func:`negotiation_lib.debrief_rooms.rooms_chart`.

    Returns
    -------
    plotly.graph_objects.Figure
        The seller's true utility across, the customer's up (0 to 100): the Pareto frontier of
        the case's feasible outcomes as a line, the Nash point (star), the frontier agreement
        priced nearest the fair price (green ring), the walk-away point (cross) with the rooms
        that ended there (walked away, or closed without an agreement; a room still open is
        counted apart in the subtitle), and each agreement as a numbered point, green on the
        frontier, orange when it left value on the table (more than half a point each), red
        when it gives a side less than its walk-away utility.
    """
    s, c = escape(chart.seller), escape(chart.customer)
    agreed = [r for r in chart.rooms if r.agreed]
    # A room still negotiating (or waiting for its second team) has not ended: it is not at the
    # walk-away point, and the subtitle counts it apart.
    without = [r for r in chart.rooms if not r.agreed and r.status in ("walked_away", "closed")]
    still = len(chart.rooms) - len(agreed) - len(without)
    fig = new_figure(
        f"Deal rooms: {_count(len(agreed), 'agreement')} against the Pareto frontier",
        subtitle=(
            f"{escape(chart.title)} · {_count(len(chart.rooms), 'room')}: "
            f"{len(without)} ended without an agreement, {still} still open · utilities by "
            "each side's true definition of winning"
        ),
        height=620,
    )
    if chart.frontier:
        fig.add_trace(
            go.Scatter(
                name="Pareto frontier",
                x=[o.seller_utility for o in chart.frontier],
                y=[o.customer_utility for o in chart.frontier],
                mode="lines+markers",
                line={"color": NEUTRAL, "width": 2},
                marker={"size": 5, "color": NEUTRAL},
                customdata=[_terms(o.values) for o in chart.frontier],
                hovertemplate=(
                    f"<b>On the frontier</b><br>{s} %{{x:.1f}}, {c} %{{y:.1f}}<br>"
                    "%{customdata}<extra></extra>"
                ),
            )
        )
    if chart.nash:
        fig.add_trace(
            go.Scatter(
                name="Nash point",
                x=[o.seller_utility for o in chart.nash],
                y=[o.customer_utility for o in chart.nash],
                mode="markers",
                # Open and large, so that an agreement at the Nash point leaves it in view.
                marker={"symbol": "star-open", "size": 22, "color": INK, "line": {"width": 2}},
                customdata=[_terms(o.values) for o in chart.nash],
                hovertemplate="<b>Nash point</b><br>%{customdata}<extra></extra>",
            )
        )
    if chart.fair is not None:
        per = f" per {escape(chart.unit)}" if chart.unit else ""
        fair = chart.fair_price_per_unit or chart.fair.fair_price_per_unit
        shown = escape(money(fair, chart.currency, price_decimals(fair))) + per
        o = chart.fair.outcome
        fig.add_trace(
            go.Scatter(
                name=f"Fair price: {shown}",
                x=[o.seller_utility],
                y=[o.customer_utility],
                mode="markers",
                marker={"symbol": "circle-open", "size": 26, "color": GOOD, "line": {"width": 3}},
                customdata=[_terms(o.values)],
                hovertemplate=(
                    f"<b>Priced nearest the fair price of {shown}</b><br>%{{customdata}}"
                    "<extra></extra>"
                ),
            )
        )
    if chart.disagreement is not None:
        d_s, d_c = chart.disagreement
        rooms = ", ".join(str(r.number) for r in without) or "none"
        fig.add_trace(
            go.Scatter(
                name=f"Walk-away point (rooms that ended without an agreement: {rooms})",
                x=[d_s],
                y=[d_c],
                mode="markers",
                marker={"symbol": "x", "size": 13, "color": INK},
                hovertemplate=(
                    f"<b>No agreement</b>: each side at its walk-away utility<br>{s} %{{x:.1f}}, "
                    f"{c} %{{y:.1f}}<extra></extra>"
                ),
            )
        )
    d = chart.disagreement or (0.0, 0.0)
    for room in agreed:
        u_s, u_c = room.seller.utility, room.customer.utility
        if u_s is None or u_c is None:
            continue
        colour = GOOD if (room.value_left or 0.0) <= 0.5 else WARN
        if u_s < d[0] or u_c < d[1]:
            colour = BAD
        teams = f"{escape(room.seller.team)} and {escape(room.customer.team)}"
        fig.add_trace(
            go.Scatter(
                name=f"Room {room.number}: {teams}",
                x=[u_s],
                y=[u_c],
                mode="markers+text",
                text=[f"<b>{room.number}</b>"],
                textposition="top right",
                textfont={"color": colour},
                marker={"size": 13, "color": colour, "line": {"color": "white", "width": 1.5}},
                customdata=[_room_hover(room, chart)],
                hovertemplate="%{customdata}<extra></extra>",
                legendgroup="rooms",
                legendgrouptitle={"text": "Agreements"} if room is agreed[0] else None,
            )
        )
    # One range for both axes, from a little below the lowest point shown to 100, as on the
    # win-win worksheet's chart: the crowded upper region gets the room, the scales compare.
    points = [*d, *(u for o in chart.frontier for u in (o.seller_utility, o.customer_utility))]
    points += [u for r in agreed for u in (r.seller.utility, r.customer.utility) if u is not None]
    low = max(0.0, 10.0 * ((min(points) - 5.0) // 10.0))
    axis = {"range": [low - 2.0, 102.0], "dtick": 10, "constrain": "domain"}
    fig.update_layout(
        xaxis={"title": {"text": f"Utility for {s} (0 to 100)"}, **axis},
        yaxis={
            "title": {"text": f"Utility for {c} (0 to 100)"},
            **axis,
            "scaleanchor": "x",
            "scaleratio": 1,
        },
        legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"},
        hoverlabel={"bordercolor": SELLER},
    )
    return fig
