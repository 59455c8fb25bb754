import { selectPoints } from './selectPoints.js';
import type { Spectrum } from './spectrum.js';

/**
 * Drops inductive points (Im Z > 0, i.e. above the real axis in the usual
 * −Im Nyquist view), typically cable inductance at high frequency. With
 * `onlyHighFrequency` (default `false`), only the run of inductive points at the
 * high-frequency end is removed, keeping isolated noisy points elsewhere.
 *
 * @param spectrum - input spectrum (true sign of Im)
 * @param options - `onlyHighFrequency`: remove only the contiguous inductive run at the highest frequencies
 * @returns the spectrum without those points
 * @example
 * ```ts
 * const capacitive = dropInductive(spectrum);
 * ```
 */
export function dropInductive(spectrum: Spectrum, options: { onlyHighFrequency?: boolean } = {}): Spectrum {
  const { frequency: f, im } = spectrum;
  const n = f.length;
  const keep = new Uint8Array(n);
  if (!options.onlyHighFrequency) {
    for (let i = 0; i < n; i++) keep[i] = im[i] > 0 ? 0 : 1;
    return selectPoints(spectrum, keep);
  }
  keep.fill(1);
  // Walk from the highest-frequency end of the sweep.
  const descending = n > 1 && f[0] > f[n - 1];
  for (let k = 0; k < n; k++) {
    const i = descending ? k : n - 1 - k;
    if (!(im[i] > 0)) break;
    keep[i] = 0;
  }
  return selectPoints(spectrum, keep);
}
