"""The case assessment: one object holds every result, and every report key comes from it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.testing import assert_allclose

from negotiation_lib import assessment as assessment_module
from negotiation_lib.assessment import CaseAssessment, assess_case, chosen_package
from negotiation_lib.datasets import load_sample_case, role_play_case_names, sample_case_names
from negotiation_lib.domain.case import (
    OPEN_BOOK,
    Case,
    Issue,
    NumericIssue,
    OptionsIssue,
    PartyDefinition,
)
from negotiation_lib.domain.economics import case_economics
from negotiation_lib.domain.montecarlo import case_monte_carlo
from negotiation_lib.domain.projection import batna_npv, case_projection
from negotiation_lib.domain.sensitivity import case_sensitivity
from negotiation_lib.domain.trust import assess_trust
from negotiation_lib.domain.value import assess_value
from negotiation_lib.domain.win_win import assess_win_win, justification_memo
from negotiation_lib.report import report_json
from tests.test_report import CONTRACT, lookup

PATHS = 300
BEFORE_ISSUE_15 = Path(__file__).resolve().parent / "data" / "case_before_issue_15.json"

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
    "package_economics",
)


ROLE_PLAY_TITLES = frozenset(load_sample_case(n).title for n in role_play_case_names())


@pytest.fixture(params=sample_case_names())
def case(request: pytest.FixtureRequest) -> Case:
    return load_sample_case(request.param)


def _forced(a: CaseAssessment) -> CaseAssessment:
    """Compute the lazy parts, as a report or a page does on first use."""
    _ = a.monte_carlo, a.sensitivity, a.chosen_memos, a.problems
    for p in a.win_win.packages if a.win_win else ():
        a.package_economics(p)
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
    ww = assess_win_win(case.win_win, zopa=case_economics(case).zopa)
    assert a.win_win is not None
    assert [p.seller_utility for p in a.win_win.packages] == [p.seller_utility for p in ww.packages]
    chosen = chosen_package(ww)
    assert (a.chosen.name if a.chosen else None) == (chosen.name if chosen else None)


def test_memos_of_the_chosen_package_compare_npvs_with_npvs(case: Case) -> None:
    a = assess_case(case, paths=PATHS)
    if a.chosen is None:
        pytest.skip("no package is win-win in this case")
    memos = a.chosen_memos
    assert memos is not None
    assert case.win_win is not None
    rel = case.relationship
    assert rel is not None
    money = a.package_economics(a.chosen)
    assert money is not None
    pkg = next(p for p in case.win_win.packages if p.name == a.chosen.name)
    assert a.economics is not None
    expected = justification_memo(
        case.win_win,
        pkg,
        "seller",
        party_name=case.seller,
        npv=money.seller_npv,
        batna=rel.seller_batna_per_period,
        batna_npv=batna_npv(
            rel.seller_batna_per_period, rel.discount_rate, rel.growth_rate, rel.repetitions
        ),
        batr=rel.seller_batr_npv,
        colr_net=money.seller_colr_net,
        trust=a.trust,
        zopa=a.economics.zopa,
        currency=case.currency,
    )
    assert memos[0] == expected
    assert a.package_npvs(a.chosen) == (money.seller_npv, money.customer_npv)
    for memo in memos:
        assert memo.ready_for_win_win == (a.trust.readiness.ready if a.trust else None)


_COMPARISON = re.compile(r"([−\d,.]+) (\w+) (above|below) the ([^()]+?) \(NPV ([−\d,.]+) \2\)")


def _amount(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


def test_every_comparison_in_a_memo_pairs_two_npvs(case: Case) -> None:
    a = assess_case(case, paths=PATHS)
    assert a.win_win is not None
    assert a.projection is not None
    rel = case.relationship
    assert rel is not None
    for package in a.win_win.packages:
        money = a.package_economics(package)
        assert money is not None
        for memo in a.memos(package):
            npv = getattr(money, f"{memo.party}_npv")
            npvs = {
                "BATNA taken every period": getattr(a.projection, f"{memo.party}_batna_npv"),
                "best alternative relationship, BATR": getattr(rel, f"{memo.party}_batr_npv"),
            }
            found = _COMPARISON.findall(memo.text)
            assert [label for *_, label, _ in found] == list(npvs), memo.text
            for gap, currency, side, label, alternative in found:
                assert currency == case.currency
                # The figure compared is the NPV of that alternative, and the gap is the
                # package's NPV less it: two NPVs, to the unit.
                assert abs(_amount(alternative) - npvs[label]) <= 0.5
                assert abs(_amount(gap) - abs(npv - npvs[label])) <= 1.0
                assert side == ("above" if npv >= npvs[label] else "below")
            per_period = getattr(rel, f"{memo.party}_batna_per_period")
            if per_period:
                # The per-period BATNA is never set against the NPV: it is not in the text.
                assert f"{per_period:,.0f} {case.currency}" not in memo.text


def test_package_economics_without_option_figures_is_the_projection_at_its_price() -> None:
    case = load_sample_case("pumpco_acme_foods")
    ww = case.win_win
    assert ww is not None
    # Strip every option's figures: the package is then the case projected at its price.
    plain = ww.model_copy(
        update={
            "issues": tuple(
                i.model_copy(update={"economics": None}) if isinstance(i, OptionsIssue) else i
                for i in ww.issues
            )
        }
    )
    a = assess_case(case.model_copy(update={"win_win": plain}), paths=PATHS)
    price_issue = plain.pocket_price_issue
    assert price_issue is not None
    for pkg in plain.packages:
        money = a.package_economics(pkg)
        assert money is not None
        price = pkg.values[price_issue]
        assert isinstance(price, int | float)
        direct = case_projection(a.case, pocket_price_per_unit=float(price))
        assert_allclose(
            [money.seller_npv, money.customer_npv, money.retention],
            [direct.seller_npv, direct.customer_npv, direct.retention],
            rtol=1e-12,
        )
        assert_allclose(money.seller_colr_net, direct.seller_colr_net, rtol=1e-12)


def test_package_economics_is_computed_once_per_package(case: Case) -> None:
    a = assess_case(case, paths=PATHS)
    assert a.win_win is not None
    first = [a.package_economics(p) for p in a.win_win.packages]
    assert all(e is not None for e in first)
    assert [a.package_economics(p) for p in a.win_win.packages] == first
    assert all(
        x is y for x, y in zip(first, map(a.package_economics, a.win_win.packages), strict=True)
    )
    b = assess_case(case.model_copy(update={"title": "Renamed"}), paths=PATHS, previous=a)
    assert all(b.package_economics(p) is e for p, e in zip(a.win_win.packages, first, strict=True))


def _open_book(case: Case) -> Case:
    """The case with both parties scoring its price issue open-book (drafts, seals dropped)."""
    ww = case.win_win
    assert ww is not None
    price = ww.pocket_price_issue
    assert price is not None
    parties = {}
    for party in ("seller", "customer"):
        draft = getattr(ww, party) or getattr(ww.seals, party)[-1].definition
        parties[party] = draft.model_copy(update={"scores": {**draft.scores, price: OPEN_BOOK}})
    issues = tuple(
        i.model_copy(update={"economics": "pocket_price_per_unit"})
        if isinstance(i, NumericIssue) and i.name == price
        else i
        for i in ww.issues
    )
    return case.model_copy(
        update={
            "win_win": ww.model_copy(
                update={
                    "issues": issues,
                    "seals": ww.seals.model_copy(update={"seller": (), "customer": ()}),
                    **parties,
                }
            )
        }
    )


def _by_hand(
    definition: PartyDefinition,
    issues: tuple[Issue, ...],
    values: dict[str, Any],
    price_score: float,
) -> float:
    """Σ w·s / Σ w, the price scored ``price_score``, other curves through numpy.interp."""
    total = weights = 0.0
    for issue in issues:
        w = definition.weights.get(issue.name, 0.0)
        curve = definition.scores.get(issue.name)
        weights += w
        if curve == OPEN_BOOK:
            s = price_score
        elif isinstance(curve, dict):
            s = curve[values[issue.name]]
        elif curve is None:
            s = 0.0
        else:
            s = float(np.interp(values[issue.name], [x for x, _ in curve], [y for _, y in curve]))
        total += w * s
    return total / weights


def test_open_book_scores_follow_the_zopa_of_the_economics(case: Case) -> None:
    a = assess_case(_open_book(case), paths=PATHS)
    assert a.win_win is not None
    assert a.economics is not None
    ww = a.case.win_win
    assert ww is not None
    assert ww.seller is not None
    assert ww.customer is not None
    price = ww.pocket_price_issue
    assert price is not None
    floor, ceiling = a.economics.zopa.floor_per_unit, a.economics.zopa.ceiling_per_unit
    for p in a.win_win.packages:
        x = p.values[price]
        assert isinstance(x, float)
        seller_score = min(100.0, max(0.0, 100 * (x - floor) / (ceiling - floor)))
        expected = (
            _by_hand(ww.seller, ww.issues, p.values, seller_score),
            _by_hand(ww.customer, ww.issues, p.values, 100.0 - seller_score),
        )
        assert_allclose((p.seller_utility, p.customer_utility), expected, atol=1e-8)
    # The ZOPA is an input of an open-book win-win part: a new volume moves it.
    assert a.case.economics is not None
    econ = a.case.economics.model_copy(
        update={"volume_per_period": a.case.economics.volume_per_period * 2}
    )
    b = assess_case(a.case.model_copy(update={"economics": econ}), paths=PATHS, previous=a)
    assert b.win_win is not a.win_win


def test_open_book_scores_without_economics_are_a_problem_at_their_path(case: Case) -> None:
    opened = _open_book(case).model_copy(update={"economics": None})
    a = assess_case(opened, paths=PATHS)
    assert a.win_win is None
    [problem] = a.problems_in("win_win")
    assert problem.path.startswith("win_win.seller.scores.")
    assert "open-book" in problem.message
    assert any("open-book" in m for m in report_json(a)["missing"])


def test_a_memo_for_sides_not_ready_for_win_win_says_so_first() -> None:
    case = load_sample_case("cloudledger_northwind")
    a = assess_case(case, paths=PATHS)
    assert a.trust is not None
    assert a.trust.readiness.ready is False
    assert a.win_win is not None
    memos = a.memos(a.win_win.packages[0])
    assert a.trust.customer_view is not None
    weakest = a.trust.customer_view.weakest[0]
    for memo in memos:
        assert memo.ready_for_win_win is False
        assert memo.trust_factor == weakest
        body = memo.text.split("\n\n", 1)[1]
        assert body.startswith("**Not ready for win-win yet.**")
        assert weakest.replace("_", "-") in body.split("\n\n", 1)[0]


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


def _scores_open_book(case: Case) -> bool:
    """Whether any definition of the case, draft or sealed, scores an issue off the open book."""
    assert case.win_win is not None
    ww = case.win_win
    definitions = [ww.seller, ww.customer, *(s.definition for s in ww.seals.seller)]
    definitions += [s.definition for s in ww.seals.customer]
    return any(d is not None and OPEN_BOOK in d.scores.values() for d in definitions)


def _volume_changed(case: Case) -> tuple[CaseAssessment, CaseAssessment]:
    """The assessment of a case, and that of the case with one more unit per period after it."""
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
    for name in ("value", "strategy", "trust"):
        assert getattr(b, name) is getattr(a, name), name
    # The recomputed parts are those of the new case, not leftovers.
    assert b.economics == case_economics(b.case)
    assert a.win_win is not None
    assert b.win_win is not None
    return a, b


def test_a_changed_input_recomputes_exactly_the_parts_that_depend_on_it(case: Case) -> None:
    # The ordinary samples score the price off the open book, i.e. from the ZOPA: a volume
    # change moves the economics, so the win-win part is recomputed, against the new case's
    # ZOPA. The role-play samples score it with points (an open-book score would tell a side
    # the other side's private costs): their win-win part is kept.
    assert _scores_open_book(case) == (case.title not in ROLE_PLAY_TITLES)
    a, b = _volume_changed(case)
    if case.title in ROLE_PLAY_TITLES:
        assert b.win_win is a.win_win
        return
    assert b.win_win is not a.win_win
    assert b.case.win_win is not None
    direct = assess_win_win(b.case.win_win, zopa=case_economics(b.case).zopa)
    assert b.win_win == direct


def test_a_win_win_scored_with_points_is_kept_when_the_economics_change() -> None:
    # With points of their own, the parties' scores do not read the economics: the win-win
    # part of the earlier assessment is kept as it is.
    case = Case.model_validate(json.loads(BEFORE_ISSUE_15.read_text(encoding="utf-8")))
    assert not _scores_open_book(case)
    a, b = _volume_changed(case)
    assert b.win_win is a.win_win


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
