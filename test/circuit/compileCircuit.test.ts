import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import type { CircuitNode } from '../../src/circuit/types.js';
import { expectClose, seeded } from '../helpers/close.js';

const freq = Float64Array.from({ length: 71 }, (_, i) => 1e6 * 10 ** (-i / 10));

function direct(p: number[], f: number): [number, number] {
  // R0 + 1/(1/R1 + Q1 (jω)^a1) + 1/(1/R2 + Q2 (jω)^a2)
  const w = 2 * Math.PI * f;
  let re = p[0];
  let im = 0;
  for (const [r, q, a] of [[p[1], p[2], p[3]], [p[4], p[5], p[6]]]) {
    const yr = 1 / r + q * w ** a * Math.cos((a * Math.PI) / 2);
    const yi = q * w ** a * Math.sin((a * Math.PI) / 2);
    const d = yr * yr + yi * yi;
    re += yr / d;
    im -= yi / d;
  }
  return [re, im];
}

describe('compileCircuit', () => {
  const ast: CircuitNode = {
    type: 'series',
    children: [
      { type: 'element', symbol: 'R', name: 'R0' },
      { type: 'parallel', children: [{ type: 'element', symbol: 'R', name: 'R1' }, { type: 'element', symbol: 'CPE', name: 'CPE1' }] },
      { type: 'parallel', children: [{ type: 'element', symbol: 'R', name: 'R2' }, { type: 'element', symbol: 'CPE', name: 'CPE2' }] },
    ],
  };
  const model = compileCircuit(ast);
  const p = [50, 300, 1e-10, 0.92, 2000, 1e-6, 0.8];

  it('names parameters like impedance.py', () => {
    expect(model.parameters.map((q) => q.key)).toEqual(['R0', 'R1', 'CPE1_0', 'CPE1_1', 'R2', 'CPE2_0', 'CPE2_1']);
    expect(model.parameters.map((q) => q.alias)).toEqual(['R0.R', 'R1.R', 'CPE1.Q', 'CPE1.alpha', 'R2.R', 'CPE2.Q', 'CPE2.alpha']);
    expect(model.circuit).toBe('R0-p(R1,CPE1)-p(R2,CPE2)');
  });

  it('evaluate matches the closed form R0 + Σ (1/R + Q(jω)^α)^-1', () => {
    const z = model.evaluate(p, freq);
    for (let i = 0; i < freq.length; i++) {
      const [r, m] = direct(p, freq[i]);
      expectClose(z.re[i], r, 1e-12);
      expectClose(z.im[i], m, 1e-12);
    }
  });

  it('jacobian matches central finite differences in log space', () => {
    const rnd = seeded(3);
    for (let trial = 0; trial < 20; trial++) {
      const q = p.map((v, k) => (k === 3 || k === 6 ? 0.5 + 0.5 * rnd() : v * 10 ** (2 * rnd() - 1)));
      const value = { re: new Float64Array(71), im: new Float64Array(71) };
      const J = model.jacobian(q, freq, undefined, value);
      const z0 = model.evaluate(q, freq);
      for (let i = 0; i < 71; i++) {
        expectClose(value.re[i], z0.re[i], 1e-14);
      }
      for (let k = 0; k < q.length; k++) {
        const h = q[k] * 1e-6;
        const up = q.slice();
        const dn = q.slice();
        up[k] += h;
        dn[k] -= h;
        const zu = model.evaluate(up, freq);
        const zd = model.evaluate(dn, freq);
        for (let i = 0; i < 71; i++) {
          const fr = (zu.re[i] - zd.re[i]) / (2 * h);
          const fi = (zu.im[i] - zd.im[i]) / (2 * h);
          const scale = (Math.hypot(z0.re[i], z0.im[i]) / Math.abs(q[k])) * 1e-7;
          expectClose(J.re[k * 71 + i], fr, 1e-5, scale, `dRe/d${model.parameters[k].key}`);
          expectClose(J.im[k * 71 + i], fi, 1e-5, scale, `dIm/d${model.parameters[k].key}`);
        }
      }
    }
  });

  it('compiles 10 000-deep nesting without overflowing the stack', () => {
    let node: CircuitNode = { type: 'element', symbol: 'R', name: 'R0' };
    for (let d = 1; d < 10_000; d++) {
      node = d % 2
        ? { type: 'parallel', children: [node, { type: 'element', symbol: 'R', name: `R${d}` }] }
        : { type: 'series', children: [node, { type: 'element', symbol: 'R', name: `R${d}` }] };
    }
    const m = compileCircuit(node);
    expect(m.parameters.length).toBe(10_000);
    const z = m.evaluate(new Float64Array(10_000).fill(1), new Float64Array([1]));
    expect(Number.isFinite(z.re[0])).toBe(true);
  });
});
