"""Worksheet 1, the value proposition: strategic fit, the team's questions, moves, and value.

Strategy comes first: which of the seller's priorities the deal serves, what the team does
well and must improve, and which moves the customer will reward and competitors punish. Then
the value itself, monetized against the customer's next-best alternative.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.strategy import StrategyResult, assess_strategy
from negotiation_lib.domain.value import ValueResult, assess_value
from negotiation_lib.figures import value_proposition as figures
from negotiation_lib.worksheets.fields import (
    Column,
    ListEditor,
    lines_field,
    number_field,
    text_field,
)
from negotiation_lib.worksheets.page import (
    FigureSlot,
    Tone,
    card,
    concept,
    esc,
    header_html,
    kpi_tiles,
    money,
    percent,
    plotly_warmup,
    problem_banner,
    split,
    style,
)
from negotiation_lib.worksheets.shared_models import shared_layout

__all__ = ["ValuePropositionResults", "ValuePropositionWorksheet", "compute"]

CATEGORIES = [
    ("cost saving", "cost_saving"),
    ("revenue gain", "revenue_gain"),
    ("risk reduction", "risk_reduction"),
    ("time saving", "time_saving"),
    ("intangible", "intangible"),
    ("other", "other"),
]

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


@dataclass(frozen=True)
class ValuePropositionResults:
    """What the worksheet shows, computed from a case; None where inputs are missing."""

    strategy: StrategyResult | None
    value: ValueResult | None


def compute(case: Case | None) -> ValuePropositionResults:
    """Compute the worksheet's results (pure; no widgets)."""
    if case is None:
        return ValuePropositionResults(None, None)
    return ValuePropositionResults(
        strategy=assess_strategy(case.strategy) if case.strategy is not None else None,
        value=assess_value(case.value) if case.value is not None else None,
    )


class ValuePropositionWorksheet:
    """The value proposition page for one case document.

    Parameters
    ----------
    doc
        The case being edited.
    query
        The URL query to carry to the other worksheets' links (``case=...``).
    """

    def __init__(self, doc: CaseDocument, query: str = "") -> None:
        self.doc = doc
        self.query = query
        self.w_header = widgets.HTML()
        self.w_banner = widgets.HTML()
        self.w_fit_tiles = widgets.HTML()
        self.w_moves_table = widgets.HTML()
        self.w_value_tiles = widgets.HTML()
        self.fit_chart = FigureSlot(300)
        self.moves_chart = FigureSlot(380)
        self.eve_chart = FigureSlot(400)
        self.widget = widgets.VBox(
            [style(), self.w_header, self.w_banner, *self._sections(), plotly_warmup()]
        )
        self.widget.add_class("nw-page")
        doc.observe(self._on_change, "revision")
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _sections(self) -> list[widgets.Widget]:
        d = self.doc
        case_card = card(
            "The case",
            [
                text_field(d, "title", "Title", required=True),
                widgets.HBox(
                    [
                        text_field(d, "seller", "Seller (us)", required=True),
                        text_field(d, "customer", "Customer", required=True),
                    ],
                    layout=shared_layout(grid_gap="8px"),
                ),
                widgets.HBox(
                    [
                        text_field(d, "currency", "Currency", width="7em", required=True),
                        text_field(d, "unit", "Unit sold", width="10em", required=True),
                        text_field(d, "period", "Period", width="10em", required=True),
                    ],
                    layout=shared_layout(grid_gap="8px"),
                ),
            ],
        )
        priorities = ListEditor(
            d,
            "strategy.priorities",
            [
                Column("name", "Strategic priority", width="18em"),
                Column("weight", "Weight", "number", width="6em"),
                Column("supported", "Deal serves it", "check", width="7em"),
            ],
            lambda i: {"name": f"Priority {i + 1}", "weight": 1.0, "supported": False},
            "Add a priority",
        )
        strategy_card = card(
            "Strategic fit",
            [concept("strategic fit", EXPLAIN["fit"]), priorities.widget],
        )
        team_card = card(
            "The team's questions",
            [
                lines_field(
                    d, "strategy.strengths", "What do we do especially well? (one per line)"
                ),
                lines_field(
                    d, "strategy.improvements", "The top one or two improvements for this deal"
                ),
                ListEditor(
                    d,
                    "strategy.contributions",
                    [
                        Column("who", "Who", width="12em"),
                        Column("action", "Contributes", width="20em"),
                    ],
                    lambda i: {"who": "Team member", "action": ""},
                    "Add a contribution",
                ).widget,
            ],
        )
        moves = ListEditor(
            d,
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
        moves_card = card(
            "Where to compete, where not",
            [concept("a move's expected value", EXPLAIN["moves"]), moves.widget],
        )
        drivers = ListEditor(
            d,
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
        value_card = card(
            "Value against the next-best alternative",
            [
                concept("EVE", EXPLAIN["EVE"]),
                widgets.HBox(
                    [
                        text_field(
                            d,
                            "value.reference.name",
                            "Customer's next-best alternative",
                            required=True,
                        ),
                        number_field(d, "value.reference.price_per_unit", "Its price per unit"),
                    ],
                    layout=shared_layout(grid_gap="8px"),
                ),
                drivers.widget,
                text_field(
                    d,
                    "value.framing",
                    "How we will frame the value proposition",
                    multiline=True,
                    placeholder="In one or two sentences, in the customer's terms",
                ),
            ],
        )
        return [
            case_card,
            split(
                [strategy_card, team_card],
                [card("Strategic fit", [self.w_fit_tiles, self.fit_chart.widget])],
            ),
            split(
                [moves_card],
                [card("Moves map", [self.moves_chart.widget, self.w_moves_table])],
            ),
            split(
                [value_card],
                [
                    card(
                        "Economic value to the customer",
                        [
                            self.w_value_tiles,
                            concept("the strength score", EXPLAIN["strength"]),
                            self.eve_chart.widget,
                        ],
                    )
                ],
            ),
        ]

    # ------------------------------------------------------------------ results

    def _on_change(self, _change: dict[str, Any]) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw every result from the document's last valid case."""
        case = self.doc.case
        self.w_header.value = header_html("value_proposition", case, self.query)
        self.w_banner.value = problem_banner(len(self.doc.problems))
        if case is None:
            return
        r = compute(case)
        currency, unit = case.currency, case.unit
        if r.strategy is not None and case.strategy is not None:
            fit = r.strategy.fit
            tone: Tone = "neutral" if fit is None else ("good" if fit >= 0.5 else "warn")
            self.w_fit_tiles.value = kpi_tiles([("fit", "Strategic fit", percent(fit), tone)])
            strategy, moves = case.strategy, r.strategy
            self.fit_chart.show_for(
                strategy.priorities, lambda: figures.strategic_fit_chart(strategy, fit)
            )
            self.moves_chart.show_for(
                (strategy.moves, currency),
                lambda: figures.moves_map(strategy, moves, currency=currency),
            )
            rows = "".join(
                f"<tr><td>{esc(m.name)}</td><td style='text-align:right'>"
                f"{money(m.expected_value, currency)}</td><td>{m.decision}</td></tr>"
                for m in r.strategy.moves
            )
            self.w_moves_table.value = (
                "<table class='nw-moves'><tr><th>Move</th><th>Expected value</th>"
                f"<th>Decision</th></tr>{rows}</table>"
                if rows
                else ""
            )
        if r.value is not None and case.value is not None:
            v = r.value
            strength_tone: Tone = "good" if v.strength_score >= 60 else "warn"
            self.w_value_tiles.value = kpi_tiles(
                [
                    ("eve_per_unit", f"EVE per {unit}", money(v.eve_per_unit, currency), "neutral"),
                    (
                        "eve_expected_per_unit",
                        "Weighted by confidence",
                        money(v.eve_expected_per_unit, currency),
                        "neutral",
                    ),
                    (
                        "reference_per_unit",
                        "Next-best alternative",
                        money(v.reference_per_unit, currency),
                        "neutral",
                    ),
                    (
                        "strength_score",
                        "Strength of the evidence",
                        f"{v.strength_score:.0f}/100",
                        strength_tone,
                    ),
                ]
            )
            value = case.value
            self.eve_chart.show_for(
                (value, currency, unit),
                lambda: figures.eve_waterfall(value, v, currency=currency, unit=unit),
            )
