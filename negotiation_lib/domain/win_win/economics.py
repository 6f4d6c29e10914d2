"""Packages priced through the open book: what each candidate agreement is worth in money.

A package settles every issue. Through the open book its money follows from the case's
economics: the issue marked ``"economics": "pocket_price_per_unit"`` (or named by
``win_win.price_issue``) sets the pocket price, and each chosen option of an options issue may
carry a cost to the seller and a value to the customer per period. From there the package is
priced exactly like the case itself: the split of the gain over both BATNAs, the retention that
split earns, and both parties' NPVs of the relationship, with the functions of
:mod:`negotiation_lib.domain.economics` and :mod:`negotiation_lib.domain.projection`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from negotiation_lib.domain.case import Economics, OptionsIssue, Relationship, Value, WinWin
from negotiation_lib.domain.economics import (
    customer_net_benefit_per_period,
    seller_profit_per_period,
    seller_share,
    zopa,
)
from negotiation_lib.domain.economics import pocket_price_per_unit as waterfall_pocket_price
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.projection import project_value, retention_from_share
from negotiation_lib.domain.value import eve_expected_per_unit
from negotiation_lib.domain.win_win.utilities import IssueValue

__all__ = ["PackageEconomics", "option_economics", "package_economics"]


@dataclass(frozen=True, slots=True)
class PackageEconomics:
    """One package priced through the open book.

    Attributes
    ----------
    pocket_price_per_unit
        The package's pocket price: the value of the issue that sets the price, or the case's
        own pocket price (from its waterfall) when no issue sets it.
    price_issue
        The issue the price was read from; None when it is the case's pocket price.
    seller_cost_per_period, customer_value_per_period
        What the package's options add, per period: costs to the seller and value to the
        customer (their sums over the issues; 0 without option economics).
    seller_profit_per_period, customer_net_benefit_per_period
        The seller's profit less the options' costs, and the customer's net benefit plus the
        options' value, per period.
    seller_gain_per_period, customer_gain_per_period, joint_gain_per_period
        Each over its BATNA per period, and their sum.
    seller_share
        The seller's share of the joint gain; None when the joint gain is not positive.
    fair_price_per_unit
        The price that would give the seller exactly its fair share with this package's
        options; None when the joint gain is not positive. Options that cost the seller
        raise it; without option figures it is the case's fair price.
    retention
        The chance of each further repetition at that split.
    seller_npv, customer_npv
        Both parties' NPVs of the relationship under this package.
    seller_colr, customer_colr
        What each would lose if the relationship ended after this deal (NPV of ``t >= 1``).
    seller_colr_net, customer_colr_net
        ``colr - batr_npv``: what losing this relationship costs beyond moving to the best
        alternative relationship.
    """

    pocket_price_per_unit: float
    price_issue: str | None
    seller_cost_per_period: float
    customer_value_per_period: float
    seller_profit_per_period: float
    customer_net_benefit_per_period: float
    seller_gain_per_period: float
    customer_gain_per_period: float
    joint_gain_per_period: float
    seller_share: float | None
    fair_price_per_unit: float | None
    retention: float
    seller_npv: float
    customer_npv: float
    seller_colr: float
    customer_colr: float
    seller_colr_net: float
    customer_colr_net: float


def option_economics(win_win: WinWin, values: Mapping[str, IssueValue]) -> tuple[float, float]:
    r"""Add up what a package's options cost the seller and are worth to the customer.

    Parameters
    ----------
    win_win
        The win-win section (its issues carry the option economics).
    values
        The package: issue name to value.

    Returns
    -------
    tuple of float
        ``(seller_cost_per_period, customer_value_per_period)``: the sums over the options
        issues of the chosen option's figures (an option without figures counts 0).

    Notes
    -----
    .. math:: c_S = \sum_k c_{k, o_k}, \qquad v_C = \sum_k v_{k, o_k}

    with :math:`o_k` the option the package chooses on issue :math:`k`.

    Examples
    --------
    >>> from negotiation_lib.domain.case import OptionEconomics
    >>> warranty = OptionsIssue(name="warranty", options=("1y", "2y"), economics={
    ...     "2y": OptionEconomics(seller_cost_per_period=8000, customer_value_per_period=12000)})
    >>> ww = WinWin(issues=(warranty,))
    >>> option_economics(ww, {"warranty": "2y"}), option_economics(ww, {"warranty": "1y"})
    ((8000.0, 12000.0), (0.0, 0.0))
    """
    cost = value = 0.0
    for issue in win_win.issues:
        if isinstance(issue, OptionsIssue) and issue.economics:
            chosen = issue.economics.get(str(values.get(issue.name)))
            if chosen is not None:
                cost += chosen.seller_cost_per_period
                value += chosen.customer_value_per_period
    return cost, value


def _pocket_price(
    win_win: WinWin, values: Mapping[str, IssueValue], economics: Economics
) -> tuple[float, str | None]:
    name = win_win.pocket_price_issue
    if name is None:
        return waterfall_pocket_price(economics), None
    price = values.get(name)
    if isinstance(price, str) or price is None:
        raise CaseError.at(
            f"values.{name}", f"Enter a number for '{name}': it sets the pocket price."
        )
    return float(price), name


def package_economics(
    win_win: WinWin,
    values: Mapping[str, IssueValue],
    economics: Economics,
    value: Value,
    relationship: Relationship,
) -> PackageEconomics:
    r"""Price one package through the open book: its split, retention and both NPVs.

    Parameters
    ----------
    win_win
        The win-win section: which issue sets the price, and the options' economics.
    values
        The package (or any outcome): issue name to value.
    economics, value, relationship
        The case's sections.

    Returns
    -------
    PackageEconomics

    Raises
    ------
    CaseError
        When the issue that sets the price has no number in the package.

    Notes
    -----
    With :math:`P` the package's pocket price, :math:`E` the evidence-weighted EVE,
    :math:`c_S, v_C` the options' cost and value per period (:func:`option_economics`) and
    :math:`B_S, B_C` the BATNAs per period:

    .. math::

        \pi_S = V (P - c_v) - F - c_S, \qquad \pi_C = V (E - P) - C + v_C,

        s = \frac{\pi_S - B_S}{(\pi_S - B_S) + (\pi_C - B_C)}, \qquad p = p(s)

    with :math:`p(s)` from :func:`~negotiation_lib.domain.projection.retention_from_share`,
    and each party's NPV and COLR from
    :func:`~negotiation_lib.domain.projection.project_value` at that retention, less its
    one-time cost; :math:`COLR_{net} = COLR - BATR`. Options that create more value for the
    customer than they cost the seller (:math:`v_C > c_S`) raise the joint gain: that is how
    a package beats another at the same price. With the case's ZOPA (floor and ceiling per
    unit) the joint gain is :math:`J' = V (ceiling - floor) + v_C - c_S`, and the price that
    gives the seller its fair share :math:`s^*` with these options is

    .. math:: P^*_{package} = floor + \frac{c_S + s^* J'}{V}

    References
    ----------
    .. [1] C. H. Green, "Trust-based negotiation": price every term through the open book.
    .. [2] M. V. Marn and R. L. Rosiello, "Managing Price, Gaining Profit", *Harvard Business
       Review*, 1992: terms such as warranty and payment are part of the pocket price.

    Examples
    --------
    Ten units a period, variable cost 60, evidence-weighted EVE 140, no BATNAs: at 100 per
    unit the seller makes 400 and the customer 400, an even split that keeps retention 0.95.
    A two-year warranty costs the seller 100 and is worth 300 to the customer per period.

    >>> from negotiation_lib.domain.case import (NumericIssue, OptionEconomics, Reference,
    ...                                          Relationship)
    >>> ww = WinWin(issues=(
    ...     NumericIssue(name="price", min=80, max=120, step=10,
    ...                  economics="pocket_price_per_unit"),
    ...     OptionsIssue(name="warranty", options=("1y", "2y"), economics={
    ...         "2y": OptionEconomics(seller_cost_per_period=100,
    ...                               customer_value_per_period=300)})))
    >>> econ = Economics(volume_per_period=10, list_price_per_unit=100,
    ...                  variable_cost_per_unit=60)
    >>> value = Value(reference=Reference(name="r", price_per_unit=140))
    >>> one = package_economics(ww, {"price": 100, "warranty": "1y"}, econ, value,
    ...                         Relationship(repetitions=1))
    >>> one.seller_share, one.retention, one.seller_npv
    (0.5, 0.95, 400.0)
    >>> two = package_economics(ww, {"price": 110, "warranty": "2y"}, econ, value,
    ...                         Relationship(repetitions=1))
    >>> two.seller_profit_per_period, two.customer_net_benefit_per_period, two.seller_share
    (400.0, 600.0, 0.4)
    >>> one.fair_price_per_unit, two.fair_price_per_unit  # 60 + (100 + 0.5·1,000) / 10
    (100.0, 120.0)
    """
    price, issue = _pocket_price(win_win, values, economics)
    cost, worth = option_economics(win_win, values)
    expected = eve_expected_per_unit(value)
    rel = relationship
    profit = seller_profit_per_period(economics, pocket_price_per_unit=price) - cost
    benefit = (
        customer_net_benefit_per_period(economics, expected, pocket_price_per_unit=price) + worth
    )
    seller_gain = profit - rel.seller_batna_per_period
    customer_gain = benefit - rel.customer_batna_per_period
    joint = seller_gain + customer_gain
    share = seller_share(seller_gain, joint)
    floor = zopa(economics, expected, rel).floor_per_unit
    fair = (
        None
        if share is None
        else floor + (cost + economics.fair_share * joint) / economics.volume_per_period
    )
    p = retention_from_share(
        share, economics.fair_share, rel.retention_fair, rel.retention_one_sided
    )
    rates = (rel.discount_rate, rel.growth_rate, rel.repetitions)
    seller = project_value(profit, p, *rates, one_time_cost=economics.seller_one_time_cost)
    customer = project_value(benefit, p, *rates, one_time_cost=economics.customer_one_time_cost)
    return PackageEconomics(
        pocket_price_per_unit=price,
        price_issue=issue,
        seller_cost_per_period=cost,
        customer_value_per_period=worth,
        seller_profit_per_period=profit,
        customer_net_benefit_per_period=benefit,
        seller_gain_per_period=seller_gain,
        customer_gain_per_period=customer_gain,
        joint_gain_per_period=joint,
        seller_share=share,
        fair_price_per_unit=fair,
        retention=p,
        seller_npv=seller.npv,
        customer_npv=customer.npv,
        seller_colr=seller.colr,
        customer_colr=customer.colr,
        seller_colr_net=seller.colr - rel.seller_batr_npv,
        customer_colr_net=customer.colr - rel.customer_batr_npv,
    )
