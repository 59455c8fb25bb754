import { ParameterError } from '../errors.js';
import { BOLTZMANN_EV, EV_TO_KJ_PER_MOL } from './constants.js';
import { studentTQuantile, weightedLine } from './statistics.js';
import { toKelvin, type Quantity, type TemperatureUnit } from './units.js';

/**
 * Arrhenius form fitted by {@link fitArrhenius}:
 * - `'sigma'`: σ = σ₀·exp(−Ea/(k_B·T)) (prefactor σ₀ in the unit of σ);
 * - `'sigmaT'`: σ·T = A·exp(−Ea/(k_B·T)) (prefactor A in unit·K);
 * - `'resistance'`: R = R₀·exp(+Ea/(k_B·T)) (also for ASR; prefactor in the unit of R).
 */
export type ArrheniusForm = 'sigma' | 'sigmaT' | 'resistance';

/** Options of {@link fitArrhenius}. */
export interface ArrheniusOptions {
  /** Form of the law (required, so the report always states it). */
  form: ArrheniusForm;
  /** Scale of plain-number temperatures: `'K'` (default) or `'C'`. Strings carry their own unit. */
  temperatureUnit?: TemperatureUnit;
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
  /**
   * Treat the given standard errors as absolute (default false: the covariance
   * is rescaled by χ²/(n−2), which also covers scatter beyond the stated errors).
   */
  sigmaIsAbsolute?: boolean;
  /** Unit label of the values, carried into the prefactor unit (default `'S/cm'` for σ forms, `'Ω'` for resistance). */
  valueUnit?: string;
}

/** Input of {@link fitArrhenius}: one value per temperature. */
export interface ArrheniusData {
  /** Temperatures (numbers in `temperatureUnit`, or strings such as `'25 degC'`). */
  temperature: ArrayLike<Quantity>;
  /** σ (for `'sigma'` and `'sigmaT'`; σ, not σT) or R (for `'resistance'`), all > 0. */
  value: ArrayLike<number>;
  /** Optional standard errors of `value` (same unit); used as weights 1/(δln y)² = (y/δy)². */
  stderr?: ArrayLike<number | null>;
}

/** An estimate with its standard error and confidence interval. */
export interface Estimate {
  /** Best estimate. */
  value: number;
  /** Standard error (1σ). */
  stderr: number;
  /** Confidence interval at the requested level (default 95%). */
  ci: [number, number];
}

/** The Arrhenius prefactor with its unit. */
export interface PrefactorEstimate extends Estimate {
  /** Unit: that of σ (`'sigma'`), σ·K (`'sigmaT'`) or R (`'resistance'`). */
  unit: string;
}

/** Result of {@link fitArrhenius}. */
export interface ArrheniusResult {
  /** Form fitted. */
  form: ArrheniusForm;
  /** The law in words, e.g. `σ·T = A·exp(−Ea/(k_B·T))`. */
  formula: string;
  /** Activation energy in eV. */
  ea: Estimate;
  /** Activation energy in kJ/mol (×96.485). */
  eaKJPerMol: Estimate;
  /** Prefactor (σ₀, A or R₀); its interval is exp(ln ± t·se), asymmetric. */
  prefactor: PrefactorEstimate;
  /** Confidence level of the intervals. */
  confidence: number;
  /** Temperatures used, in K. */
  temperature: Float64Array;
  /** ln of the fitted quantity (ln σ, ln σT or ln R). */
  logValue: Float64Array;
  /** Residuals of ln y. */
  residuals: Float64Array;
  /** Weighted residual sum of squares. */
  chiSquare: number;
  /** Degrees of freedom n − 2. */
  dof: number;
  /** Correlation of ln prefactor and Ea. */
  correlation: number;
}

/**
 * Fits an Arrhenius law by weighted linear least squares in its logarithmic
 * form ln y = ln y₀ ∓ Ea·(1/(k_B·T)), y = σ, σT or R (Arrhenius, Z. Phys.
 * Chem. 4 (1889) 226). With standard errors δy, each point has weight
 * (y/δy)² (δ ln y = δy/y). Intervals use Student's t with n − 2 degrees of
 * freedom. k_B = 8.617333262e-5 eV/K (CODATA 2018); 1 eV = 96.485 kJ/mol.
 *
 * @param data - temperatures, values and optional standard errors
 * @param options - form, temperature unit, confidence (see {@link ArrheniusOptions})
 * @returns Ea in eV and kJ/mol with intervals, the prefactor, and diagnostics
 * @throws ParameterError `WRONG_LENGTH` for fewer than 3 points or mismatched lengths, `OUT_OF_BOUNDS` for non-positive values, `BAD_OPTION` for an unknown form or a single temperature
 * @example
 * ```ts
 * const fit = fitArrhenius(
 *   { temperature: [-20, 0, 25, 50], value: [3.2e-5, 1.23e-4, 5.1e-4, 1.7e-3] },
 *   { form: 'sigma', temperatureUnit: 'C' },
 * );
 * fit.ea.value; // ≈ 0.40 eV
 * ```
 */
export function fitArrhenius(data: ArrheniusData, options: ArrheniusOptions): ArrheniusResult {
  const form = options?.form;
  if (form !== 'sigma' && form !== 'sigmaT' && form !== 'resistance') {
    throw new ParameterError('BAD_OPTION', `fitArrhenius: form must be 'sigma', 'sigmaT' or 'resistance', got "${String(form)}"`, 'form');
  }
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new ParameterError('BAD_OPTION', `confidence must be in (0, 1), got ${confidence}`, 'confidence');
  const n = data.value.length;
  if (data.temperature.length !== n) {
    throw new ParameterError('WRONG_LENGTH', `fitArrhenius: ${data.temperature.length} temperatures but ${n} values`, 'temperature');
  }
  if (n < 3) throw new ParameterError('WRONG_LENGTH', `fitArrhenius needs at least 3 points for an interval, got ${n}`, 'value');
  const T = toKelvin(data.temperature, options.temperatureUnit ?? 'K');
  if (new Set(T).size < 2) {
    throw new ParameterError('BAD_OPTION', `fitArrhenius: all ${n} points are at one temperature (${T[0]} K); an activation energy needs at least two distinct temperatures`, 'temperature');
  }
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let sigma: Float64Array | null = null;
  const se = data.stderr;
  if (se) {
    if (se.length !== n) throw new ParameterError('WRONG_LENGTH', `fitArrhenius: ${se.length} standard errors but ${n} values`, 'stderr');
    sigma = new Float64Array(n);
  }
  for (let i = 0; i < n; i++) {
    const v = data.value[i];
    if (!(v > 0) || !Number.isFinite(v)) throw new ParameterError('OUT_OF_BOUNDS', `fitArrhenius: value[${i}] = ${v} must be finite and > 0`, 'value');
    x[i] = 1 / (BOLTZMANN_EV * T[i]);
    y[i] = Math.log(form === 'sigmaT' ? v * T[i] : v);
    if (sigma && se) {
      const s = se[i];
      if (s === null || !(s > 0) || !Number.isFinite(s)) throw new ParameterError('OUT_OF_BOUNDS', `fitArrhenius: stderr[${i}] = ${s} must be finite and > 0`, 'stderr');
      sigma[i] = s / v;
    }
  }
  const line = weightedLine(x, y, sigma, options.sigmaIsAbsolute ?? false);
  const sign = form === 'resistance' ? 1 : -1;
  const ea = sign * line.slope;
  const seEa = Math.sqrt(line.covariance[1][1]);
  const seLnA = Math.sqrt(line.covariance[0][0]);
  const nu = options.sigmaIsAbsolute ? Infinity : line.dof;
  const t = studentTQuantile(0.5 + confidence / 2, nu);
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = y[i] - line.intercept - line.slope * x[i];
  const unit = options.valueUnit ?? (form === 'resistance' ? 'Ω' : 'S/cm');
  const formula =
    form === 'sigma'
      ? 'σ = σ0·exp(−Ea/(k_B·T))'
      : form === 'sigmaT'
        ? 'σ·T = A·exp(−Ea/(k_B·T))'
        : 'R = R0·exp(+Ea/(k_B·T))';
  const a = Math.exp(line.intercept);
  return {
    form,
    formula,
    ea: { value: ea, stderr: seEa, ci: [ea - t * seEa, ea + t * seEa] },
    eaKJPerMol: {
      value: ea * EV_TO_KJ_PER_MOL,
      stderr: seEa * EV_TO_KJ_PER_MOL,
      ci: [(ea - t * seEa) * EV_TO_KJ_PER_MOL, (ea + t * seEa) * EV_TO_KJ_PER_MOL],
    },
    prefactor: { value: a, stderr: a * seLnA, ci: [a * Math.exp(-t * seLnA), a * Math.exp(t * seLnA)], unit: form === 'sigmaT' ? `${unit}·K` : unit },
    confidence,
    temperature: T,
    logValue: y,
    residuals,
    chiSquare: line.chiSquare,
    dof: line.dof,
    correlation: (sign * line.covariance[0][1]) / (seEa * seLnA || 1),
  };
}
