import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { formatCircuit } from '../../src/circuit/format.js';
import { parseCircuit } from '../../src/circuit/parseCircuit.js';
import type { CircuitModel, CircuitNode, ModelParameter } from '../../src/circuit/types.js';
import { expectClose, seeded } from '../helpers/close.js';
import { randomCircuit } from './randomCircuit.js';

// Property checks of the circuit algebra on compiled models, with seeded
// parameter draws. Truth is computed independently in the test (sums, halves)
// or by comparing two circuits that must be equal.

const frequency = Float64Array.from({ length: 41 }, (_, i) => 10 ** (-3 + i / 4)); // 1e-3 … 1e7 Hz

/** A random physical value for a parameter (log-uniform for positive magnitudes). */
function draw(p: ModelParameter, rnd: () => number): number {
  if (p.name === 'alpha') return 0.5 + 0.5 * rnd();
  const range: Record<string, [number, number]> = { R: [1, 1e6], C: [1e-12, 1e-3], L: [1e-9, 1e-3], Q: [1e-10, 1e-3] };
  const [lo, hi] = range[p.name] ?? [1e-3, 1e3];
  return lo * (hi / lo) ** rnd();
}

/** Asserts Z_a = factor·Z_b at every frequency, relative to |Z|. */
function expectSameImpedance(a: { re: Float64Array; im: Float64Array }, b: { re: Float64Array; im: Float64Array }, rel = 1e-12, label = '') {
  for (let i = 0; i < a.re.length; i++) {
    const scale = Math.hypot(b.re[i], b.im[i]) * rel;
    expectClose(a.re[i], b.re[i], rel, scale, `${label} Re[${i}]`);
    expectClose(a.im[i], b.im[i], rel, scale, `${label} Im[${i}]`);
  }
}

describe('series of resistors sums', () => {
  it('compileCircuit("R0-R1-…-Rn") evaluates to Σ R with Im = 0 (200 seeded draws, both dialects)', () => {
    const rnd = seeded(1);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rnd() * 12);
      const values = Array.from({ length: n }, () => 10 ** (12 * rnd() - 3));
      const sum = values.reduce((s, v) => s + v, 0);
      const py = Array.from({ length: n }, (_, i) => `R${i}`).join('-');
      const cdc = 'R'.repeat(n);
      const nested = n > 2 ? `[R[R${'R'.repeat(n - 2)}]]` : cdc;
      for (const text of [py, cdc, nested]) {
        const z = compileCircuit(text).evaluate(values, frequency);
        for (let i = 0; i < frequency.length; i++) {
          expectClose(z.re[i], sum, 1e-13, 0, text);
          expect(z.im[i]).toBe(0);
        }
      }
    }
  });
});

describe('p(X,X) equals X/2', () => {
  // '#' is replaced by _a or _b to make the two copies' names unique.
  const templates = ['R#', 'C#', 'L#', 'CPE#', 'R#-C#', 'p(R#,CPE#)', 'R_s#-p(R#,CPE#)', 'p(R#,C#-p(R_2#,CPE#))'];
  for (const x of templates) {
    const single = x.replace(/#/g, '_a');
    const double = `p(${x.replace(/#/g, '_a')},${x.replace(/#/g, '_b')})`;
    it(`compileCircuit("${double}") is half of compileCircuit("${single}") (50 seeded draws)`, () => {
      const rnd = seeded(x.length * 7919);
      const one = compileCircuit(single);
      const two = compileCircuit(double);
      expect(two.parameters.length).toBe(2 * one.parameters.length);
      for (let trial = 0; trial < 50; trial++) {
        const v = one.parameters.map((p) => draw(p, rnd));
        const z1 = one.evaluate(v, frequency);
        const z2 = two.evaluate([...v, ...v], frequency);
        const half = { re: z1.re.map((r) => r / 2), im: z1.im.map((m) => m / 2) };
        expectSameImpedance(z2, half, 1e-12, double);
      }
    });
  }
});

/** Reverses or rotates the children of every group (iteratively), so no order is kept. */
function permute(node: CircuitNode, rnd: () => number): CircuitNode {
  const copy = structuredClone(node);
  const stack: CircuitNode[] = [copy];
  while (stack.length) {
    const n = stack.pop() as CircuitNode;
    if (n.type === 'element') continue;
    const c = n.children;
    for (let i = c.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [c[i], c[j]] = [c[j], c[i]];
    }
    stack.push(...c);
  }
  return copy;
}

/** Values for `model` taken by parameter key from `byKey`. */
const valuesByKey = (model: CircuitModel, byKey: Map<string, number>) => model.parameters.map((p) => byKey.get(p.key) as number);

describe('parallel and series are commutative', () => {
  it('permuting the children of every group leaves Z unchanged (300 seeded random circuits)', () => {
    const rnd = seeded(99);
    let permutedSomething = 0;
    for (let trial = 0; trial < 300; trial++) {
      const ast = randomCircuit(rnd, { symbols: ['R', 'C', 'L', 'CPE'], annotate: 0, depth: 4 });
      const shuffled = permute(ast, rnd);
      if (formatCircuit(shuffled) !== formatCircuit(ast)) permutedSomething++;
      const a = compileCircuit(ast);
      const b = compileCircuit(shuffled);
      const byKey = new Map(a.parameters.map((p) => [p.key, draw(p, rnd)]));
      expectSameImpedance(b.evaluate(valuesByKey(b, byKey), frequency), a.evaluate(valuesByKey(a, byKey), frequency), 1e-11, formatCircuit(ast));
      // The same holds after a trip through CDC text.
      const viaCdc = compileCircuit(parseCircuit(formatCircuit(shuffled, 'cdc')));
      expectSameImpedance(viaCdc.evaluate(valuesByKey(viaCdc, byKey), frequency), a.evaluate(valuesByKey(a, byKey), frequency), 1e-11);
    }
    expect(permutedSomething).toBeGreaterThan(150);
  });

  it('compileCircuit("p(R1,C1)") equals compileCircuit("p(C1,R1)") and the closed form R/(1+jωRC)', () => {
    const a = compileCircuit('p(R1,C1)');
    const b = compileCircuit('(C1R1)');
    const R = 1234;
    const C = 5.6e-7;
    const za = a.evaluate([R, C], frequency);
    const zb = b.evaluate([C, R], frequency);
    for (let i = 0; i < frequency.length; i++) {
      const wrc = 2 * Math.PI * frequency[i] * R * C;
      const d = 1 + wrc * wrc;
      expectClose(za.re[i], R / d, 1e-12);
      expectClose(za.im[i], (-R * wrc) / d, 1e-12);
    }
    expectSameImpedance(za, zb, 1e-14);
  });
});

describe('both dialects compile to the same model', () => {
  const pairs: Array<[string, string]> = [
    ['R0-p(R1,CPE0)-p(R2,CPE1)', 'R(RQ)(RQ)'],
    ['R0-p(R1,C0)-p(R2-p(R3,C1),CPE0)', 'R(RC)([R(RC)]Q)'],
    ['L0-R0-p(R1,CPE0)', 'LR(RQ)'],
  ];
  for (const [py, cdc] of pairs) {
    it(`compileCircuit("${cdc}") has the parameters and impedance of compileCircuit("${py}")`, () => {
      const a = compileCircuit(py);
      const b = compileCircuit(cdc);
      expect(b.parameters.map((p) => p.key)).toEqual(a.parameters.map((p) => p.key));
      const rnd = seeded(5);
      const v = a.parameters.map((p) => draw(p, rnd));
      expectSameImpedance(b.evaluate(v, frequency), a.evaluate(v, frequency), 0);
    });
  }
});
