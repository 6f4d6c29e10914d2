"""The role-play sample cases: loaded as their truth everywhere a plain case is read."""

from __future__ import annotations

import json
from typing import Any

import pytest

from negotiation_lib.datasets import (
    CASES_DIR,
    case_title,
    load_corvane_bluewell,
    load_role_play_case,
    load_sample_case,
    load_valtora_brightmoor,
    role_play_case_names,
    sample_case_document,
    sample_case_names,
    teaching_note_path,
)
from negotiation_lib.domain.case import missing_sections
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.validation import parse_case
from negotiation_lib.exports.case_io import case_json, read_case_file
from negotiation_lib.worksheets.app import RolePlayCaseError, load_document

ROLE_PLAY = ("corvane_bluewell", "valtora_brightmoor")


def raw(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((CASES_DIR / f"{name}.json").read_text("utf-8"))
    return loaded


def test_the_role_play_samples_are_listed_with_the_others() -> None:
    assert role_play_case_names() == list(ROLE_PLAY)
    assert set(ROLE_PLAY) < set(sample_case_names())
    assert load_valtora_brightmoor() == load_sample_case("valtora_brightmoor")
    assert load_corvane_bluewell() == load_sample_case("corvane_bluewell")


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_a_role_play_sample_opens_as_a_complete_ordinary_case(name: str) -> None:
    doc = sample_case_document(name)
    assert "roles" not in doc
    roles = raw(name)["roles"]
    # Both sides' secrets are in the truth, each where its part put it.
    assert (
        doc["economics"]["variable_cost_per_unit"]
        == (roles["seller"]["private"]["economics"]["variable_cost_per_unit"])
    )
    assert (
        doc["relationship"]["customer_batna_per_period"]
        == (roles["customer"]["private"]["relationship"]["customer_batna_per_period"])
    )
    assert doc["win_win"]["seller"] == roles["seller"]["private"]["win_win"]["seller"]
    assert doc["win_win"]["customer"] == roles["customer"]["private"]["win_win"]["customer"]
    case = load_sample_case(name)
    assert case == parse_case(doc)
    assert missing_sections(case) == []
    assert case_title(name) == roles["public"]["title"]
    assert case_title(name).endswith("(role-play)")


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_the_role_play_document_is_the_file(name: str) -> None:
    assert load_role_play_case(name) == raw(name)


def test_an_ordinary_sample_is_not_a_role_play_case() -> None:
    with pytest.raises(CaseError, match="not a role-play case"):
        load_role_play_case("pumpco_acme_foods")
    assert sample_case_document("pumpco_acme_foods") == raw("pumpco_acme_foods")


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_an_uploaded_role_play_file_replaces_a_worksheet_with_the_truth(name: str) -> None:
    got = read_case_file(case_json(raw(name)), f"{name}.json")
    assert got == sample_case_document(name)


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_a_practice_page_never_opens_a_role_play_case(name: str) -> None:
    # Its truth holds both sides' secrets: it is played in a workshop's deal room instead
    # (the page a practice link opens: tests/worksheets/test_role_play_practice.py).
    with pytest.raises(RolePlayCaseError):
        load_document(f"case={name}", "pumpco_acme_foods")


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_each_role_play_sample_has_a_teaching_note_for_the_facilitator(name: str) -> None:
    note = teaching_note_path(name).read_text("utf-8")
    assert note.startswith("# Teaching note: ")
    for heading in (
        "## The setup",
        "## The hidden facts, and why they matter",
        "## The zone of possible agreement, from the truth",
        "## What a good debrief looks for",
    ):
        assert heading in note
    assert f"report data/cases/{name}.json --side seller" in note
    # The teaching notes are Markdown beside the cases, never a case file themselves.
    assert teaching_note_path(name).stem not in sample_case_names()
