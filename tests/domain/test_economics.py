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
    pocket_price_per_unit,
    price_waterfall,
    seller_profit_per_period,
    seller_share,
    value_created_per_period,
    zopa,
)
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.value import eve_per_unit
from tests.strategies import economics_sections, relationship_sections, value_sections


def _pump_case() -> tuple[Economics, Value]:
    """The worked case of the design notes (section 4): PumpCo and Acme Foods."""
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
    economics, value = _pump_case()
    r = assess_economics(economics, value)
    assert r.pocket_price_per_unit == 12350.0  # 13,000 less 5%
    assert r.eve_per_unit == 12500.0  # 10,000 + 2,500
    assert r.seller_margin_per_unit == 5350.0
    assert r.seller_profit_per_period == 154000.0  # 40 * (12,350 - 7,000) - 60,000
    assert r.customer_net_benefit_per_period == 1000.0  # 40 * (12,500 - 12,350) - 5,000
    assert r.value_created_per_period == 155000.0
    assert r.seller_share is not None
    assert_allclose(r.seller_share, 154000 / 155000)
    assert (r.zopa.floor_per_unit, r.zopa.ceiling_per_unit, r.zopa.exists) == (
        8500.0,
        12375.0,
        True,
    )
    assert r.fair_price_per_unit == 10437.5  # 8,500 + 0.5 * (12,375 - 8,500)
    assert not r.price_overridden


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
    eve = eve_per_unit(value)
    with_batnas = zopa(
        economics,
        eve,
        Relationship(seller_batna_per_period=20000, customer_batna_per_period=-4000),
    )
    assert with_batnas.floor_per_unit == 9000.0  # 7,000 + (60,000 + 20,000) / 40
    assert with_batnas.ceiling_per_unit == 12475.0  # 12,500 - (5,000 - 4,000) / 40
    assert zopa(economics, eve, None) == zopa(economics, eve, Relationship())


def test_no_zopa_when_the_floor_is_above_the_ceiling() -> None:
    economics, value = _pump_case()
    zone = zopa(economics, eve_per_unit(value), Relationship(seller_batna_per_period=200000))
    assert zone.floor_per_unit > zone.ceiling_per_unit
    assert zone.exists is False


def test_fair_price_sits_at_the_fair_share_of_the_zopa() -> None:
    economics, value = _pump_case()
    zone = zopa(economics, eve_per_unit(value))
    assert fair_price_per_unit(zone, 0.0) == zone.floor_per_unit
    assert fair_price_per_unit(zone, 1.0) == zone.ceiling_per_unit
    assert fair_price_per_unit(zone, 0.25) == 8500.0 + 0.25 * 3875.0
    tilted = economics.model_copy(update={"fair_share": 0.6})
    assert assess_economics(tilted, value).fair_price_per_unit == 8500.0 + 0.6 * 3875.0


def test_an_explicit_price_is_evaluated_but_the_waterfall_stays_the_case_s() -> None:
    economics, value = _pump_case()
    r = assess_economics(economics, value, pocket_price_per_unit=10437.5)
    assert r.price_overridden
    assert r.pocket_price_per_unit == 10437.5
    assert r.invoice_price_per_unit == 12350.0
    assert r.waterfall[-1].price_after_per_unit == 12350.0
    assert r.seller_share is not None
    assert_allclose(r.seller_share, 0.5)  # zero BATNAs: the fair price gives the fair share
    assert seller_profit_per_period(economics, pocket_price_per_unit=10437.5) == 77500.0
    assert customer_net_benefit_per_period(economics, 12500.0, pocket_price_per_unit=10437.5) == (
        77500.0
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
    assert r.flag_codes == ("seller_captures_more_than_worth", "discount_exceeds_saving")
    saving = r.flags[1]
    assert saving.discount == "Volume"
    assert "'Volume'" in saving.message
    assert "650.00" in saving.message
    assert "400.00" in saving.message
    assert saving.path == "economics.discounts[0].seller_saving_per_unit"


def test_price_flags_fire_outside_the_zopa_and_not_at_its_edges() -> None:
    economics, value = _pump_case()
    assert (
        "price_above_ceiling"
        in assess_economics(economics, value, pocket_price_per_unit=12400).flag_codes
    )
    assert (
        "price_below_floor"
        in assess_economics(economics, value, pocket_price_per_unit=8400).flag_codes
    )
    for edge in (8500.0, 12375.0):
        codes = assess_economics(economics, value, pocket_price_per_unit=edge).flag_codes
        assert "price_above_ceiling" not in codes
        assert "price_below_floor" not in codes


def test_share_flags_fire_beyond_a_tenth_of_the_fair_share_either_way() -> None:
    economics, value = _pump_case()

    # Value created is 155,000; each 387.5 of price moves the seller's share by 0.1.
    def codes(price: float) -> tuple[str, ...]:
        return assess_economics(economics, value, pocket_price_per_unit=price).flag_codes

    assert "seller_captures_more_than_worth" not in codes(10437.5 + 387.5)
    assert "seller_captures_more_than_worth" in codes(10437.5 + 400)
    assert "customer_captures_more_than_worth" not in codes(10437.5 - 387.5)
    assert "customer_captures_more_than_worth" in codes(10437.5 - 400)


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
    eve = eve_per_unit(value)
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


@given(economics_sections(), value_sections(), relationship_sections(zero_batnas=True))
def test_with_zero_batnas_the_fair_price_gives_the_fair_share(
    economics: Economics, value: Value, relationship: Relationship
) -> None:
    r = assess_economics(economics, value, relationship)
    at_fair = assess_economics(
        economics, value, relationship, pocket_price_per_unit=r.fair_price_per_unit
    )
    if at_fair.seller_share is None:
        assert at_fair.value_created_per_period <= 0
    elif at_fair.value_created_per_period > 1e-6 * (
        economics.volume_per_period * economics.list_price_per_unit + 1
    ):
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
