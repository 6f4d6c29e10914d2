"""A batch of 1,000 case-scenarios: every headline figure of each, one row each (issue 21).

Target (issue 21): a batch of 1,000 case-scenarios in under 10 s. The batch is the five sample
cases, each with 200 named scenarios that change its money inputs by key path (the one-sided
retention, the volume, the discount rate and the list price, on a grid around the case's own
values), so that no row can reuse another's projection: the figure is the wall time of
:func:`negotiation_lib.batch` from the case documents to the table (the overrides applied and
validated, each case-scenario assessed, its report flattened into a row).
"""

from __future__ import annotations

import copy
import itertools
import sys
from typing import Any

from benchmarks.harness import Figure, figure, time_ms
from negotiation_lib.datasets import sample_case_document, sample_case_names

GROUP = "batch"
PER_CASE = 200
"""Scenarios per sample case: 5 cases × (base + 199 scenarios) = 1,000 rows."""


def _scenarios(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """``PER_CASE - 1`` scenarios changing money inputs by key path (the base is the 200th)."""
    econ, rel = doc["economics"], doc.get("relationship") or {}
    one_sided = float(rel.get("retention_one_sided", 0.6))
    fair = float(rel.get("retention_fair", 0.95))
    grid = itertools.product(
        (0.25, 0.5, 0.75, 1.0),  # one-sided retention, as a share of the way to the fair one
        (0.8, 0.9, 1.1, 1.2, 1.5),  # volume
        (0.04, 0.08, 0.12, 0.16, 0.2),  # discount rate
        (1.0, 1.05),  # list price
    )
    out: list[dict[str, Any]] = []
    for k, (r, v, d, p) in enumerate(grid):
        if len(out) == PER_CASE - 1:
            break
        out.append(
            {
                "name": f"Scenario {k + 1}",
                "overrides": {
                    "relationship.retention_one_sided": round(one_sided * r + 0.0, 4)
                    if r < 1
                    else round(min(one_sided + (fair - one_sided) / 2, 1.0), 4),
                    "economics.volume_per_period": float(econ["volume_per_period"]) * v,
                    "relationship.discount_rate": d,
                    "economics.list_price_per_unit": float(econ["list_price_per_unit"]) * p,
                },
            }
        )
    return out


def documents() -> list[dict[str, Any]]:
    """The five sample cases, each carrying its scenarios."""
    out = []
    for name in sample_case_names():
        doc = copy.deepcopy(sample_case_document(name))
        doc["scenarios"] = _scenarios(doc)
        out.append(doc)
    return out


def run(quick: bool = False) -> list[Figure]:
    """Time one batch of 1,000 case-scenarios (2 runs, 1 with ``quick``)."""
    import negotiation_lib

    docs = documents()
    rows = sum(1 + len(d["scenarios"]) for d in docs)
    samples = time_ms(lambda: negotiation_lib.batch(docs), repeat=1 if quick else 2, warmup=0)
    return [
        figure(
            GROUP,
            f"batch of {rows:,} case-scenarios (5 sample cases × {PER_CASE})",
            samples,
            target_below=10_000,
            note="every headline figure of each row; overrides applied and validated",
        )
    ]


if __name__ == "__main__":
    for f in run("--quick" in sys.argv):
        print(f)
