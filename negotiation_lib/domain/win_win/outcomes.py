"""The outcome space: every combination of issue levels, searched for its Pareto frontier.

The space is enumerated exactly with NumPy, chunk by chunk when it is large
(:data:`CHUNK_OUTCOMES` at once, :data:`MAX_OUTCOMES` at most). Only the frontier of the
feasible outcomes is kept, with the counts of candidates, feasible and win-win outcomes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from negotiation_lib.domain.case import Issue, OptionsIssue, PartyDefinition
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.win_win.results import Outcome
from negotiation_lib.domain.win_win.utilities import (
    TOLERANCE,
    UTILITY_DECIMALS,
    BoolArray,
    FloatArray,
    IssueValue,
    _contributions,
    _exact,
    _finish,
    _must_have_mask,
    _numeric_levels,
    describe_must_have,
    normalized_weights,
)

__all__ = ["CHUNK_OUTCOMES", "MAX_OUTCOMES", "outcome_count", "pareto_efficient_mask"]

CHUNK_OUTCOMES = 2**20
"""Outcomes enumerated at once (about a million); larger spaces are searched chunk by chunk."""

MAX_OUTCOMES = 2**25
"""Most outcomes searched (about 33.5 million, counting only those that meet every must-have)."""


def outcome_count(issues: Sequence[Issue]) -> int:
    r"""Count the outcomes in the space: the product of the issues' level counts.

    Parameters
    ----------
    issues
        The issues of the case.

    Returns
    -------
    int
        :math:`\prod_k n_k` with :math:`n_k` the number of levels of issue :math:`k`
        (:func:`issue_levels`); an exact Python integer, however large.

    Examples
    --------
    >>> from negotiation_lib.domain.case import NumericIssue
    >>> outcome_count((NumericIssue(name="price", min=300, max=320, step=10),
    ...                OptionsIssue(name="warranty", options=("none", "6m", "1y", "2y"))))
    12
    """
    return math.prod(_level_count(i) for i in issues)


def _level_count(issue: Issue) -> int:
    if isinstance(issue, OptionsIssue):
        return len(issue.options)
    return int(_numeric_levels(issue).size)


def pareto_efficient_mask(seller: npt.ArrayLike, customer: npt.ArrayLike) -> BoolArray:
    r"""Which points are Pareto efficient: not dominated by any other point of the set.

    Parameters
    ----------
    seller, customer
        Utilities of the points, one entry per point.

    Returns
    -------
    numpy.ndarray of bool
        True for the efficient points. Equal points are all efficient (or all not).

    Notes
    -----
    Point :math:`q` dominates :math:`p` when :math:`q_s \ge p_s`, :math:`q_c \ge p_c` and
    :math:`q \ne p`. Utilities are first rounded to :data:`UTILITY_DECIMALS` places so float
    noise does not break ties; comparisons are then exact, so dominance is transitive.

    The method sorts by seller utility, highest first, in :math:`O(n \log n)`. Within a
    group of equal seller utility only the highest customer utility can be efficient, and it
    is efficient exactly when it beats the best customer utility of every group with a higher
    seller utility (a running maximum).

    References
    ----------
    .. [1] H. T. Kung, F. Luccio and F. P. Preparata, "On finding the maxima of a set of
       vectors", *Journal of the ACM* 22(4), 1975, pp. 469-476.

    Examples
    --------
    >>> pareto_efficient_mask([94, 85, 70, 59, 70], [20, 40, 50, 45, 50]).tolist()
    [True, True, True, False, True]
    """
    s = np.round(np.asarray(seller, dtype=np.float64).ravel(), UTILITY_DECIMALS)
    c = np.round(np.asarray(customer, dtype=np.float64).ravel(), UTILITY_DECIMALS)
    if s.shape != c.shape:
        raise CaseError.at("customer", "Give one customer utility per seller utility.")
    out = np.zeros(s.size, dtype=np.bool_)
    if s.size == 0:
        return out
    order = np.argsort(-s, kind="stable")
    s_sorted, c_sorted = s[order], c[order]
    starts_group = np.empty(s.size, dtype=np.bool_)
    starts_group[0] = True
    np.not_equal(s_sorted[1:], s_sorted[:-1], out=starts_group[1:])
    group_best = np.maximum.reduceat(c_sorted, np.flatnonzero(starts_group))
    better_groups_best = np.empty_like(group_best)
    better_groups_best[0] = -np.inf
    better_groups_best[1:] = np.maximum.accumulate(group_best)[:-1]
    group = np.cumsum(starts_group) - 1
    out[order] = (c_sorted == group_best[group]) & (group_best[group] > better_groups_best[group])
    return out


@dataclass(frozen=True, slots=True)
class _IssueGrid:
    """One issue's levels that meet both parties' must-haves, and what each is worth."""

    issue: Issue
    levels: FloatArray | tuple[str, ...]
    seller: FloatArray
    customer: FloatArray


@dataclass(frozen=True, slots=True)
class _Search:
    grids: tuple[_IssueGrid, ...]
    ids: npt.NDArray[np.int64]
    seller: FloatArray
    customer: FloatArray
    candidate_count: int
    feasible_count: int
    win_win_count: int
    reason: str | None
    dominating: npt.NDArray[np.int64]


def _dominating_counts(
    seller: FloatArray, customer: FloatArray, points: FloatArray
) -> npt.NDArray[np.int64]:
    # For each point (a package), how many of the given outcomes dominate it: at least as
    # good for both parties and better for one. Few packages, many outcomes: loop on the
    # packages, vectorize over the outcomes.
    out = np.zeros(len(points), dtype=np.int64)
    for k, (s, c) in enumerate(points.tolist()):
        at_least = (seller >= s) & (customer >= c)
        out[k] = np.count_nonzero(at_least & ((seller > s) | (customer > c)))
    return out


def _grids(
    issues: Sequence[Issue], seller: PartyDefinition, customer: PartyDefinition
) -> tuple[tuple[_IssueGrid, ...], str | None]:
    ws, wc = normalized_weights(seller, issues), normalized_weights(customer, issues)
    grids: list[_IssueGrid] = []
    for issue in issues:
        levels: FloatArray | tuple[str, ...] = (
            issue.options if isinstance(issue, OptionsIssue) else _numeric_levels(issue)
        )
        allowed = _must_have_mask(seller.must_haves.get(issue.name), issue, levels)
        allowed &= _must_have_mask(customer.must_haves.get(issue.name), issue, levels)
        if not allowed.any():
            wants = [
                f"the {who} needs {describe_must_have(m)}"
                for who, m in (
                    ("seller", seller.must_haves.get(issue.name)),
                    ("customer", customer.must_haves.get(issue.name)),
                )
                if m is not None
            ]
            return (), (
                f"No value of '{issue.display_name}' meets both parties' must-haves "
                f"({' and '.join(wants)}), so no agreement can satisfy both sides. "
                "Walk away to your best alternative, or reopen the must-haves together."
            )
        kept: FloatArray | tuple[str, ...]
        if isinstance(levels, tuple):
            kept = tuple(o for o, ok in zip(levels, allowed.tolist(), strict=True) if ok)
        else:
            kept = levels[allowed]
        grids.append(
            _IssueGrid(
                issue,
                kept,
                _contributions(seller, ws, issue, kept),
                _contributions(customer, wc, issue, kept),
            )
        )
    return tuple(grids), None


def _add_issue(partial: FloatArray, contributions: FloatArray) -> FloatArray:
    # Every combination of the partial sums with the issue's levels, in C order (the new
    # issue varies fastest): the sum runs left to right in issue order, like utility().
    return (partial[:, np.newaxis] + contributions[np.newaxis, :]).ravel()


def _search(
    issues: Sequence[Issue],
    seller: PartyDefinition,
    customer: PartyDefinition,
    packages: FloatArray | None = None,
) -> _Search:
    # ``packages``: an (m, 2) array of package utilities (seller, customer), whose dominating
    # feasible outcomes are counted on the way.
    points = np.zeros((0, 2)) if packages is None else np.asarray(packages, dtype=np.float64)
    grids, reason = _grids(issues, seller, customer)
    empty_ids = np.zeros(0, dtype=np.int64)
    dominating = np.zeros(len(points), dtype=np.int64)
    if reason is not None:
        return _Search((), empty_ids, np.zeros(0), np.zeros(0), 0, 0, 0, reason, dominating)
    sizes = [len(g.levels) for g in grids]
    candidates = math.prod(sizes)
    if candidates > MAX_OUTCOMES:
        raise CaseError.at(
            "win_win.issues",
            f"The outcome space has {candidates:,} agreements that meet both parties' "
            f"must-haves, more than the {MAX_OUTCOMES:,} this workbook searches exactly. "
            "Coarsen the numeric issues (use a larger step) or drop an issue that matters "
            "little to either side.",
        )
    # Split the issues into a leading part, whose partial sums are listed once, and a
    # trailing block of at most CHUNK_OUTCOMES combinations that is broadcast onto a slice of
    # those partial sums at a time.
    split = len(grids)
    while split > 0 and math.prod(sizes[split - 1 :]) <= CHUNK_OUTCOMES:
        split -= 1
    block = math.prod(sizes[split:])
    lead_s, lead_c = np.zeros(1), np.zeros(1)
    for g in grids[:split]:
        lead_s, lead_c = _add_issue(lead_s, g.seller), _add_issue(lead_c, g.customer)
    per_chunk = max(1, CHUNK_OUTCOMES // block)
    d_s, d_c = seller.reservation_utility - TOLERANCE, customer.reservation_utility - TOLERANCE
    t_s, t_c = seller.win_threshold - TOLERANCE, customer.win_threshold - TOLERANCE
    found_ids: list[npt.NDArray[np.int64]] = []
    found_s: list[FloatArray] = []
    found_c: list[FloatArray] = []
    feasible_count = win_win_count = 0
    for start in range(0, lead_s.size, per_chunk):
        us, uc = lead_s[start : start + per_chunk], lead_c[start : start + per_chunk]
        for g in grids[split:]:
            us, uc = _add_issue(us, g.seller), _add_issue(uc, g.customer)
        us, uc = _finish(us), _finish(uc)
        feasible = np.flatnonzero((us >= d_s) & (uc >= d_c))
        fs, fc = us[feasible], uc[feasible]
        feasible_count += int(feasible.size)
        dominating += _dominating_counts(fs, fc, points)
        win_win_count += int(np.count_nonzero((fs >= t_s) & (fc >= t_c)))
        efficient = pareto_efficient_mask(fs, fc)
        found_ids.append(feasible[efficient].astype(np.int64) + start * block)
        found_s.append(fs[efficient])
        found_c.append(fc[efficient])
    ids, fs, fc = np.concatenate(found_ids), np.concatenate(found_s), np.concatenate(found_c)
    if len(found_ids) > 1:
        # The frontier of a union is the frontier of the union of the parts' frontiers.
        efficient = pareto_efficient_mask(fs, fc)
        ids, fs, fc = ids[efficient], fs[efficient], fc[efficient]
    order = np.lexsort((ids, fs))
    if feasible_count == 0:
        reason = (
            "Every agreement that meets both parties' must-haves leaves at least one side "
            f"below its walk-away utility (the seller needs {_exact(seller.reservation_utility)}, "
            f"the customer {_exact(customer.reservation_utility)}), so no agreement beats walking "
            "away for both. Walk away to your best alternative, or look for new issues that "
            "create value."
        )
    return _Search(
        grids,
        ids[order],
        fs[order],
        fc[order],
        candidates,
        feasible_count,
        win_win_count,
        reason,
        dominating,
    )


def _outcomes(search: _Search, seller: PartyDefinition, customer: PartyDefinition) -> list[Outcome]:
    if search.ids.size == 0:
        return []
    sizes = tuple(len(g.levels) for g in search.grids)
    columns: list[list[IssueValue]] = []
    for g, index in zip(search.grids, np.unravel_index(search.ids, sizes), strict=True):
        if isinstance(g.levels, tuple):
            columns.append([g.levels[k] for k in index.tolist()])
        else:
            columns.append([float(x) for x in g.levels[index]])
    names = [g.issue.name for g in search.grids]
    t_s, t_c = seller.win_threshold - TOLERANCE, customer.win_threshold - TOLERANCE
    return [
        Outcome(dict(zip(names, row, strict=True)), s, c, s >= t_s and c >= t_c)
        for row, s, c in zip(
            zip(*columns, strict=True),
            search.seller.tolist(),
            search.customer.tolist(),
            strict=True,
        )
    ]
