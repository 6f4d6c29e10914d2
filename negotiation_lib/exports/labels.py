"""Words and units for the report's figures and the case's inputs, as the exported files show them.

The report's keys (``projection.seller_colr_net``) are the public contract and stay in the
files as keys; a reader sees a label in words (``Seller's net cost of losing the relationship
(COLR − BATR)``) and a unit (``EUR, NPV``) beside each. Labels are built from the key's parts,
so a key added to the report later still reads in words, with the unit guessed from its name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType
from typing import Final

__all__ = ["figure_label", "figure_unit", "input_label", "input_unit", "sensitivity_unit"]

_PARTIES: Final = MappingProxyType({"seller": "Seller", "customer": "Customer"})

_LEAVES: Final = MappingProxyType(
    {
        # value
        "reference_per_unit": "Price of the next-best alternative",
        "positive_differentiation_per_unit": "Positive differentiation",
        "negative_differentiation_per_unit": "Negative differentiation",
        "eve_per_unit": "Full EVE, if every value claim holds (the upside)",
        "eve_expected_per_unit": "EVE weighted by the evidence (what the prices are based on)",
        "strength_score": "Strength of the evidence",
        # economics
        "list_price_per_unit": "List price",
        "invoice_price_per_unit": "Invoice price",
        "pocket_price_per_unit": "Pocket price",
        "value_created_per_period": "Value created",
        "joint_gain_per_period": "Joint gain over both BATNAs",
        "fair_share": "Seller's fair share of the gain over both BATNAs",
        "fair_price_per_unit": "Fair price",
        "floor_per_unit": "Lowest price the seller can accept (floor)",
        "ceiling_per_unit": "Highest price the customer should pay (ceiling)",
        "exists": "There is a zone of possible agreement",
        "price_per_unit": "Price",
        # projection
        "repetitions": "Repetitions projected",
        "retention": "Chance the relationship goes on, per repetition",
        "crossover_repetition": "Repetition from which the fair deal pays the seller more",
        "break_even_loyalty": "Break-even drop in retention, fair deal to one-sided deal",
        "break_even_retention_one_sided": "Break-even retention after a one-sided deal",
        "paths": "Simulated paths",
        "seed": "Random seed",
        "mean": "mean",
        "p10": "bad case (P10)",
        "p50": "middle case (P50)",
        "p90": "good case (P90)",
        "probability_beats_batr": "chance of beating the BATR",
        # trust
        "score": "Trust score",
        "relationship": "Negotiating style: relationship",
        "transparency": "Negotiating style: transparency",
        "long_term": "Negotiating style: long term",
        "overall": "Negotiating style: overall",
        "answered": "Style questions answered",
        "ready_for_win_win": "Ready for win-win",
    }
)
"""Labels of the report's leaf names that belong to no party."""

_PARTY_LEAVES: Final = MappingProxyType(
    {
        "share": "share of the gain over both BATNAs",
        "margin_per_unit": "margin",
        "profit_per_period": "profit",
        "net_benefit_per_period": "net benefit over the next-best alternative",
        "gain_per_period": "gain over its BATNA",
        "npv": "NPV of the relationship",
        "colr": "cost of losing the relationship (COLR)",
        "colr_net": "net cost of losing the relationship (COLR − BATR)",
        "batna_per_period": "best one-off alternative (BATNA)",
        "batna_npv": "BATNA taken every period, as an NPV",
        "batr_npv": "best alternative relationship (BATR)",
        "utility": "score of the package (utility)",
        "view": "view",
    }
)
"""Labels of the leaf names that follow a party (``seller_colr_net`` → ``colr_net``)."""

_CONTEXTS: Final = MappingProxyType(
    {
        "zopa": "Zone of possible agreement",
        "trust": "Fair-price (trust) deal",
        "cpt": "Tough (one-sided) deal",
        "seller_optimal": "At the seller-optimal price",
        "monte_carlo": "Simulation",
        "value_uncertainty": "value uncertainty",
        "length_uncertainty": "relationship-length uncertainty",
        "seller_view": "seller's own view",
        "customer_view": "how the customer sees the seller",
        "style": "",
    }
)
"""Words for the report's groups, said before the figure's own label."""


def _words(name: str) -> str:
    """A name the labels do not know, in words (a key the report gains later)."""
    return name.replace("_", " ")


def _leaf_label(name: str) -> str:
    if name in _LEAVES:
        return _LEAVES[name]
    party, _, rest = name.partition("_")
    if party in _PARTIES and rest:
        return f"{_PARTIES[party]}'s {_PARTY_LEAVES.get(rest, _words(rest))}"
    return _words(name)


def figure_label(key: str) -> str:
    """The report key of a figure in words.

    Parameters
    ----------
    key
        A dotted report key (``projection.monte_carlo.seller.value_uncertainty.p10``).

    Returns
    -------
    str
        The label, without the section (the sheet names it) and without underscores.

    Examples
    --------
    >>> figure_label("projection.seller_colr_net")
    "Seller's net cost of losing the relationship (COLR − BATR)"
    >>> figure_label("projection.monte_carlo.customer.length_uncertainty.p90")
    "Simulation, customer's NPV, relationship-length uncertainty: good case (P90)"
    >>> figure_label("projection.scenarios.cpt.seller_npv")
    "Tough (one-sided) deal: seller's NPV of the relationship"
    """
    parts = key.split(".")[1:]  # the sheet names the section
    if not parts:
        return _words(key)
    leaf = parts[-1]
    groups = [p for p in parts[:-1] if p != "scenarios"]
    if "monte_carlo" in groups and len(groups) >= 2 and groups[1] in _PARTIES:
        party = groups[1]
        view = [_CONTEXTS[g] for g in groups[2:] if g in _CONTEXTS]
        if leaf == "batr_npv":
            return f"Simulation, {party}'s best alternative relationship (BATR)"
        what = f"Simulation, {party}'s NPV, " + ", ".join(view) if view else "Simulation"
        return f"{what}: {_leaf_label(leaf)}"
    if groups and groups[0] == "seller_optimal":
        if leaf == "price_per_unit":
            return "Seller-optimal price (the seller's highest NPV)"
        label = _leaf_label(leaf)
        return f"{_CONTEXTS['seller_optimal']}: {label[0].lower()}{label[1:]}"
    context = ", ".join(_CONTEXTS.get(g, _words(g)) for g in groups if _CONTEXTS.get(g, g))
    label = _leaf_label(leaf)
    if leaf == "score" and context:
        return f"{label}, {context}"
    if context:
        return f"{context[0].upper()}{context[1:]}: {label[0].lower()}{label[1:]}"
    return f"{label[0].upper()}{label[1:]}"


def figure_unit(key: str, currency: str, unit: str, period: str) -> str:
    """The unit of a report figure, in words.

    Examples
    --------
    >>> figure_unit("projection.seller_batna_per_period", "EUR", "pump", "year")
    'EUR per year'
    >>> figure_unit("projection.seller_batna_npv", "EUR", "pump", "year")
    'EUR, NPV'
    >>> figure_unit("projection.break_even_retention_one_sided", "EUR", "pump", "year")
    'share (0–1)'
    """
    name = key.rsplit(".", 1)[-1]
    if name in {"exists", "ready_for_win_win", "answered"} or name.startswith("goalposts"):
        return "yes or no" if name != "answered" else "questions"
    if "share" in name or "retention" in name or "probability" in name or "loyalty" in name:
        return "share (0–1)"
    if name.endswith("_rate"):
        return f"rate per {period} (0–1)"
    if name.endswith("per_unit"):
        return f"{currency} per {unit}"
    if name.endswith("per_period"):
        return f"{currency} per {period}"
    if re.search(r"npv|colr|batr|^mean$|^p\d\d$|cost", name):
        return f"{currency}, NPV" if "cost" not in name else currency
    if name.endswith("_repetition") or name == "repetitions":
        return "repetitions"
    if name == "score" and ".trust." not in f".{key}":
        return "points (0–100)"
    if name == "score":
        return "points, (C + R + I) / S"
    if name in {"strength_score", "relationship", "transparency", "long_term", "overall"}:
        return "points (0–100)"
    if name in {"utility", "win_threshold", "reservation_utility"} or name.endswith("_utility"):
        return "points (0–100)"
    if name == "paths" or name.endswith("_count"):
        return "count"
    if name in {"seed"} or name.endswith("_version"):
        return "number"
    return ""


_INPUTS: Final = MappingProxyType(
    {
        "volume_per_period": "Volume",
        "list_price_per_unit": "List price",
        "variable_cost_per_unit": "Seller's variable cost",
        "fixed_cost_per_period": "Seller's fixed cost",
        "seller_one_time_cost": "Seller's one-time cost to start",
        "customer_cost_per_period": "Customer's own cost of running the offer",
        "customer_one_time_cost": "Customer's one-time cost to switch",
        "fair_share": "Seller's fair share of the gain over both BATNAs",
        "repetitions": "Repetitions to project",
        "discount_rate": "Discount rate",
        "growth_rate": "Growth rate",
        "retention_fair": "Retention after a fair deal, per repetition",
        "retention_one_sided": "Retention after a one-sided deal, per repetition",
        "seller_batna_per_period": "Seller's best one-off alternative (BATNA)",
        "customer_batna_per_period": "Customer's best one-off alternative (BATNA)",
        "seller_batr_npv": "Seller's best alternative relationship (BATR)",
        "customer_batr_npv": "Customer's best alternative relationship (BATR)",
        "cpt_price_per_unit": "Tough price of the one-sided scenario",
    }
)


def input_label(field: str) -> str:
    """A case input of the economics or the relationship in words.

    Examples
    --------
    >>> input_label("retention_one_sided")
    'Retention after a one-sided deal, per repetition'
    """
    return _INPUTS.get(field, _words(field).capitalize())


def input_unit(field: str, currency: str, unit: str, period: str) -> str:
    """The unit of a case input of the economics or the relationship.

    Examples
    --------
    >>> input_unit("volume_per_period", "EUR", "pump", "year")
    'pump per year'
    """
    if field == "volume_per_period":
        return f"{unit} per {period}"
    if field == "repetitions":
        return "repetitions"
    return figure_unit(field, currency, unit, period)


def sensitivity_unit(
    kind: str, path: str, currency: str, unit: str, period: str, discount_kinds: Sequence[str]
) -> str:
    """The unit of a tornado input's base, low and high values.

    Parameters
    ----------
    kind
        The row's input code (``"discount"``, ``"retention_fair"``, ...).
    path
        The row's case path; a discount's index in it picks its kind.
    currency, unit, period
        The case's.
    discount_kinds
        The kinds of the case's discounts, in order (``"percent"``, ``"per_unit"``, ...).

    Examples
    --------
    >>> sensitivity_unit("discount", "economics.discounts[1].amount", "EUR", "pump", "year",
    ...                  ["percent", "per_period"])
    'EUR per year'
    """
    if kind == "discount":
        found = re.search(r"discounts\[(\d+)\]", path)
        index = int(found.group(1)) if found else -1
        code = discount_kinds[index] if 0 <= index < len(discount_kinds) else ""
        return {
            "percent": "% of list",
            "per_unit": f"{currency} per {unit}",
            "per_period": f"{currency} per {period}",
        }.get(code, "")
    if kind == "driver_values":
        return f"{currency} per {unit}"
    field = path.rsplit(".", 1)[-1]
    if field == "price_per_unit":  # the reference's price
        return f"{currency} per {unit}"
    return input_unit(field, currency, unit, period)
