"""The Deal room's practice offer: a waiting team asks the workbook to play the other side.

A team without a counterpart (the odd team of a workshop) need not sit idle: it chooses a
practice opponent's style and the workbook takes the empty seat
(:meth:`~negotiation_lib.store.Store.seat_practice_opponent`, DESIGN §7 "Practice
opponents"). The opponent's moves are the room's events, answered as the team acts, so the
page shows them like a team's. The panel shows only while the team waits.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from negotiation_lib.worksheets.deal_room.controls import labelled, say
from negotiation_lib.worksheets.shared_models import set_display, shared_layout

__all__ = ["PRACTICE_CHOICES", "PracticePanel"]

PRACTICE_CHOICES: tuple[tuple[str, str], ...] = (
    ("Trust-based: shares its open book, starts near the fair split", "trust"),
    ("CPT: opens high, reveals nothing, concedes little and late", "cpt"),
)
"""The styles a team may practise against, as the choice reads them."""

PRACTICE_INTRO = (
    "No team to negotiate with yet? Practise against the workbook: it plays the other side "
    "of this room in the style you choose, answers each of your moves at once, and its offers "
    "are scored and recorded like a team's. Your facilitator can still pair you with a team "
    "later."
)

Seat = Callable[[str], str | None]
"""Seats an opponent of the style given; returns the sentence saying why not, or ``None``."""


class PracticePanel:
    """The practice offer: its explanation, the style chosen and the button that starts it.

    Parameters
    ----------
    seat
        Seats a practice opponent of a style in the team's room (the page's own, which also
        redraws the room).
    """

    def __init__(self, seat: Seat) -> None:
        self._seat = seat
        intro = widgets.HTML(f"<p class='nw-dr-practice-intro'>{PRACTICE_INTRO}</p>")
        self.w_style = widgets.Dropdown(
            options=list(PRACTICE_CHOICES),
            value="trust",
            layout=shared_layout(width="min(100%, 34em)"),
        )
        box, self.w_msg = labelled("practice.style", "Practice opponent's style", self.w_style)
        self.w_start = widgets.Button(description="Practise against the workbook", icon="user")
        self.w_start.add_class("nw-dr-practice-start")
        self.w_start.layout = shared_layout(width="auto")
        self.w_start.on_click(lambda _b: self.start())
        self.widget = widgets.VBox([intro, box, widgets.HBox([self.w_start])])
        self.widget.add_class("nw-dr-practice")
        set_display(self.widget, False)

    def draw(self, waiting: bool) -> None:
        """Show the offer only while the team waits for a counterpart in an open room."""
        set_display(self.widget, waiting)

    def start(self) -> bool:
        """Seat the chosen opponent; a sentence under the choice when it cannot sit down."""
        self.w_start.disabled = True
        try:
            problem = self._seat(str(self.w_style.value))
        finally:
            self.w_start.disabled = False
        if problem:
            say(self.w_msg, problem)
            return False
        say(self.w_msg, "")
        return True
