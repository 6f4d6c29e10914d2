"""Reading a case from JSON, and saying in plain words everything that is wrong with one.

pydantic reports problems with machine locations and terse English; a trainee needs the field
and a sentence. :func:`validate_case` turns every problem of a document into a
:class:`~negotiation_lib.domain.errors.Problem` with a dotted JSON path, and :func:`parse_case`
raises them all at once as a :class:`~negotiation_lib.domain.errors.CaseError`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from negotiation_lib.domain.case import (
    SCHEMA_VERSION,
    Case,
    Issue,
    Package,
    PartyDefinition,
    win_win_problems,
)
from negotiation_lib.domain.errors import CaseError, Problem, SubfieldError
from negotiation_lib.domain.scenario import (
    SCENARIOS,
    scenario_shape_problems,
    without_scenarios,
)
from negotiation_lib.numbers import FORMAT_TAGS

__all__ = [
    "MAX_CASE_BYTES",
    "json_path",
    "parse_case",
    "read_case",
    "read_case_document",
    "validate_case",
]

MAX_CASE_BYTES = 2_000_000
"""Largest case file accepted: a real case is a few kilobytes."""

# pydantic inserts union member tags into locations; they mean nothing to a user.
_UNION_TAGS = {"numeric", "options"}


def json_path(loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into a dotted JSON path.

    Examples
    --------
    >>> json_path(("value", "drivers", 1, "confidence"))
    'value.drivers[1].confidence'
    >>> json_path(("win_win", "issues", 0, "numeric", "step"))
    'win_win.issues[0].step'
    """
    out = ""
    for k, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        elif "[" in part or part.startswith("function-"):
            continue
        elif part in _UNION_TAGS and k > 0 and isinstance(loc[k - 1], int):
            continue  # the tag pydantic adds after a list index, not a field
        else:
            out += f".{part}" if out else part
    return out


def _num(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and 1e6 <= abs(value) < 1e16:
        return f"{value:,.0f}"  # a bound such as 1,000,000,000,000, not 1e+12
    if isinstance(value, float):
        # Short when that is exact (1e-07); else the float in full, so that a confidence of
        # 1.000001 is not quoted as "1" under "Must be at most 1".
        short = f"{value:g}"
        return short if float(short) == value else repr(value)
    return str(value)


def _shown(value: object) -> str:
    text = _num(value) if isinstance(value, float) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _sentence(err: ErrorDetails) -> str:
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    value = err.get("input")
    got = f" (it is {_shown(value)})" if isinstance(value, int | float | str) else ""
    if kind == "missing":
        return "This field is required."
    if kind == "extra_forbidden":
        field = err["loc"][-1] if err["loc"] else "?"
        return f"There is no field called '{field}' here; check its spelling."
    if kind in {"float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"}:
        whole = "a whole number" if kind.startswith("int") else "a number"
        return f"Enter {whole} here{got}."
    if kind == "finite_number":
        return "Enter a finite number (not NaN or infinity)."
    if kind == "greater_than_equal":
        return f"Must be at least {_num(ctx['ge'])}{got}."
    if kind == "greater_than":
        return f"Must be above {_num(ctx['gt'])}{got}."
    if kind == "less_than_equal":
        return f"Must be at most {_num(ctx['le'])}{got}."
    if kind == "less_than":
        return f"Must be below {_num(ctx['lt'])}{got}."
    if kind == "string_type":
        return f"Enter text here{got}."
    if kind == "string_unicode":  # a lone surrogate: half of a character, which no file can hold
        return "This text holds a broken character (half of an emoji or symbol); delete it."
    if kind == "string_too_short":
        return "Must not be empty."
    if kind == "string_too_long":
        return f"Too long: at most {ctx['max_length']} characters."
    if kind == "string_pattern_mismatch":
        return "Not in the expected format."
    if kind == "too_short":
        return "Must have at least one entry."
    if kind == "literal_error" and tuple(err["loc"]) == ("number_format",):
        return f"Choose a number format: {', '.join(FORMAT_TAGS)}{got}."
    if kind == "literal_error":
        return f"Must be one of {ctx['expected']}{got}."
    if kind == "bool_type":
        return f"Must be true or false{got}."
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "Must be an object (a set of named fields)."
    if kind in {"tuple_type", "list_type"}:
        return "Must be a list."
    if kind in {"union_tag_invalid", "union_tag_not_found"}:
        return "An issue's kind must be 'numeric' or 'options'."
    if kind in {"datetime_type", "datetime_parsing", "datetime_from_date_parsing"}:
        return "Must be a date and time such as 2026-11-22T10:00:00Z."
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
    return err["msg"]


def _problems(exc: ValidationError) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()

    def add(problem: Problem) -> None:
        if (problem.path, problem.message) not in seen:
            seen.add((problem.path, problem.message))
            out.append(problem)

    errors = exc.errors()
    # A party's scores of an issue fail every branch they do not fit; when one branch fails
    # only for a score out of range, that is what the trainee is told (in words, no syntax).
    out_of_range = {
        json_path(tuple(err["loc"][: _scores_end(err["loc"])]))
        for err in errors
        if _in_scores(err["loc"]) and err["type"] in _RANGE_ERRORS
    }
    for err in errors:
        path = json_path(err["loc"])
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, SubfieldError):
            for p in cause.problems:
                add(Problem(f"{path}.{p.path}" if path else p.path, p.message))
            continue
        if _in_scores(err["loc"]):
            path = json_path(tuple(p for p in err["loc"][: _scores_end(err["loc"])]))
            message = (
                "Every score is a number from 0 to 100."
                if path in out_of_range
                else "Score a numeric issue with points (a value and its score), an options "
                "issue with a score for each option, or the price issue off the open book "
                '("open_book" in a case file).'
            )
        else:
            message = _sentence(err)
        add(Problem(path, message))
    return out


def _in_scores(loc: tuple[int | str, ...]) -> bool:
    """Whether an error is inside a party's scores of an issue (one of its branches)."""
    return any(isinstance(p, str) and p.startswith(_SCORE_BRANCHES) for p in loc)


_RANGE_ERRORS = frozenset({"less_than_equal", "greater_than_equal"})


# How pydantic names the branches of a party's scores (points, option scores, "open_book").
_SCORE_BRANCHES = ("tuple[", "dict[", "literal[")


def _scores_end(loc: tuple[int | str, ...]) -> int:
    for i, part in enumerate(loc):
        if isinstance(part, str) and part.startswith(_SCORE_BRANCHES):
            return i
    return len(loc)


def validate_case(data: object) -> list[Problem]:
    """List every problem of a case document; an empty list means it is valid.

    Parameters
    ----------
    data
        The decoded JSON document (normally a ``dict``).

    Returns
    -------
    list of Problem
        Each with a dotted JSON path and a sentence, in document order. A role-play case (a
        document with ``roles``) is checked part by part, each problem at its path inside
        ``roles`` (:func:`negotiation_lib.domain.roles.role_play_problems`).

    Examples
    --------
    >>> validate_case({"title": "T", "seller": "S", "customer": "C"})
    []
    >>> for p in validate_case({"title": "T", "seller": "S", "customer": "C",
    ...                         "economics": {"volume_per_period": -4, "list_price_per_unit": 10}}):
    ...     print(p)
    economics.volume_per_period: Must be above 0 (it is -4).
    """
    if not isinstance(data, Mapping):
        return [Problem("", "A case must be a JSON object, with a title, a seller and a customer.")]
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        return [
            Problem(
                "schema_version",
                f"This case is in format version {_shown(version)}; "
                f"this workbook reads version {SCHEMA_VERSION}.",
            )
        ]
    if "roles" in data:
        # A role-play case: its parts are checked apart, and its truth as an ordinary case.
        from negotiation_lib.domain.roles.validation import role_play_problems

        return role_play_problems(data)
    # Named scenarios sit beside the sections; the case itself is the base without them.
    found = scenario_shape_problems(data[SCENARIOS]) if SCENARIOS in data else []
    data = without_scenarios(data)
    try:
        Case.model_validate(data)
    except ValidationError as exc:
        problems = _problems(exc)
    else:
        return found
    ww = data.get("win_win")
    if isinstance(ww, Mapping):
        known = set(problems)
        problems += [p for p in _partial_win_win_problems(ww) if p not in known]
    return problems + found


_T = TypeVar("_T")
_ISSUE: TypeAdapter[Issue] = TypeAdapter(Issue)
_PARTY = TypeAdapter(PartyDefinition)
_PACKAGE = TypeAdapter(Package)


def _read_or_none(adapter: TypeAdapter[_T], raw: object) -> _T | None:
    try:
        return adapter.validate_python(raw)
    except ValidationError:
        return None


def _partial_win_win_problems(ww: Mapping[str, Any]) -> list[Problem]:
    """Cross-check the parts of a broken win-win section that could be read on their own.

    pydantic runs a model's cross-field rules only when every field is valid; a trainee who
    made three mistakes should still hear about all three, so the readable parts (issues,
    definitions, packages) are checked against each other here.
    """

    def rows(key: str) -> list[object]:
        value = ww.get(key, [])
        return list(value) if isinstance(value, list) else []

    read_issues = [_read_or_none(_ISSUE, r) for r in rows("issues")]
    if any(i is None for i in read_issues):
        return []  # references to an unreadable issue would be reported wrongly
    issues = tuple(i for i in read_issues if i is not None)
    seller = _read_or_none(_PARTY, ww["seller"]) if ww.get("seller") is not None else None
    customer = _read_or_none(_PARTY, ww["customer"]) if ww.get("customer") is not None else None
    read_packages = [_read_or_none(_PACKAGE, r) for r in rows("packages")]
    packages = tuple(p for p in read_packages if p is not None)
    price_issue = ww.get("price_issue")
    problems = win_win_problems(
        issues, seller, customer, packages, price_issue if isinstance(price_issue, str) else None
    )
    # Package indices refer to the readable packages; map them back to the document's.
    readable = [k for k, p in enumerate(read_packages) if p is not None]
    out = []
    for p in problems:
        path = p.path
        if path.startswith("packages["):
            k = int(path[len("packages[") : path.index("]")])
            path = f"packages[{readable[k]}]" + path[path.index("]") + 1 :]
        out.append(Problem(f"win_win.{path}", p.message))
    return out


def parse_case(data: object) -> Case:
    """Build a :class:`Case` from a decoded JSON document, or raise every problem at once.

    A role-play case (a document with ``roles``) gives its truth: the public part merged with
    both sides' private parts (:func:`negotiation_lib.domain.roles.truth`).

    Raises
    ------
    CaseError
        With one :class:`Problem` per thing wrong.
    """
    problems = validate_case(data)
    if problems:
        raise CaseError(problems)
    if isinstance(data, Mapping) and "roles" in data:
        from negotiation_lib.domain.roles.views import truth

        return Case.model_validate(truth(data))
    return Case.model_validate(without_scenarios(data) if isinstance(data, Mapping) else data)


def read_case(source: str | Path | bytes) -> Case:
    """Read a case from a file (given as a :class:`~pathlib.Path`), or from JSON text or bytes.

    A role-play case file gives its truth (:func:`parse_case`).

    Raises
    ------
    CaseError
        When the file is missing, too large, not JSON, or not a valid case; the problems say
        where (for JSON syntax errors, the line and column).
    """
    return parse_case(_decoded(source))


def read_case_document(source: str | Path | bytes) -> dict[str, Any]:
    """Read a case file as its document, once it is known to be valid (a role-play case whole).

    Raises
    ------
    CaseError
        As :func:`read_case`.
    """
    data = _decoded(source)
    problems = validate_case(data)
    if problems:
        raise CaseError(problems)
    return dict(data) if isinstance(data, Mapping) else {}


def _decoded(source: str | Path | bytes) -> object:
    """The decoded JSON of a case file, or of JSON text or bytes, within the size limit."""
    if isinstance(source, Path):
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise CaseError.at("", f"Cannot read {source}: {exc.strerror or exc}.") from exc
        if size > MAX_CASE_BYTES:
            raise CaseError.at(
                "", f"{source.name} is {size:,} bytes; a case is at most {MAX_CASE_BYTES:,}."
            )
        text: str | bytes = source.read_bytes()
    else:
        text = source
    if len(text) > MAX_CASE_BYTES:
        raise CaseError.at("", f"The file is larger than {MAX_CASE_BYTES:,} bytes.")
    try:
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise CaseError.at("", "The file is not text: a case is a UTF-8 JSON file.") from exc
    except json.JSONDecodeError as exc:
        raise CaseError.at(
            "", f"Not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    return data
