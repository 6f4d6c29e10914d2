"""The kernel's CPU per input change, on every worksheet: what one keystroke costs.

Target (issue 14): one input change costs at most 0.1 CPU-seconds in the kernel, on every
worksheet. CPU time of the process (:func:`time.process_time`, every thread of it) is the
measure because it is stable on a shared machine, where wall time depends on who else runs;
wall time is reported beside it.

Everything happens in this one process, as in a kernel, with real widgets and no browser. Each
worksheet of :data:`negotiation_lib.catalog.WORKSHEETS` is built on each sample case the way a
practice notebook builds it (:func:`negotiation_lib.worksheets.app.load_document`, the catalog
entry's page class, widgets sharing their models). Then single input changes are applied
through the path a typed value takes in the kernel: the comm message's new ``value`` handed to
the input control's :meth:`ipywidgets.Widget.set_state`, which echoes it back, sets the trait,
and runs the field's handler, the document's validation and every view that redraws from it.
Every message the widgets send is packed and signed as a kernel packs it for the browser
(:class:`jupyter_client.session.Session`), so that cost is counted too; only the socket write
is not.

The changes are realistic values typed into a few fields per worksheet, found by the document
path they are bound to (:func:`negotiation_lib.worksheets.fields.field_class`): a value nudged
and typed back, as a trainee tries a figure and returns to it (``--quick``: once per field;
the full run: three times, nudged up then down, each time further). A value typed as a whole
is one change (Playwright's ``fill``, one input event); typed key by key it is one change per
key, each costing what is measured here. Before measuring, each page is warmed up (every field
changed once on a worksheet's first case, one field on the others): the first change after a
build pays for first-time work and is given in the note, not counted. The win-win page is
measured twice: as it opens, where the sample cases' sealed definitions are scored and a
changed weight is only a draft, and with its preview ticked, where the drafts are scored.

Only changes that reach the document count (its ``revision`` advances). A retype that changes
nothing, the same value in another spelling (``13000`` then ``13000.0``, ``0.5`` then
``0.50``, as a trainee about to type decimals sends), is reported on its own line. A change
that made the case invalid would leave the results as they were, so it is left out too and
counted in the note; the values are chosen to stay valid, so none is expected.

Not measured: a participant's autosave (practice pages save nothing; a save runs 0.5 s after
the last change) and work a page might defer to the event loop (none does today: every page
redraws inside the change).
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import comm
import comm.base_comm
import ipywidgets as widgets
from ipykernel.jsonutil import json_clean as _untyped_json_clean
from jupyter_client.session import Session

from benchmarks.harness import Figure, figure, percentile
from negotiation_lib.catalog import WORKSHEETS
from negotiation_lib.document import CaseDocument
from negotiation_lib.worksheets.app import load_document, practice_case_names
from negotiation_lib.worksheets.fields import close_tree, field_class
from negotiation_lib.worksheets.shared_models import sharing_models

GROUP = "changes"
TARGET_MS = 100.0
"""The target, 0.1 CPU-s, in CPU-milliseconds (the table shows two decimals)."""

# The controls a field may type into; the labels and messages beside them are HTML widgets.
INPUTS = (
    widgets.Text,
    widgets.Textarea,
    widgets.Dropdown,
    widgets.Checkbox,
    widgets.FloatText,
    widgets.IntText,
    widgets.BoundedFloatText,
    widgets.BoundedIntText,
)


@dataclass(frozen=True)
class Knob:
    """A field to type into: its document path, how far to nudge it, its valid range.

    ``step`` is an absolute nudge; ``None`` means 2% of the value (two significant digits).
    ``label`` names it in the report (the path's last part when empty).
    """

    path: str
    step: float | None = None
    low: float = float("-inf")
    high: float = float("inf")
    label: str = ""

    @property
    def name(self) -> str:
        """What the report calls the field."""
        return self.label or self.path.rsplit(".", 1)[-1]


def _value_proposition(_doc: CaseDocument) -> list[Knob]:
    return [
        Knob("value.drivers[0].value_per_unit", label="driver 1 value"),
        Knob("value.drivers[0].confidence", 0.05, 0, 1, "driver 1 confidence"),
        Knob("value.drivers[1].value_per_unit", label="driver 2 value"),
        Knob("strategy.moves[0].cooperation_probability", 0.05, 0, 1, "move 1 probability"),
        Knob("strategy.priorities[0].weight", None, 0, label="priority 1 weight"),
        Knob("value.reference.price_per_unit", None, 0, label="reference price"),
    ]


def _transparent_economics(_doc: CaseDocument) -> list[Knob]:
    return [
        Knob("economics.volume_per_period", None, 1, label="volume"),
        Knob("economics.list_price_per_unit", None, 0, label="list price"),
        Knob("economics.discounts[0].amount", None, 0, label="discount 1 amount"),
        Knob("economics.variable_cost_per_unit", None, 0, label="variable cost"),
        Knob("relationship.retention_fair", 0.02, 0, 1, "retention if fair"),
        Knob("relationship.discount_rate", 0.01, 0, 1, "discount rate"),
    ]


def _first_key(doc: CaseDocument, path: str, index: int = 0) -> str | None:
    keys = list(doc.get(path) or {})
    return str(keys[min(index, len(keys) - 1)]) if keys else None


def _win_win(doc: CaseDocument) -> list[Knob]:
    knobs = [
        Knob("win_win.seller.win_threshold", 5, 0, 100, "seller threshold"),
        Knob("trust.customer_view.intimacy", 1, 1, 10, "customer's intimacy"),
        Knob("win_win.customer.reservation_utility", 5, 0, 100, "customer reservation"),
        Knob("trust.seller_view.credibility", 1, 1, 10, "our credibility"),
    ]
    # The issues are the case's own (price_per_seat, term_years, ...): read them from it.
    seller = _first_key(doc, "win_win.seller.weights")
    customer = _first_key(doc, "win_win.customer.weights", 1)
    if seller is not None:
        knobs.insert(0, Knob(f"win_win.seller.weights.{seller}", 0.05, 0, label="seller weight"))
    if customer is not None:
        knobs.append(Knob(f"win_win.customer.weights.{customer}", 0.05, 0, label="customer weight"))
    return knobs


PREVIEW = "Preview: score the drafts"
"""The win-win page's check box that scores the drafts instead of the sealed definitions."""


def _preview_drafts(page: widgets.Widget) -> bool:
    """Tick the win-win page's preview check box, found by its description."""
    for w in _walk(page):
        if isinstance(w, widgets.Checkbox) and str(w.description).startswith(PREVIEW):
            w.set_state({"value": True})
            return True
    return False


@dataclass(frozen=True)
class Scenario:
    """A worksheet, the fields changed on it, and what is set up before (unmeasured).

    ``setup`` returns False when the page offers no way to set it up; the report says so.
    """

    worksheet: str
    knobs: Callable[[CaseDocument], list[Knob]]
    variant: str = ""
    setup: Callable[[widgets.Widget], bool] | None = None

    @property
    def title(self) -> str:
        """How the report names it."""
        return f"{self.worksheet} ({self.variant})" if self.variant else self.worksheet


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("value_proposition", _value_proposition),
    Scenario("transparent_economics", _transparent_economics),
    # The sample cases' win-win definitions are sealed: a changed weight or threshold is a
    # draft, compared with the seal but not scored, until the preview is ticked.
    Scenario("win_win", _win_win),
    Scenario("win_win", _win_win, "drafts previewed", _preview_drafts),
)
"""What is measured; a worksheet of the catalog with no scenario here is reported as such."""


# ---------------------------------------------------------------------------- the kernel's comm

json_clean: Callable[[Any], Any] = _untyped_json_clean  # ipykernel's, which has no annotations


@dataclass
class Outbox:
    """What the widgets sent: messages and their bytes once packed and signed."""

    session: Session = field(default_factory=lambda: Session(key=b"benchmark", username="nw"))
    messages: int = 0
    size: int = 0
    # A comm message from the page, the parent of every reply (its header goes out with each).
    parent: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.parent = self.session.msg("comm_msg", {"comm_id": "0" * 32, "data": {}})

    def send(self, msg_type: str, content: dict[str, Any], metadata: dict[str, Any]) -> None:
        """Pack and sign a message as :class:`ipykernel.comm.Comm` does, and count it."""
        msg = self.session.msg(msg_type, content, parent=self.parent, metadata=metadata)
        frames = self.session.serialize(msg, ident=b"comm")
        self.messages += 1
        self.size += sum(len(f) for f in frames)


class _KernelLikeComm(comm.base_comm.BaseComm):
    """A comm that does, per message, the work of ipykernel's: clean, pack and sign it."""

    outbox: Outbox | None = None  # set while :class:`kernel_comms` is open

    def publish_msg(
        self,
        msg_type: str,
        data: comm.base_comm.MaybeDict = None,
        metadata: comm.base_comm.MaybeDict = None,
        buffers: comm.base_comm.BuffersType = None,
        **keys: Any,
    ) -> None:
        content = json_clean(dict(data=data or {}, comm_id=self.comm_id, **keys))
        if self.outbox is not None:
            self.outbox.send(msg_type, content, json_clean(metadata or {}))


@contextmanager
def kernel_comms(outbox: Outbox) -> Iterator[Outbox]:
    """Within the block, every new widget's comm packs its messages into ``outbox``."""
    real = comm.create_comm
    _KernelLikeComm.outbox = outbox
    comm.create_comm = _KernelLikeComm
    try:
        yield outbox
    finally:
        comm.create_comm = real
        _KernelLikeComm.outbox = None


# ---------------------------------------------------------------------------- pages and fields


def _walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()) or ():
        if isinstance(child, widgets.Widget):
            yield from _walk(child)


def find_input(page: widgets.Widget, path: str) -> widgets.ValueWidget | None:
    """The input control of the field bound to ``path``, or None when the page has none.

    A field's box carries the CSS class of its path (``field_class``); its control is the one
    input inside it.
    """
    mark = field_class(path)
    for box in _walk(page):
        if mark in box._dom_classes:
            for inner in _walk(box):
                if isinstance(inner, INPUTS):
                    return inner
    return None


def _number(value: float) -> str:
    """A value as a trainee types it: ``13260``, ``0.95`` (never an exponent)."""
    value = round(value, 6)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _respelled(text: str) -> str:
    """The same number written otherwise, as typing decimals starts: 13000.0, 0.50."""
    return text + "0" if "." in text else text + ".0"


def _nudges(knob: Knob, value: float, size: int, count: int) -> list[float]:
    """``count`` distinct valid values near ``value``, ``size`` steps away, then the value."""
    step = knob.step
    if step is None:
        raw = abs(value) * 0.02 or 1.0
        step = float(f"{raw:.2g}")
    d = step * size
    candidates = [value + d, value - d, value + 2 * d, value - 2 * d]
    valid = [round(c, 6) for c in candidates if knob.low <= c <= knob.high]
    return [*valid[:count], value]


@dataclass
class Change:
    """One measured input change."""

    knob: str
    cpu_ms: float
    wall_ms: float
    kind: str  # "real", "unchanged" (the document did not change) or "invalid"
    messages: int
    size: int


@dataclass
class PageRun:
    """The changes measured on one worksheet, over every sample case."""

    changes: list[Change] = field(default_factory=list)
    first: list[Change] = field(default_factory=list)  # the first change after each build
    skipped: set[str] = field(default_factory=set)
    cases: int = 0


def _type(
    doc: CaseDocument, control: widgets.ValueWidget, text: str, what: str, outbox: Outbox
) -> Change:
    """Hand ``text`` to the control as a comm update from the browser does; time it."""
    value: Any = text if isinstance(control.value, str) else float(text)
    revision, problems = doc.revision, len(doc.problems)
    messages, size = outbox.messages, outbox.size
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    control.set_state({"value": value})
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if doc.revision == revision:
        kind = "unchanged"
    elif len(doc.problems) > problems:
        kind = "invalid"
    else:
        kind = "real"
    return Change(
        what,
        cpu * 1000,
        wall * 1000,
        kind,
        outbox.messages - messages,
        outbox.size - size,
    )


def _page(name: str, case: str) -> tuple[CaseDocument, widgets.Widget]:
    """A worksheet on a sample case, built as a practice notebook builds it."""
    doc, query, error = load_document("", case)
    if error:
        raise LookupError(error)
    entry = next(w for w in WORKSHEETS if w.name == name)
    with sharing_models():
        page = entry.page_class()(doc, query=query).widget
    return doc, page


def _changes_on(
    scenario: Scenario, case: str, quick: bool, warm_all: bool, outbox: Outbox, run: PageRun
) -> None:
    doc, page = _page(scenario.worksheet, case)
    if scenario.setup is not None and not scenario.setup(page):
        run.skipped.add(f"cannot set up {scenario.variant!r}")
    fields: list[tuple[Knob, widgets.ValueWidget, float]] = []
    for knob in scenario.knobs(doc):
        value = doc.get(knob.path)
        control = find_input(page, knob.path)
        if control is None or isinstance(value, bool) or not isinstance(value, int | float):
            run.skipped.add(f"no number field at {knob.path}")
            continue
        fields.append((knob, control, float(value)))
    # Warm up, unmeasured: every field once on the first case of a worksheet (first-time code
    # paths of each figure), one field on the others.
    for knob, control, value in fields if warm_all else fields[:1]:
        for v in _nudges(knob, value, 1, 1):
            change = _type(doc, control, _number(v), knob.name, outbox)
            if len(run.first) == run.cases:
                run.first.append(change)
    # Each change starts after a collection (as harness.time_ms does), so none left over from
    # the change before lands in it; freezing what the page holds keeps that collection to
    # the young objects (a full one costs about 30 ms here, more than most changes).
    gc.collect()
    gc.freeze()
    rounds = (1,) if quick else (1, 2, 3)
    for size in rounds:
        for knob, control, value in fields:
            for v in _nudges(knob, value, size, 1 if quick else 2):
                run.changes.append(_type(doc, control, _number(v), knob.name, outbox))
            again = _respelled(_number(value))
            run.changes.append(_type(doc, control, again, knob.name, outbox))
    gc.unfreeze()
    run.cases += 1
    close_tree(page)


def _figures(name: str, run: PageRun) -> list[Figure]:
    real = [c for c in run.changes if c.kind == "real"]
    unchanged = [c for c in run.changes if c.kind == "unchanged"]
    invalid = [c for c in run.changes if c.kind == "invalid"]
    if not real:
        return [Figure(GROUP, f"{name}: input change", 0, 0, "CPU-ms", "", None, 0, "no change")]
    cpu = [c.cpu_ms for c in real]
    by_field: dict[str, list[float]] = {}
    for c in real:
        by_field.setdefault(c.knob, []).append(c.cpu_ms)
    costliest = sorted(by_field.items(), key=lambda kv: -statistics.median(kv[1]))
    fields = ", ".join(f"{f} {statistics.median(s):.0f}" for f, s in costliest)
    notes = [
        f"{len(real)} changes, {len(by_field)} fields × {run.cases} cases; max {max(cpu):.0f}",
        f"median per field: {fields}",
        f"out per change (median): {statistics.median(c.messages for c in real):.0f} messages, "
        f"{statistics.median(c.size for c in real) / 1000:.1f} kB",
    ]
    if run.first:
        first = max(c.cpu_ms for c in run.first)
        notes.append(f"first change after a build (warm-up, left out): up to {first:.0f}")
    if invalid:
        notes.append(f"{len(invalid)} changes made the case invalid, left out")
    if run.skipped:
        notes.append("; ".join(sorted(run.skipped)))
    p95 = percentile(cpu, 95)
    out = [
        Figure(
            GROUP,
            f"{name}: CPU per input change",
            statistics.median(cpu),
            p95,
            "CPU-ms",
            f"p95 < {TARGET_MS:g} CPU-ms (0.1 CPU-s)",
            p95 < TARGET_MS,
            len(cpu),
            "; ".join(notes),
        ),
        figure(GROUP, f"{name}: wall time per input change", [c.wall_ms for c in real]),
    ]
    if unchanged:
        out.append(
            figure(
                GROUP,
                f"{name}: CPU per retype that changes nothing",
                [c.cpu_ms for c in unchanged],
                unit="CPU-ms",
                note="the same value in another spelling (13000.0, 0.50); "
                "the document is unchanged; left out of the line above",
            )
        )
    return out


def run(quick: bool) -> list[Figure]:
    """Measure the kernel's CPU per input change on every worksheet and sample case."""
    figures: list[Figure] = []
    # The cases a practice page opens (role-play cases open only in a deal room).
    cases: Sequence[str] = practice_case_names()
    with kernel_comms(Outbox()) as outbox:
        for entry in WORKSHEETS:
            scenarios = [s for s in SCENARIOS if s.worksheet == entry.name]
            if not scenarios:
                note = "no changes scripted for this worksheet in benchmarks/bench_changes.py"
                figures.append(
                    Figure(GROUP, f"{entry.name}: input change", 0, 0, "CPU-ms", "", None, 0, note)
                )
            for scenario in scenarios:
                page_run = PageRun()
                for k, case in enumerate(cases):
                    _changes_on(scenario, case, quick, k == 0, outbox, page_run)
                figures += _figures(scenario.title, page_run)
    return figures
