/**
 * The circuit least-squares problem in transformed free variables and the fit
 * setup (option resolution and input validation) shared by `fitCircuit`,
 * profiles and replays.
 *
 * @module
 */
import { BUILTIN_ELEMENTS } from '../circuit/elements/builtin.js';
import { compileCircuit, seriesChainLayout, type SeriesChainLayout } from '../circuit/compileCircuit.js';
import type { CircuitModel, ElementRegistry } from '../circuit/types.js';
import { checkSpectrum, type Spectrum } from '../data/spectrum.js';
import { DataFormatError, ParameterError } from '../errors.js';
import type { LeastSquaresProblem } from './lm.js';
import { freeTransforms, fromNatural, naturalAndDerivative, toNatural, transformDerivative, type ParameterTransforms } from './transforms.js';
import type { FitOptions } from './types.js';
import { resolveWeights, type ResolvedWeights } from './weighting.js';
import { modulus } from '../internal/complex.js';

/**
 * Weighted complex residuals of a circuit as a {@link LeastSquaresProblem}:
 * r = [w_re·(Re Z_model − Re Z_data)…, w_im·(Im Z_model − Im Z_data)…] over the
 * free parameters in transformed space; the Jacobian is the model's analytic
 * ∂Z/∂p chained with dp/dx of the transforms. All buffers are preallocated.
 *
 * @example
 * ```ts
 * // fitCircuit builds one per fit; direct use is for custom solvers:
 * const problem = new CircuitProblem(model, frequency, re, im, weights, values, free, transforms);
 * const result = levenbergMarquardt(problem, problem.toTransformed(values));
 * ```
 */
export class CircuitProblem implements LeastSquaresProblem {
  /** m = 2N. */
  readonly residualCount: number;
  /** Number of free parameters. */
  readonly parameterCount: number;
  /** Full natural parameter vector (fixed values included), updated by every evaluation. */
  readonly values: Float64Array;
  /** Model indices of the free parameters. */
  readonly free: Int32Array;
  /** Transforms of the free parameters. */
  readonly transforms: ParameterTransforms;
  /** Model impedance at the last evaluation. */
  readonly zRe: Float64Array;
  /** Model impedance at the last evaluation. */
  readonly zIm: Float64Array;
  private readonly model: CircuitModel;
  private frequency: Float64Array;
  private dataRe: Float64Array;
  private dataIm: Float64Array;
  private wRe: Float64Array;
  private wIm: Float64Array;
  private readonly boukamp: boolean;
  /** All weights exactly 1 (`unit`): the multiplications by w are skipped (1·v = v exactly). */
  private unitWeights: boolean;
  private readonly zOut: { re: Float64Array; im: Float64Array };
  /** x of the last evaluation (valid when `lastState` > 0). */
  private readonly lastX: Float64Array;
  /** 0: nothing evaluated; 1: residuals only; 2: residuals and Jacobian. */
  private lastState = 0;
  /** Fused residual + Jacobian loop for R…-p(R…,CPE)-… chains (undefined otherwise). */
  private readonly chain: FusedChain | undefined;
  /** ∂Z/∂p of all model parameters (P·N): shared scratch, only live inside one `evaluate` call. */
  private readonly jOut: { re: Float64Array; im: Float64Array };

  /**
   * @param model - compiled circuit
   * @param frequency - frequencies (Hz)
   * @param re - data Re Z
   * @param im - data Im Z
   * @param weights - resolved weights
   * @param values - full natural parameter vector (fixed values are read from it)
   * @param free - model indices of the free parameters
   * @param transforms - their transforms
   * @param state - optional caller-owned buffer of at least 2N + free count + parameter count
   *   entries for `zRe`, `zIm`, `values` and the last x (zeroed here; `fitCircuit` reuses one per
   *   thread, so a problem built on it must not outlive the next problem built on the same buffer)
   */
  constructor(
    model: CircuitModel,
    frequency: Float64Array,
    re: Float64Array,
    im: Float64Array,
    weights: ResolvedWeights,
    values: Float64Array,
    free: Int32Array,
    transforms: ParameterTransforms,
    state?: Float64Array,
  ) {
    const n = frequency.length;
    const P = model.parameters.length;
    this.model = model;
    this.frequency = frequency;
    this.dataRe = re;
    this.dataIm = im;
    this.wRe = weights.wRe;
    this.wIm = weights.wIm;
    this.boukamp = weights.modelDependent;
    this.unitWeights = allUnit(weights, n);
    // One allocation for the per-problem state (typed arrays live outside the JS heap and cost
    // ≈ 0.5 µs each to create); the views are disjoint.
    const k = free.length;
    const size = 2 * n + k + values.length;
    let buf: Float64Array;
    if (state && state.length >= size) {
      buf = state;
      buf.fill(0, 0, size);
    } else buf = new Float64Array(size);
    this.zRe = buf.subarray(0, n);
    this.zIm = buf.subarray(n, 2 * n);
    this.lastX = buf.subarray(2 * n, 2 * n + k);
    this.values = buf.subarray(2 * n + k, size);
    this.values.set(values);
    this.free = free;
    this.transforms = transforms;
    this.residualCount = 2 * n;
    this.parameterCount = k;
    this.zOut = { re: this.zRe, im: this.zIm };
    this.jOut = sharedModelJacobian(model, P * n);
    const layout = this.boukamp ? undefined : seriesChainLayout(model);
    this.chain = layout ? createFusedChain(model, layout, P, free, frequency) : undefined;
  }

  /**
   * Points this problem at another spectrum of the same length, with the same circuit, free
   * parameters and transforms (a batch fits many spectra with one set of options): the values
   * are set and the last evaluation forgotten, as by the constructor, and nothing is allocated. Returns false, changing nothing, when
   * the length or the kind of weights differs (then build a new problem).
   *
   * @param frequency - frequencies (Hz)
   * @param re - data Re Z
   * @param im - data Im Z
   * @param weights - resolved weights
   * @param values - full natural parameter vector
   * @returns whether the problem now describes the new spectrum
   * @example
   * ```ts
   * if (!problem.rebind(s.frequency, s.re, s.im, weights, start)) problem = new CircuitProblem(…);
   * ```
   */
  rebind(frequency: Float64Array, re: Float64Array, im: Float64Array, weights: ResolvedWeights, values: Float64Array): boolean {
    const n = frequency.length;
    if (n !== this.frequency.length || weights.modelDependent !== this.boukamp || values.length !== this.values.length) return false;
    this.frequency = frequency;
    this.dataRe = re;
    this.dataIm = im;
    if (weights.wRe !== this.wRe || weights.wIm !== this.wIm) {
      this.wRe = weights.wRe;
      this.wIm = weights.wIm;
      this.unitWeights = allUnit(weights, n);
    }
    // zRe/zIm and lastX are written before they are read (every evaluation fills Z in full, and
    // lastState = 0 marks lastX unused), so only the values are reset.
    this.values.set(values);
    this.lastState = 0;
    if (this.chain) this.chain.logOmega = chainLogOmega(this.chain.sh, frequency);
    return true;
  }

  /**
   * Writes the natural values of transformed free parameters x into `values`.
   * @param x - transformed free parameters
   */
  setTransformed(x: ArrayLike<number>): void {
    const t = this.transforms;
    for (let j = 0; j < this.free.length; j++) this.values[this.free[j]] = toNatural(t, j, x[j]);
  }

  /**
   * Transformed free vector of a full natural vector.
   * @param natural - natural values in model order
   * @returns x
   */
  toTransformed(natural: ArrayLike<number>): Float64Array {
    const x = new Float64Array(this.free.length);
    for (let j = 0; j < this.free.length; j++) x[j] = fromNatural(this.transforms, j, natural[this.free[j]]);
    return x;
  }

  /**
   * dp/dx of every free parameter at x.
   * @param x - transformed free parameters
   * @param out - output (length = free count)
   * @returns out
   */
  derivatives(x: ArrayLike<number>, out: Float64Array): Float64Array {
    for (let j = 0; j < this.free.length; j++) out[j] = transformDerivative(this.transforms, j, x[j]);
    return out;
  }

  /**
   * True when the last {@link CircuitProblem.evaluate} was at exactly `x`
   * (bitwise) and, if `withJacobian`, computed the Jacobian: `values`, `zRe`
   * and `zIm` then describe x, and the buffers that evaluation filled still
   * hold r(x) and J(x) unless the caller overwrote them.
   *
   * @param x - transformed free parameters
   * @param withJacobian - require that the Jacobian was computed
   * @returns whether the problem's state is that of x
   * @example
   * ```ts
   * problem.evaluate(x, r, J);
   * problem.isCurrent(x, true); // true
   * ```
   */
  isCurrent(x: ArrayLike<number>, withJacobian: boolean): boolean {
    if (this.lastState === 0 || (withJacobian && this.lastState !== 2)) return false;
    const lx = this.lastX;
    if (x.length !== lx.length) return false;
    for (let j = 0; j < lx.length; j++) if (!Object.is(lx[j], x[j])) return false;
    return true;
  }

  /**
   * Residuals and (optionally) Jacobian, see {@link LeastSquaresProblem.evaluate}.
   * @param x - transformed free parameters
   * @param r - residual output (2N)
   * @param J - Jacobian output (2N × free, column-major) or null
   */
  evaluate(x: Float64Array, r: Float64Array, J: Float64Array | null): void {
    const lx = this.lastX;
    for (let j = 0; j < lx.length; j++) lx[j] = x[j];
    this.lastState = J ? 2 : 1;
    if (J && this.chain) {
      // Natural values and dp/dx together (bitwise those of setTransformed and transformDerivative).
      const free = this.free;
      const t = this.transforms;
      const dk = this.chain.sh.dk;
      for (let j = 0; j < free.length; j++) this.values[free[j]] = naturalAndDerivative(t, j, x[j], dk, free[j]);
      this.evaluateChain(this.chain, r, J);
      return;
    }
    this.setTransformed(x);
    const n = this.frequency.length;
    const zr = this.zRe;
    const zi = this.zIm;
    // jOut is shared scratch: it is filled here and consumed below, never read after return.
    if (J) this.model.jacobian(this.values, this.frequency, this.jOut, this.zOut);
    else this.model.evaluate(this.values, this.frequency, this.zOut);
    const dr = this.dataRe;
    const di = this.dataIm;
    const wr = this.wRe;
    const wi = this.wIm;
    if (this.unitWeights) {
      for (let i = 0; i < n; i++) {
        r[i] = zr[i] - dr[i];
        r[n + i] = zi[i] - di[i];
      }
    } else if (!this.boukamp) {
      for (let i = 0; i < n; i++) {
        r[i] = wr[i] * (zr[i] - dr[i]);
        r[n + i] = wi[i] * (zi[i] - di[i]);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const inv = 1 / modulus(zr[i], zi[i]);
        r[i] = inv * (zr[i] - dr[i]);
        r[n + i] = inv * (zi[i] - di[i]);
      }
    }
    if (!J) return;
    const m = 2 * n;
    const jr = this.jOut.re;
    const ji = this.jOut.im;
    const free = this.free;
    const t = this.transforms;
    for (let j = 0; j < free.length; j++) {
      const d = transformDerivative(t, j, x[j]);
      const base = free[j] * n;
      const col = j * m;
      const ci = col + n;
      if (this.unitWeights) {
        for (let i = 0; i < n; i++) {
          J[col + i] = jr[base + i] * d;
          J[ci + i] = ji[base + i] * d;
        }
      } else if (!this.boukamp) {
        for (let i = 0; i < n; i++) {
          J[col + i] = wr[i] * jr[base + i] * d;
          J[ci + i] = wi[i] * ji[base + i] * d;
        }
      } else {
        // r = (Z − Zd)/|Z| → ∂r = ∂Z/|Z| − (Z − Zd)·(Re Z ∂Re Z + Im Z ∂Im Z)/|Z|³
        for (let i = 0; i < n; i++) {
          const a = zr[i];
          const b = zi[i];
          const inv = 1 / modulus(a, b);
          const dRe = jr[base + i];
          const dIm = ji[base + i];
          const dm = (a * dRe + b * dIm) * inv * inv * inv;
          J[col + i] = (dRe * inv - (a - dr[i]) * dm) * d;
          J[ci + i] = (dIm * inv - (b - di[i]) * dm) * d;
        }
      }
    }
  }

  /**
   * Residuals and Jacobian of an R…-p(R…,CPE)-… chain in one point-major pass:
   * no model Jacobian buffer, no second pass for weights and dp/dx. Every
   * quantity is formed with the same operations, in the same order, as the
   * per-node path (`compileCircuit` R∥CPE kernels, then w·∂Z/∂p·dp/dx), so the
   * numbers are bit-identical to it.
   */
  private evaluateChain(fc: FusedChain, r: Float64Array, J: Float64Array): void {
    const ch = fc.sh;
    const p = this.values;
    const dk = ch.dk; // dp/dx of the free parameters, written by evaluate
    let k0 = 0;
    for (let j = 0; j < ch.series.length; j++) k0 += p[ch.series[j]];
    const nb = ch.q.length;
    for (let b = 0; b < nb; b++) {
      let y = 0;
      for (let j = ch.rStart[b]; j < ch.rStart[b + 1]; j++) y += 1 / p[ch.rIndex[j]];
      const q = p[ch.q[b]];
      const a = p[ch.q[b] + 1];
      ch.y0[b] = y;
      ch.cs[b] = Math.cos(a * HALF_PI);
      ch.sn[b] = Math.sin(a * HALF_PI);
      ch.c[b] = q * ch.cs[b];
      ch.s[b] = q * ch.sn[b];
      ch.a[b] = a;
    }
    const n = this.frequency.length;
    const lw = fc.logOmega;
    const col = fc.col;
    const wr = this.wRe;
    const wi = this.wIm;
    const dr = this.dataRe;
    const di = this.dataIm;
    const zrOut = this.zRe;
    const ziOut = this.zIm;
    // ∂Z/∂R of series resistors is 1 + 0j. A single one (R0) is written in the first block's loop.
    const oneSeries = ch.series.length === 1 && nb > 0;
    if (!oneSeries) for (let j = 0; j < ch.series.length; j++) {
      const k = ch.series[j];
      const c = col[k];
      if (c < 0) continue;
      const d = dk[k];
      for (let i = 0; i < n; i++) {
        J[c + i] = wr[i] * 1 * d;
        J[c + n + i] = wi[i] * 0 * d;
      }
    }
    // Block-major: each R∥CPE block in one tight loop (its constants stay in registers), Z
    // accumulated in series order k0 + Z₀ + Z₁ + …; a fixed parameter's column goes to a sink.
    // A block with a single resistor writes its ∂Z/∂R column in the same loop, and the last block
    // writes the residuals (the same expressions as the separate passes, on the same values).
    const bzr = ch.bzr;
    const bzi = ch.bzi;
    const sink = ch.sink;
    const ks = oneSeries ? ch.series[0] : 0;
    const ts = oneSeries && col[ks] >= 0 ? J : sink;
    const os = oneSeries && col[ks] >= 0 ? col[ks] : 0;
    const ds = oneSeries ? dk[ks] : 0;
    for (let b = 0; b < nb; b++) {
      const a = ch.a[b];
      const y0 = ch.y0[b];
      const c = ch.c[b];
      const sv = ch.s[b];
      const cs = ch.cs[b];
      const sn = ch.sn[b];
      const kq = ch.q[b];
      const tq = col[kq] >= 0 ? J : sink;
      const oq = col[kq] >= 0 ? col[kq] : 0;
      const ta = col[kq + 1] >= 0 ? J : sink;
      const oa = col[kq + 1] >= 0 ? col[kq + 1] : 0;
      const dq = dk[kq];
      const da = dk[kq + 1];
      const first = b === 0;
      const last = b === nb - 1;
      const r0 = ch.rStart[b];
      const single = ch.rStart[b + 1] - r0 === 1;
      const kr = single ? ch.rIndex[r0] : 0;
      const tr = single && col[kr] >= 0 ? J : sink;
      const or = single && col[kr] >= 0 ? col[kr] : 0;
      const g0 = single ? 1 / p[kr] : 0;
      const g2 = g0 * g0;
      const d2 = single ? dk[kr] : 0;
      for (let i = 0; i < n; i++) {
        const l = lw[i];
        const e = Math.exp(a * l);
        const vr = e * c;
        const vi = e * sv;
        const yr = y0 + vr;
        const d = 1 / (yr * yr + vi * vi);
        const zr = yr * d;
        const zi = -vi * d;
        if (!single) {
          bzr[i] = zr;
          bzi[i] = zi;
        }
        const w1 = wr[i];
        const w2 = wi[i];
        let zo: number;
        let zio: number;
        if (first) {
          zo = k0 + zr;
          zio = zi;
          if (oneSeries) {
            ts[os + i] = w1 * 1 * ds;
            ts[os + n + i] = w2 * 0 * ds;
          }
        } else {
          zo = zrOut[i] + zr;
          zio = ziOut[i] + zi;
        }
        zrOut[i] = zo;
        ziOut[i] = zio;
        if (last) {
          r[i] = w1 * (zo - dr[i]);
          r[n + i] = w2 * (zio - di[i]);
        }
        // ∂Z/∂p = −Z²·∂Y/∂p; ∂Y/∂Q = e·e^{jαπ/2}, ∂Y/∂α = Y·(ln ω + jπ/2)
        const nr = zi * zi - zr * zr;
        const ni = -2 * zr * zi;
        const ur = e * cs;
        const ui = e * sn;
        tq[oq + i] = w1 * (nr * ur - ni * ui) * dq;
        tq[oq + n + i] = w2 * (nr * ui + ni * ur) * dq;
        const er = vr * l - vi * HALF_PI;
        const ei = vi * l + vr * HALF_PI;
        ta[oa + i] = w1 * (nr * er - ni * ei) * da;
        ta[oa + n + i] = w2 * (nr * ei + ni * er) * da;
        if (single) {
          // ∂Z/∂R = Z²/R² of the block's resistor.
          tr[or + i] = w1 * ((zr * zr - zi * zi) * g2) * d2;
          tr[or + n + i] = w2 * (2 * zr * zi * g2) * d2;
        }
      }
      if (single) continue;
      // ∂Z/∂R = Z²/R² for the block's resistors.
      for (let j = r0; j < ch.rStart[b + 1]; j++) {
        const k = ch.rIndex[j];
        const cr = col[k];
        if (cr < 0) continue;
        const gk = 1 / p[k];
        const gk2 = gk * gk;
        const dr2 = dk[k];
        for (let i = 0; i < n; i++) {
          const zr = bzr[i];
          const zi = bzi[i];
          J[cr + i] = wr[i] * ((zr * zr - zi * zi) * gk2) * dr2;
          J[cr + n + i] = wi[i] * (2 * zr * zi * gk2) * dr2;
        }
      }
    }
    if (nb > 0) return;
    // (Not reached: a chain has at least one block.)
    for (let i = 0; i < n; i++) {
      r[i] = wr[i] * (zrOut[i] - dr[i]);
      r[n + i] = wi[i] * (ziOut[i] - di[i]);
    }
  }
}

/**
 * Shared ∂Z/∂p scratch per model (JavaScript runs one `evaluate` at a time per
 * thread). Keyed by the model, so a column the model's program never writes
 * stays as that model left it (zero), never another circuit's data.
 */
const modelJacobians = new WeakMap<CircuitModel, { re: Float64Array; im: Float64Array }>();

function sharedModelJacobian(model: CircuitModel, size: number): { re: Float64Array; im: Float64Array } {
  let buf = modelJacobians.get(model);
  if (!buf || buf.re.length !== size) {
    buf = { re: new Float64Array(size), im: new Float64Array(size) };
    modelJacobians.set(model, buf);
  }
  return buf;
}

const HALF_PI = Math.PI / 2;
const TWO_PI = 2 * Math.PI;

/** Per model: layout and scratch of {@link CircuitProblem}'s fused chain loop (scratch only live inside one `evaluateChain`). */
interface ChainShared {
  /** Series resistor parameter indices. */
  series: Int32Array;
  /** Per block: CPE Q parameter index (α at + 1). */
  q: Int32Array;
  /** Block b's resistors are rIndex[rStart[b] … rStart[b + 1]). */
  rStart: Int32Array;
  rIndex: Int32Array;
  /** Per model parameter: dp/dx at the current point (free ones only). */
  dk: Float64Array;
  /** Per block scratch: Σ 1/R, cos(απ/2), sin(απ/2), Q·cos, Q·sin, α. */
  y0: Float64Array;
  cs: Float64Array;
  sn: Float64Array;
  c: Float64Array;
  s: Float64Array;
  a: Float64Array;
  /** Per point: the current block's Z (n each). */
  bzr: Float64Array;
  bzi: Float64Array;
  /** Write target for the columns of fixed parameters (2n). */
  sink: Float64Array;
  /** The last frequency list seen and its ln ω (never written after creation). */
  lastFrequency: Float64Array;
  lastLogOmega: Float64Array;
}

/** {@link ChainShared} plus the per-problem column map and ln ω. */
interface FusedChain {
  sh: ChainShared;
  /** Per model parameter: offset of its column in the stacked Jacobian, or −1 when fixed. */
  col: Int32Array;
  /** ln ω per point (the same values as the model's frequency grid). */
  logOmega: Float64Array;
}

/** Per model: the chain layout as typed arrays plus scratch (only live inside one `evaluateChain`). */
const chainScratch = new WeakMap<CircuitModel, ChainShared>();

function createFusedChain(model: CircuitModel, layout: SeriesChainLayout, P: number, free: Int32Array, frequency: Float64Array): FusedChain {
  const n = frequency.length;
  let shared = chainScratch.get(model);
  if (!shared || shared.bzr.length !== n) {
    const nb = layout.branchQ.length;
    const rStart = new Int32Array(nb + 1);
    const rIndex: number[] = [];
    layout.branchR.forEach((rs, b) => {
      rStart[b] = rIndex.length;
      rIndex.push(...rs);
    });
    rStart[nb] = rIndex.length;
    shared = {
      series: Int32Array.from(layout.series),
      q: Int32Array.from(layout.branchQ),
      rStart,
      rIndex: Int32Array.from(rIndex),
      dk: new Float64Array(P),
      y0: new Float64Array(nb),
      cs: new Float64Array(nb),
      sn: new Float64Array(nb),
      c: new Float64Array(nb),
      s: new Float64Array(nb),
      a: new Float64Array(nb),
      bzr: new Float64Array(n),
      bzi: new Float64Array(n),
      sink: new Float64Array(2 * n),
      lastFrequency: new Float64Array(0),
      lastLogOmega: new Float64Array(0),
    };
    chainScratch.set(model, shared);
  }
  const col = new Int32Array(P).fill(-1);
  for (let j = 0; j < free.length; j++) col[free[j]] = j * 2 * n;
  return { sh: shared, col, logOmega: chainLogOmega(shared, frequency) };
}

/**
 * ln ω exactly as the model's frequency grid computes it (internal/grid.ts). Batches of spectra
 * usually share one frequency list, so the last one is kept per model (the array is never written).
 */
function chainLogOmega(shared: ChainShared, frequency: Float64Array): Float64Array {
  const n = frequency.length;
  const lastF = shared.lastFrequency;
  let same = lastF.length === n;
  for (let i = 0; same && i < n; i++) same = lastF[i] === frequency[i];
  if (same) return shared.lastLogOmega;
  const logOmega = new Float64Array(n);
  for (let i = 0; i < n; i++) logOmega[i] = Math.log(TWO_PI * frequency[i]);
  shared.lastFrequency = Float64Array.from(frequency);
  shared.lastLogOmega = logOmega;
  return logOmega;
}

/** True when every weight is exactly 1 and the weights do not move with the model. */
function allUnit(weights: ResolvedWeights, n: number): boolean {
  if (weights.modelDependent) return false;
  const { wRe, wIm } = weights;
  for (let i = 0; i < n; i++) if (wRe[i] !== 1 || wIm[i] !== 1) return false;
  return true;
}

/** Everything `fitCircuit` resolved from its inputs before solving. */
export interface FitSetup {
  /** Compiled model. */
  model: CircuitModel;
  /** Registry used. */
  elements: ElementRegistry;
  /** The spectrum restricted to the used points. */
  spectrum: Spectrum;
  /** Indices of the used points in the input spectrum. */
  used: Int32Array;
  /** Resolved weights. */
  weights: ResolvedWeights;
  /** Lower bounds per model parameter. */
  lower: Float64Array;
  /** Upper bounds per model parameter. */
  upper: Float64Array;
  /** Per model parameter: held constant. */
  fixed: boolean[];
  /** Per model parameter: a value given by the user (option, annotation or fixed map), else undefined. */
  given: (number | undefined)[];
  /** Per model parameter: locked for canonical reordering (fixed or role-labelled). */
  locked: boolean[];
  /** Model indices of free parameters. */
  free: Int32Array;
  /** Transforms of the free parameters. */
  transforms: ParameterTransforms;
}

const resolverCache = new WeakMap<CircuitModel, Map<string, number>>();

function resolver(model: CircuitModel): (name: string, option: string) => number {
  let map = resolverCache.get(model);
  if (!map) {
    map = new Map<string, number>();
    const m = map;
    model.parameters.forEach((p, i) => {
      m.set(p.key, i);
      m.set(p.alias, i);
    });
    resolverCache.set(model, map);
  }
  const table = map;
  return (name, option) => {
    const i = table.get(name);
    if (i === undefined) {
      throw new ParameterError(
        'UNKNOWN_PARAMETER',
        `${option}: unknown parameter "${name}"; the circuit ${model.circuit} has ${model.parameters.map((p) => `${p.key} (${p.alias})`).join(', ')}`,
        name,
      );
    }
    return i;
  };
}

/**
 * Fast acceptance test equivalent to `checkSpectrum` passing: equal non-zero
 * lengths, finite values, positive and strictly monotonic frequencies (so no
 * duplicates). Anything else goes through `checkSpectrum` for its typed error.
 */
function plainSpectrum(spectrum: Spectrum): boolean {
  if (!spectrum || !spectrum.frequency || !spectrum.re || !spectrum.im) return false;
  const { frequency: f, re, im } = spectrum;
  const n = f.length;
  if (n < 1 || re.length !== n || im.length !== n) return false;
  const down = n > 1 && f[1] < f[0];
  if (f instanceof Float64Array && re instanceof Float64Array && im instanceof Float64Array) {
    // Typed arrays hold numbers only: x − x is 0 exactly when x is finite (NaN and ±∞ give NaN).
    for (let i = 0; i < n; i++) {
      const v = f[i];
      const a = re[i];
      const b = im[i];
      if (!(v > 0 && v < Infinity) || a - a !== 0 || b - b !== 0) return false;
    }
    if (down) {
      for (let i = 1; i < n; i++) if (!(f[i] < f[i - 1])) return false;
    } else for (let i = 1; i < n; i++) if (!(f[i] > f[i - 1])) return false;
    return true;
  }
  for (let i = 0; i < n; i++) {
    const v = f[i];
    if (!(v > 0) || !Number.isFinite(v) || !Number.isFinite(re[i]) || !Number.isFinite(im[i])) return false;
    if (i > 0 && (down ? !(v < f[i - 1]) : !(v > f[i - 1]))) return false;
  }
  return true;
}

/**
 * Validates and resolves the inputs of a fit: compiles the circuit, checks the
 * spectrum, applies the frequency range / mask, resolves keys and aliases of
 * `initial`, `fixed` and `bounds`, and builds weights and transforms.
 *
 * @param circuit - circuit string or compiled model
 * @param spectrum - data
 * @param options - fit options
 * @param plan - the options already resolved by {@link planFit} for this circuit and these
 *   options (a batch resolves them once); when given, `circuit` is not read
 * @returns the setup
 * @throws DataFormatError for unusable spectra; ParameterError for unknown keys, bad bounds, initial values outside bounds or bad options
 * @example
 * ```ts
 * const setup = prepareFit('R0-p(R1,C1)', spectrum, { initial: { R0: 10 } });
 * ```
 */
export function prepareFit(circuit: string | CircuitModel, spectrum: Spectrum, options: FitOptions = {}, plan?: FitPlan): FitSetup {
  let model: CircuitModel;
  if (plan) model = plan.model;
  else {
    const elements = options.elements ?? BUILTIN_ELEMENTS;
    if (typeof circuit !== 'string' && (!circuit || !Array.isArray(circuit.parameters) || typeof circuit.evaluate !== 'function')) {
      throw new ParameterError('BAD_OPTION', 'circuit must be a circuit string or a compiled CircuitModel', 'circuit');
    }
    model = typeof circuit === 'string' ? compileCircuit(circuit, { elements }) : circuit;
  }
  if (!plainSpectrum(spectrum)) checkSpectrum(spectrum);
  const { elements, lower, upper, fixed, given, locked, free, transforms } = plan ?? planFit(model, options);
  const N0 = spectrum.frequency.length;
  const range = options.frequencyRange;
  if (options.mask !== undefined && options.mask.length !== N0) {
    throw new ParameterError('BAD_OPTION', 'mask: ' + `has ${options.mask.length} entries; the spectrum has ${N0} points`, 'mask');
  }
  let K = N0;
  let used: Int32Array;
  const cache = plan ? planCacheFor(plan, N0) : undefined;
  if (range === undefined && options.mask === undefined) {
    if (cache?.identity) used = cache.identity;
    else {
      used = new Int32Array(N0);
      for (let i = 0; i < N0; i++) used[i] = i;
      if (cache) cache.identity = used;
    }
  } else {
    const keep: number[] = [];
    for (let i = 0; i < N0; i++) {
      const f = spectrum.frequency[i];
      if (range && (f < range[0] || f > range[1])) continue;
      if (options.mask && !options.mask[i]) continue;
      keep.push(i);
    }
    K = keep.length;
    used = Int32Array.from(keep);
  }
  if (K === 0) {
    throw new DataFormatError([{ code: 'EMPTY', message: 'no points left after applying frequencyRange/mask' }], spectrum.meta?.source);
  }
  let sf: Float64Array;
  let sr: Float64Array;
  let si: Float64Array;
  if (K === N0 && spectrum.frequency instanceof Float64Array && spectrum.re instanceof Float64Array && spectrum.im instanceof Float64Array) {
    // Every point used: the fit reads the caller's arrays (never writes them; results copy).
    sf = spectrum.frequency;
    sr = spectrum.re;
    si = spectrum.im;
  } else {
    sf = new Float64Array(K);
    sr = new Float64Array(K);
    si = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      const i = used[k];
      sf[k] = spectrum.frequency[i];
      sr[k] = spectrum.re[i];
      si[k] = spectrum.im[i];
    }
  }
  const sub: Spectrum = { frequency: sf, re: sr, im: si };
  if (spectrum.meta) sub.meta = spectrum.meta;
  let weights: ResolvedWeights;
  if (cache && K === N0 && (options.weighting ?? 'unit') === 'unit') {
    // Unit weights do not depend on the data: one set per plan and length (never written by the fit).
    weights = cache.unit ??= resolveWeights('unit', sub.re, sub.im);
  } else {
    weights = resolveWeights(options.weighting, sub.re, sub.im, K === N0 ? undefined : used);
    if (options.sigmaIsAbsolute === false) weights.absolute = false;
  }

  if (2 * K < free.length) {
    throw new DataFormatError(
      [{ code: 'EMPTY', message: `${K} points give ${2 * K} residuals, fewer than the ${free.length} free parameters` }],
      spectrum.meta?.source,
    );
  }
  return { model, elements, spectrum: sub, used, weights, lower, upper, fixed, given, locked, free, transforms };
}

/** Data-independent arrays a plan shares between the spectra of one length (read-only to the fit). */
interface PlanCache {
  n: number;
  /** Identity point indices 0…n−1 (no frequency range or mask). */
  identity?: Int32Array;
  /** Unit weights of n points. */
  unit?: ResolvedWeights;
}

const planCaches = new WeakMap<FitPlan, PlanCache>();

function planCacheFor(plan: FitPlan, n: number): PlanCache {
  let c = planCaches.get(plan);
  if (!c || c.n !== n) {
    c = { n };
    planCaches.set(plan, c);
  }
  return c;
}

/**
 * The part of a {@link FitSetup} that depends only on the circuit and the
 * options, not on the data: bounds, given and fixed values, the free
 * parameters and their transforms. A batch of spectra fitted with the same
 * options resolves it once ({@link planFit}) and passes it to
 * {@link prepareFit}; its arrays are read-only to the fit.
 */
export type FitPlan = Pick<FitSetup, 'model' | 'elements' | 'lower' | 'upper' | 'fixed' | 'given' | 'locked' | 'free' | 'transforms'>;

/**
 * Validates the data-independent options of a fit and resolves the parameter
 * keys and aliases of `initial`, `fixed` and `bounds` (the first half of
 * {@link prepareFit}, which does this itself when given no plan).
 *
 * @param circuit - circuit string or compiled model
 * @param options - fit options
 * @returns the plan; reuse it only with the same circuit and unchanged options
 * @throws ParameterError for unknown keys, bad bounds, initial values outside bounds or bad options
 * @example
 * ```ts
 * const options = { fixed: { R0: 10 } };
 * const plan = planFit('R0-p(R1,C1)', options);
 * const setups = spectra.map((s) => prepareFit(plan.model, s, options, plan));
 * ```
 */
export function planFit(circuit: string | CircuitModel, options: FitOptions = {}): FitPlan {
  const elements = options.elements ?? BUILTIN_ELEMENTS;
  if (typeof circuit !== 'string' && (!circuit || !Array.isArray(circuit.parameters) || typeof circuit.evaluate !== 'function')) {
    throw new ParameterError('BAD_OPTION', 'circuit must be a circuit string or a compiled CircuitModel', 'circuit');
  }
  const model = typeof circuit === 'string' ? compileCircuit(circuit, { elements }) : circuit;
  const P = model.parameters.length;
  const badOption = (name: string, message: string): never => {
    throw new ParameterError('BAD_OPTION', `${name}: ${message}`, name);
  };
  if (options.multistart !== undefined && !(Number.isInteger(options.multistart) && options.multistart >= 0)) {
    badOption('multistart', `must be a non-negative integer, got ${String(options.multistart)}`);
  }
  if (options.maxIterations !== undefined && !(Number.isInteger(options.maxIterations) && options.maxIterations >= 1)) {
    badOption('maxIterations', `must be a positive integer, got ${String(options.maxIterations)}`);
  }
  if (options.solver !== undefined && options.solver !== 'lm' && options.solver !== 'ml-levenberg-marquardt') {
    badOption('solver', `must be 'lm' or 'ml-levenberg-marquardt', got ${JSON.stringify(options.solver)}`);
  }
  if (options.guess !== undefined && options.guess !== 'auto' && typeof options.guess !== 'function') {
    badOption('guess', `must be 'auto' or a function, got ${JSON.stringify(options.guess)}`);
  }
  // Point selection.
  const range = options.frequencyRange;
  if (range !== undefined) {
    if (!Array.isArray(range) || range.length !== 2 || !(range[0] <= range[1]) || !(range[0] >= 0)) {
      badOption('frequencyRange', `must be [fmin, fmax] with 0 ≤ fmin ≤ fmax, got ${JSON.stringify(range)}`);
    }
  }
  const resolve = resolver(model);
  const lower = new Float64Array(P);
  const upper = new Float64Array(P);
  const fixed = new Array<boolean>(P).fill(false);
  const given = new Array<number | undefined>(P).fill(undefined);
  const locked = new Array<boolean>(P).fill(false);
  for (let i = 0; i < P; i++) {
    const p = model.parameters[i];
    lower[i] = p.bounds[0];
    upper[i] = p.bounds[1];
    fixed[i] = p.fixed;
    if (p.initial !== undefined) given[i] = p.initial;
    if (p.fixed || p.role !== undefined) locked[i] = true;
  }
  if (options.bounds) for (const [name, b] of Object.entries(options.bounds)) {
    const i = resolve(name, 'bounds');
    if (!Array.isArray(b) || b.length !== 2 || typeof b[0] !== 'number' || typeof b[1] !== 'number' || Number.isNaN(b[0]) || Number.isNaN(b[1]) || !(b[0] < b[1])) {
      throw new ParameterError('BAD_BOUNDS', `bounds of ${name} must be [lower, upper] with lower < upper, got ${JSON.stringify(b)}`, name);
    }
    lower[i] = b[0];
    upper[i] = b[1];
  }
  if (options.initial) for (const [name, v] of Object.entries(options.initial)) {
    const i = resolve(name, 'initial');
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ParameterError('NOT_FINITE', `initial value of ${name} must be a finite number, got ${String(v)}`, name);
    }
    given[i] = v;
  }
  const fx = options.fixed;
  if (fx !== undefined) {
    if (Array.isArray(fx)) {
      for (const name of fx as readonly string[]) fixed[resolve(name, 'fixed')] = true;
    } else if (typeof fx === 'object' && fx !== null) {
      for (const [name, v] of Object.entries(fx as Record<string, number>)) {
        const i = resolve(name, 'fixed');
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new ParameterError('NOT_FINITE', `fixed value of ${name} must be a finite number, got ${String(v)}`, name);
        }
        fixed[i] = true;
        given[i] = v;
      }
    } else badOption('fixed', 'must be a list of parameter keys or a map key → value');
  }
  for (let i = 0; i < P; i++) {
    if (fixed[i]) locked[i] = true;
    const p = model.parameters[i];
    if (!(lower[i] < upper[i])) {
      throw new ParameterError('BAD_BOUNDS', `bounds of ${p.key} are [${lower[i]}, ${upper[i]}]; lower must be < upper`, p.key);
    }
    const v = given[i];
    if (v !== undefined && !fixed[i]) {
      const logPositive = p.scale === 'log' && lower[i] >= 0;
      if (v < lower[i] || v > upper[i] || (logPositive && v <= 0)) {
        throw new ParameterError(
          'OUT_OF_BOUNDS',
          `initial value of ${p.key} (${p.alias}) = ${v} is outside its bounds [${lower[i]}, ${upper[i]}]${logPositive && v <= 0 ? ' (a log-scale parameter must be > 0)' : ''}`,
          p.key,
        );
      }
    }
  }
  let nFree = 0;
  for (let i = 0; i < P; i++) if (!fixed[i]) nFree++;
  const free = new Int32Array(nFree);
  for (let i = 0, j = 0; i < P; i++) if (!fixed[i]) free[j++] = i;
  const transforms = freeTransforms(model.parameters, free, lower, upper);
  return { model, elements, lower, upper, fixed, given, locked, free, transforms };
}
