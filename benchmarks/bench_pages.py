"""Page speed and kernel memory of the worksheets, in real Chromium against a real Voila.

Measured against a floor served by the same Voila in the same run: a bare notebook with one
slider and one plotly FigureWidget. Targets (issue "the three worksheets"): a usable worksheet
within 1 s of the floor, preheated and cold; an input change redrawn in under 150 ms at the
95th percentile; under 220 MB resident memory per kernel.

"Usable" means the page's first headline figure is on screen and the page answers (for the
floor: its chart is drawn). A worksheet draws its charts after that (plotly.js is loaded once
the page has been painted), so the time until every chart is drawn is reported beside it,
without a target. The round trip is timed in the page itself: from the input event to the
moment the dependent headline figure and the chart have both changed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from benchmarks.harness import Figure, figure, percentile
from benchmarks.servers import CHROMIUM, CHROMIUM_ARGS, rss_mb, voila_server
from negotiation_lib.cli import NOTEBOOKS_DIR

GROUP = "pages"
WORKSHEETS = ("value_proposition", "transparent_economics", "win_win")
CASE = "pumpco_acme_foods"

FLOOR_SOURCE = """import ipywidgets as widgets
import plotly.graph_objects as go

slider = widgets.FloatSlider(value=1, min=0, max=10, description="x")
chart = go.FigureWidget(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])))


def _on_value(change):
    chart.data[0].y = [change["new"], 2]


slider.observe(_on_value, "value")
widgets.VBox([slider, chart])
"""

READY = {
    "floor": "() => { const g = document.querySelector('.js-plotly-plot');"
    " return !!(g && g.data && g.data.length); }",
    "worksheet": "() => !!document.querySelector('.nw-tile-value')",
}
# Every chart box on screen holds a drawn chart.
ALL_CHARTS = """() => {
  const boxes = [...document.querySelectorAll('.nw-chart')].filter((b) => b.offsetParent);
  return boxes.length > 0 && boxes.every((b) => {
    const gd = b.querySelector('.js-plotly-plot');
    return !!(gd && gd.data && gd.data.length);
  });
}"""

# Per worksheet: the input to change, the tile that must change, and values to alternate.
ROUND_TRIPS = {
    "value_proposition": ("value-drivers-0-value_per_unit", "eve_per_unit", ("2600", "2500")),
    "transparent_economics": (
        "economics-list_price_per_unit",
        "pocket_price_per_unit",
        ("13100", "13000"),
    ),
    "win_win": ("trust-customer_view-intimacy", "customer_trust", ("6", "5")),
}


def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="nw-bench-"))
    for nb in NOTEBOOKS_DIR.glob("*.ipynb"):
        shutil.copy(nb, folder / nb.name)
    floor = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "cells": [
            {
                "cell_type": "code",
                "id": "floor",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": FLOOR_SOURCE,
            }
        ],
    }
    (folder / "floor.ipynb").write_text(json.dumps(floor), encoding="utf-8")
    return folder


def _load_ms(browser: Browser, url: str, ready: str, charts: bool) -> tuple[float, float]:
    """Milliseconds from navigation to ``ready``, and to every chart drawn (when ``charts``)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(ready, timeout=180_000)
    usable = (time.perf_counter() - start) * 1000
    drawn = usable
    if charts:
        page.wait_for_function(ALL_CHARTS, timeout=180_000)
        drawn = (time.perf_counter() - start) * 1000
    context.close()
    return usable, drawn


def _url(base: str, name: str) -> str:
    query = "" if name == "floor" else f"?case={CASE}"
    return f"{base}/voila/render/{name}.ipynb{query}"


def _loads(
    browser: Browser, base: str, runs: int, settle: float
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Per page: load times until usable, and until every chart is drawn (worksheets)."""
    usable: dict[str, list[float]] = {}
    drawn: dict[str, list[float]] = {}
    for name in ("floor", *WORKSHEETS):
        floor = name == "floor"
        usable[name], drawn[name] = [], []
        for _ in range(runs):
            time.sleep(settle)  # let the pool refill its preheated kernel
            first, charts = _load_ms(
                browser, _url(base, name), READY["floor" if floor else "worksheet"], not floor
            )
            usable[name].append(first)
            drawn[name].append(charts)
    return usable, drawn


# Started before each change: the clock runs from the input event to the first frame in which
# the tile shows another text and a chart holds new data (plotly gives a redrawn chart a new
# data array, so comparing identities is enough and costs nothing per frame).
_ROUND_TRIP_CLOCK = """([tileSel, inputSel]) => {
  window.nwRoundTrip = null;
  const before = document.querySelector(tileSel).innerText;
  const charts = [...document.querySelectorAll('.js-plotly-plot')].map(g => g.data);
  let start = null;
  document.querySelector(inputSel).addEventListener(
    'input', () => { if (start === null) { start = performance.now(); } }, { once: true });
  function check() {
    if (start !== null) {
      const tile = document.querySelector(tileSel);
      const now = [...document.querySelectorAll('.js-plotly-plot')].map(g => g.data);
      if (tile && tile.innerText !== before && now.some((d, i) => d !== charts[i])) {
        window.nwRoundTrip = performance.now() - start;
        return;
      }
    }
    requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
}"""


def _round_trips(browser: Browser, base: str, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for name, (css, tile, values) in ROUND_TRIPS.items():
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(_url(base, name))
        page.wait_for_function(READY["worksheet"], timeout=180_000)
        page.wait_for_timeout(3000)  # every chart of the first load drawn
        box = page.locator(f".nw-at-{css} input")
        tile_sel = f"[data-kpi='{tile}'] .nw-tile-value"
        out[name] = []
        for k in range(runs):
            page.wait_for_timeout(500)  # the previous change drawn to the end, as a user reads it
            page.evaluate(_ROUND_TRIP_CLOCK, [tile_sel, f".nw-at-{css} input"])
            box.fill(values[k % 2])
            page.wait_for_function("() => window.nwRoundTrip !== null", timeout=30_000)
            out[name].append(float(page.evaluate("window.nwRoundTrip")))
        context.close()
    return out


def run(quick: bool) -> list[Figure]:
    """Measure page loads (preheated and cold), round trips and kernel memory."""
    if not Path(CHROMIUM).exists():
        return [Figure(GROUP, "page benchmarks", 0, 0, "ms", "", None, 0, "skipped: no Chromium")]
    # 100 round trips per page: the p95 of 40 is their second-largest sample, so a single slow
    # frame on the shared 2-core machine decided it (two runs of the same code: 166 and 121 ms).
    runs, trips = (2, 12) if quick else (6, 100)
    folder = _folder()
    figures: list[Figure] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for preheat in (True, False):
            mode = "preheated" if preheat else "cold"
            with voila_server(preheat=preheat, notebooks=folder) as server:
                base = server.base
                if preheat:
                    time.sleep(20)  # every pool kernel started and ran up to the request
                loads, drawn = _loads(browser, base, runs, settle=8 if preheat else 0)
                floor = loads.pop("floor")
                floor_median = percentile(floor, 50)
                figures.append(figure(GROUP, f"floor page load ({mode})", floor))
                for name, samples in loads.items():
                    extra = percentile(samples, 50) - floor_median
                    f = figure(GROUP, f"{name} load ({mode})", samples)
                    figures.append(
                        Figure(
                            f.group,
                            f.name,
                            f.median,
                            f.p95,
                            f.unit,
                            "median within 1000 ms of the floor",
                            extra < 1000,
                            f.runs,
                            f"{extra:+.0f} ms against the floor",
                        )
                    )
                    figures.append(
                        figure(GROUP, f"{name} load, every chart drawn ({mode})", drawn[name])
                    )
                if preheat:
                    for name, samples in _round_trips(browser, base, trips).items():
                        figures.append(
                            figure(
                                GROUP, f"{name} input→chart round trip", samples, target_below=150
                            )
                        )
                    rss = {pid: rss_mb(pid) for pid in server.kernel_pids()}
                    if rss:
                        figures.append(
                            Figure(
                                GROUP,
                                "largest kernel resident memory",
                                max(rss.values()),
                                max(rss.values()),
                                "MB",
                                "< 220 MB",
                                max(rss.values()) < 220,
                                len(rss),
                                f"{len(rss)} kernels alive; smallest {min(rss.values()):.0f} MB",
                            )
                        )
        browser.close()
    shutil.rmtree(folder, ignore_errors=True)
    return figures
