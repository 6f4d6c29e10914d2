"""What the offer is worth to the customer: economic value estimation (EVE).

The customer's next-best alternative sets the *reference value*; each value driver adds (or,
when the offer is worse on that point, subtracts) its differentiation value per unit. The sum is
the most a fully informed, rational customer would pay if every claim held: the upside. A
customer pays for the value the evidence supports, so the economics price off the
evidence-weighted EVE (each driver counted in proportion to the team's confidence in it).
"""

from __future__ import annotations

from dataclasses import dataclass

from negotiation_lib.domain.case import Driver, Value

__all__ = [
    "ValueResult",
    "assess_value",
    "eve_expected_per_unit",
    "eve_per_unit",
    "strength_score",
]

UNEVIDENCED_WEIGHT = 0.5
"""How much a driver with no evidence counts towards the strength score, relative to one with."""


def eve_per_unit(value: Value) -> float:
    r"""Economic value estimation per unit.

    Parameters
    ----------
    value
        The reference (next-best alternative) and the value drivers.

    Returns
    -------
    float
        ``reference + Σ max(v, 0) − Σ max(−v, 0)`` in the case's currency per unit.

    Notes
    -----
    .. math:: EVE = P_{ref} + \sum_i \max(v_i, 0) - \sum_i \max(-v_i, 0)

    Positive differentiation value is what the offer does better than the alternative;
    negative differentiation value is what it does worse. The two are kept apart so that a
    worksheet can show both sides of the waterfall; their net is the plain sum of the drivers.

    References
    ----------
    .. [1] T. T. Nagle and R. K. Holden, *The Strategy and Tactics of Pricing*, Prentice
       Hall: economic value estimation, where economic value = reference value + positive
       differentiation value − negative differentiation value.

    Examples
    --------
    The Atlantic Computer pricing case (Harvard Business School teaching case): a reference
    value of 6,800 plus differentiation values of 4,000, 500 and 1,500.

    >>> from negotiation_lib.domain.case import Driver, Reference, Value
    >>> v = Value(reference=Reference(name="Competitor servers", price_per_unit=6800),
    ...           drivers=(Driver(name="a", value_per_unit=4000),
    ...                    Driver(name="b", value_per_unit=500),
    ...                    Driver(name="c", value_per_unit=1500)))
    >>> eve_per_unit(v)
    12800.0
    """
    positive = sum(max(d.value_per_unit, 0.0) for d in value.drivers)
    negative = sum(max(-d.value_per_unit, 0.0) for d in value.drivers)
    return value.reference.price_per_unit + positive - negative


def eve_expected_per_unit(value: Value) -> float:
    r"""Confidence-weighted EVE per unit: ``reference + Σ confidence·v``.

    Notes
    -----
    .. math:: EVE_{exp} = P_{ref} + \sum_i c_i v_i

    Each driver counts in proportion to the team's confidence in it, so an unproven claim
    does not carry the same weight as a metered one. It is the EVE the customer net benefit,
    the ZOPA ceiling and the fair price use (see :mod:`negotiation_lib.domain.economics`), and
    the mean of the Monte Carlo's value draws, in which each driver realizes a Beta-distributed
    share of its claim with mean :math:`c_i`.

    References
    ----------
    .. [1] Nagle and Holden, *The Strategy and Tactics of Pricing*: value claims that a
       customer can verify are the ones that support a price.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Driver, Reference, Value
    >>> v = Value(reference=Reference(name="r", price_per_unit=100),
    ...           drivers=(Driver(name="a", value_per_unit=40, confidence=0.5),
    ...                    Driver(name="b", value_per_unit=-10, confidence=1.0)))
    >>> eve_expected_per_unit(v)
    110.0
    """
    return value.reference.price_per_unit + sum(
        d.confidence * d.value_per_unit for d in value.drivers
    )


def _support(driver: Driver) -> float:
    evidence = 1.0 if driver.evidence.strip() else UNEVIDENCED_WEIGHT
    return driver.confidence * evidence


def strength_score(value: Value) -> float:
    r"""How well supported the claimed differentiation is, from 0 to 100.

    Notes
    -----
    .. math:: S = 100 \cdot \frac{\sum_i |v_i| \, c_i \, e_i}{\sum_i |v_i|},
              \quad e_i = 1 \text{ with evidence, } 0.5 \text{ without}

    Each driver counts in proportion to the money it claims, so a large unproven claim
    weakens the proposition more than a small one. The score is bounded by 0 and 100 and
    never falls when a driver gains confidence or evidence (each term only grows). With no
    differentiation claimed (no drivers, or all of value zero) the score is 0: there is nothing
    to be confident about.

    References
    ----------
    .. [1] Nagle and Holden, *The Strategy and Tactics of Pricing*: value claims that a
       customer can verify are the ones that support a price.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Driver, Reference, Value
    >>> v = Value(reference=Reference(name="r", price_per_unit=100),
    ...           drivers=(Driver(name="a", value_per_unit=300, confidence=1.0, evidence="trial"),
    ...                    Driver(name="b", value_per_unit=100, confidence=0.8)))
    >>> strength_score(v)  # (300·1·1 + 100·0.8·0.5) / 400
    85.0
    """
    total = sum(abs(d.value_per_unit) for d in value.drivers)
    if total <= 0:
        return 0.0
    supported = sum(abs(d.value_per_unit) * _support(d) for d in value.drivers)
    return min(100.0, max(0.0, 100.0 * supported / total))


@dataclass(frozen=True, slots=True)
class ValueResult:
    """The value worksheet's numbers.

    Attributes
    ----------
    reference_per_unit
        Price of the customer's next-best alternative.
    positive_per_unit, negative_per_unit
        Total positive and negative differentiation value (both ≥ 0).
    eve_per_unit, eve_expected_per_unit, strength_score
        See the functions of the same names.
    """

    reference_per_unit: float
    positive_per_unit: float
    negative_per_unit: float
    eve_per_unit: float
    eve_expected_per_unit: float
    strength_score: float


def assess_value(value: Value) -> ValueResult:
    """Compute every number of the value proposition at once.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Driver, Reference, Value
    >>> r = assess_value(Value(reference=Reference(name="r", price_per_unit=100),
    ...                        drivers=(Driver(name="a", value_per_unit=30),
    ...                                 Driver(name="b", value_per_unit=-10))))
    >>> r.positive_per_unit, r.negative_per_unit, r.eve_per_unit
    (30.0, 10.0, 120.0)
    """
    return ValueResult(
        reference_per_unit=value.reference.price_per_unit,
        positive_per_unit=sum(max(d.value_per_unit, 0.0) for d in value.drivers),
        negative_per_unit=sum(max(-d.value_per_unit, 0.0) for d in value.drivers),
        eve_per_unit=eve_per_unit(value),
        eve_expected_per_unit=eve_expected_per_unit(value),
        strength_score=strength_score(value),
    )
