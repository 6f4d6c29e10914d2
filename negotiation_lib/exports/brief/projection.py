"""The relationship over time: both sides' NPVs, what losing the relationship costs, and risk.

The ``projection`` section treats the deal as the first of many repetitions ("project this
transaction x100"): each party's NPV, its cost of losing the relationship (COLR) beside its
BATNA and BATR, the fair deal against the tough one, and the Monte Carlo percentiles. Its chart
draws the assessment's ``a.projection``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from negotiation_lib.exports.brief.economics import economics_needed
from negotiation_lib.exports.brief.layout import Brief, explain, figure_value, refused, table, tiles
from negotiation_lib.figures.transparent_economics import npv_curves
from negotiation_lib.formatting import number, percent

__all__ = ["projection_section"]


def projection_section(b: Brief) -> str:
    """The relationship over time: NPVs, COLR beside BATNA and BATR, fair against tough."""
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
            f"{b.period}). Each later one happens only if the relationship lasts, and a deal",
            "seen as one-sided makes it end sooner. The <b>net present value (NPV)</b> adds up",
            "what each side can expect over all repetitions, in today's money. The <b>cost of",
            "losing the relationship (COLR)</b> is the part of it that comes after this deal:",
            "what a side gives up if the relationship ends now. It sits next to the best",
            "one-off alternative (BATNA) and the best alternative relationship (BATR)." + rel_note,
        ),
        tiles(
            [
                b.tile("projection.seller_npv", f"{case.seller}'s NPV", b.money, tone="main"),
                b.tile("projection.customer_npv", f"{case.customer}'s NPV", b.money, tone="main"),
                b.tile("projection.seller_colr", f"{case.seller}'s COLR", b.money),
                b.tile("projection.customer_colr", f"{case.customer}'s COLR", b.money),
                b.tile(
                    "projection.retention",
                    "Chance the relationship goes on, per repetition",
                    lambda x: percent(x, 1),
                ),
            ]
        ),
    ]

    def row(label: str, key: str, fmt: Callable[[Any], str] = b.money) -> str:
        return (
            f"<tr><td>{label}</td>"
            + b.cell(f"projection.{key.format(party='seller')}", fmt)
            + b.cell(f"projection.{key.format(party='customer')}", fmt)
            + "</tr>"
        )

    rows = [
        row("NPV of the relationship at the current price", "{party}_npv"),
        row("Cost of losing the relationship (COLR)", "{party}_colr"),
        row(f"Best one-off alternative (BATNA), per {b.period}", "{party}_batna_per_period"),
        row("Best alternative relationship (BATR), NPV", "{party}_batr_npv"),
        row("NPV if priced at the fair price (trust)", "scenarios.trust.{party}_npv"),
        row("NPV if priced at the tough price (one-sided)", "scenarios.cpt.{party}_npv"),
    ]
    mc = pr.get("monte_carlo")
    if mc is not None:
        rows += [
            row("Uncertainty: NPV in a bad case (P10)", "monte_carlo.{party}.p10"),
            row("Uncertainty: NPV in a middle case (P50)", "monte_carlo.{party}.p50"),
            row("Uncertainty: NPV in a good case (P90)", "monte_carlo.{party}.p90"),
            row(
                "Chance the relationship beats the BATR",
                "monte_carlo.{party}.probability_beats_batr",
                percent,
            ),
        ]
    out.append(table(["", case.seller, case.customer], rows, cls="wide"))
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
    if mc is not None:
        out.append(
            f"<p class='note'>The uncertainty rows come from {number(mc['paths'])} simulated "
            f"futures (seed {mc['seed']}), in which the value drivers and the length of the "
            "relationship vary.</p>"
        )
    fig = npv_curves(projection, seller=case.seller, customer=case.customer, currency=case.currency)
    out.append(b.chart(fig, "projection.npv_curves"))
    return "".join(out)
