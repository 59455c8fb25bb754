import { ParameterError } from '../errors.js';
import { selectPoints } from './selectPoints.js';
import type { Spectrum } from './spectrum.js';

/**
 * Removes the points whose frequency falls inside any of the given closed
 * ranges `[lo, hi]` in Hz (e.g. mains pickup around 50 Hz, a resonance band),
 * or for which a predicate returns `true`. Returns a new spectrum.
 *
 * @param spectrum - input spectrum
 * @param mask - ranges `[lo, hi]` to remove, or a predicate `(f, i) => boolean` (true = remove)
 * @returns the spectrum without the masked points
 * @throws ParameterError `BAD_BOUNDS` when a range has lo > hi or NaN
 * @example
 * ```ts
 * const clean = maskFrequency(spectrum, [[45, 55], [95, 105]]);
 * const noHf = maskFrequency(spectrum, (f) => f > 1e5);
 * ```
 */
export function maskFrequency(spectrum: Spectrum, mask: readonly (readonly [number, number])[] | ((frequency: number, index: number) => boolean)): Spectrum {
  const f = spectrum.frequency;
  const keep = new Uint8Array(f.length);
  if (typeof mask === 'function') {
    for (let i = 0; i < f.length; i++) keep[i] = mask(f[i], i) ? 0 : 1;
    return selectPoints(spectrum, keep);
  }
  for (const [lo, hi] of mask) {
    if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) throw new ParameterError('BAD_BOUNDS', `maskFrequency range must have lo ≤ hi, got [${lo}, ${hi}]`, 'mask');
  }
  for (let i = 0; i < f.length; i++) {
    let inside = false;
    for (const [lo, hi] of mask) if (f[i] >= lo && f[i] <= hi) inside = true;
    keep[i] = inside ? 0 : 1;
  }
  return selectPoints(spectrum, keep);
}
