/**
 * PAR PowerSuite text export: `Frequency<TAB> Zre<TAB> Zimg` header, tab-separated
 * rows with leading blanks, CR CR LF line ends, ascending frequency.
 *
 * @module
 */
import type { Spectrum } from '../spectrum.js';
import type { ReadContext } from '../readContext.js';
import { readHeaderedTable } from './headeredTable.js';

/** Reads a PowerSuite text export. */
export function readPowersuite(ctx: ReadContext): Spectrum[] {
  const header = ctx.lines.findIndex((l) => /^\s*Frequency\s*\t/.test(l));
  return readHeaderedTable(ctx, { header: Math.max(0, header), split: (l) => l.split('\t'), meta: { software: 'PowerSuite' } });
}
