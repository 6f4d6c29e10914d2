// Draws and redraws the charts of a page with plotly.js directly (worksheets.page.FigureSlot).
// Plotly's own renderer for its mime bundle draws every chart about four times: it plots it,
// redraws it at once, plots a hidden copy to make a PNG snapshot, and tears everything down and
// starts again on each new figure (100-190 ms a chart in the browser, against 25-60 ms for one
// plot and 15-30 ms for Plotly.react, measured on the economics worksheet). The page still loads
// plotly.js through that renderer, once, for the blank chart of plotly_warmup.
//
// nwChart(id, seq, fig, element, config) keeps the newest figure of chart id (seq orders them,
// so a figure arriving late changes nothing) and draws it with plotly.js's config (no toolbar,
// no logo: figures.style.CHART_CONFIG): a first call with element (the chart's output area)
// makes the plot there; later calls update it with Plotly.react. Draws of one
// chart run one after another; a chart drawn again by the page (a new output area) is plotted
// afresh with the newest figure; a chart whose box is resized is laid out again.
window.nwChart = window.nwChart || function (id, seq, fig, element, config) {
  const charts = window.nwCharts = window.nwCharts || {};
  const chart = charts[id] = charts[id] || { seq: -1, queue: Promise.resolve() };
  if (seq > chart.seq) { chart.seq = seq; chart.fig = fig; chart.config = config || {}; }
  if (element) {
    chart.div = element.querySelector('.nw-plot') || document.createElement('div');
    chart.div.className = 'nw-plot';
    element.appendChild(chart.div);
  }
  function ready() {  // plotly.js loaded, and the chart's element on the page
    return new Promise(function (resolve) {
      (function wait(tries) {
        const gd = chart.div;
        if (window.Plotly && gd && gd.isConnected) { resolve(gd); } else if (tries < 1200) {
          setTimeout(function () { wait(tries + 1); }, 50);
        }
      })(0);
    });
  }
  chart.queue = chart.queue.then(ready).then(function (gd) {
    const Plotly = window.Plotly;
    if (gd.nwSeq === chart.seq) { return; }
    gd.nwSeq = chart.seq;
    if (!gd._fullLayout) {
      new ResizeObserver(function () {
        if (gd._fullLayout && gd.offsetWidth && gd.offsetWidth !== gd.nwWidth) {
          gd.nwWidth = gd.offsetWidth;
          Plotly.Plots.resize(gd);
        }
      }).observe(gd);
      return Plotly.newPlot(gd, chart.fig.data, chart.fig.layout, chart.config).then(function () {
        gd.nwWidth = gd.offsetWidth;
      });
    }
    return Plotly.react(gd, chart.fig.data, chart.fig.layout, chart.config);
  }).catch(function (error) { console.error('chart ' + id, error); });
};
