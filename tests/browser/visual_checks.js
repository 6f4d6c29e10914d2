// What a finished page must not show, measured in the browser (tests/browser/test_visual.py).
// Returns a list of problems, each one sentence naming the element by its text or class.
() => {
  const problems = [];
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) { return false; }
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none';
  };
  const name = (el) => {
    const text = (el.value || el.innerText || el.getAttribute('placeholder') || '').trim();
    const cls = Array.from(el.classList).filter((c) => c.startsWith('nw-')).join('.');
    const where = el.closest('[class*="nw-at-"]');
    const field = where ? Array.from(where.classList).find((c) => c.startsWith('nw-at-')) : '';
    return `${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}${field ? ' in ' + field : ''}`
      + ` "${text.slice(0, 60).replace(/\s+/g, ' ')}"`;
  };
  // Only the workbook's own content: not plotly's internals, not hidden helpers.
  const pages = Array.from(document.querySelectorAll('.nw-page')).filter(visible);
  const inPages = (selector) => pages.flatMap((p) => Array.from(p.querySelectorAll(selector)))
    .filter((el, i, all) => all.indexOf(el) === i && visible(el));

  // 1. Text that does not fit its box: inputs, text areas, buttons, tab labels, tile values.
  const TOL = 1;
  for (const el of inPages('input[type="text"], input[type="password"], input:not([type]), '
                           + 'input[type="number"], textarea')) {
    if (el.scrollWidth > el.clientWidth + TOL) {
      problems.push(`clipped input (${el.scrollWidth}px of text in ${el.clientWidth}px): ${name(el)}`);
    }
    if (el.tagName === 'TEXTAREA' && el.scrollHeight > el.clientHeight + TOL) {
      problems.push(`text area hides lines (${el.scrollHeight}px in ${el.clientHeight}px): ${name(el)}`);
    }
  }
  const canvas = document.createElement('canvas').getContext('2d');
  for (const el of inPages('select')) {
    if (el.multiple || el.size > 1) { continue; }
    const option = el.options[el.selectedIndex];
    if (!option) { continue; }
    const s = getComputedStyle(el);
    canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const text = canvas.measureText(option.text).width;
    // The arrow takes the right padding (ipywidgets draws it as a background image there).
    const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    if (text > room + TOL) {
      problems.push(`clipped choice (${Math.round(text)}px of text in ${Math.round(room)}px): `
        + `${name(el)} "${option.text}"`);
    }
  }
  for (const el of inPages('button, .widget-upload')) {
    if (el.scrollWidth > el.clientWidth + TOL) {
      problems.push(`clipped button label: ${name(el)}`);
    }
    // What the button shows: its text, or what page.css draws in place of a hidden text.
    const hidden = parseFloat(getComputedStyle(el).fontSize) === 0;
    const shown = hidden ? getComputedStyle(el, '::after').content.replace(/^"|"$/g, '')
                         : el.innerText;
    if (/\(\d+\)\s*$/.test(shown.trim())) {
      problems.push(`button shows a file counter: ${name(el)}`);
    }
  }
  for (const el of inPages('.lm-TabBar-tabLabel, .p-TabBar-tabLabel, .nw-tab-label')) {
    if (el.scrollWidth > el.clientWidth + TOL) {
      problems.push(`clipped tab label: ${name(el)}`);
    }
  }
  for (const el of inPages('.nw-tile-value, .nw-tile-label')) {
    if (el.scrollWidth > el.clientWidth + TOL) {
      problems.push(`clipped tile text: ${name(el)}`);
    }
  }

  // Chart titles within their charts (plotly does not wrap them; the SVG cuts them off).
  for (const plot of inPages('.js-plotly-plot')) {
    const box = plot.getBoundingClientRect();
    for (const title of plot.querySelectorAll('.gtitle')) {
      const r = title.getBoundingClientRect();
      if (r.width && (r.right > box.right + TOL || r.left < box.left - TOL)) {
        problems.push(`clipped chart title: "${title.textContent.slice(0, 80)}"`);
      }
    }
  }

  // 2. Nothing runs past its card (nor past the page), charts' insides aside.
  const cards = inPages('.nw-card');
  for (const card of cards) {
    const box = card.getBoundingClientRect();
    const inside = Array.from(card.querySelectorAll('*')).filter((el) =>
      !el.closest('.js-plotly-plot, .nw-plotly-warmup, option') || el.matches('.js-plotly-plot'));
    for (const el of inside) {
      if (!visible(el)) { continue; }
      const r = el.getBoundingClientRect();
      const out = Math.max(box.left - r.left, r.right - box.right, box.top - r.top,
                           r.bottom - box.bottom);
      if (out > TOL) {
        const title = card.querySelector('.nw-card-title');
        problems.push(`runs ${Math.round(out)}px past its card `
          + `"${title ? title.innerText.trim() : ''}": ${name(el)}`);
        break;  // one per card is enough to find it
      }
    }
  }
  const width = document.documentElement.clientWidth;
  for (const page of pages) {
    const r = page.getBoundingClientRect();
    if (r.right > width + TOL || page.scrollWidth > page.clientWidth + TOL) {
      problems.push(`the page is wider than the window (${Math.round(r.right)}px in ${width}px)`);
    }
  }

  // 3. Title and navigation first, on every page (a page shown inside another has none).
  for (const page of pages.filter((p) => !p.parentElement.closest('.nw-page'))) {
    const first = Array.from(page.querySelectorAll('*')).find((el) =>
      visible(el) && el.children.length === 0 && (el.innerText || '').trim());
    if (!first || !first.closest('.nw-header')) {
      problems.push(`the page does not start with its title and navigation: `
        + `${first ? name(first) : 'nothing'} comes first`);
    }
  }

  // 4. Charts without plotly's toolbar or links to plotly's site.
  const bars = inPages('.modebar-container, .modebar').filter((bar) => bar.children.length);
  if (bars.length) { problems.push(`${bars.length} chart(s) show plotly's toolbar`); }
  const links = inPages('a[href*="plot.ly"], a[href*="plotly.com"]');
  if (links.length) { problems.push(`${links.length} link(s) to plotly's site`); }

  // 5. Side-by-side columns end together: no blank half-screen under a short card.
  for (const row of inPages('.nw-split')) {
    const cols = Array.from(row.children).filter(visible);
    if (cols.length < 2) { continue; }
    const tops = cols.map((c) => c.getBoundingClientRect().top);
    if (Math.max(...tops) - Math.min(...tops) > TOL) { continue; }  // wrapped: stacked
    const ends = cols.map((c) => {
      const last = Array.from(c.children).filter(visible).pop();
      return last ? last.getBoundingClientRect().bottom : c.getBoundingClientRect().top;
    });
    const gap = Math.max(...ends) - Math.min(...ends);
    if (gap > 24) {
      const title = row.querySelector('.nw-card-title');
      problems.push(`blank space of ${Math.round(gap)}px under a short column `
        + `(row of "${title ? title.innerText.trim() : ''}")`);
    }
  }
  // 6. Inside a chart, no axis title lies over a note or a panel's title: plotly places
  // neither around the other, so panels set too close put one panel's axis title over the
  // next panel's notes.
  const cross = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
  for (const plot of inPages('.js-plotly-plot')) {
    const axisTitles = Array.from(plot.querySelectorAll('text'))
      .filter((t) => /^[xy]\d*title$/.test(t.getAttribute('class') || ''));
    const notes = Array.from(plot.querySelectorAll('text.annotation-text'));
    for (const title of axisTitles) {
      const a = title.getBoundingClientRect();
      if (!a.width) { continue; }
      for (const note of notes) {
        const b = note.getBoundingClientRect();
        if (b.width && cross(a, b)) {
          problems.push(`chart text over chart text: the axis title "${title.textContent}" `
            + `lies over "${note.textContent.slice(0, 60)}"`);
        }
      }
    }
  }
  return problems;
}
