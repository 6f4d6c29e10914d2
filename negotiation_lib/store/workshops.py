"""Workshops: a name, the cases handed out, a join code, and a facilitator key kept as a hash.

A workshop is created with a fresh join code (what trainees type to join) and a facilitator key
(what opens its dashboard). The key is returned once, at creation, and stored only as its hash
(:mod:`negotiation_lib.store.codes`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from negotiation_lib.datasets import sample_case_names
from negotiation_lib.store.codes import (
    digest,
    format_join_code,
    new_facilitator_key,
    new_join_code,
    normalize_code,
)
from negotiation_lib.store.engine import StoreBase, StoreError, utc_now
from negotiation_lib.store.tables import PEOPLE, Participant, Workshop

__all__ = [
    "BLANK_CASE",
    "MAX_ROUNDS",
    "NewWorkshop",
    "WorkshopInfo",
    "WorkshopsMixin",
    "clean_name",
]

MAX_ROUNDS = 20
"""Most renewal rounds a workshop's deal rooms run (a class has an afternoon, not a year)."""

BLANK_CASE = "blank"
"""The case name that hands out an empty case."""

# Control characters, and lone surrogates (no UTF-8 encoding: the database would refuse them).
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class WorkshopInfo:
    """A workshop as listed (never with its key)."""

    id: int
    name: str
    join_code: str
    cases: tuple[str, ...]
    created_at: datetime
    participants: int = 0
    closed_at: datetime | None = None
    """When the facilitator closed the workshop (``None`` while it is open)."""
    rounds: int = 1
    """The renewal rounds its deal rooms run (DESIGN §7; 1: a single negotiation)."""
    names_shown: bool = False
    """Whether the teams' round charts name the other rooms' teams (else: by number only)."""

    @property
    def is_open(self) -> bool:
        """Whether the join code still admits new participants."""
        return self.closed_at is None


@dataclass(frozen=True, slots=True)
class NewWorkshop:
    """A workshop just created, with its facilitator key: the only time the key is known."""

    workshop: WorkshopInfo
    facilitator_key: str


def clean_name(text: str, what: str, limit: int) -> str:
    """A name as typed, with its whitespace collapsed, or :class:`StoreError` saying what is wrong.

    Parameters
    ----------
    text
        The name as typed.
    what
        What the name names, for the message (``"workshop name"``, ``"name"``).
    limit
        The most characters the name may have.

    Examples
    --------
    >>> clean_name("  Team   Blue ", "name", 80)
    'Team Blue'
    """
    name = " ".join(str(text).split())
    if not name:
        raise StoreError(f"Enter a {what}.")
    if len(name) > limit:
        raise StoreError(f"A {what} has at most {limit} characters (this one has {len(name)}).")
    if _CONTROL.search(name):
        raise StoreError(f"A {what} cannot contain control characters.")
    return name


class WorkshopsMixin(StoreBase):
    """Creating workshops and finding them by id, join code or facilitator key."""

    def create_workshop(self, name: str, cases: Sequence[str], *, rounds: int = 1) -> NewWorkshop:
        """Create a workshop handing out ``cases`` (sample case names, or ``"blank"``).

        ``rounds`` is how many renewal rounds its deal rooms run (DESIGN §7), from 1 to
        :data:`MAX_ROUNDS`. The facilitator's ways in (the dashboard's form, the command line)
        offer :data:`~negotiation_lib.domain.rooms.DEFAULT_ROUNDS`; here it defaults to 1, a
        single negotiation, so that a caller who does not ask for rounds gets none.

        Returns the workshop with its facilitator key, which is stored only as a hash.
        """
        name = clean_name(name, "workshop name", 120)
        if isinstance(rounds, bool) or not isinstance(rounds, int) or not 1 <= rounds <= MAX_ROUNDS:
            raise StoreError(
                f"A workshop's deal rooms run from 1 to {MAX_ROUNDS} rounds (1: a single "
                "negotiation)."
            )
        known = {*sample_case_names(), BLANK_CASE}
        chosen = tuple(dict.fromkeys(cases))
        if not chosen:
            raise StoreError("Hand out at least one case.")
        unknown = [c for c in chosen if c not in known]
        if unknown:
            raise StoreError(
                f"There is no case called {', '.join(map(repr, unknown))}; "
                f"choose from {', '.join(sorted(known))}."
            )
        key = new_facilitator_key()
        for _attempt in range(5):
            code = new_join_code()
            try:
                with self._session(write=True) as s:
                    row = Workshop(
                        name=name,
                        join_code=normalize_code(code),
                        key_sha256=digest(key),
                        cases=list(chosen),
                        created_at=utc_now(),
                        rounds=rounds,
                    )
                    s.add(row)
                    s.flush()
                    info = self._workshop_info(row, 0)
                return NewWorkshop(info, key)
            except IntegrityError:  # pragma: no cover - a join code drawn twice
                continue
        raise StoreError("Could not draw a free join code; try again.")  # pragma: no cover

    @staticmethod
    def _workshop_info(row: Workshop, participants: int) -> WorkshopInfo:
        return WorkshopInfo(
            id=row.id,
            name=row.name,
            join_code=format_join_code(row.join_code),
            cases=tuple(row.cases),
            created_at=row.created_at,
            participants=participants,
            closed_at=row.closed_at,
            rounds=row.rounds or 1,
            names_shown=bool(row.names_shown),
        )

    def workshops(self) -> list[WorkshopInfo]:
        """Every workshop, newest first, with its number of participants."""
        counts = (
            select(Participant.workshop_id, func.count().label("n"))
            .where(PEOPLE)
            .group_by(Participant.workshop_id)
            .subquery()
        )
        with self._session() as s:
            rows = s.execute(
                select(Workshop, counts.c.n)
                .outerjoin(counts, counts.c.workshop_id == Workshop.id)
                .order_by(Workshop.created_at.desc(), Workshop.id.desc())
            ).all()
            return [self._workshop_info(w, n or 0) for w, n in rows]

    def workshop(self, ref: int | str) -> WorkshopInfo:
        """A workshop by id or join code."""
        with self._session() as s:
            row = s.get(Workshop, int(ref)) if str(ref).strip().isdigit() else None
            if row is None and not isinstance(ref, int):
                # A join code may be all digits too (typed without its dash).
                row = s.scalar(select(Workshop).where(Workshop.join_code == normalize_code(ref)))
            if row is None:
                raise StoreError(f"There is no workshop {ref!r}.")
            n = s.scalar(select(func.count()).where(Participant.workshop_id == row.id, PEOPLE)) or 0
            return self._workshop_info(row, n)

    def workshop_for_key(self, key: str) -> WorkshopInfo | None:
        """The workshop a facilitator key opens, or ``None`` for a wrong key."""
        key = key.strip()
        if not key or not key.isascii():  # keys are ASCII; anything else opens nothing
            return None
        with self._session() as s:
            row = s.scalar(select(Workshop).where(Workshop.key_sha256 == digest(key)))
            if row is None:
                return None
            n = s.scalar(select(func.count()).where(Participant.workshop_id == row.id, PEOPLE)) or 0
            return self._workshop_info(row, n)

    def close_workshop(self, workshop_id: int) -> WorkshopInfo:
        """Close a workshop: its join code admits no one from now on.

        Participants keep their resume codes, their worksheets and their seals; the dashboard
        and the exports still show everything. Closing twice keeps the first time.
        """
        with self._session(write=True) as s:
            row = s.get(Workshop, int(workshop_id))
            if row is None:
                raise StoreError(f"There is no workshop {workshop_id!r}.")
            if row.closed_at is None:
                row.closed_at = utc_now()
            n = s.scalar(select(func.count()).where(Participant.workshop_id == row.id, PEOPLE)) or 0
            return self._workshop_info(row, n)

    def show_room_names(self, workshop_id: int, facilitator_key: str, shown: bool) -> WorkshopInfo:
        """Name the teams on every team's round chart, or go back to rooms by number only.

        Parameters
        ----------
        workshop_id
            The workshop.
        facilitator_key
            Its facilitator key (naming the teams is the facilitator's choice).
        shown
            ``True``: the other rooms' curves carry their teams' names; ``False``: "Room n".

        Raises
        ------
        StoreError
            A wrong key; nothing changes then.
        """
        workshop = self.workshop_for_key(facilitator_key)
        if workshop is None or workshop.id != workshop_id:
            raise StoreError(
                "This facilitator key does not open this workshop, so its rooms' names stay "
                "as they are."
            )
        with self._session(write=True) as s:
            row = s.get(Workshop, workshop_id)
            if row is None:  # pragma: no cover - the key found it a moment ago
                raise StoreError(f"There is no workshop {workshop_id!r}.")
            row.names_shown = bool(shown)
            n = s.scalar(select(func.count()).where(Participant.workshop_id == row.id, PEOPLE)) or 0
            return self._workshop_info(row, n)

    def workshop_for_join_code(self, code: str) -> WorkshopInfo | None:
        """The workshop a join code belongs to, or ``None``."""
        normalized = normalize_code(code)
        if not normalized:
            return None
        with self._session() as s:
            row = s.scalar(select(Workshop).where(Workshop.join_code == normalized))
            return None if row is None else self._workshop_info(row, 0)
