"""Practice opponents: a side of a deal room played by the workbook (DESIGN §7, issue 19).

* :mod:`~negotiation_lib.domain.opponents.space`: every package of a room, scored at once by
  a definition of winning (:class:`OutcomeSpace`);
* :mod:`~negotiation_lib.domain.opponents.tactics`: the two styles as time-dependent tactics
  (Faratin, Sierra & Jennings 1998): CPT (Boulware, β = 0.2) and trust-based (conceder,
  β = 2), built by :func:`practice_opponent`;
* :mod:`~negotiation_lib.domain.opponents.simulation`: opponents against opponents over
  renewal rounds (:func:`negotiate`, :func:`simulate_pairings`);
* :mod:`~negotiation_lib.domain.opponents.play`: an opponent seated in a real room, its next
  moves as the room's events (:func:`next_moves`).

Pure functions of their arguments: no I/O, no clock, no generator state.
"""

from __future__ import annotations

from negotiation_lib.domain.opponents.play import (
    PlannedEvent,
    next_moves,
    opponent_for,
    round_step,
)
from negotiation_lib.domain.opponents.simulation import (
    PAIRINGS,
    PairingResult,
    RoundPlay,
    negotiate,
    simulate_pairings,
)
from negotiation_lib.domain.opponents.space import OutcomeSpace, outcome_space
from negotiation_lib.domain.opponents.tactics import (
    BAND,
    BOULWARE_BETA,
    CONCEDER_BETA,
    DEFAULT_DEADLINE,
    STYLES,
    Move,
    Opponent,
    Style,
    model_facts,
    practice_opponent,
    style_beta,
    target_utility,
)

__all__ = [
    "BAND",
    "BOULWARE_BETA",
    "CONCEDER_BETA",
    "DEFAULT_DEADLINE",
    "PAIRINGS",
    "STYLES",
    "Move",
    "Opponent",
    "OutcomeSpace",
    "PairingResult",
    "PlannedEvent",
    "RoundPlay",
    "Style",
    "model_facts",
    "negotiate",
    "next_moves",
    "opponent_for",
    "outcome_space",
    "practice_opponent",
    "round_step",
    "simulate_pairings",
    "style_beta",
    "target_utility",
]
