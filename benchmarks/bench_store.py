"""Workshop store and facilitator dashboard: save latency, and the dashboard of 200 participants.

Targets (issue "workshop mode"): save latency p50/p95 recorded with 1 writer and with 30
concurrent writers (each writer its own process, as each Voila page has its own kernel), on
the embedded SQLite store and on PostgreSQL when a server can be started here; the dashboard
with 200 participants' worksheets loaded and its charts drawn in under 2 s.

A save is what a worksheet's autosave does: the newest version read, the page's changed
section merged in, the new version written in one transaction (``Store.save(..., keys=...)``),
with a real sample case (about 10 kB of JSON).

The dashboard is measured twice: in the kernel (participants and their newest cases read,
200 debrief rows computed, five charts built and serialized) and in Chromium against a real
``negotiation-workbook serve`` (from the click on "Open" to the participants table and all
five charts drawn).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import Figure, figure
from benchmarks.servers import CHROMIUM, CHROMIUM_ARGS, voila_server
from negotiation_lib.datasets import sample_case_names, sample_case_path
from negotiation_lib.store import Store

GROUP = "store"
CASE = "pumpco_acme_foods"


def _case() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sample_case_path(CASE).read_text("utf-8"))
    return data


def _writer(url: str, participant: int, saves: int, barrier: Any, out: Any) -> None:
    """One page's kernel: wait for the others, then save ``saves`` versions, timing each."""
    store = Store(url, upgrade=False)
    data = _case()
    barrier.wait()
    samples = []
    for i in range(saves):
        data["economics"]["volume_per_period"] = 40 + i
        start = time.perf_counter()
        store.save(participant, data, "transparent_economics", keys=["economics"])
        samples.append((time.perf_counter() - start) * 1000)
    out.put(samples)


def _concurrent(url: str, writers: int, saves: int) -> list[float]:
    store = Store(url)
    made = store.create_workshop(f"{writers} writers", [CASE])
    people = [store.join(made.workshop.join_code, f"Team {i}").participant.id for i in range(10)]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(writers)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(url, people[i % len(people)], saves, barrier, out))
        for i in range(writers)
    ]
    for p in procs:
        p.start()
    samples: list[float] = []
    for _ in procs:
        samples += out.get(timeout=600)
    for p in procs:
        p.join(timeout=60)
    return samples


def _single(url: str, saves: int) -> list[float]:
    store = Store(url)
    made = store.create_workshop("one writer", [CASE])
    pid = store.join(made.workshop.join_code, "Solo").participant.id
    data = _case()
    samples = []
    for i in range(saves + 3):
        data["economics"]["volume_per_period"] = 40 + i
        start = time.perf_counter()
        store.save(pid, data, "transparent_economics", keys=["economics"])
        samples.append((time.perf_counter() - start) * 1000)
    return samples[3:]


def _populate(url: str, participants: int) -> str:
    """A workshop of ``participants`` with a few saves each; returns its facilitator key."""
    store = Store(url)
    made = store.create_workshop("Debrief of 200", list(sample_case_names()))
    for i in range(participants):
        case = sample_case_names()[i % len(sample_case_names())]
        joined = store.join(made.workshop.join_code, f"Team {i:03d}", case)
        latest = store.latest(joined.participant.id)
        assert latest is not None
        assert latest.data is not None
        data = latest.data
        data["economics"]["list_price_per_unit"] *= 1 + (i % 7) / 50
        store.save(joined.participant.id, data, "transparent_economics", keys=["economics"])
    return made.facilitator_key


def _dashboard_in_kernel(url: str, key: str, runs: int) -> list[float]:
    from negotiation_lib.worksheets.dashboard import DashboardPage

    store = Store(url)
    workshop = store.workshop_for_key(key)
    assert workshop is not None
    samples = []
    for _ in range(runs + 1):
        page = DashboardPage(lambda: store)
        start = time.perf_counter()
        page.open(workshop)
        samples.append((time.perf_counter() - start) * 1000)
        assert len(page.results) > 0
    return samples[1:]


def _dashboard_in_browser(url: str, key: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    samples = []
    with voila_server(store_url=url) as server, sync_playwright() as pw:
        base = server.base
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs + 1):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.goto(f"{base}/voila/render/dashboard.ipynb", timeout=180_000)
            page.locator(".nw-dashboard-key input").fill(key, timeout=180_000)
            start = time.perf_counter()
            page.get_by_role("button", name="Open").click()
            page.wait_for_function(
                "() => document.querySelectorAll('.nw-people tbody tr').length >= 200 &&"
                " document.querySelectorAll('.nw-chart .js-plotly-plot .main-svg').length >= 5",
                timeout=120_000,
            )
            samples.append((time.perf_counter() - start) * 1000)
            context.close()
            time.sleep(3)  # let the pool refill its preheated kernel
        browser.close()
    return samples[1:]


def _postgres() -> Any:
    """A PostgreSQL server for the run, when this machine has one to start (else None)."""
    from tests.postgres import find_bin_dir, start_postgres

    bin_dir = find_bin_dir()
    if bin_dir is None:
        return None
    try:
        return start_postgres(bin_dir)
    except RuntimeError:  # it would not start here: SQLite figures only
        return None


def run(quick: bool) -> list[Figure]:
    """Measure save latency (1 and 30 writers) and the dashboard of 200 participants."""
    single, per_writer = (40, 10) if quick else (200, 50)
    figures: list[Figure] = []
    folder = Path(tempfile.mkdtemp(prefix="nw-bench-store-"))
    backends = {"SQLite": f"sqlite:///{folder / 'bench.sqlite3'}"}
    pg = _postgres()
    if pg is not None:
        backends["PostgreSQL"] = pg.create_database("bench")
    try:
        for name, url in backends.items():
            figures.append(figure(GROUP, f"save latency, 1 writer ({name})", _single(url, single)))
            figures.append(
                figure(
                    GROUP,
                    f"save latency, 30 concurrent writers ({name})",
                    _concurrent(url, 30, per_writer),
                    note=f"30 processes × {per_writer} saves on 10 participants",
                )
            )
        url = backends["SQLite"]
        key = _populate(url, 200)
        figures.append(
            figure(
                GROUP,
                "dashboard of 200 participants, in the kernel",
                _dashboard_in_kernel(url, key, 3 if quick else 10),
                target_below=2000,
                note="read, 200 debrief rows, 5 charts built",
            )
        )
        if Path(CHROMIUM).exists():
            figures.append(
                figure(
                    GROUP,
                    "dashboard of 200 participants, key to charts drawn (Chromium)",
                    _dashboard_in_browser(url, key, 2 if quick else 6),
                    target_below=2000,
                    note="click on Open → table of 200 and 5 charts on screen",
                )
            )
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return figures
