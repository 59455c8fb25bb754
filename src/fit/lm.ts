/**
 * Generic Levenberg–Marquardt solver for nonlinear least squares over
 * `Float64Array`, allocation-free per iteration.
 *
 * @module
 */
import { createNormalKernel } from '../internal/normalKernel.js';

/**
 * A nonlinear least-squares problem: minimise Σᵢ rᵢ(x)² over x ∈ ℝⁿ.
 *
 * @example
 * ```ts
 * // Fit y = a·exp(−b·t) to 3 points.
 * const t = [0, 1, 2], y = [2, 1.2, 0.7];
 * const problem: LeastSquaresProblem = {
 *   residualCount: 3,
 *   parameterCount: 2,
 *   evaluate(x, r, J) {
 *     for (let i = 0; i < 3; i++) {
 *       const e = Math.exp(-x[1] * t[i]);
 *       r[i] = x[0] * e - y[i];
 *       if (J) { J[i] = e; J[3 + i] = -x[0] * t[i] * e; }
 *     }
 *   },
 * };
 * ```
 */
export interface LeastSquaresProblem {
  /** Number of residuals m (rows of the Jacobian). */
  residualCount: number;
  /** Number of free parameters n (columns of the Jacobian). */
  parameterCount: number;
  /**
   * Writes the residuals r(x) into `r` (length m) and, when `J` is given, the
   * Jacobian ∂rᵢ/∂xⱼ column-major into `J` (element (i, j) at `J[j*m + i]`).
   * Must not keep references to `x`, `r` or `J`. Non-finite outputs are
   * detected by the solver (the step is rejected, or the fit stops with
   * reason `non-finite`).
   */
  evaluate(x: Float64Array, r: Float64Array, J: Float64Array | null): void;
}

/** Why {@link levenbergMarquardt} stopped. */
export type LmStopReason =
  | 'gradient'
  | 'step'
  | 'cost'
  | 'zero-residual'
  | 'max-iterations'
  | 'max-evaluations'
  | 'non-finite'
  | 'stalled';

/** Options of {@link levenbergMarquardt}; every field has a default. */
export interface LmOptions {
  /** Maximum number of iterations (Jacobian evaluations), default 200. */
  maxIterations?: number;
  /** Maximum number of residual evaluations, default `20 * maxIterations`. */
  maxEvaluations?: number;
  /**
   * Relative gradient tolerance (default 1e-8): stop when for every j the
   * cosine |Jⱼᵀr| / (‖Jⱼ‖·‖r‖) ≤ gtol (MINPACK's `gtol`).
   */
  gtol?: number;
  /**
   * Relative step tolerance (default 1e-10): stop when |δⱼ| ≤ xtol·(|xⱼ| + 1)
   * for every j after an accepted step. In log-transformed parameters this is
   * a relative change of the natural parameter.
   */
  xtol?: number;
  /**
   * Relative cost tolerance (default 1e-10): stop when both the actual and the
   * predicted reduction of the cost of an accepted step are ≤ ftol·cost.
   */
  ftol?: number;
  /** Stop with reason `zero-residual` when the cost drops to ≤ this (default 0). */
  costFloor?: number;
  /** Initial damping λ₀ relative to the scaled normal matrix (default 1e-3). */
  initialDamping?: number;
  /**
   * Geodesic acceleration (Transtrum & Sethna 2012): adds the second-order
   * correction from one extra residual evaluation per iteration. Default false.
   */
  geodesic?: boolean;
  /**
   * Smallest factor by which the damping shrinks after a very successful step
   * (default 1/3, Nielsen's rule; smaller values return to Gauss–Newton faster).
   */
  minDampingDecrease?: number;
  /** Reusable workspace (see {@link createLmWorkspace}); must match m and n. */
  workspace?: LmWorkspace;
}

/** Result of {@link levenbergMarquardt}. Arrays are views into the workspace unless copied. */
export interface LmResult {
  /** Best parameters found (a fresh copy). */
  x: Float64Array;
  /** Cost Σ rᵢ² at `x`. */
  cost: number;
  /** Residuals r(x) (length m, workspace view). */
  residuals: Float64Array;
  /** Jacobian at `x`, column-major m×n (workspace view). */
  jacobian: Float64Array;
  /** Number of iterations (Jacobian evaluations). */
  iterations: number;
  /** Number of residual evaluations (including those with Jacobian). */
  evaluations: number;
  /** True when a relative tolerance (gradient, step, cost) or the cost floor was met. */
  converged: boolean;
  /** Why the solver stopped. */
  reason: LmStopReason;
  /** Final damping λ (relative to the scaled normal matrix). */
  damping: number;
  /**
   * JᵀJ of `jacobian` (n·n, row-major, both triangles; workspace view), or null when the solver
   * did not form it for the final Jacobian (it stopped on a non-finite value, or an entry
   * overflowed). The same numbers as `normalEquations(jacobian, …)`, so a caller's covariance
   * can start from it instead of another pass over J.
   */
  normal: Float64Array | null;
}

/**
 * Preallocated buffers of {@link levenbergMarquardt} for an m×n problem.
 * Reuse it across fits of the same size to avoid all allocation.
 */
export interface LmWorkspace {
  /** Residual count m. */
  readonly m: number;
  /** Parameter count n. */
  readonly n: number;
  /** Current residuals (m). */
  readonly r: Float64Array;
  /** Trial residuals (m). */
  readonly rTrial: Float64Array;
  /** Column-major Jacobian (m·n). */
  readonly J: Float64Array;
  /** Column-major Jacobian at the trial point (m·n); swapped with `J` on acceptance. */
  readonly JTrial: Float64Array;
  /** Scratch residuals for geodesic acceleration (m). */
  readonly rAux: Float64Array;
  /** Normal matrix JᵀJ (n·n). */
  readonly A: Float64Array;
  /** Damped, scaled matrix and its Cholesky factor (n·n). */
  readonly L: Float64Array;
  /** Gradient Jᵀr (n). */
  readonly g: Float64Array;
  /** Step δ (n). */
  readonly delta: Float64Array;
  /** Geodesic second-order step (n). */
  readonly accel: Float64Array;
  /** Right-hand side / scratch (n). */
  readonly rhs: Float64Array;
  /** Current parameters (n). */
  readonly x: Float64Array;
  /** Trial parameters (n). */
  readonly xTrial: Float64Array;
  /** Column scales D (n). */
  readonly scale: Float64Array;
  /** 1/D, with 1 for a zero scale (n). */
  readonly invScale: Float64Array;
  /** Reciprocal diagonal of the Cholesky factor (n). */
  readonly invDiag: Float64Array;
  /**
   * True when `r`, `rTrial`, `J`, `JTrial`, `A`, `g` and the trial-step buffers live in the memory
   * of the WebAssembly kernel (`internal/normalKernel.ts`), which then forms A and g (SIMD) and
   * runs `trial`; false for the JavaScript `normalEquations` (same sums in another order: equal
   * to rounding) and `solveTrialStep` (bitwise the same as the kernel's `trial`).
   */
  readonly simd: boolean;
  /** Forms A = JᵀJ and g = Jᵀr of this workspace's `J` or `JTrial` and `r` or `rTrial`. */
  readonly normal: (J: Float64Array, r: Float64Array) => void;
  /**
   * The linear algebra of one trial step with damping λ, from `A`, `g` and `invScale`: factors
   * D⁻¹AD⁻¹ + λI into `L` and `invDiag` (on failure retrying with λ ← max(10λ, 1e-12), at most 60
   * attempts), solves for `rhs` and `delta`, and writes `trialOut`. Returns the λ that factored,
   * or NaN when none did. In the WebAssembly kernel when `simd` is true (`L`, `invScale`,
   * `invDiag`, `rhs`, `delta` and `trialOut` then live in its memory), same results bit for bit.
   */
  readonly trial: (lambda: number) => number;
  /**
   * Written by `trial` (2): [0] the predicted reduction −2gᵀδ − δᵀAδ of Σr² (after a factored
   * trial), [1] the damping after the attempts (always).
   */
  readonly trialOut: Float64Array;
}

/**
 * Allocates the buffers of {@link levenbergMarquardt} for m residuals and n
 * parameters. Where WebAssembly SIMD is available (Node ≥ 16.4, current
 * browsers), the residual, Jacobian, normal-matrix and step buffers live in a
 * small WebAssembly memory whose f64x2 kernel forms JᵀJ and Jᵀr 3.4–4.9× faster
 * than JavaScript for 142 × 7 (bench/results/lm-kernel.md), and whose `trial` solves
 * the damped step 1.8–1.9× faster for n = 7; creating it costs ≈ 30 µs, so reuse a
 * workspace across fits.
 *
 * @param m - residual count
 * @param n - parameter count
 * @param options - `simd: false` keeps every buffer in JavaScript (the reference path)
 * @returns a workspace to pass as `options.workspace`
 * @example
 * ```ts
 * const ws = createLmWorkspace(142, 7);
 * ws.simd; // true where WebAssembly SIMD is available
 * const js = createLmWorkspace(142, 7, { simd: false });
 * ```
 */
export function createLmWorkspace(m: number, n: number, options: { simd?: boolean } = {}): LmWorkspace {
  const kernel = options.simd !== false && m >= 1 && n >= 1 ? createNormalKernel(m, n) : null;
  const A = kernel ? kernel.A : new Float64Array(n * n);
  const g = kernel ? kernel.g : new Float64Array(n);
  const L = kernel ? kernel.L : new Float64Array(n * n);
  const invScale = kernel ? kernel.invScale : new Float64Array(n);
  const invDiag = kernel ? kernel.invDiag : new Float64Array(n);
  const rhs = kernel ? kernel.rhs : new Float64Array(n);
  const delta = kernel ? kernel.delta : new Float64Array(n);
  const trialOut = kernel ? kernel.trialOut : new Float64Array(2);
  const normal = kernel
    ? (J: Float64Array, r: Float64Array): void => {
        // The kernel reads its own memory: J and r must be views of it (the workspace's buffers).
        if (J.buffer === A.buffer && r.buffer === A.buffer) kernel.normal(J.byteOffset, r.byteOffset);
        else normalEquations(J, r, m, n, A, g);
      }
    : (J: Float64Array, r: Float64Array): void => normalEquations(J, r, m, n, A, g);
  // The raw WebAssembly export, not wrapped in a closure (which would add a few ns per call).
  const trial = kernel ? kernel.trial : (lambda: number): number => solveTrialStep(n, lambda, A, g, invScale, L, invDiag, rhs, delta, trialOut);
  return {
    m,
    n,
    r: kernel ? kernel.r : new Float64Array(m),
    rTrial: kernel ? kernel.rTrial : new Float64Array(m),
    J: kernel ? kernel.J : new Float64Array(m * n),
    JTrial: kernel ? kernel.JTrial : new Float64Array(m * n),
    rAux: new Float64Array(m),
    A,
    L,
    g,
    delta,
    accel: new Float64Array(n),
    rhs,
    x: new Float64Array(n),
    xTrial: new Float64Array(n),
    scale: new Float64Array(n),
    invScale,
    invDiag,
    simd: kernel !== null,
    normal,
    trial,
    trialOut,
  };
}

/**
 * Σ rᵢ² in four interleaved partial sums, ((s₀ + s₁) + (s₂ + s₃)), so the adds do not wait on
 * each other (a single running sum is bound by the add latency).
 *
 * @internal
 * @param r - residuals
 * @param m - how many (default all)
 * @returns the sum of squares
 * @example
 * ```ts
 * sumSquares(new Float64Array([3, 4])); // 25
 * ```
 */
export function sumSquares(r: Float64Array, m = r.length): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const a = r[i];
    const b = r[i + 1];
    const c = r[i + 2];
    const d = r[i + 3];
    s0 += a * a;
    s1 += b * b;
    s2 += c * c;
    s3 += d * d;
  }
  for (; i < m; i++) s0 += r[i] * r[i];
  return s0 + s1 + (s2 + s3);
}

/**
 * In-place Cholesky factorisation of the symmetric n×n matrix in `L`
 * (row-major, lower triangle used). Returns false when not positive definite.
 */
function cholesky(L: Float64Array, n: number, inv: Float64Array): boolean {
  for (let j = 0; j < n; j++) {
    let d = L[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (!(d > 0) || !Number.isFinite(d)) return false;
    d = Math.sqrt(d);
    L[j * n + j] = d;
    // One division per column: the reciprocal pivot also serves cholSolve.
    const id = 1 / d;
    inv[j] = id;
    for (let i = j + 1; i < n; i++) {
      let s = L[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s * id;
    }
  }
  return true;
}

/** Solves L Lᵀ y = b in place in `b`; `inv` holds the reciprocal diagonal from {@link cholesky}. */
function cholSolve(L: Float64Array, n: number, b: Float64Array, inv: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * b[k];
    b[i] = s * inv[i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * b[k];
    b[i] = s * inv[i];
  }
}

/**
 * The linear algebra of one Levenberg–Marquardt trial step: the scaled, damped system
 * (D⁻¹AD⁻¹ + λI) y = −D⁻¹g (D⁻¹ = `invScale`) by Cholesky into `L` and `invDiag`, raising the
 * damping λ ← max(10λ, 1e-12) while the matrix is not numerically positive definite (at most 60
 * attempts), then δ = D⁻¹y into `delta` (y stays in `rhs`), `out[0]` = −2gᵀδ − δᵀAδ (the
 * reduction of Σr² the linear model predicts) and `out[1]` = the final λ. The reference for the
 * WebAssembly `trial` (tools/wasm/gen.mjs), which performs the same operations in the same order.
 *
 * @internal
 * @param n - parameter count
 * @param lambda - damping λ to start from
 * @param A - normal matrix JᵀJ (n·n, row-major; read)
 * @param g - gradient Jᵀr (n; read)
 * @param invScale - D⁻¹ (n; read)
 * @param L - output Cholesky factor of D⁻¹AD⁻¹ + λI (n·n, lower triangle)
 * @param invDiag - output reciprocal diagonal of `L` (n)
 * @param rhs - output scaled step y (n)
 * @param delta - output step δ (n)
 * @param out - output [predicted reduction, final λ] (2)
 * @returns the λ that factored, or NaN when no attempt did (then only `out[1]` is written)
 * @example
 * ```ts
 * const lambda = solveTrialStep(n, 1e-3, A, g, invScale, L, invDiag, rhs, delta, out); // δ in delta
 * ```
 */
export function solveTrialStep(
  n: number,
  lambda: number,
  A: Float64Array,
  g: Float64Array,
  invScale: Float64Array,
  L: Float64Array,
  invDiag: Float64Array,
  rhs: Float64Array,
  delta: Float64Array,
  out: Float64Array,
): number {
  let factored = false;
  for (let attempt = 0; attempt < 60 && !factored; attempt++) {
    for (let a = 0; a < n; a++) {
      const ia = invScale[a];
      for (let b = 0; b <= a; b++) L[a * n + b] = A[a * n + b] * ia * invScale[b];
      L[a * n + a] += lambda;
    }
    factored = cholesky(L, n, invDiag);
    if (!factored) {
      lambda = Math.max(lambda * 10, 1e-12);
    }
  }
  out[1] = lambda;
  if (!factored) return NaN;
  for (let a = 0; a < n; a++) rhs[a] = -g[a] * invScale[a];
  cholSolve(L, n, rhs, invDiag);
  for (let a = 0; a < n; a++) delta[a] = rhs[a] * invScale[a];
  // Predicted reduction of Σr² for the linear model: −2gᵀδ − δᵀAδ.
  let gd = 0;
  let dAd = 0;
  for (let a = 0; a < n; a++) {
    gd += g[a] * delta[a];
    let s = 0;
    for (let b = 0; b < n; b++) s += A[a * n + b] * delta[b];
    dAd += delta[a] * s;
  }
  out[0] = -2 * gd - dAd;
  return lambda;
}

/** Stores v at (a, b) and (b, a) of the row-major n×n matrix A. */
function put(A: Float64Array, n: number, a: number, b: number, v: number): void {
  A[a * n + b] = v;
  A[b * n + a] = v;
}

/**
 * Columns c…c+k−1 (k ≤ 4) of J against each other (lower triangle) and against r, in one pass.
 */
function diagonalBlock(J: Float64Array, r: Float64Array, m: number, n: number, c: number, k: number, A: Float64Array, g: Float64Array): void {
  const o0 = c * m;
  if (k === 3) {
    // Three columns: six products and three gradient terms per row (four loads).
    const o1 = o0 + m;
    const o2 = o1 + m;
    let s00 = 0;
    let s10 = 0;
    let s11 = 0;
    let s20 = 0;
    let s21 = 0;
    let s22 = 0;
    let g0 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < m; i++) {
      const x0 = J[o0 + i];
      const x1 = J[o1 + i];
      const x2 = J[o2 + i];
      const q = r[i];
      s00 += x0 * x0;
      s10 += x1 * x0;
      s11 += x1 * x1;
      s20 += x2 * x0;
      s21 += x2 * x1;
      s22 += x2 * x2;
      g0 += x0 * q;
      g1 += x1 * q;
      g2 += x2 * q;
    }
    put(A, n, c, c, s00);
    put(A, n, c + 1, c, s10);
    put(A, n, c + 1, c + 1, s11);
    put(A, n, c + 2, c, s20);
    put(A, n, c + 2, c + 1, s21);
    put(A, n, c + 2, c + 2, s22);
    g[c] = g0;
    g[c + 1] = g1;
    g[c + 2] = g2;
    return;
  }
  if (k === 4) {
    const o1 = o0 + m;
    const o2 = o1 + m;
    const o3 = o2 + m;
    let s00 = 0;
    let s10 = 0;
    let s11 = 0;
    let s20 = 0;
    let s21 = 0;
    let s22 = 0;
    let s30 = 0;
    let s31 = 0;
    let s32 = 0;
    let s33 = 0;
    let g0 = 0;
    let g1 = 0;
    let g2 = 0;
    let g3 = 0;
    for (let i = 0; i < m; i++) {
      const x0 = J[o0 + i];
      const x1 = J[o1 + i];
      const x2 = J[o2 + i];
      const x3 = J[o3 + i];
      const q = r[i];
      s00 += x0 * x0;
      s10 += x1 * x0;
      s11 += x1 * x1;
      s20 += x2 * x0;
      s21 += x2 * x1;
      s22 += x2 * x2;
      s30 += x3 * x0;
      s31 += x3 * x1;
      s32 += x3 * x2;
      s33 += x3 * x3;
      g0 += x0 * q;
      g1 += x1 * q;
      g2 += x2 * q;
      g3 += x3 * q;
    }
    put(A, n, c, c, s00);
    put(A, n, c + 1, c, s10);
    put(A, n, c + 1, c + 1, s11);
    put(A, n, c + 2, c, s20);
    put(A, n, c + 2, c + 1, s21);
    put(A, n, c + 2, c + 2, s22);
    put(A, n, c + 3, c, s30);
    put(A, n, c + 3, c + 1, s31);
    put(A, n, c + 3, c + 2, s32);
    put(A, n, c + 3, c + 3, s33);
    g[c] = g0;
    g[c + 1] = g1;
    g[c + 2] = g2;
    g[c + 3] = g3;
    return;
  }
  // k = 1 or 2.
  const o1 = k === 2 ? o0 + m : o0;
  let s00 = 0;
  let s10 = 0;
  let s11 = 0;
  let g0 = 0;
  let g1 = 0;
  for (let i = 0; i < m; i++) {
    const x0 = J[o0 + i];
    const x1 = J[o1 + i];
    const q = r[i];
    s00 += x0 * x0;
    s10 += x1 * x0;
    s11 += x1 * x1;
    g0 += x0 * q;
    g1 += x1 * q;
  }
  put(A, n, c, c, s00);
  g[c] = g0;
  if (k === 2) {
    put(A, n, c + 1, c, s10);
    put(A, n, c + 1, c + 1, s11);
    g[c + 1] = g1;
  }
}

/**
 * Columns a…a+k−1 (k ≤ 4) of J against the four columns b…b+3, in one pass.
 */
function crossBlock(J: Float64Array, m: number, n: number, a: number, k: number, b: number, A: Float64Array): void {
  if (k === 4) {
    // Four by four would need 16 accumulators and 8 loads: more than the registers. Two passes of 2×4.
    crossBlock(J, m, n, a, 2, b, A);
    crossBlock(J, m, n, a + 2, 2, b, A);
    return;
  }
  const p0 = a * m;
  const p1 = k > 1 ? p0 + m : p0;
  const p2 = k > 2 ? p0 + 2 * m : p0;
  const q0 = b * m;
  const q1 = q0 + m;
  const q2 = q1 + m;
  const q3 = q2 + m;
  let s00 = 0;
  let s01 = 0;
  let s02 = 0;
  let s03 = 0;
  let s10 = 0;
  let s11 = 0;
  let s12 = 0;
  let s13 = 0;
  let s20 = 0;
  let s21 = 0;
  let s22 = 0;
  let s23 = 0;
  for (let i = 0; i < m; i++) {
    const v0 = J[q0 + i];
    const v1 = J[q1 + i];
    const v2 = J[q2 + i];
    const v3 = J[q3 + i];
    const u0 = J[p0 + i];
    const u1 = J[p1 + i];
    const u2 = J[p2 + i];
    s00 += u0 * v0;
    s01 += u0 * v1;
    s02 += u0 * v2;
    s03 += u0 * v3;
    s10 += u1 * v0;
    s11 += u1 * v1;
    s12 += u1 * v2;
    s13 += u1 * v3;
    s20 += u2 * v0;
    s21 += u2 * v1;
    s22 += u2 * v2;
    s23 += u2 * v3;
  }
  put(A, n, a, b, s00);
  put(A, n, a, b + 1, s01);
  put(A, n, a, b + 2, s02);
  put(A, n, a, b + 3, s03);
  if (k > 1) {
    put(A, n, a + 1, b, s10);
    put(A, n, a + 1, b + 1, s11);
    put(A, n, a + 1, b + 2, s12);
    put(A, n, a + 1, b + 3, s13);
  }
  if (k > 2) {
    put(A, n, a + 2, b, s20);
    put(A, n, a + 2, b + 1, s21);
    put(A, n, a + 2, b + 2, s22);
    put(A, n, a + 2, b + 3, s23);
  }
}

/**
 * Normal matrix A = JᵀJ (row-major, both triangles) and gradient g = Jᵀr of a
 * column-major m×n Jacobian. The columns are taken in groups of four: each
 * group against itself and r in one pass (five loads feed fourteen
 * multiply–adds), and against every earlier group in passes of up to 3×4
 * (seven loads, twelve multiply–adds), against one load per multiply–add for
 * plain dot products — V8 does not vectorise, so loads dominate. Every entry
 * is still one accumulator summed over i = 0…m−1 in order, so the result is
 * bitwise that of the plain loops.
 *
 * @internal
 * @param J - column-major m×n Jacobian
 * @param r - residuals (m)
 * @param m - rows
 * @param n - columns
 * @param A - output JᵀJ (n·n, row-major)
 * @param g - output Jᵀr (n)
 * @example
 * ```ts
 * normalEquations(J, r, 142, 7, A, g); // A = JᵀJ, g = Jᵀr
 * ```
 */
export function normalEquations(J: Float64Array, r: Float64Array, m: number, n: number, A: Float64Array, g: Float64Array): void {
  for (let c = 0; c < n; c += 4) {
    const k = Math.min(4, n - c);
    diagonalBlock(J, r, m, n, c, k, A, g);
    for (let b = 0; b < c; b += 4) crossBlock(J, m, n, c, k, b, A);
  }
}

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/**
 * Same answer as {@link allFinite} without a branch per entry: v − v is 0 for finite v and NaN
 * for ±∞ and NaN, so the four partial sums stay 0 exactly unless an entry is non-finite.
 */
function allFiniteFast(a: Float64Array): boolean {
  const len = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const v0 = a[i];
    const v1 = a[i + 1];
    const v2 = a[i + 2];
    const v3 = a[i + 3];
    s0 += v0 - v0;
    s1 += v1 - v1;
    s2 += v2 - v2;
    s3 += v3 - v3;
  }
  for (; i < len; i++) {
    const v = a[i];
    s0 += v - v;
  }
  return s0 + s1 + s2 + s3 === 0;
}

/** True when the diagonal of the n×n matrix A and the vector g are finite. */
function normalFinite(A: Float64Array, g: Float64Array, n: number): boolean {
  for (let a = 0; a < n; a++) if (!Number.isFinite(A[a * n + a]) || !Number.isFinite(g[a])) return false;
  return true;
}

/**
 * Levenberg–Marquardt minimisation of Σ rᵢ(x)².
 *
 * Each iteration solves the scaled, damped normal equations
 * (D⁻¹JᵀJD⁻¹ + λI) D δ = −D⁻¹Jᵀr by Cholesky, with Marquardt's diagonal
 * scaling Dⱼ = max over iterations of ‖Jⱼ‖ (Moré 1978), so the solver is
 * invariant to parameter units, and λ > 0 keeps rank-deficient problems
 * solvable (no NaN). The damping follows Nielsen's gain-ratio rule
 * (λ ← λ·max(1/3, 1 − (2ρ − 1)³) on success, λ ← λ·ν, ν ← 2ν on failure;
 * Madsen, Nielsen & Tingleff, *Methods for non-linear least squares problems*,
 * 2004). Optional geodesic acceleration follows Transtrum & Sethna (2012,
 * arXiv:1201.5885) with the α ≤ 0.75 acceptance rule.
 *
 * Stopping (relative): gradient cosine ≤ gtol, step ≤ xtol·(|x| + 1), or
 * actual and predicted reductions ≤ ftol·cost; `converged` is true for those
 * and for `cost ≤ costFloor`. Non-finite residuals at a trial point reject the
 * step; at the start they stop the solver with reason `non-finite`.
 *
 * @param problem - residuals and Jacobian
 * @param x0 - starting point (length n; not modified)
 * @param options - see {@link LmOptions}
 * @returns the solution, cost Σr², final Jacobian and diagnostics
 * @example
 * ```ts
 * const t = [0, 1, 2, 3], y = t.map((v) => 3 * Math.exp(-0.5 * v));
 * const res = levenbergMarquardt({
 *   residualCount: 4, parameterCount: 2,
 *   evaluate(x, r, J) {
 *     for (let i = 0; i < 4; i++) {
 *       const e = Math.exp(-x[1] * t[i]);
 *       r[i] = x[0] * e - y[i];
 *       if (J) { J[i] = e; J[4 + i] = -x[0] * t[i] * e; }
 *     }
 *   },
 * }, new Float64Array([1, 1]));
 * res.x; // ≈ [3, 0.5]
 * ```
 */
export function levenbergMarquardt(problem: LeastSquaresProblem, x0: ArrayLike<number>, options: LmOptions = {}): LmResult {
  const m = problem.residualCount;
  const n = problem.parameterCount;
  const maxIterations = options.maxIterations ?? 200;
  const maxEvaluations = options.maxEvaluations ?? 20 * maxIterations + 10;
  const gtol = options.gtol ?? 1e-8;
  const xtol = options.xtol ?? 1e-10;
  const ftol = options.ftol ?? 1e-10;
  const costFloor = options.costFloor ?? 0;
  const geodesic = options.geodesic ?? false;
  let ws = options.workspace;
  // A workspace made for this call only uses the JavaScript normal equations: instantiating the
  // WebAssembly kernel costs ≈ 30 µs, more than it saves in a short fit. Reuse a workspace for speed.
  if (!ws || ws.m !== m || ws.n !== n) ws = createLmWorkspace(m, n, { simd: false });
  const { rAux, A, L, g, delta, accel, rhs, x, xTrial, scale, invScale, invDiag, trial, trialOut } = ws;
  const normalJ = ws.normal;
  // Current and trial residuals/Jacobians; swapped when a step is accepted.
  let r = ws.r;
  let rTrial = ws.rTrial;
  let J = ws.J;
  let JTrial = ws.JTrial;
  const minDecrease = options.minDampingDecrease ?? 1 / 3;

  for (let j = 0; j < n; j++) {
    x[j] = x0[j];
    scale[j] = 0;
  }
  let evaluations = 0;
  let iterations = 0;
  let lambda = options.initialDamping ?? 1e-3;
  let nu = 2;
  let reason: LmStopReason = 'max-iterations';
  let converged = false;

  if (!allFinite(x)) {
    r.fill(0);
    J.fill(0);
    return makeResult(x, r, J, Infinity, 0, 0, false, 'non-finite', lambda);
  }
  problem.evaluate(x, r, J);
  evaluations++;
  let cost = sumSquares(r);
  if (!Number.isFinite(cost)) return makeResult(x, r, J, Infinity, 0, 1, false, 'non-finite', lambda);
  // The first iteration's normal equations, computed here: with r finite, a non-finite entry of
  // column j of J makes Σᵢ Jᵢⱼ² (a diagonal entry of JᵀJ) non-finite, so a finite diagonal proves J
  // finite without scanning it. A non-finite diagonal may also be an overflow of finite entries
  // (then the first iteration stops on it, as before): only then is J scanned.
  normalJ(J, r);
  let normalFresh = true;
  // normalAtX: A holds JᵀJ of the current J.
  let normalAtX = true;
  if (!normalFinite(A, g, n) && !allFinite(J)) return makeResult(x, r, J, cost, 0, 1, false, 'non-finite', lambda);
  // jChecked: the current J is known to be finite (finite normal-equation diagonal, or scanned).
  let jChecked = true;
  if (cost <= costFloor) return makeResult(x, r, J, cost, 0, 1, true, 'zero-residual', lambda);
  if (n === 0) return makeResult(x, r, J, cost, 0, 1, true, 'gradient', lambda);

  let jacobianFresh = true;
  // Main loop: one Jacobian per iteration, then as many trial steps as needed.
  outer: while (true) {
    if (!jacobianFresh) {
      problem.evaluate(x, r, J);
      evaluations++;
      cost = sumSquares(r);
      if (!Number.isFinite(cost)) {
        reason = 'non-finite';
        break;
      }
      jacobianFresh = true;
    }
    if (iterations >= maxIterations) {
      reason = 'max-iterations';
      break;
    }
    iterations++;
    // Normal matrix A = JᵀJ (row-major, symmetric) and gradient g = Jᵀr (already there for the start point).
    const rnorm = Math.sqrt(cost);
    let gradientSmall = true;
    if (!normalFresh) normalJ(J, r);
    normalFresh = false;
    normalAtX = true;
    for (let a = 0; a < n; a++) {
      const s = g[a];
      const cn = Math.sqrt(A[a * n + a]);
      if (cn > scale[a]) scale[a] = cn;
      invScale[a] = 1 / (scale[a] > 0 ? scale[a] : 1);
      if (cn > 0 && Math.abs(s) > gtol * cn * rnorm) gradientSmall = false;
    }
    if (!normalFinite(A, g, n)) {
      reason = 'non-finite';
      break;
    }
    jChecked = true;
    if (gradientSmall) {
      reason = 'gradient';
      converged = true;
      break;
    }
    // Trial loop.
    while (true) {
      if (evaluations >= maxEvaluations) {
        reason = 'max-evaluations';
        break outer;
      }
      // Scaled system: (D⁻¹AD⁻¹ + λI) y = −D⁻¹g, δ = D⁻¹y, raising λ until it factors; and the
      // predicted reduction (solveTrialStep, or the same in WebAssembly).
      const used = trial(lambda);
      if (Number.isNaN(used)) {
        lambda = trialOut[1];
        reason = 'non-finite';
        break outer;
      }
      lambda = used;
      const predicted = trialOut[0];

      // Optional geodesic acceleration: second directional derivative by finite differences.
      let useAccel = false;
      if (geodesic) {
        const h = 0.1;
        for (let a = 0; a < n; a++) xTrial[a] = x[a] + h * delta[a];
        problem.evaluate(xTrial, rAux, null);
        evaluations++;
        if (allFinite(rAux)) {
          // rAux ← (2/h)·((r(x+hδ) − r)/h − Jδ)
          for (let i = 0; i < m; i++) {
            let jd = 0;
            for (let a = 0; a < n; a++) jd += J[a * m + i] * delta[a];
            rAux[i] = (2 / h) * ((rAux[i] - r[i]) / h - jd);
          }
          for (let a = 0; a < n; a++) {
            let s = 0;
            const ca = a * m;
            for (let i = 0; i < m; i++) s += J[ca + i] * rAux[i];
            rhs[a] = -s * invScale[a];
          }
          cholSolve(L, n, rhs, invDiag);
          let an = 0;
          let dn = 0;
          for (let a = 0; a < n; a++) {
            const d = scale[a] > 0 ? scale[a] : 1;
            accel[a] = (0.5 * rhs[a]) / d;
            an += (accel[a] * d) ** 2;
            dn += (delta[a] * d) ** 2;
          }
          useAccel = Math.sqrt(an) <= 0.75 * Math.sqrt(dn);
        }
      }

      let stepSmall = true;
      for (let a = 0; a < n; a++) {
        const step = useAccel ? delta[a] + accel[a] : delta[a];
        xTrial[a] = x[a] + step;
        if (Math.abs(step) > xtol * (Math.abs(x[a]) + 1)) stepSmall = false;
      }
      // The Jacobian is computed at every trial point: most steps are accepted, and the
      // model evaluates Z and ∂Z together, so this saves a second evaluation per iteration.
      problem.evaluate(xTrial, rTrial, JTrial);
      evaluations++;
      const costTrial = sumSquares(rTrial);
      const actual = cost - costTrial;
      if (Number.isFinite(costTrial) && actual > 0) {
        const rho = predicted > 0 ? actual / predicted : 1;
        for (let a = 0; a < n; a++) x[a] = xTrial[a];
        const tmp = cost;
        cost = costTrial;
        let swap = r;
        r = rTrial;
        rTrial = swap;
        swap = J;
        J = JTrial;
        JTrial = swap;
        jacobianFresh = true;
        jChecked = false;
        normalAtX = false;
        const t = 2 * rho - 1;
        lambda *= Math.max(minDecrease, 1 - t * t * t);
        if (lambda < 1e-15) lambda = 1e-15;
        nu = 2;
        if (cost <= costFloor) {
          reason = 'zero-residual';
          converged = true;
          break outer;
        }
        if (actual <= ftol * tmp && Math.abs(predicted) <= ftol * tmp) {
          reason = 'cost';
          converged = true;
          break outer;
        }
        if (stepSmall) {
          reason = 'step';
          converged = true;
          break outer;
        }
        continue outer;
      }
      // Rejected. MINPACK's test: no meaningful reduction is predicted or achieved.
      if (Number.isFinite(costTrial) && Math.abs(actual) <= ftol * cost && predicted >= 0 && predicted <= ftol * cost) {
        reason = 'cost';
        converged = true;
        break outer;
      }
      if (stepSmall && Number.isFinite(costTrial)) {
        // The step is below tolerance and cannot improve: we are at the minimum to working precision.
        reason = 'step';
        converged = true;
        break outer;
      }
      lambda *= nu;
      nu *= 2;
      if (!Number.isFinite(lambda) || lambda > 1e16) {
        reason = 'stalled';
        break outer;
      }
    }
  }
  if (!jacobianFresh) {
    problem.evaluate(x, r, J);
    evaluations++;
    cost = sumSquares(r);
    jChecked = false;
    normalAtX = false;
  }
  let normal: Float64Array | null = normalAtX && reason !== 'non-finite' ? A : null;
  if (Number.isFinite(cost) && !jChecked && reason !== 'non-finite') {
    // The final J is new: form its normal equations (the caller's covariance needs JᵀJ anyway).
    // With r finite, a finite diagonal proves J finite without scanning it (as at the start).
    normalJ(J, r);
    if (normalFinite(A, g, n)) {
      normal = A;
      jChecked = true;
    } else {
      normal = null;
      jChecked = allFiniteFast(J);
    }
  }
  // A J whose normal equations were finite is finite; one that stopped on them already says non-finite.
  if (!Number.isFinite(cost) || (!jChecked && reason !== 'non-finite')) {
    converged = false;
    reason = 'non-finite';
    normal = null;
  }
  return makeResult(x, r, J, Number.isFinite(cost) ? cost : Infinity, iterations, evaluations, converged, reason, lambda, normal);
}

function makeResult(
  x: Float64Array,
  r: Float64Array,
  J: Float64Array,
  cost: number,
  iterations: number,
  evaluations: number,
  converged: boolean,
  reason: LmStopReason,
  damping: number,
  normal: Float64Array | null = null,
): LmResult {
  return { x: x.slice(), cost, residuals: r, jacobian: J, iterations, evaluations, converged, reason, damping, normal };
}
