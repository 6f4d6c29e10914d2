// Keeps the address on the participant's workbook at the worksheet shown (workbook.py calls
// this function with its JSON arguments), so that a reload, a bookmark or a copied link opens
// the same tab; also when the workbook was opened inside the home page after joining. The page
// itself does not reload: only the address bar changes.
(function (f) {
  const url = new URL(f.href, window.location.href);
  if (url.href === window.location.href) { return; }
  window.history.replaceState(window.history.state, '', url.href);
})
