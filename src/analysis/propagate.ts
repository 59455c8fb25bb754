/**
 * Delta-method propagation of fit uncertainties into derived quantities.
 *
 * @module
 */
import { ParameterError } from '../errors.js';
import type { FitResult } from '../fit/types.js';
import { studentTQuantile } from './statistics.js';

/** A quantity derived from fitted parameters, with its propagated uncertainty. */
export interface DerivedQuantity {
  /** Best estimate (from the fitted values). */
  value: number;
  /** Unit, e.g. `S/cm`, `Ω·cm²`, `F`, `1`. */
  unit: string;
  /** Standard error by the delta method, √(gᵀ·Cov·g); null when a parameter it depends on has no covariance. */
  stderr: number | null;
  /** stderr/|value|, or null. */
  relativeStderr: number | null;
  /**
   * 95% interval: for positive quantities value·exp(±t·stderr/value) (Wald in
   * log scale, always positive), else value ± t·stderr; t is Student's with the
   * fit's degrees of freedom. Null when stderr is null.
   */
  ci95: [number, number] | null;
  /** Parameter keys the quantity depends on. */
  parameters: string[];
  /** The formula used, e.g. `σ = L/(R_b·A)`. */
  formula: string;
}

/** Reads a fitted value by key inside a derived-quantity function. */
export type ValueGetter = (key: string) => number;

/**
 * Evaluates f(θ̂) and its delta-method standard error √(gᵀΣg), g = ∂f/∂θ by
 * central differences (relative step 1e-6) over the free parameters among
 * `keys`, Σ the fit covariance (Ver Hoef, Am. Stat. 66 (2012) 124). Fixed
 * parameters contribute no variance.
 *
 * @param fit - the fit result (values, covariance, free keys, dof)
 * @param keys - parameter keys f depends on
 * @param f - the quantity as a function of the parameter values
 * @param unit - unit of the result
 * @param formula - formula text for the report
 * @param positive - the quantity is positive (log-scale interval); default true
 * @returns the derived quantity
 * @throws ParameterError `UNKNOWN_PARAMETER` when `f` reads a key the fit does not have
 * @example
 * ```ts
 * const sigma = propagate(fit, ['R_b'], (v) => 0.1 / v('R_b'), 'S/cm', 'σ = L/(R_b·A)');
 * ```
 */
export function propagate(
  fit: FitResult,
  keys: readonly string[],
  f: (get: ValueGetter) => number,
  unit: string,
  formula: string,
  positive = true,
): DerivedQuantity {
  const values: Record<string, number> = { ...fit.values };
  const get: ValueGetter = (k) => {
    const v = values[k];
    if (v === undefined) throw new ParameterError('UNKNOWN_PARAMETER', `derived quantity needs parameter "${k}", which the fit does not have (${Object.keys(values).join(', ')})`, k);
    return v;
  };
  const value = f(get);
  const idx: number[] = [];
  const grad: number[] = [];
  let missing = false;
  for (const k of keys) {
    const j = fit.freeKeys.indexOf(k);
    if (j < 0) continue;
    const v0 = values[k];
    const h = Math.abs(v0) > 0 ? 1e-6 * Math.abs(v0) : 1e-9;
    values[k] = v0 + h;
    const up = f(get);
    values[k] = v0 - h;
    const down = f(get);
    values[k] = v0;
    idx.push(j);
    grad.push((up - down) / (2 * h));
  }
  let variance = 0;
  for (let a = 0; a < idx.length && !missing; a++) {
    for (let b = 0; b < idx.length; b++) {
      const c = fit.covariance[idx[a]]?.[idx[b]];
      if (c === null || c === undefined || !Number.isFinite(c)) {
        if (grad[a] !== 0 && grad[b] !== 0) {
          missing = true;
          break;
        }
        continue;
      }
      variance += grad[a] * grad[b] * c;
    }
  }
  const ok = !missing && Number.isFinite(value) && Number.isFinite(variance) && variance >= 0;
  const stderr = ok ? Math.sqrt(variance) : null;
  let ci95: [number, number] | null = null;
  if (stderr !== null) {
    const t = studentTQuantile(0.975, Math.max(1, fit.statistics.dof));
    ci95 = positive && value > 0 ? [value * Math.exp((-t * stderr) / value), value * Math.exp((t * stderr) / value)] : [value - t * stderr, value + t * stderr];
  }
  return {
    value,
    unit,
    stderr,
    relativeStderr: stderr !== null && value !== 0 ? stderr / Math.abs(value) : null,
    ci95,
    parameters: [...keys],
    formula,
  };
}

/**
 * Fold change before/after of two independent positive estimates (e.g. an ASR
 * before and after an interlayer), ratio = a/b, with relative variance
 * (δa/a)² + (δb/b)² (delta method on ln a − ln b) and a 95% interval
 * ratio·exp(±1.96·δ). Null uncertainty in either gives a null interval.
 *
 * @param before - the numerator estimate
 * @param after - the denominator estimate
 * @returns the ratio as a derived quantity (unit `1`)
 * @example
 * ```ts
 * foldChange(pristine.interfaces[0].asr, coated.interfaces[0].asr).value; // ≈ 1710
 * ```
 */
export function foldChange(before: DerivedQuantity, after: DerivedQuantity): DerivedQuantity {
  const value = before.value / after.value;
  const ra = before.relativeStderr;
  const rb = after.relativeStderr;
  const rel = ra !== null && rb !== null ? Math.sqrt(ra * ra + rb * rb) : null;
  const z = 1.959963984540054;
  return {
    value,
    unit: '1',
    stderr: rel !== null ? rel * Math.abs(value) : null,
    relativeStderr: rel,
    ci95: rel !== null ? [value * Math.exp(-z * rel), value * Math.exp(z * rel)] : null,
    parameters: [...before.parameters, ...after.parameters],
    formula: `(${before.formula}) / (${after.formula})`,
  };
}
