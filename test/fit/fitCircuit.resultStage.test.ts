import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { fitCircuit } from '../../src/fit/fitCircuit.js';
import { createRandom, randomNormal } from '../../src/random.js';

const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
const frequency = Float64Array.from({ length: 71 }, (_, i) => Math.pow(10, 6 - i / 10));

function noisy(values: number[], seed: number) {
  const z = compileCircuit(circuit).evaluate(values, frequency);
  const random = createRandom(seed);
  const re = Float64Array.from(z.re, (v, i) => v + 0.01 * Math.hypot(z.re[i], z.im[i]) * randomNormal(random));
  const im = Float64Array.from(z.im, (v, i) => v + 0.01 * Math.hypot(z.re[i], z.im[i]) * randomNormal(random));
  return { frequency, re, im };
}

describe('fitCircuit result stage', () => {
  const cases: [string, number[], 'unit' | 'modulus'][] = [
    ['two arcs, unit', [20, 500, 2e-9, 0.9, 3000, 5e-6, 0.8], 'unit'],
    ['two arcs, modulus', [20, 500, 2e-9, 0.9, 3000, 5e-6, 0.8], 'modulus'],
    ['bulk arc above the window', [10, 300, 1e-12, 0.95, 5000, 1e-6, 0.85], 'modulus'],
  ];
  it.each(cases)('%s: relative residuals are (data − fit)/|Z_fit| with |Z| = Math.hypot, bit for bit', (_, truth, weighting) => {
    const s = noisy(truth, 3);
    const fit = fitCircuit(circuit, s, { weighting });
    for (let i = 0; i < frequency.length; i++) {
      const mod = Math.hypot(fit.fitted.re[i], fit.fitted.im[i]);
      expect(Object.is(fit.residuals.re[i], (s.re[i] - fit.fitted.re[i]) / mod)).toBe(true);
      expect(Object.is(fit.residuals.im[i], (s.im[i] - fit.fitted.im[i]) / mod)).toBe(true);
    }
    expect(Array.from(fit.residuals.frequency)).toEqual(Array.from(frequency));
  });

  it('correlation is the covariance scaled by the standard errors, clipped to [−1, 1]; both are n×n over the free parameters', () => {
    const fit = fitCircuit(circuit, noisy([20, 500, 2e-9, 0.9, 3000, 5e-6, 0.8], 5), { weighting: 'modulus' });
    const n = fit.freeKeys.length;
    expect(fit.covariance).toHaveLength(n);
    expect(fit.correlation).toHaveLength(n);
    const se = fit.freeKeys.map((k) => fit.parameters.find((p) => p.key === k)!.stderr);
    for (let a = 0; a < n; a++) {
      expect(fit.covariance[a]).toHaveLength(n);
      for (let b = 0; b < n; b++) {
        const c = fit.covariance[a][b];
        const r = fit.correlation[a][b];
        if (c === null || se[a] === null || se[b] === null) continue;
        expect(r).toBe(Math.max(-1, Math.min(1, c / (se[a]! * se[b]!))));
      }
      if (fit.covariance[a][a] !== null) expect(fit.correlation[a][a]).toBeCloseTo(1, 12);
    }
  });
});

describe('AT_BOUND warning text', () => {
  it('names every parameter at its bound, in the singular for one and the plural for several', () => {
    // Ideal capacitors fitted with CPEs: both exponents run to their bound 1.
    const two = fitCircuit(circuit, { frequency, ...compileCircuit('R0-p(R1,C1)-p(R2,C2)').evaluate([10, 100, 1e-9, 1000, 1e-6], frequency) });
    const w2 = two.warnings.find((w) => w.code === 'AT_BOUND');
    expect(w2?.parameters).toEqual(['CPE1_1', 'CPE2_1']);
    expect(w2?.message).toBe('CPE1_1 = 1, CPE2_1 = 1 ended on their bounds; their uncertainties are not reported');
    const one = fitCircuit(circuit, { frequency, ...compileCircuit('R0-p(R1,C1)-p(R2,CPE2)').evaluate([10, 100, 1e-9, 1000, 1e-6, 0.8], frequency) });
    const w1 = one.warnings.find((w) => w.code === 'AT_BOUND');
    expect(w1?.parameters).toEqual(['CPE1_1']);
    expect(w1?.message).toBe('CPE1_1 = 1 ended on a bound; its uncertainty is not reported');
  });
});
