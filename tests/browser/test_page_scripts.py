"""The scripts the workbook runs in the page, run in real Chromium on a blank page.

The worksheets run them through Voila (``test_case_files.py`` and ``test_workshop.py`` click the
real buttons); here each script's own promises are checked in isolation: a delivered file
arrives byte for byte under its name, whatever the name contains; a delivery drawn twice
saves once; the save indicator counts its age; leaving with unsaved work asks first; a chart
is updated in place, with the newest figure winning whatever order the updates run in.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest
from playwright.sync_api import Browser, Dialog, Page

from negotiation_lib.worksheets.autosave import SaveStatus
from negotiation_lib.worksheets.browser import PAGE_SCRIPT, download_script
from negotiation_lib.worksheets.page import FigureSlot

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@pytest.fixture
def blank(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_content("<html><body></body></html>")
    yield page
    context.close()


def test_a_delivered_file_arrives_byte_for_byte_under_its_name(blank: Page, tmp_path: Path) -> None:
    # Every byte value, and more than the 2 MB a data: link can carry.
    content = bytes(range(256)) * (3 * 1024 * 1024 // 256)
    # Quotes and code that would end a JavaScript string; Chromium itself replaces characters
    # a file system refuses (such as / and "), so the name keeps to those it allows.
    name = "Acme's renewal');alert(1); – Müller `${x}`.xlsx"
    with blank.expect_download() as info:
        blank.evaluate(download_script("t1", name, "application/octet-stream", content))
    assert info.value.suggested_filename == name
    target = tmp_path / "got"
    info.value.save_as(target)
    assert target.read_bytes() == content


def test_a_delivery_drawn_twice_saves_once(blank: Page) -> None:
    script = download_script("t2", "case.json", "application/json", b"{}")
    downloads: list[str] = []
    blank.on("download", lambda d: downloads.append(d.suggested_filename))
    blank.evaluate(script)
    blank.evaluate(script)
    blank.evaluate(download_script("t3", "again.json", "application/json", b"{}"))
    blank.wait_for_timeout(500)
    assert downloads == ["case.json", "again.json"]


def _show(page: Page, status: SaveStatus) -> None:
    page.set_content(f"<html><body>{status.value}</body></html>")
    page.evaluate(PAGE_SCRIPT)


def test_the_indicator_counts_how_long_ago_the_version_was_saved(blank: Page) -> None:
    status = SaveStatus()
    status.version, status.saved_at, status.state = 7, time.time() - 125, "saved"
    assert "Saved · version 7" in status.value  # what shows before the script runs
    _show(blank, status)
    assert blank.locator(".nw-save").inner_text() == "Saved 2 min ago · version 7"


def test_leaving_with_unsaved_work_asks_first_and_saved_work_does_not(blank: Page) -> None:
    status = SaveStatus()
    status.version, status.state = 3, "pending"
    _show(blank, status)
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    blank.on("dialog", answer)
    blank.mouse.click(5, 5)  # a page the user never touched may leave without asking
    blank.close(run_before_unload=True)
    blank.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert not blank.is_closed()

    status.state = "saved"
    _show(blank, status)
    asked.clear()
    blank.close(run_before_unload=True)
    blank.wait_for_event("close", timeout=5000)
    assert asked == []


def test_the_indicator_shows_a_message_as_text() -> None:
    status = SaveStatus()
    status.message, status.state = "<img src=x onerror=alert(1)> could not be saved", "error"
    assert "<img" not in status.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in status.value
    assert "data-state='error'" in status.value


# --------------------------------------------------------------------------- charts

JS = "application/javascript"

# Runs a chart script as the page's JavaScript renderer does: ``element`` is its output area,
# placed in the chart's box (the class the slot gives its output widget).
_RUN_IN_AREA = """([cls, source]) => {
  let box = document.querySelector('.' + cls);
  if (!box) {
    box = document.createElement('div');
    box.className = cls;
    document.body.appendChild(box);
  }
  const element = document.createElement('div');
  box.replaceChildren(element);
  new Function('element', source)(element);
}"""


def _slot_scripts(figures: list[go.Figure]) -> tuple[FigureSlot, list[str]]:
    """A slot shown each figure in turn, and the update script each change sent."""
    slot = FigureSlot(300)
    scripts: list[str] = []
    for figure in figures:
        slot.show(figure)
        if slot._script.outputs:
            scripts.append(slot._script.outputs[0]["data"][JS])
    return slot, scripts


def _draw_area(page: Page, slot: FigureSlot) -> None:
    """Draw the slot's chart area (its first figure) as the page would."""
    page.evaluate(
        _RUN_IN_AREA, [f"nw-chart-{slot._chart.model_id}", slot._chart.outputs[0]["data"][JS]]
    )


def _drawn_y(page: Page) -> list[float] | None:
    y: list[float] | None = page.evaluate(
        "() => { const gd = document.querySelector('.js-plotly-plot');"
        " return gd && gd.data ? Array.from(gd.data[0].y) : null; }"
    )
    return y


def _wait_for_y(page: Page, y: list[float]) -> None:
    page.wait_for_function(
        "(y) => { const gd = document.querySelector('.js-plotly-plot');"
        " return !!(gd && gd.data"
        " && JSON.stringify(Array.from(gd.data[0].y)) === JSON.stringify(y)); }",
        arg=y,
        timeout=5000,
    )


def _bars(*ys: list[float]) -> list[go.Figure]:
    return [go.Figure(go.Bar(x=["a", "b"], y=y)) for y in ys]


def test_a_chart_is_drawn_then_updated_in_place_and_the_newest_figure_wins(blank: Page) -> None:
    blank.add_script_tag(path=str(PLOTLY_JS))
    slot, scripts = _slot_scripts(_bars([1, 2], [3, 4], [5, 6]))
    assert len(scripts) == 2  # the first figure comes with the chart, the others as updates
    _draw_area(blank, slot)
    _wait_for_y(blank, [1, 2])
    blank.evaluate("() => { document.querySelector('.js-plotly-plot').nwMark = 'first'; }")
    blank.evaluate(scripts[1])  # the newest arrives first...
    blank.evaluate(scripts[0])  # ...and the older one, run late, changes nothing
    _wait_for_y(blank, [5, 6])
    blank.wait_for_timeout(300)
    assert _drawn_y(blank) == [5, 6]
    # The same chart element, redrawn: nothing was torn down and built again.
    assert blank.evaluate("() => document.querySelector('.js-plotly-plot').nwMark") == "first"
    assert blank.locator(".js-plotly-plot").count() == 1


def test_charts_wait_for_the_chart_library(blank: Page) -> None:
    slot, scripts = _slot_scripts(_bars([1, 2], [7, 8]))
    _draw_area(blank, slot)  # plotly.js is not loaded yet: nothing can be drawn
    blank.evaluate(scripts[0])
    blank.wait_for_timeout(200)
    assert blank.locator(".js-plotly-plot").count() == 0
    blank.add_script_tag(path=str(PLOTLY_JS))
    _wait_for_y(blank, [7, 8])  # drawn as soon as it loads, with the newest figure


def test_a_chart_drawn_again_by_the_page_shows_the_newest_figure(blank: Page) -> None:
    blank.add_script_tag(path=str(PLOTLY_JS))
    slot, scripts = _slot_scripts(_bars([1, 2], [3, 4]))
    _draw_area(blank, slot)
    blank.evaluate(scripts[0])
    _wait_for_y(blank, [3, 4])
    _draw_area(blank, slot)  # a new output area runs the first figure's script again
    _wait_for_y(blank, [3, 4])
    blank.wait_for_timeout(300)
    assert _drawn_y(blank) == [3, 4]
    assert blank.locator(".js-plotly-plot").count() == 1


def test_an_update_drawn_before_its_chart_waits_for_the_chart(blank: Page) -> None:
    # An update is a call only (chart.js comes with the chart's first figure): drawn before the
    # chart's own script has run, it waits, and the chart ends on the newest figure.
    blank.add_script_tag(path=str(PLOTLY_JS))
    slot, scripts = _slot_scripts(_bars([1, 2], [9, 4]))
    blank.evaluate(scripts[0])
    blank.wait_for_timeout(200)
    assert blank.evaluate("() => typeof window.nwChart") == "undefined"
    _draw_area(blank, slot)
    _wait_for_y(blank, [9, 4])
    blank.wait_for_timeout(300)
    assert _drawn_y(blank) == [9, 4]
