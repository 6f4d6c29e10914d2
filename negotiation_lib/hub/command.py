"""The ``negotiation-workbook hub`` and ``singleuser`` commands.

``negotiation-workbook hub [--port 8000] [--ip 127.0.0.1] [--state DIR]`` upgrades the store's
schema once, writes a JupyterHub configuration file into the state folder (a call of
:func:`negotiation_lib.hub.config.configure_hub`), starts JupyterHub on it with its log in the
state folder, and prints the login page's address once the page answers. Ctrl-C stops the hub
and everyone's server; the command then says so, without a traceback.

``negotiation-workbook singleuser`` is what the hub starts for each person
(:mod:`negotiation_lib.hub.singleuser`); :func:`negotiation_lib.cli.main` hands it every option
the hub's spawner adds, unparsed.

Parsing the command line imports nothing of JupyterHub: it is loaded when the command runs.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = ["HUB_READY_TIMEOUT_S", "add_hub_commands", "login_url"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

HUB_READY_TIMEOUT_S = 120
"""Seconds ``hub`` waits for the hub's login page to answer before it gives up."""

STOP_TIMEOUT_S = 60
"""Seconds the hub has to stop everyone's server after Ctrl-C before it is killed."""


def add_hub_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``hub`` and ``singleuser`` to the command line's subcommands."""
    p = sub.add_parser(
        "hub", help="a local JupyterHub: each trainee logs in with a name and the join code"
    )
    p.add_argument("--port", type=int, default=8000, help="where the login page is (8000)")
    p.add_argument(
        "--ip",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1, this machine only; on any other, "
        "the hub's login page is what guards the workbook)",
    )
    p.add_argument(
        "--state",
        default="jupyterhub-state",
        help="the hub's own folder: its database, secrets and log (default ./jupyterhub-state)",
    )
    p.set_defaults(run=_cmd_hub)
    p = sub.add_parser(
        "singleuser", help="one person's server under a hub (the hub starts it, not you)"
    )
    p.set_defaults(run=lambda _: EXIT_USAGE)  # cli.main() hands its options on unparsed


def login_url(ip: str, port: int) -> str:
    """The login page's address as a browser on this machine opens it.

    Examples
    --------
    >>> login_url("0.0.0.0", 8000), login_url("::1", 8001)
    ('http://127.0.0.1:8000/hub/login', 'http://[::1]:8001/hub/login')
    """
    host = "127.0.0.1" if ip in ("0.0.0.0", "::", "") else ip
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/hub/login"


def _config_file(state: Path, ip: str, port: int) -> Path:
    """The JupyterHub configuration file ``hub`` runs: a call of ``configure_hub``."""
    path = state / "jupyterhub_config.py"
    path.write_text(
        "# Written by 'negotiation-workbook hub' at each start; changes are overwritten.\n"
        "from negotiation_lib.hub.config import configure_hub\n\n"
        f"configure_hub(c, {str(state)!r}, ip={ip!r}, port={port}, upgrade=False)  # noqa: F821\n",
        encoding="utf-8",
    )
    return path


def _port_taken(ip: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((ip, port))
        except OSError:
            return True
    return False


def _wait_for_login(url: str, hub: subprocess.Popen[bytes]) -> bool:
    """Whether the hub's login page answers before the hub exits or the wait ends."""
    deadline = time.monotonic() + HUB_READY_TIMEOUT_S
    while time.monotonic() < deadline and hub.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    return False


def _prepared(ip: str, port: int, state: Path) -> str | None:
    """Check the proxy, the port and the state folder, and upgrade the store once.

    Returns an error sentence, or None when the hub can start.
    """
    from negotiation_lib.hub.config import (
        HubSetupError,
        proxy_command,
        running_hub,
        upgrade_store,
    )
    from negotiation_lib.store import StoreError

    other = running_hub(state)
    if other is not None:
        return (
            f"Another hub (process {other}) runs from {state}; stop it first, or give this "
            "one a state folder of its own with --state."
        )
    try:
        proxy_command()
        print(f"Workshop store: {upgrade_store()} (schema up to date)", flush=True)
    except HubSetupError as err:
        return str(err)
    except StoreError as err:
        return err.message
    if _port_taken(ip, port):
        return f"Port {port} on {ip} is in use; choose another with --port."
    return None


def _cmd_hub(args: argparse.Namespace) -> int:
    from negotiation_lib.cli import is_loopback, serve_env

    state = Path(args.state).expanduser().resolve()
    problem = _prepared(args.ip, args.port, state)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_INVALID
    state.mkdir(parents=True, exist_ok=True)
    config = _config_file(state, args.ip, args.port)
    log_path = state / "jupyterhub.log"
    login = login_url(args.ip, args.port)
    print(f"Starting the hub in {state} (its log: {log_path}) ...", flush=True)
    with log_path.open("ab") as log:
        hub = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=state,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=serve_env(),
        )
        try:
            if not _wait_for_login(login, hub):
                if hub.poll() is None:
                    hub.terminate()
                hub.wait()
                print(f"error: the hub did not start; see its log, {log_path}", file=sys.stderr)
                return EXIT_INVALID
            print(f"Trainees and facilitators log in at {login}", flush=True)
            if not is_loopback(args.ip):
                print(
                    f"  The hub listens on {args.ip}, beyond this machine: anyone who reaches "
                    "it meets the login page, where only a workshop's codes let them in.",
                    flush=True,
                )
            print("  Press Ctrl-C to stop the hub and everyone's server.", flush=True)
            hub.wait()
        except KeyboardInterrupt:
            # Ctrl-C reached the hub too (one process group): it stops everyone's server.
            try:
                hub.wait(timeout=STOP_TIMEOUT_S)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):
                hub.kill()
                hub.wait()
            raise
    print(f"The hub stopped (its log: {log_path}).", file=sys.stderr)
    return EXIT_INVALID if hub.returncode else EXIT_OK
