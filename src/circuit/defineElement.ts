import { all, create, type EvalFunction, type MathJsInstance, type MathNode } from 'mathjs';
import { ParameterError } from '../errors.js';
import type { ElementDefinition, ElementGradient, ElementKernel, ParameterScale, ParameterSpec } from './types.js';

/**
 * One parameter of a user-defined element; only `name` and `default` are required.
 *
 * @example
 * ```ts
 * const tau: ElementParameterInput = { name: 'tau', unit: 's', default: 1e-3 }; // log scale, (0, ∞)
 * const n: ElementParameterInput = { name: 'n', default: 0.9, bounds: [0, 1] }; // linear scale
 * ```
 */
export interface ElementParameterInput {
  /** Short name used in the equation, annotations and aliases (`k`, `tau`). */
  name: string;
  /** Typical value, used as the fallback initial guess. Must lie inside `bounds`. */
  default: number;
  /** SI unit (default `1`). */
  unit?: string;
  /**
   * Hard bounds [lower, upper] (default `[0, Infinity]` for a positive default,
   * `[-Infinity, Infinity]` otherwise).
   */
  bounds?: readonly [number, number];
  /** Fitting scale (default `log` when the lower bound is ≥ 0 and the upper infinite, else `linear`). */
  scale?: ParameterScale;
  /** One-line description (default: the name). */
  description?: string;
}

/**
 * Input of {@link defineElement}.
 *
 * @example
 * ```ts
 * const input: DefineElementInput = {
 *   symbol: 'Dbl',
 *   name: 'Debye relaxation',
 *   parameters: [{ name: 'R', unit: 'Ω', default: 100 }, { name: 'tau', unit: 's', default: 1e-3 }],
 *   equation: 'R / (1 + i * omega * tau)',
 * };
 * ```
 */
export interface DefineElementInput {
  /** Element symbol, letters only (`Fd`, `Dx`); instances are `Fd1`, `Fd_gb`. */
  symbol: string;
  /** Human name. */
  name: string;
  /** Parameters in key order (`Fd1_0`, `Fd1_1`, …). */
  parameters: readonly ElementParameterInput[];
  /**
   * Impedance in Ω as a mathjs expression in `omega` (rad/s), the imaginary
   * unit `i` and the parameter names, e.g. `R / (1 + (i*omega*tau)^n)`.
   */
  equation: string;
  /** Source of the formula (default `user-defined`). */
  reference?: string;
  /** Boukamp CDC letter, when the element should be readable in CDC strings. */
  cdc?: string;
}

/** Relative finite-difference step ≈ ε^(1/3), optimal for central differences. */
const FD_STEP = 6.0554544523933395e-6;
/** Words that cannot name a parameter or element. */
const RESERVED = new Set(['omega', 'i']);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

let mathInstance: MathJsInstance | undefined;
/** The mathjs instance, created on first use so importing eiskit stays cheap. */
function mathjs(): MathJsInstance {
  mathInstance ??= create(all);
  return mathInstance;
}

interface MathValue {
  re: number;
  im: number;
}

/** Reads a mathjs result as re/im into `out`; false when it is not a scalar number. */
function readComplex(z: unknown, out: Float64Array): boolean {
  if (typeof z === 'number') {
    out[0] = z;
    out[1] = 0;
    return true;
  }
  if (z !== null && typeof z === 'object' && typeof (z as MathValue).re === 'number' && typeof (z as MathValue).im === 'number') {
    out[0] = (z as MathValue).re;
    out[1] = (z as MathValue).im;
    return true;
  }
  return false;
}

function normaliseParameter(input: ElementParameterInput, k: number, symbol: string): ParameterSpec {
  const where = `parameter ${k} of element "${symbol}"`;
  if (!input || typeof input !== 'object') throw new TypeError(`${where} must be an object with name and default`);
  const { name } = input;
  if (typeof name !== 'string' || !IDENT.test(name)) {
    throw new TypeError(`${where}: name ${JSON.stringify(name)} must be an identifier (letters, digits, _; not starting with a digit)`);
  }
  if (RESERVED.has(name)) throw new TypeError(`${where}: "${name}" is reserved for the frequency variable or the imaginary unit`);
  const value = input.default;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ParameterError('NOT_FINITE', `${where} "${name}": default must be a finite number, got ${String(value)}`, name);
  }
  const bounds: readonly [number, number] = input.bounds ?? (value > 0 ? [0, Infinity] : [-Infinity, Infinity]);
  const [lo, hi] = bounds;
  if (typeof lo !== 'number' || typeof hi !== 'number' || Number.isNaN(lo) || Number.isNaN(hi) || !(lo < hi)) {
    throw new ParameterError('BAD_BOUNDS', `${where} "${name}": bounds [${String(lo)}, ${String(hi)}] must satisfy lower < upper`, name);
  }
  if (value < lo || value > hi) {
    throw new ParameterError('OUT_OF_BOUNDS', `${where} "${name}": default ${value} lies outside [${lo}, ${hi}]`, name);
  }
  const scale = input.scale ?? (lo >= 0 && hi === Infinity ? 'log' : 'linear');
  if (scale !== 'log' && scale !== 'linear') throw new TypeError(`${where} "${name}": scale must be "log" or "linear"`);
  if (scale === 'log' && !(lo >= 0 && value > 0)) {
    throw new ParameterError('BAD_BOUNDS', `${where} "${name}": log scale needs a lower bound ≥ 0 and a positive default`, name);
  }
  return Object.freeze({
    name,
    unit: input.unit ?? '1',
    default: value,
    bounds: Object.freeze([lo, hi]) as readonly [number, number],
    scale,
    description: input.description ?? name,
  });
}

/** Checks that the expression only uses omega, i, the parameters, mathjs constants and functions. */
function checkSymbols(node: MathNode, names: Set<string>, math: MathJsInstance, symbol: string): void {
  const lib = math as unknown as Record<string, unknown>;
  node.traverse((n, path, parent) => {
    if (!(n as { isSymbolNode?: boolean }).isSymbolNode) return;
    const name = (n as unknown as { name: string }).name;
    const isCall = path === 'fn' && parent !== null && (parent as { isFunctionNode?: boolean }).isFunctionNode === true;
    if (isCall) {
      if (names.has(name) || typeof lib[name] !== 'function') {
        throw new TypeError(`element "${symbol}": equation calls unknown function "${name}"`);
      }
      return;
    }
    if (names.has(name) || name === 'omega' || name === 'i') return;
    const v = lib[name];
    const constant = typeof v === 'number' || (v !== null && typeof v === 'object' && typeof (v as MathValue).re === 'number');
    if (!constant) {
      throw new TypeError(
        `element "${symbol}": equation uses unknown variable "${name}" (allowed: omega, i, ${[...names].join(', ')})`,
      );
    }
  });
}

/**
 * Builds an {@link ElementDefinition} from a mathjs expression, so users can
 * add elements without writing a kernel. The expression is parsed and
 * compiled once; the kernel evaluates it per frequency with complex
 * arithmetic, and the gradient uses central finite differences with the
 * relative step h = ε^(1/3)·|p| ≈ 6.1e-6·|p| (|default| when p = 0), whose
 * error is O(h²) truncation plus O(ε/h) rounding, ≈ 1e-10 relative.
 * Slower than a built-in (one mathjs evaluation per point and
 * 2·(parameters) + 1 for the Jacobian), but usable everywhere a built-in is:
 * pass `createRegistry([...builtinElements, myElement])` as `elements` to
 * `parseCircuit`, `compileCircuit` and the fitting functions.
 *
 * @param input - symbol, name, parameters, equation (see {@link DefineElementInput})
 * @returns a frozen element definition
 * @throws TypeError for a symbol that is not letters only (or is `p`/`s`), bad
 *   parameter names, a mathjs syntax error, unknown variables or functions, or
 *   an equation that does not give a scalar at the defaults
 * @throws ParameterError (`NOT_FINITE`, `BAD_BOUNDS`, `OUT_OF_BOUNDS`) for bad defaults or bounds
 * @example
 * ```ts
 * const fractal = defineElement({
 *   symbol: 'Fd',
 *   name: 'fractal diffusion',
 *   parameters: [{ name: 'A', unit: 'Ω s^-n', default: 50 }, { name: 'n', default: 0.45, bounds: [0, 1] }],
 *   equation: 'A / (i * omega)^n',
 * });
 * const model = compileCircuit('R0-Fd1', { elements: createRegistry([...builtinElements, fractal]) });
 * ```
 */
export function defineElement(input: DefineElementInput): ElementDefinition {
  if (!input || typeof input !== 'object') throw new TypeError('defineElement needs { symbol, name, parameters, equation }');
  const { symbol, name, equation } = input;
  if (typeof symbol !== 'string' || !/^[A-Za-z]+$/.test(symbol)) {
    throw new TypeError(`element symbol ${JSON.stringify(symbol)} must be letters only (A–Z, a–z), e.g. "Fd"`);
  }
  if (symbol === 'p' || symbol === 's') throw new TypeError(`element symbol "${symbol}" is reserved for parallel/series`);
  if (input.cdc !== undefined && (typeof input.cdc !== 'string' || !/^[A-Za-z]+$/.test(input.cdc))) {
    throw new TypeError(`element "${symbol}": cdc must be letters only`);
  }
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError(`element "${symbol}": name must be a non-empty string`);
  if (!Array.isArray(input.parameters) || input.parameters.length === 0) {
    throw new TypeError(`element "${symbol}": parameters must be a non-empty array`);
  }
  const parameters = input.parameters.map((p, k) => normaliseParameter(p, k, symbol));
  const names = new Set<string>();
  for (const p of parameters) {
    if (names.has(p.name)) throw new TypeError(`element "${symbol}": duplicate parameter name "${p.name}"`);
    names.add(p.name);
  }
  if (typeof equation !== 'string' || equation.trim() === '') {
    throw new TypeError(`element "${symbol}": equation must be a mathjs expression string`);
  }
  const math = mathjs();
  let node: MathNode;
  try {
    node = math.parse(equation);
  } catch (e) {
    throw new TypeError(`element "${symbol}": cannot parse equation ${JSON.stringify(equation)}: ${(e as Error).message}`);
  }
  checkSymbols(node, names, math, symbol);
  const code: EvalFunction = node.compile();
  const count = parameters.length;
  const keys = parameters.map((p) => p.name);

  const makeScope = (p: ArrayLike<number>, o: number) => {
    const scope = new Map<string, unknown>();
    scope.set('omega', 1);
    for (let k = 0; k < count; k++) scope.set(keys[k], p[o + k]);
    return scope;
  };
  const evalInto = (scope: Map<string, unknown>, out: Float64Array): void => {
    if (!readComplex(code.evaluate(scope), out)) {
      out[0] = NaN;
      out[1] = NaN;
    }
  };

  // Validate once at the defaults (ω = 1 rad/s).
  {
    const probe = new Float64Array(2);
    let value: unknown;
    try {
      value = code.evaluate(makeScope(parameters.map((p) => p.default), 0));
    } catch (e) {
      throw new TypeError(`element "${symbol}": equation fails at the defaults: ${(e as Error).message}`);
    }
    if (!readComplex(value, probe)) {
      throw new TypeError(`element "${symbol}": equation must give a number or complex number, got ${typeof value}`);
    }
  }

  const kernel: ElementKernel = (p, o, g, re, im) => {
    const scope = makeScope(p, o);
    const z = new Float64Array(2);
    const w = g.omega;
    for (let i = 0; i < g.n; i++) {
      scope.set('omega', w[i]);
      evalInto(scope, z);
      re[i] = z[0];
      im[i] = z[1];
    }
  };

  const gradient: ElementGradient = (p, o, g, re, im, dRe, dIm, col) => {
    const scope = makeScope(p, o);
    const n = g.n;
    const w = g.omega;
    const z = new Float64Array(2);
    const up = new Float64Array(2);
    const h = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const v = p[o + k];
      const base = v !== 0 ? Math.abs(v) : Math.abs(parameters[k].default) || 1;
      h[k] = FD_STEP * base;
    }
    for (let i = 0; i < n; i++) {
      scope.set('omega', w[i]);
      evalInto(scope, z);
      re[i] = z[0];
      im[i] = z[1];
      for (let k = 0; k < count; k++) {
        const v = p[o + k];
        const hk = h[k];
        scope.set(keys[k], v + hk);
        evalInto(scope, up);
        scope.set(keys[k], v - hk);
        evalInto(scope, z);
        scope.set(keys[k], v);
        const idx = (col + k) * n + i;
        dRe[idx] = (up[0] - z[0]) / (2 * hk);
        dIm[idx] = (up[1] - z[1]) / (2 * hk);
      }
    }
  };

  const def: ElementDefinition = {
    symbol,
    name,
    parameters: Object.freeze(parameters),
    equation,
    reference: input.reference ?? 'user-defined',
    kernel,
    gradient,
  };
  if (input.cdc !== undefined) def.cdc = input.cdc;
  return Object.freeze(def);
}
