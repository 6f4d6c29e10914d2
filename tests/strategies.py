"""Hypothesis strategies shared by the test suite: valid cases and their parts.

Each strategy draws only valid inputs, so a property test's failure points at the formula,
not at the generator.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Money and rates within the ranges a real case uses; wide enough to find edge cases, narrow
# enough that float rounding stays far below the tolerances the properties use.
money = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
signed_money = st.floats(min_value=-1e5, max_value=1e5, allow_nan=False, allow_infinity=False)
probability = st.floats(min_value=0, max_value=1, allow_nan=False)
score = st.floats(min_value=0, max_value=100, allow_nan=False)

# --- economics and projection strategies (below) ---

# Imported here rather than at the top so that each team's section stays self-contained.
from negotiation_lib.domain.case import (  # noqa: E402
    Discount,
    Driver,
    Economics,
    Reference,
    Relationship,
    Value,
)

unit_price = st.floats(min_value=1, max_value=1e5, allow_nan=False, allow_infinity=False)
volume = st.floats(min_value=1, max_value=1e4, allow_nan=False, allow_infinity=False)
discount_rate = st.floats(min_value=0, max_value=1, allow_nan=False)
growth_rate = st.floats(min_value=-0.5, max_value=0.5, allow_nan=False)
repetitions = st.integers(min_value=1, max_value=1000)
principle = st.sampled_from(
    ["volume", "commitment", "prepayment", "cost_to_serve", "risk_sharing", "none"]
)


@st.composite
def discounts(draw: st.DrawFn, list_price: float, units: float) -> tuple[Discount, ...]:
    """Up to three discounts, each at most 30% of list, so together they never exceed it."""
    out = []
    for k in range(draw(st.integers(min_value=0, max_value=3))):
        kind = draw(st.sampled_from(["percent", "per_unit", "per_period"]))
        fraction = draw(st.floats(min_value=0, max_value=0.3))
        amount = {
            "percent": 100 * fraction,
            "per_unit": fraction * list_price,
            "per_period": fraction * list_price * units,
        }[kind]
        out.append(
            Discount(
                name=f"discount {k}",
                kind=kind,
                amount=amount,
                on_invoice=draw(st.booleans()),
                principle=draw(principle),
                seller_saving_per_unit=draw(st.none() | unit_price),
            )
        )
    return tuple(out)


@st.composite
def economics_sections(draw: st.DrawFn) -> Economics:
    """A valid economics section with costs on both sides and any fair share."""
    list_price = draw(unit_price)
    units = draw(volume)
    return Economics(
        volume_per_period=units,
        list_price_per_unit=list_price,
        discounts=draw(discounts(list_price, units)),
        variable_cost_per_unit=draw(unit_price),
        fixed_cost_per_period=draw(money),
        seller_one_time_cost=draw(money),
        customer_cost_per_period=draw(money),
        customer_one_time_cost=draw(money),
        fair_share=draw(probability),
    )


@st.composite
def value_sections(draw: st.DrawFn, confidence: st.SearchStrategy[float] = probability) -> Value:
    """A valid value section: a reference price and up to four signed drivers."""
    drivers = tuple(
        Driver(name=f"driver {k}", value_per_unit=draw(signed_money), confidence=draw(confidence))
        for k in range(draw(st.integers(min_value=0, max_value=4)))
    )
    return Value(
        reference=Reference(name="alternative", price_per_unit=draw(unit_price)), drivers=drivers
    )


@st.composite
def relationship_sections(
    draw: st.DrawFn, *, zero_batnas: bool = False, max_repetitions: int = 200
) -> Relationship:
    """A valid relationship section; ``zero_batnas`` keeps both BATNAs at zero."""
    retentions = sorted(draw(st.lists(probability, min_size=2, max_size=2)))
    return Relationship(
        repetitions=draw(st.integers(min_value=1, max_value=max_repetitions)),
        discount_rate=draw(discount_rate),
        growth_rate=draw(growth_rate),
        retention_one_sided=retentions[0],
        retention_fair=retentions[1],
        seller_batna_per_period=0.0 if zero_batnas else draw(signed_money),
        customer_batna_per_period=0.0 if zero_batnas else draw(signed_money),
        seller_batr_npv=draw(signed_money),
        customer_batr_npv=draw(signed_money),
    )


@st.composite
def squeeze_cases(draw: st.DrawFn) -> tuple[Economics, Value, Relationship]:
    """A case with a ZOPA of some width and a profit for the seller at the fair price.

    Drivers are worth between -20% and +100% of the reference price each, so the
    evidence-weighted EVE ``E`` is positive; costs and BATNAs are drawn as fractions of ``E``
    so that the floor stays below ``0.85 E`` and the ceiling above it: what squeezing is worth
    is then defined. Retentions, rates and fair shares are those of a relationship worth
    keeping, so that a break-even loyalty usually exists. ``retention_one_sided`` equals
    ``retention_fair``: the test sets the drop it studies.
    """
    reference = draw(unit_price)
    drivers = tuple(
        Driver(
            name=f"driver {k}",
            value_per_unit=reference * draw(st.floats(min_value=-0.2, max_value=1)),
            confidence=draw(probability),
        )
        for k in range(draw(st.integers(min_value=0, max_value=3)))
    )
    value = Value(
        reference=Reference(name="alternative", price_per_unit=reference), drivers=drivers
    )
    e = reference + sum(d.confidence * d.value_per_unit for d in drivers)
    units = draw(volume)
    fraction = st.floats(min_value=0, max_value=1)
    economics = Economics(
        volume_per_period=units,
        list_price_per_unit=e,
        variable_cost_per_unit=0.6 * e * draw(fraction),
        fixed_cost_per_period=0.2 * e * units * draw(fraction),
        seller_one_time_cost=draw(money),
        customer_cost_per_period=0.1 * e * units * draw(fraction),
        customer_one_time_cost=draw(money),
        fair_share=draw(st.floats(min_value=0.3, max_value=1)),
    )
    batna = st.floats(min_value=-0.05, max_value=0.05)
    retention_fair = draw(st.floats(min_value=0.6, max_value=1))
    relationship = Relationship(
        repetitions=draw(st.integers(min_value=2, max_value=200)),
        discount_rate=draw(st.floats(min_value=0, max_value=0.2)),
        growth_rate=draw(st.floats(min_value=-0.1, max_value=0.1)),
        retention_fair=retention_fair,
        retention_one_sided=retention_fair,
        seller_batna_per_period=e * units * draw(batna),
        customer_batna_per_period=e * units * draw(batna),
    )
    return economics, value, relationship


# --- win-win strategies (below) ---

# Imported here rather than at the top so that each team's section stays self-contained.
from negotiation_lib.domain.case import (  # noqa: E402
    Issue,
    MustHave,
    NumericIssue,
    OptionsIssue,
    Package,
    PartyDefinition,
    WinWin,
)

# Small issue spaces (at most 5 levels per issue, 3 issues) so that properties can check the
# frontier against brute force. Scores and weights often come from short lists of round
# values so that ties (equal utilities) are common, not just possible.
ISSUE_NAMES = ("price", "warranty", "delivery", "payment")
OPTION_NAMES = ("none", "basic", "plus", "premium")
round_score = st.sampled_from([0.0, 20.0, 50.0, 80.0, 100.0])
issue_score_value = st.one_of(round_score, score)
issue_weight = st.one_of(st.sampled_from([0.0, 0.5, 1.0, 2.0]), st.floats(0, 10))


@st.composite
def win_win_issues(
    draw: st.DrawFn, *, max_issues: int = 3, max_levels: int = 5
) -> tuple[Issue, ...]:
    """Distinct issues: numeric (max on or off the grid) or options, each with few levels."""
    out: list[Issue] = []
    for name in ISSUE_NAMES[: draw(st.integers(min_value=1, max_value=max_issues))]:
        levels = draw(st.integers(min_value=1, max_value=max_levels))
        if draw(st.booleans()):
            step = draw(st.sampled_from([0.1, 0.25, 1.0, 2.5, 10.0]))
            low = draw(st.integers(min_value=-20, max_value=40)) * step
            off_grid = draw(st.sampled_from([0.0, 0.0, 0.5]))
            high = low + step * (levels - 1 + off_grid)
            out.append(NumericIssue(name=name, min=low, max=high, step=step))
        else:
            options = OPTION_NAMES[: min(levels, len(OPTION_NAMES))]
            out.append(OptionsIssue(name=name, options=options))
    return tuple(out)


@st.composite
def party_definitions_for(draw: st.DrawFn, issues: tuple[Issue, ...]) -> PartyDefinition:
    """A valid definition of winning over the given issues (must-haves now and then)."""
    weights = {i.name: draw(issue_weight) for i in issues}
    if sum(weights.values()) <= 0:
        weights[issues[0].name] = 1.0
    scores: dict[str, tuple[tuple[float, float], ...] | dict[str, float]] = {}
    must_haves: dict[str, MustHave] = {}
    for issue in issues:
        if isinstance(issue, NumericIssue):
            if weights[issue.name] > 0 or draw(st.booleans()):
                span = st.floats(issue.min - issue.step, issue.max + issue.step)
                xs = sorted(draw(st.lists(span, min_size=1, max_size=3, unique=True)))
                scores[issue.name] = tuple((x, draw(issue_score_value)) for x in xs)
            if draw(st.integers(0, 3)) == 0:
                bound = st.one_of(st.none(), st.floats(issue.min, issue.max))
                low, high = draw(bound), draw(bound)
                if low is not None and high is not None and high < low:
                    low, high = high, low
                if low is not None or high is not None:
                    must_haves[issue.name] = MustHave(min=low, max=high)
        else:
            if weights[issue.name] > 0 or draw(st.booleans()):
                scores[issue.name] = {o: draw(issue_score_value) for o in issue.options}
            if draw(st.integers(0, 3)) == 0:
                allowed = draw(st.lists(st.sampled_from(issue.options), min_size=1, unique=True))
                must_haves[issue.name] = MustHave(allowed=tuple(allowed))
    reservation = draw(st.one_of(st.just(0.0), st.floats(0, 60)))
    threshold = draw(st.floats(reservation, 100))
    return PartyDefinition(
        statement=draw(st.sampled_from(["", "Fair price, long warranty", "Cash in 60 days"])),
        weights=weights,
        scores=scores,
        must_haves=must_haves,
        win_threshold=threshold,
        reservation_utility=reservation,
    )


@st.composite
def package_values(draw: st.DrawFn, issues: tuple[Issue, ...]) -> dict[str, float | str]:
    """A value per issue: an option, a grid level or any number between min and max."""
    values: dict[str, float | str] = {}
    for issue in issues:
        if isinstance(issue, OptionsIssue):
            values[issue.name] = draw(st.sampled_from(issue.options))
        elif draw(st.booleans()):
            steps = int((issue.max - issue.min) / issue.step + 1e-9)
            level = issue.min + issue.step * draw(st.integers(0, steps))
            values[issue.name] = min(max(round(level, 9), issue.min), issue.max)
        else:
            values[issue.name] = draw(st.floats(issue.min, issue.max))
    return values


@st.composite
def win_win_cases(
    draw: st.DrawFn, *, max_issues: int = 3, max_levels: int = 5, max_packages: int = 3
) -> WinWin:
    """A valid win-win section with both drafts, a few packages and no seals."""
    issues = draw(win_win_issues(max_issues=max_issues, max_levels=max_levels))
    packages = tuple(
        Package(name=f"P{k}", values=draw(package_values(issues)))
        for k in range(draw(st.integers(0, max_packages)))
    )
    return WinWin(
        issues=issues,
        seller=draw(party_definitions_for(issues)),
        customer=draw(party_definitions_for(issues)),
        packages=packages,
    )


party_definitions = win_win_issues().flatmap(party_definitions_for)
"""A valid definition of winning over a few random issues."""


def _redefined(definition: PartyDefinition, **update: object) -> PartyDefinition:
    return PartyDefinition.model_validate({**definition.model_dump(), **update})


@st.composite
def definition_changes(
    draw: st.DrawFn, definition: PartyDefinition
) -> tuple[PartyDefinition, str, str | None]:
    """One change to a definition: ``(changed definition, kind of change, issue or None)``."""
    kinds = ["statement", "must_have"]
    kinds += ["weight"] if definition.weights else []
    kinds += ["score"] if definition.scores else []
    kinds += ["threshold"] if definition.reservation_utility < 100 else []
    kinds += ["reservation"] if definition.win_threshold > 0 else []
    kind = draw(st.sampled_from(kinds))
    if kind == "weight":
        issue = draw(st.sampled_from(sorted(definition.weights)))
        raised = definition.weights[issue] + draw(st.sampled_from([0.5, 1.0, 3.0]))
        return _redefined(definition, weights={**definition.weights, issue: raised}), kind, issue
    if kind == "score":
        issue = draw(st.sampled_from(sorted(definition.scores)))
        curve = definition.scores[issue]
        if isinstance(curve, dict):
            option = draw(st.sampled_from(sorted(curve)))
            new_score = draw(score.filter(lambda v: v != curve[option]))
            changed: object = {**curve, option: new_score}
        else:
            j = draw(st.integers(0, len(curve) - 1))
            new_y = draw(score.filter(lambda v: v != curve[j][1]))
            changed = tuple((x, new_y if k == j else y) for k, (x, y) in enumerate(curve))
        return _redefined(definition, scores={**definition.scores, issue: changed}), kind, issue
    if kind == "must_have":
        issue = draw(st.sampled_from(sorted({*definition.weights, *definition.scores, "price"})))
        musts = {k: v.model_dump() for k, v in definition.must_haves.items()}
        if issue in musts:
            del musts[issue]
        else:
            musts[issue] = {"min": draw(st.floats(-100, 100))}
        return _redefined(definition, must_haves=musts), kind, issue
    if kind == "threshold":
        old = definition.win_threshold
        new = draw(st.floats(definition.reservation_utility, 100).filter(lambda v: v != old))
        return _redefined(definition, win_threshold=new), kind, None
    if kind == "reservation":
        old = definition.reservation_utility
        new = draw(st.floats(0, definition.win_threshold).filter(lambda v: v != old))
        return _redefined(definition, reservation_utility=new), kind, None
    return _redefined(definition, statement=definition.statement + " (revised)"), kind, None


# --- open-book win-win strategies (below) ---

from negotiation_lib.domain.case import OPEN_BOOK  # noqa: E402
from negotiation_lib.domain.economics import Zopa  # noqa: E402


@st.composite
def open_book_price_cases(draw: st.DrawFn) -> tuple[WinWin, Zopa]:
    """A price issue both parties score open-book, with equal weights: ``(win_win, zopa)``.

    The zone's floor and width are drawn; the price issue's grid (any step from 0.5% to 60% of
    the width) runs a few steps either side of the fair price of an even split (the zone's
    midpoint), at any phase, so it may reach beyond the zone where the scores are clamped.
    Half the time a second issue is added that both parties score alike, with the same
    weights on each side; both walk-away utilities are equal. With all of that the bargaining
    problem is symmetric, so the Nash point's price is the grid level nearest the fair price.
    """
    floor = draw(st.floats(min_value=0, max_value=1e5))
    width = draw(st.floats(min_value=1, max_value=1e5))
    fair = floor + width / 2
    step = width * draw(st.floats(min_value=0.005, max_value=0.6))
    below, above = draw(st.integers(0, 30)), draw(st.integers(0, 30))
    low = fair - (below + draw(st.floats(min_value=0, max_value=1))) * step
    price = NumericIssue(
        name="price",
        min=low,
        max=low + (below + above + 1) * step,
        step=step,
        economics="pocket_price_per_unit",
    )
    issues: tuple[Issue, ...] = (price,)
    weights = {"price": 1.0}
    scores: dict[str, tuple[tuple[float, float], ...] | dict[str, float] | str] = {
        "price": OPEN_BOOK
    }
    if draw(st.booleans()):
        terms = OptionsIssue(name="terms", options=("a", "b", "c"))
        issues += (terms,)
        weights["terms"] = draw(st.sampled_from([0.5, 1.0, 2.0]))
        scores["terms"] = {o: draw(round_score) for o in terms.options}
    reservation = draw(st.sampled_from([0.0, 0.0, 10.0, 25.0]))
    both = PartyDefinition.model_validate(
        {
            "weights": weights,
            "scores": scores,
            "win_threshold": reservation,
            "reservation_utility": reservation,
        }
    )
    return WinWin(issues=issues, seller=both, customer=both), Zopa(floor, floor + width, True)


# --- typed numbers (negotiation_lib.numbers) ---

from decimal import Decimal  # noqa: E402

from negotiation_lib.numbers import FORMAT_TAGS  # noqa: E402

number_format_tag = st.sampled_from(FORMAT_TAGS)
"""The name of one of the number formats a page reads in."""

stored_number = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
        lambda d: len(d.as_tuple().digits) <= 40
    ),
)
"""A number a case may hold (a JSON float or int) or a reading of typed text (a Decimal)."""

typed_decimal = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, places=4
)
"""A number as a trainee types it: up to a trillion, up to four decimals."""
