// Random circuits built from every catalog element: the compiled program (with
// its folded R/C/L/CPE admittances and constant resistors) must equal a naive
// recursive evaluation, and its Jacobian must equal finite differences.
import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { builtinElements } from '../../src/circuit/elements/builtin.js';
import type { CircuitNode, ElementDefinition } from '../../src/circuit/types.js';
import { seeded } from '../helpers/close.js';
import { REGISTER, kernelAt, sampleParams } from './elementsRegister.js';

const TWO_PI = 2 * Math.PI;
const bySymbol = new Map(builtinElements.map((e) => [e.symbol, e]));
const rows = new Map(REGISTER.map((r) => [r.symbol, r]));

function randomCircuit(rnd: () => number, depth: number, counter: { n: number }, weights: string[]): CircuitNode {
  if (depth === 0 || rnd() < 0.3) {
    const symbol = weights[Math.floor(rnd() * weights.length)];
    return { type: 'element', symbol, name: `${symbol}${counter.n++}` };
  }
  const k = 2 + Math.floor(rnd() * 3);
  const children = Array.from({ length: k }, () => randomCircuit(rnd, depth - 1, counter, weights));
  const type = rnd() < 0.5 ? 'series' : 'parallel';
  // flatten like the parser does
  return { type, children: children.flatMap((c) => (c.type === type ? c.children : [c])) } as CircuitNode;
}

/** Naive recursive evaluation from the element kernels. */
function naive(node: CircuitNode, values: Map<string, number[]>, w: number[]): Array<[number, number]> {
  if (node.type === 'element') {
    const k = kernelAt(bySymbol.get(node.symbol) as ElementDefinition, values.get(node.name)!, w);
    return w.map((_, i) => [k.re[i], k.im[i]]);
  }
  const parts = node.children.map((c) => naive(c, values, w));
  return w.map((_, i) => {
    if (node.type === 'series') return parts.reduce<[number, number]>((a, p) => [a[0] + p[i][0], a[1] + p[i][1]], [0, 0]);
    const y = parts.reduce<[number, number]>((a, p) => {
      const d = p[i][0] ** 2 + p[i][1] ** 2;
      return [a[0] + p[i][0] / d, a[1] - p[i][1] / d];
    }, [0, 0]);
    const d = y[0] ** 2 + y[1] ** 2;
    return [y[0] / d, -y[1] / d];
  });
}

function collect(node: CircuitNode, out: Array<{ name: string; symbol: string }> = []) {
  if (node.type === 'element') out.push(node);
  else node.children.forEach((c) => collect(c, out));
  return out;
}

describe('compiled circuits of catalog elements', () => {
  const f = Float64Array.from({ length: 25 }, (_, i) => 10 ** (6 - (8 * i) / 24));
  const w = Array.from(f, (x) => TWO_PI * x);
  // R, C, L and CPE appear often so the folded paths are exercised.
  const weights = ['R', 'R', 'R', 'C', 'C', 'CPE', 'CPE', 'L', ...builtinElements.map((e) => e.symbol)];

  it('evaluate equals a naive recursive evaluation and jacobian equals central differences (150 random circuits)', () => {
    const rnd = seeded(2024);
    for (let t = 0; t < 150; t++) {
      const ast = randomCircuit(rnd, 3, { n: 0 }, weights);
      const model = compileCircuit(ast);
      const leaves = collect(ast);
      const values = new Map<string, number[]>();
      for (const leaf of leaves) values.set(leaf.name, sampleParams(rows.get(leaf.symbol)!.ranges, rnd));
      const p = leaves.flatMap((l) => values.get(l.name)!);
      expect(p.length).toBe(model.parameters.length);
      const z = model.evaluate(p, f);
      const ref = naive(ast, values, w);
      for (let i = 0; i < f.length; i++) {
        const m = Math.hypot(ref[i][0], ref[i][1]);
        const err = Math.hypot(z.re[i] - ref[i][0], z.im[i] - ref[i][1]);
        if (!(err <= 1e-11 * m)) expect.fail(`circuit ${model.circuit} at f=${f[i]}: ${z.re[i]},${z.im[i]} vs ${ref[i]}`);
      }
      const value = { re: new Float64Array(f.length), im: new Float64Array(f.length) };
      const J = model.jacobian(p, f, undefined, value);
      for (let i = 0; i < f.length; i++) {
        expect(Math.hypot(value.re[i] - z.re[i], value.im[i] - z.im[i])).toBeLessThanOrEqual(1e-13 * Math.hypot(z.re[i], z.im[i]));
      }
      for (let k = 0; k < p.length; k++) {
        const spec = model.parameters[k];
        const scale = spec.scale === 'log' ? Math.abs(p[k]) : 1;
        const h = 1e-6 * scale;
        const up = p.slice();
        const dn = p.slice();
        up[k] += h;
        dn[k] -= h;
        const zu = model.evaluate(up, f);
        const zd = model.evaluate(dn, f);
        for (let i = 0; i < f.length; i++) {
          const fr = (zu.re[i] - zd.re[i]) / (2 * h);
          const fi = (zu.im[i] - zd.im[i]) / (2 * h);
          const jr = J.re[k * f.length + i];
          const ji = J.im[k * f.length + i];
          const tol = 1e-6 * Math.hypot(fr, fi) + 1e-6 * (Math.hypot(z.re[i], z.im[i]) / scale);
          if (!(Math.hypot(jr - fr, ji - fi) <= tol)) {
            expect.fail(`∂Z/∂${spec.key} of ${model.circuit} at f=${f[i]}: ${jr},${ji} vs FD ${fr},${fi}`);
          }
        }
      }
    }
  });

  it.each([
    ['R0-p(R1,CPE1)-p(R2,CPE2)'],
    ['p(R1,CPE1)-p(CPE2,R2,R3)-R4-R5'],
    ['p(R1,CPE1)'],
    ['R0-p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)-p(R4,CPE4)'],
    ['R0-p(R1,CPE1)-p(R2,C2)'],
    ['R0-p(R1,CPE1)-Wo1'],
  ])('%s: evaluate equals the naive evaluation and the value returned by jacobian bit for bit', (circuit) => {
    const model = compileCircuit(circuit);
    const leaves = collect(model.ast);
    const rnd = seeded(circuit.length);
    const values = new Map<string, number[]>();
    for (const leaf of leaves) values.set(leaf.name, sampleParams(rows.get(leaf.symbol)!.ranges, rnd));
    const p = leaves.flatMap((l) => values.get(l.name)!);
    const z = model.evaluate(p, f);
    const ref = naive(model.ast, values, w);
    for (let i = 0; i < f.length; i++) {
      const m = Math.hypot(ref[i][0], ref[i][1]);
      expect(Math.hypot(z.re[i] - ref[i][0], z.im[i] - ref[i][1])).toBeLessThanOrEqual(1e-12 * m);
    }
    const value = { re: new Float64Array(f.length), im: new Float64Array(f.length) };
    model.jacobian(p, f, undefined, value);
    expect(Array.from(value.re)).toEqual(Array.from(z.re));
    expect(Array.from(value.im)).toEqual(Array.from(z.im));
  });

  it('evaluate writes into the given buffers and returns them; results do not depend on buffer reuse', () => {
    const model = compileCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
    const p = [50, 300, 1e-10, 0.92, 2000, 1e-6, 0.8];
    const out = { re: new Float64Array(f.length), im: new Float64Array(f.length) };
    const r = model.evaluate(p, f, out);
    expect(r.re).toBe(out.re);
    const fresh = model.evaluate(p, f);
    expect(Array.from(out.re)).toEqual(Array.from(fresh.re));
    const J1 = model.jacobian(p, f);
    const val = { re: new Float64Array(f.length), im: new Float64Array(f.length) };
    const J2 = model.jacobian(p, f, { re: new Float64Array(7 * f.length), im: new Float64Array(7 * f.length) }, val);
    expect(Array.from(J2.re)).toEqual(Array.from(J1.re));
    expect(Array.from(val.im)).toEqual(Array.from(fresh.im));
    // a later call with another frequency count re-sizes its buffers
    const z3 = model.evaluate(p, f.subarray(0, 5));
    expect(z3.re.length).toBe(5);
    expect(z3.re[4]).toBe(fresh.re[4]);
  });
});
