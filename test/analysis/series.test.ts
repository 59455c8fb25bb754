import { describe, expect, it } from 'vitest';
import { fitSeries, seriesToCsv, seriesToJson } from '../../src/analysis/fitSeries.js';
import { noisySpectrum } from '../fit/batch/makeSpectra.js';
import { fitGrowthLaws } from '../../src/analysis/growth.js';
import { expectClose } from '../helpers/close.js';
import { growthSpectra } from './scenarios.js';

const asrSeries = (kind: 'lgps' | 'li7p3s11' | 'lagp-crack', seed: number) => {
  const g = growthSpectra(kind, seed);
  const series = fitSeries(g.spectra, g.circuit, { weighting: 'modulus', cell: g.cell });
  const hours = series.rows.map((r) => (r.time as number) / 3600);
  const asr = series.rows.map((r) => r.asr_R_int as number);
  const se = series.rows.map((r) => r.asr_R_int_stderr as number);
  return { g, series, hours, asr, se };
};

describe('fitSeries', () => {
  const { g, series } = asrSeries('li7p3s11', 21);
  it('fits every spectrum, warm-starts after the first, carries metadata and derived ASR', () => {
    expect(series.points).toHaveLength(g.spectra.length);
    expect(series.points[0].start).toBe('guess');
    expect(series.points.slice(1).every((p) => p.start === 'warm' || p.fellBack)).toBe(true);
    expect(series.points.every((p) => p.fit.converged)).toBe(true);
    series.rows.forEach((r, i) => {
      expect(r.time).toBe(g.law.time[i] * 3600);
      expect(r.label).toBe(`li7p3s11 ${g.law.time[i]} h`);
      expect(Math.abs((r.asr_R_int as number) - g.law.asr[i]) / (r.asr_R_int_stderr as number)).toBeLessThan(4);
    });
  });
  it('CSV has a header and one line per spectrum with the same numbers; JSON round-trips', () => {
    const csv = seriesToCsv(series).trimEnd().split('\n');
    expect(csv).toHaveLength(series.rows.length + 1);
    const header = csv[0].split(',');
    expect(header).toEqual(series.columns);
    const col = header.indexOf('R_int');
    csv.slice(1).forEach((line, i) => expectClose(Number(line.split(',')[col]), series.rows[i].R_int as number, 1e-15));
    const json = JSON.parse(seriesToJson(series));
    expect(json[3].R_int).toBe(series.rows[3].R_int);
    expect(json[3].sigma_total).toBe(series.rows[3].sigma_total);
  });
  it('CSV quotes fields with commas and quotes', () => {
    expect(seriesToCsv({ columns: ['a', 'b'], rows: [{ a: 'x,"y"', b: null }] })).toBe('a,b\n"x,""y""",\n');
  });
  it('falls back to a fresh guess when the warm start is poor, and keeps the better fit', () => {
    // A zero tolerance factor rejects every warm start, so each spectrum is refitted from a fresh guess.
    const s = fitSeries(g.spectra.slice(0, 4), g.circuit, { weighting: 'modulus', fallbackFactor: 0 });
    expect(s.points.slice(1).every((p) => p.fellBack)).toBe(true);
    expect(s.points.every((p) => p.fit.converged)).toBe(true);
  });
  it('fixed parameters stay fixed through warm starts', () => {
    const s = fitSeries(g.spectra.slice(0, 3), g.circuit, { weighting: 'modulus', fixed: { CPE_int_1: 0.9 } });
    expect(s.rows.map((r) => r.CPE_int_1)).toEqual([0.9, 0.9, 0.9]);
    expect(s.rows.every((r) => r.CPE_int_1_stderr === null)).toBe(true);
  });
  it('fitSeries(…, { onProgress }) reports each point in order, with the same values as without it', () => {
    const calls: Array<[number, number, number]> = [];
    const s = fitSeries(g.spectra.slice(0, 3), g.circuit, {
      weighting: 'modulus',
      onProgress: (done, total, point) => calls.push([done, total, point.index]),
    });
    expect(calls).toEqual([[1, 3, 0], [2, 3, 1], [3, 3, 2]]);
    const plain = fitSeries(g.spectra.slice(0, 3), g.circuit, { weighting: 'modulus' });
    expect(s.rows.every((r) => typeof r.R_int === 'number')).toBe(true);
    expect(s.rows.map((r) => r.R_int)).toEqual(plain.rows.map((r) => r.R_int));
  });
  it('with boundProbe, a point that ends on R0 = 0 does not break the series: the next one starts warm without R0', () => {
    // Bulk apex ≈ 57 MHz; with seed 40 boundProbe puts R0 on its bound 0 (before the fix fitSeries threw OUT_OF_BOUNDS).
    const series = [40, 41].map((seed) => noisySpectrum([50, 200, 1e-10, 0.9, 1000, 1e-6, 0.85], seed));
    const result = fitSeries(series, 'R0-p(R1,CPE1)-p(R2,CPE2)', { boundProbe: true });
    expect(result.points[0].fit.values.R0).toBe(0);
    expect(result.points).toHaveLength(2);
    expect(Number.isFinite(result.points[1].fit.statistics.chiSquare)).toBe(true);
  });

  it('rejects metadata of the wrong length', () => {
    expect(() => fitSeries(g.spectra.slice(0, 2), g.circuit, { metadata: [{}] })).toThrow(expect.objectContaining({ code: 'WRONG_LENGTH' }));
  });
});

describe('must-hold 5 and 6 from spectra: fitSeries → ASR(t) → growth law', () => {
  it.each([
    ['lgps', 'parabolic'],
    ['li7p3s11', 'self-limiting'],
    ['lagp-crack', 'step'],
  ] as const)('%s selects the %s law', (kind, law) => {
    const { hours, asr, se, g } = asrSeries(kind, 31);
    const res = fitGrowthLaws(hours, asr, { stderr: se });
    expect(res.best.law).toBe(law);
    expect(res.fits[1].deltaAicc).toBeGreaterThan(4);
    if (kind === 'lagp-crack') {
      const [r1, r2, ts] = res.best.parameters;
      expectClose(r1.value, 2810, 0.02);
      expectClose(r2.value, 6800, 0.02);
      expect(ts.ci95[0] < g.law.truth.tStep! && g.law.truth.tStep! <= ts.ci95[1]).toBe(true);
    }
  });
});
