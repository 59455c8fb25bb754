/**
 * Elchemea Analytical `.i2b`: free metadata lines, a blank line, the point
 * count, then blank-separated `f Z' Z''` rows (Z'' is Im Z, true sign).
 *
 * @module
 */
import type { Spectrum } from '../spectrum.js';
import { fail, PointBuffer, readRow, splitBlanks, toSpectra, type ReadContext, type RowPlan } from '../readContext.js';

/** Reads an `.i2b` text. */
export function readElchemeaI2b(ctx: ReadContext): Spectrum[] {
  const lines = ctx.lines;
  let countLine = -1;
  for (let i = 0; i < Math.min(lines.length, 100); i++) {
    if (/^\s*\d+\s*$/.test(lines[i])) {
      countLine = i;
      break;
    }
  }
  if (countLine < 0) fail(ctx, { code: 'MISSING_COLUMN', column: 'count', message: '.i2b file has no point-count line before the data' });
  const declared = Number(lines[countLine].trim());
  const plan: RowPlan = { f: 0, a: 1, b: 2, polar: false, fScale: 1, aScale: 1, bScale: 1, minFields: 3, names: ['f', "Z'", "Z''"], comma: false };
  const buf = new PointBuffer();
  const extra: Record<string, string> = {};
  const notes = lines.slice(0, countLine).map((l) => l.trim()).filter(Boolean);
  if (notes.length) extra.notes = notes.join('\n');
  const before = ctx.read;
  for (let i = countLine + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    readRow(ctx, splitBlanks(lines[i]), i + 1, plan, buf, false);
  }
  if (declared !== ctx.read - before) {
    ctx.warnings.push({ code: 'DECLARED_COUNT_MISMATCH', line: countLine + 1, message: `header declares ${declared} points, file holds ${ctx.read - before} rows` });
  }
  return toSpectra(ctx, buf, notes.length ? { extra } : {});
}
