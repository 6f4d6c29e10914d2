"""Monte Carlo simulation of the relationship: how sure can each party be of its NPV.

Two sources of uncertainty are simulated and reported apart, because they answer different
questions:

* *value*: is the offer worth what the team claims? Each value driver is drawn around the
  share of its value the evidence supports, more widely the less sure the team is, and each
  draw runs the chain EVE -> customer net benefit -> seller share -> retention -> NPV with the
  relationship's survival taken in expectation. Its spread is the doubt about the value.
* *relationship length*: how long will this relationship last? At the evidence-weighted
  values, each path draws how many repetitions happen. Its spread is the luck of the
  relationship's length, which a better value case cannot remove.

Each view gives both parties' percentiles, the chance of beating their best alternative
relationship (BATR) and bands for a fan chart. Everything is vectorized over draws, paths and
repetitions (no Python loop per path or repetition) and seeded with
:func:`numpy.random.default_rng`, so the same seed gives the same result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from negotiation_lib.domain.case import Case, Economics, Relationship, Value
from negotiation_lib.domain.economics import economic_inputs, seller_profit_per_period
from negotiation_lib.domain.economics import pocket_price_per_unit as waterfall_pocket_price
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.projection import (
    growth_discount_factors,
    price_scenario,
    retention_from_shares,
)

__all__ = [
    "BAND_PERCENTILES",
    "BETA_CONCENTRATION",
    "MonteCarloResult",
    "PartyDistribution",
    "PartyUncertainty",
    "case_monte_carlo",
    "draw_driver_values",
    "relationship_lengths",
    "simulate_relationship",
]

BAND_PERCENTILES = (10.0, 50.0, 90.0)
"""The percentiles reported for NPVs and drawn as the fan chart's bands."""

BETA_CONCENTRATION = 4.0
r"""The concentration :math:`\kappa` of each driver's Beta draw: how tightly it sits at its mean."""

# The value view's cumulative curves are built this many repetitions at a time, so that a long
# horizon never holds a (repetitions x draws) array at once.
_BLOCK = 128

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _frozen(a: NDArray[np.float64]) -> FloatArray:
    a.flags.writeable = False
    return a


def draw_driver_values(value: Value, paths: int, rng: np.random.Generator) -> FloatArray:
    r"""Draw each value driver's realized value once per draw, around what the evidence supports.

    Parameters
    ----------
    value
        The reference and the drivers, each with ``value_per_unit`` and ``confidence``.
    paths
        How many draws of each driver.
    rng
        The random generator (consumes ``paths * len(drivers)`` Beta draws, whatever the
        confidences).

    Returns
    -------
    numpy.ndarray of float, shape (paths, drivers)
        :math:`v_i B_i` per draw and driver.

    Notes
    -----
    .. math::

        v_i^{(k)} = v_i B_i^{(k)}, \qquad
        B_i \sim \mathrm{Beta}(\kappa c_i, \kappa (1 - c_i)), \quad \kappa = 4

    with :math:`B_i = c_i` exactly when :math:`c_i` is 0 or 1. The share of the claim that
    turns out real has mean :math:`c_i` and variance :math:`c_i (1 - c_i) / (\kappa + 1)`, so
    the mean EVE is the evidence-weighted EVE :math:`P_{ref} + \sum_i c_i v_i` (the one the
    deterministic model prices off), and a claim is most uncertain at confidence 0.5. A claim
    is never worth more than claimed, nor does it change sign.

    References
    ----------
    .. [1] Nagle and Holden, *The Strategy and Tactics of Pricing*: differentiation values are
       estimates, to be tested for how much they could be wrong.
    .. [2] D. Vose, *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley, 2008: the Beta
       distribution for an uncertain fraction, parametrized by its mean and a concentration.

    Examples
    --------
    >>> import numpy as np
    >>> from negotiation_lib.domain.case import Driver, Reference, Value
    >>> v = Value(reference=Reference(name="r", price_per_unit=100),
    ...           drivers=(Driver(name="sure", value_per_unit=40, confidence=1.0),
    ...                    Driver(name="none", value_per_unit=40, confidence=0.0),
    ...                    Driver(name="half", value_per_unit=40, confidence=0.5)))
    >>> d = draw_driver_values(v, 4, np.random.default_rng(1))
    >>> d.shape, bool(np.all(d[:, 0] == 40)), bool(np.all(d[:, 1] == 0))
    ((4, 3), True, True)
    >>> bool(np.all((d[:, 2] > 0) & (d[:, 2] < 40)))
    True
    """
    centre = np.array([d.value_per_unit for d in value.drivers], dtype=np.float64)
    confidence = np.array([d.confidence for d in value.drivers], dtype=np.float64)
    open_ = (confidence > 0.0) & (confidence < 1.0)
    # Degenerate drivers draw from Beta(1, 1) and are overwritten, so that the stream consumed
    # never depends on the confidences.
    a = np.where(open_, BETA_CONCENTRATION * confidence, 1.0)
    b = np.where(open_, BETA_CONCENTRATION * (1.0 - confidence), 1.0)
    share = np.where(open_, rng.beta(a, b, size=(paths, centre.size)), confidence)
    out: FloatArray = centre * share
    return out


def relationship_lengths(
    retention: ArrayLike, repetitions: int, rng: np.random.Generator
) -> IntArray:
    r"""Draw how many repetitions each path's relationship lasts.

    Parameters
    ----------
    retention
        The chance of each further repetition, one per path, in [0, 1].
    repetitions
        ``N``, the cap.
    rng
        The random generator (consumes one geometric draw per path).

    Returns
    -------
    numpy.ndarray of int, same shape as ``retention``
        ``L`` in ``1 ... N``: repetitions ``t = 0 ... L-1`` happen.

    Notes
    -----
    Repetition 0 (this deal) always happens; each later one happens with probability ``p``
    if the previous one did, so :math:`P(L > t) = p^t = S_t` and

    .. math:: L = \min(G, N), \qquad G \sim \mathrm{Geometric}(1 - p),\ G \ge 1

    (``G`` counts trials up to the first end). With ``p = 1`` the relationship never ends and
    ``L = N``.

    References
    ----------
    .. [1] W. Feller, *An Introduction to Probability Theory and Its Applications*, vol. 1,
       Wiley: the geometric distribution of the waiting time for the first failure.
    .. [2] Gupta and Lehmann (2003): a customer retained with probability ``r`` each period.

    Examples
    --------
    >>> import numpy as np
    >>> relationship_lengths([0.0, 1.0], 100, np.random.default_rng(0))
    array([  1, 100])
    """
    p = np.asarray(retention, dtype=np.float64)
    end = 1.0 - p
    drawn = rng.geometric(np.where(end > 0.0, end, 1.0))
    out: IntArray = np.where(end > 0.0, np.minimum(drawn, repetitions), repetitions).astype(
        np.int64
    )
    return out


@dataclass(frozen=True, slots=True)
class PartyDistribution:
    """One party's simulated NPVs under one source of uncertainty.

    Attributes
    ----------
    npv
        One NPV per draw (value uncertainty) or per path (length uncertainty).
    mean, std, standard_error
        Of those NPVs; ``standard_error = std / sqrt(paths)``.
    p10, p50, p90
        Percentiles of those NPVs.
    batr_npv
        The NPV of the party's best alternative relationship.
    probability_beats_batr
        The share of draws or paths whose NPV is above ``batr_npv``.
    cumulative_p10, cumulative_p50, cumulative_p90
        Per repetition ``t``, the percentiles over draws or paths of the cumulative NPV up to
        ``t`` (one-time cost included): the bands of a fan chart.
    """

    npv: FloatArray
    mean: float
    std: float
    standard_error: float
    p10: float
    p50: float
    p90: float
    batr_npv: float
    probability_beats_batr: float
    cumulative_p10: FloatArray
    cumulative_p50: FloatArray
    cumulative_p90: FloatArray


@dataclass(frozen=True, slots=True)
class PartyUncertainty:
    """One party's two views of uncertainty, reported apart.

    Attributes
    ----------
    batr_npv
        The NPV of the party's best alternative relationship.
    value_uncertainty
        The NPVs over value draws, survival in expectation: how much the doubt about the
        value claims moves the NPV.
    length_uncertainty
        The realized NPVs over relationship lengths, values at the evidence-weighted EVE: how
        much the luck of the relationship's length moves it.
    """

    batr_npv: float
    value_uncertainty: PartyDistribution
    length_uncertainty: PartyDistribution


@dataclass(frozen=True, slots=True)
class MonteCarloResult:
    """The simulation of the relationship at one price, two sources of uncertainty apart.

    Attributes
    ----------
    paths, repetitions, seed
        The simulation's size (value draws, and length paths) and seed.
    pocket_price_per_unit
        The price simulated.
    eve_per_unit
        The EVE of each value draw; its mean is the evidence-weighted EVE.
    seller_share
        The seller's share of the gain over both BATNAs on each value draw; NaN where there
        is no joint gain.
    retention
        Each value draw's retention.
    length_retention
        The retention of the length view: the deterministic one at the price.
    length
        Each length path's number of repetitions ``L`` (``t = 0 ... L-1`` happen).
    seller, customer
        Each party's two views (:class:`PartyUncertainty`).
    """

    paths: int
    repetitions: int
    seed: int
    pocket_price_per_unit: float
    eve_per_unit: FloatArray
    seller_share: FloatArray
    retention: FloatArray
    length_retention: float
    length: IntArray
    seller: PartyUncertainty
    customer: PartyUncertainty


def _band_percentiles(per_period: float) -> tuple[float, ...]:
    """The percentiles to read for the bands of ``per_period`` times an increasing curve.

    The percentiles of an increasing affine map are the map of the percentiles; a decreasing
    one mirrors them (P10 <-> P90).
    """
    return BAND_PERCENTILES if per_period >= 0 else tuple(100.0 - x for x in BAND_PERCENTILES)


def _order_positions(
    percentiles: tuple[float, ...], size: int
) -> tuple[IntArray, IntArray, FloatArray]:
    """Where numpy's default (linear) percentiles fall among ``size`` sorted values.

    Returns the positions of the order statistics below and above each percentile, and the
    fraction of the way from the one to the other.

    Examples
    --------
    >>> lo, hi, frac = _order_positions((10.0, 50.0, 90.0), 11)
    >>> lo.tolist(), hi.tolist(), frac.round(12).tolist()
    ([1, 5, 9], [2, 6, 10], [0.0, 0.0, 0.0])
    """
    h = np.asarray(percentiles) / 100.0 * (size - 1)
    lo = np.floor(h).astype(np.int64)
    return lo, np.minimum(lo + 1, size - 1), h - lo


def _percentiles_by_length(
    percentiles: tuple[float, ...], sorted_length: IntArray, weights: FloatArray
) -> FloatArray:
    """Percentiles over paths of ``W[min(t + 1, L)]`` for every t, shape (len(percentiles), N).

    ``W`` never decreases, so the paths sorted by length are also sorted by cumulative weight
    at every repetition: the order statistics come from one sort of the lengths, and the
    linear interpolation between them is numpy's default percentile method.
    """
    n = weights.size - 1
    lo, hi, frac = _order_positions(percentiles, sorted_length.size)
    t = np.arange(1, n + 1)[np.newaxis, :]
    below = weights[np.minimum(t, sorted_length[lo][:, np.newaxis])]
    above = weights[np.minimum(t, sorted_length[hi][:, np.newaxis])]
    out: FloatArray = below + frac[:, np.newaxis] * (above - below)
    return out


def _distribution(npv: FloatArray, batr: float, bands: FloatArray) -> PartyDistribution:
    p10, p50, p90 = (float(x) for x in np.percentile(npv, BAND_PERCENTILES))
    std = float(npv.std(ddof=1)) if npv.size > 1 else 0.0
    return PartyDistribution(
        npv=_frozen(npv),
        mean=float(npv.mean()),
        std=std,
        standard_error=std / math.sqrt(npv.size),
        p10=p10,
        p50=p50,
        p90=p90,
        batr_npv=float(batr),
        probability_beats_batr=float(np.mean(npv > batr)),
        cumulative_p10=_frozen(bands[0].copy()),
        cumulative_p50=_frozen(bands[1].copy()),
        cumulative_p90=_frozen(bands[2].copy()),
    )


def _order_bands(
    cumulative: FloatArray, lo: IntArray, hi: IntArray, frac: FloatArray
) -> FloatArray:
    """Percentiles over draws of curves already ordered by draw: rows ``lo``/``hi`` interpolated.

    ``cumulative`` is (repetitions, draws); the result is (len(frac), repetitions).
    """
    below = cumulative[:, lo].T
    above = cumulative[:, hi].T
    out: FloatArray = below + frac[:, np.newaxis] * (above - below)
    return out


def _value_views(
    seller: float,
    customer: FloatArray,
    retention: FloatArray,
    factors: FloatArray,
    cost: tuple[float, float],
    batr: tuple[float, float],
) -> tuple[PartyDistribution, PartyDistribution]:
    r"""Both parties' NPVs and bands over value draws, each with its survival in expectation.

    The seller earns the same ``seller`` per repetition on every draw; the customer earns
    ``customer[k]`` on draw ``k``. Both share draw ``k``'s expected discounted weight
    :math:`W_k(t) = \sum_{s \le t} p_k^s \, k_g^s`, computed once for the two of them.

    :math:`W_k(t)` never decreases in the retention :math:`p_k` (every :math:`k_g^s > 0`), so
    the draws sorted by retention are sorted by :math:`W_k(t)` at every repetition: the
    seller's percentiles are read off the order statistics of one sort of the retentions
    (numpy's default, linear interpolation), mirrored when his value per repetition is
    negative, as for the length view. The customer's value varies by draw as well, so his
    bands are numpy's percentiles of :math:`\pi_{C,k} W_k(t) - c_C` at each repetition.
    """
    n = factors.size
    paths = retention.size
    lo, hi, frac = _order_positions(_band_percentiles(seller), paths)
    order = np.argsort(retention, kind="stable")
    lo_draw, hi_draw = order[lo], order[hi]
    seller_bands = np.empty((len(BAND_PERCENTILES), n))
    customer_bands = np.empty((len(BAND_PERCENTILES), n))
    reached = np.zeros(paths)
    for start in range(0, n, _BLOCK):
        stop = min(n, start + _BLOCK)
        t = np.arange(start, stop, dtype=np.float64)[:, np.newaxis]
        weight = retention[np.newaxis, :] ** t * factors[start:stop, np.newaxis]
        cumulative = reached + np.cumsum(weight, axis=0)
        reached = cumulative[-1]
        seller_bands[:, start:stop] = (
            seller * _order_bands(cumulative, lo_draw, hi_draw, frac) - cost[0]
        )
        customer_bands[:, start:stop] = np.percentile(
            customer * cumulative - cost[1], BAND_PERCENTILES, axis=1
        )
    return (
        _distribution(np.full(paths, seller) * reached - cost[0], batr[0], seller_bands),
        _distribution(customer * reached - cost[1], batr[1], customer_bands),
    )


def _length_view(
    per_period: float,
    cost: float,
    batr: float,
    length: IntArray,
    sorted_length: IntArray,
    weights: FloatArray,
) -> PartyDistribution:
    """Realized NPVs and bands over relationship lengths, at one value per period."""
    # The same value on every path: its bands are the value times the weights' percentiles.
    q = _band_percentiles(per_period)
    bands = per_period * _percentiles_by_length(q, sorted_length, weights) - cost
    return _distribution(per_period * weights[length] - cost, batr, bands)


def simulate_relationship(
    economics: Economics,
    value: Value,
    relationship: Relationship | None = None,
    *,
    paths: int = 10_000,
    seed: int = 0,
    pocket_price_per_unit: float | None = None,
) -> MonteCarloResult:
    r"""Simulate both parties' NPVs under value and under relationship-length uncertainty.

    Parameters
    ----------
    economics, value
        The case's economics and value sections.
    relationship
        Repetitions, rates, retentions, BATNAs and BATRs; None uses the model's defaults, as
        :func:`~negotiation_lib.domain.projection.project_relationship` does.
    paths
        Number of value draws, and of length paths; at least 1.
    seed
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same result.
    pocket_price_per_unit
        Simulate this price instead of the waterfall's pocket price.

    Returns
    -------
    MonteCarloResult

    Raises
    ------
    CaseError
        At ``paths`` when it is not a whole number of at least 1, at ``seed`` when it is not a
        whole number of at least 0, at ``pocket_price_per_unit`` when the price is not finite.

    Notes
    -----
    *Value uncertainty.* Per draw ``k`` the drivers are drawn (:func:`draw_driver_values`),
    giving, with :math:`k_g = (1+g)/(1+d)` and the BATNAs :math:`B_S, B_C`,

    .. math::

        EVE_k = P_{ref} + \sum_i v_i B_i^{(k)}, \quad
        \pi_{C,k} = V (EVE_k - P) - C, \quad
        s_k = \frac{\pi_S - B_S}{\pi_S - B_S + \pi_{C,k} - B_C}, \quad p_k = p(s_k)

    .. math::

        NPV_{S,k} = \pi_S \sum_{t<N} (p_k k_g)^t - c_S, \qquad
        NPV_{C,k} = \pi_{C,k} \sum_{t<N} (p_k k_g)^t - c_C

    Since :math:`E[EVE_k]` is the evidence-weighted EVE, the draws centre on the deterministic
    projection (exactly so when every confidence is 0 or 1).

    *Relationship length.* At the deterministic values and retention :math:`p` of the price
    (:func:`~negotiation_lib.domain.projection.price_scenario`), each path draws a length
    :math:`L` (:func:`relationship_lengths`) and, with :math:`W_L = \sum_{t<L} k_g^t`,

    .. math:: NPV_{S,j} = \pi_S W_{L_j} - c_S, \qquad NPV_{C,j} = \pi_C W_{L_j} - c_C

    Since :math:`P(L > t) = p^t`, the mean converges to the deterministic NPV.

    The value draws are taken from the generator first, then the lengths.

    References
    ----------
    .. [1] P. Glasserman, *Monte Carlo Methods in Financial Engineering*, Springer, 2003:
       estimators, standard errors and percentiles from simulated paths.
    .. [2] S. Gupta and D. R. Lehmann, "Customers as Assets", *Journal of Interactive
       Marketing* 17(1), 2003: retention as the chance of each further period.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Driver, Economics, Reference, Value
    >>> econ = Economics(volume_per_period=40, list_price_per_unit=10000,
    ...                  variable_cost_per_unit=7000, fixed_cost_per_period=60000,
    ...                  customer_cost_per_period=5000)
    >>> value = Value(reference=Reference(name="Competitor pump", price_per_unit=10000),
    ...     drivers=(Driver(name="Energy savings", value_per_unit=2500, confidence=0.8),))
    >>> mc = simulate_relationship(econ, value, paths=2000, seed=7)
    >>> by_value, by_length = mc.seller.value_uncertainty, mc.seller.length_uncertainty
    >>> by_value.npv.shape, by_length.cumulative_p50.shape
    ((2000,), (100,))
    >>> bool(by_length.p10 <= by_length.p50 <= by_length.p90)
    True
    >>> 0.0 <= mc.customer.value_uncertainty.probability_beats_batr <= 1.0
    True
    """
    if isinstance(paths, bool) or not isinstance(paths, int) or paths < 1:
        raise CaseError.at("paths", "Simulate at least one path (a whole number).")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise CaseError.at("seed", "The seed must be a whole number, zero or more.")
    if pocket_price_per_unit is not None and not math.isfinite(pocket_price_per_unit):
        raise CaseError.at("pocket_price_per_unit", "The price to simulate must be finite.")
    rel = relationship if relationship is not None else Relationship()
    price = (
        waterfall_pocket_price(economics)
        if pocket_price_per_unit is None
        else float(pocket_price_per_unit)
    )
    rng = np.random.default_rng(seed)
    n = rel.repetitions
    factors = growth_discount_factors(rel.discount_rate, rel.growth_rate, n)
    one_time = (economics.seller_one_time_cost, economics.customer_one_time_cost)
    batr = (rel.seller_batr_npv, rel.customer_batr_npv)

    # Value uncertainty: the drivers drawn, survival in expectation.
    eve = value.reference.price_per_unit + draw_driver_values(value, paths, rng).sum(axis=1)
    customer = economics.volume_per_period * (eve - price) - economics.customer_cost_per_period
    profit = seller_profit_per_period(economics, pocket_price_per_unit=price)
    seller_gain = profit - rel.seller_batna_per_period
    joint = seller_gain + customer - rel.customer_batna_per_period
    share = np.divide(seller_gain, joint, out=np.full(paths, np.nan), where=joint > 0)
    retention = retention_from_shares(
        share, economics.fair_share, rel.retention_fair, rel.retention_one_sided
    )
    by_value = _value_views(profit, customer, retention, factors, one_time, batr)

    # Relationship length: the evidence-weighted values, the length drawn per path.
    scenario = price_scenario(economics, value, rel, pocket_price_per_unit=price)
    length = relationship_lengths(np.full(paths, scenario.retention), n, rng)
    # weights[L] is the discounted weight of the first L repetitions, so a path's NPV is its
    # value per repetition times weights[L], and its cumulative NPV at t uses min(t + 1, L).
    weights = np.concatenate(([0.0], np.cumsum(factors)))
    sorted_length = np.sort(length)
    by_length = tuple(
        _length_view(party.per_period_value, cost, alternative, length, sorted_length, weights)
        for party, cost, alternative in zip(
            (scenario.seller, scenario.customer), one_time, batr, strict=True
        )
    )

    length.flags.writeable = False
    return MonteCarloResult(
        paths=paths,
        repetitions=n,
        seed=seed,
        pocket_price_per_unit=price,
        eve_per_unit=_frozen(eve),
        seller_share=_frozen(share),
        retention=_frozen(retention),
        length_retention=scenario.retention,
        length=length,
        seller=PartyUncertainty(float(batr[0]), by_value[0], by_length[0]),
        customer=PartyUncertainty(float(batr[1]), by_value[1], by_length[1]),
    )


def case_monte_carlo(
    case: Case,
    *,
    paths: int = 10_000,
    seed: int = 0,
    pocket_price_per_unit: float | None = None,
) -> MonteCarloResult:
    """Run :func:`simulate_relationship` on a whole case.

    Parameters
    ----------
    case
        The case; its economics and value sections are needed, its relationship is optional.
    paths, seed, pocket_price_per_unit
        See :func:`simulate_relationship`.

    Returns
    -------
    MonteCarloResult

    Raises
    ------
    CaseError
        At ``economics`` or ``value`` when that section is not filled in yet.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Case
    >>> try:
    ...     case_monte_carlo(Case(title="T", seller="S", customer="C"))
    ... except CaseError as err:
    ...     print(err.path)
    economics
    """
    economics, value, relationship = economic_inputs(case)
    return simulate_relationship(
        economics,
        value,
        relationship,
        paths=paths,
        seed=seed,
        pocket_price_per_unit=pocket_price_per_unit,
    )
