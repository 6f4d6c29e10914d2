r"""The debrief of deal rooms: what each room agreed, scored against the case's truth.

A room (:mod:`negotiation_lib.domain.rooms`) knows what the teams did: offers, the agreement
or the walk-away, the facts each side shared and the value it stated, the definitions sealed,
shown and amended. What those moves were *worth* is read from the truth of the role-play case
(the public part and both private parts, :func:`negotiation_lib.domain.roles.truth`), through
one :class:`~negotiation_lib.assessment.CaseAssessment` of it (:func:`truth_assessment`):
each side scored by its own true definition of winning, the economics through the open book.
The facilitator reads this on the dashboard and in the workshop export; no team ever does.

Per room (:func:`room_debrief`, a :class:`RoomDebrief`):

* the agreement, or none (a walk-away, or no agreement yet);
* each side's true utility (0-100) of the agreed package, its value per period (the seller's
  profit, the customer's net benefit), its gain over its BATNA per period and its NPV; with no
  agreement, the disagreement point: each side's walk-away utility, its BATNA per period and
  the NPV of taking it every period (DESIGN §3);
* the joint gain per period and the seller's share of it;
* the value left on the table (:func:`value_left_on_table`);
* offers exchanged, time to agree, goalposts moved (amendments after the definition was
  shown), and every disclosure with its stated and true values
  (:attr:`RoomDebrief.misstated`: those that differed from the truth).

Across the rooms of one case (:func:`rooms_chart`, a :class:`RoomsChart`): every agreement in
utility space with the Pareto frontier of the case's outcomes, the Nash point, the walk-away
point and the frontier agreement priced nearest the fair price, for
:func:`negotiation_lib.figures.deal_rooms.deal_rooms_chart`; and the outcomes by negotiation
style (:func:`outcomes_by_style`, the trust diagnostic): did the teams whose own trust check
says they negotiate the trust-based way reach more agreements, and better ones, than the
competitive, power-based, transactional (CPT) teams?

A practice opponent (DESIGN §7, a side the workbook plays) is named by its style wherever a
room's sides are named (:func:`side_name`, :data:`~negotiation_lib.vocabulary.
PRACTICE_OPPONENT_NAMES`), is marked on its side's outcome (:attr:`SideOutcome.practice`) and
is no team: :func:`outcomes_by_style` leaves it out.

A fairness pact (DESIGN §7) sets the fair share both sides use: a room whose teams agreed one
is scored with it (its retention and NPVs follow the pact's fair share, as the teams' own pages
do); without one, the case's fair share.

References
----------
.. [1] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982:
   additive scoring of multi-issue agreements, the efficient (Pareto) frontier and agreements
   that leave joint gains on the table.
.. [2] H. Raiffa, "Post-Settlement Settlements", *Negotiation Journal* 1(1), 1985, pp. 9-12:
   once agreed, both parties may still move to a package on the frontier that is better for
   both; how much better is the value the agreement left on the table.
.. [3] J. F. Nash, "The Bargaining Problem", *Econometrica* 18(2), 1950, pp. 155-162.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal, Protocol

from negotiation_lib.assessment import CaseAssessment, assess_case
from negotiation_lib.domain.case import NumericIssue, Package
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.roles import (
    Terms,
    fact_text,
    parse_fact_path,
    private_fact_value,
    private_facts,
    truth,
)
from negotiation_lib.domain.rooms import (
    SIDES,
    PracticeStyle,
    RoomState,
    RoomStatus,
    RoomTerms,
    SealHistory,
    Side,
    shown_value,
)
from negotiation_lib.domain.trust import READY_STYLE
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.domain.win_win import (
    TOLERANCE,
    IssueValue,
    Outcome,
    definition_in_force,
    utility,
)
from negotiation_lib.formatting import number
from negotiation_lib.vocabulary import PRACTICE_OPPONENT_NAMES

__all__ = [
    "STYLE_LABELS",
    "Disclosure",
    "FairPoint",
    "RoomDebrief",
    "RoomListing",
    "RoomsChart",
    "SideOutcome",
    "StyleOutcome",
    "TeamStyle",
    "dominant_style",
    "fair_point",
    "goalposts_moved",
    "outcomes_by_style",
    "room_debrief",
    "rooms_chart",
    "seconds_text",
    "side_name",
    "truth_assessment",
    "value_left_on_table",
    "workshop_room_debriefs",
]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class SideOutcome:
    """What one side of a room came away with, by the case's truth.

    Attributes
    ----------
    side, team
        The side, and the name of the team that played it.
    utility
        Its true utility (0-100) of the agreed package by its own definition of winning; with
        no agreement, its walk-away (reservation) utility. ``None`` when the truth cannot
        score it.
    value_per_period
        The seller's profit, or the customer's net benefit over the reference, per period at
        the agreed price; with no agreement, its BATNA per period (currency per period).
    gain_per_period
        ``value_per_period`` less the BATNA per period (0 with no agreement).
    npv
        Its NPV of the agreement over the relationship (DESIGN §3, at the retention the split
        earns); with no agreement, the NPV of its BATNA taken every period (currency).
    goalposts_moved
        How many times it amended its definition of winning after showing it.
    practice
        The practice opponent's style when the workbook played this side (``team`` is then
        its name in words, :func:`side_name`), else ``None``.
    """

    side: Side
    team: str
    utility: float | None
    value_per_period: float | None
    gain_per_period: float | None
    npv: float | None
    goalposts_moved: int
    practice: PracticeStyle | None = None


@dataclass(frozen=True, slots=True)
class Disclosure:
    """A fact a side shared, with the value it stated and the value the case holds.

    Attributes
    ----------
    side, team
        Who shared it.
    path, label
        Where the fact is in the case, and what it is in words (with its unit).
    stated, true
        The value the side stated, and its true value (``None`` when the case holds no such
        private fact of that side).
    stated_shown, true_shown
        Both in words, numbers written as the workbook writes them.
    differs
        Whether the stated value is not the true one (numbers compared to 1e-9 relative).
    event_id, at
        The ``shared`` event, and when it was recorded.
    """

    side: Side
    team: str
    path: str
    label: str
    stated: Any
    true: Any
    stated_shown: str
    true_shown: str
    differs: bool
    event_id: int
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RoomDebrief:
    """One room's debrief (:func:`room_debrief`).

    Attributes
    ----------
    number
        The room's number in the workshop.
    status
        ``waiting``, ``negotiating``, ``agreed``, ``walked_away`` or ``closed``.
    package
        The agreed package (issue id → value), or ``None``.
    package_text
        The agreed package in words ("Price per housing 27,500 EUR per housing; …"), or ``""``.
    seller, customer
        Each side's outcome (:class:`SideOutcome`).
    joint_gain_per_period
        Both gains over the BATNAs together (0 with no agreement: both sides have their
        BATNAs), in currency per period; ``None`` when the truth cannot price the package.
    seller_share
        The seller's share of the joint gain, ``seller gain / joint gain`` (DESIGN §3);
        ``None`` with no agreement or a joint gain of 0 or less.
    price_per_unit
        The agreed pocket price per unit (the price issue's value), or ``None``.
    fair_share, fair_price_per_unit
        The fair share the room is scored with (the pact's, else the case's) and the fair
        price it gives.
    value_left
        Utility points both sides could still have gained together
        (:func:`value_left_on_table`); ``None`` when the truth has no frontier.
    better_for_both
        The frontier package that gives both sides that gain (a post-settlement settlement),
        or ``None`` when none is better for both.
    offers
        Offers exchanged (both sides, every round).
    seconds_to_agree
        From the room's first event to the agreement, in seconds; ``None`` without an
        agreement or a known start.
    disclosures
        Every fact shared, in the order shared.
    seated
        The sides a team sat on (both, unless the room still waits for its second team).
    walked_away
        The side that walked away, or ``None``.
    """

    number: int
    status: RoomStatus
    package: Mapping[str, IssueValue] | None
    package_text: str
    seller: SideOutcome
    customer: SideOutcome
    joint_gain_per_period: float | None
    seller_share: float | None
    price_per_unit: float | None
    fair_share: float | None
    fair_price_per_unit: float | None
    value_left: float | None
    better_for_both: Outcome | None
    offers: int
    seconds_to_agree: float | None
    disclosures: tuple[Disclosure, ...]
    seated: tuple[Side, ...] = SIDES
    walked_away: Side | None = None

    @property
    def agreed(self) -> bool:
        """Whether the room reached an agreement."""
        return self.package is not None

    @property
    def paired(self) -> bool:
        """Whether a team sat on each side."""
        return all(side in self.seated for side in SIDES)

    @property
    def misstated(self) -> tuple[Disclosure, ...]:
        """The disclosures whose stated value differed from the truth."""
        return tuple(d for d in self.disclosures if d.differs)

    def side(self, side: Side) -> SideOutcome:
        """One side's outcome."""
        return self.seller if side == "seller" else self.customer

    @property
    def practice(self) -> dict[Side, PracticeStyle]:
        """The sides the workbook played (a practice opponent), with its style."""
        return {o.side: o.practice for o in (self.seller, self.customer) if o.practice is not None}


@dataclass(frozen=True, slots=True)
class FairPoint:
    """The frontier agreement priced nearest the fair price for its terms.

    Attributes
    ----------
    outcome
        The frontier outcome.
    price_per_unit
        Its value of the price issue.
    fair_price_per_unit
        The fair price with that outcome's options (DESIGN §3).
    """

    outcome: Outcome
    price_per_unit: float
    fair_price_per_unit: float


@dataclass(frozen=True, slots=True)
class RoomsChart:
    """What the debrief chart draws for the rooms of one case (:func:`rooms_chart`).

    Attributes
    ----------
    title, seller, customer, currency, unit
        The case's title, parties' names, currency and unit (from the public part).
    period
        What the case's money per period is per ("year").
    frontier, nash
        The Pareto frontier of the feasible outcomes by the true definitions, and the Nash
        points on it.
    disagreement
        Both walk-away utilities: where a room without an agreement lands.
    fair
        The frontier agreement priced nearest the fair price, if the case has a price issue.
    fair_price_per_unit
        The case's fair price.
    rooms
        Every room's debrief, by number.
    """

    title: str
    seller: str
    customer: str
    currency: str
    unit: str
    frontier: tuple[Outcome, ...]
    nash: tuple[Outcome, ...]
    disagreement: tuple[float, float] | None
    fair: FairPoint | None
    fair_price_per_unit: float | None
    rooms: tuple[RoomDebrief, ...]
    period: str = "year"


class RoomListing(Protocol):
    """A room as the store lists it (:class:`negotiation_lib.store.RoomInfo` is one)."""

    @property
    def id(self) -> int: ...  # noqa: D102

    @property
    def number(self) -> int: ...  # noqa: D102

    @property
    def case_name(self) -> str: ...  # noqa: D102

    @property
    def opened_at(self) -> datetime: ...  # noqa: D102


# --------------------------------------------------------------------------- the truth


@lru_cache(maxsize=32)
def _assessed(text: str, fair_share: float | None) -> CaseAssessment:
    case = parse_case(json.loads(text))
    if fair_share is not None and case.economics is not None:
        economics = case.economics.model_copy(update={"fair_share": fair_share})
        case = case.model_copy(update={"economics": economics})
    # The true definitions are the case file's own (drafts); a room's seals are the teams'.
    return assess_case(case, use_drafts=True)


def truth_assessment(
    document: Mapping[str, Any], fair_share: float | None = None
) -> CaseAssessment:
    """The assessment of a role-play case's truth, which every room of the case is scored by.

    Parameters
    ----------
    document
        The role-play case document (public and private parts), as its file holds it.
    fair_share
        A fair share both sides agreed in a pact, used instead of the case's.

    Returns
    -------
    CaseAssessment
        Of the truth, scored by each side's definition of winning as the case file holds it.
        Kept for the next call with the same case and share.

    Raises
    ------
    CaseError
        When the document is not a valid case.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_role_play_case
    >>> a = truth_assessment(load_role_play_case("valtora_brightmoor"))
    >>> round(a.economics.fair_price_per_unit, 2), a.win_win.disagreement
    (27148.33, (40.0, 30.0))
    """
    return _assessed(json.dumps(document, sort_keys=True), fair_share)


def _scored(a: CaseAssessment, values: Mapping[str, IssueValue]) -> tuple[float, float] | None:
    """Both sides' true utilities of a package (the assessment's definitions), or ``None``."""
    ww = a.case.win_win
    if ww is None:
        return None
    try:
        # The definitions the assessment scores with: drafts, open-book scores read off its ZOPA.
        seller = definition_in_force(ww, "seller", use_draft=True, zopa=a.zopa).definition
        customer = definition_in_force(ww, "customer", use_draft=True, zopa=a.zopa).definition
        return utility(seller, ww.issues, values), utility(customer, ww.issues, values)
    except CaseError:
        return None


# --------------------------------------------------------------------------- figures


def value_left_on_table(
    point: tuple[float, float], frontier: Sequence[Outcome]
) -> tuple[float, Outcome | None]:
    r"""The utility both sides could still gain together: the best equal gain on the frontier.

    Parameters
    ----------
    point
        ``(seller, customer)`` utilities of the outcome (the agreement, or the walk-away point
        when there is none).
    frontier
        The Pareto frontier of the feasible outcomes.

    Returns
    -------
    tuple
        :math:`L` in utility points (0-100 scale), and the frontier outcome that gives both
        sides that gain (the first in frontier order among ties), ``None`` when :math:`L = 0`.

    Notes
    -----
    With :math:`u = (u_S, u_C)` the outcome and :math:`F` the frontier,

    .. math:: L(u) = \max\left(0,\ \max_{f \in F} \min(f_S - u_S,\ f_C - u_C)\right)

    the largest gain :math:`t` such that some frontier package gives *each* side at least
    :math:`t` more: the post-settlement settlement of Raiffa [2]_ that shares the improvement
    equally. :math:`L = 0` exactly when no feasible package is better for both sides (the
    outcome is on, or above, the frontier); it never credits one side's gain with the other's
    loss, as a sum or a Euclidean distance would. Since every feasible outcome is dominated by
    a frontier point, the maximum over the frontier is the maximum over all feasible outcomes.

    References
    ----------
    .. [1] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982:
       the efficient frontier, and agreements that leave joint gains on the table.
    .. [2] H. Raiffa, "Post-Settlement Settlements", *Negotiation Journal* 1(1), 1985, 9-12.

    Examples
    --------
    >>> f = [Outcome({"p": 1.0}, 40.0, 90.0, True), Outcome({"p": 2.0}, 70.0, 70.0, True)]
    >>> value_left_on_table((50.0, 60.0), f)[0]
    10.0
    >>> value_left_on_table((70.0, 70.0), f)
    (0.0, None)
    """
    best, where = 0.0, None
    for f in frontier:
        gain = min(f.seller_utility - point[0], f.customer_utility - point[1])
        if gain > best + TOLERANCE:
            best, where = gain, f
    return best, where


def goalposts_moved(history: SealHistory) -> int:
    """How many times a side amended its definition of winning after showing it.

    An amendment counts when an earlier version had been shown to the counterpart: the other
    side then saw the goalposts move. Amending a definition still private moves nothing the
    counterpart relied on.

    Examples
    --------
    >>> from negotiation_lib.domain.rooms import DefinitionVersion
    >>> shown = DefinitionVersion(1, "a" * 64, "t", definition={"statement": "S"})
    >>> goalposts_moved(SealHistory((shown, DefinitionVersion(2, "b" * 64, "t", "cheaper"))))
    1
    >>> goalposts_moved(SealHistory((DefinitionVersion(1, "a" * 64, "t"),
    ...                              DefinitionVersion(2, "b" * 64, "t", "cheaper"))))
    0
    """
    versions = history.versions
    return sum(
        1
        for i, v in enumerate(versions)
        if v.reason is not None and any(earlier.revealed for earlier in versions[:i])
    )


def _same(stated: Any, true: Any) -> bool:
    """JSON values compared as a reader would: 40 is 40.0, numbers to 1e-9 relative."""
    if isinstance(stated, bool) or isinstance(true, bool):
        return stated is true
    if isinstance(stated, int | float) and isinstance(true, int | float):
        return math.isclose(float(stated), float(true), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(stated, Mapping) and isinstance(true, Mapping):
        return stated.keys() == true.keys() and all(_same(stated[k], true[k]) for k in stated)
    if isinstance(stated, list | tuple) and isinstance(true, list | tuple):
        return len(stated) == len(true) and all(
            _same(a, b) for a, b in zip(stated, true, strict=True)
        )
    return bool(stated == true)


def _disclosures(state: RoomState, document: Mapping[str, Any]) -> tuple[Disclosure, ...]:
    terms = Terms.of(truth(document))
    labels = {side: {f.path: f.label for f in private_facts(document, side)} for side in SIDES}
    out = []
    for fact in state.shared:
        try:
            true: Any = private_fact_value(document, fact.side, fact.path)
            label = labels[fact.side][fact.path]
            path = parse_fact_path(fact.path)
            true_shown = fact_text(path, true, terms)
            stated_shown = fact_text(path, fact.value, terms)
            differs = not _same(fact.value, true)
        except CaseError:
            # Not one of the side's private facts: there is no true value to state.
            true, label, true_shown, differs = None, fact.path, "not in the case", True
            stated_shown = str(fact.value)
        out.append(
            Disclosure(
                fact.side,
                side_name(state, fact.side),
                fact.path,
                label,
                fact.value,
                true,
                stated_shown,
                true_shown,
                differs,
                fact.event_id,
                fact.at,
            )
        )
    return tuple(out)


def _package_text(values: Mapping[str, IssueValue], terms: RoomTerms) -> str:
    """A package in one line: each issue's name and its value with the value's unit.

    A label that names its unit ("Delivery lead time (weeks)") loses it here, as the value
    already says it ("8 weeks").
    """
    parts = []
    for issue in terms.issues:
        if issue.name in values:
            value = values[issue.name]
            shown = value if isinstance(value, str) else shown_value(issue, value, terms)
            label = re.sub(r"\s*\([^()]*\)$", "", issue.display_name)
            parts.append(f"{label} {shown}")
    return "; ".join(parts)


def side_name(state: RoomState, side: Side) -> str:
    """The name of a room's side in words: its team's, or the practice opponent's by style.

    The workbook's side is named by :data:`~negotiation_lib.vocabulary.PRACTICE_OPPONENT_NAMES`
    whatever its ``joined`` event said, so every view of the room words it alike.
    """
    style = state.practice.get(side)
    return state.name_of(side) if style is None else PRACTICE_OPPONENT_NAMES[style]


def _no_deal(
    a: CaseAssessment, side: Side, team: str, moved: int, practice: PracticeStyle | None
) -> SideOutcome:
    """A side's outcome without an agreement: the disagreement point and its BATNA."""
    rel, proj, ww = a.case.relationship, a.projection, a.win_win
    index = 0 if side == "seller" else 1
    return SideOutcome(
        side,
        team,
        None if ww is None else ww.disagreement[index],
        None if rel is None else getattr(rel, f"{side}_batna_per_period"),
        0.0,
        None if proj is None else getattr(proj, f"{side}_batna_npv"),
        moved,
        practice,
    )


def room_debrief(
    state: RoomState,
    document: Mapping[str, Any],
    *,
    number: int = 0,
    started_at: datetime | None = None,
) -> RoomDebrief:
    r"""The debrief of one room: its outcome by the truth of its role-play case.

    Parameters
    ----------
    state
        The room's state (its events folded).
    document
        The room's role-play case, as its file holds it.
    number
        The room's number in the workshop.
    started_at
        When the room's first event was recorded (the store's ``RoomInfo.opened_at``, written
        in the transaction of the first ``joined`` event); ``None``: time to agree unknown.

    Returns
    -------
    RoomDebrief
        See its attributes.

    Raises
    ------
    CaseError
        When the document is not a valid role-play case.

    Notes
    -----
    With the agreed package :math:`x` at pocket price :math:`P`, volume :math:`V`, variable
    cost :math:`c`, fixed cost :math:`F`, evidence-weighted EVE :math:`E`, customer cost
    :math:`K` and BATNAs :math:`B_S, B_C` per period (DESIGN §3, Marn & Rosiello's pocket
    price, Nagle & Holden's EVE):

    .. math::

        \pi_S = V(P - c) - F,\qquad \pi_C = V(E - P) - K,\qquad
        J = (\pi_S - B_S) + (\pi_C - B_C),\qquad s = (\pi_S - B_S)/J

    (option costs and values of the case's issues are added where the case gives them). Each
    side's utility is :math:`U_i(x) = \sum_k \hat w_{ik}\, s_{ik}(x_k)` by its own definition
    (Raiffa's additive scoring), and its NPV the projection of DESIGN §3 at the retention the
    split :math:`s` earns against the fair share. With no agreement each side is at the
    disagreement point: its walk-away utility :math:`d_i`, :math:`B_i` per period and
    :math:`B_i\sum_{t<N}((1+g)/(1+d))^t` as NPV. Value left on the table:
    :func:`value_left_on_table`.
    """
    a = truth_assessment(document, state.fair_share)
    agreement = state.agreements[-1] if state.agreements else None
    names = {side: side_name(state, side) for side in SIDES}
    moved = {side: goalposts_moved(state.seals_of(side)) for side in SIDES}
    economics = a.economics
    fair_share = None if a.case.economics is None else a.case.economics.fair_share
    fair_price = None if economics is None else economics.fair_price_per_unit
    ww = a.win_win
    package: dict[str, IssueValue] | None = None
    joint: float | None = 0.0
    share = price = None
    if agreement is None:
        outcomes = {
            side: _no_deal(a, side, names[side], moved[side], state.practice.get(side))
            for side in SIDES
        }
    else:
        package = dict(agreement.offer.values)
        scored = _scored(a, package)
        money = a.package_economics(Package(name="Agreement", values=package))
        outcomes = {}
        for k, side in enumerate(SIDES):
            value = None
            if money is not None:
                value = money.seller_profit_per_period
                if side == "customer":
                    value = money.customer_net_benefit_per_period
            outcomes[side] = SideOutcome(
                side,
                names[side],
                None if scored is None else scored[k],
                value,
                None if money is None else getattr(money, f"{side}_gain_per_period"),
                None if money is None else getattr(money, f"{side}_npv"),
                moved[side],
                state.practice.get(side),
            )
        joint = None if money is None else money.joint_gain_per_period
        share = None if money is None else money.seller_share
        price = None if money is None else money.pocket_price_per_unit
        if money is not None and money.fair_price_per_unit is not None:
            fair_price = money.fair_price_per_unit  # with the agreed options' costs and values
    left: float | None = None
    better = None
    point = (outcomes["seller"].utility, outcomes["customer"].utility)
    if ww is not None and point[0] is not None and point[1] is not None:
        left, better = value_left_on_table((point[0], point[1]), ww.frontier)
    seconds = None
    if agreement is not None and agreement.at is not None and started_at is not None:
        seconds = (agreement.at - started_at).total_seconds()
    return RoomDebrief(
        number=number,
        status=state.status,
        package=package,
        package_text="" if package is None else _package_text(package, state.terms),
        seller=outcomes["seller"],
        customer=outcomes["customer"],
        joint_gain_per_period=joint,
        seller_share=share,
        price_per_unit=price,
        fair_share=fair_share,
        fair_price_per_unit=fair_price,
        value_left=left,
        better_for_both=better,
        offers=len(state.offers),
        seconds_to_agree=seconds,
        disclosures=_disclosures(state, document),
        seated=tuple(side for side in SIDES if side in state.teams),
        walked_away=None if state.walk_away is None else state.walk_away.side,
    )


# --------------------------------------------------------------------------- across rooms


def fair_point(a: CaseAssessment) -> FairPoint | None:
    r"""The frontier agreement priced nearest the fair price for its own terms.

    Each frontier outcome :math:`o` is priced through the open book; its fair price
    :math:`P^*(o)` (DESIGN §3) depends on its options' costs and values only. The point is the
    outcome with the smallest :math:`|P(o) - P^*(o)|`; among equal gaps, the larger Nash
    product :math:`(U_S - d_S)(U_C - d_C)`. It is the mark the win-win worksheet rings as the
    fair price, so the debrief and the worksheet place it alike.

    Returns
    -------
    FairPoint or None
        ``None`` without a numeric price issue, a frontier or a fair price.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_role_play_case
    >>> p = fair_point(truth_assessment(load_role_play_case("valtora_brightmoor")))
    >>> p.price_per_unit, round(p.fair_price_per_unit, 2)
    (27250.0, 27148.33)
    """
    ww, case = a.win_win, a.case.win_win
    name = None if case is None else case.pocket_price_issue
    if ww is None or case is None or name is None or not ww.frontier:
        return None
    if not isinstance(next((i for i in case.issues if i.name == name), None), NumericIssue):
        return None
    d_s, d_c = ww.disagreement
    best: tuple[tuple[float, float], FairPoint] | None = None
    for o in ww.frontier:
        priced = a.package_economics(o)
        price = o.values.get(name)
        if priced is None or priced.fair_price_per_unit is None or isinstance(price, str):
            continue
        if price is None:
            continue
        gap = abs(float(price) - priced.fair_price_per_unit)
        key = (round(gap, 9), -(o.seller_utility - d_s) * (o.customer_utility - d_c))
        if best is None or key < best[0]:
            best = (key, FairPoint(o, float(price), priced.fair_price_per_unit))
    return None if best is None else best[1]


def rooms_chart(document: Mapping[str, Any], rooms: Iterable[RoomDebrief]) -> RoomsChart:
    """The data of the debrief chart for the rooms of one role-play case.

    Parameters
    ----------
    document
        The role-play case, as its file holds it.
    rooms
        The debriefs of its rooms (:func:`room_debrief`).

    Returns
    -------
    RoomsChart
        The case's frontier, Nash points, walk-away point and fair price (by its own fair
        share), and the rooms by number.
    """
    a = truth_assessment(document)
    ww, case = a.win_win, a.case
    return RoomsChart(
        title=case.title,
        seller=case.seller,
        customer=case.customer,
        currency=case.currency,
        unit=case.unit,
        frontier=() if ww is None else ww.frontier,
        nash=() if ww is None else ww.nash,
        disagreement=None if ww is None else ww.disagreement,
        fair=fair_point(a),
        fair_price_per_unit=None if a.economics is None else a.economics.fair_price_per_unit,
        rooms=tuple(sorted(rooms, key=lambda r: r.number)),
        period=case.period,
    )


def _documents(case_name: str) -> Mapping[str, Any]:
    from negotiation_lib.datasets import load_role_play_case

    return load_role_play_case(case_name)


def workshop_room_debriefs(
    rooms: Iterable[RoomListing],
    states: Mapping[int, RoomState],
    documents: Callable[[str], Mapping[str, Any]] = _documents,
) -> dict[str, RoomsChart]:
    """Every room of a workshop debriefed, by case: one chart's data per role-play case.

    Parameters
    ----------
    rooms
        The workshop's rooms (``Store.rooms``).
    states
        Their states by room id (``Store.room_states``).
    documents
        Reads a role-play case by name (the sample case files by default).

    Returns
    -------
    dict
        Case name → :class:`RoomsChart` with the debriefs of its rooms, in room order; a room
        without a state is left out.

    Raises
    ------
    CaseError
        When a room's case cannot be read (no longer a sample case, or not a valid one).

    Examples
    --------
    >>> workshop_room_debriefs([], {})
    {}
    """
    by_case: dict[str, list[RoomDebrief]] = {}
    for room in sorted(rooms, key=lambda r: r.number):
        state = states.get(room.id)
        if state is None:
            continue
        debrief = room_debrief(
            state, documents(room.case_name), number=room.number, started_at=room.opened_at
        )
        by_case.setdefault(room.case_name, []).append(debrief)
    return {name: rooms_chart(documents(name), found) for name, found in by_case.items()}


def seconds_text(seconds: float | None) -> str:
    """A time to agree in words: minutes and seconds.

    Examples
    --------
    >>> seconds_text(754.2), seconds_text(42), seconds_text(None)
    ('12 min 34 s', '42 s', '–')
    """
    if seconds is None or not math.isfinite(seconds):
        return number(None)
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


# --------------------------------------------------------------------------- by style

TeamStyle = Literal["trust_based", "cpt", "unanswered"]
"""A team's dominant negotiation style, by its own trust check (:func:`dominant_style`)."""

STYLE_LABELS: dict[TeamStyle, str] = {
    "trust_based": "Trust-based",
    "cpt": "Competitive, power-based, transactional (CPT)",
    "unanswered": "Not answered by the team",
}
"""Each style in words, as the facilitator reads it."""

_ENDED: frozenset[RoomStatus] = frozenset({"agreed", "walked_away", "closed"})


@dataclass(frozen=True, slots=True)
class StyleOutcome:
    """The outcomes of the teams of one negotiation style (:func:`outcomes_by_style`).

    Attributes
    ----------
    style, label
        The style, and in words (:data:`STYLE_LABELS`).
    teams
        The teams of this style that sit opposite a counterpart, by name.
    ended
        How many of them are in a room that has ended: an agreement, a walk-away, or closed.
    agreements
        How many of them reached an agreement.
    mean_utility
        The mean of each ended team's own true utility (0-100): of the agreement, or its
        walk-away utility without one; ``None`` when no ended team has one.
    mean_joint_gain_per_period
        The mean joint gain per period of the ended teams' rooms (0 without an agreement), in
        the case's currency per period.
    mean_value_left
        The mean value left on the table in the ended teams' rooms, in utility points each.
    """

    style: TeamStyle
    label: str
    teams: tuple[str, ...]
    ended: int
    agreements: int
    mean_utility: float | None
    mean_joint_gain_per_period: float | None
    mean_value_left: float | None


def dominant_style(overall: float | None) -> TeamStyle:
    """A team's dominant negotiation style from its overall style score (0 CPT … 100 trust).

    The score is the team's own answers to the style statements of its trust check
    (:func:`negotiation_lib.domain.trust.style_profile`); trust-based from
    :data:`~negotiation_lib.domain.trust.READY_STYLE`, the mark the win-win worksheet uses for
    "ready for win-win".

    Examples
    --------
    >>> dominant_style(62.5), dominant_style(39.6), dominant_style(None)
    ('trust_based', 'cpt', 'unanswered')
    """
    if overall is None or not math.isfinite(overall):
        return "unanswered"
    return "trust_based" if overall >= READY_STYLE else "cpt"


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None and math.isfinite(v)]
    return sum(known) / len(known) if known else None


def outcomes_by_style(
    rooms: Iterable[RoomDebrief], styles: Mapping[str, float | None]
) -> tuple[StyleOutcome, ...]:
    r"""The rooms' outcomes grouped by each team's dominant negotiation style.

    Parameters
    ----------
    rooms
        The debriefs of one case's rooms (:attr:`RoomsChart.rooms`): amounts in one currency.
    styles
        Team name → its overall style score (0-100) from the trust check of its saved case,
        ``None`` when it answered none of the style statements. A team missing here counts as
        unanswered.

    Returns
    -------
    tuple of StyleOutcome
        Trust-based, then CPT, then unanswered; a style no team has is left out.

    Notes
    -----
    Each team counts once, in its latest room (the highest number it sat in: re-pairing
    closes a team's room and seats it in a new one); a team whose latest room still waits for
    a counterpart does not count. Of the teams :math:`T_k` of style :math:`k` whose room has
    ended (set :math:`E_k`), with :math:`u_t` a team's own true utility, :math:`J_t` its
    room's joint gain per period and :math:`L_t` its room's value left on the table
    (:func:`value_left_on_table`):

    .. math::

        \bar u_k = \frac{1}{|E_k|}\sum_{t \in E_k} u_t,\qquad
        \bar J_k = \frac{1}{|E_k|}\sum_{t \in E_k} J_t,\qquad
        \bar L_k = \frac{1}{|E_k|}\sum_{t \in E_k} L_t

    A room of two teams of one style counts twice in that style's means. Rooms still
    negotiating are left out of the means: their outcome is not known yet. A practice opponent
    (a side the workbook played, :attr:`SideOutcome.practice`) is no team and is left out; the
    team facing it counts, by its own style.

    Examples
    --------
    >>> outcomes_by_style([], {})
    ()
    """
    latest: dict[str, tuple[RoomDebrief, Side]] = {}
    for room in sorted(rooms, key=lambda r: r.number):
        for side in room.seated:
            if room.side(side).practice is None:
                latest[room.side(side).team] = (room, side)
    grouped: dict[TeamStyle, list[tuple[str, RoomDebrief, Side]]] = {s: [] for s in STYLE_LABELS}
    for team, (room, side) in latest.items():
        if room.paired:
            grouped[dominant_style(styles.get(team))].append((team, room, side))
    out = []
    for style, members in grouped.items():
        if not members:
            continue
        ended = [(room, side) for _t, room, side in members if room.status in _ENDED]
        out.append(
            StyleOutcome(
                style=style,
                label=STYLE_LABELS[style],
                teams=tuple(sorted(t for t, _r, _s in members)),
                ended=len(ended),
                agreements=sum(1 for _t, room, _s in members if room.agreed),
                mean_utility=_mean(room.side(side).utility for room, side in ended),
                mean_joint_gain_per_period=_mean(room.joint_gain_per_period for room, _ in ended),
                mean_value_left=_mean(room.value_left for room, _ in ended),
            )
        )
    return tuple(out)
