"""The workshop store: workshops, participants, and every saved version of their cases.

One :class:`Store` wraps one database (SQLite or PostgreSQL, see
:mod:`negotiation_lib.store.config`). Its rules:

- **Nothing is overwritten.** :meth:`Store.save` adds version *n + 1* of a participant's case;
  earlier versions stay readable. Two tabs of the same participant saving at once both land:
  the later save becomes the newest version, the earlier one stays in the history.
- **Every write is one transaction.** A writer killed mid-save leaves the previous version as the
  newest; there is never half a version. On SQLite, writes take the write lock when they begin
  (``BEGIN IMMEDIATE``) and wait for it up to :data:`LOCK_TIMEOUT_S`; on PostgreSQL the
  participant's row is locked (``SELECT … FOR UPDATE``), so version numbers never collide.
- **Seals are kept apart.** Every sealed version of a definition of winning found in a saved case
  is recorded once in its own append-only table, and a restored case always carries the recorded
  history: a later save cannot rewrite or drop a seal.
- **Secrets are kept as hashes** (:mod:`negotiation_lib.store.codes`).

Every method raises :class:`StoreError` with a sentence a trainee or facilitator can act on;
:class:`StoreUnavailableError` when the database cannot be reached at all.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import re
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pydantic import ValidationError
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool, StaticPool

from negotiation_lib.datasets import sample_case_names
from negotiation_lib.domain.case import SealedDefinition
from negotiation_lib.domain.validation import MAX_CASE_BYTES
from negotiation_lib.store.codes import (
    digest,
    new_facilitator_key,
    new_join_code,
    new_resume_code,
    normalize_code,
)
from negotiation_lib.store.config import database_url, redacted, sqlite_path
from negotiation_lib.store.tables import (
    CaseVersion,
    Participant,
    SealedDefinitionRow,
    Workshop,
)

__all__ = [
    "BLANK_CASE",
    "LOCK_TIMEOUT_S",
    "WORKSHEET_NAMES",
    "JoinedParticipant",
    "NewWorkshop",
    "ParticipantInfo",
    "SavedVersion",
    "SealRecord",
    "Store",
    "StoreError",
    "StoreUnavailableError",
    "VersionInfo",
    "WorkshopInfo",
    "canonical_document",
]

LOCK_TIMEOUT_S = 30.0
"""How long a SQLite write waits for another writer before giving up."""

BLANK_CASE = "blank"
"""The case name that hands out an empty case."""

WORKSHEET_NAMES = ("join", "value_proposition", "transparent_economics", "win_win", "import")
"""Where a save can come from (shown on the dashboard as progress per worksheet)."""

PARTIES = ("seller", "customer")
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Control characters, and lone surrogates (no UTF-8 encoding: the database would refuse them).
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


class StoreError(Exception):
    """Something asked of the store cannot be done; the message says what and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoreUnavailableError(StoreError):
    """The database cannot be reached (or stays locked); nothing was saved."""


# ---------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class WorkshopInfo:
    """A workshop as listed (never with its key)."""

    id: int
    name: str
    join_code: str
    cases: tuple[str, ...]
    created_at: datetime
    participants: int = 0


@dataclass(frozen=True, slots=True)
class NewWorkshop:
    """A workshop just created, with its facilitator key: the only time the key is known."""

    workshop: WorkshopInfo
    facilitator_key: str


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


@dataclass(frozen=True, slots=True)
class SavedVersion:
    """What a save produced."""

    version: int
    saved_at: datetime
    sha256: str
    unrecorded_seals: tuple[str, ...] = ()
    """Sentences for seals the save carried but could not record: another tab or browser had
    sealed a different definition under the same version number first (seals never change)."""


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One stored version of a case, with or without its document."""

    version: int
    worksheet: str
    saved_at: datetime
    sha256: str
    data: dict[str, Any] | None = None


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


def canonical_document(data: dict[str, Any]) -> str:
    """The JSON text a case document is stored as: sorted keys, no spaces, UTF-8 as is.

    Examples
    --------
    >>> canonical_document({"b": 1, "a": "é"})
    '{"a":"é","b":1}'
    """
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _now() -> datetime:
    return datetime.now(UTC)


def _clean_name(text: str, what: str, limit: int) -> str:
    name = " ".join(str(text).split())
    if not name:
        raise StoreError(f"Enter a {what}.")
    if len(name) > limit:
        raise StoreError(f"A {what} has at most {limit} characters (this one has {len(name)}).")
    if _CONTROL.search(name):
        raise StoreError(f"A {what} cannot contain control characters.")
    return name


# ---------------------------------------------------------------------------- engine


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    # A file: a fresh connection per session, so no connection outlives a fork or a thread.
    # In memory ("sqlite://", doctests and quick trials): one shared connection.
    engine = create_engine(
        url,
        connect_args={"timeout": LOCK_TIMEOUT_S, "check_same_thread": False},
        poolclass=NullPool if path is not None else StaticPool,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event, not the driver, open transactions (the documented
        # pysqlite recipe), so a write can say BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL keeps every committed save through a crash of any process (a
        # kill -9 mid-save leaves the previous version intact); only a power cut can lose the
        # last saves, never corrupt the file. FULL would fsync at every commit and hold the
        # write lock that much longer while 30 pages save at once.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(LOCK_TIMEOUT_S * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4)


def _alembic_config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


# ---------------------------------------------------------------------------- store


class Store:
    """The workshop store on one database.

    Parameters
    ----------
    url
        A SQLAlchemy URL; ``None`` reads :func:`negotiation_lib.store.config.database_url`.
    upgrade
        Bring the schema to the newest migration when it is behind (a new database is created).

    Examples
    --------
    >>> store = Store("sqlite://")  # an in-memory database, for this example only
    >>> made = store.create_workshop("Key accounts, spring", ["pumpco_acme_foods"])
    >>> joined = store.join(made.workshop.join_code, "Team Blue")
    >>> store.save(joined.participant.id, {"title": "Draft"}, "value_proposition").version
    2
    >>> store.participant_for_resume(joined.resume_code).name
    'Team Blue'
    """

    def __init__(self, url: str | None = None, *, upgrade: bool = True) -> None:
        self.url = url or database_url()
        try:
            self.engine = _engine(self.url)
        except (SQLAlchemyError, ImportError, ValueError) as err:
            raise StoreUnavailableError(
                f"The workshop store at {redacted(self.url)} cannot be opened: {err}"
            ) from err
        path = sqlite_path(self.url)
        self._lock_path = path.with_name(path.name + ".lock") if path is not None else None
        if upgrade:
            current = self.current_revision()
            if current is not None and not self._knows(current):
                raise StoreError(
                    f"The workshop store at {redacted(self.url)} was made by a newer version of "
                    f"the workbook (schema revision {current}); upgrade the workbook to use it."
                )
            if current != self.head_revision():
                self.upgrade()

    @staticmethod
    def configured_url() -> str:
        """The URL a store opened without one uses (environment or the embedded default)."""
        return database_url()

    def __repr__(self) -> str:
        return f"Store({redacted(self.url)!r})"

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    # ------------------------------------------------------------------ sessions

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        bind = self.engine.execution_options(write=True) if write else self.engine
        try:
            with (
                self._writer_turn(write),
                Session(bind, expire_on_commit=False) as session,
                session.begin(),
            ):
                yield session
        except StoreError:
            raise
        except OperationalError as err:
            raise StoreUnavailableError(
                "The workshop store cannot be reached right now, so nothing was saved. "
                "Your input stays on this page; it will be saved when the store is back."
            ) from err

    @contextmanager
    def _writer_turn(self, write: bool) -> Iterator[None]:
        """On a SQLite file, let writers take turns in the order they arrive.

        SQLite makes a blocked writer poll for the lock, sleeping up to 100 ms between tries,
        so with 30 pages saving at once some wait for seconds while others pass repeatedly.
        An exclusive ``flock`` on a lock file next to the database, tried every few
        milliseconds, lets the next writer in almost as soon as a save commits. A killed
        writer's lock is released by the kernel with its file descriptors; a hung one makes the
        others give up after :data:`LOCK_TIMEOUT_S`, as SQLite would. SQLite's own locking
        still guards the data; this only shortens the wait.
        """
        if not write or self._lock_path is None:
            yield
            return
        with open(self._lock_path, "a+b") as lock:
            deadline = time.monotonic() + LOCK_TIMEOUT_S
            pause = 0.001
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    # A writer that hangs must not block every page for good.
                    if time.monotonic() > deadline:
                        raise StoreUnavailableError(
                            "The workshop store is busy and did not answer in time, so nothing "
                            "was saved. Your input stays on this page; it will be saved when "
                            "the store answers."
                        ) from None
                    time.sleep(pause)
                    pause = min(pause * 1.5, 0.005)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # ------------------------------------------------------------------ schema

    def head_revision(self) -> str | None:
        """The newest migration this version of the workbook knows."""
        return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()

    def _knows(self, revision: str) -> bool:
        script = ScriptDirectory.from_config(_alembic_config(None))
        return any(r.revision == revision for r in script.walk_revisions())

    def current_revision(self) -> str | None:
        """The migration the database is at (``None`` for an empty database)."""
        try:
            with self.engine.connect() as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except OperationalError as err:
            raise StoreUnavailableError(
                f"The workshop store at {redacted(self.url)} cannot be reached: {err.orig}"
            ) from err

    def upgrade(self) -> str | None:
        """Apply every pending migration; return the revision reached.

        Several processes may start at once on a new database: one creates the tables, the
        others find them created.
        """
        try:
            with self.engine.execution_options(write=True).begin() as conn:
                command.upgrade(_alembic_config(conn), "head")
        except (OperationalError, IntegrityError):
            if self.current_revision() != self.head_revision():
                raise
        except SQLAlchemyError:
            if self.current_revision() != self.head_revision():
                raise
        return self.current_revision()

    # ------------------------------------------------------------------ workshops

    def create_workshop(self, name: str, cases: Sequence[str]) -> NewWorkshop:
        """Create a workshop handing out ``cases`` (sample case names, or ``"blank"``).

        Returns the workshop with its facilitator key, which is stored only as a hash.
        """
        name = _clean_name(name, "workshop name", 120)
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
                        created_at=_now(),
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
        code = row.join_code
        return WorkshopInfo(
            id=row.id,
            name=row.name,
            join_code=f"{code[:3]}-{code[3:]}",
            cases=tuple(row.cases),
            created_at=row.created_at,
            participants=participants,
        )

    def workshops(self) -> list[WorkshopInfo]:
        """Every workshop, newest first, with its number of participants."""
        counts = (
            select(Participant.workshop_id, func.count().label("n"))
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
            n = s.scalar(select(func.count()).where(Participant.workshop_id == row.id)) or 0
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
            n = s.scalar(select(func.count()).where(Participant.workshop_id == row.id)) or 0
            return self._workshop_info(row, n)

    def workshop_for_join_code(self, code: str) -> WorkshopInfo | None:
        """The workshop a join code belongs to, or ``None``."""
        normalized = normalize_code(code)
        if not normalized:
            return None
        with self._session() as s:
            row = s.scalar(select(Workshop).where(Workshop.join_code == normalized))
            return None if row is None else self._workshop_info(row, 0)

    # ------------------------------------------------------------------ participants

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
            The case document to start from (defaults to the named case): saved as version 1.
        """
        name = _clean_name(name, "name", 80)
        workshop = self.workshop_for_join_code(join_code)
        if workshop is None:
            raise StoreError("No workshop has this join code. Check it with your facilitator.")
        case_name = case_name or workshop.cases[0]
        if case_name not in workshop.cases:
            raise StoreError(
                f"This workshop hands out {', '.join(workshop.cases)}, not {case_name!r}."
            )
        if initial is None:
            initial = _starting_case(case_name)
        resume = new_resume_code()
        try:
            with self._session(write=True) as s:
                row = Participant(
                    workshop_id=workshop.id,
                    name=name,
                    case_name=case_name,
                    resume_sha256=digest(normalize_code(resume)),
                    joined_at=_now(),
                )
                s.add(row)
                s.flush()
                self._add_version(s, row.id, initial, "join")
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

    def participants(self, workshop_id: int) -> list[ParticipantInfo]:
        """Everyone in a workshop, in joining order, with their saves per worksheet."""
        with self._session() as s:
            people = s.scalars(
                select(Participant)
                .where(Participant.workshop_id == workshop_id)
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
                .where(Participant.workshop_id == workshop_id)
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

    # ------------------------------------------------------------------ versions

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

    def _add_version(
        self,
        s: Session,
        participant_id: int,
        data: dict[str, Any],
        worksheet: str,
        keys: Collection[str] | None = None,
    ) -> SavedVersion:
        # Locks the participant's row on PostgreSQL; SQLite already holds the write lock.
        person = s.get(Participant, participant_id, with_for_update=True)
        if person is None:
            raise StoreError("This participant does not exist (any more); nothing was saved.")
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
        now = _now()
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
        unrecorded = self._record_seals(s, participant_id, data, now)
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
            r.participant_id: _with_seals(json.loads(r.document), seals.get(r.participant_id))
            for r in rows
        }

    # ------------------------------------------------------------------ seals

    def _record_seals(
        self, s: Session, participant_id: int, data: dict[str, Any], now: datetime
    ) -> tuple[str, ...]:
        """Record the case's new seals; say which it carried that differ from the record."""
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
                    unrecorded.append(
                        f"The {party}'s definition version {sealed.version} was sealed "
                        "differently in another tab or browser first, and a seal cannot be "
                        "replaced. Reload this page to see it, then amend it if needed."
                    )
                    continue
                if (party, sealed.version) in known or sealed.sealed_at.tzinfo is None:
                    continue  # recorded seals never change
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
        lacks are new and fine; seals the case lacks are restored from the record.
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
        return out

    def _all_seals(self, participant_id: int) -> list[SealRecord]:
        with self._session() as s:
            return self._seal_rows(s, [participant_id]).get(participant_id, [])

    def seals(self, participant_id: int) -> dict[str, list[SealRecord]]:
        """Both parties' recorded seals for a participant, oldest first."""
        with self._session() as s:
            rows = self._seal_rows(s, [participant_id]).get(participant_id, [])
        return {party: [r for r in rows if r.party == party] for party in PARTIES}


def _with_seals(data: dict[str, Any], seals: list[SealRecord] | None) -> dict[str, Any]:
    """A stored case with the recorded seal history in place of whatever it carried."""
    if not seals:
        return data
    win_win = data.get("win_win")
    if not isinstance(win_win, dict):
        win_win = {"issues": [], "packages": []}
        data["win_win"] = win_win
    win_win["seals"] = {party: [r.sealed for r in seals if r.party == party] for party in PARTIES}
    return data


def _version_info(row: CaseVersion, seals: list[SealRecord] | None) -> VersionInfo:
    data = json.loads(row.document)
    return VersionInfo(
        version=row.version,
        worksheet=row.worksheet,
        saved_at=row.saved_at,
        sha256=row.sha256,
        data=_with_seals(data, seals) if seals is not None else data,
    )


def _starting_case(case_name: str) -> dict[str, Any]:
    """The document a participant starts from."""
    from negotiation_lib.datasets import sample_case_path
    from negotiation_lib.document import blank_case

    if case_name == BLANK_CASE:
        return blank_case()
    loaded: dict[str, Any] = json.loads(sample_case_path(case_name).read_text("utf-8"))
    return loaded
