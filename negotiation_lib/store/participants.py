"""Participants: people or teams in a workshop, known by name and by a resume code.

Joining saves the participant's starting case as version 1 in the same transaction, so a
participant never exists without a case. The resume code is returned once, at joining, and stored
only as its hash (:mod:`negotiation_lib.store.codes`).

A case handed out by a workshop starts with its definitions of winning unsealed
(:func:`handed_out`): a sample case's file may carry seals, which practice keeps, but in a
workshop sealing is the trainees' own commitment, so they get the definitions as drafts to keep,
change and seal. Version 1 stays the case as handed out, which is what the dashboard's progress
is measured from (:meth:`ParticipantsMixin.starting_documents`).

A team on a role-play case is handed only its own side (issue 18,
:mod:`negotiation_lib.store.handout`): the public part and its own private facts, never the
other side's secrets. Its side is the seat pairing gives it inside the join's transaction
(:func:`~negotiation_lib.store.pairing.seat_on_join`), so version 1 is always the case as the
side the team sits on sees it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from negotiation_lib.domain.roles import Side
from negotiation_lib.store.codes import digest, new_resume_code, normalize_code
from negotiation_lib.store.engine import StoreError, utc_now
from negotiation_lib.store.handout import hand_out, handed_out, starting_cases
from negotiation_lib.store.pairing import seat_on_join, seated_side
from negotiation_lib.store.tables import PEOPLE, CaseVersion, Participant
from negotiation_lib.store.versions import VersionsMixin
from negotiation_lib.store.workshops import WorkshopsMixin, clean_name

__all__ = [
    "MAX_PARTICIPANTS",
    "JoinedParticipant",
    "ParticipantInfo",
    "ParticipantsMixin",
    "handed_out",
    "starting_cases",
]

MAX_PARTICIPANTS = 200
"""Most participants (people or teams) one workshop takes: a room, not a crowd (issue 22).

The dashboard is measured with 200 participants (``python -m benchmarks --only store``), so a
workshop takes as many as it is known to serve, and no more."""


@dataclass(frozen=True, slots=True)
class ParticipantInfo:
    """A participant and where their work stands."""

    id: int
    workshop_id: int
    name: str
    case_name: str
    joined_at: datetime
    versions: int = 0
    last_saved_at: datetime | None = None
    saves_by_worksheet: tuple[tuple[str, int, datetime], ...] = ()
    """``(worksheet, number of saves, last save)`` for every worksheet saved from."""


@dataclass(frozen=True, slots=True)
class JoinedParticipant:
    """A participant just joined, with their resume code: the only time it is known."""

    participant: ParticipantInfo
    resume_code: str


class ParticipantsMixin(WorkshopsMixin, VersionsMixin):
    """Joining a workshop, finding a participant by resume code, listing a workshop's people."""

    def join(
        self,
        join_code: str,
        name: str,
        case_name: str | None = None,
        initial: dict[str, Any] | None = None,
    ) -> JoinedParticipant:
        """Join a workshop as a new participant (a person or a team).

        Parameters
        ----------
        join_code
            The workshop's join code, as typed.
        name
            The participant's name, unique within the workshop.
        case_name
            One of the cases the workshop hands out (the first one when omitted).
        initial
            The case document to start from, saved as version 1 as given. By default the named
            case as the workshop hands it out (:func:`starting_cases`: its definitions of
            winning unsealed; of a role-play case, only the side the team is seated on).
        """
        name = clean_name(name, "name", 80)
        workshop = self.workshop_for_join_code(join_code)
        if workshop is None:
            raise StoreError("No workshop has this join code. Check it with your facilitator.")
        if not workshop.is_open:
            raise StoreError(
                "This workshop has been closed by its facilitator, so its join code no longer "
                "works. If you joined it before, your resume code still opens your worksheets."
            )
        case_name = case_name or workshop.cases[0]
        if case_name not in workshop.cases:
            raise StoreError(
                f"This workshop hands out {', '.join(workshop.cases)}, not {case_name!r}."
            )
        # Read before the transaction, which then only picks the side's document.
        handouts: dict[Side | None, dict[str, Any]] = (
            starting_cases(case_name) if initial is None else {None: initial}
        )
        resume = new_resume_code()
        try:
            with self._session(write=True) as s:
                joined = s.scalar(
                    select(func.count()).where(Participant.workshop_id == workshop.id, PEOPLE)
                )
                if (joined or 0) >= MAX_PARTICIPANTS:
                    raise StoreError(
                        f"This workshop is full: it takes at most {MAX_PARTICIPANTS} "
                        "participants. Ask your facilitator to join you to a team."
                    )
                row = Participant(
                    workshop_id=workshop.id,
                    name=name,
                    case_name=case_name,
                    resume_sha256=digest(normalize_code(resume)),
                    joined_at=utc_now(),
                )
                s.add(row)
                s.flush()
                # A role-play case seats the team in a deal room as it joins (issue 18), and
                # the team is handed the case as its side sees it.
                room = seat_on_join(s, row)
                side = None if room is None else seated_side(room, row.id)
                self._add_version(s, row.id, hand_out(handouts, side), "join")
                info = self._participant_info(row)
        except IntegrityError as err:
            raise StoreError(
                f"Someone already joined this workshop as {name!r}. Choose another name, or "
                "use your resume code to come back to your own worksheets."
            ) from err
        return JoinedParticipant(info, resume)

    @staticmethod
    def _participant_info(
        row: Participant,
        versions: int = 1,
        last: datetime | None = None,
        by_sheet: tuple[tuple[str, int, datetime], ...] = (),
    ) -> ParticipantInfo:
        return ParticipantInfo(
            id=row.id,
            workshop_id=row.workshop_id,
            name=row.name,
            case_name=row.case_name,
            joined_at=row.joined_at,
            versions=versions,
            last_saved_at=last,
            saves_by_worksheet=by_sheet,
        )

    def participant_for_resume(self, code: str) -> ParticipantInfo | None:
        """The participant a resume code belongs to, or ``None``."""
        normalized = normalize_code(code)
        if len(normalized) != 12:
            return None
        with self._session() as s:
            row = s.scalar(
                select(Participant).where(Participant.resume_sha256 == digest(normalized))
            )
            return None if row is None else self._participant_info(row)

    def starting_documents(self, workshop_id: int) -> dict[int, dict[str, Any]]:
        """Every participant's case as they were last handed it, by participant id.

        That is version 1, the case as handed out at joining, unless the team was moved to the
        other side of its deal room since: then the side's view it was handed then (the newest
        version recorded as ``join``). Exactly as saved, without the seals recorded since: what
        the case came with, against which the dashboard measures what each participant did.
        """
        with self._session() as s:
            handouts = (
                select(CaseVersion.participant_id, func.max(CaseVersion.version).label("version"))
                .join(Participant, Participant.id == CaseVersion.participant_id)
                .where(
                    Participant.workshop_id == workshop_id,
                    (CaseVersion.worksheet == "join") | (CaseVersion.version == 1),
                )
                .group_by(CaseVersion.participant_id)
                .subquery()
            )
            rows = s.execute(
                select(CaseVersion.participant_id, CaseVersion.document).join(
                    handouts,
                    (CaseVersion.participant_id == handouts.c.participant_id)
                    & (CaseVersion.version == handouts.c.version),
                )
            ).all()
        return {pid: json.loads(text) for pid, text in rows}

    def participants(self, workshop_id: int) -> list[ParticipantInfo]:
        """Everyone in a workshop, in joining order, with their saves per worksheet."""
        with self._session() as s:
            people = s.scalars(
                select(Participant)
                .where(Participant.workshop_id == workshop_id, PEOPLE)
                .order_by(Participant.joined_at, Participant.id)
            ).all()
            stats = s.execute(
                select(
                    CaseVersion.participant_id,
                    CaseVersion.worksheet,
                    func.count(),
                    func.max(CaseVersion.saved_at),
                )
                .join(Participant, Participant.id == CaseVersion.participant_id)
                .where(Participant.workshop_id == workshop_id, PEOPLE)
                .group_by(CaseVersion.participant_id, CaseVersion.worksheet)
            ).all()
        by_person: dict[int, list[tuple[str, int, datetime]]] = {}
        for pid, sheet, n, last in stats:
            stamp = last if isinstance(last, datetime) else datetime.fromisoformat(str(last))
            stamp = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp
            by_person.setdefault(pid, []).append((sheet, int(n), stamp))
        out = []
        for p in people:
            sheets = tuple(sorted(by_person.get(p.id, [])))
            out.append(
                self._participant_info(
                    p,
                    versions=sum(n for _, n, _ in sheets),
                    last=max((t for _, _, t in sheets), default=None),
                    by_sheet=sheets,
                )
            )
        return out
