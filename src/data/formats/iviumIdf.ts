/**
 * Ivium `.idf` (one spectrum) and `.ids` (one per `primary_data` section):
 * binary bytes in an INI-like header; each `primary_data` block gives the column
 * count, the point count, then rows `Z' Z'' f` (Z'' is Im Z, true sign).
 *
 * @module
 */
import type { Spectrum, SpectrumMeta } from '../spectrum.js';
import { fail, PointBuffer, readRow, softIssue, splitBlanks, toSpectra, type ReadContext, type RowPlan } from '../readContext.js';

/** Reads an Ivium `.idf`/`.ids` text. */
export function readIviumIdf(ctx: ReadContext): Spectrum[] {
  const lines = ctx.lines;
  const out: Spectrum[] = [];
  let title = '';
  let method = '';
  let found = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('Title=')) title = l.slice(6).trim();
    else if (l.startsWith('Method=')) method = l.slice(7).trim();
    if (l.trim() !== 'primary_data') continue;
    found = true;
    const nc = /^\s*(\d+)\s*$/.exec(lines[i + 1] ?? '');
    const np = /^\s*(\d+)\s*$/.exec(lines[i + 2] ?? '');
    if (!nc || !np) {
      softIssue(ctx, { code: 'TRUNCATED', line: i + 2, message: 'primary_data block lacks its column and point counts' });
      continue;
    }
    const cols = Number(nc[1]);
    const n = Number(np[1]);
    const plan: RowPlan = { f: 2, a: 0, b: 1, polar: false, fScale: 1, aScale: 1, bScale: 1, minFields: Math.max(3, cols), names: ['f', "Z'", "Z''"], comma: true };
    const buf = new PointBuffer();
    const first = i + 3;
    const last = Math.min(lines.length, first + n);
    for (let k = first; k < last; k++) readRow(ctx, splitBlanks(lines[k]), k + 1, plan, buf, false);
    if (last - first < n) softIssue(ctx, { code: 'TRUNCATED', line: lines.length, message: `primary_data declares ${n} points, file ends after ${last - first}` });
    // A data-looking row right after the block means the declared count is too small.
    const next = splitBlanks(lines[last] ?? '');
    if (next.length >= 3 && next.every((x) => x.trim() !== '' && !Number.isNaN(Number(x.replace(',', '.'))))) {
      ctx.warnings.push({ code: 'DECLARED_COUNT_MISMATCH', line: last + 1, message: `primary_data declares ${n} points but a data row follows them` });
    }
    const meta: SpectrumMeta = { software: 'IviumSoft' };
    if (title) meta.label = title;
    if (method) meta.extra = { method };
    out.push(...toSpectra(ctx, buf, meta));
    i = last - 1;
  }
  if (!found) fail(ctx, { code: 'MISSING_COLUMN', column: 'primary_data', message: 'Ivium file has no primary_data block' });
  for (let k = 0; k < out.length; k++) if (out.length > 1) out[k].meta!.cycle = k;
  return out;
}
