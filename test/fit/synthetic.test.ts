import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import type { Spectrum } from '../../src/data/spectrum.js';
import { fitCircuit } from '../../src/fit/fitCircuit.js';
import { createRandom, randomNormal } from '../../src/random.js';

const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
const model = compileCircuit(circuit);
const frequency = Float64Array.from({ length: 71 }, (_, i) => Math.pow(10, 6 - i / 10)); // 1 MHz → 0.1 Hz, 10/decade

/**
 * Log-uniform draws over solid-electrolyte ranges: R0 (bulk) 10–300 Ω, R1 (grain boundary)
 * 100–3000 Ω with its arc apex at 3 kHz–200 kHz, R2 (interface) 300–1e4 Ω with its apex at
 * 0.5–50 Hz, α1 ∈ [0.8, 0.97], α2 ∈ [0.7, 0.92]; Q from the apex: Q = (2πf)^(−α)/R.
 */
function draw(random: () => number): number[] {
  const lu = (a: number, b: number) => Math.exp(Math.log(a) + (Math.log(b) - Math.log(a)) * random());
  const u = (a: number, b: number) => a + (b - a) * random();
  const R0 = lu(10, 300);
  const R1 = lu(100, 3000);
  const f1 = lu(3e3, 2e5);
  const a1 = u(0.8, 0.97);
  const R2 = lu(300, 1e4);
  const f2 = lu(0.5, 50);
  const a2 = u(0.7, 0.92);
  return [R0, R1, Math.pow(2 * Math.PI * f1, -a1) / R1, a1, R2, Math.pow(2 * Math.PI * f2, -a2) / R2, a2];
}

/** Z + 0.01·|Z|·(n_re + j·n_im), n ~ N(0, 1). */
function noisy(truth: number[], random: () => number): Spectrum {
  const z = model.evaluate(truth, frequency);
  const re = new Float64Array(frequency.length);
  const im = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const m = Math.hypot(z.re[i], z.im[i]);
    re[i] = z.re[i] + 0.01 * m * randomNormal(random);
    im[i] = z.im[i] + 0.01 * m * randomNormal(random);
  }
  return { frequency, re, im };
}

describe('synthetic recovery: 200 seeded spectra of R0-p(R1,CPE1)-p(R2,CPE2), 1% proportional noise', () => {
  const random = createRandom(20261122);
  const cases = Array.from({ length: 200 }, () => {
    const truth = draw(random);
    return { truth, spectrum: noisy(truth, random) };
  });
  const fits = cases.map(({ spectrum }) => fitCircuit(model, spectrum, { weighting: 'modulus' }));

  it('≥ 99% reach the best-known minimum (tight multistart + start at the truth) from automatic guesses', () => {
    let reached = 0;
    cases.forEach(({ truth, spectrum }, k) => {
      const tight = { weighting: 'modulus' as const, tolerances: { gtol: 1e-14, xtol: 1e-14, ftol: 1e-15 } };
      const a = fitCircuit(model, spectrum, { ...tight, multistart: 4, seed: k + 1 });
      const b = fitCircuit(model, spectrum, { ...tight, initial: Object.fromEntries(model.parameters.map((p, i) => [p.key, truth[i]])) });
      const best = Math.min(a.statistics.chiSquare, b.statistics.chiSquare, fits[k].statistics.chiSquare);
      if (fits[k].statistics.chiSquare <= best * (1 + 1e-6)) reached++;
    });
    expect(reached / cases.length).toBeGreaterThanOrEqual(0.99);
  });

  it('every fit converges, returns finite values and flags no parameter as non-identifiable', () => {
    for (const fit of fits) {
      expect(fit.converged).toBe(true);
      expect(fit.valueArray.every(Number.isFinite)).toBe(true);
      expect(fit.parameters.every((p) => p.identifiable)).toBe(true);
    }
  });

  it('the empirical coverage of the reported 95% intervals lies in [90%, 98%] for every parameter', () => {
    const coverage = model.parameters.map((p, j) => {
      let inside = 0;
      fits.forEach((fit, k) => {
        const ci = fit.parameters[j].ci95!;
        if (ci[0] <= cases[k].truth[j] && cases[k].truth[j] <= ci[1]) inside++;
      });
      return [p.key, inside / fits.length] as const;
    });
    for (const [key, c] of coverage) {
      expect(c, `${key} coverage ${c}`).toBeGreaterThanOrEqual(0.9);
      expect(c, `${key} coverage ${c}`).toBeLessThanOrEqual(0.98);
    }
  });
});
