"""A download button for Voila pages: the kernel makes the file when it is clicked.

ipywidgets has no download widget, and a ``data:`` link stops working beyond a couple of
megabytes (the brief embeds plotly.js). :class:`DownloadButton` is a small anywidget: a click
asks the kernel for the file; the kernel builds it (only then, so a page does not carry every
export in advance) and sends the bytes; the browser saves them under the file name through a
``Blob``. A failure is reported at the button as a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

__all__ = ["DownloadButton", "FileMaker"]

FileMaker = Callable[[], tuple[str, str, bytes]]
"""Builds the file: ``(file name, mime type, content)``; raises ValueError with a sentence."""

_ESM = """
function render({ model, el }) {
  const button = document.createElement("button");
  button.className = "jupyter-button widget-button nw-download-button";
  button.type = "button";
  const note = document.createElement("span");
  note.className = "nw-download-note";
  note.setAttribute("role", "status");
  el.appendChild(button);
  el.appendChild(note);
  function draw() {
    const busy = model.get("busy");
    button.textContent = busy ? "Preparing\\u2026" : model.get("label");
    button.disabled = busy || model.get("disabled");
    note.textContent = model.get("error");  // text only: it may quote a file name
  }
  button.addEventListener("click", () => {
    model.set("error", "");
    model.set("busy", true);
    model.set("request", model.get("request") + 1);
    model.save_changes();
    draw();
  });
  model.on("change:ready", () => {
    const data = model.get("payload");
    if (data && data.byteLength) {
      const blob = new Blob([data], { type: model.get("mime") });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = model.get("filename");
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    }
    draw();
  });
  ["change:busy", "change:label", "change:error", "change:disabled"].forEach(
    (e) => model.on(e, draw));
  draw();
}
export default { render };
"""

_CSS = """
.nw-download-button { margin-right: 6px; }
.nw-download-note { color: #8a1c24; font-size: 0.85rem; }
"""


class DownloadButton(anywidget.AnyWidget):
    """A button that downloads the file ``make()`` returns.

    Parameters
    ----------
    label
        The button's text.
    make
        Builds ``(file name, mime type, bytes)`` when clicked. A ``ValueError`` (or a
        :class:`~negotiation_lib.domain.errors.CaseError`) shows its message at the button.
    """

    _esm = _ESM
    _css = _CSS
    label = traitlets.Unicode("Download").tag(sync=True)
    filename = traitlets.Unicode("").tag(sync=True)
    mime = traitlets.Unicode("application/octet-stream").tag(sync=True)
    payload = traitlets.Bytes(b"").tag(sync=True)
    request = traitlets.Int(0).tag(sync=True)
    ready = traitlets.Int(0).tag(sync=True)
    busy = traitlets.Bool(False).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, label: str, make: FileMaker, **kwargs: Any) -> None:
        super().__init__(label=label, **kwargs)
        self._make = make
        self.observe(self._on_request, names="request")

    def _on_request(self, _change: dict[str, Any]) -> None:
        self.deliver()

    def deliver(self) -> bool:
        """Build the file and hand it to the browser; return whether it worked."""
        try:
            name, mime, content = self._make()
        except ValueError as err:
            self.payload = b""
            self.error = str(getattr(err, "message", None) or err)
            self.busy = False
            self.ready += 1
            return False
        self.error = ""
        self.filename, self.mime, self.payload = name, mime, content
        self.busy = False
        self.ready += 1  # the browser saves the payload as it handles this change
        self.payload = b""  # then the page need not keep a copy
        return True
