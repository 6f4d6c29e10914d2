"""A team on a role-play case is handed only its own side (issue 18): never the other's secrets.

Every test runs on SQLite and on PostgreSQL (the ``store`` fixture), on both sample role-play
cases. What a team's stored case may hold is checked against the case file itself: each of the
other side's private facts must be missing at its place, and none of its distinctive values
(amounts of 100 or more, and texts) may appear anywhere in the stored case, neither as the
number the JSON holds nor as the workbook writes it on a page ("19,400", "−260,000").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from negotiation_lib.datasets import load_role_play_case, role_play_case_names
from negotiation_lib.domain.roles import (
    SIDES,
    Side,
    counterpart,
    fact_at,
    parse_fact_path,
    private_facts,
    public_facts,
    side_view,
)
from negotiation_lib.formatting import number
from negotiation_lib.store import Store

Leaf = tuple[str, float | str]


def _leaves(value: object) -> Iterator[Leaf]:
    """Every number and text inside a JSON value (keys are names, not values: left out)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        yield ("number", float(value))
    elif isinstance(value, str):
        yield ("text", value)


def _distinctive(leaf: Leaf) -> bool:
    # Small numbers (weights, scores 0-100, trust factors 1-10) recur everywhere in a case:
    # those facts are checked by their place instead.
    kind, value = leaf
    if kind == "number":
        assert isinstance(value, float)
        return abs(value) >= 100
    return len(str(value)) >= 4


def secrets_of(document: dict[str, Any], side: Side) -> set[Leaf]:
    """The distinctive values of ``side``'s private facts that its counterpart's view lacks."""
    theirs = {leaf for f in private_facts(document, side) for leaf in _leaves(f.value)}
    known = set(_leaves(side_view(document, counterpart(side))))
    return {leaf for leaf in theirs - known if _distinctive(leaf)}


def _written(value: float) -> set[str]:
    """A number as the case file writes it and as a page shows it."""
    raw = str(int(value)) if value.is_integer() else repr(value)
    decimals = 0 if value.is_integer() else len(repr(value).partition(".")[2])
    return {raw, number(value, decimals)}


def leaked(stored: dict[str, Any], document: dict[str, Any], side: Side) -> list[str]:
    """Everything of ``side``'s private facts found in a case stored for the other side."""
    found = [
        f"{f.path} is in the case"
        for f in private_facts(document, side)
        if fact_at(stored, parse_fact_path(f.path))[0]
    ]
    values = set(_leaves(stored))
    text = json.dumps(stored, ensure_ascii=False)
    for leaf in secrets_of(document, side):
        if leaf in values:
            found.append(f"{leaf[1]!r} is a value of the case")
        kind, value = leaf
        if kind == "number":
            assert isinstance(value, float)
            for written in _written(value):
                # As a whole number: 19400 must not match inside 194000 or 1,194,00.
                if re.search(rf"(?<![\d.,]){re.escape(written)}(?![\d,]|\.\d)", text):
                    found.append(f"{written} is written in the case")
        elif str(value) in text:
            found.append(f"{str(value)[:40]!r} is written in the case")
    return found


def missing_own(stored: dict[str, Any], document: dict[str, Any], side: Side) -> list[str]:
    """The side's own private facts, and the public ones, absent or changed in its case."""
    out = []
    for fact in (*private_facts(document, side), *public_facts(document)):
        there, value = fact_at(stored, parse_fact_path(fact.path))
        if not there or value != fact.value:
            out.append(fact.path)
    return out


def _join_three(store: Store, case_name: str) -> tuple[int, list[int]]:
    """A workshop on the case and three teams joined: a seller, its customer, a seller waiting."""
    made = store.create_workshop("Deal rooms", [case_name])
    code = made.workshop.join_code
    return made.workshop.id, [store.join(code, name).participant.id for name in ("A", "B", "C")]


def _stored(store: Store, participant_id: int) -> dict[str, Any]:
    latest = store.latest(participant_id)
    assert latest is not None
    assert latest.data is not None
    return latest.data


def _all_shared(document: dict[str, Any], side: Side) -> dict[str, Any]:
    return {f.path: f.value for f in private_facts(document, side)}


@pytest.mark.parametrize("case_name", role_play_case_names())
def test_the_check_finds_every_secret_where_it_can_hide(case_name: str) -> None:
    # The check must be able to fail: a view told every fact of the other side holds them all,
    # and a secret amount written into a note is found as the page writes it.
    document = load_role_play_case(case_name)
    for side in SIDES:
        other = counterpart(side)
        told = side_view(document, other, _all_shared(document, side))
        found = leaked(told, document, side)
        assert len(found) >= len(private_facts(document, side)), side
        amount = max(v for k, v in secrets_of(document, side) if k == "number")
        assert isinstance(amount, float)
        note = dict(side_view(document, other), title=f"Their figure is {number(amount)} a year")
        assert leaked(note, document, side) == [f"{number(amount)} is written in the case"]
        assert leaked(side_view(document, other), document, side) == []


@pytest.mark.parametrize("case_name", role_play_case_names())
def test_each_team_is_handed_its_own_side_and_nothing_of_the_other(
    store: Store, case_name: str
) -> None:
    document = load_role_play_case(case_name)
    workshop, (seller, customer, waiting) = _join_three(store, case_name)
    seats: dict[int, Side] = {seller: "seller", customer: "customer", waiting: "seller"}
    starts = store.starting_documents(workshop)
    for pid, side in seats.items():
        seat = store.room_for(pid)
        assert seat is not None
        assert seat.side == side
        # What the resume code restores, and version 1, the case as handed out.
        for stored in (_stored(store, pid), store.version(pid, 1).data, starts[pid]):
            assert stored is not None
            assert leaked(stored, document, counterpart(side)) == [], side
            assert missing_own(stored, document, side) == [], side
            assert stored == side_view(document, side)
            assert "roles" not in stored


@pytest.mark.parametrize("case_name", role_play_case_names())
def test_a_team_moved_to_the_other_side_is_handed_that_side(store: Store, case_name: str) -> None:
    document = load_role_play_case(case_name)
    made = store.create_workshop("Deal rooms", [case_name])
    code = made.workshop.join_code
    ann, bob = (store.join(code, name).participant.id for name in ("Ann", "Bob"))

    store.repair(made.workshop.id, made.facilitator_key, [(bob, ann)])

    moved: tuple[tuple[int, Side], ...] = ((bob, "seller"), (ann, "customer"))
    for pid, side in moved:
        seat = store.room_for(pid)
        assert seat is not None
        assert seat.side == side
        stored = _stored(store, pid)
        assert leaked(stored, document, counterpart(side)) == [], side
        assert missing_own(stored, document, side) == [], side
        assert [(v.version, v.worksheet) for v in store.history(pid)] == [(1, "join"), (2, "join")]
        # Progress on the dashboard is measured from the case the team now plays, not the
        # other side's it was handed at joining.
        assert store.starting_documents(made.workshop.id)[pid] == stored


@pytest.mark.parametrize("case_name", role_play_case_names())
def test_a_team_re_paired_on_its_own_side_keeps_its_work(store: Store, case_name: str) -> None:
    made = store.create_workshop("Deal rooms", [case_name])
    code = made.workshop.join_code
    ann, bob, cy, di = (
        store.join(code, name).participant.id for name in ("Ann", "Bob", "Cy", "Di")
    )
    mine = dict(_stored(store, ann), title="Ann's notes")
    store.save(ann, mine, "value_proposition")

    # Every team keeps its side: nobody is handed a new case.
    store.repair(made.workshop.id, made.facilitator_key, [(ann, di), (cy, bob)])

    assert _stored(store, ann) == mine
    assert {pid: len(store.history(pid)) for pid in (ann, bob, cy, di)} == {
        ann: 2,
        bob: 1,
        cy: 1,
        di: 1,
    }


def test_a_page_open_across_a_side_swap_saves_nothing_of_the_old_side(store: Store) -> None:
    """A page opened before the facilitator moved its team to the other side: its next save
    would have merged the old side's work into the new side's case. Nothing is saved; the
    outcome hands the page the new side's case."""
    case_name = role_play_case_names()[0]
    document = load_role_play_case(case_name)
    made = store.create_workshop("Deal rooms", [case_name])
    code = made.workshop.join_code
    ann, bob = (store.join(code, name).participant.id for name in ("Ann", "Bob"))
    opened = store.latest(ann)
    assert opened is not None
    assert opened.data is not None
    page = dict(opened.data, title="Ann's seller notes")

    store.repair(made.workshop.id, made.facilitator_key, [(bob, ann)])
    outcome = store.save_on_base(
        ann, page, "value_proposition", base_version=opened.version, base=opened.data
    )

    assert outcome.kind == "handed_out"
    assert outcome.saved is None
    assert outcome.version == 2
    assert [v.worksheet for v in store.history(ann)] == ["join", "join"]
    newest = _stored(store, ann)
    assert newest.get("title") != "Ann's seller notes"
    assert leaked(newest, document, "seller") == []
    assert outcome.document["title"] == newest["title"]
    # Saved again on the version it was handed, the page's changes are kept as usual.
    again = store.save_on_base(
        ann,
        dict(outcome.document, title="Ann's buyer notes"),
        "value_proposition",
        base_version=outcome.version,
        base=outcome.document,
    )
    assert again.kind == "saved"
    assert _stored(store, ann)["title"] == "Ann's buyer notes"
