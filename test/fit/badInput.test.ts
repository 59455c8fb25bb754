import { describe, expect, it } from 'vitest';
import { DataFormatError, ParameterError } from '../../src/errors.js';
import { fitCircuit } from '../../src/fit/fitCircuit.js';
import type { FitOptions } from '../../src/fit/types.js';
import type { Spectrum } from '../../src/data/spectrum.js';

const f = new Float64Array([1e4, 1e3, 1e2, 10, 1]);
const good: Spectrum = { frequency: f, re: new Float64Array([11, 15, 60, 105, 110]), im: new Float64Array([-2, -20, -45, -15, -2]) };
const circuit = 'R0-p(R1,C1)';

function spectrum(patch: Partial<Record<'frequency' | 're' | 'im', number[]>>): Spectrum {
  return {
    frequency: patch.frequency ? Float64Array.from(patch.frequency) : f,
    re: patch.re ? Float64Array.from(patch.re) : good.re,
    im: patch.im ? Float64Array.from(patch.im) : good.im,
  };
}

describe('fitCircuit rejects bad input with typed errors', () => {
  it.each([
    ['empty spectrum', 'EMPTY', spectrum({ frequency: [], re: [], im: [] })],
    ['NaN in re', 'NON_FINITE', spectrum({ re: [11, NaN, 60, 105, 110] })],
    ['Infinity in im', 'NON_FINITE', spectrum({ im: [-2, -20, -Infinity, -15, -2] })],
    ['zero frequency', 'NON_POSITIVE_FREQUENCY', spectrum({ frequency: [1e4, 1e3, 0, 10, 1] })],
    ['negative frequency', 'NON_POSITIVE_FREQUENCY', spectrum({ frequency: [1e4, 1e3, -100, 10, 1] })],
    ['duplicate frequency', 'DUPLICATE_FREQUENCY', spectrum({ frequency: [1e4, 1e3, 1e3, 10, 1] })],
    ['mismatched lengths', 'LENGTH_MISMATCH', spectrum({ re: [11, 15, 60] })],
    ['fewer residuals than parameters', 'EMPTY', spectrum({ frequency: [1], re: [10], im: [-1] })],
  ])('%s → DataFormatError %s', (_label, code, s) => {
    let err: unknown;
    try {
      fitCircuit(circuit, s);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).code).toBe(code);
    expect((err as Error).message.length).toBeGreaterThan(10);
  });

  it.each([
    ['initial outside bounds', 'OUT_OF_BOUNDS', 'R1', { initial: { R1: -5 } }],
    ['initial outside user bounds', 'OUT_OF_BOUNDS', 'R0', { initial: { R0: 50 }, bounds: { R0: [1, 20] } }],
    ['zero initial for a log-scale parameter', 'OUT_OF_BOUNDS', 'C1', { initial: { C1: 0 } }],
    ['NaN initial', 'NOT_FINITE', 'R0', { initial: { R0: NaN } }],
    ['unknown key in initial', 'UNKNOWN_PARAMETER', 'R9', { initial: { R9: 1 } }],
    ['unknown key in fixed', 'UNKNOWN_PARAMETER', 'CPE1.alpha', { fixed: ['CPE1.alpha'] }],
    ['unknown key in bounds', 'UNKNOWN_PARAMETER', 'C1.Q', { bounds: { 'C1.Q': [0, 1] } }],
    ['inverted bounds', 'BAD_BOUNDS', 'R0', { bounds: { R0: [10, 1] } }],
    ['bad weighting', 'BAD_OPTION', 'weighting', { weighting: 'squared' as never }],
    ['σ of wrong length', 'BAD_OPTION', 'weighting', { weighting: [1, 2] }],
    ['negative σ', 'BAD_OPTION', 'weighting', { weighting: [1, 1, -1, 1, 1] }],
    ['negative multistart', 'BAD_OPTION', 'multistart', { multistart: -1 }],
    ['unknown solver', 'BAD_OPTION', 'solver', { solver: 'scipy' as never }],
    ['mask of wrong length', 'BAD_OPTION', 'mask', { mask: [true, false] }],
  ] as [string, string, string, FitOptions][])('%s → ParameterError %s naming %s', (_label, code, parameter, options) => {
    let err: unknown;
    try {
      fitCircuit(circuit, good, options);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as ParameterError).code).toBe(code);
    expect((err as ParameterError).parameter).toBe(parameter);
    expect((err as Error).message).toContain(parameter);
  });

  it('aliases are accepted: initial { "R1.R": 50, "C1.C": 1e-4 } and fixed ["R0.R"]', () => {
    const fit = fitCircuit(circuit, good, { initial: { 'R1.R': 50, 'C1.C': 1e-4, R0: 10 }, fixed: ['R0.R'] });
    expect(fit.values.R0).toBe(10);
    expect(fit.parameters[0].fixed).toBe(true);
    expect(fit.parameters[0].stderr).toBeNull();
  });

  it('a frequency range that leaves no points → DataFormatError EMPTY', () => {
    expect(() => fitCircuit(circuit, good, { frequencyRange: [1e6, 1e7] })).toThrow(DataFormatError);
  });
});

describe('a fit that cannot succeed returns converged: false and finite values', () => {
  it('an iteration limit of 1 from a distant start → converged: false, reason max-iterations, no NaN', () => {
    const fit = fitCircuit(circuit, good, { maxIterations: 1, initial: { R0: 1e4, R1: 1e-3, C1: 1 } });
    expect(fit.reason).toBe('max-iterations');
    expect(fit.converged).toBe(false);
    expect(fit.reason.length).toBeGreaterThan(0);
    expect(fit.valueArray.every(Number.isFinite)).toBe(true);
    expect(Number.isNaN(fit.statistics.chiSquare)).toBe(false);
    expect(fit.warnings.some((w) => w.code === 'NOT_CONVERGED')).toBe(true);
    for (const p of fit.parameters) {
      expect(Number.isNaN(p.value)).toBe(false);
      if (p.stderr !== null) expect(Number.isFinite(p.stderr)).toBe(true);
    }
  });

  it('data no circuit of this kind can produce (negative Re) end on a bound, flagged, never NaN', () => {
    const fit = fitCircuit(circuit, spectrum({ re: [-11, -15, -60, -105, -110] }));
    expect(fit.valueArray.every(Number.isFinite)).toBe(true);
    expect(fit.parameters[0].atBound).toBe(true);
    expect(fit.warnings.some((w) => w.code === 'AT_BOUND')).toBe(true);
  });

  it('a model that overflows (C → 1e-300 fixed) never yields NaN parameters', () => {
    const fit = fitCircuit(circuit, good, { fixed: { C1: 1e-300 } });
    expect(fit.valueArray.every((v) => !Number.isNaN(v))).toBe(true);
    expect(JSON.stringify(fit.parameters)).not.toContain('NaN');
  });
});
