import type { Spectrum } from './spectrum.js';

/** Options of {@link toCsv}. */
export interface ToCsvOptions {
  /** Field separator (default `,`). */
  delimiter?: string;
  /** Write Im Z as is (`'true'`, default, header `Im(Z)/Ohm`) or negated (`'negated'`, header `-Im(Z)/Ohm`). */
  imSign?: 'true' | 'negated';
  /** Line end (default `\n`). */
  newline?: string;
}

/**
 * Writes a spectrum as CSV with a header `f/Hz,Re(Z)/Ohm,Im(Z)/Ohm` and one row
 * per point. Numbers use the shortest round-trip form (`String(x)`), so
 * `parseSpectra(toCsv(s))` gives back exactly the same values.
 *
 * @param spectrum - the spectrum to write
 * @param options - see {@link ToCsvOptions}
 * @returns CSV text ending with a newline
 * @example
 * ```ts
 * toCsv({ frequency: new Float64Array([1000]), re: new Float64Array([10]), im: new Float64Array([-2]) });
 * // 'f/Hz,Re(Z)/Ohm,Im(Z)/Ohm\n1000,10,-2\n'
 * ```
 */
export function toCsv(spectrum: Spectrum, options: ToCsvOptions = {}): string {
  const d = options.delimiter ?? ',';
  const nl = options.newline ?? '\n';
  const neg = options.imSign === 'negated';
  const parts: string[] = [`f/Hz${d}Re(Z)/Ohm${d}${neg ? '-' : ''}Im(Z)/Ohm`];
  const { frequency: f, re, im } = spectrum;
  for (let i = 0; i < f.length; i++) parts.push(`${f[i]}${d}${re[i]}${d}${neg ? -im[i] : im[i]}`);
  return parts.join(nl) + nl;
}
