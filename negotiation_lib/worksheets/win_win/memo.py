"""A justification memo as HTML: "assume agreement, then justify it" to one party.

The domain writes the memo (:func:`negotiation_lib.domain.win_win.justification_memo`, through
:meth:`negotiation_lib.assessment.CaseAssessment.memos`); this module lays its fields out for
the page. The memo's Markdown ``text`` is never rendered: the names in it are typed by trainees,
so every string here is built from the fields and escaped.
"""

from __future__ import annotations

from negotiation_lib.domain.win_win import JustificationMemo
from negotiation_lib.formatting import money, number
from negotiation_lib.vocabulary import VERDICT_TONES, verdict_label
from negotiation_lib.worksheets.page import esc

__all__ = ["memo_html"]


def _gap(value: float, level: float) -> str:
    side = "above" if value >= level else "below"
    return f"{number(abs(value - level), 1)} {side}"


def _money(x: float, currency: str) -> str:
    return esc(money(x, currency))


def memo_html(memo: JustificationMemo, currency: str = "") -> str:
    """One party's justification memo as HTML, built from its fields (every string escaped).

    Parameters
    ----------
    memo
        The memo for one party and one package.
    currency
        The case's currency code, as typed (escaped here).

    Returns
    -------
    str
        A ``<div class='nw-memo'>`` with the verdict, the utility against the win threshold and
        the walk-away utility, the criteria met and missed, and the NPV against the party's
        alternatives when the memo has one.
    """
    tone = VERDICT_TONES.get(memo.verdict, "neutral")
    can = "can" if memo.verdict in ("win", "acceptable") else "cannot yet"
    source = (
        f"sealed version {memo.definition_version}"
        if memo.definition_version is not None
        else "the draft (not sealed)"
    )
    parts = [
        f"<div class='nw-memo' data-party='{memo.party}'>",
        f"<h4>Why {esc(memo.party_name)} {can} say yes to “{esc(memo.package_name)}”</h4>",
        f"<span class='nw-verdict nw-{tone}'>{esc(verdict_label(memo.verdict))}</span>",
        f"<div class='nw-ww-small'>Judged by {esc(memo.party_name)}'s definition of winning, "
        f"{esc(source)}, as if both sides had already signed.</div>",
        "<ul>",
        f"<li>Utility <b>{number(memo.utility, 1)}</b> of 100: "
        f"{_gap(memo.utility, memo.win_threshold)} the win threshold "
        f"({number(memo.win_threshold)}) and {_gap(memo.utility, memo.reservation_utility)} "
        f"the walk-away utility ({number(memo.reservation_utility)}).</li>",
        "</ul>",
    ]
    for title, items, mark, cls in (
        ("What it gives them", memo.criteria_met, "✓", "nw-yes"),
        ("Where they give ground or miss", memo.criteria_missed, "✗", "nw-no"),
    ):
        if items:
            parts.append(f"<b>{title}</b><ul>")
            parts += [
                f"<li><span class='{cls}'>{mark}</span> {esc(c.sentence)}</li>" for c in items
            ]
            parts.append("</ul>")
    if memo.npv is not None:
        line = f"Over the whole relationship: an NPV of <b>{_money(memo.npv, currency)}</b>"
        if memo.batr is not None:
            side = "above" if memo.npv >= memo.batr else "below"
            line += (
                f", {side} its best alternative relationship (BATR) of "
                f"{_money(memo.batr, currency)}"
            )
        line += "."
        if memo.batna is not None:
            line += (
                f" Its best one-off alternative (BATNA) is worth {_money(memo.batna, currency)} "
                "per period."
            )
        parts.append(f"<div>{line}</div>")
        if memo.batr is not None and memo.npv < memo.batr:
            parts.append(
                "<div class='nw-banner nw-warn'>The best alternative relationship is worth "
                "more than this one: check the projection before signing.</div>"
            )
    parts.append("</div>")
    return "".join(parts)
