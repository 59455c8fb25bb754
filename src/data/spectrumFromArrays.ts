import { checkSpectrum } from './spectrum.js';
import type { Spectrum, SpectrumMeta } from './spectrum.js';

/** Options of {@link spectrumFromArrays}. */
export interface SpectrumFromArraysOptions {
  /** Metadata to attach. */
  meta?: SpectrumMeta;
  /** `'negated'` when the `im` given is −Im Z (as in most Nyquist tables); default `'true'`. */
  imSign?: 'true' | 'negated';
  /** Reject duplicate frequencies (default `false`: repeated sweeps are allowed). */
  rejectDuplicates?: boolean;
}

/**
 * Builds a checked spectrum from plain arrays (copied into new Float64Arrays):
 * equal lengths, at least one point, finite values, frequencies > 0. Errors
 * name the 1-based point index and the array.
 *
 * @param frequency - frequencies in Hz
 * @param re - Re Z in Ω
 * @param im - Im Z in Ω (true sign unless `imSign: 'negated'`)
 * @param options - see {@link SpectrumFromArraysOptions}
 * @returns a new spectrum
 * @throws DataFormatError `LENGTH_MISMATCH`, `EMPTY`, `NON_FINITE`, `NON_POSITIVE_FREQUENCY` (or `DUPLICATE_FREQUENCY` when asked)
 * @example
 * ```ts
 * const s = spectrumFromArrays([1e3, 1], [10, 20], [1, 5], { imSign: 'negated' });
 * s.im; // Float64Array [-1, -5]
 * ```
 */
export function spectrumFromArrays(frequency: ArrayLike<number>, re: ArrayLike<number>, im: ArrayLike<number>, options: SpectrumFromArraysOptions = {}): Spectrum {
  const s: Spectrum = {
    frequency: Float64Array.from(frequency ?? []),
    re: Float64Array.from(re ?? []),
    im: Float64Array.from(im ?? []),
  };
  if (options.imSign === 'negated') for (let i = 0; i < s.im.length; i++) s.im[i] = -s.im[i];
  if (options.meta) s.meta = { ...options.meta };
  return checkSpectrum(s, { rejectDuplicates: options.rejectDuplicates ?? false });
}
