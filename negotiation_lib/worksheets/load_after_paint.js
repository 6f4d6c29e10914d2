// Clicks the chart loader's hidden button once the page has been painted (a frame, then a
// task): see worksheets.page.plotly_warmup.
(function (element) {
  requestAnimationFrame(function () {
    setTimeout(function () {
      const box = element.closest('.nw-plotly-warmup');
      const button = box && box.querySelector('button');
      if (button) { button.click(); }
    }, 0);
  });
})(element);
