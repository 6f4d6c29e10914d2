"""Win-win: score candidate agreements for both parties and find the fair points among them.

Each party states what winning looks like (weights, scores, must-haves, a win threshold and a
walk-away utility). The package turns those definitions into numbers, one module per step:

* :mod:`~negotiation_lib.domain.win_win.utilities`: the definition in force, each party's
  *utility* of an agreement (0-100), must-haves, and whether it is *feasible* and *win-win*;
* :mod:`~negotiation_lib.domain.win_win.outcomes`: the *outcome space* (every combination of
  issue levels) and its *Pareto frontier*;
* :mod:`~negotiation_lib.domain.win_win.solutions`: the Nash, Kalai-Smorodinsky and
  egalitarian points on the frontier, and :func:`assess_win_win`, which puts it all together
  (its results are in :mod:`~negotiation_lib.domain.win_win.results`);
* :mod:`~negotiation_lib.domain.win_win.economics`: each package priced through the open
  book (its pocket price, the split of the gain, the retention and both NPVs);
* :mod:`~negotiation_lib.domain.win_win.memo`: a *justification memo* per party: assume the
  agreement is made, then show each party why it is good for them on their own terms;
* :mod:`~negotiation_lib.domain.win_win.completeness`: whether a definition is complete
  enough to be sealed, and what is missing, in words.
"""

from __future__ import annotations

from negotiation_lib.domain.win_win.completeness import (
    MissingParts,
    missing_parts,
    missing_sentence,
    read_missing_parts,
)
from negotiation_lib.domain.win_win.economics import (
    PackageEconomics,
    option_economics,
    package_economics,
)
from negotiation_lib.domain.win_win.memo import Criterion, JustificationMemo, justification_memo
from negotiation_lib.domain.win_win.outcomes import (
    CHUNK_OUTCOMES,
    MAX_OUTCOMES,
    outcome_count,
    pareto_efficient_mask,
)
from negotiation_lib.domain.win_win.results import (
    Improvement,
    Outcome,
    PackageScore,
    WinWinResult,
)
from negotiation_lib.domain.win_win.solutions import (
    assess_win_win,
    best_improvement,
    egalitarian_points,
    kalai_smorodinsky_points,
    nash_points,
)
from negotiation_lib.domain.win_win.utilities import (
    TOLERANCE,
    UTILITY_DECIMALS,
    DefinitionInForce,
    IssueValue,
    Party,
    definition_in_force,
    describe_must_have,
    is_feasible,
    is_win_win,
    issue_levels,
    issue_score,
    must_haves_met,
    normalized_weights,
    open_book_definition,
    open_book_points,
    scored_open_book,
    utility,
)

__all__ = [
    "CHUNK_OUTCOMES",
    "MAX_OUTCOMES",
    "TOLERANCE",
    "UTILITY_DECIMALS",
    "Criterion",
    "DefinitionInForce",
    "Improvement",
    "IssueValue",
    "JustificationMemo",
    "MissingParts",
    "Outcome",
    "PackageEconomics",
    "PackageScore",
    "Party",
    "WinWinResult",
    "assess_win_win",
    "best_improvement",
    "definition_in_force",
    "describe_must_have",
    "egalitarian_points",
    "is_feasible",
    "is_win_win",
    "issue_levels",
    "issue_score",
    "justification_memo",
    "kalai_smorodinsky_points",
    "missing_parts",
    "missing_sentence",
    "must_haves_met",
    "nash_points",
    "normalized_weights",
    "open_book_definition",
    "open_book_points",
    "option_economics",
    "outcome_count",
    "package_economics",
    "pareto_efficient_mask",
    "read_missing_parts",
    "scored_open_book",
    "utility",
]
