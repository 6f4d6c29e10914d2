"""What the win-win worksheet shows, computed from a case: its model, without widgets.

Every number comes from the case assessment (:func:`negotiation_lib.assessment.assess_case`),
the one source the report, the brief and the other pages read too. The page keeps its last
results and hands them back as ``previous``, so a change recomputes only the parts whose
inputs changed, and the view redraws only the parts whose result is a new object.
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiation_lib.assessment import CaseAssessment, assess_case
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import Problem
from negotiation_lib.domain.trust import TrustResult
from negotiation_lib.domain.win_win import PackageScore, WinWinResult
from negotiation_lib.worksheets.win_win.text import NOTES

__all__ = ["WinWinResults", "compute"]


@dataclass(frozen=True)
class WinWinResults:
    """What the worksheet shows, computed from a case.

    Attributes
    ----------
    trust
        The trust check, or None when the trust section is missing.
    win_win
        Packages, frontier and solutions, or None when the section is incomplete or the
        domain refused it (see ``errors``).
    chosen
        The package to propose (:func:`negotiation_lib.assessment.chosen_package`), if any.
    thresholds
        Each party's win threshold in the definition it is scored with, when known.
    notes
        What is not filled in yet, in words.
    errors
        Problems the domain reported while scoring (for example a sealed definition that
        names an issue which was since renamed).
    assessment
        The case assessment these results are read from (None without a case): its
        :meth:`~negotiation_lib.assessment.CaseAssessment.memos` write the justifications.
    """

    trust: TrustResult | None
    win_win: WinWinResult | None
    chosen: PackageScore | None
    thresholds: tuple[float | None, float | None]
    notes: tuple[str, ...]
    errors: tuple[Problem, ...]
    assessment: CaseAssessment | None = None


_EMPTY = WinWinResults(None, None, None, (None, None), (), ())


def compute(
    case: Case | None, *, use_drafts: bool = False, previous: WinWinResults | None = None
) -> WinWinResults:
    """Compute the worksheet's results (pure; no widgets).

    Parameters
    ----------
    case
        The last valid case, or None.
    use_drafts
        Score the drafts instead of the latest sealed definitions (a preview).
    previous
        The results of an earlier version of the same case (the page's last ones): every
        result whose inputs did not change is taken from them as the very same object.

    Returns
    -------
    WinWinResults
        The trust check, the scored agreements and the package to propose, with what is
        missing and what the domain refused.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> case = load_pumpco_acme_foods()
    >>> first = compute(case)
    >>> first.chosen is not None, first.errors
    (True, ())
    >>> again = compute(case.model_copy(update={"title": "Renamed"}), previous=first)
    >>> again.win_win is first.win_win, again.trust is first.trust
    (True, True)
    """
    if case is None:
        return _EMPTY
    before = previous.assessment if previous is not None else None
    a = assess_case(case, use_drafts=use_drafts, previous=before)
    notes = tuple(NOTES[m] for m in a.missing if m in NOTES and m.startswith(("trust", "win_win")))
    return WinWinResults(
        trust=a.trust,
        win_win=a.win_win,
        chosen=a.chosen,
        thresholds=a.thresholds,
        notes=notes,
        errors=a.problems_in("win_win"),
        assessment=a,
    )
