"""The open-book deal brief: one self-contained HTML file, and a PDF printed from it.

The brief is what a seller hands over (or keeps) after working through the three worksheets:
what the offer is worth to the customer (the value the evidence supports, and the full EVE as
the upside), the economic model behind the price, how the gain over both parties' BATNAs is
shared, what the relationship is worth to both sides over time (whether squeezing pays, the
seller-optimal price, BATNA, BATR, COLR and net COLR side by side, the two uncertainty
views), both parties' sealed definitions of winning and the proposed agreement with its
justification to each side.

Two audiences:

- ``"internal"``: every section of :data:`BRIEF_SECTIONS`, including the strategy and the
  moves against competitors and the customer, which stay with the seller's team;
- ``"customer"``: the sections of :data:`CUSTOMER_SECTIONS` only, headed "Prepared for" the
  customer, with short explanations of the terms for a reader who has not used the workbook.

The brief reads one :class:`~negotiation_lib.assessment.CaseAssessment`: every number comes from
the report written from it (:func:`negotiation_lib.report.report_json`; headline figures carry
a ``data-figure`` attribute naming their dotted path in the report and a ``data-value``
attribute holding the exact number), and every chart is drawn by the figure modules of
:mod:`negotiation_lib.figures` from the assessment's results. Numbers are written with
:mod:`negotiation_lib.formatting` and codes named with :mod:`negotiation_lib.vocabulary`, as on
every page. The HTML opens without any network: plotly.js is embedded once, inline, and no
font, style sheet or script is fetched from anywhere. User-typed text is escaped with
:func:`negotiation_lib.formatting.escape` (charts escape theirs themselves).

:func:`brief_pdf` prints the HTML to PDF with headless Chromium; the print style sheet gives A4
pages, one section per page and charts that fit the page width.

Where things are: :mod:`.layout` (the sections, the context every writer reads, tiles and
tables), :mod:`.value`, :mod:`.economics`, :mod:`.projection` and :mod:`.win_win` (the section
writers), :mod:`.markdown` (the memos' Markdown), :mod:`.document` (the page), :mod:`.pdf`
(printing), and the style sheet and print script ``brief.css`` and ``brief.js``.
"""

from __future__ import annotations

from negotiation_lib.exports.brief.document import brief_html
from negotiation_lib.exports.brief.layout import (
    BRIEF_SECTIONS,
    CHART_CONFIG,
    CUSTOMER_SECTIONS,
    INTERNAL_SECTIONS,
    Audience,
)
from negotiation_lib.exports.brief.pdf import CHROMIUM_FLAGS, brief_pdf

__all__ = [
    "BRIEF_SECTIONS",
    "CHART_CONFIG",
    "CHROMIUM_FLAGS",
    "CUSTOMER_SECTIONS",
    "INTERNAL_SECTIONS",
    "Audience",
    "brief_html",
    "brief_pdf",
]
