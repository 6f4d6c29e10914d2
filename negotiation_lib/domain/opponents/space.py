"""The outcome space a practice opponent searches: every package of a room, scored at once.

A room's issues (:class:`~negotiation_lib.domain.rooms.RoomTerms`) span a small grid of
packages, the product of each issue's levels
(:func:`~negotiation_lib.domain.win_win.utilities.issue_levels`): 1,575 for
Valtora–Brightmoor, 954 for Corvane–Bluewell. An opponent decides by
looking at all of them, so they are enumerated once and each definition of winning is scored
over the whole grid as one array (:func:`utilities`), with the same sum, rounding and clipping
as :func:`~negotiation_lib.domain.win_win.utilities.utility` gives one package.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from negotiation_lib.domain.case import (
    Issue,
    MustHave,
    NumericIssue,
    OptionsIssue,
    PartyDefinition,
)
from negotiation_lib.domain.rooms.terms import IssueValue, RoomTerms
from negotiation_lib.domain.win_win.utilities import (
    UTILITY_DECIMALS,
    BoolArray,
    FloatArray,
    issue_levels,
    issue_score,
    normalized_weights,
)

__all__ = ["OutcomeSpace", "outcome_space"]


@dataclass(frozen=True, slots=True)
class OutcomeSpace:
    """Every package a room can agree on, in a fixed order (the first issue varies slowest).

    Attributes
    ----------
    terms
        The room's terms.
    levels
        Per issue (in the terms' order), the values it can take.
    codes
        One row per package: the index of each issue's level, shape ``(n, issues)``.
    prices
        Each package's price per unit (the price issue's value); NaN for all when the room has
        no price issue.
    """

    terms: RoomTerms
    levels: tuple[tuple[IssueValue, ...], ...]
    codes: np.ndarray
    prices: FloatArray

    @property
    def size(self) -> int:
        """How many packages there are."""
        return int(self.codes.shape[0])

    def package(self, index: int) -> dict[str, IssueValue]:
        """The package at ``index``, as a room records an offer (issue id → value).

        Examples
        --------
        >>> terms = RoomTerms((OptionsIssue(name="w", options=("a", "b")),
        ...                    NumericIssue(name="n", min=0, max=2, step=1)))
        >>> outcome_space(terms).package(4)
        {'w': 'b', 'n': 1.0}
        """
        row = self.codes[index]
        return {
            issue.name: self.levels[k][int(row[k])] for k, issue in enumerate(self.terms.issues)
        }

    def index_of(self, values: Mapping[str, IssueValue]) -> int:
        """The index of a package on the grid (its values must be levels of their issues).

        Raises
        ------
        ValueError
            When a value is not one of its issue's levels.
        """
        index = 0
        for k, issue in enumerate(self.terms.issues):
            index = index * len(self.levels[k]) + self.levels[k].index(values[issue.name])
        return index

    def utilities(self, definition: PartyDefinition) -> FloatArray:
        r"""Every package's utility (0-100) by one definition of winning.

        Notes
        -----
        .. math:: U = \sum_k \hat w_k\, s_k(v_k)

        summed in issue order, rounded to
        :data:`~negotiation_lib.domain.win_win.utilities.UTILITY_DECIMALS` places and clipped
        to [0, 100]: the numbers :func:`~negotiation_lib.domain.win_win.utilities.utility`
        gives each package on its own (Raiffa 1982, additive scoring).
        """
        weights = normalized_weights(definition, self.terms.issues)
        total = np.zeros(self.size)
        for k, issue in enumerate(self.terms.issues):
            if weights[issue.name] == 0:
                part = np.zeros(len(self.levels[k]))
            else:
                scores = [issue_score(definition, issue, v) for v in self.levels[k]]
                part = weights[issue.name] * np.asarray(scores, dtype=np.float64)
            total = total + part[self.codes[:, k]]
        out: FloatArray = np.clip(np.round(total, UTILITY_DECIMALS), 0.0, 100.0)
        return out

    def must_haves(self, definition: PartyDefinition) -> BoolArray:
        """Whether each package meets every must-have of a definition."""
        mask = np.ones(self.size, dtype=np.bool_)
        for k, issue in enumerate(self.terms.issues):
            need = definition.must_haves.get(issue.name)
            if need is None:
                continue
            ok = np.array([_meets(issue, v, need) for v in self.levels[k]], dtype=np.bool_)
            mask &= ok[self.codes[:, k]]
        return mask


def _meets(issue: Issue, value: IssueValue, need: MustHave) -> bool:
    if isinstance(issue, OptionsIssue) or isinstance(value, str):
        return need.allowed is None or value in need.allowed
    low, high = need.min, need.max
    return (low is None or float(value) >= low) and (high is None or float(value) <= high)


def outcome_space(terms: RoomTerms) -> OutcomeSpace:
    """Enumerate every package of a room's issues.

    Examples
    --------
    >>> terms = RoomTerms((NumericIssue(name="price", min=10, max=12, step=1),
    ...                    OptionsIssue(name="w", options=("a", "b"))), price_issue="price")
    >>> space = outcome_space(terms)
    >>> space.size, space.prices.tolist()
    (6, [10.0, 10.0, 11.0, 11.0, 12.0, 12.0])
    """
    levels = tuple(issue_levels(i) for i in terms.issues)
    grid = itertools.product(*(range(len(lv)) for lv in levels))
    codes = np.array(list(grid), dtype=np.intp).reshape(-1, len(levels))
    prices = np.full(codes.shape[0], np.nan)
    names = [i.name for i in terms.issues]
    if terms.price_issue in names:
        k = names.index(terms.price_issue)
        issue = terms.issues[k]
        if isinstance(issue, NumericIssue):
            prices = np.asarray(levels[k], dtype=np.float64)[codes[:, k]]
    return OutcomeSpace(terms, levels, codes, prices)
