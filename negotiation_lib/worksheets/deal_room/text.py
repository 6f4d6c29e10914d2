"""The Deal room tab's words: labels, explanations and the room's status sentences."""

from __future__ import annotations

from typing import Final

__all__ = [
    "CONFIRM_WALK",
    "CONFIRM_WITHDRAW",
    "EXPLAIN",
    "NO_DEFINITION",
    "NO_SEAL",
    "PACT",
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
    "pact": (
        "Optional, before the first offer: agree with the other team which share of the value "
        "created is fair for the seller (the value created is the joint gain over both sides' "
        "best alternatives; the buyer gets the rest, and 50% splits it evenly). The pact is "
        "agreed when both teams propose the same share; then both teams' fair price uses it."
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

CONFIRM_WITHDRAW: Final = (
    "Withdraw offer {number}? The other team can then no longer accept it; you can propose "
    "a new package at any time."
)

PACT: Final = {
    "label": "Seller's fair share of the value created (%)",
    "empty": "Enter the seller’s fair share as a percentage from 0 to 100, for example 50.",
    "range": "A share runs from 0% (nothing for the seller) to 100% (all of the value "
    "created): {typed}% is outside that range.",
    "agreed": "Pact agreed: the seller's fair share is {seller} of the value created, the "
    "buyer's {buyer}. Both teams' fair price uses it: your Transparent economics tab and the "
    "facilitator's debrief.",
    "yours": "Your team proposes {share} for the seller.",
    "no_yours": "Your team has not proposed a share.",
    "theirs": "{who} proposes {share} for the seller.",
    "no_theirs": "{who} has not proposed a share yet.",
    "differ": "The proposals differ: the pact is agreed when both teams propose the same share.",
    "to_agree": "To agree, propose the same share.",
    "done": "The pact is agreed and stands for the rest of the negotiation.",
    "over": "The negotiation is over, so no pact can be proposed now.",
    "late": "Offers have started in this room, so the fairness pact can no longer be proposed: "
    "it is agreed before the first offer.",
    "sent": "Your proposal is recorded; the other team sees it now.",
}
"""The fairness pact's words: its field, where the pact stands, why it cannot be proposed."""
