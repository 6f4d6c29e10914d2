"""What a deal room negotiates: the case's win-win issues, and whether a package fits them.

A room is opened on a case and keeps, for as long as it lives, the terms it was opened with
(:class:`RoomTerms`: the issues and the units they are counted in), so that every offer made
in it is read against the same issues even if the case file changes meanwhile.

An offer is a *package*: one value for every issue of the case's win-win section
(:class:`~negotiation_lib.domain.case.NumericIssue`: a number between its minimum and its
maximum; :class:`~negotiation_lib.domain.case.OptionsIssue`: one of its options).
:func:`package_problems` lists what is wrong with one, issue by issue, in sentences a trainee
can act on; :func:`checked_package` returns the package as the room records it or raises
:class:`RoomError`. Pages use both to check an offer before sending it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from negotiation_lib.domain.case import (
    Case,
    Issue,
    NumericIssue,
    OptionsIssue,
    linked_price_issue,
)
from negotiation_lib.domain.errors import CaseError, Problem
from negotiation_lib.formatting import number
from negotiation_lib.vocabulary import readable

__all__ = [
    "IssueValue",
    "RoomError",
    "RoomTerms",
    "checked_package",
    "issue_range",
    "issue_unit",
    "package_problems",
    "shown_value",
    "unit_for",
]

IssueValue = float | str
"""The value a package gives one issue: a number, or the name of an option."""

_ISSUES: TypeAdapter[tuple[Issue, ...]] = TypeAdapter(tuple[Issue, ...])

# An issue named after a span of time is counted in it (``contract_years`` in years).
_TIME_WORDS = ("years", "months", "weeks", "days", "hours")


class RoomError(CaseError):
    """An action a deal room refuses; the message says why, in words for the team that acted.

    A :class:`~negotiation_lib.domain.errors.CaseError`, so a page shows it like any other
    domain error: at :attr:`path` (``values.warranty`` for an offer's issue, ``""`` for the
    action as a whole) with :attr:`message`.

    Examples
    --------
    >>> err = RoomError([Problem("", "This room is closed.")])
    >>> err.message, isinstance(err, CaseError)
    ('This room is closed.', True)
    """


@dataclass(frozen=True, slots=True)
class RoomTerms:
    """The issues a room negotiates and the units the case counts in.

    Attributes
    ----------
    issues
        The case's win-win issues, in the case's order (empty: nothing to negotiate).
    currency, unit, period
        The case's currency code, unit of sale and period (for the units in messages).
    price_issue
        The issue whose value is the pocket price per unit, if any
        (:func:`~negotiation_lib.domain.case.linked_price_issue`).
    """

    issues: tuple[Issue, ...] = ()
    currency: str = "EUR"
    unit: str = "unit"
    period: str = "year"
    price_issue: str | None = None

    @classmethod
    def from_case(cls, case: Case) -> RoomTerms:
        """The terms of a room opened on ``case`` (the whole truth of a role-play case).

        Examples
        --------
        >>> from negotiation_lib.datasets import load_pumpco_acme_foods
        >>> terms = RoomTerms.from_case(load_pumpco_acme_foods())
        >>> [i.name for i in terms.issues], terms.price_issue
        (['price_per_pump', 'warranty', 'payment_terms', 'contract_years'], 'price_per_pump')
        """
        win_win = case.win_win
        issues = win_win.issues if win_win is not None else ()
        price = linked_price_issue(issues, win_win.price_issue if win_win is not None else None)
        return cls(issues, case.currency, case.unit, case.period, price)

    def to_json(self) -> dict[str, Any]:
        """The terms as JSON data (how the store keeps them with the room)."""
        return {
            "issues": [i.model_dump(mode="json", exclude_none=True) for i in self.issues],
            "currency": self.currency,
            "unit": self.unit,
            "period": self.period,
            "price_issue": self.price_issue,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RoomTerms:
        """Read terms written by :meth:`to_json`.

        Raises
        ------
        CaseError
            When the issues are not valid issues.
        """
        try:
            issues = _ISSUES.validate_python(tuple(data.get("issues") or ()))
        except ValidationError as err:
            raise CaseError.at("issues", f"The room's issues cannot be read: {err}") from err
        return cls(
            issues,
            str(data.get("currency", "EUR")),
            str(data.get("unit", "unit")),
            str(data.get("period", "year")),
            data.get("price_issue"),
        )

    def issue(self, name: str) -> Issue | None:
        """The issue called ``name`` (its id), or ``None``."""
        return next((i for i in self.issues if i.name == name), None)


def issue_unit(issue: Issue, terms: RoomTerms) -> str:
    """The unit an issue's value is counted in, in words (``""`` when it has none).

    The price issue is in the case's currency per unit; an issue named after a span of time
    (``contract_years``, ``payment_days``) is in that span; options have no unit.

    Examples
    --------
    >>> terms = RoomTerms(currency="EUR", unit="pump", price_issue="price_per_pump")
    >>> issue_unit(NumericIssue(name="price_per_pump", min=1, max=2, step=1), terms)
    'EUR per pump'
    >>> issue_unit(NumericIssue(name="contract_years", min=1, max=3, step=1), terms)
    'years'
    >>> issue_unit(NumericIssue(name="score", min=1, max=3, step=1), terms)
    ''
    """
    if isinstance(issue, OptionsIssue):
        return ""
    if issue.name == terms.price_issue:
        return f"{terms.currency} per {terms.unit}"
    last = issue.name.lower().replace("-", "_").rsplit("_", 1)[-1]
    return last if last in _TIME_WORDS else ""


def unit_for(amount: float, unit: str) -> str:
    """A unit as it reads after ``amount``: a span of time is singular for exactly one.

    Examples
    --------
    >>> unit_for(1, "years"), unit_for(3, "years"), unit_for(1, "EUR per pump")
    ('year', 'years', 'EUR per pump')
    """
    return unit[:-1] if amount == 1 and unit in _TIME_WORDS else unit


def shown_value(issue: Issue, value: object, terms: RoomTerms) -> str:
    """One value of an issue as a message shows it: the number with its unit, or the option.

    Examples
    --------
    >>> terms = RoomTerms(currency="EUR", unit="pump", price_issue="price")
    >>> shown_value(NumericIssue(name="price", min=1, max=2e4, step=1), 14250.5, terms)
    '14,250.5 EUR per pump'
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return repr(value) if not isinstance(value, str) else f"'{value}'"
    unit = unit_for(float(value), issue_unit(issue, terms))
    text = number(float(value), 6, trim=True) if math.isfinite(value) else str(value)
    return f"{text} {unit}".rstrip()


def _or_list(items: tuple[str, ...]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def issue_range(issue: Issue, terms: RoomTerms) -> str:
    """The values an issue takes, in words, with its unit.

    Examples
    --------
    >>> terms = RoomTerms(currency="EUR", unit="pump", price_issue="price_per_pump")
    >>> issue_range(NumericIssue(name="price_per_pump", min=11000, max=13000, step=250), terms)
    'from 11,000 to 13,000 EUR per pump'
    >>> issue_range(OptionsIssue(name="warranty", options=("1 year", "2 years")), terms)
    'one of 1 year or 2 years'
    """
    if isinstance(issue, OptionsIssue):
        return f"one of {_or_list(tuple(issue.options))}"
    unit = issue_unit(issue, terms)
    low, high = number(issue.min, 6, trim=True), number(issue.max, 6, trim=True)
    return f"from {low} to {high} {unit}".rstrip()


def _value_problem(issue: Issue, value: object, terms: RoomTerms) -> str | None:
    label = issue.display_name
    if isinstance(issue, OptionsIssue):
        if isinstance(value, str) and value in issue.options:
            return None
        return (
            f"{shown_value(issue, value, terms)} is not an option of {label}: choose "
            f"{_or_list(tuple(issue.options))}."
        )
    assert isinstance(issue, NumericIssue)  # an issue is numeric or has options
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(float(value))
    ):
        return f"{label} takes a number {issue_range(issue, terms)}."
    if not issue.min <= float(value) <= issue.max:
        return (
            f"{label} goes {issue_range(issue, terms)}; {shown_value(issue, value, terms)} "
            "is outside that range."
        )
    return None


def package_problems(terms: RoomTerms, values: object) -> list[Problem]:
    """Everything wrong with a package offered in a room, one problem per issue.

    Parameters
    ----------
    terms
        The room's terms.
    values
        The package as offered: issue id → value.

    Returns
    -------
    list of Problem
        Empty when the package gives every issue a value it can take and names no other
        issue; otherwise one problem at ``values.<issue id>`` per wrong value (the issue and
        its range with units), or at ``values`` for a package that is not one.

    Examples
    --------
    >>> terms = RoomTerms(
    ...     (NumericIssue(name="price_per_pump", min=11000, max=13000, step=250),
    ...      OptionsIssue(name="warranty", options=("1 year", "2 years"))),
    ...     "EUR", "pump", "year", "price_per_pump")
    >>> package_problems(terms, {"price_per_pump": 12000, "warranty": "2 years"})
    []
    >>> for p in package_problems(terms, {"price_per_pump": 14000, "warranty": "5 years"}):
    ...     print(p)
    values.price_per_pump: Price per pump goes from 11,000 to 13,000 EUR per pump; 14,000 EUR per pump is outside that range.
    values.warranty: '5 years' is not an option of Warranty: choose 1 year or 2 years.
    """  # noqa: E501
    if not terms.issues:
        return [Problem("values", "This case has no issues to negotiate, so it takes no offers.")]
    if not isinstance(values, Mapping):
        return [Problem("values", "An offer gives each issue of the case a value.")]
    out: list[Problem] = []
    for issue in terms.issues:
        where = f"values.{issue.name}"
        if issue.name not in values:
            out.append(
                Problem(
                    where,
                    f"Give {issue.display_name} a value ({issue_range(issue, terms)}): an offer "
                    "settles every issue.",
                )
            )
            continue
        problem = _value_problem(issue, values[issue.name], terms)
        if problem is not None:
            out.append(Problem(where, problem))
    known = {i.name for i in terms.issues}
    for key in values:
        if key not in known:
            name = readable(str(key))
            out.append(
                Problem(
                    f"values.{key}",
                    f"There is no issue called '{name}' in this negotiation; leave it out.",
                )
            )
    return out


def checked_package(terms: RoomTerms, values: object) -> dict[str, IssueValue]:
    """The package as a room records it, in the case's issue order, numbers as floats.

    Raises
    ------
    RoomError
        With every problem :func:`package_problems` finds.

    Examples
    --------
    >>> terms = RoomTerms((OptionsIssue(name="w", options=("a", "b")),
    ...                    NumericIssue(name="n", min=0, max=3, step=1)))
    >>> checked_package(terms, {"n": 2, "w": "b"})
    {'w': 'b', 'n': 2.0}
    """
    problems = package_problems(terms, values)
    if problems:
        raise RoomError(problems)
    assert isinstance(values, Mapping)  # package_problems said so
    out: dict[str, IssueValue] = {}
    for issue in terms.issues:
        value = values[issue.name]
        out[issue.name] = value if isinstance(value, str) else float(value)
    return out
