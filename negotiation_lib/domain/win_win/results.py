"""Win-win results: scored outcomes and packages, and the whole assessment of a case."""

from __future__ import annotations

from dataclasses import dataclass

from negotiation_lib.domain.win_win.utilities import IssueValue
from negotiation_lib.formatting import number

__all__ = ["Improvement", "Outcome", "PackageScore", "WinWinResult"]


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
class Improvement:
    """A feasible agreement at least as good for both parties as a package, and better for one.

    Attributes
    ----------
    outcome
        The best such agreement by Nash product :math:`(U_s - d_s)(U_c - d_c)`; among equal
        products the one with the larger total gain, then the lower seller utility. It lies on
        the Pareto frontier.
    seller_gain, customer_gain
        How many utility points (0-100 scale) each party gains over the package (both at
        least 0, one above 0).
    dominating_count
        How many feasible outcomes of the whole space dominate the package.
    """

    outcome: Outcome
    seller_gain: float
    customer_gain: float
    dominating_count: int

    def sentence(self, seller: str = "the seller", customer: str = "the customer") -> str:
        """Say who gains what: ``"both sides gain: PumpCo +1.5, Acme Foods +0.0"``.

        Examples
        --------
        >>> o = Outcome({"price": 310.0}, 71.5, 50.0, True)
        >>> Improvement(o, 1.5, 0.0, 2).sentence("PumpCo", "Acme Foods")
        'both sides gain: PumpCo +1.5, Acme Foods +0.0'
        """
        return (
            f"both sides gain: {seller} +{number(self.seller_gain, 1)}, "
            f"{customer} +{number(self.customer_gain, 1)}"
        )


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
    improvement
        When some feasible outcome dominates the package (feasible or not), the best of them
        by Nash product with both parties' gains; None when none does.
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
    improvement: Improvement | None = None


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
