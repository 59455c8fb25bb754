import { CircuitSyntaxError, ParameterError } from '../errors.js';
import { admittanceForm, cpeAdmittance, type AdmittanceForm } from '../internal/admittance.js';
import { gridCache } from '../internal/grid.js';
import { resistor } from './elements/basic.js';
import { BUILTIN_ELEMENTS } from './elements/builtin.js';
import { formatCircuit } from './format.js';
import { parseCircuit } from './parseCircuit.js';
import type {
  CircuitModel,
  CircuitNode,
  ComplexArrays,
  ElementDefinition,
  ElementRegistry,
  FrequencyGrid,
  ModelParameter,
} from './types.js';

/** Options of {@link compileCircuit}. */
export interface CompileOptions {
  /** Element registry (default {@link BUILTIN_ELEMENTS}). */
  elements?: ElementRegistry;
}

const HALF_PI = Math.PI / 2;

/** A leaf folded into its parallel parent as an admittance (R, C, L, CPE). */
interface FoldedLeaf {
  form: AdmittanceForm;
  offset: number;
  count: number;
}

/**
 * A series node whose children are all R∥…∥R∥CPE branches (plus resistors):
 * its value is computed in one point-major loop over the branches, the shape a
 * hand-written R0-p(R1,CPE1)-p(R2,CPE2) takes. Per-branch constants are
 * refreshed in the scratch arrays on each call.
 */
interface Chain {
  /** Per branch: parameter offsets of its resistors. */
  rs: number[][];
  /** Per branch: parameter offset of its CPE (Q, then α). */
  q: number[];
  /** Scratch: Σ 1/R, Q cos(απ/2), Q sin(απ/2), α per branch. */
  y0: Float64Array;
  c: Float64Array;
  s: Float64Array;
  a: Float64Array;
}

/** A post-order instruction of the compiled program. */
type Op =
  | { kind: 'leaf'; def: ElementDefinition; offset: number; buf: number; col: number }
  | { kind: 'series'; buf: number; children: number[]; rs: number[]; chain?: Chain }
  | {
      kind: 'parallel';
      buf: number;
      children: number[];
      ranges: Array<[number, number]>;
      folded: FoldedLeaf[];
      rs: number[];
      inChain?: boolean;
    };

/**
 * Parameter layout of a circuit whose root is a series chain of resistors and
 * R∥CPE blocks, `R0-p(R1,CPE1)-p(R2,CPE2)-…` (every block: resistors in
 * parallel with one CPE). The fitter's fused residual-and-Jacobian loop uses
 * it; the values it computes are bit-identical to the model's per-node path.
 *
 * @internal
 * @example
 * ```ts
 * seriesChainLayout(compileCircuit('R0-p(R1,CPE1)'));
 * // { series: [0], branchR: [[1]], branchQ: [2] }
 * ```
 */
export interface SeriesChainLayout {
  /** Parameter indices of the resistors in series at the root. */
  readonly series: readonly number[];
  /** Per block: parameter indices of its resistors. */
  readonly branchR: readonly (readonly number[])[];
  /** Per block: parameter index of its CPE's Q (α follows at index + 1). */
  readonly branchQ: readonly number[];
}

const chainLayouts = new WeakMap<CircuitModel, SeriesChainLayout>();

/**
 * The {@link SeriesChainLayout} of a compiled model, or `undefined` when its
 * root is not such a chain.
 *
 * @internal
 * @param model - a model from {@link compileCircuit}
 * @returns the layout or undefined
 * @example
 * ```ts
 * seriesChainLayout(compileCircuit('R0-p(R1,C1)')); // undefined (C, not CPE)
 * ```
 */
export function seriesChainLayout(model: CircuitModel): SeriesChainLayout | undefined {
  return chainLayouts.get(model);
}

/**
 * impedance.py parameter key of parameter `index` of element `name` with
 * `count` parameters: `R0`, `CPE1_0`, `CPE1_1`.
 *
 * @param name - element instance name
 * @param index - 0-based parameter index
 * @param count - number of parameters of the element
 * @returns the key
 * @example
 * ```ts
 * parameterKey('CPE1', 1, 2); // 'CPE1_1'
 * ```
 */
export function parameterKey(name: string, index: number, count: number): string {
  return count === 1 ? name : `${name}_${index}`;
}

/**
 * Compiles a circuit into a {@link CircuitModel} whose `evaluate` and
 * `jacobian` run a flat post-order program over preallocated buffers.
 *
 * Series: Z = Σ Zᵢ, ∂Z/∂p = ∂Zᵢ/∂p. Parallel: Z = (Σ Yᵢ)⁻¹ with Yᵢ = 1/Zᵢ and
 * ∂Z/∂p = (Z/Zᵢ)² ∂Zᵢ/∂p for p in branch i (chain rule), applied in place to
 * the branch's Jacobian columns. R, C, L and CPE leaves directly inside a
 * parallel node are folded into its admittance sum (Y = 1/R, jωC, 1/(jωL),
 * Q(jω)^α, with ∂Z/∂p = −Z²·∂Y/∂p), which saves two complex divisions per
 * point and branch; resistors directly inside a series node are added as a
 * constant. A series of R∥CPE branches (`R0-p(R1,CPE1)-p(R2,CPE2)`, the
 * common bulk/grain-boundary/electrode chain) is evaluated point-major in one
 * loop; its values are bit-identical to the per-node path used by `jacobian`. When `out` buffers are given the root writes straight
 * into them.
 *
 * @param circuit - a circuit string (either dialect) or an AST
 * @param options - see {@link CompileOptions}
 * @returns the compiled model
 * @throws CircuitSyntaxError for an unparsable string or an unknown element
 * @example
 * ```ts
 * const model = compileCircuit('R0-p(R1,CPE1)');
 * const z = model.evaluate([10, 100, 1e-6, 0.9], new Float64Array([1e3, 1]));
 * ```
 */
export function compileCircuit(circuit: string | CircuitNode, options: CompileOptions = {}): CircuitModel {
  const elements = options.elements ?? BUILTIN_ELEMENTS;
  const ast = typeof circuit === 'string' ? parseCircuit(circuit, { elements }) : circuit;
  const parameters: ModelParameter[] = [];
  const ops: Op[] = [];

  // Iterative post-order traversal (deep nesting must not overflow the stack).
  // Each frame: node, and after its children are done, their buffer ids.
  interface Frame {
    node: CircuitNode;
    next: number;
    bufs: number[];
    ranges: Array<[number, number]>;
    folded: FoldedLeaf[];
    /** Parameter offsets of resistors folded into this node as constants. */
    rs: number[];
    start: number;
  }
  let nextBuf = 0;
  const stack: Frame[] = [{ node: ast, next: 0, bufs: [], ranges: [], folded: [], rs: [], start: 0 }];
  let rootBuf = -1;
  while (stack.length) {
    const f = stack[stack.length - 1];
    const node = f.node;
    if (node.type !== 'element' && f.next < node.children.length) {
      const child = node.children[f.next++];
      stack.push({ node: child, next: 0, bufs: [], ranges: [], folded: [], rs: [], start: parameters.length });
      continue;
    }
    stack.pop();
    let buf: number;
    if (node.type === 'element') {
      const def = elements.get(node.symbol);
      if (!def) {
        const text = node.name;
        throw new CircuitSyntaxError({
          code: 'UNKNOWN_ELEMENT',
          reason: `unknown element "${node.symbol}"`,
          input: text,
          start: 0,
          end: text.length,
        });
      }
      const offset = parameters.length;
      const count = def.parameters.length;
      def.parameters.forEach((spec, k) => {
        const ann = node.annotations?.parameters?.[spec.name];
        const lower = ann?.lower ?? spec.bounds[0];
        const upper = ann?.upper ?? spec.bounds[1];
        const p: ModelParameter = {
          key: parameterKey(node.name, k, count),
          alias: `${node.name}.${spec.name}`,
          element: node.name,
          symbol: def.symbol,
          name: spec.name,
          unit: spec.unit,
          bounds: [lower, upper],
          scale: spec.scale,
          default: spec.default,
          fixed: ann?.fixed ?? false,
        };
        if (ann?.initial !== undefined) p.initial = ann.initial;
        if (node.annotations?.role) p.role = node.annotations.role;
        parameters.push(p);
      });
      const parentFrame = stack[stack.length - 1];
      if (parentFrame && def === resistor) {
        // R is a constant: R in series, 1/R in parallel.
        parentFrame.rs.push(offset);
        continue;
      }
      const form = admittanceForm(def);
      if (form && parentFrame && parentFrame.node.type === 'parallel') {
        parentFrame.folded.push({ form, offset, count });
        continue;
      }
      buf = nextBuf++;
      ops.push({ kind: 'leaf', def, offset, buf, col: offset });
    } else {
      buf = nextBuf++;
      if (node.type === 'series') ops.push({ kind: 'series', buf, children: f.bufs, rs: f.rs });
      else ops.push({ kind: 'parallel', buf, children: f.bufs, ranges: f.ranges, folded: f.folded, rs: f.rs });
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.bufs.push(buf);
      parent.ranges.push([f.start, parameters.length]);
    } else rootBuf = buf;
  }

  // Value-path fusion of R0-p(R1,CPE1)-p(R2,CPE2)-… chains (see Chain).
  const opByBuf = new Map<number, Op>();
  for (const op of ops) opByBuf.set(op.buf, op);
  for (const op of ops) {
    if (op.kind !== 'series' || op.children.length === 0) continue;
    const kids = op.children.map((b) => opByBuf.get(b));
    const chainable = kids.every(
      (k) => k && k.kind === 'parallel' && k.children.length === 0 && k.folded.length === 1 && k.folded[0].form === cpeAdmittance,
    );
    if (!chainable) continue;
    const branches = kids as Array<Extract<Op, { kind: 'parallel' }>>;
    const nb = branches.length;
    op.chain = {
      rs: branches.map((k) => k.rs),
      q: branches.map((k) => k.folded[0].offset),
      y0: new Float64Array(nb),
      c: new Float64Array(nb),
      s: new Float64Array(nb),
      a: new Float64Array(nb),
    };
    for (const k of branches) k.inChain = true;
  }

  const nParams = parameters.length;
  const nBufs = nextBuf;
  const grids = gridCache();
  let n = -1;
  let bre: Float64Array[] = [];
  let bim: Float64Array[] = [];
  let fre = new Float64Array(0);
  let fim = new Float64Array(0);
  const ensure = (size: number) => {
    if (size === n) return;
    n = size;
    bre = Array.from({ length: nBufs }, () => new Float64Array(size));
    bim = Array.from({ length: nBufs }, () => new Float64Array(size));
    fre = new Float64Array(size);
    fim = new Float64Array(size);
  };

  const checkValues = (values: ArrayLike<number>) => {
    if (!values || values.length !== nParams) {
      throw new ParameterError(
        'WRONG_LENGTH',
        `expected ${nParams} parameter values (${parameters.map((p) => p.key).join(', ')}), got ${values?.length}`,
      );
    }
  };

  /** Multiplies columns [c0, c1) of dRe/dIm point-wise by fre + j·fim. */
  const scaleColumns = (dRe: Float64Array, dIm: Float64Array, c0: number, c1: number, m: number) => {
    for (let col = c0; col < c1; col++) {
      const b = col * m;
      for (let i = 0; i < m; i++) {
        const u = dRe[b + i];
        const v = dIm[b + i];
        const a = fre[i];
        const c = fim[i];
        dRe[b + i] = u * a - v * c;
        dIm[b + i] = u * c + v * a;
      }
    }
  };

  /**
   * Z = Σ R + Σ_b 1/(Σ 1/R_b + Q_b(jω)^α_b), point-major. Same operations in
   * the same order as the per-node path, so the result is bit-identical.
   */
  const runChain = (p: ArrayLike<number>, g: FrequencyGrid, ch: Chain, rs: number[], zr: Float64Array, zi: Float64Array) => {
    let k0 = 0;
    for (let j = 0; j < rs.length; j++) k0 += p[rs[j]];
    const nb = ch.q.length;
    const y0 = ch.y0;
    const cc = ch.c;
    const ss = ch.s;
    const aa = ch.a;
    for (let b = 0; b < nb; b++) {
      const r = ch.rs[b];
      let y = 0;
      for (let j = 0; j < r.length; j++) y += 1 / p[r[j]];
      const q = p[ch.q[b]];
      const a = p[ch.q[b] + 1];
      y0[b] = y;
      cc[b] = q * Math.cos(a * HALF_PI);
      ss[b] = q * Math.sin(a * HALF_PI);
      aa[b] = a;
    }
    const lw = g.logOmega;
    const m = g.n;
    // Two and three branches (bulk, grain boundary, electrode) are unrolled so
    // V8 keeps every constant in a register across the exp calls; a loop over
    // branches is markedly slower per point.
    if (nb === 2 || nb === 3) {
      const y00 = y0[0];
      const c0 = cc[0];
      const s0 = ss[0];
      const a0 = aa[0];
      const y01 = y0[1];
      const c1 = cc[1];
      const s1 = ss[1];
      const a1 = aa[1];
      if (nb === 2) {
        for (let i = 0; i < m; i++) {
          const l = lw[i];
          const e0 = Math.exp(a0 * l);
          const yr0 = y00 + e0 * c0;
          const yi0 = e0 * s0;
          const d0 = 1 / (yr0 * yr0 + yi0 * yi0);
          const e1 = Math.exp(a1 * l);
          const yr1 = y01 + e1 * c1;
          const yi1 = e1 * s1;
          const d1 = 1 / (yr1 * yr1 + yi1 * yi1);
          zr[i] = k0 + yr0 * d0 + yr1 * d1;
          zi[i] = -yi0 * d0 + -yi1 * d1;
        }
        return;
      }
      const y02 = y0[2];
      const c2 = cc[2];
      const s2 = ss[2];
      const a2 = aa[2];
      for (let i = 0; i < m; i++) {
        const l = lw[i];
        const e0 = Math.exp(a0 * l);
        const yr0 = y00 + e0 * c0;
        const yi0 = e0 * s0;
        const d0 = 1 / (yr0 * yr0 + yi0 * yi0);
        const e1 = Math.exp(a1 * l);
        const yr1 = y01 + e1 * c1;
        const yi1 = e1 * s1;
        const d1 = 1 / (yr1 * yr1 + yi1 * yi1);
        const e2 = Math.exp(a2 * l);
        const yr2 = y02 + e2 * c2;
        const yi2 = e2 * s2;
        const d2 = 1 / (yr2 * yr2 + yi2 * yi2);
        zr[i] = k0 + yr0 * d0 + yr1 * d1 + yr2 * d2;
        zi[i] = -yi0 * d0 + -yi1 * d1 + -yi2 * d2;
      }
      return;
    }
    for (let i = 0; i < m; i++) {
      const l = lw[i];
      let ar = k0;
      let ai = 0;
      for (let b = 0; b < nb; b++) {
        const e = Math.exp(aa[b] * l);
        const yr = y0[b] + e * cc[b];
        const yi = e * ss[b];
        const d = 1 / (yr * yr + yi * yi);
        ar += yr * d;
        // first branch: ai = −yi·d exactly, as in the per-node path
        ai = b === 0 ? -yi * d : ai + -yi * d;
      }
      zr[i] = ar;
      zi[i] = ai;
    }
  };

  const run = (p: ArrayLike<number>, g: FrequencyGrid, dRe?: Float64Array, dIm?: Float64Array) => {
    const m = g.n;
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k];
      const zr = bre[op.buf];
      const zi = bim[op.buf];
      if (!dRe && op.kind === 'parallel' && op.inChain) continue;
      if (!dRe && op.kind === 'series' && op.chain) {
        runChain(p, g, op.chain, op.rs, zr, zi);
        continue;
      }
      if (op.kind === 'leaf') {
        if (dRe && dIm) op.def.gradient(p, op.offset, g, zr, zi, dRe, dIm, op.col);
        else op.def.kernel(p, op.offset, g, zr, zi);
      } else if (op.kind === 'series') {
        const c = op.children;
        const rs = op.rs;
        let k0 = 0;
        for (let j = 0; j < rs.length; j++) {
          k0 += p[rs[j]];
          if (dRe && dIm) {
            dRe.fill(1, rs[j] * m, rs[j] * m + m);
            dIm.fill(0, rs[j] * m, rs[j] * m + m);
          }
        }
        if (c.length === 0) {
          zr.fill(k0, 0, m);
          zi.fill(0, 0, m);
          continue;
        }
        const r0 = bre[c[0]];
        const i0 = bim[c[0]];
        if (c.length === 1) {
          for (let i = 0; i < m; i++) {
            zr[i] = k0 + r0[i];
            zi[i] = i0[i];
          }
          continue;
        }
        const r1 = bre[c[1]];
        const i1 = bim[c[1]];
        for (let i = 0; i < m; i++) {
          zr[i] = k0 + r0[i] + r1[i];
          zi[i] = i0[i] + i1[i];
        }
        for (let j = 2; j < c.length; j++) {
          const rr = bre[c[j]];
          const ii = bim[c[j]];
          for (let i = 0; i < m; i++) {
            zr[i] += rr[i];
            zi[i] += ii[i];
          }
        }
      } else {
        const c = op.children;
        const folded = op.folded;
        const rs = op.rs;
        // Admittance sum in zr/zi, then invert.
        let y0 = 0;
        for (let j = 0; j < rs.length; j++) y0 += 1 / p[rs[j]];
        const fused = c.length === 0 && folded.length === 1 ? folded[0].form : undefined;
        if (fused && fused.invert && fused.invertGrad) {
          // Fused R∥X: Z = 1/(Σ 1/R + Y_X) in one pass.
          const fl = folded[0];
          if (dRe && dIm) {
            fused.invertGrad(p, fl.offset, g, y0, zr, zi, dRe, dIm, fl.offset);
            // ∂Z/∂R = −Z²·(−1/R²) = Z²/R²
            for (let j = 0; j < rs.length; j++) {
              const g0 = 1 / p[rs[j]];
              const g2 = g0 * g0;
              const b = rs[j] * m;
              for (let i = 0; i < m; i++) {
                const a = zr[i];
                const bb = zi[i];
                dRe[b + i] = (a * a - bb * bb) * g2;
                dIm[b + i] = 2 * a * bb * g2;
              }
            }
          } else fused.invert(p, fl.offset, g, y0, zr, zi);
          continue;
        }
        zr.fill(y0, 0, m);
        zi.fill(0, 0, m);
        if (dRe && dIm) {
          // ∂Y/∂R = −1/R², scaled by −Z² below
          for (let j = 0; j < rs.length; j++) {
            const g0 = 1 / p[rs[j]];
            dRe.fill(-g0 * g0, rs[j] * m, rs[j] * m + m);
            dIm.fill(0, rs[j] * m, rs[j] * m + m);
          }
        }
        for (let j = 0; j < folded.length; j++) {
          const fl = folded[j];
          if (dRe && dIm) fl.form.grad(p, fl.offset, g, zr, zi, dRe, dIm, fl.offset);
          else fl.form.add(p, fl.offset, g, zr, zi);
        }
        for (let j = 0; j < c.length; j++) {
          const rr = bre[c[j]];
          const ii = bim[c[j]];
          for (let i = 0; i < m; i++) {
            const a = rr[i];
            const b = ii[i];
            const d = 1 / (a * a + b * b);
            zr[i] += a * d;
            zi[i] -= b * d;
          }
        }
        for (let i = 0; i < m; i++) {
          const a = zr[i];
          const b = zi[i];
          const d = 1 / (a * a + b * b);
          zr[i] = a * d;
          zi[i] = -b * d;
        }
        if (dRe && dIm) {
          if (folded.length || rs.length) {
            // ∂Z/∂p = −Z² ∂Y/∂p
            for (let i = 0; i < m; i++) {
              const a = zr[i];
              const b = zi[i];
              fre[i] = b * b - a * a;
              fim[i] = -2 * a * b;
            }
            for (let j = 0; j < folded.length; j++) {
              const fl = folded[j];
              scaleColumns(dRe, dIm, fl.offset, fl.offset + fl.count, m);
            }
            for (let j = 0; j < rs.length; j++) scaleColumns(dRe, dIm, rs[j], rs[j] + 1, m);
          }
          for (let j = 0; j < c.length; j++) {
            const [c0, c1] = op.ranges[j];
            if (c0 === c1) continue;
            const rr = bre[c[j]];
            const ii = bim[c[j]];
            for (let i = 0; i < m; i++) {
              // factor = (Z / Z_j)²
              const a = rr[i];
              const b = ii[i];
              const d = 1 / (a * a + b * b);
              const yr = a * d;
              const yi = -b * d;
              const qr = zr[i] * yr - zi[i] * yi;
              const qi = zr[i] * yi + zi[i] * yr;
              fre[i] = qr * qr - qi * qi;
              fim[i] = 2 * qr * qi;
            }
            scaleColumns(dRe, dIm, c0, c1, m);
          }
        }
      }
    }
  };

  /** Runs the program with the root writing into `target` when it fits exactly. */
  const runInto = (p: ArrayLike<number>, g: FrequencyGrid, target: ComplexArrays | undefined, dRe?: Float64Array, dIm?: Float64Array) => {
    if (target && target.re.length === g.n && target.im.length === g.n && target.re !== target.im) {
      const keepRe = bre[rootBuf];
      const keepIm = bim[rootBuf];
      bre[rootBuf] = target.re;
      bim[rootBuf] = target.im;
      try {
        run(p, g, dRe, dIm);
      } finally {
        bre[rootBuf] = keepRe;
        bim[rootBuf] = keepIm;
      }
      return;
    }
    run(p, g, dRe, dIm);
    if (target) {
      target.re.set(bre[rootBuf]);
      target.im.set(bim[rootBuf]);
    }
  };

  const model: CircuitModel = {
    ast,
    circuit: formatCircuit(ast, 'impedancepy'),
    parameters: Object.freeze(parameters),
    evaluate(values, frequency, out) {
      checkValues(values);
      const g = grids(frequency);
      ensure(g.n);
      const target = out ?? { re: new Float64Array(g.n), im: new Float64Array(g.n) };
      runInto(values, g, target);
      return target;
    },
    jacobian(values, frequency, out, value) {
      checkValues(values);
      const g = grids(frequency);
      ensure(g.n);
      const size = nParams * g.n;
      const dRe = out?.re ?? new Float64Array(size);
      const dIm = out?.im ?? new Float64Array(size);
      runInto(values, g, value, dRe, dIm);
      return { re: dRe, im: dIm };
    },
  };
  const rootOp = ops.find((op) => op.buf === rootBuf);
  if (rootOp && rootOp.kind === 'series' && rootOp.chain) {
    chainLayouts.set(model, { series: [...rootOp.rs], branchR: rootOp.chain.rs.map((r) => [...r]), branchQ: [...rootOp.chain.q] });
  }
  return model;
}
