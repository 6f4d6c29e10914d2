"""Win-win utilities: what an agreement is worth to each party, and whether it is a deal.

Each party states what winning looks like (weights, scores, must-haves, a win threshold and a
walk-away utility). This module turns one agreement into numbers for a party: the
*utility* on a 0-100 scale, whether its *must-haves* hold, and whether the agreement is
*feasible* (both parties' must-haves hold and both utilities reach their walk-away
utilities) and *win-win* (feasible, and both reach their win thresholds).

Scoring uses each party's latest *sealed* definition when there is one, so that a definition
changed after it was shared does not silently move the goalposts; callers may ask for the
drafts instead.

A party may score the issue that sets the price ``"open_book"``: its score is then read off the
open book, the price's place in the zone of possible agreement (ZOPA) of the case's economics
(:func:`open_book_points`). The definition in force carries those scores as ordinary points,
so every function below scores it like any other.

Numerical conventions (they make ties exact and results reproducible):

* Utilities are rounded to :data:`UTILITY_DECIMALS` (9) decimal places and clipped to
  [0, 100], so that float noise from summing weighted scores does not split ties; all
  comparisons between utilities are then exact.
* Comparisons of a utility with a threshold or walk-away utility allow :data:`TOLERANCE`.
* Numeric issue levels are ``min + k·step`` rounded to 12 significant digits (so a step of
  0.1 gives 0.3, not 0.30000000000000004); ``max`` is a level when it lands on the grid.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from negotiation_lib.domain.case import (
    OPEN_BOOK,
    Issue,
    MustHave,
    NumericIssue,
    OptionsIssue,
    PartyDefinition,
    ScoreCurve,
    WinWin,
    win_win_problems,
)
from negotiation_lib.domain.economics import Zopa
from negotiation_lib.domain.errors import CaseError, Problem
from negotiation_lib.formatting import MINUS, number

__all__ = [
    "TOLERANCE",
    "UTILITY_DECIMALS",
    "BoolArray",
    "DefinitionInForce",
    "FloatArray",
    "IndexArray",
    "IssueValue",
    "Party",
    "definition_in_force",
    "describe_must_have",
    "is_feasible",
    "is_win_win",
    "issue_levels",
    "issue_score",
    "must_haves_met",
    "normalized_weights",
    "open_book_definition",
    "open_book_points",
    "scored_open_book",
    "utility",
]

Party = Literal["seller", "customer"]
"""Which side of the negotiation."""

IssueValue = float | str
"""The value an agreement gives one issue: a number or the name of an option."""

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IndexArray = npt.NDArray[np.intp]

UTILITY_DECIMALS = 9
"""Utilities are rounded to this many decimal places before they are compared."""

TOLERANCE = 1e-9
"""Slack when a utility is compared with a threshold, and between tied solution values."""

_SIGNIFICANT_DIGITS = 12


def _exact(x: float) -> str:
    # A value the user typed (a level, a bound, a threshold) shown to 12 significant digits,
    # so 0.15 stays 0.15 and grid noise never shows, in the workbook's one number style
    # (thousands separators, the true minus sign).
    if not math.isfinite(x):
        return number(x)
    text = f"{x:.{_SIGNIFICANT_DIGITS}g}"
    if "e" in text:  # too large or too small to write out: keep the exponent
        return text.replace("-", MINUS)
    return number(x, len(text.partition(".")[2]))


# --------------------------------------------------------------------------- definitions


@dataclass(frozen=True, slots=True)
class DefinitionInForce:
    """The definition of winning that scoring uses for one party.

    Attributes
    ----------
    party
        ``"seller"`` or ``"customer"``.
    definition
        The definition itself, with any open-book score replaced by its points
        (:func:`open_book_points`), ready to score.
    version
        The sealed version number, or ``None`` when the draft is used.
    open_book
        The issues the party scores open-book (at most the price issue).
    """

    party: Party
    definition: PartyDefinition
    version: int | None
    open_book: tuple[str, ...] = ()


def open_book_points(party: Party, zopa: Zopa) -> ScoreCurve:
    r"""Return the score points of an open-book price score: the price's place in the ZOPA.

    Parameters
    ----------
    party
        ``"seller"`` or ``"customer"``.
    zopa
        The case's zone of possible agreement; it must exist and have some width.

    Returns
    -------
    tuple of (price, score)
        ``((floor, 0), (ceiling, 100))`` for the seller, ``((floor, 100), (ceiling, 0))`` for
        the customer; interpolated linearly and held flat beyond the ends like any points.

    Raises
    ------
    CaseError
        At ``economics`` when no ZOPA exists or its floor equals its ceiling.

    Notes
    -----
    With the linear interpolation of :func:`issue_score` these points give exactly

    .. math::

        s_S(P) = \operatorname{clip}\left(100\,\frac{P - floor}{ceiling - floor}, 0, 100\right),
        \qquad s_C(P) = 100 - s_S(P)

    The seller's score is then 100 times its share of the gain over both BATNAs
    (:func:`negotiation_lib.domain.economics.seller_share`), so with equal weights and equal
    walk-away utilities the Nash point of a price-only negotiation is the fair price of a
    fair share of 0.5: the bargaining points and the fair price tell one story.

    References
    ----------
    .. [1] C. H. Green, "Trust-based negotiation": share the economic model, and let the price
       follow from the value each side gains.
    .. [2] J. F. Nash, "The Bargaining Problem", *Econometrica* 18(2), 1950.

    Examples
    --------
    >>> zone = Zopa(floor_per_unit=9000.0, ceiling_per_unit=13000.0, exists=True)
    >>> open_book_points("seller", zone), open_book_points("customer", zone)
    (((9000.0, 0.0), (13000.0, 100.0)), ((9000.0, 100.0), (13000.0, 0.0)))
    """
    floor, ceiling = zopa.floor_per_unit, zopa.ceiling_per_unit
    if not (zopa.exists and ceiling > floor):
        raise CaseError.at(
            "economics",
            "Open-book scores read the price's place between the seller's floor and the "
            f"customer's ceiling, but here the floor ({_exact(floor)}) is not below the ceiling "
            f"({_exact(ceiling)}): there is no zone of possible agreement to score against.",
        )
    low, high = (0.0, 100.0) if party == "seller" else (100.0, 0.0)
    return ((float(floor), low), (float(ceiling), high))


def open_book_definition(
    definition: PartyDefinition, party: Party, zopa: Zopa | None, path: str = ""
) -> tuple[PartyDefinition, tuple[str, ...]]:
    """Replace a definition's open-book scores by their points, ready to score.

    Parameters
    ----------
    definition
        A party's definition of winning.
    party
        Whose it is.
    zopa
        The case's ZOPA; None when the case has no economics yet.
    path
        Where the definition sits in the case (``"win_win.seller"``), for problems.

    Returns
    -------
    tuple
        The definition with points in place of ``"open_book"``, and the issues that were
        scored open-book (the same definition and ``()`` when none is).

    Raises
    ------
    CaseError
        At ``{path}.scores.{issue}`` when an issue is scored open-book but the case has no
        economics, or no ZOPA with some width, to score it against.

    Examples
    --------
    >>> d = PartyDefinition(weights={"price": 1}, scores={"price": "open_book"})
    >>> zone = Zopa(floor_per_unit=100.0, ceiling_per_unit=140.0, exists=True)
    >>> open_book_definition(d, "seller", zone)[0].scores
    {'price': ((100.0, 0.0), (140.0, 100.0))}
    """
    names = tuple(k for k, v in definition.scores.items() if v == OPEN_BOOK)
    if not names:
        return definition, ()
    where = f"{path}.scores.{names[0]}" if path else f"scores.{names[0]}"
    if zopa is None:
        raise CaseError.at(
            where,
            f"'{names[0]}' is scored open-book, from the price's place between the seller's "
            "floor and the customer's ceiling: fill in the value and economics sections so "
            "that the workbook knows them, or give the issue points of its own.",
        )
    try:
        points = open_book_points(party, zopa)
    except CaseError as err:
        raise CaseError([Problem(where, p.message) for p in err.problems]) from err
    scores = {**definition.scores, **dict.fromkeys(names, points)}
    return definition.model_copy(update={"scores": scores}), names


def scored_open_book(win_win: WinWin) -> bool:
    """Tell whether any definition of the section, draft or sealed, scores an issue open-book.

    Examples
    --------
    >>> scored_open_book(WinWin())
    False
    """
    definitions = [win_win.seller, win_win.customer]
    definitions += [s.definition for s in (*win_win.seals.seller, *win_win.seals.customer)]
    return any(
        d is not None and any(v == OPEN_BOOK for v in d.scores.values()) for d in definitions
    )


def definition_in_force(
    win_win: WinWin, party: Party, *, use_draft: bool = False, zopa: Zopa | None = None
) -> DefinitionInForce:
    """Return the definition of winning that scores a party: the latest seal, else the draft.

    Parameters
    ----------
    win_win
        The win-win section of a case.
    party
        ``"seller"`` or ``"customer"``.
    use_draft
        Prefer the draft (``win_win.seller`` / ``win_win.customer``) over the seals; the latest
        seal is still used when there is no draft.
    zopa
        The case's zone of possible agreement, which open-book price scores are read from
        (:func:`open_book_definition`); None when the case has no economics.

    Returns
    -------
    DefinitionInForce
        The definition (open-book scores turned into points) and its sealed version (``None``
        for the draft).

    Raises
    ------
    CaseError
        When the party has neither a draft nor a seal, when a sealed definition no longer
        matches the list of issues, when it weights no issue, or when it scores the price
        open-book without a ZOPA to read the scores from.

    Notes
    -----
    A definition is shared by sealing it; later changes are amendments. Scoring against the
    sealed version keeps a party from quietly moving the goalposts once the other side has
    seen them.

    Examples
    --------
    >>> from negotiation_lib.domain.case import OptionsIssue
    >>> draft = PartyDefinition(weights={"w": 1}, scores={"w": {"a": 100, "b": 0}})
    >>> ww = WinWin(issues=(OptionsIssue(name="w", options=("a", "b")),), seller=draft)
    >>> definition_in_force(ww, "seller").version is None
    True
    """
    draft = win_win.seller if party == "seller" else win_win.customer
    sealed = win_win.seals.seller if party == "seller" else win_win.seals.customer
    if draft is not None and (use_draft or not sealed):
        chosen = DefinitionInForce(party, draft, None)
        path = f"win_win.{party}"
    elif sealed:
        latest = sealed[-1]
        chosen = DefinitionInForce(party, latest.definition, latest.version)
        path = f"win_win.seals.{party}[{len(sealed) - 1}].definition"
        problems = win_win_problems(
            win_win.issues,
            latest.definition if party == "seller" else None,
            latest.definition if party == "customer" else None,
            (),
            win_win.price_issue,
        )
        if problems:
            raise CaseError(
                [
                    Problem(
                        path + p.path.removeprefix(party),
                        f"Sealed version {latest.version}: {p.message}",
                    )
                    for p in problems
                ]
            )
    else:
        raise CaseError.at(
            f"win_win.{party}",
            f"The {party} has not said yet what winning looks like: fill in the {party}'s "
            "weights, scores and thresholds.",
        )
    if sum(chosen.definition.weights.get(i.name, 0.0) for i in win_win.issues) <= 0:
        raise CaseError.at(
            f"{path}.weights",
            f"The {party} has not weighted any issue yet: give at least one issue a weight.",
        )
    definition, names = open_book_definition(chosen.definition, party, zopa, path)
    return DefinitionInForce(party, definition, chosen.version, names)


def normalized_weights(definition: PartyDefinition, issues: Sequence[Issue]) -> dict[str, float]:
    r"""Each issue's weight divided by the sum of the weights (unweighted issues get 0).

    Parameters
    ----------
    definition
        A party's definition.
    issues
        The issues of the case.

    Returns
    -------
    dict of str to float
        Weight per issue name, in issue order, summing to 1.

    Raises
    ------
    CaseError
        When no issue has a weight above zero.

    Notes
    -----
    .. math:: \hat w_k = w_k / \sum_j w_j

    Examples
    --------
    >>> from negotiation_lib.domain.case import OptionsIssue
    >>> issues = (OptionsIssue(name="a", options=("x",)), OptionsIssue(name="b", options=("x",)))
    >>> normalized_weights(PartyDefinition(weights={"a": 3, "b": 1}), issues)
    {'a': 0.75, 'b': 0.25}
    """
    raw = {i.name: definition.weights.get(i.name, 0.0) for i in issues}
    total = sum(raw.values())
    if total <= 0:
        raise CaseError.at("weights", "Give at least one issue a weight above zero.")
    return {name: w / total for name, w in raw.items()}


# --------------------------------------------------------------------------- levels and scores


def _decimals(issue: NumericIssue) -> int:
    scale = max(abs(issue.min), abs(issue.max), 1.0)
    by_scale = _SIGNIFICANT_DIGITS - math.ceil(math.log10(scale))
    by_step = 3 - math.floor(math.log10(issue.step))
    return max(by_scale, by_step)


def _numeric_levels(issue: NumericIssue) -> FloatArray:
    count = math.floor((issue.max - issue.min) / issue.step + 1e-9) + 1
    raw = issue.min + issue.step * np.arange(count, dtype=np.float64)
    # Clipping keeps the rounded ends inside the bounds exactly as the user typed them.
    return np.clip(np.round(raw, _decimals(issue)), issue.min, issue.max)


def issue_levels(issue: Issue) -> tuple[IssueValue, ...]:
    r"""List the levels an issue can take in the outcome space.

    Parameters
    ----------
    issue
        A numeric or an options issue.

    Returns
    -------
    tuple
        The options, in order; or ``min, min + step, …`` up to ``max``.

    Notes
    -----
    Numeric levels are :math:`x_k = \min + k\,\text{step}` for
    :math:`k = 0 … \lfloor(\max-\min)/\text{step} + 10^{-9}\rfloor`: ``max`` is a level when
    it lands on the grid (within a billionth of a step) and is left out otherwise. Each level
    is rounded to 12 significant digits of the larger bound (more if the step needs them), so
    that decimal steps give the decimal values a person would type.

    Examples
    --------
    >>> issue_levels(NumericIssue(name="price", min=300, max=320, step=10))
    (300.0, 310.0, 320.0)
    >>> issue_levels(NumericIssue(name="rate", min=0, max=0.3, step=0.1))
    (0.0, 0.1, 0.2, 0.3)
    >>> issue_levels(NumericIssue(name="days", min=0, max=25, step=10))
    (0.0, 10.0, 20.0)
    """
    if isinstance(issue, OptionsIssue):
        return tuple(issue.options)
    return tuple(float(x) for x in _numeric_levels(issue))


def _scores_of(
    definition: PartyDefinition, issue: Issue, levels: FloatArray | Sequence[str]
) -> FloatArray:
    curve = definition.scores.get(issue.name)
    count = len(levels)
    if curve is None:
        return np.zeros(count)
    if curve == OPEN_BOOK:
        raise CaseError.at(
            f"scores.{issue.name}",
            f"'{issue.display_name}' is scored open-book: score the definition in force "
            "(definition_in_force with the case's zone of possible agreement), whose scores "
            "are read off the open book.",
        )
    if isinstance(curve, dict):
        return np.array([curve[str(level)] for level in levels], dtype=np.float64)
    xs = np.array([p[0] for p in curve], dtype=np.float64)
    ys = np.array([p[1] for p in curve], dtype=np.float64)
    return np.interp(np.asarray(levels, dtype=np.float64), xs, ys)


def issue_score(definition: PartyDefinition, issue: Issue, value: IssueValue) -> float:
    r"""Score one value of one issue for a party, from 0 to 100 (0 when it is not scored).

    Parameters
    ----------
    definition
        The party's definition.
    issue
        The issue.
    value
        An option of an options issue, or a number for a numeric issue.

    Returns
    -------
    float
        The option's score, or for a numeric issue the score points interpolated linearly
        and held flat beyond the first and last point.

    Notes
    -----
    For points :math:`(x_1, s_1) … (x_m, s_m)` with :math:`x_j \le x \le x_{j+1}`,

    .. math:: s(x) = s_j + (s_{j+1} - s_j)\,\frac{x - x_j}{x_{j+1} - x_j},

    :math:`s(x) = s_1` below :math:`x_1` and :math:`s_m` above :math:`x_m` (``numpy.interp``).

    Examples
    --------
    >>> d = PartyDefinition(weights={"price": 1}, scores={"price": ((300, 0), (320, 100))})
    >>> price = NumericIssue(name="price", min=290, max=330, step=5)
    >>> issue_score(d, price, 305), issue_score(d, price, 290), issue_score(d, price, 330)
    (25.0, 0.0, 100.0)
    """
    return float(_scores_of(definition, issue, _as_levels(issue, value, "value"))[0])


def _as_levels(issue: Issue, value: IssueValue, path: str) -> FloatArray | tuple[str]:
    if isinstance(issue, OptionsIssue):
        if not isinstance(value, str) or value not in issue.options:
            raise CaseError.at(path, f"{value!r} is not an option of '{issue.display_name}'.")
        return (value,)
    if isinstance(value, str) or not math.isfinite(value):
        raise CaseError.at(path, f"Enter a number for '{issue.display_name}' (it is {value!r}).")
    return np.array([value], dtype=np.float64)


def _contributions(
    definition: PartyDefinition,
    weights: Mapping[str, float],
    issue: Issue,
    levels: FloatArray | Sequence[str],
) -> FloatArray:
    weight = weights[issue.name]
    if weight == 0:
        return np.zeros(len(levels))
    return weight * _scores_of(definition, issue, levels)


def _finish(total: FloatArray) -> FloatArray:
    return np.clip(np.round(total, UTILITY_DECIMALS), 0.0, 100.0)


def _must_have_mask(
    must_have: MustHave | None, issue: Issue, levels: FloatArray | Sequence[str]
) -> BoolArray:
    if must_have is None:
        return np.ones(len(levels), dtype=np.bool_)
    if isinstance(issue, OptionsIssue):
        allowed = set(must_have.allowed or ())
        return np.array([level in allowed for level in levels], dtype=np.bool_)
    x = np.asarray(levels, dtype=np.float64)
    mask = np.ones(x.size, dtype=np.bool_)
    if must_have.min is not None:
        mask &= x >= must_have.min
    if must_have.max is not None:
        mask &= x <= must_have.max
    return mask


def _package_levels(
    issues: Sequence[Issue], values: Mapping[str, IssueValue]
) -> list[FloatArray | tuple[str]]:
    out: list[FloatArray | tuple[str]] = []
    for issue in issues:
        if issue.name not in values:
            raise CaseError.at(f"values.{issue.name}", f"No value for '{issue.name}'.")
        out.append(_as_levels(issue, values[issue.name], f"values.{issue.name}"))
    return out


def utility(
    definition: PartyDefinition, issues: Sequence[Issue], values: Mapping[str, IssueValue]
) -> float:
    r"""Compute a party's utility of an agreement, from 0 to 100.

    Parameters
    ----------
    definition
        The party's definition of winning.
    issues
        The issues of the case (the agreement must give each a value).
    values
        Issue name to value.

    Returns
    -------
    float
        :math:`U = \sum_k \hat w_k\, s_k(v_k)`, rounded to :data:`UTILITY_DECIMALS` places.

    Raises
    ------
    CaseError
        When an issue has no value, or a value of the wrong kind.

    Notes
    -----
    .. math:: U = \sum_k \hat w_k\, s_k(v_k), \qquad \hat w_k = w_k / \sum_j w_j

    with :math:`s_k` the party's score of issue :math:`k` (see :func:`issue_score`). Scores lie
    in [0, 100] and the normalized weights sum to 1, so :math:`U \in [0, 100]`. The sum is
    taken in issue order, exactly as the outcome-space enumeration takes it, so an agreement
    on the grid gets the same utility both ways.

    References
    ----------
    .. [1] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982:
       additive scoring systems for multi-issue negotiations.

    Examples
    --------
    The seller of the design notes' example: price weighs 0.7 and scores 0 at 300 and 100 at
    320; warranty weighs 0.3 and "1y" scores 50. At 310 with "1y": 0.7·50 + 0.3·50 = 50.

    >>> issues = (NumericIssue(name="price", min=300, max=320, step=10),
    ...           OptionsIssue(name="warranty", options=("none", "6m", "1y", "2y")))
    >>> seller = PartyDefinition(
    ...     weights={"price": 0.7, "warranty": 0.3},
    ...     scores={"price": ((300, 0), (320, 100)),
    ...             "warranty": {"none": 100, "6m": 80, "1y": 50, "2y": 0}})
    >>> utility(seller, issues, {"price": 310, "warranty": "1y"})
    50.0
    """
    weights = normalized_weights(definition, issues)
    total = np.zeros(1)
    for issue, levels in zip(issues, _package_levels(issues, values), strict=True):
        total = total + _contributions(definition, weights, issue, levels)
    return float(_finish(total)[0])


def must_haves_met(
    definition: PartyDefinition, issues: Sequence[Issue], values: Mapping[str, IssueValue]
) -> bool:
    r"""Check whether an agreement meets every must-have of a party.

    Parameters
    ----------
    definition
        The party's definition of winning.
    issues
        The issues of the case.
    values
        The agreement: issue name to value, for every issue.

    Returns
    -------
    bool
        True when every must-have holds (a party without must-haves always passes).

    Raises
    ------
    CaseError
        When an issue has no value, or a value of the wrong kind.

    Notes
    -----
    A numeric must-have holds when :math:`\min \le v \le \max` (either bound may be
    absent); an options must-have holds when the chosen option is among the allowed ones.

    Examples
    --------
    >>> from negotiation_lib.domain.case import MustHave
    >>> price = NumericIssue(name="price", min=300, max=320, step=10)
    >>> d = PartyDefinition(weights={"price": 1}, scores={"price": ((300, 0), (320, 100))},
    ...                     must_haves={"price": MustHave(min=305)})
    >>> must_haves_met(d, (price,), {"price": 310}), must_haves_met(d, (price,), {"price": 300})
    (True, False)
    """
    for issue, levels in zip(issues, _package_levels(issues, values), strict=True):
        if not _must_have_mask(definition.must_haves.get(issue.name), issue, levels)[0]:
            return False
    return True


def describe_must_have(must_have: MustHave) -> str:
    """Say in words what a must-have asks for.

    Parameters
    ----------
    must_have
        Numeric bounds or allowed options.

    Returns
    -------
    str
        ``"at least 305"``, ``"at most 320"``, ``"between 305 and 320"`` or
        ``"one of '6m', '1y'"`` (``"no option at all"`` for an empty list).

    Examples
    --------
    >>> describe_must_have(MustHave(min=305)), describe_must_have(MustHave(allowed=("1y", "2y")))
    ('at least 305', "one of '1y', '2y'")
    """
    if must_have.allowed is not None:
        if not must_have.allowed:
            return "no option at all"
        return "one of " + ", ".join(f"'{o}'" for o in must_have.allowed)
    if must_have.min is not None and must_have.max is not None:
        return f"between {_exact(must_have.min)} and {_exact(must_have.max)}"
    if must_have.min is not None:
        return f"at least {_exact(must_have.min)}"
    return f"at most {_exact(must_have.max or 0.0)}"


def is_feasible(
    seller: PartyDefinition,
    customer: PartyDefinition,
    issues: Sequence[Issue],
    values: Mapping[str, IssueValue],
) -> bool:
    r"""Check whether an agreement is feasible: must-haves hold, walk-away utilities reached.

    Parameters
    ----------
    seller, customer
        Both parties' definitions of winning.
    issues
        The issues of the case.
    values
        The agreement: issue name to value, for every issue.

    Returns
    -------
    bool
        True when both parties' must-haves hold and both reach their walk-away utility.

    Raises
    ------
    CaseError
        When an issue has no value, or a value of the wrong kind.

    Notes
    -----
    Feasible when both parties' must-haves hold and
    :math:`U_i \ge d_i - \varepsilon` for both parties, with :math:`d_i` the reservation
    (walk-away) utility and :math:`\varepsilon` = :data:`TOLERANCE`.

    References
    ----------
    .. [1] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982:
       reservation values and the zone of agreement in multi-issue negotiations.

    Examples
    --------
    >>> from negotiation_lib.domain.case import OptionsIssue
    >>> w = (OptionsIssue(name="w", options=("a", "b")),)
    >>> s = PartyDefinition(weights={"w": 1}, scores={"w": {"a": 100, "b": 0}},
    ...                     win_threshold=50, reservation_utility=20)
    >>> c = PartyDefinition(weights={"w": 1}, scores={"w": {"a": 30, "b": 100}},
    ...                     win_threshold=50, reservation_utility=20)
    >>> is_feasible(s, c, w, {"w": "a"}), is_feasible(s, c, w, {"w": "b"})
    (True, False)
    """
    return all(
        must_haves_met(d, issues, values)
        and utility(d, issues, values) >= d.reservation_utility - TOLERANCE
        for d in (seller, customer)
    )


def is_win_win(
    seller: PartyDefinition,
    customer: PartyDefinition,
    issues: Sequence[Issue],
    values: Mapping[str, IssueValue],
) -> bool:
    r"""Check whether an agreement is win-win: feasible, and both reach their thresholds.

    Parameters
    ----------
    seller, customer
        Both parties' definitions of winning.
    issues
        The issues of the case.
    values
        The agreement: issue name to value, for every issue.

    Returns
    -------
    bool
        True when the agreement is feasible and both utilities reach the win thresholds.

    Raises
    ------
    CaseError
        When an issue has no value, or a value of the wrong kind.

    Notes
    -----
    Win-win when feasible (:func:`is_feasible`) and :math:`U_i \ge t_i - \varepsilon` for
    both parties, with :math:`t_i` the win threshold. A win threshold is each party's own
    statement of what winning looks like, shared before the talks.

    Examples
    --------
    >>> from negotiation_lib.domain.case import OptionsIssue
    >>> w = (OptionsIssue(name="w", options=("a", "b")),)
    >>> s = PartyDefinition(weights={"w": 1}, scores={"w": {"a": 100, "b": 0}},
    ...                     win_threshold=50, reservation_utility=20)
    >>> c = PartyDefinition(weights={"w": 1}, scores={"w": {"a": 30, "b": 100}},
    ...                     win_threshold=50, reservation_utility=20)
    >>> is_win_win(s, c, w, {"w": "a"})
    False
    """
    return is_feasible(seller, customer, issues, values) and all(
        utility(d, issues, values) >= d.win_threshold - TOLERANCE for d in (seller, customer)
    )
