"""What ``negotiation-workbook serve`` adds to Voila so that a room on a network can use it.

Loaded through Voila's own configuration (:func:`voila_options`, on the command line that
:func:`negotiation_lib.cli.voila_argv` builds), never by changing installed files:

- :mod:`.pages` and :mod:`.kernels`: each kernel is bound to the browser that rendered its page
  by a page key, an ``HttpOnly`` cookie set on the page's response when Voila hands the kernel
  to it (a preheated kernel is bound when it leaves the pool, not when it starts);
- :mod:`.access`: a kernel's REST and websocket routes and its shutdown route refuse requests
  without that key, and a websocket without an ``Origin`` header; Voila's ``voila/query`` route
  answers only the kernels themselves; a few routes that answered 500 answer 404;
- :mod:`.forking` and :mod:`.kernel_parent`: the kernels are forked from one warm parent
  that has already imported the workbook, instead of each importing it anew;
- :mod:`.headers`: ``Referrer-Policy``, a ``Content-Security-Policy`` with ``script-src`` limited
  to the server's own scripts;
- :mod:`.home`: the server's root (and Voila's file list) opens the workbook's home page;
- :mod:`.run` (``python -m negotiation_lib.serving``): Voila's application as ``serve`` runs
  it, printing the home page's address once it listens and stopping without tracebacks.

This package runs in the server process only: a page's kernel never imports it (nor anything
of Voila's server side). Its own package ``__init__`` imports nothing of the server stack
either, so the command line can build the options without loading it.
"""

from __future__ import annotations

import json

__all__ = ["voila_options"]

_PACKAGE = __name__


def voila_options() -> list[str]:
    """The Voila command-line options that load the workbook's serving rules.

    Examples
    --------
    >>> options = voila_options()
    >>> any("authorizer_class=negotiation_lib.serving.access.PageAuthorizer" in o for o in options)
    True
    """
    from negotiation_lib.serving.headers import SECURITY_HEADERS

    return [
        f"--Voila.identity_provider_class={_PACKAGE}.access.WorkbookIdentityProvider",
        f"--Voila.authorizer_class={_PACKAGE}.access.PageAuthorizer",
        f"--VoilaConfiguration.multi_kernel_manager_class={_PACKAGE}.kernels.PageBoundKernelManager",
        "--KernelProvisionerFactory.default_provisioner_name=negotiation-workbook-forked",
        f"--Voila.tornado_settings={json.dumps({'headers': SECURITY_HEADERS})}",
    ]
