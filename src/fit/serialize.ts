/**
 * Saving and replaying fits as JSON.
 *
 * @module
 */
import type { Spectrum } from '../data/spectrum.js';
import { DataFormatError } from '../errors.js';
import { fitCircuit } from './fitCircuit.js';
import type { FitResult, SerializableFitOptions } from './types.js';

/** A saved fit: circuit, options, result and (optionally) the data, enough to replay it. */
export interface SavedFit {
  /** Format tag, always `eiskit-fit`. */
  format: 'eiskit-fit';
  /** Format version (1). */
  version: 1;
  /** Circuit string. */
  circuit: string;
  /** JSON-safe fit options. */
  options: SerializableFitOptions;
  /** The fit result (typed arrays restored). */
  result: FitResult;
  /** The fitted spectrum, when saved with it. */
  spectrum?: Spectrum;
}

const TYPED_KEYS = new Set(['frequency', 're', 'im']);

/**
 * Serialises a fit (and optionally its spectrum) to JSON. Typed arrays become
 * arrays; ±Infinity (e.g. an open profile interval) is written as the strings
 * `"Infinity"`/`"-Infinity"` so nothing is lost.
 *
 * @param result - from `fitCircuit`
 * @param spectrum - the data, to make the saved fit replayable with {@link replayFit}
 * @returns JSON text
 * @example
 * ```ts
 * const text = fitToJSON(fit, spectrum);
 * const again = replayFit(fitFromJSON(text)); // same values
 * ```
 */
export function fitToJSON(result: FitResult, spectrum?: Spectrum): string {
  const saved: Record<string, unknown> = {
    format: 'eiskit-fit',
    version: 1,
    circuit: result.circuit,
    options: result.options,
    result,
  };
  if (spectrum) saved.spectrum = { frequency: spectrum.frequency, re: spectrum.re, im: spectrum.im, ...(spectrum.meta ? { meta: spectrum.meta } : {}) };
  return JSON.stringify(saved, (_key, value) => {
    if (value instanceof Float64Array) return Array.from(value);
    if (value === Infinity) return 'Infinity';
    if (value === -Infinity) return '-Infinity';
    return value;
  });
}

/**
 * Reads a fit saved by {@link fitToJSON}, restoring typed arrays and infinities.
 *
 * @param text - JSON text
 * @returns the saved fit
 * @throws DataFormatError `UNKNOWN_FORMAT` when the text is not a saved eiskit fit
 * @example
 * ```ts
 * const saved = fitFromJSON(text);
 * saved.result.values.R1;
 * ```
 */
export function fitFromJSON(text: string): SavedFit {
  let data: unknown;
  try {
    data = JSON.parse(text, (key, value) => {
      if (value === 'Infinity') return Infinity;
      if (value === '-Infinity') return -Infinity;
      if (TYPED_KEYS.has(key) && Array.isArray(value) && value.every((v) => typeof v === 'number')) return Float64Array.from(value);
      return value;
    });
  } catch (e) {
    throw new DataFormatError([{ code: 'UNKNOWN_FORMAT', message: `not JSON: ${(e as Error).message}` }]);
  }
  const d = data as Partial<SavedFit> | null;
  if (!d || d.format !== 'eiskit-fit' || d.version !== 1 || typeof d.circuit !== 'string' || !d.result) {
    throw new DataFormatError([{ code: 'UNKNOWN_FORMAT', message: 'not a saved eiskit fit (expected format "eiskit-fit", version 1)' }]);
  }
  return d as SavedFit;
}

/**
 * Re-runs a saved fit on its saved spectrum (or on `spectrum`) with the saved
 * options. Deterministic: same inputs, same seed, same result.
 *
 * @param saved - from {@link fitFromJSON} (or its JSON text)
 * @param spectrum - data to use instead of the saved spectrum
 * @returns a fresh fit result
 * @throws DataFormatError `EMPTY` when neither the saved fit nor the call provides a spectrum
 * @example
 * ```ts
 * const again = replayFit(fitToJSON(fit, spectrum));
 * ```
 */
export function replayFit(saved: SavedFit | string, spectrum?: Spectrum): FitResult {
  const s = typeof saved === 'string' ? fitFromJSON(saved) : saved;
  const data = spectrum ?? s.spectrum;
  if (!data) throw new DataFormatError([{ code: 'EMPTY', message: 'the saved fit has no spectrum; pass one to replayFit' }]);
  return fitCircuit(s.circuit, data, s.options);
}
