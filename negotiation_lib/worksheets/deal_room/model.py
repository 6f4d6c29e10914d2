"""What a team's Deal room tab shows, computed from the room's state: its model, without widgets.

Everything here is a pure function of the role-play case file, the team's side and the room's
folded state (:class:`~negotiation_lib.domain.rooms.RoomState`), so it is tested without a
browser. The counterpart's private facts never pass through here except as the room recorded
them when that side shared them (stated values), and its definition of winning only once it
was revealed: what this module returns is what the page may show, and nothing else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from negotiation_lib.domain.case import NumericIssue, OptionsIssue, PartyDefinition
from negotiation_lib.domain.errors import CaseError, Problem
from negotiation_lib.domain.roles import (
    Fact,
    Terms,
    fact_label,
    fact_text,
    parse_fact_path,
    private_facts,
    side_view,
)
from negotiation_lib.domain.rooms import (
    DefinitionVersion,
    IssueValue,
    Offer,
    RoomState,
    RoomTerms,
    Side,
    issue_unit,
    other_side,
    package_problems,
    unit_for,
)
from negotiation_lib.domain.win_win.utilities import utility
from negotiation_lib.formatting import number
from negotiation_lib.numbers import NumberReadingError
from negotiation_lib.numbers import parse_number as read_number
from negotiation_lib.worksheets.deal_room.text import PACT, ROLE_WORDS, STATUS

_LEADING_NUMBER = re.compile(r"^[−-]?\d[\d,.]*")

__all__ = [
    "FactRow",
    "OfferRow",
    "SharedRow",
    "case_fair_share",
    "definition_changes",
    "definition_lines",
    "editable_number",
    "issue_unit_label",
    "offer_rows",
    "own_fact_rows",
    "package_text",
    "pact_blocker",
    "pact_lines",
    "party_name",
    "read_offer",
    "read_share",
    "revealed_definition",
    "score",
    "seal_text",
    "sealed_when",
    "share_text",
    "shared_rows",
    "stated_value",
    "status_text",
]


def party_name(case_doc: Mapping[str, Any], side: Side) -> str:
    """The name of the company a side plays (``"Valtora Castings"``), from the public part.

    Examples
    --------
    >>> doc = {"roles": {"public": {"seller": "Acme", "customer": "Bolt"}}}
    >>> party_name(doc, "seller"), party_name(doc, "customer")
    ('Acme', 'Bolt')
    >>> party_name({}, "customer")
    'the buyer'
    """
    public = case_doc.get("roles", {}).get("public", {})
    name = public.get(side) if isinstance(public, Mapping) else None
    return str(name) if name else f"the {ROLE_WORDS[side]}"


def score(
    definition: Mapping[str, Any] | None, terms: RoomTerms, values: Mapping[str, IssueValue]
) -> float | None:
    """A package's utility (0-100 points) by a definition of winning; ``None`` if it cannot.

    A definition still being written (an issue without a score, no weights) cannot score a
    package: the page then says so instead of showing a number.
    """
    if definition is None:
        return None
    try:
        parsed = PartyDefinition.model_validate(dict(definition))
        return float(utility(parsed, terms.issues, values))
    except (ValidationError, CaseError, ValueError, TypeError, KeyError):
        return None


def _value_text(terms: RoomTerms, name: str, value: IssueValue) -> str:
    issue = terms.issue(name)
    if issue is None or isinstance(value, str):
        return str(value)
    unit = unit_for(float(value), issue_unit(issue, terms))
    return f"{number(float(value), 2, trim=True)} {unit}".rstrip()


def package_text(terms: RoomTerms, values: Mapping[str, IssueValue]) -> list[tuple[str, str]]:
    """Each issue of a package as (issue label, value with its unit), in the case's order.

    Examples
    --------
    >>> from negotiation_lib.domain.case import NumericIssue
    >>> terms = RoomTerms((NumericIssue(name="price_per_pump", min=1, max=2e4, step=1),
    ...                    NumericIssue(name="contract_years", min=1, max=5, step=1)),
    ...                   "EUR", "pump", "year", "price_per_pump")
    >>> package_text(terms, {"price_per_pump": 12500.0, "contract_years": 3.0})
    [('Price per pump', '12,500 EUR per pump'), ('Contract years', '3 years')]
    """
    return [(i.display_name, _value_text(terms, i.name, values[i.name])) for i in terms.issues]


def read_offer(
    terms: RoomTerms, typed: Mapping[str, str], fmt: str = "1,234.5"
) -> tuple[dict[str, IssueValue], list[Problem]]:
    """Read an offer as typed: numbers in the page's format, options as chosen.

    Returns the package and every problem with it, each at ``values.<issue>`` (the text that
    is not a number, or the room's own sentence: a value outside its range, with units).

    Examples
    --------
    >>> from negotiation_lib.domain.case import NumericIssue
    >>> terms = RoomTerms((NumericIssue(name="price", min=10, max=20, step=1),))
    >>> read_offer(terms, {"price": "15"})
    ({'price': 15.0}, [])
    >>> read_offer(terms, {"price": "25"})[1][0].path
    'values.price'
    """
    values: dict[str, IssueValue] = {}
    problems: list[Problem] = []
    for issue in terms.issues:
        text = typed.get(issue.name, "")
        if isinstance(issue, OptionsIssue):
            if text:
                values[issue.name] = text
            continue
        try:
            value = read_number(text, fmt)
        except NumberReadingError as err:
            problems.append(Problem(f"values.{issue.name}", str(err)))
            continue
        if value is not None:
            values[issue.name] = float(value)
    read = {p.path for p in problems}
    problems += [p for p in package_problems(terms, values) if p.path not in read]
    return values, problems


@dataclass(frozen=True, slots=True)
class OfferRow:
    """One offer as a team's offers list shows it.

    Attributes
    ----------
    id
        The offer's event id (the page's Accept and Counter act on it; never shown).
    number
        Its place in the room's offers, from 1 (what the page calls it).
    by
        Who made it, in words (``"You"``, or the counterpart's company).
    mine
        Whether this team made it.
    terms
        (issue label, value with unit) per issue.
    own, theirs
        Its utility by this team's definition, and by the counterpart's once revealed.
    status
        ``open``, ``superseded``, ``withdrawn`` or ``accepted``.
    """

    id: int
    number: int
    by: str
    mine: bool
    terms: tuple[tuple[str, str], ...]
    own: float | None
    theirs: float | None
    status: str
    values: Mapping[str, IssueValue]
    round: int = 1
    """The renewal round it was made in."""


def revealed_definition(state: RoomState, side: Side) -> Mapping[str, Any] | None:
    """A side's latest definition of winning its counterpart may see, if it revealed one."""
    shown = state.seals_of(side).shown
    return shown[-1].definition if shown else None


def offer_rows(
    state: RoomState,
    side: Side,
    own_definition: Mapping[str, Any] | None,
    counterpart: str,
) -> list[OfferRow]:
    """Every offer of the room, newest first, scored by this team's definition.

    Once the counterpart revealed its definition, each offer is scored by that one too.
    """
    theirs = revealed_definition(state, other_side(side))
    rows = []
    for n, offer in enumerate(state.offers, start=1):
        rows.append(_row(state.terms, offer, n, side, own_definition, theirs, counterpart))
    return rows[::-1]


def _row(
    terms: RoomTerms,
    offer: Offer,
    n: int,
    side: Side,
    own: Mapping[str, Any] | None,
    theirs: Mapping[str, Any] | None,
    counterpart: str,
) -> OfferRow:
    mine = offer.side == side
    return OfferRow(
        id=offer.id,
        number=n,
        by="You" if mine else counterpart,
        mine=mine,
        terms=tuple(package_text(terms, offer.values)),
        own=score(own, terms, offer.values),
        # The proposer's own figure travels with its offer; the page shows it only once that
        # side revealed its definition (it is the same number its revealed definition gives).
        theirs=None if theirs is None else score(theirs, terms, offer.values),
        status=offer.status,
        values=offer.values,
        round=offer.round,
    )


@dataclass(frozen=True, slots=True)
class SharedRow:
    """A fact the counterpart shared: what it is, the value it stated (with its unit), who."""

    path: str
    label: str
    stated: str
    by: str


def shared_rows(
    case_doc: Mapping[str, Any], state: RoomState, side: Side, by: str
) -> list[SharedRow]:
    """The facts the counterpart shared in this room, oldest first, at their stated values."""
    other = other_side(side)
    terms = Terms.of(side_view(case_doc, side))
    rows = []
    for fact in state.shared_by(other).values():
        try:
            path = parse_fact_path(fact.path)
        except ValueError:
            continue  # the room checked every path it recorded
        stated = _with_unit(fact_text(path, fact.value, terms), fact_label(path, terms))
        rows.append(SharedRow(fact.path, fact_label(path, terms), stated, by))
    return rows


def _with_unit(text: str, label: str) -> str:
    """A fact's value with the unit its label names in brackets after its leading number.

    Examples
    --------
    >>> _with_unit("2,600 (confidence 90%)", "Value driver “X” (EUR per housing)")
    '2,600 EUR per housing (confidence 90%)'
    >>> _with_unit("weight 3", "Strategic priority “Y”")
    'weight 3'
    """
    if not label.endswith(")") or "(" not in label:
        return text
    unit = label.rsplit("(", 1)[1][:-1]
    lead = _LEADING_NUMBER.match(text)
    if not unit[:1].isupper() or lead is None:
        return text  # "(each factor 1–10)" describes, it is no unit
    return f"{lead.group()} {unit}{text[lead.end() :]}"


@dataclass(frozen=True, slots=True)
class FactRow:
    """One of the team's own private facts, with whether (and as what) it was shared."""

    path: str
    label: str
    shown: str
    number: float | None
    shared: str | None


def editable_number(value: Any) -> float | None:
    """The number a team may restate when it shares a fact, if any.

    The fact itself, or a value driver's value per unit; ``None`` for facts shared as written
    (a list, a definition).

    Examples
    --------
    >>> editable_number(19400), editable_number({"name": "X", "value_per_unit": 2600})
    (19400.0, 2600.0)
    >>> editable_number(["a", "b"]) is None, editable_number(True) is None
    (True, True)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    if isinstance(value, Mapping):
        inner = value.get("value_per_unit")
        if isinstance(inner, int | float) and not isinstance(inner, bool):
            return float(inner)
    return None


def stated_value(true_value: Any, stated: float | None) -> Any:
    """The value a team states for a fact: its number replaced by ``stated`` where it has one.

    Examples
    --------
    >>> stated_value(19400, 21000.0), stated_value({"name": "X", "value_per_unit": 1}, 2.0)
    (21000, {'name': 'X', 'value_per_unit': 2})
    """
    if stated is None or editable_number(true_value) is None:
        return true_value
    plain: int | float = int(stated) if float(stated).is_integer() else stated
    if isinstance(true_value, Mapping):
        return {**true_value, "value_per_unit": plain}
    return plain


def own_fact_rows(case_doc: Mapping[str, Any], state: RoomState, side: Side) -> list[FactRow]:
    """The team's private facts, in the case's order, with the value it stated when shared."""
    terms = Terms.of(side_view(case_doc, side))
    shared = {p: f.value for p, f in state.shared_by(side).items()}
    rows = []
    fact: Fact
    for fact in private_facts(case_doc, side):
        said = None
        if fact.path in shared:
            said = _with_unit(
                fact_text(parse_fact_path(fact.path), shared[fact.path], terms), fact.label
            )
        rows.append(
            FactRow(
                fact.path,
                fact.label,
                _with_unit(fact.shown, fact.label),
                editable_number(fact.value),
                said,
            )
        )
    return rows


def _when(stamp: str | datetime | None) -> str:
    if stamp is None:
        return "at a time not recorded"
    try:
        at = stamp if isinstance(stamp, datetime) else datetime.fromisoformat(str(stamp))
    except ValueError:
        return "at a time not recorded"
    zone = " UTC" if at.utcoffset() is not None and not at.utcoffset() else ""
    return f"at {at:%H:%M}{zone} on {at.day} {at:%B %Y}"


def seal_text(version: DefinitionVersion | None) -> str:
    """A seal in words: when, and the start of its fingerprint.

    Examples
    --------
    >>> v = DefinitionVersion(2, "ab" * 32, "2026-05-03T14:02:00+00:00")
    >>> seal_text(v)
    'Version 2 sealed at 14:02 UTC on 3 May 2026 · fingerprint abababababab'
    >>> seal_text(None)
    'Not sealed yet'
    """
    if version is None:
        return "Not sealed yet"
    return (
        f"Version {version.version} sealed {_when(version.sealed_at)} · fingerprint "
        f"{version.sha256[:12]}"
    )


def sealed_when(version: DefinitionVersion) -> str:
    """When a version was sealed, in words (``"at 14:02 UTC on 3 May 2026"``)."""
    return _when(version.sealed_at)


def _issue_label(terms: RoomTerms, name: str) -> str:
    issue = terms.issue(name)
    return issue.display_name if issue is not None else name.replace("_", " ").capitalize()


def _points(value: Any, terms: RoomTerms, name: str) -> str:
    issue = terms.issue(name)
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {number(float(v), 0)} points" for k, v in value.items())
    if isinstance(value, Sequence) and not isinstance(value, str):
        unit = issue_unit(issue, terms) if isinstance(issue, NumericIssue) else ""
        parts = []
        for point in value:
            x, y = point
            parts.append(
                f"{number(float(x), 2, trim=True)} {unit_for(float(x), unit)}".rstrip()
                + f" scores {number(float(y), 0)}"
            )
        return "; ".join(parts)
    return str(value)


def _bounds(value: Any, terms: RoomTerms, name: str) -> str:
    issue = terms.issue(name)
    unit = issue_unit(issue, terms) if issue is not None else ""
    if not isinstance(value, Mapping):
        return "none" if value is None else str(value)
    words = []
    if value.get("min") is not None:
        words.append(f"at least {number(float(value['min']), 2, trim=True)} {unit}".rstrip())
    if value.get("max") is not None:
        words.append(f"at most {number(float(value['max']), 2, trim=True)} {unit}".rstrip())
    if value.get("options") is not None:
        words.append("one of " + ", ".join(map(str, value["options"])))
    return " and ".join(words) or "none"


def definition_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], terms: RoomTerms
) -> list[str]:
    """What an amendment changed in a definition of winning, one sentence per change.

    Examples
    --------
    >>> definition_changes({"win_threshold": 60, "weights": {"a": 0.5}},
    ...                    {"win_threshold": 55, "weights": {"a": 0.4}}, RoomTerms())
    ['Weight of A: 50% → 40%', 'Win threshold: 60 points → 55 points']
    """
    out: list[str] = []
    weights_a, weights_b = before.get("weights") or {}, after.get("weights") or {}
    for name in dict.fromkeys([*weights_a, *weights_b]):
        a, b = weights_a.get(name), weights_b.get(name)
        if a != b:
            out.append(f"Weight of {_issue_label(terms, name)}: {_share(a)} → {_share(b)}")
    scores_a, scores_b = before.get("scores") or {}, after.get("scores") or {}
    for name in dict.fromkeys([*scores_a, *scores_b]):
        a, b = scores_a.get(name), scores_b.get(name)
        if _plain(a) != _plain(b):
            out.append(
                f"Scores of {_issue_label(terms, name)}: {_points(a, terms, name) if a else 'none'}"
                f" → {_points(b, terms, name) if b else 'none'}"
            )
    must_a, must_b = before.get("must_haves") or {}, after.get("must_haves") or {}
    for name in dict.fromkeys([*must_a, *must_b]):
        a, b = must_a.get(name), must_b.get(name)
        if _plain(a) != _plain(b):
            out.append(
                f"Must-have on {_issue_label(terms, name)}: {_bounds(a, terms, name)} → "
                f"{_bounds(b, terms, name)}"
            )
    for key, label in (("win_threshold", "Win threshold"), ("reservation_utility", "Walk-away")):
        a, b = before.get(key), after.get(key)
        if a != b:
            out.append(f"{label}: {_pts(a)} → {_pts(b)}")
    if (before.get("statement") or "") != (after.get("statement") or ""):
        out.append(f"Statement: “{after.get('statement') or ''}”")
    return out


def _plain(value: Any) -> Any:
    """Lists and tuples alike (a definition read from JSON or from a model)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _share(x: Any) -> str:
    if x is None:
        return "none"
    return f"{number(float(x) * 100, 1, trim=True)}%" if float(x) <= 1 else number(float(x), 2)


def _pts(x: Any) -> str:
    return "none" if x is None else f"{number(float(x), 1, trim=True)} points"


def status_text(state: RoomState, side: Side, counterpart: str) -> str:
    """Where the room stands, in one sentence for this team."""
    if state.closure is not None:
        return STATUS["closed"].format(reason=state.closure.reason)
    agreement = state.agreement
    if agreement is not None:
        n = next((i for i, o in enumerate(state.offers, 1) if o.id == agreement.offer.id), 0)
        return STATUS["agreed"].format(number=n)
    walk = state.walk_away
    if walk is not None:
        who = "You" if walk.side == side else counterpart
        return STATUS["walked_away"].format(who=who)
    if not state.paired:
        return STATUS["waiting"]
    return STATUS["negotiating"]


def issue_unit_label(issue: Any, terms: RoomTerms) -> str:
    """The unit an offer field's label ends with (`` (EUR per housing)``), or ``""``.

    The unit is left out when the issue's own name already says it ("Contract length
    (years)").
    """
    if isinstance(issue, OptionsIssue):
        return ""
    unit = issue_unit(issue, terms)
    if not unit or unit in issue.display_name:
        return ""
    return f" ({unit})"


def definition_lines(definition: Mapping[str, Any], terms: RoomTerms) -> list[str]:
    """A revealed definition of winning in words, one line per part.

    Examples
    --------
    >>> definition_lines({"statement": "S", "weights": {"a": 1}, "win_threshold": 60},
    ...                  RoomTerms())
    ['“S”', 'Weights: A 100%', 'Win threshold: 60 points', 'Walk-away: none']
    """
    lines = []
    if definition.get("statement"):
        lines.append(f"“{definition['statement']}”")
    weights = definition.get("weights") or {}
    total = sum(float(w) for w in weights.values()) or 1.0
    if weights:
        lines.append(
            "Weights: "
            + ", ".join(
                f"{_issue_label(terms, k)} {number(100 * float(w) / total, 1, trim=True)}%"
                for k, w in weights.items()
            )
        )
    for name, points in (definition.get("scores") or {}).items():
        lines.append(f"Scores of {_issue_label(terms, name)}: {_points(points, terms, name)}")
    for name, bounds in (definition.get("must_haves") or {}).items():
        lines.append(f"Must-have on {_issue_label(terms, name)}: {_bounds(bounds, terms, name)}")
    lines.append(f"Win threshold: {_pts(definition.get('win_threshold'))}")
    lines.append(f"Walk-away: {_pts(definition.get('reservation_utility'))}")
    return lines


# --------------------------------------------------------------------------- the fairness pact


def share_text(share: float) -> str:
    """A fair share (0-1) as a percentage, as typed: no noise digits.

    Examples
    --------
    >>> share_text(0.5), share_text(0.525), share_text(1 / 3)
    ('50%', '52.5%', '33.33%')
    """
    return f"{number(100 * share, 2, trim=True)}%"


def case_fair_share(case_doc: Mapping[str, Any], side: Side) -> float | None:
    """The seller's fair share the case itself proposes (0-1), as this side sees the case.

    Read from the side's own view (the public part and its own private facts), so nothing of
    the other side reaches the page through it.
    """
    economics = side_view(case_doc, side).get("economics")
    share = economics.get("fair_share") if isinstance(economics, Mapping) else None
    if isinstance(share, bool) or not isinstance(share, int | float):
        return None
    return float(share) if 0 <= share <= 1 else None


def read_share(text: str, fmt: str = "1,234.5") -> tuple[float | None, str]:
    """A fair share typed as a percentage (0-100), as a share (0-1), or why it cannot be.

    Returns
    -------
    tuple
        The share and ``""``; or ``None`` and the sentence the field shows.

    Examples
    --------
    >>> read_share("45")
    (0.45, '')
    >>> read_share("120")[1].endswith("120% is outside that range.")
    True
    >>> read_share("")[1]
    'Enter the seller’s fair share as a percentage from 0 to 100, for example 50.'
    """
    try:
        read = read_number(text, fmt)
    except NumberReadingError as err:
        return None, str(err)
    if read is None:
        return None, PACT["empty"]
    pct = float(read)
    if not math.isfinite(pct) or not 0 <= pct <= 100:
        return None, PACT["range"].format(typed=number(pct, 2, trim=True))
    # Rounded so that two teams typing the same percentage propose the very same share.
    return round(pct / 100, 6), ""


def pact_blocker(state: RoomState) -> str:
    """Why the fairness pact cannot be proposed now, in one sentence; ``""`` when it can."""
    if state.fair_share is not None:
        return PACT["done"]
    if not state.takes_offers:
        return PACT["over"]
    if any(o.round == state.round for o in state.offers):
        return PACT["late"]
    return ""


def pact_lines(state: RoomState, side: Side, counterpart: str) -> list[str]:
    """Where the fairness pact stands for this team, one sentence per line."""
    if state.fair_share is not None:
        return [
            PACT["agreed"].format(
                seller=share_text(state.fair_share), buyer=share_text(1 - state.fair_share)
            )
        ]
    mine = state.pact_proposals.get(side)
    theirs = state.pact_proposals.get(other_side(side))
    lines = [
        PACT["yours"].format(share=share_text(mine)) if mine is not None else PACT["no_yours"],
        PACT["theirs"].format(who=counterpart, share=share_text(theirs))
        if theirs is not None
        else PACT["no_theirs"].format(who=counterpart),
    ]
    if theirs is not None and mine is not None:
        lines.append(PACT["differ"])
    elif theirs is not None:
        lines.append(PACT["to_agree"])
    return lines
