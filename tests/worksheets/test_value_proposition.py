"""Worksheet 1 without a browser: the page shows the domain's numbers and updates on edits."""

from __future__ import annotations

from typing import Any

import pytest

from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain.strategy import assess_strategy
from negotiation_lib.domain.value import assess_value
from negotiation_lib.figures import value_proposition as figures
from negotiation_lib.formatting import money
from negotiation_lib.worksheets.value_proposition import ValuePropositionWorksheet, compute
from tests.worksheets.helpers import field, html_of, message, sample_document, tiles

XSS = "<img src=x onerror=alert(1)>"


def page(name: str) -> ValuePropositionWorksheet:
    doc, query = sample_document(name)
    return ValuePropositionWorksheet(doc, query)


@pytest.mark.parametrize("name", sample_case_names())
def test_tiles_show_the_domain_numbers(name: str) -> None:
    case = load_sample_case(name)
    assert case.value is not None
    assert case.strategy is not None
    v = assess_value(case.value)
    shown = tiles(page(name).widget)
    assert shown["eve_per_unit"] == money(v.eve_per_unit, case.currency)
    assert shown["eve_expected_per_unit"] == money(v.eve_expected_per_unit, case.currency)
    assert shown["strength_score"] == f"{v.strength_score:.0f}/100"
    fit = assess_strategy(case.strategy).fit
    assert fit is not None
    assert shown["fit"] == f"{100 * fit:.0f}%"


def test_typing_a_driver_value_updates_eve_and_its_chart() -> None:
    ws = page("pumpco_acme_foods")
    before = ws.eve_chart.figure
    assert before is not None
    y_before = list(before.data[0].y)
    field(ws.widget, "nw-at-value-drivers-0-value_per_unit").value = "3500"
    assert tiles(ws.widget)["eve_per_unit"] == "16,000 EUR"
    assert ws.eve_chart.figure is not None
    assert list(ws.eve_chart.figure.data[0].y) != y_before


def test_a_bad_confidence_shows_at_its_field_and_keeps_the_results() -> None:
    ws = page("pumpco_acme_foods")
    before = tiles(ws.widget)["eve_expected_per_unit"]
    field(ws.widget, "nw-at-value-drivers-0-confidence").value = "2"
    assert "at most 1" in message(ws.widget, "nw-at-value-drivers-0-confidence")
    assert tiles(ws.widget)["eve_expected_per_unit"] == before
    assert "1 problem" in html_of(ws.widget)


def test_text_in_a_number_field_is_refused_at_the_field() -> None:
    ws = page("pumpco_acme_foods")
    field(ws.widget, "nw-at-value-reference-price_per_unit").value = "ten thousand"
    assert "Enter a number" in message(ws.widget, "nw-at-value-reference-price_per_unit")
    assert ws.doc.get("value.reference.price_per_unit") == 10_000  # nothing changed


def test_empty_name_gets_a_message() -> None:
    ws = page("pumpco_acme_foods")
    field(ws.widget, "nw-at-value-drivers-0-name").value = "   "
    assert message(ws.widget, "nw-at-value-drivers-0-name") != ""


def test_user_text_never_reaches_html_unescaped() -> None:
    ws = page("pumpco_acme_foods")
    field(ws.widget, "nw-at-title").value = XSS
    field(ws.widget, "nw-at-strategy-moves-0-name").value = XSS
    field(ws.widget, "nw-at-value-drivers-0-name").value = XSS
    rendered = html_of(ws.widget)
    assert "<img" not in rendered
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert ws.eve_chart.figure is not None
    assert "<img" not in ws.eve_chart.figure.to_json()


def test_rows_can_be_added_and_removed() -> None:
    ws = page("pumpco_acme_foods")
    count = len(ws.doc.get("value.drivers"))
    add = next(b for b in _buttons(ws) if b.description == "Add a value driver")
    add.click()
    assert len(ws.doc.get("value.drivers")) == count + 1
    assert ws.doc.problems == []


def test_a_table_rows_cells_are_its_fields_with_no_box_around_them() -> None:
    # Each widget is a model the page receives before it draws: a table cell is the field's
    # own box (the grid's columns set its width), not a field inside one more box.
    from tests.worksheets.helpers import walk

    ws = page("pumpco_acme_foods")
    rows = [w for w in walk(ws.widget) if "nw-row" in w._dom_classes]
    assert len(rows) >= 3
    for row in rows:
        *cells, remove = row.children
        assert "nw-remove" in remove._dom_classes
        assert cells
        assert all("nw-field" in cell._dom_classes for cell in cells)


def _buttons(ws: ValuePropositionWorksheet) -> list:  # type: ignore[type-arg]
    import ipywidgets as widgets

    from tests.worksheets.helpers import walk

    return [w for w in walk(ws.widget) if isinstance(w, widgets.Button)]


def test_compute_without_a_case() -> None:
    r = compute(None)
    assert r.value is None
    assert r.strategy is None


def test_a_corrected_number_clears_its_message() -> None:
    ws = page("pumpco_acme_foods")
    where = "nw-at-value-reference-price_per_unit"
    field(ws.widget, where).value = "abc"
    assert "Enter a number" in message(ws.widget, where)
    field(ws.widget, where).value = "9000"
    assert message(ws.widget, where) == ""
    assert ws.doc.get("value.reference.price_per_unit") == 9000


def test_a_change_redraws_only_the_charts_that_show_it(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    for name in ("strategic_fit_chart", "moves_map", "eve_waterfall"):
        build = getattr(figures, name)

        def counted(*args: Any, _build: Any = build, _name: str = name, **kwargs: Any) -> Any:
            drawn.append(_name)
            return _build(*args, **kwargs)

        monkeypatch.setattr(figures, name, counted)
    ws = page("pumpco_acme_foods")
    assert sorted(drawn) == ["eve_waterfall", "moves_map", "strategic_fit_chart"]
    drawn.clear()
    ws.doc.set("value.drivers[0].value_per_unit", 3000)
    assert drawn == ["eve_waterfall"]
    drawn.clear()
    ws.doc.set("strategy.moves[0].cooperation_benefit", 130_000)
    assert drawn == ["moves_map"]
    drawn.clear()
    ws.doc.set("economics.list_price_per_unit", 14_000)
    ws.doc.set("title", "A new title")
    assert drawn == []
    ws.doc.set("currency", "USD")  # printed by the moves map and the EVE, not by the fit
    assert sorted(drawn) == ["eve_waterfall", "moves_map"]
    assert tiles(ws.widget)["eve_per_unit"].endswith("USD")
