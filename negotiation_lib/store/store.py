"""The workshop store: workshops, participants, and every saved version of their cases.

One :class:`Store` wraps one database (SQLite or PostgreSQL, see
:mod:`negotiation_lib.store.config`). Its rules:

- **Nothing is overwritten.** :meth:`Store.save` adds version *n + 1* of a participant's case;
  earlier versions stay readable. Two tabs of the same participant saving at once both land:
  the later save becomes the newest version, the earlier one stays in the history.
- **Nothing is dropped in silence.** A page saves with :meth:`Store.save_on_base`, naming the
  version it was based on: a save made on an older version is merged field by field with the
  saves made since, or, when both changed the same field, is not saved and the page is told
  (:mod:`~negotiation_lib.store.merge`).
- **Every write is one transaction.** A writer killed mid-save leaves the previous version as the
  newest; there is never half a version. On SQLite, writes take the write lock when they begin
  (``BEGIN IMMEDIATE``) and wait for it up to
  :data:`~negotiation_lib.store.engine.LOCK_TIMEOUT_S`; on PostgreSQL the
  participant's row is locked (``SELECT … FOR UPDATE``), so version numbers never collide.
- **Seals are kept apart.** Every sealed version of a definition of winning found in a saved case
  is recorded once in its own append-only table, and a restored case always carries the recorded
  history: a later save cannot rewrite or drop a seal.
- **Secrets are kept as hashes** (:mod:`negotiation_lib.store.codes`).
- **Deal rooms keep an append-only log** (:mod:`~negotiation_lib.store.rooms`): every action is
  checked against the room's folded state under the room's lock before it is appended, and the
  database refuses to change or remove an event. Teams on a role-play case are paired as they
  join (:mod:`~negotiation_lib.store.pairing`).

Every method raises :class:`StoreError` with a sentence a trainee or facilitator can act on;
:class:`StoreUnavailableError` when the database cannot be reached at all.

:class:`Store` only puts its parts together, one module per concern:
:mod:`~negotiation_lib.store.engine` (the engine, transactions and errors),
:mod:`~negotiation_lib.store.schema` (migrations applied),
:mod:`~negotiation_lib.store.workshops`, :mod:`~negotiation_lib.store.participants`,
:mod:`~negotiation_lib.store.versions`, :mod:`~negotiation_lib.store.seals`,
:mod:`~negotiation_lib.store.rooms` and :mod:`~negotiation_lib.store.pairing`.
"""

from __future__ import annotations

from negotiation_lib.store.config import UPGRADE_ENV, database_url, redacted, upgrades_allowed
from negotiation_lib.store.engine import StoreError, StoreUnavailableError
from negotiation_lib.store.pairing import WAITING_MESSAGE, PairingMixin
from negotiation_lib.store.participants import (
    JoinedParticipant,
    ParticipantInfo,
    ParticipantsMixin,
)
from negotiation_lib.store.rooms import ActOutcome, RoomInfo, RoomRefusedError, RoomSeat
from negotiation_lib.store.schema import SchemaMixin
from negotiation_lib.store.seals import SealRecord
from negotiation_lib.store.versions import (
    WORKSHEET_NAMES,
    SavedVersion,
    SaveOutcome,
    VersionInfo,
    canonical_document,
)
from negotiation_lib.store.workshops import BLANK_CASE, NewWorkshop, WorkshopInfo

__all__ = [
    "BLANK_CASE",
    "WAITING_MESSAGE",
    "WORKSHEET_NAMES",
    "ActOutcome",
    "JoinedParticipant",
    "NewWorkshop",
    "ParticipantInfo",
    "RoomInfo",
    "RoomRefusedError",
    "RoomSeat",
    "SaveOutcome",
    "SavedVersion",
    "SealRecord",
    "Store",
    "StoreError",
    "StoreUnavailableError",
    "VersionInfo",
    "WorkshopInfo",
    "canonical_document",
]


class Store(PairingMixin, ParticipantsMixin, SchemaMixin):
    """The workshop store on one database.

    Parameters
    ----------
    url
        A SQLAlchemy URL; ``None`` reads :func:`negotiation_lib.store.config.database_url`.
    upgrade
        Bring the schema to the newest migration when it is behind (a new database is created);
        with ``NEGOTIATION_WORKBOOK_DB_UPGRADE=off`` a store that is behind is refused with a
        sentence instead (:func:`~negotiation_lib.store.config.upgrades_allowed`).

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
        super().__init__(url)
        if upgrade:
            current = self.current_revision()
            if current is not None and not self._knows(current):
                raise StoreError(
                    f"The workshop store at {redacted(self.url)} was made by a newer version of "
                    f"the workbook (schema revision {current}); upgrade the workbook to use it."
                )
            head = self.head_revision()
            if current != head and not upgrades_allowed():
                raise StoreError(
                    f"The workshop store at {redacted(self.url)} is at schema revision "
                    f"{current or 'none (empty)'} and this workbook needs {head}. This server "
                    f"does not upgrade it itself ({UPGRADE_ENV}=off): run "
                    "'negotiation-workbook db upgrade' once, then reload the page."
                )
            if current != head:
                self.upgrade()

    @staticmethod
    def configured_url() -> str:
        """The URL a store opened without one uses (environment or the embedded default)."""
        return database_url()

    def __repr__(self) -> str:
        return f"Store({redacted(self.url)!r})"
