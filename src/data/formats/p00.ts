/**
 * `.P00` text export: free header lines, a column line
 * `f/Hz  Z'/Ohm  -Z''/Ohm  time/s  Edc/V  Idc/A`, a point-count line, then
 * tab-separated rows (non-normalised mantissas such as `71.969e+02`).
 *
 * @module
 */
import type { Spectrum, SpectrumMeta } from '../spectrum.js';
import { fail, parseNumber, splitBlanks, type ReadContext } from '../readContext.js';
import { readHeaderedTable } from './headeredTable.js';

/** Reads a `.P00` text export. */
export function readP00(ctx: ReadContext): Spectrum[] {
  const lines = ctx.lines;
  const header = lines.findIndex((l) => /^\s*f\/Hz\s/.test(l));
  if (header < 0) fail(ctx, { code: 'MISSING_COLUMN', column: 'f/Hz', message: '.P00 file has no "f/Hz" column line' });
  const count = /^\s*(\d+)\s*$/.exec(lines[header + 1] ?? '');
  const meta: SpectrumMeta = {};
  const proc = /^Procedure\s*:\s*(.*?)\s*$/.exec(lines[0] ?? '');
  if (proc) meta.extra = { procedure: proc[1] };
  if (lines[1] && /\d/.test(lines[1])) meta.date = lines[1].trim();
  const names = splitBlanks(lines[header]);
  const e = names.indexOf('Edc/V');
  const c = names.indexOf('Idc/A');
  let first = true;
  const before = ctx.read;
  const out = readHeaderedTable(ctx, {
    header,
    first: count ? header + 2 : header + 1,
    split: splitBlanks,
    comma: true,
    meta,
    onRow: (fields) => {
      if (!first) return;
      first = false;
      const v = parseNumber(fields[e], true);
      const a = parseNumber(fields[c], true);
      if (v === v) meta.potential = v;
      if (a === a) meta.current = a;
    },
  });
  if (count && Number(count[1]) !== ctx.read - before) {
    ctx.warnings.push({ code: 'DECLARED_COUNT_MISMATCH', line: header + 2, message: `header declares ${count[1]} points, file holds ${ctx.read - before} rows` });
  }
  return out;
}
