import { compileCircuit } from '../circuit/compileCircuit.js';
import type { CircuitModel } from '../circuit/types.js';
import { checkSpectrum, type Spectrum } from '../data/spectrum.js';
import { ParameterError } from '../errors.js';
import { computeCovariance } from '../fit/covariance.js';
import { fitCircuit } from '../fit/fitCircuit.js';
import { levenbergMarquardt } from '../fit/lm.js';
import { chooseTransform, createTransforms, fromNatural, toNatural, transformDerivative } from '../fit/transforms.js';
import type { FitOptions, FitResult } from '../fit/types.js';
import { resolveWeights, type Weighting } from '../fit/weighting.js';
import type { Estimate } from './arrhenius.js';
import { BOLTZMANN_EV, EV_TO_KJ_PER_MOL } from './constants.js';
import { studentTQuantile, weightedLine } from './statistics.js';
import { toKelvin, type Quantity, type TemperatureUnit } from './units.js';

/** Options of {@link fitJointArrhenius}. */
export interface JointArrheniusOptions {
  /**
   * Keys of the resistances tied across temperatures by
   * R(T) = R_ref·exp[(Ea/k_B)(1/T − 1/T_ref)] (e.g. `['R_b', 'R_gb']`). Required.
   */
  arrhenius: readonly string[];
  /** Keys held equal at every temperature (e.g. CPE exponents `['CPE_gb_1']`, or capacitances). */
  shared?: readonly string[];
  /** Temperatures, one per spectrum (default: each spectrum's `meta.temperature`, in K). */
  temperature?: ArrayLike<Quantity>;
  /** Scale of plain-number temperatures (default `'K'`). */
  temperatureUnit?: TemperatureUnit;
  /** Reference temperature T_ref in K (default 1/mean(1/T), which decorrelates R_ref and Ea). */
  referenceTemperature?: number;
  /** Residual weighting of every spectrum (default `'modulus'`); explicit σ arrays are not supported here. */
  weighting?: Extract<Weighting, string>;
  /** Per-temperature fits used as starting values (default: `fitCircuit` on each spectrum with `fitOptions`). */
  start?: readonly FitResult[];
  /** Options of the per-temperature starting fits (weighting defaults to this function's). */
  fitOptions?: FitOptions;
  /** Iteration limit of the joint solve (default 300). */
  maxIterations?: number;
}

/**
 * Activation parameters of one tied resistance. Standard errors are
 * `Infinity` (intervals ±∞) when the data cannot determine the parameters
 * (singular or near-singular joint information matrix); the result's
 * `warnings` then names them.
 */
export interface JointActivation {
  /** Parameter key. */
  key: string;
  /** Activation energy in eV with a 95% interval (Student t, joint degrees of freedom). */
  ea: Estimate;
  /** Activation energy in kJ/mol. */
  eaKJPerMol: Estimate;
  /** R at T_ref in Ω (interval exp(ln R_ref ± t·se)). */
  rRef: Estimate;
  /** Prefactor R0 of R = R0·exp(Ea/(k_B·T)) in Ω. */
  prefactor: Estimate;
}

/** Result of {@link fitJointArrhenius}. */
export interface JointArrheniusResult {
  /** The law: `R(T) = R_ref·exp[(Ea/k_B)(1/T − 1/T_ref)]`. */
  formula: string;
  /** One entry per tied resistance. */
  activation: JointActivation[];
  /** Shared parameters with standard errors (natural units) and 95% intervals. */
  shared: Record<string, Estimate>;
  /** Natural parameter values per temperature (all keys). */
  values: Record<string, number>[];
  /** Temperatures in K. */
  temperature: Float64Array;
  /** Reference temperature in K. */
  referenceTemperature: number;
  /** Weighted χ² of the joint fit. */
  chiSquare: number;
  /** Residuals minus free parameters. */
  dof: number;
  /** Number of free parameters of the joint fit. */
  parameterCount: number;
  /** Solver convergence flag. */
  converged: boolean;
  /** Solver stop reason. */
  reason: string;
  /** Iterations. */
  iterations: number;
  /**
   * Problems, empty when none: the joint solve did not converge, no degrees of
   * freedom, or tied/shared parameters the data cannot determine (their
   * standard errors are then `Infinity`).
   */
  warnings: string[];
}

type Kind = { type: 'arrhenius'; slot: number } | { type: 'shared'; slot: number } | { type: 'local'; slot: number } | { type: 'fixed' };

/**
 * Joint fit of a temperature series: one circuit fitted to every spectrum at
 * once, with the chosen resistances tied across temperatures by an Arrhenius
 * law R(T) = R_ref·exp[(Ea/k_B)(1/T − 1/T_ref)] and optionally shared
 * parameters (CPE exponents, capacitances), inside one weighted least-squares
 * likelihood solved by {@link levenbergMarquardt}. Ea and its interval then
 * come from one fit (covariance s²·(JᵀJ)⁻¹, s² = χ²/(m − n), Student t with
 * m − n degrees of freedom), instead of the two-step route (fit each spectrum,
 * then fit ln R against 1/T with only n_T − 2 degrees of freedom). Other
 * parameters stay free per temperature. k_B = 8.617333262e-5 eV/K (CODATA 2018).
 *
 * @param spectra - one spectrum per temperature
 * @param circuit - circuit string or compiled model
 * @param options - tied and shared keys, temperatures, starting fits (see {@link JointArrheniusOptions})
 * @returns activation energies with 95% intervals, shared parameters, per-temperature values and fit statistics
 * @throws ParameterError `UNKNOWN_PARAMETER` for keys not in the circuit, `WRONG_LENGTH` for fewer than 3 temperatures or mismatched lengths, `BAD_OPTION` for missing temperatures
 * @example
 * ```ts
 * const joint = fitJointArrhenius(spectra, 'R_b-p(R_gb,CPE_gb)-CPE_el', {
 *   arrhenius: ['R_b', 'R_gb'], shared: ['CPE_gb_0', 'CPE_gb_1', 'CPE_el_1'],
 *   temperature: [-20, 0, 20, 40, 60, 80, 100], temperatureUnit: 'C',
 * });
 * joint.activation[0].ea; // { value: 0.40, stderr: …, ci: […] } eV
 * ```
 */
export function fitJointArrhenius(spectra: readonly Spectrum[], circuit: string | CircuitModel, options: JointArrheniusOptions): JointArrheniusResult {
  const model = typeof circuit === 'string' ? compileCircuit(circuit, { elements: options.fitOptions?.elements }) : circuit;
  const S = spectra.length;
  if (S < 3) throw new ParameterError('WRONG_LENGTH', `fitJointArrhenius needs at least 3 temperatures, got ${S}`, 'spectra');
  spectra.forEach((s) => checkSpectrum(s));
  let temps: ArrayLike<Quantity>;
  if (options.temperature) temps = options.temperature;
  else {
    const t = spectra.map((s) => s.meta?.temperature);
    if (t.some((v) => v === undefined)) throw new ParameterError('BAD_OPTION', 'fitJointArrhenius: give options.temperature or meta.temperature on every spectrum', 'temperature');
    temps = t as number[];
  }
  if (temps.length !== S) throw new ParameterError('WRONG_LENGTH', `fitJointArrhenius: ${temps.length} temperatures for ${S} spectra`, 'temperature');
  const T = toKelvin(temps, options.temperature ? (options.temperatureUnit ?? 'K') : 'K');
  if (new Set(T).size < 2) {
    throw new ParameterError('BAD_OPTION', `fitJointArrhenius: all ${S} spectra are at one temperature (${T[0]} K); an activation energy needs at least two distinct temperatures`, 'temperature');
  }
  let invMean = 0;
  for (let s = 0; s < S; s++) invMean += 1 / T[s] / S;
  const Tref = options.referenceTemperature ?? 1 / invMean;
  const cT = Array.from(T, (t) => 1 / (BOLTZMANN_EV * t) - 1 / (BOLTZMANN_EV * Tref));

  const params = model.parameters;
  const P = params.length;
  const keys = params.map((p) => p.key);
  const indexOf = (k: string, opt: string) => {
    const i = params.findIndex((p) => p.key === k || p.alias === k);
    if (i < 0) throw new ParameterError('UNKNOWN_PARAMETER', `${opt}: unknown parameter "${k}"; the model has ${keys.join(', ')}`, k);
    return i;
  };
  const kinds: Kind[] = params.map((p) => (p.fixed ? { type: 'fixed' } : { type: 'local', slot: -1 }));
  const tied = (options.arrhenius ?? []).map((k) => indexOf(k, 'arrhenius'));
  if (tied.length === 0) throw new ParameterError('BAD_OPTION', 'fitJointArrhenius: options.arrhenius must name at least one resistance', 'arrhenius');
  for (const i of tied) if (params[i].scale !== 'log') throw new ParameterError('BAD_OPTION', `arrhenius: ${keys[i]} is not a positive (log-scale) parameter`, keys[i]);
  const sharedIdx = (options.shared ?? []).map((k) => indexOf(k, 'shared'));

  // Starting fits.
  const weighting = options.weighting ?? 'modulus';
  const starts = options.start ?? spectra.map((s) => fitCircuit(model, s, { weighting, ...options.fitOptions }));
  if (starts.length !== S) throw new ParameterError('WRONG_LENGTH', `fitJointArrhenius: ${starts.length} start fits for ${S} spectra`, 'start');
  const startVal = (s: number, k: number) => starts[s].valueArray[k];

  // Layout of the free vector x.
  let n = 0;
  const x0: number[] = [];
  // Weight of each start fit: relative standard errors (poorly determined or unconverged fits count little).
  const relSe = (s: number, k: number) => {
    const q = starts[s].parameters[k];
    const r = q?.relativeStderr;
    return starts[s].converged && r !== null && r !== undefined && Number.isFinite(r) && q.identifiable && !q.atBound ? Math.max(r, 1e-6) : 1e3;
  };
  const median = (xs: number[]) => {
    const a = [...xs].sort((u, v) => u - v);
    return a.length % 2 ? a[(a.length - 1) / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
  };
  for (const i of tied) {
    kinds[i] = { type: 'arrhenius', slot: n };
    // Starting line ln R = ln R_ref + Ea·cT through the start fits. A start value that is not a
    // positive finite number (a resistance driven to its bound 0, e.g. a bulk arc gone at high
    // temperature) has no logarithm: it is left out, and with fewer than two usable temperatures
    // the line is flat through their median.
    const use = Array.from({ length: S }, (_, s) => s).filter((s) => startVal(s, i) > 0 && Number.isFinite(startVal(s, i)));
    const lnR = use.map((s) => Math.log(startVal(s, i)));
    const line =
      new Set(use.map((s) => cT[s])).size >= 2
        ? weightedLine(
            use.map((s) => cT[s]),
            lnR,
            use.map((s) => relSe(s, i)),
          )
        : undefined;
    const finiteLine = line !== undefined && Number.isFinite(line.intercept) && Number.isFinite(line.slope);
    x0.push(finiteLine ? line.intercept : lnR.length ? median(lnR) : 0, finiteLine ? line.slope : 0);
    n += 2;
  }
  const lower = new Float64Array(P);
  const upper = new Float64Array(P);
  params.forEach((p, k) => {
    lower[k] = p.bounds[0];
    upper[k] = p.bounds[1];
  });
  const tr = createTransforms(
    params.map((p) => chooseTransform(p.scale, p.bounds[0], p.bounds[1])),
    lower,
    upper,
  );
  const inside = (k: number, v: number) => {
    const lo = lower[k];
    const hi = upper[k];
    const span = Number.isFinite(hi - lo) ? hi - lo : Math.abs(v) + 1;
    const eps = 1e-6 * span;
    let u = v;
    if (Number.isFinite(lo) && u <= lo + eps) u = params[k].scale === 'log' && lo === 0 ? Math.max(u, 1e-300) : lo + eps;
    if (Number.isFinite(hi) && u >= hi - eps) u = hi - eps;
    return u;
  };
  for (const i of sharedIdx) {
    if (kinds[i].type === 'arrhenius') throw new ParameterError('BAD_OPTION', `${keys[i]} cannot be both tied and shared`, keys[i]);
    kinds[i] = { type: 'shared', slot: n };
    // Median over the well-determined start fits (all of them when none is).
    const good = Array.from({ length: S }, (_, s) => s).filter((s) => relSe(s, i) < 1e3);
    const v = median((good.length ? good : Array.from({ length: S }, (_, s) => s)).map((s) => startVal(s, i)));
    x0.push(fromNatural(tr, i, inside(i, v)));
    n += 1;
  }
  const localIdx: number[] = [];
  params.forEach((_, k) => {
    if (kinds[k].type === 'local') localIdx.push(k);
  });
  localIdx.forEach((k) => {
    kinds[k] = { type: 'local', slot: n };
    for (let s = 0; s < S; s++) x0.push(fromNatural(tr, k, inside(k, startVal(s, k))));
    n += S;
  });
  const fixedVal = params.map((p, k) => (p.fixed ? startVal(0, k) : 0));

  // Residual layout and weights.
  const offsets: number[] = [];
  let m = 0;
  const weights = spectra.map((sp) => {
    offsets.push(m);
    m += 2 * sp.frequency.length;
    return resolveWeights(weighting, sp.re, sp.im);
  });
  if (m <= n) throw new ParameterError('WRONG_LENGTH', `fitJointArrhenius: ${m} residuals for ${n} free parameters`, 'spectra');
  const vals = spectra.map(() => new Float64Array(P));
  // Preallocated model outputs per spectrum (no allocation inside the solver loop).
  const zBuf = spectra.map((sp) => ({ re: new Float64Array(sp.frequency.length), im: new Float64Array(sp.frequency.length) }));
  const jBuf = spectra.map((sp) => ({ re: new Float64Array(P * sp.frequency.length), im: new Float64Array(P * sp.frequency.length) }));
  const dpdx = spectra.map(() => new Float64Array(P));
  const fill = (x: ArrayLike<number>) => {
    for (let s = 0; s < S; s++) {
      const v = vals[s];
      const d = dpdx[s];
      for (let k = 0; k < P; k++) {
        const kind = kinds[k];
        if (kind.type === 'fixed') {
          v[k] = fixedVal[k];
          d[k] = 0;
        } else if (kind.type === 'arrhenius') {
          v[k] = Math.exp(x[kind.slot] + x[kind.slot + 1] * cT[s]);
          d[k] = v[k];
        } else {
          const j = kind.type === 'shared' ? kind.slot : kind.slot + s;
          v[k] = toNatural(tr, k, x[j]);
          d[k] = transformDerivative(tr, k, x[j]);
        }
      }
    }
  };
  const problem = {
    residualCount: m,
    parameterCount: n,
    evaluate(x: Float64Array, r: Float64Array, J: Float64Array | null) {
      fill(x);
      if (J) J.fill(0);
      for (let s = 0; s < S; s++) {
        const sp = spectra[s];
        const N = sp.frequency.length;
        const o = offsets[s];
        const w = weights[s];
        const z = zBuf[s];
        if (J) {
          const jac = model.jacobian(vals[s], sp.frequency, jBuf[s], z);
          for (let k = 0; k < P; k++) {
            const kind = kinds[k];
            if (kind.type === 'fixed') continue;
            const ncol = kind.type === 'arrhenius' ? 2 : 1;
            for (let c = 0; c < ncol; c++) {
              const j = kind.type === 'local' ? kind.slot + s : kind.slot + c;
              const f = c === 0 ? dpdx[s][k] : dpdx[s][k] * cT[s];
              const base = j * m + o;
              for (let i = 0; i < N; i++) {
                J[base + i] += w.wRe[i] * jac.re[k * N + i] * f;
                J[base + N + i] += w.wIm[i] * jac.im[k * N + i] * f;
              }
            }
          }
        } else model.evaluate(vals[s], sp.frequency, z);
        for (let i = 0; i < N; i++) {
          r[o + i] = w.wRe[i] * (z.re[i] - sp.re[i]);
          r[o + N + i] = w.wIm[i] * (z.im[i] - sp.im[i]);
        }
      }
    },
  };
  const res = levenbergMarquardt(problem, x0, { maxIterations: options.maxIterations ?? 300 });
  fill(res.x);
  const dof = m - n;
  // Covariance s²·(JᵀJ)⁺ in the solver's coordinates (ln R_ref, Ea, transformed shared and
  // local parameters), by the same routine as fitCircuit: Cholesky when well conditioned, else a
  // pseudo-inverse that marks the parameters of numerically null directions as undefined.
  const cv = computeCovariance(res.jacobian, m, n, new Array<boolean>(n).fill(true), res.cost, false);
  const cov = (a: number, b: number) => (cv.defined[a] && cv.defined[b] ? cv.covariance[a * n + b] : NaN);
  const t = studentTQuantile(0.975, dof);
  const est = (value: number, se: number): Estimate => ({ value, stderr: se, ci: [value - t * se, value + t * se] });
  const logEst = (value: number, seLog: number): Estimate => ({ value, stderr: value * seLog, ci: [value * Math.exp(-t * seLog), value * Math.exp(t * seLog)] });
  const safe = (v: number) => (Number.isFinite(v) && v >= 0 ? Math.sqrt(v) : Infinity);
  const activation: JointActivation[] = tied.map((i) => {
    const kind = kinds[i] as { slot: number };
    const a = kind.slot;
    const lnR = res.x[a];
    const ea = res.x[a + 1];
    const seEa = safe(cov(a + 1, a + 1));
    const seLn = safe(cov(a, a));
    const kT = BOLTZMANN_EV * Tref;
    const lnR0 = lnR - ea / kT;
    const seLnR0 = safe(cov(a, a) + cov(a + 1, a + 1) / (kT * kT) - (2 * cov(a, a + 1)) / kT);
    return {
      key: keys[i],
      ea: est(ea, seEa),
      eaKJPerMol: est(ea * EV_TO_KJ_PER_MOL, seEa * EV_TO_KJ_PER_MOL),
      rRef: logEst(Math.exp(lnR), seLn),
      prefactor: logEst(Math.exp(lnR0), seLnR0),
    };
  });
  const shared: Record<string, Estimate> = {};
  for (const i of sharedIdx) {
    const j = (kinds[i] as { slot: number }).slot;
    const v = toNatural(tr, i, res.x[j]);
    const se = Math.abs(transformDerivative(tr, i, res.x[j])) * safe(cov(j, j));
    shared[keys[i]] = est(v, se);
  }
  const warnings: string[] = [];
  if (!res.converged) warnings.push(`the joint solve stopped without converging (${res.reason}); the values are the best found`);
  if (dof <= 0) warnings.push(`no degrees of freedom left (${m} residuals, ${n} free parameters): standard errors are not defined`);
  const undetermined = [
    ...activation.filter((a) => !Number.isFinite(a.ea.stderr) || !Number.isFinite(a.rRef.stderr)).map((a) => `${a.key} (Ea, R_ref)`),
    ...Object.keys(shared).filter((k) => !Number.isFinite(shared[k].stderr)),
  ];
  if (undetermined.length) {
    warnings.push(
      `${undetermined.join(', ')}: not determined by the joint data (singular or near-singular information matrix, e.g. too few distinct temperatures); standard error Infinity and interval ±∞`,
    );
  }
  return {
    formula: 'R(T) = R_ref·exp[(Ea/k_B)·(1/T − 1/T_ref)]',
    activation,
    shared,
    values: vals.map((v) => Object.fromEntries(keys.map((k, i) => [k, v[i]]))),
    temperature: T,
    referenceTemperature: Tref,
    chiSquare: res.cost,
    dof,
    parameterCount: n,
    converged: res.converged,
    reason: res.reason,
    iterations: res.iterations,
    warnings,
  };
}
