"""Project this transaction x100: retention, NPVs, COLR, the trust and CPT scenarios."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from negotiation_lib.datasets import load_sample_case, sample_case_names
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
    batna_npv,
    break_even_loyalty,
    break_even_loyalty_closed_form,
    case_projection,
    closed_form_npv,
    crossover_repetition,
    discounted_survival_sum,
    growth_discount_factors,
    price_scenario,
    project_relationship,
    project_value,
    retention_from_share,
    retention_from_shares,
    seller_optimal_price,
)
from tests.strategies import (
    discount_rate,
    economics_sections,
    growth_rate,
    probability,
    relationship_sections,
    repetitions,
    signed_money,
    squeeze_cases,
    value_sections,
)


def _pump_case() -> tuple[Economics, Value]:
    """The worked case of the design notes (section 4): PumpCo and Acme Foods.

    The driver is held with full confidence, so the evidence-weighted EVE the projection
    prices off is the full 12,500: ZOPA 8,500 to 12,375, fair price 10,437.5, value created
    155,000 per period.
    """
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
        drivers=(Driver(name="Energy savings", value_per_unit=2500, confidence=1.0),),
    )
    return economics, value


def _case_inputs(name: str) -> tuple[Economics, Value, Relationship]:
    case = load_sample_case(name)
    assert case.economics is not None
    assert case.value is not None
    assert case.relationship is not None
    return case.economics, case.value, case.relationship


def _by_hand(
    economics: Economics, value: Value, relationship: Relationship
) -> tuple[float, float, float, float]:
    """E, floor, ceiling and joint gain from DESIGN section 3, written out again."""
    e = value.reference.price_per_unit + sum(d.confidence * d.value_per_unit for d in value.drivers)
    volume = economics.volume_per_period
    floor = (
        economics.variable_cost_per_unit
        + (economics.fixed_cost_per_period + relationship.seller_batna_per_period) / volume
    )
    ceiling = e - (economics.customer_cost_per_period + relationship.customer_batna_per_period) / (
        volume
    )
    return e, floor, ceiling, volume * (ceiling - floor)


def _brute_npvs(
    economics: Economics, value: Value, relationship: Relationship, price: float
) -> tuple[float, float]:
    """Both NPVs at one price, one repetition at a time in plain Python (DESIGN section 3)."""
    e, _, _, joint = _by_hand(economics, value, relationship)
    volume = economics.volume_per_period
    profit = volume * (price - economics.variable_cost_per_unit) - economics.fixed_cost_per_period
    benefit = volume * (e - price) - economics.customer_cost_per_period
    if joint > 0:
        share = (profit - relationship.seller_batna_per_period) / joint
        weight = min(1.0, abs(share - economics.fair_share) / 0.5)
    else:
        weight = 1.0
    p = relationship.retention_fair + weight * (
        relationship.retention_one_sided - relationship.retention_fair
    )
    seller = -economics.seller_one_time_cost
    customer = -economics.customer_one_time_cost
    for t in range(relationship.repetitions):
        factor = p**t * (1 + relationship.growth_rate) ** t / (1 + relationship.discount_rate) ** t
        seller += profit * factor
        customer += benefit * factor
    return seller, customer


def _brute_optimum(
    economics: Economics, value: Value, relationship: Relationship, prices: int = 4001
) -> tuple[float, float, float]:
    """The best seller NPV over a grid of the ZOPA, then a finer grid around it: a loop."""
    _, floor, ceiling, _ = _by_hand(economics, value, relationship)
    step = (ceiling - floor) / (prices - 1)
    grid = [floor + i * step for i in range(prices)]
    best = max(grid, key=lambda x: _brute_npvs(economics, value, relationship, x)[0])
    fine = [max(floor, best - step) + i * step / 500 for i in range(1001)]
    best = max(
        [x for x in fine if x <= ceiling],
        key=lambda x: _brute_npvs(economics, value, relationship, x)[0],
    )
    return best, *_brute_npvs(economics, value, relationship, best)


def _closed_form_by_hand(economics: Economics, value: Value, relationship: Relationship) -> float:
    """DESIGN section 3's check, with its sums as loops."""
    _, floor, ceiling, joint = _by_hand(economics, value, relationship)
    fair = floor + economics.fair_share * (ceiling - floor)
    profit = (
        economics.volume_per_period * (fair - economics.variable_cost_per_unit)
        - economics.fixed_cost_per_period
    )
    k = (1 + relationship.growth_rate) / (1 + relationship.discount_rate)
    q = k * relationship.retention_fair
    n = relationship.repetitions
    level = sum(q**t for t in range(n))
    slope = sum(t * q ** (t - 1) for t in range(1, n))
    return joint * level / (2 * profit * k * slope)


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
        # DESIGN section 3: p = p_fair + min(1, |s - s*| / 0.5) (p_one - p_fair), no free band.
        (0.5, 0.95),
        (0.6, 0.95 - 0.2 * 0.35),  # any distance from fair costs retention
        (0.4, 0.95 - 0.2 * 0.35),
        (0.7, 0.95 - 0.4 * 0.35),
        (0.8, 0.95 - 0.6 * 0.35),
        (1.0, 0.6),  # 0.5 away: fully one-sided
        (-0.2, 0.6),
        (None, 0.6),  # no joint gain
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
    assert_allclose(r.retention, 0.95 + (share - 0.5) / 0.5 * (0.6 - 0.95))
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
    assert_allclose(r.scenarios.trust.retention, 0.95, rtol=1e-12)
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
    # BATNA as an NPV: the alternative every period for 100 periods at 8%, certain.
    weight = sum(1.08**-t for t in range(100))
    assert_allclose(r.seller_batna_npv, 1000 * weight, rtol=1e-12)
    assert_allclose(r.customer_batna_npv, 2000 * weight, rtol=1e-12)
    # Net COLR: the NPV of t >= 1, term by term, less the BATR.
    colr = sum(r.seller.per_period_value * (r.retention / 1.08) ** t for t in range(1, 100))
    assert_allclose(r.seller_colr, colr, rtol=1e-12)
    assert_allclose(r.seller_colr_net, colr - 300000, rtol=1e-12)
    colr = sum(r.customer.per_period_value * (r.retention / 1.08) ** t for t in range(1, 100))
    assert_allclose(r.customer_colr_net, colr + 5, rtol=1e-12)


def test_batna_npv_is_the_alternative_every_period_certain() -> None:
    # By hand: 1,000 * (1 + 0.8 + 0.64) at d = 25%; with growth 10% and d = 21%, k = 1/1.1.
    assert_allclose(batna_npv(1000, 0.25, repetitions=3), 2440.0, rtol=1e-15)
    assert_allclose(
        batna_npv(500, 0.21, 0.10, repetitions=4),
        500 * sum((1.1 / 1.21) ** t for t in range(4)),
        rtol=1e-14,
    )
    # Perpetuity with payments at the start of each period (Brealey, Myers and Allen,
    # Principles of Corporate Finance, ch. 2): B (1 + d) / (d - g) = 30,000 * 1.08 / 0.06.
    assert_allclose(batna_npv(30000, 0.08, 0.02, repetitions=1000), 540000.0, rtol=1e-12)
    assert batna_npv(0.0, 0.08) == 0.0
    assert batna_npv(-100, 0.0, repetitions=7) == -700.0


def test_net_colr_of_a_known_lifetime_value() -> None:
    # Gupta and Lehmann (2003): margin 150, retention 0.55, d = 10%: an existing customer is
    # worth 150 * 0.55 / 0.55 = 150 = the COLR; with a BATR of 100, losing this relationship
    # costs 50 beyond the best other one.
    economics = Economics(volume_per_period=1, list_price_per_unit=150)
    value = Value(reference=Reference(name="r", price_per_unit=300))
    rel = Relationship(
        repetitions=1000,
        discount_rate=0.10,
        retention_fair=0.55,
        retention_one_sided=0.55,
        seller_batr_npv=100,
        customer_batr_npv=200,
    )
    r = project_relationship(economics, value, rel)
    assert_allclose(r.seller_colr, 150.0, rtol=1e-12)
    assert_allclose(r.seller_colr_net, 50.0, rtol=1e-12)
    assert_allclose(r.customer_colr_net, 150.0 - 200.0, rtol=1e-12)


def test_discounted_survival_sum_is_the_sum_of_the_series() -> None:
    for p, d, g, n in [
        (0.0, 0.1, 0.0, 5),
        (0.9, 0.08, 0.02, 100),
        (1.0, 0.0, 0.0, 7),
        (1.0, 0.1, 0.1, 9),
    ]:
        q = p * (1 + g) / (1 + d)
        expected = sum(q**t for t in range(n))
        assert_allclose(discounted_survival_sum([p], d, g, n), [expected], rtol=1e-12)


# --------------------------------------------------------------------------- squeezing


def test_squeezing_pays_when_a_one_sided_deal_keeps_the_customer() -> None:
    # Retention 0.95 fair and 0.93 one-sided: a drop of 0.02, below the break-even of about
    # 0.13 (the worked example of project_relationship), so a price above the fair one pays
    # the seller more; the brute-force loop finds the same price.
    economics, value = _pump_case()
    rel = Relationship(retention_fair=0.95, retention_one_sided=0.93)
    best = seller_optimal_price(economics, value, rel)
    assert best is not None
    price, seller, _ = _brute_optimum(economics, value, rel)
    assert price > 10437.5 + 100
    assert abs(best.price_per_unit - price) <= 3875 / 4000 / 250
    assert best.seller_npv >= seller - 1e-9 * abs(seller)
    assert_allclose(best.seller_npv, seller, rtol=1e-9)
    assert_allclose(best.customer_npv, _brute_npvs(economics, value, rel, best.price_per_unit)[1])
    assert best.seller_share is not None
    assert_allclose(best.seller_share, (best.price_per_unit - 8500) / 3875, rtol=1e-9)
    fair_npv = _brute_npvs(economics, value, rel, 10437.5)[0]
    assert best.seller_npv > fair_npv


@pytest.mark.parametrize("name", sample_case_names())
def test_seller_optimal_price_of_each_sample_case_by_brute_force(name: str) -> None:
    economics, value, rel = _case_inputs(name)
    r = project_relationship(economics, value, rel)
    assert r.seller_optimal is not None
    price, seller, customer = _brute_optimum(economics, value, rel)
    _, floor, ceiling, _ = _by_hand(economics, value, rel)
    assert abs(r.seller_optimal.price_per_unit - price) <= (ceiling - floor) / 4000 / 250
    assert r.seller_optimal.seller_npv >= seller - 1e-9 * abs(seller)
    assert_allclose(r.seller_optimal.customer_npv, customer, rtol=1e-9)
    # Every sample case assumes a loyalty drop far beyond its break-even: the fair price is
    # what pays the seller most, with exactly the fair share.
    fair = floor + economics.fair_share * (ceiling - floor)
    assert_allclose(r.seller_optimal.price_per_unit, fair, rtol=1e-12)
    assert r.seller_optimal.seller_share is not None
    assert_allclose(r.seller_optimal.seller_share, economics.fair_share, rtol=1e-9)
    assert_allclose(r.seller_optimal.retention, rel.retention_fair, rtol=1e-12)
    assert r.scenarios.trust.seller_npv > r.scenarios.cpt.seller_npv


@pytest.mark.parametrize("name", sample_case_names())
def test_break_even_loyalty_by_bisection_agrees_with_the_closed_form(name: str) -> None:
    economics, value, rel = _case_inputs(name)
    by_hand = _closed_form_by_hand(economics, value, rel)
    _, floor, ceiling, joint = _by_hand(economics, value, rel)
    fair = floor + economics.fair_share * (ceiling - floor)
    profit = (
        economics.volume_per_period * (fair - economics.variable_cost_per_unit)
        - economics.fixed_cost_per_period
    )
    check = break_even_loyalty_closed_form(
        joint, profit, rel.retention_fair, rel.discount_rate, rel.growth_rate, rel.repetitions
    )
    assert check is not None
    assert_allclose(check, by_hand, rtol=1e-12)
    bisection = break_even_loyalty(economics, value, rel)
    assert bisection is not None
    assert_allclose(bisection, by_hand, rtol=1e-5)
    r = project_relationship(economics, value, rel)
    assert r.break_even_loyalty == bisection
    assert r.break_even_retention_one_sided == rel.retention_fair - bisection
    # Either side of it, by brute force: just below, a price a little above fair pays more;
    # just above, it does not.
    for drop, pays in ((0.98 * by_hand, True), (1.02 * by_hand, False)):
        moved = rel.model_copy(update={"retention_one_sided": rel.retention_fair - drop})
        at_fair = _brute_npvs(economics, value, moved, fair)[0]
        above = max(
            _brute_npvs(economics, value, moved, fair + i * (ceiling - fair) / 2000)[0]
            for i in range(1, 200)
        )
        assert (above > at_fair) is pays


def test_break_even_loyalty_of_the_design_case() -> None:
    # Long-run limit of the closed form, N = 1000, g = 0, d = 8%, p_fair = 0.95: k = 1/1.08,
    # q = 0.95/1.08, J = 155,000, pi* = 77,500 at 10,437.5: J (1 - q) / (2 pi* k) = 0.13.
    economics, value = _pump_case()
    rel = Relationship(repetitions=1000)
    bisection = break_even_loyalty(economics, value, rel)
    check = break_even_loyalty_closed_form(155000, 77500, 0.95, 0.08, repetitions=1000)
    assert bisection is not None
    assert check is not None
    assert_allclose(bisection, 0.13, rtol=1e-6)
    assert_allclose(check, 0.13, rtol=1e-12)


def test_what_squeezing_pays_is_undefined_without_a_zopa() -> None:
    economics, value = _pump_case()
    rel = Relationship(seller_batna_per_period=200000)
    r = project_relationship(economics, value, rel)
    assert r.seller_optimal is None
    assert r.break_even_loyalty is None
    assert r.break_even_retention_one_sided is None
    assert seller_optimal_price(economics, value, rel) is None
    assert break_even_loyalty(economics, value, rel) is None
    assert break_even_loyalty_closed_form(-1.0, 10.0, 0.9, 0.1) is None
    assert break_even_loyalty_closed_form(10.0, 10.0, 0.9, 0.1, repetitions=1) is None


def test_no_break_even_when_squeezing_pays_even_if_the_customer_never_returns() -> None:
    # Retention 0.1 fair: the future is worth little; even a one-sided deal that never renews
    # (retention 0) loses less than the ceiling gains now. The closed form agrees: its drop
    # is above p_fair, out of reach.
    economics, value = _pump_case()
    rel = Relationship(retention_fair=0.1, retention_one_sided=0.0)
    assert break_even_loyalty(economics, value, rel) is None
    check = break_even_loyalty_closed_form(155000, 77500, 0.1, 0.08)
    assert check is not None
    assert check > 0.1
    best = seller_optimal_price(economics, value, rel)
    assert best is not None
    assert best.price_per_unit > 10437.5


def test_no_price_above_a_fair_share_of_one_so_the_break_even_is_zero() -> None:
    economics, value = _pump_case()
    greedy = economics.model_copy(update={"fair_share": 1.0})
    assert break_even_loyalty(greedy, value) == 0.0


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
    relationship_sections(),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=1),
    st.sampled_from([-1.0, 1.0]),
)
def test_a_fairer_price_never_shortens_the_relationship(
    economics: Economics,
    value: Value,
    relationship: Relationship,
    u: float,
    w: float,
    other_side: float,
) -> None:
    # Whatever the BATNAs, the fair price gives the fair share, so a price nearer to it (on
    # either side) is a fairer split: its retention and its expected number of repetitions
    # (the sum of the survival) are never lower.
    fair = assess_economics(economics, value, relationship).fair_price_per_unit
    spread = 2.0 * economics.list_price_per_unit
    near, far = sorted([u * spread, w * spread])
    assume(near < far)
    for sign in (-1.0, 1.0):
        closer = price_scenario(
            economics, value, relationship, pocket_price_per_unit=fair + sign * near
        )
        further = price_scenario(
            economics, value, relationship, pocket_price_per_unit=fair + sign * other_side * far
        )
        assert closer.retention >= further.retention - 1e-9
        assert closer.seller.survival.sum() >= further.seller.survival.sum() * (1 - 1e-9) - 1e-9


@settings(max_examples=60, deadline=None)
@given(squeeze_cases(), st.floats(min_value=0, max_value=1))
def test_the_fair_price_pays_the_seller_most_beyond_the_break_even_loyalty(
    case: tuple[Economics, Value, Relationship], u: float
) -> None:
    economics, value, relationship = case
    e, floor, ceiling, joint = _by_hand(economics, value, relationship)
    fair = floor + economics.fair_share * (ceiling - floor)
    profit = (
        economics.volume_per_period * (fair - economics.variable_cost_per_unit)
        - economics.fixed_cost_per_period
    )
    assume(joint > 1e-6 * economics.volume_per_period * e and profit > 0)
    threshold = break_even_loyalty(economics, value, relationship)
    assume(threshold is not None)
    assert threshold is not None
    drop = threshold + u * (relationship.retention_fair - threshold)
    assume(drop > threshold * (1 + 1e-4) + 1e-9)
    moved = relationship.model_copy(
        update={"retention_one_sided": max(0.0, relationship.retention_fair - drop)}
    )
    # Brute force, independent of the library: every price of a grid over the ZOPA, each
    # repetition summed as its own term (vectorized in the test for speed).
    prices = np.append(
        np.linspace(floor, ceiling, 2001), fair + np.geomspace(1e-9, 1, 50) * (ceiling - fair)
    )
    prices = prices[(prices >= floor) & (prices <= ceiling)]
    volume = economics.volume_per_period
    profits = volume * (prices - economics.variable_cost_per_unit) - economics.fixed_cost_per_period
    shares = (profits - moved.seller_batna_per_period) / joint
    weight = np.minimum(1.0, np.abs(shares - economics.fair_share) / 0.5)
    p = moved.retention_fair + weight * (moved.retention_one_sided - moved.retention_fair)
    t = np.arange(moved.repetitions)
    k = (1 + moved.growth_rate) / (1 + moved.discount_rate)
    npv = profits * ((p[:, None] * k) ** t[None, :]).sum(axis=1) - economics.seller_one_time_cost
    at_fair = profit * ((moved.retention_fair * k) ** t).sum() - economics.seller_one_time_cost
    scale = max(1.0, abs(at_fair), float(np.abs(npv).max()))
    assert npv.max() <= at_fair + 1e-9 * scale
    best = seller_optimal_price(economics, value, moved)
    assert best is not None
    assert_allclose(best.price_per_unit, fair, rtol=1e-9, atol=1e-9 * abs(ceiling - floor))


@settings(max_examples=60, deadline=None)
@given(squeeze_cases(), st.floats(min_value=0, max_value=1))
def test_the_seller_optimal_search_finds_the_best_price_of_a_grid(
    case: tuple[Economics, Value, Relationship], u: float
) -> None:
    economics, value, relationship = case
    _, floor, ceiling, _ = _by_hand(economics, value, relationship)
    moved = relationship.model_copy(update={"retention_one_sided": u * relationship.retention_fair})
    best = seller_optimal_price(economics, value, moved)
    assert best is not None
    assert floor <= best.price_per_unit <= max(floor, ceiling)
    for price in np.linspace(floor, max(floor, ceiling), 301):
        seller, _ = _brute_npvs(economics, value, moved, float(price))
        assert best.seller_npv >= seller - 1e-9 * max(1.0, abs(seller), abs(best.seller_npv))
