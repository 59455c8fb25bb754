import { ParameterError } from '../errors.js';

/** Effective-capacitance formula for an R∥CPE arc. */
export type CapacitanceMethod = 'brug' | 'hsu-mansfeld';

/** Options of {@link effectiveCapacitance}. */
export interface EffectiveCapacitanceOptions {
  /** Formula (default `'brug'`). */
  method?: CapacitanceMethod;
  /**
   * Brug only: a resistance R_s in series with the R∥CPE (Ω). The Brug (1984)
   * surface-distribution form C = Q^(1/α)·(1/R_s + 1/R)^((α−1)/α) is then used;
   * omitted (default) means R_s → ∞, i.e. the isolated arc.
   */
  seriesResistance?: number;
  /**
   * Hsu–Mansfeld only: angular frequency ω_max (rad/s) at which −Im Z of the arc
   * peaks, e.g. read from the data. Default: the model value (R·Q)^(−1/α), for
   * which the Hsu–Mansfeld and Brug (R_s → ∞) results coincide.
   */
  omegaMax?: number;
}

function check(name: string, v: number, lower: number, upper = Infinity, openLower = true): void {
  if (!Number.isFinite(v) || (openLower ? !(v > lower) : !(v >= lower)) || v > upper) {
    throw new ParameterError('OUT_OF_BOUNDS', `${name} = ${v} must be finite and in ${openLower ? '(' : '['}${lower}, ${upper}]`, name);
  }
}

/**
 * Effective capacitance of a resistance R in parallel with a constant-phase
 * element Z = 1/(Q·(jω)^α).
 *
 * - Brug (default): C = (Q·R^(1−α))^(1/α) = Q^(1/α)·R^((1−α)/α); with a series
 *   resistance R_s, C = Q^(1/α)·(1/R_s + 1/R)^((α−1)/α)
 *   (Brug, van den Eeden, Sluyters-Rehbach & Sluyters, J. Electroanal. Chem.
 *   176 (1984) 275, eq. 20).
 * - Hsu–Mansfeld: C = Q·ω_max^(α−1), ω_max the angular frequency of the −Im Z
 *   maximum (Hsu & Mansfeld, Corrosion 57 (2001) 747).
 *
 * For α = 1 every form returns C = Q exactly.
 *
 * @param q - CPE coefficient Q in Ω⁻¹·s^α (> 0)
 * @param alpha - CPE exponent α in (0, 1]
 * @param resistance - parallel resistance R in Ω (> 0)
 * @param options - see {@link EffectiveCapacitanceOptions}
 * @returns capacitance in F
 * @throws ParameterError `OUT_OF_BOUNDS` for non-positive Q or R or α outside (0, 1]
 * @example
 * ```ts
 * effectiveCapacitance(1e-9, 1, 100);   // 1e-9
 * effectiveCapacitance(2e-9, 0.9, 1e3); // ≈ 4.65e-10 F
 * ```
 */
export function effectiveCapacitance(q: number, alpha: number, resistance: number, options: EffectiveCapacitanceOptions = {}): number {
  check('Q', q, 0);
  check('alpha', alpha, 0, 1);
  check('R', resistance, 0);
  const method = options.method ?? 'brug';
  if (alpha === 1) return q;
  if (method === 'brug') {
    const rs = options.seriesResistance;
    if (rs === undefined) return Math.exp((Math.log(q) + (1 - alpha) * Math.log(resistance)) / alpha);
    check('seriesResistance', rs, 0);
    return Math.exp(Math.log(q) / alpha + ((alpha - 1) / alpha) * Math.log(1 / rs + 1 / resistance));
  }
  if (method === 'hsu-mansfeld') {
    const w = options.omegaMax ?? characteristicAngularFrequency(q, alpha, resistance);
    check('omegaMax', w, 0);
    return q * Math.pow(w, alpha - 1);
  }
  throw new ParameterError('BAD_OPTION', `unknown capacitance method "${String(method)}"; use 'brug' or 'hsu-mansfeld'`, 'method');
}

/**
 * Characteristic angular frequency of an R∥CPE arc, ω₀ = (R·Q)^(−1/α) in rad/s
 * (the apex of the arc; for α = 1, ω₀ = 1/(RC)).
 *
 * @param q - CPE coefficient Q in Ω⁻¹·s^α
 * @param alpha - CPE exponent α in (0, 1]
 * @param resistance - R in Ω
 * @returns ω₀ in rad/s
 * @example
 * ```ts
 * characteristicAngularFrequency(1e-6, 1, 1000); // 1000 rad/s
 * ```
 */
export function characteristicAngularFrequency(q: number, alpha: number, resistance: number): number {
  check('Q', q, 0);
  check('alpha', alpha, 0, 1);
  check('R', resistance, 0);
  return Math.exp(-(Math.log(resistance) + Math.log(q)) / alpha);
}

/**
 * Characteristic (apex) frequency of an R∥CPE arc, f₀ = 1/(2π·(R·Q)^(1/α)) in Hz.
 *
 * @param q - CPE coefficient Q in Ω⁻¹·s^α
 * @param alpha - CPE exponent α in (0, 1]
 * @param resistance - R in Ω
 * @returns f₀ in Hz
 * @example
 * ```ts
 * characteristicFrequency(1e-6, 1, 2); // ≈ 79.6 kHz
 * ```
 */
export function characteristicFrequency(q: number, alpha: number, resistance: number): number {
  return characteristicAngularFrequency(q, alpha, resistance) / (2 * Math.PI);
}
