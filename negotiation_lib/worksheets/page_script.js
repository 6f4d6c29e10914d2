// Installed once per page (browser.PAGE_SCRIPT): counts the save indicator's age ("Saved 4 s
// ago") without any message from the kernel, and asks before the page is left while a change
// is not yet saved.
(function () {
  if (window.nwPageScript) { return; }
  window.nwPageScript = true;
  function ago(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 3) { return "just now"; }
    if (s < 60) { return s + " s ago"; }
    if (s < 3600) { return Math.floor(s / 60) + " min ago"; }
    return "over an hour ago";
  }
  function tick() {
    document.querySelectorAll('.nw-save[data-state="saved"]').forEach(function (el) {
      const at = Number(el.dataset.savedAt);
      if (!at) { return; }
      // textContent, never innerHTML: the indicator only ever shows text.
      el.textContent = "Saved " + ago(Date.now() - at) + " \u00b7 version " + el.dataset.version;
    });
  }
  tick();
  setInterval(tick, 1000);
  window.addEventListener("beforeunload", function (event) {
    const unsaved = document.querySelector(
      '.nw-save[data-state="pending"], .nw-save[data-state="saving"], ' +
        '.nw-save[data-state="error"], .nw-save[data-state="conflict"]'
    );
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
