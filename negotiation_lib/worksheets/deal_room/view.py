"""The Deal room tab: a team's side of a paired role-play, updated as the other team acts.

The page reads the team's seat (:meth:`Store.room_for`) and the room's state, and polls the
room's new events every second (:meth:`Store.events_since`, one indexed query) in the page
kernel's event loop, folding them into the state it holds; each part of the page is redrawn
only when its HTML changed. Every action goes through :meth:`Store.act`, which checks it
against the room's rules inside the store's transaction: a refusal is shown as a sentence
where the team acted, and nothing is recorded.

What reaches the browser is only what :mod:`~.model` returns for this side: the team's own
facts, the counterpart's facts as shared (stated values), its seals and, once revealed, its
definition. The role-play case file and the room's state stay in the kernel.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from negotiation_lib.datasets import load_role_play_case
from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.case import OptionsIssue
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.roles import private_fact_value, shared_fact_problems, side_brief
from negotiation_lib.domain.rooms import (
    RoomError,
    RoomState,
    RoomTerms,
    Side,
    apply,
    other_side,
)
from negotiation_lib.formatting import escape
from negotiation_lib.numbers import NumberReadingError, format_number_input
from negotiation_lib.numbers import parse_number as read_number
from negotiation_lib.vocabulary import PRACTICE_STYLE_LABELS
from negotiation_lib.worksheets.dashboard_refresh import Handle, Schedule
from negotiation_lib.worksheets.deal_room import html, model
from negotiation_lib.worksheets.deal_room.controls import labelled, say
from negotiation_lib.worksheets.deal_room.pact import PactPanel
from negotiation_lib.worksheets.deal_room.practice import PracticePanel
from negotiation_lib.worksheets.deal_room.rounds import RoundsPanel
from negotiation_lib.worksheets.deal_room.text import (
    CONFIRM_WALK,
    CONFIRM_WITHDRAW,
    EXPLAIN,
    NO_DEFINITION,
    NO_SEAL,
    ROLE_WORDS,
    TAB_LABEL,
)
from negotiation_lib.worksheets.fields import field_class
from negotiation_lib.worksheets.inputs import reading_format
from negotiation_lib.worksheets.page import card, home_link, style
from negotiation_lib.worksheets.shared_models import set_display, shared_layout

if TYPE_CHECKING:
    from negotiation_lib.store import Store
    from negotiation_lib.store.rooms import RoomSeat

__all__ = ["POLL_EVERY_S", "DealRoomPage"]

POLL_EVERY_S = 1.0
"""Seconds between two looks at the room's new events (the counterpart's move shows within
about this much, well inside the 2 s the workshop promises)."""

WAITING_POLL_S = 2.0
"""Seconds between two looks for a counterpart while the team waits to be paired."""

CSS = "deal_room/deal_room.css"

_log = logging.getLogger(__name__)


def _loop_schedule(delay: float, callback: Callable[[], None]) -> Handle | None:
    # The page kernel's loop runs the poll; outside a running loop (a test) nothing polls.
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.call_later(delay, callback)


@lru_cache(maxsize=8)
def _case_file(case_name: str) -> Mapping[str, Any]:
    return load_role_play_case(case_name)


class DealRoomPage:
    """A team's Deal room tab.

    Parameters
    ----------
    doc
        The team's case (its own definition of winning scores the offers).
    store
        The workshop store.
    participant_id, case_name
        The team and the role-play case its workshop hands out.
    schedule
        How to run the next poll (tests pass their own; the default uses the kernel's loop).
    """

    def __init__(
        self,
        doc: CaseDocument,
        store: Store,
        participant_id: int,
        case_name: str,
        *,
        schedule: Schedule = _loop_schedule,
    ) -> None:
        self.doc = doc
        self.store = store
        self.me = participant_id
        self.case = _case_file(case_name)
        self._schedule = schedule
        self._handle: Handle | None = None
        self.seat: RoomSeat | None = None
        self.state: RoomState | None = None
        self.w_role = widgets.HTML()
        self.w_status = widgets.HTML()
        self.w_status.add_class("nw-dr-status")
        self.rounds = RoundsPanel(store, case_name)
        self.practice = PracticePanel(self._seat_practice)
        self._round_started = 1
        self.w_facts = widgets.VBox()
        self.w_facts.add_class("nw-dr-facts")
        self.w_shared = widgets.HTML()
        self.w_shared.add_class("nw-dr-shared")
        self.w_seals = widgets.HTML()
        self.w_seals.add_class("nw-dr-seals")
        self.w_reveal = widgets.Button(description="Reveal my definition", icon="eye")
        self.w_reveal.on_click(self._on_reveal)
        self.w_reveal_msg = widgets.HTML()
        self.w_reveal_msg.add_class("nw-msg")
        self.w_reveal_msg.add_class("nw-dr-reveal-msg")
        self.offer_inputs: dict[str, widgets.Widget] = {}
        self.offer_messages: dict[str, widgets.HTML] = {}
        self.terms = RoomTerms()
        self._read()
        fields = [self._offer_field(i) for i in self.terms.issues]
        self.w_form = widgets.HBox(fields, layout=shared_layout(flex_flow="row wrap"))
        self.w_form.add_class("nw-dr-form")
        self.w_propose = widgets.Button(description="Propose", icon="paper-plane")
        self.w_propose.add_class("nw-dr-propose")
        self.w_propose.on_click(self._on_propose)
        self.w_offer_msg = widgets.HTML()
        self.w_offer_msg.add_class("nw-msg")
        self.w_offer_msg.add_class("nw-dr-offer-msg")
        self.w_offers = widgets.HTML()
        self.w_offers.add_class("nw-dr-offers")
        self.w_accept = widgets.Button(description="Accept", icon="check")
        self.w_accept.add_class("nw-dr-accept")
        self.w_accept.on_click(self._on_accept)
        self.w_counter = widgets.Button(description="Counter", icon="reply")
        self.w_counter.add_class("nw-dr-counter")
        self.w_counter.on_click(self._on_counter)
        self.w_walk = widgets.Button(description="Walk away", icon="sign-out")
        self.w_walk.add_class("nw-dr-walk")
        self.w_walk.on_click(self._on_walk)
        self.w_withdraw = widgets.Button(description="Withdraw", icon="undo")
        self.w_withdraw.add_class("nw-dr-withdraw")
        self.w_withdraw.on_click(self._on_withdraw)
        # One confirmation line for the two moves that cannot be undone: walking away and
        # withdrawing an offer.
        self.w_yes = widgets.Button(description="Yes", button_style="danger")
        self.w_yes.add_class("nw-dr-yes")
        self.w_yes.on_click(self._on_yes)
        self.w_no = widgets.Button(description="Stay")
        self.w_no.on_click(lambda _b: self._confirming(None))
        self.w_question = widgets.HTML()
        self.w_confirm = widgets.HBox([self.w_question, self.w_yes, self.w_no])
        self.w_confirm.add_class("nw-dr-confirm")
        self._pending: tuple[str, int | None] | None = None
        self._own_offer: int | None = None
        self.pact = PactPanel(self._act, lambda: reading_format(self.doc))
        self._pact_used = False
        self.w_action_msg = widgets.HTML()
        self.w_action_msg.add_class("nw-msg")
        self.w_action_msg.add_class("nw-dr-action-msg")
        self._open_offer: int | None = None
        self._fact_rows: dict[str, tuple[widgets.Text | None, widgets.HTML]] = {}
        self._facts_key: object = None
        self.w_room = widgets.VBox(
            [
                card(
                    TAB_LABEL,
                    [self.w_role, self.w_status, self.practice.widget, self.rounds.widget],
                    explain=EXPLAIN["role"],
                ),
                card("Fairness pact", [self.pact.widget], explain=EXPLAIN["pact"]),
                card(
                    "Offers",
                    [
                        self.w_form,
                        widgets.HBox([self.w_propose]),
                        self.w_offer_msg,
                        self.w_offers,
                        widgets.HBox([self.w_accept, self.w_counter, self.w_withdraw, self.w_walk]),
                        self.w_confirm,
                        self.w_action_msg,
                    ],
                    explain=EXPLAIN["offers"],
                ),
                card("What you share", [self.w_facts], explain=EXPLAIN["disclosure"]),
                card("What they shared", [self.w_shared], explain=EXPLAIN["shared"]),
                card(
                    "Definitions of winning",
                    [self.w_seals, widgets.HBox([self.w_reveal]), self.w_reveal_msg],
                    explain=EXPLAIN["definitions"],
                ),
            ]
        )
        self.w_room.add_class("nw-dr")
        title = str(self.case.get("roles", {}).get("public", {}).get("title", TAB_LABEL))
        header = widgets.HTML(
            f"<div class='nw-header'><div><h1>{escape(title)}</h1>"
            f"<div class='nw-sub'>{escape(TAB_LABEL.lower())}</div></div>"
            f"<nav class='nw-nav'>{home_link()}</nav></div>"
        )
        self.widget = widgets.VBox([style(CSS), header, self.w_room])
        self.widget.add_class("nw-page")
        self._confirming(None)
        self.reload()
        self._arm()

    # ------------------------------------------------------------------ reading the room

    @property
    def side(self) -> Side | None:
        """The team's side, once seated."""
        return self.seat.side if self.seat is not None else None

    def reload(self) -> None:
        """Read the team's seat and its room's whole state again, and redraw."""
        if self._read():
            self.draw()

    def _read(self) -> bool:
        try:
            self.seat = self.store.room_for(self.me)
            self.state = self.store.room_state(self.seat.room.id) if self.seat is not None else None
        except Exception as err:  # - the store's errors say what went wrong
            _log.warning("The deal room could not be read: %s", type(err).__name__)
            say(self.w_status, "The room cannot be read right now; this page tries again.")
            return False
        if self.state is not None:
            self.terms = self.state.terms
        return True

    def poll(self) -> None:
        """Fold the room's new events into the state and redraw what they changed."""
        if self.state is None or self.seat is None or not self.state.paired:
            self.reload()  # waiting: look for a counterpart (or a room, after re-pairing)
            return
        if not self.state.is_open:
            seat = self.store.room_for(self.me)
            if seat is not None and seat.room.id != self.seat.room.id:
                self.reload()  # the facilitator re-paired the team
            return
        self._announce_new_seals()
        events = self.store.events_since(self.seat.room.id, self.state.last_event_id)
        if not events:
            return
        state = self.state
        try:
            for event in events:
                state = apply(state, event)
        except RoomError:
            self.reload()
            return
        self.state = state
        if any(e.kind == "joined" for e in events):
            self.seat = self.store.room_for(self.me)
        self.draw()

    def _announce_new_seals(self) -> None:
        """Tell the room about a seal the team made on the Win-win tab since the last look.

        The autosaver stores the seal; until it has, the store finds nothing new to announce,
        so the next look tries again.
        """
        side, state = self.side, self.state
        if side is None or state is None or self.seat is None:
            return
        seals = ((self.doc.data.get("win_win") or {}).get("seals") or {}).get(side) or []
        latest = state.seals_of(side).latest
        if len(seals) > (latest.version if latest is not None else 0):
            self.store.announce_seals(self.seat.room.id, self.me)

    def _arm(self) -> None:
        waiting = self.state is None or not self.state.paired
        self._handle = self._schedule(WAITING_POLL_S if waiting else POLL_EVERY_S, self._tick)

    def _tick(self) -> None:
        self._handle = None
        try:
            self.poll()
        except Exception as err:  # - a failed poll must not end the polling
            _log.warning("A deal-room poll failed: %s", type(err).__name__)
        finally:
            if self.widget.comm is not None or self._schedule is not _loop_schedule:
                self._arm()

    def close(self) -> None:
        """Stop polling (the page is going away)."""
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None

    # ------------------------------------------------------------------ drawing

    def _counterpart_party(self) -> str:
        side = self.side or "seller"
        return model.party_name(self.case, other_side(side))

    def own_definition(self) -> Mapping[str, Any] | None:
        """The team's definition of winning: its draft, else the one its brief gives it."""
        side = self.side
        if side is None:
            return None
        draft = (self.doc.data.get("win_win") or {}).get(side)
        if isinstance(draft, Mapping) and model.score(draft, self.terms, self._any_package()):
            return draft
        try:
            given = private_fact_value(self.case, side, f"win_win.{side}")
        except CaseError:
            return None
        return given if isinstance(given, Mapping) else None

    def _any_package(self) -> dict[str, Any]:
        return {
            i.name: i.options[0] if isinstance(i, OptionsIssue) else i.min
            for i in self.terms.issues
        }

    @staticmethod
    def _set(target: widgets.HTML, html: str) -> None:
        if target.value != html:  # redraw only what changed
            target.value = html

    def draw(self) -> None:
        """Redraw every part whose content changed."""
        seat, state, side = self.seat, self.state, self.side
        if seat is None or state is None or side is None:
            self._set(self.w_role, "<p>This workshop seats no team in a deal room.</p>")
            for child in self.w_room.children[1:]:
                set_display(child, False)
            self.practice.draw(False)
            return
        party = model.party_name(self.case, side)
        other = self._counterpart_party()
        team = escape(seat.counterpart_name) if seat.counterpart_name else None
        bot = state.practice.get(other_side(side))
        across = (
            f"You practise against the workbook's <b>{PRACTICE_STYLE_LABELS[bot]}</b> "
            f"opponent, playing {escape(other)}, in room {seat.number}."
            if bot is not None
            else f"You negotiate with team <b>{team}</b>, playing {escape(other)}, in room "
            f"{seat.number}."
            if team
            else f"Room {seat.number}: no other team yet."
        )
        brief = "".join(
            f"<p>{escape(p)}</p>" for p in side_brief(self.case, side).split("\n\n") if p
        )
        self._set(
            self.w_role,
            f"<div class='nw-dr-role'><p>Your team plays the <b>{ROLE_WORDS[side]}</b>, "
            f"<b>{escape(party)}</b>. {across}</p>"
            f"<details class='nw-dr-brief'><summary>Your confidential brief</summary>{brief}"
            "</details></div>",
        )
        self._set(
            self.w_status,
            f"<div class='nw-banner nw-{'warn' if not state.paired else 'good'}'>"
            f"{escape(model.status_text(state, side, other))}</div>",
        )
        for child in self.w_room.children[1:]:
            set_display(child, state.paired)
        self.practice.draw(not state.paired and state.is_open)
        self.rounds.draw(seat, state, side, seat.counterpart_name or other)
        if not state.paired:
            return
        self.pact.draw(state, side, other, model.case_fair_share(self.case, side))
        self._use_pact(state)
        self._draw_offers(state, side, other)
        self._start_round(state)
        self._draw_facts(state, side)
        self._set(self.w_shared, html.shared_list(model.shared_rows(self.case, state, side, other)))
        self._set(self.w_seals, html.seals_html(state, side, other))
        set_display(self.w_reveal, not state.seals_of(side).revealed and state.is_open)

    def _use_pact(self, state: RoomState) -> None:
        """Put the agreed fair share into the team's case, so that its fair price uses it.

        Once per page: a team that then changes the share on its Transparent economics tab
        keeps its change until the page is opened again.
        """
        share = state.fair_share
        if share is None or self._pact_used:
            return
        self._pact_used = True
        if isinstance(self.doc.get("economics"), Mapping) and (
            self.doc.get("economics.fair_share") != share
        ):
            self.doc.set("economics.fair_share", share)

    def _draw_offers(self, state: RoomState, side: Side, other: str) -> None:
        rows = model.offer_rows(state, side, self.own_definition(), other)
        theirs_known = model.revealed_definition(state, other_side(side)) is not None
        self._set(self.w_offers, html.offers_table(rows, state.terms, theirs_known, state.rounds))
        offer = state.open_offer(other_side(side))
        self._open_offer = offer.id if offer is not None and state.takes_offers else None
        n = next((r.number for r in rows if r.id == self._open_offer), None)
        self.w_accept.description = f"Accept offer {n}" if n else "Accept"
        self.w_counter.description = f"Counter offer {n}" if n else "Counter"
        for w in (self.w_accept, self.w_counter):
            set_display(w, n is not None)
        mine = state.open_offer(side)
        self._own_offer = mine.id if mine is not None and state.takes_offers else None
        own_n = next((r.number for r in rows if r.id == self._own_offer), None)
        self.w_withdraw.description = f"Withdraw offer {own_n}" if own_n else "Withdraw"
        set_display(self.w_withdraw, own_n is not None)
        open_room = state.takes_offers
        set_display(self.w_walk, open_room)
        set_display(self.w_form, open_room)
        set_display(self.w_propose, open_room)
        pending = self._pending
        if not open_room or (
            pending is not None and pending[0] == "withdraw" and pending[1] != self._own_offer
        ):
            self._confirming(None)  # nothing left to confirm

    def _draw_facts(self, state: RoomState, side: Side) -> None:
        rows = model.own_fact_rows(self.case, state, side)
        key = tuple((r.path, r.shared) for r in rows)
        if key == self._facts_key:
            return
        self._facts_key = key
        fmt = reading_format(self.doc)
        children: list[widgets.Widget] = []
        old = self._fact_rows
        self._fact_rows = {}
        for r in rows:
            if r.shared is not None:
                children.append(
                    widgets.HTML(
                        f"<div class='nw-dr-fact nw-dr-fact-shared'><b>{escape(r.label)}</b>: "
                        f"{escape(r.shown)} · <span class='nw-dr-by'>shared as "
                        f"{escape(r.shared)}</span></div>"
                    )
                )
                continue
            kept = old.get(r.path)
            text = kept[0] if kept is not None else None
            message = kept[1] if kept is not None else widgets.HTML()
            message.add_class("nw-msg")
            if r.number is not None and text is None:
                text = widgets.Text(
                    value=format_number_input(r.number, fmt), layout=shared_layout(width="9em")
                )
            button = widgets.Button(description="Share", icon="share")
            button.add_class("nw-dr-share")
            button.on_click(lambda _b, path=r.path: self._on_share(path))
            parts: list[widgets.Widget] = [
                widgets.HTML(f"<b>{escape(r.label)}</b>: {escape(r.shown)}")
            ]
            if text is not None:
                parts += [widgets.HTML("<span class='nw-label'>State it as</span>"), text]
            row = widgets.HBox([*parts, button])
            row.add_class("nw-dr-fact")
            box = widgets.VBox([row, message])
            box.add_class(field_class(f"share.{r.path}"))
            children.append(box)
            self._fact_rows[r.path] = (text, message)
        self.w_facts.children = children

    def _confirming(self, what: str | None, offer: int | None = None) -> None:
        """Ask to confirm a move (``"walk"`` or ``"withdraw"`` an offer), or stop asking."""
        self._pending = None if what is None else (what, offer)
        if what == "walk":
            question, self.w_yes.description, self.w_no.description = (
                CONFIRM_WALK,
                "Yes, walk away",
                "Stay",
            )
        elif what == "withdraw":
            offers = self.state.offers if self.state is not None else ()
            n = next((i for i, o in enumerate(offers, 1) if o.id == offer), 0)
            question, self.w_yes.description, self.w_no.description = (
                CONFIRM_WITHDRAW.format(number=n),
                "Yes, withdraw it",
                "Keep it",
            )
        else:
            question = ""
        self._set(self.w_question, f"<span>{escape(question)}</span>" if question else "")
        set_display(self.w_confirm, what is not None)

    # ------------------------------------------------------------------ acting

    def _seat_practice(self, style: str) -> str | None:
        """Seat a practice opponent of ``style`` in the team's room; why not, if it cannot."""
        from negotiation_lib.store import StoreError

        try:
            self.store.seat_practice_opponent(self.me, style)
        except StoreError as err:
            self.reload()  # a team may have joined meanwhile: show the room as it is
            return err.message
        self.reload()
        return None

    def _act(self, kind: str, payload: Mapping[str, Any], where: widgets.HTML) -> bool:
        """Record an action; on refusal say why at ``where`` and change nothing."""
        from negotiation_lib.store import StoreError
        from negotiation_lib.store.rooms import RoomRefusedError

        if self.seat is None:
            say(where, "This team sits in no room.")
            return False
        try:
            outcome = self.store.act(self.seat.room.id, self.me, kind, payload)
        except RoomRefusedError as err:
            if not self._at_offer_field(err.path, err.message):
                say(where, err.message)
            self.poll()  # the room moved on meanwhile: show what it is now
            return False
        except StoreError as err:
            say(where, err.message)
            return False
        say(where, "")
        # Events of the counterpart recorded before ours arrive with the next poll.
        if outcome.event.id == (self.state.last_event_id if self.state else 0) + 1 or (
            self.state is not None and outcome.state.events == self.state.events + 1
        ):
            self.state = outcome.state
            self.draw()
        else:
            self.poll()
        return True

    def _at_offer_field(self, path: str, message: str) -> bool:
        name = path.removeprefix("values.")
        target = self.offer_messages.get(name)
        if target is None:
            return False
        say(target, message)
        return True

    def _offer_field(self, issue: Any) -> widgets.Widget:
        if isinstance(issue, OptionsIssue):
            control: widgets.Widget = widgets.Dropdown(
                options=list(issue.options),
                value=issue.options[0],
                layout=shared_layout(width="10em"),
            )
        else:
            control = widgets.Text(value="", layout=shared_layout(width="9em"))
        unit = model.issue_unit_label(issue, self.terms)
        box, message = labelled(f"values.{issue.name}", f"{issue.display_name}{unit}", control)
        self.offer_inputs[issue.name] = control
        self.offer_messages[issue.name] = message
        return box

    def typed_offer(self) -> dict[str, str]:
        """The offer form as typed."""
        return {name: str(w.value or "") for name, w in self.offer_inputs.items()}

    def _on_propose(self, _button: widgets.Button | None = None) -> None:
        side = self.side
        if side is None:
            return
        values, problems = model.read_offer(
            self.terms, self.typed_offer(), reading_format(self.doc).tag
        )
        for name, target in self.offer_messages.items():
            found = next((p for p in problems if p.path == f"values.{name}"), None)
            say(target, found.message if found else "")
        other = [p for p in problems if p.path.removeprefix("values.") not in self.offer_messages]
        if problems:
            say(self.w_offer_msg, other[0].message if other else "")
            return
        own = model.score(self.own_definition(), self.terms, values)
        if own is None:
            say(self.w_offer_msg, NO_DEFINITION)
            return
        if self._act("offered", {"values": values, "utility": round(own, 4)}, self.w_offer_msg):
            say(self.w_offer_msg, "Offer sent.", "good")

    def _on_accept(self, _button: widgets.Button | None = None) -> None:
        if self._open_offer is None:
            say(self.w_action_msg, "There is no offer of the other team to accept now.")
            return
        self._act("accepted", {"offer": self._open_offer}, self.w_action_msg)

    def _on_counter(self, _button: widgets.Button | None = None) -> None:
        state = self.state
        offer = state.offer(self._open_offer) if state and self._open_offer else None
        if offer is None:
            say(self.w_action_msg, "There is no offer of the other team to counter now.")
            return
        self._fill_offer(offer.values)
        say(
            self.w_offer_msg,
            "Their offer is in the form: change what you want, then Propose.",
            "good",
        )

    def _fill_offer(self, values: Mapping[str, Any]) -> None:
        """Put a package in the offer form, each number as the team reads numbers."""
        fmt = reading_format(self.doc)
        for name, value in values.items():
            control = self.offer_inputs.get(name)
            if control is None:
                continue
            control.value = value if isinstance(value, str) else format_number_input(value, fmt)

    def _start_round(self, state: RoomState) -> None:
        """Once per new round: the last agreement goes into the offer form as the start."""
        last = state.last_agreement
        if state.round <= self._round_started or last is None or not state.takes_offers:
            return
        self._round_started = state.round
        self._fill_offer(last.offer.values)
        say(
            self.w_offer_msg,
            f"Round {state.round}: the last agreement is in the form as your starting point; "
            "change what you want, then Propose.",
            "good",
        )

    def _on_walk(self, _button: widgets.Button | None = None) -> None:
        self._confirming("walk")

    def _on_withdraw(self, _button: widgets.Button | None = None) -> None:
        if self._own_offer is None:
            say(self.w_action_msg, "You have no offer on the table to withdraw.")
            return
        self._confirming("withdraw", self._own_offer)

    def _on_yes(self, _button: widgets.Button | None = None) -> None:
        pending = self._pending
        self._confirming(None)
        if pending is None:
            return
        what, offer = pending
        if what == "walk":
            self._act("walked_away", {}, self.w_action_msg)
        elif self._act("withdrawn", {"offer": offer}, self.w_action_msg):
            say(
                self.w_action_msg,
                "Offer withdrawn: the other team can no longer accept it.",
                "good",
            )

    def _on_share(self, path: str) -> None:
        side, state = self.side, self.state
        text, message = self._fact_rows.get(path, (None, widgets.HTML()))
        if side is None or state is None:
            return
        true_value = private_fact_value(self.case, side, path)
        stated_number = None
        if text is not None:
            try:
                read = read_number(text.value, reading_format(self.doc).tag)
            except NumberReadingError as err:
                say(message, str(err))
                return
            if read is None:
                say(message, "Enter the value you state, or share it as it is.")
                return
            stated_number = float(read)
        stated = model.stated_value(true_value, stated_number)
        before = {p: f.value for p, f in state.shared_by(side).items()}
        problems = shared_fact_problems(self.case, side, path, stated, before)
        if problems:
            say(message, problems[0].message)
            return
        self._act("shared", {"path": path, "value": stated}, message)

    def _on_reveal(self, _button: widgets.Button | None = None) -> None:
        if self.seat is None or self.side is None:
            return
        try:
            self.store.announce_seals(self.seat.room.id, self.me)
        except Exception as err:  # - say it, the team can try again
            say(self.w_reveal_msg, f"Your seal could not be read: {err}")
            return
        self.poll()
        state = self.state
        latest = state.seals_of(self.side).latest if state is not None else None
        if latest is None:
            say(self.w_reveal_msg, NO_SEAL)
            return
        self._act("revealed", {"version": latest.version}, self.w_reveal_msg)
