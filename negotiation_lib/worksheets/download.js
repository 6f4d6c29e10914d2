// Saves a file made in the kernel in the browser (browser.download_script calls this function
// with its JSON arguments). The token makes the delivery happen once even if the output is
// drawn again; a Blob, because a data: link stops working beyond 2 MB.
(function (f) {
  window.nwDelivered = window.nwDelivered || {};
  if (window.nwDelivered[f.token]) { return; }
  window.nwDelivered[f.token] = true;
  const raw = atob(f.data);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
  const url = URL.createObjectURL(new Blob([bytes], { type: f.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = f.name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
})
