"""The case assessment: one object holds every result, and every report key comes from it."""

from __future__ import annotations

from typing import Any

import pytest
from numpy.testing import assert_allclose

from negotiation_lib import assessment as assessment_module
from negotiation_lib.assessment import CaseAssessment, assess_case, chosen_package
from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.economics import case_economics
from negotiation_lib.domain.montecarlo import case_monte_carlo
from negotiation_lib.domain.projection import case_projection
from negotiation_lib.domain.sensitivity import case_sensitivity
from negotiation_lib.domain.trust import assess_trust
from negotiation_lib.domain.value import assess_value
from negotiation_lib.domain.win_win import assess_win_win, justification_memo
from negotiation_lib.report import report_json
from tests.test_report import CONTRACT, lookup

PATHS = 300

# Every computation the assessment makes, by the name it is imported under in its module.
DOMAIN_CALLS = (
    "assess_value",
    "assess_strategy",
    "case_economics",
    "case_projection",
    "case_monte_carlo",
    "case_sensitivity",
    "assess_trust",
    "assess_win_win",
    "justification_memo",
    "definition_in_force",
)


@pytest.fixture(params=sample_case_names())
def case(request: pytest.FixtureRequest) -> Case:
    return load_sample_case(request.param)


def _forced(a: CaseAssessment) -> CaseAssessment:
    """Compute the lazy parts, as a report or a page does on first use."""
    _ = a.monte_carlo, a.sensitivity, a.chosen_memos, a.problems
    return a


def test_every_report_key_is_derived_from_one_assessment_without_computing_again(
    case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _forced(assess_case(case, paths=PATHS))

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the report computed something the assessment already holds")

    for name in DOMAIN_CALLS:
        monkeypatch.setattr(assessment_module, name, refuse)
    report = report_json(a)
    for key in CONTRACT:
        assert lookup(report, key) is not None, key
    # Formatting the same assessment twice gives the same report: it is a pure formatter.
    assert report_json(a) == report


def test_the_assessment_holds_what_the_domain_computes(case: Case) -> None:
    a = assess_case(case, paths=PATHS, seed=11)
    assert a.value == assess_value(case.value)  # type: ignore[arg-type]
    assert a.economics == case_economics(case)
    assert a.trust == assess_trust(case.trust)  # type: ignore[arg-type]
    assert a.projection is not None
    direct = case_projection(case)
    assert_allclose(
        [a.projection.seller_npv, a.projection.customer_npv],
        [direct.seller_npv, direct.customer_npv],
    )
    assert a.monte_carlo is not None
    direct_mc = case_monte_carlo(case, paths=PATHS, seed=11)
    for view in ("value_uncertainty", "length_uncertainty"):
        assert_allclose(
            getattr(a.monte_carlo.seller, view).p50, getattr(direct_mc.seller, view).p50
        )
    assert a.sensitivity is not None
    assert [r.input for r in a.sensitivity.rows] == [r.input for r in case_sensitivity(case).rows]
    assert case.win_win is not None
    ww = assess_win_win(case.win_win)
    assert a.win_win is not None
    assert [p.seller_utility for p in a.win_win.packages] == [p.seller_utility for p in ww.packages]
    chosen = chosen_package(ww)
    assert (a.chosen.name if a.chosen else None) == (chosen.name if chosen else None)


def test_memos_of_the_chosen_package_carry_its_npvs_and_the_batna(case: Case) -> None:
    a = assess_case(case, paths=PATHS)
    if a.chosen is None:
        pytest.skip("no package is win-win in this case")
    memos = a.chosen_memos
    assert memos is not None
    assert case.win_win is not None
    assert case.relationship is not None
    npvs = a.package_npvs(a.chosen)
    pkg = next(p for p in case.win_win.packages if p.name == a.chosen.name)
    expected = justification_memo(
        case.win_win,
        pkg,
        "seller",
        party_name=case.seller,
        npv=None if npvs is None else npvs[0],
        batna=None if npvs is None else case.relationship.seller_batna_per_period,
        batr=None if npvs is None else case.relationship.seller_batr_npv,
        currency=case.currency,
    )
    assert memos[0] == expected
    if npvs is not None:
        price_issue = case.win_win.price_issue
        assert price_issue is not None
        price = pkg.values[price_issue]
        assert isinstance(price, int | float)
        direct = case_projection(case, pocket_price_per_unit=float(price))
        assert npvs == (direct.seller_npv, direct.customer_npv)


def test_a_part_whose_inputs_did_not_change_is_the_same_object(case: Case) -> None:
    a = _forced(assess_case(case, paths=PATHS))
    assert case.trust is not None
    retrust = case.model_copy(
        update={"trust": case.trust.model_copy(update={"style_answers": {"cpt_open_high": 1}})}
    )
    b = assess_case(retrust, paths=PATHS, previous=a)
    assert b.trust is not a.trust
    for name in ("value", "strategy", "economics", "projection", "win_win"):
        assert getattr(b, name) is getattr(a, name), name
    assert b.monte_carlo is a.monte_carlo
    assert b.sensitivity is a.sensitivity


def test_a_changed_input_recomputes_exactly_the_parts_that_depend_on_it(case: Case) -> None:
    a = _forced(assess_case(case, paths=PATHS))
    assert case.economics is not None
    volume = case.economics.volume_per_period + 1
    b = assess_case(
        case.model_copy(
            update={"economics": case.economics.model_copy(update={"volume_per_period": volume})}
        ),
        paths=PATHS,
        previous=a,
    )
    for name in ("economics", "projection", "monte_carlo", "sensitivity"):
        assert getattr(b, name) is not getattr(a, name), name
    for name in ("value", "strategy", "trust", "win_win"):
        assert getattr(b, name) is getattr(a, name), name
    # The recomputed parts are those of the new case, not leftovers.
    assert b.economics == case_economics(b.case)


def test_the_parties_names_reach_the_texts_that_quote_them(case: Case) -> None:
    a = assess_case(case, paths=PATHS)
    renamed = assess_case(case.model_copy(update={"seller": "Renamed Co"}), paths=PATHS, previous=a)
    assert renamed.economics is not a.economics  # its flags may name the parties
    assert renamed.projection is a.projection  # numbers only


def test_a_half_filled_case_is_assessed_without_failing() -> None:
    a = assess_case(Case(title="T", seller="S", customer="C"), paths=PATHS)
    assert a.missing[:2] == ("strategy", "value")
    assert (a.value, a.economics, a.projection, a.monte_carlo, a.sensitivity) == (None,) * 5
    assert a.win_win is None
    assert a.chosen is None
    assert a.chosen_memos is None
    assert report_json(a)["missing"] == list(a.missing)


def test_a_case_the_domain_refuses_is_reported_with_its_sentence() -> None:
    case = load_sample_case("pumpco_acme_foods")
    assert case.win_win is not None
    assert case.win_win.seller is not None
    # A sealed definition that no longer fits its issues makes the win-win part refuse.
    issues = [i.model_copy(update={"name": f"{i.name} (renamed)"}) for i in case.win_win.issues]
    broken = case.model_copy(
        update={"win_win": case.win_win.model_copy(update={"issues": issues, "packages": []})}
    )
    a = assess_case(broken, paths=PATHS)
    assert a.win_win is None
    assert a.problems_in("win_win")
    report = report_json(a)
    assert any(p.message in m for p in a.problems_in("win_win") for m in report["missing"])
