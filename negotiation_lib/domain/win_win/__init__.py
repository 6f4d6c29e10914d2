"""Win-win: score candidate agreements for both parties and find the fair points among them.

Each party states what winning looks like (weights, scores, must-haves, a win threshold and a
walk-away utility). This module turns those definitions into numbers:

* the *utility* of an agreement for each party, on a 0-100 scale;
* whether it is *feasible* (both parties' must-haves hold and both utilities reach their
  walk-away utilities) and *win-win* (feasible, and both reach their win thresholds);
* the *outcome space* (every combination of issue levels), its *Pareto frontier*, and the
  Nash, Kalai-Smorodinsky and egalitarian points on it;
* a *justification memo* per party: assume the agreement is made, then show each party why it
  is good for them on their own terms.

Scoring uses each party's latest *sealed* definition when there is one, so that a definition
changed after it was shared does not silently move the goalposts; callers may ask for the
drafts instead.

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
    Issue,
    MustHave,
    NumericIssue,
    OptionsIssue,
    Package,
    PartyDefinition,
    WinWin,
    win_win_problems,
)
from negotiation_lib.domain.errors import CaseError, Problem

__all__ = [
    "CHUNK_OUTCOMES",
    "MAX_OUTCOMES",
    "TOLERANCE",
    "UTILITY_DECIMALS",
    "Criterion",
    "DefinitionInForce",
    "IssueValue",
    "JustificationMemo",
    "Outcome",
    "PackageScore",
    "Party",
    "WinWinResult",
    "assess_win_win",
    "definition_in_force",
    "describe_must_have",
    "egalitarian_points",
    "is_feasible",
    "is_win_win",
    "issue_levels",
    "issue_score",
    "justification_memo",
    "kalai_smorodinsky_points",
    "must_haves_met",
    "nash_points",
    "normalized_weights",
    "outcome_count",
    "pareto_efficient_mask",
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

CHUNK_OUTCOMES = 2**20
"""Outcomes enumerated at once (about a million); larger spaces are searched chunk by chunk."""

MAX_OUTCOMES = 2**25
"""Most outcomes searched (about 33.5 million, counting only those that meet every must-have)."""

_SIGNIFICANT_DIGITS = 12


def _number(x: float) -> str:
    return f"{x:.12g}"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class DefinitionInForce:
    """The definition of winning that scoring uses for one party.

    Attributes
    ----------
    party
        ``"seller"`` or ``"customer"``.
    definition
        The definition itself.
    version
        The sealed version number, or ``None`` when the draft is used.
    """

    party: Party
    definition: PartyDefinition
    version: int | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """One point of the outcome space: a value per issue and what it is worth to each party.

    Attributes
    ----------
    values
        Issue name to level (a number for numeric issues, an option name otherwise).
    seller_utility, customer_utility
        Utilities on the 0-100 scale.
    win_win
        Whether both parties reach their win thresholds (frontier points are always feasible).
    """

    values: dict[str, IssueValue]
    seller_utility: float
    customer_utility: float
    win_win: bool


@dataclass(frozen=True, slots=True)
class PackageScore:
    """A candidate agreement of the case, scored for both parties.

    Attributes
    ----------
    name
        The package's name.
    values
        Its value per issue.
    seller_utility, customer_utility
        Utilities on the 0-100 scale.
    seller_must_haves_met, customer_must_haves_met
        Whether each party's must-haves hold.
    feasible
        Both parties' must-haves hold and both utilities reach their walk-away utilities.
    win_win
        Feasible, and both utilities reach their win thresholds.
    pareto_efficient
        The package is feasible and no feasible outcome of the whole outcome space dominates
        it (is at least as good for both parties and better for one). An infeasible package is
        never efficient: it is not an agreement both parties can make.
    """

    name: str
    values: dict[str, IssueValue]
    seller_utility: float
    customer_utility: float
    seller_must_haves_met: bool
    customer_must_haves_met: bool
    feasible: bool
    win_win: bool
    pareto_efficient: bool


@dataclass(frozen=True, slots=True)
class WinWinResult:
    """Everything the win-win worksheet shows, from :func:`assess_win_win`.

    Attributes
    ----------
    packages
        The case's packages, scored, in case order.
    frontier
        The Pareto frontier of the feasible outcomes, by increasing seller utility (ties in
        issue order). Equal points are all listed.
    nash, kalai_smorodinsky, egalitarian
        The frontier outcomes that solve each bargaining rule; all ties are listed.
    outcome_count
        Outcomes in the whole space (the product of the issues' level counts).
    candidate_count
        Outcomes that meet both parties' must-haves (those actually enumerated).
    feasible_count, win_win_count
        Outcomes that are feasible, and that are win-win.
    disagreement
        ``(seller, customer)`` walk-away (reservation) utilities: the point *d*.
    ideal
        ``(seller, customer)`` best utility each party can get from a feasible outcome, or
        ``None`` when nothing is feasible.
    recommend_walk_away
        True when no outcome is feasible: no agreement serves both parties.
    walk_away_reason
        The human reason when ``recommend_walk_away`` is true, else ``None``.
    seller_version, customer_version
        Sealed versions used for scoring (``None``: the draft).
    """

    packages: tuple[PackageScore, ...]
    frontier: tuple[Outcome, ...]
    nash: tuple[Outcome, ...]
    kalai_smorodinsky: tuple[Outcome, ...]
    egalitarian: tuple[Outcome, ...]
    outcome_count: int
    candidate_count: int
    feasible_count: int
    win_win_count: int
    disagreement: tuple[float, float]
    ideal: tuple[float, float] | None
    recommend_walk_away: bool
    walk_away_reason: str | None
    seller_version: int | None
    customer_version: int | None


@dataclass(frozen=True, slots=True)
class Criterion:
    """One of a party's criteria, checked against an agreement.

    Attributes
    ----------
    issue
        The issue the criterion is about.
    kind
        ``"must_have"`` (a hard requirement) or ``"score"`` (a weighted issue, met when its
        score reaches the party's win threshold on its own).
    value
        The agreement's value for the issue.
    requirement
        What the party asks for, in words (``"at least 305"``, ``"a score of 60 or more"``).
    score
        The party's score (0-100) of the value, or ``None`` if the issue is not scored.
    weight
        The issue's normalized weight for the party (0 when unweighted).
    met
        Whether the agreement satisfies the criterion.
    sentence
        The criterion and its outcome as a sentence.
    """

    issue: str
    kind: Literal["must_have", "score"]
    value: IssueValue
    requirement: str
    score: float | None
    weight: float
    met: bool
    sentence: str


@dataclass(frozen=True, slots=True)
class JustificationMemo:
    """Why one party can accept an agreement: "assume agreement, then justify it".

    Attributes
    ----------
    party, party_name
        Which side the memo is for, and the name it is addressed by.
    package_name
        The agreement's name.
    values
        The agreement's value per issue.
    definition_version
        The sealed version of the party's definition used (``None``: the draft).
    utility, win_threshold, reservation_utility
        The party's utility of the agreement and its two reference levels (0-100).
    above_threshold, above_reservation
        ``utility - win_threshold`` and ``utility - reservation_utility`` (negative: short).
    must_haves_met
        Whether every must-have of the party holds.
    verdict
        ``"win"`` (must-haves met, utility at least the threshold), ``"acceptable"`` (at least
        the walk-away utility), ``"below_walk_away"`` or ``"must_have_missed"``.
    criteria_met, criteria_missed
        Must-haves and weighted issues, split by whether the agreement satisfies them.
    npv, batna, batr
        The party's projected NPV of the relationship under this agreement and its best
        alternatives, when given (money, the case's currency).
    text
        The memo as Markdown, in plain words. User-typed names are not escaped.
    """

    party: Party
    party_name: str
    package_name: str
    values: dict[str, IssueValue]
    definition_version: int | None
    utility: float
    win_threshold: float
    reservation_utility: float
    above_threshold: float
    above_reservation: float
    must_haves_met: bool
    verdict: Literal["win", "acceptable", "below_walk_away", "must_have_missed"]
    criteria_met: tuple[Criterion, ...]
    criteria_missed: tuple[Criterion, ...]
    npv: float | None
    batna: float | None
    batr: float | None
    text: str


# --------------------------------------------------------------------------- definitions


def definition_in_force(
    win_win: WinWin, party: Party, *, use_draft: bool = False
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

    Returns
    -------
    DefinitionInForce
        The definition and its sealed version (``None`` for the draft).

    Raises
    ------
    CaseError
        When the party has neither a draft nor a seal, when a sealed definition no longer
        matches the list of issues, or when it weights no issue.

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
            None,
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
    return chosen


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
    >>> outcome_count((NumericIssue(name="price", min=300, max=320, step=10),
    ...                OptionsIssue(name="warranty", options=("none", "6m", "1y", "2y"))))
    12
    """
    return math.prod(_level_count(i) for i in issues)


def _level_count(issue: Issue) -> int:
    if isinstance(issue, OptionsIssue):
        return len(issue.options)
    return int(_numeric_levels(issue).size)


def _scores_of(
    definition: PartyDefinition, issue: Issue, levels: FloatArray | Sequence[str]
) -> FloatArray:
    curve = definition.scores.get(issue.name)
    count = len(levels)
    if curve is None:
        return np.zeros(count)
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
            raise CaseError.at(path, f"{value!r} is not one of the options of '{issue.name}'.")
        return (value,)
    if isinstance(value, str) or not math.isfinite(value):
        raise CaseError.at(path, f"Enter a number for '{issue.name}' (it is {value!r}).")
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
        return f"between {_number(must_have.min)} and {_number(must_have.max)}"
    if must_have.min is not None:
        return f"at least {_number(must_have.min)}"
    return f"at most {_number(must_have.max or 0.0)}"


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


# --------------------------------------------------------------------------- Pareto frontier


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


# --------------------------------------------------------------------------- bargaining points


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


# --------------------------------------------------------------------------- the search


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
                f"No value of '{issue.name}' meets both parties' must-haves "
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


def _search(issues: Sequence[Issue], seller: PartyDefinition, customer: PartyDefinition) -> _Search:
    grids, reason = _grids(issues, seller, customer)
    empty_ids = np.zeros(0, dtype=np.int64)
    if reason is not None:
        return _Search((), empty_ids, np.zeros(0), np.zeros(0), 0, 0, 0, reason)
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
            f"below its walk-away utility (the seller needs {_number(seller.reservation_utility)}, "
            f"the customer {_number(customer.reservation_utility)}), so no agreement beats walking "
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


def _dominated(point: tuple[float, float], seller: FloatArray, customer: FloatArray) -> bool:
    s, c = point
    at_least = (seller >= s) & (customer >= c)
    return bool(np.any(at_least & ((seller > s) | (customer > c))))


def _score_package(
    package: Package,
    issues: Sequence[Issue],
    seller: PartyDefinition,
    customer: PartyDefinition,
    search: _Search,
) -> PackageScore:
    us, uc = utility(seller, issues, package.values), utility(customer, issues, package.values)
    ms = must_haves_met(seller, issues, package.values)
    mc = must_haves_met(customer, issues, package.values)
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
    return PackageScore(
        name=package.name,
        values=dict(package.values),
        seller_utility=us,
        customer_utility=uc,
        seller_must_haves_met=ms,
        customer_must_haves_met=mc,
        feasible=feasible,
        win_win=win,
        pareto_efficient=feasible and not _dominated((us, uc), search.seller, search.customer),
    )


def assess_win_win(win_win: WinWin, *, use_drafts: bool = False) -> WinWinResult:
    r"""Score the packages, search the outcome space and find the fair agreements.

    Parameters
    ----------
    win_win
        The win-win section of a case: issues, definitions (drafts and/or seals), packages.
    use_drafts
        Score against the drafts instead of the latest sealed definitions.

    Returns
    -------
    WinWinResult
        Packages, Pareto frontier, Nash, Kalai-Smorodinsky and egalitarian points, counts,
        and whether to walk away.

    Raises
    ------
    CaseError
        When a party has no definition, weights nothing, a sealed definition no longer fits
        the issues, or the space is too large (see Notes).

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
    outcome dominates it. When nothing is feasible the solutions are empty and the result
    recommends walking away.

    References
    ----------
    .. [1] J. F. Nash, "The Bargaining Problem", *Econometrica* 18(2), 1950.
    .. [2] E. Kalai and M. Smorodinsky, "Other Solutions to Nash's Bargaining Problem",
       *Econometrica* 43(3), 1975.
    .. [3] H. Raiffa, J. Richardson and D. Metcalfe, *Negotiation Analysis*, Harvard
       University Press, 2002: the efficient frontier of a two-party negotiation.

    Examples
    --------
    >>> from negotiation_lib.domain.case import MustHave, Package
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
    seller = definition_in_force(win_win, "seller", use_draft=use_drafts)
    customer = definition_in_force(win_win, "customer", use_draft=use_drafts)
    s_def, c_def = seller.definition, customer.definition
    issues = win_win.issues
    search = _search(issues, s_def, c_def)
    frontier = _outcomes(search, s_def, c_def)
    d = (s_def.reservation_utility, c_def.reservation_utility)

    def pick(indices: IndexArray) -> tuple[Outcome, ...]:
        return tuple(frontier[k] for k in indices.tolist())

    ideal = (float(search.seller.max()), float(search.customer.max())) if frontier else None
    return WinWinResult(
        packages=tuple(_score_package(p, issues, s_def, c_def, search) for p in win_win.packages),
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


# --------------------------------------------------------------------------- justification


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _money(x: float, currency: str) -> str:
    text = f"{abs(x):,.0f}"
    return f"{'-' if x < 0 else ''}{text} {currency}".rstrip()


def _shown(value: IssueValue) -> str:
    return _number(value) if isinstance(value, float) else str(value)


def _criteria(
    definition: PartyDefinition, issues: Sequence[Issue], values: Mapping[str, IssueValue]
) -> list[Criterion]:
    weights = normalized_weights(definition, issues)
    levels = _package_levels(issues, values)
    out: list[Criterion] = []
    for issue, level in zip(issues, levels, strict=True):
        value = values[issue.name]
        shown = _shown(value)
        scored = issue.name in definition.scores
        score = float(_scores_of(definition, issue, level)[0]) if scored else None
        weight = weights[issue.name]
        must = definition.must_haves.get(issue.name)
        if must is not None:
            met = bool(_must_have_mask(must, issue, level)[0])
            wanted = describe_must_have(must)
            verb = "meets" if met else "breaks"
            out.append(
                Criterion(
                    issue=issue.name,
                    kind="must_have",
                    value=value,
                    requirement=wanted,
                    score=score,
                    weight=weight,
                    met=met,
                    sentence=f"{issue.name} is {shown}, which {verb} the must-have ({wanted}).",
                )
            )
        if weight > 0 and score is not None:
            met = score >= definition.win_threshold - TOLERANCE
            wanted = f"a score of {_number(definition.win_threshold)} or more"
            how = "delivers" if met else "gives ground"
            out.append(
                Criterion(
                    issue=issue.name,
                    kind="score",
                    value=value,
                    requirement=wanted,
                    score=score,
                    weight=weight,
                    met=met,
                    sentence=(
                        f"{issue.name} is {shown}: scores {_fmt(score)} with "
                        f"{weight:.0%} of the weight ({how})."
                    ),
                )
            )
    return out


def _side(value: float, level: float) -> str:
    return "above" if value >= level - TOLERANCE else "below"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _relationship_lines(
    name: str, npv: float | None, batna: float | None, batr: float | None, currency: str
) -> list[str]:
    if npv is None:
        return []
    gaps = [
        f"{_money(abs(npv - alternative), currency)} {_side(npv, alternative)} the {label} "
        f"({_money(alternative, currency)})"
        for label, alternative in (("BATNA", batna), ("BATR", batr))
        if alternative is not None
    ]
    line = f"- Over the whole relationship: an NPV of {_money(npv, currency)} for {name}"
    if gaps:
        line += ", " + " and ".join(gaps)
    return [line + "."]


def justification_memo(
    win_win: WinWin,
    package: Package | Outcome,
    party: Party,
    *,
    use_drafts: bool = False,
    party_name: str | None = None,
    npv: float | None = None,
    batna: float | None = None,
    batr: float | None = None,
    currency: str = "",
) -> JustificationMemo:
    r"""Write the case for one party to accept an agreement, on that party's own terms.

    Parameters
    ----------
    win_win
        The win-win section of the case.
    package
        The agreement: one of the case's packages, or an outcome such as the Nash point.
    party
        ``"seller"`` or ``"customer"``: whom the memo addresses.
    use_drafts
        Judge against the draft definition rather than the latest sealed one.
    party_name
        How to call the party in the text (defaults to "the seller" / "the customer").
    npv, batna, batr
        Optional money figures from the projection: the party's NPV of the relationship
        under this agreement, its best one-off alternative and its best alternative
        relationship. This module does not compute them.
    currency
        Currency code shown after money figures.

    Returns
    -------
    JustificationMemo
        The structured findings and their Markdown text.

    Notes
    -----
    The memo assumes the agreement has been made and then explains it to the party: which
    must-haves it meets or breaks, which weighted issues *deliver* (the issue's own score
    reaches the party's win threshold) and where the party *gives ground*, the utility
    :math:`U` against the win threshold :math:`t` and the walk-away utility :math:`d`
    (verdict: win if :math:`U \ge t`, acceptable if :math:`U \ge d`, else below walk-away;
    a broken must-have overrides both), and, when given, the NPV against BATNA and BATR, with
    a warning when the relationship is worth less than either alternative. The verdict is the
    party's alone; whether the agreement is feasible for both is :func:`is_feasible`.

    References
    ----------
    .. [1] R. Fisher, W. Ury and B. Patton, *Getting to Yes*, 2nd ed., Penguin, 1991:
       judging an agreement by each side's interests and its best alternative (BATNA).

    Examples
    --------
    >>> from negotiation_lib.domain.case import Package
    >>> issues = (NumericIssue(name="price", min=300, max=320, step=10),)
    >>> seller = PartyDefinition(weights={"price": 1}, scores={"price": ((300, 0), (320, 100))},
    ...                          win_threshold=60, reservation_utility=30)
    >>> customer = PartyDefinition(weights={"price": 1},
    ...                            scores={"price": ((300, 100), (320, 0))},
    ...                            win_threshold=40, reservation_utility=20)
    >>> ww = WinWin(issues=issues, seller=seller, customer=customer)
    >>> memo = justification_memo(ww, Package(name="Mid", values={"price": 310}), "customer",
    ...                           party_name="Acme", npv=120_000, batr=100_000, currency="EUR")
    >>> memo.utility, memo.verdict
    (50.0, 'win')
    >>> print(memo.text.splitlines()[0])
    ### Why Acme can say yes to "Mid"
    """
    chosen = definition_in_force(win_win, party, use_draft=use_drafts)
    definition = chosen.definition
    issues = win_win.issues
    values: dict[str, IssueValue] = dict(package.values)
    package_name = package.name if isinstance(package, Package) else "this agreement"
    name = party_name or f"the {party}"
    u = utility(definition, issues, values)
    criteria = _criteria(definition, issues, values)
    met = tuple(c for c in criteria if c.met)
    missed = tuple(c for c in criteria if not c.met)
    musts_ok = all(c.met for c in criteria if c.kind == "must_have")
    t, d = definition.win_threshold, definition.reservation_utility
    sealed = chosen.version is not None
    verdict: Literal["win", "acceptable", "below_walk_away", "must_have_missed"]
    if not musts_ok:
        verdict = "must_have_missed"
        closing = f"Not acceptable as it stands: it breaks a must-have of {name}."
    elif u < d - TOLERANCE:
        verdict = "below_walk_away"
        closing = f"Not acceptable: {name} does better by walking away."
    elif u >= t - TOLERANCE:
        verdict = "win"
        how = f"sealed (version {chosen.version})" if sealed else "has drafted"
        closing = f"A win for {name}, judged by the definition of winning {name} {how}."
    else:
        verdict = "acceptable"
        closing = (
            f"Acceptable: better than walking away for {name}, {_fmt(t - u)} points short of a win."
        )
    quoted = f'"{package_name}"' if isinstance(package, Package) else package_name
    can = "can" if verdict in ("win", "acceptable") else "cannot yet"
    source = (
        f"the definition of winning {name} sealed (version {chosen.version})"
        if sealed
        else f"the definition of winning {name} has drafted (not sealed yet)"
    )
    lines = [
        f"### Why {name} {can} say yes to {quoted}",
        "",
        f"Suppose both sides have signed {quoted}. Measured against {source}:",
        "",
        f"- Utility {_fmt(u)} out of 100: {_fmt(abs(u - t))} {_side(u, t)} the win threshold "
        f"of {_number(t)} and {_fmt(abs(u - d))} {_side(u, d)} the walk-away utility of "
        f"{_number(d)}.",
    ]
    musts = [c.sentence for c in criteria if c.kind == "must_have"]
    if musts:
        lines.append("- Must-haves: " + " ".join(musts))
    for label, wanted in (("Where it delivers", True), (f"Where {name} gives ground", False)):
        items = [
            f"{c.issue} {_shown(c.value)} (score {_fmt(c.score or 0.0)})"
            for c in criteria
            if c.kind == "score" and c.met == wanted
        ]
        if items:
            lines.append(f"- {label}: " + "; ".join(items) + ".")
    lines += _relationship_lines(name, npv, batna, batr, currency)
    lines += ["", _capitalized(closing)]
    short_of = [
        label
        for label, alternative in (("BATNA", batna), ("BATR", batr))
        if npv is not None and alternative is not None and npv < alternative
    ]
    if short_of:
        lines.append(
            f"Over the whole relationship, though, {name} would do better with its "
            f"{' and '.join(short_of)}: check the projection before signing."
        )
    return JustificationMemo(
        party=party,
        party_name=name,
        package_name=package_name,
        values=values,
        definition_version=chosen.version,
        utility=u,
        win_threshold=t,
        reservation_utility=d,
        above_threshold=u - t,
        above_reservation=u - d,
        must_haves_met=musts_ok,
        verdict=verdict,
        criteria_met=met,
        criteria_missed=missed,
        npv=npv,
        batna=batna,
        batr=batr,
        text="\n".join(lines),
    )
