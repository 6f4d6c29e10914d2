"""Kernels after many page open/close cycles: closed pages must not leave kernels behind.

Target (issue "the three worksheets", kernels): after 50 worksheet pages opened and closed,
at most the preheated pool plus two kernels remain once culling has had its chance.

Voila starts a kernel per page load (taking one from the preheated pool and refilling it) and
asks the server to shut it down when the page closes, a request the server can refuse, so
culling must reclaim the kernels of closed pages. The server here is the ``serve`` command
line with its default pool (:func:`negotiation_lib.cli.voila_argv`: pool size 1, every
notebook of the folder preheated) but culling at short intervals (idle 10 s, checked every
5 s), so the wait stays short. Each cycle opens a worksheet in a new Chromium context, waits
until it is usable (its first headline figure on screen), counts the server's kernels, and
closes the context; the cycles go round the three worksheets. After the last one the count
is polled every second until only the pool is left, for at most 60 s (the idle timeout and
several culling checks); the figure is the count then, and the note gives the count at the
last close and how long reclaiming took.
"""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.harness import Figure, figure
from benchmarks.servers import CHROMIUM, CHROMIUM_ARGS, preheated_notebooks, voila_server

GROUP = "kernels"
WORKSHEETS = ("value_proposition", "transparent_economics", "win_win")
CASE = "pumpco_acme_foods"
POOL_SIZE = 1
"""``serve``'s default: preheated kernels per notebook."""
CULL_IDLE_TIMEOUT_S = 10
CULL_INTERVAL_S = 5
SETTLE_S = 60.0
"""How long to wait, at most, after the last page closed."""
PAGE_TIMEOUT_MS = 180_000
READY = "() => !!document.querySelector('.nw-tile-value')"


def run(quick: bool) -> list[Figure]:
    """Open and close worksheets 50 times (quick: 10) and count the kernels left."""
    if not Path(CHROMIUM).exists():
        return [Figure(GROUP, "kernel benchmarks", 0, 0, "", "", None, 0, "skipped: no Chromium")]
    return cycles_figures(10 if quick else 50)


def cycles_figures(cycles: int) -> list[Figure]:
    """Run ``cycles`` open/close cycles against a fresh server; the figures."""
    pool = preheated_notebooks() * POOL_SIZE
    allowed = pool + 2
    loads: list[float] = []
    failures: list[str] = []
    with (
        voila_server(
            pool_size=POOL_SIZE,
            cull_idle_timeout=CULL_IDLE_TIMEOUT_S,
            cull_interval=CULL_INTERVAL_S,
        ) as server,
        sync_playwright() as pw,
    ):
        # Let the pool fill (bounded): the count before is then the pool itself.
        warmed = server.wait_for_pool(pool)
        before = len(server.kernel_pids())
        peak = before
        seen: set[int] = set()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for k in range(cycles):
            name = WORKSHEETS[k % len(WORKSHEETS)]
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            try:
                page = context.new_page()
                start = time.perf_counter()
                page.goto(
                    f"{server.base}/voila/render/{name}.ipynb?case={CASE}",
                    timeout=PAGE_TIMEOUT_MS,
                )
                page.wait_for_function(READY, timeout=PAGE_TIMEOUT_MS)
                loads.append((time.perf_counter() - start) * 1000)
                running = server.kernel_pids()
                peak = max(peak, len(running))
                seen.update(running)
            except Exception as err:  # a failed cycle is recorded, not fatal
                failures.append(f"cycle {k + 1} ({name}): {type(err).__name__}")
            finally:
                context.close()
        browser.close()

        # Poll until only the pool is left (every closed page's kernel reclaimed), for at
        # most SETTLE_S: enough for the idle timeout and several culling checks.
        closed = time.monotonic()
        at_close = after = len(server.kernel_pids())
        while after > pool and time.monotonic() < closed + SETTLE_S:
            time.sleep(1)
            after = len(server.kernel_pids())
        waited = time.monotonic() - closed

    note = (
        f"{cycles} cycles over the three worksheets; pool {pool} "
        f"({preheated_notebooks()} notebooks × {POOL_SIZE}, ready {warmed:.0f} s after start); "
        f"before {before}, peak {peak}, "
        f"{len(seen)} distinct kernels seen; {at_close} at the last close, {after} after "
        f"{waited:.0f} s "
        f"(culling: idle {CULL_IDLE_TIMEOUT_S} s, every {CULL_INTERVAL_S} s)"
    )
    if failures:
        note += f"; {len(failures)} cycles failed: " + ", ".join(failures[:3])
    figures = [
        Figure(
            GROUP,
            f"kernels alive after {cycles} page open/close cycles",
            after,
            after,
            "kernels",
            f"≤ pool + 2 = {allowed}",
            after <= allowed,
            1,
            note,
        )
    ]
    if loads:
        figures.append(
            figure(
                GROUP,
                "worksheet load during the open/close cycles",
                loads,
                note="goto → first headline figure, one page at a time, pool refilling",
            )
        )
    return figures
