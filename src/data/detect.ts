/**
 * Format detection from content, with the file name's extension as a hint.
 *
 * @module
 */
import { looksLikeIsm } from './formats/zahnerIsm.js';
import type { SpectraFormat } from './types.js';

/**
 * Format implied by a file extension (lower case, no dot); content still decides in {@link detectFormat}.
 *
 * @example
 * ```ts
 * FORMAT_BY_EXTENSION['dta']; // 'gamry-dta'
 * ```
 */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, SpectraFormat>> = {
  mpt: 'biologic-mpt',
  dta: 'gamry-dta',
  z: 'zplot',
  dfr: 'autolab-dfr',
  par: 'versastudio-par',
  idf: 'ivium',
  ids: 'ivium',
  pssession: 'palmsens',
  ism: 'zahner-ism',
  p00: 'p00',
  i2b: 'elchemea-i2b',
  csv: 'csv',
  tsv: 'csv',
};

/**
 * Detects the format of a file. Content decides; the extension of `fileName`
 * only breaks ties where content is ambiguous (a bare table could be `.i2b`).
 *
 * Rules, in order: Zahner `.ism` binary header; PalmSens JSON; `EC-Lab ASCII
 * FILE`; Gamry `EXPLAIN` or a `ZCURVE TABLE` line; `ZPLOT2 ASCII` or a quoted
 * `ZPlotW`/`Z60W Data File` line; `VERSION…` + count (`.dfr`); CHI `A.C.
 * Impedance`; VersaStudio `<Segment…>`; Ivium `primary_data`; Parstat
 * `Potential (V)…Frequency (Hz)…Zre (ohms)`; PowerSuite `Frequency  Zre  Zimg`;
 * `.P00` `f/Hz … -Z''/Ohm` + count; `.i2b` count line after free text;
 * otherwise a generic table.
 *
 * @param text - decoded text (may be empty for binary input)
 * @param bytes - raw bytes (for binary formats)
 * @param fileName - optional file name
 * @returns the format id, or `undefined` when the content matches nothing
 * @example
 * ```ts
 * detectFormat('EC-Lab ASCII FILE\nNb header lines : 3\n…'); // 'biologic-mpt'
 * ```
 */
export function detectFormat(text: string, bytes?: Uint8Array, fileName?: string): SpectraFormat | undefined {
  const ext = fileName ? (/\.([^./\\]+)$/.exec(fileName)?.[1] ?? '').toLowerCase() : '';
  if (bytes && ext === 'ism') return 'zahner-ism';
  if (bytes && bytes.length > 1 && bytes[0] === 0 && bytes[1] === 0 && looksLikeIsm(bytes)) return 'zahner-ism';
  const head = text.slice(0, 4000);
  const t = head.replace(/^\uFEFF/, '');
  if (/^\s*\{/.test(t) && /"PalmSens\./.test(t)) return 'palmsens';
  if (/^EC-Lab ASCII FILE/.test(t)) return 'biologic-mpt';
  if (/^EXPLAIN\s*[\r\n]/.test(t) || /(^|[\r\n])ZCURVE\tTABLE/.test(text)) return 'gamry-dta';
  if (/^ZPLOT2 ASCII/.test(t) || /^"(ZPlotW|Z60W) Data File/.test(t)) return 'zplot';
  if (/^VERSION\d[^\r\n]*[\r\n]+\s*\d+\s*[\r\n]/.test(t)) return 'autolab-dfr';
  if (/^[^\r\n]*[\r\n]+A\.C\. Impedance/.test(t) || /(^|[\r\n])Freq\/Hz, Z'\/ohm, Z"\/ohm/.test(head)) return 'chi';
  if (/(^|[\r\n])<Segment\d+>/.test(text) && /(^|[\r\n])<Application>/.test(t)) return 'versastudio-par';
  if (/(^|[\r\n])primary_data\s*[\r\n]/.test(text)) return 'ivium';
  if (/Potential \(V\)\tCurrent \(A\)\t.*Frequency \(Hz\)\tZre \(ohms\)/.test(t)) return 'parstat';
  if (/^\s*Frequency\t\s*Zre\t\s*Zimg\s*[\r\n]/.test(t)) return 'powersuite';
  if (/(^|[\r\n])\s*f\/Hz\s+Z'\/Ohm\s+-Z''\/Ohm[^\r\n]*[\r\n]+\s*\d+\s*[\r\n]/.test(t)) return 'p00';
  if (ext === 'i2b' || /^(?:[^\d\s][^\r\n]*[\r\n]+)+\s*[\r\n]+\s*\d+\s*[\r\n]+\s*[\d.+-][\d.eE+-]*\s+[\d.eE+-]+\s+[\d.eE+-]+\s*[\r\n]/.test(t)) return 'elchemea-i2b';
  return /\d/.test(t) ? 'csv' : undefined;
}
