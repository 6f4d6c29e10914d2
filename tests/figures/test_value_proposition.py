"""Value-proposition figures: the EVE waterfall, the moves map, strategic fit; shared style."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from numpy.testing import assert_allclose

from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain.case import Case, Driver, Move, Priority, Reference, Strategy, Value
from negotiation_lib.domain.strategy import assess_strategy
from negotiation_lib.domain.value import assess_value
from negotiation_lib.figures import style
from negotiation_lib.figures.value_proposition import eve_waterfall, moves_map, strategic_fit_chart
from negotiation_lib.formatting import money, percent
from tests.figures import (
    MALICIOUS,
    assert_no_markup_injection,
    decoded_json,
    title_text,
    trace,
    traces_of_type,
)


@pytest.fixture(params=sample_case_names())
def case(request: pytest.FixtureRequest) -> Case:
    return load_sample_case(request.param)


def _value(case: Case) -> Value:
    assert case.value is not None
    return case.value


def _strategy(case: Case) -> Strategy:
    assert case.strategy is not None
    return case.strategy


# --------------------------------------------------------------------------- EVE waterfall


def test_eve_waterfall_steps_add_up_to_the_eve(case: Case) -> None:
    value = _value(case)
    result = assess_value(value)
    fig = eve_waterfall(value, result, currency=case.currency, unit=case.unit)
    (bars,) = traces_of_type(fig, "waterfall")
    measure, y = list(bars.measure), list(bars.y)
    assert measure == ["absolute"] + ["relative"] * len(value.drivers) + ["total"]
    assert_allclose(
        sum(v for m, v in zip(measure, y, strict=True) if m != "total"), result.eve_per_unit
    )
    assert_allclose(y[-1], result.eve_per_unit)
    assert_allclose(y[0], result.reference_per_unit)
    assert_allclose(y[1:-1], [d.value_per_unit for d in value.drivers])


def test_eve_waterfall_marks_the_confidence_weighted_eve(case: Case) -> None:
    value = _value(case)
    result = assess_value(value)
    fig = eve_waterfall(value, result, currency=case.currency, unit=case.unit)
    (line,) = [s for s in fig.layout.shapes if s.name and "Confidence-weighted" in s.name]
    assert_allclose([line.y0, line.y1], [result.eve_expected_per_unit] * 2)
    shown = money(result.eve_expected_per_unit, case.currency, 2, trim=True)
    assert any(shown in (a.text or "") for a in fig.layout.annotations)


def test_eve_waterfall_names_every_driver_and_its_confidence(case: Case) -> None:
    value = _value(case)
    fig = eve_waterfall(value, assess_value(value), currency=case.currency, unit=case.unit)
    (bars,) = traces_of_type(fig, "waterfall")
    assert len(fig.layout.xaxis.ticktext) == len(value.drivers) + 2
    for info, driver in zip(bars.customdata[1:-1], value.drivers, strict=True):
        assert info[0].startswith(style.safe(driver.name))
        assert f"confidence {percent(driver.confidence)}" in info[0]
    assert f"{case.currency} per {case.unit}" in fig.layout.yaxis.title.text


def test_eve_waterfall_without_drivers_shows_the_reference_and_the_total() -> None:
    value = Value(reference=Reference(name="Competitor", price_per_unit=500))
    result = assess_value(value)
    fig = eve_waterfall(value, result, currency="EUR", unit="unit")
    (bars,) = traces_of_type(fig, "waterfall")
    assert list(bars.measure) == ["absolute", "total"]
    assert_allclose(list(bars.y), [result.reference_per_unit, result.eve_per_unit])
    fig.to_json()


def test_eve_waterfall_escapes_driver_and_reference_names() -> None:
    value = Value(
        reference=Reference(name=MALICIOUS, price_per_unit=100),
        drivers=(Driver(name=MALICIOUS, value_per_unit=20, evidence=MALICIOUS),),
    )
    fig = eve_waterfall(value, assess_value(value), currency="<b>", unit="<i>u</i>")
    assert_no_markup_injection(fig)
    assert "<b>" not in fig.layout.yaxis.title.text


# --------------------------------------------------------------------------- moves map


def test_moves_map_places_each_move_at_its_expected_benefit_and_damage(case: Case) -> None:
    strategy = _strategy(case)
    result = assess_strategy(strategy)
    fig = moves_map(strategy, result, currency=case.currency)
    expected = {style.safe(m.name): m for m in result.moves}
    seen = []
    for decision in ("compete", "avoid"):
        pts = [m for m in result.moves if m.decision == decision]
        if not pts:
            continue
        t = trace(fig, f"{decision.capitalize()}: expected value")
        for x, y, info in zip(t.x, t.y, t.customdata, strict=True):
            move = expected[info[0]]
            assert move.decision == decision
            assert_allclose(x - y, move.expected_value, atol=1e-6)
            seen.append(info[0])
    assert sorted(seen) == sorted(expected)


def test_moves_map_inputs_give_the_coordinates(case: Case) -> None:
    strategy = _strategy(case)
    fig = moves_map(strategy, assess_strategy(strategy), currency=case.currency)
    by_name = {style.safe(m.name): m for m in strategy.moves}
    for t in traces_of_type(fig, "scatter"):
        if t.customdata is None:
            continue
        for x, y, info in zip(t.x, t.y, t.customdata, strict=True):
            move = by_name[info[0]]
            assert_allclose(x, move.cooperation_probability * move.cooperation_benefit)
            assert_allclose(y, move.retaliation_probability * move.retaliation_damage)


def test_moves_map_draws_the_break_even_diagonal_over_equal_ranges(case: Case) -> None:
    strategy = _strategy(case)
    fig = moves_map(strategy, assess_strategy(strategy), currency=case.currency)
    diagonal = trace(fig, "Break-even")
    assert list(diagonal.x) == list(diagonal.y)
    assert list(fig.layout.xaxis.range) == list(fig.layout.yaxis.range)
    largest = max(max(t.x) for t in fig.data if t.customdata is not None)
    assert fig.layout.xaxis.range[1] > largest


def test_moves_map_without_moves_says_what_to_do() -> None:
    strategy = Strategy()
    fig = moves_map(strategy, assess_strategy(strategy), currency="EUR")
    assert all(t.customdata is None for t in fig.data)
    assert any("Add candidate moves" in (a.text or "") for a in fig.layout.annotations)
    fig.to_json()


def test_moves_map_escapes_move_names() -> None:
    strategy = Strategy(
        moves=(
            Move(
                name=MALICIOUS,
                cooperation_probability=0.5,
                cooperation_benefit=100,
                retaliation_probability=0.5,
                retaliation_damage=300,
            ),
        )
    )
    assert_no_markup_injection(moves_map(strategy, assess_strategy(strategy), currency="EUR"))


# --------------------------------------------------------------------------- strategic fit


def test_strategic_fit_bars_give_the_fit(case: Case) -> None:
    strategy = _strategy(case)
    fit = assess_strategy(strategy).fit
    assert fit is not None
    fig = strategic_fit_chart(strategy, fit)
    served = sum(trace(fig, "Served by this deal").x)
    not_served = sum(trace(fig, "Not served").x)
    assert_allclose(served / (served + not_served), fit)
    assert percent(fit) in title_text(fig)
    assert len(fig.layout.yaxis.ticktext) == len(strategy.priorities)


def test_strategic_fit_bars_share_one_width_and_one_row_each(case: Case) -> None:
    strategy = _strategy(case)
    fig = strategic_fit_chart(strategy, assess_strategy(strategy).fit)
    bars = traces_of_type(fig, "bar")
    assert len({b.width for b in bars}) == 1
    assert bars[0].width is not None
    rows = sorted(y for b in bars for y in b.y)
    assert rows == list(range(len(strategy.priorities)))


def test_strategic_fit_without_priorities_is_not_assessed() -> None:
    strategy = Strategy()
    fig = strategic_fit_chart(strategy, assess_strategy(strategy).fit)
    assert "not assessed yet" in title_text(fig)
    fig.to_json()


def test_strategic_fit_escapes_priority_names() -> None:
    strategy = Strategy(priorities=(Priority(name=MALICIOUS, weight=2, supported=True),))
    assert_no_markup_injection(strategic_fit_chart(strategy, assess_strategy(strategy).fit))


# --------------------------------------------------------------------------- serialization


def test_every_value_figure_serializes(case: Case) -> None:
    value, strategy = _value(case), _strategy(case)
    result = assess_strategy(strategy)
    for fig in (
        eve_waterfall(value, assess_value(value), currency=case.currency, unit=case.unit),
        moves_map(strategy, result, currency=case.currency),
        strategic_fit_chart(strategy, result.fit),
    ):
        data = json.loads(fig.to_json())
        assert data["data"]
        assert data["layout"]["title"]["text"]


# --------------------------------------------------------------------------- shared style


def test_safe_leaves_no_tag_and_no_entity_plotly_cannot_read() -> None:
    text = style.safe(f"{MALICIOUS} \"quoted\" 'single' & more")
    assert "<" not in text
    assert ">" not in text
    # Plotly decodes numeric entities but not &quot;, which would show literally.
    assert "&quot;" not in text
    assert "&#34;quoted&#34;" in text


def test_wrap_escapes_before_it_breaks_lines() -> None:
    wrapped = style.wrap(f"Bundle {MALICIOUS} service", 12)
    assert "<img" not in wrapped
    assert "<br>" in wrapped


def test_the_markup_check_catches_an_unescaped_name() -> None:
    # Guards the guard: plotly writes "<" as \u003c, so only the decoded JSON shows the tag.
    raw = go.Figure(go.Bar(name=MALICIOUS, x=[1], y=[1]))
    assert "<img" not in raw.to_json()
    assert "<img" in decoded_json(raw)
    with pytest.raises(AssertionError):
        assert_no_markup_injection(raw)


def test_base_layout_applies_the_shared_template() -> None:
    layout = style.base_layout("Title", subtitle="More")
    assert layout.template.layout.plot_bgcolor == "white"
    assert layout.title.text == "Title"
    assert layout.title.subtitle.text == "More"
