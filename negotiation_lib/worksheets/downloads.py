"""A download button for Voila pages: the kernel makes the file when it is clicked.

ipywidgets has no download widget, and a ``data:`` link stops working beyond 2 MB (the deal
brief embeds plotly.js and weighs about 5 MB). :class:`DownloadButton` is a plain button: a
click builds the file in the kernel (only then, so a page does not carry every export in
advance) and sends it to the page as a one-off script that saves it through a ``Blob``
(:func:`~negotiation_lib.worksheets.browser.download_script`). A failure is reported at the
button as a sentence.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from negotiation_lib.formatting import escape
from negotiation_lib.worksheets.browser import download_script, run_in_browser
from negotiation_lib.worksheets.shared_models import shared_layout

__all__ = ["CLEAR_AFTER_S", "XLSX_MIME", "Delivery", "DownloadButton", "FileMaker"]

FileMaker = Callable[[], tuple[str, str, bytes]]
"""Builds the file: ``(file name, mime type, content)``; raises ValueError with a sentence."""

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
"""The media type of an Excel workbook."""

CLEAR_AFTER_S = 5.0
"""Seconds the delivery script stays on the page before it is cleared (it runs once anyway)."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """The last file a button handed to the browser."""

    number: int
    name: str
    mime: str
    content: bytes
    script: str


class DownloadButton(widgets.HBox):  # type: ignore[misc]  # ipywidgets is untyped
    """A button that downloads the file ``make()`` returns.

    Parameters
    ----------
    label
        The button's text.
    make
        Builds ``(file name, mime type, bytes)`` when clicked. A ``ValueError`` (or a
        :class:`~negotiation_lib.domain.errors.CaseError`) shows its message at the button.
    """

    def __init__(self, label: str, make: FileMaker, **kwargs: Any) -> None:
        self.button = widgets.Button(description=label, icon="download")
        self.button.add_class("nw-download-button")
        self.note = widgets.HTML()
        self.note.add_class("nw-download-note")
        self._area = widgets.Output(layout=shared_layout(display="none"))
        super().__init__([self.button, self.note, self._area], **kwargs)
        self.add_class("nw-download")
        self.label = label
        self._make = make
        self.delivered: Delivery | None = None
        self.error = ""
        self._count = 0
        self.button.on_click(lambda _button: self.deliver())

    def deliver(self) -> bool:
        """Build the file and hand it to the browser; return whether it worked."""
        was_disabled = self.button.disabled
        self.button.description, self.button.disabled = "Preparing…", True
        self.note.value = ""
        try:
            name, mime, content = self._make()
        except ValueError as err:
            self.error = str(getattr(err, "message", None) or err)
            self.note.value = escape(self.error)  # it may quote a file name
            return False
        finally:
            self.button.description, self.button.disabled = self.label, was_disabled
        self.error = ""
        self._count += 1
        script = download_script(f"{id(self)}-{self._count}", name, mime, content)
        self.delivered = Delivery(self._count, name, mime, content, script)
        run_in_browser(self._area, script)
        self._clear_later()
        return True

    def _clear_later(self) -> None:
        """Drop the script from the page once it has run: the page need not keep the file."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # outside a kernel: nothing is on a page
            return
        number = self._count
        loop.call_later(CLEAR_AFTER_S, lambda: self._clear(number))

    def _clear(self, number: int) -> None:
        if number == self._count:  # a later delivery replaces it instead
            self._area.outputs = ()
