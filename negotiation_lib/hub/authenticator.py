"""The hub's login: a name and a code, no account and no password.

One field takes whichever code the person has (:func:`code_kind` tells them apart by shape):

- a workshop's **join code** with a name: a new participant joins the workshop
  (:meth:`~negotiation_lib.store.Store.join`) and becomes a hub user named after the name and
  the workshop (:func:`trainee_username`). A name that already joined is refused: coming back
  takes the resume code, so that nobody opens someone else's work with the join code alone;
- a **resume code**: that participant, as the same hub user as at joining;
- a **facilitator key**: the workshop's facilitator (``w3-facilitator``), whose server opens
  on the dashboard.

A wrong code is refused on the login page with a sentence (JupyterHub shows the message of an
``HTTPError`` raised while authenticating on the login form). Every lookup goes through the
store's attempt limits (:mod:`negotiation_lib.store.attempts`): the server's count, in the file
every workbook server of the machine shares, and a backoff per person, by address and name, in
place of a page's.

The auth state (encrypted by the hub, ``JUPYTERHUB_CRYPT_KEY``) keeps what the single-user
server needs, and :meth:`WorkbookAuthenticator.pre_spawn_start` hands it over in the server's
environment: the resume code (``NEGOTIATION_WORKBOOK_RESUME``) or the facilitator key, the
store's URL, and the page the server opens on.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from jupyterhub.auth import Authenticator  # type: ignore[import-untyped]
from tornado import web
from traitlets import Unicode, default

from negotiation_lib.hub import (
    DASHBOARD_URL,
    FACILITATOR_KEY_ENV,
    RESUME_ENV,
    WORKBOOK_URL,
    facilitator_username,
    name_slug,
)
from negotiation_lib.store import ParticipantInfo, Store, StoreError, WorkshopInfo
from negotiation_lib.store.attempts import CodeAttempts, ServerAttempts, TooManyAttemptsError
from negotiation_lib.store.codes import normalize_code
from negotiation_lib.store.config import DATA_ENV, DB_ENV, UPGRADE_ENV, data_dir

__all__ = [
    "CODE_LABEL",
    "WorkbookAuthenticator",
    "code_kind",
    "resume_code",
    "trainee_username",
]

T = TypeVar("T")

CODE_LABEL = "Join code, resume code or facilitator key"
"""The label of the login form's code field."""

KEY_MIN_LENGTH = 20
"""A code this long or longer is read as a facilitator key (keys have 24 characters; join
codes at most 11 with their dash, resume codes 14)."""

RESUME_SYMBOLS = 12
"""Letters and digits of a resume code."""

PEOPLE_REMEMBERED = 1000
"""Backoffs kept, one per address and name: the oldest is forgotten beyond this."""

CodeKind = Literal["join", "resume", "key"]

WRONG = {
    "join": "No open workshop has this join code. Check it with your facilitator.",
    "resume": "This resume code opens nothing. Check it, or join with the workshop's join code.",
    "key": "This facilitator key opens no workshop. Check it and try again.",
}
"""What the login page says for a code that opens nothing, by the kind it looked like."""


def code_kind(code: str) -> CodeKind:
    """Which kind of code was typed, by its shape.

    Examples
    --------
    >>> code_kind("K7MQ2-P3XR9"), code_kind("h3kq 7mwx p2rd"), code_kind("uQ3v_8xT2m-kLp0aZ9rYbW4c")
    ('join', 'resume', 'key')
    """
    text = code.strip()
    if len(text) >= KEY_MIN_LENGTH:
        return "key"
    if len(normalize_code(text)) == RESUME_SYMBOLS:
        return "resume"
    return "join"


def resume_code(typed: str) -> str:
    """A resume code as the workbook shows it, however it was typed.

    Examples
    --------
    >>> resume_code(" h3kq 7mwx p2rd ")
    'H3KQ-7MWX-P2RD'
    """
    symbols = normalize_code(typed)
    return f"{symbols[:4]}-{symbols[4:8]}-{symbols[8:]}"


def trainee_username(participant: ParticipantInfo, workshop: list[ParticipantInfo]) -> str:
    """The hub username of a participant: ``w<workshop>-<name slug>``, unique.

    The first participant of a workshop whose name gives a slug gets it as is; a later one whose
    name gives the same slug (``Team Blue`` after ``team-blue``), a name without ASCII letters
    or digits (``w3-participant--18``), and the name ``Facilitator`` (the facilitator's
    username) add the participant's number after two dashes, which a slug never holds:
    ``w3-team-blue--17``.

    Parameters
    ----------
    participant
        The participant.
    workshop
        Everyone in the participant's workshop, in joining order
        (:meth:`~negotiation_lib.store.Store.participants`).
    """
    slug = name_slug(participant.name)
    prefix = f"w{participant.workshop_id}-"
    earlier = [p.id for p in workshop if p.id != participant.id and name_slug(p.name) == slug]
    first = not any(
        (q.joined_at, q.id) < (participant.joined_at, participant.id)
        for q in workshop
        if q.id in earlier
    )
    if slug and first and prefix + slug != facilitator_username(participant.workshop_id):
        return prefix + slug
    return f"{prefix}{slug or 'participant'}--{participant.id}"


def refused(sentence: str) -> web.HTTPError:
    """The error that makes the login page show ``sentence`` (JupyterHub shows its message)."""
    return web.HTTPError(403, sentence)


class WorkbookAuthenticator(Authenticator):  # type: ignore[misc]
    """JupyterHub's login for the workbook: a name and a join code, a resume code or a key.

    Everyone with a right code is let in (``allow_all``); the code decides who they are. The
    auth state must be enabled (``enable_auth_state``, with ``JUPYTERHUB_CRYPT_KEY`` set): it
    keeps the resume code or key the single-user server opens its pages with.
    """

    store_url = Unicode(
        "",
        config=True,
        help="SQLAlchemy URL of the workshop store (default: the workbook's own setting, "
        "NEGOTIATION_WORKBOOK_DB or the embedded SQLite file).",
    )

    attempts_file = Unicode(
        "",
        config=True,
        help="The file counting guesses of codes (default: beside the embedded store; shared "
        "with every workbook server on this machine).",
    )

    @default("allow_all")
    def _allow_all_default(self) -> bool:
        return True

    @default("enable_auth_state")
    def _enable_auth_state_default(self) -> bool:
        return True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._store: Store | None = None
        self._backoffs: OrderedDict[tuple[str, str, str], CodeAttempts] = OrderedDict()

    def store(self) -> Store:
        """The workshop store (opened once; the hub upgraded its schema before it started)."""
        if self._store is None:
            self._store = Store(self.store_url or None, upgrade=False)
        return self._store

    def get_custom_html(self, base_url: str) -> str:
        """No custom form: the login page is the workbook's ``login.html`` template."""
        return ""

    def _attempts(self, kind: CodeKind, address: str, name: str) -> CodeAttempts:
        """The backoff of one person (address and name) for one kind of code."""
        who = (kind, address, " ".join(name.lower().split()))
        attempts = self._backoffs.pop(who, None)
        if attempts is None:
            server = ServerAttempts(Path(self.attempts_file)) if self.attempts_file else None
            attempts = CodeAttempts(kind, server=server)
        self._backoffs[who] = attempts
        while len(self._backoffs) > PEOPLE_REMEMBERED:
            self._backoffs.popitem(last=False)
        return attempts

    async def _lookup(
        self, kind: CodeKind, address: str, name: str, lookup: Callable[[], T | None]
    ) -> T:
        attempts = self._attempts(kind, address, name)

        def limited() -> T | None:
            return attempts.attempt(lookup)

        try:
            found = await asyncio.to_thread(limited)
        except TooManyAttemptsError as err:
            raise refused(err.message) from None
        except StoreError as err:
            raise refused(err.message) from None
        if found is None:
            raise refused(WRONG[kind])
        return found

    async def authenticate(self, handler: Any, data: dict[str, str]) -> dict[str, Any]:
        """Who the login form's name and code make the person, or a refusal with a sentence.

        Raises
        ------
        tornado.web.HTTPError
            403 with the sentence the login page shows: a wrong code, a closed workshop, a name
            already taken, too many wrong codes.
        """
        name = " ".join(str(data.get("username", "")).split())
        code = str(data.get("password", "")).strip()
        if not code:
            raise refused(f"Enter your {CODE_LABEL.lower()}.")
        kind = code_kind(code)
        address = str(getattr(getattr(handler, "request", None), "remote_ip", "") or "")
        store = self.store()
        if kind == "key":
            workshop = await self._lookup(kind, address, name, lambda: store.workshop_for_key(code))
            return self._facilitator(workshop, code)
        if kind == "resume":
            person = await self._lookup(
                kind, address, name, lambda: store.participant_for_resume(code)
            )
            return await self._trainee(person, code)
        if not name:
            raise refused("Enter your name (or your team's) to join the workshop.")
        found: WorkshopInfo = await self._lookup(
            kind, address, name, lambda: store.workshop_for_join_code(code)
        )
        if not found.is_open:
            raise refused(
                "This workshop has been closed by its facilitator, so its join code no longer "
                "admits anyone. If you joined it before, type your resume code instead."
            )
        everyone = await asyncio.to_thread(store.participants, found.id)
        if any(p.name.casefold() == name.casefold() for p in everyone):
            raise refused(
                f"Someone already joined this workshop as {name!r}. If that is you, type your "
                "resume code in the code field instead of the join code; otherwise choose "
                "another name."
            )
        try:
            joined = await asyncio.to_thread(store.join, code, name)
        except StoreError as err:
            raise refused(err.message) from None
        return await self._trainee(joined.participant, joined.resume_code)

    async def _trainee(self, person: ParticipantInfo, resume: str) -> dict[str, Any]:
        everyone = await asyncio.to_thread(self.store().participants, person.workshop_id)
        return {
            "name": trainee_username(person, everyone),
            "auth_state": {
                "role": "trainee",
                "participant_id": person.id,
                "workshop_id": person.workshop_id,
                "participant_name": person.name,
                "resume_code": resume_code(resume),
            },
        }

    @staticmethod
    def _facilitator(workshop: WorkshopInfo, key: str) -> dict[str, Any]:
        return {
            "name": facilitator_username(workshop.id),
            "auth_state": {
                "role": "facilitator",
                "workshop_id": workshop.id,
                "facilitator_key": key.strip(),
            },
        }

    async def pre_spawn_start(self, user: Any, spawner: Any) -> None:
        """Hand the user's code, the store and the page to open to their single-user server.

        Raises
        ------
        tornado.web.HTTPError
            403 when the user has no auth state (they log in again).
        """
        state = await user.get_auth_state()
        if not state or state.get("role") not in ("trainee", "facilitator"):
            raise web.HTTPError(403, "Log in again with your resume code or facilitator key.")
        env = dict(spawner.environment)
        # A deployment that hands its servers the store's URL itself (a Kubernetes Secret
        # referenced in the spawner's environment) keeps it: the password then never appears
        # in a server's specification.
        env.setdefault(DB_ENV, self.store().url)
        env.setdefault(DATA_ENV, str(data_dir()))
        env[UPGRADE_ENV] = "off"
        if state["role"] == "trainee":
            env[RESUME_ENV] = state["resume_code"]
            env.pop(FACILITATOR_KEY_ENV, None)
            spawner.default_url = WORKBOOK_URL
        else:
            env[FACILITATOR_KEY_ENV] = state["facilitator_key"]
            env.pop(RESUME_ENV, None)
            spawner.default_url = DASHBOARD_URL
        spawner.environment = env
