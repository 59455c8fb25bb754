/**
 * Arrhenius plot: log σ (or log σT) against 1000/T with a °C axis on top.
 *
 * @module
 */
import { MARKERS, checkLengths, colorOf, drawXAxis, drawYAxis, emptyBody, extent, frameOf, frameParts, legend, makeAxis, markers, padLinear, padLog, polyline, resolveCommon, svgRoot } from './chart.js';
import { formatLinearTicks } from './formatSi.js';
import { linearTicks } from './scales.js';
import { escapeXml, svgElement } from './svg.js';
import type { PlotOptions } from './types.js';

/** Boltzmann constant in eV/K (CODATA 2018, exact). */
const K_B = 8.617333262e-5;
/** 1 eV per particle in kJ/mol: N_A·e/1000 (CODATA 2018). */
const EV_TO_KJ_MOL = 96.48533212;

/**
 * A fitted Arrhenius line: σ = A·exp(−Eₐ/(k_B T)) (form `sigma`) or
 * σT = A·exp(−Eₐ/(k_B T)) (form `sigmaT`), k_B = 8.617333262e−5 eV/K.
 *
 * @example
 * ```ts
 * const fit: ArrheniusFitLine = { activationEnergy: 0.42, prefactor: 1.2e4, activationEnergyStderr: 0.01 };
 * ```
 */
export interface ArrheniusFitLine {
  /** Activation energy Eₐ in eV. */
  activationEnergy: number;
  /** Pre-exponential factor A in S cm⁻¹ (form `sigma`) or S K cm⁻¹ (form `sigmaT`). */
  prefactor: number;
  /** Standard error of Eₐ in eV (shown as ±). */
  activationEnergyStderr?: number;
}

/**
 * Conductivities measured at several temperatures.
 *
 * @example
 * ```ts
 * const s: ArrheniusSeries = { temperature: [298.15, 323.15], conductivity: [1e-4, 3e-4], label: 'LLZO' };
 * ```
 */
export interface ArrheniusSeries {
  /** Absolute temperature T in K. */
  temperature: ArrayLike<number>;
  /** Conductivity σ in S cm⁻¹ (always σ, also for the σT form; the plot multiplies by T). */
  conductivity: ArrayLike<number>;
  /** Standard error of σ in S cm⁻¹ (drawn as error bars), optional. */
  conductivityStderr?: ArrayLike<number>;
  /** Fitted line drawn over the temperature range of the series. */
  fit?: ArrheniusFitLine;
  /** Legend text. */
  label?: string;
  /** CSS colour. */
  color?: string;
}

/** Options of {@link arrheniusPlot}. */
export interface ArrheniusPlotOptions extends PlotOptions {
  /** `'sigma'` (default): log σ against 1000/T; `'sigmaT'`: log σT against 1000/T. Must match the fit's form. */
  form?: 'sigma' | 'sigmaT';
  /** Secondary temperature axis in °C on top (default true). */
  celsiusAxis?: boolean;
  /** Write the Eₐ annotation(s) (default true when a fit is given). */
  annotate?: boolean;
}

/**
 * Arrhenius plot: σ (S cm⁻¹) or σT (S K cm⁻¹) on a log axis against
 * 1000/T (K⁻¹), with a secondary axis of the same positions labelled in °C
 * (T/°C = T/K − 273.15), fitted lines σ = A·exp(−Eₐ/k_B T) (or σT = …) and
 * an annotation "Eₐ = … eV (… kJ mol⁻¹)" (1 eV = 96.485 kJ mol⁻¹).
 * Arrhenius, Z. Phys. Chem. 4 (1889) 226; the σT form follows from the
 * Nernst–Einstein relation for hopping conduction.
 *
 * Points with non-finite or non-positive T or σ are skipped; with none left
 * the result is an empty-state plot (`data-empty="true"`).
 *
 * @param input - one {@link ArrheniusSeries} or a list of them
 * @param options - see {@link ArrheniusPlotOptions}
 * @returns a standalone SVG document string (default 640 × 480 px)
 * @throws DataFormatError (`LENGTH_MISMATCH`) when a series' arrays differ in length
 * @example
 * ```ts
 * const svg = arrheniusPlot({ temperature: T, conductivity: sigma, fit: { activationEnergy: 0.42, prefactor: 1.2e3 } });
 * ```
 */
export function arrheniusPlot(input: ArrheniusSeries | readonly ArrheniusSeries[], options: ArrheniusPlotOptions = {}): string {
  const c = resolveCommon(options, 'arrhenius');
  const list: ArrheniusSeries[] = Array.isArray(input) ? [...(input as readonly ArrheniusSeries[])] : [input as ArrheniusSeries];
  list.forEach((s, i) => checkLengths({ temperature: s?.temperature, conductivity: s?.conductivity, conductivityStderr: s?.conductivityStderr }, `Arrhenius series ${i + 1}`));
  const sigmaT = options.form === 'sigmaT';
  const celsius = options.celsiusAxis !== false;
  const frame = frameOf(c, [celsius ? 52 : 14, 20, 50, 76]);
  const colors = list.map((s, i) => colorOf(i, s.color, options.palette));
  const xs = list.map((s) => Float64Array.from(s.temperature, (t) => (t > 0 && Number.isFinite(t) ? 1000 / t : NaN)));
  const ys = list.map((s) =>
    Float64Array.from(s.conductivity, (v, i) => {
      const t = s.temperature[i];
      return v > 0 && Number.isFinite(v) && t > 0 && Number.isFinite(t) ? (sigmaT ? v * t : v) : NaN;
    }),
  );
  const okX = xs.map((x, k) => Float64Array.from(x, (v, i) => (Number.isFinite(ys[k][i]) ? v : NaN)));
  const ex = extent(okX);
  const ey = extent(ys, true);
  const yUnit = sigmaT ? 'σT / S K cm⁻¹' : 'σ / S cm⁻¹';
  const description =
    options.description ??
    `Arrhenius plot: ${sigmaT ? 'conductivity times temperature' : 'conductivity'} (log scale) against 1000/T in inverse kelvin, ${list.length} series.`;
  if (!ex || !ey) return svgRoot({ kind: 'arrhenius', ...c, description, empty: true }, emptyBody(frame, 'No data'));
  const xd = padLinear(ex, 0.06);
  const x = makeAxis({ type: 'linear', domain: xd, label: options.xLabel ?? '1000/T / K⁻¹', count: 5 }, frame.left, frame.left + frame.width);
  // Include fitted lines in the y range.
  const lineY: number[] = [];
  for (const s of list) {
    if (!s.fit || !Number.isFinite(s.fit.activationEnergy) || !(s.fit.prefactor > 0)) continue;
    for (const xv of xd) lineY.push(s.fit.prefactor * Math.exp((-s.fit.activationEnergy * xv) / (1000 * K_B)));
  }
  const ey2 = extent([ys.flatMap((a) => Array.from(a)).concat(lineY)], true) ?? ey;
  const y = makeAxis({ type: 'log', domain: padLog(ey2, 0.06), label: options.yLabel ?? yUnit }, frame.top + frame.height, frame.top);
  const clip = `${c.id}-clip`;
  const { defs, border } = frameParts(frame, clip);
  let g = '';
  const notes: string[] = [];
  const drawn: [number[], number[]][] = [];
  list.forEach((s, i) => {
    let inner = '';
    const shape = MARKERS[i % MARKERS.length];
    if (s.fit && Number.isFinite(s.fit.activationEnergy) && s.fit.prefactor > 0) {
      const r = extent([okX[i]]) ?? ex;
      const a = r[0] - (r[1] - r[0]) * 0.04;
      const b = r[1] + (r[1] - r[0]) * 0.04;
      const val = (xv: number) => s.fit!.prefactor * Math.exp((-s.fit!.activationEnergy * xv) / (1000 * K_B));
      const ya = val(a);
      const yb = val(b);
      if (ya > 0 && yb > 0 && Number.isFinite(ya) && Number.isFinite(yb)) {
        inner += polyline([x.map(a), x.map(b)], [y.map(ya), y.map(yb)], colors[i], 'fit', 1.6);
      }
      const ea = s.fit.activationEnergy;
      const se = s.fit.activationEnergyStderr;
      const seText = se !== undefined && Number.isFinite(se) ? ` ± ${fmt(se)}` : '';
      notes.push(`${s.label ? s.label + ': ' : ''}Eₐ = ${fmt(ea)}${seText} eV (${fmt(ea * EV_TO_KJ_MOL)}${seText ? ' ± ' + fmt(se! * EV_TO_KJ_MOL) : ''} kJ mol⁻¹)`);
    }
    if (s.conductivityStderr) {
      let d = '';
      for (let k = 0; k < xs[i].length; k++) {
        const e = s.conductivityStderr[k];
        const v = ys[i][k];
        if (!Number.isFinite(v) || !Number.isFinite(e) || !(e > 0)) continue;
        const scale = sigmaT ? s.temperature[k] : 1;
        const hi = v + e * scale;
        const lo = v - e * scale;
        const X = x.map(xs[i][k]);
        const Y1 = y.map(hi);
        const Y0 = lo > 0 ? y.map(lo) : frame.top + frame.height;
        if (!Number.isFinite(X) || !Number.isFinite(Y0) || !Number.isFinite(Y1)) continue;
        d += `M${X.toFixed(2)} ${Y0.toFixed(2)}V${Y1.toFixed(2)}M${(X - 3).toFixed(2)} ${Y1.toFixed(2)}h6`;
        if (lo > 0) d += `M${(X - 3).toFixed(2)} ${Y0.toFixed(2)}h6`;
      }
      if (d) inner += svgElement('path', { class: 'error-bars', d, stroke: colors[i], fill: 'none', 'stroke-width': 1 });
    }
    const X = Array.from(xs[i], x.map);
    const Y = Array.from(ys[i], (v) => (v > 0 ? y.map(v) : NaN));
    inner += markers(X, Y, shape, colors[i], 'points', 3.6);
    drawn.push([X, Y]);
    g += svgElement('g', { class: 'series', 'data-series': i, 'data-label': s.label ?? '' }, inner);
  });
  let top = '';
  if (celsius) {
    // Same positions as 1000/T, labelled in °C.
    const tHi = 1000 / xd[0] - 273.15;
    const tLo = 1000 / xd[1] - 273.15;
    const t = linearTicks(tLo, tHi, 5);
    const labels = formatLinearTicks(t.values, t.step);
    const ticks = t.values.map((v, i) => ({ value: 1000 / (v + 273.15), label: labels[i] })).filter((tk) => tk.value > Math.min(...xd) && tk.value < Math.max(...xd));
    const cAxis = makeAxis({ type: 'linear', domain: xd, label: 'T / °C', ticks }, frame.left, frame.left + frame.width);
    top = drawXAxis(cAxis, frame, 'top', { name: 'x-celsius', grid: false });
  }
  let note = '';
  if (options.annotate !== false && notes.length) {
    note = svgElement(
      'g',
      { class: 'annotation', 'font-size': 11, fill: '#222222' },
      notes.map((t, i) => svgElement('text', { class: 'activation-energy', x: frame.left + 8, y: frame.top + frame.height - 10 - (notes.length - 1 - i) * 15 }, escapeXml(t))).join(''),
    );
  }
  const entries = list.some((s) => s.label) || list.length > 1 ? list.map((s, i) => ({ label: s.label ?? `Series ${i + 1}`, color: colors[i], marker: MARKERS[i % MARKERS.length], line: !!s.fit })) : [];
  const body =
    defs +
    drawXAxis(x, frame, 'bottom', { name: 'x' }) +
    drawYAxis(y, frame, 'left', { name: 'y' }) +
    top +
    svgElement('g', { class: 'data', 'clip-path': `url(#${clip})` }, g) +
    border +
    note +
    (options.legend === false ? '' : legend(entries, frame, drawn));
  return svgRoot({ kind: 'arrhenius', ...c, description }, body);
}

/** Three significant digits, plain notation. */
function fmt(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}
