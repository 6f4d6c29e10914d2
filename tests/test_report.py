"""The report (design notes, section 5): every key present whenever its inputs are."""

from __future__ import annotations

import json
from typing import Any

import pytest
from numpy.testing import assert_allclose

from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.economics import case_economics
from negotiation_lib.domain.projection import case_projection
from negotiation_lib.domain.trust import assess_trust
from negotiation_lib.domain.value import assess_value
from negotiation_lib.domain.win_win import assess_win_win
from negotiation_lib.report import build_report, chosen_package, report_markdown

# The dotted keys of the report contract; "[]" marks a list whose items carry the keys after it.
CONTRACT = """
value.eve_per_unit value.eve_expected_per_unit value.strength_score
strategy.fit strategy.moves[].name strategy.moves[].expected_value strategy.moves[].decision
economics.invoice_price_per_unit economics.pocket_price_per_unit
economics.seller_profit_per_period economics.customer_net_benefit_per_period
economics.value_created_per_period economics.seller_share economics.zopa.floor_per_unit
economics.zopa.ceiling_per_unit economics.zopa.exists economics.fair_price_per_unit
economics.flags[]
projection.retention projection.seller_npv projection.customer_npv projection.seller_colr
projection.customer_colr projection.seller_colr_net projection.customer_colr_net
projection.seller_batna_npv projection.customer_batna_npv
projection.seller_optimal.price_per_unit projection.seller_optimal.seller_share
projection.seller_optimal.seller_npv projection.seller_optimal.customer_npv
projection.break_even_loyalty economics.joint_gain_per_period
projection.scenarios.trust.seller_npv
projection.scenarios.trust.customer_npv projection.scenarios.cpt.seller_npv
projection.scenarios.cpt.customer_npv projection.crossover_repetition
trust.seller_view.score trust.customer_view.score trust.style.relationship
trust.style.transparency trust.style.long_term trust.style.overall trust.ready_for_win_win
win_win.packages[].name win_win.packages[].seller_utility win_win.packages[].customer_utility
win_win.packages[].feasible win_win.packages[].win_win win_win.packages[].pareto_efficient
win_win.packages[].improvement win_win.packages[].economics.pocket_price_per_unit
win_win.packages[].economics.seller_share win_win.packages[].economics.seller_npv
win_win.packages[].economics.customer_npv
win_win.frontier[].values win_win.frontier[].seller_utility win_win.frontier[].customer_utility
win_win.nash[] win_win.kalai_smorodinsky[] win_win.egalitarian[] missing[]
""".split()  # noqa: SIM905 - the contract reads best as the design notes write it


def lookup(report: dict[str, Any], dotted: str) -> list[Any]:
    """Every value at a dotted path; list steps ("moves[]") fan out over the items."""
    found: list[Any] = [report]
    for part in dotted.split("."):
        step: list[Any] = []
        for node in found:
            name = part.removesuffix("[]")
            assert isinstance(node, dict), dotted
            assert name in node, f"{dotted}: no {name!r}"
            value = node[name]
            if part.endswith("[]"):
                assert isinstance(value, list), dotted
                step.extend(value)
            else:
                step.append(value)
        found = step
    return found


@pytest.fixture(params=sample_case_names())
def sample(request: pytest.FixtureRequest) -> Case:
    return load_sample_case(request.param)


def test_every_contract_key_is_present_for_every_sample_case(sample: Case) -> None:
    report = build_report(sample)
    for key in CONTRACT:
        lookup(report, key)
    assert report["missing"] == []
    assert report["win_win"]["nash"], "a complete sample case has a Nash point"


def test_report_is_strict_json(sample: Case) -> None:
    text = json.dumps(build_report(sample), allow_nan=False)
    assert json.loads(text)["title"] == sample.title


def test_report_numbers_are_the_library_numbers(sample: Case) -> None:
    report = build_report(sample)
    econ = case_economics(sample)
    proj = case_projection(sample)
    assert sample.value is not None
    assert report["value"]["eve_per_unit"] == assess_value(sample.value).eve_per_unit
    assert report["economics"]["pocket_price_per_unit"] == econ.pocket_price_per_unit
    assert report["economics"]["zopa"]["exists"] == econ.zopa.exists
    assert report["projection"]["seller_npv"] == proj.seller_npv
    assert report["projection"]["scenarios"]["trust"]["customer_npv"] == (
        proj.scenarios.trust.customer_npv
    )
    assert sample.win_win is not None
    ww = assess_win_win(sample.win_win, zopa=econ.zopa)
    assert [p["name"] for p in report["win_win"]["packages"]] == [p.name for p in ww.packages]


def test_value_created_splits_into_the_two_parties_shares(sample: Case) -> None:
    e = build_report(sample)["economics"]
    assert_allclose(
        e["seller_profit_per_period"] + e["customer_net_benefit_per_period"],
        e["value_created_per_period"],
        rtol=1e-12,
    )


def test_same_seed_same_report_other_seed_other_bands(sample: Case) -> None:
    a, b = build_report(sample, seed=7), build_report(sample, seed=7)
    assert a == b
    c = build_report(sample, seed=8)
    assert a["projection"]["monte_carlo"] != c["projection"]["monte_carlo"]


def test_the_proposed_package_is_win_win_and_gets_two_memos(sample: Case) -> None:
    w = build_report(sample)["win_win"]
    chosen = next(p for p in w["packages"] if p["name"] == w["chosen_package"])
    assert chosen["win_win"]
    assert w["memos"]["seller"]["party"] == "seller"
    assert w["memos"]["customer"]["party"] == "customer"
    assert w["memos"]["seller"]["verdict"] == "win"
    assert sample.seller in w["memos"]["seller"]["text"]
    assert sample.customer in w["memos"]["customer"]["text"]


def test_chosen_package_maximizes_the_nash_product_among_win_win_packages(sample: Case) -> None:
    assert sample.win_win is not None
    r = assess_win_win(sample.win_win, zopa=case_economics(sample).zopa)
    chosen = chosen_package(r)
    assert chosen is not None
    ds, dc = r.disagreement
    products = [
        (p.seller_utility - ds) * (p.customer_utility - dc) for p in r.packages if p.win_win
    ]
    assert (chosen.seller_utility - ds) * (chosen.customer_utility - dc) == max(products)


def test_moved_goalposts_are_reported() -> None:
    w = build_report(load_sample_case("swiftfreight_helios"))["win_win"]
    assert w["goalposts_moved"] == {"seller": False, "customer": True}
    [amendment] = w["amendments"]["customer"]
    assert amendment["version"] == 2
    assert any("Weight of" in c for c in amendment["changes"])


def test_a_case_with_only_the_trust_section() -> None:
    case = load_sample_case("pumpco_acme_foods")
    only_trust = Case(
        title=case.title, seller=case.seller, customer=case.customer, trust=case.trust
    )
    report = build_report(only_trust)
    assert set(report) == {
        "title",
        "seller",
        "customer",
        "currency",
        "unit",
        "period",
        "trust",
        "missing",
    }
    assert case.trust is not None
    expected = assess_trust(case.trust)
    assert expected.customer_view is not None
    assert report["trust"]["customer_view"]["score"] == expected.customer_view.score
    assert report["missing"] == ["strategy", "value", "economics", "relationship", "win_win"]
    assert "## Not filled in yet" in report_markdown(only_trust, report)


def test_economics_without_value_waits_for_the_value_section() -> None:
    case = load_sample_case("cloudledger_northwind")
    partial = case.model_copy(update={"value": None})
    report = build_report(partial)
    assert "economics" not in report
    assert "projection" not in report
    assert "value" in report["missing"]


def test_markdown_brief_escapes_user_text() -> None:
    case = load_sample_case("pumpco_acme_foods").model_copy(
        update={"title": "<script>alert(1)</script> | renewal"}
    )
    md = report_markdown(case, build_report(case))
    assert "<script>" not in md
    assert "&lt;script&gt;" in md
    assert md.splitlines()[0] == "# &lt;script&gt;alert(1)&lt;/script&gt; \\| renewal"


def test_markdown_brief_shows_the_key_figures(sample: Case) -> None:
    report = build_report(sample)
    md = report_markdown(sample, report)
    assert f"{report['economics']['fair_price_per_unit']:,.0f} {sample.currency}" in md
    assert f"{report['projection']['seller_npv']:,.0f} {sample.currency}" in md
    for p in report["win_win"]["packages"]:
        assert p["name"] in md


def test_each_package_names_its_improvement_or_is_efficient(sample: Case) -> None:
    w = build_report(sample)["win_win"]
    frontier = {json.dumps(o["values"], sort_keys=True) for o in w["frontier"]}
    for p in w["packages"]:
        i = p["improvement"]
        if i is None:
            assert p["pareto_efficient"] or not p["feasible"]
            continue
        assert not p["pareto_efficient"]
        assert json.dumps(i["values"], sort_keys=True) in frontier
        gains = (
            i["seller_utility"] - p["seller_utility"],
            i["customer_utility"] - p["customer_utility"],
        )
        assert_allclose(gains, (i["seller_gain"], i["customer_gain"]), atol=1e-9)
        assert min(gains) >= 0 < max(gains)
        assert i["dominating_count"] >= 1
        assert i["sentence"] == (
            f"both sides gain: {sample.seller} +{i['seller_gain']:.1f}, "
            f"{sample.customer} +{i['customer_gain']:.1f}"
        )


def test_packages_are_priced_and_memos_compare_npvs(sample: Case) -> None:
    report = build_report(sample)
    w, proj = report["win_win"], report["projection"]
    for p in w["packages"]:
        e = p["economics"]
        assert e["seller_npv"] is not None
        assert e["customer_npv"] is not None
        assert 0 < e["retention"] <= 1
    for party in ("seller", "customer"):
        memo = w["memos"][party]
        assert "batna" not in memo
        assert memo["batna_npv"] == proj[f"{party}_batna_npv"]
        assert memo["batr"] == proj[f"{party}_batr_npv"]
        assert memo["batna_per_period"] == proj[f"{party}_batna_per_period"]
        chosen = next(p for p in w["packages"] if p["name"] == w["chosen_package"])
        assert memo["npv"] == chosen["economics"][f"{party}_npv"]
        assert memo["colr_net"] == chosen["economics"][f"{party}_colr_net"]
        assert memo["ready_for_win_win"] == report["trust"]["ready_for_win_win"]


def test_markdown_brief_shows_package_npvs_and_improvements(sample: Case) -> None:
    report = build_report(sample)
    md = report_markdown(sample, report)
    section = md[md.index("## Win-win") :]
    for p in report["win_win"]["packages"]:
        npv = f"{p['economics']['seller_npv']:,.0f} {sample.currency}".replace("-", "−")
        assert npv in section
        if p["improvement"] is not None:
            assert f"Instead of {p['name']}" in section
            assert p["improvement"]["sentence"] in section
