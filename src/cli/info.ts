/**
 * `eiskit info`: format, spectra, points and ranges of each file.
 * @module
 */
import type { Spectrum } from '../data/spectrum.js';
import { emit, outputKind, type CommandContext } from './context.js';
import { EXIT_OK } from './formatCliError.js';
import { loadInputs } from './loadInputs.js';
import { parseOptions } from './options.js';
import { formatHertz, formatNumber, formatTable, jsonReplacer } from './table.js';

/** Summary of one spectrum. */
export interface SpectrumSummary {
  /** File path. */
  file: string;
  /** Detected format id. */
  format: string;
  /** 0-based spectrum index in the file. */
  spectrum: number;
  /** Number of points. */
  points: number;
  /** Lowest and highest frequency, Hz. */
  frequency: [number, number];
  /** Range of Re Z, Ω. */
  re: [number, number];
  /** Range of −Im Z, Ω. */
  minusIm: [number, number];
  /** Temperature in K, when the file states it. */
  temperature?: number;
  /** Label, when the file gives one. */
  label?: string;
}

function range(a: Float64Array, sign = 1): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = sign * a[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Summarises a spectrum: point count and the ranges of f, Re Z and −Im Z.
 *
 * @param file - file path
 * @param format - format id
 * @param index - spectrum index in the file
 * @param s - the spectrum
 * @returns the summary
 * @example
 * ```ts
 * summarizeSpectrum('cell.DTA', 'gamry-dta', 0, spectrum).points;
 * ```
 */
export function summarizeSpectrum(file: string, format: string, index: number, s: Spectrum): SpectrumSummary {
  const out: SpectrumSummary = {
    file,
    format,
    spectrum: index,
    points: s.frequency.length,
    frequency: range(s.frequency),
    re: range(s.re),
    minusIm: range(s.im, -1),
  };
  if (s.meta?.temperature !== undefined) out.temperature = s.meta.temperature;
  if (s.meta?.label !== undefined) out.label = s.meta.label;
  return out;
}

/**
 * Runs `eiskit info <files…>`.
 *
 * @param ctx - command context
 * @returns the exit code (0)
 * @example
 * ```ts
 * runInfo({ values: {}, positionals: ['cell.DTA'], io });
 * ```
 */
export function runInfo(ctx: CommandContext): number {
  const files = loadInputs(ctx.positionals, parseOptions(ctx.values));
  const summaries = files.flatMap((f) => f.result.spectra.map((s, i) => summarizeSpectrum(f.path, f.result.format, i, s)));
  const kind = outputKind(ctx.values);
  if (kind === 'json') {
    const out = files.map((f) => ({
      file: f.path,
      format: f.result.format,
      encoding: f.result.encoding,
      rows: f.result.rows,
      warnings: f.result.warnings,
      spectra: summaries.filter((s) => s.file === f.path),
    }));
    emit(ctx, JSON.stringify(out, jsonReplacer, 2) + '\n');
    return EXIT_OK;
  }
  const rows = summaries.map((s) => ({
    file: s.file,
    '#': s.spectrum,
    format: s.format,
    points: s.points,
    frequency: `${formatHertz(s.frequency[1])} – ${formatHertz(s.frequency[0])}`,
    're/Ω': `${fmtRange(s.re)}`,
    '−im/Ω': `${fmtRange(s.minusIm)}`,
    'T/K': s.temperature,
    label: s.label ?? '',
  }));
  const columns = ['file', '#', 'format', 'points', 'frequency', 're/Ω', '−im/Ω', 'T/K', 'label'];
  if (kind === 'csv') {
    const csv = ['file,spectrum,format,points,fmin_Hz,fmax_Hz,re_min_ohm,re_max_ohm,minus_im_min_ohm,minus_im_max_ohm,temperature_K,label']
      .concat(summaries.map((s) => [s.file, s.spectrum, s.format, s.points, ...s.frequency, ...s.re, ...s.minusIm, s.temperature ?? '', s.label ?? ''].map(csvField).join(',')))
      .join('\n');
    emit(ctx, csv + '\n');
    return EXIT_OK;
  }
  let text = formatTable(columns, rows);
  for (const f of files) {
    const { rows: r, warnings } = f.result;
    const skipped = r.skipped ? `, ${r.skipped} skipped` : '';
    text += `${f.path}: ${r.read} data rows read, ${r.used} used${skipped}; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}\n`;
    for (const w of warnings.slice(0, 5)) text += `  ${w.line !== undefined ? `line ${w.line}: ` : ''}${w.message} [${w.code}]\n`;
    if (warnings.length > 5) text += `  … ${warnings.length - 5} more (see --json)\n`;
  }
  emit(ctx, text);
  return EXIT_OK;
}

function fmtRange([lo, hi]: [number, number]): string {
  const f = (v: number) => formatNumber(v);
  return `${f(lo)} … ${f(hi)}`;
}

/**
 * Quotes a CSV field when it holds a comma, quote or newline (RFC 4180).
 *
 * @param v - the value
 * @returns the field text
 * @example
 * ```ts
 * csvField('a,b'); // '"a,b"'
 * ```
 */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
