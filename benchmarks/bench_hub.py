"""Trainees through a local JupyterHub against the same trainees on ``serve``: what each costs.

Two runs on the same machine, one after the other, with the same trainees (30; quick: 3;
``NW_BENCH_HUB_TRAINEES`` sets another number), the same case (``pumpco_acme_foods``) and
the same store kind (a fresh SQLite file in a temporary folder for each run; the hub's is
given to ``negotiation-workbook hub`` in ``NEGOTIATION_WORKBOOK_DB``, so its login and every
single-user server's kernels save there):

1. *hub*: ``negotiation-workbook hub`` (:mod:`benchmarks.hub_trainees`). Each trainee, in a
   browser context of their own, opens the hub's login page, types their name and the
   workshop's join code and signs in; the hub starts their single-user server, which opens
   their workbook, already joined, until its save status says "saved".
2. *serve*: ``negotiation-workbook serve`` as :func:`benchmarks.servers.voila_server` starts it
   (serve's default pool: one preheated kernel per notebook). Each trainee joins on the home
   page and opens their workbook from the welcome card until it says "saved"
   (:func:`benchmarks.workshop_trainees.join`).

A trainee left on the hub's "Your server is starting up" page 60 s after signing in reloads
it, as a person would (counted, with the errors its pages logged or left uncaught). In both
runs, the trainees arrive over 60 s (quick: all at once); once every workbook is usable
and the server has settled, each trainee changes one field of the first worksheet (spread
over 10 s; quick: at once) and waits for the page to show the newer version, then every page
stays open and idle for 10 s. The store is read afterwards: a change is kept when the
trainee's history is versions 1 and 2 and the newest holds the value typed.

What is measured is the server's process tree (:class:`benchmarks.processes.TreeMeter`): for
the hub, the hub process, the proxy, every single-user server and every kernel; for serve,
the Voila process and its kernels (the preheated pool included). Chromium runs at the lowest
priority and is never counted: the browsers stand for the trainees' laptops.

- *server CPU per trainee*, from the first arrival until every workbook is usable and the
  tree has settled, less the tree's idle rate before the arrivals, divided by the trainees
  whose workbook became usable; split by part (hub, proxy, single-user servers, Voila server,
  kernels) from each live process's CPU account;
- *one change*: the tree's CPU from the first change until it settled again, less the idle
  rate with every page open, per change made;
- *memory per trainee*: the tree's resident memory after the changes and the idle 10 s,
  divided by the trainees (also its proportional memory, shared pages split), and the peak
  over the whole run; the process count at that reading;
- every trainee usable, every change kept, tracebacks in each server's log, and wall times
  (login or home page → workbook usable; a change's save) as secondary figures.

Targets, reported and never asserted: the hub's server CPU per trainee at most twice serve's;
every trainee usable and every change kept in both; no traceback in the hub's log.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, async_playwright

from benchmarks.bench_workshop import tracebacks
from benchmarks.harness import Figure, percentile
from benchmarks.hub_trainees import (
    COMPONENTS,
    RELOAD_AFTER_S,
    HubTrainee,
    by_component,
    hub_server,
    kept_by_name,
    log_in,
)
from benchmarks.processes import TreeMeter, chromium_tree, pss_mb, renice, server_tree
from benchmarks.servers import CHROMIUM, CHROMIUM_ARGS, preheated_notebooks, voila_server
from benchmarks.workshop_opens import idle_rate, settle
from benchmarks.workshop_trainees import (
    CHANGES,
    Limits,
    Trainee,
    arrive_all,
    change,
    join,
    leave,
    typed,
)
from negotiation_lib import catalog
from negotiation_lib.store import Store

__all__ = ["PLANS", "Plan", "Run", "figures", "run"]

GROUP = "hub"
CASE = "pumpco_acme_foods"
SHEET = catalog.WORKSHEETS[0].name
"""Where both runs' trainees land and make their change: the workbook's first worksheet."""
FIELD = CHANGES[SHEET][0]
TYPED = typed(SHEET, 0)
CPU_RATIO = 2.0
"""Target: the hub's server CPU per trainee at most this many times serve's."""
TRAINEES_ENV = "NW_BENCH_HUB_TRAINEES"
"""Set to a number, both runs have that many trainees instead of the plan's."""
LOGS = Path(__file__).resolve().parent.parent / "test-artifacts" / "logs"
HUB_LOG = LOGS / "bench-hub.log"
"""The hub command's output; JupyterHub's own log is copied beside it (``-jupyterhub.log``)."""
SERVE_LOG = LOGS / "bench-hub-serve.log"


@dataclass(frozen=True)
class Plan:
    """How many trainees, how they arrive, and how long each step may take."""

    trainees: int
    arrivals_s: float
    changes_over_s: float
    idle_s: float
    quiet_s: float
    """How long the idle rate is read before the arrivals and before the changes."""
    settle_s: float
    """How long the tree may take to settle after the arrivals and after the changes."""
    limits: Limits


PLANS = {
    False: Plan(30, 60.0, 10.0, 10.0, 5.0, 120.0, Limits(600_000, 120_000, 900)),
    True: Plan(3, 0.0, 0.0, 10.0, 3.0, 45.0, Limits(180_000, 60_000, 180)),
}
"""Full and quick runs: 30 trainees over 60 s (about 20 minutes on 2 cores), or 3 at once
(about 2 minutes)."""


@dataclass(frozen=True)
class Run:
    """What one run measured, in plain numbers: :func:`figures` is built from two of these."""

    kind: str
    """``hub`` or ``serve``."""
    trainees: int
    arrivals_s: float
    usable_ms: tuple[float, ...]
    """Per trainee whose workbook became usable: first page opened → save status 'saved'."""
    save_ms: tuple[float, ...]
    errors: tuple[str, ...]
    reloads: int
    """Reloads of the hub's "server is starting" page by trainees it left waiting (serve: 0)."""
    console_errors: tuple[str, ...]
    """Errors the pages wrote to the trainees' browser consoles or left uncaught, each after
    ``hub page: `` or ``workbook page: `` (recorded in the hub run)."""
    idle_before: float
    """The tree's CPU-seconds per second before the arrivals (serve: its preheated pool)."""
    join_cpu_s: float
    """The tree's CPU from the first arrival until it settled with every workbook usable."""
    join_wall_s: float
    join_settled: bool
    join_parts: Mapping[str, float]
    """Of ``join_cpu_s``, by part of the tree (gross, idle not taken off)."""
    idle_open: float
    """The tree's CPU-seconds per second with every workbook open, before the changes."""
    changes: int
    change_cpu_s: float
    """The tree's CPU from the first change until it settled again (gross)."""
    change_wall_s: float
    base_rss_mb: float
    steady_rss_mb: float
    peak_rss_mb: float
    steady_pss_mb: float
    steady_parts: Mapping[str, tuple[float, int]]
    """Resident MB and process count of each part of the tree at the steady reading."""
    kernels: int
    kept: int
    kept_problems: tuple[str, ...]
    tracebacks: tuple[str, ...]
    elapsed_s: float

    @property
    def usable(self) -> int:
        """Trainees whose workbook became usable."""
        return len(self.usable_ms)

    @property
    def processes(self) -> int:
        """Processes in the tree at the steady reading."""
        return sum(count for _, count in self.steady_parts.values())

    @property
    def join_per_trainee(self) -> float:
        """Server CPU-seconds per usable trainee, the idle rate before the arrivals taken off."""
        net = self.join_cpu_s - self.idle_before * self.join_wall_s
        return net / max(self.usable, 1)

    @property
    def per_change(self) -> float:
        """Server CPU-seconds per change made, the idle rate with every page open taken off."""
        net = self.change_cpu_s - self.idle_open * self.change_wall_s
        return net / max(self.changes, 1)


Joining = Callable[[Browser, str, str, Trainee, float, Limits], Coroutine[Any, Any, None]]
"""One trainee's arrival: (browser, server address, join code, trainee, delay, limits)."""


def _progress(text: str) -> None:
    sys.stderr.write(f"[bench hub {time.strftime('%H:%M:%S')}] {text}\n")
    sys.stderr.flush()


def _cpu_parts(
    before: Mapping[str, tuple[float, float, int]], after: Mapping[str, tuple[float, float, int]]
) -> dict[str, float]:
    return {
        part: after.get(part, (0.0, 0.0, 0))[0] - before.get(part, (0.0, 0.0, 0))[0]
        for part in COMPONENTS
        if part in after or part in before
    }


async def _trainees(
    kind: str,
    base: str,
    meter: TreeMeter,
    arrive: Joining,
    pool: int,
    workshop: tuple[int, str],
    store_url: str,
    plan: Plan,
) -> Run:
    """Arrivals, one change each and an idle spell against a running server; what it cost."""
    started = time.monotonic()
    workshop_id, join_code = workshop
    meter.start(1.0)
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            renice(chromium_tree(os.getpid()))
            idle = await idle_rate(meter, plan.quiet_s)
            first = await settle(meter, pool, idle, plan.settle_s)
            base_sample = first.sample
            parts_before = by_component(base_sample.pids)
            meter.reset_peaks()
            # Serve's join ignores what a hub trainee adds (their reloads stay 0 there).
            trainees = [HubTrainee(f"Team {k + 1:02d}", SHEET) for k in range(plan.trainees)]
            delays = [plan.arrivals_s * k / plan.trainees for k in range(plan.trainees)]
            _progress(f"{kind}: {plan.trainees} trainees arrive (idle {idle:.3f} CPU-s/s)")
            ready = await arrive_all(
                trainees,
                [
                    arrive(browser, base, join_code, t, d, plan.limits)
                    for t, d in zip(trainees, delays, strict=True)
                ],
                plan.limits.join_s,
            )
            joined = await settle(meter, pool + len(ready), idle, plan.settle_s)
            join_parts = _cpu_parts(parts_before, by_component(joined.sample.pids))
            _progress(f"{kind}: {len(ready)} of {len(trainees)} workbooks usable; changes")

            idle_open = await idle_rate(meter, plan.quiet_s)
            before = meter.sample()
            at = time.monotonic() + 1.0
            await asyncio.gather(
                *(
                    change(t, [at + plan.changes_over_s * i / max(len(ready), 1)], plan.limits)
                    for i, t in enumerate(ready)
                )
            )
            changed = await settle(meter, pool + len(ready), idle_open, plan.settle_s)
            made = sum(len(t.save_ms) for t in ready)
            _progress(f"{kind}: {made} changes made; idle {plan.idle_s:.0f} s")

            await asyncio.sleep(plan.idle_s)
            steady = meter.sample()
            steady_pss = pss_mb(steady.pids)
            steady_parts = by_component(steady.pids)
            peak = meter.peak_rss_mb
            await asyncio.gather(*(leave(t) for t in trainees), return_exceptions=True)
            for t in trainees:
                if t.context is not None:
                    await t.context.close()
            await browser.close()
    finally:
        meter.stop()
    count, problems = kept_by_name(store_url, workshop_id, ready, 1, FIELD, TYPED)
    return Run(
        kind=kind,
        trainees=len(trainees),
        arrivals_s=plan.arrivals_s,
        usable_ms=tuple(
            t.join_ms + t.load_ms
            for t in trainees
            if t.join_ms is not None and t.load_ms is not None
        ),
        save_ms=tuple(s for t in trainees for s in t.save_ms),
        errors=tuple(f"{t.name}: {t.error}" for t in trainees if t.error),
        reloads=sum(t.reloads for t in trainees),
        console_errors=tuple(e for t in trainees for e in t.console_errors),
        idle_before=idle,
        join_cpu_s=joined.sample.cpu_s - base_sample.cpu_s,
        join_wall_s=joined.sample.at - base_sample.at,
        join_settled=first.settled and joined.settled,
        join_parts=join_parts,
        idle_open=idle_open,
        changes=made,
        change_cpu_s=changed.sample.cpu_s - before.cpu_s,
        change_wall_s=changed.sample.at - before.at,
        base_rss_mb=base_sample.rss_mb,
        steady_rss_mb=steady.rss_mb,
        peak_rss_mb=peak,
        steady_pss_mb=steady_pss,
        steady_parts={p: (mb, n) for p, (_, mb, n) in steady_parts.items()},
        kernels=len(steady.kernels),
        kept=count,
        kept_problems=tuple(problems),
        tracebacks=(),
        elapsed_s=time.monotonic() - started,
    )


def _workshop(url: str) -> tuple[int, str]:
    store = Store(url)
    try:
        made = store.create_workshop("Benchmark workshop", [CASE])
    finally:
        store.close()
    return made.workshop.id, made.workshop.join_code


async def _hub_run(plan: Plan) -> Run:
    with hub_server(log=HUB_LOG) as hub:
        _progress(f"hub up at {hub.base} (hub process {hub.hub_pid})")
        workshop = _workshop(hub.store_url)
        meter = TreeMeter(server_tree(hub.hub_pid), root=hub.hub_pid)
        measured = await _trainees("hub", hub.base, meter, log_in, 0, workshop, hub.store_url, plan)
    found = tracebacks(HUB_LOG.with_name(HUB_LOG.stem + "-jupyterhub.log")) + tracebacks(HUB_LOG)
    return dataclasses.replace(measured, tracebacks=tuple(found))


async def _serve_run(plan: Plan) -> Run:
    pool = preheated_notebooks()
    with voila_server(log=SERVE_LOG) as server:
        warmed = server.wait_for_pool(pool)
        _progress(f"serve up at {server.base}, pool of {pool} kernels ready after {warmed:.0f} s")
        workshop = _workshop(server.store_url)
        meter = TreeMeter(server_tree(server.process.pid), root=server.process.pid)
        measured = await _trainees(
            "serve", server.base, meter, join, pool, workshop, server.store_url, plan
        )
    return dataclasses.replace(measured, tracebacks=tuple(tracebacks(SERVE_LOG)))


def _arrivals(r: Run) -> str:
    how = f"over {r.arrivals_s:.0f} s" if r.arrivals_s else "at once"
    return f"{r.trainees} arriving {how}"


def _parts(r: Run, per: int) -> str:
    """The join's CPU by part, per trainee."""
    return ", ".join(
        f"{part} {cpu / max(per, 1):.2f}" for part, cpu in r.join_parts.items() if cpu >= 0.005
    )


def _memory_parts(r: Run) -> str:
    return ", ".join(f"{part} {mb:.0f} MB in {n}" for part, (mb, n) in r.steady_parts.items() if n)


def _ms(samples: tuple[float, ...]) -> tuple[float, float]:
    if not samples:
        return float("nan"), float("nan")
    return statistics.median(samples), percentile(list(samples), 95)


def _times(a: float, b: float) -> str:
    """``a`` as a multiple of ``b`` (the hub's figure against serve's), when that means anything."""
    return f"{a / b:.1f} × serve" if b > 0 else "serve's is 0"


def _what(r: Run) -> str:
    return "through the hub" if r.kind == "hub" else "on serve"


def figures(hub: Run, serve: Run) -> list[Figure]:
    """The rows of the comparison, from the two runs' numbers.

    The hub's server CPU per trainee is held against twice serve's; every trainee usable and
    every change kept against all of them; the hub's log against no traceback. Serve's rows
    are the reference (no target of their own but the counts).
    """
    out: list[Figure] = []
    limit = CPU_RATIO * serve.join_per_trainee
    for r in (hub, serve):
        first = "login page" if r.kind == "hub" else "home page"
        cpu = r.join_per_trainee
        out.append(
            Figure(
                GROUP,
                f"{r.kind}: server CPU per trainee, {first} → workbook usable ({_arrivals(r)})",
                cpu,
                cpu,
                "CPU-s",
                f"≤ {CPU_RATIO:g} × serve ({limit:.2f})" if r is hub else "",
                cpu <= limit if r is hub else None,
                r.usable,
                f"{r.join_cpu_s:.1f} CPU-s gross for {r.usable} in {r.join_wall_s:.0f} s, idle "
                f"{r.idle_before:.3f} CPU-s/s taken off"
                + ("" if r.join_settled else " (the tree had not settled in time)")
                + f"; per trainee by part: {_parts(r, r.usable)}"
                + (f"; {_times(cpu, serve.join_per_trainee)}" if r is hub else ""),
            )
        )
    for r in (hub, serve):
        out.append(
            Figure(
                GROUP,
                f"{r.kind}: one change, server CPU",
                r.per_change,
                r.per_change,
                "CPU-s",
                "",
                None,
                r.changes,
                f"{r.changes} changes, {r.change_cpu_s:.2f} CPU-s gross; idle with every page "
                f"open {r.idle_open:.3f} CPU-s/s taken off"
                + (f"; {_times(hub.per_change, serve.per_change)}" if r is hub else ""),
            )
        )
    for r in (hub, serve):
        per = max(r.usable, 1)
        steady = r.steady_rss_mb / per
        out += [
            Figure(
                GROUP,
                f"{r.kind}: memory per trainee, steady (tree ÷ trainees)",
                steady,
                steady,
                "MB",
                "",
                None,
                r.usable,
                f"{r.steady_rss_mb:.0f} MB resident after the changes and the idle spell "
                f"({_memory_parts(r)}); each trainee added "
                f"{(r.steady_rss_mb - r.base_rss_mb) / per:.0f} MB to the "
                f"{r.base_rss_mb:.0f} MB before the arrivals; proportional memory (shared "
                f"pages split) {r.steady_pss_mb:.0f} MB, {r.steady_pss_mb / per:.0f} MB per "
                "trainee",
            ),
            Figure(
                GROUP,
                f"{r.kind}: memory per trainee, peak (tree ÷ trainees)",
                r.peak_rss_mb / per,
                r.peak_rss_mb / per,
                "MB",
                "",
                None,
                r.usable,
                f"{r.peak_rss_mb:.0f} MB at most, from the arrivals to the end of the idle spell",
            ),
        ]
    for r in (hub, serve):
        out.append(
            Figure(
                GROUP,
                f"{r.kind}: processes in the server tree",
                r.processes,
                r.processes,
                "processes",
                "",
                None,
                1,
                f"after the changes, {r.usable} workbooks open: "
                + ", ".join(f"{part} {n}" for part, (_, n) in r.steady_parts.items() if n),
            )
        )
    for r in (hub, serve):
        note = f"{_what(r)}, run {r.elapsed_s:.0f} s"
        if r.errors:
            note += f"; {len(r.errors)} failed: " + "; ".join(r.errors[:3])
        pages = sorted({e for e in r.console_errors if e.startswith("workbook page")})
        if pages:
            note += f"; {len(pages)} distinct console errors: " + "; ".join(pages[:2])
        out.append(
            Figure(
                GROUP,
                f"{r.kind}: every trainee usable",
                r.usable,
                r.usable,
                "trainees",
                f"{r.trainees} of {r.trainees}",
                r.usable == r.trainees,
                r.trainees,
                note,
            )
        )
    stuck = sorted({e for e in hub.console_errors if e.startswith("hub page")})
    out.append(
        Figure(
            GROUP,
            "hub: reloads of the 'server is starting' page",
            hub.reloads,
            hub.reloads,
            "reloads",
            "",
            None,
            hub.trainees,
            f"a trainee still on it {RELOAD_AFTER_S:.0f} s after signing in reloads it, as a "
            "person would; the usable trainees' wall times include those reloads"
            + (
                f"; the hub's pages logged {len(stuck)} distinct console errors: "
                + "; ".join(stuck[:2])
                if stuck
                else ""
            ),
        )
    )
    for r in (hub, serve):
        out.append(
            Figure(
                GROUP,
                f"{r.kind}: every change kept",
                r.kept,
                r.kept,
                "trainees",
                f"{r.usable} of {r.usable}",
                r.kept == r.usable,
                r.usable,
                "store history 1…2, newest holds the value typed"
                + (f"; {len(r.kept_problems)} not: " if r.kept_problems else "")
                + "; ".join(r.kept_problems[:3]),
            )
        )
    for r in (hub, serve):
        first = "login page opened" if r.kind == "hub" else "home page opened, joined"
        med, p95 = _ms(r.usable_ms)
        out.append(
            Figure(
                GROUP,
                f"{r.kind}: wall time to a usable workbook ({_arrivals(r)})",
                med,
                p95,
                "ms",
                "",
                None,
                len(r.usable_ms),
                f"{first} → save status 'saved'; the browsers (lowest priority) share the "
                "cores with the server",
            )
        )
    for r in (hub, serve):
        med, p95 = _ms(r.save_ms)
        out.append(
            Figure(
                GROUP,
                f"{r.kind}: save of a change, wall time",
                med,
                p95,
                "ms",
                "",
                None,
                len(r.save_ms),
                "typed + Enter → newer version shown (0.5 s autosave delay)",
            )
        )
    for r in (hub, serve):
        where = "the hub's log (hub, proxy, single-user servers)" if r is hub else "serve's log"
        out.append(
            Figure(
                GROUP,
                f"{r.kind}: tracebacks in {'the hub' if r is hub else 'the server'}'s log",
                len(r.tracebacks),
                len(r.tracebacks),
                "tracebacks",
                "none",
                not r.tracebacks,
                1,
                where + (": " + "; ".join(sorted(set(r.tracebacks))[:3]) if r.tracebacks else ""),
            )
        )
    return out


def run(quick: bool) -> list[Figure]:
    """The hub run, then the serve run, with the same trainees (quick: 3 at once)."""
    if not Path(CHROMIUM).exists():
        return [Figure(GROUP, "hub benchmark", 0, 0, "", "", None, 0, "skipped: no Chromium")]
    from negotiation_lib.hub.config import HubSetupError, proxy_command

    if importlib.util.find_spec("jupyterhub") is None:
        note = "skipped: JupyterHub is not installed (the hub extra installs it)"
        return [Figure(GROUP, "hub benchmark", 0, 0, "", "", None, 0, note)]
    try:
        proxy_command()
    except HubSetupError as err:
        return [Figure(GROUP, "hub benchmark", 0, 0, "", "", None, 0, f"skipped: {err}")]
    plan = PLANS[quick]
    if os.environ.get(TRAINEES_ENV, "").isdigit():
        plan = dataclasses.replace(plan, trainees=int(os.environ[TRAINEES_ENV]))
    LOGS.mkdir(parents=True, exist_ok=True)
    hub = asyncio.run(_hub_run(plan))
    serve = asyncio.run(_serve_run(plan))
    return figures(hub, serve)
