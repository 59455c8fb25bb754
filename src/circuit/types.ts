/**
 * Shared types of the circuit layer: the AST, the element registry entries and
 * the compiled model. Kept in one file so every concern imports one place.
 *
 * @module
 */

/** Physical process an element stands for. Analysis uses roles to label arcs. */
export type Role =
  | 'bulk'
  | 'grain-boundary'
  | 'interphase'
  | 'charge-transfer'
  | 'diffusion'
  | 'electrode'
  | 'contact'
  | 'stray';

/**
 * Every valid {@link Role}, in a stable order.
 *
 * @example
 * ```ts
 * ROLES.includes('grain-boundary'); // true
 * ```
 */
export const ROLES: readonly Role[] = Object.freeze([
  'bulk',
  'grain-boundary',
  'interphase',
  'charge-transfer',
  'diffusion',
  'electrode',
  'contact',
  'stray',
]);

/** Inline annotation of one parameter: `R=200:50..2000 fixed`. */
export interface ParameterAnnotation {
  /** Initial value (SI units of the parameter). */
  initial?: number;
  /** Lower bound. */
  lower?: number;
  /** Upper bound. */
  upper?: number;
  /** Hold the parameter at `initial` during fitting. */
  fixed?: boolean;
}

/** Annotations attached to one element instance. */
export interface ElementAnnotations {
  /** Per-parameter annotations keyed by the parameter's short name (`R`, `Q`, `alpha`). */
  parameters?: Record<string, ParameterAnnotation>;
  /** The physical process this element represents. */
  role?: Role;
}

/** A leaf of the circuit: one element instance such as `CPE1` or `R_gb`. */
export interface ElementNode {
  /** Node kind. */
  type: 'element';
  /** Registry symbol (impedance.py spelling), e.g. `CPE`, `Wo`, `R`. */
  symbol: string;
  /** Instance name, e.g. `CPE1`, `R_gb`. Unique within a circuit. */
  name: string;
  /** Inline annotations, absent when none were given. */
  annotations?: ElementAnnotations;
}

/** Elements in series: Z = Σ Zᵢ. */
export interface SeriesNode {
  /** Node kind. */
  type: 'series';
  /** At least two children, none of them a series node (series is flattened). */
  children: CircuitNode[];
}

/** Elements in parallel: 1/Z = Σ 1/Zᵢ. */
export interface ParallelNode {
  /** Node kind. */
  type: 'parallel';
  /** At least two children, none of them a parallel node (parallel is flattened). */
  children: CircuitNode[];
}

/** Any node of the circuit AST shared by both dialects. */
export type CircuitNode = ElementNode | SeriesNode | ParallelNode;

/** Circuit notation. */
export type CircuitDialect = 'impedancepy' | 'cdc';

/** Scale a parameter is fitted in. */
export type ParameterScale = 'log' | 'linear';

/** Declaration of one element parameter. */
export interface ParameterSpec {
  /** Short name, used in aliases and annotations (`Q`, `alpha`). */
  name: string;
  /** SI unit, e.g. `Ω`, `F`, `Ω^-1 s^α`, `s`, `1`. */
  unit: string;
  /** Typical value used when nothing better is known. */
  default: number;
  /** Hard physical bounds [lower, upper]. */
  bounds: readonly [number, number];
  /** `log` for strictly positive magnitudes, `linear` for exponents and signed values. */
  scale: ParameterScale;
  /** One-line description. */
  description: string;
}

/**
 * Precomputed per-frequency quantities handed to kernels so that no kernel
 * recomputes logarithms or square roots of ω.
 */
export interface FrequencyGrid {
  /** Number of points. */
  readonly n: number;
  /** ω = 2πf in rad/s. */
  readonly omega: Float64Array;
  /** ln ω. */
  readonly logOmega: Float64Array;
}

/**
 * Writes Z(ω) of one element into `re`/`im` for every grid point.
 * `p[o]`, `p[o+1]`, … are the element's parameters in declaration order.
 */
export type ElementKernel = (
  p: ArrayLike<number>,
  o: number,
  grid: FrequencyGrid,
  re: Float64Array,
  im: Float64Array,
) => void;

/**
 * Writes Z(ω) into `re`/`im` and ∂Z/∂pₖ into column `col + k` of the
 * column-major buffers `dRe`/`dIm` (column c starts at `c * grid.n`).
 */
export type ElementGradient = (
  p: ArrayLike<number>,
  o: number,
  grid: FrequencyGrid,
  re: Float64Array,
  im: Float64Array,
  dRe: Float64Array,
  dIm: Float64Array,
  col: number,
) => void;

/** One entry of the declarative element registry. */
export interface ElementDefinition {
  /** impedance.py symbol, e.g. `CPE`. Case-sensitive. */
  symbol: string;
  /** Boukamp CDC letter(s), e.g. `Q`, when the element has one. */
  cdc?: string;
  /** Human name, e.g. `constant phase element`. */
  name: string;
  /** Parameters in impedance.py order (`CPE1_0` = Q, `CPE1_1` = alpha). */
  parameters: readonly ParameterSpec[];
  /**
   * The impedance as a mathjs expression in `omega` (rad/s), the imaginary unit
   * `i` and the parameter short names. Used as the independent test oracle and
   * by {@link ElementDefinition.kernel} of user-defined elements.
   */
  equation: string;
  /** Formula source (paper, year). */
  reference: string;
  /** Fast kernel. */
  kernel: ElementKernel;
  /** Value plus analytic partial derivatives. */
  gradient: ElementGradient;
}

/** Read-only map from symbol to definition; parsing and compiling take one as an option. */
export type ElementRegistry = ReadonlyMap<string, ElementDefinition>;

/** A parameter of a compiled circuit. */
export interface ModelParameter {
  /** impedance.py key: `R0`, `CPE1_0`, `Wo1_1`. */
  key: string;
  /** Readable alias: `R0.R`, `CPE1.Q`, `CPE1.alpha`. */
  alias: string;
  /** Element instance name, e.g. `CPE1`. */
  element: string;
  /** Element symbol, e.g. `CPE`. */
  symbol: string;
  /** Short parameter name from the spec (`Q`). */
  name: string;
  /** SI unit. */
  unit: string;
  /** Bounds after annotations. */
  bounds: readonly [number, number];
  /** Fitting scale. */
  scale: ParameterScale;
  /** Registry default value. */
  default: number;
  /** Initial value from annotations, if any. */
  initial?: number;
  /** Fixed by annotation. */
  fixed: boolean;
  /** Role of the owning element, if annotated. */
  role?: Role;
}

/** Real and imaginary parts of a vector of complex numbers. */
export interface ComplexArrays {
  /** Real parts. */
  re: Float64Array;
  /** Imaginary parts. */
  im: Float64Array;
}

/**
 * A compiled circuit. `evaluate` and `jacobian` allocate nothing per point; when
 * `out` buffers are given they allocate nothing at all.
 */
export interface CircuitModel {
  /** The circuit AST. */
  readonly ast: CircuitNode;
  /** Canonical impedance.py string. */
  readonly circuit: string;
  /** Parameters in impedance.py order. */
  readonly parameters: readonly ModelParameter[];
  /**
   * Z(ω) at each frequency (Hz).
   * @param values - parameter values in `parameters` order
   * @param frequency - frequencies in Hz
   * @param out - optional output buffers of length `frequency.length`
   */
  evaluate(values: ArrayLike<number>, frequency: Float64Array, out?: ComplexArrays): ComplexArrays;
  /**
   * ∂Z/∂pₖ, column-major: column k occupies `[k*n, (k+1)*n)` of `re` and `im`.
   * @param values - parameter values
   * @param frequency - frequencies in Hz
   * @param out - optional buffers of length `parameters.length * frequency.length`
   * @param value - optional buffers that also receive Z itself
   */
  jacobian(
    values: ArrayLike<number>,
    frequency: Float64Array,
    out?: ComplexArrays,
    value?: ComplexArrays,
  ): ComplexArrays;
}
