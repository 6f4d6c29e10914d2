"""Transparent economics: the price waterfall, the value split, the ZOPA, the fair price, flags."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from negotiation_lib.domain.case import (
    Case,
    Discount,
    Driver,
    Economics,
    Reference,
    Relationship,
    Value,
)
from negotiation_lib.domain.economics import (
    assess_economics,
    case_economics,
    customer_net_benefit_per_period,
    discount_per_unit,
    fair_price_per_unit,
    invoice_price_per_unit,
    joint_gain_per_period,
    pocket_price_per_unit,
    price_waterfall,
    seller_profit_per_period,
    seller_share,
    value_created_per_period,
    zopa,
)
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.value import eve_expected_per_unit, eve_per_unit
from tests.strategies import economics_sections, relationship_sections, value_sections


def _pump_case() -> tuple[Economics, Value]:
    """The worked case of the design notes (section 4): PumpCo and Acme Foods.

    One driver of 2,500 held with confidence 0.8: the full EVE is 12,500 and the
    evidence-weighted EVE, which the economics price off, is 10,000 + 0.8 * 2,500 = 12,000.
    """
    economics = Economics(
        volume_per_period=40,
        list_price_per_unit=13000,
        discounts=(
            Discount(
                name="Volume",
                kind="percent",
                amount=5,
                principle="volume",
                seller_saving_per_unit=400,
            ),
        ),
        variable_cost_per_unit=7000,
        fixed_cost_per_period=60000,
        seller_one_time_cost=20000,
        customer_cost_per_period=5000,
        customer_one_time_cost=15000,
    )
    value = Value(
        reference=Reference(name="Competitor pump", price_per_unit=10000),
        drivers=(Driver(name="Energy savings", value_per_unit=2500, confidence=0.8),),
    )
    return economics, value


# --------------------------------------------------------------------------- waterfall


def test_percent_discounts_are_taken_off_list_not_compounded() -> None:
    # Marn & Rosiello, "Managing Price, Gaining Profit", HBR Sept-Oct 1992: every element of
    # the pocket price waterfall is measured against list; 10% and 5% off 7,000 leave 5,950
    # (compounding would leave 5,985).
    economics = Economics(
        volume_per_period=1,
        list_price_per_unit=7000,
        discounts=(
            Discount(name="Volume", kind="percent", amount=10),
            Discount(name="Promotion", kind="percent", amount=5),
        ),
    )
    assert_allclose(pocket_price_per_unit(economics), 5950.0)
    assert_allclose(invoice_price_per_unit(economics), 5950.0)


def test_per_period_lump_discount_is_spread_over_the_volume() -> None:
    economics = Economics(
        volume_per_period=40,
        list_price_per_unit=1000,
        discounts=(Discount(name="Year-end rebate", kind="per_period", amount=8000),),
    )
    assert discount_per_unit(economics.discounts[0], economics) == 200.0
    assert pocket_price_per_unit(economics) == 800.0


def test_on_invoice_steps_give_the_invoice_price_and_off_invoice_the_pocket_price() -> None:
    economics = Economics(
        volume_per_period=10,
        list_price_per_unit=1000,
        discounts=(
            Discount(name="Payment terms", kind="per_unit", amount=20, on_invoice=False),
            Discount(name="Volume", kind="percent", amount=10),
            Discount(name="Freight", kind="per_period", amount=500, on_invoice=False),
        ),
    )
    assert invoice_price_per_unit(economics) == 900.0
    assert pocket_price_per_unit(economics) == 830.0


def test_waterfall_lists_on_invoice_steps_first_with_a_running_price() -> None:
    economics = Economics(
        volume_per_period=10,
        list_price_per_unit=1000,
        discounts=(
            Discount(name="Payment terms", kind="per_unit", amount=20, on_invoice=False),
            Discount(name="Volume", kind="percent", amount=10, principle="volume"),
        ),
    )
    steps = price_waterfall(economics)
    assert [(s.name, s.stage) for s in steps] == [
        ("List price", "list"),
        ("Volume", "on_invoice"),
        ("Invoice price", "invoice"),
        ("Payment terms", "off_invoice"),
        ("Pocket price", "pocket"),
    ]
    assert [s.amount_per_unit for s in steps] == [1000.0, 100.0, 900.0, 20.0, 880.0]
    assert [s.price_after_per_unit for s in steps] == [1000.0, 900.0, 900.0, 880.0, 880.0]
    assert [s.principle for s in steps] == [None, "volume", None, "none", None]


# --------------------------------------------------------------------------- value split


def test_design_case_splits_the_value_as_the_formulas_say() -> None:
    # DESIGN section 3: everything prices off E = eve_expected_per_unit; the full EVE is
    # shown beside it as the upside.
    economics, value = _pump_case()
    r = assess_economics(economics, value)
    assert r.pocket_price_per_unit == 12350.0  # 13,000 less 5%
    assert r.eve_per_unit == 12500.0  # 10,000 + 2,500
    assert r.eve_expected_per_unit == 12000.0  # 10,000 + 0.8 * 2,500
    assert r.seller_margin_per_unit == 5350.0
    assert r.seller_profit_per_period == 154000.0  # 40 * (12,350 - 7,000) - 60,000
    assert r.customer_net_benefit_per_period == -19000.0  # 40 * (12,000 - 12,350) - 5,000
    assert r.value_created_per_period == 135000.0
    # No relationship: both BATNAs are zero, the gains are the profit and the benefit.
    assert (r.seller_batna_per_period, r.customer_batna_per_period) == (0.0, 0.0)
    assert (r.seller_gain_per_period, r.customer_gain_per_period) == (154000.0, -19000.0)
    assert r.joint_gain_per_period == 135000.0
    assert r.seller_share is not None
    assert_allclose(r.seller_share, 154000 / 135000)
    assert (r.zopa.floor_per_unit, r.zopa.ceiling_per_unit, r.zopa.exists) == (
        8500.0,  # 7,000 + 60,000 / 40
        11875.0,  # 12,000 - 5,000 / 40
        True,
    )
    assert r.fair_price_per_unit == 10187.5  # 8,500 + 0.5 * (11,875 - 8,500)
    assert not r.price_overridden


def test_the_fair_price_gives_exactly_the_fair_share_with_nonzero_batnas() -> None:
    # By hand (DESIGN section 3, gains over the BATNAs), E = 12,000, B_S = 20,000, B_C = 10,000:
    # floor = 7,000 + (60,000 + 20,000) / 40 = 9,000; ceiling = 12,000 - (5,000 + 10,000) / 40
    # = 11,625; fair = 9,000 + 0.5 * 2,625 = 10,312.5. There the seller's profit is
    # 40 * 3,312.5 - 60,000 = 72,500 (gain 52,500) and the customer's net benefit is
    # 40 * 1,687.5 - 5,000 = 62,500 (gain 52,500): an even split of the joint gain of 105,000.
    # (The old share, profit over value created, would read 72,500 / 135,000 = 53.7%.)
    economics, value = _pump_case()
    rel = Relationship(seller_batna_per_period=20000, customer_batna_per_period=10000)
    r = assess_economics(economics, value, rel)
    assert (r.zopa.floor_per_unit, r.zopa.ceiling_per_unit) == (9000.0, 11625.0)
    assert r.fair_price_per_unit == 10312.5
    at_fair = assess_economics(economics, value, rel, pocket_price_per_unit=10312.5)
    assert at_fair.seller_profit_per_period == 72500.0
    assert at_fair.customer_net_benefit_per_period == 62500.0
    assert at_fair.seller_gain_per_period == 52500.0
    assert at_fair.customer_gain_per_period == 52500.0
    assert at_fair.joint_gain_per_period == 105000.0
    assert at_fair.value_created_per_period == 135000.0
    assert at_fair.seller_share == 0.5
    assert joint_gain_per_period(economics, 12000.0, rel) == 105000.0
    assert not {"seller_captures_more_than_worth", "customer_captures_more_than_worth"} & set(
        at_fair.flag_codes
    )
    # A fair share of 0.3: fair = 9,000 + 0.3 * 2,625 = 9,787.5, seller gain 40 * 787.5 =
    # 31,500 = 0.3 * 105,000.
    tilted = economics.model_copy(update={"fair_share": 0.3})
    r = assess_economics(tilted, value, rel)
    assert_allclose(r.fair_price_per_unit, 9787.5)
    at_fair = assess_economics(tilted, value, rel, pocket_price_per_unit=r.fair_price_per_unit)
    assert at_fair.seller_share is not None
    assert_allclose(at_fair.seller_gain_per_period, 31500.0)
    assert_allclose(at_fair.seller_share, 0.3)


def test_share_is_none_when_no_value_is_created() -> None:
    economics = Economics(volume_per_period=10, list_price_per_unit=100, variable_cost_per_unit=120)
    value = Value(reference=Reference(name="r", price_per_unit=110))
    r = assess_economics(economics, value)
    assert r.value_created_per_period == -100.0
    assert r.seller_share is None
    assert "no_value_created" in r.flag_codes
    assert seller_share(10.0, 0.0) is None
    assert seller_share(10.0, 40.0) == 0.25


def test_zopa_subtracts_the_batnas_and_a_missing_relationship_counts_them_as_zero() -> None:
    economics, value = _pump_case()
    eve = eve_expected_per_unit(value)
    with_batnas = zopa(
        economics,
        eve,
        Relationship(seller_batna_per_period=20000, customer_batna_per_period=-4000),
    )
    assert with_batnas.floor_per_unit == 9000.0  # 7,000 + (60,000 + 20,000) / 40
    assert with_batnas.ceiling_per_unit == 11975.0  # 12,000 - (5,000 - 4,000) / 40
    assert zopa(economics, eve, None) == zopa(economics, eve, Relationship())
    rel = Relationship(seller_batna_per_period=20000, customer_batna_per_period=-4000)
    assert assess_economics(economics, value, rel).zopa == with_batnas


def test_the_full_eve_is_the_upside_and_never_the_ceiling() -> None:
    economics, value = _pump_case()
    r = assess_economics(economics, value)
    assert r.eve_per_unit == eve_per_unit(value) == 12500.0
    assert r.zopa.ceiling_per_unit == zopa(economics, 12000.0).ceiling_per_unit
    assert r.zopa.ceiling_per_unit < zopa(economics, r.eve_per_unit).ceiling_per_unit


def test_no_zopa_when_the_floor_is_above_the_ceiling() -> None:
    economics, value = _pump_case()
    zone = zopa(economics, eve_per_unit(value), Relationship(seller_batna_per_period=200000))
    assert zone.floor_per_unit > zone.ceiling_per_unit
    assert zone.exists is False


def test_fair_price_sits_at_the_fair_share_of_the_zopa() -> None:
    economics, value = _pump_case()
    zone = zopa(economics, eve_expected_per_unit(value))
    assert fair_price_per_unit(zone, 0.0) == zone.floor_per_unit
    assert fair_price_per_unit(zone, 1.0) == zone.ceiling_per_unit
    assert fair_price_per_unit(zone, 0.25) == 8500.0 + 0.25 * 3375.0
    tilted = economics.model_copy(update={"fair_share": 0.6})
    assert assess_economics(tilted, value).fair_price_per_unit == 8500.0 + 0.6 * 3375.0


def test_an_explicit_price_is_evaluated_but_the_waterfall_stays_the_case_s() -> None:
    economics, value = _pump_case()
    r = assess_economics(economics, value, pocket_price_per_unit=10187.5)
    assert r.price_overridden
    assert r.pocket_price_per_unit == 10187.5
    assert r.invoice_price_per_unit == 12350.0
    assert r.waterfall[-1].price_after_per_unit == 12350.0
    assert r.seller_share == 0.5  # 67,500 / 135,000
    assert seller_profit_per_period(economics, pocket_price_per_unit=10187.5) == 67500.0
    assert customer_net_benefit_per_period(economics, 12000.0, pocket_price_per_unit=10187.5) == (
        67500.0
    )


@pytest.mark.parametrize("price", [math.nan, math.inf, -math.inf])
def test_a_non_finite_price_is_refused_with_a_case_error(price: float) -> None:
    economics, value = _pump_case()
    with pytest.raises(CaseError) as err:
        assess_economics(economics, value, pocket_price_per_unit=price)
    assert err.value.path == "pocket_price_per_unit"


# --------------------------------------------------------------------------- flags


def test_design_case_flags_the_seller_s_capture_and_the_discount_above_its_saving() -> None:
    economics, value = _pump_case()
    r = assess_economics(economics, value)
    # 12,350 is above the ceiling of 11,875 the evidence-weighted EVE allows.
    assert r.flag_codes == (
        "price_above_ceiling",
        "seller_captures_more_than_worth",
        "discount_exceeds_saving",
    )
    assert "11,875.00" in r.flags[0].message
    saving = r.flags[2]
    assert saving.discount == "Volume"
    assert "'Volume'" in saving.message
    assert "650.00" in saving.message
    assert "400.00" in saving.message
    assert saving.path == "economics.discounts[0].seller_saving_per_unit"


def test_price_flags_fire_outside_the_zopa_and_not_at_its_edges() -> None:
    economics, value = _pump_case()
    assert (
        "price_above_ceiling"
        in assess_economics(economics, value, pocket_price_per_unit=11900).flag_codes
    )
    assert (
        "price_below_floor"
        in assess_economics(economics, value, pocket_price_per_unit=8400).flag_codes
    )
    for edge in (8500.0, 11875.0):
        codes = assess_economics(economics, value, pocket_price_per_unit=edge).flag_codes
        assert "price_above_ceiling" not in codes
        assert "price_below_floor" not in codes


def test_share_flags_fire_beyond_a_tenth_of_the_fair_share_either_way() -> None:
    economics, value = _pump_case()

    # The joint gain is 135,000; each 337.5 of price moves the seller's share by 0.1
    # (40 * 337.5 = 13,500), from 0.5 at the fair price of 10,187.5.
    def codes(price: float) -> tuple[str, ...]:
        return assess_economics(economics, value, pocket_price_per_unit=price).flag_codes

    assert "seller_captures_more_than_worth" not in codes(10187.5 + 337.5)
    assert "seller_captures_more_than_worth" in codes(10187.5 + 350)
    assert "customer_captures_more_than_worth" not in codes(10187.5 - 337.5)
    assert "customer_captures_more_than_worth" in codes(10187.5 - 350)


def test_a_discount_without_principle_is_flagged_by_name() -> None:
    economics = Economics(
        volume_per_period=10,
        list_price_per_unit=100,
        discounts=(
            Discount(name="Volume", kind="percent", amount=5, principle="volume"),
            Discount(name="Goodwill", kind="per_unit", amount=3),
        ),
    )
    value = Value(reference=Reference(name="r", price_per_unit=100))
    flags = [f for f in assess_economics(economics, value).flags if f.discount is not None]
    assert [(f.code, f.discount, f.path) for f in flags] == [
        ("discount_without_principle", "Goodwill", "economics.discounts[1].principle")
    ]
    assert "'Goodwill'" in flags[0].message


def test_a_discount_is_flagged_only_when_it_exceeds_a_saving_that_is_given() -> None:
    def flagged(saving: float | None) -> bool:
        economics = Economics(
            volume_per_period=10,
            list_price_per_unit=100,
            discounts=(
                Discount(
                    name="Prepay",
                    kind="per_period",
                    amount=50,  # 5 per unit
                    principle="prepayment",
                    seller_saving_per_unit=saving,
                ),
            ),
        )
        value = Value(reference=Reference(name="r", price_per_unit=100))
        return "discount_exceeds_saving" in assess_economics(economics, value).flag_codes

    assert flagged(4.99)
    assert not flagged(5.0)
    assert not flagged(None)


# --------------------------------------------------------------------------- the case


def test_case_economics_needs_the_economics_and_value_sections() -> None:
    economics, value = _pump_case()
    with pytest.raises(CaseError) as err:
        case_economics(Case(title="T", seller="S", customer="C", value=value))
    assert err.value.path == "economics"
    with pytest.raises(CaseError) as err:
        case_economics(Case(title="T", seller="S", customer="C", economics=economics))
    assert err.value.path == "value"
    full = Case(title="T", seller="S", customer="C", economics=economics, value=value)
    assert case_economics(full) == assess_economics(economics, value)


# --------------------------------------------------------------------------- properties


@given(economics_sections(), value_sections(), st.floats(min_value=0, max_value=2e5))
def test_profit_plus_benefit_is_the_value_created_at_any_price(
    economics: Economics, value: Value, price: float
) -> None:
    eve = eve_expected_per_unit(value)
    r = assess_economics(economics, value, pocket_price_per_unit=price)
    price_free = value_created_per_period(economics, eve)
    scale = economics.volume_per_period * (abs(eve) + price + economics.variable_cost_per_unit)
    scale += economics.fixed_cost_per_period + economics.customer_cost_per_period
    assert_allclose(
        r.seller_profit_per_period + r.customer_net_benefit_per_period,
        price_free,
        rtol=0,
        atol=1e-12 * scale + 1e-9,
    )
    assert r.value_created_per_period == (
        r.seller_profit_per_period + r.customer_net_benefit_per_period
    )


@given(economics_sections(), value_sections(), relationship_sections())
def test_the_fair_price_gives_the_fair_share_whatever_the_batnas(
    economics: Economics, value: Value, relationship: Relationship
) -> None:
    r = assess_economics(economics, value, relationship)
    at_fair = assess_economics(
        economics, value, relationship, pocket_price_per_unit=r.fair_price_per_unit
    )
    # Independently of the share function: the gain over the BATNAs at the fair price is
    # the fair share of the joint gain, V (E - c_v) - F - C - B_S - B_C.
    e = eve_expected_per_unit(value)
    volume = economics.volume_per_period
    joint = (
        volume * (e - economics.variable_cost_per_unit)
        - economics.fixed_cost_per_period
        - economics.customer_cost_per_period
        - relationship.seller_batna_per_period
        - relationship.customer_batna_per_period
    )
    gain = (
        volume * (r.fair_price_per_unit - economics.variable_cost_per_unit)
        - economics.fixed_cost_per_period
        - relationship.seller_batna_per_period
    )
    scale = volume * (abs(e) + abs(r.fair_price_per_unit) + economics.variable_cost_per_unit)
    scale += economics.fixed_cost_per_period + economics.customer_cost_per_period + 2e5
    assert_allclose(gain, economics.fair_share * joint, rtol=0, atol=1e-9 * scale)
    assert_allclose(at_fair.joint_gain_per_period, joint, rtol=0, atol=1e-9 * scale)
    if at_fair.seller_share is None:
        assert at_fair.joint_gain_per_period <= 0
    elif at_fair.joint_gain_per_period > 1e-6 * scale:
        assert_allclose(at_fair.seller_share, economics.fair_share, atol=1e-6)


@given(economics_sections())
def test_the_waterfall_ends_at_list_less_every_discount(economics: Economics) -> None:
    total = sum(discount_per_unit(d, economics) for d in economics.discounts)
    steps = price_waterfall(economics)
    expected = economics.list_price_per_unit - total
    assert_allclose(steps[-1].price_after_per_unit, expected, atol=1e-6)
    assert invoice_price_per_unit(economics) >= pocket_price_per_unit(economics)
    running = [s.price_after_per_unit for s in steps]
    assert running == sorted(running, reverse=True)


def test_no_share_when_the_batnas_take_all_the_value_created() -> None:
    # Value created 135,000 (see the design case) but the BATNAs ask for 140,000 together:
    # nothing is left to share, so the share is undefined and flagged.
    economics, value = _pump_case()
    rel = Relationship(seller_batna_per_period=100000, customer_batna_per_period=40000)
    r = assess_economics(economics, value, rel)
    assert r.value_created_per_period == 135000.0
    assert r.joint_gain_per_period == -5000.0
    assert r.seller_share is None
    assert "no_value_created" in r.flag_codes
    assert r.zopa.exists is False
