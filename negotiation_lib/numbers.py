"""Reading the numbers people type, in the number format they write.

"1.000" is a thousand to a German reader and one to an English one. The workbook therefore
reads every typed number in one of four explicit formats, named by how they write one
thousand two hundred thirty-four and a half:

============  ==============================  =====================================
format        thousands separated by          decimals after
============  ==============================  =====================================
``1,234.5``   commas                          a point (English, Chinese, Japanese…)
``1.234,5``   points                          a comma (German, Spanish, Italian…)
``1 234,5``   spaces                          a comma (French, Polish, Swedish…)
``1'234.5``   apostrophes                     a point (Swiss German)
============  ==============================  =====================================

The rules of :func:`parse_number`, precisely:

1. Surrounding spaces are ignored; a sign (``-``, ``+`` or the minus sign ``−``) may lead,
   and an exponent (``e6``, ``E-3``) may end the text. Digits of any script count
   (``١٢٣`` is 123).
2. The format's decimal separator may appear once; only digits follow it.
3. Before it, digits may be grouped by the format's thousands separator or, in every format,
   by spaces (plain, no-break, narrow or thin) or apostrophes, which no format uses for
   decimals. One kind of separator per number; groups of three digits after a first group of
   one to three (``1,234,567``), or the Indian grouping (``12,34,567``: pairs, then three).
   A grouped number does not start with ``0`` (``0,123`` is not 123).
4. Anything else is refused, with the reason in words: the text is quoted as typed, and when
   another format reads it, its reading is spelled out ("read in the format 1.234,5 it is
   13000.5"). Text the format reads, but another format reads otherwise ("1.000"), is taken,
   and :func:`reading_note` says how it was read: nothing is ever read in a way the trainee
   did not see.

So under ``1,234.5`` "1.000" is 1 and "1 000" is 1000, and "13.000,50" is refused; under
``1.234,5`` "1.000" is 1000, "13.000,50" is 13000.5, and "1.5" is refused.

Which format a page reads in (:func:`choose_format`): the case's own ``number_format`` if it
has one; else the trainee's choice (the home page's setting, or the language the browser asks
pages in); else the usual format of the case's currency (:func:`format_for_currency`).

This module is pure (no widgets, no case models): pages, imports and tests share it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Context, Decimal
from types import MappingProxyType
from typing import Final, Literal, get_args

__all__ = [
    "DEFAULT_FORMAT",
    "FORMATS",
    "FORMAT_TAGS",
    "NumberFormat",
    "NumberFormatTag",
    "NumberReadingError",
    "choose_format",
    "format_for_currency",
    "format_for_language",
    "format_number_input",
    "number_format",
    "parse_number",
    "plain_number",
    "quoted",
    "reading_note",
    "to_json_number",
]

NumberFormatTag = Literal["1,234.5", "1.234,5", "1 234,5", "1'234.5"]
"""The number formats a case may name (its ``number_format``)."""

FORMAT_TAGS: Final[tuple[str, ...]] = get_args(NumberFormatTag)
"""The four formats' names, in the order a chooser lists them."""


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """One way of writing numbers.

    Attributes
    ----------
    tag
        Its name, one thousand two hundred thirty-four and a half written in it (``1.234,5``).
    group
        What it writes between thousands (``.``).
    decimal
        What it writes before the decimals (``,``).
    description
        The rule by example ("a thousand is written 1.000 and a half 0,5").
    """

    tag: str
    group: str
    decimal: str
    description: str


FORMATS: Final[Mapping[str, NumberFormat]] = MappingProxyType(
    {
        tag: NumberFormat(
            tag, group, decimal, f"a thousand is written 1{group}000 and a half 0{decimal}5"
        )
        for tag, group, decimal in (
            ("1,234.5", ",", "."),
            ("1.234,5", ".", ","),
            ("1 234,5", " ", ","),
            ("1'234.5", "'", "."),
        )
    }
)
"""Every format by its name."""

DEFAULT_FORMAT: Final = "1,234.5"
"""The format of a case whose currency says nothing (and of the workbook's own output)."""

_SPACES = " \u00a0\u202f\u2009\u2007"  # plain, no-break, narrow no-break, thin, figure
_APOSTROPHES = "'\u2019\u02bc"  # typewriter, typographic (’), modifier letter
_SIGNS = {"-": -1, "\u2212": -1, "+": 1}
_EXPONENT = re.compile(r"[eE]([+\-\u2212]?)(\d{1,4})")
_MAX_CHARS = 80
"""Longer text is not read as a number (a number needs at most a few dozen characters)."""
_EXACT = Context(prec=2 * _MAX_CHARS)
"""Wide enough to hold every number of up to :data:`_MAX_CHARS` characters exactly."""


class NumberReadingError(ValueError):
    """Typed text that is not a number in the format it is read in; ``str()`` says why."""


def number_format(fmt: NumberFormat | str) -> NumberFormat:
    """The format given by itself or by its name.

    Examples
    --------
    >>> number_format("1.234,5").decimal
    ','
    >>> number_format("1.234.5")
    Traceback (most recent call last):
    ...
    ValueError: '1.234.5' is not a number format; choose one of 1,234.5, 1.234,5, 1 234,5, 1'234.5.
    """
    if isinstance(fmt, NumberFormat):
        return fmt
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ValueError(
            f"{fmt!r} is not a number format; choose one of {', '.join(FORMAT_TAGS)}."
        ) from None


def quoted(text: str, limit: int = 40) -> str:
    """Typed text as a message quotes it: in quotation marks, cut short when long.

    Examples
    --------
    >>> quoted("13.000,50"), quoted("9" * 50)
    ('“13.000,50”', '“99999999999999999999999999999999999999…”')
    """
    text = text.strip()
    return f"“{text if len(text) <= limit else text[: limit - 2] + '…'}”"


# --------------------------------------------------------------------------- reading


def _kind(ch: str) -> str:
    """What a character of a number is: a digit, a separator kind, or something else."""
    if ch.isdecimal():
        return "digit"
    if ch in _SPACES:
        return "space"
    if ch in _APOSTROPHES:
        return "'"
    if ch in ".,":
        return ch
    return "other"


def _grouped(groups: list[str]) -> bool:
    """Whether digit groups are thousands (3, 3, …) or Indian (2, 2, …, 3) groups."""
    first, rest = groups[0], groups[1:]
    if not first or first[0] == "0" or any(not g for g in rest):
        return False
    if len(first) <= 3 and all(len(g) == 3 for g in rest):
        return True
    return (
        len(first) <= 2
        and len(rest) >= 2
        and all(len(g) == 2 for g in rest[:-1])
        and (len(rest[-1]) == 3)
    )


def _read(body: str, fmt: NumberFormat) -> Decimal | None:
    """The unsigned number ``body`` (no sign, no exponent) in ``fmt``, or None."""
    kinds = [_kind(ch) for ch in body]
    if "other" in kinds or "digit" not in kinds:
        return None
    decimal_kind = fmt.decimal
    group_kinds = {"space", "'"} | ({fmt.group} if fmt.group in ".," else set())
    if kinds.count(decimal_kind) > 1:
        return None
    cut = kinds.index(decimal_kind) if decimal_kind in kinds else len(kinds)
    whole, whole_kinds = body[:cut], kinds[:cut]
    fraction, fraction_kinds = body[cut + 1 :], kinds[cut + 1 :]
    if any(k != "digit" for k in fraction_kinds):
        return None
    separators = {k for k in whole_kinds if k != "digit"}
    if not separators <= group_kinds or len(separators) > 1:
        return None
    if separators:
        groups: list[str] = [""]
        for ch, k in zip(whole, whole_kinds, strict=True):
            if k == "digit":
                groups[-1] += ch
            else:
                groups.append("")
        if not _grouped(groups):
            return None
        whole = "".join(groups)
    digits = "".join(str(unicodedata.decimal(ch)) for ch in whole) or "0"
    decimals = "".join(str(unicodedata.decimal(ch)) for ch in fraction)
    return Decimal(f"{digits}.{decimals}" if decimals else digits)


def _split(text: str) -> tuple[int, str, int] | None:
    """Sign, body and exponent of a stripped text; None when it has no body."""
    sign = 1
    if text and text[0] in _SIGNS:
        sign, text = _SIGNS[text[0]], text[1:].lstrip(_SPACES)
    exponent = 0
    match = _EXPONENT.search(text)
    if match and match.end() == len(text) and match.start() > 0:
        exponent = int(match.group(2)) * (-1 if match.group(1) in ("-", "\u2212") else 1)
        text = text[: match.start()]
    return (sign, text, exponent) if text else None


def _in_format(text: str, fmt: NumberFormat) -> Decimal | None:
    parts = _split(text)
    if parts is None:
        return None
    sign, body, exponent = parts
    value = _read(body, fmt)
    if value is None:
        return None
    # copy_negate and a wide context: exact, where ``-value`` would round to 28 digits.
    signed = value if sign > 0 else value.copy_negate()
    return signed.scaleb(exponent, _EXACT) if exponent else signed


def parse_number(text: str, fmt: NumberFormat | str = DEFAULT_FORMAT) -> Decimal | None:
    """Read a typed number in a number format, exactly (see the module's rules).

    Parameters
    ----------
    text
        What was typed.
    fmt
        The number format (or its name) to read it in.

    Returns
    -------
    Decimal or None
        The number exactly as typed (``Decimal``, so that nothing is rounded on the way);
        None for empty text.

    Raises
    ------
    NumberReadingError
        When the text is not a number in ``fmt``: the message quotes the text and, when
        another format reads it, spells that reading out.

    Examples
    --------
    >>> parse_number("1.000", "1,234.5"), parse_number("1.000", "1.234,5")
    (Decimal('1.000'), Decimal('1000'))
    >>> parse_number("1 000", "1,234.5"), parse_number("−13,000.50", "1,234.5")
    (Decimal('1000'), Decimal('-13000.50'))
    >>> parse_number("13.000,50", "1.234,5"), parse_number("  ", "1.234,5")
    (Decimal('13000.50'), None)
    >>> parse_number("13.000,50", "1,234.5")
    Traceback (most recent call last):
    ...
    negotiation_lib.numbers.NumberReadingError: “13.000,50” is not a number in the format
    1,234.5; read in the format 1.234,5 it is 13000.5. Type 13000.5, or change the number
    format.
    >>> parse_number("13.000", "1 234,5")
    Traceback (most recent call last):
    ...
    negotiation_lib.numbers.NumberReadingError: “13.000” is not a number in the format 1 234,5:
    it could be 13 (as in 1,234.5) or 13000 (as in 1.234,5). Type 13 or 13000, or change the
    number format.
    """
    fmt = number_format(fmt)
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) <= _MAX_CHARS:
        value = _in_format(stripped, fmt)
        if value is not None:
            return value
    raise NumberReadingError(_refusal(stripped, fmt))


def _refusal(text: str, fmt: NumberFormat) -> str:
    """Why ``text`` is not a number in ``fmt``, and what it reads as in the other formats."""
    if len(text) > _MAX_CHARS or not any(_kind(ch) == "digit" for ch in text):
        return f"Enter a number here (you typed {quoted(text)})."
    if text.endswith("%"):
        return f"Enter a number here, without the % sign (you typed {quoted(text)})."
    readings: dict[Decimal, str] = {}
    for other in FORMATS.values():
        value = _in_format(text, other) if other is not fmt else None
        if value is not None and value.normalize() not in readings:
            readings[value.normalize()] = other.tag
    head = f"{quoted(text)} is not a number in the format {fmt.tag}"
    if not readings:
        return f"{head} ({fmt.description})."
    written = [plain_number(v, fmt) for v in readings]
    if len(readings) == 1:
        tag = next(iter(readings.values()))
        return (
            f"{head}; read in the format {tag} it is {written[0]}. Type {written[0]}, or "
            "change the number format."
        )
    options = " or ".join(
        f"{w} (as in {tag})" for w, tag in zip(written, readings.values(), strict=True)
    )
    return (
        f"{head}: it could be {options}. Type {' or '.join(written)}, or change the number format."
    )


def reading_note(text: str, fmt: NumberFormat | str = DEFAULT_FORMAT) -> str | None:
    """A note on text that reads as a number in ``fmt`` but as another in another format.

    "1.000" is 1 where numbers are typed ``1,234.5`` and 1000 where they are typed
    ``1.234,5``: both readings are valid, so the text is taken in the page's format, and the
    field says how it read it. None when every format that reads the text agrees, or when
    ``fmt`` does not read it at all.

    Examples
    --------
    >>> reading_note("1.000", "1,234.5")
    'Read as 1 (1,234.5).'
    >>> reading_note("13.000", "1.234,5")
    'Read as 13000 (1.234,5).'
    >>> reading_note("1 000", "1,234.5") is None, reading_note("0.95", "1,234.5") is None
    (True, True)
    """
    fmt = number_format(fmt)
    stripped = text.strip()
    value = _in_format(stripped, fmt) if 0 < len(stripped) <= _MAX_CHARS else None
    if value is None:
        return None
    for other in FORMATS.values():
        read = _in_format(stripped, other)
        if read is not None and read != value:
            return f"Read as {plain_number(value, fmt)} ({fmt.tag})."
    return None


def to_json_number(value: Decimal) -> int | float:
    """The JSON number a case stores for a reading: a whole number as an int.

    Examples
    --------
    >>> to_json_number(Decimal("13000.0")), to_json_number(Decimal("0.95"))
    (13000, 0.95)
    """
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# --------------------------------------------------------------------------- writing


def _decimal_of(value: float | int | Decimal) -> Decimal:
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text that reads back as this float
    return Decimal(value)


def _digits(value: Decimal, fmt: NumberFormat, grouped: bool) -> str:
    sign = "-" if value.is_signed() and value != 0 else ""
    exact = Context(prec=len(value.as_tuple().digits) + 2)  # never rounds this value
    magnitude = value.copy_abs().normalize(exact)
    exponent = magnitude.adjusted()
    if magnitude and not -12 <= exponent <= 21:
        mantissa = magnitude.scaleb(-exponent, exact)
        return f"{sign}{_digits(mantissa, fmt, False)}e{exponent}"
    text = f"{magnitude:f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if grouped and len(whole) > 4:
        head = len(whole) % 3 or 3
        whole = fmt.group.join(
            [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
        )
    return sign + whole + (fmt.decimal + fraction if fraction else "")


def plain_number(value: float | int | Decimal, fmt: NumberFormat | str = DEFAULT_FORMAT) -> str:
    """A number as a message suggests typing it: no thousands separators, no trailing zeros.

    Examples
    --------
    >>> plain_number(Decimal("13000.50"), "1,234.5"), plain_number(0.95, "1.234,5")
    ('13000.5', '0,95')
    """
    return _digits(_decimal_of(value), number_format(fmt), grouped=False)


def format_number_input(
    value: float | int | Decimal | None, fmt: NumberFormat | str = DEFAULT_FORMAT
) -> str:
    """A stored number as a number input shows it, in the format the page reads.

    Numbers of five digits and more are grouped by thousands (``13,000``; ``7000`` stays as
    it is, as style guides write four-digit numbers); decimals are written in full (the
    shortest text that reads back as the same float) and trailing zeros dropped. Very large or
    very small magnitudes are written with an exponent (``1e30``). What this writes,
    :func:`parse_number` reads back as the same value in the same format.

    Examples
    --------
    >>> format_number_input(13000.0, "1.234,5"), format_number_input(0.95, "1.234,5")
    ('13.000', '0,95')
    >>> format_number_input(-1234567.25, "1 234,5"), format_number_input(7000, "1'234.5")
    ('-1 234 567,25', '7000')
    >>> format_number_input(None), format_number_input(1e30)
    ('', '1e30')
    """
    if value is None:
        return ""
    return _digits(_decimal_of(value), number_format(fmt), grouped=True)


# --------------------------------------------------------------------------- defaults

_BY_CURRENCY: Final[Mapping[str, str]] = MappingProxyType(
    {
        **dict.fromkeys(("CHF",), "1'234.5"),
        **dict.fromkeys(
            ("EUR", "DKK", "ISK", "BRL", "ARS", "CLP", "COP", "IDR", "TRY", "VND", "RSD"),
            "1.234,5",
        ),
        **dict.fromkeys(
            ("SEK", "NOK", "PLN", "CZK", "HUF", "RUB", "UAH", "BGN", "KZT", "ZAR"), "1 234,5"
        ),
    }
)
"""Currencies whose users usually write numbers in another format than ``1,234.5``.

The euro is used by countries that write ``1.234,5`` (Germany, Spain, Italy, the
Netherlands…), ``1 234,5`` (France, Finland…) and ``1,234.5`` (Ireland, Malta): it defaults to
the first, the most common; a case or a trainee can always say otherwise.
"""


def format_for_currency(currency: str | None) -> str:
    """The usual number format of a currency's users (:data:`DEFAULT_FORMAT` if none is known).

    Examples
    --------
    >>> format_for_currency("EUR"), format_for_currency("CHF"), format_for_currency("USD")
    ('1.234,5', "1'234.5", '1,234.5')
    """
    return _BY_CURRENCY.get((currency or "").strip().upper(), DEFAULT_FORMAT)


_BY_LANGUAGE: Final[Mapping[str, str]] = MappingProxyType(
    {
        **dict.fromkeys(
            ("en", "ja", "zh", "ko", "he", "th", "hi", "ms", "fil", "ga", "mt", "cy"), "1,234.5"
        ),
        **dict.fromkeys(
            (
                "de", "nl", "es", "it", "pt", "da", "id", "tr", "el", "ro", "hr", "sl", "sr",
                "vi", "is", "ca", "eu", "gl",
            ),
            "1.234,5",
        ),
        **dict.fromkeys(
            (
                "fr", "ru", "pl", "cs", "sk", "sv", "nb", "nn", "no", "fi", "uk", "hu", "bg",
                "lt", "lv", "et", "kk", "be",
            ),
            "1 234,5",
        ),
        # Regions that write otherwise than their language mostly does.
        **dict.fromkeys(("de-ch", "de-li", "it-ch", "rm"), "1'234.5"),
        **dict.fromkeys(("de-at", "pt-pt", "en-za"), "1 234,5"),
        **dict.fromkeys(("es-mx", "es-us", "es-pr"), "1,234.5"),
    }
)  # fmt: skip
"""The number format of a language, or of a language in a region (CLDR's common usage)."""


def format_for_language(accept_language: str | None) -> str | None:
    """The number format of the language a browser asks pages in, if the workbook knows it.

    Parameters
    ----------
    accept_language
        An HTTP ``Accept-Language`` header (``de-CH,de;q=0.9,en;q=0.8``): its first language
        is the one the browser prefers.

    Examples
    --------
    >>> [format_for_language(h) for h in ("de-CH,de;q=0.9", "de-DE", "en-US")]
    ["1'234.5", '1.234,5', '1,234.5']
    >>> format_for_language("sw"), format_for_language(None)
    (None, None)
    """
    first = (accept_language or "").split(",")[0].split(";")[0].strip().lower()
    if not first or first == "*":
        return None
    parts = first.replace("_", "-").split("-")
    region = f"{parts[0]}-{parts[-1]}" if len(parts) > 1 else ""
    return _BY_LANGUAGE.get(region) or _BY_LANGUAGE.get(parts[0])


Source = Literal["case", "preference", "currency"]


def choose_format(
    case_format: str | None, preferred: str | None, currency: str | None
) -> tuple[NumberFormat, Source]:
    """The format a page reads numbers in, and where it comes from.

    Parameters
    ----------
    case_format
        The case's ``number_format`` (ignored unless it names a format).
    preferred
        The trainee's format: the home page's setting, or their browser's language.
    currency
        The case's currency, whose usual format is the default.

    Examples
    --------
    >>> fmt, source = choose_format(None, None, "EUR"); fmt.tag, source
    ('1.234,5', 'currency')
    >>> choose_format(None, "1 234,5", "EUR")[0].tag, choose_format("1,234.5", "1 234,5", "EUR")[1]
    ('1 234,5', 'case')
    """
    if case_format in FORMATS:
        return FORMATS[str(case_format)], "case"
    if preferred in FORMATS:
        return FORMATS[str(preferred)], "preference"
    return FORMATS[format_for_currency(currency)], "currency"
