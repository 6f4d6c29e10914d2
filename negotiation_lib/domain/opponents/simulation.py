r"""Practice opponents against each other: rooms played to the end, over renewal rounds.

The workbook's own evidence for its thesis (issue 19): in a room on a role-play case, a
seller opponent and a customer opponent of chosen styles (:data:`PAIRINGS`: CPT or
trust-based on each side) negotiate round after round (:func:`negotiate`); each agreement
sets the retention of the true economics and the room's seeded generator draws the renewal
(:mod:`negotiation_lib.domain.rooms.rounds`); :func:`simulate_pairings` averages each side's
cumulative NPV after the last round over many rooms.

Protocol of a round (alternating offers, one shared clock of :math:`T + 1` steps): the
seller opens round 1; at each step the side to move accepts the counterpart's standing offer
if it reaches its target, or else proposes its own. A round that reaches no agreement by step
:math:`T` is a walk-away. A later round starts from the last agreement, on the table as its
proposer's standing offer, with both tactics' clocks back at 0 (a renegotiation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from negotiation_lib.domain.case import Case
from negotiation_lib.domain.opponents.space import OutcomeSpace, outcome_space
from negotiation_lib.domain.opponents.tactics import (
    DEFAULT_DEADLINE,
    Opponent,
    Style,
    practice_opponent,
)
from negotiation_lib.domain.rooms.rounds import (
    DEFAULT_ROUNDS,
    PeriodValues,
    agreed_split,
    batna_values,
    renewal_draws,
    round_values,
    seed_of,
)
from negotiation_lib.domain.rooms.state import Side
from negotiation_lib.domain.rooms.terms import RoomTerms
from negotiation_lib.domain.win_win.utilities import FloatArray

__all__ = [
    "PAIRINGS",
    "PairingResult",
    "RoundPlay",
    "negotiate",
    "simulate_pairings",
]

PAIRINGS: tuple[tuple[Style, Style], ...] = (
    ("cpt", "cpt"),
    ("cpt", "trust"),
    ("trust", "cpt"),
    ("trust", "trust"),
)
"""Every (seller style, customer style) pairing."""


@dataclass(frozen=True, slots=True)
class RoundPlay:
    """One round negotiated between two opponents.

    Attributes
    ----------
    agreed
        The index of the agreed package in the room's outcome space; ``None``: walk-away.
    proposer
        Who proposed the agreed package (``None`` without an agreement).
    offers
        Every offer made, in order: (side, package index, step).
    """

    agreed: int | None
    proposer: Side | None
    offers: tuple[tuple[Side, int, int], ...]


def negotiate(
    seller: Opponent,
    customer: Opponent,
    *,
    opener: Side = "seller",
    standing: tuple[Side, int] | None = None,
) -> RoundPlay:
    """Play one round between two opponents, by alternating offers on a shared clock.

    Parameters
    ----------
    seller, customer
        The two opponents (same room, same outcome space, same deadline).
    opener
        Who moves first when nothing is on the table.
    standing
        The offer already on the table (its proposer and package), for a renegotiation; the
        other side then moves first.

    Returns
    -------
    RoundPlay
    """
    players = {"seller": seller, "customer": customer}
    mover: Side = opener if standing is None else _other(standing[0])
    offers: list[tuple[Side, int, int]] = []
    for t in range(seller.deadline + 1):
        me = players[mover]
        if standing is not None and standing[0] != mover and me.accepts(t, standing[1]):
            return RoundPlay(standing[1], standing[0], tuple(offers))
        index = me.proposal(t)
        offers.append((mover, index, t))
        standing = (mover, index)
        mover = _other(mover)
    return RoundPlay(None, None, tuple(offers))


def _standard_errors(finals: list[tuple[float, float]]) -> tuple[float, float]:
    if len(finals) < 2:
        return 0.0, 0.0
    spread = np.asarray(finals).std(axis=0, ddof=1) / np.sqrt(len(finals))
    return float(spread[0]), float(spread[1])


def _other(side: Side) -> Side:
    return "customer" if side == "seller" else "seller"


@dataclass(frozen=True, slots=True)
class PairingResult:
    """What one pairing of styles earned, on average over the simulated rooms.

    Attributes
    ----------
    seller_style, customer_style
        The pairing.
    rooms
        How many rooms were simulated.
    seller_npv, customer_npv
        Each side's mean cumulative NPV after the last round (case currency).
    seller_cumulative, customer_cumulative
        Each side's mean cumulative NPV after each round, shape ``(rounds,)``.
    seller_npv_se, customer_npv_se
        The standard errors of those means (sample standard deviation over the rooms divided
        by the square root of their number; 0 for fewer than two rooms).
    mean_rounds_lived
        The mean number of rounds the relationship lived.
    first_round_agreements
        The share of rooms that agreed in round 1.
    """

    seller_style: Style
    customer_style: Style
    rooms: int
    seller_npv: float
    customer_npv: float
    seller_cumulative: FloatArray
    customer_cumulative: FloatArray
    seller_npv_se: float
    customer_npv_se: float
    mean_rounds_lived: float
    first_round_agreements: float


def _templates(
    case: Case, space: OutcomeSpace, pairing: tuple[Style, Style], deadline: int
) -> tuple[Opponent, Opponent]:
    # A trust-based opponent reads the counterpart's definition once it is revealed: at once
    # when the counterpart is trust-based too, never when it is CPT.
    assert case.win_win is not None  # practice_opponent refuses a case without issues
    seller_style, customer_style = pairing
    seller = practice_opponent(
        case,
        "seller",
        seller_style,
        0,
        deadline=deadline,
        space=space,
        counterpart=case.win_win.customer if customer_style == "trust" else None,
    )
    customer = practice_opponent(
        case,
        "customer",
        customer_style,
        0,
        deadline=deadline,
        space=space,
        counterpart=case.win_win.seller if seller_style == "trust" else None,
    )
    return seller, customer


def simulate_pairings(
    case: Case,
    rooms: int = 1000,
    rounds: int = DEFAULT_ROUNDS,
    *,
    workshop: int | str = "simulation",
    deadline: int = DEFAULT_DEADLINE,
    pairings: Sequence[tuple[Style, Style]] = PAIRINGS,
) -> list[PairingResult]:
    r"""Simulate ``rooms`` rooms per pairing of styles and average what each side earned.

    Parameters
    ----------
    case
        The room's case: the truth of a role-play case.
    rooms, rounds
        How many rooms per pairing, and :math:`R`.
    workshop
        Names the simulated workshop: room :math:`k` has seed ``seed_of(workshop, k)``
        (:func:`~negotiation_lib.domain.rooms.rounds.seed_of`), the same for every pairing,
        so that the pairings are compared on the same renewal draws.
    deadline
        :math:`T`, steps per round.
    pairings
        The (seller style, customer style) pairings to play.

    Returns
    -------
    list of PairingResult
        One per pairing, in order.

    Notes
    -----
    Room :math:`k`'s opponents follow its seed; in round :math:`r` they pick by the seed
    ``seed·R + r`` hashed with the step. Values per round and cumulative NPVs are
    :func:`~negotiation_lib.domain.rooms.rounds.round_values` of the per-period values of
    the agreed packages on the true economics; the renewal after round :math:`r` is
    ``renewal_draws(seed, R)[r-1] < p``, with :math:`p` the retention of the agreed split.
    """
    if case.relationship is None or case.economics is None:
        raise ValueError("Simulating rounds needs the case's economics and relationship.")
    space = outcome_space(RoomTerms.from_case(case))
    rel, econ = case.relationship, case.economics
    batna = batna_values(case)
    one_time = PeriodValues(econ.seller_one_time_cost, econ.customer_one_time_cost)
    seeds = [seed_of(workshop, k) for k in range(rooms)]
    draws = [renewal_draws(s, rounds) for s in seeds]
    split: dict[int, tuple[PeriodValues, float]] = {}

    def economics_of(index: int) -> tuple[PeriodValues, float]:
        if index not in split:
            e = agreed_split(case, space.package(index))
            split[index] = (
                PeriodValues(e.seller_profit_per_period, e.customer_net_benefit_per_period),
                e.retention,
            )
        return split[index]

    out = []
    for pairing in pairings:
        seller_t, customer_t = _templates(case, space, pairing, deadline)
        seller_sum = np.zeros(rounds)
        customer_sum = np.zeros(rounds)
        lived_total = first = 0
        finals: list[tuple[float, float]] = []
        for seed, draw in zip(seeds, draws, strict=True):
            lived: list[PeriodValues] = []
            standing: tuple[Side, int] | None = None
            for r in range(1, rounds + 1):
                round_seed = (seed * rounds + r) & 0xFFFFFFFFFFFFFFFF
                play = negotiate(
                    replace(seller_t, seed=round_seed),
                    replace(customer_t, seed=round_seed),
                    standing=standing,
                )
                if play.agreed is None or play.proposer is None:
                    break
                first += r == 1
                values, retention = economics_of(play.agreed)
                lived.append(values)
                if r == rounds or draw[r - 1] >= retention:
                    break
                standing = (play.proposer, play.agreed)
            room = round_values(lived, batna, rounds, rel.discount_rate, rel.growth_rate, one_time)
            seller_sum += room.seller_cumulative
            customer_sum += room.customer_cumulative
            lived_total += room.lived
            if rounds:
                finals.append(
                    (float(room.seller_cumulative[-1]), float(room.customer_cumulative[-1]))
                )
        n = max(rooms, 1)
        out.append(
            PairingResult(
                pairing[0],
                pairing[1],
                rooms,
                float(seller_sum[-1] / n) if rounds else 0.0,
                float(customer_sum[-1] / n) if rounds else 0.0,
                seller_sum / n,
                customer_sum / n,
                *_standard_errors(finals),
                lived_total / n,
                first / n,
            )
        )
    return out
