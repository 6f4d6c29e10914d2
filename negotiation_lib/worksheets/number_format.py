"""Where a page's number format comes from, and the two places a trainee chooses it.

A page reads numbers in the case's own format if it names one; else in the trainee's: the one
chosen on the home page (carried in the page's address as ``numbers=1.234,5``), or else the
one of the language the browser asks pages in (its ``Accept-Language`` header, which the
server hands the page's kernel as ``HTTP_ACCEPT_LANGUAGE``); else the usual format of the
case's currency (:func:`negotiation_lib.numbers.choose_format`).

- :func:`number_format_field`: the case's setting, on the value proposition's case card; its
  "automatic" entry says which format applies without one, and why;
- :class:`NumberPreference`: the home page's setting, carried into the links it gives;
- :func:`use_trainee_format`: what a page does with its request before building.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlencode

import ipywidgets as widgets

from negotiation_lib.document import CaseDocument
from negotiation_lib.numbers import (
    FORMAT_TAGS,
    FORMATS,
    format_for_currency,
    format_for_language,
)
from negotiation_lib.worksheets.fields import BoundField
from negotiation_lib.worksheets.inputs import inputs_of
from negotiation_lib.worksheets.shared_models import shared_layout

__all__ = [
    "AUTOMATIC",
    "FROM_BROWSER",
    "FROM_HOME",
    "NUMBERS_PARAMETER",
    "NumberPreference",
    "number_format_field",
    "trainee_format",
    "use_trainee_format",
    "with_numbers",
]

NUMBERS_PARAMETER = "numbers"
"""The address parameter carrying the trainee's number format (``numbers=1.234,5``)."""

FROM_HOME = "set on the home page"
"""Where the trainee's format comes from when chosen on the home page, in words."""
FROM_BROWSER = "your browser's language"
"""Where it comes from when read from the browser's language, in words."""


def trainee_format(query: str, accept_language: str | None) -> tuple[str | None, str]:
    """The trainee's number format for a page request, and where it comes from.

    Parameters
    ----------
    query
        The page's query string (``numbers=...`` is the home page's setting).
    accept_language
        The browser's ``Accept-Language`` header, if the page's kernel was given it.

    Examples
    --------
    >>> trainee_format("case=x&numbers=1+234%2C5", "en-US")
    ('1 234,5', 'set on the home page')
    >>> trainee_format("case=x", "de-DE,de;q=0.9")
    ('1.234,5', "your browser's language")
    >>> trainee_format("case=x", None)
    (None, '')
    """
    chosen = parse_qs(query).get(NUMBERS_PARAMETER, [""])[0]
    if chosen in FORMATS:
        return chosen, FROM_HOME
    browser = format_for_language(accept_language)
    return (browser, FROM_BROWSER) if browser else (None, "")


def use_trainee_format(
    doc: CaseDocument, query: str | None = None, environ: Mapping[str, str] | None = None
) -> None:
    """Read the document's numbers in the trainee's format, as this page's request gives it.

    Parameters
    ----------
    doc
        The document the page edits.
    query
        The page's query string (by default the request's, ``QUERY_STRING``).
    environ
        Where the request is (by default the kernel's environment, as Voila sets it).
    """
    env = os.environ if environ is None else environ
    if query is None:
        query = env.get("QUERY_STRING", "")
    tag, source = trainee_format(query, env.get("HTTP_ACCEPT_LANGUAGE"))
    inputs = inputs_of(doc)
    inputs.preferred_from = source
    inputs.preferred_format = tag


def with_numbers(query: str, tag: str | None) -> str:
    """A query string with the trainee's number format added (or left out when None).

    Examples
    --------
    >>> with_numbers("case=blank", "1.234,5"), with_numbers("case=blank", None)
    ('case=blank&numbers=1.234%2C5', 'case=blank')
    """
    if tag not in FORMATS:
        return query
    extra = urlencode({NUMBERS_PARAMETER: tag})
    return f"{query}&{extra}" if query else extra


def _automatic(doc: CaseDocument) -> str:
    """The chooser's entry for "no format in the case": the format that applies, and why."""
    inputs = inputs_of(doc)
    currency = doc.case.currency if doc.case is not None else None  # the last valid one
    tag = inputs.preferred_format
    if tag in FORMATS:
        return f"Automatic: {tag} ({inputs.preferred_from or 'your choice'})"
    code = currency if isinstance(currency, str) and currency else ""
    return f"Automatic: {format_for_currency(code)} (usual for {code or 'the currency'})"


AUTOMATIC = ""
"""The choosers' value for "no format of its own" (a drop-down cannot show None as chosen)."""


class _FormatChoice(BoundField):
    """The case's number format: automatic (the key left out) or one of the four."""

    def __init__(self, doc: CaseDocument, control: widgets.Dropdown) -> None:
        self.w_choice = control
        super().__init__(
            doc,
            "number_format",
            control,
            "Numbers typed as",
            "How numbers are typed in this case: 1,234.5 (a thousand is written 1,000 and a half "
            "0.5), 1.234,5 (1.000 and 0,5), 1 234,5 (1 000 and 0,5) or 1'234.5 (1'000 and 0.5).",
        )
        doc.observe(self._on_revision, "revision")

    def to_document(self, raw: Any) -> Any:
        """Automatic leaves the key out of the case."""
        return raw if raw in FORMATS else None

    def to_control(self, value: Any) -> Any:
        """A format the case names, or automatic."""
        return value if value in FORMATS else AUTOMATIC

    def _on_revision(self, _change: dict[str, Any]) -> None:
        if self.control.comm is None:  # the page was closed: stop listening
            self.doc.unobserve(self._on_revision, "revision")
            return
        label = _automatic(self.doc)
        if self.w_choice.options[0][0] != label:  # the currency or the trainee's format changed
            self._updating = True
            try:
                value = self.w_choice.value
                self.w_choice.options = _options(label)
                self.w_choice.value = value
            finally:
                self._updating = False


def _options(automatic: str) -> list[tuple[str, str]]:
    return [
        (automatic, AUTOMATIC),
        *((t, t) for t in FORMAT_TAGS),
    ]


def number_format_field(doc: CaseDocument, width: str = "18em") -> widgets.Widget:
    """The case's number format, as a drop-down with an "automatic" entry first."""
    current = doc.get("number_format")
    control = widgets.Dropdown(
        options=_options(_automatic(doc)),
        value=current if current in FORMATS else AUTOMATIC,
        layout=shared_layout(width=width),
    )
    control.add_class("nw-number-format")
    return _FormatChoice(doc, control).widget


class NumberPreference:
    """The home page's "numbers I type" setting: automatic (the browser's) or one format.

    Parameters
    ----------
    accept_language
        The browser's ``Accept-Language`` header (read from the kernel's environment when
        not given), for the automatic entry's label.

    ``widget`` is the drop-down; :attr:`tag` the format chosen (None for automatic).
    """

    def __init__(self, accept_language: str | None = None) -> None:
        if accept_language is None:
            accept_language = os.environ.get("HTTP_ACCEPT_LANGUAGE")
        browser = format_for_language(accept_language)
        automatic = (
            f"As my browser's language: {browser}" if browser else "From the case's currency"
        )
        self.widget = widgets.Dropdown(
            description="Numbers I type",
            options=[
                (automatic, AUTOMATIC),
                *((f"{t} ({FORMATS[t].description})", t) for t in FORMAT_TAGS),
            ],
            value=AUTOMATIC,
            style={"description_width": "110px"},
            layout=shared_layout(width="460px"),
        )
        self.widget.add_class("nw-home-numbers")

    @property
    def tag(self) -> str | None:
        """The format chosen, or None for automatic."""
        value = self.widget.value
        return value if value in FORMATS else None
