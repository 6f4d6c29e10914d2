r"""Renewal rounds: a room's relationship lived round by round, and what each side earns.

DESIGN §7 ("Rounds"): a role-play workshop runs :math:`R` rounds (default 5). Round
:math:`r` is the period :math:`t = r - 1` of DESIGN §3's projection. When the teams agree in
round :math:`r`, the split of the *true* economics at the agreed package sets the retention
:math:`p` (:func:`~negotiation_lib.domain.projection.retention_from_share`, through
:func:`~negotiation_lib.domain.win_win.economics.package_economics`), and the room's own
generator draws whether the relationship renews: renewed when the draw :math:`u_r < p`. A
walk-away in round :math:`r`, or no renewal after it, ends the room: both sides then earn their
BATNA per period for every remaining round.

Each side's value in round :math:`r` is its per-period value, discounted as in §3
(survival is no longer an expectation here: it was drawn):

.. math:: v_r = x_r \left(\frac{1+g}{1+d}\right)^{r-1}

with :math:`x_r` the seller's profit or the customer's net benefit per period at the agreed
package while the relationship lives, the side's BATNA per period after it ended; the
one-time costs of starting the relationship are taken in the first round when it starts
with an agreement. The cumulative NPV after round :math:`r` is :math:`\sum_{k \le r} v_k`.

The draws are reproducible: :func:`renewal_draws` reads them off
``numpy.random.default_rng(seed_of(workshop, room))``, one per round in order, so the draw of
round :math:`r` does not depend on what was agreed before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.projection import growth_discount_factors
from negotiation_lib.domain.rooms.terms import IssueValue
from negotiation_lib.domain.win_win.economics import PackageEconomics, package_economics
from negotiation_lib.domain.win_win.utilities import FloatArray

if TYPE_CHECKING:  # the state module imports this one: typing only
    from negotiation_lib.domain.rooms.state import RoomState

__all__ = [
    "DEFAULT_ROUNDS",
    "PeriodValues",
    "RoomRounds",
    "RoundClosure",
    "agreed_split",
    "batna_values",
    "close_round",
    "lived_rounds",
    "renewal_draws",
    "room_values",
    "round_values",
    "seed_of",
]

DEFAULT_ROUNDS = 5
"""Rounds a role-play workshop runs unless the facilitator sets another number."""


def seed_of(workshop: int | str, room: int | str) -> int:
    """The seed of a room's generator: stable across runs, machines and Python versions.

    The first eight bytes of the SHA-256 of ``"<workshop>/<room>"``, read big-endian (Python's
    own ``hash`` of a string changes with every process, so it would not do).

    Examples
    --------
    >>> seed_of(1, 2) == seed_of("1", "2"), seed_of(1, 2) == seed_of(2, 1)
    (True, False)
    """
    digest = hashlib.sha256(f"{workshop}/{room}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def renewal_draws(seed: int, rounds: int) -> FloatArray:
    """The room's renewal draws, one per round in order, uniform on [0, 1).

    Draw ``r - 1`` decides whether the relationship renews after round ``r``; the last one is
    drawn but never used (there is no round after the last).

    Examples
    --------
    >>> a = renewal_draws(7, 5)
    >>> a.shape, bool(np.all((a >= 0) & (a < 1))), bool(np.all(a == renewal_draws(7, 5)))
    ((5,), True, True)
    """
    if rounds < 0:
        raise ValueError("The number of rounds cannot be negative.")
    out: FloatArray = np.random.default_rng(seed).random(rounds)
    return out


@dataclass(frozen=True, slots=True)
class RoundClosure:
    """How a round with an agreement ended: the draw, the retention it was compared with.

    Attributes
    ----------
    round
        The round (from 1).
    draw
        The room's draw for it, in [0, 1).
    retention
        The chance of renewal the agreed split gave.
    renewed
        ``draw < retention``.
    """

    round: int
    draw: float
    retention: float
    renewed: bool


def close_round(seed: int, round_: int, retention: float) -> RoundClosure:
    """Draw whether the relationship renews after ``round_``, from the room's generator.

    Examples
    --------
    >>> c = close_round(7, 2, 0.9)
    >>> c.draw == float(renewal_draws(7, 2)[1]), c.renewed == (c.draw < 0.9)
    (True, True)
    """
    if round_ < 1:
        raise ValueError("Rounds are counted from 1.")
    draw = float(renewal_draws(seed, round_)[round_ - 1])
    return RoundClosure(round_, draw, float(retention), draw < retention)


@dataclass(frozen=True, slots=True)
class PeriodValues:
    """What each side earns in one period, before discounting (in the case's currency)."""

    seller: float
    customer: float


def agreed_split(case: Case, values: dict[str, IssueValue]) -> PackageEconomics:
    """The true economics of an agreed package: per-period values, the split, the retention.

    A thin door to :func:`~negotiation_lib.domain.win_win.economics.package_economics` on the
    case's own sections (for a role-play case, pass its truth).

    Raises
    ------
    CaseError
        When the case lacks a win-win, value, economics or relationship section.
    """
    if (
        case.win_win is None
        or case.value is None
        or case.economics is None
        or case.relationship is None
    ):
        raise CaseError.at(
            "", "Renewal rounds need the case's value, economics and relationship sections."
        )
    return package_economics(case.win_win, values, case.economics, case.value, case.relationship)


def batna_values(case: Case) -> PeriodValues:
    """Each side's BATNA per period, from the case's relationship section (0 without one)."""
    rel = case.relationship
    if rel is None:
        return PeriodValues(0.0, 0.0)
    return PeriodValues(rel.seller_batna_per_period, rel.customer_batna_per_period)


@dataclass(frozen=True, slots=True)
class RoomRounds:
    """What each side earned, round by round, in one room.

    Attributes
    ----------
    seller, customer
        Each side's discounted value per round, shape ``(rounds,)``.
    seller_cumulative, customer_cumulative
        Their running sums: the cumulative NPV after each round.
    lived
        How many rounds the relationship lived (rounds with an agreement).
    """

    seller: FloatArray
    customer: FloatArray
    seller_cumulative: FloatArray
    customer_cumulative: FloatArray
    lived: int


def round_values(
    lived: Sequence[PeriodValues],
    batna: PeriodValues,
    rounds: int,
    discount_rate: float,
    growth_rate: float = 0.0,
    one_time: PeriodValues = PeriodValues(0.0, 0.0),
) -> RoomRounds:
    r"""Each side's value per round and cumulative NPV, from the rounds the relationship lived.

    Parameters
    ----------
    lived
        Per-period values at each agreed package, in order: one per round that ended in an
        agreement, until a walk-away or a failed renewal (at most ``rounds``).
    batna
        Each side's BATNA per period, earned in every round after that.
    rounds
        :math:`R`, the rounds the workshop runs.
    discount_rate, growth_rate
        :math:`d` and :math:`g` per period, as in the projection.
    one_time
        The one-time costs of starting the relationship, taken in round 1 when it started.

    Returns
    -------
    RoomRounds

    Notes
    -----
    .. math::

        v_r = \begin{cases} x_r\,k^{r-1} & r \le L \\ B\,k^{r-1} & r > L \end{cases}
        \;-\; [r = 1,\ L \ge 1]\, c_0,
        \qquad k = \frac{1+g}{1+d}, \qquad NPV_r = \sum_{j \le r} v_j

    with :math:`L` the rounds lived, :math:`x_r` the per-period value at round :math:`r`'s
    agreement, :math:`B` the BATNA per period and :math:`c_0` the one-time cost (DESIGN §3
    and §7).

    Examples
    --------
    Two rounds lived at 100 and 120 for the seller, then its BATNA of 50, at
    :math:`k = 0.8`: 100, 96, 32.

    >>> r = round_values([PeriodValues(100, 10), PeriodValues(120, 10)], PeriodValues(50, 5),
    ...                  3, 0.25)
    >>> r.seller.tolist(), r.seller_cumulative.tolist()
    ([100.0, 96.0, 32.0], [100.0, 196.0, 228.0])
    """
    if rounds < 0 or len(lived) > rounds:
        raise ValueError("A room lives at most as many rounds as the workshop runs.")
    k = growth_discount_factors(discount_rate, growth_rate, rounds)
    per_seller = np.full(rounds, float(batna.seller))
    per_customer = np.full(rounds, float(batna.customer))
    for r, value in enumerate(lived):
        per_seller[r], per_customer[r] = value.seller, value.customer
    seller = per_seller * k
    customer = per_customer * k
    if lived and rounds:
        seller[0] -= one_time.seller
        customer[0] -= one_time.customer
    return RoomRounds(seller, customer, np.cumsum(seller), np.cumsum(customer), len(lived))


def lived_rounds(
    case: Case,
    agreements: Sequence[dict[str, IssueValue] | None],
    seed: int,
    rounds: int = DEFAULT_ROUNDS,
) -> tuple[RoomRounds, tuple[RoundClosure, ...]]:
    """Play out a room's rounds from its agreements and its seed, on the case's true economics.

    Parameters
    ----------
    case
        The room's case (the truth of a role-play case).
    agreements
        The package agreed in each round negotiated, in order; ``None`` for a walk-away. Only
        the rounds the relationship reaches are read: the rest are ignored.
    seed
        The room's seed (:func:`seed_of`).
    rounds
        :math:`R`.

    Returns
    -------
    tuple
        The room's values (:func:`round_values`) and each drawn renewal (:class:`RoundClosure`),
        one per agreement before the last round.
    """
    if case.relationship is None or case.economics is None:
        raise CaseError.at(
            "", "Renewal rounds need the case's value, economics and relationship sections."
        )
    lived: list[PeriodValues] = []
    closures: list[RoundClosure] = []
    draws = renewal_draws(seed, rounds)
    for r in range(1, rounds + 1):
        values = agreements[r - 1] if r - 1 < len(agreements) else None
        if values is None:
            break
        split = agreed_split(case, values)
        lived.append(
            PeriodValues(split.seller_profit_per_period, split.customer_net_benefit_per_period)
        )
        if r == rounds:
            break
        draw = float(draws[r - 1])
        closure = RoundClosure(r, draw, split.retention, draw < split.retention)
        closures.append(closure)
        if not closure.renewed:
            break
    rel, econ = case.relationship, case.economics
    one_time = PeriodValues(econ.seller_one_time_cost, econ.customer_one_time_cost)
    out = round_values(
        lived, batna_values(case), rounds, rel.discount_rate, rel.growth_rate, one_time
    )
    return out, tuple(closures)


def room_values(case: Case, state: RoomState, seed: int) -> tuple[RoomRounds, int]:
    """A room's values per round from its state, and how many rounds of them are played.

    :func:`lived_rounds` on the room's agreements, in the room's rounds. The rounds played
    are all of them once the relationship has ended (the rest earn the BATNA), else the rounds
    before the one under way.

    Returns
    -------
    tuple
        The room's :class:`RoomRounds` and the number of rounds played.
    """
    agreed = [dict(a.offer.values) for a in state.agreements]
    values, _ = lived_rounds(case, agreed, seed, state.rounds)
    played = state.rounds if state.ended is not None else state.round - 1
    return values, played
