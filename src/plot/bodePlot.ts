/**
 * Bode plot: |Z| (log–log) and phase against log f, stacked.
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
  padLinear,
  padLog,
  polyline,
  resolveCommon,
  spectrumLegend,
  svgRoot,
  toSeries,
} from './chart.js';
import { niceLinearDomain } from './scales.js';
import { svgElement } from './svg.js';
import type { PlotOptions, SpectrumLike, SpectrumSeries } from './types.js';

/** Options of {@link bodePlot}. */
export interface BodePlotOptions extends PlotOptions {
  /** Model curve for the single-spectrum form `bodePlot(spectrum, { fit })`. */
  fit?: SpectrumLike;
  /** Show −φ (default true, capacitive phase positive) or the true phase φ = atan2(Im, Re). */
  negatePhase?: boolean;
  /** Decade label style of the log axes (default `'power'`: `10³`; `'engineering'`: `1k`). */
  logLabels?: 'power' | 'engineering';
  /** Marker radius in px (default 3). */
  markerRadius?: number;
}

/**
 * Bode plot in one SVG: |Z| on log–log axes on top and the phase (degrees)
 * against log f below, sharing the frequency axis. |Z| = √(Re² + Im²),
 * φ = atan2(Im Z, Re Z) in degrees; by default −φ is shown so a capacitive
 * arc is a positive peak. Points are markers, fits are lines.
 *
 * Non-finite points and f ≤ 0 are skipped; with no usable point the result is
 * an empty-state plot (`data-empty="true"`).
 *
 * @param input - one spectrum or a list of {@link SpectrumSeries}
 * @param options - see {@link BodePlotOptions}
 * @returns a standalone SVG document string (default 640 × 560 px)
 * @throws DataFormatError (`LENGTH_MISMATCH`) when a series' arrays differ in length
 * @example
 * ```ts
 * const svg = bodePlot(spectrum, { fit: model, title: 'Bode' });
 * ```
 */
export function bodePlot(input: SpectrumLike | readonly SpectrumSeries[], options: BodePlotOptions = {}): string {
  const c = resolveCommon(options, 'bode', 560);
  const series = toSeries(input, options.fit);
  const colors = series.map((s, i) => colorOf(i, s.color, options.palette));
  const neg = options.negatePhase !== false;
  const full = frameOf(c, [14, 20, 50, 72]);
  const gap = 14;
  const h = (full.height - gap) / 2;
  const top = { left: full.left, top: full.top, width: full.width, height: h };
  const bottom = { left: full.left, top: full.top + h + gap, width: full.width, height: h };
  const derived = series.map((s) => [s.data, s.fit].map((d) => (d ? derive(d, neg) : undefined)));
  const fs: ArrayLike<number>[] = [];
  const mags: ArrayLike<number>[] = [];
  const phs: ArrayLike<number>[] = [];
  for (const pair of derived) {
    for (const d of pair) {
      if (!d) continue;
      fs.push(d.f);
      mags.push(d.mag);
      phs.push(d.phase);
    }
  }
  const ef = extent(fs, true);
  const em = extent(mags, true);
  const ep = extent(phs);
  const description =
    options.description ??
    `Bode plot of ${series.length} spectr${series.length === 1 ? 'um' : 'a'}: impedance modulus (log scale, ohm) and ${neg ? 'negative ' : ''}phase angle (degrees) against frequency (log scale, hertz).`;
  if (!ef || !em || !ep) return svgRoot({ kind: 'bode', ...c, description, empty: true }, emptyBody(full, 'No data'));
  const logStyle = options.logLabels ?? 'power';
  const fDomain = padLog(ef, 0.03);
  const xTop = makeAxis({ type: 'log', domain: fDomain, label: '', logStyle }, top.left, top.left + top.width);
  const xBot = makeAxis({ type: 'log', domain: fDomain, label: options.xLabel ?? 'f / Hz', logStyle }, bottom.left, bottom.left + bottom.width);
  const yMag = makeAxis({ type: 'log', domain: padLog(em, 0.06), label: options.yLabel ?? '|Z| / Ω', logStyle }, top.top + top.height, top.top);
  const pd = niceLinearDomain(...padLinear(ep, 0.06), 4);
  const yPh = makeAxis({ type: 'linear', domain: pd, label: neg ? '−φ / °' : 'φ / °', count: 4 }, bottom.top + bottom.height, bottom.top);
  const a = frameParts(top, `${c.id}-clip-mag`);
  const b = frameParts(bottom, `${c.id}-clip-phase`);
  let magG = '';
  const drawn: [number[], number[]][] = [];
  let phG = '';
  series.forEach((_, i) => {
    const [data, fit] = derived[i];
    let gm = '';
    let gp = '';
    if (fit) {
      const x = Array.from(fit.f, xTop.map);
      const ym = Array.from(fit.mag, yMag.map);
      gm += polyline(x, ym, colors[i], 'fit');
      drawn.push([x, ym]);
      gp += polyline(x, Array.from(fit.phase, yPh.map), colors[i], 'fit');
    }
    if (data) {
      const x = Array.from(data.f, xTop.map);
      const shape = MARKERS[i % MARKERS.length];
      const ym = Array.from(data.mag, yMag.map);
      gm += markers(x, ym, shape, colors[i], 'points', options.markerRadius ?? 3);
      drawn.push([x, ym]);
      gp += markers(x, Array.from(data.phase, yPh.map), shape, colors[i], 'points', options.markerRadius ?? 3);
    }
    magG += svgElement('g', { class: 'series', 'data-series': i }, gm);
    phG += svgElement('g', { class: 'series', 'data-series': i }, gp);
  });
  const body =
    a.defs +
    b.defs +
    svgElement(
      'g',
      { class: 'panel', 'data-panel': 'magnitude' },
      drawXAxis(xTop, top, 'bottom', { name: 'x-magnitude', labels: false, title: false }) +
        drawYAxis(yMag, top, 'left', { name: 'y-magnitude' }) +
        svgElement('g', { class: 'data', 'clip-path': `url(#${c.id}-clip-mag)` }, magG) +
        a.border,
    ) +
    svgElement(
      'g',
      { class: 'panel', 'data-panel': 'phase' },
      drawXAxis(xBot, bottom, 'bottom', { name: 'x' }) +
        drawYAxis(yPh, bottom, 'left', { name: 'y-phase' }) +
        svgElement('g', { class: 'data', 'clip-path': `url(#${c.id}-clip-phase)` }, phG) +
        b.border,
    ) +
    (options.legend === false ? '' : legend(spectrumLegend(series, colors), top, drawn));
  return svgRoot({ kind: 'bode', ...c, description }, body);
}

/** Frequency, modulus and phase (degrees) with NaN where unusable. */
function derive(d: SpectrumLike, neg: boolean): { f: Float64Array; mag: Float64Array; phase: Float64Array } {
  const n = d.frequency.length;
  const f = new Float64Array(n);
  const mag = new Float64Array(n);
  const phase = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const fi = d.frequency[i];
    const re = d.re[i];
    const im = d.im[i];
    const ok = fi > 0 && Number.isFinite(fi) && Number.isFinite(re) && Number.isFinite(im);
    const m = Math.hypot(re, im);
    f[i] = ok && m > 0 ? fi : NaN;
    mag[i] = ok && m > 0 ? m : NaN;
    const p = (Math.atan2(im, re) * 180) / Math.PI;
    phase[i] = ok && m > 0 ? (neg ? -p : p) : NaN;
  }
  return { f, mag, phase };
}
