"""The command line as a person at a terminal meets it: the server's address, its root, its
stop, and output piped into ``head``.

``negotiation-workbook serve`` runs for real here (the browser tests' ``start_server``, on a
free port with a store of its own); no browser is needed. A stop is sent the way a terminal
sends it: SIGINT to the server's process group for Ctrl-C, SIGTERM for a service manager.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from negotiation_lib.datasets import sample_case_path
from tests.browser.conftest import Server, start_server, stop_server

EXE = Path(sys.executable).with_name("negotiation-workbook")
HOME = "/voila/render/home.ipynb"
STOP_TIMEOUT_S = 60
# What a stopping server must not print: a traceback, or an exception's name on a line.
TRACEBACK = re.compile(r"Traceback|^\w*(Error|Exception)\b", re.M)


def _get(server: Server, path: str) -> http.client.HTTPResponse:
    """GET ``path`` from the server without following redirects."""
    where = urlsplit(server.url)
    connection = http.client.HTTPConnection(where.hostname or "", where.port, timeout=60)
    connection.request("GET", path)
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer


def _stop(server: Server, sig: signal.Signals) -> tuple[int, str]:
    """Send ``sig`` to the server's process group; its exit code and everything it printed."""
    os.killpg(server.process.pid, sig)
    try:
        code = server.process.wait(timeout=STOP_TIMEOUT_S)
    finally:
        stop_server(server)  # ends it if it did not stop, and removes its data folder
    return code, server.log_tail(200_000)


def _announced_home(server: Server) -> str:
    """The home page's address the server printed once it listened (waits a little for it)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"home page: (http://\S+)", server.log_tail(200_000))
        if found:
            return found.group(1)
        time.sleep(0.2)
    pytest.fail(f"the server printed no home page address:\n{server.log_tail()}")


def test_the_root_opens_the_home_page_the_printed_address_works_and_ctrl_c_is_quiet() -> None:
    server = start_server("cli-serve-ctrl-c")
    try:
        # The address printed on start-up is the home page, on the port the server listens on.
        announced = _announced_home(server)
        assert announced == server.url.rstrip("/") + HOME
        assert _get(server, urlsplit(announced).path).status == 200

        # The root and Voila's file list send the browser to the home page, query kept.
        root = _get(server, "/")
        assert root.status == 302
        assert root.getheader("Location") == HOME
        assert _get(server, "/?token=abc").getheader("Location") == HOME + "?token=abc"
        assert _get(server, "/voila/tree").getheader("Location") == HOME
        assert _get(server, "/voila/tree/").getheader("Location") == HOME
        # The redirect carries the server's security headers like every other answer.
        assert root.getheader("Referrer-Policy") == "no-referrer"
    except BaseException:
        stop_server(server)
        raise

    # Ctrl-C at once, while the preheated kernels may still be starting.
    code, printed = _stop(server, signal.SIGINT)
    assert code == 0, printed[-3000:]
    assert not TRACEBACK.search(printed), printed[-6000:]


def test_sigterm_stops_the_server_without_a_traceback() -> None:
    server = start_server("cli-serve-sigterm")
    code, printed = _stop(server, signal.SIGTERM)
    assert code == 0, printed[-3000:]
    assert not TRACEBACK.search(printed), printed[-6000:]


def test_report_into_a_reader_that_stops_early_ends_quietly_with_the_pipe_code() -> None:
    case = str(sample_case_path("pumpco_acme_foods"))
    report = subprocess.Popen(
        [str(EXE), "report", case], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert report.stdout is not None
    assert report.stderr is not None
    # The reader goes away before the report is written, as `head` does once it has its lines.
    report.stdout.close()
    errors = report.stderr.read().decode()
    assert report.wait(timeout=120) == 141  # 128 + SIGPIPE, as `cat` ends in the same place
    assert errors == ""


@pytest.mark.parametrize("form", ["json", "md"])
def test_report_piped_into_head_prints_its_first_line_and_nothing_else(form: str) -> None:
    case = str(sample_case_path("pumpco_acme_foods"))
    shell = subprocess.run(
        ["bash", "-c", f'"$0" report "$1" --format {form} | head -1', str(EXE), case],
        capture_output=True,
        text=True,
        timeout=120,
    )
    first = "{" if form == "json" else "# PumpCo and Acme Foods: supply renewal"
    assert shell.stdout == first + "\n"
    assert shell.stderr == ""
