"""Role-play cases: a public part, and for each side a confidential brief and private facts.

The design notes (section 7) describe the format: ``{"schema_version": 1, "roles": {"public":
{...}, "seller": {"brief": "...", "private": {...}}, "customer": {"brief": "...", "private":
{...}}}}``, where the public part and each private part are partial case documents merged by
key path. The package is split by step:

* :mod:`~negotiation_lib.domain.roles.paths`: a partial document as a set of facts addressed by
  key path, and merging documents by them;
* :mod:`~negotiation_lib.domain.roles.views`: each side's view (public, its own private facts
  and what the other side shared), the truth (public and both private parts) and a side's
  private facts listed with labels;
* :mod:`~negotiation_lib.domain.roles.labels`: facts and their values in words;
* :mod:`~negotiation_lib.domain.roles.validation`: every problem of a role-play file, at its
  path inside ``roles``, and :func:`shared_fact_problems` for a value a side states.
"""

from __future__ import annotations

from negotiation_lib.domain.roles.labels import Terms, definition_text, fact_label, fact_text
from negotiation_lib.domain.roles.paths import (
    ATOMIC,
    FactPath,
    Item,
    document_facts,
    fact_at,
    fact_path_text,
    merge_documents,
    overlapping,
    parse_fact_path,
    put_fact,
)
from negotiation_lib.domain.roles.validation import (
    BRIEF_MAX_CHARS,
    PUBLIC_ONLY,
    role_play_problems,
    shared_fact_problems,
    source_path,
)
from negotiation_lib.domain.roles.views import (
    SIDES,
    Fact,
    Side,
    counterpart,
    is_role_play,
    plain_document,
    private_fact_value,
    private_facts,
    public_facts,
    side_brief,
    side_view,
    truth,
)

__all__ = [
    "ATOMIC",
    "BRIEF_MAX_CHARS",
    "PUBLIC_ONLY",
    "SIDES",
    "Fact",
    "FactPath",
    "Item",
    "Side",
    "Terms",
    "counterpart",
    "definition_text",
    "document_facts",
    "fact_at",
    "fact_label",
    "fact_path_text",
    "fact_text",
    "is_role_play",
    "merge_documents",
    "overlapping",
    "parse_fact_path",
    "plain_document",
    "private_fact_value",
    "private_facts",
    "public_facts",
    "put_fact",
    "role_play_problems",
    "shared_fact_problems",
    "side_brief",
    "side_view",
    "source_path",
    "truth",
]
