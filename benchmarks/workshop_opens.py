"""Page opens one at a time, each costed in CPU-seconds of the server and its kernels.

A page open costs the server more than the page's own kernel: Voila hands the visitor a
preheated kernel and starts another to refill the pool, and the page's kernel is shut down when
the page closes. So each open is measured from a quiet server to a quiet server again: the tree
(server and kernels) is read once nothing in it runs and the kernel count is the pool's; the
page is opened in a new Chromium context until it is usable, then closed as a browser closes a
tab (its ``beforeunload`` runs, so Voila's page asks the server to shut its kernel down); and
the tree is read again once it has settled. The difference, less the idle rate of the pool
over the same seconds, is the open's cost: page kernel, refill, shutdown, server.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from playwright.async_api import Browser

from benchmarks.processes import TreeMeter, TreeSample, pid_cpu
from benchmarks.workshop_trainees import KERNEL_ID, VIEWPORT, accept, close_page

QUIET_S = 1.5
"""How long the tree must stay quiet to count as settled."""
QUIET_MARGIN = 0.05
"""CPU-seconds per second above the idle rate that still count as quiet."""
SAMPLE_S = 0.25
SETTLE_TIMEOUT_S = 120.0
FREE_S = 30.0
"""A closed page's kernel still running this long after the close was not freed by it."""


@dataclass(frozen=True)
class Settled:
    """A reading of a settled tree, or of one that did not settle in time."""

    sample: TreeSample
    settled: bool


async def settle(
    meter: TreeMeter,
    kernels: int,
    idle: float,
    timeout: float = SETTLE_TIMEOUT_S,
    leftovers: set[str] | None = None,
) -> Settled:
    """Wait until the tree runs ``kernels`` kernels and has been quiet for ``QUIET_S``.

    Quiet: its CPU rate over the last ``QUIET_S`` seconds at most ``idle + QUIET_MARGIN``, and
    none of its processes running or runnable at the last reading (a kernel starved of CPU by
    other work on the machine uses no CPU, but it is runnable, not done). Kernels named in
    ``leftovers`` (of closed pages, that their close did not free) are counted on top of
    ``kernels`` while they live: the culler ends them later.
    """
    left = leftovers or set()
    window: list[TreeSample] = []
    deadline = time.monotonic() + timeout
    while True:
        now = meter.sample()
        window.append(now)
        while len(window) > 1 and window[1].at <= now.at - QUIET_S:
            window.pop(0)
        first = window[0]
        span = now.at - first.at
        if (
            span >= QUIET_S * 0.9
            and len(now.kernels) == kernels + len(left & now.kernel_ids)
            and not now.runnable
            and (now.cpu_s - first.cpu_s) / span <= idle + QUIET_MARGIN
        ):
            return Settled(now, True)
        if now.at > deadline:
            return Settled(now, False)
        await asyncio.sleep(SAMPLE_S)


async def idle_rate(meter: TreeMeter, seconds: float) -> float:
    """CPU-seconds per second the tree uses while nothing is asked of it."""
    first = meter.sample()
    await asyncio.sleep(seconds)
    last = meter.sample()
    return (last.cpu_s - first.cpu_s) / (last.at - first.at)


@dataclass(frozen=True)
class PageOpen:
    """One page open: what was opened, its cost to the server and the browser, its wall time."""

    kind: str
    cpu_s: float
    """Server and kernels, refill and shutdown included, the idle rate taken off."""
    gross_cpu_s: float
    server_cpu_s: float
    """Of the gross: the server process itself (the rest is kernels)."""
    refill_cpu_s: float
    """Of the gross: the kernel started to refill the pool, up to where it waits."""
    browser_cpu_s: float
    wall_ms: float
    """From navigation to the page usable."""
    settled_s: float
    """From navigation to the tree settled again."""
    server_rss_mb: float
    """The server process alone, once settled after the open."""
    settled: bool
    freed: bool
    """Whether the page's kernel ended within ``FREE_S`` of the page closing."""
    after: Settled
    """The settled tree after this open (the next open starts from it)."""
    error: str = ""


async def open_once(
    browser: Browser,
    url: str,
    ready: str,
    kind: str,
    meters: tuple[TreeMeter, TreeMeter],
    pool: tuple[int, float, set[str]],
    timeout_ms: float,
    before: Settled | None = None,
) -> PageOpen:
    """Open ``url`` in a new context until ``ready`` (a selector) shows; its cost.

    ``meters``: the server's tree and the browser's; ``pool``: its kernel count, its idle rate
    and the kernels of closed pages still alive (a kernel this page's close does not free
    within ``FREE_S`` is added); ``before``: the settled tree to start from (the previous
    open's ``after``), if settled.
    """
    server, chromium = meters
    kernels, idle, leftovers = pool
    if before is None or not before.settled:
        before = await settle(server, kernels, idle, leftovers=leftovers)
    browser_before = chromium.sample().cpu_s
    context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    error, wall, kernel_id = "", 0.0, ""
    start = time.monotonic()
    try:
        page = await context.new_page()
        page.on("dialog", accept)
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_selector(ready, state="visible", timeout=timeout_ms)
        wall = (time.monotonic() - start) * 1000
        kernel_id = str(await page.evaluate(KERNEL_ID))
        await close_page(page)
    except Exception as err:  # one failed open is recorded; the run goes on
        error = f"{type(err).__name__}: {str(err).strip().splitlines()[0][:100]}"
    after = await settle(server, kernels, idle, FREE_S, leftovers)
    freed = kernel_id not in after.sample.kernel_ids
    if not after.settled:
        if not freed:
            leftovers.add(kernel_id)
        after = await settle(server, kernels, idle, leftovers=leftovers)
    # The browser stays open, as a trainee's does: the context goes once the server settled.
    await context.close()
    gross = after.sample.cpu_s - before.sample.cpu_s
    refill = sum(pid_cpu(p) for p in set(after.sample.kernels) - set(before.sample.kernels))
    return PageOpen(
        kind=kind,
        cpu_s=gross - idle * (after.sample.at - before.sample.at),
        gross_cpu_s=gross,
        server_cpu_s=after.sample.root_cpu_s - before.sample.root_cpu_s,
        refill_cpu_s=refill,
        browser_cpu_s=chromium.sample().cpu_s - browser_before,
        wall_ms=wall,
        settled_s=after.sample.at - start,
        server_rss_mb=after.sample.root_rss_mb,
        settled=before.settled and after.settled,
        freed=freed,
        after=after,
        error=error,
    )
