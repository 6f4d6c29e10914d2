"""Worksheet 3, the win-win definition: trust first, then what winning means to each side.

The page starts with the trust check (the trust equation seen from both sides and the
negotiation-style diagnostic), because win-win needs trust both ways. Then each party states
what winning looks like: issues, weights, scores, must-haves, a win threshold and a walk-away
utility. A definition is sealed when it is shared; later changes are amendments with a reason
and a visible list of what moved. Candidate agreements are scored for both sides against the
sealed definitions, priced through the open book when an issue is the price per unit (both
NPVs, the split of the gain, the agreement better for both when one exists), placed on the
Pareto frontier with the fair price's agreement ringed, and for the chosen one the page writes
the two justifications: assume the agreement is made, then show each party why it is good for
it, its NPV set beside NPVs only, and first of all whether trust is there yet.

Where to find what:

- :mod:`~.model`: the results the page shows (:func:`compute`, from the case assessment), and
  the frontier agreement nearest the fair price (:func:`~.model.fair_price_mark`);
- :mod:`~.shapes`: the issues' rules on the case document (renames carried along with the
  options' open-book money, one price mark at most, empty objects removed), applied inside
  each edit by :class:`IssueRules`;
- :mod:`~.scores`: a party's scores of an issue as a small table (one row per option, or
  per point of a numeric issue);
- :mod:`~.text`: the page's words; :mod:`~.memo` and :mod:`~.results_html`: its HTML;
- :mod:`~.controls`, :mod:`~.editors`, :mod:`~.definition`: the inputs (the price mark, the
  open-book score), the issues table with each option's money, the packages table, one
  party's definition with its seal;
- :mod:`~.view`: :class:`WinWinWorksheet`, the page; ``win_win.css``: its look;
- the charts are in :mod:`negotiation_lib.figures.win_win`.
"""

from __future__ import annotations

from negotiation_lib.worksheets.win_win.memo import memo_html
from negotiation_lib.worksheets.win_win.model import WinWinResults, compute
from negotiation_lib.worksheets.win_win.scores import read_points
from negotiation_lib.worksheets.win_win.shapes import (
    IssueRules,
    IssueShape,
    issue_shapes,
    normalize,
    reconcile,
    tidy_paths,
)
from negotiation_lib.worksheets.win_win.text import STYLE_STATEMENTS
from negotiation_lib.worksheets.win_win.view import WinWinWorksheet

__all__ = [
    "STYLE_STATEMENTS",
    "IssueRules",
    "IssueShape",
    "WinWinResults",
    "WinWinWorksheet",
    "compute",
    "issue_shapes",
    "memo_html",
    "normalize",
    "read_points",
    "reconcile",
    "tidy_paths",
]
