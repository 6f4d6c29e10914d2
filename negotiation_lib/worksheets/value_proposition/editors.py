"""The value-proposition page's list editors: priorities, contributions, moves, value drivers."""

from __future__ import annotations

from negotiation_lib.document import CaseDocument
from negotiation_lib.worksheets.fields import Column, ListEditor
from negotiation_lib.worksheets.value_proposition.text import CATEGORIES

__all__ = [
    "contributions_editor",
    "drivers_editor",
    "moves_editor",
    "priorities_editor",
]


def priorities_editor(doc: CaseDocument) -> ListEditor:
    """The seller's strategic priorities: name, weight, and whether this deal serves each."""
    return ListEditor(
        doc,
        "strategy.priorities",
        [
            Column("name", "Strategic priority", width="18em"),
            Column("weight", "Weight", "number", width="6em"),
            Column("supported", "Deal serves it", "check", width="7em"),
        ],
        lambda i: {"name": f"Priority {i + 1}", "weight": 1.0, "supported": False},
        "Add a priority",
    )


def contributions_editor(doc: CaseDocument) -> ListEditor:
    """Who in the team contributes what."""
    return ListEditor(
        doc,
        "strategy.contributions",
        [
            Column("who", "Who", width="12em"),
            Column("action", "Contributes", width="20em"),
        ],
        lambda i: {"who": "Team member", "action": ""},
        "Add a contribution",
    )


def moves_editor(doc: CaseDocument) -> ListEditor:
    """The candidate moves: the customer's likely cooperation and competitors' retaliation."""
    return ListEditor(
        doc,
        "strategy.moves",
        [
            Column("name", "Move", width="13em"),
            Column("cooperation_probability", "Customer cooperates (0–1)", "number", "7em"),
            Column("cooperation_benefit", "Benefit if so", "number", "8em"),
            Column("retaliation_probability", "Competitor retaliates (0–1)", "number", "7em"),
            Column("retaliation_damage", "Damage if so", "number", "8em"),
        ],
        lambda i: {
            "name": f"Move {i + 1}",
            "cooperation_probability": 0.5,
            "cooperation_benefit": 0.0,
            "retaliation_probability": 0.5,
            "retaliation_damage": 0.0,
        },
        "Add a move",
    )


def drivers_editor(doc: CaseDocument) -> ListEditor:
    """The value drivers: each monetized per unit, with its confidence and evidence."""
    return ListEditor(
        doc,
        "value.drivers",
        [
            Column("name", "Value driver", width="12em"),
            Column("category", "Kind", "choice", "9em", options=CATEGORIES),
            Column("value_per_unit", "Value per unit (+/−)", "number", "8em"),
            Column("confidence", "Confidence", "number", "7em", help_text="0 to 1"),
            Column("evidence", "Evidence", width="12em"),
        ],
        lambda i: {
            "name": f"Driver {i + 1}",
            "category": "cost_saving",
            "value_per_unit": 0.0,
            "confidence": 0.5,
            "evidence": "",
        },
        "Add a value driver",
    )
