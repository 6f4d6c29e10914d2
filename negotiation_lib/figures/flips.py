"""Where the answer flips, drawn: a two-input heat map of the seller's NPV and the flip points.

:func:`flip_map_figure` draws a :class:`~negotiation_lib.domain.flips.FlipMap` (from
:func:`negotiation_lib.domain.flips.flip_map`) as a heat map of the seller's NPV, with the
fair/CPT boundary (where the fair deal stops paying the seller more than the tough one) drawn
over it. :func:`flip_rows` and :func:`flips_chart` show a
:class:`~negotiation_lib.domain.flips.Flips` (from :func:`negotiation_lib.domain.flips.find_flips`)
as table rows in plain words and as a chart of each flip against the case's value. They compute
nothing. Party and driver names are typed by trainees and are escaped before plotly reads them.

Entry point for a notebook or a later page panel::

    from negotiation_lib.domain.flips import CPT_PRICE, find_flips, flip_map
    flips_chart(find_flips(case, "relationship.retention_one_sided"), case)
    flip_map_figure(flip_map(case, CPT_PRICE, "relationship.retention_one_sided"), case)
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import plotly.graph_objects as go

from negotiation_lib.domain.case import Case
from negotiation_lib.domain.flips import CPT_PRICE, RECOMMENDATIONS, Flip, FlipMap, Flips
from negotiation_lib.figures.style import BAD, GOOD, INK, MONEY_FORMAT, NEUTRAL, new_figure
from negotiation_lib.formatting import escape, number
from negotiation_lib.vocabulary import input_caption

__all__ = ["answer_text", "flip_map_figure", "flip_rows", "flips_chart", "input_title"]

_WORDS: Final[dict[str, tuple[str, str, str]]] = {
    # recommendation: (when True, when False, when there is no answer)
    "trust_beats_cpt": (
        "The fair deal pays {seller} more over the relationship than the tough one",
        "The tough deal pays {seller} at least as much as the fair one",
        "No answer",
    ),
    "fair_is_seller_optimal": (
        "The fair price is {seller}'s best price",
        "A price above the fair one pays {seller} more",
        "No zone of agreement, so no best price",
    ),
    "zopa_exists": (
        "A zone of agreement exists",
        "The zone of agreement is closed",
        "No answer",
    ),
    "seller_beats_batr": (
        "{seller}'s NPV is at least its best alternative relationship",
        "{seller}'s NPV falls short of its best alternative relationship",
        "No answer",
    ),
    "customer_beats_batr": (
        "{customer}'s NPV is at least its best alternative relationship",
        "{customer}'s NPV falls short of its best alternative relationship",
        "No answer",
    ),
    "seller_beats_batna": (
        "{seller}'s NPV is at least its one-off alternative taken every period",
        "{seller}'s NPV falls short of its one-off alternative taken every period",
        "No answer",
    ),
    "customer_beats_batna": (
        "{customer}'s NPV is at least its one-off alternative taken every period",
        "{customer}'s NPV falls short of its one-off alternative taken every period",
        "No answer",
    ),
}

_TOPICS: Final[dict[str, str]] = {
    "trust_beats_cpt": "Fair deal against tough deal",
    "fair_is_seller_optimal": "Is the fair price the seller's best?",
    "zopa_exists": "Zone of agreement",
    "seller_beats_batr": "Seller against its best alternative relationship",
    "customer_beats_batr": "Customer against its best alternative relationship",
    "seller_beats_batna": "Seller against its one-off alternative",
    "customer_beats_batna": "Customer against its one-off alternative",
}


def answer_text(recommendation: str, answer: bool | None, case: Case) -> str:
    """A recommendation's answer in plain words, HTML-escaped.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> answer_text("zopa_exists", False, load_pumpco_acme_foods())
    'The zone of agreement is closed'
    """
    yes, no, none = _WORDS[recommendation]
    text = yes if answer is True else no if answer is False else none
    return text.format(seller=escape(case.seller), customer=escape(case.customer))


def input_title(path: str, case: Case) -> str:
    """An input's name and unit in the case's terms, HTML-escaped (an axis title).

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> input_title("economics.volume_per_period", load_pumpco_acme_foods())
    'Volume (pump per year)'
    """
    leaf = re.sub(r"\[\d+\]", "", path.rsplit(".", 1)[-1])
    caption = input_caption(leaf, case.currency, case.unit, case.period)
    found = re.search(r"drivers\[(\d+)\]", path)
    drivers = case.value.drivers if case.value is not None else ()
    if found and int(found.group(1)) < len(drivers):
        caption = f"{drivers[int(found.group(1))].name}: {caption[0].lower()}{caption[1:]}"
    found = re.search(r"discounts\[(\d+)\]", path)
    discounts = case.economics.discounts if case.economics is not None else ()
    if found and int(found.group(1)) < len(discounts):
        caption = (
            f"{discounts[int(found.group(1))].name} discount: {caption[0].lower()}{caption[1:]}"
        )
    return escape(caption)


def _value(x: float | None, flips: Flips) -> str:
    # Shares and rates (0–1) need four decimals to show where they flip; money needs two.
    return number(x, 4 if flips.high <= 1.0 else 2, trim=True)


def flip_rows(flips: Flips, case: Case) -> list[dict[str, str]]:
    """One row per recommendation and direction, in words, for a table.

    Parameters
    ----------
    flips
        From :func:`negotiation_lib.domain.flips.find_flips`.
    case
        The same case (its parties, currency and unit).

    Returns
    -------
    list of dict
        Keys ``question``, ``direction``, ``flips_at``, ``before``, ``after``, ``precision``:
        text, HTML-escaped.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_pumpco_acme_foods
    >>> from negotiation_lib.domain.flips import find_flips
    >>> case = load_pumpco_acme_foods()
    >>> rows = flip_rows(find_flips(case, "relationship.repetitions",
    ...                             recommendations=["zopa_exists"]), case)
    >>> rows[0]["flips_at"]
    'does not change between 1 and 100'
    """
    rows = []
    for flip in flips.flips:
        lo, hi = _value(flip.low, flips), _value(flip.high, flips)
        near = flip.above if flip.direction == "down" else flip.below
        far = flip.below if flip.direction == "down" else flip.above
        rows.append(
            {
                "question": _TOPICS[flip.recommendation],
                "direction": "lower" if flip.direction == "down" else "higher",
                "flips_at": (
                    _value(flip.value, flips)
                    if flip.value is not None
                    else f"does not change between {lo} and {hi}"
                ),
                "before": answer_text(flip.recommendation, near, case),
                "after": answer_text(flip.recommendation, far, case) if flip.flips else "",
                "precision": f"within {number(flip.tolerance, 12, trim=True)}"
                if flip.flips
                else "",
            }
        )
    return rows


def flips_chart(flips: Flips, case: Case) -> go.Figure:
    """Each recommendation's flips as points on the input's axis, beside the case's value.

    Parameters
    ----------
    flips
        From :func:`negotiation_lib.domain.flips.find_flips`.
    case
        The same case.
    """
    title = input_title(flips.path, case)
    fig = new_figure(
        "Where each answer changes",
        subtitle=f"As {title[0].lower()}{title[1:]} moves from the case's "
        f"{_value(flips.current, flips)}; a line with no point does not change in "
        f"{_value(flips.low, flips)} to {_value(flips.high, flips)}",
        height=420,
    )
    names = [r for r in RECOMMENDATIONS if r in flips.answers]
    labels = [_TOPICS[r] for r in names]
    fig.add_trace(
        go.Scatter(
            # One segment per answer: None breaks the line between them.
            x=[v for _ in names for v in (flips.low, flips.high, None)],
            y=[v for label in labels for v in (label, label, None)],
            mode="lines",
            line={"color": NEUTRAL, "width": 1},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    found: list[Flip] = [f for f in flips.flips if f.value is not None]
    fig.add_trace(
        go.Scatter(
            x=[f.value for f in found],
            y=[_TOPICS[f.recommendation] for f in found],
            mode="markers",
            marker={"size": 12, "color": [GOOD if f.above else BAD for f in found]},
            name="Answer changes",
            hovertext=[
                f"At {_value(f.value, flips)}: "
                f"below, {answer_text(f.recommendation, f.below, case)}; "
                f"above, {answer_text(f.recommendation, f.above, case)}"
                for f in found
            ],
            hoverinfo="text",
        )
    )
    fig.add_vline(
        x=flips.current,
        line={"color": INK, "dash": "dot"},
        annotation={"text": "This case", "font": {"color": INK}},
        annotation_position="top",
    )
    fig.update_layout(
        xaxis={"title": {"text": title}, "range": [flips.low, flips.high]},
        yaxis={"autorange": "reversed"},
        showlegend=False,
    )
    return fig


def flip_map_figure(result: FlipMap, case: Case) -> go.Figure:
    """Draw the seller's NPV over two inputs as a heat map, with the fair/CPT boundary.

    Parameters
    ----------
    result
        From :func:`negotiation_lib.domain.flips.flip_map`.
    case
        The same case (its seller, currency, unit and period).

    Returns
    -------
    plotly.graph_objects.Figure
        The heat map (trace 0, its ``z`` the map's ``seller_npv``) and the boundary's points
        (trace 1, from :meth:`~negotiation_lib.domain.flips.FlipMap.boundary`).
    """
    seller, c = escape(case.seller), case.currency
    priced = result.x_path == CPT_PRICE
    x_title, y_title = input_title(result.x_path, case), input_title(result.y_path, case)
    what = "with a tough deal at each price" if priced else "at the case's price"
    fig = new_figure(
        f"{seller}'s NPV of the relationship, {what}",
        subtitle=f"The dots mark where the fair deal stops paying {seller} more than the tough one",
        height=560,
    )
    # Red for a loss, blue for a gain, white at zero when the map holds both; one sign only:
    # shades of one colour, so that a smaller gain never reads as a loss.
    low, high = float(np.min(result.seller_npv)), float(np.max(result.seller_npv))
    both = low < 0 < high
    scale = "RdBu" if both else ("Blues" if low >= 0 else "Reds_r")
    fig.add_trace(
        go.Heatmap(
            x=result.x,
            y=result.y,
            z=result.seller_npv,
            colorscale=scale,
            zmid=0.0 if both else None,
            colorbar={"title": {"text": f"{seller}'s NPV ({escape(c)})"}, "tickformat": ",.0f"},
            name=f"{seller}'s NPV",
            hovertemplate=(
                f"{x_title}: %{{x}}<br>{y_title}: %{{y}}<br>"
                f"{seller}'s NPV: %{{z:{MONEY_FORMAT}}} {escape(c)}<extra></extra>"
            ),
        )
    )
    xs, ys = result.boundary()
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            marker={"size": 5, "color": INK},
            name="Fair deal stops winning",
            hovertemplate=f"{x_title}: %{{x}}<br>{y_title}: %{{y}}<extra>boundary</extra>",
        )
    )
    if result.x_current is not None and result.y_current is not None:
        fig.add_trace(
            go.Scatter(
                x=[result.x_current],
                y=[result.y_current],
                mode="markers+text",
                marker={
                    "symbol": "star",
                    "size": 14,
                    "color": "#FFD54F",
                    "line": {"color": INK, "width": 1},
                },
                text=["This case"],
                textposition="top center",
                name="This case",
                hovertemplate=f"This case<br>{x_title}: %{{x}}<br>{y_title}: %{{y}}<extra></extra>",
            )
        )
    fig.update_layout(
        xaxis={"title": {"text": x_title}},
        yaxis={"title": {"text": y_title}},
        legend={"orientation": "h", "y": -0.18},
    )
    if not xs.size:
        always = "always" if result.trust_beats_cpt.all() else "never"
        fig.add_annotation(
            text=f"No boundary here: the fair deal {always} pays {seller} more on this map",
            xref="paper",
            yref="paper",
            x=0.5,
            y=1.02,
            showarrow=False,
        )
    return fig
