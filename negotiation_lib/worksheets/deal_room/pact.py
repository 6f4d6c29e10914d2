"""The Deal room's fairness pact: a team proposes the seller's fair share before offers.

Optional (DESIGN §7): each team may propose which share of the value created is fair for the
seller; the pact is agreed when both teams' latest proposals are the same share, and only
before the room's first offer. The room records each proposal (``pact`` events) and the share
both proposed (:attr:`RoomState.fair_share`), which the facilitator's debrief prices the fair
split with; the page also puts it into the team's own case, whose fair price the Transparent
economics tab shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from negotiation_lib.domain.rooms import RoomState, Side, other_side
from negotiation_lib.formatting import escape
from negotiation_lib.numbers import NumberFormat, format_number_input
from negotiation_lib.worksheets.deal_room import html, model
from negotiation_lib.worksheets.deal_room.controls import labelled, say
from negotiation_lib.worksheets.deal_room.text import PACT
from negotiation_lib.worksheets.shared_models import set_display, shared_layout

__all__ = ["PactPanel"]

Act = Callable[[str, Mapping[str, Any], widgets.HTML], bool]
"""Records an action in the room (the page's own ``_act``): kind, payload, where to answer."""


class PactPanel:
    """The pact's card content: where it stands, the share field and its buttons.

    Parameters
    ----------
    act
        Records a ``pact`` event; on refusal it says why at the field and records nothing.
    fmt
        The number format the team's inputs read (called when a share is read or shown).
    """

    def __init__(self, act: Act, fmt: Callable[[], NumberFormat]) -> None:
        self._act = act
        self._fmt = fmt
        self._filled = False
        self._theirs: float | None = None
        self.w_state = widgets.HTML()
        self.w_state.add_class("nw-dr-pact")
        self.w_share = widgets.Text(value="", layout=shared_layout(width="7em"))
        box, self.w_msg = labelled("pact.fair_share", PACT["label"], self.w_share)
        self.w_propose = widgets.Button(description="Propose this share", icon="balance-scale")
        self.w_propose.add_class("nw-dr-pact-propose")
        self.w_propose.on_click(lambda _b: self.propose())
        self.w_agree = widgets.Button(description="Agree", icon="handshake-o")
        self.w_agree.add_class("nw-dr-pact-agree")
        self.w_agree.on_click(lambda _b: self.agree())
        self.w_why = widgets.HTML()
        self.w_why.add_class("nw-dr-pact-why")
        buttons = widgets.HBox([self.w_propose, self.w_agree])
        buttons.add_class("nw-dr-pact-buttons")
        row = widgets.HBox([box, buttons])
        row.add_class("nw-dr-pact-row")
        self.widget = widgets.VBox([self.w_state, row, self.w_why])

    def draw(self, state: RoomState, side: Side, other: str, default: float | None) -> None:
        """Show where the pact stands; enable the field only while a share can be proposed.

        ``default`` is the share the case itself proposes: the field starts with the team's
        own latest proposal, else with it.
        """
        html_text = html.pact_html(state, side, other)
        if self.w_state.value != html_text:
            self.w_state.value = html_text
        blocker = model.pact_blocker(state)
        start = state.fair_share
        if start is None:
            start = state.pact_proposals.get(side, default)
        if start is not None and (not self._filled or blocker):
            shown = format_number_input(round(100 * start, 4), self._fmt())
            if self.w_share.value != shown:
                self.w_share.value = shown
            self._filled = True
        for control in (self.w_share, self.w_propose):
            control.disabled = bool(blocker)
        why = f"<span class='nw-dr-none'>{escape(blocker)}</span>" if blocker else ""
        if self.w_why.value != why:
            self.w_why.value = why
        theirs = state.pact_proposals.get(other_side(side))
        mine = state.pact_proposals.get(side)
        self._theirs = theirs
        offered = theirs is not None and theirs != mine and not blocker
        if offered and theirs is not None:
            self.w_agree.description = f"Agree to {model.share_text(theirs)}"
        set_display(self.w_agree, offered)

    def propose(self) -> bool:
        """Propose the share typed; a sentence at the field when it cannot be read."""
        share, problem = model.read_share(str(self.w_share.value or ""), self._fmt().tag)
        if share is None:
            say(self.w_msg, problem)
            return False
        return self._act("pact", {"fair_share": share}, self.w_msg)

    def agree(self) -> bool:
        """Propose the counterpart's share: the pact is then agreed."""
        if self._theirs is None:
            say(self.w_msg, "The other team has not proposed a share yet.")
            return False
        self.w_share.value = format_number_input(round(100 * self._theirs, 4), self._fmt())
        return self._act("pact", {"fair_share": self._theirs}, self.w_msg)
