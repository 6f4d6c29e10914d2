"""The facilitator dashboard: everyone's progress, the debrief charts, read-only views, exports.

The page opens on a key prompt and shows nothing of any workshop until a facilitator key opens
one (keys are checked against their stored hash). From the prompt a facilitator can also create
a workshop, with the server's admin secret (:mod:`negotiation_lib.store.admin`); its key is
shown once. Keys and admin secrets are tried within the attempt limits of
:mod:`negotiation_lib.store.attempts`.

Once open:

- who has joined, their case, progress per worksheet, number of saves and the last one.
  Progress counts what the participant did, not what the case came with: the share of the
  worksheet's sections changed since joining and free of problems
  (:func:`negotiation_lib.debrief.worksheet_progress`, measured from the case as handed out,
  :meth:`negotiation_lib.store.Store.starting_documents`), so a worksheet nobody has worked on
  is at 0 %; likewise "found a win-win" counts only participants who worked on their win-win
  worksheet, and "moved their goalposts" only amendments they sealed;
- the debrief table (each participant's prices, split of the gain, break-even retention and net
  costs of losing the relationship, in their case's currency) and the debrief charts across
  all participants (:mod:`negotiation_lib.figures.dashboard`), each saying under it how many
  participants it is drawn from;
- for a workshop on a role-play case, its deal rooms (:mod:`.dashboard_rooms`: who sits with
  whom, re-pairing) and their debrief (:mod:`.dashboard_debrief`: each room's outcome by the
  case's truth, every agreement against the frontier, outcomes by negotiation style);
- any participant's worksheets, read-only, with their sealed definitions and amendments;
- the export of every participant's case and results (Excel, and a zip of JSON cases).

The page refreshes itself every 30 seconds (the facilitator can choose another interval, pause
and resume: :mod:`negotiation_lib.worksheets.dashboard_refresh`). Everything a trainee typed is
escaped before it is shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import ipywidgets as widgets
import pandas as pd

from negotiation_lib import catalog
from negotiation_lib.datasets import sample_case_names
from negotiation_lib.debrief import DebriefInput, columns, debrief_frame
from negotiation_lib.document import CaseDocument
from negotiation_lib.domain.rooms import DEFAULT_ROUNDS
from negotiation_lib.figures import dashboard as figures
from negotiation_lib.formatting import escape, money, percent, price_decimals
from negotiation_lib.store import (
    BLANK_CASE,
    ParticipantInfo,
    Store,
    StoreError,
    WorkshopInfo,
)
from negotiation_lib.store.admin import admin_secret_set, check_admin_secret
from negotiation_lib.store.attempts import CodeAttempts
from negotiation_lib.store.workshops import MAX_ROUNDS
from negotiation_lib.worksheets.dashboard_debrief import team_styles
from negotiation_lib.worksheets.dashboard_refresh import AutoRefresh, Schedule
from negotiation_lib.worksheets.dashboard_rooms import RoomsCard
from negotiation_lib.worksheets.downloads import XLSX_MIME, DownloadButton
from negotiation_lib.worksheets.home import case_title
from negotiation_lib.worksheets.page import (
    FigureSlot,
    home_link,
    kpi_tiles,
    plotly_warmup,
    style,
    term_label,
)
from negotiation_lib.worksheets.shared_models import set_display, shared_layout, sharing_models

__all__ = [
    "PROGRESS_HELP",
    "RESULT_COLUMNS",
    "DashboardPage",
    "make_read_only",
    "participants_table",
    "results_table",
]

PROGRESS_HELP = (
    "Progress on a worksheet is the share of its parts (for example the economics and the "
    "relationship on Transparent economics) that the participant has changed since joining "
    "and that have no problems. What the case came with does not count, so a worksheet nobody "
    "has worked on shows 0%. “Found a win-win package” counts participants who worked on "
    "their win-win worksheet and have a package that is a win-win for both sides; “moved "
    "their goalposts” counts amendments sealed since joining."
)
"""The participants card's help text: what progress and the counts above it mean."""

RESULT_COLUMNS = (
    "pocket_price_per_unit",
    "fair_price_per_unit",
    "seller_optimal_price_per_unit",
    "seller_share",
    "break_even_retention_one_sided",
    "retention_one_sided",
    "seller_colr_net",
    "customer_colr_net",
)
"""The debrief columns the dashboard's results table shows, after the participant and case."""


def _when(stamp: datetime | None, now: datetime) -> str:
    if stamp is None:
        return "never"
    seconds = (now - stamp).total_seconds()
    if seconds < 60:
        return f"{max(0, int(seconds))} s ago"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


def participants_table(
    people: list[ParticipantInfo], results: pd.DataFrame, now: datetime | None = None
) -> str:
    """The participants table as HTML (every name escaped)."""
    now = now or datetime.now(UTC)
    if not people:
        return (
            "<div class='nw-banner nw-warn' role='status'>Nobody has joined yet. Trainees join "
            "on the home page with the workshop's join code.</div>"
        )
    sheets = catalog.WORKSHEETS
    shares: dict[str, dict[str, float]] = {
        str(row["participant"]): {w.name: float(row[f"progress_{w.name}"]) for w in sheets}
        for row in results.to_dict("records")
    }
    head = "".join(
        f"<th>{escape(h)}</th>"
        for h in ("Participant", "Case", *(w.label for w in sheets), "Versions", "Last save")
    )
    rows = []
    for p in people:
        saves = {sheet: (n, last) for sheet, n, last in p.saves_by_worksheet}
        cells = [
            f"<td class='nw-name'>{escape(p.name)}</td>",
            f"<td>{escape(case_title(p.case_name))}</td>",
        ]
        for sheet in (w.name for w in sheets):
            percent = round(shares.get(p.name, {}).get(sheet, 0.0) * 100)
            n, last = saves.get(sheet, (0, None))
            cells.append(
                f"<td data-sheet='{escape(sheet)}'><div class='nw-bar'><span style='width:"
                f"{percent}%'></span></div>"
                f"{percent}% · {n} save{'s' if n != 1 else ''}"
                f"{' · ' + escape(_when(last, now)) if last else ''}</td>"
            )
        cells.append(f"<td>{p.versions}</td><td>{escape(_when(p.last_saved_at, now))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        "<div class='nw-table'><table class='nw-people'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _result_cell(key: str, value: object, currency: str, fair_price: object = None) -> str:
    """One figure of the results table, in the participant's case currency, as HTML.

    Prices per unit have the decimals their worksheet gives them (from the case's fair price).
    """
    x = float(value) if isinstance(value, int | float) else None
    if key in ("seller_share", "break_even_retention_one_sided", "retention_one_sided"):
        text = percent(x, 1)
    elif key.endswith("_per_unit"):
        fair = float(fair_price) if isinstance(fair_price, int | float) else x
        text = money(x, currency, price_decimals(fair))
    else:
        text = money(x, currency)
    return f"<td class='nw-num' data-column='{key}'>{escape(text)}</td>"


def results_table(results: pd.DataFrame) -> str:
    """The debrief's headline figures, one row per participant, as HTML (names escaped).

    Columns are :data:`RESULT_COLUMNS`, labelled as in :func:`negotiation_lib.debrief.columns`;
    amounts are in each participant's case currency.
    """
    if results.empty:
        return ""
    labels = columns()
    head = "".join(
        f"<th>{term_label(labels[k])}</th>" for k in ("participant", "case", *RESULT_COLUMNS)
    )
    rows = []
    for row in results.to_dict("records"):
        currency = str(row.get("currency") or "")
        fair = row.get("fair_price_per_unit")
        cells = "".join(_result_cell(k, row.get(k), currency, fair) for k in RESULT_COLUMNS)
        rows.append(
            f"<tr><td class='nw-name'>{escape(row['participant'])}</td>"
            f"<td>{escape(case_title(str(row['case'])))}</td>{cells}</tr>"
        )
    note = ""
    if "one_side" in results and results["one_side"].any():
        note = (
            "<p class='nw-results-note'>A team on a role-play case holds only its own side "
            "of the case, so its economics are not shown here (–): each room's outcome, "
            "computed on the whole case, is in the deal-room debrief.</p>"
        )
    return (
        "<div class='nw-table'><table class='nw-results'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{note}"
    )


def make_read_only(widget: widgets.Widget) -> None:
    """Disable every input and button under ``widget`` (a worksheet shown to the facilitator)."""
    stack = [widget]
    while stack:
        w = stack.pop()
        if "disabled" in w.trait_names():
            w.disabled = True
        stack.extend(getattr(w, "children", ()) or ())


class DashboardPage:
    """The facilitator dashboard.

    Parameters
    ----------
    store_factory
        Opens the workshop store on first use.
    schedule
        How the page refreshes itself later (:class:`~.dashboard_refresh.AutoRefresh`; tests
        pass their own, the default uses the kernel's event loop).
    """

    def __init__(
        self,
        store_factory: Callable[[], Store] = Store,
        *,
        schedule: Schedule | None = None,
        key: str = "",
    ) -> None:
        self._factory = store_factory
        self._store: Store | None = None
        self.workshop: WorkshopInfo | None = None
        self.people: list[ParticipantInfo] = []
        self.results = pd.DataFrame()
        self.refresh_seconds = 0.0

        # The key prompt, and the form that creates a workshop.
        self.w_key = widgets.Password(description="Facilitator key", placeholder="key")
        self.w_key.layout = shared_layout(width="360px")
        self.w_key.style = {"description_width": "110px"}
        self.w_key.add_class("nw-dashboard-key")
        self.w_open = widgets.Button(description="Open", button_style="primary", icon="unlock")
        self.w_open.on_click(self._on_open)
        self.w_key_msg = widgets.HTML()
        self.w_new_name = widgets.Text(description="Name", placeholder="e.g. Key accounts, May")
        self.w_new_name.style = {"description_width": "110px"}
        self.w_new_name.layout = shared_layout(width="360px")
        self.w_new_cases = widgets.SelectMultiple(
            description="Cases",
            options=[(case_title(c), c) for c in (*sample_case_names(), BLANK_CASE)],
            value=(sample_case_names()[0],),
            rows=4,
        )
        self.w_new_cases.style = {"description_width": "110px"}
        self.w_new_cases.layout = shared_layout(width="460px")
        # A list, not a number field: every choice is a valid number of rounds.
        self.w_new_rounds = widgets.Dropdown(
            description="Rounds",
            options=[
                ("1 (a single negotiation)" if n == 1 else f"{n} rounds", n)
                for n in range(1, MAX_ROUNDS + 1)
            ],
            value=DEFAULT_ROUNDS,
        )
        self.w_new_rounds.style = {"description_width": "110px"}
        self.w_new_rounds.layout = shared_layout(width="360px")
        self.w_new_rounds.add_class("nw-new-rounds")
        self.w_admin = widgets.Password(description="Admin secret", placeholder="the server's")
        self.w_admin.style = {"description_width": "110px"}
        self.w_admin.layout = shared_layout(width="360px")
        self.w_admin.add_class("nw-dashboard-admin")
        self._keys = CodeAttempts("key")
        self._admin_secrets = CodeAttempts("admin")
        self.w_create = widgets.Button(description="Create workshop", icon="plus")
        self.w_create.on_click(self._on_create)
        self.w_create_msg = widgets.HTML()
        self.prompt = widgets.VBox(
            [
                self._card(
                    "Open your workshop",
                    "Enter the facilitator key you got when the workshop was created.",
                    [widgets.HBox([self.w_key, self.w_open]), self.w_key_msg],
                ),
                self._card(
                    "Create a workshop",
                    "Name it and choose the case(s) to hand out, and for a role-play case how "
                    "many rounds its deal rooms run (after each agreement, the relationship is "
                    "renewed or not). You get a join code for the trainees and a facilitator "
                    "key for this dashboard; the key is shown once. Creating a workshop takes "
                    "the server's admin secret.",
                    [
                        self.w_new_name,
                        self.w_new_cases,
                        self.w_new_rounds,
                        self.w_admin,
                        self.w_create,
                        self.w_create_msg,
                    ],
                ),
            ]
        )

        # The workshop view, built when a key opens a workshop.
        self.w_title = widgets.HTML()
        self.w_refresh = widgets.Button(description="Refresh", icon="refresh")
        self.w_refresh.on_click(lambda _b: self.refresh())
        self.w_status = widgets.HTML()
        self.auto = (
            AutoRefresh(self.refresh)
            if schedule is None
            else AutoRefresh(self.refresh, schedule=schedule)
        )
        self.w_tiles = widgets.HTML()
        self.rooms = RoomsCard(self.store)  # shown for a workshop with deal rooms only
        self.w_people = widgets.HTML()
        self.w_results = widgets.HTML()
        self.charts = {
            "value_splits": FigureSlot(360),
            "fair_prices": FigureSlot(380),
            "trust_vs_cpt": FigureSlot(420),
            "squeeze_break_even": FigureSlot(400),
            "trust_and_style": FigureSlot(400),
            "outcome_counts": FigureSlot(320),
        }
        # Under each chart: how many participants it is drawn from.
        self.w_drawn = {name: widgets.HTML() for name in self.charts}
        for caption in self.w_drawn.values():
            caption.add_class("nw-drawn-from")
        self.w_pick = widgets.Dropdown(description="Participant", options=[])
        self.w_pick.style = {"description_width": "90px"}
        self.w_pick.layout = shared_layout(width="420px")
        self.w_show = widgets.Button(description="Show read-only", icon="eye")
        self.w_show.on_click(self._on_show)
        self.w_readonly = widgets.VBox()
        self.w_export_xlsx = DownloadButton("Excel workbook", lambda: self._export("xlsx"))
        self.w_export_zip = DownloadButton("Cases as JSON (zip)", lambda: self._export("zip"))
        # Closing takes two clicks: the first says what it does, the second does it.
        self.w_close = widgets.Button(description="Close the workshop…", icon="lock")
        self.w_close_confirm = widgets.Button(
            description="Close for good", button_style="danger", icon="lock"
        )
        self.w_close_cancel = widgets.Button(description="Cancel")
        self.w_close_msg = widgets.HTML()
        self.w_close_ask = widgets.HBox([self.w_close_confirm, self.w_close_cancel])
        set_display(self.w_close_ask, False)
        self.w_close.on_click(self._on_close)
        self.w_close_confirm.on_click(self._on_close_confirm)
        self.w_close_cancel.on_click(self._on_close_cancel)
        self.view = widgets.VBox(
            [
                widgets.HBox(
                    [self.w_title, self.w_refresh, self.auto.widget, self.w_status]
                ).add_class("nw-session"),
                self.w_tiles,
                self._card("Participants", PROGRESS_HELP, [self.w_people]),
                self.rooms.widget,
                self.rooms.debrief.widget,  # the deal-room debrief, the facilitator's only
                self._card(
                    "Debrief",
                    "Every participant's newest saved case, side by side. Amounts are in "
                    "each case's own currency.",
                    [
                        self.w_results,
                        *(
                            w
                            for name, slot in self.charts.items()
                            for w in (slot.widget, self.w_drawn[name])
                        ),
                    ],
                ),
                self._card(
                    "A participant's worksheets, read-only",
                    "Their worksheets as saved last, with the history of their sealed "
                    "definitions of winning. Nothing can be changed here.",
                    [widgets.HBox([self.w_pick, self.w_show]), self.w_readonly],
                ),
                self._card(
                    "Export",
                    "Every participant's case and results: an Excel workbook, and a zip of "
                    "the cases as JSON files the workbook reads back.",
                    [widgets.HBox([self.w_export_xlsx, self.w_export_zip])],
                ),
                self._card(
                    "Close the workshop",
                    "When the session is over: the join code then admits no one, so a code "
                    "that was shared further opens nothing new. Everyone keeps their resume "
                    "code and their work, and this dashboard still shows it all.",
                    [self.w_close, self.w_close_ask, self.w_close_msg],
                ),
            ]
        )
        set_display(self.view, False)
        self.widget = widgets.VBox(
            [
                style("dashboard.css", "dashboard_results.css"),
                widgets.HTML(
                    f"<div class='nw-header'><div><h1>{escape(catalog.DASHBOARD.title)}</h1>"
                    "<div class='nw-sub'>Negotiation Workbook</div></div>"
                    f"<nav class='nw-nav'>{home_link()}</nav></div>"
                ),
                self.prompt,
                self.view,
                plotly_warmup(),
            ]
        )
        self.widget.add_class("nw-page")
        if key.strip():
            # A facilitator's own server under a hub knows the key from the login: the
            # dashboard opens as if it had been typed (the attempt limits still apply).
            self.w_key.value = key
            self._on_open(self.w_open)

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _card(title: str, explain: str, children: list[widgets.Widget]) -> widgets.VBox:
        head = f"<div class='nw-card-title'>{escape(title)}</div>"
        if explain:
            head += f"<div class='nw-concept'>{escape(explain)}</div>"
        box = widgets.VBox([widgets.HTML(head), *children])
        box.add_class("nw-card")
        return box

    @staticmethod
    def _say(target: widgets.HTML, text: str, tone: str = "bad") -> None:
        role = "alert" if tone == "bad" else "status"
        target.value = f"<div class='nw-banner nw-{tone}' role='{role}'>{escape(text)}</div>"

    def store(self) -> Store:
        """The store, opened on first use."""
        if self._store is None:
            self._store = self._factory()
        return self._store

    # ------------------------------------------------------------------ prompt

    def _on_open(self, _button: widgets.Button) -> None:
        key = self.w_key.value
        self.w_key.value = ""
        if not key.strip():
            self._say(self.w_key_msg, "Enter the facilitator key.")
            return
        try:
            workshop = self._keys.attempt(lambda: self.store().workshop_for_key(key))
        except StoreError as err:
            self._say(self.w_key_msg, err.message)
            return
        if workshop is None:
            self._say(self.w_key_msg, "This key opens no workshop. Check it and try again.")
            return
        self.open(workshop, key)

    def _on_create(self, _button: widgets.Button) -> None:
        secret = self.w_admin.value
        self.w_admin.value = ""
        if not admin_secret_set():
            self._say(
                self.w_create_msg,
                "This server has no admin secret, so workshops cannot be created here: run "
                "'negotiation-workbook admin-secret' on the server, or create the workshop "
                "there with 'negotiation-workbook workshop create'.",
            )
            return
        try:
            right = self._admin_secrets.attempt(
                lambda: True if check_admin_secret(secret) else None
            )
        except StoreError as err:
            self._say(self.w_create_msg, err.message)
            return
        if not right:
            self._say(
                self.w_create_msg,
                "Enter the server's admin secret (printed by 'negotiation-workbook serve' the "
                "first time it ran) to create a workshop.",
            )
            return
        try:
            made = self.store().create_workshop(
                self.w_new_name.value, self.w_new_cases.value, rounds=int(self.w_new_rounds.value)
            )
        except StoreError as err:
            self._say(self.w_create_msg, err.message)
            return
        w = made.workshop
        self.w_new_name.value = ""
        self.w_create_msg.value = (
            "<div class='nw-banner nw-good' role='status'>"
            f"<b>{escape(w.name)}</b> is ready.<br>Join code for the trainees: "
            f"<span class='nw-code' data-join-code>{escape(w.join_code)}</span><br>"
            f"Facilitator key: <span class='nw-code' data-facilitator-key>"
            f"{escape(made.facilitator_key)}</span><br>The key is shown only now and stored only "
            "as a hash: write it down, then open the workshop with it above.</div>"
        )

    # ------------------------------------------------------------------ workshop view

    def open(self, workshop: WorkshopInfo, key: str | None = None) -> None:
        """Show a workshop (after its key was checked; the key re-pairs deal rooms)."""
        self.workshop = workshop
        self.rooms.open(workshop.id, key)
        self.rooms.debrief.for_workshop(workshop.name, workshop.rounds)
        set_display(self.prompt, False)
        set_display(self.view, True)
        self.w_title.value = (
            f"<span class='nw-who'><b>{escape(workshop.name)}</b> · join code "
            f"<span class='nw-code'>{escape(workshop.join_code)}</span></span>"
        )
        self._show_closed(workshop)
        self.refresh()
        self.auto.start()

    def _show_closed(self, workshop: WorkshopInfo) -> None:
        closed = workshop.closed_at
        set_display(self.w_close_ask, False)
        self.w_close.disabled = closed is not None
        if closed is not None:
            self.w_close.description = "Closed"
            self._say(
                self.w_close_msg,
                f"Closed on {closed:%Y-%m-%d at %H:%M} UTC: the join code admits no one.",
                "good",
            )

    def _on_close(self, _button: widgets.Button) -> None:
        if self.workshop is None:
            return
        set_display(self.w_close_ask, True)
        self._say(
            self.w_close_msg,
            f"Close {self.workshop.name}? Its join code {self.workshop.join_code} will stop "
            "admitting anyone; this cannot be undone.",
            "warn",
        )

    def _on_close_cancel(self, _button: widgets.Button) -> None:
        set_display(self.w_close_ask, False)
        self.w_close_msg.value = ""

    def _on_close_confirm(self, _button: widgets.Button) -> None:
        if self.workshop is None:
            return
        try:
            self.workshop = self.store().close_workshop(self.workshop.id)
        except StoreError as err:
            self._say(self.w_close_msg, err.message)
            return
        self._show_closed(self.workshop)

    def refresh(self) -> None:
        """Reload every participant's newest case and redraw the table and charts."""
        if self.workshop is None:
            return
        started = time.perf_counter()
        self.w_status.value = "<span class='nw-who'>Loading…</span>"
        try:
            store = self.store()
            self.people = store.participants(self.workshop.id)
            documents = store.latest_documents(self.workshop.id)
            starts = store.starting_documents(self.workshop.id)
        except StoreError as err:
            self._say(self.w_status, err.message)
            return
        self.results = debrief_frame(
            DebriefInput(p.name, p.case_name, documents.get(p.id, {}), starts.get(p.id))
            for p in self.people
        )
        frame = self.results
        total = len(frame)
        found = int(frame["found_win_win"].sum()) if total else 0
        moved = (
            int((frame["goalposts_moved_seller"] | frame["goalposts_moved_customer"]).sum())
            if total
            else 0
        )
        self.w_tiles.value = kpi_tiles(
            [
                ("joined", "Joined", str(total), "neutral"),
                ("win_win", "Found a win-win package", f"{found} of {total}", "good"),
                ("goalposts", "Moved their goalposts", f"{moved} of {total}", "warn"),
            ]
        )
        self.w_people.value = participants_table(self.people, frame)
        try:
            self.rooms.refresh(team_styles(frame, self.people, documents, starts))
        except StoreError as err:
            self._say(self.rooms.w_msg, err.message)
        self.w_results.value = results_table(frame)
        drawn = figures.drawn_from(frame)
        for name, slot in self.charts.items():
            slot.show(getattr(figures, name)(frame))
            self.w_drawn[name].value = (
                f"<div class='nw-who'>From {drawn[name]} of {total} participant"
                f"{'s' if total != 1 else ''}.</div>"
                if total
                else ""
            )
        chosen = self.w_pick.value
        self.w_pick.options = [(p.name, p.id) for p in self.people]
        ids = [p.id for p in self.people]
        self.w_pick.value = chosen if chosen in ids else (ids[0] if ids else None)
        self.refresh_seconds = time.perf_counter() - started
        self.w_status.value = (
            f"<span class='nw-who'>Updated {datetime.now(UTC).strftime('%H:%M:%S')} UTC "
            f"({self.refresh_seconds:.1f} s)</span>"
        )

    @sharing_models()
    def _on_show(self, _button: widgets.Button) -> None:
        pid = self.w_pick.value
        person = next((p for p in self.people if p.id == pid), None)
        if person is None:
            return
        self.w_readonly.children = [widgets.HTML("<span class='nw-who'>Opening…</span>")]
        try:
            latest = self.store().latest(person.id)
        except StoreError as err:
            self.w_readonly.children = [widgets.HTML()]
            self._say(self.w_readonly.children[0], err.message)
            return
        data = latest.data if latest is not None and latest.data is not None else {}
        tabs = []
        sheets = catalog.WORKSHEETS
        for entry in sheets:
            page = entry.page_class()(CaseDocument(data), query="")
            set_display(page.w_header, False)  # its links would leave the dashboard
            make_read_only(page.widget)
            tabs.append(page.widget)
        tab = widgets.Tab(children=tabs)
        for i, entry in enumerate(sheets):
            tab.set_title(i, entry.label)
        note = widgets.HTML(
            f"<div class='nw-banner nw-warn' role='status'>Read-only: <b>{escape(person.name)}</b>"
            f", version {latest.version if latest else 0}.</div>"
        )
        box = widgets.VBox([note, tab])
        box.add_class("nw-readonly")
        self.w_readonly.children = [box]

    def _export(self, kind: str) -> tuple[str, str, bytes]:
        """Build the workshop's Excel workbook or zip of cases (a download button's file)."""
        from negotiation_lib.exports.workshop import export_workshop

        if self.workshop is None:
            raise ValueError("Open a workshop with its facilitator key first.")
        try:
            made = export_workshop(self.store(), self.workshop.id)
        except StoreError as err:
            raise ValueError(err.message) from err
        if kind == "xlsx":
            return made.xlsx_name, XLSX_MIME, made.xlsx
        return made.zip_name, "application/zip", made.zip
