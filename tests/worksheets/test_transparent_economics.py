"""The transparent-economics page, built without a browser."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets
import numpy as np
import pytest

from negotiation_lib import assessment
from negotiation_lib.datasets import sample_case_names, sample_case_path
from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import Case, Relationship
from negotiation_lib.domain.economics import case_economics
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.montecarlo import case_monte_carlo
from negotiation_lib.domain.projection import case_projection
from negotiation_lib.figures import transparent_economics as figures
from negotiation_lib.formatting import MINUS, escape, percent
from negotiation_lib.sentences import squeeze_sentence
from negotiation_lib.worksheets.app import load_document
from negotiation_lib.worksheets.transparent_economics import (
    MONTE_CARLO_PATHS,
    MONTE_CARLO_SEED,
    TransparentEconomicsWorksheet,
    compute,
    price_curve,
)
from negotiation_lib.worksheets.transparent_economics.text import MEANING_NOTE
from tests.worksheets.helpers import sample_document

TILE_KEYS = {
    "invoice_price_per_unit",
    "pocket_price_per_unit",
    "eve_expected_per_unit",
    "eve_per_unit",
    "joint_gain_per_period",
    "seller_share",
    "fair_price_per_unit",
    "zopa",
    "seller_optimal_price_per_unit",
    "seller_npv",
    "customer_npv",
    "crossover_repetition",
    "retention",
}
PAYLOAD = "<img src=x onerror=alert(1)>"
_TILE = re.compile(
    r"data-kpi='([^']+)'><div class='nw-tile-label'>.*?</div>"
    r"<div class='nw-tile-value'>(.*?)</div></div>"
)
_SUB = re.compile(r"<br><span class='nw-tile-sub'[^>]*>(.*?)</span>")


def tiles(page: TransparentEconomicsWorksheet) -> dict[str, str]:
    """The headline tiles: key -> the value's text (without the small line under it)."""
    return {
        key: html.unescape(_SUB.sub("", value)) for key, value in _TILE.findall(page.w_tiles.value)
    }


def tile_notes(page: TransparentEconomicsWorksheet) -> dict[str, str]:
    """The small line under a tile's value, where there is one."""
    return {
        key: html.unescape(m.group(1))
        for key, value in _TILE.findall(page.w_tiles.value)
        if (m := _SUB.search(value))
    }


def table_rows(table: str) -> dict[str, tuple[str, str]]:
    """The rows of a two-party table: label -> (seller's cell, customer's cell), unescaped."""
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table):
        # A label's glossary marker ("?") and tooltip markup are not part of its text.
        row = re.sub(r"<span class='nw-term-mark'[^>]*>\?</span>", "", row)
        row = re.sub(r"</?span[^>]*>", "", row)
        cells = [html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        if len(cells) == 3:
            out[cells[0]] = (cells[1], cells[2])
    return out


def amount(text: str) -> float:
    """The number in a tile's text ("12,350 EUR" -> 12350.0, "53%" -> 53.0, "−5 EUR" -> -5.0)."""
    return float(re.sub(r"[^0-9.\-]", "", text.replace(MINUS, "-")))


def open_page(name: str) -> tuple[CaseDocument, TransparentEconomicsWorksheet]:
    doc, query = sample_document(name)
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


# --------------------------------------------------------------------------- by hand


def _rel(case: Case) -> Relationship:
    return case.relationship if case.relationship is not None else Relationship()


def by_hand(case: Case, price: float) -> dict[str, float]:
    """Per-period figures and the projection at a price, repetition by repetition (DESIGN §3).

    Written from the design notes, not from the library: the evidence-weighted EVE, the gains
    over both BATNAs, the retention with no free band and the survival-weighted sums.
    """
    e, v, r = case.economics, case.value, _rel(case)
    assert e is not None
    assert v is not None
    eve = v.reference.price_per_unit + sum(d.confidence * d.value_per_unit for d in v.drivers)
    profit = e.volume_per_period * (price - e.variable_cost_per_unit) - e.fixed_cost_per_period
    benefit = e.volume_per_period * (eve - price) - e.customer_cost_per_period
    joint = profit - r.seller_batna_per_period + benefit - r.customer_batna_per_period
    share = (profit - r.seller_batna_per_period) / joint
    gap = min(1.0, abs(share - e.fair_share) / 0.5)
    p = r.retention_fair + gap * (r.retention_one_sided - r.retention_fair)
    k = (1 + r.growth_rate) / (1 + r.discount_rate)
    weights = [(p * k) ** t for t in range(r.repetitions)]
    return {
        "eve_expected": eve,
        "profit": profit,
        "benefit": benefit,
        "joint": joint,
        "share": share,
        "retention": p,
        "seller_npv": profit * sum(weights) - e.seller_one_time_cost,
        "customer_npv": benefit * sum(weights) - e.customer_one_time_cost,
        "seller_colr": profit * sum(weights[1:]),
        "customer_colr": benefit * sum(weights[1:]),
    }


def batna_npv_by_hand(batna: float, r: Relationship) -> float:
    """``batna · Σ_{t<N} ((1+g)/(1+d))^t``, a loop over the repetitions."""
    k = (1 + r.growth_rate) / (1 + r.discount_rate)
    return batna * sum(k**t for t in range(r.repetitions))


# --------------------------------------------------------------------------- the numbers


@pytest.mark.parametrize("name", sample_case_names())
def test_tiles_show_the_domain_numbers(name: str) -> None:
    doc, page = open_page(name)
    case = doc.case
    assert case is not None
    e, p = case_economics(case), case_projection(case)
    hand = by_hand(case, e.pocket_price_per_unit)
    shown = tiles(page)
    assert set(shown) == TILE_KEYS
    for key, expected in (
        ("invoice_price_per_unit", e.invoice_price_per_unit),
        ("pocket_price_per_unit", e.pocket_price_per_unit),
        ("eve_expected_per_unit", hand["eve_expected"]),
        ("eve_per_unit", e.eve_per_unit),
        ("joint_gain_per_period", hand["joint"]),
        ("fair_price_per_unit", e.fair_price_per_unit),
        ("seller_npv", hand["seller_npv"]),
        ("customer_npv", hand["customer_npv"]),
    ):
        assert amount(shown[key]) == pytest.approx(expected, abs=0.51), key
        assert case.currency in shown[key]
    assert amount(shown["seller_share"]) == pytest.approx(100 * hand["share"], abs=0.51)
    assert amount(shown["retention"]) == pytest.approx(100 * hand["retention"], abs=0.051)
    floor, ceiling = (amount(x) for x in shown["zopa"].split("–"))
    assert floor == pytest.approx(e.zopa.floor_per_unit, abs=0.51)
    assert ceiling == pytest.approx(e.zopa.ceiling_per_unit, abs=0.51)
    assert p.crossover_repetition is not None
    assert shown["crossover_repetition"] == f"repetition {p.crossover_repetition}"
    assert p.seller_optimal is not None
    assert amount(shown["seller_optimal_price_per_unit"]) == pytest.approx(
        p.seller_optimal.price_per_unit, abs=0.51
    )


def test_the_tiles_name_what_the_prices_rest_on() -> None:
    _, page = open_page("pumpco_acme_foods")
    labels = dict(
        re.findall(r"data-kpi='([^']+)'><div class='nw-tile-label'>(.*?)</div>", page.w_tiles.value)
    )
    assert "evidence-weighted EVE" in labels["eve_expected_per_unit"]
    assert "if every claim holds" in labels["eve_per_unit"]
    assert "share of the gain over both BATNAs" in html.unescape(labels["seller_share"])
    assert page.doc.case is not None
    assert page.doc.case.economics is not None
    fair_share = page.doc.case.economics.fair_share
    assert f"{percent(fair_share)} of the gain" in tile_notes(page)["fair_price_per_unit"]


@pytest.mark.parametrize("name", sample_case_names())
def test_the_fair_price_gives_exactly_the_fair_share(name: str) -> None:
    doc, page = open_page(name)
    case = doc.case
    assert case is not None
    assert case.economics is not None
    fair = amount(tiles(page)["fair_price_per_unit"])
    # Priced at the fair price shown, the page's share tile reads the fair share.
    doc.set("economics.discounts", [])
    doc.set("economics.list_price_per_unit", case_economics(case).fair_price_per_unit)
    assert doc.case is not None
    assert by_hand(doc.case, case_economics(case).fair_price_per_unit)["share"] == pytest.approx(
        case.economics.fair_share
    )
    assert tiles(page)["seller_share"] == percent(case.economics.fair_share)
    assert fair == pytest.approx(case_economics(case).fair_price_per_unit, abs=0.51)


@pytest.mark.parametrize("name", sample_case_names())
def test_every_chart_and_table_is_drawn(name: str) -> None:
    doc, page = open_page(name)
    case = doc.case
    assert case is not None
    for slot in (
        page.waterfall_chart,
        page.zopa_chart,
        page.split_chart,
        page.price_chart,
        page.npv_chart,
        page.monte_carlo_chart,
        page.tornado_chart,
    ):
        assert slot.figure is not None
        assert len(slot.figure.data) > 0
    margins = page.w_margins.value
    e = case_economics(case)
    # Written as the page writes numbers: a negative one with the true minus sign.
    assert f"{e.seller_profit_per_period:,.0f}".replace("-", "−") in margins
    assert f"{e.customer_net_benefit_per_period:,.0f}".replace("-", "−") in margins
    codes = e.flag_codes
    flags = page.w_flags.value
    assert ("nw-warn" in flags) == bool(codes)
    assert flags.count("<li>") == len(codes)
    assert page.w_note.value == ""
    assert page.w_errors.value == ""


@pytest.mark.parametrize("name", sample_case_names())
def test_the_alternatives_table_sets_like_with_like(name: str) -> None:
    doc, page = open_page(name)
    case = doc.case
    assert case is not None
    r = _rel(case)
    hand = by_hand(case, case_economics(case).pocket_price_per_unit)
    rows = table_rows(page.w_alternatives.value)
    per = f" per {case.period}"
    batna = next(k for k in rows if k.startswith("BATNA: best one-off"))
    as_npv = next(k for k in rows if k.startswith("BATNA as an NPV"))
    expected = {
        batna: (r.seller_batna_per_period, r.customer_batna_per_period),
        as_npv: (
            batna_npv_by_hand(r.seller_batna_per_period, r),
            batna_npv_by_hand(r.customer_batna_per_period, r),
        ),
        "BATR: best alternative relationship (NPV)": (r.seller_batr_npv, r.customer_batr_npv),
        "COLR: lost if the relationship ends after this deal (NPV)": (
            hand["seller_colr"],
            hand["customer_colr"],
        ),
        "Net COLR = COLR − BATR: lost beyond moving to the best other relationship (NPV)": (
            hand["seller_colr"] - r.seller_batr_npv,
            hand["customer_colr"] - r.customer_batr_npv,
        ),
        "NPV of this relationship at the current price": (
            hand["seller_npv"],
            hand["customer_npv"],
        ),
    }
    for label, (seller, customer) in expected.items():
        shown = rows[label]
        for cell, value in zip(shown, (seller, customer), strict=True):
            assert amount(cell.replace(per, "")) == pytest.approx(value, abs=0.51), label
            assert case.currency in cell
            # Only the per-period row says "per year"; every other row is an NPV.
            assert cell.endswith(per) == (label == batna), label
    assert f"per {case.period}" in batna


@pytest.mark.parametrize("name", sample_case_names())
def test_the_squeeze_verdict_is_said_in_words(name: str) -> None:
    doc, page = open_page(name)
    case = doc.case
    assert case is not None
    p = case_projection(case)
    sentence = squeeze_sentence(p, case.relationship, case.currency, case.unit)
    assert sentence is not None
    assert escape(sentence) in page.w_squeeze.value
    assert "nw-good" in page.w_squeeze.value  # the sample cases: the fair price pays most
    # The break-even, from the closed form of DESIGN §3 computed here:
    # Δ = J Σ q^t / (2 π* k Σ t q^(t-1)), q = k p_fair.
    r = _rel(case)
    fair = by_hand(case, case_economics(case).fair_price_per_unit)
    k = (1 + r.growth_rate) / (1 + r.discount_rate)
    q = k * r.retention_fair
    level = sum(q**t for t in range(r.repetitions))
    slope = sum(t * q ** (t - 1) for t in range(1, r.repetitions))
    drop = fair["joint"] * level / (2 * fair["profit"] * k * slope)
    shown = re.search(r"at least ([0-9.]+)% of the time", page.w_squeeze.value)
    assert shown is not None
    assert float(shown.group(1)) == pytest.approx(100 * (r.retention_fair - drop), abs=0.051)
    assert f"you assume {percent(r.retention_one_sided)}" in html.unescape(page.w_squeeze.value)


def test_when_squeezing_pays_the_page_says_so() -> None:
    doc, page = open_page("swiftfreight_helios")
    # As loyal after a one-sided deal as after a fair one: the ceiling pays the seller most.
    doc.set("relationship.retention_one_sided", doc.get("relationship.retention_fair"))
    assert doc.problems == []
    assert "nw-warn" in page.w_squeeze.value
    assert "So squeezing pays here" in page.w_squeeze.value
    notes = tile_notes(page)
    assert "squeezing pays" in notes["seller_optimal_price_per_unit"]
    assert doc.case is not None
    ceiling = case_economics(doc.case).zopa.ceiling_per_unit
    assert amount(tiles(page)["seller_optimal_price_per_unit"]) == pytest.approx(ceiling, abs=0.51)


@pytest.mark.parametrize("name", sample_case_names())
def test_the_price_curve_is_the_projection_at_each_price(name: str) -> None:
    doc, _ = open_page(name)
    case = doc.case
    assert case is not None
    result = compute(case, paths=100)
    curve = result.price_curve
    assert curve is not None
    assert result.economics is not None
    zone = result.economics.zopa
    assert curve.prices[0] == pytest.approx(zone.floor_per_unit)
    assert curve.prices[-1] == pytest.approx(zone.ceiling_per_unit)
    assert np.all(np.diff(curve.prices) > 0)
    for k in range(0, curve.prices.size, 7):
        hand = by_hand(case, float(curve.prices[k]))
        assert curve.seller_npv[k] == pytest.approx(hand["seller_npv"], rel=1e-9)
        assert curve.customer_npv[k] == pytest.approx(hand["customer_npv"], rel=1e-9)
    # The seller's best price on the curve is the one the projection names, and the chart
    # marks it.
    assert result.projection is not None
    assert result.projection.seller_optimal is not None
    best = float(curve.prices[int(np.argmax(curve.seller_npv))])
    assert best == pytest.approx(result.projection.seller_optimal.price_per_unit, rel=1e-6)


def test_there_is_no_price_curve_without_a_zopa() -> None:
    doc, page = open_page("pumpco_acme_foods")
    doc.set("economics.fixed_cost_per_period", 5_000_000)
    assert doc.problems == []
    assert page.results is not None
    assert page.results.price_curve is None
    assert page.price_chart.widget.layout.display == "none"
    assert "no zone of possible agreement" in page.w_squeeze.value
    assert doc.case is not None
    assert page.results.projection is not None
    assert page.results.assessment is not None
    assert price_curve(page.results.assessment) is None


@pytest.mark.parametrize("name", sample_case_names())
def test_the_two_uncertainty_views_are_reported_apart(name: str) -> None:
    doc, page = open_page(name)
    case = doc.case
    assert case is not None
    mc = case_monte_carlo(case, paths=MONTE_CARLO_PATHS, seed=MONTE_CARLO_SEED)
    table = page.w_uncertainty.value
    body = re.findall(r"<tr>(.*?)</tr>", table)[1:]
    assert len(body) == 4
    k = 0
    for view, question in (
        ("value_uncertainty", "Is the value real?"),
        ("length_uncertainty", "How long will it last?"),
    ):
        assert question in body[k]
        for party in ("seller", "customer"):
            dist = getattr(getattr(mc, party), view)
            cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", body[k])]
            numbers = cells[-4:]
            npv = np.asarray(dist.npv)
            for cell, q in zip(numbers[:3], (10, 50, 90), strict=True):
                assert amount(cell) == pytest.approx(float(np.percentile(npv, q)), abs=0.51)
            assert numbers[3] == percent(float(np.mean(npv > dist.batr_npv)))
            k += 1


def test_monte_carlo_is_small_and_seeded() -> None:
    doc, _, _ = load_document("case=pumpco_acme_foods", "pumpco_acme_foods")
    first, second = compute(doc.case), compute(doc.case)
    assert first.monte_carlo is not None
    assert second.monte_carlo is not None
    assert first.monte_carlo.paths == MONTE_CARLO_PATHS == 2000
    assert first.monte_carlo.seed == MONTE_CARLO_SEED
    for view in ("value_uncertainty", "length_uncertainty"):
        a = getattr(first.monte_carlo.seller, view)
        b = getattr(second.monte_carlo.seller, view)
        assert a.p50 == b.p50


# --------------------------------------------------------------------------- what changed


def _dismiss(page: TransparentEconomicsWorksheet) -> None:
    (button,) = [
        w for w in walk(page.widget) if isinstance(w, widgets.Button) and w.description == "Got it"
    ]
    button.click()


def test_the_page_says_once_that_the_share_and_the_fair_price_changed_meaning() -> None:
    doc, page = open_page("pumpco_acme_foods")
    assert escape(MEANING_NOTE) in "".join(html_values(page))
    assert page.w_meaning.layout.display is None
    _dismiss(page)
    assert page.w_meaning.layout.display == "none"
    doc.set("economics.volume_per_period", 41)
    assert page.w_meaning.layout.display == "none"  # dismissed for this page session
    _, again = open_page("pumpco_acme_foods")
    assert again.w_meaning.layout.display is None  # a new page session says it again


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
    assert tiles(page)["joint_gain_per_period"] != shown["joint_gain_per_period"]


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
    "npv_by_price",
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
    for part in ("economics", "projection", "monte_carlo", "sensitivity", "price_curve"):
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
    for slot in (
        page.split_chart,
        page.price_chart,
        page.npv_chart,
        page.monte_carlo_chart,
        page.tornado_chart,
    ):
        assert slot.figure is not None
        assert "PumpCo Group" in slot.figure.to_json()
    for shown in (page.w_alternatives, page.w_tiles, page.w_uncertainty):
        assert "PumpCo Group" in shown.value


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
    assert page.w_squeeze.value == ""
    assert page.w_uncertainty.value == ""
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
    doc.set("currency", "<s>EUR")  # not a currency code: refused, never printed
    assert [p.path for p in doc.problems] == ["currency"]
    doc.set("currency", "EUR")
    doc.set("period", "<i>year")
    assert doc.problems == []
    values = html_values(page)
    for value in values:
        assert "<img" not in value.lower()
        assert "<s>" not in value
        assert "<i>" not in value
    assert "&lt;i&gt;year" in page.w_alternatives.value
    assert "&lt;i&gt;year" in page.w_margins.value
    escaped = html.escape(PAYLOAD)
    assert escaped in page.w_flags.value
    assert escaped in page.w_alternatives.value
    assert escaped in page.w_uncertainty.value
    assert escaped in page.w_tiles.value
    assert escaped in page.w_header.value
    for slot in (page.price_chart, page.monte_carlo_chart, page.tornado_chart):
        assert slot.figure is not None
        assert "<img" not in json.dumps(json.loads(slot.figure.to_json()), ensure_ascii=False)
