/**
 * Non-negative least squares by the Lawson–Hanson active-set method, in the
 * normal-equation form of Bro & De Jong (FNNLS), with optional free
 * (unconstrained) variables.
 *
 * Problem: minimise ½ xᵀ H x − gᵀ x subject to x_j ≥ 0 for every constrained
 * j, where H = AᵀA (+ λ·penalty) is symmetric positive (semi)definite and
 * g = Aᵀb. For H = AᵀA this is min ‖A x − b‖².
 *
 * References: C. L. Lawson & R. J. Hanson, Solving Least Squares Problems
 * (1974), ch. 23; R. Bro & S. De Jong, J. Chemometrics 11 (1997) 393.
 *
 * @internal
 * @module
 */

import { choleskyInPlace, choleskySolveInPlace } from './linalgDense.js';

/** Result of {@link nnlsGram}. @internal */
export interface NnlsResult {
  /** Solution. */
  x: Float64Array;
  /** Outer iterations used. */
  iterations: number;
  /** KKT conditions met within tolerance before the iteration cap. */
  converged: boolean;
}

/**
 * Solves H_PP s_P = g_P for the passive set P (indices in `idx[0..p)`),
 * with a tiny diagonal jitter if H_PP is numerically singular.
 */
function solvePassive(
  h: Float64Array,
  n: number,
  g: Float64Array,
  idx: Int32Array,
  p: number,
  work: Float64Array,
  rhs: Float64Array,
): void {
  let jitter = 0;
  for (let attempt = 0; attempt < 8; attempt++) {
    for (let a = 0; a < p; a++) {
      const ra = idx[a] * n;
      for (let b = 0; b <= a; b++) work[a * p + b] = h[ra + idx[b]];
      work[a * p + a] += jitter;
    }
    if (choleskyInPlace(work, p)) {
      for (let a = 0; a < p; a++) rhs[a] = g[idx[a]];
      choleskySolveInPlace(work, p, rhs);
      return;
    }
    let dmax = 0;
    for (let a = 0; a < p; a++) dmax = Math.max(dmax, Math.abs(h[idx[a] * n + idx[a]]));
    jitter = jitter === 0 ? 1e-14 * (dmax || 1) : jitter * 100;
  }
  for (let a = 0; a < p; a++) rhs[a] = 0;
}

/**
 * Lawson–Hanson NNLS on the normal equations (FNNLS). `h` is n×n row-major,
 * `free[j] = 1` marks variables without a sign constraint (they stay in the
 * passive set). `initialPassive` warm-starts the passive set (e.g. with the
 * positive entries of the unconstrained solution); the result is the same
 * KKT point, reached in fewer iterations. Neither `h` nor `g` is modified.
 * @internal
 */
export function nnlsGram(
  h: Float64Array,
  g: Float64Array,
  n: number,
  free?: Uint8Array,
  maxIterations = 3 * n + 10,
  initialPassive?: Uint8Array,
): NnlsResult {
  const x = new Float64Array(n);
  const s = new Float64Array(n);
  const w = new Float64Array(n);
  const passive = new Uint8Array(n);
  const idx = new Int32Array(n);
  const work = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  let hmax = 0;
  for (let i = 0; i < n * n; i++) hmax = Math.max(hmax, Math.abs(h[i]));
  let gmax = 0;
  for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]));

  const gather = (): number => {
    let p = 0;
    for (let j = 0; j < n; j++) if (passive[j]) idx[p++] = j;
    return p;
  };
  const solve = (): void => {
    const p = gather();
    s.fill(0);
    if (p === 0) return;
    solvePassive(h, n, g, idx, p, work, rhs);
    for (let a = 0; a < p; a++) s[idx[a]] = rhs[a];
  };
  const gradient = (): void => {
    for (let i = 0; i < n; i++) {
      let acc = g[i];
      const ri = i * n;
      for (let j = 0; j < n; j++) acc -= h[ri + j] * x[j];
      w[i] = acc;
    }
  };

  const skip = new Uint8Array(n);
  /**
   * Lawson–Hanson inner loop: re-solve on the passive set and step back
   * towards feasibility until the passive solution is strictly positive.
   * `entering` is the variable just added (−1 for none); returns false when it
   * would not enter positively (round-off safeguard) and was excluded.
   */
  const inner = (entering: number): boolean => {
    let first = entering >= 0;
    for (let it = 0; it < 3 * n + 10; it++) {
      solve();
      if (first && s[entering] <= 0) {
        passive[entering] = 0;
        skip[entering] = 1;
        return false;
      }
      first = false;
      let alpha = Infinity;
      for (let j = 0; j < n; j++) {
        if (!passive[j] || (free && free[j])) continue;
        if (s[j] <= 0) {
          const d = x[j] - s[j];
          const a = d > 0 ? x[j] / d : 0;
          if (a < alpha) alpha = a;
        }
      }
      if (alpha === Infinity) {
        x.set(s);
        skip.fill(0);
        return true;
      }
      let xmax = 0;
      for (let j = 0; j < n; j++) {
        x[j] += alpha * (s[j] - x[j]);
        xmax = Math.max(xmax, Math.abs(x[j]));
      }
      for (let j = 0; j < n; j++) {
        if (passive[j] && !(free && free[j]) && x[j] <= 1e-15 * xmax) {
          passive[j] = 0;
          x[j] = 0;
        }
      }
    }
    return true;
  };

  // Start from the free variables plus an optional warm-start passive set
  // (x = 0 on the constrained variables is feasible, so the inner loop applies).
  let anyPassive = false;
  for (let j = 0; j < n; j++) {
    if ((free && free[j]) || (initialPassive && initialPassive[j])) {
      passive[j] = 1;
      anyPassive = true;
    }
  }
  if (anyPassive) inner(-1);

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    gradient();
    let xmax = 0;
    for (let j = 0; j < n; j++) xmax = Math.max(xmax, Math.abs(x[j]));
    const tol = 1e-11 * Math.max(gmax, hmax * xmax);
    let best = -1;
    let bestW = tol;
    for (let j = 0; j < n; j++) {
      if (passive[j] || skip[j]) continue;
      if (w[j] > bestW) {
        bestW = w[j];
        best = j;
      }
    }
    if (best < 0) {
      converged = true;
      break;
    }
    iterations++;
    passive[best] = 1;
    inner(best);
  }
  for (let j = 0; j < n; j++) if (!(free && free[j]) && x[j] < 0) x[j] = 0;
  return { x, iterations, converged };
}
