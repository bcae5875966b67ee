// Small SVG charts for the overview, built with DOM calls (the CSP forbids inline markup).
// Colours come from classes in app.css so light and dark themes stay in one place.

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// Hours flown per aircraft per week: one row per aircraft (small multiples sharing one scale),
// a bar per week, the total at the end. `stats` is the console's weekly_flight_hours object.
export function weeklyHoursChart(stats, { title, weekLabel, hoursLabel }) {
  const rows = stats.aircraft;
  const weeks = stats.week_starts.length;
  const max = Math.max(60, ...rows.flatMap((r) => r.block_min));
  const labelW = 86, totalW = 64, barGap = 3, rowH = 26, barH = 20, top = 22;
  const barW = 22;
  const plotW = weeks * (barW + barGap);
  const width = labelW + plotW + totalW;
  const height = top + rows.length * rowH + 4;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart chart-weekly', role: 'img', 'aria-label': title });
  svg.append(s('title', {}, title));
  // Week labels: first, middle and last, enough to read the axis without clutter.
  for (const i of [0, Math.floor((weeks - 1) / 2), weeks - 1]) {
    svg.append(s('text', { x: labelW + i * (barW + barGap) + barW / 2, y: 12, class: 'chart-axis', 'text-anchor': 'middle' },
      weekLabel(stats.week_starts[i])));
  }
  rows.forEach((r, ri) => {
    const y = top + ri * rowH;
    const g = s('g', { class: 'chart-row', 'data-aircraft': r.aircraft_id });
    g.append(s('text', { x: 0, y: y + barH - 5, class: 'chart-label' }, r.registration));
    r.block_min.forEach((m, wi) => {
      const hgt = m > 0 ? Math.max(2, Math.round((m / max) * barH)) : 1;
      const bar = s('rect', {
        x: labelW + wi * (barW + barGap), y: y + barH - hgt, width: barW, height: hgt, rx: 2,
        class: m > 0 ? 'chart-bar' : 'chart-bar chart-bar-empty',
      });
      bar.append(s('title', {}, `${r.registration} · ${weekLabel(stats.week_starts[wi])}: ${hoursLabel(m)}`));
      g.append(bar);
    });
    g.append(s('text', { x: width - 4, y: y + barH - 5, class: 'chart-total', 'text-anchor': 'end' }, hoursLabel(r.total_block_min)));
    svg.append(g);
  });
  return svg;
}

// Next due maintenance items: a horizontal bar per item, the shorter the bar the closer the due point;
// coloured by status. `items` are {label, sub, status, fraction (0..1 of the longest remaining), value}.
export function nextDueChart(items, { title }) {
  // Sized for a narrow card: the SVG scales to the card's width, so a compact viewBox keeps text legible.
  const labelW = 118, valueW = 84, barMax = 118, rowH = 30, barH = 14;
  const width = labelW + barMax + valueW;
  const height = items.length * rowH + 4;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart chart-due', role: 'img', 'aria-label': title });
  svg.append(s('title', {}, title));
  items.forEach((it, i) => {
    const y = i * rowH + 4;
    const g = s('g', { class: `chart-row chart-${it.status}` });
    g.append(s('text', { x: 0, y: y + 11, class: 'chart-label' }, it.label));
    const sub = it.sub.length > 24 ? `${it.sub.slice(0, 23)}…` : it.sub;
    g.append(s('text', { x: 0, y: y + 24, class: 'chart-sub' }, sub));
    g.append(s('title', {}, `${it.label} · ${it.sub} · ${it.value}`));
    g.append(s('rect', { x: labelW, y: y + 3, width: Math.max(3, Math.round(barMax * it.fraction)), height: barH, rx: 3, class: 'chart-bar' }));
    g.append(s('text', { x: width - 4, y: y + 14, class: 'chart-total', 'text-anchor': 'end' }, it.value));
    svg.append(g);
  });
  return svg;
}

// One bar per month (finance page): `months` are {label, value, title}; values in any unit, the tallest
// bar fills the plot. Negative months (credit notes exceeding revenue) draw a flat bar.
export function monthlyBarsChart(months, { title, valueLabel }) {
  const barW = 34, gap = 10, plotH = 140, top = 18, bottom = 22, left = 6;
  const width = left * 2 + months.length * (barW + gap);
  const height = top + plotH + bottom;
  const max = Math.max(1, ...months.map((m) => m.value));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart chart-monthly', role: 'img', 'aria-label': title });
  svg.append(s('title', {}, title));
  months.forEach((m, i) => {
    const x = left + i * (barW + gap);
    const hgt = m.value > 0 ? Math.max(2, Math.round((m.value / max) * plotH)) : 1;
    const g = s('g', { class: 'chart-row', 'data-period': m.period });
    const bar = s('rect', { x, y: top + plotH - hgt, width: barW, height: hgt, rx: 3, class: m.value > 0 ? 'chart-bar' : 'chart-bar chart-bar-empty' });
    bar.append(s('title', {}, `${m.title}: ${valueLabel(m.value)}`));
    g.append(bar);
    g.append(s('text', { x: x + barW / 2, y: height - 6, class: 'chart-axis', 'text-anchor': 'middle' }, m.label));
    svg.append(g);
  });
  return svg;
}
