"""Writing tables to Excel sheets the same way everywhere: typed cells, a frozen header.

Text a participant typed is always written as text: a cell that starts with ``=`` would
otherwise become a formula in Excel or LibreOffice (formula injection). Being a text cell is
not enough, though: the formula comes alive when someone edits the cell, or saves the sheet as
CSV and opens that. So text that starts the way a formula does (``= + - @``, a tab or a carriage
return) is written with a leading apostrophe (:func:`inert_text`), which stays in the text
through any copy or CSV round trip and keeps it text there too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FORMULA_STARTS", "inert_text", "write_table"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How text begins that a spreadsheet may read as a formula (OWASP's list for CSV injection)."""

_HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
_HEADER_FONT = Font(bold=True, color="FFFFFF")


def inert_text(text: str) -> str:
    """The text, with an apostrophe before it if it starts the way a formula does.

    Examples
    --------
    >>> inert_text("=1+1"), inert_text("@SUM(A1)"), inert_text("-2"), inert_text("Volume")
    ("'=1+1", "'@SUM(A1)", "'-2", 'Volume')
    """
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cell_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return inert_text(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime):
        # Excel has no time zones: write UTC without its zone; the header says UTC.
        return value.replace(tzinfo=None)
    if hasattr(value, "item"):  # a NumPy scalar
        return _cell_value(value.item())
    return value


def write_table(
    sheet: Worksheet,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    number_formats: dict[int, str] | None = None,
) -> None:
    """Write a header row and rows to ``sheet``, numbers as numbers, header frozen.

    Parameters
    ----------
    sheet
        An empty worksheet.
    header
        Column titles.
    rows
        The values; ``None`` and NaN leave a cell empty.
    number_formats
        Excel number formats by column index (0-based), e.g. ``{3: "0.0%"}``.
    """
    sheet.append([inert_text(h) if isinstance(h, str) else h for h in header])
    for cell in sheet[1]:
        cell.fill = _HEADER_FILL
        cell.font = _HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    formats = number_formats or {}
    for r, values in enumerate(rows, start=2):
        for c, raw in enumerate(values, start=1):
            value = _cell_value(raw)
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif c - 1 in formats and isinstance(value, int | float):
                cell.number_format = formats[c - 1]
    sheet.freeze_panes = "B2" if len(header) > 1 else "A2"
    for c, title in enumerate(header, start=1):
        longest = max([len(str(title))] + [len(str(row[c - 1])) for row in rows[:200]])
        sheet.column_dimensions[get_column_letter(c)].width = min(max(10, longest + 2), 48)
