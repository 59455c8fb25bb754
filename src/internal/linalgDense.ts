/**
 * Small dense linear algebra for validation and DRT: Householder least
 * squares, a Jacobi-SVD pseudo-inverse, Cholesky, and a cyclic Jacobi
 * symmetric eigensolver. Matrices are row-major `Float64Array`s.
 *
 * References: Golub & Van Loan, Matrix Computations, 4th ed. (2013),
 * §5.2 (Householder QR), §5.5 (rank-deficient LS), §8.5 (Jacobi methods),
 * §4.2 (Cholesky); Demmel & Veselić, SIAM J. Matrix Anal. Appl. 13 (1992)
 * 1204 (one-sided Jacobi SVD accuracy).
 *
 * @internal
 * @module
 */

const EPS = 2.220446049250313e-16;

/**
 * Least squares min ‖A x − b‖₂ by Householder QR (A is m×n row-major, m ≥ n).
 * Returns `null` when A is numerically rank deficient
 * (|R_kk| ≤ 1e-13 · max|R_jj|), so callers can fall back to {@link pinvSolve}.
 * `a` and `b` are not modified.
 * @internal
 */
export function qrLeastSquares(a: Float64Array, m: number, n: number, b: Float64Array): Float64Array | null {
  if (m < n) return null;
  // Work column-major copy for cache-friendly column operations.
  const q = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[j * m + i] = a[i * n + j];
  const y = Float64Array.from(b.subarray(0, m));
  const diag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const ck = k * m;
    let norm = 0;
    // scaled 2-norm to avoid overflow
    let scale = 0;
    for (let i = k; i < m; i++) scale = Math.max(scale, Math.abs(q[ck + i]));
    if (scale === 0) {
      diag[k] = 0;
      continue;
    }
    for (let i = k; i < m; i++) {
      const t = q[ck + i] / scale;
      norm += t * t;
    }
    norm = scale * Math.sqrt(norm);
    const alpha = q[ck + k] > 0 ? -norm : norm;
    // v = x − alpha e1, stored in place; beta = 2 / vᵀv
    q[ck + k] -= alpha;
    let vtv = 0;
    for (let i = k; i < m; i++) vtv += q[ck + i] * q[ck + i];
    diag[k] = alpha;
    if (vtv === 0) continue;
    const beta = 2 / vtv;
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      let s = 0;
      for (let i = k; i < m; i++) s += q[ck + i] * q[cj + i];
      s *= beta;
      for (let i = k; i < m; i++) q[cj + i] -= s * q[ck + i];
    }
    let s = 0;
    for (let i = k; i < m; i++) s += q[ck + i] * y[i];
    s *= beta;
    for (let i = k; i < m; i++) y[i] -= s * q[ck + i];
  }
  let rmax = 0;
  for (let k = 0; k < n; k++) rmax = Math.max(rmax, Math.abs(diag[k]));
  if (rmax === 0) return null;
  for (let k = 0; k < n; k++) if (Math.abs(diag[k]) <= 1e-13 * rmax) return null;
  const x = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    let s = y[k];
    for (let j = k + 1; j < n; j++) s -= q[j * m + k] * x[j];
    x[k] = s / diag[k];
  }
  return x;
}

/** Thin SVD A = U Σ Vᵀ of an m×n row-major matrix. @internal */
export interface ThinSvd {
  /** m×n row-major left singular vectors (columns). */
  u: Float64Array;
  /** Singular values, length n (unsorted). */
  s: Float64Array;
  /** n×n row-major right singular vectors (columns). */
  v: Float64Array;
}

/**
 * One-sided Jacobi SVD (Hestenes) of an m×n row-major matrix. Accurate to
 * high relative precision; O(m n²) per sweep.
 * @internal
 */
export function jacobiSvd(a: Float64Array, m: number, n: number): ThinSvd {
  // Columns of W = A V are orthogonalised; store W column-major.
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a[i * n + j];
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) v[j * n + j] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const cp = p * m;
      for (let q = p + 1; q < n; q++) {
        const cq = q * m;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const x = w[cp + i];
          const y = w[cq + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const x = w[cp + i];
          const y = w[cq + i];
          w[cp + i] = c * x - s * y;
          w[cq + i] = s * x + c * y;
        }
        for (let i = 0; i < n; i++) {
          const x = v[i * n + p];
          const y = v[i * n + q];
          v[i * n + p] = c * x - s * y;
          v[i * n + q] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(n);
  const u = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = 0; i < m; i++) norm += w[j * m + i] * w[j * m + i];
    norm = Math.sqrt(norm);
    s[j] = norm;
    if (norm > 0) for (let i = 0; i < m; i++) u[i * n + j] = w[j * m + i] / norm;
  }
  return { u, s, v };
}

/**
 * Minimum-norm least squares x = A⁺ b through the SVD, discarding singular
 * values ≤ `rcond`·σ_max (numpy's `pinv` convention, default 1e-15).
 * @internal
 */
export function pinvSolve(a: Float64Array, m: number, n: number, b: Float64Array, rcond = 1e-15): Float64Array {
  // For m < n, work on the transpose so the Jacobi SVD has m ≥ n.
  const x = new Float64Array(n);
  if (m >= n) {
    const { u, s, v } = jacobiSvd(a, m, n);
    let smax = 0;
    for (let j = 0; j < n; j++) smax = Math.max(smax, s[j]);
    const cut = rcond * smax;
    for (let j = 0; j < n; j++) {
      if (s[j] <= cut || s[j] === 0) continue;
      let c = 0;
      for (let i = 0; i < m; i++) c += u[i * n + j] * b[i];
      c /= s[j];
      for (let k = 0; k < n; k++) x[k] += v[k * n + j] * c;
    }
    return x;
  }
  const at = new Float64Array(n * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) at[j * m + i] = a[i * n + j];
  // Aᵀ = U Σ Vᵀ  ⇒  A = V Σ Uᵀ, A⁺ = U Σ⁻¹ Vᵀ
  const { u, s, v } = jacobiSvd(at, n, m);
  let smax = 0;
  for (let j = 0; j < m; j++) smax = Math.max(smax, s[j]);
  const cut = rcond * smax;
  for (let j = 0; j < m; j++) {
    if (s[j] <= cut || s[j] === 0) continue;
    let c = 0;
    for (let i = 0; i < m; i++) c += v[i * m + j] * b[i];
    c /= s[j];
    for (let k = 0; k < n; k++) x[k] += u[k * m + j] * c;
  }
  return x;
}

/**
 * Least squares that prefers Householder QR and falls back to the SVD
 * pseudo-inverse when A is rank deficient or under-determined.
 * @internal
 */
export function leastSquares(a: Float64Array, m: number, n: number, b: Float64Array): Float64Array {
  return qrLeastSquares(a, m, n, b) ?? pinvSolve(a, m, n, b);
}

/**
 * In-place Cholesky factorisation H = L Lᵀ of the leading `n`×`n` block of a
 * row-major matrix with leading dimension `ld`; L is written to the lower
 * triangle. Returns false if H is not numerically positive definite: a pivot
 * d (before its square root) that is not finite or not above `minPivot`.
 * @internal
 */
export function choleskyInPlace(h: Float64Array, n: number, ld = n, minPivot = 0): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * ld;
    let d = h[rj + j];
    for (let k = 0; k < j; k++) d -= h[rj + k] * h[rj + k];
    if (!(d > minPivot) || d === Infinity) return false;
    const ljj = Math.sqrt(d);
    h[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * ld;
      let s = h[ri + j];
      for (let k = 0; k < j; k++) s -= h[ri + k] * h[rj + k];
      h[ri + j] = s / ljj;
    }
  }
  return true;
}

/**
 * Solves L Lᵀ x = b in place in `b` for a factor from {@link choleskyInPlace}.
 * @internal
 */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array, ld = n): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    const ri = i * ld;
    for (let k = 0; k < i; k++) s -= l[ri + k] * b[k];
    b[i] = s / l[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * ld + i] * b[k];
    b[i] = s / l[i * ld + i];
  }
}

/** Eigen-decomposition of a symmetric matrix. @internal */
export interface SymmetricEigen {
  /** Eigenvalues (unsorted). */
  values: Float64Array;
  /** n×n row-major matrix whose column j is the eigenvector of `values[j]`. */
  vectors: Float64Array;
}

/**
 * Symmetric eigendecomposition by Householder tridiagonalisation followed by
 * the implicit symmetric QR algorithm with Wilkinson shifts (Golub & Van Loan
 * Algorithms 8.3.1 and 8.3.3), eigenvectors accumulated. `a` (n×n row-major,
 * symmetric) is not modified. About 9n³ flops; see {@link jacobiEigen} for
 * the slower, simpler cross-check.
 * @internal
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const A = Float64Array.from(a.subarray(0, n * n));
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const vs: Array<{ v: Float64Array; beta: number } | null> = [];
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const m = n - k - 1; // length of x = A[k, k+1..n-1]
    const v = new Float64Array(m);
    let scale = 0;
    for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(A[k * n + k + 1 + i]));
    if (scale === 0) {
      vs.push(null);
      continue;
    }
    let norm = 0;
    for (let i = 0; i < m; i++) {
      v[i] = A[k * n + k + 1 + i];
      norm += (v[i] / scale) ** 2;
    }
    norm = scale * Math.sqrt(norm);
    const alpha = v[0] > 0 ? -norm : norm;
    v[0] -= alpha;
    let vtv = 0;
    for (let i = 0; i < m; i++) vtv += v[i] * v[i];
    if (vtv === 0) {
      vs.push(null);
      continue;
    }
    const beta = 2 / vtv;
    // p = β A22 v, K = β pᵀv / 2, w = p − K v, A22 −= v wᵀ + w vᵀ
    const o = k + 1;
    let pv = 0;
    for (let i = 0; i < m; i++) {
      const row = (o + i) * n + o;
      let acc = 0;
      for (let j = 0; j < m; j++) acc += A[row + j] * v[j];
      p[i] = beta * acc;
      pv += p[i] * v[i];
    }
    const K = (beta * pv) / 2;
    for (let i = 0; i < m; i++) p[i] -= K * v[i];
    for (let i = 0; i < m; i++) {
      const row = (o + i) * n + o;
      const vi = v[i];
      const wi = p[i];
      for (let j = 0; j < m; j++) A[row + j] -= vi * p[j] + wi * v[j];
    }
    A[k * n + o] = alpha;
    A[o * n + k] = alpha;
    for (let i = 1; i < m; i++) {
      A[k * n + o + i] = 0;
      A[(o + i) * n + k] = 0;
    }
    vs.push({ v, beta });
  }
  for (let i = 0; i < n; i++) d[i] = A[i * n + i];
  for (let i = 0; i < n - 1; i++) e[i] = A[(i + 1) * n + i];
  // Q = H_0 H_1 … H_{n−3}, accumulated backwards.
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Q[i * n + i] = 1;
  const tmp = new Float64Array(n);
  for (let k = vs.length - 1; k >= 0; k--) {
    const h = vs[k];
    if (!h) continue;
    const o = k + 1;
    const m = n - o;
    // tmp = vᵀ Q_sub (row vector over columns o..n−1)
    for (let j = 0; j < m; j++) tmp[j] = 0;
    for (let i = 0; i < m; i++) {
      const vi = h.v[i];
      if (vi === 0) continue;
      const row = (o + i) * n + o;
      for (let j = 0; j < m; j++) tmp[j] += vi * Q[row + j];
    }
    for (let i = 0; i < m; i++) {
      const f = h.beta * h.v[i];
      if (f === 0) continue;
      const row = (o + i) * n + o;
      for (let j = 0; j < m; j++) Q[row + j] -= f * tmp[j];
    }
  }
  // Implicit symmetric QR with Wilkinson shift on (d, e); rotations go into Q's columns.
  // Work on Qᵀ rows for contiguous access: column j of Q = row j of Qt.
  const Qt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Qt[j * n + i] = Q[i * n + j];
  const small = (i: number) => Math.abs(e[i]) <= EPS * (Math.abs(d[i]) + Math.abs(d[i + 1]));
  let q = n - 1;
  let guard = 0;
  while (q > 0 && guard < 100 * n) {
    if (small(q - 1)) {
      e[q - 1] = 0;
      q--;
      continue;
    }
    let lo = q - 1;
    while (lo > 0 && !small(lo - 1)) lo--;
    if (lo > 0) e[lo - 1] = 0;
    guard++;
    const delta = (d[q - 1] - d[q]) / 2;
    const eq = e[q - 1];
    const den = delta + (delta >= 0 ? 1 : -1) * Math.hypot(delta, eq);
    const mu = den !== 0 ? d[q] - (eq * eq) / den : d[q];
    let x = d[lo] - mu;
    let z = e[lo];
    for (let k = lo; k < q; k++) {
      const r = Math.hypot(x, z);
      const c = r === 0 ? 1 : x / r;
      const s = r === 0 ? 0 : z / r;
      if (k > lo) e[k - 1] = r;
      const ak = d[k];
      const bk = e[k];
      const dk1 = d[k + 1];
      d[k] = c * c * ak + 2 * c * s * bk + s * s * dk1;
      d[k + 1] = s * s * ak - 2 * c * s * bk + c * c * dk1;
      e[k] = c * s * (dk1 - ak) + (c * c - s * s) * bk;
      if (k < q - 1) {
        z = s * e[k + 1];
        e[k + 1] = c * e[k + 1];
        x = e[k];
      }
      // Q ← Q Rᵀ: columns k, k+1 of Q (rows of Qt)
      const rk = k * n;
      const rk1 = rk + n;
      for (let i = 0; i < n; i++) {
        const u = Qt[rk + i];
        const w = Qt[rk1 + i];
        Qt[rk + i] = c * u + s * w;
        Qt[rk1 + i] = -s * u + c * w;
      }
    }
  }
  const vectors = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vectors[i * n + j] = Qt[j * n + i];
  return { values: d, vectors };
}

/**
 * Cyclic Jacobi eigenvalue algorithm for a symmetric n×n row-major matrix
 * (Golub & Van Loan §8.5). `a` is not modified. Slower than
 * {@link symmetricEigen}; kept as an independent cross-check.
 * @internal
 */
export function jacobiEigen(a: Float64Array, n: number): SymmetricEigen {
  const s = Float64Array.from(a.subarray(0, n * n));
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += s[i * n + i] * s[i * n + i];
      for (let j = i + 1; j < n; j++) off += s[i * n + j] * s[i * n + j];
    }
    if (off <= EPS * EPS * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = s[p * n + q];
        if (apq === 0) continue;
        const app = s[p * n + p];
        const aqq = s[q * n + q];
        if (Math.abs(apq) <= EPS * 1e-3 * Math.sqrt(Math.abs(app * aqq))) {
          s[p * n + q] = 0;
          s[q * n + p] = 0;
          continue;
        }
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = t * c;
        // Rows/columns p and q: A' = Jᵀ A J
        for (let k = 0; k < n; k++) {
          const akp = s[k * n + p];
          const akq = s[k * n + q];
          s[k * n + p] = c * akp - sn * akq;
          s[k * n + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = s[p * n + k];
          const aqk = s[q * n + k];
          s[p * n + k] = c * apk - sn * aqk;
          s[q * n + k] = sn * apk + c * aqk;
        }
        s[p * n + q] = 0;
        s[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - sn * vkq;
          v[k * n + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = s[i * n + i];
  return { values, vectors: v };
}
