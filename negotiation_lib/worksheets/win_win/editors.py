"""The issues and packages editors of the win-win worksheet.

The issues table says what the agreement has to settle: a numeric issue has a range (min, max,
step) and may be the price per unit (a check box, one issue at most); an options issue has its
options and, through the open book, what each option costs the seller and is worth to the
customer per period (a small table). The packages table holds the candidate agreements, one
value per issue. What an edit of the issues carries along (renamed weights, scores, package
values and option money, the price mark taken off another issue) is not done here but by the
document's rules (:class:`~negotiation_lib.worksheets.win_win.shapes.IssueRules`), so an issue
renamed from any place follows the same rules.

An issue's name in the table is its display name (the case's ``label``): the issue's id, the
key its weights, scores and package values are stored under, is never shown. Without a label
the box shows a name read from the id (``payment_terms``: "Payment terms"); typing stores a
label, and clearing the box goes back to that name.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument, path_text
from negotiation_lib.domain.case import POCKET_PRICE
from negotiation_lib.vocabulary import issue_label
from negotiation_lib.worksheets.fields import (
    BoundField,
    Column,
    ListEditor,
    choice_field,
    close_tree,
    field_class,
    lines_field,
    number_field,
    text_field,
)
from negotiation_lib.worksheets.page import esc
from negotiation_lib.worksheets.shared_models import relayout, shared_layout, sharing_models
from negotiation_lib.worksheets.win_win.controls import PathMessage, PriceMark, line, unique
from negotiation_lib.worksheets.win_win.shapes import (
    IssueShape,
    default_value,
    issue_shapes,
    options_from,
    range_from,
)

__all__ = ["IssueLabelField", "IssuesEditor", "OptionMoney", "PackagesEditor"]

_MONEY_WIDTHS = ("8em", "8.5em", "8.5em")
"""Widths of the option money table's columns: the option, its cost, its value."""

_MONEY_KEYS = ("seller_cost_per_period", "customer_value_per_period")
"""What an option's money holds (:class:`~negotiation_lib.domain.case.OptionEconomics`)."""


def _units(doc: CaseDocument) -> tuple[str, str]:
    currency, period = doc.get("currency"), doc.get("period")
    return (
        currency if isinstance(currency, str) else "",
        period if isinstance(period, str) and period.strip() else "period",
    )


class OptionMoney:
    """The open-book money of an options issue: per option, its cost and value per period.

    A small table under the issue's options: what choosing each option costs the seller and
    is worth to the customer each period (blank: nothing). The package's NPVs count them.

    Parameters
    ----------
    doc
        The document.
    where
        The issue's path (``["win_win", "issues", 1]``).
    """

    def __init__(self, doc: CaseDocument, where: list[str | int]) -> None:
        self.doc = doc
        self.where = where
        self.options: tuple[str, ...] = ()
        self.w_head = widgets.HTML()
        self.w_head.add_class("nw-ww-money-head")
        self.rows = widgets.VBox()
        self.message = widgets.HTML()
        self.message.add_class("nw-msg")
        self.widget = widgets.VBox([self.w_head, self.rows, self.message])
        self.widget.add_class("nw-ww-money")
        self.widget.add_class(field_class(path_text([*where, "economics"])))
        self.show_units(*_units(doc))
        self.build()

    def _options_now(self) -> tuple[str, ...]:
        item = self.doc.get(self.where)
        options = item.get("options") if isinstance(item, dict) else None
        if not isinstance(options, list):
            return ()
        return tuple(dict.fromkeys(o for o in options if isinstance(o, str) and o))

    def show_units(self, currency: str, period: str) -> None:
        """Write the table's caption in the case's currency and period."""
        unit = f"{currency} per {period}".strip()
        cells = ("Option", "Cost to seller", "Value to customer")
        spans = "".join(
            f"<span style='width:{w}'>{c}</span>" for c, w in zip(cells, _MONEY_WIDTHS, strict=True)
        )
        self.w_head.value = (
            f"<div class='nw-ww-small'>Open book (optional), in {esc(unit)}: what each option "
            "costs the seller and is worth to the customer; blank counts nothing.</div>"
            f"<div class='nw-ww-money-cols'>{spans}</div>"
        )

    @sharing_models()  # rebuilt while the trainee renames options: keep sharing layouts
    def build(self) -> None:
        """One row per option as the options are now."""
        for row in self.rows.children:
            close_tree(row)
        self.options = self._options_now()
        rows = []
        for option in self.options:
            base = [*self.where, "economics", option]
            label = widgets.HTML(
                f"<span class='nw-ww-option'>{esc(option)}</span>",
                layout=shared_layout(width=_MONEY_WIDTHS[0], min_width=_MONEY_WIDTHS[0]),
            )
            cost = number_field(
                self.doc, [*base, "seller_cost_per_period"], optional=True, width=_MONEY_WIDTHS[1]
            )
            value = number_field(
                self.doc,
                [*base, "customer_value_per_period"],
                optional=True,
                width=_MONEY_WIDTHS[2],
            )
            row = widgets.HBox([label, cost, value])
            row.add_class("nw-ww-money-row")
            rows.append(row)
        self.rows.children = rows
        self.update()

    def update(self) -> None:
        """Follow renamed options, and say what no input of the table shows."""
        if self._options_now() != self.options:
            self.build()
            return
        base = path_text([*self.where, "economics"])
        fields = {f"{base}.{o}.{k}" for o in self.options for k in _MONEY_KEYS}
        other = [p for p in self.doc.problems_under(base) if p.path not in fields]
        self.message.value = "".join(f"<div role='alert'>{esc(p.message)}</div>" for p in other)


class IssueLabelField(BoundField):
    """An issue's name as users read it, bound to its ``label``.

    Shows the label, or the name read from the issue's id when it has none; stores what is
    typed as the label, and an empty box as no label (the id's name then shows again).

    Parameters
    ----------
    doc
        The document.
    where
        The issue's path (``["win_win", "issues", 1]``).
    """

    def __init__(self, doc: CaseDocument, where: list[str | int]) -> None:
        self.where = where
        control = widgets.Text(value="", continuous_update=True, layout=shared_layout(width="100%"))
        super().__init__(doc, [*where, "label"], control, "")
        self.refresh()

    def _name(self) -> str:
        item = self.doc.get(self.where)
        name = item.get("name") if isinstance(item, dict) else None
        return name if isinstance(name, str) else ""

    def to_document(self, raw: Any) -> Any:
        """The label typed, or None (no label) when the box is empty."""
        text = str(raw).strip()
        return text or None

    def to_control(self, value: Any) -> Any:
        """The label, else the name read from the id."""
        return issue_label(self._name(), value if isinstance(value, str) else None)


class IssuesEditor(ListEditor):
    """The issues table: a numeric row shows min, max and step; an options row its options.

    A numeric row also carries the check box "this issue is the price per unit"; an options
    row, what each option costs the seller and is worth to the customer
    (:class:`OptionMoney`). Under the table, the note on where the price mark went and any
    problem of the older ``price_issue`` field.
    """

    def __init__(self, doc: CaseDocument) -> None:
        self._kinds: list[Any] = []
        self._memory: dict[tuple[str, str], dict[str, Any]] = {}
        self._messages: list[PathMessage] = []
        self._marks: list[PriceMark] = []
        self._money: list[OptionMoney] = []
        self.w_price_note = widgets.HTML()
        self.w_price_issue = PathMessage(doc, "win_win.price_issue")
        super().__init__(
            doc,
            "win_win.issues",
            [
                Column("name", "Issue", width="14em"),
                Column("kind", "Kind", kind="choice", width="8em"),
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
            mark = PriceMark(self.doc, where, self.say)
            mark.widget.add_class(field_class(f"{row_path}.economics"))
            self._marks.append(mark)
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
                    mark.widget,
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
            money = OptionMoney(self.doc, where)
            self._money.append(money)
            levels = widgets.VBox(
                [options, message.widget, money.widget], layout=shared_layout(width="100%")
            )
        self._messages.append(message)
        remove = widgets.Button(
            icon="trash", tooltip="Remove this issue", layout=shared_layout(width="3em")
        )
        remove.add_class("nw-remove")
        remove.on_click(lambda _b, i=index: self.doc.remove(self.steps, i))
        row = widgets.HBox(
            [
                self._cell(self._name_cell(where), "14em"),
                self._cell(kind_box, "8em"),
                self._cell(levels, "26em"),
                remove,
            ]
        )
        row.add_class("nw-row")
        return row

    def _name_cell(self, where: list[str | int]) -> widgets.Widget:
        """The issue's display name, and a line for problems of its id (from a file)."""
        label = IssueLabelField(self.doc, where)
        name = PathMessage(self.doc, [*where, "name"])
        self._messages.append(name)
        return widgets.VBox([label.widget, name.widget], layout=shared_layout(width="100%"))

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
            # Turning an issue back into a number does not make it the price again: the mark
            # may be on another issue by now, and only a tick moves it.
            if new.get("economics") == POCKET_PRICE:
                del new["economics"]
        elif kind == "options":
            new = {"name": name, "kind": "options", "options": options_from(item)}
        else:
            new = {"name": name, "kind": "numeric", **range_from(item)}
        new.pop("label", None)
        if isinstance(item.get("label"), str):  # the name the trainee gave stays
            new["label"] = item["label"]
        self.doc.set(where, new)

    def _kinds_now(self) -> list[Any]:
        return [i.get("kind") if isinstance(i, dict) else None for i in self._items()]

    def say(self, text: str, tone: str = "neutral") -> None:
        """Show a sentence about the price per unit under the table (plain text)."""
        cls = "nw-banner nw-warn" if tone == "warn" else "nw-ww-small"
        self.w_price_note.value = f"<div class='{cls}' role='status'>{esc(text)}</div>"

    def show_units(self, currency: str, period: str) -> None:
        """Write the option money tables' titles in the case's currency and period."""
        for money in self._money:
            money.show_units(currency, period)

    def _rebuild(self) -> None:
        self._kinds = self._kinds_now()
        self._messages = []
        self._marks = []
        self._money = []
        super()._rebuild()

    def _show_message(self) -> None:
        super()._show_message()
        for m in self._messages:
            m.update()
        for mark in self._marks:
            mark.update()
        for money in self._money:
            money.update()
        self.w_price_issue.update()

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
        columns += [Column(s.name, s.title, width="10em") for s in self.shapes]
        super().__init__(doc, "win_win.packages", columns, self._new_package, "Add a package")

    def _new_package(self, index: int) -> dict[str, Any]:
        taken = [str(p.get("name")) for p in self._items() if isinstance(p, dict)]
        values = {s.name: v for s in self.shapes if (v := default_value(s)) is not None}
        return {"name": unique(f"Package {index + 1}", taken), "values": values}

    def _row(self, index: int) -> widgets.Widget:
        where = [*self.steps, index]
        cells = [
            self._cell(
                text_field(self.doc, [*where, "name"], width="100%", required=True, wrap=True),
                "16em",
            )
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
