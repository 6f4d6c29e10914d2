"""Debrief charts of the facilitator dashboard, drawn from the debrief table.

Every function takes the frame of :func:`negotiation_lib.debrief.debrief_frame` (one row per
participant) and returns a figure; none computes anything beyond counting and grouping.
Participants' names and cases' currencies are typed by trainees and go through
:func:`~negotiation_lib.formatting.escape` before they reach hover text.
:func:`drawn_from` says how many participants each chart is drawn from (the dashboard writes
"from 7 of 9 participants" under it), and counts of participants are on axes in whole numbers.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from negotiation_lib.datasets import case_title
from negotiation_lib.figures.style import (
    BAD,
    CUSTOMER,
    GOOD,
    MONEY_FORMAT,
    MUTED,
    NEUTRAL,
    SELLER,
    WARN,
    apply_base_layout,
    new_figure,
)
from negotiation_lib.formatting import escape

__all__ = [
    "CHARTS",
    "drawn_from",
    "fair_prices",
    "outcome_counts",
    "squeeze_break_even",
    "trust_and_style",
    "trust_vs_cpt",
    "value_splits",
]


CHARTS = (
    "value_splits",
    "fair_prices",
    "trust_vs_cpt",
    "squeeze_break_even",
    "trust_and_style",
    "outcome_counts",
)
"""The debrief charts, in the order the dashboard shows them (each a function here)."""

_TRUST_AND_STYLE = (
    "trust_seller_view",
    "trust_customer_view",
    "style_relationship",
    "style_transparency",
    "style_long_term",
    "style_overall",
)


def drawn_from(frame: pd.DataFrame) -> dict[str, int]:
    """How many participants (rows) each chart of :data:`CHARTS` is drawn from.

    A participant counts for a chart when their row has what the chart plots: a seller's share
    for the split of the gain, both prices for the fair prices, both NPVs for trust against
    CPT, both retentions for the squeeze, any trust or style score for the box plots; the
    outcome counts are out of everyone.

    Examples
    --------
    >>> frame = pd.DataFrame({"seller_share": [0.5, float("nan")]})
    >>> drawn_from(frame.reindex(columns=[*frame.columns, *_TRUST_AND_STYLE]))["value_splits"]
    1
    """

    def rows(*needed: str) -> int:
        present = [c for c in needed if c in frame]
        if len(present) < len(needed):
            return 0
        return int(frame[present].notna().all(axis=1).sum())

    style = [c for c in _TRUST_AND_STYLE if c in frame]
    return {
        "value_splits": rows("seller_share"),
        "fair_prices": rows("fair_price_per_unit", "pocket_price_per_unit"),
        "trust_vs_cpt": rows("trust_seller_npv", "cpt_seller_npv"),
        "squeeze_break_even": rows("retention_one_sided", "break_even_retention_one_sided"),
        "trust_and_style": int(frame[style].notna().any(axis=1).sum()) if style else 0,
        "outcome_counts": len(frame),
    }


def _whole_counts(peak: int) -> dict[str, object]:
    """Axis settings that tick whole participants only, about eight ticks at most."""
    return {
        "tick0": 0,
        "dtick": max(1, math.ceil(peak / 8)),
        "tickformat": "d",
        "rangemode": "tozero",
    }


def _empty(fig: go.Figure, text: str) -> go.Figure:
    fig.add_annotation(
        x=0.5, y=0.5, xref="paper", yref="paper", text=text, showarrow=False,
        font={"color": NEUTRAL, "size": 13},
    )  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _names(frame: pd.DataFrame) -> list[str]:
    return [escape(str(n)) for n in frame["participant"]]


def value_splits(frame: pd.DataFrame) -> go.Figure:
    """Histogram of the seller's share of the gain over both BATNAs, one count per participant.

    The share is the seller's gain over its BATNA divided by both sides' gains over their
    BATNAs (DESIGN §3): 0 % gives the whole gain to the customer, 100 % all of it to the
    seller, and a price outside the zone of possible agreement gives a share below 0 % or above
    100 %, so the bins stretch to every share there is. The even split is marked.
    """
    fig = new_figure(
        "How participants split the gain",
        subtitle="Seller's share of the gain over both BATNAs (%), one count per participant",
        height=360,
    )
    shares = frame["seller_share"].dropna() * 100
    if shares.empty:
        return _empty(fig, "No participant has priced a deal yet.")
    low = min(0.0, 5 * math.floor(float(shares.min()) / 5))
    high = max(100.0, 5 * math.ceil(float(shares.max()) / 5))
    fig.add_trace(
        go.Histogram(
            x=shares, xbins={"start": low, "end": high, "size": 5}, marker_color=SELLER,
            name="participants",
            hovertemplate="%{x}% share: %{y} participant(s)<extra></extra>",
        )
    )  # fmt: skip
    fig.add_vline(x=50, line_dash="dot", line_color=GOOD, annotation_text="even split")
    fig.update_xaxes(title="seller's share of the gain over both BATNAs (%)", range=[low, high])
    # The tallest bar, counted with the histogram's own 5-point bins, sets whole-number ticks.
    peak = int(np.histogram(shares, bins=np.arange(low, high + 5, 5))[0].max())
    fig.update_yaxes(title="participants (count)", **_whole_counts(peak))
    fig.update_layout(showlegend=False, bargap=0.05)
    return fig


def fair_prices(frame: pd.DataFrame) -> go.Figure:
    """Per case: each participant's fair price against the pocket price they ended with.

    Points on the diagonal priced the deal at what they called fair; above it, the seller
    keeps more than the fair share.
    """
    fig = new_figure(
        "Fair price and pocket price",
        subtitle="One point per participant; on the dotted line the price is the fair one",
        height=380,
    )
    data = frame.dropna(subset=["fair_price_per_unit", "pocket_price_per_unit"])
    if data.empty:
        return _empty(fig, "No participant has a fair price yet.")
    palette = [SELLER, CUSTOMER, GOOD, WARN, BAD, MUTED]
    for i, (case, group) in enumerate(data.groupby("case", sort=True)):
        currency = escape(str(group["currency"].iloc[0]))
        fig.add_trace(
            go.Scatter(
                x=group["fair_price_per_unit"], y=group["pocket_price_per_unit"],
                mode="markers", name=escape(case_title(str(case))), text=_names(group),
                marker={"color": palette[i % len(palette)], "size": 9, "opacity": 0.8},
                hovertemplate=f"%{{text}}<br>fair %{{x:{MONEY_FORMAT}}} {currency}<br>"
                f"pocket %{{y:{MONEY_FORMAT}}} {currency}<extra></extra>",
            )
        )  # fmt: skip
    low = float(min(data["fair_price_per_unit"].min(), data["pocket_price_per_unit"].min()))
    high = float(max(data["fair_price_per_unit"].max(), data["pocket_price_per_unit"].max()))
    fig.add_trace(
        go.Scatter(
            x=[low, high], y=[low, high], mode="lines", name="price = fair price",
            line={"color": GOOD, "dash": "dot"}, hoverinfo="skip",
        )
    )  # fmt: skip
    fig.update_xaxes(title="fair price (the case's currency per unit)")
    fig.update_yaxes(title="pocket price (the case's currency per unit)")
    return fig


def trust_vs_cpt(frame: pd.DataFrame) -> go.Figure:
    """Each party's NPV under a trust-based deal against a one-sided (CPT) one.

    Above the diagonal the trust-based deal is worth more over the repetitions.
    """
    fig = new_figure(
        "Trust-based deal against a one-sided (CPT) deal",
        subtitle="NPV over the repetitions, one point per participant and party; "
        "above the dotted line trust pays",
        height=420,
    )
    data = frame.dropna(subset=["trust_seller_npv", "cpt_seller_npv"])
    if data.empty:
        return _empty(fig, "No participant has projected the relationship yet.")
    for party, colour in (("seller", SELLER), ("customer", CUSTOMER)):
        fig.add_trace(
            go.Scatter(
                x=data[f"cpt_{party}_npv"], y=data[f"trust_{party}_npv"], mode="markers",
                name=party, text=_names(data),
                marker={"color": colour, "size": 9, "opacity": 0.8},
                hovertemplate=f"%{{text}} ({party})<br>one-sided %{{x:,.0f}}<br>"
                "trust-based %{y:,.0f}<extra></extra>",
            )
        )  # fmt: skip
    values = pd.concat(
        [data[c] for c in ("cpt_seller_npv", "trust_seller_npv", "cpt_customer_npv",
                           "trust_customer_npv")]
    )  # fmt: skip
    low, high = float(values.min()), float(values.max())
    fig.add_trace(
        go.Scatter(
            x=[low, high], y=[low, high], mode="lines", name="equal value",
            line={"color": MUTED, "dash": "dot"}, hoverinfo="skip",
        )
    )  # fmt: skip
    fig.update_xaxes(title="NPV of the one-sided deal (the case's currency)")
    fig.update_yaxes(title="NPV of the trust-based deal (the case's currency)")
    return fig


def squeeze_break_even(frame: pd.DataFrame) -> go.Figure:
    """Each participant's assumed loyalty after a one-sided deal against the break-even one.

    A one-sided deal pays the seller more than the fair price only if the customer stays at
    least the break-even retention of the time (DESIGN §3, ``break_even_loyalty``). Points on
    or right of the dotted line assume a customer loyal enough for squeezing to pay; points
    left of it make the fair price the seller's best price too. Participants without a
    break-even retention (no zone of possible agreement) are left out.
    """
    fig = new_figure(
        "Does squeezing pay under each participant's assumptions?",
        subtitle="Retention after a one-sided deal (%): assumed against break-even; "
        "right of the dotted line squeezing pays",
        height=400,
    )
    data = frame.dropna(subset=["retention_one_sided", "break_even_retention_one_sided"])
    if data.empty:
        return _empty(fig, "No participant has a break-even retention yet.")
    assumed = data["retention_one_sided"] * 100
    threshold = data["break_even_retention_one_sided"] * 100
    pays = assumed >= threshold
    for mask, label, colour in (
        (~pays, "fair price pays most", GOOD),
        (pays, "squeezing pays", BAD),
    ):
        if mask.any():
            fig.add_trace(
                go.Scatter(
                    x=assumed[mask], y=threshold[mask], mode="markers", name=label,
                    text=_names(data[mask]), marker={"color": colour, "size": 9, "opacity": 0.8},
                    hovertemplate="%{text}<br>assumed %{x:.1f}%<br>break-even %{y:.1f}%"
                    "<extra></extra>",
                )
            )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=[0, 100], y=[0, 100], mode="lines", name="assumed = break-even",
            line={"color": MUTED, "dash": "dot"}, hoverinfo="skip",
        )
    )  # fmt: skip
    fig.update_xaxes(title="assumed retention after a one-sided deal (%)", range=[0, 100])
    fig.update_yaxes(title="break-even retention after a one-sided deal (%)", range=[0, 100])
    return fig


def trust_and_style(frame: pd.DataFrame) -> go.Figure:
    """Box plots of the trust scores (1–10) and of the negotiation style profile (0–100)."""
    fig = make_subplots(
        rows=1, cols=2, column_widths=[0.4, 0.6], horizontal_spacing=0.1,
        subplot_titles=("Trust scores, (C + R + I) / S", "Style profile (0–100, higher is "
                        "more relationship-minded)"),
    )  # fmt: skip
    apply_base_layout(
        fig,
        "Trust and negotiation style across participants",
        subtitle="Each box spans the middle half of the participants; the line is the median",
        height=400,
    )
    trust = {
        "seller's view": frame["trust_seller_view"].dropna(),
        "customer's view": frame["trust_customer_view"].dropna(),
    }
    style = {
        "relationship": frame["style_relationship"].dropna(),
        "transparency": frame["style_transparency"].dropna(),
        "long term": frame["style_long_term"].dropna(),
        "overall": frame["style_overall"].dropna(),
    }
    if all(s.empty for s in (*trust.values(), *style.values())):
        return _empty(fig, "No participant has filled in the trust check yet.")
    for label, values in trust.items():
        fig.add_trace(
            go.Box(y=values, name=label, marker_color=SELLER if "seller" in label else CUSTOMER,
                   boxpoints="all", jitter=0.4, pointpos=0),
            row=1, col=1,
        )  # fmt: skip
    for label, values in style.items():
        fig.add_trace(
            go.Box(y=values, name=label, marker_color=GOOD, boxpoints="all", jitter=0.4,
                   pointpos=0),
            row=1, col=2,
        )  # fmt: skip
    # (C + R + I) / S runs from 0.3 to 30: start at zero, let the top follow the scores.
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    fig.update_yaxes(range=[0, 105], row=1, col=2)
    fig.update_layout(showlegend=False)
    return fig


def outcome_counts(frame: pd.DataFrame) -> go.Figure:
    """How many participants found a win-win package, and how many moved their goalposts."""
    fig = new_figure(
        "Win-win found, goalposts moved",
        subtitle="Participants, out of everyone who joined",
        height=320,
    )
    total = len(frame)
    if total == 0:
        return _empty(fig, "Nobody has joined yet.")
    counts = {
        "found a win-win package": int(frame["found_win_win"].sum()),
        "seller amended its sealed definition": int(frame["goalposts_moved_seller"].sum()),
        "customer amended its sealed definition": int(frame["goalposts_moved_customer"].sum()),
    }
    colours = [GOOD, WARN, WARN]
    fig.add_trace(
        go.Bar(
            y=list(counts), x=list(counts.values()), orientation="h", marker_color=colours,
            text=[f"{n} of {total}" for n in counts.values()], textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_xaxes(
        title="participants (count)", range=[0, max(1, total) * 1.05], **_whole_counts(total)
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(showlegend=False)
    return fig
