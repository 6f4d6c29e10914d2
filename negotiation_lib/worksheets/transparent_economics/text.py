"""The transparent-economics page's words: explanations, notes, and its results as HTML.

The explanations and notes are plain text (the page escapes them); the functions at the end
write the page's results as HTML, escaping every user-typed name, currency, unit and period.
"""

from __future__ import annotations

from negotiation_lib import vocabulary
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.economics import EconomicsResult
from negotiation_lib.domain.projection import ProjectionResult
from negotiation_lib.formatting import UNKNOWN, escape, money, number, percent, price_decimals
from negotiation_lib.sentences import squeeze_pays
from negotiation_lib.vocabulary import Tone

__all__ = [
    "EXPLAIN",
    "KINDS",
    "MEANING_NOTE",
    "MISSING",
    "NEXT_STEPS",
    "NO_FLAGS",
    "PRICE_CURVE_NOTE",
    "PRINCIPLES",
    "SCENARIOS_NOTE",
    "TORNADO_NOTE",
    "flags_html",
    "margins_html",
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
        "both sides. The ceiling rests on the evidence-weighted EVE: each value claim counts "
        "as far as its confidence goes, because that is what the customer can be asked to "
        "pay for."
    ),
    "fair": (
        "What a deal adds for each side is its gain over its own BATNA; the two gains together "
        "are the gain the deal creates over both alternatives. The fair share is the part of "
        "that gain the seller can defend as its own: 0.5 splits it evenly. The fair price is "
        "the floor plus that share of the zone, and it gives the seller exactly its fair share, "
        "so both sides can recompute it from the open book."
    ),
    "BATNA": (
        "Each side's best one-off alternative if this deal fails, per period: another "
        "supplier, another customer, doing the work in-house. It raises that side's limit "
        "and so narrows the zone. For the customer, count only what its alternative gains it "
        "beyond the reference price of the value proposition (usually 0 when the reference is "
        "that alternative), so the alternative is not counted twice."
    ),
    "retention": (
        "The chance that the relationship goes on to the next repetition. Fair deals tend to "
        "be renewed; the further the seller's share strays from its fair share, the sooner a "
        "one-sided relationship ends."
    ),
    "COLR": (
        "The cost of losing the relationship: today's value of every later repetition a side "
        "gives up if the relationship ends after this deal. The net COLR takes off the best "
        "alternative relationship (BATR): what losing this relationship costs beyond moving "
        "to the best other one. A negative net COLR means the other relationship is worth more."
    ),
    "BATR": (
        "The best alternative to this relationship: what each side's next-best long-term "
        "relationship is worth today, as an NPV. Set an NPV beside an NPV: the table shows "
        "each BATNA both per period and as an NPV (that alternative taken every period), so a "
        "per-period figure is never weighed against a whole relationship."
    ),
}
"""The concepts the page explains, each in the product's own words."""

NEXT_STEPS = {
    "glance": (
        "Fill in the sections below from the top: these headline figures follow as you type."
    ),
    "price": (
        "Enter how many units the customer buys per period, your list price and what serving "
        "this customer costs you."
    ),
    "discounts": (
        "List every discount you give, on the invoice or off it, with the principle that "
        "earns it and what it saves you."
    ),
    "split": (
        "Add the customer's own costs and each side's best alternative, then choose the share "
        "of the gain that is fair to the seller."
    ),
    "relationship": (
        "Say how many times the deal may repeat, your discount rate, and how likely the "
        "customer is to renew after a fair and after a one-sided deal."
    ),
    "alternatives": (
        "Enter what each side's best other relationship is worth today, then compare it with "
        "what losing this one costs."
    ),
    "waterfall": (
        "Follow the price from list to pocket: the biggest drops are the discounts to explain "
        "first."
    ),
    "flags": "Fix or explain each flag before you open the book to the customer.",
    "zopa": (
        "Check that your price sits inside the zone and near the fair price; if it does not, "
        "decide which side gives ground."
    ),
    "squeeze": (
        "Read whether a tougher price pays you over the whole relationship, and under which "
        "retention it stops paying."
    ),
    "projection": ("See from which repetition the fair deal earns you more than the tough one."),
    "monte_carlo": (
        "Look at the bad case (P10): if it falls below the alternative, firm up the value or "
        "the relationship first."
    ),
    "tornado": (
        "Check the assumptions with the longest bars together with the customer before you "
        "rely on the figures."
    ),
}
"""The "what to do next" line of each section of the page, plain text."""

SCENARIOS_NOTE = (
    "Two prices projected side by side. \u201cTrust\u201d prices the deal at the fair price; "
    "\u201cCPT\u201d is the competitive, power-based, transactional tough price (the tough "
    "price set on the left, or the customer's ceiling when none is set). Solid lines are the "
    "trust deal, dashed lines the CPT deal."
)

TORNADO_NOTE = (
    "Every input moved down and up by the same share, one at a time: the longest bars are "
    "the assumptions to check together with the customer first. A retention moves through "
    "its churn (the chance of losing the customer), so 94% becomes 92.8% or 95.2%, never 75%."
)

PRICE_CURVE_NOTE = (
    "Each point is the whole relationship projected at one price of the zone: a higher "
    "price earns the seller more per repetition, but past the fair price the customer "
    "renews less often. Where the seller's curve peaks is the seller's best price under "
    "these assumptions."
)

MEANING_NOTE = (
    "Since this version, the seller's share counts what the deal gains over both sides' "
    "BATNAs (not the whole value created), and every price rests on the evidence-weighted "
    "value rather than the full EVE. The share and the fair price of a case saved earlier "
    "may read differently from what you noted then; the inputs are unchanged."
)
"""Said once per page session: the share and the fair price changed meaning (issue 15)."""

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
    "No flags: the price is inside the zone, the split of the gain is within the fair range "
    "and every discount has a principle and a saving behind it."
)

_TILE_LABELS = (
    ("invoice_price_per_unit", "Invoice price per {unit}"),
    ("pocket_price_per_unit", "Pocket price per {unit}"),
    ("eve_expected_per_unit", "Value per {unit} prices rest on (evidence-weighted EVE)"),
    ("eve_per_unit", "Upside per {unit} if every claim holds (full EVE)"),
    ("joint_gain_per_period", "Gain over both BATNAs per {period}"),
    ("seller_share", "{seller}'s share of the gain over both BATNAs"),
    ("fair_price_per_unit", "Fair price per {unit}"),
    ("zopa", "ZOPA per {unit} (floor–ceiling)"),
    ("seller_optimal_price_per_unit", "{seller}'s best price per {unit} over the relationship"),
    # Each NPV names its side's role and name, as every chart of the page does.
    ("seller_npv", "Seller's NPV ({seller})"),
    ("customer_npv", "Customer's NPV ({customer})"),
    ("crossover_repetition", "Trust deal overtakes CPT at"),
    ("retention", "Chance of each renewal"),
)
"""The headline tiles, in order: key and label (``{seller}`` etc. filled from the case)."""


def _unit_decimals(fair_price: float) -> int:
    """Decimals for prices per unit, as every chart and table writes them (from the fair price)."""
    return price_decimals(fair_price)


def _money(x: float, currency: str, decimals: int = 0) -> str:
    """An amount as HTML (the currency is typed by users)."""
    return escape(money(x, currency, decimals))


def _economics_tiles(case: Case, e: EconomicsResult) -> dict[str, tuple[str, Tone]]:
    c, decimals = case.currency, _unit_decimals(e.fair_price_per_unit)
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
    fair = f"{_money(e.fair_price_per_unit, c, decimals)}" + _sub(
        f"gives {case.seller} {percent(e.fair_share)} of the gain"
    )
    return {
        "invoice_price_per_unit": (_money(e.invoice_price_per_unit, c, decimals), "neutral"),
        "pocket_price_per_unit": (
            _money(e.pocket_price_per_unit, c, decimals),
            "warn" if price_out else "neutral",
        ),
        "eve_expected_per_unit": (_money(e.eve_expected_per_unit, c, decimals), "neutral"),
        "eve_per_unit": (_money(e.eve_per_unit, c, decimals), "neutral"),
        "joint_gain_per_period": (
            _money(e.joint_gain_per_period, c),
            "good" if e.joint_gain_per_period > 0 else "bad",
        ),
        "seller_share": (percent(share), share_tone),
        "fair_price_per_unit": (fair, "neutral"),
        "zopa": (zone_text, "good" if zone.exists else "bad"),
    }


def _sub(text: str) -> str:
    """A small second line under a tile's value (plain text, escaped here)."""
    return (
        "<br><span class='nw-tile-sub' style='font-size:12px; font-weight:400; "
        f"color:#5f6b7a'>{escape(text)}</span>"
    )


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
    optimal = p.seller_optimal
    optimal_tile: tuple[str, Tone] = (UNKNOWN, "bad")
    if optimal is not None:
        pays = squeeze_pays(p)
        decimals = _unit_decimals(p.scenarios.trust.pocket_price_per_unit)  # the fair price
        optimal_tile = (
            _money(optimal.price_per_unit, c, decimals)
            + _sub(
                "above the fair price: squeezing pays"
                if pays
                else "the fair price: squeezing does not pay"
            ),
            "warn" if pays else "good",
        )
    return {
        "seller_optimal_price_per_unit": optimal_tile,
        "seller_npv": (
            _money(p.seller_npv, c),
            "good" if p.seller_npv >= p.seller_batr_npv else "warn",
        ),
        "customer_npv": (
            _money(p.customer_npv, c),
            "good" if p.customer_npv >= p.customer_batr_npv else "warn",
        ),
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
    names = {
        "seller": case.seller,
        "customer": case.customer,
        "period": case.period,
        "unit": case.unit,
    }
    out: list[tuple[str, str, str, Tone]] = []
    for key, label in _TILE_LABELS:
        text = label.format(**names)
        if key == "zopa" and e is not None and not e.zopa.exists:
            text = "No ZOPA: floor > ceiling"
        if key == "seller_optimal_price_per_unit" and p is not None and p.seller_optimal is None:
            text = f"No best price for {case.seller}: no ZOPA"
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
    """The seller's margin and profit and the customer's net benefit, in one line of HTML."""
    c, decimals = case.currency, _unit_decimals(e.fair_price_per_unit)
    share = (
        f" ({percent(e.seller_margin_per_unit / e.pocket_price_per_unit)} of the pocket price)"
        if e.pocket_price_per_unit > 0
        else ""
    )
    per = escape(case.period)
    return (
        "<div class='nw-concept' style='font-size:14px'>"
        f"Margin over variable cost: <b>{_money(e.seller_margin_per_unit, c, decimals)}</b> per "
        f"{escape(case.unit)}{share} · profit per {per}: "
        f"<b>{_money(e.seller_profit_per_period, c)}</b> · the customer's net benefit over "
        f"the reference alternative per {per}: "
        f"<b>{_money(e.customer_net_benefit_per_period, c)}</b> · value created per {per}: "
        f"<b>{_money(e.value_created_per_period, c)}</b></div>"
    )
