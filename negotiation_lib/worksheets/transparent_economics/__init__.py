"""Worksheet 2, transparent economics: the open book, the fair price and the relationship.

The seller lays its whole economic model on the table: cost to serve, list price, every
discount with the principle that earns it, and the waterfall down to the pocket price. From the
customer's economic value (worksheet 1) and both sides' alternatives follow the zone of possible
agreement, the fair price and how the value created splits. Then the deal is projected over
many repetitions: each side's NPV, what it loses if the relationship ends (COLR) next to its
one-off alternative (BATNA) and its best alternative relationship (BATR), the fair deal against
a tough one, Monte Carlo bands and a sensitivity tornado.

The results (:mod:`.model`), the page's words (:mod:`.text`), the discounts' editor
(:mod:`.editors`) and the page itself (:mod:`.view`).
"""

from negotiation_lib.worksheets.transparent_economics.model import (
    MONTE_CARLO_PATHS,
    MONTE_CARLO_SEED,
    TransparentEconomicsResults,
    compute,
    missing_note,
)
from negotiation_lib.worksheets.transparent_economics.view import TransparentEconomicsWorksheet

__all__ = [
    "MONTE_CARLO_PATHS",
    "MONTE_CARLO_SEED",
    "TransparentEconomicsResults",
    "TransparentEconomicsWorksheet",
    "compute",
    "missing_note",
]
