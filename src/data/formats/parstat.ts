/**
 * Princeton Applied Research Parstat text export: tab-separated
 * `Potential (V)  Current (A)  Elapsed Time (s)  Frequency (Hz)  Zre (ohms)  Zim (ohms) …`
 * where rows with frequency 0 are DC (time-series) rows: they are skipped and
 * counted in `warnings` (`NON_EIS_ROW`), not errors.
 *
 * @module
 */
import type { Spectrum, SpectrumMeta } from '../spectrum.js';
import { fail, parseNumber, type ReadContext } from '../readContext.js';
import { readHeaderedTable } from './headeredTable.js';

/** Reads a Parstat text export. */
export function readParstat(ctx: ReadContext): Spectrum[] {
  const lines = ctx.lines;
  const header = lines.findIndex((l) => /Frequency \(Hz\)/.test(l));
  if (header < 0) fail(ctx, { code: 'MISSING_COLUMN', column: 'Frequency (Hz)', message: 'Parstat file has no "Frequency (Hz)" column header' });
  const names = lines[header].split('\t').map((s) => s.trim());
  const pv = names.indexOf('Potential (V)');
  const ca = names.indexOf('Current (A)');
  const meta: SpectrumMeta = { software: 'Parstat' };
  let first = true;
  return readHeaderedTable(ctx, {
    header,
    split: (l) => l.split('\t'),
    zeroFrequencyIsDc: true,
    meta,
    onRow: (fields) => {
      if (!first) return;
      first = false;
      // DC potential and current during the first impedance point.
      const v = parseNumber(fields[pv], false);
      const c = parseNumber(fields[ca], false);
      if (v === v) meta.potential = v;
      if (c === c) meta.current = c;
    },
  });
}
