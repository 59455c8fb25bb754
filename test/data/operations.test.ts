import { describe, expect, it } from 'vitest';
import { DataFormatError, ParameterError } from '../../src/errors.js';
import { averageRepeats } from '../../src/data/averageRepeats.js';
import { cropFrequency } from '../../src/data/cropFrequency.js';
import { dropInductive } from '../../src/data/dropInductive.js';
import { maskFrequency } from '../../src/data/maskFrequency.js';
import { parseSpectra } from '../../src/data/parseSpectra.js';
import { sortByFrequency } from '../../src/data/sortByFrequency.js';
import type { Spectrum } from '../../src/data/spectrum.js';
import { spectrumFromArrays } from '../../src/data/spectrumFromArrays.js';
import { toCsv } from '../../src/data/toCsv.js';
import { expectAllClose, expectClose } from '../helpers/close.js';
import { baseName, FIXTURE_FILES, fixtureBytes, MUST_FAIL } from './fixtures.js';

const S = spectrumFromArrays([1e5, 1e4, 1e3, 100, 50, 10, 1], [1, 2, 3, 4, 5, 6, 7], [0.5, 0.1, -1, -2, 0.2, -3, -4], { meta: { source: 'x' } });

describe('data operations', () => {
  it('cropFrequency keeps min ≤ f ≤ max (inclusive) and copies meta', () => {
    const c = cropFrequency(S, { min: 10, max: 1e3 });
    expect(Array.from(c.frequency)).toEqual([1e3, 100, 50, 10]);
    expect(Array.from(c.re)).toEqual([3, 4, 5, 6]);
    expect(c.meta).toEqual({ source: 'x' });
    expect(c.meta).not.toBe(S.meta);
    expect(cropFrequency(S, { min: 1e6 }).frequency.length).toBe(0);
    expect(() => cropFrequency(S, { min: 10, max: 1 })).toThrow(ParameterError);
  });

  it('maskFrequency removes points in ranges or where a predicate holds', () => {
    expect(Array.from(maskFrequency(S, [[45, 55], [1, 1]]).frequency)).toEqual([1e5, 1e4, 1e3, 100, 10]);
    expect(Array.from(maskFrequency(S, (f) => f > 1e3).frequency)).toEqual([1e3, 100, 50, 10, 1]);
    expect(() => maskFrequency(S, [[5, 1]])).toThrow(ParameterError);
  });

  it('dropInductive drops every Im > 0 point, or only the high-frequency run', () => {
    expect(Array.from(dropInductive(S).frequency)).toEqual([1e3, 100, 10, 1]);
    expect(Array.from(dropInductive(S, { onlyHighFrequency: true }).frequency)).toEqual([1e3, 100, 50, 10, 1]);
    const up = sortByFrequency(S, 'ascending');
    expect(Array.from(dropInductive(up, { onlyHighFrequency: true }).frequency)).toEqual([1, 10, 50, 100, 1e3]);
  });

  it('sortByFrequency sorts all three arrays together', () => {
    const up = sortByFrequency(S, 'ascending');
    expect(Array.from(up.frequency)).toEqual([1, 10, 50, 100, 1e3, 1e4, 1e5]);
    expect(Array.from(up.im)).toEqual([-4, -3, 0.2, -2, -1, 0.1, 0.5]);
    expect(Array.from(sortByFrequency(up).frequency)).toEqual(Array.from(S.frequency));
  });

  it('averageRepeats merges the three sweeps of pyimpspec_case-multiple-spectra.mpt into the control within rounding', () => {
    const { spectra } = parseSpectra(fixtureBytes('biologic-mpt/pyimpspec_case-multiple-spectra.mpt'));
    const a = averageRepeats(spectra);
    expect(a.frequency.length).toBe(29);
    expect(Array.from(a.count)).toEqual(new Array(29).fill(3));
    expectAllClose(a.re, spectra[0].re, 1e-7);
    expect(a.meta!.label).toBe('average of 3 sweeps');
  });

  it('averageRepeats gives mean and sample standard deviation', () => {
    const a = spectrumFromArrays([10, 1], [1, 2], [-1, -2]);
    const b = spectrumFromArrays([10 * (1 + 1e-8), 1], [3, 2], [-3, -2]);
    const m = averageRepeats([a, b]);
    expect(Array.from(m.count)).toEqual([2, 2]);
    expectClose(m.re[0], 2);
    expectClose(m.reStd[0], Math.SQRT2);
    expect(m.imStd[1]).toBe(0);
    expect(averageRepeats([a, b], { relTol: 0 }).frequency.length).toBe(3);
  });
});

describe('spectrumFromArrays', () => {
  it('copies, flips a negated Im, and validates', () => {
    const f = [1e3, 1];
    const s = spectrumFromArrays(f, [10, 20], [1, 5], { imSign: 'negated' });
    expect(Array.from(s.im)).toEqual([-1, -5]);
    f[0] = 7;
    expect(s.frequency[0]).toBe(1e3);
  });

  it.each([
    [[1, 2], [1], [1, 2], 'LENGTH_MISMATCH'],
    [[], [], [], 'EMPTY'],
    [[1, -2], [1, 1], [1, 1], 'NON_POSITIVE_FREQUENCY'],
    [[1, 2], [1, NaN], [1, 1], 'NON_FINITE'],
  ])('spectrumFromArrays(%j, %j, %j) throws %s', (f, re, im, code) => {
    expect(() => spectrumFromArrays(f, re, im)).toThrow(expect.objectContaining({ code }));
    expect(() => spectrumFromArrays(f, re, im)).toThrow(DataFormatError);
  });
});

describe('toCsv round trip', () => {
  const files = FIXTURE_FILES.filter((f) => !(f in MUST_FAIL));
  it.each(files)('parseSpectra(toCsv(s)) reproduces every spectrum of %s exactly', (rel) => {
    const { spectra } = parseSpectra(fixtureBytes(rel), { fileName: baseName(rel) });
    for (const s of spectra) {
      for (const opts of [{}, { delimiter: ';', imSign: 'negated' as const, newline: '\r\n' }, { delimiter: '\t' }]) {
        const back: Spectrum = parseSpectra(toCsv(s, opts), { splitSweeps: false }).spectra[0];
        expect(Array.from(back.frequency)).toEqual(Array.from(s.frequency));
        expect(Array.from(back.re)).toEqual(Array.from(s.re));
        expect(Array.from(back.im)).toEqual(Array.from(s.im));
      }
    }
  });

  it('writes the documented header', () => {
    expect(toCsv(spectrumFromArrays([1000], [10], [-2]))).toBe('f/Hz,Re(Z)/Ohm,Im(Z)/Ohm\n1000,10,-2\n');
  });
});
