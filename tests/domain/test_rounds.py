"""Renewal rounds (issue 19, DESIGN §7 "Rounds"): the seeded draw and the NPVs per round.

Known values are worked out here from the case file's own numbers (volume, costs, the value
drivers, BATNAs, rates) with plain arithmetic, never by calling the function under test.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation_lib.datasets import load_role_play_case
from negotiation_lib.domain.roles import truth
from negotiation_lib.domain.rooms import (
    IssueValue,
    PeriodValues,
    close_round,
    lived_rounds,
    renewal_draws,
    round_values,
    seed_of,
)
from negotiation_lib.domain.validation import parse_case

VALTORA = truth(load_role_play_case("valtora_brightmoor"))
CASE = parse_case(load_role_play_case("valtora_brightmoor"))
FAST_FAIR: dict[
    str, IssueValue
] = {  # the fair price rounded to the grid, fast delivery, three years
    "price_per_housing": 27250.0,
    "lead_time_weeks": 6.0,
    "contract_years": 3.0,
    "payment_terms": "60 days",
}


def _by_hand(doc: dict[str, Any], price: float) -> tuple[float, float, float]:
    """Seller profit, customer net benefit per period and retention at ``price`` (DESIGN §3)."""
    econ, rel, value = doc["economics"], doc["relationship"], doc["value"]
    volume = econ["volume_per_period"]
    eve = value["reference"]["price_per_unit"] + sum(
        d["confidence"] * d["value_per_unit"] for d in value["drivers"]
    )
    profit = volume * (price - econ["variable_cost_per_unit"]) - econ["fixed_cost_per_period"]
    benefit = volume * (eve - price) - econ["customer_cost_per_period"]
    seller_gain = profit - rel["seller_batna_per_period"]
    joint = seller_gain + benefit - rel["customer_batna_per_period"]
    gap = abs(seller_gain / joint - econ["fair_share"])
    drop = min(1.0, gap / 0.5) * (rel["retention_one_sided"] - rel["retention_fair"])
    return profit, benefit, rel["retention_fair"] + drop


def test_seed_of_is_the_first_eight_bytes_of_a_sha256() -> None:
    digest = hashlib.sha256(b"12/3").digest()
    assert seed_of(12, 3) == int.from_bytes(digest[:8], "big")
    assert seed_of("12", "3") == seed_of(12, 3)
    assert seed_of(12, 3) != seed_of(3, 12)


@given(st.integers(0, 2**63), st.integers(1, 12))
def test_the_renewal_draw_reproduces_from_its_seed(seed: int, rounds: int) -> None:
    expected = np.random.default_rng(seed).random(rounds)
    assert np.array_equal(renewal_draws(seed, rounds), expected)
    assert np.array_equal(renewal_draws(seed, rounds), renewal_draws(seed, rounds))
    closure = close_round(seed, rounds, 0.5)
    assert closure.draw == expected[-1]
    assert closure.renewed is bool(expected[-1] < 0.5)
    assert closure.round == rounds


def test_a_room_draws_the_same_renewals_whatever_was_agreed_before() -> None:
    seed = seed_of("workshop", 4)
    # Round 3's draw is the third number of the room's generator, not of what came before.
    assert close_round(seed, 3, 0.9).draw == np.random.default_rng(seed).random(3)[2]
    assert close_round(seed, 3, 0.1).draw == close_round(seed, 3, 0.9).draw


def test_round_values_are_the_discounted_values_summed_by_hand() -> None:
    lived = [PeriodValues(1000.0, 400.0), PeriodValues(1100.0, 300.0)]
    batna = PeriodValues(200.0, -50.0)
    d, g = 0.08, 0.02
    k = 1.02 / 1.08
    seller = [1000.0 - 90.0, 1100.0 * k, 200.0 * k**2, 200.0 * k**3]
    customer = [400.0 - 30.0, 300.0 * k, -50.0 * k**2, -50.0 * k**3]
    got = round_values(lived, batna, 4, d, g, PeriodValues(90.0, 30.0))
    assert got.seller == pytest.approx(seller, rel=1e-12)
    assert got.customer == pytest.approx(customer, rel=1e-12)
    assert got.seller_cumulative == pytest.approx(
        [seller[0], seller[0] + seller[1], sum(seller[:3]), sum(seller)], rel=1e-12
    )
    assert got.customer_cumulative[-1] == pytest.approx(sum(customer), rel=1e-12)
    assert got.lived == 2


def test_a_walk_away_in_round_one_earns_the_batna_every_round_and_no_set_up_cost() -> None:
    got = round_values([], PeriodValues(180_000.0, -260_000.0), 3, 0.25, 0.0, PeriodValues(6, 4))
    assert got.seller.tolist() == [180_000.0, 144_000.0, 115_200.0]
    assert got.customer_cumulative.tolist() == [-260_000.0, -468_000.0, -634_400.0]
    assert got.lived == 0


def test_a_room_of_the_valtora_case_summed_by_hand() -> None:
    profit, benefit, retention = _by_hand(VALTORA, 27250.0)
    rel, econ = VALTORA["relationship"], VALTORA["economics"]
    rounds = 5
    # A seed whose draws renew the relationship once, then not: found by looking, and the
    # sequence of draws is checked here so the test says why the room lived two rounds.
    seed = next(
        s
        for s in range(10_000)
        if (lambda u: u[0] < retention <= u[1])(np.random.default_rng(s).random(rounds))
    )
    k = (1 + rel["growth_rate"]) / (1 + rel["discount_rate"])
    seller = [profit - econ["seller_one_time_cost"], profit * k] + [
        rel["seller_batna_per_period"] * k**t for t in range(2, rounds)
    ]
    customer = [benefit - econ["customer_one_time_cost"], benefit * k] + [
        rel["customer_batna_per_period"] * k**t for t in range(2, rounds)
    ]
    room, closures = lived_rounds(CASE, [FAST_FAIR] * rounds, seed, rounds)
    assert room.lived == 2
    assert [c.renewed for c in closures] == [True, False]
    assert closures[0].retention == pytest.approx(retention, rel=1e-12)
    assert room.seller_cumulative == pytest.approx(np.cumsum(seller), rel=1e-12)
    assert room.customer_cumulative == pytest.approx(np.cumsum(customer), rel=1e-12)


def test_the_last_round_draws_no_renewal_and_a_walk_away_ends_the_room() -> None:
    # Renewed or not after round 1, the room ends there: round 2 was a walk-away.
    room, closures = lived_rounds(CASE, [FAST_FAIR, None, FAST_FAIR], seed_of(1, 1), 3)
    assert room.lived == 1
    assert len(closures) == 1
    batna = VALTORA["relationship"]["seller_batna_per_period"]
    k = 1.02 / 1.08
    assert room.seller[1:] == pytest.approx([batna * k, batna * k**2], rel=1e-12)
    one, none = lived_rounds(CASE, [FAST_FAIR], 5, 1)
    assert one.lived == 1
    assert none == ()
