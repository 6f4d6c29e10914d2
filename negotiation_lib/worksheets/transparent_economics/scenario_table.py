"""The scenario panel's model: each scenario's results, and the table that compares them.

A scenario is the case with some inputs changed (:mod:`negotiation_lib.scenarios`). Its results
are one :func:`~negotiation_lib.assessment.assess_case` of its case, kept by the scenario's
content (:class:`ScenarioResults`): a keystroke in one scenario recomputes that scenario only,
and a change of the case itself recomputes them all. The table (:func:`comparison_html`) shows
every headline figure the page shows, for the case itself and each scenario, with the change
against the case; its numbers are the report's (:func:`negotiation_lib.report.report_json`).
No widgets here: the panel (:mod:`.scenarios`) draws what this computes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from negotiation_lib.assessment import CaseAssessment, assess_case
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.formatting import (
    UNKNOWN,
    escape,
    money,
    number,
    percent,
    price_decimals,
    signed_money,
)
from negotiation_lib.report import report_json
from negotiation_lib.scenarios import apply_overrides
from negotiation_lib.vocabulary import figure_label, input_caption

__all__ = [
    "BASE_NAME",
    "FIGURES",
    "INPUTS",
    "ScenarioResults",
    "ScenarioRow",
    "base_document",
    "comparison_html",
    "figure_value",
    "input_options",
    "readable",
]

BASE_NAME: Final = "The case as it is"
"""How the table and the charts name the case itself, beside its scenarios."""

INPUTS: Final = (
    "economics.volume_per_period",
    "economics.list_price_per_unit",
    "economics.variable_cost_per_unit",
    "economics.fixed_cost_per_period",
    "economics.seller_one_time_cost",
    "economics.customer_cost_per_period",
    "economics.customer_one_time_cost",
    "economics.fair_share",
    "relationship.repetitions",
    "relationship.discount_rate",
    "relationship.growth_rate",
    "relationship.retention_fair",
    "relationship.retention_one_sided",
    "relationship.cpt_price_per_unit",
    "relationship.seller_batna_per_period",
    "relationship.customer_batna_per_period",
    "relationship.seller_batr_npv",
    "relationship.customer_batr_npv",
)
"""The numeric inputs of the economics and the relationship a scenario may change."""

Kind = Literal["price", "money", "share", "repetition"]

FIGURES: Final[tuple[tuple[str, Kind], ...]] = (
    ("economics.fair_price_per_unit", "price"),
    ("economics.pocket_price_per_unit", "price"),
    ("projection.seller_optimal.price_per_unit", "price"),
    ("economics.seller_share", "share"),
    ("economics.joint_gain_per_period", "money"),
    ("projection.seller_npv", "money"),
    ("projection.customer_npv", "money"),
    ("projection.scenarios.cpt.seller_npv", "money"),
    ("projection.scenarios.cpt.customer_npv", "money"),
    ("projection.seller_colr", "money"),
    ("projection.seller_colr_net", "money"),
    ("projection.customer_colr_net", "money"),
    ("projection.retention", "share"),
    ("projection.break_even_loyalty", "share"),
    ("projection.crossover_repetition", "repetition"),
)
"""The headline figures the table compares (the page's tiles and the design notes' section 5),
by their key in the report, with how each is written."""


def input_options(case: Case | None) -> list[tuple[str, str]]:
    """The inputs a scenario may change, as (caption with its unit, key path) for a chooser."""
    c, u, p = (case.currency, case.unit, case.period) if case is not None else ("", "", "")
    return [(input_caption(path.rsplit(".", 1)[1], c, u, p), path) for path in INPUTS]


def readable(message: str, case: Case | None) -> str:
    """A refusal's sentence with each input's key path replaced by its label.

    Examples
    --------
    >>> readable("In scenario 'A', relationship.retention_fair: Must be at most 1.", None)
    "In scenario 'A', Retention when fair (0–1): Must be at most 1."
    >>> readable("retention_one_sided must not exceed retention_fair.", None)
    'retention when one-sided must not exceed retention when fair.'
    """
    options = sorted(input_options(case), key=lambda o: -len(o[1]))
    for caption, path in options:
        message = message.replace(path, caption)
    # Validation's sentences may name a field alone ("retention_one_sided must not exceed
    # retention_fair"): a name with an underscore is never a plain word.
    for caption, path in options:
        leaf = path.rsplit(".", 1)[1]
        if "_" in leaf:
            message = message.replace(leaf, caption.split(" (")[0].lower())
    return message


def base_document(case: Case) -> dict[str, Any]:
    """The last valid case as a document: what a scenario's overrides are applied to."""
    data: dict[str, Any] = case.model_dump(mode="json")
    return data


def figure_value(report: Mapping[str, Any], key: str) -> Any:
    """The value at a dotted key of a report; None where a part is missing."""
    node: Any = report
    for step in key.split("."):
        if not isinstance(node, Mapping) or step not in node:
            return None
        node = node[step]
    return node


@dataclass(frozen=True, eq=False)
class ScenarioRow:
    """One column of the comparison: the case itself or a scenario.

    Attributes
    ----------
    name
        The scenario's name as typed (:data:`BASE_NAME` for the case itself).
    assessment
        The assessment of its case; None when its overrides cannot be applied.
    report
        The assessment's report, without the uncertainty parts (not compared).
    error
        Why the scenario cannot be applied (labels, not key paths), or None.
    base
        Whether this is the case itself.
    """

    name: str
    assessment: CaseAssessment | None
    report: Mapping[str, Any]
    error: str | None = None
    base: bool = False


_NO_OVERRIDES = json.dumps({})
"""The cache key of the case itself (a scenario that changes nothing)."""


class ScenarioResults:
    """Each scenario's results, computed once per content of the case and the scenario.

    The cache holds the results of the current case only: when the case changes every scenario
    is computed again (each depends on it), otherwise a scenario is computed again only when
    its overrides changed. A renamed scenario keeps its results.
    """

    def __init__(self) -> None:
        self._case: Case | None = None
        self._cache: dict[str, tuple[CaseAssessment | None, Mapping[str, Any], str | None]] = {}
        self._previous: CaseAssessment | None = None
        self.computed = 0
        """How many assessments were run: tests check that typing reuses the others."""

    def rows(
        self,
        case: Case,
        scenarios: Sequence[tuple[str, Mapping[str, Any]]],
        base: CaseAssessment | None = None,
    ) -> list[ScenarioRow]:
        """The case itself, then each (name, overrides) scenario, with their results.

        ``base`` is an assessment of ``case`` already made (the page's own): the first row
        reads it instead of assessing the case again.
        """
        if case is not self._case:
            self._case, self._cache = case, {}
        if base is not None and base.case is case and _NO_OVERRIDES not in self._cache:
            self._cache[_NO_OVERRIDES] = (base, report_json(base, uncertainty=False), None)
            self._previous = base
        base_row = self._get(case, "", {})
        out = [ScenarioRow(BASE_NAME, *base_row, base=True)]
        for name, overrides in scenarios:
            got = self._get(case, name, overrides)
            out.append(ScenarioRow(name, *got))
        return out

    def _get(
        self, case: Case, name: str, overrides: Mapping[str, Any]
    ) -> tuple[CaseAssessment | None, Mapping[str, Any], str | None]:
        key = json.dumps(overrides, sort_keys=True)
        if key in self._cache:
            return self._cache[key]
        try:
            scenario_case = (
                parse_case(apply_overrides(base_document(case), overrides, name))
                if overrides
                else case
            )
        except CaseError as err:
            got: tuple[CaseAssessment | None, Mapping[str, Any], str | None] = (
                None,
                {},
                readable(" ".join(p.message for p in err.problems), case),
            )
        else:
            # The previous assessment shares whatever this scenario shares with it (assessed
            # with its Monte Carlo settings, which an assessment reuses parts under only).
            before = self._previous
            if before is None:
                a = assess_case(scenario_case)
            else:
                a = assess_case(
                    scenario_case, paths=before.paths, seed=before.seed, previous=before
                )
            self._previous = a
            self.computed += 1
            got = (a, report_json(a, uncertainty=False), None)
        self._cache[key] = got
        return got


def _written(value: Any, kind: Kind, case: Case, decimals: int) -> str:
    """A figure with its unit, or the unknown mark."""
    if value is None or isinstance(value, bool):
        return UNKNOWN
    c, u = case.currency, case.unit
    if kind == "price":
        return f"{money(value, c, decimals)} per {u}"
    if kind == "money":
        return money(value, c)
    if kind == "share":
        return percent(value, 1)
    return f"repetition {number(value)}"


def _change(value: Any, base: Any, kind: Kind, case: Case, decimals: int) -> str:
    """The change of a figure against the case itself, with its unit."""
    if value is None or base is None or isinstance(value, bool):
        return ""
    delta = float(value) - float(base)
    c, u = case.currency, case.unit
    if kind == "price":
        return f"{signed_money(delta, c, decimals)} per {u}"
    if kind == "money":
        return signed_money(delta, c)
    if kind == "share":
        points = delta * 100
        sign = "+" if points > 0 else ""
        return f"{sign}{number(points, 1)} percentage points".replace("-", "−")
    sign = "+" if delta > 0 else ""
    noun = "repetition" if abs(delta) == 1 else "repetitions"
    return f"{sign}{number(delta)} {noun}".replace("-", "−")


_TABLE = "border-collapse:collapse; font-size:14px; width:100%; margin:4px 0 10px"
_CELL = (
    "padding:4px 10px; border-bottom:1px solid #E6E9EC; text-align:right; "
    "vertical-align:top; white-space:nowrap"
)
_LABEL = "padding:4px 10px; border-bottom:1px solid #E6E9EC; text-align:left; font-weight:normal"
_CHANGE = "font-size:12px; color:#5F6B76"
_ERROR = "white-space:normal; min-width:14em; text-align:left"


def _error_html(error: str) -> str:
    return f"<div class='nw-msg' role='alert' style='{_ERROR}'>{escape(error)}</div>"


def comparison_html(case: Case, rows: Sequence[ScenarioRow]) -> str:
    """The comparison table: a row per headline figure, a column per scenario (case first).

    Each scenario's cell holds its value and, below it, the change against the case itself;
    a scenario that cannot be applied says why in its column's head. Names are escaped.
    """
    base = rows[0].report if rows else {}
    fair = figure_value(base, "economics.fair_price_per_unit")
    decimals = price_decimals(fair) if isinstance(fair, int | float) else 0
    head = "".join(
        f"<th scope='col' style='{_CELL}'>{escape(r.name)}"
        + (
            f"<div class='nw-msg' role='alert' style='{_ERROR}'>{escape(r.error)}</div>"
            if r.error
            else ""
        )
        + "</th>"
        for r in rows
    )
    body = []
    for key, kind in FIGURES:
        cells = []
        base_value = figure_value(base, key)
        for r in rows:
            value = figure_value(r.report, key)
            shown = escape(_written(value, kind, case, decimals))
            if not r.base and r.error is None:
                change = _change(value, base_value, kind, case, decimals)
                if change and shown == escape(_written(base_value, kind, case, decimals)):
                    change = "no change"
                elif change:
                    change += " against the case"
                if change:
                    shown += f"<div class='nw-change' style='{_CHANGE}'>{escape(change)}</div>"
            cells.append(f"<td style='{_CELL}'>{shown}</td>")
        body.append(
            f"<tr><th scope='row' style='{_LABEL}'>{escape(figure_label(key))}</th>"
            f"{''.join(cells)}</tr>"
        )
    return (
        "<div class='nw-scenario-table' style='overflow-x:auto'>"
        f"<table class='nw-compare' style='{_TABLE}'><thead><tr>"
        f"<th scope='col' style='{_LABEL}'>Figure</th>"
        f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
