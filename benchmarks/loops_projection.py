"""The money of a case, the naive way: economics and the projection x100 as plain loops.

A reference for the benchmarks, not product code: every formula below is written out from the
design notes (DESIGN section 3, revised), one price, one repetition at a time, without calling
the library's formulas, so that the benchmark's agreement check compares two independent ways
of computing the same figures. Only the result types (and reading a case's sections) come from
the library.

* Value and economics: the evidence-weighted EVE ``E = reference + Σ confidence·v`` prices
  everything; the waterfall takes percent discounts off list, spreads lump discounts over the
  volume; the seller's share is its gain over its BATNA divided by both gains over the BATNAs;
  the ZOPA runs from ``variable cost + (fixed cost + seller BATNA)/volume`` to
  ``E − (customer cost + customer BATNA)/volume``; the fair price splits it at the fair share.
* Retention falls with any distance from the fair split, with no free band:
  ``p = p_fair + min(1, |s − s*|/0.5)·(p_one − p_fair)``; an undefined share is one-sided.
* Each party's value of repetition ``t`` is ``p^t · value · ((1+g)/(1+d))^t``; the NPV is their
  sum less the one-time cost, the COLR the sum from ``t = 1``, the BATNA as an NPV the BATNA
  taken every period for certain, and the net COLR the COLR less the BATR.
* The seller-optimal price: a grid of 1,001 prices from floor to ceiling (and the fair price),
  then finer grids of 101 prices around the best, each 1/50 of the last spacing; NPVs within
  ``1e-12`` of the best tie, and ties go to the lowest price. The break-even loyalty: plain
  bisection on the loyalty drop, with that search above the fair price at each step.
* Packages priced through the open book: the issue that sets the price gives the pocket price,
  the chosen options add their costs and values per period, then as above; the package's fair
  price gives the seller its fair share of the package's joint gain.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from negotiation_lib.domain.case import (
    Case,
    Discount,
    Economics,
    OptionsIssue,
    Relationship,
    Value,
    WinWin,
)
from negotiation_lib.domain.economics import economic_inputs
from negotiation_lib.domain.projection import (
    PartyProjection,
    ProjectionResult,
    Scenario,
    Scenarios,
    SellerOptimal,
)
from negotiation_lib.domain.win_win import PackageEconomics

__all__ = [
    "Terms",
    "case_projection_loops",
    "close",
    "economics_figures",
    "expected_eve",
    "package_economics_loops",
    "pocket_price",
    "projection_loops",
    "projections_agree",
    "retention",
]

ONE_SIDED_GAP = 0.5
"""DESIGN §3: a share this far from the fair one is fully one-sided."""
GRID = 1001
"""DESIGN §3: the seller-optimal search tries at least this many prices, then refines."""
REFINE_PRICES = 101
REFINE_ROUNDS = 8
NPV_TOLERANCE = 1e-12
"""NPVs closer than this fraction of the largest tie (and ties go to the lowest price)."""
DROP_TOLERANCE = 1e-12
"""The bisection on the loyalty drop stops when its bracket is this narrow."""


# --------------------------------------------------------------------------- value, economics


def _discount_per_unit(d: Discount, e: Economics) -> float:
    if d.kind == "percent":
        return e.list_price_per_unit * d.amount / 100.0
    if d.kind == "per_unit":
        return float(d.amount)
    return d.amount / e.volume_per_period


def invoice_price(e: Economics) -> float:
    """List price less the on-invoice discounts, one at a time."""
    price = float(e.list_price_per_unit)
    for d in e.discounts:
        if d.on_invoice:
            price -= _discount_per_unit(d, e)
    return price


def pocket_price(e: Economics) -> float:
    """Invoice price less the off-invoice discounts, one at a time."""
    price = invoice_price(e)
    for d in e.discounts:
        if not d.on_invoice:
            price -= _discount_per_unit(d, e)
    return price


def full_eve(value: Value) -> float:
    """reference + Σ max(v, 0) − Σ max(−v, 0): the upside if every claim holds."""
    positive = negative = 0.0
    for d in value.drivers:
        if d.value_per_unit > 0:
            positive += d.value_per_unit
        else:
            negative += -d.value_per_unit
    return value.reference.price_per_unit + positive - negative


def expected_eve(value: Value) -> float:
    """reference + Σ confidence·v: what the evidence supports, and what everything prices off."""
    total = 0.0
    for d in value.drivers:
        total += d.confidence * d.value_per_unit
    return value.reference.price_per_unit + total


@dataclass(frozen=True)
class Terms:
    """The price-free terms of a deal: everything the money at a price depends on."""

    economics: Economics
    relationship: Relationship
    eve: float
    floor: float
    ceiling: float
    fair_price: float

    @classmethod
    def of(cls, e: Economics, value: Value, rel: Relationship) -> Terms:
        eve = expected_eve(value)
        floor = e.variable_cost_per_unit + (
            e.fixed_cost_per_period + rel.seller_batna_per_period
        ) / (e.volume_per_period)
        ceiling = eve - (e.customer_cost_per_period + rel.customer_batna_per_period) / (
            e.volume_per_period
        )
        return cls(e, rel, eve, floor, ceiling, floor + e.fair_share * (ceiling - floor))

    @property
    def zopa_exists(self) -> bool:
        return self.floor <= self.ceiling + 1e-9 * max(1.0, abs(self.floor), abs(self.ceiling))

    def per_period(
        self, price: float, cost: float = 0.0, worth: float = 0.0
    ) -> tuple[float, float]:
        """(seller profit, customer net benefit) per period, options' cost and worth added."""
        e = self.economics
        profit = e.volume_per_period * (price - e.variable_cost_per_unit)
        profit -= e.fixed_cost_per_period
        benefit = e.volume_per_period * (self.eve - price) - e.customer_cost_per_period
        return profit - cost, benefit + worth

    def share(self, profit: float, benefit: float) -> float | None:
        """The seller's gain over its BATNA over both gains; None when there is no gain."""
        rel = self.relationship
        seller_gain = profit - rel.seller_batna_per_period
        joint = seller_gain + benefit - rel.customer_batna_per_period
        return seller_gain / joint if joint > 0 else None

    @property
    def ratio(self) -> float:
        rel = self.relationship
        return (1.0 + rel.growth_rate) / (1.0 + rel.discount_rate)

    def weight(self, p: float) -> float:
        """Σ_{t<N} p^t ((1+g)/(1+d))^t, one repetition at a time."""
        total, term, step = 0.0, 1.0, p * self.ratio
        for _ in range(self.relationship.repetitions):
            total += term
            term *= step
        return total


def retention(share: float | None, fair_share: float, fair: float, one_sided: float) -> float:
    """No free band: retention falls linearly with the distance from the fair share."""
    if share is None or math.isnan(share):
        return one_sided
    return fair + min(1.0, abs(share - fair_share) / ONE_SIDED_GAP) * (one_sided - fair)


def _retention(terms: Terms, share: float | None, one_sided: float | None = None) -> float:
    rel = terms.relationship
    p_one = rel.retention_one_sided if one_sided is None else one_sided
    return retention(share, terms.economics.fair_share, rel.retention_fair, p_one)


def economics_figures(case: Case) -> dict[str, dict[str, Any]]:
    """The report's value and economics figures, written out (``{"value": …, "economics": …}``)."""
    out: dict[str, dict[str, Any]] = {}
    value, e, rel = case.value, case.economics, case.relationship or Relationship()
    if value is not None:
        positive = negative = 0.0
        for d in value.drivers:
            if d.value_per_unit > 0:
                positive += d.value_per_unit
            else:
                negative += -d.value_per_unit
        out["value"] = {
            "reference_per_unit": float(value.reference.price_per_unit),
            "positive_differentiation_per_unit": float(positive),
            "negative_differentiation_per_unit": float(negative),
            "eve_per_unit": full_eve(value),
            "eve_expected_per_unit": expected_eve(value),
        }
    if value is None or e is None:
        return out
    # Without a relationship section the BATNAs count as zero, as they do in the economics.
    terms = Terms.of(e, value, case.relationship or Relationship())
    price = pocket_price(e)
    profit, benefit = terms.per_period(price)
    share = terms.share(profit, benefit)
    out["economics"] = {
        "list_price_per_unit": float(e.list_price_per_unit),
        "invoice_price_per_unit": invoice_price(e),
        "pocket_price_per_unit": price,
        "seller_margin_per_unit": price - e.variable_cost_per_unit,
        "seller_profit_per_period": profit,
        "customer_net_benefit_per_period": benefit,
        "value_created_per_period": profit + benefit,
        "eve_per_unit": full_eve(value),
        "eve_expected_per_unit": terms.eve,
        "seller_gain_per_period": profit - rel.seller_batna_per_period,
        "customer_gain_per_period": benefit - rel.customer_batna_per_period,
        "joint_gain_per_period": profit
        + benefit
        - rel.seller_batna_per_period
        - rel.customer_batna_per_period,
        "seller_share": share,
        "fair_share": e.fair_share,
        "zopa": {
            "floor_per_unit": terms.floor,
            "ceiling_per_unit": terms.ceiling,
            "exists": terms.zopa_exists,
        },
        "fair_price_per_unit": terms.fair_price,
    }
    return out


# --------------------------------------------------------------------------- the projection


def _party(per_period: float, p: float, terms: Terms, one_time: float) -> PartyProjection:
    rel = terms.relationship
    survival, discount, growth, expected, cumulative = [], [], [], [], []
    running = -one_time
    for t in range(rel.repetitions):
        survival.append(p**t)
        discount.append((1.0 + rel.discount_rate) ** -t)
        growth.append((1.0 + rel.growth_rate) ** t)
        value = p**t * terms.ratio**t * per_period
        expected.append(value)
        running += value
        cumulative.append(running)
    colr = sum(expected[1:])
    npv = sum(expected) - one_time
    return PartyProjection(
        per_period_value=float(per_period),
        one_time_cost=float(one_time),
        retention=float(p),
        repetition=np.arange(rel.repetitions, dtype=np.int64),
        survival=np.array(survival),
        discount_factor=np.array(discount),
        growth_factor=np.array(growth),
        expected_value=np.array(expected),
        cumulative_npv=np.array(cumulative),
        npv=npv,
        colr=colr,
        closed_form_npv=per_period * terms.weight(p) - one_time,
    )


def _scenario(terms: Terms, price: float, name: Literal["case", "trust", "cpt"]) -> Scenario:
    e = terms.economics
    profit, benefit = terms.per_period(price)
    share = terms.share(profit, benefit)
    p = _retention(terms, share)
    seller = _party(profit, p, terms, e.seller_one_time_cost)
    customer = _party(benefit, p, terms, e.customer_one_time_cost)
    return Scenario(name, price, share, p, seller, customer, seller.npv, customer.npv)


def _npvs(terms: Terms, price: float, one_sided: float) -> tuple[float, float, float | None, float]:
    """Both NPVs, the share and the retention at a price, for a given one-sided retention."""
    e = terms.economics
    profit, benefit = terms.per_period(price)
    share = terms.share(profit, benefit)
    p = _retention(terms, share, one_sided)
    weight = terms.weight(p)
    return (
        profit * weight - e.seller_one_time_cost,
        benefit * weight - e.customer_one_time_cost,
        share,
        p,
    )


def _linspace(start: float, stop: float, num: int) -> list[float]:
    """``num`` evenly spaced prices from ``start`` to ``stop`` (both included)."""
    step = (stop - start) / (num - 1)
    out = [start + i * step for i in range(num)]
    out[-1] = stop
    return out


def _first_best(npvs: list[float], tolerance: float) -> int:
    """The first (lowest-price) index whose NPV is within ``tolerance`` of the largest."""
    best = max(npvs)
    for i, x in enumerate(npvs):
        if x >= best - tolerance:
            return i
    raise AssertionError("unreachable: the largest NPV is within the tolerance of itself")


def seller_optimum(terms: Terms, one_sided: float, lowest: float) -> SellerOptimal:
    """The price of ``[lowest, ceiling]`` that pays the seller most: a grid, then finer ones."""
    highest = max(lowest, terms.ceiling)
    fair = min(max(terms.fair_price, lowest), highest)
    grid = sorted(set([*_linspace(lowest, highest, GRID), fair]))
    npvs = [_npvs(terms, x, one_sided)[0] for x in grid]
    tolerance = NPV_TOLERANCE * max(1.0, max(abs(x) for x in npvs))
    j = _first_best(npvs, tolerance)
    price, best = grid[j], npvs[j]
    step = (highest - lowest) / (GRID - 1)
    for _ in range(REFINE_ROUNDS):
        if step <= 1e-15 * max(1.0, abs(price)):
            break
        local = _linspace(max(lowest, price - step), min(highest, price + step), REFINE_PRICES)
        around = [_npvs(terms, x, one_sided)[0] for x in local]
        i = _first_best(around, tolerance)
        if around[i] > best + tolerance:
            price, best = local[i], around[i]
        step = 2.0 * step / (REFINE_PRICES - 1)
    seller, customer, share, p = _npvs(terms, price, one_sided)
    return SellerOptimal(price, share, p, seller, customer)


def break_even_drop(terms: Terms) -> float | None:
    """The smallest loyalty drop at which no price above the fair one pays the seller more."""
    if not terms.zopa_exists:
        return None
    fair, p_fair = terms.fair_price, terms.relationship.retention_fair

    def squeezing_pays(drop: float) -> bool:
        return seller_optimum(terms, max(0.0, p_fair - drop), fair).price_per_unit > fair

    if not squeezing_pays(0.0):
        return 0.0
    if squeezing_pays(p_fair):
        return None
    low, high = 0.0, p_fair
    while high - low > DROP_TOLERANCE:
        mid = 0.5 * (low + high)
        if squeezing_pays(mid):
            low = mid
        else:
            high = mid
    return high


def _crossover(trust: list[float], cpt: list[float]) -> int | None:
    scale = max(1.0, *(abs(x) for x in trust), *(abs(x) for x in cpt))
    for t, (a, b) in enumerate(zip(trust, cpt, strict=True)):
        if a > b + 1e-9 * scale:
            return t
    return None


def batna_npv(terms: Terms, batna: float) -> float:
    """The one-off alternative taken every period for N periods, for certain."""
    return batna * terms.weight(1.0)


def projection_loops(
    economics: Economics,
    value: Value,
    relationship: Relationship | None = None,
    *,
    pocket_price_per_unit: float | None = None,
) -> ProjectionResult:
    """The projection at the case's price, the fair and tough prices and the best one."""
    rel = relationship if relationship is not None else Relationship()
    terms = Terms.of(economics, value, rel)
    price = pocket_price(economics) if pocket_price_per_unit is None else pocket_price_per_unit
    tough = rel.cpt_price_per_unit if rel.cpt_price_per_unit is not None else terms.ceiling
    case = _scenario(terms, float(price), "case")
    trust = _scenario(terms, terms.fair_price, "trust")
    cpt = _scenario(terms, float(tough), "cpt")
    optimal = (
        seller_optimum(terms, rel.retention_one_sided, terms.floor) if terms.zopa_exists else None
    )
    drop = break_even_drop(terms)
    return ProjectionResult(
        repetitions=rel.repetitions,
        pocket_price_per_unit=case.pocket_price_per_unit,
        seller_share=case.seller_share,
        retention=case.retention,
        seller=case.seller,
        customer=case.customer,
        seller_npv=case.seller_npv,
        customer_npv=case.customer_npv,
        seller_colr=case.seller.colr,
        customer_colr=case.customer.colr,
        seller_batna_per_period=rel.seller_batna_per_period,
        customer_batna_per_period=rel.customer_batna_per_period,
        seller_batna_npv=batna_npv(terms, rel.seller_batna_per_period),
        customer_batna_npv=batna_npv(terms, rel.customer_batna_per_period),
        seller_batr_npv=rel.seller_batr_npv,
        customer_batr_npv=rel.customer_batr_npv,
        seller_colr_net=case.seller.colr - rel.seller_batr_npv,
        customer_colr_net=case.customer.colr - rel.customer_batr_npv,
        scenarios=Scenarios(trust=trust, cpt=cpt),
        crossover_repetition=_crossover(
            trust.seller.cumulative_npv.tolist(), cpt.seller.cumulative_npv.tolist()
        ),
        seller_optimal=optimal,
        break_even_loyalty=drop,
        break_even_retention_one_sided=None if drop is None else rel.retention_fair - drop,
    )


def case_projection_loops(
    case: Case, *, pocket_price_per_unit: float | None = None
) -> ProjectionResult:
    """:func:`projection_loops` on a whole case (like ``case_projection``)."""
    economics, value, relationship = economic_inputs(case)
    return projection_loops(
        economics, value, relationship, pocket_price_per_unit=pocket_price_per_unit
    )


def package_economics_loops(
    win_win: WinWin,
    values: Mapping[str, Any],
    economics: Economics,
    value: Value,
    relationship: Relationship,
) -> PackageEconomics:
    """A package priced through the open book (like ``package_economics``)."""
    name = win_win.pocket_price_issue
    price = pocket_price(economics) if name is None else float(values[name])
    cost = worth = 0.0
    for issue in win_win.issues:
        if isinstance(issue, OptionsIssue) and issue.economics:
            chosen = issue.economics.get(str(values.get(issue.name)))
            if chosen is not None:
                cost += chosen.seller_cost_per_period
                worth += chosen.customer_value_per_period
    terms = Terms.of(economics, value, relationship)
    profit, benefit = terms.per_period(price, cost, worth)
    share = terms.share(profit, benefit)
    p = _retention(terms, share)
    seller = _party(profit, p, terms, economics.seller_one_time_cost)
    customer = _party(benefit, p, terms, economics.customer_one_time_cost)
    rel = relationship
    seller_gain = profit - rel.seller_batna_per_period
    customer_gain = benefit - rel.customer_batna_per_period
    joint = seller_gain + customer_gain
    # The price that gives the seller its fair share of this package's joint gain (which the
    # price does not change): V (P - c_v) - F - c_S - B_S = s* J.
    fair = (
        None
        if share is None
        else economics.variable_cost_per_unit
        + (
            economics.fixed_cost_per_period
            + cost
            + rel.seller_batna_per_period
            + economics.fair_share * joint
        )
        / economics.volume_per_period
    )
    return PackageEconomics(
        pocket_price_per_unit=price,
        price_issue=name,
        seller_cost_per_period=cost,
        customer_value_per_period=worth,
        seller_profit_per_period=profit,
        customer_net_benefit_per_period=benefit,
        seller_gain_per_period=seller_gain,
        customer_gain_per_period=customer_gain,
        joint_gain_per_period=joint,
        seller_share=share,
        fair_price_per_unit=fair,
        retention=p,
        seller_npv=seller.npv,
        customer_npv=customer.npv,
        seller_colr=seller.colr,
        customer_colr=customer.colr,
        seller_colr_net=seller.colr - rel.seller_batr_npv,
        customer_colr_net=customer.colr - rel.customer_batr_npv,
    )


# --------------------------------------------------------------------------- agreement


def close(a: float | None, b: float | None, scale: float = 1.0, rtol: float = 1e-9) -> bool:
    """Equal within ``rtol`` of the larger of 1, ``scale`` and both values; None and NaN alike."""
    if a is None or b is None:
        return a is None and b is None
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= rtol * max(1.0, scale, abs(a), abs(b))


def _party_problems(name: str, a: PartyProjection, b: PartyProjection) -> list[str]:
    out = []
    for field in ("per_period_value", "one_time_cost", "retention", "npv", "colr"):
        if not close(getattr(a, field), getattr(b, field)):
            out.append(f"{name}.{field}: {getattr(a, field)!r} != {getattr(b, field)!r}")
    scale = float(np.max(np.abs(b.cumulative_npv)))
    for field in ("survival", "expected_value", "cumulative_npv"):
        x, y = getattr(a, field), getattr(b, field)
        if x.shape != y.shape or not all(
            close(p, q, scale) for p, q in zip(x.tolist(), y.tolist(), strict=True)
        ):
            out.append(f"{name}.{field}")
    return out


def projections_agree(loop: ProjectionResult, vectorized: ProjectionResult) -> list[str]:
    """Where the loop and vectorized projections differ (empty when they agree).

    Figures agree within a relative 1e-9; the break-even loyalty within 1e-9 absolute (both
    bisections stop at a bracket of 1e-12, but each step's verdict rests on a search whose
    NPVs tie within 1e-12 of their size, so near the break-even the two may part earlier).
    """
    problems: list[str] = []
    for field in (
        "pocket_price_per_unit",
        "seller_share",
        "retention",
        "seller_npv",
        "customer_npv",
        "seller_colr",
        "customer_colr",
        "seller_batna_npv",
        "customer_batna_npv",
        "seller_colr_net",
        "customer_colr_net",
    ):
        if not close(getattr(loop, field), getattr(vectorized, field)):
            problems.append(f"{field}: {getattr(loop, field)!r} != {getattr(vectorized, field)!r}")
    if loop.repetitions != vectorized.repetitions:
        problems.append("repetitions")
    if loop.crossover_repetition != vectorized.crossover_repetition:
        problems.append("crossover_repetition")
    problems += _party_problems("seller", loop.seller, vectorized.seller)
    problems += _party_problems("customer", loop.customer, vectorized.customer)
    for name in ("trust", "cpt"):
        a, b = getattr(loop.scenarios, name), getattr(vectorized.scenarios, name)
        for field in ("pocket_price_per_unit", "seller_share", "retention"):
            if not close(getattr(a, field), getattr(b, field)):
                problems.append(f"scenarios.{name}.{field}")
        problems += _party_problems(f"scenarios.{name}.seller", a.seller, b.seller)
        problems += _party_problems(f"scenarios.{name}.customer", a.customer, b.customer)
    a_opt, b_opt = loop.seller_optimal, vectorized.seller_optimal
    if (a_opt is None) != (b_opt is None):
        problems.append("seller_optimal")
    elif a_opt is not None and b_opt is not None:
        for field in ("price_per_unit", "seller_share", "retention", "seller_npv", "customer_npv"):
            if not close(getattr(a_opt, field), getattr(b_opt, field)):
                problems.append(f"seller_optimal.{field}")
    for field in ("break_even_loyalty", "break_even_retention_one_sided"):
        a, b = getattr(loop, field), getattr(vectorized, field)
        if (a is None) != (b is None) or (a is not None and abs(a - b) > 1e-9):
            problems.append(f"{field}: {a!r} != {b!r}")
    return problems
