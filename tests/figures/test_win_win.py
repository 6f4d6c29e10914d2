"""Win-win figures: the trust factors, the style profile and the Pareto scatter."""

from __future__ import annotations

import json
from typing import TypedDict

import plotly.graph_objects as go
import pytest
from numpy.testing import assert_allclose

from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain.case import (
    Case,
    MustHave,
    NumericIssue,
    OptionsIssue,
    Package,
    PartyDefinition,
    Trust,
    TrustView,
    WinWin,
)
from negotiation_lib.domain.economics import Zopa, case_economics
from negotiation_lib.domain.trust import READY_STYLE, assess_trust
from negotiation_lib.domain.win_win import WinWinResult, assess_win_win, definition_in_force
from negotiation_lib.figures import style
from negotiation_lib.figures.win_win import (
    FairPriceMark,
    package_colour,
    pareto_scatter,
    style_profile,
    trust_factors,
)
from negotiation_lib.formatting import escape, number
from tests.figures import (
    MALICIOUS,
    assert_no_markup_injection,
    title_text,
    trace,
    traces_of_type,
)

FACTORS = ("credibility", "reliability", "intimacy", "self_orientation")


@pytest.fixture(params=sample_case_names())
def case(request: pytest.FixtureRequest) -> Case:
    return load_sample_case(request.param)


def _trust(case: Case) -> Trust:
    assert case.trust is not None
    return case.trust


def _win_win(case: Case) -> WinWin:
    assert case.win_win is not None
    return case.win_win


class Thresholds(TypedDict):
    """Both win thresholds, as :func:`pareto_scatter` takes them."""

    seller_threshold: float
    customer_threshold: float


def _thresholds(win_win: WinWin, zopa: Zopa | None = None) -> Thresholds:
    """Both parties' win thresholds, from the definitions in force (sealed when sealed).

    ``zopa`` is the case's zone of agreement, needed when a definition scores open book.
    """
    seller = definition_in_force(win_win, "seller", zopa=zopa).definition
    customer = definition_in_force(win_win, "customer", zopa=zopa).definition
    return Thresholds(
        seller_threshold=seller.win_threshold, customer_threshold=customer.win_threshold
    )


def _assessed(case: Case) -> WinWinResult:
    """The case's win-win result, its open-book price scores read from the case's ZOPA."""
    return assess_win_win(_win_win(case), zopa=case_economics(case).zopa)


def _pareto(case: Case) -> tuple[WinWinResult, go.Figure]:
    win_win = _win_win(case)
    result = _assessed(case)
    fig = pareto_scatter(
        result,
        seller=case.seller,
        customer=case.customer,
        **_thresholds(win_win, case_economics(case).zopa),
    )
    return result, fig


def _walk_away_win_win(name: str = "price") -> WinWin:
    """A negotiation whose must-haves exclude each other: no agreement is feasible.

    ``name`` names both the one issue and the one package.
    """
    return WinWin(
        issues=(NumericIssue(name=name, min=300, max=320, step=10),),
        seller=PartyDefinition(
            weights={name: 1},
            scores={name: ((300, 0), (320, 100))},
            must_haves={name: MustHave(min=320)},
        ),
        customer=PartyDefinition(
            weights={name: 1},
            scores={name: ((300, 100), (320, 0))},
            must_haves={name: MustHave(max=300)},
        ),
        packages=(Package(name=name, values={name: 310.0}),),
    )


# --------------------------------------------------------------------------- trust factors


def test_trust_factors_show_each_view_and_its_score(case: Case) -> None:
    inputs = _trust(case)
    result = assess_trust(inputs)
    fig = trust_factors(result, inputs)
    bars = traces_of_type(fig, "bar")
    assert len(bars) == 2
    for view, score, prefix in (
        (inputs.seller_view, result.seller_view, "Seller's self-view"),
        (inputs.customer_view, result.customer_view, "How the customer sees"),
    ):
        assert view is not None
        assert score is not None
        bar = trace(fig, prefix)
        assert_allclose(bar.y, [getattr(view, f) for f in FACTORS])
        assert number(score.score, 1, trim=True) in title_text(fig)
        outlined = [w > 0 for w in bar.marker.line.width]
        assert outlined == [f in score.weakest for f in FACTORS]


def test_trust_factors_with_one_view_only() -> None:
    inputs = Trust(
        customer_view=TrustView(credibility=6, reliability=7, intimacy=4, self_orientation=5)
    )
    result = assess_trust(inputs)
    fig = trust_factors(result, inputs)
    (bar,) = traces_of_type(fig, "bar")
    assert bar.name.startswith("How the customer sees the seller")
    assert result.customer_view is not None
    assert number(result.customer_view.score, 1, trim=True) in title_text(fig)


def test_trust_factors_with_no_view_yet() -> None:
    inputs = Trust()
    fig = trust_factors(assess_trust(inputs), inputs)
    assert not traces_of_type(fig, "bar")
    assert "no view rated yet" in title_text(fig)
    fig.to_json()


# --------------------------------------------------------------------------- style profile


def test_style_profile_bars_are_the_dimension_scores(case: Case) -> None:
    result = assess_trust(_trust(case))
    fig = style_profile(result)
    (bar,) = traces_of_type(fig, "bar")
    s = result.style
    expected = [s.relationship, s.transparency, s.long_term, s.overall]
    assert all(v is not None for v in expected)
    assert_allclose(bar.x, [float(v) for v in expected if v is not None])
    colours = [style.GOOD if v is not None and v >= READY_STYLE else style.WARN for v in expected]
    assert list(bar.marker.color) == colours
    assert s.overall is not None
    assert f"{number(s.overall)}/100" in title_text(fig)


def test_style_profile_with_some_dimensions_unanswered() -> None:
    result = assess_trust(Trust(style_answers={"cpt_open_high": 2, "trust_fair_clear": 5}))
    fig = style_profile(result)
    (bar,) = traces_of_type(fig, "bar")
    assert result.style.transparency is None
    assert bar.text[1] == "not answered yet"
    assert bar.marker.color[1] == style.MUTED
    assert result.style.relationship is not None
    assert_allclose(bar.x[0], result.style.relationship)


def test_style_profile_with_nothing_answered() -> None:
    fig = style_profile(assess_trust(Trust()))
    assert "not answered yet" in title_text(fig)
    fig.to_json()


# --------------------------------------------------------------------------- Pareto scatter


def test_pareto_frontier_trace_carries_the_frontier_utilities(case: Case) -> None:
    result, fig = _pareto(case)
    frontier = trace(fig, "Pareto frontier")
    assert_allclose(frontier.x, [o.seller_utility for o in result.frontier])
    assert_allclose(frontier.y, [o.customer_utility for o in result.frontier])
    assert frontier.mode == "lines+markers"


def test_pareto_packages_are_numbered_and_coloured_by_status(case: Case) -> None:
    result, fig = _pareto(case)
    for k, package in enumerate(result.packages, start=1):
        point = trace(fig, f"{k}. ")
        assert_allclose(
            [point.x[0], point.y[0]], [package.seller_utility, package.customer_utility]
        )
        assert point.customdata[0][0] == escape(package.name)
        expected = style.GOOD if package.win_win else style.WARN if package.feasible else style.BAD
        assert point.marker.color == expected == package_colour(package)
        assert any(
            a.text == f"<b>{k}</b>" and a.x == package.seller_utility
            for a in fig.layout.annotations
        )


def test_pareto_marks_each_bargaining_solution(case: Case) -> None:
    result, fig = _pareto(case)
    symbols = set()
    for name, points in (
        ("Nash", result.nash),
        ("Kalai–Smorodinsky", result.kalai_smorodinsky),
        ("Egalitarian", result.egalitarian),
    ):
        assert points
        t = trace(fig, name)
        assert_allclose(t.x, [o.seller_utility for o in points])
        assert_allclose(t.y, [o.customer_utility for o in points])
        symbols.add(t.marker.symbol)
    assert len(symbols) == 3


def test_pareto_draws_the_walk_away_point_and_both_thresholds(case: Case) -> None:
    result, fig = _pareto(case)
    thresholds = _thresholds(_win_win(case), case_economics(case).zopa)
    d = trace(fig, "Walk-away point (")
    assert_allclose([d.x[0], d.y[0]], result.disagreement)
    seller_line = trace(fig, f"{escape(case.seller)} wins from")
    customer_line = trace(fig, f"{escape(case.customer)} wins from")
    assert_allclose(seller_line.x, [thresholds["seller_threshold"]] * 2)
    assert_allclose(customer_line.y, [thresholds["customer_threshold"]] * 2)
    (region,) = fig.layout.shapes
    assert_allclose(
        [region.x0, region.y0], [thresholds["seller_threshold"], thresholds["customer_threshold"]]
    )
    assert result.ideal is not None
    ideal_line = trace(fig, "to ideal point")
    assert_allclose([ideal_line.x[-1], ideal_line.y[-1]], result.ideal)
    low = fig.layout.xaxis.range[0]
    assert low <= min(result.disagreement)
    assert list(fig.layout.xaxis.range) == list(fig.layout.yaxis.range)


def test_pareto_without_thresholds_draws_no_threshold_lines(case: Case) -> None:
    result = _assessed(case)
    fig = pareto_scatter(result, seller=case.seller, customer=case.customer)
    assert not [t for t in fig.data if t.name and "wins from" in t.name]
    assert not fig.layout.shapes


def test_pareto_recommends_walking_away_when_nothing_is_feasible() -> None:
    win_win = _walk_away_win_win()
    result = assess_win_win(win_win)
    assert result.recommend_walk_away
    fig = pareto_scatter(result, seller="S", customer="C", **_thresholds(win_win))
    assert "walk away" in title_text(fig)
    assert result.walk_away_reason is not None
    assert escape(result.walk_away_reason) in title_text(fig).replace("<br>", " ")
    assert not [t for t in fig.data if t.name == "Pareto frontier"]
    assert trace(fig, "1. ").marker.color == style.BAD
    fig.to_json()


# --------------------------------------------------------------------------- all figures


def test_every_win_win_figure_serializes(case: Case) -> None:
    inputs = _trust(case)
    result = assess_trust(inputs)
    _, pareto = _pareto(case)
    for fig in (trust_factors(result, inputs), style_profile(result), pareto):
        data = json.loads(fig.to_json())
        assert data["data"]
        assert data["layout"]["title"]["text"]


def test_pareto_escapes_party_package_and_issue_names() -> None:
    win_win = WinWin(
        issues=(OptionsIssue(name=MALICIOUS, options=(MALICIOUS, "plain")),),
        seller=PartyDefinition(
            weights={MALICIOUS: 1}, scores={MALICIOUS: {MALICIOUS: 100, "plain": 0}}
        ),
        customer=PartyDefinition(
            weights={MALICIOUS: 1}, scores={MALICIOUS: {MALICIOUS: 40, "plain": 90}}
        ),
        packages=(Package(name=MALICIOUS, values={MALICIOUS: MALICIOUS}),),
    )
    result = assess_win_win(win_win)
    fig = pareto_scatter(result, seller=MALICIOUS, customer=MALICIOUS, **_thresholds(win_win))
    assert_no_markup_injection(fig)


def test_walk_away_reason_is_escaped() -> None:
    result = assess_win_win(_walk_away_win_win(MALICIOUS))
    assert result.walk_away_reason is not None
    assert MALICIOUS in result.walk_away_reason  # the domain's sentence names the issue
    fig = pareto_scatter(result, seller=MALICIOUS, customer=MALICIOUS)
    assert_no_markup_injection(fig)


# --------------------------------------------------------------------------- the fair price


def _price_only() -> WinWin:
    """A price-only negotiation scored like the open book over a ZOPA from 100 to 140."""
    return WinWin(
        issues=(NumericIssue(name="price", min=100, max=140, step=5),),
        seller=PartyDefinition(weights={"price": 1}, scores={"price": ((100, 0), (140, 100))}),
        customer=PartyDefinition(weights={"price": 1}, scores={"price": ((100, 100), (140, 0))}),
        packages=(Package(name="A", values={"price": 135.0}),),
    )


def test_pareto_rings_the_agreement_at_the_fair_price() -> None:
    result = assess_win_win(_price_only())
    # the fair price of an even split is the middle of the ZOPA, 120: utilities 50 and 50
    at = next(o for o in result.frontier if o.values["price"] == 120)
    fig = pareto_scatter(
        result,
        seller="S",
        customer="C",
        fair_price=FairPriceMark(at, 120.0, 120.0, True),
        currency="EUR",
        unit="tonne",
    )
    ring = trace(fig, "Fair price: ")
    # Prices below 1,000 have cents, as on the economics worksheet's tiles.
    assert ring.name == "Fair price: 120.00 EUR per tonne"
    assert_allclose([ring.x[0], ring.y[0]], [50.0, 50.0])
    assert "120.00 EUR per tonne" in ring.customdata[0][0]
    # the Nash point of equal weights sits there too: the chart and the fair price agree
    (nash,) = result.nash
    assert_allclose([nash.seller_utility, nash.customer_utility], [ring.x[0], ring.y[0]])


def test_pareto_says_when_the_frontier_only_comes_near_the_fair_price() -> None:
    result = assess_win_win(_price_only())
    at = next(o for o in result.frontier if o.values["price"] == 125)
    mark = FairPriceMark(at, 125.0, 117.5, False)
    fig = pareto_scatter(result, seller="S", customer="C", fair_price=mark, currency="EUR")
    ring = trace(fig, "Nearest the fair price")
    assert ring.name == "Nearest the fair price of 117.50 EUR"
    assert_allclose([ring.x[0], ring.y[0]], [at.seller_utility, at.customer_utility])


def test_pareto_without_a_fair_price_mark_has_no_ring(case: Case) -> None:
    _, fig = _pareto(case)
    assert not [
        t for t in fig.data if t.name and t.name.startswith(("Fair price:", "Nearest the fair"))
    ]


def test_the_fair_price_label_escapes_the_currency_and_unit() -> None:
    result = assess_win_win(_price_only())
    at = result.frontier[0]
    mark = FairPriceMark(at, float(at.values["price"]), 120.0, False)
    fig = pareto_scatter(
        result, seller="S", customer="C", fair_price=mark, currency=MALICIOUS, unit=MALICIOUS
    )
    assert_no_markup_injection(fig)
