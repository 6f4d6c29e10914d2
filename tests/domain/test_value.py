"""EVE, expected EVE and the strength score."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from negotiation_lib.domain.case import Driver, Reference, Value
from negotiation_lib.domain.value import (
    assess_value,
    eve_expected_per_unit,
    eve_per_unit,
    strength_score,
)
from tests.strategies import money, probability, signed_money

drivers = st.lists(
    st.builds(
        Driver,
        name=st.uuids().map(str),
        value_per_unit=signed_money,
        confidence=probability,
        evidence=st.sampled_from(["", "metered trial"]),
    ),
    max_size=6,
)
values = st.builds(
    Value,
    reference=st.builds(Reference, name=st.just("alternative"), price_per_unit=money),
    drivers=drivers.map(tuple),
)


def test_atlantic_computer_eve() -> None:
    # Atlantic Computer pricing case (Harvard Business School teaching case), economic value
    # estimation of the bundle: reference value 6,800 plus differentiation values
    # 4,000 + 500 + 1,500 = 12,800 per unit.
    v = Value(
        reference=Reference(name="Competitor servers", price_per_unit=6800),
        drivers=(
            Driver(name="d1", value_per_unit=4000),
            Driver(name="d2", value_per_unit=500),
            Driver(name="d3", value_per_unit=1500),
        ),
    )
    assert eve_per_unit(v) == 12_800


def test_negative_differentiation_lowers_eve() -> None:
    # Nagle & Holden: negative differentiation value (where the offer is worse than the
    # alternative) is subtracted from the reference value.
    v = Value(
        reference=Reference(name="r", price_per_unit=10_000),
        drivers=(
            Driver(name="energy", value_per_unit=2500),
            Driver(name="training needed", value_per_unit=-300),
        ),
    )
    r = assess_value(v)
    assert (r.positive_per_unit, r.negative_per_unit, r.eve_per_unit) == (2500, 300, 12_200)


@given(values)
def test_eve_is_reference_plus_the_net_of_drivers(v: Value) -> None:
    r = assess_value(v)
    net = sum(d.value_per_unit for d in v.drivers)
    assert_allclose(r.eve_per_unit, v.reference.price_per_unit + net, atol=1e-6)
    assert_allclose(r.positive_per_unit - r.negative_per_unit, net, atol=1e-6)


@given(values)
def test_full_confidence_expected_eve_equals_eve(v: Value) -> None:
    sure = v.model_copy(
        update={"drivers": tuple(d.model_copy(update={"confidence": 1.0}) for d in v.drivers)}
    )
    assert_allclose(eve_expected_per_unit(sure), eve_per_unit(sure), atol=1e-6)


@given(values)
def test_strength_is_bounded(v: Value) -> None:
    assert 0 <= strength_score(v) <= 100


@given(values, st.data())
def test_strength_never_falls_when_a_driver_gains_confidence_or_evidence(
    v: Value, data: st.DataObject
) -> None:
    if not v.drivers:
        return
    k = data.draw(st.integers(0, len(v.drivers) - 1))
    d = v.drivers[k]
    better = d.model_copy(
        update={
            "confidence": data.draw(st.floats(d.confidence, 1.0)),
            "evidence": d.evidence or data.draw(st.sampled_from(["", "reference customer"])),
        }
    )
    improved = v.model_copy(update={"drivers": (*v.drivers[:k], better, *v.drivers[k + 1 :])})
    assert strength_score(improved) >= strength_score(v) - 1e-9


def test_strength_scores_a_fully_evidenced_certain_proposition_at_100() -> None:
    v = Value(
        reference=Reference(name="r", price_per_unit=1),
        drivers=(Driver(name="a", value_per_unit=5, confidence=1, evidence="audit"),),
    )
    assert strength_score(v) == 100
    assert strength_score(Value(reference=Reference(name="r", price_per_unit=1))) == 0
