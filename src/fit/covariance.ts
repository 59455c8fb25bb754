/**
 * Covariance, correlation and identifiability analysis of a least-squares fit.
 *
 * @module
 */
import { jacobiEigen } from '../internal/linalgDense.js';

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
  const idx: number[] = [];
  const d: number[] = [];
  for (let j = 0; j < n; j++) {
    if (!include[j]) continue;
    let s = 0;
    for (let i = 0; i < m; i++) s += J[j * m + i] * J[j * m + i];
    if (s > 0 && Number.isFinite(s)) {
      idx.push(j);
      d.push(Math.sqrt(s));
    }
  }
  const k = idx.length;
  const dof = m - k;
  const s2 = absolute ? 1 : dof > 0 ? chiSquare / dof : chiSquare;
  const C = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      const ca = idx[a] * m;
      const cb = idx[b] * m;
      for (let i = 0; i < m; i++) s += J[ca + i] * J[cb + i];
      const v = s / (d[a] * d[b]);
      C[a * k + b] = v;
      C[b * k + a] = v;
    }
  }
  // Fast path: a well-conditioned correlation matrix is inverted by Cholesky; the eigen
  // decomposition (for null directions) is only needed when a pivot is tiny.
  const fast = choleskyInverse(C, k, 1e-10);
  if (fast) {
    const covariance = new Float64Array(n * n);
    const vif = new Float64Array(n).fill(Infinity);
    const defined = new Array<boolean>(n).fill(false);
    for (let a = 0; a < k; a++) {
      defined[idx[a]] = true;
      vif[idx[a]] = fast[a * k + a];
      for (let b = 0; b < k; b++) covariance[idx[a] * n + idx[b]] = (s2 * fast[a * k + b]) / (d[a] * d[b]);
    }
    return { covariance, defined, eigenvalues: new Float64Array(0), eigenvectors: new Float64Array(0), varianceFactor: s2, vif };
  }
  const { values, vectors } = symmetricEigen(C, k);
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
  const covariance = new Float64Array(n * n);
  const vif = new Float64Array(n).fill(Infinity);
  const defined = new Array<boolean>(n).fill(false);
  for (let a = 0; a < k; a++) {
    if (!definedLocal[a]) continue;
    defined[idx[a]] = true;
    vif[idx[a]] = inv[a * k + a];
    for (let b = 0; b < k; b++) {
      if (!definedLocal[b]) continue;
      covariance[idx[a] * n + idx[b]] = (s2 * inv[a * k + b]) / (d[a] * d[b]);
    }
  }
  return { covariance, defined, eigenvalues: values, eigenvectors: vectors, varianceFactor: s2, vif };
}

/** Inverse of a symmetric positive-definite k×k matrix by Cholesky, or null when a squared pivot is ≤ minPivot. */
function choleskyInverse(C: Float64Array, k: number, minPivot: number): Float64Array | null {
  const L = Float64Array.from(C);
  for (let j = 0; j < k; j++) {
    let dj = L[j * k + j];
    for (let q = 0; q < j; q++) dj -= L[j * k + q] * L[j * k + q];
    if (!(dj > minPivot) || !Number.isFinite(dj)) return null;
    dj = Math.sqrt(dj);
    L[j * k + j] = dj;
    for (let i = j + 1; i < k; i++) {
      let t = L[i * k + j];
      for (let q = 0; q < j; q++) t -= L[i * k + q] * L[j * k + q];
      L[i * k + j] = t / dj;
    }
  }
  const inv = new Float64Array(k * k);
  const col = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    col.fill(0);
    col[c] = 1;
    for (let i = 0; i < k; i++) {
      let t = col[i];
      for (let q = 0; q < i; q++) t -= L[i * k + q] * col[q];
      col[i] = t / L[i * k + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let t = col[i];
      for (let q = i + 1; q < k; q++) t -= L[q * k + i] * col[q];
      col[i] = t / L[i * k + i];
    }
    for (let i = 0; i < k; i++) inv[i * k + c] = col[i];
  }
  return inv;
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
  const table = [12.706204736, 4.30265273, 3.182446305, 2.776445105];
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
