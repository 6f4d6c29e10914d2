"""The small Markdown the justification memos are written in, as escaped HTML.

The memos (:func:`negotiation_lib.domain.win_win.justification_memo`) use headings, bullets,
paragraphs and ``**bold**`` words only, and they quote user text (party names, issue options,
statements). So this converter knows those four forms and nothing else, and escapes every line
before it marks the bold words: no Markdown or HTML in a memo can make a tag other than
``<b>``, a link or an attribute.
"""

from __future__ import annotations

import re

from negotiation_lib.formatting import escape

__all__ = ["markdown_html"]

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _inline(text: str) -> str:
    """Escape a line, then mark its ``**bold**`` words (escaped text holds no tag to break)."""
    return _BOLD.sub(r"<b>\1</b>", escape(text))


def markdown_html(text: str) -> str:
    r"""Render the workbook's simple Markdown (headings, bullets, paragraphs), all escaped.

    Parameters
    ----------
    text
        Lines of Markdown: ``#`` headings (any level, shown as ``<h4>``), ``-`` or ``*``
        bullets, paragraphs separated by blank lines, and ``**bold**`` words inside them.

    Returns
    -------
    str
        Safe HTML.

    Examples
    --------
    >>> markdown_html("# For <b>you</b>\nIt is **fair**.\n- one\n- two")
    '<h4>For &lt;b&gt;you&lt;/b&gt;</h4><p>It is <b>fair</b>.</p><ul><li>one</li><li>two</li></ul>'
    """
    out: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            out.append(f"<p>{_inline(' '.join(para))}</p>")
            para.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.splitlines():
        s = line.strip()
        if not s:
            flush()
        elif s.startswith("#"):
            flush()
            out.append(f"<h4>{_inline(s.lstrip('#').strip())}</h4>")
        elif s.startswith(("- ", "* ")):
            if para:
                flush()
            items.append(s[2:])
        else:
            if items:
                flush()
            para.append(s)
    flush()
    return "".join(out)
