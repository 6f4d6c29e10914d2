"""The workshop debrief: one row of headline results per participant.

The facilitator's dashboard, and the workshop export, compare every participant's newest case:
how they split the gain over both BATNAs, which price they called fair and which price would
pay the seller most, the retention a one-sided deal would need for squeezing to pay against the
one they assumed, what losing the relationship costs each side beyond its best alternative
relationship (net COLR), what a trust-based deal is worth against a one-sided (CPT) one over the
repetitions, how they scored trust and style, whether they found a win-win package, and whether
a party moved its goalposts after sealing. Every label says its unit; amounts are in each
case's own currency (the ``currency`` column).

Each case is whatever the participant last saved, often half filled in or with problems in
some fields. Every section that is valid counts; a missing or invalid section leaves its
columns empty (``NaN``) and is reported in ``problems`` and the worksheet progress, never as an
error.

Progress and the win-win and goalposts counts say what the participant *did*, not what their
case came with: given the case as handed out at joining (``DebriefInput.start``), a worksheet's
progress is the share of its sections the participant changed since and that are free of
problems (:func:`worksheet_progress`), a win-win package counts as found only when the
participant changed the win-win section, and only amendments sealed since joining count as
moved goalposts. Without a starting case, everything in the case counts as the participant's.

Each row reads the case's assessment, and only its closed-form results (never the Monte
Carlo), so 200 participants take well under a second. The worksheets, their sections and the
progress columns come from :mod:`negotiation_lib.catalog`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from negotiation_lib import catalog
from negotiation_lib.assessment import DEFAULT_PATHS, DEFAULT_SEED, CaseAssessment, assess_case
from negotiation_lib.domain.case import Case, Relationship, SealedDefinition
from negotiation_lib.domain.roles import SIDES, FactPath, fact_at, parse_fact_path, private_facts
from negotiation_lib.domain.seal import goalposts_moved

__all__ = [
    "COLUMNS",
    "WORKSHEET_SECTIONS",
    "DebriefInput",
    "changed_parts",
    "columns",
    "debrief_frame",
    "debrief_row",
    "worksheet_progress",
    "worksheet_sections",
]

_HEAD: dict[str, str] = {
    "participant": "Participant",
    "case": "Case",
    "problems": "Problems in the case (count)",
}

# Every amount is in the participant's case's currency (the "currency" column): cases differ.
_RESULTS: dict[str, str] = {
    "currency": "Currency of the case",
    # A team in a deal room holds its side of a role-play case: its economics are left out.
    "one_side": "One side of a role-play case (economics in the deal-room debrief)",
    "eve_per_unit": "Full EVE, if every value claim holds (currency per unit)",
    "eve_expected_per_unit": "EVE weighted by the evidence (currency per unit)",
    "pocket_price_per_unit": "Pocket price (currency per unit)",
    "fair_price_per_unit": "Fair price (currency per unit)",
    "seller_optimal_price_per_unit": "Seller-optimal price (currency per unit)",
    "seller_share": "Seller's share of the gain over both BATNAs",
    "seller_npv": "Seller's NPV at the current price (currency)",
    "customer_npv": "Customer's NPV at the current price (currency)",
    "seller_colr_net": "Seller's net cost of losing the relationship, COLR − BATR (currency)",
    "customer_colr_net": "Customer's net cost of losing the relationship, COLR − BATR (currency)",
    "break_even_retention_one_sided": (
        "Break-even retention after a one-sided deal (chance of renewal per repetition)"
    ),
    "retention_one_sided": (
        "Assumed retention after a one-sided deal (chance of renewal per repetition)"
    ),
    "trust_seller_npv": "Seller's NPV, trust-based deal at the fair price (currency)",
    "trust_customer_npv": "Customer's NPV, trust-based deal at the fair price (currency)",
    "cpt_seller_npv": "Seller's NPV, one-sided (CPT) deal at the tough price (currency)",
    "cpt_customer_npv": "Customer's NPV, one-sided (CPT) deal at the tough price (currency)",
    "trust_seller_view": "Trust score, seller's own view ((C + R + I) / S)",
    "trust_customer_view": "Trust score, as the customer sees the seller ((C + R + I) / S)",
    "style_relationship": "Style: relationship (0–100, 100 = trust-based)",
    "style_transparency": "Style: transparency (0–100, 100 = trust-based)",
    "style_long_term": "Style: long term (0–100, 100 = trust-based)",
    "style_overall": "Style: overall (0–100, 100 = trust-based)",
    "win_win_packages": "Win-win packages (count)",
    "found_win_win": "Found a win-win package (yes or no)",
    "goalposts_moved_seller": "Seller moved its goalposts (yes or no)",
    "goalposts_moved_customer": "Customer moved its goalposts (yes or no)",
}


def worksheet_sections() -> dict[str, tuple[str, ...]]:
    """The case sections each worksheet fills in, from the catalog when called.

    Examples
    --------
    >>> worksheet_sections()["win_win"]
    ('trust', 'win_win')
    """
    return {w.name: w.sections for w in catalog.WORKSHEETS}


def columns() -> dict[str, str]:
    """Every debrief column and its label (the export's header row), in order.

    One ``progress_<worksheet>`` column per worksheet of the catalog, labelled with its title.

    Examples
    --------
    >>> columns()["progress_win_win"]
    'Win-win definition (share of sections done)'
    """
    progress = {
        f"progress_{w.name}": f"{w.title} (share of sections done)" for w in catalog.WORKSHEETS
    }
    return {**_HEAD, **progress, **_RESULTS}


WORKSHEET_SECTIONS: dict[str, tuple[str, ...]]
"""The case sections each worksheet fills in (:func:`worksheet_sections`, read when used)."""

COLUMNS: dict[str, str]
"""Every debrief column and its label (:func:`columns`, read when used)."""


def __getattr__(name: str) -> Any:
    # The derived names are computed when read, so they follow the catalog.
    if name == "WORKSHEET_SECTIONS":
        return worksheet_sections()
    if name == "COLUMNS":
        return columns()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class DebriefInput:
    """One participant's newest case, as the store returns it, and the case they started from."""

    participant: str
    case_name: str
    data: Mapping[str, Any]
    start: Mapping[str, Any] | None = None
    """The case as handed out at joining (the store's version 1); ``None`` when unknown, and
    then everything in ``data`` counts as the participant's work."""


def changed_parts(data: Mapping[str, Any], start: Mapping[str, Any]) -> frozenset[str]:
    """The top-level parts (sections and fields) of ``data`` that differ from ``start``.

    Values are compared as JSON values (``40`` equals ``40.0``); a part added or removed
    counts as changed.

    Examples
    --------
    >>> sorted(changed_parts({"value": {"a": 1}, "economics": {"v": 40.0}, "trust": {}},
    ...                      {"value": {"a": 2}, "economics": {"v": 40}}))
    ['trust', 'value']
    """
    return frozenset(k for k in {*data, *start} if data.get(k) != start.get(k))


def worksheet_progress(
    case: Case | None, problem_paths: Iterable[str], changed: Collection[str] | None = None
) -> dict[str, float]:
    """Share of each worksheet's sections the participant has done.

    A section is done when it is filled in, free of problems and, when ``changed`` is given,
    changed since joining: what the case came with does not count, so a worksheet nobody
    has worked on is at 0 whatever the case it was handed out with.

    Parameters
    ----------
    case
        The valid part of the document (each valid section), or ``None``.
    problem_paths
        The JSON paths of the document's problems.
    changed
        The sections changed since joining (:func:`changed_parts`); ``None`` counts every
        section (the case's starting point is unknown).

    Examples
    --------
    >>> from negotiation_lib.datasets import load_sample_case
    >>> case = load_sample_case("pumpco_acme_foods")
    >>> worksheet_progress(case, ["value.drivers[0].confidence"])
    {'value_proposition': 0.5, 'transparent_economics': 1.0, 'win_win': 1.0}
    >>> worksheet_progress(case, [], changed={"economics"})
    {'value_proposition': 0.0, 'transparent_economics': 0.5, 'win_win': 0.0}
    """
    broken = {p.split(".")[0].split("[")[0] for p in problem_paths}
    out = {}
    for sheet, sections in worksheet_sections().items():
        done = sum(
            1
            for name in sections
            if case is not None
            and getattr(case, name) is not None
            and name not in broken
            and (changed is None or name in changed)
        )
        out[sheet] = done / len(sections)
    return out


def _nan(x: float | None) -> float:
    return math.nan if x is None else float(x)


def debrief_row(item: DebriefInput) -> dict[str, Any]:
    """The headline results of one participant's case (see :data:`COLUMNS`).

    Read from the case's assessment (:func:`negotiation_lib.assessment.assess_case`), whose
    formulas and sources are those of the domain: EVE (Nagle & Müller), pocket price and fair
    price (Marn & Rosiello; the fair split of the gain over both BATNAs, DESIGN §3), NPVs of
    the trust-based and one-sided scenarios, the seller-optimal price, the break-even
    retention and net COLR = COLR − BATR (Gupta & Lehmann's retention-driven CLV; DESIGN §3),
    trust equation (Maister et al.).
    """
    # The document model takes the valid part of a half-finished case.
    from negotiation_lib.document import CaseDocument

    doc = CaseDocument(dict(item.data), copy=False)  # only read: no copy needed
    case = doc.case
    row: dict[str, Any] = dict.fromkeys(columns(), math.nan)
    row.update(participant=item.participant, case=item.case_name, problems=len(doc.problems))
    changed = None if item.start is None else changed_parts(item.data, item.start)
    for sheet, share in worksheet_progress(case, [p.path for p in doc.problems], changed).items():
        row[f"progress_{sheet}"] = share
    row["found_win_win"] = False
    row["win_win_packages"] = 0
    row["goalposts_moved_seller"] = False
    row["goalposts_moved_customer"] = False
    row["currency"] = case.currency if case is not None else ""
    row["one_side"] = False
    if case is None:
        return row
    # Only closed-form results are read: the Monte Carlo and the sensitivity, computed on first
    # use only, are never touched, so 200 rows stay fast.
    a = assess_case(case, paths=DEFAULT_PATHS, seed=DEFAULT_SEED)
    row["one_side"] = is_one_side(item.case_name, item.data)
    if not row["one_side"]:
        _fill_economics(row, a)
    _fill_trust(row, a)
    worked = changed is None or "win_win" in changed
    _fill_win_win(row, case, a, worked, _start_seals(item.start))
    return row


@functools.cache
def _private_paths(case_name: str) -> tuple[FactPath, ...]:
    """Where the private facts of both sides of a role-play sample case are (none otherwise)."""
    from negotiation_lib.datasets import load_role_play_case, role_play_case_names

    if case_name not in role_play_case_names():
        return ()
    document = load_role_play_case(case_name)
    return tuple(
        parse_fact_path(fact.path) for side in SIDES for fact in private_facts(document, side)
    )


def is_one_side(case_name: str, data: Mapping[str, Any]) -> bool:
    """Whether a participant's case holds one side of a role-play case, not all of it.

    A team in a deal room is handed its side's view: the public part, its own private facts,
    and what the other team shared. A private fact of either side missing from the document
    means the economics computed on it would mix the team's facts with gaps where the other
    side's are (a seller's share of several hundred percent), so the debrief leaves them out:
    the deal-room debrief computes each room on the case's truth
    (:mod:`negotiation_lib.debrief_rooms`).

    Examples
    --------
    >>> from negotiation_lib.datasets import load_role_play_case, sample_case_document
    >>> from negotiation_lib.domain.roles import side_view
    >>> name = "valtora_brightmoor"
    >>> is_one_side(name, side_view(load_role_play_case(name), "seller"))
    True
    >>> is_one_side(name, sample_case_document(name)), is_one_side("pumpco_acme_foods", {})
    (False, False)
    """
    return any(not fact_at(data, path)[0] for path in _private_paths(case_name))


def _start_seals(start: Mapping[str, Any] | None) -> frozenset[tuple[str, object, object]]:
    """``(party, version, sha256)`` of every seal the case came with (none: nothing to skip)."""
    win_win = start.get("win_win") if start is not None else None
    seals = win_win.get("seals") if isinstance(win_win, dict) else None
    if not isinstance(seals, dict):
        return frozenset()
    return frozenset(
        (party, item.get("version"), item.get("sha256"))
        for party, items in seals.items()
        if isinstance(items, list)
        for item in items
        if isinstance(item, dict)
    )


def _moved_since(
    party: str, history: Sequence[SealedDefinition], before: frozenset[tuple[str, object, object]]
) -> bool:
    # An amendment the case came with was not the participant's move.
    return goalposts_moved([s for s in history if (party, s.version, s.sha256) not in before])


def _fill_economics(row: dict[str, Any], a: CaseAssessment) -> None:
    econ, proj = a.economics, a.projection
    if econ is None or proj is None or a.value is None:
        return
    row["eve_per_unit"] = a.value.eve_per_unit
    row["eve_expected_per_unit"] = a.value.eve_expected_per_unit
    row["pocket_price_per_unit"] = econ.pocket_price_per_unit
    row["fair_price_per_unit"] = _nan(econ.fair_price_per_unit)
    row["seller_share"] = _nan(econ.seller_share)
    row["seller_npv"] = proj.seller_npv
    row["customer_npv"] = proj.customer_npv
    row["seller_colr_net"] = proj.seller_colr_net
    row["customer_colr_net"] = proj.customer_colr_net
    if proj.seller_optimal is not None:  # None without a zone of possible agreement
        row["seller_optimal_price_per_unit"] = proj.seller_optimal.price_per_unit
    row["break_even_retention_one_sided"] = _nan(proj.break_even_retention_one_sided)
    # The projection's assumption: the case's, or the default when none is filled in yet.
    row["retention_one_sided"] = (a.case.relationship or Relationship()).retention_one_sided
    for name in ("trust", "cpt"):
        scenario = getattr(proj.scenarios, name)
        row[f"{name}_seller_npv"] = scenario.seller_npv
        row[f"{name}_customer_npv"] = scenario.customer_npv


def _fill_trust(row: dict[str, Any], a: CaseAssessment) -> None:
    r = a.trust
    if r is None:
        return
    if r.seller_view is not None:
        row["trust_seller_view"] = r.seller_view.score
    if r.customer_view is not None:
        row["trust_customer_view"] = r.customer_view.score
    if r.style.answered:
        row["style_relationship"] = _nan(r.style.relationship)
        row["style_transparency"] = _nan(r.style.transparency)
        row["style_long_term"] = _nan(r.style.long_term)
        row["style_overall"] = _nan(r.style.overall)


def _fill_win_win(
    row: dict[str, Any],
    case: Case,
    a: CaseAssessment,
    worked: bool,
    before: frozenset[tuple[str, object, object]],
) -> None:
    ww = case.win_win
    if ww is None:
        return
    row["goalposts_moved_seller"] = _moved_since("seller", ww.seals.seller, before)
    row["goalposts_moved_customer"] = _moved_since("customer", ww.seals.customer, before)
    if a.win_win is None:  # no issues or a party's definition yet, or one that cannot score
        return
    count = sum(1 for p in a.win_win.packages if p.win_win)
    row["win_win_packages"] = count
    # A win-win package the case came with, untouched, was not found by the participant.
    row["found_win_win"] = count > 0 and worked


def debrief_frame(items: Iterable[DebriefInput]) -> pd.DataFrame:
    """One row per participant, the columns of :data:`COLUMNS` in order."""
    rows = [debrief_row(item) for item in items]
    return pd.DataFrame(rows, columns=list(columns()))
