"""The Monte Carlo simulation, the naive way: one draw, one path, one repetition at a time.

A reference for the benchmarks, not product code, written from the design notes (DESIGN
section 3, revised) with the formulas of :mod:`benchmarks.loops_projection`. Two sources of
uncertainty, reported apart:

* *value*: each driver's realized value is ``v·B`` with ``B ~ Beta(4c, 4(1−c))`` (``B = c``
  when ``c`` is 0 or 1); per draw, the EVE, the customer's net benefit, the seller's share of
  the gain over both BATNAs, the retention, and each party's NPV with survival in expectation.
* *relationship length*: at the evidence-weighted values and the price's retention ``p``, each
  path lasts ``L = min(G, N)`` repetitions with ``G ~ Geometric(1 − p)``; its realized NPV is
  the value of the first ``L`` repetitions less the one-time cost.

Same random numbers as the product: one scalar ``beta`` call per draw and driver in that
order (a driver with confidence 0 or 1 still takes its draw, from ``Beta(1, 1)``, and uses
``c``), then one scalar ``geometric`` call per path, from :func:`numpy.random.default_rng`.
Percentiles interpolate linearly between order statistics, as numpy's default does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from benchmarks.loops_projection import Terms, close, pocket_price, retention
from negotiation_lib.domain.case import Case, Economics, Relationship, Value
from negotiation_lib.domain.economics import economic_inputs
from negotiation_lib.domain.montecarlo import MonteCarloResult, PartyDistribution, PartyUncertainty

__all__ = ["case_monte_carlo_loops", "monte_carlo_loops", "results_agree"]

PERCENTILES = (10.0, 50.0, 90.0)
CONCENTRATION = 4.0
"""DESIGN §3: κ of each driver's Beta draw."""


def _percentile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default method)."""
    pos = (len(ordered) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _distribution(npv: list[float], bands: list[list[float]], batr: float) -> PartyDistribution:
    n = len(npv)
    ordered = sorted(npv)
    mean = sum(npv) / n
    std = math.sqrt(sum((x - mean) ** 2 for x in npv) / (n - 1)) if n > 1 else 0.0
    beats = 0
    for x in npv:
        if x > batr:
            beats += 1
    p10, p50, p90 = (_percentile(ordered, q) for q in PERCENTILES)
    return PartyDistribution(
        npv=np.array(npv),
        mean=mean,
        std=std,
        standard_error=std / math.sqrt(n),
        p10=p10,
        p50=p50,
        p90=p90,
        batr_npv=float(batr),
        probability_beats_batr=beats / n,
        cumulative_p10=np.array(bands[0]),
        cumulative_p50=np.array(bands[1]),
        cumulative_p90=np.array(bands[2]),
    )


def _add_bands(bands: list[list[float]], column: list[float]) -> None:
    column.sort()
    for k, q in enumerate(PERCENTILES):
        bands[k].append(_percentile(column, q))


def monte_carlo_loops(
    economics: Economics,
    value: Value,
    relationship: Relationship | None = None,
    *,
    paths: int = 10_000,
    seed: int = 0,
    pocket_price_per_unit: float | None = None,
) -> MonteCarloResult:
    """:func:`~negotiation_lib.domain.montecarlo.simulate_relationship`, one path at a time."""
    rel = relationship if relationship is not None else Relationship()
    terms = Terms.of(economics, value, rel)
    e = economics
    price = pocket_price(e) if pocket_price_per_unit is None else float(pocket_price_per_unit)
    rng = np.random.default_rng(seed)
    n = rel.repetitions
    factors = [terms.ratio**t for t in range(n)]
    costs = (e.seller_one_time_cost, e.customer_one_time_cost)
    batr = (rel.seller_batr_npv, rel.customer_batr_npv)
    profit, _ = terms.per_period(price)

    # Value uncertainty: draws of the drivers, survival in expectation.
    eves: list[float] = []
    customers: list[float] = []
    shares: list[float] = []
    retentions: list[float] = []
    for _ in range(paths):
        total = 0.0
        for d in value.drivers:
            c = d.confidence
            open_ = 0.0 < c < 1.0
            drawn = float(
                rng.beta(CONCENTRATION * c, CONCENTRATION * (1.0 - c)) if open_ else rng.beta(1, 1)
            )
            total += d.value_per_unit * (drawn if open_ else c)
        eve = value.reference.price_per_unit + total
        customer = e.volume_per_period * (eve - price) - e.customer_cost_per_period
        seller_gain = profit - rel.seller_batna_per_period
        joint = seller_gain + customer - rel.customer_batna_per_period
        share = seller_gain / joint if joint > 0 else math.nan
        eves.append(eve)
        customers.append(customer)
        shares.append(share)
        retentions.append(
            retention(share, e.fair_share, rel.retention_fair, rel.retention_one_sided)
        )

    value_bands: tuple[list[list[float]], list[list[float]]] = ([[], [], []], [[], [], []])
    reached = [0.0] * paths
    for t in range(n):
        seller_column, customer_column = [], []
        for j in range(paths):
            reached[j] += retentions[j] ** t * factors[t]
            seller_column.append(profit * reached[j] - costs[0])
            customer_column.append(customers[j] * reached[j] - costs[1])
        _add_bands(value_bands[0], seller_column)
        _add_bands(value_bands[1], customer_column)
    by_value = (
        _distribution([profit * w - costs[0] for w in reached], value_bands[0], batr[0]),
        _distribution(
            [c * w - costs[1] for c, w in zip(customers, reached, strict=True)],
            value_bands[1],
            batr[1],
        ),
    )

    # Relationship length: the evidence-weighted values, a length drawn per path.
    per_period = terms.per_period(price)
    p = retention(
        terms.share(*per_period), e.fair_share, rel.retention_fair, rel.retention_one_sided
    )
    lengths: list[int] = []
    for _ in range(paths):
        end = 1.0 - p
        drawn = int(rng.geometric(end if end > 0.0 else 1.0))
        lengths.append(min(drawn, n) if end > 0.0 else n)
    # running[m]: the discounted weight of the first m repetitions.
    running = [0.0]
    for f in factors:
        running.append(running[-1] + f)
    by_length = []
    for party in (0, 1):
        bands: list[list[float]] = [[], [], []]
        for t in range(n):
            column = [
                per_period[party] * running[min(t + 1, length)] - costs[party] for length in lengths
            ]
            _add_bands(bands, column)
        npv = [per_period[party] * running[length] - costs[party] for length in lengths]
        by_length.append(_distribution(npv, bands, batr[party]))

    return MonteCarloResult(
        paths=paths,
        repetitions=n,
        seed=seed,
        pocket_price_per_unit=price,
        eve_per_unit=np.array(eves),
        seller_share=np.array(shares),
        retention=np.array(retentions),
        length_retention=p,
        length=np.array(lengths, dtype=np.int64),
        seller=PartyUncertainty(float(batr[0]), by_value[0], by_length[0]),
        customer=PartyUncertainty(float(batr[1]), by_value[1], by_length[1]),
    )


def case_monte_carlo_loops(
    case: Case,
    *,
    paths: int = 10_000,
    seed: int = 0,
    pocket_price_per_unit: float | None = None,
) -> MonteCarloResult:
    """:func:`monte_carlo_loops` on a whole case (like ``case_monte_carlo``)."""
    economics, value, relationship = economic_inputs(case)
    return monte_carlo_loops(
        economics,
        value,
        relationship,
        paths=paths,
        seed=seed,
        pocket_price_per_unit=pocket_price_per_unit,
    )


def _arrays_close(a: Any, b: Any) -> bool:
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.shape != y.shape:
        return False
    scale = float(np.nanmax(np.abs(x))) if x.size and not np.all(np.isnan(x)) else 1.0
    return all(close(p, q, scale) for p, q in zip(x.tolist(), y.tolist(), strict=True))


def results_agree(loop: MonteCarloResult, vectorized: MonteCarloResult) -> list[str]:
    """Where the loop and vectorized simulations differ (empty when they agree)."""
    problems = []
    if not np.array_equal(loop.length, vectorized.length):
        problems.append("relationship lengths")
    for name in ("eve_per_unit", "seller_share", "retention"):
        if not _arrays_close(getattr(loop, name), getattr(vectorized, name)):
            problems.append(name)
    if not close(loop.length_retention, vectorized.length_retention):
        problems.append("length_retention")
    for party in ("seller", "customer"):
        a, b = getattr(loop, party), getattr(vectorized, party)
        if not close(a.batr_npv, b.batr_npv):
            problems.append(f"{party}.batr_npv")
        for view in ("value_uncertainty", "length_uncertainty"):
            x, y = getattr(a, view), getattr(b, view)
            scale = float(np.max(np.abs(y.npv)))
            for name in ("mean", "std", "p10", "p50", "p90", "probability_beats_batr"):
                if not close(getattr(x, name), getattr(y, name), scale):
                    problems.append(
                        f"{party}.{view}.{name}: {getattr(x, name)} != {getattr(y, name)}"
                    )
            for name in ("npv", "cumulative_p10", "cumulative_p50", "cumulative_p90"):
                if not _arrays_close(getattr(x, name), getattr(y, name)):
                    problems.append(f"{party}.{view}.{name}")
    return problems
