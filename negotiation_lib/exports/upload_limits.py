"""How large an uploaded case file may be, checked before anything opens it (issue 22).

A case is at most :data:`~negotiation_lib.domain.validation.MAX_CASE_BYTES` of JSON. An Excel
workbook exported here holds that JSON plus the computed tables, zipped. Its compressed size
says little about what opening it costs: a 1.5 MB workbook whose JSON sheet was padded with
spaces unpacks to gigabytes, and openpyxl reads a sheet's strings whole. So before openpyxl sees
a workbook, :func:`check_workbook_archive` reads the zip's directory (a few kilobytes) and
refuses it when

- the file is larger than :data:`MAX_WORKBOOK_BYTES`, or has more than :data:`MAX_ENTRIES`
  parts;
- one part would unpack to more than :data:`MAX_ENTRY_BYTES`, or all of them to more than
  :data:`MAX_TOTAL_BYTES`;
- a part larger than :data:`RATIO_FROM_BYTES` is compressed more than :data:`MAX_RATIO` to 1
  (real workbooks compress 3 to 20 to 1; padding compresses about 1,000 to 1).

The sizes in the directory bound what is unpacked: Python's ``zipfile`` (which openpyxl reads
through) stops a part at its recorded size and rejects it if the data do not match. The JSON
sheet's text is then capped at the case limit as it is read
(:func:`negotiation_lib.exports.case_workbook.case_from_workbook`).

The page checks the size of a file in the browser before sending it
(:func:`upload_limit_bytes`, ``worksheets/upload_guard.js``): a file larger than the
connection can carry would otherwise drop the page's connection with no message.
"""

from __future__ import annotations

import io
import zipfile

from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.validation import MAX_CASE_BYTES

__all__ = [
    "MAX_ENTRIES",
    "MAX_ENTRY_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "MAX_WORKBOOK_BYTES",
    "RATIO_FROM_BYTES",
    "check_workbook_archive",
    "megabytes",
    "upload_limit_bytes",
]

MAX_WORKBOOK_BYTES = 4 * MAX_CASE_BYTES
"""Largest Excel file accepted, as uploaded (compressed)."""

MAX_ENTRIES = 200
"""Most parts in an Excel file (one exported here has about 30)."""

MAX_ENTRY_BYTES = 8 * MAX_CASE_BYTES
"""Largest part of an Excel file, unpacked (the JSON sheet's strings are at most a case)."""

MAX_TOTAL_BYTES = 16 * MAX_CASE_BYTES
"""Largest Excel file, all parts unpacked."""

MAX_RATIO = 100
"""Most a part larger than :data:`RATIO_FROM_BYTES` may be compressed (unpacked : packed)."""

RATIO_FROM_BYTES = 1_000_000
"""Parts below this size are not held to :data:`MAX_RATIO` (tiny parts compress oddly)."""


def megabytes(size: int) -> str:
    """A size in megabytes for a sentence.

    Examples
    --------
    >>> megabytes(2_000_000), megabytes(52_428_800)
    ('2.0 MB', '52.4 MB')
    """
    return f"{size / 1e6:.1f} MB"


def upload_limit_bytes(name: str) -> int:
    """The largest file accepted for upload under this name: an Excel workbook or JSON.

    Examples
    --------
    >>> upload_limit_bytes("case.json") == MAX_CASE_BYTES, upload_limit_bytes("Case.XLSX")
    (True, 8000000)
    """
    return MAX_WORKBOOK_BYTES if name.lower().endswith(".xlsx") else MAX_CASE_BYTES


def check_workbook_archive(payload: bytes, name: str = "This Excel file") -> None:
    """Refuse an Excel file whose size, unpacked, could not be a workbook exported here.

    Only the zip's directory is read; nothing is unpacked.

    Raises
    ------
    CaseError
        With a sentence saying what is too large, and that nothing was imported.
    """
    if len(payload) > MAX_WORKBOOK_BYTES:
        raise CaseError.at(
            "",
            f"{name} is {megabytes(len(payload))}; an Excel workbook of a case is at most "
            f"{megabytes(MAX_WORKBOOK_BYTES)}.",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise CaseError.at("", f"{name} is not an Excel workbook (.xlsx): {err}.") from err
    if len(parts) > MAX_ENTRIES:
        raise CaseError.at(
            "", f"{name} has {len(parts):,} parts; a case workbook has at most {MAX_ENTRIES}."
        )
    total = sum(p.file_size for p in parts)
    if total > MAX_TOTAL_BYTES:
        raise CaseError.at(
            "",
            f"{name} would unpack to {megabytes(total)}, more than a case workbook holds "
            f"(at most {megabytes(MAX_TOTAL_BYTES)}).",
        )
    for part in parts:
        where = f"{name}'s part {part.filename!r}"
        if part.file_size > MAX_ENTRY_BYTES:
            raise CaseError.at(
                "",
                f"{where} would unpack to {megabytes(part.file_size)}, more than a case "
                f"workbook holds (at most {megabytes(MAX_ENTRY_BYTES)}).",
            )
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise CaseError.at(
                "",
                f"{where} is compressed {ratio:,.0f} to 1, which no case workbook is "
                f"(at most {MAX_RATIO} to 1): it would unpack to {megabytes(part.file_size)}.",
            )
