// Checks the size of a case file in the browser before the page sends it
// (worksheets.case_files.CaseFiles; the limits come from exports.upload_limits). A file larger
// than a case would be refused by the kernel anyway, and one larger than the page's connection
// can carry would drop the connection with no message: such a file is not read, nor sent, and
// the trainee is told why under the upload button.
//
// ipywidgets' upload button keeps its file input out of the page and reads the chosen file with
// FileReader.readAsArrayBuffer before sending it, so the check sits there: a click on an import
// button (class nw-import, inside a bar of class nw-case-files) arms it for that bar, and a file
// over the limit is then not read at all (the upload widget waits for a read that never comes,
// and sends nothing). Every other read goes through untouched.
//
// nwUploadGuard(limits), limits = {json: bytes, xlsx: bytes, message: "... {name} ... {size}"},
// is called by each page's upload bar; the guard itself is installed once per page.
window.nwUploadGuard = window.nwUploadGuard || function (limits) {
  window.nwUploadLimits = limits;
  if (window.nwUploadGuardOn) { return; }
  window.nwUploadGuardOn = true;
  let armed = null;  // the upload bar whose button was clicked last
  document.addEventListener("click", function (event) {
    const button = event.target instanceof Element && event.target.closest(".nw-import");
    if (button) { armed = button.closest(".nw-case-files"); }
  }, true);
  function megabytes(size) { return (size / 1e6).toFixed(1) + " MB"; }
  function refuse(bar, file) {
    const banner = document.createElement("div");
    banner.className = "nw-banner nw-bad nw-upload-refused";
    banner.setAttribute("role", "alert");
    // textContent, never innerHTML: a file name is whatever the trainee's disk calls it.
    // Replaced through functions, so that "$&" in a file name is not read as a pattern.
    banner.textContent = window.nwUploadLimits.message
      .replace("{name}", function () { return file.name; })
      .replace("{size}", function () { return megabytes(file.size); });
    const area = bar.querySelector(".nw-import-msg");
    const target = (area && (area.querySelector(".widget-html-content") || area)) || bar;
    target.replaceChildren(banner);
  }
  const read = FileReader.prototype.readAsArrayBuffer;
  FileReader.prototype.readAsArrayBuffer = function (blob) {
    const l = window.nwUploadLimits;
    if (armed && armed.isConnected && blob instanceof File) {
      const limit = /\.xlsx$/i.test(blob.name) ? l.xlsx : l.json;
      if (blob.size > limit) {
        refuse(armed, blob);
        return undefined;  // not read: the upload widget sends nothing
      }
    }
    return read.call(this, blob);
  };
};
