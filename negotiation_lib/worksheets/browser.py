"""Small scripts the workbook runs in the page, sent as JavaScript outputs of a plain Output widget.

Voila renders a ``application/javascript`` output by running it, once, when it is drawn. The
workbook uses this for the two things ipywidgets cannot do on their own:

- :data:`PAGE_SCRIPT`, installed once per page, keeps the save indicator's "Saved 4 s ago"
  current without any message from the kernel, and asks before the page is left while a change
  is not yet saved;
- :func:`download_script` hands a file made in the kernel to the browser, which saves it
  through a ``Blob`` (a ``data:`` link stops working beyond 2 MB; the deal brief is about 5 MB).

These are plain outputs rather than custom widgets on purpose: a custom widget's front end must
start within a fixed time, and on a loaded workshop machine it sometimes does not, after which
the kernel's updates to it are dropped. An output has no start-up to miss.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import ipywidgets as widgets

__all__ = ["PAGE_SCRIPT", "download_script", "run_in_browser", "script_output"]

PAGE_SCRIPT = """
(function () {
  if (window.nwPageScript) { return; }
  window.nwPageScript = true;
  function ago(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 3) { return "just now"; }
    if (s < 60) { return s + " s ago"; }
    if (s < 3600) { return Math.floor(s / 60) + " min ago"; }
    return "over an hour ago";
  }
  function tick() {
    document.querySelectorAll('.nw-save[data-state="saved"]').forEach(function (el) {
      const at = Number(el.dataset.savedAt);
      if (!at) { return; }
      // textContent, never innerHTML: the indicator only ever shows text.
      el.textContent = "Saved " + ago(Date.now() - at) + " \\u00b7 version " + el.dataset.version;
    });
  }
  tick();
  setInterval(tick, 1000);
  window.addEventListener("beforeunload", function (event) {
    const unsaved = document.querySelector(
      '.nw-save[data-state="pending"], .nw-save[data-state="saving"], .nw-save[data-state="error"]'
    );
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
"""
"""Counts the save indicator's age and guards against leaving with unsaved changes."""


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
    return (
        "(function (f) {\n"
        "  window.nwDelivered = window.nwDelivered || {};\n"
        "  if (window.nwDelivered[f.token]) { return; }\n"
        "  window.nwDelivered[f.token] = true;\n"
        "  const raw = atob(f.data);\n"
        "  const bytes = new Uint8Array(raw.length);\n"
        "  for (let i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }\n"
        "  const url = URL.createObjectURL(new Blob([bytes], { type: f.mime }));\n"
        "  const a = document.createElement('a');\n"
        "  a.href = url;\n"
        "  a.download = f.name;\n"
        "  document.body.appendChild(a);\n"
        "  a.click();\n"
        "  a.remove();\n"
        "  setTimeout(function () { URL.revokeObjectURL(url); }, 60000);\n"
        f"}})({args});\n"
    )
