// Seeded generator of valid, canonical circuit ASTs (flattened, unique names,
// annotations within bounds) for property tests.
import { BUILTIN_ELEMENTS } from '../../src/circuit/elements/builtin.js';
import { ROLES } from '../../src/circuit/types.js';
import type {
  CircuitNode,
  ElementAnnotations,
  ElementNode,
  ElementRegistry,
  ParameterAnnotation,
  ParameterSpec,
} from '../../src/circuit/types.js';

export interface RandomCircuitOptions {
  /** Symbols to draw from (default: every symbol of `elements`). */
  symbols?: readonly string[];
  /** Registry (default built-ins). */
  elements?: ElementRegistry;
  /** Maximum nesting depth (default 4). */
  depth?: number;
  /** Probability that an element carries annotations (default 0.3). */
  annotate?: number;
  /** Name styles to mix (default all). */
  names?: ReadonlyArray<'auto' | 'digits' | 'label'>;
}

const LABEL = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';

/** Awkward but valid numbers: exact printing must survive them. */
const ODD = [0.1 + 0.2, 1 / 3, 5e-324, 1e-300, 1.7976931348623157e308, 123456789.123, 1e21, 1e-7, 2 ** -20, 0];

export function randomCircuit(rnd: () => number, options: RandomCircuitOptions = {}): CircuitNode {
  const elements = options.elements ?? BUILTIN_ELEMENTS;
  const symbols = options.symbols ?? [...elements.keys()];
  const maxDepth = options.depth ?? 4;
  const pAnn = options.annotate ?? 0.3;
  const styles = options.names ?? ['auto', 'auto', 'digits', 'label'];
  const used = new Set<string>();
  const counters = new Map<string, number>();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

  const inRange = (lo: number, hi: number): number => {
    if (rnd() < 0.15) {
      const v = pick(ODD);
      if (v >= lo && v <= hi) return v;
    }
    if (Number.isFinite(lo) && Number.isFinite(hi)) return lo + (hi - lo) * rnd();
    const mag = 10 ** (30 * rnd() - 15) * (1 + Math.floor(rnd() * 1000) / 1000);
    if (Number.isFinite(lo)) return Math.min(lo + mag, Number.MAX_VALUE);
    if (Number.isFinite(hi)) return hi - mag;
    return rnd() < 0.5 ? mag : -mag;
  };

  const paramAnnotation = (spec: ParameterSpec): ParameterAnnotation => {
    const [L, U] = spec.bounds;
    const a: ParameterAnnotation = {};
    let lo = L;
    let hi = U;
    if (rnd() < 0.5) {
      const x = inRange(L, U);
      const y = inRange(L, U);
      lo = Math.min(x, y);
      hi = Math.max(x, y);
      const side = rnd();
      if (side < 0.6) {
        a.lower = lo;
        a.upper = hi;
      } else if (side < 0.8) {
        a.lower = lo;
        hi = U;
      } else {
        a.upper = hi;
        lo = L;
      }
      if (rnd() < 0.05 && U === Infinity && a.upper !== undefined) a.upper = Infinity;
    }
    if (rnd() < 0.7) {
      const v = inRange(lo, hi === Infinity ? Number.MAX_VALUE : hi);
      if (Number.isFinite(v)) a.initial = v;
    }
    if (rnd() < 0.3) a.fixed = true;
    // Canonical key order (as the parser builds it).
    const o: ParameterAnnotation = {};
    if (a.initial !== undefined) o.initial = a.initial;
    if (a.lower !== undefined) o.lower = a.lower;
    if (a.upper !== undefined) o.upper = a.upper;
    if (a.fixed) o.fixed = true;
    return o;
  };

  const element = (): ElementNode => {
    const symbol = pick(symbols);
    const def = elements.get(symbol);
    const k = counters.get(symbol) ?? 0;
    counters.set(symbol, k + 1);
    let name = '';
    for (let attempt = 0; attempt < 20 && (name === '' || used.has(name)); attempt++) {
      const style = attempt > 2 ? 'label' : pick(styles);
      if (style === 'auto') name = `${symbol}${k}`;
      else if (style === 'digits') name = `${symbol}${rnd() < 0.2 ? '0' : ''}${Math.floor(rnd() * 100)}`;
      else {
        let label = '';
        const n = 1 + Math.floor(rnd() * 6);
        for (let i = 0; i < n; i++) label += pick([...LABEL]);
        name = `${symbol}_${label}`;
      }
    }
    used.add(name);
    const node: ElementNode = { type: 'element', symbol, name };
    if (def && rnd() < pAnn) {
      const ann: ElementAnnotations = {};
      const params: Record<string, ParameterAnnotation> = {};
      for (const spec of def.parameters) {
        if (rnd() < 0.5) {
          const a = paramAnnotation(spec);
          if (Object.keys(a).length) params[spec.name] = a;
        }
      }
      if (Object.keys(params).length) ann.parameters = params;
      if (rnd() < 0.4) ann.role = pick(ROLES);
      if (ann.parameters || ann.role) node.annotations = ann;
    }
    return node;
  };

  const node = (depth: number, inside: 'series' | 'parallel' | 'root'): CircuitNode => {
    if (depth >= maxDepth || rnd() < 0.35) return element();
    const kind = inside === 'series' ? 'parallel' : inside === 'parallel' ? 'series' : rnd() < 0.7 ? 'series' : 'parallel';
    const n = 2 + Math.floor(rnd() * 3);
    const children: CircuitNode[] = [];
    for (let i = 0; i < n; i++) children.push(node(depth + 1, kind));
    return { type: kind, children };
  };

  return node(0, 'root');
}
