"""The brief reads the page's assessment when it is given one, and only one of the same case."""

from __future__ import annotations

from datetime import date

import pytest

from negotiation_lib.assessment import assess_case
from negotiation_lib.datasets import load_sample_case
from negotiation_lib.exports import brief
from negotiation_lib.exports.brief import brief_html

WHEN = date(2026, 5, 4)


def test_the_given_assessment_is_used_and_gives_the_same_brief(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = load_sample_case("pumpco_acme_foods")
    own = brief_html(case, paths=300, generated=WHEN)
    a = assess_case(case, paths=300)

    def no_second_assessment(*args: object, **kwargs: object) -> None:
        raise AssertionError("the brief assessed the case again")

    monkeypatch.setattr(brief.document, "assess_case", no_second_assessment)
    assert brief_html(case, assessment=a, generated=WHEN) == own


def test_an_assessment_of_another_case_or_of_the_drafts_is_refused() -> None:
    case = load_sample_case("pumpco_acme_foods")
    other = assess_case(case.model_copy(update={"title": "Another"}), paths=100)
    with pytest.raises(ValueError, match="another case"):
        brief_html(case, assessment=other)
    drafts = assess_case(case, paths=100, use_drafts=True)
    with pytest.raises(ValueError, match="use_drafts"):
        brief_html(case, assessment=drafts)
