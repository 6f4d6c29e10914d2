"""The win-win sections: each side's sealed definition of winning, and the proposed agreement.

``definitions`` prints each party's definition in force (sealed or draft) with its seal
history, fingerprints and any amendment ("the goalposts moved"); ``memos`` scores every
candidate agreement, names the one to propose and prints both justification memos. The memos
and the Pareto chart come from the assessment (``a.win_win``, ``a.chosen``,
``a.chosen_memos``, ``a.thresholds``).
"""

from __future__ import annotations

from collections.abc import Mapping

from negotiation_lib.domain.case import MustHave, PartyDefinition, SealedDefinition
from negotiation_lib.domain.seal import amendments, goalposts_moved, verify
from negotiation_lib.domain.win_win import describe_must_have, normalized_weights
from negotiation_lib.exports.brief.layout import (
    Brief,
    NotReadyError,
    bullet_list,
    date_text,
    explain,
    figure_value,
    refused,
    table,
    tiles,
)
from negotiation_lib.exports.brief.markdown import markdown_html
from negotiation_lib.figures.win_win import pareto_scatter
from negotiation_lib.formatting import UNKNOWN, escape, number
from negotiation_lib.vocabulary import issue_label, verdict_label

__all__ = ["definitions_section", "memos_section"]


# --------------------------------------------------------------------------- definitions


def _scores_text(score: object) -> str:
    """A party's scores for one issue: per option, or the points of a numeric issue."""
    if isinstance(score, dict):
        return " · ".join(f"{k} {number(float(v), 1, trim=True)}" for k, v in score.items())
    if isinstance(score, tuple):
        return " · ".join(
            f"{number(x, 2, trim=True)} → {number(s, 1, trim=True)}" for x, s in score
        )
    return UNKNOWN


def _definition_table(b: Brief, definition: PartyDefinition, must: Mapping[str, MustHave]) -> str:
    ww = b.case.win_win
    assert ww is not None
    weights = normalized_weights(definition, ww.issues)
    rows = []
    for issue in ww.issues:
        m = must.get(issue.name)
        scores = definition.scores.get(issue.name)
        rows.append(
            f"<tr><td>{escape(issue.display_name)}</td>"
            f"<td class='num'>{number(100 * weights.get(issue.name, 0.0), 0)}%</td>"
            f"<td>{escape(_scores_text(scores))}</td>"
            f"<td>{escape(describe_must_have(m)) if m is not None else UNKNOWN}</td></tr>"
        )
    return table(["Issue", "Weight", "Scores (0–100)", "Must-have"], rows, cls="wide")


def _seal_line(s: SealedDefinition) -> str:
    check = (
        "<span class='ok'>fingerprint checks out</span>"
        if verify(s)
        else "<span class='bad'>changed after sealing: the fingerprint does not match</span>"
    )
    return (
        f"<tr><td class='num'>{s.version}</td><td>{escape(date_text(s.sealed_at.date()))} "
        f"{escape(s.sealed_at.strftime('%H:%M %Z').strip())}</td>"
        f"<td><code class='sha'>{escape(s.sha256)}</code></td>"
        f"<td>{escape(s.reason or 'first seal')}</td><td>{check}</td></tr>"
    )


def _party_definition(b: Brief, party: str, name: str) -> list[str]:
    """One party's definition in force, its seal history and any amendment."""
    ww = b.case.win_win
    assert ww is not None
    history: tuple[SealedDefinition, ...] = getattr(ww.seals, party)
    draft: PartyDefinition | None = getattr(ww, party)
    out = [f"<h3>{escape(name)}</h3>"]
    if history:
        latest = history[-1]
        definition = latest.definition
        out.append(
            f"<p>Sealed version {latest.version}, on "
            f"{escape(date_text(latest.sealed_at.date()))}. SHA-256 fingerprint: "
            f"<code class='sha'>{escape(latest.sha256)}</code></p>"
        )
    elif draft is not None:
        definition = draft
        out.append(
            "<p class='verdict warn'>Not sealed yet: this is a draft, which may still "
            "change without notice.</p>"
        )
    else:
        out.append("<p class='note'>This side has not said yet what winning means.</p>")
        return out
    if definition.statement.strip():
        out.append(f"<blockquote>{escape(definition.statement)}</blockquote>")
    out.append(
        f"<p>A win from a score of <b>{number(definition.win_threshold, 1, trim=True)}</b> "
        f"out of 100; walks away below "
        f"<b>{number(definition.reservation_utility, 1, trim=True)}</b>.</p>"
    )
    out.append(_definition_table(b, definition, definition.must_haves))
    if history:
        out.append(
            "<h4>Seal history</h4>"
            + table(
                ["Version", "Sealed", "SHA-256", "Reason", "Check"],
                [_seal_line(s) for s in history],
                cls="wide seals",
            )
        )
    if goalposts_moved(history):
        out.append(
            f"<p class='verdict warn'>The goalposts moved: {escape(name)} amended its "
            "definition after sharing it.</p>"
        )
        for a in amendments(history, ww.issue_labels if ww is not None else None):
            out.append(
                f"<div class='amendment'><div><b>Version {a.version}</b>, "
                f"{escape(date_text(a.sealed_at.date()))}: {escape(a.reason)}</div>"
                f"{bullet_list(c.sentence for c in a.changes)}</div>"
            )
    return out


def definitions_section(b: Brief) -> str:
    """What winning means to each side: the sealed definitions, their seals and amendments."""
    ww = b.case.win_win
    if ww is None or not ww.issues:
        raise NotReadyError(
            "The win-win worksheet is not filled in yet: list the issues and let each side say "
            "what winning looks like."
        )
    out = [
        explain(
            "Before talking price, each side wrote down what winning means to it: how much",
            "each issue matters, how it scores each outcome, what it must have, and the score",
            "it needs to call the deal a win. Each definition was <b>sealed</b> when shared: its",
            "SHA-256 fingerprint changes if a single figure changes, so any later change shows",
            "up as a dated amendment with its reason.",
        )
    ]
    for party, name in (("seller", b.case.seller), ("customer", b.case.customer)):
        out += _party_definition(b, party, name)
    return "".join(out)


# --------------------------------------------------------------------------- the agreement


def _values_text(values: Mapping[str, float | str], names: Mapping[str, str]) -> str:
    """An agreement's terms, each issue by its name (``names``: the case's issue labels)."""
    return "; ".join(
        f"{names.get(k) or issue_label(k)}: "
        + (v if isinstance(v, str) else number(v, 2, trim=True))
        for k, v in values.items()
    )


def _improvement_text(improvement: object, names: Mapping[str, str]) -> str:
    """The report's improvement of a package in words: its terms and what each side gains.

    Plain text (escape it for HTML).
    """
    if isinstance(improvement, str):
        return improvement
    if isinstance(improvement, dict):
        values = improvement.get("values")
        terms = _values_text(values, names) if isinstance(values, dict) else ""
        sentence = improvement.get("sentence")
        said = sentence if isinstance(sentence, str) else ""
        return f"{terms} ({said})" if terms and said else terms or said or UNKNOWN
    return UNKNOWN


def _proposal(b: Brief, index: int) -> list[str]:
    """The proposed package: its terms and both sides' scores."""
    ww = b.case.win_win
    assert ww is not None
    pkg = ww.packages[index]
    terms = [
        f"<tr><td>{escape(ww.issue_labels.get(k) or issue_label(k))}</td><td>"
        f"{escape(v) if isinstance(v, str) else number(v, 2, trim=True)}</td></tr>"
        for k, v in pkg.values.items()
    ]
    return [
        f"<h3>Proposed: {escape(pkg.name)}</h3>",
        table(["Issue", "Agreed"], terms),
        tiles(
            [
                b.tile(
                    f"win_win.packages[{index}].seller_utility",
                    f"Score for {b.case.seller}",
                    lambda x: f"{number(x, 1, trim=True)}/100",
                ),
                b.tile(
                    f"win_win.packages[{index}].customer_utility",
                    f"Score for {b.case.customer}",
                    lambda x: f"{number(x, 1, trim=True)}/100",
                ),
            ]
        ),
    ]


def _memos(b: Brief) -> str:
    """Both justification memos of the chosen package, the customer's first."""
    memos = b.assessment.chosen_memos
    if memos is None:
        return ""
    out = ["<h3>Why each side can say yes</h3><div class='memos'>"]
    for party, memo in (("customer", memos[1]), ("seller", memos[0])):
        path = f"win_win.memos.{party}.utility"
        utility = b.value(path)
        out.append(
            f"<article class='memo' data-memo='{party}'>{markdown_html(memo.text)}"
            f"<p class='memo-figures'>In short: "
            f"{escape(verdict_label(memo.verdict, sentence=True))}, with a score of "
            f"<span data-figure='{path}' data-value='{figure_value(utility)}'>"
            f"{number(utility, 1, trim=True)}</span> out of 100.</p></article>"
        )
    out.append("</div>")
    return "".join(out)


def memos_section(b: Brief) -> str:
    """The proposed agreement: every package scored, the proposal and why each side says yes."""
    ww = b.case.win_win
    result = b.assessment.win_win
    if ww is None or result is None or "win_win" not in b.report:
        if ww is not None and b.assessment.problems_in("win_win"):
            raise refused(b.assessment, "win_win", "The agreements cannot be scored")
        raise NotReadyError(
            "The win-win worksheet is not complete yet: both sides' definitions of winning "
            "and at least one candidate agreement are needed."
        )
    w = b.report["win_win"]
    if not w["packages"]:
        raise NotReadyError("No candidate agreement is listed yet on the win-win worksheet.")
    yes = {True: "yes", False: "no"}
    out = [
        explain(
            "Each candidate agreement is scored from 0 to 100 for each side against that side's",
            "own sealed definition of winning. An agreement is <b>feasible</b> when it meets",
            "both sides' must-haves and beats both walk-away scores, and <b>win-win</b> when",
            "both sides also reach their win thresholds. The proposal is the win-win agreement",
            "that balances the two sides' gains best; for each side it is then explained on",
            "that side's own terms.",
        )
    ]
    # The packages' NPVs are in the report once the case prices its packages through the
    # open book; until then the table shows the scores alone.
    priced = all(
        isinstance(pkg.get("economics"), dict)
        and {"seller_npv", "customer_npv"} <= set(pkg["economics"])
        for pkg in w["packages"]
    )
    rows = []
    chosen_index: int | None = None
    for k, pkg in enumerate(w["packages"]):
        if pkg["name"] == w.get("chosen_package"):
            chosen_index = k
        npvs = (
            b.cell(f"win_win.packages[{k}].economics.seller_npv", b.money)
            + b.cell(f"win_win.packages[{k}].economics.customer_npv", b.money)
            if priced
            else ""
        )
        rows.append(
            f"<tr><td>{escape(pkg['name'])}</td>"
            f"<td>{escape(_values_text(ww.packages[k].values, ww.issue_labels))}</td>"
            + b.cell(f"win_win.packages[{k}].seller_utility", lambda x: number(x, 1, trim=True))
            + b.cell(f"win_win.packages[{k}].customer_utility", lambda x: number(x, 1, trim=True))
            + npvs
            + f"<td>{yes[pkg['feasible']]}</td><td>{yes[pkg['win_win']]}</td></tr>"
        )
    ready = b.report.get("trust", {}).get("ready_for_win_win")
    if ready is False:
        out.append(
            "<p class='verdict warn'>The trust check says the two sides are not ready for a "
            "win-win agreement yet: each memo below says first what to work on.</p>"
        )
    if chosen_index is None:
        reason = w.get("walk_away_reason") or (
            "None of the candidate agreements is a win for both sides."
        )
        out.append(
            "<p class='verdict bad'>No candidate agreement is a win for both sides. "
            f"{escape(reason)} Unless a new package changes that, walking away is the honest "
            "recommendation.</p>"
        )
    else:
        out += _proposal(b, chosen_index)
    out.append("<h3>Every candidate agreement</h3>")
    out.append(
        table(
            [
                "Agreement",
                "Terms",
                f"Score for {b.case.seller} (0–100)",
                f"Score for {b.case.customer} (0–100)",
                *((f"{b.case.seller}'s NPV", f"{b.case.customer}'s NPV") if priced else ()),
                "Feasible",
                "Win-win",
            ],
            rows,
            cls="wide",
        )
    )
    better = [
        f"Instead of {pkg['name']}: {_improvement_text(pkg['improvement'], ww.issue_labels)}."
        for pkg in w["packages"]
        if pkg.get("improvement") is not None
    ]
    if better:
        out.append("<h4>Agreements that are better for both sides</h4>" + bullet_list(better))
    out.append(_memos(b))
    seller_threshold, customer_threshold = b.assessment.thresholds
    fig = pareto_scatter(
        result,
        seller=b.case.seller,
        customer=b.case.customer,
        seller_threshold=seller_threshold,
        customer_threshold=customer_threshold,
        issue_names=ww.issue_labels,
    )
    out.append(b.chart(fig, "win_win.pareto"))
    return "".join(out)
