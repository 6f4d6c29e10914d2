"""Small scripts the workbook runs in the page, sent as JavaScript outputs of a plain Output widget.

Voila renders a ``application/javascript`` output by running it, once, when it is drawn. The
workbook uses this for the two things ipywidgets cannot do on their own:

- :data:`PAGE_SCRIPT` (``page_script.js``), installed once per page, keeps the save
  indicator's "Saved 4 s ago" current without any message from the kernel, and asks before the
  page is left while a change is not yet saved; with it, ``problem_links.js`` makes each link
  of the problem banner scroll to its field (:mod:`negotiation_lib.worksheets.problems`);
- :func:`download_script` (``download.js``) hands a file made in the kernel to the browser,
  which saves it through a ``Blob`` (a ``data:`` link stops working beyond 2 MB; the deal brief
  is about 5 MB).

The scripts themselves are files beside this module, read by :func:`asset`.

These are plain outputs rather than custom widgets on purpose: a custom widget's front end must
start within a fixed time, and on a loaded workshop machine it sometimes does not, after which
the kernel's updates to it are dropped. An output has no start-up to miss.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from importlib import resources
from typing import Any

import ipywidgets as widgets

__all__ = ["PAGE_SCRIPT", "asset", "download_script", "run_in_browser", "script_output"]


@cache
def asset(name: str) -> str:
    """The text of a file shipped beside the page modules (a page script or a style sheet).

    The scripts (``*.js``) and style sheets (``*.css``) of the pages are package data files,
    so that an editor, a linter and a reader see them as what they are; each is read once per
    kernel.

    Examples
    --------
    >>> "nwPageScript" in asset("page_script.js")
    True
    """
    return resources.files("negotiation_lib.worksheets").joinpath(name).read_text("utf-8")


PAGE_SCRIPT = asset("page_script.js") + asset("problem_links.js")
"""Counts the save indicator's age, guards against leaving with unsaved changes, and makes the
problem banner's links scroll to their fields."""


def script_output(source: str) -> dict[str, Any]:
    """The output record that runs ``source`` in the page when it is drawn."""
    return {
        "output_type": "display_data",
        "data": {"application/javascript": source, "text/plain": ""},
        "metadata": {},
    }


def run_in_browser(area: widgets.Output, source: str) -> None:
    """Run ``source`` in the page by drawing it in ``area`` (an Output widget on the page)."""
    area.outputs = (script_output(source),)


def download_script(token: str, name: str, mime: str, content: bytes) -> str:
    """The script that saves ``content`` as the file ``name`` in the browser.

    ``token`` makes the delivery happen once even if the output is drawn again. Every value is
    passed through JSON, so a file name cannot break out of its string.
    """
    args = json.dumps(
        {
            "token": token,
            "name": name,
            "mime": mime,
            "data": base64.b64encode(content).decode("ascii"),
        }
    )
    return f"{asset('download.js').rstrip()}({args});\n"
