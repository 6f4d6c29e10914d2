"""Project this transaction x100: the relationship's value over many repetitions.

A deal is rarely done once. Repeated ``N`` times (repetition ``t = 0`` is the deal on the
table), each later repetition happens only if the relationship survives another step, and a
deal that strays from the fair split survives less often than a fair one. Discounting the
expected value of every repetition gives each party's net present value (NPV) of the
relationship, its cost of losing the relationship (COLR), set beside its best one-off
alternative taken every period (BATNA as an NPV) and its best alternative relationship (BATR).
Comparing a fair price with a tough one gives the repetition after which fairness pays the
seller more; searching every price of the ZOPA gives the price that pays the seller most under
the case's assumptions, and the loyalty a one-sided deal would have to keep for squeezing to
pay (the break-even loyalty), said openly.

Every price-dependent figure uses the evidence-weighted EVE, as
:mod:`negotiation_lib.domain.economics` does, and the seller's share of the gain over both
BATNAs. Every function is pure; the arrays of a projection are computed with NumPy in one
pass, with no Python loop per repetition or per price, and are returned read-only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from negotiation_lib.domain.case import Case, Economics, Relationship, Value
from negotiation_lib.domain.economics import (
    Zopa,
    customer_net_benefit_per_period,
    economic_inputs,
    fair_price_per_unit,
    joint_gain_per_period,
    seller_profit_per_period,
    seller_share,
    zopa,
)
from negotiation_lib.domain.economics import pocket_price_per_unit as waterfall_pocket_price
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.value import eve_expected_per_unit

__all__ = [
    "ONE_SIDED_GAP",
    "SELLER_OPTIMAL_GRID",
    "PartyProjection",
    "ProjectionResult",
    "Scenario",
    "Scenarios",
    "SellerOptimal",
    "batna_npv",
    "break_even_loyalty",
    "break_even_loyalty_closed_form",
    "case_projection",
    "closed_form_npv",
    "crossover_repetition",
    "discounted_survival_sum",
    "growth_discount_factors",
    "npvs_by_price",
    "price_scenario",
    "project_relationship",
    "project_value",
    "retention_from_share",
    "retention_from_shares",
    "seller_optimal_price",
]

ONE_SIDED_GAP = 0.5
"""From this distance of its fair share on, the seller's share counts as fully one-sided."""

SELLER_OPTIMAL_GRID = 1001
"""Prices of the ZOPA tried at once by the seller-optimal search, before it refines the best."""

# The refinement zooms in on the best price with this many prices per round, each round's
# spacing 1/50 of the last, so a few rounds take the grid's spacing below rounding noise.
_REFINE_PRICES = 101
_REFINE_ROUNDS = 8
# An NPV counts as higher only beyond this fraction of the NPVs' size; closer ones tie, and
# ties go to the lowest price, so rounding noise never moves the seller-optimal price.
_NPV_TOLERANCE = 1e-12
# The bisection on the loyalty drop stops when its bracket is this narrow.
_DROP_TOLERANCE = 1e-12
# Each pass of the break-even search splits its bracket with this many evenly spaced drops;
# the first pass also tries the closed-form estimate and drops 10%, 1%, ... off either side.
_EVEN_DROPS = 3
_LADDER_STEPS = 9

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
    r"""Compute the retention of many deals at once from how fairly each splits the gain.

    Parameters
    ----------
    seller_shares
        The seller's share of the gain over both BATNAs, one per deal; NaN where it is
        undefined (no joint gain).
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

        p = p_{fair} + \min\left(1, \frac{\delta}{0.5}\right) (p_{one} - p_{fair})

    There is no free band: retention falls with *any* distance from the fair split, linearly,
    and reaches ``retention_one_sided`` at a gap of 0.5 (a seller taking everything, or
    nothing, of an even split). A deal at the fair split keeps ``retention_fair``. An
    undefined share counts as fully one-sided: a deal that gains nothing over the
    alternatives has nothing fair to hold it together.

    References
    ----------
    .. [1] C. H. Green, "Trust-based negotiation": one-sided (CPT) deals end relationships
       sooner; fairness over many repetitions is what sustains them.

    Examples
    --------
    >>> retention_from_shares([0.5, 0.6, 0.75, 1.0, float("nan")], 0.5, 0.95, 0.6)
    array([0.95 , 0.88 , 0.775, 0.6  , 0.6  ])
    """
    weight = _one_sided_weight(np.asarray(seller_shares, dtype=np.float64), fair_share)
    out: FloatArray = retention_fair + weight * (retention_one_sided - retention_fair)
    return out


def _one_sided_weight(share: FloatArray, fair_share: float) -> FloatArray:
    """``min(1, |s - s*| / 0.5)``, 1 where the share is undefined: how one-sided each deal is."""
    weight: FloatArray = np.where(
        np.isnan(share), 1.0, np.minimum(1.0, np.abs(share - fair_share) / ONE_SIDED_GAP)
    )
    return weight


def retention_from_share(
    seller_share: float | None,
    fair_share: float,
    retention_fair: float,
    retention_one_sided: float,
) -> float:
    r"""Compute the chance the relationship goes on, from how fairly this deal splits the gain.

    Parameters
    ----------
    seller_share
        The seller's share of the gain over both BATNAs; None when there is no joint gain.
    fair_share, retention_fair, retention_one_sided
        See :func:`retention_from_shares`.

    Returns
    -------
    float
        ``retention_fair`` at the fair share, ``retention_one_sided`` at a gap of 0.5 or more
        or when the share is None, linear in the gap in between.

    Notes
    -----
    .. math:: p = p_{fair} + \min\left(1, \frac{|s - s^*|}{0.5}\right) (p_{one} - p_{fair})

    See :func:`retention_from_shares`, its vectorized twin.

    References
    ----------
    .. [1] C. H. Green, "Trust-based negotiation": a relationship, not a transaction, is what
       a fair deal preserves.

    Examples
    --------
    >>> retention_from_share(0.5, 0.5, 0.95, 0.6)
    0.95
    >>> retention_from_share(0.75, 0.5, 0.95, 0.6)  # halfway to fully one-sided
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


def discounted_survival_sum(
    retention: ArrayLike, discount_rate: float, growth_rate: float, repetitions: int
) -> FloatArray:
    r"""Compute the present value of 1 per period over the relationship, for many retentions.

    Parameters
    ----------
    retention
        The chance of each further repetition, any shape, each in [0, 1].
    discount_rate, growth_rate
        Per repetition; both above -1.
    repetitions
        ``N``, counting this deal.

    Returns
    -------
    numpy.ndarray of float, same shape as ``retention``
        :math:`A(p) = \sum_{t<N} q^t` with :math:`q = p (1+g)/(1+d)`; a party's NPV at a
        price is its value per period times :math:`A(p)`, less its one-time cost.

    Notes
    -----
    .. math:: A(p) = \sum_{t=0}^{N-1} q^t = \frac{1 - q^N}{1 - q}, \qquad q = p\,\frac{1+g}{1+d}

    evaluated as ``expm1(N ln q) / expm1(ln q)``, so it stays accurate near ``q = 1``, with
    :math:`A = N` at ``q = 1`` and :math:`A = 1` at ``q = 0``. It is the vectorized form of
    the sum in :func:`closed_form_npv`, used wherever many prices or draws are valued at once.

    References
    ----------
    .. [1] S. Gupta and D. R. Lehmann, "Customers as Assets", *Journal of Interactive
       Marketing* 17(1), 2003: the retention-weighted, discounted margin multiple.

    Examples
    --------
    >>> discounted_survival_sum([0.0, 0.5, 1.0], 0.0, 0.0, 3)
    array([1.  , 1.75, 3.  ])
    """
    q = np.asarray(retention, dtype=np.float64) * ((1.0 + growth_rate) / (1.0 + discount_rate))
    out = np.full(q.shape, float(repetitions))
    out[q == 0.0] = 1.0
    other = (q != 0.0) & (q != 1.0)
    log_q = np.log(q[other])
    out[other] = np.expm1(repetitions * log_q) / np.expm1(log_q)
    result: FloatArray = out
    return result


def batna_npv(
    batna_per_period: float,
    discount_rate: float,
    growth_rate: float = 0.0,
    repetitions: int = 100,
) -> float:
    r"""Compute the NPV of a party's best one-off alternative, taken every period.

    Parameters
    ----------
    batna_per_period
        The party's BATNA per period (from the relationship section).
    discount_rate, growth_rate
        Per repetition, as in the projection.
    repetitions
        ``N``: the alternative is taken for as many periods as the relationship is projected.

    Returns
    -------
    float
        ``batna · Σ_{t<N} ((1+g)/(1+d))^t``.

    Raises
    ------
    CaseError
        When an input is out of range (the path names the argument).

    Notes
    -----
    .. math:: BATNA_{NPV} = B \sum_{t=0}^{N-1} \left(\frac{1+g}{1+d}\right)^t

    The alternative is certain (no survival): it is there to be taken every period, so it is
    the relationship's NPV with retention 1 (:func:`closed_form_npv`). It puts the per-period
    BATNA on the same footing as the NPVs, COLR and BATR, so that a per-period figure is never
    compared with an NPV. It tends to :math:`B (1+d)/(d-g)` as ``N`` grows when ``g < d``.

    References
    ----------
    .. [1] R. Fisher, W. Ury and B. Patton, *Getting to Yes*, 2nd ed., Penguin, 1991: the BATNA.
    .. [2] C. H. Green, "Trust-based negotiation": compare the relationship (COLR) with the
       BATNA and the best alternative relationship (BATR), like with like.

    Examples
    --------
    >>> batna_npv(1000, 0.25, repetitions=3)  # 1,000 · (1 + 0.8 + 0.64)
    2440.0
    >>> round(batna_npv(1000, 0.10, repetitions=1000), 6)  # 1,000 · 1.1 / 0.1
    11000.0
    """
    return closed_form_npv(batna_per_period, 1.0, discount_rate, growth_rate, repetitions)


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
        The seller's share of the gain over both BATNAs at that price; None when there is no
        joint gain.
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
class SellerOptimal:
    """The price of the ZOPA that pays the seller most over the relationship.

    Attributes
    ----------
    price_per_unit
        The seller-optimal pocket price per unit.
    seller_share
        The seller's share of the gain over both BATNAs at that price; None when there is no
        joint gain.
    retention
        The chance of each further repetition at that price.
    seller_npv, customer_npv
        Both parties' NPVs of the relationship at that price.
    """

    price_per_unit: float
    seller_share: float | None
    retention: float
    seller_npv: float
    customer_npv: float


@dataclass(frozen=True, slots=True)
class ProjectionResult:
    """The projection of the relationship at the case's price, and what other prices would do.

    Attributes
    ----------
    repetitions
        ``N``.
    pocket_price_per_unit, seller_share, retention
        At the case's price (or the price asked for).
    seller, customer
        Each party's projection at that price.
    seller_npv, customer_npv, seller_colr, customer_colr
        From those projections; the COLR is the NPV of repetitions ``t >= 1``.
    seller_batna_per_period, customer_batna_per_period
        Each party's best one-off alternative, per period (from the relationship section).
    seller_batna_npv, customer_batna_npv
        The same alternative taken every period for ``N`` periods, as an NPV
        (:func:`batna_npv`): the figure to set beside an NPV, never the per-period one.
    seller_batr_npv, customer_batr_npv
        The NPV of each party's best alternative relationship, to set beside its NPV.
    seller_colr_net, customer_colr_net
        ``colr - batr_npv``: what losing *this* relationship costs beyond moving to the best
        other one.
    scenarios
        ``scenarios.trust`` and ``scenarios.cpt``.
    crossover_repetition
        The first repetition at which the trust deal's cumulative seller value exceeds the
        CPT deal's; None if it never does.
    seller_optimal
        The price of the ZOPA that maximizes the seller's NPV under the case's assumptions,
        with its share, retention and both NPVs (:func:`seller_optimal_price`); None when no
        ZOPA exists.
    break_even_loyalty
        The smallest drop ``retention_fair - retention_one_sided`` at which no price above
        the fair one pays the seller more (:func:`break_even_loyalty`); None when no ZOPA
        exists or no drop is large enough.
    break_even_retention_one_sided
        ``retention_fair - break_even_loyalty``: squeezing pays under these assumptions only
        if a one-sided deal keeps the customer at least this often (None with the above).
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
    seller_batna_npv: float
    customer_batna_npv: float
    seller_batr_npv: float
    customer_batr_npv: float
    seller_colr_net: float
    customer_colr_net: float
    scenarios: Scenarios
    crossover_repetition: int | None
    seller_optimal: SellerOptimal | None
    break_even_loyalty: float | None
    break_even_retention_one_sided: float | None


def _price(economics: Economics, pocket_price_per_unit: float | None) -> float:
    if pocket_price_per_unit is None:
        return waterfall_pocket_price(economics)
    if not math.isfinite(pocket_price_per_unit):
        raise CaseError.at("pocket_price_per_unit", "The price to project must be finite.")
    return float(pocket_price_per_unit)


def price_scenario(
    economics: Economics,
    value: Value,
    relationship: Relationship | None = None,
    *,
    pocket_price_per_unit: float | None = None,
    name: Literal["case", "trust", "cpt"] = "case",
) -> Scenario:
    r"""Project both parties' value of the relationship at one price.

    Parameters
    ----------
    economics, value
        The case's economics and value sections.
    relationship
        Repetitions, rates, retentions and BATNAs; None uses the model's defaults.
    pocket_price_per_unit
        The price to project; the waterfall's pocket price when None.
    name
        The scenario's name on the result.

    Returns
    -------
    Scenario

    Raises
    ------
    CaseError
        When ``pocket_price_per_unit`` is not finite.

    Notes
    -----
    With :math:`E` the evidence-weighted EVE and :math:`B_S, B_C` the BATNAs per period:

    .. math::

        \pi_S = V (P - c_v) - F, \quad \pi_C = V (E - P) - C, \quad
        s = \frac{\pi_S - B_S}{\pi_S - B_S + \pi_C - B_C}, \quad p = p(s)

    and each party's projection is :func:`project_value` of its value per period at the
    retention :math:`p` (:func:`retention_from_share`), the same for both parties since a
    relationship ends for both at once.

    References
    ----------
    .. [1] S. Gupta and D. R. Lehmann, "Customers as Assets", *Journal of Interactive
       Marketing* 17(1), 2003.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Economics, Reference, Value
    >>> econ = Economics(volume_per_period=10, list_price_per_unit=100,
    ...                  variable_cost_per_unit=60)
    >>> value = Value(reference=Reference(name="r", price_per_unit=140))
    >>> s = price_scenario(econ, value, pocket_price_per_unit=100)
    >>> s.seller_share, s.retention
    (0.5, 0.95)
    """
    rel = relationship if relationship is not None else Relationship()
    price = _price(economics, pocket_price_per_unit)
    profit = seller_profit_per_period(economics, pocket_price_per_unit=price)
    benefit = customer_net_benefit_per_period(
        economics, eve_expected_per_unit(value), pocket_price_per_unit=price
    )
    seller_gain = profit - rel.seller_batna_per_period
    share = seller_share(seller_gain, seller_gain + benefit - rel.customer_batna_per_period)
    p = retention_from_share(
        share, economics.fair_share, rel.retention_fair, rel.retention_one_sided
    )
    rates = (rel.discount_rate, rel.growth_rate, rel.repetitions)
    seller = project_value(profit, p, *rates, one_time_cost=economics.seller_one_time_cost)
    customer = project_value(benefit, p, *rates, one_time_cost=economics.customer_one_time_cost)
    return Scenario(name, price, share, p, seller, customer, seller.npv, customer.npv)


# --------------------------------------------------------------------------- what squeezing pays


@dataclass(frozen=True, slots=True)
class _Deal:
    """The price-free terms of a case, to value many prices at once."""

    economics: Economics
    expected_eve: float
    relationship: Relationship
    zone: Zopa
    fair_price: float
    joint_gain: float

    @classmethod
    def of(cls, economics: Economics, value: Value, relationship: Relationship) -> _Deal:
        expected = eve_expected_per_unit(value)
        zone = zopa(economics, expected, relationship)
        return cls(
            economics,
            expected,
            relationship,
            zone,
            fair_price_per_unit(zone, economics.fair_share),
            joint_gain_per_period(economics, expected, relationship),
        )

    def per_period(self, prices: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Seller profits, customer net benefits and seller shares (NaN if undefined)."""
        e, rel = self.economics, self.relationship
        profit = e.volume_per_period * (prices - e.variable_cost_per_unit) - e.fixed_cost_per_period
        benefit = e.volume_per_period * (self.expected_eve - prices) - e.customer_cost_per_period
        if self.joint_gain > 0:
            share = (profit - rel.seller_batna_per_period) / self.joint_gain
        else:
            share = np.full(prices.shape, np.nan)
        return profit, benefit, share

    def value(
        self, prices: FloatArray, retention_one_sided: float
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Seller NPVs, customer NPVs, seller shares (NaN if undefined) and retentions."""
        e, rel = self.economics, self.relationship
        profit, benefit, share = self.per_period(prices)
        p = retention_from_shares(share, e.fair_share, rel.retention_fair, retention_one_sided)
        weight = discounted_survival_sum(p, rel.discount_rate, rel.growth_rate, rel.repetitions)
        seller = profit * weight - e.seller_one_time_cost
        customer = benefit * weight - e.customer_one_time_cost
        return seller, customer, share, p


def npvs_by_price(
    economics: Economics,
    value: Value,
    relationship: Relationship | None,
    prices: ArrayLike,
) -> tuple[FloatArray, FloatArray]:
    r"""Both parties' NPVs of the relationship at many prices at once.

    Parameters
    ----------
    economics, value
        The case's economics and value sections.
    relationship
        Repetitions, rates, retentions and BATNAs; None uses the model's defaults.
    prices
        Pocket prices per unit.

    Returns
    -------
    tuple of numpy.ndarray
        ``(seller_npv, customer_npv)``, one per price.

    Notes
    -----
    At each price :math:`P`, as :func:`price_scenario` computes it for one price: the seller's
    share of the gain over both BATNAs :math:`s(P)`, the retention it earns
    :math:`p(s)` (:func:`retention_from_shares`), and each party's per-period value times
    :math:`\sum_{t<N} (p k)^t` with :math:`k = (1+g)/(1+d)`
    (:func:`discounted_survival_sum`), less its one-time cost. One vectorized pass, so a page
    can draw both NPVs across the whole zone of agreement on every keystroke.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> case = load_pumpco_acme_foods()
    >>> one = price_scenario(case.economics, case.value, case.relationship,
    ...                      pocket_price_per_unit=11_000.0)
    >>> seller, customer = npvs_by_price(case.economics, case.value, case.relationship,
    ...                                  [11_000.0, 12_000.0])
    >>> bool(np.isclose(seller[0], one.seller_npv)), bool(np.isclose(customer[0], one.customer_npv))
    (True, True)
    """
    rel = relationship if relationship is not None else Relationship()
    deal = _Deal.of(economics, value, rel)
    seller, customer, _, _ = deal.value(
        np.asarray(prices, dtype=np.float64), rel.retention_one_sided
    )
    return seller, customer


def _first_best(npv: FloatArray, tolerance: float) -> int:
    """Index of the lowest price whose NPV is within ``tolerance`` of the highest."""
    return int(np.flatnonzero(npv >= npv.max() - tolerance)[0])


def _seller_optimum(deal: _Deal, retention_one_sided: float, lowest: float) -> SellerOptimal:
    """Search ``[lowest, ceiling]`` on a grid (the fair price included), then zoom in.

    :class:`_SqueezeProbe` repeats these steps for many loyalty drops at once: change both.
    """
    highest = max(lowest, deal.zone.ceiling_per_unit)
    grid = np.unique(
        np.append(
            np.linspace(lowest, highest, SELLER_OPTIMAL_GRID),
            min(max(deal.fair_price, lowest), highest),
        )
    )
    npv = deal.value(grid, retention_one_sided)[0]
    tolerance = _NPV_TOLERANCE * max(1.0, float(np.max(np.abs(npv))))
    j = _first_best(npv, tolerance)
    price, best = float(grid[j]), float(npv[j])
    step = (highest - lowest) / (SELLER_OPTIMAL_GRID - 1)
    for _ in range(_REFINE_ROUNDS):
        if step <= 1e-15 * max(1.0, abs(price)):
            break
        local = np.linspace(max(lowest, price - step), min(highest, price + step), _REFINE_PRICES)
        around = deal.value(local, retention_one_sided)[0]
        i = _first_best(around, tolerance)
        if around[i] > best + tolerance:
            price, best = float(local[i]), float(around[i])
        step = 2.0 * step / (_REFINE_PRICES - 1)
    seller, customer, share, p = deal.value(np.array([price]), retention_one_sided)
    return SellerOptimal(
        price_per_unit=price,
        seller_share=None if math.isnan(share[0]) else float(share[0]),
        retention=float(p[0]),
        seller_npv=float(seller[0]),
        customer_npv=float(customer[0]),
    )


def seller_optimal_price(
    economics: Economics, value: Value, relationship: Relationship | None = None
) -> SellerOptimal | None:
    r"""Find the price of the ZOPA that maximizes the seller's NPV under the case's assumptions.

    Parameters
    ----------
    economics, value
        The case's economics and value sections.
    relationship
        Repetitions, rates, retentions and BATNAs; None uses the model's defaults.

    Returns
    -------
    SellerOptimal or None
        The price, the seller's share and the retention there, and both parties' NPVs; None
        when no ZOPA exists (no price is acceptable to both).

    Notes
    -----
    The seller's NPV at a price :math:`P` of :math:`[floor, ceiling]` is

    .. math::

        NPV_S(P) = \pi_S(P)\, A(p(s(P))) - c_S, \qquad s(P) = \frac{P - floor}{ceiling - floor}

    with :math:`A` from :func:`discounted_survival_sum` and :math:`p(s)` from
    :func:`retention_from_share`: a higher price earns more per repetition but, past the
    fair price, shortens the relationship. It is evaluated on a grid of
    :data:`SELLER_OPTIMAL_GRID` prices from floor to ceiling plus the fair price (one NumPy
    pass), then refined around the best by finer local grids, each 1/50 of the last spacing,
    until the spacing is below rounding. NPVs within :math:`10^{-12}` of the largest tie, and
    ties go to the lowest price, so a flat stretch never pushes the answer up.

    References
    ----------
    .. [1] C. H. Green, "Trust-based negotiation": weigh squeezing this deal against the
       value of the relationship, openly.
    .. [2] S. Gupta and D. R. Lehmann, "Customers as Assets", *Journal of Interactive
       Marketing* 17(1), 2003: the value of a retained customer.

    Examples
    --------
    Even split, 10 units, floor 60 and ceiling 140: with a loyal one-sided customer
    (retention 0.9 either way) squeezing to the ceiling pays; with retention 0.9 for a fair
    deal and 0.3 for a one-sided one, the fair price of 100 pays the seller most.

    >>> from negotiation_lib.domain.case import Economics, Reference, Relationship, Value
    >>> econ = Economics(volume_per_period=10, list_price_per_unit=100,
    ...                  variable_cost_per_unit=60)
    >>> value = Value(reference=Reference(name="r", price_per_unit=140))
    >>> seller_optimal_price(econ, value, Relationship(retention_fair=0.9,
    ...                      retention_one_sided=0.9)).price_per_unit
    140.0
    >>> seller_optimal_price(econ, value, Relationship(retention_fair=0.9,
    ...                      retention_one_sided=0.3)).price_per_unit
    100.0
    """
    rel = relationship if relationship is not None else Relationship()
    deal = _Deal.of(economics, value, rel)
    if not deal.zone.exists:
        return None
    return _seller_optimum(deal, rel.retention_one_sided, deal.zone.floor_per_unit)


@dataclass(frozen=True, slots=True)
class _SqueezeProbe:
    """The prices the seller-optimal search from the fair price tries, valued for many drops.

    :func:`_seller_optimum` on ``[fair, ceiling]`` returns a price above the fair one exactly
    when (a) its grid's best NPV beats the fair price's by more than the tolerance, or (b) a
    refinement round around the fair price finds a price whose NPV does. While the fair price
    stays best, every round is centred on it, so the prices tried do not depend on the
    loyalty drop: they are fixed here once, and each drop only changes the retentions.
    """

    deal: _Deal
    profit: FloatArray
    one_sided: FloatArray
    grid: int
    rounds: int

    @classmethod
    def of(cls, deal: _Deal) -> _SqueezeProbe:
        # Mirrors _seller_optimum(deal, ., lowest=fair) step by step while price == fair.
        lowest = deal.fair_price
        highest = max(lowest, deal.zone.ceiling_per_unit)
        grid = np.unique(
            np.append(
                np.linspace(lowest, highest, SELLER_OPTIMAL_GRID),
                min(max(deal.fair_price, lowest), highest),
            )
        )
        parts = [grid]
        step = (highest - lowest) / (SELLER_OPTIMAL_GRID - 1)
        for _ in range(_REFINE_ROUNDS):
            if step <= 1e-15 * max(1.0, abs(lowest)):
                break
            parts.append(
                np.linspace(max(lowest, lowest - step), min(highest, lowest + step), _REFINE_PRICES)
            )
            step = 2.0 * step / (_REFINE_PRICES - 1)
        profit, _, share = deal.per_period(np.concatenate(parts))
        weight = _one_sided_weight(share, deal.economics.fair_share)
        return cls(deal, profit, weight, grid.size, len(parts) - 1)

    def npvs(self, drops: FloatArray) -> tuple[FloatArray, FloatArray]:
        """The seller's NPVs, one row per drop, and their terms before the one-time cost."""
        e, rel = self.deal.economics, self.deal.relationship
        p_fair = rel.retention_fair
        one_sided = np.maximum(0.0, p_fair - drops)
        p = p_fair + self.one_sided[np.newaxis, :] * (one_sided - p_fair)[:, np.newaxis]
        weight = discounted_survival_sum(p, rel.discount_rate, rel.growth_rate, rel.repetitions)
        value = self.profit * weight
        return value - e.seller_one_time_cost, value

    def margins(self, drops: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Per drop: by how many tolerances squeezing beats the fair price (> 0: it pays).

        Also, per drop, the best gain of a price over the fair one on the grid and in the
        rounds, and the size of the largest grid NPV: what :class:`_Evidence` learns from.

        The same arithmetic as :meth:`_Deal.value` and :func:`_seller_optimum`, one row per
        drop, so the sign of the first is exactly the one-drop search's answer.
        """
        npv = self.npvs(drops)[0]
        grid = npv[:, : self.grid]
        fair = grid[:, 0]
        size = np.max(np.abs(grid), axis=1)
        tolerance = _NPV_TOLERANCE * np.maximum(1.0, size)
        # (a): the first best grid price is above the fair one.
        margin = (np.max(grid, axis=1) - tolerance) - fair
        gains = (np.max(grid, axis=1) - fair, np.full(drops.shape, -np.inf))
        if self.rounds > 0:
            # (b): in some round, the lowest price within the tolerance of the round's best
            # beats the fair one; all rounds at once, one row of prices per round.
            around = npv[:, self.grid :].reshape(drops.size, self.rounds, _REFINE_PRICES)
            cut = (np.max(around, axis=2) - tolerance[:, np.newaxis])[:, :, np.newaxis]
            pick = np.argmax(around >= cut, axis=2)[:, :, np.newaxis]
            first = np.max(np.take_along_axis(around, pick, 2)[:, :, 0], axis=1)
            margin = np.maximum(margin, first - (fair + tolerance))
            gains = (gains[0], np.max(around, axis=(1, 2)) - fair)
        return margin / tolerance, *gains, size


@dataclass(slots=True)
class _Evidence:
    r"""Drops at which the one-drop search's answer is known without running it.

    ``pays_to``: squeezing pays at every drop up to it; ``stops_from``: it pays at no drop
    from it on. Proof, for a drop :math:`\delta` tried: with every profit at the prices tried
    non-negative, each price's NPV falls as the drop grows (its retention does, and
    :math:`A(p)` grows with :math:`p`) while the fair price's barely moves (its share is fair
    up to rounding; how far it moves over ``[0, p_fair]`` is counted as noise, with 1e-14 of
    the NPVs' terms for rounding). So below :math:`\delta` every price gains at least what it
    gains at :math:`\delta`, above it at most. The search leaves the fair price when a grid
    price gains more than the tolerance, or a round's best more than twice it; it stays when
    no price gains more than it. The tolerance, 1e-12 of the largest grid NPV's size, is
    below :math:`\delta` at most that at 0 or :math:`\delta`, and above :math:`\delta` at
    least the fair price's NPV's size less the noise.
    """

    pays_to: float
    stops_from: float
    noise: float
    size: float
    fair: float

    @classmethod
    def of(cls, probe: _SqueezeProbe) -> _Evidence:
        p_fair = probe.deal.relationship.retention_fair
        npv, value = probe.npvs(np.array([0.0, p_fair]))
        noise = 1e-14 * (
            float(np.max(np.abs(value))) + abs(probe.deal.economics.seller_one_time_cost)
        )
        if bool(np.any(probe.profit < 0.0)):
            noise = math.inf  # an NPV may then rise with the drop: nothing is known
        noise += abs(float(npv[0, 0] - npv[1, 0]))
        return cls(0.0, p_fair, noise, float(np.max(np.abs(npv[0, : probe.grid]))), npv[0, 0])

    def learn(
        self, drops: FloatArray, grid_gain: FloatArray, round_gain: FloatArray, size: FloatArray
    ) -> None:
        """Widen what is known from the gains found at ``drops``."""
        most = _NPV_TOLERANCE * np.maximum(1.0, np.maximum(self.size, size))
        pays = (grid_gain > most + self.noise) | (round_gain > 2.0 * most + self.noise)
        least = _NPV_TOLERANCE * np.maximum(1.0, np.abs(self.fair) - self.noise)
        stops = np.maximum(grid_gain, round_gain) < least - self.noise
        if np.any(pays):
            self.pays_to = max(self.pays_to, float(np.max(drops[pays])))
        if np.any(stops):
            self.stops_from = min(self.stops_from, float(np.min(drops[stops])))


def _break_even(deal: _Deal) -> float | None:
    """The drop at which squeezing stops paying: exactly the one-drop bisection's answer.

    That bisection halves ``[0, p_fair]`` to within ``_DROP_TOLERANCE``, running the
    seller-optimal search at each midpoint (about 42 searches). Here, passes over many drops
    at once (:class:`_SqueezeProbe`) first narrow down where the answer can change: evenly
    spaced drops, and a ladder closing in on the closed-form estimate
    (:func:`break_even_loyalty_closed_form`), then ``_EVEN_DROPS`` more per pass. What they
    prove (:class:`_Evidence`) answers the bisection's midpoints outside a narrow band; only
    the dozen or so inside it are searched, one by one, so the result is the bisection's,
    bit for bit, rounding noise near the threshold included.
    """
    if not deal.zone.exists:
        return None
    probe = _SqueezeProbe.of(deal)
    rel = deal.relationship
    p_fair = rel.retention_fair
    drops = np.linspace(0.0, p_fair, _EVEN_DROPS + 2)
    estimate = break_even_loyalty_closed_form(
        deal.joint_gain,
        float(probe.profit[0]),
        p_fair,
        rel.discount_rate,
        rel.growth_rate,
        rel.repetitions,
    )
    if estimate is not None and 0.0 < estimate < p_fair:
        offsets = estimate * 10.0 ** -np.arange(1.0, _LADDER_STEPS + 1.0)
        ladder = estimate + np.concatenate(([0.0], offsets, -offsets))
        drops = np.unique(np.concatenate((drops, ladder[(ladder > 0.0) & (ladder < p_fair)])))
    margins, *gains = probe.margins(drops)
    if margins[0] <= 0:
        return 0.0
    if margins[-1] > 0:
        return None  # even a one-sided deal that never renews leaves squeezing ahead
    known = _Evidence.of(probe)
    while True:
        known.learn(drops, *gains)
        k = int(np.argmax(margins <= 0))
        low, high = float(drops[k - 1]), float(drops[k])
        if high - low <= _DROP_TOLERANCE or (low > known.pays_to and high < known.stops_from):
            break
        drops = low + (high - low) * np.arange(1.0, _EVEN_DROPS + 1.0) / (_EVEN_DROPS + 1.0)
        margins, *gains = probe.margins(drops)
        drops = np.concatenate(([low], drops, [high]))
        margins = np.concatenate(([1.0], margins, [-1.0]))
        gains = [np.concatenate(([np.nan], g, [np.nan])) for g in gains]  # known already
    # The bisection itself, searching only the midpoints the evidence does not answer.
    low, high = 0.0, p_fair
    while high - low > _DROP_TOLERANCE:
        mid = 0.5 * (low + high)
        if known.pays_to < mid < known.stops_from:
            pays = bool(probe.margins(np.array([mid]))[0][0] > 0)
        else:
            pays = mid <= known.pays_to
        if pays:
            low = mid
        else:
            high = mid
    return high


def break_even_loyalty(
    economics: Economics, value: Value, relationship: Relationship | None = None
) -> float | None:
    r"""Find the smallest loyalty drop at which squeezing no longer pays the seller.

    Parameters
    ----------
    economics, value
        The case's economics and value sections.
    relationship
        Repetitions, rates, retentions and BATNAs; None uses the model's defaults. Its
        ``retention_one_sided`` is ignored: it is what the search varies.

    Returns
    -------
    float or None
        The smallest drop :math:`\Delta = p_{fair} - p_{one}` at which no price above the
        fair one gives the seller a higher NPV; 0 when no price lies above the fair one
        (fair share 1). None when no ZOPA exists, or when squeezing pays even with
        ``retention_one_sided = 0``.

    Notes
    -----
    For a drop :math:`\Delta`, the seller-optimal search of :func:`seller_optimal_price` runs
    on ``[fair price, ceiling]`` with :math:`p_{one} = p_{fair} - \Delta`; squeezing pays when
    it returns a price above the fair one. A larger drop lowers the seller's NPV at every
    price above the fair one and leaves it unchanged at the fair price, so "squeezing pays"
    holds below some drop and fails above it, and bisection on :math:`\Delta \in [0,
    p_{fair}]` finds that drop to within :math:`10^{-12}`. When the seller's NPV has a single
    peak above the fair price, it agrees with :func:`break_even_loyalty_closed_form`.

    The bisection is done many drops at a time: one NumPy pass values the prices the search
    tries for several drops, the gains found prove at which of the bisection's midpoints
    squeezing pays and at which it does not, and only the dozen or so midpoints near the
    threshold, where that cannot be proven, are searched one by one. The result is the plain
    bisection's, to the last bit, in about a fifth of its time.

    The case's own drop compares with it in words: squeezing pays under these assumptions
    only if a one-sided deal keeps the customer at least :math:`p_{fair} - \Delta` of the
    time.

    References
    ----------
    .. [1] C. H. Green, "Trust-based negotiation": the tough deal wins the transaction, the
       fair one the relationship; say which, with numbers.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Economics, Reference, Relationship, Value
    >>> econ = Economics(volume_per_period=10, list_price_per_unit=100,
    ...                  variable_cost_per_unit=60)
    >>> value = Value(reference=Reference(name="r", price_per_unit=140))
    >>> rel = Relationship(retention_fair=0.9, discount_rate=0.1, repetitions=1000)
    >>> round(break_even_loyalty(econ, value, rel), 6)  # J (1 - q) / (2 pi* k), J = 2 pi*
    0.2
    """
    rel = relationship if relationship is not None else Relationship()
    return _break_even(_Deal.of(economics, value, rel))


def break_even_loyalty_closed_form(
    joint_gain_per_period: float,
    seller_profit_at_fair_price: float,
    retention_fair: float,
    discount_rate: float,
    growth_rate: float = 0.0,
    repetitions: int = 100,
) -> float | None:
    r"""Compute the loyalty drop at which the seller's NPV is flat just above the fair price.

    Parameters
    ----------
    joint_gain_per_period
        :math:`J`, both parties' gain over their BATNAs per period.
    seller_profit_at_fair_price
        :math:`\pi^*`, the seller's profit per period at the fair price.
    retention_fair
        :math:`p_{fair}`.
    discount_rate, growth_rate
        Per repetition.
    repetitions
        ``N``.

    Returns
    -------
    float or None
        :math:`\Delta`; None when it is undefined: no joint gain, no profit at the fair price,
        or a single repetition (no future to lose, so squeezing always pays).

    Notes
    -----
    Just above the fair price, :math:`s - s^* = (P - P_{fair}) / (ceiling - floor)` and
    :math:`J = V (ceiling - floor)`, so with :math:`x = P - P_{fair}`,
    :math:`NPV_S = (\pi^* + V x)\, A(p_{fair} - 2 \Delta x V / J)`. Its right-hand slope at
    :math:`x = 0` is zero when, with :math:`k = (1+g)/(1+d)` and :math:`q = k\,p_{fair}`,

    .. math::

        \Delta = \frac{J \sum_{t<N} q^t}{2\, \pi^* k \sum_{1 \le t < N} t\, q^{t-1}}
        \;\xrightarrow{N \to \infty}\; \frac{J (1 - q)}{2 \pi^* k}

    A larger drop makes the slope negative. This is the check on the bisection of
    :func:`break_even_loyalty`; the two agree whenever the seller's NPV has a single peak
    above the fair price. A value above :math:`p_{fair}` means no drop is large enough.

    References
    ----------
    .. [1] Derived from :func:`retention_from_share` and :func:`closed_form_npv`; the sums
       are the geometric series of S. Gupta and D. R. Lehmann, "Customers as Assets",
       *Journal of Interactive Marketing* 17(1), 2003.

    Examples
    --------
    Floor 60, ceiling 140, 10 units: :math:`J = 800`, :math:`\pi^* = 400` at the fair price
    of 100, so the long-run limit is :math:`800 (1 - 0.9/1.1) / (2 \cdot 400 / 1.1) = 0.2`.

    >>> round(break_even_loyalty_closed_form(800.0, 400.0, 0.9, 0.1, repetitions=1000), 6)
    0.2
    """
    if joint_gain_per_period <= 0 or seller_profit_at_fair_price <= 0 or repetitions < 2:
        return None
    k = (1.0 + growth_rate) / (1.0 + discount_rate)
    q = k * retention_fair
    t = np.arange(repetitions, dtype=np.float64)
    level = float(np.sum(q**t))
    slope = float(np.sum(t[1:] * q ** (t[1:] - 1.0)))
    return joint_gain_per_period * level * ONE_SIDED_GAP / (seller_profit_at_fair_price * k * slope)


# --------------------------------------------------------------------------- all at once


def project_relationship(
    economics: Economics,
    value: Value,
    relationship: Relationship | None = None,
    *,
    pocket_price_per_unit: float | None = None,
) -> ProjectionResult:
    r"""Project the relationship at the case's price, beside the fair, tough and best prices.

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
    price, with the evidence-weighted EVE (:func:`price_scenario`). The *trust* scenario
    prices at the fair price, which gives the seller exactly its fair share of the gain over
    both BATNAs and so keeps ``retention_fair``; the *CPT* scenario prices at
    ``relationship.cpt_price_per_unit`` or, when unset, the ZOPA ceiling. Beside them, per
    party, at the case's price:

    .. math::

        BATNA_{NPV} = B \sum_{t<N} k^t, \qquad COLR = \sum_{t=1}^{N-1} E_t, \qquad
        COLR_{net} = COLR - BATR

    with :math:`k = (1+g)/(1+d)`, and the seller-optimal price
    (:func:`seller_optimal_price`) and the break-even loyalty (:func:`break_even_loyalty`).

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
    ...     drivers=(Driver(name="Energy savings", value_per_unit=2500, confidence=1.0),))
    >>> r = project_relationship(econ, value, Relationship())
    >>> round(r.retention, 4), round(r.scenarios.trust.retention, 4)
    (0.6045, 0.95)
    >>> r.scenarios.trust.seller_npv > r.scenarios.cpt.seller_npv
    True
    >>> r.crossover_repetition  # fairness pays the seller more from the sixth deal on
    5
    >>> r.scenarios.trust.pocket_price_per_unit, r.seller_optimal.price_per_unit
    (10437.5, 10437.5)
    >>> round(r.break_even_loyalty, 4)  # the assumed drop, 0.95 - 0.6, is well above it
    0.13
    """
    rel = relationship if relationship is not None else Relationship()
    price = _price(economics, pocket_price_per_unit)
    deal = _Deal.of(economics, value, rel)
    zone = deal.zone
    tough = rel.cpt_price_per_unit if rel.cpt_price_per_unit is not None else zone.ceiling_per_unit
    case = price_scenario(economics, value, rel, pocket_price_per_unit=price)
    trust = price_scenario(
        economics, value, rel, pocket_price_per_unit=deal.fair_price, name="trust"
    )
    cpt = price_scenario(economics, value, rel, pocket_price_per_unit=tough, name="cpt")
    rates = (rel.discount_rate, rel.growth_rate, rel.repetitions)
    optimal = (
        _seller_optimum(deal, rel.retention_one_sided, zone.floor_per_unit) if zone.exists else None
    )
    drop = _break_even(deal)
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
        seller_batna_npv=batna_npv(rel.seller_batna_per_period, *rates),
        customer_batna_npv=batna_npv(rel.customer_batna_per_period, *rates),
        seller_batr_npv=rel.seller_batr_npv,
        customer_batr_npv=rel.customer_batr_npv,
        seller_colr_net=case.seller.colr - rel.seller_batr_npv,
        customer_colr_net=case.customer.colr - rel.customer_batr_npv,
        scenarios=Scenarios(trust=trust, cpt=cpt),
        crossover_repetition=crossover_repetition(
            trust.seller.cumulative_npv, cpt.seller.cumulative_npv
        ),
        seller_optimal=optimal,
        break_even_loyalty=drop,
        break_even_retention_one_sided=None if drop is None else rel.retention_fair - drop,
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
