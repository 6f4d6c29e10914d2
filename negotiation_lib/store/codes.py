"""Join codes, resume codes and facilitator keys, and how they are kept.

- A **join code** is read aloud in the room (``K7MQ2-P3XR9``). It only lets someone join the
  workshop as a new participant; it opens nobody's work, so it is stored as is. Ten symbols
  (about 50 bits) since issue 22, so that guessing one through the home page, at the attempt
  limits of :mod:`negotiation_lib.store.attempts`, would take longer than any workshop; the
  six-symbol codes of earlier workshops (``K7M-Q2P``) keep working.
- A **resume code** is a participant's personal secret (``H3KQ-7MWX-P2RD``): with it they
  reopen their worksheets from any browser. It is stored only as its SHA-256.
- A **facilitator key** opens the dashboard of one workshop. It is shown once and stored only
  as its SHA-256.

Both secrets are drawn by :mod:`secrets` with at least 59 bits of entropy (resume codes; keys
have 144), far beyond guessing through page loads that each start a kernel, so a fast hash is
the right tool: a slow password hash protects low-entropy secrets people choose, which these
are not.
"""

from __future__ import annotations

import hashlib
import secrets

__all__ = [
    "ALPHABET",
    "JOIN_CODE_LENGTH",
    "digest",
    "format_join_code",
    "new_facilitator_key",
    "new_join_code",
    "new_resume_code",
    "normalize_code",
]

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Upper-case letters and digits without the look-alikes 0/O, 1/I/L."""


def _draw(n: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


JOIN_CODE_LENGTH = 10
"""Symbols in a new join code (earlier workshops' codes have six)."""


def new_join_code() -> str:
    """A fresh join code: ten symbols (about 50 bits) shown as ``XXXXX-XXXXX``."""
    return format_join_code(_draw(JOIN_CODE_LENGTH))


def format_join_code(symbols: str) -> str:
    """A join code as shown: split in two halves by a dash.

    Examples
    --------
    >>> format_join_code("K7MQ2P"), format_join_code("K7MQ2P3XR9")
    ('K7M-Q2P', 'K7MQ2-P3XR9')
    """
    half = len(symbols) // 2
    return f"{symbols[:half]}-{symbols[half:]}"


def new_resume_code() -> str:
    """A fresh resume code: twelve symbols (about 59 bits) shown as ``XXXX-XXXX-XXXX``."""
    raw = _draw(12)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def new_facilitator_key() -> str:
    """A fresh facilitator key (144 random bits, URL-safe)."""
    return secrets.token_urlsafe(18)


def normalize_code(code: str) -> str:
    """A join or resume code as typed, reduced to its symbols.

    Spaces, dashes and case do not matter.

    Examples
    --------
    >>> normalize_code(" k7m-q2p ")
    'K7MQ2P'
    >>> normalize_code("h3kq 7mwx p2rd")
    'H3KQ7MWXP2RD'
    """
    return "".join(ch for ch in code.upper() if ch.isalnum())


def digest(secret: str) -> str:
    """The SHA-256 (hex) under which a resume code or facilitator key is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
