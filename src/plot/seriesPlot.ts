/**
 * Series trend: a parameter against time with error bars.
 *
 * @module
 */
import { MARKERS, checkLengths, colorOf, drawXAxis, drawYAxis, emptyBody, extent, frameOf, frameParts, legend, makeAxis, markers, niceLinearOrLog, padLinear, polyline, resolveCommon, svgRoot } from './chart.js';
import { svgElement } from './svg.js';
import type { PlotOptions } from './types.js';

/**
 * One parameter tracked over time (e.g. R_interphase of successive spectra).
 *
 * @example
 * ```ts
 * const s: TrendSeries = { time: [0, 3600, 7200], value: [120, 150, 171], error: [3, 4, 4], label: 'R_int' };
 * ```
 */
export interface TrendSeries {
  /** Elapsed time in s. */
  time: ArrayLike<number>;
  /** Parameter value (unit given by the y label). */
  value: ArrayLike<number>;
  /** Symmetric 1σ error (same unit), drawn as value ± error; optional. */
  error?: ArrayLike<number>;
  /** Asymmetric interval lower ends (e.g. a 95 % CI); overrides `error` with `upper`. */
  lower?: ArrayLike<number>;
  /** Asymmetric interval upper ends. */
  upper?: ArrayLike<number>;
  /** Legend text. */
  label?: string;
  /** CSS colour. */
  color?: string;
}

/** Options of {@link seriesPlot}. */
export interface SeriesPlotOptions extends PlotOptions {
  /** Time unit of the x axis: `'s'`, `'min'`, `'h'`, `'d'` or `'auto'` (default: chosen from the largest time). */
  timeUnit?: 's' | 'min' | 'h' | 'd' | 'auto';
  /** Scale of the value axis (default `'linear'`). */
  yScale?: 'linear' | 'log';
  /** Join points with lines (default true). */
  lines?: boolean;
}

const UNIT_SECONDS = { s: 1, min: 60, h: 3600, d: 86400 } as const;

/**
 * Trend plot of fitted parameters from a series of spectra: value against
 * time with error bars (±`error`, or `lower`…`upper`), one marker shape and
 * colour per series. Default y label `value`; give `yLabel` with the
 * parameter and unit, e.g. `R_int / Ω`.
 *
 * Points with non-finite time or value (or value ≤ 0 on a log axis) are
 * skipped; with none left the result is an empty-state plot
 * (`data-empty="true"`).
 *
 * @param input - one {@link TrendSeries} or a list of them
 * @param options - see {@link SeriesPlotOptions}
 * @returns a standalone SVG document string (default 640 × 400 px)
 * @throws DataFormatError (`LENGTH_MISMATCH`) when a series' arrays differ in length
 * @example
 * ```ts
 * const svg = seriesPlot({ time: t, value: rInt, error: rIntStderr }, { yLabel: 'R_int / Ω', timeUnit: 'h' });
 * ```
 */
export function seriesPlot(input: TrendSeries | readonly TrendSeries[], options: SeriesPlotOptions = {}): string {
  const c = resolveCommon(options, 'series', 400);
  const list: TrendSeries[] = Array.isArray(input) ? [...(input as readonly TrendSeries[])] : [input as TrendSeries];
  list.forEach((s, i) => checkLengths({ time: s?.time, value: s?.value, error: s?.error, lower: s?.lower, upper: s?.upper }, `trend series ${i + 1}`));
  const log = options.yScale === 'log';
  const frame = frameOf(c, [14, 20, 50, 76]);
  const colors = list.map((s, i) => colorOf(i, s.color, options.palette));
  const okV = (v: number) => Number.isFinite(v) && (!log || v > 0);
  const ts = list.map((s) => Float64Array.from(s.time, (t, i) => (Number.isFinite(t) && okV(s.value[i]) ? t : NaN)));
  const et = extent(ts);
  let unit = options.timeUnit ?? 'auto';
  if (unit === 'auto') {
    const m = et ? Math.max(Math.abs(et[0]), Math.abs(et[1])) : 0;
    unit = m >= 3 * 86400 ? 'd' : m >= 3 * 3600 ? 'h' : m >= 3 * 60 ? 'min' : 's';
  }
  const k = UNIT_SECONDS[unit];
  const bars = list.map((s) => {
    const n = s.value.length;
    const lo = new Float64Array(n);
    const hi = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let a = NaN;
      let b = NaN;
      if (s.lower && s.upper) {
        a = s.lower[i];
        b = s.upper[i];
      } else if (s.error && Number.isFinite(s.error[i])) {
        a = s.value[i] - Math.abs(s.error[i]);
        b = s.value[i] + Math.abs(s.error[i]);
      }
      lo[i] = Number.isFinite(a) ? a : NaN;
      hi[i] = Number.isFinite(b) ? b : NaN;
    }
    return { lo, hi };
  });
  const ev = extent(
    list.flatMap((s, j) => [Float64Array.from(s.value, (v, i) => (Number.isFinite(ts[j][i]) ? v : NaN)), bars[j].lo, bars[j].hi]),
    log,
  );
  const description = options.description ?? `Trend of ${options.yLabel ?? 'a parameter'} against time in ${unit}, ${list.length} series with error bars.`;
  if (!et || !ev) return svgRoot({ kind: 'series', ...c, description, empty: true }, emptyBody(frame, 'No data'));
  const x = makeAxis({ type: 'linear', domain: padLinear([et[0] / k, et[1] / k], 0.05), label: options.xLabel ?? `t / ${unit}` }, frame.left, frame.left + frame.width);
  const y = makeAxis({ type: log ? 'log' : 'linear', domain: niceLinearOrLog(ev, log), label: options.yLabel ?? 'value' }, frame.top + frame.height, frame.top);
  const clip = `${c.id}-clip`;
  const { defs, border } = frameParts(frame, clip);
  let g = '';
  const drawn: [number[], number[]][] = [];
  list.forEach((s, i) => {
    const X = Array.from(ts[i], (t) => x.map(t / k));
    const Y = Array.from(s.value, (v, j) => (Number.isFinite(X[j]) && okV(v) ? y.map(v) : NaN));
    let d = '';
    for (let j = 0; j < X.length; j++) {
      if (!Number.isFinite(Y[j])) continue;
      const a = bars[i].lo[j];
      const b = bars[i].hi[j];
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
      const y1 = y.map(b);
      const y0 = log && !(a > 0) ? frame.top + frame.height : y.map(a);
      if (!Number.isFinite(X[j]) || !Number.isFinite(y0) || !Number.isFinite(y1)) continue;
      d += `M${X[j].toFixed(2)} ${y0.toFixed(2)}V${y1.toFixed(2)}M${(X[j] - 3).toFixed(2)} ${y1.toFixed(2)}h6M${(X[j] - 3).toFixed(2)} ${y0.toFixed(2)}h6`;
    }
    let inner = options.lines === false ? '' : polyline(X, Y, colors[i], 'line', 1);
    if (d) inner += svgElement('path', { class: 'error-bars', d, stroke: colors[i], fill: 'none', 'stroke-width': 1 });
    inner += markers(X, Y, MARKERS[i % MARKERS.length], colors[i], 'points', 3.6);
    drawn.push([X, Y]);
    g += svgElement('g', { class: 'series', 'data-series': i, 'data-label': s.label ?? '' }, inner);
  });
  const entries = list.some((s) => s.label) || list.length > 1 ? list.map((s, i) => ({ label: s.label ?? `Series ${i + 1}`, color: colors[i], marker: MARKERS[i % MARKERS.length], line: options.lines !== false })) : [];
  const body =
    defs +
    drawXAxis(x, frame, 'bottom', { name: 'x' }) +
    drawYAxis(y, frame, 'left', { name: 'y' }) +
    svgElement('g', { class: 'data', 'clip-path': `url(#${clip})` }, g) +
    border +
    (options.legend === false ? '' : legend(entries, frame, drawn));
  return svgRoot({ kind: 'series', ...c, description }, body);
}
