"""Notebooks are committed clean: no outputs (an executed FigureWidget stores megabytes of
JavaScript) and no execution counts. nbval runs them in the test command: the apps in
``notebooks/`` and the analysts' notebooks in ``analysis/``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The apps Voila serves, and the analysts' notebooks beside them (analysis/: not served).
NOTEBOOKS = sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "analysis").glob("*.ipynb")])


def test_there_are_notebooks() -> None:
    assert [p.stem for p in NOTEBOOKS], "the notebooks folder is empty"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: a cell has outputs"
            assert cell["execution_count"] is None, f"{path.name}: a cell was executed"
