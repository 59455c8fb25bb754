/**
 * Canonical order of interchangeable arcs.
 *
 * @module
 */
import { compileCircuit } from '../circuit/compileCircuit.js';
import { BUILTIN_ELEMENTS } from '../circuit/elements/builtin.js';
import type { CircuitModel, CircuitNode, ElementRegistry } from '../circuit/types.js';

/** Interchangeable top-level blocks of a circuit, found once per model. */
export interface InterchangeableGroup {
  /** Structural signature shared by the blocks, e.g. `p(R,CPE)`. */
  signature: string;
  /** Per block (circuit order): the indices of its parameters in `model.parameters` order. */
  parameterIndices: number[][];
  /** Per block: a compiled model of the block alone. */
  models: CircuitModel[];
}

function signature(node: CircuitNode): string {
  if (node.type === 'element') return node.symbol;
  return `${node.type === 'series' ? 's' : 'p'}(${node.children.map(signature).join(',')})`;
}

function elementNames(node: CircuitNode, out: string[]): string[] {
  if (node.type === 'element') out.push(node.name);
  else node.children.forEach((c) => elementNames(c, out));
  return out;
}

/**
 * Finds groups of structurally identical top-level series blocks containing a
 * parallel connection (e.g. the two `p(R,CPE)` of `R0-p(R1,CPE1)-p(R2,CPE2)`):
 * swapping their parameter values leaves Z unchanged.
 *
 * @param model - compiled circuit
 * @param elements - registry used to compile the blocks
 * @returns groups with two or more blocks
 * @example
 * ```ts
 * findInterchangeable(compileCircuit('R0-p(R1,C1)-p(R2,C2)'))[0].signature; // 'p(R,C)'
 * ```
 */
export function findInterchangeable(model: CircuitModel, elements?: ElementRegistry): InterchangeableGroup[] {
  const ast = model.ast;
  if (ast.type !== 'series') return [];
  const bySig = new Map<string, CircuitNode[]>();
  for (const child of ast.children) {
    if (child.type === 'element') continue;
    const sig = signature(child);
    const list = bySig.get(sig) ?? [];
    list.push(child);
    bySig.set(sig, list);
  }
  const groups: InterchangeableGroup[] = [];
  for (const [sig, nodes] of bySig) {
    if (nodes.length < 2) continue;
    const parameterIndices = nodes.map((node) => {
      const names = new Set(elementNames(node, []));
      const idx: number[] = [];
      model.parameters.forEach((p, i) => {
        if (names.has(p.element)) idx.push(i);
      });
      return idx;
    });
    const models = nodes.map((node) => compileCircuit(node, elements ? { elements } : {}));
    nodes.forEach((node, b) => registerApexBlock(node, models[b], elements ?? BUILTIN_ELEMENTS));
    groups.push({ signature: sig, parameterIndices, models });
  }
  return groups;
}

/** Scan grid: 3 points per decade from 1e14 Hz down to 1e-10 Hz. */
const STEP = 1 / 3;
const SCAN = (() => {
  const f = new Float64Array(73);
  for (let i = 0; i < f.length; i++) f[i] = Math.pow(10, 14 - i * STEP);
  return f;
})();

/** Output buffers of the scan (overwritten by every call; nothing keeps them). */
const SCAN_OUT = { re: new Float64Array(SCAN.length), im: new Float64Array(SCAN.length) };

/**
 * Time constant τ = 1/(2π f_apex) of a block, from the frequency of maximum
 * −Im Z on a 3-per-decade scan from 1e14 Hz down to 1e-10 Hz, refined by a parabola in log f
 * (through ln(−Im)); accurate to a few percent, enough to order arcs.
 *
 * @param model - compiled block
 * @param values - its parameter values
 * @returns τ in seconds (Infinity when −Im has no maximum inside the scan)
 * @example
 * ```ts
 * blockTimeConstant(compileCircuit('p(R1,C1)'), [100, 1e-6]); // ≈ 1e-4
 * ```
 */
export function blockTimeConstant(model: CircuitModel, values: ArrayLike<number>): number {
  const apex = apexBlocks.get(model);
  if (apex) {
    const tau = windowTimeConstant(apex, values);
    if (tau !== undefined) return tau;
  }
  const z = model.evaluate(values, SCAN, SCAN_OUT);
  let best = -1;
  let bestV = -Infinity;
  for (let i = 0; i < SCAN.length; i++) {
    const v = -z.im[i];
    if (v > bestV) {
      bestV = v;
      best = i;
    }
  }
  if (best <= 0 || best >= SCAN.length - 1 || !(bestV > 0)) return best === 0 ? 0 : Infinity;
  const y0 = Math.log(-z.im[best - 1]);
  const y1 = Math.log(-z.im[best]);
  const y2 = Math.log(-z.im[best + 1]);
  const den = y0 - 2 * y1 + y2;
  const shift = den < 0 && Number.isFinite(den) ? (0.5 * (y0 - y2)) / den : 0;
  const logf = 14 - (best + Math.max(-0.5, Math.min(0.5, shift))) * STEP;
  return 1 / (2 * Math.PI * Math.pow(10, logf));
}

/**
 * A block `p(R,C)` or `p(R,CPE)` of the built-in elements, whose scan can be cut to a window.
 * Z = R/(1 + R·Q·(jω)^α) (α = 1, Q = C for the capacitor): −Im Z is strictly unimodal in
 * log ω with its apex at R·Q·ω^α = 1.
 */
interface ApexBlock {
  /** Index of R in the block's parameters. */
  r: number;
  /** Index of C or Q. */
  q: number;
  /** Index of α, or −1 for a capacitor. */
  alpha: number;
  /**
   * A second compile of the block, evaluated only on 7-point windows: a compiled model keeps
   * buffers sized to its last frequency count, so the full-scan model keeps its 73 points.
   */
  window: CircuitModel;
}

/** Block models (from {@link findInterchangeable}) that qualify for the window scan. */
const apexBlocks = new WeakMap<CircuitModel, ApexBlock>();
const WINDOW = 7;
const WINDOW_F = new Float64Array(WINDOW);
const WINDOW_OUT = { re: new Float64Array(WINDOW), im: new Float64Array(WINDOW) };

function registerApexBlock(node: CircuitNode, model: CircuitModel, registry: ElementRegistry): void {
  if (node.type !== 'parallel' || node.children.length !== 2) return;
  const symbols = node.children.map((c) => (c.type === 'element' ? c.symbol : ''));
  const other = symbols[0] === 'R' ? symbols[1] : symbols[1] === 'R' ? symbols[0] : '';
  if (other !== 'C' && other !== 'CPE') return;
  // Only the built-in physics is known to be unimodal; a registry may redefine a symbol.
  for (const sym of ['R', other]) if (registry.get(sym) !== BUILTIN_ELEMENTS.get(sym)) return;
  const find = (symbol: string, name?: string) => model.parameters.findIndex((p) => p.symbol === symbol && (name === undefined || p.name === name));
  const r = find('R');
  const q = other === 'C' ? find('C') : find('CPE', 'Q');
  const alpha = other === 'C' ? -1 : find('CPE', 'alpha');
  if (r < 0 || q < 0 || (other === 'CPE' && alpha < 0)) return;
  apexBlocks.set(model, { r, q, alpha, window: compileCircuit(node, { elements: registry }) });
}

/**
 * {@link blockTimeConstant} from the 7 scan points around the predicted apex instead of all 73,
 * or undefined when that cannot be shown to give the same answer (the caller then scans).
 *
 * The window holds the same frequencies as the scan and each point is evaluated on its own, so
 * the values are those of the full scan. When they rise strictly to an interior maximum and fall
 * strictly after it, that maximum is the scan's: outside the window the exact −Im keeps falling
 * by at least ~1e-4 relative per point for α ≥ 0.05 (far above rounding), and the parameter
 * limits keep every value finite. Anything else (flat curves for small α, apex near the ends of
 * the scan, ties, non-finite values) falls back to the full scan.
 */
function windowTimeConstant(apex: ApexBlock, values: ArrayLike<number>): number | undefined {
  const R = values[apex.r];
  const Q = values[apex.q];
  const alpha = apex.alpha < 0 ? 1 : values[apex.alpha];
  if (!(R >= 1e-100 && R <= 1e100 && Q >= 1e-100 && Q <= 1e100 && alpha >= 0.05 && alpha <= 1)) return undefined;
  // Apex: R·Q·ω^α = 1 → log10 f = −log10(R·Q)/α − log10(2π); scan index = (14 − log10 f)/STEP.
  const logF = -Math.log10(R * Q) / alpha - Math.log10(2 * Math.PI);
  const lo = Math.round((14 - logF) / STEP) - (WINDOW - 1) / 2;
  if (!(lo >= 0 && lo + WINDOW <= SCAN.length)) return undefined;
  for (let k = 0; k < WINDOW; k++) WINDOW_F[k] = SCAN[lo + k];
  const z = apex.window.evaluate(values, WINDOW_F, WINDOW_OUT);
  let best = -1;
  let bestV = -Infinity;
  for (let k = 0; k < WINDOW; k++) {
    const v = -z.im[k];
    if (v > bestV) {
      bestV = v;
      best = k;
    }
  }
  if (best < 1 || best > WINDOW - 2 || !(bestV > 0) || !Number.isFinite(bestV)) return undefined;
  for (let k = 1; k <= best; k++) if (!(-z.im[k - 1] < -z.im[k])) return undefined;
  for (let k = best + 1; k < WINDOW; k++) if (!(-z.im[k] < -z.im[k - 1])) return undefined;
  // From here on, the same arithmetic as the full scan at scan index lo + best.
  const y0 = Math.log(-z.im[best - 1]);
  const y1 = Math.log(-z.im[best]);
  const y2 = Math.log(-z.im[best + 1]);
  const den = y0 - 2 * y1 + y2;
  const shift = den < 0 && Number.isFinite(den) ? (0.5 * (y0 - y2)) / den : 0;
  const logf = 14 - (lo + best + Math.max(-0.5, Math.min(0.5, shift))) * STEP;
  return 1 / (2 * Math.PI * Math.pow(10, logf));
}

/** Margin of {@link inApexOrder}: two scan steps (the estimates' worst-case gap) plus 0.05 decade. */
const APEX_GAP = 2 * STEP + 0.05;

/**
 * True when the blocks of a group are provably already in the order that the scan-based
 * {@link blockTimeConstant} would give, decided from the exact apex frequencies alone (no scan).
 *
 * For p(R,C) and p(R,CPE), −Im Z is symmetric in ln ω about the apex log₁₀ f* = −log₁₀(R·Q)/α −
 * log₁₀ 2π and strictly decreasing away from it, so the scan's maximum is a grid point within half
 * a step of f*, and the parabola moves the estimate by at most another half step: every estimate
 * lies within one STEP (1/3 decade) of its exact apex. When consecutive blocks' exact apexes fall
 * by more than {@link APEX_GAP} and all lie at least a decade inside the scan, the estimated time
 * constants increase strictly in circuit order too, and the scan would change nothing. Anything
 * else (other blocks, parameters outside the window scan's limits, close apexes) returns false and
 * the caller scans.
 */
function inApexOrder(g: InterchangeableGroup, blocks: readonly number[], values: ArrayLike<number>): boolean {
  let prev = Infinity;
  for (let q = 0; q < blocks.length; q++) {
    const apex = apexBlocks.get(g.models[blocks[q]]);
    if (!apex) return false;
    const idx = g.parameterIndices[blocks[q]];
    const R = values[idx[apex.r]];
    const Q = values[idx[apex.q]];
    const alpha = apex.alpha < 0 ? 1 : values[idx[apex.alpha]];
    if (!(R >= 1e-100 && R <= 1e100 && Q >= 1e-100 && Q <= 1e100 && alpha >= 0.05 && alpha <= 1)) return false;
    const logF = -Math.log10(R * Q) / alpha - Math.log10(2 * Math.PI);
    if (!(logF >= -9 && logF <= 13)) return false;
    // Increasing τ = decreasing apex frequency, with room for the estimates' error.
    if (!(logF < prev - APEX_GAP)) return false;
    prev = logF;
  }
  return true;
}

/**
 * Reorders the values of interchangeable blocks by increasing time constant,
 * in place. Blocks containing a locked parameter (fixed or role-labelled) stay
 * put, and a permutation that would put a value outside the target's bounds is skipped.
 *
 * @param groups - from {@link findInterchangeable}
 * @param values - natural parameter values in model order (modified)
 * @param locked - per parameter: true when the user fixed or labelled it
 * @param lower - lower bounds per parameter
 * @param upper - upper bounds per parameter
 * @returns true when any value moved
 * @example
 * ```ts
 * const model = compileCircuit('p(R1,C1)-p(R2,C2)');
 * const v = [10, 1e-3, 10, 1e-6];
 * canonicalizeBlocks(findInterchangeable(model), v, [false, false, false, false], [0, 0, 0, 0], [Infinity, Infinity, Infinity, Infinity]);
 * v; // [10, 1e-6, 10, 1e-3]
 * ```
 */
export function canonicalizeBlocks(
  groups: readonly InterchangeableGroup[],
  values: Float64Array | number[],
  locked: readonly boolean[],
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): boolean {
  let moved = false;
  for (const g of groups) {
    // Blocks without a locked parameter take part, in circuit order.
    const blocks: number[] = [];
    for (let b = 0; b < g.parameterIndices.length; b++) {
      const idx = g.parameterIndices[b];
      let free = true;
      for (let q = 0; q < idx.length && free; q++) if (locked[idx[q]]) free = false;
      if (free) blocks.push(b);
    }
    const nb = blocks.length;
    if (nb < 2) continue;
    if (inApexOrder(g, blocks, values)) continue;
    const snap: number[][] = [];
    const taus: number[] = [];
    for (let q = 0; q < nb; q++) {
      const idx = g.parameterIndices[blocks[q]];
      const v: number[] = [];
      for (let t = 0; t < idx.length; t++) v.push(values[idx[t]]);
      snap.push(v);
      taus.push(blockTimeConstant(g.models[blocks[q]], v));
    }
    // Stable order by increasing τ (ties, including two infinite τ, keep circuit order). The key
    // (τ, position) is a strict total order, so this insertion sort gives the same permutation as
    // any correct sort with that comparison.
    const order: number[] = [];
    for (let q = 0; q < nb; q++) {
      let pos = order.length;
      while (pos > 0 && (taus[order[pos - 1]] - taus[q] || order[pos - 1] - q) > 0) pos--;
      order.splice(pos, 0, q);
    }
    let identity = true;
    for (let pos = 0; pos < nb && identity; pos++) if (order[pos] !== pos) identity = false;
    if (identity) continue;
    let ok = true;
    for (let pos = 0; pos < nb; pos++) {
      const idx = g.parameterIndices[blocks[pos]];
      const src = snap[order[pos]];
      for (let t = 0; t < idx.length; t++) {
        const v = src[t];
        if (v < lower[idx[t]] || v > upper[idx[t]]) ok = false;
      }
    }
    if (!ok) continue;
    for (let pos = 0; pos < nb; pos++) {
      const idx = g.parameterIndices[blocks[pos]];
      const src = snap[order[pos]];
      for (let t = 0; t < idx.length; t++) values[idx[t]] = src[t];
    }
    moved = true;
  }
  return moved;
}
