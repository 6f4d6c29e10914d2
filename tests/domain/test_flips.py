"""Where the answer flips: each flip equals an independent bisection of DESIGN §3 by hand."""

from __future__ import annotations

import pytest

from negotiation_lib.datasets import load_pumpco_acme_foods
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.flips import (
    RECOMMENDATIONS,
    Flip,
    answers,
    find_flips,
    input_range,
)
from negotiation_lib.domain.projection import case_projection
from tests.flips_model import INPUTS, Hand, bisect, case_of

RETENTION = "relationship.retention_one_sided"


def _flip(case: Case, path: str, name: str, direction: str, **bracket: float) -> Flip:
    found = find_flips(case, path, recommendations=[name], **bracket)  # type: ignore[list-item]
    (flip,) = [f for f in found.flips if f.direction == direction]
    return flip


def test_trust_stops_beating_cpt_where_a_hand_bisection_says() -> None:
    flip = _flip(case_of(), RETENTION, "trust_beats_cpt", "up")
    expected = bisect(lambda p: Hand(retention_one_sided=p).trust_beats_cpt(), 0.6, 0.95)
    assert flip.value == pytest.approx(expected, abs=1e-8)
    assert (flip.below, flip.above) == (True, False)
    assert 0 < flip.tolerance <= 1e-9
    # Either side of it the hand model agrees with the answers reported.
    assert Hand(retention_one_sided=expected - 1e-6).trust_beats_cpt()
    assert not Hand(retention_one_sided=expected + 1e-6).trust_beats_cpt()
    # Where the tough price pays more, some price above the fair one does: this flip is never
    # below the break-even retention (here strictly above it, the ceiling being past the peak).
    break_even = case_projection(case_of()).break_even_retention_one_sided
    assert break_even is not None
    assert expected > break_even + 1e-6


def _closed_form_break_even(h: Hand) -> float:
    """DESIGN §3: Δ = J Σ q^t / (2 π* k Σ t q^(t-1)), the loyalty drop that makes squeezing stop."""
    m = h.m
    k = (1 + m["growth_rate"]) / (1 + m["discount_rate"])
    q = k * m["retention_fair"]
    n = int(m["repetitions"])
    profit = m["volume"] * (h.fair - m["variable_cost"]) - m["fixed_cost"]
    joint = m["volume"] * (h.ceiling - h.floor)
    level = sum(q**t for t in range(n))
    slope = sum(t * q ** (t - 1) for t in range(1, n))
    return joint * level / (2 * profit * k * slope)


@pytest.mark.parametrize("retention_fair", [0.95, 0.9])
def test_fair_stops_being_seller_optimal_at_the_break_even_loyalty(retention_fair: float) -> None:
    case = case_of(retention_fair=retention_fair)
    flip = _flip(case, RETENTION, "fair_is_seller_optimal", "up")
    assert (flip.below, flip.above) == (True, False)
    # The library's own break-even retention, and DESIGN §3's closed form written here.
    assert flip.value == pytest.approx(
        case_projection(case).break_even_retention_one_sided, abs=1e-8
    )
    hand = retention_fair - _closed_form_break_even(Hand(retention_fair=retention_fair))
    assert flip.value == pytest.approx(hand, abs=1e-6)


def test_on_the_sample_case_too() -> None:
    case = load_pumpco_acme_foods()
    flip = _flip(case, RETENTION, "fair_is_seller_optimal", "up")
    assert flip.value == pytest.approx(
        case_projection(case).break_even_retention_one_sided, abs=1e-8
    )


def test_the_zopa_closes_where_floor_meets_ceiling() -> None:
    flip = _flip(case_of(), "economics.variable_cost_per_unit", "zopa_exists", "up")
    m = INPUTS
    # floor = c_v + (F + B_S)/V = ceiling = E - (C + B_C)/V, solved for c_v by hand.
    closes = (
        m["reference"]
        + m["driver"]
        - (m["customer_cost"] + m["customer_batna"] + m["fixed_cost"] + m["seller_batna"])
        / m["volume"]
    )
    assert flip.value == pytest.approx(closes, abs=1e-4)
    assert (flip.below, flip.above) == (True, False)
    # Past it there is no seller-optimal price at all: the page gives no answer.
    optimal = _flip(case_of(), "economics.variable_cost_per_unit", "fair_is_seller_optimal", "up")
    assert optimal.value == pytest.approx(closes, abs=1e-4)
    assert optimal.above is None


def test_the_seller_stops_beating_its_batr_where_a_hand_bisection_says() -> None:
    case = case_of(seller_batr=300_000.0)
    flip = _flip(case, "economics.volume_per_period", "seller_beats_batr", "down")

    def beats(volume: float) -> bool:
        return Hand(volume=volume).npvs(INPUTS["list_price"])[0] >= 300_000.0

    expected = bisect(beats, 40.0, 1.0, tol=1e-9)
    assert flip.value == pytest.approx(expected, abs=1e-6)
    assert (flip.below, flip.above) == (False, True)


def test_the_seller_stops_beating_its_batna_as_the_discount_rate_falls() -> None:
    # A certain alternative gains more than an uncertain relationship from patient money.
    case = case_of(seller_batna=20_000.0)
    flip = _flip(case, "relationship.discount_rate", "seller_beats_batna", "down")

    def beats(rate: float) -> bool:
        h = Hand(seller_batna=20_000.0, discount_rate=rate)
        return h.npvs(INPUTS["list_price"])[0] >= h.batna_npv("seller")

    assert beats(0.08)
    expected = bisect(beats, 0.08, 0.0)
    assert flip.value == pytest.approx(expected, abs=1e-8)
    assert (flip.below, flip.above) == (False, True)


def test_a_whole_number_input_flips_at_a_whole_number() -> None:
    flip = _flip(case_of(), "relationship.repetitions", "trust_beats_cpt", "down")
    expected = bisect(lambda n: Hand(repetitions=n).trust_beats_cpt(), 100, 1, integer=True)
    assert flip.value == expected
    assert float(flip.value).is_integer()
    assert flip.tolerance == 1.0


def test_an_answer_that_does_not_flip_says_so_and_where_it_stays() -> None:
    found = find_flips(case_of(), RETENTION, recommendations=["zopa_exists"])
    assert {f.direction for f in found.flips} == {"down", "up"}
    for flip in found.flips:
        assert flip.value is None
        assert not flip.flips
        assert flip.below is True
        assert flip.above is True
        assert flip.tolerance == 0.0
    # The range searched: the schema's 0, up to the fair retention a one-sided one may not pass.
    assert (found.low, found.current) == (0.0, 0.6)
    assert found.high == pytest.approx(0.95, abs=1e-9)


def test_every_recommendation_is_searched_both_ways_by_default() -> None:
    found = find_flips(case_of(), RETENTION)
    assert [f.recommendation for f in found.flips] == [r for r in RECOMMENDATIONS for _ in range(2)]
    assert found.answers == answers(case_of())


def test_a_given_range_is_searched() -> None:
    flip = _flip(case_of(), RETENTION, "trust_beats_cpt", "up", low=0.5, high=0.7)
    assert flip.value is None
    assert (flip.low, flip.high) == (0.6, 0.7)


def test_the_case_is_never_changed() -> None:
    case = case_of()
    before = case.model_dump()
    find_flips(case, RETENTION)
    find_flips(case, "value.drivers[0].value_per_unit", low=0.0, high=5_000.0)
    assert case.model_dump() == before


def test_the_range_comes_from_the_schema() -> None:
    r = input_range(case_of(), "economics.volume_per_period")
    assert r.low > 0
    assert r.high == 1e12
    assert r.current == 40.0
    assert not r.integer
    assert input_range(case_of(), "relationship.repetitions").integer
    unset = input_range(case_of(), "relationship.cpt_price_per_unit")
    assert unset.current is None
    assert unset.low == 0.0


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("economics.volume", "not a field of a case"),
        ("relationship.nonsense[0]", "not a field of a case"),
        ("value.drivers[5].value_per_unit", "item this case does not have"),
        ("value.reference.name", "is not a number"),
        ("economics.discounts", "is not a number"),
        ("economics", "whole section"),
        ("title", "only those move"),
        ("trust.seller_view.credibility", "only those move"),
        ("economics..volume", "not a key path"),
    ],
)
def test_a_bad_path_is_a_sentence_naming_it(path: str, words: str) -> None:
    with pytest.raises(CaseError) as caught:
        find_flips(case_of(), path)
    assert caught.value.path == path
    assert words in caught.value.message


def test_bad_ranges_are_sentences_naming_the_path() -> None:
    with pytest.raises(ValueError, match=r"empty.*retention_one_sided|retention_one_sided.*empty"):
        find_flips(case_of(), RETENTION, low=0.7, high=0.5)
    with pytest.raises(CaseError, match=r"outside what relationship\.retention_one_sided may take"):
        find_flips(case_of(), RETENTION, low=-0.5, high=0.7)
    with pytest.raises(CaseError, match="does not hold the case's value"):
        find_flips(case_of(), RETENTION, low=0.7, high=0.8)
    # An end at which the case breaks a rule that spans fields (one-sided above fair).
    with pytest.raises(CaseError, match=r"At 0\.99 the case is not valid"):
        find_flips(case_of(), RETENTION, low=0.1, high=0.99)
    with pytest.raises(CaseError, match="not set in this case"):
        find_flips(case_of(), "relationship.cpt_price_per_unit")
    with pytest.raises(ValueError, match="No recommendation is named"):
        find_flips(case_of(), RETENTION, recommendations=["cheapest"])  # type: ignore[list-item]


def test_a_missing_section_is_named() -> None:
    case = Case(title="T", seller="S", customer="C")
    with pytest.raises(CaseError) as caught:
        find_flips(case, RETENTION)
    assert caught.value.path == "economics"
