"""Monte Carlo: seeded, vectorized, and honest against the deterministic projection."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from negotiation_lib.domain.case import (
    Case,
    Driver,
    Economics,
    Reference,
    Relationship,
    Value,
)
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.montecarlo import (
    case_monte_carlo,
    draw_driver_values,
    relationship_lengths,
    simulate_relationship,
)
from negotiation_lib.domain.projection import growth_discount_factors, project_relationship
from tests.strategies import economics_sections, relationship_sections, value_sections


def _case(confidence: float = 0.8) -> tuple[Economics, Value, Relationship]:
    economics = Economics(
        volume_per_period=40,
        list_price_per_unit=11500,
        variable_cost_per_unit=7000,
        fixed_cost_per_period=60000,
        seller_one_time_cost=20000,
        customer_cost_per_period=5000,
        customer_one_time_cost=15000,
    )
    value = Value(
        reference=Reference(name="Competitor pump", price_per_unit=10000),
        drivers=(
            Driver(name="Energy savings", value_per_unit=2500, confidence=confidence),
            Driver(name="Longer lead time", value_per_unit=-300, confidence=confidence),
        ),
    )
    relationship = Relationship(seller_batr_npv=500000, customer_batr_npv=20000)
    return economics, value, relationship


# --------------------------------------------------------------------------- honesty


def test_with_full_confidence_the_mean_npv_is_the_deterministic_npv() -> None:
    # Only the relationship's length is random; E[W_L] = sum of p^t w_t, so the sample mean
    # must lie within a few standard errors of the projection (fixed seed, 4 SE).
    economics, value, relationship = _case(confidence=1.0)
    mc = simulate_relationship(economics, value, relationship, paths=20000, seed=11)
    det = project_relationship(economics, value, relationship)
    assert mc.seller.standard_error > 0
    assert abs(mc.seller.mean - det.seller_npv) <= 4 * mc.seller.standard_error
    assert abs(mc.customer.mean - det.customer_npv) <= 4 * mc.customer.standard_error
    assert np.all(mc.retention == det.retention)


def _exact_standard_error(relationship: Relationship, retention: float, paths: int) -> float:
    """Standard error of the mean of ``W_L`` over ``paths`` paths, from L's exact law.

    The sample standard deviation misses rare long relationships (retention 1e-5, say); the
    exact one does not, so the property below cannot pass or fail by luck of the sample.
    """
    n = relationship.repetitions
    weights = np.cumsum(
        growth_discount_factors(relationship.discount_rate, relationship.growth_rate, n)
    )
    k = np.arange(1, n + 1)
    law = retention ** (k - 1.0) * np.where(k < n, 1.0 - retention, 1.0)  # P(L = k)
    mean = float(np.sum(law * weights))
    return math.sqrt(float(np.sum(law * (weights - mean) ** 2)) / paths)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(
    economics_sections(),
    value_sections(confidence=st.just(1.0)),
    relationship_sections(max_repetitions=100),
)
def test_property_mean_npv_within_five_standard_errors(
    economics: Economics, value: Value, relationship: Relationship
) -> None:
    # Derandomized examples and a fixed seed make the test deterministic; at 5 standard errors
    # a correct simulator fails about one example in 1.7 million.
    paths = 4000
    mc = simulate_relationship(economics, value, relationship, paths=paths, seed=2024)
    det = project_relationship(economics, value, relationship)
    se_weight = _exact_standard_error(relationship, det.retention, paths)
    for sim, npv, per_period in (
        (mc.seller, det.seller_npv, det.seller.per_period_value),
        (mc.customer, det.customer_npv, det.customer.per_period_value),
    ):
        rounding = 1e-9 * (abs(per_period) * relationship.repetitions + abs(npv) + 1.0)
        assert abs(sim.mean - npv) <= 5 * abs(per_period) * se_weight + rounding


def test_the_same_seed_gives_the_same_result_and_another_seed_another() -> None:
    economics, value, relationship = _case()
    a = simulate_relationship(economics, value, relationship, paths=500, seed=1)
    b = simulate_relationship(economics, value, relationship, paths=500, seed=1)
    c = simulate_relationship(economics, value, relationship, paths=500, seed=2)
    assert_array_equal(a.seller.npv, b.seller.npv)
    assert_array_equal(a.customer.npv, b.customer.npv)
    assert_array_equal(a.length, b.length)
    assert a.customer.p50 == b.customer.p50
    assert not np.array_equal(a.customer.npv, c.customer.npv)
    assert not np.array_equal(a.length, c.length)


@settings(max_examples=25, deadline=None)
@given(economics_sections(), value_sections(), st.integers(min_value=0, max_value=2**32))
def test_property_seed_determines_the_draws(economics: Economics, value: Value, seed: int) -> None:
    relationship = Relationship(retention_fair=0.7, retention_one_sided=0.3, repetitions=50)
    a = simulate_relationship(economics, value, relationship, paths=300, seed=seed)
    b = simulate_relationship(economics, value, relationship, paths=300, seed=seed)
    c = simulate_relationship(economics, value, relationship, paths=300, seed=seed + 1)
    assert_array_equal(a.length, b.length)
    assert_array_equal(a.eve_per_unit, b.eve_per_unit)
    # Retention is strictly between 0 and 1, so 300 lengths coincide only by a miracle.
    assert not np.array_equal(a.length, c.length)


# --------------------------------------------------------------------------- the draws


def test_lengths_are_geometric_and_capped() -> None:
    rng = np.random.default_rng(5)
    p = 0.7
    paths = 200_000
    length = relationship_lengths(np.full(paths, p), 30, rng)
    assert length.min() >= 1
    assert length.max() <= 30
    for t in range(1, 8):
        # P(L > t) = p^t: the survival of the projection. Binomial standard error, 5 SE.
        share = float(np.mean(length > t))
        se = math.sqrt(p**t * (1 - p**t) / paths)
        assert abs(share - p**t) <= 5 * se
    assert_array_equal(relationship_lengths([0.0, 1.0, 1.0], 12, rng), [1, 12, 12])


def test_drivers_are_drawn_with_spread_growing_as_confidence_falls() -> None:
    value = Value(
        reference=Reference(name="r", price_per_unit=0),
        drivers=(
            Driver(name="sure", value_per_unit=100, confidence=1.0),
            Driver(name="fair", value_per_unit=-100, confidence=0.5),
            Driver(name="guess", value_per_unit=100, confidence=0.0),
        ),
    )
    draws = draw_driver_values(value, 100_000, np.random.default_rng(3))
    assert np.all(draws[:, 0] == 100)
    sd = draws.std(axis=0, ddof=1)
    # The standard deviation of a normal sample's sd is about sd / sqrt(2 n): 5 of those.
    assert_allclose(sd[1:], [50.0, 100.0], rtol=5 / math.sqrt(2 * 100_000))
    assert_allclose(draws.mean(axis=0)[1:], [-100.0, 100.0], atol=5 * 100 / math.sqrt(100_000))


# --------------------------------------------------------------------------- the results


def test_percentiles_and_probabilities_describe_the_paths() -> None:
    economics, value, relationship = _case()
    mc = simulate_relationship(economics, value, relationship, paths=3000, seed=4)
    for party, batr in ((mc.seller, 500000.0), (mc.customer, 20000.0)):
        assert_allclose([party.p10, party.p50, party.p90], np.percentile(party.npv, [10, 50, 90]))
        assert party.batr_npv == batr
        assert party.probability_beats_batr == np.mean(party.npv > batr)
        assert 0 < party.probability_beats_batr < 1
        assert_allclose(party.standard_error, party.npv.std(ddof=1) / math.sqrt(3000))
        assert not party.npv.flags.writeable


@pytest.mark.parametrize("confidence", [0.8, 1.0])
def test_the_fan_chart_bands_are_the_percentiles_of_each_path_s_cumulative_npv(
    confidence: float,
) -> None:
    # With full confidence both parties' values are the same on every path and the bands come
    # from the sorted lengths; otherwise the customer's come from every path's curve.
    economics, value, relationship = _case(confidence)
    for price in (None, 6000.0):  # 6,000 is below variable cost: the seller's value is < 0
        mc = simulate_relationship(
            economics, value, relationship, paths=2000, seed=9, pocket_price_per_unit=price
        )
        n = relationship.repetitions
        weights = np.concatenate(([0.0], np.cumsum(growth_discount_factors(0.08, 0.0, n))))
        reached = weights[np.minimum(np.arange(1, n + 1)[:, None], mc.length[None, :])]
        for party, cost in (
            (mc.seller, economics.seller_one_time_cost),
            (mc.customer, economics.customer_one_time_cost),
        ):
            per_period = (party.npv + cost) / weights[mc.length]
            brute = np.percentile(per_period[None, :] * reached - cost, [10, 50, 90], axis=1)
            scale = np.abs(brute).max()
            assert_allclose(party.cumulative_p10, brute[0], rtol=0, atol=1e-9 * scale)
            assert_allclose(party.cumulative_p50, brute[1], rtol=0, atol=1e-9 * scale)
            assert_allclose(party.cumulative_p90, brute[2], rtol=0, atol=1e-9 * scale)
            # The last repetition's cumulative NPV is the NPV itself.
            assert_allclose(party.cumulative_p50[-1], party.p50, rtol=1e-9)
            assert np.all(party.cumulative_p10 <= party.cumulative_p90 + 1e-9 * scale)


def test_paths_that_create_no_value_count_as_one_sided() -> None:
    economics, value, relationship = _case(confidence=0.0)
    mc = simulate_relationship(economics, value, relationship, paths=4000, seed=8)
    none_created = np.isnan(mc.seller_share)
    assert none_created.any()
    assert np.all(mc.retention[none_created] == relationship.retention_one_sided)
    assert np.all(~np.isnan(mc.seller_share[~none_created]))


def test_invalid_requests_raise_case_errors() -> None:
    economics, value, relationship = _case()
    for paths in (0, -5):
        with pytest.raises(CaseError) as err:
            simulate_relationship(economics, value, relationship, paths=paths)
        assert err.value.path == "paths"
    with pytest.raises(CaseError) as err:
        simulate_relationship(economics, value, relationship, seed=-1)
    assert err.value.path == "seed"
    with pytest.raises(CaseError) as err:
        simulate_relationship(economics, value, pocket_price_per_unit=math.inf)
    assert err.value.path == "pocket_price_per_unit"
    with pytest.raises(CaseError) as err:
        case_monte_carlo(Case(title="T", seller="S", customer="C", value=value))
    assert err.value.path == "economics"


def test_case_monte_carlo_runs_the_case_s_sections() -> None:
    economics, value, relationship = _case()
    case = Case(
        title="T",
        seller="S",
        customer="C",
        economics=economics,
        value=value,
        relationship=relationship,
    )
    a = case_monte_carlo(case, paths=200, seed=3)
    b = simulate_relationship(economics, value, relationship, paths=200, seed=3)
    assert_array_equal(a.seller.npv, b.seller.npv)
    assert (a.paths, a.repetitions, a.seed) == (200, 100, 3)
    assert a.pocket_price_per_unit == 11500.0
