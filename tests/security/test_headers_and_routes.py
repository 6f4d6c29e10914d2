"""What the server says about itself: security headers, and 404 where Voila said 500 (issue 22).

Resume codes are in page URLs, so no page may hand its address to another site
(``Referrer-Policy: no-referrer``); scripts run only from the server itself (a CSP whose
``script-src`` is ``'self'``, no inline script), and the workbook's pages render under it
without a single violation, while markup that slipped into a page could not run its handler.
"""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import Server, new_watched_page
from tests.security.conftest import http_status, open_page

_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
});
"""


def _directives(policy: str) -> dict[str, list[str]]:
    found = {}
    for part in policy.split(";"):
        name, *values = part.split()
        found[name] = values
    return found


def test_pages_say_no_referrer_and_allow_only_the_servers_own_scripts(
    secure_server: Server,
) -> None:
    with urllib.request.urlopen(f"{secure_server.url}voila/render/home.ipynb", timeout=120) as r:
        headers = r.headers
        r.read()
    assert headers["Referrer-Policy"] == "no-referrer"
    csp = _directives(headers["Content-Security-Policy"])
    assert csp["script-src"][0] == "'self'"
    assert not {"'unsafe-inline'", "*", "http:", "https:", "data:"} & set(csp["script-src"])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]


@pytest.mark.parametrize(
    "path",
    ["logout", "voila/templates/", "voila/templates/x", "voila/templates/workbook/nothing"],
)
def test_unknown_routes_answer_404_not_500(secure_server: Server, path: str) -> None:
    assert http_status(f"{secure_server.url}{path}") == 404


def test_a_template_file_is_still_served(secure_server: Server) -> None:
    assert http_status(f"{secure_server.url}voila/templates/workbook/static/cell.js") == 200


@pytest.mark.parametrize(
    "path",
    [
        "voila/render/home.ipynb",
        "voila/render/value_proposition.ipynb?case=pumpco_acme_foods",
        "voila/render/win_win.ipynb?case=cloudledger_northwind",
        "voila/render/dashboard.ipynb",
    ],
)
def test_pages_render_under_the_policy_and_injected_handlers_do_not_run(
    chromium: Browser, secure_server: Server, path: str
) -> None:
    watched, context = new_watched_page(chromium, secure_server.url)
    try:
        page = watched.page
        page.add_init_script(_RECORD_VIOLATIONS)
        open_page(page, path)
        page.wait_for_selector(
            ".nw-page .nw-tile-value, .nw-home-join-code, .nw-dashboard-key", state="visible"
        )
        assert page.evaluate("() => window.__cspViolations") == []
        assert not watched.problems(), "\n".join(watched.problems())

        # Markup with an inline handler, as stored XSS would put it in the page.
        page.evaluate(
            "() => document.body.insertAdjacentHTML('beforeend',"
            " '<img src=x onerror=\"window.__pwned = 1\">')"
        )
        page.wait_for_function("() => window.__cspViolations.length > 0")
        assert page.evaluate("() => window.__pwned") is None
    finally:
        context.close()
