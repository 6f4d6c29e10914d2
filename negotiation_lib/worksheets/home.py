"""The home page: pick a sample case or start a blank one, then open its worksheets."""

from __future__ import annotations

from urllib.parse import urlencode

import ipywidgets as widgets

from negotiation_lib.datasets import load_sample_case, sample_case_names
from negotiation_lib.domain.case import Case
from negotiation_lib.report import build_report
from negotiation_lib.worksheets.page import WORKSHEETS, esc, money, percent, style

__all__ = ["HomePage", "case_summary"]

INTRO = (
    "Prepare a strategic customer negotiation in three worksheets. Start from what the deal "
    "means for your strategy and what your offer is worth to the customer; open your whole "
    "economic model and see how the value splits, and what the relationship is worth if the "
    "deal is repeated many times; then agree with the customer, in writing, what winning means "
    "for each side, and find the agreements that are good for both."
)


def case_summary(case: Case) -> dict[str, str]:
    """Headline figures of a case as display strings (the home page's case cards)."""
    r = build_report(case, paths=500)
    econ = r.get("economics", {})
    proj = r.get("projection", {})
    ww = r.get("win_win", {})
    cur = case.currency
    return {
        "EVE per unit": money(r.get("value", {}).get("eve_per_unit"), cur),
        "Pocket price": money(econ.get("pocket_price_per_unit"), cur),
        "Fair price": money(econ.get("fair_price_per_unit"), cur),
        "Seller's share of the value": percent(econ.get("seller_share")),
        "Seller NPV": money(proj.get("seller_npv"), cur),
        "Win-win packages": str(sum(p["win_win"] for p in ww.get("packages", []))),
    }


def _links(case_ref: str) -> str:
    query = urlencode({"case": case_ref})
    return " · ".join(
        f"<a href='{esc(name)}.ipynb?{esc(query)}'>{esc(label)}</a>"
        for name, label in WORKSHEETS
        if name != "home"
    )


class HomePage:
    """The landing page listing the sample cases and a blank case."""

    def __init__(self) -> None:
        cards = [self._card(name, load_sample_case(name)) for name in sample_case_names()]
        blank = (
            "<div class='nw-card'><div class='nw-card-title'>Start a blank case</div>"
            "<div class='nw-concept'>Your own negotiation, from an empty worksheet.</div>"
            f"<div>{_links('blank')}</div></div>"
        )
        self.widget = widgets.VBox(
            [
                style(),
                widgets.HTML(
                    "<div class='nw-header'><div><h1>Negotiation Workbook</h1>"
                    "<div class='nw-sub'>Trust-based, strategic customer negotiation</div>"
                    "</div></div>"
                    f"<p class='nw-intro'>{esc(INTRO)}</p>"
                ),
                widgets.HTML(blank),
                widgets.HTML("<h2 class='nw-h2'>Sample cases</h2>"),
                *cards,
            ]
        )
        self.widget.add_class("nw-page")

    @staticmethod
    def _card(name: str, case: Case) -> widgets.HTML:
        figures = "".join(
            f"<div class='nw-tile'><div class='nw-tile-label'>{esc(label)}</div>"
            f"<div class='nw-tile-value'>{value}</div></div>"
            for label, value in case_summary(case).items()
        )
        return widgets.HTML(
            f"<div class='nw-card' data-case='{esc(name)}'>"
            f"<div class='nw-card-title'>{esc(case.title)}</div>"
            f"<div class='nw-concept'>{esc(case.seller)} selling to {esc(case.customer)}, "
            f"per {esc(case.unit)} and {esc(case.period)}</div>"
            f"<div class='nw-tiles'>{figures}</div><div>{_links(name)}</div></div>"
        )
