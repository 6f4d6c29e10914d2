"""The naive versions of the analytics: plain Python loops, for the benchmarks to compare with.

The product computes the Monte Carlo and the outcome-space search with NumPy, every path,
repetition and outcome at once. This module does the same arithmetic the obvious way, one path,
one repetition, one outcome at a time, so the benchmarks can say what the vectorization buys.
It is a reference, not product code: nothing outside ``benchmarks/`` uses it.

Same formulas, same inputs, same random numbers:

* :func:`monte_carlo_loops` draws from the same :func:`numpy.random.default_rng` stream with
  one scalar call per driver and path (then one geometric draw per path), which yields exactly
  the numbers the vectorized draw does; everything else (EVE, value split, retention, the
  cumulative NPV of each path at each repetition, means, percentiles with linear
  interpolation) is computed in Python floats, one path and one repetition at a time.
* :func:`assess_win_win_loops` enumerates every outcome with :func:`itertools.product`, sums
  each party's weighted scores in issue order, rounds and clips like the product, checks
  feasibility, and finds the Pareto frontier by a sort and a sweep (the product's algorithm,
  in Python), then the Nash, Kalai-Smorodinsky and egalitarian points by loops over it.
  Per-issue set-up that is not a loop over outcomes (the definition in force, normalized
  weights, the grid of levels, scoring the handful of packages) reuses the library.
* :func:`report_loops` is :func:`negotiation_lib.report.build_report` with those two
  replaced; the rest of the report (economics, projection, sensitivity, trust, memos) is the
  product's own code, which has no loop over paths or outcomes to replace.

:func:`results_agree` and :func:`reports_agree` are the checks the benchmark runs before it
times anything, so that the comparison is between two ways of computing the same figures.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from unittest import mock

import numpy as np

from negotiation_lib.domain.case import (
    Case,
    Economics,
    Issue,
    MustHave,
    PartyDefinition,
    Relationship,
    Value,
    WinWin,
)
from negotiation_lib.domain.economics import economic_inputs, seller_profit_per_period
from negotiation_lib.domain.economics import pocket_price_per_unit as waterfall_pocket_price
from negotiation_lib.domain.montecarlo import MonteCarloResult, PartyDistribution
from negotiation_lib.domain.projection import FAIR_BAND, ONE_SIDED_GAP
from negotiation_lib.domain.win_win import (
    TOLERANCE,
    Outcome,
    PackageScore,
    WinWinResult,
    definition_in_force,
    describe_must_have,
    issue_levels,
    must_haves_met,
    normalized_weights,
    outcome_count,
    utility,
)
from negotiation_lib.report import DEFAULT_PATHS, DEFAULT_SEED, build_report

__all__ = [
    "assess_win_win_loops",
    "case_monte_carlo_loops",
    "monte_carlo_loops",
    "report_loops",
    "reports_agree",
    "results_agree",
    "win_win_agree",
]

PERCENTILES = (10.0, 50.0, 90.0)
REDUCE_EVERY = 2**16
"""Feasible outcomes kept before they are reduced to their frontier (bounds the memory)."""


# --------------------------------------------------------------------------- Monte Carlo


def _percentile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default method)."""
    pos = (len(ordered) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _distribution(npv: list[float], columns: list[list[float]], batr: float) -> PartyDistribution:
    n = len(npv)
    ordered = sorted(npv)
    mean = sum(npv) / n
    std = math.sqrt(sum((x - mean) ** 2 for x in npv) / (n - 1)) if n > 1 else 0.0
    beats = 0
    for x in npv:
        if x > batr:
            beats += 1
    bands: list[list[float]] = [[], [], []]
    for column in columns:  # one column per repetition: every path's cumulative NPV
        column.sort()
        for k, q in enumerate(PERCENTILES):
            bands[k].append(_percentile(column, q))
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
    price = (
        waterfall_pocket_price(economics)
        if pocket_price_per_unit is None
        else pocket_price_per_unit
    )
    rng = np.random.default_rng(seed)
    n = rel.repetitions
    drivers = [
        (d.value_per_unit, abs(d.value_per_unit) * (1.0 - d.confidence)) for d in value.drivers
    ]
    volume = economics.volume_per_period
    seller = seller_profit_per_period(economics, pocket_price_per_unit=price)

    eves: list[float] = []
    customers: list[float] = []
    shares: list[float] = []
    retentions: list[float] = []
    for _ in range(paths):
        total = 0.0
        for centre, spread in drivers:
            total += centre + spread * float(rng.standard_normal())
        eve = value.reference.price_per_unit + total
        customer = volume * (eve - price) - economics.customer_cost_per_period
        created = seller + customer
        share = seller / created if created > 0 else math.nan
        if math.isnan(share):
            weight = 1.0
        else:
            gap = abs(share - economics.fair_share)
            weight = min(1.0, max(0.0, (gap - FAIR_BAND) / (ONE_SIDED_GAP - FAIR_BAND)))
        eves.append(eve)
        customers.append(customer)
        shares.append(share)
        retentions.append(
            rel.retention_fair + weight * (rel.retention_one_sided - rel.retention_fair)
        )

    lengths: list[int] = []
    for p in retentions:
        end = 1.0 - p
        drawn = int(rng.geometric(end if end > 0.0 else 1.0))
        lengths.append(min(drawn, n) if end > 0.0 else n)

    ratio = (1.0 + rel.growth_rate) / (1.0 + rel.discount_rate)
    factors = [ratio ** float(t) for t in range(n)]
    seller_npv: list[float] = []
    customer_npv: list[float] = []
    seller_columns: list[list[float]] = [[] for _ in range(n)]
    customer_columns: list[list[float]] = [[] for _ in range(n)]
    for customer, length in zip(customers, lengths, strict=True):
        weight = 0.0
        s_cum = c_cum = 0.0
        for t in range(n):
            if t < length:  # repetition t happens on this path
                weight += factors[t]
            s_cum = seller * weight - economics.seller_one_time_cost
            c_cum = customer * weight - economics.customer_one_time_cost
            seller_columns[t].append(s_cum)
            customer_columns[t].append(c_cum)
        seller_npv.append(s_cum)
        customer_npv.append(c_cum)

    return MonteCarloResult(
        paths=paths,
        repetitions=n,
        seed=seed,
        pocket_price_per_unit=float(price),
        eve_per_unit=np.array(eves),
        seller_share=np.array(shares),
        retention=np.array(retentions),
        length=np.array(lengths, dtype=np.int64),
        seller=_distribution(seller_npv, seller_columns, rel.seller_batr_npv),
        customer=_distribution(customer_npv, customer_columns, rel.customer_batr_npv),
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


def _close(a: float, b: float, scale: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-9 * max(1.0, scale, abs(a), abs(b))


def _arrays_close(a: Any, b: Any) -> bool:
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.shape != y.shape:
        return False
    scale = float(np.nanmax(np.abs(x))) if x.size and not np.all(np.isnan(x)) else 1.0
    return all(_close(p, q, scale) for p, q in zip(x.tolist(), y.tolist(), strict=True))


def results_agree(loop: MonteCarloResult, vectorized: MonteCarloResult) -> list[str]:
    """Where the loop and vectorized simulations differ (empty when they agree)."""
    problems = []
    if not np.array_equal(loop.length, vectorized.length):
        problems.append("relationship lengths")
    for name in ("eve_per_unit", "seller_share", "retention"):
        if not _arrays_close(getattr(loop, name), getattr(vectorized, name)):
            problems.append(name)
    for party in ("seller", "customer"):
        a, b = getattr(loop, party), getattr(vectorized, party)
        scale = float(np.max(np.abs(b.npv)))
        for name in ("mean", "std", "p10", "p50", "p90", "probability_beats_batr"):
            if not _close(getattr(a, name), getattr(b, name), scale):
                problems.append(f"{party}.{name}: {getattr(a, name)} != {getattr(b, name)}")
        for name in ("npv", "cumulative_p10", "cumulative_p50", "cumulative_p90"):
            if not _arrays_close(getattr(a, name), getattr(b, name)):
                problems.append(f"{party}.{name}")
    return problems


# --------------------------------------------------------------------------- win-win


def _interp(x: float, curve: Sequence[tuple[float, float]]) -> float:
    """``numpy.interp`` of one point: linear between the points, flat beyond the ends."""
    if x < curve[0][0]:
        return float(curve[0][1])
    if x >= curve[-1][0]:
        return float(curve[-1][1])
    for (x0, y0), (x1, y1) in itertools.pairwise(curve):
        if x0 <= x < x1:
            if x == x0:
                return float(y0)
            return (y1 - y0) / (x1 - x0) * (x - x0) + y0
    return float(curve[-1][1])


def _score(definition: PartyDefinition, issue: Issue, level: float | str) -> float:
    curve = definition.scores.get(issue.name)
    if curve is None:
        return 0.0
    if isinstance(curve, dict):
        return float(curve[str(level)])
    return _interp(float(level), [(float(p[0]), float(p[1])) for p in curve])


def _allowed(must_have: MustHave | None, level: float | str) -> bool:
    if must_have is None:
        return True
    if isinstance(level, str):
        return level in (must_have.allowed or ())
    if must_have.min is not None and not level >= must_have.min:
        return False
    return must_have.max is None or level <= must_have.max


def _finish(total: float) -> float:
    """Round to 9 decimals as ``numpy.round`` does (scale, round half even, unscale); clip."""
    return min(100.0, max(0.0, round(total * 1e9) / 1e9))


def _frontier(points: list[tuple[float, float, int]]) -> list[tuple[float, float, int]]:
    """The Pareto-efficient points: sort by seller utility, sweep with the best customer one."""
    ordered = sorted(points, key=lambda p: -p[0])
    out: list[tuple[float, float, int]] = []
    better_best = -math.inf
    start = 0
    while start < len(ordered):
        end = start
        group_best = ordered[start][1]
        while end < len(ordered) and ordered[end][0] == ordered[start][0]:
            group_best = max(group_best, ordered[end][1])
            end += 1
        if group_best > better_best:
            out.extend(p for p in ordered[start:end] if p[1] == group_best)
            better_best = group_best
        start = end
    return out


def _walk_away(
    issues: Sequence[Issue], seller: PartyDefinition, customer: PartyDefinition, issue: Issue
) -> str:
    wants = [
        f"the {who} needs {describe_must_have(m)}"
        for who, m in (
            ("seller", seller.must_haves.get(issue.name)),
            ("customer", customer.must_haves.get(issue.name)),
        )
        if m is not None
    ]
    return (
        f"No value of '{issue.name}' meets both parties' must-haves "
        f"({' and '.join(wants)}), so no agreement can satisfy both sides. "
        "Walk away to your best alternative, or reopen the must-haves together."
    )


def _pick(values: list[float], best: float, slack: float, above: bool) -> list[int]:
    if above:
        return [k for k, v in enumerate(values) if v >= best - slack]
    return [k for k, v in enumerate(values) if v <= best + slack]


def assess_win_win_loops(win_win: WinWin, *, use_drafts: bool = False) -> WinWinResult:
    """:func:`~negotiation_lib.domain.win_win.assess_win_win`, one outcome at a time."""
    issues = win_win.issues
    s_in = definition_in_force(win_win, "seller", use_draft=use_drafts)
    c_in = definition_in_force(win_win, "customer", use_draft=use_drafts)
    s_def, c_def = s_in.definition, c_in.definition
    ws, wc = normalized_weights(s_def, issues), normalized_weights(c_def, issues)

    # Per issue: the levels both parties' must-haves allow, and each party's contribution.
    grids: list[list[tuple[float | str, float, float]]] = []
    reason: str | None = None
    for issue in issues:
        kept = []
        for level in issue_levels(issue):
            if _allowed(s_def.must_haves.get(issue.name), level) and _allowed(
                c_def.must_haves.get(issue.name), level
            ):
                s = ws[issue.name] * _score(s_def, issue, level) if ws[issue.name] else 0.0
                c = wc[issue.name] * _score(c_def, issue, level) if wc[issue.name] else 0.0
                kept.append((level, s, c))
        if not kept:
            reason = _walk_away(issues, s_def, c_def, issue)
            grids = []
            break
        grids.append(kept)

    d_s = s_def.reservation_utility - TOLERANCE
    d_c = c_def.reservation_utility - TOLERANCE
    t_s, t_c = s_def.win_threshold - TOLERANCE, c_def.win_threshold - TOLERANCE
    candidates = math.prod(len(g) for g in grids) if grids else 0
    feasible_count = win_win_count = 0
    found: list[tuple[float, float, int]] = []
    buffer: list[tuple[float, float, int]] = []
    if grids:
        pairs = [[(s, c) for _, s, c in g] for g in grids]
        for index, combination in enumerate(itertools.product(*pairs)):
            us = uc = 0.0
            for s, c in combination:
                us += s
                uc += c
            us, uc = _finish(us), _finish(uc)
            if us >= d_s and uc >= d_c:
                feasible_count += 1
                if us >= t_s and uc >= t_c:
                    win_win_count += 1
                buffer.append((us, uc, index))
                if len(buffer) >= REDUCE_EVERY:
                    found = _frontier(found + buffer)
                    buffer = []
        found = _frontier(found + buffer)
    found.sort(key=lambda p: (p[0], p[2]))
    if grids and feasible_count == 0:
        reason = (
            "Every agreement that meets both parties' must-haves leaves at least one side "
            f"below its walk-away utility (the seller needs {s_def.reservation_utility:.12g}, "
            f"the customer {c_def.reservation_utility:.12g}), so no agreement beats walking "
            "away for both. Walk away to your best alternative, or look for new issues that "
            "create value."
        )

    names = [i.name for i in issues]
    sizes = [len(g) for g in grids]
    frontier: list[Outcome] = []
    for us, uc, index in found:
        picked: list[float | str] = []
        for g, size in zip(reversed(grids), reversed(sizes), strict=True):
            index, k = divmod(index, size)
            picked.append(g[k][0])
        values = dict(zip(names, reversed(picked), strict=True))
        frontier.append(Outcome(values, us, uc, us >= t_s and uc >= t_c))

    d = (s_def.reservation_utility, c_def.reservation_utility)
    gains = [(o.seller_utility - d[0], o.customer_utility - d[1]) for o in frontier]
    nash: list[int] = []
    ks: list[int] = []
    egal: list[int] = []
    if gains:
        products = [max(gs, 0.0) * max(gc, 0.0) for gs, gc in gains]
        best = max(products)
        nash = _pick(products, best, TOLERANCE * max(1.0, best), above=True)
        ideal_s = max(gs for gs, _ in gains)
        ideal_c = max(gc for _, gc in gains)
        length = math.hypot(ideal_s, ideal_c)
        if length <= TOLERANCE:
            distance = [math.hypot(gs, gc) for gs, gc in gains]
        else:
            distance = [abs(gs * ideal_c - gc * ideal_s) / length for gs, gc in gains]
        ks = _pick(distance, min(distance), TOLERANCE, above=False)
        smaller = [min(gs, gc) for gs, gc in gains]
        egal = _pick(smaller, max(smaller), TOLERANCE, above=True)

    packages = []
    for package in win_win.packages:
        us = utility(s_def, issues, package.values)
        uc = utility(c_def, issues, package.values)
        ms = must_haves_met(s_def, issues, package.values)
        mc = must_haves_met(c_def, issues, package.values)
        feasible = (
            ms
            and mc
            and us >= s_def.reservation_utility - TOLERANCE
            and uc >= c_def.reservation_utility - TOLERANCE
        )
        dominated = False
        for o in frontier:
            s, c = o.seller_utility, o.customer_utility
            if s >= us and c >= uc and (s > us or c > uc):
                dominated = True
                break
        packages.append(
            PackageScore(
                name=package.name,
                values=dict(package.values),
                seller_utility=us,
                customer_utility=uc,
                seller_must_haves_met=ms,
                customer_must_haves_met=mc,
                feasible=feasible,
                win_win=feasible and us >= t_s and uc >= t_c,
                pareto_efficient=feasible and not dominated,
            )
        )

    ideal = (
        (max(o.seller_utility for o in frontier), max(o.customer_utility for o in frontier))
        if frontier
        else None
    )
    return WinWinResult(
        packages=tuple(packages),
        frontier=tuple(frontier),
        nash=tuple(frontier[k] for k in nash),
        kalai_smorodinsky=tuple(frontier[k] for k in ks),
        egalitarian=tuple(frontier[k] for k in egal),
        outcome_count=outcome_count(issues),
        candidate_count=candidates,
        feasible_count=feasible_count,
        win_win_count=win_win_count,
        disagreement=d,
        ideal=ideal,
        recommend_walk_away=reason is not None,
        walk_away_reason=reason,
        seller_version=s_in.version,
        customer_version=c_in.version,
    )


def win_win_agree(loop: WinWinResult, vectorized: WinWinResult) -> list[str]:
    """Where the loop and vectorized searches differ (empty when they agree exactly)."""
    return [
        name
        for name in (
            "packages",
            "frontier",
            "nash",
            "kalai_smorodinsky",
            "egalitarian",
            "outcome_count",
            "candidate_count",
            "feasible_count",
            "win_win_count",
            "disagreement",
            "ideal",
            "recommend_walk_away",
            "walk_away_reason",
            "seller_version",
            "customer_version",
        )
        if getattr(loop, name) != getattr(vectorized, name)
    ]


# --------------------------------------------------------------------------- the report


def report_loops(
    case: Case, *, seed: int = DEFAULT_SEED, paths: int = DEFAULT_PATHS
) -> dict[str, Any]:
    """``build_report`` with its Monte Carlo and outcome search done by the loops above."""
    with (
        mock.patch("negotiation_lib.report.case_monte_carlo", case_monte_carlo_loops),
        mock.patch("negotiation_lib.report.assess_win_win", assess_win_win_loops),
    ):
        return build_report(case, seed=seed, paths=paths)


def _number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _differences(a: Any, b: Any, path: str) -> Iterator[str]:
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            yield f"{path}: keys {sorted(set(a) ^ set(b))}"
        for key in set(a) & set(b):
            yield from _differences(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list | tuple) and isinstance(b, list | tuple):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items against {len(b)}"
        for k, (x, y) in enumerate(zip(a, b, strict=False)):
            yield from _differences(x, y, f"{path}[{k}]")
    elif _number(a) and _number(b) and (isinstance(a, float) or isinstance(b, float)):
        if not _close(float(a), float(b), 1.0):
            yield f"{path}: {a!r} != {b!r}"
    elif a != b:
        yield f"{path}: {a!r} != {b!r}"


def reports_agree(loop: dict[str, Any], vectorized: dict[str, Any]) -> list[str]:
    """Where two reports differ (floats within a relative 1e-9; empty when they agree)."""
    return list(_differences(loop, vectorized, "report"))
