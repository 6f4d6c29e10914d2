"""The naive versions of the analytics: plain Python loops, for the benchmarks to compare with.

The product computes the projection, the Monte Carlo and the outcome-space search with NumPy,
every price, path, repetition and outcome at once. This module and its two companions do the
same arithmetic the obvious way, one at a time, written from the design notes (DESIGN section
3, revised) rather than by calling the library's formulas, so the benchmarks can say what the
vectorization buys, and check that two independent ways of computing give the same figures.
It is a reference, not product code: nothing outside ``benchmarks/`` uses it.

* :mod:`benchmarks.loops_projection`: value and economics (prices off the evidence-weighted
  EVE, shares of the gain over both BATNAs), the projection x100 with retention falling with
  any distance from the fair split, BATNA as an NPV, net COLR, the seller-optimal price by a
  loop over a grid and the break-even loyalty by plain bisection, and packages priced through
  the open book.
* :mod:`benchmarks.loops_montecarlo`: the Monte Carlo's two views (value draws, relationship
  lengths) from the same :func:`numpy.random.default_rng` stream, one scalar draw at a time.
* Here, :func:`assess_win_win_loops` enumerates every outcome with :func:`itertools.product`,
  sums each party's weighted scores in issue order, rounds and clips like the product, checks
  feasibility, counts the outcomes that dominate each package, and finds the Pareto frontier by
  a sort and a sweep, then the Nash, Kalai-Smorodinsky and egalitarian points and each
  package's best improvement by loops over it. Per-issue set-up that is not a loop over
  outcomes (the definition in force, normalized weights, the grid of levels, scoring the
  handful of packages) reuses the library.
* :func:`report_loops` is :func:`negotiation_lib.report.build_report` with the projection, the
  Monte Carlo, the outcome search and the packages' money replaced by these loops, and its
  value and economics figures replaced by theirs; the rest (the waterfall's steps, flags,
  sensitivity, trust, memo text) is the product's own code.

:func:`results_agree`, :func:`projections_agree`, :func:`win_win_agree` and
:func:`reports_agree` are the checks the benchmark runs before it times anything.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from unittest import mock

from benchmarks.loops_montecarlo import case_monte_carlo_loops, monte_carlo_loops, results_agree
from benchmarks.loops_projection import (
    case_projection_loops,
    close,
    economics_figures,
    package_economics_loops,
    projection_loops,
    projections_agree,
)
from negotiation_lib.domain.case import Case, Issue, MustHave, PartyDefinition, WinWin
from negotiation_lib.domain.economics import Zopa
from negotiation_lib.domain.win_win import (
    TOLERANCE,
    Improvement,
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
    "case_projection_loops",
    "monte_carlo_loops",
    "projection_loops",
    "projections_agree",
    "report_loops",
    "reports_agree",
    "results_agree",
    "win_win_agree",
]

REDUCE_EVERY = 2**16
"""Feasible outcomes kept before they are reduced to their frontier (bounds the memory)."""


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


def _improvement(
    point: tuple[float, float],
    frontier: list[Outcome],
    d: tuple[float, float],
    dominating: int,
) -> Improvement | None:
    """The dominating frontier outcome with the largest Nash product, and both gains.

    Every feasible outcome that dominates the package is dominated by (or equal to) a frontier
    point, which then dominates the package too, so the frontier holds the best. Equal products
    go to the larger total utility, then the lower seller utility (the frontier's order).
    """
    s, c = point
    better = [
        o
        for o in frontier
        if o.seller_utility >= s
        and o.customer_utility >= c
        and (o.seller_utility > s or o.customer_utility > c)
    ]
    if not better:
        return None
    products = [
        max(o.seller_utility - d[0], 0.0) * max(o.customer_utility - d[1], 0.0) for o in better
    ]
    best = max(products)
    tied = [
        o for o, x in zip(better, products, strict=True) if x >= best - TOLERANCE * max(1, best)
    ]
    most = max(o.seller_utility + o.customer_utility for o in tied)
    pick = next(o for o in tied if o.seller_utility + o.customer_utility >= most - TOLERANCE)
    return Improvement(pick, pick.seller_utility - s, pick.customer_utility - c, dominating)


def assess_win_win_loops(
    win_win: WinWin, *, use_drafts: bool = False, zopa: Zopa | None = None
) -> WinWinResult:
    """:func:`~negotiation_lib.domain.win_win.assess_win_win`, one outcome at a time."""
    issues = win_win.issues
    s_in = definition_in_force(win_win, "seller", use_draft=use_drafts, zopa=zopa)
    c_in = definition_in_force(win_win, "customer", use_draft=use_drafts, zopa=zopa)
    s_def, c_def = s_in.definition, c_in.definition
    ws, wc = normalized_weights(s_def, issues), normalized_weights(c_def, issues)
    points = [
        (utility(s_def, issues, p.values), utility(c_def, issues, p.values))
        for p in win_win.packages
    ]
    dominating = [0] * len(points)

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
                for k, (s, c) in enumerate(points):
                    if us >= s and uc >= c and (us > s or uc > c):
                        dominating[k] += 1
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
    for package, (us, uc), count in zip(win_win.packages, points, dominating, strict=True):
        ms = must_haves_met(s_def, issues, package.values)
        mc = must_haves_met(c_def, issues, package.values)
        feasible = (
            ms
            and mc
            and us >= s_def.reservation_utility - TOLERANCE
            and uc >= c_def.reservation_utility - TOLERANCE
        )
        improvement = _improvement((us, uc), frontier, d, count)
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
                pareto_efficient=feasible and improvement is None,
                improvement=improvement,
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


def _overwrite(report: dict[str, Any], figures: Mapping[str, Any]) -> None:
    """Put the loops' figures in the report's place, key by key (nested sections too)."""
    for key, value in figures.items():
        if isinstance(value, Mapping):
            _overwrite(report.setdefault(key, {}), value)
        else:
            report[key] = value


def report_loops(
    case: Case, *, seed: int = DEFAULT_SEED, paths: int = DEFAULT_PATHS
) -> dict[str, Any]:
    """``build_report`` with every figure the loops compute taken from the loops.

    The case assessment's projection, Monte Carlo, outcome search and package money are
    replaced by their loop versions while the report is built; its value and economics
    figures are then overwritten by :func:`~benchmarks.loops_projection.economics_figures`.
    """
    target = "negotiation_lib.assessment"
    with (
        mock.patch(f"{target}.case_projection", case_projection_loops),
        mock.patch(f"{target}.case_monte_carlo", case_monte_carlo_loops),
        mock.patch(f"{target}.assess_win_win", assess_win_win_loops),
        mock.patch(f"{target}.package_economics", package_economics_loops),
    ):
        report = build_report(case, seed=seed, paths=paths)
    for section, figures in economics_figures(case).items():
        if section in report:
            _overwrite(report[section], figures)
    return report


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
        if not close(float(a), float(b)):
            yield f"{path}: {a!r} != {b!r}"
    elif a != b:
        yield f"{path}: {a!r} != {b!r}"


def reports_agree(loop: dict[str, Any], vectorized: dict[str, Any]) -> list[str]:
    """Where two reports differ (floats within a relative 1e-9; empty when they agree)."""
    return list(_differences(loop, vectorized, "report"))
