"""The workbook under JupyterHub: one single-user server per trainee, one store for all.

A trainee logs in at the hub with a name and the workshop's join code and lands on their own
workbook, already joined; a facilitator logs in with the workshop's facilitator key and lands
on the dashboard. Its parts:

- :mod:`.authenticator`: :class:`~.authenticator.WorkbookAuthenticator`, the hub's login
  (join code, resume code or facilitator key; the store's attempt limits apply);
- :mod:`.singleuser`: ``negotiation-workbook singleuser``, the single-user server the hub
  spawns (jupyter_server with the hub's login, serving the workbook's Voila pages only);
- :mod:`.config`: :func:`~.config.configure_hub`, which fills a JupyterHub configuration for
  a hub of local processes (``deploy/jupyterhub/jupyterhub_config.py``);
- :mod:`.command`: ``negotiation-workbook hub``, that hub started on this machine.

This module imports nothing of JupyterHub: the names below are shared by the hub's process
and the single-user servers' kernels, which read them from their environment.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "DASHBOARD_URL",
    "FACILITATOR_KEY_ENV",
    "RESUME_ENV",
    "WORKBOOK_URL",
    "facilitator_username",
    "name_slug",
]

RESUME_ENV = "NEGOTIATION_WORKBOOK_RESUME"
"""The resume code of the trainee a single-user server belongs to (its pages open their work)."""

FACILITATOR_KEY_ENV = "NEGOTIATION_WORKBOOK_FACILITATOR_KEY"
"""The facilitator key of a facilitator's single-user server."""

WORKBOOK_URL = "/voila/render/workbook.ipynb"
"""Where a trainee's server opens: their workbook."""

DASHBOARD_URL = "/voila/render/dashboard.ipynb"
"""Where a facilitator's server opens: the dashboard."""

SLUG_LIMIT = 40
"""Most characters of the name part of a hub username."""

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def name_slug(name: str) -> str:
    """A participant's name as the URL-safe part of a hub username.

    Lower-case ASCII letters and digits with single dashes between them; accents are dropped
    and anything else becomes a dash, so a slug never holds two dashes in a row (the hub's
    usernames use ``--`` to add a participant's number where two names give one slug). Empty
    when the name has no letter or digit that ASCII can write.

    Examples
    --------
    >>> name_slug("Team Blue"), name_slug("  Zoë & Anaïs "), name_slug("李")
    ('team-blue', 'zoe-anais', '')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_name.lower()).strip("-")
    return slug[:SLUG_LIMIT].rstrip("-")


def facilitator_username(workshop_id: int) -> str:
    """The hub username of a workshop's facilitator.

    Examples
    --------
    >>> facilitator_username(3)
    'w3-facilitator'
    """
    return f"w{workshop_id}-facilitator"
