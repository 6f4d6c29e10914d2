"""A deal room's cumulative NPV per round for one side, against the workshop's other rooms.

:func:`room_rounds_chart` draws curves computed elsewhere
(:func:`negotiation_lib.domain.rooms.room_values`); it computes nothing. The other rooms are
named by their number only ("Room 2"), never by their teams.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from negotiation_lib.figures.style import CUSTOMER, NEUTRAL, SELLER, new_figure
from negotiation_lib.formatting import escape, money

__all__ = ["room_rounds_chart"]


def room_rounds_chart(
    curves: Mapping[str, Sequence[float]],
    mine: str,
    side: str,
    currency: str,
    rounds: int,
) -> go.Figure:
    """Draw one side's cumulative NPV after each round played, one line per room.

    Parameters
    ----------
    curves
        Each room's cumulative NPV for the side after rounds 1, 2 … played, by its label.
    mine
        The label of the team's own room (drawn bold, on top).
    side
        The side in words ("seller" or "buyer"), for the title and the own line's colour.
    currency
        ISO code of the case's currency, on every number.
    rounds
        :math:`R`, the rounds the workshop runs (the axis runs 1 to R).

    Returns
    -------
    plotly.graph_objects.Figure
    """
    fig = new_figure(
        f"Your cumulative NPV as the {escape(side)}, round by round",
        subtitle=f"In {escape(currency)}, discounted; the other rooms' {escape(side)}s in grey",
        height=380,
    )
    colour = CUSTOMER if side in ("buyer", "customer") else SELLER
    for label in sorted(curves, key=lambda k: k == mine):
        ys = list(curves[label])
        own = label == mine
        fig.add_trace(
            go.Scatter(
                name=escape(label),
                x=list(range(1, len(ys) + 1)),
                y=ys,
                mode="lines+markers",
                cliponaxis=False,  # a room at the axis's end keeps its whole marker
                line={"color": colour if own else NEUTRAL, "width": 3 if own else 1.5},
                marker={"size": 9 if own else 7},
                customdata=[escape(money(y, currency, 0)) for y in ys],
                hovertemplate=(
                    f"<b>{escape(label)}</b><br>After round %{{x}}: %{{customdata}}<extra></extra>"
                ),
            )
        )
    fig.update_xaxes(title_text="Round", range=[0.5, rounds + 0.5], dtick=1)
    # From zero: rooms at nearly the same total would otherwise fill the scale with a spread of
    # a few euros (one point, or all rooms agreeing alike, reads as a cliff).
    fig.update_yaxes(title_text=f"Cumulative NPV ({escape(currency)})", rangemode="tozero")
    return fig
