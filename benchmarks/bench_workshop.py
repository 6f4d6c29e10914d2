"""A workshop on this machine: 30 trainees join, open a worksheet and edit it, all at once.

Targets (issue "workshop mode"): with 30 participants on one server, every page usable and
every save kept; page-load and save latencies p50/p95 recorded.

One server, as ``negotiation-workbook serve`` starts it (pool size 1, default culling), on a
fresh SQLite store in a temporary data directory; one workshop created through the store.
Then 30 Chromium contexts (quick: 6) in one browser, driven concurrently with Playwright's
async API, each one trainee:

1. joins through the home page (join code and name typed, "Join" clicked, until the resume
   code is shown): *join*. The quick run skips this step to stay short: the store joins its
   six trainees, and each starts from its resume link (the note says which was done);
2. opens ``transparent_economics`` by its resume link, until the save status says "saved":
   *worksheet load* (the page is usable: its document is loaded and autosave is live);
3. types 41, 42, 43 into the volume per period, each time waiting until the status shows a
   newer saved version: *save* (this includes the autosave's 0.5 s delay).

All contexts start together, as when a facilitator says "join now", so every kernel starts
at about the same time on a 2-core machine. One context's failure (a timeout, an error) is
recorded and the others go on. Afterwards the store is read directly: a participant's saves
are kept when its history is versions 1 … 1 + edits and the newest holds the last value.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from benchmarks.harness import Figure, figure
from benchmarks.servers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VoilaServer,
    preheated_notebooks,
    rss_mb,
    voila_server,
)
from negotiation_lib.store import Store, StoreError
from negotiation_lib.worksheets.fields import field_class

LOG = logging.getLogger(__name__)
GROUP = "workshop"
CASE = "pumpco_acme_foods"
FIELD = "economics.volume_per_period"
EDITS = ("41", "42", "43")
SAVED = ".nw-save[data-state='saved']"
NEWER_SAVE = (
    "v => { const s = document.querySelector('.nw-save');"
    " return !!s && s.dataset.state === 'saved' && Number(s.dataset.version) > v; }"
)


@dataclass(frozen=True)
class Limits:
    """How long a page may take to load, a save to show, and the whole workshop to run."""

    page_ms: float
    save_ms: float
    run_s: float


LIMITS = {
    # Generous: 30 kernels starting at once on 2 cores take minutes, not seconds (6 at once
    # take 60-90 s each). A page not usable by then is stuck, not slow: its output was lost
    # (see the analysis on Voila's IOPub timeout).
    False: Limits(page_ms=600_000, save_ms=120_000, run_s=1500),
    True: Limits(page_ms=120_000, save_ms=60_000, run_s=240),
}
"""Full and quick runs; trainees not done when the run's time is up are recorded as failed."""

PAGE_STATE = """() => {
    const s = document.querySelector('.nw-save');
    return `save status ${s ? s.dataset.state : 'absent'}, `
        + `${document.querySelectorAll('.nw-page').length} .nw-page, `
        + `${document.querySelectorAll('.jupyter-widgets').length} widgets`;
}"""


@dataclass
class Trainee:
    """What one browser context did and how long each step took (ms)."""

    name: str
    step: str = "not started"
    resume_code: str = ""
    join_ms: float | None = None
    load_ms: float | None = None
    save_ms: list[float] = field(default_factory=list)
    error: str = ""


def _short(err: BaseException) -> str:
    first = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {first[:120]}"


async def _version(page: Page) -> int:
    return int(await page.locator(".nw-save").get_attribute("data-version") or 0)


async def _state(page: Page | None) -> str:
    """What the page shows when a step failed (for the note), or why that is unknown."""
    if page is None:
        return "no page"
    try:
        return str(await page.evaluate(PAGE_STATE))
    except Exception as err:  # the page may be gone or mid-navigation
        return f"state unknown ({type(err).__name__})"


async def _join(page: Page, base: str, join_code: str, who: Trainee, limits: Limits) -> None:
    """Join on the home page: join code and name typed, "Join" clicked, resume code shown."""
    start = time.perf_counter()
    who.step = "home page load"
    await page.goto(f"{base}/voila/render/home.ipynb", timeout=limits.page_ms)
    LOG.info("%s home page loaded after %.0f ms", who.name, (time.perf_counter() - start) * 1000)
    who.step = "join"
    await page.locator(".nw-home-join-code input").fill(join_code, timeout=limits.page_ms)
    await page.locator(".nw-home-your-name input").fill(who.name, timeout=limits.save_ms)
    await page.get_by_role("button", name="Join").click(timeout=limits.save_ms)
    code = page.locator("[data-resume-code]")
    await code.wait_for(timeout=limits.save_ms)
    who.resume_code = (await code.inner_text()).strip()
    who.join_ms = (time.perf_counter() - start) * 1000
    LOG.info("%s joined in %.0f ms", who.name, who.join_ms)


async def _trainee(
    browser: Browser,
    base: str,
    join_code: str,
    who: Trainee,
    opened: list[BrowserContext],
    limits: Limits,
) -> None:
    """One trainee's session; its context stays open (in ``opened``) for the caller to close."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    opened.append(context)
    page: Page | None = None
    try:
        page = await context.new_page()
        if not who.resume_code:
            await _join(page, base, join_code, who, limits)
        start = time.perf_counter()
        who.step = "worksheet load"
        await page.goto(
            f"{base}/voila/render/transparent_economics.ipynb?resume={who.resume_code}",
            timeout=limits.page_ms,
        )
        await page.wait_for_selector(SAVED, state="visible", timeout=limits.page_ms)
        who.load_ms = (time.perf_counter() - start) * 1000
        LOG.info("%s worksheet usable in %.0f ms", who.name, who.load_ms)

        box = page.locator(f".{field_class(FIELD)} input")
        for value in EDITS:
            who.step = f"save of {value}"
            before = await _version(page)
            start = time.perf_counter()
            await box.fill(value, timeout=limits.save_ms)
            await page.wait_for_function(NEWER_SAVE, arg=before, timeout=limits.save_ms)
            who.save_ms.append((time.perf_counter() - start) * 1000)
            LOG.info("%s saved %s in %.0f ms", who.name, value, who.save_ms[-1])
        who.step = "done"
    except Exception as err:  # one trainee's failure is recorded; the others go on
        who.error = f"{who.step}: {_short(err)} ({await _state(page)})"
        LOG.warning("%s failed: %s", who.name, who.error)


async def _workshop(
    server: VoilaServer, join_code: str, trainees: list[Trainee], limits: Limits
) -> tuple[int, float]:
    """Drive every trainee at once; the peak kernels and their peak memory (MB) meanwhile.

    Trainees not done after ``limits.run_s`` seconds are stopped and recorded as failed.
    """
    peak, memory = 0, 0.0

    async def watch(done: asyncio.Event) -> None:
        nonlocal peak, memory
        while not done.is_set():
            kernels = server.kernel_pids()
            peak = max(peak, len(kernels))
            memory = max(memory, sum(rss_mb(pid) for pid in kernels))
            await asyncio.sleep(2)

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        done = asyncio.Event()
        watcher = asyncio.create_task(watch(done))
        opened: list[BrowserContext] = []
        try:
            # Pages stay open until every trainee is done, as in a workshop room.
            tasks = [
                asyncio.create_task(_trainee(browser, server.base, join_code, t, opened, limits))
                for t in trainees
            ]
            _, pending = await asyncio.wait(tasks, timeout=limits.run_s)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            for t, task in zip(trainees, tasks, strict=True):
                if task in pending:
                    t.error = f"{t.step}: not done after {limits.run_s:.0f} s (run time limit)"
                    LOG.warning("%s failed: %s", t.name, t.error)
        finally:
            done.set()
            await watcher
            for context in opened:
                await context.close()
            await browser.close()
    return peak, memory


def _holds(store: Store, participant: int, confirmed: int) -> bool:
    """Whether version 1 + ``confirmed`` exists and holds the last value confirmed saved."""
    try:
        data = store.version(participant, 1 + confirmed).data or {}
    except StoreError:
        return False
    return bool(data.get("economics", {}).get("volume_per_period") == float(EDITS[confirmed - 1]))


def _kept(url: str, trainees: list[Trainee]) -> tuple[int, str]:
    """How many trainees' saves are all in the store; what is wrong with the others.

    Kept: the history is versions 1 … 1 + edits and the newest holds the last value typed.
    The others are told apart: a page that never became usable saved nothing (no save was
    lost), while a save the page confirmed but the store lacks is a lost save.
    """
    store = Store(url)
    kept, unsaved, lost = 0, [], []
    try:
        for t in trainees:
            person = store.participant_for_resume(t.resume_code) if t.resume_code else None
            versions = [v.version for v in store.history(person.id)] if person else []
            latest = store.latest(person.id) if person else None
            value = (
                ((latest.data or {}) if latest else {})
                .get("economics", {})
                .get("volume_per_period")
            )
            if versions == list(range(1, 2 + len(EDITS))) and value == float(EDITS[-1]):
                kept += 1
                continue
            confirmed = len(t.save_ms)
            if confirmed == 0 or (person and _holds(store, person.id, confirmed)):
                unsaved.append(f"{t.name} ({confirmed} of {len(EDITS)} saves made)")
            else:
                lost.append(f"{t.name}: {confirmed} saves confirmed, versions {versions}")
    finally:
        store.close()
    parts = []
    if unsaved:
        parts.append(f"{len(unsaved)} did not get to save everything: " + ", ".join(unsaved[:3]))
    if lost:
        parts.append(f"**{len(lost)} lost a confirmed save**: " + "; ".join(lost[:3]))
    return kept, "; ".join(parts)


def workshop_figures(
    participants: int,
    *,
    through_home_page: bool = True,
    limits: Limits = LIMITS[False],
    log: Path | None = None,
    extra: Sequence[str] = (),
) -> list[Figure]:
    """Run a workshop of ``participants`` trainees against a fresh server; the figures.

    ``through_home_page``: each trainee joins on the home page (else the store joins them
    and they start from their resume link); ``limits``: the time allowed; ``log``: where
    the server's output goes (nowhere by default); ``extra``: more Voila options.
    """
    trainees = [Trainee(f"Team {k + 1:02d}") for k in range(participants)]
    started = time.monotonic()
    with voila_server(log=log, extra=extra) as server:
        store = Store(server.store_url)
        try:
            made = store.create_workshop(f"Benchmark workshop of {participants}", [CASE])
            if not through_home_page:
                for t in trainees:
                    t.resume_code = store.join(made.workshop.join_code, t.name).resume_code
        finally:
            store.close()
        # Let the preheated pool fill (bounded), as it would before a real workshop starts.
        warmed = server.wait_for_pool(preheated_notebooks())
        peak, memory = asyncio.run(_workshop(server, made.workshop.join_code, trainees, limits))
        kept, problems = _kept(server.store_url, trainees)
    elapsed = time.monotonic() - started

    joined = [t.join_ms for t in trainees if t.join_ms is not None]
    loaded = [t.load_ms for t in trainees if t.load_ms is not None]
    saves = [s for t in trainees for s in t.save_ms]
    errors = [f"{t.name}: {t.error}" for t in trainees if t.error]
    context = (
        f"{participants} contexts at once, "
        + ("joined through the home page" if through_home_page else "joined through the store")
        + f"; at most {peak} "
        f"kernels alive, holding at most {memory / 1024:.1f} GB; run {elapsed:.0f} s "
        f"(pool ready after {warmed:.0f} s)"
    )
    figures: list[Figure] = []
    if joined:
        figures.append(
            figure(
                GROUP,
                f"join on the home page, {participants} at once",
                joined,
                note="goto home → join code and name typed → resume code shown",
            )
        )
    if loaded:
        figures.append(
            figure(
                GROUP,
                f"worksheet load by resume link, {participants} at once",
                loaded,
                note="goto transparent_economics?resume=… → save status 'saved'",
            )
        )
    if saves:
        figures.append(
            figure(
                GROUP,
                f"save, {participants} pages editing at once",
                saves,
                note=(
                    f"volume per period typed ({', '.join(EDITS)}) → newer version shown; "
                    "includes the 0.5 s autosave delay"
                ),
            )
        )
    usable_note = context + (f"; {len(errors)} failed: {'; '.join(errors[:3])}" if errors else "")
    figures.append(
        Figure(
            GROUP,
            "every page usable",
            len(loaded),
            len(loaded),
            "pages",
            f"{participants} of {participants}",
            len(loaded) == participants,
            participants,
            usable_note,
        )
    )
    figures.append(
        Figure(
            GROUP,
            "every save kept",
            kept,
            kept,
            "participants",
            f"{participants} of {participants}",
            kept == participants,
            participants,
            f"store history 1…{1 + len(EDITS)} and newest volume {EDITS[-1]}"
            + (f"; {problems}" if problems else ""),
        )
    )
    return figures


def run(quick: bool) -> list[Figure]:
    """A workshop of 30 trainees (quick: 6)."""
    if not Path(CHROMIUM).exists():
        return [Figure(GROUP, "workshop benchmark", 0, 0, "", "", None, 0, "skipped: no Chromium")]
    return workshop_figures(6 if quick else 30, through_home_page=not quick, limits=LIMITS[quick])
