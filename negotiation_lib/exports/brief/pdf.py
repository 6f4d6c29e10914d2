"""Printing the brief to PDF with headless Chromium.

The HTML brief is complete on its own; the PDF is the same page printed by a browser, so that
the charts (drawn by plotly.js in the page) look as they do on screen. Chromium runs in a
session of its own, with a throw-away profile in a temporary folder and its background
services off; on a timeout the whole process group it started is killed, nothing else.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

__all__ = ["CHROMIUM_FLAGS", "brief_pdf"]

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
"""How the workbook runs Chromium headless (the PDF here; the browser tests and benchmarks too):
as root without a sandbox, and without the background services whose connections a closed
network refuses."""


def _tail(text: str | bytes | None, lines: int = 15) -> str:
    """The last non-empty lines a process printed, for an error message."""
    if text is None:
        return "(no output)"
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    kept = [line for line in text.strip().splitlines() if line.strip()][-lines:]
    return "\n".join(kept) or "(no output)"


def _find_chromium(chromium: str) -> str:
    found = shutil.which(chromium)
    if found is None and os.path.isfile(chromium) and os.access(chromium, os.X_OK):
        found = chromium
    if found is None:
        raise RuntimeError(
            f"Chromium was not found at {chromium!r}, so the brief cannot be printed to PDF. "
            "Install it (on Debian: apt-get install chromium) or pass chromium= the path of a "
            "Chromium or Chrome executable. The HTML brief works without it."
        )
    return found


def brief_pdf(
    html: str, out: Path, *, chromium: str = "/usr/bin/chromium", timeout: float = 120
) -> Path:
    """Print a brief (from :func:`~negotiation_lib.exports.brief.brief_html`) to PDF.

    Parameters
    ----------
    html
        The HTML document.
    out
        Where to write the PDF; its folder is created when missing, an existing file is
        replaced only when printing succeeds.
    chromium
        The Chromium (or Chrome) executable, as a path or a command name.
    timeout
        Seconds to wait for Chromium before giving up.

    Returns
    -------
    pathlib.Path
        ``out``, resolved.

    Raises
    ------
    RuntimeError
        When Chromium is missing, fails, times out or writes no PDF; the message ends with
        the last lines Chromium printed.

    Notes
    -----
    The page is opened from a temporary file with a throw-away profile, networking and
    background services off. ``--virtual-time-budget`` lets the charts' scripts run to the end
    before the page is printed, and the print style sheet sets A4 pages.
    """
    exe = _find_chromium(chromium)
    target = Path(out).expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="negotiation-brief-") as tmp:
        folder = Path(tmp)
        page = folder / "brief.html"
        page.write_text(html, encoding="utf-8")
        printed = folder / "brief.pdf"
        command = [
            exe,
            "--headless",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=10000",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        try:
            proc = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as err:
            raise RuntimeError(f"Chromium could not be started ({exe}): {err}") from err
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # Chromium runs helper processes: end the whole group we started, nothing else.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            raise RuntimeError(
                f"Chromium did not print the brief within {timeout:g} s. "
                f"Its last output:\n{_tail(stderr or stdout)}"
            ) from None
        ok = (
            proc.returncode == 0
            and printed.is_file()
            and printed.stat().st_size > 0
            and printed.read_bytes()[:5] == b"%PDF-"
        )
        if not ok:
            raise RuntimeError(
                f"Chromium could not print the brief to PDF (exit code {proc.returncode}). "
                f"Its last output:\n{_tail(stderr or stdout)}"
            )
        shutil.move(str(printed), target)
    return target
