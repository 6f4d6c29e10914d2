"""Strategy first: does this deal serve the seller's strategy, and where to compete.

Two questions frame a strategic negotiation before any price is discussed: which of the
seller's strategic priorities this deal actually serves (strategic fit), and which moves the
customer will reward and the competitors will punish ("where to compete, where not").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from negotiation_lib.domain.case import Move, Strategy

__all__ = ["MoveAssessment", "StrategyResult", "assess_move", "assess_strategy", "strategic_fit"]


def strategic_fit(strategy: Strategy) -> float | None:
    r"""Share of the seller's strategic weight that this deal supports, from 0 to 1.

    Parameters
    ----------
    strategy
        The strategy section; its priorities carry a weight and a ``supported`` flag.

    Returns
    -------
    float or None
        ``Σ weight(supported priorities) / Σ weight``, or None when no priority is listed yet.

    Notes
    -----
    .. math:: fit = \frac{\sum_{i \in supported} w_i}{\sum_i w_i}

    A weighted scoring model: each priority counts by its weight, and the deal scores the
    weight of the priorities it serves.

    References
    ----------
    .. [1] M. E. Porter, "What Is Strategy?", *Harvard Business Review*, Nov–Dec 1996:
       strategy as deliberate choices of where to compete, against which a deal is judged.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Priority, Strategy
    >>> strategic_fit(Strategy(priorities=(Priority(name="Grow in food", weight=3, supported=True),
    ...                                    Priority(name="Raise margins", weight=1))))
    0.75
    """
    total = sum(p.weight for p in strategy.priorities)
    if not strategy.priorities or total <= 0:
        return None
    return sum(p.weight for p in strategy.priorities if p.supported) / total


@dataclass(frozen=True, slots=True)
class MoveAssessment:
    """A candidate move and what it is expected to be worth.

    Attributes
    ----------
    name
        The move.
    expected_value
        ``p_cooperation·benefit − p_retaliation·damage``.
    decision
        ``"compete"`` when the expected value is positive, otherwise ``"avoid"``.
    """

    name: str
    expected_value: float
    decision: Literal["compete", "avoid"]


def assess_move(move: Move) -> MoveAssessment:
    r"""Compute a move's expected value from the customer's and competitors' likely reactions.

    Notes
    -----
    .. math:: EV = p_{coop} \cdot B - p_{ret} \cdot D

    A move is worth making (``compete``) when its expected value is positive: the cooperation
    it is likely to earn from the customer outweighs the retaliation it is likely to provoke.

    References
    ----------
    .. [1] M. E. Porter, *Competitive Strategy*, Free Press, 1980, ch. 5 ("Competitive
       moves"): anticipating competitors' retaliation when choosing a move.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Move
    >>> assess_move(Move(name="Bundle service", cooperation_probability=0.7,
    ...                  cooperation_benefit=120000, retaliation_probability=0.3,
    ...                  retaliation_damage=50000))
    MoveAssessment(name='Bundle service', expected_value=69000.0, decision='compete')
    """
    ev = (
        move.cooperation_probability * move.cooperation_benefit
        - move.retaliation_probability * move.retaliation_damage
    )
    return MoveAssessment(move.name, ev, "compete" if ev > 0 else "avoid")


@dataclass(frozen=True, slots=True)
class StrategyResult:
    """The strategy worksheet's numbers: fit, and the moves ranked by expected value."""

    fit: float | None
    moves: tuple[MoveAssessment, ...]


def assess_strategy(strategy: Strategy) -> StrategyResult:
    """Strategic fit and the moves ranked best first (ties keep the order they were entered).

    Examples
    --------
    >>> from negotiation_lib.domain.case import Move, Strategy
    >>> r = assess_strategy(Strategy(moves=(
    ...     Move(name="Undercut", cooperation_probability=0.5, cooperation_benefit=10,
    ...          retaliation_probability=0.9, retaliation_damage=50),
    ...     Move(name="Co-develop", cooperation_probability=0.6, cooperation_benefit=100,
    ...          retaliation_probability=0.1, retaliation_damage=20))))
    >>> [(m.name, m.decision) for m in r.moves]
    [('Co-develop', 'compete'), ('Undercut', 'avoid')]
    """
    ranked = sorted((assess_move(m) for m in strategy.moves), key=lambda m: -m.expected_value)
    return StrategyResult(fit=strategic_fit(strategy), moves=tuple(ranked))
