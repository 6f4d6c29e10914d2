"""The case: one negotiation, as the public JSON document every part of the workbook shares.

A case holds a title, the two parties and up to six sections (strategy, value, economics,
relationship, trust, win-win). A missing section means "not filled in yet": a trainee's
half-done worksheet is a valid case, and :func:`missing_sections` says what is still to do.

All models are immutable pydantic models. Numbers must be JSON numbers (text such as ``"40"``
is refused rather than guessed at), must be finite, and unknown keys are refused so that a typo
in a field name is reported instead of silently ignored. Rules that span several fields (the
discounts cannot exceed the list price, a package may only name issues that exist) are checked
here too, so that every computation downstream can trust its input.

The contract is documented in the product's design notes (section 4, "the case file"); the JSON
Schema generated from these models is published under ``data/schema/``.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import Annotated, Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator, model_validator

from negotiation_lib.domain.currencies import UNIT_MAX_CHARS, currency_problem, unit_problem
from negotiation_lib.domain.errors import Problem, SubfieldError
from negotiation_lib.numbers import NumberFormatTag
from negotiation_lib.vocabulary import issue_label

__all__ = [
    "LIMIT",
    "OPEN_BOOK",
    "POCKET_PRICE",
    "SCHEMA_VERSION",
    "STYLE_ITEMS",
    "Case",
    "Contribution",
    "Discount",
    "Driver",
    "Economics",
    "Issue",
    "IssueScores",
    "Move",
    "MustHave",
    "NumericIssue",
    "OptionEconomics",
    "OptionsIssue",
    "Package",
    "PartyDefinition",
    "Priority",
    "Reference",
    "Relationship",
    "SealedDefinition",
    "Seals",
    "Strategy",
    "Trust",
    "TrustView",
    "Value",
    "WinWin",
    "linked_price_issue",
    "missing_sections",
    "win_win_problems",
]

SCHEMA_VERSION: Final = 1
"""The case-file format this library reads and writes."""

LIMIT: Final = 1e12
"""The largest amount, volume or weight a case may hold (in absolute value): a trillion.

No deal the workbook is meant for comes near it, and it keeps every result finite: price ×
volume × 100 repetitions stays below 1e27, far from the largest float (1.8e308), where a
bigger input (1e308) would overflow into an infinite NPV.
"""

# Number types. ``Strict`` refuses text and booleans where a number belongs.
Number = Annotated[float, Strict(), Field(ge=-LIMIT, le=LIMIT)]
NonNegative = Annotated[float, Strict(), Field(ge=0, le=LIMIT)]
Positive = Annotated[float, Strict(), Field(gt=0, le=LIMIT)]
Probability = Annotated[float, Strict(), Field(ge=0, le=1)]
Score = Annotated[float, Strict(), Field(ge=0, le=100)]
TrustFactor = Annotated[float, Strict(), Field(ge=1, le=10)]
Answer = Annotated[int, Strict(), Field(ge=1, le=5)]
Name = Annotated[str, Strict(), Field(min_length=1, max_length=200)]
Text = Annotated[str, Strict(), Field(max_length=5000)]

DiscountKind = Literal["percent", "per_unit", "per_period"]
Principle = Literal[
    "volume",
    "commitment",
    "prepayment",
    "cost_to_serve",
    "risk_sharing",
    "reference_customer",
    "none",
]
DriverCategory = Literal[
    "cost_saving", "revenue_gain", "risk_reduction", "time_saving", "intangible", "other"
]
StyleItem = Literal[
    "cpt_open_high",
    "cpt_cards_close",
    "cpt_small_concessions",
    "cpt_use_power",
    "cpt_walkaway_figure",
    "cpt_first_offer",
    "trust_fair_clear",
    "trust_share_model",
    "trust_principled_discounts",
    "trust_project_x100",
    "trust_never_mislead",
    "trust_assume_agreement",
]
STYLE_ITEMS: tuple[str, ...] = get_args(StyleItem)
"""The twelve style-diagnostic item ids, CPT items first."""


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", allow_inf_nan=False, str_strip_whitespace=True
    )


def _at(path: str, message: str) -> SubfieldError:
    return SubfieldError([Problem(path, message)])


def _unique_names(items: tuple[BaseModel, ...], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        name = str(getattr(item, "name"))  # noqa: B009 - every caller passes named rows
        if name.casefold() in seen:
            raise ValueError(f"Two {what} are called '{name}'; give each a distinct name.")
        seen.add(name.casefold())


# --------------------------------------------------------------------------- strategy


class Priority(_Model):
    """One of the seller's strategic priorities, and whether this deal serves it."""

    name: Name
    weight: NonNegative = Field(1.0, description="Relative importance (any non-negative scale).")
    supported: bool = Field(False, description="Does this deal serve the priority?")


class Contribution(_Model):
    """Who on the team contributes what to the improvements for this negotiation."""

    who: Name
    action: Text = ""


class Move(_Model):
    """A move the seller could make, with the customer's and competitors' likely reactions."""

    name: Name
    cooperation_probability: Probability = Field(
        description="Chance the customer cooperates in response."
    )
    cooperation_benefit: NonNegative = Field(description="Value to the seller if it does.")
    retaliation_probability: Probability = Field(description="Chance a competitor retaliates.")
    retaliation_damage: NonNegative = Field(description="Cost to the seller if one does.")


class Strategy(_Model):
    """Strategic fit, the team's three questions and the moves against competitors."""

    priorities: tuple[Priority, ...] = ()
    strengths: tuple[Text, ...] = ()
    improvements: tuple[Text, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    moves: tuple[Move, ...] = ()

    @field_validator("priorities")
    @classmethod
    def _priorities_weighted(cls, v: tuple[Priority, ...]) -> tuple[Priority, ...]:
        _unique_names(v, "priorities")
        if v and sum(p.weight for p in v) <= 0:
            raise ValueError("At least one priority needs a weight above zero.")
        return v

    @field_validator("moves")
    @classmethod
    def _moves_unique(cls, v: tuple[Move, ...]) -> tuple[Move, ...]:
        _unique_names(v, "moves")
        return v


# --------------------------------------------------------------------------- value


class Reference(_Model):
    """The customer's next-best alternative and its price per unit."""

    name: Name
    price_per_unit: NonNegative


class Driver(_Model):
    """One value driver: how the offer differs from the alternative, in money per unit."""

    name: Name
    category: DriverCategory = "other"
    value_per_unit: Number = Field(
        description="Positive when the offer is better than the alternative, negative when worse."
    )
    confidence: Probability = Field(0.5, description="How sure the team is, from 0 to 1.")
    evidence: Text = Field("", description="What backs the figure (trial, reference, study).")


class Value(_Model):
    """The value proposition monetized against the customer's next-best alternative."""

    reference: Reference
    drivers: tuple[Driver, ...] = ()
    framing: Text = ""

    @field_validator("drivers")
    @classmethod
    def _drivers_unique(cls, v: tuple[Driver, ...]) -> tuple[Driver, ...]:
        _unique_names(v, "value drivers")
        return v


# --------------------------------------------------------------------------- economics


class Discount(_Model):
    """One step from list price towards pocket price, with the principle that justifies it."""

    name: Name
    kind: DiscountKind = Field(
        description="percent (of list price), per_unit (money per unit) or per_period "
        "(a lump sum per period, spread over the period's volume)."
    )
    amount: NonNegative
    on_invoice: bool = Field(
        True,
        description="On-invoice discounts give the invoice price; "
        "off-invoice ones the pocket price.",
    )
    principle: Principle = "none"
    rationale: Text = ""
    seller_saving_per_unit: NonNegative | None = Field(
        None, description="What the seller saves per unit thanks to the customer's concession."
    )

    @model_validator(mode="after")
    def _percent_at_most_100(self) -> Discount:
        if self.kind == "percent" and self.amount > 100:
            raise ValueError("A percent discount cannot be more than 100%.")
        return self


class Economics(_Model):
    """The open-book economic model of one period of supply."""

    volume_per_period: Positive = Field(description="Units per period.")
    list_price_per_unit: NonNegative
    discounts: tuple[Discount, ...] = ()
    variable_cost_per_unit: NonNegative = 0.0
    fixed_cost_per_period: NonNegative = 0.0
    seller_one_time_cost: NonNegative = 0.0
    customer_cost_per_period: NonNegative = 0.0
    customer_one_time_cost: NonNegative = 0.0
    fair_share: Probability = Field(
        0.5, description="The seller's fair share of the value created, from 0 to 1."
    )

    @model_validator(mode="after")
    def _discounts_within_list(self) -> Economics:
        _unique_names(self.discounts, "discounts")
        total = 0.0
        for d in self.discounts:
            if d.kind == "percent":
                # Divided first: a huge list price times the percentage must not overflow.
                total += self.list_price_per_unit * (d.amount / 100.0)
            elif d.kind == "per_unit":
                total += d.amount
            else:
                total += d.amount / self.volume_per_period
        if total > self.list_price_per_unit * (1 + 1e-12):
            raise _at(
                "discounts",
                f"The discounts add up to {total:,.2f} per unit, more than the list price "
                f"of {self.list_price_per_unit:,.2f}.",
            )
        return self


# --------------------------------------------------------------------------- relationship


class Relationship(_Model):
    """How the deal repeats: the inputs of the "project this transaction x100" projection."""

    repetitions: Annotated[int, Strict(), Field(ge=1, le=1000)] = 100
    discount_rate: Annotated[float, Strict(), Field(ge=0, le=1)] = 0.08
    growth_rate: Annotated[float, Strict(), Field(ge=-0.5, le=0.5)] = 0.0
    retention_fair: Probability = Field(
        0.95, description="Chance a fair relationship goes on to the next repetition."
    )
    retention_one_sided: Probability = Field(
        0.6, description="Chance a one-sided relationship goes on to the next repetition."
    )
    seller_batna_per_period: Number = Field(
        0.0,
        description="The seller's best one-off alternative: the profit per period it would "
        "make without this deal.",
    )
    customer_batna_per_period: Number = Field(
        0.0,
        description="What the customer's best alternative would gain it per period beyond "
        "the reference price already in the EVE; usually 0 when the reference is that "
        "alternative (entering its whole value again would count it twice).",
    )
    seller_batr_npv: Number = Field(
        0.0, description="NPV of the seller's best alternative relationship."
    )
    customer_batr_npv: Number = Field(
        0.0, description="NPV of the customer's best alternative relationship."
    )
    cpt_price_per_unit: NonNegative | None = Field(
        None, description="The tough price of the CPT scenario; the ZOPA ceiling when unset."
    )

    @model_validator(mode="after")
    def _one_sided_not_stickier(self) -> Relationship:
        if self.retention_one_sided > self.retention_fair:
            raise ValueError(
                "A one-sided relationship cannot be more likely to last than a fair one: "
                "retention_one_sided must not exceed retention_fair."
            )
        return self


# --------------------------------------------------------------------------- trust


class TrustView(_Model):
    """The four factors of the trust equation, each from 1 to 10."""

    credibility: TrustFactor
    reliability: TrustFactor
    intimacy: TrustFactor
    self_orientation: TrustFactor


class Trust(_Model):
    """The trust check: two views of the seller and the negotiation-style answers."""

    seller_view: TrustView | None = None
    customer_view: TrustView | None = None
    style_answers: dict[StyleItem, Answer] = Field(default_factory=dict)


# --------------------------------------------------------------------------- win-win


POCKET_PRICE: Final = "pocket_price_per_unit"
"""The ``economics`` mark of the numeric issue whose value is a package's pocket price."""

OPEN_BOOK: Final = "open_book"
"""A party's score of the price issue read off the open book: the price's place in the ZOPA."""


class _Issue(_Model):
    """What every issue has: its id (``name``) and the name users read (``label``)."""

    name: Name
    label: Name | None = Field(
        None,
        description="The issue's name as pages show it (the name is its id, the key of its "
        "weights, scores and package values); without one, a name is read from the id.",
    )

    @property
    def display_name(self) -> str:
        """The issue as users read it: its label, else its id in words (``Payment terms``)."""
        return issue_label(self.name, self.label)


class NumericIssue(_Issue):
    """An issue settled by a number between ``min`` and ``max`` in steps of ``step``."""

    kind: Literal["numeric"] = "numeric"
    min: Number
    max: Number
    step: Positive
    economics: Literal["pocket_price_per_unit"] | None = Field(
        None,
        description="'pocket_price_per_unit' when this issue's value is the package's pocket "
        "price per unit, so each package is priced through the open book (one issue at most).",
    )

    @model_validator(mode="after")
    def _range(self) -> NumericIssue:
        if self.max < self.min:
            raise ValueError(f"The maximum ({self.max:g}) is below the minimum ({self.min:g}).")
        if (self.max - self.min) / self.step > 100_000:
            raise ValueError("The step is too small: the issue would have over 100,000 values.")
        return self


class OptionEconomics(_Model):
    """What one option of an issue changes in the open-book model, per period.

    Both figures are per period and relative to the case's economics section: a seller cost
    lowers the seller's profit, a customer value raises the customer's net benefit. Negative
    figures are allowed (an option that saves the seller money, or costs the customer).
    """

    seller_cost_per_period: Number = Field(
        0.0, description="What the option costs the seller per period (negative: a saving)."
    )
    customer_value_per_period: Number = Field(
        0.0, description="What the option is worth to the customer per period (negative: a cost)."
    )


class OptionsIssue(_Issue):
    """An issue settled by choosing one of a list of options."""

    kind: Literal["options"] = "options"
    options: tuple[Name, ...] = Field(min_length=1)
    economics: dict[Name, OptionEconomics] | None = Field(
        None,
        description="Per option, its cost to the seller and value to the customer per period; "
        "an option left out changes nothing.",
    )

    @field_validator("options")
    @classmethod
    def _distinct(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(v)) != len(v):
            raise ValueError("Each option may appear only once.")
        return v

    @model_validator(mode="after")
    def _economics_of_known_options(self) -> OptionsIssue:
        unknown = [o for o in self.economics or {} if o not in self.options]
        if unknown:
            raise SubfieldError(
                [
                    Problem(f"economics.{o}", f"'{o}' is not an option of '{self.name}'.")
                    for o in unknown
                ]
            )
        return self


Issue = Annotated[NumericIssue | OptionsIssue, Field(discriminator="kind")]
ScoreCurve = tuple[tuple[Number, Score], ...]
"""Points ``[x, score]`` of a numeric issue, interpolated linearly and clamped at the ends."""

IssueScores = ScoreCurve | dict[Name, Score] | Literal["open_book"]
"""A party's scores of one issue: points, a score per option, or ``"open_book"`` (price only)."""


class MustHave(_Model):
    """A hard requirement: numeric bounds, or the options that are acceptable."""

    min: Number | None = None
    max: Number | None = None
    allowed: tuple[Name, ...] | None = None

    @model_validator(mode="after")
    def _something(self) -> MustHave:
        if self.min is None and self.max is None and self.allowed is None:
            raise ValueError("A must-have needs a min, a max or a list of allowed options.")
        if self.min is not None and self.max is not None and self.max < self.min:
            raise ValueError("The must-have's max is below its min.")
        return self


class PartyDefinition(_Model):
    """What winning looks like for one party: weights, scores, must-haves and thresholds."""

    statement: Text = ""
    weights: dict[Name, NonNegative] = Field(default_factory=dict)
    scores: dict[Name, IssueScores] = Field(
        default_factory=dict,
        description="Per issue: points [[value, score], ...] for a numeric issue, a score per "
        "option, or 'open_book' for the issue that sets the price (the price's place in the "
        "zone of possible agreement: 0 at the seller's floor, 100 at the customer's ceiling "
        "for the seller, the complement for the customer).",
    )
    must_haves: dict[Name, MustHave] = Field(default_factory=dict)
    win_threshold: Score = 60.0
    reservation_utility: Score = 0.0

    @field_validator("weights")
    @classmethod
    def _weights_not_all_zero(cls, v: dict[str, float]) -> dict[str, float]:
        if v and sum(v.values()) <= 0:
            raise ValueError("The weights are all zero: give at least one issue a weight.")
        return v

    @field_validator("scores")
    @classmethod
    def _curves_sorted(cls, v: dict[str, IssueScores]) -> dict[str, IssueScores]:
        for name, s in v.items():
            if isinstance(s, tuple):
                if not s:
                    raise ValueError(f"The score curve for '{name}' has no points.")
                xs = [p[0] for p in s]
                if any(b <= a for a, b in pairwise(xs)):
                    raise ValueError(
                        f"The score points for '{name}' must be in increasing order of value."
                    )
        return v

    @model_validator(mode="after")
    def _threshold_above_reservation(self) -> PartyDefinition:
        if self.win_threshold < self.reservation_utility:
            raise ValueError(
                "The win threshold is below the walk-away (reservation) utility; "
                "winning should ask for at least as much as walking away."
            )
        return self


class SealedDefinition(_Model):
    """One sealed version of a party's definition of winning."""

    version: Annotated[int, Strict(), Field(ge=1)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    sealed_at: datetime
    reason: Text | None = Field(
        None, description="Why it was amended (every version after the first)."
    )
    definition: PartyDefinition


class Seals(_Model):
    """The sealed history of both parties' definitions, oldest first."""

    seller: tuple[SealedDefinition, ...] = ()
    customer: tuple[SealedDefinition, ...] = ()


class Package(_Model):
    """A candidate agreement: one value for each issue."""

    name: Name
    values: dict[Name, Number | Annotated[str, Strict()]]


def _definition_problems(
    party: str, d: PartyDefinition, issues: dict[str, Issue], price_issue: str | None
) -> list[Problem]:
    out: list[Problem] = []
    base = party

    def add(path: str, message: str) -> None:
        out.append(Problem(f"{base}.{path}", message))

    for part in ("weights", "scores", "must_haves"):
        for key in getattr(d, part):
            if key not in issues:
                add(f"{part}.{key}", f"There is no issue called '{key}' on the list of issues.")
    for name, issue in issues.items():
        if d.weights.get(name, 0.0) > 0 and name not in d.scores:
            add(f"scores.{name}", f"'{issue.display_name}' has a weight but no scores.")
        s = d.scores.get(name)
        if s == OPEN_BOOK:
            if name != price_issue:
                add(f"scores.{name}", _open_book_problem(name, price_issue))
        elif s is not None:
            if isinstance(issue, OptionsIssue):
                if not isinstance(s, dict):
                    add(f"scores.{name}", f"Give '{issue.display_name}' a score per option.")
                else:
                    for o in s:
                        if o not in issue.options:
                            add(f"scores.{name}.{o}", f"'{o}' is not an option of this issue.")
                    absent = [o for o in issue.options if o not in s]
                    if absent:
                        add(f"scores.{name}", f"No score for {', '.join(map(repr, absent))}.")
            elif not isinstance(s, tuple):
                add(f"scores.{name}", f"'{issue.display_name}' is a number: score it with points.")
        m = d.must_haves.get(name)
        if m is not None:
            if isinstance(issue, OptionsIssue):
                if m.allowed is None:
                    add(f"must_haves.{name}", "List the allowed options of this issue.")
                elif set(m.allowed) - set(issue.options):
                    bad = sorted(set(m.allowed) - set(issue.options))
                    add(f"must_haves.{name}", f"{bad} are not options of '{issue.display_name}'.")
            elif m.allowed is not None:
                add(f"must_haves.{name}", f"Give '{issue.display_name}' a min and/or a max.")
    return out


def _open_book_problem(name: str, price_issue: str | None) -> str:
    if price_issue is None:
        return (
            f"'{name}' is scored open-book, but no issue sets the price: mark the price issue "
            'with "economics": "pocket_price_per_unit".'
        )
    return (
        f"Only the issue that sets the price ('{price_issue}') can be scored open-book; "
        f"give '{name}' its own scores."
    )


def _price_link_problems(issues: tuple[Issue, ...], price_issue: str | None) -> list[Problem]:
    out: list[Problem] = []
    linked = [
        (k, i.name)
        for k, i in enumerate(issues)
        if isinstance(i, NumericIssue) and i.economics == POCKET_PRICE
    ]
    for k, name in linked[1:]:
        out.append(
            Problem(
                f"issues[{k}].economics",
                f"Only one issue can set the pocket price, and '{linked[0][1]}' already does; "
                f"remove the mark from '{name}'.",
            )
        )
    by_name = {i.name: i for i in issues}
    if price_issue is not None:
        if not isinstance(by_name.get(price_issue), NumericIssue):
            out.append(Problem("price_issue", f"'{price_issue}' is not a numeric issue."))
        elif linked and linked[0][1] != price_issue:
            out.append(
                Problem(
                    "price_issue",
                    f"price_issue names '{price_issue}', but '{linked[0][1]}' is marked as the "
                    "pocket price: name the same issue in both places, or leave one out.",
                )
            )
    return out


def linked_price_issue(issues: tuple[Issue, ...], price_issue: str | None = None) -> str | None:
    """Name the issue whose value is a package's pocket price, if any.

    Two equivalent ways link the price: the numeric issue marked
    ``"economics": "pocket_price_per_unit"`` (preferred), or the older
    ``win_win.price_issue`` field. A case may use either or both, as long as both name the
    same issue (validation says so otherwise).

    Parameters
    ----------
    issues
        The issues of the win-win section.
    price_issue
        The section's ``price_issue`` field.

    Returns
    -------
    str or None
        The marked issue's name, else ``price_issue``, else None.

    Examples
    --------
    >>> issues = (NumericIssue(name="price", min=1, max=2, step=1,
    ...                        economics="pocket_price_per_unit"),)
    >>> linked_price_issue(issues), linked_price_issue((), "rate"), linked_price_issue(())
    ('price', 'rate', None)
    """
    for issue in issues:
        if isinstance(issue, NumericIssue) and issue.economics == POCKET_PRICE:
            return issue.name
    return price_issue


def win_win_problems(
    issues: tuple[Issue, ...],
    seller: PartyDefinition | None,
    customer: PartyDefinition | None,
    packages: tuple[Package, ...],
    price_issue: str | None,
) -> list[Problem]:
    """Check that definitions and packages agree with the list of issues.

    Paths are relative to the ``win_win`` section. Validation also calls this on whatever
    parts of a broken section could be read, so that a file with several mistakes gets all of
    them reported at once. Only the issue that sets the price (:func:`linked_price_issue`)
    may be scored ``"open_book"``, at most one issue sets it, and ``price_issue`` must agree
    with the marked issue.
    """
    out: list[Problem] = []
    by_name = {i.name: i for i in issues}
    price = linked_price_issue(issues, price_issue)
    if seller is not None:
        out += _definition_problems("seller", seller, by_name, price)
    if customer is not None:
        out += _definition_problems("customer", customer, by_name, price)
    for k, pkg in enumerate(packages):
        for key, value in pkg.values.items():
            where = f"packages[{k}].values.{key}"
            issue = by_name.get(key)
            if issue is None:
                out.append(Problem(where, f"There is no issue called '{key}'."))
            elif isinstance(issue, OptionsIssue):
                if value not in issue.options:
                    out.append(Problem(where, f"'{value}' is not an option of this issue."))
            elif isinstance(value, str):
                out.append(Problem(where, f"Enter a number for this issue (it is {value!r})."))
            elif not issue.min <= value <= issue.max:
                out.append(Problem(where, f"{value:g} is outside {issue.min:g} to {issue.max:g}."))
        absent = [n for n in by_name if n not in pkg.values]
        if absent:
            out.append(
                Problem(f"packages[{k}].values", f"No value for {', '.join(map(repr, absent))}.")
            )
    return out + _price_link_problems(issues, price_issue)


class WinWin(_Model):
    """The issues, both parties' definitions of winning, and the candidate agreements."""

    issues: tuple[Issue, ...] = ()
    seller: PartyDefinition | None = None
    customer: PartyDefinition | None = None
    packages: tuple[Package, ...] = ()
    seals: Seals = Field(default_factory=Seals)
    price_issue: Name | None = Field(
        None,
        description="The numeric issue that sets the pocket price per unit, if any: the same "
        'link as marking that issue with "economics": "pocket_price_per_unit" (either '
        "way, or both naming the same issue).",
    )

    @field_validator("issues")
    @classmethod
    def _issues_unique(cls, v: tuple[Issue, ...]) -> tuple[Issue, ...]:
        _unique_names(v, "issues")
        return v

    @field_validator("packages")
    @classmethod
    def _packages_unique(cls, v: tuple[Package, ...]) -> tuple[Package, ...]:
        _unique_names(v, "packages")
        return v

    @property
    def issue_labels(self) -> dict[str, str]:
        """Each issue's id and the name users read (:attr:`NumericIssue.display_name`)."""
        return {i.name: i.display_name for i in self.issues}

    @property
    def pocket_price_issue(self) -> str | None:
        """The issue whose value is a package's pocket price (:func:`linked_price_issue`)."""
        return linked_price_issue(self.issues, self.price_issue)

    @model_validator(mode="after")
    def _consistent(self) -> WinWin:
        problems = win_win_problems(
            self.issues, self.seller, self.customer, self.packages, self.price_issue
        )
        if problems:
            raise SubfieldError(problems)
        return self


# --------------------------------------------------------------------------- the case


class Case(_Model):
    """One negotiation case: the parties and whichever sections have been filled in."""

    schema_version: Literal[1] = SCHEMA_VERSION
    title: Name
    currency: Annotated[
        str,
        Strict(),
        Field(
            min_length=1, description="ISO 4217 code", json_schema_extra={"pattern": "^[A-Z]{3}$"}
        ),
    ] = "EUR"
    unit: Annotated[str, Strict(), Field(min_length=1, max_length=UNIT_MAX_CHARS)] = "unit"
    period: Name = "year"
    seller: Name
    customer: Name
    number_format: NumberFormatTag | None = Field(
        None,
        description="How the case's numbers are typed (1,234.5, 1.234,5, 1 234,5 or 1'234.5); "
        "when absent, the trainee's own format or the usual one of the currency.",
    )
    strategy: Strategy | None = None
    value: Value | None = None
    economics: Economics | None = None
    relationship: Relationship | None = None
    trust: Trust | None = None
    win_win: WinWin | None = None

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, v: str) -> str:
        problem = currency_problem(v)
        if problem:
            raise ValueError(problem)
        return v

    @field_validator("unit")
    @classmethod
    def _unit_word(cls, v: str) -> str:
        problem = unit_problem(v)
        if problem:
            raise ValueError(problem)
        return v


SECTIONS: tuple[str, ...] = ("strategy", "value", "economics", "relationship", "trust", "win_win")


def missing_sections(case: Case) -> list[str]:
    """Name what is not filled in yet, as dotted paths, in worksheet order.

    Parameters
    ----------
    case
        Any valid case, complete or not.

    Returns
    -------
    list of str
        Section names (``"economics"``) and, inside a present section, the parts the report
        needs (``"win_win.customer"``, ``"trust.style_answers"``).

    Examples
    --------
    >>> missing_sections(Case(title="T", seller="S", customer="C"))[:3]
    ['strategy', 'value', 'economics']
    """
    out = [name for name in SECTIONS if getattr(case, name) is None]
    if case.trust is not None:
        for part in ("seller_view", "customer_view"):
            if getattr(case.trust, part) is None:
                out.append(f"trust.{part}")
        if not case.trust.style_answers:
            out.append("trust.style_answers")
    if case.win_win is not None:
        ww = case.win_win
        if not ww.issues:
            out.append("win_win.issues")
        for part in ("seller", "customer"):
            if getattr(ww, part) is None and not getattr(ww.seals, part):
                out.append(f"win_win.{part}")
        if not ww.packages:
            out.append("win_win.packages")
    return out
