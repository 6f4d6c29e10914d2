"""Where the answer flips: the two-input map and the flip searches (issue 21).

Target (issue 21): a two-input map of 100 × 100 in under 2 s. Two maps on the sample case
``pumpco_acme_foods``, each 100 × 100 = 10,000 points, from
:func:`negotiation_lib.domain.flips.flip_map`:

- tough (CPT) price × one-sided retention: a row (one retention) is one NumPy pass over its 100
  prices (:func:`~negotiation_lib.domain.projection.npvs_by_price`);
- volume × one-sided retention: every point is a case of its own (the override validated as the
  schema says), valued over three prices (its own, fair and tough) in one pass.

Beside them, the flip searches of :func:`negotiation_lib.domain.flips.find_flips`: every
recommendation, both directions, for each input of :data:`INPUTS` (bisection to 10⁻⁹ of the
range, each step one valuation of the page's model). No target was set for those; the figure
is the time for the whole set, for a page that would search on a click.
"""

from __future__ import annotations

from functools import partial

from benchmarks.harness import Figure, figure, time_ms
from negotiation_lib.datasets import load_pumpco_acme_foods
from negotiation_lib.domain.flips import CPT_PRICE, find_flips, flip_map

GROUP = "flips"
SIZE = 100
RETENTION = "relationship.retention_one_sided"
INPUTS = (
    "relationship.retention_one_sided",
    "relationship.retention_fair",
    "relationship.discount_rate",
    "relationship.repetitions",
    "economics.volume_per_period",
    "economics.variable_cost_per_unit",
    "value.drivers[0].value_per_unit",
)


def _searches() -> int:
    case = load_pumpco_acme_foods()
    return sum(len(find_flips(case, path).flips) for path in INPUTS)


def run(quick: bool = False) -> list[Figure]:
    """Time both maps and the flip searches (3 runs, 1 with ``quick``)."""
    case = load_pumpco_acme_foods()
    repeat = 1 if quick else 3
    out = []
    for x_path, words in (
        (CPT_PRICE, "tough price × one-sided retention, a row per NumPy pass"),
        ("economics.volume_per_period", "volume × one-sided retention, a case per point"),
    ):
        make = partial(flip_map, case, x_path, RETENTION, size=SIZE)
        samples = time_ms(make, repeat=repeat, warmup=1)
        points = make().seller_npv.size
        out.append(
            figure(
                GROUP,
                f"{SIZE} × {SIZE} flip map: {words}",
                samples,
                target_below=2_000,
                note=f"{points:,} points of the seller's NPV with the fair/CPT boundary",
            )
        )
    samples = time_ms(_searches, repeat=repeat, warmup=0)
    out.append(
        figure(
            GROUP,
            f"flip searches: {len(INPUTS)} inputs × 7 recommendations × both directions",
            samples,
            note=f"{_searches()} bisections to 1e-9 of the range, pumpco_acme_foods",
        )
    )
    return out
