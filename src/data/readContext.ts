/**
 * Internal machinery shared by every format reader: the parse context that
 * collects issues and warnings, a growable point buffer, the strict number
 * parser, the row reader and the sweep splitter. Not re-exported.
 *
 * @module
 */
import { DataFormatError, type DataIssue } from '../errors.js';
import type { Spectrum, SpectrumMeta } from './spectrum.js';
import type { DataWarning, SpectraFormat } from './types.js';

/** State of one parse. */
export interface ReadContext {
  /** Source name for errors and meta. */
  source: string | undefined;
  /** Format being read. */
  format: SpectraFormat;
  /** `onInvalidRow === 'skip'`. */
  skip: boolean;
  /** Split on sweep reversal. */
  split: boolean;
  /** Collected warnings. */
  warnings: DataWarning[];
  /** Collected row issues (strict mode). */
  issues: DataIssue[];
  /** Data rows read. */
  read: number;
  /** Rows used as points of primary spectra. */
  used: number;
  /** Rows reported skipped. */
  skipped: number;
  /** Text lines (empty for binary formats). */
  lines: string[];
  /** Whether the text ends with a newline. */
  finalNewline: boolean;
}

/**
 * Records an unreadable data row: an issue in strict mode, a `SKIPPED_ROW`
 * warning in skip mode.
 */
export function rowIssue(ctx: ReadContext, issue: DataIssue): void {
  if (ctx.skip) {
    ctx.skipped++;
    ctx.warnings.push({ code: 'SKIPPED_ROW', line: issue.line, column: issue.column, text: issue.text, reason: issue.code, skipped: true, message: `row skipped: ${issue.message}` });
  } else ctx.issues.push(issue);
}

/** Records a row left out by design (not an error), counted as skipped. */
export function skipRow(ctx: ReadContext, w: Omit<DataWarning, 'skipped'>): void {
  ctx.skipped++;
  ctx.warnings.push({ code: w.code, line: w.line, column: w.column, text: w.text, skipped: true, message: w.message });
}

/** Throws a structural problem at once (missing column, unknown layout). */
export function fail(ctx: ReadContext, issue: DataIssue): never {
  throw new DataFormatError([issue], ctx.source);
}

/**
 * A structural problem that still lets rows be returned in skip mode (a
 * truncated file): an issue in strict mode, a warning in skip mode.
 */
export function softIssue(ctx: ReadContext, issue: DataIssue): void {
  if (ctx.skip) ctx.warnings.push({ code: issue.code === 'TRUNCATED' ? 'TRUNCATED' : 'DECLARED_COUNT_MISMATCH', line: issue.line, message: issue.message });
  else ctx.issues.push(issue);
}

/** Growable columns of points plus their file lines and forced sweep breaks. */
export class PointBuffer {
  /** Frequencies (Hz). */
  f = new Float64Array(64);
  /** Re Z (Ω). */
  re = new Float64Array(64);
  /** Im Z (Ω), true sign. */
  im = new Float64Array(64);
  /** 1-based file line of each point. */
  line = new Int32Array(64);
  /** 1 where a new spectrum must start at this point. */
  brk = new Uint8Array(64);
  /** Elapsed time of each point in s (NaN when the file has none). */
  t = new Float64Array(64);
  /** Number of points. */
  n = 0;

  /** Appends one point. */
  push(f: number, re: number, im: number, line: number, brk: boolean, t = NaN): void {
    if (this.n === this.f.length) this.grow();
    const i = this.n++;
    this.t[i] = t;
    this.f[i] = f;
    this.re[i] = re;
    this.im[i] = im;
    this.line[i] = line;
    this.brk[i] = brk ? 1 : 0;
  }

  private grow(): void {
    const m = this.f.length * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.f = g(this.f, new Float64Array(m));
    this.re = g(this.re, new Float64Array(m));
    this.im = g(this.im, new Float64Array(m));
    this.line = g(this.line, new Int32Array(m));
    this.brk = g(this.brk, new Uint8Array(m));
    this.t = g(this.t, new Float64Array(m));
  }
}

const RADIX_PREFIX = /[xXbBoO]/;
const DIGIT = /\d/;
const NUMBER = /^[ \t]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[ \t]*$/;

/**
 * Strict decimal number: optional sign, digits with one `.` (or `,` when
 * `comma`), optional exponent, surrounding blanks allowed. Returns NaN for
 * anything else (empty, `NaN`, `inf`, hex, overflow to ±Infinity).
 */
export function parseNumber(s: string | undefined, comma: boolean): number {
  if (s === undefined) return NaN;
  if (comma && s.indexOf(',') >= 0) s = s.replace(',', '.');
  // Fast path: JS number conversion, then reject what it accepts beyond decimals
  // ('' and blanks → 0, 'Infinity', '0x1f', '0b1', '0o7', other whitespace).
  const v = +s;
  if (v - v !== 0) return NaN;
  if (v === 0 && !DIGIT.test(s)) return NaN;
  if (RADIX_PREFIX.test(s)) return NaN;
  // Edge characters must be printable, space or tab (Number() also skips CR, LF, VT, FF, NBSP…).
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(s.length - 1);
  if ((a > 32 || a === 32 || a === 9) && (b > 32 || b === 32 || b === 9) && a !== 160 && b !== 160) return v;
  return NUMBER.test(s) ? v : NaN;
}

/** How to turn the fields of one row into a point. */
export interface RowPlan {
  /** Index of the frequency field. */
  f: number;
  /** Index of Re Z (or |Z| when `polar`). */
  a: number;
  /** Index of Im Z (or the phase when `polar`). */
  b: number;
  /** Fields a, b are magnitude and phase. */
  polar: boolean;
  /** Multiplier to Hz. */
  fScale: number;
  /** Multiplier to Ω (sign included, e.g. −1 for a −Z' column). */
  aScale: number;
  /** Multiplier to Ω for Im (−1 for −Z'') or to radians of arg Z when polar (sign included). */
  bScale: number;
  /** Minimum number of fields in a complete row. */
  minFields: number;
  /** Column names for messages: frequency, a, b. */
  names: [string, string, string];
  /** Accept a decimal comma. */
  comma: boolean;
  /** Rows with frequency exactly 0 are non-EIS rows to skip (Parstat). */
  zeroFrequencyIsDc?: boolean;
  /** Index of an elapsed-time column (optional; unreadable times are ignored). */
  t?: number;
  /** Multiplier of the time column to seconds. */
  tScale?: number;
}

/**
 * Reads one data row into `buf`. Counts it, and on failure records one issue
 * (first problem) with the file line, column name and text.
 *
 * @returns `true` when a point was appended
 */
export function readRow(ctx: ReadContext, fields: readonly string[], line: number, plan: RowPlan, buf: PointBuffer, brk: boolean): boolean {
  ctx.read++;
  if (fields.length < plan.minFields) {
    const last = line === ctx.lines.length && !ctx.finalNewline;
    rowIssue(ctx, {
      code: last ? 'TRUNCATED' : 'FIELD_COUNT',
      line,
      text: fields.join(' | '),
      message: last
        ? `file ends inside a data row (${fields.length} of ${plan.minFields} fields)`
        : `row has ${fields.length} fields, ${plan.minFields} expected`,
    });
    return false;
  }
  const fr = parseNumber(fields[plan.f], plan.comma);
  if (fr !== fr) return bad(ctx, line, plan.names[0], fields[plan.f]);
  const f = fr * plan.fScale;
  if (!(f > 0)) {
    if (fr === 0 && plan.zeroFrequencyIsDc) {
      skipRow(ctx, { code: 'NON_EIS_ROW', line, column: plan.names[0], text: fields[plan.f], message: 'row with frequency 0 (DC measurement) is not an impedance point' });
      return false;
    }
    rowIssue(ctx, { code: 'NON_POSITIVE_FREQUENCY', line, column: plan.names[0], text: fields[plan.f], message: 'frequency must be > 0' });
    return false;
  }
  const a = parseNumber(fields[plan.a], plan.comma);
  if (a !== a) return bad(ctx, line, plan.names[1], fields[plan.a]);
  const b = parseNumber(fields[plan.b], plan.comma);
  if (b !== b) return bad(ctx, line, plan.names[2], fields[plan.b]);
  let re: number;
  let im: number;
  if (plan.polar) {
    const m = a * plan.aScale;
    const p = b * plan.bScale;
    re = m * Math.cos(p);
    im = m * Math.sin(p);
  } else {
    re = a * plan.aScale;
    im = b * plan.bScale;
  }
  if (!Number.isFinite(f) || !Number.isFinite(re) || !Number.isFinite(im)) {
    rowIssue(ctx, { code: 'NON_FINITE', line, text: fields.join(' | '), message: 'value overflows after unit scaling' });
    return false;
  }
  let t = NaN;
  if (plan.t !== undefined) t = parseNumber(fields[plan.t], plan.comma) * (plan.tScale ?? 1);
  buf.push(f, re, im, line, brk, t);
  return true;
}

function bad(ctx: ReadContext, line: number, column: string, text: string | undefined): false {
  rowIssue(ctx, { code: 'NOT_A_NUMBER', line, column, text: text ?? '', message: 'not a number' });
  return false;
}

/**
 * Start indices of the spectra in `buf`: a new spectrum starts at forced breaks
 * and, when `split`, where the frequency moves against the sweep direction.
 */
export function sweepStarts(buf: PointBuffer, split: boolean): number[] {
  const starts: number[] = [];
  let dir = 0;
  for (let i = 0; i < buf.n; i++) {
    if (i === 0 || buf.brk[i]) {
      starts.push(i);
      dir = 0;
      continue;
    }
    const d = buf.f[i] - buf.f[i - 1];
    if (d === 0) continue;
    const s = d > 0 ? 1 : -1;
    if (dir === 0) dir = s;
    else if (s !== dir && split) {
      starts.push(i);
      dir = 0;
    }
  }
  return starts;
}

/**
 * Cuts the buffer into spectra at `starts`, copying the arrays and filling
 * `meta` (source, format, lines, cycle index) on top of `base`.
 */
export function cutSpectra(ctx: ReadContext, buf: PointBuffer, starts: readonly number[], base: SpectrumMeta, primary: boolean): Spectrum[] {
  const out: Spectrum[] = [];
  for (let k = 0; k < starts.length; k++) {
    const a = starts[k];
    const b = k + 1 < starts.length ? starts[k + 1] : buf.n;
    if (b <= a) continue;
    const meta: SpectrumMeta = { ...base, source: ctx.source, format: ctx.format, lines: [buf.line[a], buf.line[b - 1]] };
    if (starts.length > 1) meta.cycle = k;
    if (Number.isFinite(buf.t[a])) meta.time = buf.t[a];
    if (meta.source === undefined) delete meta.source;
    out.push({ frequency: buf.f.slice(a, b), re: buf.re.slice(a, b), im: buf.im.slice(a, b), meta });
    if (primary) ctx.used += b - a;
  }
  return out;
}

/** Splits and cuts in one go (see {@link sweepStarts} and {@link cutSpectra}). */
export function toSpectra(ctx: ReadContext, buf: PointBuffer, base: SpectrumMeta): Spectrum[] {
  return cutSpectra(ctx, buf, sweepStarts(buf, ctx.split), base, true);
}

/** Splits a line on runs of blanks (spaces and tabs), ignoring leading/trailing blanks. */
export function splitBlanks(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/[ \t]+/);
}

/** Parses `"value unit"` text with SI prefixes (`10.006nA`, `0.9995V`) into SI base units; NaN if not parseable. */
export function parseSiQuantity(text: string, unit: string): number {
  const m = new RegExp(`([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*([pnuµμmkM]?)${unit}\\b`).exec(text);
  if (!m) return NaN;
  const p: Record<string, number> = { p: 1e-12, n: 1e-9, u: 1e-6, µ: 1e-6, μ: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6 };
  return Number(m[1]) * (p[m[2]] ?? 1);
}
