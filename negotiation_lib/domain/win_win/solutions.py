"""Bargaining solutions on the frontier, and the assessment of a case's win-win section.

The Nash, Kalai-Smorodinsky and egalitarian points are searched on the Pareto frontier of the
feasible outcomes (:mod:`negotiation_lib.domain.win_win.outcomes`); :func:`assess_win_win`
puts the search, the solutions and the case's scored packages together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from negotiation_lib.domain.case import Issue, Package, PartyDefinition, WinWin
from negotiation_lib.domain.economics import Zopa
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.win_win.outcomes import _outcomes, _search, outcome_count
from negotiation_lib.domain.win_win.results import (
    Improvement,
    Outcome,
    PackageScore,
    WinWinResult,
)
from negotiation_lib.domain.win_win.utilities import (
    TOLERANCE,
    FloatArray,
    IndexArray,
    definition_in_force,
    must_haves_met,
    utility,
)

__all__ = [
    "assess_win_win",
    "best_improvement",
    "egalitarian_points",
    "kalai_smorodinsky_points",
    "nash_points",
]


def _gains(
    seller: npt.ArrayLike, customer: npt.ArrayLike, disagreement: tuple[float, float]
) -> tuple[FloatArray, FloatArray]:
    s = np.asarray(seller, dtype=np.float64).ravel()
    c = np.asarray(customer, dtype=np.float64).ravel()
    return s - disagreement[0], c - disagreement[1]


def nash_points(
    seller: npt.ArrayLike, customer: npt.ArrayLike, disagreement: tuple[float, float]
) -> IndexArray:
    r"""Find the Nash bargaining solution: the points with the largest product of gains.

    Parameters
    ----------
    seller, customer
        Utilities of the candidate points; pass the Pareto frontier of the feasible outcomes.
    disagreement
        The disagreement point :math:`d = (d_s, d_c)`: both parties' reservation utilities.

    Returns
    -------
    numpy.ndarray of int
        Indices of every maximizer (ties within a relative :data:`TOLERANCE`); empty when
        there are no points.

    Notes
    -----
    .. math:: N = \arg\max_{U \ge d}\, (U_s - d_s)(U_c - d_c)

    Gains below zero are counted as zero. When the best product is positive every maximizer
    is Pareto efficient, so searching the frontier loses nothing.

    References
    ----------
    .. [1] J. F. Nash, "The Bargaining Problem", *Econometrica* 18(2), 1950, pp. 155-162.

    Examples
    --------
    A linear frontier :math:`U_c = 100 - U_s` with :math:`d = (0, 0)`: the split is even.

    >>> s = [0, 25, 50, 75, 100]
    >>> nash_points(s, [100 - x for x in s], (0, 0)).tolist()
    [2]
    """
    gain_s, gain_c = _gains(seller, customer, disagreement)
    if gain_s.size == 0:
        return np.zeros(0, dtype=np.intp)
    product = np.maximum(gain_s, 0.0) * np.maximum(gain_c, 0.0)
    best = float(product.max())
    return np.flatnonzero(product >= best - TOLERANCE * max(1.0, best))


def kalai_smorodinsky_points(
    seller: npt.ArrayLike, customer: npt.ArrayLike, disagreement: tuple[float, float]
) -> IndexArray:
    r"""Find the Kalai-Smorodinsky solution: the points nearest the line from d to the ideal.

    Parameters
    ----------
    seller, customer
        Utilities of the candidate points; pass the Pareto frontier of the feasible outcomes.
    disagreement
        The disagreement point :math:`d = (d_s, d_c)`.

    Returns
    -------
    numpy.ndarray of int
        Indices of every point at the smallest distance (ties within :data:`TOLERANCE`).

    Notes
    -----
    The ideal point :math:`I = (\max U_s, \max U_c)` is each party's best utility over the
    given (feasible) points. For a convex set Kalai and Smorodinsky pick the efficient point on
    the segment from :math:`d` to :math:`I`, where each party's gain is the same fraction of
    its ideal gain. A finite outcome space rarely has a point on that segment, so this library
    defines the solution as the point(s) with the smallest perpendicular distance to the line
    through :math:`d` and :math:`I`:

    .. math:: \text{dist}(U) = \frac{|(U_s - d_s)(I_c - d_c) - (U_c - d_c)(I_s - d_s)|}
              {\lVert I - d \rVert}

    Feasible points lie in the box between :math:`d` and :math:`I`, so the foot of the
    perpendicular falls on the segment itself. When :math:`I = d` every point is at distance
    :math:`\lVert U - d \rVert`.

    References
    ----------
    .. [1] E. Kalai and M. Smorodinsky, "Other Solutions to Nash's Bargaining Problem",
       *Econometrica* 43(3), 1975, pp. 513-518.

    Examples
    --------
    >>> s = [0, 25, 50, 75, 100]
    >>> kalai_smorodinsky_points(s, [100 - x for x in s], (0, 0)).tolist()
    [2]
    """
    gain_s, gain_c = _gains(seller, customer, disagreement)
    if gain_s.size == 0:
        return np.zeros(0, dtype=np.intp)
    ideal_s, ideal_c = float(gain_s.max()), float(gain_c.max())
    length = math.hypot(ideal_s, ideal_c)
    if length <= TOLERANCE:
        distance = np.hypot(gain_s, gain_c)
    else:
        distance = np.abs(gain_s * ideal_c - gain_c * ideal_s) / length
    return np.flatnonzero(distance <= float(distance.min()) + TOLERANCE)


def egalitarian_points(
    seller: npt.ArrayLike, customer: npt.ArrayLike, disagreement: tuple[float, float]
) -> IndexArray:
    r"""Find the egalitarian solution: the points whose smaller gain is largest.

    Parameters
    ----------
    seller, customer
        Utilities of the candidate points; pass the Pareto frontier of the feasible outcomes,
        so that only efficient maximizers are reported.
    disagreement
        The disagreement point :math:`d = (d_s, d_c)`.

    Returns
    -------
    numpy.ndarray of int
        Indices of every maximizer (ties within :data:`TOLERANCE`).

    Notes
    -----
    .. math:: E = \arg\max_{U \ge d}\, \min(U_s - d_s,\; U_c - d_c)

    References
    ----------
    .. [1] E. Kalai, "Proportional Solutions to Bargaining Situations: Interpersonal Utility
       Comparisons", *Econometrica* 45(7), 1977, pp. 1623-1630.

    Examples
    --------
    >>> egalitarian_points([10, 40, 60, 90], [90, 60, 40, 10], (0, 0)).tolist()
    [1, 2]
    """
    gain_s, gain_c = _gains(seller, customer, disagreement)
    if gain_s.size == 0:
        return np.zeros(0, dtype=np.intp)
    smaller = np.minimum(gain_s, gain_c)
    return np.flatnonzero(smaller >= float(smaller.max()) - TOLERANCE)


def best_improvement(
    point: tuple[float, float],
    frontier: Sequence[Outcome],
    disagreement: tuple[float, float],
    dominating_count: int | None = None,
) -> Improvement | None:
    r"""Find the best agreement that is better for both parties than a package.

    Parameters
    ----------
    point
        The package's utilities ``(U_s, U_c)``.
    frontier
        The Pareto frontier of the feasible outcomes, by increasing seller utility (as
        :func:`assess_win_win` returns it).
    disagreement
        The walk-away utilities :math:`d = (d_s, d_c)`.
    dominating_count
        How many feasible outcomes dominate the package, when the caller counted them over
        the whole space; else the frontier points that do.

    Returns
    -------
    Improvement or None
        None when no feasible outcome dominates the package.

    Notes
    -----
    Outcome :math:`q` dominates package :math:`p` when :math:`q_s \ge p_s`,
    :math:`q_c \ge p_c` and :math:`q \ne p`. Among the feasible outcomes that dominate
    :math:`p`, the best is the one with the largest Nash product
    :math:`(q_s - d_s)(q_c - d_c)`. Feasible gains are non-negative and the product never
    falls when either gain rises, so some frontier point attains the maximum: every dominating
    outcome is itself dominated by (or equal to) a frontier point, which then dominates
    :math:`p` too. The search therefore runs on the frontier only. Equal products are broken
    by the larger total gain, then the lower seller utility.

    References
    ----------
    .. [1] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982:
       joint gains, moving from an inefficient agreement to the frontier.
    .. [2] J. F. Nash, "The Bargaining Problem", *Econometrica* 18(2), 1950.

    Examples
    --------
    >>> frontier = [Outcome({"x": "a"}, 40.0, 90.0, True), Outcome({"x": "b"}, 70.0, 50.0, True)]
    >>> best_improvement((60.0, 50.0), frontier, (0.0, 0.0)).sentence()
    'both sides gain: the seller +10.0, the customer +0.0'
    >>> best_improvement((70.0, 50.0), frontier, (0.0, 0.0)) is None
    True
    """
    s, c = point
    fs = np.array([o.seller_utility for o in frontier], dtype=np.float64)
    fc = np.array([o.customer_utility for o in frontier], dtype=np.float64)
    better = np.flatnonzero((fs >= s) & (fc >= c) & ((fs > s) | (fc > c)))
    if better.size == 0:
        return None
    product = np.maximum(fs[better] - disagreement[0], 0.0)
    product *= np.maximum(fc[better] - disagreement[1], 0.0)
    best = float(product.max())
    tied = better[product >= best - TOLERANCE * max(1.0, best)]
    total = fs[tied] + fc[tied]
    k = int(tied[np.flatnonzero(total >= float(total.max()) - TOLERANCE)[0]])
    count = int(better.size) if dominating_count is None else dominating_count
    return Improvement(frontier[k], float(fs[k] - s), float(fc[k] - c), count)


def _package_utilities(
    package: Package, issues: Sequence[Issue], seller: PartyDefinition, customer: PartyDefinition
) -> tuple[float, float, bool, bool]:
    values = package.values
    return (
        utility(seller, issues, values),
        utility(customer, issues, values),
        must_haves_met(seller, issues, values),
        must_haves_met(customer, issues, values),
    )


def _score_package(
    package: Package,
    scored: tuple[float, float, bool, bool],
    seller: PartyDefinition,
    customer: PartyDefinition,
    frontier: Sequence[Outcome],
    dominating_count: int,
) -> PackageScore:
    us, uc, ms, mc = scored
    feasible = (
        ms
        and mc
        and us >= seller.reservation_utility - TOLERANCE
        and uc >= customer.reservation_utility - TOLERANCE
    )
    win = (
        feasible
        and us >= seller.win_threshold - TOLERANCE
        and uc >= customer.win_threshold - TOLERANCE
    )
    d = (seller.reservation_utility, customer.reservation_utility)
    improvement = best_improvement((us, uc), frontier, d, dominating_count)
    return PackageScore(
        name=package.name,
        values=dict(package.values),
        seller_utility=us,
        customer_utility=uc,
        seller_must_haves_met=ms,
        customer_must_haves_met=mc,
        feasible=feasible,
        win_win=win,
        pareto_efficient=feasible and improvement is None,
        improvement=improvement,
    )


def assess_win_win(
    win_win: WinWin, *, use_drafts: bool = False, zopa: Zopa | None = None
) -> WinWinResult:
    r"""Score the packages, search the outcome space and find the fair agreements.

    Parameters
    ----------
    win_win
        The win-win section of a case: issues, definitions (drafts and/or seals), packages.
    use_drafts
        Score against the drafts instead of the latest sealed definitions.
    zopa
        The case's zone of possible agreement (from its economics), which open-book price
        scores are read from (:func:`~.utilities.open_book_points`); None without economics.

    Returns
    -------
    WinWinResult
        Packages (each with its best improvement when one exists), Pareto frontier, Nash,
        Kalai-Smorodinsky and egalitarian points, counts, and whether to walk away.

    Raises
    ------
    CaseError
        When a party has no definition, weights nothing, a sealed definition no longer fits
        the issues, scores the price open-book without a ZOPA, or the space is too large (see
        Notes).

    Notes
    -----
    *Outcome space.* Every combination of issue levels (:func:`issue_levels`). A must-have
    is a condition on one issue, so levels that break either party's must-haves are dropped
    issue by issue first; the rest are enumerated exactly with NumPy: each issue contributes a
    vector :math:`\hat w_k s_k(\cdot)` per party, and broadcasting adds them into every
    combination's utility. Up to :data:`CHUNK_OUTCOMES` combinations are handled in one go;
    larger spaces are enumerated in chunks of that size, each chunk's frontier is kept, and the
    frontier of their union is taken (the frontier of a union equals the frontier of the union
    of the parts' frontiers). Beyond :data:`MAX_OUTCOMES` combinations the search stops with a
    :class:`CaseError` that advises coarser steps.

    *Frontier and solutions.* Feasible: :math:`U_i \ge d_i` with :math:`d_i` the reservation
    utilities. The frontier is taken over the feasible outcomes
    (:func:`pareto_efficient_mask`); Nash, Kalai-Smorodinsky and egalitarian points are
    searched on it (:func:`nash_points`, :func:`kalai_smorodinsky_points`,
    :func:`egalitarian_points`), all ties kept. A package is Pareto efficient when no feasible
    outcome dominates it; otherwise its improvement is the dominating feasible outcome with
    the largest Nash product (:func:`best_improvement`), with the number of feasible outcomes
    that dominate it counted during the enumeration. When nothing is feasible the solutions
    are empty and the result recommends walking away.

    References
    ----------
    .. [1] J. F. Nash, "The Bargaining Problem", *Econometrica* 18(2), 1950.
    .. [2] E. Kalai and M. Smorodinsky, "Other Solutions to Nash's Bargaining Problem",
       *Econometrica* 43(3), 1975.
    .. [3] H. Raiffa, J. Richardson and D. Metcalfe, *Negotiation Analysis*, Harvard
       University Press, 2002: the efficient frontier of a two-party negotiation.

    Examples
    --------
    >>> from negotiation_lib.domain.case import MustHave, NumericIssue, OptionsIssue, Package
    >>> issues = (NumericIssue(name="price", min=300, max=320, step=10),
    ...           OptionsIssue(name="warranty", options=("none", "6m", "1y", "2y")))
    >>> seller = PartyDefinition(
    ...     weights={"price": 0.7, "warranty": 0.3},
    ...     scores={"price": ((300, 0), (320, 100)),
    ...             "warranty": {"none": 100, "6m": 80, "1y": 50, "2y": 0}},
    ...     must_haves={"price": MustHave(min=305)}, win_threshold=60, reservation_utility=30)
    >>> customer = PartyDefinition(
    ...     weights={"price": 0.5, "warranty": 0.5},
    ...     scores={"price": ((300, 100), (320, 0)),
    ...             "warranty": {"none": 0, "6m": 40, "1y": 80, "2y": 100}},
    ...     must_haves={"warranty": MustHave(allowed=("6m", "1y", "2y"))},
    ...     win_threshold=50, reservation_utility=20)
    >>> ww = WinWin(issues=issues, seller=seller, customer=customer,
    ...             packages=(Package(name="A", values={"price": 310, "warranty": "1y"}),))
    >>> r = assess_win_win(ww)
    >>> r.outcome_count, len(r.frontier)
    (12, 5)
    >>> [(o.seller_utility, o.customer_utility) for o in r.nash]
    [(70.0, 50.0)]
    >>> r.packages[0].seller_utility, r.packages[0].customer_utility, r.packages[0].win_win
    (50.0, 65.0, False)
    """
    if not win_win.issues:
        raise CaseError.at("win_win.issues", "List at least one issue to negotiate.")
    seller = definition_in_force(win_win, "seller", use_draft=use_drafts, zopa=zopa)
    customer = definition_in_force(win_win, "customer", use_draft=use_drafts, zopa=zopa)
    s_def, c_def = seller.definition, customer.definition
    issues = win_win.issues
    scored = [_package_utilities(p, issues, s_def, c_def) for p in win_win.packages]
    points = np.array([(row[0], row[1]) for row in scored], dtype=np.float64).reshape(-1, 2)
    search = _search(issues, s_def, c_def, points)
    frontier = _outcomes(search, s_def, c_def)
    d = (s_def.reservation_utility, c_def.reservation_utility)

    def pick(indices: IndexArray) -> tuple[Outcome, ...]:
        return tuple(frontier[k] for k in indices.tolist())

    ideal = (float(search.seller.max()), float(search.customer.max())) if frontier else None
    return WinWinResult(
        packages=tuple(
            _score_package(p, row, s_def, c_def, frontier, int(count))
            for p, row, count in zip(win_win.packages, scored, search.dominating, strict=True)
        ),
        frontier=tuple(frontier),
        nash=pick(nash_points(search.seller, search.customer, d)),
        kalai_smorodinsky=pick(kalai_smorodinsky_points(search.seller, search.customer, d)),
        egalitarian=pick(egalitarian_points(search.seller, search.customer, d)),
        outcome_count=outcome_count(issues),
        candidate_count=search.candidate_count,
        feasible_count=search.feasible_count,
        win_win_count=search.win_win_count,
        disagreement=d,
        ideal=ideal,
        recommend_walk_away=search.reason is not None,
        walk_away_reason=search.reason,
        seller_version=seller.version,
        customer_version=customer.version,
    )
