"""The ``negotiation-workbook batch`` command: the headline figures of many cases, one table.

``negotiation-workbook batch CASE_OR_GLOB... [--scenario NAME] [--set PATH=VALUE ...]
[--out results.xlsx|.csv|.json]`` writes one row per case and scenario
(:func:`negotiation_lib.batches.batch`); without ``--out`` the table goes to standard output as
CSV. More than a few rows show a progress bar on standard error. Bad input (a case that cannot
be read, a scenario a case lacks, an override that names no field or makes a case invalid) is a
sentence on standard error and exit code 2, before anything is computed.

Parsing the command line imports nothing heavy: the library is loaded when the command runs.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FORMATS", "add_batch_command", "write_table"]

FORMATS: Final = (".csv", ".json", ".xlsx")
"""The files ``--out`` can write, by their extension."""

EXIT_OK, EXIT_USAGE = 0, 2

PROGRESS_FROM: Final = 4
"""Rows from which a progress bar is shown: a handful finish before anyone would look."""

_BAR: Final = 30


class ProgressBar:
    """A progress bar on a terminal's line: ``[#####-----] 12/40 rows``, redrawn in place."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __call__(self, done: int, total: int) -> None:
        """Redraw the bar after ``done`` rows of ``total``."""
        if total < PROGRESS_FROM:
            return
        filled = _BAR * done // total
        bar = "#" * filled + "-" * (_BAR - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\r[{bar}] {done}/{total} rows{end}")
        self.stream.flush()


def _cell(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def write_table(frame: pd.DataFrame, out: Path) -> None:
    """Write a batch's table as CSV, JSON (a list of rows) or an Excel sheet, by extension.

    Raises
    ------
    ValueError
        For any other extension.
    OSError
        When the file cannot be written.
    """
    suffix = out.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(out, index=False)
    elif suffix == ".json":
        rows = [{k: _cell(v) for k, v in row.items()} for row in frame.to_dict("records")]
        text = json.dumps(rows, indent=1, ensure_ascii=False, allow_nan=False)
        out.write_text(text + "\n", encoding="utf-8")
    elif suffix == ".xlsx":
        frame.to_excel(out, index=False, sheet_name="Batch")
    else:
        raise ValueError(
            f"{out.name}: write the table to a .csv, .json or .xlsx file "
            f"(the extension says which)."
        )


def _cmd_batch(args: argparse.Namespace) -> int:
    from negotiation_lib.batches import batch
    from negotiation_lib.domain.errors import CaseError
    from negotiation_lib.scenarios import parse_assignment

    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in FORMATS:
        print(
            f"error: {out.name}: write the table to a .csv, .json or .xlsx file "
            "(the extension says which).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        sets = dict(parse_assignment(text) for text in args.set or ())
        frame = batch(
            args.cases, scenario=args.scenario, sets=sets, progress=ProgressBar(sys.stderr)
        )
    except CaseError as err:
        for problem in err.problems:
            print(f"error: {problem.message}", file=sys.stderr)
        return EXIT_USAGE
    if out is None:
        frame.to_csv(sys.stdout, index=False)
        return EXIT_OK
    try:
        write_table(frame, out)
    except OSError as err:
        print(f"error: cannot write {out}: {err.strerror or err}.", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {len(frame)} row(s) to {out}", file=sys.stderr)
    return EXIT_OK


def add_batch_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``batch`` command to the command line's subcommands."""
    p = sub.add_parser(
        "batch",
        help="the headline figures of many cases and their scenarios, one row each",
        description="One row per case and scenario (the case itself is 'base') with every "
        "headline figure of the report, as CSV on standard output or in a file.",
    )
    p.add_argument(
        "cases",
        nargs="+",
        metavar="CASE_OR_GLOB",
        help="case files (JSON or an exported workbook), globs of them ('cases/*.json', "
        "quoted) or sample case names",
    )
    p.add_argument(
        "--scenario",
        metavar="NAME",
        help="only this scenario of each case ('base': the case itself; default: all)",
    )
    p.add_argument(
        "--set",
        action="append",
        metavar="PATH=VALUE",
        help="change an input of every row by key path, e.g. "
        "relationship.retention_one_sided=0.8 (repeat for several; the value is read as JSON "
        "when it is JSON, else as text)",
    )
    p.add_argument(
        "--out", metavar="FILE", help="write the table here: results.csv, .json or .xlsx"
    )
    p.set_defaults(run=_cmd_batch)
