"""Practice opponents against each other: 1,000 rooms per pairing of styles (issue 19).

Target (issue 19): 1,000 rooms of opponents against opponents, every pairing of styles, five
rounds, in under 10 s. For each role-play sample case, one run is
:func:`negotiation_lib.domain.opponents.simulate_pairings` with ``rooms=1000, rounds=5``:
4 pairings (seller style, customer style: CPT or trust-based) × 1,000 rooms × up to 5 rounds
of alternating offers (20 steps at most), each agreement priced on the true economics and its
renewal drawn from the room's seeded generator. Its wall time is the figure, building the
opponents and enumerating the case's packages included.

The simulation is the workbook's own evidence for its thesis: ``python -m
benchmarks.bench_opponents`` prints the table of mean cumulative NPV per pairing and side that
RESULTS.md records, with its assumptions (:data:`ASSUMPTIONS`).
"""

from __future__ import annotations

import sys
from functools import partial

from benchmarks.harness import Figure, figure, time_ms
from negotiation_lib.datasets import load_role_play_case
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.opponents import (
    BOULWARE_BETA,
    CONCEDER_BETA,
    DEFAULT_DEADLINE,
    PairingResult,
    simulate_pairings,
)
from negotiation_lib.domain.validation import parse_case

GROUP = "opponents"
CASES = ("valtora_brightmoor", "corvane_bluewell")
ROOMS = 1000
ROUNDS = 5
WORKSHOP = "simulation"
STYLE_WORDS = {"cpt": "CPT", "trust": "trust-based"}

ASSUMPTIONS = (
    f"{ROOMS:,} rooms per pairing, {ROUNDS} rounds, room k seeded "
    f"`seed_of({WORKSHOP!r}, k)` (the same seeds for every pairing); CPT β = {BOULWARE_BETA:g} "
    f"(Boulware), trust-based β = {CONCEDER_BETA:g} (conceder), {DEFAULT_DEADLINE} steps a "
    "round, seller opens; retention from the split of the true economics at the agreed "
    "package (DESIGN §3: fair retention at the fair split, falling linearly to the one-sided "
    "retention at a gap of 0.5); one-time costs in round 1; BATNA per period after a "
    "walk-away or a failed renewal; values discounted at the case's rates"
)


def _case(name: str) -> Case:
    return parse_case(load_role_play_case(name))


def run(quick: bool = False) -> list[Figure]:
    """Time the simulation on each role-play sample case (3 runs, 1 with ``quick``)."""
    out = []
    for name in CASES:
        case = _case(name)
        play = partial(simulate_pairings, case, ROOMS, ROUNDS, workshop=WORKSHOP)
        samples = time_ms(play, repeat=1 if quick else 3, warmup=0)
        results = play()
        best = max(results, key=lambda r: r.seller_npv + r.customer_npv)
        note = (
            f"4 pairings × {ROOMS:,} rooms × {ROUNDS} rounds; highest joint mean NPV: "
            f"{STYLE_WORDS[best.seller_style]} seller with {STYLE_WORDS[best.customer_style]} "
            "buyer"
        )
        out.append(
            figure(
                GROUP,
                f"{ROOMS:,} simulated rooms per pairing, {name}",
                samples,
                target_below=10_000,
                note=note,
            )
        )
    return out


def table(name: str, results: list[PairingResult], currency: str) -> str:
    """The mean cumulative NPV per pairing and side (± its standard error), as Markdown."""
    lines = [
        f"| {name}: seller | buyer | seller's mean NPV ({currency}) | buyer's mean NPV "
        f"({currency}) | joint ({currency}) | rounds lived (mean) | agreed in round 1 |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {STYLE_WORDS[r.seller_style]} | {STYLE_WORDS[r.customer_style]} | "
            f"{r.seller_npv:,.0f} ± {r.seller_npv_se:,.0f} | "
            f"{r.customer_npv:,.0f} ± {r.customer_npv_se:,.0f} | "
            f"{r.seller_npv + r.customer_npv:,.0f} | {r.mean_rounds_lived:.2f} of {ROUNDS} | "
            f"{100 * r.first_round_agreements:.0f}% |"
        )
    return "\n".join(lines)


def main() -> int:
    """Print the tables RESULTS.md records."""
    sys.stdout.write(f"Assumptions: {ASSUMPTIONS}.\n\n")
    for name in CASES:
        case = _case(name)
        results = simulate_pairings(case, ROOMS, ROUNDS, workshop=WORKSHOP)
        sys.stdout.write(table(name, results, case.currency) + "\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
