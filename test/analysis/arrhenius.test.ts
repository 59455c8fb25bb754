import { describe, expect, it } from 'vitest';
import { fitArrhenius } from '../../src/analysis/arrhenius.js';
import { BOLTZMANN_EV } from '../../src/analysis/constants.js';
import { createRandom, randomNormal } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';

const celsius = [-20, 0, 20, 40, 60, 80, 100];

describe('fitArrhenius', () => {
  it.each([
    ['sigma', 0.4, 1e2],
    ['sigmaT', 0.37, 3e4],
    ['resistance', 0.55, 1e-6],
  ] as const)('exact %s data: Ea = %d eV, prefactor %d recovered', (form, ea, pre) => {
    const T = celsius.map((c) => c + 273.15);
    const value = T.map((t) => {
      const sign = form === 'resistance' ? 1 : -1;
      const y = pre * Math.exp((sign * ea) / (BOLTZMANN_EV * t));
      return form === 'sigmaT' ? y / t : y;
    });
    const fit = fitArrhenius({ temperature: celsius, value }, { form, temperatureUnit: 'C' });
    expectClose(fit.ea.value, ea, 1e-10);
    expectClose(fit.eaKJPerMol.value, ea * 96.48533212, 1e-9);
    expectClose(fit.prefactor.value, pre, 1e-8);
    expect(fit.formula).toContain('exp');
    expect(fit.form).toBe(form);
  });
  it('intervals cover the truth at the nominal rate over seeded noisy replicates (weighted by stderr)', () => {
    const random = createRandom(7);
    const T = celsius.map((c) => c + 273.15);
    let covered = 0;
    const reps = 400;
    for (let r = 0; r < reps; r++) {
      const rel = T.map(() => 0.03);
      const value = T.map((t, i) => 10 * Math.exp(-0.4 / (BOLTZMANN_EV * t)) * (1 + rel[i] * randomNormal(random)));
      const fit = fitArrhenius({ temperature: T, value, stderr: value.map((v, i) => v * rel[i]) }, { form: 'sigma' });
      if (fit.ea.ci[0] <= 0.4 && 0.4 <= fit.ea.ci[1]) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.92);
    expect(covered / reps).toBeLessThan(0.98);
  });
  it.each([
    [{ temperature: [300, 310], value: [1, 2] }, 'WRONG_LENGTH'],
    [{ temperature: [300, 310, 320], value: [1, -2, 3] }, 'OUT_OF_BOUNDS'],
    [{ temperature: [300, 310], value: [1, 2, 3] }, 'WRONG_LENGTH'],
    // One temperature only: the slope (Ea) is undefined; this returned NaN before it was rejected.
    [{ temperature: [300, 300, 300], value: [1, 2, 3] }, 'BAD_OPTION'],
  ])('rejects bad input %j with %s', (data, code) => {
    expect(() => fitArrhenius(data, { form: 'sigma' })).toThrow(expect.objectContaining({ code }));
  });
  it('requires the form to be stated', () => {
    expect(() => fitArrhenius({ temperature: [1, 2, 3], value: [1, 2, 3] }, {} as never)).toThrow(/form/);
  });
});
