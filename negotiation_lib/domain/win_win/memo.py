"""Justification memos: assume an agreement is made, then show a party why it is good for them.

Each memo judges the agreement on the party's own terms (its must-haves, weighted issues, win
threshold and walk-away utility) and, when given, against its best alternatives, like with
like: the agreement's NPV of the relationship beside the BATNA taken every period as an NPV
and the best alternative relationship (BATR), never beside a per-period figure. When the trust
check says the two sides are not ready for win-win, the memo says so first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from negotiation_lib.domain.case import Issue, Package, PartyDefinition, WinWin
from negotiation_lib.domain.economics import Zopa
from negotiation_lib.domain.trust import READY_STYLE, READY_TRUST, TrustResult
from negotiation_lib.domain.win_win.results import Outcome
from negotiation_lib.domain.win_win.utilities import (
    TOLERANCE,
    IssueValue,
    Party,
    _exact,
    _must_have_mask,
    _package_levels,
    _scores_of,
    definition_in_force,
    describe_must_have,
    normalized_weights,
    utility,
)
from negotiation_lib.formatting import money, number

__all__ = ["Criterion", "JustificationMemo", "justification_memo"]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One of a party's criteria, checked against an agreement.

    Attributes
    ----------
    issue
        The issue the criterion is about.
    kind
        ``"must_have"`` (a hard requirement) or ``"score"`` (a weighted issue, met when its
        score reaches the party's win threshold on its own).
    value
        The agreement's value for the issue.
    requirement
        What the party asks for, in words (``"at least 305"``, ``"a score of 60 or more"``).
    score
        The party's score (0-100) of the value, or ``None`` if the issue is not scored.
    weight
        The issue's normalized weight for the party (0 when unweighted).
    met
        Whether the agreement satisfies the criterion.
    sentence
        The criterion and its outcome as a sentence.
    label
        The issue as users read it (its label, else its id in words).
    """

    issue: str
    kind: Literal["must_have", "score"]
    value: IssueValue
    requirement: str
    score: float | None
    weight: float
    met: bool
    sentence: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class JustificationMemo:
    """Why one party can accept an agreement: "assume agreement, then justify it".

    Attributes
    ----------
    party, party_name
        Which side the memo is for, and the name it is addressed by.
    package_name
        The agreement's name.
    values
        The agreement's value per issue.
    definition_version
        The sealed version of the party's definition used (``None``: the draft).
    utility, win_threshold, reservation_utility
        The party's utility of the agreement and its two reference levels (0-100).
    above_threshold, above_reservation
        ``utility - win_threshold`` and ``utility - reservation_utility`` (negative: short).
    must_haves_met
        Whether every must-have of the party holds.
    verdict
        ``"win"`` (must-haves met, utility at least the threshold), ``"acceptable"`` (at least
        the walk-away utility), ``"below_walk_away"`` or ``"must_have_missed"``.
    criteria_met, criteria_missed
        Must-haves and weighted issues, split by whether the agreement satisfies them.
    npv
        The party's NPV of the relationship under this agreement, when given (money, the
        case's currency).
    batna
        The party's best one-off alternative *per period*, when given: shown beside the NPVs,
        never compared with them.
    batna_npv
        That alternative taken every period, as an NPV: what the NPV is compared with.
    batr
        The NPV of the party's best alternative relationship.
    colr_net
        What losing the relationship after this agreement would cost the party beyond moving
        to its best alternative relationship (COLR less BATR, an NPV).
    ready_for_win_win
        The trust check's verdict (None when it is not filled in).
    trust_factor
        When the sides are not ready, the weakest factor of the customer's trust in the
        seller, to work on first (``"credibility"``, ``"reliability"``, ``"intimacy"`` or
        ``"self_orientation"``); else None.
    text
        The memo as Markdown, in plain words. User-typed names are not escaped.
    """

    party: Party
    party_name: str
    package_name: str
    values: dict[str, IssueValue]
    definition_version: int | None
    utility: float
    win_threshold: float
    reservation_utility: float
    above_threshold: float
    above_reservation: float
    must_haves_met: bool
    verdict: Literal["win", "acceptable", "below_walk_away", "must_have_missed"]
    criteria_met: tuple[Criterion, ...]
    criteria_missed: tuple[Criterion, ...]
    npv: float | None
    batna: float | None
    batna_npv: float | None
    batr: float | None
    colr_net: float | None
    ready_for_win_win: bool | None
    trust_factor: str | None
    text: str


def _shown(value: IssueValue) -> str:
    return _exact(value) if isinstance(value, float) else str(value)


def _criteria(
    definition: PartyDefinition, issues: Sequence[Issue], values: Mapping[str, IssueValue]
) -> list[Criterion]:
    weights = normalized_weights(definition, issues)
    levels = _package_levels(issues, values)
    out: list[Criterion] = []
    for issue, level in zip(issues, levels, strict=True):
        value = values[issue.name]
        shown = _shown(value)
        scored = issue.name in definition.scores
        score = float(_scores_of(definition, issue, level)[0]) if scored else None
        weight = weights[issue.name]
        must = definition.must_haves.get(issue.name)
        if must is not None:
            met = bool(_must_have_mask(must, issue, level)[0])
            wanted = describe_must_have(must)
            verb = "meets" if met else "breaks"
            out.append(
                Criterion(
                    issue=issue.name,
                    kind="must_have",
                    value=value,
                    requirement=wanted,
                    score=score,
                    weight=weight,
                    met=met,
                    sentence=f"{issue.display_name} is {shown}, which {verb} the must-have "
                    f"({wanted}).",
                    label=issue.display_name,
                )
            )
        if weight > 0 and score is not None:
            met = score >= definition.win_threshold - TOLERANCE
            wanted = f"a score of {_exact(definition.win_threshold)} or more"
            how = "delivers" if met else "gives ground"
            out.append(
                Criterion(
                    issue=issue.name,
                    kind="score",
                    value=value,
                    requirement=wanted,
                    score=score,
                    weight=weight,
                    met=met,
                    sentence=(
                        f"{issue.display_name} is {shown}: scores {number(score, 1)} with "
                        f"{weight:.0%} of the weight ({how})."
                    ),
                    label=issue.display_name,
                )
            )
    return out


def _side(value: float, level: float) -> str:
    return "above" if value >= level - TOLERANCE else "below"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


_FACTOR_WORDS = {
    "credibility": "credibility (whether what the seller says can be believed)",
    "reliability": "reliability (whether the seller does what it says)",
    "intimacy": "intimacy (whether the customer feels safe sharing with the seller)",
    "self_orientation": "self-orientation (how much the seller seems to serve itself first)",
}


def _trust_factor(trust: TrustResult | None) -> str | None:
    if trust is None or trust.readiness.ready is not False:
        return None
    view = trust.customer_view or trust.seller_view
    return view.weakest[0] if view is not None and view.weakest else None


def _trust_lines(trust: TrustResult | None, factor: str | None) -> list[str]:
    if trust is None or trust.readiness.ready is not False:
        return []
    line = "**Not ready for win-win yet.** The trust check says the two sides are not ready: "
    why = []
    view = trust.customer_view
    if view is not None and view.score < READY_TRUST:
        why.append(
            f"the customer's trust in the seller scores {number(view.score, 1)}, below "
            f"{number(READY_TRUST, 1)}"
        )
    if trust.style.overall is not None and trust.style.overall < READY_STYLE:
        why.append(
            f"the seller's negotiating style scores {number(trust.style.overall)} out of 100, "
            "closer to competitive and transactional than to trust-based"
        )
    line += "; and ".join(why) if why else "the trust check is not passed"
    line += "."
    if factor is not None:
        line += (
            f" Work first on the weakest trust factor, {_FACTOR_WORDS.get(factor, factor)}, "
            "before proposing a win-win agreement."
        )
    return [line, ""]


def _relationship_lines(
    name: str,
    npv: float | None,
    batna_npv: float | None,
    batr: float | None,
    colr_net: float | None,
    currency: str,
) -> list[str]:
    if npv is None:
        return []
    gaps = [
        f"{money(abs(npv - alternative), currency)} {_side(npv, alternative)} the {label} "
        f"(NPV {money(alternative, currency)})"
        for label, alternative in (
            ("BATNA taken every period", batna_npv),
            ("best alternative relationship, BATR", batr),
        )
        if alternative is not None
    ]
    line = f"- Over the whole relationship: an NPV of {money(npv, currency)} for {name}"
    if gaps:
        line += ", " + " and ".join(gaps)
    lines = [line + "."]
    if colr_net is not None:
        if colr_net >= 0:
            lines.append(
                f"- Ending the relationship after this deal would cost {name} "
                f"{money(colr_net, currency)} in later deals beyond what its best alternative "
                "relationship would bring (net COLR, an NPV)."
            )
        else:
            lines.append(
                f"- Ending the relationship after this deal would cost {name} nothing net: "
                f"its best alternative relationship is worth {money(-colr_net, currency)} more "
                "than the later deals of this one (net COLR, an NPV)."
            )
    return lines


def justification_memo(
    win_win: WinWin,
    package: Package | Outcome,
    party: Party,
    *,
    use_drafts: bool = False,
    party_name: str | None = None,
    npv: float | None = None,
    batna: float | None = None,
    batna_npv: float | None = None,
    batr: float | None = None,
    colr_net: float | None = None,
    trust: TrustResult | None = None,
    zopa: Zopa | None = None,
    currency: str = "",
) -> JustificationMemo:
    r"""Write the case for one party to accept an agreement, on that party's own terms.

    Parameters
    ----------
    win_win
        The win-win section of the case.
    package
        The agreement: one of the case's packages, or an outcome such as the Nash point.
    party
        ``"seller"`` or ``"customer"``: whom the memo addresses.
    use_drafts
        Judge against the draft definition rather than the latest sealed one.
    party_name
        How to call the party in the text (defaults to "the seller" / "the customer").
    npv, batna, batna_npv, batr, colr_net
        Optional money figures from the projection, which this module does not compute: the
        party's NPV of the relationship under this agreement, its best one-off alternative
        per period (kept on the memo, never compared), that alternative taken every period
        as an NPV, the NPV of its best alternative relationship, and its net cost of losing
        the relationship under this agreement (COLR less BATR).
    trust
        The case's trust check; when it says the sides are not ready for win-win, the memo
        says so first and names the weakest trust factor to work on.
    zopa
        The case's zone of possible agreement, for open-book price scores
        (:func:`~.utilities.open_book_points`).
    currency
        Currency code shown after money figures.

    Returns
    -------
    JustificationMemo
        The structured findings and their Markdown text.

    Notes
    -----
    The memo assumes the agreement has been made and then explains it to the party: which
    must-haves it meets or breaks, which weighted issues *deliver* (the issue's own score
    reaches the party's win threshold) and where the party *gives ground*, the utility
    :math:`U` against the win threshold :math:`t` and the walk-away utility :math:`d`
    (verdict: win if :math:`U \ge t`, acceptable if :math:`U \ge d`, else below walk-away;
    a broken must-have overrides both), and, when given, the NPV against the BATNA taken
    every period (:math:`BATNA_{NPV}`) and the BATR, both NPVs, with a warning when the
    relationship is worth less than either alternative, and the net COLR. A per-period
    figure is never set against an NPV. The verdict is the party's alone; whether the
    agreement is feasible for both is :func:`is_feasible`. When the trust check says the
    sides are not ready for win-win, that comes first, with the weakest factor of the
    customer's trust in the seller (the seller's own view when the customer's is missing).

    References
    ----------
    .. [1] R. Fisher, W. Ury and B. Patton, *Getting to Yes*, 2nd ed., Penguin, 1991:
       judging an agreement by each side's interests and its best alternative (BATNA).

    Examples
    --------
    >>> from negotiation_lib.domain.case import NumericIssue, Package
    >>> issues = (NumericIssue(name="price", min=300, max=320, step=10),)
    >>> seller = PartyDefinition(weights={"price": 1}, scores={"price": ((300, 0), (320, 100))},
    ...                          win_threshold=60, reservation_utility=30)
    >>> customer = PartyDefinition(weights={"price": 1},
    ...                            scores={"price": ((300, 100), (320, 0))},
    ...                            win_threshold=40, reservation_utility=20)
    >>> ww = WinWin(issues=issues, seller=seller, customer=customer)
    >>> memo = justification_memo(ww, Package(name="Mid", values={"price": 310}), "customer",
    ...                           party_name="Acme", npv=120_000, batr=100_000, currency="EUR")
    >>> memo.utility, memo.verdict
    (50.0, 'win')
    >>> print(memo.text.splitlines()[0])
    ### Why Acme can say yes to "Mid"
    """
    chosen = definition_in_force(win_win, party, use_draft=use_drafts, zopa=zopa)
    definition = chosen.definition
    issues = win_win.issues
    values: dict[str, IssueValue] = dict(package.values)
    package_name = package.name if isinstance(package, Package) else "this agreement"
    name = party_name or f"the {party}"
    u = utility(definition, issues, values)
    criteria = _criteria(definition, issues, values)
    met = tuple(c for c in criteria if c.met)
    missed = tuple(c for c in criteria if not c.met)
    musts_ok = all(c.met for c in criteria if c.kind == "must_have")
    t, d = definition.win_threshold, definition.reservation_utility
    sealed = chosen.version is not None
    verdict: Literal["win", "acceptable", "below_walk_away", "must_have_missed"]
    if not musts_ok:
        verdict = "must_have_missed"
        closing = f"Not acceptable as it stands: it breaks a must-have of {name}."
    elif u < d - TOLERANCE:
        verdict = "below_walk_away"
        closing = f"Not acceptable: {name} does better by walking away."
    elif u >= t - TOLERANCE:
        verdict = "win"
        how = f"sealed (version {chosen.version})" if sealed else "has drafted"
        closing = f"A win for {name}, judged by the definition of winning {name} {how}."
    else:
        verdict = "acceptable"
        closing = (
            f"Acceptable: better than walking away for {name}, {number(t - u, 1)} points "
            "short of a win."
        )
    quoted = f'"{package_name}"' if isinstance(package, Package) else package_name
    can = "can" if verdict in ("win", "acceptable") else "cannot yet"
    source = (
        f"the definition of winning {name} sealed (version {chosen.version})"
        if sealed
        else f"the definition of winning {name} has drafted (not sealed yet)"
    )
    factor = _trust_factor(trust)
    lines = [
        f"### Why {name} {can} say yes to {quoted}",
        "",
        *_trust_lines(trust, factor),
        f"Suppose both sides have signed {quoted}. Measured against {source}:",
        "",
        f"- Utility {number(u, 1)} out of 100: {number(abs(u - t), 1)} {_side(u, t)} the win "
        f"threshold of {_exact(t)} and {number(abs(u - d), 1)} {_side(u, d)} the walk-away "
        f"utility of {_exact(d)}.",
    ]
    musts = [c.sentence for c in criteria if c.kind == "must_have"]
    if musts:
        lines.append("- Must-haves: " + " ".join(musts))
    for label, wanted in (("Where it delivers", True), (f"Where {name} gives ground", False)):
        items = [
            f"{c.label or c.issue} {_shown(c.value)} (score {number(c.score or 0.0, 1)})"
            for c in criteria
            if c.kind == "score" and c.met == wanted
        ]
        if items:
            lines.append(f"- {label}: " + "; ".join(items) + ".")
    lines += _relationship_lines(name, npv, batna_npv, batr, colr_net, currency)
    lines += ["", _capitalized(closing)]
    short_of = [
        label
        for label, alternative in (
            ("BATNA taken every period", batna_npv),
            ("best alternative relationship (BATR)", batr),
        )
        if npv is not None and alternative is not None and npv < alternative
    ]
    if short_of:
        lines.append(
            f"Over the whole relationship, though, {name} would do better with its "
            f"{' and its '.join(short_of)}: check the projection before signing."
        )
    return JustificationMemo(
        party=party,
        party_name=name,
        package_name=package_name,
        values=values,
        definition_version=chosen.version,
        utility=u,
        win_threshold=t,
        reservation_utility=d,
        above_threshold=u - t,
        above_reservation=u - d,
        must_haves_met=musts_ok,
        verdict=verdict,
        criteria_met=met,
        criteria_missed=missed,
        npv=npv,
        batna=batna,
        batna_npv=batna_npv,
        batr=batr,
        colr_net=colr_net,
        ready_for_win_win=None if trust is None else trust.readiness.ready,
        trust_factor=factor,
        text="\n".join(lines),
    )
