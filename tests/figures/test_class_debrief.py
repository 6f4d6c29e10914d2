"""The class debrief (issue 19): its numbers against values computed here, and its charts.

Five rooms on ``valtora_brightmoor`` (:mod:`tests.class_rooms`): two trust-based pairs (an
agreement then the room closed; five rounds agreed), two CPT-like pairs (a walk-away; a dearer
agreement then the room closed) and a mixed pair still in play. Expected values:

* a room's rounds by :func:`~negotiation_lib.domain.rooms.rounds.lived_rounds` on the truth
  and the room's seed (the domain's model, tested in ``tests/domain/test_rounds.py``), or, for
  the walk-away, by hand: each side's BATNA per year discounted,
  ``B·((1 + g)/(1 + d))^(r-1)`` (DESIGN §3);
* the difference of the style means and Welch's interval by hand with NumPy, and Student's t
  quantile from a printed table (two-sided 95%, 1 degree of freedom: 12.706);
* the practice opponents' means by :func:`~negotiation_lib.domain.opponents.simulate_pairings`
  (tested in ``tests/domain/test_opponents.py``), called here on its own.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from negotiation_lib.debrief_class import (
    ClassDebrief,
    class_debrief,
    compare_styles,
    pair_style,
    t_quantile_95,
)
from negotiation_lib.debrief_rooms import truth_assessment
from negotiation_lib.domain.opponents import simulate_pairings
from negotiation_lib.domain.rooms.rounds import (
    agreed_split,
    lived_rounds,
    renewal_draws,
    seed_of,
)
from negotiation_lib.figures.class_debrief import (
    STYLE_COLOURS,
    class_debrief_figures,
    cumulative_npv_chart,
    money_left_chart,
    practice_opponents_chart,
    style_comparison_chart,
)
from tests.class_rooms import (
    CASE,
    CHEAPER,
    DEARER,
    ODD_TEAM,
    STYLES,
    WORKSHOP_ID,
    workshop,
)
from tests.test_debrief_rooms import VALTORA_MIDDLE, raw

PRACTICE_ROOMS = 20
ROUNDS = 5


@pytest.fixture(scope="module")
def debrief() -> ClassDebrief:
    rooms, states, chart = workshop()
    return class_debrief(
        raw(CASE), chart, rooms, states, STYLES, rounds=ROUNDS, practice_rooms=PRACTICE_ROOMS
    )


def _joint(room_id: int, packages: list[dict[str, object]]) -> np.ndarray:
    """A room's joint cumulative NPV by the domain's model of rounds."""
    case = truth_assessment(raw(CASE)).case
    values, _ = lived_rounds(case, packages, seed_of(WORKSHOP_ID, room_id), rounds=ROUNDS)  # type: ignore[arg-type]
    return np.asarray(values.seller_cumulative + values.customer_cumulative)


def _batna_joint() -> np.ndarray:
    # Valtora's relationship: BATNAs 180,000 and −260,000 EUR per year, d = 8%, g = 2%.
    k = (1.02 / 1.08) ** np.arange(ROUNDS)
    return np.cumsum((180_000 - 260_000) * k)


def test_pairs_are_styled_by_both_teams() -> None:
    assert pair_style(50, 99.9) == "trust_based"
    assert pair_style(49.9, 0) == "cpt"
    assert pair_style(49.9, 50) == "mixed"
    assert pair_style(None, 80) == "unanswered"


def test_each_pairs_rounds_follow_its_agreements_and_its_seed(debrief: ClassDebrief) -> None:
    by_number = {p.number: p for p in debrief.pairs}
    assert sorted(by_number) == [1, 2, 3, 4, 5]
    assert [by_number[n].style for n in range(1, 6)] == [
        "trust_based",
        "trust_based",
        "cpt",
        "cpt",
        "mixed",
    ]
    assert by_number[1].seller_team == ODD_TEAM
    np.testing.assert_allclose(by_number[1].joint_cumulative, _joint(101, [VALTORA_MIDDLE]))
    np.testing.assert_allclose(by_number[2].joint_cumulative, _joint(102, [VALTORA_MIDDLE] * 5))
    np.testing.assert_allclose(by_number[4].joint_cumulative, _joint(104, [DEARER]))
    # The walk-away: both sides at their BATNAs from round 1, by hand.
    np.testing.assert_allclose(by_number[3].joint_cumulative, _batna_joint())
    # Closed, walked away or five rounds agreed: every round decided.
    assert [by_number[n].decided for n in (1, 2, 3, 4)] == [ROUNDS] * 4
    assert by_number[3].lived == 0
    # Room 5 agreed once and is still open: decided through round 1 unless not renewed.
    case = truth_assessment(raw(CASE)).case
    draw = renewal_draws(seed_of(WORKSHOP_ID, 105), ROUNDS)[0]
    renewed = draw < agreed_split(case, CHEAPER).retention
    assert by_number[5].decided == (1 if renewed else ROUNDS)
    assert by_number[5].ended is not renewed


def test_trust_against_cpt_is_the_difference_of_the_means_with_welchs_interval(
    debrief: ClassDebrief,
) -> None:
    trust = np.array([_joint(101, [VALTORA_MIDDLE])[-1], _joint(102, [VALTORA_MIDDLE] * 5)[-1]])
    cpt = np.array([_batna_joint()[-1], _joint(104, [DEARER])[-1]])
    c = debrief.comparison
    assert sorted(c.trust) == pytest.approx(sorted(trust))
    assert sorted(c.cpt) == pytest.approx(sorted(cpt))
    difference = trust.mean() - cpt.mean()
    assert c.difference == pytest.approx(difference)
    a, b = trust.var(ddof=1) / 2, cpt.var(ddof=1) / 2
    se = np.sqrt(a + b)
    assert c.standard_error == pytest.approx(se)
    df = (a + b) ** 2 / (a**2 + b**2)  # Welch-Satterthwaite with n − 1 = 1 in each group
    assert 1 <= df < 2
    assert c.low == pytest.approx(difference - 12.706 * se)
    assert c.high == pytest.approx(difference + 12.706 * se)


def test_a_comparison_needs_ended_pairs_of_both_styles(debrief: ClassDebrief) -> None:
    trust_only = [p for p in debrief.pairs if p.style == "trust_based"]
    assert compare_styles(trust_only).difference is None
    one_each = [p for p in debrief.pairs if p.number in (1, 3)]
    half = compare_styles(one_each)
    assert half.difference == pytest.approx(_joint(101, [VALTORA_MIDDLE])[-1] - _batna_joint()[-1])
    assert half.standard_error is None
    assert half.low is None


def test_t_quantiles_are_the_printed_ones() -> None:
    # Two-sided 95% quantiles of Student's t, as printed in any statistics table.
    assert t_quantile_95(1) == 12.706
    assert t_quantile_95(2.9) == 4.303
    assert t_quantile_95(30) == 2.042
    assert t_quantile_95(59) == 2.021
    assert t_quantile_95(5000) == 1.96


def test_money_left_on_the_table_grows_with_the_distance_from_the_fair_price(
    debrief: ClassDebrief,
) -> None:
    left = debrief.money_left
    assert set(left) == {1, 2, 3, 4, 5}
    # The fair price is 27,148.33 EUR per housing: 27,000 is nearer than 27,500, 28,250 far.
    assert 0 <= left[5] < left[1] < left[4] < left[3]  # type: ignore[operator]
    assert left[1] == pytest.approx(left[2])  # the same package


def test_the_practice_table_is_the_simulation_of_the_case(debrief: ClassDebrief) -> None:
    expected = simulate_pairings(
        truth_assessment(raw(CASE)).case, rooms=PRACTICE_ROOMS, rounds=ROUNDS, workshop="simulation"
    )
    assert [(p.seller_style, p.customer_style) for p in debrief.practice] == [
        (e.seller_style, e.customer_style) for e in expected
    ]
    fig = practice_opponents_chart(debrief)
    seller, customer = fig.data
    assert list(seller.y) == pytest.approx([e.seller_npv for e in expected])
    assert list(customer.y) == pytest.approx([e.customer_npv for e in expected])
    assert list(seller.error_y.array) == pytest.approx([e.seller_npv_se for e in expected])
    # Each pairing's mean is the mean of its rooms' final cumulative NPVs.
    for e in expected:
        assert e.seller_npv == pytest.approx(e.seller_cumulative[-1])
    assert "20 simulated rooms per pairing" in fig.layout.title.subtitle.text
    assert '"simulation/k"' in fig.layout.title.subtitle.text
    assert fig.layout.yaxis.title.text == "Mean cumulative NPV (EUR)"


def test_the_curves_are_one_line_a_pair_coloured_by_style(debrief: ClassDebrief) -> None:
    fig = cumulative_npv_chart(debrief)
    assert len(fig.data) == len(debrief.pairs)
    for trace, pair in zip(fig.data, debrief.pairs, strict=True):
        assert trace.line.color == STYLE_COLOURS[pair.style]
        assert list(trace.x) == list(range(1, pair.decided + 1))
        assert list(trace.y) == pytest.approx(pair.joint_cumulative[: pair.decided])
        assert "<b>Team" not in "".join(trace.customdata)
    # One legend entry per style.
    assert sum(1 for t in fig.data if t.showlegend) == 3
    assert fig.layout.yaxis.title.text == "Joint cumulative NPV (EUR)"
    assert fig.layout.xaxis.title.text == "Round"


def test_the_comparison_and_the_money_left_charts(debrief: ClassDebrief) -> None:
    fig = style_comparison_chart(debrief)
    trust, cpt = fig.data
    assert trust.name == "Trust-based pairs (n = 2)"
    assert cpt.name == "CPT-like pairs (n = 2)"
    assert list(trust.y) == pytest.approx(debrief.comparison.trust)
    assert "95% interval" in fig.layout.title.subtitle.text
    assert "(EUR)" in fig.layout.yaxis.title.text
    bars = money_left_chart(debrief)
    (bar,) = bars.data
    assert list(bar.x) == [f"Room {n}" for n in range(1, 6)]
    assert list(bar.y) == pytest.approx([debrief.money_left[n] for n in range(1, 6)])
    assert "&lt;b&gt;Team &amp; " in bar.customdata[0]
    assert bars.layout.yaxis.title.text == "Joint NPV left on the table (EUR)"


def test_the_deck_order_starts_with_the_agreements_chart(debrief: ClassDebrief) -> None:
    figures = class_debrief_figures(debrief)
    assert len(figures) == 6
    assert "against the Pareto frontier" in figures[0].layout.title.text


def test_an_empty_comparison_says_so_on_the_chart(debrief: ClassDebrief) -> None:
    trust_only = [p for p in debrief.pairs if p.style == "trust_based"]
    fig = style_comparison_chart(replace(debrief, comparison=compare_styles(trust_only)))
    (note,) = fig.layout.annotations
    assert note.text.startswith("Nothing to compare yet")
    assert "CPT-like pairs n = 0" in fig.layout.title.subtitle.text
    assert not style_comparison_chart(debrief).layout.annotations


def test_a_class_without_pairs_still_draws_every_chart(debrief: ClassDebrief) -> None:
    empty = replace(debrief, pairs=(), comparison=compare_styles([]))
    curves = cumulative_npv_chart(empty)
    assert len(curves.data) == 1
    assert curves.layout.annotations[0].text.startswith("No pair has played a round yet")
    assert all(len(f.data) >= 1 for f in class_debrief_figures(empty))
