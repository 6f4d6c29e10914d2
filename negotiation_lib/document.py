"""The case being edited: raw JSON, its problems, and the last valid case behind the results.

A worksheet edits the case document field by field. Between keystrokes the document is often
invalid (a negative volume, a confidence of 1.7); the trainee must see a message at that field
while every chart keeps showing the last valid results. :class:`CaseDocument` keeps both:

- :attr:`CaseDocument.data`, the JSON document exactly as edited (what gets saved);
- :attr:`CaseDocument.problems`, every problem of that document, with its JSON path;
- :attr:`CaseDocument.case`, a valid :class:`~negotiation_lib.domain.case.Case` in which each
  section is the newest version of that section that was valid.

Views observe :attr:`CaseDocument.revision` to redraw. A rule that keeps the document
consistent as it is edited (renaming an issue renames its weights and scores) is a
*normalizer* (:meth:`CaseDocument.add_normalizer`): it runs inside each edit, before
validation, so an edit and its consequences are one change and views never write back into
the document from their change handlers. The document imports no widgets, so it
is tested without a browser.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from pydantic import BaseModel, ValidationError
from traitlets import Dict, HasTraits, Instance, Int, List

from negotiation_lib.domain.case import SECTIONS, Case
from negotiation_lib.domain.errors import Problem
from negotiation_lib.domain.validation import validate_case

__all__ = [
    "TOP_FIELDS",
    "CaseDocument",
    "Normalizer",
    "PathLike",
    "blank_case",
    "parse_path",
    "path_text",
    "steps_of",
]

TOP_FIELDS = ("title", "currency", "unit", "period", "seller", "customer", "number_format")
"""Top-level fields of a case, outside any section."""

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

Step = str | int
PathLike = str | Sequence[Step]
"""A dotted path (``"value.drivers[1].confidence"``) or its steps; steps allow any key."""

Normalizer = Callable[[dict[str, Any]], dict[str, Any] | None]
"""A rule applied to every edit: it gets the edited document (a private copy it may change in
place) and returns the document to keep instead, or None when it has nothing to change."""


def steps_of(path: PathLike) -> list[Step]:
    """The steps of a path given either way."""
    return parse_path(path) if isinstance(path, str) else list(path)


def path_text(path: PathLike) -> str:
    """The dotted form of a path, written as validation writes problem paths.

    Examples
    --------
    >>> path_text(["win_win", "issues", 0, "options"])
    'win_win.issues[0].options'
    >>> path_text(["win_win", "seller", "weights", "payment terms"])
    'win_win.seller.weights.payment terms'
    """
    if isinstance(path, str):
        return path
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def parse_path(path: str) -> list[Step]:
    """Split a dotted JSON path into keys and list indices.

    Examples
    --------
    >>> parse_path("value.drivers[1].confidence")
    ['value', 'drivers', 1, 'confidence']
    """
    return [int(i) if i else key for key, i in _STEP.findall(path)]


def _owner(path: str) -> str:
    """The top-level part (section or field) a path belongs to."""
    steps = parse_path(path)
    return str(steps[0]) if steps else ""


def blank_case(seller: str = "Our company", customer: str = "The customer") -> dict[str, Any]:
    """A new case with every section present and nothing worth computing yet filled in.

    Examples
    --------
    >>> sorted(blank_case())[:3]
    ['currency', 'customer', 'economics']
    """
    return {
        "schema_version": 1,
        "title": "New negotiation",
        "currency": "EUR",
        "unit": "unit",
        "period": "year",
        "seller": seller,
        "customer": customer,
        "strategy": {
            "priorities": [],
            "strengths": [],
            "improvements": [],
            "contributions": [],
            "moves": [],
        },
        "value": {
            "reference": {"name": "Next-best alternative", "price_per_unit": 100.0},
            "drivers": [],
            "framing": "",
        },
        "economics": {
            "volume_per_period": 100.0,
            "list_price_per_unit": 100.0,
            "discounts": [],
            "variable_cost_per_unit": 60.0,
            "fixed_cost_per_period": 0.0,
            "seller_one_time_cost": 0.0,
            "customer_cost_per_period": 0.0,
            "customer_one_time_cost": 0.0,
            "fair_share": 0.5,
        },
        "relationship": {
            "repetitions": 100,
            "discount_rate": 0.08,
            "growth_rate": 0.0,
            "retention_fair": 0.95,
            "retention_one_sided": 0.6,
            "seller_batna_per_period": 0.0,
            "customer_batna_per_period": 0.0,
            "seller_batr_npv": 0.0,
            "customer_batr_npv": 0.0,
        },
        "trust": {"style_answers": {}},
        "win_win": {"issues": [], "packages": []},
    }


class CaseDocument(HasTraits):
    """An editable case document with its problems and its last valid case.

    Parameters
    ----------
    data
        A case document (decoded JSON). It is copied, so the caller's dict is never changed,
        unless ``copy=False`` hands it over.

    Examples
    --------
    >>> doc = CaseDocument(blank_case())
    >>> doc.set("economics.volume_per_period", -5)
    >>> doc.problem_at("economics.volume_per_period")
    'Must be above 0 (it is -5).'
    >>> doc.case.economics.volume_per_period  # the last valid value stays in force
    100.0
    >>> doc.set("economics.volume_per_period", 40)
    >>> doc.problems, doc.case.economics.volume_per_period
    ([], 40.0)
    """

    data = Dict()
    problems: List[Problem] = List()
    case = Instance(Case, allow_none=True)
    revision = Int(0)
    """Bumped after every applied change; views redraw on it."""
    reloads = Int(0)
    """Bumped when the whole document is replaced; fields re-read their values on it."""

    def __init__(self, data: dict[str, Any], *, copy: bool = True) -> None:
        super().__init__()
        self._normalizers: list[Normalizer] = []
        if copy:
            self.replace(data)
        else:  # the caller hands the document over (a case just read from the store)
            self.data = data
            self._revalidate()

    # ------------------------------------------------------------------ reading

    def get(self, path: PathLike, default: Any = None) -> Any:
        """The raw value at a path, or ``default`` when any step is missing."""
        node: Any = self.data
        for step in steps_of(path):
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def problem_at(self, path: PathLike) -> str | None:
        """The message of the first problem exactly at ``path``, if any."""
        text = path_text(path)
        for p in self.problems:
            if p.path == text:
                return str(p.message)
        return None

    def problems_under(self, path: PathLike) -> list[Problem]:
        """Problems at ``path`` or anywhere below it."""
        prefix = path_text(path)
        return [
            p
            for p in self.problems
            if p.path == prefix or p.path.startswith((prefix + ".", prefix + "["))
        ]

    # ------------------------------------------------------------------ writing

    def add_normalizer(self, rule: Normalizer) -> None:
        """Apply ``rule`` to every later edit (:meth:`set`, :meth:`append`, :meth:`remove`).

        The rule runs after the edit and before validation, so the edit and whatever the rule
        changes with it are stored, validated and announced (one ``revision``) together. A
        document loaded whole (:meth:`replace`) is taken as it is.

        Examples
        --------
        >>> doc = CaseDocument(blank_case())
        >>> def no_empty_title(data):
        ...     return None if data.get("title") else {**data, "title": "Untitled"}
        >>> doc.add_normalizer(no_empty_title)
        >>> doc.set("title", "")
        >>> doc.get("title"), doc.revision
        ('Untitled', 2)
        """
        self._normalizers.append(rule)

    def remove_normalizer(self, rule: Normalizer) -> None:
        """Stop applying a rule given to :meth:`add_normalizer` (nothing if it was not given)."""
        if rule in self._normalizers:
            self._normalizers.remove(rule)

    def replace(self, data: dict[str, Any]) -> None:
        """Load a whole new document (a case opened, imported or restored)."""
        self.data = copy.deepcopy(data)
        self.case = None
        self._revalidate()
        self.reloads += 1

    def set(self, path: PathLike, value: Any) -> None:
        """Set the value at a path (creating missing objects on the way) and revalidate.

        ``None`` removes the key (an optional field left empty).
        """
        steps = steps_of(path)
        data = copy.deepcopy(self.data)
        node: Any = data
        for step, nxt in pairwise(steps):
            if isinstance(node, dict) and (step not in node or node[step] is None):
                node[step] = [] if isinstance(nxt, int) else {}
            node = node[step]
        last = steps[-1]
        if value is None and isinstance(node, dict):
            node.pop(last, None)
        else:
            node[last] = value
        for rule in self._normalizers:
            fixed = rule(data)
            if fixed is not None:
                data = fixed
        self.data = data
        self._revalidate()

    def append(self, path: PathLike, item: Any) -> int:
        """Append an item to the list at ``path`` (created if missing); return its index."""
        items = list(self.get(path) or [])
        items.append(copy.deepcopy(item))
        self.set(path, items)
        return len(items) - 1

    def remove(self, path: PathLike, index: int) -> None:
        """Remove item ``index`` of the list at ``path``."""
        items = list(self.get(path) or [])
        del items[index]
        self.set(path, items)

    # ------------------------------------------------------------------ validation

    def _revalidate(self) -> None:
        problems = validate_case(self.data)
        broken = {_owner(p.path) for p in problems}
        composed: dict[str, Any] = {"schema_version": 1}
        previous = self.case
        for name in (*TOP_FIELDS, *SECTIONS):
            if name not in broken:
                if name in self.data and self.data[name] is not None:
                    composed[name] = self.data[name]
            elif previous is not None and getattr(previous, name) is not None:
                kept = getattr(previous, name)
                composed[name] = (
                    kept.model_dump(mode="json") if isinstance(kept, BaseModel) else kept
                )
        case: Case | None
        try:
            case = Case.model_validate(composed)
        except ValidationError:
            case = previous
        self.problems = problems
        if case is not None and case != self.case:
            self.case = case
        self.revision += 1
