"""Deal rooms under load: 20 teams in 10 rooms negotiate at once (issue 18).

Target (issue 18, "the counterpart sees it within 2 seconds"): from the moment a team's move
is recorded to the moment the other team's page shows it, p95 at most 2 s. Also measured:
what the rooms cost the server in CPU-seconds (the Voila process and every kernel it started,
ended ones included, as :mod:`benchmarks.processes` counts them), per room over the
negotiation and per minute while 20 deal-room pages sit open and poll the room every second,
against 20 open pages of the bare-Voila floor (one ``IntSlider``) in the same server.

One server, started as ``negotiation-workbook serve`` starts it (pool of one preheated kernel
per notebook, default culling, SQLite store), on a copy of the workbook's notebooks plus the
floor (:func:`benchmarks.bench_workshop._folder`). Its output goes to
``test-artifacts/logs/bench-rooms-server.log``, scanned for tracebacks at the end. Then:

1. a role-play workshop on ``valtora_brightmoor`` is created in the store and 20 teams join it
   (:meth:`Store.join` pairs them as they join: 10 rooms, a seller and a buyer each);
2. *opens*: each team's workbook is opened at its Deal room tab in Chromium, a browser context
   per team, in waves (5 at a time; ``NW_BENCH_ROOMS_WAVE``), until the Propose button shows
   (the page is built and the room paired); the wall time of each open and each wave is kept;
3. *idle*: nobody acts for a minute; the server's CPU over it is the cost of 20 pages polling;
4. *negotiation*, in every room at once, through the pages' own controls: the seller types a
   package and clicks Propose; once the buyer's page shows offer 1, the buyer clicks Counter,
   types a lower price and clicks Propose; once the seller's page shows offer 2, the seller
   clicks Accept. A watcher in every page (a ``MutationObserver`` installed through the
   DevTools protocol, so the pages' content security policy does not apply) notes
   ``Date.now()`` the first time each move's row (or the agreement) appears. A move's
   latency is that time on the counterpart's page minus the time the store stamped on the
   move's event (both read from the machine's wall clock); the time from the actor's click is
   given too (it adds the actor's page and kernel);
5. *floor*: the deal-room pages close, 20 floor pages open in the same waves and sit idle for
   a minute.

Chromium runs at the lowest CPU priority (the browsers stand for the teams' laptops) and its
CPU is counted apart. The rest of the machine is read from ``/proc/stat`` over each phase, so
the note says how much CPU other work took meanwhile: on a shared machine wall times (and so
the latencies) move with it, CPU-seconds much less.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from benchmarks.bench_workshop import FLOOR_SHARE, _folder, tracebacks, tracebacks_figure
from benchmarks.harness import Figure, percentile
from benchmarks.processes import (
    TreeMeter,
    TreeSample,
    chromium_tree,
    mem_available_mb,
    renice,
    server_tree,
)
from benchmarks.servers import CHROMIUM, CHROMIUM_ARGS, VoilaServer, voila_server
from benchmarks.workshop_opens import idle_rate
from benchmarks.workshop_trainees import VIEWPORT, accept, close_page
from negotiation_lib import catalog
from negotiation_lib.store import Store

__all__ = [
    "MOVES",
    "PLANS",
    "Latency",
    "Plan",
    "latencies",
    "per_minute",
    "run",
    "spread",
]

GROUP = "rooms"
CASE = "valtora_brightmoor"
POOL_SIZE = 1
SEEN_WITHIN_MS = 2000.0
"""The issue's promise: the counterpart sees a move within 2 seconds."""
LOG_PATH = Path(__file__).resolve().parent.parent / "test-artifacts/logs/bench-rooms-server.log"
RAW_PATH = Path(__file__).resolve().parent.parent / "test-artifacts/bench-rooms.json"
READY = ".nw-dr-propose"
"""A deal-room page is usable once its Propose button shows: built, and its room paired."""
FLOOR_READY = ".widget-slider"
MEMORY_RESERVE_MB = 3000.0
"""A page is not opened when the machine has less memory than this left."""
WAVE_ENV = "NW_BENCH_ROOMS_WAVE"
TEAMS_ENV = "NW_BENCH_ROOMS_TEAMS"

MOVES: dict[str, tuple[str, str, str]] = {
    "offer 1": ("seller", ".nw-dr-offers tr[data-offer='1']", ""),
    "offer 2": ("customer", ".nw-dr-offers tr[data-offer='2']", ""),
    "acceptance": ("seller", ".nw-dr-status", "Agreement reached"),
}
"""Each move of a room's negotiation: who makes it, and what shows it on a page (a selector
and, when the element is there before the move, a text it must then contain)."""

WATCH = """watches => {
  const seen = (window.__nwSeen = window.__nwSeen || {});
  const check = () => {
    for (const [name, selector, text] of watches) {
      if (seen[name] !== undefined) continue;
      const el = document.querySelector(selector);
      if (el && (!text || el.textContent.includes(text))) seen[name] = Date.now();
    }
  };
  new MutationObserver(check).observe(document.body,
    {subtree: true, childList: true, characterData: true});
  check();
}"""
"""Notes in the page the first time each move shows (``Date.now()``, milliseconds)."""


@dataclass(frozen=True)
class Plan:
    """How much the run does."""

    teams: int
    wave: int
    idle_s: float
    pool_idle_s: float
    settle_s: float
    """Wait after the opens (and after the negotiation) before the next phase is read."""
    page_ms: float
    move_ms: float


PLANS = {
    False: Plan(20, 5, 60.0, 20.0, 15.0, 600_000, 120_000),
    True: Plan(4, 4, 15.0, 10.0, 5.0, 300_000, 60_000),
}
"""Full run: 20 teams (10 rooms), a minute idle. Quick (``--quick --only rooms``, a smoke
run): 4 teams (2 rooms), 15 s idle."""


@dataclass
class Team:
    """One team's browser context and page, and what its page showed when."""

    name: str
    participant_id: int
    resume: str
    side: str = ""
    room_id: int = 0
    room_number: int = 0
    context: BrowserContext | None = None
    page: Page | None = None
    open_ms: float | None = None
    wave: int = 0
    seen: dict[str, float] = field(default_factory=dict)
    """Move name → the page's ``Date.now()`` when it first showed."""
    error: str = ""


@dataclass
class Room:
    """A room's two teams and its negotiation's timings."""

    number: int
    room_id: int
    seller: Team
    buyer: Team
    clicked: dict[str, float] = field(default_factory=dict)
    """Move name → wall-clock ms just before the actor's click."""
    recorded: dict[str, float] = field(default_factory=dict)
    """Move name → wall-clock ms the store stamped on the move's event."""
    error: str = ""

    def counterpart(self, move: str) -> Team:
        """The team whose page must show ``move``: not the one that made it."""
        return self.buyer if MOVES[move][0] == "seller" else self.seller

    def actor(self, move: str) -> Team:
        """The team that makes ``move``."""
        return self.seller if MOVES[move][0] == "seller" else self.buyer


@dataclass(frozen=True)
class Latency:
    """One move: its room, and how long its counterpart's page took to show it (ms)."""

    room: int
    move: str
    from_record_ms: float
    """From the store's stamp on the move to the counterpart's page showing it."""
    from_click_ms: float | None
    """From the actor's click (the actor's page and kernel included)."""
    own_page_ms: float | None
    """From the actor's click to the actor's own page showing it."""


def latencies(rooms: Sequence[Room]) -> list[Latency]:
    """Every move that both was recorded and showed on the counterpart's page, in order.

    A move missing either end (the room failed before it, or the page never showed it) is
    left out: the figures count it among the rooms that did not agree.
    """
    out: list[Latency] = []
    for room in rooms:
        for move in MOVES:
            shown = room.counterpart(move).seen.get(move)
            recorded = room.recorded.get(move)
            if shown is None or recorded is None:
                continue
            clicked = room.clicked.get(move)
            own = room.actor(move).seen.get(move)
            out.append(
                Latency(
                    room.number,
                    move,
                    shown - recorded,
                    None if clicked is None else shown - clicked,
                    None if clicked is None or own is None else own - clicked,
                )
            )
    return out


def spread(samples: Sequence[float]) -> str:
    """p50, p95 and max of milliseconds, as a note says them.

    Examples
    --------
    >>> spread([100.0, 200.0, 300.0, 400.0, 1500.0])
    'p50 300 ms, p95 1,280 ms, max 1,500 ms'
    """
    if not samples:
        return "none"
    return (
        f"p50 {statistics.median(samples):,.0f} ms, p95 {percentile(list(samples), 95):,.0f} ms, "
        f"max {max(samples):,.0f} ms"
    )


def per_minute(first: TreeSample, last: TreeSample) -> tuple[float, float]:
    """CPU-seconds per minute between two readings: the whole tree, and its root alone."""
    span = last.at - first.at
    if span <= 0:
        return float("nan"), float("nan")
    return (
        60 * (last.cpu_s - first.cpu_s) / span,
        60 * (last.root_cpu_s - first.root_cpu_s) / span,
    )


def _machine_busy() -> tuple[float, float]:
    """CPU-seconds the whole machine has been busy, and elapsed CPU-seconds (all cores)."""
    with open("/proc/stat", encoding="utf-8") as fh:
        fields = [int(v) for v in fh.readline().split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    # guest time is already counted in user time: the first eight fields are the total
    total = sum(fields[:8])
    return (total - idle) / tick, total / tick


@dataclass(frozen=True)
class Phase:
    """One phase: the server tree, the browsers and the machine at its start and end."""

    first: TreeSample
    last: TreeSample
    browser_cpu_s: float
    machine_busy_s: float
    machine_s: float
    load: tuple[float, float, float]
    ours_cpu_s: float = 0.0
    """This benchmark's whole process tree: its driver and Playwright's, the browsers, the
    server and its kernels."""

    @property
    def span_s(self) -> float:
        return self.last.at - self.first.at

    @property
    def cpu_s(self) -> float:
        return self.last.cpu_s - self.first.cpu_s

    @property
    def root_cpu_s(self) -> float:
        return self.last.root_cpu_s - self.first.root_cpu_s

    @property
    def others_cpu_s(self) -> float:
        """CPU-seconds of everything else on the machine: other people's work."""
        ours = max(self.ours_cpu_s, self.cpu_s + self.browser_cpu_s)
        return max(0.0, self.machine_busy_s - ours)

    def conditions(self) -> str:
        cores = self.machine_s / self.span_s if self.span_s > 0 else 0
        return (
            f"other work on the machine used {self.others_cpu_s / self.span_s:.2f} cores "
            f"of {cores:.0f} meanwhile (load average {self.load[0]:.1f})"
        )


class Recorder:
    """Starts and ends phases against the server's tree and the browsers' tree."""

    def __init__(self, server: TreeMeter, browsers: TreeMeter) -> None:
        self.server, self.browsers = server, browsers
        self.ours = TreeMeter(server_tree(os.getpid()))

    def begin(self) -> tuple[TreeSample, float, float, tuple[float, float]]:
        return (
            self.server.sample(),
            self.browsers.sample().cpu_s,
            self.ours.sample().cpu_s,
            _machine_busy(),
        )

    def end(self, begun: tuple[TreeSample, float, float, tuple[float, float]]) -> Phase:
        first, browser, ours, (busy, total) = begun
        last = self.server.sample()
        busy_now, total_now = _machine_busy()
        return Phase(
            first,
            last,
            self.browsers.sample().cpu_s - browser,
            busy_now - busy,
            total_now - total,
            os.getloadavg(),
            self.ours.sample().cpu_s - ours,
        )


def _progress(text: str) -> None:
    sys.stderr.write(f"[bench rooms {time.strftime('%H:%M:%S')}] {text}\n")
    sys.stderr.flush()


def _short(err: BaseException) -> str:
    first = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {first[:120]}"


async def _open(browser: Browser, url: str, ready: str, who: Team, plan: Plan) -> None:
    """Open one page in a context of its own until ``ready`` shows; its watcher is installed."""
    if mem_available_mb() < MEMORY_RESERVE_MB:
        who.error = f"not opened: {mem_available_mb():.0f} MB of memory left on the machine"
        return
    who.context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        page = who.page = await who.context.new_page()
        page.set_default_timeout(plan.move_ms)
        page.on("dialog", accept)
        start = time.perf_counter()
        await page.goto(url, timeout=plan.page_ms)
        await page.wait_for_selector(ready, state="visible", timeout=plan.page_ms)
        who.open_ms = (time.perf_counter() - start) * 1000
        await page.evaluate(WATCH, [[name, sel, text] for name, (_, sel, text) in MOVES.items()])
    except Exception as err:  # one page's failure is recorded; the others go on
        who.error = f"open: {_short(err)}"


async def _open_in_waves(
    browser: Browser, base: str, teams: list[Team], plan: Plan, floor: bool = False
) -> list[float]:
    """Open every team's page, ``plan.wave`` at a time; each wave's wall seconds."""
    waves: list[float] = []
    for k in range(0, len(teams), plan.wave):
        wave = teams[k : k + plan.wave]
        start = time.monotonic()
        for t in wave:
            t.wave = k // plan.wave + 1
        await asyncio.gather(
            *(
                _open(
                    browser,
                    f"{base}/voila/render/"
                    + ("floor.ipynb" if floor else catalog.workbook_href(t.resume, "deal_room")),
                    FLOOR_READY if floor else READY,
                    t,
                    plan,
                )
                for t in wave
            )
        )
        waves.append(time.monotonic() - start)
        _progress(
            f"{'floor ' if floor else ''}wave {len(waves)}: {len(wave)} pages in "
            f"{waves[-1]:.0f} s" + "".join(f"; {t.name} {t.error}" for t in wave if t.error)
        )
    return waves


async def _negotiate(room: Room, plan: Plan) -> None:
    """Offer, counter, accept through the two pages' controls."""
    s, b = room.seller.page, room.buyer.page
    if s is None or b is None or room.seller.error or room.buyer.error:
        room.error = "a page did not open"
        return
    step = "offer 1"
    try:
        await s.locator(".nw-at-values-price_per_housing input").fill("28000")
        await s.locator(".nw-at-values-lead_time_weeks input").fill("8")
        await s.locator(".nw-at-values-contract_years input").fill("3")
        await s.locator(".nw-at-values-payment_terms select").select_option("60 days")
        room.clicked["offer 1"] = time.time() * 1000
        await s.locator(".nw-dr-propose").click()
        await b.locator(MOVES["offer 1"][1]).wait_for(timeout=plan.move_ms)
        step = "offer 2"
        await b.get_by_role("button", name="Counter offer 1").click()
        price = b.locator(".nw-at-values-price_per_housing input")
        await b.wait_for_function(
            "() => { const i = document.querySelector("
            "'.nw-at-values-price_per_housing input'); return !!i && i.value !== ''; }",
            timeout=plan.move_ms,
        )
        await price.fill("27000")
        room.clicked["offer 2"] = time.time() * 1000
        await b.locator(".nw-dr-propose").click()
        await s.locator(MOVES["offer 2"][1]).wait_for(timeout=plan.move_ms)
        step = "acceptance"
        room.clicked["acceptance"] = time.time() * 1000
        await s.get_by_role("button", name="Accept offer 2").click()
        await b.locator(MOVES["acceptance"][1], has_text=MOVES["acceptance"][2]).wait_for(
            timeout=plan.move_ms
        )
    except Exception as err:  # one room's failure is recorded; the others go on
        room.error = f"{step}: {_short(err)}"


async def _read_seen(teams: list[Team]) -> None:
    for t in teams:
        if t.page is not None and not t.error:
            try:
                t.seen = {
                    k: float(v) for k, v in (await t.page.evaluate("() => window.__nwSeen")).items()
                }
            except Exception as err:  # recorded as the team's failure
                t.error = f"reading the page: {_short(err)}"


def _recorded(url: str, rooms: list[Room]) -> None:
    """The store's stamp on each room's moves (epoch ms)."""
    store = Store(url)
    try:
        for room in rooms:
            events = store.events_since(room.room_id)
            offers = [e for e in events if e.kind == "offered"]
            accepted = [e for e in events if e.kind == "accepted"]
            for name, event in zip(("offer 1", "offer 2"), offers, strict=False):
                if event.at is not None:
                    room.recorded[name] = event.at.timestamp() * 1000
            if accepted and accepted[0].at is not None:
                room.recorded["acceptance"] = accepted[0].at.timestamp() * 1000
    finally:
        store.close()


@dataclass(frozen=True)
class Measured:
    """Everything one run measured."""

    plan: Plan
    teams: list[Team]
    rooms: list[Room]
    agreed: int
    pool: int
    pool_idle: float
    """Server tree CPU-seconds per second with no page open."""
    waves_s: list[float]
    opens: Phase
    idle: Phase
    negotiation: Phase
    floor: list[Team]
    floor_waves_s: list[float]
    floor_idle: Phase | None
    elapsed_s: float


def _seat(url: str, plan: Plan) -> tuple[list[Team], list[Room]]:
    """A role-play workshop and its teams, paired by the store as they join."""
    store = Store(url)
    try:
        made = store.create_workshop("Deal-room benchmark", [CASE])
        teams: list[Team] = []
        for k in range(plan.teams):
            joined = store.join(made.workshop.join_code, f"Team {k + 1:02d}")
            teams.append(Team(f"Team {k + 1:02d}", joined.participant.id, joined.resume_code))
        by_room: dict[int, dict[str, Team]] = {}
        for t in teams:
            seat = store.room_for(t.participant_id)
            if seat is None:
                raise RuntimeError(f"{t.name} sits in no room")
            t.side, t.room_id, t.room_number = seat.side, seat.room.id, seat.number
            by_room.setdefault(seat.room.id, {})[seat.side] = t
    finally:
        store.close()
    rooms = [
        Room(seats["seller"].room_number, rid, seats["seller"], seats["customer"])
        for rid, seats in sorted(by_room.items())
        if {"seller", "customer"} <= seats.keys()
    ]
    return teams, rooms


async def _close_all(teams: list[Team]) -> None:
    for t in teams:
        try:
            if t.page is not None and not t.page.is_closed():
                await close_page(t.page)
        except Exception as err:  # a broken page goes with its context
            _progress(f"{t.name}: page close failed ({_short(err)})")
    for t in teams:
        if t.context is not None:
            await t.context.close()


async def _measure(plan: Plan, folder: Path) -> Measured:
    started = time.monotonic()
    pool = sum(1 for _ in folder.glob("*.ipynb")) * POOL_SIZE
    # The floor's kernel spec (a new process, as bare Voila starts it) lives beside the copy.
    with voila_server(
        notebooks=folder, log=LOG_PATH, jupyter_path=folder / FLOOR_SHARE, pool_size=POOL_SIZE
    ) as server:
        warmed = server.wait_for_pool(pool)
        _progress(f"server ready, pool of {pool} warmed in {warmed:.0f} s")
        teams, rooms = _seat(server.store_url, plan)
        meter = TreeMeter(server_tree(server.process.pid), root=server.process.pid)
        meter.start(1.0)
        try:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                browsers = chromium_tree(os.getpid())
                renice(browsers)
                record = Recorder(meter, TreeMeter(browsers))
                pool_idle = await idle_rate(meter, plan.pool_idle_s)
                _progress(f"pool idle {60 * pool_idle:.2f} CPU-s a minute; pages open")
                measured = await _phases(browser, server, record, plan, teams, rooms)
                await browser.close()
        finally:
            meter.stop()
    agreed = sum(not r.error and "acceptance" in r.recorded for r in rooms)
    waves, opens, idle, negotiation, floor, floor_waves, floor_idle = measured
    return Measured(
        plan=plan,
        teams=teams,
        rooms=rooms,
        agreed=agreed,
        pool=pool,
        pool_idle=pool_idle,
        waves_s=waves,
        opens=opens,
        idle=idle,
        negotiation=negotiation,
        floor=floor,
        floor_waves_s=floor_waves,
        floor_idle=floor_idle,
        elapsed_s=time.monotonic() - started,
    )


async def _phases(
    browser: Browser,
    server: VoilaServer,
    record: Recorder,
    plan: Plan,
    teams: list[Team],
    rooms: list[Room],
) -> tuple[list[float], Phase, Phase, Phase, list[Team], list[float], Phase | None]:
    begun = record.begin()
    waves = await _open_in_waves(browser, server.base, teams, plan)
    await asyncio.sleep(plan.settle_s)
    opens = record.end(begun)
    _progress(
        f"{sum(t.open_ms is not None for t in teams)} of {len(teams)} pages open; "
        f"{opens.cpu_s:.0f} CPU-s; idle minute"
    )
    begun = record.begin()
    await asyncio.sleep(plan.idle_s)
    idle = record.end(begun)
    _progress(f"idle: {per_minute(idle.first, idle.last)[0]:.1f} CPU-s a minute; negotiation")
    begun = record.begin()
    await asyncio.gather(*(_negotiate(r, plan) for r in rooms))
    await asyncio.sleep(plan.settle_s)
    negotiation = record.end(begun)
    await _read_seen(teams)
    _recorded(server.store_url, rooms)
    _progress(
        f"negotiation: {negotiation.cpu_s:.1f} CPU-s over {negotiation.span_s:.0f} s"
        + "".join(f"; room {r.number}: {r.error}" for r in rooms if r.error)
    )
    await _close_all(teams)
    floor = [Team(f"Floor {k + 1:02d}", 0, "") for k in range(plan.teams)]
    floor_idle: Phase | None = None
    floor_waves: list[float] = []
    try:
        await asyncio.sleep(plan.settle_s)
        floor_waves = await _open_in_waves(browser, server.base, floor, plan, floor=True)
        await asyncio.sleep(plan.settle_s)
        begun = record.begin()
        await asyncio.sleep(plan.idle_s)
        floor_idle = record.end(begun)
        _progress(f"floor idle: {per_minute(floor_idle.first, floor_idle.last)[0]:.2f} CPU-s/min")
    finally:
        await _close_all(floor)
    return waves, opens, idle, negotiation, floor, floor_waves, floor_idle


def _moves_figure(name: str, samples: list[float], note: str) -> Figure:
    values = samples or [float("nan")]
    p95 = percentile(values, 95)
    return Figure(
        GROUP,
        name,
        statistics.median(values),
        p95,
        "ms",
        f"p95 ≤ {SEEN_WITHIN_MS:g} ms",
        bool(samples) and p95 <= SEEN_WITHIN_MS,
        len(samples),
        note,
    )


def _floor_failures(floor: list[Team]) -> str:
    """A note of the floor pages that did not open (the comparison then means little)."""
    failed = [t for t in floor if t.error]
    if not failed:
        return ""
    return f"; **{len(failed)} of {len(floor)} floor pages did not open**: {failed[0].error}"


def figures(m: Measured, log_problems: list[str]) -> list[Figure]:
    """The run's figures, as RESULTS.md shows them."""
    found = latencies(m.rooms)
    n_rooms = len(m.rooms)
    offers = [x.from_record_ms for x in found if x.move != "acceptance"]
    accepts = [x.from_record_ms for x in found if x.move == "acceptance"]
    clicks = [x.from_click_ms for x in found if x.from_click_ms is not None]
    own = [x.own_page_ms for x in found if x.own_page_ms is not None]
    neg = m.negotiation
    net = neg.cpu_s - m.idle.cpu_s / m.idle.span_s * neg.span_s
    idle_min, idle_root = per_minute(m.idle.first, m.idle.last)
    open_pages = sum(t.open_ms is not None and not t.error for t in m.teams)
    conditions = f"{neg.conditions()}; Chromium {neg.browser_cpu_s:.0f} CPU-s (reniced)"
    out = [
        _moves_figure(
            f"offer → counterpart's page, {n_rooms} rooms at once",
            offers,
            f"{spread(offers)}; from the store's stamp on the offer to the row in the other "
            f"team's page (offers and counter-offers, 2 a room); {conditions}",
        ),
        _moves_figure(
            "acceptance → counterpart's page",
            accepts,
            f"{spread(accepts)}; from the store's stamp to 'Agreement reached' on the other page",
        ),
        Figure(
            GROUP,
            "click → counterpart's page, every move",
            statistics.median(clicks) if clicks else float("nan"),
            percentile(clicks, 95) if clicks else float("nan"),
            "ms",
            "",
            None,
            len(clicks),
            f"{spread(clicks)}; from the actor's click (its page and kernel included); the "
            f"actor's own page showed its move {spread(own)} after the click",
        ),
        Figure(
            GROUP,
            "negotiation, server CPU per room (offer, counter, accept)",
            neg.cpu_s / max(n_rooms, 1),
            neg.cpu_s / max(n_rooms, 1),
            "CPU-s",
            "",
            None,
            n_rooms,
            f"server + kernels, {neg.cpu_s:.1f} CPU-s over {neg.span_s:.0f} s with "
            f"{open_pages} pages open (polling included; the server process "
            f"{neg.root_cpu_s:.1f}); {net / max(n_rooms, 1):.2f} CPU-s a room with the idle "
            f"pages' rate taken off; {conditions}",
        ),
        Figure(
            GROUP,
            f"{open_pages} deal-room pages open and idle, server CPU per minute",
            idle_min,
            idle_min,
            "CPU-s",
            "",
            None,
            open_pages,
            "each page's kernel looks for new moves every second: "
            f"{idle_min / max(open_pages, 1):.3f} CPU-s a minute a page; the server process "
            f"{idle_root:.2f} of it; {len(m.idle.last.kernels)} kernels alive (pool {m.pool}); "
            f"no page open (the pool alone) {60 * m.pool_idle:.2f}; {m.idle.conditions()}",
        ),
    ]
    if m.floor_idle is not None:
        floor_open = sum(t.open_ms is not None and not t.error for t in m.floor)
        floor_min, floor_root = per_minute(m.floor_idle.first, m.floor_idle.last)
        out.append(
            Figure(
                GROUP,
                f"floor: {floor_open} one-slider pages open and idle, server CPU per minute",
                floor_min,
                floor_min,
                "CPU-s",
                "",
                None,
                floor_open,
                f"the same server and run; the server process {floor_root:.2f}; "
                f"{len(m.floor_idle.last.kernels)} kernels alive; deal-room "
                f"pages cost {idle_min - floor_min:.2f} CPU-s a minute more "
                f"({(idle_min - floor_min) / max(open_pages, 1):.3f} a page); "
                f"{m.floor_idle.conditions()}" + _floor_failures(m.floor),
            )
        )
    opened = [t.open_ms for t in m.teams if t.open_ms is not None]
    failed = [t for t in m.teams if t.error]
    out += [
        Figure(
            GROUP,
            f"deal-room page open, {m.plan.wave} at a time",
            statistics.median(opened) if opened else float("nan"),
            percentile(opened, 95) if opened else float("nan"),
            "ms",
            "",
            None,
            len(opened),
            f"workbook at its Deal room tab until Propose shows; waves of {m.plan.wave}: "
            + ", ".join(f"{w:.0f}" for w in m.waves_s)
            + f" s; {m.opens.cpu_s:.0f} CPU-s of server in all "
            f"({m.opens.cpu_s / max(len(opened), 1):.1f} a page, {m.plan.settle_s:.0f} s after "
            f"the last included); {m.opens.conditions()}",
        ),
        Figure(
            GROUP,
            "every room agreed",
            m.agreed,
            m.agreed,
            "rooms",
            f"{n_rooms} of {n_rooms}",
            m.agreed == n_rooms,
            n_rooms,
            f"{len(m.teams)} teams; run {m.elapsed_s:.0f} s"
            + "".join(f"; room {r.number}: {r.error}" for r in m.rooms if r.error)
            + "".join(f"; {t.name}: {t.error}" for t in failed[:3]),
        ),
        tracebacks_figure(GROUP, log_problems, "whole run"),
    ]
    return out


def _raw(m: Measured) -> dict[str, object]:
    """The run's samples, for a second look (``test-artifacts/bench-rooms.json``)."""
    return {
        "plan": asdict(m.plan),
        "latencies": [asdict(x) for x in latencies(m.rooms)],
        "opens_ms": {t.name: t.open_ms for t in m.teams},
        "waves_s": m.waves_s,
        "floor_waves_s": m.floor_waves_s,
        "errors": {
            **{f"room {r.number}": r.error for r in m.rooms if r.error},
            **{t.name: t.error for t in [*m.teams, *m.floor] if t.error},
        },
        "phases": {
            name: {
                "span_s": p.span_s,
                "cpu_s": p.cpu_s,
                "root_cpu_s": p.root_cpu_s,
                "browser_cpu_s": p.browser_cpu_s,
                "others_cpu_s": p.others_cpu_s,
                "load": p.load,
            }
            for name, p in (
                ("opens", m.opens),
                ("idle", m.idle),
                ("negotiation", m.negotiation),
                ("floor_idle", m.floor_idle),
            )
            if p is not None
        },
        "pool_idle_cpu_s_per_s": m.pool_idle,
    }


def run(quick: bool) -> list[Figure]:
    """20 teams in 10 rooms (quick: 4 teams in 2 rooms)."""
    if not Path(CHROMIUM).exists():
        return [Figure(GROUP, "deal-room benchmark", 0, 0, "", "", None, 0, "skipped: no Chromium")]
    LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
    plan = PLANS[quick]
    if os.environ.get(TEAMS_ENV, "").isdigit():
        plan = dataclasses.replace(plan, teams=int(os.environ[TEAMS_ENV]))
    if os.environ.get(WAVE_ENV, "").isdigit():
        plan = dataclasses.replace(plan, wave=max(1, int(os.environ[WAVE_ENV])))
    folder = _folder()
    try:
        measured = asyncio.run(_measure(plan, folder))
    except Exception as err:
        # Figures are reported, never asserted: a run that could not finish (a page that did
        # not open in time on a loaded machine) says so in its row and lets the test run go on.
        reason = f"{type(err).__name__}: {err}".splitlines()[0][:300]
        return [Figure(GROUP, "deal-room benchmark", 0, 0, "", "", False, 0, f"failed: {reason}")]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    RAW_PATH.write_text(json.dumps(_raw(measured), indent=1), encoding="utf-8")
    return figures(measured, tracebacks(LOG_PATH))
