/**
 * Distribution of relaxation times γ(τ) on a log τ (or f) axis.
 *
 * @module
 */
import { checkLengths, colorOf, drawXAxis, drawYAxis, emptyBody, extent, frameOf, frameParts, legend, makeAxis, padLog, polyline, resolveCommon, svgRoot } from './chart.js';
import { formatSi } from './formatSi.js';
import { niceLinearDomain } from './scales.js';
import { escapeXml, svgElement } from './svg.js';
import type { PlotOptions } from './types.js';

/**
 * One DRT curve: γ over relaxation times τ, optionally with a credible band.
 *
 * @example
 * ```ts
 * const d: DrtSeries = { tau: drt.tau, gamma: drt.gamma, label: 'λ = 1e-3' };
 * ```
 */
export interface DrtSeries {
  /** Relaxation times τ in s (> 0). */
  tau: ArrayLike<number>;
  /** γ(ln τ) in Ω (so that ∫γ d ln τ is the polarisation resistance). */
  gamma: ArrayLike<number>;
  /** Optional lower edge of a band (same unit and length as `gamma`). */
  lower?: ArrayLike<number>;
  /** Optional upper edge of a band. */
  upper?: ArrayLike<number>;
  /** Legend text. */
  label?: string;
  /** CSS colour (default: palette colour of the index). */
  color?: string;
}

/** A marked peak. */
export interface DrtPlotPeak {
  /** Peak time constant τ in s. */
  tau: number;
  /** Text written next to the marker (default: τ with an SI prefix). */
  label?: string;
}

/** Options of {@link drtPlot}. */
export interface DrtPlotOptions extends PlotOptions {
  /** Horizontal variable: `'tau'` (τ / s, default) or `'frequency'` (f = 1/(2πτ), f / Hz). */
  axis?: 'tau' | 'frequency';
  /** Peaks to mark with dashed vertical lines and labels. */
  peaks?: readonly DrtPlotPeak[];
  /** Decade label style (default `'power'`). */
  logLabels?: 'power' | 'engineering';
}

/**
 * DRT plot: γ(τ) as lines against log τ (or against log f with
 * f = 1/(2πτ)), optional shaded bands (`lower`/`upper`) and peak markers.
 * The γ axis starts at 0 unless the data go negative.
 *
 * Non-finite values and τ ≤ 0 are skipped; with nothing left the result is an
 * empty-state plot (`data-empty="true"`).
 *
 * @param input - one {@link DrtSeries} or a list of them
 * @param options - see {@link DrtPlotOptions}
 * @returns a standalone SVG document string (default 640 × 400 px)
 * @throws DataFormatError (`LENGTH_MISMATCH`) when a series' arrays differ in length
 * @example
 * ```ts
 * const svg = drtPlot({ tau, gamma }, { peaks: [{ tau: 1.6e-6, label: 'bulk' }] });
 * ```
 */
export function drtPlot(input: DrtSeries | readonly DrtSeries[], options: DrtPlotOptions = {}): string {
  const c = resolveCommon(options, 'drt', 400);
  const list: DrtSeries[] = Array.isArray(input) ? [...(input as readonly DrtSeries[])] : [input as DrtSeries];
  list.forEach((s, i) => checkLengths({ tau: s?.tau, gamma: s?.gamma, lower: s?.lower, upper: s?.upper }, `DRT series ${i + 1}`));
  const useF = options.axis === 'frequency';
  const frame = frameOf(c, [14, 20, 50, 72]);
  const colors = list.map((s, i) => colorOf(i, s.color, options.palette));
  const toX = (t: number) => (useF ? 1 / (2 * Math.PI * t) : t);
  const xsData = list.map((s) => Float64Array.from(s.tau, (t) => (t > 0 && Number.isFinite(t) ? toX(t) : NaN)));
  const ex = extent(xsData, true);
  const ys = list.flatMap((s) => [s.gamma, s.lower, s.upper].filter((a): a is ArrayLike<number> => !!a));
  const ey = extent(ys);
  const description =
    options.description ??
    `Distribution of relaxation times: gamma in ohm against ${useF ? 'frequency f = 1/(2 pi tau) (log scale, hertz)' : 'relaxation time tau (log scale, seconds)'}, ${list.length} curve${list.length === 1 ? '' : 's'}.`;
  if (!ex || !ey) return svgRoot({ kind: 'drt', ...c, description, empty: true }, emptyBody(frame, 'No data'));
  const logStyle = options.logLabels ?? 'power';
  const x = makeAxis({ type: 'log', domain: padLog(ex, 0.03), label: options.xLabel ?? (useF ? 'f / Hz' : 'τ / s'), logStyle }, frame.left, frame.left + frame.width);
  const yd = niceLinearDomain(Math.min(0, ey[0]), ey[1] > Math.min(0, ey[0]) ? ey[1] * 1.05 : 1, 5);
  const y = makeAxis({ type: 'linear', domain: yd, label: options.yLabel ?? 'γ / Ω', count: 5 }, frame.top + frame.height, frame.top);
  const clip = `${c.id}-clip`;
  const { defs, border } = frameParts(frame, clip);
  let g = '';
  const drawn: [number[], number[]][] = [];
  list.forEach((s, i) => {
    const px = Array.from(xsData[i], (v) => (v > 0 ? x.map(v) : NaN));
    let inner = '';
    if (s.lower && s.upper) {
      let d = '';
      const idx: number[] = [];
      for (let k = 0; k < px.length; k++) if (Number.isFinite(px[k]) && Number.isFinite(y.map(s.lower[k])) && Number.isFinite(y.map(s.upper[k]))) idx.push(k);
      if (idx.length > 1) {
        idx.forEach((k, j) => (d += `${j ? 'L' : 'M'}${px[k].toFixed(2)} ${y.map(s.upper![k]).toFixed(2)}`));
        for (let j = idx.length - 1; j >= 0; j--) d += `L${px[idx[j]].toFixed(2)} ${y.map(s.lower![idx[j]]).toFixed(2)}`;
        inner += svgElement('path', { class: 'band', d: d + 'Z', fill: colors[i], 'fill-opacity': 0.2, stroke: 'none' });
      }
    }
    const py = Array.from(s.gamma, (v) => (Number.isFinite(v) ? y.map(v) : NaN));
    inner += polyline(px, py, colors[i], 'line', 2);
    drawn.push([px, py]);
    g += svgElement('g', { class: 'series', 'data-series': i, 'data-label': s.label ?? '' }, inner);
  });
  let peaks = '';
  for (const p of options.peaks ?? []) {
    if (!(p.tau > 0) || !Number.isFinite(p.tau)) continue;
    const px = x.map(toX(p.tau));
    if (px < frame.left || px > frame.left + frame.width) continue;
    peaks += svgElement(
      'g',
      { class: 'peak', 'data-tau': String(p.tau) },
      svgElement('line', { x1: px, x2: px, y1: frame.top, y2: frame.top + frame.height, stroke: '#555555', 'stroke-dasharray': '4 3' }) +
        svgElement('text', { x: px + 4, y: frame.top + 14, 'font-size': 10, fill: '#333333' }, escapeXml(p.label ?? `τ = ${formatSi(p.tau, 3, 's')}`)),
    );
  }
  const entries = list.some((s) => s.label) || list.length > 1 ? list.map((s, i) => ({ label: s.label ?? `DRT ${i + 1}`, color: colors[i], line: true })) : [];
  const body =
    defs +
    drawXAxis(x, frame, 'bottom', { name: 'x' }) +
    drawYAxis(y, frame, 'left', { name: 'y' }) +
    svgElement('g', { class: 'data', 'clip-path': `url(#${clip})` }, g + peaks) +
    border +
    (options.legend === false ? '' : legend(entries, frame, drawn));
  return svgRoot({ kind: 'drt', ...c, description }, body);
}
