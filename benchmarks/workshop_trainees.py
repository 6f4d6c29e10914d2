"""Trainees in Chromium: join on the home page, open the workbook, change a field every 10 s.

Each trainee is one browser context (one laptop in the room), driven with Playwright's async
API so that all of them act at once:

1. *join*: the home page is opened, the workshop's join code and the trainee's name typed and
   "Join" clicked, until the welcome card shows the resume code;
2. *workbook load*: "Open your workbook" is clicked on the welcome card, which opens the
   participant's workbook in the home page's own kernel (no second page, no second kernel),
   at its first worksheet, until its save status says "saved" (the document is loaded and
   autosave is live);
3. *tab*, once every trainee is in: the trainees are spread over the three worksheets in turn,
   and those not on the first one click its tab (a worksheet is built when first opened) until
   the field they will change shows;
4. *changes*: one field of the worksheet is changed every ``every_s`` seconds, each time until
   the page shows a newer saved version (the autosave's 0.5 s delay included). The trainees'
   changes are spread evenly over each interval.

One trainee's failure (a timeout, an error) is recorded and the others go on. Afterwards the
store is read directly: a trainee's changes are kept when the history is versions 1 … 1 +
changes and the newest holds the last value typed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Dialog, Page

from benchmarks.processes import mem_available_mb
from negotiation_lib import catalog
from negotiation_lib.store import Store, StoreError
from negotiation_lib.worksheets.fields import field_class

LOG = logging.getLogger(__name__)

SAVED = ".nw-save[data-state='saved']"
NEWER_SAVE = (
    "v => { const s = document.querySelector('.nw-save');"
    " return !!s && s.dataset.state === 'saved' && Number(s.dataset.version) > v; }"
)
KERNEL_ID = "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
VIEWPORT = {"width": 1400, "height": 900}
MEMORY_RESERVE_MB = 3000.0
"""A trainee is not started when the machine has less memory than this left."""

# Per worksheet: the field each trainee on it changes, and the value of its k-th change (the
# sample case holds 2500, 40 and 8: no change types the value already there).
CHANGES: dict[str, tuple[str, float, float]] = {
    "value_proposition": ("value.drivers[0].value_per_unit", 2510, 10),
    "transparent_economics": ("economics.volume_per_period", 41, 1),
    "win_win": ("trust.seller_view.credibility", 2, 1),
}


def typed(sheet: str, k: int) -> float:
    """The value of a trainee's ``k``-th change (0-based) on ``sheet``."""
    _, first, step = CHANGES[sheet]
    return first + k * step


@dataclass(frozen=True)
class Limits:
    """How long a page may take to load, a save to show, and all trainees to join."""

    page_ms: float
    save_ms: float
    join_s: float


@dataclass
class Trainee:
    """One browser context: what it did, and how long each step took (ms)."""

    name: str
    sheet: str
    step: str = "not started"
    resume_code: str = ""
    kernel_id: str = ""
    """The page's kernel (the home page's, which then holds the workbook)."""
    tab_ms: float | None = None
    join_ms: float | None = None
    load_ms: float | None = None
    save_ms: list[float] = field(default_factory=list)
    error: str = ""
    page: Page | None = None
    context: BrowserContext | None = None

    @property
    def ready(self) -> bool:
        """Whether the trainee's workbook is open and usable (and nothing failed since)."""
        return self.load_ms is not None and not self.error


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
        return str(
            await page.evaluate(
                "() => { const s = document.querySelector('.nw-save');"
                " return `save status ${s ? s.dataset.state : 'absent'} at ${location.pathname}`; }"
            )
        )
    except Exception as err:  # the page may be gone or mid-navigation
        return f"state unknown ({type(err).__name__})"


async def accept(dialog: Dialog) -> None:
    """Accept a dialog: "Leave this page?" while a save is pending is the product's guard."""
    await dialog.accept()


async def join(
    browser: Browser, base: str, join_code: str, who: Trainee, delay: float, limits: Limits
) -> None:
    """Steps 1 and 2 for one trainee, after ``delay`` seconds; the page stays open."""
    await asyncio.sleep(delay)
    left = mem_available_mb()
    if left < MEMORY_RESERVE_MB:
        who.error = f"not started: {left:.0f} MB of memory left on the machine"
        return
    who.context = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        page = who.page = await who.context.new_page()
        # Every step waits as long as a save may take (Playwright's own default is 30 s, which
        # a browser starved of CPU by 60 others can exceed just reading a text).
        page.set_default_timeout(limits.save_ms)
        page.on("dialog", accept)
        start = time.perf_counter()
        who.step = "home page load"
        await page.goto(f"{base}/voila/render/home.ipynb", timeout=limits.page_ms)
        who.step = "join"
        await page.locator(".nw-home-join-code input").fill(join_code, timeout=limits.page_ms)
        await page.locator(".nw-home-your-name input").fill(who.name, timeout=limits.save_ms)
        await page.get_by_role("button", name="Join").click(timeout=limits.save_ms)
        code = page.locator("[data-resume-code]")
        await code.wait_for(timeout=limits.save_ms)
        who.resume_code = (await code.inner_text()).strip()
        who.join_ms = (time.perf_counter() - start) * 1000

        who.step = "workbook load"
        start = time.perf_counter()
        await page.get_by_role("button", name="Open your workbook").click(timeout=limits.save_ms)
        await page.wait_for_selector(SAVED, state="visible", timeout=limits.page_ms)
        who.load_ms = (time.perf_counter() - start) * 1000
        who.kernel_id = str(await page.evaluate(KERNEL_ID))
        who.step = "in the workbook"
        sys.stderr.write(
            f"[bench workshop {time.strftime('%H:%M:%S')}] {who.name} joined in "
            f"{who.join_ms:.0f} ms, workbook usable {who.load_ms:.0f} ms later\n"
        )
    except Exception as err:  # one trainee's failure is recorded; the others go on
        who.error = f"{who.step}: {_short(err)} ({await _state(who.page)})"
        LOG.warning("%s failed: %s", who.name, who.error)


async def go_to_sheet(who: Trainee, limits: Limits) -> None:
    """Step 3: open the trainee's worksheet by its tab (nothing on the first one)."""
    page = who.page
    if page is None or not who.ready or who.sheet == catalog.WORKSHEETS[0].name:
        return
    try:
        who.step = "tab"
        start = time.perf_counter()
        label = catalog.worksheet(who.sheet).label
        # The page's allowance, not a save's: forty trainees click their tab at once, and with
        # sixty browsers on the server's two cores a click alone waited past two minutes.
        await page.get_by_role("button", name=label, exact=True).click(timeout=limits.page_ms)
        box = page.locator(f".{field_class(CHANGES[who.sheet][0])} input")
        await box.wait_for(state="visible", timeout=limits.page_ms)
        who.tab_ms = (time.perf_counter() - start) * 1000
    except Exception as err:  # recorded; the others go on
        who.error = f"{who.step}: {_short(err)} ({await _state(page)})"
        LOG.warning("%s failed: %s", who.name, who.error)
        await _keep_screenshot(page, who)


async def _keep_screenshot(page: Page, who: Trainee) -> None:
    """Save what a trainee's page showed when a step failed (``test-artifacts/screenshots``)."""
    folder = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
    with contextlib.suppress(Exception):  # the page may be gone
        folder.mkdir(parents=True, exist_ok=True)
        name = f"bench-{who.name.replace(' ', '-')}-{who.step.replace(' ', '-')}.png"
        await page.screenshot(path=str(folder / name), timeout=30_000)


async def change(who: Trainee, at: list[float], limits: Limits) -> None:
    """Step 3: change the trainee's field at the monotonic times ``at``."""
    page = who.page
    if page is None or not who.ready:
        return
    path = CHANGES[who.sheet][0]
    box = page.locator(f".{field_class(path)} input")
    try:
        for k, when in enumerate(at):
            await asyncio.sleep(max(0.0, when - time.monotonic()))
            who.step = f"change {k + 1}"
            before = await _version(page)
            start = time.perf_counter()
            await box.fill(f"{typed(who.sheet, k):g}", timeout=limits.save_ms)
            await box.press("Enter", timeout=limits.save_ms)
            await page.wait_for_function(NEWER_SAVE, arg=before, timeout=limits.save_ms)
            who.save_ms.append((time.perf_counter() - start) * 1000)
        who.step = "done"
    except Exception as err:  # recorded; the others go on
        who.error = f"{who.step}: {_short(err)} ({await _state(page)})"
        LOG.warning("%s failed: %s", who.name, who.error)


async def close_page(page: Page, timeout_s: float = 30.0) -> None:
    """Close a page as a browser closes a tab, and wait until it is closed.

    Its ``beforeunload`` handlers run: Voila's sends the request to shut the page's kernel
    down (a beacon). Closing the context right away could end the page before its handlers
    ran, which no trainee's browser does; so contexts are closed only later.
    """
    closed = asyncio.ensure_future(page.wait_for_event("close", timeout=timeout_s * 1000))
    await page.close(run_before_unload=True)
    await closed


async def arrive_all(
    trainees: Sequence[Trainee], arrivals: Sequence[Coroutine[Any, Any, None]], limit_s: float
) -> list[Trainee]:
    """Run every trainee's arrival at once, for at most ``limit_s``; the trainees who got in.

    An arrival still running at the limit is cancelled, and its trainee's error says at which
    step it was.
    """
    tasks = [asyncio.create_task(a) for a in arrivals]
    _, pending = await asyncio.wait(tasks, timeout=limit_s)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for t, task in zip(trainees, tasks, strict=True):
        if task in pending:
            t.error = f"{t.step}: not in after {limit_s:.0f} s (time limit)"
    return [t for t in trainees if t.ready]


async def leave(who: Trainee) -> None:
    """Close the trainee's page as a tab closes (its kernel is shut down)."""
    try:
        if who.page is not None and not who.page.is_closed():
            await close_page(who.page)
    except Exception as err:  # a page already broken is closed with its context
        LOG.info("%s: page close failed (%s)", who.name, _short(err))


def value_at(data: dict[str, Any], path: str) -> Any:
    """The value at a case path such as ``value.drivers[0].value_per_unit``, or None.

    Examples
    --------
    >>> value_at({"value": {"drivers": [{"value_per_unit": 2510}]}}, "value.drivers[0]")
    {'value_per_unit': 2510}
    >>> value_at({"value": {}}, "value.drivers[0].value_per_unit") is None
    True
    """
    found: Any = data
    for part in path.replace("[", ".").replace("]", "").split("."):
        try:
            found = found[int(part)] if part.isdigit() else found[part]
        except (KeyError, IndexError, TypeError):
            return None
    return found


def kept(url: str, trainees: list[Trainee], planned: int) -> tuple[int, str]:
    """How many trainees have every change in the store; what is wrong with the others.

    Kept: the history is versions 1 … 1 + ``planned`` and the newest holds the last value
    typed. A trainee who could not make every change is told apart from one whose confirmed
    save is missing from the store (a lost save).
    """
    store = Store(url)
    count, short, lost = 0, [], []
    try:
        for t in trainees:
            person = store.participant_for_resume(t.resume_code) if t.resume_code else None
            if person is None:
                short.append(f"{t.name} (never joined)")
                continue
            versions = [v.version for v in store.history(person.id)]
            path = CHANGES[t.sheet][0]
            latest = store.latest(person.id)
            value = value_at((latest.data or {}) if latest else {}, path)
            if versions == list(range(1, 2 + planned)) and value == typed(t.sheet, planned - 1):
                count += 1
                continue
            confirmed = len(t.save_ms)
            try:
                holds = confirmed == 0 or value_at(
                    store.version(person.id, 1 + confirmed).data or {}, path
                ) == typed(t.sheet, confirmed - 1)
            except StoreError:
                holds = False
            if confirmed < planned and holds:
                short.append(f"{t.name} ({confirmed} of {planned} changes made)")
            else:
                lost.append(f"{t.name}: {confirmed} saves confirmed, versions {versions}")
    finally:
        store.close()
    parts = []
    if short:
        parts.append(f"{len(short)} did not make every change: " + ", ".join(short[:3]))
    if lost:
        parts.append(f"**{len(lost)} lost a confirmed save**: " + "; ".join(lost[:3]))
    return count, "; ".join(parts)
