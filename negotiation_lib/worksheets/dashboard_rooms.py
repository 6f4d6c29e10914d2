"""The dashboard's deal rooms: who sits with whom, where each room stands, and re-pairing.

A workshop on a role-play case seats its teams in rooms as they join (seller, buyer, seller…).
The facilitator sees every room here and can put two teams together: the teams' open rooms
without an agreement are closed, and a new room is opened for them
(:meth:`~negotiation_lib.store.Store.repair`); teams left without a counterpart wait, and
their pages say so. A room with an agreement is never re-paired (the store says why).

A room where the workbook plays one side (a practice opponent, DESIGN §7) names that side by
its style (:func:`~negotiation_lib.debrief_rooms.side_name`); the opponent is no team, so it is
never offered for re-pairing.

The card also keeps the deal-room debrief (:class:`~.dashboard_debrief.RoomDebriefCard`,
:attr:`RoomsCard.debrief`, placed by the dashboard as a card of its own), fed from the same
rooms and states read once a refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from negotiation_lib.debrief_rooms import side_name
from negotiation_lib.formatting import escape
from negotiation_lib.worksheets.dashboard_debrief import RoomDebriefCard
from negotiation_lib.worksheets.shared_models import set_display, shared_layout

if TYPE_CHECKING:
    from negotiation_lib.domain.rooms import RoomState
    from negotiation_lib.store import RoomInfo, Store

__all__ = ["RoomsCard"]


def _names(room: RoomInfo, state: RoomState | None) -> tuple[str | None, str | None]:
    """Each side's name in the table: its team's, or the practice opponent's by style."""
    if state is None or not state.practice:
        return room.seller_name, room.customer_name
    seller, customer = (
        side_name(state, side) if side in state.practice else room.name(side)
        for side in ("seller", "customer")
    )
    return seller, customer


_STATUS = {
    "waiting": "waiting for a counterpart",
    "negotiating": "negotiating",
    "agreed": "agreed",
    "walked_away": "walked away",
    "closed": "closed",
}


class RoomsCard:
    """The rooms table and the re-pair control of a workshop.

    Parameters
    ----------
    store
        Opens (or returns) the workshop store.
    """

    def __init__(self, store: Callable[[], Store]) -> None:
        self._store = store
        self.workshop_id: int | None = None
        self.key: str | None = None
        self.styles: Mapping[str, float | None] = {}
        self.debrief = RoomDebriefCard()
        self.w_rooms = widgets.HTML()
        self.w_rooms.add_class("nw-rooms")
        self.w_seller = widgets.Dropdown(description="Seller team", options=[])
        self.w_buyer = widgets.Dropdown(description="Buyer team", options=[])
        for w in (self.w_seller, self.w_buyer):
            w.style = {"description_width": "90px"}
            w.layout = shared_layout(width="320px")
        self.w_seller.add_class("nw-repair-seller")
        self.w_buyer.add_class("nw-repair-buyer")
        self.w_repair = widgets.Button(description="Put them in a room", icon="exchange")
        self.w_repair.add_class("nw-repair")
        self.w_repair.on_click(self._on_repair)
        self.w_msg = widgets.HTML()
        self.w_msg.add_class("nw-repair-msg")
        self.w_names = widgets.Checkbox(
            value=False,
            description="Name the teams on the teams' round charts (else: rooms by number)",
            indent=False,
            layout=shared_layout(width="auto"),
        )
        self.w_names.add_class("nw-room-names")
        self._showing_names = False  # set by the page, not by the facilitator
        self.w_names.observe(self._on_names, names="value")
        self.w_names_msg = widgets.HTML()
        self.w_names_msg.add_class("nw-room-names-msg")
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    "<div class='nw-card-title'>Deal rooms</div><div class='nw-concept'>Each "
                    "room seats a seller team and a buyer team. To re-pair, choose two teams "
                    "and put them in a room: their rooms without an agreement close, and a "
                    "team left alone waits for a counterpart.</div>"
                ),
                self.w_rooms,
                widgets.HBox(
                    [self.w_seller, self.w_buyer, self.w_repair],
                    layout=shared_layout(flex_flow="row wrap"),
                ),
                self.w_msg,
                self.w_names,
                self.w_names_msg,
            ]
        )
        self.widget.add_class("nw-card")
        set_display(self.widget, False)

    def open(self, workshop_id: int, key: str | None) -> None:
        """Show the rooms of a workshop; ``key`` re-pairs (``None``: the table only)."""
        self.workshop_id = workshop_id
        self.key = key
        self.w_msg.value = ""
        self.w_names_msg.value = ""
        self._showing_names = True
        try:
            self.w_names.value = self._store().workshop(workshop_id).names_shown
        finally:
            self._showing_names = False
        set_display(self.w_names, key is not None)

    def refresh(self, styles: Mapping[str, float | None] | None = None) -> None:
        """Redraw the rooms and their debrief (nothing shows for a workshop without rooms).

        Parameters
        ----------
        styles
            Team name → overall style score of its saved case, for the debrief's outcomes by
            style (:func:`~.dashboard_debrief.team_styles`); ``None`` keeps the last ones.
        """
        if self.workshop_id is None:
            return
        if styles is not None:
            self.styles = dict(styles)
        store = self._store()
        rooms = store.rooms(self.workshop_id)
        set_display(self.widget, bool(rooms))
        if not rooms:
            set_display(self.debrief.widget, False)
            return
        states = store.room_states(self.workshop_id)
        self.debrief.update(rooms, states, self.styles)
        rows = []
        for room in rooms:
            state = states.get(room.id)
            status = _STATUS.get(state.status, state.status) if state is not None else ""
            if room.closed_at is not None:
                status = "closed"
            seller, customer = _names(room, state)
            rows.append(
                f"<tr data-room='{room.number}' data-open='{int(room.is_open)}'>"
                f"<td>Room {room.number}</td><td>{escape(seller or '–')}</td>"
                f"<td>{escape(customer or '–')}</td><td>{escape(status)}</td></tr>"
            )
        html = (
            "<table class='nw-table-plain'><tr><th>Room</th><th>Seller team</th>"
            "<th>Buyer team</th><th>Where it stands</th></tr>" + "".join(rows) + "</table>"
        )
        if self.w_rooms.value != html:
            self.w_rooms.value = html
        # A practice opponent is the workbook's, not a team: it is never re-paired.
        practice = {
            pid
            for r in rooms
            if (state := states.get(r.id)) is not None
            for pid in (r.team(side) for side in state.practice)
            if pid is not None
        }
        teams = sorted(
            {
                (name, pid)
                for r in rooms
                for name, pid in (
                    (r.seller_name, r.seller_id),
                    (r.customer_name, r.customer_id),
                )
                if name is not None and pid is not None and pid not in practice
            }
        )
        options: list[tuple[str, Any]] = [(name, pid) for name, pid in teams]
        for w in (self.w_seller, self.w_buyer):
            chosen = w.value
            if list(w.options) != options:
                w.options = options
                ids = [pid for _n, pid in options]
                w.value = chosen if chosen in ids else None
        set_display(self.w_repair, self.key is not None)

    def _on_repair(self, _button: widgets.Button | None = None) -> None:
        from negotiation_lib.store import StoreError

        seller, buyer = self.w_seller.value, self.w_buyer.value
        if self.workshop_id is None or self.key is None:
            return
        if seller is None or buyer is None:
            self._say("Choose a seller team and a buyer team.")
            return
        try:
            opened = self._store().repair(self.workshop_id, self.key, [(seller, buyer)])
        except StoreError as err:
            self._say(err.message)
            return
        said = []
        for r in opened:
            if r.seller_name and r.customer_name:
                said.append(
                    f"{r.seller_name} and {r.customer_name} now negotiate in room {r.number}"
                )
            else:
                said.append(f"{r.seller_name or r.customer_name} waits in room {r.number}")
        self._say("; ".join(said) + "." if said else "These teams already sit together.", "good")
        self.refresh()

    def _on_names(self, change: Mapping[str, Any]) -> None:
        """Name the teams on the teams' round charts, or go back to room numbers."""
        from negotiation_lib.store import StoreError

        if self._showing_names or self.workshop_id is None or self.key is None:
            return
        shown = bool(change["new"])
        try:
            self._store().show_room_names(self.workshop_id, self.key, shown)
        except StoreError as err:
            self._showing_names = True
            try:
                self.w_names.value = not shown  # nothing changed: the box says so
            finally:
                self._showing_names = False
            self.w_names_msg.value = (
                f"<div class='nw-banner nw-bad' role='alert'>{escape(err.message)}</div>"
            )
            return
        said = (
            "The teams' round charts now name the other rooms' teams"
            if shown
            else "The teams' round charts now show the other rooms by number only"
        )
        self.w_names_msg.value = (
            f"<div class='nw-banner nw-good' role='status'>{escape(said)}, from their next "
            "redraw (a new round, or a reload of the page).</div>"
        )

    def _say(self, text: str, tone: str = "bad") -> None:
        role = "alert" if tone == "bad" else "status"
        self.w_msg.value = f"<div class='nw-banner nw-{tone}' role='{role}'>{escape(text)}</div>"
