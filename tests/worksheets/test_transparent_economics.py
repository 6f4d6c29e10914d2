"""The transparent-economics page, built without a browser."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets
import pytest

from negotiation_lib import assessment
from negotiation_lib.datasets import sample_case_names, sample_case_path
from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.economics import case_economics
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.projection import case_projection
from negotiation_lib.figures import transparent_economics as figures
from negotiation_lib.worksheets.app import load_document
from negotiation_lib.worksheets.transparent_economics import (
    MONTE_CARLO_PATHS,
    MONTE_CARLO_SEED,
    TransparentEconomicsWorksheet,
    compute,
)

TILE_KEYS = {
    "invoice_price_per_unit",
    "pocket_price_per_unit",
    "value_created_per_period",
    "seller_share",
    "fair_price_per_unit",
    "zopa",
    "seller_npv",
    "customer_npv",
    "seller_colr",
    "customer_colr",
    "crossover_repetition",
    "retention",
}
PAYLOAD = "<img src=x onerror=alert(1)>"
_TILE = re.compile(
    r"data-kpi='([^']+)'><div class='nw-tile-label'>.*?</div>"
    r"<div class='nw-tile-value'>(.*?)</div></div>"
)


def tiles(page: TransparentEconomicsWorksheet) -> dict[str, str]:
    """The headline tiles: key -> the value's text."""
    return {key: html.unescape(value) for key, value in _TILE.findall(page.w_tiles.value)}


def amount(text: str) -> float:
    """The number in a tile's text ("12,350 EUR" -> 12350.0, "53%" -> 53.0)."""
    return float(re.sub(r"[^0-9.\-]", "", text))


def open_page(name: str) -> tuple[CaseDocument, TransparentEconomicsWorksheet]:
    doc, query, error = load_document(f"case={name}", name)
    assert error is None
    return doc, TransparentEconomicsWorksheet(doc, query=query)


def case_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sample_case_path(name).read_text("utf-8"))
    return data


def walk(widget: Any) -> Iterator[Any]:
    yield widget
    for child in getattr(widget, "children", ()) or ():
        if isinstance(child, widgets.Widget):
            yield from walk(child)


def html_values(page: TransparentEconomicsWorksheet) -> list[str]:
    return [str(w.value) for w in walk(page.widget) if isinstance(w, widgets.HTML)]


def waterfall_y(page: TransparentEconomicsWorksheet) -> list[float]:
    figure = page.waterfall_chart.figure
    assert figure is not None
    return [float(v) for v in figure.data[0].y]


# --------------------------------------------------------------------------- the numbers


@pytest.mark.parametrize("name", sample_case_names())
def test_tiles_show_the_domain_numbers(name: str) -> None:
    doc, page = open_page(name)
    case = doc.case
    assert case is not None
    e, p = case_economics(case), case_projection(case)
    shown = tiles(page)
    assert set(shown) == TILE_KEYS
    for key, expected in (
        ("invoice_price_per_unit", e.invoice_price_per_unit),
        ("pocket_price_per_unit", e.pocket_price_per_unit),
        ("value_created_per_period", e.value_created_per_period),
        ("fair_price_per_unit", e.fair_price_per_unit),
        ("seller_npv", p.seller_npv),
        ("customer_npv", p.customer_npv),
        ("seller_colr", p.seller_colr),
        ("customer_colr", p.customer_colr),
    ):
        assert amount(shown[key]) == pytest.approx(expected, abs=0.51), key
        assert case.currency in shown[key]
    assert e.seller_share is not None
    assert amount(shown["seller_share"]) == pytest.approx(100 * e.seller_share, abs=0.51)
    assert amount(shown["retention"]) == pytest.approx(100 * p.retention, abs=0.051)
    floor, ceiling = (amount(x) for x in shown["zopa"].split("–"))
    assert floor == pytest.approx(e.zopa.floor_per_unit, abs=0.51)
    assert ceiling == pytest.approx(e.zopa.ceiling_per_unit, abs=0.51)
    assert p.crossover_repetition is not None
    assert shown["crossover_repetition"] == f"repetition {p.crossover_repetition}"


@pytest.mark.parametrize("name", sample_case_names())
def test_every_chart_and_table_is_drawn(name: str) -> None:
    doc, page = open_page(name)
    case = doc.case
    assert case is not None
    for slot in (
        page.waterfall_chart,
        page.zopa_chart,
        page.split_chart,
        page.npv_chart,
        page.monte_carlo_chart,
        page.tornado_chart,
    ):
        assert slot.figure is not None
        assert len(slot.figure.data) > 0
    table = page.w_alternatives.value
    for row in ("COLR", "BATNA per year", "BATR"):
        assert row in table
    assert html.escape(case.seller) in table
    assert html.escape(case.customer) in table
    margins = page.w_margins.value
    e = case_economics(case)
    assert f"{e.seller_profit_per_period:,.0f}" in margins
    assert f"{e.customer_net_benefit_per_period:,.0f}" in margins
    codes = e.flag_codes
    flags = page.w_flags.value
    assert ("nw-warn" in flags) == bool(codes)
    assert flags.count("<li>") == len(codes)
    assert page.w_note.value == ""
    assert page.w_errors.value == ""


def test_monte_carlo_is_small_and_seeded() -> None:
    doc, _, _ = load_document("case=pumpco_acme_foods", "pumpco_acme_foods")
    first, second = compute(doc.case), compute(doc.case)
    assert first.monte_carlo is not None
    assert second.monte_carlo is not None
    assert first.monte_carlo.paths == MONTE_CARLO_PATHS == 2000
    assert first.monte_carlo.seed == MONTE_CARLO_SEED
    assert first.monte_carlo.seller.p50 == second.monte_carlo.seller.p50


# --------------------------------------------------------------------------- editing


def test_a_new_list_price_redraws_the_pocket_price_and_the_waterfall() -> None:
    doc, page = open_page("pumpco_acme_foods")
    before_tile, before_bars = tiles(page)["pocket_price_per_unit"], waterfall_y(page)
    doc.set("economics.list_price_per_unit", 14000)
    assert doc.problems == []
    assert doc.case is not None
    after = tiles(page)["pocket_price_per_unit"]
    assert after != before_tile
    assert amount(after) == pytest.approx(case_economics(doc.case).pocket_price_per_unit, abs=0.51)
    bars = waterfall_y(page)
    assert bars != before_bars
    assert bars[0] == 14000


def test_a_bad_value_keeps_the_last_valid_numbers_and_shows_the_banner() -> None:
    doc, page = open_page("pumpco_acme_foods")
    shown, bars = tiles(page), waterfall_y(page)
    assert page.w_banner.value == ""
    doc.set("economics.volume_per_period", -5)
    assert doc.problems
    assert "nw-banner" in page.w_banner.value
    assert "last valid inputs" in page.w_banner.value
    assert tiles(page) == shown
    assert waterfall_y(page) == bars
    doc.set("economics.volume_per_period", 50)
    assert page.w_banner.value == ""
    assert tiles(page)["value_created_per_period"] != shown["value_created_per_period"]


def test_adding_a_discount_gives_it_a_free_name() -> None:
    doc, page = open_page("pumpco_acme_foods")
    before = len(doc.get("economics.discounts"))
    buttons = [
        w
        for w in walk(page.widget)
        if isinstance(w, widgets.Button) and w.description == "Add a discount"
    ]
    assert len(buttons) == 1
    buttons[0].click()
    buttons[0].click()
    names = [d["name"] for d in doc.get("economics.discounts")]
    assert len(names) == before + 2
    assert len({n.casefold() for n in names}) == len(names)
    assert doc.problems == []


FIGURES = (
    "price_waterfall",
    "zopa_band",
    "value_split",
    "npv_curves",
    "monte_carlo_bands",
    "tornado",
)


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the figures the page builds, in order, from now on."""
    calls: list[str] = []
    for name in FIGURES:
        build = getattr(figures, name)

        def counted(*args: Any, _build: Any = build, _name: str = name, **kwargs: Any) -> Any:
            calls.append(_name)
            return _build(*args, **kwargs)

        monkeypatch.setattr(figures, name, counted)
    return calls


def test_a_change_elsewhere_in_the_case_redraws_nothing(drawn: list[str]) -> None:
    doc, page = open_page("pumpco_acme_foods")
    results, shown = page.results, page.w_tiles.value
    assert results is not None
    drawn.clear()
    doc.set("strategy.moves[0].cooperation_benefit", 130_000)
    assert doc.problems == []
    after = page.results
    assert after is not None
    assert after is not results
    for part in ("economics", "projection", "monte_carlo", "sensitivity"):
        assert getattr(after, part) is getattr(results, part), part
    assert drawn == []
    assert page.w_tiles.value == shown


def test_a_new_title_redraws_only_the_charts_of_the_open_book(drawn: list[str]) -> None:
    doc, _ = open_page("pumpco_acme_foods")
    drawn.clear()
    doc.set("title", "A new title")
    # The economics quotes the case's header, so it is a new result and its three charts are
    # drawn again; the projection, the simulation and the tornado are the same results.
    assert sorted(drawn) == sorted(["price_waterfall", "zopa_band", "value_split"])


def test_a_new_party_name_redraws_the_charts_that_print_it(drawn: list[str]) -> None:
    doc, page = open_page("pumpco_acme_foods")
    drawn.clear()
    doc.set("seller", "PumpCo Group")
    assert sorted(drawn) == sorted(FIGURES)
    for slot in (page.split_chart, page.npv_chart, page.monte_carlo_chart, page.tornado_chart):
        assert slot.figure is not None
        assert "PumpCo Group" in slot.figure.to_json()
    assert "PumpCo Group" in page.w_alternatives.value
    assert "PumpCo Group" in page.w_tiles.value


def test_an_input_of_the_open_book_redraws_every_chart_once(drawn: list[str]) -> None:
    doc, _ = open_page("pumpco_acme_foods")
    drawn.clear()
    doc.set("economics.fixed_cost_per_period", 61_000)
    assert sorted(drawn) == sorted(FIGURES)


# --------------------------------------------------------------------------- missing inputs


@pytest.mark.parametrize(
    ("section", "words"),
    [
        ("value", "Fill in the value proposition first"),
        ("economics", "Fill in the economics first"),
    ],
)
def test_a_missing_section_shows_the_note_instead_of_results(section: str, words: str) -> None:
    data = case_data("pumpco_acme_foods")
    del data[section]
    page = TransparentEconomicsWorksheet(CaseDocument(data), query="case=pumpco_acme_foods")
    assert words in page.w_note.value
    assert "data-kpi" not in page.w_tiles.value
    assert page.w_flags.value == ""
    assert page.w_margins.value == ""
    assert page.w_alternatives.value == ""
    assert page.waterfall_chart.figure is None
    hidden = [box for box in page._result_boxes if box.layout.display == "none"]
    assert len(hidden) == len(page._result_boxes) > 0
    result = compute(page.doc.case)
    assert result.economics is None
    assert result.projection is None
    assert result.monte_carlo is None
    assert result.sensitivity is None
    assert result.missing is not None
    assert words in result.missing


def test_removing_and_restoring_the_value_section() -> None:
    doc, page = open_page("pumpco_acme_foods")
    value = doc.get("value")
    doc.set("value", None)
    assert "Fill in the value proposition first" in page.w_note.value
    assert "value_proposition.ipynb?case=pumpco_acme_foods" in page.w_note.value
    assert "data-kpi" not in page.w_tiles.value
    doc.set("value", value)
    assert page.w_note.value == ""
    assert set(tiles(page)) == TILE_KEYS
    assert all(box.layout.display is None for box in page._result_boxes)


def test_no_valid_case_at_all() -> None:
    result = compute(None)
    assert result.missing is not None
    assert result.economics is None


def test_a_refused_degenerate_case_shows_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(case: Case, **_: Any) -> Any:
        raise CaseError.at("relationship", "Nothing to project <here>.")

    monkeypatch.setattr(assessment, "case_sensitivity", refuse)
    _, page = open_page("swiftfreight_helios")
    assert "Nothing to project &lt;here&gt;." in page.w_errors.value
    assert page.tornado_chart.widget.layout.display == "none"
    assert set(tiles(page)) == TILE_KEYS
    assert page.waterfall_chart.figure is not None


# --------------------------------------------------------------------------- escaping


def test_typed_markup_never_reaches_the_page_unescaped() -> None:
    doc, page = open_page("pumpco_acme_foods")
    names = [d["name"] for d in doc.get("economics.discounts")]
    without_principle = next(
        k for k, d in enumerate(doc.get("economics.discounts")) if d["principle"] == "none"
    )
    assert PAYLOAD not in names
    doc.set(f"economics.discounts[{without_principle}].name", PAYLOAD)
    doc.set("economics.discounts[0].rationale", PAYLOAD)
    doc.set("seller", f"Pump{PAYLOAD}")
    doc.set("customer", f"Acme{PAYLOAD}")
    doc.set("title", PAYLOAD)
    doc.set("currency", "<s>EUR")
    doc.set("period", "<i>year")
    assert doc.problems == []
    values = html_values(page)
    for value in values:
        assert "<img" not in value.lower()
        assert "<s>" not in value
        assert "<i>" not in value
    assert "&lt;s&gt;EUR" in page.w_tiles.value
    assert "&lt;i&gt;year" in page.w_alternatives.value
    assert "&lt;i&gt;year" in page.w_margins.value
    escaped = html.escape(PAYLOAD)
    assert escaped in page.w_flags.value
    assert escaped in page.w_alternatives.value
    assert escaped in page.w_tiles.value
    assert escaped in page.w_header.value
