"""What a workshop costs the server: CPU-seconds and memory per page open and per trainee.

Targets (issue 17, "Sixty trainees join in two minutes on one 2-core box"): a page open,
refill included, at most 2.5 CPU-s and at most twice the floor's; from the home page to the
first worksheet usable at most 3 CPU-s of server per trainee; one change at most 0.1 CPU-s;
steady memory at most 120 MB per trainee; the server's own memory flat over the page opens
once warm (its trend over the second half of the opens); no traceback in the server log.

CPU is counted for the server's whole process tree: the Voila process and every kernel it has
started, the ones that have ended included (:mod:`benchmarks.processes`). CPU-seconds depend
far less than wall times on what else the machine runs, so they stay comparable on a shared
machine (though a machine loaded several times over its cores inflates them too, by a fifth or
more: caches and cores are shared). Chromium's processes are counted apart: in a workshop they
run on the trainees' laptops.

One server, started as ``negotiation-workbook serve`` starts it (pool of one preheated kernel
per notebook, default culling), on a copy of the workbook's notebooks plus the *floor*: a
notebook with one ``ipywidgets.IntSlider``, so the floor is served by the same Voila with the
same pool, in the same run. The floor's kernels start as new processes, as bare Voila starts
them (a kernel spec naming jupyter_client's own provisioner, :data:`FLOOR_KERNEL_SPEC`); the
workbook's are forked from the server's kernel parent. Its output goes to
``test-artifacts/logs/bench-workshop-server.log``, which is scanned for tracebacks at the end.
Then, in Chromium:

1. *Page opens*, one at a time, each from a settled server to a settled server again
   (:mod:`benchmarks.workshop_opens`): the home page, the three worksheets on a sample case
   and the workbook of a participant, in turn (200 opens; quick: 15; ``NW_BENCH_OPENS`` sets
   another number), with a floor open after
   every fifth (often enough that the floor's pool kernel never waits past the culler's two
   idle minutes: it does not wait for its visitor, and Voila's culler would end it the moment
   it is handed out). The server process's memory is read after each, and whether the
   page's kernel ended when the page closed.
2. *A workshop* (:mod:`benchmarks.workshop_trainees`): 60 trainees (quick: 4;
   ``NW_BENCH_TRAINEES`` sets another number) arrive over 120 s (quick: all at once), each in
   a browser context, join on the home page and open their workbook in the same page; the
   server's CPU from the first arrival until the last workbook is usable and the pool
   refilled, divided by the trainees, is the cost of a trainee's arrival. Once every trainee is
   in, two thirds of them open another worksheet's tab, the pages stay open and idle for 10 s
   (the idle rate with every kernel alive), then each trainee changes a field every 10 s for a
   minute (quick: three changes). Memory is read throughout (peak) and once the changes have
   settled (steady). Steady memory per trainee is the tree's proportional memory (each shared
   page split among the processes that map it, so the figures add up to what the machine
   spends): resident memory counts the kernel parent's modules again in every kernel forked
   from it, and is given beside it. Trainees are not started when the machine has less than
   3 GB of memory left: the note then says how many could be.

Chromium runs at the lowest CPU priority: the browsers stand for the trainees' laptops, so the
server gets the CPU first and the wall times say more about the server (they still include
waiting for the browsers, which share the 2 cores).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, async_playwright

from benchmarks.harness import Figure, percentile
from benchmarks.processes import (
    TreeMeter,
    TreeSample,
    chromium_tree,
    kernel_cpus,
    pss_mb,
    renice,
    server_tree,
)
from benchmarks.servers import CHROMIUM, CHROMIUM_ARGS, VoilaServer, voila_server
from benchmarks.workshop_opens import FREE_S, PageOpen, idle_rate, open_once, settle
from benchmarks.workshop_trainees import (
    Limits,
    Trainee,
    arrive_all,
    change,
    go_to_sheet,
    join,
    kept,
    leave,
)
from negotiation_lib import catalog
from negotiation_lib.cli import NOTEBOOKS_DIR
from negotiation_lib.store import Store

__all__ = ["PLANS", "Plan", "run", "tracebacks"]

GROUP = "workshop"
CASE = "pumpco_acme_foods"
POOL_SIZE = 1
"""``serve``'s default: one preheated kernel per notebook."""
WORKSHEETS = tuple(w.name for w in catalog.WORKSHEETS)
LOG_PATH = Path(__file__).resolve().parent.parent / "test-artifacts/logs/bench-workshop-server.log"

FLOOR_KERNEL = "python3-new-process"
FLOOR_SHARE = "floor-share"
FLOOR_KERNEL_SPEC = {
    "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    "display_name": "Python 3 (a new process)",
    "language": "python",
    "metadata": {"kernel_provisioner": {"provisioner_name": "local-provisioner"}},
}
"""The floor's kernel: started as a new process by jupyter_client's own provisioner, as bare
Voila starts every kernel (the workbook's kernels are forked from a warm parent,
:mod:`negotiation_lib.serving.forking`; the floor stays what Voila costs out of the box)."""

FLOOR_SOURCE = """import ipywidgets as widgets

widgets.IntSlider(value=5, min=0, max=10, description="x")
"""
KINDS = ("home", *WORKSHEETS, "workbook")
"""The pages opened in turn: what a trainee opens, and the worksheets' practice pages."""
READY = {
    "floor": ".widget-slider",
    "home": ".nw-home-join-code input",
    "worksheet": ".nw-tile-value",
    "workbook": ".nw-save[data-state='saved']",
}
PAGE_CPU_S = 2.5
JOIN_CPU_S = 3.0
CHANGE_CPU_S = 0.1
TRAINEE_MB = 120.0
OPEN_TIMEOUT_MS = 120_000
"""How long one page of the page opens may take to be usable (one at a time: a page not
usable by then is broken, not slow)."""
GIVE_UP_AFTER = 3
"""Page opens stop after this many failures in a row (a broken server, not a slow one)."""
FLAT_MB = 10.0
FLAT_PER_OPENS = 200
"""The server's own memory counts as flat when it grows by at most ``FLAT_MB`` per
``FLAT_PER_OPENS`` page opens once warm: the trend (least squares) over the second half of the
opens. The first opens raise it once, to where serving every page at least once and a pool
refilling beside a page leave it (templates and caches filled, the allocator's arenas at
their high-water mark); a leak shows as a slope that does not end.
"""
READ_EVERY = 20
"""The note lists the server's memory after every this many page opens (its curve)."""
TREND_MIN_OPENS = 100
"""With fewer page opens (the quick run's 18), the second half is still the warm-up: no trend."""


@dataclass(frozen=True)
class Plan:
    """How much of each part the run does."""

    opens: int
    floor_every: int
    trainees: int
    arrivals_s: float
    changes: int
    every_s: float
    idle_s: float
    limits: Limits


PLANS = {
    False: Plan(200, 5, 60, 120.0, 6, 10.0, 10.0, Limits(600_000, 120_000, 1500)),
    True: Plan(15, 5, 4, 0.0, 3, 10.0, 5.0, Limits(180_000, 60_000, 300)),
}
TRAINEES_ENV = "NW_BENCH_TRAINEES"
"""Set to a number, the workshop has that many trainees instead of the plan's."""
OPENS_ENV = "NW_BENCH_OPENS"
"""Set to a number, the page opens are that many instead of the plan's (floor opens apart)."""
"""Full and quick runs. The quick one (three minutes on two cores with little else running)
keeps a few of everything: 15 page opens and 3 of the floor, 4 trainees, 3 changes each."""


@dataclass(frozen=True)
class Workshop:
    """What the workshop part measured."""

    trainees: list[Trainee]
    planned_changes: int
    arrivals_s: float
    join_cpu_s: float
    join_wall_s: float
    join_settled: bool
    browser_join_cpu_s: float
    tab_cpu_s: list[float]
    """Per trainee who opened another worksheet's tab: its kernel's CPU and the server's share."""
    idle_open: float
    change_cpu_s: float
    """Server tree, all changes, the idle rate with every page open taken off."""
    change_gross_cpu_s: float
    per_change_by_sheet: dict[str, list[float]]
    """Per trainee: its kernel's CPU per change plus the server process's share per change."""
    browser_change_cpu_s: float
    base: TreeSample
    base_pss_mb: float
    """The tree's proportional memory before the arrivals (the server, its pool, the parent)."""
    steady: TreeSample
    steady_pss_mb: float
    """The tree's proportional memory at the steady reading (shared pages split)."""
    peak_rss_mb: float
    peak_kernels: int
    after_close: TreeSample
    workbooks_not_freed: int
    """Workbook pages closed whose kernel was still running ``FREE_S`` later."""
    kept: int
    kept_problems: str


def _code_cell(cell_id: str, source: str) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "id": cell_id,
        "metadata": {},
        "execution_count": None,
        "outputs": [],
        "source": source,
    }


PROFILE_ENV = "NW_BENCH_PROFILE"
"""Set to a folder, the kernels of the benchmark's notebooks write a CPU profile there."""

PROFILE_SOURCE = """import os as _nw_os

if _nw_os.environ.get("{env}"):
    import atexit as _nw_atexit
    import cProfile as _nw_cprofile
    import time as _nw_time

    # CPU time, not wall time: a preheated kernel waits for its visitor in between.
    _nw_profile = _nw_cprofile.Profile(_nw_time.process_time)
    _nw_profile.enable()

    def _nw_dump():
        _nw_profile.disable()
        where = _nw_os.path.join(_nw_os.environ["{env}"], "{name}-%d.prof" % _nw_os.getpid())
        _nw_profile.dump_stats(where)

    _nw_atexit.register(_nw_dump)
"""


def _folder() -> Path:
    """A copy of the workbook's notebooks with the floor beside them.

    With ``NW_BENCH_PROFILE`` set (to a folder), each copy starts with a cell that profiles its
    kernel's CPU from there on (the notebook's imports, the page, every message after) and
    writes the profile when the kernel ends: ``<notebook>-<pid>.prof``, for ``pstats``. The
    profiler slows the kernel down: figures of such a run are not the benchmark's.
    """
    folder = Path(tempfile.mkdtemp(prefix="nw-bench-workshop-"))
    floor = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": FLOOR_KERNEL, "display_name": "Python 3 (a new process)"}
        },
        "cells": [_code_cell("floor", FLOOR_SOURCE)],
    }
    (folder / "floor.ipynb").write_text(json.dumps(floor), encoding="utf-8")
    spec = folder / FLOOR_SHARE / "kernels" / FLOOR_KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps(FLOOR_KERNEL_SPEC), encoding="utf-8")
    for nb in NOTEBOOKS_DIR.glob("*.ipynb"):
        shutil.copy(nb, folder / nb.name)
    if os.environ.get(PROFILE_ENV):
        for nb in folder.glob("*.ipynb"):
            notebook = json.loads(nb.read_text(encoding="utf-8"))
            source = PROFILE_SOURCE.format(env=PROFILE_ENV, name=nb.stem)
            notebook["cells"].insert(0, _code_cell("nw-profile", source))
            nb.write_text(json.dumps(notebook), encoding="utf-8")
    return folder


def _sequence(plan: Plan, resume: str) -> list[tuple[str, str, str]]:
    """The page opens in order: (kind, path and query, ready selector)."""
    out: list[tuple[str, str, str]] = []
    for k in range(plan.opens):
        kind = KINDS[k % len(KINDS)]
        if kind == "workbook":
            sheet = WORKSHEETS[(k // len(KINDS)) % len(WORKSHEETS)]
            out.append((kind, catalog.workbook_href(resume, sheet), READY["workbook"]))
        elif kind == "home":
            out.append((kind, "home.ipynb", READY["home"]))
        else:
            out.append((kind, f"{kind}.ipynb?case={CASE}", READY["worksheet"]))
        if (k + 1) % plan.floor_every == 0:
            out.append(("floor", "floor.ipynb", READY["floor"]))
    return out


async def _page_opens(
    browser: Browser,
    server: VoilaServer,
    meters: tuple[TreeMeter, TreeMeter],
    plan: Plan,
    resume: str,
    pool: int,
    idle: float,
    leftovers: set[str],
) -> list[PageOpen]:
    opens: list[PageOpen] = []
    sequence = _sequence(plan, resume)
    for k, (kind, path, ready) in enumerate(sequence):
        opened = await open_once(
            browser,
            f"{server.base}/voila/render/{path}",
            ready,
            kind,
            meters,
            (pool, idle, leftovers),
            OPEN_TIMEOUT_MS,
            opens[-1].after if opens else None,
        )
        opens.append(opened)
        _progress(
            f"open {k + 1}/{len(sequence)} {kind}: {opened.cpu_s:.2f} CPU-s, "
            f"{opened.wall_ms:.0f} ms"
            + ("" if opened.freed else ", its kernel not freed")
            + (f" {opened.error}" if opened.error else "")
        )
        if len(opens) >= GIVE_UP_AFTER and all(o.error for o in opens[-GIVE_UP_AFTER:]):
            _progress(f"{GIVE_UP_AFTER} opens in a row failed: the page opens stop here")
            break
    return opens


def _progress(text: str) -> None:
    """A line on stderr, so that a long run shows where it is."""
    sys.stderr.write(f"[bench workshop {time.strftime('%H:%M:%S')}] {text}\n")
    sys.stderr.flush()


async def _workshop(
    browser: Browser,
    server: VoilaServer,
    meters: tuple[TreeMeter, TreeMeter],
    join_code: str,
    plan: Plan,
    pool: int,
    pool_idle: float,
    leftovers: set[str],
) -> Workshop:
    meter, chromium = meters
    trainees = [
        Trainee(f"Team {k + 1:02d}", WORKSHEETS[k % len(WORKSHEETS)]) for k in range(plan.trainees)
    ]
    base = (await settle(meter, pool, pool_idle, leftovers=leftovers)).sample
    base_pss = pss_mb(base.pids)
    browser_base = chromium.sample().cpu_s
    meter.reset_peaks()

    # Arrivals: joins and workbook loads, until every workbook is usable and the pool refilled.
    delays = [plan.arrivals_s * k / plan.trainees for k in range(plan.trainees)]
    ready = await arrive_all(
        trainees,
        [
            join(browser, server.base, join_code, t, d, plan.limits)
            for t, d in zip(trainees, delays, strict=True)
        ],
        plan.limits.join_s,
    )
    _progress(f"{len(ready)} of {len(trainees)} trainees in their workbook")
    joined = await settle(meter, pool + len(ready), pool_idle, leftovers=leftovers)
    browser_joined = chromium.sample().cpu_s

    # Each trainee to their worksheet: a tab's worksheet is built when first opened.
    before_tabs, kernels_before_tabs = joined.sample, kernel_cpus()
    await asyncio.gather(*(go_to_sheet(t, plan.limits) for t in ready))
    ready = [t for t in ready if t.ready]
    tabbed = [t for t in ready if t.tab_ms is not None]
    after_tabs = (await settle(meter, pool + len(ready), pool_idle, leftovers=leftovers)).sample
    kernels_after_tabs = kernel_cpus()
    tab_server = (after_tabs.root_cpu_s - before_tabs.root_cpu_s) / max(len(tabbed), 1)
    tab_cpu = [
        kernels_after_tabs.get(t.kernel_id, 0.0)
        - kernels_before_tabs.get(t.kernel_id, 0.0)
        + tab_server
        for t in tabbed
    ]
    _progress(f"{len(tabbed)} trainees opened their worksheet's tab")

    # Every page open, nobody typing: the idle rate with every kernel alive.
    idle_first, kernels_first = meter.sample(), kernel_cpus()
    await asyncio.sleep(plan.idle_s)
    idle_last, kernels_last = meter.sample(), kernel_cpus()
    idle_span = idle_last.at - idle_first.at
    idle_open = (idle_last.cpu_s - idle_first.cpu_s) / idle_span
    root_idle = (idle_last.root_cpu_s - idle_first.root_cpu_s) / idle_span

    def kernel_idle(kernel_id: str) -> float:
        used = kernels_last.get(kernel_id, 0.0) - kernels_first.get(kernel_id, 0.0)
        return used / idle_span

    # Changes, spread evenly over each interval across the trainees.
    _progress(f"idle with every page open: {idle_open:.3f} CPU-s/s; changes start")
    start = time.monotonic() + 1.0
    before, browser_before, kernels_before = meter.sample(), chromium.sample().cpu_s, kernel_cpus()
    await asyncio.gather(
        *(
            change(
                t,
                [start + plan.every_s * (i / len(ready) + k) for k in range(plan.changes)],
                plan.limits,
            )
            for i, t in enumerate(ready)
        )
    )
    steady = (await settle(meter, pool + len(ready), idle_open, leftovers=leftovers)).sample
    steady_pss = pss_mb(steady.pids)
    browser_after, kernels_after = chromium.sample().cpu_s, kernel_cpus()
    span = steady.at - before.at
    made = sum(len(t.save_ms) for t in ready)
    gross = steady.cpu_s - before.cpu_s
    server_share = (steady.root_cpu_s - before.root_cpu_s - root_idle * span) / max(made, 1)
    by_sheet: dict[str, list[float]] = {}
    for t in ready:
        if t.save_ms and t.kernel_id in kernels_after:
            used = kernels_after[t.kernel_id] - kernels_before.get(t.kernel_id, 0.0)
            own = (used - kernel_idle(t.kernel_id) * span) / len(t.save_ms)
            by_sheet.setdefault(t.sheet, []).append(own + server_share)
    peak_rss, peak_kernels = meter.peak_rss_mb, meter.peak_kernels

    _progress(f"{made} changes made; pages close")
    await asyncio.gather(*(leave(t) for t in trainees), return_exceptions=True)
    closed = await settle(meter, pool, pool_idle, FREE_S, leftovers)
    workbooks_left = {t.kernel_id for t in ready} & closed.sample.kernel_ids
    if not closed.settled:
        leftovers |= workbooks_left
        closed = await settle(meter, pool, pool_idle, leftovers=leftovers)
    after_close = closed.sample
    for t in trainees:  # the browsers go last, as the trainees' laptops would
        if t.context is not None:
            await t.context.close()
    count, problems = kept(server.store_url, ready, plan.changes)
    return Workshop(
        trainees=trainees,
        planned_changes=plan.changes,
        arrivals_s=plan.arrivals_s,
        join_cpu_s=joined.sample.cpu_s - base.cpu_s - pool_idle * (joined.sample.at - base.at),
        join_wall_s=joined.sample.at - base.at,
        join_settled=joined.settled,
        browser_join_cpu_s=browser_joined - browser_base,
        tab_cpu_s=tab_cpu,
        idle_open=idle_open,
        change_cpu_s=(gross - idle_open * span) / max(made, 1),
        change_gross_cpu_s=gross / max(made, 1),
        per_change_by_sheet=by_sheet,
        browser_change_cpu_s=browser_after - browser_before,
        base=base,
        steady=steady,
        base_pss_mb=base_pss,
        steady_pss_mb=steady_pss,
        peak_rss_mb=peak_rss,
        peak_kernels=peak_kernels,
        after_close=after_close,
        workbooks_not_freed=len(workbooks_left),
        kept=count,
        kept_problems=problems,
    )


@dataclass(frozen=True)
class Measured:
    """Everything one run measured."""

    pool: int
    warmed_s: float
    pool_idle: float
    pool_rss_mb: float
    opens: list[PageOpen]
    workshop: Workshop
    elapsed_s: float


async def _measure(plan: Plan, folder: Path) -> Measured:
    started = time.monotonic()
    pool = sum(1 for _ in folder.glob("*.ipynb")) * POOL_SIZE
    with voila_server(
        notebooks=folder,
        log=LOG_PATH,
        jupyter_path=folder / FLOOR_SHARE,
        pool_size=POOL_SIZE,
    ) as server:
        warmed = server.wait_for_pool(pool)
        store = Store(server.store_url)
        try:
            made = store.create_workshop("Benchmark workshop", [CASE])
            resume = store.join(made.workshop.join_code, "Page opens").resume_code
        finally:
            store.close()
        meter = TreeMeter(server_tree(server.process.pid), root=server.process.pid)
        meter.start(1.0)
        try:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                browsers = chromium_tree(os.getpid())
                # The browsers stand for the trainees' laptops: they get what CPU the server
                # leaves (their CPU is counted apart all the same).
                renice(browsers)
                meters = (meter, TreeMeter(browsers))
                pool_idle = await idle_rate(meter, plan.idle_s)
                pool_rss = meter.sample().rss_mb
                leftovers: set[str] = set()
                opens = await _page_opens(
                    browser, server, meters, plan, resume, pool, pool_idle, leftovers
                )
                workshop = await _workshop(
                    browser,
                    server,
                    meters,
                    made.workshop.join_code,
                    plan,
                    pool,
                    pool_idle,
                    leftovers,
                )
                await browser.close()
        finally:
            meter.stop()
    return Measured(pool, warmed, pool_idle, pool_rss, opens, workshop, time.monotonic() - started)


def tracebacks(log: Path) -> list[str]:
    """The last line (the exception) of every traceback in a log."""
    found: list[str] = []
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
    for k, line in enumerate(lines):
        if "Traceback (most recent call last)" in line:
            rest = lines[k + 1 :]
            end = next(
                (i for i, ln in enumerate(rest) if ln and not ln[0].isspace()), len(rest) - 1
            )
            found.append(rest[end].strip()[:160] if rest else "(empty)")
    return found


def tracebacks_figure(group: str, problems: list[str], scope: str) -> Figure:
    """The row saying how many tracebacks the server's log holds (target: none), and the first."""
    return Figure(
        group,
        "tracebacks in the server log",
        len(problems),
        len(problems),
        "tracebacks",
        "none",
        not problems,
        1,
        scope + (": " + "; ".join(sorted(set(problems))[:3]) if problems else ""),
    )


def _cpu_figure(
    name: str, samples: list[float], target: str, met: bool | None, note: str
) -> Figure:
    return Figure(
        GROUP,
        name,
        statistics.median(samples),
        percentile(samples, 95),
        "CPU-s",
        target,
        met,
        len(samples),
        note,
    )


def _ms(samples: list[float]) -> str:
    return f"p50 {statistics.median(samples):,.0f} ms, p95 {percentile(samples, 95):,.0f} ms"


def _open_figures(m: Measured) -> list[Figure]:
    ok = [o for o in m.opens if not o.error]
    failed = [o for o in m.opens if o.error]
    unsettled = sum(not o.settled for o in m.opens)
    floors = [o for o in ok if o.kind == "floor"]
    floor = [o.cpu_s for o in floors]
    floor_median = _median(floor)
    floor_browser = _median([o.browser_cpu_s for o in floors])
    floor_wall = _ms([o.wall_ms for o in floors] or [0.0])
    figures = [
        _cpu_figure(
            "floor: one-slider page open, server CPU",
            floor or [float("nan")],
            "",
            None,
            "the same Voila, pool and run: server process "
            f"{_median([o.server_cpu_s for o in floors]):.2f}, refill kernel "
            f"{_median([o.refill_cpu_s for o in floors]):.2f}, the page's kernel the rest; "
            f"browser {floor_browser:.2f} CPU-s a page; {floor_wall} to usable",
        )
    ]
    limit = min(PAGE_CPU_S, 2 * floor_median)
    for kind in KINDS:
        runs = [o for o in ok if o.kind == kind]
        if not runs:
            continue
        cpu = [o.cpu_s for o in runs]
        what = {"workbook": "the workbook by resume code", "home": "the home page"}.get(
            kind, f"{kind} (sample case)"
        )
        figures.append(
            _cpu_figure(
                f"page open, {what}: server CPU, refill included",
                cpu,
                f"median ≤ {PAGE_CPU_S:g} and ≤ 2 × floor ({2 * floor_median:.2f})",
                statistics.median(cpu) <= limit,
                f"{statistics.median(cpu) / floor_median:.1f} × floor; "
                f"gross {_median([o.gross_cpu_s for o in runs]):.2f} (idle "
                f"{m.pool_idle:.3f} CPU-s/s taken off): server process "
                f"{_median([o.server_cpu_s for o in runs]):.2f}, refill kernel "
                f"{_median([o.refill_cpu_s for o in runs]):.2f}, the page's kernel the rest; "
                "browser "
                f"{_median([o.browser_cpu_s for o in runs]):.2f} CPU-s; "
                f"{_ms([o.wall_ms for o in runs])} to usable, settled after "
                f"{_median([o.settled_s for o in runs]):.1f} s",
            )
        )
    figures.append(
        Figure(
            GROUP,
            "every page open usable",
            len(ok),
            len(ok),
            "pages",
            f"{len(m.opens)} of {len(m.opens)}",
            not failed,
            len(m.opens),
            "one at a time, each until usable"
            + (
                f"; **{len(failed)} not usable**: "
                + "; ".join(f"{o.kind}: {o.error}" for o in failed[:3])
                if failed
                else ""
            ),
        )
    )
    rss = [o.server_rss_mb for o in m.opens]
    growth = rss[-1] - rss[0]
    half = len(rss) // 2
    readable = len(rss) >= TREND_MIN_OPENS
    marks = sorted({1, 10, half + 1, len(rss)} & set(range(1, len(rss) + 1)))
    note = (
        f"{len(m.opens)} opens ({len(m.opens) - len(floor)} of the workbook, "
        f"{len(floor)} of the floor): server "
        + ", ".join(f"{rss[k - 1]:.0f} MB after open {k}" for k in marks)
        + f" (+{growth:.0f} MB in all"
        + (
            f", {rss[-1] - rss[-FLAT_PER_OPENS - 1]:+.0f} MB over the last {FLAT_PER_OPENS}"
            if len(rss) > FLAT_PER_OPENS
            else ""
        )
        + f"; every {READ_EVERY}th open: "
        f"{', '.join(f'{mb:.0f}' for mb in rss[::READ_EVERY])} MB); pool of {m.pool} kernels "
        f"({m.pool_rss_mb:.0f} MB with the server) ready {m.warmed_s:.0f} s after start"
    )
    if unsettled:
        note += f"; {unsettled} opens did not settle within 120 s (counted as read)"
    if readable:
        trend = _slope(rss[half:]) * FLAT_PER_OPENS
        figures.append(
            Figure(
                GROUP,
                f"server memory growth per {FLAT_PER_OPENS} page opens, second half of the run "
                "(least-squares trend)",
                trend,
                trend,
                "MB",
                f"≤ {FLAT_MB:g} MB (flat)",
                trend <= FLAT_MB,
                len(rss) - half,
                note,
            )
        )
    else:
        # A quick run's opens are all warm-up: its growth is shown, and no trend is read.
        figures.append(
            Figure(
                GROUP,
                "server memory growth over the page opens (too few to read a trend)",
                growth,
                growth,
                "MB",
                "",
                None,
                len(rss),
                f"too few opens to read a trend (it needs {TREND_MIN_OPENS}); " + note,
            )
        )
    return figures


def _slope(samples: list[float]) -> float:
    """The least-squares slope of ``samples`` against their index (0 with fewer than two).

    Examples
    --------
    >>> _slope([1.0, 2.0, 3.0]), _slope([5.0, 5.0]), _slope([4.0])
    (1.0, 0.0, 0.0)
    """
    if len(samples) < 2:
        return 0.0
    slope, _ = statistics.linear_regression(range(len(samples)), samples)
    return slope


def _median(samples: list[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


def _workshop_figures(m: Measured, log_problems: list[str]) -> list[Figure]:
    w = m.workshop
    n = len(w.trainees)
    ready = [t for t in w.trainees if t.ready or t.load_ms is not None]
    in_ = max(len(ready), 1)
    not_started = [t for t in w.trainees if t.error.startswith("not started")]
    arrived = n - len(not_started)
    arrivals = f"over {w.arrivals_s:.0f} s" if w.arrivals_s else "at once"
    figures = [
        Figure(
            GROUP,
            f"home → first worksheet usable, server CPU per trainee ({n} arriving {arrivals})",
            w.join_cpu_s / in_,
            w.join_cpu_s / in_,
            "CPU-s",
            f"≤ {JOIN_CPU_S:g}",
            w.join_cpu_s / in_ <= JOIN_CPU_S,
            len(ready),
            f"home page, join, workbook until 'saved', pool refilled: {w.join_cpu_s:.1f} CPU-s "
            f"for {len(ready)} in {w.join_wall_s:.0f} s"
            + ("" if w.join_settled else " (the server had not settled after 120 s)")
            + (
                f"; {w.join_cpu_s / max(arrived, 1):.2f} CPU-s per trainee who arrived "
                f"({arrived}, of whom {arrived - len(ready)} never got in)"
                if arrived != len(ready)
                else ""
            )
            + f"; {w.join_cpu_s / max(w.join_wall_s, 1):.2f} cores on average; "
            f"browsers {w.browser_join_cpu_s / in_:.1f} CPU-s per trainee",
        )
    ]
    tabs = [t.tab_ms for t in w.trainees if t.tab_ms is not None]
    if w.tab_cpu_s:
        figures.append(
            _cpu_figure(
                "a worksheet's tab opened for the first time in the workbook, server CPU",
                w.tab_cpu_s,
                "",
                None,
                "the page's kernel builds the worksheet, plus the server process's share; "
                f"{_ms(tabs)} from the click to the field shown",
            )
        )
    made = sum(len(t.save_ms) for t in ready)
    sheets = "; ".join(
        f"{s} {_median(v):.3f} (max {max(v):.3f}, {len(v)} trainees)"
        for s, v in sorted(w.per_change_by_sheet.items())
    )
    figures.append(
        Figure(
            GROUP,
            f"one change, server CPU ({len(ready)} trainees, one change each every 10 s)",
            w.change_cpu_s,
            w.change_cpu_s,
            "CPU-s",
            f"≤ {CHANGE_CPU_S:g}",
            w.change_cpu_s <= CHANGE_CPU_S,
            made,
            f"{made} changes; gross {w.change_gross_cpu_s:.3f} with the idle "
            f"{w.idle_open:.3f} CPU-s/s of {len(ready)} open pages taken off; "
            f"by worksheet (the page's kernel + the server's share): {sheets}; "
            f"browsers {w.browser_change_cpu_s / max(made, 1):.2f} CPU-s a change",
        )
    )
    for sheet, values in sorted(w.per_change_by_sheet.items()):
        figures.append(
            _cpu_figure(
                f"one change on {sheet}, kernel + server share",
                values,
                f"≤ {CHANGE_CPU_S:g}",
                max(values) <= CHANGE_CPU_S,
                "per trainee: its kernel's CPU per change (its idle taken off) plus the server "
                "process's CPU per change",
            )
        )
    steady, peak = w.steady_pss_mb / in_, w.peak_rss_mb / in_
    marginal = (w.steady_pss_mb - w.base_pss_mb) / in_
    resident = w.steady.rss_mb / in_
    figures += [
        Figure(
            GROUP,
            "memory per trainee, steady (server + kernels, proportional, ÷ trainees)",
            steady,
            steady,
            "MB",
            f"≤ {TRAINEE_MB:g} MB",
            steady <= TRAINEE_MB,
            len(ready),
            f"{w.steady_pss_mb:.0f} MB proportional after the changes, {len(w.steady.kernels)} "
            f"kernels (pool {m.pool}); each trainee added {marginal:.0f} MB to the "
            f"{w.base_pss_mb:.0f} MB before the arrivals; resident (shared pages counted in "
            f"every process) {w.steady.rss_mb:.0f} MB, {resident:.0f} MB per trainee",
        ),
        Figure(
            GROUP,
            "memory per trainee, peak (server + kernels ÷ trainees)",
            peak,
            peak,
            "MB",
            "",
            None,
            len(ready),
            f"{w.peak_rss_mb:.0f} MB at most, {w.peak_kernels} kernels at most; after every "
            f"page closed {len(w.after_close.kernels)} kernels, {w.after_close.rss_mb:.0f} MB",
        ),
    ]
    joins = [t.join_ms for t in w.trainees if t.join_ms is not None]
    loads = [t.load_ms for t in w.trainees if t.load_ms is not None]
    saves = [s for t in w.trainees for s in t.save_ms]
    shared = "; wall times: the browsers (at the lowest priority) share the 2 cores"
    for name, samples, note in (
        (f"join on the home page, {n} arriving {arrivals}", joins, "goto home → resume code"),
        (
            "workbook load from the welcome card",
            loads,
            "'Open your workbook' clicked → save status 'saved' (the same page and kernel)",
        ),
        ("save of a change", saves, "typed + Enter → newer version shown (0.5 s autosave delay)"),
    ):
        if samples:
            figures.append(
                Figure(
                    GROUP,
                    name,
                    statistics.median(samples),
                    percentile(samples, 95),
                    "ms",
                    "",
                    None,
                    len(samples),
                    note + shared,
                )
            )
    errors = [f"{t.name}: {t.error}" for t in w.trainees if t.error]
    usable = sum(t.load_ms is not None for t in w.trainees)
    note = f"run {m.elapsed_s:.0f} s"
    if not_started:
        note += (
            f"; {len(not_started)} not started for want of memory (so {n - len(not_started)} "
            "is as many as this machine allowed)"
        )
    if errors:
        note += f"; {len(errors)} failed: " + "; ".join(errors[:3])
    figures += [
        Figure(
            GROUP,
            "every workbook usable",
            usable,
            usable,
            "trainees",
            f"{n} of {n}",
            usable == n,
            n,
            note,
        ),
        Figure(
            GROUP,
            "every change kept",
            w.kept,
            w.kept,
            "trainees",
            f"{len(ready)} of {len(ready)}",
            w.kept == len(ready),
            len(ready),
            f"store history 1…{1 + w.planned_changes}, newest holds the last value"
            + (f"; {w.kept_problems}" if w.kept_problems else ""),
        ),
        _freed_figure(m),
        tracebacks_figure(GROUP, log_problems, "whole run (page opens and workshop)"),
    ]
    return figures


def _freed_figure(m: Measured) -> Figure:
    """How many closed pages' kernels ended when their page closed (not by the culler)."""
    w = m.workshop
    opened = [o for o in m.opens if not o.error]
    workbooks = sum(t.ready or t.load_ms is not None for t in w.trainees)
    closes = len(opened) + workbooks
    left_opens = sum(not o.freed for o in opened)
    freed = closes - left_opens - w.workbooks_not_freed
    return Figure(
        GROUP,
        "kernels freed when their page closed",
        freed,
        freed,
        "pages",
        f"{closes} of {closes}",
        freed == closes,
        closes,
        f"page opens: {len(opened) - left_opens} of {len(opened)} freed within "
        f"{FREE_S:.0f} s of the close; trainees' pages closed: "
        f"{workbooks - w.workbooks_not_freed} of {workbooks} (the others wait for the culler)",
    )


def run(quick: bool) -> list[Figure]:
    """Page opens and a workshop (quick: fewer of each)."""
    if not Path(CHROMIUM).exists():
        return [Figure(GROUP, "workshop benchmark", 0, 0, "", "", None, 0, "skipped: no Chromium")]
    LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
    folder = _folder()
    try:
        plan = PLANS[quick]
        if os.environ.get(TRAINEES_ENV, "").isdigit():
            plan = dataclasses.replace(plan, trainees=int(os.environ[TRAINEES_ENV]))
        if os.environ.get(OPENS_ENV, "").isdigit():
            plan = dataclasses.replace(plan, opens=int(os.environ[OPENS_ENV]))
        measured = asyncio.run(_measure(plan, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _open_figures(measured) + _workshop_figures(measured, tracebacks(LOG_PATH))
