// The deal brief's print helper. Charts are laid out for the screen; before printing each is
// redrawn at the printed width so that it fits the page (Chromium fires "beforeprint" and the
// print media query alike, so both are listened to).
(function () {
  function fit() {
    if (!window.Plotly) { return; }
    document.querySelectorAll('.js-plotly-plot').forEach(function (el) {
      try { window.Plotly.Plots.resize(el); } catch (e) { /* keep the screen layout */ }
    });
  }
  window.addEventListener('beforeprint', fit);
  window.addEventListener('afterprint', fit);
  if (window.matchMedia) {
    var mq = window.matchMedia('print');
    if (mq.addEventListener) { mq.addEventListener('change', fit); }
  }
})();
