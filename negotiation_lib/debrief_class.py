r"""The class debrief against theory: the rooms' renewal rounds, by style, and the opponents.

The deal-room debrief (:mod:`negotiation_lib.debrief_rooms`) scores each room's agreement;
this module follows the rooms over the workshop's :math:`R` renewal rounds (DESIGN §7) and
puts the class beside the theory (issue 19, "Class debrief against theory"):

* each pair's cumulative NPV per round (:class:`PairRounds`), from its agreements round by
  round through :func:`~negotiation_lib.domain.rooms.rounds.lived_rounds` on the case's true
  economics and the room's seed, with the pair's style (:func:`pair_style`: both teams
  trust-based, both CPT, or mixed, by the debrief's own :func:`dominant_style`);
* the value each room left on the table in money: joint NPV over the relationship
  (:func:`money_left_on_table`);
* trust-based pairs against CPT pairs (:func:`compare_styles`): the mean difference of their
  joint cumulative NPV after the last round, with its Welch interval;
* what the practice opponents earned against each other, style by style
  (:func:`~negotiation_lib.domain.opponents.simulate_pairings`, seeded), and what they and the
  teams facing them earned in the workshop's practice rooms (:func:`practice_outcomes`).

A practice room is a room where the workbook plays one side (DESIGN §7, "Practice opponents";
:attr:`~negotiation_lib.domain.rooms.RoomState.practice`). It is a pair of its own kind: its
curve is drawn, styled by the team's own style (the workbook's is known, not diagnosed), but
it is not compared with the pairs of two teams.

:func:`class_debrief` gathers them for one case (:class:`ClassDebrief`), for the dashboard's
charts (:mod:`negotiation_lib.figures.class_debrief`) and the exported slide deck
(:mod:`negotiation_lib.exports.debrief_deck`). Nothing here draws or writes HTML.

References
----------
.. [1] P. Faratin, C. Sierra and N. R. Jennings, "Negotiation decision functions for
   autonomous agents", *Robotics and Autonomous Systems* 24(3-4), 1998, pp. 159-182.
.. [2] B. L. Welch, "The generalization of 'Student's' problem when several different
   population variances are involved", *Biometrika* 34(1-2), 1947, pp. 28-35.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal, Protocol

from negotiation_lib.debrief_rooms import (
    RoomDebrief,
    RoomsChart,
    dominant_style,
    side_name,
    truth_assessment,
)
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.opponents import PairingResult, simulate_pairings
from negotiation_lib.domain.rooms import (
    PRACTICE_STYLES,
    PracticeStyle,
    RoomState,
    Side,
    other_side,
)
from negotiation_lib.domain.rooms.rounds import DEFAULT_ROUNDS, lived_rounds, seed_of
from negotiation_lib.domain.win_win import IssueValue

__all__ = [
    "PAIR_STYLE_LABELS",
    "PRACTICE_ROOMS",
    "PRACTICE_WORKSHOP",
    "ClassDebrief",
    "PairRounds",
    "PairStyle",
    "PracticeOutcome",
    "RoundsListing",
    "StyleComparison",
    "class_debrief",
    "compare_styles",
    "money_left_on_table",
    "pair_style",
    "practice_outcomes",
    "t_quantile_95",
]

PairStyle = Literal["trust_based", "cpt", "mixed", "unanswered"]
"""A pair's style: both teams trust-based, both CPT, one of each, or a team not answered."""

PAIR_STYLE_LABELS: dict[PairStyle, str] = {
    "trust_based": "Trust-based pair",
    "cpt": "CPT-like pair",
    "mixed": "Mixed pair",
    "unanswered": "Style not answered",
}
"""Each pair style in words."""

PRACTICE_ROOMS = 1000
"""Simulated rooms per pairing of practice opponents (as the opponents' benchmark runs)."""

PRACTICE_WORKSHOP = "simulation"
"""The simulated workshop's name: room :math:`k` has the seed ``seed_of("simulation", k)``."""

# Two-sided 95% quantiles of Student's t for 1 to 30 degrees of freedom; then from 40, 60,
# 120 and 1,000 (the normal's 1.96) on, each used up to the next.
_T95 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip
_T95_LARGE = ((1000, 1.960), (120, 1.980), (60, 2.000), (40, 2.021))


class RoundsListing(Protocol):
    """A room as the store lists it, with what its seed and its end are read from."""

    @property
    def id(self) -> int: ...  # noqa: D102

    @property
    def workshop_id(self) -> int: ...  # noqa: D102

    @property
    def number(self) -> int: ...  # noqa: D102

    @property
    def closed_at(self) -> datetime | None: ...  # noqa: D102


@dataclass(frozen=True, slots=True)
class PairRounds:
    """One pair's renewal rounds: what each side earned, cumulated round by round.

    Attributes
    ----------
    number
        The room's number.
    seller_team, customer_team
        The teams' names (a practice opponent's in words,
        :func:`~negotiation_lib.debrief_rooms.side_name`).
    style
        The pair's style (:func:`pair_style`); in a practice room, the team's own
        (:func:`~negotiation_lib.debrief_rooms.dominant_style`).
    seller_cumulative, customer_cumulative
        Each side's cumulative NPV after each round, :math:`R` values (case currency).
    decided
        The rounds whose value is known: :math:`R` once the relationship ended (a walk-away,
        no renewal, the room closed, or the last round agreed), else the rounds agreed so far
        (the next is still being negotiated).
    lived
        The rounds that ended in an agreement while the relationship lived.
    seed
        The room's seed (``seed_of(workshop, room)``).
    practice_side, practice_style
        In a practice room, the side the workbook played and its style; else ``None``.
    """

    number: int
    seller_team: str
    customer_team: str
    style: PairStyle
    seller_cumulative: tuple[float, ...]
    customer_cumulative: tuple[float, ...]
    decided: int
    lived: int
    seed: int
    practice_side: Side | None = None
    practice_style: PracticeStyle | None = None

    @property
    def team_side(self) -> Side | None:
        """In a practice room, the side the team played; else ``None``."""
        return None if self.practice_side is None else other_side(self.practice_side)

    def cumulative(self, side: Side) -> tuple[float, ...]:
        """One side's cumulative NPV after each round."""
        return self.seller_cumulative if side == "seller" else self.customer_cumulative

    @property
    def ended(self) -> bool:
        """Whether every round's value is known."""
        return self.decided == len(self.seller_cumulative)

    @property
    def joint_cumulative(self) -> tuple[float, ...]:
        """Both sides' cumulative NPVs together, round by round."""
        return tuple(
            s + c for s, c in zip(self.seller_cumulative, self.customer_cumulative, strict=True)
        )

    @property
    def joint_npv(self) -> float:
        """The joint cumulative NPV after the last round (meaningful once :attr:`ended`)."""
        return self.joint_cumulative[-1] if self.seller_cumulative else 0.0


@dataclass(frozen=True, slots=True)
class StyleComparison:
    """Trust-based pairs against CPT pairs: joint cumulative NPV after the last round.

    Attributes
    ----------
    trust, cpt
        The joint cumulative NPVs of the ended trust-based and CPT-like pairs (case currency).
    difference
        Mean of ``trust`` less mean of ``cpt``; ``None`` when a group is empty.
    standard_error
        Welch's standard error of the difference; ``None`` unless each group has two pairs.
    low, high
        The 95% interval of the difference (Welch's t); ``None`` with no standard error.
    practice_left_out
        The practice rooms left out (one side played by the workbook, not by a team).
    """

    trust: tuple[float, ...]
    cpt: tuple[float, ...]
    difference: float | None
    standard_error: float | None
    low: float | None
    high: float | None
    practice_left_out: int = 0


@dataclass(frozen=True, slots=True)
class PracticeOutcome:
    """What the workshop's practice rooms against one opponent style gave each side.

    Attributes
    ----------
    style
        The practice opponent's style.
    rooms
        The practice rooms against it (with a team seated opposite).
    team, opponent
        Each counted room's cumulative NPV after the rounds decided so far, for the team and
        for the opponent, in room order (case currency); a room with no round decided yet is
        not counted.
    """

    style: PracticeStyle
    rooms: int
    team: tuple[float, ...]
    opponent: tuple[float, ...]

    @property
    def counted(self) -> int:
        """The rooms in the means: those with at least one round decided."""
        return len(self.team)

    @property
    def team_npv(self) -> float | None:
        """The teams' mean cumulative NPV, ``None`` with no room counted."""
        return sum(self.team) / len(self.team) if self.team else None

    @property
    def opponent_npv(self) -> float | None:
        """The opponent's mean cumulative NPV, ``None`` with no room counted."""
        return sum(self.opponent) / len(self.opponent) if self.opponent else None


@dataclass(frozen=True, slots=True)
class ClassDebrief:
    """The class debrief of one role-play case's rooms (:func:`class_debrief`).

    Attributes
    ----------
    chart
        The rooms' debriefs with the case's frontier (:class:`RoomsChart`).
    rounds
        :math:`R`, the rounds the workshop runs.
    pairs
        Each paired room's rounds, by number.
    money_left
        Room number → joint NPV left on the table, in money (:func:`money_left_on_table`);
        ``None`` when the truth cannot price it.
    comparison
        Trust-based pairs against CPT pairs (:func:`compare_styles`).
    practice
        The practice opponents' mean cumulative NPVs, one result per pairing of styles.
    practice_rooms, practice_workshop
        Simulated rooms per pairing, and the simulated workshop the seeds are drawn for.
    practice_played
        The workshop's own practice rooms, one result per opponent style
        (:func:`practice_outcomes`).
    discount_rate, growth_rate
        :math:`d` and :math:`g` per period (the case's relationship section).
    retention_fair, retention_one_sided
        The chance of renewal at the fair split and at a fully one-sided split.
    fair_share
        The seller's fair share of the joint gain (the case's; a room with a pact uses its own).
    """

    chart: RoomsChart
    rounds: int
    pairs: tuple[PairRounds, ...]
    money_left: Mapping[int, float | None]
    comparison: StyleComparison
    practice: tuple[PairingResult, ...]
    practice_rooms: int
    practice_workshop: str
    discount_rate: float
    growth_rate: float
    retention_fair: float
    retention_one_sided: float
    fair_share: float | None
    practice_played: tuple[PracticeOutcome, ...] = ()

    @property
    def team_pairs(self) -> tuple[PairRounds, ...]:
        """The pairs of two teams (no practice room)."""
        return tuple(p for p in self.pairs if p.practice_side is None)

    @property
    def practice_pairs(self) -> tuple[PairRounds, ...]:
        """The practice rooms (a team against the workbook)."""
        return tuple(p for p in self.pairs if p.practice_side is not None)


def pair_style(seller: float | None, customer: float | None) -> PairStyle:
    """A pair's style from both teams' overall style scores (0 CPT … 100 trust).

    Each team's style is the debrief's :func:`~negotiation_lib.debrief_rooms.dominant_style`.

    Examples
    --------
    >>> pair_style(70, 55), pair_style(20, 30), pair_style(70, 20), pair_style(70, None)
    ('trust_based', 'cpt', 'mixed', 'unanswered')
    """
    both = {dominant_style(seller), dominant_style(customer)}
    if "unanswered" in both:
        return "unanswered"
    if len(both) == 2:
        return "mixed"
    return "trust_based" if "trust_based" in both else "cpt"


def t_quantile_95(df: float) -> float:
    """The two-sided 95% quantile of Student's t, for ``df`` degrees of freedom (rounded down).

    A table (to three decimals) rather than a statistics library; rounding the degrees of
    freedom down widens the interval a little, never narrows it.

    Examples
    --------
    >>> t_quantile_95(1), t_quantile_95(10.7), t_quantile_95(45), t_quantile_95(1e6)
    (12.706, 2.228, 2.021, 1.96)
    """
    whole = max(1, math.floor(df))
    if whole <= len(_T95):
        return _T95[whole - 1]
    for bound, value in _T95_LARGE:
        if whole >= bound:
            return value
    return _T95[-1]


def compare_styles(pairs: Iterable[PairRounds]) -> StyleComparison:
    r"""Trust-based pairs against CPT pairs: the difference of mean joint cumulative NPV.

    Only pairs whose rounds have all been decided (:attr:`PairRounds.ended`) count: a room
    still negotiating has no final value yet. Practice rooms never count (one side is the
    workbook, not a team); how many were left out is kept.

    Returns
    -------
    StyleComparison

    Notes
    -----
    With :math:`n_T, \bar x_T, s_T` and :math:`n_C, \bar x_C, s_C` the count, mean and sample
    standard deviation of each group's joint cumulative NPV after round :math:`R`:

    .. math::

        \Delta = \bar x_T - \bar x_C,\qquad
        SE = \sqrt{s_T^2/n_T + s_C^2/n_C},\qquad
        \nu = \frac{SE^4}{\frac{(s_T^2/n_T)^2}{n_T-1} + \frac{(s_C^2/n_C)^2}{n_C-1}}

    and the interval :math:`\Delta \pm t_{0.975,\nu}\,SE` (Welch, 1947).

    Examples
    --------
    >>> compare_styles([]).difference is None
    True
    """
    listed = list(pairs)
    left = sum(1 for p in listed if p.practice_side is not None)
    ended = [p for p in listed if p.ended and p.practice_side is None]
    trust = tuple(p.joint_npv for p in ended if p.style == "trust_based")
    cpt = tuple(p.joint_npv for p in ended if p.style == "cpt")
    if not trust or not cpt:
        return StyleComparison(trust, cpt, None, None, None, None, left)
    difference = sum(trust) / len(trust) - sum(cpt) / len(cpt)
    if len(trust) < 2 or len(cpt) < 2:
        return StyleComparison(trust, cpt, difference, None, None, None, left)
    a, b = _variance(trust) / len(trust), _variance(cpt) / len(cpt)
    se = math.sqrt(a + b)
    if se == 0:
        return StyleComparison(trust, cpt, difference, 0.0, difference, difference, left)
    df = (a + b) ** 2 / (a**2 / (len(trust) - 1) + b**2 / (len(cpt) - 1))
    half = t_quantile_95(df) * se
    return StyleComparison(trust, cpt, difference, se, difference - half, difference + half, left)


def practice_outcomes(pairs: Iterable[PairRounds]) -> tuple[PracticeOutcome, ...]:
    r"""What the practice rooms gave the teams and the opponent, one result per opponent style.

    Returns
    -------
    tuple of PracticeOutcome
        CPT, then trust-based (each present, with no room when none was played).

    Notes
    -----
    Of the practice rooms :math:`P_k` against style :math:`k` with at least one round decided,
    with :math:`D_p` the rounds decided in room :math:`p` (:attr:`PairRounds.decided`: all
    :math:`R` once the relationship ended) and :math:`C_{p,i}(r)` side :math:`i`'s cumulative
    NPV after round :math:`r`, the team's mean is
    :math:`\frac{1}{|P_k|}\sum_{p \in P_k} C_{p,\text{team}}(D_p)`, and the opponent's alike.

    Examples
    --------
    >>> [(o.style, o.rooms, o.team_npv) for o in practice_outcomes([])]
    [('cpt', 0, None), ('trust', 0, None)]
    """
    listed = [p for p in pairs if p.practice_side is not None]
    out = []
    for style in PRACTICE_STYLES:
        rooms = [p for p in listed if p.practice_style == style]
        team, opponent = [], []
        for p in rooms:
            if p.decided < 1 or p.practice_side is None or p.team_side is None:
                continue
            team.append(p.cumulative(p.team_side)[p.decided - 1])
            opponent.append(p.cumulative(p.practice_side)[p.decided - 1])
        out.append(PracticeOutcome(style, len(rooms), tuple(team), tuple(opponent)))
    return tuple(out)


def _variance(values: Sequence[float]) -> float:
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def money_left_on_table(document: Mapping[str, Any], room: RoomDebrief) -> float | None:
    r"""The joint NPV a room left on the table, in money, over the whole relationship.

    Parameters
    ----------
    document
        The role-play case.
    room
        The room's debrief.

    Returns
    -------
    float or None
        :math:`\max_{f \in F} (NPV_S(f) + NPV_C(f)) - (NPV_S(x) + NPV_C(x))`, at least 0:
        the largest joint NPV of a package on the Pareto frontier of the true definitions,
        less the room's own (with no agreement, both sides' NPVs of their BATNAs). Each NPV is
        DESIGN §3's projection at the retention the package's split earns, so a one-sided
        price leaves money on the table although the price itself only moves money between
        the sides: the relationship is expected to end sooner. ``None`` when the truth cannot
        price the packages. (A room with a fairness pact is valued at its pact's fair share,
        the frontier at the case's.)
    """
    best = _best_joint_npv(json.dumps(document, sort_keys=True))
    seller, customer = room.seller.npv, room.customer.npv
    if best is None or seller is None or customer is None:
        return None
    return max(0.0, best - (seller + customer))


@lru_cache(maxsize=16)
def _best_joint_npv(text: str) -> float | None:
    a = truth_assessment(json.loads(text))
    if a.win_win is None:
        return None
    joint = []
    for outcome in a.win_win.frontier:
        priced = a.package_economics(outcome)
        if priced is not None:
            joint.append(priced.seller_npv + priced.customer_npv)
    return max(joint) if joint else None


@lru_cache(maxsize=8)
def _practice(text: str, rounds: int, rooms: int) -> tuple[PairingResult, ...]:
    case = truth_assessment(json.loads(text)).case
    return tuple(simulate_pairings(case, rooms=rooms, rounds=rounds, workshop=PRACTICE_WORKSHOP))


def _agreements(state: RoomState, rounds: int) -> list[dict[str, IssueValue] | None]:
    """The package agreed in each round, in order, ending at a walk-away (``None``)."""
    by_round = {a.round: dict(a.offer.values) for a in state.agreements}
    out: list[dict[str, IssueValue] | None] = []
    for r in range(1, rounds + 1):
        if r in by_round:
            out.append(by_round[r])
        elif state.walk_away is not None and state.walk_away.round == r:
            out.append(None)
            break
        else:
            break
    return out


def _pair(
    document: Mapping[str, Any],
    room: RoundsListing,
    state: RoomState,
    styles: Mapping[str, float | None],
    rounds: int,
) -> PairRounds:
    # The truth as the store draws each renewal with (a pact's fair share does not change the
    # draws the teams were shown), so the debrief replays the rounds as they happened.
    case = truth_assessment(document).case
    seed = seed_of(room.workshop_id, room.id)
    agreements = _agreements(state, rounds)
    values, closures = lived_rounds(case, agreements, seed, rounds=rounds)
    failed = bool(closures) and not closures[-1].renewed
    ended = (
        values.lived == rounds
        or failed
        or (bool(agreements) and agreements[-1] is None)
        or state.walk_away is not None
        or state.closure is not None
        or room.closed_at is not None
    )
    seller, customer = side_name(state, "seller"), side_name(state, "customer")
    style: PairStyle = pair_style(styles.get(seller), styles.get(customer))
    practice_side = next(iter(state.practice), None)
    if practice_side is not None:
        # The workbook's side is known, not diagnosed: the room takes its team's own style.
        style = dominant_style(styles.get(state.name_of(other_side(practice_side))))
    return PairRounds(
        number=room.number,
        seller_team=seller,
        customer_team=customer,
        style=style,
        seller_cumulative=tuple(float(v) for v in values.seller_cumulative),
        customer_cumulative=tuple(float(v) for v in values.customer_cumulative),
        decided=rounds if ended else values.lived,
        lived=values.lived,
        seed=seed,
        practice_side=practice_side,
        practice_style=None if practice_side is None else state.practice[practice_side],
    )


def class_debrief(
    document: Mapping[str, Any],
    chart: RoomsChart,
    rooms: Iterable[RoundsListing],
    states: Mapping[int, RoomState],
    styles: Mapping[str, float | None],
    *,
    rounds: int = DEFAULT_ROUNDS,
    practice_rooms: int = PRACTICE_ROOMS,
) -> ClassDebrief:
    """The class debrief of one role-play case's rooms.

    Parameters
    ----------
    document
        The role-play case, as its file holds it.
    chart
        Its rooms' debriefs (:func:`negotiation_lib.debrief_rooms.workshop_room_debriefs`).
    rooms, states
        The workshop's rooms of this case and their states by room id (rooms whose number is
        not in ``chart``, or that are not paired, are left out).
    styles
        Team name → overall style score (the dashboard's ``team_styles``).
    rounds
        :math:`R`.
    practice_rooms
        Simulated rooms per pairing of practice opponents.

    Returns
    -------
    ClassDebrief

    Raises
    ------
    CaseError
        When the case lacks the economics or the relationship that rounds are valued with.
    """
    case = truth_assessment(document).case
    rel, econ = case.relationship, case.economics
    if rel is None or econ is None or case.win_win is None:
        raise CaseError.at(
            "",
            "The class debrief needs the case's issues, economics and relationship sections.",
        )
    numbers = {r.number for r in chart.rooms if r.paired}
    pairs = []
    for room in sorted(rooms, key=lambda r: r.number):
        state = states.get(room.id)
        if state is None or room.number not in numbers or not state.paired:
            continue
        pairs.append(_pair(document, room, state, styles, rounds))
    text = json.dumps(document, sort_keys=True)
    return ClassDebrief(
        chart=chart,
        rounds=rounds,
        pairs=tuple(pairs),
        money_left={r.number: money_left_on_table(document, r) for r in chart.rooms if r.paired},
        comparison=compare_styles(pairs),
        practice=_practice(text, rounds, practice_rooms),
        practice_rooms=practice_rooms,
        practice_workshop=PRACTICE_WORKSHOP,
        discount_rate=rel.discount_rate,
        growth_rate=rel.growth_rate,
        retention_fair=rel.retention_fair,
        retention_one_sided=rel.retention_one_sided,
        fair_share=econ.fair_share,
        practice_played=practice_outcomes(pairs),
    )
