"""The "Where the answer flips" card of the transparent-economics page, built without a browser."""

from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as widgets

from negotiation_lib.assessment import assess_case
from negotiation_lib.domain.flips import CPT_PRICE, Flip, find_flips, flip_map
from negotiation_lib.formatting import number
from negotiation_lib.worksheets.client_updates import writable_traits
from negotiation_lib.worksheets.transparent_economics import TransparentEconomicsWorksheet
from negotiation_lib.worksheets.transparent_economics.flips import FIND, MAP, WORKING, FlipsPanel
from tests.worksheets.helpers import html_of, sample_document

LOW = "relationship.retention_one_sided"
VOLUME = "economics.volume_per_period"
_ROW = re.compile(r"<tr class='nw-flip-row'>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


def _panel() -> FlipsPanel:
    doc, _query = sample_document("pumpco_acme_foods")
    return FlipsPanel(doc)


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def _rows(panel: FlipsPanel) -> list[list[str]]:
    """The table's rows as text: question, direction, where it flips, the two answers."""
    return [[_text(c) for c in _CELL.findall(row)] for row in _ROW.findall(panel.w_table.value)]


def _share_cell(flip: Flip) -> str:
    """Where a share's answer flips, written independently of the card's code."""
    if flip.value is None:
        low, high = (
            f"{number(v, 4, trim=True)} ({number(v * 100, 2, trim=True)}%)"
            for v in (flip.low, flip.high)
        )
        return f"does not flip between {low} and {high}"
    return f"{number(flip.value, 4, trim=True)} ({number(flip.value * 100, 2, trim=True)}%)"


def test_nothing_is_computed_before_a_click() -> None:
    doc, query = sample_document("pumpco_acme_foods")
    page = TransparentEconomicsWorksheet(doc, query)
    assert "Where the answer flips" in html_of(page.widget)
    assert page.flips.searches == 0
    assert page.flips.maps == 0
    assert page.flips.w_table.value == ""
    assert page.flips.chart.figure is None
    assert page.flips.map_chart.figure is None
    assert page.flips.w_chart_box.layout.display == "none"
    # The browser may choose inputs: the choosers are inputs the page accepts updates for.
    for dropdown in (page.flips.w_input, page.flips.w_map_x, page.flips.w_map_y):
        assert writable_traits(dropdown) == frozenset({"index"})


def test_the_choosers_label_inputs_with_units_and_start_on_the_fast_pair() -> None:
    panel = _panel()
    labels = dict((path, label) for label, path in panel.w_input.options)
    assert labels[VOLUME] == "Volume (pump per year)"
    assert labels["relationship.cpt_price_per_unit"] == "Tough (CPT) price (EUR per pump)"
    assert panel.w_input.value == LOW
    assert (panel.w_map_x.value, panel.w_map_y.value) == (CPT_PRICE, LOW)


def test_a_click_shows_where_each_answer_flips_as_find_flips_says() -> None:
    panel = _panel()
    case = panel.doc.case
    assert case is not None
    panel.w_input.value = LOW
    panel.w_find.click()
    assert panel.searches == 1
    expected = find_flips(case, LOW)
    rows = _rows(panel)
    assert len(rows) == len(expected.flips) == 14
    for flip, row in zip(expected.flips, rows, strict=True):
        assert row[1] == ("lower" if flip.direction == "down" else "higher")
        assert row[2] == _share_cell(flip)
    # Independently: the fair price stops being the seller's best at the break-even loyalty.
    projection = assess_case(case).projection
    assert projection is not None
    best = [r for r in rows if r[0] == "Is the fair price the seller's best?" and r[1] == "higher"]
    assert best[0][2].startswith(number(projection.break_even_retention_one_sided, 4, trim=True))
    assert best[0][3] == "The fair price is PumpCo's best price"
    assert best[0][4] == "A price above the fair one pays PumpCo more"
    assert "Retention when one-sided (0–1) is 0.6 (60%) in this case" in _text(panel.w_table.value)
    assert panel.chart.figure is not None
    assert panel.w_chart_box.layout.display is None


def test_money_inputs_are_written_with_their_unit() -> None:
    panel = _panel()
    case = panel.doc.case
    assert case is not None
    panel.w_input.value = VOLUME
    panel.w_find.click()
    found = [f for f in find_flips(case, VOLUME).flips if f.value is not None]
    assert found
    shown = [r[2] for r in _rows(panel) if not r[2].startswith("does not flip")]
    assert shown == [f"{number(f.value, 2, trim=True)} pump per year" for f in found]


def test_the_button_says_it_is_working_while_the_search_runs() -> None:
    panel = _panel()
    said: list[Any] = []
    panel.w_find.observe(lambda change: said.append(change["new"]), "description")
    panel.w_find.click()
    assert said == [WORKING, FIND]
    assert panel.w_find.disabled is False


def test_the_map_is_drawn_on_its_click_with_the_seller_npv() -> None:
    panel = _panel()
    case = panel.doc.case
    assert case is not None
    said: list[Any] = []
    panel.w_draw.observe(lambda change: said.append(change["new"]), "description")
    panel.w_draw.click()
    assert said == [WORKING, MAP]
    assert panel.maps == 1
    assert panel.searches == 0  # the map alone does not run the search
    figure = panel.map_chart.figure
    assert figure is not None
    expected = flip_map(case, CPT_PRICE, LOW, size=100)
    assert list(figure.data[0].z[5]) == list(expected.seller_npv[5])


def test_the_map_refuses_the_same_input_twice_in_words() -> None:
    panel = _panel()
    panel.w_map_x.value = LOW
    panel.w_map_y.value = LOW
    panel.w_draw.click()
    assert _text(panel.w_map_message.value) == "Choose two different inputs for the map."
    assert panel.w_map_box.layout.display == "none"


def test_a_change_of_the_case_clears_the_results_and_says_so() -> None:
    panel = _panel()
    panel.w_find.click()
    panel.w_draw.click()
    assert panel.w_table.value
    panel.doc.set(VOLUME, 80)
    assert panel.w_table.value == ""
    assert panel.w_chart_box.layout.display == "none"
    assert panel.w_map_box.layout.display == "none"
    assert f"click “{FIND}” again" in _text(panel.w_message.value)
    assert f"click “{MAP}” again" in _text(panel.w_map_message.value)
    assert _rows(panel) == []
    panel.w_find.click()
    assert panel.w_message.value == ""
    assert panel.searches == 2
    # Searched again on the new case: its flips, not the old ones.
    case = panel.doc.case
    assert case is not None
    assert case.economics is not None
    assert case.economics.volume_per_period == 80
    assert [r[2] for r in _rows(panel)] == [_share_cell(f) for f in find_flips(case, LOW).flips]


def test_an_invalid_keystroke_keeps_the_results() -> None:
    panel = _panel()
    panel.w_find.click()
    shown = panel.w_table.value
    panel.doc.set(VOLUME, "lots")  # not a number: the last valid case stays
    assert panel.w_table.value == shown


def test_a_case_without_economics_gets_a_sentence() -> None:
    panel = _panel()
    panel.doc.set("economics", None)
    panel.w_find.click()
    panel.w_draw.click()
    said = _text(panel.w_message.value)
    assert said.startswith("Fill in the economics")
    assert "Traceback" not in said
    assert _text(panel.w_map_message.value) == said
    assert panel.w_table.value == ""


def test_an_unset_tough_price_gets_a_sentence() -> None:
    panel = _panel()
    panel.doc.set("relationship.cpt_price_per_unit", None)
    panel.w_input.value = CPT_PRICE
    panel.w_find.click()
    said = _text(panel.w_message.value)
    assert "no tough (CPT) price" in said
    assert "cpt_price_per_unit" not in said


def test_names_are_escaped_in_the_table() -> None:
    panel = _panel()
    panel.doc.set("seller", "<b>Pump</b>")
    panel.w_find.click()
    assert "<b>Pump</b>" not in panel.w_table.value
    assert "&lt;b&gt;Pump&lt;/b&gt;" in panel.w_table.value


def test_choosers_are_relabelled_when_the_currency_changes() -> None:
    panel = _panel()
    panel.w_input.value = VOLUME
    panel.doc.set("currency", "USD")
    labels = dict((path, label) for label, path in panel.w_input.options)
    assert labels["economics.list_price_per_unit"] == "List price (USD per pump)"
    assert panel.w_input.value == VOLUME
    assert isinstance(panel.widget, widgets.VBox)
