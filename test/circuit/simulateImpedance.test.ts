import { describe, expect, it } from 'vitest';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { simulateImpedance } from '../../src/circuit/simulateImpedance.js';
import { DataFormatError, ParameterError } from '../../src/errors.js';
import { createRandom } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';

const f = Float64Array.from({ length: 71 }, (_, i) => 1e6 * 10 ** (-i / 10));
const model = compileCircuit({
  type: 'series',
  children: [
    { type: 'element', symbol: 'R', name: 'R0' },
    { type: 'parallel', children: [{ type: 'element', symbol: 'R', name: 'R1' }, { type: 'element', symbol: 'CPE', name: 'CPE1' }] },
  ],
});
const p = [10, 200, 1e-6, 0.9];

describe('simulateImpedance', () => {
  it('without noise equals model.evaluate and copies the frequencies', () => {
    const s = simulateImpedance(model, p, f);
    const z = model.evaluate(p, f);
    expect(Array.from(s.re)).toEqual(Array.from(z.re));
    expect(Array.from(s.im)).toEqual(Array.from(z.im));
    expect(s.frequency).not.toBe(f);
    expect(Array.from(s.frequency)).toEqual(Array.from(f));
    expect(s.meta?.label).toBe('R0-p(R1,CPE1)');
  });

  it('accepts values keyed by impedance.py key or alias, and a circuit string', () => {
    const a = simulateImpedance(model, { R0: 10, R1: 200, 'CPE1.Q': 1e-6, CPE1_1: 0.9 }, f);
    const b = simulateImpedance('R0-p(R1,CPE1)', p, f);
    const c = simulateImpedance(model, p, f);
    expect(Array.from(a.re)).toEqual(Array.from(c.re));
    expect(Array.from(b.im)).toEqual(Array.from(c.im));
  });

  it('is reproducible: equal seeds give equal spectra, different seeds differ', () => {
    const o = (seed: number) => ({ noise: { type: 'proportional' as const, sigma: 0.01 }, random: createRandom(seed) });
    const a = simulateImpedance(model, p, f, o(5));
    const b = simulateImpedance(model, p, f, o(5));
    const c = simulateImpedance(model, p, f, o(6));
    expect(Array.from(a.re)).toEqual(Array.from(b.re));
    expect(Array.from(a.re)).not.toEqual(Array.from(c.re));
  });

  it('proportional noise has standard deviation σ·|Z| in each part (10 000 points, within 3 %)', () => {
    const n = 10_000;
    const ff = Float64Array.from({ length: n }, (_, i) => 10 ** (6 - (8 * i) / n));
    const exact = model.evaluate(p, ff);
    const s = simulateImpedance(model, p, ff, { noise: { type: 'proportional', sigma: 0.02 }, random: createRandom(1) });
    let sr = 0;
    let si = 0;
    let mr = 0;
    for (let i = 0; i < n; i++) {
      const m = Math.hypot(exact.re[i], exact.im[i]);
      const ur = (s.re[i] - exact.re[i]) / m;
      const ui = (s.im[i] - exact.im[i]) / m;
      mr += ur;
      sr += ur * ur;
      si += ui * ui;
    }
    expectClose(Math.sqrt(sr / n), 0.02, 0.03);
    expectClose(Math.sqrt(si / n), 0.02, 0.03);
    expect(Math.abs(mr / n)).toBeLessThan((4 * 0.02) / Math.sqrt(n));
  });

  it('absolute noise has standard deviation σ Ω in each part', () => {
    const n = 10_000;
    const ff = Float64Array.from({ length: n }, (_, i) => 10 ** (6 - (8 * i) / n));
    const exact = model.evaluate(p, ff);
    const s = simulateImpedance(model, p, ff, { noise: { type: 'absolute', sigma: 0.5 }, random: createRandom(2) });
    let sr = 0;
    let si = 0;
    for (let i = 0; i < n; i++) {
      sr += (s.re[i] - exact.re[i]) ** 2;
      si += (s.im[i] - exact.im[i]) ** 2;
    }
    expectClose(Math.sqrt(sr / n), 0.5, 0.03);
    expectClose(Math.sqrt(si / n), 0.5, 0.03);
  });

  it('sigma = 0 needs no generator', () => {
    expect(() => simulateImpedance(model, p, f, { noise: { type: 'absolute', sigma: 0 } })).not.toThrow();
  });

  const cases: Array<[string, () => unknown, new (...a: never[]) => Error, string]> = [
    ['too few values', () => simulateImpedance(model, [1, 2, 3], f), ParameterError, 'WRONG_LENGTH'],
    ['NaN value', () => simulateImpedance(model, [10, NaN, 1e-6, 0.9], f), ParameterError, 'NOT_FINITE'],
    ['value outside bounds', () => simulateImpedance(model, [10, 200, 1e-6, 1.5], f), ParameterError, 'OUT_OF_BOUNDS'],
    ['unknown key', () => simulateImpedance(model, { R0: 1, R1: 1, CPE1_0: 1, CPE1_1: 1, R9: 1 }, f), ParameterError, 'UNKNOWN_PARAMETER'],
    ['missing key', () => simulateImpedance(model, { R0: 1, R1: 1, CPE1_0: 1 }, f), ParameterError, 'WRONG_LENGTH'],
    ['noise without generator', () => simulateImpedance(model, p, f, { noise: { type: 'absolute', sigma: 1 } }), ParameterError, 'BAD_OPTION'],
    ['negative sigma', () => simulateImpedance(model, p, f, { noise: { type: 'absolute', sigma: -1 }, random: createRandom(1) }), ParameterError, 'BAD_OPTION'],
    ['bad noise type', () => simulateImpedance(model, p, f, { noise: { type: 'pink' as 'absolute', sigma: 1 }, random: createRandom(1) }), ParameterError, 'BAD_OPTION'],
    ['zero frequency', () => simulateImpedance(model, p, [1, 0]), DataFormatError, 'NON_POSITIVE_FREQUENCY'],
    ['NaN frequency', () => simulateImpedance(model, p, [1, NaN]), DataFormatError, 'NON_FINITE'],
    ['empty frequency', () => simulateImpedance(model, p, []), DataFormatError, 'EMPTY'],
  ];
  it.each(cases)('simulateImpedance with %s throws', (_label, call, type, code) => {
    let err: unknown;
    try {
      call();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(type);
    expect((err as ParameterError).code).toBe(code);
  });

  it('a circuit that gives a non-finite impedance is rejected, not returned as NaN', () => {
    const shorted = compileCircuit({ type: 'parallel', children: [{ type: 'element', symbol: 'R', name: 'R1' }, { type: 'element', symbol: 'R', name: 'R2' }] });
    expect(() => simulateImpedance(shorted, [0, 0], f)).toThrow(ParameterError);
  });
});
