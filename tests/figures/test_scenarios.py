"""The scenario charts: the projection curves overlaid, and the prices and split per scenario."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_lib.assessment import assess_case
from negotiation_lib.datasets import load_pumpco_acme_foods
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.economics import case_economics
from negotiation_lib.domain.projection import case_projection
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.figures.scenarios import ScenarioResult, scenario_curves, scenario_prices
from negotiation_lib.scenarios import apply_overrides

PAYLOAD = "<img src=x onerror=alert(1)>"
OVERRIDES: dict[str, dict[str, object]] = {
    "Lower retention": {"relationship.retention_one_sided": 0.4},
    PAYLOAD: {"economics.volume_per_period": 80},
}


def _cases() -> dict[str, Case]:
    base = load_pumpco_acme_foods()
    document = base.model_dump(mode="json")
    out = {"The case": base}
    for name, overrides in OVERRIDES.items():
        out[name] = parse_case(apply_overrides(document, overrides, name))
    return out


@pytest.fixture(scope="module")
def results() -> list[ScenarioResult]:
    out = []
    for k, (name, case) in enumerate(_cases().items()):
        a = assess_case(case)
        out.append(ScenarioResult(name, a.economics, a.projection, base=k == 0))
    return out


def test_one_curve_per_scenario_equal_to_the_projection(results: list[ScenarioResult]) -> None:
    fig = scenario_curves(results, seller="PumpCo", currency="EUR")
    assert len(fig.data) == 6
    fair, tough = fig.data[:3], fig.data[3:]
    for traces, deal, axis in ((fair, "trust", "x"), (tough, "cpt", "x2")):
        assert [t.line.dash for t in traces] == ["solid", "dash", "dash"]
        assert {t.xaxis for t in traces} == {axis}
        for trace, case in zip(traces, _cases().values(), strict=True):
            # The domain's projection, not the assessment the chart was drawn from.
            scenario = getattr(case_projection(case).scenarios, deal)
            np.testing.assert_allclose(trace.y, scenario.seller.cumulative_npv)
            np.testing.assert_array_equal(trace.x, scenario.seller.repetition)
    # Lower retention after a one-sided deal lowers the tough deal's curve only; double
    # volume raises both.
    assert tough[1].y[-1] < tough[0].y[-1] < tough[2].y[-1]
    assert fair[1].y[-1] == pytest.approx(fair[0].y[-1])
    assert fair[2].y[-1] > fair[0].y[-1]
    assert [t.showlegend for t in fig.data] == [True] * 3 + [False] * 3


def test_names_are_escaped(results: list[ScenarioResult]) -> None:
    curves = scenario_curves(results, seller="<b>S</b>", currency="EUR")
    prices = scenario_prices(results, seller="<b>S</b>", currency="EUR", unit="pump")
    assert curves.data[2].name == curves.data[5].name == "&lt;img src=x onerror=alert(1)&gt;"
    assert "<b>" not in (curves.layout.title.text or "")
    assert all(PAYLOAD not in str(x) for t in prices.data for x in t.x)
    assert all("<b>S" not in (t.name or "") for t in prices.data)


def test_prices_and_split_per_scenario(results: list[ScenarioResult]) -> None:
    fig = scenario_prices(results, seller="PumpCo", currency="EUR", unit="pump")
    fair, best, share, fair_share = fig.data
    assert len(fair.x) == 3
    assert list(fair.x) == list(best.x) == list(share.x)
    for k, case in enumerate(_cases().values()):
        e = case_economics(case)
        p = case_projection(case)
        assert fair.y[k] == pytest.approx(e.fair_price_per_unit)
        assert p.seller_optimal is not None
        assert best.y[k] == pytest.approx(p.seller_optimal.price_per_unit)
        assert share.y[k] == pytest.approx(e.seller_share)
        assert fair_share.y[k] == pytest.approx(e.fair_share)
    assert share.yaxis == "y2"
    assert fig.layout.yaxis2.tickformat == ".0%"
    assert "EUR per pump" in fig.layout.yaxis.title.text


def test_a_scenario_without_results_is_left_out(results: list[ScenarioResult]) -> None:
    broken = [*results, ScenarioResult("Refused", None, None)]
    assert len(scenario_curves(broken, seller="S", currency="EUR").data) == 6
    assert len(scenario_prices(broken, seller="S", currency="EUR", unit="u").data[0].x) == 3
