"""Worksheet 3, the win-win definition: trust first, then what winning means to each side.

The page starts with the trust check (the trust equation seen from both sides and the
negotiation-style diagnostic), because win-win needs trust both ways. Then each party states
what winning looks like: issues, weights, scores, must-haves, a win threshold and a walk-away
utility. A definition is sealed when it is shared; later changes are amendments with a reason
and a visible list of what moved. Candidate agreements are scored for both sides against the
sealed definitions, placed on the Pareto frontier, and for the chosen one the page writes the
two justifications: assume the agreement is made, then show each party why it is good for it.

Where to find what:

- :mod:`~.model`: the results the page shows (:func:`compute`, from the case assessment);
- :mod:`~.shapes`: the issues' rules on the case document (renames carried along, empty
  objects removed), applied inside each edit by :class:`IssueRules`;
- :mod:`~.points`: score points typed as ``300:0, 320:100``;
- :mod:`~.text`: the page's words; :mod:`~.memo` and :mod:`~.results_html`: its HTML;
- :mod:`~.controls`, :mod:`~.editors`, :mod:`~.definition`: the inputs, the issues and
  packages tables, one party's definition with its seal;
- :mod:`~.view`: :class:`WinWinWorksheet`, the page; ``win_win.css``: its look;
- the charts are in :mod:`negotiation_lib.figures.win_win`.
"""

from __future__ import annotations

from negotiation_lib.worksheets.win_win.memo import memo_html
from negotiation_lib.worksheets.win_win.model import WinWinResults, compute
from negotiation_lib.worksheets.win_win.points import format_points, parse_points
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
    "format_points",
    "issue_shapes",
    "memo_html",
    "normalize",
    "parse_points",
    "reconcile",
    "tidy_paths",
]
