"""The scenario panel of the transparent-economics page: what-ifs, kept with the case.

An analyst adds a named scenario (a name, an input and its new value), renames it, adds more
changed inputs, edits a value, removes a change or the whole scenario. The scenarios live in
the case document's top-level ``scenarios`` list (:mod:`negotiation_lib.domain.scenario`), so
whatever saves the case (a workshop's autosaver) saves them too, and a practice page keeps them
for the page's life only. Every change is checked before it is stored: a value that is not a
number in the page's format, a name another scenario has, or a value that makes the case
invalid (:func:`negotiation_lib.scenarios.apply_overrides`) is said at its field, in words that
name inputs by their labels, and nothing is stored.

Below the editor: the comparison table and two overlaid charts (:mod:`.scenario_table`,
:mod:`negotiation_lib.figures.scenarios`), redrawn when a scenario's results or names change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.scenario import SCENARIOS, scenario_shape_problems
from negotiation_lib.figures.scenarios import ScenarioResult, scenario_curves, scenario_prices
from negotiation_lib.formatting import escape
from negotiation_lib.numbers import format_number_input
from negotiation_lib.scenarios import apply_overrides
from negotiation_lib.worksheets.fields import close_tree, read_typed_number
from negotiation_lib.worksheets.inputs import inputs_of, reading_format
from negotiation_lib.worksheets.page import FigureSlot
from negotiation_lib.worksheets.shared_models import set_display, shared_layout
from negotiation_lib.worksheets.transparent_economics.model import CurrentAssessment, missing_note
from negotiation_lib.worksheets.transparent_economics.scenario_table import (
    ScenarioResults,
    base_document,
    comparison_html,
    input_options,
    readable,
)

__all__ = ["ScenarioPanel"]

Scenarios = list[dict[str, Any]]
"""The stored scenarios: ``[{"name": ..., "overrides": {path: value}}]``."""

INTRO = (
    "Ask what if: give a scenario a name and change one or more inputs of the economics or "
    "the relationship. The case itself stays as it is; the table compares every headline "
    "figure, and the charts lay the scenarios over each other."
)


def _message(widget: widgets.HTML, text: str | None) -> None:
    widget.value = f"<span role='alert'>{escape(text)}</span>" if text else ""


def _msg_line() -> widgets.HTML:
    line = widgets.HTML(layout=shared_layout(margin="0 0 0 2px"))
    line.add_class("nw-msg")
    return line


def _labelled(label: str, control: widgets.Widget) -> widgets.VBox:
    title = widgets.HTML(escape(label))
    title.add_class("nw-label")
    return widgets.VBox([title, control])


def _sized(figure: go.Figure) -> go.Figure:
    """A figure drawn at the width of its column, as the page's other charts are."""
    figure.layout.autosize = True
    return figure


def _row(*items: widgets.Widget) -> widgets.HBox:
    return widgets.HBox(
        list(items),
        layout=shared_layout(grid_gap="8px", flex_flow="row wrap", align_items="flex-end"),
    )


class ScenarioPanel:
    """The scenario editor, the comparison table and the overlaid charts for one document.

    Parameters
    ----------
    doc
        The case being edited; the scenarios are stored in it.
    shared
        The page's assessment of the current case, read for the table's first row.
    """

    def __init__(self, doc: CaseDocument, shared: CurrentAssessment | None = None) -> None:
        self.doc = doc
        self.shared = shared
        self.results = ScenarioResults()
        self._structure: object = None
        self._generation = 0
        self._case: Case | None = None
        self.w_note = widgets.HTML()
        self.w_list = widgets.VBox()
        self.w_list.add_class("nw-scenario-list")
        self.w_new_name = widgets.Text(
            placeholder="e.g. Lower retention", layout=shared_layout(width="14em")
        )
        self.w_new_name.add_class("nw-scenario-new-name")
        self.w_new_input = widgets.Dropdown(layout=shared_layout(width="24em"))
        self.w_new_input.add_class("nw-scenario-new-input")
        self.w_new_value = widgets.Text(layout=shared_layout(width="9em"))
        self.w_new_value.add_class("nw-number")
        self.w_new_value.add_class("nw-scenario-new-value")
        self.w_add = widgets.Button(description="Add scenario", button_style="primary")
        self.w_add.add_class("nw-scenario-add")
        self.w_add.on_click(self._on_add_scenario)
        self.w_add_message = _msg_line()
        self.w_add_message.add_class("nw-scenario-add-message")
        self.w_table = widgets.HTML()
        self.w_table.add_class("nw-scenario-compare")
        self.curves_chart = FigureSlot(460)
        self.curves_chart.widget.add_class("nw-scenario-curves")
        self.prices_chart = FigureSlot(480)
        self.prices_chart.widget.add_class("nw-scenario-prices")
        self.w_results = widgets.VBox(
            [self.w_table, self.curves_chart.widget, self.prices_chart.widget]
        )
        adder = widgets.VBox(
            [
                _row(
                    _labelled("New scenario's name", self.w_new_name),
                    _labelled("Input to change", self.w_new_input),
                    _labelled("Its value in the scenario", self.w_new_value),
                    self.w_add,
                ),
                self.w_add_message,
            ]
        )
        adder.add_class("nw-scenario-adder")
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<div class='nw-concept'>{escape(INTRO)}</div>"),
                self.w_note,
                self.w_list,
                adder,
                self.w_results,
            ]
        )
        self.widget.add_class("nw-scenarios")
        doc.observe(self._on_revision, "revision")
        doc.observe(self._on_reload, "reloads")
        # Values are written in the page's number format: a new format writes them again.
        inputs_of(doc).observe(self._on_reload, "format_tag")
        self.refresh()

    # ------------------------------------------------------------------ the stored list

    def stored(self) -> Scenarios:
        """The document's scenarios, or none when their shape is not readable."""
        raw = self.doc.get(SCENARIOS)
        if raw is None or scenario_shape_problems(raw):
            return []
        return [{"name": s["name"], "overrides": dict(s.get("overrides") or {})} for s in raw]

    def _save(self, scenarios: Scenarios, line: widgets.HTML) -> bool:
        """Store the scenarios unless their names clash; say why at ``line`` when refused."""
        problems = scenario_shape_problems(scenarios)
        if problems:
            _message(line, problems[0].message)
            return False
        _message(line, None)
        self.doc.set(SCENARIOS, scenarios or None)
        return True

    def _check(self, name: str, overrides: dict[str, Any]) -> str | None:
        """Why the scenario cannot be applied to the case, in words; None when it can."""
        case = self.doc.case
        if case is None:
            return "Fill in the case first: a scenario changes a valid case."
        try:
            apply_overrides(base_document(case), overrides, name)
        except CaseError as err:
            return readable(" ".join(p.message for p in err.problems), case)
        return None

    def _number(self, text: str) -> tuple[int | float | None, str | None]:
        """A typed value read in the page's number format, or why it cannot be read."""
        try:
            value = read_typed_number(self.doc, text)
        except ValueError as err:
            return None, str(err) or "Not a number."
        if value is None:
            return None, "Enter a number here."
        return value, None

    # ------------------------------------------------------------------ edits

    def _on_add_scenario(self, _button: widgets.Button) -> None:
        name = self.w_new_name.value.strip()
        path = self.w_new_input.value
        if not name:
            _message(self.w_add_message, "Give the scenario a name.")
            return
        value, why = self._number(self.w_new_value.value)
        why = why or self._check(name, {path: value})
        if why:
            _message(self.w_add_message, why)
            return
        if self._save(
            [*self.stored(), {"name": name, "overrides": {path: value}}], self.w_add_message
        ):
            self.w_new_name.value = ""
            self.w_new_value.value = ""

    def rename(self, index: int, text: str, line: widgets.HTML) -> None:
        """Rename scenario ``index`` (what its name field calls on each keystroke)."""
        name = text.strip()
        if not name:
            _message(line, "Give the scenario a name.")
            return
        scenarios = self.stored()
        if scenarios[index]["name"] == name:
            _message(line, None)
            return
        scenarios[index]["name"] = name
        self._save(scenarios, line)

    def set_value(self, index: int, path: str, text: str, line: widgets.HTML) -> None:
        """Change one input's value in scenario ``index`` (its value field's keystroke)."""
        value, why = self._number(text)
        scenarios = self.stored()
        overrides = {**scenarios[index]["overrides"], path: value}
        why = why or self._check(scenarios[index]["name"], overrides)
        if why:
            _message(line, why)
            return
        if scenarios[index]["overrides"].get(path) == value:
            _message(line, None)
            return
        scenarios[index]["overrides"] = overrides
        self._save(scenarios, line)

    def add_change(self, index: int, path: str, text: str, line: widgets.HTML) -> None:
        """Add a changed input to scenario ``index``."""
        self.set_value(index, path, text, line)

    def remove_change(self, index: int, path: str) -> None:
        """Remove one changed input from scenario ``index``."""
        scenarios = self.stored()
        scenarios[index]["overrides"].pop(path, None)
        self.doc.set(SCENARIOS, scenarios)

    def remove(self, index: int) -> None:
        """Remove scenario ``index``."""
        scenarios = self.stored()
        del scenarios[index]
        self.doc.set(SCENARIOS, scenarios or None)

    # ------------------------------------------------------------------ drawing

    def _on_revision(self, _change: dict[str, Any]) -> None:
        self.refresh()

    def _on_reload(self, _change: dict[str, Any]) -> None:
        self._structure = None  # a new document: every field is read again
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the editor when scenarios or inputs came or went, and redraw the results."""
        case = self.doc.case
        raw = self.doc.get(SCENARIOS)
        problems = scenario_shape_problems(raw) if raw is not None else []
        _message(
            self.w_note,
            readable(f"The stored scenarios cannot be read: {problems[0].message}", case)
            if problems
            else None,
        )
        scenarios = self.stored()
        head = (case.currency, case.unit, case.period) if case is not None else None
        structure = (
            head,
            reading_format(self.doc).tag,
            tuple(tuple(s["overrides"]) for s in scenarios),
        )
        if structure != self._structure:
            self._structure = structure
            self._rebuild(case, scenarios)
        self._draw(case, scenarios)

    def _rebuild(self, case: Case | None, scenarios: Scenarios) -> None:
        fmt = reading_format(self.doc)
        self.w_new_value.tooltip = f"Numbers are typed as {fmt.tag}: {fmt.description}."
        options = input_options(case)
        self.w_new_input.options = options
        old = self.w_list.children
        self.w_list.children = [
            _ScenarioEditor(self, k, s, options).widget for k, s in enumerate(scenarios)
        ]
        for box in old:
            close_tree(box)

    def _draw(self, case: Case | None, scenarios: Scenarios) -> None:
        note = missing_note(case)
        if case is None or note is not None:
            set_display(self.w_results, False)
            return
        set_display(self.w_results, True)
        if case is not self._case:
            self._case = case
            self._generation += 1
        base = self.shared.of(case) if self.shared is not None else None
        rows = self.results.rows(case, [(s["name"], s["overrides"]) for s in scenarios], base=base)
        self.w_table.value = comparison_html(case, rows)
        shown = [
            ScenarioResult(
                r.name,
                r.assessment.economics if r.assessment is not None else None,
                r.assessment.projection if r.assessment is not None else None,
                base=r.base,
            )
            for r in rows
        ]
        key = (
            self._generation,
            case.seller,
            case.currency,
            case.unit,
            tuple((s["name"], repr(sorted(s["overrides"].items()))) for s in scenarios),
        )
        self.curves_chart.show_for(
            key, lambda: _sized(scenario_curves(shown, seller=case.seller, currency=case.currency))
        )
        self.prices_chart.show_for(
            key,
            lambda: _sized(
                scenario_prices(shown, seller=case.seller, currency=case.currency, unit=case.unit)
            ),
        )


class _ScenarioEditor:
    """The fields of one stored scenario: its name, each changed input, and an add row."""

    def __init__(
        self,
        panel: ScenarioPanel,
        index: int,
        scenario: dict[str, Any],
        options: list[tuple[str, str]],
    ) -> None:
        doc = panel.doc
        fmt = reading_format(doc)
        labels = {path: caption for caption, path in options}
        self.name = widgets.Text(value=scenario["name"], layout=shared_layout(width="16em"))
        self.name.add_class("nw-scenario-name")
        name_line = _msg_line()
        self.name.observe(lambda change: panel.rename(index, change["new"], name_line), "value")
        remove = widgets.Button(description="Remove scenario", tooltip="Remove this scenario")
        remove.add_class("nw-scenario-remove")
        remove.on_click(lambda _b: panel.remove(index))
        parts: list[widgets.Widget] = [
            _row(_labelled(f"Scenario {index + 1}", self.name), remove),
            name_line,
        ]
        for path, value in scenario["overrides"].items():
            label = labels.get(path) or readable(path, doc.case)
            shown = (
                format_number_input(value, fmt)
                if isinstance(value, int | float) and not isinstance(value, bool)
                else str(value)
            )
            field = widgets.Text(
                value=shown,
                layout=shared_layout(width="9em"),
                tooltip=f"Numbers are typed as {fmt.tag}: {fmt.description}.",
            )
            field.add_class("nw-number")
            field.add_class("nw-scenario-value")
            line = _msg_line()
            field.observe(self._typed(panel, index, path, line), "value")
            drop = widgets.Button(
                description="Remove",
                tooltip="Remove this change",
                layout=shared_layout(width="6em"),
            )
            drop.add_class("nw-scenario-remove-change")
            drop.on_click(lambda _b, p=path: panel.remove_change(index, p))
            parts += [_row(_labelled(label, field), drop), line]
        free = [(caption, path) for caption, path in options if path not in scenario["overrides"]]
        if free:
            choose = widgets.Dropdown(options=free, layout=shared_layout(width="24em"))
            choose.add_class("nw-scenario-more-input")
            value_field = widgets.Text(layout=shared_layout(width="9em"))
            value_field.add_class("nw-number")
            value_field.add_class("nw-scenario-more-value")
            add_line = _msg_line()
            add = widgets.Button(description="Add change")
            add.add_class("nw-scenario-more")
            add.on_click(
                lambda _b: panel.add_change(index, choose.value, value_field.value, add_line)
            )
            parts += [
                _row(
                    _labelled("Another input to change", choose),
                    _labelled("Its value", value_field),
                    add,
                ),
                add_line,
            ]
        self.widget = widgets.VBox(parts)
        self.widget.add_class("nw-scenario")
        self.widget.add_class(f"nw-scenario-{index}")

    @staticmethod
    def _typed(
        panel: ScenarioPanel, index: int, path: str, line: widgets.HTML
    ) -> Callable[[dict[str, Any]], None]:
        def typed(change: dict[str, Any]) -> None:
            panel.set_value(index, path, change["new"], line)

        return typed
