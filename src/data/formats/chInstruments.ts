/**
 * CH Instruments "A.C. Impedance" text export: free header, then
 * `Freq/Hz, Z'/ohm, Z"/ohm, Z/ohm, Phase/deg` and `, `-separated rows
 * (Z" is Im Z with its true sign).
 *
 * @module
 */
import type { Spectrum, SpectrumMeta } from '../spectrum.js';
import { fail, type ReadContext } from '../readContext.js';
import { readHeaderedTable } from './headeredTable.js';

/** Reads a CHI text export. */
export function readChInstruments(ctx: ReadContext): Spectrum[] {
  const lines = ctx.lines;
  const header = lines.findIndex((l) => /^\s*Freq\/Hz\s*,/.test(l));
  if (header < 0) fail(ctx, { code: 'MISSING_COLUMN', column: 'Freq/Hz', message: 'CHI file has no "Freq/Hz, …" column header line' });
  const meta: SpectrumMeta = { software: 'CH Instruments' };
  if (lines[0] && /\d{4}/.test(lines[0])) meta.date = lines[0].trim().replace(/\s+/g, ' ');
  for (let i = 0; i < header; i++) {
    const m = /^Instrument Model:\s*(.+?)\s*$/.exec(lines[i]);
    if (m) meta.instrument = m[1];
    const e = /^Init E \(V\)\s*=\s*(\S+)/.exec(lines[i]);
    if (e && Number.isFinite(Number(e[1]))) meta.potential = Number(e[1]);
  }
  return readHeaderedTable(ctx, { header, split: (l) => l.split(','), meta });
}
