"""The issues and packages editors of the win-win worksheet.

The issues table says what the agreement has to settle: a numeric issue has a range (min, max,
step), an options issue its options. The packages table holds the candidate agreements, one
value per issue. What an edit of the issues carries along (renamed weights, scores and package
values) is not done here but by the document's rules
(:class:`~negotiation_lib.worksheets.win_win.shapes.IssueRules`), so an issue renamed from any
place follows the same rules.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument, path_text
from negotiation_lib.worksheets.fields import (
    Column,
    ListEditor,
    choice_field,
    close_tree,
    field_class,
    lines_field,
    number_field,
    text_field,
)
from negotiation_lib.worksheets.shared_models import relayout, shared_layout
from negotiation_lib.worksheets.win_win.controls import PathMessage, line, unique
from negotiation_lib.worksheets.win_win.shapes import (
    IssueShape,
    default_value,
    issue_shapes,
    options_from,
    range_from,
)

__all__ = ["IssuesEditor", "PackagesEditor"]


class IssuesEditor(ListEditor):
    """The issues table: a numeric row shows min, max and step; an options row its options."""

    def __init__(self, doc: CaseDocument) -> None:
        self._kinds: list[Any] = []
        self._memory: dict[tuple[str, str], dict[str, Any]] = {}
        self._messages: list[PathMessage] = []
        super().__init__(
            doc,
            "win_win.issues",
            [
                Column("name", "Issue", width="14em"),
                Column("kind", "Kind", width="8em"),
                Column(
                    "levels", "Range (min, max, step) or options, comma-separated", width="26em"
                ),
            ],
            self._new_issue,
            "Add an issue",
        )

    def _new_issue(self, index: int) -> dict[str, Any]:
        taken = [s.name for s in issue_shapes(self._items())]
        return {
            "name": unique(f"Issue {index + 1}", taken),
            "kind": "options",
            "options": ["low", "high"],
        }

    def _row(self, index: int) -> widgets.Widget:
        where = [*self.steps, index]
        item = self.doc.get(where)
        kind = item.get("kind") if isinstance(item, dict) else None
        control = widgets.Dropdown(
            options=[("numeric", "numeric"), ("options", "options")],
            value=kind if kind in ("numeric", "options") else None,
            layout=shared_layout(width="100%"),
        )
        control.observe(lambda change, i=index: self._on_kind(i, change["new"]), "value")
        kind_box = widgets.VBox([control])
        # Validation writes "options" after a list index as the union's tag and drops it from
        # paths, so the options field's own path text is the row's; its problems are shown by
        # a message line at the options' path as validation writes it.
        row_path = path_text(where)
        if kind == "numeric":
            message = PathMessage(self.doc, row_path)
            levels: widgets.Widget = widgets.VBox(
                [
                    line(
                        [
                            number_field(self.doc, [*where, "min"], "min", width="6.5em"),
                            number_field(self.doc, [*where, "max"], "max", width="6.5em"),
                            number_field(self.doc, [*where, "step"], "step", width="5.5em"),
                        ]
                    ),
                    message.widget,
                ],
                layout=shared_layout(width="100%"),
            )
        else:
            message = PathMessage(self.doc, f"{row_path}.options")
            options = lines_field(
                self.doc,
                [*where, "options"],
                separator=",",
                placeholder="e.g. none, 6 months, 1 year",
            )
            options.add_class(field_class(f"{row_path}.options"))
            levels = widgets.VBox([options, message.widget], layout=shared_layout(width="100%"))
        self._messages.append(message)
        remove = widgets.Button(
            icon="trash", tooltip="Remove this issue", layout=shared_layout(width="3em")
        )
        remove.add_class("nw-remove")
        remove.on_click(lambda _b, i=index: self.doc.remove(self.steps, i))
        row = widgets.HBox(
            [
                self._cell(
                    text_field(self.doc, [*where, "name"], width="100%", required=True), "14em"
                ),
                self._cell(kind_box, "8em"),
                self._cell(levels, "26em"),
                remove,
            ]
        )
        row.add_class("nw-row")
        return row

    def _on_kind(self, index: int, kind: Any) -> None:
        where = [*self.steps, index]
        item = self.doc.get(where)
        if (
            not isinstance(item, dict)
            or kind not in ("numeric", "options")
            or item.get("kind") == kind
        ):
            return
        name = item.get("name", "")
        self._memory[(str(name), str(item.get("kind")))] = copy.deepcopy(item)
        kept = self._memory.get((str(name), kind))
        if kept is not None:
            new = {**kept, "name": name}
        elif kind == "options":
            new = {"name": name, "kind": "options", "options": options_from(item)}
        else:
            new = {"name": name, "kind": "numeric", **range_from(item)}
        self.doc.set(where, new)

    def _kinds_now(self) -> list[Any]:
        return [i.get("kind") if isinstance(i, dict) else None for i in self._items()]

    def _rebuild(self) -> None:
        self._kinds = self._kinds_now()
        self._messages = []
        super()._rebuild()

    def _show_message(self) -> None:
        super()._show_message()
        for m in self._messages:
            m.update()

    def _on_revision(self, change: dict[str, Any]) -> None:
        if len(self._items()) != self._count or self._kinds_now() != self._kinds:
            self._rebuild()
        else:
            self._show_message()


class PackagesEditor(ListEditor):
    """The candidate agreements: a name and one value per issue."""

    def __init__(self, doc: CaseDocument, shapes: Sequence[IssueShape]) -> None:
        self.shapes = [s for s in shapes if s.name and s.kind]
        columns = [Column("name", "Package", width="16em")]
        # Issue names are often one long word (price_per_pallet): let the headers wrap.
        columns += [
            Column(s.name, s.name.replace("_", "_\u200b"), width="10em") for s in self.shapes
        ]
        super().__init__(doc, "win_win.packages", columns, self._new_package, "Add a package")

    def _new_package(self, index: int) -> dict[str, Any]:
        taken = [str(p.get("name")) for p in self._items() if isinstance(p, dict)]
        values = {s.name: v for s in self.shapes if (v := default_value(s)) is not None}
        return {"name": unique(f"Package {index + 1}", taken), "values": values}

    def _row(self, index: int) -> widgets.Widget:
        where = [*self.steps, index]
        cells = [
            self._cell(text_field(self.doc, [*where, "name"], width="100%", required=True), "16em")
        ]
        for s in self.shapes:
            path = [*where, "values", s.name]
            if s.kind == "numeric":
                w = number_field(self.doc, path, width="100%")
            else:
                w = choice_field(self.doc, path, options=[(o, o) for o in s.options], width="100%")
            relayout(w, width="100%")
            cells.append(self._cell(w, "10em"))
        remove = widgets.Button(
            icon="trash", tooltip="Remove this package", layout=shared_layout(width="3em")
        )
        remove.add_class("nw-remove")
        remove.on_click(lambda _b, i=index: self.doc.remove(self.steps, i))
        row = widgets.HBox([*cells, remove])
        row.add_class("nw-row")
        return row

    def close(self) -> None:
        """Stop listening to the document and close every widget of the table."""
        self.doc.unobserve(self._on_revision, "revision")
        self.doc.unobserve(self._on_reload, "reloads")
        close_tree(self.widget)
