"""Sample cases shipped with the workbook, behind named loaders.

Three complete cases, each chosen so that the worksheets have something to show:

- ``pumpco_acme_foods``: industrial supply, a broadly fair deal with two questionable
  discounts (one backed by no principle, one larger than the saving it cites).
- ``cloudledger_northwind``: a software seat renewal whose current price gives the seller
  most of the value created, so the relationship is projected to end early and a fair price
  is worth more to the seller over time than a tough one.
- ``swiftfreight_helios``: a cold-chain freight contract in which the customer amended its
  sealed definition of winning (the goalposts moved).

Two more are *role-play* cases (design notes, section 7): a public part, and for each side a
confidential brief and private facts, so that a seller team and a buyer team can negotiate with
each other. Each comes with a facilitator's teaching note beside it
(``data/cases/<name>.teaching.md``):

- ``valtora_brightmoor``: turbine housings; the seller holds the power (the buyer's alternative
  is poor, the seller has other work for its capacity);
- ``corvane_bluewell``: bottle resin; the buyer holds the power (a trader's quote in hand, a
  seller with an idle reactor line).

The cases live as JSON files in the repository's ``data/cases`` folder and are read with
:func:`~negotiation_lib.domain.validation.read_case`, so a loader returns a validated, immutable
:class:`~negotiation_lib.domain.case.Case` or raises
:class:`~negotiation_lib.domain.errors.CaseError`. A role-play case loads as its truth (the
public part and both private parts): what the ordinary worksheets, the report and the Excel
workbook show of it, the facilitator's practice view. :func:`load_role_play_case` gives the
role-play document itself, for the sides' views (:mod:`negotiation_lib.domain.roles`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.roles.views import is_role_play, plain_document
from negotiation_lib.domain.validation import read_case, read_case_document
from negotiation_lib.vocabulary import readable

__all__ = [
    "BLANK",
    "CASES_DIR",
    "case_title",
    "load_cloudledger_northwind",
    "load_corvane_bluewell",
    "load_pumpco_acme_foods",
    "load_role_play_case",
    "load_sample_case",
    "load_swiftfreight_helios",
    "load_valtora_brightmoor",
    "role_play_case_names",
    "sample_case_document",
    "sample_case_names",
    "sample_case_path",
    "teaching_note_path",
]

CASES_DIR = Path(__file__).resolve().parent.parent / "data" / "cases"
"""Folder holding the sample case files (``<name>.json``)."""

BLANK = "blank"
"""The name a workshop or a practice page gives the blank case (no sample)."""


def sample_case_names() -> list[str]:
    """Names of the sample cases, in alphabetical order.

    Returns
    -------
    list of str
        The file names in :data:`CASES_DIR` without their ``.json`` extension; empty when the
        folder is missing.

    Examples
    --------
    >>> "pumpco_acme_foods" in sample_case_names()
    True
    """
    if not CASES_DIR.is_dir():
        return []
    return sorted(p.stem for p in CASES_DIR.glob("*.json") if p.is_file())


def sample_case_path(name: str) -> Path:
    """Path of the sample case called ``name``.

    Parameters
    ----------
    name
        One of :func:`sample_case_names`.

    Returns
    -------
    pathlib.Path
        The case file.

    Raises
    ------
    CaseError
        When there is no sample case of that name; the message lists the available ones.
    """
    names = sample_case_names()
    # Only listed names are accepted, so a name can never reach outside CASES_DIR.
    if name not in names:
        available = ", ".join(names) if names else "none"
        raise CaseError.at(
            "", f"There is no sample case called {name!r}; the available cases are: {available}."
        )
    return CASES_DIR / f"{name}.json"


def load_sample_case(name: str) -> Case:
    """Read and validate the sample case called ``name``.

    Parameters
    ----------
    name
        One of :func:`sample_case_names`.

    Returns
    -------
    Case
        The validated case.

    Raises
    ------
    CaseError
        When there is no such sample case, or its file is not a valid case.

    Examples
    --------
    >>> case = load_sample_case("pumpco_acme_foods")
    >>> case.seller, case.customer, case.currency, case.unit
    ('PumpCo', 'Acme Foods', 'EUR', 'pump')
    >>> case.economics.volume_per_period
    40.0
    """
    return read_case(sample_case_path(name))


def sample_case_document(name: str) -> dict[str, Any]:
    """The sample case called ``name`` as an ordinary case document (a role-play case's truth).

    What a worksheet opens and a workshop hands out: the file itself for an ordinary case;
    for a role-play case, its public part merged with both private parts.

    Raises
    ------
    CaseError
        When there is no such sample case, or its file is not a valid case.

    Examples
    --------
    >>> doc = sample_case_document("valtora_brightmoor")
    >>> "roles" in doc, doc["seller"], doc["economics"]["variable_cost_per_unit"]
    (False, 'Valtora Castings', 19400)
    """
    return plain_document(read_case_document(sample_case_path(name)))


def load_role_play_case(name: str) -> dict[str, Any]:
    """The role-play sample case called ``name``, as its file holds it (public and private parts).

    Raises
    ------
    CaseError
        When there is no such sample case, its file is not valid, or it is not a role-play case.

    Examples
    --------
    >>> sorted(load_role_play_case("corvane_bluewell")["roles"])
    ['customer', 'public', 'seller']
    """
    doc = read_case_document(sample_case_path(name))
    if not is_role_play(doc):
        raise CaseError.at("", f"The sample case {name!r} is not a role-play case.")
    return doc


def role_play_case_names() -> list[str]:
    """Names of the sample cases that are role-play cases, in alphabetical order.

    Examples
    --------
    >>> role_play_case_names()
    ['corvane_bluewell', 'valtora_brightmoor']
    """
    return [
        n
        for n in sample_case_names()
        if is_role_play(json.loads(sample_case_path(n).read_text("utf-8")))
    ]


def teaching_note_path(name: str) -> Path:
    """Path of a role-play sample case's teaching note for the facilitator (Markdown).

    Examples
    --------
    >>> teaching_note_path("valtora_brightmoor").name
    'valtora_brightmoor.teaching.md'
    """
    return sample_case_path(name).with_suffix(".teaching.md")


def load_pumpco_acme_foods() -> Case:
    """PumpCo sells process pumps to Acme Foods: a yearly supply renewal, in euros per pump.

    A broadly fair deal (the seller's share of the value created is close to half), with an
    unprincipled year-end discount and a volume discount larger than the saving it cites.

    Returns
    -------
    Case
        The validated case.
    """
    return load_sample_case("pumpco_acme_foods")


def load_cloudledger_northwind() -> Case:
    """CloudLedger renews finance-platform seats with Northwind Retail, in dollars per seat-year.

    The current pocket price is one-sided: the seller keeps well over its fair share of the
    value created, so the projected relationship ends early and pricing at the fair price is
    worth more to the seller over the relationship than holding the tough price.

    Returns
    -------
    Case
        The validated case.
    """
    return load_sample_case("cloudledger_northwind")


def load_swiftfreight_helios() -> Case:
    """SwiftFreight carries Helios Pharma Distribution's cold-chain pallets, in euros per pallet.

    The customer's sealed definition of winning has an amendment that gives price more weight
    and lowers the highest acceptable rate, so a package that was win-win under the first
    version no longer is.

    Returns
    -------
    Case
        The validated case.
    """
    return load_sample_case("swiftfreight_helios")


def load_valtora_brightmoor() -> Case:
    """Valtora Castings supplies turbine housings to Brightmoor Energy: a role-play, in euros.

    The seller holds the power: the buyer's alternative (an overseas foundry) needs costly
    qualification and risks delivery penalties, while the seller could fill the capacity with
    rail work. Loaded as the truth (both sides' private facts); :func:`load_role_play_case`
    gives the parts.

    Returns
    -------
    Case
        The validated truth of the case.
    """
    return load_sample_case("valtora_brightmoor")


def load_corvane_bluewell() -> Case:
    """Corvane Polymers supplies bottle resin to Bluewell Beverages: a role-play, in dollars.

    The buyer holds the power: it has a trader's quote below the reference price, while the
    seller's new reactor line would otherwise sell at a loss. Loaded as the truth (both sides'
    private facts); :func:`load_role_play_case` gives the parts.

    Returns
    -------
    Case
        The validated truth of the case.
    """
    return load_sample_case("corvane_bluewell")


@cache
def case_title(name: str) -> str:
    """The title users read for a case handed out by name (never the name itself).

    Parameters
    ----------
    name
        A sample case's name, or ``"blank"``.

    Returns
    -------
    str
        The sample case's title; "Blank case" for the blank one; for a name that is neither
        (a case removed since), the name in words.

    Examples
    --------
    >>> case_title("pumpco_acme_foods"), case_title("blank")
    ('PumpCo and Acme Foods: supply renewal', 'Blank case')
    """
    if name == BLANK:
        return "Blank case"
    if name not in sample_case_names():
        return readable(name)
    return load_sample_case(name).title
