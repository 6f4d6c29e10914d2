"""Whether a party's definition of winning is complete enough to be sealed.

A seal says "this is what winning means to us", and every later change to a sealed definition
is shown to the other side as moved goalposts. A definition sealed with only its sentence would
make finishing it look like moving the goalposts, so sealing asks for the whole definition:

- a weight for every issue (a weight of 0 counts: it says the issue does not matter);
- scores for every issue: a score for every option of an options issue, at least one point
  of a numeric issue (or the open book, for the issue that sets the price);
- a win threshold and a walk-away (reservation) utility, typed in rather than left at the
  defaults the model would otherwise assume;
- and at least one issue to score.

Must-haves and the statement are optional: a party may have none. :func:`missing_parts` finds
what is missing and :func:`missing_sentence` says it in words; :func:`read_missing_parts` reads
both from a case document as saved. The win-win page (to disable its seal button and say why)
and the workshop store (to refuse any other way of sealing) use them, so the two can never
disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from negotiation_lib.domain.case import OPEN_BOOK, Issue, OptionsIssue, PartyDefinition
from negotiation_lib.vocabulary import issue_label

__all__ = [
    "MissingParts",
    "missing_parts",
    "missing_sentence",
    "read_missing_parts",
]

_ISSUES: TypeAdapter[tuple[Issue, ...]] = TypeAdapter(tuple[Issue, ...])


@dataclass(frozen=True, slots=True)
class MissingParts:
    """What a definition of winning still lacks before it can be sealed.

    Attributes
    ----------
    no_issues
        The case lists no issue at all, so there is nothing to weight or score.
    weights
        The issues without a weight, in the order of the list of issues.
    scores
        ``(issue, options)`` for each issue without full scores: the options of an options
        issue that have no score, or ``()`` when the issue has no scores at all.
    threshold
        No win threshold was given.
    reservation
        No walk-away (reservation) utility was given.
    names
        Each issue's id and the name users read (its display name), for the sentence; not
        part of what is missing, so not compared.
    """

    no_issues: bool = False
    weights: tuple[str, ...] = ()
    scores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    threshold: bool = False
    reservation: bool = False
    names: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def complete(self) -> bool:
        """True when nothing is missing: the definition may be sealed."""
        return not (
            self.no_issues or self.weights or self.scores or self.threshold or self.reservation
        )


def _given(definition: PartyDefinition, field: str) -> bool:
    # A value the model filled in from its default was never typed by the party.
    return field in definition.model_fields_set


def missing_parts(issues: Sequence[Issue], definition: PartyDefinition | None) -> MissingParts:
    """List what a party's definition of winning lacks before it can be sealed.

    Parameters
    ----------
    issues
        The issues of the case's win-win section.
    definition
        The party's definition as given (``None``: none yet). The win threshold and the
        walk-away utility count as given when they were in the input the model was read from
        (``model_fields_set``), not when the model filled in its default.

    Returns
    -------
    MissingParts
        Empty (``complete``) when every issue has a weight and full scores and both
        thresholds were given.

    Examples
    --------
    >>> from negotiation_lib.domain.case import NumericIssue, OptionsIssue
    >>> issues = (NumericIssue(name="price", min=300, max=320, step=10),
    ...           OptionsIssue(name="warranty", options=("1y", "2y")))
    >>> draft = PartyDefinition.model_validate(
    ...     {"weights": {"price": 1}, "scores": {"price": [[300, 0], [320, 100]],
    ...      "warranty": {"1y": 100}}, "win_threshold": 60})
    >>> gaps = missing_parts(issues, draft)
    >>> gaps.weights, gaps.scores, gaps.threshold, gaps.reservation
    (('warranty',), (('warranty', ('2y',)),), False, True)
    >>> missing_parts((), None).no_issues
    True
    """
    if definition is None:
        definition = PartyDefinition()
        given_threshold = given_reservation = False
    else:
        given_threshold = _given(definition, "win_threshold")
        given_reservation = _given(definition, "reservation_utility")
    weights = tuple(i.name for i in issues if i.name not in definition.weights)
    scores: list[tuple[str, tuple[str, ...]]] = []
    for issue in issues:
        given = definition.scores.get(issue.name)
        if isinstance(issue, OptionsIssue):
            if not isinstance(given, dict):
                scores.append((issue.name, ()))
            elif absent := tuple(o for o in issue.options if o not in given):
                scores.append((issue.name, absent))
        elif not (given == OPEN_BOOK or (isinstance(given, tuple) and given)):
            scores.append((issue.name, ()))
    return MissingParts(
        no_issues=not issues,
        weights=weights,
        scores=tuple(scores),
        threshold=not given_threshold,
        reservation=not given_reservation,
        names=tuple((i.name, i.display_name) for i in issues),
    )


def read_missing_parts(issues: object, definition: object) -> MissingParts | None:
    """What a definition in a case document lacks, read from the document as saved (JSON).

    Parameters
    ----------
    issues
        The document's ``win_win.issues`` (``None``: none).
    definition
        A party's definition as the document holds it: a draft (``win_win.seller``) or a
        sealed version's ``definition`` (``None``: none yet).

    Returns
    -------
    MissingParts or None
        What :func:`missing_parts` finds, the definition read afresh so that a threshold
        written in counts even at its default value; ``None`` when the issues or the
        definition cannot be read at all (their problems say why).

    Examples
    --------
    >>> issues = [{"name": "price", "kind": "numeric", "min": 1, "max": 2, "step": 1}]
    >>> read_missing_parts(issues, {"weights": {"price": 1}}).scores
    (('price', ()),)
    >>> read_missing_parts("junk", None) is None
    True
    """
    try:
        read = _ISSUES.validate_python(issues or ())
        draft = None if definition is None else PartyDefinition.model_validate(definition)
    except (ValidationError, TypeError, ValueError):
        return None
    return missing_parts(read, draft)


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def missing_sentence(missing: MissingParts, label: Callable[[str], str] | None = None) -> str:
    """Say in plain words what is missing: ``"Missing: weights for Payment terms; a threshold"``.

    Parameters
    ----------
    missing
        What :func:`missing_parts` found.
    label
        How an issue is named, from its id; by default its display name as
        :func:`missing_parts` found it, else its id in words
        (:func:`negotiation_lib.vocabulary.issue_label`).

    Returns
    -------
    str
        One sentence, or ``""`` when nothing is missing.

    Examples
    --------
    >>> missing_sentence(MissingParts(weights=("payment_terms",), threshold=True))
    'Missing: weights for Payment terms; a win threshold.'
    >>> missing_sentence(MissingParts(scores=(("warranty", ("2y", "3y")), ("price", ()))))
    'Missing: scores for Warranty (2y and 3y) and Price.'
    >>> missing_sentence(MissingParts())
    ''
    """
    if missing.complete:
        return ""
    names = dict(missing.names)

    def shown(name: str) -> str:
        return label(name) if label is not None else names.get(name) or issue_label(name)

    parts: list[str] = []
    if missing.no_issues:
        parts.append("the issues to negotiate (add them above)")
    if missing.weights:
        parts.append("weights for " + _and([shown(n) for n in missing.weights]))
    if missing.scores:
        scored = [
            shown(name) + (f" ({_and(list(options))})" if options else "")
            for name, options in missing.scores
        ]
        parts.append("scores for " + _and(scored))
    if missing.threshold:
        parts.append("a win threshold")
    if missing.reservation:
        parts.append("a walk-away utility")
    return "Missing: " + "; ".join(parts) + "."
