"""Project this transaction x100: the relationship's value over many repetitions.

A deal is rarely done once. Repeated ``N`` times (repetition ``t = 0`` is the deal on the
table), each later repetition happens only if the relationship survives another step, and a
one-sided deal survives less often than a fair one. Discounting the expected value of every
repetition gives each party's net present value (NPV) of the relationship, its cost of losing
the relationship (COLR) and, comparing a fair price with a tough one, the repetition after
which fairness pays the seller more.

Every function is pure; the arrays of a projection are computed with NumPy in one pass, with
no Python loop per repetition, and are returned read-only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from negotiation_lib.domain.case import Case, Economics, Relationship, Value
from negotiation_lib.domain.economics import (
    customer_net_benefit_per_period,
    economic_inputs,
    fair_price_per_unit,
    seller_profit_per_period,
    seller_share,
    zopa,
)
from negotiation_lib.domain.economics import pocket_price_per_unit as waterfall_pocket_price
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.value import eve_per_unit

__all__ = [
    "FAIR_BAND",
    "ONE_SIDED_GAP",
    "PartyProjection",
    "ProjectionResult",
    "Scenario",
    "Scenarios",
    "case_projection",
    "closed_form_npv",
    "crossover_repetition",
    "growth_discount_factors",
    "project_relationship",
    "project_value",
    "retention_from_share",
    "retention_from_shares",
]

FAIR_BAND = 0.1
"""Within this distance of its fair share, the seller's share counts as fair."""

ONE_SIDED_GAP = 0.5
"""From this distance of its fair share on, the seller's share counts as fully one-sided."""

FloatArray = NDArray[np.float64]


def _frozen(a: NDArray[np.float64]) -> FloatArray:
    a.flags.writeable = False
    return a


# --------------------------------------------------------------------------- retention


def retention_from_shares(
    seller_shares: ArrayLike,
    fair_share: float,
    retention_fair: float,
    retention_one_sided: float,
) -> FloatArray:
    r"""Compute the retention of many deals at once from how fairly each splits the value.

    Parameters
    ----------
    seller_shares
        The seller's share of the value created, one per deal; NaN where it is undefined
        (no value created).
    fair_share
        The seller's fair share.
    retention_fair, retention_one_sided
        The chance a fair, and a fully one-sided, relationship goes on to the next repetition.

    Returns
    -------
    numpy.ndarray of float
        One retention per share, same shape.

    Notes
    -----
    With the gap :math:`\delta = |s - s^*|`:

    .. math::

        p = p_{fair} + w (p_{one} - p_{fair}), \qquad
        w = \min\left(1, \max\left(0, \frac{\delta - 0.1}{0.5 - 0.1}\right)\right)

    so ``p = retention_fair`` when the gap is at most 0.1, ``retention_one_sided`` when it is
    0.5 or more, and linear in between. An undefined share counts as fully one-sided: a deal
    that creates no value has nothing fair to hold it together.

    References
    ----------
    .. [1] C. H. Green, "Trust-based negotiation": one-sided (CPT) deals end relationships
       sooner; fairness over many repetitions is what sustains them.

    Examples
    --------
    >>> retention_from_shares([0.55, 0.7, 1.0, float("nan")], 0.5, 0.95, 0.6)
    array([0.95  , 0.8625, 0.6   , 0.6   ])
    """
    share = np.asarray(seller_shares, dtype=np.float64)
    gap = np.abs(share - fair_share)
    weight = np.clip((gap - FAIR_BAND) / (ONE_SIDED_GAP - FAIR_BAND), 0.0, 1.0)
    weight = np.where(np.isnan(share), 1.0, weight)
    out: FloatArray = retention_fair + weight * (retention_one_sided - retention_fair)
    return out


def retention_from_share(
    seller_share: float | None,
    fair_share: float,
    retention_fair: float,
    retention_one_sided: float,
) -> float:
    r"""Compute the chance the relationship goes on, from how fairly this deal splits the value.

    Parameters
    ----------
    seller_share
        The seller's share of the value created; None when no value is created.
    fair_share, retention_fair, retention_one_sided
        See :func:`retention_from_shares`.

    Returns
    -------
    float
        ``retention_fair`` when ``|seller_share - fair_share| <= 0.1``,
        ``retention_one_sided`` when it is ``>= 0.5`` or the share is None, linear in between.

    Notes
    -----
    .. math:: p = p_{fair} + \min\left(1, \max\left(0,
              \frac{|s - s^*| - 0.1}{0.4}\right)\right) (p_{one} - p_{fair})

    See :func:`retention_from_shares`, its vectorized twin.

    References
    ----------
    .. [1] C. H. Green, "Trust-based negotiation": a relationship, not a transaction, is what
       a fair deal preserves.

    Examples
    --------
    >>> retention_from_share(0.6, 0.5, 0.95, 0.6)
    0.95
    >>> retention_from_share(0.8, 0.5, 0.95, 0.6)  # halfway between 0.1 and 0.5
    0.775
    >>> retention_from_share(None, 0.5, 0.95, 0.6)
    0.6
    """
    share = math.nan if seller_share is None else seller_share
    return float(retention_from_shares(share, fair_share, retention_fair, retention_one_sided))


# --------------------------------------------------------------------------- one party


def _check_plain(
    per_period_value: float,
    retention: float,
    discount_rate: float,
    growth_rate: float,
    repetitions: int,
    one_time_cost: float,
) -> None:
    if isinstance(repetitions, bool) or not isinstance(repetitions, int | np.integer):
        raise CaseError.at("repetitions", "The number of repetitions must be a whole number.")
    if repetitions < 1:
        raise CaseError.at("repetitions", "Project at least one repetition (this deal).")
    for name, x in (("per_period_value", per_period_value), ("one_time_cost", one_time_cost)):
        if not math.isfinite(x):
            raise CaseError.at(name, f"{name.replace('_', ' ').capitalize()} must be finite.")
    if not 0.0 <= retention <= 1.0:
        raise CaseError.at(
            "retention", f"Retention is a probability: {retention} is not in [0, 1]."
        )
    for name, rate in (("discount_rate", discount_rate), ("growth_rate", growth_rate)):
        if not (math.isfinite(rate) and rate > -1.0):
            raise CaseError.at(name, f"The {name.replace('_', ' ')} must be above -100%.")


def growth_discount_factors(
    discount_rate: float, growth_rate: float, repetitions: int
) -> FloatArray:
    r"""Compute the weight of each repetition before survival: growth over discounting.

    Parameters
    ----------
    discount_rate, growth_rate
        Per repetition, as fractions (0.08 for 8%).
    repetitions
        ``N``; the weights are for ``t = 0 ... N-1``.

    Returns
    -------
    numpy.ndarray of float
        :math:`((1+g)/(1+d))^t`.

    Notes
    -----
    .. math:: w_t = \left(\frac{1+g}{1+d}\right)^t

    One power of the ratio rather than a quotient of two powers, so that neither
    :math:`(1+g)^t` nor :math:`(1+d)^t` can overflow on its own.

    References
    ----------
    .. [1] Farris et al., *Marketing Metrics*: discounting a growing margin stream.

    Examples
    --------
    >>> growth_discount_factors(0.25, 0.0, 3)
    array([1.  , 0.8 , 0.64])
    """
    t = np.arange(repetitions, dtype=np.float64)
    out: FloatArray = ((1.0 + growth_rate) / (1.0 + discount_rate)) ** t
    return out


@dataclass(frozen=True, slots=True)
class PartyProjection:
    """One party's value of the relationship, repetition by repetition.

    Attributes
    ----------
    per_period_value
        The party's value of one repetition (seller profit or customer net benefit).
    one_time_cost
        What the party spends once, at ``t = 0``.
    retention
        The chance of each further repetition.
    repetition
        ``t = 0 ... N-1``.
    survival
        :math:`S_t = p^t`.
    discount_factor
        :math:`(1+d)^{-t}`.
    growth_factor
        :math:`(1+g)^t`.
    expected_value
        The present value of repetition ``t``: ``S_t * value * (1+g)^t / (1+d)^t``.
    cumulative_npv
        Running total of ``expected_value`` less the one-time cost; its last element is the
        NPV.
    npv
        Sum of ``expected_value`` less the one-time cost.
    colr
        The cost of losing the relationship: the sum of ``expected_value`` for ``t >= 1``.
    closed_form_npv
        The NPV from the closed form (:func:`closed_form_npv`), as a check.
    """

    per_period_value: float
    one_time_cost: float
    retention: float
    repetition: NDArray[np.int64]
    survival: FloatArray
    discount_factor: FloatArray
    growth_factor: FloatArray
    expected_value: FloatArray
    cumulative_npv: FloatArray
    npv: float
    colr: float
    closed_form_npv: float


def closed_form_npv(
    per_period_value: float,
    retention: float,
    discount_rate: float,
    growth_rate: float = 0.0,
    repetitions: int = 100,
    one_time_cost: float = 0.0,
) -> float:
    r"""Compute a party's NPV of the relationship with the closed form of a geometric series.

    Parameters
    ----------
    per_period_value
        The party's value of one repetition, received at the start of each repetition.
    retention
        The chance of each further repetition, in [0, 1].
    discount_rate, growth_rate
        Per repetition; the value grows by ``growth_rate`` each repetition.
    repetitions
        ``N``, counting this deal.
    one_time_cost
        Spent once at ``t = 0``.

    Returns
    -------
    float
        ``per_period_value * (1 - q**N) / (1 - q) - one_time_cost`` with
        ``q = retention * (1 + growth_rate) / (1 + discount_rate)``; ``N * per_period_value -
        one_time_cost`` when ``q = 1``.

    Raises
    ------
    CaseError
        When an input is out of range (the path names the argument).

    Notes
    -----
    .. math::

        NPV = v \sum_{t=0}^{N-1} q^t - c = v \frac{1 - q^N}{1 - q} - c,
        \qquad q = \frac{p (1+g)}{1+d}

    The ratio is evaluated as ``expm1(N ln q) / expm1(ln q)`` so that it stays accurate when
    ``q`` is close to 1. As ``N`` grows with ``q < 1`` it tends to
    :math:`v (1+d) / (1+d-p) - c` when ``g = 0``: the retention-based customer lifetime value
    with margins received at the start of each period.

    References
    ----------
    .. [1] S. Gupta and D. R. Lehmann, "Customers as Assets", *Journal of Interactive
       Marketing* 17(1), 2003: customer lifetime value from margin, retention and discount
       rate.
    .. [2] P. W. Farris, N. T. Bendle, P. E. Pfeifer and D. J. Reibstein, *Marketing Metrics*,
       Pearson: the chapter on customer lifetime value.

    Examples
    --------
    Margin 150 per period, retention 0.55, discount rate 10%, acquisition cost 100:

    >>> closed_form_npv(150, 0.55, 0.10, repetitions=1000, one_time_cost=100)
    200.0
    >>> closed_form_npv(10, 1.0, 0.0, repetitions=5)  # q = 1
    50.0
    """
    _check_plain(
        per_period_value, retention, discount_rate, growth_rate, repetitions, one_time_cost
    )
    q = retention * (1.0 + growth_rate) / (1.0 + discount_rate)
    if q == 0.0:
        total = 1.0  # only t = 0 happens
    elif q == 1.0:
        total = float(repetitions)
    else:
        log_q = math.log(q)
        total = math.expm1(repetitions * log_q) / math.expm1(log_q)
    return per_period_value * total - one_time_cost


def project_value(
    per_period_value: float,
    retention: float,
    discount_rate: float,
    growth_rate: float = 0.0,
    repetitions: int = 100,
    one_time_cost: float = 0.0,
) -> PartyProjection:
    r"""Project one party's value of a deal repeated ``N`` times.

    Parameters
    ----------
    per_period_value
        The party's value of one repetition, received at the start of each repetition.
    retention
        The chance of each further repetition, in [0, 1].
    discount_rate, growth_rate
        Per repetition (0.08 for 8%); both must be above -1.
    repetitions
        ``N``, counting this deal (``t = 0``).
    one_time_cost
        Spent once at ``t = 0``.

    Returns
    -------
    PartyProjection
        The per-repetition arrays, the NPV, the COLR and the closed-form check.

    Raises
    ------
    CaseError
        When an input is out of range (the path names the argument).

    Notes
    -----
    .. math::

        S_t = p^t, \qquad
        E_t = S_t \, v \, \frac{(1+g)^t}{(1+d)^t}, \qquad
        NPV = \sum_{t=0}^{N-1} E_t - c, \qquad
        COLR = \sum_{t=1}^{N-1} E_t

    The COLR is what the party gives up if the relationship ends after this deal; it is the
    same as the lifetime value of an existing customer whose first margin arrives one period
    from now.

    References
    ----------
    .. [1] S. Gupta and D. R. Lehmann, "Customers as Assets", *Journal of Interactive
       Marketing* 17(1), 2003.
    .. [2] C. H. Green, "Trust-based negotiation": project the transaction x100; the cost of
       losing the relationship (COLR).

    Examples
    --------
    >>> p = project_value(150, 0.55, 0.10, repetitions=1000, one_time_cost=100)
    >>> p.npv, p.colr
    (200.0, 150.0)
    >>> project_value(100, 0.5, 0.0, repetitions=3).expected_value
    array([100., 50., 25.])
    """
    _check_plain(
        per_period_value, retention, discount_rate, growth_rate, repetitions, one_time_cost
    )
    t = np.arange(repetitions, dtype=np.int64)
    tf = t.astype(np.float64)
    survival: FloatArray = np.float64(retention) ** tf
    discount: FloatArray = (1.0 + discount_rate) ** -tf
    growth: FloatArray = (1.0 + growth_rate) ** tf
    # The ratio is raised to t in one power so that large growth and discount factors never
    # overflow separately.
    expected = survival * growth_discount_factors(discount_rate, growth_rate, repetitions)
    expected = expected * per_period_value
    cumulative = np.cumsum(expected) - one_time_cost
    t.flags.writeable = False
    return PartyProjection(
        per_period_value=float(per_period_value),
        one_time_cost=float(one_time_cost),
        retention=float(retention),
        repetition=t,
        survival=_frozen(survival),
        discount_factor=_frozen(discount),
        growth_factor=_frozen(growth),
        expected_value=_frozen(expected),
        cumulative_npv=_frozen(cumulative),
        npv=float(expected.sum()) - one_time_cost,
        colr=float(expected[1:].sum()),
        closed_form_npv=closed_form_npv(
            per_period_value, retention, discount_rate, growth_rate, repetitions, one_time_cost
        ),
    )


# --------------------------------------------------------------------------- both parties


def crossover_repetition(trust_cumulative: ArrayLike, cpt_cumulative: ArrayLike) -> int | None:
    r"""Find the first repetition at which the trust deal's cumulative value passes the CPT deal's.

    Parameters
    ----------
    trust_cumulative, cpt_cumulative
        One party's cumulative NPV per repetition under each scenario (same length).

    Returns
    -------
    int or None
        The first ``t`` with ``trust[t] > cpt[t]`` (beyond rounding noise); None if the trust
        deal never gets ahead within the horizon. ``0`` means it is ahead from the start.

    Raises
    ------
    CaseError
        When the two curves differ in length.

    Notes
    -----
    .. math:: t^* = \min\{t : C^{trust}_t > C^{cpt}_t\}

    "Beyond rounding noise" is a margin of :math:`10^{-9}` of the larger curve's magnitude, so
    two identical scenarios never cross.

    References
    ----------
    .. [1] C. H. Green, "Trust-based negotiation": the tough deal wins the transaction, the
       fair one the relationship.

    Examples
    --------
    >>> crossover_repetition([50, 100, 150, 200], [100, 130, 150, 160])
    3
    >>> crossover_repetition([1, 2], [1, 2]) is None
    True
    """
    trust = np.asarray(trust_cumulative, dtype=np.float64)
    cpt = np.asarray(cpt_cumulative, dtype=np.float64)
    if trust.shape != cpt.shape:
        raise CaseError.at("repetitions", "The two scenarios must cover the same repetitions.")
    scale = max(
        1.0, float(np.max(np.abs(trust), initial=0.0)), float(np.max(np.abs(cpt), initial=0.0))
    )
    ahead = np.flatnonzero(trust > cpt + 1e-9 * scale)
    return int(ahead[0]) if ahead.size else None


@dataclass(frozen=True, slots=True)
class Scenario:
    """Both parties' projections at one price.

    Attributes
    ----------
    name
        ``"case"`` (the case's own price), ``"trust"`` (the fair price) or ``"cpt"`` (the
        tough price: ``relationship.cpt_price_per_unit``, or the ZOPA ceiling when unset).
    pocket_price_per_unit
        The price evaluated.
    seller_share
        The seller's share of the value created at that price; None when none is created.
    retention
        The chance of each further repetition at that price.
    seller, customer
        Each party's projection (their ``cumulative_npv`` are the curves to plot).
    seller_npv, customer_npv
        ``seller.npv`` and ``customer.npv``.
    """

    name: Literal["case", "trust", "cpt"]
    pocket_price_per_unit: float
    seller_share: float | None
    retention: float
    seller: PartyProjection
    customer: PartyProjection
    seller_npv: float
    customer_npv: float


@dataclass(frozen=True, slots=True)
class Scenarios:
    """The fair deal against the tough one."""

    trust: Scenario
    cpt: Scenario


@dataclass(frozen=True, slots=True)
class ProjectionResult:
    """The projection of the relationship at the case's price, and the two scenarios.

    Attributes
    ----------
    repetitions
        ``N``.
    pocket_price_per_unit, seller_share, retention
        At the case's price (or the price asked for).
    seller, customer
        Each party's projection at that price.
    seller_npv, customer_npv, seller_colr, customer_colr
        From those projections.
    seller_batna_per_period, customer_batna_per_period
        Each party's best one-off alternative, per period (from the relationship section).
    seller_batr_npv, customer_batr_npv
        The NPV of each party's best alternative relationship, to set beside its NPV.
    scenarios
        ``scenarios.trust`` and ``scenarios.cpt``.
    crossover_repetition
        The first repetition at which the trust deal's cumulative seller value exceeds the
        CPT deal's; None if it never does.
    """

    repetitions: int
    pocket_price_per_unit: float
    seller_share: float | None
    retention: float
    seller: PartyProjection
    customer: PartyProjection
    seller_npv: float
    customer_npv: float
    seller_colr: float
    customer_colr: float
    seller_batna_per_period: float
    customer_batna_per_period: float
    seller_batr_npv: float
    customer_batr_npv: float
    scenarios: Scenarios
    crossover_repetition: int | None


def _scenario(
    name: Literal["case", "trust", "cpt"],
    economics: Economics,
    eve: float,
    relationship: Relationship,
    price: float,
) -> Scenario:
    profit = seller_profit_per_period(economics, pocket_price_per_unit=price)
    benefit = customer_net_benefit_per_period(economics, eve, pocket_price_per_unit=price)
    share = seller_share(profit, profit + benefit)
    p = retention_from_share(
        share, economics.fair_share, relationship.retention_fair, relationship.retention_one_sided
    )
    rates = (relationship.discount_rate, relationship.growth_rate, relationship.repetitions)
    seller = project_value(profit, p, *rates, one_time_cost=economics.seller_one_time_cost)
    customer = project_value(benefit, p, *rates, one_time_cost=economics.customer_one_time_cost)
    return Scenario(name, float(price), share, p, seller, customer, seller.npv, customer.npv)


def project_relationship(
    economics: Economics,
    value: Value,
    relationship: Relationship | None = None,
    *,
    pocket_price_per_unit: float | None = None,
) -> ProjectionResult:
    r"""Project the relationship at the case's price, and the trust and CPT deals beside it.

    Parameters
    ----------
    economics, value
        The case's economics and value sections.
    relationship
        Repetitions, rates, retentions, BATNAs and BATRs; None uses the defaults of
        :class:`~negotiation_lib.domain.case.Relationship` (100 repetitions, 8%, retention
        0.95 fair and 0.6 one-sided, zero BATNAs and BATRs).
    pocket_price_per_unit
        Project this price instead of the waterfall's pocket price.

    Returns
    -------
    ProjectionResult

    Raises
    ------
    CaseError
        When ``pocket_price_per_unit`` is not finite.

    Notes
    -----
    Each party's value per repetition is its seller profit or customer net benefit at the
    price (see :mod:`negotiation_lib.domain.economics`); the retention follows from the
    seller's share (:func:`retention_from_share`) and is the same for both parties, since a
    relationship ends for both at once. The *trust* scenario prices at the fair price, the
    *CPT* scenario at ``relationship.cpt_price_per_unit`` or, when unset, the ZOPA ceiling.

    With non-zero BATNAs the fair price splits the surplus over the BATNAs, so the seller's
    share of the whole value created at the fair price may differ from ``fair_share`` and the
    trust scenario's retention may fall below ``retention_fair``.

    References
    ----------
    .. [1] C. H. Green, "Trust-based negotiation": project the transaction x100, BATR and
       COLR against BATNA.
    .. [2] S. Gupta and D. R. Lehmann, "Customers as Assets", *Journal of Interactive
       Marketing* 17(1), 2003.

    Examples
    --------
    >>> from negotiation_lib.domain.case import (Discount, Driver, Economics, Reference,
    ...                                          Relationship, Value)
    >>> econ = Economics(volume_per_period=40, list_price_per_unit=13000,
    ...     discounts=(Discount(name="Volume", kind="percent", amount=5, principle="volume"),),
    ...     variable_cost_per_unit=7000, fixed_cost_per_period=60000,
    ...     seller_one_time_cost=20000, customer_cost_per_period=5000,
    ...     customer_one_time_cost=15000)
    >>> value = Value(reference=Reference(name="Competitor pump", price_per_unit=10000),
    ...     drivers=(Driver(name="Energy savings", value_per_unit=2500),))
    >>> r = project_relationship(econ, value, Relationship())
    >>> round(r.retention, 4), round(r.scenarios.trust.retention, 4)
    (0.6056, 0.95)
    >>> r.scenarios.trust.seller_npv > r.scenarios.cpt.seller_npv
    True
    >>> r.crossover_repetition  # fairness pays the seller more from the sixth deal on
    5
    """
    rel = relationship if relationship is not None else Relationship()
    eve = eve_per_unit(value)
    price = pocket_price_per_unit
    if price is None:
        price = waterfall_pocket_price(economics)
    elif not math.isfinite(price):
        raise CaseError.at("pocket_price_per_unit", "The price to project must be finite.")
    zone = zopa(economics, eve, rel)
    fair = fair_price_per_unit(zone, economics.fair_share)
    tough = rel.cpt_price_per_unit if rel.cpt_price_per_unit is not None else zone.ceiling_per_unit
    case = _scenario("case", economics, eve, rel, price)
    trust = _scenario("trust", economics, eve, rel, fair)
    cpt = _scenario("cpt", economics, eve, rel, tough)
    return ProjectionResult(
        repetitions=rel.repetitions,
        pocket_price_per_unit=case.pocket_price_per_unit,
        seller_share=case.seller_share,
        retention=case.retention,
        seller=case.seller,
        customer=case.customer,
        seller_npv=case.seller.npv,
        customer_npv=case.customer.npv,
        seller_colr=case.seller.colr,
        customer_colr=case.customer.colr,
        seller_batna_per_period=rel.seller_batna_per_period,
        customer_batna_per_period=rel.customer_batna_per_period,
        seller_batr_npv=rel.seller_batr_npv,
        customer_batr_npv=rel.customer_batr_npv,
        scenarios=Scenarios(trust=trust, cpt=cpt),
        crossover_repetition=crossover_repetition(
            trust.seller.cumulative_npv, cpt.seller.cumulative_npv
        ),
    )


def case_projection(case: Case, *, pocket_price_per_unit: float | None = None) -> ProjectionResult:
    """Run :func:`project_relationship` on a whole case.

    Parameters
    ----------
    case
        The case; its economics and value sections are needed, its relationship is optional.
    pocket_price_per_unit
        Project this price instead of the waterfall's pocket price.

    Returns
    -------
    ProjectionResult

    Raises
    ------
    CaseError
        At ``economics`` or ``value`` when that section is not filled in yet.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Case
    >>> try:
    ...     case_projection(Case(title="T", seller="S", customer="C"))
    ... except CaseError as err:
    ...     print(err.path)
    economics
    """
    economics, value, relationship = economic_inputs(case)
    return project_relationship(
        economics, value, relationship, pocket_price_per_unit=pocket_price_per_unit
    )
