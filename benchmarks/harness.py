"""Timing and reporting helpers shared by every benchmark module."""

from __future__ import annotations

import gc
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version


@dataclass(frozen=True)
class Figure:
    """One measured figure: what, the samples' median and p95, and the target it answers."""

    group: str
    name: str
    median: float
    p95: float
    unit: str
    target: str
    met: bool | None
    runs: int
    note: str = ""


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between order statistics."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def time_ms(fn: Callable[[], object], *, repeat: int, warmup: int = 1) -> list[float]:
    """Wall-clock milliseconds of ``repeat`` calls after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def figure(
    group: str,
    name: str,
    samples: list[float],
    *,
    unit: str = "ms",
    target_below: float | None = None,
    note: str = "",
) -> Figure:
    """Summarize samples; a target, when given, is met when the p95 is below it."""
    med, p95 = statistics.median(samples), percentile(samples, 95)
    target = f"p95 < {target_below:g} {unit}" if target_below is not None else ""
    met = None if target_below is None else p95 < target_below
    return Figure(group, name, med, p95, unit, target, met, len(samples), note)


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kib = int(fh.readline().split()[1])
            mem = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = ", ".join(
        f"{pkg} {version(pkg)}" for pkg in ("numpy", "pandas", "pydantic", "plotly", "voila")
    )
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{cpu}, {os.cpu_count()} cores, {mem}",
        "python": platform.python_version(),
        "packages": versions,
    }


def _shown(value: float, unit: str) -> str:
    """A figure with its unit: counts (whole numbers not in ms or MB) without decimals."""
    if unit not in ("ms", "MB") and float(value).is_integer():
        return f"{value:,.0f} {unit}"
    return f"{value:,.2f} {unit}"


def markdown(figures: list[Figure], command: str) -> str:
    """The RESULTS.md text."""
    info = machine()
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{command}` on {info['date']}.",
        "",
        f"- Machine: {info['machine']}",
        f"- Python {info['python']}; {info['packages']}",
        "",
        "| group | benchmark | median | p95 | target | met | runs | note |",
        "|---|---|---:|---:|---|---|---:|---|",
    ]
    for f in figures:
        met = {True: "yes", False: "**no**", None: ""}[f.met]
        lines.append(
            f"| {f.group} | {f.name} | {_shown(f.median, f.unit)} | {_shown(f.p95, f.unit)} | "
            f"{f.target} | {met} | {f.runs} | {f.note} |"
        )
    return "\n".join(lines) + "\n"
