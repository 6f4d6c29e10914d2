// The class debrief deck: one slide at a time; arrow keys, Page Up/Down, space, Home and End
// move between them. A chart is drawn when its slide is first shown (a chart drawn in a hidden
// slide would have no size), with its fonts scaled to the slide (written for 1080 pixels high).
(function () {
  'use strict';
  const slides = Array.prototype.slice.call(document.querySelectorAll('.slide'));
  const counter = document.querySelector('.counter');
  const config = JSON.parse(document.getElementById('deck-config').textContent);
  let current = 0;

  function scaleFonts(node, k) {
    if (Array.isArray(node)) { node.forEach(function (x) { scaleFonts(x, k); }); return; }
    if (node === null || typeof node !== 'object') { return; }
    Object.keys(node).forEach(function (key) {
      const value = node[key];
      if (/font$/.test(key) && value && typeof value.size === 'number') {
        value.size = Math.max(9, Math.round(value.size * k));
      }
      scaleFonts(value, k);
    });
  }

  function draw(slide) {
    const box = slide.querySelector('.chart');
    if (!box || !window.Plotly) { return; }
    if (box.dataset.drawn === 'yes') { window.Plotly.Plots.resize(box); return; }
    const figure = JSON.parse(document.getElementById(box.dataset.figure).textContent);
    const k = slide.clientHeight / 1080;
    scaleFonts(figure.layout, k);
    scaleFonts(figure.data, k);
    ['t', 'l', 'r', 'b'].forEach(function (m) {
      if (figure.layout.margin && typeof figure.layout.margin[m] === 'number') {
        figure.layout.margin[m] = Math.round(figure.layout.margin[m] * k);
      }
    });
    figure.layout.autosize = true;
    delete figure.layout.height;
    delete figure.layout.width;
    box.dataset.drawn = 'yes';
    window.Plotly.newPlot(box, figure.data, figure.layout, config);
  }

  function show(n) {
    current = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (s, i) { s.classList.toggle('current', i === current); });
    counter.textContent = (current + 1) + ' / ' + slides.length;
    draw(slides[current]);
    try {
      history.replaceState(null, '', '#' + (current + 1));
    } catch (err) {
      // Some browsers refuse to rewrite a file's address: the deck works without it.
    }
  }

  document.addEventListener('keydown', function (e) {
    const next = ['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter'];
    const back = ['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace'];
    if (next.indexOf(e.key) >= 0) { show(current + 1); }
    else if (back.indexOf(e.key) >= 0) { show(current - 1); }
    else if (e.key === 'Home') { show(0); }
    else if (e.key === 'End') { show(slides.length - 1); }
    else { return; }
    e.preventDefault();
  });
  window.addEventListener('resize', function () {
    // Fonts were scaled to the slide's first size: draw the chart again at the new one.
    slides.forEach(function (s) {
      const box = s.querySelector('.chart');
      if (box && box.dataset.drawn === 'yes') { window.Plotly.purge(box); box.dataset.drawn = ''; }
    });
    draw(slides[current]);
  });
  const start = parseInt(window.location.hash.slice(1), 10);
  show(isNaN(start) ? 0 : start - 1);
})();
