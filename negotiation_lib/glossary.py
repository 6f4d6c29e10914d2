"""The workbook's glossary: the abbreviations a trainee meets on the tiles, in plain words.

One entry per term (ZOPA, EVE, BATNA, BATR, COLR, NPV, CPT, P10/P50/P90), each with its full
name, a one-line plain meaning and a short definition in the workbook's own words. Pages show
the meaning as a tooltip on every tile whose label uses the term (:func:`terms_in`,
:func:`tooltip`), and the home page lists the whole glossary. Plain text: escape it where it
meets HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["GLOSSARY", "Term", "term", "terms_in", "tooltip"]


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry.

    Attributes
    ----------
    term
        The abbreviation as labels write it (``ZOPA``).
    name
        What it stands for (``Zone of possible agreement``).
    meaning
        One plain line: what it means for the trainee's deal.
    definition
        A short definition, paraphrased in the workbook's own words.
    pattern
        Where a label uses the term: a regular expression matched against the label.
    """

    term: str
    name: str
    meaning: str
    definition: str
    pattern: str

    def found_in(self, label: str) -> bool:
        """Whether ``label`` uses the term (as a whole word, in capitals)."""
        return re.search(self.pattern, label) is not None


GLOSSARY: tuple[Term, ...] = (
    Term(
        "ZOPA",
        "Zone of possible agreement",
        "The prices that work for both sides.",
        "It runs from the seller's floor, the lowest price that still beats the seller's own "
        "alternative, up to the customer's ceiling, the highest price at which buying still "
        "beats the customer's alternative. No price works for both when the floor is above "
        "the ceiling.",
        r"\bZOPA\b",
    ),
    Term(
        "EVE",
        "Economic value estimation",
        "What the offer is worth to the customer, per unit.",
        "The price of the customer's next-best alternative, plus the money value of every way "
        "the offer does better and minus every way it does worse. The evidence-weighted EVE "
        "counts each claim only as far as its confidence goes.",
        r"\bEVE\b",
    ),
    Term(
        "BATNA",
        "Best alternative to a negotiated agreement",
        "What a side gets each period if this deal fails.",
        "A side's best one-off fallback: another supplier, another customer, or doing the work "
        "itself. The better it is, the less that side needs this deal, and the narrower the "
        "zone of possible agreement.",
        r"\bBATNAs?\b",
    ),
    Term(
        "BATR",
        "Best alternative to the relationship",
        "What a side's next-best long-term relationship is worth today.",
        "Where the BATNA is one deal, the BATR is a whole relationship, given as a net present "
        "value, so it is compared with the NPV of this relationship and never with a "
        "per-period figure.",
        r"\bBATRs?\b",
    ),
    Term(
        "COLR",
        "Cost of losing the relationship",
        "What a side gives up if the relationship ends after this deal.",
        "Today's value of every later repetition of the deal. The net COLR takes the best "
        "alternative relationship (BATR) off it: what losing this relationship costs beyond "
        "moving to the best other one.",
        r"\bCOLR\b",
    ),
    Term(
        "NPV",
        "Net present value",
        "A stream of future money, counted in today's money.",
        "Each later amount is discounted for the time until it arrives and, here, weighted by "
        "the chance that the relationship lasts that long; one-time costs are taken off at the "
        "start.",
        r"\bNPVs?\b",
    ),
    Term(
        "CPT",
        "Competitive, power-based, transactional",
        "Negotiating to win this one deal, whatever it does to the next.",
        "A style that treats the other side as an opponent and information as a weapon. In the "
        "projection, the CPT deal is the tough price (the customer's ceiling unless another is "
        "set), set against the fair, trust-based price.",
        r"\bCPT\b",
    ),
    Term(
        "P10 / P90",
        "10th and 90th percentiles",
        "A bad case and a good case out of many simulated futures.",
        "One simulated outcome in ten is worse than the P10 and one in ten is better than the "
        "P90; the P50 is the middle one. The gap between P10 and P90 shows how unsure the "
        "figure is.",
        r"\bP(?:10|50|90)\b",
    ),
)
"""Every term of the glossary, in the order the home page lists them."""


def term(abbreviation: str) -> Term:
    """The glossary entry of an abbreviation.

    Raises
    ------
    KeyError
        When the glossary has no such term.

    Examples
    --------
    >>> term("ZOPA").name
    'Zone of possible agreement'
    """
    for entry in GLOSSARY:
        if entry.term == abbreviation:
            return entry
    raise KeyError(abbreviation)


def terms_in(label: str) -> tuple[Term, ...]:
    """The glossary's terms a label uses, in glossary order.

    Examples
    --------
    >>> [t.term for t in terms_in("Net COLR = COLR − BATR (NPV)")]
    ['BATR', 'COLR', 'NPV']
    >>> terms_in("Pocket price per pump")
    ()
    """
    return tuple(t for t in GLOSSARY if t.found_in(label))


def tooltip(label: str) -> str:
    """The tooltip of a label: each term it uses, its name and its plain meaning (or "").

    Examples
    --------
    >>> tooltip("ZOPA per pump (floor–ceiling)")
    'ZOPA: zone of possible agreement. The prices that work for both sides.'
    >>> tooltip("Pocket price")
    ''
    """
    # One line: a tooltip is an attribute, and a line break in it breaks what reads it back.
    return " ".join(
        f"{t.term}: {t.name[0].lower()}{t.name[1:]}. {t.meaning}" for t in terms_in(label)
    )
