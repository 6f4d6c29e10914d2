"""The workbook's words for its codes: one label per discount kind, principle, flag and verdict.

Pages, charts, the brief, the report and the Excel workbook all read their labels here, so a
principle or a verdict is called the same everywhere and no code (``cost_to_serve``,
``below_walk_away``) ever reaches a user. Plain text: escape it where it meets HTML.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "DISCOUNT_KINDS",
    "FLAG_SHORT",
    "PRINCIPLES",
    "VERDICTS",
    "VERDICT_TONES",
    "Tone",
    "discount_kind_label",
    "principle_label",
    "verdict_label",
]

Tone = Literal["neutral", "good", "warn", "bad"]
"""How a page colours a result: neutral, good (green), warn (amber), bad (red)."""

DISCOUNT_KINDS: Final = MappingProxyType(
    {"percent": "% of list", "per_unit": "per unit", "per_period": "per period"}
)
"""A discount's kind (the case's ``kind``) and how it reads."""

PRINCIPLES: Final = MappingProxyType(
    {
        "volume": "volume",
        "commitment": "commitment",
        "prepayment": "prepayment",
        "cost_to_serve": "cost to serve",
        "risk_sharing": "risk sharing",
        "reference_customer": "reference customer",
        "none": "no principle",
    }
)
"""A discount's principle (the case's ``principle``) and how it reads, in the case's order."""

FLAG_SHORT: Final = MappingProxyType(
    {
        "discount_without_principle": "no principle",
        "discount_exceeds_saving": "exceeds the saving",
    }
)
"""The short note a chart puts beside a discount that raised one of these flags."""

VERDICTS: Final = MappingProxyType(
    {
        "win": "A win",
        "acceptable": "Acceptable, short of a win",
        "below_walk_away": "Worse than walking away",
        "must_have_missed": "Breaks a must-have",
    }
)
"""A justification memo's verdict on a package for one party, as a heading reads it."""

VERDICT_TONES: Final[MappingProxyType[str, Tone]] = MappingProxyType(
    {"win": "good", "acceptable": "warn", "below_walk_away": "bad", "must_have_missed": "bad"}
)
"""The colour each verdict is shown in."""


def principle_label(code: str) -> str:
    """How a discount principle reads.

    Examples
    --------
    >>> principle_label("cost_to_serve"), principle_label("none")
    ('cost to serve', 'no principle')
    """
    return PRINCIPLES.get(code, code.replace("_", " "))


def discount_kind_label(code: str) -> str:
    """How a discount kind reads.

    Examples
    --------
    >>> discount_kind_label("percent")
    '% of list'
    """
    return DISCOUNT_KINDS.get(code, code.replace("_", " "))


def verdict_label(code: str, *, sentence: bool = False) -> str:
    """How a memo's verdict reads: as a heading (``A win``) or inside a sentence (``a win``).

    Examples
    --------
    >>> verdict_label("below_walk_away"), verdict_label("win", sentence=True)
    ('Worse than walking away', 'a win')
    """
    label = VERDICTS.get(code, code.replace("_", " "))
    return label[0].lower() + label[1:] if sentence else label
