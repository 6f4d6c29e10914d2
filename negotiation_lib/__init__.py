"""Negotiation Workbook: the analytics, worksheets and tools behind the workbook.

The formulas live in :mod:`negotiation_lib.domain`; :mod:`negotiation_lib.report` computes
every figure of a case at once; :mod:`negotiation_lib.datasets` loads the sample cases;
:func:`batch` tabulates the headline figures of many cases and scenarios.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__version__ = "0.1.0"


def batch(
    cases: str | Path | Mapping[str, Any] | Iterable[str | Path | Mapping[str, Any]],
    scenario: str | None = None,
    sets: Mapping[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """One row of headline figures per case and scenario (:func:`.batches.batch`).

    Imported on first use: ``import negotiation_lib`` stays light for the pages' kernels.
    """
    from negotiation_lib.batches import batch as run

    return run(cases, scenario=scenario, sets=sets, progress=progress)
