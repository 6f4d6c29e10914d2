"""Analytics speed: Monte Carlo, the win-win frontier over 10^6 outcomes, the full report.

Targets (issue "the analytics core"): Monte Carlo of 10,000 paths x 100 repetitions under
50 ms; the Pareto frontier and bargaining points over 10^6 outcomes under 1 s; a full
``report`` of a sample case under 300 ms after import.
"""

from __future__ import annotations

import subprocess
import sys
from functools import partial

from benchmarks.harness import Figure, figure, time_ms
from negotiation_lib.datasets import load_sample_case, sample_case_names, sample_case_path
from negotiation_lib.domain.case import (
    NumericIssue,
    OptionsIssue,
    PartyDefinition,
    WinWin,
)
from negotiation_lib.domain.montecarlo import case_monte_carlo
from negotiation_lib.domain.winwin import assess_win_win, outcome_count
from negotiation_lib.report import build_report

GROUP = "analytics"


def million_outcome_space() -> WinWin:
    """Price in 1,000 steps and three ten-option issues: exactly 10^6 outcomes."""
    options = tuple(f"o{k}" for k in range(10))
    issues = (
        NumericIssue(name="price", min=100, max=199.9, step=0.1),
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


def run(quick: bool) -> list[Figure]:
    repeat = 5 if quick else 30
    out: list[Figure] = []

    case = load_sample_case("pumpco_acme_foods")
    out.append(
        figure(
            GROUP,
            "Monte Carlo, 10,000 paths x 100 repetitions",
            time_ms(lambda: case_monte_carlo(case, paths=10_000, seed=1), repeat=repeat * 2),
            target_below=50,
        )
    )

    space = million_outcome_space()
    assert outcome_count(space.issues) == 1_000_000
    result = assess_win_win(space)
    out.append(
        figure(
            GROUP,
            "Pareto frontier + Nash/KS/egalitarian, 10^6 outcomes",
            time_ms(lambda: assess_win_win(space), repeat=max(3, repeat // 3)),
            target_below=1000,
            note=f"{len(result.frontier)} frontier points",
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
        out.append(
            figure(
                GROUP,
                f"full report, {name}",
                time_ms(partial(build_report, load_sample_case(name)), repeat=repeat),
                target_below=300,
            )
        )
    return out
