"""The relationship over time: both sides' NPVs, what squeezing is worth, what losing costs.

The ``projection`` section treats the deal as the first of many repetitions ("project this
transaction x100"): each party's NPV; whether squeezing pays the seller, in the words of
:func:`negotiation_lib.sentences.squeeze_sentence` (quoted as is, so the brief says what the
worksheet and the report say), with the seller-optimal price, its share and both NPVs; per
party, BATNA per period and as an NPV, BATR, COLR and net COLR side by side, each with its
unit, so that no per-period figure reads as an NPV; the fair deal against the tough one; and
the two Monte Carlo views (value, relationship length) with P10/P50/P90 and the chance of
beating the BATR. Its chart draws the assessment's ``a.projection``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from negotiation_lib.exports.brief.economics import economics_needed
from negotiation_lib.exports.brief.layout import (
    Brief,
    Json,
    explain,
    figure_value,
    refused,
    table,
    tiles,
)
from negotiation_lib.figures.transparent_economics import npv_curves
from negotiation_lib.formatting import escape, number, percent
from negotiation_lib.sentences import squeeze_sentence

__all__ = ["projection_section"]

PARTIES = ("seller", "customer")

UNCERTAINTY_VIEWS = (
    (
        "value_uncertainty",
        "If the value is less certain than it looks",
        "Each value driver's worth is drawn around its evidence-weighted value (a driver "
        "known for sure keeps its value; a weakly evidenced one varies the most), with the "
        "relationship lasting as long as expected.",
    ),
    (
        "length_uncertainty",
        "If the relationship lasts longer or shorter",
        "Each simulated relationship ends after a random number of repetitions, at the "
        "retention of the current price, with the value as estimated.",
    ),
)
"""The two Monte Carlo views: report key, heading, and what varies in it."""


def _squeeze(b: Brief, pr: Json) -> list[str]:
    """Whether squeezing pays the seller, said once in the workbook's words, and its figures."""
    projection = b.assessment.projection
    assert projection is not None
    case = b.case
    sentence = squeeze_sentence(projection, case.relationship, case.currency, case.unit)
    out = ["<h3>Does squeezing pay the seller?</h3>"]
    if sentence is None or "seller_optimal" not in pr:
        out.append(
            "<p class='note'>Without a zone of possible agreement there is no price to "
            "search, so no seller-optimal price.</p>"
        )
        return out
    out += [
        explain(
            "Under the case's assumptions, the <b>seller-optimal price</b> is the price in the",
            "zone of possible agreement that gives the seller the highest NPV, once a less",
            "fair price makes the relationship end sooner. The <b>break-even retention</b> is",
            "how often a customer would have to stay after a one-sided deal for squeezing to",
            "pay the seller at all.",
        ),
        f"<p class='verdict' data-sentence='squeeze'>{escape(sentence)}</p>",
        tiles(
            [
                b.tile(
                    "projection.seller_optimal.price_per_unit",
                    f"Seller-optimal price per {case.unit}",
                    lambda x: b.money(x, 2),
                    tone="main",
                ),
                b.tile(
                    "projection.seller_optimal.seller_share",
                    f"{case.seller}'s share of the gain over both BATNAs at that price",
                    lambda x: percent(x, 1),
                ),
                b.tile(
                    "projection.seller_optimal.seller_npv",
                    f"{case.seller}'s NPV at that price",
                    b.money,
                ),
                b.tile(
                    "projection.seller_optimal.customer_npv",
                    f"{case.customer}'s NPV at that price",
                    b.money,
                ),
            ]
        ),
        tiles(
            [
                b.tile(
                    "projection.break_even_retention_one_sided",
                    "Break-even retention after a one-sided deal, per repetition",
                    lambda x: percent(x, 1),
                    hint="squeezing pays only if the customer stays at least this often",
                ),
                b.tile(
                    "projection.break_even_loyalty",
                    "Break-even loyalty drop from the fair deal",
                    lambda x: f"{number(100 * x, 1)} percentage points" if x is not None else "–",
                    hint="from this drop in retention on, the fair price pays the seller most",
                ),
            ]
        ),
    ]
    return out


def _sides_table(b: Brief, n: int) -> str:
    """Per party: NPV, BATNA per period and as NPV, BATR, COLR, net COLR, the two scenarios."""
    per_period = f" per {b.period}"
    horizon = f"NPV over up to {n} repetitions"

    def row(label: str, key: str, fmt: Callable[[Any], str] = b.money) -> str:
        return (
            f"<tr><td>{label}</td>"
            + "".join(b.cell(f"projection.{key.format(party=party)}", fmt) for party in PARTIES)
            + "</tr>"
        )

    rows = [
        row(f"The relationship at the current price ({horizon})", "{party}_npv"),
        row(
            f"Best one-off alternative (BATNA), per {b.period}",
            "{party}_batna_per_period",
            lambda x: b.money(x) + per_period,
        ),
        row(
            f"The BATNA taken every {b.period} instead, as an NPV over {n} {b.period}s",
            "{party}_batna_npv",
        ),
        row("Best alternative relationship (BATR), NPV", "{party}_batr_npv"),
        row(
            "Cost of losing the relationship (COLR): the NPV of every repetition after this one",
            "{party}_colr",
        ),
        row(
            "Net cost of losing the relationship (net COLR = COLR − BATR), NPV",
            "{party}_colr_net",
        ),
        row(f"At the fair price (trust) ({horizon})", "scenarios.trust.{party}_npv"),
        row(f"At the tough price (one-sided) ({horizon})", "scenarios.cpt.{party}_npv"),
    ]
    return table(["", b.case.seller, b.case.customer], rows, cls="wide sides")


def _uncertainty(b: Brief, mc: Json) -> list[str]:
    """Both Monte Carlo views, each with P10/P50/P90 per party and the chance to beat the BATR."""
    out = [
        "<h3>How sure are these NPVs?</h3>",
        explain(
            f"{number(mc['paths'])} simulated futures (seed {mc['seed']}) answer two different",
            "questions, so they are shown apart. P10 is a bad case (one future in ten does",
            "worse), P50 the middle one and P90 a good case (one in ten does better); the last",
            "column is the share of futures in which the relationship is worth more than the",
            "side's best alternative relationship (BATR).",
        ),
    ]
    for view, heading, what in UNCERTAINTY_VIEWS:
        rows = []
        for party, name in (("seller", b.seller), ("customer", b.buyer)):
            base = f"projection.monte_carlo.{party}"
            rows.append(
                f"<tr><td>{name}</td>"
                + "".join(b.cell(f"{base}.{view}.{p}", b.money) for p in ("p10", "p50", "p90"))
                + b.cell(f"{base}.batr_npv", b.money)
                + b.cell(f"{base}.{view}.probability_beats_batr", lambda x: percent(x, 1))
                + "</tr>"
            )
        out += [
            f"<h4>{escape(heading)}</h4>",
            f"<p class='note'>{escape(what)}</p>",
            table(
                [
                    "",
                    "NPV, bad case (P10)",
                    "NPV, middle case (P50)",
                    "NPV, good case (P90)",
                    "BATR (NPV)",
                    "Chance of beating the BATR",
                ],
                rows,
                cls="wide uncertainty",
            ),
        ]
    return out


def projection_section(b: Brief) -> str:
    """The relationship over time: NPVs, whether squeezing pays, what losing costs, and risk."""
    economics_needed(b)
    projection = b.assessment.projection
    if projection is None or "projection" not in b.report:
        raise refused(b.assessment, "projection", "The relationship cannot be projected")
    case = b.case
    pr = b.report["projection"]
    n = pr["repetitions"]
    rel_note = (
        ""
        if case.relationship is not None
        else " The relationship inputs are not filled in yet, so the defaults are used."
    )
    out = [
        explain(
            f"This deal is treated as the first of up to {n} repetitions (one per",
            f"{b.period}). Each later one happens only if the relationship lasts, and the",
            "further a price strays from the fair split, the sooner it ends. The <b>net",
            "present value (NPV)</b> adds up what each side can expect over all repetitions,",
            "in today's money. The <b>cost of losing the relationship (COLR)</b> is the part",
            "of it after this deal: what a side gives up if the relationship ends now. Set",
            "against it are the side's best one-off alternative (<b>BATNA</b>, shown per",
            f"{b.period} and as the NPV of taking it every {b.period}) and its best",
            "alternative relationship (<b>BATR</b>); the <b>net COLR</b> is the COLR less the",
            "BATR, what losing this relationship costs beyond moving to the best other one."
            + rel_note,
        ),
        tiles(
            [
                b.tile("projection.seller_npv", f"{case.seller}'s NPV", b.money, tone="main"),
                b.tile("projection.customer_npv", f"{case.customer}'s NPV", b.money, tone="main"),
                b.tile(
                    "projection.retention",
                    "Chance the relationship goes on, per repetition",
                    lambda x: percent(x, 1),
                ),
            ]
        ),
    ]
    out += _squeeze(b, pr)
    out += ["<h3>What each side stands to lose</h3>", _sides_table(b, n)]
    cross = pr["crossover_repetition"]
    if cross is not None:
        out.append(
            f"<p class='verdict' data-figure='projection.crossover_repetition' "
            f"data-value='{figure_value(cross)}'>Over time the fair deal is worth more to "
            f"{b.seller} than the tough one: its running total passes the tough deal's at "
            f"repetition {cross}.</p>"
        )
    else:
        out.append(
            f"<p class='verdict'>Within {n} repetitions the fair deal does not overtake the "
            f"tough one for {b.seller}.</p>"
        )
    fig = npv_curves(projection, seller=case.seller, customer=case.customer, currency=case.currency)
    out.append(b.chart(fig, "projection.npv_curves"))
    mc = pr.get("monte_carlo")
    if mc is not None:
        out += _uncertainty(b, mc)
    return "".join(out)
