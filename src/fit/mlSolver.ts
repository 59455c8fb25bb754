/**
 * Cross-check solver: ml-levenberg-marquardt (the product card's LM), wrapped
 * so that its known traps cannot bite. This is the only module that imports it.
 *
 * @module
 */
import { levenbergMarquardt as mlLevenbergMarquardt } from 'ml-levenberg-marquardt';
import type { LeastSquaresProblem, LmResult } from './lm.js';

/** Options of {@link solveWithMl}. */
export interface MlSolverOptions {
  /** Iteration limit (default 300). */
  maxIterations?: number;
  /** Gradient-cosine tolerance used to judge convergence afterwards (default 1e-6). */
  gtol?: number;
}

/**
 * Minimises Σ rᵢ(x)² with ml-levenberg-marquardt 5.1 and reports the result in
 * the same shape as {@link levenbergMarquardt}.
 *
 * Traps avoided: the problem is posed in the solver's own free, transformed
 * variables (fixed parameters are removed, so `gradientDifference: 0` is never
 * used; log transforms make every step relative, so values like 1e-9 F are
 * safe), the analytic Jacobian is passed (`jacobianFunction`), its `weights`
 * option is not used (weights are already inside the residuals: data y = 0,
 * model = r), and since it has no relative stopping rule, convergence is judged
 * afterwards from the gradient cosine max |Jⱼᵀr|/(‖Jⱼ‖‖r‖) ≤ gtol.
 *
 * @param problem - residuals and Jacobian
 * @param x0 - starting point
 * @param options - see {@link MlSolverOptions}
 * @returns result with `converged` from the gradient test and reason `gradient` or `max-iterations`
 * @example
 * ```ts
 * const res = solveWithMl(problem, new Float64Array([1, 1]));
 * ```
 */
export function solveWithMl(problem: LeastSquaresProblem, x0: ArrayLike<number>, options: MlSolverOptions = {}): LmResult {
  const m = problem.residualCount;
  const n = problem.parameterCount;
  const r = new Float64Array(m);
  const J = new Float64Array(m * n);
  const key = new Float64Array(n).fill(NaN);
  let evaluations = 0;
  const bestX = Float64Array.from(x0);
  let bestCost = Infinity;
  const update = (params: ArrayLike<number>, withJ: boolean) => {
    let same = true;
    for (let j = 0; j < n; j++) if (key[j] !== params[j]) same = false;
    if (same && !withJ) return;
    for (let j = 0; j < n; j++) key[j] = params[j];
    problem.evaluate(key, r, withJ ? J : null);
    evaluations++;
    let c = 0;
    for (let i = 0; i < m; i++) c += r[i] * r[i];
    if (c < bestCost) {
      bestCost = c;
      bestX.set(key);
    }
  };
  const xs = Array.from({ length: m }, (_, i) => i);
  const ys = new Array<number>(m).fill(0);
  let out: { parameterValues: number[]; iterations: number };
  let failed = false;
  try {
    out = mlLevenbergMarquardt(
    { x: xs, y: ys },
    (params) => {
      update(params, false);
      const snapshot = Float64Array.from(r);
      return (i) => {
        const v = snapshot[i];
        return Number.isFinite(v) ? v : 1e150;
      };
    },
    {
      initialValues: Array.from(x0),
      maxIterations: options.maxIterations ?? 300,
      errorTolerance: 0,
      damping: 1e-2,
      jacobianFunction: (params) => {
        update(params, true);
        const snapshot = Float64Array.from(J);
        return (i) => {
          const row = new Array<number>(n);
          for (let j = 0; j < n; j++) row[j] = snapshot[j * m + i];
          return row;
        };
      },
    },
  );
  } catch {
    // ml-matrix throws ("Matrix is not symmetric") when the normal matrix overflows: keep the best point seen.
    failed = true;
    out = { parameterValues: Array.from(bestX), iterations: 0 };
  }
  const x = Float64Array.from(out.parameterValues);
  problem.evaluate(x, r, J);
  evaluations++;
  let cost = 0;
  for (let i = 0; i < m; i++) cost += r[i] * r[i];
  const gtol = options.gtol ?? 1e-6;
  let small = Number.isFinite(cost);
  const rn = Math.sqrt(cost);
  for (let j = 0; j < n && small; j++) {
    let g = 0;
    let c = 0;
    for (let i = 0; i < m; i++) {
      g += J[j * m + i] * r[i];
      c += J[j * m + i] * J[j * m + i];
    }
    if (Math.sqrt(c) > 0 && Math.abs(g) > gtol * Math.sqrt(c) * rn) small = false;
  }
  const finite = Number.isFinite(cost) && x.every(Number.isFinite);
  return {
    x,
    cost: finite ? cost : Infinity,
    residuals: r,
    jacobian: J,
    iterations: out.iterations,
    evaluations,
    converged: finite && small && !failed,
    reason: !finite || failed ? 'non-finite' : small ? 'gradient' : 'max-iterations',
    damping: 0,
    normal: null,
  };
}
