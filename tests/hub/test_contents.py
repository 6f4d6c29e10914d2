"""A trainee's server reads the notebooks and refuses every change to them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from tornado import web

from negotiation_lib.hub.contents import READ_ONLY, ReadOnlyContents


@pytest.fixture
def contents(tmp_path: Path) -> Any:
    """The manager, typed loosely: jupyter_server's methods carry no annotations."""
    (tmp_path / "workbook.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4}')
    return ReadOnlyContents(root_dir=str(tmp_path))


CHANGES: dict[str, Callable[[Any], Coroutine[Any, Any, Any]]] = {
    "save": lambda c: c.save({"type": "file", "format": "text", "content": "x"}, "new.txt"),
    "new file": lambda c: c.new_untitled(type="file"),
    "delete": lambda c: c.delete("workbook.ipynb"),
    "rename": lambda c: c.rename("workbook.ipynb", "other.ipynb"),
    "copy": lambda c: c.copy("workbook.ipynb"),
    "checkpoint": lambda c: c.create_checkpoint("workbook.ipynb"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_is_refused_and_the_folder_stays_as_it_was(
    contents: Any, tmp_path: Path, change: str
) -> None:
    before = {p.name: p.read_bytes() for p in tmp_path.rglob("*")}
    with pytest.raises(web.HTTPError) as refused:
        asyncio.run(CHANGES[change](contents))
    assert refused.value.status_code == 403
    assert refused.value.log_message == READ_ONLY
    assert {p.name: p.read_bytes() for p in tmp_path.rglob("*")} == before


def test_the_notebooks_can_still_be_read(contents: Any) -> None:
    model = asyncio.run(contents.get("workbook.ipynb"))
    assert model["type"] == "notebook"
    assert model["content"]["nbformat"] == 4
