/**
 * Automatic starting values from the spectrum itself.
 *
 * @module
 */
import { BUILTIN_ELEMENTS } from '../circuit/elements/builtin.js';
import type { CircuitModel, CircuitNode, ElementDefinition, ElementRegistry, FrequencyGrid } from '../circuit/types.js';
import type { Spectrum } from '../data/spectrum.js';

/** Options of {@link guessInitial}. */
export interface GuessOptions {
  /** Element registry used to evaluate single elements (default: built-in). */
  elements?: ElementRegistry;
}

/** One arc found (or inferred) in the spectrum. */
export interface DetectedArc {
  /** Apex frequency (Hz) of −Im Z. */
  frequency: number;
  /** Arc diameter (resistance, Ω). */
  resistance: number;
  /** CPE exponent estimated from the depression: α = (4/π)·atan(2h/R). */
  alpha: number;
  /** True when inferred outside the window or by splitting (no visible apex). */
  inferred: boolean;
}

/** One complete assignment of arcs, with the matching series-resistance intercept. */
export interface ArcSet {
  /** Arcs in order of decreasing apex frequency. */
  arcs: DetectedArc[];
  /** Series resistance (Ω) left for the top-level resistors. */
  highFrequencyIntercept: number;
}

/** Features of a spectrum used by {@link guessInitial}. */
export interface SpectrumFeatures {
  /** High-frequency intercept estimate (Ω). */
  highFrequencyIntercept: number;
  /** Low-frequency Re Z (Ω) at the lowest frequency. */
  lowFrequencyRe: number;
  /** Arcs in order of decreasing apex frequency (increasing time constant). */
  arcs: DetectedArc[];
  /**
   * Other plausible arc sets (with their series intercept) when fewer arcs are
   * visible than the circuit has blocks: the smaller arc may be a shoulder
   * (split a visible arc a decade or two either side), lie above or below the
   * window. Empty when every arc has its own −Im peak.
   */
  alternatives: ArcSet[];
  /** Exponent of the low-frequency tail from the slope of ln(−Im) vs ln ω over the last points, clamped to [0.3, 1]. */
  tailExponent: number;
  /** −Im Z at the lowest frequency (Ω). */
  tailMagnitude: number;
  /** Lowest and highest frequency (Hz). */
  frequencyRange: [number, number];
  /** Largest |Z| (Ω). */
  scale: number;
}

const TWO_PI = 2 * Math.PI;

/** One-point grid and outputs reused by {@link elementModulus} (kernels keep no references). */
const ONE_GRID: FrequencyGrid = { n: 1, omega: new Float64Array(1), logOmega: new Float64Array(1) };
const ONE_RE = new Float64Array(1);
const ONE_IM = new Float64Array(1);

function elementModulus(def: ElementDefinition, vals: number[], omega: number): number {
  ONE_GRID.omega[0] = omega;
  ONE_GRID.logOmega[0] = Math.log(omega);
  ONE_RE[0] = 0;
  ONE_IM[0] = 0;
  def.kernel(vals, 0, ONE_GRID, ONE_RE, ONE_IM);
  return Math.hypot(ONE_RE[0], ONE_IM[0]);
}

const blockingCache = new WeakMap<ElementDefinition, boolean>();

/** True when |Z| of the element grows without bound as ω → 0 (a blocking, capacitive-at-LF element). */
function isBlocking(def: ElementDefinition): boolean {
  let v = blockingCache.get(def);
  if (v === undefined) {
    v = computeBlocking(def);
    blockingCache.set(def, v);
  }
  return v;
}

function computeBlocking(def: ElementDefinition): boolean {
  const vals = def.parameters.map((p) => p.default);
  const a = elementModulus(def, vals, 1e-6);
  const b = elementModulus(def, vals, 1e-4);
  return Number.isFinite(a) && Number.isFinite(b) && a > 10 * b;
}

/** Scales the first magnitude-like log parameter so that |Z_el(ω)| = target. */
function matchMagnitude(def: ElementDefinition, vals: number[], omega: number, target: number): void {
  if (!(target > 0) || !Number.isFinite(target)) return;
  for (let j = 0; j < def.parameters.length; j++) {
    if (def.parameters[j].scale !== 'log') continue;
    const z1 = elementModulus(def, vals, omega);
    const save = vals[j];
    vals[j] = save * 2;
    const z2 = elementModulus(def, vals, omega);
    vals[j] = save;
    const s = Math.log2(z2 / z1);
    if (!Number.isFinite(s) || Math.abs(s) < 0.2 || !(z1 > 0)) continue;
    const v = save * Math.pow(target / z1, 1 / s);
    if (Number.isFinite(v) && v > 0) vals[j] = v;
    return;
  }
}

function isExponent(p: { scale: string; bounds: readonly [number, number] }): boolean {
  return p.scale === 'linear' && p.bounds[0] >= 0 && p.bounds[1] <= 1;
}

/**
 * Extracts the features {@link guessInitial} needs: the high-frequency
 * intercept, the arcs from the peaks of −Im Z (apex frequency, diameter from
 * the Re Z at the −Im minima between arcs, exponent from the depression), and
 * the low-frequency slope.
 *
 * For an R∥CPE arc the apex height is h = (R/2)·tan(απ/4), so α = (4/π)·atan(2h/R)
 * (Orazem & Tribollet, *Electrochemical Impedance Spectroscopy*, 2nd ed. 2017, ch. 14).
 *
 * @param spectrum - the spectrum (any frequency order)
 * @param arcCount - number of arcs wanted; missing ones are inferred beyond the window or by splitting
 * @param hasTail - true when the circuit has a blocking series element (the LF rise is a tail, not an arc)
 * @returns the features
 * @example
 * ```ts
 * const features = analyzeSpectrum(spectrum, 2, false);
 * features.arcs.map((a) => a.frequency);
 * ```
 */
export function analyzeSpectrum(spectrum: Spectrum, arcCount: number, hasTail: boolean): SpectrumFeatures {
  const n = spectrum.frequency.length;
  const fq = spectrum.frequency;
  const order = new Array<number>(n);
  let descending = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && !(fq[i - 1] > fq[i])) descending = false;
  }
  // Measured spectra usually come sorted high → low already: the (stable) sort is then the identity.
  if (!descending) order.sort((a, b) => fq[b] - fq[a]);
  const F = new Array<number>(n);
  const X = new Array<number>(n);
  const Y = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    F[k] = fq[i];
    X[k] = spectrum.re[i];
    Y[k] = -spectrum.im[i];
  }
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.hypot(X[i], Y[i]));
  if (!(scale > 0)) scale = 1;
  // Skip inductive high-frequency points.
  let hs = 0;
  while (hs < n - 1 && Y[hs] <= 0) hs++;
  const last = n - 1;
  const fmax = F[hs];
  const fmin = F[last];
  // Peaks of −Im after binomial smoothing over `half` points either side,
  // ranked by prominence relative to the local |Z| (noise scales with |Z|).
  const findPeaks = (half: 1 | 2): { Ys: number[]; peaks: { i: number; prom: number }[] } => {
    const Ys = Y.map((y, i) => {
      if (half === 2 && i >= hs + 2 && i <= last - 2) return (Y[i - 2] + 4 * Y[i - 1] + 6 * y + 4 * Y[i + 1] + Y[i + 2]) / 16;
      if (i > hs && i < last) return (Y[i - 1] + 2 * y + Y[i + 1]) / 4;
      return y;
    });
    const peaks: { i: number; prom: number }[] = [];
    for (let i = hs + 1; i < last; i++) {
      if (!(Ys[i] > 0 && Ys[i] >= Ys[i - 1] && Ys[i] > Ys[i + 1])) continue;
      let lmin = Ys[i];
      for (let k = i - 1; k >= hs && Ys[k] <= Ys[i]; k--) lmin = Math.min(lmin, Ys[k]);
      let rmin = Ys[i];
      for (let k = i + 1; k <= last && Ys[k] <= Ys[i]; k++) rmin = Math.min(rmin, Ys[k]);
      const prom = (Ys[i] - Math.max(lmin, rmin)) / Math.hypot(X[i], Y[i]);
      if (prom > 0.02) peaks.push({ i, prom });
    }
    return { Ys, peaks };
  };
  let maxY = 0;
  for (let i = hs; i < n; i++) maxY = Math.max(maxY, Y[i]);
  const cotA = 1 / Math.tan((0.85 * Math.PI) / 2);
  const x0 = X[hs];
  const hf0 = Math.max(x0 - Math.max(Y[hs], 0) * cotA, 0.02 * x0);
  let tailStart = last;
  // Real arcs from a peak list: diameters from Re at the −Im minima between arcs.
  const realArcs = (Ys: number[], peaks: { i: number; prom: number }[]): { arcs: DetectedArc[]; lfRe: number; hf: number } => {
    let chosen = peaks;
    if (chosen.length > arcCount) chosen = [...chosen].sort((a, b) => b.prom - a.prom).slice(0, arcCount);
    chosen = [...chosen].sort((a, b) => a.i - b.i);
    const bounds: number[] = [hf0];
    for (let k = 0; k + 1 < chosen.length; k++) {
      let bi = chosen[k].i;
      for (let i = chosen[k].i; i <= chosen[k + 1].i; i++) if (Ys[i] < Ys[bi]) bi = i;
      bounds.push(X[bi]);
    }
    let lfRe = X[last];
    if (hasTail && chosen.length) {
      let bi = chosen[chosen.length - 1].i;
      for (let i = bi; i <= last; i++) if (Ys[i] < Ys[bi]) bi = i;
      tailStart = bi;
      lfRe = X[bi];
    }
    bounds.push(lfRe);
    // A visible apex fixes the start of the first arc better than extrapolating the top point:
    // a (depressed) semicircle is symmetric about its apex, so R0 ≈ 2·X_apex − X_end.
    if (chosen.length) {
      const sym = 2 * X[chosen[0].i] - bounds[1];
      if (sym > 0.02 * x0 && sym < bounds[0]) bounds[0] = sym;
    }
    const arcs: DetectedArc[] = [];
    for (let k = 0; k < chosen.length; k++) {
      const h = Ys[chosen[k].i];
      let R = bounds[k + 1] - bounds[k];
      if (!(R >= 2 * h)) R = 2 * h;
      const alpha = Math.min(1, Math.max(0.5, (4 / Math.PI) * Math.atan((2 * h) / R)));
      arcs.push({ frequency: F[chosen[k].i], resistance: R, alpha, inferred: false });
    }
    return { arcs, lfRe, hf: bounds[0] };
  };
  type Fill = 'rules' | 'hf' | 'lf' | { split: number; factor: number };
  // Completes a list of real arcs to `arcCount` arcs; returns the arcs and the series-R intercept.
  const complete = (base: DetectedArc[], fill: Fill, hfStart = hf0): { arcs: DetectedArc[]; hf: number } => {
    const arcs = base.map((a) => ({ ...a }));
    let hf = hfStart;
    const addHf = () => {
      const Rv = 0.5 * hf;
      hf -= Rv;
      const ratio = Math.min(Math.max(Rv / (2 * Math.max(Y[hs], 1e-12 * scale)), 1.5), 1e4);
      arcs.unshift({ frequency: fmax * ratio, resistance: Rv, alpha: 0.9, inferred: true });
    };
    const addLf = () => arcs.push({ frequency: fmin / 3, resistance: 2 * Math.max(Y[last], 0) + 0.1 * scale, alpha: 0.9, inferred: true });
    if (arcs.length < arcCount) {
      if (fill === 'hf') addHf();
      else if (fill === 'lf') addLf();
      else if (typeof fill === 'object' && arcs[fill.split]) {
        const a = arcs[fill.split];
        const extra: DetectedArc = { frequency: a.frequency * fill.factor, resistance: 0.15 * a.resistance, alpha: a.alpha, inferred: true };
        a.resistance *= 0.85;
        arcs.splice(fill.factor > 1 ? fill.split : fill.split + 1, 0, extra);
      }
    }
    // Rules: above the window when −Im rises towards the top frequency …
    if (arcs.length < arcCount && ((Y[hs] > 0.02 * maxY && (hs + 1 > last || Y[hs] >= Y[hs + 1])) || arcs.length === 0)) addHf();
    // … below the window when −Im still rises at the lowest frequency and there is no tail …
    if (arcs.length < arcCount && !hasTail && Y[last] > 0.02 * maxY && Y[last] >= Y[Math.max(last - 1, 0)]) addLf();
    // … else split the largest arc into two half a decade either side.
    while (arcs.length < arcCount) {
      if (!arcs.length) {
        arcs.push({ frequency: Math.sqrt(fmax * fmin), resistance: 0.5 * scale, alpha: 0.9, inferred: true });
        continue;
      }
      let big = 0;
      for (let k = 1; k < arcs.length; k++) if (arcs[k].resistance > arcs[big].resistance) big = k;
      const a = arcs[big];
      const hi: DetectedArc = { frequency: a.frequency * 3.16, resistance: a.resistance / 2, alpha: a.alpha, inferred: true };
      const lo: DetectedArc = { frequency: a.frequency / 3.16, resistance: a.resistance / 2, alpha: a.alpha, inferred: true };
      arcs.splice(big, 1, hi, lo);
    }
    return { arcs, hf };
  };
  const smooth5 = findPeaks(2);
  const primaryBase = realArcs(smooth5.Ys, smooth5.peaks);
  const lfRe = primaryBase.lfRe;
  const primary = complete(primaryBase.arcs, 'rules', primaryBase.hf);
  const alternatives: { arcs: DetectedArc[]; hf: number }[] = [];
  if (primaryBase.arcs.length < arcCount) {
    // Ambiguous: fewer visible arcs than blocks. Offer every plausible completion.
    const smooth3 = findPeaks(1);
    if (smooth3.peaks.length > smooth5.peaks.length) {
      const b3 = realArcs(smooth3.Ys, smooth3.peaks);
      alternatives.push(complete(b3.arcs, 'rules', b3.hf));
    }
    alternatives.push(complete(primaryBase.arcs, 'hf', primaryBase.hf), complete(primaryBase.arcs, 'lf', primaryBase.hf));
    primaryBase.arcs.forEach((_, k) => {
      for (const factor of [10, 100, 0.1, 0.01]) alternatives.push(complete(primaryBase.arcs, { split: k, factor }, primaryBase.hf));
    });
  }
  const arcs = primary.arcs;
  const hfIntercept = primary.hf;
  // LF slope of ln(−Im) against ln ω over the last points.
  let tailExponent = 1;
  const k0 = Math.max(hs, Math.max(tailStart, last - 3));
  if (last - k0 >= 1) {
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    let cnt = 0;
    for (let i = k0; i <= last; i++) {
      if (!(Y[i] > 0)) continue;
      const lx = Math.log(F[i]);
      const ly = Math.log(Y[i]);
      sx += lx;
      sy += ly;
      sxx += lx * lx;
      sxy += lx * ly;
      cnt++;
    }
    const den = cnt * sxx - sx * sx;
    if (cnt >= 2 && den > 0) tailExponent = -(cnt * sxy - sx * sy) / den;
  }
  tailExponent = Math.min(1, Math.max(0.3, Number.isFinite(tailExponent) ? tailExponent : 1));
  return {
    highFrequencyIntercept: hfIntercept,
    lowFrequencyRe: lfRe,
    arcs,
    alternatives: alternatives.map((a) => ({ arcs: a.arcs, highFrequencyIntercept: a.hf })),
    tailExponent,
    tailMagnitude: Math.max(Y[last], 1e-6 * scale),
    frequencyRange: [fmin, fmax],
    scale,
  };
}

/**
 * Automatic starting values for every parameter of `model`, from the spectrum.
 *
 * 1. Series resistors share the high-frequency intercept.
 * 2. Arcs (−Im peaks; see {@link analyzeSpectrum}) are assigned to the
 *    top-level parallel blocks in circuit order, highest apex frequency first
 *    (increasing time constant). In each block the resistor takes the arc
 *    diameter R, exponents take α from the depression, and the capacitive
 *    element's magnitude parameter is set so that |Z_el(ω_apex)| = R — the apex
 *    condition R·Q·ω^α = 1 of R∥CPE, ω = 1/(RC) of R∥C.
 * 3. Blocking series elements (C, CPE, W, Wo, …: |Z| → ∞ as ω → 0) take the
 *    exponent from the low-frequency slope of ln(−Im) and the magnitude of
 *    −Im Z at the lowest frequency (a Warburg gets slope ½ and τ beyond the window).
 * 4. Inductors take the positive Im Z at the top frequency; everything else
 *    keeps its registry default. Values are moved strictly inside their bounds.
 *
 * @param model - compiled circuit
 * @param spectrum - the data (already range-filtered)
 * @param options - see {@link GuessOptions}
 * @returns starting values in `model.parameters` order
 * @example
 * ```ts
 * const model = compileCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
 * const x0 = guessInitial(model, spectrum);
 * ```
 */
export function guessInitial(model: CircuitModel, spectrum: Spectrum, options: GuessOptions = {}): Float64Array {
  return guessCandidates(model, spectrum, options)[0];
}

/**
 * Like {@link guessInitial}, but when the spectrum shows fewer arcs than the
 * circuit has blocks it also returns the alternative completions of
 * {@link SpectrumFeatures.alternatives} (hidden shoulder either side of a
 * visible arc, an arc above or below the window). `fitCircuit` starts from
 * every candidate and keeps the lowest cost.
 *
 * @param model - compiled circuit
 * @param spectrum - the data
 * @param options - see {@link GuessOptions}
 * @returns at least one start vector; the first is {@link guessInitial}'s
 * @example
 * ```ts
 * guessCandidates(compileCircuit('R0-p(R1,CPE1)-p(R2,CPE2)'), spectrum).length; // 1 when both arcs are visible
 * ```
 */
export function guessCandidates(model: CircuitModel, spectrum: Spectrum, options: GuessOptions = {}): Float64Array[] {
  const registry = options.elements ?? BUILTIN_ELEMENTS;
  const params = model.parameters;
  let values = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) values[i] = params[i].default;
  const byElement = new Map<string, number[]>();
  params.forEach((p, i) => {
    const list = byElement.get(p.element) ?? [];
    list.push(i);
    byElement.set(p.element, list);
  });
  const ast = model.ast;
  const top: CircuitNode[] = ast.type === 'series' ? ast.children : [ast];
  const seriesR: string[] = [];
  const inductors: string[] = [];
  const tails: { name: string; def: ElementDefinition }[] = [];
  const blocks: CircuitNode[] = [];
  for (const node of top) {
    if (node.type === 'element') {
      const def = registry.get(node.symbol);
      if (!def) continue;
      if (node.symbol === 'R') seriesR.push(node.name);
      else if (node.symbol === 'L') inductors.push(node.name);
      else if (isBlocking(def)) tails.push({ name: node.name, def });
      else blocks.push(node);
    } else blocks.push(node);
  }
  const f = spectrum.frequency;
  if (f.length === 0) return [values];
  const feat = analyzeSpectrum(spectrum, blocks.length, tails.length > 0);
  const [fmin, fmax] = feat.frequencyRange;
  const sets = [{ arcs: feat.arcs, highFrequencyIntercept: feat.highFrequencyIntercept }, ...feat.alternatives];
  const out: Float64Array[] = [];
  for (const set of sets) {
    values = new Float64Array(params.length);
    for (let i = 0; i < params.length; i++) values[i] = params[i].default;
    fillValues(set.arcs, set.highFrequencyIntercept);
    out.push(values);
  }
  return out;

  function fillValues(arcsIn: DetectedArc[], intercept: number): void {

  const getVals = (name: string) => (byElement.get(name) ?? []).map((i) => values[i]);
  const setVals = (name: string, v: number[]) => (byElement.get(name) ?? []).forEach((i, k) => (values[i] = v[k]));
  const defOf = (name: string, symbol: string) => registry.get(symbol) ?? null;

  // Series resistors.
  for (const name of seriesR) setVals(name, [Math.max(intercept, 1e-6 * feat.scale) / seriesR.length]);
  // Inductors.
  const imTop = (() => {
    let k = 0;
    for (let i = 1; i < f.length; i++) if (f[i] > f[k]) k = i;
    return spectrum.im[k];
  })();
  for (const name of inductors) setVals(name, [Math.max(imTop, 1e-4 * feat.scale) / (TWO_PI * fmax) / inductors.length]);
  // Tails.
  for (const { name, def } of tails) {
    const v = getVals(name);
    let alpha = feat.tailExponent;
    def.parameters.forEach((p, j) => {
      if (isExponent(p)) v[j] = Math.min(Math.max(alpha, p.bounds[0] + 0.01), p.bounds[1]);
    });
    if (!def.parameters.some(isExponent)) alpha = Math.min(alpha, 1);
    const wmin = TWO_PI * fmin;
    def.parameters.forEach((p, j) => {
      if (p.unit === 's') v[j] = (feat.tailExponent < 0.75 ? 10 : 0.3) / wmin;
    });
    matchMagnitude(def, v, wmin, feat.tailMagnitude / Math.max(Math.sin((alpha * Math.PI) / 2), 0.3) / tails.length);
    setVals(name, v);
  }
  // Arc blocks, in circuit order, highest frequency first.
  blocks.forEach((block, b) => {
    const arc = arcsIn[b];
    if (!arc) return;
    const w = TWO_PI * arc.frequency;
    const assignElement = (name: string, symbol: string, role: 'resistor' | 'capacitive' | 'leaf' | 'extra') => {
      const def = defOf(name, symbol);
      if (!def) return;
      const v = getVals(name);
      if (role === 'resistor') {
        v[0] = arc.resistance;
      } else {
        def.parameters.forEach((p, j) => {
          if (isExponent(p)) v[j] = Math.min(Math.max(arc.alpha, p.bounds[0] + 0.01), p.bounds[1]);
          else if (p.unit === 's') v[j] = role === 'extra' ? 1 / (TWO_PI * fmin) : 1 / w;
          else if (role === 'leaf' && p.unit === 'Ω') v[j] = arc.resistance;
        });
        if (role === 'capacitive') matchMagnitude(def, v, w, arc.resistance);
        if (role === 'extra') matchMagnitude(def, v, TWO_PI * fmin, arc.resistance);
      }
      setVals(name, v);
    };
    if (block.type === 'element') {
      assignElement(block.name, block.symbol, 'leaf');
      return;
    }
    if (block.type !== 'parallel') return;
    let resistorDone = false;
    for (const child of block.children) {
      if (child.type === 'element') {
        if (child.symbol === 'R' && !resistorDone) {
          assignElement(child.name, child.symbol, 'resistor');
          resistorDone = true;
        } else assignElement(child.name, child.symbol, 'capacitive');
      } else if (child.type === 'series') {
        for (const c of child.children) {
          if (c.type !== 'element') continue;
          if (c.symbol === 'R' && !resistorDone) {
            assignElement(c.name, c.symbol, 'resistor');
            resistorDone = true;
          } else assignElement(c.name, c.symbol, 'extra');
        }
      }
    }
  });
  // Strictly inside bounds, finite.
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    let v = values[i];
    if (!Number.isFinite(v)) v = p.default;
    values[i] = clampInside(v, p.bounds[0], p.bounds[1], p.scale);
  }
  }
}

/**
 * Moves a value strictly inside [lower, upper] (by 1e-3 of the range, or of the
 * bound's magnitude for half-open ranges; geometrically for log-scale values).
 *
 * @param v - value
 * @param lower - lower bound
 * @param upper - upper bound
 * @param scale - parameter scale
 * @returns a value in the open interval
 * @example
 * ```ts
 * clampInside(2, 0, 1, 'linear'); // 0.999
 * ```
 */
export function clampInside(v: number, lower: number, upper: number, scale: 'log' | 'linear'): number {
  if (scale === 'log' && lower >= 0) {
    if (!(v > 0)) v = 1e-12;
    if (v <= lower) v = lower * 1.001;
    if (Number.isFinite(upper) && v >= upper) v = upper * 0.999;
    if (v <= lower) v = lower > 0 ? Math.sqrt(lower * upper) : upper * 0.5;
    return v;
  }
  const range = upper - lower;
  const m = Number.isFinite(range) ? 1e-3 * range : 1e-3 * Math.max(1, Math.abs(Number.isFinite(lower) ? lower : upper));
  if (v <= lower) v = lower + m;
  if (v >= upper) v = upper - m;
  return v;
}
