"""The value-proposition page's words: explanations, option lists, and its results as HTML.

The explanations are plain text (the page escapes them); the functions at the end write the
page's results as HTML, escaping every user-typed name and currency.
"""

from __future__ import annotations

from negotiation_lib import vocabulary
from negotiation_lib.domain.strategy import StrategyResult
from negotiation_lib.domain.value import ValueResult
from negotiation_lib.formatting import escape, money, number, percent
from negotiation_lib.vocabulary import Tone

__all__ = ["CATEGORIES", "EXPLAIN", "NEXT_STEPS", "fit_tiles", "moves_table", "value_tiles"]

CATEGORIES = [(label, code) for code, label in vocabulary.CATEGORIES.items()]
"""A value driver's categories as a list editor offers them: (label, code)."""

NEXT_STEPS = {
    "case": (
        "Name the deal and both parties, then the currency, the unit you sell and the period "
        "one deal covers: every other figure is written in them."
    ),
    "fit": (
        "List your company's strategic priorities, weight each one, and tick those this deal "
        "moves forward."
    ),
    "team": (
        "Write what your team does best, the one or two things to improve for this deal, and "
        "who contributes what."
    ),
    "moves": (
        "Add each move you are weighing, with how likely the customer is to cooperate and a "
        "competitor to hit back, and what each would be worth."
    ),
    "value": (
        "Name the customer's next-best alternative and its price, then add every way your "
        "offer does better or worse, each with a confidence and its evidence."
    ),
    "fit_results": (
        "Check the share of your priorities this deal serves: if it is low, ask why the deal "
        "is called strategic."
    ),
    "moves_results": "Keep the moves worth more than they risk, and drop the rest.",
    "value_results": (
        "Raise the strength score before you quote the value: add evidence to the drivers "
        "your team is least sure of."
    ),
}
"""The "what to do next" line of each section of the page, plain text."""

EXPLAIN = {
    "fit": (
        "The share of the seller's strategic priorities, by weight, that this deal serves. "
        "Calling a deal strategic because the customer is big is not enough: show which "
        "priorities it moves forward."
    ),
    "moves": (
        "Each candidate move is worth what it is likely to earn from the customer's "
        "cooperation minus what it is likely to cost if a competitor hits back. Compete where "
        "that expected value is positive; stay out where it is not."
    ),
    "EVE": (
        "Economic value estimation: the price of the customer's next-best alternative, plus "
        "the money value of everything the offer does better, minus everything it does worse, "
        "per unit. It is the most a well-informed customer would pay, so it caps any fair "
        "price."
    ),
    "strength": (
        "How well the claimed value is backed: each driver counts by its size, its confidence "
        "and whether evidence supports it (an unevidenced claim counts half). 100 means every "
        "claim is certain and proven."
    ),
}
"""The concepts the page explains, each in the product's own words."""


def _money(x: float, currency: str) -> str:
    """An amount as HTML (the currency is typed by users)."""
    return escape(money(x, currency))


def fit_tiles(strategy: StrategyResult) -> list[tuple[str, str, str, Tone]]:
    """The strategic fit's tile: (key, label, value as HTML, tone)."""
    fit = strategy.fit
    tone: Tone = "neutral" if fit is None else ("good" if fit >= 0.5 else "warn")
    return [("fit", "Strategic fit", percent(fit), tone)]


def moves_table(strategy: StrategyResult, currency: str) -> str:
    """Each candidate move with its expected value and decision, as an HTML table."""
    rows = "".join(
        f"<tr><td>{escape(m.name)}</td><td style='text-align:right'>"
        f"{_money(m.expected_value, currency)}</td>"
        f"<td>{escape(vocabulary.decision_label(m.decision))}</td></tr>"
        for m in strategy.moves
    )
    if not rows:
        return ""
    return (
        "<table class='nw-moves'><tr><th>Move</th><th>Expected value</th>"
        f"<th>Decision</th></tr>{rows}</table>"
    )


def value_tiles(value: ValueResult, currency: str, unit: str) -> list[tuple[str, str, str, Tone]]:
    """The value's tiles: EVE, its confidence-weighted value, the reference, the strength."""
    strength_tone: Tone = "good" if value.strength_score >= 60 else "warn"
    return [
        ("eve_per_unit", f"EVE per {unit}", _money(value.eve_per_unit, currency), "neutral"),
        (
            "eve_expected_per_unit",
            "Weighted by confidence",
            _money(value.eve_expected_per_unit, currency),
            "neutral",
        ),
        (
            "reference_per_unit",
            "Next-best alternative",
            _money(value.reference_per_unit, currency),
            "neutral",
        ),
        (
            "strength_score",
            "Strength of the evidence",
            f"{number(value.strength_score)}/100",
            strength_tone,
        ),
    ]
