"""The Deal room tab's words: labels, explanations and the room's status sentences."""

from __future__ import annotations

from typing import Final

__all__ = [
    "CONFIRM_WALK",
    "EXPLAIN",
    "NO_DEFINITION",
    "NO_SEAL",
    "ROLE_WORDS",
    "STATUS",
    "TAB_LABEL",
]

TAB_LABEL: Final = "Deal room"
"""The workbook tab's label."""

ROLE_WORDS: Final = {"seller": "seller", "customer": "buyer"}
"""Each side as the page names it."""

EXPLAIN: Final = {
    "role": "Your side of the negotiation and what only your team knows.",
    "disclosure": (
        "Your private facts stay with your team until you share one. You may state a different "
        "value from the one in your brief; the facilitator's debrief compares the two."
    ),
    "shared": "Facts the other team shared with you, at the values they stated.",
    "definitions": (
        "Seal your definition of winning on the Win-win definition tab; the other team sees "
        "at once that it is sealed, and its contents once you reveal it."
    ),
    "offers": (
        "A package settles every issue. Each offer is scored by your definition of winning "
        "(0 to 100 points) and, once they reveal theirs, by the other team's."
    ),
}

STATUS: Final = {
    "waiting": "You are waiting for another team to join the workshop: your facilitator "
    "pairs you as soon as one does. This page updates by itself.",
    "negotiating": "The room is open: share, propose, accept, counter or walk away.",
    "agreed": "Agreement reached on offer {number}. It is final and recorded.",
    "walked_away": "{who} walked away. The negotiation is over: both sides keep their best "
    "alternative.",
    "closed": "This room is closed: {reason}",
}

NO_SEAL: Final = (
    "Seal your definition of winning on the Win-win definition tab first; then you can reveal "
    "it here."
)

NO_DEFINITION: Final = (
    "Your definition of winning cannot score this offer yet: complete it on the Win-win "
    "definition tab."
)

CONFIRM_WALK: Final = (
    "Walking away ends the negotiation for both teams: no agreement can follow. Are you sure?"
)
