"""Reading a case file someone uploads or imports: JSON, or an Excel workbook made here.

:func:`read_case_file` accepts the bytes of a file and returns the case document only when the
whole case is valid; otherwise it raises :class:`~negotiation_lib.domain.errors.CaseError`
listing every problem (not JSON, too large, not an object, a wrong schema version, bad values
at their JSON paths, an Excel file without its case sheet). Callers replace what they hold only
after it returns, so a bad file changes nothing.
"""

from __future__ import annotations

import json
import re
import zipfile
from io import BytesIO
from typing import Any

from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.roles.views import plain_document
from negotiation_lib.domain.validation import MAX_CASE_BYTES, parse_case

__all__ = ["case_json", "file_stem", "read_case_file"]

_JSON_KINDS = {
    list: "list",
    str: "string",
    int: "number",
    float: "number",
    bool: "true/false value",
    type(None): "null",
}


def case_json(data: dict[str, Any]) -> bytes:
    """A case document as the JSON file the workbook exports (indented, UTF-8)."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_case_file(payload: bytes, name: str = "the file") -> dict[str, Any]:
    """The case document in an uploaded file, validated whole.

    Parameters
    ----------
    payload
        The file's bytes: a case JSON file or an Excel workbook exported by the workbook
        (recognised by its content, not its name).
    name
        The file's name, for messages.

    Returns
    -------
    dict
        The case document; for a role-play case file, its truth (the public part and both
        private parts merged), which is what a worksheet, an import and the Excel workbook use.

    Raises
    ------
    CaseError
        Every problem of the file, each at its JSON path where it has one.
    """
    if not payload:
        raise CaseError.at("", f"{name} is empty.")
    if zipfile.is_zipfile(BytesIO(payload)):
        # Imported here: openpyxl is loaded only when a workbook is read.
        from negotiation_lib.exports.case_workbook import case_from_workbook

        data = case_from_workbook(payload)
    else:
        if len(payload) > MAX_CASE_BYTES:
            raise CaseError.at(
                "", f"{name} is {len(payload):,} bytes; a case is at most {MAX_CASE_BYTES:,}."
            )
        try:
            data = json.loads(payload.decode("utf-8-sig"))
        except UnicodeDecodeError as err:
            raise CaseError.at(
                "", f"{name} is not text: a case is a JSON file (or an Excel workbook made here)."
            ) from err
        except json.JSONDecodeError as err:
            raise CaseError.at(
                "", f"{name} is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}."
            ) from err
        except RecursionError as err:
            raise CaseError.at("", f"{name} is nested too deeply to be a case.") from err
    if not isinstance(data, dict):
        kind = _JSON_KINDS.get(type(data), "value")
        raise CaseError.at("", f"{name} holds a JSON {kind}, not a case (a JSON object).")
    parse_case(data)  # raises with every problem
    # A role-play case opens as its truth: a worksheet edits ordinary case documents.
    return plain_document(data)


def file_stem(text: str) -> str:
    """A safe file name stem from a workshop or participant name.

    Examples
    --------
    >>> file_stem("Key accounts / spring <2027>")
    'key-accounts-spring-2027'
    >>> file_stem("<script>")
    'script'
    >>> file_stem("...")
    'unnamed'
    """
    stem = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return stem[:60] or "unnamed"
