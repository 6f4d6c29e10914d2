"""Transparent economics: the open-book model of one period of supply.

The seller shares its whole economic model with the customer: list price, every discount with
the principle behind it, the price waterfall down to the pocket price, its costs, and how the
value the deal creates is split between the two parties. From the customer's economic value
(EVE, see :mod:`negotiation_lib.domain.value`) and both parties' alternatives follow the zone of
possible agreement (ZOPA) and the fair price, and flags show where one side takes more than its
fair share or a discount has no principle behind it.

The customer pays for the value the evidence supports, so every price-dependent figure here uses
the evidence-weighted EVE, ``E = eve_expected_per_unit``; the full EVE stays on the result as the
upside if every claim holds. Shares are shares of the *gain over both BATNAs* (the disagreement
point), so that the fair price gives the seller exactly its fair share.

Every function is pure and takes the immutable models of :mod:`negotiation_lib.domain.case`.
Functions that depend on the price accept an explicit ``pocket_price_per_unit=`` so that the
projection can evaluate other prices (the fair price, a tough CPT price) with the same code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from negotiation_lib.domain.case import Case, Discount, Economics, Relationship, Value
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.value import eve_expected_per_unit as _eve_expected_per_unit
from negotiation_lib.domain.value import eve_per_unit as _eve_per_unit

__all__ = [
    "FAIR_SHARE_TOLERANCE",
    "EconomicsFlag",
    "EconomicsResult",
    "FlagCode",
    "WaterfallStep",
    "Zopa",
    "assess_economics",
    "case_economics",
    "customer_net_benefit_per_period",
    "discount_per_unit",
    "economic_inputs",
    "fair_price_per_unit",
    "invoice_price_per_unit",
    "joint_gain_per_period",
    "pocket_price_per_unit",
    "price_waterfall",
    "seller_profit_per_period",
    "seller_share",
    "value_created_per_period",
    "zopa",
]

FAIR_SHARE_TOLERANCE = 0.1
r"""How far the seller's share may stray from its fair share before it is flagged."""

# Prices compared with the ZOPA are often computed from it (the fair price, a CPT price at the
# ceiling); a relative tolerance keeps rounding in the last digit from raising a flag.
_RELATIVE_TOLERANCE = 1e-9

Stage = Literal["list", "on_invoice", "invoice", "off_invoice", "pocket"]
FlagCode = Literal[
    "price_above_ceiling",
    "price_below_floor",
    "seller_captures_more_than_worth",
    "customer_captures_more_than_worth",
    "no_value_created",
    "discount_without_principle",
    "discount_exceeds_saving",
]


def _exceeds(a: float, b: float) -> bool:
    r"""Tell whether ``a > b`` beyond rounding noise."""
    return a > b + _RELATIVE_TOLERANCE * max(1.0, abs(a), abs(b))


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _check_price(price: float | None) -> None:
    if price is not None and not math.isfinite(price):
        raise CaseError.at(
            "pocket_price_per_unit", f"The price to evaluate must be a finite number, not {price}."
        )


# --------------------------------------------------------------------------- price waterfall


def discount_per_unit(discount: Discount, economics: Economics) -> float:
    r"""Return what one discount takes off the price of one unit.

    Parameters
    ----------
    discount
        One step of the waterfall.
    economics
        The economics it belongs to (for the list price and the volume per period).

    Returns
    -------
    float
        ``list_price · amount / 100`` for a ``percent`` discount (always of *list*, never of
        the price left after earlier discounts), ``amount`` for a ``per_unit`` discount, and
        ``amount / volume_per_period`` for a ``per_period`` lump sum.

    Notes
    -----
    .. math::

        \delta = \begin{cases}
            P_{list} \, a / 100 & \text{percent} \\
            a & \text{per unit} \\
            a / V & \text{per period}
        \end{cases}

    References
    ----------
    .. [1] M. V. Marn and R. L. Rosiello, "Managing Price, Gaining Profit", *Harvard Business
       Review*, Sept-Oct 1992: the pocket price waterfall, every element per unit.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Discount, Economics
    >>> econ = Economics(volume_per_period=40, list_price_per_unit=7000)
    >>> discount_per_unit(Discount(name="Volume", kind="percent", amount=10), econ)
    700.0
    >>> discount_per_unit(Discount(name="Rebate", kind="per_period", amount=8000), econ)
    200.0
    """
    if discount.kind == "percent":
        return economics.list_price_per_unit * discount.amount / 100.0
    if discount.kind == "per_unit":
        return discount.amount
    return discount.amount / economics.volume_per_period


@dataclass(frozen=True, slots=True)
class WaterfallStep:
    r"""One bar of the price waterfall.

    Attributes
    ----------
    name
        The discount's name, or ``"List price"``, ``"Invoice price"``, ``"Pocket price"``.
    stage
        ``"list"``, ``"invoice"`` and ``"pocket"`` are price levels (bars that start at zero);
        ``"on_invoice"`` and ``"off_invoice"`` are discounts (bars that step down).
    amount_per_unit
        For a price level, the price itself; for a discount, what it takes off (≥ 0).
    price_after_per_unit
        The running price after this step.
    principle
        The discount's principle (``"none"`` when it has none); None for price levels.
    """

    name: str
    stage: Stage
    amount_per_unit: float
    price_after_per_unit: float
    principle: str | None = None


def price_waterfall(economics: Economics) -> tuple[WaterfallStep, ...]:
    r"""Build the price waterfall from list to pocket price, one step per bar of the chart.

    Parameters
    ----------
    economics
        List price, volume and the discounts.

    Returns
    -------
    tuple of WaterfallStep
        List price, the on-invoice discounts (in the order entered), the invoice price, the
        off-invoice discounts (in the order entered) and the pocket price.

    Notes
    -----
    .. math::

        P_{invoice} = P_{list} - \sum_{on} \delta_i, \qquad
        P_{pocket} = P_{invoice} - \sum_{off} \delta_i

    with :math:`\delta_i` from :func:`discount_per_unit`. Percent discounts are all taken off
    the list price, so their order does not matter: 10% and 5% off 7,000 leave 5,950, not
    5,985 as compounding would.

    References
    ----------
    .. [1] M. V. Marn and R. L. Rosiello, "Managing Price, Gaining Profit", *Harvard Business
       Review*, Sept-Oct 1992.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Discount, Economics
    >>> econ = Economics(volume_per_period=10, list_price_per_unit=7000, discounts=(
    ...     Discount(name="Volume", kind="percent", amount=10),
    ...     Discount(name="Prompt payment", kind="percent", amount=5, on_invoice=False)))
    >>> [(s.name, s.stage, s.price_after_per_unit) for s in price_waterfall(econ)]
    [('List price', 'list', 7000.0), ('Volume', 'on_invoice', 6300.0),
     ('Invoice price', 'invoice', 6300.0), ('Prompt payment', 'off_invoice', 5950.0),
     ('Pocket price', 'pocket', 5950.0)]
    """
    price = float(economics.list_price_per_unit)
    steps = [WaterfallStep("List price", "list", price, price)]
    for on_invoice in (True, False):
        for d in economics.discounts:
            if d.on_invoice is on_invoice:
                amount = discount_per_unit(d, economics)
                price -= amount
                stage: Stage = "on_invoice" if on_invoice else "off_invoice"
                steps.append(WaterfallStep(d.name, stage, amount, price, d.principle))
        level: Stage = "invoice" if on_invoice else "pocket"
        steps.append(WaterfallStep(f"{level.capitalize()} price", level, price, price))
    return tuple(steps)


def invoice_price_per_unit(economics: Economics) -> float:
    r"""Return the list price less the on-invoice discounts.

    Parameters
    ----------
    economics
        List price, volume and the discounts.

    Returns
    -------
    float
        The invoice price per unit.

    Notes
    -----
    .. math:: P_{invoice} = P_{list} - \sum_{on} \delta_i

    References
    ----------
    .. [1] Marn and Rosiello (1992): the invoice price is what the invoice shows; it is not
       what the seller keeps.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Discount, Economics
    >>> invoice_price_per_unit(Economics(volume_per_period=10, list_price_per_unit=100,
    ...     discounts=(Discount(name="a", kind="per_unit", amount=5),
    ...                Discount(name="b", kind="per_unit", amount=3, on_invoice=False))))
    95.0
    """
    return next(s.price_after_per_unit for s in price_waterfall(economics) if s.stage == "invoice")


def _pocket(economics: Economics) -> float:
    return price_waterfall(economics)[-1].price_after_per_unit


def pocket_price_per_unit(economics: Economics) -> float:
    r"""Return the list price less every discount: what the seller really pockets.

    Parameters
    ----------
    economics
        List price, volume and the discounts.

    Returns
    -------
    float
        The pocket price per unit.

    Notes
    -----
    .. math:: P_{pocket} = P_{list} - \sum_{on} \delta_i - \sum_{off} \delta_i

    References
    ----------
    .. [1] Marn and Rosiello (1992): off-invoice items (payment terms, rebates, freight) are
       where the pocket price leaks away unseen.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Discount, Economics
    >>> pocket_price_per_unit(Economics(volume_per_period=10, list_price_per_unit=100,
    ...     discounts=(Discount(name="a", kind="per_unit", amount=5),
    ...                Discount(name="b", kind="per_unit", amount=3, on_invoice=False))))
    92.0
    """
    return _pocket(economics)


# --------------------------------------------------------------------------- value split


def seller_profit_per_period(
    economics: Economics, *, pocket_price_per_unit: float | None = None
) -> float:
    r"""Compute the seller's profit from one period of supply.

    Parameters
    ----------
    economics
        Volume, prices and the seller's costs.
    pocket_price_per_unit
        The price to evaluate; the case's pocket price (from the waterfall) when None.

    Returns
    -------
    float
        ``volume · (pocket - variable_cost) - fixed_cost_per_period``.

    Notes
    -----
    .. math:: \pi_S = V (P_{pocket} - c_v) - F

    References
    ----------
    .. [1] Marn and Rosiello (1992): profit is made on the pocket price, not the list or
       invoice price.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Economics
    >>> econ = Economics(volume_per_period=40, list_price_per_unit=13000,
    ...                  variable_cost_per_unit=7000, fixed_cost_per_period=60000)
    >>> seller_profit_per_period(econ)
    180000.0
    >>> seller_profit_per_period(econ, pocket_price_per_unit=10000)
    60000.0
    """
    _check_price(pocket_price_per_unit)
    price = _pocket(economics) if pocket_price_per_unit is None else pocket_price_per_unit
    return (
        economics.volume_per_period * (price - economics.variable_cost_per_unit)
        - economics.fixed_cost_per_period
    )


def customer_net_benefit_per_period(
    economics: Economics, eve_per_unit: float, *, pocket_price_per_unit: float | None = None
) -> float:
    r"""Compute the customer's gain over the reference alternative, for one period.

    Parameters
    ----------
    economics
        Volume, prices and the customer's own cost per period of working with the seller.
    eve_per_unit
        The economic value of one unit the customer pays for: the evidence-weighted EVE
        :math:`E` (:func:`negotiation_lib.domain.value.eve_expected_per_unit`), as
        :func:`assess_economics` passes it. Passing the full EVE instead gives the customer's
        benefit if every value claim holds.
    pocket_price_per_unit
        The price to evaluate; the case's pocket price when None.

    Returns
    -------
    float
        ``volume · (E - pocket) - customer_cost_per_period``.

    Notes
    -----
    .. math:: \pi_C = V (E - P_{pocket}) - C

    The customer pays the pocket price: off-invoice discounts (rebates, payment terms) reach
    it just as on-invoice ones do. The reference alternative is priced into :math:`E`, so this
    is the customer's gain over buying the alternative at the reference price.

    References
    ----------
    .. [1] T. T. Nagle and R. K. Holden, *The Strategy and Tactics of Pricing*: the customer's
       incentive to buy is the economic value less the price.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Economics
    >>> econ = Economics(volume_per_period=40, list_price_per_unit=13000,
    ...                  customer_cost_per_period=5000)
    >>> customer_net_benefit_per_period(econ, 12500.0, pocket_price_per_unit=12350)
    1000.0
    """
    _check_price(pocket_price_per_unit)
    price = _pocket(economics) if pocket_price_per_unit is None else pocket_price_per_unit
    return economics.volume_per_period * (eve_per_unit - price) - economics.customer_cost_per_period


def value_created_per_period(economics: Economics, eve_per_unit: float) -> float:
    r"""Compute the value the deal creates in one period, whatever the price.

    Parameters
    ----------
    economics
        Volume and both parties' costs.
    eve_per_unit
        The EVE the customer pays for (the evidence-weighted one, see
        :func:`customer_net_benefit_per_period`).

    Returns
    -------
    float
        ``volume · (E - variable_cost) - fixed_cost_per_period - customer_cost_per_period``.

    Notes
    -----
    .. math:: VC = \pi_S + \pi_C = V (E - c_v) - F - C

    The price is a transfer between the parties: it moves value from one to the other but does
    not change the total, so the sum of seller profit and customer net benefit is the same at
    every price. This price-free form is the check on that sum.

    References
    ----------
    .. [1] Nagle and Holden, *The Strategy and Tactics of Pricing*: the value created is the
       economic value less the cost of delivering it; the price only divides it.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Economics
    >>> econ = Economics(volume_per_period=40, list_price_per_unit=13000,
    ...                  variable_cost_per_unit=7000, fixed_cost_per_period=60000,
    ...                  customer_cost_per_period=5000)
    >>> value_created_per_period(econ, 12500.0)
    155000.0
    """
    return (
        economics.volume_per_period * (eve_per_unit - economics.variable_cost_per_unit)
        - economics.fixed_cost_per_period
        - economics.customer_cost_per_period
    )


def _batnas(relationship: Relationship | None) -> tuple[float, float]:
    if relationship is None:
        return 0.0, 0.0
    return relationship.seller_batna_per_period, relationship.customer_batna_per_period


def joint_gain_per_period(
    economics: Economics, eve_per_unit: float, relationship: Relationship | None = None
) -> float:
    r"""Compute what the deal adds, per period, to what both parties would get without it.

    Parameters
    ----------
    economics
        Volume and both parties' costs.
    eve_per_unit
        The EVE the customer pays for (the evidence-weighted one).
    relationship
        Supplies both parties' BATNA per period; None counts them as zero.

    Returns
    -------
    float
        ``value_created - seller_batna_per_period - customer_batna_per_period``; the same at
        every price.

    Notes
    -----
    .. math::

        J = g_S + g_C = (\pi_S - B_S) + (\pi_C - B_C) = V (E - c_v) - F - C - B_S - B_C
          = V (ceiling - floor)

    The BATNAs are the disagreement point: the gain over them is what the parties share.
    With both BATNAs at zero it is the value created.

    References
    ----------
    .. [1] J. F. Nash, "The Bargaining Problem", *Econometrica* 18(2), 1950: the surplus over
       the disagreement point is what bargaining divides.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Economics, Relationship
    >>> econ = Economics(volume_per_period=40, list_price_per_unit=13000,
    ...                  variable_cost_per_unit=7000, fixed_cost_per_period=60000,
    ...                  customer_cost_per_period=5000)
    >>> joint_gain_per_period(econ, 12500.0, Relationship(seller_batna_per_period=20000,
    ...                                                   customer_batna_per_period=15000))
    120000.0
    """
    seller_batna, customer_batna = _batnas(relationship)
    return value_created_per_period(economics, eve_per_unit) - seller_batna - customer_batna


def seller_share(seller_gain_per_period: float, joint_gain_per_period: float) -> float | None:
    r"""Compute the seller's share of the gain over both BATNAs.

    Parameters
    ----------
    seller_gain_per_period
        ``seller_profit - seller_batna_per_period``: what the deal gives the seller beyond
        its best one-off alternative.
    joint_gain_per_period
        Both parties' gains together (see :func:`joint_gain_per_period`).

    Returns
    -------
    float or None
        ``seller_gain / joint_gain``; None when the joint gain is zero or negative, because a
        share of nothing, or of a loss, means nothing.

    Notes
    -----
    .. math:: s = \frac{\pi_S - B_S}{J}, \quad J > 0

    The share is 0.5 when the parties split the gain over their BATNAs evenly. It is above 1
    when the customer is worse off than with its BATNA and below 0 when the seller is. Since
    :math:`\pi_S - B_S = V (P - floor)` and :math:`J = V (ceiling - floor)`, the share is the
    price's position in the ZOPA, :math:`s = (P - floor) / (ceiling - floor)`: the fair price
    gives exactly the fair share. With both BATNAs at zero it is the seller's profit over the
    value created.

    References
    ----------
    .. [1] J. F. Nash, "The Bargaining Problem", *Econometrica* 18(2), 1950.
    .. [2] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982:
       the division of the surplus over the reservation values.

    Examples
    --------
    >>> seller_share(120.0, 200.0)
    0.6
    >>> seller_share(50.0, 0.0) is None
    True
    """
    if joint_gain_per_period <= 0:
        return None
    return seller_gain_per_period / joint_gain_per_period


# --------------------------------------------------------------------------- ZOPA, fair price


@dataclass(frozen=True, slots=True)
class Zopa:
    r"""The zone of possible agreement, per unit.

    Attributes
    ----------
    floor_per_unit
        The lowest price at which the seller does at least as well as with its BATNA.
    ceiling_per_unit
        The highest price at which the customer does at least as well as with its BATNA.
    exists
        ``floor ≤ ceiling``: some price is acceptable to both.
    """

    floor_per_unit: float
    ceiling_per_unit: float
    exists: bool


def zopa(
    economics: Economics, eve_per_unit: float, relationship: Relationship | None = None
) -> Zopa:
    r"""Find the zone of possible agreement (ZOPA) on the price per unit.

    Parameters
    ----------
    economics
        Volume, costs of both parties.
    eve_per_unit
        The economic value of one unit the customer pays for: the evidence-weighted EVE
        :math:`E`, as :func:`assess_economics` passes it.
    relationship
        Supplies both parties' BATNA per period; None counts them as zero. The seller's BATNA
        is its best one-off alternative's profit per period. The customer's BATNA is what its
        best alternative would gain it *beyond* the reference price already priced into
        :math:`E`, usually 0 when the reference is that alternative; entering the whole value
        of the alternative again would count it twice.

    Returns
    -------
    Zopa
        Floor, ceiling and whether the zone exists.

    Notes
    -----
    .. math::

        floor = c_v + \frac{F + B_S}{V}, \qquad
        ceiling = E - \frac{C + B_C}{V}

    At the floor the seller's profit equals its BATNA per period; at the ceiling the
    customer's net benefit equals its BATNA per period.

    References
    ----------
    .. [1] R. Fisher, W. Ury and B. Patton, *Getting to Yes*, 2nd ed., Penguin, 1991: the
       BATNA as each party's walk-away point.
    .. [2] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982:
       the zone of agreement between the reservation prices.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Economics
    >>> econ = Economics(volume_per_period=40, list_price_per_unit=13000,
    ...                  variable_cost_per_unit=7000, fixed_cost_per_period=60000,
    ...                  customer_cost_per_period=5000)
    >>> zopa(econ, 12500.0)
    Zopa(floor_per_unit=8500.0, ceiling_per_unit=12375.0, exists=True)
    """
    seller_batna, customer_batna = _batnas(relationship)
    volume = economics.volume_per_period
    floor = (
        economics.variable_cost_per_unit + (economics.fixed_cost_per_period + seller_batna) / volume
    )
    ceiling = eve_per_unit - (economics.customer_cost_per_period + customer_batna) / volume
    return Zopa(floor, ceiling, not _exceeds(floor, ceiling))


def fair_price_per_unit(zone: Zopa, fair_share: float = 0.5) -> float:
    r"""Return the price that gives the seller its fair share of the gain over both BATNAs.

    Parameters
    ----------
    zone
        The ZOPA.
    fair_share
        The seller's fair share, from 0 (the floor) to 1 (the ceiling); 0.5 splits it evenly.

    Returns
    -------
    float
        ``floor + fair_share · (ceiling - floor)``. When no ZOPA exists the formula still
        gives a price between the ceiling and the floor; the flags say that no price works.

    Notes
    -----
    .. math:: P_{fair} = floor + s^{*} (ceiling - floor)

    The seller's gain over its BATNA is :math:`V (P - floor)` and the joint gain is
    :math:`V (ceiling - floor)`, so at this price the seller's share
    (:func:`seller_share`) is exactly :math:`s^*`, whatever the BATNAs: the economics, the
    projection and the win-win worksheet use one notion of fair.

    References
    ----------
    .. [1] J. F. Nash, "The Bargaining Problem", *Econometrica* 18(2), 1950: with linear
       utilities the symmetric solution splits the surplus over the disagreement point
       equally (``fair_share = 0.5``).

    Examples
    --------
    >>> fair_price_per_unit(Zopa(8500.0, 12375.0, True))
    10437.5
    """
    return zone.floor_per_unit + fair_share * (zone.ceiling_per_unit - zone.floor_per_unit)


# --------------------------------------------------------------------------- flags


@dataclass(frozen=True, slots=True)
class EconomicsFlag:
    r"""Something in the economics that is not fair, or not explained.

    Attributes
    ----------
    code
        A stable identifier: ``price_above_ceiling``, ``price_below_floor``,
        ``seller_captures_more_than_worth``, ``customer_captures_more_than_worth``,
        ``no_value_created``, ``discount_without_principle`` or ``discount_exceeds_saving``.
    message
        A sentence for the trainee, naming the discount where there is one.
    path
        Dotted JSON path of the field to look at (``economics.discounts[1].principle``).
    discount
        The discount's name for the two discount flags, else None.
    """

    code: FlagCode
    message: str
    path: str = "economics"
    discount: str | None = None


def _price_flags(price: float, zone: Zopa) -> list[EconomicsFlag]:
    out: list[EconomicsFlag] = []
    if _exceeds(price, zone.ceiling_per_unit):
        out.append(
            EconomicsFlag(
                "price_above_ceiling",
                f"The pocket price of {_money(price)} per unit is above the customer's ceiling "
                f"of {_money(zone.ceiling_per_unit)}: the customer does better with its "
                "alternative.",
            )
        )
    if _exceeds(zone.floor_per_unit, price):
        out.append(
            EconomicsFlag(
                "price_below_floor",
                f"The pocket price of {_money(price)} per unit is below the seller's floor of "
                f"{_money(zone.floor_per_unit)}: the seller does better with its alternative.",
            )
        )
    return out


def _share_flags(share: float | None, fair_share: float) -> list[EconomicsFlag]:
    if share is None:
        return [
            EconomicsFlag(
                "no_value_created",
                "The deal creates no gain over the two parties' best alternatives (BATNAs): "
                "the customer's evidence-weighted economic value does not cover the cost of "
                "serving it and what both sides could get elsewhere, so there is nothing to "
                "share.",
            )
        ]
    if _exceeds(share, fair_share + FAIR_SHARE_TOLERANCE):
        return [
            EconomicsFlag(
                "seller_captures_more_than_worth",
                f"The seller takes {share:.0%} of the gain over both parties' alternatives, "
                f"more than its fair share of {fair_share:.0%} allows.",
            )
        ]
    if _exceeds(fair_share - FAIR_SHARE_TOLERANCE, share):
        return [
            EconomicsFlag(
                "customer_captures_more_than_worth",
                f"The seller keeps only {share:.0%} of the gain over both parties' "
                f"alternatives, less than its fair share of {fair_share:.0%}: the customer "
                "takes more than its worth.",
            )
        ]
    return []


def _discount_flags(economics: Economics) -> list[EconomicsFlag]:
    out: list[EconomicsFlag] = []
    for k, d in enumerate(economics.discounts):
        if d.principle == "none":
            out.append(
                EconomicsFlag(
                    "discount_without_principle",
                    f"The discount '{d.name}' has no principle: say which concession of the "
                    "customer earns it (volume, commitment, prepayment, cost to serve, risk "
                    "sharing or being a reference customer).",
                    f"economics.discounts[{k}].principle",
                    d.name,
                )
            )
        amount = discount_per_unit(d, economics)
        if d.seller_saving_per_unit is not None and _exceeds(amount, d.seller_saving_per_unit):
            out.append(
                EconomicsFlag(
                    "discount_exceeds_saving",
                    f"The discount '{d.name}' gives {_money(amount)} per unit, more than the "
                    f"{_money(d.seller_saving_per_unit)} per unit the seller saves in return.",
                    f"economics.discounts[{k}].seller_saving_per_unit",
                    d.name,
                )
            )
    return out


# --------------------------------------------------------------------------- all at once


@dataclass(frozen=True, slots=True)
class EconomicsResult:
    r"""The transparent-economics worksheet's numbers.

    Attributes
    ----------
    list_price_per_unit, invoice_price_per_unit
        From the case's waterfall.
    pocket_price_per_unit
        The price evaluated: the case's pocket price, or the explicit price asked for.
    price_overridden
        True when ``pocket_price_per_unit`` was given explicitly; the waterfall and the invoice
        price still describe the case's own list price and discounts.
    waterfall
        See :func:`price_waterfall`.
    eve_per_unit
        The full EVE per unit: the upside if every value claim holds. Shown beside
        ``eve_expected_per_unit``; nothing below prices off it.
    eve_expected_per_unit
        The evidence-weighted EVE per unit, :math:`E`: what the customer pays for. The net
        benefit, the ceiling and the fair price use it.
    seller_margin_per_unit
        ``pocket - variable_cost``.
    seller_profit_per_period, customer_net_benefit_per_period, value_created_per_period
        The split of the value; value created is the sum of the other two.
    seller_batna_per_period, customer_batna_per_period
        Each party's best one-off alternative per period (zero without a relationship).
    seller_gain_per_period, customer_gain_per_period
        Each party's profit or net benefit less its BATNA: what the deal adds for it.
    joint_gain_per_period
        The sum of the two gains (the same at every price).
    seller_share
        Seller gain over joint gain; None when the joint gain ≤ 0. With both BATNAs at zero
        it is the seller's profit over the value created.
    zopa
        Floor, ceiling and whether the zone exists.
    fair_share, fair_price_per_unit
        The seller's fair share and the price that gives it exactly.
    flags
        Everything that is unfair or unexplained, in a stable order: price, share, discounts.
    """

    list_price_per_unit: float
    invoice_price_per_unit: float
    pocket_price_per_unit: float
    price_overridden: bool
    waterfall: tuple[WaterfallStep, ...]
    eve_per_unit: float
    eve_expected_per_unit: float
    seller_margin_per_unit: float
    seller_profit_per_period: float
    customer_net_benefit_per_period: float
    value_created_per_period: float
    seller_batna_per_period: float
    customer_batna_per_period: float
    seller_gain_per_period: float
    customer_gain_per_period: float
    joint_gain_per_period: float
    seller_share: float | None
    zopa: Zopa
    fair_share: float
    fair_price_per_unit: float
    flags: tuple[EconomicsFlag, ...]

    @property
    def flag_codes(self) -> tuple[str, ...]:
        r"""The codes of :attr:`flags`, in order."""
        return tuple(f.code for f in self.flags)


def assess_economics(
    economics: Economics,
    value: Value,
    relationship: Relationship | None = None,
    *,
    pocket_price_per_unit: float | None = None,
) -> EconomicsResult:
    r"""Compute every number of the open-book economics at once.

    Parameters
    ----------
    economics
        The economics section.
    value
        The value section (for the EVE per unit, full and evidence-weighted).
    relationship
        For the BATNAs of the gains, the share and the ZOPA; None counts them as zero.
    pocket_price_per_unit
        Evaluate this price instead of the waterfall's pocket price (for the fair price or a
        tough CPT price); it must be finite.

    Returns
    -------
    EconomicsResult

    Raises
    ------
    CaseError
        When ``pocket_price_per_unit`` is not a finite number.

    Notes
    -----
    With :math:`E` the evidence-weighted EVE, :math:`B_S, B_C` the BATNAs per period:

    .. math::

        \pi_S = V (P - c_v) - F, \quad \pi_C = V (E - P) - C, \quad
        g_S = \pi_S - B_S, \quad g_C = \pi_C - B_C, \quad
        s = \frac{g_S}{g_S + g_C}

    Flags (``s`` the seller share, ``s*`` the fair share):

    * ``price_above_ceiling`` — pocket > ceiling; ``price_below_floor`` — pocket < floor;
    * ``seller_captures_more_than_worth`` — ``s > s* + 0.1``;
      ``customer_captures_more_than_worth`` — ``s < s* - 0.1`` (the mirror image, so that a
      one-sided deal is flagged whichever side it favours); ``no_value_created`` — the share
      is undefined because the joint gain ≤ 0;
    * ``discount_without_principle`` — a discount whose principle is ``none``;
      ``discount_exceeds_saving`` — a discount worth more per unit than the
      ``seller_saving_per_unit`` it cites (only when a saving is given).

    References
    ----------
    .. [1] Marn and Rosiello (1992), the price waterfall.
    .. [2] Nagle and Holden, *The Strategy and Tactics of Pricing*: economic value estimation;
       a customer pays for the value it believes, so claims count as far as evidence goes.
    .. [3] C. H. Green, "Trust-based negotiation": share the whole economic model and give
       discounts only on principle.
    .. [4] J. F. Nash, "The Bargaining Problem", *Econometrica* 18(2), 1950: the surplus over
       the disagreement point.

    Examples
    --------
    The case of the design notes: a pump listed at 13,000 with a 5% volume discount; the
    energy saving of 2,500 is held with confidence 0.8, so :math:`E = 12{,}000`.

    >>> from negotiation_lib.domain.case import (Discount, Driver, Economics, Reference,
    ...                                          Value)
    >>> econ = Economics(volume_per_period=40, list_price_per_unit=13000,
    ...     discounts=(Discount(name="Volume", kind="percent", amount=5, principle="volume",
    ...                         seller_saving_per_unit=400),),
    ...     variable_cost_per_unit=7000, fixed_cost_per_period=60000,
    ...     customer_cost_per_period=5000)
    >>> value = Value(reference=Reference(name="Competitor pump", price_per_unit=10000),
    ...     drivers=(Driver(name="Energy savings", value_per_unit=2500, confidence=0.8),))
    >>> r = assess_economics(econ, value)
    >>> r.eve_per_unit, r.eve_expected_per_unit
    (12500.0, 12000.0)
    >>> r.pocket_price_per_unit, r.seller_profit_per_period, r.customer_net_benefit_per_period
    (12350.0, 154000.0, -19000.0)
    >>> r.zopa.ceiling_per_unit, r.fair_price_per_unit
    (11875.0, 10187.5)
    >>> r.flag_codes
    ('price_above_ceiling', 'seller_captures_more_than_worth', 'discount_exceeds_saving')
    >>> assess_economics(econ, value, pocket_price_per_unit=10187.5).seller_share
    0.5
    """
    _check_price(pocket_price_per_unit)
    steps = price_waterfall(economics)
    invoice = next(s.price_after_per_unit for s in steps if s.stage == "invoice")
    price = (
        steps[-1].price_after_per_unit if pocket_price_per_unit is None else pocket_price_per_unit
    )
    expected = _eve_expected_per_unit(value)
    seller_batna, customer_batna = _batnas(relationship)
    profit = seller_profit_per_period(economics, pocket_price_per_unit=price)
    benefit = customer_net_benefit_per_period(economics, expected, pocket_price_per_unit=price)
    seller_gain = profit - seller_batna
    customer_gain = benefit - customer_batna
    joint = seller_gain + customer_gain
    share = seller_share(seller_gain, joint)
    zone = zopa(economics, expected, relationship)
    flags = (
        _price_flags(price, zone)
        + _share_flags(share, economics.fair_share)
        + _discount_flags(economics)
    )
    return EconomicsResult(
        list_price_per_unit=float(economics.list_price_per_unit),
        invoice_price_per_unit=invoice,
        pocket_price_per_unit=float(price),
        price_overridden=pocket_price_per_unit is not None,
        waterfall=steps,
        eve_per_unit=_eve_per_unit(value),
        eve_expected_per_unit=expected,
        seller_margin_per_unit=price - economics.variable_cost_per_unit,
        seller_profit_per_period=profit,
        customer_net_benefit_per_period=benefit,
        value_created_per_period=profit + benefit,
        seller_batna_per_period=seller_batna,
        customer_batna_per_period=customer_batna,
        seller_gain_per_period=seller_gain,
        customer_gain_per_period=customer_gain,
        joint_gain_per_period=joint,
        seller_share=share,
        zopa=zone,
        fair_share=economics.fair_share,
        fair_price_per_unit=fair_price_per_unit(zone, economics.fair_share),
        flags=tuple(flags),
    )


def economic_inputs(case: Case) -> tuple[Economics, Value, Relationship | None]:
    r"""Return the sections the economics and projection need, or raise a clear error.

    Parameters
    ----------
    case
        Any valid case, complete or not.

    Returns
    -------
    tuple
        ``(economics, value, relationship)``; the relationship may be None.

    Raises
    ------
    CaseError
        At ``economics`` or ``value`` when that section is not filled in yet.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Case
    >>> try:
    ...     economic_inputs(Case(title="T", seller="S", customer="C"))
    ... except CaseError as err:
    ...     print(err.path)
    economics
    """
    if case.economics is None:
        raise CaseError.at(
            "economics",
            "The economics section is not filled in yet: enter the volume, list price, "
            "discounts and costs first.",
        )
    if case.value is None:
        raise CaseError.at(
            "value",
            "The value section is not filled in yet: the customer's economic value is needed "
            "to split the value and find the ceiling price.",
        )
    return case.economics, case.value, case.relationship


def case_economics(case: Case, *, pocket_price_per_unit: float | None = None) -> EconomicsResult:
    r"""Run :func:`assess_economics` on a whole case.

    Parameters
    ----------
    case
        The case; its economics and value sections are needed, its relationship is optional.
    pocket_price_per_unit
        Evaluate this price instead of the waterfall's pocket price.

    Returns
    -------
    EconomicsResult

    Raises
    ------
    CaseError
        When the economics or value section is missing (see :func:`economic_inputs`).

    Examples
    --------
    >>> from negotiation_lib.domain.case import Case, Economics, Reference, Value
    >>> case = Case(title="T", seller="S", customer="C",
    ...             value=Value(reference=Reference(name="r", price_per_unit=120)),
    ...             economics=Economics(volume_per_period=10, list_price_per_unit=100,
    ...                                 variable_cost_per_unit=60))
    >>> case_economics(case).seller_share
    0.6666666666666666
    """
    economics, value, relationship = economic_inputs(case)
    return assess_economics(
        economics, value, relationship, pocket_price_per_unit=pocket_price_per_unit
    )
