"""The server's admin secret: what it takes to create a workshop on the dashboard.

Anyone who reached the dashboard could create workshops (issue 22). Creating one there now
asks for the server's admin secret. ``negotiation-workbook serve`` draws one the first time it
runs and prints it once; ``negotiation-workbook admin-secret`` (or ``serve --admin-secret``)
sets a new one. Like the facilitator keys it is kept only as its SHA-256, in a file beside the
embedded store (:func:`admin_secret_path`, readable by its owner only), which every kernel of
the server reads. Tries are limited like codes (:mod:`negotiation_lib.store.attempts`).
Creating a workshop on the command line needs no secret: whoever runs it has the store itself.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from negotiation_lib.store.codes import digest
from negotiation_lib.store.config import data_dir

__all__ = [
    "admin_secret_path",
    "admin_secret_set",
    "check_admin_secret",
    "ensure_admin_secret",
    "set_admin_secret",
]

ADMIN_NAME = "admin-secret.sha256"


def admin_secret_path() -> Path:
    """The file holding the admin secret's SHA-256 (hex), in the store's data directory."""
    return data_dir() / ADMIN_NAME


def set_admin_secret(secret: str | None = None) -> str:
    """Keep a new admin secret (drawn at random unless given); returns it.

    Raises
    ------
    ValueError
        For a given secret shorter than 12 characters (it is the key to creating workshops).
    """
    if secret is None:
        secret = secrets.token_urlsafe(18)
    secret = secret.strip()
    if len(secret) < 12:
        raise ValueError("An admin secret has at least 12 characters.")
    path = admin_secret_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written to a new file readable by its owner only, then moved into place.
    fresh = path.with_suffix(".tmp")
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(digest(secret) + "\n")
    fresh.replace(path)
    return secret


def admin_secret_set() -> bool:
    """Whether the server has an admin secret."""
    return admin_secret_path().is_file()


def ensure_admin_secret() -> str | None:
    """Draw and keep an admin secret when the server has none; the new secret, else None."""
    return None if admin_secret_set() else set_admin_secret()


def check_admin_secret(secret: str) -> bool:
    """Whether ``secret`` is the server's admin secret (False when none is set)."""
    try:
        kept = admin_secret_path().read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    secret = secret.strip()
    if not kept or not secret or not secret.isascii():
        return False
    return hmac.compare_digest(kept, digest(secret))
