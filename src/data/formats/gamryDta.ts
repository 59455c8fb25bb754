/**
 * Gamry Framework EXPLAIN `.DTA` (EISPOT): the last `ZCURVE TABLE`, aborted
 * runs, drift-corrected twin columns, decimal commas, Windows-1252 text.
 *
 * @module
 */
import type { Spectrum, SpectrumMeta } from '../spectrum.js';
import { cutSpectra, fail, parseNumber, PointBuffer, readRow, splitBlanks, sweepStarts, type ReadContext, type RowPlan } from '../readContext.js';

/** Reads a Gamry `.DTA` text. */
export function readGamryDta(ctx: ReadContext): Spectrum[] {
  const lines = ctx.lines;
  let z = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^ZCURVE\s+TABLE\b/.test(lines[i])) {
      z = i;
      break;
    }
  }
  if (z < 0) fail(ctx, { code: 'MISSING_COLUMN', column: 'ZCURVE', message: 'Gamry file has no "ZCURVE TABLE" section' });
  const meta: SpectrumMeta = {};
  const extra: Record<string, string | number> = {};
  let aborted = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (i > z && /^EXPERIMENTABORTED\b/.test(l)) aborted = i;
    if (i >= z) continue;
    // Header tags start with a capital letter; table rows start with blanks.
    const c0 = l.charCodeAt(0);
    if (!(c0 >= 65 && c0 <= 90)) continue;
    const t = l.split('\t');
    if (t.length < 3) continue;
    const [tag, kind, value] = t;
    const num = parseNumber(value, true);
    switch (tag) {
      case 'DATE':
        meta.date = meta.date ? `${value} ${meta.date}` : value;
        break;
      case 'TIME':
        meta.date = meta.date ? `${meta.date} ${value}` : value;
        break;
      case 'PSTAT':
        meta.instrument = value;
        break;
      case 'FRAMEWORKVERSION':
        meta.software = `Gamry Framework ${value}`;
        break;
      case 'VDC':
        if (kind === 'POTEN' && num === num) meta.potential = num;
        break;
      case 'AREA':
        if (num > 0) meta.area = num * 1e-4;
        break;
      case 'TITLE':
        if (value) extra.title = value;
        break;
      case 'TAG':
        extra.tag = kind;
        break;
      case 'DRIFTCOR':
        if (num === num) extra.driftCorrection = num;
        break;
    }
  }
  if (Object.keys(extra).length) meta.extra = extra;
  if (z + 1 >= lines.length) fail(ctx, { code: 'TRUNCATED', line: z + 1, message: 'file ends after "ZCURVE TABLE": no column header' });
  const names = splitBlanks(lines[z + 1]);
  const col = (n: string): number => names.indexOf(n);
  const f = col('Freq');
  const re = col('Zreal');
  const im = col('Zimag');
  const missing = [f < 0 ? 'Freq' : '', re < 0 ? 'Zreal' : '', im < 0 ? 'Zimag' : ''].filter(Boolean);
  if (missing.length) {
    fail(ctx, { code: 'MISSING_COLUMN', line: z + 2, column: missing.join(', '), text: lines[z + 1], message: `ZCURVE column ${missing.map((m) => `"${m}"`).join(' and ')} not found` });
  }
  const reD = col('ZrealDrCor');
  const imD = col('ZimagDrCor');
  const plan: RowPlan = { f, a: re, b: im, polar: false, fScale: 1, aScale: 1, bScale: 1, minFields: names.length, names: ['Freq', 'Zreal', 'Zimag'], comma: true };
  if (col('Time') >= 0) plan.t = col('Time');
  const buf = new PointBuffer();
  const twin = reD >= 0 && imD >= 0 ? new PointBuffer() : undefined;
  let twinOk = true;
  // A line starting with a tag (`EXPERIMENTABORTED\tTOGGLE…`, `FRACURVE\tTABLE…`) ends the table.
  for (let i = z + 3; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '') continue;
    if (/^[A-Z][A-Z0-9_]*\t[A-Z]/.test(l)) break;
    const fields = splitBlanks(l);
    if (readRow(ctx, fields, i + 1, plan, buf, false) && twin) {
      const a = parseNumber(fields[reD], true);
      const b = parseNumber(fields[imD], true);
      if (a === a && b === b) twin.push(buf.f[buf.n - 1], a, b, i + 1, false, buf.t[buf.n - 1]);
      else twinOk = false;
    }
  }
  if (aborted >= 0) ctx.warnings.push({ code: 'ABORTED', line: aborted + 1, message: `experiment aborted: ${buf.n} points present` });
  const starts = sweepStarts(buf, ctx.split);
  const out = cutSpectra(ctx, buf, starts, twin ? { ...meta, label: 'uncorrected (Zreal, Zimag)' } : meta, true);
  if (twin && twinOk && twin.n === buf.n) {
    out.push(...cutSpectra(ctx, twin, starts, { ...meta, label: 'drift-corrected (ZrealDrCor, ZimagDrCor)' }, false));
  } else if (twin) {
    ctx.warnings.push({ code: 'TWIN_DROPPED', column: 'ZrealDrCor', message: 'drift-corrected columns have unreadable values; only the uncorrected spectrum is returned' });
  }
  return out;
}
