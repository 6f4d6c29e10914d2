"""The problem banner: every problem of the inputs, each a link to the field it is about.

While the document has problems (a negative volume, discounts above the list price) or an
input holds text it could not read ("13.000,50" where numbers are typed ``1,234.5``), every
worksheet shows one banner under its header. It says how many problems there are and that the
results are from the last valid inputs, then lists each one: the field's label as a link, and
the message. A click on the link scrolls to the field and puts the cursor in it
(``problem_links.js``, installed with the page script). A problem about something no input of
this page shows still points somewhere sensible: its part of this page (a table, a section),
or the worksheet that has the field, opened at that field.

The banner is kept up to date by :class:`ProblemBanner` (on every change of the document and of
the unread texts); :func:`problem_links` and :func:`banner_html` build it, without widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from negotiation_lib import catalog
from negotiation_lib.document import TOP_FIELDS, CaseDocument, parse_path, path_text
from negotiation_lib.formatting import escape
from negotiation_lib.vocabulary import readable, section_label
from negotiation_lib.worksheets.fields import field_class
from negotiation_lib.worksheets.inputs import DocumentInputs, inputs_of

__all__ = ["MAX_LISTED", "ProblemBanner", "ProblemLink", "banner_html", "problem_links"]

MAX_LISTED = 8
"""Problems the banner lists one by one; more are counted ("and 3 more")."""

_TOP_LABELS = {
    "title": "Title",
    "currency": "Currency",
    "unit": "Unit sold",
    "period": "Period",
    "seller": "Seller",
    "customer": "Customer",
    "number_format": "Number format",
}


@dataclass(frozen=True, slots=True)
class ProblemLink:
    """One problem as the banner lists it.

    Attributes
    ----------
    label
        What the link reads: the field's label, or the part of the case it is in.
    message
        The problem in a sentence.
    targets
        CSS classes of the places on this page that can show it, nearest first (empty when
        the link opens another worksheet, or when the problem is about the whole document).
    href
        ``#`` and the field's class on this page; another worksheet's address otherwise;
        empty for no link (on a practice page, another worksheet does not hold this case).
    sheet
        The place in the catalog of the worksheet that has the field, when it is another one:
        in a participant's workbook the link switches to that worksheet's tab.
    """

    label: str
    message: str
    targets: tuple[str, ...]
    href: str
    sheet: int | None = None


_CASE_CARD = frozenset(TOP_FIELDS)
"""The fields of the case card (the number format among them), on the first worksheet."""


def _worksheet_of(path: str) -> catalog.Worksheet | None:
    """The worksheet that has the field of ``path`` (the case card's fields are on the first)."""
    top = str(parse_path(path)[0]) if path else ""
    for sheet in catalog.WORKSHEETS:
        if top in sheet.sections:
            return sheet
    return catalog.WORKSHEETS[0] if top in _CASE_CARD else None


def _words(path: str) -> str:
    """A path in words when no input labels it: its last key, and its row in a table.

    Examples
    --------
    >>> _words("value.drivers[1].confidence"), _words("currency")
    ('Confidence, row 2', 'Currency')
    """
    steps = parse_path(path)
    keys = [s for s in steps if isinstance(s, str)]
    rows = [s for s in steps if isinstance(s, int)]
    if len(keys) <= 1:
        top = str(steps[0]) if steps else ""
        return _TOP_LABELS.get(top) or section_label(top)
    words = readable(keys[-1])
    return f"{words}, row {rows[-1] + 1}" if rows else words


def _candidates(path: str) -> tuple[str, ...]:
    """The CSS classes of ``path`` and of every part holding it, nearest first."""
    steps = parse_path(path)
    return tuple(field_class(path_text(steps[:end])) for end in range(len(steps), 0, -1))


def problem_links(
    doc: CaseDocument, page: str, query: str = "", inputs: DocumentInputs | None = None
) -> list[ProblemLink]:
    """Every problem of the document and every unread text of the page, as banner links.

    Parameters
    ----------
    doc
        The document.
    page
        The worksheet this banner is on (its catalog name).
    query
        The page's URL query, carried to links that open another worksheet.
    inputs
        The page's inputs (by default those of the document).

    Returns
    -------
    list of ProblemLink
        Unread texts first (what the trainee just typed), then the document's problems in
        document order; a problem at a path whose input shows unread text is that text's.
    """
    inputs = inputs or inputs_of(doc)
    unread = inputs.unread_now()
    found = [*unread.items(), *((p.path, p.message) for p in doc.problems if p.path not in unread)]
    links = []
    for path, message in found:
        if not path:
            links.append(ProblemLink("The case", message, (), ""))
            continue
        place = inputs.place_of(path)
        label = (place[1] if place is not None else "") or _words(path)
        targets = _candidates(path)
        sheet = _worksheet_of(path)
        if sheet is None or sheet.name == page:
            links.append(ProblemLink(label, message, targets, f"#{targets[0]}"))
        elif "resume=" in query:  # a participant's workbook: the link opens the other tab
            address = f"{sheet.notebook}?{query}#{targets[0]}"
            index = catalog.WORKSHEETS.index(sheet)
            links.append(ProblemLink(f"{sheet.title}: {label}", message, targets, address, index))
        else:  # practice: no other page holds this case
            links.append(ProblemLink(f"{sheet.title}: {label}", message, (), ""))
    return links


def banner_html(links: Sequence[ProblemLink]) -> str:
    """The banner's HTML: the count, then each problem as a link and its message (escaped).

    Examples
    --------
    >>> link = ProblemLink("Volume", "Must be above 0 (it is -5).", ("nw-at-x",), "#nw-at-x")
    >>> print(banner_html([link]))  # doctest: +NORMALIZE_WHITESPACE
    <div class='nw-banner nw-bad nw-problems' role='status'><div>1 problem in the inputs;
    the results below are from the last valid inputs.</div><ul class='nw-problem-list'><li><a
    class='nw-problem-link' href='#nw-at-x' data-targets='nw-at-x'>Volume</a>: Must be above 0
    (it is -5).</li></ul></div>
    >>> banner_html([])
    ''
    """
    if not links:
        return ""
    count = len(links)
    noun = "problem" if count == 1 else "problems"
    items = []
    for link in links[:MAX_LISTED]:
        targets = f" data-targets='{escape(' '.join(link.targets))}'" if link.targets else ""
        if link.sheet is not None:
            targets += f" data-sheet='{link.sheet}'"
        name = (
            f"<a class='nw-problem-link' href='{escape(link.href)}'{targets}>"
            f"{escape(link.label)}</a>"
            if link.href
            else escape(link.label)
        )
        items.append(f"<li>{name}: {escape(link.message)}</li>")
    if count > MAX_LISTED:
        items.append(f"<li>and {count - MAX_LISTED} more</li>")
    return (
        "<div class='nw-banner nw-bad nw-problems' role='status'>"
        f"<div>{count} {noun} in the inputs; the results below are from the last valid "
        f"inputs.</div><ul class='nw-problem-list'>{''.join(items)}</ul></div>"
    )


class ProblemBanner:
    """The banner of one worksheet page, redrawn whenever its problems change.

    Parameters
    ----------
    doc
        The document the page edits.
    page
        The worksheet's catalog name (``"value_proposition"``).
    query
        The page's URL query (carried to links that open another worksheet).

    ``widget`` is the banner (an HTML widget, empty while there is no problem).
    """

    def __init__(self, doc: CaseDocument, page: str, query: str = "") -> None:
        self.doc = doc
        self.page = page
        self.query = query
        self.inputs = inputs_of(doc)
        self.widget = widgets.HTML()
        self.widget.add_class("nw-problem-banner")
        doc.observe(self._on_change, "revision")
        self.inputs.observe(self._on_change, "unread")
        self.refresh()

    def _on_change(self, _change: dict[str, Any]) -> None:
        if self.widget.comm is None:  # the page was closed
            self.doc.unobserve(self._on_change, "revision")
            self.inputs.unobserve(self._on_change, "unread")
            return
        self.refresh()

    def refresh(self) -> None:
        """Draw the banner for the document's problems and the page's unread texts now."""
        html = banner_html(problem_links(self.doc, self.page, self.query, self.inputs))
        if html != self.widget.value:
            self.widget.value = html
