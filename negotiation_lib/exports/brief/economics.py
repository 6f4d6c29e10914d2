"""The open book's sections: the price waterfall with its costs, and how the value is shared.

``economics`` shows the cost to serve, every discount with its principle and the price
waterfall to the pocket price; ``split`` shows the value the evidence supports (the full EVE as
the upside), the value created per period, each side's gain over its BATNA and the joint gain,
the seller's share of that gain, the zone of possible agreement and the fair price. Both chart
the assessment's ``a.economics``.
"""

from __future__ import annotations

from negotiation_lib.domain.economics import EconomicsResult
from negotiation_lib.exports.brief.layout import (
    Brief,
    NotReadyError,
    explain,
    flags_box,
    is_discount_flag,
    refused,
    table,
    tiles,
)
from negotiation_lib.figures.transparent_economics import price_waterfall, value_split, zopa_band
from negotiation_lib.formatting import UNKNOWN, escape, number, percent
from negotiation_lib.vocabulary import discount_kind_label, principle_label

__all__ = ["economics_needed", "economics_section", "split_section"]


def economics_needed(b: Brief) -> EconomicsResult:
    """The assessment's economics, or the reason a section that needs them cannot be written."""
    if b.case.economics is None:
        raise NotReadyError(
            "The economics of the transparent-economics worksheet are not filled in yet: "
            "volume, list price, discounts and costs."
        )
    if b.case.value is None:
        raise NotReadyError(
            "This part needs the value worksheet too: the customer's side of the economics "
            "rests on the economic value estimation."
        )
    result = b.assessment.economics
    if result is None or "economics" not in b.report:
        raise refused(b.assessment, "economics", "The economics cannot be computed")
    return result


def economics_section(b: Brief) -> str:
    """The open book: list to pocket price, the cost to serve and every discount's principle."""
    result = economics_needed(b)
    e = b.case.economics
    assert e is not None
    u = b.case.unit
    out = [
        explain(
            "The list price is where the price starts. Discounts on the invoice bring it to the",
            "<b>invoice price</b>; discounts paid outside the invoice (rebates, early-payment",
            "terms) bring it to the <b>pocket price</b>, what the seller really receives per",
            f"{b.unit}. Every discount below names the principle behind it, and the cost to serve",
            "is shown in full: nothing in the price is hidden.",
        ),
        tiles(
            [
                b.tile(
                    "economics.list_price_per_unit",
                    f"List price per {u}",
                    lambda x: b.money(x, 2),
                ),
                b.tile(
                    "economics.invoice_price_per_unit",
                    f"Invoice price per {u}",
                    lambda x: b.money(x, 2),
                ),
                b.tile(
                    "economics.pocket_price_per_unit",
                    f"Pocket price per {u}",
                    lambda x: b.money(x, 2),
                    tone="main",
                ),
                b.tile(
                    "economics.seller_margin_per_unit",
                    f"Seller's margin per {u}",
                    lambda x: b.money(x, 2),
                ),
            ]
        ),
        "<h3>Cost to serve</h3>",
        table(
            ["", "Amount"],
            [
                f"<tr><td>Volume per {b.period}</td>"
                f"<td class='num'>{number(e.volume_per_period, 2, trim=True)} {b.unit}</td></tr>",
                f"<tr><td>Seller's variable cost per {b.unit}</td>"
                f"<td class='num'>{b.money(e.variable_cost_per_unit, 2)}</td></tr>",
                f"<tr><td>Seller's fixed cost per {b.period}</td>"
                f"<td class='num'>{b.money(e.fixed_cost_per_period)}</td></tr>",
                f"<tr><td>Seller's one-time cost to start</td>"
                f"<td class='num'>{b.money(e.seller_one_time_cost)}</td></tr>",
                f"<tr><td>Customer's own cost per {b.period} (running the offer)</td>"
                f"<td class='num'>{b.money(e.customer_cost_per_period)}</td></tr>",
                f"<tr><td>Customer's one-time cost to switch</td>"
                f"<td class='num'>{b.money(e.customer_one_time_cost)}</td></tr>",
            ],
        ),
    ]
    per_unit = {s.name: s.amount_per_unit for s in result.waterfall if s.stage.endswith("invoice")}
    if e.discounts:
        rows = []
        for d in e.discounts:
            kind = escape(discount_kind_label(d.kind))
            amount = (
                f"{number(d.amount, 2, trim=True)}{kind}"
                if d.kind == "percent"
                else f"{b.money(d.amount, 2)} {kind}"
            )
            rows.append(
                f"<tr><td>{escape(d.name)}</td><td class='num'>{amount}</td>"
                f"<td class='num'>{b.money(per_unit.get(d.name), 2)}</td>"
                f"<td>{'on the invoice' if d.on_invoice else 'off the invoice'}</td>"
                f"<td>{escape(principle_label(d.principle))}</td>"
                f"<td class='num'>{b.money(d.seller_saving_per_unit, 2)}</td>"
                f"<td>{escape(d.rationale) or UNKNOWN}</td></tr>"
            )
        out += [
            "<h3>Discounts and their principles</h3>",
            table(
                [
                    "Discount",
                    "Terms",
                    f"Per {u}",
                    "Where",
                    "Principle",
                    f"Seller saves per {u}",
                    "Why",
                ],
                rows,
                cls="wide",
            ),
        ]
    else:
        out.append("<p class='note'>No discount: the pocket price is the list price.</p>")
    out.append(flags_box(f for f in b.report["economics"]["flags"] if is_discount_flag(f)))
    fig = price_waterfall(result, currency=b.case.currency, unit=b.case.unit)
    out.append(b.chart(fig, "economics.price_waterfall"))
    return "".join(out)


def _verdict(b: Brief, pocket: float, fair: float) -> str:
    """Say in words which side of the fair price the pocket price is."""
    gap = pocket - fair
    if abs(gap) < 0.005:
        return "The pocket price is the fair price."
    if gap > 0:
        return (
            f"The pocket price is {b.money(gap, 2)} per {b.unit} above the fair price: "
            f"{b.seller} keeps more than the agreed fair share."
        )
    return (
        f"The pocket price is {b.money(-gap, 2)} per {b.unit} below the fair price: "
        f"{b.buyer} keeps more than its fair share."
    )


def _gains_table(b: Brief) -> str:
    """Each side's result per period, its BATNA and its gain beyond it, side by side."""
    per = f" per {b.period}"

    def cell(path: str) -> str:
        return b.cell(path, lambda x: b.money(x) + per)

    rows = [
        "<tr><td>What the deal brings (the seller's profit; the customer's gain over its "
        "next-best alternative)</td>"
        + cell("economics.seller_profit_per_period")
        + cell("economics.customer_net_benefit_per_period")
        + "</tr>"
    ]
    if "projection" in b.report:  # the BATNAs are the relationship's inputs
        rows.append(
            "<tr><td>Less its best alternative without this deal (BATNA)</td>"
            + cell("projection.seller_batna_per_period")
            + cell("projection.customer_batna_per_period")
            + "</tr>"
        )
    rows.append(
        "<tr><td><b>Gain over the BATNA</b></td>"
        + cell("economics.seller_gain_per_period")
        + cell("economics.customer_gain_per_period")
        + "</tr>"
    )
    return table([f"Per {b.case.period}", b.case.seller, b.case.customer], rows, cls="wide")


def split_section(b: Brief) -> str:
    """How the gain is shared: each side's gain over its BATNA, the ZOPA and the fair price."""
    result = economics_needed(b)
    econ = b.report["economics"]
    case = b.case
    u, p = case.unit, case.period
    verdict = _verdict(b, econ["pocket_price_per_unit"], econ["fair_price_per_unit"])
    out = [
        explain(
            f"Each {b.period} the deal creates value: the seller's profit plus the customer's",
            "gain over its next-best alternative. Each side could also walk away to its best",
            "alternative to a negotiated agreement (<b>BATNA</b>), so what the deal really adds",
            "is each side's <b>gain over its BATNA</b>; the two together are the <b>joint",
            "gain</b>, and the seller's share is its part of that joint gain. The customer pays",
            "for the value the evidence supports (the confidence-weighted EVE); the full EVE is",
            "shown beside it as the upside if every claim holds. The <b>zone of possible",
            "agreement</b> runs from the lowest price the seller can accept (its costs and its",
            "BATNA) to the highest the customer should pay (the supported value, less its own",
            "costs and its BATNA). The <b>fair price</b> divides that zone in the agreed fair",
            "share, so at the fair price each side gets exactly its fair share of the joint gain.",
        ),
        tiles(
            [
                b.tile(
                    "economics.eve_expected_per_unit",
                    f"Value the evidence supports, per {u}",
                    lambda x: b.money(x, 2),
                    hint="the prices below are based on it",
                ),
                b.tile(
                    "economics.eve_per_unit",
                    f"Upside if every claim holds, per {u}",
                    lambda x: b.money(x, 2),
                    hint="the full EVE",
                ),
                b.tile("economics.value_created_per_period", f"Value created per {p}", b.money),
                b.tile(
                    "economics.joint_gain_per_period",
                    f"Joint gain over both BATNAs, per {p}",
                    b.money,
                    tone="main",
                ),
            ]
        ),
        _gains_table(b),
        tiles(
            [
                b.tile(
                    "economics.seller_share",
                    f"{case.seller}'s share of the gain over both BATNAs",
                    lambda x: percent(x, 1),
                    tone="main",
                ),
                b.tile(
                    "economics.fair_share",
                    f"{case.seller}'s fair share of that gain",
                    lambda x: percent(x, 1),
                ),
            ]
        ),
        tiles(
            [
                b.tile(
                    "economics.zopa.floor_per_unit",
                    f"Lowest acceptable price per {u}",
                    lambda x: b.money(x, 2),
                ),
                b.tile(
                    "economics.zopa.ceiling_per_unit",
                    f"Highest sensible price per {u}",
                    lambda x: b.money(x, 2),
                ),
                b.tile(
                    "economics.fair_price_per_unit",
                    f"Fair price per {u}",
                    lambda x: b.money(x, 2),
                    tone="main",
                ),
                b.tile(
                    "economics.pocket_price_per_unit",
                    f"Pocket price per {u}",
                    lambda x: b.money(x, 2),
                ),
            ]
        ),
        f"<p class='verdict'>{verdict}</p>",
    ]
    if not econ["zopa"]["exists"]:
        out.append(
            "<p class='verdict bad'>There is no zone of possible agreement: the lowest price "
            "the seller can accept is above the highest the customer should pay.</p>"
        )
    out.append(flags_box(f for f in econ["flags"] if not is_discount_flag(f)))
    split = value_split(
        result,
        seller=case.seller,
        customer=case.customer,
        currency=case.currency,
        period=case.period,
    )
    out.append(b.chart(split, "economics.value_split"))
    out.append(b.chart(zopa_band(result, currency=case.currency, unit=case.unit), "economics.zopa"))
    return "".join(out)
