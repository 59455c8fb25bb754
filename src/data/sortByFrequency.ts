import type { Spectrum } from './spectrum.js';

/**
 * Sorts the points by frequency (stable for equal frequencies). Returns a new
 * spectrum; `meta.lines` is kept (it still spans the same rows).
 *
 * @param spectrum - input spectrum
 * @param order - `'descending'` (default, the usual sweep direction) or `'ascending'`
 * @returns the sorted spectrum
 * @example
 * ```ts
 * const up = sortByFrequency(spectrum, 'ascending');
 * ```
 */
export function sortByFrequency(spectrum: Spectrum, order: 'ascending' | 'descending' = 'descending'): Spectrum {
  const { frequency: f, re, im } = spectrum;
  const n = f.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const sign = order === 'ascending' ? 1 : -1;
  const sorted = Array.from(idx).sort((a, b) => sign * (f[a] - f[b]) || a - b);
  const out: Spectrum = { frequency: new Float64Array(n), re: new Float64Array(n), im: new Float64Array(n) };
  for (let k = 0; k < n; k++) {
    const i = sorted[k];
    out.frequency[k] = f[i];
    out.re[k] = re[i];
    out.im[k] = im[i];
  }
  if (spectrum.meta) out.meta = { ...spectrum.meta };
  return out;
}
