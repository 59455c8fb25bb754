import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { simulateImpedance } from '../../src/circuit/index.js';
import { fitCircuit } from '../../src/fit/fitCircuit.js';
import { createRandom } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';

// Bulk arc far above the top frequency (apex ≈ 50 MHz against 1 MHz): only R0 + R1 is determined,
// and with some noise draws the least-squares minimum lies on the boundary R0 = 0.
const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
const frequency = Float64Array.from({ length: 71 }, (_, i) => Math.pow(10, 6 - i / 10));
const truth = { R0: 50, R1: 200, CPE1_0: 1.5e-11, CPE1_1: 0.95, R2: 1000, CPE2_0: 1e-6, CPE2_1: 0.85 };
const spectrum = (seed: number) =>
  simulateImpedance(circuit, truth, frequency, { noise: { type: 'proportional', sigma: 0.01 }, random: createRandom(seed) });

/** Σ [(Z_model − Z)/|Z|]² from the returned values (modulus weighting), independent of the fitter. */
function modulusCost(values: number[], s: ReturnType<typeof spectrum>): number {
  const z = compileCircuit(circuit).evaluate(values, s.frequency);
  let c = 0;
  for (let i = 0; i < s.frequency.length; i++) {
    const m2 = s.re[i] * s.re[i] + s.im[i] * s.im[i];
    c += ((z.re[i] - s.re[i]) ** 2 + (z.im[i] - s.im[i]) ** 2) / m2;
  }
  return c;
}

describe('boundProbe: boundary minima of log-scale parameters', () => {
  it.each([19, 24])('seed %i: the probe reaches a converged, lower-cost minimum with R0 = 0 on its bound', (seed) => {
    const s = spectrum(seed);
    const plain = fitCircuit(circuit, s, { weighting: 'modulus' });
    const probed = fitCircuit(circuit, s, { weighting: 'modulus', boundProbe: true });
    expect(probed.converged).toBe(true);
    expect(probed.statistics.chiSquare).toBeLessThanOrEqual(plain.statistics.chiSquare);
    expect(probed.values.R0).toBe(0);
    const r0 = probed.parameters.find((p) => p.key === 'R0')!;
    expect(r0.atBound).toBe(true);
    expect(r0.stderr).toBeNull();
    expect(probed.warnings.map((w) => w.code)).toContain('AT_BOUND');
    expect(probed.valueArray.every(Number.isFinite)).toBe(true);
    // The reported χ² is the cost of the returned values (R0 exactly 0), recomputed independently.
    expectClose(modulusCost(probed.valueArray, s), probed.statistics.chiSquare, 1e-9);
    // R0 + R1 (the determined sum) agrees between the two fits within its uncertainty scale.
    expectClose(probed.values.R0 + probed.values.R1, plain.values.R0 + plain.values.R1, 0.05);
  });

  it('a fit that converges without the probe is unchanged by it', () => {
    const s = spectrum(1);
    const plain = fitCircuit(circuit, s, { weighting: 'modulus' });
    const probed = fitCircuit(circuit, s, { weighting: 'modulus', boundProbe: true });
    expect(plain.converged).toBe(true);
    expect(probed.valueArray).toEqual(plain.valueArray);
    expect(probed.statistics.chiSquare).toBe(plain.statistics.chiSquare);
  });
});
