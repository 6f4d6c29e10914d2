"""The value-proposition page: its inputs bound to the case, and its results drawn.

A change recomputes through the case assessment (:mod:`.model`) and redraws only what shows a
new result: the strategy's tiles, table and charts when the strategy result is a new object
(and of its two charts only the one whose part of the strategy changed), the value's when the
value result is, each also when the currency or the unit it prints changed.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import Case
from negotiation_lib.figures import value_proposition as figures
from negotiation_lib.worksheets.captions import Captions
from negotiation_lib.worksheets.fields import lines_field, text_field
from negotiation_lib.worksheets.number_format import number_format_field
from negotiation_lib.worksheets.page import (
    FigureSlot,
    card,
    concept,
    header_html,
    kpi_tiles,
    next_step,
    plotly_warmup,
    split,
    style,
)
from negotiation_lib.worksheets.problems import ProblemBanner
from negotiation_lib.worksheets.redraws import Redraws
from negotiation_lib.worksheets.shared_models import shared_layout
from negotiation_lib.worksheets.value_proposition import editors, text
from negotiation_lib.worksheets.value_proposition.model import ValuePropositionResults, compute

__all__ = ["ValuePropositionWorksheet"]


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
        self.captions = Captions(doc)
        self.results: ValuePropositionResults | None = None
        self._shown_case: Case | None = None
        self._drawn = False
        # What each part of the page was last drawn from.
        self._redraws = Redraws()
        self.w_header = widgets.HTML()
        self.banner = ProblemBanner(doc, "value_proposition", query)
        self.w_banner = self.banner.widget
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
                next_step(text.NEXT_STEPS["case"]),
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
                        number_format_field(d),
                    ],
                    layout=shared_layout(grid_gap="8px"),
                ),
            ],
        )
        strategy_card = card(
            "Strategic fit",
            [
                next_step(text.NEXT_STEPS["fit"]),
                concept("strategic fit", text.EXPLAIN["fit"]),
                editors.priorities_editor(d).widget,
            ],
        )
        team_card = card(
            "The team's questions",
            [
                next_step(text.NEXT_STEPS["team"]),
                lines_field(
                    d, "strategy.strengths", "What do we do especially well? (one per line)"
                ),
                lines_field(
                    d, "strategy.improvements", "The top one or two improvements for this deal"
                ),
                editors.contributions_editor(d).widget,
            ],
        )
        moves_card = card(
            "Where to compete, where not",
            [
                next_step(text.NEXT_STEPS["moves"]),
                concept("a move's expected value", text.EXPLAIN["moves"]),
                editors.moves_editor(d).widget,
            ],
        )
        value_card = card(
            "Value against the next-best alternative",
            [
                next_step(text.NEXT_STEPS["value"]),
                concept("EVE", text.EXPLAIN["EVE"]),
                widgets.HBox(
                    [
                        text_field(
                            d,
                            "value.reference.name",
                            "Customer's next-best alternative",
                            required=True,
                        ),
                        self.captions.field("value.reference.price_per_unit"),
                    ],
                    layout=shared_layout(grid_gap="8px"),
                ),
                editors.drivers_editor(d).widget,
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
                [
                    card(
                        "Strategic fit",
                        [
                            next_step(text.NEXT_STEPS["fit_results"]),
                            self.w_fit_tiles,
                            self.fit_chart.widget,
                        ],
                    )
                ],
            ),
            split(
                [moves_card],
                [
                    card(
                        "Moves map",
                        [
                            next_step(text.NEXT_STEPS["moves_results"]),
                            self.moves_chart.widget,
                            self.w_moves_table,
                        ],
                    )
                ],
            ),
            split(
                [value_card],
                [
                    card(
                        "Economic value to the customer",
                        [
                            next_step(text.NEXT_STEPS["value_results"]),
                            self.w_value_tiles,
                            concept("the strength score", text.EXPLAIN["strength"]),
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
        """Redraw what changed since the last valid case of the document."""
        case = self.doc.case
        self.w_header.value = header_html("value_proposition", case, self.query)
        if case is not None:
            self.captions.show(case.currency, case.unit, case.period)
        self.banner.refresh()
        if case is None or (self._drawn and case is self._shown_case):
            return  # no valid case, or an invalid keystroke: the last results stay
        self._drawn = True
        self._shown_case = case
        r = compute(case, previous=self.results)
        self.results = r
        currency, unit = case.currency, case.unit
        strategy, value = case.strategy, case.value
        if r.strategy is not None and strategy is not None:
            moves = r.strategy
            if self._stale("strategy", moves, (currency,)):
                self.w_fit_tiles.value = kpi_tiles(text.fit_tiles(moves))
                self.w_moves_table.value = text.moves_table(moves, currency)
                # A new strategy result changes one chart or both: each is drawn from its part.
                if self._stale("fit_chart", None, (strategy.priorities,)):
                    self.fit_chart.show(figures.strategic_fit_chart(strategy, moves.fit))
                if self._stale("moves_chart", None, (strategy.moves, currency)):
                    self.moves_chart.show(figures.moves_map(strategy, moves, currency=currency))
        if (
            r.value is not None
            and value is not None
            and self._stale("value", r.value, (currency, unit))
        ):
            v = r.value
            self.w_value_tiles.value = kpi_tiles(text.value_tiles(v, currency, unit))
            self.eve_chart.show(figures.eve_waterfall(value, v, currency=currency, unit=unit))

    def _stale(self, name: str, result: object, inputs: tuple[object, ...]) -> bool:
        """Whether ``name`` must be drawn again: a new result, or other inputs it prints."""
        return self._redraws.due(name, result, inputs)
