"""Sealing a party's definition of winning, so that moved goalposts show.

A definition is sealed by hashing its canonical JSON with SHA-256: the same definition always
gives the same seal, and any change to a weight, score, must-have, threshold or the statement
gives another. Changing a sealed definition is an *amendment*: a new version with a reason,
whose differences from the previous version are listed one by one.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from negotiation_lib.domain.case import (
    OPEN_BOOK,
    IssueScores,
    MustHave,
    PartyDefinition,
    ScoreCurve,
    SealedDefinition,
)
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.win_win import describe_must_have
from negotiation_lib.vocabulary import readable

__all__ = [
    "Amendment",
    "Change",
    "ChangeKind",
    "ChangeValue",
    "amend",
    "amendments",
    "canonical_json",
    "definition_sha256",
    "diff_definitions",
    "goalposts_moved",
    "seal",
    "verify",
]


def canonical_json(definition: PartyDefinition) -> str:
    """Return the canonical JSON text of a definition: sorted keys, no spaces, UTF-8 as is.

    Numbers pass through the model first, so ``1`` and ``1.0`` give the same text.

    Examples
    --------
    >>> d = PartyDefinition(weights={"price": 1}, scores={"price": ((0, 0), (1, 100))})
    >>> canonical_json(d)[:60]
    '{"must_haves":{},"reservation_utility":0.0,"scores":{"price"'
    """
    return json.dumps(
        definition.model_dump(mode="json"),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )


def definition_sha256(definition: PartyDefinition) -> str:
    """SHA-256 hex digest of :func:`canonical_json` (UTF-8 encoded).

    Examples
    --------
    >>> a = PartyDefinition(statement="Fair price, long warranty")
    >>> b = PartyDefinition(statement="Fair price, long warranty ")  # whitespace is stripped
    >>> definition_sha256(a) == definition_sha256(b)
    True
    >>> definition_sha256(a) == definition_sha256(PartyDefinition(statement="Low price"))
    False
    """
    return hashlib.sha256(canonical_json(definition).encode("utf-8")).hexdigest()


ChangeKind = Literal["weight", "score", "must_have", "threshold", "reservation", "statement"]
"""What part of a definition a :class:`Change` is about."""

ChangeValue = float | str | MustHave | ScoreCurve | dict[str, float] | None
"""A value before or after a change; ``None`` when the entry is absent."""


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions of a party's definition of winning.

    Attributes
    ----------
    kind
        ``"weight"``, ``"score"``, ``"must_have"``, ``"threshold"`` (win threshold),
        ``"reservation"`` (walk-away utility) or ``"statement"``.
    issue
        The issue concerned, or ``None`` for thresholds and the statement.
    option
        For a score of an options issue, the option whose score changed.
    point
        For a score point of a numeric issue, the value ``x`` of the point that changed.
    old, new
        The value before and after (``None``: absent). A whole score curve or a must-have is
        given when it appears, disappears or changes form.
    sentence
        The change in words, e.g. ``"Weight of 'price' raised from 0.5 to 0.7"``.
    """

    kind: ChangeKind
    issue: str | None
    option: str | None
    point: float | None
    old: ChangeValue
    new: ChangeValue
    sentence: str


@dataclass(frozen=True, slots=True)
class Amendment:
    """One amendment in a sealed history: the new version, why, and what changed.

    Attributes
    ----------
    version
        The version the amendment created (2 or more).
    sealed_at
        When it was sealed.
    reason
        Why the definition changed.
    changes
        The differences from the previous version, as :func:`diff_definitions` lists them.
    """

    version: int
    sealed_at: datetime
    reason: str
    changes: tuple[Change, ...]


def _aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise CaseError.at(
            "sealed_at",
            "Give the sealing time with its time zone (for example "
            "datetime.now(timezone.utc)), so that every reader sees the same moment.",
        )


def seal(definition: PartyDefinition, at: datetime) -> SealedDefinition:
    r"""Seal a party's definition of winning: version 1, fingerprinted and time-stamped.

    Parameters
    ----------
    definition
        The definition being shared with the other party.
    at
        When it is sealed; must carry a time zone.

    Returns
    -------
    SealedDefinition
        Version 1, with the SHA-256 of the definition's canonical JSON.

    Raises
    ------
    CaseError
        When ``at`` has no time zone.

    Notes
    -----
    The seal is :math:`\mathrm{SHA256}(\mathrm{canonical\_json}(definition))`: it depends on
    the definition only, so sealing the same definition twice gives the same fingerprint, and
    any change to a weight, score, must-have, threshold or the statement gives another.

    References
    ----------
    .. [1] NIST FIPS 180-4, *Secure Hash Standard (SHS)*, 2015.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> s = seal(PartyDefinition(statement="Fair price"), datetime(2026, 3, 1, tzinfo=timezone.utc))
    >>> s.version, verify(s), s.reason is None
    (1, True, True)
    """
    _aware(at)
    return SealedDefinition(
        version=1, sha256=definition_sha256(definition), sealed_at=at, definition=definition
    )


def verify(sealed: SealedDefinition) -> bool:
    """Check that a sealed version's stored fingerprint matches its definition.

    Parameters
    ----------
    sealed
        One sealed version.

    Returns
    -------
    bool
        True when :func:`definition_sha256` of the stored definition equals the stored
        ``sha256``; False means the definition was changed after sealing.

    References
    ----------
    .. [1] NIST FIPS 180-4, *Secure Hash Standard (SHS)*, 2015.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> s = seal(PartyDefinition(win_threshold=60), datetime(2026, 3, 1, tzinfo=timezone.utc))
    >>> verify(s)
    True
    >>> verify(s.model_copy(update={"definition": PartyDefinition(win_threshold=50)}))
    False
    """
    return definition_sha256(sealed.definition) == sealed.sha256


def amend(
    history: Sequence[SealedDefinition],
    definition: PartyDefinition,
    reason: str,
    at: datetime,
) -> SealedDefinition:
    """Amend a sealed definition: version k+1, with the reason it changed.

    Parameters
    ----------
    history
        The party's sealed versions, oldest first (at least one).
    definition
        The new definition.
    reason
        Why it changes; required, shown next to the diff.
    at
        When the amendment is sealed; must carry a time zone and not precede the last seal.

    Returns
    -------
    SealedDefinition
        The next version. Append it to the history.

    Raises
    ------
    CaseError
        When nothing is sealed yet, the latest seal does not verify, the reason is empty or
        too long, the time is naive or earlier than the latest seal, or the definition is
        identical to the latest version.

    Notes
    -----
    Amendments never rewrite history: every version stays, so the other party can see that
    the goalposts moved, when, why and how (:func:`amendments`, :func:`goalposts_moved`).

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> v1 = seal(PartyDefinition(win_threshold=60), datetime(2026, 3, 1, tzinfo=timezone.utc))
    >>> v2 = amend((v1,), PartyDefinition(win_threshold=65), "Board raised the bar",
    ...            datetime(2026, 3, 8, tzinfo=timezone.utc))
    >>> v2.version, v2.reason
    (2, 'Board raised the bar')
    """
    if not history:
        raise CaseError.at(
            "seals",
            "Nothing is sealed yet: seal the definition first; an amendment changes a sealed one.",
        )
    latest = history[-1]
    if not verify(latest):
        raise CaseError.at(
            "seals",
            f"Sealed version {latest.version} no longer matches its fingerprint: the history "
            "was altered after sealing, so it cannot be amended.",
        )
    text = reason.strip()
    if not text:
        raise CaseError.at("reason", "Say why the definition changes: an amendment needs a reason.")
    if len(text) > 5000:
        raise CaseError.at("reason", "The reason is too long: at most 5000 characters.")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no file or database can hold it
            raise CaseError.at(
                "reason",
                "The reason holds a broken character (half of an emoji or symbol); delete it.",
            ) from None
    _aware(at)
    previous = latest.sealed_at
    if previous.utcoffset() is not None and at < previous:
        raise CaseError.at(
            "sealed_at",
            f"An amendment cannot be dated before the version it amends "
            f"(version {latest.version} was sealed at {previous.isoformat()}).",
        )
    fingerprint = definition_sha256(definition)
    if fingerprint == latest.sha256:
        raise CaseError.at(
            "definition",
            f"The definition is identical to sealed version {latest.version}: there is "
            "nothing to amend.",
        )
    return SealedDefinition(
        version=latest.version + 1,
        sha256=fingerprint,
        sealed_at=at,
        reason=text,
        definition=definition,
    )


def goalposts_moved(history: Sequence[SealedDefinition]) -> bool:
    """Check whether a party has amended its sealed definition at least once.

    Parameters
    ----------
    history
        The party's sealed versions, oldest first.

    Returns
    -------
    bool
        True when any version after the first exists: the goalposts moved after sharing.

    Notes
    -----
    Changing what winning means once it has been shared is a classic way to gain leverage,
    and it costs trust; the workbook shows it rather than judging why it happened.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> v1 = seal(PartyDefinition(win_threshold=60), datetime(2026, 3, 1, tzinfo=timezone.utc))
    >>> goalposts_moved((v1,))
    False
    >>> v2 = amend((v1,), PartyDefinition(win_threshold=70), "New target", v1.sealed_at)
    >>> goalposts_moved((v1, v2))
    True
    """
    return any(s.version > 1 for s in history)


def amendments(
    history: Sequence[SealedDefinition], names: Mapping[str, str] | None = None
) -> list[Amendment]:
    """Every amendment in a sealed history, with its reason and what it changed.

    Parameters
    ----------
    history
        The party's sealed versions, oldest first.
    names
        Each issue's id and the name its sentences use (``WinWin.issue_labels``); an issue
        not named here is called by its id in words.

    Returns
    -------
    list of Amendment
        One per version after the first, oldest first.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> v1 = seal(PartyDefinition(win_threshold=60), datetime(2026, 3, 1, tzinfo=timezone.utc))
    >>> v2 = amend((v1,), PartyDefinition(win_threshold=70), "New target", v1.sealed_at)
    >>> [c.sentence for c in amendments((v1, v2))[0].changes]
    ['Win threshold raised from 60 to 70']
    """
    return [
        Amendment(
            version=current.version,
            sealed_at=current.sealed_at,
            reason=current.reason or "",
            changes=tuple(diff_definitions(previous.definition, current.definition, names)),
        )
        for previous, current in itertools.pairwise(history)
    ]


def _num(x: float) -> str:
    return f"{x:.12g}"


def _moved(old: float, new: float) -> str:
    return "raised" if new > old else "lowered"


def _quote(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


def _differing_parts(old: str, new: str, context: int = 20) -> tuple[str, str]:
    """Cut two long texts down to where they differ, so a short quote still shows the change.

    Examples
    --------
    >>> _differing_parts("We win with a fair price and a long warranty.",
    ...                  "We win with a fair price and a short warranty.", context=6)
    ('...and a long warranty.', '...and a short warranty.')
    """
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    if start <= context:
        return old, new
    cut = start - context
    return "..." + old[cut:], "..." + new[cut:]


def _number_change(
    kind: ChangeKind,
    label: str,
    old: float | None,
    new: float | None,
    *,
    issue: str | None = None,
    option: str | None = None,
    point: float | None = None,
) -> Change | None:
    if old is not None and new is not None:
        if old == new:
            return None
        sentence = f"{label} {_moved(old, new)} from {_num(old)} to {_num(new)}"
    elif new is not None:
        sentence = f"{label} set to {_num(new)} (it had none)"
    elif old is not None:
        sentence = f"{label} removed (it was {_num(old)})"
    else:
        return None
    return Change(kind, issue, option, point, old, new, sentence)


def _score_form(scores: IssueScores) -> str:
    if scores == OPEN_BOOK:
        return "open-book scores (the price's place between floor and ceiling)"
    return "points" if isinstance(scores, tuple) else "a score per option"


def _called(issue: str, names: Mapping[str, str] | None) -> str:
    """How the sentences call an issue: its name from ``names``, else its id in words."""
    return names[issue] if names and issue in names else readable(issue)


def _score_changes(
    issue: str, old: IssueScores | None, new: IssueScores | None, shown: str
) -> list[Change]:
    if old == new:
        return []
    out: list[Change | None] = []
    if isinstance(old, dict) and isinstance(new, dict):
        for option in [*old, *(o for o in new if o not in old)]:
            out.append(
                _number_change(
                    "score",
                    f"Score of '{option}' on '{shown}'",
                    old.get(option),
                    new.get(option),
                    issue=issue,
                    option=option,
                )
            )
    elif isinstance(old, tuple) and isinstance(new, tuple):
        before, after = dict(old), dict(new)
        for x in sorted(before.keys() | after.keys()):
            out.append(
                _number_change(
                    "score",
                    f"Score of '{shown}' at {_num(x)}",
                    before.get(x),
                    after.get(x),
                    issue=issue,
                    point=x,
                )
            )
    elif old is None:
        out.append(Change("score", issue, None, None, old, new, f"Scores of '{shown}' added"))
    elif new is None:
        out.append(Change("score", issue, None, None, old, new, f"Scores of '{shown}' removed"))
    else:
        sentence = f"Scores of '{shown}' replaced by {_score_form(new)}"
        out.append(Change("score", issue, None, None, old, new, sentence))
    return [c for c in out if c is not None]


def _keys(old: dict[str, object], new: dict[str, object]) -> list[str]:
    return [*old, *(k for k in new if k not in old)]


def diff_definitions(
    old: PartyDefinition, new: PartyDefinition, names: Mapping[str, str] | None = None
) -> list[Change]:
    """List every difference between two versions of a definition of winning.

    Parameters
    ----------
    old, new
        The earlier and the later version.
    names
        Each issue's id and the name the sentences use (``WinWin.issue_labels``); an issue
        not named here is called by its id in words (``payment_terms``: ``Payment terms``).

    Returns
    -------
    list of Change
        Weights, then scores, must-haves, win threshold, walk-away utility and statement;
        within each, issues (and options or points) in the order the old version lists them,
        new ones after. Empty when the two definitions are the same.

    Notes
    -----
    Weights are compared as stated (not normalized): the party typed them. An option's score
    or a numeric score point that appears, disappears or changes is one change each.

    Examples
    --------
    >>> a = PartyDefinition(weights={"price": 0.5, "warranty": 0.5})
    >>> b = PartyDefinition(weights={"price": 0.7, "warranty": 0.5}, win_threshold=55)
    >>> [c.sentence for c in diff_definitions(a, b)]
    ["Weight of 'Price' raised from 0.5 to 0.7", 'Win threshold lowered from 60 to 55']
    >>> diff_definitions(a, a)
    []
    """
    out: list[Change | None] = []
    for issue in _keys(dict(old.weights), dict(new.weights)):
        out.append(
            _number_change(
                "weight",
                f"Weight of '{_called(issue, names)}'",
                old.weights.get(issue),
                new.weights.get(issue),
                issue=issue,
            )
        )
    for issue in _keys(dict(old.scores), dict(new.scores)):
        shown = _called(issue, names)
        out.extend(_score_changes(issue, old.scores.get(issue), new.scores.get(issue), shown))
    for issue in _keys(dict(old.must_haves), dict(new.must_haves)):
        before, after = old.must_haves.get(issue), new.must_haves.get(issue)
        if before == after:
            continue
        label = f"Must-have on '{_called(issue, names)}'"
        if before is not None and after is not None:
            was, now = describe_must_have(before), describe_must_have(after)
            sentence = f"{label} changed from {was} to {now}"
        elif after is not None:
            sentence = f"{label} added: {describe_must_have(after)}"
        elif before is not None:
            sentence = f"{label} dropped (it was {describe_must_have(before)})"
        out.append(Change("must_have", issue, None, None, before, after, sentence))
    out.append(_number_change("threshold", "Win threshold", old.win_threshold, new.win_threshold))
    out.append(
        _number_change(
            "reservation",
            "Walk-away (reservation) utility",
            old.reservation_utility,
            new.reservation_utility,
        )
    )
    if old.statement != new.statement:
        was, now = _differing_parts(old.statement, new.statement)
        sentence = f"Statement changed from {_quote(was)} to {_quote(now)}"
        out.append(Change("statement", None, None, None, old.statement, new.statement, sentence))
    return [c for c in out if c is not None]
