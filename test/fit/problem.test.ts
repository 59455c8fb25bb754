import { describe, expect, it } from 'vitest';
import { compileCircuit, seriesChainLayout } from '../../src/circuit/compileCircuit.js';
import { CircuitProblem, planFit, prepareFit } from '../../src/fit/problem.js';
import { transformDerivative } from '../../src/fit/transforms.js';
import type { FitOptions } from '../../src/fit/types.js';
import { expectClose } from '../helpers/close.js';

const frequency = Float64Array.from({ length: 41 }, (_, i) => Math.pow(10, 6 - i / 5));

function data(circuit: string, values: number[]) {
  const z = compileCircuit(circuit).evaluate(values, frequency);
  // Perturb the data so that residuals are not zero.
  const re = Float64Array.from(z.re, (v, i) => v * (1 + 0.01 * Math.sin(3 * i)));
  const im = Float64Array.from(z.im, (v, i) => v * (1 + 0.01 * Math.cos(5 * i)));
  return { frequency, re, im };
}

// Chain circuits take CircuitProblem's fused residual + Jacobian loop; the expected values below
// are built from the model's own per-node Jacobian (model.jacobian) and the documented chain rule
// r = w·(Z − Z_data), J = w·∂Z/∂p·dp/dx, and checked against central finite differences.
const cases: [string, number[], FitOptions][] = [
  ['R0-p(R1,CPE1)-p(R2,CPE2)', [40, 200, 1.5e-8, 0.87, 1000, 9e-7, 0.86], {}],
  ['R0-p(R1,CPE1)-p(R2,CPE2)', [40, 200, 1.5e-8, 0.87, 1000, 9e-7, 0.86], { weighting: 'modulus', fixed: { CPE1_1: 0.87 } }],
  ['p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)', [150, 2e-11, 0.95, 600, 3e-9, 0.8, 3000, 2e-6, 0.75], { weighting: 'proportional', fixed: ['R2'] }],
  ['R0-R9-p(R1,R2,CPE1)', [10, 5, 300, 900, 2e-7, 0.9], { weighting: 'unit', fixed: { R0: 10 } }],
];

describe('CircuitProblem fused chain evaluation', () => {
  it.each(cases)('%s %j: residuals and Jacobian equal the per-node model path, and finite differences', (circuit, values, options) => {
    const model = compileCircuit(circuit);
    expect(seriesChainLayout(model)).toBeDefined();
    const spectrum = data(circuit, values);
    const setup = prepareFit(model, spectrum, options);
    const start = Float64Array.from(values);
    const problem = new CircuitProblem(model, setup.spectrum.frequency, setup.spectrum.re, setup.spectrum.im, setup.weights, start, setup.free, setup.transforms);
    const x = problem.toTransformed(start.map((v, i) => (setup.fixed[i] ? v : v * 1.07)));
    const n = frequency.length;
    const m = 2 * n;
    const k = setup.free.length;
    const r = new Float64Array(m);
    const J = new Float64Array(m * k);
    problem.evaluate(x, r, J);

    // Expected from the model's per-node path.
    const p = Float64Array.from(problem.values);
    const z = model.evaluate(p, frequency);
    const dz = model.jacobian(p, frequency);
    const { wRe, wIm } = setup.weights;
    for (let i = 0; i < n; i++) {
      expect(r[i]).toBe(wRe[i] * (z.re[i] - spectrum.re[i]));
      expect(r[n + i]).toBe(wIm[i] * (z.im[i] - spectrum.im[i]));
      expect(problem.zRe[i]).toBe(z.re[i]);
      expect(problem.zIm[i]).toBe(z.im[i]);
    }
    for (let j = 0; j < k; j++) {
      const d = transformDerivative(setup.transforms, j, x[j]);
      const base = setup.free[j] * n;
      for (let i = 0; i < n; i++) {
        expect(J[j * m + i]).toBe(wRe[i] * dz.re[base + i] * d);
        expect(J[j * m + n + i]).toBe(wIm[i] * dz.im[base + i] * d);
      }
      // Central finite difference in transformed space (independent of every analytic formula).
      const h = 1e-6 * Math.max(1, Math.abs(x[j]));
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[j] += h;
      xm[j] -= h;
      const rp = new Float64Array(m);
      const rm = new Float64Array(m);
      problem.evaluate(xp, rp, null);
      problem.evaluate(xm, rm, null);
      let scale = 0;
      let rmax = 0;
      for (let i = 0; i < m; i++) {
        scale = Math.max(scale, Math.abs(J[j * m + i]));
        rmax = Math.max(rmax, Math.abs(r[i]));
      }
      // Rounding noise of the difference quotient ≈ ε·|r|/h; allow 100× that.
      const noise = (100 * 2.2e-16 * rmax) / h;
      for (let i = 0; i < m; i++) expectClose(J[j * m + i], (rp[i] - rm[i]) / (2 * h), 1e-5, 1e-6 * scale + noise, `∂r${i}/∂x${j}`);
    }
  });

  it('non-chain circuits keep the generic path (no layout)', () => {
    for (const c of ['R0-p(R1,C1)', 'R0-p(R1,CPE1)-Wo1', 'p(R1-CPE2,CPE1)', 'R0-p(R1,CPE1)-p(R2,CPE2)-CPE3']) {
      expect(seriesChainLayout(compileCircuit(c)), c).toBeUndefined();
    }
  });
});

describe('planFit: options resolved once for a batch', () => {
  const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
  const values = [20, 300, 1e-7, 0.85, 2000, 1e-5, 0.7];
  const cases: [string, FitOptions][] = [
    ['defaults', {}],
    ['fixed, bounds, initial, modulus', { fixed: { R0: 20 }, bounds: { R1: [1, 1e4] }, initial: { CPE2_1: 0.6 }, weighting: 'modulus' }],
    ['frequency range', { frequencyRange: [1, 1e5] }],
  ];
  it.each(cases)('%s: prepareFit with a plan gives the setup prepareFit gives alone, for spectra of two lengths', (_, options) => {
    const model = compileCircuit(circuit);
    const plan = planFit(model, options);
    for (const s of [data(circuit, values), { frequency: frequency.subarray(0, 30), re: data(circuit, values).re.subarray(0, 30), im: data(circuit, values).im.subarray(0, 30) }]) {
      for (let rep = 0; rep < 2; rep++) {
        const a = prepareFit(model, s, options);
        const b = prepareFit(model, s, options, plan);
        expect(Array.from(b.lower)).toEqual(Array.from(a.lower));
        expect(Array.from(b.upper)).toEqual(Array.from(a.upper));
        expect(b.fixed).toEqual(a.fixed);
        expect(b.given).toEqual(a.given);
        expect(b.locked).toEqual(a.locked);
        expect(Array.from(b.free)).toEqual(Array.from(a.free));
        expect(Array.from(b.transforms.kind)).toEqual(Array.from(a.transforms.kind));
        expect(Array.from(b.used)).toEqual(Array.from(a.used));
        expect(Array.from(b.weights.wRe)).toEqual(Array.from(a.weights.wRe));
        expect(Array.from(b.weights.wIm)).toEqual(Array.from(a.weights.wIm));
        expect(b.weights.name).toBe(a.weights.name);
        expect(Array.from(b.spectrum.frequency)).toEqual(Array.from(a.spectrum.frequency));
      }
    }
  });

  it('throws what prepareFit throws for bad options, before any spectrum is seen', () => {
    const model = compileCircuit(circuit);
    expect(() => planFit(model, { fixed: { R9: 1 } })).toThrowError(/unknown parameter "R9"/);
    expect(() => planFit(model, { bounds: { R1: [5, 1] } })).toThrowError(/lower < upper/);
    expect(() => planFit(model, { maxIterations: 0 })).toThrowError(/maxIterations/);
    expect(() => prepareFit(model, data(circuit, values), { fixed: { R9: 1 } })).toThrowError(/unknown parameter "R9"/);
  });
});

describe('CircuitProblem.rebind', () => {
  it('gives, on another spectrum, the residuals and Jacobian of a problem built for it (bit for bit), and refuses another length', () => {
    const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
    const model = compileCircuit(circuit);
    const a = data(circuit, [20, 300, 1e-7, 0.85, 2000, 1e-5, 0.7]);
    const b = data(circuit, [35, 150, 3e-8, 0.9, 900, 4e-5, 0.65]);
    const plan = planFit(model, {});
    const sa = prepareFit(model, a, {}, plan);
    const sb = prepareFit(model, b, {}, plan);
    const start = Float64Array.from([30, 200, 5e-8, 0.8, 1000, 2e-5, 0.7]);
    const reused = new CircuitProblem(model, sa.spectrum.frequency as Float64Array, sa.spectrum.re as Float64Array, sa.spectrum.im as Float64Array, sa.weights, start, sa.free, sa.transforms);
    const x = reused.toTransformed(start);
    const m = reused.residualCount;
    const n = reused.parameterCount;
    reused.evaluate(x, new Float64Array(m), new Float64Array(m * n));
    expect(reused.isCurrent(x, true)).toBe(true);
    expect(reused.rebind(sb.spectrum.frequency as Float64Array, sb.spectrum.re as Float64Array, sb.spectrum.im as Float64Array, sb.weights, start)).toBe(true);
    expect(reused.isCurrent(x, true)).toBe(false);
    const fresh = new CircuitProblem(model, sb.spectrum.frequency as Float64Array, sb.spectrum.re as Float64Array, sb.spectrum.im as Float64Array, sb.weights, start, sb.free, sb.transforms);
    const r1 = new Float64Array(m);
    const J1 = new Float64Array(m * n);
    const r2 = new Float64Array(m);
    const J2 = new Float64Array(m * n);
    reused.evaluate(x, r1, J1);
    fresh.evaluate(x, r2, J2);
    expect(Array.from(r1)).toEqual(Array.from(r2));
    expect(Array.from(J1)).toEqual(Array.from(J2));
    expect(Array.from(reused.zRe)).toEqual(Array.from(fresh.zRe));
    const short = frequency.subarray(0, 20);
    expect(reused.rebind(short, b.re.subarray(0, 20), b.im.subarray(0, 20), sb.weights, start)).toBe(false);
  });
});
