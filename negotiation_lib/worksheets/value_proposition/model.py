"""What the value-proposition worksheet shows, computed from a case: its model, no widgets.

Every number comes from the case assessment (:func:`negotiation_lib.assessment.assess_case`),
the one source the report, the brief and the other pages read too. The page keeps its last
results and hands them back as ``previous``: a change recomputes only the parts whose inputs
changed, and the view redraws only the parts whose result is a new object.
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiation_lib.assessment import CaseAssessment, assess_case
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.strategy import StrategyResult
from negotiation_lib.domain.value import ValueResult

__all__ = ["ValuePropositionResults", "compute"]


@dataclass(frozen=True)
class ValuePropositionResults:
    """What the worksheet shows, computed from a case; None where inputs are missing.

    Attributes
    ----------
    strategy, value
        The assessment's results, None while their section is missing. A result whose
        section did not change since ``previous`` is the very same object.
    assessment
        The case assessment these results are read from (None without a case), to hand
        back to :func:`compute` as ``previous``.
    """

    strategy: StrategyResult | None
    value: ValueResult | None
    assessment: CaseAssessment | None = None


def compute(
    case: Case | None, *, previous: ValuePropositionResults | None = None
) -> ValuePropositionResults:
    """Compute the worksheet's results (pure; no widgets).

    Parameters
    ----------
    case
        The last valid case, or None.
    previous
        The page's last results: every part whose inputs did not change is reused as is.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> first = compute(load_pumpco_acme_foods())
    >>> first.value.eve_per_unit
    15000.0
    >>> again = compute(first.assessment.case.model_copy(update={"title": "T"}), previous=first)
    >>> again.value is first.value, again.strategy is first.strategy
    (True, True)
    """
    if case is None:
        return ValuePropositionResults(None, None)
    before = previous.assessment if previous is not None else None
    a = assess_case(case, previous=before)
    return ValuePropositionResults(strategy=a.strategy, value=a.value, assessment=a)
