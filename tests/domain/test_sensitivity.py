"""Sensitivity: every input +/-20% (retentions through their churn), sorted for a tornado."""

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


ALL_INPUTS = {
    "volume",
    "list_price",
    "discount",
    "variable_cost",
    "fixed_cost",
    "customer_cost",
    "seller_one_time_cost",
    "customer_one_time_cost",
    "reference_price",
    "driver_values",
    "retention_fair",
    "retention_one_sided",
    "seller_batna",
    "customer_batna",
    "seller_batr",
    "customer_batr",
    "growth_rate",
    "discount_rate",
    "fair_share",
}


def test_every_input_gets_a_row_sorted_by_swing() -> None:
    # DESIGN section 3: volume, list price, each discount, variable and fixed cost, customer
    # cost, one-time costs, the reference price, the drivers, both retentions, both BATNAs,
    # both BATRs, growth, discount rate and fair share.
    economics, value, relationship = _case()
    result = npv_sensitivity(economics, value, relationship)
    assert {r.input for r in result.rows} == ALL_INPUTS
    assert len(result.rows) == len(ALL_INPUTS)  # one discount
    assert len({r.path for r in result.rows}) == len(result.rows)
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


def test_inputs_at_zero_are_listed_with_no_swing() -> None:
    economics = Economics(
        volume_per_period=10,
        list_price_per_unit=100,
        discounts=(Discount(name="Nothing yet", kind="per_unit", amount=0.0),),
    )
    value = Value(
        reference=Reference(name="r", price_per_unit=150),
        drivers=(Driver(name="nothing", value_per_unit=0.0),),
    )
    result = npv_sensitivity(economics, value, Relationship(retention_fair=1.0))
    assert {r.input for r in result.rows} == ALL_INPUTS
    moved = {r.input for r in result.rows if r.swing > 0}
    assert moved == {
        "list_price",
        "volume",
        "reference_price",
        "retention_one_sided",
        "discount_rate",
        "fair_share",
    }
    still = [r for r in result.rows if r.input not in moved]
    assert [r.swing for r in result.rows[-len(still) :]] == [0.0] * len(still)
    for r in still:
        assert r.low_value == r.high_value == r.base_value
        assert (r.seller_npv_low, r.seller_npv_high) == (result.base_seller_npv,) * 2
        assert (r.customer_npv_low, r.customer_npv_high) == (result.base_customer_npv,) * 2
    # A retention of 1 has no churn to move.
    fair = _row(result.rows, "retention_fair")
    assert (fair.base_value, fair.swing) == (1.0, 0.0)


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


def test_the_retention_bars_move_churn_by_20_percent() -> None:
    # DESIGN section 3: a retention of 0.94 has a churn of 0.06; +/-20% of the churn gives
    # 0.072 and 0.048, so the bars sit at 0.928 and 0.952 (never 0.94 * 0.8 = 0.752).
    economics, value, _ = _case()
    relationship = Relationship(retention_fair=0.94, retention_one_sided=0.6)
    rows = npv_sensitivity(economics, value, relationship).rows
    fair = _row(rows, "retention_fair")
    assert_allclose([fair.low_value, fair.high_value], [0.928, 0.952], rtol=1e-12)
    assert_allclose((1 - fair.low_value) / (1 - fair.base_value), 1.2, rtol=1e-12)
    assert_allclose((1 - fair.high_value) / (1 - fair.base_value), 0.8, rtol=1e-12)
    one_sided = _row(rows, "retention_one_sided")  # churn 0.4 -> 0.48 and 0.32
    assert_allclose([one_sided.low_value, one_sided.high_value], [0.52, 0.68], rtol=1e-12)
    low = project_relationship(
        economics, value, relationship.model_copy(update={"retention_fair": 0.928})
    )
    assert_allclose(fair.seller_npv_low, low.seller_npv, rtol=1e-12)
    assert_allclose(fair.customer_npv_low, low.customer_npv, rtol=1e-12)


def test_retentions_are_clamped_and_keep_their_order() -> None:
    economics, value, _ = _case()
    rows = npv_sensitivity(
        economics, value, Relationship(retention_fair=0.9, retention_one_sided=0.89)
    ).rows
    fair = _row(rows, "retention_fair")
    assert fair.low_value == 0.89  # 1 - 0.12 = 0.88 stops at the one-sided 0.89
    assert_allclose(fair.high_value, 0.92)
    one_sided = _row(rows, "retention_one_sided")
    assert one_sided.high_value == 0.9  # 1 - 0.088 = 0.912 stops at the fair 0.9
    rows = npv_sensitivity(
        economics, value, Relationship(retention_fair=0.5, retention_one_sided=0.0)
    ).rows
    one_sided = _row(rows, "retention_one_sided")  # churn 1: +20% stops at 1
    assert one_sided.low_value == 0.0
    assert_allclose(one_sided.high_value, 0.2)


def test_each_discount_batna_batr_one_time_cost_and_rate_has_its_row() -> None:
    economics, value, relationship = _case()
    economics = economics.model_copy(
        update={
            "discounts": (
                *economics.discounts,
                Discount(name="Rebate", kind="per_period", amount=8000, on_invoice=False),
            )
        }
    )
    relationship = relationship.model_copy(
        update={
            "seller_batna_per_period": 10000,
            "customer_batna_per_period": 4000,
            "seller_batr_npv": 300000,
            "customer_batr_npv": 50000,
            "growth_rate": 0.02,
        }
    )
    result = npv_sensitivity(economics, value, relationship)
    rows = result.rows
    discounts = [r for r in rows if r.input == "discount"]
    assert sorted(r.path for r in discounts) == [
        "economics.discounts[0].amount",
        "economics.discounts[1].amount",
    ]
    rebate = next(r for r in discounts if r.label == "Discount: Rebate")
    assert (rebate.low_value, rebate.high_value) == (6400.0, 9600.0)
    moved = economics.model_copy(
        update={
            "discounts": (
                economics.discounts[0],
                economics.discounts[1].model_copy(update={"amount": 9600.0}),
            )
        }
    )
    assert rebate.seller_npv_high == project_relationship(moved, value, relationship).seller_npv

    # A one-time cost moves only its party's NPV, by 40% of itself.
    cost = _row(rows, "seller_one_time_cost")
    assert_allclose(cost.seller_npv_low - cost.seller_npv_high, 0.4 * 20000, rtol=1e-9)
    assert cost.customer_swing == 0.0

    # The BATNAs move the share (gains over the BATNAs) and so the retention and NPVs.
    batna = _row(rows, "seller_batna")
    assert (batna.low_value, batna.high_value) == (8000.0, 12000.0)
    high = project_relationship(
        economics, value, relationship.model_copy(update={"seller_batna_per_period": 12000.0})
    )
    assert batna.seller_npv_high == high.seller_npv
    assert batna.swing > 0

    # The BATRs do not enter an NPV: no swing, only the net COLR moves.
    batr = _row(rows, "seller_batr")
    assert batr.swing == 0.0
    base = project_relationship(economics, value, relationship)
    assert_allclose(batr.seller_colr_net_low, base.seller_colr - 240000, rtol=1e-12)
    assert_allclose(batr.seller_colr_net_high, base.seller_colr - 360000, rtol=1e-12)

    growth = _row(rows, "growth_rate")
    assert_allclose([growth.low_value, growth.high_value], [0.016, 0.024])
    assert growth.seller_npv_high > growth.seller_npv_low

    share = _row(rows, "fair_share")
    assert_allclose([share.low_value, share.high_value], [0.4, 0.6])


def test_the_fair_share_is_clamped_to_one() -> None:
    economics, value, relationship = _case()
    greedy = economics.model_copy(update={"fair_share": 0.9})
    row = _row(npv_sensitivity(greedy, value, relationship).rows, "fair_share")
    assert_allclose([row.low_value, row.high_value], [0.72, 1.0])


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
        "seller_colr_net_low",
        "seller_colr_net_high",
        "customer_colr_net_low",
        "customer_colr_net_high",
        "seller_swing",
        "customer_swing",
        "swing",
    ]
    plain = frame[~frame["input"].str.startswith("retention") & (frame["base_value"] != 0)]
    assert_allclose(plain["high_value"] / plain["base_value"], 1.1, rtol=1e-12)
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
    assert len(result.rows) == len(ALL_INPUTS) - 1 + len(economics.discounts)
    for r in result.rows:
        # An input at zero (for a retention: no churn) is listed with no swing.
        at_zero = r.base_value == 1.0 if r.input.startswith("retention") else r.base_value == 0
        if at_zero and r.input != "driver_values":
            assert r.swing == 0
        npvs = [r.seller_npv_low, r.seller_npv_high, r.customer_npv_low, r.customer_npv_high]
        assert all(math.isfinite(x) for x in npvs)
        if r.input.startswith("retention"):
            assert 0.0 <= r.low_value <= r.base_value <= r.high_value <= 1.0
            churn = 1.0 - r.base_value
            # Churn moves by 20% unless a bound (0, 1 or the other retention) stops it.
            assert 1.0 - r.low_value <= 1.2 * churn + 1e-12
            assert 1.0 - r.high_value >= 0.8 * churn - 1e-12
        if r.input == "retention_fair":
            assert r.low_value >= relationship.retention_one_sided
        if r.input == "retention_one_sided":
            assert r.high_value <= relationship.retention_fair
