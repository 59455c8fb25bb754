import type { Spectrum } from './spectrum.js';

/**
 * Copies the points where `keep[i]` is 1 into a new spectrum with a copy of
 * the same meta. Internal helper of the data operations.
 *
 * @param s - source spectrum
 * @param keep - 1 to keep point i, 0 to drop it
 * @returns a new spectrum
 * @example
 * ```ts
 * selectPoints(spectrum, Uint8Array.from([1, 0, 1]));
 * ```
 */
export function selectPoints(s: Spectrum, keep: Uint8Array): Spectrum {
  let n = 0;
  for (let i = 0; i < keep.length; i++) n += keep[i];
  const frequency = new Float64Array(n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    frequency[k] = s.frequency[i];
    re[k] = s.re[i];
    im[k] = s.im[i];
    k++;
  }
  const out: Spectrum = { frequency, re, im };
  if (s.meta) out.meta = { ...s.meta };
  return out;
}
