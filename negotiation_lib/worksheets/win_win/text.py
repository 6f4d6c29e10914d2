"""The win-win worksheet's words: the style statements, the explainers and the notes.

Plain text only (no HTML): the view escapes it where it meets HTML. The words paraphrase the
seed articles in the workbook's own voice; none of their sentences is copied.
"""

from __future__ import annotations

from datetime import UTC, datetime

from negotiation_lib.domain.case import OPEN_BOOK
from negotiation_lib.domain.trust import READY_STYLE, READY_TRUST
from negotiation_lib.domain.win_win import IssueValue
from negotiation_lib.formatting import MINUS

__all__ = [
    "ANSWERS",
    "EXPLAIN",
    "FACTORS",
    "NEXT_STEPS",
    "NOTES",
    "OPEN_BOOK_NOT_PRICE",
    "PRICE_MARK",
    "SCORE_SOURCES",
    "STYLE_STATEMENTS",
    "TRUST_FACTOR_WORDS",
    "price_mark_note",
    "value_text",
    "when",
]

STYLE_STATEMENTS: dict[str, str] = {
    "cpt_open_high": "We start with a demand well above what we expect to settle for.",
    "cpt_cards_close": "We keep our real position and our numbers to ourselves.",
    "cpt_small_concessions": "We give ground in small steps, and we let the customer move first.",
    "cpt_use_power": (
        "When we hold the stronger hand we press it; when we do not, we try to weaken theirs."
    ),
    "cpt_walkaway_figure": (
        "We fix a bottom-line number in advance and leave the table if we fall under it."
    ),
    "cpt_first_offer": "We turn down the customer's first offer, however good it looks.",
    "trust_fair_clear": (
        "We agree with the customer up front that a fair outcome, once found, will be "
        "obvious to both of us."
    ),
    "trust_share_model": (
        "We open our whole economic model to the customer: costs, margins and how we price."
    ),
    "trust_principled_discounts": (
        "Every discount we grant, and every one we refuse, follows a principle we can state."
    ),
    "trust_project_x100": (
        "We judge a deal by playing it forward as if it repeated many times, for both sides."
    ),
    "trust_never_mislead": (
        "We tell the customer only the truth, all of it, and never leave a false impression."
    ),
    "trust_assume_agreement": (
        "We start from the agreement we expect and test whether we can justify it to each side."
    ),
}
"""The practice each style-diagnostic item asks about, in the workbook's own words."""

ANSWERS: list[tuple[str, int]] = [
    ("not answered", 0),
    ("1 · disagree", 1),
    ("2", 2),
    ("3 · undecided", 3),
    ("4", 4),
    ("5 · agree", 5),
]
"""The answers to a style statement: its label and the stored value (0: not answered)."""

FACTORS = (
    ("credibility", "Credibility", "Can what we say be believed?"),
    ("reliability", "Reliability", "Do we do what we say we will?"),
    ("intimacy", "Intimacy", "Does the customer feel safe telling us difficult things?"),
    (
        "self_orientation",
        "Self-orientation",
        "How much we seem to care about our own gain rather than theirs (lower is better).",
    ),
)
"""The four trust factors: the case's key, the label and the question each one asks."""

TRUST_FACTOR_WORDS = {
    "credibility": "credibility (can the customer believe what we say?)",
    "reliability": "reliability (do we do what we say we will?)",
    "intimacy": "intimacy (does the customer feel safe telling us difficult things?)",
    "self_orientation": "self-orientation (how much we seem to put our own gain first)",
}
"""Each trust factor in a phrase, for the memo that names the one to work on first."""

PRICE_MARK = "This issue is the price per unit"
"""The check box on a numeric issue that links its value to the package's pocket price."""

SCORE_SOURCES = [("points", "points"), ("the open book", OPEN_BOOK)]
"""How a party may score the price issue: its own points, or off the open book."""

OPEN_BOOK_NOT_PRICE = (
    "The open book can score only the issue that is the price per unit: tick “This issue is "
    "the price per unit” for this issue in the issues above, or score it with points."
)
"""What an open-book score on an issue that does not set the price is told."""


def price_mark_note(before: str | None, after: str | None) -> tuple[str, str]:
    """What the issues editor says after the price mark moved, and in which tone.

    Parameters
    ----------
    before, after
        The issue that set the price per unit before and after the click (None: none).

    Returns
    -------
    tuple of str
        The sentence (plain text) and its tone: ``"warn"`` when the mark left another issue,
        since at most one issue can be the price, else ``"neutral"``.

    Examples
    --------
    >>> price_mark_note("rate", "price")[0]
    'Only one issue can be the price per unit: “price” is now the price, so “rate” no longer is.'
    >>> price_mark_note("price", None)[0][:44]
    'No issue is the price per unit now: every pa'
    """
    if after is None:
        return (
            "No issue is the price per unit now: every package is priced at the case's own "
            "pocket price, from its price waterfall.",
            "neutral",
        )
    if before is not None and before != after:
        return (
            f"Only one issue can be the price per unit: “{after}” is now the price, so "
            f"“{before}” no longer is.",
            "warn",
        )
    return (
        f"“{after}” is the price per unit: each package is priced at its value of "
        f"“{after}”, through the open book.",
        "neutral",
    )


EXPLAIN = {
    "trust equation": (
        "Trust = (credibility + reliability + intimacy) / self-orientation. Credibility is "
        "whether our words can be believed, reliability whether our actions match them, "
        "intimacy whether the customer feels safe sharing with us; self-orientation, how much "
        "we seem to be in it for ourselves, divides all the rest. Rate each from 1 to 10, once "
        "as we see ourselves and once as we believe the customer sees us: the gap between the "
        "two views is often the lesson."
    ),
    "CPT against trust-based negotiating": (
        "Competitive, power-based, transactional (CPT) negotiating treats the buyer as an "
        "opponent, information as ammunition and the signature as the end of the story. The "
        "trust-based way puts the relationship ahead of any single deal, shares information "
        "openly, and judges a deal by what it does to both sides over many repetitions. The "
        "twelve statements place the team on three dimensions (relationship first, full "
        "transparency, the long term), from 0 for fully CPT to 100 for fully trust-based."
    ),
    "readiness for win-win": (
        "Win-win needs trust in both directions, and trust is earned by what you do over time. "
        f"Here, ready means the customer's view of us scores at least {READY_TRUST:.0f} and our "
        f"style at least {READY_STYLE:.0f}/100. Otherwise the honest answer is 'not yet', and "
        "the first job is to build trust, not to design packages."
    ),
    "a definition of winning": (
        "Each party weights the issues, scores every option (or points along a numeric range) "
        "from 0 to 100, and sums them into a utility from 0 to 100. Must-haves are hard limits. "
        "An agreement is feasible when both parties' must-haves hold and both reach their "
        "walk-away utility, and win-win when both also reach their win threshold."
    ),
    "moving the goalposts": (
        "Saying early what winning means to you lets the other side look for agreements that "
        "serve you too; sealing fixes that statement with a fingerprint and a date. Changing it "
        "afterwards is sometimes honest, because circumstances do change, but it is also the "
        "classic way to gain leverage, and the other side cannot tell the two apart unless the "
        "change is visible, dated and explained. A silent change teaches them that your word "
        "moves when it suits you, and win-win ends there. So every change to a sealed "
        "definition is an amendment: a new version, a reason, and exactly what moved."
    ),
    "the Pareto frontier": (
        "An agreement is Pareto efficient when no other agreement is better for one party "
        "without being worse for the other; together they form the frontier. Three fair points "
        "on it: Nash maximizes the product of both parties' gains over walking away, "
        "Kalai–Smorodinsky gives each party the same share of the most it could gain, and "
        "egalitarian makes the smaller of the two gains as large as possible."
    ),
    "packages priced through the open book": (
        "When one numeric issue is the price per unit, each package is priced like the case "
        "itself: its pocket price, what its options cost the seller and are worth to the "
        "customer each period, the split of the gain over both sides' BATNAs, the chance of "
        "each renewal that split earns, and both sides' NPVs over the relationship. A package "
        "far from a fair split loses renewals: it can win this deal and still be worth less "
        "to the seller over time. When another feasible agreement is at least as good for both "
        "sides and better for one, the table names the best balanced of them."
    ),
    "'assume agreement, then justify it'": (
        "Instead of haggling towards a deal, suppose the agreement is already signed and write, "
        "for each party in turn, why it is good for them by their own definition of winning. If "
        "either justification cannot be written honestly, the agreement is not fair yet: change "
        "it before you propose it."
    ),
}
"""The collapsible explainers of the page, by the term they explain."""

NEXT_STEPS = {
    "trust": (
        "Rate the four trust factors twice, as you see yourselves and as the customer sees "
        "you, then answer the twelve statements honestly."
    ),
    "ready": (
        "If the answer is not yet, work on the weakest trust factor before you design any package."
    ),
    "issues": (
        "List what the agreement has to settle, give each issue a range or its options, and "
        "tick the one that is the price per unit."
    ),
    "definitions": (
        "For each side, weight the issues, score them from 0 to 100, set the win threshold and "
        "the walk-away utility, then seal the definition when you share it."
    ),
    "packages": "Add the agreements you could propose, with one value for every issue.",
    "results": (
        "Propose a package that is win-win and on the frontier, or take up the better one the "
        "table names."
    ),
    "justification": (
        "Read both memos: if either side's case cannot be made honestly, change the package "
        "before you propose it."
    ),
}
"""The "what to do next" line of each section of the page, plain text."""

NOTES: dict[str, str] = {
    "trust": "The trust check is not filled in yet.",
    "trust.seller_view": "Rate how the seller sees itself on the four trust factors.",
    "trust.customer_view": "Rate how the customer sees the seller on the four trust factors.",
    "trust.style_answers": "Answer the twelve style statements.",
    "win_win": "Nothing on the win-win definition yet: start with the issues.",
    "win_win.issues": "List the issues the agreement has to settle.",
    "win_win.seller": "The seller has not said yet what winning looks like.",
    "win_win.customer": "The customer has not said yet what winning looks like.",
    "win_win.packages": "Add at least one candidate agreement (package) to score.",
}
"""What a missing part of the trust check or the win-win section asks the trainee to do."""


def value_text(value: IssueValue) -> str:
    """An issue's value as the tables show it (a number without trailing zeros, or the option).

    Examples
    --------
    >>> value_text(185.0), value_text(12500), value_text(-2.5), value_text("real-time feed")
    ('185', '12,500', '−2.5', 'real-time feed')
    """
    if not isinstance(value, int | float):
        return str(value)
    text = f"{value:,.12g}"
    return MINUS + text[1:] if text.startswith("-") else text


def when(at: datetime) -> str:
    """When a definition was sealed, in UTC (``04 May 2026, 09:30 UTC``).

    Examples
    --------
    >>> when(datetime(2026, 5, 4, 9, 30, tzinfo=UTC))
    '04 May 2026, 09:30 UTC'
    """
    return at.astimezone(UTC).strftime("%d %b %Y, %H:%M UTC")
