"""What a case may give as its currency and its unit: an ISO 4217 code and a short unit word.

Every amount the workbook shows is followed by the case's currency ("11,790 EUR") and every
price is "per" its unit, so both must read as what they are: a currency code a reader knows
and a word, not a number or markup. :func:`currency_problem` and :func:`unit_problem` say in a
sentence what is wrong with one; the case model refuses a case with either.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["CURRENCY_CODES", "UNIT_MAX_CHARS", "currency_problem", "unit_problem"]

_ISO_4217 = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD
    EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD
    IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL
    MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
    PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP
    STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED
    VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR
    ZMW ZWG ZWL
"""

CURRENCY_CODES: Final[frozenset[str]] = frozenset(_ISO_4217.split())
"""The active alphabetic codes of ISO 4217 (list of 2025), without XTS and XXX.

XTS is reserved for testing and XXX means "no currency": neither can price a deal. Codes
replaced recently (ANG by XCG, SLL by SLE, ZWL by ZWG) stay accepted while cases still use them.
"""

UNIT_MAX_CHARS: Final = 20
"""The longest unit a case may name ("pallet", "licence seat", "tonne of steel")."""

# Letters (of any script, with ² or ³ for square or cubic units), single separators between
# words: a space, a hyphen, an apostrophe, a full stop or a slash ("man-day", "t/km").
_UNIT = re.compile(r"[^\W\d_]+(?:[ \-'./][^\W\d_]+)*\.?")


def _quoted(text: str) -> str:
    return f"“{text if len(text) <= 20 else text[:19] + '…'}”"


def currency_problem(code: str) -> str | None:
    """What is wrong with a currency code, or None when it is one of :data:`CURRENCY_CODES`.

    Examples
    --------
    >>> currency_problem("EUR") is None
    True
    >>> currency_problem("eur")
    'Write the currency code in capitals: EUR.'
    >>> currency_problem("Euro")
    'Enter a three-letter ISO 4217 currency code such as EUR, USD or CHF (it is “Euro”).'
    """
    if code in CURRENCY_CODES:
        return None
    if code.strip().upper() in CURRENCY_CODES:
        return f"Write the currency code in capitals: {code.strip().upper()}."
    return (
        "Enter a three-letter ISO 4217 currency code such as EUR, USD or CHF "
        f"(it is {_quoted(code)})."
    )


def unit_problem(unit: str) -> str | None:
    """What is wrong with the name of the unit sold, or None when it is a short unit word.

    A unit is what one item of the deal is called (pump, seat, pallet, tonne): letters, with
    single spaces, hyphens, apostrophes, full stops or slashes between words, at most
    :data:`UNIT_MAX_CHARS` characters. Digits belong in the volume, not in the unit, and
    markup nowhere.

    Examples
    --------
    >>> [unit_problem(u) for u in ("pump", "licence seat", "m²", "man-day", "t/km")]
    [None, None, None, None, None]
    >>> unit_problem("40 pumps")
    'Name the unit in words, such as pump, seat or tonne: letters only (it is “40 pumps”).'
    >>> unit_problem("pumps of the newest generation")
    'Name the unit in at most 20 characters (it has 30), such as pump, seat or tonne.'
    """
    if len(unit) > UNIT_MAX_CHARS:
        return (
            f"Name the unit in at most {UNIT_MAX_CHARS} characters (it has {len(unit)}), "
            "such as pump, seat or tonne."
        )
    if not _UNIT.fullmatch(unit):
        return (
            "Name the unit in words, such as pump, seat or tonne: letters only "
            f"(it is {_quoted(unit)})."
        )
    return None
