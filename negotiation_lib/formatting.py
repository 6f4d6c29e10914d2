"""How the workbook writes numbers and escapes text: one policy for every page, chart and file.

Every figure a user reads goes through these functions, so the fair price reads the same on
a tile, a chart, the brief and the report. The policy:

- thousands separated by commas, decimals by a point (``12,350.5``);
- negative numbers with the true minus sign (``−600``, U+2212), never a hyphen;
- an unknown value (None, NaN, infinite) is :data:`UNKNOWN`, an en dash, everywhere;
- money is the number followed by the case's currency code (``11,790 EUR``), whole for
  totals and amounts per period; prices per unit take the case's decimals
  (:func:`price_decimals`);
- charts write numbers the same way (:func:`d3_format`, :data:`AXIS_FORMAT`).

These functions return plain text. Text that reaches HTML or a plotly label goes through
:func:`escape` (user-typed text most of all: names, currency codes, units).
"""

from __future__ import annotations

import html
import math

__all__ = [
    "AXIS_FORMAT",
    "MINUS",
    "UNKNOWN",
    "d3_format",
    "escape",
    "money",
    "number",
    "percent",
    "price_decimals",
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


AXIS_FORMAT = ","
"""The d3 format of a chart's numeric axis: whole numbers with thousands separators, as
:func:`number` writes them (``800,000``, never ``800k`` or ``11.79k``)."""


def d3_format(decimals: int = 0) -> str:
    """The d3 format plotly writes a number with, as :func:`number` would (hover text, labels).

    Examples
    --------
    >>> d3_format(), d3_format(2)
    (',.0f', ',.2f')
    """
    return f",.{decimals}f"


def price_decimals(fair_price_per_unit: float | None) -> int:
    """Decimals of every price per unit in a case: cents when its fair price is below 1,000.

    One count per case, read off its fair price, so that a price reads the same on a tile, a
    chart, a table and in a sentence (``11,748 EUR`` everywhere, never ``11,747.5 EUR`` on
    the chart), and the prices of one case never mix ``990.50`` with ``1,010``. Totals, NPVs
    and amounts per period are whole: :func:`money`'s default.

    Examples
    --------
    >>> price_decimals(11747.5), price_decimals(85.25), price_decimals(None)
    (0, 2, 0)
    """
    if fair_price_per_unit is None or not _known(fair_price_per_unit):
        return 0
    return 2 if abs(fair_price_per_unit) < 1000 else 0


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
