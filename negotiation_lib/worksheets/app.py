"""Opening a worksheet for a page request: whose work, which case, then the page itself.

A notebook calls :func:`open_worksheet` and displays what it returns. Under Voila the page's URL
says what to open:

- ``?resume=H3KQ-7MWX-P2RD``: a workshop participant's own case, restored from the store at
  its newest version and autosaved from then on (:mod:`negotiation_lib.worksheets.autosave`).
  A code that belongs to nobody opens nothing.
- ``?case=pumpco_acme_foods`` (or ``?case=blank``): practice on a sample case; nothing is saved.
  A role-play case is never opened this way (:func:`practice_case_names`): its file holds both
  sides' confidential facts, which a team sees only its own share of, in a workshop's deal room.

In JupyterLab the case comes from the notebook's ``parameters`` cell. With preheated kernels,
Voila runs the notebook up to the point where the URL is read, so every import happens before
a trainee arrives; a kernel started for the request (no preheating) imports the store only
when the URL names a participant.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

import ipywidgets as widgets

from negotiation_lib import catalog
from negotiation_lib.datasets import (
    case_title,
    role_play_case_names,
    sample_case_document,
    sample_case_names,
)
from negotiation_lib.document import CaseDocument, blank_case
from negotiation_lib.formatting import escape
from negotiation_lib.hub import RESUME_ENV
from negotiation_lib.worksheets.autosave import Autosaver, SaveStatus
from negotiation_lib.worksheets.browser import PAGE_SCRIPT, run_in_browser
from negotiation_lib.worksheets.case_files import CaseFiles
from negotiation_lib.worksheets.client_updates import guard_client_updates
from negotiation_lib.worksheets.kernel_channel import keep_every_message
from negotiation_lib.worksheets.number_format import (
    trainee_format,
    use_trainee_format,
    with_numbers,
)
from negotiation_lib.worksheets.page import home_link, style
from negotiation_lib.worksheets.shared_models import shared_layout, sharing_models

if TYPE_CHECKING:
    from negotiation_lib.store import ParticipantInfo, Store

__all__ = [
    "WORKSHEETS",
    "ParticipantPage",
    "RolePlayCaseError",
    "load_document",
    "open_dashboard",
    "open_home",
    "open_participant",
    "open_workbook",
    "open_worksheet",
    "page_query",
    "practice_case_names",
    "workbook_page",
]

BLANK = "blank"

WORKSHEETS: dict[str, str]
"""Worksheet name → its page class as ``module:Class``, from the catalog on every access."""


def _prepare_kernel() -> None:
    """Ready this page's kernel for its browser, before the page is built.

    The browser may change only what the page's inputs send (:func:`guard_client_updates`),
    and every widget message reaches the browser, however busy the server is
    (:func:`keep_every_message`).
    """
    guard_client_updates()
    keep_every_message()


def __getattr__(name: str) -> Any:
    # Derived from the catalog when read, so a worksheet added there opens here too.
    if name == "WORKSHEETS":
        return {w.name: w.page for w in catalog.WORKSHEETS}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def page_query() -> str:
    """The query string of the Voila page being served ("" in JupyterLab or a test run).

    A kernel started for the request already has the query in its environment
    (``QUERY_STRING``, as Voila sets it). A preheated kernel waits here for its visitor
    (:func:`negotiation_lib.worksheets.visitor.wait_for_visitor`), without importing Voila.

    Under a hub, a trainee's own server carries their resume code in its environment
    (``NEGOTIATION_WORKBOOK_RESUME``, :mod:`negotiation_lib.hub`): a query without one gets it,
    so the server's pages open that trainee's work without the code in any URL.
    """
    if os.environ.get("VOILA_PREHEAT") == "True":
        from negotiation_lib.worksheets.visitor import wait_for_visitor

        wait_for_visitor()
    query = os.environ.get("QUERY_STRING", "")
    resume = os.environ.get(RESUME_ENV, "").strip()
    if resume and not parse_qs(query).get("resume"):
        query = "&".join(filter(None, [query, urlencode({"resume": resume})]))
    return query


class RolePlayCaseError(ValueError):
    """A practice page was asked for a role-play case, which practice never opens.

    Attributes
    ----------
    name
        The role-play sample case asked for.
    """

    def __init__(self, name: str) -> None:
        super().__init__(f"{name!r} is a role-play case: it opens only in a workshop's deal room.")
        self.name = name


def practice_case_names() -> list[str]:
    """The sample cases anyone may practise on: every sample case but the role-play ones.

    Examples
    --------
    >>> names = practice_case_names()
    >>> "pumpco_acme_foods" in names, "valtora_brightmoor" in names
    (True, False)
    """
    role_play = set(role_play_case_names())
    return [name for name in sample_case_names() if name not in role_play]


def load_document(query: str, default_case: str) -> tuple[CaseDocument, str, str | None]:
    """Load the case a practice page asks for.

    Returns
    -------
    tuple
        The document, the query to carry to the other pages, and an error sentence when the
        requested case does not exist (the default case is opened instead).

    Raises
    ------
    RolePlayCaseError
        When the case asked for (or the default one) is a role-play case: its truth holds
        both sides' confidential facts, so no practice page is built from it.
    """
    params = parse_qs(query)
    name = params.get("case", [default_case])[0]
    error = None
    if name != BLANK and name not in sample_case_names():
        error = f"There is no case called '{name}'; showing “{case_title(default_case)}” instead."
        name = default_case
    if name in role_play_case_names():  # refused before its truth is even read
        raise RolePlayCaseError(name)
    data: dict[str, Any] = blank_case() if name == BLANK else sample_case_document(name)
    doc = CaseDocument(data)
    use_trainee_format(doc, query)  # numbers typed as the trainee writes them
    chosen = trainee_format(query, None)[0]  # the home page's choice goes to the next page too
    return doc, with_numbers(urlencode({"case": name}), chosen), error


@dataclass
class ParticipantPage:
    """A participant's page as opened from a resume code."""

    participant: ParticipantInfo
    workshop: str
    doc: CaseDocument
    version: int
    saved_at: float
    query: str


def open_participant(store: Store, code: str) -> ParticipantPage | None:
    """Restore the newest saved case of the participant a resume code belongs to.

    ``None`` when the code belongs to nobody: the page then opens nothing.
    """
    participant = store.participant_for_resume(code)
    if participant is None:
        return None
    latest = store.latest(participant.id)
    data = latest.data if latest is not None and latest.data is not None else blank_case()
    doc = CaseDocument(data)
    use_trainee_format(doc)  # numbers typed as this request's trainee writes them
    return ParticipantPage(
        participant=participant,
        workshop=store.workshop(participant.workshop_id).name,
        doc=doc,
        version=latest.version if latest is not None else 0,
        saved_at=latest.saved_at.timestamp() if latest is not None else 0.0,
        query=urlencode({"resume": code.strip()}),
    )


def _open_resume(
    resume: str, store: Store | None
) -> tuple[ParticipantPage, Store] | widgets.Widget:
    """The participant a resume code opens and the store, or the page that says why not."""
    from negotiation_lib.store import Store, StoreError
    from negotiation_lib.store.attempts import CodeAttempts, TooManyAttemptsError

    try:
        store = store or Store()
        # A page load per guess is slow, but the server's limit counts them all.
        within = store
        opened = CodeAttempts("resume").attempt(lambda: open_participant(within, resume))
    except TooManyAttemptsError as err:
        return _message_page("Wait before trying again", err.message)
    except StoreError as err:
        return _message_page("The workshop store cannot be reached", err.message)
    if opened is None:
        return _message_page(
            "Nothing to open",
            "This resume code opens nothing. Check it (your facilitator can tell you the "
            "workshop's join code), or join the workshop again on the home page.",
        )
    return opened, store


def _message_page(title: str, text: str, tone: str = "bad") -> widgets.Widget:
    return widgets.VBox(
        [
            style(),
            widgets.HTML(
                f"<div class='nw-header'><div><h1>{escape(title)}</h1></div>"
                f"<nav class='nw-nav'>{home_link()}</nav></div>"
                f"<div class='nw-banner nw-{tone}' role='alert'>{escape(text)}</div>"
            ),
        ]
    ).add_class("nw-page")


def _role_play_page(name: str) -> widgets.Widget:
    """The page a practice link to a role-play case opens: where the case is played instead."""
    return _message_page(
        "This case is played in a deal room",
        f"“{case_title(name)}” is a role-play case: in a workshop's deal room, each team is "
        "given its own side's confidential facts, and only those. It does not open for "
        "practice: join the workshop your facilitator runs to play it. A facilitator reads "
        "the whole case in its teaching note, or with the command "
        f"negotiation-workbook report data/cases/{name}.json --format md",
        "warn",
    )


def _session_bar(
    who: str, status: SaveStatus, notice: widgets.Widget | None = None
) -> widgets.Widget:
    script = widgets.Output(layout=shared_layout(display="none"))
    run_in_browser(script, PAGE_SCRIPT)  # counts the indicator's age, guards unsaved work
    # The conflict notice sits with the status it explains (hidden until a save needs it).
    saving = status if notice is None else widgets.VBox([status, notice]).add_class("nw-saving")
    bar = widgets.HBox([widgets.HTML(who), saving, script])
    bar.add_class("nw-session")
    return bar


@sharing_models()
def open_worksheet(
    kind: str,
    case: str = "pumpco_acme_foods",
    scenario: str | None = None,
    overrides: Mapping[str, Any] | str | None = None,
    *,
    store: Store | None = None,
) -> widgets.Widget:
    """Build the page of one worksheet for the current request.

    Parameters
    ----------
    kind
        The worksheet's name in :data:`negotiation_lib.catalog.WORKSHEETS`
        (``"transparent_economics"``).
    case
        The case to open when the URL names none (the notebook's parameter).
    scenario, overrides
        An analyst's what-if, from the notebook's parameters only (papermill or JupyterLab;
        never from the URL): one of the case's scenarios by name, and new values by key path
        (a mapping, or its JSON text). Given either, the page opens the case with them applied,
        says so in a banner, and saves nothing, whatever the URL says
        (:mod:`negotiation_lib.worksheets.what_if`).
    store
        The workshop store (opened from the environment when a resume code needs it).
    """
    _prepare_kernel()
    try:
        entry = catalog.worksheet(kind)
    except KeyError:
        names = sorted(catalog.worksheet_names())
        raise ValueError(f"Unknown worksheet {kind!r}; choose one of {names}.") from None
    worksheet = entry.page_class()
    # A preheated kernel waits in page_query() with its imports done and nothing built: a page
    # built ahead and thrown away cost every pool kernel about 1 CPU-s for 0.25 s less wait,
    # and the store (0.5-0.7 CPU-s) is imported only by pages that name a participant.
    query = page_query()
    resume = parse_qs(query).get("resume", [""])[0]
    if scenario or overrides:
        # A what-if is an analyst's, never a participant's saved work: practice, always.
        return _practice_page(worksheet, query, case, (scenario, overrides))
    if resume:
        opened = _open_resume(resume, store)
        if not isinstance(opened, tuple):
            return opened
        participant, store = opened
        page = worksheet(participant.doc, query=participant.query).widget
        status = SaveStatus()
        saver = Autosaver(
            participant.doc,
            store,
            participant.participant.id,
            kind,
            status,
            version=participant.version,
            saved_at=participant.saved_at,
        )
        who = (
            f"<span class='nw-who'><b>{escape(participant.participant.name)}</b> · "
            f"{escape(participant.workshop)}</span>"
        )
        person = participant.participant.id
        files = CaseFiles(
            participant.doc, check=lambda data: store.seal_conflicts(person, data)
        ).widget
        children = list(page.children)
        bar = _session_bar(who, status, saver.notice.widget)
        page.children = [*children[:2], bar, files, *children[2:]]
        page._nw_autosaver = saver  # lives as long as the page
        return page
    return _practice_page(worksheet, query, case)


def _practice_page(
    worksheet: Any, query: str, case: str, asked: tuple[str | None, object] | None = None
) -> widgets.Widget:
    """A worksheet on a sample case (or a blank one), with nothing saved.

    A role-play case gives the page that says where it is played instead: no worksheet is
    built, so no value of the case reaches the browser. ``asked`` is the notebook's scenario
    and overrides: the page opens the case with them applied, under a banner that says so.
    """
    try:
        doc, query, error = load_document(query, case)
    except RolePlayCaseError as err:
        return _role_play_page(err.name)
    applied = None
    if asked is not None:
        # Imported for a what-if only: a trainee's page never reads scenarios.
        from negotiation_lib.worksheets.what_if import what_if

        applied = what_if(doc.data, *asked)
    if applied is not None and applied.applied:
        doc.replace(applied.document)  # before the page is built: it opens on the what-if
    page = worksheet(doc, query=query).widget
    status = SaveStatus()
    status.message = (
        "Practice mode: nothing is saved. Join a workshop on the home page to keep your work."
    )
    children = list(page.children)
    extra: list[widgets.Widget] = [_session_bar("", status), CaseFiles(doc).widget]
    if applied is not None:
        extra.insert(0, widgets.HTML(applied.banner))
    if error:
        extra.append(widgets.HTML(f"<div class='nw-banner nw-warn'>{escape(error)}</div>"))
    page.children = [*children[:2], *extra, *children[2:]]
    return page


@sharing_models()
def open_workbook(*, store: Store | None = None, **autosave: Any) -> widgets.Widget:
    """Build a participant's workbook: every worksheet, one kernel, one autosaver.

    The URL carries the resume code and, optionally, the worksheet to show first
    (``?resume=CODE&sheet=win_win``); see :mod:`negotiation_lib.worksheets.workbook`.
    """
    from negotiation_lib.worksheets.workbook import sheet_from_query

    _prepare_kernel()
    query = page_query()
    resume = parse_qs(query).get("resume", [""])[0]
    if not resume:
        return _message_page(
            "Join a workshop first",
            "Your workbook opens with your resume code. Join a workshop on the home page, or "
            "enter your resume code there; to practise on a sample case, open a worksheet "
            "from the home page.",
            "warn",
        )
    return workbook_page(resume, store, sheet_from_query(query), **autosave)


def workbook_page(
    resume: str, store: Store | None = None, sheet: str | None = None, **autosave: Any
) -> widgets.Widget:
    """A participant's workbook as a widget, or the page that says why it cannot open.

    Used by :func:`open_workbook` and by the home page, which opens the workbook in its own
    kernel once a trainee has joined (no second page, no second kernel).
    """
    from negotiation_lib.worksheets.workbook import WorkbookApp

    opened = _open_resume(resume, store)
    if not isinstance(opened, tuple):
        return opened
    participant, store = opened
    first = sheet or catalog.WORKSHEETS[0].name
    app = WorkbookApp(participant, store, first, _session_bar, **autosave)
    page = app.widget
    page._nw_workbook = app  # the autosaver and the built worksheets live as long as the page
    return page


@sharing_models()
def open_home() -> widgets.Widget:
    """Build the home page.

    The home page needs nothing from the URL, but it still waits for the request like the
    worksheets do: a preheated kernel that has finished its work looks idle, and the culler
    could reclaim it in the moment it is handed to a visitor, leaving the page hanging.
    Waiting keeps the kernel busy until a visitor arrives.
    """
    from negotiation_lib.worksheets.home import HomePage

    _prepare_kernel()
    return HomePage(page_query()).widget


@sharing_models()
def open_dashboard() -> widgets.Widget:
    """Build the facilitator dashboard (it asks for a key before it shows anything).

    Under a hub, a facilitator's own server carries the key they logged in with
    (``NEGOTIATION_WORKBOOK_FACILITATOR_KEY``): the dashboard opens on that workshop.
    """
    from negotiation_lib.hub import FACILITATOR_KEY_ENV
    from negotiation_lib.worksheets.dashboard import DashboardPage

    _prepare_kernel()
    page_query()  # wait for the visitor, as the home page does
    return DashboardPage(key=os.environ.get(FACILITATOR_KEY_ENV, "")).widget
