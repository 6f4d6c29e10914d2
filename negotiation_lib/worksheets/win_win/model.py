"""What the win-win worksheet shows, computed from a case: its model, without widgets.

Every number comes from the case assessment (:func:`negotiation_lib.assessment.assess_case`),
the one source the report, the brief and the other pages read too. The page keeps its last
results and hands them back as ``previous``, so a change recomputes only the parts whose
inputs changed, and the view redraws only the parts whose result is a new object.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from negotiation_lib.assessment import CaseAssessment, assess_case
from negotiation_lib.domain.case import Case, NumericIssue, OptionsIssue
from negotiation_lib.domain.errors import Problem
from negotiation_lib.domain.trust import TrustResult
from negotiation_lib.domain.win_win import PackageScore, WinWinResult
from negotiation_lib.figures.win_win import FairPriceMark
from negotiation_lib.worksheets.win_win.text import NOTES

__all__ = ["WinWinResults", "compute", "fair_price_mark"]


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
        :meth:`~negotiation_lib.assessment.CaseAssessment.memos` write the justifications,
        its :meth:`~negotiation_lib.assessment.CaseAssessment.package_economics` prices
        each package.
    fair_price
        When an issue is the price per unit: the frontier agreement priced nearest to the
        fair price for its terms (:func:`fair_price_mark`).
    """

    trust: TrustResult | None
    win_win: WinWinResult | None
    chosen: PackageScore | None
    thresholds: tuple[float | None, float | None]
    notes: tuple[str, ...]
    errors: tuple[Problem, ...]
    assessment: CaseAssessment | None = None
    fair_price: FairPriceMark | None = None


_EMPTY = WinWinResults(None, None, None, (None, None), (), ())


def fair_price_mark(a: CaseAssessment) -> FairPriceMark | None:
    r"""Find the agreement on the Pareto frontier priced nearest to its own fair price.

    Each frontier outcome is priced through the open book
    (:meth:`~negotiation_lib.assessment.CaseAssessment.package_economics`); its fair price
    :math:`P^*` depends only on its options' costs and values, so it is read once per set of
    options. The mark is the outcome with the smallest :math:`|P - P^*|`; among equal gaps,
    the one with the larger Nash product :math:`(U_s - d_s)(U_c - d_c)`.

    Parameters
    ----------
    a
        The case assessment.

    Returns
    -------
    FairPriceMark or None
        None when no issue is the price per unit, nothing is feasible, or the packages cannot
        be priced (no value, economics or relationship section, or no positive joint gain).
    """
    ww, case = a.win_win, a.case.win_win
    name = None if case is None else case.pocket_price_issue
    if ww is None or case is None or name is None or not ww.frontier:
        return None
    issue = next((i for i in case.issues if i.name == name), None)
    if not isinstance(issue, NumericIssue):
        return None
    money = [i.name for i in case.issues if isinstance(i, OptionsIssue) and i.economics]
    fair_of: dict[Hashable, float | None] = {}
    d_s, d_c = ww.disagreement
    best: tuple[tuple[float, float], FairPriceMark] | None = None
    for o in ww.frontier:
        terms = tuple(str(o.values.get(n)) for n in money)
        if terms not in fair_of:
            priced = a.package_economics(o)
            fair_of[terms] = None if priced is None else priced.fair_price_per_unit
        fair, price = fair_of[terms], o.values.get(name)
        if fair is None or isinstance(price, str) or price is None:
            continue
        gap = abs(float(price) - fair)
        key = (round(gap, 9), -(o.seller_utility - d_s) * (o.customer_utility - d_c))
        if best is None or key < best[0]:
            mark = FairPriceMark(o, float(price), fair, gap <= issue.step + 1e-9)
            best = (key, mark)
    return None if best is None else best[1]


def _money_inputs(case: Case) -> tuple[object, ...]:
    return (case.value, case.economics, case.relationship)


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
    # The fair price's agreement reads the frontier and the money: found again only when
    # either changed (a keystroke elsewhere keeps the very same mark).
    if (
        previous is not None
        and before is not None
        and previous.win_win is a.win_win
        and _money_inputs(before.case) == _money_inputs(case)
    ):
        mark = previous.fair_price
    else:
        mark = fair_price_mark(a)
    return WinWinResults(
        trust=a.trust,
        win_win=a.win_win,
        chosen=a.chosen,
        thresholds=a.thresholds,
        notes=notes,
        errors=a.problems_in("win_win"),
        assessment=a,
        fair_price=mark,
    )
