import { ParameterError } from '../errors.js';
import { selectPoints } from './selectPoints.js';
import type { Spectrum } from './spectrum.js';

/** Options of {@link cropFrequency}. */
export interface CropFrequencyOptions {
  /** Lowest frequency kept, Hz (inclusive). Default 0. */
  min?: number;
  /** Highest frequency kept, Hz (inclusive). Default +∞. */
  max?: number;
}

/**
 * Keeps the points with `min ≤ f ≤ max` (e.g. drop the noisy low-frequency tail
 * before a fit). Returns a new spectrum; the input is not changed.
 *
 * @param spectrum - input spectrum
 * @param options - frequency window in Hz
 * @returns the cropped spectrum (possibly empty)
 * @throws ParameterError `BAD_BOUNDS` when min > max or a bound is NaN
 * @example
 * ```ts
 * const hf = cropFrequency(spectrum, { min: 1, max: 1e6 });
 * ```
 */
export function cropFrequency(spectrum: Spectrum, options: CropFrequencyOptions): Spectrum {
  const min = options.min ?? 0;
  const max = options.max ?? Infinity;
  if (Number.isNaN(min) || Number.isNaN(max) || min > max) throw new ParameterError('BAD_BOUNDS', `cropFrequency needs min ≤ max, got min ${min}, max ${max}`, 'min');
  const f = spectrum.frequency;
  const keep = new Uint8Array(f.length);
  for (let i = 0; i < f.length; i++) keep[i] = f[i] >= min && f[i] <= max ? 1 : 0;
  return selectPoints(spectrum, keep);
}
