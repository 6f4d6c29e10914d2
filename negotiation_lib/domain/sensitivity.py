"""Sensitivity of both parties' NPVs to every input: the data of a tornado chart.

Each input is moved down and up by the same fraction of its value (20% by default) while
everything else stays as entered; the relationship is projected again each time, so a change
flows through the whole chain (price, value split, seller share, retention, NPV). A retention
moves through its churn ``1 - p``, not through ``p`` itself. The inputs whose swing moves the
NPVs most come first; an input at zero is listed with no swing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Literal

from negotiation_lib.domain.case import Case, Economics, Relationship, Value
from negotiation_lib.domain.economics import economic_inputs
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.projection import price_scenario

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
    "volume",
    "list_price",
    "discount",
    "variable_cost",
    "fixed_cost",
    "customer_cost",
    "seller_one_time_cost",
    "customer_one_time_cost",
    "reference_price",
    "driver_values",
    "retention_fair",
    "retention_one_sided",
    "seller_batna",
    "customer_batna",
    "seller_batr",
    "customer_batr",
    "growth_rate",
    "discount_rate",
    "fair_share",
]


@dataclass(frozen=True, slots=True)
class SensitivityRow:
    """One bar of the tornado: an input moved down and up, and both parties' NPVs.

    Attributes
    ----------
    input
        The kind of input, a stable code (:data:`SensitivityInput`). Every kind has one row,
        except ``discount``, which has one row per discount; ``path`` tells them apart.
    label
        A short human name for the chart (``"Discount: Volume"``).
    path
        Dotted JSON path of the input in the case (``economics.discounts[1].amount``;
        ``value.drivers`` for all drivers together); unique per row.
    base_value, low_value, high_value
        The input as entered, moved down and moved up (after clamping; for ``driver_values``
        the sum of the drivers' values). For a retention, ``low_value`` has 20% *more* churn
        and ``high_value`` 20% less, so that low is still the lower retention.
    seller_npv_low, seller_npv_high, customer_npv_low, customer_npv_high
        Each party's NPV with the input at its low and high value.
    seller_colr_net_low, seller_colr_net_high, customer_colr_net_low, customer_colr_net_high
        Each party's net COLR (COLR less BATR) likewise: the BATRs move only these.
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
    seller_colr_net_low: float
    seller_colr_net_high: float
    customer_colr_net_low: float
    customer_colr_net_high: float
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
        One :class:`SensitivityRow` per input (per discount for the discounts), sorted by
        ``swing``, largest first; ties, such as the inputs at zero, keep the order of
        :data:`SensitivityInput`.
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
        (['input', 'label', 'path'], 18)
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
    # Move the input by a relative change (-0.2 or +0.2); return the value actually used and
    # the moved inputs.
    move: Callable[[_Inputs, float], tuple[float, _Inputs]]
    # Whether moving the input can change anything; by default, whether it is non-zero.
    active: Callable[[_Inputs], bool] | None = None

    def applies(self, inputs: _Inputs) -> bool:
        """Tell whether a relative move of this input changes anything."""
        return self.read(inputs) != 0 if self.active is None else self.active(inputs)


def _economics_knob(code: SensitivityInput, label: str, field: str) -> _Knob:
    def read(inputs: _Inputs) -> float:
        return float(getattr(inputs[0], field))

    def move(inputs: _Inputs, change: float) -> tuple[float, _Inputs]:
        economics, value, relationship = inputs
        x = read(inputs) * (1.0 + change)
        if field == "fair_share":
            x = min(1.0, max(0.0, x))
        return x, (economics.model_copy(update={field: x}), value, relationship)

    return _Knob(code, label, f"economics.{field}", read, move)


def _relationship_knob(code: SensitivityInput, label: str, field: str) -> _Knob:
    def read(inputs: _Inputs) -> float:
        return float(getattr(inputs[2], field))

    def move(inputs: _Inputs, change: float) -> tuple[float, _Inputs]:
        economics, value, relationship = inputs
        x = read(inputs) * (1.0 + change)
        return x, (economics, value, relationship.model_copy(update={field: x}))

    return _Knob(code, label, f"relationship.{field}", read, move)


def _retention_knob(code: SensitivityInput, label: str, field: str) -> _Knob:
    def read(inputs: _Inputs) -> float:
        return float(getattr(inputs[2], field))

    def churn(inputs: _Inputs) -> bool:
        return read(inputs) != 1.0

    def move(inputs: _Inputs, change: float) -> tuple[float, _Inputs]:
        economics, value, relationship = inputs
        # Moving down means more churn: the bar for "retention lower" stays the low one.
        x = 1.0 - min(1.0, max(0.0, (1.0 - read(inputs)) * (1.0 - change)))
        # The one-sided retention never exceeds the fair one, as the case model requires.
        if field == "retention_fair":
            x = max(relationship.retention_one_sided, x)
        else:
            x = min(relationship.retention_fair, x)
        return x, (economics, value, relationship.model_copy(update={field: x}))

    return _Knob(code, label, f"relationship.{field}", read, move, churn)


def _discount_knob(k: int, name: str) -> _Knob:
    def read(inputs: _Inputs) -> float:
        return inputs[0].discounts[k].amount

    def move(inputs: _Inputs, change: float) -> tuple[float, _Inputs]:
        economics, value, relationship = inputs
        discount = economics.discounts[k]
        x = discount.amount * (1.0 + change)
        if discount.kind == "percent":
            x = min(100.0, x)
        discounts = list(economics.discounts)
        discounts[k] = discount.model_copy(update={"amount": x})
        moved = economics.model_copy(update={"discounts": tuple(discounts)})
        return x, (moved, value, relationship)

    return _Knob("discount", f"Discount: {name}", f"economics.discounts[{k}].amount", read, move)


def _read_reference(inputs: _Inputs) -> float:
    return inputs[1].reference.price_per_unit


def _move_reference(inputs: _Inputs, change: float) -> tuple[float, _Inputs]:
    economics, value, relationship = inputs
    x = value.reference.price_per_unit * (1.0 + change)
    reference = value.reference.model_copy(update={"price_per_unit": x})
    return x, (economics, value.model_copy(update={"reference": reference}), relationship)


def _read_drivers(inputs: _Inputs) -> float:
    return sum(d.value_per_unit for d in inputs[1].drivers)


def _any_driver(inputs: _Inputs) -> bool:
    # Scaling moves every non-zero driver, even when their values happen to cancel out.
    return any(d.value_per_unit != 0 for d in inputs[1].drivers)


def _move_drivers(inputs: _Inputs, change: float) -> tuple[float, _Inputs]:
    economics, value, relationship = inputs
    factor = 1.0 + change
    drivers = tuple(
        d.model_copy(update={"value_per_unit": d.value_per_unit * factor}) for d in value.drivers
    )
    moved = value.model_copy(update={"drivers": drivers})
    return _read_drivers(inputs) * factor, (economics, moved, relationship)


def _knobs(economics: Economics) -> tuple[_Knob, ...]:
    """Every input of the tornado, in the order of :data:`SensitivityInput`."""
    return (
        _economics_knob("volume", "Volume per period", "volume_per_period"),
        _economics_knob("list_price", "List price", "list_price_per_unit"),
        *(_discount_knob(k, d.name) for k, d in enumerate(economics.discounts)),
        _economics_knob("variable_cost", "Variable cost per unit", "variable_cost_per_unit"),
        _economics_knob("fixed_cost", "Fixed cost per period", "fixed_cost_per_period"),
        _economics_knob("customer_cost", "Customer cost per period", "customer_cost_per_period"),
        _economics_knob("seller_one_time_cost", "Seller one-time cost", "seller_one_time_cost"),
        _economics_knob(
            "customer_one_time_cost", "Customer one-time cost", "customer_one_time_cost"
        ),
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
        _retention_knob("retention_fair", "Retention, fair deal (by churn)", "retention_fair"),
        _retention_knob(
            "retention_one_sided", "Retention, one-sided deal (by churn)", "retention_one_sided"
        ),
        _relationship_knob("seller_batna", "Seller BATNA per period", "seller_batna_per_period"),
        _relationship_knob(
            "customer_batna", "Customer BATNA per period", "customer_batna_per_period"
        ),
        _relationship_knob("seller_batr", "Seller BATR (NPV)", "seller_batr_npv"),
        _relationship_knob("customer_batr", "Customer BATR (NPV)", "customer_batr_npv"),
        _relationship_knob("growth_rate", "Growth rate", "growth_rate"),
        _relationship_knob("discount_rate", "Discount rate", "discount_rate"),
        _economics_knob("fair_share", "Fair share", "fair_share"),
    )


def _outcomes(inputs: _Inputs) -> tuple[float, float, float, float]:
    """Seller NPV, customer NPV, seller net COLR and customer net COLR at the case's price."""
    economics, value, relationship = inputs
    s = price_scenario(economics, value, relationship)
    return (
        s.seller_npv,
        s.customer_npv,
        s.seller.colr - relationship.seller_batr_npv,
        s.customer.colr - relationship.customer_batr_npv,
    )


def npv_sensitivity(
    economics: Economics,
    value: Value,
    relationship: Relationship | None = None,
    *,
    change: float = 0.2,
) -> SensitivityResult:
    r"""Move each input down and up by ``change`` and record both parties' NPVs.

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
    time, and the relationship is projected again at the case's own price
    (:func:`~negotiation_lib.domain.projection.price_scenario`; so a list price move flows
    through the percent discounts to the pocket price). The inputs are the volume, the list
    price, each discount's amount, the variable and fixed costs, the customer's cost per
    period, both one-time costs, the reference price, all driver values together (each scaled
    by the same factor), both retentions, both BATNAs, both BATRs, the growth rate, the
    discount rate and the fair share.

    A retention :math:`p` moves through its churn: :math:`1 - p` becomes
    :math:`(1 - p)(1 \pm \Delta)`, clamped to [0, 1], never :math:`p (1 \pm \Delta)` (which
    would turn a retention of 0.94 into 0.752, four times the churn). The two retentions keep
    their order (``retention_one_sided <= retention_fair``): a move that would cross the
    other one stops at it. The fair share is clamped to [0, 1] and a percent discount to
    100%. An input at zero (a retention of 1: no churn) is listed with no swing, its NPVs the
    base NPVs. The BATRs do not enter the NPVs: their rows move only the net COLRs. Other
    inputs are not clamped; the moved models are built with ``model_copy`` rather than
    re-validated, so a what-if beyond the validated ranges still computes rather than fails.

    ``swing = |seller high - seller low| + |customer high - customer low|``.

    References
    ----------
    .. [1] R. T. Clemen and T. Reilly, *Making Hard Decisions*, Duxbury, 2001: one-way
       sensitivity analysis and the tornado diagram.
    .. [2] S. Gupta and D. R. Lehmann, "Customers as Assets", *Journal of Interactive
       Marketing* 17(1), 2003: retention and its complement, churn.

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
    >>> round(row.low_value, 4), round(row.high_value, 4)  # churn 0.05 -> 0.06 and 0.04
    (0.94, 0.96)
    """
    if not 0.0 < change < 1.0:
        raise CaseError.at("change", f"The relative change must be between 0 and 1, not {change}.")
    rel = relationship if relationship is not None else Relationship()
    base: _Inputs = (economics, value, rel)
    base_outcomes = _outcomes(base)
    rows: list[SensitivityRow] = []
    for knob in _knobs(economics):
        x = knob.read(base)
        if knob.applies(base):
            low, low_inputs = knob.move(base, -change)
            high, high_inputs = knob.move(base, change)
            at_low, at_high = _outcomes(low_inputs), _outcomes(high_inputs)
        else:
            low = high = x
            at_low = at_high = base_outcomes
        seller_swing = abs(at_high[0] - at_low[0])
        customer_swing = abs(at_high[1] - at_low[1])
        rows.append(
            SensitivityRow(
                input=knob.code,
                label=knob.label,
                path=knob.path,
                base_value=x,
                low_value=low,
                high_value=high,
                seller_npv_low=at_low[0],
                seller_npv_high=at_high[0],
                customer_npv_low=at_low[1],
                customer_npv_high=at_high[1],
                seller_colr_net_low=at_low[2],
                seller_colr_net_high=at_high[2],
                customer_colr_net_low=at_low[3],
                customer_colr_net_high=at_high[3],
                seller_swing=seller_swing,
                customer_swing=customer_swing,
                swing=seller_swing + customer_swing,
            )
        )
    rows.sort(key=lambda r: -r.swing)  # stable: ties keep the order of the inputs
    return SensitivityResult(change, base_outcomes[0], base_outcomes[1], tuple(rows))


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
