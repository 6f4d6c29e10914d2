"""The Deal room tab's read-only parts as HTML: the offers table, shared facts, seals, the pact.

Each function turns what :mod:`~.model` computed for one side into the markup one HTML widget
of the page shows; every text that came from a team (names, reasons, statements) is escaped
here. Kept apart from :mod:`~.view` so that the page's module holds its widgets and actions.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from negotiation_lib.domain.rooms import RoomState, RoomTerms, Side, other_side
from negotiation_lib.formatting import escape, number
from negotiation_lib.worksheets.deal_room import model

__all__ = ["STATUS_WORDS", "offers_table", "pact_html", "seals_html", "shared_list"]

STATUS_WORDS = {
    "open": "open",
    "superseded": "replaced by a newer offer",
    "withdrawn": "withdrawn",
    "accepted": "accepted",
}
"""An offer's status as its row says it."""


def _points(x: float | None) -> str:
    return "–" if x is None else f"{number(x, 1)} points"


def offers_table(
    rows: Sequence[model.OfferRow], terms: RoomTerms, theirs_known: bool, rounds: int = 1
) -> str:
    """Every offer, newest first: its terms, its scores and its status.

    The column of the counterpart's scores appears once the counterpart revealed its
    definition of winning (``theirs_known``); the round each offer was made in, when the room
    runs more than one (``rounds``).
    """
    if not rows:
        return "<p class='nw-dr-none'>No offers yet: propose the first package.</p>"
    by_round = rounds > 1
    head = "<tr><th>Offer</th>" + ("<th>Round</th>" if by_round else "") + "<th>From</th>"
    head += "".join(f"<th>{escape(i.display_name)}</th>" for i in terms.issues)
    head += "<th>Your score</th>" + ("<th>Their score</th>" if theirs_known else "")
    head += "<th>Status</th></tr>"
    body = ""
    for r in rows:
        cells = "".join(f"<td>{escape(v)}</td>" for _label, v in r.terms)
        their = f"<td>{_points(r.theirs)}</td>" if theirs_known else ""
        round_cell = f"<td>{r.round}</td>" if by_round else ""
        body += (
            f"<tr data-offer='{r.number}' data-status='{r.status}'><td>{r.number}</td>"
            f"{round_cell}<td>{escape(r.by)}</td>{cells}<td>{_points(r.own)}</td>{their}"
            f"<td>{escape(STATUS_WORDS[r.status])}</td></tr>"
        )
    return f"<table class='nw-dr-table'>{head}{body}</table>"


def shared_list(rows: Sequence[model.SharedRow]) -> str:
    """The facts the counterpart shared, each with its stated value and who shared it."""
    if not rows:
        return "<p class='nw-dr-none'>Nothing shared with you yet.</p>"
    return (
        "<ul class='nw-dr-list'>"
        + "".join(
            f"<li><b>{escape(r.label)}</b>: {escape(r.stated)} "
            f"<span class='nw-dr-by'>shared by {escape(r.by)}</span></li>"
            for r in rows
        )
        + "</ul>"
    )


def seals_html(state: RoomState, side: Side, other: str) -> str:
    """Both sides' seals; the counterpart's definition once shown, and each amendment since.

    The counterpart's seal shows its time and fingerprint only; its contents appear once that
    side revealed them, and every later amendment with its reason and what it changed.
    """
    mine = state.seals_of(side)
    theirs = state.seals_of(other_side(side))
    parts = [
        f"<p class='nw-dr-seal-mine'><b>Yours</b>: {escape(model.seal_text(mine.latest))}"
        + (" · revealed to the other team" if mine.revealed else "")
        + "</p>",
        f"<p class='nw-dr-seal-theirs'><b>{escape(other)}</b>: "
        f"{escape(model.seal_text(theirs.latest))}"
        + ("" if theirs.latest is None or theirs.revealed else " · contents not shown yet")
        + "</p>",
    ]
    shown = theirs.shown
    if shown:
        first = shown[0]
        text = model.definition_lines(first.definition or {}, state.terms)
        parts.append(
            f"<div class='nw-dr-revealed'><b>Their definition (version {first.version})"
            "</b><ul>" + "".join(f"<li>{escape(t)}</li>" for t in text) + "</ul></div>"
        )
        for before, after in itertools.pairwise(shown):
            changes = model.definition_changes(
                before.definition or {}, after.definition or {}, state.terms
            )
            parts.append(
                f"<div class='nw-dr-amended'><b>Amended to version {after.version}</b>"
                f" {escape(model.sealed_when(after))}"
                f" · reason: {escape(after.reason or 'none given')}<ul>"
                + "".join(f"<li>{escape(c)}</li>" for c in changes or ["No change in content."])
                + "</ul></div>"
            )
    return "".join(parts)


def pact_html(state: RoomState, side: Side, other: str) -> str:
    """Where the fairness pact stands, for this team."""
    look = "nw-banner nw-good" if state.fair_share is not None else "nw-dr-pact-open"
    lines = "".join(f"<p>{escape(line)}</p>" for line in model.pact_lines(state, side, other))
    return f"<div class='nw-dr-pact-state {look}'>{lines}</div>"
