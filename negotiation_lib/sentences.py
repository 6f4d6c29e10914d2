"""What the workbook says in words about a case's results, written once for every consumer.

The economics page, the deal brief and the report's Markdown all quote these sentences, so a
trainee reads the same verdict wherever they look. Plain text: escape it where it meets HTML.
"""

from __future__ import annotations

from negotiation_lib.domain.case import Relationship
from negotiation_lib.domain.projection import ProjectionResult
from negotiation_lib.formatting import money, percent, price_decimals

__all__ = ["squeeze_pays", "squeeze_sentence"]


def squeeze_pays(projection: ProjectionResult) -> bool | None:
    """Whether a price above the fair one pays the seller more under the case's assumptions.

    None when there is no zone of possible agreement (no seller-optimal price to compare).

    Examples
    --------
    >>> from negotiation_lib.datasets import load_sample_case
    >>> from negotiation_lib.domain.projection import case_projection
    >>> squeeze_pays(case_projection(load_sample_case("pumpco_acme_foods")))
    False
    """
    optimal = projection.seller_optimal
    if optimal is None:
        return None
    fair = projection.scenarios.trust.pocket_price_per_unit
    return optimal.price_per_unit > fair + 1e-9 * max(1.0, abs(fair))


def squeeze_sentence(
    projection: ProjectionResult, relationship: Relationship | None, currency: str, unit: str
) -> str | None:
    """Say whether squeezing pays the seller, and the loyalty at which the answer flips.

    The answer depends on one assumption above all: how often the customer stays after a
    one-sided deal (``retention_one_sided``). The sentence names the break-even retention
    (:func:`negotiation_lib.domain.projection.break_even_loyalty`), the case's assumption,
    and the seller-optimal price.

    Returns
    -------
    str or None
        None when there is no zone of possible agreement.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_sample_case
    >>> from negotiation_lib.domain.projection import case_projection
    >>> case = load_sample_case("pumpco_acme_foods")
    >>> print(squeeze_sentence(case_projection(case), case.relationship, "EUR", "pump"))
    ... # doctest: +ELLIPSIS
    Squeezing pays under these assumptions only if a one-sided deal keeps the customer at least
    ...% of the time; you assume 60%. So the fair price, ... per pump, is also the seller's
    best price.
    """
    optimal = projection.seller_optimal
    if optimal is None:
        return None
    rel = relationship if relationship is not None else Relationship()
    assumed = percent(rel.retention_one_sided, 0)
    fair = projection.scenarios.trust.pocket_price_per_unit
    cents = price_decimals(fair)  # prices as every tile and chart writes them
    threshold = projection.break_even_retention_one_sided
    if threshold is None:
        opening = (
            "Squeezing pays the seller under these assumptions however loyal the customer "
            "stays after a one-sided deal."
        )
    elif projection.break_even_loyalty == 0:
        opening = "No price lies above the fair one: the fair share gives the seller everything."
    else:
        opening = (
            "Squeezing pays under these assumptions only if a one-sided deal keeps the "
            f"customer at least {percent(threshold, 1)} of the time; you assume {assumed}."
        )
    if squeeze_pays(projection):
        gain = optimal.seller_npv - projection.scenarios.trust.seller_npv
        return (
            f"{opening} So squeezing pays here: at {money(optimal.price_per_unit, currency, cents)}"
            f" per {unit} the seller's NPV is {money(optimal.seller_npv, currency)}, "
            f"{money(gain, currency)} more than at the fair price, while the customer's falls "
            f"to {money(optimal.customer_npv, currency)}."
        )
    return (
        f"{opening} So the fair price, {money(fair, currency, cents)} per {unit}, is "
        "also the seller's best price."
    )
