/**
 * Types of the fitting engine: options, fitted parameters and the fit result.
 *
 * @module
 */
import type { CircuitModel, ElementRegistry, Role } from '../circuit/types.js';
import type { Spectrum } from '../data/spectrum.js';
import type { Weighting } from './weighting.js';

/**
 * A pluggable source of starting values (see `FitOptions.guess`). It receives
 * the model, the (range/mask-filtered) spectrum and the automatic guess, and
 * returns values for some or all parameters, either in `model.parameters`
 * order or keyed by parameter key/alias. Missing or non-finite entries fall
 * back to the automatic guess; user `initial` values always win.
 *
 * @example
 * ```ts
 * const myGuess: GuessFunction = (model, spectrum, auto) => ({ R0: spectrum.re[0] });
 * fitCircuit('R0-p(R1,C1)', spectrum, { guess: myGuess });
 * ```
 */
export type GuessFunction = (
  model: CircuitModel,
  spectrum: Spectrum,
  automatic: Float64Array,
) => ArrayLike<number> | Readonly<Record<string, number>>;

/** Relative stopping tolerances of the solver (see `LmOptions`). */
export interface FitTolerances {
  /** Gradient cosine tolerance (default 1e-8). */
  gtol?: number;
  /** Relative step tolerance on the transformed parameters (default 1e-10). */
  xtol?: number;
  /** Relative cost-reduction tolerance (default 1e-10). */
  ftol?: number;
}

/** Options of `fitCircuit`; every field is optional. */
export interface FitOptions {
  /**
   * Starting values keyed by parameter key (`R0`, `CPE1_0`) or alias
   * (`CPE1.Q`). Partial is fine: missing values come from the circuit's inline
   * annotations, then from `guess`.
   */
  initial?: Readonly<Record<string, number>>;
  /**
   * Parameters held constant: a list of keys/aliases (held at their initial
   * or guessed value) or a map key → value.
   */
  fixed?: readonly string[] | Readonly<Record<string, number>>;
  /** Bounds [lower, upper] keyed by key/alias; they override the element's bounds. */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
  /** Residual weighting (default `'unit'`), see {@link Weighting}. */
  weighting?: Weighting;
  /** Only use points with fmin ≤ f ≤ fmax (Hz). */
  frequencyRange?: readonly [number, number];
  /** Only use points whose mask entry is true (same length as the spectrum). */
  mask?: ArrayLike<boolean>;
  /**
   * Number of additional seeded starts (default 0): log-uniform samples around
   * the guess within bounds (factor 100 either way for log-scale parameters).
   */
  multistart?: number;
  /** Seed of the multistart sampler (default 1). */
  seed?: number;
  /** Iteration limit per start (default 100·(n + 1) for n free parameters, at least 200: 800 for 7, as MINPACK's `lmder`). */
  maxIterations?: number;
  /** Stopping tolerances. */
  tolerances?: FitTolerances;
  /** Solver: `'lm'` (default, this library's) or `'ml-levenberg-marquardt'` (cross-check). */
  solver?: 'lm' | 'ml-levenberg-marquardt';
  /** Geodesic acceleration in the `'lm'` solver (default false). */
  geodesic?: boolean;
  /**
   * When the solver stops without converging, or converges after a log-scale
   * parameter with bounds [0, ∞) fell more than three decades below its start
   * (a walk down the flat valley toward p = 0), try each free parameter with
   * bounds [0, ∞) held at 0 and keep the result if it converges at a cost no
   * higher than the best so far (default false; `'lm'` solver only). Finds
   * boundary minima such as R0 = 0 when the bulk arc lies above the top
   * frequency, which log coordinates reach only at −∞. Off by default because
   * a parameter at 0 has no standard error and cannot enter an Arrhenius fit
   * of that parameter; turn it on when the lowest cost is what you need.
   */
  boundProbe?: boolean;
  /**
   * Source of starting values for parameters without user/annotation values:
   * `'auto'` (default, {@link guessInitial}-style analysis of the spectrum) or a
   * {@link GuessFunction} (e.g. a DRT-seeded guess).
   */
  guess?: 'auto' | GuessFunction;
  /**
   * Put interchangeable parallel blocks (e.g. the two arcs of
   * `p(R1,CPE1)-p(R2,CPE2)`) in order of increasing time constant (default
   * true). Blocks with fixed, user-initialised or role-labelled parameters are never moved.
   */
  canonicalOrder?: boolean;
  /** Compute profile-likelihood 95% intervals for these parameter keys/aliases (or all free ones with `true`). */
  profile?: readonly string[] | boolean;
  /** Element registry used when `circuit` is a string (default: built-in). */
  elements?: ElementRegistry;
  /**
   * Treat explicit σ weights as absolute standard deviations (default true):
   * the covariance is then (JᵀWJ)⁻¹ without rescaling by χ²/(N−p).
   */
  sigmaIsAbsolute?: boolean;
}

/** One parameter of a fit result. */
export interface FittedParameter {
  /** impedance.py key, e.g. `CPE1_0`. */
  key: string;
  /** Readable alias, e.g. `CPE1.Q`. */
  alias: string;
  /** Element instance name. */
  element: string;
  /** Fitted value (never NaN; equals the start value for fixed parameters). */
  value: number;
  /** SI unit. */
  unit: string;
  /** Standard error (1σ); null when fixed, at a bound or not identifiable. */
  stderr: number | null;
  /** stderr/|value|; null when stderr is null. */
  relativeStderr: number | null;
  /**
   * Wald 95% confidence interval (Student t with N−p degrees of freedom),
   * computed in the fitting scale: symmetric for linear parameters,
   * value·exp(±t·stderr/value) for log-scale parameters (always positive),
   * clipped to the bounds. Null when stderr is null or the parameter is not identifiable.
   */
  ci95: [number, number] | null;
  /** Profile-likelihood 95% interval when requested (bounds may be ±∞ or a parameter bound when open). */
  profile95?: [number, number] | null;
  /** Physical role of the element, if annotated. */
  role?: Role;
  /** True when held constant. */
  fixed: boolean;
  /** True when the value ended on (within 1e-6 relative of) a bound. */
  atBound: boolean;
  /** False when the data cannot determine this parameter on its own (see warnings). */
  identifiable: boolean;
  /** Starting value of the best start. */
  initial: number;
}

/** Machine-readable warning codes of a fit. */
export type FitWarningCode = 'HIGH_CORRELATION' | 'NOT_IDENTIFIABLE' | 'AT_BOUND' | 'NOT_CONVERGED' | 'FEW_DEGREES_OF_FREEDOM';

/** A warning attached to a fit result. */
export interface FitWarning {
  /** Machine-readable reason. */
  code: FitWarningCode;
  /** Parameters concerned (keys). */
  parameters: string[];
  /** Human-readable explanation, e.g. which combination is determined. */
  message: string;
}

/** Multistart bookkeeping. */
export interface MultistartSummary {
  /** Number of starts run (including the guess). */
  starts: number;
  /** Number of starts whose cost is within 1e-6 relative of the best. */
  reachedBest: number;
  /** Index of the start that gave the best cost (0 = the guess). */
  bestStart: number;
  /** Seed used. */
  seed: number;
}

/** Goodness of fit and information criteria. */
export interface FitStatistics {
  /** Number of frequencies used. */
  points: number;
  /** Residual count m = 2·points. */
  residualCount: number;
  /** Free parameter count k. */
  freeParameters: number;
  /** Degrees of freedom m − k. */
  dof: number;
  /** χ² = Σ rᵢ² (weighted; in Ω² for unit weighting). */
  chiSquare: number;
  /** χ²/(m − k) (Infinity when m ≤ k would divide by zero → reported as χ²). */
  reducedChiSquare: number;
  /**
   * Akaike information criterion. Relative weights: m·ln(χ²/m) + 2k; absolute σ: χ² + 2k
   * (Akaike 1974; Burnham & Anderson 2002).
   */
  aic: number;
  /** Small-sample AIC: AIC + 2k(k+1)/(m−k−1) (Hurvich & Tsai 1989). */
  aicc: number;
  /** Bayesian information criterion: m·ln(χ²/m) + k·ln m (absolute σ: χ² + k·ln m) (Schwarz 1978). */
  bic: number;
  /** Weighting used (`unit`, `modulus`, `proportional`, `boukamp`, `sigma`). */
  weighting: string;
}

/** Residuals at the fitted parameters, relative to the model modulus. */
export interface FitResiduals {
  /** Frequencies used (Hz). */
  frequency: Float64Array;
  /** (Re Z_data − Re Z_model)/|Z_model|. */
  re: Float64Array;
  /** (Im Z_data − Im Z_model)/|Z_model|. */
  im: Float64Array;
}

/** Model impedance at the fitted parameters. */
export interface FittedImpedance {
  /** Re Z_model (Ω). */
  re: Float64Array;
  /** Im Z_model (Ω). */
  im: Float64Array;
}

/** σ arrays of a saved fit. */
export interface SigmaArrays {
  /** σ of Re Z per point. */
  re: number[];
  /** σ of Im Z per point. */
  im: number[];
}

/** Result of `fitCircuit`. Never holds NaN. */
export interface FitResult {
  /** Canonical impedance.py circuit string. */
  circuit: string;
  /** Per-parameter results in model order. */
  parameters: FittedParameter[];
  /** Fitted values keyed by parameter key. */
  values: Record<string, number>;
  /** Fitted values in model order (pass to `model.evaluate`). */
  valueArray: number[];
  /** Keys of the free parameters, the row/column order of `covariance` and `correlation`. */
  freeKeys: string[];
  /** Covariance of the free parameters (natural units); entries of non-identifiable ones are null. */
  covariance: (number | null)[][];
  /** Correlation matrix of the free parameters; null where undefined. */
  correlation: (number | null)[][];
  /** Warnings (high correlation, non-identifiable parameters, bounds, convergence). */
  warnings: FitWarning[];
  /** Goodness of fit and information criteria. */
  statistics: FitStatistics;
  /** Relative residuals. */
  residuals: FitResiduals;
  /** Model impedance at the used frequencies. */
  fitted: FittedImpedance;
  /** True when the solver met a relative stopping criterion at a finite point. */
  converged: boolean;
  /** Solver stop reason (or why the fit failed). */
  reason: string;
  /** Iterations of the best start. */
  iterations: number;
  /** Residual evaluations over all starts. */
  evaluations: number;
  /** Wall time in milliseconds. */
  timeMs: number;
  /** Solver used. */
  solver: 'lm' | 'ml-levenberg-marquardt';
  /** Multistart bookkeeping. */
  multistart: MultistartSummary;
  /** True when interchangeable blocks were reordered by time constant. */
  reordered: boolean;
  /** The options of the fit, JSON-safe (functions and registries dropped), for saving and replaying. */
  options: SerializableFitOptions;
}

/**
 * The JSON-safe subset of {@link FitOptions} stored in a {@link FitResult}:
 * everything except `guess` functions and `elements` registries, with arrays
 * instead of typed arrays.
 */
export type SerializableFitOptions = Omit<FitOptions, 'guess' | 'elements' | 'weighting' | 'mask'> & {
  /** Weighting mode, σ per point, or σ for real and imaginary parts. */
  weighting?: 'unit' | 'modulus' | 'proportional' | 'boukamp' | number[] | SigmaArrays;
  /** Point mask. */
  mask?: boolean[];
  /** `'auto'` when the guess was automatic (a function guess is not serialisable and is dropped). */
  guess?: 'auto';
};
