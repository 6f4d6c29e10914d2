"""Tests of the worksheet figures, and helpers to read plotly figures back.

Plotly's ``to_json`` writes ``<`` as ``\\u003c``, so a search of the raw JSON for ``<img`` can
never fail. :func:`decoded_json` decodes the JSON first, so the markup checks can catch an
unescaped string.
"""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go

MALICIOUS = "<img src=x onerror=alert(1)>"
"""A name a trainee could type; plotly must never see it as a tag."""


def decoded_json(fig: go.Figure) -> str:
    """Serialize the figure, decode the JSON and re-encode it without any escaping."""
    text = fig.to_json()
    assert isinstance(text, str)
    return json.dumps(json.loads(text), ensure_ascii=False)


def assert_no_markup_injection(fig: go.Figure) -> None:
    """Assert the figure carries the malicious name only in escaped form."""
    decoded = decoded_json(fig)
    assert "<img" not in decoded
    assert "&lt;img src=x onerror=alert(1)&gt;" in decoded


def trace(fig: go.Figure, name_part: str) -> Any:
    """Return the only trace whose name contains ``name_part``."""
    found = [t for t in fig.data if t.name is not None and name_part in t.name]
    assert len(found) == 1, [t.name for t in fig.data]
    return found[0]


def traces_of_type(fig: go.Figure, kind: str) -> list[Any]:
    """Return the traces of one plotly type (``"bar"``, ``"scatter"``, ``"waterfall"``)."""
    return [t for t in fig.data if t.type == kind]


def title_text(fig: go.Figure) -> str:
    """Return the figure's title and subtitle, as one string."""
    title = fig.layout.title
    subtitle = title.subtitle.text if title.subtitle is not None else None
    return f"{title.text} {subtitle or ''}"
