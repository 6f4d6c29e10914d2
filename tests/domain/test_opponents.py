"""Practice opponents (issue 19, DESIGN §7 "Practice opponents").

The concession curves are checked against the formula of Faratin, Sierra & Jennings (1998)
worked out here; the ZOPA bounds are computed here from the case file's own numbers.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation_lib.datasets import load_role_play_case
from negotiation_lib.domain.case import PartyDefinition
from negotiation_lib.domain.opponents import (
    PAIRINGS,
    model_facts,
    negotiate,
    outcome_space,
    practice_opponent,
    simulate_pairings,
    target_utility,
)
from negotiation_lib.domain.roles import private_facts, truth
from negotiation_lib.domain.rooms import (
    IssueValue,
    RoomTerms,
    checked_package,
    lived_rounds,
    seed_of,
)
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.domain.win_win.utilities import must_haves_met, utility

NAMES = ("valtora_brightmoor", "corvane_bluewell")
DOCS = {n: load_role_play_case(n) for n in NAMES}
CASES = {n: parse_case(DOCS[n]) for n in NAMES}
TRUTHS = {n: truth(DOCS[n]) for n in NAMES}


def _loosened(doc: dict[str, Any]) -> dict[str, Any]:
    # No must-haves and no reservation utility: only the ZOPA keeps a trust-based opponent's
    # price between the floor and the ceiling (the sample cases' must-haves alone would).
    out = copy.deepcopy(doc)
    for side in ("seller", "customer"):
        out["win_win"][side]["must_haves"] = {}
        out["win_win"][side]["reservation_utility"] = 0
    return out


LOOSE = {n: parse_case(_loosened(TRUTHS[n])) for n in NAMES}
PRICE = {"valtora_brightmoor": "price_per_housing", "corvane_bluewell": "price_per_tonne"}


def _zopa_by_hand(doc: dict[str, Any]) -> tuple[float, float]:
    econ, rel, value = doc["economics"], doc["relationship"], doc["value"]
    volume = econ["volume_per_period"]
    eve = value["reference"]["price_per_unit"] + sum(
        d["confidence"] * d["value_per_unit"] for d in value["drivers"]
    )
    floor = (
        econ["variable_cost_per_unit"]
        + (econ["fixed_cost_per_period"] + rel["seller_batna_per_period"]) / volume
    )
    ceiling = eve - (econ["customer_cost_per_period"] + rel["customer_batna_per_period"]) / volume
    return floor, ceiling


def test_the_zopa_by_hand_is_the_one_the_cases_teach() -> None:
    assert _zopa_by_hand(TRUTHS["valtora_brightmoor"]) == pytest.approx((24400, 29896.6667))
    assert _zopa_by_hand(TRUTHS["corvane_bluewell"]) == pytest.approx((1096.6667, 1258.6))


@pytest.mark.parametrize(
    ("t", "beta", "expected"),
    [
        (0, 0.2, 90.0),
        (10, 0.2, 90.0 - 50.0 * 0.5**5),  # 88.4375: a Boulware barely moves by half time
        (19, 0.2, 90.0 - 50.0 * 0.95**5),
        (20, 0.2, 40.0),
        (5, 2.0, 90.0 - 50.0 * 0.5),  # a conceder is half way at a quarter of the time
        (10, 2.0, 90.0 - 50.0 * math.sqrt(0.5)),
        (25, 2.0, 40.0),  # past the deadline it stays at its reservation
    ],
)
def test_target_utility_is_faratins_formula(t: int, beta: float, expected: float) -> None:
    assert target_utility(t, 20, 90.0, 40.0, beta) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("side", ["seller", "customer"])
def test_the_cpt_opponent_concedes_along_a_boulware_curve(name: str, side: str) -> None:
    doc = TRUTHS[name]
    definition = PartyDefinition.model_validate(doc["win_win"][side])
    opp = practice_opponent(CASES[name], side, "cpt", seed=3)  # type: ignore[arg-type]
    issues = CASES[name].win_win.issues  # type: ignore[union-attr]
    # Its best package scores every issue at the top of its scale: 100 points.
    assert opp.u_max == 100.0
    assert opp.u_res == definition.reservation_utility
    for t in (0, 4, 10, 16, 19, 20):
        expected = 100.0 - (100.0 - definition.reservation_utility) * (t / 20) ** 5
        assert opp.target(t) == pytest.approx(expected, rel=1e-12)
        offer = opp.propose(t)
        own = utility(definition, issues, offer)
        assert own >= expected - 1e-9, "it never offers less than its target"
        assert must_haves_met(definition, issues, offer)
    assert utility(definition, issues, opp.propose(0)) == 100.0, "it opens at its best"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("side", ["seller", "customer"])
def test_the_trust_opponent_concedes_along_a_conceder_curve_from_the_fair_split(
    name: str, side: str
) -> None:
    doc = TRUTHS[name]
    definition = PartyDefinition.model_validate(doc["win_win"][side])
    issues = CASES[name].win_win.issues  # type: ignore[union-attr]
    opp = practice_opponent(CASES[name], side, "trust", seed=3)  # type: ignore[arg-type]
    opening = opp.propose(0)
    floor, ceiling = _zopa_by_hand(doc)
    fair = floor + doc["economics"]["fair_share"] * (ceiling - floor)
    step = next(i["step"] for i in doc["win_win"]["issues"] if i["name"] == PRICE[name])
    assert abs(opening[PRICE[name]] - fair) <= step / 2, "it opens at the fair price"
    start = utility(definition, issues, opening)
    res = definition.reservation_utility
    for t in (0, 3, 8, 15, 20):
        expected = start - (start - res) * math.sqrt(t / 20)
        assert opp.target(t) == pytest.approx(expected, rel=1e-12)
        assert utility(definition, issues, opp.propose(t)) >= expected - 1e-9


@settings(max_examples=80, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    side=st.sampled_from(["seller", "customer"]),
    seed=st.integers(0, 2**64 - 1),
    step=st.integers(0, 30),
    revealed=st.booleans(),
    loose=st.booleans(),
)
def test_a_trust_opponent_never_proposes_outside_the_zopa(
    name: str, side: str, seed: int, step: int, revealed: bool, loose: bool
) -> None:
    other = "customer" if side == "seller" else "seller"
    case = LOOSE[name] if loose else CASES[name]
    counterpart = case.win_win.seller if other == "seller" else case.win_win.customer  # type: ignore[union-attr]
    opp = practice_opponent(
        case,
        side,  # type: ignore[arg-type]
        "trust",
        seed,
        counterpart=counterpart if revealed else None,
    )
    floor, ceiling = _zopa_by_hand(TRUTHS[name])
    offer = opp.propose(step)
    price = offer[PRICE[name]]
    assert isinstance(price, float)
    assert floor <= price <= ceiling
    checked_package(RoomTerms.from_case(case), offer)  # a package the room takes


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("side", ["seller", "customer"])
def test_the_cpt_opponent_never_reveals_a_private_fact(name: str, side: str) -> None:
    doc = DOCS[name]
    assert model_facts(doc, side, "cpt") == ()  # type: ignore[arg-type]
    cpt = practice_opponent(
        CASES[name],
        side,  # type: ignore[arg-type]
        "cpt",
        9,
        shares=model_facts(doc, side, "trust"),  # type: ignore[arg-type]
    )
    assert cpt.shares == ()
    assert cpt.reveals is False
    other = "customer" if side == "seller" else "seller"
    trust = practice_opponent(CASES[name], other, "trust", 9)  # type: ignore[arg-type]
    pair = (cpt, trust) if side == "seller" else (trust, cpt)
    play = negotiate(*pair)
    secrets = {f.value for f in private_facts(doc, side) if isinstance(f.value, int | float | str)}
    issue_names = {i.name for i in CASES[name].win_win.issues}  # type: ignore[union-attr]
    offered = [cpt.space.package(i) for s, i, _ in play.offers if s == side]
    assert offered, "it made offers"
    for package in offered:
        assert set(package) == issue_names  # an offer carries the issues and nothing else
        assert not secrets & set(package.values())


@pytest.mark.parametrize("name", NAMES)
def test_a_trust_opponent_shares_its_open_book_at_once(name: str) -> None:
    facts = model_facts(DOCS[name], "seller", "trust")
    paths = {f.path for f in facts}
    assert "economics.variable_cost_per_unit" in paths
    assert all(p.startswith(("economics.", "relationship.", "value.")) for p in paths)
    opp = practice_opponent(CASES[name], "seller", "trust", 1, shares=facts)
    assert opp.reveals
    assert opp.shares == facts


def test_opponents_are_deterministic_given_a_seed() -> None:
    case = CASES["valtora_brightmoor"]
    a = [practice_opponent(case, "seller", "cpt", 42).propose(t) for t in range(21)]
    b = [practice_opponent(case, "seller", "cpt", 42).propose(t) for t in range(21)]
    assert a == b
    seeds = {
        tuple(practice_opponent(case, "seller", "cpt", s).proposal(t) for t in range(21))
        for s in range(20)
    }
    assert len(seeds) > 1, "different seeds pick different packages near the target"


def test_the_outcome_space_scores_each_package_as_utility_does() -> None:
    case = CASES["corvane_bluewell"]
    space = outcome_space(RoomTerms.from_case(case))
    assert space.size == 53 * 3 * 3 * 2
    definition = case.win_win.seller  # type: ignore[union-attr]
    assert definition is not None
    all_u = space.utilities(definition)
    rng = np.random.default_rng(0)
    for index in rng.integers(0, space.size, 40):
        package = space.package(int(index))
        assert space.index_of(package) == index
        issues = case.win_win.issues  # type: ignore[union-attr]
        assert all_u[index] == utility(definition, issues, package)
        assert space.must_haves(definition)[index] == must_haves_met(definition, issues, package)


def test_trust_meets_trust_in_the_first_round_and_the_simulation_reproduces() -> None:
    case = CASES["corvane_bluewell"]
    one = simulate_pairings(case, rooms=30, rounds=3)
    two = simulate_pairings(case, rooms=30, rounds=3)
    assert [(r.seller_style, r.customer_style) for r in one] == list(PAIRINGS)
    assert [r.seller_npv for r in one] == [r.seller_npv for r in two]
    trust = one[-1]
    assert trust.first_round_agreements == 1.0
    assert trust.seller_cumulative.shape == (3,)
    assert trust.seller_cumulative[-1] == trust.seller_npv


def test_an_opponent_replies_to_a_teams_offer_as_a_room_records_it() -> None:
    case = CASES["valtora_brightmoor"]
    seller = PartyDefinition.model_validate(TRUTHS["valtora_brightmoor"]["win_win"]["seller"])
    opp = practice_opponent(case, "seller", "trust", 5)
    # Off the price grid (steps of 250), as a team may type it: scored all the same.
    # Seller's utility: 0.5·(27,100 − 25,500)/4,000·100 + 0.1·20 + 0.25·80 + 0.15·70 = 52.5.
    typed: dict[str, IssueValue] = {
        "price_per_housing": 27100.0,
        "lead_time_weeks": 6.0,
        "contract_years": 3.0,
        "payment_terms": "60 days",
    }
    assert case.win_win is not None
    assert utility(seller, case.win_win.issues, typed) == pytest.approx(52.5)
    first = opp.reply(0, typed)
    assert first.kind == "offer"
    assert first.values == opp.propose(0)
    assert first.utility == pytest.approx(opp.u_max)
    assert opp.u_max > 52.5 > opp.u_res  # refused at the start, taken before the end
    late = next(t for t in range(21) if opp.target(t) <= 52.5)
    assert opp.reply(late - 1, typed).kind == "offer"
    accepted = opp.reply(late, typed)
    assert accepted.kind == "accept"
    assert accepted.values == typed
    assert opp.reply(21, None).kind == "walk_away"
    # Below its must-have price (25,750) it never accepts, even at the deadline.
    assert opp.reply(20, {**typed, "price_per_housing": 25600.0}).kind == "offer"
    assert opp.reply(20, {"price_per_housing": 27100.0}).kind == "offer"  # not a package


def test_the_simulation_averages_rooms_played_one_by_one() -> None:
    # Two rooms of trust against CPT, re-played here with negotiate and lived_rounds.
    case = CASES["valtora_brightmoor"]
    got = simulate_pairings(case, rooms=2, rounds=3, pairings=[("trust", "cpt")])[0]
    space = outcome_space(RoomTerms.from_case(case))
    finals = []
    for k in range(2):
        seed = seed_of("simulation", k)
        agreements: list[dict[str, IssueValue] | None] = []
        standing = None
        for r in (1, 2, 3):
            round_seed = seed * 3 + r
            seller = practice_opponent(case, "seller", "trust", round_seed, space=space)
            customer = practice_opponent(case, "customer", "cpt", round_seed, space=space)
            play = negotiate(seller, customer, standing=standing)
            agreements.append(None if play.agreed is None else space.package(play.agreed))
            if play.agreed is None or play.proposer is None:
                break
            standing = (play.proposer, play.agreed)
        room, _ = lived_rounds(case, agreements, seed, 3)
        finals.append((room.seller_cumulative[-1], room.customer_cumulative[-1]))
    assert got.seller_npv == pytest.approx((finals[0][0] + finals[1][0]) / 2, rel=1e-12)
    assert got.customer_npv == pytest.approx((finals[0][1] + finals[1][1]) / 2, rel=1e-12)
    # Two rooms: the standard error is half the gap between them.
    assert got.seller_npv_se == pytest.approx(abs(finals[0][0] - finals[1][0]) / 2, rel=1e-9)
