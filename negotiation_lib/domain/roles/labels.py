"""Facts of a role-play case in words: what each one is, with its unit, and its value.

A team chooses which of its private facts to share, and a side's brief lists what it knows;
both read a fact as a label ("Variable cost (EUR per housing)") and a value as the workbook
writes numbers ("19,400"), never as a path or a key. The functions read raw case fragments
(they may be called on a document that still has problems) and fall back to plain words for
anything unexpected.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from negotiation_lib.domain.roles.paths import FactPath, Item
from negotiation_lib.formatting import number, percent
from negotiation_lib.vocabulary import (
    category_label,
    input_caption,
    issue_label,
    principle_label,
    readable,
    section_label,
)

__all__ = ["Terms", "definition_text", "fact_label", "fact_text"]

_TOP: Mapping[str, str] = {
    "title": "Title",
    "seller": "Seller",
    "customer": "Customer",
    "currency": "Currency",
    "unit": "Unit",
    "period": "Period",
    "number_format": "How numbers are typed",
}

_LISTS: Mapping[tuple[str, str], str] = {
    ("strategy", "strengths"): "What we do well",
    ("strategy", "improvements"): "What to improve first",
    ("strategy", "contributions"): "Who contributes what",
    ("value", "framing"): "Framing statement",
    ("win_win", "price_issue"): "The issue that sets the price",
}

_FACTORS: Mapping[str, str] = {
    "credibility": "credibility",
    "reliability": "reliability",
    "intimacy": "intimacy",
    "self_orientation": "self-orientation",
}


@dataclass(frozen=True, slots=True)
class Terms:
    """The words a case's facts are written in: its currency, unit, period and issue names."""

    currency: str = "EUR"
    unit: str = "unit"
    period: str = "year"
    issues: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Mapping[str, Any]) -> Terms:
        """Read the terms off a (merged) case document; missing ones read as the defaults.

        Examples
        --------
        >>> t = Terms.of({"currency": "EUR", "unit": "pump", "win_win": {"issues": [
        ...     {"name": "price_per_pump", "kind": "numeric"}]}})
        >>> t.currency, t.unit, t.period, dict(t.issues)
        ('EUR', 'pump', 'year', {'price_per_pump': 'Price per pump'})
        """
        ww = doc.get("win_win")
        rows = ww.get("issues") if isinstance(ww, Mapping) else None
        issues = {
            str(row["name"]): issue_label(str(row["name"]), row.get("label"))
            for row in (rows if isinstance(rows, list) else [])
            if isinstance(row, Mapping) and isinstance(row.get("name"), str)
        }

        def text(key: str, default: str) -> str:
            value = doc.get(key)
            return value if isinstance(value, str) and value.strip() else default

        return cls(text("currency", "EUR"), text("unit", "unit"), text("period", "year"), issues)

    def issue(self, name: object) -> str:
        """An issue's name as pages show it."""
        return self.issues.get(str(name)) or issue_label(str(name))


def _num(x: object) -> str:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return _plain(x)
    return number(float(x), 2, trim=True)


def _share(x: object) -> str:
    return percent(float(x)) if isinstance(x, int | float) and not isinstance(x, bool) else "–"


def _plain(x: object) -> str:
    """Any value in words: text as it is, numbers as the workbook writes them."""
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int | float):
        return _num(x)
    if isinstance(x, str):
        return x
    if isinstance(x, Sequence) and all(isinstance(i, str | int | float) for i in x):
        items = [_plain(i) for i in x]
        # Sentences stand on their own; short items read as a list.
        return " ".join(items) if all(i.endswith(".") for i in items) else "; ".join(items)
    return json.dumps(x, ensure_ascii=False)


def fact_label(path: FactPath, terms: Terms) -> str:
    """What a fact is, in words, with its unit where it has one.

    Examples
    --------
    >>> t = Terms("EUR", "housing", "year")
    >>> fact_label(("economics", "variable_cost_per_unit"), t)
    'Variable cost (EUR per housing)'
    >>> fact_label(("relationship", "customer_batna_per_period"), t)
    "Customer's BATNA (EUR per year)"
    >>> fact_label(("value", "drivers", Item("Fewer recalls")), t)
    'Value driver “Fewer recalls” (EUR per housing)'
    >>> fact_label(("win_win", "customer"), t)
    "The customer's definition of winning"
    """
    keys = tuple(str(p) for p in path if not isinstance(p, Item))
    last = path[-1]
    if isinstance(last, Item):
        name = last.name
        kind = keys[-1]
        if kind == "drivers":
            return f"Value driver “{name}” ({terms.currency} per {terms.unit})"
        if kind == "issues":
            return f"Issue “{terms.issue(name)}”"
        described = {
            "discounts": "Discount",
            "priorities": "Strategic priority",
            "moves": "Move",
            "packages": "Candidate agreement",
        }
        return f"{described.get(kind, readable(kind))} “{name}”"
    if len(keys) == 1 and keys[0] in _TOP:
        return _TOP[keys[0]]
    if len(keys) == 2 and keys[0] in ("economics", "relationship"):
        return input_caption(keys[1], terms.currency, terms.unit, terms.period)
    if keys == ("value", "reference"):
        return f"Next-best alternative and its price ({terms.currency} per {terms.unit})"
    if keys[:2] in _LISTS:
        return _LISTS[(keys[0], keys[1])]
    if keys in (("trust", "seller_view"), ("trust", "customer_view")):
        return f"{section_label('.'.join(keys))} (each factor 1–10)"
    return section_label(".".join(keys))


def fact_text(path: FactPath, value: Any, terms: Terms) -> str:
    """A fact's value in words.

    Examples
    --------
    >>> t = Terms("EUR", "housing", "year")
    >>> fact_text(("economics", "fixed_cost_per_period"), 420000, t)
    '420,000'
    >>> fact_text(("value", "drivers", Item("Fewer recalls")),
    ...           {"name": "Fewer recalls", "value_per_unit": 2600, "confidence": 0.9}, t)
    '2,600 (confidence 90%)'
    >>> fact_text(("value", "reference"), {"name": "Imports", "price_per_unit": 23800}, t)
    'Imports: 23,800'
    """
    last = path[-1]
    keys = tuple(str(p) for p in path if not isinstance(p, Item))
    if not isinstance(value, Mapping):
        if keys == ("strategy", "contributions") and isinstance(value, list):
            rows = [_contribution(c) for c in value]
            return " ".join(rows) if all(r.endswith(".") for r in rows) else "; ".join(rows)
        if keys == ("win_win", "price_issue"):
            return terms.issue(value)
        return _plain(value)
    if isinstance(last, Item):
        kind = keys[-1]
        writer = {
            "drivers": _driver,
            "discounts": _discount,
            "priorities": _priority,
            "moves": _move,
            "issues": _issue,
            "packages": _package,
        }.get(kind)
        return writer(value, terms) if writer else _plain(dict(value))
    if keys == ("value", "reference"):
        return f"{_plain(value.get('name'))}: {_num(value.get('price_per_unit'))}"
    if keys in (("trust", "seller_view"), ("trust", "customer_view")):
        return ", ".join(f"{_FACTORS[f]} {_num(value.get(f))}" for f in _FACTORS)
    if keys == ("trust", "style_answers"):
        return f"{len(value)} of 12 statements answered (1 to 5)"
    if keys in (("win_win", "seller"), ("win_win", "customer")):
        return definition_text(value, terms)
    return _plain(dict(value))


def _contribution(row: object) -> str:
    if isinstance(row, Mapping):
        action = row.get("action")
        return f"{_plain(row.get('who'))}: {_plain(action)}" if action else _plain(row.get("who"))
    return _plain(row)


def _driver(d: Mapping[str, Any], terms: Terms) -> str:
    parts = [f"confidence {_share(d.get('confidence', 0.5))}"]
    category = d.get("category")
    if isinstance(category, str) and category != "other":
        parts.append(category_label(category))
    evidence = d.get("evidence")
    if isinstance(evidence, str) and evidence.strip():
        parts.append(f"evidence: {evidence.strip()}")
    return f"{_num(d.get('value_per_unit'))} ({'; '.join(parts)})"


def _discount(d: Mapping[str, Any], terms: Terms) -> str:
    amount = _num(d.get("amount"))
    kind = d.get("kind")
    size = {
        "percent": f"{amount}% of list",
        "per_unit": f"{amount} {terms.currency} per {terms.unit}",
        "per_period": f"{amount} {terms.currency} per {terms.period}",
    }.get(str(kind), amount)
    where = "on invoice" if d.get("on_invoice", True) else "off invoice"
    text = f"{size}, {where}; principle: {principle_label(str(d.get('principle', 'none')))}"
    rationale = d.get("rationale")
    return f"{text}. {rationale.strip()}" if isinstance(rationale, str) and rationale else text


def _priority(p: Mapping[str, Any], terms: Terms) -> str:
    served = "this deal serves it" if p.get("supported") else "this deal does not serve it"
    return f"weight {_num(p.get('weight', 1))}; {served}"


def _move(m: Mapping[str, Any], terms: Terms) -> str:
    cur = terms.currency
    return (
        f"the customer cooperates with chance {_share(m.get('cooperation_probability'))}, "
        f"worth {_num(m.get('cooperation_benefit'))} {cur}; a competitor retaliates with chance "
        f"{_share(m.get('retaliation_probability'))}, costing {_num(m.get('retaliation_damage'))} "
        f"{cur}"
    )


def _issue(i: Mapping[str, Any], terms: Terms) -> str:
    if i.get("kind") == "options":
        return "options: " + ", ".join(_plain(o) for o in i.get("options", []))
    text = f"from {_num(i.get('min'))} to {_num(i.get('max'))} in steps of {_num(i.get('step'))}"
    if i.get("economics"):
        text += f"; sets the pocket price ({terms.currency} per {terms.unit})"
    return text


def _package(p: Mapping[str, Any], terms: Terms) -> str:
    values = p.get("values")
    if not isinstance(values, Mapping):
        return "–"
    return "; ".join(f"{terms.issue(k)} {_plain(v)}" for k, v in values.items())


def _scores(s: object) -> str:
    if s == "open_book":
        return "read off the open book"
    if isinstance(s, Mapping):
        return ", ".join(f"{_plain(o)} {_num(v)}" for o, v in s.items())
    if isinstance(s, list):
        points = [p for p in s if isinstance(p, list | tuple) and len(p) == 2]
        return ", ".join(f"{_num(x)} scores {_num(y)}" for x, y in points)
    return _plain(s)


def _must_have(m: object) -> str:
    if not isinstance(m, Mapping):
        return _plain(m)
    allowed = m.get("allowed")
    if isinstance(allowed, list):
        return "one of " + ", ".join(_plain(o) for o in allowed)
    low, high = m.get("min"), m.get("max")
    if low is not None and high is not None:
        return f"between {_num(low)} and {_num(high)}"
    return f"at least {_num(low)}" if low is not None else f"at most {_num(high)}"


def definition_text(d: Mapping[str, Any], terms: Terms) -> str:
    """A definition of winning in words: weights, scores, must-haves, threshold, walk-away.

    Examples
    --------
    >>> t = Terms("EUR", "pump", "year", {"price": "Price", "warranty": "Warranty"})
    >>> print(definition_text({"statement": "We win on price.",
    ...     "weights": {"price": 3, "warranty": 1},
    ...     "scores": {"price": [[300, 0], [320, 100]], "warranty": {"none": 100, "1y": 40}},
    ...     "must_haves": {"price": {"min": 305}}, "win_threshold": 60,
    ...     "reservation_utility": 30}, t))
    We win on price. Weights: Price 75%, Warranty 25%. Scores: Price 300 scores 0, 320 scores
    100; Warranty none 100, 1y 40. Must-haves: Price at least 305. Win threshold 60 points;
    walk-away 30 points.
    """
    parts: list[str] = []
    statement = d.get("statement")
    if isinstance(statement, str) and statement.strip():
        parts.append(statement.strip())
    weights = d.get("weights")
    if isinstance(weights, Mapping) and weights:
        nums = {k: float(v) for k, v in weights.items() if isinstance(v, int | float)}
        total = sum(nums.values()) or 1.0
        parts.append(
            "Weights: "
            + ", ".join(f"{terms.issue(k)} {percent(v / total)}" for k, v in nums.items())
            + "."
        )
    scores = d.get("scores")
    if isinstance(scores, Mapping) and scores:
        parts.append(
            "Scores: "
            + "; ".join(f"{terms.issue(k)} {_scores(v)}" for k, v in scores.items())
            + "."
        )
    musts = d.get("must_haves")
    if isinstance(musts, Mapping) and musts:
        parts.append(
            "Must-haves: "
            + "; ".join(f"{terms.issue(k)} {_must_have(v)}" for k, v in musts.items())
            + "."
        )
    parts.append(
        f"Win threshold {_num(d.get('win_threshold', 60))} points; "
        f"walk-away {_num(d.get('reservation_utility', 0))} points."
    )
    return " ".join(parts)
