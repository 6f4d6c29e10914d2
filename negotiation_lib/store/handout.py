"""What a workshop hands a participant: the case to start from, and of a role-play only a side.

A participant's first version is the case as the workshop hands it out: the sample case with
its definitions of winning unsealed (:func:`handed_out`). A role-play case (issue 18) is never
handed out whole: a team gets its side's view, the public part and its own private facts
(:func:`negotiation_lib.domain.roles.side_view`), so that no document stored for a team holds
a private value of the other side. The side is the seat the team takes in its deal room
(:func:`negotiation_lib.store.pairing.seat_on_join`, inside the join's transaction), and a
team the facilitator moves to the other side is handed that side's view then
(:meth:`negotiation_lib.store.pairing.PairingMixin.repair`).

The truth of a role-play case (both sides' facts) stays with the facilitator: the dashboard's
and the export's debrief of the rooms read it from the case file, never from a team's case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from negotiation_lib.domain.roles import SIDES, Side, is_role_play, plain_document, side_view
from negotiation_lib.domain.validation import read_case_document
from negotiation_lib.store.engine import StoreError
from negotiation_lib.store.workshops import BLANK_CASE

__all__ = ["NO_SEAT", "hand_out", "handed_out", "starting_cases"]

NO_SEAT = (
    "This role-play case could not seat your team in a deal room, so it cannot be handed out; "
    "ask your facilitator."
)
"""Why a team on a role-play case that found no seat is handed nothing."""


def handed_out(case: dict[str, Any]) -> dict[str, Any]:
    """A case as a workshop hands it out: the same document, with no definition sealed.

    The definitions of winning stay as drafts; only their seal history is left out.

    Examples
    --------
    >>> case = {"title": "T", "win_win": {"issues": [], "seller": {"statement": "S"},
    ...         "seals": {"seller": [{"version": 1}], "customer": []}}}
    >>> handed_out(case)["win_win"]
    {'issues': [], 'seller': {'statement': 'S'}}
    >>> "seals" in case["win_win"]  # the original is left as it was
    True
    """
    win_win = case.get("win_win")
    if not isinstance(win_win, dict) or "seals" not in win_win:
        return case
    return {**case, "win_win": {k: v for k, v in win_win.items() if k != "seals"}}


def starting_cases(case_name: str) -> dict[Side | None, dict[str, Any]]:
    """The documents a participant may start from, by the side it is seated on.

    An ordinary case (or the blank one) has one, under ``None``: the case as the workshop
    hands it out (:func:`handed_out`). A role-play case has one per side and none without a
    side: the side's view, the public part and that side's private facts
    (:func:`~negotiation_lib.domain.roles.side_view`), unsealed.

    Raises
    ------
    CaseError
        When there is no such sample case, or its file is not valid.

    Examples
    --------
    >>> handouts = starting_cases("valtora_brightmoor")
    >>> sorted(handouts), handouts["seller"]["economics"]["variable_cost_per_unit"]
    (['customer', 'seller'], 19400)
    >>> "variable_cost_per_unit" in handouts["customer"]["economics"]
    False
    >>> list(starting_cases("pumpco_acme_foods"))
    [None]
    """
    # Imported when a participant joins: the datasets and the document model are not needed
    # to open the store.
    from negotiation_lib.datasets import sample_case_path
    from negotiation_lib.document import blank_case

    if case_name == BLANK_CASE:
        return {None: blank_case()}
    document = read_case_document(sample_case_path(case_name))
    if not is_role_play(document):
        return {None: handed_out(plain_document(document))}
    return {side: handed_out(side_view(document, side)) for side in SIDES}


def hand_out(handouts: Mapping[Side | None, dict[str, Any]], side: Side | None) -> dict[str, Any]:
    """The document of :func:`starting_cases` for a participant seated on ``side``.

    ``side`` is ``None`` for a participant with no deal room (a case without roles).

    Raises
    ------
    StoreError
        For a role-play case and no side (:data:`NO_SEAT`): rather nothing than both sides.

    Examples
    --------
    >>> hand_out({"seller": {"title": "S"}, "customer": {"title": "C"}}, "customer")
    {'title': 'C'}
    >>> hand_out({None: {"title": "T"}}, None)
    {'title': 'T'}
    """
    if side is not None and side in handouts:
        return handouts[side]
    if None in handouts:
        return handouts[None]
    raise StoreError(NO_SEAT)
