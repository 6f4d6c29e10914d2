"""The transparent-economics page's words: explanations, notes, and its results as HTML.

The explanations and notes are plain text (the page escapes them); the functions at the end
write the page's results as HTML, escaping every user-typed name, currency, unit and period.
"""

from __future__ import annotations

from negotiation_lib import vocabulary
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.economics import EconomicsResult
from negotiation_lib.domain.montecarlo import MonteCarloResult
from negotiation_lib.domain.projection import ProjectionResult
from negotiation_lib.formatting import UNKNOWN, escape, money, number, percent
from negotiation_lib.vocabulary import Tone

__all__ = [
    "EXPLAIN",
    "KINDS",
    "MISSING",
    "NO_FLAGS",
    "PRINCIPLES",
    "SCENARIOS_NOTE",
    "TORNADO_NOTE",
    "alternatives_html",
    "flags_html",
    "margins_html",
    "monte_carlo_note",
    "tiles",
]

KINDS = [(label, code) for code, label in vocabulary.DISCOUNT_KINDS.items()]
"""A discount's kinds as a list editor offers them: (label, code)."""

PRINCIPLES = [(label, code) for code, label in vocabulary.PRINCIPLES.items()]
"""A discount's principles as a list editor offers them: (label, code)."""

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
"""The concepts the page explains, each in the product's own words."""

SCENARIOS_NOTE = (
    "Two prices projected side by side. \u201cTrust\u201d prices the deal at the fair price; "
    "\u201cCPT\u201d is the competitive, power-based, transactional tough price (the tough "
    "price set on the left, or the customer's ceiling when none is set). Solid lines are the "
    "trust deal, dashed lines the CPT deal."
)

TORNADO_NOTE = (
    "Each key input moved down and up, one at a time: the longest bars are the "
    "assumptions to check together with the customer first."
)

MISSING = {
    "case": "The case is not valid yet: correct the inputs marked in red.",
    "both": (
        "Fill in the value proposition and the economics first: the customer's economic "
        "value sets the ceiling price, and the volume, prices and costs set the floor."
    ),
    "value": (
        "Fill in the value proposition first: the customer's economic value sets the "
        "ceiling price, and without it there is no value to split."
    ),
    "economics": (
        "Fill in the economics first: the volume, list price and costs set the seller's "
        "floor and the pocket price."
    ),
}
"""What the page says in place of its results while a section it needs is missing."""

NO_FLAGS = (
    "No flags: the price is inside the zone, the split is within the fair range and every "
    "discount has a principle and a saving behind it."
)

_TILE_LABELS = (
    ("invoice_price_per_unit", "Invoice price per unit"),
    ("pocket_price_per_unit", "Pocket price per unit"),
    ("value_created_per_period", "Value created per {period}"),
    ("seller_share", "Value share for {seller}"),
    ("fair_price_per_unit", "Fair price per unit"),
    ("zopa", "ZOPA per unit (floor–ceiling)"),
    ("seller_npv", "NPV for {seller}"),
    ("customer_npv", "NPV for {customer}"),
    ("seller_colr", "COLR for {seller}"),
    ("customer_colr", "COLR for {customer}"),
    ("crossover_repetition", "Trust deal overtakes CPT at"),
    ("retention", "Chance of each renewal"),
)
"""The headline tiles, in order: key and label (``{seller}`` etc. filled from the case)."""


def _unit_decimals(list_price: float) -> int:
    """Decimals for prices per unit: cents for cheap units, none for expensive ones."""
    return 2 if list_price < 1000 else 0


def _money(x: float, currency: str, decimals: int = 0) -> str:
    """An amount as HTML (the currency is typed by users)."""
    return escape(money(x, currency, decimals))


def _economics_tiles(case: Case, e: EconomicsResult) -> dict[str, tuple[str, Tone]]:
    c, decimals = case.currency, _unit_decimals(e.list_price_per_unit)
    codes = set(e.flag_codes)
    price_out = bool(codes & {"price_above_ceiling", "price_below_floor"})
    share = e.seller_share
    share_tone: Tone = (
        "bad" if share is None else ("good" if abs(share - e.fair_share) <= 0.1 + 1e-9 else "warn")
    )
    zone = e.zopa
    zone_text = escape(
        f"{number(zone.floor_per_unit, decimals)}–{number(zone.ceiling_per_unit, decimals)} {c}"
    )
    return {
        "invoice_price_per_unit": (_money(e.invoice_price_per_unit, c, decimals), "neutral"),
        "pocket_price_per_unit": (
            _money(e.pocket_price_per_unit, c, decimals),
            "warn" if price_out else "neutral",
        ),
        "value_created_per_period": (
            _money(e.value_created_per_period, c),
            "good" if e.value_created_per_period > 0 else "bad",
        ),
        "seller_share": (percent(share), share_tone),
        "fair_price_per_unit": (_money(e.fair_price_per_unit, c, decimals), "neutral"),
        "zopa": (zone_text, "good" if zone.exists else "bad"),
    }


def _projection_tiles(case: Case, p: ProjectionResult) -> dict[str, tuple[str, Tone]]:
    c = case.currency
    crossover = p.crossover_repetition
    crossover_tile: tuple[str, Tone]
    if crossover is None:
        crossover_tile = (f"not within {p.repetitions}", "warn")
    elif crossover == 0:
        crossover_tile = ("from this deal on", "good")
    else:
        crossover_tile = (f"repetition {crossover}", "good")
    fair_retention = p.scenarios.trust.retention
    return {
        "seller_npv": (
            _money(p.seller_npv, c),
            "good" if p.seller_npv >= p.seller_batr_npv else "warn",
        ),
        "customer_npv": (
            _money(p.customer_npv, c),
            "good" if p.customer_npv >= p.customer_batr_npv else "warn",
        ),
        "seller_colr": (_money(p.seller_colr, c), "neutral"),
        "customer_colr": (_money(p.customer_colr, c), "neutral"),
        "crossover_repetition": crossover_tile,
        "retention": (
            percent(p.retention, 1),
            "good" if p.retention >= fair_retention - 1e-9 else "warn",
        ),
    }


def tiles(
    case: Case, e: EconomicsResult | None, p: ProjectionResult | None
) -> list[tuple[str, str, str, Tone]]:
    """The headline tiles: (key, label, value as HTML, tone); ``–`` where a result is missing.

    Labels are plain text (the page's tile builder escapes them); values are HTML.
    """
    shown: dict[str, tuple[str, Tone]] = {}
    if e is not None:
        shown.update(_economics_tiles(case, e))
    if p is not None:
        shown.update(_projection_tiles(case, p))
    names = {"seller": case.seller, "customer": case.customer, "period": case.period}
    out: list[tuple[str, str, str, Tone]] = []
    for key, label in _TILE_LABELS:
        text = label.format(**names)
        if key == "zopa" and e is not None and not e.zopa.exists:
            text = "No ZOPA: floor > ceiling"
        value, tone = shown.get(key, (UNKNOWN, "neutral"))
        out.append((key, text, value, tone))
    return out


def flags_html(e: EconomicsResult) -> str:
    """The flags of the economics as a banner: what is not fair, or not explained."""
    if not e.flags:
        return f"<div class='nw-banner nw-good' role='status'>{escape(NO_FLAGS)}</div>"
    noun = "flag" if len(e.flags) == 1 else "flags"
    items = "".join(f"<li>{escape(f.message)}</li>" for f in e.flags)
    return (
        f"<div class='nw-banner nw-warn' role='status'><b>{len(e.flags)} {noun}</b>"
        f"<ul class='nw-flags' style='margin:4px 0 0; padding-left:20px'>{items}</ul></div>"
    )


def margins_html(case: Case, e: EconomicsResult) -> str:
    """The seller's margin and profit and the customer's gain, in one line of HTML."""
    c, decimals = case.currency, _unit_decimals(e.list_price_per_unit)
    share = (
        f" ({percent(e.seller_margin_per_unit / e.pocket_price_per_unit)} of the pocket price)"
        if e.pocket_price_per_unit > 0
        else ""
    )
    return (
        "<div class='nw-concept' style='font-size:14px'>"
        f"Margin over variable cost: <b>{_money(e.seller_margin_per_unit, c, decimals)}</b> per "
        f"unit{share} · profit per {escape(case.period)}: "
        f"<b>{_money(e.seller_profit_per_period, c)}</b> · the customer's gain over its "
        f"alternative: <b>{_money(e.customer_net_benefit_per_period, c)}</b></div>"
    )


def alternatives_html(case: Case, p: ProjectionResult) -> str:
    """Both parties' NPV, COLR, BATNA and BATR side by side, as an HTML table.

    A per-period BATNA stands on its own row: it is never compared with an NPV.
    """
    c = case.currency
    cell = "style='text-align:right; padding:3px 10px; border-bottom:1px solid #dde3ea'"
    head = "style='text-align:right; padding:3px 10px; border-bottom:2px solid #dde3ea'"
    label = "style='padding:3px 10px 3px 0; border-bottom:1px solid #dde3ea'"
    rows = [
        (
            f"NPV of this relationship ({p.repetitions} repetitions)",
            p.seller_npv,
            p.customer_npv,
        ),
        ("COLR: lost if it ends after this deal", p.seller_colr, p.customer_colr),
        (
            f"BATNA per {case.period}: best one-off alternative",
            p.seller_batna_per_period,
            p.customer_batna_per_period,
        ),
        ("BATR: best alternative relationship (NPV)", p.seller_batr_npv, p.customer_batr_npv),
        (
            "NPV above the BATR by",
            p.seller_npv - p.seller_batr_npv,
            p.customer_npv - p.customer_batr_npv,
        ),
    ]
    body = "".join(
        f"<tr><td {label}>{escape(name)}</td><td {cell}>{_money(a, c)}</td>"
        f"<td {cell}>{_money(b, c)}</td></tr>"
        for name, a, b in rows
    )
    return (
        "<table class='nw-alternatives' style='border-collapse:collapse; font-size:14px; "
        "width:100%; margin:4px 0 10px'>"
        f"<tr><th {label}></th><th {head}>{escape(case.seller)}</th>"
        f"<th {head}>{escape(case.customer)}</th></tr>{body}</table>"
    )


def monte_carlo_note(mc: MonteCarloResult) -> str:
    """What the Monte Carlo chart simulates, as HTML."""
    return (
        "<div class='nw-concept'>"
        f"{number(mc.paths)} simulated relationships with a fixed seed ({mc.seed}), so the "
        "same inputs always draw the same bands. Each value driver varies more the "
        "less sure the team is of it, and each relationship lasts a random number of "
        "repetitions.</div>"
    )
