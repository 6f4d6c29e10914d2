"""The dashboard's deal-room debrief: how each room came out, by the truth of its case.

Shown to the facilitator only (the dashboard opens behind its key), under the deal rooms card,
once a workshop has rooms. For each role-play case of the workshop:

- a table of its rooms (:func:`rooms_table`): the agreement or none, both sides' true utilities
  and NPVs, the joint gain and the seller's share of it, the value left on the table, offers
  exchanged, time to agree, goalposts moved, and every disclosure that differed from the
  truth with the value stated and the true one;
- every agreement on one chart with the frontier, the Nash point and the fair price
  (:func:`negotiation_lib.figures.deal_rooms.deal_rooms_chart`);
- the outcomes by negotiation style (:func:`styles_table`): each team's dominant style read
  from its own trust check, as the debrief frame reads it (:func:`team_styles`);
- the class debrief against theory (:mod:`negotiation_lib.debrief_class`, drawn by
  :mod:`negotiation_lib.figures.class_debrief`): the value each room left on the table, every
  pair's cumulative NPV over the workshop's renewal rounds, trust-based against CPT-like pairs
  and the practice opponents; with a button that exports them as a slide deck
  (:func:`negotiation_lib.exports.debrief_deck.debrief_deck`).

The numbers are :mod:`negotiation_lib.debrief_rooms`'s; this module only writes them. Team
names and everything else a trainee typed are escaped. The debrief is computed again only
when a room's events, its seats or a team's style changed (:meth:`RoomDebriefCard.update`):
the dashboard refreshes often and rooms change rarely.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd

from negotiation_lib.datasets import load_role_play_case
from negotiation_lib.debrief_class import ClassDebrief, class_debrief
from negotiation_lib.debrief_rooms import (
    Disclosure,
    RoomDebrief,
    RoomsChart,
    StyleOutcome,
    outcomes_by_style,
    seconds_text,
    workshop_room_debriefs,
)
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.rooms import DEFAULT_ROUNDS, SIDES
from negotiation_lib.exports.debrief_deck import debrief_deck, deck_file_name
from negotiation_lib.figures.class_debrief import (
    cumulative_npv_chart,
    money_left_chart,
    practice_opponents_chart,
    practice_rooms_chart,
    style_comparison_chart,
)
from negotiation_lib.figures.deal_rooms import deal_rooms_chart
from negotiation_lib.formatting import UNKNOWN, escape, money, number, percent
from negotiation_lib.worksheets.downloads import DownloadButton
from negotiation_lib.worksheets.page import FigureSlot, term_label
from negotiation_lib.worksheets.redraws import Redraws
from negotiation_lib.worksheets.shared_models import set_display

if TYPE_CHECKING:
    from negotiation_lib.domain.rooms import RoomState
    from negotiation_lib.store import ParticipantInfo, RoomInfo

__all__ = ["RoomDebriefCard", "rooms_table", "styles_table", "team_styles"]

_SIDE = {"seller": "Seller", "customer": "Buyer"}

_NUM = " class='nw-num'"
"""A numeric column's class: its figures and its heading are aligned right."""

_HEAD_ROOMS = (
    "Side",
    "Team",
    "True utility (0 to 100)",
    "NPV",
    "Goalposts moved",
    "Joint gain",
    "Seller's share of the joint gain",
    "Value left on the table",
    "Offers exchanged",
    "Time to agree",
)

# A fact's label ends with its unit in brackets ("Customer's BATNA (EUR per year)"); a number
# stated for it reads best with the unit beside it.
_LABEL_UNIT = re.compile(r"^(?P<what>.+) \((?P<unit>[^()]+)\)$")
_PLAIN_NUMBER = re.compile(r"^[\u2212-]?\d[\d,]*(\.\d+)?$")


def _style_answers(document: Mapping[str, Any] | None) -> object:
    trust = document.get("trust") if document is not None else None
    return trust.get("style_answers") if isinstance(trust, Mapping) else None


def team_styles(
    frame: pd.DataFrame,
    people: Iterable[ParticipantInfo] = (),
    documents: Mapping[int, Mapping[str, Any]] | None = None,
    starts: Mapping[int, Mapping[str, Any]] | None = None,
) -> dict[str, float | None]:
    """Each team's overall style score (0-100), from the dashboard's debrief frame.

    Parameters
    ----------
    frame
        The debrief frame (:func:`negotiation_lib.debrief.debrief_frame`): it scores the style
        statements of each participant's newest saved case (``style_overall``).
    people, documents, starts
        The participants, their newest cases and the cases they were handed at joining, by
        participant id (``Store.latest_documents``, ``Store.starting_documents``).

    Returns
    -------
    dict
        Participant name → score, ``None`` when unanswered. A team whose style answers are
        still exactly those its case came with (a role-play side may be handed its
        character's answers) did not answer for itself: ``None`` too, as the dashboard counts
        only what participants did.

    Examples
    --------
    >>> team_styles(pd.DataFrame({"participant": ["A", "B"], "style_overall": [62.5, None]}))
    {'A': 62.5, 'B': None}
    """
    if frame.empty or "style_overall" not in frame or "participant" not in frame:
        return {}
    documents, starts = documents or {}, starts or {}
    handed_out = set()
    for p in people:
        given = _style_answers(starts.get(p.id))
        if given and _style_answers(documents.get(p.id)) == given:
            handed_out.add(p.name)
    out: dict[str, float | None] = {}
    for name, score in zip(frame["participant"], frame["style_overall"], strict=True):
        known = isinstance(score, int | float) and math.isfinite(score)
        out[str(name)] = float(score) if known and str(name) not in handed_out else None
    return out


def _times(n: int) -> str:
    return "none" if n == 0 else "once" if n == 1 else f"{n} times"


def _utility(x: float | None) -> str:
    return UNKNOWN if x is None else f"{number(x, 1)} of 100"


def _points(x: float | None) -> str:
    return UNKNOWN if x is None else f"{number(x, 1)} points each"


def _per_period(x: float | None, chart: RoomsChart) -> str:
    if x is None:
        return UNKNOWN
    return f"{money(x, chart.currency)} per {chart.period}"


def _disclosure(d: Disclosure) -> str:
    """One disclosure that differed: who, what, the value stated and the true one."""
    label, stated, true = d.label, d.stated_shown, d.true_shown
    found = _LABEL_UNIT.match(label)
    if found and _PLAIN_NUMBER.match(stated) and _PLAIN_NUMBER.match(true):
        label = found["what"]
        stated, true = f"{stated} {found['unit']}", f"{true} {found['unit']}"
    return (
        f"<li><b>{escape(d.team)}</b> ({_SIDE[d.side].lower()}), {escape(label)}: stated "
        f"<span class='nw-rd-stated'>{escape(stated)}</span>, true "
        f"<span class='nw-rd-true'>{escape(true)}</span></li>"
    )


def _disclosures(room: RoomDebrief) -> str:
    shared = len(room.disclosures)
    if not shared:
        return "Disclosures: nothing shared."
    facts = "1 fact" if shared == 1 else f"{shared} facts"
    wrong = room.misstated
    if not wrong:
        return f"Disclosures: {facts} shared, each as true."
    return (
        f"Disclosures: {facts} shared; {len(wrong)} differed from the truth:"
        f"<ul class='nw-rd-misstated'>{''.join(_disclosure(d) for d in wrong)}</ul>"
    )


def _headline(room: RoomDebrief) -> str:
    """Where the room ended, in words (HTML, names escaped)."""
    if room.agreed:
        return f"Agreement: {escape(room.package_text)}"
    if room.status == "waiting":
        return "Waiting for a counterpart"
    keeps = (
        " Each side keeps its BATNA: its walk-away utility, and the NPV of its BATNA taken "
        "every period."
    )
    if room.status == "walked_away" and room.walked_away is not None:
        team = escape(room.side(room.walked_away).team)
        return f"No agreement: {team} walked away.{keeps}"
    if room.status == "closed":
        return f"No agreement: the room was closed.{keeps}"
    return f"No agreement yet: still negotiating. Shown at the walk-away point.{keeps}"


def _room_rows(room: RoomDebrief, chart: RoomsChart) -> str:
    status = escape(room.status)
    head = (
        f"<tr class='nw-rd-head'><th colspan='{len(_HEAD_ROOMS)}' scope='rowgroup'>"
        f"<b>Room {room.number}</b> · <span class='nw-rd-outcome'>{_headline(room)}</span>"
        "</th></tr>"
    )
    if not room.paired:
        return f"<tbody data-room='{room.number}' data-status='{status}'>{head}</tbody>"
    shared = (
        f"<td rowspan='2' class='nw-num' data-column='joint_gain'>"
        f"{escape(_per_period(room.joint_gain_per_period, chart))}</td>"
        f"<td rowspan='2' class='nw-num' data-column='seller_share'>"
        f"{escape(percent(room.seller_share))}</td>"
        f"<td rowspan='2' class='nw-num' data-column='value_left'>"
        f"{escape(_points(room.value_left))}</td>"
        f"<td rowspan='2' class='nw-num' data-column='offers'>{room.offers}</td>"
        f"<td rowspan='2' class='nw-num' data-column='time_to_agree'>"
        f"{escape(seconds_text(room.seconds_to_agree))}</td>"
    )
    rows = [head]
    for k, side in enumerate(SIDES):
        o = room.side(side)
        rows.append(
            f"<tr data-side='{side}'><td>{_SIDE[side]}</td>"
            f"<td class='nw-name'>{escape(o.team)}</td>"
            f"<td class='nw-num' data-column='utility'>{escape(_utility(o.utility))}</td>"
            f"<td class='nw-num' data-column='npv'>{escape(money(o.npv, chart.currency))}</td>"
            f"<td class='nw-num' data-column='goalposts'>{_times(o.goalposts_moved)}</td>"
            f"{shared if k == 0 else ''}</tr>"
        )
    rows.append(
        f"<tr class='nw-rd-disclosures'><td colspan='{len(_HEAD_ROOMS)}'>"
        f"{_disclosures(room)}</td></tr>"
    )
    return f"<tbody data-room='{room.number}' data-status='{status}'>{''.join(rows)}</tbody>"


def rooms_table(chart: RoomsChart) -> str:
    """The rooms of one role-play case, two rows a room (seller, buyer), as HTML.

    Parameters
    ----------
    chart
        The rooms' debriefs with their case (:func:`negotiation_lib.debrief_rooms.rooms_chart`).

    Returns
    -------
    str
        A table, one ``tbody`` per room (``data-room``, ``data-status``): where it ended, each
        side's row (``data-side``), the room's figures spanning both, and its disclosures.
        Every team name, package and stated value is escaped; amounts are in the case's
        currency.
    """
    head = "".join(
        f"<th{'' if k < 2 else _NUM}>{term_label(h)}</th>" for k, h in enumerate(_HEAD_ROOMS)
    )
    body = "".join(_room_rows(room, chart) for room in chart.rooms)
    return (
        "<div class='nw-table'><table class='nw-room-debrief'>"
        f"<thead><tr>{head}</tr></thead>{body}</table></div>"
    )


def styles_table(outcomes: Sequence[StyleOutcome], chart: RoomsChart) -> str:
    """The outcomes by negotiation style of one case's rooms, as HTML (team names escaped).

    Parameters
    ----------
    outcomes
        From :func:`negotiation_lib.debrief_rooms.outcomes_by_style`.
    chart
        The case's rooms (its currency and period).
    """
    if not outcomes:
        return (
            "<div class='nw-who nw-rd-styles-none'>No team sits opposite a counterpart yet, so "
            "there are no outcomes to compare by negotiation style.</div>"
        )
    head = "".join(
        f"<th{'' if k == 0 else _NUM}>{term_label(h)}</th>"
        for k, h in enumerate(
            (
                "Negotiation style",
                "Teams",
                "Rooms ended",
                "Agreements reached",
                "Mean own true utility (0 to 100)",
                "Mean joint gain",
                "Mean value left on the table",
            )
        )
    )
    rows = []
    for o in outcomes:
        names = ", ".join(escape(t) for t in o.teams)
        rows.append(
            f"<tr data-style='{escape(o.style)}'><td>{escape(o.label)}"
            f"<div class='nw-who'>{names}</div></td>"
            f"<td class='nw-num' data-column='teams'>{len(o.teams)}</td>"
            f"<td class='nw-num' data-column='ended'>{o.ended}</td>"
            f"<td class='nw-num' data-column='agreements'>{o.agreements}</td>"
            f"<td class='nw-num' data-column='mean_utility'>"
            f"{escape(_utility(o.mean_utility))}</td>"
            f"<td class='nw-num' data-column='mean_joint_gain'>"
            f"{escape(_per_period(o.mean_joint_gain_per_period, chart))}</td>"
            f"<td class='nw-num' data-column='mean_value_left'>"
            f"{escape(_points(o.mean_value_left))}</td></tr>"
        )
    still = sum(len(o.teams) - o.ended for o in outcomes)
    note = (
        f" {still} team{'s' if still != 1 else ''} still negotiate{'s' if still == 1 else ''} "
        "and count in the means once their room ends."
        if still
        else ""
    )
    return (
        "<div class='nw-card-subtitle'>Outcomes by negotiation style</div>"
        "<div class='nw-concept'>Each team's style is read from its own answers to the style "
        "statements of the trust check: an overall score of 50 or more out of 100 is "
        "trust-based; answers left as the case handed them out do not count. A team counts "
        "in its latest room; the means are over the teams whose room has ended (an agreement, "
        f"a walk-away or a closed room).{note}</div>"
        "<div class='nw-table'><table class='nw-room-styles'>"
        f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


CLASS_DEBRIEF_INTRO = (
    "<div class='nw-card-subtitle'>Class debrief</div><div class='nw-concept'>The rooms over "
    "their renewal rounds, against the theory: the value each room left on the table, every "
    "pair's cumulative NPV round by round coloured by both teams' style, trust-based pairs "
    "against CPT-like pairs (rooms against a practice opponent are drawn but not compared), what "
    "the workbook's practice opponents earned against each style, and what they and the teams "
    "got in this workshop's practice rooms. Each chart says its assumptions. The slide deck "
    "holds these charts and the agreements chart above, one a slide, in one file that opens "
    "in any browser without a connection.</div>"
)


class _CaseSection:
    """One case's part of the card: the rooms table, the chart, the styles table, the class."""

    def __init__(self, deck: Callable[[], tuple[str, str, bytes]]) -> None:
        self.w_title = widgets.HTML()
        self.w_rooms = widgets.HTML()
        self.w_rooms.add_class("nw-rd-rooms")
        self.chart = FigureSlot(620)
        self.chart.widget.add_class("nw-rd-agreements")
        self.w_styles = widgets.HTML()
        self.w_styles.add_class("nw-rd-styles")
        self.w_class_msg = widgets.HTML()
        self.money_left = FigureSlot(480)
        self.cumulative = FigureSlot(520)
        self.comparison = FigureSlot(520)
        self.practice = FigureSlot(520)
        self.practice_rooms = FigureSlot(480)
        self.w_deck = DownloadButton("Export the slide deck", deck)
        self.w_deck.add_class("nw-rd-deck")
        self.w_class = widgets.VBox(
            [
                widgets.HTML(CLASS_DEBRIEF_INTRO),
                self.w_deck,
                self.w_class_msg,
                self.money_left.widget,
                self.cumulative.widget,
                self.comparison.widget,
                self.practice.widget,
                self.practice_rooms.widget,
            ]
        )
        self.w_class.add_class("nw-class-debrief")
        self.widget = widgets.VBox(
            [self.w_title, self.w_rooms, self.chart.widget, self.w_styles, self.w_class]
        )
        self.widget.add_class("nw-rd-case")
        self.debrief: ClassDebrief | None = None

    def show_class(self, key: object, debrief: ClassDebrief) -> None:
        """Draw the class debrief's charts (each only if what it is drawn from changed)."""
        self.debrief = debrief
        _set(self.w_class_msg, "")
        for slot in self._class_slots():
            set_display(slot.widget, True)
        self.money_left.show_for(key, partial(money_left_chart, debrief))
        self.cumulative.show_for(key, partial(cumulative_npv_chart, debrief))
        self.comparison.show_for(key, partial(style_comparison_chart, debrief))
        self.practice.show_for(key, partial(practice_opponents_chart, debrief))
        self.practice_rooms.show_for(key, partial(practice_rooms_chart, debrief))

    def _class_slots(self) -> tuple[FigureSlot, ...]:
        slots = (self.money_left, self.cumulative, self.comparison, self.practice)
        return (*slots, self.practice_rooms)

    def no_class(self, message: str) -> None:
        """Say why there is no class debrief for this case (its charts are hidden)."""
        self.debrief = None
        _set(
            self.w_class_msg, f"<div class='nw-banner nw-bad' role='alert'>{escape(message)}</div>"
        )
        for slot in self._class_slots():
            set_display(slot.widget, False)


def _set(widget: widgets.HTML, html: str) -> None:
    # An unchanged value is not sent to the browser again.
    if widget.value != html:
        widget.value = html


def _room_key(room: RoomInfo, state: RoomState | None) -> tuple[object, ...]:
    """What a room's debrief is drawn from: its seats, whether closed, its newest event."""
    return (
        room.id,
        room.number,
        room.case_name,
        room.seller_name,
        room.customer_name,
        room.closed_at is not None,
        None if state is None else state.last_event_id,
    )


class RoomDebriefCard:
    """The deal-room debrief card of the dashboard (hidden for a workshop without rooms)."""

    def __init__(self) -> None:
        self._redraws = Redraws()
        self._sections: dict[str, _CaseSection] = {}
        self.charts: dict[str, RoomsChart] = {}
        self.computed = 0
        """How many times the debrief was computed (it is only when something changed)."""
        self.w_msg = widgets.HTML()
        self.w_cases = widgets.VBox()
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    "<div class='nw-card-title'>Deal-room debrief</div><div class='nw-concept'>"
                    "How each room came out, scored by the case's truth: both sides' real "
                    "definitions of winning and real costs, which no team saw whole. Utilities "
                    "run from 0 to 100 by each side's own definition; the value left on the "
                    "table is how many utility points both sides could still have gained "
                    "together with another package. NPVs are over the whole relationship.</div>"
                ),
                self.w_msg,
                self.w_cases,
            ]
        )
        self.widget.add_class("nw-card")
        self.widget.add_class("nw-room-debrief-card")
        set_display(self.widget, False)
        self.workshop_name = ""
        self.rounds = DEFAULT_ROUNDS
        self.class_debriefs: dict[str, ClassDebrief] = {}

    def for_workshop(self, name: str, rounds: int | None = None) -> None:
        """Name the workshop (for the slide deck) and the rounds its rooms run.

        Parameters
        ----------
        name
            The workshop's name.
        rounds
            :math:`R`; ``None``: :data:`~negotiation_lib.domain.rooms.DEFAULT_ROUNDS`.
        """
        changed = rounds is not None and rounds != self.rounds
        self.workshop_name = name
        self.rounds = DEFAULT_ROUNDS if rounds is None else rounds
        if changed:
            self._redraws.forget()

    def _deck(self, case_name: str) -> tuple[str, str, bytes]:
        """The slide deck of one case's class debrief: (file name, media type, content)."""
        found = self.class_debriefs.get(case_name)
        if found is None:
            raise ValueError(
                "The class debrief of this case could not be computed, so there is no deck to "
                "export."
            )
        today = datetime.now(UTC).date()
        html = debrief_deck(found, workshop=self.workshop_name, when=today)
        name = deck_file_name(self.workshop_name, found.chart.title)
        return name, "text/html", html.encode("utf-8")

    def update(
        self,
        rooms: Iterable[RoomInfo],
        states: Mapping[int, RoomState],
        styles: Mapping[str, float | None],
    ) -> None:
        """Show the debrief of these rooms, computing it again only if something changed.

        Parameters
        ----------
        rooms, states
            The workshop's rooms and their states (``Store.rooms``, ``Store.room_states``).
        styles
            Team name → overall style score from its saved case (:func:`team_styles`).
        """
        listed = list(rooms)
        set_display(self.widget, bool(listed))
        key = tuple(_room_key(r, states.get(r.id)) for r in listed)
        style_key = tuple(sorted(styles.items()))
        if not self._redraws.due("debrief", key, style_key):
            return
        self.computed += 1
        try:
            charts = workshop_room_debriefs(listed, states)
        except CaseError as err:
            self._redraws.forget()
            _set(
                self.w_msg,
                "<div class='nw-banner nw-bad' role='alert'>The debrief cannot be computed: "
                f"{escape(err.message)}</div>",
            )
            return
        _set(self.w_msg, "")
        self.charts = charts
        for name in charts:
            if name not in self._sections:
                self._sections[name] = _CaseSection(partial(self._deck, name))
        shown = [self._sections[name].widget for name in charts]
        if list(self.w_cases.children) != shown:
            self.w_cases.children = shown
        many = len(charts) > 1
        for name, chart in charts.items():
            section = self._sections[name]
            _set(
                section.w_title,
                f"<div class='nw-card-subtitle'>{escape(chart.title)}</div>" if many else "",
            )
            _set(section.w_rooms, rooms_table(chart))
            case_key = tuple(k for k, r in zip(key, listed, strict=True) if r.case_name == name)
            section.chart.show_for(case_key, partial(deal_rooms_chart, chart))
            _set(section.w_styles, styles_table(outcomes_by_style(chart.rooms, styles), chart))
            try:
                found = class_debrief(
                    load_role_play_case(name),
                    chart,
                    [r for r in listed if r.case_name == name],
                    states,
                    styles,
                    rounds=self.rounds,
                )
            except (CaseError, ValueError) as err:
                # A case the practice opponents cannot play says why, as the rest does.
                self.class_debriefs.pop(name, None)
                reason = getattr(err, "message", None) or str(err)
                section.no_class(f"The class debrief cannot be computed: {reason}")
                continue
            self.class_debriefs[name] = found
            section.show_class((case_key, style_key, self.rounds), found)
