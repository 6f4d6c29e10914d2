"""The workbook's words for its codes and keys: every label a user reads, with its unit.

Pages, charts, the brief, the report and the Excel workbooks all read their labels here, so a
principle, a verdict, a figure or an issue is called the same everywhere and no code
(``cost_to_serve``, ``below_walk_away``), case key (``seller_one_time_cost``) or issue id
(``payment_terms``) ever reaches a user. Plain text: escape it where it meets HTML.

- The case's codes: discount kinds and principles, value-driver categories, flags, verdicts,
  move decisions, the parties and the case's sections (:func:`section_label`).
- Names typed as ids: an issue shows its ``label`` or a name read from its id
  (:func:`issue_label`, :func:`readable`).
- The report's figures and the case's inputs, each in words with its unit
  (:func:`figure_label`, :func:`figure_unit`, :func:`input_label`, :func:`input_unit`,
  :func:`sensitivity_unit`). The report's keys (``projection.seller_colr_net``) are the public
  contract and stay in the files as keys; a reader sees the label in words (``Seller's net cost
  of losing the relationship (COLR − BATR)``) and the unit (``EUR, NPV``) beside it. Labels are
  built from the key's parts, so a key added to the report later still reads in words, with
  the unit guessed from its name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "CATEGORIES",
    "DECISIONS",
    "DISCOUNT_KINDS",
    "FLAG_SHORT",
    "PARTIES",
    "PRACTICE_OPPONENT_NAMES",
    "PRACTICE_STYLE_LABELS",
    "PRINCIPLES",
    "SECTIONS",
    "VERDICTS",
    "VERDICT_TONES",
    "Tone",
    "category_label",
    "decision_label",
    "discount_kind_label",
    "figure_label",
    "figure_unit",
    "input_caption",
    "input_label",
    "input_unit",
    "issue_label",
    "missing_label",
    "party_label",
    "principle_label",
    "readable",
    "section_label",
    "sensitivity_unit",
    "verdict_label",
]

Tone = Literal["neutral", "good", "warn", "bad"]
"""How a page colours a result: neutral, good (green), warn (amber), bad (red)."""

DISCOUNT_KINDS: Final = MappingProxyType(
    {"percent": "% of list", "per_unit": "per unit", "per_period": "per period"}
)
"""A discount's kind (the case's ``kind``) and how it reads."""

PRINCIPLES: Final = MappingProxyType(
    {
        "volume": "volume",
        "commitment": "commitment",
        "prepayment": "prepayment",
        "cost_to_serve": "cost to serve",
        "risk_sharing": "risk sharing",
        "reference_customer": "reference customer",
        "none": "no principle",
    }
)
"""A discount's principle (the case's ``principle``) and how it reads, in the case's order."""

CATEGORIES: Final = MappingProxyType(
    {
        "cost_saving": "cost saving",
        "revenue_gain": "revenue gain",
        "risk_reduction": "risk reduction",
        "time_saving": "time saving",
        "intangible": "intangible",
        "other": "other",
    }
)
"""A value driver's category (the case's ``category``) and how it reads, in the case's order."""

DECISIONS: Final = MappingProxyType({"compete": "compete", "avoid": "avoid"})
"""A strategic move's decision: compete where its expected value is positive, else avoid."""

FLAG_SHORT: Final = MappingProxyType(
    {
        "discount_without_principle": "no principle",
        "discount_exceeds_saving": "exceeds the saving",
    }
)
"""The short note a chart puts beside a discount that raised one of these flags."""

VERDICTS: Final = MappingProxyType(
    {
        "win": "A win",
        "acceptable": "Acceptable, short of a win",
        "below_walk_away": "Worse than walking away",
        "must_have_missed": "Breaks a must-have",
    }
)
"""A justification memo's verdict on a package for one party, as a heading reads it."""

VERDICT_TONES: Final[MappingProxyType[str, Tone]] = MappingProxyType(
    {"win": "good", "acceptable": "warn", "below_walk_away": "bad", "must_have_missed": "bad"}
)
"""The colour each verdict is shown in."""

PARTIES: Final = MappingProxyType({"seller": "Seller", "customer": "Customer"})
"""The two parties' codes and how a heading or a table reads them."""

PRACTICE_STYLE_LABELS: Final = MappingProxyType({"cpt": "CPT", "trust": "trust-based"})
"""A practice opponent's style (DESIGN §7) as a sentence reads it."""

PRACTICE_OPPONENT_NAMES: Final = MappingProxyType(
    {"cpt": "Practice opponent, CPT", "trust": "Practice opponent, trust-based"}
)
"""How a room names the side the workbook plays, by its style."""

SECTIONS: Final = MappingProxyType(
    {
        "strategy": "Strategy (value proposition)",
        "value": "Value to the customer (value proposition)",
        "economics": "Economics (transparent economics)",
        "relationship": "The relationship over time (transparent economics)",
        "trust": "Trust check (win-win definition)",
        "trust.seller_view": "Trust: how the seller sees itself",
        "trust.customer_view": "Trust: how the customer sees the seller",
        "trust.style_answers": "The negotiating-style statements",
        "win_win": "Win-win definition",
        "win_win.issues": "The issues on the table",
        "win_win.seller": "The seller's definition of winning",
        "win_win.customer": "The customer's definition of winning",
        "win_win.packages": "Candidate agreements (packages)",
    }
)
"""The case's sections and their parts, as a list of what is not filled in yet names them."""


def readable(code: str) -> str:
    """A name typed as an id, in words: underscores become spaces, the first letter a capital.

    What a user sees of an issue or a key that has no label of its own: never the id itself.

    Examples
    --------
    >>> readable("payment_terms"), readable("warranty"), readable("Issue 5")
    ('Payment terms', 'Warranty', 'Issue 5')
    """
    words = " ".join(code.replace("_", " ").split())
    return words[:1].upper() + words[1:] if words else code


def issue_label(name: str, label: str | None = None) -> str:
    """How an issue is called on every page: its ``label``, else a name read from its id.

    Parameters
    ----------
    name
        The issue's id (the key of its weights, scores and package values).
    label
        The issue's optional display name.

    Examples
    --------
    >>> issue_label("price_per_pump"), issue_label("price_per_pump", "Price per pump (EUR)")
    ('Price per pump', 'Price per pump (EUR)')
    """
    shown = label.strip() if isinstance(label, str) else ""
    return shown or readable(name)


def section_label(path: str) -> str:
    """A section of the case, or a part of one, in words.

    Examples
    --------
    >>> section_label("win_win.customer"), section_label("relationship")
    ("The customer's definition of winning", 'The relationship over time (transparent economics)')
    """
    return SECTIONS.get(path, readable(path.rsplit(".", 1)[-1]))


def missing_label(entry: str) -> str:
    """An entry of the report's ``missing`` list in words.

    The list holds section paths (``win_win.packages``) and refused computations written as
    ``path: sentence``; a reader gets the section's name, or the sentence alone.

    Examples
    --------
    >>> missing_label("win_win.packages")
    'Candidate agreements (packages)'
    >>> missing_label("win_win: No package is scored yet.")
    'No package is scored yet.'
    """
    path, sep, sentence = entry.partition(": ")
    if sep and sentence and " " not in path:
        return sentence
    return section_label(entry)


def party_label(code: str) -> str:
    """A party's code as a heading reads it.

    Examples
    --------
    >>> party_label("customer")
    'Customer'
    """
    return PARTIES.get(code, readable(code))


def category_label(code: str) -> str:
    """How a value driver's category reads.

    Examples
    --------
    >>> category_label("risk_reduction")
    'risk reduction'
    """
    return CATEGORIES.get(code, code.replace("_", " "))


def decision_label(code: str) -> str:
    """How a strategic move's decision reads.

    Examples
    --------
    >>> decision_label("compete")
    'compete'
    """
    return DECISIONS.get(code, code.replace("_", " "))


def principle_label(code: str) -> str:
    """How a discount principle reads.

    Examples
    --------
    >>> principle_label("cost_to_serve"), principle_label("none")
    ('cost to serve', 'no principle')
    """
    return PRINCIPLES.get(code, code.replace("_", " "))


def discount_kind_label(code: str) -> str:
    """How a discount kind reads.

    Examples
    --------
    >>> discount_kind_label("percent")
    '% of list'
    """
    return DISCOUNT_KINDS.get(code, code.replace("_", " "))


def verdict_label(code: str, *, sentence: bool = False) -> str:
    """How a memo's verdict reads: as a heading (``A win``) or inside a sentence (``a win``).

    Examples
    --------
    >>> verdict_label("below_walk_away"), verdict_label("win", sentence=True)
    ('Worse than walking away', 'a win')
    """
    label = VERDICTS.get(code, code.replace("_", " "))
    return label[0].lower() + label[1:] if sentence else label


# --------------------------------------------------------------------------- report figures

_LEAVES: Final = MappingProxyType(
    {
        # value
        "reference_per_unit": "Price of the next-best alternative",
        "positive_differentiation_per_unit": "Positive differentiation",
        "negative_differentiation_per_unit": "Negative differentiation",
        "eve_per_unit": "Full EVE, if every value claim holds (the upside)",
        "eve_expected_per_unit": "EVE weighted by the evidence (what the prices are based on)",
        "strength_score": "Strength of the evidence",
        # strategy
        "fit": "Strategic fit (share of the priorities' weight this deal serves)",
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
    if party in PARTIES and rest:
        return f"{PARTIES[party]}'s {_PARTY_LEAVES.get(rest, _words(rest))}"
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
    if "monte_carlo" in groups and len(groups) >= 2 and groups[1] in PARTIES:
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
    if name == "fit" or any(w in name for w in ("share", "retention", "probability", "loyalty")):
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


_CAPTIONS: Final = MappingProxyType(
    {
        "volume_per_period": ("Volume", "{unit} per {period}"),
        "list_price_per_unit": ("List price", "{currency} per {unit}"),
        "variable_cost_per_unit": ("Variable cost", "{currency} per {unit}"),
        "fixed_cost_per_period": ("Fixed cost to serve", "{currency} per {period}"),
        "seller_one_time_cost": ("Seller's one-time cost", "{currency}, once"),
        "customer_cost_per_period": ("Customer's own cost", "{currency} per {period}"),
        "customer_one_time_cost": ("Customer's one-time cost", "{currency}, once"),
        "fair_share": ("Seller's fair share", "0–1"),
        "seller_batna_per_period": ("Seller's BATNA", "{currency} per {period}"),
        "customer_batna_per_period": ("Customer's BATNA", "{currency} per {period}"),
        "repetitions": ("Repetitions", "deals"),
        "discount_rate": ("Discount rate", "per {period}, 0.08 = 8%"),
        "growth_rate": ("Growth rate", "per {period}, 0.02 = 2%"),
        "retention_fair": ("Retention when fair", "0–1"),
        "retention_one_sided": ("Retention when one-sided", "0–1"),
        "cpt_price_per_unit": ("Tough (CPT) price", "{currency} per {unit}"),
        "seller_batr_npv": ("Seller's BATR", "{currency}, NPV"),
        "customer_batr_npv": ("Customer's BATR", "{currency}, NPV"),
        "price_per_unit": ("Its price", "{currency} per {unit}"),
    }
)
"""The short caption of each number a page asks for, and its unit (filled from the case)."""


def input_caption(field: str, currency: str, unit: str, period: str) -> str:
    """The caption of a number a page asks for: a short label and its unit in the case's terms.

    Parameters
    ----------
    field
        The input's key in the case (``volume_per_period``; the reference's ``price_per_unit``).
    currency, unit, period
        The case's; a blank one reads as "unit" or "period".

    Examples
    --------
    >>> input_caption("volume_per_period", "EUR", "pump", "year")
    'Volume (pump per year)'
    >>> input_caption("seller_batr_npv", "EUR", "pump", "year")
    "Seller's BATR (EUR, NPV)"
    >>> input_caption("fair_share", "EUR", "", "")
    "Seller's fair share (0–1)"
    """
    label, shape = _CAPTIONS.get(field, (input_label(field), ""))
    if not shape:
        shape = input_unit(field, currency or "", unit or "unit", period or "period")
    shown = shape.format(currency=currency, unit=unit or "unit", period=period or "period")
    return f"{label} ({shown.strip(' ,')})" if shown.strip(" ,") else label


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
