/**
 * Complex nonlinear least-squares fitting of equivalent circuits.
 *
 * @module
 */
import type { CircuitModel } from '../circuit/types.js';
import type { Spectrum } from '../data/spectrum.js';
import { ParameterError } from '../errors.js';
import { modulus } from '../internal/complex.js';
import { createRandom } from '../random.js';
import { canonicalizeBlocks, findInterchangeable, type InterchangeableGroup } from './canonical.js';
import { covarianceInto, studentT975, type CovarianceOutput } from './covariance.js';
import { clampInside, guessCandidates } from './guess.js';
import { createLmWorkspace, levenbergMarquardt, sumSquares, type LmResult, type LmStopReason, type LmWorkspace } from './lm.js';
import { solveWithMl } from './mlSolver.js';
import { sampleStarts } from './multistart.js';
import { CircuitProblem, prepareFit, type FitPlan, type FitSetup } from './problem.js';
import { profileInterval } from './profile.js';
import { createTransforms, isAtBound, toNatural, transformKind } from './transforms.js';
import type { FitOptions, FitResult, FitWarning, FittedParameter, SerializableFitOptions } from './types.js';

/** Variance-inflation limit above which a parameter is reported as not identifiable. */
const VIF_LIMIT = 1e5;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Per-model cache of interchangeable groups (compiling block models once). */
const groupCache = new WeakMap<CircuitModel, InterchangeableGroup[]>();
/** Per-model map key/alias → parameter index (aliases set after keys, parameter by parameter). */
const nameCache = new WeakMap<CircuitModel, Map<string, number>>();

function nameIndex(model: CircuitModel): Map<string, number> {
  let byName = nameCache.get(model);
  if (!byName) {
    byName = new Map<string, number>();
    for (let i = 0; i < model.parameters.length; i++) {
      byName.set(model.parameters[i].key, i);
      byName.set(model.parameters[i].alias, i);
    }
    nameCache.set(model, byName);
  }
  return byName;
}

/** Solver workspace plus the result-stage buffers of one problem size. */
interface FitScratch {
  lm: LmWorkspace;
  /** Residuals at the solution (m). */
  r: Float64Array;
  /** Transformed-space Jacobian at the solution (m·n). */
  J: Float64Array;
  /** dp/dx of the free parameters (n). */
  dpdx: Float64Array;
  /** Covariance buffers (n·n, n, n); read out into fresh arrays before the result is returned. */
  cov: CovarianceOutput;
}

/** State buffer of fitCircuit's main {@link CircuitProblem} (grow-only; never returned to callers). */
let problemState = new Float64Array(0);

/**
 * The last problem built per model; its state lives in {@link problemState}, so like that buffer
 * it is only used inside one fit (internal, never returned to callers).
 */
const lastProblems = new WeakMap<CircuitModel, CircuitProblem>();

/** Per-problem-size scratch, reused across fits (bounded; internal, never returned to callers). */
const scratches = new Map<number, FitScratch>();

function scratchFor(m: number, n: number): FitScratch {
  const key = m * 4096 + n;
  let ws = scratches.get(key);
  if (!ws) {
    if (scratches.size > 32) scratches.clear();
    ws = {
      lm: createLmWorkspace(m, n),
      r: new Float64Array(m),
      J: new Float64Array(m * n),
      dpdx: new Float64Array(n),
      cov: {
        covariance: new Float64Array(n * n),
        defined: new Array<boolean>(n).fill(false),
        vif: new Float64Array(n),
        eigenvalues: new Float64Array(0),
        eigenvectors: new Float64Array(0),
        varianceFactor: 0,
        nonFiniteColumn: false,
      },
    };
    scratches.set(key, ws);
  }
  return ws;
}

/**
 * Starting values (natural units, model order): user values (fixed map,
 * `initial`, inline annotations) win; the rest come from `options.guess`
 * (automatic by default, or a pluggable {@link GuessFunction}).
 *
 * @param setup - from `prepareFit`
 * @param options - fit options
 * @returns start vector strictly inside the bounds for free parameters
 * @example
 * ```ts
 * const x0 = startValues(prepareFit('R0-p(R1,C1)', spectrum), {});
 * ```
 */
export function startValues(setup: FitSetup, options: FitOptions): Float64Array {
  return startCandidates(setup, options)[0];
}

/**
 * All automatic start vectors: {@link startValues} first, then the alternative
 * arc assignments of {@link guessCandidates} when the spectrum shows fewer
 * arcs than the circuit has blocks (only with `guess: 'auto'`). Vectors equal
 * to an earlier one after the given values and clamping are dropped (the same
 * start gives the same solve).
 *
 * @param setup - from `prepareFit`
 * @param options - fit options
 * @returns one or more start vectors
 * @example
 * ```ts
 * startCandidates(prepareFit('R0-p(R1,CPE1)-p(R2,CPE2)', spectrum), {}).length;
 * ```
 */
export function startCandidates(setup: FitSetup, options: FitOptions): Float64Array[] {
  const { model, spectrum, given, lower, upper, fixed } = setup;
  const P = model.parameters.length;
  const needGuess = given.some((v) => v === undefined);
  let list: Float64Array[];
  if (!needGuess) list = [new Float64Array(P)];
  else {
    const autos = guessCandidates(model, spectrum, { elements: setup.elements });
    list = typeof options.guess === 'function' ? [autos[0]] : autos;
    if (typeof options.guess === 'function') {
      const values = list[0];
      const alt = options.guess(model, spectrum, Float64Array.from(values));
      const byName = nameIndex(model);
      if (alt && typeof (alt as ArrayLike<number>).length === 'number') {
        const a = alt as ArrayLike<number>;
        for (let i = 0; i < Math.min(a.length, P); i++) if (Number.isFinite(a[i])) values[i] = a[i];
      } else if (alt) {
        for (const [k, v] of Object.entries(alt as Record<string, number>)) {
          const i = byName.get(k);
          if (i !== undefined && Number.isFinite(v)) values[i] = v;
        }
      }
    }
  }
  for (const values of list) {
    for (let i = 0; i < P; i++) {
      const g = given[i];
      if (g !== undefined) values[i] = g;
      const p = model.parameters[i];
      if (!fixed[i]) values[i] = clampInside(values[i], lower[i], upper[i], p.scale);
    }
  }
  if (list.length < 2) return list;
  // Alternatives that coincide after the given values and clamping would repeat the same solve
  // (the solver is deterministic): keep the first of each, in order.
  const unique: Float64Array[] = [];
  for (const v of list) if (!unique.some((u) => sameVector(u, v))) unique.push(v);
  return unique;
}

function sameVector(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * Default iteration limit of one start: 100·(n + 1) for n free parameters, at
 * least 200 (MINPACK's `lmder` default of 100·(n + 1) function evaluations,
 * Moré, Garbow & Hillstrom 1980, *User guide for MINPACK-1*). On the
 * benchmark's hard batch (bulk arc apex above the top frequency, 200 spectra,
 * 7 parameters) 800 iterations let 199 / 196 fits converge (unit / modulus
 * weighting) and 200 / 198 reach the best-known minimum, against 163 / 93 and
 * 176 / 100 with the former fixed 200; fits that converge sooner are unchanged.
 */
function defaultMaxIterations(free: number): number {
  return Math.max(200, 100 * (free + 1));
}

interface StartOutcome {
  res: LmResult;
  start: Float64Array;
}

function solveFrom(problem: CircuitProblem, start: Float64Array, options: FitOptions): StartOutcome {
  const x0 = problem.toTransformed(start);
  const tol = options.tolerances ?? {};
  let res: LmResult;
  if (options.solver === 'ml-levenberg-marquardt') {
    res = solveWithMl(problem, x0, { maxIterations: options.maxIterations ?? 300 });
  } else {
    res = levenbergMarquardt(problem, x0, {
      maxIterations: options.maxIterations ?? defaultMaxIterations(problem.parameterCount),
      gtol: tol.gtol,
      xtol: tol.xtol,
      ftol: tol.ftol,
      geodesic: options.geodesic ?? false,
      workspace: scratchFor(problem.residualCount, problem.parameterCount).lm,
    });
  }
  // res.residuals/jacobian are workspace views: only x and the scalars are used later.
  return { res, start };
}

/**
 * Fits an equivalent circuit to an impedance spectrum by complex nonlinear
 * least squares (CNLS).
 *
 * Minimises χ² = Σᵢ [(Re Z_model − Re Z_data)/σ_re,i]² + [(Im Z_model − Im Z_data)/σ_im,i]²
 * (Macdonald & Garber 1977; Boukamp 1986) with {@link levenbergMarquardt}
 * over the free parameters in transformed space (log for positive magnitudes,
 * logit for bounded exponents), the analytic Jacobian of the circuit, and
 * starting values from the spectrum ({@link guessInitial}) unless given.
 * Optional seeded multistart keeps the lowest cost. Interchangeable arcs are
 * returned in order of increasing time constant.
 *
 * Uncertainties: Cov = s²·(JᵀWJ)⁻¹ in natural units with s² = χ²/(m − k) for
 * relative weights (`unit`, `modulus`, `proportional`, `boukamp`) and s² = 1
 * for absolute σ. Parameters in numerically null directions, at bounds or with
 * relative standard error > 1 are flagged as not identifiable; pairs with
 * |ρ| > 0.95 get a warning.
 *
 * @param circuit - circuit string (impedance.py or CDC) or compiled model
 * @param spectrum - `{ frequency, re, im }` (Hz, Ω, true sign of Im)
 * @param options - see {@link FitOptions}
 * @returns the fit result; never NaN. `converged: false` with a `reason` when the solver failed.
 * @throws DataFormatError for empty/NaN/Inf/non-positive/duplicate data or mismatched lengths;
 *   ParameterError for unknown parameter keys, bad bounds, initial values outside bounds or bad options
 * @example
 * ```ts
 * const fit = fitCircuit('R0-p(R1,CPE1)-p(R2,CPE2)', spectrum, { weighting: 'modulus' });
 * fit.values.R1; fit.parameters[1].ci95; formatFitReport(fit);
 * ```
 */
export function fitCircuit(circuit: string | CircuitModel, spectrum: Spectrum, options: FitOptions = {}): FitResult {
  const t0 = now();
  const result = runFit(circuit, spectrum, options, null) as FitResult;
  result.timeMs = now() - t0;
  return result;
}

/**
 * Starting values for the next fit of a warm-started series (`fitSeries`,
 * `fitBatch`/`fitTable` with `warmStart`): the fitted values as an `initial`
 * map, except a log-scale parameter bounded below by 0 that ended exactly on
 * 0 (how `boundProbe` reports a minimum on that bound). Such a parameter
 * cannot start at 0, where its solver coordinate ln p is −∞, and `fitCircuit`
 * would refuse it (`OUT_OF_BOUNDS`); it is left out, so it restarts from the
 * automatic guess while the others start warm.
 *
 * @param model - compiled model of the series
 * @param values - fitted values, model order (`FitResult.valueArray`)
 * @returns key → value, model order
 * @example
 * ```ts
 * const next = fitCircuit(model, spectrum, { initial: warmStartValues(model, previous.valueArray) });
 * ```
 */
export function warmStartValues(model: CircuitModel, values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  model.parameters.forEach((p, i) => {
    const v = values[i];
    if (p.scale === 'log' && p.bounds[0] >= 0 && !(v > 0)) return;
    out[p.key] = v;
  });
  return out;
}

/**
 * Row layout of {@link fitCircuitRow}: entries 0…{@link ROW_HEAD}−1 hold the
 * per-fit scalars at these offsets, then P values, P standard errors (NaN when
 * not reported) and P parameter flags ({@link ROW_PARAM_FIXED} | …).
 * @internal
 */
export const ROW = Object.freeze({ converged: 0, reason: 1, iterations: 2, evaluations: 3, chiSquare: 4, reducedChiSquare: 5, aic: 6, aicc: 7, bic: 8, warnings: 9 });
/** Scalars before the parameter blocks of a row. @internal */
export const ROW_HEAD = 10;
/** Parameter flag bits of a row (and of `FitTable.parameterFlags`). @internal */
export const ROW_PARAM_FIXED = 1;
/** @internal */
export const ROW_PARAM_AT_BOUND = 2;
/** @internal */
export const ROW_PARAM_NOT_IDENTIFIABLE = 4;
/** Warning bits of a row, in the order of {@link ROW_WARNING_CODES}. @internal */
export const ROW_WARNING_CODES = Object.freeze(['NOT_CONVERGED', 'HIGH_CORRELATION', 'NOT_IDENTIFIABLE', 'AT_BOUND', 'FEW_DEGREES_OF_FREEDOM', 'REORDERED'] as const);
/** Stop reasons by their code in a row. @internal */
export const ROW_REASONS = Object.freeze(['gradient', 'step', 'cost', 'zero-residual', 'max-iterations', 'max-evaluations', 'non-finite', 'stalled'] as const satisfies readonly LmStopReason[]);
/** Compile-time check that every {@link LmStopReason} has a code in {@link ROW_REASONS}. */
type UncodedReason = Exclude<LmStopReason, (typeof ROW_REASONS)[number]>;
const reasonsComplete: [UncodedReason] extends [never] ? true : never = true;

/**
 * The numbers of {@link fitCircuit}'s result, written into `row` from
 * `offset` ({@link ROW_HEAD} + 3·P entries, layout {@link ROW}) instead of
 * building a {@link FitResult}: the same computation up to the covariance and
 * the identifiability checks, so every number equals the corresponding field
 * of `fitCircuit`'s result bit for bit, without the result's ≈ 110 objects,
 * warning texts and per-point arrays. Used by `fitTable`'s workers.
 *
 * @internal
 * @param model - compiled model
 * @param spectrum - the spectrum
 * @param options - fit options (`profile` is ignored)
 * @param row - output buffer
 * @param offset - first entry written
 * @param plan - `planFit(model, options)`, resolved once for a batch with these options
 * @throws as {@link fitCircuit}
 * @example
 * ```ts
 * const row = new Float64Array(ROW_HEAD + 3 * model.parameters.length);
 * fitCircuitRow(model, spectrum, {}, row, 0);
 * ```
 */
export function fitCircuitRow(model: CircuitModel, spectrum: Spectrum, options: FitOptions, row: Float64Array, offset: number, plan?: FitPlan): void {
  runFit(model, spectrum, options, { row, offset }, plan);
}

/** Where {@link buildResult} writes a lean row instead of building a FitResult. */
interface RowTarget {
  row: Float64Array;
  offset: number;
}

function runFit(circuit: string | CircuitModel, spectrum: Spectrum, options: FitOptions, lean: RowTarget | null, plan?: FitPlan): FitResult | null {
  const setup = prepareFit(circuit, spectrum, options, plan);
  const { model, free, transforms } = setup;
  const candidates = startCandidates(setup, options);
  const start0 = candidates[0];
  const stateSize = 2 * setup.spectrum.frequency.length + free.length + model.parameters.length;
  if (problemState.length < stateSize) problemState = new Float64Array(Math.max(stateSize, 2 * problemState.length));
  // The problem lives only inside this call (buildResult copies what it returns), so its state can
  // be the shared buffer: no fitCircuit runs between here and the end of buildResult.
  // A batch with one plan shares free and transforms between spectra: rebind the last problem.
  let problem = lastProblems.get(model);
  const sp = setup.spectrum as { frequency: Float64Array; re: Float64Array; im: Float64Array };
  if (!problem || problem.free !== free || problem.transforms !== transforms || !problem.rebind(sp.frequency, sp.re, sp.im, setup.weights, start0)) {
    problem = new CircuitProblem(model, sp.frequency, sp.re, sp.im, setup.weights, start0, free, transforms, problemState);
    lastProblems.set(model, problem);
  }

  const extra = options.multistart ?? 0;
  const starts: Float64Array[] = extra > 0 && free.length > 0 ? [...candidates] : candidates;
  const seed = options.seed ?? 1;
  if (extra > 0 && free.length > 0) {
    const freeIdx = Array.from(free);
    const samples = sampleStarts(
      freeIdx.map((i) => start0[i]),
      freeIdx.map((i) => setup.lower[i]),
      freeIdx.map((i) => setup.upper[i]),
      freeIdx.map((i) => model.parameters[i].scale === 'log' && setup.lower[i] >= 0),
      extra,
      createRandom(seed),
    );
    for (const s of samples) {
      const full = Float64Array.from(start0);
      freeIdx.forEach((i, j) => (full[i] = s[j]));
      starts.push(full);
    }
  }
  const outcomes: StartOutcome[] = [];
  let evaluations = 0;
  for (const s of starts) {
    const o = solveFrom(problem, s, options);
    evaluations += o.res.evaluations;
    outcomes.push(o);
  }
  let best = 0;
  for (let k = 1; k < outcomes.length; k++) {
    const a = outcomes[k].res;
    const b = outcomes[best].res;
    if (Number.isFinite(a.cost) && (!Number.isFinite(b.cost) || a.cost < b.cost)) best = k;
  }
  const bestStart = best;
  if (options.boundProbe === true && (options.solver ?? 'lm') === 'lm' && (!outcomes[best].res.converged || headedToZero(setup, outcomes[best]))) {
    const probe = probeZeroBounds(setup, problem, outcomes[best], options);
    if (probe) {
      evaluations += probe.evaluations;
      if (probe.outcome) {
        outcomes.push(probe.outcome);
        best = outcomes.length - 1;
      }
    }
  }
  const bestCost = outcomes[best].res.cost;
  let reachedBest = 0;
  for (const o of outcomes) if (Number.isFinite(o.res.cost) && o.res.cost <= bestCost * (1 + 1e-6) + 1e-300) reachedBest++;
  const result = buildResult(setup, problem, outcomes[best], options, {
    evaluations,
    starts: starts.length,
    reachedBest,
    bestStart,
    seed,
  }, lean);
  if (!result) return null;
  if (options.profile) {
    const wanted = new Set<number>();
    const keys = options.profile === true ? Array.from(free, (i) => model.parameters[i].key) : options.profile;
    const byName = nameIndex(model);
    for (const key of keys) {
      const i = byName.get(key);
      if (i === undefined) throw new ParameterError('UNKNOWN_PARAMETER', `profile: unknown parameter "${key}"`, key);
      wanted.add(i);
    }
    const values = Float64Array.from(result.valueArray);
    for (const i of wanted) {
      const j = free.indexOf(i);
      const fp = result.parameters[i];
      if (j < 0 || fp.atBound || !Number.isFinite(result.statistics.chiSquare)) {
        fp.profile95 = null;
        continue;
      }
      fp.profile95 = profileInterval(setup, values, j, result.statistics.chiSquare, fp.stderr);
    }
  }
  return result;
}

/**
 * True when a free log-scale parameter bounded below by 0 ended more than
 * three decades below its start value: the fit walked down the flat valley
 * toward a minimum on p = 0 and stopped there on the cost test (with the
 * default iteration limit this happens before `max-iterations`), so
 * {@link probeZeroBounds} should check the boundary itself.
 */
function headedToZero(setup: FitSetup, outcome: StartOutcome): boolean {
  const { free, transforms, lower } = setup;
  const x = outcome.res.x;
  for (let j = 0; j < free.length; j++) {
    if (transformKind(transforms, j) !== 'log' || lower[free[j]] !== 0) continue;
    if (toNatural(transforms, j, x[j]) < 1e-3 * outcome.start[free[j]]) return true;
  }
  return false;
}

/**
 * Active-set probe for a fit that stopped without converging, or converged
 * after heading toward 0 in a log-scale parameter ({@link headedToZero}): a minimum on the
 * boundary p = 0 of a log-scale parameter (e.g. R0 = 0 when the bulk arc lies
 * above the top frequency and only R0 + R1 is determined) sits at x = −∞ in
 * the solver's log coordinates, where the solver crawls along a flat valley.
 * Each free parameter with bounds [0, ∞) is held at 0 in turn and the rest is
 * re-solved from the best point so far; the lowest cost that converged and
 * does not exceed the current best replaces it (the parameter then reports
 * `atBound`). Cheap: it runs only for non-converged fits, and a probe that
 * makes the model non-finite (e.g. R = 0 in parallel) stops at once.
 */
function probeZeroBounds(
  setup: FitSetup,
  problem: CircuitProblem,
  current: StartOutcome,
  options: FitOptions,
): { outcome: StartOutcome | null; evaluations: number } | null {
  const { model, free, transforms, lower, upper } = setup;
  if (!Number.isFinite(current.res.cost)) return null;
  problem.setTransformed(current.res.x);
  const base = problem.values.slice();
  let evaluations = 0;
  let bestCost = current.res.cost;
  let bestValues: Float64Array | null = null;
  let bestRes: LmResult | null = null;
  for (let j = 0; j < free.length; j++) {
    if (transformKind(transforms, j) !== 'log' || lower[free[j]] !== 0) continue;
    // The sub-problem: every free parameter but j, with its own transform and bounds.
    const rest = Array.from({ length: free.length - 1 }, (_, q) => (q < j ? q : q + 1));
    const subFree = Int32Array.from(rest, (q) => free[q]);
    const subTransforms = createTransforms(
      rest.map((q) => transformKind(transforms, q)),
      rest.map((q) => lower[free[q]]),
      rest.map((q) => upper[free[q]]),
    );
    const start = base.slice();
    start[free[j]] = 0;
    const sub = new CircuitProblem(model, setup.spectrum.frequency, setup.spectrum.re, setup.spectrum.im, setup.weights, start, subFree, subTransforms);
    const res = solveFrom(sub, start, options).res;
    evaluations += res.evaluations;
    if (res.converged && Number.isFinite(res.cost) && res.cost <= bestCost) {
      bestCost = res.cost;
      sub.setTransformed(res.x);
      bestValues = sub.values.slice();
      bestRes = res;
    }
  }
  if (!bestValues || !bestRes) return { outcome: null, evaluations };
  // Back in the full problem's coordinates (the probed parameter maps to its smallest representable value).
  const res: LmResult = { ...bestRes, x: problem.toTransformed(bestValues), iterations: current.res.iterations + bestRes.iterations };
  return { outcome: { res, start: current.start }, evaluations };
}

/**
 * A JSON-safe copy of fit options (for saving and replaying): functions
 * (`guess`) and the element registry are dropped, typed arrays become arrays.
 *
 * @param options - fit options
 * @returns the serialisable subset
 * @example
 * ```ts
 * snapshotOptions({ weighting: 'modulus', multistart: 4 }); // { weighting: 'modulus', multistart: 4 }
 * ```
 */
export function snapshotOptions(options: FitOptions): SerializableFitOptions {
  const out: SerializableFitOptions = {};
  for (const [k, v] of Object.entries(options)) {
    if (v === undefined || typeof v === 'function' || k === 'elements') continue;
    if (k === 'weighting' && typeof v === 'object' && v !== null) {
      const w = v as { re?: ArrayLike<number>; im?: ArrayLike<number>; length?: number };
      (out as Record<string, unknown>)[k] = typeof w.length === 'number' ? Array.from(v as ArrayLike<number>) : { re: Array.from(w.re ?? []), im: Array.from(w.im ?? []) };
    } else if (k === 'mask') (out as Record<string, unknown>)[k] = Array.from(v as ArrayLike<boolean>);
    else (out as Record<string, unknown>)[k] = jsonCopy(v);
  }
  return out;
}

/**
 * `JSON.parse(JSON.stringify(v))`, short-cut for the primitives that make up most options:
 * strings and booleans are unchanged, numbers too except −0 → 0 and NaN/±∞ → null (as JSON does).
 */
function jsonCopy(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    default:
      return JSON.parse(JSON.stringify(v));
  }
}

/** Bookkeeping passed to {@link buildResult}. */
interface RunInfo {
  evaluations: number;
  starts: number;
  reachedBest: number;
  bestStart: number;
  seed: number;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v);
}

/** True when every entry is finite (`v − v` is 0 exactly for finite v, NaN otherwise). */
function allFinite(a: ArrayLike<number>, from = 0, to = a.length): boolean {
  for (let i = from; i < to; i++) {
    const v = a[i];
    if (v - v !== 0) return false;
  }
  return true;
}

/** Scalars of a lean row. */
interface RowScalars {
  converged: boolean;
  reason: string;
  iterations: number;
  evaluations: number;
  chi: number;
  reducedChi: number;
  aic: number;
  aicc: number;
  bic: number;
  warnings: number;
}

/** Correlation of free parameters a and b (null where undefined); one expression for the lean row and the nested arrays. */
function correlationOf(covariance: Float64Array, defined: readonly boolean[], se: readonly (number | null)[], nFree: number, a: number, b: number): number | null {
  const sa = se[a];
  const sb = se[b];
  const ok = sa !== null && sb !== null && defined[a] && defined[b];
  return ok && sa > 0 && sb > 0 ? Math.max(-1, Math.min(1, covariance[a * nFree + b] / (sa * sb))) : ok && a === b ? 1 : null;
}

function writeRow({ row, offset }: RowTarget, v: RowScalars): void {
  row[offset + ROW.converged] = v.converged ? 1 : 0;
  row[offset + ROW.reason] = (ROW_REASONS as readonly string[]).indexOf(v.reason);
  row[offset + ROW.iterations] = v.iterations;
  row[offset + ROW.evaluations] = v.evaluations;
  row[offset + ROW.chiSquare] = v.chi;
  row[offset + ROW.reducedChiSquare] = v.reducedChi;
  row[offset + ROW.aic] = v.aic;
  row[offset + ROW.aicc] = v.aicc;
  row[offset + ROW.bic] = v.bic;
  row[offset + ROW.warnings] = v.warnings;
}

function buildResult(setup: FitSetup, problem: CircuitProblem, outcome: StartOutcome, options: FitOptions, info: RunInfo, lean: RowTarget | null): FitResult | null {
  const { model, free, transforms, lower, upper } = setup;
  const params = model.parameters;
  const P = params.length;
  const nFree = free.length;
  const m = problem.residualCount;
  const N = m / 2;
  const { res } = outcome;
  let converged = res.converged;
  let reason: string = res.reason;
  const finite = Number.isFinite(res.cost) && allFinite(res.x);
  let x = finite ? res.x : problem.toTransformed(outcome.start);
  const scratch = scratchFor(m, nFree);
  let r = scratch.r;
  let J = scratch.J;
  // JᵀJ of J when the solver formed it for this very Jacobian (null once J is re-evaluated).
  let gram: Float64Array | null = null;
  // True while r is the solver's final residual vector, unchanged.
  let rFromSolver = false;
  if (info.starts === 1 && (options.solver ?? 'lm') === 'lm' && res.jacobian.length === m * nFree && problem.isCurrent(x, nFree > 0)) {
    // The solver's last evaluation was at x: its residuals and Jacobian are exact. They are views
    // of the solver's workspace, which nothing else uses before the next fit: read (and, below,
    // overwrite) them in place instead of copying.
    r = res.residuals;
    rFromSolver = true;
    if (nFree) {
      J = res.jacobian;
      gram = res.normal;
    }
  } else problem.evaluate(x, r, nFree ? J : null);
  let values = problem.values.slice();
  let reordered = false;
  if (finite && options.canonicalOrder !== false) {
    let groups = groupCache.get(model);
    if (!groups) {
      groups = findInterchangeable(model, setup.elements);
      groupCache.set(model, groups);
    }
    if (groups.length) {
      // values is this call's own copy, and canonicalizeBlocks writes only when it reorders.
      if (canonicalizeBlocks(groups, values, setup.locked, lower, upper)) {
        reordered = true;
        x = problem.toTransformed(values);
        problem.evaluate(x, r, nFree ? J : null);
        gram = null;
        rFromSolver = false;
        values = problem.values.slice();
      }
    }
  }
  // The solver's own Σ r² when r is still its final residual vector (same function, same bits).
  let cost = rFromSolver ? res.cost : sumSquares(r, m);
  if (!allFinite(values) || !Number.isFinite(cost)) {
    // Never return NaN: fall back to the start values.
    values = Float64Array.from(outcome.start);
    converged = false;
    reason = 'non-finite';
    x = problem.toTransformed(values);
    problem.evaluate(x, r, nFree ? J : null);
    gram = null;
    cost = sumSquares(r, m);
    if (!Number.isFinite(cost)) cost = Infinity;
  }
  // Natural-space covariance: the Jacobian in transformed coordinates with its columns divided by
  // dp/dx (covarianceInto scales the Gram matrix instead of forming J/(dp/dx)).
  const dpdx = problem.derivatives(x, scratch.dpdx);
  const atBound = new Array<boolean>(nFree);
  const include = new Array<boolean>(nFree);
  for (let j = 0; j < nFree; j++) {
    const p = values[free[j]];
    atBound[j] = isAtBound(transforms, j, p);
    // A log-scale parameter driven to its bound 0 (see probeZeroBounds) is reported as exactly 0.
    if (atBound[j] && p < 1e-250 && lower[free[j]] === 0 && transformKind(transforms, j) === 'log') values[free[j]] = 0;
    include[j] = !atBound[j] && dpdx[j] !== 0 && Number.isFinite(dpdx[j]);
  }
  const chiForCov = Number.isFinite(cost) ? cost : 0;
  const absolute = setup.weights.absolute;
  const cov = scratch.cov;
  covarianceInto(J, m, nFree, include, chiForCov, absolute, 1e-13, cov, dpdx, gram);
  if (cov.nonFiniteColumn) {
    // A non-finite Σ J² may only be an overflow; a non-finite entry of an included column
    // makes the whole covariance undefined. Checked here, off the common path.
    let jFinite = true;
    for (let j = 0; j < nFree && jFinite; j++) if (include[j]) jFinite = allFinite(J, j * m, j * m + m);
    if (!jFinite) {
      include.fill(false);
      covarianceInto(J, m, nFree, include, chiForCov, absolute, 1e-13, cov, dpdx);
    }
  }
  const covariance = cov.covariance;
  const defined = cov.defined;
  const k = nFree;
  const dof = m - k;
  const se = new Array<number | null>(nFree);
  const identifiable = new Array<boolean>(nFree);
  for (let j = 0; j < nFree; j++) {
    se[j] = null;
    identifiable[j] = true;
    const p = values[free[j]];
    const v = covariance[j * nFree + j];
    if (!defined[j] || !(v >= 0) || !Number.isFinite(cost)) {
      identifiable[j] = atBound[j] ? true : false;
      continue;
    }
    const s = Math.sqrt(v);
    se[j] = s;
    // Not identifiable: relative standard error above 100%, or variance inflation above 1e5
    // (multiple correlation R² > 0.99999 with the other parameters: a near-null direction of the Fisher information).
    if ((s > Math.abs(p) && p !== 0) || !(cov.vif[j] <= VIF_LIMIT)) identifiable[j] = false;
  }
  // Pairs that only the data's combination determines: |ρ| > 0.999, or ρ < −0.995 for same-unit
  // parameters (e.g. two resistances in series, where only the sum is fixed by the data).
  let highCorrelation = false;
  for (let a = 0; a < nFree; a++) {
    // correlationOf without the calls: a pair with an undefined or zero standard error has none.
    const sa = se[a];
    if (sa === null || !defined[a] || !(sa > 0)) continue;
    for (let b = a + 1; b < nFree; b++) {
      const sb = se[b];
      if (sb === null || !defined[b] || !(sb > 0)) continue;
      const c = Math.max(-1, Math.min(1, covariance[a * nFree + b] / (sa * sb)));
      if (Math.abs(c) > 0.95) highCorrelation = true;
      if (Math.abs(c) > 0.999 || (c < -0.995 && params[free[a]].unit === params[free[b]].unit)) {
        identifiable[a] = false;
        identifiable[b] = false;
      }
    }
  }
  // Statistics.
  const chi = Number.isFinite(cost) ? cost : Infinity;
  const logL = m * Math.log(Math.max(chi, 1e-300) / m);
  const aic = absolute ? chi + 2 * k : logL + 2 * k;
  const bic = absolute ? chi + k * Math.log(m) : logL + k * Math.log(m);
  const aicc = m - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (m - k - 1) : aic;
  if (lean) {
    writeRow(lean, {
      converged: converged && Number.isFinite(chi),
      reason,
      iterations: res.iterations,
      evaluations: info.evaluations,
      chi,
      reducedChi: dof > 0 ? chi / dof : chi,
      aic,
      aicc,
      bic,
      warnings:
        (converged ? 0 : 1) |
        (highCorrelation ? 2 : 0) |
        (identifiable.includes(false) ? 4 : 0) |
        (atBound.includes(true) ? 8 : 0) |
        (dof <= 0 ? 16 : 0) |
        (reordered ? 32 : 0),
    });
    const { row, offset } = lean;
    const vo = offset + ROW_HEAD;
    const so = vo + P;
    const fo = so + P;
    for (let i = 0; i < P; i++) {
      row[vo + i] = values[i];
      row[so + i] = NaN;
      row[fo + i] = ROW_PARAM_FIXED;
    }
    for (let j = 0; j < nFree; j++) {
      const i = free[j];
      const s = se[j];
      row[so + i] = s === null ? NaN : s;
      row[fo + i] = (atBound[j] ? ROW_PARAM_AT_BOUND : 0) | (identifiable[j] ? 0 : ROW_PARAM_NOT_IDENTIFIABLE);
    }
    return null;
  }
  const corrOf = (a: number, b: number): number | null => correlationOf(covariance, defined, se, nFree, a, b);
  // Covariance and correlation as nested arrays (null where undefined). The covariance of the
  // Cholesky path need not be bitwise symmetric, so both triangles are computed.
  const corr: (number | null)[][] = [];
  const covOut: (number | null)[][] = [];
  for (let a = 0; a < nFree; a++) {
    const corrRow: (number | null)[] = [];
    const covRow: (number | null)[] = [];
    const sa = se[a];
    for (let b = 0; b < nFree; b++) {
      const sb = se[b];
      const ok = sa !== null && sb !== null && defined[a] && defined[b];
      covRow.push(ok ? covariance[a * nFree + b] : null);
      corrRow.push(corrOf(a, b));
    }
    corr.push(corrRow);
    covOut.push(covRow);
  }
  const warnings: FitWarning[] = [];
  const keyOf = (j: number) => params[free[j]].key;
  if (!converged) {
    warnings.push({ code: 'NOT_CONVERGED', parameters: [], message: `the solver stopped without converging (${reason}); the values are the best found` });
  }
  for (let a = 0; a < nFree; a++) {
    for (let b = a + 1; b < nFree; b++) {
      const c = corr[a][b];
      if (c !== null && Math.abs(c) > 0.95) {
        warnings.push({
          code: 'HIGH_CORRELATION',
          parameters: [keyOf(a), keyOf(b)],
          message: `${keyOf(a)} and ${keyOf(b)} are strongly correlated (ρ = ${c.toFixed(3)})`,
        });
      }
    }
  }
  // Non-identifiable parameters and which combination is determined.
  const unid: number[] = [];
  for (let j = 0; j < nFree; j++) if (!identifiable[j]) unid.push(j);
  if (unid.length) {
    const described = new Set<number>();
    const parts: string[] = [];
    for (const a of unid) {
      for (const b of unid) {
        if (b <= a || described.has(a) || described.has(b)) continue;
        const pa = params[free[a]];
        const pb = params[free[b]];
        const cab = corr[a][b];
        if (pa.unit === pb.unit && cab !== null && cab < -0.9) {
          const va = values[free[a]];
          const vb = values[free[b]];
          const varSum = covariance[a * nFree + a] + covariance[b * nFree + b] + 2 * covariance[a * nFree + b];
          const s = Math.sqrt(Math.max(varSum, 0));
          parts.push(`only ${pa.key} + ${pb.key} = ${fmt(va + vb)} ± ${fmt(s)} ${pa.unit} is determined`);
          described.add(a);
          described.add(b);
        }
      }
    }
    const rest = unid.filter((j) => !described.has(j));
    if (rest.length) {
      parts.push(
        `${rest.map(keyOf).join(', ')} ${rest.length > 1 ? 'are' : 'is'} not determined by the data on ${rest.length > 1 ? 'their' : 'its'} own (relative standard error > 100%, or variance inflation > 1e5: a near-null direction of the Fisher information)`,
      );
    }
    // Frequencies are validated positive and finite, so a plain scan equals Math.max (without spreading the array).
    const freq = setup.spectrum.frequency;
    let fmax = -Infinity;
    for (let i = 0; i < freq.length; i++) if (freq[i] > fmax) fmax = freq[i];
    warnings.push({
      code: 'NOT_IDENTIFIABLE',
      parameters: unid.map(keyOf),
      message: `${parts.join('; ')}. A typical cause is an arc whose apex lies outside the measured range (top frequency ${fmt(fmax)} Hz); fix or drop a parameter, or measure a wider range`,
    });
  }
  const bounded: number[] = [];
  for (let j = 0; j < nFree; j++) if (atBound[j]) bounded.push(j);
  if (bounded.length) {
    warnings.push({
      code: 'AT_BOUND',
      parameters: bounded.map(keyOf),
      message: `${bounded.map((j) => `${keyOf(j)} = ${fmt(values[free[j]])}`).join(', ')} ${bounded.length > 1 ? 'ended on their bounds; their uncertainties are' : 'ended on a bound; its uncertainty is'} not reported`,
    });
  }
  if (dof <= 0) {
    warnings.push({ code: 'FEW_DEGREES_OF_FREEDOM', parameters: [], message: `${m} residuals for ${k} free parameters leave no degrees of freedom` });
  }
  // Parameters. freePos[i] = position of model parameter i in the free vector, −1 when fixed.
  const freePos = new Int32Array(P).fill(-1);
  for (let j = 0; j < nFree; j++) freePos[free[j]] = j;
  const parameters: FittedParameter[] = [];
  const t = studentT975(Math.max(dof, 1));
  for (let i = 0; i < P; i++) {
    const p = params[i];
    const j = freePos[i];
    const isFree = j >= 0;
    const value = values[i];
    const s = isFree ? se[j] : null;
    let ci: [number, number] | null = null;
    if (s !== null) {
      let lo: number;
      let hi: number;
      if (p.scale === 'log' && value > 0) {
        const f = Math.exp((t * s) / value);
        lo = value / f;
        hi = value * f;
      } else {
        lo = value - t * s;
        hi = value + t * s;
      }
      lo = Math.max(lo, lower[i]);
      hi = Math.min(hi, upper[i]);
      ci = Number.isFinite(lo) && Number.isFinite(hi) && identifiable[j] ? [lo, hi] : null;
    }
    const out: FittedParameter = {
      key: p.key,
      alias: p.alias,
      element: p.element,
      value,
      unit: p.unit,
      stderr: s,
      relativeStderr: s !== null && value !== 0 ? s / Math.abs(value) : null,
      ci95: ci,
      fixed: !isFree,
      atBound: isFree ? atBound[j] : false,
      identifiable: isFree ? identifiable[j] : true,
      initial: outcome.start[i],
    };
    if (p.role !== undefined) out.role = p.role;
    parameters.push(out);
  }
  // Residuals.
  // The five per-point result arrays are disjoint views of one buffer (one ArrayBuffer instead of five).
  const perPoint = new Float64Array(5 * N);
  const fRe = perPoint.subarray(0, N);
  const fIm = perPoint.subarray(N, 2 * N);
  const relRe = perPoint.subarray(2 * N, 3 * N);
  const relIm = perPoint.subarray(3 * N, 4 * N);
  const freqOut = perPoint.subarray(4 * N, 5 * N);
  fRe.set(problem.zRe);
  fIm.set(problem.zIm);
  freqOut.set(setup.spectrum.frequency);
  const dRe = setup.spectrum.re;
  const dIm = setup.spectrum.im;
  for (let i = 0; i < N; i++) {
    let mod = modulus(fRe[i], fIm[i]);
    if (!(mod > 0) || !Number.isFinite(mod)) mod = modulus(dRe[i], dIm[i]) || 1;
    const a = (dRe[i] - fRe[i]) / mod;
    const b = (dIm[i] - fIm[i]) / mod;
    relRe[i] = Number.isFinite(a) ? a : 0;
    relIm[i] = Number.isFinite(b) ? b : 0;
    if (!Number.isFinite(fRe[i])) fRe[i] = 0;
    if (!Number.isFinite(fIm[i])) fIm[i] = 0;
  }
  const valueRecord: Record<string, number> = {};
  const valueArray: number[] = [];
  for (let i = 0; i < P; i++) {
    valueRecord[params[i].key] = values[i];
    valueArray.push(values[i]);
  }
  const freeKeys: string[] = [];
  for (let j = 0; j < nFree; j++) freeKeys.push(keyOf(j));
  return {
    circuit: model.circuit,
    parameters,
    values: valueRecord,
    valueArray,
    freeKeys,
    covariance: covOut,
    correlation: corr,
    warnings,
    statistics: {
      points: N,
      residualCount: m,
      freeParameters: k,
      dof,
      chiSquare: chi,
      reducedChiSquare: dof > 0 ? chi / dof : chi,
      aic,
      aicc,
      bic,
      weighting: setup.weights.name,
    },
    residuals: { frequency: freqOut, re: relRe, im: relIm },
    fitted: { re: fRe, im: fIm },
    converged: converged && Number.isFinite(chi),
    reason,
    iterations: res.iterations,
    evaluations: info.evaluations,
    timeMs: 0,
    solver: options.solver ?? 'lm',
    multistart: { starts: info.starts, reachedBest: info.reachedBest, bestStart: info.bestStart, seed: info.seed },
    reordered,
    options: snapshotOptions(options),
  };
}
