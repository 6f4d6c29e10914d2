"""Batches: the headline figures of many cases and scenarios, one row each, in one table.

``negotiation_lib.batch(["pumpco_acme_foods", "cases/*.json"])`` (and the command
``negotiation-workbook batch``) gives a :class:`pandas.DataFrame` with one row per case and
scenario: the case itself (the ``base`` row), then each of its named scenarios
(:mod:`negotiation_lib.scenarios`), with every headline figure of the report (the design notes,
section 5) in a column named by its key path (``projection.seller_npv``).

Each row is the report of its case: :func:`negotiation_lib.report.report_json` of one
:class:`~negotiation_lib.assessment.CaseAssessment`, flattened, without the Monte Carlo
simulation and the sensitivity analysis (not headline figures, and most of a report's time).
Rows of the same case share whatever their inputs share (``assess_case(previous=...)``): a
scenario that changes only the trust section reuses the base's projection.

The module is called ``batches`` so that the package can export the function itself as
``negotiation_lib.batch`` (a module of that name would shadow it once imported).
"""

from __future__ import annotations

import glob
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from negotiation_lib.assessment import CaseAssessment, assess_case
from negotiation_lib.domain.case import Case
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.report import report_json
from negotiation_lib.scenarios import BASE, scenario_documents

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FIGURES", "KEY_COLUMNS", "BatchRow", "batch", "batch_rows", "case_sources", "figures"]

CaseRef = str | Path | Mapping[str, Any]
"""A case for a batch: a sample case's name, a file's path, a glob of paths, or a document."""

Progress = Callable[[int, int], None]
"""Called after each row with the rows done and the rows in all."""

KEY_COLUMNS: Final = ("case", "scenario", "title", "overrides")
"""The columns that say which row is which: the case, the scenario, its title, its overrides."""

FIGURES: Final = (
    "value.eve_per_unit",
    "value.eve_expected_per_unit",
    "value.strength_score",
    "strategy.fit",
    "strategy.moves",
    "economics.invoice_price_per_unit",
    "economics.pocket_price_per_unit",
    "economics.seller_profit_per_period",
    "economics.customer_net_benefit_per_period",
    "economics.value_created_per_period",
    "economics.joint_gain_per_period",
    "economics.seller_share",
    "economics.zopa.floor_per_unit",
    "economics.zopa.ceiling_per_unit",
    "economics.zopa.exists",
    "economics.fair_price_per_unit",
    "economics.flags",
    "projection.retention",
    "projection.seller_npv",
    "projection.customer_npv",
    "projection.seller_colr",
    "projection.customer_colr",
    "projection.seller_colr_net",
    "projection.customer_colr_net",
    "projection.seller_batna_npv",
    "projection.customer_batna_npv",
    "projection.seller_optimal.price_per_unit",
    "projection.seller_optimal.seller_share",
    "projection.seller_optimal.seller_npv",
    "projection.seller_optimal.customer_npv",
    "projection.break_even_loyalty",
    "projection.scenarios.trust.seller_npv",
    "projection.scenarios.trust.customer_npv",
    "projection.scenarios.cpt.seller_npv",
    "projection.scenarios.cpt.customer_npv",
    "projection.crossover_repetition",
    "trust.seller_view.score",
    "trust.customer_view.score",
    "trust.style.relationship",
    "trust.style.transparency",
    "trust.style.long_term",
    "trust.style.overall",
    "trust.ready_for_win_win",
    "win_win.packages",
    "win_win.frontier",
    "win_win.nash",
    "win_win.kalai_smorodinsky",
    "win_win.egalitarian",
    "missing",
)
"""The headline figures of the design notes (section 5), by their key path in the report.

A list becomes several columns (a move's or a package's figures, by its name:
``strategy.moves[Bundle service].expected_value``) or one cell of text (the flags' and the
missing parts' sentences, the win-win outcomes as JSON).
"""

_MOVE_FIELDS: Final = ("expected_value", "decision")
_PACKAGE_FIELDS: Final = (
    "seller_utility",
    "customer_utility",
    "feasible",
    "win_win",
    "pareto_efficient",
)
_PACKAGE_MONEY: Final = ("pocket_price_per_unit", "seller_share", "seller_npv", "customer_npv")


def _dig(report: Mapping[str, Any], path: str) -> Any:
    node: Any = report
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def figures(report: Mapping[str, Any]) -> dict[str, Any]:
    """The headline figures of one report (:func:`~negotiation_lib.report.report_json`), flat.

    Parameters
    ----------
    report
        A case's report.

    Returns
    -------
    dict
        Every key path of :data:`FIGURES` (None when the report has no such figure), a move's
        and a package's figures under ``strategy.moves[<name>].<figure>`` and
        ``win_win.packages[<name>].<figure>``.

    Examples
    --------
    >>> row = figures({"economics": {"pocket_price_per_unit": 90.0}, "missing": ["trust"]})
    >>> row["economics.pocket_price_per_unit"], row["projection.seller_npv"], row["missing"]
    (90.0, None, 'trust')
    """
    row: dict[str, Any] = {}
    for path in FIGURES:
        value = _dig(report, path)
        if path == "strategy.moves":
            for move in value or ():
                for name in _MOVE_FIELDS:
                    row[f"{path}[{move['name']}].{name}"] = move.get(name)
        elif path == "win_win.packages":
            for package in value or ():
                where = f"{path}[{package['name']}]"
                for name in _PACKAGE_FIELDS:
                    row[f"{where}.{name}"] = package.get(name)
                better = package.get("improvement")
                row[f"{where}.improvement"] = better.get("sentence") if better else None
                money = package.get("economics") or {}
                for name in _PACKAGE_MONEY:
                    row[f"{where}.economics.{name}"] = money.get(name)
        elif path == "economics.flags":
            row[path] = None if value is None else "; ".join(f["message"] for f in value)
        elif path == "missing":
            row[path] = "; ".join(value or ())
        elif isinstance(value, list):
            row[path] = json.dumps(value, ensure_ascii=False, allow_nan=False)
        else:
            row[path] = value
    return row


# --------------------------------------------------------------------------- the cases


def case_sources(cases: CaseRef | Iterable[CaseRef]) -> list[tuple[str, dict[str, Any]]]:
    """Read the cases of a batch: each one's name in the table and its document.

    Parameters
    ----------
    cases
        One or several of: a sample case's name (``pumpco_acme_foods``), a case file's path
        (JSON, or an Excel workbook made by the workbook), a glob of paths (``cases/*.json``),
        or a case document (a ``dict``).

    Returns
    -------
    list of (str, dict)
        The name the table gives each case (the sample's name, the path as given, or the
        document's title) and its validated document, in the order given (a glob's files in
        name order).

    Raises
    ------
    CaseError
        A sentence naming the case that cannot be read, and every problem of it.
    """
    from negotiation_lib.datasets import sample_case_names, sample_case_path
    from negotiation_lib.exports.case_io import read_case_file

    refs: Iterable[CaseRef] = [cases] if isinstance(cases, str | Path | Mapping) else cases
    samples = set(sample_case_names())
    out: list[tuple[str, dict[str, Any]]] = []

    def read(label: str, path: Path) -> None:
        try:
            out.append((label, read_case_file(path.read_bytes(), path.name)))
        except OSError as err:
            raise CaseError.at("", f"Cannot read {label}: {err.strerror or err}.") from err
        except CaseError as err:
            raise _about(label, err) from err

    for ref in refs:
        if isinstance(ref, Mapping):
            from negotiation_lib.domain.validation import validate_case

            label = str(ref.get("title", f"case {len(out) + 1}"))
            problems = validate_case(ref)
            if problems:
                raise _about(label, CaseError(problems))
            out.append((label, dict(ref)))
            continue
        text = str(ref)
        if Path(text).is_file():
            read(text, Path(text))
        elif text in samples:
            read(text, sample_case_path(text))
        elif glob.has_magic(text):
            matches = sorted(p for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not matches:
                raise CaseError.at("", f"No case file matches {text}.")
            for match in matches:
                read(match, Path(match))
        else:
            raise CaseError.at(
                "",
                f"{text} is neither a case file nor a sample case "
                f"(the sample cases are: {', '.join(sorted(samples)) or 'none'}).",
            )
    if not out:
        raise CaseError.at("", "Name at least one case: a file, a glob of files or a sample case.")
    return out


def _names(sentence: str, path: str) -> bool:
    """Whether a sentence already names a key path (a scenario's sentences do)."""
    return re.search(rf"(?<![\w.\[]){re.escape(path)}(?![\w.\[])", sentence) is not None


def _about(label: str, err: CaseError) -> CaseError:
    """The same problems, each sentence saying which case of the batch it is about."""
    return CaseError(
        [
            type(p)(
                p.path,
                f"{label}, {p.path}: {p.message}"
                if p.path and not _names(p.message, p.path)
                else f"{label}: {p.message}",
            )
            for p in err.problems
        ]
    )


# --------------------------------------------------------------------------- the rows


@dataclass(frozen=True)
class BatchRow:
    """One row of a batch before it is assessed: which case, which scenario, its case."""

    case_name: str
    scenario: str
    overrides: dict[str, Any]
    case: Case


def batch_rows(
    cases: CaseRef | Iterable[CaseRef],
    scenario: str | None = None,
    sets: Mapping[str, Any] | None = None,
) -> list[BatchRow]:
    """Every case and scenario of a batch, applied and validated (nothing assessed yet).

    Parameters
    ----------
    cases
        As :func:`case_sources`.
    scenario
        Only this scenario of each case (``"base"``: the case itself); by default the base and
        every scenario.
    sets
        Overrides by key path applied to every row, on top of the scenario's own.

    Raises
    ------
    CaseError
        A sentence naming the case, the scenario and the key path, for the first case that
        cannot be read, lacks the scenario asked for, or refuses an override.
    """
    rows: list[BatchRow] = []
    extra = dict(sets or {})
    for label, document in case_sources(cases):
        try:
            applied = scenario_documents(document, extra)
        except CaseError as err:
            raise _about(label, err) from err
        if scenario is not None:
            if scenario not in applied:
                names = [n for n in applied if n != BASE]
                have = (
                    f"its scenarios are: {', '.join(names)}, and base (the case itself)"
                    if names
                    else "it has only base, the case itself"
                )
                raise CaseError.at("", f"{label} has no scenario called '{scenario}'; {have}.")
            applied = {scenario: applied[scenario]}
        scenarios = {s["name"]: s.get("overrides", {}) for s in document.get("scenarios") or ()}
        for name, (_, case) in applied.items():
            overrides = {**(scenarios.get(name, {}) if name != BASE else {}), **extra}
            rows.append(BatchRow(label, name, overrides, case))
    return rows


def _row(item: BatchRow, assessment: CaseAssessment) -> dict[str, Any]:
    report = report_json(assessment, uncertainty=False)
    return {
        "case": item.case_name,
        "scenario": item.scenario,
        "title": item.case.title,
        "overrides": json.dumps(item.overrides, ensure_ascii=False) if item.overrides else "",
        **figures(report),
    }


def batch(
    cases: CaseRef | Iterable[CaseRef],
    scenario: str | None = None,
    sets: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """The headline figures of many cases and scenarios: one row per case and scenario.

    Parameters
    ----------
    cases
        Sample case names, case file paths, globs of paths, or case documents
        (:func:`case_sources`).
    scenario
        Only this scenario of each case (``"base"``: the case itself); by default the base and
        every named scenario of each case.
    sets
        Overrides by key path applied to every row (``{"economics.volume_per_period": 80}``),
        on top of the scenario's own: the command line's ``--set``.
    progress
        Called as ``progress(done, total)`` after each row (a progress bar).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`KEY_COLUMNS`, then every figure of :data:`FIGURES` (:func:`figures`);
        a figure a case cannot give yet is missing (NaN or None).

    Raises
    ------
    CaseError
        Before anything is computed: a case that cannot be read, a scenario it lacks, or an
        override it refuses, in a sentence naming the case, the scenario and the key path.

    Examples
    --------
    PumpCo at twice the volume: 80 pumps at a pocket price of 11,940 (its year-end discount of
    12,000 a year spread over twice the pumps), less 8,100 each and 60,000 a year of fixed cost.

    >>> df = batch("pumpco_acme_foods", sets={"economics.volume_per_period": 80})
    >>> len(df), df.loc[0, "scenario"], float(df.loc[0, "economics.seller_profit_per_period"])
    (1, 'base', 247200.0)
    >>> 80 * (11_940 - 8_100) - 60_000
    247200
    """
    import pandas as pd  # loaded for a table only: the pages never build one

    items = batch_rows(cases, scenario, sets)
    out: list[dict[str, Any]] = []
    previous: dict[str, CaseAssessment] = {}
    for k, item in enumerate(items):
        # Rows of one case share what their inputs share (the same money, the same trust).
        earlier = previous.get(item.case_name)
        assessment = assess_case(item.case, previous=earlier)
        previous[item.case_name] = assessment
        out.append(_row(item, assessment))
        if progress is not None:
            progress(k + 1, len(items))
    # Columns in the order of the figures, each case's moves and packages where they belong.
    seen = list(dict.fromkeys(c for row in out for c in row))
    columns = [*KEY_COLUMNS] + [
        c for path in FIGURES for c in seen if c == path or c.startswith(f"{path}[")
    ]
    return pd.DataFrame(out, columns=columns)
