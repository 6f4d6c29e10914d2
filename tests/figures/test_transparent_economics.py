"""Transparent-economics figures: waterfall, ZOPA, value split, NPVs by price and over time,
the two uncertainty views and the tornado."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest
from numpy.testing import assert_allclose

from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain.case import Case, Discount, Economics, Relationship, Value
from negotiation_lib.domain.economics import EconomicsResult, assess_economics, case_economics
from negotiation_lib.domain.montecarlo import MonteCarloResult, PartyDistribution, case_monte_carlo
from negotiation_lib.domain.projection import ProjectionResult, case_projection
from negotiation_lib.domain.sensitivity import case_sensitivity
from negotiation_lib.figures import style
from negotiation_lib.figures.transparent_economics import (
    monte_carlo_bands,
    npv_by_price,
    npv_curves,
    price_waterfall,
    tornado,
    value_split,
    zopa_band,
)
from negotiation_lib.formatting import money, percent, price_decimals
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
    # Prices as the worksheet's tiles write them: the case's decimals for prices.
    cents = price_decimals(economics.fair_price_per_unit)
    assert money(
        economics.list_price_per_unit - economics.pocket_price_per_unit, case.currency, cents
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
        ("EVE, evidence-weighted", economics.eve_expected_per_unit),
        ("EVE if every claim holds", economics.eve_per_unit),
        ("Variable cost", economics_in.variable_cost_per_unit),
        ("List price", economics.list_price_per_unit),
    ):
        marker = trace(fig, name)
        assert_allclose(marker.x[0], price, atol=1e-9)
        cents = price_decimals(economics.fair_price_per_unit)  # as the tiles write prices
        assert money(price, case.currency, cents) in marker.text[0]
        low, high = fig.layout.xaxis.range
        assert low < price < high


def test_zopa_band_rests_the_ceiling_on_the_evidence_weighted_eve(case: Case) -> None:
    economics, value, relationship = _sections(case)
    result = assess_economics(economics, value, relationship)
    # E = reference + sum(confidence * value), computed here from the case.
    expected = value.reference.price_per_unit + sum(
        d.confidence * d.value_per_unit for d in value.drivers
    )
    assert_allclose(trace(zopa_band(result, currency="EUR", unit="u"), "evidence").x[0], expected)
    cents = price_decimals(result.fair_price_per_unit)  # as the tiles write prices
    assert money(expected, "EUR", cents) in title_text(zopa_band(result, currency="EUR", unit="u"))


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


def _split(case: Case, result: EconomicsResult) -> go.Figure:
    return value_split(
        result,
        seller=case.seller,
        customer=case.customer,
        currency=case.currency,
        period=case.period,
    )


def _by_hand(case: Case, price: float) -> tuple[float, float, float, float]:
    """Seller profit, customer net benefit and both BATNAs per period, from the case."""
    economics, value, relationship = _sections(case)
    expected = value.reference.price_per_unit + sum(
        d.confidence * d.value_per_unit for d in value.drivers
    )
    volume = economics.volume_per_period
    profit = volume * (price - economics.variable_cost_per_unit) - economics.fixed_cost_per_period
    benefit = volume * (expected - price) - economics.customer_cost_per_period
    return (
        profit,
        benefit,
        relationship.seller_batna_per_period,
        relationship.customer_batna_per_period,
    )


def test_value_split_lays_the_batnas_and_the_gains_end_to_end(
    case: Case, economics: EconomicsResult
) -> None:
    fig = _split(case, economics)
    s, c = style.safe(case.seller), style.safe(case.customer)
    profit, benefit, seller_batna, customer_batna = _by_hand(case, economics.pocket_price_per_unit)
    expected = (
        (f"{s}: its BATNA", 0.0, seller_batna),
        (f"{s}: gain over its BATNA", seller_batna, profit - seller_batna),
        (f"{c}: gain over its BATNA", profit, benefit - customer_batna),
        (f"{c}: its BATNA", profit + benefit - customer_batna, customer_batna),
    )
    for name, base, length in expected:
        bar = trace(fig, name)
        assert_allclose(bar.base[0], base, atol=1e-6)
        assert_allclose(bar.x[0], length, atol=1e-6)
    assert_allclose(trace(fig, "Value created").x[0], profit + benefit, atol=1e-6)
    share = (profit - seller_batna) / (profit - seller_batna + benefit - customer_batna)
    assert f"{s} {percent(share)}" in title_text(fig)
    assert "gain over both BATNAs" in title_text(fig)


def test_at_the_fair_price_the_split_is_the_fair_share(case: Case) -> None:
    economics, value, relationship = _sections(case)
    # The fair price by hand (DESIGN §3): floor + fair share of the zone, BATNAs included.
    volume = economics.volume_per_period
    expected = value.reference.price_per_unit + sum(
        d.confidence * d.value_per_unit for d in value.drivers
    )
    floor = (
        economics.variable_cost_per_unit
        + (economics.fixed_cost_per_period + relationship.seller_batna_per_period) / volume
    )
    ceiling = (
        expected
        - (economics.customer_cost_per_period + relationship.customer_batna_per_period) / volume
    )
    fair = floor + economics.fair_share * (ceiling - floor)
    profit, benefit, seller_batna, customer_batna = _by_hand(case, fair)
    gain = profit - seller_batna
    assert_allclose(gain / (gain + benefit - customer_batna), economics.fair_share)
    result = assess_economics(economics, value, relationship, pocket_price_per_unit=fair)
    fig = _split(case, result)
    s, c = style.safe(case.seller), style.safe(case.customer)
    share = economics.fair_share
    assert f"{s} {percent(share)}, {c} {percent(1 - share)}" in title_text(fig)
    (line,) = [shape for shape in fig.layout.shapes if shape.name and "Fair share" in shape.name]
    # The dashed line and the end of the seller's gain fall on the same point.
    assert_allclose(line.x0, seller_batna + gain, rtol=1e-9)


def test_value_split_marks_the_fair_share(case: Case, economics: EconomicsResult) -> None:
    fig = _split(case, economics)
    _, _, seller_batna, _ = _by_hand(case, economics.pocket_price_per_unit)
    (fair,) = [s for s in fig.layout.shapes if s.name and "Fair share" in s.name]
    assert_allclose(fair.x0, seller_batna + economics.fair_share * economics.joint_gain_per_period)
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
    assert "no gain over both BATNAs" in title_text(fig)
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


# --------------------------------------------------------------------------- NPV by price


def _brute_npvs(case: Case, price: float) -> tuple[float, float]:
    """Both NPVs at a price, repetition by repetition (DESIGN §3), independent of the library."""
    economics, _, relationship = _sections(case)
    profit, benefit, seller_batna, customer_batna = _by_hand(case, price)
    joint = profit - seller_batna + benefit - customer_batna
    share = (profit - seller_batna) / joint
    gap = min(1.0, abs(share - economics.fair_share) / 0.5)
    p_fair, p_one = relationship.retention_fair, relationship.retention_one_sided
    p = p_fair + gap * (p_one - p_fair)
    g, d = relationship.growth_rate, relationship.discount_rate
    weight = sum(p**t * ((1 + g) / (1 + d)) ** t for t in range(relationship.repetitions))
    return (
        profit * weight - economics.seller_one_time_cost,
        benefit * weight - economics.customer_one_time_cost,
    )


def _curve(case: Case, projection: ProjectionResult) -> tuple[np.ndarray, ...]:
    economics = case_economics(case)
    prices = np.linspace(economics.zopa.floor_per_unit, economics.zopa.ceiling_per_unit, 11)
    npvs = np.array([_brute_npvs(case, float(x)) for x in prices])
    return prices, npvs[:, 0], npvs[:, 1]


def _by_price(case: Case, projection: ProjectionResult) -> go.Figure:
    prices, seller, customer = _curve(case, projection)
    return npv_by_price(
        prices,
        seller,
        customer,
        projection,
        seller=case.seller,
        customer=case.customer,
        currency=case.currency,
        unit=case.unit,
    )


def test_npv_by_price_draws_both_curves_as_given(case: Case) -> None:
    projection = case_projection(case)
    prices, seller, customer = _curve(case, projection)
    fig = _by_price(case, projection)
    for role, name, values in (
        ("Seller", case.seller, seller),
        ("Customer", case.customer, customer),
    ):
        line = trace(fig, f"{role}'s NPV ({style.safe(name)})")  # the role and the name
        assert_allclose(line.x, prices)
        assert_allclose(line.y, values)
    assert f"Pocket price ({case.currency} per {case.unit})" == fig.layout.xaxis.title.text
    assert case.currency in fig.layout.yaxis.title.text


def test_npv_by_price_marks_the_fair_price_and_the_current_one(case: Case) -> None:
    projection = case_projection(case)
    fig = _by_price(case, projection)
    fair = projection.scenarios.trust
    mark = trace(fig, "Fair price")
    assert_allclose(mark.x, [fair.pocket_price_per_unit] * 2)
    # The marked NPVs are the fair deal's, recomputed here repetition by repetition.
    assert_allclose(mark.y, _brute_npvs(case, fair.pocket_price_per_unit), rtol=1e-9)
    now = trace(fig, "Pocket price now")
    assert_allclose(now.x, [projection.pocket_price_per_unit] * 2)
    assert_allclose(now.y, [projection.seller_npv, projection.customer_npv])
    low, high = fig.layout.xaxis.range
    assert low < min(fair.pocket_price_per_unit, projection.pocket_price_per_unit)
    assert high > max(fair.pocket_price_per_unit, projection.pocket_price_per_unit)
    assert {s.x0 for s in fig.layout.shapes} >= {
        fair.pocket_price_per_unit,
        projection.pocket_price_per_unit,
    }


def test_when_the_fair_price_pays_most_one_mark_says_both(case: Case) -> None:
    projection = case_projection(case)
    fair = projection.scenarios.trust
    # Brute force on a fine grid of the ZOPA: no price above the fair one pays the seller more.
    economics = case_economics(case)
    grid = np.linspace(fair.pocket_price_per_unit, economics.zopa.ceiling_per_unit, 400)
    best_above = max(_brute_npvs(case, float(x))[0] for x in grid[1:])
    assert best_above < fair.seller_npv
    fig = _by_price(case, projection)
    mark = trace(fig, "Fair price")
    assert "best price for" in mark.name
    assert not [t for t in fig.data if t.name and t.name.startswith("Best price for")]


def test_when_squeezing_pays_the_best_price_has_its_own_mark(case: Case) -> None:
    _, _, relationship = _sections(case)
    # A customer as loyal after a one-sided deal as after a fair one: squeezing pays.
    loyal = relationship.model_copy(update={"retention_one_sided": relationship.retention_fair})
    squeezed = case.model_copy(update={"relationship": loyal})
    projection = case_projection(squeezed)
    optimal = projection.seller_optimal
    assert optimal is not None
    fig = _by_price(squeezed, projection)
    best = trace(fig, "Best price for")
    assert_allclose(best.x, [optimal.price_per_unit] * 2)
    fair = projection.scenarios.trust.pocket_price_per_unit
    assert optimal.price_per_unit > fair
    assert best.y[0] > _brute_npvs(squeezed, fair)[0]
    assert "best price for" not in trace(fig, "Fair price").name


# --------------------------------------------------------------------------- Monte Carlo


@pytest.fixture
def simulation(case: Case) -> MonteCarloResult:
    return case_monte_carlo(case, paths=PATHS, seed=1)


def _views(simulation: MonteCarloResult) -> list[tuple[str, str, PartyDistribution]]:
    return [
        (view, party, getattr(getattr(simulation, party), view))
        for view in ("value_uncertainty", "length_uncertainty")
        for party in ("seller", "customer")
    ]


def test_monte_carlo_shows_both_views_apart(case: Case, simulation: MonteCarloResult) -> None:
    fig = monte_carlo_bands(
        simulation, seller=case.seller, customer=case.customer, currency=case.currency
    )
    names = {"seller": style.safe(case.seller), "customer": style.safe(case.customer)}
    views = {"value_uncertainty": "value uncertainty", "length_uncertainty": "relationship length"}
    for view, party, dist in _views(simulation):
        prefix = f"{names[party]}, {views[view]}"
        band = trace(fig, f"{prefix}: P10–P90")
        n = dist.cumulative_p50.size
        assert_allclose(band.y[:n], dist.cumulative_p90)
        assert_allclose(band.y[n:], dist.cumulative_p10[::-1])
        median = trace(fig, f"{prefix}: median")
        assert_allclose(median.y, dist.cumulative_p50)
        assert median.xaxis == band.xaxis
    # Four panels: each view's seller and customer side by side; each party's two views are
    # read on one scale (the lower panel's y axis follows the upper one's).
    assert len({t.xaxis for t in fig.data}) == 4
    assert (fig.layout.yaxis3.matches, fig.layout.yaxis4.matches) == ("y", "y2")


def test_each_panel_gives_the_percentiles_and_the_chance_of_beating_the_batr(
    case: Case, simulation: MonteCarloResult
) -> None:
    fig = monte_carlo_bands(
        simulation, seller=case.seller, customer=case.customer, currency=case.currency
    )
    titles = [a.text for a in fig.layout.annotations if a.text and "beats its BATR" in a.text]
    assert len(titles) == 4
    for (view, _, dist), title in zip(_views(simulation), titles, strict=True):
        assert ("Value uncertainty" if view == "value_uncertainty" else "Relationship length") in (
            title
        )
        # The share of outcomes above the BATR, counted here.
        npv = np.asarray(dist.npv)
        assert percent(float(np.mean(npv > dist.batr_npv))) in title
        for q in (10, 50, 90):
            assert money(float(np.percentile(npv, q)), case.currency) in title
    subtitle = title_text(fig)
    assert "is the value real?" in subtitle
    assert "how long will it last?" in subtitle


def test_monte_carlo_marks_each_batr(case: Case, simulation: MonteCarloResult) -> None:
    fig = monte_carlo_bands(
        simulation, seller=case.seller, customer=case.customer, currency=case.currency
    )
    lines = sorted(s.y0 for s in fig.layout.shapes)
    assert_allclose(lines, sorted([simulation.seller.batr_npv, simulation.customer.batr_npv] * 2))
    for axis in ("yaxis", "yaxis3"):
        assert case.currency in fig.layout[axis].title.text


# --------------------------------------------------------------------------- tornado


def _tornado(case: Case) -> go.Figure:
    return tornado(
        case_sensitivity(case),
        seller=case.seller,
        customer=case.customer,
        currency=case.currency,
        unit=case.unit,
        period=case.period,
    )


def test_tornado_has_one_bar_pair_per_row_and_party(case: Case) -> None:
    result = case_sensitivity(case)
    fig = _tornado(case)
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
            assert all(case.currency in text for text in bar.hovertext)


def test_tornado_covers_every_input_with_readable_labels(case: Case) -> None:
    economics, _, _ = _sections(case)
    result = case_sensitivity(case)
    fig = _tornado(case)
    ticks = list(fig.layout.yaxis.ticktext)
    # Eighteen inputs, plus one row per discount.
    assert len(ticks) == len(result.rows) == 18 + len(economics.discounts)
    text = " ".join(ticks).replace("<br>", " ")  # long labels wrap on two lines
    for discount in economics.discounts:
        assert style.safe(discount.name) in text
    churn = [t for t in ticks if "Retention" in t]
    assert len(churn) == 2
    assert all("churn" in t for t in churn)
    assert "_" not in text.replace("&#39;", "")  # no raw codes such as retention_fair
    # The figure grows with the rows: about 30 pixels each.
    assert fig.layout.height >= 30 * len(result.rows)


def test_tornado_says_why_a_row_has_no_swing(case: Case) -> None:
    _, _, relationship = _sections(case)
    # No seller BATR at all: its row is listed, at zero, with no swing; the customer has one.
    batrs = {"seller_batr_npv": 0.0, "customer_batr_npv": 50_000.0}
    quiet = case.model_copy(update={"relationship": relationship.model_copy(update=batrs)})
    result = case_sensitivity(quiet)
    fig = _tornado(quiet)
    ticks = dict(zip([r.path for r in result.rows], fig.layout.yaxis.ticktext, strict=True))
    assert "at 0: no swing" in ticks["relationship.seller_batr_npv"]
    # A BATR moves only the net COLR, never the NPV.
    assert "moves only the net COLR" in ticks["relationship.customer_batr_npv"]


def test_tornado_puts_the_largest_swing_on_top(case: Case) -> None:
    result = case_sensitivity(case)
    fig = _tornado(case)
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(fig.layout.yaxis.tickvals) == list(range(len(result.rows)))
    swings = [
        abs(r.seller_npv_high - r.seller_npv_low) + abs(r.customer_npv_high - r.customer_npv_low)
        for r in result.rows
    ]
    assert swings == sorted(swings, reverse=True)


def test_a_retention_bar_moves_the_churn_by_a_fifth(case: Case) -> None:
    _, _, relationship = _sections(case)
    result = case_sensitivity(case)
    (row,) = [r for r in result.rows if r.path == "relationship.retention_fair"]
    churn = 1 - relationship.retention_fair
    fig = _tornado(case)
    low = trace(fig, f"{style.safe(case.seller)}: input {percent(result.change)} lower")
    k = [r.path for r in result.rows].index("relationship.retention_fair")
    # Lower retention = 20% more churn, written as the retention and its churn.
    assert percent(1 - churn * 1.2, 1) in low.hovertext[k]
    assert percent(churn * 1.2, 1) in low.hovertext[k]
    assert_allclose(row.low_value, 1 - churn * 1.2)


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
        "npv_by_price": npv_by_price(
            [1.0, 2.0], [3.0, 4.0], [5.0, 6.0], case_projection(bad), unit=bad.unit, **names
        ),
        "monte_carlo_bands": monte_carlo_bands(case_monte_carlo(bad, paths=PATHS), **names),
        "tornado": tornado(case_sensitivity(bad), unit=bad.unit, period=bad.period, **names),
    }
    for name, fig in figures.items():
        data = json.loads(fig.to_json())
        assert data["data"], name
        assert data["layout"]["title"]["text"], name
        if name != "zopa_band":  # the ZOPA chart names neither a party nor a discount
            assert_no_markup_injection(fig)


def test_currency_and_unit_are_escaped(case: Case) -> None:
    economics = case_economics(case)
    projection = case_projection(case)
    names = {"seller": "S", "customer": "C", "currency": MALICIOUS}
    for fig in (
        price_waterfall(economics, currency=MALICIOUS, unit=MALICIOUS),
        zopa_band(economics, currency=MALICIOUS, unit=MALICIOUS),
        value_split(economics, period=MALICIOUS, **names),
        npv_by_price([1.0], [2.0], [3.0], projection, unit=MALICIOUS, **names),
        tornado(case_sensitivity(case), unit=MALICIOUS, period=MALICIOUS, **names),
    ):
        assert_no_markup_injection(fig)
