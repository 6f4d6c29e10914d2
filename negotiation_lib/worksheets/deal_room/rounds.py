"""The deal room's renewal rounds: the round under way, each renewal drawn, the cumulative NPV.

In a workshop of more than one round (DESIGN §7, "Rounds") the room's first card says which
round is under way, each renewal as it was drawn (the same sentence for both teams), the last
agreement the new round starts from and, once the relationship has ended, why and what each
side earned. The chart shows the team's own side's cumulative NPV per round against the same
side in the workshop's other rooms, named by number only unless the facilitator names their
teams (:func:`room_label`).

Values are computed on the case's truth in the kernel; what reaches the browser is the team's
own side's numbers, and both sides' totals once the room has ended (the debrief moment).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import ipywidgets as widgets

from negotiation_lib.datasets import load_sample_case
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.rooms import (
    RoomState,
    RoundClosure,
    Side,
    other_side,
    room_values,
    seed_of,
)
from negotiation_lib.figures.room_rounds import room_rounds_chart
from negotiation_lib.formatting import escape, money, number, percent
from negotiation_lib.worksheets.deal_room import model
from negotiation_lib.worksheets.deal_room.text import ROLE_WORDS
from negotiation_lib.worksheets.page import FigureSlot, plotly_warmup
from negotiation_lib.worksheets.shared_models import set_display

if TYPE_CHECKING:
    from negotiation_lib.store import Store
    from negotiation_lib.store.rooms import RoomSeat

__all__ = ["ENDED", "RoundsPanel", "closure_sentence", "room_label"]

ENDED = {
    "not renewed": "The relationship was not renewed, so the room has ended: both sides earn "
    "their best alternative in the rounds left.",
    "all rounds played": "All rounds are played: the room has ended.",
    "walked away": "{who} walked away, so the room has ended: both sides earn their best "
    "alternative in the rounds left.",
}
"""Why a room ended, in words for both teams."""


def closure_sentence(closure: RoundClosure) -> str:
    """The renewal drawn after a round, as both teams read it.

    Examples
    --------
    >>> closure_sentence(RoundClosure(1, 0.4213, 0.91, True))
    'Round 1 renewed: 91% chance of renewal at this split, drawn 0.42.'
    >>> closure_sentence(RoundClosure(2, 0.95, 0.78, False))
    'Round 2 not renewed: 78% chance of renewal at this split, drawn 0.95.'
    """
    what = "renewed" if closure.renewed else "not renewed"
    return (
        f"Round {closure.round} {what}: {percent(closure.retention, 0)} chance of renewal at "
        f"this split, drawn {number(closure.draw, 2)}."
    )


def room_label(number: int, state: RoomState, named: bool) -> str:
    """How a team's chart names another room: by number, or with its teams' names.

    The teams are named when the facilitator chose so
    (:meth:`~negotiation_lib.store.Store.show_room_names`).

    Examples
    --------
    >>> from negotiation_lib.domain.rooms import RoomTerms, new_room
    >>> from dataclasses import replace
    >>> state = replace(new_room(RoomTerms()), names={"seller": "North", "customer": "South"})
    >>> room_label(2, state, False), room_label(2, state, True)
    ('Room 2', 'Room 2: North and South')
    """
    if not named:
        return f"Room {number}"
    return f"Room {number}: {state.name_of('seller')} and {state.name_of('customer')}"


class RoundsPanel:
    """The rounds part of a team's deal room (hidden in a single-round workshop).

    Parameters
    ----------
    store
        The workshop store (the other rooms' states, for the chart).
    case_name
        The role-play case: its truth prices every agreement.
    """

    def __init__(self, store: Store, case_name: str) -> None:
        self.store = store
        self.case_name = case_name
        self._truth: Case | None = None
        self.w_text = widgets.HTML()
        self.w_text.add_class("nw-dr-rounds")
        self.chart = FigureSlot(380)
        self.widget = widgets.VBox([self.w_text, plotly_warmup(), self.chart.widget])
        self._key: object = None
        set_display(self.widget, False)

    def truth(self) -> Case:
        """The case's truth (read once)."""
        if self._truth is None:
            self._truth = load_sample_case(self.case_name)
        return self._truth

    def draw(self, seat: RoomSeat, state: RoomState, side: Side, counterpart: str) -> None:
        """Redraw for the room's state, when its rounds changed since the last draw."""
        shown = state.rounds > 1 and state.paired
        set_display(self.widget, shown)
        if not shown:
            return
        key = (state.round, len(state.agreements), state.closures, state.ended, side)
        if key == self._key:
            return
        self._key = key
        currency = state.terms.currency
        values, played = room_values(
            self.truth(), state, seed_of(seat.room.workshop_id, seat.room.id)
        )
        mine = values.seller_cumulative if side == "seller" else values.customer_cumulative
        theirs = values.customer_cumulative if side == "seller" else values.seller_cumulative
        parts = [f"<p class='nw-dr-round'><b>Round {state.round} of {state.rounds}</b></p>"]
        parts += [
            f"<p class='nw-dr-renewal'>{escape(closure_sentence(c))}</p>" for c in state.closures
        ]
        ended = state.ended
        last = state.last_agreement
        if ended is None and last is not None and last.round < state.round:
            package = "; ".join(
                f"{label}: {value}"
                for label, value in model.package_text(state.terms, last.offer.values)
            )
            parts.append(
                f"<p class='nw-dr-start'>Round {state.round} starts from round {last.round}'s "
                f"agreement: {escape(package)}.</p>"
            )
        if ended is not None:
            walker = state.walk_away
            who = "You" if walker is not None and walker.side == side else counterpart
            parts.append(
                f"<p class='nw-dr-ended'><b>{escape(ENDED[ended].format(who=who))}</b></p>"
            )
        if played:
            own = money(float(mine[played - 1]), currency, 0)
            parts.append(
                f"<p class='nw-dr-npv'>Your cumulative NPV as the {ROLE_WORDS[side]} after "
                f"{played} of {state.rounds} rounds: <b>{escape(own)}</b>.</p>"
            )
        if ended is not None and played:
            other = money(float(theirs[played - 1]), currency, 0)
            parts.append(
                f"<p class='nw-dr-npv-other'>{escape(counterpart)}'s cumulative NPV as the "
                f"{ROLE_WORDS[other_side(side)]}: <b>{escape(other)}</b>.</p>"
            )
        self.w_text.value = "<div class='nw-dr-rounds-box'>" + "".join(parts) + "</div>"
        self.chart.show(
            room_rounds_chart(
                self._curves(seat, state, side, mine[:played].tolist()),
                "Your room",
                ROLE_WORDS[side],
                currency,
                state.rounds,
            )
        )

    def _curves(
        self, seat: RoomSeat, state: RoomState, side: Side, own: list[float]
    ) -> Mapping[str, list[float]]:
        """Each room's cumulative NPV for ``side`` over its rounds played, by its label."""
        curves: dict[str, list[float]] = {"Your room": own}
        try:
            rooms = {r.id: r for r in self.store.rooms(seat.room.workshop_id)}
            states = self.store.room_states(seat.room.workshop_id)
            named = self.store.workshop(seat.room.workshop_id).names_shown
        except Exception:  # - the chart is an extra: the room itself is drawn anyway
            return curves
        for room_id, other in states.items():
            info = rooms.get(room_id)
            if room_id == seat.room.id or info is None or not other.paired:
                continue
            values, played = room_values(self.truth(), other, seed_of(info.workshop_id, room_id))
            cumulative = (
                values.seller_cumulative if side == "seller" else values.customer_cumulative
            )
            if played:
                curves[room_label(info.number, other, named)] = cumulative[:played].tolist()
        return curves
