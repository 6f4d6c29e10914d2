"""One party's definition of winning: its editor, its seal, its amendments and history.

Each party weights the issues, scores their options (or points along a numeric range, or, for
the issue that is the price per unit, the open book), sets must-haves, a win threshold and a
walk-away utility, and says in a sentence what winning means.
Sealing fixes that definition with a fingerprint and a date when it is shared; a later change
is an amendment, with a reason and a visible list of what moved ("goalposts moved"). Only a
complete definition can be sealed or amended: until every issue has a weight and scores and the
win threshold and walk-away utility are typed in, the buttons are disabled and the line beside
them says what is missing (:mod:`negotiation_lib.domain.win_win.completeness`, the check the
workshop store applies too).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument, PathLike, path_text
from negotiation_lib.domain.case import (
    OPEN_BOOK,
    Case,
    PartyDefinition,
    SealedDefinition,
    WinWin,
)
from negotiation_lib.domain.economics import Zopa
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.seal import amend, amendments, definition_sha256, diff_definitions, seal
from negotiation_lib.domain.win_win import Party, missing_sentence, read_missing_parts
from negotiation_lib.formatting import money
from negotiation_lib.worksheets.fields import close_tree, lines_field, number_field, text_field
from negotiation_lib.worksheets.page import Tone, card, esc
from negotiation_lib.worksheets.shared_models import set_display, shared_layout
from negotiation_lib.worksheets.win_win.controls import (
    PathMessage,
    ScoreSource,
    line,
    small,
)
from negotiation_lib.worksheets.win_win.scores import OptionScores, PointsTable
from negotiation_lib.worksheets.win_win.shapes import IssueShape
from negotiation_lib.worksheets.win_win.text import when

__all__ = ["DefinitionEditor"]

_FIX_FIRST = "Fix the messages in red first: only a definition without problems can be sealed."


class DefinitionEditor:
    """One party's definition of winning, with its seal, amendments and history."""

    def __init__(self, doc: CaseDocument, party: Party, on_refresh: Callable[[], None]) -> None:
        self.doc = doc
        self.party = party
        self.base: list[str | int] = ["win_win", party]
        self.on_refresh = on_refresh
        self.messages: list[PathMessage] = []
        self.shown: set[str] = set()
        self._open_book_notes: list[widgets.HTML] = []
        self._open_book_text = self._zone_text(None, "", "", "", "")
        self.rows = widgets.VBox()
        self.w_weights_msg = PathMessage(doc, [*self.base, "weights"])
        self.w_other = widgets.HTML()
        self.w_other.add_class("nw-msg")
        self.w_state = widgets.HTML()
        self.w_state.add_class("nw-ww-state")
        self.w_scored = widgets.HTML()
        self.w_seal = widgets.Button(
            description="Seal this definition",
            icon="lock",
            button_style="primary",
            layout=shared_layout(width="auto"),
        )
        self.w_seal.on_click(self._on_seal)
        self.w_reason = widgets.Text(
            placeholder="Why does the definition change? (required)",
            layout=shared_layout(flex="1 1 18em"),
        )
        self.w_amend = widgets.Button(
            description="Amend", icon="pencil", layout=shared_layout(width="auto")
        )
        self.w_amend.on_click(self._on_amend)
        self.w_amend_box = widgets.HBox(
            [self.w_reason, self.w_amend], layout=shared_layout(width="100%")
        )
        self.w_amend_box.add_class("nw-ww-line")
        self.w_seal_msg = widgets.HTML()
        # What keeps the definition from being sealed, beside the seal button.
        self.w_seal_missing = widgets.HTML()
        self.w_seal_missing.add_class("nw-ww-seal-missing")
        self.w_history = widgets.HTML()
        self.w_history.add_class("nw-ww-history")
        statement = text_field(
            doc,
            [*self.base, "statement"],
            "In one or two sentences: we win if …",
            multiline=True,
            width="98%",
        )
        levels = line(
            [
                number_field(
                    doc,
                    [*self.base, "win_threshold"],
                    "Win threshold (0–100)",
                    help_text="The utility from which this party counts an agreement as a win.",
                    width="7em",
                ),
                number_field(
                    doc,
                    [*self.base, "reservation_utility"],
                    "Walk-away utility (0–100)",
                    help_text="Below this utility, this party is better off with no agreement.",
                    width="7em",
                ),
            ]
        )
        self.shown |= {
            path_text([*self.base, k])
            for k in ("statement", "win_threshold", "reservation_utility", "weights")
        }
        seal_box = card(
            "Seal and amend",
            [
                self.w_state,
                self.w_scored,
                line([self.w_seal, self.w_seal_missing]),
                self.w_amend_box,
                self.w_seal_msg,
                self.w_history,
            ],
        )
        self.widget = widgets.VBox(
            [statement, self.rows, self.w_weights_msg.widget, levels, self.w_other, seal_box]
        )
        self.widget.add_class(f"nw-ww-party-{party}")
        self.w_reason.add_class("nw-ww-reason")

    # ----------------------------------------------------------- the per-issue rows

    def rebuild(self, shapes: Sequence[IssueShape]) -> None:
        """Rebuild the per-issue inputs for the issues as they are now (values stay)."""
        for row in self.rows.children:
            close_tree(row)
        self.messages = [self.w_weights_msg]
        self._open_book_notes = []
        keep = {path_text([*self.base, k]) for k in ("statement", "win_threshold")}
        keep |= {path_text([*self.base, k]) for k in ("reservation_utility", "weights")}
        self.shown = keep
        rows = [self._issue(s) for s in shapes if s.name and s.kind]
        if not rows:
            rows = [small("Add issues above; each one gets a weight and scores here.")]
        self.rows.children = rows

    def _mark(self, path: PathLike) -> PathLike:
        self.shown.add(path_text(path))
        return path

    def _message(self, path: PathLike) -> widgets.Widget:
        m = PathMessage(self.doc, self._mark(path))
        self.messages.append(m)
        return m.widget

    def _value_header(self, shape: IssueShape) -> str:
        """The value column's header of a numeric issue: its name, and its unit for the price."""
        if not shape.price:
            return shape.title
        currency, unit = self.doc.get("currency"), self.doc.get("unit")
        if not (isinstance(currency, str) and isinstance(unit, str) and currency and unit):
            return shape.title
        return f"{shape.title} ({currency} per {unit})"

    def _issue(self, shape: IssueShape) -> widgets.Widget:
        d, b, name = self.doc, self.base, shape.name
        weight = number_field(
            d,
            self._mark([*b, "weights", name]),
            "Weight",
            optional=True,
            width="5.5em",
            help_text="How much this issue counts; the weights are scaled to sum to 1.",
        )
        scores_path = [*b, "scores", name]
        must = [*b, "must_haves", name]
        if shape.kind == "numeric":
            table = PointsTable(d, self._mark(scores_path), self._value_header(shape))
            points_box = table.widget
            scores: list[widgets.Widget] = [points_box]
            if shape.price or d.get(scores_path) == OPEN_BOOK:
                # The price may be scored off the open book: a choice beside the points.
                note = widgets.HTML(self._open_book_text)
                note.add_class("nw-ww-open-book")
                self._open_book_notes.append(note)
                source = ScoreSource(d, scores_path, table.points, points_box, note)
                source.refresh()
                scores = [source.widget, points_box, note]
            musts: list[widgets.Widget] = [
                number_field(
                    d, self._mark([*must, "min"]), "Must be at least", optional=True, width="6.5em"
                ),
                number_field(
                    d, self._mark([*must, "max"]), "Must be at most", optional=True, width="6.5em"
                ),
            ]
            extra = [self._message(must)]
            kind_text = "a number: score points joined by straight lines"
        else:
            self._mark(scores_path)
            scores = [OptionScores(d, scores_path, shape.options).widget]
            musts = [
                lines_field(
                    d,
                    self._mark([*must, "allowed"]),
                    "Must-have: only these options (comma-separated; empty: any)",
                    separator=",",
                    placeholder="any option",
                    width="24em",
                )
            ]
            extra = [self._message(scores_path), self._message(must)]
            kind_text = f"one of {len(shape.options)} options"
        title = widgets.HTML(
            f"<div class='nw-ww-issue-title'>{esc(shape.title)} <span>({esc(kind_text)})</span>"
            "</div>"
        )
        box = widgets.VBox(
            [title, line([weight, *scores]), line(musts), *extra],
        )
        box.add_class("nw-ww-issue")
        return box

    def _zone_text(
        self, zopa: Zopa | None, seller: str, customer: str, currency: str, unit: str
    ) -> str:
        party = "seller" if self.party == "seller" else "customer"
        low, high = ("0", "100") if party == "seller" else ("100", "0")
        if zopa is None or not zopa.exists:
            where = "the seller's floor and the customer's ceiling (the zone of possible agreement)"
        else:
            per = f" per {unit}" if unit else ""
            floor = money(zopa.floor_per_unit, currency) + per
            ceiling = money(zopa.ceiling_per_unit, currency) + per
            where = (
                f"{seller or 'the seller'}'s floor of {floor} and {customer or 'the customer'}'s "
                f"ceiling of {ceiling}"
            )
        return (
            "<div class='nw-ww-small'>Scored off the open book: the price's place between "
            f"{esc(where)}, from {low} at the floor to {high} at the ceiling.</div>"
        )

    def show_open_book(
        self, zopa: Zopa | None, seller: str, customer: str, currency: str, unit: str
    ) -> None:
        """Say what an open-book score of the price reads: the floor and ceiling per unit."""
        self._open_book_text = self._zone_text(zopa, seller, customer, currency, unit)
        for note in self._open_book_notes:
            note.value = self._open_book_text

    def update_messages(self) -> None:
        """Show messages at paths without an input, and any problem no input shows."""
        self.update_seal_controls()
        for m in self.messages or [self.w_weights_msg]:
            m.update()
        hidden = [
            p
            for p in self.doc.problems_under(self.base)
            if p.path not in self.shown
            and not p.path.startswith(tuple(s + "." for s in self.shown))
        ]
        self.w_other.value = (
            "<ul>" + "".join(f"<li role='alert'>{esc(p)}</li>" for p in hidden) + "</ul>"
            if hidden
            else ""
        )

    # ----------------------------------------------------------- sealing

    def _history(self, ww: WinWin | None) -> tuple[SealedDefinition, ...]:
        if ww is None:
            return ()
        return ww.seals.seller if self.party == "seller" else ww.seals.customer

    def _draft(self, ww: WinWin | None) -> PartyDefinition | None:
        if ww is None:
            return None
        return ww.seller if self.party == "seller" else ww.customer

    def _say(self, text: str, tone: Tone) -> None:
        self.w_seal_msg.value = f"<div class='nw-banner nw-{tone}' role='status'>{esc(text)}</div>"

    def seal_blocker(self) -> str:
        """Why the draft cannot be sealed (or amended) now, in words; ``""`` when it can.

        First what is missing (the check the store applies too,
        :func:`~negotiation_lib.domain.win_win.read_missing_parts`, on the document as
        typed), then any other problem of the win-win section.
        """
        missing = read_missing_parts(self.doc.get("win_win.issues"), self.doc.get(self.base))
        if missing is None:
            return _FIX_FIRST
        if not missing.complete:
            return missing_sentence(missing)
        return _FIX_FIRST if self.doc.problems_under("win_win") else ""

    def update_seal_controls(self) -> None:
        """Enable sealing and amending only for a complete draft; say what is missing."""
        blocker = self.seal_blocker()
        self.w_seal.disabled = bool(blocker)
        self.w_amend.disabled = bool(blocker)
        self.w_seal_missing.value = (
            f"<span class='nw-ww-small' role='status'>{esc(blocker)}</span>" if blocker else ""
        )

    def _valid_draft(self) -> PartyDefinition | None:
        """The draft as typed, if it is complete and valid; otherwise say why not."""
        blocker = self.seal_blocker()
        if blocker:
            self._say(blocker, "bad")
            return None
        case = self.doc.case
        draft = self._draft(case.win_win if case else None)
        if draft is None:  # pragma: no cover - a complete draft exists
            self._say(f"There is no {self.party} definition to seal yet.", "bad")
        return draft

    def _on_seal(self, _button: widgets.Button) -> None:
        draft = self._valid_draft()
        if draft is None:
            return
        case = self.doc.case
        if self._history(case.win_win if case else None):
            self._say("This definition is already sealed: amend it instead.", "bad")
            return
        try:
            sealed = seal(draft, datetime.now(UTC))
        except CaseError as err:
            self._say(err.message, "bad")
            return
        self.doc.append(["win_win", "seals", self.party], sealed.model_dump(mode="json"))
        self._say(f"Sealed as version {sealed.version}. Share it with the other party.", "good")
        self.on_refresh()

    def _on_amend(self, _button: widgets.Button) -> None:
        draft = self._valid_draft()
        if draft is None:
            return
        case = self.doc.case
        history = self._history(case.win_win if case else None)
        try:
            sealed = amend(history, draft, self.w_reason.value, datetime.now(UTC))
        except CaseError as err:
            self._say(err.message, "bad")
            return
        self.doc.append(["win_win", "seals", self.party], sealed.model_dump(mode="json"))
        self.w_reason.value = ""
        self._say(f"Amended: version {sealed.version} is sealed, with its reason.", "good")
        self.on_refresh()

    def show(self, case: Case | None, version: int | None, scored: bool) -> None:
        """Redraw the seal state, the buttons and the history from the last valid case."""
        ww = case.win_win if case else None
        history = self._history(ww)
        names = ww.issue_labels if ww is not None else None
        draft = self._draft(ww)
        who = esc(getattr(case, self.party)) if case else self.party
        if not history:
            state = "<b>Draft, not sealed.</b> Seal it when you share it with the other party."
        else:
            latest = history[-1]
            sealed_line = f"Sealed as version {latest.version} on {when(latest.sealed_at)}."
            if draft is None or definition_sha256(draft) == latest.sha256:
                state = f"<b>{sealed_line}</b>"
            else:
                changes = diff_definitions(latest.definition, draft, names)
                n = len(changes)
                state = (
                    f"<b>The draft differs from sealed version {latest.version}: {n} "
                    f"change{'s' if n != 1 else ''}.</b> Amend to seal them, with a reason."
                    "<ul>" + "".join(f"<li>{esc(c.sentence)}</li>" for c in changes) + "</ul>"
                )
        self.w_state.value = f"<div class='nw-ww-text'>{state}</div>"
        if not scored:
            self.w_scored.value = ""
        elif version is None:
            self.w_scored.value = (
                f"<div class='nw-ww-small'>{who} is scored with the <b>draft</b>.</div>"
            )
        else:
            self.w_scored.value = (
                f"<div class='nw-ww-small'>{who} is scored with <b>sealed version {version}</b>"
                " (the latest seal, not the draft).</div>"
            )
        set_display(self.w_seal, not history)
        set_display(self.w_amend_box, bool(history))
        items = []
        for a in amendments(history, names):
            moved = "".join(f"<li>{esc(c.sentence)}</li>" for c in a.changes)
            items.append(
                f"<li>Version {a.version}, {esc(when(a.sealed_at))}: "
                f"<span class='nw-ww-reason'>“{esc(a.reason)}”</span><ul>{moved}</ul></li>"
            )
        if items:
            self.w_history.value = (
                f"<div class='nw-banner nw-warn'><b>Goalposts moved:</b> {who} amended its "
                f"sealed definition {len(items)} time{'s' if len(items) != 1 else ''}.</div>"
                f"<div class='nw-ww-text'><ul>{''.join(items)}</ul></div>"
            )
        elif history:
            self.w_history.value = "<div class='nw-ww-small'>No amendments since sealing.</div>"
        else:
            self.w_history.value = ""
