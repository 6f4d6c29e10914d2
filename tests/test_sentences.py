"""The squeeze sentence: it names the break-even loyalty and agrees with a brute-force search."""

from __future__ import annotations

import re

import numpy as np
import pytest

from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.economics import case_economics
from negotiation_lib.domain.projection import case_projection
from negotiation_lib.sentences import squeeze_pays, squeeze_sentence


def _numbers(text: str) -> list[float]:
    return [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


@pytest.mark.parametrize("name", sample_case_names())
def test_the_sentence_quotes_the_break_even_and_the_assumption(name: str) -> None:
    case = load_sample_case(name)
    assert case.relationship is not None
    p = case_projection(case)
    text = squeeze_sentence(p, case.relationship, case.currency, case.unit)
    assert text is not None
    assert p.break_even_retention_one_sided is not None
    found = _numbers(text)
    assert round(100 * p.break_even_retention_one_sided, 1) in found
    assert round(100 * case.relationship.retention_one_sided) in found


def _squeezed(case: Case, drop: float) -> Case:
    assert case.relationship is not None
    rel = case.relationship.model_copy(
        update={"retention_one_sided": case.relationship.retention_fair - drop}
    )
    return case.model_copy(update={"relationship": rel})


@pytest.mark.parametrize("name", sample_case_names())
def test_the_verdict_flips_where_a_brute_force_search_says(name: str) -> None:
    # Independent check: scan prices above the fair one and compare the seller's NPV there
    # with its NPV at the fair price, for drops just either side of the break-even.
    case = load_sample_case(name)
    p = case_projection(case)
    assert p.break_even_loyalty is not None
    assert p.seller_optimal is not None
    fair = p.scenarios.trust.pocket_price_per_unit
    for drop, pays in ((p.break_even_loyalty * 0.8, True), (p.break_even_loyalty * 1.2, False)):
        squeezed = _squeezed(case, drop)
        at_fair = case_projection(squeezed, pocket_price_per_unit=fair).seller_npv
        ceiling = case_economics(squeezed).zopa.ceiling_per_unit
        best = max(
            case_projection(squeezed, pocket_price_per_unit=float(x)).seller_npv
            for x in np.linspace(fair, ceiling, 201)[1:]
        )
        assert (best > at_fair) is pays
        projected = case_projection(squeezed)
        assert squeeze_pays(projected) is pays
        text = squeeze_sentence(projected, squeezed.relationship, case.currency, case.unit)
        assert text is not None
        assert ("squeezing pays here" in text) is pays
