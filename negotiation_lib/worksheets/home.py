"""The home page: join a workshop or come back to it, or practise on a sample case.

A trainee joins with the workshop's join code and a name (a person or a team) and receives a
personal resume code; the worksheet links then carry it, and with it they come back from any
browser. Practice pages (a sample case or a blank one) save nothing. Role-play cases have no
practice card: each side's confidential facts are handed out only in a workshop's deal room.

Every code typed here is looked up within the attempt limits of
:mod:`negotiation_lib.store.attempts` (a page that guesses must wait, and says how long), and
one page joins at most :data:`JOINS_PER_PAGE` participants.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode

import ipywidgets as widgets

from negotiation_lib import catalog, glossary
from negotiation_lib.assessment import assess_case
from negotiation_lib.datasets import case_title, load_sample_case, role_play_case_names
from negotiation_lib.domain.case import Case
from negotiation_lib.formatting import escape, money, percent
from negotiation_lib.store import Store, StoreError
from negotiation_lib.store.attempts import CodeAttempts
from negotiation_lib.store.codes import JOIN_CODE_LENGTH
from negotiation_lib.worksheets.app import practice_case_names
from negotiation_lib.worksheets.inputs import inputs_of
from negotiation_lib.worksheets.number_format import FROM_HOME, NumberPreference, with_numbers
from negotiation_lib.worksheets.page import style, term_label
from negotiation_lib.worksheets.shared_models import shared_layout

__all__ = [
    "JOINS_PER_PAGE",
    "HomePage",
    "WorkshopEntry",
    "case_summary",
    "case_title",
    "glossary_html",
]

JOINS_PER_PAGE = 10
"""Participants one home page may join (a team joins once; 200 joins from one page is a script)."""

# A whole join code as typed: ten symbols, or the six of an earlier workshop ("K7M-Q2P"). The
# workshop is looked up only then, so that typing a code is not a run of wrong guesses.
_OLD_JOIN_CODE = re.compile(r"\s*[A-Za-z0-9]{3}[-\s]?[A-Za-z0-9]{3}\s*")


def _whole_join_code(typed: str) -> bool:
    """Whether ``typed`` is a whole join code, new or old.

    Examples
    --------
    >>> [_whole_join_code(t) for t in ("K7M-Q2P", "k7mq2p", "K7MQ2-P", "K7MQ2-P3XR9", "K7M-Q2")]
    [True, True, False, True, False]
    """
    symbols = sum(ch.isalnum() for ch in typed)
    return symbols == JOIN_CODE_LENGTH or (symbols == 6 and bool(_OLD_JOIN_CODE.fullmatch(typed)))


INTRO = (
    "Prepare a strategic customer negotiation in three worksheets. Start from what the deal "
    "means for your strategy and what your offer is worth to the customer; open your whole "
    "economic model and see how the value splits, and what the relationship is worth if the "
    "deal is repeated many times; then agree with the customer, in writing, what winning means "
    "for each side, and find the agreements that are good for both."
)

ROLE_PLAY_NOTE = (
    "Role-play cases are not listed here: they are played in a workshop's deal room, where "
    "each team is given only its own side's confidential facts."
)
"""What the practice list says of the role-play cases it leaves out."""


def case_summary(case: Case) -> dict[str, str]:
    """Headline figures of a case as plain display text (the home page's case cards).

    Read from the case's assessment; no Monte Carlo is run for them.
    """
    a = assess_case(case)
    econ, proj, cur = a.economics, a.projection, case.currency
    packages = a.win_win.packages if a.win_win is not None else ()
    return {
        "EVE per unit": money(None if a.value is None else a.value.eve_per_unit, cur),
        "Pocket price": money(None if econ is None else econ.pocket_price_per_unit, cur),
        "Fair price": money(None if econ is None else econ.fair_price_per_unit, cur),
        "Seller's share of the value": percent(None if econ is None else econ.seller_share),
        "Seller NPV": money(None if proj is None else proj.seller_npv, cur),
        "Win-win packages": str(sum(p.win_win for p in packages)),
    }


def glossary_html() -> str:
    """The glossary of the workbook's abbreviations, as a card of the home page (HTML).

    Each term with its full name and its plain meaning (:mod:`negotiation_lib.glossary`);
    the tiles that use a term show the same meaning when pointed at.
    """
    items = "".join(
        f"<dt data-term='{escape(t.term)}'><b>{escape(t.term)}</b>: {escape(t.name)}</dt>"
        f"<dd>{escape(t.meaning)} {escape(t.definition)}</dd>"
        for t in glossary.GLOSSARY
    )
    return (
        "<div class='nw-card nw-glossary'><div class='nw-card-title'>Words used in the "
        "workbook</div><div class='nw-concept'>The short names on the tiles, in plain words. "
        "On any tile marked “?”, point at the label to read its meaning.</div>"
        f"<dl>{items}</dl></div>"
    )


def _links(case_ref: str, key: str = "case", numbers: str | None = None) -> str:
    """Links to every worksheet of the catalog, opening the given case or resume code.

    ``numbers`` is the trainee's number format, carried to the worksheets (None: automatic).
    """
    query = with_numbers(urlencode({key: case_ref}), numbers)
    return " · ".join(
        f"<a href='{escape(w.notebook)}?{escape(query)}'>{escape(w.label)}</a>"
        for w in catalog.WORKSHEETS
    )


def _workbook_links(resume: str, numbers: str | None = None) -> str:
    """Links into the participant's workbook (one page, one kernel), one per worksheet."""
    return " · ".join(
        f"<a href='{escape(with_numbers(catalog.workbook_href(resume, w.name), numbers))}'>"
        f"{escape(w.label)}</a>"
        for w in catalog.WORKSHEETS
    )


class WorkshopEntry:
    """The join and resume forms of the home page (a view over the store).

    Parameters
    ----------
    store_factory
        Opens the store when it is first needed; a store that cannot be reached gives a message
        in the form, and practice cases still work.
    resume
        A resume code from the page's URL, shown at once as the participant's welcome card.
    """

    def __init__(self, store_factory: Callable[[], Store], resume: str = "") -> None:
        self._factory = store_factory
        self._store: Store | None = None
        self._join_codes = CodeAttempts("join")
        self._resume_codes = CodeAttempts("resume")
        self._joined = 0
        self.w_code = widgets.Text(description="Join code", placeholder="e.g. K7MQ2-P3XR9")
        self.w_name = widgets.Text(description="Your name", placeholder="a person or a team")
        self.w_case = widgets.Dropdown(description="Case", options=[], disabled=True)
        self.w_join = widgets.Button(description="Join", button_style="primary", icon="sign-in")
        self.w_join_msg = widgets.HTML()
        self.w_resume = widgets.Text(description="Resume code", placeholder="XXXX-XXXX-XXXX")
        self.w_open = widgets.Button(
            description="Open my worksheets",
            icon="folder-open",
            layout=shared_layout(width="auto"),
        )
        self.w_resume_msg = widgets.HTML()
        self.w_welcome = widgets.HTML()
        # Opens the workbook in this page's own kernel (shown once a participant is known).
        self.w_workbook = widgets.Button(
            description="Open your workbook",
            button_style="primary",
            icon="book",
            layout=widgets.Layout(display="none", width="auto"),
        )
        self.w_workbook.on_click(self._on_workbook)
        self.open_workbook: Callable[[str], None] | None = None
        """What opening the workbook does (the home page sets it); the links work without."""
        self._code = ""
        self.numbers: str | None = None
        """The trainee's number format, carried by the workbook links (None: automatic)."""
        self._welcomed: tuple[str, str, bool, str] | None = None
        for w in (self.w_code, self.w_name, self.w_resume):
            w.layout = shared_layout(width="300px")
            w.style = {"description_width": "90px"}
            w.add_class(f"nw-home-{w.description.lower().replace(' ', '-')}")
        self.w_case.layout = shared_layout(width="420px")
        self.w_case.style = {"description_width": "90px"}
        self.w_code.observe(self._on_code, names="value")
        self.w_join.on_click(self._on_join)
        self.w_open.on_click(self._on_open)
        self.widget = widgets.VBox(
            [
                self.w_welcome,
                self.w_workbook,
                _card(
                    "Join a workshop",
                    "Your facilitator gives you a join code. Join once, as a person or a "
                    "team: you get a personal resume code that brings you back to your "
                    "worksheets from any browser. Everything you type is saved as you go.",
                    [
                        widgets.HBox([self.w_code, self.w_name]).add_class("nw-form"),
                        widgets.HBox([self.w_case, self.w_join]).add_class("nw-form"),
                        self.w_join_msg,
                    ],
                ),
                _card(
                    "Come back to your worksheets",
                    "Enter the resume code you got when you joined.",
                    [
                        widgets.HBox([self.w_resume, self.w_open]).add_class("nw-form"),
                        self.w_resume_msg,
                    ],
                ),
            ]
        )
        if resume:
            self.w_resume.value = resume
            self._on_open(self.w_open)

    def store(self) -> Store:
        """The store, opened on first use."""
        if self._store is None:
            self._store = self._factory()
        return self._store

    @staticmethod
    def _say(target: widgets.HTML, text: str, tone: str = "bad") -> None:
        role = "alert" if tone == "bad" else "status"
        target.value = f"<div class='nw-banner nw-{tone}' role='{role}'>{escape(text)}</div>"

    def _on_code(self, _change: object) -> None:
        self.w_join_msg.value = ""
        code = self.w_code.value
        workshop = None
        if _whole_join_code(code):
            try:
                workshop = self._join_codes.attempt(
                    lambda: self.store().workshop_for_join_code(code)
                )
            except StoreError as err:
                self._say(self.w_join_msg, err.message)
                return
            if workshop is None:
                self._say(self.w_join_msg, "No workshop has this join code. Check it.")
        if workshop is None:
            self.w_case.options = []
            self.w_case.disabled = True
            return
        self.w_case.options = [(case_title(c), c) for c in workshop.cases]
        self.w_case.value = workshop.cases[0]
        self.w_case.disabled = len(workshop.cases) == 1
        self._say(self.w_join_msg, f"Workshop: {workshop.name}", "good")

    def _on_join(self, _button: widgets.Button) -> None:
        if self._joined >= JOINS_PER_PAGE:
            self._say(
                self.w_join_msg,
                f"This page has joined {self._joined} participants already: open a new page "
                "to join another one.",
            )
            return
        code = self.w_code.value
        try:
            workshop = self._join_codes.attempt(lambda: self.store().workshop_for_join_code(code))
            if workshop is None:
                self._say(self.w_join_msg, "No workshop has this join code. Check it.")
                return
            joined = self.store().join(code, self.w_name.value, self.w_case.value or None)
        except StoreError as err:
            self._say(self.w_join_msg, err.message)
            return
        self._joined += 1
        self.w_join_msg.value = ""
        self.w_name.value = ""
        self._welcome(joined.participant.name, joined.resume_code, new=True)

    def _on_open(self, _button: widgets.Button) -> None:
        code = self.w_resume.value.strip()
        if not code:
            self._say(self.w_resume_msg, "Enter your resume code.")
            return
        try:
            participant = self._resume_codes.attempt(
                lambda: self.store().participant_for_resume(code)
            )
            workshop = self.store().workshop(participant.workshop_id) if participant else None
        except StoreError as err:
            self._say(self.w_resume_msg, err.message)
            return
        if participant is None or workshop is None:
            self._say(self.w_resume_msg, "This resume code opens nothing. Check it.")
            return
        self.w_resume_msg.value = ""
        self._welcome(participant.name, code, workshop=workshop.name)

    def _on_workbook(self, _button: widgets.Button) -> None:
        if self._code and self.open_workbook is not None:
            self.open_workbook(self._code)

    def relink(self) -> None:
        """Draw the welcome card again (its links carry the number format chosen now)."""
        if self._welcomed is not None:
            name, code, new, workshop = self._welcomed
            self._welcome(name, code, new=new, workshop=workshop)

    def _welcome(self, name: str, code: str, *, new: bool = False, workshop: str = "") -> None:
        self._welcomed = (name, code, new, workshop)
        intro = (
            "Keep this resume code: with it you come back to your own worksheets from any "
            "browser. Anyone who has it can open them, so keep it to yourself (or your team)."
            if new
            else f"Your worksheets in {workshop} are saved; open them here."
        )
        self.w_welcome.value = (
            "<div class='nw-card nw-welcome' role='status'>"
            f"<div class='nw-card-title'>Welcome, {escape(name)}</div>"
            f"<div>Your resume code: <span class='nw-code' data-resume-code>{escape(code)}</span>"
            f"</div><div class='nw-concept'>{escape(intro)}</div>"
            f"<div class='nw-links'>{_workbook_links(code, self.numbers)}</div></div>"
        )
        self._code = code
        self.w_workbook.layout.display = "" if self.open_workbook is not None else "none"


def _card(title: str, explain: str, children: list[widgets.Widget]) -> widgets.VBox:
    box = widgets.VBox(
        [
            widgets.HTML(
                f"<div class='nw-card-title'>{escape(title)}</div>"
                f"<div class='nw-concept'>{escape(explain)}</div>"
            ),
            *children,
        ]
    )
    box.add_class("nw-card")
    return box


class HomePage:
    """The landing page: join or resume a workshop, or practise on a sample case.

    Parameters
    ----------
    query
        The page's URL query (``resume=...`` shows that participant's welcome card).
    store_factory
        Opens the workshop store (by default from the environment).
    """

    def __init__(self, query: str = "", store_factory: Callable[[], Store] = Store) -> None:
        resume = parse_qs(query).get("resume", [""])[0]
        self.entry = WorkshopEntry(store_factory, "")
        self.entry.open_workbook = self._open_workbook
        dashboard = catalog.DASHBOARD
        # Practice cards only: a role-play case's figures come from both sides' secrets.
        self._cases = {name: load_sample_case(name) for name in practice_case_names()}
        self._figures = {name: case_summary(case) for name, case in self._cases.items()}
        cards = [widgets.HTML(self._card_html(name)) for name in self._cases]
        self.w_cards = dict(zip(self._cases, cards, strict=True))
        self.w_blank = widgets.HTML(_blank_html(None))
        practice_note = "Practice pages save nothing: join a workshop to keep your work."
        if role_play_case_names():
            practice_note = f"{practice_note} {ROLE_PLAY_NOTE}"
        self.numbers = NumberPreference()
        self.numbers.widget.observe(self._on_numbers, names="value")
        self.widget = widgets.VBox(
            [
                style(),
                widgets.HTML(
                    "<div class='nw-header'><div><h1>Negotiation Workbook</h1>"
                    "<div class='nw-sub'>Trust-based, strategic customer negotiation</div>"
                    f"</div><nav class='nw-nav'><a href='{escape(dashboard.notebook)}'>"
                    f"{escape(dashboard.label)}</a></nav></div>"
                    f"<p class='nw-intro'>{escape(INTRO)}</p>"
                ),
                self.entry.widget,
                _card(
                    "How you type numbers",
                    "The worksheets read what you type in this format: 1.000 is a thousand "
                    "in 1.234,5 and one in 1,234.5. A case may also set its own, under The "
                    "case on the first worksheet.",
                    [self.numbers.widget],
                ),
                widgets.HTML(
                    "<h2 class='nw-h2'>Practise on a sample case</h2>"
                    f"<div class='nw-concept'>{escape(practice_note)}</div>"
                ),
                self.w_blank,
                *cards,
                widgets.HTML(glossary_html()),
            ]
        )
        self.widget.add_class("nw-page")
        if resume:  # shown at once, as the participant's welcome card
            self.entry.w_resume.value = resume
            self.entry.w_open.click()

    def _open_workbook(self, resume: str) -> None:
        """Replace the home page with the participant's workbook, in this same kernel.

        A trainee who has just joined goes on working here: no second page load, no second
        kernel (each costs the server about as much as the page itself). The address changes
        to the workbook's, so a reload or a bookmark opens it directly.
        """
        from negotiation_lib.worksheets.app import workbook_page

        page = workbook_page(resume, self.entry.store())
        workbook = getattr(page, "_nw_workbook", None)
        if workbook is not None and self.numbers.tag is not None:
            inputs = inputs_of(workbook.doc)  # the format chosen here, over the browser's
            inputs.preferred_from = FROM_HOME
            inputs.preferred_format = self.numbers.tag
        self.widget.remove_class("nw-page")  # the workbook is a page of its own
        self.widget.children = [page]

    def _on_numbers(self, _change: object) -> None:
        """Carry the number format chosen into every link of the page."""
        tag = self.numbers.tag
        self.w_blank.value = _blank_html(tag)
        for name, card in self.w_cards.items():
            card.value = self._card_html(name, tag)
        self.entry.numbers = tag
        self.entry.relink()

    def _card_html(self, name: str, numbers: str | None = None) -> str:
        case = self._cases[name]
        figures = "".join(
            f"<div class='nw-tile'><div class='nw-tile-label'>{term_label(label)}</div>"
            f"<div class='nw-tile-value'>{escape(value)}</div></div>"
            for label, value in self._figures[name].items()
        )
        return (
            f"<div class='nw-card' data-case='{escape(name)}'>"
            f"<div class='nw-card-title'>{escape(case.title)}</div>"
            f"<div class='nw-concept'>{escape(case.seller)} selling to {escape(case.customer)}, "
            f"per {escape(case.unit)} and {escape(case.period)}</div>"
            f"<div class='nw-tiles'>{figures}</div><div>{_links(name, numbers=numbers)}</div></div>"
        )


def _blank_html(numbers: str | None) -> str:
    """The card that opens a blank case (practice), its links carrying the number format."""
    return (
        "<div class='nw-card'><div class='nw-card-title'>Start a blank case</div>"
        "<div class='nw-concept'>Your own negotiation, from an empty worksheet "
        "(practice: nothing is saved).</div>"
        f"<div>{_links('blank', numbers=numbers)}</div></div>"
    )
