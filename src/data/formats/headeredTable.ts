/**
 * Shared reader for vendor text tables that have one header line naming the
 * columns (CH Instruments, Parstat, PowerSuite, `.P00`).
 *
 * @module
 */
import type { SpectrumMeta } from '../spectrum.js';
import type { Spectrum } from '../spectrum.js';
import { planColumns } from '../columns.js';
import { fail, PointBuffer, readRow, toSpectra, type ReadContext, type RowPlan } from '../readContext.js';

/** Options of {@link readHeaderedTable}. */
export interface HeaderedTableOptions {
  /** 0-based index of the header line. */
  header: number;
  /** 0-based index of the first data line (default header + 1). */
  first?: number;
  /** Splits a line into fields. */
  split: (line: string) => string[];
  /** Frequency exactly 0 marks a DC row to skip by design. */
  zeroFrequencyIsDc?: boolean;
  /** Accept decimal commas. */
  comma?: boolean;
  /** Metadata for every spectrum. */
  meta?: SpectrumMeta;
  /** Called for each accepted row with its fields (for metadata such as DC potential). */
  onRow?: (fields: string[]) => void;
}

/** Reads rows after a header line; blank lines are skipped. */
export function readHeaderedTable(ctx: ReadContext, o: HeaderedTableOptions): Spectrum[] {
  const lines = ctx.lines;
  const names = o.split(lines[o.header]);
  while (names.length && names[names.length - 1].trim() === '') names.pop();
  const p = planColumns(names);
  if (typeof p === 'string') {
    fail(ctx, { code: 'MISSING_COLUMN', line: o.header + 1, column: p, text: lines[o.header], message: `header has no ${p} column (columns: ${names.map((x) => JSON.stringify(x.trim())).join(', ')})` });
  }
  const plan: RowPlan = { ...p, minFields: names.length, comma: o.comma ?? false, zeroFrequencyIsDc: o.zeroFrequencyIsDc };
  const buf = new PointBuffer();
  for (let i = o.first ?? o.header + 1; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '') continue;
    const fields = o.split(l);
    if (readRow(ctx, fields, i + 1, plan, buf, false) && o.onRow) o.onRow(fields);
  }
  return toSpectra(ctx, buf, o.meta ?? {});
}
