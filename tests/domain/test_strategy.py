"""Strategic fit and the expected value of moves."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from negotiation_lib.domain.case import Move, Priority, Strategy
from negotiation_lib.domain.strategy import assess_move, assess_strategy, strategic_fit
from tests.strategies import money, probability

priorities = st.lists(
    st.builds(
        Priority, name=st.uuids().map(str), weight=st.floats(0.01, 10), supported=st.booleans()
    ),
    min_size=1,
    max_size=6,
)


def test_fit_is_the_supported_share_of_weight() -> None:
    s = Strategy(
        priorities=(
            Priority(name="Grow in food and beverage", weight=3, supported=True),
            Priority(name="Service revenue", weight=2, supported=True),
            Priority(name="Exit low-margin OEM work", weight=5, supported=False),
        )
    )
    assert strategic_fit(s) == 0.5
    assert strategic_fit(Strategy()) is None


@given(priorities.map(tuple))
def test_fit_is_between_zero_and_one(ps: tuple[Priority, ...]) -> None:
    fit = strategic_fit(Strategy(priorities=ps))
    assert fit is not None
    assert 0 <= fit <= 1 + 1e-12
    if all(p.supported for p in ps):
        assert abs(fit - 1) < 1e-12


def test_move_expected_value_and_decision() -> None:
    m = assess_move(
        Move(
            name="Price war",
            cooperation_probability=0.4,
            cooperation_benefit=100_000,
            retaliation_probability=0.8,
            retaliation_damage=90_000,
        )
    )
    assert m.expected_value == 0.4 * 100_000 - 0.8 * 90_000
    assert m.decision == "avoid"


def test_a_move_worth_exactly_nothing_is_avoided() -> None:
    m = assess_move(
        Move(
            name="Even",
            cooperation_probability=0.5,
            cooperation_benefit=10,
            retaliation_probability=0.5,
            retaliation_damage=10,
        )
    )
    assert (m.expected_value, m.decision) == (0.0, "avoid")


@given(
    st.lists(
        st.builds(
            Move,
            name=st.uuids().map(str),
            cooperation_probability=probability,
            cooperation_benefit=money,
            retaliation_probability=probability,
            retaliation_damage=money,
        ),
        max_size=8,
    )
)
def test_moves_are_ranked_best_first(moves: list[Move]) -> None:
    ranked = assess_strategy(Strategy(moves=tuple(moves))).moves
    evs = [m.expected_value for m in ranked]
    assert evs == sorted(evs, reverse=True)
    assert all((m.decision == "compete") == (m.expected_value > 0) for m in ranked)
