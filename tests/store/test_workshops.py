"""Workshops: creating them, finding them by id, join code and facilitator key."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from negotiation_lib.datasets import sample_case_names
from negotiation_lib.store import BLANK_CASE, Store, StoreError
from negotiation_lib.store.codes import ALPHABET, digest, normalize_code
from tests.store import everything_stored, raw_rows

SYMBOL = f"[{re.escape(ALPHABET)}]"


def test_create_returns_a_join_code_and_a_key_shown_once(store: Store) -> None:
    before = datetime.now(UTC)
    made = store.create_workshop("  Key   accounts,  spring ", ["pumpco_acme_foods", BLANK_CASE])
    info = made.workshop
    assert info.name == "Key accounts, spring"  # runs of white space collapse
    assert info.cases == ("pumpco_acme_foods", BLANK_CASE)
    assert info.participants == 0
    assert re.fullmatch(rf"{SYMBOL}{{5}}-{SYMBOL}{{5}}", info.join_code), info.join_code
    assert info.created_at.tzinfo is not None
    assert before - timedelta(seconds=5) <= info.created_at <= datetime.now(UTC)
    assert len(made.facilitator_key) >= 24
    # The key is nowhere in what is listed or looked up later.
    assert store.workshop(info.id) == info
    assert made.facilitator_key not in repr(store.workshops())


def test_only_the_sha256_of_the_facilitator_key_is_stored(store: Store) -> None:
    made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
    (row,) = raw_rows(store, "workshops")
    assert row["key_sha256"] == digest(made.facilitator_key)
    assert made.facilitator_key not in everything_stored(store)
    # The join code opens nobody's work; it is kept as is (without its dash).
    assert row["join_code"] == normalize_code(made.workshop.join_code)


def test_cases_handed_out_keep_their_order_without_duplicates(store: Store) -> None:
    made = store.create_workshop(
        "W", ["swiftfreight_helios", "pumpco_acme_foods", "swiftfreight_helios"]
    )
    assert made.workshop.cases == ("swiftfreight_helios", "pumpco_acme_foods")
    assert store.workshop(made.workshop.id).cases == made.workshop.cases


def test_an_unknown_case_is_refused_with_the_cases_to_choose_from(store: Store) -> None:
    with pytest.raises(StoreError) as caught:
        store.create_workshop("W", ["pumpco_acme_foods", "no_such_case"])
    message = caught.value.message
    assert "'no_such_case'" in message
    for name in [*sample_case_names(), BLANK_CASE]:
        assert name in message
    assert store.workshops() == []


def test_a_workshop_hands_out_at_least_one_case(store: Store) -> None:
    with pytest.raises(StoreError, match="at least one case"):
        store.create_workshop("W", [])
    assert raw_rows(store, "workshops") == []


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_an_empty_workshop_name_is_refused(store: Store, name: str) -> None:
    with pytest.raises(StoreError, match="Enter a workshop name"):
        store.create_workshop(name, ["pumpco_acme_foods"])
    assert store.workshops() == []


def test_a_workshop_name_has_at_most_120_characters(store: Store) -> None:
    assert store.create_workshop("x" * 120, [BLANK_CASE]).workshop.name == "x" * 120
    with pytest.raises(StoreError, match=r"at most 120 characters \(this one has 121\)"):
        store.create_workshop("x" * 121, [BLANK_CASE])
    assert len(store.workshops()) == 1


def test_a_workshop_name_cannot_hold_control_characters(store: Store) -> None:
    with pytest.raises(StoreError, match="control characters"):
        store.create_workshop("Key\x00accounts", [BLANK_CASE])


def test_workshops_are_listed_newest_first_with_participant_counts(store: Store) -> None:
    first = store.create_workshop("First", ["pumpco_acme_foods"]).workshop
    second = store.create_workshop("Second", [BLANK_CASE]).workshop
    third = store.create_workshop("Third", ["pumpco_acme_foods"]).workshop
    for name in ("Ann", "Ben", "Cleo"):
        store.join(first.join_code, name)
    store.join(third.join_code, "Dan")
    listed = store.workshops()
    assert [w.name for w in listed] == ["Third", "Second", "First"]
    assert {w.id: w.participants for w in listed} == {first.id: 3, second.id: 0, third.id: 1}
    assert len({w.join_code for w in listed}) == 3


def test_the_facilitator_key_opens_its_own_workshop_only(store: Store) -> None:
    a = store.create_workshop("A", ["pumpco_acme_foods"])
    b = store.create_workshop("B", ["pumpco_acme_foods"])
    store.join(a.workshop.join_code, "Ann")
    found = store.workshop_for_key(a.facilitator_key)
    assert found is not None
    assert (found.id, found.name, found.participants) == (a.workshop.id, "A", 1)
    other = store.workshop_for_key(f"  {b.facilitator_key}\n")  # pasted with white space
    assert other is not None
    assert other.id == b.workshop.id


@pytest.mark.parametrize("wrong", ["", "   ", "not-a-key", "x" * 24])
def test_a_wrong_or_empty_key_opens_nothing(store: Store, wrong: str) -> None:
    made = store.create_workshop("A", ["pumpco_acme_foods"])
    assert store.workshop_for_key(wrong) is None
    # Neither does the key's hash, nor the key in another case.
    assert store.workshop_for_key(digest(made.facilitator_key)) is None
    assert store.workshop_for_key(made.facilitator_key.swapcase()) is None


def test_a_workshop_is_found_by_id_and_by_join_code_as_typed(store: Store) -> None:
    made = store.create_workshop("A", ["pumpco_acme_foods"]).workshop
    store.create_workshop("B", ["pumpco_acme_foods"])
    store.join(made.join_code, "Ann")
    by_id = store.workshop(made.id)
    assert (by_id.id, by_id.participants) == (made.id, 1)
    assert store.workshop(str(made.id)).id == made.id
    code = made.join_code
    spaced = f" {code.replace('-', '  ')} "
    for typed in (code, code.lower(), code.replace("-", " ").lower(), spaced):
        assert store.workshop(typed).id == made.id, typed
        found = store.workshop_for_join_code(typed)
        assert found is not None
        assert found.id == made.id


def test_an_unknown_workshop_is_a_store_error_naming_it(store: Store) -> None:
    store.create_workshop("A", ["pumpco_acme_foods"])
    with pytest.raises(StoreError, match="There is no workshop 999"):
        store.workshop(999)
    with pytest.raises(StoreError, match="There is no workshop 'ZZZ-ZZZ'"):
        store.workshop("ZZZ-ZZZ")
    assert store.workshop_for_join_code("ZZZ-ZZZ") is None
    assert store.workshop_for_join_code(" - ") is None


@pytest.mark.parametrize("odd", ["\ud800", "key\udfff", "clé-ünïcode", "a\x00b"])
def test_a_key_that_is_not_plain_text_opens_nothing(store: Store, odd: str) -> None:
    store.create_workshop("A", ["pumpco_acme_foods"])
    assert store.workshop_for_key(odd) is None


def test_a_workshop_name_cannot_hold_a_lone_surrogate(store: Store) -> None:
    with pytest.raises(StoreError, match="cannot contain control characters"):
        store.create_workshop("Key \ud800 accounts", [BLANK_CASE])
    assert store.workshops() == []
