// The problem banner's links (worksheets.problems), installed once per page with the page
// script: a click on a problem scrolls to the field it is about, puts the cursor in it and
// outlines it for a moment. data-targets lists the CSS classes of the places that can show the
// problem, nearest first; the first one on screen wins (a field in a hidden panel gives way to
// its table or section). In a participant's workbook, a problem of another worksheet
// (data-sheet: its place in the tabs) first opens that worksheet's tab. A link to another page
// is followed as usual, and that page, opened with "#nw-at-..." in its address, scrolls to the
// field once it is drawn.
(function () {
  if (window.nwProblemLinks) { return; }
  window.nwProblemLinks = true;
  function shown(el) { return el.getClientRects().length > 0; }
  function find(classes, exact) {
    for (const name of exact ? classes.slice(0, 1) : classes) {
      for (const el of document.getElementsByClassName(name)) {
        if (shown(el)) { return el; }
      }
    }
    if (exact) { return null; }
    // Nothing of it on screen: the first visible input of its section.
    const section = classes[classes.length - 1];
    for (const el of document.querySelectorAll('[class*="' + section + '-"]')) {
      if (shown(el)) { return el; }
    }
    return null;
  }
  function reveal(el) {
    el.scrollIntoView({ block: "center" });
    const input = el.matches("input, textarea, select")
      ? el : el.querySelector("input, textarea, select, button");
    if (input) { input.focus({ preventScroll: true }); }
    if (el.animate) {
      el.animate(
        [{ boxShadow: "0 0 0 3px rgba(214, 110, 20, 0.9)" },
          { boxShadow: "0 0 0 3px rgba(214, 110, 20, 0)" }],
        { duration: 1800 }
      );
    }
  }
  // Waits for a page (or a tab) being drawn: the field itself for a few seconds, then the
  // nearest part of it that is there.
  function revealWhenDrawn(classes) {
    let tries = 0;
    const timer = setInterval(function () {
      tries += 1;
      const el = find(classes, tries <= 20);
      if (el || tries > 200) {
        clearInterval(timer);
        if (el) { reveal(el); }
      }
    }, 300);
  }
  document.addEventListener("click", function (event) {
    const link = event.target instanceof Element
      && event.target.closest("a.nw-problem-link[data-targets]");
    if (!link) { return; }
    const classes = link.dataset.targets.split(" ");
    if (link.dataset.sheet !== undefined) {
      const tab = document.querySelectorAll(".nw-tabs button")[Number(link.dataset.sheet)];
      if (!tab) { return; }  // not in the workbook: the link opens the worksheet's page
      event.preventDefault();
      tab.click();
      revealWhenDrawn(classes);
      return;
    }
    event.preventDefault();
    const el = find(classes, false);
    if (el) { reveal(el); }
  });
  const wanted = location.hash.slice(1);
  if (/^nw-at-[A-Za-z0-9_-]+$/.test(wanted)) {
    // The field's class and those of the parts holding it ("nw-at-a-b-c", "nw-at-a-b", ...).
    const parts = wanted.slice("nw-at-".length).split("-");
    revealWhenDrawn(parts.map(function (_p, i) {
      return "nw-at-" + parts.slice(0, parts.length - i).join("-");
    }));
  }
})();
