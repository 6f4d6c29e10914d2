"""The HTML of the win-win worksheet's results: tiles, banners, tables and the memos panel.

Pure functions from results to HTML, no widgets: the view puts what they return into its HTML
widgets, and only when the result they show is new. Every user-typed string (party, package,
issue and option names) is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence

from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import Problem
from negotiation_lib.domain.trust import READY_STYLE, READY_TRUST, TrustResult
from negotiation_lib.domain.win_win import JustificationMemo, PackageScore, WinWinResult
from negotiation_lib.formatting import UNKNOWN, number
from negotiation_lib.worksheets.page import Tone, esc, kpi_tiles
from negotiation_lib.worksheets.win_win.memo import memo_html
from negotiation_lib.worksheets.win_win.text import value_text

__all__ = [
    "NO_TRUST_YET",
    "errors_banner",
    "memos_panel",
    "notes_banner",
    "packages_table",
    "solutions_table",
    "trust_notes",
    "trust_tiles",
    "walk_away_banner",
    "win_win_tiles",
]

NO_TRUST_YET = (
    "<div class='nw-ww-small'>Rate both views and answer the statements to see the trust "
    "check.</div>"
)
"""What the trust results say while the trust section is missing."""

_READINESS: dict[bool | None, tuple[str, Tone]] = {
    True: ("Yes", "good"),
    False: ("Not yet", "bad"),
    None: ("Not known yet", "neutral"),
}


def notes_banner(notes: Sequence[str]) -> str:
    """The banner listing what is not filled in yet (empty when everything is)."""
    if not notes:
        return ""
    items = "".join(f"<li>{esc(n)}</li>" for n in notes)
    return (
        "<div class='nw-banner nw-warn nw-ww-notes'><b>Not filled in yet:</b>"
        f"<ul>{items}</ul></div>"
    )


def errors_banner(errors: Sequence[Problem]) -> str:
    """The banner saying why the agreements cannot be scored (empty when they can)."""
    if not errors:
        return ""
    items = "".join(f"<li>{esc(p.message)}</li>" for p in errors)
    return (
        "<div class='nw-banner nw-bad' role='alert'><b>The agreements cannot be scored:</b>"
        f"<ul>{items}</ul>The results below are from the last inputs that could be scored.</div>"
    )


# --------------------------------------------------------------------------- trust


def trust_tiles(t: TrustResult) -> str:
    """The trust check's headline tiles: both trust scores, the style and the readiness."""
    ready_text, ready_tone = _READINESS[t.readiness.ready]
    customer_tone: Tone = (
        "neutral"
        if t.customer_view is None
        else ("good" if t.customer_view.score >= READY_TRUST else "warn")
    )
    overall = t.style.overall
    style_tone: Tone = (
        "neutral" if overall is None else ("good" if overall >= READY_STYLE else "warn")
    )
    return kpi_tiles(
        [
            (
                "seller_trust",
                "Trust: our own view",
                number(t.seller_view.score if t.seller_view else None, 1),
                "neutral",
            ),
            (
                "customer_trust",
                "Trust: customer's view",
                number(t.customer_view.score if t.customer_view else None, 1),
                customer_tone,
            ),
            (
                "style_overall",
                "Style: trust-based",
                UNKNOWN if overall is None else f"{number(overall)}/100",
                style_tone,
            ),
            ("ready_for_win_win", "Ready for win-win?", ready_text, ready_tone),
        ]
    )


def trust_notes(t: TrustResult) -> str:
    """The weakest factor of each view, and why the parties are (not) ready for win-win."""
    lines = []
    for label, score in (("our own view", t.seller_view), ("the customer's view", t.customer_view)):
        if score is not None:
            weakest = ", ".join(w.replace("_", "-") for w in score.weakest)
            lines.append(f"<li>Weakest factor in {label}: <b>{esc(weakest)}</b></li>")
    lines += [f"<li>{esc(reason)}</li>" for reason in t.readiness.reasons]
    if t.readiness.ready:
        lines.append(
            "<li>The customer's trust and our style are both there: go ahead and define "
            "winning together.</li>"
        )
    return f"<ul class='nw-ww-notes'>{''.join(lines)}</ul>"


# --------------------------------------------------------------------------- agreements


def win_win_tiles(ww: WinWinResult, chosen: PackageScore | None) -> str:
    """The agreements' tiles: how many are possible, feasible and win-win; which to propose."""
    return kpi_tiles(
        [
            ("outcomes", "Possible agreements", number(ww.outcome_count), "neutral"),
            (
                "feasible",
                "Feasible for both",
                number(ww.feasible_count),
                "good" if ww.feasible_count else "bad",
            ),
            (
                "win_win_outcomes",
                "Win-win",
                number(ww.win_win_count),
                "good" if ww.win_win_count else "warn",
            ),
            (
                "chosen_package",
                "Package to propose",
                esc(chosen.name) if chosen else "none",
                "good" if chosen else "warn",
            ),
        ]
    )


def walk_away_banner(ww: WinWinResult) -> str:
    """The advice to walk away when no agreement works for both sides (empty otherwise)."""
    if not ww.recommend_walk_away:
        return ""
    return (
        "<div class='nw-banner nw-bad' role='alert'><b>Walk away.</b> "
        f"{esc(ww.walk_away_reason or 'No agreement satisfies both parties.')} Being ready "
        "to leave when the value is not there is part of negotiating in good faith.</div>"
    )


def _mark(flag: bool) -> str:
    return "<span class='nw-yes'>✓ yes</span>" if flag else "<span class='nw-no'>✗ no</span>"


def packages_table(case: Case, ww: WinWinResult, chosen: PackageScore | None) -> str:
    """The candidate agreements scored for both parties; the one to propose stands out."""
    if not ww.packages:
        return "<div class='nw-ww-small'>No packages yet: add one above to score it.</div>"
    rows = "".join(
        f"<tr{' class=nw-ww-chosen' if chosen and p.name == chosen.name else ''}>"
        f"<td>{k}. {esc(p.name)}</td>"
        f"<td class='nw-num'>{number(p.seller_utility, 1)}</td>"
        f"<td class='nw-num'>{number(p.customer_utility, 1)}</td>"
        f"<td class='nw-flag'>{_mark(p.feasible)}</td>"
        f"<td class='nw-flag'>{_mark(p.win_win)}</td>"
        f"<td class='nw-flag'>{_mark(p.pareto_efficient)}</td></tr>"
        for k, p in enumerate(ww.packages, start=1)
    )
    return (
        "<table class='nw-ww-table nw-ww-packages'><tr><th>Package</th>"
        f"<th>{esc(case.seller)}</th><th>{esc(case.customer)}</th><th>Feasible</th>"
        f"<th>Win-win</th><th>Pareto-efficient</th></tr>{rows}</table>"
    )


def solutions_table(case: Case, ww: WinWinResult) -> str:
    """The three fair points on the Pareto frontier, with the value of every issue."""
    if not ww.frontier:
        return "<div class='nw-ww-small'>No fair points: nothing is feasible for both.</div>"
    issues = [i.name for i in case.win_win.issues] if case.win_win else []
    head = "".join(f"<th>{esc(name)}</th>" for name in issues)
    rows = []
    for label, outcomes in (
        ("Nash", ww.nash),
        ("Kalai–Smorodinsky", ww.kalai_smorodinsky),
        ("Egalitarian", ww.egalitarian),
    ):
        for k, o in enumerate(outcomes):
            name = label if k == 0 else f"{label} (tied)"
            cells = "".join(
                f"<td>{esc(value_text(o.values[i])) if i in o.values else UNKNOWN}</td>"
                for i in issues
            )
            rows.append(
                f"<tr><td><b>{name}</b></td>{cells}"
                f"<td class='nw-num'>{number(o.seller_utility, 1)}</td>"
                f"<td class='nw-num'>{number(o.customer_utility, 1)}</td>"
                f"<td>{'✓ yes' if o.win_win else '✗ no'}</td></tr>"
            )
    return (
        f"<div class='nw-ww-small'>{len(ww.frontier)} agreements lie on the Pareto "
        "frontier. The three fair points on it, with the value of every issue:</div>"
        f"<table class='nw-ww-table nw-ww-solutions'><tr><th>Fair point</th>{head}"
        f"<th>{esc(case.seller)}</th><th>{esc(case.customer)}</th><th>Win-win</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def memos_panel(
    memos: tuple[JustificationMemo, JustificationMemo],
    package: PackageScore,
    chosen: PackageScore | None,
    currency: str,
) -> str:
    """Both justification memos of a package, with a word when it is not the one to propose."""
    if chosen is None:
        note = (
            "<div class='nw-banner nw-warn'>No package is win-win yet: these memos show "
            "what each party would still have to give up.</div>"
        )
    elif package.name != chosen.name:
        note = (
            "<div class='nw-ww-small'>This is not the package the workbook would propose "
            f"(“{esc(chosen.name)}”).</div>"
        )
    else:
        note = ""
    return (
        note
        + "<div class='nw-ww-memos'>"
        + "".join(memo_html(m, currency) for m in memos)
        + "</div>"
    )
