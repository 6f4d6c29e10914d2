"""How the workbook writes numbers and escapes text: one policy for every page, chart and file.

Every figure a user reads goes through these functions, so the fair price reads the same on
a tile, a chart, the brief and the report. The policy:

- thousands separated by commas, decimals by a point (``12,350.5``);
- negative numbers with the true minus sign (``−600``, U+2212), never a hyphen;
- an unknown value (None, NaN, infinite) is :data:`UNKNOWN`, an en dash, everywhere;
- money is the number followed by the case's currency code (``11,790 EUR``).

These functions return plain text. Text that reaches HTML or a plotly label goes through
:func:`escape` (user-typed text most of all: names, currency codes, units).
"""

from __future__ import annotations

import html
import math

__all__ = [
    "MINUS",
    "UNKNOWN",
    "escape",
    "money",
    "number",
    "percent",
    "signed_money",
]

UNKNOWN = "–"
"""What an unknown or non-finite value reads as (an en dash)."""

MINUS = "\u2212"
"""The minus sign (U+2212) that negative numbers are written with."""


def _known(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def number(x: float | None, decimals: int = 0, *, trim: bool = False) -> str:
    """Write a number with thousands separators and the true minus sign.

    Parameters
    ----------
    x
        The number; None, NaN or infinity reads as :data:`UNKNOWN`.
    decimals
        Decimals shown.
    trim
        Drop trailing zeros of the decimals (``11,812.50`` → ``11,812.5``).

    Returns
    -------
    str
        For example ``11,812.5``, ``−600`` or ``–``; a value that rounds to zero is ``0``,
        never ``−0``.

    Examples
    --------
    >>> number(11812.5, 2), number(11812.5, 2, trim=True), number(-600), number(None)
    ('11,812.50', '11,812.5', '−600', '–')
    >>> number(-0.004, 2)
    '0.00'
    """
    if x is None or not _known(x):
        return UNKNOWN
    text = f"{abs(x):,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if float(text.replace(",", "") or 0) == 0:
        return text
    return (MINUS + text) if x < 0 else text


def money(x: float | None, currency: str = "", decimals: int = 0, *, trim: bool = False) -> str:
    """Write an amount of money: the number, then the currency code.

    Parameters
    ----------
    x
        The amount; unknown reads as :data:`UNKNOWN` (without the currency).
    currency
        The case's currency code as typed (plain text: escape the result for HTML).
    decimals, trim
        As for :func:`number`.

    Examples
    --------
    >>> money(1046.25, "USD", 2), money(-90000, "EUR"), money(None, "EUR")
    ('1,046.25 USD', '−90,000 EUR', '–')
    """
    if x is None or not _known(x):
        return UNKNOWN
    return f"{number(x, decimals, trim=trim)} {currency}".rstrip()


def signed_money(x: float, currency: str = "", decimals: int = 0, *, trim: bool = False) -> str:
    """Write a change in money with its sign always shown (``+2,500 EUR``, ``−600 EUR``).

    Examples
    --------
    >>> signed_money(2500, "EUR"), signed_money(-600, "EUR"), signed_money(0, "EUR")
    ('+2,500 EUR', '−600 EUR', '+0 EUR')
    """
    if not _known(x):
        return UNKNOWN
    negative = number(x, decimals, trim=trim).startswith(MINUS)
    return (MINUS if negative else "+") + money(abs(x), currency, decimals, trim=trim)


def percent(x: float | None, decimals: int = 0) -> str:
    """Write a share (0–1) as a percentage (``0.516`` → ``52%``).

    Examples
    --------
    >>> percent(0.516), percent(0.7181, 1), percent(-0.05), percent(None)
    ('52%', '71.8%', '−5%', '–')
    """
    if x is None or not _known(x):
        return UNKNOWN
    return number(100 * x, decimals) + "%"


def escape(text: object) -> str:
    """Escape any text for HTML content, HTML attributes and plotly labels alike.

    ``&``, ``<`` and ``>`` become entities, and quotes become numeric entities, which both
    browsers and plotly decode (plotly does not decode ``&quot;``). User-typed text shown as
    HTML anywhere in the workbook passes through here, so ``<b>`` shows as ``<b>`` and no
    tag or attribute is ever made from it.

    Examples
    --------
    >>> escape("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> escape('Say "yes" & sign')
    'Say &#34;yes&#34; &amp; sign'
    """
    return html.escape(str(text), quote=False).replace('"', "&#34;").replace("'", "&#39;")
