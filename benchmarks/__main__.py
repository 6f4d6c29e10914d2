"""Run the benchmarks: ``python -m benchmarks [--quick] [--out FILE]``.

Without ``--out`` the table is written to ``benchmarks/RESULTS.md`` (``make bench``). The
test command runs ``--quick`` into ``test-artifacts/`` so every CI run shows the figures too;
the figures are reported against their targets, never asserted.

``--quick`` (the test command's) runs the analytics, changes, store, opponents, flips and batch
groups, with fewer repetitions, the deal rooms with 4 teams in 2 rooms instead of 20 in 10
(about 2 minutes: every CI run shows a move reaching the other team's page in real Chromium),
and 3 trainees through a local JupyterHub against the same 3 on ``serve`` instead of 30
(about 2 minutes).
The page loads and round trips, the kernels after 50 open/close cycles, the 30-trainee
workshop and the 20 teams in deal rooms take 5 to 25 minutes each on a 2-core machine, which
CI cannot spare: they run in the full run (``make bench``) only, and their figures are in
RESULTS.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks import (
    bench_analytics,
    bench_batch,
    bench_changes,
    bench_flips,
    bench_hub,
    bench_kernels,
    bench_opponents,
    bench_pages,
    bench_rooms,
    bench_store,
    bench_workshop,
)
from benchmarks.harness import markdown

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--only",
        choices=(
            "analytics",
            "changes",
            "pages",
            "kernels",
            "store",
            "workshop",
            "rooms",
            "opponents",
            "flips",
            "batch",
            "hub",
        ),
        help="run one group of benchmarks",
    )
    args = parser.parse_args(argv)
    figures = []
    if args.only in (None, "analytics"):
        figures += bench_analytics.run(args.quick)
    if args.only in (None, "changes"):
        figures += bench_changes.run(args.quick)
    heavy = args.only is not None or not args.quick
    if args.only in (None, "pages") and heavy:
        figures += bench_pages.run(args.quick)
    if args.only in (None, "kernels") and heavy:
        figures += bench_kernels.run(args.quick)
    if args.only in (None, "store"):
        figures += bench_store.run(args.quick)
    # About a second: quick enough for every CI run (--quick).
    if args.only in (None, "opponents"):
        figures += bench_opponents.run(args.quick)
    # Under 2 s a run (two 100 x 100 maps and 98 flip searches): quick enough for CI.
    if args.only in (None, "flips"):
        figures += bench_flips.run(args.quick)
    if args.only in (None, "workshop") and heavy:
        figures += bench_workshop.run(args.quick)
    # About 4 s a batch of 1,000 case-scenarios (one batch with --quick): every CI run.
    if args.only in (None, "batch"):
        figures += bench_batch.run(args.quick)
    if args.only in (None, "rooms"):  # quick: 4 teams
        figures += bench_rooms.run(args.quick)
    # Trainees through a local JupyterHub against serve (quick: 3 trainees, about 2 minutes).
    if args.only in (None, "hub"):
        figures += bench_hub.run(args.quick)
    command = (
        "python -m benchmarks"
        + (" --quick" if args.quick else "")
        + (f" --only {args.only}" if args.only else "")
    )
    text = markdown(figures, command)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
