// Voila's page helpers (voila_setup_helper_functions in Voila's base template), served as a
// file instead of inline: the workbook's Content-Security-Policy runs no inline script
// (negotiation_lib/serving/headers.py). Progressive rendering is never on here (it cannot be
// combined with preheated kernels), so the loading text always says "Executing".
(function () {
  "use strict";
  window.voila_heartbeat = function () {
    console.log("Ok, voila is still executing...");
  };
  window.update_loading_text = function (cellIndex, cellCount, text) {
    const spinner = document.getElementById("loading");
    if (spinner && spinner.style.display === "none") {
      spinner.style.display = "flex";
    }
    const el = document.getElementById("loading_text");
    if (el) {
      el.textContent = text ?? `Executing ${cellIndex} of ${cellCount}`;
    }
  };
  window.display_cells = function () {
    if (!window.themeLoaded) {
      window.cellLoaded = true;
      return;
    }
    const loading = document.getElementById("loading");
    if (loading) {
      loading.parentNode.removeChild(loading);
    }
    const cells = document.getElementById("rendered_cells");
    if (cells) {
      cells.style.display = "";
    }
  };
  window.voila_process = window.update_loading_text;
  window.voila_finish = window.display_cells;
})();
