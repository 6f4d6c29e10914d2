"""What the transparent-economics worksheet shows, computed from a case: its model, no widgets.

Every number comes from the case assessment (:func:`negotiation_lib.assessment.assess_case`),
the one source the report, the brief and the other pages read too; the NPVs across the ZOPA
(:func:`price_curve`) come from it in one vectorized call. The page keeps its last results
and hands them back as ``previous``: a change recomputes only the parts whose inputs
changed, and the view redraws only the parts whose result is a new object. The page's panels
read one assessment of the current case (:class:`CurrentAssessment`): the scenario table's
first row, the case itself, is the very assessment the page draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiation_lib.assessment import CaseAssessment, assess_case
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.economics import EconomicsResult
from negotiation_lib.domain.montecarlo import MonteCarloResult
from negotiation_lib.domain.projection import ProjectionResult
from negotiation_lib.domain.sensitivity import SensitivityResult
from negotiation_lib.worksheets.transparent_economics.text import MISSING

__all__ = [
    "MONTE_CARLO_PATHS",
    "MONTE_CARLO_SEED",
    "PRICE_CURVE_POINTS",
    "CurrentAssessment",
    "PriceCurve",
    "TransparentEconomicsResults",
    "compute",
    "missing_note",
    "price_curve",
]

MONTE_CARLO_PATHS = 2_000
"""Paths simulated on the page: enough for stable bands, small enough to redraw per keystroke."""

MONTE_CARLO_SEED = 7
"""The page's fixed seed: the same inputs always draw the same bands."""

PRICE_CURVE_POINTS = 101
"""Evenly spaced prices from floor to ceiling at which the NPV-by-price chart is drawn (the
fair and seller-optimal prices are added exactly, since the seller's curve bends there)."""

_PARTS = ("economics", "projection", "monte_carlo", "sensitivity")
"""The parts of the assessment the page shows, whose refusals it reports."""


@dataclass(frozen=True, eq=False)
class PriceCurve:
    """Both parties' NPV of the relationship at prices across the ZOPA.

    Attributes
    ----------
    prices
        Pocket prices per unit, floor to ceiling, increasing.
    seller_npv, customer_npv
        Each party's NPV at each price.
    projection
        The projection the curve was computed for (its fair and seller-optimal prices are
        among ``prices``): a new projection means a new curve.
    """

    prices: NDArray[np.float64]
    seller_npv: NDArray[np.float64]
    customer_npv: NDArray[np.float64]
    projection: ProjectionResult


def price_curve(assessment: CaseAssessment) -> PriceCurve | None:
    r"""Both parties' NPV at :data:`PRICE_CURVE_POINTS` prices across the ZOPA.

    Each point is the domain's projection at that price
    (:func:`negotiation_lib.domain.projection.npvs_by_price`: the seller's share of the gain
    over both BATNAs, the retention it earns, both NPVs), so the curve passes through the
    fair price's and the seller-optimal price's NPVs that the projection reports.

    Parameters
    ----------
    assessment
        The case's assessment (its economics give the ZOPA, its projection the marked prices).

    Returns
    -------
    PriceCurve or None
        None when there is no ZOPA (no seller-optimal price), or the sections are missing.

    Examples
    --------
    >>> from negotiation_lib.assessment import assess_case
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> a = assess_case(load_pumpco_acme_foods(), paths=100)
    >>> curve = price_curve(a)
    >>> fair = a.projection.scenarios.trust
    >>> k = int(np.flatnonzero(curve.prices == fair.pocket_price_per_unit)[0])
    >>> bool(np.isclose(curve.seller_npv[k], fair.seller_npv))
    True
    """
    projection, economics = assessment.projection, assessment.economics
    if projection is None or economics is None or projection.seller_optimal is None:
        return None
    zone = economics.zopa
    prices = np.unique(
        np.concatenate(
            [
                np.linspace(zone.floor_per_unit, zone.ceiling_per_unit, PRICE_CURVE_POINTS),
                [
                    projection.scenarios.trust.pocket_price_per_unit,
                    projection.seller_optimal.price_per_unit,
                ],
            ]
        )
    )
    npvs = assessment.npvs_by_price(prices)
    assert npvs is not None  # the sections are there: the projection is
    seller, customer = npvs
    for a in (prices, seller, customer):
        a.flags.writeable = False
    return PriceCurve(prices, seller, customer, projection)


@dataclass(frozen=True)
class TransparentEconomicsResults:
    """What the worksheet shows, computed from a case; None where inputs are missing.

    Attributes
    ----------
    economics, projection, monte_carlo, sensitivity
        The assessment's results; None when a section they need is missing, or when the
        domain refused a valid but degenerate case (its message is then in ``errors``). A
        result whose inputs did not change since ``previous`` is the very same object.
    price_curve
        Both parties' NPVs across the ZOPA (:func:`price_curve`); None without a ZOPA or a
        projection. The same object as before while the projection is.
    missing
        A sentence saying which section to fill in first; None when both are there.
    errors
        The messages of the problems the domain raised for a degenerate case.
    assessment
        The case assessment these results are read from (None while a section is missing),
        to hand back to :func:`compute` as ``previous``.
    """

    economics: EconomicsResult | None
    projection: ProjectionResult | None
    monte_carlo: MonteCarloResult | None
    sensitivity: SensitivityResult | None
    price_curve: PriceCurve | None = None
    missing: str | None = None
    errors: tuple[str, ...] = ()
    assessment: CaseAssessment | None = None


class CurrentAssessment:
    """The one assessment of a document's current case, shared by the panels of a page.

    Each panel that shows the case itself asks :meth:`of` for its assessment; the first to ask
    after a change assesses the case (reusing every part of the previous assessment whose
    inputs did not change), the others get the same object. On the economics worksheet a
    keystroke thus assesses the case once, not once for the page and once more for the first
    row of its scenario table.

    Parameters
    ----------
    paths, seed
        The Monte Carlo simulation's size and seed.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> case = load_pumpco_acme_foods()
    >>> shared = CurrentAssessment(paths=200)
    >>> shared.of(case) is shared.of(case)
    True
    """

    def __init__(self, *, paths: int = MONTE_CARLO_PATHS, seed: int = MONTE_CARLO_SEED) -> None:
        self.paths = paths
        self.seed = seed
        self._last: CaseAssessment | None = None

    def of(self, case: Case) -> CaseAssessment:
        """The assessment of ``case``: the one already made if it is of this very case."""
        last = self._last
        if last is None or last.case is not case:
            last = assess_case(case, paths=self.paths, seed=self.seed, previous=last)
            self._last = last
        return last


def missing_note(case: Case | None) -> str | None:
    """The note to show in place of the results when a needed section is missing.

    Examples
    --------
    >>> missing_note(Case(title="T", seller="S", customer="C"))[:38]
    'Fill in the value proposition and the '
    """
    if case is None:
        return MISSING["case"]
    if case.value is None and case.economics is None:
        return MISSING["both"]
    if case.value is None:
        return MISSING["value"]
    if case.economics is None:
        return MISSING["economics"]
    return None


def compute(
    case: Case | None,
    *,
    paths: int = MONTE_CARLO_PATHS,
    seed: int = MONTE_CARLO_SEED,
    previous: TransparentEconomicsResults | None = None,
    shared: CurrentAssessment | None = None,
) -> TransparentEconomicsResults:
    """Compute the worksheet's results (pure; no widgets).

    Parameters
    ----------
    case
        The last valid case, or None.
    paths, seed
        The Monte Carlo simulation's size and seed (the page uses the defaults).
    previous
        The page's last results: every part whose inputs did not change is reused as is.
    shared
        The page's shared assessment, used instead of ``paths``, ``seed`` and ``previous``'s
        assessment when given, so that the page's other panels read the same one.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> case = load_pumpco_acme_foods()
    >>> first = compute(case, paths=200)
    >>> again = compute(case.model_copy(update={"title": "Renamed"}), paths=200, previous=first)
    >>> again.projection is first.projection, again.monte_carlo is first.monte_carlo
    (True, True)
    >>> again.price_curve is first.price_curve
    True
    """
    note = missing_note(case)
    if case is None or note is not None:
        return TransparentEconomicsResults(None, None, None, None, missing=note)
    if shared is not None:
        a = shared.of(case)
    else:
        before = previous.assessment if previous is not None else None
        a = assess_case(case, paths=paths, seed=seed, previous=before)
    curve = None
    if a.projection is not None and a.economics is not None:
        before_curve = previous.price_curve if previous is not None else None
        if before_curve is not None and before_curve.projection is a.projection:
            curve = before_curve
        else:
            curve = price_curve(a)
    return TransparentEconomicsResults(
        economics=a.economics,
        projection=a.projection,
        monte_carlo=a.monte_carlo,
        sensitivity=a.sensitivity,
        price_curve=curve,
        errors=tuple(dict.fromkeys(p.message for p in a.problems_in(*_PARTS))),
        assessment=a,
    )
