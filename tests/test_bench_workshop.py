"""The workshop benchmark reads the server's memory as flat by its trend once warm."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from benchmarks import bench_workshop as bw


def _measured(n: int, rss: Callable[[int], float]) -> Any:
    """``n`` page opens, every sixth of the floor, the server at ``rss(k)`` MB after open k."""
    opens = [
        SimpleNamespace(
            kind="floor" if k % 6 == 5 else bw.KINDS[k % len(bw.KINDS)],
            cpu_s=1.0,
            gross_cpu_s=1.1,
            server_cpu_s=0.5,
            refill_cpu_s=0.2,
            browser_cpu_s=3.0,
            wall_ms=3000.0,
            settled_s=5.0,
            server_rss_mb=rss(k),
            settled=True,
            freed=True,
            error="",
        )
        for k in range(n)
    ]
    return SimpleNamespace(opens=opens, pool_idle=0.01, pool=7, pool_rss_mb=1000.0, warmed_s=5.0)


def _memory_row(m: Any) -> Any:
    return next(f for f in bw._open_figures(m) if f.name.startswith("server memory"))


def test_a_rise_that_ends_is_flat() -> None:
    row = _memory_row(_measured(240, lambda k: 98 + min(k, 120) / 3))
    assert row.median == pytest.approx(0.0)
    assert row.met is True
    assert "98 MB after open 1" in row.note
    assert "138 MB after open 240 (+40 MB in all, +27 MB over the last 200;" in row.note


def test_a_slope_that_does_not_end_is_a_leak() -> None:
    # 0.1 MB an open: 20 MB per 200 opens.
    row = _memory_row(_measured(240, lambda k: 98 + 0.1 * k))
    assert row.median == pytest.approx(20.0)
    assert row.met is False


def test_a_quick_run_reads_no_trend() -> None:
    row = _memory_row(_measured(18, lambda k: 98 + 2 * k))
    assert row.met is None
    assert row.target == ""
    # What is shown is the growth over the opens, named as such, not a trend read from them.
    assert row.median == pytest.approx(34.0)
    assert "least-squares" not in row.name
    assert row.note.startswith("too few opens to read a trend")
