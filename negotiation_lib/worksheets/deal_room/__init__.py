"""The Deal room tab: a team's side of a paired role-play (issue 18, DESIGN §7).

Split as the other worksheet packages are:

- :mod:`~.model`: what the tab shows, from the case file, the team's side and the room's state
  (pure functions, tested without a browser);
- :mod:`~.view`: :class:`DealRoomPage`, the widgets, the polling and the actions;
- :mod:`~.text`: its words; ``deal_room.css``: its look.
"""

from __future__ import annotations

from negotiation_lib.worksheets.deal_room.text import TAB_LABEL
from negotiation_lib.worksheets.deal_room.view import DealRoomPage

__all__ = ["TAB_LABEL", "DealRoomPage"]
