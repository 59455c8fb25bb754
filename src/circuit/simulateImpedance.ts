import type { Spectrum } from '../data/spectrum.js';
import { DataFormatError, ParameterError } from '../errors.js';
import { randomNormal, type RandomSource } from '../random.js';
import { compileCircuit } from './compileCircuit.js';
import type { CircuitModel } from './types.js';

/**
 * Gaussian noise added by {@link simulateImpedance}.
 *
 * @example
 * ```ts
 * const onePercent: NoiseOptions = { type: 'proportional', sigma: 0.01 };
 * const halfOhm: NoiseOptions = { type: 'absolute', sigma: 0.5 };
 * ```
 */
export interface NoiseOptions {
  /**
   * `proportional`: each of Re and Im gets an independent N(0, (σ·|Z|)²) deviate,
   * so σ is the relative noise level (σ = 0.01 is 1 % of |Z|).
   * `absolute`: each part gets an independent N(0, σ²) deviate, σ in Ω.
   */
  type: 'proportional' | 'absolute';
  /** Standard deviation: relative (proportional) or in Ω (absolute); finite and ≥ 0. */
  sigma: number;
}

/**
 * Options of {@link simulateImpedance}.
 *
 * @example
 * ```ts
 * const options: SimulateOptions = { noise: { type: 'proportional', sigma: 0.01 }, random: createRandom(42) };
 * ```
 */
export interface SimulateOptions {
  /** Noise to add (default none). */
  noise?: NoiseOptions;
  /**
   * Seeded uniform generator, e.g. `createRandom(42)`. Required when
   * `noise.sigma > 0`: eiskit never falls back to `Math.random`.
   */
  random?: RandomSource;
}

/**
 * Parameter values in model order, or keyed by impedance.py key (`R0`,
 * `CPE1_0`) or alias (`CPE1.Q`).
 *
 * @example
 * ```ts
 * const asArray: ParameterValues = [10, 200, 1e-6, 0.9];
 * const asRecord: ParameterValues = { R0: 10, R1: 200, 'CPE1.Q': 1e-6, CPE1_1: 0.9 };
 * ```
 */
export type ParameterValues = ArrayLike<number> | Readonly<Record<string, number>>;

function resolveValues(model: CircuitModel, values: ParameterValues): Float64Array {
  const params = model.parameters;
  const n = params.length;
  const out = new Float64Array(n);
  if (values === null || typeof values !== 'object') {
    throw new ParameterError('WRONG_LENGTH', `parameter values must be an array or an object keyed by ${params.map((p) => p.key).join(', ')}`);
  }
  if (typeof (values as ArrayLike<number>).length === 'number') {
    const arr = values as ArrayLike<number>;
    if (arr.length !== n) {
      throw new ParameterError('WRONG_LENGTH', `expected ${n} parameter values (${params.map((p) => p.key).join(', ')}), got ${arr.length}`);
    }
    for (let k = 0; k < n; k++) out[k] = arr[k];
  } else {
    const rec = values as Readonly<Record<string, number>>;
    const index = new Map<string, number>();
    params.forEach((p, k) => {
      index.set(p.key, k);
      index.set(p.alias, k);
    });
    const seen = new Array<boolean>(n).fill(false);
    for (const [key, v] of Object.entries(rec)) {
      const k = index.get(key);
      if (k === undefined) {
        throw new ParameterError('UNKNOWN_PARAMETER', `unknown parameter "${key}"; the model has ${params.map((p) => p.key).join(', ')}`, key);
      }
      if (seen[k]) throw new ParameterError('UNKNOWN_PARAMETER', `parameter "${params[k].key}" is given twice (key and alias)`, key);
      seen[k] = true;
      out[k] = v;
    }
    const missing = params.filter((_, k) => !seen[k]).map((p) => p.key);
    if (missing.length) throw new ParameterError('WRONG_LENGTH', `missing parameter values: ${missing.join(', ')}`, missing[0]);
  }
  for (let k = 0; k < n; k++) {
    const p = params[k];
    const v = out[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ParameterError('NOT_FINITE', `parameter ${p.key} must be a finite number, got ${String(v)}`, p.key);
    }
    if (v < p.bounds[0] || v > p.bounds[1]) {
      throw new ParameterError('OUT_OF_BOUNDS', `parameter ${p.key} = ${v} lies outside its bounds [${p.bounds[0]}, ${p.bounds[1]}]`, p.key);
    }
  }
  return out;
}

function checkFrequency(frequency: ArrayLike<number>): Float64Array {
  if (!frequency || typeof frequency.length !== 'number' || frequency.length === 0) {
    throw new DataFormatError([{ code: 'EMPTY', column: 'frequency', message: 'frequency must be a non-empty array of Hz values' }]);
  }
  const f = Float64Array.from(frequency);
  const issues = [];
  for (let i = 0; i < f.length; i++) {
    if (!Number.isFinite(f[i])) issues.push({ code: 'NON_FINITE' as const, line: i + 1, column: 'frequency', text: String(frequency[i]), message: 'frequency is not finite' });
    else if (f[i] <= 0) issues.push({ code: 'NON_POSITIVE_FREQUENCY' as const, line: i + 1, column: 'frequency', text: String(f[i]), message: 'frequency must be > 0' });
  }
  if (issues.length) throw new DataFormatError(issues);
  return f;
}

/**
 * Synthetic spectrum of a circuit: Z(f) from the compiled model plus optional
 * seeded Gaussian noise. For point k with exact impedance Z_k:
 *
 * - proportional: re_k = Re Z_k + σ|Z_k|·n₁, im_k = Im Z_k + σ|Z_k|·n₂;
 * - absolute: re_k = Re Z_k + σ·n₁, im_k = Im Z_k + σ·n₂;
 *
 * with n₁, n₂ independent N(0, 1) from `randomNormal(random)` (Box–Muller),
 * drawn in point order, Re before Im. Equal seeds give equal spectra.
 *
 * @param model - a compiled model or a circuit string (compiled with the built-in elements)
 * @param values - parameter values in `model.parameters` order, or keyed by key/alias
 * @param frequency - frequencies in Hz (finite, > 0); copied into the result
 * @param options - noise and generator, see {@link SimulateOptions}
 * @returns a {@link Spectrum} with `meta.label` = the canonical circuit
 * @throws ParameterError `WRONG_LENGTH`, `UNKNOWN_PARAMETER`, `NOT_FINITE`,
 *   `OUT_OF_BOUNDS` for bad values; `BAD_OPTION` for bad noise or a missing
 *   generator; `NOT_FINITE` when the circuit gives a non-finite impedance
 * @throws DataFormatError `EMPTY`, `NON_FINITE`, `NON_POSITIVE_FREQUENCY` for bad frequencies
 * @example
 * ```ts
 * const f = Float64Array.from({ length: 71 }, (_, i) => 1e6 * 10 ** (-i / 10));
 * const spectrum = simulateImpedance('R0-p(R1,CPE1)', { R0: 10, R1: 200, 'CPE1.Q': 1e-6, 'CPE1.alpha': 0.9 }, f, {
 *   noise: { type: 'proportional', sigma: 0.01 },
 *   random: createRandom(7),
 * });
 * ```
 */
export function simulateImpedance(
  model: CircuitModel | string,
  values: ParameterValues,
  frequency: ArrayLike<number>,
  options: SimulateOptions = {},
): Spectrum {
  const m = typeof model === 'string' ? compileCircuit(model) : model;
  if (!m || typeof m.evaluate !== 'function') throw new ParameterError('BAD_OPTION', 'model must be a circuit string or a compiled CircuitModel', 'model');
  const p = resolveValues(m, values);
  const f = checkFrequency(frequency);
  const { noise, random } = options ?? {};
  let sigma = 0;
  let proportional = false;
  if (noise !== undefined) {
    if (noise === null || typeof noise !== 'object' || (noise.type !== 'proportional' && noise.type !== 'absolute')) {
      throw new ParameterError('BAD_OPTION', 'noise.type must be "proportional" or "absolute"', 'noise.type');
    }
    if (typeof noise.sigma !== 'number' || !Number.isFinite(noise.sigma) || noise.sigma < 0) {
      throw new ParameterError('BAD_OPTION', `noise.sigma must be a finite number ≥ 0, got ${String(noise.sigma)}`, 'noise.sigma');
    }
    sigma = noise.sigma;
    proportional = noise.type === 'proportional';
  }
  if (sigma > 0 && typeof random !== 'function') {
    throw new ParameterError('BAD_OPTION', 'noise needs a seeded generator: pass { random: createRandom(seed) }', 'random');
  }
  const n = f.length;
  const z = m.evaluate(p, f, { re: new Float64Array(n), im: new Float64Array(n) });
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(z.re[i]) || !Number.isFinite(z.im[i])) {
      throw new ParameterError('NOT_FINITE', `circuit ${m.circuit} gives a non-finite impedance at f = ${f[i]} Hz (point ${i + 1})`);
    }
  }
  if (sigma > 0 && random) {
    for (let i = 0; i < n; i++) {
      const s = proportional ? sigma * Math.hypot(z.re[i], z.im[i]) : sigma;
      z.re[i] += s * randomNormal(random);
      z.im[i] += s * randomNormal(random);
    }
  }
  return { frequency: f, re: z.re, im: z.im, meta: { label: m.circuit } };
}
