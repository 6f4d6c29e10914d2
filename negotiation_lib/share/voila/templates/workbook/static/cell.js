// One per rendered cell (the workbook template's any_cell block): the loading text counts the
// cells, as Voila's inline `voila_process(i, n)` did. The numbers come from this script tag.
(function () {
  "use strict";
  const tag = document.currentScript;
  if (tag && window.voila_process) {
    window.voila_process(Number(tag.dataset.cellIndex), Number(tag.dataset.cellCount));
  }
})();
