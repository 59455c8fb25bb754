/**
 * Profile-likelihood confidence intervals.
 *
 * @module
 */
import { studentT975 } from './covariance.js';
import { levenbergMarquardt } from './lm.js';
import { CircuitProblem, type FitSetup } from './problem.js';
import { createTransforms, transformKind } from './transforms.js';

/** Options of {@link profileInterval}. */
export interface ProfileOptions {
  /** Iteration limit of each constrained refit (default 100). */
  maxIterations?: number;
  /** Bisection steps per side (default 12, i.e. ~1/4000 of the bracket). */
  bisections?: number;
  /** Largest excursion from the estimate as a factor (log scale) or multiple of |value| + stderr (linear); default 1e4. */
  maxFactor?: number;
}

/**
 * Profile-likelihood 95% interval of one free parameter: the set of values v
 * for which the cost re-minimised over all other parameters, χ²(v), stays
 * below the threshold
 * - χ̂²·(1 + t²₀.₉₇₅,ν/ν) for relative weights (likelihood ratio with the noise
 *   level estimated, ν = m − k; equivalent to an F(1, ν) test), or
 * - χ̂² + t²₀.₉₇₅,∞ = χ̂² + 3.84 for absolute σ
 * (Bates & Watts, *Nonlinear Regression Analysis*, 1988, §6.1; Venzon & Moolgavkar 1988).
 * Unlike the Wald interval it is asymmetric and follows the curvature of the
 * model, which matters for log-scale quantities. The search runs in the
 * parameter's fitting scale (log for log-scale parameters): an outward
 * bracketing from the estimate, then bisection. A side that does not cross the
 * threshold before the bound or `maxFactor` reports the bound (0, ±Infinity or the user bound).
 *
 * @param setup - from `prepareFit`
 * @param values - the best-fit natural values (model order)
 * @param freeIndex - index into `setup.free` of the profiled parameter
 * @param bestCost - χ̂² at `values`
 * @param stderr - Wald standard error (sets the first step), or null
 * @param options - see {@link ProfileOptions}
 * @returns [lower, upper] in natural units
 * @example
 * ```ts
 * const setup = prepareFit(circuit, spectrum);
 * // after a fit: profileInterval(setup, Float64Array.from(fit.valueArray), 1, fit.statistics.chiSquare, fit.parameters[1].stderr);
 * ```
 */
export function profileInterval(
  setup: FitSetup,
  values: Float64Array,
  freeIndex: number,
  bestCost: number,
  stderr: number | null,
  options: ProfileOptions = {},
): [number, number] {
  const { model, free, transforms } = setup;
  const target = free[freeIndex];
  const p = model.parameters[target];
  const m = 2 * setup.spectrum.frequency.length;
  const k = free.length;
  const nu = Math.max(m - k, 1);
  const t = studentT975(setup.weights.absolute ? 1e9 : nu);
  const threshold = setup.weights.absolute ? bestCost + t * t : bestCost * (1 + (t * t) / nu);
  const others = Array.from(free).filter((_, j) => j !== freeIndex);
  const otherT = createTransforms(
    Array.from(free).map((_, j) => transformKind(transforms, j)).filter((_, j) => j !== freeIndex),
    Array.from(transforms.lower).filter((_, j) => j !== freeIndex),
    Array.from(transforms.upper).filter((_, j) => j !== freeIndex),
  );
  const lo = setup.lower[target];
  const hi = setup.upper[target];
  const logScale = p.scale === 'log' && lo >= 0 && values[target] > 0;
  const maxFactor = options.maxFactor ?? 1e4;
  const bis = options.bisections ?? 12;
  const est = values[target];
  let warm = Float64Array.from(values);
  const costAt = (v: number): number => {
    const vals = Float64Array.from(warm);
    vals[target] = v;
    const problem = new CircuitProblem(model, setup.spectrum.frequency, setup.spectrum.re, setup.spectrum.im, setup.weights, vals, Int32Array.from(others), otherT);
    const res = levenbergMarquardt(problem, problem.toTransformed(vals), { maxIterations: options.maxIterations ?? 100 });
    if (!Number.isFinite(res.cost)) return Infinity;
    problem.setTransformed(res.x);
    warm = Float64Array.from(problem.values);
    return res.cost;
  };
  // Natural value at scale coordinate u (log or linear).
  const toV = (u: number) => (logScale ? Math.exp(u) : u);
  const u0 = logScale ? Math.log(est) : est;
  const s0 = stderr !== null && stderr > 0 ? (logScale ? stderr / est : stderr) : logScale ? 0.1 : 0.1 * Math.max(Math.abs(est), 1e-12);
  const limitU = logScale ? Math.log(maxFactor) : maxFactor * (Math.abs(est) + (stderr ?? 0));
  const side = (dir: 1 | -1): number => {
    warm = Float64Array.from(values);
    const boundU = dir > 0 ? (logScale ? (Number.isFinite(hi) ? Math.log(hi) : Infinity) : hi) : logScale ? (lo > 0 ? Math.log(lo) : -Infinity) : lo;
    const edgeU = dir > 0 ? Math.min(boundU, u0 + limitU) : Math.max(boundU, u0 - limitU);
    // Reported when the threshold is never crossed: the bound, or 0/±∞ when the search limit was hit.
    const open = edgeU === boundU ? (dir > 0 ? hi : logScale ? Math.max(lo, 0) : lo) : dir > 0 ? Infinity : logScale ? 0 : -Infinity;
    let inner = u0;
    let outer = Number.NaN;
    let step = Math.max(s0, 1e-12);
    for (let i = 0; i < 60; i++) {
      let u = u0 + dir * step;
      const beyond = dir > 0 ? u >= edgeU : u <= edgeU;
      if (beyond) u = edgeU - dir * 1e-9 * Math.max(1, Math.abs(edgeU));
      if (dir > 0 ? u <= inner : u >= inner) return open;
      const c = costAt(toV(u));
      if (c > threshold) {
        outer = u;
        break;
      }
      if (beyond) return open;
      inner = u;
      step *= 2;
    }
    if (!Number.isFinite(outer)) return open;
    for (let b = 0; b < bis; b++) {
      const mid = 0.5 * (inner + outer);
      if (costAt(toV(mid)) > threshold) outer = mid;
      else inner = mid;
    }
    return toV(0.5 * (inner + outer));
  };
  const lower = side(-1);
  const upper = side(1);
  return [lower, upper];
}
