"""A JupyterHub of local processes serving the workbook, as one function fills its config.

:func:`configure_hub` is all a JupyterHub configuration file needs
(``deploy/jupyterhub/jupyterhub_config.py``; ``negotiation-workbook hub`` writes one into its
state folder):

- the workbook's login (:class:`~negotiation_lib.hub.authenticator.WorkbookAuthenticator`) and
  its login page (``negotiation_lib/hub/templates``);
- single-user servers started as local processes by ``SimpleLocalProcessSpawner``, which needs
  no system account per user: every server runs as the hub's own user, with a home folder in
  the hub's state folder. That suits one machine run by one organiser (a workshop room, a test),
  not a shared machine whose users must be kept apart from each other;
- each server is ``negotiation-workbook singleuser`` (:mod:`negotiation_lib.hub.singleuser`) on
  127.0.0.1, told not to upgrade the store's schema (``NEGOTIATION_WORKBOOK_DB_UPGRADE=off``):
  the schema is upgraded once, here, before the hub starts anybody's server;
- JupyterHub's configurable-http-proxy (:func:`proxy_command`), its API on a free loopback
  port, and everything the hub keeps (its database, cookie secret, auth-state key, the
  proxy's pid file, the users' home folders, its log) inside the state folder, so two hubs in
  two folders share nothing; only the kernels' socket files live in a short temporary folder
  of the hub's own (a socket's path has at most 107 bytes), removed when the hub exits.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import socket
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from negotiation_lib.store.config import UPGRADE_ENV

__all__ = [
    "CHP_ENV",
    "HubSetupError",
    "configure_hub",
    "free_port",
    "proxy_command",
    "running_hub",
    "upgrade_store",
]

CHP_ENV = "NEGOTIATION_WORKBOOK_CHP"
"""Names the configurable-http-proxy program to use, when set."""

REPO_DIR = Path(__file__).resolve().parents[2]
"""The repository (or installation) folder, whose ``.node/`` ``make test-deps`` fills."""

LOCAL_CHP = REPO_DIR / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"
"""Where ``make test-deps`` installs configurable-http-proxy with npm."""

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
"""The hub's page templates: the workbook's login form."""

RUNTIME_ENV = "JUPYTER_RUNTIME_DIR"

HUB_PID_NAME = "jupyterhub.pid"
"""The hub's pid file in its state folder: a second hub on the same folder is refused."""

SPAWN_TIMEOUT_S = 180
"""Seconds a single-user server may take to start and answer (a small machine, many logins)."""


class HubSetupError(RuntimeError):
    """The hub cannot be set up; the message says what to do."""


def proxy_command() -> str:
    """The configurable-http-proxy program: ``$NEGOTIATION_WORKBOOK_CHP``, ``.node/``, or PATH.

    Raises
    ------
    HubSetupError
        When none is found, with the sentence that says how to install it.
    """
    named = os.environ.get(CHP_ENV, "").strip()
    if named:
        found = shutil.which(named)
        if found is None:
            raise HubSetupError(
                f"{CHP_ENV} names {named}, which is not a program that can run here."
            )
        return found
    if os.access(LOCAL_CHP, os.X_OK):
        return str(LOCAL_CHP)
    found = shutil.which("configurable-http-proxy")
    if found is None:
        raise HubSetupError(
            "JupyterHub's proxy, configurable-http-proxy, is not installed. Install it with "
            "'make test-deps' (npm install --prefix .node configurable-http-proxy@4), or name "
            f"the program in {CHP_ENV}."
        )
    return found


def running_hub(state: Path) -> int | None:
    """The process id of a hub running from ``state`` now, or None."""
    try:
        pid = int((state / HUB_PID_NAME).read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def free_port(ip: str = "127.0.0.1") -> int:
    """A TCP port free on ``ip`` right now (the hub's and the proxy's internal APIs)."""
    with socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET) as s:
        s.bind((ip, 0))
        return int(s.getsockname()[1])


def upgrade_store(url: str | None = None) -> str:
    """Bring the store's schema up to date once, before any single-user server opens it.

    Returns the store's URL (password hidden) for messages.

    Raises
    ------
    negotiation_lib.store.StoreError
        When the store cannot be reached or was made by a newer workbook.
    """
    from negotiation_lib.store import Store, StoreError
    from negotiation_lib.store.config import redacted
    from negotiation_lib.store.schema import migration_files

    store = Store(url, upgrade=False)
    try:
        current = store.current_revision()
        if current is not None and current not in migration_files():
            raise StoreError(
                f"The workshop store at {redacted(store.url)} was made by a newer version of "
                f"the workbook (schema revision {current}); upgrade the workbook to use it."
            )
        store.upgrade()
    finally:
        store.close()
    return redacted(store.url)


def _runtime_dirs() -> Callable[[Any], str]:
    """Each server's Jupyter runtime folder: ``/tmp/nw-hub-XXXX/<user number>``.

    A kernel's Unix sockets are named after its connection file there, and a socket's path has
    at most 107 bytes, which a folder under the state folder (or a long username) can exceed.
    The folder is removed when the hub exits.
    """
    base = Path(tempfile.mkdtemp(prefix="nw-hub-"))
    atexit.register(shutil.rmtree, base, True)

    def runtime_dir(spawner: Any) -> str:
        return str(base / str(spawner.user.id))

    return runtime_dir


def _crypt_key(state: Path) -> str:
    """The key encrypting auth states, kept in the state folder (drawn the first time)."""
    path = state / "jupyterhub_crypt_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def configure_hub(
    c: Any,
    state: Path | str,
    *,
    ip: str = "127.0.0.1",
    port: int = 8000,
    store_url: str | None = None,
    upgrade: bool = True,
) -> None:
    """Fill JupyterHub's configuration ``c`` for a hub of local processes serving the workbook.

    Parameters
    ----------
    c
        The configuration object of a JupyterHub configuration file.
    state
        The hub's own folder (created): its database, secrets, proxy pid file, users' homes.
    ip, port
        Where trainees reach the hub (the proxy's public address).
    store_url
        The workshop store (default: the workbook's own setting, ``NEGOTIATION_WORKBOOK_DB``
        or the embedded SQLite file).
    upgrade
        Upgrade the store's schema now (:func:`upgrade_store`); ``False`` when the caller has.

    Raises
    ------
    HubSetupError
        When the proxy is not installed.
    negotiation_lib.store.StoreError
        When the store cannot be upgraded.
    """
    from negotiation_lib.hub.authenticator import WorkbookAuthenticator
    from negotiation_lib.store.config import DB_ENV, database_url

    state = Path(state).expanduser().resolve()
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)  # secrets and the hub's database live here
    url = store_url or database_url()
    if upgrade:
        upgrade_store(url)
    # The single-user servers open the store from their environment (set per user at spawn).
    os.environ[DB_ENV] = url

    hub = c.JupyterHub
    hub.bind_url = f"http://{_url_host(ip)}:{port}/"
    hub.hub_ip = "127.0.0.1"
    hub.hub_port = free_port()
    hub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    hub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    hub.pid_file = str(state / HUB_PID_NAME)
    hub.template_paths = [str(TEMPLATES_DIR)]
    hub.authenticator_class = WorkbookAuthenticator
    hub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    hub.cleanup_servers = True

    c.CryptKeeper.keys = [_crypt_key(state)]
    c.WorkbookAuthenticator.store_url = url

    c.ConfigurableHTTPProxy.command = [proxy_command()]
    c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{free_port()}"
    c.ConfigurableHTTPProxy.should_start = True

    spawner = c.Spawner
    spawner.cmd = [sys.executable, "-m", "negotiation_lib.cli", "singleuser"]
    spawner.ip = "127.0.0.1"
    spawner.start_timeout = SPAWN_TIMEOUT_S
    spawner.http_timeout = SPAWN_TIMEOUT_S
    spawner.disable_user_config = True
    spawner.environment = {UPGRADE_ENV: "off", RUNTIME_ENV: _runtime_dirs()}
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "users" / "{username}")

    try:  # optional: stops servers the hub has not seen used for an hour
        import jupyterhub_idle_culler  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        pass  # each server stops itself once idle (negotiation_lib.hub.singleuser)
    else:
        hub.services = [
            {
                "name": "idle-culler",
                "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"],
            }
        ]
        hub.load_roles = [
            {
                "name": "idle-culler",
                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
                "services": ["idle-culler"],
            }
        ]


def _url_host(ip: str) -> str:
    return f"[{ip}]" if ":" in ip else ip
