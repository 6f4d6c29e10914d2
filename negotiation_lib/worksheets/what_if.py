"""An analyst's what-if on a worksheet: the notebook's ``scenario`` and ``overrides`` parameters.

A worksheet notebook's parameters cell names the case, and may name one of the case's scenarios
(:mod:`negotiation_lib.scenarios`) and overrides by key path
(``{"relationship.retention_one_sided": 0.8}``). papermill sets them, or an analyst in
JupyterLab; a page's URL never does (:func:`negotiation_lib.worksheets.app.open_worksheet`
takes them from the notebook only). The page then opens the case with them applied, says so in
a banner at its top, and saves nothing. Overrides that cannot be applied leave the case as it
is: the banner gives the sentence that says why, and the page opens the case itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.scenario import SCENARIOS, read_scenarios, scenario_shape_problems
from negotiation_lib.formatting import escape, number, percent
from negotiation_lib.scenarios import BASE, apply_overrides, parse_key_path
from negotiation_lib.vocabulary import input_caption

__all__ = ["WhatIf", "what_if"]

WHAT_IF: Final = "what-if"
"""The name the refusals quote for overrides given without a scenario."""

_SHARES: Final = frozenset(
    {
        "retention_fair",
        "retention_one_sided",
        "fair_share",
        "discount_rate",
        "growth_rate",
        "confidence",
    }
)
"""Inputs that are shares (0–1), written as percentages."""


@dataclass(frozen=True)
class WhatIf:
    """The case a what-if page opens, and the banner that says what it is.

    Attributes
    ----------
    document
        The case document to open: the what-if's, or the case itself when it was refused.
    banner
        The banner's HTML (every user text escaped).
    applied
        Whether the what-if was applied (False: the page opens the case itself).
    """

    document: dict[str, Any]
    banner: str
    applied: bool


def _value_at(document: Mapping[str, Any], path: str) -> Any:
    node: Any = document
    for step in parse_key_path(path) or ():
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and 0 <= step < len(node) else None
        else:
            node = node.get(step) if isinstance(node, Mapping) else None
        if node is None:
            return None
    return node


def _shown(leaf: str, value: Any) -> str:
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return (
            percent(value, 1).replace(".0%", "%")
            if leaf in _SHARES
            else number(value, 4, trim=True)
        )
    if isinstance(value, str):
        return f"“{value}”"
    return json.dumps(value, ensure_ascii=False)


def _label(path: str, document: Mapping[str, Any]) -> str:
    """An input by its name and unit in the case's terms (its key path when it has none)."""
    leaf = path.rsplit(".", 1)[-1].split("[", 1)[0]
    if leaf in _SHARES:
        return input_caption(leaf, "", "", "").removesuffix(" (0–1)")
    caption = input_caption(
        leaf,
        str(document.get("currency") or ""),
        str(document.get("unit") or ""),
        str(document.get("period") or ""),
    )
    # A list item's field (a value driver's confidence) reads with the item's name.
    item = _value_at(document, path.rsplit(".", 1)[0]) if "[" in path else None
    if isinstance(item, Mapping) and item.get("name"):
        caption = f"{item['name']}: {caption[0].lower()}{caption[1:]}"
    return caption


def _changes(overrides: Mapping[str, Any], base: Mapping[str, Any]) -> str:
    parts = []
    for path, value in overrides.items():
        leaf = path.rsplit(".", 1)[-1].split("[", 1)[0]
        was = _shown(leaf, _value_at(base, path))
        parts.append(f"{_label(path, base)} {_shown(leaf, value)} (base {was})")
    return "; ".join(parts) or "no input changed"


def _banner(text: str, tone: str) -> str:
    role = "alert" if tone == "bad" else "status"
    return f"<div class='nw-banner nw-{tone} nw-what-if' role='{role}'>{escape(text)}</div>"


def _refused(base: dict[str, Any], why: str) -> WhatIf:
    return WhatIf(
        base,
        _banner(f"{why} The case itself is shown; nothing is saved.", "bad"),
        applied=False,
    )


def _overrides(raw: object) -> Mapping[str, Any] | str:
    """The overrides as a mapping, or the sentence saying why they are not one."""
    if raw is None:
        return {}
    if isinstance(raw, str):  # papermill's -p gives text: JSON, as the README shows
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError:
            return (
                "The overrides are not JSON: write them as "
                '{"relationship.retention_one_sided": 0.8}, a key path and its new value.'
            )
    if not isinstance(raw, Mapping) or not all(isinstance(k, str) for k in raw):
        return (
            "The overrides are not a set of key paths and values: write them as "
            '{"relationship.retention_one_sided": 0.8}.'
        )
    return raw


def what_if(base: dict[str, Any], scenario: str | None, overrides: object) -> WhatIf | None:
    """Apply a notebook's scenario and overrides to a case document.

    Parameters
    ----------
    base
        The case document as the page would open it (never changed).
    scenario
        The name of one of the case's scenarios (``"base"``: the case itself), or None.
    overrides
        New values by key path (a mapping, or its JSON text), applied on top of the scenario's
        own; None or empty for none.

    Returns
    -------
    WhatIf or None
        None when there is no what-if (no scenario, no overrides): the page opens as always.

    Examples
    --------
    >>> base = {"title": "T", "seller": "S", "customer": "C", "currency": "EUR", "unit": "pump",
    ...         "period": "year",
    ...         "economics": {"volume_per_period": 40, "list_price_per_unit": 100}}
    >>> w = what_if(base, None, {"economics.volume_per_period": 80})
    >>> w.applied, w.document["economics"], base["economics"]["volume_per_period"]
    (True, {'volume_per_period': 80, 'list_price_per_unit': 100}, 40)
    >>> "Volume (pump per year) 80 (base 40)" in w.banner
    True
    >>> what_if(base, None, {"economics.volume": 80}).applied
    False
    >>> what_if(base, "", {}) is None
    True
    """
    name = (scenario or "").strip()
    extra = _overrides(overrides)
    if not name and not extra:
        return None
    if isinstance(extra, str):
        return _refused(base, extra)
    own: Mapping[str, Any] = {}
    if name and name != BASE:
        raw = base.get(SCENARIOS)
        found = (
            [s for s in read_scenarios(raw) if s.name == name]
            if not scenario_shape_problems(raw)
            else []
        )
        if not found:
            names = (
                [s.name for s in read_scenarios(raw)] if not scenario_shape_problems(raw) else []
            )
            have = f"its scenarios are: {', '.join(names)}" if names else "it has none"
            return _refused(base, f"This case has no scenario called “{name}”; {have}.")
        own = found[0].overrides
    label = name or WHAT_IF
    merged = {**own, **extra}
    try:
        document = apply_overrides(base, merged, label)
    except CaseError as err:
        return _refused(base, " ".join(p.message for p in err.problems))
    title = f"Scenario “{name}”" if name else "What-if"
    text = (
        f"{title}: {_changes(merged, base)}. An analyst's what-if, opened from the notebook's "
        "parameters: nothing is saved."
    )
    return WhatIf(document, _banner(text, "warn"), applied=True)
