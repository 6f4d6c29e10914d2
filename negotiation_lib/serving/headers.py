"""The security headers of every page and API answer of ``negotiation-workbook serve``.

jupyter_server sets the headers of ``tornado_settings["headers"]`` on every response of its
handlers (Voila's page, its kernel, contents and shutdown routes), and uses a
``Content-Security-Policy`` found there instead of its own (API answers add
``default-src 'none'`` to it).

Why each one:

- ``Referrer-Policy: no-referrer``: a workshop page's URL carries the participant's resume code;
  a link followed from the page must not hand it to another site.
- ``Content-Security-Policy``: scripts only from this server (``script-src 'self'``), so markup
  that ever slipped into a page could not load or inline a script (no ``'unsafe-inline'``: the
  workbook's page template has no inline script, see
  ``share/voila/templates/workbook/index.html.j2``). ``'unsafe-eval'`` stays because
  JupyterLab runs a ``application/javascript`` output with ``eval``, and the workbook's page
  scripts (charts, downloads, the save indicator) are such outputs, made by the page's own
  kernel. Styles may be inline (widgets and plotly set ``style`` attributes); images and fonts
  may be ``data:`` or ``blob:`` (icons, plotly); no plugins, no ``<base>``, no framing by other
  sites, forms post only here, connections (the kernel's websocket) only to this server.
- ``X-Content-Type-Options: nosniff`` (jupyter_server sets it too) and
  ``Cross-Origin-Opener-Policy: same-origin``: no other site's window keeps a handle on a page.
"""

from __future__ import annotations

__all__ = ["CONTENT_SECURITY_POLICY", "SECURITY_HEADERS"]

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
"""The page's Content-Security-Policy (see the module's docstring for each directive)."""

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}
"""Headers set on every answer of the workbook's server's Jupyter handlers."""
