// A page whose output never reached the server arrives empty: Voila stops waiting for it after
// the serve command's --iopub-timeout and sends the page without it. Such a page is loaded once
// more, with a new kernel; if that one arrives empty too, the trainee is told so and given a
// button to try again, instead of a blank page. Nothing typed can be lost: an empty page has no
// fields. (A file rather than an inline script: the workbook's Content-Security-Policy runs no
// inline script.)
(function () {
  "use strict";
  var RETRY_WINDOW_MS = 120000;  // an empty page within this long of the last reload explains
  var key = "nw-empty-page:" + location.pathname + location.search;
  if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]')) {
    try { window.sessionStorage.removeItem(key); } catch (err) { /* nothing to forget */ }
    return;  // the page has its output
  }
  var retried = false;
  try {
    var last = Number(window.sessionStorage.getItem(key) || "0");
    retried = Date.now() - last < RETRY_WINDOW_MS;
    if (!retried) { window.sessionStorage.setItem(key, String(Date.now())); }
  } catch (err) {
    retried = true;  // no session storage: never reload on our own
  }
  var banner = document.createElement("div");
  banner.className = "nw-empty-page";
  banner.setAttribute("role", "alert");
  banner.style.cssText = "margin:2em auto;max-width:40em;padding:1em 1.2em;border-radius:6px;" +
    "border:1px solid #e0b252;background:#fff8e1;font:15px/1.5 system-ui,sans-serif;color:#3b2f00";
  var text = document.createElement("p");
  text.style.margin = "0 0 .6em";
  banner.appendChild(text);
  document.body.insertBefore(banner, document.body.firstChild);
  if (!retried) {
    text.textContent = "The server was too busy to send this page complete. Loading it again\u2026";
    window.location.reload();
    return;
  }
  text.textContent = "This page could not be loaded: the workbook server is too busy or " +
    "having trouble. Try again in a moment; if it keeps happening, tell your facilitator.";
  var again = document.createElement("button");
  again.type = "button";
  again.textContent = "Try again";
  again.addEventListener("click", function () { window.location.reload(); });
  banner.appendChild(again);
})();
