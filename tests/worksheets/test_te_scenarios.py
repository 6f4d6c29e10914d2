"""The scenario panel of the transparent-economics page, built without a browser."""

from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as widgets
import pytest

from negotiation_lib.assessment import assess_case
from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.report import report_json
from negotiation_lib.scenarios import apply_overrides
from negotiation_lib.worksheets.client_updates import writable_traits
from negotiation_lib.worksheets.transparent_economics import TransparentEconomicsWorksheet
from negotiation_lib.worksheets.transparent_economics.scenario_table import FIGURES, INPUTS
from negotiation_lib.worksheets.transparent_economics.scenarios import ScenarioPanel
from tests.worksheets.helpers import sample_document

PAYLOAD = "<img src=x onerror=alert(1)>"
LOW = "relationship.retention_one_sided"
VOLUME = "economics.volume_per_period"
_ROW = re.compile(r"<tr><th scope='row'[^>]*>(.*?)</th>(.*?)</tr>")
_CELL = re.compile(r"<td[^>]*>(.*?)</td>")
_HEAD = re.compile(r"<th scope='col'[^>]*>(.*?)</th>")


def _panel() -> tuple[CaseDocument, ScenarioPanel]:
    doc, _query = sample_document("pumpco_acme_foods")
    return doc, ScenarioPanel(doc)


def _add(panel: ScenarioPanel, name: str, path: str, value: str) -> None:
    panel.w_new_name.value = name
    panel.w_new_input.value = path
    panel.w_new_value.value = value
    panel.w_add.click()


def _find(widget: widgets.Widget, css: str) -> list[widgets.Widget]:
    found = [widget] if css in getattr(widget, "_dom_classes", ()) else []
    for child in getattr(widget, "children", ()):
        found += _find(child, css)
    return found


def _messages(widget: widgets.Widget) -> str:
    """Every message line's text under a widget."""
    return " ".join(
        html.unescape(re.sub(r"<[^>]+>", "", w.value)) for w in _find(widget, "nw-msg")
    ).strip()


def _table(panel: ScenarioPanel) -> dict[str, list[str]]:
    """The comparison table: each figure's label and its cells' first line, as text."""
    out = {}
    for label, cells in _ROW.findall(panel.w_table.value):
        out[html.unescape(label)] = [
            html.unescape(cell.split("<div", 1)[0]) for cell in _CELL.findall(cells)
        ]
    return out


def _read(text: str) -> float:
    """A number written in a cell ("698,104 EUR", "92.9%", "repetition 4")."""
    found = re.search(r"[−-]?[\d,]+(?:\.\d+)?", text)
    assert found is not None, text
    value = float(found.group().replace(",", "").replace("−", "-"))
    return value / 100 if text.strip().endswith("%") else value


def test_adding_a_scenario_stores_it_in_the_case_document() -> None:
    doc, panel = _panel()
    _add(panel, "Lower retention", LOW, "0,4")
    assert doc.get("scenarios") == [{"name": "Lower retention", "overrides": {LOW: 0.4}}]
    assert panel.w_new_name.value == ""
    assert panel.w_new_value.value == ""
    assert len(_find(panel.w_list, "nw-scenario")) == 1
    assert _messages(panel.widget) == ""


def test_the_chooser_shows_labels_never_key_paths() -> None:
    _doc, panel = _panel()
    labels = [label for label, _path in panel.w_new_input.options]
    assert len(labels) == len(INPUTS)
    assert not any("." in label.split("(")[0] or "_" in label for label in labels)
    assert "Retention when one-sided (0–1)" in labels
    assert "Volume (pump per year)" in labels


def test_the_table_equals_independent_reports() -> None:
    doc, panel = _panel()
    _add(panel, "Lower retention", LOW, "0,4")
    _add(panel, "Double volume", VOLUME, "80")
    expected = [report_json(assess_case(parse_case(doc.data)), uncertainty=False)]
    for scenario in doc.get("scenarios"):
        changed = apply_overrides(doc.data, scenario["overrides"], scenario["name"])
        expected.append(report_json(assess_case(parse_case(changed)), uncertainty=False))
    heads = [html.unescape(h.split("<div", 1)[0]) for h in _HEAD.findall(panel.w_table.value)]
    assert heads[2:] == ["Lower retention", "Double volume"]
    table = _table(panel)
    assert len(table) == len(FIGURES)
    for (key, kind), cells in zip(FIGURES, table.values(), strict=True):
        assert len(cells) == 3
        for cell, report in zip(cells, expected, strict=True):
            node: Any = report
            for step in key.split("."):
                node = node[step]
            if kind == "share":
                assert cell.endswith("%")
                assert _read(cell) == pytest.approx(node, abs=0.0006), (key, cell)
            elif kind == "price":
                assert cell.endswith("EUR per pump"), cell
                assert _read(cell) == pytest.approx(node, abs=0.5), (key, cell)
            elif kind == "money":
                assert cell.endswith("EUR"), cell
                assert _read(cell) == pytest.approx(node, abs=0.5), (key, cell)
            else:
                assert cell.startswith("repetition"), cell
                assert _read(cell) == node
    # The change against the case, with its unit: lower retention lowers the seller's NPV.
    shown = html.unescape(panel.w_table.value)
    row = re.search(r"Seller's NPV of the relationship</th>(.*?)</tr>", shown)
    assert row is not None
    change = expected[1]["projection"]["seller_npv"] - expected[0]["projection"]["seller_npv"]
    assert change < 0
    assert f"−{round(-change):,} EUR against the case" in row.group(1)


def test_renaming_keeps_the_results_and_refuses_a_taken_name() -> None:
    doc, panel = _panel()
    _add(panel, "Lower retention", LOW, "0,4")
    _add(panel, "Double volume", VOLUME, "80")
    computed = panel.results.computed
    first, second = _find(panel.w_list, "nw-scenario-name")
    first.value = "Retention 0.4"
    assert [s["name"] for s in doc.get("scenarios")] == ["Retention 0.4", "Double volume"]
    assert panel.results.computed == computed  # a new name, the same results
    assert "Retention 0.4" in panel.w_table.value
    second.value = "retention 0.4"
    assert [s["name"] for s in doc.get("scenarios")] == ["Retention 0.4", "Double volume"]
    assert "give each a distinct name" in _messages(panel.w_list)
    second.value = ""
    assert "Give the scenario a name." in _messages(panel.w_list)
    assert [s["name"] for s in doc.get("scenarios")] == ["Retention 0.4", "Double volume"]


def test_a_taken_or_empty_name_adds_nothing() -> None:
    doc, panel = _panel()
    _add(panel, "Low", LOW, "0,4")
    _add(panel, "LOW", VOLUME, "80")
    assert len(doc.get("scenarios")) == 1
    assert "distinct name" in _messages(panel.widget)
    _add(panel, "Base", VOLUME, "80")
    assert len(doc.get("scenarios")) == 1
    assert "names the case itself" in _messages(panel.widget)
    _add(panel, " ", VOLUME, "80")
    assert len(doc.get("scenarios")) == 1
    assert "Give the scenario a name." in _messages(panel.widget)


def test_editing_a_value_recomputes_that_scenario_only() -> None:
    doc, panel = _panel()
    _add(panel, "Lower retention", LOW, "0,4")
    _add(panel, "Double volume", VOLUME, "80")
    computed = panel.results.computed
    low, _volume = _find(panel.w_list, "nw-scenario-value")
    low.value = "0,5"
    assert doc.get("scenarios")[0]["overrides"] == {LOW: 0.5}
    assert panel.results.computed == computed + 1
    expected = report_json(
        assess_case(parse_case(apply_overrides(doc.data, {LOW: 0.5}, "x"))), uncertainty=False
    )
    cell = _table(panel)["Seller's NPV of the relationship"][1]
    assert _read(cell) == pytest.approx(expected["projection"]["seller_npv"], abs=0.5)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("abc", "Enter a number here"),
        ("", "Enter a number here."),
        ("1,5", "In scenario 'Lower retention', Retention when one-sided (0–1)"),
        ("0,99", "Lower retention"),  # above the fair retention: the case is invalid
    ],
)
def test_a_bad_value_changes_nothing_and_says_why_at_the_field(typed: str, said: str) -> None:
    doc, panel = _panel()
    _add(panel, "Lower retention", LOW, "0,4")
    before = doc.data
    revision = doc.revision
    (field,) = _find(panel.w_list, "nw-scenario-value")
    field.value = typed
    assert doc.data == before
    assert doc.revision == revision
    box = _find(panel.w_list, "nw-scenario-0")[0]
    message = _messages(box)
    assert said in message
    assert "relationship." not in message
    assert "_" not in message


def test_a_bad_new_scenario_is_refused_at_its_field() -> None:
    doc, panel = _panel()
    _add(panel, "Tiny", VOLUME, "-3")
    assert doc.get("scenarios") is None
    message = _messages(panel.widget)
    assert "In scenario 'Tiny', Volume (pump per year)" in message
    assert "economics." not in message
    _add(panel, "Tiny", "relationship.repetitions", "2,5")
    assert doc.get("scenarios") is None
    assert "whole number" in _messages(panel.widget)


def test_the_page_number_format_reads_values() -> None:
    doc, panel = _panel()
    doc.set("number_format", "1.234,5")
    _add(panel, "Volume", VOLUME, "1.000")
    assert doc.get("scenarios") == [{"name": "Volume", "overrides": {VOLUME: 1000}}]
    (field,) = _find(panel.w_list, "nw-scenario-value")
    assert field.value in ("1000", "1.000")  # as the page's number inputs write it
    _add(panel, "Retention", LOW, "0,45")
    doc.set("number_format", "1,234.5")  # written again in the new format
    assert _find(panel.w_list, "nw-scenario-value")[1].value == "0.45"


def test_adding_and_removing_changes_and_scenarios() -> None:
    doc, panel = _panel()
    _add(panel, "Mixed", LOW, "0,4")
    (choose,) = _find(panel.w_list, "nw-scenario-more-input")
    (value,) = _find(panel.w_list, "nw-scenario-more-value")
    (add,) = _find(panel.w_list, "nw-scenario-more")
    assert LOW not in [path for _label, path in choose.options]
    choose.value = VOLUME
    value.value = "80"
    add.click()
    assert doc.get("scenarios")[0]["overrides"] == {LOW: 0.4, VOLUME: 80}
    assert len(_find(panel.w_list, "nw-scenario-value")) == 2
    _find(panel.w_list, "nw-scenario-remove-change")[0].click()
    assert doc.get("scenarios")[0]["overrides"] == {VOLUME: 80}
    _find(panel.w_list, "nw-scenario-remove")[0].click()
    assert doc.get("scenarios") is None
    assert _find(panel.w_list, "nw-scenario") == []


def test_user_typed_names_are_escaped_where_shown() -> None:
    _doc, panel = _panel()
    _add(panel, PAYLOAD, LOW, "0,4")
    _add(panel, "Bad <b>", LOW, "0,99")  # refused: its message quotes the name, escaped
    assert PAYLOAD not in panel.w_table.value
    assert html.escape(PAYLOAD, quote=False) in panel.w_table.value.replace("&#x27;", "'")
    assert "<b>" not in "".join(w.value for w in _find(panel.widget, "nw-msg"))
    assert panel.curves_chart.figure is not None
    assert panel.prices_chart.figure is not None
    names = [t.name for t in panel.curves_chart.figure.data]
    assert PAYLOAD not in names
    assert any("&lt;img" in n for n in names)
    assert all(PAYLOAD not in str(x) for t in panel.prices_chart.figure.data for x in t.x)


def test_the_charts_overlay_the_case_and_each_scenario() -> None:
    _doc, panel = _panel()
    _add(panel, "Lower retention", LOW, "0,4")
    _add(panel, "Double volume", VOLUME, "80")
    assert panel.curves_chart.figure is not None
    curves = panel.curves_chart.figure.data[:3]  # the fair deal's panel; the tough deal's next
    assert [t.name for t in curves] == ["The case as it is", "Lower retention", "Double volume"]
    assert [t.line.dash for t in curves] == ["solid", "dash", "dash"]
    assert len(panel.curves_chart.figure.data) == 6
    assert panel.prices_chart.figure is not None
    assert list(panel.prices_chart.figure.data[0].x) == [t.name for t in curves]


def test_a_reload_reads_the_scenarios_again() -> None:
    doc, panel = _panel()
    data = {**doc.data, "scenarios": [{"name": "From file", "overrides": {VOLUME: 60}}]}
    doc.replace(data)
    (field,) = _find(panel.w_list, "nw-scenario-value")
    assert field.value == "60"
    assert "From file" in panel.w_table.value


def test_the_page_shows_the_panel_and_its_inputs_take_client_updates() -> None:
    doc, _query = sample_document("pumpco_acme_foods")
    page = TransparentEconomicsWorksheet(doc)
    assert _find(page.widget, "nw-scenarios") == [page.scenarios.widget]
    panel = page.scenarios
    _add(panel, "Lower retention", LOW, "0,4")
    for w in (
        panel.w_new_name,
        panel.w_new_value,
        *_find(panel.w_list, "nw-scenario-name"),
        *_find(panel.w_list, "nw-scenario-value"),
    ):
        assert writable_traits(w) == frozenset({"value"})
    assert writable_traits(panel.w_new_input) == frozenset({"index"})
    # The page's own results are not redrawn for a scenario: the case did not change.
    assert page._shown_case is doc.case


def test_on_the_page_a_change_assesses_the_case_once_for_the_page_and_the_table() -> None:
    """The table's first row is the page's own assessment: a keystroke assesses the case once.

    Before, the table assessed the case again for its first row (about 4 ms of each keystroke).
    Its figures must still be the report's of the case as it is, and a scenario's row must
    still be assessed apart.
    """
    doc, _query = sample_document("pumpco_acme_foods")
    page = TransparentEconomicsWorksheet(doc)
    _add(page.scenarios, "Double volume", VOLUME, "80")
    computed = page.scenarios.results.computed
    doc.set(VOLUME, 45)
    case = doc.case
    assert case is not None
    assert page.results is not None
    rows = page.scenarios.results.rows(case, [])
    shared = page.results.assessment
    assert shared is not None
    assert shared.case is case
    assert rows[0].assessment is shared
    # The scenario's assessment reuses the parts of the page's that it does not change.
    page_rows = page.scenarios.results.rows(case, [("Double volume", {VOLUME: 80})])
    scenario = page_rows[1].assessment
    assert scenario is not None
    assert scenario.value is shared.value
    assert scenario.economics is not shared.economics
    # The scenario is assessed again (the case under it changed); the case itself is not.
    assert page.scenarios.results.computed == computed + 1
    expected = report_json(assess_case(case), uncertainty=False)
    cell = _table(page.scenarios)["Seller's NPV of the relationship"][0]
    assert _read(cell) == pytest.approx(expected["projection"]["seller_npv"], abs=0.5)
