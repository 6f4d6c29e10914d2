"""Win-win: utilities, feasibility, outcome space, frontier, bargaining points and memos."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from negotiation_lib.domain.case import (
    Issue,
    MustHave,
    NumericIssue,
    OptionsIssue,
    Package,
    PartyDefinition,
    Seals,
    Trust,
    TrustView,
    WinWin,
)
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.seal import amend, seal
from negotiation_lib.domain.trust import assess_trust
from negotiation_lib.domain.win_win import (
    TOLERANCE,
    Outcome,
    PackageScore,
    WinWinResult,
    assess_win_win,
    definition_in_force,
    egalitarian_points,
    is_feasible,
    is_win_win,
    issue_levels,
    issue_score,
    justification_memo,
    kalai_smorodinsky_points,
    must_haves_met,
    nash_points,
    normalized_weights,
    outcome_count,
    pareto_efficient_mask,
    utility,
)
from negotiation_lib.domain.win_win import outcomes as win_win_outcomes
from tests.strategies import win_win_cases

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

# ---------------------------------------------------------------- the design notes' example
#
# Issues of the case file example (design notes, section 4): price 300-320 in steps of 10 and
# warranty none / 6m / 1y / 2y. The seller is the example's; the customer mirrors it.
#
# seller:   U_s = 0.7·p_s + 0.3·w_s, p_s = 0 / 50 / 100 at 300 / 310 / 320,
#           w_s: none 100, 6m 80, 1y 50, 2y 0; must-have price >= 305; threshold 60, walk-away 30
# customer: U_c = 0.5·p_c + 0.5·w_c, p_c = 100 / 50 / 0 at 300 / 310 / 320,
#           w_c: none 0, 6m 40, 1y 80, 2y 100; must-have warranty in {6m, 1y, 2y};
#           threshold 50, walk-away 20
#
# Price 300 breaks the seller's must-have and "none" the customer's: 6 of the 12 outcomes
# remain, all above both walk-away utilities (320/6m leaves the customer exactly at 20):
#
#   outcome   U_s             U_c
#   310 6m    35 + 24 = 59    25 + 20 = 45   dominated by 320 2y (70, 50)
#   310 1y    35 + 15 = 50    25 + 40 = 65
#   310 2y    35 +  0 = 35    25 + 50 = 75
#   320 6m    70 + 24 = 94     0 + 20 = 20
#   320 1y    70 + 15 = 85     0 + 40 = 40
#   320 2y    70 +  0 = 70     0 + 50 = 50
#
# Frontier, by seller utility: (35, 75), (50, 65), (70, 50), (85, 40), (94, 20).
# Nash, d = (30, 20): products 5·55 = 275, 20·45 = 900, 40·30 = 1200, 55·20 = 1100, 64·0 = 0.
# Kalai-Smorodinsky: ideal (94, 75), direction I - d = (64, 55); |gain_s·55 - gain_c·64| is
# 3245, 1780, 280, 1745, 3520, so (70, 50) is nearest the line.
# Egalitarian: smaller gains 5, 20, 30, 20, 0: (70, 50) again.

ISSUES: tuple[Issue, ...] = (
    NumericIssue(name="price", min=300, max=320, step=10),
    OptionsIssue(name="warranty", options=("none", "6m", "1y", "2y")),
)
SELLER = PartyDefinition(
    statement="A price that covers our costs, and a warranty we can stand behind.",
    weights={"price": 0.7, "warranty": 0.3},
    scores={
        "price": ((300, 0), (320, 100)),
        "warranty": {"none": 100, "6m": 80, "1y": 50, "2y": 0},
    },
    must_haves={"price": MustHave(min=305)},
    win_threshold=60,
    reservation_utility=30,
)
CUSTOMER = PartyDefinition(
    statement="A fair price and at least some warranty.",
    weights={"price": 0.5, "warranty": 0.5},
    scores={
        "price": ((300, 100), (320, 0)),
        "warranty": {"none": 0, "6m": 40, "1y": 80, "2y": 100},
    },
    must_haves={"warranty": MustHave(allowed=("6m", "1y", "2y"))},
    win_threshold=50,
    reservation_utility=20,
)
PACKAGES = (
    Package(name="A", values={"price": 310, "warranty": "1y"}),
    Package(name="B", values={"price": 320, "warranty": "2y"}),
    Package(name="C", values={"price": 300, "warranty": "2y"}),
    Package(name="D", values={"price": 310, "warranty": "6m"}),
    Package(name="E", values={"price": 305, "warranty": "1y"}),
)


def design_example(**update: object) -> WinWin:
    fields: dict[str, object] = {
        "issues": ISSUES,
        "seller": SELLER,
        "customer": CUSTOMER,
        "packages": PACKAGES,
    }
    return WinWin.model_validate({**fields, **update})


def points(outcomes: tuple[Outcome, ...]) -> list[tuple[float, float]]:
    return [(o.seller_utility, o.customer_utility) for o in outcomes]


def test_design_example_package_utilities() -> None:
    # Package E is off the grid: at 305 the seller's price score is 25 and the customer's 75,
    # so U_s = 0.7·25 + 0.3·50 = 32.5 and U_c = 0.5·75 + 0.5·80 = 77.5.
    r = assess_win_win(design_example())
    got = {p.name: (p.seller_utility, p.customer_utility) for p in r.packages}
    assert got == {
        "A": (50.0, 65.0),
        "B": (70.0, 50.0),
        "C": (0.0, 100.0),
        "D": (59.0, 45.0),
        "E": (32.5, 77.5),
    }


def test_design_example_package_flags() -> None:
    r = assess_win_win(design_example())
    flags = {p.name: (p.feasible, p.win_win, p.pareto_efficient) for p in r.packages}
    # A: feasible, but the seller's 50 is short of its threshold of 60.
    # B: both reach their thresholds (70 >= 60, 50 >= 50).
    # C: breaks the seller's must-have (price 300 < 305), so it is no agreement at all and
    #    not efficient, although no feasible outcome gives the customer its 100.
    # D: dominated by B (70, 50) >= (59, 45).
    # E: off the grid and beyond the grid's frontier (no feasible outcome has U_c >= 77.5).
    assert flags == {
        "A": (True, False, True),
        "B": (True, True, True),
        "C": (False, False, False),
        "D": (True, False, False),
        "E": (True, False, True),
    }
    c = r.packages[2]
    assert (c.seller_must_haves_met, c.customer_must_haves_met) == (False, True)


def test_design_example_frontier_and_points() -> None:
    r = assess_win_win(design_example())
    assert points(r.frontier) == [(35, 75), (50, 65), (70, 50), (85, 40), (94, 20)]
    assert [o.values for o in r.frontier] == [
        {"price": 310.0, "warranty": "2y"},
        {"price": 310.0, "warranty": "1y"},
        {"price": 320.0, "warranty": "2y"},
        {"price": 320.0, "warranty": "1y"},
        {"price": 320.0, "warranty": "6m"},
    ]
    assert [o.win_win for o in r.frontier] == [False, False, True, False, False]
    assert points(r.nash) == points(r.kalai_smorodinsky) == points(r.egalitarian) == [(70, 50)]
    assert (r.outcome_count, r.candidate_count, r.feasible_count, r.win_win_count) == (12, 6, 6, 1)
    assert r.disagreement == (30, 20)
    assert r.ideal == (94, 75)
    assert (r.recommend_walk_away, r.walk_away_reason) == (False, None)


# ---------------------------------------------------------------- textbook bargaining checks


def split_case(customer_points: tuple[tuple[float, float], ...], d: tuple[float, float]) -> WinWin:
    """One numeric issue 0..100 in steps of 1; the seller's score is the value itself."""
    issue = NumericIssue(name="split", min=0, max=100, step=1)
    return WinWin(
        issues=(issue,),
        seller=PartyDefinition(
            weights={"split": 1},
            scores={"split": ((0, 0), (100, 100))},
            win_threshold=d[0],
            reservation_utility=d[0],
        ),
        customer=PartyDefinition(
            weights={"split": 1},
            scores={"split": customer_points},
            win_threshold=d[1],
            reservation_utility=d[1],
        ),
    )


def test_linear_frontier_symmetric_split() -> None:
    # J. F. Nash, "The Bargaining Problem", Econometrica 18(2), 1950, and E. Kalai and
    # M. Smorodinsky, "Other Solutions to Nash's Bargaining Problem", Econometrica 43(3), 1975:
    # on the frontier U_c = 100 - U_s with d = (0, 0) the Nash product U_s(100 - U_s) peaks at
    # 50, the ideal point is (100, 100) so the KS line is U_c = U_s, and the egalitarian
    # min(U_s, 100 - U_s) peaks at 50: all three give (50, 50).
    r = assess_win_win(split_case(((0, 100), (100, 0)), (0, 0)))
    assert len(r.frontier) == 101
    for solution in (r.nash, r.kalai_smorodinsky, r.egalitarian):
        assert points(solution) == [(50.0, 50.0)]
        assert solution[0].values == {"split": 50.0}


def test_linear_frontier_moved_disagreement_point() -> None:
    # Same frontier, d = (20, 0). Nash: (s - 20)(100 - s) peaks at s = 60. KS: the ideal over
    # the feasible set (s >= 20) is (100, 80); the line from (20, 0) to it is c = s - 20 and
    # meets c = 100 - s at s = 60. Egalitarian: min(s - 20, 100 - s) peaks at 60. All (60, 40).
    r = assess_win_win(split_case(((0, 100), (100, 0)), (20, 0)))
    assert r.ideal == (100.0, 80.0)
    for solution in (r.nash, r.kalai_smorodinsky, r.egalitarian):
        assert points(solution) == [(60.0, 40.0)]


def test_concave_frontier_separates_the_three_solutions() -> None:
    # Worked by hand. The customer's score has a kink: 100 at 0, 80 at 50, 0 at 100, so
    # c(x) = 100 - 0.4x up to 50 and 160 - 1.6x after; the seller gets x; d = (0, 0).
    # Nash: x·c(x) rises to 50·80 = 4000 on [0, 50] (derivative 100 - 0.8x > 0) and falls
    #   after (derivative 160 - 3.2x < 0): (50, 80).
    # KS: ideal (100, 100), line c = x; the distance |x - c(x)|/sqrt(2) is smallest on the grid
    #   at x = 62 (|62 - 60.8| = 1.2; at 61 it is |61 - 62.4| = 1.4): (62, 60.8).
    # Egalitarian: min(x, c(x)) is 61 at x = 61 and 60.8 at x = 62: (61, 62.4).
    r = assess_win_win(split_case(((0, 100), (50, 80), (100, 0)), (0, 0)))
    assert points(r.nash) == [(50.0, 80.0)]
    assert points(r.kalai_smorodinsky) == [(62.0, 60.8)]
    assert points(r.egalitarian) == [(61.0, 62.4)]


def test_solutions_on_plain_arrays() -> None:
    # (10, 90) and (90, 10) tie for Nash (product 900) but (40, 60) beats them (2400);
    # (40, 60) and (60, 40) tie for every rule.
    s, c = np.array([10.0, 40.0, 60.0, 90.0]), np.array([90.0, 60.0, 40.0, 10.0])
    assert nash_points(s, c, (0, 0)).tolist() == [1, 2]
    assert kalai_smorodinsky_points(s, c, (0, 0)).tolist() == [1, 2]
    assert egalitarian_points(s, c, (0, 0)).tolist() == [1, 2]
    assert nash_points([], [], (0, 0)).tolist() == []
    # A single point that equals d: distance to the (degenerate) line is zero.
    assert kalai_smorodinsky_points([30.0], [20.0], (30, 20)).tolist() == [0]


def test_ties_are_all_reported() -> None:
    # A second issue, "colour", that both parties score the same whatever is chosen doubles
    # every frontier point: both colours at the even split are Nash points.
    base = split_case(((0, 100), (100, 0)), (0, 0))
    colour = OptionsIssue(name="colour", options=("red", "blue"))
    assert base.seller is not None
    assert base.customer is not None
    tied = {"red": 50.0, "blue": 50.0}
    ww = WinWin(
        issues=(*base.issues, colour),
        seller=base.seller.model_copy(update={"scores": {**base.seller.scores, "colour": tied}}),
        customer=base.customer.model_copy(
            update={"scores": {**base.customer.scores, "colour": tied}}
        ),
    )
    r = assess_win_win(ww)
    assert len(r.frontier) == 202
    assert [o.values for o in r.nash] == [
        {"split": 50.0, "colour": "red"},
        {"split": 50.0, "colour": "blue"},
    ]
    assert len(r.kalai_smorodinsky) == len(r.egalitarian) == 2


def test_pareto_mask_keeps_equal_points_and_drops_dominated_ones() -> None:
    s = [94, 85, 70, 59, 70, 70, 94]
    c = [20, 40, 50, 45, 50, 49, 20]
    assert pareto_efficient_mask(s, c).tolist() == [True, True, True, False, True, False, True]
    # Float noise below the rounding does not split a tie.
    assert pareto_efficient_mask([0.1 + 0.2, 0.3], [1.0, 1.0]).tolist() == [True, True]
    assert pareto_efficient_mask([], []).tolist() == []


# ---------------------------------------------------------------- walking away


def test_clashing_must_haves_recommend_walking_away() -> None:
    seller = SELLER.model_copy(update={"must_haves": {"price": MustHave(min=315)}})
    customer = CUSTOMER.model_copy(update={"must_haves": {"price": MustHave(max=305)}})
    r = assess_win_win(design_example(seller=seller, customer=customer))
    assert r.recommend_walk_away
    assert r.walk_away_reason is not None
    assert "'Price'" in r.walk_away_reason
    assert "at least 315" in r.walk_away_reason
    assert "at most 305" in r.walk_away_reason
    assert (r.frontier, r.nash, r.kalai_smorodinsky, r.egalitarian) == ((), (), (), ())
    assert (r.candidate_count, r.feasible_count, r.ideal) == (0, 0, None)
    assert not any(p.feasible for p in r.packages)


def test_walk_away_utilities_out_of_reach_recommend_walking_away() -> None:
    # On U_c = 100 - U_s nobody can give both parties 60.
    r = assess_win_win(split_case(((0, 100), (100, 0)), (60, 60)))
    assert r.recommend_walk_away
    assert r.walk_away_reason is not None
    assert "walk-away" in r.walk_away_reason
    assert (r.candidate_count, r.feasible_count, r.frontier) == (101, 0, ())


# ---------------------------------------------------------------- sealed or draft


def test_scoring_uses_the_latest_seal_unless_told_otherwise() -> None:
    sealed_seller = seal(SELLER, T0)
    draft = SELLER.model_copy(update={"weights": {"price": 1.0, "warranty": 0.0}})
    ww = design_example(seller=draft, seals=Seals(seller=(sealed_seller,)))
    sealed = assess_win_win(ww)
    assert (sealed.seller_version, sealed.customer_version) == (1, None)
    assert sealed.packages[0].seller_utility == 50.0  # 0.7·50 + 0.3·50 (the sealed weights)
    drafted = assess_win_win(ww, use_drafts=True)
    assert drafted.seller_version is None
    assert drafted.packages[0].seller_utility == 50.0  # price only: score 50 at 310
    assert drafted.packages[1].seller_utility == 100.0  # price only: 320 scores 100
    assert sealed.packages[1].seller_utility == 70.0


def test_an_amendment_is_what_scores() -> None:
    v1 = seal(SELLER, T0)
    v2 = amend((v1,), SELLER.model_copy(update={"win_threshold": 45}), "Lower bar", T0)
    ww = design_example(seals=Seals(seller=(v1, v2)))
    r = assess_win_win(ww)
    assert r.seller_version == 2
    assert r.packages[0].win_win  # A: 50 >= 45 now, and 65 >= 50 for the customer
    assert definition_in_force(ww, "seller").definition.win_threshold == 45
    assert definition_in_force(ww, "seller", use_draft=True).version is None


def test_sealed_definition_that_no_longer_fits_the_issues_is_refused() -> None:
    stale = SELLER.model_copy(update={"weights": {**SELLER.weights, "delivery": 1.0}})
    ww = design_example(seals=Seals(seller=(seal(stale, T0),)))
    with pytest.raises(CaseError) as err:
        assess_win_win(ww)
    assert err.value.path == "win_win.seals.seller[0].definition.weights.delivery"
    assert "delivery" in err.value.message


def test_a_party_without_definition_is_reported() -> None:
    with pytest.raises(CaseError) as err:
        assess_win_win(design_example(customer=None))
    assert err.value.path == "win_win.customer"


def test_a_party_that_weights_nothing_is_reported() -> None:
    with pytest.raises(CaseError) as err:
        assess_win_win(design_example(seller=PartyDefinition()))
    assert err.value.path == "win_win.seller.weights"


def test_no_issues_is_reported() -> None:
    with pytest.raises(CaseError) as err:
        assess_win_win(WinWin(seller=PartyDefinition(), customer=PartyDefinition()))
    assert err.value.path == "win_win.issues"


# ---------------------------------------------------------------- outcome space


def test_numeric_levels_include_max_only_on_the_grid() -> None:
    assert issue_levels(NumericIssue(name="p", min=300, max=320, step=10)) == (300, 310, 320)
    assert issue_levels(NumericIssue(name="p", min=300, max=325, step=10)) == (300, 310, 320)
    assert issue_levels(NumericIssue(name="p", min=5, max=5, step=1)) == (5,)


def test_decimal_steps_give_decimal_levels() -> None:
    # 0.1 + 0.1 + 0.1 is 0.30000000000000004 in floating point; the grid says 0.3.
    levels = issue_levels(NumericIssue(name="rate", min=0, max=1, step=0.1))
    assert levels[3] == 0.3
    assert levels[-1] == 1.0
    assert len(levels) == 11


def test_outcome_count_is_the_product_of_level_counts() -> None:
    assert outcome_count(ISSUES) == 12
    big = (
        NumericIssue(name="a", min=0, max=999, step=1),
        OptionsIssue(name="b", options=tuple("abcdefghij")),
    )
    assert outcome_count(big) == 10_000


def test_must_haves_shrink_the_search_before_enumeration() -> None:
    r = assess_win_win(design_example())
    assert r.outcome_count == 12
    assert r.candidate_count == 6


def test_too_large_a_space_asks_for_coarser_steps() -> None:
    issues = (
        NumericIssue(name="price", min=0, max=9_999, step=1),
        NumericIssue(name="volume", min=0, max=9_999, step=1),
    )
    both = PartyDefinition(
        weights={"price": 1, "volume": 1},
        scores={"price": ((0, 0), (9_999, 100)), "volume": ((0, 0), (9_999, 100))},
    )
    with pytest.raises(CaseError) as err:
        assess_win_win(WinWin(issues=issues, seller=both, customer=both))
    assert err.value.path == "win_win.issues"
    assert "larger step" in err.value.message


def test_chunked_search_matches_one_pass_on_the_design_example() -> None:
    whole = assess_win_win(design_example())
    # The search reads CHUNK_OUTCOMES in its own module; the spy proves that it did split the
    # space (one frontier per chunk, then the frontier of their union).
    mask = win_win_outcomes.pareto_efficient_mask
    spy = mock.patch.object(win_win_outcomes, "pareto_efficient_mask", wraps=mask)
    with mock.patch.object(win_win_outcomes, "CHUNK_OUTCOMES", 2), spy as masks:
        chunked = assess_win_win(design_example())
    assert masks.call_count > 2
    assert chunked == whole


# ---------------------------------------------------------------- utilities


def test_utility_known_values() -> None:
    # Seller at 320 with "6m": 0.7·100 + 0.3·80 = 94; customer: 0.5·0 + 0.5·40 = 20.
    values: dict[str, float | str] = {"price": 320, "warranty": "6m"}
    assert utility(SELLER, ISSUES, values) == 94.0
    assert utility(CUSTOMER, ISSUES, values) == 20.0
    assert normalized_weights(SELLER, ISSUES) == {"price": 0.7, "warranty": 0.3}


def test_numeric_scores_are_interpolated_and_clamped() -> None:
    price = NumericIssue(name="price", min=280, max=340, step=5)
    assert issue_score(SELLER, price, 315) == 75.0
    assert issue_score(SELLER, price, 280) == 0.0  # below the first point: its score
    assert issue_score(SELLER, price, 340) == 100.0  # above the last point: its score


def test_unweighted_issues_count_zero() -> None:
    seller = SELLER.model_copy(update={"weights": {"price": 1.0}})
    assert utility(seller, ISSUES, {"price": 310, "warranty": "2y"}) == 50.0
    assert utility(seller, ISSUES, {"price": 310, "warranty": "none"}) == 50.0


def test_feasibility_and_win_win_by_hand() -> None:
    # (320, 6m): the customer sits exactly on its walk-away of 20 (feasible), below 50.
    edge: dict[str, float | str] = {"price": 320, "warranty": "6m"}
    assert is_feasible(SELLER, CUSTOMER, ISSUES, edge)
    assert not is_win_win(SELLER, CUSTOMER, ISSUES, edge)
    assert is_win_win(SELLER, CUSTOMER, ISSUES, {"price": 320, "warranty": "2y"})
    assert not must_haves_met(CUSTOMER, ISSUES, {"price": 320, "warranty": "none"})


def test_bad_values_are_reported_with_their_path() -> None:
    with pytest.raises(CaseError) as missing:
        utility(SELLER, ISSUES, {"price": 310})
    assert missing.value.path == "values.warranty"
    with pytest.raises(CaseError) as wrong:
        utility(SELLER, ISSUES, {"price": 310, "warranty": "lifetime"})
    assert wrong.value.path == "values.warranty"
    with pytest.raises(CaseError) as text:
        utility(SELLER, ISSUES, {"price": "cheap", "warranty": "1y"})
    assert text.value.path == "values.price"


# ---------------------------------------------------------------- justification memos


def test_memo_for_a_win() -> None:
    ww = design_example(seals=Seals(customer=(seal(CUSTOMER, T0),)))
    memo = justification_memo(
        ww,
        PACKAGES[0],
        "customer",
        party_name="Acme Foods",
        npv=1_200_000,
        batna=10_000,
        batna_npv=1_000_000,
        batr=1_500_000,
        currency="EUR",
    )
    assert (memo.utility, memo.verdict, memo.definition_version) == (65.0, "win", 1)
    assert (memo.above_threshold, memo.above_reservation) == (15.0, 45.0)
    assert memo.must_haves_met
    assert [(c.issue, c.kind) for c in memo.criteria_met] == [
        ("price", "score"),
        ("warranty", "must_have"),
        ("warranty", "score"),
    ]
    assert memo.criteria_missed == ()
    assert memo.text.startswith('### Why Acme Foods can say yes to "A"')
    assert "the definition of winning Acme Foods sealed (version 1)" in memo.text
    assert "Utility 65.0 out of 100: 15.0 above the win threshold of 50" in memo.text
    assert (
        "- Over the whole relationship: an NPV of 1,200,000 EUR for Acme Foods, "
        "200,000 EUR above the BATNA taken every period (NPV 1,000,000 EUR) and "
        "300,000 EUR below the best alternative relationship, BATR (NPV 1,500,000 EUR)."
    ) in memo.text
    # The per-period BATNA is kept on the memo but never set against the NPV.
    assert memo.batna == 10_000
    assert "10,000" not in memo.text
    assert memo.text.endswith(
        "A win for Acme Foods, judged by the definition of winning Acme Foods sealed (version 1).\n"
        "Over the whole relationship, though, Acme Foods would do better with its best "
        "alternative relationship (BATR): check the projection before signing."
    )


def test_memo_for_an_acceptable_deal_lists_what_is_given_up() -> None:
    memo = justification_memo(design_example(), PACKAGES[0], "seller")
    assert (memo.utility, memo.verdict) == (50.0, "acceptable")
    assert [(c.issue, c.kind) for c in memo.criteria_met] == [("price", "must_have")]
    assert [(c.issue, c.score) for c in memo.criteria_missed] == [
        ("price", 50.0),
        ("warranty", 50.0),
    ]
    assert (
        "Where the seller gives ground: Price 310 (score 50.0); Warranty 1y (score 50.0)."
        in memo.text
    )
    assert "10.0 points short of a win" in memo.text
    assert "has drafted (not sealed yet)" in memo.text
    assert "NPV" not in memo.text


def test_memo_flags_a_broken_must_have_and_a_deal_below_walk_away() -> None:
    broken = justification_memo(design_example(), PACKAGES[2], "seller")
    assert broken.verdict == "must_have_missed"
    assert not broken.must_haves_met
    assert broken.criteria_missed[0].sentence == (
        "Price is 300, which breaks the must-have (at least 305)."
    )
    assert broken.text.startswith('### Why the seller cannot yet say yes to "C"')
    low = Package(name="Low", values={"price": 305, "warranty": "2y"})
    # U_s = 0.7·25 + 0.3·0 = 17.5 < 30, with the price must-have met.
    below = justification_memo(design_example(), low, "seller")
    assert (below.utility, below.verdict) == (17.5, "below_walk_away")


def test_memo_numbers_compare_an_npv_with_npvs_and_state_the_net_colr() -> None:
    memo = justification_memo(
        design_example(),
        PACKAGES[0],
        "seller",
        party_name="PumpCo",
        npv=900_000,
        batna=30_000,
        batna_npv=420_000,
        batr=950_000,
        colr_net=-120_000,
        currency="EUR",
    )
    assert (memo.batna, memo.batna_npv, memo.batr, memo.colr_net) == (
        30_000,
        420_000,
        950_000,
        -120_000,
    )
    assert (
        "an NPV of 900,000 EUR for PumpCo, 480,000 EUR above the BATNA taken every period "
        "(NPV 420,000 EUR) and 50,000 EUR below the best alternative relationship, BATR "
        "(NPV 950,000 EUR)."
    ) in memo.text
    assert "its best alternative relationship is worth 120,000 EUR more" in memo.text
    assert "30,000" not in memo.text  # the per-period BATNA is never compared with an NPV
    assert memo.text.endswith(
        "PumpCo would do better with its best alternative relationship (BATR): "
        "check the projection before signing."
    )
    costly = justification_memo(
        design_example(), PACKAGES[0], "seller", npv=1.0, colr_net=250_000, currency="EUR"
    )
    assert "would cost the seller 250,000 EUR in later deals" in costly.text


def _trust(customer: tuple[float, float, float, float], answer: int) -> Trust:
    c, r, i, s = customer
    view = TrustView(credibility=c, reliability=r, intimacy=i, self_orientation=s)
    return Trust(
        customer_view=view, style_answers={"trust_fair_clear": answer, "cpt_open_high": 6 - answer}
    )


def test_a_memo_for_sides_not_ready_says_so_first_and_names_the_factor() -> None:
    # Customer's view: (5 + 6 + 3) / 7 = 2.0 < 4; intimacy 3 is the weakest factor (below
    # 11 - 7 = 4 for self-orientation). Style: both items answered the CPT way, 0/100.
    not_ready = assess_trust(_trust((5, 6, 3, 7), 1))
    assert not_ready.readiness.ready is False
    memo = justification_memo(design_example(), PACKAGES[0], "customer", trust=not_ready)
    assert (memo.ready_for_win_win, memo.trust_factor) == (False, "intimacy")
    first = memo.text.split("\n\n")[1]
    assert first.startswith("**Not ready for win-win yet.**")
    assert "scores 2.0, below 4.0" in first
    assert "negotiating style scores 0 out of 100" in first
    assert "Work first on the weakest trust factor, intimacy" in first
    # The verdict is still the party's own, on its own terms.
    assert memo.verdict == "win"
    # A self-serving seller: self-orientation 9 reads as 11 - 9 = 2, the weakest factor.
    selfish = assess_trust(_trust((8, 8, 8, 9), 5))
    assert selfish.readiness.ready is False
    memo = justification_memo(design_example(), PACKAGES[0], "seller", trust=selfish)
    assert memo.trust_factor == "self_orientation"
    assert "self-orientation" in memo.text
    assert "self_orientation" not in memo.text
    assert "negotiating style" not in memo.text  # the style passed; only trust is short
    ready = assess_trust(_trust((8, 8, 8, 2), 5))
    assert ready.readiness.ready is True
    memo = justification_memo(design_example(), PACKAGES[0], "seller", trust=ready)
    assert (memo.ready_for_win_win, memo.trust_factor) == (True, None)
    assert "Not ready" not in memo.text


def test_memo_for_a_frontier_outcome() -> None:
    ww = design_example()
    nash = assess_win_win(ww).nash[0]
    memo = justification_memo(ww, nash, "seller")
    assert (memo.package_name, memo.utility, memo.verdict) == ("this agreement", 70.0, "win")


# ---------------------------------------------------------------- properties


def brute_force(ww: WinWin) -> list[tuple[dict[str, float | str], float, float, bool]]:
    """Every outcome of the space with both utilities and feasibility, one at a time."""
    assert ww.seller is not None
    assert ww.customer is not None
    names = [i.name for i in ww.issues]
    out = []
    for combo in itertools.product(*(issue_levels(i) for i in ww.issues)):
        values = dict(zip(names, combo, strict=True))
        out.append(
            (
                values,
                utility(ww.seller, ww.issues, values),
                utility(ww.customer, ww.issues, values),
                is_feasible(ww.seller, ww.customer, ww.issues, values),
            )
        )
    return out


def dominated(p: tuple[float, float], others: list[tuple[float, float]]) -> bool:
    return any(q[0] >= p[0] and q[1] >= p[1] and q != p for q in others)


def key(values: dict[str, float | str]) -> tuple[float | str, ...]:
    return tuple(values.values())


@settings(max_examples=60, deadline=None)
@given(win_win_cases())
def test_utilities_stay_between_0_and_100(ww: WinWin) -> None:
    r = assess_win_win(ww)
    rows: list[PackageScore | Outcome] = [*r.packages, *r.frontier]
    for row in rows:
        assert 0.0 <= row.seller_utility <= 100.0
        assert 0.0 <= row.customer_utility <= 100.0


@settings(max_examples=60, deadline=None)
@given(win_win_cases(max_issues=2))
def test_utility_is_the_weighted_mean_of_scores(ww: WinWin) -> None:
    # Independent of the module's arithmetic: Σ w·s / Σ w with numpy.interp for curves.
    assert ww.seller is not None
    d = ww.seller
    for package in ww.packages:
        total, weight_sum = 0.0, 0.0
        for issue in ww.issues:
            w = d.weights.get(issue.name, 0.0)
            weight_sum += w
            if w == 0:
                continue
            curve = d.scores[issue.name]
            v = package.values[issue.name]
            if isinstance(curve, dict):
                s = curve[str(v)]
            else:
                assert not isinstance(v, str)
                assert isinstance(curve, tuple)
                s = float(np.interp(v, [p[0] for p in curve], [p[1] for p in curve]))
            total += w * s
        assert_allclose(utility(d, ww.issues, package.values), total / weight_sum, atol=1e-6)


@settings(max_examples=100, deadline=None)
@given(win_win_cases())
def test_frontier_matches_brute_force(ww: WinWin) -> None:
    r = assess_win_win(ww)
    every = brute_force(ww)
    feasible = [(v, s, c) for v, s, c, ok in every if ok]
    feasible_points = [(s, c) for _, s, c in feasible]
    expected = {key(v): (s, c) for v, s, c in feasible if not dominated((s, c), feasible_points)}
    got = {key(o.values): (o.seller_utility, o.customer_utility) for o in r.frontier}
    assert got == expected
    assert r.outcome_count == len(every)
    assert r.feasible_count == len(feasible)
    assert r.recommend_walk_away == (not feasible)
    assert (r.walk_away_reason is not None) == r.recommend_walk_away
    # No frontier point is dominated by any feasible outcome.
    for o in r.frontier:
        assert not dominated((o.seller_utility, o.customer_utility), feasible_points)


@settings(max_examples=100, deadline=None)
@given(win_win_cases())
def test_bargaining_points_are_feasible_and_on_the_frontier(ww: WinWin) -> None:
    assert ww.seller is not None
    assert ww.customer is not None
    r = assess_win_win(ww)
    frontier = {key(o.values) for o in r.frontier}
    ds, dc = r.disagreement
    for solution in (r.nash, r.kalai_smorodinsky, r.egalitarian):
        assert bool(solution) == bool(r.frontier)
        for o in solution:
            assert key(o.values) in frontier
            assert is_feasible(ww.seller, ww.customer, ww.issues, o.values)
    feasible = [(s, c) for _, s, c, ok in brute_force(ww) if ok]
    if feasible:
        # Nash and egalitarian values are the best over every feasible outcome, not just
        # over the frontier.
        best_product = max((s - ds) * (c - dc) for s, c in feasible)
        nash = r.nash[0]
        product = (nash.seller_utility - ds) * (nash.customer_utility - dc)
        assert product >= best_product - TOLERANCE * max(1.0, best_product)
        best_min = max(min(s - ds, c - dc) for s, c in feasible)
        egal = r.egalitarian[0]
        got_min = min(egal.seller_utility - ds, egal.customer_utility - dc)
        assert got_min >= best_min - TOLERANCE


@settings(max_examples=100, deadline=None)
@given(win_win_cases())
def test_package_flags_match_brute_force(ww: WinWin) -> None:
    assert ww.seller is not None
    assert ww.customer is not None
    r = assess_win_win(ww)
    feasible_points = [(s, c) for _, s, c, ok in brute_force(ww) if ok]
    for package, row in zip(ww.packages, r.packages, strict=True):
        assert row.name == package.name
        assert row.feasible == is_feasible(ww.seller, ww.customer, ww.issues, package.values)
        assert row.win_win == is_win_win(ww.seller, ww.customer, ww.issues, package.values)
        point = (row.seller_utility, row.customer_utility)
        assert row.pareto_efficient == (row.feasible and not dominated(point, feasible_points))


@settings(max_examples=100, deadline=None)
@given(win_win_cases())
def test_improvements_dominate_are_feasible_and_best_by_nash_product(ww: WinWin) -> None:
    assert ww.seller is not None
    assert ww.customer is not None
    r = assess_win_win(ww)
    ds, dc = r.disagreement
    feasible = [(v, s, c) for v, s, c, ok in brute_force(ww) if ok]
    for row in r.packages:
        point = (row.seller_utility, row.customer_utility)
        better = [
            (v, s, c) for v, s, c in feasible if s >= point[0] and c >= point[1] and (s, c) != point
        ]
        i = row.improvement
        if not better:
            assert i is None
            continue
        assert i is not None
        assert i.dominating_count == len(better)
        o = i.outcome
        assert is_feasible(ww.seller, ww.customer, ww.issues, o.values)
        s, c = utility(ww.seller, ww.issues, o.values), utility(ww.customer, ww.issues, o.values)
        assert (s, c) == (o.seller_utility, o.customer_utility)
        assert s >= point[0]
        assert c >= point[1]
        assert (s, c) != point
        assert (i.seller_gain, i.customer_gain) == pytest.approx((s - point[0], c - point[1]))
        best = max(max(bs - ds, 0) * max(bc - dc, 0) for _, bs, bc in better)
        assert max(s - ds, 0) * max(c - dc, 0) >= best - TOLERANCE * max(1.0, best)
        assert not row.pareto_efficient


@settings(max_examples=60, deadline=None)
@given(win_win_cases(), st.integers(min_value=1, max_value=7))
def test_chunked_search_is_exact(ww: WinWin, chunk: int) -> None:
    whole = assess_win_win(ww)
    with mock.patch.object(win_win_outcomes, "CHUNK_OUTCOMES", chunk):
        chunked = assess_win_win(ww)
    assert chunked == whole


small_ints = st.integers(min_value=0, max_value=6).map(float)


@given(st.lists(st.tuples(small_ints, small_ints), max_size=40))
def test_pareto_mask_matches_pairwise_dominance(pts: list[tuple[float, float]]) -> None:
    mask = pareto_efficient_mask([p[0] for p in pts], [p[1] for p in pts])
    assert mask.tolist() == [not dominated(p, pts) for p in pts]


def test_result_is_frozen() -> None:
    r: WinWinResult = assess_win_win(design_example())
    with pytest.raises(AttributeError):
        r.outcome_count = 1  # type: ignore[misc]
