"""Participants: joining with the join code, coming back with the resume code, progress."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from negotiation_lib.datasets import role_play_case_names, sample_case_names
from negotiation_lib.document import blank_case
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.store import BLANK_CASE, Store, StoreError
from negotiation_lib.store.codes import ALPHABET, digest, normalize_code
from tests.store import everything_stored, raw_rows, sample_case, workshop_with

SYMBOL = f"[{re.escape(ALPHABET)}]"

ORDINARY = [n for n in sample_case_names() if n not in role_play_case_names()]
"""The sample cases handed out whole; a team on a role-play case gets its side only
(tests/store/test_rooms_handout.py)."""


def unsealed(case: dict[str, Any]) -> dict[str, Any]:
    """The case without its seal history, written out here apart from the store's code."""
    out = copy.deepcopy(case)
    out["win_win"].pop("seals", None)  # a role-play case comes unsealed already
    return out


@pytest.mark.parametrize("case_name", ORDINARY)
def test_joining_saves_the_sample_case_as_version_1(store: Store, case_name: str) -> None:
    made = store.create_workshop("W", [case_name])
    joined = store.join(made.workshop.join_code, "Team Blue")
    person = joined.participant
    assert (person.name, person.case_name, person.workshop_id) == (
        "Team Blue",
        case_name,
        made.workshop.id,
    )
    assert person.versions == 1
    history = store.history(person.id)
    assert [(v.version, v.worksheet) for v in history] == [(1, "join")]
    first = store.version(person.id, 1)
    # Exactly the file as saved, but handed out unsealed: the definitions are drafts.
    assert first.data == unsealed(sample_case(case_name))
    latest = store.latest(person.id)
    assert latest is not None
    assert latest.version == 1
    assert latest.sha256 == first.sha256 == history[0].sha256
    assert latest.data == unsealed(sample_case(case_name))
    assert store.seals(person.id) == {"seller": [], "customer": []}
    assert raw_rows(store, "sealed_definitions") == []


@pytest.mark.parametrize("case_name", ORDINARY)
def test_a_handed_out_case_keeps_the_sealed_definitions_as_drafts(
    store: Store, case_name: str
) -> None:
    made = store.create_workshop("W", [case_name])
    joined = store.join(made.workshop.join_code, "Team Blue")
    latest = store.latest(joined.participant.id)
    assert latest is not None
    assert latest.data is not None
    file = sample_case(case_name)
    seals = file["win_win"].get("seals")  # none in a role-play case: each side seals its own
    for party in ("seller", "customer"):
        # The draft the trainee gets is what the file last sealed: theirs to keep and seal.
        drafted = seals[party][-1]["definition"] if seals else file["win_win"][party]
        assert latest.data["win_win"][party] == drafted
    assert "seals" not in latest.data["win_win"]
    # The file itself keeps its seals (practice opens it as it is).
    assert seals is None or seals["seller"]
    assert parse_case(latest.data).win_win == parse_case(unsealed(file)).win_win


def test_starting_documents_are_the_cases_as_handed_out(store: Store) -> None:
    made = store.create_workshop("W", ["swiftfreight_helios", BLANK_CASE])
    code = made.workshop.join_code
    ann = store.join(code, "Ann").participant.id
    ben = store.join(code, "Ben", BLANK_CASE).participant.id
    elsewhere = store.create_workshop("Other", [BLANK_CASE]).workshop.join_code
    store.join(elsewhere, "Dan")
    store.save(ann, sample_case("swiftfreight_helios"), "import")  # seals and all
    store.save(ben, {"title": "Changed"}, "value_proposition")
    starts = store.starting_documents(made.workshop.id)
    assert starts == {
        ann: unsealed(sample_case("swiftfreight_helios")),
        ben: blank_case(),
    }
    assert store.starting_documents(987654) == {}


def test_joining_with_a_join_code_typed_in_lower_case_with_spaces(store: Store) -> None:
    made = store.create_workshop("W", ["pumpco_acme_foods"])
    typed = made.workshop.join_code.lower().replace("-", "  ")
    joined = store.join(f" {typed} ", "  Team   Blue ")
    assert joined.participant.name == "Team Blue"
    assert joined.participant.workshop_id == made.workshop.id


def test_a_participant_picks_one_of_the_cases_handed_out(store: Store) -> None:
    made = store.create_workshop("W", ["pumpco_acme_foods", BLANK_CASE])
    code = made.workshop.join_code
    default = store.join(code, "Ann").participant
    blank = store.join(code, "Ben", BLANK_CASE).participant
    assert (default.case_name, blank.case_name) == ("pumpco_acme_foods", BLANK_CASE)
    latest = store.latest(blank.id)
    assert latest is not None
    assert latest.data == blank_case()
    with pytest.raises(StoreError, match="not 'swiftfreight_helios'"):
        store.join(code, "Cleo", "swiftfreight_helios")
    assert [p.name for p in store.participants(made.workshop.id)] == ["Ann", "Ben"]


def test_joining_can_start_from_a_document_of_ones_own(store: Store) -> None:
    made = store.create_workshop("W", ["pumpco_acme_foods"])
    mine = {"title": "Imported", "seller": "Us"}
    joined = store.join(made.workshop.join_code, "Ann", initial=mine)
    latest = store.latest(joined.participant.id)
    assert latest is not None
    assert (latest.version, latest.worksheet, latest.data) == (1, "join", mine)


@pytest.mark.parametrize("code", ["ZZZ-ZZZ", "", "   ", "K7M-Q2P-XX"])
def test_a_wrong_join_code_is_refused(store: Store, code: str) -> None:
    store.create_workshop("W", ["pumpco_acme_foods"])
    with pytest.raises(StoreError, match="No workshop has this join code"):
        store.join(code, "Team Blue")
    assert raw_rows(store, "participants") == []
    assert raw_rows(store, "case_versions") == []


def test_a_name_is_taken_once_per_workshop(store: Store) -> None:
    made, (ann,) = workshop_with(store, "Ann Lee")
    code = made.workshop.join_code
    for again in ("Ann Lee", "  Ann   Lee "):
        with pytest.raises(StoreError, match="Someone already joined this workshop as 'Ann Lee'"):
            store.join(code, again)
    # Nothing of the refused joins is left behind.
    assert [p.id for p in store.participants(made.workshop.id)] == [ann.participant.id]
    assert len(raw_rows(store, "case_versions")) == 1
    # Another workshop may have its own Ann Lee.
    other = store.create_workshop("Other", ["pumpco_acme_foods"]).workshop
    assert store.join(other.join_code, "Ann Lee").participant.workshop_id == other.id


@pytest.mark.parametrize(("name", "match"), [("  ", "Enter a name"), ("x" * 81, "at most 80")])
def test_an_empty_or_too_long_name_is_refused(store: Store, name: str, match: str) -> None:
    made = store.create_workshop("W", ["pumpco_acme_foods"])
    with pytest.raises(StoreError, match=match):
        store.join(made.workshop.join_code, name)
    assert store.join(made.workshop.join_code, "x" * 80).participant.name == "x" * 80


def test_the_resume_code_is_shown_once_and_stored_only_as_its_sha256(store: Store) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    code = ann.resume_code
    assert re.fullmatch(rf"{SYMBOL}{{4}}-{SYMBOL}{{4}}-{SYMBOL}{{4}}", code), code
    (row,) = raw_rows(store, "participants")
    assert row["resume_sha256"] == digest(normalize_code(code))
    stored = everything_stored(store)
    assert code not in stored
    assert normalize_code(code) not in stored


def test_the_resume_code_finds_its_own_participant(store: Store) -> None:
    _, (ann, ben) = workshop_with(store, "Ann", "Ben")
    for typed in (ann.resume_code, ann.resume_code.lower(), ann.resume_code.replace("-", " ")):
        found = store.participant_for_resume(typed)
        assert found is not None, typed
        assert (found.id, found.name) == (ann.participant.id, "Ann")
    # Ben's code opens Ben's work, never Ann's.
    other = store.participant_for_resume(ben.resume_code)
    assert other is not None
    assert (other.id, other.name) == (ben.participant.id, "Ben")
    assert other.id != ann.participant.id


@pytest.mark.parametrize(
    "garbage",
    ["", "   ", "ABCD", "ABCD-EFGH-JKM", "ABCD-EFGH-JKMNP", "' OR 1=1 --", "ZZZZ-ZZZZ-ZZZZ"],
)
def test_a_wrong_short_or_garbage_resume_code_finds_nobody(store: Store, garbage: str) -> None:
    _, (ann,) = workshop_with(store, "Ann")
    assert store.participant_for_resume(garbage) is None
    # Nor does the stored hash, or the code with one symbol left off.
    assert store.participant_for_resume(digest(normalize_code(ann.resume_code))) is None
    assert store.participant_for_resume(ann.resume_code[:-1]) is None


def test_participants_show_their_progress_per_worksheet(store: Store) -> None:
    made, (ann, ben, cleo) = workshop_with(store, "Ann", "Ben", "Cleo")
    other, (dan,) = workshop_with(store, "Dan")
    a, b = ann.participant.id, ben.participant.id
    store.save(a, {"title": "1"}, "value_proposition")
    store.save(a, {"title": "2"}, "value_proposition")
    last_a = store.save(a, {"title": "3"}, "win_win")
    last_b = store.save(b, {"title": "1"}, "transparent_economics")
    store.save(dan.participant.id, {"title": "elsewhere"}, "win_win")

    people = store.participants(made.workshop.id)
    assert [p.name for p in people] == ["Ann", "Ben", "Cleo"]  # in joining order
    by_name = {p.name: p for p in people}
    assert by_name["Ann"].versions == 4
    assert by_name["Ben"].versions == 2
    assert by_name["Cleo"].versions == 1
    assert [(w, n) for w, n, _ in by_name["Ann"].saves_by_worksheet] == [
        ("join", 1),
        ("value_proposition", 2),
        ("win_win", 1),
    ]
    assert [(w, n) for w, n, _ in by_name["Ben"].saves_by_worksheet] == [
        ("join", 1),
        ("transparent_economics", 1),
    ]
    assert by_name["Ann"].last_saved_at == last_a.saved_at
    assert by_name["Ben"].last_saved_at == last_b.saved_at
    for person in people:
        for _, _, at in person.saves_by_worksheet:
            assert at.tzinfo is not None
    assert [p.name for p in store.participants(other.workshop.id)] == ["Dan"]
    assert store.participants(987654) == []
    assert cleo.participant.versions == 1
