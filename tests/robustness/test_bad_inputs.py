"""Bad inputs typed into every worksheet's fields, on a page that autosaves to a real store.

Each input goes in as a trainee would enter it: the text of a text or number box, the text of a
list box, or (where no widget could produce it, such as a choice that is not one of the
options) straight into the document at the field's path, as another tab or an import could.
Whatever the input, one of two things must hold:

- it is **valid**: it is kept exactly as entered, and shown escaped wherever the page shows it;
- or a **message appears at that field**: a sentence for a person, no traceback, no exception
  class, no markup from the input; and every result on the page stays as it was.

And the store: after the autosaver's flush, the newest version is either the one before (the
field refused the text, so nothing changed) or exactly the page's document. A draft with
problems is saved as typed (by design: nothing a trainee types is lost), but it reads back as a
draft with the very same problems, never as a valid case, and the versions before it are never
touched.
"""

from __future__ import annotations

import copy
import html
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import ipywidgets as widgets
import pytest

from negotiation_lib.document import TOP_FIELDS, CaseDocument, parse_path
from negotiation_lib.domain.case import SECTIONS, SealedDefinition
from negotiation_lib.domain.validation import validate_case
from negotiation_lib.exports.case_io import read_case_file
from negotiation_lib.store import Store
from negotiation_lib.worksheets.fields import field_class, read_typed_number
from negotiation_lib.worksheets.page import FigureSlot, esc
from tests.autosaved import (
    SHEETS,
    StoredPage,
    join,
    newest,
    open_stored_page,
    sample_data,
)
from tests.worksheets.helpers import field, html_of, message, tiles, walk

Kind = Literal["number", "text", "lines", "commas", "document"]

VP, TE, WW = "value_proposition", "transparent_economics", "win_win"

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LONG = "x" * 10_000
EMOJI = "Deal 🤝🏽 with 👩‍👩‍👧 family 🇪🇺"
RTL = "\u202eRTL override\u202c שלום עולם مرحبا"
COMBINING = "Z\u0351\u0334a\u0357\u035cl\u0352g\u0310o\u0301\u0302\u0303"
SURROGATE = "half a pair \ud83d here"
CONTROL = "bell\x07 and NUL\x00 and tab\t"


@dataclass(frozen=True)
class Bad:
    """One bad input: where it goes, what is entered, and how."""

    id: str
    sheet: str
    path: str
    raw: Any
    kind: Kind
    also: tuple[str, ...] = ()
    """Paths whose message lines speak for this field too (e.g. an issue's row for its min)."""
    shown: bool = False
    """When valid, the page shows the text in its HTML (the header, a table)."""
    near: tuple[str, ...] = ()
    """CSS classes of boxes whose message lines speak for this field (a party's definition)."""
    secondary: bool = False
    """Problems elsewhere follow from this one (a renamed issue): those need not all be shown;
    the one at the field must."""


def num(
    sheet: str,
    path: str,
    raw: str,
    tag: str,
    *,
    also: tuple[str, ...] = (),
    near: tuple[str, ...] = (),
) -> Bad:
    return Bad(f"{sheet}:{path}={tag}", sheet, path, raw, "number", also, near=near)


def txt(
    sheet: str, path: str, raw: str, tag: str, *, shown: bool = False, secondary: bool = False
) -> Bad:
    return Bad(f"{sheet}:{path}={tag}", sheet, path, raw, "text", shown=shown, secondary=secondary)


def doc_set(sheet: str, path: str, raw: Any, tag: str) -> Bad:
    return Bad(f"{sheet}:{path}={tag}", sheet, path, raw, "document")


ISSUE0 = ("win_win.issues[0]",)


CORPUS: list[Bad] = [
    # ---------------------------------------------------------------- economics (worksheet 2)
    num(TE, "economics.volume_per_period", "NaN", "NaN"),
    num(TE, "economics.volume_per_period", "nan", "nan"),
    num(TE, "economics.volume_per_period", "inf", "inf"),
    num(TE, "economics.volume_per_period", "-inf", "-inf"),
    num(TE, "economics.volume_per_period", "1e309", "1e309"),
    num(TE, "economics.volume_per_period", "-5", "negative"),
    num(TE, "economics.volume_per_period", "0", "zero"),
    num(TE, "economics.volume_per_period", "1e-400", "underflow"),
    num(TE, "economics.volume_per_period", "", "empty"),
    num(TE, "economics.volume_per_period", " \t\u00a0 ", "whitespace"),
    num(TE, "economics.volume_per_period", "0x10", "hex"),
    num(TE, "economics.volume_per_period", "12,5", "decimal-comma"),
    num(TE, "economics.volume_per_period", "forty", "word"),
    num(TE, "economics.volume_per_period", SCRIPT, "script"),
    num(TE, "economics.volume_per_period", "9" * 400, "400-digits"),
    num(TE, "economics.list_price_per_unit", "1e308", "1e308"),
    num(TE, "economics.list_price_per_unit", "-13000", "negative"),
    num(TE, "economics.list_price_per_unit", "1" + "0" * 30, "1e30-as-digits"),
    num(TE, "economics.variable_cost_per_unit", "-1", "negative"),
    num(TE, "economics.variable_cost_per_unit", "1e308", "1e308"),
    num(TE, "economics.fixed_cost_per_period", "-1e308", "-1e308"),
    num(TE, "economics.seller_one_time_cost", "١٢٣", "arabic-digits"),
    num(TE, "economics.customer_cost_per_period", "1_000", "underscore"),
    num(TE, "economics.fair_share", "1.5", "above-one"),
    num(TE, "economics.fair_share", "-0.1", "negative"),
    num(TE, "economics.discounts[0].amount", "-5", "negative"),
    num(
        TE,
        "economics.discounts[0].amount",
        "250",
        "percent-above-100",
        also=("economics.discounts",),
    ),
    num(TE, "economics.discounts[0].seller_saving_per_unit", "", "empty-optional"),
    num(TE, "economics.discounts[0].seller_saving_per_unit", "nan", "nan-optional"),
    txt(TE, "economics.discounts[0].name", "", "empty"),
    txt(TE, "economics.discounts[0].name", LONG, "10k"),
    Bad(
        f"{TE}:economics.discounts[1].name=duplicate-name",
        TE,
        "economics.discounts[1].name",
        "volume",
        "text",
        also=("economics",),
    ),
    txt(TE, "economics.discounts[1].rationale", IMG, "img"),
    doc_set(TE, "economics.discounts[0].kind", "bogus", "choice-not-an-option"),
    doc_set(TE, "economics.discounts[0].principle", 7, "choice-wrong-type"),
    doc_set(TE, "economics.discounts[0].on_invoice", "yes", "check-wrong-type"),
    # ---------------------------------------------------------------- the relationship
    num(TE, "relationship.discount_rate", "-1", "negative"),
    num(TE, "relationship.discount_rate", "1e309", "1e309"),
    num(TE, "relationship.discount_rate", "8%", "percent-sign"),
    num(TE, "relationship.retention_fair", "1.01", "above-one"),
    num(TE, "relationship.retention_one_sided", "-0.5", "negative"),
    num(TE, "relationship.retention_one_sided", "0.99", "above-fair", also=("relationship",)),
    num(TE, "relationship.repetitions", "2.5", "fraction"),
    num(TE, "relationship.repetitions", "1000000000", "billion"),
    num(TE, "relationship.repetitions", "-3", "negative"),
    num(TE, "relationship.repetitions", "0", "zero"),
    num(TE, "relationship.growth_rate", "1e10", "huge"),
    num(TE, "relationship.seller_batna_per_period", "-inf", "-inf"),
    num(TE, "relationship.cpt_price_per_unit", "", "empty-optional"),
    num(TE, "relationship.customer_batr_npv", "1e308", "1e308"),
    doc_set(TE, "relationship.repetitions", "100", "number-as-text"),
    # ---------------------------------------------------------------- value proposition
    txt(VP, "title", "", "empty"),
    txt(VP, "title", "   \t ", "whitespace"),
    txt(VP, "title", LONG, "10k"),
    txt(VP, "title", SCRIPT, "script", shown=True),
    txt(VP, "title", IMG, "img", shown=True),
    txt(VP, "title", EMOJI, "emoji", shown=True),
    txt(VP, "title", RTL, "rtl", shown=True),
    txt(VP, "title", COMBINING, "combining", shown=True),
    txt(VP, "title", SURROGATE, "lone-surrogate"),
    txt(VP, "title", CONTROL, "control-characters"),
    txt(VP, "seller", IMG, "img", shown=True),
    txt(VP, "customer", "'\"&<>", "quotes-and-ampersand", shown=True),
    txt(VP, "currency", "EURO-DOLLAR-YEN", "too-long"),
    txt(VP, "value.reference.name", "", "empty"),
    txt(VP, "value.framing", LONG, "10k"),
    txt(VP, "value.framing", SCRIPT + IMG, "script-and-img"),
    txt(VP, "value.drivers[0].name", SCRIPT, "script"),
    txt(VP, "value.drivers[1].evidence", "   ", "whitespace"),
    txt(VP, "strategy.contributions[0].action", RTL, "rtl"),
    num(VP, "value.reference.price_per_unit", "NaN", "NaN"),
    num(VP, "value.reference.price_per_unit", "0", "zero"),
    num(VP, "value.drivers[0].confidence", "1.7", "above-one"),
    num(VP, "value.drivers[0].confidence", "-0.2", "negative"),
    num(VP, "value.drivers[0].confidence", "inf", "inf"),
    num(VP, "value.drivers[0].value_per_unit", "1e309", "1e309"),
    num(VP, "value.drivers[0].value_per_unit", "-1e308", "-1e308"),
    num(VP, "strategy.priorities[0].weight", "-1", "negative"),
    num(VP, "strategy.priorities[0].weight", "0x10", "hex"),
    num(VP, "strategy.moves[0].cooperation_probability", "12,5", "decimal-comma"),
    num(VP, "strategy.moves[0].retaliation_damage", "1e308", "1e308"),
    Bad(f"{VP}:strategy.strengths=script-lines", VP, "strategy.strengths", SCRIPT, "lines"),
    Bad(f"{VP}:strategy.improvements=10k", VP, "strategy.improvements", LONG, "lines"),
    doc_set(VP, "value.drivers[0].category", "bogus", "choice-not-an-option"),
    doc_set(VP, "strategy.priorities[0].supported", "yes", "check-wrong-type"),
    doc_set(VP, "value.drivers[0].confidence", [0.5], "number-as-list"),
    # ---------------------------------------------------------------- trust (worksheet 3)
    num(WW, "trust.seller_view.credibility", "0", "below-1"),
    num(WW, "trust.seller_view.credibility", "11", "above-10"),
    num(WW, "trust.seller_view.reliability", "nan", "nan"),
    num(WW, "trust.seller_view.intimacy", "", "empty-optional"),
    num(WW, "trust.customer_view.self_orientation", "1e-400", "underflow"),
    num(WW, "trust.customer_view.self_orientation", "-inf", "-inf"),
    doc_set(WW, "trust.style_answers.cpt_open_high", 7, "answer-out-of-range"),
    # ---------------------------------------------------------------- win-win definitions
    num(WW, "win_win.seller.weights.price_per_pump", "-1", "negative"),
    num(WW, "win_win.seller.weights.price_per_pump", "nan", "nan"),
    num(WW, "win_win.customer.weights.warranty", "1e309", "1e309"),
    num(WW, "win_win.seller.win_threshold", "101", "above-100"),
    num(WW, "win_win.seller.win_threshold", "-1", "negative"),
    num(WW, "win_win.customer.reservation_utility", "1e308", "1e308"),
    num(
        WW,
        "win_win.customer.reservation_utility",
        "99",
        "above-threshold",
        near=("nw-ww-party-customer",),
    ),
    num(
        WW,
        "win_win.seller.scores.warranty.1 year",
        "150",
        "score-above-100",
        also=("win_win.seller.scores.warranty",),
    ),
    num(WW, "win_win.seller.must_haves.price_per_pump.min", "1e309", "1e309"),
    num(WW, "win_win.seller.must_haves.price_per_pump.min", "99999", "above-range"),
    # Score points are a table: a value and a score per row, each cell its own input.
    num(WW, "win_win.seller.scores.price_per_pump[0][0]", "abc", "garbage"),
    num(WW, "win_win.seller.scores.price_per_pump[0][0]", "1e309", "inf-point"),
    num(WW, "win_win.customer.scores.price_per_pump[0][1]", "150", "score-150"),
    txt(WW, "win_win.seller.statement", SCRIPT, "script"),
    txt(WW, "win_win.customer.statement", LONG, "10k"),
    # ---------------------------------------------------------------- win-win issues
    num(WW, "win_win.issues[0].min", "1e309", "1e309", also=ISSUE0),
    num(WW, "win_win.issues[0].min", "20000", "min-above-max", also=ISSUE0),
    num(WW, "win_win.issues[0].max", "nan", "nan", also=ISSUE0),
    num(WW, "win_win.issues[0].step", "0", "zero", also=ISSUE0),
    num(WW, "win_win.issues[0].step", "-250", "negative", also=ISSUE0),
    num(WW, "win_win.issues[0].step", "0.0001", "a-million-levels", also=ISSUE0),
    # The page edits an issue's label; its id (name) changes only through a file or a tab.
    doc_set(WW, "win_win.issues[0].name", "", "empty"),
    Bad(
        f"{WW}:win_win.issues[0].name=duplicate-name",
        WW,
        "win_win.issues[0].name",
        "warranty",
        "document",
        also=("win_win.issues",),
        secondary=True,
    ),
    txt(WW, "win_win.issues[3].label", IMG, "img", shown=True),
    txt(WW, "win_win.issues[1].label", LONG, "10k"),
    Bad(f"{WW}:win_win.issues[1].options=empty", WW, "win_win.issues[1].options", " , ,", "commas"),
    Bad(
        f"{WW}:win_win.issues[1].options=duplicates",
        WW,
        "win_win.issues[1].options",
        "1 year, 1 year",
        "commas",
    ),
    Bad(
        f"{WW}:win_win.issues[1].options=script",
        WW,
        "win_win.issues[1].options",
        f"1 year, {SCRIPT}, 3 years",
        "commas",
    ),
    Bad(
        f"{WW}:win_win.issues[1].options=300-chars",
        WW,
        "win_win.issues[1].options",
        f"1 year, 2 years, 3 years, {'y' * 300}",
        "commas",
    ),
    txt(WW, "win_win.packages[0].name", IMG, "img", shown=True),
    txt(WW, "win_win.packages[0].name", "", "empty"),
    num(WW, "win_win.packages[0].values.price_per_pump", "nan", "nan"),
    num(WW, "win_win.packages[0].values.price_per_pump", "-1", "outside-range"),
    num(WW, "win_win.packages[0].values.contract_years", "2.5", "off-step"),
    doc_set(WW, "win_win.packages[0].values.warranty", "5 years", "choice-not-an-option"),
    doc_set(WW, "win_win.price_issue", "no_such_issue", "choice-not-an-option"),
    doc_set(WW, "win_win.seller.weights", "heavy", "object-as-text"),
]

# --------------------------------------------------------------------------- checks

_TAG = re.compile(r"<[^>]+>")
# What a message written for a person never contains: a traceback, an exception class, the
# validation library's machinery.
_MACHINE = re.compile(
    r"Traceback|File \"|\b\w*(Error|Exception|Warning)\b|pydantic|input_value|input_type"
    r"|\bctx\b|\bloc\b|For further information|unable to parse"
)
# Markup that must never come out of what a trainee typed.
_ACTIVE = re.compile(r"<\s*(script|img|iframe|svg|object|embed)\b|<[^>]*\son\w+\s*=", re.I)
# The path a party's "other problems" list puts before each message (win_win.customer: ...).
_PATH_PREFIX = re.compile(r"^(?=[\w.\[\]]*[.\[])[\w.\[\]]+: ")
_NOT_FINITE = re.compile(r"\b(inf|nan|infinity)\b", re.I)


def _text(fragment: str) -> str:
    return html.unescape(_TAG.sub(" ", fragment)).strip()


def _assert_human(message_html: str, where: str) -> None:
    """A message is a short sentence for a person."""
    text = _text(message_html)
    assert text, f"{where}: empty message"
    # The input may be quoted in the message; judge the sentence around it.
    sentence = _PATH_PREFIX.sub("", re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”", "'…'", text))
    assert not _MACHINE.search(sentence), f"{where}: {text!r} is not a sentence for a person"
    assert sentence[0].isupper() or sentence[0] in "'-0123456789", f"{where}: {text!r}"
    assert sentence.rstrip(")").endswith((".", "?", "!")), f"{where}: {text!r}"
    assert len(text) < 400, f"{where}: a message of {len(text)} characters"


def _assert_escaped(page: StoredPage, raw: Any) -> None:
    """No HTML on the page carries the payload (or any active markup) unescaped."""
    for w in walk(page.widget):
        if isinstance(w, widgets.HTML):
            value = str(w.value)
            assert not _ACTIVE.search(value), value[:300]
            if isinstance(raw, str) and re.search(r"[<>&\"']", raw):
                assert raw not in value, value[:300]
    assert not _ACTIVE.search(page.status.message)


def _lines_in(page: StoredPage, css_class: str) -> list[str]:
    """The non-empty message lines in the first box carrying ``css_class``."""
    for w in walk(page.widget):
        if css_class in w._dom_classes:
            return [
                str(x.value)
                for x in walk(w)
                if isinstance(x, widgets.HTML) and "nw-msg" in x._dom_classes and x.value
            ]
    raise LookupError(css_class)


def _slots(page: StoredPage) -> dict[str, FigureSlot]:
    return {k: v for k, v in vars(page.worksheet).items() if isinstance(v, FigureSlot)}


def _expected(bad: Bad, doc: CaseDocument) -> Any:
    """What the document holds after a valid entry of ``bad.raw``."""
    raw = bad.raw
    if bad.kind == "number":  # read in the page's number format
        return read_typed_number(doc, raw)
    if bad.kind == "lines":
        return [line.strip() for line in raw.split("\n") if line.strip()]
    if bad.kind == "commas":
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def _storable(node: Any) -> bool:
    """Whether a document can be written as UTF-8 (no lone surrogate anywhere)."""
    try:
        json.dumps(node, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _finite(node: Any) -> bool:
    if isinstance(node, float):
        return math.isfinite(node)
    if isinstance(node, dict):
        return all(_finite(v) for v in node.values())
    if isinstance(node, list):
        return all(_finite(v) for v in node)
    return True


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One SQLite store for the module; every test joins a participant of its own."""
    path: Path = tmp_path_factory.mktemp("bad-inputs") / "store.sqlite3"
    opened = Store(f"sqlite:///{path}")
    yield opened
    opened.close()


def test_the_corpus_is_large_and_covers_every_worksheet() -> None:
    assert len(CORPUS) >= 50
    assert len({b.id for b in CORPUS}) == len(CORPUS)
    assert {b.sheet for b in CORPUS} == {VP, TE, WW}
    for sheet in (VP, TE, WW):
        kinds = {b.kind for b in CORPUS if b.sheet == sheet}
        assert {"number", "text", "document"} <= kinds, sheet


# --------------------------------------------------------------------------- the corpus


KNOWN_BUGS: dict[str, str] = {}
"""Inputs that still show a bug, by id; each runs as a strict xfail, so a fix is noticed."""

PARAMS = [
    pytest.param(
        b,
        id=b.id,
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[b.id])]
        if b.id in KNOWN_BUGS
        else [],
    )
    for b in CORPUS
]


@pytest.mark.parametrize("bad", PARAMS)
def test_a_bad_input_is_refused_at_its_field_or_kept_and_never_saved_as_valid(
    store: Store, bad: Bad
) -> None:
    pid = join(store, f"Team {CORPUS.index(bad)}")
    page = open_stored_page(store, pid, bad.sheet)
    doc = page.doc
    cls = field_class(bad.path)
    first = store.version(pid, 1)
    before = copy.deepcopy(doc.data)
    case_before = doc.case
    assert doc.problems == [], "the sample case must start valid"
    assert case_before is not None
    tiles_before = tiles(page.widget)
    figures_before = {k: s.figure for k, s in _slots(page).items()}
    assert tiles_before, "the page shows results to protect"
    _assert_escaped(page, None)

    # ---------------------------------------------------------------- enter it
    if bad.kind == "document":
        message(page.widget, cls)  # the field (or its message line) is on the page
        doc.set(bad.path, bad.raw)
    else:
        control = field(page.widget, cls)
        assert isinstance(control, widgets.Text | widgets.Textarea), type(control)
        control.value = bad.raw
        assert control.value == bad.raw, "the box keeps what was typed"

    shown = [message(page.widget, field_class(p)) for p in (bad.path, *bad.also)]
    shown += [line for c in bad.near for line in _lines_in(page, c)]
    shown = [m for m in shown if m]
    page_html = html_of(page.widget)
    _assert_escaped(page, bad.raw)
    for text in shown:
        _assert_human(text, bad.id)
    for problem in doc.problems:
        _assert_human(esc(problem.message), f"{bad.id} ({problem.path})")
        if not bad.secondary:
            # Said somewhere on the page, in words: none is hidden for want of an input.
            assert esc(problem.message) in page_html, f"{problem} is not shown on the page"

    changed = doc.data != before
    if not changed:
        # Refused at the field: the document, and so the store, never saw it.
        outcome = "refused"
        assert shown, f"{bad.id}: refused without a word"
    elif doc.problems:
        outcome = "draft"
        assert shown, f"{bad.id}: {doc.problems} are not shown at the field"
        assert any(p.message in _text(m) for m in shown for p in doc.problems), (
            shown,
            doc.problems,
        )
        assert "problem" in _text(page.worksheet.w_banner.value), "the banner says so"
    else:
        outcome = "valid"
        assert not shown, f"{bad.id}: valid, yet {shown}"
        if bad.kind != "document":
            assert doc.get(bad.path) == _expected(bad, doc), "kept exactly as entered"
        if bad.shown:
            assert esc(bad.raw.strip()) in page_html, "the text is shown, escaped"

    if outcome != "valid":
        # The results on the page are still those of the last valid inputs.
        assert doc.case == case_before
        assert tiles(page.widget) == tiles_before
        for key, slot in _slots(page).items():
            assert slot.figure is figures_before[key], f"{key} was redrawn"

    # ---------------------------------------------------------------- the store
    saved = page.saver.flush()
    history = store.history(pid)
    assert store.version(pid, 1) == first, "an older version changed"
    if outcome == "refused":
        assert saved
        assert [v.version for v in history] == [1]
        assert newest(store, pid) == before
        assert page.status.state == "saved"
        return
    if not _storable(doc.data):
        # Text no database can hold: refused by the store, said at the field and in the
        # status; the page keeps it, nothing is saved, and a retry waits for the correction.
        assert not saved
        assert page.status.state == "error"
        _assert_human(esc(page.status.message), "status")
        assert "Nothing was saved" in page.status.message
        assert [v.version for v in history] == [1]
        assert page.schedule.waiting, "a retry is scheduled"
        field(page.widget, cls).value = "Corrected"
        assert page.schedule.fire() >= 1
        assert page.status.state == "saved"
        assert newest(store, pid) == doc.data
        assert [v.version for v in store.history(pid)] == [1, 2]
        return
    assert saved, f"{bad.id}: not saved: {page.status.message}"
    assert page.status.state == "saved"
    assert page.status.version == 2
    assert [v.version for v in history] == [1, 2]
    stored = newest(store, pid)
    assert stored == doc.data, "the store holds exactly the page's document"
    assert _finite(stored), "JSON has no NaN or infinity"
    # A draft reads back as a draft, with the same problems; never as a valid case.
    assert validate_case(stored) == doc.problems
    reopened = CaseDocument(stored)
    assert reopened.problems == doc.problems
    if outcome == "draft":
        broken = {str(parse_path(p.path)[0]) for p in doc.problems}
        assert broken <= {*TOP_FIELDS, *SECTIONS}, broken
        for part in broken:
            if reopened.case is not None and getattr(reopened.case, part) is not None:
                kept = getattr(reopened.case, part)
                kept = kept.model_dump(mode="json") if hasattr(kept, "model_dump") else kept
                assert kept != stored.get(part), f"the invalid {part} was taken as valid"
    else:
        assert reopened.case is not None
        assert not _NOT_FINITE.search(" ".join(tiles(page.widget).values())), tiles(page.widget)


# --------------------------------------------------------------------------- check boxes


def _checkbox(widget: widgets.Widget, css_class: str) -> widgets.Checkbox:
    for w in walk(widget):
        if css_class in w._dom_classes:
            for inner in walk(w):
                if isinstance(inner, widgets.Checkbox):
                    return inner
    raise LookupError(css_class)


CHECKS: list[Any] = ["no", "false", "off", "0", "yes", "true", "1", 0, 1]


@pytest.mark.parametrize("stored", CHECKS, ids=[f"{type(v).__name__}-{v}" for v in CHECKS])
def test_a_check_box_shows_what_the_results_use(stored: Any) -> None:
    """A hand-edited file may say "no" for false: an upload accepts it (validation reads it as
    false), so the box must show it unticked, not ticked for being a non-empty string."""
    data = sample_data()
    data["economics"]["discounts"][0]["on_invoice"] = stored
    data["strategy"]["priorities"][0]["supported"] = stored
    assert read_case_file(json.dumps(data).encode()) == data  # an upload takes it as it is
    for sheet, path in (
        (TE, "economics.discounts[0].on_invoice"),
        (VP, "strategy.priorities[0].supported"),
    ):
        # Opened with it (a resume link), and loaded into an open page (an upload).
        fresh = CaseDocument(data)
        opened = SHEETS[sheet](fresh)
        loaded_doc = CaseDocument(sample_data())
        loaded = SHEETS[sheet](loaded_doc)
        loaded_doc.replace(data)
        for doc, page in ((fresh, opened), (loaded_doc, loaded)):
            assert doc.problems == []
            assert doc.case is not None
            meant = (
                doc.case.economics.discounts[0].on_invoice
                if doc.case.economics is not None and sheet == TE
                else doc.case.strategy.priorities[0].supported
                if doc.case.strategy is not None
                else None
            )
            assert meant is not None
            assert _checkbox(page.widget, field_class(path)).value is meant, (sheet, stored)


# --------------------------------------------------------------------------- amendment reasons

REASONS = {
    "empty": "",
    "whitespace": "  \t ",
    "10k": LONG,
    "script": SCRIPT,
    "img": IMG,
    "emoji": EMOJI,
    "rtl": RTL,
    "control-characters": CONTROL,
    "lone-surrogate": SURROGATE,
}


@pytest.mark.parametrize("reason", list(REASONS.values()), ids=list(REASONS))
def test_an_amendment_reason_is_refused_in_words_or_sealed_and_shown_escaped(
    store: Store, reason: str
) -> None:
    pid = join(store, f"Reason {list(REASONS.values()).index(reason)}")
    page = open_stored_page(store, pid, WW)
    recorded = store.seals(pid)["seller"]
    assert [r.version for r in recorded] == [1]
    # (PumpCo is in EUR: its numbers are typed 1.234,5)
    field(page.widget, field_class("win_win.seller.weights.price_per_pump")).value = "0,35"
    editor = page.worksheet.editors["seller"]
    editor.w_reason.value = reason
    editor.w_amend.click()

    said = _text(editor.w_seal_msg.value)
    _assert_human(editor.w_seal_msg.value, "amend")
    _assert_escaped(page, reason)
    seals = [SealedDefinition.model_validate(s) for s in page.doc.get("win_win.seals.seller")]
    if len(seals) == 1:
        # Refused: said in words; nothing sealed, nothing recorded; the weight waits its save.
        assert "Amended" not in said
        assert store.seals(pid)["seller"] == recorded
        assert page.status.state == "pending"
        return
    assert said.startswith("Amended"), said
    new = seals[-1]
    assert new.version == 2
    assert new.reason is not None
    assert new.reason == reason.strip()
    history = editor.w_history.value
    assert esc(new.reason[:60]) in history or esc(new.reason)[:60] in history
    if not _storable(page.doc.data):
        pytest.fail(
            "a sealed amendment the store cannot hold: the page says it is sealed, yet it is "
            f"never saved ({page.status.message})"
        )
    # Saved at once, recorded as sealed, the first seal untouched.
    assert page.status.state == "saved", page.status.message
    assert page.schedule.waiting == []
    now = store.seals(pid)["seller"]
    assert now[0] == recorded[0]
    assert [(r.version, r.sha256, r.sealed["reason"]) for r in now[1:]] == [
        (2, new.sha256, new.reason)
    ]
    # The reason column holds U+FFFD for a NUL (PostgreSQL text cannot hold one); the record
    # keeps the reason exactly.
    assert now[1].reason == new.reason.replace("\x00", "\ufffd")
    assert newest(store, pid) == page.doc.data
