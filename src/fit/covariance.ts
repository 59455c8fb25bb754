/**
 * Covariance, correlation and identifiability analysis of a least-squares fit.
 *
 * @module
 */
import { choleskyInPlace, jacobiEigen } from '../internal/linalgDense.js';
import { normalEquations } from './lm.js';

/** Result of {@link computeCovariance}. */
export interface CovarianceResult {
  /** Covariance (n×n, row-major) of the natural parameters; zero rows/columns for excluded or unidentifiable ones. */
  covariance: Float64Array;
  /** Per parameter: false when excluded (at a bound, zero sensitivity) or in a numerically null direction. */
  defined: boolean[];
  /** Eigenvalues of the correlation-scaled Fisher matrix, ascending (for diagnostics; empty when the Cholesky fast path sufficed). */
  eigenvalues: Float64Array;
  /** Eigenvectors (columns, n×n row-major) matching `eigenvalues`. */
  eigenvectors: Float64Array;
  /** Residual variance factor s² used (χ²/(m−k) for relative weights, 1 for absolute σ). */
  varianceFactor: number;
  /**
   * Variance inflation factor per parameter, VIFⱼ = [(D⁻¹JᵀJD⁻¹)⁻¹]ⱼⱼ = 1/(1 − R²ⱼ), where Rⱼ is the multiple
   * correlation of parameter j with all others (1 = orthogonal; Infinity when undefined).
   */
  vif: Float64Array;
}

/** Eigenvalues and eigenvectors of a symmetric matrix. */
export interface EigenDecomposition {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Eigenvectors as columns of a row-major n×n matrix, matching `values`. */
  vectors: Float64Array;
}

/**
 * Symmetric eigen-decomposition by cyclic Jacobi rotations (Golub & Van Loan,
 * *Matrix Computations*, 4th ed., §8.5). Suited to the small matrices of
 * circuit fits (n ≲ 30). Sorts the shared `jacobiEigen` of `internal/linalgDense`
 * into ascending order.
 *
 * @param a - symmetric n×n matrix, row-major (not modified)
 * @param n - order
 * @returns eigenvalues ascending and eigenvectors as columns (row-major n×n)
 * @example
 * ```ts
 * const { values } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2); // [1, 3]
 * ```
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): EigenDecomposition {
  const { values: raw, vectors: V } = jacobiEigen(Float64Array.from(a), n);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => raw[i] - raw[j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = raw[src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = V[k * n + src];
  });
  return { values, vectors };
}

/**
 * Covariance of the natural parameters from the Jacobian of the weighted
 * residuals with respect to the natural parameters:
 * Cov = s²·(JᵀJ)⁺ with s² = χ²/(m − k) for relative weights (the weights only
 * fix the shape of the noise, the scale is estimated from the residuals) and
 * s² = 1 for absolute σ (Bates & Watts, *Nonlinear Regression Analysis*, 1988, §2.3).
 *
 * A well-conditioned correlation-scaled matrix (every Cholesky pivot² > 1e-10) is inverted
 * directly. Otherwise the pseudo-inverse is taken on the correlation-scaled Fisher matrix
 * D⁻¹JᵀJD⁻¹ (D = √diag JᵀJ); eigen-directions with eigenvalue below
 * `rcond`·max are dropped and the parameters loading on them (|component| > 0.1)
 * are marked undefined.
 *
 * @param J - column-major m×n Jacobian of the weighted residuals w.r.t. natural parameters
 * @param m - residual count
 * @param n - parameter count
 * @param include - parameters to include (others get zero covariance and `defined: false`)
 * @param chiSquare - Σr² at the solution
 * @param absolute - true for absolute σ weights
 * @param rcond - relative eigenvalue cut-off (default 1e-13)
 * @returns covariance and diagnostics
 * @example
 * ```ts
 * const J = new Float64Array([1, 1, 1, 0, 1, 2]); // 3×2: intercept + slope
 * computeCovariance(J, 3, 2, [true, true], 0.1, false).covariance;
 * ```
 */
export function computeCovariance(
  J: Float64Array,
  m: number,
  n: number,
  include: readonly boolean[],
  chiSquare: number,
  absolute: boolean,
  rcond = 1e-13,
): CovarianceResult {
  const out: CovarianceOutput = {
    covariance: new Float64Array(n * n),
    defined: new Array<boolean>(n).fill(false),
    vif: new Float64Array(n),
    eigenvalues: EMPTY,
    eigenvectors: EMPTY,
    varianceFactor: 0,
    nonFiniteColumn: false,
  };
  covarianceInto(J, m, n, include, chiSquare, absolute, rcond, out);
  const { covariance, defined, eigenvalues, eigenvectors, varianceFactor, vif } = out;
  return { covariance, defined, eigenvalues: eigenvalues === EMPTY ? new Float64Array(0) : eigenvalues, eigenvectors: eigenvectors === EMPTY ? new Float64Array(0) : eigenvectors, varianceFactor, vif };
}

const EMPTY = new Float64Array(0);

/**
 * Output buffers of {@link covarianceInto}: a {@link CovarianceResult} whose
 * `covariance` (≥ n·n), `defined` (≥ n) and `vif` (≥ n) are caller-owned and
 * overwritten, plus a diagnostic flag. Internal: lets `fitCircuit` reuse its
 * buffers instead of allocating per fit.
 *
 * @internal
 * @example
 * ```ts
 * const out: CovarianceOutput = { covariance: new Float64Array(n * n), defined: new Array(n).fill(false), vif: new Float64Array(n),
 *   eigenvalues: new Float64Array(0), eigenvectors: new Float64Array(0), varianceFactor: 0, nonFiniteColumn: false };
 * ```
 */
export interface CovarianceOutput extends CovarianceResult {
  /** True when an included column had a non-finite or overflowing Σ J² (it is then left out, as by `computeCovariance`). */
  nonFiniteColumn: boolean;
}

/** Grow-only scratch of {@link covarianceInto} (never handed out). */
let scratchK = -1;
let gram = new Float64Array(0);
let corrM = new Float64Array(0);
let cholL = new Float64Array(0);
let cholInv = new Float64Array(0);
let cand = new Int32Array(0);
let idx = new Int32Array(0);
let dScale = new Float64Array(0);
let gramG = new Float64Array(0);
let cholW = new Float64Array(0);
let invD = new Float64Array(0);
let invCol = new Float64Array(0);

function ensureScratch(n: number): void {
  if (n <= scratchK) return;
  scratchK = n;
  gram = new Float64Array(n * n);
  corrM = new Float64Array(n * n);
  cholL = new Float64Array(n * n);
  cholInv = new Float64Array(n * n);
  cand = new Int32Array(n);
  idx = new Int32Array(n);
  dScale = new Float64Array(n);
  gramG = new Float64Array(n);
  cholW = new Float64Array(n * n);
  invD = new Float64Array(n);
  invCol = new Float64Array(n);
}

/**
 * {@link computeCovariance} into caller-owned buffers: same arithmetic, same
 * numbers bit for bit (every sum runs over i in the same order), without the
 * per-call allocations of the fast path.
 *
 * @param J - column-major m×n Jacobian of the weighted residuals w.r.t. natural parameters
 * @param m - residual count
 * @param n - parameter count
 * @param include - parameters to include
 * @param chiSquare - Σr² at the solution
 * @param absolute - true for absolute σ weights
 * @param rcond - relative eigenvalue cut-off
 * @param out - output; `covariance`, `defined`, `vif` are overwritten in their first n·n / n entries
 * @param columnScale - optional d: the Jacobian used is J·diag(1/d) (column j of `J` divided by
 *   d[j], read for included columns only, which must have finite d ≠ 0). The Gram matrix is then
 *   JᵀJ scaled entrywise by 1/(d_a·d_b), so a Jacobian in transformed coordinates and the
 *   derivatives dp/dx give the natural-space covariance without forming J/d (one m×n pass fewer).
 * @param gramIn - optional JᵀJ of `J` (n·n, both triangles), as `normalEquations(J, …)` or the
 *   solver's `LmResult.normal` gives it: then J is not read again
 * @internal
 * @example
 * ```ts
 * covarianceInto(Jn, 142, 7, include, chiSquare, false, 1e-13, out); // out.covariance: 7×7
 * covarianceInto(Jx, 142, 7, include, chiSquare, false, 1e-13, out, dpdx); // the same from ∂r/∂x
 * ```
 */
export function covarianceInto(
  J: Float64Array,
  m: number,
  n: number,
  include: readonly boolean[],
  chiSquare: number,
  absolute: boolean,
  rcond: number,
  out: CovarianceOutput,
  columnScale?: ArrayLike<number>,
  gramIn?: Float64Array | null,
): void {
  ensureScratch(n);
  // Gram matrix G = JᵀJ of all n columns (both triangles, row-major by column index) in the
  // grouped passes of lm's normalEquations: every entry is a plain sequential sum over i, exactly
  // as a column-by-column dot product computes it. Only the included columns' entries are read.
  // (normalEquations also forms Jᵀr: J's first column stands in for r, and that result is unused.)
  let nc = 0;
  for (let j = 0; j < n; j++) if (include[j]) cand[nc++] = j;
  // Column scales as reciprocals (n divisions instead of n²/2); 1 without columnScale.
  for (let a = 0; a < nc; a++) invCol[a] = columnScale ? 1 / columnScale[cand[a]] : 1;
  // Only the included columns' entries are read below: form (or copy) and scale just those.
  const src = gramIn ?? gram;
  if (nc > 0 && !gramIn) normalEquations(J, J, m, n, gram, gramG);
  if (columnScale || gramIn) {
    for (let a = 0; a < nc; a++) {
      const ja = cand[a];
      const ia = invCol[a];
      for (let b = 0; b <= a; b++) {
        const jb = cand[b];
        const v = columnScale ? src[ja * n + jb] * ia * invCol[b] : src[ja * n + jb];
        gram[ja * n + jb] = v;
        gram[jb * n + ja] = v;
      }
    }
  }
  // Columns with zero or non-finite Σ J² carry no information and are left out.
  let k = 0;
  out.nonFiniteColumn = false;
  for (let a = 0; a < nc; a++) {
    const j = cand[a];
    const s = gram[j * n + j];
    if (!Number.isFinite(s)) out.nonFiniteColumn = true;
    if (s > 0 && Number.isFinite(s)) {
      idx[k] = j;
      dScale[k] = Math.sqrt(s);
      invD[k] = 1 / dScale[k];
      k++;
    }
  }
  const d = dScale;
  const dof = m - k;
  const s2 = absolute ? 1 : dof > 0 ? chiSquare / dof : chiSquare;
  const C = corrM;
  for (let a = 0; a < k; a++) {
    const ia = invD[a];
    for (let b = 0; b <= a; b++) {
      const v = gram[idx[a] * n + idx[b]] * ia * invD[b];
      C[a * k + b] = v;
      C[b * k + a] = v;
    }
  }
  const { covariance, defined, vif } = out;
  covariance.fill(0, 0, n * n);
  vif.fill(Infinity, 0, n);
  defined.fill(false, 0, n);
  out.varianceFactor = s2;
  // Fast path: a well-conditioned correlation matrix is inverted by Cholesky; the eigen
  // decomposition (for null directions) is only needed when a pivot is tiny.
  if (choleskyInverse(C, k, 1e-10, cholInv)) {
    const fast = cholInv;
    for (let a = 0; a < k; a++) {
      defined[idx[a]] = true;
      vif[idx[a]] = fast[a * k + a];
      const sa = s2 * invD[a];
      for (let b = 0; b < k; b++) covariance[idx[a] * n + idx[b]] = sa * fast[a * k + b] * invD[b];
    }
    out.eigenvalues = EMPTY;
    out.eigenvectors = EMPTY;
    return;
  }
  const { values, vectors } = symmetricEigen(C.subarray(0, k * k), k);
  const maxEig = k ? Math.max(values[k - 1], 0) : 0;
  const inv = new Float64Array(k * k);
  const definedLocal = new Array<boolean>(k).fill(true);
  for (let e = 0; e < k; e++) {
    const lam = values[e];
    if (!(lam > rcond * maxEig)) {
      for (let a = 0; a < k; a++) if (Math.abs(vectors[a * k + e]) > 0.1) definedLocal[a] = false;
      continue;
    }
    for (let a = 0; a < k; a++) {
      const va = vectors[a * k + e] / lam;
      for (let b = 0; b < k; b++) inv[a * k + b] += va * vectors[b * k + e];
    }
  }
  for (let a = 0; a < k; a++) {
    if (!definedLocal[a]) continue;
    defined[idx[a]] = true;
    vif[idx[a]] = inv[a * k + a];
    for (let b = 0; b < k; b++) {
      if (!definedLocal[b]) continue;
      covariance[idx[a] * n + idx[b]] = (s2 * inv[a * k + b]) / (d[a] * d[b]);
    }
  }
  out.eigenvalues = values;
  out.eigenvectors = vectors;
}

/**
 * Inverse of a symmetric positive-definite k×k matrix (first k·k entries of C) by Cholesky,
 * written to `inv` (both triangles, exactly symmetric); false when a squared pivot is ≤ minPivot.
 * C = LLᵀ, W = L⁻¹ by forward substitution with the reciprocal diagonal, C⁻¹ = WᵀW: the
 * algorithm of LAPACK's dpotri (dtrtri, then dlauum; Anderson et al., *LAPACK Users' Guide*,
 * 3rd ed., SIAM 1999), with k divisions instead of one per solve step.
 */
function choleskyInverse(C: Float64Array, k: number, minPivot: number, inv: Float64Array): boolean {
  const L = cholL;
  for (let i = 0; i < k * k; i++) L[i] = C[i];
  if (!choleskyInPlace(L, k, k, minPivot)) return false;
  const W = cholW;
  for (let i = 0; i < k; i++) W[i * k + i] = 1 / L[i * k + i];
  for (let j = 0; j < k; j++) {
    for (let i = j + 1; i < k; i++) {
      let s = 0;
      for (let t = j; t < i; t++) s += L[i * k + t] * W[t * k + j];
      W[i * k + j] = -s * W[i * k + i];
    }
  }
  // (WᵀW)_ab = Σ_{t ≥ max(a, b)} W_ta·W_tb (W is lower triangular).
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let t = a; t < k; t++) s += W[t * k + a] * W[t * k + b];
      inv[a * k + b] = s;
      inv[b * k + a] = s;
    }
  }
  return true;
}

/**
 * Two-sided 97.5% quantile of Student's t distribution with ν degrees of
 * freedom (exact table for ν ≤ 4, Cornish–Fisher expansion beyond; Abramowitz
 * & Stegun 26.7.5), accurate to < 1e-4.
 *
 * @param nu - degrees of freedom (≥ 1)
 * @returns t such that P(|T| ≤ t) = 0.95
 * @example
 * ```ts
 * studentT975(10); // ≈ 2.228
 * ```
 */
export function studentT975(nu: number): number {
  // A batch asks for the same ν again and again: remember the last answer (a pure function of ν).
  if (nu === lastNu) return lastT;
  const t = studentT975Of(nu);
  lastNu = nu;
  lastT = t;
  return t;
}

let lastNu = NaN;
let lastT = NaN;
const T_TABLE = [12.706204736, 4.30265273, 3.182446305, 2.776445105];

function studentT975Of(nu: number): number {
  const table = T_TABLE;
  if (nu < 1) return table[0];
  if (nu <= 4) return table[Math.round(nu) - 1];
  const z = 1.959963984540054;
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  const z7 = z5 * z * z;
  const z9 = z7 * z * z;
  return (
    z +
    (z3 + z) / (4 * nu) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * nu * nu) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * nu ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * nu ** 4)
  );
}
