import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../../src/errors.js';
import { decodeText, splitLines } from '../../src/data/decode.js';
import { parseSpectra } from '../../src/data/parseSpectra.js';
import type { ParseSpectraResult } from '../../src/data/types.js';
import { baseName, fixtureBytes } from './fixtures.js';

/** Malformed twins generated from one real fixture per loader. */
interface Twin {
  loader: string;
  rel: string;
  /** Lines per data row (9 for .dfr blocks). */
  stride: number;
  /** The line whose removal removes the header / column names. */
  header: RegExp | undefined;
  /** What removing it must give. */
  missingHeader: 'MISSING_COLUMN' | 'inferred' | 'warned' | 'error';
}

const TWINS: Twin[] = [
  { loader: 'biologic-mpt', rel: 'biologic-mpt/impedancepy_exampleDataBioLogic.mpt', stride: 1, header: /^freq\/Hz\t/, missingHeader: 'MISSING_COLUMN' },
  { loader: 'gamry-dta', rel: 'gamry-dta/impedancepy_exampleDataGamry.DTA', stride: 1, header: /^\tPt\tTime\tFreq/, missingHeader: 'MISSING_COLUMN' },
  { loader: 'gamry-dta (decimal comma)', rel: 'gamry-dta/pyimpspec_data_decimal-comma.dta', stride: 1, header: /^\tPt\tTime\tFreq/, missingHeader: 'MISSING_COLUMN' },
  { loader: 'zplot (ZPLOT2)', rel: 'zplot-z/impedancepy_exampleDataZPlot.z', stride: 1, header: /^End Comments/, missingHeader: 'MISSING_COLUMN' },
  { loader: 'zplot (ZPlotW)', rel: 'zplot-z/impedancepy_exampleDataZPlot_noComments.z', stride: 1, header: /^"\s+Freq/, missingHeader: 'MISSING_COLUMN' },
  { loader: 'zplot (Z60W)', rel: 'autolab/impedancepy_exampleDataAutolab.txt', stride: 1, header: /^"\s+Freq/, missingHeader: 'MISSING_COLUMN' },
  { loader: 'autolab-dfr', rel: 'autolab/pyimpspec_data_ecochemie.dfr', stride: 9, header: /^\s*29\s*$/, missingHeader: 'warned' },
  { loader: 'chi', rel: 'chinstruments/impedancepy_exampleDataCHInstruments.txt', stride: 1, header: /^Freq\/Hz/, missingHeader: 'MISSING_COLUMN' },
  { loader: 'parstat', rel: 'parstat/impedancepy_exampleDataParstat.txt', stride: 1, header: /^Potential \(V\)/, missingHeader: 'MISSING_COLUMN' },
  { loader: 'powersuite', rel: 'powersuite/impedancepy_exampleDataPowersuite.txt', stride: 1, header: /^Frequency/, missingHeader: 'inferred' },
  { loader: 'versastudio-par', rel: 'versastudio-par/impedancepy_exampleDataVersaStudio.par', stride: 1, header: /^Definition=/, missingHeader: 'MISSING_COLUMN' },
  { loader: 'ivium', rel: 'ivium-idf/pyimpspec_data.idf', stride: 1, header: /^primary_data/, missingHeader: 'error' },
  { loader: 'p00', rel: 'other/pyimpspec_data.P00', stride: 1, header: /^\s*f\/Hz/, missingHeader: 'inferred' },
  { loader: 'elchemea-i2b', rel: 'other/pyimpspec_data_elchemea.i2b', stride: 1, header: /^29$/, missingHeader: 'inferred' },
  { loader: 'csv (semicolon header)', rel: 'csv/pyimpspec_data-semicolon.csv', stride: 1, header: /^f;/, missingHeader: 'inferred' },
  { loader: 'csv (tab, decimal comma)', rel: 'csv/pyimpspec_data-comma-decimal-separator.csv', stride: 1, header: /^f\t/, missingHeader: 'inferred' },
  { loader: 'csv (headerless)', rel: 'csv/impedancepy_exampleData.csv', stride: 1, header: undefined, missingHeader: 'inferred' },
];

function setup(t: Twin) {
  const bytes = fixtureBytes(t.rel);
  const lines = splitLines(decodeText(bytes).text);
  const clean = parseSpectra(bytes, { fileName: baseName(t.rel) });
  const points = clean.rows.used;
  const first = clean.spectra[0].meta!.lines![0];
  const last = clean.spectra[clean.spectra.length - 1].meta!.lines![1];
  const target = first + 3 * t.stride; // a row well inside the first spectrum
  return { lines, clean, points, first, last, target, fileName: baseName(t.rel), format: clean.format };
}

/** The first two fields of a row (with their separator), dropping the rest. */
function firstTwoFields(line: string): string {
  const m = /^(\s*[^\s,;]+[\s,;]+[^\s,;]+)/.exec(line);
  if (!m) throw new Error(`cannot shorten ${line}`);
  return m[1];
}

function strictError(text: string, fileName: string): DataFormatError {
  try {
    parseSpectra(text, { fileName });
  } catch (e) {
    if (e instanceof DataFormatError) return e;
    throw e;
  }
  throw new Error('expected a DataFormatError');
}

function accounting(r: ParseSpectraResult): void {
  expect(r.rows.read).toBe(r.rows.used + r.rows.skipped);
  expect(r.rows.skipped).toBe(r.warnings.filter((w) => w.skipped).length);
}

describe.each(TWINS)('malformed twins of $rel ($loader)', (t) => {
  it('bad number: strict throws NOT_A_NUMBER at the file line with the column and text; skip drops exactly that row', () => {
    const s = setup(t);
    const lines = s.lines.slice();
    lines[s.target - 1] = lines[s.target - 1].replace(/\d/g, 'x');
    const text = lines.join('\n') + '\n';
    const e = strictError(text, s.fileName);
    expect(e.code).toBe('NOT_A_NUMBER');
    expect(e.issues.length).toBe(1);
    expect(e.issues[0].line).toBe(s.target);
    expect(e.issues[0].column).toBeTruthy();
    expect(e.issues[0].text).toContain('x');
    expect(e.message).toContain(`line ${s.target}`);
    const r = parseSpectra(text, { fileName: s.fileName, onInvalidRow: 'skip' });
    expect(r.format).toBe(s.format);
    expect(r.rows.used).toBe(s.points - 1);
    const w = r.warnings.filter((x) => x.code === 'SKIPPED_ROW');
    expect(w.map((x) => [x.line, x.reason])).toEqual([[s.target, 'NOT_A_NUMBER']]);
    accounting(r);
  });

  it.runIf(t.stride === 1)('short row: strict throws FIELD_COUNT at the file line; skip drops exactly that row', () => {
    const s = setup(t);
    const lines = s.lines.slice();
    lines[s.target - 1] = firstTwoFields(lines[s.target - 1]);
    const text = lines.join('\n') + '\n';
    const e = strictError(text, s.fileName);
    expect(e.code).toBe('FIELD_COUNT');
    expect(e.issues.map((i) => i.line)).toEqual([s.target]);
    const r = parseSpectra(text, { fileName: s.fileName, onInvalidRow: 'skip' });
    expect(r.rows.used).toBe(s.points - 1);
    expect(r.warnings.filter((x) => x.code === 'SKIPPED_ROW').map((x) => [x.line, x.reason])).toEqual([[s.target, 'FIELD_COUNT']]);
    accounting(r);
  });

  it('truncated file (ends inside the last data row): strict throws TRUNCATED; skip returns the complete rows', () => {
    const s = setup(t);
    const keep = s.lines.slice(0, s.last - 1);
    // For .dfr the last row is a 9-line block: keep two of its lines.
    const tail = t.stride > 1 ? s.lines.slice(s.last - 1, s.last + 1).join('\n') : firstTwoFields(s.lines[s.last - 1]);
    const text = keep.join('\n') + '\n' + tail;
    const e = strictError(text, s.fileName);
    expect(e.issues.some((i) => i.code === 'TRUNCATED')).toBe(true);
    const r = parseSpectra(text, { fileName: s.fileName, onInvalidRow: 'skip' });
    expect(r.rows.used).toBe(s.points - 1);
    expect(r.warnings.some((w) => w.code === 'TRUNCATED' || w.reason === 'TRUNCATED')).toBe(true);
    accounting(r);
  });

  it(`missing header: gives ${t.missingHeader}`, () => {
    const s = setup(t);
    const idx = t.header ? s.lines.findIndex((l) => t.header!.test(l)) : -1;
    if (t.header) expect(idx, 'header line found').toBeGreaterThanOrEqual(0);
    const lines = s.lines.filter((_, i) => i !== idx);
    const text = lines.join('\n') + '\n';
    if (t.missingHeader === 'inferred') {
      const r = parseSpectra(text, { fileName: 'renamed.txt' });
      expect(r.warnings.some((w) => w.code === 'INFERRED_COLUMNS')).toBe(true);
      expect(r.rows.used).toBe(s.points);
      // Frequencies survive the inference unchanged.
      expect(Array.from(r.spectra[0].frequency)).toEqual(Array.from(s.clean.spectra[0].frequency));
    } else if (t.missingHeader === 'warned') {
      const r = parseSpectra(text, { fileName: s.fileName });
      expect(r.warnings.some((w) => w.code === 'DECLARED_COUNT_MISMATCH')).toBe(true);
    } else {
      const e = strictError(text, s.fileName);
      if (t.missingHeader === 'MISSING_COLUMN') expect(e.code).toBe('MISSING_COLUMN');
      expect(e.message.length).toBeGreaterThan(10);
    }
  });
});

describe('malformed twins of the binary and JSON formats', () => {
  const utf16 = (s: string): Uint8Array => {
    const out = new Uint8Array(2 + 2 * s.length);
    out[0] = 0xff;
    out[1] = 0xfe;
    for (let i = 0; i < s.length; i++) {
      out[2 + 2 * i] = s.charCodeAt(i) & 0xff;
      out[3 + 2 * i] = s.charCodeAt(i) >> 8;
    }
    return out;
  };
  const ps = () => JSON.parse(decodeText(fixtureBytes('palmsens/pyimpspec_data.pssession')).text.replace(/\uFEFF/g, ''));
  const arr = (doc: any, suffix: string) => doc.Measurements[0].DataSet.Values.find((v: any) => v.Unit.Type.endsWith(suffix));

  it('palmsens bad number: NOT_A_NUMBER at point 4 of "Hertz"; skip drops it', () => {
    const doc = ps();
    arr(doc, '.Hertz').DataValues[3].V = 'abc';
    const bytes = utf16(JSON.stringify(doc));
    let err: unknown;
    try {
      parseSpectra(bytes);
    } catch (e) {
      err = e;
    }
    expect((err as DataFormatError).code).toBe('NOT_A_NUMBER');
    expect((err as DataFormatError).issues[0]).toMatchObject({ line: 4, column: 'Hertz' });
    const r = parseSpectra(bytes, { onInvalidRow: 'skip' });
    expect(r.spectra[0].frequency.length).toBe(28);
    accounting(r);
  });

  it('palmsens short array: LENGTH_MISMATCH for the missing point', () => {
    const doc = ps();
    arr(doc, '.ZRe').DataValues.pop();
    expect(() => parseSpectra(utf16(JSON.stringify(doc)))).toThrow(expect.objectContaining({ code: 'LENGTH_MISMATCH' }));
  });

  it('palmsens truncated: TRUNCATED', () => {
    const s = JSON.stringify(ps());
    expect(() => parseSpectra(utf16(s.slice(0, s.length >> 1)), { format: 'palmsens' })).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });

  it('palmsens missing Hertz array: MISSING_COLUMN naming it', () => {
    const doc = ps();
    arr(doc, '.Hertz').Unit.Type = 'PalmSens.Units.Other';
    expect(() => parseSpectra(utf16(JSON.stringify(doc)))).toThrow(expect.objectContaining({ code: 'MISSING_COLUMN', message: expect.stringContaining('Hertz') }));
  });

  const ism = () => fixtureBytes('zahner-ism/zahner_rc-data_overlap.ism').slice();
  it('zahner bad number: a NaN |Z| inside the span gives NOT_A_NUMBER at its sample index', () => {
    const b = ism();
    const n = 75;
    new DataView(b.buffer).setFloat64(12 + 8 * n + 8 * 40, NaN);
    expect(() => parseSpectra(b, { fileName: 'x.ism' })).toThrow(expect.objectContaining({ code: 'NOT_A_NUMBER', issues: [expect.objectContaining({ line: 41, column: '|Z|' })] }));
    const r = parseSpectra(b, { fileName: 'x.ism', onInvalidRow: 'skip' });
    expect(r.spectra[0].frequency.length).toBe(54);
    accounting(r);
  });

  it('zahner truncated: TRUNCATED with the byte counts', () => {
    expect(() => parseSpectra(ism().slice(0, 1000), { fileName: 'x.ism' })).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });

  it('zahner missing header: forced format fails with a DataFormatError', () => {
    expect(() => parseSpectra(ism().slice(12), { format: 'zahner-ism' })).toThrow(DataFormatError);
  });
});

describe('no silent loss at section boundaries', () => {
  const text = (rel: string) => decodeText(fixtureBytes(rel)).text;

  it('Ivium: a primary_data count smaller than the rows present warns DECLARED_COUNT_MISMATCH', () => {
    const t = text('ivium-idf/pyimpspec_data.idf').replace(/primary_data(\s*\r?\n\s*3\s*\r?\n)29 /, 'primary_data$120 ');
    const r = parseSpectra(t, { fileName: 'x.idf' });
    expect(r.spectra[0].frequency.length).toBe(20);
    expect(r.warnings.some((w) => w.code === 'DECLARED_COUNT_MISMATCH')).toBe(true);
  });

  it('Gamry: a garbage line inside the ZCURVE table is an error at its line, not the end of the table', () => {
    const lines = splitLines(text('gamry-dta/impedancepy_exampleDataGamry.DTA'));
    lines.splice(460, 0, 'garbage here');
    const e = (() => {
      try {
        parseSpectra(lines.join('\n'));
      } catch (err) {
        return err as DataFormatError;
      }
      throw new Error('expected an error');
    })();
    expect(e.issues.map((i) => [i.code, i.line])).toEqual([['FIELD_COUNT', 461]]);
    expect(parseSpectra(lines.join('\n'), { onInvalidRow: 'skip' }).rows).toEqual({ read: 73, used: 72, skipped: 1 });
  });
});
