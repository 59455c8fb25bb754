import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../../src/errors.js';
import { recognizeColumn } from '../../src/data/columns.js';
import { decodeText, splitLines } from '../../src/data/decode.js';
import { parseSpectra } from '../../src/data/parseSpectra.js';
import { expectAllClose } from '../helpers/close.js';

// A small spectrum: f, Re, Im (true sign).
const F = [1000, 100, 10];
const RE = [10, 12.5, 20];
const IM = [-1, -4.25, -8];

function check(text: string, scaleZ = 1, label = '') {
  const r = parseSpectra(text);
  expect(r.spectra.length, label).toBe(1);
  const s = r.spectra[0];
  expectAllClose(s.frequency, F, 1e-12, 0, `${label} f`);
  expectAllClose(s.re, RE.map((x) => x * scaleZ), 1e-12, 0, `${label} re`);
  expectAllClose(s.im, IM.map((x) => x * scaleZ), 1e-12, 0, `${label} im`);
  return r;
}
const rows = (sep: string, fmt: (x: number) => string = String, im = IM) => F.map((f, i) => [fmt(f), fmt(RE[i]), fmt(im[i])].join(sep)).join('\n');

describe('generic CSV: separators and decimal commas', () => {
  it.each([
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
    ['spaces', '   '],
    ['mixed tab and spaces', ' \t '],
  ])('%s-separated with header', (_, sep) => {
    check(`f${sep}Zreal${sep}Zimag\n${rows(sep)}\n`, 1, sep);
  });

  it.each([
    ['semicolon', ';'],
    ['tab', '\t'],
  ])('decimal commas with %s separators', (_, sep) => {
    check(`Frequency (Hz)${sep}Z' (Ω)${sep}Z'' (Ω)\n${rows(sep, (x) => String(x).replace('.', ','))}\n`);
  });

  it('quoted fields with commas inside (papaparse)', () => {
    check(`"f","Z'","Z''"\n"1000","10","-1"\n"100","12.5","-4.25"\n"10","20","-8"\n`);
  });
});

describe('generic CSV: header synonyms, signs, units', () => {
  const negIm = IM.map((x) => -x);
  it.each([
    ['freq/Hz', 'Re(Z)/Ohm', '-Im(Z)/Ohm', negIm, 1],
    ['Frequency (Hz)', "Z' (Ω)", "-Z'' (Ω)", negIm, 1],
    ['frequency', 'Zreal', 'Zimag', IM, 1],
    ['Freq', 'Z_re', 'Z_im', IM, 1],
    ['f', 'Re(Z)', 'Im(Z)', IM, 1],
    ['f [Hz]', 'Zre [kOhm]', '-Zim [kOhm]', negIm, 1000],
    ['f/Hz', "Z'/mΩ", "Z''/mΩ", IM, 1e-3],
    ['f/Hz', "Z'/MΩ", "-Z''/MΩ", negIm, 1e6],
    ['Frequency (Hz)', 'Zre (ohms)', 'Zim (ohms)', IM, 1],
  ])('header %s, %s, %s', (a, b, c, im, scale) => {
    const body = F.map((f, i) => [f, RE[i] / scale, im[i] / scale].join(',')).join('\n');
    check(`${a},${b},${c}\n${body}\n`, 1, `${a}|${b}|${c}`);
  });

  it('a time column (min) fills meta.time in seconds', () => {
    const body = F.map((f, i) => [2 + i, f, RE[i], IM[i]].join(',')).join('\n');
    expect(check(`Time (min),f,Z',Z''\n${body}\n`).spectra[0].meta!.time).toBe(120);
  });

  it('kHz frequency unit is scaled', () => {
    const body = F.map((f, i) => [f / 1000, RE[i], IM[i]].join(',')).join('\n');
    check(`f (kHz),Z',Z''\n${body}\n`);
  });

  it('magnitude and phase in degrees, with −phase', () => {
    const mag = F.map((_, i) => Math.hypot(RE[i], IM[i]));
    const ph = F.map((_, i) => (Math.atan2(IM[i], RE[i]) * 180) / Math.PI);
    check(`Freq (Hz),|Z| (Ω),Phase (deg)\n${F.map((f, i) => [f, mag[i], ph[i]].join(',')).join('\n')}\n`);
    check(`frequency,|Z|,-phase\n${F.map((f, i) => [f, mag[i], -ph[i]].join(',')).join('\n')}\n`);
  });

  it('magnitude and phase in radians', () => {
    const mag = F.map((_, i) => Math.hypot(RE[i], IM[i]));
    const ph = F.map((_, i) => Math.atan2(IM[i], RE[i]));
    check(`f/Hz;|Z|/Ohm;Phase/rad\n${F.map((f, i) => [f, mag[i], ph[i]].join(';')).join('\n')}\n`);
  });

  it('−Z\' and −Z\'\' columns are both flipped', () => {
    check(`f,-Z',-Z''\n${F.map((f, i) => [f, -RE[i], -IM[i]].join(',')).join('\n')}\n`);
  });

  it('a column without unit warns DEFAULT_UNIT', () => {
    const r = check(`f,Z',Z''\n${rows(',')}\n`);
    expect(r.warnings.filter((w) => w.code === 'DEFAULT_UNIT').length).toBe(3);
  });

  it('a header without frequency fails MISSING_COLUMN naming it', () => {
    expect(() => parseSpectra(`x,Zreal,Zimag\n${rows(',')}\n`)).toThrow(expect.objectContaining({ code: 'MISSING_COLUMN', message: expect.stringContaining('frequency') }));
  });
});

describe('generic CSV: headerless tables and sweeps', () => {
  it('f, Re, Im order is inferred and reported', () => {
    const r = check(rows(',') + '\n');
    expect(r.warnings.find((w) => w.code === 'INFERRED_COLUMNS')?.message).toContain('frequency, Re Z, Im Z');
  });

  it('Re, Im, f order is inferred when the last column spans the most decades', () => {
    const r = check(F.map((f, i) => [RE[i], IM[i], f].join(',')).join('\n') + '\n');
    expect(r.warnings.find((w) => w.code === 'INFERRED_COLUMNS')?.message).toContain('Re Z, Im Z, frequency');
  });

  it('a frequency reset starts a new spectrum; a repeated header line too', () => {
    const one = rows(',');
    expect(parseSpectra(`f,Z',Z''\n${one}\n${one}\n`).spectra.length).toBe(2);
    expect(parseSpectra(`f,Z',Z''\n${one}\nf,Z',Z''\n${one}\n`).spectra.map((s) => s.meta!.lines)).toEqual([
      [2, 4],
      [6, 8],
    ]);
    expect(parseSpectra(`f,Z',Z''\n${one}\n${one}\n`, { splitSweeps: false }).spectra.length).toBe(1);
  });
});

describe('encodings and line ends', () => {
  const text = `f,Z',Z''\n${rows(',')}\n`;
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
    ['CR CR LF', '\r\r\n'],
  ])('%s line ends give the same spectrum and the right file lines', (_, eol) => {
    const r = check(text.replace(/\n/g, eol));
    expect(r.spectra[0].meta!.lines).toEqual([2, 4]);
  });

  it('UTF-8 BOM, UTF-16LE BOM and latin-1 bytes decode', () => {
    const utf8 = new TextEncoder().encode('\uFEFFf/Hz,Z\' (Ω),Z\'\' (Ω)\n' + rows(',') + '\n');
    expect(decodeText(utf8)).toMatchObject({ encoding: 'utf-8', bom: true });
    check(new TextDecoder().decode(utf8));
    expect(parseSpectra(utf8).spectra[0].re[1]).toBe(12.5);
    const s = 'f (Hz),Z\' (Ω),Z\'\' (Ω)\n' + rows(',') + '\n';
    const u16 = new Uint8Array(2 + 2 * s.length);
    u16.set([0xff, 0xfe]);
    for (let i = 0; i < s.length; i++) {
      u16[2 + 2 * i] = s.charCodeAt(i) & 0xff;
      u16[3 + 2 * i] = s.charCodeAt(i) >> 8;
    }
    expect(parseSpectra(u16).encoding).toBe('utf-16le');
    expect(parseSpectra(u16).spectra[0].im[2]).toBe(-8);
    const latin = Uint8Array.from([...'# T = 25 \xb0C\nf,Z\',Z\'\'\n' + rows(',') + '\n'].map((c) => c.charCodeAt(0)));
    const r = parseSpectra(latin);
    expect(r.encoding).toBe('windows-1252');
    expect(r.spectra[0].frequency.length).toBe(3);
  });

  it('splitLines drops only the final terminator', () => {
    expect(splitLines('a\r\r\nb\rc\n')).toEqual(['a', 'b', 'c']);
    expect(splitLines('a\n\nb')).toEqual(['a', '', 'b']);
  });
});

describe('bad input', () => {
  it('every bad row is collected into one DataFormatError with line, column and text', () => {
    let err: DataFormatError | undefined;
    try {
      parseSpectra('f,Zreal,Zimag\n1000,10,-1\n100,abc,-2\n10,5\n-1,2,3\n0.1,1e999,2\n');
    } catch (e) {
      err = e as DataFormatError;
    }
    expect(err).toBeInstanceOf(DataFormatError);
    expect(err!.issues.map((i) => [i.code, i.line, i.column, i.text])).toEqual([
      ['NOT_A_NUMBER', 3, 'Zreal', 'abc'],
      ['FIELD_COUNT', 4, undefined, '10 | 5'],
      ['NON_POSITIVE_FREQUENCY', 5, 'f', '-1'],
      ['NOT_A_NUMBER', 6, 'Zreal', '1e999'],
    ]);
  });

  it("onInvalidRow: 'skip' returns the good rows and one warning per skipped line", () => {
    const r = parseSpectra('f,Zreal,Zimag\n1000,10,-1\n100,abc,-2\n10,5\n1,2,-3\n', { onInvalidRow: 'skip' });
    expect(Array.from(r.spectra[0].frequency)).toEqual([1000, 1]);
    expect(r.warnings.filter((w) => w.skipped).map((w) => [w.line, w.reason])).toEqual([
      [3, 'NOT_A_NUMBER'],
      [4, 'FIELD_COUNT'],
    ]);
    expect(r.rows).toEqual({ read: 4, used: 2, skipped: 2 });
  });

  it.each([
    ['', 'EMPTY'],
    ['   \n\n', 'EMPTY'],
    ['hello world\nno numbers here\n', 'UNKNOWN_FORMAT'],
  ])('parseSpectra(%j) throws %s', (text, code) => {
    expect(() => parseSpectra(text)).toThrow(expect.objectContaining({ code }));
  });

  it('an unknown forced format throws UNKNOWN_FORMAT listing the known ones', () => {
    expect(() => parseSpectra('1,2,3', { format: 'nope' as never })).toThrow(expect.objectContaining({ code: 'UNKNOWN_FORMAT', message: expect.stringContaining('biologic-mpt') }));
  });
});

describe('recognizeColumn', () => {
  it.each([
    ['freq/Hz', 'frequency', 1, 1],
    ['Frequency (Hz)', 'frequency', 1, 1],
    ['f (kHz)', 'frequency', 1, 1000],
    ['Re(Z)/Ohm', 're', 1, 1],
    ['-Im(Z)/Ohm', 'im', -1, 1],
    ["Z'(a)", 're', 1, 1],
    ["Z''(b)", 'im', 1, 1],
    ['Z"/ohm', 'im', 1, 1],
    ["-Z'' (kΩ)", 'im', -1, 1000],
    ['Zimg', 'im', 1, 1],
    ['|Z|', 'magnitude', 1, 1],
    ['Z/ohm', 'magnitude', 1, 1],
    ['Phase (deg)', 'phase', 1, Math.PI / 180],
    ['Phase/rad', 'phase', 1, 1],
    ['−phase', 'phase', -1, Math.PI / 180],
    ['time/s', 'time', 1, 1],
    ['Elapsed Time (s)', 'time', 1, 1],
    ['Time (h)', 'time', 1, 3600],
  ])('recognizeColumn(%j) → %s', (h, role, sign, scale) => {
    const c = recognizeColumn(h)!;
    expect(c.role).toBe(role);
    expect(c.sign).toBe(sign);
    expect(c.scale).toBeCloseTo(scale, 12);
  });

  it.each(['Re(Zce)/Ohm', '-Im(Zce)/Ohm', 'Re(Y)/Ohm-1', 'time/V', 'Zre (V)', '<Ewe>/V'])('recognizeColumn(%j) is undefined', (h) => {
    expect(recognizeColumn(h)).toBeUndefined();
  });
});

describe('vendor-style generic tables', () => {
  it('a Metrohm NOVA-style export (Index; Frequency (Hz); Z\' (Ω); -Z\'\' (Ω); Z (Ω); -Phase (°)) reads Re/Im', () => {
    const lines = F.map((f, i) => [i + 1, f, RE[i], -IM[i], Math.hypot(RE[i], IM[i]), (-Math.atan2(IM[i], RE[i]) * 180) / Math.PI, i].join(';'));
    check(`Index;Frequency (Hz);Z' (Ω);-Z'' (Ω);Z (Ω);-Phase (°);Time (s)\n${lines.join('\n')}\n`);
  });

  it('the same table with decimal commas and kΩ', () => {
    const lines = F.map((f, i) => [i + 1, f, RE[i] / 1000, -IM[i] / 1000].map((x) => String(x).replace('.', ',')).join(';'));
    check(`Index;Frequency (Hz);Z' (kΩ);-Z'' (kΩ)\n${lines.join('\n')}\n`);
  });

  it('an EC-Lab table exported without its header block reads freq/Hz, Re(Z)/Ohm, -Im(Z)/Ohm and ignores Re(Zce)', () => {
    const lines = F.map((f, i) => [f, 999, -999, RE[i], -IM[i]].join('\t'));
    check(`freq/Hz\tRe(Zce)/Ohm\t-Im(Zce)/Ohm\tRe(Z)/Ohm\t-Im(Z)/Ohm\n${lines.join('\n')}\n`);
  });
});
