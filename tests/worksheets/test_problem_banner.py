"""The problem banner lists every problem as a link to its field, on every worksheet."""

from __future__ import annotations

import re
from typing import Any

import pytest

from negotiation_lib.document import CaseDocument
from negotiation_lib.worksheets.app import load_document
from negotiation_lib.worksheets.problems import (
    MAX_LISTED,
    ProblemBanner,
    ProblemLink,
    banner_html,
    problem_links,
)
from negotiation_lib.worksheets.transparent_economics import TransparentEconomicsWorksheet
from negotiation_lib.worksheets.value_proposition import ValuePropositionWorksheet
from negotiation_lib.worksheets.win_win import WinWinWorksheet
from tests.worksheets.helpers import field, walk

CASE = "pumpco_acme_foods"
SHEETS = {
    "value_proposition": ValuePropositionWorksheet,
    "transparent_economics": TransparentEconomicsWorksheet,
    "win_win": WinWinWorksheet,
}


def open_sheet(name: str, query: str = f"case={CASE}") -> tuple[CaseDocument, Any]:
    doc, _carried, _ = load_document(f"case={CASE}", CASE)
    return doc, SHEETS[name](doc, query)


def links_in(html: str) -> list[tuple[str, str]]:
    """(the link's attributes, its text) of each problem link of the banner."""
    return re.findall(r"<a class='nw-problem-link' ([^>]*)>([^<]*)</a>", html)


@pytest.mark.parametrize("name", list(SHEETS))
def test_every_worksheet_shows_the_banner_under_its_header(name: str) -> None:
    doc, ws = open_sheet(name)
    banner = ws.w_banner
    assert banner in list(walk(ws.widget))
    assert banner.value == ""
    doc.set("title", "")
    assert "1 problem in the inputs" in banner.value
    assert "the results below are from the last valid inputs" in banner.value
    doc.set("title", "Back")
    assert banner.value == ""


def test_a_problem_with_no_input_of_its_own_links_to_its_table() -> None:
    doc, ws = open_sheet("transparent_economics")
    field(ws.widget, "nw-at-economics-list_price_per_unit").value = "13"
    (problem,) = doc.problems
    assert problem.path == "economics.discounts"
    ((attributes, label),) = links_in(ws.w_banner.value)
    assert label == "Discounts"
    assert "href='#nw-at-economics-discounts'" in attributes
    assert "data-targets='nw-at-economics-discounts nw-at-economics'" in attributes


def test_a_field_is_named_by_its_label() -> None:
    _doc, ws = open_sheet("transparent_economics")
    field(ws.widget, "nw-at-economics-volume_per_period").value = "-5"
    ((attributes, label),) = links_in(ws.w_banner.value)
    assert label == "Volume (pump per year)"
    assert "href='#nw-at-economics-volume_per_period'" in attributes


def test_on_a_practice_page_another_worksheets_problem_is_named_but_not_linked() -> None:
    doc, ws = open_sheet("value_proposition")
    doc.set("economics.volume_per_period", -5)  # as an import could leave it
    assert links_in(ws.w_banner.value) == []
    said = "Transparent economics: Volume per period: Must be above 0"
    assert said in ws.w_banner.value


def test_in_a_workbook_another_worksheets_problem_opens_its_tab() -> None:
    doc, ws = open_sheet("value_proposition", "resume=H3KQ-7MWX-P2RD")
    doc.set("economics.volume_per_period", -5)
    ((attributes, label),) = links_in(ws.w_banner.value)
    assert label == "Transparent economics: Volume per period"
    assert "data-sheet='1'" in attributes
    assert (
        "href='transparent_economics.ipynb?resume=H3KQ-7MWX-P2RD"
        "#nw-at-economics-volume_per_period'" in attributes
    )


def test_unread_text_is_listed_first_and_goes_when_its_row_goes() -> None:
    doc, ws = open_sheet("value_proposition")
    field(ws.widget, "nw-at-value-drivers-4-value_per_unit").value = "abc"
    doc.set("title", "")
    labels = [label for _a, label in links_in(ws.w_banner.value)]
    assert labels == ["Value per unit (+/−), row 5", "Title"]
    doc.remove("value.drivers", 4)
    labels = [label for _a, label in links_in(ws.w_banner.value)]
    assert labels == ["Title"]


def test_typed_markup_reaches_the_banner_escaped() -> None:
    _doc, ws = open_sheet("value_proposition")
    price = field(ws.widget, "nw-at-value-reference-price_per_unit")
    price.value = "<img src=x onerror=alert(1)>"
    assert "<img" not in ws.w_banner.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in ws.w_banner.value


def test_a_long_list_is_cut_short_and_counted() -> None:
    links = [
        ProblemLink(f"Field {k}", "Wrong.", (f"nw-at-f{k}",), f"#nw-at-f{k}") for k in range(11)
    ]
    html = banner_html(links)
    assert html.startswith("<div class='nw-banner nw-bad nw-problems' role='status'>")
    assert "11 problems in the inputs" in html
    assert len(links_in(html)) == MAX_LISTED
    assert f"<li>and {11 - MAX_LISTED} more</li>" in html


def test_a_problem_of_the_whole_document_is_said_without_a_link() -> None:
    html = banner_html([ProblemLink("The case", "A case must be a JSON object.", (), "")])
    assert "<li>The case: A case must be a JSON object.</li>" in html


def test_a_closed_banner_stops_listening() -> None:
    doc, _ = load_document(f"case={CASE}", CASE)[:2]
    banner = ProblemBanner(doc, "value_proposition")
    doc.set("title", "")
    assert "1 problem" in banner.widget.value
    doc.set("title", "Back")
    banner.widget.close()
    doc.set("title", "")
    assert banner.widget.value == ""
    # With no field of the title on any page, the problem is named from the case's words.
    assert problem_links(doc, "value_proposition")[0].label == "Title"
