import type { ComplexArrays } from '../../circuit/types.js';
import { ParameterError } from '../../errors.js';
import { checkSpectrum, type Spectrum } from '../../data/spectrum.js';
import { choleskyInPlace, choleskySolveInPlace, symmetricEigen } from '../../internal/linalgDense.js';
import { nnlsGram } from '../../internal/nnls.js';
import { basisArea, basisValue, drtMatrices, penaltyMatrix, type BasisGrid, type DrtBasis } from './drtBasis.js';
import { findDrtPeaks, type DrtPeak, type DrtPeakOptions } from './findDrtPeaks.js';

export type { DrtBasis } from './drtBasis.js';

/** Which part of the data the DRT is fitted to. */
export type DrtData = 'combined' | 'real' | 'imag';

/** How λ is chosen: generalised cross-validation, its robust variant, or the L-curve corner. */
export type DrtLambdaMethod = 'gcv' | 'rgcv' | 'lcurve';

/** Options of {@link computeDrt}. */
export interface DrtOptions {
  /** Basis functions (default `gaussian`). */
  basis?: DrtBasis;
  /**
   * FWHM coefficient k of the Gaussians: FWHM = Δ/k with Δ the mean spacing of
   * the centres in ln τ, i.e. ε = 2√(ln 2)·k/Δ (Wan et al. 2015; default 0.5).
   */
  shapeCoefficient?: number;
  /** Order of the derivative penalised, 1 or 2 (default 2). 0 gives ridge regression. */
  penalty?: 0 | 1 | 2;
  /** Data used: real and imaginary parts (`combined`, default), or one of them. */
  data?: DrtData;
  /**
   * Row weights: `modulus` divides every row by |Z| (default), `unit` uses the
   * data as is (Ω).
   */
  weighting?: 'modulus' | 'unit';
  /** Fit the series resistance R∞ (default true). With `data: 'imag'` it is estimated afterwards. */
  resistance?: boolean;
  /** Fit the series inductance L (default true). With `data: 'real'` it is estimated afterwards. */
  inductance?: boolean;
  /**
   * Regularisation parameter: a number (used as is), `gcv` (generalised
   * cross-validation), `rgcv` (default: robust GCV, which avoids GCV's
   * occasional under-smoothing) or `lcurve` (corner of maximum curvature).
   */
  lambda?: number | DrtLambdaMethod;
  /**
   * Search range of λ relative to the natural scale tr(AᵀA)/tr(P)
   * (default [1e-8, 1e1]; below ~1e-8 the normal equations lose accuracy in
   * double precision).
   */
  lambdaRange?: [number, number];
  /** Robustness parameter ρ ∈ (0, 1] of `rgcv` (default 0.1; ρ = 1 is plain GCV). */
  robustness?: number;
  /** Enforce γ ≥ 0 by NNLS (default true). */
  nonNegative?: boolean;
  /**
   * Extend the basis centres beyond the measured τ range by this many decades
   * on each side (default 0: one centre at τ = 1/(2πf) per measured point).
   */
  extendDecades?: number;
  /** Points per decade of the returned γ(τ) curve (default 40). */
  pointsPerDecade?: number;
  /** Peak detection options. */
  peaks?: DrtPeakOptions;
}

/** One point of the λ search. */
export interface DrtLambdaCurve {
  /** λ values, ascending (absolute, as in the objective). */
  lambda: Float64Array;
  /** Generalised cross-validation score for each λ. */
  gcv: Float64Array;
  /** Weighted residual norm² ‖W(Ax − b)‖² of the unconstrained solution. */
  residual: Float64Array;
  /** Penalty seminorm² xᵀPx of the unconstrained solution. */
  seminorm: Float64Array;
}

/** Result of {@link computeDrt}. */
export interface DrtResult {
  /** τ grid of the returned distribution, s (ascending). */
  tau: Float64Array;
  /** γ(ln τ) on `tau`, Ω (per unit ln τ). */
  gamma: Float64Array;
  /** Series resistance R∞, Ω (0 when excluded). */
  rInf: number;
  /** Series inductance L, H (0 when excluded). */
  inductance: number;
  /** Total polarisation resistance ∫γ d ln τ, Ω. */
  polarization: number;
  /** λ used. */
  lambda: number;
  /** How λ was chosen. */
  lambdaMethod: DrtLambdaMethod | 'fixed';
  /** The λ scan (absent when λ was fixed). */
  lambdaCurve?: DrtLambdaCurve;
  /** Basis centres τ_m, s. */
  centres: Float64Array;
  /** Basis coefficients x_m (Ω), γ = Σ x_m φ_m. */
  coefficients: Float64Array;
  /** Gaussian shape factor ε (per unit ln τ); 1/Δ for hats. */
  epsilon: number;
  /** Basis family. */
  basis: DrtBasis;
  /** Model impedance at the measured frequencies, Ω. */
  fitted: ComplexArrays;
  /** Relative residuals (Z − Ẑ)/|Z|. */
  residuals: ComplexArrays;
  /** Peaks of γ, ascending in τ. */
  peaks: DrtPeak[];
  /**
   * Evaluates γ at any τ (s).
   * @param tau - time constants in s
   * @returns γ in Ω
   */
  gammaAt(tau: ArrayLike<number>): Float64Array;
}

const FWHM_GAUSS = 2 * Math.sqrt(Math.LN2);

/**
 * Distribution of relaxation times by Tikhonov regularisation:
 *
 * Z(ω) = R∞ + jωL + ∫ γ(ln τ)/(1 + jωτ) d ln τ, γ = Σ_m x_m φ_m(ln τ),
 *
 * minimising ‖W(A x − Z)‖² + λ xᵀ P x with P the integral of the squared first
 * (or second) derivative of γ, subject to γ ≥ 0 (Lawson–Hanson NNLS on the
 * normal equations). λ is chosen by generalised cross-validation (Golub, Heath
 * & Wahba, Technometrics 21 (1979) 215), by default in its robust form
 * (Lukas, Numer. Math. 103 (2006) 695), or at the L-curve corner (Hansen,
 * SIAM Rev. 34 (1992) 561), all evaluated on the unconstrained problem through
 * one symmetric eigendecomposition of the standard-form matrix (R∞ and L are
 * projected out, unpenalised). The discretisation follows Wan, Saccoccio,
 * Chen & Ciucci, Electrochim. Acta 184 (2015) 483 (Gaussian RBFs centred at
 * τ_m = 1/(2πf_m), FWHM coefficient 0.5).
 *
 * Peaks are reported with τ, f = 1/(2πτ), height, area (polarisation
 * resistance of the process, integrated between the neighbouring minima) and
 * FWHM in decades.
 *
 * @param spectrum - measured spectrum (any order, ≥ 5 points)
 * @param options - see {@link DrtOptions}
 * @returns γ on a τ grid, R∞, L, λ, fitted Z, residuals and peaks
 * @throws DataFormatError for an invalid spectrum
 * @throws ParameterError `BAD_OPTION` for an invalid option
 * @example
 * ```ts
 * const drt = computeDrt(spectrum);
 * for (const p of drt.peaks) console.log(p.frequency, p.area);
 * ```
 */
export function computeDrt(spectrum: Spectrum, options: DrtOptions = {}): DrtResult {
  checkSpectrum(spectrum, { minPoints: 5 });
  const basisKind = options.basis ?? 'gaussian';
  const coeff = options.shapeCoefficient ?? 0.5;
  const order = options.penalty ?? 2;
  const data = options.data ?? 'combined';
  const weighting = options.weighting ?? 'modulus';
  const nonNegative = options.nonNegative ?? true;
  const extend = options.extendDecades ?? 0;
  const ppd = options.pointsPerDecade ?? 40;
  const lambdaOpt = options.lambda ?? 'rgcv';
  const [rangeLo, rangeHi] = options.lambdaRange ?? [1e-8, 1e1];
  const robust = options.robustness ?? 0.1;
  const bad = (name: string, msg: string): never => {
    throw new ParameterError('BAD_OPTION', `${name} ${msg}`, name);
  };
  if (basisKind !== 'gaussian' && basisKind !== 'piecewise-linear') bad('basis', `must be 'gaussian' or 'piecewise-linear'`);
  if (!(coeff > 0) || !Number.isFinite(coeff)) bad('shapeCoefficient', `must be > 0, got ${coeff}`);
  if (order !== 0 && order !== 1 && order !== 2) bad('penalty', `must be 0, 1 or 2, got ${String(order)}`);
  if (data !== 'combined' && data !== 'real' && data !== 'imag') bad('data', `must be 'combined', 'real' or 'imag'`);
  if (weighting !== 'modulus' && weighting !== 'unit') bad('weighting', `must be 'modulus' or 'unit'`);
  if (!(extend >= 0) || !Number.isFinite(extend)) bad('extendDecades', `must be ≥ 0, got ${extend}`);
  if (!(ppd >= 1) || !Number.isFinite(ppd)) bad('pointsPerDecade', `must be ≥ 1, got ${ppd}`);
  if (typeof lambdaOpt === 'number') {
    if (!(lambdaOpt >= 0) || !Number.isFinite(lambdaOpt)) bad('lambda', `must be ≥ 0, got ${lambdaOpt}`);
  } else if (lambdaOpt !== 'gcv' && lambdaOpt !== 'rgcv' && lambdaOpt !== 'lcurve') bad('lambda', `must be a number, 'gcv', 'rgcv' or 'lcurve'`);
  if (!(robust > 0 && robust <= 1)) bad('robustness', `must be in (0, 1], got ${robust}`);
  if (!(rangeLo > 0 && rangeHi > rangeLo && Number.isFinite(rangeHi))) bad('lambdaRange', `must be [lo, hi] with 0 < lo < hi`);

  const { frequency, re: zRe, im: zIm } = spectrum;
  const N = frequency.length;
  const omega = new Float64Array(N);
  const wRow = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    omega[i] = 2 * Math.PI * frequency[i];
    const mod = Math.hypot(zRe[i], zIm[i]);
    if (weighting === 'modulus' && !(mod > 0)) {
      throw new ParameterError('BAD_OPTION', `|Z| is zero at point ${i + 1}; use weighting 'unit'`, 'weighting');
    }
    wRow[i] = weighting === 'modulus' ? 1 / mod : 1;
  }

  // Basis centres: ln τ_m at τ = 1/ω of the sorted distinct frequencies.
  const lnTau = Array.from(omega, (w) => -Math.log(w)).sort((a, b) => a - b);
  const uniq: number[] = [];
  for (const y of lnTau) if (!uniq.length || y - uniq[uniq.length - 1] > 1e-12) uniq.push(y);
  const spacing0 = (uniq[uniq.length - 1] - uniq[0]) / Math.max(1, uniq.length - 1);
  const extraPer = extend > 0 ? Math.ceil((extend * Math.LN10) / spacing0) : 0;
  const centresArr: number[] = [];
  for (let k = extraPer; k >= 1; k--) centresArr.push(uniq[0] - k * spacing0);
  centresArr.push(...uniq);
  for (let k = 1; k <= extraPer; k++) centresArr.push(uniq[uniq.length - 1] + k * spacing0);
  const centres = Float64Array.from(centresArr);
  const K = centres.length;
  const spacing = (centres[K - 1] - centres[0]) / Math.max(1, K - 1);
  const grid: BasisGrid = {
    kind: basisKind,
    centres,
    epsilon: basisKind === 'gaussian' ? (FWHM_GAUSS * coeff) / spacing : 1 / spacing,
    spacing,
  };

  const A = drtMatrices(grid, omega);
  const P = penaltyMatrix(grid, order);

  // Weighted design rows; free columns (R∞, L) first.
  const useRe = data !== 'imag';
  const useIm = data !== 'real';
  const fitR = (options.resistance ?? true) && useRe;
  const fitL = (options.inductance ?? true) && useIm;
  const nF = (fitR ? 1 : 0) + (fitL ? 1 : 0);
  const n = nF + K;
  const m = (useRe ? N : 0) + (useIm ? N : 0);
  const D = new Float64Array(m * n);
  const b = new Float64Array(m);
  // Column scales of the free columns (unit 2-norm) for conditioning.
  let scaleR = 0;
  let scaleL = 0;
  for (let i = 0; i < N; i++) {
    scaleR += wRow[i] * wRow[i];
    scaleL += (omega[i] * wRow[i]) ** 2;
  }
  scaleR = 1 / Math.sqrt(scaleR);
  scaleL = 1 / Math.sqrt(scaleL);
  let r = 0;
  if (useRe) {
    for (let i = 0; i < N; i++, r++) {
      const row = r * n;
      let c = 0;
      if (fitR) D[row + c++] = wRow[i] * scaleR;
      if (fitL) D[row + c++] = 0;
      for (let k = 0; k < K; k++) D[row + nF + k] = A.re[i * K + k] * wRow[i];
      b[r] = zRe[i] * wRow[i];
    }
  }
  if (useIm) {
    for (let i = 0; i < N; i++, r++) {
      const row = r * n;
      let c = 0;
      if (fitR) D[row + c++] = 0;
      if (fitL) D[row + c++] = omega[i] * wRow[i] * scaleL;
      for (let k = 0; k < K; k++) D[row + nF + k] = A.im[i * K + k] * wRow[i];
      b[r] = zIm[i] * wRow[i];
    }
  }

  // Normal equations G = DᵀD, g = Dᵀb.
  const G = new Float64Array(n * n);
  const g = new Float64Array(n);
  for (let q = 0; q < m; q++) {
    const row = q * n;
    const bq = b[q];
    for (let a = 0; a < n; a++) {
      const da = D[row + a];
      if (da === 0) continue;
      g[a] += da * bq;
      for (let c = a; c < n; c++) G[a * n + c] += da * D[row + c];
    }
  }
  for (let a = 0; a < n; a++) for (let c = 0; c < a; c++) G[a * n + c] = G[c * n + a];

  // Penalty with a tiny ridge so that it is definite (hats, near-singular Gram).
  let trP = 0;
  for (let k = 0; k < K; k++) trP += P[k * K + k];
  const ridge = 1e-10 * (trP / K);
  for (let k = 0; k < K; k++) P[k * K + k] += ridge;
  let trG = 0;
  for (let k = 0; k < K; k++) trG += G[(nF + k) * n + nF + k];
  const lambdaScale = trG / trP;

  let lambda: number;
  let lambdaMethod: DrtLambdaMethod | 'fixed';
  let lambdaCurve: DrtLambdaCurve | undefined;
  if (typeof lambdaOpt === 'number') {
    lambda = lambdaOpt;
    lambdaMethod = 'fixed';
  } else {
    const sel = selectLambda(G, g, b, n, nF, K, m, P, lambdaScale * rangeLo, lambdaScale * rangeHi, lambdaOpt, robust);
    lambda = sel.lambda;
    lambdaCurve = sel.curve;
    lambdaMethod = lambdaOpt;
  }

  // Final solve: (G + λ·blockdiag(0, P)) x = g with γ ≥ 0.
  const H = Float64Array.from(G);
  for (let a = 0; a < K; a++) for (let c = 0; c < K; c++) H[(nF + a) * n + nF + c] += lambda * P[a * K + c];
  let x: Float64Array;
  if (nonNegative) {
    const free = new Uint8Array(n);
    for (let j = 0; j < nF; j++) free[j] = 1;
    // Warm start: the positive entries of the unconstrained solution.
    const Lh = Float64Array.from(H);
    let warm: Uint8Array | undefined;
    if (choleskyInPlace(Lh, n)) {
      const xu = Float64Array.from(g);
      choleskySolveInPlace(Lh, n, xu);
      warm = new Uint8Array(n);
      for (let j = nF; j < n; j++) warm[j] = xu[j] > 0 ? 1 : 0;
    }
    x = nnlsGram(H, g, n, free, 3 * n + 10, warm).x;
  } else {
    x = Float64Array.from(g);
    const L = Float64Array.from(H);
    if (!choleskyInPlace(L, n)) {
      for (let a = 0; a < n; a++) L[a * n + a] += 1e-12 * (trG / K + 1);
      L.set(H);
      for (let a = 0; a < n; a++) L[a * n + a] += 1e-12 * (trG / K + 1);
      choleskyInPlace(L, n);
    }
    choleskySolveInPlace(L, n, x);
  }
  let c = 0;
  let rInf = fitR ? x[c++] * scaleR : 0;
  let inductance = fitL ? x[c++] * scaleL : 0;
  const coefficients = x.slice(nF);

  // Model impedance of the distribution alone.
  const pRe = new Float64Array(N);
  const pIm = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let sr = 0;
    let si = 0;
    for (let k = 0; k < K; k++) {
      sr += A.re[i * K + k] * coefficients[k];
      si += A.im[i * K + k] * coefficients[k];
    }
    pRe[i] = sr;
    pIm[i] = si;
  }
  // Terms the chosen data part cannot determine, estimated afterwards.
  if (!useRe && (options.resistance ?? true)) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < N; i++) {
      const w2 = wRow[i] * wRow[i];
      num += w2 * (zRe[i] - pRe[i]);
      den += w2;
    }
    rInf = num / den;
  }
  if (!useIm && (options.inductance ?? true)) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < N; i++) {
      const w2 = wRow[i] * wRow[i];
      num += w2 * omega[i] * (zIm[i] - pIm[i]);
      den += w2 * omega[i] * omega[i];
    }
    inductance = num / den;
  }
  const fRe = new Float64Array(N);
  const fIm = new Float64Array(N);
  const resRe = new Float64Array(N);
  const resIm = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    fRe[i] = rInf + pRe[i];
    fIm[i] = omega[i] * inductance + pIm[i];
    const mod = Math.hypot(zRe[i], zIm[i]) || 1;
    resRe[i] = (zRe[i] - fRe[i]) / mod;
    resIm[i] = (zIm[i] - fIm[i]) / mod;
  }

  let polarization = 0;
  for (let k = 0; k < K; k++) polarization += coefficients[k] * basisArea(grid, k);

  const gammaAt = (taus: ArrayLike<number>): Float64Array => {
    const out = new Float64Array(taus.length);
    for (let t = 0; t < taus.length; t++) {
      const y = Math.log(taus[t]);
      let s = 0;
      for (let k = 0; k < K; k++) if (coefficients[k] !== 0) s += coefficients[k] * basisValue(grid, k, y);
      out[t] = s;
    }
    return out;
  };
  // Output grid: covers the centres plus the Gaussian tails (3/ε).
  const pad = basisKind === 'gaussian' ? 3 / grid.epsilon : 0;
  const y0 = centres[0] - pad;
  const y1 = centres[K - 1] + pad;
  const nOut = Math.max(2, Math.ceil(((y1 - y0) / Math.LN10) * ppd) + 1);
  const tau = new Float64Array(nOut);
  for (let t = 0; t < nOut; t++) tau[t] = Math.exp(y0 + ((y1 - y0) * t) / (nOut - 1));
  const gamma = gammaAt(tau);
  const peaks = findDrtPeaks(tau, gamma, options.peaks);

  const result: DrtResult = {
    tau,
    gamma,
    rInf,
    inductance,
    polarization,
    lambda,
    lambdaMethod,
    centres: Float64Array.from(centres, (y) => Math.exp(y)),
    coefficients,
    epsilon: grid.epsilon,
    basis: basisKind,
    fitted: { re: fRe, im: fIm },
    residuals: { re: resRe, im: resIm },
    peaks,
    gammaAt,
  };
  if (lambdaCurve) result.lambdaCurve = lambdaCurve;
  return result;
}

/**
 * GCV or L-curve selection of λ on the unconstrained problem.
 *
 * Free columns F are projected out: with Q_F an orthonormal basis of their
 * span, Ã = (I − Q_F Q_Fᵀ) A_γ, b̃ likewise. With P = LLᵀ and the
 * eigendecomposition L⁻¹ÃᵀÃL⁻ᵀ = V diag(s) Vᵀ, e = Vᵀ L⁻¹ Ãᵀ b̃:
 * ‖r(λ)‖² = ρ₀ + Σ (λ/(s_i+λ))² e_i²/s_i, tr H(λ) = n_F + Σ s_i/(s_i+λ),
 * GCV(λ) = m‖r‖²/(m − tr H)², seminorm² = Σ (e_i/(s_i+λ))².
 */
function selectLambda(
  G: Float64Array,
  g: Float64Array,
  b: Float64Array,
  n: number,
  nF: number,
  K: number,
  m: number,
  P: Float64Array,
  lo: number,
  hi: number,
  method: DrtLambdaMethod,
  robust: number,
): { lambda: number; curve: DrtLambdaCurve } {
  // Projected normal equations via the Schur complement of the free block:
  // ÃᵀÃ = G_γγ − G_γF G_FF⁻¹ G_Fγ, Ãᵀb̃ = g_γ − G_γF G_FF⁻¹ g_F,
  // ‖b̃‖² = ‖b‖² − g_Fᵀ G_FF⁻¹ g_F.
  const Gt = new Float64Array(K * K);
  const gt = new Float64Array(K);
  let bb = 0;
  for (let q = 0; q < m; q++) bb += b[q] * b[q];
  for (let a = 0; a < K; a++) {
    gt[a] = g[nF + a];
    for (let c = 0; c < K; c++) Gt[a * K + c] = G[(nF + a) * n + nF + c];
  }
  if (nF > 0) {
    const F = new Float64Array(nF * nF);
    for (let a = 0; a < nF; a++) for (let c = 0; c < nF; c++) F[a * nF + c] = G[a * n + c];
    if (choleskyInPlace(F, nF)) {
      // Columns of G_Fγ solved against G_FF.
      const S = new Float64Array(nF * K);
      const tmp = new Float64Array(nF);
      for (let k = 0; k < K; k++) {
        for (let a = 0; a < nF; a++) tmp[a] = G[a * n + nF + k];
        choleskySolveInPlace(F, nF, tmp);
        for (let a = 0; a < nF; a++) S[a * K + k] = tmp[a];
      }
      const gf = new Float64Array(nF);
      for (let a = 0; a < nF; a++) gf[a] = g[a];
      choleskySolveInPlace(F, nF, gf);
      for (let a = 0; a < nF; a++) bb -= g[a] * gf[a];
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let a = 0; a < nF; a++) s += G[a * n + nF + k] * gf[a];
        gt[k] -= s;
        for (let l = k; l < K; l++) {
          let t = 0;
          for (let a = 0; a < nF; a++) t += G[a * n + nF + k] * S[a * K + l];
          Gt[k * K + l] -= t;
          if (l !== k) Gt[l * K + k] = Gt[k * K + l];
        }
      }
    }
  }
  // Standard form with P = L Lᵀ: B = L⁻¹ Gt L⁻ᵀ, d = L⁻¹ gt.
  const Lp = Float64Array.from(P);
  if (!choleskyInPlace(Lp, K)) {
    let dmax = 0;
    for (let k = 0; k < K; k++) dmax = Math.max(dmax, P[k * K + k]);
    Lp.set(P);
    for (let k = 0; k < K; k++) Lp[k * K + k] += 1e-8 * dmax;
    choleskyInPlace(Lp, K);
  }
  const lowerSolve = (v: Float64Array, stride: number, off: number) => {
    for (let i = 0; i < K; i++) {
      let s = v[off + i * stride];
      for (let k = 0; k < i; k++) s -= Lp[i * K + k] * v[off + k * stride];
      v[off + i * stride] = s / Lp[i * K + i];
    }
  };
  // Columns then rows: B = L⁻¹ (L⁻¹ Gt)ᵀ (Gt symmetric).
  const B = Float64Array.from(Gt);
  for (let col = 0; col < K; col++) lowerSolve(B, K, col);
  // transpose then solve again
  for (let a = 0; a < K; a++) for (let c = a + 1; c < K; c++) {
    const t = B[a * K + c];
    B[a * K + c] = B[c * K + a];
    B[c * K + a] = t;
  }
  for (let col = 0; col < K; col++) lowerSolve(B, K, col);
  for (let a = 0; a < K; a++) for (let c = a + 1; c < K; c++) {
    const t = 0.5 * (B[a * K + c] + B[c * K + a]);
    B[a * K + c] = t;
    B[c * K + a] = t;
  }
  const d = Float64Array.from(gt);
  lowerSolve(d, 1, 0);
  const { values: s, vectors: V } = symmetricEigen(B, K);
  let smax = 0;
  for (let i = 0; i < K; i++) smax = Math.max(smax, s[i]);
  const e = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    let t = 0;
    for (let k = 0; k < K; k++) t += V[k * K + i] * d[k];
    e[i] = t;
  }
  const keep = new Uint8Array(K);
  let rho0 = bb;
  for (let i = 0; i < K; i++) {
    if (s[i] > 1e-14 * smax) {
      keep[i] = 1;
      rho0 -= (e[i] * e[i]) / s[i];
    }
  }
  rho0 = Math.max(rho0, 0);
  const evaluate = (lam: number) => {
    let res = rho0;
    let tr = nF;
    let semi = 0;
    let tr2 = nF;
    for (let i = 0; i < K; i++) {
      if (!keep[i]) continue;
      const f = lam / (s[i] + lam);
      res += f * f * ((e[i] * e[i]) / s[i]);
      const h = s[i] / (s[i] + lam);
      tr += h;
      tr2 += h * h;
      const z = e[i] / (s[i] + lam);
      semi += z * z;
    }
    const denom = Math.max(m - tr, 1e-12);
    const score = (m * res) / (denom * denom);
    // Robust GCV (Lukas, Numer. Math. 103 (2006) 695): [ρ + (1 − ρ)·tr(H²)/m]·GCV.
    return { res, semi, gcv: method === 'rgcv' ? (robust + ((1 - robust) * tr2) / m) * score : score };
  };
  const count = 91;
  const lam = new Float64Array(count);
  const gcv = new Float64Array(count);
  const residual = new Float64Array(count);
  const seminorm = new Float64Array(count);
  const l0 = Math.log(lo);
  const l1 = Math.log(hi);
  for (let j = 0; j < count; j++) {
    lam[j] = Math.exp(l0 + ((l1 - l0) * j) / (count - 1));
    const v = evaluate(lam[j]);
    gcv[j] = v.gcv;
    residual[j] = v.res;
    seminorm[j] = v.semi;
  }
  let lambda: number;
  if (method === 'gcv' || method === 'rgcv') {
    let best = 0;
    for (let j = 1; j < count; j++) if (gcv[j] < gcv[best]) best = j;
    // Golden-section refinement of log λ between the neighbours.
    let a = Math.log(lam[Math.max(0, best - 1)]);
    let c = Math.log(lam[Math.min(count - 1, best + 1)]);
    const phi = (Math.sqrt(5) - 1) / 2;
    let x1 = c - phi * (c - a);
    let x2 = a + phi * (c - a);
    let f1 = evaluate(Math.exp(x1)).gcv;
    let f2 = evaluate(Math.exp(x2)).gcv;
    for (let it = 0; it < 40; it++) {
      if (f1 < f2) {
        c = x2;
        x2 = x1;
        f2 = f1;
        x1 = c - phi * (c - a);
        f1 = evaluate(Math.exp(x1)).gcv;
      } else {
        a = x1;
        x1 = x2;
        f1 = f2;
        x2 = a + phi * (c - a);
        f2 = evaluate(Math.exp(x2)).gcv;
      }
    }
    lambda = Math.exp(0.5 * (a + c));
    if (evaluate(lambda).gcv > gcv[best]) lambda = lam[best];
  } else {
    // Maximum curvature of (log ρ, log η) by central differences in log λ.
    let best = 1;
    let bestK = -Infinity;
    const X = Array.from(residual, (v) => Math.log(Math.max(v, 1e-300)));
    const Y = Array.from(seminorm, (v) => Math.log(Math.max(v, 1e-300)));
    for (let j = 1; j < count - 1; j++) {
      const dx = (X[j + 1] - X[j - 1]) / 2;
      const dy = (Y[j + 1] - Y[j - 1]) / 2;
      const ddx = X[j + 1] - 2 * X[j] + X[j - 1];
      const ddy = Y[j + 1] - 2 * Y[j] + Y[j - 1];
      const den = (dx * dx + dy * dy) ** 1.5;
      if (!(den > 0)) continue;
      // Walking the L from its vertical leg (small λ) to its horizontal leg
      // (large λ) turns counter-clockwise: the corner has the largest κ > 0.
      const kappa = (dx * ddy - dy * ddx) / den;
      if (kappa > bestK) {
        bestK = kappa;
        best = j;
      }
    }
    lambda = lam[best];
  }
  return { lambda, curve: { lambda: lam, gcv, residual, seminorm } };
}
