"""The value proposition's sections: what the offer is worth, and the strategy behind it.

``value`` (both audiences) shows the economic value estimation with its drivers and the
framing statement; ``moves`` (internal only) shows the strategic fit, the team's answers and
the candidate moves against competitors and the customer. Both chart the assessment's results
(``a.value``, ``a.strategy``).
"""

from __future__ import annotations

from negotiation_lib.exports.brief.layout import (
    Brief,
    NotReadyError,
    bullet_list,
    explain,
    table,
    tiles,
)
from negotiation_lib.figures.value_proposition import (
    eve_waterfall,
    moves_map,
    strategic_fit_chart,
)
from negotiation_lib.formatting import UNKNOWN, escape, number, percent

__all__ = ["moves_section", "value_section"]


def value_section(b: Brief) -> str:
    """What the offer is worth to the customer: the EVE, its drivers and its chart."""
    v = b.case.value
    result = b.assessment.value
    if v is None or result is None:
        raise NotReadyError(
            "The value worksheet is not filled in yet: name the customer's next-best "
            "alternative and the value drivers to estimate what the offer is worth."
        )
    per = f"per {b.unit}"
    out = [
        explain(
            "The <b>economic value estimation (EVE)</b> starts from the price of the customer's",
            "next-best alternative, adds what each advantage of the offer is worth in money",
            "and takes off what each shortcoming costs. It is the most a well-informed customer",
            "would pay if every claim held. Since some figures are surer than others, the",
            "<b>confidence-weighted EVE</b> counts each driver in proportion to how sure we are",
            "of it: it is the value the evidence supports, and every price in this brief is",
            "based on it. The full EVE is the upside if every claim holds. The strength score",
            "(0 to 100) says how well evidence backs the estimate.",
        ),
        tiles(
            [
                b.tile(
                    "value.reference_per_unit",
                    f"Next-best alternative, per {b.case.unit}",
                    b.money,
                    hint=v.reference.name,
                ),
                b.tile(
                    "value.eve_expected_per_unit",
                    f"Confidence-weighted EVE, per {b.case.unit}",
                    b.money,
                    tone="main",
                    hint="the value the evidence supports: prices are based on it",
                ),
                b.tile(
                    "value.eve_per_unit",
                    f"Full EVE, per {b.case.unit}",
                    b.money,
                    hint="the upside if every claim holds",
                ),
                b.tile(
                    "value.strength_score",
                    "Strength of the evidence",
                    lambda x: f"{number(x, 0)}/100",
                ),
            ]
        ),
    ]
    if v.framing.strip():
        out.append(
            f"<h3>In one sentence</h3><blockquote class='framing'>{escape(v.framing)}</blockquote>"
        )
    if v.drivers:
        rows = [
            f"<tr><td>{escape(d.name)}</td><td>{escape(d.category.replace('_', ' '))}</td>"
            f"<td class='num'>{b.signed(d.value_per_unit, 2)} {per}</td>"
            f"<td class='num'>{percent(d.confidence)}</td>"
            f"<td>{escape(d.evidence) or UNKNOWN}</td></tr>"
            for d in v.drivers
        ]
        out.append(
            table(["Value driver", "Kind", "Worth", "Confidence", "Evidence"], rows, cls="wide")
        )
    else:
        out.append("<p class='note'>No value driver is listed yet: the EVE is the reference.</p>")
    fig = eve_waterfall(v, result, currency=b.case.currency, unit=b.case.unit)
    out.append(b.chart(fig, "value.eve_waterfall"))
    return "".join(out)


def moves_section(b: Brief) -> str:
    """Strategy and moves (internal only): fit, the team's answers, where to compete."""
    s = b.case.strategy
    result = b.assessment.strategy
    if s is None or result is None:
        raise NotReadyError(
            "The strategy part of the value worksheet is not filled in yet: list the strategic "
            "priorities and the candidate moves."
        )
    out = [
        "<p class='internal-banner'>Internal: for the seller's team only. "
        "Leave this section out of anything shown to the customer.</p>",
        explain(
            "Strategic fit is the share of the seller's priority weight that this deal serves.",
            "Each candidate move is worth its expected value: the chance the customer cooperates",
            "times what that brings, less the chance a competitor retaliates times what that",
            "costs. Moves above zero are worth making; the others are best avoided.",
        ),
    ]
    if b.report["strategy"]["fit"] is not None:
        out.append(tiles([b.tile("strategy.fit", "Strategic fit", percent, tone="main")]))
    team = []
    for label, entries in (
        ("What we do well", s.strengths),
        ("What to improve first", s.improvements),
    ):
        if entries:
            team.append(f"<div><h4>{escape(label)}</h4>{bullet_list(entries)}</div>")
    if s.contributions:
        contributions = [f"{c.who}: {c.action}" if c.action else c.who for c in s.contributions]
        team.append(f"<div><h4>Who contributes what</h4>{bullet_list(contributions)}</div>")
    if team:
        out.append(f"<div class='columns'>{''.join(team)}</div>")
    if s.priorities:
        out.append(b.chart(strategic_fit_chart(s, result.fit), "strategy.fit"))
    if result.moves:
        rows = []
        for k, m in enumerate(result.moves):
            move = next(mv for mv in s.moves if mv.name == m.name)
            rows.append(
                f"<tr><td>{escape(m.name)}</td>"
                f"<td class='num'>{percent(move.cooperation_probability)} × "
                f"{b.money(move.cooperation_benefit)}</td>"
                f"<td class='num'>{percent(move.retaliation_probability)} × "
                f"{b.money(move.retaliation_damage)}</td>"
                + b.cell(f"strategy.moves[{k}].expected_value", lambda x: b.signed(x))
                + f"<td class='decision {escape(m.decision)}'>{escape(m.decision)}</td></tr>"
            )
        out.append(
            table(
                [
                    "Move",
                    "Customer cooperates",
                    "Competitor retaliates",
                    "Expected value",
                    "Decision",
                ],
                rows,
                cls="wide",
            )
        )
        out.append(b.chart(moves_map(s, result, currency=b.case.currency), "strategy.moves"))
    else:
        out.append("<p class='note'>No candidate move is listed yet.</p>")
    return "".join(out)
