"""Sensitivity of both parties' NPVs to each key input: the data of a tornado chart.

Each input is moved down and up by the same fraction of its value (20% by default) while
everything else stays as entered; the projection is recomputed each time, so a change flows
through the whole chain (price, value split, seller share, retention, NPV). The inputs whose
swing moves the NPVs most come first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Literal

from negotiation_lib.domain.case import Case, Economics, Relationship, Value
from negotiation_lib.domain.economics import economic_inputs
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.projection import project_relationship

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SensitivityInput",
    "SensitivityResult",
    "SensitivityRow",
    "case_sensitivity",
    "npv_sensitivity",
]

SensitivityInput = Literal[
    "list_price",
    "volume",
    "variable_cost",
    "fixed_cost",
    "customer_cost",
    "reference_price",
    "driver_values",
    "discount_rate",
    "retention_fair",
    "retention_one_sided",
]


@dataclass(frozen=True, slots=True)
class SensitivityRow:
    """One bar of the tornado: an input moved down and up, and both parties' NPVs.

    Attributes
    ----------
    input
        A stable code (``list_price``, ``volume``, ``variable_cost``, ``fixed_cost``,
        ``customer_cost``, ``reference_price``, ``driver_values``, ``discount_rate``,
        ``retention_fair``, ``retention_one_sided``).
    label
        A short human name for the chart.
    path
        Dotted JSON path of the input in the case (``value.drivers`` for all drivers).
    base_value, low_value, high_value
        The input as entered, moved down and moved up (after clamping; for ``driver_values``
        the sum of the drivers' values).
    seller_npv_low, seller_npv_high, customer_npv_low, customer_npv_high
        Each party's NPV with the input at its low and high value.
    seller_swing, customer_swing
        ``|npv_high - npv_low|`` for each party.
    swing
        ``seller_swing + customer_swing``: the rows are sorted by it, largest first.
    """

    input: SensitivityInput
    label: str
    path: str
    base_value: float
    low_value: float
    high_value: float
    seller_npv_low: float
    seller_npv_high: float
    customer_npv_low: float
    customer_npv_high: float
    seller_swing: float
    customer_swing: float
    swing: float


@dataclass(frozen=True, slots=True)
class SensitivityResult:
    """The tornado: both parties' base NPVs and one row per input, largest swing first.

    Attributes
    ----------
    change
        The relative move (0.2 for +/-20%).
    base_seller_npv, base_customer_npv
        The NPVs with every input as entered.
    rows
        One :class:`SensitivityRow` per input that is not zero, sorted by ``swing``
        (largest first; ties keep the order of :data:`SensitivityInput`).
    """

    change: float
    base_seller_npv: float
    base_customer_npv: float
    rows: tuple[SensitivityRow, ...]

    def to_frame(self) -> pd.DataFrame:
        """Return the rows as a DataFrame, one column per field of :class:`SensitivityRow`.

        Returns
        -------
        pandas.DataFrame
            One row per input in tornado order (largest swing first), with a default index.

        Examples
        --------
        >>> from negotiation_lib.domain.case import Economics, Reference, Value
        >>> econ = Economics(volume_per_period=10, list_price_per_unit=100,
        ...                  variable_cost_per_unit=60)
        >>> value = Value(reference=Reference(name="r", price_per_unit=120))
        >>> frame = npv_sensitivity(econ, value).to_frame()
        >>> list(frame.columns[:3]), len(frame)
        (['input', 'label', 'path'], 7)
        """
        # pandas is loaded here, when a table is asked for: the worksheets never ask, and the
        # import would cost every kernel started for a page about 0.4 s.
        import pandas as pd

        columns = [f.name for f in fields(SensitivityRow)]
        return pd.DataFrame([asdict(row) for row in self.rows], columns=columns)


_Inputs = tuple[Economics, Value, Relationship]


@dataclass(frozen=True, slots=True)
class _Knob:
    """One input of the tornado: where it is, how to read it and how to move it."""

    code: SensitivityInput
    label: str
    path: str
    read: Callable[[_Inputs], float]
    # Multiply the input by a factor; return the value actually used and the moved inputs.
    move: Callable[[_Inputs, float], tuple[float, _Inputs]]
    # Whether moving the input can change anything; by default, whether it is non-zero.
    active: Callable[[_Inputs], bool] | None = None

    def applies(self, inputs: _Inputs) -> bool:
        """Tell whether a relative move of this input changes anything."""
        return self.read(inputs) != 0 if self.active is None else self.active(inputs)


def _economics_knob(code: SensitivityInput, label: str, field: str) -> _Knob:
    def read(inputs: _Inputs) -> float:
        return float(getattr(inputs[0], field))

    def move(inputs: _Inputs, factor: float) -> tuple[float, _Inputs]:
        economics, value, relationship = inputs
        x = read(inputs) * factor
        return x, (economics.model_copy(update={field: x}), value, relationship)

    return _Knob(code, label, f"economics.{field}", read, move)


def _relationship_knob(code: SensitivityInput, label: str, field: str) -> _Knob:
    def read(inputs: _Inputs) -> float:
        return float(getattr(inputs[2], field))

    def move(inputs: _Inputs, factor: float) -> tuple[float, _Inputs]:
        economics, value, relationship = inputs
        x = read(inputs) * factor
        # Probabilities stay in [0, 1] and the one-sided retention never exceeds the fair one.
        if field == "retention_fair":
            x = min(1.0, max(relationship.retention_one_sided, x))
        elif field == "retention_one_sided":
            x = min(relationship.retention_fair, max(0.0, x))
        return x, (economics, value, relationship.model_copy(update={field: x}))

    return _Knob(code, label, f"relationship.{field}", read, move)


def _read_reference(inputs: _Inputs) -> float:
    return inputs[1].reference.price_per_unit


def _move_reference(inputs: _Inputs, factor: float) -> tuple[float, _Inputs]:
    economics, value, relationship = inputs
    x = value.reference.price_per_unit * factor
    reference = value.reference.model_copy(update={"price_per_unit": x})
    return x, (economics, value.model_copy(update={"reference": reference}), relationship)


def _read_drivers(inputs: _Inputs) -> float:
    return sum(d.value_per_unit for d in inputs[1].drivers)


def _any_driver(inputs: _Inputs) -> bool:
    # Scaling moves every non-zero driver, even when their values happen to cancel out.
    return any(d.value_per_unit != 0 for d in inputs[1].drivers)


def _move_drivers(inputs: _Inputs, factor: float) -> tuple[float, _Inputs]:
    economics, value, relationship = inputs
    drivers = tuple(
        d.model_copy(update={"value_per_unit": d.value_per_unit * factor}) for d in value.drivers
    )
    moved = value.model_copy(update={"drivers": drivers})
    return _read_drivers(inputs) * factor, (economics, moved, relationship)


_KNOBS: tuple[_Knob, ...] = (
    _economics_knob("list_price", "List price", "list_price_per_unit"),
    _economics_knob("volume", "Volume per period", "volume_per_period"),
    _economics_knob("variable_cost", "Variable cost per unit", "variable_cost_per_unit"),
    _economics_knob("fixed_cost", "Fixed cost per period", "fixed_cost_per_period"),
    _economics_knob("customer_cost", "Customer cost per period", "customer_cost_per_period"),
    _Knob(
        "reference_price",
        "Reference price",
        "value.reference.price_per_unit",
        _read_reference,
        _move_reference,
    ),
    _Knob(
        "driver_values",
        "All value drivers",
        "value.drivers",
        _read_drivers,
        _move_drivers,
        _any_driver,
    ),
    _relationship_knob("discount_rate", "Discount rate", "discount_rate"),
    _relationship_knob("retention_fair", "Retention, fair deal", "retention_fair"),
    _relationship_knob("retention_one_sided", "Retention, one-sided deal", "retention_one_sided"),
)


def _npvs(inputs: _Inputs) -> tuple[float, float]:
    r = project_relationship(*inputs)
    return r.seller_npv, r.customer_npv


def npv_sensitivity(
    economics: Economics,
    value: Value,
    relationship: Relationship | None = None,
    *,
    change: float = 0.2,
) -> SensitivityResult:
    r"""Move each key input down and up by ``change`` and record both parties' NPVs.

    Parameters
    ----------
    economics, value
        The case's economics and value sections.
    relationship
        The projection's inputs; None uses the model's defaults, as
        :func:`~negotiation_lib.domain.projection.project_relationship` does.
    change
        The relative move, strictly between 0 and 1 (0.2 for +/-20%).

    Returns
    -------
    SensitivityResult
        Rows sorted by swing, largest first; :meth:`SensitivityResult.to_frame` gives a
        DataFrame.

    Raises
    ------
    CaseError
        At ``change`` when it is not strictly between 0 and 1.

    Notes
    -----
    Each input :math:`x` is set to :math:`x (1 - \Delta)` and :math:`x (1 + \Delta)`, one at a
    time, and the deterministic projection is recomputed at the case's own price (so a list
    price move flows through the percent discounts to the pocket price). The inputs are the
    list price, the volume, the variable and fixed costs, the customer's cost per period, the
    reference price, all driver values together (each scaled by the same factor), the
    discount rate and both retentions. An input whose value is 0 is skipped: a relative move
    of zero moves nothing.

    Probabilities are clamped to [0, 1], and the two retentions keep their order
    (``retention_one_sided <= retention_fair``): a move that would cross the other one stops
    at it, so 0.95 moved up by 20% is 1.0. Other inputs are not clamped; the moved models are
    built with ``model_copy`` rather than re-validated, so a what-if beyond the validated
    ranges (a discount rate above 100%, fixed discounts above a lowered list price) still
    computes rather than fails.

    ``swing = |seller high - seller low| + |customer high - customer low|``.

    References
    ----------
    .. [1] R. T. Clemen and T. Reilly, *Making Hard Decisions*, Duxbury, 2001: one-way
       sensitivity analysis and the tornado diagram.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Economics, Reference, Relationship, Value
    >>> econ = Economics(volume_per_period=10, list_price_per_unit=100,
    ...                  variable_cost_per_unit=60)
    >>> value = Value(reference=Reference(name="r", price_per_unit=120))
    >>> result = npv_sensitivity(econ, value, Relationship(discount_rate=0.1))
    >>> [row.input for row in result.rows][:2]
    ['reference_price', 'list_price']
    >>> row = next(r for r in result.rows if r.input == "retention_fair")
    >>> row.low_value, row.high_value
    (0.76, 1.0)
    """
    if not 0.0 < change < 1.0:
        raise CaseError.at("change", f"The relative change must be between 0 and 1, not {change}.")
    rel = relationship if relationship is not None else Relationship()
    base: _Inputs = (economics, value, rel)
    base_seller, base_customer = _npvs(base)
    rows: list[SensitivityRow] = []
    for knob in _KNOBS:
        if not knob.applies(base):
            continue
        x = knob.read(base)
        low, low_inputs = knob.move(base, 1.0 - change)
        high, high_inputs = knob.move(base, 1.0 + change)
        seller_low, customer_low = _npvs(low_inputs)
        seller_high, customer_high = _npvs(high_inputs)
        seller_swing = abs(seller_high - seller_low)
        customer_swing = abs(customer_high - customer_low)
        rows.append(
            SensitivityRow(
                input=knob.code,
                label=knob.label,
                path=knob.path,
                base_value=x,
                low_value=low,
                high_value=high,
                seller_npv_low=seller_low,
                seller_npv_high=seller_high,
                customer_npv_low=customer_low,
                customer_npv_high=customer_high,
                seller_swing=seller_swing,
                customer_swing=customer_swing,
                swing=seller_swing + customer_swing,
            )
        )
    rows.sort(key=lambda r: -r.swing)  # stable: ties keep the order of the inputs
    return SensitivityResult(change, base_seller, base_customer, tuple(rows))


def case_sensitivity(case: Case, *, change: float = 0.2) -> SensitivityResult:
    """Run :func:`npv_sensitivity` on a whole case.

    Parameters
    ----------
    case
        The case; its economics and value sections are needed, its relationship is optional.
    change
        The relative move, strictly between 0 and 1.

    Returns
    -------
    SensitivityResult

    Raises
    ------
    CaseError
        At ``economics`` or ``value`` when that section is not filled in yet.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Case
    >>> try:
    ...     case_sensitivity(Case(title="T", seller="S", customer="C"))
    ... except CaseError as err:
    ...     print(err.path)
    economics
    """
    economics, value, relationship = economic_inputs(case)
    return npv_sensitivity(economics, value, relationship, change=change)
