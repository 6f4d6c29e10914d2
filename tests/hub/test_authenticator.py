"""The hub's login: a name and a code, checked against a real store (SQLite and PostgreSQL).

Each test logs in through JupyterHub's own entry point (``get_authenticated_user``), as the
login form does, and reads what the hub would keep: the username and the auth state.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from tornado import web

from negotiation_lib.hub.authenticator import WorkbookAuthenticator
from negotiation_lib.store import Store
from negotiation_lib.store.attempts import PAGE_FREE_FAILURES

URL_SAFE = re.compile(r"^[a-z0-9-]+$")


def login(auth: WorkbookAuthenticator, name: str, code: str) -> dict[str, Any]:
    result: dict[str, Any] | None = asyncio.run(
        auth.get_authenticated_user(None, {"username": name, "password": code})
    )
    assert result is not None
    return result


def refusal(auth: WorkbookAuthenticator, name: str, code: str) -> str:
    with pytest.raises(web.HTTPError) as refused:
        asyncio.run(auth.get_authenticated_user(None, {"username": name, "password": code}))
    assert refused.value.status_code == 403
    return str(refused.value.get_message())


@pytest.fixture
def auth(store: Store) -> WorkbookAuthenticator:
    return WorkbookAuthenticator(store_url=store.url)


def test_a_name_and_the_join_code_make_a_new_participant(
    store: Store, auth: WorkbookAuthenticator
) -> None:
    made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
    user = login(auth, "  Team   Blue ", made.workshop.join_code)
    w = made.workshop.id
    assert user["name"] == f"w{w}-team-blue"
    state = user["auth_state"]
    assert state["role"] == "trainee"
    assert state["workshop_id"] == w
    person = store.participant_for_resume(state["resume_code"])
    assert person is not None
    assert person.name == "Team Blue"
    assert person.id == state["participant_id"]
    assert [p.name for p in store.participants(w)] == ["Team Blue"]


def test_the_same_name_with_the_join_code_again_is_refused(
    store: Store, auth: WorkbookAuthenticator
) -> None:
    made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
    login(auth, "Team Blue", made.workshop.join_code)
    login(auth, "50% Team", made.workshop.join_code)
    assert "as '50% Team'." in refusal(auth, "50% Team", made.workshop.join_code)
    for again in ("Team Blue", "team  blue"):
        sentence = refusal(auth, again, made.workshop.join_code)
        assert "already joined this workshop" in sentence
        assert "resume code" in sentence
    assert len(store.participants(made.workshop.id)) == 2


def test_a_resume_code_logs_in_as_the_same_user(store: Store, auth: WorkbookAuthenticator) -> None:
    made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
    first = login(auth, "Team Blue", made.workshop.join_code)
    code = first["auth_state"]["resume_code"]
    # Typed in lower case, with spaces, and without a name: the code alone says who.
    again = login(auth, "", code.lower().replace("-", " "))
    assert again["name"] == first["name"]
    assert again["auth_state"]["participant_id"] == first["auth_state"]["participant_id"]
    assert again["auth_state"]["resume_code"] == code
    assert len(store.participants(made.workshop.id)) == 1


def test_a_facilitator_key_logs_in_as_the_workshops_facilitator(
    store: Store, auth: WorkbookAuthenticator
) -> None:
    made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
    user = login(auth, "Dana", made.facilitator_key)
    assert user["name"] == f"w{made.workshop.id}-facilitator"
    assert user["auth_state"] == {
        "role": "facilitator",
        "workshop_id": made.workshop.id,
        "facilitator_key": made.facilitator_key,
    }
    assert store.participants(made.workshop.id) == []


def test_a_wrong_code_of_each_kind_is_refused_with_a_sentence(
    store: Store, auth: WorkbookAuthenticator
) -> None:
    made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
    wrong_join = "ZZZZZ-ZZZZZ" if made.workshop.join_code != "ZZZZZ-ZZZZZ" else "YYYYY-YYYYY"
    assert "No open workshop has this join code" in refusal(auth, "Ann", wrong_join)
    assert "resume code opens nothing" in refusal(auth, "", "AAAA-BBBB-CCCC")
    assert "key opens no workshop" in refusal(auth, "", "x" * 24)
    assert "Enter your join code" in refusal(auth, "Ann", "   ")
    assert "Enter your name" in refusal(auth, "", made.workshop.join_code)
    assert store.participants(made.workshop.id) == []


def test_a_closed_workshops_join_code_is_refused_but_resume_codes_still_work(
    store: Store, auth: WorkbookAuthenticator
) -> None:
    made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
    ann = login(auth, "Ann", made.workshop.join_code)
    store.close_workshop(made.workshop.id)
    sentence = refusal(auth, "Ben", made.workshop.join_code)
    assert "closed by its facilitator" in sentence
    assert login(auth, "", ann["auth_state"]["resume_code"])["name"] == ann["name"]
    assert [p.name for p in store.participants(made.workshop.id)] == ["Ann"]


def test_after_too_many_wrong_codes_even_a_right_one_waits(
    store: Store, auth: WorkbookAuthenticator
) -> None:
    made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
    for _ in range(PAGE_FREE_FAILURES):
        assert "No open workshop" in refusal(auth, "Ann", "ZZZZZ-ZZZZY")
    sentence = refusal(auth, "Ann", made.workshop.join_code)
    assert re.fullmatch(r"Too many wrong join codes: wait \d+ s, then try again\.", sentence)
    assert store.participants(made.workshop.id) == []
    # Someone else, with their own name, is not held up by Ann's typos.
    assert login(auth, "Ben", made.workshop.join_code)["name"].endswith("-ben")


def test_usernames_are_url_safe_and_unique(store: Store, auth: WorkbookAuthenticator) -> None:
    made = store.create_workshop("Key accounts", ["pumpco_acme_foods"])
    names = ["Team Blue", "team-blue", "Team Blue!", "Zoë & Anaïs", "李", "王", "Facilitator"]
    joined = [login(auth, name, made.workshop.join_code) for name in names]
    users = [user["name"] for user in joined]
    assert all(URL_SAFE.fullmatch(u) for u in users), users
    facilitator = login(auth, "", made.facilitator_key)["name"]
    assert len({*users, facilitator}) == len(names) + 1
    w = made.workshop.id
    assert users[0] == f"w{w}-team-blue"
    assert users[3] == f"w{w}-zoe-anais"
    assert [p.name for p in store.participants(w)] == names
    # Each keeps their username when they come back with their resume code.
    again = [login(auth, "", user["auth_state"]["resume_code"])["name"] for user in joined]
    assert again == users
