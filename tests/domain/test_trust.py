"""The trust equation, the style diagnostic and readiness for win-win."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation_lib.domain.case import STYLE_ITEMS, Trust, TrustView
from negotiation_lib.domain.trust import (
    READY_TRUST,
    STYLE_DIMENSIONS,
    assess_trust,
    style_profile,
    trust_score,
)

factor = st.integers(1, 10).map(float)
answers = st.dictionaries(st.sampled_from(STYLE_ITEMS), st.integers(1, 5))


def test_trust_equation_worked_example() -> None:
    # Maister, Green and Galford, The Trusted Advisor (2000), the trust equation
    # T = (C + R + I) / S: credibility 7, reliability 8, intimacy 6, self-orientation 3 → 7.0.
    t = trust_score(TrustView(credibility=7, reliability=8, intimacy=6, self_orientation=3))
    assert t.score == 7.0
    assert t.weakest == ("intimacy",)


def test_high_self_orientation_is_named_as_the_weakest_factor() -> None:
    t = trust_score(TrustView(credibility=6, reliability=7, intimacy=4, self_orientation=9))
    assert t.weakest == ("self_orientation",)  # 11 - 9 = 2 is the lowest
    tie = trust_score(TrustView(credibility=4, reliability=7, intimacy=4, self_orientation=2))
    assert tie.weakest == ("credibility", "intimacy")


@given(factor, factor, factor, factor)
def test_trust_score_range(c: float, r: float, i: float, s: float) -> None:
    t = trust_score(TrustView(credibility=c, reliability=r, intimacy=i, self_orientation=s))
    assert 0.3 <= t.score <= 30


def test_style_all_trust_based_scores_100_and_all_cpt_scores_0() -> None:
    trust_based = {i: (5 if i.startswith("trust_") else 1) for i in STYLE_ITEMS}
    cpt = {i: (1 if i.startswith("trust_") else 5) for i in STYLE_ITEMS}
    p = style_profile(trust_based)
    assert (p.relationship, p.transparency, p.long_term, p.overall, p.answered) == (
        100,
        100,
        100,
        100,
        12,
    )
    q = style_profile(cpt)
    assert (q.relationship, q.transparency, q.long_term, q.overall) == (0, 0, 0, 0)


def test_style_dimensions_cover_each_item_once() -> None:
    items = [i for cpt, trust in STYLE_DIMENSIONS.values() for i in (*cpt, *trust)]
    assert sorted(items) == sorted(STYLE_ITEMS)


def test_style_worked_example() -> None:
    # relationship: cpt_open_high=4 → (5-4)/4 = .25, trust_fair_clear=3 → (3-1)/4 = .5 → 37.5
    # transparency: trust_share_model=2 → .25 → 25 ; long_term: none → None ; overall 31.25
    p = style_profile({"cpt_open_high": 4, "trust_fair_clear": 3, "trust_share_model": 2})
    assert (p.relationship, p.transparency, p.long_term) == (37.5, 25.0, None)
    assert p.overall == pytest.approx(31.25)


@given(answers)
def test_style_scores_are_bounded(a: dict[str, int]) -> None:
    p = style_profile(a)
    for v in (p.relationship, p.transparency, p.long_term, p.overall):
        assert v is None or 0 <= v <= 100


def test_readiness_needs_customer_trust_and_a_trust_based_style() -> None:
    good_style = {i: (5 if i.startswith("trust_") else 1) for i in STYLE_ITEMS}
    trusted = TrustView(credibility=8, reliability=8, intimacy=6, self_orientation=3)
    doubted = TrustView(credibility=4, reliability=5, intimacy=3, self_orientation=6)
    assert assess_trust(Trust(customer_view=trusted, style_answers=good_style)).readiness.ready
    r = assess_trust(Trust(customer_view=doubted, style_answers=good_style)).readiness
    assert r.ready is False
    assert str(READY_TRUST) in r.reasons[0]
    assert "intimacy" in r.reasons[0]
    unknown = assess_trust(Trust(customer_view=trusted)).readiness
    assert unknown.ready is None
