"""Saved versions of a participant's case: nothing is overwritten.

A save adds version *n + 1* of a participant's case in one transaction, stored as its
:func:`canonical_document` text with that text's SHA-256; earlier versions stay readable. The
participant's row is locked for the save (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite already
holds the write lock), so two saves at once never draw the same version number. A case read back
carries its seals as recorded (:mod:`negotiation_lib.store.seals`).

A page saves with :meth:`VersionsMixin.save_on_base`: the save names the version it was based
on, and when another tab saved meanwhile, the two are merged field by field or, when both
changed the same field, nothing is saved and the page is told (:mod:`negotiation_lib.store.merge`).
Reading the newest version, comparing and writing happen in the one locked transaction, so
two tabs saving at the same moment cannot both believe they were based on the newest version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from negotiation_lib.catalog import SAVE_ORIGINS
from negotiation_lib.domain.validation import MAX_CASE_BYTES
from negotiation_lib.store.engine import StoreError, utc_now
from negotiation_lib.store.merge import (
    ChangeDoesNotFitError,
    FieldPath,
    apply_changes,
    changes_between,
    merge_onto,
)
from negotiation_lib.store.seals import SealRecord, SealsMixin, with_seals
from negotiation_lib.store.tables import CaseVersion, Participant, canonical_document

__all__ = [
    "WORKSHEET_NAMES",
    "SaveOutcome",
    "SavedVersion",
    "VersionInfo",
    "VersionsMixin",
    "canonical_document",
]

WORKSHEET_NAMES: tuple[str, ...] = SAVE_ORIGINS
"""Where a save can come from (shown on the dashboard as progress per worksheet)."""


@dataclass(frozen=True, slots=True)
class SavedVersion:
    """What a save produced."""

    version: int
    saved_at: datetime
    sha256: str
    unrecorded_seals: tuple[str, ...] = ()
    """Sentences for seals the save carried but could not record: another tab or browser had
    sealed a different definition under the same version number first (seals never change)."""


SaveKind = Literal["saved", "merged", "conflict", "handed_out"]


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What a save based on a known version came to (:meth:`VersionsMixin.save_on_base`).

    ``kind`` is ``saved`` (nobody else saved since the base), ``merged`` (others saved other
    fields meanwhile: both are kept), ``conflict`` (others changed a field this save changed
    too: nothing was saved) or ``handed_out`` (the workshop handed the participant a new case
    since the base: the facilitator moved the team to the other side of its deal room, so what
    the page changed was the other side's case; nothing was saved).
    """

    kind: SaveKind
    version: int
    """The newest version now: the one this save made, or, after a conflict, the other one."""
    document: dict[str, Any]
    """The newest version as a page restores it (the recorded seals in place)."""
    saved: SavedVersion | None = None
    """The version this save made; ``None`` after a conflict, or when nothing was changed."""
    conflicts: tuple[FieldPath, ...] = ()
    """The fields of this save that another save changed differently since the base."""


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One stored version of a case, with or without its document."""

    version: int
    worksheet: str
    saved_at: datetime
    sha256: str
    data: dict[str, Any] | None = None


def _version_info(row: CaseVersion, seals: list[SealRecord] | None) -> VersionInfo:
    data = json.loads(row.document)
    return VersionInfo(
        version=row.version,
        worksheet=row.worksheet,
        saved_at=row.saved_at,
        sha256=row.sha256,
        data=with_seals(data, seals) if seals is not None else data,
    )


class VersionsMixin(SealsMixin):
    """Saving a new version of a participant's case, and reading versions back."""

    def save(
        self,
        participant_id: int,
        data: dict[str, Any],
        worksheet: str,
        *,
        keys: Collection[str] | None = None,
    ) -> SavedVersion:
        """Save a new version of a participant's case.

        Parameters
        ----------
        participant_id
            Whose case.
        data
            The case document as edited (drafts with problems are saved too).
        worksheet
            The page it was saved from, one of :data:`WORKSHEET_NAMES`.
        keys
            The top-level parts (sections or fields) this page changed. When given, the new
            version is the newest stored one with only these parts taken from ``data``, so a
            page open in another tab since before a change elsewhere does not undo it. A part
            missing from ``data`` is removed. ``None`` saves ``data`` whole.
        """
        if worksheet not in WORKSHEET_NAMES:
            raise StoreError(f"Unknown worksheet {worksheet!r}.")
        with self._session(write=True) as s:
            return self._add_version(s, participant_id, data, worksheet, keys)

    def save_on_base(
        self,
        participant_id: int,
        data: dict[str, Any],
        worksheet: str,
        *,
        base_version: int,
        base: dict[str, Any] | None = None,
    ) -> SaveOutcome:
        """Save a page's case, knowing which version it was based on: never drop a change.

        What this save changed is ``data`` against ``base``, field by field
        (:func:`~negotiation_lib.store.merge.changes_between`). Then, in one transaction that
        holds the participant's lock:

        - the newest version is still ``base_version``: the new version is the newest one with
          these changes (``saved``);
        - others saved since, and changed other fields than this save: the new version is the
          newest one with these changes too, so both are kept (``merged``);
        - others changed a field this save changed, to another value: nothing is saved
          (``conflict``); the outcome carries the newest version for the page to offer;
        - the workshop handed out a new case since the base (a team moved to the other side of
          its deal room starts again from that side's view): nothing is saved
          (``handed_out``), since the page's changes were made to the other side's case and
          merging them would carry one side's work into the other's.

        Parameters
        ----------
        participant_id
            Whose case.
        data
            The case document as edited.
        worksheet
            The page it was saved from, one of :data:`WORKSHEET_NAMES`.
        base_version
            The version the page loaded, or last saved or merged (0: none yet).
        base
            The document the page holds as that version (what it loaded, saved or merged);
            ``None`` reads the stored version. A page passes its own, so that anything it
            derived when loading is not taken for a change.

        Raises
        ------
        StoreError
            For an unknown worksheet or participant, a document that cannot be stored, or a
            base version the store does not hold.
        """
        if worksheet not in WORKSHEET_NAMES:
            raise StoreError(f"Unknown worksheet {worksheet!r}.")
        with self._session(write=True) as s:
            self._lock_participant(s, participant_id)
            newest = s.scalar(
                select(CaseVersion)
                .where(CaseVersion.participant_id == participant_id)
                .order_by(CaseVersion.version.desc())
                .limit(1)
            )
            newest_version = newest.version if newest is not None else 0
            if not 0 <= base_version <= newest_version:
                raise StoreError(
                    f"This page was opened from version {base_version} of the case, which the "
                    "store does not hold. Nothing was saved; reload the page."
                )
            newest_doc: dict[str, Any] = json.loads(newest.document) if newest else {}
            stored_base = (
                newest_doc
                if base_version == newest_version
                else json.loads(
                    s.scalar(
                        select(CaseVersion.document).where(
                            CaseVersion.participant_id == participant_id,
                            CaseVersion.version == base_version,
                        )
                    )
                    or "{}"
                )
            )
            if base_version < newest_version and self._handed_out_since(
                s, participant_id, base_version
            ):
                return SaveOutcome(
                    "handed_out", newest_version, self._restored(s, participant_id, newest_doc)
                )
            mine = changes_between(stored_base if base is None else base, data)
            kind: SaveKind = "saved" if base_version == newest_version else "merged"
            if kind == "saved":
                try:
                    document = apply_changes(newest_doc, mine)
                except ChangeDoesNotFitError:  # the page's base differs in shape from the store's
                    document = data
            else:
                merged = merge_onto(newest_doc, stored_base, mine)
                if merged.document is None:
                    return SaveOutcome(
                        "conflict",
                        newest_version,
                        self._restored(s, participant_id, newest_doc),
                        None,
                        merged.conflicts,
                    )
                document = merged.document
            saved = None
            if mine or newest is None:
                saved = self._write_version(
                    s, participant_id, document, worksheet, previous=newest_doc
                )
            return SaveOutcome(
                kind,
                saved.version if saved is not None else newest_version,
                self._restored(s, participant_id, document),
                saved,
            )

    @staticmethod
    def _handed_out_since(s: Session, participant_id: int, base_version: int) -> bool:
        """Whether the workshop handed the participant a case after ``base_version``.

        A hand-out is a version recorded as ``join``: the first one, and the side's view a team
        gets when the facilitator moves it to the other side
        (:meth:`negotiation_lib.store.pairing.PairingMixin.repair`).
        """
        return (
            s.scalar(
                select(CaseVersion.version)
                .where(
                    CaseVersion.participant_id == participant_id,
                    CaseVersion.version > base_version,
                    CaseVersion.worksheet == "join",
                )
                .limit(1)
            )
            is not None
        )

    def _restored(self, s: Session, participant_id: int, data: dict[str, Any]) -> dict[str, Any]:
        """A document as a page restores it: a copy with the recorded seals in place."""
        seals = self._seal_rows(s, [participant_id]).get(participant_id, [])
        return with_seals(json.loads(canonical_document(data)), seals)

    @staticmethod
    def _lock_participant(s: Session, participant_id: int) -> None:
        # Locks the participant's row on PostgreSQL; SQLite already holds the write lock.
        person = s.get(Participant, participant_id, with_for_update=True)
        if person is None:
            raise StoreError("This participant does not exist (any more); nothing was saved.")

    def _add_version(
        self,
        s: Session,
        participant_id: int,
        data: dict[str, Any],
        worksheet: str,
        keys: Collection[str] | None = None,
    ) -> SavedVersion:
        self._lock_participant(s, participant_id)
        if keys is not None:
            newest = s.scalar(
                select(CaseVersion.document)
                .where(CaseVersion.participant_id == participant_id)
                .order_by(CaseVersion.version.desc())
                .limit(1)
            )
            merged: dict[str, Any] = json.loads(newest) if newest else {}
            for key in keys:
                if key in data:
                    merged[key] = data[key]
                else:
                    merged.pop(key, None)
            data = merged
        return self._write_version(s, participant_id, data, worksheet)

    def _write_version(
        self,
        s: Session,
        participant_id: int,
        data: dict[str, Any],
        worksheet: str,
        previous: dict[str, Any] | None = None,
    ) -> SavedVersion:
        """Add the next version (the participant's lock is held) and record its seals.

        ``previous`` is the version this one was merged onto, if any: a seal it already
        carried is not reported again (:meth:`_record_seals`).
        """
        text = canonical_document(data)
        try:
            encoded = text.encode("utf-8")
        except UnicodeEncodeError as err:  # a lone surrogate, e.g. from json.loads("\ud800")
            raise StoreError(
                "This case contains a character that is not valid text (an unpaired "
                "surrogate), so it cannot be stored. Nothing was saved."
            ) from err
        size = len(encoded)
        if size > MAX_CASE_BYTES:
            raise StoreError(
                f"This case is {size / 1e6:.1f} MB; a case is at most "
                f"{MAX_CASE_BYTES / 1e6:.0f} MB. Nothing was saved."
            )
        last = s.scalar(
            select(func.max(CaseVersion.version)).where(
                CaseVersion.participant_id == participant_id
            )
        )
        now = utc_now()
        sha = hashlib.sha256(encoded).hexdigest()
        version = (last or 0) + 1
        s.add(
            CaseVersion(
                participant_id=participant_id,
                version=version,
                worksheet=worksheet,
                saved_at=now,
                document=text,
                sha256=sha,
            )
        )
        unrecorded = self._record_seals(s, participant_id, data, now, previous)
        return SavedVersion(version, now, sha, unrecorded)

    def latest(self, participant_id: int) -> VersionInfo | None:
        """The newest version of a participant's case, its seals as recorded."""
        with self._session() as s:
            row = s.scalar(
                select(CaseVersion)
                .where(CaseVersion.participant_id == participant_id)
                .order_by(CaseVersion.version.desc())
                .limit(1)
            )
            if row is None:
                return None
            seals = self._seal_rows(s, [participant_id]).get(participant_id, [])
        return _version_info(row, seals)

    def version(self, participant_id: int, version: int) -> VersionInfo:
        """One stored version of a participant's case, exactly as saved."""
        with self._session() as s:
            row = s.scalar(
                select(CaseVersion).where(
                    CaseVersion.participant_id == participant_id, CaseVersion.version == version
                )
            )
            if row is None:
                raise StoreError(f"There is no version {version} of this case.")
            return _version_info(row, None)

    def history(self, participant_id: int) -> list[VersionInfo]:
        """Every stored version of a participant's case, oldest first (without documents)."""
        with self._session() as s:
            rows = s.execute(
                select(
                    CaseVersion.version,
                    CaseVersion.worksheet,
                    CaseVersion.saved_at,
                    CaseVersion.sha256,
                )
                .where(CaseVersion.participant_id == participant_id)
                .order_by(CaseVersion.version)
            ).all()
        return [VersionInfo(v, w, t, h) for v, w, t, h in rows]

    def latest_documents(self, workshop_id: int) -> dict[int, dict[str, Any]]:
        """The newest case of every participant in a workshop (for the dashboard)."""
        newest = (
            select(CaseVersion.participant_id, func.max(CaseVersion.version).label("v"))
            .join(Participant, Participant.id == CaseVersion.participant_id)
            .where(Participant.workshop_id == workshop_id)
            .group_by(CaseVersion.participant_id)
            .subquery()
        )
        with self._session() as s:
            rows = s.scalars(
                select(CaseVersion).join(
                    newest,
                    (newest.c.participant_id == CaseVersion.participant_id)
                    & (newest.c.v == CaseVersion.version),
                )
            ).all()
            ids = [r.participant_id for r in rows]
            seals = self._seal_rows(s, ids)
        return {
            r.participant_id: with_seals(json.loads(r.document), seals.get(r.participant_id))
            for r in rows
        }
