import { CircuitSyntaxError, ParameterError } from '../errors.js';
import { gridCache } from '../internal/grid.js';
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

/** A post-order instruction of the compiled program. */
type Op =
  | { kind: 'leaf'; def: ElementDefinition; offset: number; buf: number; col: number }
  | { kind: 'series'; buf: number; children: number[] }
  | { kind: 'parallel'; buf: number; children: number[]; ranges: Array<[number, number]> };

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
 * Series: Z = Σ Zᵢ, ∂Z/∂p = ∂Zᵢ/∂p. Parallel: Z = (Σ Zᵢ⁻¹)⁻¹ and
 * ∂Z/∂p = (Z/Zᵢ)² ∂Zᵢ/∂p for p in branch i (chain rule), applied in place to
 * the branch's Jacobian columns.
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
    start: number;
  }
  let nextBuf = 0;
  const stack: Frame[] = [{ node: ast, next: 0, bufs: [], ranges: [], start: 0 }];
  let rootBuf = -1;
  while (stack.length) {
    const f = stack[stack.length - 1];
    const node = f.node;
    if (node.type !== 'element' && f.next < node.children.length) {
      const child = node.children[f.next++];
      stack.push({ node: child, next: 0, bufs: [], ranges: [], start: parameters.length });
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
      buf = nextBuf++;
      ops.push({ kind: 'leaf', def, offset, buf, col: offset });
    } else {
      buf = nextBuf++;
      if (node.type === 'series') ops.push({ kind: 'series', buf, children: f.bufs });
      else ops.push({ kind: 'parallel', buf, children: f.bufs, ranges: f.ranges });
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.bufs.push(buf);
      parent.ranges.push([f.start, parameters.length]);
    } else rootBuf = buf;
  }

  const nParams = parameters.length;
  const nBufs = nextBuf;
  const grids = gridCache();
  let n = -1;
  let bre: Float64Array[] = [];
  let bim: Float64Array[] = [];
  const ensure = (size: number) => {
    if (size === n) return;
    n = size;
    bre = Array.from({ length: nBufs }, () => new Float64Array(size));
    bim = Array.from({ length: nBufs }, () => new Float64Array(size));
  };

  const checkValues = (values: ArrayLike<number>) => {
    if (!values || values.length !== nParams) {
      throw new ParameterError(
        'WRONG_LENGTH',
        `expected ${nParams} parameter values (${parameters.map((p) => p.key).join(', ')}), got ${values?.length}`,
      );
    }
  };

  const run = (p: ArrayLike<number>, g: FrequencyGrid, dRe?: Float64Array, dIm?: Float64Array) => {
    const m = g.n;
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k];
      const zr = bre[op.buf];
      const zi = bim[op.buf];
      if (op.kind === 'leaf') {
        if (dRe && dIm) op.def.gradient(p, op.offset, g, zr, zi, dRe, dIm, op.col);
        else op.def.kernel(p, op.offset, g, zr, zi);
      } else if (op.kind === 'series') {
        const c = op.children;
        const r0 = bre[c[0]];
        const i0 = bim[c[0]];
        for (let i = 0; i < m; i++) {
          zr[i] = r0[i];
          zi[i] = i0[i];
        }
        for (let j = 1; j < c.length; j++) {
          const rr = bre[c[j]];
          const ii = bim[c[j]];
          for (let i = 0; i < m; i++) {
            zr[i] += rr[i];
            zi[i] += ii[i];
          }
        }
      } else {
        const c = op.children;
        // Admittance sum in zr/zi, then invert.
        for (let i = 0; i < m; i++) {
          zr[i] = 0;
          zi[i] = 0;
        }
        for (let j = 0; j < c.length; j++) {
          const rr = bre[c[j]];
          const ii = bim[c[j]];
          for (let i = 0; i < m; i++) {
            const a = rr[i];
            const b = ii[i];
            const d = a * a + b * b;
            zr[i] += a / d;
            zi[i] -= b / d;
          }
        }
        for (let i = 0; i < m; i++) {
          const a = zr[i];
          const b = zi[i];
          const d = a * a + b * b;
          zr[i] = a / d;
          zi[i] = -b / d;
        }
        if (dRe && dIm) {
          for (let j = 0; j < c.length; j++) {
            const [c0, c1] = op.ranges[j];
            if (c0 === c1) continue;
            const rr = bre[c[j]];
            const ii = bim[c[j]];
            for (let i = 0; i < m; i++) {
              // ratio = Z / Z_j ; factor = ratio²
              const a = rr[i];
              const b = ii[i];
              const d = a * a + b * b;
              const yr = a / d;
              const yi = -b / d;
              const qr = zr[i] * yr - zi[i] * yi;
              const qi = zr[i] * yi + zi[i] * yr;
              const fr = qr * qr - qi * qi;
              const fi = 2 * qr * qi;
              for (let col = c0; col < c1; col++) {
                const idx = col * m + i;
                const u = dRe[idx];
                const v = dIm[idx];
                dRe[idx] = u * fr - v * fi;
                dIm[idx] = u * fi + v * fr;
              }
            }
          }
        }
      }
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
      run(values, g);
      const re = out?.re ?? new Float64Array(g.n);
      const im = out?.im ?? new Float64Array(g.n);
      re.set(bre[rootBuf].length === g.n ? bre[rootBuf] : bre[rootBuf].subarray(0, g.n));
      im.set(bim[rootBuf]);
      return { re, im };
    },
    jacobian(values, frequency, out, value) {
      checkValues(values);
      const g = grids(frequency);
      ensure(g.n);
      const size = nParams * g.n;
      const dRe = out?.re ?? new Float64Array(size);
      const dIm = out?.im ?? new Float64Array(size);
      run(values, g, dRe, dIm);
      if (value) {
        value.re.set(bre[rootBuf]);
        value.im.set(bim[rootBuf]);
      }
      return { re: dRe, im: dIm };
    },
  };
  return model;
}
