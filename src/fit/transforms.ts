/**
 * Parameter transforms: the solver works on unbounded x, the model on the
 * natural parameter p = T(x). Bounds are honoured by construction (no clipping).
 *
 * @module
 */

/**
 * Kind of transform p = T(x):
 * - `identity`: p = x (unbounded linear parameter);
 * - `log`: p = eˣ (positive magnitude, bounds [0, ∞));
 * - `log-lower`: p = lo + eˣ (log-scale, lower bound lo > 0, no upper bound);
 * - `log-upper`: p = hi·σ(x) (log-scale, lower bound 0, upper bound hi);
 * - `log-bounded`: p = exp(ln lo + (ln hi − ln lo)·σ(x)) (log-scale, 0 < lo < hi < ∞);
 * - `logit`: p = lo + (hi − lo)·σ(x) (linear scale, both bounds finite);
 * - `lower`: p = lo − 1 + √(x² + 1) (linear, lower bound only; MINUIT's transform);
 * - `upper`: p = hi + 1 − √(x² + 1) (linear, upper bound only).
 *
 * σ(x) = 1/(1 + e⁻ˣ) is the logistic function. Reference: F. James & M. Roos,
 * "MINUIT", Comput. Phys. Commun. 10 (1975) 343 (bounded-parameter transforms).
 */
export type TransformKind = 'identity' | 'log' | 'log-lower' | 'log-upper' | 'log-bounded' | 'logit' | 'lower' | 'upper';

const KINDS: readonly TransformKind[] = ['identity', 'log', 'log-lower', 'log-upper', 'log-bounded', 'logit', 'lower', 'upper'];

/**
 * Transforms of a vector of free parameters, stored as flat typed arrays so
 * that applying them allocates nothing.
 */
export interface ParameterTransforms {
  /** Number of parameters. */
  readonly n: number;
  /** Transform kind per parameter (index into the internal kind list). */
  readonly kind: Uint8Array;
  /** Lower bound per parameter. */
  readonly lower: Float64Array;
  /** Upper bound per parameter. */
  readonly upper: Float64Array;
}

/**
 * Chooses the transform of a parameter from its scale and bounds.
 *
 * @param scale - `log` for positive magnitudes, `linear` otherwise
 * @param lower - lower bound (may be −∞ or 0)
 * @param upper - upper bound (may be +∞)
 * @returns the transform kind
 * @example
 * ```ts
 * chooseTransform('log', 0, Infinity); // 'log'
 * chooseTransform('linear', 0, 1);     // 'logit'
 * ```
 */
export function chooseTransform(scale: 'log' | 'linear', lower: number, upper: number): TransformKind {
  const hasLo = Number.isFinite(lower);
  const hasHi = Number.isFinite(upper);
  if (scale === 'log' && lower >= 0) {
    if (lower > 0 && hasHi) return 'log-bounded';
    if (lower > 0) return 'log-lower';
    if (hasHi) return 'log-upper';
    return 'log';
  }
  if (hasLo && hasHi) return 'logit';
  if (hasLo) return 'lower';
  if (hasHi) return 'upper';
  return 'identity';
}

/**
 * Builds the transforms of n parameters.
 *
 * @param kinds - transform per parameter
 * @param lower - lower bounds
 * @param upper - upper bounds
 * @returns the packed transforms
 * @example
 * ```ts
 * const t = createTransforms(['log', 'logit'], [0, 0], [Infinity, 1]);
 * ```
 */
export function createTransforms(kinds: readonly TransformKind[], lower: ArrayLike<number>, upper: ArrayLike<number>): ParameterTransforms {
  const n = kinds.length;
  const kind = new Uint8Array(n);
  for (let j = 0; j < n; j++) kind[j] = KINDS.indexOf(kinds[j]);
  return { n, kind, lower: Float64Array.from(lower), upper: Float64Array.from(upper) };
}

/**
 * {@link createTransforms} of the parameters `free` of a model, each with
 * {@link chooseTransform}(scale, lower, upper), without the intermediate arrays.
 *
 * @internal
 * @param scales - per model parameter, its scale
 * @param free - model indices of the free parameters
 * @param lower - lower bounds per model parameter
 * @param upper - upper bounds per model parameter
 * @returns the packed transforms of the free parameters
 * @example
 * ```ts
 * freeTransforms([{ scale: 'log' }, { scale: 'linear' }], Int32Array.of(1), [0, 0], [Infinity, 1]); // one 'logit'
 * ```
 */
export function freeTransforms(
  scales: readonly { readonly scale: 'log' | 'linear' }[],
  free: Int32Array,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): ParameterTransforms {
  const n = free.length;
  const kind = new Uint8Array(n);
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const i = free[j];
    kind[j] = KINDS.indexOf(chooseTransform(scales[i].scale, lower[i], upper[i]));
    lo[j] = lower[i];
    hi[j] = upper[i];
  }
  return { n, kind, lower: lo, upper: hi };
}

/**
 * The kind of transform j as a string.
 *
 * @param t - transforms
 * @param j - parameter index
 * @returns the kind
 * @example
 * ```ts
 * transformKind(createTransforms(['log'], [0], [Infinity]), 0); // 'log'
 * ```
 */
export function transformKind(t: ParameterTransforms, j: number): TransformKind {
  return KINDS[t.kind[j]];
}

function logit(u: number): number {
  const v = Math.min(Math.max(u, 1e-12), 1 - 1e-12);
  return Math.log(v / (1 - v));
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Natural value p = T(x) of one parameter and, optionally, dp/dx.
 *
 * @param t - transforms
 * @param j - parameter index
 * @param x - transformed value
 * @returns p
 * @example
 * ```ts
 * toNatural(createTransforms(['log'], [0], [Infinity]), 0, Math.log(5)); // 5
 * ```
 */
export function toNatural(t: ParameterTransforms, j: number, x: number): number {
  const lo = t.lower[j];
  const hi = t.upper[j];
  switch (t.kind[j]) {
    case 0:
      return x;
    case 1:
      return Math.exp(x);
    case 2:
      return lo + Math.exp(x);
    case 3:
      return hi * sigmoid(x);
    case 4: {
      const a = Math.log(lo);
      return Math.min(hi, Math.max(lo, Math.exp(a + (Math.log(hi) - a) * sigmoid(x))));
    }
    case 5:
      return Math.min(hi, lo + (hi - lo) * sigmoid(x));
    case 6:
      return lo - 1 + Math.sqrt(x * x + 1);
    default:
      return hi + 1 - Math.sqrt(x * x + 1);
  }
}

/**
 * Derivative dp/dx of the transform of one parameter at x.
 *
 * @param t - transforms
 * @param j - parameter index
 * @param x - transformed value
 * @returns dp/dx
 * @example
 * ```ts
 * transformDerivative(createTransforms(['log'], [0], [Infinity]), 0, Math.log(5)); // 5
 * ```
 */
export function transformDerivative(t: ParameterTransforms, j: number, x: number): number {
  const lo = t.lower[j];
  const hi = t.upper[j];
  switch (t.kind[j]) {
    case 0:
      return 1;
    case 1:
      return Math.exp(x);
    case 2:
      return Math.exp(x);
    case 3: {
      const s = sigmoid(x);
      return hi * s * (1 - s);
    }
    case 4: {
      const a = Math.log(lo);
      const b = Math.log(hi);
      const s = sigmoid(x);
      return Math.exp(a + (b - a) * s) * (b - a) * s * (1 - s);
    }
    case 5: {
      const s = sigmoid(x);
      return (hi - lo) * s * (1 - s);
    }
    case 6:
      return x / Math.sqrt(x * x + 1);
    default:
      return -x / Math.sqrt(x * x + 1);
  }
}

/**
 * {@link toNatural} and {@link transformDerivative} of one parameter together:
 * returns p = T(x) and writes dp/dx to `dOut[at]`. The exponential or logistic
 * shared by both is computed once; every value is bitwise that of the two
 * separate calls (same operations on the same operands).
 *
 * @internal
 * @param t - transforms
 * @param j - parameter index
 * @param x - transformed value
 * @param dOut - receives dp/dx
 * @param at - index in `dOut`
 * @returns p
 * @example
 * ```ts
 * const d = new Float64Array(1);
 * naturalAndDerivative(createTransforms(['log'], [0], [Infinity]), 0, Math.log(5), d, 0); // 5, d[0] = 5
 * ```
 */
export function naturalAndDerivative(t: ParameterTransforms, j: number, x: number, dOut: Float64Array, at: number): number {
  switch (t.kind[j]) {
    case 1: {
      const e = Math.exp(x);
      dOut[at] = e;
      return e;
    }
    case 5: {
      const lo = t.lower[j];
      const hi = t.upper[j];
      const s = sigmoid(x);
      dOut[at] = (hi - lo) * s * (1 - s);
      return Math.min(hi, lo + (hi - lo) * s);
    }
    default:
      dOut[at] = transformDerivative(t, j, x);
      return toNatural(t, j, x);
  }
}

/**
 * Inverse transform x = T⁻¹(p). Values on or beyond a bound are first moved
 * inside by a relative margin of 1e-9 of the bound range (or of |p|) so x stays finite.
 *
 * @param t - transforms
 * @param j - parameter index
 * @param p - natural value
 * @returns x
 * @example
 * ```ts
 * fromNatural(createTransforms(['logit'], [0], [1]), 0, 0.5); // 0
 * ```
 */
export function fromNatural(t: ParameterTransforms, j: number, p: number): number {
  const lo = t.lower[j];
  const hi = t.upper[j];
  switch (t.kind[j]) {
    case 0:
      return p;
    case 1:
      return Math.log(Math.max(p, Number.MIN_VALUE * 1e10));
    case 2:
      return Math.log(Math.max(p - lo, lo * 1e-9));
    case 3:
      return logit(p / hi);
    case 4: {
      const a = Math.log(lo);
      const b = Math.log(hi);
      return logit((Math.log(Math.min(Math.max(p, lo), hi)) - a) / (b - a));
    }
    case 5:
      return logit((p - lo) / (hi - lo));
    case 6: {
      const d = Math.max(p - lo, 1e-9 * Math.max(1, Math.abs(lo))) + 1;
      return Math.sqrt(d * d - 1);
    }
    default: {
      const d = Math.max(hi - p, 1e-9 * Math.max(1, Math.abs(hi))) + 1;
      return Math.sqrt(d * d - 1);
    }
  }
}

/**
 * Whether natural value p lies within a relative distance `tol` of one of its
 * finite bounds (relative to the bound range for doubly bounded linear
 * parameters, to the bound's magnitude otherwise; in log space for log-scale ones).
 *
 * @param t - transforms
 * @param j - parameter index
 * @param p - natural value
 * @param tol - relative tolerance (default 1e-6)
 * @returns true when at a bound
 * @example
 * ```ts
 * isAtBound(createTransforms(['logit'], [0], [1]), 0, 0.9999999999); // true
 * ```
 */
export function isAtBound(t: ParameterTransforms, j: number, p: number, tol = 1e-6): boolean {
  const lo = t.lower[j];
  const hi = t.upper[j];
  const k = KINDS[t.kind[j]];
  if (k === 'identity') return false;
  // A log parameter driven to the edge of the floating-point range sits on its bound 0 (or ∞).
  if (k === 'log') return !(p > 1e-250 && p < 1e250);
  if (k === 'logit') return p - lo <= tol * (hi - lo) || hi - p <= tol * (hi - lo);
  if (k === 'log-bounded') {
    const a = Math.log(lo);
    const b = Math.log(hi);
    const lp = Math.log(p);
    return lp - a <= tol * (b - a) || b - lp <= tol * (b - a);
  }
  if (k === 'log-lower' || k === 'lower') return p - lo <= tol * Math.max(Math.abs(lo), 1e-300);
  return hi - p <= tol * Math.max(Math.abs(hi), 1e-300);
}
