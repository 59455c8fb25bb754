/**
 * Relative residuals (Re and Im, %) against log f.
 *
 * @module
 */
import { drawXAxis, drawYAxis, emptyBody, extent, frameOf, frameParts, legend, makeAxis, markers, padLog, polyline, resolveCommon, svgRoot, checkLengths } from './chart.js';
import { OKABE_ITO } from './palette.js';
import { niceLinearDomain } from './scales.js';
import { svgElement } from './svg.js';
import type { PlotOptions } from './types.js';

/**
 * Relative residuals as fractions (not %), e.g. `(Z′ − Ẑ′)/|Ẑ|`: the shape of
 * a fit result's `residuals` and of lin-KK residuals with their frequencies.
 *
 * @example
 * ```ts
 * const r: ResidualsLike = { frequency: [1e3, 1], re: [0.001, -0.002], im: [0.0005, 0] };
 * ```
 */
export interface ResidualsLike {
  /** Frequency in Hz. */
  frequency: ArrayLike<number>;
  /** Relative real residual (fraction). */
  re: ArrayLike<number>;
  /** Relative imaginary residual (fraction). */
  im: ArrayLike<number>;
}

/** Options of {@link residualsPlot}. */
export interface ResidualsPlotOptions extends PlotOptions {
  /**
   * Shade ±band (a fraction, e.g. the lin-KK noise estimate 0.004) behind the
   * residuals (default none).
   */
  band?: number;
  /** Legend text of the real residual (default `Re`). */
  reLabel?: string;
  /** Legend text of the imaginary residual (default `Im`). */
  imLabel?: string;
}

/**
 * Residual plot: relative residuals of Re and Im in percent against log f,
 * as markers joined by thin lines, with a zero line and an optional ±band.
 * The y range is symmetric about zero and never narrower than ±0.1 %.
 *
 * Non-finite points and f ≤ 0 are skipped; with none left the result is an
 * empty-state plot (`data-empty="true"`).
 *
 * @param residuals - relative residuals as fractions, see {@link ResidualsLike}
 * @param options - see {@link ResidualsPlotOptions}
 * @returns a standalone SVG document string (default 640 × 320 px)
 * @throws DataFormatError (`LENGTH_MISMATCH`) when the arrays differ in length
 * @example
 * ```ts
 * const svg = residualsPlot({ frequency: fit.residuals.frequency, re: fit.residuals.re, im: fit.residuals.im }, { band: 0.005 });
 * ```
 */
export function residualsPlot(residuals: ResidualsLike, options: ResidualsPlotOptions = {}): string {
  const c = resolveCommon(options, 'residuals', 320);
  checkLengths({ frequency: residuals?.frequency, re: residuals?.re, im: residuals?.im }, 'residuals');
  const frame = frameOf(c, [14, 20, 50, 72]);
  const n = residuals.frequency.length;
  const f = new Float64Array(n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ok = residuals.frequency[i] > 0 && Number.isFinite(residuals.frequency[i]);
    f[i] = ok ? residuals.frequency[i] : NaN;
    re[i] = ok && Number.isFinite(residuals.re[i]) ? residuals.re[i] * 100 : NaN;
    im[i] = ok && Number.isFinite(residuals.im[i]) ? residuals.im[i] * 100 : NaN;
  }
  const description = options.description ?? `Relative residuals of the real and imaginary impedance in percent against frequency (log scale, hertz), ${n} points.`;
  const ef = extent([f], true);
  const ey = extent([re, im]);
  if (!ef || !ey) return svgRoot({ kind: 'residuals', ...c, description, empty: true }, emptyBody(frame, 'No data'));
  const band = options.band !== undefined && Number.isFinite(options.band) && options.band > 0 && options.band < 1e6 ? options.band * 100 : 0;
  const m = Math.max(0.1, Math.abs(ey[0]), Math.abs(ey[1]), band) * 1.08;
  const x = makeAxis({ type: 'log', domain: padLog(ef, 0.03), label: options.xLabel ?? 'f / Hz' }, frame.left, frame.left + frame.width);
  const y = makeAxis({ type: 'linear', domain: niceLinearDomain(-m, m, 4), label: options.yLabel ?? 'Δ / %', count: 4 }, frame.top + frame.height, frame.top);
  const clip = `${c.id}-clip`;
  const { defs, border } = frameParts(frame, clip);
  const xs = Array.from(f, x.map);
  let g = '';
  if (band) {
    const y0 = y.map(band);
    const y1 = y.map(-band);
    g += svgElement('rect', { class: 'band', x: frame.left, y: y0, width: frame.width, height: y1 - y0, fill: '#999999', 'fill-opacity': 0.18 });
  }
  g += polyline([frame.left, frame.left + frame.width], [y.map(0), y.map(0)], '#555555', 'zero', 1);
  const cRe = OKABE_ITO[0];
  const cIm = OKABE_ITO[1];
  const yre = Array.from(re, y.map);
  const yim = Array.from(im, y.map);
  g += svgElement('g', { class: 'series', 'data-series': 're' }, polyline(xs, yre, cRe, 'line', 0.9) + markers(xs, yre, 'circle', cRe, 'points', 3));
  g += svgElement('g', { class: 'series', 'data-series': 'im' }, polyline(xs, yim, cIm, 'line', 0.9) + markers(xs, yim, 'square', cIm, 'points', 3));
  const body =
    defs +
    drawXAxis(x, frame, 'bottom', { name: 'x' }) +
    drawYAxis(y, frame, 'left', { name: 'y' }) +
    svgElement('g', { class: 'data', 'clip-path': `url(#${clip})` }, g) +
    border +
    (options.legend === false
      ? ''
      : legend(
          [
            { label: options.reLabel ?? 'Re', color: cRe, marker: 'circle', line: true },
            { label: options.imLabel ?? 'Im', color: cIm, marker: 'square', line: true },
          ],
          frame,
          [
            [xs, yre],
            [xs, yim],
          ],
        ));
  return svgRoot({ kind: 'residuals', ...c, description }, body);
}
