"""One side's confidential view of a role-play case, as JSON and as a readable brief.

``negotiation-workbook report CASE --side seller|customer`` prints it: the side's brief, what
both sides know (the public part), what only this side knows (its private facts, its own
definition of winning among them), and its view as a case document. It is built from the
side's view alone (:func:`negotiation_lib.domain.roles.side_view`), so it never holds a private
value of the other side. It prints facts rather than figures: a figure worked out from one
side's view would count the other side's hidden facts at their defaults (a cost of zero), and
mislead; the deal room scores offers against the truth.
"""

from __future__ import annotations

from typing import Any

from negotiation_lib.domain.roles import (
    Fact,
    counterpart,
    private_facts,
    public_facts,
    side_brief,
    side_view,
)
from negotiation_lib.formatting import escape
from negotiation_lib.vocabulary import party_label

__all__ = ["side_report", "side_report_markdown"]


def _fact(f: Fact) -> dict[str, Any]:
    return {"path": f.path, "label": f.label, "value": f.value, "shown": f.shown}


def side_report(case_doc: dict[str, Any], side: str) -> dict[str, Any]:
    """One side's view of a role-play case, JSON-ready.

    Parameters
    ----------
    case_doc
        A valid role-play case document.
    side
        ``"seller"`` or ``"customer"``.

    Returns
    -------
    dict
        ``side``, ``party`` and ``counterpart`` (the two companies' names), the case's
        ``title``, ``currency``, ``unit`` and ``period``, the side's ``brief``, the ``public``
        facts and the side's ``private`` facts (each with ``path``, ``label``, ``value`` and
        ``shown``), and ``view``: the side's case document (the public part and its own
        private part).

    Raises
    ------
    CaseError
        When the document is not a role-play case, or the side is neither seller nor customer.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_role_play_case
    >>> r = side_report(load_role_play_case("corvane_bluewell"), "customer")
    >>> r["party"], r["counterpart"], "variable_cost_per_unit" in r["view"]["economics"]
    ('Bluewell Beverages', 'Corvane Polymers', False)
    """
    view = side_view(case_doc, side)
    other = counterpart("seller" if side == "seller" else "customer")
    return {
        "side": side,
        "party": view.get(side, ""),
        "counterpart": view.get(other, ""),
        "title": view.get("title", ""),
        "currency": view.get("currency", "EUR"),
        "unit": view.get("unit", "unit"),
        "period": view.get("period", "year"),
        "brief": side_brief(case_doc, side),
        "public": [_fact(f) for f in public_facts(case_doc)],
        "private": [_fact(f) for f in private_facts(case_doc, side)],
        "view": view,
    }


def _md(text: object) -> str:
    """User text on one Markdown line, escaped for HTML as the report escapes it."""
    return escape(text).replace("|", "\\|").replace("\n", " ")


def _facts(rows: list[dict[str, Any]]) -> list[str]:
    return [f"- {_md(r['label'])}: {_md(r['shown'])}" for r in rows]


def side_report_markdown(report: dict[str, Any]) -> str:
    """Write a side's view (:func:`side_report`) as a readable, confidential brief.

    User-typed text is escaped for Markdown and HTML; the brief keeps its paragraphs.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_role_play_case
    >>> md = side_report_markdown(side_report(load_role_play_case("valtora_brightmoor"),
    ...                                       "seller"))
    >>> print(md.splitlines()[0])
    # Valtora Castings and Brightmoor Energy: turbine housings (role-play)
    """
    side = str(report["side"])
    definition = f"win_win.{side}"
    own = [r for r in report["private"] if r["path"] != definition]
    winning = [r for r in report["private"] if r["path"] == definition]
    paragraphs = [p.strip() for p in str(report["brief"]).split("\n\n") if p.strip()]
    lines = [
        f"# {_md(report['title'])}",
        "",
        f"**{party_label(side)}'s brief, confidential.** You negotiate for "
        f"{_md(report['party'])} with {_md(report['counterpart'])}. Keep this to your team: "
        "the other team has a brief of its own.",
        "",
        "## Your brief",
        "",
    ]
    for p in paragraphs:
        lines += [_md(p), ""]
    lines += ["## What both sides know", "", *_facts(report["public"]), ""]
    lines += ["## What only you know", "", *_facts(own), ""]
    if winning:
        lines += ["## Your definition of winning", "", _md(winning[0]["shown"]), ""]
    lines += [
        f"What only {_md(report['counterpart'])} knows stays hidden from you until it chooses "
        "to share it; you choose, in the same way, what of yours to share.",
    ]
    return "\n".join(lines).rstrip() + "\n"
