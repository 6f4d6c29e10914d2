"""Sensitivity: each key input +/-20%, both parties' NPVs, sorted for a tornado."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
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
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.projection import project_relationship
from negotiation_lib.domain.sensitivity import (
    SensitivityRow,
    case_sensitivity,
    npv_sensitivity,
)
from tests.strategies import economics_sections, relationship_sections, value_sections


def _case() -> tuple[Economics, Value, Relationship]:
    economics = Economics(
        volume_per_period=40,
        list_price_per_unit=11500,
        discounts=(Discount(name="Volume", kind="percent", amount=5, principle="volume"),),
        variable_cost_per_unit=7000,
        fixed_cost_per_period=60000,
        seller_one_time_cost=20000,
        customer_cost_per_period=5000,
        customer_one_time_cost=15000,
    )
    value = Value(
        reference=Reference(name="Competitor pump", price_per_unit=10000),
        drivers=(
            Driver(name="Energy savings", value_per_unit=2500, confidence=0.8),
            Driver(name="Downtime", value_per_unit=600, confidence=0.5),
        ),
    )
    relationship = Relationship(retention_fair=0.9, retention_one_sided=0.8)
    return economics, value, relationship


def _row(rows: tuple[SensitivityRow, ...], code: str) -> SensitivityRow:
    return next(r for r in rows if r.input == code)


def test_every_non_zero_input_gets_a_row_sorted_by_swing() -> None:
    economics, value, relationship = _case()
    result = npv_sensitivity(economics, value, relationship)
    assert {r.input for r in result.rows} == {
        "list_price",
        "volume",
        "variable_cost",
        "fixed_cost",
        "customer_cost",
        "reference_price",
        "driver_values",
        "discount_rate",
        "retention_fair",
        "retention_one_sided",
    }
    swings = [r.swing for r in result.rows]
    assert swings == sorted(swings, reverse=True)
    for r in result.rows:
        assert r.seller_swing == abs(r.seller_npv_high - r.seller_npv_low)
        assert r.customer_swing == abs(r.customer_npv_high - r.customer_npv_low)
        assert r.swing == r.seller_swing + r.customer_swing
    base = project_relationship(economics, value, relationship)
    assert (result.base_seller_npv, result.base_customer_npv) == (
        base.seller_npv,
        base.customer_npv,
    )


def test_inputs_that_are_zero_are_skipped() -> None:
    economics = Economics(volume_per_period=10, list_price_per_unit=100)
    value = Value(
        reference=Reference(name="r", price_per_unit=150),
        drivers=(Driver(name="nothing", value_per_unit=0.0),),
    )
    codes = {r.input for r in npv_sensitivity(economics, value, Relationship()).rows}
    assert codes == {
        "list_price",
        "volume",
        "reference_price",
        "discount_rate",
        "retention_fair",
        "retention_one_sided",
    }


def test_each_row_is_the_projection_with_that_one_input_moved() -> None:
    economics, value, relationship = _case()
    rows = npv_sensitivity(economics, value, relationship).rows

    fixed = _row(rows, "fixed_cost")
    assert (fixed.base_value, fixed.low_value, fixed.high_value) == (60000.0, 48000.0, 72000.0)
    low = project_relationship(
        economics.model_copy(update={"fixed_cost_per_period": 48000.0}), value, relationship
    )
    assert fixed.seller_npv_low == low.seller_npv
    assert fixed.customer_npv_low == low.customer_npv

    drivers = _row(rows, "driver_values")
    assert_allclose([drivers.low_value, drivers.high_value], [0.8 * 3100, 1.2 * 3100])
    scaled = value.model_copy(
        update={
            "drivers": tuple(
                d.model_copy(update={"value_per_unit": 1.2 * d.value_per_unit})
                for d in value.drivers
            )
        }
    )
    high = project_relationship(economics, scaled, relationship)
    assert drivers.customer_npv_high == high.customer_npv

    rate = _row(rows, "discount_rate")
    assert_allclose([rate.low_value, rate.high_value], [0.064, 0.096])
    assert rate.seller_npv_low > rate.seller_npv_high  # a lower rate values the future more


def test_a_list_price_move_flows_through_the_percent_discounts() -> None:
    economics, value, relationship = _case()
    row = _row(npv_sensitivity(economics, value, relationship).rows, "list_price")
    moved = economics.model_copy(update={"list_price_per_unit": 11500 * 1.2})
    expected = project_relationship(economics, value, relationship, pocket_price_per_unit=13110)
    assert project_relationship(moved, value, relationship).pocket_price_per_unit == 13110.0
    assert row.seller_npv_high == expected.seller_npv


def test_probabilities_are_clamped_and_the_retentions_keep_their_order() -> None:
    economics, value, relationship = _case()  # fair 0.9, one-sided 0.8
    rows = npv_sensitivity(economics, value, relationship).rows
    fair = _row(rows, "retention_fair")
    assert (fair.low_value, fair.high_value) == (0.8, 1.0)  # 0.72 stops at one-sided 0.8
    one_sided = _row(rows, "retention_one_sided")
    assert_allclose(one_sided.low_value, 0.64)
    assert one_sided.high_value == 0.9  # 0.96 stops at fair 0.9


def test_to_frame_gives_one_row_per_input_in_tornado_order() -> None:
    economics, value, relationship = _case()
    result = npv_sensitivity(economics, value, relationship, change=0.1)
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["input"]) == [r.input for r in result.rows]
    assert list(frame.columns) == [
        "input",
        "label",
        "path",
        "base_value",
        "low_value",
        "high_value",
        "seller_npv_low",
        "seller_npv_high",
        "customer_npv_low",
        "customer_npv_high",
        "seller_swing",
        "customer_swing",
        "swing",
    ]
    assert_allclose(frame["high_value"] / frame["base_value"], 1.1, rtol=1e-12)
    assert result.change == 0.1


@pytest.mark.parametrize("change", [0.0, 1.0, -0.2, 1.5])
def test_the_change_must_be_between_zero_and_one(change: float) -> None:
    economics, value, relationship = _case()
    with pytest.raises(CaseError) as err:
        npv_sensitivity(economics, value, relationship, change=change)
    assert err.value.path == "change"


def test_case_sensitivity_needs_economics_and_value() -> None:
    economics, value, relationship = _case()
    with pytest.raises(CaseError) as err:
        case_sensitivity(Case(title="T", seller="S", customer="C", economics=economics))
    assert err.value.path == "value"
    case = Case(
        title="T",
        seller="S",
        customer="C",
        economics=economics,
        value=value,
        relationship=relationship,
    )
    assert case_sensitivity(case) == npv_sensitivity(economics, value, relationship)


@settings(max_examples=30, deadline=None)
@given(economics_sections(), value_sections(), relationship_sections())
def test_property_rows_are_finite_clamped_and_sorted(
    economics: Economics, value: Value, relationship: Relationship
) -> None:
    result = npv_sensitivity(economics, value, relationship)
    swings = [r.swing for r in result.rows]
    assert swings == sorted(swings, reverse=True)
    for r in result.rows:
        assert r.base_value != 0 or r.input == "driver_values"
        npvs = [r.seller_npv_low, r.seller_npv_high, r.customer_npv_low, r.customer_npv_high]
        assert all(math.isfinite(x) for x in npvs)
        if r.input.startswith("retention"):
            assert 0.0 <= r.low_value <= r.high_value <= 1.0
        if r.input == "retention_fair":
            assert r.low_value >= relationship.retention_one_sided
        if r.input == "retention_one_sided":
            assert r.high_value <= relationship.retention_fair
