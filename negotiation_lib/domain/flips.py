"""Where the answer flips: the value of one input at which a recommendation changes.

An analyst asks "how low may the one-sided retention fall before squeezing pays?", "at what
volume does the zone of agreement close?". For one numeric input of the case, named by its key
path (``relationship.retention_one_sided``, ``economics.volume_per_period``,
``value.drivers[0].value_per_unit``...), :func:`find_flips` walks away from the case's own value,
up and down, and finds by bisection on the model (no grid) the nearest value at which each
recommendation the transparent-economics page gives changes:

``trust_beats_cpt``
    The trust deal (the fair price) gives the seller a higher NPV over the relationship than the
    CPT deal (the tough price: ``relationship.cpt_price_per_unit``, or the ZOPA ceiling).
``fair_is_seller_optimal``
    No price above the fair one pays the seller more (the page's "squeezing does not pay");
    None when there is no ZOPA, as on the page.
``zopa_exists``
    The seller's floor is at most the customer's ceiling.
``seller_beats_batr``, ``customer_beats_batr``
    The party's NPV at the case's price is at least its BATR (the page's tile turns to a
    warning below it).
``seller_beats_batna``, ``customer_beats_batna``
    The party's NPV at the case's price is at least its BATNA taken every period, as an NPV.

Each answer is computed with the functions the assessment's projection uses
(:func:`~negotiation_lib.domain.projection.price_scenario`,
:func:`~negotiation_lib.domain.projection.seller_optimal_price`, the economics' ZOPA and fair
price), so a flip lies exactly where the page's answer changes. :func:`flip_map` values the seller
over a grid of two inputs (for example the tough price against the one-sided retention) with
:func:`~negotiation_lib.domain.projection.npvs_by_price`, one NumPy pass per row.

Entry points: :func:`find_flips` and :func:`flip_map` take a case
(:class:`~negotiation_lib.domain.case.Case`) and key paths; :func:`input_range` says where an
input may go. The figures draw their results (:mod:`negotiation_lib.figures.flips`). Every
function is pure; the case is never changed.

The trust deal stops beating the CPT deal at a one-sided retention at least as high as the
break-even retention of :func:`~negotiation_lib.domain.projection.break_even_loyalty` (where
the fair price stops being seller-optimal): when the tough price pays more than the fair one,
some price above the fair one does; the converse need not hold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

import annotated_types
import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from negotiation_lib.domain.case import LIMIT, Case, Relationship
from negotiation_lib.domain.economics import economic_inputs, fair_price_per_unit, zopa
from negotiation_lib.domain.economics import pocket_price_per_unit as waterfall_pocket_price
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.projection import (
    batna_npv,
    npvs_by_price,
    price_scenario,
    seller_optimal_price,
)
from negotiation_lib.domain.value import eve_expected_per_unit

__all__ = [
    "CPT_PRICE",
    "RECOMMENDATIONS",
    "Flip",
    "FlipMap",
    "Flips",
    "InputRange",
    "answers",
    "find_flips",
    "flip_map",
    "input_range",
]

Recommendation = Literal[
    "trust_beats_cpt",
    "fair_is_seller_optimal",
    "zopa_exists",
    "seller_beats_batr",
    "customer_beats_batr",
    "seller_beats_batna",
    "customer_beats_batna",
]

RECOMMENDATIONS: Final[tuple[Recommendation, ...]] = get_args(Recommendation)
"""Every recommendation whose flip :func:`find_flips` looks for, in the order it reports them."""

CPT_PRICE: Final = "relationship.cpt_price_per_unit"
"""The tough price of the CPT deal: as a map's x axis, each column is a CPT deal at that price."""

SECTIONS: Final = ("value", "economics", "relationship")
"""The sections whose numbers move these recommendations; other sections change none of them."""

RELATIVE_TOLERANCE: Final = 1e-9
"""A bisection stops when its bracket is narrower than this fraction of the range's size."""

_MAX_STEPS: Final = 200
# The same tolerance as the page's "squeezing pays" (negotiation_lib.sentences.squeeze_pays).
_ABOVE_FAIR: Final = 1e-9

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$")

Answer = bool | None
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


# --------------------------------------------------------------------------- the input


@dataclass(frozen=True, slots=True)
class InputRange:
    """Where a numeric input may go: the schema's bounds, and the value the case holds.

    Attributes
    ----------
    path
        The input's key path.
    low, high
        The schema's bounds (a strict bound is moved to the next representable number).
    current
        The case's value; None when the case leaves it unset (``cpt_price_per_unit``).
    integer
        True for whole-number inputs (``relationship.repetitions``).
    """

    path: str
    low: float
    high: float
    current: float | None
    integer: bool


def _steps(path: str) -> list[str | int]:
    if not isinstance(path, str) or not path.strip():
        raise CaseError.at("", "Name the input to vary by its key path, such as "
                           "relationship.retention_one_sided.")  # fmt: skip
    steps: list[str | int] = []
    for part in path.strip().split("."):
        found = _STEP.match(part)
        if found is None:
            raise CaseError.at(
                path, f"'{path}' is not a key path such as economics.volume_per_period."
            )
        steps.append(found.group(1))
        steps += [int(i) for i in re.findall(r"\[(\d+)\]", found.group(2))]
    return steps


def _bounds(field: FieldInfo) -> tuple[float, float]:
    metadata: list[Any] = list(field.metadata)
    for arg in get_args(field.annotation):  # Optional[Annotated[float, Field(ge=...)]]
        for meta in getattr(arg, "__metadata__", ()):
            metadata += list(meta.metadata) if isinstance(meta, FieldInfo) else [meta]
    low, high = -LIMIT, LIMIT
    for m in metadata:
        if isinstance(m, annotated_types.Ge):
            low = max(low, float(m.ge))  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Gt):
            low = max(low, math.nextafter(float(m.gt), math.inf))  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Le):
            high = min(high, float(m.le))  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Lt):
            high = min(high, math.nextafter(float(m.lt), -math.inf))  # type: ignore[arg-type]
    return low, high


def _numeric_annotation(field: FieldInfo) -> bool:
    kinds = [field.annotation, *get_args(field.annotation)]
    kinds += [a for k in list(kinds) for a in get_args(k)]
    return any(k in (int, float) for k in kinds)


class _Input:
    """One numeric input of a case, and the case with that input set to another value."""

    def __init__(self, case: Case, path: str) -> None:
        steps = _steps(path)
        self.case, self.path = case, path
        section = steps[0]
        if section not in SECTIONS:
            raise CaseError.at(
                path,
                f"'{path}' is not an input of the value, the economics or the relationship: "
                "only those move the recommendations.",
            )
        economic_inputs(case)  # the value and economics sections must be there
        owner: Any = getattr(case, str(section)) or Relationship()
        self.section, self.model = str(section), type(owner)
        self.data: Any = owner.model_dump(mode="python")
        self.steps = steps[1:]
        if not self.steps:
            raise CaseError.at(path, f"'{path}' is a whole section: name one of its numbers.")
        field: FieldInfo | None = None
        node: Any = owner
        for step in self.steps:
            if isinstance(step, int):
                if not isinstance(node, tuple | list) or step >= len(node):
                    raise CaseError.at(path, f"'{path}' names an item this case does not have.")
                node, field = node[step], None
            else:
                fields = type(node).model_fields if isinstance(node, BaseModel) else {}
                if step not in fields:
                    raise CaseError.at(path, f"'{path}' is not a field of a case.")
                node, field = getattr(node, step), fields[step]
        numeric = isinstance(node, int | float) and not isinstance(node, bool)
        if field is None or not (numeric or (node is None and _numeric_annotation(field))):
            raise CaseError.at(path, f"'{path}' is not a number, so it has no value to flip at.")
        low, high = _bounds(field)
        self.integer = isinstance(node, int) or field.annotation is int
        self.range = InputRange(
            path, low, high, None if node is None else float(node), self.integer
        )

    def _set(self, node: Any, steps: Sequence[str | int], x: float | int) -> Any:
        if not steps:
            return x
        head, rest = steps[0], steps[1:]
        if isinstance(node, dict):
            return {**node, head: self._set(node[head], rest, x)}
        items = list(node)
        items[int(head)] = self._set(items[int(head)], rest, x)
        return items

    def case_at(self, x: float) -> Case:
        """The case with the input at ``x`` (validated as the schema says), the base untouched."""
        value: float | int = round(x) if self.integer else float(x)
        try:
            section = self.model.model_validate(self._set(self.data, self.steps, value))
        except ValidationError as err:
            reason = err.errors()[0].get("msg", "not allowed").removeprefix("Value error, ")
            raise CaseError.at(self.path, f"At {value:g} the case is not valid: {reason}") from None
        return self.case.model_copy(update={self.section: section})

    def valid(self, x: float) -> bool:
        try:
            self.case_at(x)
        except CaseError:
            return False
        return True


def input_range(case: Case, path: str) -> InputRange:
    """Say where a numeric input of a case may go, from the schema's bounds.

    Parameters
    ----------
    case
        The case; its value and economics sections must be filled in.
    path
        The input's key path, e.g. ``"relationship.retention_one_sided"``.

    Returns
    -------
    InputRange

    Raises
    ------
    CaseError
        At ``path`` when it names no number of the value, economics or relationship sections.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> r = input_range(load_pumpco_acme_foods(), "relationship.retention_one_sided")
    >>> r.low, r.high, r.current
    (0.0, 1.0, 0.6)
    """
    return _Input(case, path).range


# --------------------------------------------------------------------------- the answers


def _trust_beats_cpt(case: Case) -> Answer:
    economics, value, relationship = economic_inputs(case)
    rel = relationship or Relationship()
    zone = zopa(economics, eve_expected_per_unit(value), rel)
    fair = fair_price_per_unit(zone, economics.fair_share)
    tough = rel.cpt_price_per_unit if rel.cpt_price_per_unit is not None else zone.ceiling_per_unit
    trust = price_scenario(economics, value, rel, pocket_price_per_unit=fair, name="trust")
    cpt = price_scenario(economics, value, rel, pocket_price_per_unit=tough, name="cpt")
    return trust.seller_npv > cpt.seller_npv


def _fair_is_seller_optimal(case: Case) -> Answer:
    economics, value, relationship = economic_inputs(case)
    rel = relationship or Relationship()
    optimal = seller_optimal_price(economics, value, rel)
    if optimal is None:
        return None
    zone = zopa(economics, eve_expected_per_unit(value), rel)
    fair = fair_price_per_unit(zone, economics.fair_share)
    return not optimal.price_per_unit > fair + _ABOVE_FAIR * max(1.0, abs(fair))


def _zopa_exists(case: Case) -> Answer:
    economics, value, relationship = economic_inputs(case)
    return zopa(economics, eve_expected_per_unit(value), relationship).exists


def _beats(
    party: Literal["seller", "customer"], alternative: Literal["batr", "batna"]
) -> Callable[[Case], Answer]:
    def answer(case: Case) -> Answer:
        economics, value, relationship = economic_inputs(case)
        rel = relationship or Relationship()
        here = price_scenario(economics, value, rel)
        npv = here.seller_npv if party == "seller" else here.customer_npv
        if alternative == "batr":
            bar = rel.seller_batr_npv if party == "seller" else rel.customer_batr_npv
        else:
            per_period = (
                rel.seller_batna_per_period if party == "seller" else rel.customer_batna_per_period
            )
            bar = batna_npv(per_period, rel.discount_rate, rel.growth_rate, rel.repetitions)
        return npv >= bar

    return answer


_ANSWERS: Final[dict[Recommendation, Callable[[Case], Answer]]] = {
    "trust_beats_cpt": _trust_beats_cpt,
    "fair_is_seller_optimal": _fair_is_seller_optimal,
    "zopa_exists": _zopa_exists,
    "seller_beats_batr": _beats("seller", "batr"),
    "customer_beats_batr": _beats("customer", "batr"),
    "seller_beats_batna": _beats("seller", "batna"),
    "customer_beats_batna": _beats("customer", "batna"),
}


def answers(case: Case) -> dict[Recommendation, Answer]:
    """Every recommendation's answer for a case (True, False, or None where it has none).

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> answers(load_pumpco_acme_foods())["fair_is_seller_optimal"]
    True
    """
    return {name: _ANSWERS[name](case) for name in RECOMMENDATIONS}


# --------------------------------------------------------------------------- the flips


@dataclass(frozen=True, slots=True)
class Flip:
    """Where one recommendation changes as one input moves away from the case's value.

    Attributes
    ----------
    recommendation
        One of :data:`RECOMMENDATIONS`.
    path
        The input's key path.
    direction
        ``"down"`` (the input searched below the case's value) or ``"up"``.
    low, high
        The range searched, one end being the case's value.
    value
        The first value, coming from the case's value, at which the answer is another; None
        when the answer stays the same at both ends of the range ("does not flip in [low,
        high]"). Bisection sees the ends only: an answer that changes and changes back inside
        the range is not reported.
    below, above
        The answer just below and just above ``value`` (both the same answer when it does not
        flip): True, False, or None where the page gives none (no ZOPA).
    tolerance
        The width of the last bracket: the true flip lies within it of ``value``, on the
        case's side; 0 when it does not flip.
    """

    recommendation: Recommendation
    path: str
    direction: Literal["down", "up"]
    low: float
    high: float
    value: float | None
    below: Answer
    above: Answer
    tolerance: float

    @property
    def flips(self) -> bool:
        """Whether the answer changes in the range searched."""
        return self.value is not None


@dataclass(frozen=True, slots=True)
class Flips:
    """Every recommendation's nearest flip below and above the case's value of one input.

    Attributes
    ----------
    path, current
        The input and the case's value of it.
    low, high
        The range searched.
    answers
        Each recommendation's answer at the case's value.
    flips
        Two :class:`Flip` per recommendation (down, then up), in :data:`RECOMMENDATIONS`'
        order; a direction with nothing to search (the case's value at a bound) is left out.
    """

    path: str
    current: float
    low: float
    high: float
    answers: dict[Recommendation, Answer]
    flips: tuple[Flip, ...]

    def of(self, recommendation: Recommendation) -> tuple[Flip, ...]:
        """The flips of one recommendation."""
        return tuple(f for f in self.flips if f.recommendation == recommendation)


def _edge_of_validity(item: _Input, inside: float, outside: float) -> float:
    """The last valid value from ``inside`` towards ``outside`` (cross-field rules)."""
    if item.valid(outside):
        return outside
    for _ in range(_MAX_STEPS):
        mid = 0.5 * (inside + outside)
        if mid in (inside, outside) or abs(outside - inside) <= _tolerance(item, inside, outside):
            break
        inside, outside = (mid, outside) if item.valid(mid) else (inside, mid)
    return inside


def _tolerance(item: _Input, low: float, high: float) -> float:
    if item.integer:
        return 1.0
    return RELATIVE_TOLERANCE * max(1.0, abs(low), abs(high))


def _default_range(item: _Input) -> tuple[float, float]:
    r = item.range
    if r.current is None:
        raise CaseError.at(
            item.path, f"'{item.path}' is not set in this case: give the range to search."
        )
    low, high = r.low, r.high
    # Money and volumes are bounded only by a trillion: search ten times the case's size.
    size = 10.0 * max(abs(r.current), 1.0)
    if high >= LIMIT:
        high = r.current + size
    if low <= -LIMIT:
        low = r.current - size
    return low, high


def _bisect(
    item: _Input, answer: Callable[[Case], Answer], start: float, end: float, tol: float
) -> tuple[float, float, Answer, Answer]:
    """From ``start`` (one answer) to ``end`` (another): the narrowed pair and both answers."""
    keep = answer(item.case_at(start))
    other = answer(item.case_at(end))
    for _ in range(_MAX_STEPS):
        if abs(end - start) <= tol:
            break
        mid = 0.5 * (start + end)
        if item.integer:
            mid = float(math.floor(mid) if start < end else math.ceil(mid))
        if mid in (start, end):
            break
        found = answer(item.case_at(mid))
        if found == keep:
            start = mid
        else:
            end, other = mid, found
    return start, end, keep, other


def find_flips(
    case: Case,
    path: str,
    *,
    low: float | None = None,
    high: float | None = None,
    recommendations: Sequence[Recommendation] = RECOMMENDATIONS,
) -> Flips:
    r"""Find where each recommendation changes as one input moves from the case's value.

    Parameters
    ----------
    case
        The case; its value and economics sections must be filled in. It is never changed.
    path
        The input's key path into the case: a number of the value, economics or relationship
        sections, e.g. ``"relationship.retention_one_sided"``,
        ``"economics.variable_cost_per_unit"``, ``"value.drivers[0].value_per_unit"``.
    low, high
        The range to search, within the schema's bounds. By default the schema's bounds
        (for an input bounded only by the schema's trillion, the case's value plus or minus
        ten times its size), narrowed to where the case stays valid (a one-sided retention
        may not exceed the fair one; discounts may not exceed the list price). An input the
        case leaves unset (``relationship.cpt_price_per_unit``) needs both, and is searched
        upwards from ``low``.
    recommendations
        Which of :data:`RECOMMENDATIONS` to search; all by default.

    Returns
    -------
    Flips

    Raises
    ------
    CaseError
        At ``path``: an unknown path, an input that is not a number, a range outside the
        schema's bounds, a range that does not hold the case's value, or an end at which the
        case is not valid. At ``economics`` or ``value`` when that section is missing.
    ValueError
        For an empty range (``low >= high``) or an unknown recommendation.

    Notes
    -----
    For each recommendation and direction, bisection keeps a bracket whose near end has the
    case's answer and whose far end has another, halving it until it is narrower than
    :math:`10^{-9}\max(1, |low|, |high|)` (one step for whole numbers). Each answer is the
    page's own: the same model functions, the same comparisons.

    Examples
    --------
    With the sample case, squeezing pays only if a one-sided deal keeps the customer at least
    the break-even retention of the time:

    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> from negotiation_lib.domain.projection import case_projection
    >>> case = load_pumpco_acme_foods()
    >>> (up,) = [f for f in find_flips(case, "relationship.retention_one_sided",
    ...          recommendations=["fair_is_seller_optimal"]).flips if f.direction == "up"]
    >>> up.below, up.above
    (True, False)
    >>> bool(abs(up.value - case_projection(case).break_even_retention_one_sided) < 1e-8)
    True
    """
    unknown = [r for r in recommendations if r not in _ANSWERS]
    if unknown:
        raise ValueError(
            f"No recommendation is named {unknown[0]!r}: use one of {RECOMMENDATIONS}."
        )
    item = _Input(case, path)
    r = item.range
    if low is not None and high is not None and not low < high:
        raise ValueError(f"The range to search for {path} is empty: {low:g} is not below {high:g}.")
    for end in (low, high):
        if end is not None and not (math.isfinite(end) and r.low <= end <= r.high):
            raise CaseError.at(
                path, f"{end:g} is outside what {path} may take ({r.low:g} to {r.high:g})."
            )
    default_low, default_high = (
        (low, high) if low is not None and high is not None else _default_range(item)
    )
    current = r.current if r.current is not None else default_low
    if low is None:
        low = _edge_of_validity(item, current, default_low)
    if high is None:
        high = _edge_of_validity(item, current, default_high)
    if not low < high:
        raise ValueError(f"The range to search for {path} is empty: {low:g} is not below {high:g}.")
    if not low <= current <= high:
        raise CaseError.at(
            path, f"The range {low:g} to {high:g} does not hold the case's value, {current:g}."
        )
    base = item.case_at(current)
    tol = _tolerance(item, low, high)
    flips: list[Flip] = []
    here_all = {name: _ANSWERS[name](base) for name in recommendations}
    for name in recommendations:
        answer, here = _ANSWERS[name], here_all[name]
        for direction, end in (("down", low), ("up", high)):
            if end == current:
                continue
            near, far, keep, other = _bisect(item, answer, current, end, tol)
            flipped = other != keep
            below, above = (other, keep) if direction == "down" else (keep, other)
            flips.append(
                Flip(
                    recommendation=name,
                    path=path,
                    direction=direction,  # type: ignore[arg-type]
                    low=min(current, end),
                    high=max(current, end),
                    value=far if flipped else None,
                    below=below if flipped else here,
                    above=above if flipped else here,
                    tolerance=abs(far - near) if flipped else 0.0,
                )
            )
    return Flips(path, current, low, high, here_all, tuple(flips))


# --------------------------------------------------------------------------- two inputs


@dataclass(frozen=True, slots=True)
class FlipMap:
    """The seller's NPV over a grid of two inputs, and where the fair deal stops winning.

    Arrays are read-only, shaped ``(len(y), len(x))``: row ``i`` is ``y[i]``.

    Attributes
    ----------
    x_path, y_path
        The two inputs' key paths.
    x, y
        Their values.
    seller_npv
        The seller's NPV of the relationship at the case's own price. When ``x_path`` is
        :data:`CPT_PRICE`, each column is a CPT deal at price ``x``: this is that deal's NPV.
    trust_seller_npv, cpt_seller_npv
        The seller's NPV with the trust deal (the fair price) and with the CPT deal.
    trust_beats_cpt
        ``trust_seller_npv > cpt_seller_npv``: the fair/CPT boundary is where it changes.
    zopa_exists
        Whether the zone of agreement is open at each point.
    x_current, y_current
        The case's own values of the two inputs (for the CPT price left unset, the ZOPA
        ceiling the page then uses); None when the case leaves an input unset.
    """

    x_path: str
    y_path: str
    x: FloatArray
    y: FloatArray
    seller_npv: FloatArray
    trust_seller_npv: FloatArray
    cpt_seller_npv: FloatArray
    trust_beats_cpt: BoolArray
    zopa_exists: BoolArray
    x_current: float | None = None
    y_current: float | None = None

    def boundary(self) -> tuple[FloatArray, FloatArray]:
        """Points of the fair/CPT boundary: where ``trust_beats_cpt`` changes between neighbours.

        Each point lies between two neighbouring grid points (in a row, then in a column)
        whose answers differ, where the difference ``trust_seller_npv - cpt_seller_npv``
        crosses zero on the straight line between them.

        Returns
        -------
        tuple of numpy.ndarray
            ``(xs, ys)``: the crossings along rows, then those along columns.
        """
        gap = self.trust_seller_npv - self.cpt_seller_npv
        beats = self.trust_beats_cpt
        rows, cols = np.nonzero(beats[:, 1:] != beats[:, :-1])
        w = _crossing(gap[rows, cols], gap[rows, cols + 1])
        x_rows = self.x[cols] + w * (self.x[cols + 1] - self.x[cols])
        rows2, cols2 = np.nonzero(beats[1:, :] != beats[:-1, :])
        w2 = _crossing(gap[rows2, cols2], gap[rows2 + 1, cols2])
        y_cols = self.y[rows2] + w2 * (self.y[rows2 + 1] - self.y[rows2])
        return (
            np.concatenate([x_rows, self.x[cols2]]),
            np.concatenate([self.y[rows], y_cols]),
        )


def _crossing(left: FloatArray, right: FloatArray) -> FloatArray:
    """Where a straight line from ``left`` to ``right`` crosses zero, as a fraction of the way."""
    weight = np.divide(left, left - right, out=np.full(left.shape, 0.5), where=left != right)
    clipped: FloatArray = np.clip(weight, 0.0, 1.0)
    return clipped


def _axis(item: _Input, values: Sequence[float] | None, size: int) -> FloatArray:
    if values is not None:
        axis = np.asarray(values, dtype=np.float64)
        if axis.ndim != 1 or axis.size < 2 or not np.all(np.isfinite(axis)):
            raise ValueError(f"Give at least two finite values of {item.path} for the map.")
        return axis
    if size < 2:
        raise ValueError(f"A map needs at least two values of {item.path}, not {size}.")
    low, high = _default_range(item)
    current = item.range.current if item.range.current is not None else low
    low, high = _edge_of_validity(item, current, low), _edge_of_validity(item, current, high)
    axis = np.linspace(low, high, size)
    return np.unique(np.round(axis)) if item.integer else axis


def _row(case: Case, tough: FloatArray | None) -> tuple[FloatArray, ...]:
    """Seller NPV at the case's price, with the trust deal and with the CPT deal(s)."""
    economics, value, relationship = economic_inputs(case)
    rel = relationship or Relationship()
    zone = zopa(economics, eve_expected_per_unit(value), rel)
    fair = fair_price_per_unit(zone, economics.fair_share)
    if tough is None:
        cpt = (
            rel.cpt_price_per_unit if rel.cpt_price_per_unit is not None else zone.ceiling_per_unit
        )
        tough = np.array([cpt])
    prices = np.concatenate([[waterfall_pocket_price(economics), fair], tough])
    seller = npvs_by_price(economics, value, rel, prices)[0]
    return seller[:1], seller[1:2], seller[2:], np.array([zone.exists])


def flip_map(
    case: Case,
    x_path: str,
    y_path: str,
    *,
    x: Sequence[float] | None = None,
    y: Sequence[float] | None = None,
    size: int = 100,
) -> FlipMap:
    """Value the seller over a grid of two inputs and find the fair/CPT boundary.

    Parameters
    ----------
    case
        The case; its value and economics sections must be filled in. It is never changed.
    x_path, y_path
        Two different numeric inputs' key paths (see :func:`find_flips`). With
        :data:`CPT_PRICE` as ``x_path`` each column is a tough price: the map is the seller's
        NPV by price and the other input, valued a row at a time.
    x, y
        The values to take; by default ``size`` values across the range :func:`find_flips`
        searches.
    size
        Values per axis when they are not given.

    Returns
    -------
    FlipMap

    Raises
    ------
    CaseError
        At the path concerned, as :func:`find_flips`, or when a grid value makes the case
        invalid.
    ValueError
        When both paths are the same, or an axis has fewer than two values.

    Notes
    -----
    Every NPV comes from :func:`~negotiation_lib.domain.projection.npvs_by_price`, the
    vectorized form of the page's projection (equal to it within rounding). With the CPT
    price on the x axis a row is one NumPy pass over all its prices; otherwise each point is
    one pass over three prices.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> m = flip_map(load_pumpco_acme_foods(), CPT_PRICE, "relationship.retention_one_sided",
    ...              size=5)
    >>> m.seller_npv.shape
    (5, 5)
    """
    if x_path == y_path:
        raise ValueError(f"The map needs two different inputs, not {x_path} twice.")
    item_x, item_y = _Input(case, x_path), _Input(case, y_path)
    if x is None and x_path == CPT_PRICE:
        # By default the tough prices span the zone of agreement (the case holds no range).
        economics, value, relationship = economic_inputs(case)
        zone = zopa(economics, eve_expected_per_unit(value), relationship)
        floor = max(0.0, zone.floor_per_unit)
        x = list(np.linspace(floor, max(zone.ceiling_per_unit, floor + 1.0), size))
    xs, ys = _axis(item_x, x, size), _axis(item_y, y, size)
    for item, axis in ((item_x, xs), (item_y, ys)):
        r = item.range
        if axis.min() < r.low or axis.max() > r.high:
            raise CaseError.at(
                item.path,
                f"The map goes outside what {item.path} may take ({r.low:g} to {r.high:g}).",
            )
    shape = (ys.size, xs.size)
    here, trust, cpt = (np.empty(shape) for _ in range(3))
    exists = np.empty(shape, dtype=bool)
    for i, yv in enumerate(ys):
        row_case = item_y.case_at(float(yv))
        if x_path == CPT_PRICE:
            h, t, c, e = _row(row_case, xs)
            here[i], trust[i], cpt[i], exists[i] = c, t[0], c, e[0]
            continue
        row_item = _Input(row_case, x_path)
        for j, xv in enumerate(xs):
            h, t, c, e = _row(row_item.case_at(float(xv)), None)
            here[i, j], trust[i, j], cpt[i, j], exists[i, j] = h[0], t[0], c[0], e[0]
    beats = trust > cpt
    for a in (xs, ys, here, trust, cpt, beats, exists):
        a.flags.writeable = False
    currents = [item_x.range.current, item_y.range.current]
    for k, item in enumerate((item_x, item_y)):
        if item.path == CPT_PRICE and currents[k] is None:
            economics, value, relationship = economic_inputs(case)
            currents[k] = zopa(
                economics, eve_expected_per_unit(value), relationship
            ).ceiling_per_unit
    return FlipMap(x_path, y_path, xs, ys, here, trust, cpt, beats, exists, *currents)
