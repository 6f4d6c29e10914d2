r"""Practice opponents: a side of a deal room played by the workbook, with a chosen style.

Both styles are *time-dependent tactics* (Faratin, Sierra & Jennings 1998): at step
:math:`t` of a round of :math:`T` steps an opponent aims for the utility

.. math:: U(t) = U_{max} - (U_{max} - U_{res}) \left(\frac{t}{T}\right)^{1/\beta}

(DESIGN §7), accepts any offer that gives it at least :math:`U(t)` by its own definition of
winning (and meets its must-haves), and otherwise proposes a package that gives it at least
:math:`U(t)`:

* **CPT** (Boulware, :math:`\beta = 0.2`): :math:`U_{max}` is its best package, so it opens
  there; it concedes little until the deadline nears. It shares nothing and reveals nothing.
  Among the packages nearest its target (within :data:`BAND` points above it) it picks one
  by a hash of the seed and the step, so two rooms with different seeds see different
  (equally tough) offers.
* **Trust-based** (conceder, :math:`\beta = 2`): :math:`U_{max}` is its utility at the
  fair-split package (the price nearest the case's fair price, the other issues chosen for
  the largest Nash product), which it opens with. It shares its model at once (its open-book
  facts and its definition of winning), keeps every proposal inside the ZOPA, and proposes,
  of the packages nearest its target (within :data:`BAND` points above it), the one with
  the largest Nash product
  :math:`(U - U_{res})(V - d)` with the counterpart's revealed definition :math:`V, d`; while
  the counterpart has revealed none it reads the counterpart's gain off the open book (the
  price's place in the ZOPA, DESIGN §3 "open_book"), with :math:`d = 0`.

Everything here is a pure function of its arguments: no clock, no generator state; the same
seed gives the same offers.

References
----------
.. [1] P. Faratin, C. Sierra and N. R. Jennings, "Negotiation decision functions for
   autonomous agents", *Robotics and Autonomous Systems* 24 (3-4), 1998, pp. 159-182:
   time-dependent tactics, Boulware (:math:`\beta < 1`) and conceder (:math:`\beta > 1`).
.. [2] J. F. Nash, "The bargaining problem", *Econometrica* 18, 1950: the Nash product.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from negotiation_lib.domain.case import Case, PartyDefinition
from negotiation_lib.domain.economics import Zopa, fair_price_per_unit, zopa
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.opponents.space import OutcomeSpace, outcome_space
from negotiation_lib.domain.roles import Fact, private_facts
from negotiation_lib.domain.rooms.state import Side
from negotiation_lib.domain.rooms.terms import IssueValue, RoomTerms
from negotiation_lib.domain.value import eve_expected_per_unit
from negotiation_lib.domain.win_win.utilities import (
    TOLERANCE,
    BoolArray,
    FloatArray,
    IndexArray,
    definition_in_force,
    must_haves_met,
    utility,
)

__all__ = [
    "BAND",
    "BOULWARE_BETA",
    "CONCEDER_BETA",
    "DEFAULT_DEADLINE",
    "STYLES",
    "Move",
    "Opponent",
    "Style",
    "model_facts",
    "practice_opponent",
    "style_beta",
    "target_utility",
]

Style = Literal["cpt", "trust"]
"""How a practice opponent negotiates: ``"cpt"`` (Boulware) or ``"trust"`` (conceder)."""

STYLES: tuple[Style, ...] = ("cpt", "trust")

BOULWARE_BETA = 0.2
"""β of the CPT opponent: concedes little, and late (Faratin et al. 1998, β < 1)."""

CONCEDER_BETA = 2.0
"""β of the trust-based opponent: moves toward its reservation early (β > 1)."""

DEFAULT_DEADLINE = 20
"""Steps in a round (both sides' moves counted): at the last one a target is its reservation."""

BAND = 2.0
"""Utility points above its target within which an opponent picks its offer."""

# Fields of the case that make up a side's "model" (its open book), as opposed to its
# strategy notes and trust answers: the trust-based opponent shares these at once.
_MODEL_SECTIONS = ("economics.", "relationship.", "value.")


def style_beta(style: Style) -> float:
    """The β of a style's tactic (DESIGN §7).

    Examples
    --------
    >>> style_beta("cpt"), style_beta("trust")
    (0.2, 2.0)
    """
    return BOULWARE_BETA if style == "cpt" else CONCEDER_BETA


def target_utility(t: float, deadline: float, u_max: float, u_res: float, beta: float) -> float:
    r"""The utility a time-dependent tactic aims for at step ``t`` of ``deadline``.

    Parameters
    ----------
    t
        The step (clipped to [0, deadline]).
    deadline
        :math:`T`, the last step of the round (positive).
    u_max, u_res
        The utility it starts from and the one it ends at (its reservation utility).
    beta
        :math:`\beta > 0`: below 1 Boulware (late concessions), above 1 conceder.

    Returns
    -------
    float
        :math:`U(t) = U_{max} - (U_{max} - U_{res}) (t/T)^{1/\beta}`.

    References
    ----------
    .. [1] P. Faratin, C. Sierra and N. R. Jennings, "Negotiation decision functions for
       autonomous agents", *Robotics and Autonomous Systems* 24, 1998: the polynomial
       time-dependent decision function.

    Examples
    --------
    >>> target_utility(0, 20, 90, 40, 0.2), target_utility(20, 20, 90, 40, 0.2)
    (90.0, 40.0)
    >>> target_utility(10, 20, 90, 40, 2.0)  # 90 - 50·0.5^0.5
    54.64466094067262
    """
    if deadline <= 0 or beta <= 0:
        raise ValueError("The deadline and beta must be positive.")
    share = min(max(float(t) / float(deadline), 0.0), 1.0)
    concession = float(share ** (1.0 / float(beta)))
    return float(u_max) - (float(u_max) - float(u_res)) * concession


def _mix(seed: int, step: int) -> int:
    # SplitMix64 of (seed, step): a cheap, stateless, well-spread hash, so that a choice
    # depends on the seed and the step only (no generator to carry between calls).
    z = (seed * 0x9E3779B97F4A7C15 + step * 0xBF58476D1CE4E5B9 + 1) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return z ^ (z >> 31)


@dataclass(frozen=True, slots=True)
class Opponent:
    """A practice opponent: one side of a room, its style, and what it will do at each step.

    Build one with :func:`practice_opponent`. What it proposes at each step is worked out
    when it is built (:attr:`choices`), so playing a step is a look-up.

    Attributes
    ----------
    side, style, seed
        The side it plays, its style and the seed its choices follow.
    beta, deadline
        Its tactic's β and the round's last step :math:`T`.
    u_max, u_res
        The utilities its target runs from and to.
    space
        The room's packages.
    own
        Every package's utility by its own definition of winning.
    acceptable
        The packages it could ever agree to: its must-haves hold, and its utility reaches its
        reservation utility.
    choices
        Per step ``t = 0 … T``, the packages it proposes from (one picked by the seed).
    targets
        Per step ``t = 0 … T``, its target :math:`U(t)` (:func:`target_utility`).
    definition
        Its own definition of winning (open-book scores turned into points), which scores a
        package off the grid (:meth:`accepts_package`).
    shares
        The facts it shares with the counterpart at once (none for CPT).
    reveals
        Whether it reveals its definition of winning at once.
    """

    side: Side
    style: Style
    seed: int
    beta: float
    deadline: int
    u_max: float
    u_res: float
    space: OutcomeSpace
    own: FloatArray
    acceptable: BoolArray
    choices: tuple[IndexArray, ...]
    targets: tuple[float, ...]
    definition: PartyDefinition
    shares: tuple[Fact, ...] = ()
    reveals: bool = False

    def target(self, t: int) -> float:
        """Its target utility at step ``t`` (:func:`target_utility`)."""
        if 0 <= t <= self.deadline:
            return self.targets[t]
        return target_utility(t, self.deadline, self.u_max, self.u_res, self.beta)

    def proposal(self, t: int) -> int:
        """The index of the package it proposes at step ``t`` (see :attr:`choices`)."""
        options = self.choices[t if 0 <= t <= self.deadline else min(max(t, 0), self.deadline)]
        if options.size == 1:
            return int(options[0])
        return int(options[_mix(self.seed, t) % options.size])

    def propose(self, t: int) -> dict[str, IssueValue]:
        """The package it proposes at step ``t``, as a room records an offer."""
        return self.space.package(self.proposal(t))

    def utility_of(self, index: int) -> float:
        """A package's utility (0-100) by its own definition."""
        return float(self.own[index])

    def accepts(self, t: int, index: int) -> bool:
        """Whether it accepts the package at ``index`` offered to it at step ``t``.

        It accepts when its must-haves hold and the package gives it at least its target
        (within :data:`~negotiation_lib.domain.win_win.utilities.TOLERANCE`).
        """
        return bool(self.acceptable[index] and self.own[index] >= self.target(t) - TOLERANCE)

    def accepts_package(self, t: int, values: Mapping[str, IssueValue]) -> bool:
        """Whether it accepts a package as a team offered it (on the grid of steps or not).

        Same rule as :meth:`accepts`: its must-haves hold, and the package's utility reaches
        its reservation utility and its target at step ``t``. A package that does not settle
        every issue is refused.
        """
        issues = self.space.terms.issues
        try:
            if not must_haves_met(self.definition, issues, values):
                return False
            own = utility(self.definition, issues, values)
        except (CaseError, KeyError, TypeError, ValueError):
            return False
        return own >= max(self.target(t), self.u_res) - TOLERANCE

    def reply(self, t: int, offered: Mapping[str, IssueValue] | None) -> Move:
        """What it does at step ``t`` of a round, facing the counterpart's standing offer.

        It accepts ``offered`` when :meth:`accepts_package` says so; past the round's last
        step it walks away; otherwise it proposes :meth:`propose` with its own utility (what
        a room's ``offered`` event records).
        """
        if offered is not None and self.accepts_package(t, offered):
            return Move("accept", dict(offered), None)
        if t > self.deadline:
            return Move("walk_away", None, None)
        index = self.proposal(t)
        return Move("offer", self.space.package(index), self.utility_of(index))


@dataclass(frozen=True, slots=True)
class Move:
    """A practice opponent's move, as a page turns it into a room event.

    Attributes
    ----------
    kind
        ``"offer"`` (an ``offered`` event), ``"accept"`` (accept the standing offer) or
        ``"walk_away"``.
    values
        The package offered or accepted (issue id → value); ``None`` for a walk-away.
    utility
        Its utility of the package it offers (0-100), which the ``offered`` event carries.
    """

    kind: Literal["offer", "accept", "walk_away"]
    values: dict[str, IssueValue] | None
    utility: float | None


def model_facts(case_doc: Mapping[str, Any], side: Side, style: Style) -> tuple[Fact, ...]:
    """The private facts a practice opponent shares at once: its open book, or nothing.

    A trust-based opponent shares its model: every private fact of its side in the value,
    economics and relationship sections (its definition of winning it reveals through the
    room's seal). A CPT opponent shares nothing.
    """
    if style == "cpt":
        return ()
    return tuple(f for f in private_facts(case_doc, side) if f.path.startswith(_MODEL_SECTIONS))


def _open_book_gain(space: OutcomeSpace, zone: Zopa, counterpart: Side) -> FloatArray:
    # The counterpart's gain read off the open book (DESIGN §3): the seller scores a price
    # 100·(P − floor)/(ceiling − floor), the customer the complement, clamped to [0, 100].
    width = zone.ceiling_per_unit - zone.floor_per_unit
    if width <= 0 or np.isnan(space.prices).all():
        return np.full(space.size, 50.0)
    place = 100.0 * (space.prices - zone.floor_per_unit) / width
    out: FloatArray = np.clip(place if counterpart == "seller" else 100.0 - place, 0.0, 100.0)
    return out


def _best(mask: BoolArray, value: FloatArray) -> IndexArray:
    # The packages of ``mask`` with the largest ``value`` (ties within TOLERANCE).
    idx = np.flatnonzero(mask)
    top = value[idx].max()
    out: IndexArray = idx[value[idx] >= top - TOLERANCE]
    return out


def _near_target(own: FloatArray, allowed: BoolArray, goal: float) -> BoolArray:
    # The packages "nearest the target": at or above it and within BAND points of it, or,
    # when none is that close, the ones just above it (the least it may ask for).
    above = allowed & (own >= goal - TOLERANCE)
    if not above.any():  # a target above everything allowed: the best of what is allowed
        top: BoolArray = allowed & (own >= own[allowed].max() - TOLERANCE)
        return top
    band: BoolArray = above & (own <= goal + BAND)
    if not band.any():
        band = above & (own <= own[above].min() + TOLERANCE)
    return band


def practice_opponent(
    case: Case,
    side: Side,
    style: Style,
    seed: int,
    *,
    counterpart: PartyDefinition | None = None,
    deadline: int = DEFAULT_DEADLINE,
    space: OutcomeSpace | None = None,
    shares: tuple[Fact, ...] = (),
) -> Opponent:
    r"""Build a practice opponent for one side of a room opened on ``case``.

    Parameters
    ----------
    case
        The room's case: the truth of a role-play case (its economics give the ZOPA and the
        fair price; the side's own definition of winning is its section of ``win_win``).
    side, style, seed
        The side it plays, ``"cpt"`` or ``"trust"``, and the seed its choices follow.
    counterpart
        The counterpart's definition of winning once revealed (the trust-based opponent
        maximizes the Nash product with it); ``None`` before.
    deadline
        :math:`T`, the round's last step.
    space
        The room's packages, when the caller already enumerated them.
    shares
        The facts it shares at once (:func:`model_facts`); dropped for CPT.

    Raises
    ------
    CaseError
        When the case has no issues, or no definition of winning for the side.

    Notes
    -----
    Target at step :math:`t`:
    :math:`U(t) = U_{max} - (U_{max} - U_{res})(t/T)^{1/\beta}` (Faratin, Sierra & Jennings
    1998), with :math:`\beta` = 0.2 for CPT and 2 for trust-based, :math:`U_{res}` the side's
    reservation utility, :math:`U_{max}` its best package (CPT) or its fair-split package
    (trust-based).
    """
    if case.win_win is None or not case.win_win.issues:
        raise CaseError.at("win_win.issues", "This case has no issues to negotiate.")
    if deadline < 1:
        raise ValueError("A round has at least one step.")
    terms = RoomTerms.from_case(case)
    space = space if space is not None else outcome_space(terms)
    expected = eve_expected_per_unit(case.value) if case.value is not None else None
    zone = (
        zopa(case.economics, expected, case.relationship)
        if case.economics is not None and expected is not None
        else None
    )
    own_def = definition_in_force(case.win_win, side, use_draft=True, zopa=zone).definition
    own = space.utilities(own_def)
    u_res = float(own_def.reservation_utility)
    acceptable = space.must_haves(own_def) & (own >= u_res - TOLERANCE)
    beta = style_beta(style)
    if not acceptable.any():  # nothing it could agree to: it asks for its best, to the end
        acceptable = own >= own.max() - TOLERANCE
        u_res = float(own.max())
    if style == "cpt":
        u_max = float(own[acceptable].max())
        choices = [
            np.flatnonzero(
                _near_target(own, acceptable, target_utility(t, deadline, u_max, u_res, beta))
            )
            for t in range(deadline + 1)
        ]
        return Opponent(
            side,
            style,
            seed,
            beta,
            deadline,
            u_max,
            u_res,
            space,
            own,
            acceptable,
            tuple(choices),
            _targets(deadline, u_max, u_res, beta),
            own_def,
        )
    other: Side = "customer" if side == "seller" else "seller"
    allowed = acceptable.copy()
    if zone is not None and zone.exists and not np.isnan(space.prices).all():
        allowed &= (space.prices >= zone.floor_per_unit - TOLERANCE) & (
            space.prices <= zone.ceiling_per_unit + TOLERANCE
        )
    if counterpart is not None:
        theirs = space.utilities(counterpart)
        d_other = float(counterpart.reservation_utility)
        feasible = allowed & space.must_haves(counterpart) & (theirs >= d_other - TOLERANCE)
        allowed = feasible if feasible.any() else allowed
    elif zone is not None:
        theirs, d_other = _open_book_gain(space, zone, other), 0.0
    else:
        theirs, d_other = np.full(space.size, 50.0), 0.0
    if not allowed.any():
        allowed = acceptable
    nash = np.maximum(own - u_res, 0.0) * np.maximum(theirs - d_other, 0.0)
    start_mask = allowed
    if zone is not None and case.economics is not None and not np.isnan(space.prices).all():
        fair = fair_price_per_unit(zone, case.economics.fair_share)
        gap = np.abs(space.prices - fair)
        start_mask = allowed & (gap <= gap[allowed].min() + TOLERANCE)
    start = int(_best(start_mask, nash)[0])
    u_max = max(float(own[start]), u_res)
    choices = [np.array([start], dtype=np.intp)]
    for t in range(1, deadline + 1):
        goal = target_utility(t, deadline, u_max, u_res, beta)
        choices.append(_best(_near_target(own, allowed, goal), nash))
    return Opponent(
        side,
        style,
        seed,
        beta,
        deadline,
        u_max,
        u_res,
        space,
        own,
        acceptable,
        tuple(choices),
        _targets(deadline, u_max, u_res, beta),
        own_def,
        shares,
        reveals=True,
    )


def _targets(deadline: int, u_max: float, u_res: float, beta: float) -> tuple[float, ...]:
    return tuple(target_utility(t, deadline, u_max, u_res, beta) for t in range(deadline + 1))
