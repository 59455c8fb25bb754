import { DataFormatError, type DataIssue } from '../errors.js';

/**
 * Metadata that travels with a spectrum. Every field is optional; loaders fill
 * what the file header says.
 */
export interface SpectrumMeta {
  /** Source name (file name) the spectrum came from. */
  source?: string;
  /** Detected or named file format id, e.g. `biologic-mpt`. */
  format?: string;
  /** Human label, e.g. `loop 2` or `drift-corrected`. */
  label?: string;
  /** Instrument model or serial as written in the header. */
  instrument?: string;
  /** Acquisition software and version. */
  software?: string;
  /** Acquisition date as an ISO 8601 string when it could be parsed, else as written. */
  date?: string;
  /** Temperature in kelvin. */
  temperature?: number;
  /** DC potential in volts. */
  potential?: number;
  /** DC current in amperes. */
  current?: number;
  /** Electrode area in m² (SI). */
  area?: number;
  /** Cycle, loop or sweep index (0-based) within the file. */
  cycle?: number;
  /** Elapsed time in seconds at the start of the sweep (for series). */
  time?: number;
  /** 1-based first and last file line holding this spectrum's data rows. */
  lines?: [number, number];
  /** Anything else the header held, keyed as written. */
  extra?: Record<string, string | number>;
}

/**
 * An impedance spectrum: frequency in Hz, real and imaginary parts in Ω with the
 * true sign of Im (capacitive behaviour has `im < 0`; Nyquist plots show −Im).
 */
export interface Spectrum {
  /** Frequency f in Hz (ω = 2πf). */
  frequency: Float64Array;
  /** Re Z in Ω. */
  re: Float64Array;
  /** Im Z in Ω, true sign. */
  im: Float64Array;
  /** Optional metadata. */
  meta?: SpectrumMeta;
}

/** Options of {@link checkSpectrum}. */
export interface CheckSpectrumOptions {
  /** Reject duplicate frequencies (default `true`). */
  rejectDuplicates?: boolean;
  /** Minimum number of points (default 1). */
  minPoints?: number;
}

/**
 * Verifies that a spectrum is usable for computation: equal lengths, at least
 * `minPoints` points, finite values, strictly positive and (by default) distinct
 * frequencies. Throws one {@link DataFormatError} listing every problem with its
 * 1-based point index in `line` and the array name in `column`.
 *
 * @param spectrum - the spectrum to check
 * @param options - see {@link CheckSpectrumOptions}
 * @returns the same spectrum, for chaining
 * @throws DataFormatError with codes `EMPTY`, `LENGTH_MISMATCH`, `NON_FINITE`,
 *   `NON_POSITIVE_FREQUENCY` or `DUPLICATE_FREQUENCY`
 * @example
 * ```ts
 * checkSpectrum({ frequency: new Float64Array([1e3, 1]), re: new Float64Array([10, 20]), im: new Float64Array([-1, -5]) });
 * ```
 */
export function checkSpectrum(spectrum: Spectrum, options: CheckSpectrumOptions = {}): Spectrum {
  const { rejectDuplicates = true, minPoints = 1 } = options;
  const issues: DataIssue[] = [];
  const src = spectrum?.meta?.source;
  if (!spectrum || !spectrum.frequency || !spectrum.re || !spectrum.im) {
    throw new DataFormatError([{ code: 'EMPTY', message: 'spectrum must have frequency, re and im arrays' }], src);
  }
  const { frequency, re, im } = spectrum;
  if (frequency.length !== re.length || frequency.length !== im.length) {
    throw new DataFormatError(
      [
        {
          code: 'LENGTH_MISMATCH',
          message: `arrays differ in length: frequency ${frequency.length}, re ${re.length}, im ${im.length}`,
        },
      ],
      src,
    );
  }
  if (frequency.length < Math.max(1, minPoints)) {
    throw new DataFormatError(
      [{ code: 'EMPTY', message: `spectrum has ${frequency.length} points; at least ${Math.max(1, minPoints)} needed` }],
      src,
    );
  }
  const seen = new Map<number, number>();
  for (let i = 0; i < frequency.length; i++) {
    const f = frequency[i];
    if (!Number.isFinite(f)) issues.push({ code: 'NON_FINITE', line: i + 1, column: 'frequency', text: String(f), message: 'frequency is not finite' });
    else if (f <= 0) issues.push({ code: 'NON_POSITIVE_FREQUENCY', line: i + 1, column: 'frequency', text: String(f), message: 'frequency must be > 0' });
    else if (rejectDuplicates) {
      const prev = seen.get(f);
      if (prev !== undefined) issues.push({ code: 'DUPLICATE_FREQUENCY', line: i + 1, column: 'frequency', text: String(f), message: `frequency repeats point ${prev + 1}` });
      else seen.set(f, i);
    }
    if (!Number.isFinite(re[i])) issues.push({ code: 'NON_FINITE', line: i + 1, column: 're', text: String(re[i]), message: 're is not finite' });
    if (!Number.isFinite(im[i])) issues.push({ code: 'NON_FINITE', line: i + 1, column: 'im', text: String(im[i]), message: 'im is not finite' });
  }
  if (issues.length) throw new DataFormatError(issues, src);
  return spectrum;
}
