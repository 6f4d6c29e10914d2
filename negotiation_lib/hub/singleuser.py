"""``negotiation-workbook singleuser``: the single-user server a hub spawns for each person.

JupyterHub's ``jupyterhub-singleuser`` (jupyter_server with the hub's login: only the user the
server belongs to, logged in at the hub, reaches it) with Voila's server extension configured
as ``negotiation-workbook serve`` configures Voila (:func:`negotiation_lib.cli.voila_argv`):

- the ``workbook`` page template (from ``negotiation_lib/share`` on ``JUPYTER_PATH``), sources
  stripped, no tracebacks, the browser's ``Accept-Language`` in each kernel's environment (the
  kernel reads number formats from it), kernels on Unix sockets, closed pages' kernels culled;
- the notebooks folder as the server's root, and no other Jupyter application: JupyterLab, the
  notebook, its file tree, language servers and terminals are switched off, so ``/lab`` and
  ``/tree`` answer 404; the contents API reads the notebooks and refuses every change
  (:class:`~negotiation_lib.hub.contents.ReadOnlyContents`);
- the security headers of :data:`negotiation_lib.serving.headers.SECURITY_HEADERS` on every
  answer of the server's handlers (``ServerApp.tornado_settings``);
- a server with no kernel and no request for :data:`IDLE_SHUTDOWN_S` stops itself (the hub
  starts it again at the person's next visit);
- kernels managed as under ``serve``
  (:class:`~negotiation_lib.serving.kernels.WorkbookKernelManager`): every widget message of a
  page's first burst kept, freed memory given back after each shutdown.

What the standalone server adds on top of Voila (:mod:`negotiation_lib.serving`: kernels bound
to pages by a cookie, its own token login) does not apply here: a server answers one hub user
only, and Voila's server extension starts a kernel for each page request (no preheated pool).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["DISABLED_EXTENSIONS", "IDLE_SHUTDOWN_S", "main", "singleuser_argv"]

IDLE_SHUTDOWN_S = 3600
"""Seconds a single-user server with no kernel and no request waits before it stops itself."""

DISABLED_EXTENSIONS = (
    "jupyterlab",
    "notebook",
    "notebook_shim",
    "nbclassic",
    "jupyter_lsp",
    "jupyter_server_terminals",
)
"""Jupyter server extensions a trainee's server never loads (their pages would open code)."""


TORNADO_SETTINGS: dict[str, object] = {"mathjax_url": None, "mathjax_config": None}
"""No MathJax from a CDN: without these, Voila's server extension has the page load MathJax 2
from cdnjs; with them the page uses the MathJax bundled with Voila, as the standalone server."""


def singleuser_command() -> str:
    """The ``jupyterhub-singleuser`` program beside this Python, or the one on PATH."""
    beside = Path(sys.executable).with_name("jupyterhub-singleuser")
    if beside.exists():
        return str(beside)
    return shutil.which("jupyterhub-singleuser") or str(beside)


def singleuser_argv(idle_shutdown_s: int = IDLE_SHUTDOWN_S) -> list[str]:
    """The command line of a single-user server.

    Examples
    --------
    >>> argv = singleuser_argv()
    >>> "--VoilaConfiguration.http_header_envs=Accept-Language" in argv
    True
    >>> "--ServerApp.jpserver_extensions=jupyterlab=False" in argv
    True
    """
    from negotiation_lib.cli import CULL_IDLE_TIMEOUT, CULL_INTERVAL, IOPUB_TIMEOUT, NOTEBOOKS_DIR
    from negotiation_lib.serving.headers import SECURITY_HEADERS

    extensions = {"voila.server_extension": True} | dict.fromkeys(DISABLED_EXTENSIONS, False)
    argv = [
        singleuser_command(),
        f"--ServerApp.root_dir={NOTEBOOKS_DIR}",
        # A dict on the command line: one key=value per option.
        *(f"--ServerApp.jpserver_extensions={name}={on}" for name, on in extensions.items()),
        "--ServerApp.terminals_enabled=False",
        # The notebooks every page runs can be read, never changed, through this server.
        "--ServerApp.contents_manager_class=negotiation_lib.hub.contents.ReadOnlyContents",
        f"--ServerApp.shutdown_no_activity_timeout={idle_shutdown_s}",
        # A Python literal (traitlets reads a whole dict given at once with literal_eval).
        f"--ServerApp.tornado_settings={TORNADO_SETTINGS | {'headers': SECURITY_HEADERS}!r}",
        "--VoilaConfiguration.template=workbook",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        # The page's kernel reads numbers as the visitor's language writes them.
        "--VoilaConfiguration.http_header_envs=Accept-Language",
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL}",
        "--MappingKernelManager.cull_connected=False",
        # Unix sockets readable by this user only, as under ``serve``.
        "--KernelManager.transport=ipc",
        # Kernels managed as under ``serve``: no widget message of a page's burst dropped
        # (the server's queue and the kernel's publisher), freed memory given back.
        "--ServerApp.kernel_manager_class=negotiation_lib.serving.kernels.WorkbookKernelManager",
    ]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    return argv


def main(extra: Sequence[str] = ()) -> int:
    """Replace this process with the single-user server (returns only when it cannot start).

    ``extra`` are the options the hub's spawner adds (passed on to ``jupyterhub-singleuser``).
    """
    from negotiation_lib.cli import serve_env

    argv = [*singleuser_argv(), *extra]
    if not Path(argv[0]).exists():
        print(
            "error: jupyterhub-singleuser is not installed; install the workbook's hub extra "
            "(pip install 'negotiation-workbook[hub]').",
            file=sys.stderr,
        )
        return 1
    env = serve_env()
    # The hub's settings only: nothing in the user's own Jupyter config folder changes them.
    env["JUPYTERHUB_DISABLE_USER_CONFIG"] = "1"
    if not env.get("JUPYTER_RUNTIME_DIR"):
        # Kernels' Unix sockets are named after their connection files, and a socket's path
        # has at most 107 bytes: the user's home under the hub's state folder can be too deep.
        env["JUPYTER_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="nw-kernels-")
    os.execve(argv[0], argv, env)
    return 0  # pragma: no cover - execve does not return
