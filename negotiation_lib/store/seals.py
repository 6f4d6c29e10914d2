"""Sealed definitions of winning, kept apart from the cases that carry them.

Every sealed version of a party's definition found in a saved case is recorded once in its own
append-only table (:class:`negotiation_lib.store.tables.SealedDefinitionRow`). A recorded seal
never changes: a later save carrying another definition under the same version number is not
recorded (the save says so), and a restored case always carries the recorded history
(:func:`with_seals`).

Only a complete definition can be sealed (:mod:`negotiation_lib.domain.win_win.completeness`):
a save or an import carrying a new seal of a definition that lacks weights, scores, its win
threshold or its walk-away utility is refused whole, with the sentence the win-win page shows
beside its seal button (:func:`seal_refusal`), so no way round the page can seal one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from negotiation_lib.domain.case import SealedDefinition
from negotiation_lib.domain.win_win.completeness import missing_sentence, read_missing_parts
from negotiation_lib.store.engine import StoreBase, StoreError
from negotiation_lib.store.tables import SealedDefinitionRow, canonical_document

__all__ = ["PARTIES", "SealRecord", "SealsMixin", "seal_refusal", "with_seals"]

PARTIES = ("seller", "customer")


def seal_refusal(data: dict[str, Any], party: str, item: dict[str, Any]) -> str | None:
    """Why a new seal in ``data`` may not be recorded, or ``None`` when its definition is whole.

    ``item`` is the seal as the case carries it (already read as a
    :class:`~negotiation_lib.domain.case.SealedDefinition`). Its definition, as written, is
    checked against the case's own list of issues with
    :func:`~negotiation_lib.domain.win_win.completeness.read_missing_parts`, the check the
    win-win page applies to its seal button; the sentence carries
    :func:`~negotiation_lib.domain.win_win.completeness.missing_sentence` word for word.
    """
    win_win = data.get("win_win")
    issues = win_win.get("issues") if isinstance(win_win, dict) else None
    missing = read_missing_parts(issues, item.get("definition"))
    if missing is None:
        return (
            f"The {party}'s definition of winning cannot be sealed while the list of issues "
            "has problems: fix them first."
        )
    if missing.complete:
        return None
    return f"The {party}'s definition of winning cannot be sealed yet. {missing_sentence(missing)}"


@dataclass(frozen=True, slots=True)
class SealRecord:
    """One recorded seal of a party's definition of winning."""

    party: str
    version: int
    sha256: str
    sealed_at: datetime
    reason: str | None
    recorded_at: datetime
    sealed: dict[str, Any]
    """The sealed definition as it appears in a case (``win_win.seals.<party>[i]``)."""


def with_seals(data: dict[str, Any], seals: list[SealRecord] | None) -> dict[str, Any]:
    """A stored case with the recorded seal history in place of whatever it carried."""
    if not seals:
        return data
    win_win = data.get("win_win")
    if not isinstance(win_win, dict):
        win_win = {"issues": [], "packages": []}
        data["win_win"] = win_win
    win_win["seals"] = {party: [r.sealed for r in seals if r.party == party] for party in PARTIES}
    return data


def _carried(data: dict[str, Any]) -> set[tuple[str, int, str]]:
    """The seals a case document carries, as (party, version, sha256)."""
    win_win = data.get("win_win")
    seals = win_win.get("seals") if isinstance(win_win, dict) else None
    if not isinstance(seals, dict):
        return set()
    out: set[tuple[str, int, str]] = set()
    for party in PARTIES:
        items = seals.get(party)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                version, sha = item.get("version"), item.get("sha256")
                if isinstance(version, int) and isinstance(sha, str):
                    out.add((party, version, sha))
    return out


class SealsMixin(StoreBase):
    """Recording the seals a saved case carries, and reading them back."""

    def _record_seals(
        self,
        s: Session,
        participant_id: int,
        data: dict[str, Any],
        now: datetime,
        previous: dict[str, Any] | None = None,
    ) -> tuple[str, ...]:
        """Record the case's new seals; say which it carried that differ from the record.

        A seal that differs from the record but was already in ``previous`` (the version this
        one was merged onto) was reported by the save that brought it: it is not reported
        again at every later save of the case.
        """
        win_win = data.get("win_win")
        seals = win_win.get("seals") if isinstance(win_win, dict) else None
        if not isinstance(seals, dict) or not any(seals.get(p) for p in PARTIES):
            return ()
        recorded = {
            (party, version): sha
            for party, version, sha in s.execute(
                select(
                    SealedDefinitionRow.party,
                    SealedDefinitionRow.version,
                    SealedDefinitionRow.sha256,
                ).where(SealedDefinitionRow.participant_id == participant_id)
            ).all()
        }
        known = set(recorded)
        carried_before = _carried(previous) if previous is not None else set()
        unrecorded: list[str] = []
        for party in PARTIES:
            items = seals.get(party)
            if not isinstance(items, list):
                continue
            for item in items:
                try:
                    sealed = SealedDefinition.model_validate(item)
                except (ValidationError, TypeError, ValueError):
                    continue  # a malformed seal is a problem of the case, shown at its field
                if (party, sealed.version) in recorded and sealed.sha256 != recorded[
                    (party, sealed.version)
                ]:
                    if (party, sealed.version, sealed.sha256) in carried_before:
                        continue
                    unrecorded.append(
                        f"The {party}'s definition version {sealed.version} was sealed "
                        "differently in another tab or browser first, and a seal cannot be "
                        "replaced. This page now shows the recorded one: amend it if needed."
                    )
                    continue
                if (party, sealed.version) in known or sealed.sealed_at.tzinfo is None:
                    continue  # recorded seals never change
                refused = seal_refusal(data, party, item)
                if refused is not None:
                    # Raised inside the save's transaction: the version is not stored either.
                    raise StoreError(f"{refused} Nothing was saved.")
                known.add((party, sealed.version))
                s.add(
                    SealedDefinitionRow(
                        participant_id=participant_id,
                        party=party,
                        version=sealed.version,
                        sha256=sealed.sha256,
                        sealed_at=sealed.sealed_at,
                        # PostgreSQL text cannot hold NUL: the column gets U+FFFD in its place
                        # (the record below keeps the reason exactly, JSON-escaped).
                        reason=None
                        if sealed.reason is None
                        else sealed.reason.replace("\x00", "\ufffd"),
                        # As the case carried it (validated above), so a restored case is
                        # the very document that was saved.
                        record=canonical_document(item),
                        recorded_at=now,
                    )
                )
        return tuple(unrecorded)

    @staticmethod
    def _seal_rows(s: Session, participant_ids: Sequence[int]) -> dict[int, list[SealRecord]]:
        if not participant_ids:
            return {}
        rows = s.scalars(
            select(SealedDefinitionRow)
            .where(SealedDefinitionRow.participant_id.in_(participant_ids))
            .order_by(SealedDefinitionRow.participant_id, SealedDefinitionRow.version)
        ).all()
        out: dict[int, list[SealRecord]] = {}
        for r in rows:
            out.setdefault(r.participant_id, []).append(
                SealRecord(
                    party=r.party,
                    version=r.version,
                    sha256=r.sha256,
                    sealed_at=r.sealed_at,
                    reason=r.reason,
                    recorded_at=r.recorded_at,
                    sealed=json.loads(r.record),
                )
            )
        return out

    def seal_conflicts(self, participant_id: int, data: dict[str, Any]) -> list[str]:
        """Why ``data`` could not be this participant's case: seals that differ from the record.

        A sealed version is kept for good, so a case (an import, say) carrying another
        definition under a version number already sealed cannot replace it. Seals the record
        lacks are new, and fine when their definitions are complete (:func:`seal_refusal`);
        seals the case lacks are restored from the record.
        """
        recorded = {(r.party, r.version): r.sha256 for r in self._all_seals(participant_id)}
        win_win = data.get("win_win")
        seals = win_win.get("seals") if isinstance(win_win, dict) else None
        out = []
        for party in PARTIES:
            items = seals.get(party) if isinstance(seals, dict) else None
            for item in items if isinstance(items, list) else []:
                if not isinstance(item, dict):
                    continue
                key = (party, item.get("version"))
                if key in recorded and item.get("sha256") != recorded[key]:
                    out.append(
                        f"The {party}'s sealed definition version {key[1]} in this file is not "
                        "the one sealed here. A seal cannot be replaced; amend it in the win-win "
                        "worksheet instead."
                    )
                elif key not in recorded:
                    try:
                        SealedDefinition.model_validate(item)
                    except (ValidationError, TypeError, ValueError):
                        continue  # a malformed seal is a problem of the case, shown at its field
                    refused = seal_refusal(data, party, item)
                    if refused is not None:
                        out.append(refused)
        return out

    def _all_seals(self, participant_id: int) -> list[SealRecord]:
        with self._session() as s:
            return self._seal_rows(s, [participant_id]).get(participant_id, [])

    def seals(self, participant_id: int) -> dict[str, list[SealRecord]]:
        """Both parties' recorded seals for a participant, oldest first."""
        with self._session() as s:
            rows = self._seal_rows(s, [participant_id]).get(participant_id, [])
        return {party: [r for r in rows if r.party == party] for party in PARTIES}
