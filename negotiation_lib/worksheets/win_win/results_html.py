"""The HTML of the win-win worksheet's results: tiles, banners, tables and the memos panel.

Pure functions from results to HTML, no widgets: the view puts what they return into its HTML
widgets, and only when the result they show is new. Every user-typed string (party, package,
issue and option names) is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import Problem
from negotiation_lib.domain.trust import READY_STYLE, READY_TRUST, TrustResult
from negotiation_lib.domain.win_win import (
    Improvement,
    JustificationMemo,
    Outcome,
    PackageEconomics,
    PackageScore,
    WinWinResult,
)
from negotiation_lib.formatting import UNKNOWN, money, number, percent, price_decimals
from negotiation_lib.vocabulary import issue_label
from negotiation_lib.worksheets.page import Tone, esc, kpi_tiles
from negotiation_lib.worksheets.win_win.memo import memo_html
from negotiation_lib.worksheets.win_win.text import value_text

Pricing = Callable[[PackageScore | Outcome], PackageEconomics | None]
"""Prices an agreement through the open book (the assessment's ``package_economics``)."""

FAR_FROM_FAIR = 0.1
"""A seller share this far from the fair share or more is marked (the economics' flag)."""

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


def _names(case: Case) -> dict[str, str]:
    """Each issue's id and the name the page shows (its label, else the id in words)."""
    return case.win_win.issue_labels if case.win_win is not None else {}


def _mark(flag: bool) -> str:
    return "<span class='nw-yes'>✓ yes</span>" if flag else "<span class='nw-no'>✗ no</span>"


def _cents(case_fair: float | None, e: PackageEconomics | None) -> int:
    """Decimals of prices per unit, as the economics worksheet writes them (its fair price)."""
    if case_fair is None and e is not None:
        case_fair = e.fair_price_per_unit
    return price_decimals(case_fair)


def _price_cell(e: PackageEconomics | None, currency: str, case_fair: float | None) -> str:
    if e is None:
        return f"<td class='nw-num'>{UNKNOWN}</td>"
    d = _cents(case_fair, e)
    fair = ""
    # The fair price moves with the options' costs and values: said where it moved.
    own = e.fair_price_per_unit
    if e.price_issue is not None and own is not None and abs(own - (case_fair or own)) > 0.005:
        fair = f"<div class='nw-ww-sub'>fair with these terms: {esc(money(own, currency, d))}</div>"
    return (
        f"<td class='nw-num' data-figure='price'>"
        f"{esc(money(e.pocket_price_per_unit, currency, d))}{fair}</td>"
    )


def _share_cell(e: PackageEconomics | None, fair_share: float) -> str:
    if e is None or e.seller_share is None:
        why = "" if e is None else " title='The package creates no gain over both BATNAs.'"
        return f"<td class='nw-num'{why}>{UNKNOWN}</td>"
    far = abs(e.seller_share - fair_share) >= FAR_FROM_FAIR - 1e-12
    mark = f" <span class='nw-no' title='Fair share: {percent(fair_share)}'>⚠</span>" if far else ""
    return f"<td class='nw-num' data-figure='seller_share'>{percent(e.seller_share, 1)}{mark}</td>"


def _money_cells(
    e: PackageEconomics | None, currency: str, fair_share: float, case_fair: float | None
) -> str:
    if e is None:
        return f"<td class='nw-num'>{UNKNOWN}</td>" * 5
    return (
        _price_cell(e, currency, case_fair)
        + _share_cell(e, fair_share)
        + f"<td class='nw-num' data-figure='retention'>{percent(e.retention, 1)}</td>"
        + f"<td class='nw-num' data-figure='seller_npv'>{esc(money(e.seller_npv, currency))}</td>"
        + f"<td class='nw-num' data-figure='customer_npv'>"
        f"{esc(money(e.customer_npv, currency))}</td>"
    )


def _changes(package: PackageScore, better: Outcome, names: Mapping[str, str]) -> str:
    """The issues on which the better agreement differs from the package, in words."""
    moved = [
        f"{esc(names.get(issue) or issue_label(issue))} {esc(value_text(value))} instead of "
        f"{esc(value_text(package.values[issue])) if issue in package.values else UNKNOWN}"
        for issue, value in better.values.items()
        if package.values.get(issue) != value
    ]
    return "; ".join(moved) if moved else "the same terms"


def _improvement_item(
    case: Case, k: int, package: PackageScore, i: Improvement, price: Pricing | None
) -> str:
    others = (
        "one feasible agreement is"
        if i.dominating_count == 1
        else f"{number(i.dominating_count)} feasible agreements are"
    )
    text = (
        f"<b>Instead of {k}. {esc(package.name)}</b>: {others} better for both sides (at least "
        f"as good for each, better for one). The best balanced: "
        f"{_changes(package, i.outcome, _names(case))}; "
        f"{esc(i.sentence(case.seller, case.customer))} (utility points)."
    )
    e = price(i.outcome) if price is not None else None
    if e is not None:
        cur = case.currency
        text += (
            " Priced through the open book: "
            f"{esc(money(e.pocket_price_per_unit, cur, _cents(None, e)))} per {esc(case.unit)}, "
            f"seller's NPV {esc(money(e.seller_npv, cur))}, customer's "
            f"NPV {esc(money(e.customer_npv, cur))}."
        )
    return f"<li data-package='{k}'>{text}</li>"


def packages_table(
    case: Case,
    ww: WinWinResult,
    chosen: PackageScore | None,
    price: Pricing | None = None,
    fair_price: float | None = None,
) -> str:
    """The candidate agreements scored for both parties and priced through the open book.

    Parameters
    ----------
    case
        The case (names, currency, unit, period, the fair share).
    ww
        The scored packages.
    chosen
        The package to propose: its row stands out.
    price
        Prices an agreement (the assessment's
        :meth:`~negotiation_lib.assessment.CaseAssessment.package_economics`); None, or a
        price of None for every package, leaves the money columns out.
    fair_price
        The case's fair price per unit: a package whose options move its own fair price
        away from it shows its own under its price.

    Returns
    -------
    str
        A table with, per package, both utilities, whether it is feasible, win-win and
        Pareto-efficient and, when priced, its pocket price (and the fair price with its
        terms when its options move it), the seller's share of the gain over both BATNAs,
        the chance of each renewal and both NPVs. Under the table, for each dominated package,
        the best agreement that is better for both and what each side gains (a list, as in
        the report, so that the table keeps one row per package).
    """
    if not ww.packages:
        return "<div class='nw-ww-small'>No packages yet: add one above to score it.</div>"
    priced = [price(p) if price is not None else None for p in ww.packages]
    money_shown = any(e is not None for e in priced)
    fair_share = case.economics.fair_share if case.economics is not None else 0.5
    linked = case.win_win is not None and case.win_win.pocket_price_issue is not None
    period = esc(case.period or "period")
    head = (
        "<tr><th>Package</th>"
        f"<th>Utility for {esc(case.seller)} (0–100)</th>"
        f"<th>Utility for {esc(case.customer)} (0–100)</th>"
        "<th>Feasible</th><th>Win-win</th><th>Pareto-efficient</th>"
    )
    if money_shown:
        head += (
            f"<th>Pocket price per {esc(case.unit or 'unit')}</th>"
            f"<th>{esc(case.seller)}'s share of the gain</th>"
            f"<th>Chance of renewing each {period}</th>"
            f"<th>Seller's NPV ({esc(case.seller)})</th>"
            f"<th>Customer's NPV ({esc(case.customer)})</th>"
        )
    head += "</tr>"
    rows = []
    better = []
    for k, (p, e) in enumerate(zip(ww.packages, priced, strict=True), start=1):
        row = (
            f"<tr{' class=nw-ww-chosen' if chosen and p.name == chosen.name else ''}>"
            f"<td>{k}. {esc(p.name)}</td>"
            f"<td class='nw-num'>{number(p.seller_utility, 1)}</td>"
            f"<td class='nw-num'>{number(p.customer_utility, 1)}</td>"
            f"<td class='nw-flag'>{_mark(p.feasible)}</td>"
            f"<td class='nw-flag'>{_mark(p.win_win)}</td>"
            f"<td class='nw-flag'>{_mark(p.pareto_efficient)}</td>"
        )
        if money_shown:
            row += _money_cells(e, case.currency, fair_share, fair_price)
        rows.append(row + "</tr>")
        if p.improvement is not None:
            better.append(_improvement_item(case, k, p, p.improvement, price))
    improvements = f"<ul class='nw-ww-improvements'>{''.join(better)}</ul>" if better else ""
    note = _money_note(case, priced, linked, fair_share, fair_price) if money_shown else ""
    return (
        f"<table class='nw-ww-table nw-ww-packages'>{head}{''.join(rows)}</table>"
        f"{improvements}{note}"
    )


def _money_note(
    case: Case,
    priced: Sequence[PackageEconomics | None],
    linked: bool,
    fair_share: float,
    fair_price: float | None,
) -> str:
    rel = case.relationship
    horizon = (
        f"over up to {number(rel.repetitions)} {esc(case.period or 'period')}s at a discount "
        f"rate of {percent(rel.discount_rate, 1)}"
        if rel is not None
        else "over the relationship"
    )
    text = (
        "Priced through the open book: the share is the seller's part of the gain over both "
        f"sides' BATNAs (⚠ marks a share {percent(FAR_FROM_FAIR)} or more away from the fair "
        f"{percent(fair_share)}), and each NPV is that side's value of the relationship "
        f"{horizon}, in {esc(case.currency)}."
    )
    if linked and fair_price is not None:
        text += (
            f" The fair price is {esc(money(fair_price, case.currency, _cents(fair_price, None)))}"
            " per "
            f"{esc(case.unit)}: it gives {esc(case.seller)} exactly its fair share of the gain."
        )
    if not linked:
        first = next((e for e in priced if e is not None), None)
        at = (
            f" ({esc(money(first.pocket_price_per_unit, case.currency, _cents(fair_price, first)))}"
            " per "
            f"{esc(case.unit)})"
            if first is not None
            else ""
        )
        text += (
            " No issue is the price per unit, so every package is priced at the case's own "
            f"pocket price{at}: tick “This issue is the price per unit” on a numeric issue to "
            "price each package at its own value."
        )
    return f"<div class='nw-ww-small nw-ww-money-note'>{text}</div>"


def solutions_table(case: Case, ww: WinWinResult) -> str:
    """The three fair points on the Pareto frontier, with the value of every issue."""
    if not ww.frontier:
        return "<div class='nw-ww-small'>No fair points: nothing is feasible for both.</div>"
    issues = [i.name for i in case.win_win.issues] if case.win_win else []
    names = _names(case)
    head = "".join(f"<th>{esc(names[name])}</th>" for name in issues)
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
    period: str = "period",
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
        + "".join(memo_html(m, currency, period) for m in memos)
        + "</div>"
    )
