"""The library's shape: layers import one way, results come from one place, modules stay small.

Read from the source with ``ast`` (nothing is imported), so a forbidden import fails here even
when it sits inside a function or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parent.parent / "negotiation_lib"
PACKAGE = "negotiation_lib"

MAX_CODE_LINES = 600
"""Most lines of code in one module, docstrings and comments not counted (issue 14)."""

# Each layer, and what it must never import. Layers: domain → assessment → figures → pages;
# the case document, the store, the exports, the debrief and the report sit below the pages.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (
        "assessment",
        "figures",
        "worksheets",
        "store",
        "exports",
        "report",
        "debrief",
        "document",
        "cli",
    ),
    "assessment": ("figures", "worksheets", "store", "exports", "report", "debrief", "cli"),
    "formatting": ("domain", "assessment", "figures", "worksheets", "store", "exports"),
    "vocabulary": ("domain", "assessment", "figures", "worksheets", "store", "exports"),
    # Reading typed numbers is pure: the case model itself depends on it.
    "numbers": ("domain", "assessment", "figures", "worksheets", "store", "exports", "document"),
    "glossary": ("domain", "assessment", "figures", "worksheets", "store", "exports"),
    "catalog": ("figures", "worksheets", "store", "exports", "report", "debrief"),
    "document": ("figures", "worksheets", "store", "exports", "report", "debrief"),
    "figures": ("worksheets", "store", "exports", "report", "debrief", "cli"),
    "store": ("worksheets", "figures", "exports", "report", "debrief"),
    "exports": ("worksheets",),
    "debrief": ("worksheets",),
    # The deal rooms' debrief reads the truth's CaseAssessment; the figures draw what it gives.
    "debrief_rooms": ("worksheets", "figures", "store", "exports", "report", "serving"),
    # The class debrief (issue 19) reads the rooms' debrief and the domain; figures draw it.
    "debrief_class": ("worksheets", "figures", "store", "exports", "report", "serving"),
    "report": ("worksheets", "figures", "store", "exports"),
    # One side's view of a role-play case prints facts and never computes.
    "side_report": ("worksheets", "figures", "store", "exports", "assessment"),
    "sentences": ("worksheets", "figures", "store", "exports", "report"),
    # The server's side (issue 22) and the pages' kernels never import each other: a page
    # kernel imports nothing of Voila's server stack.
    "serving": ("worksheets", "figures", "assessment", "store", "exports", "report", "debrief"),
    "worksheets": ("serving",),
    # Scenarios apply overrides to case documents; a batch tabulates reports (issue 21).
    "scenarios": ("assessment", "figures", "worksheets", "store", "exports", "report", "debrief"),
    "batches": ("worksheets", "figures", "store", "serving"),
}

# The computations of the methods: only the domain and the assessment call them; every other
# consumer reads a CaseAssessment.
COMPUTATIONS = frozenset(
    {
        "assess_value",
        "assess_strategy",
        "case_economics",
        "case_projection",
        "case_monte_carlo",
        "case_sensitivity",
        "assess_trust",
        "assess_win_win",
    }
)


def _modules() -> list[Path]:
    return sorted(p for p in LIBRARY.rglob("*.py") if "migrations" not in p.parts)


def _layer(path: Path) -> str:
    parts = path.relative_to(LIBRARY).with_suffix("").parts
    return parts[0]


def _imports(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """Every ``negotiation_lib`` module a file imports, with the names it takes from it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join((PACKAGE, *path.relative_to(LIBRARY).with_suffix("").parts[:-1]))
    found: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, ()) for a in node.names if a.name.startswith(PACKAGE)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, module]) if module else ".".join(base)
            if module.startswith(PACKAGE):
                names = tuple(a.name for a in node.names)
                found.append((module, names))
                # ``from negotiation_lib import figures`` imports the subpackage itself.
                found += [(f"{module}.{n}", ()) for n in names]
    return found


def _target_layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def code_lines(path: Path) -> int:
    """Lines holding code: not blank, not comments, not docstrings."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            first = body[0] if body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                docstrings.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    lines: set[int] = set()
    skip = {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENDMARKER,
    }
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skip:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - docstrings)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(LIBRARY)))
def test_imports_point_one_way(path: Path) -> None:
    layer = _layer(path)
    forbidden = FORBIDDEN.get(layer, ())
    wrong = [m for m, _ in _imports(path) if _target_layer(m) in forbidden]
    assert not wrong, f"{layer} must not import {sorted(set(wrong))}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(LIBRARY)))
def test_only_the_domain_and_the_assessment_compute(path: Path) -> None:
    if _layer(path) in ("domain", "assessment"):
        return
    taken = {n for m, names in _imports(path) if m.startswith(f"{PACKAGE}.domain") for n in names}
    assert not taken & COMPUTATIONS, (
        f"{path.name} computes {sorted(taken & COMPUTATIONS)} itself: read a CaseAssessment"
    )


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(LIBRARY)))
def test_no_module_is_over_600_lines_of_code(path: Path) -> None:
    assert code_lines(path) <= MAX_CODE_LINES


def test_the_checks_see_a_forbidden_import(tmp_path: Path) -> None:
    # The rules above pass vacuously if the reader finds no imports: show that it finds them.
    probe = LIBRARY / "domain" / "value.py"
    assert any(m == "negotiation_lib.domain.case" for m, _ in _imports(probe))
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Doc\n\nmore."""\n# a comment\n\nx = 1\n\n\ndef f() -> None:\n    """D."""\n'
    )
    assert code_lines(sample) == 2


def test_a_newcomer_finds_each_worksheets_parts_by_folder_name() -> None:
    from negotiation_lib.catalog import WORKSHEETS

    notebooks = LIBRARY.parent / "notebooks"
    for sheet in WORKSHEETS:
        assert (notebooks / sheet.notebook).exists(), sheet.name
        assert (LIBRARY / "worksheets" / sheet.name).is_dir(), sheet.name
        figures = LIBRARY / "figures" / sheet.name
        assert figures.is_dir() or figures.with_suffix(".py").exists(), sheet.name
