"""Packages priced through the open book, and open-book price scores.

Known values are worked out by hand below (profit and benefit per period, the share, the
retention, then the closed form of the geometric series), never with the function under test.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from numpy.testing import assert_allclose

from negotiation_lib.domain.case import (
    OPEN_BOOK,
    Discount,
    Driver,
    Economics,
    NumericIssue,
    OptionEconomics,
    OptionsIssue,
    Package,
    PartyDefinition,
    Reference,
    Relationship,
    Value,
    WinWin,
)
from negotiation_lib.domain.economics import Zopa
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.seal import diff_definitions
from negotiation_lib.domain.win_win import (
    Outcome,
    PackageScore,
    assess_win_win,
    definition_in_force,
    issue_score,
    justification_memo,
    open_book_points,
    option_economics,
    package_economics,
)
from tests.strategies import open_book_price_cases

# ---------------------------------------------------------------- a priced case, by hand
#
# 40 pumps a period listed at 13,000 with 5% off (pocket 12,350); variable cost 7,000, fixed
# 60,000; the customer's own cost 5,000 per period. Reference 10,000 and an energy saving of
# 2,500 held with confidence 0.8: E = 12,000. BATNAs 30,000 (seller) and 10,000 (customer).

ECONOMICS = Economics(
    volume_per_period=40,
    list_price_per_unit=13000,
    discounts=(Discount(name="Volume", kind="percent", amount=5, principle="volume"),),
    variable_cost_per_unit=7000,
    fixed_cost_per_period=60000,
    seller_one_time_cost=20000,
    customer_cost_per_period=5000,
    customer_one_time_cost=15000,
)
VALUE = Value(
    reference=Reference(name="Competitor pump", price_per_unit=10000),
    drivers=(Driver(name="Energy savings", value_per_unit=2500, confidence=0.8),),
)
RELATIONSHIP = Relationship(
    repetitions=100,
    discount_rate=0.08,
    growth_rate=0.02,
    retention_fair=0.94,
    retention_one_sided=0.6,
    seller_batna_per_period=30000,
    customer_batna_per_period=10000,
    seller_batr_npv=600000,
    customer_batr_npv=50000,
)
PRICE = NumericIssue(
    name="price", min=10000, max=13000, step=250, economics="pocket_price_per_unit"
)
WARRANTY = OptionsIssue(
    name="warranty",
    options=("1y", "2y", "3y"),
    economics={
        "2y": OptionEconomics(seller_cost_per_period=8000, customer_value_per_period=12000),
        "3y": OptionEconomics(seller_cost_per_period=20000, customer_value_per_period=18000),
    },
)
PAYMENT = OptionsIssue(
    name="payment",
    options=("net 30", "net 60"),
    economics={
        "net 30": OptionEconomics(seller_cost_per_period=-1000, customer_value_per_period=-500),
        "net 60": OptionEconomics(seller_cost_per_period=3000, customer_value_per_period=2000),
    },
)
ISSUES = (PRICE, WARRANTY, PAYMENT)


def by_hand(price: float, cost: float, worth: float) -> dict[str, float]:
    """Every figure of a package, from the formulas of the design notes written out."""
    e = 10000 + 0.8 * 2500
    profit = 40 * (price - 7000) - 60000 - cost
    benefit = 40 * (e - price) - 5000 + worth
    gain_s, gain_c = profit - 30000, benefit - 10000
    share = gain_s / (gain_s + gain_c)
    p = 0.94 + min(1.0, abs(share - 0.5) / 0.5) * (0.6 - 0.94)
    q = p * 1.02 / 1.08
    level = (1 - q**100) / (1 - q)  # Σ_{t<100} q^t
    return {
        "profit": profit,
        "benefit": benefit,
        "share": share,
        "retention": p,
        "seller_npv": profit * level - 20000,
        "customer_npv": benefit * level - 15000,
        "seller_colr_net": profit * (level - 1) - 600000,
        "customer_colr_net": benefit * (level - 1) - 50000,
    }


def priced(values: dict[str, Any], **update: Any) -> Any:
    ww = WinWin.model_validate({"issues": ISSUES, **update})
    return package_economics(ww, values, ECONOMICS, VALUE, RELATIONSHIP)


def test_package_economics_against_a_computation_by_hand() -> None:
    got = priced({"price": 11000.0, "warranty": "2y", "payment": "net 60"})
    # Options: 8,000 + 3,000 cost the seller; 12,000 + 2,000 are worth it to the customer.
    expected = by_hand(11000, 11000, 14000)
    assert (got.pocket_price_per_unit, got.price_issue) == (11000.0, "price")
    assert (got.seller_cost_per_period, got.customer_value_per_period) == (11000.0, 14000.0)
    assert_allclose(
        [got.seller_profit_per_period, got.customer_net_benefit_per_period],
        [89000.0, 49000.0],
    )
    assert_allclose(got.seller_share, 59000 / 98000, rtol=1e-12)
    assert_allclose(got.joint_gain_per_period, 98000.0)
    # Floor 7,000 + (60,000 + 30,000) / 40 = 9,250; the seller's fair half of 98,000 plus the
    # options' 11,000 it bears: 9,250 + (11,000 + 49,000) / 40 = 10,750.
    assert_allclose(got.fair_price_per_unit, 10750.0)
    at_fair = priced({"price": 10750.0, "warranty": "2y", "payment": "net 60"})
    assert_allclose(at_fair.seller_share, 0.5, rtol=1e-12)
    assert_allclose(at_fair.retention, 0.94, rtol=1e-12)
    for name in ("retention", "seller_npv", "customer_npv", "seller_colr_net", "customer_colr_net"):
        assert_allclose(getattr(got, name), expected[name], rtol=1e-10, err_msg=name)


def test_each_chosen_option_adds_its_own_cost_and_value() -> None:
    ww = WinWin(issues=ISSUES)
    assert option_economics(ww, {"price": 11000.0, "warranty": "1y", "payment": "net 30"}) == (
        -1000.0,
        -500.0,
    )
    assert option_economics(ww, {"price": 11000.0, "warranty": "3y", "payment": "net 60"}) == (
        23000.0,
        20000.0,
    )
    plain = priced({"price": 11000.0, "warranty": "1y", "payment": "net 30"})
    expected = by_hand(11000, -1000, -500)
    assert_allclose(plain.seller_npv, expected["seller_npv"], rtol=1e-10)
    assert_allclose(plain.customer_npv, expected["customer_npv"], rtol=1e-10)


def test_without_a_price_issue_the_package_is_priced_at_the_case_pocket_price() -> None:
    unlinked = PRICE.model_copy(update={"economics": None})
    ww = WinWin(issues=(unlinked, WARRANTY, PAYMENT))
    got = package_economics(
        ww,
        {"price": 11000.0, "warranty": "2y", "payment": "net 60"},
        ECONOMICS,
        VALUE,
        RELATIONSHIP,
    )
    assert (got.pocket_price_per_unit, got.price_issue) == (13000 * 0.95, None)
    assert_allclose(got.seller_npv, by_hand(12350, 11000, 14000)["seller_npv"], rtol=1e-10)


def test_price_issue_links_the_price_like_the_mark() -> None:
    values: dict[str, float | str] = {"price": 11500.0, "warranty": "3y", "payment": "net 30"}
    unlinked = PRICE.model_copy(update={"economics": None})
    old_style = WinWin(issues=(unlinked, WARRANTY, PAYMENT), price_issue="price")
    both = WinWin(issues=ISSUES, price_issue="price")
    assert old_style.pocket_price_issue == both.pocket_price_issue == "price"
    results = [
        package_economics(ww, values, ECONOMICS, VALUE, RELATIONSHIP)
        for ww in (old_style, both, WinWin(issues=ISSUES))
    ]
    assert results[0] == results[1] == results[2]


# ---------------------------------------------------------------- open-book scores

ZONE = Zopa(floor_per_unit=10500.0, ceiling_per_unit=12500.0, exists=True)


def open_book(party_weights: dict[str, float] | None = None) -> WinWin:
    weights = party_weights or {"price": 1.0}
    both = PartyDefinition(weights=weights, scores={"price": OPEN_BOOK})
    return WinWin(issues=(PRICE,), seller=both, customer=both)


@pytest.mark.parametrize(
    ("price", "seller"),
    [
        (10500, 0.0),  # the floor: the seller gains nothing over its BATNA
        (12500, 100.0),  # the ceiling: the customer gains nothing over its BATNA
        (11000, 25.0),
        (11500, 50.0),  # the fair price of an even split
        (10000, 0.0),  # below the floor: clamped
        (13000, 100.0),  # above the ceiling: clamped
    ],
)
def test_open_book_scores_at_floor_ceiling_and_clamped(price: float, seller: float) -> None:
    ww = open_book()
    s = definition_in_force(ww, "seller", zopa=ZONE)
    c = definition_in_force(ww, "customer", zopa=ZONE)
    assert s.open_book == c.open_book == ("price",)
    assert issue_score(s.definition, PRICE, price) == pytest.approx(seller, abs=1e-9)
    assert issue_score(c.definition, PRICE, price) == pytest.approx(100 - seller, abs=1e-9)


def test_open_book_points_are_the_zopa() -> None:
    assert open_book_points("seller", ZONE) == ((10500.0, 0.0), (12500.0, 100.0))
    assert open_book_points("customer", ZONE) == ((10500.0, 100.0), (12500.0, 0.0))


def test_open_book_scores_without_a_zopa_are_a_problem_at_their_path() -> None:
    with pytest.raises(CaseError) as err:
        assess_win_win(open_book())
    assert err.value.problems[0].path == "win_win.seller.scores.price"
    assert "open-book" in err.value.problems[0].message
    for zone in (Zopa(12000.0, 11000.0, False), Zopa(11000.0, 11000.0, True)):
        with pytest.raises(CaseError) as err:
            assess_win_win(open_book(), zopa=zone)
        assert err.value.problems[0].path == "win_win.seller.scores.price"
        assert "no zone of possible agreement" in err.value.problems[0].message


def test_open_book_scores_reach_the_memo_and_the_seal_diff() -> None:
    ww = open_book().model_copy(
        update={"packages": (Package(name="Fair", values={"price": 11500}),)}
    )
    memo = justification_memo(ww, ww.packages[0], "customer", zopa=ZONE)
    assert memo.utility == pytest.approx(50.0)
    points = PartyDefinition(weights={"price": 1}, scores={"price": ((10000, 0), (13000, 100))})
    [change] = diff_definitions(
        points, PartyDefinition(weights={"price": 1}, scores={"price": OPEN_BOOK})
    )
    assert "open-book" in change.sentence


def test_only_the_price_issue_may_be_scored_open_book() -> None:
    both = PartyDefinition(weights={"warranty": 1}, scores={"warranty": OPEN_BOOK})
    with pytest.raises(ValueError, match="Only the issue that sets the price"):
        WinWin(issues=ISSUES, seller=both)
    with pytest.raises(ValueError, match="no issue sets the price"):
        WinWin(
            issues=(PRICE.model_copy(update={"economics": None}),),
            seller=both.model_copy(
                update={"weights": {"price": 1}, "scores": {"price": OPEN_BOOK}}
            ),
        )


@settings(max_examples=150, deadline=None)
@given(open_book_price_cases())
def test_nash_price_is_within_one_step_of_the_fair_price(case: tuple[WinWin, Zopa]) -> None:
    ww, zone = case
    r = assess_win_win(ww, zopa=zone)
    # The fair price of an even split, from the zone written out (not the library's).
    fair = (zone.floor_per_unit + zone.ceiling_per_unit) / 2
    price = next(i for i in ww.issues if i.name == "price")
    assert isinstance(price, NumericIssue)
    rows: list[PackageScore | Outcome] = [*r.packages, *r.frontier]
    for row in rows:
        assert 0.0 <= row.seller_utility <= 100.0
        assert 0.0 <= row.customer_utility <= 100.0
    for o in r.nash:
        x = o.values["price"]
        assert isinstance(x, float)
        assert abs(x - fair) <= price.step * (1 + 1e-9) + 1e-9 * abs(fair)


def test_sample_style_nash_point_sits_at_the_fair_price() -> None:
    # 10,500 to 12,500 in steps of 250: the fair price 11,500 is a level, and the Nash point.
    r = assess_win_win(open_book(), zopa=ZONE)
    assert [o.values["price"] for o in r.nash] == [11500.0]
    assert [(o.seller_utility, o.customer_utility) for o in r.nash] == [(50.0, 50.0)]
    assert math.isclose(r.nash[0].seller_utility, 50.0)
