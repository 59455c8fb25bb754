import { ParameterError } from '../errors.js';
import { levenbergMarquardt } from '../fit/lm.js';
import { studentTQuantile } from './statistics.js';

/**
 * Growth law of an interfacial resistance R(t):
 * - `'constant'`: R = R0;
 * - `'linear'`: R = R0 + k·t;
 * - `'parabolic'`: R = R0 + k·√t (diffusion-limited interphase growth, e.g.
 *   Wenzel et al., Solid State Ionics 286 (2016) 24);
 * - `'self-limiting'`: R = R∞ − (R∞ − R0)·exp(−t/τ);
 * - `'step'`: R = R1 for t < t_s, R2 for t ≥ t_s (e.g. a crack or short event).
 */
export type GrowthLaw = 'constant' | 'linear' | 'parabolic' | 'self-limiting' | 'step';

/**
 * Every {@link GrowthLaw}, in order of complexity.
 *
 * @example
 * ```ts
 * fitGrowthLaws(t, r, { laws: GROWTH_LAWS.filter((l) => l !== 'step') });
 * ```
 */
export const GROWTH_LAWS: readonly GrowthLaw[] = Object.freeze(['constant', 'linear', 'parabolic', 'self-limiting', 'step']);

/** One fitted parameter of a growth law. */
export interface GrowthParameter {
  /** Name: `R0`, `k`, `Rinf`, `tau`, `R1`, `R2`, `tStep`. */
  name: string;
  /** Best estimate (unit of R, of R per unit time or √time, or of time). */
  value: number;
  /** Standard error (1σ); for `tStep` half the gap between the bracketing samples. */
  stderr: number;
  /** 95% interval (Student t, n − k degrees of freedom); for `tStep` the bracketing sample times. */
  ci95: [number, number];
}

/** One law fitted by {@link fitGrowthLaws}. */
export interface GrowthFit {
  /** The law. */
  law: GrowthLaw;
  /** The law as a formula. */
  formula: string;
  /** Fitted parameters. */
  parameters: GrowthParameter[];
  /** Number of fitted parameters k (the step time counts as one). */
  k: number;
  /** Weighted residual sum of squares. */
  rss: number;
  /** Corrected Akaike criterion n·ln(RSS/n) + 2K + 2K(K+1)/(n−K−1), K = k + 1 (the variance). */
  aicc: number;
  /** AICc − min AICc over the laws compared. */
  deltaAicc: number;
  /** Akaike weight exp(−Δ/2)/Σ exp(−Δ/2). */
  weight: number;
  /** Model values at the data times. */
  fitted: Float64Array;
}

/** Options of {@link fitGrowthLaws}. */
export interface GrowthOptions {
  /** Laws to compare (default all of {@link GROWTH_LAWS} that the point count allows). */
  laws?: readonly GrowthLaw[];
  /** Standard errors of R (weights 1/σ²); default equal weights. */
  stderr?: ArrayLike<number>;
}

/** Result of {@link fitGrowthLaws}. */
export interface GrowthResult {
  /** Law with the smallest AICc. */
  best: GrowthFit;
  /** All fitted laws, sorted by AICc (best first). */
  fits: GrowthFit[];
  /** Number of points. */
  points: number;
}

const FORMULAS: Record<GrowthLaw, string> = {
  constant: 'R = R0',
  linear: 'R = R0 + k·t',
  parabolic: 'R = R0 + k·√t',
  'self-limiting': 'R = Rinf − (Rinf − R0)·exp(−t/tau)',
  step: 'R = R1 (t < tStep), R2 (t ≥ tStep)',
};

/** Weighted linear least squares with basis columns; returns coefficients, covariance (unscaled (XᵀWX)⁻¹) and RSS. */
function linearFit(cols: Float64Array[], y: Float64Array, w: Float64Array): { beta: number[]; inv: number[][]; rss: number; fitted: Float64Array } {
  const p = cols.length;
  const n = y.length;
  const A: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const b = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      b[j] += w[i] * cols[j][i] * y[i];
      for (let k = 0; k < p; k++) A[j][k] += w[i] * cols[j][i] * cols[k][i];
    }
  }
  const inv = invert(A);
  const beta = inv.map((row) => row.reduce((s, v, k) => s + v * b[k], 0));
  const fitted = new Float64Array(n);
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < p; j++) f += beta[j] * cols[j][i];
    fitted[i] = f;
    rss += w[i] * (y[i] - f) ** 2;
  }
  return { beta, inv, rss, fitted };
}

/** Gauss–Jordan inverse of a small symmetric positive-definite matrix. */
function invert(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    const d = m[c][c] || 1e-300;
    for (let k = 0; k < 2 * n; k++) m[c][k] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      if (f !== 0) for (let k = 0; k < 2 * n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row) => row.slice(n));
}

function aicc(n: number, rss: number, k: number): number {
  const K = k + 1;
  const floor = Math.max(rss, 1e-300);
  return n * Math.log(floor / n) + 2 * K + (n - K - 1 > 0 ? (2 * K * (K + 1)) / (n - K - 1) : Infinity);
}

/**
 * Fits growth laws of an interfacial resistance R(t) and ranks them by the
 * corrected Akaike information criterion (Hurvich & Tsai, Biometrika 76
 * (1989) 297; Burnham & Anderson, *Model Selection and Multimodel Inference*,
 * 2002). Constant, linear and parabolic laws are linear least squares; the
 * self-limiting law R∞ − (R∞ − R0)e^(−t/τ) is solved by variable projection
 * on a τ grid refined by Levenberg–Marquardt; the step law scans every
 * change point between consecutive samples (exact least squares per split).
 * Parameter intervals use Student t with n − k degrees of freedom and the
 * covariance scaled by RSS/(n − k).
 *
 * @param time - times (any consistent unit, e.g. h), strictly increasing, ≥ 0
 * @param resistance - R (or ASR) at those times
 * @param options - laws to compare and optional standard errors
 * @returns every law's fit sorted by AICc, and the best
 * @throws ParameterError `WRONG_LENGTH` for mismatched or too few points, `BAD_OPTION` for unsorted time or unknown laws
 * @example
 * ```ts
 * const t = [0, 1, 2, 4, 8, 16, 24, 48];
 * const r = t.map((x) => 50 + 12 * Math.sqrt(x));
 * fitGrowthLaws(t, r).best.law; // 'parabolic'
 * ```
 */
export function fitGrowthLaws(time: ArrayLike<number>, resistance: ArrayLike<number>, options: GrowthOptions = {}): GrowthResult {
  const n = time.length;
  if (resistance.length !== n) throw new ParameterError('WRONG_LENGTH', `fitGrowthLaws: ${n} times but ${resistance.length} resistances`, 'resistance');
  if (n < 4) throw new ParameterError('WRONG_LENGTH', `fitGrowthLaws needs at least 4 points, got ${n}`, 'time');
  const t = Float64Array.from(time);
  const y = Float64Array.from(resistance);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(t[i]) || !Number.isFinite(y[i])) throw new ParameterError('NOT_FINITE', `fitGrowthLaws: point ${i} is not finite`, 'time');
    if (t[i] < 0) throw new ParameterError('OUT_OF_BOUNDS', `fitGrowthLaws: time[${i}] = ${t[i]} is negative`, 'time');
    if (i > 0 && !(t[i] > t[i - 1])) throw new ParameterError('BAD_OPTION', `fitGrowthLaws: time must increase strictly (time[${i}] = ${t[i]})`, 'time');
  }
  const w = new Float64Array(n).fill(1);
  if (options.stderr) {
    if (options.stderr.length !== n) throw new ParameterError('WRONG_LENGTH', `fitGrowthLaws: ${options.stderr.length} stderr for ${n} points`, 'stderr');
    for (let i = 0; i < n; i++) {
      const s = options.stderr[i];
      if (!(s > 0) || !Number.isFinite(s)) throw new ParameterError('OUT_OF_BOUNDS', `fitGrowthLaws: stderr[${i}] = ${s} must be > 0`, 'stderr');
      w[i] = 1 / (s * s);
    }
  }
  const laws = options.laws ?? GROWTH_LAWS;
  const fits: GrowthFit[] = [];
  const ones = new Float64Array(n).fill(1);
  const make = (law: GrowthLaw, names: string[], beta: number[], cov: number[][], rss: number, fitted: Float64Array, k: number): GrowthFit => {
    const dof = Math.max(1, n - k);
    const s2 = rss / dof;
    const q = studentTQuantile(0.975, dof);
    const parameters = names.map((name, j) => {
      const se = Math.sqrt(Math.max(0, cov[j][j] * s2));
      return { name, value: beta[j], stderr: se, ci95: [beta[j] - q * se, beta[j] + q * se] as [number, number] };
    });
    return { law, formula: FORMULAS[law], parameters, k, rss, aicc: aicc(n, rss, k), deltaAicc: 0, weight: 0, fitted };
  };
  for (const law of laws) {
    if (!GROWTH_LAWS.includes(law)) throw new ParameterError('BAD_OPTION', `unknown growth law "${String(law)}"; use ${GROWTH_LAWS.join(', ')}`, 'laws');
    if (law === 'constant') {
      const f = linearFit([ones], y, w);
      fits.push(make(law, ['R0'], f.beta, f.inv, f.rss, f.fitted, 1));
    } else if (law === 'linear' || law === 'parabolic') {
      const x = law === 'linear' ? t : t.map(Math.sqrt);
      const f = linearFit([ones, x], y, w);
      fits.push(make(law, ['R0', 'k'], f.beta, f.inv, f.rss, f.fitted, 2));
    } else if (law === 'self-limiting') {
      if (n < 5) continue;
      fits.push(fitSelfLimiting(t, y, w, make));
    } else {
      fits.push(fitStep(t, y, w, make));
    }
  }
  const min = Math.min(...fits.map((f) => f.aicc));
  let sum = 0;
  for (const f of fits) {
    f.deltaAicc = f.aicc - min;
    sum += Math.exp(-f.deltaAicc / 2);
  }
  for (const f of fits) f.weight = Math.exp(-f.deltaAicc / 2) / sum;
  fits.sort((a, b) => a.aicc - b.aicc);
  return { best: fits[0], fits, points: n };
}

type Make = (law: GrowthLaw, names: string[], beta: number[], cov: number[][], rss: number, fitted: Float64Array, k: number) => GrowthFit;

function fitSelfLimiting(t: Float64Array, y: Float64Array, w: Float64Array, make: Make): GrowthFit {
  const n = t.length;
  const span = t[n - 1] - t[0] || 1;
  let dtMin = Infinity;
  for (let i = 1; i < n; i++) dtMin = Math.min(dtMin, t[i] - t[i - 1]);
  // Variable projection: for fixed τ, R = R0·e + Rinf·(1 − e) is linear.
  let best = { rss: Infinity, tau: span, beta: [y[0], y[n - 1]] };
  const lo = Math.log(dtMin / 3);
  const hi = Math.log(span * 30);
  for (let g = 0; g <= 80; g++) {
    const tau = Math.exp(lo + ((hi - lo) * g) / 80);
    const e = t.map((v) => Math.exp(-(v - t[0]) / tau));
    const f = linearFit([e, e.map((v) => 1 - v)], y, w);
    if (f.rss < best.rss) best = { rss: f.rss, tau, beta: f.beta };
  }
  // Refine (R0, Rinf, ln τ) jointly by Levenberg–Marquardt on weighted residuals.
  const sw = w.map(Math.sqrt);
  const res = levenbergMarquardt(
    {
      residualCount: n,
      parameterCount: 3,
      evaluate(x, r, J) {
        const tau = Math.exp(x[2]);
        for (let i = 0; i < n; i++) {
          const dt = t[i] - t[0];
          const e = Math.exp(-dt / tau);
          r[i] = sw[i] * (x[1] - (x[1] - x[0]) * e - y[i]);
          if (J) {
            J[i] = sw[i] * e;
            J[n + i] = sw[i] * (1 - e);
            J[2 * n + i] = -sw[i] * (x[1] - x[0]) * e * (dt / tau);
          }
        }
      },
    },
    [best.beta[0], best.beta[1], Math.log(best.tau)],
  );
  const x = res.x;
  const tau = Math.exp(x[2]);
  // Covariance in (R0, Rinf, τ): (JᵀJ)⁻¹ with the ln τ column scaled by 1/τ.
  const JtJ = [0, 1, 2].map((a) => [0, 1, 2].map((b) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += res.jacobian[a * n + i] * res.jacobian[b * n + i];
    return s;
  }));
  const inv = invert(JtJ);
  const cov = inv.map((row, a) => row.map((v, b) => v * (a === 2 ? tau : 1) * (b === 2 ? tau : 1)));
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) fitted[i] = x[1] - (x[1] - x[0]) * Math.exp(-(t[i] - t[0]) / tau);
  // The time origin of the law is the first sample: R(t0) = R0.
  const fit = make('self-limiting', ['R0', 'Rinf', 'tau'], [x[0], x[1], tau], cov, res.cost, fitted, 3);
  const tauP = fit.parameters[2];
  const se = tauP.stderr / tau;
  const q = (tauP.ci95[1] - tau) / (tauP.stderr || 1);
  tauP.ci95 = [tau * Math.exp(-q * se), tau * Math.exp(q * se)];
  return fit;
}

function fitStep(t: Float64Array, y: Float64Array, w: Float64Array, make: Make): GrowthFit {
  const n = t.length;
  let best = { rss: Infinity, split: 1, m1: 0, m2: 0, w1: 1, w2: 1 };
  for (let s = 1; s < n; s++) {
    let a = 0;
    let wa = 0;
    let b = 0;
    let wb = 0;
    for (let i = 0; i < s; i++) (a += w[i] * y[i]), (wa += w[i]);
    for (let i = s; i < n; i++) (b += w[i] * y[i]), (wb += w[i]);
    const m1 = a / wa;
    const m2 = b / wb;
    let rss = 0;
    for (let i = 0; i < n; i++) rss += w[i] * (y[i] - (i < s ? m1 : m2)) ** 2;
    if (rss < best.rss) best = { rss, split: s, m1, m2, w1: wa, w2: wb };
  }
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) fitted[i] = i < best.split ? best.m1 : best.m2;
  const tA = t[best.split - 1];
  const tB = t[best.split];
  const fit = make(
    'step',
    ['R1', 'R2', 'tStep'],
    [best.m1, best.m2, 0.5 * (tA + tB)],
    [
      [1 / best.w1, 0, 0],
      [0, 1 / best.w2, 0],
      [0, 0, 0],
    ],
    best.rss,
    fitted,
    3,
  );
  const ts = fit.parameters[2];
  ts.stderr = 0.5 * (tB - tA);
  ts.ci95 = [tA, tB];
  return fit;
}
