import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../../src/errors.js';
import { parseSpectra } from '../../src/data/parseSpectra.js';
import { expectAllClose, expectClose } from '../helpers/close.js';
import { baseName, expectedParsed, FIXTURE_FILES, fixtureBytes, MUST_FAIL, SUMMARY } from './fixtures.js';

const isTwin = (label: string | undefined): boolean => /drift-corrected/.test(label ?? '');

describe('parseSpectra on every real fixture', () => {
  const ok = FIXTURE_FILES.filter((f) => !(f in MUST_FAIL));
  it('covers all 42 corpus files', () => {
    expect(FIXTURE_FILES.length).toBe(42);
  });

  it.each(ok)('parseSpectra(%s) matches expected/summary.json and expected/parsed within 1e-9', (rel) => {
    const exp = SUMMARY[rel];
    const r = parseSpectra(fixtureBytes(rel), { fileName: baseName(rel) });
    const primary = r.spectra.filter((s) => !isTwin(s.meta?.label));
    expect(primary.length, 'number of spectra').toBe(exp.n_spectra);
    const full = expectedParsed(rel);
    primary.forEach((s, k) => {
      const e = exp.spectra![k];
      const n = s.frequency.length;
      expect(n, `points of spectrum ${k}`).toBe(e.n_points);
      expectClose(s.frequency[0], e.f_first_Hz, 1e-9, 0, 'first f');
      expectClose(s.frequency[n - 1], e.f_last_Hz, 1e-9, 0, 'last f');
      expectClose(s.re[0], e.Z_first[0], 1e-9, 0, 'first re');
      expectClose(s.im[0], e.Z_first[1], 1e-9, 0, 'first im');
      expectClose(s.re[n - 1], e.Z_last[0], 1e-9, 0, 'last re');
      expectClose(s.im[n - 1], e.Z_last[1], 1e-9, 0, 'last im');
      let inductive = 0;
      for (let i = 0; i < n; i++) if (s.im[i] > 0) inductive++;
      expect(inductive, 'points with Im > 0').toBe(e.n_points_with_Zim_positive);
      expectAllClose(s.frequency, full.spectra[k].f, 1e-9, 0, 'f');
      expectAllClose(s.re, full.spectra[k].re, 1e-9, 0, 're');
      expectAllClose(s.im, full.spectra[k].im, 1e-9, 0, 'im');
      expect(s.meta?.source).toBe(baseName(rel));
      expect(s.meta?.format).toBe(r.format);
      const [a, b] = s.meta!.lines!;
      expect(a).toBeGreaterThanOrEqual(1);
      expect(b).toBeGreaterThanOrEqual(a);
    });
  });

  it.each(ok)('row accounting holds for %s: rows read = points returned + rows reported skipped', (rel) => {
    const r = parseSpectra(fixtureBytes(rel), { fileName: baseName(rel) });
    const points = r.spectra.filter((s) => !isTwin(s.meta?.label)).reduce((n, s) => n + s.frequency.length, 0);
    const skippedWarnings = r.warnings.filter((w) => w.skipped).length;
    expect(r.rows.used).toBe(points);
    expect(r.rows.skipped).toBe(skippedWarnings);
    expect(r.rows.read).toBe(points + skippedWarnings);
    // Strict and lenient parses agree on clean files.
    const lenient = parseSpectra(fixtureBytes(rel), { fileName: baseName(rel), onInvalidRow: 'skip' });
    expect(lenient.rows).toEqual(r.rows);
  });

  it('parseSpectra(MissingFreq.mpt) throws MISSING_COLUMN naming "freq/Hz" and the header line', () => {
    const rel = 'biologic-mpt/impedancepy_exampleDataBioLogic_MissingFreq.mpt';
    let err: unknown;
    try {
      parseSpectra(fixtureBytes(rel), { fileName: baseName(rel) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataFormatError);
    const d = err as DataFormatError;
    expect(d.code).toBe('MISSING_COLUMN');
    expect(d.issues[0].column).toBe('freq/Hz');
    expect(d.issues[0].line).toBe(61);
    expect(d.message).toContain('"freq/Hz" not found');
    expect(d.message).toContain('impedancepy_exampleDataBioLogic_MissingFreq.mpt');
  });
});

describe('format-specific facts from PROVENANCE.md', () => {
  const parse = (rel: string, o = {}) => parseSpectra(fixtureBytes(rel), { fileName: baseName(rel), ...o });

  it.each([
    ['autolab/impedancepy_exampleDataAutolab.txt', 'zplot'],
    ['autolab/pyimpspec_data_ecochemie.dfr', 'autolab-dfr'],
    ['biologic-mpt/pyeis_ex1.mpt', 'biologic-mpt'],
    ['chinstruments/impedancepy_exampleDataCHInstruments.txt', 'chi'],
    ['csv/pyimpspec_data-semicolon.csv', 'csv'],
    ['gamry-dta/bayesdrt_PDAC_pseudo-DTA_500C.txt', 'gamry-dta'],
    ['ivium-idf/pyimpspec_data.ids', 'ivium'],
    ['other/pyimpspec_data.P00', 'p00'],
    ['other/pyimpspec_data_elchemea.i2b', 'elchemea-i2b'],
    ['palmsens/pyimpspec_data.pssession', 'palmsens'],
    ['parstat/impedancepy_exampleDataParstat.txt', 'parstat'],
    ['powersuite/impedancepy_exampleDataPowersuite.txt', 'powersuite'],
    ['versastudio-par/impedancepy_exampleDataVersaStudio.par', 'versastudio-par'],
    ['zahner-ism/zahner_rc-data_overlap.ism', 'zahner-ism'],
    ['zplot-z/impedancepy_exampleDataZPlot.z', 'zplot'],
  ])('content detection without a file name: %s → %s', (rel, format) => {
    expect(parseSpectra(fixtureBytes(rel)).format).toBe(format);
  });

  it('Parstat: 781 DC rows are skipped and counted as NON_EIS_ROW warnings, not errors', () => {
    const r = parse('parstat/impedancepy_exampleDataParstat.txt');
    expect(r.warnings.filter((w) => w.code === 'NON_EIS_ROW').length).toBe(781);
    expect(r.rows).toEqual({ read: 812, used: 31, skipped: 781 });
    expectClose(r.spectra[0].meta!.potential!, 3.50029397010803);
    expectClose(r.spectra[0].meta!.current!, 0.0245747901499271);
  });

  it('Gamry drift-corrected file: the twin ZrealDrCor/ZimagDrCor spectrum follows, labelled', () => {
    const rel = 'gamry-dta/pyimpspec_drift-corrected-data_decimal-comma.dta';
    const r = parse(rel);
    expect(r.spectra.length).toBe(2);
    expect(r.spectra[0].meta!.label).toMatch(/^uncorrected/);
    expect(r.spectra[1].meta!.label).toMatch(/^drift-corrected/);
    const twin = expectedParsed(rel).drift_corrected!;
    expectAllClose(r.spectra[1].frequency, twin.f, 1e-9);
    expectAllClose(r.spectra[1].re, twin.re, 1e-9);
    expectAllClose(r.spectra[1].im, twin.im, 1e-9);
    expect(r.rows.used).toBe(55);
  });

  it('Gamry: OCVCURVE skipped, header metadata read (instrument, software, potential, area in m²)', () => {
    const m = parse('gamry-dta/impedancepy_exampleDataGamry.DTA').spectra[0].meta!;
    expect(m.instrument).toBe('REF3000-34128');
    expect(m.software).toBe('Gamry Framework 7.05');
    expect(m.date).toBe('4/23/2018 16:43:15');
    expectClose(m.potential!, -0.05);
    expectClose(m.area!, 1e-4);
    expect(m.lines).toEqual([449, 520]);
  });

  it('Gamry aborted runs warn ABORTED and return the rows present', () => {
    const r = parse('gamry-dta/gamryparser_eispot_data_curveaborted.dta');
    expect(r.warnings.map((w) => w.code)).toContain('ABORTED');
    expect(r.spectra[0].frequency.length).toBe(5);
  });

  it('BioLogic: header metadata and cycle split (pyeis_ex1.mpt)', () => {
    const r = parse('biologic-mpt/pyeis_ex1.mpt');
    expect(r.spectra.map((s) => s.meta!.cycle)).toEqual([0, 1]);
    expect(r.spectra[1].re[0]).toBe(418.34854);
    const m = parse('biologic-mpt/impedancepy_exampleDataBioLogic.mpt').spectra[0].meta!;
    expect(m.instrument).toBe('SP-150 (SN 10791079)');
    expect(m.software).toBe('EC-Lab for windows v11.18');
    expectClose(m.area!, 0.001e-4);
    expect(m.lines).toEqual([62, 104]);
  });

  it('meta.time is the elapsed time of each sweep\'s first row (yadg GEIS loops, Parstat, ZPlot)', () => {
    expect(parse('biologic-mpt/yadg_geis_SP300_Li-battery.mpt').spectra.map((s) => s.meta!.time)).toEqual([61.51519854509388, 262.2177978800319, 461.7503971593978, 661.3479964418511]);
    expect(parse('parstat/impedancepy_exampleDataParstat.txt').spectra[0].meta!.time).toBe(7639.602);
    expect(parse('zplot-z/impedancepy_exampleDataZPlot.z').spectra[0].meta!.time).toBe(2.67);
    const drift = parse('gamry-dta/pyimpspec_drift-corrected-data_decimal-comma.dta').spectra;
    expect(drift[1].meta!.time).toBe(drift[0].meta!.time);
  });

  it('BioLogic: picks Re(Z)/Ohm, not Re(Zce)/Ohm (yadg_peis_SP240_with_Ece.mpt)', () => {
    const s = parse('biologic-mpt/yadg_peis_SP240_with_Ece.mpt').spectra[0];
    expect(s.frequency.length).toBe(32);
  });

  it('Zahner: non-overlapping span, OVERLAP warnings, metadata from swapped-case strings', () => {
    const r = parse('zahner-ism/zahner_rc-data_overlap.ism');
    expect(r.warnings.filter((w) => w.code === 'OVERLAP').length).toBe(20);
    const m = r.spectra[0].meta!;
    expect(m.date).toBe('2024-07-16');
    expect(m.instrument).toBe('RC HIZ');
    expectClose(m.potential!, 0.9995);
    expectClose(m.current!, 10.006e-9);
    expectClose(m.temperature!, 23.8 + 273.15);
  });

  it('headerless files report the inferred column order (Re, Im, f for EquivalentCircuits.jl)', () => {
    const r = parse('csv/equivalentcircuitsjl_example_measurements_Re-Im-f.csv');
    const w = r.warnings.find((x) => x.code === 'INFERRED_COLUMNS')!;
    expect(w.message).toContain('Re Z, Im Z, frequency');
    expect(parse('csv/impedancepy_exampleData.csv').warnings.find((x) => x.code === 'INFERRED_COLUMNS')!.message).toContain('frequency, Re Z, Im Z');
  });

  it('ZPlotW: declared 79 points but 31 rows present warns DECLARED_COUNT_MISMATCH', () => {
    const r = parse('zplot-z/impedancepy_exampleDataZPlot_noComments.z');
    expect(r.warnings.some((w) => w.code === 'DECLARED_COUNT_MISMATCH' && /79/.test(w.message))).toBe(true);
  });

  it('latin-1 files decode as Windows-1252 and say so', () => {
    const r = parse('biologic-mpt/impedancepy_exampleDataBioLogic.mpt');
    expect(r.encoding).toBe('windows-1252');
    expect(r.warnings.some((w) => w.code === 'ENCODING_FALLBACK')).toBe(true);
    expect(parse('palmsens/pyimpspec_data.pssession').encoding).toBe('utf-16le');
    expect(parse('autolab/impedancepy_exampleDataAutolab.txt').encoding).toBe('utf-8');
  });

  it('string input gives the same spectra as bytes (UTF-8 text)', () => {
    const rel = 'zplot-z/impedancepy_Circuit1_EIS_1.z';
    const text = new TextDecoder().decode(fixtureBytes(rel));
    const a = parseSpectra(text).spectra[0];
    const b = parseSpectra(fixtureBytes(rel).slice().buffer).spectra[0];
    expect(Array.from(a.re)).toEqual(Array.from(b.re));
  });
});
