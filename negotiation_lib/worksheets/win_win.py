"""Worksheet 3, the win-win definition: trust first, then what winning means to each side.

The page starts with the trust check (the trust equation seen from both sides and the
negotiation-style diagnostic), because win-win needs trust both ways. Then each party states
what winning looks like: issues, weights, scores, must-haves, a win threshold and a walk-away
utility. A definition is sealed when it is shared; later changes are amendments with a reason
and a visible list of what moved. Candidate agreements are scored for both sides against the
sealed definitions, placed on the Pareto frontier, and for the chosen one the page writes the
two justifications: assume the agreement is made, then show each party why it is good for it.
"""

from __future__ import annotations

import copy
import itertools
import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument, PathLike, path_text
from negotiation_lib.domain.case import (
    STYLE_ITEMS,
    Case,
    PartyDefinition,
    SealedDefinition,
    WinWin,
    missing_sections,
)
from negotiation_lib.domain.errors import CaseError, Problem
from negotiation_lib.domain.seal import (
    amend,
    amendments,
    definition_sha256,
    diff_definitions,
    seal,
)
from negotiation_lib.domain.trust import READY_STYLE, READY_TRUST, TrustResult, assess_trust
from negotiation_lib.domain.win_win import (
    IssueValue,
    JustificationMemo,
    PackageScore,
    Party,
    WinWinResult,
    assess_win_win,
    definition_in_force,
    justification_memo,
)
from negotiation_lib.figures import win_win as figures
from negotiation_lib.report import chosen_package, memos_for, package_npvs
from negotiation_lib.worksheets.fields import (
    BoundField,
    Column,
    ListEditor,
    choice_field,
    close_tree,
    field_class,
    lines_field,
    number_field,
    text_field,
)
from negotiation_lib.worksheets.page import (
    FigureSlot,
    Tone,
    card,
    concept,
    esc,
    header_html,
    kpi_tiles,
    money,
    number,
    plotly_warmup,
    problem_banner,
    style,
)
from negotiation_lib.worksheets.shared_models import (
    relayout,
    set_display,
    shared_layout,
    sharing_models,
)

__all__ = [
    "STYLE_STATEMENTS",
    "IssueShape",
    "WinWinResults",
    "WinWinWorksheet",
    "compute",
    "format_points",
    "issue_shapes",
    "justify",
    "memo_html",
    "parse_points",
    "reconcile",
    "tidy_paths",
]

log = logging.getLogger(__name__)

PARTIES: tuple[Party, Party] = ("seller", "customer")

STYLE_STATEMENTS: dict[str, str] = {
    "cpt_open_high": "We start with a demand well above what we expect to settle for.",
    "cpt_cards_close": "We keep our real position and our numbers to ourselves.",
    "cpt_small_concessions": "We give ground in small steps, and we let the customer move first.",
    "cpt_use_power": (
        "When we hold the stronger hand we press it; when we do not, we try to weaken theirs."
    ),
    "cpt_walkaway_figure": (
        "We fix a bottom-line number in advance and leave the table if we fall under it."
    ),
    "cpt_first_offer": "We turn down the customer's first offer, however good it looks.",
    "trust_fair_clear": (
        "We agree with the customer up front that a fair outcome, once found, will be "
        "obvious to both of us."
    ),
    "trust_share_model": (
        "We open our whole economic model to the customer: costs, margins and how we price."
    ),
    "trust_principled_discounts": (
        "Every discount we grant, and every one we refuse, follows a principle we can state."
    ),
    "trust_project_x100": (
        "We judge a deal by playing it forward as if it repeated many times, for both sides."
    ),
    "trust_never_mislead": (
        "We tell the customer only the truth, all of it, and never leave a false impression."
    ),
    "trust_assume_agreement": (
        "We start from the agreement we expect and test whether we can justify it to each side."
    ),
}
"""The practice each style-diagnostic item asks about, in the workbook's own words."""

ANSWERS: list[tuple[str, int]] = [
    ("not answered", 0),
    ("1 · disagree", 1),
    ("2", 2),
    ("3 · undecided", 3),
    ("4", 4),
    ("5 · agree", 5),
]

FACTORS = (
    ("credibility", "Credibility", "Can what we say be believed?"),
    ("reliability", "Reliability", "Do we do what we say we will?"),
    ("intimacy", "Intimacy", "Does the customer feel safe telling us difficult things?"),
    (
        "self_orientation",
        "Self-orientation",
        "How much we seem to care about our own gain rather than theirs (lower is better).",
    ),
)

EXPLAIN = {
    "trust equation": (
        "Trust = (credibility + reliability + intimacy) / self-orientation. Credibility is "
        "whether our words can be believed, reliability whether our actions match them, "
        "intimacy whether the customer feels safe sharing with us; self-orientation, how much "
        "we seem to be in it for ourselves, divides all the rest. Rate each from 1 to 10, once "
        "as we see ourselves and once as we believe the customer sees us: the gap between the "
        "two views is often the lesson."
    ),
    "CPT against trust-based negotiating": (
        "Competitive, power-based, transactional (CPT) negotiating treats the buyer as an "
        "opponent, information as ammunition and the signature as the end of the story. The "
        "trust-based way puts the relationship ahead of any single deal, shares information "
        "openly, and judges a deal by what it does to both sides over many repetitions. The "
        "twelve statements place the team on three dimensions (relationship first, full "
        "transparency, the long term), from 0 for fully CPT to 100 for fully trust-based."
    ),
    "readiness for win-win": (
        "Win-win needs trust in both directions, and trust is earned by what you do over time. "
        f"Here, ready means the customer's view of us scores at least {READY_TRUST:.0f} and our "
        f"style at least {READY_STYLE:.0f}/100. Otherwise the honest answer is 'not yet', and "
        "the first job is to build trust, not to design packages."
    ),
    "a definition of winning": (
        "Each party weights the issues, scores every option (or points along a numeric range) "
        "from 0 to 100, and sums them into a utility from 0 to 100. Must-haves are hard limits. "
        "An agreement is feasible when both parties' must-haves hold and both reach their "
        "walk-away utility, and win-win when both also reach their win threshold."
    ),
    "moving the goalposts": (
        "Saying early what winning means to you lets the other side look for agreements that "
        "serve you too; sealing fixes that statement with a fingerprint and a date. Changing it "
        "afterwards is sometimes honest, because circumstances do change, but it is also the "
        "classic way to gain leverage, and the other side cannot tell the two apart unless the "
        "change is visible, dated and explained. A silent change teaches them that your word "
        "moves when it suits you, and win-win ends there. So every change to a sealed "
        "definition is an amendment: a new version, a reason, and exactly what moved."
    ),
    "the Pareto frontier": (
        "An agreement is Pareto efficient when no other agreement is better for one party "
        "without being worse for the other; together they form the frontier. Three fair points "
        "on it: Nash maximizes the product of both parties' gains over walking away, "
        "Kalai–Smorodinsky gives each party the same share of the most it could gain, and "
        "egalitarian makes the smaller of the two gains as large as possible."
    ),
    "'assume agreement, then justify it'": (
        "Instead of haggling towards a deal, suppose the agreement is already signed and write, "
        "for each party in turn, why it is good for them by their own definition of winning. If "
        "either justification cannot be written honestly, the agreement is not fair yet: change "
        "it before you propose it."
    ),
}

_CSS = """
<style>
.nw-ww-issue { border: 1px solid var(--nw-line); border-radius: 6px; padding: 6px 10px;
               margin: 6px 0; gap: 2px; }
.nw-ww-issue-title { font-weight: 600; font-size: 14px; }
.nw-ww-issue-title span { font-weight: 400; color: var(--nw-muted); font-size: 12px; }
.nw-ww-gap { gap: 12px; }
.nw-ww-trust-tiles .nw-tile { min-width: 128px; }
.nw-ww-line { gap: 10px; align-items: flex-start; flex-wrap: wrap; }
.nw-ww-small { color: var(--nw-muted); font-size: 12px; }
.nw-ww-item { gap: 8px; align-items: center; border-bottom: 1px solid #f0f2f5; padding: 2px 0; }
.nw-ww-item-text { font-size: 13px; }
.nw-ww-group { font-weight: 600; font-size: 13px; margin: 8px 0 2px; }
.nw-ww-state { font-size: 14px; margin: 4px 0; }
.nw-ww-state ul, .nw-ww-history ul { margin: 2px 0 6px 0; padding-left: 20px; font-size: 13px; }
.nw-ww-history .nw-ww-reason { font-style: italic; }
table.nw-ww-table { border-collapse: collapse; font-size: 13px; width: 100%; }
table.nw-ww-table th { text-align: left; color: var(--nw-muted); font-weight: 600;
                       border-bottom: 1px solid var(--nw-line); padding: 4px 6px; }
table.nw-ww-table td { border-bottom: 1px solid #f0f2f5; padding: 4px 6px; }
table.nw-ww-table td.nw-num { text-align: right; font-variant-numeric: tabular-nums; }
table.nw-ww-table tr.nw-ww-chosen td { background: #f1f7f1; font-weight: 600; }
.nw-yes { color: var(--nw-good); } .nw-no { color: var(--nw-bad); }
.nw-ww-table td, .nw-ww-table th, .nw-memo, .nw-ww-state, .nw-ww-history, .nw-ww-notes,
.nw-ww-item-text, .nw-ww-small, .nw-ww-text { line-height: 1.4; }
table.nw-ww-table td.nw-flag { white-space: nowrap; }
table.nw-ww-solutions { margin-top: 4px; }
.nw-ww-memos { display: flex; flex-wrap: wrap; gap: 16px; }
.nw-ww-memos .nw-memo { flex: 1 1 420px; min-width: 320px; }
.nw-memo h4 { margin: 4px 0; font-size: 15px; }
.nw-memo ul { margin: 2px 0 6px; padding-left: 20px; font-size: 13px; }
.nw-verdict { display: inline-block; border-radius: 10px; padding: 1px 10px; font-size: 12px;
              font-weight: 600; margin: 2px 0 4px; }
.nw-verdict.nw-good { background: #edf7ed; color: #1e4620; }
.nw-verdict.nw-warn { background: #fff4e5; color: #663c00; }
.nw-verdict.nw-bad { background: #fdecea; color: #7f1d1d; }
.nw-ww-notes { font-size: 13px; }
.nw-ww-notes li { margin-bottom: 3px; }
</style>
"""


# --------------------------------------------------------------------------- results


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
        The package to propose (:func:`negotiation_lib.report.chosen_package`), if any.
    thresholds
        Each party's win threshold in the definition it is scored with, when known.
    notes
        What is not filled in yet, in words.
    errors
        Problems the domain reported while scoring (for example a sealed definition that
        names an issue which was since renamed).
    """

    trust: TrustResult | None
    win_win: WinWinResult | None
    chosen: PackageScore | None
    thresholds: tuple[float | None, float | None]
    notes: tuple[str, ...]
    errors: tuple[Problem, ...]


_NOTES = {
    "trust": "The trust check is not filled in yet.",
    "trust.seller_view": "Rate how the seller sees itself on the four trust factors.",
    "trust.customer_view": "Rate how the customer sees the seller on the four trust factors.",
    "trust.style_answers": "Answer the twelve style statements.",
    "win_win": "Nothing on the win-win definition yet: start with the issues.",
    "win_win.issues": "List the issues the agreement has to settle.",
    "win_win.seller": "The seller has not said yet what winning looks like.",
    "win_win.customer": "The customer has not said yet what winning looks like.",
    "win_win.packages": "Add at least one candidate agreement (package) to score.",
}


def compute(case: Case | None, *, use_drafts: bool = False) -> WinWinResults:
    """Compute the worksheet's results (pure; no widgets).

    Parameters
    ----------
    case
        The last valid case, or None.
    use_drafts
        Score the drafts instead of the latest sealed definitions (a preview).
    """
    if case is None:
        return WinWinResults(None, None, None, (None, None), (), ())
    missing = missing_sections(case)
    notes = tuple(_NOTES[m] for m in missing if m in _NOTES and m.startswith(("trust", "win_win")))
    trust = assess_trust(case.trust) if case.trust is not None else None
    ww = case.win_win
    result: WinWinResult | None = None
    chosen: PackageScore | None = None
    thresholds: tuple[float | None, float | None] = (None, None)
    errors: tuple[Problem, ...] = ()
    ready = (
        ww is not None
        and bool(ww.issues)
        and not any(m in missing for m in ("win_win.seller", "win_win.customer"))
    )
    if ww is not None and ready:
        try:
            result = assess_win_win(ww, use_drafts=use_drafts)
            thresholds = (
                definition_in_force(ww, "seller", use_draft=use_drafts).definition.win_threshold,
                definition_in_force(ww, "customer", use_draft=use_drafts).definition.win_threshold,
            )
            chosen = chosen_package(result)
        except CaseError as err:
            result, errors = None, err.problems
    return WinWinResults(trust, result, chosen, thresholds, notes, errors)


def justify(
    case: Case, package: PackageScore, *, use_drafts: bool = False
) -> tuple[JustificationMemo, JustificationMemo]:
    """Write both justification memos for a package ("assume agreement, then justify it").

    With the sealed definitions this is :func:`negotiation_lib.report.memos_for`; with
    ``use_drafts`` the same memos are judged against the drafts.

    Raises
    ------
    CaseError
        When a party's definition cannot score the package.
    """
    if not use_drafts:
        return memos_for(case, package)
    assert case.win_win is not None
    ww = case.win_win
    pkg = next(p for p in ww.packages if p.name == package.name)
    npvs = package_npvs(case, package)
    rel = case.relationship
    out: list[JustificationMemo] = []
    for k, (party, name) in enumerate((("seller", case.seller), ("customer", case.customer))):
        npv = batna = batr = None
        if npvs is not None:
            npv = npvs[k]
            if rel is not None:
                batna = getattr(rel, f"{party}_batna_per_period")
                batr = getattr(rel, f"{party}_batr_npv")
        out.append(
            justification_memo(
                ww,
                pkg,
                PARTIES[k],
                use_drafts=True,
                party_name=name,
                npv=npv,
                batna=batna,
                batr=batr,
                currency=case.currency,
            )
        )
    return out[0], out[1]


# --------------------------------------------------------------------------- text helpers


def _value_text(value: IssueValue) -> str:
    return f"{value:,.12g}" if isinstance(value, int | float) else str(value)


def _when(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%d %b %Y, %H:%M UTC")


_VERDICTS: dict[str, tuple[str, Tone]] = {
    "win": ("A win", "good"),
    "acceptable": ("Acceptable, short of a win", "warn"),
    "below_walk_away": ("Below the walk-away utility", "bad"),
    "must_have_missed": ("Breaks a must-have", "bad"),
}


def _gap(value: float, level: float) -> str:
    side = "above" if value >= level else "below"
    return f"{number(abs(value - level))} {side}"


def memo_html(memo: JustificationMemo, currency: str = "") -> str:
    """One party's justification memo as HTML, built from its fields (every string escaped).

    The memo's Markdown ``text`` is never rendered: names in it are typed by trainees.
    """
    label, tone = _VERDICTS[memo.verdict]
    can = "can" if memo.verdict in ("win", "acceptable") else "cannot yet"
    source = (
        f"sealed version {memo.definition_version}"
        if memo.definition_version is not None
        else "the draft (not sealed)"
    )
    parts = [
        f"<div class='nw-memo' data-party='{memo.party}'>",
        f"<h4>Why {esc(memo.party_name)} {can} say yes to “{esc(memo.package_name)}”</h4>",
        f"<span class='nw-verdict nw-{tone}'>{esc(label)}</span>",
        f"<div class='nw-ww-small'>Judged by {esc(memo.party_name)}'s definition of winning, "
        f"{esc(source)}, as if both sides had already signed.</div>",
        "<ul>",
        f"<li>Utility <b>{number(memo.utility)}</b> of 100: "
        f"{_gap(memo.utility, memo.win_threshold)} the win threshold "
        f"({number(memo.win_threshold, 0)}) and {_gap(memo.utility, memo.reservation_utility)} "
        f"the walk-away utility ({number(memo.reservation_utility, 0)}).</li>",
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
        line = f"Over the whole relationship: an NPV of <b>{money(memo.npv, currency)}</b>"
        if memo.batr is not None:
            side = "above" if memo.npv >= memo.batr else "below"
            line += (
                f", {side} its best alternative relationship (BATR) of {money(memo.batr, currency)}"
            )
        line += "."
        if memo.batna is not None:
            line += (
                f" Its best one-off alternative (BATNA) is worth {money(memo.batna, currency)} "
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


# --------------------------------------------------------------------------- score points


def _as_number(text: str) -> float | int:
    value = float(text.strip().replace("\u00a0", "").replace(" ", ""))
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("not finite")
    return int(value) if value.is_integer() else value


def parse_points(text: str) -> list[list[float | int]] | None:
    """Read the score points of a numeric issue, typed as ``value:score`` pairs.

    Points are separated by commas or semicolons; they are sorted by value. Empty text
    means "no points" (None). Raises ValueError with a message for the trainee otherwise.

    Examples
    --------
    >>> parse_points("300:0, 320:100")
    [[300, 0], [320, 100]]
    >>> parse_points("")
    >>> parse_points("300-0")
    Traceback (most recent call last):
    ...
    ValueError: Write each point as value:score, for example 300:0, 320:100 (cannot read '300-0').
    """
    parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    if not parts:
        return None
    points: list[list[float | int]] = []
    for part in parts:
        bits = part.split(":")
        try:
            if len(bits) != 2:
                raise ValueError(part)
            x, s = _as_number(bits[0]), _as_number(bits[1])
        except ValueError:
            raise ValueError(
                "Write each point as value:score, for example 300:0, 320:100 "
                f"(cannot read {part[:30]!r})."
            ) from None
        if not 0 <= s <= 100:
            raise ValueError(f"A score must be from 0 to 100 (the point at {x:g} has {s:g}).")
        points.append([x, s])
    points.sort(key=lambda p: p[0])
    for a, b in itertools.pairwise(points):
        if a[0] == b[0]:
            raise ValueError(f"Two points have the value {a[0]:g}: give each value once.")
    return points


def format_points(value: Any) -> str:
    """Show stored score points as the trainee types them (``300:0, 320:100``).

    Examples
    --------
    >>> format_points([[300, 0], [320.5, 100.0]])
    '300:0, 320.5:100'
    """
    if not isinstance(value, list | tuple):
        return ""
    shown = []
    for p in value:
        if isinstance(p, list | tuple) and len(p) == 2:
            shown.append(":".join(f"{v:g}" if isinstance(v, float) else str(v) for v in p))
    return ", ".join(shown)


class _Field(BoundField):
    """A bound input that also clears its own message once a corrected value is accepted.

    (The document's problems may not change when a value typed wrongly is corrected, so the
    message is re-shown here rather than waiting for a change of problems.)
    """

    def _on_input(self, change: dict[str, Any]) -> None:
        super()._on_input(change)
        self._show_message()


class _PointsField(_Field):
    """Score points of a numeric issue, typed as ``300:0, 320:100``."""

    def to_document(self, raw: Any) -> Any:
        return parse_points(str(raw))

    def to_control(self, value: Any) -> Any:
        return format_points(value)


class _AnswerField(_Field):
    """A style answer 1–5; "not answered" removes the key."""

    def to_document(self, raw: Any) -> Any:
        return int(raw) if raw else None

    def to_control(self, value: Any) -> Any:
        return value if isinstance(value, int) and 1 <= value <= 5 else 0


class _OptionalChoice(_Field):
    """A drop-down whose empty choice ("") removes the key."""

    def to_document(self, raw: Any) -> Any:
        return raw or None

    def to_control(self, value: Any) -> Any:
        values = [v for _, v in self.control.options]
        return value if value in values else ""


def _bound(field: BoundField) -> widgets.Widget:
    field.refresh()
    return field.widget


class _PathMessage:
    """A message line for a path that has no input of its own (e.g. all weights together)."""

    def __init__(self, doc: CaseDocument, path: PathLike) -> None:
        self.doc = doc
        self.path = path if isinstance(path, str) else path_text(path)
        self.widget = widgets.HTML()
        self.widget.add_class("nw-msg")
        self.widget.add_class(field_class(self.path))
        self.update()

    def update(self) -> None:
        message = self.doc.problem_at(self.path)
        self.widget.value = f"<span role='alert'>{esc(message)}</span>" if message else ""


# --------------------------------------------------------------------------- issue shapes


@dataclass(frozen=True)
class IssueShape:
    """What the editors need to know of an issue as typed: its name, kind and options."""

    name: str
    kind: str
    options: tuple[str, ...] = ()
    minimum: float | None = None


def issue_shapes(raw: Any) -> tuple[IssueShape, ...]:
    """Read the issues as typed (valid or not) into shapes.

    Examples
    --------
    >>> issue_shapes([{"name": "price", "kind": "numeric", "min": 1, "max": 2, "step": 1}])
    (IssueShape(name='price', kind='numeric', options=(), minimum=1),)
    """
    out: list[IssueShape] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        name = item.get("name")
        kind = item.get("kind")
        options = item.get("options")
        low = item.get("min")
        out.append(
            IssueShape(
                name=name.strip() if isinstance(name, str) else "",
                kind=kind if kind in ("numeric", "options") else "",
                options=tuple(o for o in options if isinstance(o, str))
                if isinstance(options, list)
                else (),
                minimum=low if isinstance(low, int | float) and not isinstance(low, bool) else None,
            )
        )
    return tuple(out)


def _default_value(shape: IssueShape) -> IssueValue | None:
    if shape.kind == "numeric":
        return shape.minimum
    if shape.kind == "options" and shape.options:
        return shape.options[0]
    return None


def _rename_key(d: dict[str, Any], old: str, new: str) -> bool:
    if old not in d or new in d:
        return False
    items = [((new if k == old else k), v) for k, v in d.items()]
    d.clear()
    d.update(items)
    return True


def _fits(kind: str, part: str, value: Any) -> bool:
    """Whether a stored score, must-have or package value has the shape the issue kind needs."""
    if part == "scores":
        return isinstance(value, list if kind == "numeric" else dict)
    if part == "must_haves":
        if not isinstance(value, dict):
            return False
        if kind == "numeric":
            return "allowed" not in value
        return "min" not in value and "max" not in value
    if kind == "numeric":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def reconcile(
    win_win: Mapping[str, Any],
    before: Sequence[IssueShape],
    after: Sequence[IssueShape],
) -> tuple[dict[str, Any] | None, tuple[IssueShape, ...]]:
    """Carry the definitions and packages along when the issues change.

    Renaming an issue (or an option) renames its weight, scores, must-have and package
    values; removing one drops them, since nothing could show or edit them any more; a new
    issue gets a first value in every package; changing an issue's kind drops the scores and
    must-have of the old kind and resets the packages' values. Seals are never touched.

    Parameters
    ----------
    win_win
        The ``win_win`` section as typed.
    before, after
        The issues' shapes before and after the change.

    Returns
    -------
    tuple
        The new section (None when nothing changed), and the shapes to remember as
        "before" next time: a rename that could not be applied yet (an empty or duplicate
        name while typing) keeps the old name, so it is applied once the name is usable.

    Examples
    --------
    >>> ww = {"seller": {"weights": {"price": 1}}, "packages": [{"name": "A",
    ...       "values": {"price": 300}}], "price_issue": "price"}
    >>> new, _ = reconcile(ww, [IssueShape("price", "numeric")], [IssueShape("rate", "numeric")])
    >>> new["seller"]["weights"], new["packages"][0]["values"], new["price_issue"]
    ({'rate': 1}, {'rate': 300}, 'rate')
    """
    ww = copy.deepcopy(dict(win_win))
    parties = [ww[p] for p in PARTIES if isinstance(ww.get(p), dict)]
    packages = [
        p
        for p in ww.get("packages") or []
        if isinstance(p, dict) and isinstance(p.get("values"), dict)
    ]

    def keyed() -> Iterator[dict[str, Any]]:
        for d in parties:
            for part in ("weights", "scores", "must_haves"):
                if isinstance(d.get(part), dict):
                    yield d[part]
        for p in packages:
            yield p["values"]

    changed = False
    remembered = list(after)
    names = [s.name for s in after]
    if len(before) == len(after):
        for k, (old, new) in enumerate(zip(before, after, strict=True)):
            name = new.name
            if old.name != new.name:
                usable = bool(new.name) and names.count(new.name) == 1
                if not usable or old.name in names:
                    remembered[k] = IssueShape(old.name, new.kind, new.options, new.minimum)
                    continue
                for d in keyed():
                    changed |= _rename_key(d, old.name, new.name)
                if ww.get("price_issue") == old.name:
                    ww["price_issue"] = new.name
                    changed = True
            if old.kind != new.kind and new.kind:
                changed |= _reshape(parties, packages, new)
            elif new.kind == "options" and old.options != new.options:
                changed |= _reoption(parties, packages, name, old.options, new.options)
    else:
        removed = {s.name for s in before} - set(names)
        for d in keyed():
            for name in removed & set(d):
                del d[name]
                changed = True
        if ww.get("price_issue") in removed:
            del ww["price_issue"]
            changed = True
        for shape in after:
            if shape.name and shape.name not in {s.name for s in before}:
                value = _default_value(shape)
                for p in packages:
                    if value is not None and shape.name not in p["values"]:
                        p["values"][shape.name] = value
                        changed = True
    return (ww if changed else None), tuple(remembered)


def _reshape(
    parties: list[dict[str, Any]], packages: list[dict[str, Any]], shape: IssueShape
) -> bool:
    changed = False
    for d in parties:
        for part in ("scores", "must_haves"):
            held = d.get(part)
            if (
                isinstance(held, dict)
                and shape.name in held
                and not _fits(shape.kind, part, held[shape.name])
            ):
                del held[shape.name]
                changed = True
    value = _default_value(shape)
    for p in packages:
        if shape.name in p["values"] and not _fits(shape.kind, "values", p["values"][shape.name]):
            if value is None:
                del p["values"][shape.name]
            else:
                p["values"][shape.name] = value
            changed = True
    return changed


def _reoption(
    parties: list[dict[str, Any]],
    packages: list[dict[str, Any]],
    issue: str,
    old: tuple[str, ...],
    new: tuple[str, ...],
) -> bool:
    changed = False
    scores = [d["scores"][issue] for d in parties if isinstance(d.get("scores"), dict)]
    scores = [s for s in scores if isinstance(s, dict)]
    musts = [d["must_haves"] for d in parties if isinstance(d.get("must_haves"), dict)]
    if len(old) == len(new):
        for was, now in zip(old, new, strict=True):
            if was == now or not now or new.count(now) != 1 or was in new:
                continue
            for s in scores:
                changed |= _rename_key(s, was, now)
            for m in musts:
                allowed = (
                    m.get(issue, {}).get("allowed") if isinstance(m.get(issue), dict) else None
                )
                if isinstance(allowed, list) and was in allowed and now not in allowed:
                    allowed[allowed.index(was)] = now
                    changed = True
            for p in packages:
                if p["values"].get(issue) == was:
                    p["values"][issue] = now
                    changed = True
        return changed
    removed = set(old) - set(new)
    for s in scores:
        for option in removed & set(s):
            del s[option]
            changed = True
    for m in musts:
        held = m.get(issue)
        allowed = held.get("allowed") if isinstance(held, dict) else None
        if isinstance(allowed, list) and removed & set(allowed):
            held["allowed"] = [a for a in allowed if a not in removed]
            changed = True
    return changed


def tidy_paths(data: Mapping[str, Any]) -> list[list[str | int]]:
    """Paths of empty objects left behind by cleared fields, which must be removed.

    A trust view whose four factors were all cleared, and a must-have with neither bounds
    nor allowed options, mean "not set": they are deleted rather than stored empty.

    Examples
    --------
    >>> tidy_paths({"trust": {"seller_view": {}}, "win_win": {"seller": {"must_haves":
    ...     {"price": {}, "size": {"allowed": []}, "term": {"min": 1}}}}})
    [['trust', 'seller_view'], ['win_win', 'seller', 'must_haves', 'price'], \
['win_win', 'seller', 'must_haves', 'size']]
    """
    out: list[list[str | int]] = []
    trust = data.get("trust")
    if isinstance(trust, dict):
        for view in ("seller_view", "customer_view"):
            if trust.get(view) == {}:
                out.append(["trust", view])
    ww = data.get("win_win")
    if isinstance(ww, dict):
        for party in PARTIES:
            d = ww.get(party)
            musts = d.get("must_haves") if isinstance(d, dict) else None
            if not isinstance(musts, dict):
                continue
            for issue, m in musts.items():
                if isinstance(m, dict) and not any(
                    m.get(k) not in (None, []) for k in ("min", "max", "allowed")
                ):
                    out.append(["win_win", party, "must_haves", issue])
    return out


# --------------------------------------------------------------------------- editors


def _wrap(children: Sequence[widgets.Widget]) -> widgets.HBox:
    """A row that wraps onto several lines when the page is narrow."""
    box = widgets.HBox(list(children), layout=shared_layout(flex_flow="row wrap"))
    box.add_class("nw-ww-gap")
    return box


def _row(children: Sequence[widgets.Widget]) -> widgets.HBox:
    box = widgets.HBox(list(children))
    box.add_class("nw-ww-line")
    return box


def _small(text: str) -> widgets.HTML:
    return widgets.HTML(f"<span class='nw-ww-small'>{esc(text)}</span>")


def _unique(base: str, taken: Sequence[str]) -> str:
    k, name = 1, base
    while name in taken:
        k += 1
        name = f"{base} {k}"
    return name


class _IssuesEditor(ListEditor):
    """The issues table: a numeric row shows min, max and step; an options row its options."""

    def __init__(self, doc: CaseDocument) -> None:
        self._kinds: list[Any] = []
        self._memory: dict[tuple[str, str], dict[str, Any]] = {}
        self._messages: list[_PathMessage] = []
        super().__init__(
            doc,
            "win_win.issues",
            [
                Column("name", "Issue", width="14em"),
                Column("kind", "Kind", width="8em"),
                Column(
                    "levels", "Range (min, max, step) or options, comma-separated", width="26em"
                ),
            ],
            self._new_issue,
            "Add an issue",
        )

    def _new_issue(self, index: int) -> dict[str, Any]:
        taken = [s.name for s in issue_shapes(self._items())]
        return {
            "name": _unique(f"Issue {index + 1}", taken),
            "kind": "options",
            "options": ["low", "high"],
        }

    def _row(self, index: int) -> widgets.Widget:
        where = [*self.steps, index]
        item = self.doc.get(where)
        kind = item.get("kind") if isinstance(item, dict) else None
        control = widgets.Dropdown(
            options=[("numeric", "numeric"), ("options", "options")],
            value=kind if kind in ("numeric", "options") else None,
            layout=shared_layout(width="100%"),
        )
        control.observe(lambda change, i=index: self._on_kind(i, change["new"]), "value")
        kind_box = widgets.VBox([control])
        # Validation writes "options" after a list index as the union's tag and drops it from
        # paths, so the options field's own path text is the row's; its problems are shown by
        # a message line at the options' path as validation writes it.
        row_path = path_text(where)
        if kind == "numeric":
            message = _PathMessage(self.doc, row_path)
            levels: widgets.Widget = widgets.VBox(
                [
                    _row(
                        [
                            number_field(self.doc, [*where, "min"], "min", width="6.5em"),
                            number_field(self.doc, [*where, "max"], "max", width="6.5em"),
                            number_field(self.doc, [*where, "step"], "step", width="5.5em"),
                        ]
                    ),
                    message.widget,
                ],
                layout=shared_layout(width="100%"),
            )
        else:
            message = _PathMessage(self.doc, f"{row_path}.options")
            options = lines_field(
                self.doc,
                [*where, "options"],
                separator=",",
                placeholder="e.g. none, 6 months, 1 year",
            )
            options.add_class(field_class(f"{row_path}.options"))
            levels = widgets.VBox([options, message.widget], layout=shared_layout(width="100%"))
        self._messages.append(message)
        remove = widgets.Button(
            icon="trash", tooltip="Remove this issue", layout=shared_layout(width="3em")
        )
        remove.add_class("nw-remove")
        remove.on_click(lambda _b, i=index: self.doc.remove(self.steps, i))
        row = widgets.HBox(
            [
                self._cell(
                    text_field(self.doc, [*where, "name"], width="100%", required=True), "14em"
                ),
                self._cell(kind_box, "8em"),
                self._cell(levels, "26em"),
                remove,
            ]
        )
        row.add_class("nw-row")
        return row

    def _on_kind(self, index: int, kind: Any) -> None:
        where = [*self.steps, index]
        item = self.doc.get(where)
        if (
            not isinstance(item, dict)
            or kind not in ("numeric", "options")
            or item.get("kind") == kind
        ):
            return
        name = item.get("name", "")
        self._memory[(str(name), str(item.get("kind")))] = copy.deepcopy(item)
        kept = self._memory.get((str(name), kind))
        if kept is not None:
            new = {**kept, "name": name}
        elif kind == "options":
            new = {"name": name, "kind": "options", "options": _options_from(item)}
        else:
            new = {"name": name, "kind": "numeric", **_range_from(item)}
        self.doc.set(where, new)

    def _kinds_now(self) -> list[Any]:
        return [i.get("kind") if isinstance(i, dict) else None for i in self._items()]

    def _rebuild(self) -> None:
        self._kinds = self._kinds_now()
        self._messages = []
        super()._rebuild()

    def _show_message(self) -> None:
        super()._show_message()
        for m in self._messages:
            m.update()

    def _on_revision(self, change: dict[str, Any]) -> None:
        if len(self._items()) != self._count or self._kinds_now() != self._kinds:
            self._rebuild()
        else:
            self._show_message()


def _options_from(item: Mapping[str, Any]) -> list[str]:
    """Options for an issue turned from numeric to options: its levels when there are few."""
    low, high, step = item.get("min"), item.get("max"), item.get("step")
    if all(isinstance(v, int | float) for v in (low, high, step)) and step > 0:  # type: ignore[operator]
        count = int((high - low) / step + 1e-9) + 1  # type: ignore[operator]
        if 1 < count <= 12:
            return [f"{low + k * step:g}" for k in range(count)]  # type: ignore[operator]
    return ["low", "medium", "high"]


def _range_from(item: Mapping[str, Any]) -> dict[str, float | int]:
    """A range for an issue turned from options to numeric: from its options if they are numbers."""
    try:
        values = sorted(_as_number(o) for o in item.get("options") or [])
    except (ValueError, TypeError):
        values = []
    if len(values) >= 2 and values[0] < values[-1]:
        step = min(b - a for a, b in itertools.pairwise(values) if b > a)
        return {"min": values[0], "max": values[-1], "step": step}
    return {"min": 0, "max": 100, "step": 10}


class _PackagesEditor(ListEditor):
    """The candidate agreements: a name and one value per issue."""

    def __init__(self, doc: CaseDocument, shapes: Sequence[IssueShape]) -> None:
        self.shapes = [s for s in shapes if s.name and s.kind]
        columns = [Column("name", "Package", width="16em")]
        # Issue names are often one long word (price_per_pallet): let the headers wrap.
        columns += [
            Column(s.name, s.name.replace("_", "_\u200b"), width="10em") for s in self.shapes
        ]
        super().__init__(doc, "win_win.packages", columns, self._new_package, "Add a package")

    def _new_package(self, index: int) -> dict[str, Any]:
        taken = [str(p.get("name")) for p in self._items() if isinstance(p, dict)]
        values = {s.name: v for s in self.shapes if (v := _default_value(s)) is not None}
        return {"name": _unique(f"Package {index + 1}", taken), "values": values}

    def _row(self, index: int) -> widgets.Widget:
        where = [*self.steps, index]
        cells = [
            self._cell(text_field(self.doc, [*where, "name"], width="100%", required=True), "16em")
        ]
        for s in self.shapes:
            path = [*where, "values", s.name]
            if s.kind == "numeric":
                w = number_field(self.doc, path, width="100%")
            else:
                w = choice_field(self.doc, path, options=[(o, o) for o in s.options], width="100%")
            relayout(w, width="100%")
            cells.append(self._cell(w, "10em"))
        remove = widgets.Button(
            icon="trash", tooltip="Remove this package", layout=shared_layout(width="3em")
        )
        remove.add_class("nw-remove")
        remove.on_click(lambda _b, i=index: self.doc.remove(self.steps, i))
        row = widgets.HBox([*cells, remove])
        row.add_class("nw-row")
        return row

    def close(self) -> None:
        """Stop listening to the document and close every widget of the table."""
        self.doc.unobserve(self._on_revision, "revision")
        self.doc.unobserve(self._on_reload, "reloads")
        close_tree(self.widget)


class _DefinitionEditor:
    """One party's definition of winning, with its seal, amendments and history."""

    def __init__(self, doc: CaseDocument, party: Party, on_refresh: Callable[[], None]) -> None:
        self.doc = doc
        self.party = party
        self.base: list[str | int] = ["win_win", party]
        self.on_refresh = on_refresh
        self.messages: list[_PathMessage] = []
        self.shown: set[str] = set()
        self.rows = widgets.VBox()
        self.w_weights_msg = _PathMessage(doc, [*self.base, "weights"])
        self.w_other = widgets.HTML()
        self.w_other.add_class("nw-msg")
        self.w_state = widgets.HTML()
        self.w_state.add_class("nw-ww-state")
        self.w_scored = widgets.HTML()
        self.w_seal = widgets.Button(
            description="Seal this definition",
            icon="lock",
            button_style="primary",
            layout=shared_layout(width="auto"),
        )
        self.w_seal.on_click(self._on_seal)
        self.w_reason = widgets.Text(
            placeholder="Why does the definition change? (required)",
            layout=shared_layout(flex="1 1 18em"),
        )
        self.w_amend = widgets.Button(
            description="Amend", icon="pencil", layout=shared_layout(width="auto")
        )
        self.w_amend.on_click(self._on_amend)
        self.w_amend_box = widgets.HBox(
            [self.w_reason, self.w_amend], layout=shared_layout(width="100%")
        )
        self.w_amend_box.add_class("nw-ww-line")
        self.w_seal_msg = widgets.HTML()
        self.w_history = widgets.HTML()
        self.w_history.add_class("nw-ww-history")
        statement = text_field(
            doc,
            [*self.base, "statement"],
            "In one or two sentences: we win if …",
            multiline=True,
            width="98%",
        )
        levels = _row(
            [
                number_field(
                    doc,
                    [*self.base, "win_threshold"],
                    "Win threshold (0–100)",
                    help_text="The utility from which this party counts an agreement as a win.",
                    width="7em",
                ),
                number_field(
                    doc,
                    [*self.base, "reservation_utility"],
                    "Walk-away utility (0–100)",
                    help_text="Below this utility, this party is better off with no agreement.",
                    width="7em",
                ),
            ]
        )
        self.shown |= {
            path_text([*self.base, k])
            for k in ("statement", "win_threshold", "reservation_utility", "weights")
        }
        seal_box = card(
            "Seal and amend",
            [
                self.w_state,
                self.w_scored,
                _row([self.w_seal]),
                self.w_amend_box,
                self.w_seal_msg,
                self.w_history,
            ],
        )
        self.widget = widgets.VBox(
            [statement, self.rows, self.w_weights_msg.widget, levels, self.w_other, seal_box]
        )
        self.widget.add_class(f"nw-ww-party-{party}")
        self.w_reason.add_class("nw-ww-reason")

    # ----------------------------------------------------------- the per-issue rows

    def rebuild(self, shapes: Sequence[IssueShape]) -> None:
        """Rebuild the per-issue inputs for the issues as they are now (values stay)."""
        for row in self.rows.children:
            close_tree(row)
        self.messages = [self.w_weights_msg]
        keep = {path_text([*self.base, k]) for k in ("statement", "win_threshold")}
        keep |= {path_text([*self.base, k]) for k in ("reservation_utility", "weights")}
        self.shown = keep
        rows = [self._issue(s) for s in shapes if s.name and s.kind]
        if not rows:
            rows = [_small("Add issues above; each one gets a weight and scores here.")]
        self.rows.children = rows

    def _mark(self, path: PathLike) -> PathLike:
        self.shown.add(path_text(path))
        return path

    def _message(self, path: PathLike) -> widgets.Widget:
        m = _PathMessage(self.doc, self._mark(path))
        self.messages.append(m)
        return m.widget

    def _issue(self, shape: IssueShape) -> widgets.Widget:
        d, b, name = self.doc, self.base, shape.name
        weight = number_field(
            d,
            self._mark([*b, "weights", name]),
            "Weight",
            optional=True,
            width="5.5em",
            help_text="How much this issue counts; the weights are scaled to sum to 1.",
        )
        scores_path = [*b, "scores", name]
        must = [*b, "must_haves", name]
        if shape.kind == "numeric":
            scores: list[widgets.Widget] = [
                _bound(
                    _PointsField(
                        d,
                        self._mark(scores_path),
                        widgets.Text(
                            placeholder="value:score, e.g. 300:0, 320:100",
                            continuous_update=True,
                            layout=shared_layout(width="17em"),
                        ),
                        "Scores (value:score points, 0–100)",
                        "Points are joined by straight lines; beyond the ends the score stays "
                        "at the end point's score.",
                    )
                )
            ]
            musts: list[widgets.Widget] = [
                number_field(
                    d, self._mark([*must, "min"]), "Must be at least", optional=True, width="6.5em"
                ),
                number_field(
                    d, self._mark([*must, "max"]), "Must be at most", optional=True, width="6.5em"
                ),
            ]
            extra = [self._message(must)]
            kind_text = "numeric"
        else:
            scores = [
                number_field(
                    d,
                    self._mark([*scores_path, option]),
                    option,
                    optional=True,
                    width="5em",
                    help_text=f"Score of '{option}' from 0 to 100",
                )
                for option in shape.options
            ]
            musts = [
                lines_field(
                    d,
                    self._mark([*must, "allowed"]),
                    "Must-have: only these options (comma-separated; empty: any)",
                    separator=",",
                    placeholder="any option",
                    width="24em",
                )
            ]
            extra = [self._message(scores_path), self._message(must)]
            kind_text = f"options: {len(shape.options)}"
        title = widgets.HTML(
            f"<div class='nw-ww-issue-title'>{esc(name)} <span>({esc(kind_text)})</span></div>"
        )
        box = widgets.VBox(
            [title, _row([weight, *scores]), _row(musts), *extra],
        )
        box.add_class("nw-ww-issue")
        return box

    def update_messages(self) -> None:
        """Show messages at paths without an input, and any problem no input shows."""
        for m in self.messages or [self.w_weights_msg]:
            m.update()
        hidden = [
            p
            for p in self.doc.problems_under(self.base)
            if p.path not in self.shown
            and not p.path.startswith(tuple(s + "." for s in self.shown))
        ]
        self.w_other.value = (
            "<ul>" + "".join(f"<li role='alert'>{esc(p)}</li>" for p in hidden) + "</ul>"
            if hidden
            else ""
        )

    # ----------------------------------------------------------- sealing

    def _history(self, ww: WinWin | None) -> tuple[SealedDefinition, ...]:
        if ww is None:
            return ()
        return ww.seals.seller if self.party == "seller" else ww.seals.customer

    def _draft(self, ww: WinWin | None) -> PartyDefinition | None:
        if ww is None:
            return None
        return ww.seller if self.party == "seller" else ww.customer

    def _say(self, text: str, tone: Tone) -> None:
        self.w_seal_msg.value = f"<div class='nw-banner nw-{tone}' role='status'>{esc(text)}</div>"

    def _valid_draft(self) -> PartyDefinition | None:
        """The draft as typed, if the whole win-win section is valid; otherwise say why not."""
        if self.doc.problems_under("win_win"):
            self._say(
                "Fix the messages in red first: only a definition without problems can be sealed.",
                "bad",
            )
            return None
        case = self.doc.case
        draft = self._draft(case.win_win if case else None)
        if draft is None:
            self._say(f"There is no {self.party} definition to seal yet.", "bad")
        return draft

    def _on_seal(self, _button: widgets.Button) -> None:
        draft = self._valid_draft()
        if draft is None:
            return
        case = self.doc.case
        if self._history(case.win_win if case else None):
            self._say("This definition is already sealed: amend it instead.", "bad")
            return
        try:
            sealed = seal(draft, datetime.now(UTC))
        except CaseError as err:
            self._say(err.message, "bad")
            return
        self.doc.append(["win_win", "seals", self.party], sealed.model_dump(mode="json"))
        self._say(f"Sealed as version {sealed.version}. Share it with the other party.", "good")
        self.on_refresh()

    def _on_amend(self, _button: widgets.Button) -> None:
        draft = self._valid_draft()
        if draft is None:
            return
        case = self.doc.case
        history = self._history(case.win_win if case else None)
        try:
            sealed = amend(history, draft, self.w_reason.value, datetime.now(UTC))
        except CaseError as err:
            self._say(err.message, "bad")
            return
        self.doc.append(["win_win", "seals", self.party], sealed.model_dump(mode="json"))
        self.w_reason.value = ""
        self._say(f"Amended: version {sealed.version} is sealed, with its reason.", "good")
        self.on_refresh()

    def show(self, case: Case | None, version: int | None, scored: bool) -> None:
        """Redraw the seal state, the buttons and the history from the last valid case."""
        ww = case.win_win if case else None
        history = self._history(ww)
        draft = self._draft(ww)
        who = esc(getattr(case, self.party)) if case else self.party
        if not history:
            state = "<b>Draft, not sealed.</b> Seal it when you share it with the other party."
        else:
            latest = history[-1]
            sealed_line = f"Sealed as version {latest.version} on {_when(latest.sealed_at)}."
            if draft is None or definition_sha256(draft) == latest.sha256:
                state = f"<b>{sealed_line}</b>"
            else:
                changes = diff_definitions(latest.definition, draft)
                n = len(changes)
                state = (
                    f"<b>The draft differs from sealed version {latest.version}: {n} "
                    f"change{'s' if n != 1 else ''}.</b> Amend to seal them, with a reason."
                    "<ul>" + "".join(f"<li>{esc(c.sentence)}</li>" for c in changes) + "</ul>"
                )
        self.w_state.value = f"<div class='nw-ww-text'>{state}</div>"
        if not scored:
            self.w_scored.value = ""
        elif version is None:
            self.w_scored.value = (
                f"<div class='nw-ww-small'>{who} is scored with the <b>draft</b>.</div>"
            )
        else:
            self.w_scored.value = (
                f"<div class='nw-ww-small'>{who} is scored with <b>sealed version {version}</b>"
                " (the latest seal, not the draft).</div>"
            )
        set_display(self.w_seal, not history)
        set_display(self.w_amend_box, bool(history))
        items = []
        for a in amendments(history):
            moved = "".join(f"<li>{esc(c.sentence)}</li>" for c in a.changes)
            items.append(
                f"<li>Version {a.version}, {esc(_when(a.sealed_at))}: "
                f"<span class='nw-ww-reason'>“{esc(a.reason)}”</span><ul>{moved}</ul></li>"
            )
        if items:
            self.w_history.value = (
                f"<div class='nw-banner nw-warn'><b>Goalposts moved:</b> {who} amended its "
                f"sealed definition {len(items)} time{'s' if len(items) != 1 else ''}.</div>"
                f"<div class='nw-ww-text'><ul>{''.join(items)}</ul></div>"
            )
        elif history:
            self.w_history.value = "<div class='nw-ww-small'>No amendments since sealing.</div>"
        else:
            self.w_history.value = ""


# --------------------------------------------------------------------------- the page


class WinWinWorksheet:
    """The win-win definition page for one case document.

    Parameters
    ----------
    doc
        The case being edited.
    query
        The URL query to carry to the other worksheets' links (``case=...``).
    """

    def __init__(self, doc: CaseDocument, query: str = "") -> None:
        self.doc = doc
        self.query = query
        self._updating = False
        self._picked: str | None = None
        self._shapes = issue_shapes(doc.get("win_win.issues"))
        self._built: tuple[IssueShape, ...] | None = None
        self.w_header = widgets.HTML()
        self.w_banner = widgets.HTML()
        self.w_errors = widgets.HTML()
        self.w_notes = widgets.HTML()
        self.w_trust_tiles = widgets.HTML()
        self.w_trust_tiles.add_class("nw-ww-trust-tiles")
        self.w_trust_notes = widgets.HTML()
        self.trust_chart = FigureSlot(460)
        self.style_chart = FigureSlot(400)
        self.w_price_issue = widgets.Box()
        self.w_packages = widgets.Box(layout=shared_layout(width="100%"))
        self.packages: _PackagesEditor | None = None
        self.w_use_drafts = widgets.Checkbox(
            value=False,
            indent=False,
            description="Preview: score the drafts instead of the sealed versions",
            layout=shared_layout(width="auto"),
        )
        self.w_use_drafts.observe(self._on_use_drafts, "value")
        self.w_ww_tiles = widgets.HTML()
        self.w_walk_away = widgets.HTML()
        self.w_table = widgets.HTML()
        self.w_solutions = widgets.HTML()
        self.pareto_chart = FigureSlot(620)
        self.w_agreement = widgets.Dropdown(
            description="Agreement", layout=shared_layout(width="28em")
        )
        self.w_agreement.observe(self._on_agreement, "value")
        self.w_memos = widgets.HTML()
        self.editors = {p: _DefinitionEditor(doc, p, self.refresh) for p in PARTIES}
        self._party_titles: dict[str, tuple[widgets.HTML, str]] = {}
        self.widget = widgets.VBox(
            [
                style(),
                widgets.HTML(_CSS, layout=shared_layout(display="none")),
                self.w_header,
                self.w_banner,
                self.w_errors,
                self.w_notes,
                *self._sections(),
                plotly_warmup(),
            ]
        )
        self.widget.add_class("nw-page")
        self._rebuild_editors(issue_shapes(doc.get("win_win.issues")))
        doc.observe(self._on_change, "revision")
        doc.observe(self._on_reload, "reloads")
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _sections(self) -> list[widgets.Widget]:
        d = self.doc

        def view(which: str, title: str) -> widgets.Widget:
            fields = [
                number_field(
                    d,
                    ["trust", which, key],
                    f"{label} (1–10)",
                    optional=True,
                    help_text=hint,
                    width="6em",
                )
                for key, label, hint in FACTORS
            ]
            return widgets.VBox(
                [widgets.HTML(f"<div class='nw-ww-group'>{esc(title)}</div>"), *fields],
                layout=shared_layout(flex="1 1 200px"),
            )

        def item(key: str) -> widgets.Widget:
            control = widgets.Dropdown(options=ANSWERS, layout=shared_layout(width="10em"))
            answer = _bound(_AnswerField(d, ["trust", "style_answers", key], control, ""))
            answer.layout = shared_layout(flex="0 0 10.5em")
            text = widgets.HTML(
                f"<div class='nw-ww-item-text'>{esc(STYLE_STATEMENTS[key])}</div>",
                layout=shared_layout(flex="1 1 0%", min_width="0"),
            )
            row = widgets.HBox([text, answer])
            row.add_class("nw-ww-item")
            return row

        cpt = [k for k in STYLE_ITEMS if k.startswith("cpt_")]
        trusting = [k for k in STYLE_ITEMS if k.startswith("trust_")]
        trust_inputs = card(
            "1 · Trust check",
            [
                concept("the trust equation", EXPLAIN["trust equation"]),
                _wrap(
                    [
                        view("seller_view", "How we see ourselves"),
                        view("customer_view", "How the customer sees us"),
                    ]
                ),
                concept(
                    "CPT against trust-based negotiating",
                    EXPLAIN["CPT against trust-based negotiating"],
                ),
                _small("How far does each statement describe how our team negotiates?"),
                widgets.HTML(
                    "<div class='nw-ww-group'>Competitive, power-based, transactional habits</div>"
                ),
                *[item(k) for k in cpt],
                widgets.HTML("<div class='nw-ww-group'>Trust-based practices</div>"),
                *[item(k) for k in trusting],
            ],
        )
        trust_results = card(
            "Are we ready for win-win?",
            [
                self.w_trust_tiles,
                self.w_trust_notes,
                concept("readiness for win-win", EXPLAIN["readiness for win-win"]),
                self.trust_chart.widget,
                self.style_chart.widget,
            ],
        )
        self.issues = issues = _IssuesEditor(d)
        issues_card = card(
            "2 · The issues on the table",
            [
                concept("a definition of winning", EXPLAIN["a definition of winning"]),
                issues.widget,
                self.w_price_issue,
            ],
            explain="Everything the agreement has to settle: a number (a price, a term) or a "
            "choice between options.",
        )
        definitions = card(
            "3 · What winning looks like, for each party",
            [
                concept("moving the goalposts", EXPLAIN["moving the goalposts"]),
                _wrap(
                    [
                        self._party_column("seller", "The seller"),
                        self._party_column("customer", "The customer"),
                    ]
                ),
            ],
        )
        packages = card(
            "4 · Candidate agreements",
            [self.w_packages],
            explain="Packages to score: one value for every issue.",
        )
        results = card(
            "5 · Which agreement is fair to both sides?",
            [
                self.w_use_drafts,
                self.w_ww_tiles,
                self.w_walk_away,
                _wrap(
                    [
                        widgets.VBox(
                            [
                                self.w_table,
                                concept("the Pareto frontier", EXPLAIN["the Pareto frontier"]),
                            ],
                            layout=shared_layout(flex="1 1 480px", min_width="380px"),
                        ),
                        widgets.VBox(
                            [self.pareto_chart.widget],
                            layout=shared_layout(flex="1.4 1 720px", min_width="720px"),
                        ),
                    ]
                ),
                self.w_solutions,
            ],
        )
        justification = card(
            "6 · Assume agreement, then justify it to each party",
            [
                concept(
                    "'assume agreement, then justify it'",
                    EXPLAIN["'assume agreement, then justify it'"],
                ),
                self.w_agreement,
                self.w_memos,
            ],
        )
        # Plotly draws a chart 700 pixels wide before the page has laid it out, so the
        # columns that hold charts are kept at least that wide (they wrap below otherwise).
        trust_row = _wrap(
            [
                widgets.VBox(
                    [trust_inputs], layout=shared_layout(flex="1 1 540px", min_width="380px")
                ),
                widgets.VBox(
                    [trust_results], layout=shared_layout(flex="1 1 740px", min_width="740px")
                ),
            ]
        )
        return [
            trust_row,
            issues_card,
            definitions,
            packages,
            results,
            justification,
        ]

    def _party_column(self, party: Party, title: str) -> widgets.Widget:
        editor = self.editors[party]
        heading = widgets.HTML()
        self._party_titles[party] = (heading, title)
        box = widgets.VBox([heading, editor.widget], layout=shared_layout(flex="1 1 560px"))
        return box

    @sharing_models()  # also rebuilt while the trainee edits: keep sharing layouts
    def _rebuild_editors(self, shapes: tuple[IssueShape, ...]) -> None:
        """Rebuild everything laid out per issue: definitions, packages, the price issue."""
        self._built = shapes
        for editor in self.editors.values():
            editor.rebuild(shapes)
        if self.packages is not None:
            self.packages.close()
        self.packages = _PackagesEditor(self.doc, shapes)
        self.w_packages.children = (self.packages.widget,)
        for child in self.w_price_issue.children:
            close_tree(child)
        numeric = [s.name for s in shapes if s.kind == "numeric" and s.name]
        control = widgets.Dropdown(
            options=[("none", ""), *[(n, n) for n in numeric]], layout=shared_layout(width="14em")
        )
        self.w_price_issue.children = (
            _bound(
                _OptionalChoice(
                    self.doc,
                    "win_win.price_issue",
                    control,
                    "The issue that sets the price per unit (optional)",
                    "With a price issue, each justification also projects both parties' NPV "
                    "at the agreement's price.",
                )
            ),
        )

    # ------------------------------------------------------------------ events

    def _on_change(self, _change: dict[str, Any]) -> None:
        shapes = issue_shapes(self.doc.get("win_win.issues"))
        ww = self.doc.get("win_win")
        fixed = None
        if isinstance(ww, dict):
            fixed, self._shapes = reconcile(ww, self._shapes, shapes)
        else:
            self._shapes = shapes
        if fixed is not None:
            self.doc.set("win_win", fixed)  # redraws through the nested revision
            return
        empty = tidy_paths(self.doc.data)
        if empty:
            self.doc.set(empty[0], None)
            return
        if shapes != self._built:
            self._rebuild_editors(shapes)
        self.refresh()

    def _on_reload(self, _change: dict[str, Any]) -> None:
        shapes = issue_shapes(self.doc.get("win_win.issues"))
        self._shapes = shapes
        self._rebuild_editors(shapes)
        self.refresh()

    def _on_use_drafts(self, _change: dict[str, Any]) -> None:
        self.refresh()

    def _on_agreement(self, change: dict[str, Any]) -> None:
        if self._updating:
            return
        self._picked = change["new"]
        self.refresh()

    # ------------------------------------------------------------------ results

    def refresh(self) -> None:
        """Redraw every result from the document's last valid case."""
        case = self.doc.case
        self.w_header.value = header_html("win_win", case, self.query)
        self.w_banner.value = problem_banner(len(self.doc.problems))
        for party, (heading, title) in self._party_titles.items():
            name = getattr(case, party) if case else ""
            heading.value = (
                f"<div class='nw-card-title'>{esc(title)}{': ' + esc(name) if name else ''}</div>"
            )
        for editor in self.editors.values():
            editor.update_messages()
        use_drafts = bool(self.w_use_drafts.value)
        r = compute(case, use_drafts=use_drafts)
        self.w_notes.value = (
            "<div class='nw-banner nw-warn nw-ww-notes'><b>Not filled in yet:</b><ul>"
            + "".join(f"<li>{esc(n)}</li>" for n in r.notes)
            + "</ul></div>"
            if r.notes
            else ""
        )
        self.w_errors.value = (
            "<div class='nw-banner nw-bad' role='alert'><b>The agreements cannot be scored:</b>"
            "<ul>" + "".join(f"<li>{esc(p.message)}</li>" for p in r.errors) + "</ul>"
            "The results below are from the last inputs that could be scored.</div>"
            if r.errors
            else ""
        )
        if case is None:
            return
        self._show_trust(case, r)
        ww = r.win_win
        for party, editor in self.editors.items():
            version = None
            if ww is not None:
                version = ww.seller_version if party == "seller" else ww.customer_version
            editor.show(case, version, ww is not None)
        if ww is not None:
            self._show_win_win(case, r, ww, use_drafts)

    def _show_trust(self, case: Case, r: WinWinResults) -> None:
        t = r.trust
        if t is None or case.trust is None:
            self.w_trust_tiles.value = ""
            self.w_trust_notes.value = (
                "<div class='nw-ww-small'>Rate both views and answer the statements to see "
                "the trust check.</div>"
            )
            return
        ready = t.readiness.ready
        readiness: dict[bool | None, tuple[str, Tone]] = {
            True: ("Yes", "good"),
            False: ("Not yet", "bad"),
            None: ("Not known yet", "neutral"),
        }
        ready_text, ready_tone = readiness[ready]
        customer_tone: Tone = (
            "neutral"
            if t.customer_view is None
            else ("good" if t.customer_view.score >= READY_TRUST else "warn")
        )
        overall = t.style.overall
        style_tone: Tone = (
            "neutral" if overall is None else ("good" if overall >= READY_STYLE else "warn")
        )
        self.w_trust_tiles.value = kpi_tiles(
            [
                (
                    "seller_trust",
                    "Trust: our own view",
                    number(t.seller_view.score if t.seller_view else None),
                    "neutral",
                ),
                (
                    "customer_trust",
                    "Trust: customer's view",
                    number(t.customer_view.score if t.customer_view else None),
                    customer_tone,
                ),
                (
                    "style_overall",
                    "Style: trust-based",
                    "–" if overall is None else f"{overall:.0f}/100",
                    style_tone,
                ),
                ("ready_for_win_win", "Ready for win-win?", ready_text, ready_tone),
            ]
        )
        lines = []
        for label, score in (
            ("our own view", t.seller_view),
            ("the customer's view", t.customer_view),
        ):
            if score is not None:
                weakest = ", ".join(w.replace("_", "-") for w in score.weakest)
                lines.append(f"<li>Weakest factor in {label}: <b>{esc(weakest)}</b></li>")
        lines += [f"<li>{esc(reason)}</li>" for reason in t.readiness.reasons]
        if ready:
            lines.append(
                "<li>The customer's trust and our style are both there: go ahead and define "
                "winning together.</li>"
            )
        self.w_trust_notes.value = f"<ul class='nw-ww-notes'>{''.join(lines)}</ul>"
        self.trust_chart.show(figures.trust_factors(t, case.trust))
        self.style_chart.show(figures.style_profile(t))

    def _show_win_win(
        self, case: Case, r: WinWinResults, ww: WinWinResult, use_drafts: bool
    ) -> None:
        chosen = r.chosen
        self.w_ww_tiles.value = kpi_tiles(
            [
                ("outcomes", "Possible agreements", f"{ww.outcome_count:,}", "neutral"),
                (
                    "feasible",
                    "Feasible for both",
                    f"{ww.feasible_count:,}",
                    "good" if ww.feasible_count else "bad",
                ),
                (
                    "win_win_outcomes",
                    "Win-win",
                    f"{ww.win_win_count:,}",
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
        self.w_walk_away.value = (
            "<div class='nw-banner nw-bad' role='alert'><b>Walk away.</b> "
            f"{esc(ww.walk_away_reason or 'No agreement satisfies both parties.')} Being ready "
            "to leave when the value is not there is part of negotiating in good faith.</div>"
            if ww.recommend_walk_away
            else ""
        )
        self.w_table.value = self._table_html(case, ww, chosen)
        self.w_solutions.value = self._solutions_html(case, ww)
        self.pareto_chart.show(
            figures.pareto_scatter(
                ww,
                seller=case.seller,
                customer=case.customer,
                seller_threshold=r.thresholds[0],
                customer_threshold=r.thresholds[1],
            )
        )
        self._show_memos(case, ww, chosen, use_drafts)

    def _table_html(self, case: Case, ww: WinWinResult, chosen: PackageScore | None) -> str:
        if not ww.packages:
            return "<div class='nw-ww-small'>No packages yet: add one above to score it.</div>"

        def mark(flag: bool) -> str:
            return (
                "<span class='nw-yes'>✓ yes</span>" if flag else "<span class='nw-no'>✗ no</span>"
            )

        rows = "".join(
            f"<tr{' class=nw-ww-chosen' if chosen and p.name == chosen.name else ''}>"
            f"<td>{k}. {esc(p.name)}</td>"
            f"<td class='nw-num'>{number(p.seller_utility)}</td>"
            f"<td class='nw-num'>{number(p.customer_utility)}</td>"
            f"<td class='nw-flag'>{mark(p.feasible)}</td>"
            f"<td class='nw-flag'>{mark(p.win_win)}</td>"
            f"<td class='nw-flag'>{mark(p.pareto_efficient)}</td></tr>"
            for k, p in enumerate(ww.packages, start=1)
        )
        return (
            "<table class='nw-ww-table nw-ww-packages'><tr><th>Package</th>"
            f"<th>{esc(case.seller)}</th><th>{esc(case.customer)}</th><th>Feasible</th>"
            f"<th>Win-win</th><th>Pareto-efficient</th></tr>{rows}</table>"
        )

    def _solutions_html(self, case: Case, ww: WinWinResult) -> str:
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
                    f"<td>{esc(_value_text(o.values[i])) if i in o.values else '–'}</td>"
                    for i in issues
                )
                rows.append(
                    f"<tr><td><b>{name}</b></td>{cells}"
                    f"<td class='nw-num'>{number(o.seller_utility)}</td>"
                    f"<td class='nw-num'>{number(o.customer_utility)}</td>"
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

    def _show_memos(
        self, case: Case, ww: WinWinResult, chosen: PackageScore | None, use_drafts: bool
    ) -> None:
        names = [p.name for p in ww.packages]
        if self._picked in names:
            value: str | None = self._picked
        else:
            value = chosen.name if chosen else (names[0] if names else None)
        self._updating = True
        try:
            options = [(n, n) for n in names]
            if list(self.w_agreement.options) != options:
                self.w_agreement.options = options
            self.w_agreement.value = value
        finally:
            self._updating = False
        package = next((p for p in ww.packages if p.name == value), None)
        if package is None:
            self.w_memos.value = (
                "<div class='nw-ww-small'>Add a package to write its justifications.</div>"
            )
            return
        try:
            memos = justify(case, package, use_drafts=use_drafts)
        except CaseError as err:
            self.w_memos.value = f"<div class='nw-banner nw-bad'>{esc(err.message)}</div>"
            return
        note = (
            ""
            if chosen is None or package.name == chosen.name
            else "<div class='nw-ww-small'>This is not the package the workbook would propose "
            f"(“{esc(chosen.name)}”).</div>"
        )
        if chosen is None:
            note = (
                "<div class='nw-banner nw-warn'>No package is win-win yet: these memos show "
                "what each party would still have to give up.</div>"
            )
        self.w_memos.value = (
            note
            + "<div class='nw-ww-memos'>"
            + "".join(memo_html(m, case.currency) for m in memos)
            + "</div>"
        )
