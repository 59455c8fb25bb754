/**
 * Eco Chemie / Autolab FRA `.dfr`: `VERSION…`, point count, one line, then
 * 9 lines per point (f, Z', −Z'', six more values).
 *
 * @module
 */
import type { Spectrum } from '../spectrum.js';
import { fail, PointBuffer, readRow, softIssue, toSpectra, type ReadContext, type RowPlan } from '../readContext.js';

const PER_POINT = 9;

/** Reads an Autolab `.dfr` text. */
export function readAutolabDfr(ctx: ReadContext): Spectrum[] {
  const lines = ctx.lines;
  const n = /^\s*(\d+)\s*$/.exec(lines[1] ?? '');
  if (!n) fail(ctx, { code: 'MISSING_COLUMN', line: 2, text: lines[1] ?? '', column: 'count', message: '.dfr line 2 must be the point count' });
  const declared = Number(n[1]);
  const plan: RowPlan = { f: 0, a: 1, b: 2, polar: false, fScale: 1, aScale: 1, bScale: -1, minFields: PER_POINT, names: ['f', "Z'", "-Z''"], comma: false };
  const buf = new PointBuffer();
  const first = 3;
  const available = Math.floor(Math.max(0, lines.length - first) / PER_POINT);
  const count = Math.min(declared, available);
  const fields: string[] = new Array(PER_POINT);
  for (let k = 0; k < count; k++) {
    const at = first + k * PER_POINT;
    for (let j = 0; j < PER_POINT; j++) fields[j] = lines[at + j];
    readRow(ctx, fields, at + 1, plan, buf, false);
  }
  if (count < declared) {
    const rest = lines.length - first - count * PER_POINT;
    if (rest > 0) {
      // A partial block: count it as a row that could not be read.
      readRow(ctx, lines.slice(first + count * PER_POINT), first + count * PER_POINT + 1, plan, buf, false);
    }
    softIssue(ctx, { code: 'TRUNCATED', line: lines.length, message: `file declares ${declared} points but holds ${count}${rest > 0 ? ' and a partial one' : ''}` });
  }
  // Files end with a short metadata trailer; many more lines mean the count is wrong.
  const trailer = lines.length - first - count * PER_POINT;
  if (count === declared && trailer > 2 * PER_POINT) {
    ctx.warnings.push({ code: 'DECLARED_COUNT_MISMATCH', line: 2, message: `file declares ${declared} points but ${trailer} lines follow them; the count line may be wrong` });
  }
  return toSpectra(ctx, buf, {});
}
