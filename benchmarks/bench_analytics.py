"""Analytics speed: Monte Carlo, the win-win frontier over 10^6 outcomes, the full report.

Targets (issue "the analytics core"): Monte Carlo of 10,000 paths x 100 repetitions under
50 ms; the Pareto frontier and bargaining points over 10^6 outcomes under 1 s; a full
``report`` of a sample case under 300 ms after import. The projection with its seller-optimal
price and break-even loyalty (a search over the ZOPA at every step of a bisection) is timed
too, without a target: it is part of every report.

Each is also timed in its naive form, plain Python loops over prices, paths, repetitions and
outcomes, written from the design notes (:mod:`benchmarks.loops`), and the speed-up is
reported. Before timing, the loop and vectorized results are checked to agree (an
``AssertionError`` otherwise): the Monte Carlo on small inputs draw for draw, the projection
and the whole report of every sample case, so the comparison is between two independent ways
of computing the same figures.
"""

from __future__ import annotations

import subprocess
import sys
from functools import partial

from benchmarks.harness import Figure, figure, time_ms
from benchmarks.loops import (
    assess_win_win_loops,
    case_monte_carlo_loops,
    case_projection_loops,
    projections_agree,
    report_loops,
    reports_agree,
    results_agree,
    win_win_agree,
)
from negotiation_lib.datasets import load_sample_case, sample_case_names, sample_case_path
from negotiation_lib.domain.case import (
    NumericIssue,
    OptionsIssue,
    PartyDefinition,
    WinWin,
)
from negotiation_lib.domain.montecarlo import case_monte_carlo
from negotiation_lib.domain.projection import case_projection
from negotiation_lib.domain.win_win import assess_win_win, outcome_count
from negotiation_lib.report import build_report

GROUP = "analytics"


def million_outcome_space() -> WinWin:
    """Price in 1,000 steps and three ten-option issues: exactly 10^6 outcomes."""
    return outcome_space(1000)


def outcome_space(price_levels: int) -> WinWin:
    """The first ``price_levels`` prices of the million-outcome space, scored as there.

    ``price_levels`` x 1,000 outcomes: a subset of :func:`million_outcome_space` (1,000 levels).
    """
    options = tuple(f"o{k}" for k in range(10))
    top = round(100 + (price_levels - 1) * 0.1, 1)
    issues = (
        NumericIssue(name="price", min=100, max=top, step=0.1),
        OptionsIssue(name="warranty", options=options),
        OptionsIssue(name="payment", options=options),
        OptionsIssue(name="service", options=options),
    )

    def party(price_up: bool, phase: int) -> PartyDefinition:
        curve = ((100.0, 0.0), (199.9, 100.0)) if price_up else ((100.0, 100.0), (199.9, 0.0))
        scores = {
            name: {o: float((7 * k + phase * (i + 1)) % 10 * 11) for k, o in enumerate(options)}
            for i, name in enumerate(("warranty", "payment", "service"))
        }
        return PartyDefinition(
            weights={"price": 0.4, "warranty": 0.2, "payment": 0.2, "service": 0.2},
            scores={"price": curve, **scores},
            win_threshold=55,
            reservation_utility=20,
        )

    return WinWin(issues=issues, seller=party(True, 1), customer=party(False, 3))


def _speedup(
    name: str, loop: list[float], vectorized_median: float, scale: float = 1.0, note: str = ""
) -> Figure:
    """The loop version's figure; its note gives both medians and the speed-up."""
    f = figure(GROUP, name, [x * scale for x in loop])
    ratio = f.median / vectorized_median
    text = (
        f"vectorized median {vectorized_median:,.1f} ms, loops {f.median:,.0f} ms: "
        f"×{ratio:,.0f} speed-up; results agree"
    )
    return Figure(f.group, f.name, f.median, f.p95, f.unit, "", None, f.runs, f"{text}{note}")


def check_agreement() -> None:
    """Loops and vectorized code give the same results on small inputs (else AssertionError)."""
    case = load_sample_case("pumpco_acme_foods")
    for paths, seed in ((1, 0), (500, 1)):
        problems = results_agree(
            case_monte_carlo_loops(case, paths=paths, seed=seed),
            case_monte_carlo(case, paths=paths, seed=seed),
        )
        assert not problems, f"Monte Carlo loops disagree ({paths} paths): {problems}"
    space = outcome_space(10)  # 10^4 outcomes of the million-outcome space
    problems = win_win_agree(assess_win_win_loops(space), assess_win_win(space))
    assert not problems, f"win-win loops disagree on 10^4 outcomes: {problems}"
    for name in sample_case_names():
        sample = load_sample_case(name)
        problems = projections_agree(case_projection_loops(sample), case_projection(sample))
        assert not problems, f"projection loops disagree for {name}: {problems[:5]}"
        problems = reports_agree(report_loops(sample, paths=500), build_report(sample, paths=500))
        assert not problems, f"report with loops disagrees for {name}: {problems[:5]}"


def run(quick: bool) -> list[Figure]:
    repeat = 5 if quick else 30
    loops = 2 if quick else 5
    out: list[Figure] = []
    check_agreement()

    case = load_sample_case("pumpco_acme_foods")
    mc = figure(
        GROUP,
        "Monte Carlo, 10,000 paths x 100 repetitions",
        time_ms(lambda: case_monte_carlo(case, paths=10_000, seed=1), repeat=repeat * 2),
        target_below=50,
    )
    out.append(mc)
    out.append(
        _speedup(
            "Monte Carlo, 10,000 x 100, plain-Python loops",
            time_ms(
                lambda: case_monte_carlo_loops(case, paths=10_000, seed=1),
                repeat=loops,
                warmup=0,
            ),
            mc.median,
        )
    )

    projection = figure(
        GROUP,
        "projection x100 with the seller-optimal price and break-even loyalty",
        time_ms(lambda: case_projection(case), repeat=repeat * 2),
    )
    out.append(projection)
    out.append(
        _speedup(
            "projection x100 with the seller-optimal price and break-even loyalty, "
            "plain-Python loops",
            time_ms(lambda: case_projection_loops(case), repeat=loops, warmup=0),
            projection.median,
        )
    )

    space = million_outcome_space()
    assert outcome_count(space.issues) == 1_000_000
    result = assess_win_win(space)
    frontier = figure(
        GROUP,
        "Pareto frontier + Nash/KS/egalitarian, 10^6 outcomes",
        time_ms(lambda: assess_win_win(space), repeat=max(3, repeat // 3)),
        target_below=1000,
        note=f"{len(result.frontier)} frontier points",
    )
    out.append(frontier)
    # The whole 10^6 in Python takes seconds: the quick run times the first 100 prices
    # (10^5 outcomes of the same space) and scales by 10.
    levels = 100 if quick else 1000
    subset = outcome_space(levels)
    scale = 1000 / levels
    out.append(
        _speedup(
            "Pareto frontier + Nash/KS/egalitarian, 10^6 outcomes, plain-Python loops",
            time_ms(lambda: assess_win_win_loops(subset), repeat=loops, warmup=0),
            frontier.median,
            scale,
            f"; timed on 10^5 outcomes (the first 100 prices) ×{scale:g}" if scale != 1 else "",
        )
    )

    cli = [sys.executable, "-m", "negotiation_lib.cli", "report"]
    path = str(sample_case_path("pumpco_acme_foods"))
    out.append(
        figure(
            GROUP,
            "`negotiation-workbook report` as a new process (imports included)",
            time_ms(
                lambda: subprocess.run([*cli, path], check=True, capture_output=True),
                repeat=max(3, repeat // 3),
            ),
            note="context for the target below, which excludes start-up",
        )
    )

    for name in sample_case_names():
        sample = load_sample_case(name)
        report = figure(
            GROUP,
            f"full report, {name}",
            time_ms(partial(build_report, sample), repeat=repeat),
            target_below=300,
        )
        out.append(report)
        out.append(
            _speedup(
                f"full report, {name}, plain-Python loops",
                time_ms(partial(report_loops, sample), repeat=loops, warmup=0),
                report.median,
                note="; loops replace the projection, the Monte Carlo, the outcome search and "
                "the packages' money",
            )
        )
    return out
