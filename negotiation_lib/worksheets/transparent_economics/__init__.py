"""Worksheet 2, transparent economics: the open book, the fair price and the relationship.

The seller lays its whole economic model on the table: cost to serve, list price, every
discount with the principle that earns it, and the waterfall down to the pocket price. From the
customer's evidence-weighted economic value (worksheet 1) and both sides' alternatives follow
the zone of possible agreement, the fair price and how the gain over both BATNAs splits. Then
the deal is projected over many repetitions: whether squeezing pays the seller, said in words,
with both sides' NPVs across the zone; each side's BATNA (per period and as an NPV), BATR, COLR
and net COLR side by side; the fair deal against a tough one; the two sources of uncertainty
apart; and a tornado of every input.

The results (:mod:`.model`), the page's words (:mod:`.text`), its tables and verdicts
(:mod:`.tables`), the discounts' editor (:mod:`.editors`) and the page itself (:mod:`.view`).
"""

from negotiation_lib.worksheets.transparent_economics.model import (
    MONTE_CARLO_PATHS,
    MONTE_CARLO_SEED,
    PriceCurve,
    TransparentEconomicsResults,
    compute,
    missing_note,
    price_curve,
)
from negotiation_lib.worksheets.transparent_economics.view import TransparentEconomicsWorksheet

__all__ = [
    "MONTE_CARLO_PATHS",
    "MONTE_CARLO_SEED",
    "PriceCurve",
    "TransparentEconomicsResults",
    "TransparentEconomicsWorksheet",
    "compute",
    "missing_note",
    "price_curve",
]
