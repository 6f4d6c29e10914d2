"""Monte Carlo simulation of the relationship: how sure can each party be of its NPV.

The deterministic projection uses each value driver at face value and the expected survival of
the relationship. Here both are drawn: every driver around its value, with a spread that grows
as the team's confidence in it falls, and the relationship's length path by path. Each path
runs the chain EVE -> customer net benefit -> value created -> seller share -> retention ->
length -> NPV, and the paths together give percentiles, the chance that each party does better
than its best alternative relationship (BATR), and bands for a fan chart.

Everything is vectorized over paths and repetitions (no Python loop per path or repetition)
and seeded with :func:`numpy.random.default_rng`, so the same seed gives the same result.
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
from negotiation_lib.domain.projection import growth_discount_factors, retention_from_shares

__all__ = [
    "BAND_PERCENTILES",
    "MonteCarloResult",
    "PartyDistribution",
    "case_monte_carlo",
    "draw_driver_values",
    "relationship_lengths",
    "simulate_relationship",
]

BAND_PERCENTILES = (10.0, 50.0, 90.0)
"""The percentiles reported for NPVs and drawn as the fan chart's bands."""

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _frozen(a: NDArray[np.float64]) -> FloatArray:
    a.flags.writeable = False
    return a


def draw_driver_values(value: Value, paths: int, rng: np.random.Generator) -> FloatArray:
    r"""Draw every value driver once per path, more widely the less sure the team is.

    Parameters
    ----------
    value
        The reference and the drivers, each with ``value_per_unit`` and ``confidence``.
    paths
        How many draws of each driver.
    rng
        The random generator (consumes ``paths * len(drivers)`` standard normals).

    Returns
    -------
    numpy.ndarray of float, shape (paths, drivers)

    Notes
    -----
    .. math:: v_i^{(k)} \sim \mathcal{N}\big(v_i,\ (|v_i| (1 - c_i))^2\big)

    A driver held with full confidence is drawn at its value; one held with confidence 0 has
    a standard deviation as large as the value itself, so a weakly supported claim can even
    turn out to be worth nothing or to count against the offer. The normal is symmetric, so
    each driver's mean stays at the value the team entered; the spread is the whole of the
    doubt.

    References
    ----------
    .. [1] Nagle and Holden, *The Strategy and Tactics of Pricing*: differentiation values are
       estimates, to be tested for how much they could be wrong.
    .. [2] D. W. Hubbard, *How to Measure Anything*, Wiley: calibrated ranges for uncertain
       estimates, fed into a Monte Carlo simulation.

    Examples
    --------
    >>> import numpy as np
    >>> from negotiation_lib.domain.case import Driver, Reference, Value
    >>> v = Value(reference=Reference(name="r", price_per_unit=100),
    ...           drivers=(Driver(name="sure", value_per_unit=40, confidence=1.0),
    ...                    Driver(name="unsure", value_per_unit=40, confidence=0.0)))
    >>> d = draw_driver_values(v, 4, np.random.default_rng(1))
    >>> d.shape, bool(np.all(d[:, 0] == 40)), bool(np.all(d[:, 1] != 40))
    ((4, 2), True, True)
    """
    centre = np.array([d.value_per_unit for d in value.drivers], dtype=np.float64)
    spread = np.abs(centre) * (1.0 - np.array([d.confidence for d in value.drivers]))
    out: FloatArray = centre + spread * rng.standard_normal((paths, centre.size))
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
    """One party's simulated NPVs.

    Attributes
    ----------
    npv
        One NPV per path.
    mean, std, standard_error
        Of the path NPVs; ``standard_error = std / sqrt(paths)``.
    p10, p50, p90
        Percentiles of the path NPVs.
    batr_npv
        The NPV of the party's best alternative relationship.
    probability_beats_batr
        The share of paths whose NPV is above ``batr_npv``.
    cumulative_p10, cumulative_p50, cumulative_p90
        Per repetition ``t``, the percentiles over paths of the cumulative NPV up to ``t``
        (one-time cost included): the bands of a fan chart.
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
class MonteCarloResult:
    """The simulation of the relationship at one price.

    Attributes
    ----------
    paths, repetitions, seed
        The simulation's size and seed.
    pocket_price_per_unit
        The price simulated.
    eve_per_unit
        The drawn EVE of each path.
    seller_share
        The seller's share of the value created on each path; NaN where none is created.
    retention
        Each path's retention.
    length
        Each path's number of repetitions ``L`` (``t = 0 ... L-1`` happen).
    seller, customer
        Each party's distribution.
    """

    paths: int
    repetitions: int
    seed: int
    pocket_price_per_unit: float
    eve_per_unit: FloatArray
    seller_share: FloatArray
    retention: FloatArray
    length: IntArray
    seller: PartyDistribution
    customer: PartyDistribution


def _percentiles_by_length(
    percentiles: tuple[float, ...], sorted_length: IntArray, weights: FloatArray
) -> FloatArray:
    """Percentiles over paths of ``W[min(t + 1, L)]`` for every t, shape (len(percentiles), N).

    ``W`` never decreases, so the paths sorted by length are also sorted by cumulative weight
    at every repetition: the order statistics come from one sort of the lengths, and the
    linear interpolation between them is numpy's default percentile method.
    """
    n = weights.size - 1
    h = np.asarray(percentiles) / 100.0 * (sorted_length.size - 1)
    lo = np.floor(h).astype(np.int64)
    hi = np.minimum(lo + 1, sorted_length.size - 1)
    t = np.arange(1, n + 1)[np.newaxis, :]
    below = weights[np.minimum(t, sorted_length[lo][:, np.newaxis])]
    above = weights[np.minimum(t, sorted_length[hi][:, np.newaxis])]
    out: FloatArray = below + (h - lo)[:, np.newaxis] * (above - below)
    return out


def _bands(
    per_period: FloatArray,
    cost: float,
    length: IntArray,
    sorted_length: IntArray,
    weights: FloatArray,
) -> FloatArray:
    """Percentiles over paths of the cumulative NPV at each repetition, shape (3, N)."""
    if np.all(per_period == per_period[0]):
        # The same value on every path: the percentiles of an increasing affine map are the
        # map of the percentiles; a decreasing one mirrors them (P10 <-> P90).
        v = float(per_period[0])
        q = BAND_PERCENTILES if v >= 0 else tuple(100.0 - x for x in BAND_PERCENTILES)
        out: FloatArray = v * _percentiles_by_length(q, sorted_length, weights) - cost
        return out
    n = weights.size - 1
    reached = weights[np.minimum(np.arange(1, n + 1)[:, np.newaxis], length[np.newaxis, :])]
    out = np.percentile(per_period[np.newaxis, :] * reached, BAND_PERCENTILES, axis=1) - cost
    return out


def _distribution(
    per_period: FloatArray,
    cost: float,
    batr: float,
    length: IntArray,
    sorted_length: IntArray,
    weights: FloatArray,
) -> PartyDistribution:
    npv = per_period * weights[length] - cost
    p10, p50, p90 = (float(x) for x in np.percentile(npv, BAND_PERCENTILES))
    std = float(npv.std(ddof=1)) if npv.size > 1 else 0.0
    bands = _bands(per_period, cost, length, sorted_length, weights)
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


def simulate_relationship(
    economics: Economics,
    value: Value,
    relationship: Relationship | None = None,
    *,
    paths: int = 10_000,
    seed: int = 0,
    pocket_price_per_unit: float | None = None,
) -> MonteCarloResult:
    r"""Simulate the relationship's NPV for both parties, path by path, all paths at once.

    Parameters
    ----------
    economics, value
        The case's economics and value sections.
    relationship
        Repetitions, rates, retentions and BATRs; None uses the model's defaults, as
        :func:`~negotiation_lib.domain.projection.project_relationship` does.
    paths
        Number of simulated relationships, at least 1.
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
    Per path ``k``: drivers are drawn (:func:`draw_driver_values`), giving

    .. math::

        EVE_k = P_{ref} + \sum_i v_i^{(k)}, \quad
        \pi_{C,k} = V (EVE_k - P) - C, \quad
        s_k = \frac{\pi_S}{\pi_S + \pi_{C,k}}, \quad
        p_k = p(s_k)

    then a length :math:`L_k` (:func:`relationship_lengths`) and, with the cumulative weights
    :math:`W_L = \sum_{t<L} ((1+g)/(1+d))^t`,

    .. math:: NPV_{S,k} = \pi_S W_{L_k} - c_S, \qquad NPV_{C,k} = \pi_{C,k} W_{L_k} - c_C

    Since :math:`P(L > t) = p^t`, the expected NPV given the drivers equals the deterministic
    projection's, so with every confidence at 1 the mean NPV converges to it.

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
    >>> mc.seller.npv.shape, mc.seller.cumulative_p50.shape
    ((2000,), (100,))
    >>> bool(mc.seller.p10 <= mc.seller.p50 <= mc.seller.p90)
    True
    >>> 0.0 <= mc.customer.probability_beats_batr <= 1.0
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
        else pocket_price_per_unit
    )
    rng = np.random.default_rng(seed)
    n = rel.repetitions

    eve = value.reference.price_per_unit + draw_driver_values(value, paths, rng).sum(axis=1)
    volume = economics.volume_per_period
    customer = volume * (eve - price) - economics.customer_cost_per_period
    seller_value = seller_profit_per_period(economics, pocket_price_per_unit=price)
    seller = np.full(paths, seller_value)
    created = seller + customer
    positive = created > 0
    share = np.divide(seller, created, out=np.full(paths, np.nan), where=positive)
    retention = retention_from_shares(
        share, economics.fair_share, rel.retention_fair, rel.retention_one_sided
    )
    length = relationship_lengths(retention, n, rng)

    # weights[L] is the discounted weight of the first L repetitions, so a path's NPV is its
    # value per repetition times weights[L], and its cumulative NPV at t uses min(t + 1, L).
    factors = growth_discount_factors(rel.discount_rate, rel.growth_rate, n)
    weights = np.concatenate(([0.0], np.cumsum(factors)))
    sorted_length = np.sort(length)

    length.flags.writeable = False
    return MonteCarloResult(
        paths=paths,
        repetitions=n,
        seed=seed,
        pocket_price_per_unit=float(price),
        eve_per_unit=_frozen(eve),
        seller_share=_frozen(share),
        retention=_frozen(retention),
        length=length,
        seller=_distribution(
            seller,
            economics.seller_one_time_cost,
            rel.seller_batr_npv,
            length,
            sorted_length,
            weights,
        ),
        customer=_distribution(
            customer,
            economics.customer_one_time_cost,
            rel.customer_batr_npv,
            length,
            sorted_length,
            weights,
        ),
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
