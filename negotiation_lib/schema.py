"""The case file's JSON Schema, generated from the models so that the two never disagree.

The published copy lives in ``data/schema/case.schema.json``; a test regenerates it and fails
when the committed file is stale (``negotiation-workbook schema --write`` refreshes it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from negotiation_lib.domain.case import Case

__all__ = ["SCHEMA_PATH", "case_json_schema", "schema_text"]

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "schema" / "case.schema.json"
"""Where the repository publishes the schema."""


def case_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a case document.

    Examples
    --------
    >>> s = case_json_schema()
    >>> s["title"], sorted(s["required"])
    ('Negotiation Workbook case', ['customer', 'seller', 'title'])
    """
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Negotiation Workbook case"
    schema["description"] = (
        "One negotiation case: the parties and whichever worksheet sections are filled in. "
        "A missing section means it has not been filled in yet."
    )
    return schema


def schema_text() -> str:
    """Return the schema as written to :data:`SCHEMA_PATH` (sorted keys, 2-space indent)."""
    return json.dumps(case_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
