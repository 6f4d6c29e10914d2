"""The report: every figure of a case in one JSON object, and the same as a readable brief.

This is the workbook's public output contract (the design notes, section 5). Each key is
present whenever its inputs are; what cannot be computed yet is named under ``missing`` instead
of failing, so a trainee's half-done case still gets a useful report.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from negotiation_lib.assessment import (
    DEFAULT_PATHS,
    DEFAULT_SEED,
    CaseAssessment,
    assess_case,
    chosen_package,
)
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.economics import EconomicsResult
from negotiation_lib.domain.montecarlo import MonteCarloResult, PartyDistribution
from negotiation_lib.domain.projection import ProjectionResult
from negotiation_lib.domain.seal import amendments, goalposts_moved
from negotiation_lib.domain.sensitivity import SensitivityResult
from negotiation_lib.domain.strategy import StrategyResult
from negotiation_lib.domain.trust import TrustResult
from negotiation_lib.domain.value import ValueResult
from negotiation_lib.domain.win_win import (
    Improvement,
    JustificationMemo,
    Outcome,
    PackageEconomics,
    WinWinResult,
)
from negotiation_lib.formatting import escape, money, number, percent
from negotiation_lib.vocabulary import issue_label, missing_label

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_PATHS",
    "DEFAULT_SEED",
    "build_report",
    "case_overview",
    "chosen_package",
    "report_json",
    "report_markdown",
]

Json = dict[str, Any]


def _num(x: float | None) -> float | None:
    """Return a JSON-safe number: plain float, None for missing or non-finite."""
    if x is None:
        return None
    value = float(x)
    return value if math.isfinite(value) else None


def _value(r: ValueResult) -> Json:
    return {
        "reference_per_unit": r.reference_per_unit,
        "positive_differentiation_per_unit": r.positive_per_unit,
        "negative_differentiation_per_unit": r.negative_per_unit,
        "eve_per_unit": r.eve_per_unit,
        "eve_expected_per_unit": r.eve_expected_per_unit,
        "strength_score": r.strength_score,
    }


def _strategy(r: StrategyResult) -> Json:
    return {
        "fit": r.fit,
        "moves": [
            {"name": m.name, "expected_value": m.expected_value, "decision": m.decision}
            for m in r.moves
        ],
    }


def _economics(r: EconomicsResult) -> Json:
    return {
        "list_price_per_unit": r.list_price_per_unit,
        "invoice_price_per_unit": r.invoice_price_per_unit,
        "pocket_price_per_unit": r.pocket_price_per_unit,
        "waterfall": [
            {
                "name": s.name,
                "stage": s.stage,
                "amount_per_unit": s.amount_per_unit,
                "price_after_per_unit": s.price_after_per_unit,
            }
            for s in r.waterfall
        ],
        "seller_margin_per_unit": r.seller_margin_per_unit,
        "seller_profit_per_period": r.seller_profit_per_period,
        "customer_net_benefit_per_period": r.customer_net_benefit_per_period,
        "value_created_per_period": r.value_created_per_period,
        "eve_per_unit": r.eve_per_unit,
        "eve_expected_per_unit": r.eve_expected_per_unit,
        "seller_gain_per_period": r.seller_gain_per_period,
        "customer_gain_per_period": r.customer_gain_per_period,
        "joint_gain_per_period": r.joint_gain_per_period,
        "seller_share": _num(r.seller_share),
        "fair_share": r.fair_share,
        "zopa": {
            "floor_per_unit": r.zopa.floor_per_unit,
            "ceiling_per_unit": r.zopa.ceiling_per_unit,
            "exists": r.zopa.exists,
        },
        "fair_price_per_unit": r.fair_price_per_unit,
        "flags": [{"code": f.code, "message": f.message, "path": f.path} for f in r.flags],
    }


def _projection(
    p: ProjectionResult, mc: MonteCarloResult | None, tornado: SensitivityResult | None
) -> Json:

    def scenario(name: str) -> Json:
        s = getattr(p.scenarios, name)
        return {
            "pocket_price_per_unit": s.pocket_price_per_unit,
            "seller_share": _num(s.seller_share),
            "retention": s.retention,
            "seller_npv": s.seller_npv,
            "customer_npv": s.customer_npv,
        }

    def spread(d: PartyDistribution) -> Json:
        return {
            "mean": d.mean,
            "p10": d.p10,
            "p50": d.p50,
            "p90": d.p90,
            "probability_beats_batr": d.probability_beats_batr,
        }

    def party(name: str) -> Json:
        u = getattr(mc, name)  # only called when mc is there
        return {
            "batr_npv": u.batr_npv,
            "value_uncertainty": spread(u.value_uncertainty),
            "length_uncertainty": spread(u.length_uncertainty),
        }

    optimal = p.seller_optimal

    out: Json = {
        "repetitions": p.repetitions,
        "pocket_price_per_unit": p.pocket_price_per_unit,
        "retention": p.retention,
        "seller_npv": p.seller_npv,
        "customer_npv": p.customer_npv,
        "seller_colr": p.seller_colr,
        "customer_colr": p.customer_colr,
        "seller_batna_per_period": p.seller_batna_per_period,
        "customer_batna_per_period": p.customer_batna_per_period,
        "seller_batna_npv": p.seller_batna_npv,
        "customer_batna_npv": p.customer_batna_npv,
        "seller_batr_npv": p.seller_batr_npv,
        "customer_batr_npv": p.customer_batr_npv,
        "seller_colr_net": p.seller_colr_net,
        "customer_colr_net": p.customer_colr_net,
        "scenarios": {"trust": scenario("trust"), "cpt": scenario("cpt")},
        "crossover_repetition": p.crossover_repetition,
        "break_even_loyalty": _num(p.break_even_loyalty),
        "break_even_retention_one_sided": _num(p.break_even_retention_one_sided),
    }
    if optimal is not None:
        out["seller_optimal"] = {
            "price_per_unit": optimal.price_per_unit,
            "seller_share": _num(optimal.seller_share),
            "retention": optimal.retention,
            "seller_npv": optimal.seller_npv,
            "customer_npv": optimal.customer_npv,
        }
    if mc is not None:
        out["monte_carlo"] = {
            "paths": mc.paths,
            "seed": mc.seed,
            "seller": party("seller"),
            "customer": party("customer"),
        }
    if tornado is not None:
        out["sensitivity"] = [
            {
                "input": row.input,
                "label": row.label,
                "path": row.path,
                "base_value": row.base_value,
                "low_value": row.low_value,
                "high_value": row.high_value,
                "seller_npv_low": row.seller_npv_low,
                "seller_npv_high": row.seller_npv_high,
                "customer_npv_low": row.customer_npv_low,
                "customer_npv_high": row.customer_npv_high,
                "seller_colr_net_low": row.seller_colr_net_low,
                "seller_colr_net_high": row.seller_colr_net_high,
                "customer_colr_net_low": row.customer_colr_net_low,
                "customer_colr_net_high": row.customer_colr_net_high,
            }
            for row in tornado.rows
        ]
    return out


def _trust(r: TrustResult) -> Json:
    out: Json = {}
    for name in ("seller_view", "customer_view"):
        view = getattr(r, name)
        if view is not None:
            out[name] = {"score": view.score, "weakest": list(view.weakest)}
    out["style"] = {
        "relationship": r.style.relationship,
        "transparency": r.style.transparency,
        "long_term": r.style.long_term,
        "overall": r.style.overall,
        "answered": r.style.answered,
    }
    out["ready_for_win_win"] = r.readiness.ready
    out["readiness_reasons"] = list(r.readiness.reasons)
    return out


def _outcome(o: Outcome) -> Json:
    return {
        "values": dict(o.values),
        "seller_utility": o.seller_utility,
        "customer_utility": o.customer_utility,
    }


def _memo(m: JustificationMemo) -> Json:
    return {
        "party": m.party,
        "package": m.package_name,
        "verdict": m.verdict,
        "utility": m.utility,
        "win_threshold": m.win_threshold,
        "reservation_utility": m.reservation_utility,
        "criteria_met": [c.sentence for c in m.criteria_met],
        "criteria_missed": [c.sentence for c in m.criteria_missed],
        "npv": _num(m.npv),
        "batna_per_period": _num(m.batna),
        "batna_npv": _num(m.batna_npv),
        "batr": _num(m.batr),
        "colr_net": _num(m.colr_net),
        "ready_for_win_win": m.ready_for_win_win,
        "trust_factor": m.trust_factor,
        "text": m.text,
    }


def _improvement(i: Improvement | None, seller: str, customer: str) -> Json | None:
    if i is None:
        return None
    return {
        **_outcome(i.outcome),
        "seller_gain": i.seller_gain,
        "customer_gain": i.customer_gain,
        "dominating_count": i.dominating_count,
        "sentence": i.sentence(seller, customer),
    }


def _package_economics(e: PackageEconomics) -> Json:
    return {
        "pocket_price_per_unit": e.pocket_price_per_unit,
        "price_issue": e.price_issue,
        "seller_cost_per_period": e.seller_cost_per_period,
        "customer_value_per_period": e.customer_value_per_period,
        "seller_profit_per_period": e.seller_profit_per_period,
        "customer_net_benefit_per_period": e.customer_net_benefit_per_period,
        "joint_gain_per_period": e.joint_gain_per_period,
        "seller_share": _num(e.seller_share),
        "fair_price_per_unit": _num(e.fair_price_per_unit),
        "retention": e.retention,
        "seller_npv": e.seller_npv,
        "customer_npv": e.customer_npv,
        "seller_colr_net": e.seller_colr_net,
        "customer_colr_net": e.customer_colr_net,
    }


def _win_win(a: CaseAssessment, r: WinWinResult) -> Json:
    ww = a.case.win_win
    assert ww is not None
    packages: list[Json] = []
    for p in r.packages:
        row: Json = {
            "name": p.name,
            "seller_utility": p.seller_utility,
            "customer_utility": p.customer_utility,
            "feasible": p.feasible,
            "win_win": p.win_win,
            "pareto_efficient": p.pareto_efficient,
            "improvement": _improvement(p.improvement, a.case.seller, a.case.customer),
        }
        money = a.package_economics(p)
        if money is not None:
            row["economics"] = _package_economics(money)
        packages.append(row)
    out: Json = {
        "scored_with": {"seller_version": r.seller_version, "customer_version": r.customer_version},
        "price_issue": ww.pocket_price_issue,
        "packages": packages,
        "frontier": [_outcome(o) for o in r.frontier],
        "nash": [_outcome(o) for o in r.nash],
        "kalai_smorodinsky": [_outcome(o) for o in r.kalai_smorodinsky],
        "egalitarian": [_outcome(o) for o in r.egalitarian],
        "outcome_count": r.outcome_count,
        "feasible_count": r.feasible_count,
        "win_win_count": r.win_win_count,
        "recommend_walk_away": r.recommend_walk_away,
        "walk_away_reason": r.walk_away_reason,
        "goalposts_moved": {
            party: goalposts_moved(getattr(ww.seals, party)) for party in ("seller", "customer")
        },
        "amendments": {
            party: [
                {
                    "version": a.version,
                    "sealed_at": a.sealed_at.isoformat(),
                    "reason": a.reason,
                    "changes": [c.sentence for c in a.changes],
                }
                for a in amendments(getattr(ww.seals, party), ww.issue_labels)
            ]
            for party in ("seller", "customer")
        },
    }
    out["chosen_package"] = a.chosen.name if a.chosen else None
    memos = a.chosen_memos
    if memos is not None:
        out["memos"] = {"seller": _memo(memos[0]), "customer": _memo(memos[1])}
    return out


def report_json(a: CaseAssessment, *, uncertainty: bool = True) -> dict[str, Any]:
    """Write an assessment as the report: every figure, JSON-ready.

    Parameters
    ----------
    a
        The case's assessment (:func:`negotiation_lib.assessment.assess_case`).
    uncertainty
        False leaves out ``projection.monte_carlo`` and ``projection.sensitivity`` (and their
        problems) without running them: neither is a headline figure, and together they take
        most of a report's time, so a batch of many cases (:mod:`negotiation_lib.batches`)
        reads the rest, the very same figures.

    Returns
    -------
    dict
        Plain numbers, strings and lists (no NaN): ``value``, ``strategy``, ``economics``,
        ``projection``, ``trust``, ``win_win`` whenever their inputs are present, and
        ``missing``: the dotted names of what is not filled in yet, then what the domain
        refused, as ``path: sentence``.
    """
    case = a.case
    missing = list(a.missing)
    report: dict[str, Any] = {
        "title": case.title,
        "seller": case.seller,
        "customer": case.customer,
        "currency": case.currency,
        "unit": case.unit,
        "period": case.period,
    }
    if a.value is not None:
        report["value"] = _value(a.value)
    if a.strategy is not None:
        report["strategy"] = _strategy(a.strategy)
    if a.economics is not None:
        report["economics"] = _economics(a.economics)
    if a.projection is not None:
        report["projection"] = _projection(
            a.projection,
            a.monte_carlo if uncertainty else None,
            a.sensitivity if uncertainty else None,
        )
    if a.trust is not None:
        report["trust"] = _trust(a.trust)
    if a.win_win is not None:
        report["win_win"] = _win_win(a, a.win_win)
    problems = a.problems if uncertainty else a.computed_problems()
    missing += [f"{p.path}: {p.message}" for p in problems]
    report["missing"] = missing
    return report


def build_report(
    case: Case, *, seed: int = DEFAULT_SEED, paths: int = DEFAULT_PATHS
) -> dict[str, Any]:
    """Compute every figure of a case: :func:`report_json` of its assessment.

    Parameters
    ----------
    case
        Any valid case, complete or half filled in.
    seed, paths
        The Monte Carlo's seed and number of paths.

    Returns
    -------
    dict
        As :func:`report_json`.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Case, Reference, Value
    >>> r = build_report(Case(title="T", seller="S", customer="C",
    ...                       value=Value(reference=Reference(name="r", price_per_unit=10))))
    >>> r["value"]["eve_per_unit"], "economics" in r, r["missing"][:2]
    (10.0, False, ['strategy', 'economics'])
    """
    return report_json(assess_case(case, seed=seed, paths=paths))


def case_overview(cases: dict[str, Case]) -> pd.DataFrame:
    """Tabulate one row of headline figures per case, to choose a case or compare teams.

    Examples
    --------
    >>> from negotiation_lib.datasets import load_sample_case, sample_case_names
    >>> df = case_overview({n: load_sample_case(n) for n in sample_case_names()})
    >>> list(df.columns)[:3], len(df)
    (['case', 'seller', 'customer'], 5)
    """
    rows = []
    for name, case in cases.items():
        r = build_report(case, paths=1000)
        econ = r.get("economics", {})
        proj = r.get("projection", {})
        ww = r.get("win_win", {})
        rows.append(
            {
                "case": name,
                "seller": case.seller,
                "customer": case.customer,
                "currency": case.currency,
                "EVE per unit": r.get("value", {}).get("eve_per_unit"),
                "pocket price per unit": econ.get("pocket_price_per_unit"),
                "fair price per unit": econ.get("fair_price_per_unit"),
                "seller share": econ.get("seller_share"),
                "seller NPV": proj.get("seller_npv"),
                "customer NPV": proj.get("customer_npv"),
                "win-win packages": sum(p["win_win"] for p in ww.get("packages", [])),
                "not filled in": ", ".join(r["missing"]),
            }
        )
    import pandas as pd  # loaded when a table is asked for: pages never ask (0.4 s saved)

    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- Markdown


def _money(x: float | None, currency: str) -> str:
    return money(x, _md(currency))


def _pct(x: float | None) -> str:
    return percent(x)


def _md(text: str) -> str:
    """Keep user text from breaking the Markdown table or turning into markup."""
    return escape(text).replace("|", "\\|").replace("\n", " ")


def report_markdown(case: Case, report: dict[str, Any]) -> str:
    """Render the report as a readable brief, section by section.

    User-typed names are escaped for Markdown tables and for HTML.

    Examples
    --------
    >>> from negotiation_lib.domain.case import Case
    >>> case = Case(title="T", seller="S", customer="C")
    >>> print(report_markdown(case, build_report(case)).splitlines()[0])
    # T
    """
    cur = case.currency
    unit = _md(case.unit)
    period = _md(case.period)
    lines = [f"# {_md(case.title)}", "", f"{_md(case.seller)} and {_md(case.customer)}.", ""]
    if "strategy" in report:
        s = report["strategy"]
        lines += ["## Strategy", "", f"Strategic fit: {_pct(s['fit'])}.", ""]
        if s["moves"]:
            lines += ["| move | expected value | decision |", "|---|---:|---|"]
            lines += [
                f"| {_md(m['name'])} | {_money(m['expected_value'], cur)} | {m['decision']} |"
                for m in s["moves"]
            ]
            lines.append("")
    if "value" in report:
        v = report["value"]
        lines += [
            "## Value to the customer",
            "",
            f"- Next-best alternative: {_money(v['reference_per_unit'], cur)} per {unit}",
            f"- Economic value (EVE): {_money(v['eve_per_unit'], cur)} per {unit}; "
            f"weighted by confidence {_money(v['eve_expected_per_unit'], cur)}",
            f"- Strength of the evidence: {v['strength_score']:.0f}/100",
            "",
        ]
    if "economics" in report:
        e = report["economics"]
        z = e["zopa"]
        lines += [
            "## Open-book economics",
            "",
            f"- List {_money(e['list_price_per_unit'], cur)}, invoice "
            f"{_money(e['invoice_price_per_unit'], cur)}, pocket "
            f"{_money(e['pocket_price_per_unit'], cur)} per {unit}",
            f"- Value created per {period}: {_money(e['value_created_per_period'], cur)}; "
            f"{_md(case.seller)} keeps {_pct(e['seller_share'])} (fair share "
            f"{_pct(e['fair_share'])})",
            f"- Zone of possible agreement: {_money(z['floor_per_unit'], cur)} to "
            f"{_money(z['ceiling_per_unit'], cur)} per {unit}"
            + ("" if z["exists"] else " (no zone: the floor is above the ceiling)"),
            f"- Fair price: {_money(e['fair_price_per_unit'], cur)} per {unit}",
            "",
        ]
        # The flag's sentence only: its code is for programs reading the JSON.
        lines += [f"> {_md(f['message'])}" for f in e["flags"]]
        if e["flags"]:
            lines.append("")
    if "projection" in report:
        p = report["projection"]
        t, c = p["scenarios"]["trust"], p["scenarios"]["cpt"]
        cross = p["crossover_repetition"]
        lines += [
            f"## The relationship over {p['repetitions']} repetitions",
            "",
            f"Retention at the current price: {_pct(p['retention'])} per repetition.",
            "",
            "| | seller | customer |",
            "|---|---:|---:|",
            f"| NPV | {_money(p['seller_npv'], cur)} | {_money(p['customer_npv'], cur)} |",
            f"| cost of losing the relationship (COLR) | {_money(p['seller_colr'], cur)} | "
            f"{_money(p['customer_colr'], cur)} |",
            f"| BATNA per {period} | {_money(p['seller_batna_per_period'], cur)} | "
            f"{_money(p['customer_batna_per_period'], cur)} |",
            f"| BATR (NPV) | {_money(p['seller_batr_npv'], cur)} | "
            f"{_money(p['customer_batr_npv'], cur)} |",
            f"| NPV, fair-price deal | {_money(t['seller_npv'], cur)} | "
            f"{_money(t['customer_npv'], cur)} |",
            f"| NPV, tough (CPT) deal | {_money(c['seller_npv'], cur)} | "
            f"{_money(c['customer_npv'], cur)} |",
            "",
            (
                f"The fair deal overtakes the tough one for the seller at repetition {cross}."
                if cross is not None
                else "The fair deal does not overtake the tough one for the seller."
            ),
            "",
        ]
    if "trust" in report:
        tr = report["trust"]
        lines += ["## Trust", ""]
        for name, label in (("seller_view", "our view"), ("customer_view", "the customer's view")):
            if name in tr:
                view = tr[name]
                lines.append(
                    f"- Trust, {label}: {view['score']:.1f} (weakest: {', '.join(view['weakest'])})"
                )
        style = tr["style"]
        if style["overall"] is not None:
            lines.append(f"- Negotiating style: {style['overall']:.0f}/100 towards trust-based")
        ready = {True: "yes", False: "not yet", None: "unknown"}[tr["ready_for_win_win"]]
        lines += [f"- Ready for win-win: {ready}"]
        lines += [f"  - {_md(r)}" for r in tr["readiness_reasons"]]
        lines.append("")
    if "win_win" in report:
        lines += _md_win_win(case, report["win_win"])
    if report["missing"]:
        missing = [f"- {_md(missing_label(m))}" for m in report["missing"]]
        lines += ["## Not filled in yet", "", *missing]
    return "\n".join(lines).rstrip() + "\n"


def _md_block(text: str) -> str:
    return escape(text)


def _md_win_win(case: Case, w: dict[str, Any]) -> list[str]:
    """The win-win section: every package scored and priced, its improvement, the memos."""
    cur = case.currency
    priced = all("economics" in p for p in w["packages"]) and bool(w["packages"])
    head = "| package | seller | customer | feasible | win-win | efficient |"
    rule = "|---|---:|---:|---|---|---|"
    if priced:
        head += f" price per {_md(case.unit)} | seller NPV | customer NPV |"
        rule += "---:|---:|---:|"
    lines = ["## Win-win", "", head, rule]
    yes = {True: "yes", False: "no"}
    for p in w["packages"]:
        row = (
            f"| {_md(p['name'])} | {p['seller_utility']:.1f} | {p['customer_utility']:.1f} | "
            f"{yes[p['feasible']]} | {yes[p['win_win']]} | {yes[p['pareto_efficient']]} |"
        )
        if priced:
            e = p["economics"]
            row += (
                f" {_money(e['pocket_price_per_unit'], cur)} | {_money(e['seller_npv'], cur)} | "
                f"{_money(e['customer_npv'], cur)} |"
            )
        lines.append(row)
    lines.append("")
    better = [p for p in w["packages"] if p["improvement"] is not None]
    if better:
        lines += ["Agreements that are better for both sides:", ""]
        for p in better:
            i = p["improvement"]
            names = case.win_win.issue_labels if case.win_win is not None else {}
            terms = ", ".join(
                f"{_md(names.get(k) or issue_label(k))} "
                f"{_md(v) if isinstance(v, str) else number(v, 2, trim=True)}"
                for k, v in i["values"].items()
            )
            lines.append(f"- Instead of {_md(p['name'])}: {terms}; {_md(i['sentence'])}.")
        lines.append("")
    if w["recommend_walk_away"]:
        lines += [f"**Walk away:** {_md(w['walk_away_reason'] or '')}", ""]
    for party in ("seller", "customer"):
        for a in w["amendments"][party]:
            lines.append(f"- Goalposts moved ({party}, version {a['version']}): {_md(a['reason'])}")
            lines += [f"  - {_md(c)}" for c in a["changes"]]
    if w.get("memos"):
        lines += ["", f"### Proposed agreement: {_md(w['chosen_package'])}", ""]
        for party in ("seller", "customer"):
            lines += [_md_block(w["memos"][party]["text"]), ""]
    return lines
