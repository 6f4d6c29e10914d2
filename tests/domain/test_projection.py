"""Project this transaction x100: retention, NPVs, COLR, the trust and CPT scenarios."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from negotiation_lib.domain.case import (
    Case,
    Discount,
    Driver,
    Economics,
    Reference,
    Relationship,
    Value,
)
from negotiation_lib.domain.economics import assess_economics
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.projection import (
    case_projection,
    closed_form_npv,
    crossover_repetition,
    growth_discount_factors,
    project_relationship,
    project_value,
    retention_from_share,
    retention_from_shares,
)
from tests.strategies import (
    discount_rate,
    economics_sections,
    growth_rate,
    probability,
    relationship_sections,
    repetitions,
    signed_money,
    value_sections,
)


def _pump_case() -> tuple[Economics, Value]:
    """The worked case of the design notes (section 4): PumpCo and Acme Foods."""
    economics = Economics(
        volume_per_period=40,
        list_price_per_unit=13000,
        discounts=(Discount(name="Volume", kind="percent", amount=5, principle="volume"),),
        variable_cost_per_unit=7000,
        fixed_cost_per_period=60000,
        seller_one_time_cost=20000,
        customer_cost_per_period=5000,
        customer_one_time_cost=15000,
    )
    value = Value(
        reference=Reference(name="Competitor pump", price_per_unit=10000),
        drivers=(Driver(name="Energy savings", value_per_unit=2500),),
    )
    return economics, value


# --------------------------------------------------------------------------- known values


def test_retention_based_customer_lifetime_value() -> None:
    # S. Gupta and D. R. Lehmann, "Customers as Assets", Journal of Interactive Marketing
    # 17(1), 2003 (also P. Farris et al., Marketing Metrics, "customer lifetime value"):
    # margin m = 150 per period received at the start of each period, retention r = 0.55,
    # discount rate d = 0.10, acquisition cost AC = 100:
    # CLV = m (1 + d) / (1 + d - r) - AC = 150 * 1.1 / 0.55 - 100 = 200.
    clv = 150 * 1.1 / (1.1 - 0.55) - 100
    assert_allclose(clv, 200.0)
    long = project_value(150, 0.55, 0.10, repetitions=1000, one_time_cost=100)
    assert_allclose(long.npv, 200.0, rtol=1e-12)
    assert_allclose(long.closed_form_npv, 200.0, rtol=1e-12)
    # q = 0.55 / 1.1 = 0.5, so 100 repetitions are already within 2**-100 of the limit.
    hundred = project_value(150, 0.55, 0.10, repetitions=100, one_time_cost=100)
    assert_allclose(hundred.npv, 200.0, rtol=0, atol=1e-9)


def test_colr_is_the_lifetime_value_of_an_existing_customer() -> None:
    # Gupta and Lehmann (2003): with the first margin one period away, an existing customer is
    # worth m r / (1 + d - r) = 150 * 0.55 / 0.55 = 150: exactly what ending now would lose.
    p = project_value(150, 0.55, 0.10, repetitions=1000, one_time_cost=100)
    assert_allclose(p.colr, 150 * 0.55 / (1 + 0.10 - 0.55), rtol=1e-12)


def test_the_arrays_follow_survival_growth_and_discounting() -> None:
    p = project_value(100, 0.9, 0.25, growth_rate=0.1, repetitions=4, one_time_cost=30)
    t = np.arange(4)
    assert_array_equal(p.repetition, t)
    assert_allclose(p.survival, 0.9**t)
    assert_allclose(p.discount_factor, 1.25**-t)
    assert_allclose(p.growth_factor, 1.1**t)
    assert_allclose(p.expected_value, 100 * (0.9 * 1.1 / 1.25) ** t)
    assert_allclose(p.cumulative_npv, np.cumsum(100 * (0.9 * 1.1 / 1.25) ** t) - 30)
    assert_allclose(p.npv, p.cumulative_npv[-1])
    assert_allclose(p.colr, p.expected_value[1:].sum())
    assert not p.expected_value.flags.writeable


def test_certain_undiscounted_relationship_is_n_times_the_value() -> None:
    # q = 1: the closed form's ratio is undefined and the sum is N.
    assert closed_form_npv(10, 1.0, 0.0, repetitions=7, one_time_cost=5) == 65.0
    assert_allclose(project_value(10, 1.0, 0.0, repetitions=7, one_time_cost=5).npv, 65.0)


def test_zero_retention_leaves_only_this_deal() -> None:
    p = project_value(80, 0.0, 0.08, repetitions=50, one_time_cost=20)
    assert p.npv == 60.0
    assert p.colr == 0.0
    assert p.closed_form_npv == 60.0


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"repetitions": 0}, "repetitions"),
        ({"retention": 1.5}, "retention"),
        ({"discount_rate": -1.0}, "discount_rate"),
        ({"growth_rate": math.nan}, "growth_rate"),
        ({"per_period_value": math.inf}, "per_period_value"),
    ],
)
def test_out_of_range_inputs_raise_a_case_error(kwargs: dict[str, float], path: str) -> None:
    args: dict[str, float] = {
        "per_period_value": 1.0,
        "retention": 0.9,
        "discount_rate": 0.1,
        "growth_rate": 0.0,
        "repetitions": 10,
    } | kwargs
    with pytest.raises(CaseError) as err:
        project_value(**args)  # type: ignore[arg-type]
    assert err.value.path == path
    with pytest.raises(CaseError):
        closed_form_npv(**args)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- retention


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (0.5, 0.95),
        (0.6, 0.95),  # within 0.1 of fair: fair
        (0.4, 0.95),
        (0.7, 0.95 - 0.25 * 0.35),  # a quarter of the way from 0.1 to 0.5
        (0.8, 0.95 - 0.5 * 0.35),
        (1.0, 0.6),  # 0.5 away: fully one-sided
        (-0.2, 0.6),
        (None, 0.6),  # no value created
    ],
)
def test_retention_from_share(share: float | None, expected: float) -> None:
    assert_allclose(retention_from_share(share, 0.5, 0.95, 0.6), expected, rtol=1e-12)


def test_vectorized_retention_matches_the_scalar_one() -> None:
    shares = np.array([-1.0, 0.0, 0.33, 0.5, 0.71, 0.9, 2.0, np.nan])
    expected = [
        retention_from_share(None if np.isnan(s) else float(s), 0.4, 0.9, 0.5) for s in shares
    ]
    assert_allclose(retention_from_shares(shares, 0.4, 0.9, 0.5), expected)


# --------------------------------------------------------------------------- scenarios


def test_design_case_projection() -> None:
    economics, value = _pump_case()
    r = project_relationship(economics, value, Relationship())
    econ = assess_economics(economics, value)
    assert r.pocket_price_per_unit == 12350.0
    assert r.seller_share == econ.seller_share
    share = 154000 / 155000
    assert_allclose(r.retention, 0.95 + (share - 0.5 - 0.1) / 0.4 * (0.6 - 0.95))
    assert_allclose(
        r.seller_npv, closed_form_npv(154000, r.retention, 0.08, 0.0, 100, 20000), rtol=1e-12
    )
    assert_allclose(
        r.customer_npv, closed_form_npv(1000, r.retention, 0.08, 0.0, 100, 15000), rtol=1e-12
    )
    assert r.seller_colr == r.seller.colr
    assert r.customer_colr == r.customer.colr
    assert r.repetitions == 100
    assert r.seller.cumulative_npv.shape == (100,)


def test_trust_is_priced_at_the_fair_price_and_cpt_at_the_ceiling() -> None:
    economics, value = _pump_case()
    r = project_relationship(economics, value)
    assert r.scenarios.trust.pocket_price_per_unit == 10437.5
    assert r.scenarios.trust.retention == 0.95
    assert r.scenarios.cpt.pocket_price_per_unit == 12375.0
    assert r.scenarios.cpt.retention == 0.6  # the seller takes all the value: share 1
    assert r.scenarios.trust.seller_npv == r.scenarios.trust.seller.npv
    assert_allclose(
        r.scenarios.cpt.seller_npv,
        closed_form_npv(155000, 0.6, 0.08, 0.0, 100, 20000),
        rtol=1e-12,
    )


def test_cpt_uses_the_tough_price_when_one_is_set() -> None:
    economics, value = _pump_case()
    r = project_relationship(economics, value, Relationship(cpt_price_per_unit=12000))
    assert r.scenarios.cpt.pocket_price_per_unit == 12000.0


def test_fairness_overtakes_the_tough_deal_at_the_crossover() -> None:
    economics, value = _pump_case()
    r = project_relationship(economics, value)
    trust = r.scenarios.trust.seller.cumulative_npv
    cpt = r.scenarios.cpt.seller.cumulative_npv
    t = r.crossover_repetition
    assert t == 5
    assert trust[t] > cpt[t]
    assert np.all(trust[:t] <= cpt[:t])


def test_no_crossover_when_the_fair_price_is_the_ceiling() -> None:
    economics, value = _pump_case()
    greedy = economics.model_copy(update={"fair_share": 1.0})
    assert project_relationship(greedy, value).crossover_repetition is None


def test_crossover_repetition_on_plain_curves() -> None:
    assert crossover_repetition([0, 1, 5], [2, 3, 4]) == 2
    assert crossover_repetition([9, 9], [1, 1]) == 0
    assert crossover_repetition([1, 2, 3], [1, 2, 3]) is None
    with pytest.raises(CaseError):
        crossover_repetition([1, 2], [1, 2, 3])


def test_batna_and_batr_are_shown_beside_the_npv() -> None:
    economics, value = _pump_case()
    rel = Relationship(
        seller_batna_per_period=1000,
        customer_batna_per_period=2000,
        seller_batr_npv=300000,
        customer_batr_npv=-5,
    )
    r = project_relationship(economics, value, rel)
    assert (r.seller_batna_per_period, r.customer_batna_per_period) == (1000.0, 2000.0)
    assert (r.seller_batr_npv, r.customer_batr_npv) == (300000.0, -5.0)


def test_a_missing_relationship_uses_the_model_defaults() -> None:
    economics, value = _pump_case()
    assert project_relationship(economics, value).seller_npv == (
        project_relationship(economics, value, Relationship()).seller_npv
    )


def test_case_projection_needs_economics_and_value() -> None:
    economics, value = _pump_case()
    with pytest.raises(CaseError) as err:
        case_projection(Case(title="T", seller="S", customer="C", economics=economics))
    assert err.value.path == "value"
    case = Case(title="T", seller="S", customer="C", economics=economics, value=value)
    assert case_projection(case).seller_npv == project_relationship(economics, value).seller_npv


def test_a_non_finite_price_is_refused() -> None:
    economics, value = _pump_case()
    with pytest.raises(CaseError) as err:
        project_relationship(economics, value, pocket_price_per_unit=math.nan)
    assert err.value.path == "pocket_price_per_unit"


# --------------------------------------------------------------------------- properties


@given(signed_money, probability, discount_rate, growth_rate, repetitions, signed_money)
def test_closed_form_equals_the_summed_projection(
    value: float, retention: float, d: float, g: float, n: int, cost: float
) -> None:
    p = project_value(value, retention, d, g, n, cost)
    # Scale of the terms summed: the tolerance is relative to it, not to a possibly
    # cancelling total.
    terms = abs(value) * float(np.sum(np.abs(p.survival * growth_discount_factors(d, g, n))))
    assert_allclose(p.closed_form_npv, p.npv, rtol=0, atol=1e-10 * (terms + abs(cost)) + 1e-9)
    assert_allclose(p.cumulative_npv[-1], p.npv, rtol=0, atol=1e-10 * (terms + abs(cost)) + 1e-9)


@given(
    economics_sections(),
    value_sections(),
    relationship_sections(zero_batnas=True),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=1),
)
def test_a_price_closer_to_the_fair_price_never_lowers_retention(
    economics: Economics,
    value: Value,
    relationship: Relationship,
    u: float,
    w: float,
) -> None:
    # With zero BATNAs the fair price is the price of the fair share, so moving towards it
    # moves the share towards the fair share.
    fair = assess_economics(economics, value, relationship).fair_price_per_unit
    spread = 2.0 * economics.list_price_per_unit
    near, far = sorted([u * spread, w * spread])
    assume(near < far)
    for sign in (-1.0, 1.0):
        closer = project_relationship(
            economics, value, relationship, pocket_price_per_unit=fair + sign * near
        )
        further = project_relationship(
            economics, value, relationship, pocket_price_per_unit=fair + sign * far
        )
        assert closer.retention >= further.retention - 1e-9
