import type { ComplexArrays } from '../circuit/types.js';
import { ParameterError } from '../errors.js';
import { checkSpectrum, type Spectrum } from '../data/spectrum.js';
import { leastSquares } from '../internal/linalgDense.js';
import { residualStatistics, type ResidualStatistics } from './residualStatistics.js';

/** Which part of the (normalised) data the linear system is fitted to. */
export type LinKKFit = 'real' | 'imag' | 'complex';

/** Immittance representation the lin-KK model is written in. */
export type LinKKRepresentation = 'impedance' | 'admittance';

/** Options of {@link linKK}. */
export interface LinKKOptions {
  /**
   * µ threshold c: M grows from 1 until µ ≤ c (Schönleber et al. 2014).
   * Default 0.85. Ignored when `M` is given.
   */
  c?: number;
  /** Largest M tried by the automatic search (default 50). */
  maxM?: number;
  /**
   * Smallest M tried by the automatic search. `'auto'` (default) starts at
   * ⌈2·D⌉ + 1 for data spanning D decades (two time constants per decade), so
   * that narrow (Debye-like) relaxations are resolved before µ is trusted:
   * an under-resolved ladder also produces negative weights and would stop
   * the search too early. Use `1` to reproduce impedance.py / Schönleber's
   * original search.
   */
  minM?: number | 'auto';
  /** Fixed number of RC elements; disables the automatic µ search. */
  M?: number;
  /**
   * Fit the real part, the imaginary part or both (default `real`, as
   * impedance.py: the other part is then a genuine KK prediction, which makes
   * the test more sensitive to drift than a complex fit).
   */
  fit?: LinKKFit;
  /** Model representation (default `impedance`). */
  representation?: LinKKRepresentation;
  /**
   * Add the high-frequency reactive term: a series inductance jωL in the
   * impedance representation, a parallel capacitance jωC∞ in the admittance
   * representation. Default `true`.
   */
  highFrequencyTerm?: boolean;
  /**
   * Add the low-frequency reactive term: a series capacitance 1/(jωC)
   * (impedance.py's `add_cap`) in the impedance representation, a parallel
   * inductance 1/(jωL) in the admittance representation. Default `false`.
   */
  lowFrequencyTerm?: boolean;
  /**
   * Under-fitting guard factor κ (default 1.5; 0 or `false` disables it).
   * After the µ search stops at M, a reference fit with five time constants
   * per decade is made; while the noise estimate σ̂² = χ²_ps/ν at M exceeds κ
   * times the reference's, M is increased. This keeps narrow (ideal RC) relaxations from being judged
   * on an under-resolved ladder. Use `false` with `minM: 1` to reproduce
   * impedance.py / Schönleber's original search exactly.
   */
  underfitGuard?: number | false;
  /** Verdict thresholds, see {@link LinKKVerdictOptions}. */
  verdict?: LinKKVerdictOptions;
}

/** Thresholds of the lin-KK verdict. */
export interface LinKKVerdictOptions {
  /**
   * Residual magnitude (relative to |Z|) below which structure is considered
   * harmless (default 0.002 = 0.2 %).
   */
  floor?: number;
  /** Any |residual| above this marks the spectrum invalid (default 0.05 = 5 %). */
  maxResidual?: number;
  /** Significance level of the runs test for systematic residuals (default 0.001). */
  alpha?: number;
  /** A point is an outlier when |r| > `outlierFactor` × robust noise (default 4). */
  outlierFactor?: number;
  /** Length of a same-sign run that counts as a systematic trend (default 6). */
  minRun?: number;
}

/** Why a point was marked suspicious. */
export type SuspiciousReason = 'outlier' | 'trend' | 'large';

/** A point whose lin-KK residual is suspicious. */
export interface SuspiciousPoint {
  /** 0-based index into the spectrum. */
  index: number;
  /** Frequency in Hz. */
  frequency: number;
  /** Relative real residual (Z′ − Ẑ′)/|Z|. */
  re: number;
  /** Relative imaginary residual (Z″ − Ẑ″)/|Z|. */
  im: number;
  /** Reasons (at least one). */
  reasons: SuspiciousReason[];
}

/** Overall judgement of a lin-KK test. */
export interface LinKKVerdict {
  /** True when the spectrum is consistent with a linear, causal, stationary system. */
  valid: boolean;
  /** Human-readable reasons when not valid (empty when valid). */
  reasons: string[];
  /** Warnings that do not by themselves invalidate the spectrum. */
  notes: string[];
  /** Points with suspicious residuals, in spectrum order. */
  suspicious: SuspiciousPoint[];
}

/**
 * Fitted linear coefficients of the lin-KK model. Units depend on the
 * representation: impedance (Ω-based) or admittance (S-based).
 */
export interface LinKKCoefficients {
  /** Ohmic offset: R0 in Ω (impedance) or G0 in S (admittance). */
  offset: number;
  /** Per-τ weights: R_k in Ω (impedance) or G_k in S (admittance). */
  rc: Float64Array;
  /** High-frequency term: L in H (impedance) or C∞ in F (admittance); 0 when excluded. */
  high: number;
  /** Low-frequency term: 1/C in F⁻¹ (impedance) or 1/L in H⁻¹ (admittance); 0 when excluded. */
  low: number;
}

/** One step of the automatic M search. */
export interface LinKKStep {
  /** Number of RC elements. */
  M: number;
  /** µ at this M. */
  mu: number;
  /** Pseudo χ² = Σ (Δre² + Δim²) of the relative residuals at this M. */
  pseudoChiSquare: number;
}

/** Result of {@link linKK}. */
export interface LinKKResult {
  /** Number of RC elements used. */
  M: number;
  /** µ = 1 − Σ|w_k<0| / Σ|w_k≥0| at the chosen M (−∞ if every weight is negative). */
  mu: number;
  /** Fit mode used. */
  fit: LinKKFit;
  /** Representation used. */
  representation: LinKKRepresentation;
  /** Time constants τ_k in s, log-spaced from 1/(2π f_max) to 1/(2π f_min). */
  tau: Float64Array;
  /** Fitted coefficients. */
  coefficients: LinKKCoefficients;
  /** Fitted impedance Ẑ (Ω), in spectrum order. */
  fitted: ComplexArrays;
  /** Relative residuals (Z − Ẑ)/|Z|, real and imaginary parts. */
  residuals: ComplexArrays;
  /** Residual statistics (pseudo χ², noise estimate, runs tests…). */
  statistics: ResidualStatistics;
  /** Noise estimate σ̂ (relative, per component), same as `statistics.noise`. */
  noise: number;
  /** µ for every M tried (just the chosen one when M was fixed). */
  history: LinKKStep[];
  /** True when the µ search hit `maxM` without reaching µ ≤ c. */
  reachedMaxM: boolean;
  /** True when the under-fitting guard raised M beyond the first M with µ ≤ c. */
  guardRaisedM: boolean;
  /** The verdict. */
  verdict: LinKKVerdict;
}

/**
 * Time constants of the lin-KK test: τ_1 = 1/(2π f_max), τ_M = 1/(2π f_min),
 * τ_k = 10^(log₁₀τ_1 + (k−1)/(M−1)·log₁₀(τ_M/τ_1)) (Schönleber et al. 2014,
 * Eq. 9; the placement of impedance.py's `get_tc_distribution`).
 *
 * @param fmin - lowest frequency in Hz
 * @param fmax - highest frequency in Hz
 * @param M - number of time constants (≥ 1)
 * @returns τ in s, ascending
 * @example
 * ```ts
 * linKKTimeConstants(1, 1e5, 3); // [1/(2π·1e5), 1/(2π·316.2…), 1/(2π)]
 * ```
 */
export function linKKTimeConstants(fmin: number, fmax: number, M: number): Float64Array {
  const tmax = 1 / (2 * Math.PI * fmin);
  const tmin = 1 / (2 * Math.PI * fmax);
  const ts = new Float64Array(M);
  ts[0] = tmin;
  ts[M - 1] = tmax;
  const l0 = Math.log10(tmin);
  const span = Math.log10(tmax / tmin);
  for (let k = 2; k < M; k++) ts[k - 1] = 10 ** (l0 + ((k - 1) / (M - 1)) * span);
  return ts;
}

/** µ = 1 − Σ|w<0| / Σ|w≥0|. */
function computeMu(w: Float64Array): number {
  let neg = 0;
  let pos = 0;
  for (let k = 0; k < w.length; k++) {
    if (w[k] < 0) neg -= w[k];
    else pos += w[k];
  }
  if (pos === 0) return neg > 0 ? -Infinity : 1;
  return 1 - neg / pos;
}

/** Column kinds of the lin-KK design matrix. */
const enum Col {
  Offset,
  Rc,
  High,
  Low,
}

interface Prepared {
  n: number;
  omega: Float64Array;
  /** Target (Z or Y) divided by its modulus. */
  tRe: Float64Array;
  tIm: Float64Array;
  /** 1/|target| row weights. */
  w: Float64Array;
  /** Target itself. */
  yRe: Float64Array;
  yIm: Float64Array;
  admittance: boolean;
}

/**
 * Fits the lin-KK model for fixed τ. Returns the coefficients.
 * Impedance:  Ẑ = R0 + Σ R_k/(1 + jωτ_k) + jωL + 1/(jωC).
 * Admittance: Ŷ = G0 + Σ G_k·jωτ_k/(1 + jωτ_k) + jωC∞ + 1/(jωL).
 */
function fitFixed(pr: Prepared, tau: Float64Array, fit: LinKKFit, high: boolean, low: boolean): LinKKCoefficients {
  const { n, omega, w, tRe, tIm, admittance } = pr;
  const M = tau.length;
  // Column list: kinds and their (re, im) basis values per row (unweighted).
  const kinds: Col[] = [Col.Offset];
  for (let k = 0; k < M; k++) kinds.push(Col.Rc);
  if (high) kinds.push(Col.High);
  if (low) kinds.push(Col.Low);
  const nc = kinds.length;
  const bRe = new Float64Array(n * nc);
  const bIm = new Float64Array(n * nc);
  for (let i = 0; i < n; i++) {
    const om = omega[i];
    const row = i * nc;
    bRe[row] = 1;
    for (let k = 0; k < M; k++) {
      const x = om * tau[k];
      const d = 1 + x * x;
      if (admittance) {
        bRe[row + 1 + k] = (x * x) / d;
        bIm[row + 1 + k] = x / d;
      } else {
        bRe[row + 1 + k] = 1 / d;
        bIm[row + 1 + k] = -x / d;
      }
    }
    let c = 1 + M;
    if (high) bIm[row + c++] = om;
    if (low) bIm[row + c++] = -1 / om;
  }
  const coef = new Float64Array(nc);
  const solveOn = (useRe: boolean, useIm: boolean, cols: number[], rhsRe: Float64Array, rhsIm: Float64Array) => {
    const m = (useRe ? n : 0) + (useIm ? n : 0);
    const p = cols.length;
    if (p === 0) return new Float64Array(0);
    const a = new Float64Array(m * p);
    const b = new Float64Array(m);
    let r = 0;
    if (useRe) {
      for (let i = 0; i < n; i++, r++) {
        for (let j = 0; j < p; j++) a[r * p + j] = bRe[i * nc + cols[j]] * w[i];
        b[r] = rhsRe[i];
      }
    }
    if (useIm) {
      for (let i = 0; i < n; i++, r++) {
        for (let j = 0; j < p; j++) a[r * p + j] = bIm[i * nc + cols[j]] * w[i];
        b[r] = rhsIm[i];
      }
    }
    return leastSquares(a, m, p, b);
  };
  const all = kinds.map((_, j) => j);
  const withRe = all.filter((j) => kinds[j] === Col.Offset || kinds[j] === Col.Rc);
  const withIm = all.filter((j) => kinds[j] !== Col.Offset);
  const pureIm = all.filter((j) => kinds[j] === Col.High || kinds[j] === Col.Low);
  if (fit === 'complex') {
    coef.set(solveOn(true, true, all, tRe, tIm));
  } else if (fit === 'real') {
    // Real parts first (R0 and R_k), then the purely imaginary terms fitted to
    // what the RC part leaves of the imaginary data (impedance.py's scheme).
    const x = solveOn(true, false, withRe, tRe, tIm);
    withRe.forEach((j, q) => (coef[j] = x[q]));
    if (pureIm.length) {
      const rest = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (const j of withRe) s += bIm[i * nc + j] * coef[j];
        rest[i] = tIm[i] - s * w[i];
      }
      const y = solveOn(false, true, pureIm, tRe, rest);
      pureIm.forEach((j, q) => (coef[j] = y[q]));
    }
  } else {
    const x = solveOn(false, true, withIm, tRe, tIm);
    withIm.forEach((j, q) => (coef[j] = x[q]));
    // Offset from the real part, weights 1/|Z|² (Boukamp, J. Electrochem.
    // Soc. 142 (1995) 1885, Eq. 7).
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (const j of withRe) if (j !== 0) s += bRe[i * nc + j] * coef[j];
      const ws = w[i] * w[i];
      num += ws * (pr.yRe[i] - s);
      den += ws;
    }
    coef[0] = num / den;
  }
  let c = 1 + M;
  return {
    offset: coef[0],
    rc: coef.slice(1, 1 + M),
    high: high ? coef[c++] : 0,
    low: low ? coef[c++] : 0,
  };
}

/** Evaluates the fitted model as an impedance at angular frequencies ω. */
function evaluateModel(
  coef: LinKKCoefficients,
  tau: Float64Array,
  omega: Float64Array,
  admittance: boolean,
  re: Float64Array,
  im: Float64Array,
): void {
  const M = tau.length;
  for (let i = 0; i < omega.length; i++) {
    const om = omega[i];
    let a = coef.offset;
    let b = 0;
    for (let k = 0; k < M; k++) {
      const x = om * tau[k];
      const d = 1 + x * x;
      if (admittance) {
        a += (coef.rc[k] * x * x) / d;
        b += (coef.rc[k] * x) / d;
      } else {
        a += coef.rc[k] / d;
        b -= (coef.rc[k] * x) / d;
      }
    }
    b += coef.high * om - coef.low / om;
    if (admittance) {
      const d = a * a + b * b;
      re[i] = d > 0 ? a / d : Number.MAX_VALUE;
      im[i] = d > 0 ? -b / d : 0;
    } else {
      re[i] = a;
      im[i] = b;
    }
  }
}

/**
 * Linear Kramers–Kronig test (lin-KK) of Schönleber, Klotz & Ivers-Tiffée,
 * Electrochim. Acta 131 (2014) 20.
 *
 * The spectrum is fitted by a KK-compliant model that is linear in its
 * parameters, with fixed time constants τ_k log-spaced over the measured range
 * ({@link linKKTimeConstants}):
 *
 * - impedance: Ẑ = R0 + Σ_k R_k/(1 + jωτ_k) + jωL [+ 1/(jωC)]
 * - admittance: Ŷ = G0 + Σ_k G_k·jωτ_k/(1 + jωτ_k) + jωC∞ [+ 1/(jωL)]
 *
 * Every row of the linear system is divided by |Z| (or |Y|). `fit: 'real'`
 * solves the real rows for the offset and the RC weights, then fits the purely
 * imaginary terms to the remaining imaginary part; `'imag'` solves the
 * imaginary rows and takes the offset as the 1/|Z|²-weighted mean of the real
 * remainder (Boukamp 1995, Eq. 7); `'complex'` solves both. These follow
 * impedance.py's `linKK` so its published numbers reproduce (solved here by
 * Householder QR, with an SVD pseudo-inverse as fallback).
 *
 * M is chosen by increasing it from 1 until µ = 1 − Σ|w_k<0|/Σ|w_k≥0| ≤ c
 * (the RC weights w_k only). The verdict combines the noise estimate, a runs
 * test on the residual signs (systematic trends, as produced by drift or
 * non-linearity) and per-point outlier checks.
 *
 * @param spectrum - the measured spectrum (any frequency order)
 * @param options - see {@link LinKKOptions}
 * @returns M, µ, the fitted Z, relative residuals, noise and a verdict
 * @throws DataFormatError for an invalid spectrum (fewer than 3 points, non-finite values…)
 * @throws ParameterError `BAD_OPTION` for an invalid option
 * @example
 * ```ts
 * const r = linKK(spectrum, { c: 0.85, fit: 'complex' });
 * if (!r.verdict.valid) console.log(r.verdict.reasons, r.verdict.suspicious);
 * ```
 */
export function linKK(spectrum: Spectrum, options: LinKKOptions = {}): LinKKResult {
  checkSpectrum(spectrum, { minPoints: 3 });
  const fit = options.fit ?? 'real';
  const representation = options.representation ?? 'impedance';
  const c = options.c ?? 0.85;
  const maxM = options.maxM ?? 50;
  const high = options.highFrequencyTerm ?? true;
  const low = options.lowFrequencyTerm ?? false;
  if (fit !== 'real' && fit !== 'imag' && fit !== 'complex') {
    throw new ParameterError('BAD_OPTION', `fit must be 'real', 'imag' or 'complex', got ${String(fit)}`, 'fit');
  }
  if (representation !== 'impedance' && representation !== 'admittance') {
    throw new ParameterError('BAD_OPTION', `representation must be 'impedance' or 'admittance', got ${String(representation)}`, 'representation');
  }
  if (!Number.isInteger(maxM) || maxM < 1) throw new ParameterError('BAD_OPTION', `maxM must be an integer ≥ 1, got ${maxM}`, 'maxM');
  if (options.M !== undefined && (!Number.isInteger(options.M) || options.M < 1)) {
    throw new ParameterError('BAD_OPTION', `M must be an integer ≥ 1, got ${options.M}`, 'M');
  }
  const minMOpt = options.minM ?? 'auto';
  if (minMOpt !== 'auto' && (!Number.isInteger(minMOpt) || minMOpt < 1)) {
    throw new ParameterError('BAD_OPTION', `minM must be 'auto' or an integer ≥ 1, got ${String(minMOpt)}`, 'minM');
  }
  const guardOpt = options.underfitGuard ?? 1.5;
  const guard = guardOpt === false ? 0 : guardOpt;
  if (!(guard >= 0) || !Number.isFinite(guard)) {
    throw new ParameterError('BAD_OPTION', `underfitGuard must be false or a number ≥ 0, got ${String(guardOpt)}`, 'underfitGuard');
  }
  if (!Number.isFinite(c)) throw new ParameterError('BAD_OPTION', `c must be a finite number, got ${c}`, 'c');

  const { frequency, re, im } = spectrum;
  const n = frequency.length;
  const admittance = representation === 'admittance';
  const omega = new Float64Array(n);
  const tRe = new Float64Array(n);
  const tIm = new Float64Array(n);
  const w = new Float64Array(n);
  const yRe = new Float64Array(n);
  const yIm = new Float64Array(n);
  let fmin = Infinity;
  let fmax = -Infinity;
  for (let i = 0; i < n; i++) {
    const f = frequency[i];
    fmin = Math.min(fmin, f);
    fmax = Math.max(fmax, f);
    omega[i] = 2 * Math.PI * f;
    let a = re[i];
    let b = im[i];
    const mod2 = a * a + b * b;
    if (!(mod2 > 0)) {
      throw new ParameterError('BAD_OPTION', `|Z| is zero at point ${i + 1} (${f} Hz); lin-KK weights rows by 1/|Z|`, 'spectrum');
    }
    if (admittance) {
      a = a / mod2;
      b = -b / mod2;
    }
    const mod = Math.hypot(a, b);
    yRe[i] = a;
    yIm[i] = b;
    w[i] = 1 / mod;
    tRe[i] = a / mod;
    tIm[i] = b / mod;
  }
  const pr: Prepared = { n, omega, tRe, tIm, w, yRe, yIm, admittance };

  const history: LinKKStep[] = [];
  const fRe = new Float64Array(n);
  const fIm = new Float64Array(n);
  const rRe = new Float64Array(n);
  const rIm = new Float64Array(n);
  /** Fits M time constants; fills fRe/fIm/rRe/rIm and returns the pseudo χ². */
  const fitM = (m: number) => {
    const t = linKKTimeConstants(fmin, fmax, m);
    const k = fitFixed(pr, t, fit, high, low);
    evaluateModel(k, t, omega, admittance, fRe, fIm);
    let chi = 0;
    for (let i = 0; i < n; i++) {
      const mod = Math.hypot(re[i], im[i]);
      rRe[i] = (re[i] - fRe[i]) / mod;
      rIm[i] = (im[i] - fIm[i]) / mod;
      chi += rRe[i] * rRe[i] + rIm[i] * rIm[i];
    }
    const step: LinKKStep = { M: m, mu: computeMu(k.rc), pseudoChiSquare: chi };
    return { tau: t, coef: k, step };
  };
  let current: ReturnType<typeof fitM>;
  let reachedMaxM = false;
  let guardRaisedM = false;
  if (options.M !== undefined) {
    current = fitM(options.M);
    history.push(current.step);
  } else {
    const decades = Math.log10(fmax / fmin);
    const autoMin = Math.min(Math.ceil(2 * decades) + 1, Math.max(1, n - 3));
    const minM = Math.min(maxM, minMOpt === 'auto' ? autoMin : minMOpt);
    // Never more unknowns than equations.
    const maxUseful = Math.max(1, (fit === 'complex' ? 2 * n : n) - 1 - (high ? 1 : 0) - (low ? 1 : 0) - 1);
    const mCap = Math.min(maxM, maxUseful);
    let M = Math.min(minM, mCap);
    current = fitM(M);
    history.push(current.step);
    // A ladder whose weights are all negligible next to the offset (a pure
    // resistor) has nothing to over-fit: stop.
    const negligible = (k: LinKKCoefficients) => {
      let mass = 0;
      for (let j = 0; j < k.rc.length; j++) mass += Math.abs(k.rc[j]);
      return mass <= 1e-10 * Math.abs(k.offset);
    };
    while (current.step.mu > c && M < mCap && !negligible(current.coef)) {
      current = fitM(++M);
      history.push(current.step);
    }
    reachedMaxM = current.step.mu > c && !negligible(current.coef);
    // Under-fitting guard: an under-resolved ladder (narrow, Debye-like
    // relaxations between the τ_k) also produces negative weights, so µ can
    // fall below c too early. Compare with a dense reference ladder (five τ per
    // decade) and keep adding time constants while the noise estimate is more
    // than `guard` times the reference's.
    const mRef = Math.min(mCap, Math.max(M + 1, Math.ceil(5 * decades)));
    if (guard > 0 && !reachedMaxM && mRef > M) {
      const saved = { re: Float64Array.from(rRe), im: Float64Array.from(rIm), fre: Float64Array.from(fRe), fim: Float64Array.from(fIm) };
      // Compare noise estimates σ̂² = χ²_ps/ν (ν = residuals − parameters).
      const extra = 1 + (high ? 1 : 0) + (low ? 1 : 0);
      const rows = 2 * n;
      const noise2 = (chi: number, m: number) => chi / Math.max(1, rows - m - extra);
      const ref = noise2(fitM(mRef).step.pseudoChiSquare, mRef);
      rRe.set(saved.re);
      rIm.set(saved.im);
      fRe.set(saved.fre);
      fIm.set(saved.fim);
      while (noise2(current.step.pseudoChiSquare, M) > guard * ref && M < mRef) {
        current = fitM(++M);
        history.push(current.step);
        guardRaisedM = true;
      }
    }
  }
  const M = current.step.M;
  const mu = current.step.mu;
  const tau = current.tau;
  const coef = current.coef;
  const nParams = 1 + M + (high ? 1 : 0) + (low ? 1 : 0);
  const statistics = residualStatistics(rRe, rIm, { parameters: nParams });
  const verdict = judge(frequency, rRe, rIm, statistics, reachedMaxM, options.verdict ?? {});
  return {
    M,
    mu,
    fit,
    representation,
    tau,
    coefficients: coef,
    fitted: { re: fRe, im: fIm },
    residuals: { re: rRe, im: rIm },
    statistics,
    noise: statistics.noise,
    history,
    reachedMaxM,
    guardRaisedM,
    verdict,
  };
}

/** Builds the verdict from residuals and their statistics. */
function judge(
  frequency: Float64Array,
  rRe: Float64Array,
  rIm: Float64Array,
  st: ResidualStatistics,
  reachedMaxM: boolean,
  o: LinKKVerdictOptions,
): LinKKVerdict {
  const floor = o.floor ?? 0.002;
  const maxResidual = o.maxResidual ?? 0.05;
  const alpha = o.alpha ?? 0.001;
  const outlierFactor = o.outlierFactor ?? 4;
  const minRun = o.minRun ?? 6;
  const n = rRe.length;
  const reasons: string[] = [];
  const flags: Array<Set<SuspiciousReason>> = Array.from({ length: n }, () => new Set<SuspiciousReason>());
  const sigma = Math.max(st.robustNoise, 1e-300);

  // Outliers and large residuals.
  for (let i = 0; i < n; i++) {
    const m = Math.max(Math.abs(rRe[i]), Math.abs(rIm[i]));
    if (m > floor && m > outlierFactor * sigma) flags[i].add('outlier');
    if (m > maxResidual) flags[i].add('large');
  }
  // Systematic trends: long same-sign runs whose residuals exceed the floor.
  const markRuns = (r: Float64Array) => {
    let start = 0;
    for (let i = 1; i <= n; i++) {
      const s0 = Math.sign(r[start]);
      if (i < n && Math.sign(r[i]) === s0 && s0 !== 0) continue;
      if (i - start >= minRun) {
        let peak = 0;
        for (let k = start; k < i; k++) peak = Math.max(peak, Math.abs(r[k]));
        if (peak > floor) {
          for (let k = start; k < i; k++) if (Math.abs(r[k]) > Math.max(floor / 2, 2 * sigma)) flags[k].add('trend');
        }
      }
      start = i;
    }
  };
  const structured = Math.min(st.runsRe.p, st.runsIm.p) < alpha;
  if (structured) {
    markRuns(rRe);
    markRuns(rIm);
  }

  const maxAbs = Math.max(st.maxAbsRe, st.maxAbsIm);
  if (maxAbs > maxResidual) {
    reasons.push(`largest relative residual ${(maxAbs * 100).toPrecision(3)} % exceeds ${(maxResidual * 100).toPrecision(3)} %`);
  }
  if (structured && st.noise > floor) {
    reasons.push(
      `residuals are systematic (runs test p = ${Math.min(st.runsRe.p, st.runsIm.p).toExponential(2)}) at a level of ${(st.noise * 100).toPrecision(3)} %: drift, non-linearity or a non-causal artefact`,
    );
  }
  const notes: string[] = [];
  if (reachedMaxM) notes.push('µ never fell below c up to maxM; the result uses M = maxM');
  if (!structured && st.noise > 0.01) notes.push(`residuals look random but the noise is high (${(st.noise * 100).toPrecision(3)} %)`);
  const suspicious: SuspiciousPoint[] = [];
  for (let i = 0; i < n; i++) {
    if (flags[i].size) {
      suspicious.push({ index: i, frequency: frequency[i], re: rRe[i], im: rIm[i], reasons: [...flags[i]] });
    }
  }
  return { valid: reasons.length === 0, reasons, notes, suspicious };
}
