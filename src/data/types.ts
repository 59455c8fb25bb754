/**
 * Public types of the loaders: format ids, options, result and warnings.
 *
 * @module
 */
import type { DataErrorCode } from '../errors.js';
import type { Spectrum } from './spectrum.js';

/**
 * Format ids understood by {@link parseSpectra} (`options.format`) and reported
 * in its result and in `meta.format`.
 *
 * - `biologic-mpt`: BioLogic EC-Lab ASCII `.mpt`
 * - `gamry-dta`: Gamry Framework EXPLAIN `.DTA` (EISPOT) and imitations
 * - `zplot`: Scribner ZPlot `.z` (`ZPLOT2 ASCII`), ZPlotW and Z60W quoted-header text
 * - `autolab-dfr`: Eco Chemie / Autolab FRA `.dfr`
 * - `chi`: CH Instruments "A.C. Impedance" text
 * - `parstat`: Princeton Applied Research Parstat text
 * - `powersuite`: PAR PowerSuite text
 * - `versastudio-par`: PAR/Ametek VersaStudio `.par`
 * - `ivium`: Ivium `.idf` / `.ids`
 * - `palmsens`: PalmSens PSTrace `.pssession`
 * - `zahner-ism`: Zahner Thales `.ism` (binary)
 * - `p00`: `.P00` text export
 * - `elchemea-i2b`: Elchemea Analytical `.i2b`
 * - `csv`: generic CSV / TSV / whitespace text
 */
export type SpectraFormat =
  | 'biologic-mpt'
  | 'gamry-dta'
  | 'zplot'
  | 'autolab-dfr'
  | 'chi'
  | 'parstat'
  | 'powersuite'
  | 'versastudio-par'
  | 'ivium'
  | 'palmsens'
  | 'zahner-ism'
  | 'p00'
  | 'elchemea-i2b'
  | 'csv';

/**
 * Every format id, in detection order (the generic `csv` last).
 *
 * @example
 * ```ts
 * parseSpectra(text, { format: SPECTRA_FORMATS[0] }); // 'biologic-mpt'
 * ```
 */
export const SPECTRA_FORMATS: readonly SpectraFormat[] = [
  'zahner-ism',
  'palmsens',
  'biologic-mpt',
  'gamry-dta',
  'zplot',
  'autolab-dfr',
  'chi',
  'versastudio-par',
  'ivium',
  'parstat',
  'powersuite',
  'p00',
  'elchemea-i2b',
  'csv',
];

/**
 * Reasons for a warning.
 *
 * - `SKIPPED_ROW`: an unreadable data row was skipped (`onInvalidRow: 'skip'`); `reason` says why
 * - `NON_EIS_ROW`: a row that is not an impedance point (Parstat DC rows with frequency 0) was skipped by design
 * - `OVERLAP`: a Zahner sample outside the non-overlapping sweep span was left out
 * - `INFERRED_COLUMNS`: a headerless file; the column order was inferred
 * - `DEFAULT_UNIT`: a column had no unit; the default (Hz, Ω, degrees) was assumed
 * - `DECLARED_COUNT_MISMATCH`: the header's point count differs from the rows present
 * - `ABORTED`: the file says the experiment was aborted; the rows present are returned
 * - `TWIN_DROPPED`: drift-corrected twin columns were present but unreadable
 * - `ENCODING_FALLBACK`: the bytes were not UTF-8; Windows-1252 was used
 * - `TRUNCATED`: the file ends early (only with `onInvalidRow: 'skip'`)
 */
export type DataWarningCode =
  | 'SKIPPED_ROW'
  | 'NON_EIS_ROW'
  | 'OVERLAP'
  | 'INFERRED_COLUMNS'
  | 'DEFAULT_UNIT'
  | 'DECLARED_COUNT_MISMATCH'
  | 'ABORTED'
  | 'TWIN_DROPPED'
  | 'ENCODING_FALLBACK'
  | 'TRUNCATED';

/**
 * Something the loader did that the caller should know about. Warnings never
 * hide data: every data row read is either a point of a returned spectrum or a
 * warning with `skipped: true`.
 *
 * @example
 * ```ts
 * const { warnings } = parseSpectra(text, { onInvalidRow: 'skip' });
 * for (const w of warnings) console.log(w.code, w.line, w.message);
 * ```
 */
export interface DataWarning {
  /** Machine-readable reason. */
  code: DataWarningCode;
  /** 1-based file line (1-based sample index for binary and JSON formats), when the warning is about one row. */
  line?: number;
  /** Column name concerned, when any. */
  column?: string;
  /** The offending text, when any. */
  text?: string;
  /** For `SKIPPED_ROW`: the error code the row would have raised in strict mode. */
  reason?: DataErrorCode;
  /** `true` when this warning stands for one data row that was read but not returned. */
  skipped?: boolean;
  /** Human-readable explanation. */
  message: string;
}

/** Options of {@link parseSpectra}. */
export interface ParseSpectraOptions {
  /** Force a format instead of detecting it from content and file name. */
  format?: SpectraFormat;
  /** File name; used as the source name in errors and `meta.source`, and as a detection hint (extension). */
  fileName?: string;
  /**
   * What to do with an unreadable data row: `'error'` (default) collects every
   * bad row into one `DataFormatError`; `'skip'` drops them and lists each in `warnings`.
   */
  onInvalidRow?: 'error' | 'skip';
  /**
   * Split a table into several spectra where the sweep direction reverses
   * (frequency resets), in addition to loop and cycle markers. Default `true`.
   */
  splitSweeps?: boolean;
}

/** Row accounting of one parse: `read === used + skipped`. */
export interface RowCounts {
  /** Data rows (or samples) read from the file. */
  read: number;
  /** Rows that became points of the returned (primary) spectra. */
  used: number;
  /** Rows left out, each listed in `warnings` with `skipped: true`. */
  skipped: number;
}

/** Result of {@link parseSpectra}. */
export interface ParseSpectraResult {
  /** Spectra in file order (twin spectra such as Gamry drift-corrected data follow their primary). */
  spectra: Spectrum[];
  /** Detected or forced format id. */
  format: SpectraFormat;
  /** Everything worth knowing that was not an error, in file order per kind. */
  warnings: DataWarning[];
  /** Row accounting: every data row read is a point or a skipped-row warning. */
  rows: RowCounts;
  /** Text encoding used (`binary` for Zahner `.ism`). */
  encoding: string;
}
