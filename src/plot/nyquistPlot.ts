/**
 * Nyquist plot (−Z″ against Z′) with equal axis scaling.
 *
 * @module
 */
import {
  MARKERS,
  colorOf,
  drawXAxis,
  drawYAxis,
  emptyBody,
  extent,
  frameOf,
  frameParts,
  legend,
  makeAxis,
  markers,
  polyline,
  resolveCommon,
  spectrumLegend,
  svgRoot,
  toSeries,
} from './chart.js';
import { formatSi } from './formatSi.js';
import { niceStep } from './scales.js';
import { escapeXml, svgElement } from './svg.js';
import type { PlotOptions, SpectrumLike, SpectrumSeries } from './types.js';

/** Options of {@link nyquistPlot}. */
export interface NyquistPlotOptions extends PlotOptions {
  /** Model curve for the single-spectrum form `nyquistPlot(spectrum, { fit })`. */
  fit?: SpectrumLike;
  /**
   * Annotate the data point nearest to each decade of frequency (1 Hz, 10 Hz,
   * 100 Hz…) with its frequency (default false). Applies to the first series
   * unless a series sets `labelFrequencies`.
   */
  frequencyLabels?: boolean;
  /** Label every n-th decade only (default 1). */
  frequencyLabelEvery?: number;
  /** Keep −Z″ = 0 inside the y range so the real axis is visible (default true). */
  includeZero?: boolean;
  /** Marker radius in px (default 3.2). */
  markerRadius?: number;
}

/**
 * Nyquist plot: −Im Z up against Re Z, with **equal scaling** (the same Ω
 * per pixel on both axes, so a parallel RC gives a round semicircle).
 * Measured points are markers, fits are lines in the same colour; several
 * series overlay with a legend and distinct marker shapes. Axis ticks use one
 * shared nice step on both axes; labels use SI prefixes (`Z′ / Ω`,
 * `−Z″ / Ω`).
 *
 * Non-finite points are skipped. With no finite point at all the result is
 * an empty-state plot (`data-empty="true"`, "No data" message).
 *
 * @param input - one spectrum (`{ frequency, re, im }`, Im with its true sign) or a list of {@link SpectrumSeries}
 * @param options - see {@link NyquistPlotOptions}
 * @returns a standalone SVG document string
 * @throws DataFormatError (`LENGTH_MISMATCH`) when a series' arrays differ in length
 * @example
 * ```ts
 * const svg = nyquistPlot(spectrum, { fit: model, title: 'Li|LLZO|Li', frequencyLabels: true });
 * const overlay = nyquistPlot([{ data: a, label: '1 h' }, { data: b, label: '24 h' }]);
 * ```
 */
export function nyquistPlot(input: SpectrumLike | readonly SpectrumSeries[], options: NyquistPlotOptions = {}): string {
  const c = resolveCommon(options, 'nyquist');
  const series = toSeries(input, options.fit);
  const frame = frameOf(c, [14, 20, 50, 72]);
  const colors = series.map((s, i) => colorOf(i, s.color, options.palette));
  const xs: Float64Array[] = [];
  const ys: Float64Array[] = [];
  for (const s of series) {
    for (const d of [s.data, s.fit]) {
      if (!d) continue;
      const x = new Float64Array(d.re.length);
      const y = new Float64Array(d.im.length);
      for (let i = 0; i < y.length; i++) {
        const ok = Number.isFinite(d.re[i]) && Number.isFinite(d.im[i]);
        x[i] = ok ? d.re[i] : NaN;
        y[i] = ok ? -d.im[i] : NaN;
      }
      xs.push(x);
      ys.push(y);
    }
  }
  const ex = extent(xs);
  const ey = extent(ys);
  const nData = series.reduce((a, s) => a + (s.data ? s.data.re.length : 0), 0);
  const description =
    options.description ??
    `Nyquist plot of ${series.length} spectr${series.length === 1 ? 'um' : 'a'} (${nData} measured points): ` +
      `negative imaginary impedance against real impedance in ohm, equal axis scaling.`;
  if (!ex || !ey) {
    return svgRoot({ kind: 'nyquist', ...c, description, empty: true }, emptyBody(frame, 'No data'));
  }
  let [x0, x1] = ex;
  let [y0, y1] = ey;
  if (options.includeZero !== false) {
    y0 = Math.min(y0, 0);
    y1 = Math.max(y1, 0);
  }
  let span = Math.max(x1 - x0, y1 - y0);
  if (!(span > 0)) span = Math.max(Math.abs(x0), Math.abs(y0)) * 0.2 || 1;
  const pad = 0.05 * span;
  const dx = x1 - x0 + 2 * pad;
  const dy = y1 - y0 + 2 * pad;
  // One scale s (px per Ω) for both axes; the looser axis gets extra room.
  const s = Math.min(frame.width / dx, frame.height / dy);
  const xw = frame.width / s;
  const yh = frame.height / s;
  const xmin = (x0 + x1) / 2 - xw / 2;
  const ymin = y0 - pad;
  const step = niceStep(90 / s);
  const xAxis = makeAxis(
    { type: 'linear', domain: [xmin, xmin + xw], label: options.xLabel ?? 'Z′ / Ω', step },
    frame.left,
    frame.left + frame.width,
  );
  const yAxis = makeAxis(
    { type: 'linear', domain: [ymin, ymin + yh], label: options.yLabel ?? '−Z″ / Ω', step },
    frame.top + frame.height,
    frame.top,
  );
  const clipId = `${c.id}-clip`;
  const { defs, border } = frameParts(frame, clipId);
  let data = '';
  const labelled: number[] = [];
  const drawn: [number[], number[]][] = [];
  series.forEach((sr, i) => {
    let g = '';
    if (sr.fit) {
      const fx = Array.from(sr.fit.re, (v) => xAxis.map(v));
      const fy = Array.from(sr.fit.im, (v) => yAxis.map(-v));
      g += polyline(fx, fy, colors[i], 'fit');
      drawn.push([fx, fy]);
    }
    if (sr.data) {
      const mx = Array.from(sr.data.re, (v) => xAxis.map(v));
      const my = Array.from(sr.data.im, (v) => yAxis.map(-v));
      g += markers(mx, my, MARKERS[i % MARKERS.length], colors[i], 'points', options.markerRadius ?? 3.2);
      drawn.push([mx, my]);
      const wants = sr.labelFrequencies ?? (options.frequencyLabels === true && i === 0);
      if (wants) labelled.push(i);
    }
    data += svgElement('g', { class: 'series', 'data-series': i, 'data-label': sr.label ?? '' }, g);
  });
  let freqLabels = '';
  for (const i of labelled) {
    const d = series[i].data as SpectrumLike;
    freqLabels += frequencyAnnotations(d, xAxis.map, yAxis.map, Math.max(1, Math.round(options.frequencyLabelEvery ?? 1)), frame);
  }
  const body =
    defs +
    drawXAxis(xAxis, frame, 'bottom', { name: 'x' }) +
    drawYAxis(yAxis, frame, 'left', { name: 'y' }) +
    svgElement('g', { class: 'data', 'clip-path': `url(#${clipId})` }, data) +
    border +
    (freqLabels ? svgElement('g', { class: 'frequency-labels', 'font-size': 10, fill: '#444444' }, freqLabels) : '') +
    (options.legend === false ? '' : legend(spectrumLegend(series, colors), frame, drawn));
  return svgRoot({ kind: 'nyquist', ...c, description }, body);
}

/**
 * Frequency labels at the points nearest to each decade.
 *
 * @param d - the data
 * @param mx - x map
 * @param my - y map
 * @param every - decade stride
 * @param frame - plot area (labels outside it are dropped)
 * @returns markup
 */
function frequencyAnnotations(
  d: SpectrumLike,
  mx: (v: number) => number,
  my: (v: number) => number,
  every: number,
  frame: { left: number; top: number; width: number; height: number },
): string {
  const n = d.frequency.length;
  const lf = new Float64Array(n);
  const pxs = new Float64Array(n);
  const pys = new Float64Array(n);
  let cx = 0;
  let cy = 0;
  let count = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const f = d.frequency[i];
    pxs[i] = mx(d.re[i]);
    pys[i] = my(-d.im[i]);
    const ok = f > 0 && Number.isFinite(f) && Number.isFinite(pxs[i]) && Number.isFinite(pys[i]);
    lf[i] = ok ? Math.log10(f) : NaN;
    if (!ok) continue;
    cx += pxs[i];
    cy += pys[i];
    count++;
    lo = Math.min(lo, lf[i]);
    hi = Math.max(hi, lf[i]);
  }
  if (!count) return '';
  cx /= count;
  cy /= count;
  let out = '';
  for (let k = Math.ceil(lo - 1e-9); k <= Math.floor(hi + 1e-9); k++) {
    if (((k % every) + every) % every !== 0) continue;
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(lf[i])) continue;
      const dd = Math.abs(lf[i] - k);
      if (dd < bestD) {
        bestD = dd;
        best = i;
      }
    }
    if (best < 0 || bestD > 0.2) continue;
    const x = pxs[best];
    const y = pys[best];
    if (x < frame.left || x > frame.left + frame.width || y < frame.top || y > frame.top + frame.height) continue;
    let vx = x - cx;
    let vy = y - cy;
    const len = Math.hypot(vx, vy);
    if (len < 1e-6) {
      vx = 0;
      vy = -1;
    } else {
      vx /= len;
      vy /= len;
    }
    // Keep the text inside the frame: flip towards the inside near the edges.
    if (x + vx * 12 > frame.left + frame.width - 50) vx = -Math.abs(vx) || -1;
    if (x + vx * 12 < frame.left + 50) vx = Math.abs(vx) || 1;
    const tx = x + vx * 12;
    const ty = y + vy * 12;
    out += svgElement(
      'g',
      { class: 'frequency-label', 'data-frequency': String(10 ** k) },
      svgElement('circle', { cx: x, cy: y, r: 5, fill: 'none', stroke: '#444444', 'stroke-width': 0.8 }) +
        svgElement('text', { x: tx, y: ty, dy: '0.32em', 'text-anchor': vx >= 0 ? 'start' : 'end' }, escapeXml(formatSi(10 ** k, 3, 'Hz'))),
    );
  }
  return out;
}
