import { describe, expect, it } from 'vitest';
import { linKK, linKKTimeConstants } from '../../src/validate/linKK.js';
import { DataFormatError, ParameterError } from '../../src/errors.js';
import { expectAllClose, expectClose } from '../helpers/close.js';
import { readExpected, readZPlotFixture } from './zplotFixture.js';
import { logspace, simulate } from './simulate.js';
import { createRandom } from '../../src/random.js';

interface Arrays {
  fit_true_re: number[];
  fit_true_im: number[];
}
interface Expected {
  linKK: { asserted: { M: number; mu: number } } & Arrays;
  linKK_add_cap: { asserted: { M: number; mu: number } } & Arrays;
  fit_linKK_M5_imag: Arrays;
  fit_linKK_M5_complex: Arrays;
}

const spectrum = readZPlotFixture('impedancepy_Circuit3_EIS_1.z');
const expected = readExpected<Expected>('impedancepy_linkk_Circuit3_EIS_1.json');

/** numpy.isclose(actual, expected) with its defaults rtol = 1e-5, atol = 1e-8. */
function expectNpIsClose(actual: Float64Array, want: number[], label: string): void {
  expect(actual.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const ok = Math.abs(actual[i] - want[i]) <= 1e-8 + 1e-5 * Math.abs(want[i]);
    if (!ok) expect.fail(`${label}[${i}]: ${actual[i]} vs ${want[i]}`);
  }
}

describe('linKK on impedance.py Circuit3_EIS_1.z (upstream-asserted values)', () => {
  it('reads the 53-point fixture', () => {
    expect(spectrum.frequency.length).toBe(53);
    expect(spectrum.frequency[0]).toBe(150000);
  });

  it.each([
    ['c = 0.69, real fit', { c: 0.69, fit: 'real' as const, minM: 1, underfitGuard: false as const }, 'linKK' as const],
    ['c = 0.69, real fit, add_cap', { c: 0.69, fit: 'real' as const, minM: 1, underfitGuard: false as const, lowFrequencyTerm: true }, 'linKK_add_cap' as const],
    ['M = 10 fixed (c = None, max_M = 10), add_cap', { M: 10, fit: 'real' as const, lowFrequencyTerm: true }, 'linKK_add_cap' as const],
  ])('linKK(%s) gives M = 10, µ and the stored Z_fit', (_, options, key) => {
    const r = linKK(spectrum, options);
    const e = expected[key];
    expect(r.M).toBe(e.asserted.M);
    expectClose(r.mu, e.asserted.mu, 1e-9, 0, 'mu');
    expectNpIsClose(r.fitted.re, e.fit_true_re, 'Re Z_fit');
    expectNpIsClose(r.fitted.im, e.fit_true_im, 'Im Z_fit');
    // residuals are (Z − Z_fit)/|Z| of the stored fit
    for (let i = 0; i < 53; i++) {
      const mod = Math.hypot(spectrum.re[i], spectrum.im[i]);
      expectClose(r.residuals.re[i], (spectrum.re[i] - e.fit_true_re[i]) / mod, 0, 1e-8, `res re ${i}`);
      expectClose(r.residuals.im[i], (spectrum.im[i] - e.fit_true_im[i]) / mod, 0, 1e-8, `res im ${i}`);
    }
  });

  it('µ of the automatic search matches impedance.py to 1e-9 on the way to M = 10', () => {
    const r = linKK(spectrum, { c: 0.69, fit: 'real', minM: 1, underfitGuard: false });
    expect(r.history.map((h) => h.M)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.history.slice(0, -1).every((h) => h.mu > 0.69)).toBe(true);
  });

  it.each([
    ['imag', 'fit_linKK_M5_imag' as const],
    ['complex', 'fit_linKK_M5_complex' as const],
  ] as const)('linKK(M = 5, fit = %s) reproduces fit_linKK + eval_linKK', (fit, key) => {
    const r = linKK(spectrum, { M: 5, fit });
    expectNpIsClose(r.fitted.re, expected[key].fit_true_re, 'Re');
    expectNpIsClose(r.fitted.im, expected[key].fit_true_im, 'Im');
  });
});

describe('linKKTimeConstants', () => {
  it('places τ from 1/(2π f_max) to 1/(2π f_min), log-spaced', () => {
    const t = linKKTimeConstants(1, 1e4, 5);
    expectAllClose(t, [1e-4, 1e-3, 1e-2, 1e-1, 1].map((x) => x / (2 * Math.PI)), 1e-12);
    expectAllClose(linKKTimeConstants(2, 8, 1), [1 / (4 * Math.PI)], 1e-15);
  });
});

const circuit = 'R0-p(R1,CPE1)-p(R2,CPE2)';
const compliant: Array<[string, number[]]> = [
  ['two CPE arcs', [10, 100, 1e-6, 0.85, 200, 1e-3, 0.8]],
  ['overlapping arcs', [50, 1000, 1e-9, 0.9, 500, 1e-8, 0.9]],
  ['wide arcs', [5, 1e4, 1e-10, 0.7, 1e3, 1e-4, 0.95]],
];
const freq = logspace(6, -1, 71);

describe('linKK verdicts on simulated spectra', () => {
  it.each([0, 0.001])('passes ideal RC arcs (α = 1, noise %s) thanks to the under-fitting guard', (noise) => {
    const p = [10, 100, 1e-6, 1, 200, 1e-3, 1];
    for (let seed = 1; seed <= 3; seed++) {
      const r = linKK(simulate(circuit, p, freq, noise, seed));
      expect(r.verdict.valid, r.verdict.reasons.join('; ')).toBe(true);
      expect(r.guardRaisedM).toBe(true);
      // without the guard the µ rule stops on an under-resolved ladder
      const plain = linKK(simulate(circuit, p, freq, noise, seed), { underfitGuard: false });
      expect(plain.M).toBeLessThan(r.M);
      expect(plain.verdict.valid).toBe(false);
    }
  });

  for (const [name, p] of compliant) {
    for (const noise of [0, 0.001, 0.01]) {
      it(`passes a KK-compliant spectrum (${name}, noise ${noise * 100} %, seeds 1–3)`, () => {
        for (let seed = 1; seed <= 3; seed++) {
          const r = linKK(simulate(circuit, p, freq, noise, seed));
          expect(r.verdict.valid, r.verdict.reasons.join('; ')).toBe(true);
          // noise estimate tracks the injected noise
          if (noise > 0) expect(r.noise).toBeGreaterThan(0.5 * noise), expect(r.noise).toBeLessThan(2 * noise);
        }
      });
    }
  }

  it('property: random KK-compliant two-arc circuits pass (30 seeded draws × real and complex fits)', () => {
    // R0 ∈ [1, 1e3] Ω, R1, R2 ∈ [10, 1e4] Ω, τ ∈ [1e-6, 0.1] s, α ∈ [0.6, 0.95],
    // noise 0, 0.1 % or 0.5 %. (Near-ideal arcs, α > 0.98, with 0.5 % noise are
    // occasionally flagged; see docs/validation-and-drt.md.)
    const random = createRandom(2024);
    for (let k = 0; k < 30; k++) {
      const R1 = 10 ** (1 + 3 * random());
      const R2 = 10 ** (1 + 3 * random());
      const t1 = 10 ** (-6 + 5 * random());
      const t2 = 10 ** (-6 + 5 * random());
      const a1 = 0.6 + 0.35 * random();
      const a2 = 0.6 + 0.35 * random();
      const p = [10 ** (3 * random()), R1, t1 ** a1 / R1, a1, R2, t2 ** a2 / R2, a2];
      const noise = [0, 0.001, 0.005][k % 3];
      for (const fit of ['real', 'complex'] as const) {
        const r = linKK(simulate(circuit, p, freq, noise, k), { fit });
        expect(r.verdict.valid, `draw ${k} (${fit}): ${p.join(', ')}: ${r.verdict.reasons.join('; ')}`).toBe(true);
      }
    }
  });

  it.each([
    ['noise-free, 5 % drift of R2', 0, 0.05],
    ['noise-free, 20 % drift of R2', 0, 0.2],
    ['0.1 % noise, 20 % drift of R2', 0.001, 0.2],
  ])('flags a non-stationary spectrum (%s)', (_, noise, drift) => {
    for (let seed = 1; seed <= 3; seed++) {
      const r = linKK(simulate(circuit, compliant[0][1], freq, noise, seed, drift, 4));
      expect(r.verdict.valid).toBe(false);
      expect(r.verdict.reasons.length).toBeGreaterThan(0);
      expect(r.verdict.suspicious.length).toBeGreaterThan(0);
      // the drift shows at the low-frequency end of the sweep
      const last = r.verdict.suspicious[r.verdict.suspicious.length - 1];
      expect(last.frequency).toBeLessThan(10);
    }
  });

  it('flags a single outlier point', () => {
    const s = simulate(circuit, compliant[0][1], freq, 0.001, 7);
    s.re[30] *= 1.03;
    const r = linKK(s);
    const hit = r.verdict.suspicious.find((p) => p.index === 30);
    expect(hit?.reasons).toContain('outlier');
  });

  it('admittance representation fits a KK-compliant spectrum with a blocking electrode', () => {
    // R0-p(R1,CPE1)-CPE2: no DC intercept; Y → 0 at low frequency.
    const s = simulate('R0-p(R1,CPE1)-CPE2', [10, 100, 1e-6, 0.9, 1e-4, 0.9], freq, 0.001, 3);
    const r = linKK(s, { representation: 'admittance', fit: 'complex' });
    expect(r.verdict.valid, r.verdict.reasons.join('; ')).toBe(true);
    expect(r.noise).toBeLessThan(0.002);
  });

  it('lowFrequencyTerm (series C) recovers the blocking capacitance in the impedance representation', () => {
    const s = simulate('R0-p(R1,CPE1)-C1', [10, 100, 1e-6, 0.9, 1e-5], freq, 0.001, 3);
    const r = linKK(s, { lowFrequencyTerm: true, fit: 'complex' });
    expectClose(1 / r.coefficients.low, 1e-5, 0.01, 0, 'C');
    expect(r.noise).toBeLessThan(0.01);
  });
});

describe('linKK edge cases', () => {
  it('a pure resistor stops the µ search at once and recovers R0', () => {
    const f = new Float64Array([1e5, 1e4, 1e3, 100, 10, 1]);
    const r = linKK({ frequency: f, re: new Float64Array(6).fill(50), im: new Float64Array(6) });
    expect(r.history.length).toBe(1);
    expectClose(r.coefficients.offset, 50, 1e-12);
    expect(r.noise).toBeLessThan(1e-12);
    expect(r.verdict.valid).toBe(true);
  });
  it('never uses more time constants than the data can determine', () => {
    const f = new Float64Array([1e4, 1e3, 100, 10, 1]);
    const s = simulate(circuit, compliant[0][1], f, 0.01, 3);
    const r = linKK(s, { c: -1 }); // µ ≤ c never happens
    expect(r.M + 3).toBeLessThanOrEqual(5);
  });
});

describe('linKK input checks', () => {
  const s = simulate(circuit, compliant[0][1], freq);
  it.each([
    [{ fit: 'both' as never }, 'fit'],
    [{ representation: 'z' as never }, 'representation'],
    [{ maxM: 0 }, 'maxM'],
    [{ M: 1.5 }, 'M'],
    [{ minM: 0 }, 'minM'],
    [{ c: Number.NaN }, 'c'],
    [{ underfitGuard: -1 }, 'underfitGuard'],
  ])('linKK(spectrum, %o) throws ParameterError BAD_OPTION on %s', (options, name) => {
    try {
      linKK(s, options);
      expect.fail('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ParameterError);
      expect((e as ParameterError).code).toBe('BAD_OPTION');
      expect((e as ParameterError).parameter).toBe(name);
    }
  });
  it('throws DataFormatError for a 2-point spectrum', () => {
    expect(() => linKK({ frequency: new Float64Array([1, 2]), re: new Float64Array([1, 1]), im: new Float64Array([0, 0]) })).toThrow(DataFormatError);
  });
});
