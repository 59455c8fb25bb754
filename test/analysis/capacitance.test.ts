import { describe, expect, it } from 'vitest';
import { characteristicFrequency, effectiveCapacitance } from '../../src/analysis/capacitance.js';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { expectClose } from '../helpers/close.js';

describe('effectiveCapacitance', () => {
  it.each([
    [1e-9, 1, 100],
    [3e-7, 1, 5],
  ])('α = 1 gives C = Q exactly (Q=%d, R=%d), both methods', (q, a, r) => {
    expect(effectiveCapacitance(q, a, r)).toBe(q);
    expect(effectiveCapacitance(q, a, r, { method: 'hsu-mansfeld' })).toBe(q);
    expect(effectiveCapacitance(q, a, r, { seriesResistance: 10 })).toBe(q);
  });
  it.each([
    [2e-9, 0.9, 1e3],
    [5e-6, 0.7, 30],
    [1e-11, 0.95, 1e6],
  ])('Brug closed form (Q·R^(1−α))^(1/α) for Q=%d α=%d R=%d', (q, a, r) => {
    expectClose(effectiveCapacitance(q, a, r), (q * r ** (1 - a)) ** (1 / a), 1e-12);
  });
  it('Brug with a series resistance: Q^(1/α)(1/Rs+1/R)^((α−1)/α), and → isolated form as Rs → ∞', () => {
    const [q, a, r, rs] = [1e-6, 0.85, 500, 20];
    expectClose(effectiveCapacitance(q, a, r, { seriesResistance: rs }), q ** (1 / a) * (1 / rs + 1 / r) ** ((a - 1) / a), 1e-12);
    expectClose(effectiveCapacitance(q, a, r, { seriesResistance: 1e15 }), effectiveCapacitance(q, a, r), 1e-9);
  });
  it('Hsu–Mansfeld at the −Im Z peak of a simulated R∥CPE equals Brug (independent route via the model)', () => {
    const [r, q, a] = [1000, 2e-8, 0.8];
    const model = compileCircuit('p(R1,CPE1)');
    const f = new Float64Array(4001);
    for (let i = 0; i < f.length; i++) f[i] = 10 ** (0 + (7 * i) / 4000);
    const z = model.evaluate([r, q, a], f);
    let best = 0;
    for (let i = 1; i < f.length; i++) if (-z.im[i] > -z.im[best]) best = i;
    const wmax = 2 * Math.PI * f[best];
    expectClose(effectiveCapacitance(q, a, r, { method: 'hsu-mansfeld', omegaMax: wmax }), effectiveCapacitance(q, a, r), 3e-3);
    expectClose(characteristicFrequency(q, a, r), f[best], 3e-3);
  });
  it.each([
    [0, 0.9, 1],
    [1e-6, 1.2, 1],
    [1e-6, 0.9, -1],
  ])('rejects Q=%d α=%d R=%d with OUT_OF_BOUNDS', (q, a, r) => {
    expect(() => effectiveCapacitance(q, a, r)).toThrow(expect.objectContaining({ code: 'OUT_OF_BOUNDS' }));
  });
});
