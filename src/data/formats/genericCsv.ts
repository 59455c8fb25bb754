/**
 * Generic delimited text: CSV, TSV, semicolon and whitespace tables, with or
 * without a header, decimal commas, header synonyms and units.
 *
 * @module
 */
import type { Spectrum } from '../spectrum.js';
import { planColumns, type ColumnPlan } from '../columns.js';
import { splitDelimited } from '../csv.js';
import { fail, parseNumber, PointBuffer, readRow, toSpectra, type ReadContext, type RowPlan } from '../readContext.js';

/** Field count of a line for a delimiter (`' '` = blank runs). */
function countFields(line: string, d: string): number {
  if (d === ' ') {
    const t = line.trim();
    return t === '' ? 0 : t.split(/[ \t]+/).length;
  }
  let n = 1;
  for (let i = line.indexOf(d); i >= 0; i = line.indexOf(d, i + 1)) n++;
  // Trailing delimiter (trailing tab) does not add a field.
  if (line.endsWith(d) || (d === '\t' && /\t\s*$/.test(line))) n--;
  return n;
}

/**
 * Picks the delimiter whose most common field count is ≥ 2 on the most sample
 * lines: the first (tab, semicolon, comma, blanks) reaching 80 %, else the best
 * reaching 50 %.
 */
export function sniffDelimiter(sample: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestShare = 0.5;
  for (const d of ['\t', ';', ',', ' ']) {
    const counts = new Map<number, number>();
    for (const l of sample) {
      const c = countFields(l, d);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    let mode = 0;
    let modeN = 0;
    for (const [c, k] of counts) if (k > modeN || (k === modeN && c > mode)) [mode, modeN] = [c, k];
    if (mode < 2) continue;
    const share = modeN / sample.length;
    if (share >= 0.8) return d;
    if (share > bestShare) [best, bestShare] = [d, share];
  }
  return best;
}

function isNumericRow(fields: readonly string[], comma: boolean): boolean {
  let n = 0;
  for (let i = 0; i < fields.length; i++) {
    const s = fields[i];
    if (s.trim() === '') {
      if (i === fields.length - 1) continue;
      return false;
    }
    const v = parseNumber(s, comma);
    if (v !== v) return false;
    n++;
  }
  return n >= 2;
}

function trimTrailingEmpty(fields: string[]): string[] {
  let n = fields.length;
  while (n > 0 && fields[n - 1].trim() === '') n--;
  return n === fields.length ? fields : fields.slice(0, n);
}

/** Reads a generic table (see module doc). */
export function readGenericCsv(ctx: ReadContext): Spectrum[] {
  const lines = ctx.lines;
  const nonBlank: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i].trim() !== '') nonBlank.push(i);
  if (nonBlank.length === 0) fail(ctx, { code: 'EMPTY', message: 'the file holds no data' });
  // Sample the tail of the file (data rows dominate there); small files entirely.
  const sample = nonBlank.slice(nonBlank.length > 40 ? Math.max(nonBlank.length - 41, Math.floor(nonBlank.length * 0.4)) : 0).map((i) => lines[i]);
  if (nonBlank.length > 40) sample.pop(); // the last line may be truncated
  const delim = sniffDelimiter(sample);
  if (delim === undefined) fail(ctx, { code: 'UNKNOWN_FORMAT', message: 'no consistent column separator (tab, semicolon, comma or blanks) found' });
  let comma = false;
  if (delim !== ',') for (const l of sample) if (/\d,\d/.test(l)) comma = true;

  const rows = splitDelimited(lines, delim);
  // Data start at the first numeric row; everything after it is data.
  let d0 = -1;
  for (const i of nonBlank) {
    if (isNumericRow(rows[i], comma)) {
      d0 = i;
      break;
    }
  }
  if (d0 < 0) fail(ctx, { code: 'EMPTY', message: 'no numeric data rows found' });

  let plan: ColumnPlan | undefined;
  let headerLine = -1;
  let minFields = 0;
  for (let i = d0 - 1; i >= 0; i--) {
    if (lines[i].trim() === '') continue;
    const h = trimTrailingEmpty(rows[i]);
    // A header names at least frequency and two impedance columns, or matches the data's field count.
    if (h.length >= 3 || h.length === trimTrailingEmpty(rows[d0]).length) {
      const p = planColumns(h);
      if (typeof p === 'string') {
        fail(ctx, { code: 'MISSING_COLUMN', line: i + 1, column: p, text: lines[i], message: `header has no ${p} column (columns: ${h.map((x) => JSON.stringify(x.trim())).join(', ')})` });
      }
      plan = p;
      headerLine = i;
      minFields = h.length;
    }
    break;
  }
  if (plan) {
    for (const name of plan.defaulted) {
      ctx.warnings.push({ code: 'DEFAULT_UNIT', line: headerLine + 1, column: name, message: `column "${name.trim()}" has no unit; assumed ${/phase|phi|phz/i.test(name) ? 'degrees' : 'Hz or Ω'}` });
    }
  } else {
    plan = inferColumns(ctx, lines, rows, nonBlank, d0, comma);
    minFields = Math.max(plan.f, plan.a, plan.b) + 1;
  }
  const rowPlan: RowPlan = { ...plan, minFields, comma };
  const buf = new PointBuffer();
  const header = headerLine >= 0 ? lines[headerLine] : undefined;
  let brk = false;
  for (let i = d0; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '') continue;
    if (header !== undefined && l === header) {
      brk = true;
      continue;
    }
    if (readRow(ctx, rows[i], i + 1, rowPlan, buf, brk)) brk = false;
  }
  return toSpectra(ctx, buf, {});
}

function inferColumns(ctx: ReadContext, lines: readonly string[], rows: string[][], nonBlank: number[], d0: number, comma: boolean): ColumnPlan {
  const data = nonBlank.filter((i) => i >= d0).slice(0, 400).map((i) => rows[i]).filter((r) => isNumericRow(r, comma));
  const counts = new Map<number, number>();
  for (const r of data) {
    const n = trimTrailingEmpty(r).length;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let n = 0;
  let k = 0;
  for (const [c, m] of counts) if (m > k) [n, k] = [c, m];
  if (n < 3) fail(ctx, { code: 'MISSING_COLUMN', line: d0 + 1, text: lines[d0], message: `headerless table with ${n} columns; frequency, Re Z and Im Z needed` });
  // Decades spanned by a column of positive values (0 when any value is not positive).
  const decades = (c: number): number => {
    let lo = Infinity;
    let hi = 0;
    for (const r of data) {
      const v = parseNumber(r[c], comma);
      if (!(v > 0)) return 0;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi > 0 ? Math.log10(hi / lo) : 0;
  };
  const first = decades(0);
  const last = decades(n - 1);
  let order: [number, number, number];
  if (first >= 1 && first >= last) order = [0, 1, 2];
  else if (last >= 1) order = [n - 1, 0, 1];
  else fail(ctx, { code: 'MISSING_COLUMN', line: d0 + 1, text: lines[d0], message: 'headerless table: no column looks like a frequency (positive, spanning a decade) in first or last place' });
  const label = order[0] === 0 ? 'frequency, Re Z, Im Z' : 'Re Z, Im Z, frequency';
  ctx.warnings.push({
    code: 'INFERRED_COLUMNS',
    line: d0 + 1,
    message: `no header: columns read as ${label} (Hz, Ω, Im with its sign as written) from column ${order[0] + 1} being positive and spanning the most decades`,
  });
  return { f: order[0], a: order[1], b: order[2], polar: false, fScale: 1, aScale: 1, bScale: 1, names: [`column ${order[0] + 1}`, `column ${order[1] + 1}`, `column ${order[2] + 1}`], defaulted: [] };
}
