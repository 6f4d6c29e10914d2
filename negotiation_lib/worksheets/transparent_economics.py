"""Worksheet 2, transparent economics: the open book, the fair price and the relationship.

The seller lays its whole economic model on the table: cost to serve, list price, every
discount with the principle that earns it, and the waterfall down to the pocket price. From the
customer's economic value (worksheet 1) and both sides' alternatives follow the zone of possible
agreement, the fair price and how the value created splits. Then the deal is projected over
many repetitions: each side's NPV, what it loses if the relationship ends (COLR) next to its
one-off alternative (BATNA) and its best alternative relationship (BATR), the fair deal against
a tough one, Monte Carlo bands and a sensitivity tornado.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import ipywidgets as widgets
import plotly.graph_objects as go

from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.economics import EconomicsResult, case_economics
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.montecarlo import MonteCarloResult, case_monte_carlo
from negotiation_lib.domain.projection import ProjectionResult, case_projection
from negotiation_lib.domain.sensitivity import SensitivityResult, case_sensitivity
from negotiation_lib.figures import transparent_economics as figures
from negotiation_lib.worksheets.fields import Column, ListEditor, field_class, number_field
from negotiation_lib.worksheets.page import (
    FigureSlot,
    Tone,
    card,
    concept,
    esc,
    header_html,
    kpi_tiles,
    money,
    number,
    percent,
    plotly_warmup,
    problem_banner,
    split,
    style,
)
from negotiation_lib.worksheets.shared_models import set_display, shared_layout

__all__ = [
    "MONTE_CARLO_PATHS",
    "MONTE_CARLO_SEED",
    "TransparentEconomicsResults",
    "TransparentEconomicsWorksheet",
    "compute",
    "missing_note",
]

MONTE_CARLO_PATHS = 2_000
"""Paths simulated on the page: enough for stable bands, small enough to redraw per keystroke."""

MONTE_CARLO_SEED = 7
"""The page's fixed seed: the same inputs always draw the same bands."""

KINDS = [
    ("% of list", "percent"),
    ("per unit", "per_unit"),
    ("per period", "per_period"),
]

PRINCIPLES = [
    ("volume", "volume"),
    ("commitment", "commitment"),
    ("prepayment", "prepayment"),
    ("cost to serve", "cost_to_serve"),
    ("risk sharing", "risk_sharing"),
    ("reference customer", "reference_customer"),
    ("none", "none"),
]

EXPLAIN = {
    "pocket": (
        "What the seller really keeps for one unit once every discount is counted, those on "
        "the invoice and those paid outside it (rebates, payment terms, year-end deals). "
        "Profit is earned on this price, not on the list or invoice price."
    ),
    "discount": (
        "An open-book discount names the concession of the customer that earns it and what "
        "that concession saves the seller. A discount without a principle, or worth more than "
        "the saving it cites, gives value away without a reason the customer can check."
    ),
    "ZOPA": (
        "The zone of possible agreement runs from the seller's floor (the lowest price that "
        "still beats its own alternative) to the customer's ceiling (the highest price at "
        "which buying still beats the customer's alternative). Any price inside it works for "
        "both sides."
    ),
    "fair": (
        "The fair share is the part of the zone the seller can defend as its own: 0.5 splits "
        "it evenly. The fair price is the floor plus that share of the zone, so both sides "
        "can recompute it from the open book."
    ),
    "BATNA": (
        "Each side's best one-off alternative if this deal fails, per period: another "
        "supplier, another customer, doing the work in-house. It raises that side's limit "
        "and so narrows the zone."
    ),
    "retention": (
        "The chance that the relationship goes on to the next repetition. Fair deals tend to "
        "be renewed; the further the seller's share strays from its fair share, the sooner a "
        "one-sided relationship ends."
    ),
    "COLR": (
        "The cost of losing the relationship: today's value of every later repetition a side "
        "gives up if the relationship ends after this deal. It is usually far larger than "
        "anything one tough round can win."
    ),
    "BATR": (
        "The best alternative to this relationship: what each side's next-best long-term "
        "relationship is worth today. Weigh the NPV here against it, not only against a "
        "one-off BATNA."
    ),
}

SCENARIOS_NOTE = (
    "Two prices projected side by side. \u201cTrust\u201d prices the deal at the fair price; "
    "\u201cCPT\u201d is the competitive, power-based, transactional tough price (the tough "
    "price set on the left, or the customer's ceiling when none is set). Solid lines are the "
    "trust deal, dashed lines the CPT deal."
)


@dataclass(frozen=True)
class TransparentEconomicsResults:
    """What the worksheet shows, computed from a case; None where inputs are missing.

    Attributes
    ----------
    economics, projection, monte_carlo, sensitivity
        The domain results; None when a section they need is missing, or when the domain
        refused a valid but degenerate case (its message is then in ``errors``).
    missing
        A sentence saying which section to fill in first; None when both are there.
    errors
        The messages of the errors the domain raised for a degenerate case.
    """

    economics: EconomicsResult | None
    projection: ProjectionResult | None
    monte_carlo: MonteCarloResult | None
    sensitivity: SensitivityResult | None
    missing: str | None = None
    errors: tuple[str, ...] = ()


def missing_note(case: Case | None) -> str | None:
    """The note to show in place of the results when a needed section is missing.

    Examples
    --------
    >>> missing_note(Case(title="T", seller="S", customer="C"))[:38]
    'Fill in the value proposition and the '
    """
    if case is None:
        return "The case is not valid yet: correct the inputs marked in red."
    if case.value is None and case.economics is None:
        return (
            "Fill in the value proposition and the economics first: the customer's economic "
            "value sets the ceiling price, and the volume, prices and costs set the floor."
        )
    if case.value is None:
        return (
            "Fill in the value proposition first: the customer's economic value sets the "
            "ceiling price, and without it there is no value to split."
        )
    if case.economics is None:
        return (
            "Fill in the economics first: the volume, list price and costs set the seller's "
            "floor and the pocket price."
        )
    return None


T = TypeVar("T")


def _attempt(run: Callable[[], T], errors: list[str]) -> T | None:
    """Run one domain computation; a refused (degenerate) case gives None and its message."""
    try:
        return run()
    except CaseError as err:
        errors.append(err.message)
        return None


def compute(
    case: Case | None,
    *,
    paths: int = MONTE_CARLO_PATHS,
    seed: int = MONTE_CARLO_SEED,
) -> TransparentEconomicsResults:
    """Compute the worksheet's results (pure; no widgets).

    Parameters
    ----------
    case
        The last valid case, or None.
    paths, seed
        The Monte Carlo simulation's size and seed (the page uses the defaults).
    """
    note = missing_note(case)
    if case is None or note is not None:
        return TransparentEconomicsResults(None, None, None, None, missing=note)
    errors: list[str] = []
    return TransparentEconomicsResults(
        economics=_attempt(lambda: case_economics(case), errors),
        projection=_attempt(lambda: case_projection(case), errors),
        monte_carlo=_attempt(lambda: case_monte_carlo(case, paths=paths, seed=seed), errors),
        sensitivity=_attempt(lambda: case_sensitivity(case), errors),
        errors=tuple(dict.fromkeys(errors)),
    )


def _row(*items: widgets.Widget) -> widgets.HBox:
    return widgets.HBox(list(items), layout=shared_layout(grid_gap="8px", flex_flow="row wrap"))


def _unit_decimals(list_price: float) -> int:
    """Decimals for prices per unit: cents for cheap units, none for expensive ones."""
    return 2 if list_price < 1000 else 0


class TransparentEconomicsWorksheet:
    """The transparent economics page for one case document.

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
        self.results: TransparentEconomicsResults | None = None
        self._shown_case: Case | None = None
        self._drawn = False
        self.w_header = widgets.HTML()
        self.w_banner = widgets.HTML()
        self.w_errors = widgets.HTML()
        self.w_note = widgets.HTML()
        self.w_tiles = widgets.HTML()
        self.w_flags = widgets.HTML()
        self.w_margins = widgets.HTML()
        self.w_alternatives = widgets.HTML()
        self.w_monte_carlo_note = widgets.HTML()
        self.waterfall_chart = FigureSlot(440)
        self.zopa_chart = FigureSlot(440)
        self.split_chart = FigureSlot(340)
        self.npv_chart = FigureSlot(540)
        self.monte_carlo_chart = FigureSlot(520)
        self.tornado_chart = FigureSlot(560)
        self._result_boxes: list[widgets.Widget] = []
        self._section_lines: dict[str, widgets.HTML] = {}
        self.widget = widgets.VBox(
            [
                style(),
                self.w_header,
                self.w_banner,
                self.w_errors,
                *self._sections(),
                plotly_warmup(),
            ]
        )
        self.widget.add_class("nw-page")
        doc.observe(self._on_change, "revision")
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _sections(self) -> list[widgets.Widget]:
        d = self.doc
        glance = card("The deal at a glance", [self.w_note, self.w_tiles])
        price_card = card(
            "The seller's open book: price and cost to serve",
            [
                concept("the pocket price", EXPLAIN["pocket"]),
                _row(
                    number_field(d, "economics.volume_per_period", "Volume (units per period)"),
                    number_field(d, "economics.list_price_per_unit", "List price per unit"),
                ),
                _row(
                    number_field(d, "economics.variable_cost_per_unit", "Variable cost per unit"),
                    number_field(
                        d, "economics.fixed_cost_per_period", "Fixed cost to serve per period"
                    ),
                    number_field(
                        d,
                        "economics.seller_one_time_cost",
                        "Seller's one-time cost",
                        help_text="Spent once, when the relationship starts (set-up, tooling).",
                    ),
                ),
            ],
        )
        discounts = ListEditor(
            d,
            "economics.discounts",
            [
                Column("name", "Discount", width="10em"),
                Column("kind", "Kind", "choice", "7.5em", options=KINDS),
                Column("amount", "Amount", "number", "5.5em"),
                Column("on_invoice", "On invoice", "check", "4.5em"),
                Column("principle", "Principle", "choice", "9.5em", options=PRINCIPLES),
                Column("rationale", "Rationale", width="13em"),
                Column(
                    "seller_saving_per_unit",
                    "Saves us per unit",
                    "number",
                    "6.5em",
                    optional=True,
                    help_text="What the customer's concession saves the seller per unit "
                    "(leave empty if it saves nothing measurable).",
                ),
            ],
            self._new_discount,
            "Add a discount",
        )
        discounts_card = card(
            "Every discount, with its principle",
            [
                concept("a principled discount", EXPLAIN["discount"]),
                discounts.widget,
                self._section_line("economics"),
            ],
        )
        split_inputs = card(
            "The customer's side, the alternatives and the fair split",
            [
                concept("the ZOPA", EXPLAIN["ZOPA"]),
                concept("a fair share and a fair price", EXPLAIN["fair"]),
                concept("a BATNA", EXPLAIN["BATNA"]),
                _row(
                    number_field(
                        d,
                        "economics.customer_cost_per_period",
                        "Customer's own cost per period",
                        help_text="What working with the seller costs the customer each period "
                        "(handling, training, administration).",
                    ),
                    number_field(d, "economics.customer_one_time_cost", "Customer's one-time cost"),
                ),
                _row(
                    number_field(
                        d,
                        "economics.fair_share",
                        "Seller's fair share (0–1)",
                        help_text="0.5 splits the zone of possible agreement evenly.",
                    ),
                ),
                _row(
                    number_field(
                        d,
                        "relationship.seller_batna_per_period",
                        "Seller's BATNA per period",
                        width="10em",
                    ),
                    number_field(
                        d,
                        "relationship.customer_batna_per_period",
                        "Customer's BATNA per period",
                        width="10em",
                    ),
                ),
            ],
        )
        relationship_card = card(
            "The relationship, projected over many repetitions",
            [
                concept("retention", EXPLAIN["retention"]),
                _row(
                    number_field(d, "relationship.repetitions", "Repetitions", width="7em"),
                    number_field(
                        d,
                        "relationship.discount_rate",
                        "Discount rate (0.08 = 8%)",
                        width="7em",
                    ),
                    number_field(
                        d, "relationship.growth_rate", "Growth rate (0.02 = 2%)", width="7em"
                    ),
                ),
                _row(
                    number_field(
                        d,
                        "relationship.retention_fair",
                        "Retention when fair (0–1)",
                        width="7em",
                    ),
                    number_field(
                        d,
                        "relationship.retention_one_sided",
                        "Retention when one-sided (0–1)",
                        width="7em",
                    ),
                    number_field(
                        d,
                        "relationship.cpt_price_per_unit",
                        "Tough (CPT) price per unit",
                        optional=True,
                        help_text="Leave empty to use the customer's ceiling.",
                    ),
                ),
                self._section_line("relationship"),
            ],
        )
        alternatives_card = card(
            "Best alternatives to the relationship",
            [
                concept("the COLR", EXPLAIN["COLR"]),
                concept("a BATR", EXPLAIN["BATR"]),
                _row(
                    number_field(
                        d, "relationship.seller_batr_npv", "Seller's BATR (NPV)", width="10em"
                    ),
                    number_field(
                        d,
                        "relationship.customer_batr_npv",
                        "Customer's BATR (NPV)",
                        width="10em",
                    ),
                ),
            ],
        )
        waterfall_card = card(
            "From list price to pocket price", [self.waterfall_chart.widget, self.w_margins]
        )
        flags_card = card("What is not fair, or not explained", [self.w_flags])
        zopa_card = card(
            "Zone of possible agreement and the value split",
            [self.zopa_chart.widget, self.split_chart.widget],
        )
        projection_card = card(
            "Trust against CPT, repetition after repetition",
            [self.w_alternatives, self.npv_chart.widget],
            explain=SCENARIOS_NOTE,
        )
        monte_carlo_card = card(
            "How sure is each side's NPV?",
            [self.w_monte_carlo_note, self.monte_carlo_chart.widget],
        )
        tornado_card = card(
            "Which assumptions matter most",
            [self.tornado_chart.widget],
            explain=(
                "Each key input moved down and up, one at a time: the longest bars are the "
                "assumptions to check together with the customer first."
            ),
        )
        # Full width: both charts have two panels, and each needs room for them.
        uncertainty = widgets.VBox([monte_carlo_card, tornado_card])
        self._result_boxes = [waterfall_card, flags_card, zopa_card, projection_card, uncertainty]
        return [
            glance,
            split([price_card], [waterfall_card]),
            split([discounts_card], [flags_card], "760px", "400px"),
            split([split_inputs], [zopa_card]),
            split([relationship_card, alternatives_card], [projection_card]),
            uncertainty,
        ]

    def _section_line(self, section: str) -> widgets.HTML:
        """A message line for problems of a whole section, which no single input shows.

        Two discounts of the same name, or a one-sided retention above the fair one.
        """
        line = widgets.HTML()
        line.add_class("nw-msg")
        line.add_class(field_class(section))
        self._section_lines[section] = line
        return line

    def _new_discount(self, index: int) -> dict[str, Any]:
        taken = {
            str(item.get("name", "")).casefold()
            for item in self.doc.get("economics.discounts") or []
            if isinstance(item, dict)
        }
        k = index + 1
        while f"discount {k}" in taken:
            k += 1
        return {
            "name": f"Discount {k}",
            "kind": "percent",
            "amount": 0.0,
            "on_invoice": True,
            "principle": "none",
            "rationale": "",
        }

    # ------------------------------------------------------------------ results

    def _on_change(self, _change: dict[str, Any]) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw every result from the document's last valid case."""
        case = self.doc.case
        self.w_header.value = header_html("transparent_economics", case, self.query)
        self.w_banner.value = problem_banner(len(self.doc.problems))
        for section, line in self._section_lines.items():
            message = self.doc.problem_at(section)
            line.value = f"<span role='alert'>{esc(message)}</span>" if message else ""
        if self._drawn and case is self._shown_case:
            return  # an invalid keystroke: the last valid results stay as they are
        self._drawn = True
        self._shown_case = case
        r = compute(case)
        self.results = r
        self.w_errors.value = (
            "<div class='nw-banner nw-bad' role='status'>"
            + "<br>".join(esc(m) for m in r.errors)
            + "</div>"
            if r.errors
            else ""
        )
        if case is None or r.missing is not None:
            self._show_missing(r.missing or "")
            return
        self.w_note.value = ""
        for box in self._result_boxes:
            set_display(box, True)
        self._draw(case, r)

    def _show_missing(self, note: str) -> None:
        href = "value_proposition.ipynb" + (f"?{self.query}" if self.query else "")
        link = (
            f" <a href='{esc(href)}'>Open worksheet 1</a>."
            if note.startswith("Fill in the value")
            else ""
        )
        self.w_note.value = f"<div class='nw-banner nw-warn' role='status'>{esc(note)}{link}</div>"
        self.w_tiles.value = ""
        self.w_flags.value = ""
        self.w_margins.value = ""
        self.w_alternatives.value = ""
        self.w_monte_carlo_note.value = ""
        for box in self._result_boxes:
            set_display(box, False)

    @staticmethod
    def _show(slot: FigureSlot, figure: go.Figure) -> None:
        """Draw a figure in its slot at the width of its column."""
        figure.layout.autosize = True
        slot.show(figure)

    def _draw(self, case: Case, r: TransparentEconomicsResults) -> None:
        currency, unit, period = case.currency, case.unit, case.period
        seller, customer = case.seller, case.customer
        e, p = r.economics, r.projection
        self.w_tiles.value = kpi_tiles(self._tiles(case, r))
        if e is not None:
            self._show(
                self.waterfall_chart, figures.price_waterfall(e, currency=currency, unit=unit)
            )
            self._show(self.zopa_chart, figures.zopa_band(e, currency=currency, unit=unit))
            self._show(
                self.split_chart,
                figures.value_split(
                    e, seller=seller, customer=customer, currency=currency, period=period
                ),
            )
            self.w_flags.value = self._flags_html(e)
            self.w_margins.value = self._margins_html(case, e)
        if p is not None:
            self._show(
                self.npv_chart,
                figures.npv_curves(p, seller=seller, customer=customer, currency=currency),
            )
            self.w_alternatives.value = self._alternatives_html(case, p)
        if r.monte_carlo is not None:
            mc = r.monte_carlo
            self._show(
                self.monte_carlo_chart,
                figures.monte_carlo_bands(mc, seller=seller, customer=customer, currency=currency),
            )
            self.w_monte_carlo_note.value = (
                "<div class='nw-concept'>"
                f"{mc.paths:,} simulated relationships with a fixed seed ({mc.seed}), so the "
                "same inputs always draw the same bands. Each value driver varies more the "
                "less sure the team is of it, and each relationship lasts a random number of "
                "repetitions.</div>"
            )
        if r.sensitivity is not None:
            self._show(
                self.tornado_chart,
                figures.tornado(r.sensitivity, seller=seller, customer=customer, currency=currency),
            )
        for slot, result in (
            (self.waterfall_chart, e),
            (self.zopa_chart, e),
            (self.split_chart, e),
            (self.npv_chart, p),
            (self.monte_carlo_chart, r.monte_carlo),
            (self.tornado_chart, r.sensitivity),
        ):
            set_display(slot.widget, result is not None)

    def _tiles(
        self, case: Case, r: TransparentEconomicsResults
    ) -> list[tuple[str, str, str, Tone]]:
        currency, period = case.currency, case.period
        seller, customer = case.seller, case.customer
        e, p = r.economics, r.projection
        decimals = _unit_decimals(e.list_price_per_unit if e is not None else 0.0)
        dash = "–"
        tiles: list[tuple[str, str, str, Tone]] = []
        if e is not None:
            codes = set(e.flag_codes)
            price_out = bool(codes & {"price_above_ceiling", "price_below_floor"})
            share = e.seller_share
            share_tone: Tone = (
                "bad"
                if share is None
                else ("good" if abs(share - e.fair_share) <= 0.1 + 1e-9 else "warn")
            )
            zone = e.zopa
            zone_text = (
                f"{number(zone.floor_per_unit, decimals)}–{number(zone.ceiling_per_unit, decimals)}"
                f" {esc(currency)}"
            )
            tiles += [
                (
                    "invoice_price_per_unit",
                    "Invoice price per unit",
                    money(e.invoice_price_per_unit, currency, decimals),
                    "neutral",
                ),
                (
                    "pocket_price_per_unit",
                    "Pocket price per unit",
                    money(e.pocket_price_per_unit, currency, decimals),
                    "warn" if price_out else "neutral",
                ),
                (
                    "value_created_per_period",
                    f"Value created per {period}",
                    money(e.value_created_per_period, currency),
                    "good" if e.value_created_per_period > 0 else "bad",
                ),
                ("seller_share", f"Value share for {seller}", percent(share), share_tone),
                (
                    "fair_price_per_unit",
                    "Fair price per unit",
                    money(e.fair_price_per_unit, currency, decimals),
                    "neutral",
                ),
                (
                    "zopa",
                    "ZOPA per unit (floor–ceiling)" if zone.exists else "No ZOPA: floor > ceiling",
                    zone_text,
                    "good" if zone.exists else "bad",
                ),
            ]
        else:
            tiles += [
                ("invoice_price_per_unit", "Invoice price per unit", dash, "neutral"),
                ("pocket_price_per_unit", "Pocket price per unit", dash, "neutral"),
                ("value_created_per_period", f"Value created per {period}", dash, "neutral"),
                ("seller_share", f"Value share for {seller}", dash, "neutral"),
                ("fair_price_per_unit", "Fair price per unit", dash, "neutral"),
                ("zopa", "ZOPA per unit (floor–ceiling)", dash, "neutral"),
            ]
        if p is not None:
            crossover = p.crossover_repetition
            crossover_tone: Tone
            if crossover is None:
                crossover_text, crossover_tone = f"not within {p.repetitions}", "warn"
            elif crossover == 0:
                crossover_text, crossover_tone = "from this deal on", "good"
            else:
                crossover_text, crossover_tone = f"repetition {crossover}", "good"
            fair_retention = p.scenarios.trust.retention
            tiles += [
                (
                    "seller_npv",
                    f"NPV for {seller}",
                    money(p.seller_npv, currency),
                    "good" if p.seller_npv >= p.seller_batr_npv else "warn",
                ),
                (
                    "customer_npv",
                    f"NPV for {customer}",
                    money(p.customer_npv, currency),
                    "good" if p.customer_npv >= p.customer_batr_npv else "warn",
                ),
                ("seller_colr", f"COLR for {seller}", money(p.seller_colr, currency), "neutral"),
                (
                    "customer_colr",
                    f"COLR for {customer}",
                    money(p.customer_colr, currency),
                    "neutral",
                ),
                (
                    "crossover_repetition",
                    "Trust deal overtakes CPT at",
                    crossover_text,
                    crossover_tone,
                ),
                (
                    "retention",
                    "Chance of each renewal",
                    percent(p.retention, 1),
                    "good" if p.retention >= fair_retention - 1e-9 else "warn",
                ),
            ]
        else:
            tiles += [
                (key, label, dash, "neutral")
                for key, label in (
                    ("seller_npv", f"NPV for {seller}"),
                    ("customer_npv", f"NPV for {customer}"),
                    ("seller_colr", f"COLR for {seller}"),
                    ("customer_colr", f"COLR for {customer}"),
                    ("crossover_repetition", "Trust deal overtakes CPT at"),
                    ("retention", "Chance of each renewal"),
                )
            ]
        return tiles

    @staticmethod
    def _flags_html(e: EconomicsResult) -> str:
        if not e.flags:
            return (
                "<div class='nw-banner nw-good' role='status'>No flags: the price is inside "
                "the zone, the split is within the fair range and every discount has a "
                "principle and a saving behind it.</div>"
            )
        noun = "flag" if len(e.flags) == 1 else "flags"
        items = "".join(f"<li>{esc(f.message)}</li>" for f in e.flags)
        return (
            f"<div class='nw-banner nw-warn' role='status'><b>{len(e.flags)} {noun}</b>"
            f"<ul class='nw-flags' style='margin:4px 0 0; padding-left:20px'>{items}</ul></div>"
        )

    @staticmethod
    def _margins_html(case: Case, e: EconomicsResult) -> str:
        c, decimals = case.currency, _unit_decimals(e.list_price_per_unit)
        share = (
            f" ({percent(e.seller_margin_per_unit / e.pocket_price_per_unit)} of the pocket price)"
            if e.pocket_price_per_unit > 0
            else ""
        )
        return (
            "<div class='nw-concept' style='font-size:14px'>"
            f"Margin over variable cost: <b>{money(e.seller_margin_per_unit, c, decimals)}</b> per "
            f"unit{share} · profit per {esc(case.period)}: "
            f"<b>{money(e.seller_profit_per_period, c)}</b> · the customer's gain over its "
            f"alternative: <b>{money(e.customer_net_benefit_per_period, c)}</b></div>"
        )

    @staticmethod
    def _alternatives_html(case: Case, p: ProjectionResult) -> str:
        c = case.currency
        cell = "style='text-align:right; padding:3px 10px; border-bottom:1px solid #dde3ea'"
        head = "style='text-align:right; padding:3px 10px; border-bottom:2px solid #dde3ea'"
        label = "style='padding:3px 10px 3px 0; border-bottom:1px solid #dde3ea'"
        rows = [
            (
                f"NPV of this relationship ({p.repetitions} repetitions)",
                money(p.seller_npv, c),
                money(p.customer_npv, c),
            ),
            (
                "COLR: lost if it ends after this deal",
                money(p.seller_colr, c),
                money(p.customer_colr, c),
            ),
            (
                f"BATNA per {case.period}: best one-off alternative",
                money(p.seller_batna_per_period, c),
                money(p.customer_batna_per_period, c),
            ),
            (
                "BATR: best alternative relationship (NPV)",
                money(p.seller_batr_npv, c),
                money(p.customer_batr_npv, c),
            ),
            (
                "NPV above the BATR by",
                money(p.seller_npv - p.seller_batr_npv, c),
                money(p.customer_npv - p.customer_batr_npv, c),
            ),
        ]
        body = "".join(
            f"<tr><td {label}>{esc(name)}</td><td {cell}>{a}</td><td {cell}>{b}</td></tr>"
            for name, a, b in rows
        )
        return (
            "<table class='nw-alternatives' style='border-collapse:collapse; font-size:14px; "
            "width:100%; margin:4px 0 10px'>"
            f"<tr><th {label}></th><th {head}>{esc(case.seller)}</th>"
            f"<th {head}>{esc(case.customer)}</th></tr>{body}</table>"
        )
