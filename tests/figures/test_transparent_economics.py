"""Transparent-economics figures: waterfall, ZOPA, value split, NPV curves, fan, tornado."""

from __future__ import annotations

import json

import numpy as np
import pytest
from numpy.testing import assert_allclose

from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain.case import Case, Discount, Economics, Relationship, Value
from negotiation_lib.domain.economics import EconomicsResult, assess_economics, case_economics
from negotiation_lib.domain.montecarlo import MonteCarloResult, case_monte_carlo
from negotiation_lib.domain.projection import case_projection
from negotiation_lib.domain.sensitivity import case_sensitivity
from negotiation_lib.figures import style
from negotiation_lib.figures.transparent_economics import (
    monte_carlo_bands,
    npv_curves,
    price_waterfall,
    tornado,
    value_split,
    zopa_band,
)
from negotiation_lib.formatting import money, percent
from tests.figures import (
    MALICIOUS,
    assert_no_markup_injection,
    title_text,
    trace,
    traces_of_type,
)

PATHS = 400


@pytest.fixture(params=sample_case_names())
def case(request: pytest.FixtureRequest) -> Case:
    return load_sample_case(request.param)


@pytest.fixture
def economics(case: Case) -> EconomicsResult:
    return case_economics(case)


def _sections(case: Case) -> tuple[Economics, Value, Relationship]:
    assert case.economics is not None
    assert case.value is not None
    assert case.relationship is not None
    return case.economics, case.value, case.relationship


def _malicious_case(case: Case) -> Case:
    """The sample case with both parties and a discount named by an attacker."""
    economics, _, _ = _sections(case)
    discount = Discount(name=MALICIOUS, kind="per_unit", amount=1, principle="none")
    return case.model_copy(
        update={
            "seller": MALICIOUS,
            "customer": MALICIOUS,
            "economics": economics.model_copy(
                update={"discounts": (*economics.discounts, discount)}
            ),
        }
    )


# --------------------------------------------------------------------------- price waterfall


def test_price_waterfall_ends_at_the_pocket_price(case: Case, economics: EconomicsResult) -> None:
    fig = price_waterfall(economics, currency=case.currency, unit=case.unit)
    (bars,) = traces_of_type(fig, "waterfall")
    measure, y = list(bars.measure), list(bars.y)
    assert len(measure) == len(economics.waterfall)
    assert measure[0] == "absolute"
    assert measure[-1] == "total"
    assert_allclose(y[-1], economics.pocket_price_per_unit)
    assert_allclose(sum(v for m, v in zip(measure, y, strict=True) if m != "total"), y[-1])
    invoice = measure.index("total")
    assert_allclose(y[invoice], economics.invoice_price_per_unit)
    assert_allclose(sum(y[:invoice]), economics.invoice_price_per_unit)


def test_price_waterfall_keeps_the_discounts_in_view(
    case: Case, economics: EconomicsResult
) -> None:
    fig = price_waterfall(economics, currency=case.currency, unit=case.unit)
    low, high = fig.layout.yaxis.range
    assert low <= economics.pocket_price_per_unit
    assert high > economics.list_price_per_unit
    assert low >= 0


def test_price_waterfall_flags_questionable_discounts(
    case: Case, economics: EconomicsResult
) -> None:
    fig = price_waterfall(economics, currency=case.currency, unit=case.unit)
    (bars,) = traces_of_type(fig, "waterfall")
    flagged = {f.discount for f in economics.flags if f.discount is not None}
    for step, text in zip(economics.waterfall, bars.text, strict=True):
        assert ("⚠" in text) == (step.name in flagged), step.name
    assert money(
        economics.list_price_per_unit - economics.pocket_price_per_unit, case.currency, 2, trim=True
    ) in title_text(fig)


def test_price_waterfall_shows_an_explicit_price(case: Case) -> None:
    economics, value, relationship = _sections(case)
    result = assess_economics(
        economics, value, relationship, pocket_price_per_unit=economics.list_price_per_unit / 2
    )
    fig = price_waterfall(result, currency=case.currency, unit=case.unit)
    line = trace(fig, "Price evaluated")
    assert_allclose(list(line.y), [result.pocket_price_per_unit] * 2)
    assert fig.layout.yaxis.range[0] <= result.pocket_price_per_unit


# --------------------------------------------------------------------------- ZOPA


def test_zopa_band_spans_floor_to_ceiling(case: Case, economics: EconomicsResult) -> None:
    fig = zopa_band(economics, currency=case.currency, unit=case.unit)
    band = trace(fig, "ZOPA")
    assert_allclose(min(band.x), economics.zopa.floor_per_unit)
    assert_allclose(max(band.x), economics.zopa.ceiling_per_unit)
    assert "Zone of possible agreement" in title_text(fig)


def test_zopa_band_marks_the_prices(case: Case, economics: EconomicsResult) -> None:
    fig = zopa_band(economics, currency=case.currency, unit=case.unit)
    economics_in, _, _ = _sections(case)
    for name, price in (
        ("Pocket price", economics.pocket_price_per_unit),
        ("Fair price", economics.fair_price_per_unit),
        ("EVE", economics.eve_per_unit),
        ("Variable cost", economics_in.variable_cost_per_unit),
        ("List price", economics.list_price_per_unit),
    ):
        marker = trace(fig, name)
        assert_allclose(marker.x[0], price, atol=1e-9)
        assert money(price, case.currency, 2, trim=True) in marker.text[0]
        low, high = fig.layout.xaxis.range
        assert low < price < high


def test_zopa_band_says_so_when_there_is_no_zopa(case: Case) -> None:
    economics, value, relationship = _sections(case)
    # A fixed cost above all the value the customer sees leaves no price for both sides.
    costly = economics.model_copy(
        update={
            "fixed_cost_per_period": 2 * economics.volume_per_period * economics.list_price_per_unit
        }
    )
    result = assess_economics(costly, value, relationship)
    assert not result.zopa.exists
    fig = zopa_band(result, currency=case.currency, unit=case.unit)
    assert "No zone of possible agreement" in title_text(fig)
    gap = trace(fig, "no ZOPA")
    assert_allclose(min(gap.x), result.zopa.ceiling_per_unit)
    assert_allclose(max(gap.x), result.zopa.floor_per_unit)


# --------------------------------------------------------------------------- value split


def test_value_split_bars_add_up_to_the_value_created(
    case: Case, economics: EconomicsResult
) -> None:
    fig = value_split(
        economics,
        seller=case.seller,
        customer=case.customer,
        currency=case.currency,
        period=case.period,
    )
    seller_bar = trace(fig, f"{style.safe(case.seller)}: profit")
    customer_bar = trace(fig, f"{style.safe(case.customer)}: net benefit")
    assert_allclose(seller_bar.x[0], economics.seller_profit_per_period)
    assert_allclose(customer_bar.x[0], economics.customer_net_benefit_per_period)
    assert_allclose(seller_bar.x[0] + customer_bar.x[0], economics.value_created_per_period)
    assert_allclose(trace(fig, "Value created").x[0], economics.value_created_per_period)
    assert economics.seller_share is not None
    assert percent(economics.seller_share) in title_text(fig)


def test_value_split_marks_the_fair_share(case: Case, economics: EconomicsResult) -> None:
    fig = value_split(
        economics,
        seller=case.seller,
        customer=case.customer,
        currency=case.currency,
        period=case.period,
    )
    (fair,) = [s for s in fig.layout.shapes if s.name and "Fair share" in s.name]
    assert_allclose(fair.x0, economics.fair_share * economics.value_created_per_period)
    unfair = {"seller_captures_more_than_worth", "customer_captures_more_than_worth"}
    verdict = "outside" if unfair & set(economics.flag_codes) else "within"
    assert f"{verdict} the fair range" in title_text(fig)


def test_value_split_when_no_value_is_created(case: Case) -> None:
    economics, value, relationship = _sections(case)
    costly = economics.model_copy(
        update={"variable_cost_per_unit": 3 * economics.list_price_per_unit}
    )
    result = assess_economics(costly, value, relationship)
    assert result.seller_share is None
    fig = value_split(result, seller="S", customer="C", currency="EUR", period="year")
    assert "creates no value" in title_text(fig)
    assert not fig.layout.shapes
    fig.to_json()


# --------------------------------------------------------------------------- NPV curves


def test_npv_curves_carry_both_scenarios_for_both_parties(case: Case) -> None:
    projection = case_projection(case)
    fig = npv_curves(projection, seller=case.seller, customer=case.customer, currency=case.currency)
    trust, cpt = projection.scenarios.trust, projection.scenarios.cpt
    for party, fair, tough in (
        (case.seller, trust.seller, cpt.seller),
        (case.customer, trust.customer, cpt.customer),
    ):
        name = style.safe(party)
        assert_allclose(trace(fig, f"{name}, fair deal").y, fair.cumulative_npv)
        assert_allclose(trace(fig, f"{name}, tough deal").y, tough.cumulative_npv)
        assert list(trace(fig, f"{name}, fair deal").x) == fair.repetition.tolist()


def test_npv_curves_annotate_the_crossover(case: Case) -> None:
    projection = case_projection(case)
    crossover = projection.crossover_repetition
    assert crossover is not None
    fig = npv_curves(projection, seller=case.seller, customer=case.customer, currency=case.currency)
    (note,) = [a for a in fig.layout.annotations if "Crossover" in (a.text or "")]
    assert f"repetition {crossover}" in note.text
    assert note.x == crossover
    assert_allclose(note.y, projection.scenarios.trust.seller.cumulative_npv[crossover])
    assert fig.layout.xaxis.range[1] >= crossover


def test_npv_curves_say_when_the_fair_deal_does_not_overtake(case: Case) -> None:
    _, _, relationship = _sections(case)
    # Fairness no longer lengthens the relationship: the tough price then wins throughout.
    flat = relationship.model_copy(update={"retention_one_sided": relationship.retention_fair})
    projection = case_projection(case.model_copy(update={"relationship": flat}))
    assert projection.crossover_repetition is None
    fig = npv_curves(projection, seller=case.seller, customer=case.customer, currency=case.currency)
    texts = " ".join(a.text or "" for a in fig.layout.annotations)
    assert "does not overtake" in texts
    assert "Crossover at" not in texts


# --------------------------------------------------------------------------- Monte Carlo


@pytest.fixture
def simulation(case: Case) -> MonteCarloResult:
    return case_monte_carlo(case, paths=PATHS, seed=1)


def test_monte_carlo_bands_run_from_p10_to_p90(case: Case, simulation: MonteCarloResult) -> None:
    fig = monte_carlo_bands(
        simulation, seller=case.seller, customer=case.customer, currency=case.currency
    )
    for party, dist in ((case.seller, simulation.seller), (case.customer, simulation.customer)):
        name = style.safe(party)
        band = trace(fig, f"{name}: P10–P90")
        n = dist.cumulative_p50.size
        assert_allclose(band.y[:n], dist.cumulative_p90)
        assert_allclose(band.y[n:], dist.cumulative_p10[::-1])
        assert_allclose(trace(fig, f"{name}: median").y, dist.cumulative_p50)
        assert percent(dist.probability_beats_batr) in " ".join(
            a.text or "" for a in fig.layout.annotations
        )


def test_monte_carlo_bands_mark_each_batr(case: Case, simulation: MonteCarloResult) -> None:
    fig = monte_carlo_bands(
        simulation, seller=case.seller, customer=case.customer, currency=case.currency
    )
    lines = sorted(s.y0 for s in fig.layout.shapes)
    assert_allclose(lines, sorted([simulation.seller.batr_npv, simulation.customer.batr_npv]))


# --------------------------------------------------------------------------- tornado


def test_tornado_has_one_bar_pair_per_row_and_party(case: Case) -> None:
    result = case_sensitivity(case)
    fig = tornado(result, seller=case.seller, customer=case.customer, currency=case.currency)
    bars = traces_of_type(fig, "bar")
    assert len(bars) == 4
    rows = result.rows
    for party, base, low, high in (
        (case.seller, result.base_seller_npv, "seller_npv_low", "seller_npv_high"),
        (case.customer, result.base_customer_npv, "customer_npv_low", "customer_npv_high"),
    ):
        name = style.safe(party)
        for label, field in (("lower", low), ("higher", high)):
            bar = trace(fig, f"{name}: input {percent(result.change)} {label}")
            assert len(bar.x) == len(rows)
            assert_allclose(bar.base, [base] * len(rows))
            assert_allclose(
                np.asarray(bar.base) + np.asarray(bar.x), [getattr(r, field) for r in rows]
            )
    assert list(fig.layout.yaxis.ticktext) == [style.safe(r.label) for r in rows]


def test_tornado_puts_the_largest_swing_on_top(case: Case) -> None:
    result = case_sensitivity(case)
    fig = tornado(result, seller=case.seller, customer=case.customer, currency=case.currency)
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(fig.layout.yaxis.tickvals) == list(range(len(result.rows)))
    swings = [r.swing for r in result.rows]
    assert swings == sorted(swings, reverse=True)


# --------------------------------------------------------------------------- all figures


def test_every_economics_figure_serializes_and_escapes_names(case: Case) -> None:
    bad = _malicious_case(case)
    economics = case_economics(bad)
    names = {"seller": bad.seller, "customer": bad.customer, "currency": bad.currency}
    figures = {
        "price_waterfall": price_waterfall(economics, currency=bad.currency, unit=bad.unit),
        "zopa_band": zopa_band(economics, currency=bad.currency, unit=bad.unit),
        "value_split": value_split(economics, period=bad.period, **names),
        "npv_curves": npv_curves(case_projection(bad), **names),
        "monte_carlo_bands": monte_carlo_bands(case_monte_carlo(bad, paths=PATHS), **names),
        "tornado": tornado(case_sensitivity(bad), **names),
    }
    for name, fig in figures.items():
        data = json.loads(fig.to_json())
        assert data["data"], name
        assert data["layout"]["title"]["text"], name
        if name != "zopa_band":  # the ZOPA chart names neither a party nor a discount
            assert_no_markup_injection(fig)


def test_currency_and_unit_are_escaped(case: Case) -> None:
    economics = case_economics(case)
    for fig in (
        price_waterfall(economics, currency=MALICIOUS, unit=MALICIOUS),
        zopa_band(economics, currency=MALICIOUS, unit=MALICIOUS),
    ):
        assert_no_markup_injection(fig)
